//! The state of one validation run, and helpers that turn values into
//! message parameters in both languages.

use chrono::NaiveDate;

use crate::model::{CheckedData, IndicatorEntry};
use crate::number::{NumberFormat, Rational};
use crate::rules::catalogue;
use crate::rules::finding::{Finding, Operator, Record, RecordKind};
use crate::rules::options::ValidateOptions;
use crate::rules::rule::{LegalBasis, Severity};
use crate::rules::scope::PartScope;
use crate::text::{Lang, Text};

/// A text that reads the same in both languages (codes, periods).
pub(crate) fn plain(s: impl ToString) -> Text {
    let s = s.to_string();
    Text::new(s.clone(), s)
}

/// An exact number in each language's format.
pub(crate) fn number(r: Rational) -> Text {
    crate::number::in_both(r)
}

/// A percentage at one decimal in each language's format.
pub(crate) fn percent(r: Rational) -> Text {
    let vi = NumberFormat::Vi
        .format_percent(r, 1)
        .unwrap_or_else(|_| r.to_string());
    let en = NumberFormat::En
        .format_percent(r, 1)
        .unwrap_or_else(|_| r.to_string());
    Text::new(vi, en)
}

/// A date: 01/06/2023 in Vietnamese, 2023-06-01 in English.
pub(crate) fn date_text(d: NaiveDate) -> Text {
    Text::new(crate::period::dmy(d), crate::period::iso(d))
}

/// Two labels, one per language.
pub(crate) fn text(vi: &str, en: &str) -> Text {
    Text::new(vi, en)
}

/// How the children's `sum` stands against their parent's `own` value:
/// above it is always wrong; when every child is counted (`complete`) it
/// must equal it. Returns the relation's wording and the operator that
/// should have held, or `None` when all is well.
pub(crate) fn sum_against_parent(
    sum: crate::number::Rational,
    own: crate::number::Rational,
    complete: bool,
) -> Option<(Text, Operator)> {
    if sum > own {
        Some((text("vượt", "exceeds"), Operator::Le))
    } else if complete && sum != own {
        Some((text("khác", "differs from"), Operator::Eq))
    } else {
        None
    }
}

/// One validation run.
pub(crate) struct Ctx<'a> {
    pub checked: &'a CheckedData<'a>,
    pub as_of: NaiveDate,
    pub options: &'a ValidateOptions,
    /// The part of a split run this is, if it is one.
    pub scope: Option<&'a PartScope<'a>>,
    pub findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// Whether rule `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        !self.options.disabled.iter().any(|d| d == id) && self.scope.is_none_or(|s| s.runs(id))
    }

    /// The index in the whole data set of observation `i` (in a part of a
    /// split run, its ordinal).
    pub fn row(&self, i: usize) -> usize {
        self.scope.map_or(i, |s| s.row(i))
    }

    /// Whether this run checks the indicator at `position` against its
    /// annual targets (a split run does so once per indicator).
    pub fn owns(&self, position: usize) -> bool {
        self.scope.is_none_or(|s| s.owns(position))
    }

    /// Records a finding of built-in rule `id`.
    pub fn emit(
        &mut self,
        id: &str,
        record: Record,
        params: &[(&str, Text)],
        compared: Option<(Rational, Operator, Rational)>,
        legal_basis: Vec<LegalBasis>,
    ) {
        if !self.enabled(id) {
            return;
        }
        let Some((severity, category, template)) = catalogue::template(id) else {
            return;
        };
        let message = Text::new(
            crate::rules::rule::render(&template.vi, params, Lang::Vi),
            crate::rules::rule::render(&template.en, params, Lang::En),
        );
        self.findings.push(Finding {
            rule: id.to_string(),
            severity: self.severity_of(id, severity),
            category,
            record,
            left: compared.map(|c| c.0),
            operator: compared.map(|c| c.1),
            right: compared.map(|c| c.2),
            legal_basis,
            message,
            related: None,
        });
    }

    /// The severity of `id` in this run.
    pub fn severity_of(&self, id: &str, default: Severity) -> Severity {
        self.options.severity.get(id).copied().unwrap_or(default)
    }

    /// The record of observation `i`.
    pub fn observation(&self, i: usize) -> Record {
        let obs = self.checked.data.observation(i);
        let index = self.row(i);
        Record {
            kind: RecordKind::Observation,
            index,
            path: format!("observations[{index}]"),
            indicator: obs.map(|o| o.indicator().to_string()),
            area: obs.map(|o| o.area().to_string()),
            period: obs.map(|o| o.period()),
            disaggregation: obs
                .map(|o| o.disaggregation().clone())
                .filter(|d| !d.is_empty()),
            date: None,
            line: self.checked.data.observation_line(i),
        }
    }

    /// A record of kind `kind` at `index` of list `list` (e.g. `activities`).
    pub fn record(&self, kind: RecordKind, list: &str, index: usize) -> Record {
        Record {
            kind,
            index,
            path: format!("{list}[{index}]"),
            indicator: None,
            area: None,
            period: None,
            disaggregation: None,
            date: None,
            line: None,
        }
    }

    /// The indicator's name, for messages.
    pub fn indicator_name(&self, entry: &IndicatorEntry<'_>) -> Text {
        entry.indicator.name.clone()
    }

    /// The area's name and code, for messages: "Hà Giang (02)".
    pub fn area_name(&self, index: usize) -> Text {
        match self.checked.areas.get(index) {
            Some(a) => Text::new(
                format!("{} ({})", a.name.vi, a.code),
                format!("{} ({})", a.name.en, a.code),
            ),
            None => plain("?"),
        }
    }

    /// The area named by `code`, for messages (the code alone if unknown).
    pub fn area_name_of(&self, code: &str) -> Text {
        match self.checked.areas.index_of(code) {
            Some(i) => self.area_name(i),
            None => plain(code),
        }
    }
}
