//! Rules on keys and time: unknown codes, duplicates, periods that do not
//! fit the reporting frequency, lie outside the phases or end after the
//! as-of date, and missing reports.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use crate::model::{IndicatorEntry, Phase};
use crate::model::{ObservationProblem, observation_key};
use crate::number::Rational;
use crate::period::{Period, PeriodType};
use crate::rules::catalogue::id;
use crate::rules::context::{Ctx, date_text, number, plain};
use crate::rules::finding::RecordKind;
use crate::text::{Lang, Text};

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
    key_problems(ctx, problems);
    period_problems(ctx);
    missing_periods(ctx);
}

/// Unknown codes and duplicates, found while the data was checked.
fn key_problems(ctx: &mut Ctx<'_>, problems: &[(usize, ObservationProblem)]) {
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
                let first = format!("observations[{}]", ctx.row(*first));
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
}

/// Periods that do not fit the indicator's frequency, lie outside the
/// phases, or end after the as-of date (the last summed up per indicator).
fn period_problems(ctx: &mut Ctx<'_>) {
    let phases = &ctx.checked.framework.framework().phases;
    // Few distinct (period, frequency) pairs recur over every row: each is
    // judged once. Bits: 1 does not fit, 2 outside the phases, 4 after as-of.
    let mut verdicts: HashMap<(Period, PeriodType), u8> = HashMap::default();
    // By indicator order (a vector by position: a map's code costs the
    // browser module more than these few slots).
    let mut after: Vec<Option<AfterAsOf>> = Vec::new();
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
            .or_insert_with(|| period_verdict(&obs.period(), frequency, phases, ctx.as_of));
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
            if after.len() <= entry.order {
                after.resize_with(entry.order + 1, || None);
            }
            if let Some(slot) = after.get_mut(entry.order) {
                slot.get_or_insert_with(|| AfterAsOf::new(i, name(), obs.period()))
                    .add(obs.area().as_str(), obs.period());
            }
        }
    }
    for summary in after.into_iter().flatten() {
        summary.emit(ctx);
    }
}

/// What is wrong with `period` for an indicator of `frequency`, as bits:
/// 1 does not fit, 2 outside the phases, 4 after `as_of`.
fn period_verdict(
    period: &Period,
    frequency: PeriodType,
    phases: &[Phase],
    as_of: NaiveDate,
) -> u8 {
    let mut bits = 0;
    if !fits(period, frequency) {
        bits |= 1;
    }
    if !phases
        .iter()
        .any(|p| p.start <= period.start() && period.end() <= p.end)
    {
        bits |= 2;
    }
    if period.end() > as_of {
        bits |= 4;
    }
    bits
}

/// Reports of one indicator whose period ends after the as-of date. They
/// lie outside the window the caller asked about: one finding per
/// indicator says how many there are and that nothing counts them, instead
/// of one error per observation (a 2021–2025 file validated as of 2023
/// would otherwise give hundreds of thousands).
struct AfterAsOf {
    first: usize,
    indicator: Text,
    count: u64,
    areas: rustc_hash::FxHashSet<String>,
    latest: Period,
}

impl AfterAsOf {
    fn new(first: usize, indicator: Text, period: Period) -> AfterAsOf {
        AfterAsOf {
            first,
            indicator,
            count: 0,
            areas: Default::default(),
            latest: period,
        }
    }

    fn add(&mut self, area: &str, period: Period) {
        if period.cmp_recency(&self.latest).is_gt() {
            self.latest = period;
        }
        self.count += 1;
        if !self.areas.contains(area) {
            self.areas.insert(area.to_string());
        }
    }

    fn emit(self, ctx: &mut Ctx<'_>) {
        let params = [
            ("indicator", self.indicator),
            ("count", number(Rational::from(self.count))),
            ("areas", number(Rational::from(self.areas.len() as u64))),
            ("period", plain(self.latest)),
            ("end", date_text(self.latest.end())),
            ("as_of", date_text(ctx.as_of)),
        ];
        let record = ctx.observation(self.first);
        ctx.emit(id::AFTER_AS_OF, record, &params, None, Vec::new());
    }
}

/// Missing periods listed one by one in each series (indicator × area);
/// beyond them, one finding sums up the rest (its period spans them, its
/// message counts them), so a daily indicator over centuries costs one
/// finding, not millions.
pub(crate) const MAX_MISSING_LISTED: usize = 100;

/// The periods of `frequency` one observation covers, as the first and last
/// of them with their running indexes.
fn covered_span(period: Period, frequency: PeriodType) -> Option<Span> {
    let first = Period::containing(frequency, period.start())?;
    let last = Period::containing(frequency, period.end())?;
    Some(Span {
        first_index: first.index()?,
        last_index: last.index()?,
        first,
        last,
    })
}

/// A run of consecutive periods of one frequency.
#[derive(Clone, Copy)]
struct Span {
    first_index: i64,
    last_index: i64,
    first: Period,
    last: Period,
}

