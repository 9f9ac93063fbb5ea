//! Reports as self-contained HTML fragments (inline styles, no scripts),
//! for notebooks and web pages: every runtime shows the same thing.

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

/// The colour of a severity badge.
pub fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#c62828",
        Severity::Warning => "#ef6c00",
        Severity::Info => "#1565c0",
    }
}

/// The most findings an HTML table draws.
pub const MAX_HTML_FINDINGS: usize = 1000;

const TABLE: &str = "border-collapse:collapse;font-family:sans-serif;font-size:13px";
const CELL: &str =
    "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top";
const NUM: &str =
    "padding:4px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap";

impl ProgressReport {
    /// The report as an HTML table: one row per indicator with a bar
    /// coloured by status. Display strings are in the report's language;
    /// `lang` chooses the headers.
    pub fn to_html(&self, lang: Lang) -> String {
        let headers: [(&str, &str); 8] = [
            ("Chỉ tiêu", "Indicator"),
            ("Kết quả", "Achieved"),
            ("Mục tiêu", "Target"),
            ("Tỷ lệ", "Percent"),
            ("", ""),
            ("Còn lại", "Remaining"),
            ("Tình trạng", "Status"),
            ("Tiến độ", "Pace"),
        ];
        let caption = self.title(lang);
        let mut out = format!(
            "<table class=\"chitieu-progress\" style=\"{TABLE}\"><caption style=\"text-align:left;font-weight:bold;padding:4px 0\">{}</caption><thead><tr>",
            escape(&caption)
        );
        for (vi, en) in headers {
            let h = if lang == Lang::Vi { vi } else { en };
            out.push_str(&format!("<th style=\"{CELL}\">{}</th>", escape(h)));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            let d = &row.display;
            let width = row
                .percent
                .map(|p| p.to_f64().clamp(0.0, 100.0))
                .unwrap_or(0.0);
            let indent = if row.parent.is_some() {
                "padding-left:24px;"
            } else {
                ""
            };
            out.push_str(&format!(
                "<tr data-code=\"{code}\" data-status=\"{status}\"><td style=\"{CELL};{indent}\">{name}</td>\
                 <td style=\"{NUM}\">{achieved}</td><td style=\"{NUM}\">{target}</td><td style=\"{NUM}\">{percent}</td>\
                 <td style=\"{CELL};min-width:120px\"><div style=\"background:#eee;width:120px;height:10px\">\
                 <div style=\"background:{colour};width:{width:.1}%;height:10px\"></div></div></td>\
                 <td style=\"{NUM}\">{remaining}</td><td style=\"{CELL}\">{status_text}</td><td style=\"{CELL}\">{pace}</td></tr>",
                code = escape(row.code.as_str()),
                status = row
                    .status
                    .map(|s| serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
                    .unwrap_or_default(),
                name = escape(&d.name),
                achieved = escape(&d.achieved),
                target = escape(&d.target),
                percent = escape(&d.percent),
                colour = status_colour(row.status),
                remaining = escape(&d.remaining),
                status_text = escape(&d.status),
                pace = escape(&d.pace),
            ));
        }
        out.push_str("</tbody></table>");
        out
    }
}

impl ValidationReport {
    /// The findings as an HTML table, with severity colours and the legal
    /// basis of each finding, in `lang`. At most [`MAX_HTML_FINDINGS`] rows
    /// are drawn (a page cannot show more usefully); a last row says how
    /// many more there are.
    pub fn to_html(&self, lang: Lang) -> String {
        let headers: [(&str, &str); 4] = [
            ("Mức độ", "Severity"),
            ("Quy tắc", "Rule"),
            ("Nội dung", "Message"),
            ("Căn cứ pháp lý", "Legal basis"),
        ];
        let caption = self.to_text(lang);
        let caption = caption.lines().next().unwrap_or("");
        let mut out = format!(
            "<table class=\"chitieu-findings\" style=\"{TABLE}\"><caption style=\"text-align:left;font-weight:bold;padding:4px 0\">{}{}</caption><thead><tr>",
            escape(caption),
            self.count_lines(lang)
        );
        for (vi, en) in headers {
            let h = if lang == Lang::Vi { vi } else { en };
            out.push_str(&format!("<th style=\"{CELL}\">{}</th>", escape(h)));
        }
        out.push_str("</tr></thead><tbody>");
        for f in self.findings.iter().take(MAX_HTML_FINDINGS) {
            let legal: Vec<String> = f.legal_basis.iter().map(|b| escape(b.cite(lang))).collect();
            out.push_str(&format!(
                "<tr data-rule=\"{rule}\"><td style=\"{CELL}\"><span style=\"background:{colour};color:#fff;border-radius:3px;padding:1px 6px\">{severity}</span></td>\
                 <td style=\"{CELL}\"><code>{rule}</code></td><td style=\"{CELL}\">{message}</td><td style=\"{CELL}\">{legal}</td></tr>",
                rule = escape(&f.rule),
                colour = severity_colour(f.severity),
                severity = escape(f.severity.label(lang)),
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
                "<tr><td colspan=\"4\" style=\"{CELL}\">{}</td></tr>",
                escape(&text)
            ));
        }
        out.push_str("</tbody></table>");
        out
    }

    /// The counts by rule and by area level under the caption, so a page
    /// of the first findings still says what all of them are.
    fn count_lines(&self, lang: Lang) -> String {
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
                    "<br><span class=\"chitieu-counts\" style=\"font-weight:normal\">{label}: {}</span>",
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
