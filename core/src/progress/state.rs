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
//! Observations are ordered by (partition, row), which is the input order
//! a single machine sees: when the same key (indicator, area, period) is
//! reported in two partitions, the first one counts, as on one machine.
//! Such a repeat is not listed in `excluded` (the state does not keep
//! every key); [`validate`](crate::rules::validate) lists it as
//! `reporting.duplicate` when the data is shuffled by series first.
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
use crate::model::exclusion::MAX_EXCLUDED_LISTED;
use crate::model::{
    CheckedData, DataSet, Excluded, ExclusionReason, IndicatorEntry, InvalidData, TimeAggregation,
    WithExcluded,
};
use crate::period::Period;
use crate::progress::report::{ProgressOptions, ProgressReport, progress_with};
use crate::progress::rollup::{
    Aggregate, AreaValue, Reported, Rollup, aggregate_of, rollup_with, sum_flows, up_the_tree,
    window_of,
};

mod bytes;

/// Where an observation stands in the input: (partition, row in it).
type Ordinal = (u64, u64);

/// One total report inside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Timed {
    period: Period,
    at: Ordinal,
    reported: Reported,
}

/// What one indicator × area keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Series {
    /// The latest report (stocks, ratios, coverage, running totals).
    Latest(Timed),
    /// Every flow, sorted by period, one per period.
    Flows(Vec<Timed>),
}

/// Observations left out for one reason: how many, and the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Left {
    count: u64,
    /// The first [`MAX_EXCLUDED_LISTED`], in input order.
    first: Vec<Ordinal>,
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
    /// (indicator position, area position) → what it keeps.
    series: BTreeMap<(u32, u32), Series>,
    excluded: BTreeMap<ExclusionReason, Left>,
}

/// The 64-bit FNV-1a hash of `bytes`: a fingerprint, not a defence
/// against forgery (a state is trusted input of its own pipeline).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The fingerprint of what a state's positions refer to: the framework
/// and the areas, as their canonical JSON.
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
            // One indicator keeps one kind: a mix cannot come from states
            // of one set-up (the fingerprint says so); keep what is here.
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

impl Left {
    fn absorb(&mut self, other: Left) {
        self.count = self.count.saturating_add(other.count);
        self.first.extend(other.first);
        crate::order::sort(&mut self.first);
        self.first.truncate(MAX_EXCLUDED_LISTED);
    }
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
            series: BTreeMap::new(),
            excluded: BTreeMap::new(),
        })
    }

    /// Adds the observations of `data` (the same framework and areas) as
    /// partition `partition`. Errors name `data` (a problem observation,
    /// when invalid data are errors), or `partition` when it is already
    /// in the state.
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
        let (checked, left_out) = match self.invalid {
            InvalidData::Error => (data.check().map_err(|e| e.under("data"))?, Vec::new()),
            InvalidData::Exclude => data.check_excluding().map_err(|e| e.under("data"))?,
        };
        for (row, reason) in left_out {
            let left = self.excluded.entry(reason).or_default();
            left.absorb(Left {
                count: 1,
                first: vec![(partition, row as u64)],
            });
        }
        self.fold(&checked, partition);
        let rows = data.observation_count() as u64;
        self.partitions.insert(partition, rows);
        Ok(())
    }

    /// Folds the usable totals inside the window.
    fn fold(&mut self, checked: &CheckedData<'_>, partition: u64) {
        for (row, obs, ind, area) in checked.usable() {
            let period = obs.period();
            if !obs.disaggregation().is_empty() || !self.window.contains(&period) {
                continue;
            }
            let Some(entry) = checked.framework.entry(ind) else {
                continue;
            };
            let timed = Timed {
                period,
                at: (partition, row as u64),
                reported: Reported::of(obs),
            };
            let key = (ind as u32, area as u32);
            match self.series.get_mut(&key) {
                Some(series) => series.absorb(Series::of(timed, &entry)),
                None => {
                    self.series.insert(key, Series::of(timed, &entry));
                }
            }
        }
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
        for (key, series) in other.series {
            match self.series.get_mut(&key) {
                Some(mine) => mine.absorb(series),
                None => {
                    self.series.insert(key, series);
                }
            }
        }
        for (reason, left) in other.excluded {
            self.excluded.entry(reason).or_default().absorb(left);
        }
        Ok(self)
    }

    /// How many observations the state has read, over all partitions.
    pub fn observations(&self) -> u64 {
        self.partitions.values().sum()
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

    /// Every area's value of the indicator at `position`.
    fn values(
        &self,
        checked: &CheckedData<'_>,
        offsets: &BTreeMap<u64, u64>,
        position: usize,
    ) -> Result<Vec<Option<AreaValue>>> {
        let Some(entry) = checked.framework.entry(position) else {
            return Ok(Vec::new());
        };
        let index = |at: Ordinal| {
            let offset = offsets.get(&at.0).copied().unwrap_or(0);
            offset.saturating_add(at.1) as usize
        };
        let mut own: Vec<Option<Aggregate>> = vec![None; checked.areas.areas().len()];
        let at = position as u32;
        for (&(_, area), series) in self.series.range((at, 0)..=(at, u32::MAX)) {
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

    /// What was left out, with paths in the whole input (`None` when
    /// invalid data are errors).
    fn excluded(&self, offsets: &BTreeMap<u64, u64>) -> Option<Excluded> {
        if self.invalid == InvalidData::Error {
            return None;
        }
        let mut excluded = Excluded::default();
        for (&reason, left) in &self.excluded {
            let first = left.first.iter().map(|&(partition, row)| {
                let offset = offsets.get(&partition).copied().unwrap_or(0);
                offset.saturating_add(row) as usize
            });
            excluded.add_group(reason, left.count as usize, first);
        }
        Some(excluded)
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
        self.checked_setup(&bare)?;
        let checked = bare.check().map_err(|e| e.under("setup"))?;
        let offsets = self.offsets()?;
        let values = |position: usize, _: &Period| self.values(&checked, &offsets, position);
        let result = rollup_with(&checked, self.as_of, Some(&self.phase), indicator, &values)?;
        Ok(WithExcluded {
            result,
            excluded: self.excluded(&offsets),
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
        self.checked_setup(&bare)?;
        let checked = bare.check().map_err(|e| e.under("setup"))?;
        let offsets = self.offsets()?;
        let values = |position: usize, _: &Period| self.values(&checked, &offsets, position);
        let result = progress_with(
            &checked,
            self.as_of,
            Some(&self.phase),
            area,
            options,
            &values,
        )?;
        Ok(WithExcluded {
            result,
            excluded: self.excluded(&offsets),
        })
    }
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
