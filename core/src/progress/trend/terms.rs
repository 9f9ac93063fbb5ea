//! The terms of a trend assessment: the series and target it is given, the
//! method and options it is asked for, and the figures and reasons it
//! answers with.

use serde::{Deserialize, Serialize};

use crate::json_text::ToJson;
use crate::model::Direction;
use crate::number::Rational;
use crate::period::PeriodType;
use crate::progress::Point;
use crate::text::Text;

/// A trend method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TrendMethod {
    /// Observed versus required progress per period (safe with a zero
    /// baseline).
    #[default]
    Linear,
    /// UN Statistics Division, SDG Progress Chart style: compound growth
    /// projected to the target period, as a share of the required progress.
    UnsdCagr,
    /// Open SDG / Statistics Canada: observed over required compound
    /// annual growth rate.
    OpenSdg,
    /// UN ESCAP Anticipated Progress style: a time-weighted least-squares
    /// line projected to the target period.
    EscapWls,
    /// Destatis (German Sustainable Development Strategy) "weather
    /// symbols": the average of the last k changes, projected.
    Destatis,
}

/// How the least-squares fit weighs observations (`escap-wls`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Weighting {
    /// Weight 1 for the earliest period, growing by 1 each period, so
    /// recent observations weigh more.
    #[default]
    Linear,
    /// Every observation weighs 1 (ordinary least squares).
    Uniform,
}

/// Options of a trend assessment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendOptions {
    /// The method (default `linear`).
    #[serde(default)]
    pub method: TrendMethod,
    /// Thresholds replacing the preset's, highest first, one fewer than
    /// the method has classes.
    #[serde(default)]
    pub thresholds: Option<Vec<Rational>>,
    /// The weighting of `escap-wls` (default `linear`).
    #[serde(default)]
    pub weights: Weighting,
    /// How many of the last changes `destatis` averages (default 5).
    #[serde(default)]
    pub changes: Option<u32>,
}

/// What a trend assessment reads.
#[derive(Debug, Clone, Copy)]
pub struct TrendInput<'a> {
    /// The observed series, in any order; the latest point is "current".
    pub series: &'a [Point],
    /// The baseline; the earliest point of the series when absent.
    pub baseline: Option<Point>,
    /// The target and the period it is due.
    pub target: Point,
    /// Which way is progress.
    pub direction: Direction,
}

/// A figure: exact, or a binary64 approximation (growth methods need
/// roots, which are not rational).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// An exact rational.
    Exact(Rational),
    /// A binary64 value, the same on every platform (computed with the
    /// pure-Rust `libm`).
    Approx(f64),
}

impl Figure {
    pub(super) fn as_f64(self) -> f64 {
        match self {
            Figure::Exact(r) => r.to_f64(),
            Figure::Approx(x) => x,
        }
    }

    /// Whether the figure is at or above `threshold` (exactly for exact
    /// figures).
    pub(super) fn reaches(self, threshold: Rational) -> bool {
        match self {
            Figure::Exact(r) => r >= threshold,
            Figure::Approx(x) => x >= threshold.to_f64(),
        }
    }
}

crate::json_text::to_json_via_serde!(Figure);

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Figure::Exact(r) => r.serialize(s),
            Figure::Approx(x) => s.serialize_f64(*x),
        }
    }
}

/// Why a trend cannot be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TrendUndefined {
    /// Too few observations for the method.
    InsufficientData,
    /// A growth rate needs a non-zero baseline.
    ZeroBaseline,
    /// A growth rate needs baseline, current value and target of one sign.
    SignChange,
    /// The target equals the baseline: no progress is required.
    NoRequiredProgress,
    /// The current period is the baseline period: no time has passed.
    NoElapsedPeriods,
    /// Trends do not apply to "maintain" indicators.
    NotApplicable,
    /// A binary64 figure overflowed.
    OutOfRange,
}

impl TrendUndefined {
    /// The explanation in both languages.
    pub fn text(self) -> Text {
        match self {
            TrendUndefined::InsufficientData => Text::new(
                "không đủ số liệu cho phương pháp này",
                "too few observations for the method",
            ),
            TrendUndefined::ZeroBaseline => Text::new(
                "số liệu gốc bằng 0: không tính được tốc độ tăng trưởng",
                "the baseline is zero: no growth rate can be computed",
            ),
            TrendUndefined::SignChange => Text::new(
                "số liệu gốc, hiện tại và chỉ tiêu không cùng dấu",
                "baseline, current value and target differ in sign",
            ),
            TrendUndefined::NoRequiredProgress => Text::new(
                "chỉ tiêu bằng số liệu gốc: không cần tiến bộ",
                "the target equals the baseline: no progress is required",
            ),
            TrendUndefined::NoElapsedPeriods => Text::new(
                "kỳ hiện tại trùng kỳ gốc: chưa có thời gian để đo",
                "the current period is the baseline period: no time has passed",
            ),
            TrendUndefined::NotApplicable => Text::new(
                "không áp dụng cho chỉ tiêu duy trì",
                "not applicable to a maintain indicator",
            ),
            TrendUndefined::OutOfRange => Text::new(
                "kết quả vượt quá phạm vi số thực",
                "the result is beyond the range of binary64 numbers",
            ),
        }
    }
}

/// A class boundary: a statistic at or above `at` is in `class` (unless it
/// reaches an earlier boundary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Threshold {
    /// The boundary.
    pub at: Rational,
    /// The class at or above it.
    pub class: &'static str,
}

/// Why the trend could not be decided, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Reason {
    /// The reason's code.
    pub code: TrendUndefined,
    /// Its explanation.
    pub message: Text,
}

/// The series as (time index, value) pairs, sorted, with its type.
pub(super) struct Series {
    pub(super) period_type: PeriodType,
    pub(super) points: Vec<(i64, Point)>,
    pub(super) baseline: (i64, Point),
    pub(super) current: (i64, Point),
    pub(super) target: (i64, Point),
}
