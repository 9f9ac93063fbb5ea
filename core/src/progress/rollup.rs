//! Roll-ups: an indicator's value over time (by measure kind) and over the
//! area hierarchy (sums, recomputed ratios, counted areas).
//!
//! Over time, within a window (usually the phase start to the as-of date),
//! only observations whose period lies wholly inside the window count:
//! - stock, ratio, coverage and running totals take the latest period
//!   (by [`Period::cmp_recency`]: latest end; on a tie, the shorter
//!   period, as the fresher figure; on the same span, the calendar period);
//! - cumulative flows are summed; two flows whose periods overlap would be
//!   counted twice, so they are an error.
//!
//! Over areas, an area's value is its own reported total when it has one,
//! otherwise the combination of its children's values, computed bottom-up
//! in one pass. Only totals (observations without disaggregation) roll up.

use chrono::NaiveDate;
use serde::Serialize;

use crate::area::{AreaLevel, AreaTree};
use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::ToJson;
use crate::model::{
    AreaAggregation, CheckedData, DataSet, IndicatorEntry, MeasureKind, ObservationView, Qualifier,
    TimeAggregation, UnitKind,
};
use crate::number::Rational;
use crate::period::Period;
use crate::progress::coverage::Coverage;

/// An indicator's value at one area: what was reported or combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
pub struct Aggregate {
    /// The value: the count, the ratio (×100 for percent units) or the
    /// number of areas meeting the condition.
    pub value: Rational,
    /// The numerator (ratio indicators).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<Rational>,
    /// The denominator (ratio indicators; areas counted for coverage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<Rational>,
    /// The report's qualifier ("more than"…) when the value is one report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// How many observations it comes from.
    pub observations: u32,
}

/// Where an area's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The area reported its own total.
    Reported,
    /// Combined from the areas below it.
    Children,
}

/// One area's row of a roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct RollupRow {
    /// The area.
    pub area: AreaCode,
    /// Its level.
    pub level: AreaLevel,
    /// The value used for the area: its own report, else its children's.
    #[serde(flatten)]
    pub aggregate: Aggregate,
    /// Where the value comes from.
    pub origin: Origin,
    /// The children's combined value, when they reported (lets a reader
    /// compare it with the area's own report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Aggregate>,
    /// How many of the areas expected to report have a figure, when the
    /// data set expects reports of the indicator here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
}

/// An area's value in a roll-up, before it is labelled with the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AreaValue {
    /// The value used for the area.
    pub aggregate: Aggregate,
    /// Where it comes from.
    pub origin: Origin,
    /// The children's combined value, when they reported.
    pub children: Option<Aggregate>,
}

/// Observation indexes grouped by indicator position, totals only, each
/// grouped by area (by area position, rows in input order within one).
pub(crate) fn totals_by_indicator(checked: &CheckedData<'_>) -> Vec<Vec<usize>> {
    let mut buckets = vec![Vec::new(); checked.framework.len()];
    // From the check's series index: each bucket comes grouped by area, so
    // a roll-up reads an area's rows as one run.
    for ((ind, _), rows) in checked.usable_series() {
        let Some(bucket) = buckets.get_mut(ind) else {
            continue;
        };
        bucket.extend(rows.iter().map(|&row| row as usize).filter(|&row| {
            checked
                .data
                .observation(row)
                .is_some_and(|obs| obs.disaggregation().is_empty())
        }));
    }
    buckets
}

fn ratio_value(num: Rational, den: Rational, unit: UnitKind) -> Result<Rational> {
    let share = num.checked_div(den).ok_or_else(Error::overflow)?;
    if unit == UnitKind::Percent {
        share
            .checked_mul(Rational::HUNDRED)
            .ok_or_else(Error::overflow)
    } else {
        Ok(share)
    }
}

/// What one total observation reported, as a roll-up reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reported {
    /// Its value.
    pub value: Option<Rational>,
    /// Its numerator.
    pub numerator: Option<Rational>,
    /// Its denominator.
    pub denominator: Option<Rational>,
    /// Its qualifier.
    pub qualifier: Option<Qualifier>,
}

impl Reported {
    /// The figures of `obs`.
    pub fn of(obs: ObservationView<'_>) -> Reported {
        Reported {
            value: obs.value(),
            numerator: obs.numerator(),
            denominator: obs.denominator(),
            qualifier: obs.qualifier(),
        }
    }
}

