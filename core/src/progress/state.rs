//! Roll-ups in pieces: a state built from any part of the observations,
//! merged with the states of the other parts, and finished into exactly
//! the [`rollup`](crate::progress::rollup) and
//! [`progress`](crate::progress::progress) of the whole. This is what a
//! distributed engine (Dask, Spark, Ray) needs from chitieu; the engine
//! itself lives outside the core.
//!
//! A state holds, for every indicator × area that reported a total inside
//! the window, what the roll-up over time needs and nothing more: the
//! latest report of a stock, ratio, coverage or running total (by
//! [`Period::cmp_recency`]), and every flow of a cumulative indicator
//! (flows are summed at the end, where overlaps are found exactly as on
//! one machine). It is small next to the data: one entry per series for
//! stocks, one per period for flows.
//!
//! **Exactly once.** Each part is a numbered *partition* (the engine's
//! partition number, in input order). A state records the partitions it
//! holds and their row counts: merging two states that hold the same
//! partition is an error (a part counted twice, e.g. a retried task), and
//! finishing a state that misses a partition is an error (a part lost).
//!
//! **The same accounting on any split.** Observations are ordered by
//! (partition, row), which is the input order a single machine sees. A
//! state keeps every observation key it read (indicator, area, period and
//! breakdown, as codes) with its first report, what that report is worth
//! and how many later copies followed; figures are folded only when the
//! state is finished. So, as on one machine, the first report of a key is
//! judged on its own codes and figures and every later copy is a
//! duplicate, wherever the copies fall: with invalid data excluded, the
//! same rows are left out for the same reasons; with invalid data as
//! errors, finishing refuses with the error one machine gives (the first
//! problem in input order, its path in the whole input). A state grows
//! with the distinct keys, not with their repeats.
//!
//! ```
//! use chitieu::model::InvalidData;
//! use chitieu::progress::{rollup, RollupState};
//! let data = chitieu::builtin::project8()?;
//! let as_of = chitieu::period::parse_date("2023-12-31")?;
//! let setup = data.without_observations();
//! // Two partitions: the first five observations, then the rest.
//! let rows: Vec<_> = data.observations().map(|o| o.to_observation()).collect();
//! let (a, b) = rows.split_at(5);
//! let mut first = RollupState::empty(&setup, as_of, None, InvalidData::Error)?;
//! first.update(&setup.clone().with_observations(a.to_vec()), 0)?;
//! let mut second = RollupState::empty(&setup, as_of, None, InvalidData::Error)?;
//! second.update(&setup.clone().with_observations(b.to_vec()), 1)?;
//! // States travel as bytes between processes.
//! let second = RollupState::from_bytes(&second.to_bytes())?;
//! let merged = second.merge(first)?;
//! let whole = rollup(&data.check()?, as_of, None, None)?;
//! assert_eq!(merged.finish_rollup(&setup, None)?.result, whole);
//! # Ok::<(), chitieu::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{
    CheckedData, DataSet, Excluded, ExclusionReason, IndicatorEntry, InvalidData,
    ObservationProblem, TimeAggregation, WithExcluded,
};
use crate::period::Period;
use crate::progress::report::{ProgressOptions, ProgressReport, progress_with};
use crate::progress::rollup::{
    Aggregate, AreaValue, Reported, Rollup, aggregate_of, rollup_with, sum_flows, up_the_tree,
    window_of,
};

mod bytes;
mod keys;

use keys::{Entry, Key, Left, Ordinal};

/// One total report inside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Timed {
    period: Period,
    at: Ordinal,
    reported: Reported,
}

/// What one indicator × area folds to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Series {
    /// The latest report (stocks, ratios, coverage, running totals).
    Latest(Timed),
    /// Every flow, sorted by period, one per period.
    Flows(Vec<Timed>),
}

