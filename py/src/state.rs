//! `RollupState`: the core's mergeable roll-up, for a distributed engine
//! (Dask, Spark, Ray) to build per partition, pickle as its canonical
//! bytes and merge.

use chitieu::model::{InvalidData, WithExcluded};
use chitieu::progress::{ProgressOptions, RollupState as Core};
use chitieu::{io::json, period::parse_date};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::dataset::Dataset;
use crate::errors::IntoPy;
use crate::table::Table;

/// A roll-up of some partitions of the observations.
#[pyclass(module = "chitieu._chitieu", name = "RollupState", frozen)]
pub struct RollupState {
    inner: Core,
}

#[pymethods]
impl RollupState {
    /// A state holding nothing, for `setup`'s framework and areas.
    #[staticmethod]
    #[pyo3(signature = (setup, as_of, phase = None, invalid = "error"))]
    fn empty(
        py: Python<'_>,
        setup: &Dataset,
        as_of: &str,
        phase: Option<&str>,
        invalid: &str,
    ) -> PyResult<RollupState> {
        let inner = (|| {
            let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
            Core::empty(
                &setup.inner,
                as_of,
                phase,
                InvalidData::parse_name(invalid)?,
            )
        })()
        .py_err(py)?;
        Ok(RollupState { inner })
    }

    /// This state with `data`'s observations added as `partition`.
    fn updated(&self, py: Python<'_>, data: &Dataset, partition: u64) -> PyResult<RollupState> {
        let mut inner = self.inner.clone();
        py.detach(|| inner.update(&data.inner, partition))
            .py_err(py)?;
        Ok(RollupState { inner })
    }

    /// The two states as one.
    fn merge(&self, py: Python<'_>, other: &RollupState) -> PyResult<RollupState> {
        let inner = py
            .detach(|| self.inner.clone().merge(other.inner.clone()))
            .py_err(py)?;
        Ok(RollupState { inner })
    }

    /// The canonical bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    /// Reads bytes written by `to_bytes`.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<RollupState> {
        let inner = Core::from_bytes(data).py_err(py)?;
        Ok(RollupState { inner })
    }

    /// Observations read, over all partitions.
    #[getter]
    fn observations(&self) -> u64 {
        self.inner.observations()
    }

    /// The roll-up of the whole data: (JSON, its flat table).
    #[pyo3(signature = (setup, indicator = None))]
    fn finish_rollup(
        &self,
        py: Python<'_>,
        setup: &Dataset,
        indicator: Option<&str>,
    ) -> PyResult<(String, Table)> {
        py.detach(|| {
            let WithExcluded { result, excluded } = self
                .inner
                .finish_rollup(&setup.inner, indicator)
                .map_err(on_whole)?;
            let table = Table::new(result.to_columns());
            let excluded = excluded.map(|e| e.under("$"));
            Ok((json::to_string(&WithExcluded { result, excluded })?, table))
        })
        .py_err(py)
    }

    /// The progress report of the whole data: (JSON, HTML, flat table).
    #[pyo3(signature = (setup, area = None, options_json = None))]
    fn finish_progress(
        &self,
        py: Python<'_>,
        setup: &Dataset,
        area: Option<&str>,
        options_json: Option<&str>,
    ) -> PyResult<(String, String, Table)> {
        py.detach(|| {
            let options: ProgressOptions = match options_json {
                Some(text) => json::from_str_at(text, "$.options")?,
                None => ProgressOptions::default(),
            };
            let WithExcluded { result, excluded } = self
                .inner
                .finish_progress(&setup.inner, area, &options)
                .map_err(on_whole)?;
            let html = result.to_html(options.lang);
            let table = Table::new(result.to_columns());
            let excluded = excluded.map(|e| e.under("$"));
            let text = json::to_string(&WithExcluded { result, excluded })?;
            Ok((text, html, table))
        })
        .py_err(py)
    }

    /// Pickles as the canonical bytes (Dask, multiprocessing).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Py<PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let constructor = py
            .import("chitieu._chitieu")?
            .getattr("RollupState")?
            .getattr("from_bytes")?;
        Ok((constructor.unbind(), (slf.get().to_bytes(py),)))
    }

    fn __eq__(&self, other: &RollupState) -> bool {
        self.inner == other.inner
    }
}

/// A finish's error: a row's problem is placed in the whole input, the
/// data set the partitions make (`$`), as one machine's error places it;
/// the state's own errors (`state`, `partition`, `setup`) keep their names.
fn on_whole(e: chitieu::Error) -> chitieu::Error {
    if e.path().starts_with("observations[") {
        e.under("$")
    } else {
        e
    }
}
