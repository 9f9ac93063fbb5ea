//! Findings as plain text, for terminals and logs.

use crate::rules::{Severity, ValidationReport};
use crate::text::Lang;

impl ValidationReport {
    /// Lists the findings in `lang`, one per line, with a summary line
    /// first: "3 phát hiện: 2 lỗi, 1 cảnh báo (25 quy tắc)".
    pub fn to_text(&self, lang: Lang) -> String {
        let counts: Vec<String> = self
            .summary
            .by_severity
            .iter()
            .map(|(severity, n)| {
                let plural = lang == Lang::En && *n != 1 && *severity != Severity::Info;
                format!(
                    "{n} {}{}",
                    severity.label(lang),
                    if plural { "s" } else { "" }
                )
            })
            .collect();
        let mut out = match lang {
            Lang::Vi => format!(
                "Kiểm tra số liệu đến ngày {}: {} phát hiện{} ({} quy tắc)\n",
                crate::period::dmy(self.as_of),
                self.summary.total,
                if counts.is_empty() {
                    String::new()
                } else {
                    format!(": {}", counts.join(", "))
                },
                self.rules_run
            ),
            Lang::En => format!(
                "Validation as of {}: {} finding{}{} ({} rules)\n",
                crate::period::iso(self.as_of),
                self.summary.total,
                if self.summary.total == 1 { "" } else { "s" },
                if counts.is_empty() {
                    String::new()
                } else {
                    format!(": {}", counts.join(", "))
                },
                self.rules_run
            ),
        };
        for f in &self.findings {
            out.push_str(&format!(
                "- [{}] {} — {}\n",
                f.severity.label(lang),
                f.rule,
                f.message.get(lang)
            ));
        }
        out
    }
}
