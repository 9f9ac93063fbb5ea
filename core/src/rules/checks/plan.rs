//! Plan rules: annual targets against the remaining gap and the phase
//! target, area targets against their parent's, and plans approved after
//! their deadline. Annual targets are read as what a year must add, as in
//! the source article (the 2024 targets are the phase-1 gaps).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::code::AreaCode;
use crate::error::{Error, ErrorKind, Result, join_path};
use crate::model::{Direction, IndicatorEntry, Phase, Target};
use crate::number::Rational;
use crate::period::Period;
use crate::progress::{rollup_indicator_values, totals_by_indicator};
use crate::rules::catalogue::id;
use crate::rules::context::{Ctx, date_text, number, plain, sum_against_parent};
use crate::rules::finding::{Operator, Record, RecordKind};

fn target_record(ctx: &Ctx<'_>, position: usize, j: usize, target: &Target) -> Record {
    let base = ctx.checked.framework.path(position).unwrap_or("");
    let entry = ctx.checked.framework.entry(position);
    Record {
        kind: RecordKind::Target,
        index: j,
        path: format!("{base}.targets[{j}]"),
        indicator: entry.map(|e| e.indicator.code.to_string()),
        area: target.area.as_ref().map(AreaCode::to_string),
        period: Some(target.period),
        disaggregation: None,
        date: None,
        line: None,
    }
}

/// The area index a target is for (`None` area: the root).
fn target_area(ctx: &Ctx<'_>, target: &Target) -> Option<usize> {
    match &target.area {
        Some(code) => ctx.checked.areas.index_of(code.as_str()),
        None => ctx.checked.areas.root().ok(),
    }
}

/// The target of `entry` for `period` at area index `area`.
fn target_at(
    ctx: &Ctx<'_>,
    entry: &IndicatorEntry<'_>,
    period: &Period,
    area: usize,
) -> Option<Rational> {
    let code = &ctx.checked.areas.get(area)?.code;
    let is_root = ctx.checked.areas.root().ok() == Some(area);
    entry.indicator.target_for(period, Some(code)).or_else(|| {
        if is_root {
            entry.indicator.target_for(period, None)
        } else {
            None
        }
    })
}

pub(crate) fn run(ctx: &mut Ctx<'_>) -> Result<()> {
    let totals = totals_by_indicator(ctx.checked);
    for position in 0..ctx.checked.framework.len() {
        let Some(entry) = ctx.checked.framework.entry(position) else {
            continue;
        };
        annual_targets(ctx, &totals, position, &entry)?;
        allocations(ctx, position, &entry)?;
    }
    plans(ctx);
    Ok(())
}

/// An exact sum that does not fit, at target `j` of the indicator at
/// `position`: an error, never a silently skipped rule.
fn overflow_at(ctx: &Ctx<'_>, position: usize, j: usize) -> Error {
    let base = ctx.checked.framework.path(position).unwrap_or("");
    Error::overflow().at(join_path("data", &format!("{base}.targets[{j}].value")))
}

/// An annual target with the phase it falls in and that phase's target at
/// the same area: what the gap and sum rules compare it with.
struct AnnualTarget<'t> {
    j: usize,
    target: &'t Target,
    year: i32,
    area: usize,
    phase_at: usize,
    phase: &'t Phase,
    phase_target: Rational,
}

fn annual_targets(
    ctx: &mut Ctx<'_>,
    totals: &[Vec<usize>],
    position: usize,
    entry: &IndicatorEntry<'_>,
) -> Result<()> {
    // (area, phase id) → sum of annual targets, and the last one's index.
    let mut sums: BTreeMap<(usize, usize), (Rational, usize)> = BTreeMap::new();
    let phases = &ctx.checked.framework.framework().phases;
    for (j, target) in entry.indicator.targets.iter().enumerate() {
        let Some(annual) = annual_in_phase(ctx, entry, phases, j, target) else {
            continue;
        };
        let slot = sums
            .entry((annual.area, annual.phase_at))
            .or_insert((Rational::ZERO, j));
        let sum = slot.0.checked_add(target.value);
        *slot = (sum.ok_or_else(|| overflow_at(ctx, position, j))?, j);
        if entry.indicator.direction != Direction::Increase
            || !ctx.enabled(id::ANNUAL_ABOVE_GAP)
            || !ctx.owns(position)
        {
            continue;
        }
        annual_above_gap(ctx, totals, position, entry, &annual)?;
    }
    annual_sums_above_phase(ctx, position, entry, phases, sums);
    Ok(())
}