fn from_observation(obs: ObservationView<'_>, entry: &IndicatorEntry<'_>) -> Result<Aggregate> {
    aggregate_of(Reported::of(obs), entry)
}

/// One report as an aggregate of the indicator's measure.
pub(crate) fn aggregate_of(obs: Reported, entry: &IndicatorEntry<'_>) -> Result<Aggregate> {
    let measure = entry.indicator.measure;
    let (value, numerator, denominator) = match measure {
        MeasureKind::Ratio => {
            let (num, den) = (
                obs.numerator.unwrap_or(Rational::ZERO),
                obs.denominator.unwrap_or(Rational::ONE),
            );
            (
                ratio_value(num, den, entry.unit.kind)?,
                Some(num),
                Some(den),
            )
        }
        MeasureKind::Coverage => {
            let value = obs.value.unwrap_or(Rational::ZERO);
            // An area reporting on itself counts as one area.
            (value, None, Some(obs.denominator.unwrap_or(Rational::ONE)))
        }
        MeasureKind::Stock | MeasureKind::Cumulative => {
            (obs.value.unwrap_or(Rational::ZERO), None, None)
        }
    };
    Ok(Aggregate {
        value,
        numerator,
        denominator,
        qualifier: obs.qualifier,
        observations: 1,
    })
}

fn add(a: Option<Rational>, b: Option<Rational>) -> Result<Option<Rational>> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b).map(Some).ok_or_else(Error::overflow),
        _ => Ok(None),
    }
}

/// Combines two aggregates of the same indicator (areas side by side, or
/// flows one after the other).
fn combine(a: Aggregate, b: Aggregate, entry: &IndicatorEntry<'_>) -> Result<Aggregate> {
    let numerator = add(a.numerator, b.numerator)?;
    let denominator = add(a.denominator, b.denominator)?;
    let value = match (
        entry.indicator.measure.area_aggregation(),
        numerator,
        denominator,
    ) {
        (AreaAggregation::RecomputeRatio, Some(n), Some(d)) => ratio_value(n, d, entry.unit.kind)?,
        _ => a.value.checked_add(b.value).ok_or_else(Error::overflow)?,
    };
    Ok(Aggregate {
        value,
        numerator,
        denominator,
        qualifier: None,
        observations: a.observations.saturating_add(b.observations),
    })
}

