//! Results as columns: what a data frame or an Arrow table is made of.
//!
//! Roll-ups, progress reports and findings are trees in the JSON contract;
//! an analyst wants them flat, one row per area, indicator or finding, as
//! columns (Arrow in the Python package, data frames from it). A [`Table`]
//! is that flat form, built once in the core so every runtime gives the
//! same columns under the same names.
//!
//! Exact numbers cannot be an Arrow type without losing something, so each
//! becomes two columns: `name` as the nearest `f64` (what a chart or a
//! group-by wants) and `name_exact` as the text the contract writes
//! (`7623`, `84.7`, `566/9`).
//!
//! ```
//! use chitieu::io::table::{Cells, Table};
//! use chitieu::number::Rational;
//!
//! let rows = [("P8.CCG", Rational::new(7623, 1).unwrap())];
//! let table = Table::over(&rows)
//!     .text("indicator", |r| Some(r.0.to_string()))
//!     .exact("value", |r| Some(r.1))
//!     .finish();
//! assert_eq!(table.rows(), 1);
//! let names: Vec<&str> = table.columns().iter().map(|c| c.name()).collect();
//! assert_eq!(names, ["indicator", "value", "value_exact"]);
//! assert!(matches!(table.columns()[1].cells(), Cells::Float(v) if v == &[Some(7623.0)]));
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::number::Rational;

/// A column's cells; `None` is a missing cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cells {
    /// Text.
    Text(Vec<Option<String>>),
    /// Whole numbers (counts).
    Int(Vec<Option<i64>>),
    /// Floating point (the nearest value of an exact number).
    Float(Vec<Option<f64>>),
}

impl Cells {
    fn len(&self) -> usize {
        match self {
            Cells::Text(v) => v.len(),
            Cells::Int(v) => v.len(),
            Cells::Float(v) => v.len(),
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    name: String,
    cells: Cells,
}

impl Column {
    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its cells.
    pub fn cells(&self) -> &Cells {
        &self.cells
    }
}

/// Named columns of the same length. As JSON (how a Python result
/// pickles): `{"rows", "columns": [{"name", "cells": {"text" | "int" | "float": [...]}}]}`, read back
/// only if every column has `rows` cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct Table {
    rows: usize,
    columns: Vec<Column>,
}

#[derive(Deserialize)]
struct Unchecked {
    rows: usize,
    columns: Vec<Column>,
}

impl TryFrom<Unchecked> for Table {
    type Error = Error;

    fn try_from(t: Unchecked) -> Result<Table> {
        for (i, c) in t.columns.iter().enumerate() {
            if c.cells.len() != t.rows {
                return Err(Error::invalid(
                    format!("columns[{i}].cells"),
                    (
                        format!(
                            "cột «{}» có {} ô, bảng có {} dòng",
                            c.name,
                            c.cells.len(),
                            t.rows
                        ),
                        format!(
                            "column `{}` has {} cells; the table has {} rows",
                            c.name,
                            c.cells.len(),
                            t.rows
                        ),
                    ),
                ));
            }
        }
        Ok(Table {
            rows: t.rows,
            columns: t.columns,
        })
    }
}

impl Table {
    /// Starts a table with one row per item of `items`; each column is then
    /// a function of an item, so every column has the same length.
    pub fn over<T>(items: &[T]) -> TableBuilder<'_, T> {
        TableBuilder {
            items,
            table: Table {
                rows: items.len(),
                columns: Vec::new(),
            },
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }
}

/// Builds a [`Table`] column by column over a slice of items.
#[derive(Debug)]
pub struct TableBuilder<'a, T> {
    items: &'a [T],
    table: Table,
}

impl<T> TableBuilder<'_, T> {
    fn push(mut self, name: &str, cells: Cells) -> Self {
        self.table.columns.push(Column {
            name: name.to_string(),
            cells,
        });
        self
    }

    /// A text column.
    pub fn text(self, name: &str, cell: impl Fn(&T) -> Option<String>) -> Self {
        let cells = self.items.iter().map(cell).collect();
        self.push(name, Cells::Text(cells))
    }

    /// A column of the values of an enum (a status, a severity), named as
    /// the contract names them (`in-progress`, `error`).
    pub fn code<V: serde::Serialize>(self, name: &str, cell: impl Fn(&T) -> Option<V>) -> Self {
        let cells = self
            .items
            .iter()
            .map(|item| {
                let value = serde_json::to_value(cell(item)?).ok()?;
                value.as_str().map(str::to_string)
            })
            .collect();
        self.push(name, Cells::Text(cells))
    }

    /// A column of whole numbers.
    pub fn int(self, name: &str, cell: impl Fn(&T) -> Option<i64>) -> Self {
        let cells = self.items.iter().map(cell).collect();
        self.push(name, Cells::Int(cells))
    }

    /// An exact number: `name` (the nearest `f64`) and `name_exact` (its
    /// exact text).
    pub fn exact(self, name: &str, cell: impl Fn(&T) -> Option<Rational>) -> Self {
        let values: Vec<Option<Rational>> = self.items.iter().map(cell).collect();
        let floats = values.iter().map(|v| v.map(Rational::to_f64)).collect();
        let exact = values.iter().map(|v| v.map(|v| v.to_string())).collect();
        self.push(name, Cells::Float(floats))
            .push(&format!("{name}_exact"), Cells::Text(exact))
    }

    /// The table.
    pub fn finish(self) -> Table {
        self.table
    }
}