/// Target `j` when it is a total for one year at a known area, inside a
/// phase whose target the area has; other targets are not compared.
fn annual_in_phase<'t>(
    ctx: &Ctx<'_>,
    entry: &IndicatorEntry<'_>,
    phases: &'t [Phase],
    j: usize,
    target: &'t Target,
) -> Option<AnnualTarget<'t>> {
    let Period::Year(year) = target.period else {
        return None;
    };
    if !target.disaggregation.is_empty() {
        return None;
    }
    let area = target_area(ctx, target)?;
    let (phase_at, phase) = phases
        .iter()
        .enumerate()
        .find(|(_, p)| p.start <= target.period.start() && target.period.end() <= p.end)?;
    let phase_target = target_at(ctx, entry, &phase.period(), area)?;
    Some(AnnualTarget {
        j,
        target,
        year,
        area,
        phase_at,
        phase,
        phase_target,
    })
}

/// An annual target above what remained of its phase target when the year
/// began (read as what the year must add).
fn annual_above_gap(
    ctx: &mut Ctx<'_>,
    totals: &[Vec<usize>],
    position: usize,
    entry: &IndicatorEntry<'_>,
    annual: &AnnualTarget<'_>,
) -> Result<()> {
    let &AnnualTarget {
        j,
        target,
        year,
        area,
        phase,
        phase_target,
        ..
    } = annual;
    // What had been achieved by the end of the previous year.
    let achieved = match NaiveDate::from_ymd_opt(year.saturating_sub(1), 12, 31) {
        Some(end) if end >= phase.start => {
            let bucket = totals.get(position).map(Vec::as_slice).unwrap_or(&[]);
            let window = Period::Range(phase.start, end);
            match rollup_indicator_values(ctx.checked, bucket, position, &window) {
                Ok(values) => values
                    .get(area)
                    .copied()
                    .flatten()
                    .unwrap_or(Rational::ZERO),
                Err(e) if matches!(e.kind(), ErrorKind::ArithmeticOverflow) => return Err(e),
                // Flows that overlap cannot be summed; the roll-up
                // reports them, and no gap is known to compare with.
                Err(_) => return Ok(()),
            }
        }
        _ => Rational::ZERO,
    };
    let gap = phase_target
        .checked_sub(achieved)
        .ok_or_else(|| overflow_at(ctx, position, j))?
        .max(Rational::ZERO);
    if target.value > gap {
        let params = [
            ("year", plain(year)),
            ("indicator", ctx.indicator_name(entry)),
            ("area", ctx.area_name(area)),
            ("left", number(target.value)),
            ("right", number(gap)),
        ];
        let record = target_record(ctx, position, j, target);
        ctx.emit(
            id::ANNUAL_ABOVE_GAP,
            record,
            &params,
            Some((target.value, Operator::Le, gap)),
            Vec::new(),
        );
    }
    Ok(())
}

/// Annual targets of one area and phase that add up to more than the phase
/// target, reported at the last of them.
fn annual_sums_above_phase(
    ctx: &mut Ctx<'_>,
    position: usize,
    entry: &IndicatorEntry<'_>,
    phases: &[Phase],
    sums: BTreeMap<(usize, usize), (Rational, usize)>,
) {
    for ((area, phase_at), (sum, j)) in sums {
        let Some(phase) = phases.get(phase_at) else {
            continue;
        };
        let Some(phase_target) = target_at(ctx, entry, &phase.period(), area) else {
            continue;
        };
        if sum <= phase_target {
            continue;
        }
        let Some(target) = entry.indicator.targets.get(j) else {
            continue;
        };
        let params = [
            ("indicator", ctx.indicator_name(entry)),
            ("area", ctx.area_name(area)),
            ("left", number(sum)),
            ("right", number(phase_target)),
            ("phase", phase.name.clone()),
        ];
        let record = target_record(ctx, position, j, target);
        ctx.emit(
            id::ANNUAL_SUM,
            record,
            &params,
            Some((sum, Operator::Le, phase_target)),
            Vec::new(),
        );
    }
}

