//! Reports as self-contained HTML fragments (inline styles, no scripts),
//! for notebooks and web pages: every runtime shows the same thing.

use crate::number::{NumberFormat, Rational};
use crate::progress::{ProgressReport, Status};
use crate::rules::{Severity, ValidationReport};
use crate::text::Lang;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colour of a status bar.
pub fn status_colour(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Exceeded) => "#1b5e20",
        Some(Status::Achieved) => "#2e7d32",
        Some(Status::InProgress) => "#f9a825",
        Some(Status::NotStarted) => "#9e9e9e",
        Some(Status::NotMaintained) => "#c62828",
        _ => "#bdbdbd",
    }
}

/// The colour of a severity badge (white text on it reads at a contrast
/// of at least 4.5:1).
pub fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#c62828",
        Severity::Warning => "#a84300",
        Severity::Info => "#1565c0",
    }
}

/// The most findings an HTML table draws.
pub const MAX_HTML_FINDINGS: usize = 1000;

/// How a table carries its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HtmlLook {
    /// Inline styles: the table looks the same anywhere it is pasted (a
    /// notebook, an e-mail).
    #[default]
    Inline,
    /// `part` names and no styles: for a shadow root whose stylesheet (and
    /// the page, through `::part`) gives the look.
    Parts,
}

const TABLE: &str = "border-collapse:collapse;font-family:sans-serif;font-size:13px";
const CAPTION: &str = "text-align:left;font-weight:bold;padding:4px 0";
const CELL: &str =
    "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top";
const NUM: &str =
    "padding:4px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap";

impl HtmlLook {
    /// The attribute that gives an element its look: `part="…"` or
    /// `style="…"`.
    fn attr(self, part: &str, style: &str) -> String {
        match self {
            HtmlLook::Inline if style.is_empty() => String::new(),
            HtmlLook::Inline => format!(" style=\"{style}\""),
            HtmlLook::Parts => format!(" part=\"{part}\""),
        }
    }

    /// A header row of `scope="col"` cells.
    fn header_row(self, headers: &[(&str, &str)], lang: Lang) -> String {
        let mut out = format!("<thead><tr{}>", self.attr("header-row", ""));
        for (vi, en) in headers {
            let h = if lang == Lang::Vi { vi } else { en };
            out.push_str(&format!(
                "<th scope=\"col\"{}>{}</th>",
                self.attr("header", CELL),
                escape(h)
            ));
        }
        out.push_str("</tr></thead>");
        out
    }
}

/// A kind's contract name (`in-progress`, `warning`), for data attributes
/// and parts; `none` without one.
fn contract_name<T: crate::json_text::JsonKey>(kind: Option<T>) -> String {
    kind.map_or_else(|| "none".to_string(), |k| crate::json_text::name_of(&k))
}

impl ProgressReport {
    /// The report as an HTML table with inline styles: one row per
    /// indicator with a bar coloured by status (and the status in words).
    /// Display strings are in the report's language; `lang` chooses the
    /// headers.
    pub fn to_html(&self, lang: Lang) -> String {
        self.to_html_with(lang, HtmlLook::Inline)
    }

    /// [`to_html`](Self::to_html) with the look chosen. Each bar is a
    /// `progressbar` with the percent as its value and in words.
    pub fn to_html_with(&self, lang: Lang, look: HtmlLook) -> String {
        let headers: [(&str, &str); 8] = [
            ("Chỉ tiêu", "Indicator"),
            ("Kết quả", "Achieved"),
            ("Mục tiêu", "Target"),
            ("Tỷ lệ", "Percent"),
            ("Biểu đồ", "Chart"),
            ("Còn lại", "Remaining"),
            ("Tình trạng", "Status"),
            ("Tiến độ", "Pace"),
        ];
        let mut out = format!(
            "<table class=\"chitieu-progress\"{}><caption{}>{}</caption>",
            look.attr("table", TABLE),
            look.attr("caption", CAPTION),
            escape(&self.title(lang))
        );
        out.push_str(&look.header_row(&headers, lang));
        out.push_str("<tbody>");
        for row in &self.rows {
            out.push_str(&progress_row(row, look));
        }
        out.push_str("</tbody></table>");
        out
    }
}

