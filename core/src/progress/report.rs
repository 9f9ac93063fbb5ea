//! The progress report: every indicator of a framework against its phase
//! target at one area, as of a date.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::code::{AreaCode, ComponentCode, IndicatorCode, PhaseId, UnitCode};
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::model::{
    CheckedData, Direction, IndicatorEntry, MeasureKind, Phase, ReportPhrase, UnitKind,
};
use crate::number::{NumberFormat, Rational};
use crate::period::{Period, PeriodType};
use crate::progress::coverage::Coverage;
use crate::progress::expected::{Expected, Profile, expected};
use crate::progress::figures::{Figures, Status, Undefined, UndefinedFigures, figures};
use crate::progress::pace::{Pace, PaceInput, PaceStatus, PaceThresholds, pace};
use crate::progress::phase::resolve_phase;
use crate::progress::rollup::{
    Aggregate, AreaValue, ValuesOf, rollup_indicator, totals_by_indicator,
};
use crate::text::{Lang, Text};

/// Options of a progress report; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default, deny_unknown_fields)]
pub struct ProgressOptions {
    /// Language of the display strings (default `vi`).
    pub lang: Lang,
    /// Decimals shown for percentages and non-integers (default 1).
    pub decimals: u32,
    /// The period type paces are counted in (default `year`).
    pub pace_period: PeriodType,
    /// Pace thresholds (default on track ≥ 1, at risk ≥ 3/4).
    pub thresholds: PaceThresholds,
    /// Tolerance band of maintain indicators without their own, in percent
    /// of the target (default 5).
    pub maintain_tolerance_percent: Rational,
    /// The percent of its target an area must reach on every targeted
    /// indicator to have "basically achieved" (đạt cơ bản) its targets.
    /// No official definition was found; default 90.
    pub basically_achieved_percent: Rational,
    /// A delivery profile: when set, each row with a phase target also
    /// gets its expected-to-date value and where it stands against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Profile>,
    /// Also write the report in sentences ([`ProgressReport::text`], both
    /// languages), as programme reports say their figures.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub text: bool,
    /// In those sentences, say by how much a target was passed ("vượt
    /// 46,2% chỉ tiêu"), not only that it was ("vượt chỉ tiêu").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overshoot: bool,
}

impl Default for ProgressOptions {
    fn default() -> ProgressOptions {
        ProgressOptions {
            lang: Lang::Vi,
            decimals: 1,
            pace_period: PeriodType::Year,
            thresholds: PaceThresholds::default(),
            maintain_tolerance_percent: Rational::from(5),
            basically_achieved_percent: Rational::from(90),
            expected: None,
            text: false,
            overshoot: false,
        }
    }
}

/// The phase a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct PhaseInfo {
    /// The phase id.
    pub id: PhaseId,
    /// The phase as a period (e.g. `2021-2025`).
    pub period: Period,
    /// Its name.
    pub name: Text,
    /// The name its sentences use ("giai đoạn 1"), when the framework
    /// gives one.
    #[serde(skip)]
    pub short_name: Option<Text>,
}

/// The next year's target: what is left of the phase target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct NextYear {
    /// The year.
    pub period: Period,
    /// The remaining gap, which the next year must close.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Rational>,
    /// The annual target the framework sets for that year, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<Rational>,
}

/// Display strings of one row, in the report's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct RowDisplay {
    /// The indicator's name.
    pub name: String,
    /// The unit's name.
    pub unit: String,
    /// Achieved, e.g. `7.623`, `10/10` or `trên 12.478`.
    pub achieved: String,
    /// The target.
    pub target: String,
    /// Percent achieved, e.g. `84,7%`.
    pub percent: String,
    /// What remains.
    pub remaining: String,
    /// By how much the target is passed, e.g. `46,2%`.
    pub exceeded_by: String,
    /// The status.
    pub status: String,
    /// The next year's target.
    pub next_year: String,
    /// The next year's planned target.
    pub planned_next_year: String,
    /// The pace status.
    pub pace: String,
    /// The coverage, e.g. `2/3 tỉnh báo cáo`; empty when the data set
    /// expects no report of the indicator.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub coverage: String,
}

