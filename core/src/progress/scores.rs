//! Scores across indicators: how many targets each area and component has
//! achieved or is on track for, the distribution of percent achieved (not
//! only a mean), and a ranking of areas.
//!
//! - Only indicators with a phase target at the area count ("targeted");
//!   sub-measures do not.
//! - **Achieved**: status achieved or exceeded. **On track**: the linear
//!   pace is on track, or the target is met.
//! - **Basically achieved** (đạt cơ bản): every targeted indicator at or
//!   above `basically_achieved_percent` of its target (default 90; no
//!   official definition was found, so it is a parameter).
//! - **Distribution**: minimum, quartiles and maximum of percent achieved
//!   by the nearest-rank method (the value at rank ⌈p·n⌉ of the sorted
//!   list, so every quartile is a real observation and exact), and counts
//!   in bands below 25, 50, 75, 90, 100 and from 100 up.
//! - **Ranking**: by share achieved, then share on track, then median
//!   percent, all descending; equal on all three share a rank and the next
//!   rank is skipped (1, 2, 2, 4). Areas without targets are not ranked.

use chrono::NaiveDate;
use serde::Serialize;

use crate::code::{AreaCode, ComponentCode};
use crate::error::{Error, Result};
use crate::json_text::ToJson;
use crate::model::CheckedData;
use crate::number::Rational;
use crate::progress::report::{PhaseInfo, ProgressOptions, ProgressRow, progress, rows_of_areas};
use crate::progress::{PaceStatus, Status};
use crate::text::Text;

/// Band edges of percent achieved.
const BANDS: [i128; 5] = [25, 50, 75, 90, 100];

/// How many indicators fall in a band of percent achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Band {
    /// From this percent (included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Rational>,
    /// Below this percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<Rational>,
    /// How many.
    pub count: u32,
}

/// The distribution of percent achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Distribution {
    /// How many values.
    pub count: u32,
    /// Smallest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Rational>,
    /// First quartile (nearest rank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q1: Option<Rational>,
    /// Median (nearest rank: the lower middle value when the count is even).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<Rational>,
    /// Third quartile (nearest rank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q3: Option<Rational>,
    /// Largest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Rational>,
    /// Counts by band.
    pub bands: Vec<Band>,
}

impl Distribution {
    /// The distribution of `values`.
    pub fn of(mut values: Vec<Rational>) -> Distribution {
        crate::order::sort(&mut values);
        let n = values.len();
        let rank = |num: usize| -> Option<Rational> {
            // ⌈num/4 · n⌉, at least 1.
            let r = (num * n).div_ceil(4).max(1);
            values.get(r - 1).copied()
        };
        let mut bands = Vec::with_capacity(BANDS.len() + 1);
        let mut from: Option<Rational> = None;
        for edge in BANDS
            .iter()
            .map(|&e| Rational::from(e))
            .map(Some)
            .chain([None])
        {
            let count = values
                .iter()
                .filter(|v| from.is_none_or(|f| **v >= f) && edge.is_none_or(|e| **v < e))
                .count();
            bands.push(Band {
                from,
                below: edge,
                count: u32::try_from(count).unwrap_or(u32::MAX),
            });
            from = edge;
        }
        Distribution {
            count: u32::try_from(n).unwrap_or(u32::MAX),
            min: values.first().copied(),
            q1: rank(1),
            median: rank(2),
            q3: rank(3),
            max: values.last().copied(),
            bands,
        }
    }
}

/// Achievement over a set of indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Score {
    /// Indicators with a phase target.
    pub targeted: u32,
    /// Of those, achieved or exceeded.
    pub achieved: u32,
    /// Of those, on track (or met).
    pub on_track: u32,
    /// achieved ÷ targeted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_achieved: Option<Rational>,
    /// on track ÷ targeted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_on_track: Option<Rational>,
    /// Every targeted indicator at or above the "basically achieved"
    /// percent.
    pub basically_achieved: bool,
    /// Percent achieved over the targeted indicators.
    pub distribution: Distribution,
}

