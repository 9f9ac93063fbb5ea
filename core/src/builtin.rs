//! Built-in data compiled into the crate.
//!
//! `project8`: the Project 8 phase-1 framework (indicators, units, phase-1
//! and 2024 targets) and the national end-2023 figures reported in Báo Phụ
//! nữ Việt Nam on 29/02/2024. Components below the project (its four
//! contents) are not modelled: which indicator belongs to which content
//! could not be confirmed from the sources at hand.
//!
//! `sample-province`: a made-up province report against the Project 8
//! framework, with deliberate mistakes for every family of validation rule
//! (made-up data: not figures of any real province).

use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::model::DataSet;

use crate::model::dataset::PROJECT8_JSON;
const SAMPLE_PROVINCE_JSON: &str = include_str!("../data/sample-report.json");

/// The names of the built-in data sets.
pub const NAMES: [&str; 2] = ["project8", "sample-province"];

/// The built-in data set called `name`.
///
/// ```
/// let data = chitieu::builtin::load("project8").unwrap();
/// assert_eq!(data.framework().phases[0].start.to_string(), "2021-01-01");
/// ```
pub fn load(name: &str) -> Result<DataSet> {
    match name {
        "project8" => project8(),
        "sample-province" => crate::io::json::from_str(SAMPLE_PROVINCE_JSON),
        other => Err(Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Builtin,
            value: other.to_string(),
        })),
    }
}

/// The Project 8 phase-1 data set.
pub fn project8() -> Result<DataSet> {
    crate::io::json::from_str(PROJECT8_JSON)
}

/// The Project 8 data set as its JSON text (the contract, by example).
pub fn project8_json() -> &'static str {
    PROJECT8_JSON
}
