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

#[test]
fn a_large_csv_reads_the_same_in_blocks_on_any_number_of_threads() {
    // 6 MB of CSV: read in two blocks from two threads up (a block
    // is at least 4 MiB), in one go on one thread.
    let medium = chitieu_synth::generate(chitieu_synth::Scale::by_name("medium").unwrap(), 8);
    let (header, body) = medium.csv.split_once('\n').unwrap();
    let text = format!("{header}\n{body}{body}");
    assert!(text.len() > 6_000_000, "{} bytes", text.len());
    let base: DataSet = json::from_str(&medium.base_json).unwrap();
    let read = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| json::to_string(&base.with_csv(&text, "en").unwrap()).unwrap())
    };
    let one = read(1);
    assert!(one.len() > text.len(), "every row is in the JSON");
    for threads in [2, 3, 8] {
        assert_eq!(read(threads), one, "{threads} threads");
    }
    // An error in the last block is found at its line of the whole file.
    let bad = format!("{text}S.CCG,V00000,2021Q1,x,,,,\n");
    let line = text.matches('\n').count() as u64 + 1;
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let e = pool.install(|| base.with_csv(&bad, "en").unwrap_err());
        assert_eq!(
            (e.code(), e.path(), e.line()),
            ("invalid-number", "value", Some(line))
        );
    }
}