/// One indicator's row of the progress table.
fn progress_row(row: &crate::progress::ProgressRow, look: HtmlLook) -> String {
    let d = &row.display;
    // The bar's width, 0–100 (an exceeded target fills it), rounded to
    // one place as exactly as every figure.
    let clamped = row
        .percent
        .map(|p| p.clamp(Rational::ZERO, Rational::from(100)));
    let width = NumberFormat::En
        .format(clamped.unwrap_or(Rational::ZERO), 1)
        .unwrap_or_else(|_| "0.0".into());
    let status = contract_name(row.status);
    let (name_part, name_style) = if row.parent.is_some() {
        (
            "name sub-measure",
            format!("{CELL};font-weight:normal;padding-left:24px"),
        )
    } else {
        ("name", format!("{CELL};font-weight:normal"))
    };
    // A bar's value is 0–100 (an exceeded target fills it); the words say
    // the whole percent and the status, so colour is never the only sign.
    let value = clamped
        .map(|_| format!(" aria-valuenow=\"{width}\""))
        .unwrap_or_default();
    let bar = format!(
        "<div role=\"progressbar\" aria-label=\"{name}\" aria-valuemin=\"0\" aria-valuemax=\"100\"{value} aria-valuetext=\"{percent}, {status_text}\"{track}>\
         <div{fill} data-width=\"{width}\"></div></div>",
        name = escape(&d.name),
        percent = escape(&d.percent),
        status_text = escape(&d.status),
        track = look.attr("bar", "background:#eee;width:120px;height:10px"),
        fill = match look {
            HtmlLook::Inline => format!(
                " style=\"background:{};width:{width}%;height:10px\"",
                status_colour(row.status)
            ),
            HtmlLook::Parts => format!(" part=\"bar-fill bar-{status}\" style=\"width:{width}%\""),
        },
    );
    format!(
        "<tr data-code=\"{code}\" data-status=\"{status}\"{row_look}><th scope=\"row\"{name_look}>{name}</th>\
         <td{num}>{achieved}</td><td{num}>{target}</td><td{num}>{percent}</td>\
         <td{bar_cell}>{bar}</td><td{num}>{remaining}</td><td{status_look}>{status_text}</td><td{pace_look}>{pace}</td></tr>",
        code = escape(row.code.as_str()),
        row_look = look.attr(&format!("row row-{status}"), ""),
        name_look = look.attr(name_part, &name_style),
        name = escape(&d.name),
        num = look.attr("number", NUM),
        achieved = achieved_cell(d, look),
        target = escape(&d.target),
        percent = escape(&d.percent),
        bar_cell = look.attr("bar-cell", &format!("{CELL};min-width:120px")),
        remaining = escape(&d.remaining),
        status_look = look.attr(&format!("status status-{status}"), CELL),
        status_text = escape(&d.status),
        pace_look = look.attr("pace", CELL),
        pace = escape(&d.pace),
    )
}

/// The achieved figure, with its coverage below it when the data set
/// expects reports ("2/3 tỉnh báo cáo").
fn achieved_cell(d: &crate::progress::RowDisplay, look: HtmlLook) -> String {
    if d.coverage.is_empty() {
        return escape(&d.achieved);
    }
    format!(
        "{}<br><small{}>{}</small>",
        escape(&d.achieved),
        look.attr("coverage", "color:#555"),
        escape(&d.coverage)
    )
}

impl ValidationReport {
    /// The findings as an HTML table with inline styles, with severity
    /// colours and the legal basis of each finding, in `lang`. At most
    /// [`MAX_HTML_FINDINGS`] rows are drawn (a page cannot show more
    /// usefully); a last row says how many more there are.
    pub fn to_html(&self, lang: Lang) -> String {
        self.to_html_with(lang, HtmlLook::Inline)
    }