/// The value of one indicator at one area over the window, from that
/// area's own total observations.
fn over_time(
    data: &DataSet,
    indexes: &[usize],
    entry: &IndicatorEntry<'_>,
    window: &Period,
) -> Result<Option<Aggregate>> {
    let inside: Vec<(usize, ObservationView<'_>)> = indexes
        .iter()
        .filter_map(|&i| data.observation(i).map(|o| (i, o)))
        .filter(|(_, o)| window.contains(&o.period()))
        .collect();
    match entry.indicator.time_aggregation() {
        TimeAggregation::LastValue | TimeAggregation::LatestRunningTotal => {
            let latest = inside
                .iter()
                .max_by(|(_, a), (_, b)| a.period().cmp_recency(&b.period()));
            latest.map(|(_, o)| from_observation(*o, entry)).transpose()
        }
        TimeAggregation::SumOfFlows => {
            let flows = inside
                .into_iter()
                .map(|(i, o)| (i, o.period(), Reported::of(o)))
                .collect();
            sum_flows(flows, entry)
        }
    }
}

/// The sum of one area's flows of `entry` (observation index, period,
/// report), in period order: two flows whose periods overlap would be
/// counted twice, so they are an error at the later one.
pub(crate) fn sum_flows(
    mut flows: Vec<(usize, Period, Reported)>,
    entry: &IndicatorEntry<'_>,
) -> Result<Option<Aggregate>> {
    crate::order::sort_by_key(&mut flows, |(_, period, _)| (period.start(), period.end()));
    let mut total: Option<Aggregate> = None;
    let mut last_end: Option<(NaiveDate, usize)> = None;
    let code = &entry.indicator.code;
    for (i, period, reported) in flows {
        if let Some((end, first)) = last_end
            && period.start() <= end
        {
            return Err(Error::invalid(
                format!("data.observations[{i}].period"),
                (
                    format!(
                        "số phát sinh của `{code}` kỳ {period} trùng với số liệu observations[{first}]; sẽ bị tính hai lần"
                    ),
                    format!(
                        "flow of `{code}` for {period} overlaps the flow at observations[{first}]; it would be counted twice"
                    ),
                ),
            ));
        }
        last_end = Some((period.end(), i));
        let one = aggregate_of(reported, entry)?;
        total = Some(match total {
            None => one,
            Some(t) => {
                let mut sum = combine(t, one, entry)?;
                sum.qualifier = t.qualifier.or(one.qualifier);
                sum
            }
        });
    }
    Ok(total)
}

/// Rolls one indicator up over time (the window) and over every area.
/// Returns one entry per area of the tree (same order), `None` where
/// neither the area nor anything below it reported.
pub(crate) fn rollup_indicator(
    checked: &CheckedData<'_>,
    totals: &[usize],
    position: usize,
    window: &Period,
) -> Result<Vec<Option<AreaValue>>> {
    let Some(entry) = checked.framework.entry(position) else {
        return Ok(Vec::new());
    };
    let tree: &AreaTree = &checked.areas;
    let n = tree.areas().len();
    let area_of = |i: &usize| checked.resolution(*i).map(|(_, area)| area);
    // Rows come grouped by area from `totals_by_indicator`; any other list
    // is grouped here first (stable: rows keep their order in an area).
    let grouped;
    let totals = if totals.windows(2).all(|w| match w {
        [a, b] => area_of(a) <= area_of(b),
        _ => true,
    }) {
        totals
    } else {
        let mut sorted = totals.to_vec();
        crate::order::sort_by_key(&mut sorted, area_of);
        grouped = sorted;
        &grouped
    };
    let mut own: Vec<Option<Aggregate>> = vec![None; n];
    for run in totals.chunk_by(|a, b| area_of(a) == area_of(b)) {
        if let Some(area) = run.first().and_then(area_of)
            && let Some(slot) = own.get_mut(area)
        {
            *slot = over_time(checked.data, run, &entry, window)?;
        }
    }
    up_the_tree(tree, own, &entry)
}

/// Every area's value from each area's own value (`own`, by area
/// position): its own report when it has one, otherwise its children's
/// combined, computed bottom-up in one pass.
pub(crate) fn up_the_tree(
    tree: &AreaTree,
    own: Vec<Option<Aggregate>>,
    entry: &IndicatorEntry<'_>,
) -> Result<Vec<Option<AreaValue>>> {
    let n = tree.areas().len();
    let mut result: Vec<Option<AreaValue>> = vec![None; n];
    let mut children_total: Vec<Option<Aggregate>> = vec![None; n];
    for &area in tree.bottom_up() {
        let from_children = children_total.get(area).copied().flatten();
        let chosen = match (own.get(area).copied().flatten(), from_children) {
            (Some(mine), _) => Some(AreaValue {
                aggregate: mine,
                origin: Origin::Reported,
                children: from_children,
            }),
            (None, Some(kids)) => Some(AreaValue {
                aggregate: kids,
                origin: Origin::Children,
                children: Some(kids),
            }),
            (None, None) => None,
        };
        if let (
            Some(AreaValue {
                aggregate: value, ..
            }),
            Some(parent),
        ) = (chosen, tree.parent_of(area))
            && let Some(slot) = children_total.get_mut(parent)
        {
            *slot = Some(match *slot {
                None => value,
                Some(acc) => combine(acc, value, entry)?,
            });
        }
        if let Some(slot) = result.get_mut(area) {
            *slot = chosen;
        }
    }
    Ok(result)
}

/// The rows of every area with a value, in area order, with their
/// coverage of the indicator at `position`.
fn rows_of(
    checked: &CheckedData<'_>,
    position: usize,
    window: &Period,
    values: Vec<Option<AreaValue>>,
) -> Vec<RollupRow> {
    let has_figure = |area: usize| values.get(area).is_some_and(Option::is_some);
    let coverage = crate::progress::coverage::coverage(checked, position, window, &has_figure);
    values
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let v = v?;
            let area = checked.areas.get(i)?;
            Some(RollupRow {
                area: area.code.clone(),
                level: area.level,
                aggregate: v.aggregate,
                origin: v.origin,
                children: v.children,
                coverage: coverage.get(i).copied().flatten(),
            })
        })
        .collect()
}

