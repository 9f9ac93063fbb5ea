//! Arrow in: any object with `__arrow_c_stream__` or `__arrow_c_array__`
//! (pyarrow, polars, pandas, duckdb…) becomes the columns the core reads,
//! through the Arrow PyCapsule interface — no Python object per row, and no
//! pyarrow needed. Only this file touches raw pointers: the two capsule
//! reads below, each with the interface's ownership rule stated.

use std::collections::HashMap;
use std::ffi::CStr;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::{ArrowError, DataType};
use chitieu::io::columns::ColumnKind;
use chitieu::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};

use crate::columns::{Buffers, Number};

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// The record batches of `data`, read from its capsule(s).
pub fn batches(data: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    if data.hasattr("__arrow_c_stream__")? {
        let capsule = data.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let pointer = capsule.pointer_checked(Some(STREAM))?;
        // SAFETY: by the Arrow PyCapsule interface an `arrow_array_stream`
        // capsule holds a valid `ArrowArrayStream`; `from_raw` moves it out
        // and leaves a released one behind, so the capsule's destructor
        // (which releases what it still holds) does nothing more.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr().cast()) };
        let py = data.py();
        let reader = ArrowArrayStreamReader::try_new(stream).map_err(|e| arrow_error(py, &e))?;
        let batches = reader
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| arrow_error(py, &e))?;
        return check_types(py, &batches).map(|()| batches);
    }
    if data.hasattr("__arrow_c_array__")? {
        let pair = data.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let array = pair.get_item(1)?;
        let schema = schema.cast::<PyCapsule>()?.pointer_checked(Some(SCHEMA))?;
        let array = array.cast::<PyCapsule>()?.pointer_checked(Some(ARRAY))?;
        // SAFETY: the capsules hold a valid `ArrowSchema` and `ArrowArray`
        // (the interface). The array is moved out (`from_raw` leaves a
        // released one for the capsule's destructor); the schema is only
        // borrowed, and its capsule outlives this call.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array.as_ptr().cast());
            let schema = &*schema.as_ptr().cast::<FFI_ArrowSchema>();
            from_ffi(array, schema)
        }
        .map_err(|e| arrow_error(pair.py(), &e))?;
        let batches = vec![RecordBatch::from(StructArray::from(data))];
        return check_types(pair.py(), &batches).map(|()| batches);
    }
    Err(Error::new(ErrorKind::WrongType {
        detail: format!(
            "expected an Arrow table (an object with __arrow_c_stream__ or __arrow_c_array__), not {}",
            data.get_type().name()?
        ),
    })
    .at("data"))
    .map_err(|e| crate::errors::to_py(data.py(), &e))
}

/// An Arrow stream that cannot be read (released, malformed): the
/// library's own words, in both messages.
pub fn arrow_error(py: Python<'_>, e: &ArrowError) -> PyErr {
    crate::errors::bilingual(
        py,
        "invalid-value",
        "data",
        &format!("không đọc được bảng Arrow: {e}"),
        &format!("cannot read the Arrow table: {e}"),
    )
}

fn is_text(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
        DataType::Dictionary(_, values) => is_text(values),
        _ => false,
    }
}

fn is_number(data_type: &DataType) -> bool {
    data_type.is_integer()
        || matches!(
            data_type,
            DataType::Float32 | DataType::Float64 | DataType::Null
        )
}

/// Every known column of a type this reader takes, before any is read: a
/// wrong one is a `wrong-type` error naming the column, in both languages.
fn check_types(py: Python<'_>, batches: &[RecordBatch]) -> PyResult<()> {
    for batch in batches {
        for field in batch.schema().fields() {
            let (name, data_type) = (field.name().as_str(), field.data_type());
            let wrong = match ColumnKind::of(name) {
                Ok(ColumnKind::Text) => (!is_text(data_type)).then_some(("văn bản", "text")),
                Ok(ColumnKind::Number) => (!is_number(data_type))
                    .then_some(("số nguyên hoặc số thực", "integers or floats")),
                // Named by the reader, with the rest of the input's problems.
                Err(_) => None,
            };
            if let Some((vi, en)) = wrong {
                return Err(crate::errors::bilingual(
                    py,
                    "wrong-type",
                    name,
                    &format!("cột «{name}» có kiểu {data_type}, cần {vi}"),
                    &format!("column `{name}` is {data_type}, expected {en}"),
                ));
            }
        }
    }
    Ok(())
}

