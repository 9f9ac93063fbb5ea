//! `Dataset`: a core data set held on the Rust side, so a million
//! observations cross into Python once, as columns, and never as objects.

use chitieu::model::{Excluded, InvalidData, WithExcluded};
use chitieu::progress::{ProgressOptions, progress, rollup, scores};
use chitieu::rules::{ValidateOptions, validate};
use chitieu::{DataSet, Lang, builtin, io::json, period::parse_date};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::columns::Buffers;
use crate::errors::IntoPy;
use crate::table::Table;
use crate::validation::Validation;

/// A data set: framework, areas, observations, activities and plans.
#[pyclass(module = "chitieu._chitieu", name = "Dataset", frozen)]
pub struct Dataset {
    pub(crate) inner: DataSet,
}

/// The data set checked, its error paths placed at `$` (the data set is
/// the object the method is called on).
fn checked(data: &DataSet) -> chitieu::Result<chitieu::model::CheckedData<'_>> {
    data.check().map_err(|e| e.under("$"))
}

/// The data set checked the way `invalid` says (`error` or `exclude`):
/// error paths and the paths of what was left out placed at `$`.
fn usable<'a>(
    data: &'a DataSet,
    invalid: &str,
) -> chitieu::Result<(chitieu::model::CheckedData<'a>, Option<Excluded>)> {
    let invalid = InvalidData::parse_name(invalid)?;
    let (checked, excluded) = data.check_with(invalid).map_err(|e| e.under("$"))?;
    Ok((checked, excluded.map(|e| e.under("$"))))
}

/// An operation's error: what the core calls its `data` argument is the
/// data set itself, `$`.
fn on_self(e: chitieu::Error) -> chitieu::Error {
    e.renamed("data", "$")
}

fn options<T: json::FromJson + Default>(text: Option<&str>) -> chitieu::Result<T> {
    text.map_or_else(|| Ok(T::default()), |t| json::from_str_at(t, "$.options"))
}

