//! Observations from columns: the fast path for data frames (pandas,
//! polars, Arrow) and typed arrays, with no object per row on the caller's
//! side.
//!
//! Text columns arrive dictionary-encoded — one code per row into a short
//! list of categories, `-1` for a missing cell — which is how data frames
//! hold repeated strings; each category is checked once. Number columns
//! arrive as `f64` (NaN: missing) or `i64` with a missing mask. An `f64`
//! is read as the decimal it prints as (84.7 stays 847/10).
//!
//! Errors name the row (from 0) and column: `$[5].value`.

use crate::code::{AreaCode, IndicatorCode};
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::model::{Disaggregation, Observation, ObservationStatus};
use crate::number::Rational;
use crate::period::Period;

/// A dictionary-encoded text column.
#[derive(Debug, Clone, Copy)]
pub struct TextColumn<'a> {
    /// One code per row, indexing `categories`; negative for a missing cell.
    pub codes: &'a [i32],
    /// The distinct values.
    pub categories: &'a [String],
}

/// A number column.
#[derive(Debug, Clone, Copy)]
pub enum NumberColumn<'a> {
    /// Floating point; NaN marks a missing cell.
    Float(&'a [f64]),
    /// Integers, with `true` in `missing` for a missing cell (may be empty
    /// when none is missing).
    Int {
        /// The values.
        values: &'a [i64],
        /// Missing cells.
        missing: &'a [bool],
    },
}

/// The columns of a tidy table of observations.
#[derive(Debug, Clone, Default)]
pub struct Columns<'a> {
    /// Indicator codes (required).
    pub indicator: Option<TextColumn<'a>>,
    /// Area codes (required).
    pub area: Option<TextColumn<'a>>,
    /// Period identifiers (required).
    pub period: Option<TextColumn<'a>>,
    /// Values.
    pub value: Option<NumberColumn<'a>>,
    /// Numerators.
    pub numerator: Option<NumberColumn<'a>>,
    /// Denominators.
    pub denominator: Option<NumberColumn<'a>>,
    /// Sources.
    pub source: Option<TextColumn<'a>>,
    /// Disaggregation dimensions: name and column.
    pub dimensions: Vec<(String, TextColumn<'a>)>,
}

/// What a column of a data frame holds, known by its name: the one place
/// the bindings learn which columns exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text: `indicator`, `area`, `period`, `source` and `dim:<dimension>`.
    Text,
    /// Numbers: `value`, `numerator`, `denominator`.
    Number,
}

/// The prefix of a disaggregation column's name: `dim:sex`.
pub const DIMENSION_PREFIX: &str = "dim:";

impl ColumnKind {
    /// The kind of the column called `name`; any other name is an
    /// `unknown-field` error at that name.
    ///
    /// ```
    /// use chitieu::io::columns::ColumnKind;
    /// assert_eq!(ColumnKind::of("dim:sex").unwrap(), ColumnKind::Text);
    /// assert_eq!(ColumnKind::of("value").unwrap(), ColumnKind::Number);
    /// assert_eq!(ColumnKind::of("valeu").unwrap_err().code(), "unknown-field");
    /// ```
    pub fn of(name: &str) -> Result<ColumnKind> {
        match name {
            "indicator" | "area" | "period" | "source" => Ok(ColumnKind::Text),
            "value" | "numerator" | "denominator" => Ok(ColumnKind::Number),
            _ if name.starts_with(DIMENSION_PREFIX) => Ok(ColumnKind::Text),
            _ => Err(unknown_column(name)),
        }
    }
}

fn unknown_column(name: &str) -> Error {
    Error::new(ErrorKind::UnknownField {
        field: name.to_string(),
    })
    .at(name)
}

impl<'a> Columns<'a> {
    /// Sets the text column called `name` (see [`ColumnKind::of`]).
    pub fn set_text(&mut self, name: &str, column: TextColumn<'a>) -> Result<()> {
        let slot = match name {
            "indicator" => &mut self.indicator,
            "area" => &mut self.area,
            "period" => &mut self.period,
            "source" => &mut self.source,
            _ => match name.strip_prefix(DIMENSION_PREFIX) {
                Some(dimension) => {
                    self.dimensions.push((dimension.to_string(), column));
                    return Ok(());
                }
                None => return Err(unknown_column(name)),
            },
        };
        *slot = Some(column);
        Ok(())
    }