/// One indicator's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ProgressRow {
    /// The indicator code.
    pub code: IndicatorCode,
    /// Its name.
    pub name: Text,
    /// The indicator it is a sub-measure of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<IndicatorCode>,
    /// The component holding it.
    pub component: ComponentCode,
    /// Its unit.
    pub unit: UnitCode,
    /// Its measure kind.
    pub measure: MeasureKind,
    /// Its direction.
    pub direction: Direction,
    /// The value achieved at the area in the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved: Option<Aggregate>,
    /// The phase target at the area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Rational>,
    /// Percent achieved (exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<Rational>,
    /// Remaining gap (0 when met).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Rational>,
    /// Percent by which the target is passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceeded_by: Option<Rational>,
    /// The status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The next year's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_year: Option<NextYear>,
    /// Required versus observed pace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pace: Option<Pace>,
    /// The expected-to-date value under the `expected` profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expected>,
    /// Why figures are absent.
    #[serde(skip_serializing_if = "UndefinedFigures::is_empty")]
    pub undefined: UndefinedFigures,
    /// How many of the areas expected to report the indicator (at the
    /// report's area or below) have a figure, when the data set expects
    /// reports of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    /// Display strings.
    pub display: RowDisplay,
    /// How its sentence is said (from the framework).
    #[serde(skip)]
    pub wording: RowWording,
}

/// How a row's sentence is said: the framework's phrase for it and its
/// unit's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowWording {
    /// The indicator's report phrase.
    pub phrase: Option<ReportPhrase>,
    /// Whether the unit is a percentage (figures end in `%`).
    pub percent_unit: bool,
}

/// Counts over the rows of a report or component.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToJson)]
pub struct Summary {
    /// Indicators (sub-measures excluded).
    pub indicators: u32,
    /// Of those, with a target at the area.
    pub with_target: u32,
    /// Count by status.
    pub by_status: BTreeMap<Status, u32>,
    /// Count by pace status.
    pub by_pace: BTreeMap<PaceStatus, u32>,
    /// Without data.
    pub no_data: u32,
}

/// A component's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ComponentSummary {
    /// The component.
    pub component: ComponentCode,
    /// Its name.
    pub name: Text,
    /// Its counts.
    #[serde(flatten)]
    pub summary: Summary,
}

/// An area's standing against its own targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct AreaStanding {
    /// The area.
    pub area: AreaCode,
    /// Indicators with a phase target for the area.
    pub targeted: u32,
    /// Of those, at or above the "basically achieved" percent.
    pub at_threshold: u32,
    /// Whether every targeted indicator is at or above it.
    pub basically_achieved: bool,
}

/// A progress report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ProgressReport {
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// The phase.
    pub phase: PhaseInfo,
    /// The area reported on.
    pub area: AreaCode,
    /// The window observations are taken from.
    pub window: Period,
    /// One row per indicator and sub-measure, in framework order.
    pub rows: Vec<ProgressRow>,
    /// Counts over all indicators.
    pub summary: Summary,
    /// Counts per component (those holding indicators).
    pub components: Vec<ComponentSummary>,
    /// Areas with their own phase targets and whether they basically
    /// achieved them.
    pub areas: Vec<AreaStanding>,
    /// The report in sentences, in both languages, when
    /// [`ProgressOptions::text`] asked for it (see [`ProgressReport::to_text`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// How its sentences are written: the options' decimals and overshoot.
    #[serde(skip)]
    pub wording: ReportWording,
}

/// How a report's sentences are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportWording {
    /// Decimals shown for percentages and non-integers.
    pub decimals: u32,
    /// Whether a passed target says by how much.
    pub overshoot: bool,
}

/// Which phase and area a report is about, resolved from the request.
struct Scope<'a> {
    phase: &'a Phase,
    window: Period,
    area: usize,
    is_root: bool,
}

fn resolve_scope<'a>(
    checked: &'a CheckedData<'a>,
    as_of: NaiveDate,
    phase: Option<&str>,
    area: Option<&str>,
) -> Result<Scope<'a>> {
    let phase = resolve_phase(checked, as_of, phase)?;
    if as_of < phase.start {
        return Err(Error::invalid(
            "as_of",
            (
                format!("ngày {as_of} ở trước khi giai đoạn `{}` bắt đầu", phase.id),
                format!("{as_of} is before phase `{}` starts", phase.id),
            ),
        ));
    }
    let window = Period::range(phase.start, as_of.min(phase.end))?;
    let root = checked.areas.root().ok();
    let area = match area {
        Some(code) => checked.areas.index_of(code).ok_or_else(|| {
            Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Area,
                value: code.to_string(),
            })
            .at("area")
        })?,
        None => checked.areas.root()?,
    };
    Ok(Scope {
        phase,
        window,
        area,
        is_root: root == Some(area),
    })
}

