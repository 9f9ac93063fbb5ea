//! DHIS2 CSV quoting: any text read as DHIS2 CSV and as tidy CSV, where a
//! quote never closed (found apart from the readers' own check) is a
//! `csv-format` error in both; and values whose storedBy, lastUpdated,
//! comment and data element are pieces of the text (formulas, quotes, line
//! ends, any Unicode) written as DHIS2 CSV read back the same. The checks
//! live in `dhis2_csv_check/`, which `core/tests/fuzz_replay.rs` also uses
//! to replay the corpus.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "dhis2_csv_check/mod.rs"]
mod dhis2_csv_check;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    dhis2_csv_check::check(text);
});
