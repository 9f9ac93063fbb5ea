//! DHIS2 files: any text read as DHIS2 CSV (periods of every type, numbers,
//! flags, combos) and, when it is JSON, as a `dataValueSets` document and as
//! validation-rule metadata, gives data or errors with a code, never a panic;
//! what is read is written back without a panic too.
#![no_main]
use std::sync::OnceLock;

use chitieu::exchange::dhis2::{
    self, DataValueSet, Dhis2Mapping, Dhis2Source, ExportOptions,
};
use chitieu::model::InvalidData;
use chitieu::DataSet;
use libfuzzer_sys::fuzz_target;

const MAPPING: &str = r#"{"data_elements": [
    {"uid": "a", "indicator": "P8.CCG"},
    {"uid": "a", "category_option_combo": {"uid": "f"}, "indicator": "P8.CCG", "disaggregation": {"sex": "female"}},
    {"uid": "s", "indicator": "P8.SAFE_MOTHERHOOD"},
    {"uid": "s", "category_option_combo": {"uid": "d"}, "indicator": "P8.SAFE_MOTHERHOOD", "part": "denominator"},
    {"uid": "b", "indicator": "P8.LIVELIHOOD"}],
  "org_units": [{"uid": "vn", "area": "VN"}],
  "attribute_option_combo": {"dimension": "funding", "options": [{"uid": "x", "category": "state"}]}}"#;

fn setup() -> &'static (DataSet, Dhis2Mapping) {
    static SETUP: OnceLock<(DataSet, Dhis2Mapping)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let base = chitieu::builtin::project8().unwrap().framework_and_areas();
        (base, chitieu::io::json::from_str(MAPPING).unwrap())
    })
}

fn read_and_write(source: Dhis2Source) {
    let (base, mapping) = setup();
    match dhis2::read_data_values(base, &source, mapping, InvalidData::Exclude) {
        Ok(read) => {
            let options = ExportOptions { invalid: InvalidData::Exclude, ..ExportOptions::default() };
            if let Err(e) = dhis2::write_data_values(&read.data, mapping, &options) {
                assert!(!e.code().is_empty());
            }
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    read_and_write(Dhis2Source::Csv(text.to_string()));
    if let Ok(set) = chitieu::io::json::from_str::<DataValueSet>(text) {
        read_and_write(Dhis2Source::Json(set));
    }
    if let Ok(value) = chitieu::io::json::from_str::<serde_json::Value>(text) {
        let (base, mapping) = setup();
        if let Err(e) = dhis2::convert_rules(base, &value, mapping) {
            assert!(!e.code().is_empty());
        }
    }
});
