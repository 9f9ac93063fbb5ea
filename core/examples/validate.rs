//! Validates a province report against the Project 8 framework and prints
//! every finding.
//!
//! ```text
//! cargo run -p chitieu --example validate                       # the built-in sample report
//! cargo run -p chitieu --example validate -- report.json --lang en --as-of 2024-12-31
//! ```
//!
//! The sample report (`core/data/sample-report.json`) is made-up data for
//! a fictional province, with mistakes on purpose: a negative count, a
//! fraction of a course, a misspelt indicator code, communes adding up to
//! more than their province, a sharp drop, a village savings-and-loan
//! group, a community communication group outside an especially difficult
//! village, a model without beneficiaries and a plan approved late.

use std::process::ExitCode;

use chitieu::rules::{ValidateOptions, validate};
use chitieu::{DataSet, Lang, io::json, period::parse_date};

fn run(lang: Lang, file: Option<&str>, as_of: &str) -> Result<String, String> {
    let data: DataSet = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            json::from_str(&text).map_err(|e| e.message(lang))?
        }
        None => chitieu::builtin::load("sample-province").map_err(|e| e.message(lang))?,
    };
    let as_of = parse_date(as_of).map_err(|e| e.message(lang))?;
    let report =
        validate(&data, as_of, &ValidateOptions::default()).map_err(|e| e.message(lang))?;
    Ok(report.to_text(lang))
}

fn main() -> ExitCode {
    let mut lang = Lang::Vi;
    let mut file = None;
    let mut as_of = "2024-12-31".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lang" => match args.next().as_deref().and_then(Lang::parse) {
                Some(l) => lang = l,
                None => {
                    eprintln!("--lang: expected vi or en");
                    return ExitCode::from(2);
                }
            },
            "--as-of" => as_of = args.next().unwrap_or_default(),
            _ => file = Some(arg),
        }
    }
    match run(lang, file.as_deref(), &as_of) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
