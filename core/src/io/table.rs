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
use crate::io::csv::{push_record, spreadsheet_safe};
use crate::json_text::ToJson;
use crate::number::Rational;

/// A column's cells; `None` is a missing cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson)]
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

    /// Whether any cell has a value.
    pub fn has_value(&self) -> bool {
        match self {
            Cells::Text(v) => v.iter().any(Option::is_some),
            Cells::Int(v) => v.iter().any(Option::is_some),
            Cells::Float(v) => v.iter().any(Option::is_some),
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson)]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToJson)]
#[serde(try_from = "Unchecked")]
pub struct Table {
    rows: usize,
    columns: Vec<Column>,
}

crate::json_text::via_serde!(Table);

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

    /// The table as text cells for a file a person reads: an exact number
    /// is one column with its exact text (`84.7`, `566/9`), not the float
    /// beside it; a missing cell is empty. The header row comes first.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows_of(|_, cell| cell)
    }

    /// The header and the cells of the shown columns, each cell passed
    /// through `cell` with whether its column is text (not a number).
    fn rows_of(&self, cell: impl Fn(bool, String) -> String) -> Vec<Vec<String>> {
        // (header, column, is text): an exact pair shows once, as its text.
        let shown: Vec<(&str, &Column, bool)> = self
            .columns
            .iter()
            .filter(|c| !self.has_exact_twin(c) || matches!(c.cells, Cells::Text(_)))
            .map(|c| {
                match c
                    .name
                    .strip_suffix("_exact")
                    .filter(|base| self.column(base).is_some())
                {
                    Some(base) => (base, c, false),
                    None => (c.name.as_str(), c, matches!(c.cells, Cells::Text(_))),
                }
            })
            .collect();
        let mut out = vec![shown.iter().map(|(name, _, _)| name.to_string()).collect()];
        for row in 0..self.rows {
            out.push(
                shown
                    .iter()
                    .map(|(_, c, text)| cell(*text, c.cell_text(row)))
                    .collect(),
            );
        }
        out
    }

    /// The table as CSV text, from [`Table::text_rows`]; a text cell that
    /// a spreadsheet would run as a formula is escaped as in
    /// [`write_observations`](crate::io::csv::write_observations).
    ///
    /// ```
    /// use chitieu::io::table::Table;
    /// use chitieu::number::Rational;
    /// let rows = [("P8.LEADERS", Rational::new(566, 9).unwrap()), ("=cmd()", Rational::from(-3))];
    /// let table = Table::over(&rows).text("code", |r| Some(r.0.into())).exact("percent", |r| Some(r.1)).finish();
    /// assert_eq!(table.to_csv()?, "code,percent\nP8.LEADERS,566/9\n'=cmd(),-3\n");
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn to_csv(&self) -> Result<String> {
        let rows = self.rows_of(|text, cell| {
            if text {
                spreadsheet_safe(&cell).into_owned()
            } else {
                cell
            }
        });
        let mut out = String::new();
        for row in rows {
            push_record(&mut out, &row);
        }
        Ok(out)
    }

    /// The table as a Markdown (GitHub) table, from [`Table::text_rows`];
    /// `|` in a cell is escaped.
    pub fn to_markdown(&self) -> String {
        let rows = self.text_rows();
        let mut out = String::new();
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if i == 0 {
                out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
            }
        }
        out
    }

    /// The table as aligned columns for a terminal, from
    /// [`Table::text_rows`]: the header underlined, columns two spaces apart.
    pub fn to_aligned(&self) -> String {
        let rows = self.text_rows();
        let columns = rows.first().map_or(0, Vec::len);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<String>| cells.join("  ").trim_end().to_string() + "\n";
        let mut out = String::new();
        for (i, row) in rows.iter().enumerate() {
            out.push_str(&line(
                row.iter()
                    .zip(&widths)
                    .map(|(cell, w)| {
                        format!(
                            "{cell}{}",
                            " ".repeat(w.saturating_sub(cell.chars().count()))
                        )
                    })
                    .collect(),
            ));
            if i == 0 {
                out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect()));
            }
        }
        out
    }

    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether `column` is one half of an exact number (`x` and `x_exact`).
    fn has_exact_twin(&self, column: &Column) -> bool {
        match column.name.strip_suffix("_exact") {
            Some(base) => self
                .column(base)
                .is_some_and(|c| matches!(c.cells, Cells::Float(_))),
            None => self.column(&format!("{}_exact", column.name)).is_some(),
        }
    }
}

impl Column {
    fn cell_text(&self, row: usize) -> String {
        match &self.cells {
            Cells::Text(v) => v.get(row).cloned().flatten().unwrap_or_default(),
            Cells::Int(v) => v
                .get(row)
                .copied()
                .flatten()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            Cells::Float(v) => v
                .get(row)
                .copied()
                .flatten()
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
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
    pub fn code<V: crate::json_text::JsonKey>(
        self,
        name: &str,
        cell: impl Fn(&T) -> Option<V>,
    ) -> Self {
        let cells = self
            .items
            .iter()
            .map(|item| cell(item).map(|v| crate::json_text::name_of(&v)))
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
