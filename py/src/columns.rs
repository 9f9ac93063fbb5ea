//! Columns of a data frame, as the Python side hands them over: raw bytes
//! of numpy arrays and short category lists, never one object per row.

use chitieu::Error;
use chitieu::io::columns::{Columns, NumberColumn, TextColumn};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

/// Owned buffers that a [`Columns`] view borrows from.
#[derive(Default)]
pub struct Buffers {
    text: Vec<(String, Vec<i32>, Vec<String>)>,
    numbers: Vec<(String, Number)>,
}

/// One number column's cells.
pub enum Number {
    /// Floats, NaN for missing.
    Float(Vec<f64>),
    /// Integers and their missing mask.
    Int(Vec<i64>, Vec<bool>),
}

fn words<T>(bytes: &[u8], read: fn([u8; 8]) -> T) -> Vec<T> {
    bytes
        .chunks_exact(8)
        .map(|c| read(<[u8; 8]>::try_from(c).unwrap_or_default()))
        .collect()
}

impl Buffers {
    /// From text columns (name, codes, categories) and number columns.
    pub fn from_parts(
        text: Vec<(String, Vec<i32>, Vec<String>)>,
        numbers: Vec<(String, Number)>,
    ) -> Buffers {
        Buffers { text, numbers }
    }

    /// Reads `{name: ("text", codes: bytes[int32], categories: list[str])
    /// | ("float", bytes[float64]) | ("int", bytes[int64], missing: bytes[bool])}`.
    pub fn read(spec: &Bound<'_, PyDict>) -> PyResult<Buffers> {
        let mut out = Buffers::default();
        for (key, value) in spec.iter() {
            let name: String = key.extract()?;
            let kind: String = value.get_item(0)?.extract()?;
            match kind.as_str() {
                "text" => {
                    let codes = value.get_item(1)?;
                    let codes = codes.cast::<PyBytes>()?.as_bytes();
                    let codes: Vec<i32> = codes
                        .chunks_exact(4)
                        .map(|c| i32::from_le_bytes(<[u8; 4]>::try_from(c).unwrap_or_default()))
                        .collect();
                    let categories = value.get_item(2)?;
                    let categories: Vec<String> = categories.cast::<PyList>()?.extract()?;
                    out.text.push((name, codes, categories));
                }
                "float" => {
                    let bytes = value.get_item(1)?;
                    let bytes = bytes.cast::<PyBytes>()?.as_bytes();
                    out.numbers
                        .push((name, Number::Float(words(bytes, f64::from_le_bytes))));
                }
                "int" => {
                    let bytes = value.get_item(1)?;
                    let values = words(bytes.cast::<PyBytes>()?.as_bytes(), i64::from_le_bytes);
                    let mask = value.get_item(2)?;
                    let missing = mask
                        .cast::<PyBytes>()?
                        .as_bytes()
                        .iter()
                        .map(|&b| b != 0)
                        .collect();
                    out.numbers.push((name, Number::Int(values, missing)));
                }
                other => {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "unknown column kind {other:?}"
                    )));
                }
            }
        }
        Ok(out)
    }

    /// The columns as the core reads them; unknown names are an error.
    pub fn columns(&self) -> Result<Columns<'_>, Error> {
        let mut columns = Columns::default();
        for (name, codes, categories) in &self.text {
            columns.set_text(name, TextColumn { codes, categories })?;
        }
        for (name, number) in &self.numbers {
            let column = match number {
                Number::Float(values) => NumberColumn::Float(values),
                Number::Int(values, missing) => NumberColumn::Int { values, missing },
            };
            columns.set_number(name, column)?;
        }
        Ok(columns)
    }
}
