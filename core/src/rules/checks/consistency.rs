//! Rules on values against each other: children against their parent,
//! disaggregated parts against the total, sub-measures against their
//! indicator, running totals that fall, stocks that drop sharply.

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};
use crate::model::{AreaAggregation, IndicatorEntry, MeasureKind, ReportedAs};
use crate::number::Rational;
use crate::period::{Period, PeriodType};
use crate::rules::catalogue::id;
use crate::rules::context::{Ctx, number, percent, plain, sum_against_parent};
use crate::rules::finding::Operator;
use chrono::NaiveDate;

/// Totals of usable observations: (indicator, period) → area → (value,
/// observation index).
type Totals = HashMap<(usize, Period), ByArea>;

/// The totals of one indicator and period, sorted by area position: filled
/// in series order (the check's index lists series by indicator, then
/// area), so no per-area hash map is built for a million rows.
#[derive(Default)]
struct ByArea(Vec<(usize, (Rational, usize))>);

impl ByArea {
    fn get(&self, area: &usize) -> Option<&(Rational, usize)> {
        let at = self.0.binary_search_by_key(area, |(a, _)| *a).ok()?;
        self.0.get(at).map(|(_, v)| v)
    }

    fn keys(&self) -> impl Iterator<Item = &usize> {
        self.0.iter().map(|(a, _)| a)
    }
}

fn totals(ctx: &Ctx<'_>) -> Totals {
    let mut out: Totals = HashMap::default();
    for ((ind, area), rows) in ctx.checked.usable_series() {
        for &row in rows {
            let i = row as usize;
            let Some(obs) = ctx.checked.data.observation(i) else {
                continue;
            };
            if let (Some(value), true) = (obs.value(), obs.disaggregation().is_empty()) {
                out.entry((ind, obs.period()))
                    .or_default()
                    .0
                    .push((area, (value, i)));
            }
        }
    }
    out
}

/// An exact sum or difference that does not fit, at the observation whose
/// value took it over: an error, never a silently skipped rule.
fn overflow_at(index: usize) -> Error {
    Error::overflow().at(format!("data.observations[{index}].value"))
}

pub(crate) fn run(ctx: &mut Ctx<'_>) -> Result<()> {
    let totals = totals(ctx);
    let mut keys: Vec<(usize, Period)> = totals.keys().copied().collect();
    crate::order::sort_by_key(&mut keys, |(ind, p)| (*ind, p.start(), p.end()));
    parent_totals(ctx, &totals, &keys)?;
    disaggregation_totals(ctx, &totals)?;
    sub_measures(ctx, &totals, &keys);
    over_time(ctx)
}

fn parent_totals(ctx: &mut Ctx<'_>, totals: &Totals, keys: &[(usize, Period)]) -> Result<()> {
    for key in keys {
        let Some(entry) = ctx.checked.framework.entry(key.0) else {
            continue;
        };
        if entry.indicator.measure.area_aggregation() == AreaAggregation::RecomputeRatio {
            continue;
        }
        let Some(by_area) = totals.get(key) else {
            continue;
        };
        // Only areas with sub-areas can disagree with them.
        let mut parents: Vec<usize> = by_area
            .keys()
            .copied()
            .filter(|&a| !ctx.checked.areas.children_of(a).is_empty())
            .collect();
        crate::order::sort(&mut parents);
        for parent in parents {
            let children = ctx.checked.areas.children_of(parent);
            let reported: Vec<Rational> = children
                .iter()
                .filter_map(|c| by_area.get(c).map(|v| v.0))
                .collect();
            if reported.is_empty() {
                continue;
            }
            let Some(&(own, index)) = by_area.get(&parent) else {
                continue;
            };
            let sum =
                Rational::sum(reported.iter().copied()).map_err(|_| overflow_at(ctx.row(index)))?;
            let complete = reported.len() == children.len();
            let Some((relation, op)) = sum_against_parent(sum, own, complete) else {
                continue;
            };
            let params = [
                ("indicator", ctx.indicator_name(&entry)),
                ("area", ctx.area_name(parent)),
                ("left", number(sum)),
                ("right", number(own)),
                ("relation", relation),
                ("period", plain(key.1)),
            ];
            let record = ctx.observation(index);
            ctx.emit(
                id::PARENT_TOTAL,
                record,
                &params,
                Some((sum, op, own)),
                Vec::new(),
            );
        }
    }
    Ok(())
}

