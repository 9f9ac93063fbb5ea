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
    let build = || -> PyResult<PyErr> {
        let module = py.import("chitieu._errors")?;
        let exception = module.getattr("_from_core")?.call1((
            error.code(),
            error.path(),
            error.line(),
            error.column(),
            error.message(Lang::Vi),
            error.message(Lang::En),
        ))?;
        Ok(PyErr::from_value(exception))
    };
    build().unwrap_or_else(|e| {
        // Only if the package is broken: keep the message, never panic.
        PyRuntimeError::new_err(format!("{error} (and chitieu._errors failed: {e})"))
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
