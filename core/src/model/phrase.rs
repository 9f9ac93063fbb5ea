//! How an indicator is said in a programme report: the verb and noun
//! phrases of its sentence, written by the framework's authors in both
//! languages, so that a narrative never guesses them.
//!
//! A phrase is a template: `{achieved}`, `{target}`, `{standing}` and
//! `{sub_measures}` stand for figures the report fills in (see
//! [`ReportPhrase`]); anything else is copied as written.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json_text::{FromJson, ToJson};
use crate::text::Text;

/// The sentences of one indicator in a narrative report.
///
/// ```
/// use chitieu::model::ReportPhrase;
/// let phrase: ReportPhrase = chitieu::io::json::from_str(r#"{
///   "result": {"vi": "Thành lập {achieved}/{target} CLB {standing}",
///              "en": "{achieved} of {target} clubs established {standing}"},
///   "plan": {"vi": "Thành lập {target} CLB", "en": "establish {target} clubs"}
/// }"#)?;
/// assert!(phrase.check("report_phrase", false).is_ok());
/// # Ok::<(), chitieu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct ReportPhrase {
    /// What was achieved, e.g. "Thành lập, duy trì được {achieved}/{target}
    /// Tổ truyền thông cộng đồng {standing}". `{achieved}` is the figure
    /// with its qualifier ("trên 12.478"), `{target}` the phase target,
    /// `{standing}` how it stands against it ("(đạt 84,7% chỉ tiêu giai
    /// đoạn 1)"), `{sub_measures}` the sub-measures' own result phrases.
    /// A sub-measure's phrase uses `{achieved}` only ("với {achieved} phụ
    /// nữ làm chủ").
    pub result: Text,
    /// What next year's target asks, e.g. "thành lập và duy trì {target} tổ
    /// truyền thông cộng đồng", with `{target}` the year's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Text>,
}

/// A placeholder of a phrase template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `{achieved}`: the figure achieved, with its qualifier.
    Achieved,
    /// `{target}`: the target.
    Target,
    /// `{standing}`: how the figure stands against the target.
    Standing,
    /// `{sub_measures}`: the sub-measures' phrases.
    SubMeasures,
}

impl Slot {
    /// The slot as a template writes it: `{target}`.
    pub fn written(self) -> &'static str {
        match self {
            Slot::Achieved => "{achieved}",
            Slot::Target => "{target}",
            Slot::Standing => "{standing}",
            Slot::SubMeasures => "{sub_measures}",
        }
    }

    fn parse(name: &str) -> Option<Slot> {
        match name {
            "achieved" => Some(Slot::Achieved),
            "target" => Some(Slot::Target),
            "standing" => Some(Slot::Standing),
            "sub_measures" => Some(Slot::SubMeasures),
            _ => None,
        }
    }
}

/// A piece of a template: literal text, or a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text copied as written.
    Text(&'a str),
    /// A slot to fill.
    Slot(Slot),
}

/// Splits a template into text and slots; an unknown or unclosed `{…}` is
/// the error, with what was found.
pub fn pieces(template: &str) -> std::result::Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        let close = after.find('}').ok_or_else(|| after.to_string())?;
        let name = after.get(1..close).unwrap_or_default();
        out.push(Piece::Slot(
            Slot::parse(name).ok_or_else(|| format!("{{{name}}}"))?,
        ));
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

impl ReportPhrase {
    /// Checks both templates in both languages: every `{…}` is a known
    /// slot, and a sub-measure's result (`sub_measure`) and any plan use
    /// only the slots they can be given. Errors name `path.result.vi`.
    pub fn check(&self, path: &str, sub_measure: bool) -> Result<()> {
        let result_slots: &[Slot] = if sub_measure {
            &[Slot::Achieved]
        } else {
            &[
                Slot::Achieved,
                Slot::Target,
                Slot::Standing,
                Slot::SubMeasures,
            ]
        };
        check_text(&self.result, &format!("{path}.result"), result_slots)?;
        if let Some(plan) = &self.plan {
            check_text(plan, &format!("{path}.plan"), &[Slot::Target])?;
        }
        Ok(())
    }
}

fn check_text(text: &Text, path: &str, allowed: &[Slot]) -> Result<()> {
    for (lang, template) in [("vi", &text.vi), ("en", &text.en)] {
        let found = pieces(template).and_then(|pieces| {
            match pieces.iter().find_map(|p| match p {
                Piece::Slot(s) if !allowed.contains(s) => Some(*s),
                _ => None,
            }) {
                Some(slot) => Err(slot.written().to_string()),
                None => Ok(()),
            }
        });
        if let Err(bad) = found {
            let names = allowed
                .iter()
                .map(|s| s.written())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::invalid(
                format!("{path}.{lang}"),
                (
                    format!("chỗ trống không dùng được ở đây: «{bad}» (dùng được: {names})"),
                    format!("a placeholder that cannot be used here: `{bad}` (usable: {names})"),
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn templates_split_into_text_and_slots() {
        assert_eq!(
            pieces("Thành lập {achieved}/{target} CLB").unwrap(),
            [
                Piece::Text("Thành lập "),
                Piece::Slot(Slot::Achieved),
                Piece::Text("/"),
                Piece::Slot(Slot::Target),
                Piece::Text(" CLB"),
            ]
        );
        assert_eq!(pieces("{acheived} CLB").unwrap_err(), "{acheived}");
        assert_eq!(pieces("CLB {target").unwrap_err(), "{target");
    }

    #[test]
    fn a_sub_measure_cannot_ask_for_a_target() {
        let phrase = ReportPhrase {
            result: Text::new("với {achieved}/{target} phụ nữ", "with {achieved} women"),
            plan: None,
        };
        let error = phrase.check("report_phrase", true).unwrap_err();
        assert_eq!(error.path(), "report_phrase.result.vi");
        assert!(error.message(crate::Lang::En).contains("`{target}`"));
        assert!(phrase.check("report_phrase", false).is_ok());
    }
}