/// A roll-up of part of the observations, to merge with the others'.
///
/// Build one per partition with [`empty`](Self::empty) and
/// [`update`](Self::update), send it as [`to_bytes`](Self::to_bytes),
/// [`merge`](Self::merge) them in any order and any grouping, and
/// [`finish_rollup`](Self::finish_rollup) or
/// [`finish_progress`](Self::finish_progress): the result is the one the
/// whole data gives on one machine. Each partition counts exactly once:
/// merging one twice, or finishing without one, is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupState {
    /// The fingerprint of the framework and areas.
    setup: u64,
    as_of: NaiveDate,
    /// The phase, resolved.
    phase: String,
    invalid: InvalidData,
    window: Period,
    /// Partition → rows read from it.
    partitions: BTreeMap<u64, u64>,
    /// Every key read, with its first report and later copies.
    keys: BTreeMap<Key, Entry>,
}

/// The 64-bit FNV-1a hash of `bytes`: a fingerprint, not a defence
/// against forgery (a state is trusted input of its own pipeline).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The fingerprint of what a state's keys refer to: the framework and the
/// areas, as their canonical JSON.
fn fingerprint(data: &DataSet) -> Result<u64> {
    let unwritable = |e: serde_json::Error| {
        Error::invalid(
            "data",
            (
                format!("không ghi được khung chỉ tiêu và địa bàn ({e})"),
                format!("the framework and areas cannot be written ({e})"),
            ),
        )
    };
    let framework = serde_json::to_vec(data.framework()).map_err(unwritable)?;
    let areas = serde_json::to_vec(data.areas()).map_err(unwritable)?;
    Ok(fnv1a(&framework) ^ fnv1a(&areas).rotate_left(1))
}

fn mismatch(what: (&str, &str)) -> Error {
    Error::invalid(
        "state",
        (
            format!("không gộp được hai trạng thái tổng hợp: khác {}", what.0),
            format!("the two roll-up states cannot merge: different {}", what.1),
        ),
    )
}

/// A state that names what its set-up does not have: not one this set-up
/// wrote (the fingerprint matched, so the bytes were made, not damaged).
fn foreign_key(key: &Key) -> Error {
    let key = key.text();
    Error::invalid(
        "state",
        (
            format!(
                "trạng thái tổng hợp có khóa «{key}» mà khung chỉ tiêu hoặc danh sách địa bàn không có"
            ),
            format!("the roll-up state has a key `{key}` its framework or area list does not have"),
        ),
    )
}

impl Series {
    /// The series of one report of `entry`'s indicator.
    fn of(timed: Timed, entry: &IndicatorEntry<'_>) -> Series {
        match entry.indicator.time_aggregation() {
            TimeAggregation::SumOfFlows => Series::Flows(vec![timed]),
            TimeAggregation::LastValue | TimeAggregation::LatestRunningTotal => {
                Series::Latest(timed)
            }
        }
    }

    /// This series with `other`'s reports: the later of two latest, the
    /// union of the flows; of two reports of one period, the first in
    /// input order.
    fn absorb(&mut self, other: Series) {
        match (&mut *self, other) {
            (Series::Latest(mine), Series::Latest(theirs)) => {
                let newer = theirs
                    .period
                    .cmp_recency(&mine.period)
                    .then(mine.at.cmp(&theirs.at));
                if newer.is_gt() {
                    *mine = theirs;
                }
            }
            (Series::Flows(mine), Series::Flows(theirs)) => {
                mine.extend(theirs);
                normalize(mine);
            }
            // One indicator keeps one kind: both come from its entry.
            _ => {}
        }
    }
}

/// Flows sorted by period (then input order), one per period: the first.
fn normalize(flows: &mut Vec<Timed>) {
    crate::order::sort_by(flows, |a, b| {
        (a.period.start(), a.period.end())
            .cmp(&(b.period.start(), b.period.end()))
            .then(a.period.cmp_recency(&b.period))
            .then(a.at.cmp(&b.at))
    });
    flows.dedup_by(|later, first| later.period == first.period);
}

