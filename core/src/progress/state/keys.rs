//! Every observation key a roll-up state has read — indicator, area,
//! period and breakdown, as their codes — with where it was first
//! reported, what that first report is worth, and its later copies.
//!
//! This is what makes a state's accounting independent of how the input
//! was split: on one machine the first report of a key is judged on its
//! own codes and figures, and every later copy is a duplicate. A state
//! judges each partition the same way, and merging two states that both
//! saw a key keeps the earlier report as the first and turns the other's
//! first into one more later copy — undoing what it counted, since figures
//! are only folded when the state is finished.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry as Slot;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};
use crate::model::exclusion::MAX_EXCLUDED_LISTED;
use crate::model::{DataSet, Disaggregation, ExclusionReason, ObservationProblem, ValueProblem};
use crate::period::Period;
use crate::progress::rollup::Reported;

/// Where an observation stands in the input: (partition, row in it).
pub(super) type Ordinal = (u64, u64);

/// Observations of one kind: how many, and the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Left {
    pub count: u64,
    /// The first [`MAX_EXCLUDED_LISTED`], in input order.
    pub first: Vec<Ordinal>,
}

impl Left {
    pub fn absorb(&mut self, other: Left) {
        self.count = self.count.saturating_add(other.count);
        self.first.extend(other.first);
        crate::order::sort(&mut self.first);
        self.first.truncate(MAX_EXCLUDED_LISTED);
    }
}

/// An observation key, as its codes: two reports with the same key are
/// one report and a duplicate, whether or not the codes are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Key {
    pub indicator: Arc<str>,
    pub area: Arc<str>,
    pub period: Period,
    /// `None` for a total.
    pub breakdown: Option<Arc<Disaggregation>>,
}

impl Key {
    /// The key as the data check writes it: `P8.CCG × VN × 2023`.
    pub fn text(&self) -> String {
        let mut text = format!("{} × {} × {}", self.indicator, self.area, self.period);
        if let Some(breakdown) = &self.breakdown {
            text.push_str(&format!(" × {breakdown}"));
        }
        text
    }
}

/// A period's place in the order of keys: its span, then its kind (two
/// periods of one kind and span are one period).
fn period_order(
    p: &Period,
) -> (
    chrono::NaiveDate,
    chrono::NaiveDate,
    crate::period::PeriodType,
) {
    (p.start(), p.end(), p.period_type())
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.indicator
            .cmp(&other.indicator)
            .then_with(|| self.area.cmp(&other.area))
            .then_with(|| period_order(&self.period).cmp(&period_order(&other.period)))
            .then_with(|| self.breakdown.cmp(&other.breakdown))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Why the first report of a key does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Problem {
    /// Its indicator code is not in the framework.
    UnknownIndicator,
    /// Its area code is not in the area list.
    UnknownArea,
    /// Its fields do not fit its measure: the shape's position in the
    /// data check's table of shapes.
    Shape(u8),
    /// A figure that cannot count.
    Value(ValueProblem),
}

impl Problem {
    /// The problem the data check found (a duplicate is not one: it is a
    /// later copy of its key).
    fn of(problem: &ObservationProblem) -> Option<Problem> {
        match problem {
            ObservationProblem::UnknownIndicator => Some(Problem::UnknownIndicator),
            ObservationProblem::UnknownArea => Some(Problem::UnknownArea),
            ObservationProblem::Shape { .. } => problem.shape_position().map(Problem::Shape),
            ObservationProblem::Duplicate { .. } => None,
        }
    }

    /// The reason it is listed under when invalid data are excluded.
    pub fn reason(self) -> ExclusionReason {
        match self {
            Problem::UnknownIndicator => ExclusionReason::UnknownIndicator,
            Problem::UnknownArea => ExclusionReason::UnknownArea,
            Problem::Shape(_) => ExclusionReason::Shape,
            Problem::Value(problem) => ExclusionReason::of_value(problem),
        }
    }

    /// The error a strict check gives for it at row `row` of `key`.
    pub fn error_at(self, row: usize, key: &Key) -> Option<Error> {
        let problem = match self {
            Problem::UnknownIndicator => ObservationProblem::UnknownIndicator,
            Problem::UnknownArea => ObservationProblem::UnknownArea,
            Problem::Shape(position) => ObservationProblem::shape(position)?,
            Problem::Value(problem) => return Some(problem.error_at(row)),
        };
        Some(key.error_at(row, &problem))
    }
}

impl Key {
    /// The error a strict check gives for `problem` of this key at `row`.
    pub fn error_at(&self, row: usize, problem: &ObservationProblem) -> Error {
        let codes = (&*self.indicator, &*self.area);
        crate::model::dataset::problem_error_at(row, problem, codes, || self.text())
    }
}

/// What a state knows of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    /// Where the key was first reported.
    pub first: Ordinal,
    /// Why that first report does not count, if it does not.
    pub problem: Option<Problem>,
    /// That first report, when it counts and is a total inside the
    /// window: what the roll-up folds.
    pub report: Option<Box<Reported>>,
    /// The later copies: duplicates, how many and the first few.
    pub later: Option<Box<Left>>,
}

