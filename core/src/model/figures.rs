//! Whether an observation's figures can count: the value rules of
//! severity error, judged here once. Validation reports what this finds
//! (`value.negative`, `value.non-integer`,
//! `value.numerator-above-denominator`, `value.percent-range`); a strict
//! computation refuses it, with its path; `invalid: exclude` leaves the row
//! out and lists it. So a figure is never built from a value that
//! validation calls an error.

use crate::error::Error;
use crate::model::{IndicatorEntry, MeasureKind, ObservationView, UnitKind};
use crate::number::Rational;

/// A figure of an observation that cannot count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueProblem {
    /// A negative count, ratio part or coverage figure (`value.negative`).
    Negative {
        /// `value`, `numerator` or `denominator`.
        field: &'static str,
        /// The figure.
        value: Rational,
    },
    /// A fraction of a thing counted whole (`value.non-integer`).
    NotWhole {
        /// `value`, `numerator` or `denominator`.
        field: &'static str,
        /// The figure.
        value: Rational,
    },
    /// A part above its whole: a percentage's numerator above its
    /// denominator, areas meeting a condition above the areas counted
    /// (`value.numerator-above-denominator`).
    PartAboveWhole {
        /// The part.
        part: Rational,
        /// The whole.
        whole: Rational,
    },
    /// A percentage outside 0–100 (`value.percent-range`).
    PercentRange {
        /// The percentage.
        value: Rational,
    },
}

/// The three figures of an observation, by field name.
fn fields(obs: ObservationView<'_>) -> [(&'static str, Option<Rational>); 3] {
    [
        ("value", obs.value()),
        ("numerator", obs.numerator()),
        ("denominator", obs.denominator()),
    ]
}

/// Every problem of `obs`'s figures, in the order validation reports them:
/// by field (value, numerator, denominator) a negative figure then a
/// fraction, then a part above its whole, then a percentage out of range.
pub fn value_problems(obs: ObservationView<'_>, entry: &IndicatorEntry<'_>) -> Vec<ValueProblem> {
    let measure = entry.indicator.measure;
    let unit = entry.unit.kind;
    let mut found = Vec::new();
    for (field, value) in fields(obs) {
        let Some(value) = value else { continue };
        // Negative counts of things, parts of ratios and coverage cannot
        // be; a sum of money or another quantity may fall below zero.
        let counted = match (measure, field) {
            (MeasureKind::Ratio | MeasureKind::Coverage, _) => true,
            (_, "value") => unit == UnitKind::Count,
            _ => false,
        };
        if value.is_negative() && counted {
            found.push(ValueProblem::Negative { field, value });
        }
        let whole_things = match (measure, field) {
            (MeasureKind::Coverage, _) => true,
            (MeasureKind::Stock | MeasureKind::Cumulative, "value") => unit == UnitKind::Count,
            _ => false,
        };
        if whole_things && !value.is_integer() {
            found.push(ValueProblem::NotWhole { field, value });
        }
    }
    let part_whole = match measure {
        MeasureKind::Ratio if unit == UnitKind::Percent => obs.numerator().zip(obs.denominator()),
        MeasureKind::Coverage => obs.value().zip(obs.denominator()),
        _ => None,
    };
    if let Some((part, whole)) = part_whole
        && part > whole
    {
        found.push(ValueProblem::PartAboveWhole { part, whole });
    }
    if unit == UnitKind::Percent
        && measure != MeasureKind::Ratio
        && let Some(value) = obs.value()
        && (value.is_negative() || value > Rational::HUNDRED)
    {
        found.push(ValueProblem::PercentRange { value });
    }
    found
}

/// An exact number in each language's format.
fn both(r: Rational) -> (String, String) {
    let text = crate::number::in_both(r);
    (text.vi, text.en)
}

impl ValueProblem {
    /// The validation rule that reports it.
    pub fn rule(self) -> &'static str {
        match self {
            ValueProblem::Negative { .. } => "value.negative",
            ValueProblem::NotWhole { .. } => "value.non-integer",
            ValueProblem::PartAboveWhole { .. } => "value.numerator-above-denominator",
            ValueProblem::PercentRange { .. } => "value.percent-range",
        }
    }

    /// The field it is placed at.
    pub fn field(self) -> &'static str {
        match self {
            ValueProblem::Negative { field, .. } | ValueProblem::NotWhole { field, .. } => field,
            ValueProblem::PartAboveWhole { .. } => "numerator",
            ValueProblem::PercentRange { .. } => "value",
        }
    }

    /// The error a strict computation gives for it at row `row`.
    pub(crate) fn error_at(self, row: usize) -> Error {
        let rule = self.rule();
        let (vi, en) = match self {
            ValueProblem::Negative { field, value } => {
                let (v, e) = both(value);
                (
                    format!(
                        "«{field}» âm ({v}): số đếm, phần của tỷ lệ và độ bao phủ không âm được"
                    ),
                    format!(
                        "`{field}` is negative ({e}): counts, ratio parts and coverage never are"
                    ),
                )
            }
            ValueProblem::NotWhole { field, value } => {
                let (v, e) = both(value);
                (
                    format!("«{field}» = {v} không phải số nguyên, mà chỉ tiêu này đếm nguyên"),
                    format!("`{field}` = {e} is not whole, and this indicator counts whole things"),
                )
            }
            ValueProblem::PartAboveWhole { part, whole } => {
                let ((pv, pe), (wv, we)) = (both(part), both(whole));
                (
                    format!("phần ({pv}) lớn hơn tổng ({wv})"),
                    format!("the part ({pe}) is above the whole ({we})"),
                )
            }
            ValueProblem::PercentRange { value } => {
                let (v, e) = both(value);
                (
                    format!("tỷ lệ phần trăm {v} nằm ngoài 0–100"),
                    format!("the percentage {e} is outside 0–100"),
                )
            }
        };
        Error::invalid(
            format!("observations[{row}].{}", self.field()),
            (
                format!("{vi} (quy tắc {rule}): số liệu này không được tính"),
                format!("{en} (rule {rule}): this figure cannot count"),
            ),
        )
    }
}