/// One text column being gathered: codes into its own category list.
#[derive(Default)]
struct Text {
    codes: Vec<i32>,
    categories: Vec<String>,
    known: HashMap<String, i32>,
}

impl Text {
    fn code_of(&mut self, text: &str) -> i32 {
        if let Some(&code) = self.known.get(text) {
            return code;
        }
        let code = i32::try_from(self.categories.len()).unwrap_or(i32::MAX);
        self.categories.push(text.to_string());
        self.known.insert(text.to_string(), code);
        code
    }

    /// Appends the cells of a string array, or of a dictionary of strings
    /// (each entry of the dictionary looked up once).
    fn extend(&mut self, array: &dyn Array) -> Option<()> {
        if let Some(dictionary) = array.as_any_dictionary_opt() {
            let values = strings(dictionary.values().as_ref())?;
            // An empty dictionary (a column of nulls): `normalized_keys`
            // would panic on it, and every cell is missing anyway.
            if values.is_empty() {
                self.codes.extend(std::iter::repeat_n(-1, array.len()));
                return Some(());
            }
            let codes: Vec<i32> = values
                .iter()
                .map(|v| v.map_or(-1, |v| self.code_of(v)))
                .collect();
            let keys = dictionary.normalized_keys();
            for (row, key) in keys.iter().enumerate() {
                let code = if array.is_null(row) {
                    -1
                } else {
                    codes.get(*key).copied().unwrap_or(-1)
                };
                self.codes.push(code);
            }
            return Some(());
        }
        for cell in strings(array)? {
            let code = cell.map_or(-1, |text| self.code_of(text));
            self.codes.push(code);
        }
        Some(())
    }
}

/// The cells of a string array of any of Arrow's three layouts.
fn strings(array: &dyn Array) -> Option<Vec<Option<&str>>> {
    if let Some(a) = array.as_string_opt::<i32>() {
        return Some(a.iter().collect());
    }
    if let Some(a) = array.as_string_opt::<i64>() {
        return Some(a.iter().collect());
    }
    if let Some(a) = array.as_string_view_opt() {
        return Some(a.iter().collect());
    }
    if array.data_type() == &DataType::Null {
        return Some(vec![None; array.len()]);
    }
    None
}

/// One number column being gathered.
enum Numbers {
    Int(Vec<i64>, Vec<bool>),
    Float(Vec<f64>),
}

/// Integer values and their missing mask.
type IntCells = (Vec<i64>, Vec<bool>);

/// Integer cells (value, missing) of an array of any integer type;
/// `Err` for an unsigned value past `i64`, `Ok(None)` for other types.
fn int_cells(array: &dyn Array) -> Result<Option<IntCells>, ()> {
    fn read<T: Copy>(cells: impl Iterator<Item = Option<T>>) -> Result<IntCells, ()>
    where
        i64: TryFrom<T>,
    {
        let mut out = (Vec::new(), Vec::new());
        for cell in cells {
            match cell.map(i64::try_from) {
                None => (out.0.push(0), out.1.push(true)),
                Some(Ok(v)) => (out.0.push(v), out.1.push(false)),
                Some(Err(_)) => return Err(()),
            };
        }
        Ok(out)
    }
    macro_rules! try_types {
        ($($t:ty),*) => {
            $(if let Some(a) = array.as_primitive_opt::<$t>() {
                return read(a.iter()).map(Some);
            })*
        };
    }
    try_types!(
        Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type
    );
    if array.data_type() == &DataType::Null {
        return Ok(Some((vec![0; array.len()], vec![true; array.len()])));
    }
    Ok(None)
}

/// Float cells (NaN for missing) of a float array.
fn float_cells(array: &dyn Array) -> Option<Vec<f64>> {
    if let Some(a) = array.as_primitive_opt::<Float64Type>() {
        return Some(a.iter().map(|v| v.unwrap_or(f64::NAN)).collect());
    }
    let a = array.as_primitive_opt::<Float32Type>()?;
    Some(a.iter().map(|v| v.map_or(f64::NAN, f64::from)).collect())
}

