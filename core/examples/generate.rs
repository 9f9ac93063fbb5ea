//! Writes the synthetic national-scale data set (JSON contract and tidy
//! CSV) that the benchmarks read.
//!
//! ```text
//! cargo run --release -p chitieu --example generate -- [small|medium|national|national-x10] [DIR] [SEED]
//! ```
//!
//! Writes `DIR/<scale>.json` (the whole data set), `DIR/<scale>.csv` (its
//! observations, `en` numbers) and `DIR/<scale>-base.json` (framework and
//! areas, for loading the CSV) and `DIR/<scale>-merger.json` (schemes and a
//! crosswalk merging the provinces two by two). Same seed, same bytes.

use std::process::ExitCode;

use chitieu_synth::{Scale, generate};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "national".into());
    let dir = args.next().unwrap_or_else(|| "target/bench-data".into());
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(8);
    let Some(scale) = Scale::by_name(&name) else {
        eprintln!("unknown scale `{name}`: small, medium, national or national-x10");
        return ExitCode::from(2);
    };
    let data = generate(scale, seed);
    let write = |suffix: &str, text: &str| -> Result<(), String> {
        let path = format!("{dir}/{name}{suffix}");
        std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))
    };
    let written = std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{dir}: {e}"))
        .and_then(|()| write(".json", &data.json))
        .and_then(|()| write(".csv", &data.csv))
        .and_then(|()| write("-base.json", &data.base_json))
        .and_then(|()| write("-merger.json", &data.merger_json));
    if let Err(e) = written {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    println!(
        "{name}: {} observations, {} bytes JSON, {} bytes CSV, seed {seed}",
        data.observations,
        data.json.len(),
        data.csv.len()
    );
    for (kind, n) in &data.injected {
        println!("  injected {kind:<30} {n:>7}");
    }
    ExitCode::SUCCESS
}
