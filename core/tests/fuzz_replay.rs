//! Replays the fuzz seeds (`fuzz/corpus/`) and every crash input ever found
//! (`fuzz/regressions/`) with the fuzz targets' checks, in ordinary tests.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use chitieu::NumberFormat;
use chitieu::area::SchemeSet;
use chitieu::io::csv::{read_observations, write_observations};
use chitieu::rules::Expr;

fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    byte_inputs(target)
        .into_iter()
        .filter_map(|(path, bytes)| String::from_utf8(bytes).ok().map(|text| (path, text)))
        .collect()
}

#[test]
fn contract() {
    let cases = inputs("contract");
    assert!(!cases.is_empty());
    for (path, text) in cases {
        if let Err(e) = chitieu::evaluate(&text) {
            // A documented code, and a message that says where in both languages.
            assert!(
                chitieu::error::codes().contains(&e.code()),
                "{}",
                path.display()
            );
            assert!(
                !e.message(chitieu::Lang::Vi).is_empty(),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn csv() {
    let cases = inputs("csv");
    assert!(!cases.is_empty());
    let mut read = 0;
    for (path, text) in cases {
        for format in [NumberFormat::Vi, NumberFormat::En] {
            if let Ok(rows) = read_observations(&text, format) {
                let again =
                    read_observations(&write_observations(&rows, format).unwrap(), format).unwrap();
                assert_eq!(again, rows, "{}", path.display());
                read += 1;
            }
        }
    }
    assert!(read > 0, "no seed CSV reads");
}

#[test]
fn period() {
    let cases = inputs("period");
    assert!(!cases.is_empty());
    let mut parsed = 0;
    for (path, text) in cases {
        match text.parse::<chitieu::Period>() {
            Ok(period) => {
                assert_eq!(
                    period.to_string().parse::<chitieu::Period>().unwrap(),
                    period,
                    "{}",
                    path.display()
                );
                assert!(period.start() <= period.end(), "{}", path.display());
                parsed += 1;
            }
            Err(e) => assert_eq!(e.code(), "invalid-period", "{}", path.display()),
        }
        let _ = chitieu::period::parse_date(&text);
    }
    assert!(parsed > 0, "no seed period parses");
}

#[test]
fn rule() {
    let cases = inputs("rule");
    assert!(!cases.is_empty());
    for (path, text) in cases {
        match Expr::parse_rule(&text) {
            Ok((left, op, right)) => {
                let canonical = format!("{left} {} {right}", op.symbol());
                let (l2, op2, r2) = Expr::parse_rule(&canonical).unwrap();
                assert_eq!(
                    format!("{l2} {} {r2}", op2.symbol()),
                    canonical,
                    "{}",
                    path.display()
                );
            }
            Err(e) => assert_eq!(e.code(), "rule-syntax", "{}", path.display()),
        }
    }
}

#[test]
fn area() {
    let schemes = SchemeSet::builtin().unwrap();
    let cases = inputs("area");
    assert!(!cases.is_empty());
    for (path, text) in cases {
        if let Err(e) = schemes.resolve(&text, None, None) {
            assert!(
                matches!(e.code(), "ambiguous" | "unknown-code"),
                "{}: {}",
                path.display(),
                e.code()
            );
        }
    }
}

// The structure-aware target's input and checks, shared with the fuzz crate.
#[path = "../../fuzz/fuzz_targets/shape/mod.rs"]
mod shape;

#[test]
fn dataset() {
    use arbitrary::{Arbitrary, Unstructured};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut replayed = 0;
    for dir in [
        root.join("corpus/dataset"),
        root.join("regressions/dataset"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            // A running campaign may replace a file while it is read.
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            // As libfuzzer-sys decodes a typed input.
            if let Ok(input) = shape::Input::arbitrary_take_rest(Unstructured::new(&bytes)) {
                shape::check(&input);
                replayed += 1;
            }
        }
    }
    assert!(replayed > 0, "no dataset input replayed");
}

// The `dhis2_csv` target's checks, shared with the fuzz crate.
#[path = "../../fuzz/fuzz_targets/dhis2_csv_check/mod.rs"]
mod dhis2_csv_check;

#[test]
fn dhis2_csv() {
    let cases = inputs("dhis2_csv");
    assert!(!cases.is_empty());
    let (mut refused, mut round_trips) = (0, 0);
    for (path, text) in cases {
        eprintln!("{}", path.display());
        let (refused_quote, round_trip) = dhis2_csv_check::check(&text);
        refused += usize::from(refused_quote);
        round_trips += usize::from(round_trip);
    }
    // The seeds reach both checks.
    assert!(refused > 0, "no seed has a quote never closed");
    assert!(round_trips > 0, "no seed makes values to write");
    // The independent finder of quotes never closed finds them.
    for (text, open) in [
        ("a,\"b", true),
        ("a,\"b\"\"\n", true),
        ("a\r\"b", true),
        ("\u{feff}\"b", true),
        ("a,\"b\"\"c\"\n", false),
        ("a,b\"c\n", false),
        ("\"a\"b,\"c\"", false),
    ] {
        assert_eq!(dhis2_csv_check::quote_never_closed(text), open, "{text:?}");
    }
}

// The `xml` target's checks, shared with the fuzz crate.
#[path = "../../fuzz/fuzz_targets/xml_check/mod.rs"]
mod xml_check;

#[test]
fn xml() {
    let cases = inputs("xml");
    assert!(!cases.is_empty());
    let (mut written, mut refused) = (0, 0);
    for (path, text) in cases {
        eprintln!("{}", path.display());
        if xml_check::check(&text) {
            written += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        written > 0 && refused > 0,
        "{written} written, {refused} refused"
    );
    // The well-formedness check bites.
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    assert_eq!(
        xml_check::well_formed(&format!(
            "{head}<a q=\"&amp;&#x41;&#65;'\">x &lt; y<b/></a>\n"
        )),
        Ok(())
    );
    for bad in [
        "<a>",
        "<a></b>",
        "<a><b></a></b>",
        "<a x=\"1\" x=\"2\"/>",
        "<a x=\"<\"/>",
        "<a x=1/>",
        "<a>&bad;</a>",
        "<a>&#xFFFE;</a>",
        "<a>& </a>",
        "<a>\u{FFFE}</a>",
        "<a>\u{1}</a>",
        "<a/>x",
        "<a/><b/>",
        "<a>]]></a>",
        "",
    ] {
        assert!(
            xml_check::well_formed(&format!("{head}{bad}")).is_err(),
            "{bad:?}"
        );
    }
    assert!(xml_check::well_formed("<a/>").is_err(), "no declaration");
}

/// Every seed (`fuzz/corpus/`) and crash input (`fuzz/regressions/`) of
/// `target`, as bytes (the `state` target's are not text).
fn byte_inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut out = Vec::new();
    for dir in [
        root.join("corpus").join(target),
        root.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            // A running campaign may replace a file while it is read.
            if let Ok(bytes) = std::fs::read(entry.path()) {
                out.push((entry.path(), bytes));
            }
        }
    }
    out
}

/// The `state` target's real state: Project 8 in two partitions, its
/// first report repeated in the second, invalid data excluded.
fn real_state() -> Vec<u8> {
    use chitieu::model::InvalidData;
    use chitieu::progress::RollupState;
    let data = chitieu::builtin::project8().unwrap();
    let setup = data.without_observations();
    let rows: Vec<_> = data.observations().map(|o| o.to_observation()).collect();
    let (a, b) = rows.split_at(rows.len() / 2);
    let mut b = b.to_vec();
    b.extend(a.first().cloned());
    let as_of = chitieu::period::parse_date("2023-12-31").unwrap();
    let mut state = RollupState::empty(&setup, as_of, None, InvalidData::Exclude).unwrap();
    state
        .update(&setup.clone().with_observations(a.to_vec()), 0)
        .unwrap();
    state
        .update(&setup.clone().with_observations(b), 1)
        .unwrap();
    state.to_bytes()
}

#[test]
fn state() {
    use chitieu::progress::RollupState;
    let real = real_state();
    let cases = byte_inputs("state");
    assert!(!cases.is_empty());
    for (path, data) in cases {
        let name = path.display();
        if let Ok(state) = RollupState::from_bytes(&data) {
            assert_eq!(state.to_bytes(), data, "{name}");
        }
        let mut edited = real.clone();
        for edit in data.chunks_exact(3) {
            let at = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % (edited.len() - 4);
            edited[at] ^= edit[2];
        }
        if data.len() / 3 == 1 && edited != real {
            assert!(RollupState::from_bytes(&edited).is_err(), "{name}");
        }
        let body = edited.len() - 4;
        let crc = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI).checksum(&edited[..body]);
        edited[body..].copy_from_slice(&crc.to_le_bytes());
        if let Ok(state) = RollupState::from_bytes(&edited) {
            assert_eq!(state.to_bytes(), edited, "{name}");
        }
    }
}