/// The phase target of `entry` at area `code` (programme-wide targets
/// apply to the root).
fn target_at(
    entry: &IndicatorEntry<'_>,
    period: &Period,
    code: &AreaCode,
    is_root: bool,
) -> Option<Rational> {
    entry.indicator.target_for(period, Some(code)).or_else(|| {
        if is_root {
            entry.indicator.target_for(period, None)
        } else {
            None
        }
    })
}

/// Computes the progress report of `checked` as of `as_of`, for `phase`
/// (default: the phase containing `as_of`) and `area` (default: the root).
///
/// Errors name the argument they concern (`phase`, `area`, `as_of`,
/// `options.pace_period`, `data.observations[3].period`).
///
/// ```
/// use chitieu::progress::{progress, ProgressOptions, Status};
/// use chitieu::{period::parse_date, Rational};
///
/// let data = chitieu::builtin::project8()?;
/// let checked = data.check()?;
/// let report = progress(&checked, parse_date("2023-12-31")?, None, None, &ProgressOptions::default())?;
/// let groups = &report.rows[0]; // community communication groups: 7.623 of 9.000
/// assert_eq!(groups.percent, Rational::new(847, 10));
/// assert_eq!(groups.remaining, Some(Rational::from(1377)));
/// assert_eq!(groups.status, Some(Status::InProgress));
/// assert_eq!(groups.display.percent, "84,7%");
///
/// let error = progress(&checked, parse_date("2023-12-31")?, Some("phase-9"), None, &ProgressOptions::default())
///     .unwrap_err();
/// assert_eq!((error.code(), error.path()), ("unknown-code", "phase"));
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn progress(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
    area: Option<&str>,
    options: &ProgressOptions,
) -> Result<ProgressReport> {
    let totals = totals_by_indicator(checked);
    progress_with(checked, as_of, phase, area, options, &|position, window| {
        let bucket = totals.get(position).map(Vec::as_slice).unwrap_or(&[]);
        rollup_indicator(checked, bucket, position, window)
    })
}

/// [`progress`] with each indicator's values from `values`.
pub(crate) fn progress_with(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
    area: Option<&str>,
    options: &ProgressOptions,
    values: &ValuesOf<'_>,
) -> Result<ProgressReport> {
    let run = Run::new(checked, as_of, phase, area, options)?;
    let mut rows = Vec::with_capacity(checked.framework.len());
    // Per area (by index) with its own targets: (targeted, at threshold).
    let mut standings: Vec<Option<(u32, u32)>> = vec![None; checked.areas.areas().len()];
    for position in 0..checked.framework.len() {
        let Some(entry) = checked.framework.entry(position) else {
            continue;
        };
        let values = values(position, &run.scope.window)?;
        let row = run.row(&entry, &values)?;
        for (area, reached) in run.standings(&entry, &values)? {
            if let Some(slot) = standings.get_mut(area) {
                let (targeted, at_threshold) = slot.get_or_insert((0, 0));
                *targeted += 1;
                *at_threshold += u32::from(reached);
            }
        }
        rows.push(row);
    }
    let mut report = ProgressReport {
        as_of,
        phase: PhaseInfo {
            id: run.scope.phase.id.clone(),
            period: run.phase_period,
            name: run.scope.phase.name.clone(),
            short_name: run.scope.phase.short_name.clone(),
        },
        area: run.area_code.clone(),
        window: run.scope.window,
        summary: summarize(rows.iter().filter(|r| r.parent.is_none())),
        components: component_summaries(checked, &rows),
        areas: area_standings(checked, standings),
        rows,
        text: None,
        wording: ReportWording {
            decimals: options.decimals,
            overshoot: options.overshoot,
        },
    };
    if options.text {
        report.text = Some(Text::new(
            report.to_text(Lang::Vi)?,
            report.to_text(Lang::En)?,
        ));
    }
    Ok(report)
}

/// What every row of one report shares: the scope, the phase's periods and
/// the area reported on.
struct Run<'c, 'a> {
    checked: &'c CheckedData<'a>,
    as_of: NaiveDate,
    options: &'c ProgressOptions,
    scope: Scope<'c>,
    phase_period: Period,
    area_code: AreaCode,
    /// Pace periods of the phase elapsed and left at `as_of`.
    elapsed: i64,
    remaining: i64,
    /// The year after `as_of`, when it is in the phase.
    next_year: Option<Period>,
}

