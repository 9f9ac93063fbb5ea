//! Will the target be met? Five trend methods over a time series, each
//! explicit about its inputs, fitted parameters, thresholds and class.
//!
//! Every method turns the series into one *statistic* where higher is
//! better, then compares it with descending thresholds: the first
//! threshold it reaches names the class. A target already met overrides
//! every trend (`target-achieved`). The formulas, presets and references
//! are on the [methods page](crate::docs::methods).
//!
//! | method | statistic | default thresholds | arithmetic |
//! |---|---|---|---|
//! | `linear` | observed ÷ required progress per period | 1, 3/4 | exact |
//! | `unsd-cagr` | share of the required progress the current growth rate delivers by the target period | 0.95, 0.5, −0.1 | binary64 |
//! | `open-sdg` | observed ÷ required compound growth rate | 0.95, 0.6, 0 | binary64 |
//! | `escap-wls` | share of the required progress the time-weighted least-squares line delivers | 1, 0 | exact |
//! | `destatis` | share of the remaining change the average of the last k changes delivers | 0.95, 0.8, 0.2 | exact |
//!
//! ```
//! use chitieu::progress::{trend, Point, TrendInput, TrendOptions, TrendMethod};
//! use chitieu::model::Direction;
//! use chitieu::{Period, Rational};
//! let p = |y: i32, v: i128| Point { period: Period::Year(y), value: Rational::from(v) };
//! let series = [p(2021, 100), p(2022, 110), p(2023, 120)];
//! let options = TrendOptions { method: TrendMethod::EscapWls, ..TrendOptions::default() };
//! let input = TrendInput { series: &series, baseline: None, target: p(2025, 140), direction: Direction::Increase };
//! let result = trend(&input, &options).unwrap();
//! // A perfectly linear series is projected exactly: 140 in 2025.
//! assert_eq!(result.projected, Some(chitieu::progress::Figure::Exact(Rational::from(140))));
//! assert_eq!(result.class.as_deref(), Some("maintain-progress"));
//! ```

mod classes;
mod methods;
mod terms;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::json_text::ToJson;
use crate::model::Direction;
use crate::number::Rational;
use crate::period::PeriodType;
use crate::progress::Point;
use crate::progress::pace::PaceStatus;
use crate::text::Text;

pub use classes::TrendClass;
use terms::Series;
pub use terms::{
    Figure, Reason, Threshold, TrendInput, TrendMethod, TrendOptions, TrendUndefined, Weighting,
};

/// The result of a trend assessment.
#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
pub struct Trend {
    /// The method used.
    pub method: TrendMethod,
    /// Where the method and its thresholds come from.
    pub reference: Text,
    /// Which way is progress.
    pub direction: Direction,
    /// The period type the series is counted in.
    pub period_type: PeriodType,
    /// The baseline used.
    pub baseline: Point,
    /// The latest observation.
    pub current: Point,
    /// The target.
    pub target: Point,
    /// Periods from the baseline to the current point.
    pub periods_elapsed: i64,
    /// Periods from the current point to the target period.
    pub periods_remaining: i64,
    /// The method's fitted parameters, by name.
    pub fitted: BTreeMap<&'static str, Figure>,
    /// The value the method projects for the target period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projected: Option<Figure>,
    /// What the statistic measures.
    pub statistic_name: Text,
    /// The statistic (higher is better).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<Figure>,
    /// The thresholds used, highest first.
    pub thresholds: Vec<Threshold>,
    /// The class's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The class's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The common status every method maps to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PaceStatus>,
    /// Whether the target period has passed without the target being met.
    pub deadline_passed: bool,
    /// Why no class could be given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<Reason>,
}

