//! Rules on keys and time: unknown codes, duplicates, periods that do not
//! fit the reporting frequency, lie outside the phases or end after the
//! as-of date, and missing reports.

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
        let Some(obs) = ctx.checked.data.observation(*i) else {
            continue;
        };
        let record = ctx.observation(*i);
        match problem {
            ObservationProblem::UnknownIndicator => {
                let params = [("code", plain(obs.indicator()))];
                ctx.emit(id::UNKNOWN_INDICATOR, record, &params, None, Vec::new());
            }
            ObservationProblem::UnknownArea => {
                let params = [("code", plain(obs.area()))];
                ctx.emit(id::UNKNOWN_AREA, record, &params, None, Vec::new());
            }
            ObservationProblem::Duplicate { first } => {
                let first = format!("observations[{first}]");
                let params = [
                    ("key", plain(observation_key(obs))),
                    ("first", plain(&first)),
                ];
                ctx.emit(id::DUPLICATE, record, &params, None, Vec::new());
                if let Some(finding) = ctx.findings.last_mut()
                    && finding.rule == id::DUPLICATE
                {
                    finding.related = Some(first);
                }
            }
            ObservationProblem::Shape { .. } => {}
        }
    }
    let phases = &ctx.checked.framework.framework().phases;
    // Few distinct (period, frequency) pairs recur over every row: each is
    // judged once. Bits: 1 does not fit, 2 outside the phases, 4 after as-of.
    let mut verdicts: HashMap<(Period, PeriodType), u8> = HashMap::default();
    for (i, obs) in ctx.checked.data.observations().enumerate() {
        let entry = match ctx.checked.resolution(i) {
            Some((ind, _)) => ctx.checked.framework.entry(ind),
            None => ctx.checked.framework.get(obs.indicator().as_str()),
        };
        let Some(entry) = entry else {
            continue;
        };
        let frequency = entry.indicator.frequency;
        let verdict = *verdicts
            .entry((obs.period(), frequency))
            .or_insert_with(|| {
                let mut bits = 0;
                if !fits(&obs.period(), frequency) {
                    bits |= 1;
                }
                if !phases
                    .iter()
                    .any(|p| p.start <= obs.period().start() && obs.period().end() <= p.end)
                {
                    bits |= 2;
                }
                if obs.period().end() > ctx.as_of {
                    bits |= 4;
                }
                bits
            });
        if verdict == 0 {
            continue;
        }
        let name = || entry.indicator.name.clone();
        if verdict & 1 != 0 {
            let params = [
                ("period", plain(obs.period())),
                (
                    "frequency",
                    crate::text::Text::new(frequency.label(Lang::Vi), frequency.label(Lang::En)),
                ),
                ("indicator", name()),
            ];
            let record = ctx.observation(i);
            ctx.emit(id::FREQUENCY, record, &params, None, Vec::new());
        }
        if verdict & 2 != 0 {
            let params = [("period", plain(obs.period())), ("indicator", name())];
            let record = ctx.observation(i);
            ctx.emit(id::OUTSIDE_PHASE, record, &params, None, Vec::new());
        }
        if verdict & 4 != 0 {
            let params = [
                ("period", plain(obs.period())),
                ("indicator", name()),
                ("end", date_text(obs.period().end())),
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
    // (indicator, area) → indexes of the frequency periods covered (a
    // running index: consecutive periods have consecutive indexes).
    // Also the earliest period covered, as a period.
    let mut covered: HashMap<(usize, usize), (Vec<i64>, Option<Period>)> = HashMap::default();
    let mut spans: HashMap<(Period, PeriodType), Vec<i64>> = HashMap::default();
    for (_, obs, ind, area) in ctx.checked.usable() {
        if !obs.disaggregation().is_empty() {
            continue;
        }
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        let frequency = entry.indicator.frequency;
        let span = spans.entry((obs.period(), frequency)).or_insert_with(|| {
            let mut indexes = Vec::new();
            let mut at = Period::containing(frequency, obs.period().start());
            while let Some(p) = at {
                if p.start() > obs.period().end() {
                    break;
                }
                indexes.extend(p.index());
                at = p.next();
            }
            indexes
        });
        let slot = covered.entry((ind, area)).or_default();
        if let Some(&start) = span.first()
            && slot
                .1
                .and_then(|p| p.index())
                .is_none_or(|earliest| start < earliest)
        {
            slot.1 = Period::containing(frequency, obs.period().start());
        }
        slot.0.extend_from_slice(span);
    }
    let mut keys: Vec<(usize, usize)> = covered.keys().copied().collect();
    keys.sort_unstable();
    for (ind, area) in keys {
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        let Some((set, earliest)) = covered.get_mut(&(ind, area)) else {
            continue;
        };
        set.sort_unstable();
        set.dedup();
        let mut at = *earliest;
        let Some(first_start) = at.map(|p| p.start()) else {
            continue;
        };
        let Some(phase) = ctx.checked.framework.phase_on(first_start) else {
            continue;
        };
        let until = ctx.as_of.min(phase.end);
        let mut missing = Vec::new();
        while let Some(p) = at {
            if p.end() > until {
                break;
            }
            if p.index().is_some_and(|i| set.binary_search(&i).is_err()) {
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