impl<'c, 'a> Run<'c, 'a> {
    fn new(
        checked: &'c CheckedData<'a>,
        as_of: NaiveDate,
        phase: Option<&str>,
        area: Option<&str>,
        options: &'c ProgressOptions,
    ) -> Result<Run<'c, 'a>> {
        crate::number::check_decimals(options.decimals).map_err(|e| e.at("options.decimals"))?;
        let scope = resolve_scope(checked, as_of, phase, area)?;
        let phase_period = scope.phase.period();
        let area_code = checked
            .areas
            .get(scope.area)
            .map(|a| a.code.clone())
            .ok_or_else(|| Error::invalid("area", ("không tìm thấy địa bàn", "area not found")))?;
        let elapsed = phase_period.elapsed(options.pace_period, as_of);
        let remaining = phase_period.remaining(options.pace_period, as_of);
        let (Some(elapsed), Some(remaining)) = (elapsed, remaining) else {
            return Err(Error::invalid(
                "options.pace_period",
                (
                    "tiến độ được tính theo ngày, tháng, quý, nửa năm hoặc năm",
                    "paces are counted in days, months, quarters, half-years or years",
                ),
            ));
        };
        let next_year = Period::Year(as_of.year().saturating_add(1));
        Ok(Run {
            checked,
            as_of,
            options,
            scope,
            phase_period,
            area_code,
            elapsed,
            remaining,
            next_year: phase_period.contains(&next_year).then_some(next_year),
        })
    }

    fn tolerance(&self, entry: &IndicatorEntry<'_>) -> Rational {
        entry
            .indicator
            .tolerance_percent
            .unwrap_or(self.options.maintain_tolerance_percent)
    }

    /// The row of one indicator, from its values rolled up to every area.
    fn row(&self, entry: &IndicatorEntry<'_>, values: &[Option<AreaValue>]) -> Result<ProgressRow> {
        let achieved = values
            .get(self.scope.area)
            .copied()
            .flatten()
            .map(|v| v.aggregate);
        let target = target_at(
            entry,
            &self.phase_period,
            &self.area_code,
            self.scope.is_root,
        );
        let baseline = entry.indicator.baseline.as_ref().map(|b| b.value);
        let direction = entry.indicator.direction;
        let fig = figures(
            achieved.map(|a| a.value),
            target,
            baseline,
            direction,
            self.tolerance(entry),
        )?;
        let mut undefined = UndefinedFigures::default();
        for &(name, why) in &fig.undefined {
            undefined.insert(name, why);
        }
        let pace = self.pace(achieved, target, baseline, direction, &fig, &mut undefined)?;
        let expected_now = self.expected_now(achieved, target, baseline, direction)?;
        let next = self.next_year(entry, &fig, &mut undefined);
        let coverage = self.coverage(entry, values);
        let display = row_display(
            RowParts {
                entry,
                achieved,
                target,
                fig: &fig,
                next: next.as_ref(),
                pace: pace.as_ref(),
                coverage,
            },
            self.options,
        )?;
        Ok(ProgressRow {
            code: entry.indicator.code.clone(),
            name: entry.indicator.name.clone(),
            parent: entry.parent.map(|p| p.code.clone()),
            component: entry.component.code.clone(),
            unit: entry.indicator.unit.clone(),
            measure: entry.indicator.measure,
            direction,
            achieved,
            target,
            percent: fig.percent,
            remaining: fig.remaining,
            exceeded_by: fig.exceeded_by,
            status: fig.status,
            next_year: next,
            pace,
            expected: expected_now,
            undefined,
            coverage,
            display,
            wording: RowWording {
                phrase: entry.indicator.report_phrase.clone(),
                percent_unit: entry.unit.kind == UnitKind::Percent,
            },
        })
    }

    /// The expected-to-date value, when a profile is asked for and the row
    /// has a target to expect a share of (maintain indicators have none).
    fn expected_now(
        &self,
        achieved: Option<Aggregate>,
        target: Option<Rational>,
        baseline: Option<Rational>,
        direction: Direction,
    ) -> Result<Option<Expected>> {
        Ok(match (&self.options.expected, target) {
            (Some(profile), Some(t)) if direction != Direction::Maintain => Some(expected(
                self.phase_period,
                t,
                baseline,
                self.as_of,
                profile,
                achieved.map(|a| a.value),
                direction,
            )?),
            _ => None,
        })
    }