fn disaggregation_totals(ctx: &mut Ctx<'_>, totals: &Totals) -> Result<()> {
    // (indicator, area, period, dimension) → sum of single-dimension
    // parts: the parts sorted by key, then summed in reading order (sorted
    // rows, not maps: their code costs the browser module more).
    type Key<'a> = (usize, usize, Period, &'a str);
    // (key, value, observation, place in reading order)
    let mut rows: Vec<(Key<'_>, Rational, usize, usize)> = Vec::new();
    for (i, obs, ind, area) in ctx.checked.usable() {
        let Some(value) = obs.value() else {
            continue;
        };
        let mut dims = obs.disaggregation().iter();
        let (Some((dimension, _)), None) = (dims.next(), dims.next()) else {
            continue;
        };
        rows.push(((ind, area, obs.period(), dimension), value, i, rows.len()));
    }
    // Stable: each key's parts stay in reading order.
    crate::order::sort_by_key(&mut rows, |row| row.0);
    let mut sums: Vec<(Key<'_>, Rational)> = Vec::new();
    // The first part, in reading order, whose sum does not fit: (place,
    // observation).
    let mut overflow: Option<(usize, usize)> = None;
    for &(key, value, i, place) in &rows {
        match sums.last_mut() {
            Some((last, sum)) if *last == key => match sum.checked_add(value) {
                Some(next) => *sum = next,
                None if overflow.is_none_or(|(first, _)| place < first) => {
                    overflow = Some((place, i));
                }
                None => {}
            },
            _ => sums.push((key, value)),
        }
    }
    if let Some((_, i)) = overflow {
        return Err(overflow_at(ctx.row(i)));
    }
    for period_parts in sums.chunk_by(|a, b| (a.0.0, a.0.1, a.0.2) == (b.0.0, b.0.1, b.0.2)) {
        let Some(&((ind, area, period, _), _)) = period_parts.first() else {
            continue;
        };
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        if entry.indicator.measure == MeasureKind::Ratio {
            continue;
        }
        let Some(&(total, index)) = totals.get(&(ind, period)).and_then(|m| m.get(&area)) else {
            continue;
        };
        for &((_, _, _, dimension), sum) in period_parts {
            if sum <= total {
                continue;
            }
            let params = [
                ("indicator", ctx.indicator_name(&entry)),
                ("dimension", plain(dimension)),
                ("left", number(sum)),
                ("right", number(total)),
                ("area", ctx.area_name(area)),
                ("period", plain(period)),
            ];
            let record = ctx.observation(index);
            ctx.emit(
                id::DISAGGREGATION_TOTAL,
                record,
                &params,
                Some((sum, Operator::Le, total)),
                Vec::new(),
            );
        }
    }
    Ok(())
}

fn sub_measures(ctx: &mut Ctx<'_>, totals: &Totals, keys: &[(usize, Period)]) {
    for key in keys {
        let Some(entry) = ctx.checked.framework.entry(key.0) else {
            continue;
        };
        let (true, Some(parent)) = (entry.indicator.part_of_total, entry.parent) else {
            continue;
        };
        let Some(parent_pos) = ctx.checked.framework.position(parent.code.as_str()) else {
            continue;
        };
        let (Some(subs), Some(parents)) = (totals.get(key), totals.get(&(parent_pos, key.1)))
        else {
            continue;
        };
        let mut areas: Vec<usize> = subs.keys().copied().collect();
        crate::order::sort(&mut areas);
        for area in areas {
            let (Some(&(sub, index)), Some(&(whole, _))) = (subs.get(&area), parents.get(&area))
            else {
                continue;
            };
            if sub <= whole {
                continue;
            }
            let params = [
                ("indicator", ctx.indicator_name(&entry)),
                ("parent", parent.name.clone()),
                ("left", number(sub)),
                ("right", number(whole)),
                ("area", ctx.area_name(area)),
                ("period", plain(key.1)),
            ];
            let record = ctx.observation(index);
            ctx.emit(
                id::SUB_MEASURE,
                record,
                &params,
                Some((sub, Operator::Le, whole)),
                Vec::new(),
            );
        }
    }
}

/// One compared series, sorted by time: (period, value, observation index).
type Series = Vec<(Period, Rational, usize)>;

/// Running totals that fall and stocks that drop sharply, between
/// consecutive reports of the same period type.
fn over_time(ctx: &mut Ctx<'_>) -> Result<()> {
    let series = series_over_time(ctx);
    let threshold = ctx.options.stock_drop_percent;
    for ((ind, area), points) in series {
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        let rule = match (entry.indicator.measure, entry.indicator.reported_as) {
            (MeasureKind::Cumulative, ReportedAs::RunningTotal) => id::CUMULATIVE_DECREASE,
            (MeasureKind::Stock, _) => id::STOCK_DROP,
            _ => continue,
        };
        for pair in points.windows(2) {
            check_step(ctx, rule, &entry, area, pair, threshold)?;
        }
    }
    Ok(())
}

/// Every (indicator, area) series compared over time, each sorted by time
/// on its own; collected first, since findings need the context mutably.
fn series_over_time(ctx: &Ctx<'_>) -> Vec<((usize, usize), Series)> {
    // Only stocks and running totals are compared over time, each series
    // (from the check's index) sorted by time on its own.
    let mut series: Vec<((usize, usize), Series)> = Vec::new();
    // (time order, observation index, period, value).
    type Point = ((PeriodType, NaiveDate, NaiveDate), usize, Period, Rational);
    let mut points: Vec<Point> = Vec::new();
    for ((ind, area), rows) in ctx.checked.usable_series() {
        let compared = ctx.checked.framework.entry(ind).is_some_and(|e| {
            matches!(
                (e.indicator.measure, e.indicator.reported_as),
                (MeasureKind::Cumulative, ReportedAs::RunningTotal) | (MeasureKind::Stock, _)
            )
        });
        if !compared {
            continue;
        }
        points.clear();
        for &row in rows {
            let i = row as usize;
            let Some(obs) = ctx.checked.data.observation(i) else {
                continue;
            };
            if let (Some(value), true) = (obs.value(), obs.disaggregation().is_empty()) {
                let p = obs.period();
                points.push(((p.period_type(), p.end(), p.start()), i, p, value));
            }
        }
        crate::order::sort_by_key(&mut points, |(order, i, _, _)| (*order, *i));
        if !points.is_empty() {
            let list = points.iter().map(|&(_, i, p, v)| (p, v, i)).collect();
            series.push(((ind, area), list));
        }
    }
    series
}

/// One step from a report to the next of the same period type: a fall of a
/// running total, or a stock's drop beyond `threshold` percent.
fn check_step(
    ctx: &mut Ctx<'_>,
    rule: &str,
    entry: &IndicatorEntry<'_>,
    area: usize,
    pair: &[(Period, Rational, usize)],
    threshold: Rational,
) -> Result<()> {
    let [(prev_p, prev, _), (p, value, index)] = pair else {
        return Ok(());
    };
    if prev_p.period_type() != p.period_type() || value >= prev {
        return Ok(());
    }
    let mut params = vec![
        ("indicator", ctx.indicator_name(entry)),
        ("area", ctx.area_name(area)),
        ("left", number(*value)),
        ("right", number(*prev)),
        ("previous", plain(prev_p)),
        ("period", plain(p)),
    ];
    if rule == id::STOCK_DROP {
        if prev.is_zero() {
            return Ok(());
        }
        let drop = prev
            .checked_sub(*value)
            .and_then(|d| d.checked_div(*prev))
            .and_then(|d| d.checked_mul(Rational::HUNDRED))
            .ok_or_else(|| overflow_at(ctx.row(*index)))?;
        if drop <= threshold {
            return Ok(());
        }
        params.push(("drop", percent(drop)));
        params.push(("threshold", percent(threshold)));
    }
    let record = ctx.observation(*index);
    ctx.emit(
        rule,
        record,
        &params,
        Some((*value, Operator::Ge, *prev)),
        Vec::new(),
    );
    Ok(())
}
