//! The main job: the Project 8 progress table as of 2023-12-31, from the
//! built-in data, followed by the findings of every validation rule.
//!
//! ```text
//! cargo run -p chitieu --example report               # Vietnamese
//! cargo run -p chitieu --example report -- --lang en  # English
//! cargo run -p chitieu --example report -- --as-of 2024-06-30
//! ```

use std::process::ExitCode;

use chitieu::progress::{ProgressOptions, progress};
use chitieu::rules::{ValidateOptions, validate};
use chitieu::{Lang, builtin, period::parse_date};

struct Args {
    lang: Lang,
    as_of: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        lang: Lang::Vi,
        as_of: "2023-12-31".to_string(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--lang" => {
                let code = it.next().unwrap_or_default();
                args.lang = Lang::parse(&code)
                    .ok_or_else(|| format!("--lang: expected vi or en, got `{code}`"))?;
            }
            "--as-of" => args.as_of = it.next().unwrap_or_default(),
            "-h" | "--help" => {
                return Err("usage: report [--lang vi|en] [--as-of YYYY-MM-DD]".to_string());
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> chitieu::Result<String> {
    let data = builtin::project8()?;
    let checked = data.check()?;
    let as_of = parse_date(&args.as_of)?;
    let options = ProgressOptions {
        lang: args.lang,
        ..ProgressOptions::default()
    };
    let report = progress(&checked, as_of, None, None, &options)?;
    let findings = validate(&data, as_of, &ValidateOptions::default())?;
    Ok(format!(
        "{}\n{}",
        report.to_table(args.lang),
        findings.to_text(args.lang)
    ))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}", err.message(args.lang));
            ExitCode::FAILURE
        }
    }
}