    /// Sets the number column called `name` (see [`ColumnKind::of`]).
    pub fn set_number(&mut self, name: &str, column: NumberColumn<'a>) -> Result<()> {
        let slot = match name {
            "value" => &mut self.value,
            "numerator" => &mut self.numerator,
            "denominator" => &mut self.denominator,
            _ => return Err(unknown_column(name)),
        };
        *slot = Some(column);
        Ok(())
    }
}

fn at(row: usize, column: &str) -> String {
    format!("$[{row}].{column}")
}

/// The dimension columns with their names in NFC and their categories
/// parsed; a name given twice (in either Unicode form) is an error.
#[allow(clippy::type_complexity)]
fn dimension_columns<'c, 'a>(
    given: &'c [(String, TextColumn<'a>)],
) -> Result<Vec<(String, &'c TextColumn<'a>, Vec<Result<String>>)>> {
    let mut out: Vec<(String, &TextColumn<'_>, Vec<Result<String>>)> = Vec::new();
    for (name, column) in given {
        let name = crate::text::nfc(name.clone());
        if out.iter().any(|(seen, _, _)| *seen == name) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Dimension,
                key: name,
                first: "the same object".into(),
            })
            .at("dimensions"));
        }
        let parsed = categories(column, |t| Ok(t.to_string()));
        out.push((name, column, parsed));
    }
    Ok(out)
}

/// Parses every category of a text column once; a bad category is an
/// error only where a row uses it (data frames keep unused categories).
fn categories<T>(column: &TextColumn<'_>, parse: impl Fn(&str) -> Result<T>) -> Vec<Result<T>> {
    column.categories.iter().map(|c| parse(c)).collect()
}

fn cell<'v, T>(
    column: &TextColumn<'_>,
    parsed: &'v [Result<T>],
    row: usize,
    name: &str,
) -> Result<Option<&'v T>> {
    let Some(&code) = column.codes.get(row) else {
        return Err(Error::invalid(
            at(row, name),
            ("cột ngắn hơn bảng", "the column is shorter than the table"),
        ));
    };
    if code < 0 {
        return Ok(None);
    }
    match usize::try_from(code).ok().and_then(|k| parsed.get(k)) {
        Some(Ok(value)) => Ok(Some(value)),
        Some(Err(e)) => Err(e.clone().at(at(row, name))),
        None => Err(Error::invalid(
            at(row, name),
            (
                format!("mã {code} không có nhóm tương ứng"),
                format!("code {code} has no category"),
            ),
        )),
    }
}

fn number(column: &Option<NumberColumn<'_>>, row: usize, name: &str) -> Result<Option<Rational>> {
    match column {
        None => Ok(None),
        Some(NumberColumn::Float(values)) => match values.get(row) {
            None => Err(Error::invalid(
                at(row, name),
                ("cột ngắn hơn bảng", "the column is shorter than the table"),
            )),
            Some(v) if v.is_nan() => Ok(None),
            Some(v) => Rational::from_f64(*v)
                .map(Some)
                .map_err(|e| e.at(at(row, name))),
        },
        Some(NumberColumn::Int { values, missing }) => {
            if missing.get(row).copied().unwrap_or(false) {
                return Ok(None);
            }
            values
                .get(row)
                .map(|v| Some(Rational::from(*v)))
                .ok_or_else(|| {
                    Error::invalid(
                        at(row, name),
                        ("cột ngắn hơn bảng", "the column is shorter than the table"),
                    )
                })
        }
    }
}

fn required<'c, 'a>(column: &'c Option<TextColumn<'a>>, name: &str) -> Result<&'c TextColumn<'a>> {
    column.as_ref().ok_or_else(|| {
        Error::new(ErrorKind::MissingField {
            field: name.to_string(),
        })
        .at(name)
    })
}