/// Checks the series, baseline and target, and places each on one period
/// index so the methods can count periods between them.
fn prepare(input: &TrendInput<'_>) -> Result<Series> {
    let first = input
        .series
        .first()
        .ok_or_else(|| Error::invalid("series", ("chuỗi số liệu trống", "the series is empty")))?;
    let period_type = first.period.period_type();
    let points = placed_series(input.series, period_type)?;
    let target = place(&input.target, period_type, "target.period".into())?;
    let current = *points
        .last()
        .ok_or_else(|| Error::invalid("series", ("chuỗi số liệu trống", "the series is empty")))?;
    let baseline = match input.baseline {
        Some(b) => place(&b, period_type, "baseline.period".into())?,
        None => *points.first().ok_or_else(|| {
            Error::invalid("series", ("chuỗi số liệu trống", "the series is empty"))
        })?,
    };
    check_period_order(baseline, current, target)?;
    Ok(Series {
        period_type,
        points,
        baseline,
        current,
        target,
    })
}

/// `point` with its period's place on the index of `period_type`; `path`
/// names the point in the error when its period is of another type or
/// cannot be indexed.
fn place(point: &Point, period_type: PeriodType, path: String) -> Result<(i64, Point)> {
    if point.period.period_type() != period_type {
        return Err(Error::invalid(
            path,
            (
                format!(
                    "kỳ {} không cùng loại với chuỗi ({}); hãy dùng một loại kỳ cho cả chuỗi",
                    point.period,
                    period_type.label(crate::text::Lang::En)
                ),
                format!(
                    "period {} is not of the series' type ({}); use one period type throughout",
                    point.period,
                    period_type.label(crate::text::Lang::En)
                ),
            ),
        ));
    }
    let at = point.period.index().ok_or_else(|| {
        Error::invalid(
            path,
            (
                format!(
                    "kỳ {} không phải là ngày, tháng, quý, nửa năm hay năm",
                    point.period
                ),
                format!(
                    "period {} is not a day, month, quarter, half-year or year",
                    point.period
                ),
            ),
        )
    })?;
    Ok((at, *point))
}

/// The series placed on the period index and in period order, refusing a
/// period given twice (two values for one period leave the trend ambiguous).
fn placed_series(series: &[Point], period_type: PeriodType) -> Result<Vec<(i64, Point)>> {
    let mut points = Vec::with_capacity(series.len());
    for (i, point) in series.iter().enumerate() {
        points.push(place(point, period_type, format!("series[{i}].period"))?);
    }
    crate::order::sort_by_key(&mut points, |(at, _)| *at);
    if let Some(pair) = points
        .windows(2)
        .find(|w| matches!(w, [a, b] if a.0 == b.0))
    {
        let period = pair
            .first()
            .map(|p| p.1.period.to_string())
            .unwrap_or_default();
        return Err(Error::invalid(
            "series",
            (
                format!("kỳ {period} xuất hiện hai lần trong chuỗi"),
                format!("period {period} appears twice in the series"),
            ),
        ));
    }
    Ok(points)
}

/// Refuses a baseline after the latest observation, or a target not after
/// the baseline: no trend can be measured or projected between them.
fn check_period_order(
    baseline: (i64, Point),
    current: (i64, Point),
    target: (i64, Point),
) -> Result<()> {
    if baseline.0 > current.0 {
        return Err(Error::invalid(
            "baseline.period",
            (
                format!(
                    "kỳ gốc {} ở sau số liệu mới nhất {}",
                    baseline.1.period, current.1.period
                ),
                format!(
                    "the baseline {} is after the latest observation {}",
                    baseline.1.period, current.1.period
                ),
            ),
        ));
    }
    if target.0 <= baseline.0 {
        return Err(Error::invalid(
            "target.period",
            (
                format!(
                    "kỳ mục tiêu {} không ở sau kỳ gốc {}",
                    target.1.period, baseline.1.period
                ),
                format!(
                    "the target period {} is not after the baseline {}",
                    target.1.period, baseline.1.period
                ),
            ),
        ));
    }
    Ok(())
}

/// Whether `value` meets `target` in `direction`.
fn met(value: Rational, target: Rational, direction: Direction) -> bool {
    match direction {
        Direction::Increase => value >= target,
        Direction::Decrease => value <= target,
        Direction::Maintain => value == target,
    }
}