    /// The reported area's coverage alone: of the areas expected to report
    /// the indicator in the window, how many have a value in `values`.
    fn coverage(
        &self,
        entry: &IndicatorEntry<'_>,
        values: &[Option<AreaValue>],
    ) -> Option<Coverage> {
        crate::progress::coverage::coverage(
            self.checked,
            entry.order,
            &self.scope.window,
            &|area| values.get(area).is_some_and(Option::is_some),
        )
        .get(self.scope.area)
        .copied()
        .flatten()
    }

    /// The pace towards the target, or why there is none.
    fn pace(
        &self,
        achieved: Option<Aggregate>,
        target: Option<Rational>,
        baseline: Option<Rational>,
        direction: Direction,
        fig: &Figures,
        undefined: &mut UndefinedFigures,
    ) -> Result<Option<Pace>> {
        let (Some(a), Some(t), Some(status)) = (achieved, target, fig.status) else {
            let reason = if target.is_none() {
                Undefined::NoTarget
            } else {
                Undefined::NoData
            };
            undefined.insert("pace", reason);
            return Ok(None);
        };
        let input = PaceInput {
            achieved: a.value,
            target: t,
            baseline,
            direction,
            met: status.is_met(),
            elapsed: self.elapsed,
            remaining: self.remaining,
            period_type: self.options.pace_period,
        };
        pace(input, self.options.thresholds).map(Some)
    }

    /// Next year's target (what remains) and plan, or why there is none.
    fn next_year(
        &self,
        entry: &IndicatorEntry<'_>,
        fig: &Figures,
        undefined: &mut UndefinedFigures,
    ) -> Option<NextYear> {
        let Some(next_year) = self.next_year else {
            undefined.insert("next_year", Undefined::PhaseEnded);
            return None;
        };
        if fig.remaining.is_none() {
            let why = undefined.get("remaining").unwrap_or(Undefined::NoData);
            undefined.insert("next_year", why);
        }
        Some(NextYear {
            period: next_year,
            target: fig.remaining,
            planned: target_at(entry, &next_year, &self.area_code, self.scope.is_root),
        })
    }

    /// The areas within the report's area that have their own phase target
    /// for `entry`, and whether each basically achieved it.
    fn standings(
        &self,
        entry: &IndicatorEntry<'_>,
        values: &[Option<AreaValue>],
    ) -> Result<Vec<(usize, bool)>> {
        let mut out = Vec::new();
        for t in &entry.indicator.targets {
            let Some(code) = &t.area else { continue };
            if t.period != self.phase_period || !t.disaggregation.is_empty() {
                continue;
            }
            let Some(i) = self.checked.areas.index_of(code.as_str()) else {
                continue;
            };
            if !self.checked.areas.is_within(i, self.scope.area) {
                continue;
            }
            let value = values.get(i).copied().flatten().map(|v| v.aggregate.value);
            let baseline = entry.indicator.baseline.as_ref().map(|b| b.value);
            let f = figures(
                value,
                Some(t.value),
                baseline,
                entry.indicator.direction,
                self.tolerance(entry),
            )?;
            let reached = f.status.is_some_and(Status::is_met)
                || f.percent
                    .is_some_and(|p| p >= self.options.basically_achieved_percent);
            out.push((i, reached));
        }
        Ok(out)
    }
}

/// The progress rows of each of `areas`, as [`progress`] gives them, from
/// one roll-up per indicator for them all (what scores of many sibling
/// areas need: the work grows with the data, not with data × areas).
pub(crate) fn rows_of_areas(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
    areas: &[&str],
    options: &ProgressOptions,
) -> Result<Vec<Vec<ProgressRow>>> {
    let totals = totals_by_indicator(checked);
    let runs = areas
        .iter()
        .map(|&area| Run::new(checked, as_of, phase, Some(area), options))
        .collect::<Result<Vec<Run<'_, '_>>>>()?;
    let mut rows: Vec<Vec<ProgressRow>> = vec![Vec::new(); runs.len()];
    let Some(window) = runs.first().map(|r| r.scope.window) else {
        return Ok(rows);
    };
    for position in 0..checked.framework.len() {
        let Some(entry) = checked.framework.entry(position) else {
            continue;
        };
        let bucket = totals.get(position).map(Vec::as_slice).unwrap_or(&[]);
        let values = rollup_indicator(checked, bucket, position, &window)?;
        for (run, out) in runs.iter().zip(rows.iter_mut()) {
            out.push(run.row(&entry, &values)?);
        }
    }
    Ok(rows)
}