impl Entry {
    /// This entry with `other`'s, of the same key: the earlier first
    /// report stays first, the other's becomes a later copy.
    fn absorb(&mut self, mut other: Entry) {
        if other.first < self.first {
            std::mem::swap(self, &mut other);
        }
        let mut later = self.later.take().map_or_else(Left::default, |l| *l);
        later.absorb(Left {
            count: 1,
            first: vec![other.first],
        });
        if let Some(theirs) = other.later {
            later.absorb(*theirs);
        }
        self.later = Some(Box::new(later));
    }
}

/// `from`'s keys added to `into`'s.
pub(super) fn absorb_all(into: &mut BTreeMap<Key, Entry>, from: BTreeMap<Key, Entry>) {
    for (key, entry) in from {
        match into.entry(key) {
            Slot::Vacant(slot) => {
                slot.insert(entry);
            }
            Slot::Occupied(mut slot) => slot.get_mut().absorb(entry),
        }
    }
}

/// Each row's problem (`None`: it counts), judged as the data check
/// judges it: its codes, its shape, then its figures. Repeats are left to
/// the keys.
fn problems(data: &DataSet) -> Result<Vec<Option<Problem>>> {
    let (checked, found) = data.check_lenient()?;
    let mut problems = vec![None; data.observation_count()];
    for (row, problem) in &found {
        if let Some(slot) = problems.get_mut(*row) {
            *slot = Problem::of(problem);
        }
    }
    for (row, obs, ind, _) in checked.usable() {
        let Some(entry) = checked.framework.entry(ind) else {
            continue;
        };
        let first = crate::model::value_problems(obs, &entry).first().copied();
        if let (Some(slot), Some(problem)) = (problems.get_mut(row), first) {
            *slot = Some(Problem::Value(problem));
        }
    }
    Ok(problems)
}

/// Each code and breakdown stored once per partition, however many rows
/// name it.
#[derive(Default)]
struct Shared<'d> {
    codes: HashMap<&'d str, Arc<str>>,
    breakdowns: HashMap<&'d Disaggregation, Arc<Disaggregation>>,
}

impl<'d> Shared<'d> {
    fn code(&mut self, text: &'d str) -> Arc<str> {
        Arc::clone(self.codes.entry(text).or_insert_with(|| Arc::from(text)))
    }

    fn breakdown(&mut self, d: &'d Disaggregation) -> Arc<Disaggregation> {
        Arc::clone(
            self.breakdowns
                .entry(d)
                .or_insert_with(|| Arc::new(d.clone())),
        )
    }
}

/// The keys of `data`'s rows, read as partition `partition`: each key's
/// first report judged on its own, later copies counted as duplicates.
pub(super) fn of_partition(
    data: &DataSet,
    partition: u64,
    window: Period,
) -> Result<BTreeMap<Key, Entry>> {
    let problems = problems(data)?;
    let mut shared = Shared::default();
    let mut keys = BTreeMap::new();
    for (row, obs) in data.observations().enumerate() {
        let d = obs.disaggregation();
        let key = Key {
            indicator: shared.code(obs.indicator().as_str()),
            area: shared.code(obs.area().as_str()),
            period: obs.period(),
            breakdown: (!d.is_empty()).then(|| shared.breakdown(d)),
        };
        let at = (partition, row as u64);
        let problem = problems.get(row).copied().flatten();
        let counted = problem.is_none() && key.breakdown.is_none() && window.contains(&key.period);
        let entry = Entry {
            first: at,
            problem,
            report: counted.then(|| Box::new(Reported::of(obs))),
            later: None,
        };
        match keys.entry(key) {
            Slot::Vacant(slot) => {
                slot.insert(entry);
            }
            Slot::Occupied(mut slot) => slot.get_mut().absorb(entry),
        }
    }
    Ok(keys)
}
