//! What a rule is: id, severity, category, bilingual message template,
//! legal basis with effective dates, and scope.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::AreaLevel;
use crate::json_text::{FromJson, ToJson};
use crate::model::ModelType;
use crate::period::PeriodType;
use crate::text::{Lang, Text};

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    FromJson,
    ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The data is wrong or the activity is not allowed.
    Error,
    /// Probably wrong; a person should look.
    Warning,
    /// For information (e.g. an exemption applies).
    Info,
}

impl Severity {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::Vi) => "thông tin",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// What a rule checks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToJson,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Category {
    /// A value on its own.
    Value,
    /// Values against each other.
    Consistency,
    /// What the law allows.
    Legal,
    /// Who and where may benefit.
    Eligibility,
    /// Targets and plans.
    Plan,
    /// Codes, periods, completeness.
    Reporting,
}

impl Category {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::Value, Lang::Vi) => "giá trị",
            (Category::Value, Lang::En) => "value",
            (Category::Consistency, Lang::Vi) => "tính nhất quán",
            (Category::Consistency, Lang::En) => "consistency",
            (Category::Legal, Lang::Vi) => "pháp lý",
            (Category::Legal, Lang::En) => "legal",
            (Category::Eligibility, Lang::Vi) => "đối tượng, địa bàn",
            (Category::Eligibility, Lang::En) => "eligibility",
            (Category::Plan, Lang::Vi) => "kế hoạch",
            (Category::Plan, Lang::En) => "plan",
            (Category::Reporting, Lang::Vi) => "báo cáo",
            (Category::Reporting, Lang::En) => "reporting",
        }
    }
}

/// Which rows a rule must see together to find what it finds on the whole
/// data set: where it can run when the data is split across machines (see
/// [`crate::rules::split`]). Each kind's rows are a union of whole groups
/// of the next: a group by indicator holds whole series, and a series
/// holds whole rows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum Locality {
    /// One observation on its own: any partition of the rows.
    Row,
    /// Every row of one indicator × area (a series): repeated keys,
    /// missing periods, running totals and stocks over time, parts
    /// against their total.
    Series,
    /// Every row of one indicator, over all areas and periods: children
    /// against parents, what the indicator achieved against its annual
    /// targets, reports after the as-of date counted per indicator.
    Indicator,
    /// Every row of one area and period, over all indicators: sub-measures
    /// against their indicator, and user-defined rules (which compare
    /// indicators at one area and period).
    AreaPeriod,
    /// No observation: targets, plans, activities and areas, checked once.
    SetUp,
}

impl Locality {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Locality::Row, Lang::Vi) => "từng dòng",
            (Locality::Row, Lang::En) => "row",
            (Locality::Series, Lang::Vi) => "chuỗi chỉ tiêu × địa bàn",
            (Locality::Series, Lang::En) => "indicator × area series",
            (Locality::Indicator, Lang::Vi) => "chỉ tiêu",
            (Locality::Indicator, Lang::En) => "indicator",
            (Locality::AreaPeriod, Lang::Vi) => "địa bàn × kỳ",
            (Locality::AreaPeriod, Lang::En) => "area × period",
            (Locality::SetUp, Lang::Vi) => "thiết lập",
            (Locality::SetUp, Lang::En) => "set-up",
        }
    }

    /// Whether a group of rows keyed by `self` holds every row that a
    /// rule of `other` reads together.
    pub fn holds(self, other: Locality) -> bool {
        match self {
            Locality::Row | Locality::SetUp => self == other,
            Locality::Series => matches!(other, Locality::Row | Locality::Series),
            Locality::Indicator => {
                matches!(
                    other,
                    Locality::Row | Locality::Series | Locality::Indicator
                )
            }
            Locality::AreaPeriod => matches!(other, Locality::Row | Locality::AreaPeriod),
        }
    }
}

/// A legal provision a rule rests on, and when it is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The document number, e.g. `47/2010/QH12`.
    pub document: String,
    /// The document's name.
    pub name: Text,
    /// Who issued it.
    pub issuer: Text,
    /// The article and clause, e.g. Điều 8 khoản 2 / Art. 8.2; `None`
    /// when the whole document applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Text>,
    /// The amending document whose consolidated text applies, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended_by: Option<String>,
    /// How the provision is cited in a sentence.
    pub citation: Text,
    /// The first day it applies.
    #[serde(with = "crate::period::iso_date")]
    pub effective_from: NaiveDate,
    /// The last day it applies; `None` while in force.
    #[serde(
        default,
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_to: Option<NaiveDate>,
}

impl LegalBasis {
    /// Whether the provision is in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|end| date <= end)
    }

    /// The citation in `lang`, e.g. "Điều 8 khoản 2 Luật Các tổ chức tín
    /// dụng số 47/2010/QH12".
    pub fn cite(&self, lang: Lang) -> &str {
        self.citation.get(lang)
    }
}

/// What records a rule applies to; an empty list means all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(default, deny_unknown_fields)]
pub struct Scope {
    /// Indicator codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// Area levels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub area_levels: Vec<AreaLevel>,
    /// Period types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub period_types: Vec<PeriodType>,
    /// Intervention models.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<ModelType>,
}

impl Scope {
    /// Whether an area level is in scope.
    pub fn has_level(&self, level: AreaLevel) -> bool {
        self.area_levels.is_empty() || self.area_levels.contains(&level)
    }

    /// Whether a period type is in scope.
    pub fn has_period_type(&self, kind: PeriodType) -> bool {
        self.period_types.is_empty() || self.period_types.contains(&kind)
    }
}

/// A rule as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct RuleInfo {
    /// Stable id, e.g. `value.negative`.
    pub id: String,
    /// Default severity.
    pub severity: Severity,
    /// Category.
    pub category: Category,
    /// Which rows it must see together (where it runs on split data).
    pub locality: Locality,
    /// A short title.
    pub title: Text,
    /// The message template; `{name}` stands for a parameter.
    pub message: Text,
    /// The legal provisions it rests on, over time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalBasis>,
    /// What it applies to.
    pub scope: Scope,
}

/// Fills `{name}` placeholders of `template` from `params` (text in `lang`).
pub(crate) fn render(template: &str, params: &[(&str, Text)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find('}') {
            Some(close) => {
                let name = after.get(1..close).unwrap_or("");
                match params.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value.get(lang)),
                    None => out.push_str(after.get(..=close).unwrap_or("")),
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_named_parameters() {
        let params = [
            ("value", Text::new("-3", "-3")),
            ("field", Text::new("giá trị", "value")),
        ];
        assert_eq!(
            render("{field} âm: {value}", &params, Lang::Vi),
            "giá trị âm: -3"
        );
        assert_eq!(
            render("{field} is {value} {x}", &params, Lang::En),
            "value is -3 {x}"
        );
        assert_eq!(render("open { only", &params, Lang::En), "open { only");
    }
}
