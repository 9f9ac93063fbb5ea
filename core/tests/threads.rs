//! Results do not depend on the number of threads: validation and roll-ups
//! of real and synthetic data, byte for byte, in pools of 1, 2 and 8.

#![cfg(feature = "parallel")]
// Test helpers: failing loudly is their job.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chitieu::io::json;
use chitieu::progress::rollup;
use chitieu::rules::{ValidateOptions, validate_checked};
use chitieu::{DataSet, period::parse_date};

/// Validation and roll-up of `data` as JSON, computed in a pool of `threads`.
fn results(data: &DataSet, as_of: &str, threads: usize) -> (String, String) {
    let as_of = parse_date(as_of).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let (checked, problems) = data.check_lenient().unwrap();
        let report =
            validate_checked(&checked, &problems, as_of, &ValidateOptions::default()).unwrap();
        let rolled = rollup(&checked, as_of, None, None).unwrap();
        (
            json::to_string(&report).unwrap(),
            json::to_string(&rolled).unwrap(),
        )
    })
}

#[test]
fn results_are_the_same_for_any_number_of_threads() {
    let synthetic = chitieu_synth::generate(chitieu_synth::Scale::by_name("small").unwrap(), 8)
        .data_set()
        .unwrap();
    // (data, as of, whether it has findings to put in order)
    let sets = [
        (
            chitieu::builtin::load("sample-province").unwrap(),
            "2024-12-31",
            true,
        ),
        (chitieu::builtin::project8().unwrap(), "2023-12-31", false),
        (synthetic, "2025-12-31", true),
    ];
    for (data, as_of, dirty) in &sets {
        let one = results(data, as_of, 1);
        assert_eq!(one.0.contains("\"rule\""), *dirty, "{as_of}");
        for threads in [2, 8] {
            assert_eq!(results(data, as_of, threads), one, "{threads} threads");
        }
    }
}
