//! Times the pure-Rust pipeline on a data-set file: load, validate, progress.
//!
//! ```text
//! cargo run --release -p chitieu --example pipeline -- data.json [as-of]
//! ```

use std::process::ExitCode;
use std::time::Instant;

use chitieu::progress::{ProgressOptions, progress};
use chitieu::rules::{ValidateOptions, validate};
use chitieu::{DataSet, io::json, period::parse_date};

fn run(path: &str, as_of: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let as_of = parse_date(as_of).map_err(|e| e.to_string())?;
    let t0 = Instant::now();
    let data: DataSet = json::from_str(&text).map_err(|e| e.to_string())?;
    let t1 = Instant::now();
    let findings =
        validate(&data, as_of, &ValidateOptions::default()).map_err(|e| e.to_string())?;
    let t2 = Instant::now();
    let checked = data.check().map_err(|e| e.to_string())?;
    let report = progress(&checked, as_of, None, None, &ProgressOptions::default())
        .map_err(|e| e.to_string())?;
    let t3 = Instant::now();
    println!("observations              {:>10}", data.observation_count());
    println!(
        "load JSON                 {:>9.3} s",
        (t1 - t0).as_secs_f64()
    );
    println!(
        "validate (25 rules)       {:>9.3} s  ({} findings)",
        (t2 - t1).as_secs_f64(),
        findings.findings.len()
    );
    println!(
        "progress + roll-up        {:>9.3} s  ({} rows)",
        (t3 - t2).as_secs_f64(),
        report.rows.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: pipeline DATA.json [AS-OF]");
        return ExitCode::from(2);
    };
    let as_of = args.next().unwrap_or_else(|| "2025-12-31".to_string());
    match run(&path, &as_of) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