    /// [`to_html`](Self::to_html) with the look chosen.
    pub fn to_html_with(&self, lang: Lang, look: HtmlLook) -> String {
        let headers: [(&str, &str); 4] = [
            ("Mức độ", "Severity"),
            ("Quy tắc", "Rule"),
            ("Nội dung", "Message"),
            ("Căn cứ pháp lý", "Legal basis"),
        ];
        let caption = self.to_text(lang);
        let caption = caption.lines().next().unwrap_or("");
        let mut out = format!(
            "<table class=\"chitieu-findings\"{}><caption{}>{}{}</caption>",
            look.attr("table", TABLE),
            look.attr("caption", CAPTION),
            escape(caption),
            self.count_lines(lang, look)
        );
        out.push_str(&look.header_row(&headers, lang));
        out.push_str("<tbody>");
        for f in self.findings.iter().take(MAX_HTML_FINDINGS) {
            let legal: Vec<String> = f.legal_basis.iter().map(|b| escape(b.cite(lang))).collect();
            let severity = escape(f.severity.label(lang));
            let badge = match look {
                HtmlLook::Inline => format!(
                    " style=\"background:{};color:#fff;border-radius:3px;padding:1px 6px\"",
                    severity_colour(f.severity)
                ),
                HtmlLook::Parts => {
                    format!(" part=\"badge badge-{}\"", contract_name(Some(f.severity)))
                }
            };
            out.push_str(&format!(
                "<tr data-rule=\"{rule}\"{row}><td{cell}><span{badge}>{severity}</span></td>\
                 <td{cell}><code>{rule}</code></td><td{cell}>{message}</td><td{cell}>{legal}</td></tr>",
                row = look.attr("row", ""),
                cell = look.attr("cell", CELL),
                rule = escape(&f.rule),
                message = escape(f.message.get(lang)),
                legal = legal.join("<br>"),
            ));
        }
        let more = self.findings.len().saturating_sub(MAX_HTML_FINDINGS);
        if more > 0 {
            let text = match lang {
                Lang::Vi => format!("… và {more} phát hiện khác"),
                Lang::En => format!("… and {more} more findings"),
            };
            out.push_str(&format!(
                "<tr><td colspan=\"4\"{}>{}</td></tr>",
                look.attr("cell", CELL),
                escape(&text)
            ));
        }
        out.push_str("</tbody></table>");
        out
    }

    /// The counts by rule and by area level under the caption, so a page
    /// of the first findings still says what all of them are.
    fn count_lines(&self, lang: Lang, look: HtmlLook) -> String {
        let by_rule: Vec<String> = self
            .summary
            .by_rule
            .iter()
            .map(|(rule, n)| format!("<code>{}</code> {n}", escape(rule)))
            .collect();
        let by_level: Vec<String> = self
            .summary
            .by_level
            .iter()
            .map(|(level, n)| format!("{} {n}", escape(level.label(lang))))
            .collect();
        let (rules, levels) = match lang {
            Lang::Vi => ("Theo quy tắc", "Theo cấp địa bàn"),
            Lang::En => ("By rule", "By area level"),
        };
        let mut out = String::new();
        for (label, counts) in [(rules, by_rule), (levels, by_level)] {
            if !counts.is_empty() {
                out.push_str(&format!(
                    "<br><span class=\"chitieu-counts\"{}>{label}: {}</span>",
                    look.attr("counts", "font-weight:normal"),
                    counts.join(" · ")
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"Tổ\" & 'x'</b>"),
            "&lt;b&gt;&quot;Tổ&quot; &amp; &#39;x&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn findings_html_counts_every_finding_and_draws_the_first() {
        let data = crate::builtin::load("sample-province").unwrap();
        let as_of = crate::period::parse_date("2024-12-31").unwrap();
        let mut report = crate::rules::validate(&data, as_of, &Default::default()).unwrap();
        let first = report.findings.first().cloned().unwrap();
        // Many more findings than a page draws: the counts still cover all.
        report.findings = vec![first.clone(); MAX_HTML_FINDINGS + 7];
        report.summary = crate::rules::FindingSummary::of(&report.findings, |code| {
            data.areas()
                .iter()
                .find(|a| a.code.as_str() == code)
                .map(|a| a.level)
        });
        let html = report.to_html(Lang::En);
        assert_eq!(html.matches("<tr data-rule=").count(), MAX_HTML_FINDINGS);
        assert!(html.contains("… and 7 more findings"));
        let total = MAX_HTML_FINDINGS + 7;
        assert!(html.contains(&format!("By rule: <code>{}</code> {total}", first.rule)));
        let vi = report.to_html(Lang::Vi);
        assert!(vi.contains("Theo quy tắc"));
    }

    #[test]
    fn progress_html_has_a_bar_per_indicator() {
        let data = crate::builtin::project8().unwrap();
        let checked = data.check().unwrap();
        let as_of = crate::period::parse_date("2023-12-31").unwrap();
        let report =
            crate::progress::progress(&checked, as_of, None, None, &Default::default()).unwrap();
        let html = report.to_html(Lang::Vi);
        assert_eq!(html.matches("<tr data-code=").count(), report.rows.len());
        assert!(html.contains("84,7%"));
        assert!(html.contains("width:84.7%"));
        assert!(html.contains("data-status=\"exceeded\""));
    }
}
