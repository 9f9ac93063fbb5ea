//! Tidy CSV in both number formats; what is read writes back and reads
//! again to the same observations.
#![no_main]
use chitieu::NumberFormat;
use chitieu::io::csv::{read_observations, write_observations};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [NumberFormat::Vi, NumberFormat::En] {
        if let Ok(rows) = read_observations(text, format) {
            let written = write_observations(&rows, format)
                .expect("observations that were read can be written");
            let again = read_observations(&written, format).expect("written CSV reads back");
            assert_eq!(again, rows);
        }
    }
});
