//! Progress reports and findings as spreadsheets (feature `xlsx`, native
//! builds only), for the officers who pass figures on in Excel: headers in
//! Vietnamese or English, numbers as numbers with number formats (counts
//! whole, percentages as percentages), the exact value beside any that a
//! binary float cannot hold, statuses and severities coloured as in the
//! HTML tables, and a bar chart of percent achieved.
//!
//! Both are written from a result's flat [`Table`] (its `to_columns`), so a
//! runtime that holds only the table writes the same workbook.
//!
//! ```
//! use chitieu::progress::{progress, ProgressOptions};
//! use chitieu::{period::parse_date, Lang};
//!
//! let data = chitieu::builtin::project8()?;
//! let report = progress(&data.check()?, parse_date("2023-12-31")?, None, None, &ProgressOptions::default())?;
//! let bytes = report.to_xlsx(Lang::Vi)?;
//! assert_eq!(&bytes[..2], b"PK"); // a zip archive, as every .xlsx is
//! # Ok::<(), chitieu::Error>(())
//! ```

use rust_xlsxwriter::{Chart, Color, Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::html::{severity_colour, status_colour};
use crate::io::table::{Cells, Column, Table};
use crate::progress::{PaceStatus, ProgressReport, Status};
use crate::rules::{Severity, ValidationReport};
use crate::text::{Lang, Text};

/// How a column of the flat table becomes a column of the sheet.
#[derive(Clone, Copy)]
enum Kind {
    /// Text as written.
    Text,
    /// A number: whole numbers with a group separator, others to one decimal.
    Number,
    /// A percentage (the table holds 84.7 for 84.7 %).
    Percent,
    /// A progress status, labelled and coloured.
    Status,
    /// A pace status, labelled.
    Pace,
    /// A severity, labelled and coloured.
    Severity,
}

/// The columns a progress sheet shows: (table column, header, kind).
const PROGRESS_COLUMNS: &[(&str, (&str, &str), Kind)] = &[
    ("code", ("Mã", "Code"), Kind::Text),
    ("name", ("Chỉ tiêu", "Indicator"), Kind::Text),
    ("unit", ("Đơn vị", "Unit"), Kind::Text),
    ("achieved", ("Kết quả", "Achieved"), Kind::Number),
    ("target", ("Mục tiêu", "Target"), Kind::Number),
    ("percent", ("Tỷ lệ đạt", "Percent achieved"), Kind::Percent),
    ("remaining", ("Còn lại", "Remaining"), Kind::Number),
    ("status", ("Tình trạng", "Status"), Kind::Status),
    ("pace", ("Tiến độ", "Pace"), Kind::Pace),
    ("next_year_target", ("Năm sau", "Next year"), Kind::Number),
    ("planned_next_year", ("KH đã giao", "Planned"), Kind::Number),
    (
        "percent_exact",
        ("Tỷ lệ đạt (chính xác)", "Percent achieved (exact)"),
        Kind::Text,
    ),
    (
        "reporting",
        ("Địa bàn có số liệu", "Areas reporting"),
        Kind::Number,
    ),
    (
        "expected",
        ("Địa bàn phải báo cáo", "Areas expected"),
        Kind::Number,
    ),
];

/// Columns shown only when a row has a value in them: coverage, where the
/// data set expects reports; the line, where the data came from a file.
const SHOWN_WHEN_FILLED: &[&str] = &["reporting", "expected", "line"];

/// The columns a findings sheet shows.
const FINDING_COLUMNS: &[(&str, (&str, &str), Kind)] = &[
    ("severity", ("Mức độ", "Severity"), Kind::Severity),
    ("rule", ("Quy tắc", "Rule"), Kind::Text),
    ("category", ("Nhóm", "Category"), Kind::Text),
    ("path", ("Vị trí", "Record"), Kind::Text),
    ("line", ("Dòng", "Line"), Kind::Number),
    ("indicator", ("Chỉ tiêu", "Indicator"), Kind::Text),
    ("area", ("Địa bàn", "Area"), Kind::Text),
    ("period", ("Kỳ", "Period"), Kind::Text),
    ("left", ("Giá trị", "Value"), Kind::Number),
    ("operator", ("So sánh", "Comparison"), Kind::Text),
    ("right", ("Đối chiếu", "Against"), Kind::Number),
    ("message", ("Nội dung", "Message"), Kind::Text),
    ("legal_basis", ("Căn cứ pháp lý", "Legal basis"), Kind::Text),
];

impl ProgressReport {
    /// The report as an `.xlsx` workbook: one sheet with a row per
    /// indicator and a bar chart of percent achieved; headers in `lang`,
    /// names in the report's language.
    pub fn to_xlsx(&self, lang: Lang) -> Result<Vec<u8>> {
        progress_workbook(&self.to_columns(), lang)
    }
}

impl ValidationReport {
    /// The findings as an `.xlsx` workbook, one row per finding, in `lang`.
    pub fn to_xlsx(&self, lang: Lang) -> Result<Vec<u8>> {
        findings_workbook(&self.to_columns(lang), lang)
    }
}

/// A progress report's flat table ([`ProgressReport::to_columns`]) as a
/// workbook.
pub fn progress_workbook(table: &Table, lang: Lang) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name = Text::new("Tiến độ", "Progress");
    sheet.set_name(name.get(lang)).map_err(xlsx_error)?;
    let header_row = 0;
    write_table(sheet, table, PROGRESS_COLUMNS, header_row, lang)?;
    if table.rows() > 0 {
        let percent_col = position(PROGRESS_COLUMNS, "percent");
        let name_col = position(PROGRESS_COLUMNS, "name");
        let (first, last) = (header_row + 1, header_row + row_index(table.rows()));
        let label = header(PROGRESS_COLUMNS, "percent", lang);
        let mut chart = Chart::new_bar();
        chart
            .add_series()
            .set_categories((name.get(lang), first, name_col, last, name_col))
            .set_values((name.get(lang), first, percent_col, last, percent_col))
            .set_name(label.as_str());
        chart.title().set_name(label.as_str());
        chart.legend().set_hidden();
        let below = last + 2;
        sheet.insert_chart(below, 1, &chart).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// A findings table ([`ValidationReport::to_columns`]) as a workbook.
pub fn findings_workbook(table: &Table, lang: Lang) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(Text::new("Phát hiện", "Findings").get(lang))
        .map_err(xlsx_error)?;
    write_table(sheet, table, FINDING_COLUMNS, 0, lang)?;
    book.save_to_buffer().map_err(xlsx_error)
}

/// Writes the header row at `header_row` and one row per table row below.
fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    columns: &[(&str, (&str, &str), Kind)],
    header_row: u32,
    lang: Lang,
) -> Result<()> {
    let bold = Format::new().set_bold();
    let shown = columns.iter().filter(|(name, ..)| {
        let column = table.columns().iter().find(|col| col.name() == *name);
        !SHOWN_WHEN_FILLED.contains(name) || column.is_some_and(|c| c.cells().has_value())
    });
    for (c, (name, (vi, en), kind)) in shown.enumerate() {
        let col = column_index(c);
        let label = match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        };
        sheet
            .write_string_with_format(header_row, col, label, &bold)
            .map_err(xlsx_error)?;
        sheet
            .set_column_width(
                col,
                if *name == "name" || *name == "message" {
                    48
                } else {
                    14
                },
            )
            .map_err(xlsx_error)?;
        let Some(column) = table.columns().iter().find(|col| col.name() == *name) else {
            continue;
        };
        for row in 0..table.rows() {
            write_cell(
                sheet,
                header_row + 1 + row_index(row),
                col,
                column,
                row,
                *kind,
                lang,
            )?;
        }
    }
    sheet
        .set_freeze_panes(header_row + 1, 0)
        .map_err(xlsx_error)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    at: u32,
    col: u16,
    column: &Column,
    row: usize,
    kind: Kind,
    lang: Lang,
) -> Result<()> {
    let written = match (column.cells(), kind) {
        (Cells::Float(values), Kind::Percent) => match values.get(row).copied().flatten() {
            Some(v) => sheet.write_number_with_format(
                at,
                col,
                v / 100.0,
                &Format::new().set_num_format("0.0%"),
            ),
            None => return Ok(()),
        },
        (Cells::Float(values), _) => match values.get(row).copied().flatten() {
            Some(v) if v.fract() == 0.0 => {
                sheet.write_number_with_format(at, col, v, &Format::new().set_num_format("#,##0"))
            }
            Some(v) => {
                sheet.write_number_with_format(at, col, v, &Format::new().set_num_format("#,##0.0"))
            }
            None => return Ok(()),
        },
        (Cells::Int(values), _) => match values.get(row).copied().flatten() {
            // Counts in a sheet stay below 2^53, where f64 is exact.
            Some(v) => sheet.write_number_with_format(
                at,
                col,
                v as f64,
                &Format::new().set_num_format("#,##0"),
            ),
            None => return Ok(()),
        },
        (Cells::Text(values), kind) => {
            let Some(text) = values.get(row).cloned().flatten() else {
                return Ok(());
            };
            let (label, colour) = labelled(&text, kind, lang);
            match colour {
                Some(colour) => sheet.write_string_with_format(
                    at,
                    col,
                    &label,
                    &Format::new()
                        .set_background_color(colour)
                        .set_font_color(Color::White),
                ),
                None => sheet.write_string(at, col, &label),
            }
        }
    };
    written.map(|_| ()).map_err(xlsx_error)
}

