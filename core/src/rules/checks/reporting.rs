//! Rules on keys and time: unknown codes, duplicates, periods that do not
//! fit the reporting frequency, lie outside the phases or end after the
//! as-of date, and missing reports.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use crate::model::{ObservationProblem, observation_key};
use crate::period::{Period, PeriodType};
use crate::rules::catalogue::id;
use crate::rules::context::{Ctx, date_text, plain};
use crate::rules::finding::RecordKind;
use crate::text::Lang;

/// Whether `period` is made of whole periods of type `frequency`.
fn fits(period: &Period, frequency: PeriodType) -> bool {
    let (Some(first), Some(last)) = (
        Period::containing(frequency, period.start()),
        Period::containing(frequency, period.end()),
    ) else {
        return true; // irregular frequencies accept any period
    };
    first.start() == period.start() && last.end() == period.end()
}

pub(crate) fn run(ctx: &mut Ctx<'_>, problems: &[(usize, ObservationProblem)]) {
    for (i, problem) in problems {
        let Some(obs) = ctx.checked.data.observations.get(*i) else {
            continue;
        };
        let record = ctx.observation(*i);
        match problem {
            ObservationProblem::UnknownIndicator => {
                let params = [("code", plain(&obs.indicator))];
                ctx.emit(id::UNKNOWN_INDICATOR, record, &params, None, Vec::new());
            }
            ObservationProblem::UnknownArea => {
                let params = [("code", plain(&obs.area))];
                ctx.emit(id::UNKNOWN_AREA, record, &params, None, Vec::new());
            }
            ObservationProblem::Duplicate { first } => {
                let params = [
                    ("key", plain(observation_key(obs))),
                    (
                        "first",
                        plain(format!("{}.observations[{first}]", ctx.path)),
                    ),
                ];
                ctx.emit(id::DUPLICATE, record, &params, None, Vec::new());
            }
            ObservationProblem::Shape { .. } => {}
        }
    }
    let phases = &ctx.checked.framework.framework().phases;
    for (i, obs) in ctx.checked.data.observations.iter().enumerate() {
        let Some(entry) = ctx.checked.framework.get(obs.indicator.as_str()) else {
            continue;
        };
        let name = || entry.indicator.name.clone();
        let frequency = entry.indicator.frequency;
        if !fits(&obs.period, frequency) {
            let params = [
                ("period", plain(obs.period)),
                (
                    "frequency",
                    crate::text::Text::new(frequency.label(Lang::Vi), frequency.label(Lang::En)),
                ),
                ("indicator", name()),
            ];
            let record = ctx.observation(i);
            ctx.emit(id::FREQUENCY, record, &params, None, Vec::new());
        }
        if !phases
            .iter()
            .any(|p| p.start <= obs.period.start() && obs.period.end() <= p.end)
        {
            let params = [("period", plain(obs.period)), ("indicator", name())];
            let record = ctx.observation(i);
            ctx.emit(id::OUTSIDE_PHASE, record, &params, None, Vec::new());
        }
        if obs.period.end() > ctx.as_of {
            let params = [
                ("period", plain(obs.period)),
                ("indicator", name()),
                ("end", date_text(obs.period.end())),
                ("as_of", date_text(ctx.as_of)),
            ];
            let record = ctx.observation(i);
            ctx.emit(id::AFTER_AS_OF, record, &params, None, Vec::new());
        }
    }
    missing_periods(ctx);
}

/// Completeness: from an area's first report of an indicator to the as-of
/// date (or its phase's end), every period of the indicator's frequency
/// should be covered by a total.
fn missing_periods(ctx: &mut Ctx<'_>) {
    if !ctx.enabled(id::MISSING_PERIOD) {
        return;
    }
    // (indicator, area) → periods covered, as (start, end) of each
    // frequency period.
    let mut covered: HashMap<(usize, usize), BTreeSet<(chrono::NaiveDate, chrono::NaiveDate)>> =
        HashMap::default();
    for (_, obs, ind, area) in ctx.checked.usable() {
        if !obs.disaggregation.is_empty() {
            continue;
        }
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        let frequency = entry.indicator.frequency;
        let set = covered.entry((ind, area)).or_default();
        let mut at = Period::containing(frequency, obs.period.start());
        while let Some(p) = at {
            if p.start() > obs.period.end() {
                break;
            }
            set.insert((p.start(), p.end()));
            at = p.next();
        }
    }
    let mut keys: Vec<(usize, usize)> = covered.keys().copied().collect();
    keys.sort_unstable();
    for (ind, area) in keys {
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        let Some(set) = covered.get(&(ind, area)) else {
            continue;
        };
        let Some(&(first_start, _)) = set.iter().next() else {
            continue;
        };
        let Some(phase) = ctx.checked.framework.phase_on(first_start) else {
            continue;
        };
        let until = ctx.as_of.min(phase.end);
        let mut missing = Vec::new();
        let mut at = Period::containing(entry.indicator.frequency, first_start);
        while let Some(p) = at {
            if p.end() > until {
                break;
            }
            if !set.contains(&(p.start(), p.end())) {
                missing.push(p);
            }
            at = p.next();
        }
        for p in missing {
            let params = [
                ("period", plain(p)),
                ("indicator", ctx.indicator_name(&entry)),
                ("area", ctx.area_name(area)),
            ];
            let mut record = ctx.record(RecordKind::Area, "areas", area);
            record.indicator = Some(entry.indicator.code.to_string());
            record.area = ctx.checked.areas.get(area).map(|a| a.code.to_string());
            record.period = Some(p);
            ctx.emit(id::MISSING_PERIOD, record, &params, None, Vec::new());
        }
    }
}