impl RollupState {
    /// A state holding nothing, for the roll-up of `setup`'s framework and
    /// areas (its observations, if any, are not read) as of `as_of` over
    /// `phase` (default: the one containing `as_of`), treating invalid
    /// observations as `invalid` says.
    pub fn empty(
        setup: &DataSet,
        as_of: NaiveDate,
        phase: Option<&str>,
        invalid: InvalidData,
    ) -> Result<RollupState> {
        let bare = setup.without_observations();
        let checked = bare.check().map_err(|e| e.under("setup"))?;
        let window = window_of(&checked, as_of, phase)?;
        let phase = crate::progress::phase::resolve_phase(&checked, as_of, phase)?;
        Ok(RollupState {
            setup: fingerprint(setup)?,
            as_of,
            phase: phase.id.to_string(),
            invalid,
            window,
            partitions: BTreeMap::new(),
            keys: BTreeMap::new(),
        })
    }

    /// Adds the observations of `data` (the same framework and areas) as
    /// partition `partition`. Errors when the framework or areas differ,
    /// or when `partition` is already in the state. A problem observation
    /// is not an error here even when invalid data are errors: whether it
    /// is the first problem of the whole input, or a repeat of a key
    /// another partition reported first, is known when the state is
    /// finished, which refuses it as one machine does.
    pub fn update(&mut self, data: &DataSet, partition: u64) -> Result<()> {
        if fingerprint(data)? != self.setup {
            return Err(Error::invalid(
                "data",
                (
                    "khung chỉ tiêu hoặc danh sách địa bàn khác với của trạng thái",
                    "the framework or the area list differs from the state's",
                ),
            ));
        }
        if self.partitions.contains_key(&partition) {
            return Err(twice(partition));
        }
        let keys = keys::of_partition(data, partition, self.window).map_err(|e| e.under("data"))?;
        keys::absorb_all(&mut self.keys, keys);
        let rows = data.observation_count() as u64;
        self.partitions.insert(partition, rows);
        Ok(())
    }

    /// The two states as one: associative and commutative, with
    /// [`empty`](Self::empty) as identity. Errors when they were built for
    /// different set-ups, dates, phases or invalid-data modes, or when
    /// both hold one partition.
    pub fn merge(mut self, other: RollupState) -> Result<RollupState> {
        if self.setup != other.setup {
            return Err(mismatch((
                "khung chỉ tiêu hoặc địa bàn",
                "framework or areas",
            )));
        }
        if (self.as_of, &self.phase, self.window) != (other.as_of, &other.phase, other.window) {
            return Err(mismatch((
                "ngày báo cáo hoặc giai đoạn",
                "as-of date or phase",
            )));
        }
        if self.invalid != other.invalid {
            return Err(mismatch((
                "cách xử lý số liệu không hợp lệ",
                "treatment of invalid data",
            )));
        }
        for (partition, rows) in other.partitions {
            if self.partitions.insert(partition, rows).is_some() {
                return Err(twice(partition));
            }
        }
        keys::absorb_all(&mut self.keys, other.keys);
        Ok(self)
    }

    /// How many observations the state has read, over all partitions.
    pub fn observations(&self) -> u64 {
        self.partitions
            .values()
            .fold(0u64, |sum, &rows| sum.saturating_add(rows))
    }

    /// How many distinct observation keys the state holds: what its size
    /// grows with.
    pub fn keys(&self) -> usize {
        self.keys.len()
    }

