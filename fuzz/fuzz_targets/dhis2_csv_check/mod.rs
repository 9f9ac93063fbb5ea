//! The checks of the `dhis2_csv` target, shared with
//! `core/tests/fuzz_replay.rs`: any text through the DHIS2 CSV reader and
//! the tidy CSV reader's quoting, and text cells written as DHIS2 CSV and
//! read back.

use std::sync::OnceLock;

use chitieu::exchange::dhis2::{
    self, DataValue, DataValueSet, Dhis2Format, Dhis2Mapping, Dhis2Source, ExportOptions,
};
use chitieu::model::InvalidData;
use chitieu::{DataSet, NumberFormat};

/// Project 8's framework and areas, without observations.
fn base() -> &'static DataSet {
    static BASE: OnceLock<DataSet> = OnceLock::new();
    BASE.get_or_init(|| {
        chitieu::builtin::project8()
            .expect("the built-in data set loads")
            .framework_and_areas()
    })
}

/// One data element (`uid`, P8.CCG) and one unit (`vn`, VN).
fn mapping(uid: &str) -> Option<Dhis2Mapping> {
    let mapping = serde_json::json!({
        "data_elements": [{"uid": uid, "indicator": "P8.CCG"}],
        "org_units": [{"uid": "vn", "area": "VN"}]});
    serde_json::from_value(mapping).ok()
}

/// Whether the csv crate would find a quoted cell never closed in `text`
/// (after a byte-order mark), worked out here apart from the crate's own
/// check: a `"` at the start of a cell (the text's, or after `,`, `\n` or
/// `\r`, each of which ends a cell for the csv crate) opens it, `""`
/// inside is a quote, and the text ends before the closing `"`.
pub fn quote_never_closed(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut chars = text.chars().peekable();
    let mut cell_start = true;
    while let Some(c) = chars.next() {
        if cell_start && c == '"' {
            loop {
                match chars.next() {
                    None => return true,
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                    }
                    Some('"') => break,
                    Some(_) => {}
                }
            }
            cell_start = false;
        } else {
            cell_start = matches!(c, ',' | '\n' | '\r');
        }
    }
    false
}

/// Runs every check on `text`; a failed check panics. What the input
/// reached: (it had a quote never closed, which both readers refused;
/// values built from its pieces were written as DHIS2 CSV and read back).
pub fn check(text: &str) -> (bool, bool) {
    (quotes(text), round_trip(text))
}

/// `text` read as DHIS2 CSV and as tidy CSV: a quote never closed is a
/// `csv-format` error in both, never the rest of the file in one cell.
fn quotes(text: &str) -> bool {
    let mapping = mapping("a").expect("the fixed mapping reads");
    let dhis2 = dhis2::read_data_values(
        base(),
        &Dhis2Source::Csv(text.to_string()),
        &mapping,
        InvalidData::Exclude,
    );
    let tidy = chitieu::io::csv::read_observations(text, NumberFormat::En);
    if !quote_never_closed(text) {
        return false;
    }
    match (&dhis2, &tidy) {
        (Err(d), Err(t)) => {
            assert_eq!(d.code(), "csv-format", "DHIS2 CSV: {d}");
            assert_eq!(t.code(), "csv-format", "tidy CSV: {t}");
        }
        _ => panic!(
            "a quote never closed was read: DHIS2 {:?}, tidy {:?}",
            dhis2.map(|r| r.imported),
            tidy.map(|r| r.len())
        ),
    }
    true
}

/// Values whose texts are the pieces of `text` between U+001F: the first
/// piece is the data element's uid (when it is one: not empty, no spaces
/// around it), then storedBy, lastUpdated and comment of up to 8 values
/// in turn. Read from JSON, written as DHIS2 CSV and read again, they are
/// the same observations and annotations: quoting and the spreadsheet-safe
/// `'` lose nothing, whatever the text (formulas, quotes, line ends…).
fn round_trip(text: &str) -> bool {
    let mut pieces = text.split('\u{1F}');
    let uid = pieces
        .next()
        .filter(|u| !u.is_empty() && u.trim() == *u)
        .unwrap_or("a");
    let Some(mapping) = mapping(uid) else {
        return false;
    };
    let notes: Vec<Option<String>> = pieces
        .map(|p| (!p.is_empty()).then(|| p.to_string()))
        .collect();
    let values: Vec<DataValue> = notes
        .chunks(3)
        .take(8)
        .enumerate()
        .map(|(k, note)| DataValue {
            data_element: uid.to_string(),
            period: Some((2020 + k).to_string()),
            org_unit: Some("vn".into()),
            value: Some(k.to_string()),
            stored_by: note.first().cloned().flatten(),
            last_updated: note.get(1).cloned().flatten(),
            comment: note.get(2).cloned().flatten(),
            ..DataValue::default()
        })
        .collect();
    if values.is_empty() {
        return false;
    }
    let set = DataValueSet {
        data_values: values,
        ..DataValueSet::default()
    };
    let Ok(first) = dhis2::read_data_values(
        base(),
        &Dhis2Source::Json(set),
        &mapping,
        InvalidData::Error,
    ) else {
        return false;
    };
    let options = ExportOptions {
        format: Dhis2Format::Csv,
        annotations: first.annotations.clone(),
        ..ExportOptions::default()
    };
    let written = dhis2::write_data_values(&first.data, &mapping, &options)
        .expect("what was read is written");
    let csv = written.csv.expect("CSV was asked for");
    let again = dhis2::read_data_values(
        base(),
        &Dhis2Source::Csv(csv.clone()),
        &mapping,
        InvalidData::Error,
    )
    .unwrap_or_else(|e| panic!("the written CSV reads back: {e}\n{csv:?}"));
    assert_eq!(again.data, first.data, "{csv:?}");
    assert_eq!(again.annotations, first.annotations, "{csv:?}");
    true
}
