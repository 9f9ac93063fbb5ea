//! `cargo bench -p chitieu`: each step of the pipeline at 10k, 100k and
//! 1.3 M observations (the synthetic national data set), so the growth with
//! size is visible. `.ci/bench` prints the same steps for Rust, Python and
//! WASM side by side.

// A benchmark fails loudly on broken generated data: that is its job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use chitieu::area::{SchemeSet, rebase};
use chitieu::io::{csv::read_observations, json};
use chitieu::progress::{ApportionMethod, apportion, rollup};
use chitieu::rules::{ValidateOptions, validate};
use chitieu::{DataSet, NumberFormat};
use chitieu_synth::{Scale, Synthetic, generate};
use chrono::NaiveDate;

fn main() {
    divan::main();
}

const SCALES: [&str; 3] = ["small", "medium", "national"];

fn synthetic(name: &str) -> &'static Synthetic {
    static CACHE: [OnceLock<Synthetic>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = SCALES.iter().position(|s| *s == name).unwrap_or(0);
    CACHE[i].get_or_init(|| generate(Scale::by_name(name).unwrap_or(Scale::SMALL), 8))
}

fn dataset(name: &str) -> &'static DataSet {
    static CACHE: [OnceLock<DataSet>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = SCALES.iter().position(|s| *s == name).unwrap_or(0);
    CACHE[i].get_or_init(|| json::from_str(&synthetic(name).json).expect("generated data loads"))
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("a real date")
}

#[divan::bench(args = SCALES, sample_count = 3, sample_size = 1)]
fn load_json(bencher: divan::Bencher, scale: &str) {
    let text = &synthetic(scale).json;
    bencher.bench(|| json::from_str::<DataSet>(text).expect("loads"));
}

#[divan::bench(args = SCALES, sample_count = 3, sample_size = 1)]
fn load_csv(bencher: divan::Bencher, scale: &str) {
    let data = synthetic(scale);
    bencher.bench(|| {
        let base: DataSet = json::from_str(&data.base_json).expect("loads");
        base.with_observations(read_observations(&data.csv, NumberFormat::En).expect("reads"))
    });
}

#[divan::bench(args = SCALES, sample_count = 3, sample_size = 1)]
fn validate_all_rules(bencher: divan::Bencher, scale: &str) {
    let data = dataset(scale);
    bencher.bench(|| validate(data, as_of(), &ValidateOptions::default()).expect("validates"));
}

#[divan::bench(args = SCALES, sample_count = 3, sample_size = 1)]
fn rollup_every_area(bencher: divan::Bencher, scale: &str) {
    let data = dataset(scale);
    bencher.bench(|| {
        let (checked, _) = data.check_lenient().expect("checks");
        rollup(&checked, as_of(), None, None)
            .expect("rolls up")
            .indicators
            .len()
    });
}

#[divan::bench(args = SCALES, sample_count = 3, sample_size = 1)]
fn rebase_merger(bencher: divan::Bencher, scale: &str) {
    let data = dataset(scale);
    let extra: SchemeSet = json::from_str(&synthetic(scale).merger_json).expect("schemes load");
    let crosswalk = extra
        .crosswalk("synth-old", "synth-new")
        .cloned()
        .expect("a crosswalk");
    let mut schemes = SchemeSet::builtin().expect("built-in schemes");
    schemes.extend(extra).expect("no clash");
    bencher.bench(|| rebase(data, &crosswalk, &schemes).expect("rebases"));
}

/// The synthetic data on every real commune of 2024 (10,035, each with a
/// village), re-based to the communes of 2025 through the built-in
/// crosswalk: merged communes summed, divided ones split.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn rebase_communes_to_2025(bencher: divan::Bencher) {
    static DATA: OnceLock<DataSet> = OnceLock::new();
    let data = DATA.get_or_init(|| {
        let synthetic = chitieu_synth::generate_vn2004(1, 1, 8).expect("the commune table loads");
        json::from_str(&synthetic.json).expect("the synthetic data loads")
    });
    let schemes = SchemeSet::builtin().expect("built-in schemes");
    let crosswalk = schemes
        .crosswalk("vn-2004", "vn-2025")
        .cloned()
        .expect("a crosswalk");
    bencher.bench(|| rebase(data, &crosswalk, &schemes).expect("rebases"));
}

#[divan::bench(args = SCALES, sample_count = 3, sample_size = 1)]
fn allocate_over_communes(bencher: divan::Bencher, scale: &str) {
    let units = chitieu_synth::commune_units(dataset(scale));
    bencher.bench(|| {
        apportion(1_377_000, &units, ApportionMethod::LargestRemainder).expect("allocates");
        apportion(1_377_000, &units, ApportionMethod::Dhondt).expect("allocates")
    });
}