/// Assesses the trend of a series towards its target by one of the
/// published methods ([`TrendMethod`]; see [`docs::methods`](crate::docs::methods)).
///
/// ```
/// use chitieu::progress::{trend, Point, TrendInput, TrendMethod, TrendOptions};
/// use chitieu::{model::Direction, Period, Rational};
///
/// let point = |year, value: i64| Point { period: Period::Year(year), value: Rational::from(value) };
/// let series = [point(2021, 100), point(2023, 121)];
/// let input = TrendInput { series: &series, baseline: None, target: point(2025, 200), direction: Direction::Increase };
/// let options = TrendOptions { method: TrendMethod::OpenSdg, ..TrendOptions::default() };
/// assert_eq!(trend(&input, &options)?.class.as_deref(), Some("limited-progress"));
///
/// // One point is no trend: the class is undefined, with the reason.
/// let short = TrendInput { series: &series[..1], ..input };
/// let undefined = trend(&short, &options)?;
/// assert_eq!(undefined.class, None);
/// assert!(undefined.undefined.is_some());
///
/// // Two reports for one period are an error naming the series.
/// let twice = [point(2021, 100), point(2021, 120)];
/// let error = trend(&TrendInput { series: &twice, ..input }, &options).unwrap_err();
/// assert_eq!((error.code(), error.path()), ("invalid-value", "series"));
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn trend(input: &TrendInput<'_>, options: &TrendOptions) -> Result<Trend> {
    let series = prepare(input)?;
    let preset = classes::preset(options.method);
    let thresholds = match &options.thresholds {
        None => preset.thresholds()?,
        Some(custom) => preset.custom(custom)?,
    };
    let mut out = Trend {
        method: options.method,
        reference: Text::new(preset.reference.0, preset.reference.1),
        direction: input.direction,
        period_type: series.period_type,
        baseline: series.baseline.1,
        current: series.current.1,
        target: series.target.1,
        periods_elapsed: series.current.0 - series.baseline.0,
        periods_remaining: series.target.0 - series.current.0,
        fitted: BTreeMap::new(),
        projected: None,
        statistic_name: Text::new(preset.statistic.0, preset.statistic.1),
        statistic: None,
        thresholds,
        class: None,
        label: None,
        status: None,
        deadline_passed: false,
        undefined: None,
    };
    let undefined = |out: &mut Trend, code: TrendUndefined| {
        out.undefined = Some(Reason {
            code,
            message: code.text(),
        });
    };
    if input.direction == Direction::Maintain {
        undefined(&mut out, TrendUndefined::NotApplicable);
        return Ok(out);
    }
    if met(
        series.current.1.value,
        series.target.1.value,
        input.direction,
    ) {
        let achieved = TrendClass::achieved();
        out.class = Some(achieved.id.to_string());
        out.label = Some(achieved.label());
        out.status = Some(PaceStatus::Achieved);
    }
    let deadline_passed = out.status.is_none() && out.periods_remaining <= 0;
    if deadline_passed {
        // The due period has come without the target: no trend can save it.
        let lowest = preset.lowest();
        out.deadline_passed = true;
        out.class = Some(lowest.id.to_string());
        out.label = Some(lowest.label());
        out.status = Some(lowest.status);
    }
    let computed = methods::compute(&series, input.direction, options, &mut out.fitted)?;
    out.projected = computed.projected.filter(|p| p.as_f64().is_finite());
    match computed.statistic {
        Ok(statistic) if !statistic.as_f64().is_finite() => {
            if out.status.is_none() {
                undefined(&mut out, TrendUndefined::OutOfRange);
            }
        }
        Ok(statistic) => {
            out.statistic = Some(statistic);
            if out.status.is_none() {
                let class = preset.classify(statistic, &out.thresholds);
                out.class = Some(class.id.to_string());
                out.label = Some(class.label());
                out.status = Some(class.status);
            }
        }
        Err(reason) => {
            if out.status.is_none() {
                undefined(&mut out, reason);
            }
        }
    }
    Ok(out)
}
