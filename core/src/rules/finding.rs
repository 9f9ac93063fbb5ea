//! Findings: what a rule found, on which record, with the values compared,
//! the legal basis in force and the message in both languages.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::AreaLevel;
use crate::io::table::Table;
use crate::json_text::ToJson;
use crate::model::Disaggregation;
use crate::number::Rational;
use crate::period::Period;
use crate::rules::rule::{Category, LegalBasis, Severity};
use crate::text::{Lang, Text};

/// A comparison operator of a finding or a user-defined rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToJson)]
pub enum Operator {
    /// Equal.
    #[serde(rename = "==")]
    Eq,
    /// Not equal.
    #[serde(rename = "!=")]
    Ne,
    /// Greater than.
    #[serde(rename = ">")]
    Gt,
    /// Greater than or equal.
    #[serde(rename = ">=")]
    Ge,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// Less than or equal.
    #[serde(rename = "<=")]
    Le,
    /// If one side has a value, the other must have one too.
    #[serde(rename = "compulsory-pair")]
    CompulsoryPair,
    /// The two sides must not both have a value.
    #[serde(rename = "exclusive-pair")]
    ExclusivePair,
}

impl Operator {
    /// The operator as written in rule text.
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Eq => "==",
            Operator::Ne => "!=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::CompulsoryPair => "compulsory-pair",
            Operator::ExclusivePair => "exclusive-pair",
        }
    }

    /// Whether `left OP right` holds (for the comparison operators).
    pub fn holds(self, left: Rational, right: Rational) -> bool {
        match self {
            Operator::Eq => left == right,
            Operator::Ne => left != right,
            Operator::Gt => left > right,
            Operator::Ge => left >= right,
            Operator::Lt => left < right,
            Operator::Le => left <= right,
            Operator::CompulsoryPair | Operator::ExclusivePair => true,
        }
    }
}

/// What kind of record a finding is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    /// An observation (`$.observations[i]`).
    Observation,
    /// An activity (`$.activities[i]`).
    Activity,
    /// A plan (`$.plans[i]`).
    Plan,
    /// An area (`$.areas[i]`), e.g. for a missing report.
    Area,
    /// An indicator's target (`…indicators[i].targets[j]`).
    Target,
}

/// The record a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
pub struct Record {
    /// Its kind.
    pub kind: RecordKind,
    /// Its index in its list.
    pub index: usize,
    /// Its JSON path in the data set.
    pub path: String,
    /// The indicator concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// The area concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The period concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The disaggregation concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disaggregation: Option<Disaggregation>,
    /// The record's date (activities, plans), which decides the law cited.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::period::iso_date::option"
    )]
    pub date: Option<NaiveDate>,
    /// The line of the file the observation was read from, when the data
    /// came from a file (CSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// One finding (read back from JSON too: a report pickled in Python
/// crosses processes as its JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// Severity (after the run's overrides).
    pub severity: Severity,
    /// The rule's category.
    pub category: Category,
    /// The record.
    pub record: Record,
    /// The left value compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Rational>,
    /// The operator of the comparison that failed (or, for information, held).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
    /// The right value compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<Rational>,
    /// The legal provisions in force on the record's date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalBasis>,
    /// The message in Vietnamese and English.
    pub message: Text,
    /// The path of another record the message names (the first of two
    /// duplicates), relative like the record's: placed with the record by
    /// [`crate::rules::ValidationReport::under`], in the message too.
    #[serde(skip)]
    pub related: Option<String>,
}

/// Counts of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToJson)]
pub struct FindingSummary {
    /// All findings.
    pub total: usize,
    /// By severity.
    pub by_severity: BTreeMap<Severity, usize>,
    /// By rule id.
    pub by_rule: BTreeMap<String, usize>,
    /// By the level of the area concerned (findings about an area of the
    /// data set's list; others, such as an unknown code, are not counted
    /// here).
    #[serde(default)]
    pub by_level: BTreeMap<AreaLevel, usize>,
}

impl FindingSummary {
    /// Counts `findings`; `level` gives the level of an area code.
    pub fn of(findings: &[Finding], level: impl Fn(&str) -> Option<AreaLevel>) -> FindingSummary {
        let mut s = FindingSummary {
            total: findings.len(),
            ..FindingSummary::default()
        };
        let mut last: Option<(&str, Option<AreaLevel>)> = None;
        for f in findings {
            *s.by_severity.entry(f.severity).or_insert(0) += 1;
            *s.by_rule.entry(f.rule.clone()).or_insert(0) += 1;
            // Findings come sorted by record, so one area's run looks its
            // level up once.
            let at = f.record.area.as_deref().and_then(|code| match last {
                Some((seen, found)) if seen == code => found,
                _ => {
                    let found = level(code);
                    last = Some((code, found));
                    found
                }
            });
            if let Some(at) = at {
                *s.by_level.entry(at).or_insert(0) += 1;
            }
        }
        s
    }
}

/// Findings as a flat table, one row per finding (the columns are listed
/// on `ValidationReport::to_columns`).
pub(crate) fn findings_table(findings: &[Finding], lang: Lang) -> Table {
    let table = Table::over(findings)
        .text("rule", |f| Some(f.rule.clone()))
        .code("severity", |f| Some(f.severity))
        .code("category", |f| Some(f.category))
        .code("kind", |f| Some(f.record.kind))
        .text("path", |f| Some(f.record.path.clone()));
    // The file's line, when the data came from one.
    let table = if findings.iter().any(|f| f.record.line.is_some()) {
        table.int("line", |f| {
            f.record.line.and_then(|l| i64::try_from(l).ok())
        })
    } else {
        table
    };
    table
        .text("indicator", |f| f.record.indicator.clone())
        .text("area", |f| f.record.area.clone())
        .text("period", |f| f.record.period.map(|p| p.to_string()))
        .exact("left", |f| f.left)
        .text("operator", |f| f.operator.map(|o| o.symbol().to_string()))
        .exact("right", |f| f.right)
        .text("legal_basis", |f| {
            let cited: Vec<&str> = f.legal_basis.iter().map(|b| b.cite(lang)).collect();
            (!cited.is_empty()).then(|| cited.join("; "))
        })
        .text("message", |f| Some(f.message.get(lang).to_string()))
        .finish()
}
