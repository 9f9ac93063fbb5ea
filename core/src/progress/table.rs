//! The progress report as a plain-text table, for terminals and logs.

use crate::progress::report::{ProgressReport, ProgressRow};
use crate::text::Lang;

/// Indicator names longer than this wrap onto further lines.
const NAME_WIDTH: usize = 52;

/// Splits `text` into lines of at most `width` characters, at spaces (a
/// single word longer than `width` stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if !current.is_empty() && needed > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// One column of the table: its heading, and which side its cells align
/// to.
struct Column {
    header: String,
    right: bool,
}

impl Column {
    /// A column headed in `lang`; numbers align right so their digits line
    /// up.
    fn new(lang: Lang, (vi, en): (&str, &str), right: bool) -> Column {
        Column {
            header: match lang {
                Lang::Vi => vi.to_string(),
                Lang::En => en.to_string(),
            },
            right,
        }
    }
}

/// The width of `s` as a terminal shows it, one place per character.
fn display_width(s: &str) -> usize {
    s.chars().count()
}

/// The lines of one indicator: its figures beside the first line of its
/// name, then the rest of the name alone, so long names do not widen the
/// table.
fn row_lines(
    r: &ProgressRow,
    lang: Lang,
    covered: bool,
    count: usize,
) -> impl Iterator<Item = Vec<String>> {
    let d = &r.display;
    let (indent, width) = if r.parent.is_some() {
        ("  ↳ ", NAME_WIDTH - 4)
    } else {
        ("", NAME_WIDTH)
    };
    let mut names = wrap(&d.name, width).into_iter();
    let name = format!("{indent}{}", names.next().unwrap_or_default());
    let continuation: Vec<Vec<String>> = names
        .map(|more| {
            let mut row = vec![String::new(); count];
            if let Some(first) = row.first_mut() {
                *first = format!("{}{more}", " ".repeat(indent.chars().count()));
            }
            row
        })
        .collect();
    let mut first = vec![
        name,
        d.achieved.clone(),
        d.target.clone(),
        d.percent.clone(),
        d.remaining.clone(),
        status_cell(r, lang),
        d.next_year.clone(),
        d.planned_next_year.clone(),
        d.pace.clone(),
    ];
    if covered {
        first.push(d.coverage.clone());
    }
    std::iter::once(first).chain(continuation)
}

/// The status, with by how much the target was passed when it was.
fn status_cell(r: &ProgressRow, lang: Lang) -> String {
    let d = &r.display;
    match (&r.exceeded_by, lang) {
        (Some(_), Lang::Vi) => format!("{} ({})", d.status, d.exceeded_by),
        (Some(_), Lang::En) => format!("{} (by {})", d.status, d.exceeded_by),
        (None, _) => d.status.clone(),
    }
}

/// Each column's width: its widest cell or heading.
fn column_widths(columns: &[Column], cells: &[Vec<String>]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .filter_map(|row| row.get(i).map(|s| display_width(s)))
                .chain(std::iter::once(display_width(&c.header)))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// One line of the table: each value padded to its column's width on the
/// side away from its alignment, without trailing spaces.
fn aligned_line(values: &[&str], columns: &[Column], widths: &[usize]) -> String {
    let mut out = String::new();
    for ((value, col), w) in values.iter().zip(columns).zip(widths) {
        let pad = " ".repeat(w.saturating_sub(display_width(value)));
        if col.right {
            out.push_str(&pad);
            out.push_str(value);
        } else {
            out.push_str(value);
            out.push_str(&pad);
        }
        out.push_str("  ");
    }
    out.trim_end().to_string()
}

impl ProgressReport {
    /// Renders the report as an aligned text table in `lang` (the display
    /// strings come from the report, so their language is the report's).
    pub fn to_table(&self, lang: Lang) -> String {
        // Coverage only where the data set expects reports.
        let covered = self.rows.iter().any(|r| !r.display.coverage.is_empty());
        let columns = self.table_columns(lang, covered);
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .flat_map(|r| row_lines(r, lang, covered, columns.len()))
            .collect();
        let widths = column_widths(&columns, &cells);
        let line = |values: Vec<&str>| aligned_line(&values, &columns, &widths);
        let title = self.title(lang);
        let mut out = String::new();
        out.push_str(&title);
        out.push('\n');
        out.push_str(&line(columns.iter().map(|c| c.header.as_str()).collect()));
        out.push('\n');
        out.push_str(
            &"-".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)),
        );
        out.push('\n');
        for row in &cells {
            out.push_str(&line(row.iter().map(String::as_str).collect()));
            out.push('\n');
        }
        out.push_str(&self.summary_line(lang));
        out.push('\n');
        out
    }

    /// The table's columns in `lang`: the next-year one is headed with that
    /// year when a row has one, and the reporting one is there only when
    /// some row has coverage.
    fn table_columns(&self, lang: Lang, covered: bool) -> Vec<Column> {
        let next = self
            .rows
            .iter()
            .find_map(|r| r.next_year.as_ref().map(|n| n.period.to_string()))
            .unwrap_or_default();
        let next_year = if next.is_empty() {
            Column::new(lang, ("Năm sau", "Next year"), true)
        } else {
            Column {
                header: match lang {
                    Lang::Vi => format!("Năm {next}"),
                    Lang::En => format!("{next} target"),
                },
                right: true,
            }
        };
        let mut columns = vec![
            Column::new(lang, ("Chỉ tiêu", "Indicator"), false),
            Column::new(lang, ("Kết quả", "Achieved"), true),
            Column::new(lang, ("Mục tiêu", "Target"), true),
            Column::new(lang, ("Tỷ lệ", "Percent"), true),
            Column::new(lang, ("Còn lại", "Remaining"), true),
            Column::new(lang, ("Tình trạng", "Status"), false),
            next_year,
            Column::new(lang, ("KH đã giao", "Planned"), true),
            Column::new(lang, ("Tiến độ", "Pace"), false),
        ];
        if covered {
            columns.push(Column::new(lang, ("Báo cáo", "Reporting"), false));
        }
        columns
    }

    /// The report's title: "Tiến độ giai đoạn I (2021–2025) — VN, đến ngày
    /// 31/12/2023".
    pub fn title(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!(
                "Tiến độ {} — {}, đến ngày {}",
                self.phase.name.vi,
                self.area,
                crate::period::dmy(self.as_of)
            ),
            Lang::En => format!(
                "Progress of {} — {}, as of {}",
                self.phase.name.en,
                self.area,
                crate::period::iso(self.as_of)
            ),
        }
    }

    /// One line counting the indicators by status, e.g. "7 chỉ tiêu: 1 vượt
    /// chỉ tiêu, 1 đạt, 4 đang thực hiện; 1 chưa có số liệu".
    pub fn summary_line(&self, lang: Lang) -> String {
        let s = &self.summary;
        let mut parts: Vec<String> = s
            .by_status
            .iter()
            .rev()
            .map(|(status, n)| format!("{n} {}", status.label(lang)))
            .collect();
        if parts.is_empty() {
            parts.push("0".to_string());
        }
        let (noun, no_data) = match lang {
            Lang::Vi => ("chỉ tiêu", "chưa có số liệu"),
            Lang::En => ("indicators", "without data"),
        };
        let mut text = format!("{} {noun}: {}", s.indicators, parts.join(", "));
        if s.no_data > 0 {
            text.push_str(&format!("; {} {no_data}", s.no_data));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("một hai ba bốn", 7), vec!["một hai", "ba bốn"]);
        assert_eq!(wrap("dài-không-cách", 4), vec!["dài-không-cách"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