/// Builds observations from columns of `rows` rows.
pub fn observations_from_columns(columns: &Columns<'_>, rows: usize) -> Result<Vec<Observation>> {
    let indicator = required(&columns.indicator, "indicator")?;
    let area = required(&columns.area, "area")?;
    let period = required(&columns.period, "period")?;
    let indicators = categories(indicator, |c| IndicatorCode::new(c));
    let areas = categories(area, |c| AreaCode::new(c));
    let periods = categories(period, |p| p.parse::<Period>());
    let sources = columns
        .source
        .as_ref()
        .map(|s| (s, categories(s, |t| Ok(t.to_string()))));
    let dimensions = dimension_columns(&columns.dimensions)?;
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let missing = |name: &str| {
            Error::new(ErrorKind::MissingField {
                field: name.to_string(),
            })
            .at(at(row, name))
        };
        let mut disaggregation = Disaggregation::total();
        for (dimension, column, parsed) in &dimensions {
            // A blank cell is "not broken down by it", as in CSV (and a
            // category the JSON contract could not read back).
            if let Some(category) = cell(column, parsed, row, dimension)?
                && !category.trim().is_empty()
            {
                disaggregation.insert(dimension.clone(), category.clone());
            }
        }
        out.push(Observation {
            indicator: cell(indicator, &indicators, row, "indicator")?
                .cloned()
                .ok_or_else(|| missing("indicator"))?,
            area: cell(area, &areas, row, "area")?
                .cloned()
                .ok_or_else(|| missing("area"))?,
            period: *cell(period, &periods, row, "period")?.ok_or_else(|| missing("period"))?,
            disaggregation,
            value: number(&columns.value, row, "value")?,
            numerator: number(&columns.numerator, row, "numerator")?,
            denominator: number(&columns.denominator, row, "denominator")?,
            qualifier: None,
            source: match &sources {
                Some((column, parsed)) => cell(column, parsed, row, "source")?.cloned(),
                None => None,
            },
            status: ObservationStatus::default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_observations_and_names_bad_cells() {
        let inds = vec!["P8.CCG".to_string()];
        let areas = vec!["VN".to_string(), "HG".to_string()];
        let periods = vec!["2023".to_string(), "2023Q5".to_string()];
        let values = [7623.0, f64::NAN, 84.7];
        let columns = Columns {
            indicator: Some(TextColumn {
                codes: &[0, 0, 0],
                categories: &inds,
            }),
            area: Some(TextColumn {
                codes: &[0, 1, 1],
                categories: &areas,
            }),
            period: Some(TextColumn {
                codes: &[0, 0, 0],
                categories: &periods,
            }),
            value: Some(NumberColumn::Float(&values)),
            ..Columns::default()
        };
        let rows = observations_from_columns(&columns, 3).unwrap();
        assert_eq!(rows[0].value, Some(Rational::from(7623)));
        assert_eq!(rows[1].value, None);
        assert_eq!(rows[2].value, Rational::new(847, 10));
        let bad = Columns {
            period: Some(TextColumn {
                codes: &[0, 1, 0],
                categories: &periods,
            }),
            ..columns.clone()
        };
        let err = observations_from_columns(&bad, 3).unwrap_err();
        assert_eq!((err.code(), err.path()), ("invalid-period", "$[1].period"));
        let inf = [1.0, f64::INFINITY, 2.0];
        let bad = Columns {
            value: Some(NumberColumn::Float(&inf)),
            ..columns
        };
        let err = observations_from_columns(&bad, 3).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            ("non-finite-number", "$[1].value")
        );
    }

    #[test]
    fn a_blank_category_is_not_a_breakdown_as_in_csv() {
        let inds = vec!["P8.CCG".to_string()];
        let areas = vec!["VN".to_string()];
        let periods = vec!["2023".to_string()];
        // pyarrow reads an empty CSV cell as "", pandas as a null (-1).
        let sexes = vec!["female".to_string(), String::new(), " ".to_string()];
        let columns = Columns {
            indicator: Some(TextColumn {
                codes: &[0, 0, 0, 0],
                categories: &inds,
            }),
            area: Some(TextColumn {
                codes: &[0, 0, 0, 0],
                categories: &areas,
            }),
            period: Some(TextColumn {
                codes: &[0, 0, 0, 0],
                categories: &periods,
            }),
            dimensions: vec![(
                "sex".to_string(),
                TextColumn {
                    codes: &[0, 1, 2, -1],
                    categories: &sexes,
                },
            )],
            ..Columns::default()
        };
        let rows = observations_from_columns(&columns, 4).unwrap();
        assert_eq!(rows[0].disaggregation.get("sex"), Some("female"));
        for row in &rows[1..] {
            assert!(row.disaggregation.is_empty(), "{:?}", row.disaggregation);
        }
    }
}