/// A status, pace or severity code as its label in `lang` and its colour;
/// other text as written.
fn labelled(code: &str, kind: Kind, lang: Lang) -> (String, Option<&'static str>) {
    match kind {
        Kind::Status => match crate::json_text::from_name::<Status>(code) {
            Some(status) => (
                status.label(lang).to_string(),
                Some(status_colour(Some(status))),
            ),
            None => (code.to_string(), None),
        },
        Kind::Pace => match crate::json_text::from_name::<PaceStatus>(code) {
            Some(pace) => (pace.label(lang).to_string(), None),
            None => (code.to_string(), None),
        },
        Kind::Severity => match crate::json_text::from_name::<Severity>(code) {
            Some(severity) => (
                severity.label(lang).to_string(),
                Some(severity_colour(severity)),
            ),
            None => (code.to_string(), None),
        },
        _ => (code.to_string(), None),
    }
}

fn position(columns: &[(&str, (&str, &str), Kind)], name: &str) -> u16 {
    column_index(columns.iter().position(|(n, _, _)| *n == name).unwrap_or(0))
}

fn header(columns: &[(&str, (&str, &str), Kind)], name: &str, lang: Lang) -> String {
    columns
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, (vi, en), _)| match lang {
            Lang::Vi => vi.to_string(),
            Lang::En => en.to_string(),
        })
        .unwrap_or_default()
}

/// A sheet column: the lists above have a dozen entries.
fn column_index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// A sheet row; a report past the sheet's 1,048,576 rows fails in the writer.
fn row_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::invalid(
        "$",
        (
            format!("không ghi được tệp xlsx ({e})"),
            format!("cannot write the xlsx file ({e})"),
        ),
    )
}