/// Integers as floats (a column whose batches mix both: exact to 2^53, and
/// the core reads a float as the decimal it prints as).
fn floats_of(values: &[i64], missing: &[bool]) -> Vec<f64> {
    values
        .iter()
        .zip(missing)
        .map(|(&v, &m)| if m { f64::NAN } else { v as f64 })
        .collect()
}

impl Numbers {
    /// Appends the cells of an integer or float array; `Ok(false)` for any
    /// other type, `Err` for an unsigned value past `i64`.
    fn extend(&mut self, array: &dyn Array) -> Result<bool, ()> {
        if let Some((ints, gaps)) = int_cells(array)? {
            match self {
                Numbers::Int(values, missing) => {
                    values.extend(ints);
                    missing.extend(gaps);
                }
                Numbers::Float(values) => values.extend(floats_of(&ints, &gaps)),
            }
            return Ok(true);
        }
        let Some(floats) = float_cells(array) else {
            return Ok(false);
        };
        if let Numbers::Int(values, missing) = self {
            *self = Numbers::Float(floats_of(values, missing));
        }
        if let Numbers::Float(values) = self {
            values.extend(floats);
        }
        Ok(true)
    }
}

/// A column of a type the reader does not take; `check_types` has said so
/// in both languages before the columns are read.
fn wrong_type(name: &str, data_type: &DataType, expected: &str) -> Error {
    Error::new(ErrorKind::WrongType {
        detail: format!("column `{name}` is {data_type}, expected {expected}"),
    })
    .at(name)
}

/// The columns of `batches`, in the form the core's column reader takes,
/// and the number of rows.
pub fn buffers(batches: &[RecordBatch]) -> Result<(usize, Buffers), Error> {
    let mut texts: Vec<(String, Text)> = Vec::new();
    let mut numbers: Vec<(String, Numbers)> = Vec::new();
    let mut rows = 0;
    for batch in batches {
        for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
            let name = field.name().as_str();
            if ColumnKind::of(name)? == ColumnKind::Text {
                let at = match texts.iter().position(|(n, _)| n == name) {
                    Some(at) => at,
                    None => {
                        texts.push((
                            name.to_string(),
                            Text {
                                codes: vec![-1; rows],
                                ..Text::default()
                            },
                        ));
                        texts.len() - 1
                    }
                };
                if let Some((_, text)) = texts.get_mut(at) {
                    text.extend(column.as_ref())
                        .ok_or_else(|| wrong_type(name, field.data_type(), "text"))?;
                }
            } else {
                let at = match numbers.iter().position(|(n, _)| n == name) {
                    Some(at) => at,
                    None => {
                        numbers.push((
                            name.to_string(),
                            Numbers::Int(vec![0; rows], vec![true; rows]),
                        ));
                        numbers.len() - 1
                    }
                };
                if let Some((_, column_numbers)) = numbers.get_mut(at) {
                    let read = column_numbers.extend(column.as_ref()).map_err(|()| {
                        Error::new(ErrorKind::NumberOutOfRange {
                            value: format!("an unsigned integer of column `{name}`"),
                        })
                        .at(name)
                    })?;
                    if !read {
                        return Err(wrong_type(name, field.data_type(), "integers or floats"));
                    }
                }
            }
        }
        rows += batch.num_rows();
        // A column missing from a later batch: its cells there are empty.
        for (_, text) in &mut texts {
            text.codes.resize(rows, -1);
        }
        for (_, column) in &mut numbers {
            match column {
                Numbers::Int(values, missing) => {
                    values.resize(rows, 0);
                    missing.resize(rows, true);
                }
                Numbers::Float(values) => values.resize(rows, f64::NAN),
            }
        }
    }
    let text = texts
        .into_iter()
        .map(|(name, t)| (name, t.codes, t.categories))
        .collect();
    let numbers = numbers
        .into_iter()
        .map(|(name, n)| {
            let n = match n {
                Numbers::Int(values, missing) => Number::Int(values, missing),
                Numbers::Float(values) => Number::Float(values),
            };
            (name, n)
        })
        .collect();
    Ok((rows, Buffers::from_parts(text, numbers)))
}
