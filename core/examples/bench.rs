//! The Rust side of the benchmark table: times each step of the pipeline
//! on files written by the `generate` example, on one core.
//!
//! ```text
//! cargo run --release -p chitieu --example bench -- DIR SCALE
//! ```
//!
//! Prints one JSON object: seconds per step, observations, findings and the
//! peak resident memory of the CSV pipeline (Linux `VmHWM`, sampled before
//! the JSON load, re-basing and allocation).

use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;

use chitieu::area::{SchemeSet, rebase};
use chitieu::io::json;
use chitieu::progress::{ApportionMethod, apportion, rollup};
use chitieu::rules::{ValidateOptions, ValidationReport, validate_checked};
use chitieu::{DataSet, period::parse_date};

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A library error as the one line the benchmark prints on failure.
fn err(e: chitieu::Error) -> String {
    e.to_string()
}

/// The checked data's steps, timed in seconds, and what they produced.
struct CheckedSteps {
    /// Kept for as long as a pipeline keeps its report: the memory peak
    /// counts it.
    report: ValidationReport,
    rows: usize,
    check_s: f64,
    validate_s: f64,
    rollup_s: f64,
}

/// The steps after loading: check, validate and roll up, each timed on
/// its own.
fn time_checked_steps(data: &DataSet, as_of: NaiveDate) -> Result<CheckedSteps, String> {
    // Checked once, then validated and rolled up (what a pipeline does).
    let t = Instant::now();
    let (checked, problems) = data.check_lenient().map_err(err)?;
    let check_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let report =
        validate_checked(&checked, &problems, as_of, &ValidateOptions::default()).map_err(err)?;
    let validate_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let rolled = rollup(&checked, as_of, None, None).map_err(err)?;
    let rollup_s = t.elapsed().as_secs_f64();
    let rows: usize = rolled.indicators.iter().map(|i| i.rows.len()).sum();
    drop(rolled);
    drop(checked);
    Ok(CheckedSteps {
        report,
        rows,
        check_s,
        validate_s,
        rollup_s,
    })
}

/// Seconds to read the whole data set from its JSON contract.
fn time_json_load(json_text: &str) -> Result<f64, String> {
    let t = Instant::now();
    let from_json: DataSet = json::from_str(json_text).map_err(err)?;
    let load_json = t.elapsed().as_secs_f64();
    drop(from_json);
    Ok(load_json)
}

/// Seconds to re-base `data` onto the merged provinces (the schemes are
/// read untimed), and how many records could not be mapped.
fn time_rebase(data: &DataSet, merger_text: &str) -> Result<(f64, usize), String> {
    let schemes: SchemeSet = json::from_str(merger_text).map_err(err)?;
    let crosswalk = schemes
        .crosswalk("synth-old", "synth-new")
        .cloned()
        .ok_or("no crosswalk in the merger file")?;
    let mut all = SchemeSet::builtin().map_err(err)?;
    all.extend(schemes).map_err(err)?;
    let t = Instant::now();
    let rebased = rebase(data, &crosswalk, &all).map_err(err)?;
    let rebase_s = t.elapsed().as_secs_f64();
    let unmapped = rebased.unmapped.len();
    drop(rebased);
    Ok((rebase_s, unmapped))
}

/// Seconds to split next year's national target over every commune by its
/// weight, both ways, and how much the two placed together.
fn time_allocation(data: &DataSet) -> Result<(f64, u64), String> {
    let units = chitieu_synth::commune_units(data);
    let t = Instant::now();
    let hamilton = apportion(1_377_000, &units, ApportionMethod::LargestRemainder).map_err(err)?;
    let dhondt = apportion(1_377_000, &units, ApportionMethod::Dhondt).map_err(err)?;
    let allocate_s = t.elapsed().as_secs_f64();
    let placed: u64 = hamilton
        .allocations
        .iter()
        .chain(&dhondt.allocations)
        .map(|a| a.allocated)
        .sum();
    Ok((allocate_s, placed))
}

fn run(dir: &str, scale: &str) -> Result<String, String> {
    let read = |suffix: &str| {
        let path = format!("{dir}/{scale}{suffix}");
        std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))
    };
    let as_of = parse_date("2025-12-31").map_err(|e| e.to_string())?;
    let csv_only = std::env::args().nth(3).as_deref() == Some("csv-only");
    let (csv_text, base_text) = (read(".csv")?, read("-base.json")?);

    let t = Instant::now();
    let base: DataSet = json::from_str(&base_text).map_err(err)?;
    let data = base.with_csv(&csv_text, "en").map_err(err)?;
    let load_csv = t.elapsed().as_secs_f64();

    let CheckedSteps {
        report,
        rows,
        check_s,
        validate_s,
        rollup_s,
    } = time_checked_steps(&data, as_of)?;

    // The CSV pipeline's high-water mark, before anything else is loaded.
    let peak = peak_rss_bytes();
    // `pipeline-only` stops here: a profile of load, check, validate and
    // roll-up alone.
    if std::env::args().nth(3).as_deref() == Some("pipeline-only") {
        return Ok(format!(
            "load {load_csv:.4} check {check_s:.4} validate {validate_s:.4} rollup {rollup_s:.4}"
        ));
    }

    // `csv-only` skips the JSON load.
    let mut load_json = 0.0;
    if !csv_only {
        load_json = time_json_load(&read(".json")?)?;
    }

    let (rebase_s, unmapped) = time_rebase(&data, &read("-merger.json")?)?;

    // Next year's national target split over every commune by its weight.
    let (allocate_s, placed) = time_allocation(&data)?;

    Ok(format!(
        concat!(
            "{{\"runtime\":\"rust\",\"scale\":\"{}\",\"observations\":{},\"csv_bytes\":{},",
            "\"load_json\":{:.4},\"load_csv\":{:.4},\"check\":{:.4},\"validate\":{:.4},\"rollup\":{:.4},",
            "\"rebase\":{:.4},\"allocate\":{:.4},\"findings\":{},\"rollup_rows\":{},",
            "\"unmapped\":{},\"allocated\":{},\"peak_rss\":{}}}"
        ),
        scale,
        data.observation_count(),
        csv_text.len(),
        load_json,
        load_csv,
        check_s,
        validate_s,
        rollup_s,
        rebase_s,
        allocate_s,
        report.findings.len(),
        rows,
        unmapped,
        placed,
        peak.map_or("null".to_string(), |p| p.to_string()),
    ))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "target/bench-data".into());
    let scale = args.next().unwrap_or_else(|| "national".into());
    match run(&dir, &scale) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
