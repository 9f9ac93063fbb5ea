//! A validation's report kept on the Rust side: a national file can give
//! half a million findings, so Python reads the summary first and the
//! findings, as JSON or as columns, only when it asks.

use chitieu::Lang;
use chitieu::io::json;
use chitieu::rules::ValidationReport;
use pyo3::prelude::*;

use crate::errors::IntoPy;
use crate::table::Table;

/// The findings of a validation run.
#[pyclass(module = "chitieu._chitieu", name = "Validation", frozen)]
pub struct Validation {
    report: ValidationReport,
}

impl Validation {
    /// Holds `report`.
    pub fn new(report: ValidationReport) -> Validation {
        Validation { report }
    }
}

fn lang(name: &str) -> chitieu::Result<Lang> {
    Lang::parse_name(name).map_err(|e| e.at("lang"))
}

#[pymethods]
impl Validation {
    /// `{"as_of", "rules_run", "summary"}` as JSON.
    fn head_json(&self, py: Python<'_>) -> PyResult<String> {
        json::to_string(&self.report.head()).py_err(py)
    }

    /// The whole result, as the JSON contract gives it.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| json::to_string(&self.report)).py_err(py)
    }

    /// The findings from `start` up to `stop` (both clamped to the
    /// number of findings; all of them by default), a JSON array: one
    /// finding or a page of them without writing the rest.
    #[pyo3(signature = (start = 0, stop = None))]
    fn findings_json(&self, py: Python<'_>, start: usize, stop: Option<usize>) -> PyResult<String> {
        let findings = &self.report.findings;
        let stop = stop.unwrap_or(findings.len()).min(findings.len());
        let page = findings.get(start.min(stop)..stop).unwrap_or_default();
        py.detach(|| json::to_string(&page)).py_err(py)
    }

    /// The HTML table in `lang`: counts, then the first findings.
    fn html(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        let lang = self::lang(lang).py_err(py)?;
        Ok(self.report.to_html(lang))
    }

    /// The findings as a flat table, messages in `lang`.
    fn table(&self, py: Python<'_>, lang: &str) -> PyResult<Table> {
        let lang = self::lang(lang).py_err(py)?;
        Ok(py.detach(|| Table::new(self.report.to_columns(lang))))
    }

    /// Reads a report pickled by `__reduce__` (the contract's JSON).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Validation> {
        let report = py
            .detach(|| json::from_str::<ValidationReport>(text))
            .py_err(py)?;
        Ok(Validation::new(report))
    }

    /// Pickles as the contract's JSON (multiprocessing, Dask).
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<(Py<PyAny>, (String,))> {
        let py = slf.py();
        let text = slf.get().to_json(py)?;
        let constructor = py
            .import("chitieu._chitieu")?
            .getattr("Validation")?
            .getattr("from_json")?;
        Ok((constructor.unbind(), (text,)))
    }

    /// The number of findings.
    fn __len__(&self) -> usize {
        self.report.findings.len()
    }

    /// Whether two reports are the same, finding by finding.
    fn __eq__(&self, other: &Validation) -> bool {
        self.report == other.report
    }
}