impl Score {
    fn of<'r>(rows: impl Iterator<Item = &'r ProgressRow>, threshold: Rational) -> Score {
        let mut targeted = 0u32;
        let mut achieved = 0u32;
        let mut on_track = 0u32;
        let mut percents = Vec::new();
        for row in rows.filter(|r| r.parent.is_none() && r.target.is_some()) {
            targeted += 1;
            if matches!(row.status, Some(Status::Achieved | Status::Exceeded)) {
                achieved += 1;
            }
            if row
                .pace
                .as_ref()
                .and_then(|p| p.status)
                .is_some_and(|s| matches!(s, PaceStatus::OnTrack | PaceStatus::Achieved))
            {
                on_track += 1;
            }
            if let Some(p) = row.percent {
                percents.push(p);
            }
        }
        let share = |n: u32| Rational::new(i128::from(n), i128::from(targeted));
        Score {
            targeted,
            achieved,
            on_track,
            share_achieved: share(achieved),
            share_on_track: share(on_track),
            basically_achieved: targeted > 0
                && percents.len() == targeted as usize
                && percents.iter().all(|p| *p >= threshold),
            distribution: Distribution::of(percents),
        }
    }
}

/// An area's score and rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct AreaScore {
    /// The area.
    pub area: AreaCode,
    /// Its name.
    pub name: Text,
    /// Its rank (1 = best); absent without targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// Its score.
    #[serde(flatten)]
    pub score: Score,
}

/// A component's score at the parent area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ComponentScore {
    /// The component.
    pub component: ComponentCode,
    /// Its name.
    pub name: Text,
    /// Its score.
    #[serde(flatten)]
    pub score: Score,
}

/// Scores of an area's sub-areas and of the components at the area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Scores {
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// The phase.
    pub phase: PhaseInfo,
    /// The area whose sub-areas are scored.
    pub area: AreaCode,
    /// The "basically achieved" percent used.
    pub basically_achieved_percent: Rational,
    /// The area's own score over every indicator.
    pub overall: Score,
    /// Each component's score at the area.
    pub components: Vec<ComponentScore>,
    /// Each sub-area's score, best first.
    pub areas: Vec<AreaScore>,
    /// Percent achieved over every targeted indicator of every sub-area.
    pub distribution: Distribution,
}

/// Scores the sub-areas of `area` (default: the root) and the components
/// at it.
pub fn scores(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    phase: Option<&str>,
    area: Option<&str>,
    options: &ProgressOptions,
) -> Result<Scores> {
    let report = progress(checked, as_of, phase, area, options)?;
    let threshold = options.basically_achieved_percent;
    let parent = checked
        .areas
        .index_of(report.area.as_str())
        .ok_or_else(|| {
            Error::invalid(
                "area",
                (
                    "địa bàn không có trong bộ dữ liệu",
                    "the area is not in the data set",
                ),
            )
        })?;
    let components: Vec<ComponentScore> = report
        .components
        .iter()
        .map(|c| ComponentScore {
            component: c.component.clone(),
            name: c.name.clone(),
            score: Score::of(
                report.rows.iter().filter(|r| r.component == c.component),
                threshold,
            ),
        })
        .collect();
    let subs: Vec<&crate::model::area::Area> = checked
        .areas
        .children_of(parent)
        .iter()
        .filter_map(|&child| checked.areas.get(child))
        .collect();
    let codes: Vec<&str> = subs.iter().map(|a| a.code.as_str()).collect();
    let sub_rows = rows_of_areas(checked, as_of, phase, &codes, options)?;
    let mut areas = Vec::new();
    let mut all_percents = Vec::new();
    for (sub, rows) in subs.iter().zip(&sub_rows) {
        all_percents.extend(
            rows.iter()
                .filter(|r| r.parent.is_none() && r.target.is_some())
                .filter_map(|r| r.percent),
        );
        areas.push(AreaScore {
            area: sub.code.clone(),
            name: sub.name.clone(),
            rank: None,
            score: Score::of(rows.iter(), threshold),
        });
    }
    rank(&mut areas);
    Ok(Scores {
        as_of,
        phase: report.phase,
        area: report.area,
        basically_achieved_percent: threshold,
        overall: Score::of(report.rows.iter(), threshold),
        components,
        areas,
        distribution: Distribution::of(all_percents),
    })
}

/// Sorts best first and gives competition ranks (1, 2, 2, 4).
fn rank(areas: &mut [AreaScore]) {
    let key = |a: &AreaScore| {
        (
            a.score.targeted > 0,
            a.score.share_achieved,
            a.score.share_on_track,
            a.score.distribution.median,
        )
    };
    // Stable: equal keys keep the area order.
    crate::order::sort_by_key(areas, |a| std::cmp::Reverse(key(a)));
    let mut previous = None;
    let mut current_rank = 0;
    for (i, area) in areas.iter_mut().enumerate() {
        if area.score.targeted == 0 {
            continue;
        }
        let k = key(area);
        if previous != Some(k) {
            current_rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
            previous = Some(k);
        }
        area.rank = Some(current_rank);
    }
}
