//! Completeness against what the data set expects
//! (`reporting.missing-report`): every expected report due by the as-of
//! date that no total passing the checks makes, at the area or below it.
//!
//! A report named for a period is due once the period has ended by the
//! as-of date; one without a period is due in the phase holding the as-of
//! date, and made by any report from the phase start to the as-of date.

use crate::model::expectation::Due;
use crate::model::value_problems;
use crate::period::Period;
use crate::rules::catalogue::id;
use crate::rules::checks::reporting::MAX_MISSING_LISTED;
use crate::rules::context::{Ctx, number};
use crate::rules::finding::RecordKind;
use crate::text::Text;

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    if !ctx.enabled(id::MISSING_REPORT) {
        return;
    }
    let as_of = ctx.as_of;
    let window = (ctx.checked.framework.phase_on(as_of))
        .and_then(|phase| Period::range(phase.start, as_of).ok());
    for position in 0..ctx.checked.framework.len() {
        if !ctx.owns(position) {
            continue;
        }
        let dues: Vec<Due> = (ctx.checked.expected().of(position).iter())
            .filter(|d| match d.period {
                Some(p) => p.end() <= as_of,
                None => window.is_some(),
            })
            .copied()
            .collect();
        if dues.is_empty() {
            continue;
        }
        let met = made(ctx, position, &dues, window);
        let missing: Vec<Due> = (dues.iter().zip(met))
            .filter(|(_, made)| !made)
            .map(|(d, _)| *d)
            .collect();
        report(ctx, position, &missing, window);
    }
}

/// Which of `dues` (sorted by area) a total of the indicator at
/// `position` makes: one without a value problem, at the due area or
/// below, for a period inside the due one (the window, without one).
fn made(ctx: &Ctx<'_>, position: usize, dues: &[Due], window: Option<Period>) -> Vec<bool> {
    let checked = ctx.checked;
    let mut met = vec![false; dues.len()];
    let Some(entry) = checked.framework.entry(position) else {
        return met;
    };
    for ((ind, area), rows) in checked.usable_series() {
        if ind != position {
            continue;
        }
        for &row in rows {
            let Some(obs) = checked.data.observation(row as usize) else {
                continue;
            };
            if !obs.disaggregation().is_empty() || !value_problems(obs, &entry).is_empty() {
                continue;
            }
            let period = obs.period();
            // The area and every area above it: a province's report is
            // made by its communes' too.
            let mut at = Some(area);
            while let Some(a) = at {
                let from = dues.partition_point(|d| d.area < a);
                for (slot, due) in met.iter_mut().zip(dues).skip(from) {
                    if due.area != a {
                        break;
                    }
                    let span = due.period.or(window);
                    *slot |= span.is_some_and(|s| s.contains(&period));
                }
                at = checked.areas.parent_of(a);
            }
        }
    }
    met
}

/// One finding per missing report, up to [`MAX_MISSING_LISTED`] for the
/// indicator, then one for all the rest.
fn report(ctx: &mut Ctx<'_>, position: usize, missing: &[Due], window: Option<Period>) {
    let Some(entry) = ctx.checked.framework.entry(position) else {
        return;
    };
    let indicator = ctx.indicator_name(&entry);
    let code = entry.indicator.code.to_string();
    let listed = missing.len().min(MAX_MISSING_LISTED);
    for (i, due) in missing.iter().enumerate().take(listed + 1) {
        let Some(period) = due.period.or(window) else {
            continue;
        };
        let others = missing.len().saturating_sub(listed + 1);
        let mut period_text = Text::new(period.to_string(), period.to_string());
        if i == listed && others > 0 {
            // The first one not listed stands for all the rest.
            let n = number(i64::try_from(others).unwrap_or(i64::MAX).into());
            period_text = Text::new(
                format!("{period} (và {} báo cáo khác được yêu cầu)", n.vi),
                format!("{period} (and {} more expected reports)", n.en),
            );
        }
        let params = [
            ("area", ctx.area_name(due.area)),
            ("indicator", indicator.clone()),
            ("period", period_text),
        ];
        let mut record = ctx.record(RecordKind::Area, "areas", due.area);
        record.indicator = Some(code.clone());
        record.area = ctx.checked.areas.get(due.area).map(|a| a.code.to_string());
        record.period = Some(period);
        ctx.emit(id::MISSING_REPORT, record, &params, None, Vec::new());
    }
}
