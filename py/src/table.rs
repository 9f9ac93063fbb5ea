//! A result's flat table (built by the core) handed to Python: as Arrow
//! through the PyCapsule interface (`pl.DataFrame(t)`, `pa.table(t)`,
//! duckdb), or as one list per column for pandas without pyarrow.

use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, RecordBatchIterator, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use chitieu::io::table::{Cells, Table as CoreTable};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyDict, PyList};

use crate::errors::IntoPy;

/// A flat table of a result: named columns of text, whole numbers and
/// floats (exact numbers also as text, in `<name>_exact`).
#[pyclass(module = "chitieu._chitieu", name = "Table", frozen)]
pub struct Table {
    inner: Arc<CoreTable>,
}

impl Table {
    /// Wraps a core table.
    pub fn new(inner: CoreTable) -> Table {
        Table {
            inner: Arc::new(inner),
        }
    }
}

fn column(cells: &Cells) -> (DataType, ArrayRef) {
    match cells {
        Cells::Text(v) => (
            DataType::Utf8,
            Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>()),
        ),
        Cells::Int(v) => (
            DataType::Int64,
            Arc::new(v.iter().copied().collect::<Int64Array>()),
        ),
        Cells::Float(v) => (
            DataType::Float64,
            Arc::new(v.iter().copied().collect::<Float64Array>()),
        ),
    }
}

/// The table as one Arrow record batch.
fn record_batch(table: &CoreTable) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = table
        .columns()
        .iter()
        .map(|c| {
            let (kind, array) = column(c.cells());
            (Field::new(c.name(), kind, true), array)
        })
        .unzip();
    let schema = Arc::new(Schema::new(fields));
    // An empty table still has its columns, and a row count Arrow cannot
    // infer from zero columns.
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(table.rows()));
    RecordBatch::try_new_with_options(schema, arrays, &options)
}

#[pymethods]
impl Table {
    /// The Arrow PyCapsule stream (one record batch). A requested schema is
    /// not applied: the columns have one type each, as documented.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batch = record_batch(&self.inner).map_err(|e| crate::arrow::arrow_error(py, &e))?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// `{name: list}`, one list per column (`None` for a missing cell).
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for c in self.inner.columns() {
            let list = match c.cells() {
                Cells::Text(v) => PyList::new(py, v)?,
                Cells::Int(v) => PyList::new(py, v)?,
                Cells::Float(v) => PyList::new(py, v)?,
            };
            out.set_item(c.name(), list)?;
        }
        Ok(out)
    }

    /// A progress report's table as an `.xlsx` workbook, headers in `lang`.
    fn progress_xlsx<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py
            .detach(|| {
                chitieu::xlsx::progress_workbook(&self.inner, chitieu::Lang::parse_name(lang)?)
            })
            .py_err(py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// A findings table as an `.xlsx` workbook, headers in `lang`.
    fn findings_xlsx<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py
            .detach(|| {
                chitieu::xlsx::findings_workbook(&self.inner, chitieu::Lang::parse_name(lang)?)
            })
            .py_err(py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The column names, in order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect()
    }

    /// The number of rows.
    fn __len__(&self) -> usize {
        self.inner.rows()
    }

    /// Reads a table pickled by `__reduce__` (JSON text).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Table> {
        let inner = chitieu::io::json::from_str::<CoreTable>(text).py_err(py)?;
        Ok(Table::new(inner))
    }

    /// Pickles as JSON text.
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<(Py<PyAny>, (String,))> {
        let py = slf.py();
        let text = chitieu::io::json::to_string(&*slf.get().inner).py_err(py)?;
        let constructor = py
            .import("chitieu._chitieu")?
            .getattr("Table")?
            .getattr("from_json")?;
        Ok((constructor.unbind(), (text,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<chitieu.Table: {} rows, {} columns>",
            self.inner.rows(),
            self.inner.columns().len()
        )
    }
}