fn allocations(ctx: &mut Ctx<'_>, position: usize, entry: &IndicatorEntry<'_>) -> Result<()> {
    // (period, area, value, target index), by period then area; a later
    // target for the same period and area replaces an earlier one.
    let mut targets: Vec<(Period, usize, Rational, usize)> = Vec::new();
    for (j, target) in entry.indicator.targets.iter().enumerate() {
        if !target.disaggregation.is_empty() {
            continue;
        }
        let Some(area) = target_area(ctx, target) else {
            continue;
        };
        targets.push((target.period, area, target.value, j));
    }
    crate::order::sort_by_key(&mut targets, |t| (t.0, t.1));
    let mut kept: Vec<(Period, usize, Rational, usize)> = Vec::with_capacity(targets.len());
    for t in targets {
        match kept.last_mut() {
            Some(last) if (last.0, last.1) == (t.0, t.1) => *last = t,
            _ => kept.push(t),
        }
    }
    for period_targets in kept.chunk_by(|a, b| a.0 == b.0) {
        let get = |area: usize| {
            let at = period_targets.binary_search_by_key(&area, |t| t.1).ok()?;
            period_targets.get(at)
        };
        for &(period, parent, own, j) in period_targets {
            let children = ctx.checked.areas.children_of(parent);
            let given: Vec<Rational> = children
                .iter()
                .filter_map(|&c| get(c).map(|t| t.2))
                .collect();
            if given.is_empty() {
                continue;
            }
            let sum =
                Rational::sum(given.iter().copied()).map_err(|_| overflow_at(ctx, position, j))?;
            let complete = given.len() == children.len();
            let Some((relation, op)) = sum_against_parent(sum, own, complete) else {
                continue;
            };
            let Some(target) = entry.indicator.targets.get(j) else {
                continue;
            };
            let params = [
                ("indicator", ctx.indicator_name(entry)),
                ("period", plain(period)),
                ("area", ctx.area_name(parent)),
                ("left", number(sum)),
                ("right", number(own)),
                ("relation", relation),
            ];
            let record = target_record(ctx, position, j, target);
            ctx.emit(
                id::ALLOCATION_SUM,
                record,
                &params,
                Some((sum, op, own)),
                Vec::new(),
            );
        }
    }
    Ok(())
}

fn plans(ctx: &mut Ctx<'_>) {
    for (i, plan) in ctx.checked.data.plans().iter().enumerate() {
        let status = match plan.approved {
            Some(day) if day > plan.deadline => {
                let d = date_text(day);
                crate::text::Text::new(
                    format!("phê duyệt ngày {}", d.vi),
                    format!("approved on {}", d.en),
                )
            }
            None if ctx.as_of > plan.deadline => {
                let d = date_text(ctx.as_of);
                crate::text::Text::new(
                    format!("chưa được phê duyệt đến ngày {}", d.vi),
                    format!("not approved by {}", d.en),
                )
            }
            _ => continue,
        };
        let params = [
            ("plan", plain(&plan.id)),
            ("area", ctx.area_name_of(plan.area.as_str())),
            ("period", plain(plan.period)),
            ("status", status),
            ("deadline", date_text(plan.deadline)),
        ];
        let mut record = ctx.record(RecordKind::Plan, "plans", i);
        record.area = Some(plan.area.to_string());
        record.period = Some(plan.period);
        record.date = plan.approved.or(Some(ctx.as_of));
        ctx.emit(id::APPROVED_LATE, record, &params, None, Vec::new());
    }
}
