//! The Python binding of chitieu: conversion and delegation only. Every
//! rule and formula lives in the `chitieu` crate.

#[allow(unsafe_code)]
mod arrow;
mod columns;
mod dataset;
mod errors;
mod split;
mod state;
mod table;
mod validation;

use pyo3::prelude::*;

/// The native module behind the `chitieu` Python package.
#[pymodule]
mod _chitieu {
    use pyo3::prelude::*;

    use crate::errors::IntoPy;

    #[pymodule_export]
    use crate::dataset::Dataset;
    #[pymodule_export]
    use crate::state::RollupState;
    #[pymodule_export]
    use crate::table::Table;
    #[pymodule_export]
    use crate::validation::Validation;

    #[pymodule_export]
    use crate::split::{assemble_validation, validate_part, validation_keys, validation_passes};

    /// Evaluates a request of the JSON contract (JSON text in, JSON text out).
    #[pyfunction]
    fn evaluate(py: Python<'_>, request: &str) -> PyResult<String> {
        py.detach(|| chitieu::contract::evaluate_to_string(request))
            .py_err(py)
    }

    /// The bytes of the file at `path`, refused as `input-too-large` from
    /// its size before a byte is read, and read no further than the limit
    /// (a device that never ends): the core's bounded reader.
    #[pyfunction]
    fn read_file(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Py<pyo3::types::PyBytes>> {
        let bytes = py.detach(|| chitieu::io::read_file(&path)).py_err(py)?;
        Ok(pyo3::types::PyBytes::new(py, &bytes).unbind())
    }

    /// Reads tidy CSV text into observations (JSON text), numbers in the
    /// `vi` or `en` format.
    #[pyfunction]
    fn read_csv(py: Python<'_>, text: &str, number_format: &str) -> PyResult<String> {
        let observations = py
            .detach(|| {
                let format = chitieu::NumberFormat::parse_name(number_format)?;
                chitieu::io::csv::read_observations(text, format)
            })
            .py_err(py)?;
        chitieu::io::json::to_string(&observations).py_err(py)
    }

    /// What the data-frame column called `name` holds, `"text"` or
    /// `"number"`: the core's list of columns, so the frame converters
    /// keep none of their own.
    #[pyfunction]
    fn column_kind(py: Python<'_>, name: &str) -> PyResult<&'static str> {
        use chitieu::io::columns::ColumnKind;
        match ColumnKind::of(name).map_err(|e| e.under("$")).py_err(py)? {
            ColumnKind::Text => Ok("text"),
            ColumnKind::Number => Ok("number"),
        }
    }

    /// Every stable error code of the core (each maps to an exception
    /// class in `chitieu._errors`).
    #[pyfunction]
    fn error_codes() -> Vec<&'static str> {
        chitieu::error::codes().to_vec()
    }

    /// The crate version.
    #[pyfunction]
    fn version() -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// The colours of statuses and severities, as the HTML reports use them.
    #[pyfunction]
    fn palette() -> Vec<(String, &'static str)> {
        use chitieu::html::{severity_colour, status_colour};
        use chitieu::progress::Status;
        use chitieu::rules::Severity;
        let statuses = [
            ("not-started", Some(Status::NotStarted)),
            ("in-progress", Some(Status::InProgress)),
            ("achieved", Some(Status::Achieved)),
            ("exceeded", Some(Status::Exceeded)),
            ("not-maintained", Some(Status::NotMaintained)),
            ("undefined", None),
        ];
        let mut out: Vec<(String, &'static str)> = statuses
            .iter()
            .map(|(name, status)| (name.to_string(), status_colour(*status)))
            .collect();
        for (name, severity) in [
            ("error", Severity::Error),
            ("warning", Severity::Warning),
            ("info", Severity::Info),
        ] {
            out.push((name.to_string(), severity_colour(severity)));
        }
        out
    }
}
