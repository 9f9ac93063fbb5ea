//! The one place where a core error becomes a Python exception.
//!
//! The exception classes live in Python (`chitieu/_errors.py`), so their
//! hierarchy (`ChitieuError`, also `ValueError` or `KeyError` where that is
//! natural) is plain Python; this file only hands over the fields.

use chitieu::{Error, Lang};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// Converts a core error to the matching `chitieu` exception.
pub fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    // A refusal of invalid data shows the way out in Python's words.
    let error = error.clone().for_caller(chitieu::error::Caller::Python);
    let (vi, en) = (error.message(Lang::Vi), error.message(Lang::En));
    exception(
        py,
        error.code(),
        error.path(),
        (error.line(), error.column()),
        &vi,
        &en,
    )
}

/// The `chitieu` exception for an error found while converting input in
/// this binding (before the core sees it), said in both languages.
pub fn bilingual(py: Python<'_>, code: &str, path: &str, vi: &str, en: &str) -> PyErr {
    exception(py, code, path, (None, None), vi, en)
}

fn exception(
    py: Python<'_>,
    code: &str,
    path: &str,
    (line, column): (Option<u64>, Option<u64>),
    vi: &str,
    en: &str,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module = py.import("chitieu._errors")?;
        let exception = module
            .getattr("_from_core")?
            .call1((code, path, line, column, vi, en))?;
        Ok(PyErr::from_value(exception))
    };
    build().unwrap_or_else(|e| {
        // Only if the package is broken: keep the message, never panic.
        PyRuntimeError::new_err(format!("{en} (and chitieu._errors failed: {e})"))
    })
}

/// `Result` of the core, as a `PyResult`.
pub trait IntoPy<T> {
    /// Maps the error with [`to_py`].
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}