/// Counts per component holding indicators, in framework order.
fn component_summaries(checked: &CheckedData<'_>, rows: &[ProgressRow]) -> Vec<ComponentSummary> {
    let mut components: Vec<ComponentSummary> = Vec::new();
    for entry in checked.framework.entries() {
        let code = &entry.component.code;
        if components.iter().any(|c| &c.component == code) {
            continue;
        }
        components.push(ComponentSummary {
            component: code.clone(),
            name: entry.component.name.clone(),
            summary: summarize(
                rows.iter()
                    .filter(|r| r.parent.is_none() && &r.component == code),
            ),
        });
    }
    components
}

/// The standing of every area with its own targets.
fn area_standings(
    checked: &CheckedData<'_>,
    standings: Vec<Option<(u32, u32)>>,
) -> Vec<AreaStanding> {
    standings
        .into_iter()
        .enumerate()
        .filter_map(|(i, standing)| {
            let (targeted, at_threshold) = standing?;
            Some(AreaStanding {
                area: checked.areas.get(i)?.code.clone(),
                targeted,
                at_threshold,
                basically_achieved: targeted > 0 && targeted == at_threshold,
            })
        })
        .collect()
}

fn summarize<'a>(rows: impl Iterator<Item = &'a ProgressRow>) -> Summary {
    let mut s = Summary::default();
    for row in rows {
        s.indicators += 1;
        if row.target.is_some() {
            s.with_target += 1;
        }
        if row.achieved.is_none() {
            s.no_data += 1;
        }
        if let Some(status) = row.status {
            *s.by_status.entry(status).or_insert(0) += 1;
        }
        if let Some(p) = row.pace.as_ref().and_then(|p| p.status) {
            *s.by_pace.entry(p).or_insert(0) += 1;
        }
    }
    s
}

const DASH: &str = "—";

fn number(value: Rational, decimals: u32, fmt: NumberFormat) -> Result<String> {
    fmt.format(value, if value.is_integer() { 0 } else { decimals })
}

/// Everything the display strings of a row are made from.
struct RowParts<'a> {
    entry: &'a IndicatorEntry<'a>,
    achieved: Option<Aggregate>,
    target: Option<Rational>,
    fig: &'a Figures,
    next: Option<&'a NextYear>,
    pace: Option<&'a Pace>,
    coverage: Option<Coverage>,
}

fn row_display(parts: RowParts<'_>, options: &ProgressOptions) -> Result<RowDisplay> {
    let lang = options.lang;
    let fmt = NumberFormat::from(lang);
    let d = options.decimals;
    let is_percent_unit = parts.entry.unit.kind == UnitKind::Percent;
    let value = |v: Option<Rational>| -> Result<String> {
        match v {
            Some(v) if is_percent_unit => Ok(format!("{}%", number(v, d, fmt)?)),
            Some(v) => number(v, d, fmt),
            None => Ok(DASH.to_string()),
        }
    };
    let percent = |v: Option<Rational>| -> Result<String> {
        v.map(|p| fmt.format_percent(p, d))
            .transpose()
            .map(|s| s.unwrap_or_else(|| DASH.to_string()))
    };
    let achieved = match parts.achieved {
        None => DASH.to_string(),
        Some(a) => {
            let shown = match (parts.entry.indicator.measure, a.denominator) {
                (MeasureKind::Coverage, Some(den)) => {
                    format!("{}/{}", number(a.value, d, fmt)?, number(den, d, fmt)?)
                }
                _ => value(Some(a.value))?,
            };
            match a.qualifier {
                Some(q) => format!("{} {shown}", q.label(lang)),
                None => shown,
            }
        }
    };
    let status = match (parts.fig.status, parts.fig.undefined.first()) {
        (Some(s), _) => s.label(lang).to_string(),
        (None, Some((_, why))) => why.label(lang).to_string(),
        (None, None) => DASH.to_string(),
    };
    Ok(RowDisplay {
        name: parts.entry.indicator.name.get(lang).to_string(),
        unit: parts.entry.unit.name.get(lang).to_string(),
        achieved,
        target: value(parts.target)?,
        percent: percent(parts.fig.percent)?,
        remaining: value(parts.fig.remaining)?,
        exceeded_by: percent(parts.fig.exceeded_by)?,
        status,
        next_year: value(parts.next.and_then(|n| n.target))?,
        planned_next_year: value(parts.next.and_then(|n| n.planned))?,
        pace: parts
            .pace
            .and_then(|p| p.status)
            .map(|p| p.label(lang).to_string())
            .unwrap_or_else(|| DASH.to_string()),
        coverage: parts.coverage.map(|c| c.phrase(lang)).unwrap_or_default(),
    })
}