#[pymethods]
impl Dataset {
    /// Reads a data set from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Dataset> {
        let inner = py.detach(|| json::from_str::<DataSet>(text)).py_err(py)?;
        Ok(Dataset { inner })
    }

    /// A built-in data set.
    #[staticmethod]
    fn builtin(py: Python<'_>, name: &str) -> PyResult<Dataset> {
        Ok(Dataset {
            inner: builtin::load(name).py_err(py)?,
        })
    }

    /// The framework and areas alone (no JSON round trip through Python).
    fn framework_and_areas(&self) -> Dataset {
        Dataset {
            inner: self.inner.framework_and_areas(),
        }
    }

    /// This data set with its observations replaced by (or, with
    /// `append`, extended with) the rows of a columnar table.
    #[pyo3(signature = (rows, columns, append = false))]
    fn with_columns(
        &self,
        py: Python<'_>,
        rows: usize,
        columns: &Bound<'_, PyDict>,
        append: bool,
    ) -> PyResult<Dataset> {
        let buffers = Buffers::read(columns)?;
        let observations = py
            .detach(|| {
                let columns = buffers.columns()?;
                chitieu::io::columns::observations_from_columns(&columns, rows)
            })
            .py_err(py)?;
        Ok(self.replaced(observations, append))
    }

    /// This data set with its observations replaced by (or, with
    /// `append`, extended with) the rows of an Arrow table: any object with
    /// `__arrow_c_stream__` or `__arrow_c_array__`.
    #[pyo3(signature = (data, append = false))]
    fn with_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        append: bool,
    ) -> PyResult<Dataset> {
        let batches = crate::arrow::batches(data)?;
        let observations = py
            .detach(|| {
                let (rows, buffers) = crate::arrow::buffers(&batches)?;
                let columns = buffers.columns()?;
                chitieu::io::columns::observations_from_columns(&columns, rows)
            })
            .py_err(py)?;
        Ok(self.replaced(observations, append))
    }

    /// This data set with its observations replaced by those of tidy CSV
    /// text, read on the Rust side (no Python object per row).
    fn with_csv(&self, py: Python<'_>, csv: &str, number_format: &str) -> PyResult<Dataset> {
        let inner = py
            .detach(|| self.inner.with_csv(csv, number_format))
            .py_err(py)?;
        Ok(Dataset { inner })
    }

    /// [`with_csv`](Self::with_csv) of a file's bytes, named `path` in
    /// errors: a file goes to the reader without being decoded into a
    /// Python string and encoded back.
    fn with_csv_file(
        &self,
        py: Python<'_>,
        bytes: &[u8],
        number_format: &str,
        path: &str,
    ) -> PyResult<Dataset> {
        let csv = chitieu::io::file_text(bytes, path).py_err(py)?;
        self.with_csv(py, csv, number_format)
    }

    /// Scores of the sub-areas of `area` and of the components at it: JSON.
    #[pyo3(signature = (as_of, phase = None, area = None, options_json = None, invalid = "error"))]
    fn scores(
        &self,
        py: Python<'_>,
        as_of: &str,
        phase: Option<&str>,
        area: Option<&str>,
        options_json: Option<&str>,
        invalid: &str,
    ) -> PyResult<String> {
        py.detach(|| {
            let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
            let options: ProgressOptions = options(options_json)?;
            let (checked, excluded) = usable(&self.inner, invalid)?;
            let result = scores(&checked, as_of, phase, area, &options).map_err(on_self)?;
            json::to_string(&WithExcluded { result, excluded })
        })
        .py_err(py)
    }

    /// Every indicator (or one) rolled up to every area: (JSON, its flat
    /// table).
    #[pyo3(signature = (as_of, phase = None, indicator = None, invalid = "error"))]
    fn rollup(
        &self,
        py: Python<'_>,
        as_of: &str,
        phase: Option<&str>,
        indicator: Option<&str>,
        invalid: &str,
    ) -> PyResult<(String, Table)> {
        py.detach(|| {
            let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
            let (checked, excluded) = usable(&self.inner, invalid)?;
            let result = rollup(&checked, as_of, phase, indicator).map_err(on_self)?;
            let table = Table::new(result.to_columns());
            Ok((json::to_string(&WithExcluded { result, excluded })?, table))
        })
        .py_err(py)
    }

    /// The data set as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        json::to_string(&self.inner).py_err(py)
    }

    /// Checks the data set strictly; returns counts as JSON.
    fn check(&self, py: Python<'_>) -> PyResult<String> {
        let checked = checked(&self.inner).py_err(py)?;
        Ok(format!(
            "{{\"indicators\":{},\"areas\":{},\"observations\":{},\"activities\":{}}}",
            checked.framework.len(),
            checked.areas.areas().len(),
            self.inner.observation_count(),
            self.inner.activities().len()
        ))
    }

    /// Progress as of a date: (result JSON, HTML table, flat table).
    #[pyo3(signature = (as_of, phase = None, area = None, options_json = None, invalid = "error"))]
    fn progress(
        &self,
        py: Python<'_>,
        as_of: &str,
        phase: Option<&str>,
        area: Option<&str>,
        options_json: Option<&str>,
        invalid: &str,
    ) -> PyResult<(String, String, Table)> {
        py.detach(|| {
            let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
            let options: ProgressOptions = options(options_json)?;
            let (checked, excluded) = usable(&self.inner, invalid)?;
            let result = progress(&checked, as_of, phase, area, &options).map_err(on_self)?;
            let html = result.to_html(options.lang);
            let table = Table::new(result.to_columns());
            let text = json::to_string(&WithExcluded { result, excluded })?;
            Ok((text, html, table))
        })
        .py_err(py)
    }

    /// Every finding as of a date, held on the Rust side (a national file
    /// can have half a million: Python reads the summary, and the findings
    /// only when asked).
    /// `lang` is only checked here (the report holds both languages).
    #[pyo3(signature = (as_of, options_json = None, lang = "vi"))]
    fn validate(
        &self,
        py: Python<'_>,
        as_of: &str,
        options_json: Option<&str>,
        lang: &str,
    ) -> PyResult<Validation> {
        py.detach(|| {
            let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
            let options: ValidateOptions = options(options_json)?;
            Lang::parse_name(lang).map_err(|e| e.at("lang"))?;
            let report = validate(&self.inner, as_of, &options)
                .map_err(on_self)?
                .under("$");
            Ok(Validation::new(report))
        })
        .py_err(py)
    }

    /// The number of observations.
    fn __len__(&self) -> usize {
        self.inner.observation_count()
    }

    fn __repr__(&self) -> String {
        format!(
            "<chitieu.Dataset {}: {} areas, {} observations, {} activities>",
            self.inner.framework().code,
            self.inner.areas().len(),
            self.inner.observation_count(),
            self.inner.activities().len()
        )
    }

    /// Pickles as JSON text (multiprocessing, Dask).
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<(Py<PyAny>, (String,))> {
        let py = slf.py();
        let text = slf.get().to_json(py)?;
        let constructor = py
            .import("chitieu._chitieu")?
            .getattr("Dataset")?
            .getattr("from_json")?;
        Ok((constructor.unbind(), (text,)))
    }
}

impl Dataset {
    /// This data set with `observations` instead of its own, or after them.
    fn replaced(&self, observations: Vec<chitieu::Observation>, append: bool) -> Dataset {
        let inner = if append {
            let mut inner = self.inner.clone();
            inner.extend_observations(observations);
            inner
        } else {
            self.inner
                .without_observations()
                .with_observations(observations)
        };
        Dataset { inner }
    }
}
