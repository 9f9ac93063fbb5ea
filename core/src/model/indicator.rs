//! Indicators: what is counted, in which unit, how it adds up over time and
//! areas, and the targets set for it.

use serde::{Deserialize, Serialize};

use crate::code::{AreaCode, IndicatorCode, UnitCode};
use crate::json_text::{FromJson, ToJson};
use crate::model::area::AreaLevel;
use crate::model::observation::Disaggregation;
use crate::model::phrase::ReportPhrase;
use crate::number::Rational;
use crate::period::{Period, PeriodType};
use crate::text::{Lang, Text};

/// How an indicator measures: the key to every aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MeasureKind {
    /// How many exist at the period end ("thành lập và duy trì":
    /// established and maintained; groups can dissolve).
    Stock,
    /// Events or people summed over the phase ("tổ chức N cuộc").
    Cumulative,
    /// A numerator over a denominator (×100 when the unit is percent).
    Ratio,
    /// Areas meeting a condition out of N ("10/10 tỉnh").
    Coverage,
}

impl MeasureKind {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MeasureKind::Stock, Lang::Vi) => "số hiện có",
            (MeasureKind::Stock, Lang::En) => "stock",
            (MeasureKind::Cumulative, Lang::Vi) => "lũy kế",
            (MeasureKind::Cumulative, Lang::En) => "cumulative",
            (MeasureKind::Ratio, Lang::Vi) => "tỷ lệ",
            (MeasureKind::Ratio, Lang::En) => "ratio",
            (MeasureKind::Coverage, Lang::Vi) => "độ bao phủ",
            (MeasureKind::Coverage, Lang::En) => "coverage",
        }
    }

    /// How values of this kind combine over areas.
    pub fn area_aggregation(self) -> AreaAggregation {
        match self {
            MeasureKind::Stock | MeasureKind::Cumulative => AreaAggregation::Sum,
            MeasureKind::Ratio => AreaAggregation::RecomputeRatio,
            MeasureKind::Coverage => AreaAggregation::CountAreas,
        }
    }
}

/// How values combine over areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum AreaAggregation {
    /// Children's values are added.
    Sum,
    /// Numerators and denominators are added, then divided: ratios are
    /// never averaged.
    RecomputeRatio,
    /// Areas meeting the condition are counted, out of the areas counted.
    CountAreas,
}

/// How values combine over time within a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum TimeAggregation {
    /// The value of the latest period in the window (stocks, ratios, coverage).
    LastValue,
    /// The sum of the flows reported for periods in the window.
    SumOfFlows,
    /// The latest running total (cumulative indicators reported as totals).
    LatestRunningTotal,
}

/// Whether an indicator should go up, down or stay.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, FromJson, ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// More is better; the target is a floor.
    #[default]
    Increase,
    /// Less is better; the target is a ceiling.
    Decrease,
    /// The value should stay at the target, within a tolerance band.
    Maintain,
}

/// How a cumulative indicator's values are reported.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, FromJson, ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReportedAs {
    /// Each value is what happened in its period (summed over time).
    #[default]
    Flow,
    /// Each value is the total since the phase start (the latest counts).
    RunningTotal,
}

/// What kind of quantity a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum UnitKind {
    /// Whole things: groups, people, courses. Values must be integers.
    Count,
    /// A percentage, 0–100.
    Percent,
    /// An amount of money in VND, exact.
    Money,
    /// Any other quantity.
    Quantity,
}

/// A unit with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit code, e.g. `group`.
    pub code: UnitCode,
    /// Its name, e.g. tổ / group.
    pub name: Text,
    /// What it measures.
    pub kind: UnitKind,
}

/// The units every framework knows without declaring them.
pub fn builtin_units() -> Vec<Unit> {
    let unit = |code: &str, vi: &str, en: &str, kind| Unit {
        code: UnitCode::trusted(code),
        name: Text::new(vi, en),
        kind,
    };
    use UnitKind::*;
    vec![
        unit("group", "tổ", "group", Count),
        unit("club", "CLB", "club", Count),
        unit("address", "địa chỉ", "address", Count),
        unit("course", "lớp", "course", Count),
        unit("event", "cuộc", "event", Count),
        unit("person", "người", "person", Count),
        unit("household", "hộ", "household", Count),
        unit("model", "mô hình", "model", Count),
        unit("province", "tỉnh", "province", Count),
        unit("commune", "xã", "commune", Count),
        unit("village", "thôn", "village", Count),
        unit("package", "gói", "package", Count),
        unit("percent", "%", "%", Percent),
        unit("vnd", "đồng", "VND", Money),
    ]
}

/// A target: the value to reach for a period (phase or year), optionally
/// for one area and one disaggregation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The period the target is for: a phase (`2021-2025`) or a year (`2024`).
    pub period: Period,
    /// The area; `None` means the programme as a whole (the root area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<AreaCode>,
    /// The disaggregation the target is for; empty for the total.
    #[serde(default, skip_serializing_if = "Disaggregation::is_empty")]
    pub disaggregation: Disaggregation,
    /// The target value, in the indicator's unit.
    pub value: Rational,
}

/// A baseline: the value before the programme acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The value.
    pub value: Rational,
    /// When it was measured.
    pub period: Period,
}

/// An indicator of a programme component.
///
/// Sub-measures (e.g. the women owning or managing the livelihood groups)
/// are indicators too, nested under the indicator they describe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable code, unique in the framework.
    pub code: IndicatorCode,
    /// Name in Vietnamese and English.
    pub name: Text,
    /// Unit code: a built-in unit or one declared by the framework.
    pub unit: UnitCode,
    /// Stock, cumulative, ratio or coverage.
    pub measure: MeasureKind,
    /// Which way is progress.
    #[serde(default)]
    pub direction: Direction,
    /// How often it is reported (the period type of its observations).
    #[serde(default = "default_frequency")]
    pub frequency: PeriodType,
    /// For cumulative indicators: flows or running totals.
    #[serde(default)]
    pub reported_as: ReportedAs,
    /// For coverage indicators: the level of the areas counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_level: Option<AreaLevel>,
    /// For `maintain` indicators: the allowed deviation, in percent of the
    /// target (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_percent: Option<Rational>,
    /// The value before the programme, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Targets by phase, year, area and disaggregation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// For a sub-measure: whether it counts a part of its parent's total
    /// (so can never exceed it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub part_of_total: bool,
    /// Sub-measures of this indicator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_measures: Vec<Indicator>,
    /// How the indicator is said in a narrative report (its verb and noun
    /// phrases); without one, a report names it and gives its figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_phrase: Option<ReportPhrase>,
}

fn default_frequency() -> PeriodType {
    PeriodType::Year
}

impl Indicator {
    /// How values combine over time.
    pub fn time_aggregation(&self) -> TimeAggregation {
        match (self.measure, self.reported_as) {
            (MeasureKind::Cumulative, ReportedAs::Flow) => TimeAggregation::SumOfFlows,
            (MeasureKind::Cumulative, ReportedAs::RunningTotal) => {
                TimeAggregation::LatestRunningTotal
            }
            _ => TimeAggregation::LastValue,
        }
    }

    /// The target for exactly `period` and `area` (`None`: programme-wide),
    /// for the total (no disaggregation).
    pub fn target_for(&self, period: &Period, area: Option<&AreaCode>) -> Option<Rational> {
        self.targets
            .iter()
            .find(|t| &t.period == period && t.area.as_ref() == area && t.disaggregation.is_empty())
            .map(|t| t.value)
    }
}