/// Rolls one indicator up and returns only each area's value.
pub(crate) fn rollup_indicator_values(
    checked: &CheckedData<'_>,
    totals: &[usize],
    position: usize,
    window: &Period,
) -> Result<Vec<Option<Rational>>> {
    Ok(rollup_indicator(checked, totals, position, window)?
        .into_iter()
        .map(|v| v.map(|v| v.aggregate.value))
        .collect())
}

/// One indicator's values at every area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct IndicatorRollup {
    /// The indicator.
    pub indicator: String,
    /// Its value at every area, bottom-up order.
    pub rows: Vec<RollupRow>,
}

/// Every indicator (or one) rolled up over the window of the phase up to
/// `as_of`, to every area of the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Rollup {
    /// The phase start to the as-of date.
    pub window: Period,
    /// One entry per indicator.
    pub indicators: Vec<IndicatorRollup>,
}

/// Rolls every indicator (or only `indicator`) up to every area, over the
/// phase (`phase`, default the one containing `as_of`) up to `as_of`:
/// counts summed, ratios recomputed from their summed parts, stocks at
/// their latest value.
///
/// ```
/// use chitieu::{io::json, period::parse_date, progress::rollup, DataSet, Rational};
///
/// let data: DataSet = json::from_str(r#"{"version": 1, "builtin_framework": "project8",
///   "areas": [
///     {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
///     {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
///     {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"}],
///   "observations": [
///     {"indicator": "P8.CCG", "area": "02", "period": "2023", "value": 410},
///     {"indicator": "P8.CCG", "area": "08", "period": "2023", "value": 385}]}"#)?;
/// let rolled = rollup(&data.check()?, parse_date("2023-12-31")?, None, Some("P8.CCG"))?;
/// let values: Vec<(&str, Rational)> = rolled.indicators[0].rows.iter()
///     .map(|row| (row.area.as_str(), row.aggregate.value)).collect();
/// assert_eq!(values, [("VN", Rational::from(795)), ("02", Rational::from(410)), ("08", Rational::from(385))]);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn rollup(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
    indicator: Option<&str>,
) -> Result<Rollup> {
    let totals = totals_by_indicator(checked);
    rollup_with(checked, as_of, phase, indicator, &|position, window| {
        let bucket = totals.get(position).map(Vec::as_slice).unwrap_or(&[]);
        rollup_indicator(checked, bucket, position, window)
    })
}

/// Every area's value of the indicator at a position, over a window:
/// where a roll-up's values come from (the observations, or a merged
/// [`RollupState`](crate::progress::RollupState)).
pub(crate) type ValuesOf<'v> = dyn Fn(usize, &Period) -> Result<Vec<Option<AreaValue>>> + Sync + 'v;

/// The window of a roll-up or report: the phase start to `as_of` (or the
/// phase end).
pub(crate) fn window_of(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
) -> Result<Period> {
    let phase = crate::progress::phase::resolve_phase(checked, as_of, phase)?;
    if as_of < phase.start {
        return Err(Error::invalid(
            "as_of",
            (
                "ngày báo cáo ở trước khi giai đoạn bắt đầu",
                "the as-of date is before the phase starts",
            ),
        ));
    }
    Period::range(phase.start, as_of.min(phase.end))
}

/// [`rollup`] with each indicator's values from `values`.
pub(crate) fn rollup_with(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
    indicator: Option<&str>,
    values: &ValuesOf<'_>,
) -> Result<Rollup> {
    let window = window_of(checked, as_of, phase)?;
    let positions: Vec<usize> = match indicator {
        Some(code) => vec![checked.framework.position(code).ok_or_else(|| {
            Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Indicator,
                value: code.to_string(),
            })
            .at("indicator")
        })?],
        None => (0..checked.framework.len()).collect(),
    };
    // Indicators roll up independently: on every core, joined in order.
    let indicators = crate::parallel::map_in_order(&positions, |&position| {
        let rows = rows_of(checked, position, &window, values(position, &window)?);
        let code = checked
            .framework
            .entry(position)
            .map(|e| e.indicator.code.to_string())
            .unwrap_or_default();
        Ok(IndicatorRollup {
            indicator: code,
            rows,
        })
    });
    Ok(Rollup {
        window,
        indicators: indicators.into_iter().collect::<Result<_>>()?,
    })
}