    /// The partitions the state holds, in order.
    pub fn partitions(&self) -> impl Iterator<Item = u64> + '_ {
        self.partitions.keys().copied()
    }

    /// Each partition's first row in the whole input. Every partition
    /// from 0 to the last must be there.
    fn offsets(&self) -> Result<BTreeMap<u64, u64>> {
        let mut offsets = BTreeMap::new();
        let mut next = 0u64;
        for (expected, (&partition, &rows)) in (0u64..).zip(&self.partitions) {
            if partition != expected {
                return Err(Error::invalid(
                    "state",
                    (
                        format!("thiếu phân vùng {expected}: trạng thái chưa đủ số liệu"),
                        format!("partition {expected} is missing: the state is incomplete"),
                    ),
                ));
            }
            offsets.insert(partition, next);
            next = next.saturating_add(rows);
        }
        Ok(offsets)
    }

    /// The checked set-up, after making sure it is the state's.
    fn checked_setup(&self, bare: &DataSet) -> Result<()> {
        if fingerprint(bare)? != self.setup {
            return Err(Error::invalid(
                "setup",
                (
                    "khung chỉ tiêu hoặc danh sách địa bàn khác với của trạng thái",
                    "the framework or the area list differs from the state's",
                ),
            ));
        }
        Ok(())
    }

    /// Every indicator × area's series, folded from the first reports
    /// that count. A report whose codes the set-up does not know is an
    /// error: it cannot come from a state of this set-up.
    fn series(&self, checked: &CheckedData<'_>) -> Result<BTreeMap<(u32, u32), Series>> {
        let mut series: BTreeMap<(u32, u32), Series> = BTreeMap::new();
        for (key, entry) in &self.keys {
            let Some(reported) = &entry.report else {
                continue;
            };
            let ind = checked.framework.position(&key.indicator);
            let area = checked.areas.index_of(&key.area);
            let (Some(ind), Some(area)) = (ind, area) else {
                return Err(foreign_key(key));
            };
            let Some(indicator) = checked.framework.entry(ind) else {
                return Err(foreign_key(key));
            };
            let timed = Timed {
                period: key.period,
                at: entry.first,
                reported: **reported,
            };
            let one = Series::of(timed, &indicator);
            match series.get_mut(&(ind as u32, area as u32)) {
                Some(s) => s.absorb(one),
                None => {
                    series.insert((ind as u32, area as u32), one);
                }
            }
        }
        Ok(series)
    }

    /// Every area's value of the indicator at `position`.
    fn values(
        checked: &CheckedData<'_>,
        series: &BTreeMap<(u32, u32), Series>,
        offsets: &BTreeMap<u64, u64>,
        position: usize,
    ) -> Result<Vec<Option<AreaValue>>> {
        let Some(entry) = checked.framework.entry(position) else {
            return Ok(Vec::new());
        };
        let index = |at: Ordinal| index_in(offsets, at);
        let mut own: Vec<Option<Aggregate>> = vec![None; checked.areas.areas().len()];
        let at = position as u32;
        for (&(_, area), series) in series.range((at, 0)..=(at, u32::MAX)) {
            let value = match series {
                Series::Latest(timed) => Some(aggregate_of(timed.reported, &entry)?),
                Series::Flows(flows) => {
                    let flows = flows
                        .iter()
                        .map(|t| (index(t.at), t.period, t.reported))
                        .collect();
                    sum_flows(flows, &entry)?
                }
            };
            if let Some(slot) = own.get_mut(area as usize) {
                *slot = value;
            }
        }
        up_the_tree(&checked.areas, own, &entry)
    }

    /// What was left out, by reason, in input order (`None` when invalid
    /// data are errors).
    fn excluded(&self, offsets: &BTreeMap<u64, u64>) -> Option<Excluded> {
        if self.invalid == InvalidData::Error {
            return None;
        }
        let mut by_reason: BTreeMap<ExclusionReason, Left> = BTreeMap::new();
        for entry in self.keys.values() {
            if let Some(problem) = entry.problem {
                by_reason.entry(problem.reason()).or_default().absorb(Left {
                    count: 1,
                    first: vec![entry.first],
                });
            }
            if let Some(later) = &entry.later {
                let left = by_reason.entry(ExclusionReason::Duplicate).or_default();
                left.absorb((**later).clone());
            }
        }
        let mut excluded = Excluded::default();
        for (reason, left) in by_reason {
            let first = left.first.iter().map(|&at| index_in(offsets, at));
            excluded.add_group(reason, left.count as usize, first);
        }
        Some(excluded)
    }

    /// With invalid data as errors, the error one machine gives: the
    /// first problem in input order — a first report that does not count,
    /// or a later copy of a key.
    fn first_problem(&self, offsets: &BTreeMap<u64, u64>) -> Option<Error> {
        if self.invalid == InvalidData::Exclude {
            return None;
        }
        // The row of the first problem, and how to say it.
        let mut first: Option<(Ordinal, &Key, &Entry, bool)> = None;
        let mut consider = |at: Ordinal, key, entry, repeat: bool| {
            if first.as_ref().is_none_or(|(best, ..)| at < *best) {
                first = Some((at, key, entry, repeat));
            }
        };
        for (key, entry) in &self.keys {
            if entry.problem.is_some() {
                consider(entry.first, key, entry, false);
            }
            if let Some(&again) = entry.later.as_ref().and_then(|l| l.first.first()) {
                consider(again, key, entry, true);
            }
        }
        let (at, key, entry, repeat) = first?;
        // Its path is the row's in the whole input, as one machine gives it
        // for the whole data set.
        let row = index_in(offsets, at);
        let error = if repeat {
            let first = index_in(offsets, entry.first);
            Some(key.error_at(row, &ObservationProblem::Duplicate { first }))
        } else {
            entry.problem.and_then(|p| p.error_at(row, key))
        };
        error.map(Error::refusing)
    }

    /// The checked set-up, its series and the partitions' offsets; the
    /// first problem when invalid data are errors.
    fn finishing<'s>(&self, bare: &'s DataSet) -> Result<Finishing<'s>> {
        self.checked_setup(bare)?;
        let checked = bare.check().map_err(|e| e.under("setup"))?;
        let offsets = self.offsets()?;
        if let Some(error) = self.first_problem(&offsets) {
            return Err(error);
        }
        let series = self.series(&checked)?;
        Ok(Finishing {
            checked,
            series,
            offsets,
        })
    }

    /// The roll-up of every indicator (or `indicator`) of the whole data:
    /// what [`rollup`](crate::progress::rollup) gives on all the
    /// partitions' observations together. `setup` is the framework and
    /// areas the state was built with.
    pub fn finish_rollup(
        &self,
        setup: &DataSet,
        indicator: Option<&str>,
    ) -> Result<WithExcluded<Rollup>> {
        let bare = setup.without_observations();
        let f = self.finishing(&bare)?;
        let values =
            |position: usize, _: &Period| Self::values(&f.checked, &f.series, &f.offsets, position);
        let result = rollup_with(
            &f.checked,
            self.as_of,
            Some(&self.phase),
            indicator,
            &values,
        )?;
        Ok(WithExcluded {
            result,
            excluded: self.excluded(&f.offsets),
        })
    }

    /// The progress report of the whole data at `area` (default: the
    /// root): what [`progress`](crate::progress::progress) gives on all
    /// the partitions' observations together.
    pub fn finish_progress(
        &self,
        setup: &DataSet,
        area: Option<&str>,
        options: &ProgressOptions,
    ) -> Result<WithExcluded<ProgressReport>> {
        let bare = setup.without_observations();
        let f = self.finishing(&bare)?;
        let values =
            |position: usize, _: &Period| Self::values(&f.checked, &f.series, &f.offsets, position);
        let result = progress_with(
            &f.checked,
            self.as_of,
            Some(&self.phase),
            area,
            options,
            &values,
        )?;
        Ok(WithExcluded {
            result,
            excluded: self.excluded(&f.offsets),
        })
    }
}

/// What finishing a state works from.
struct Finishing<'s> {
    checked: CheckedData<'s>,
    series: BTreeMap<(u32, u32), Series>,
    offsets: BTreeMap<u64, u64>,
}

/// The row an ordinal names in the whole input.
fn index_in(offsets: &BTreeMap<u64, u64>, (partition, row): Ordinal) -> usize {
    let offset = offsets.get(&partition).copied().unwrap_or(0);
    offset.saturating_add(row) as usize
}

fn twice(partition: u64) -> Error {
    Error::invalid(
        "partition",
        (
            format!("phân vùng {partition} đã được cộng vào trạng thái: sẽ bị tính hai lần"),
            format!("partition {partition} is already in the state: it would be counted twice"),
        ),
    )
}