/// The period before `p`, of its type.
fn previous(p: Period) -> Option<Period> {
    Period::containing(p.period_type(), p.start().pred_opt()?)
}

/// Completeness: from an area's first report of an indicator to the as-of
/// date (or its phase's end), every period of the indicator's frequency
/// should be covered by a total. Coverage is kept as runs of periods, so
/// the work grows with the observations and the findings listed, not with
/// the length of the time covered.
fn missing_periods(ctx: &mut Ctx<'_>) {
    if !ctx.enabled(id::MISSING_PERIOD) {
        return;
    }
    // A few periods recur on every row: each one's span is worked out once.
    let mut span_of: HashMap<(Period, PeriodType), Option<Span>> = HashMap::default();
    let mut spans: Vec<Span> = Vec::new();
    for ((ind, area), rows) in ctx.checked.usable_series() {
        let Some(entry) = ctx.checked.framework.entry(ind) else {
            continue;
        };
        let frequency = entry.indicator.frequency;
        spans.clear();
        for &row in rows {
            let Some(obs) = ctx.checked.data.observation(row as usize) else {
                continue;
            };
            if !obs.disaggregation().is_empty() {
                continue;
            }
            let span = *span_of
                .entry((obs.period(), frequency))
                .or_insert_with(|| covered_span(obs.period(), frequency));
            spans.extend(span);
        }
        crate::order::sort_by_key(&mut spans, |s| (s.first_index, s.last_index));
        let Some(first) = spans.first().map(|s| s.first) else {
            continue;
        };
        let Some(phase) = ctx.checked.framework.phase_on(first.start()) else {
            continue;
        };
        // The last period wholly before the end: a period still running is
        // not missing yet.
        let until = ctx.as_of.min(phase.end);
        let Some(mut last) = Period::containing(first.period_type(), until) else {
            continue;
        };
        if last.end() > until {
            let Some(before) = previous(last) else {
                continue;
            };
            last = before;
        }
        let gaps = gaps(&spans, last);
        report_gaps(ctx, ind, area, &gaps);
    }
}

/// The runs of periods from the first span to `last` that no span covers:
/// (first, last, how many). `spans` are sorted by their first index.
fn gaps(spans: &[Span], last: Period) -> Vec<(Period, Period, i64)> {
    let Some(last_index) = last.index() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The last period covered so far, and its index.
    let mut reach: Option<(i64, Period)> = None;
    for span in spans {
        if let Some((covered, at)) = reach
            && span.first_index > covered + 1
            && covered < last_index
        {
            let to_index = (span.first_index - 1).min(last_index);
            let to = if to_index == last_index {
                Some(last)
            } else {
                previous(span.first)
            };
            if let (Some(from), Some(to)) = (at.next(), to) {
                out.push((from, to, to_index - covered));
            }
        }
        if reach.is_none_or(|(covered, _)| span.last_index > covered) {
            reach = Some((span.last_index, span.last));
        }
    }
    if let Some((covered, at)) = reach
        && covered < last_index
        && let Some(from) = at.next()
    {
        out.push((from, last, last_index - covered));
    }
    out
}

/// One finding per missing period, up to [`MAX_MISSING_LISTED`] in the
/// series, then one for all the rest.
fn report_gaps(ctx: &mut Ctx<'_>, ind: usize, area: usize, gaps: &[(Period, Period, i64)]) {
    let Some(entry) = ctx.checked.framework.entry(ind) else {
        return;
    };
    let mut listed = 0;
    let mut rest: Option<(Period, Period, i64)> = None;
    for &(from, to, count) in gaps {
        let mut at = Some(from);
        let mut left = count;
        while let Some(p) = at {
            if left == 0 {
                break;
            }
            if listed == MAX_MISSING_LISTED {
                rest = Some(match rest {
                    None => (p, to, left),
                    Some((first, _, n)) => (first, to, n + left),
                });
                break;
            }
            emit_missing(ctx, &entry, area, p, plain(p));
            listed += 1;
            left -= 1;
            at = p.next();
        }
    }
    if let Some((first, last, count)) = rest
        && let Ok(span) = Period::range(first.start(), last.end())
    {
        let n = number(count.into());
        let text = Text::new(
            format!("{first} – {last} ({} kỳ)", n.vi),
            format!("{first} – {last} ({} periods)", n.en),
        );
        emit_missing(ctx, &entry, area, span, text);
    }
}

fn emit_missing(
    ctx: &mut Ctx<'_>,
    entry: &IndicatorEntry<'_>,
    area: usize,
    period: Period,
    text: Text,
) {
    let params = [
        ("period", text),
        ("indicator", ctx.indicator_name(entry)),
        ("area", ctx.area_name(area)),
    ];
    let mut record = ctx.record(RecordKind::Area, "areas", area);
    record.indicator = Some(entry.indicator.code.to_string());
    record.area = ctx.checked.areas.get(area).map(|a| a.code.to_string());
    record.period = Some(period);
    ctx.emit(id::MISSING_PERIOD, record, &params, None, Vec::new());
}
