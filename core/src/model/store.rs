//! The observations of a data set, stored by column.
//!
//! A national file repeats a few thousand codes a million times; storing
//! each observation as a struct of strings and maps made the data set six
//! times the size of its CSV and every rule hash strings per row. Here
//! codes, periods, breakdowns and sources are `u32` ids into dictionaries
//! (a code unknown to the framework gets its entry like any other, so it can
//! be reported), numbers are `i64` cells with an exact side table for the
//! rare value that is not an integer in range, and qualifier and status are
//! bytes. About 30 bytes an observation instead of 240.
//!
//! The layout is private to the model: everything outside reads
//! [`ObservationView`]s, and the checks read the ids through `pub(crate)`
//! accessors.

use std::fmt;
use std::hash::Hash;

use rustc_hash::FxHashMap as HashMap;
use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::code::{AreaCode, IndicatorCode};
use crate::json_text::ToJson;
use crate::model::observation::{Disaggregation, Observation, ObservationStatus, Qualifier};
use crate::number::Rational;
use crate::period::Period;

/// Values in input order of first appearance, each with its `u32` id.
#[derive(Clone)]
pub(crate) struct Dictionary<T> {
    values: Vec<T>,
    ids: HashMap<T, u32>,
}

impl<T> Default for Dictionary<T> {
    fn default() -> Self {
        Dictionary {
            values: Vec::new(),
            ids: HashMap::default(),
        }
    }
}

impl<T: Hash + Eq + Clone> Dictionary<T> {
    /// The id of `value`, added if new.
    fn intern(&mut self, value: T) -> u32 {
        if let Some(&id) = self.ids.get(&value) {
            return id;
        }
        // 2^32 distinct entries cannot be reached: each costs over 40 bytes
        // in this dictionary alone, so memory runs out long before.
        let id = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(value.clone());
        self.ids.insert(value, id);
        id
    }

    /// The ids in `self` of every value of `other`, by `other`'s id
    /// (added where new).
    fn absorb(&mut self, other: &Dictionary<T>) -> Vec<u32> {
        other
            .values
            .iter()
            .map(|v| self.intern(v.clone()))
            .collect()
    }

    /// The value with id `id`.
    pub(crate) fn get(&self, id: u32) -> Option<&T> {
        self.values.get(id as usize)
    }

    /// Every value, by id.
    pub(crate) fn values(&self) -> &[T] {
        &self.values
    }
}

/// The cell of a number column for "no value".
const ABSENT: i64 = i64::MIN;
/// Cells from here up to [`PLAIN_FROM`] are indexes into the exact side
/// table (cell − `SIDE_BASE`): a value that is not an integer in range is
/// found in one step, with no hash.
const SIDE_BASE: i64 = i64::MIN + 1;
/// Integers from −2^62 up are stored as themselves.
const PLAIN_FROM: i64 = -(1 << 62);

/// One optional number per observation: an `i64` cell holding the integer
/// itself, or the index of its exact value in the side table (fractions,
/// and integers below −2^62 or past `i64`). The column is allocated from
/// the first row with a value on (most data sets never give a numerator),
/// so an absent column costs nothing.
#[derive(Clone, Default)]
struct NumberColumn {
    cells: Vec<i64>,
    exact: Vec<Rational>,
}

impl NumberColumn {
    /// Sets row `row`, the next row (rows are pushed in order).
    fn push(&mut self, row: usize, value: Option<Rational>) {
        let cell = match value {
            None if self.cells.is_empty() => return,
            None => ABSENT,
            Some(v) => match v.to_integer().and_then(|i| i64::try_from(i).ok()) {
                Some(i) if i >= PLAIN_FROM => i,
                _ => {
                    // 2^62 side entries cannot be held (32 bytes each).
                    let index = i64::try_from(self.exact.len()).unwrap_or(i64::MAX);
                    self.exact.push(v);
                    SIDE_BASE.saturating_add(index)
                }
            },
        };
        if self.cells.len() < row {
            self.cells.resize(row, ABSENT);
        }
        self.cells.push(cell);
    }

    /// Adds the cells of `other` after the first `rows` rows.
    fn append(&mut self, rows: usize, other: NumberColumn) {
        if other.cells.is_empty() {
            return;
        }
        self.cells.resize(rows, ABSENT);
        let shift = i64::try_from(self.exact.len()).unwrap_or(i64::MAX);
        self.cells.extend(other.cells.into_iter().map(|c| match c {
            ABSENT => ABSENT,
            c if c < PLAIN_FROM => c.saturating_add(shift),
            i => i,
        }));
        self.exact.extend(other.exact);
    }

    fn get(&self, row: usize) -> Option<Rational> {
        match self.cells.get(row).copied()? {
            ABSENT => None,
            c if c < PLAIN_FROM => {
                let index = usize::try_from(c - SIDE_BASE).ok()?;
                self.exact.get(index).copied()
            }
            i => Some(Rational::from(i)),
        }
    }
}

const NO_SOURCE: u32 = u32::MAX;

fn qualifier_byte(q: Option<Qualifier>) -> u8 {
    match q {
        None => 0,
        Some(Qualifier::MoreThan) => 1,
        Some(Qualifier::Nearly) => 2,
        Some(Qualifier::About) => 3,
        Some(Qualifier::AtLeast) => 4,
    }
}

fn qualifier_of(byte: u8) -> Option<Qualifier> {
    match byte {
        1 => Some(Qualifier::MoreThan),
        2 => Some(Qualifier::Nearly),
        3 => Some(Qualifier::About),
        4 => Some(Qualifier::AtLeast),
        _ => None,
    }
}

fn status_byte(s: ObservationStatus) -> u8 {
    match s {
        ObservationStatus::Draft => 0,
        ObservationStatus::Submitted => 1,
        ObservationStatus::Approved => 2,
    }
}

fn status_of(byte: u8) -> ObservationStatus {
    match byte {
        0 => ObservationStatus::Draft,
        2 => ObservationStatus::Approved,
        _ => ObservationStatus::Submitted,
    }
}

/// The observations, by column.
#[derive(Clone)]
pub(crate) struct Store {
    indicators: Dictionary<IndicatorCode>,
    areas: Dictionary<AreaCode>,
    periods: Dictionary<Period>,
    /// Id 0 is the total (no breakdown), so totals never hash a map.
    breakdowns: Dictionary<Disaggregation>,
    sources: Dictionary<Box<str>>,
    indicator: Vec<u32>,
    area: Vec<u32>,
    period: Vec<u32>,
    breakdown: Vec<u32>,
    value: NumberColumn,
    numerator: NumberColumn,
    denominator: NumberColumn,
    qualifier: Vec<u8>,
    status: Vec<u8>,
    source: Vec<u32>,
    /// The line of the file each row was read from (0: not known), or
    /// empty when no row came from a file: errors and findings name the
    /// line as well as the row. Where rows were read is not part of the
    /// data: stores compare equal without it.
    lines: Vec<u32>,
    /// The last codes pushed with their ids: rows read from CSV share the
    /// text of the row before, so most rows skip the dictionary's hash.
    last: Option<(IndicatorCode, u32, AreaCode, u32)>,
}

impl Default for Store {
    fn default() -> Self {
        let mut breakdowns = Dictionary::default();
        breakdowns.intern(Disaggregation::total());
        Store {
            indicators: Dictionary::default(),
            areas: Dictionary::default(),
            periods: Dictionary::default(),
            breakdowns,
            sources: Dictionary::default(),
            indicator: Vec::new(),
            area: Vec::new(),
            period: Vec::new(),
            breakdown: Vec::new(),
            value: NumberColumn::default(),
            numerator: NumberColumn::default(),
            denominator: NumberColumn::default(),
            qualifier: Vec::new(),
            status: Vec::new(),
            source: Vec::new(),
            lines: Vec::new(),
            last: None,
        }
    }
}

impl Store {
    /// A store of `observations`, in order.
    pub(crate) fn from_observations(observations: impl IntoIterator<Item = Observation>) -> Store {
        let mut store = Store::default();
        store.extend(observations);
        store
    }

    /// How many observations.
    pub(crate) fn len(&self) -> usize {
        self.indicator.len()
    }

    /// Adds observations after the others.
    pub(crate) fn extend(&mut self, observations: impl IntoIterator<Item = Observation>) {
        let observations = observations.into_iter();
        self.reserve(observations.size_hint().0);
        for obs in observations {
            self.push(obs);
        }
    }

    /// Room for `more` rows.
    pub(crate) fn reserve(&mut self, more: usize) {
        for column in [
            &mut self.indicator,
            &mut self.area,
            &mut self.period,
            &mut self.breakdown,
            &mut self.source,
        ] {
            column.reserve(more);
        }
        self.qualifier.reserve(more);
        self.status.reserve(more);
    }

    /// Adds the rows of `other` after these, in order: what reading a
    /// file in blocks on several cores joins with. Ids are mapped through
    /// this store's dictionaries, so the result is the store that pushing
    /// every row here would have built.
    pub(crate) fn append(&mut self, other: Store) {
        let rows = self.len();
        let added = other.len();
        let remap = |ids: &mut Vec<u32>, from: Vec<u32>, map: &[u32]| {
            ids.extend(from.into_iter().map(|id| match id {
                NO_SOURCE => NO_SOURCE,
                id => map.get(id as usize).copied().unwrap_or(id),
            }));
        };
        let map = self.indicators.absorb(&other.indicators);
        remap(&mut self.indicator, other.indicator, &map);
        let map = self.areas.absorb(&other.areas);
        remap(&mut self.area, other.area, &map);
        let map = self.periods.absorb(&other.periods);
        remap(&mut self.period, other.period, &map);
        let map = self.breakdowns.absorb(&other.breakdowns);
        remap(&mut self.breakdown, other.breakdown, &map);
        let map = self.sources.absorb(&other.sources);
        remap(&mut self.source, other.source, &map);
        self.value.append(rows, other.value);
        self.numerator.append(rows, other.numerator);
        self.denominator.append(rows, other.denominator);
        self.qualifier.extend(other.qualifier);
        self.status.extend(other.status);
        if !(self.lines.is_empty() && other.lines.is_empty()) {
            self.lines.resize(rows, 0);
            self.lines.extend(other.lines);
            self.lines.resize(rows + added, 0);
        }
        self.last = None;
    }

    /// Adds one observation read from line `line` of a file.
    pub(crate) fn push_at_line(&mut self, obs: Observation, line: u64) {
        let row = self.len();
        self.push(obs);
        if self.lines.len() < row {
            self.lines.resize(row, 0);
        }
        self.lines.truncate(row);
        // A file within the input limit has fewer than 2^32 lines.
        self.lines.push(u32::try_from(line).unwrap_or(0));
    }

    /// The line of the file row `row` was read from, when it came from one.
    pub(crate) fn line(&self, row: usize) -> Option<u64> {
        self.lines
            .get(row)
            .filter(|&&l| l > 0)
            .map(|&l| u64::from(l))
    }

    /// Adds one observation after the others.
    pub(crate) fn push(&mut self, obs: Observation) {
        let row = self.len();
        let (indicator, area) = match &self.last {
            Some((ind, ind_id, area, area_id))
                if ind.shares_text(&obs.indicator) && area.shares_text(&obs.area) =>
            {
                (*ind_id, *area_id)
            }
            Some((ind, ind_id, _, _)) if ind.shares_text(&obs.indicator) => {
                (*ind_id, self.areas.intern(obs.area.clone()))
            }
            _ => (
                self.indicators.intern(obs.indicator.clone()),
                self.areas.intern(obs.area.clone()),
            ),
        };
        self.last = Some((obs.indicator, indicator, obs.area, area));
        self.indicator.push(indicator);
        self.area.push(area);
        self.period.push(self.periods.intern(obs.period));
        self.breakdown.push(if obs.disaggregation.is_empty() {
            0
        } else {
            self.breakdowns.intern(obs.disaggregation)
        });
        self.value.push(row, obs.value);
        self.numerator.push(row, obs.numerator);
        self.denominator.push(row, obs.denominator);
        self.qualifier.push(qualifier_byte(obs.qualifier));
        self.status.push(status_byte(obs.status));
        self.source.push(match obs.source {
            None => NO_SOURCE,
            Some(source) => self.sources.intern(source.into_boxed_str()),
        });
        if !self.lines.is_empty() {
            self.lines.push(0);
        }
    }

    /// The view of row `row`, if there is one.
    pub(crate) fn view(&self, row: usize) -> Option<ObservationView<'_>> {
        let key = self.key(row)?;
        Some(ObservationView {
            store: self,
            row,
            key,
        })
    }

    /// Every row, in order.
    pub(crate) fn views(&self) -> Observations<'_> {
        Observations {
            store: self,
            rows: 0..self.len(),
        }
    }

    /// The indicator dictionary.
    pub(crate) fn indicators(&self) -> &Dictionary<IndicatorCode> {
        &self.indicators
    }

    /// The area dictionary.
    pub(crate) fn areas(&self) -> &Dictionary<AreaCode> {
        &self.areas
    }

    // Row accessors. A row past the end reads as absent (`u32::MAX` for an
    // id): views only exist for rows that are there.

    pub(crate) fn indicator_id(&self, row: usize) -> u32 {
        self.indicator.get(row).copied().unwrap_or(u32::MAX)
    }

    pub(crate) fn area_id(&self, row: usize) -> u32 {
        self.area.get(row).copied().unwrap_or(u32::MAX)
    }

    pub(crate) fn period_id(&self, row: usize) -> u32 {
        self.period.get(row).copied().unwrap_or(u32::MAX)
    }

    pub(crate) fn breakdown_id(&self, row: usize) -> u32 {
        self.breakdown.get(row).copied().unwrap_or(u32::MAX)
    }

    /// The key of `row`, its codes looked up.
    fn key(&self, row: usize) -> Option<Key<'_>> {
        let ids = (
            *self.indicator.get(row)?,
            *self.area.get(row)?,
            *self.period.get(row)?,
            *self.breakdown.get(row)?,
        );
        Some(Key {
            indicator: self.indicators.get(ids.0)?,
            area: self.areas.get(ids.1)?,
            period: *self.periods.get(ids.2)?,
            disaggregation: self.breakdowns.get(ids.3)?,
            ids,
        })
    }

    fn value(&self, row: usize) -> Option<Rational> {
        self.value.get(row)
    }

    fn numerator(&self, row: usize) -> Option<Rational> {
        self.numerator.get(row)
    }

    fn denominator(&self, row: usize) -> Option<Rational> {
        self.denominator.get(row)
    }

    fn qualifier(&self, row: usize) -> Option<Qualifier> {
        qualifier_of(*self.qualifier.get(row)?)
    }

    fn status(&self, row: usize) -> ObservationStatus {
        self.status
            .get(row)
            .copied()
            .map(status_of)
            .unwrap_or_default()
    }

    fn source(&self, row: usize) -> Option<&str> {
        match *self.source.get(row)? {
            NO_SOURCE => None,
            id => self.sources.get(id).map(|s| &**s),
        }
    }
}

/// A row's key with its codes looked up: what a view holds, so that its
/// accessors have nothing left that could fail.
#[derive(Clone, Copy)]
struct Key<'a> {
    indicator: &'a IndicatorCode,
    area: &'a AreaCode,
    period: Period,
    disaggregation: &'a Disaggregation,
    ids: (u32, u32, u32, u32),
}

/// The observations of a data set, in order, as views.
#[derive(Clone)]
pub struct Observations<'a> {
    store: &'a Store,
    rows: std::ops::Range<usize>,
}

impl<'a> Iterator for Observations<'a> {
    type Item = ObservationView<'a>;

    fn next(&mut self) -> Option<ObservationView<'a>> {
        self.rows.next().and_then(|row| self.store.view(row))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<ObservationView<'a>> {
        self.rows.nth(n).and_then(|row| self.store.view(row))
    }
}

impl DoubleEndedIterator for Observations<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.rows.next_back().and_then(|row| self.store.view(row))
    }
}

impl ExactSizeIterator for Observations<'_> {}

impl std::iter::FusedIterator for Observations<'_> {}

impl fmt::Debug for Observations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Observations")
            .field("rows", &self.rows)
            .finish()
    }
}

impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        self.len() == other.len() && self.views().eq(other.views())
    }
}

impl Eq for Store {}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.views()).finish()
    }
}

impl ToJson for Store {
    fn write_json(&self, w: &mut crate::json_text::Writer) {
        w.array(self.views(), |obs, w| obs.fields().write_json(w));
    }
}

impl Serialize for Store {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for obs in self.views() {
            seq.serialize_element(&obs)?;
        }
        seq.end()
    }
}

impl crate::json_text::FromJson for Store {
    fn from_json(
        r: &mut crate::json_text::Reader<'_>,
    ) -> Result<Store, crate::json_text::ReadError> {
        let mut store = Store::default();
        r.each_element("a list of observations", |r| {
            store.push(crate::json_text::FromJson::from_json(r)?);
            Ok(())
        })?;
        Ok(store)
    }
}

impl<'de> Deserialize<'de> for Store {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Store, D::Error> {
        struct Rows;
        impl<'de> Visitor<'de> for Rows {
            type Value = Store;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of observations")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Store, A::Error> {
                let mut store = Store::default();
                // At most a million rows reserved from a hint: a hostile
                // length must not allocate before the rows arrive.
                store.reserve(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(obs) = seq.next_element::<Observation>()? {
                    store.push(obs);
                }
                Ok(store)
            }
        }
        d.deserialize_seq(Rows)
    }
}

/// A read-only view of one observation of a [`crate::DataSet`]: what rules,
/// progress and the bindings read, whatever the data set's storage.
///
/// ```
/// let data = chitieu::builtin::project8()?;
/// let first = data.observations().next().unwrap();
/// assert_eq!(first.indicator().as_str(), "P8.CCG");
/// assert_eq!(first.value().unwrap().to_string(), "7623");
/// # Ok::<(), chitieu::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct ObservationView<'a> {
    store: &'a Store,
    row: usize,
    key: Key<'a>,
}

impl<'a> ObservationView<'a> {
    /// Its position in the data set.
    pub(crate) fn row(self) -> usize {
        self.row
    }

    /// The indicator or sub-measure.
    pub fn indicator(self) -> &'a IndicatorCode {
        self.key.indicator
    }

    /// The area reported on.
    pub fn area(self) -> &'a AreaCode {
        self.key.area
    }

    /// The period reported on.
    pub fn period(self) -> Period {
        self.key.period
    }

    /// The breakdown; empty for the total.
    pub fn disaggregation(self) -> &'a Disaggregation {
        self.key.disaggregation
    }

    /// The value.
    pub fn value(self) -> Option<Rational> {
        self.store.value(self.row)
    }

    /// The numerator (ratio indicators).
    pub fn numerator(self) -> Option<Rational> {
        self.store.numerator(self.row)
    }

    /// The denominator (ratio indicators; areas counted for coverage).
    pub fn denominator(self) -> Option<Rational> {
        self.store.denominator(self.row)
    }

    /// "more than", "nearly"…, when the report qualifies the figure.
    pub fn qualifier(self) -> Option<Qualifier> {
        self.store.qualifier(self.row)
    }

    /// Where the figure comes from.
    pub fn source(self) -> Option<&'a str> {
        self.store.source(self.row)
    }

    /// Workflow status.
    pub fn status(self) -> ObservationStatus {
        self.store.status(self.row)
    }

    /// The ids of its key (indicator, area, period, breakdown) in the data
    /// set's dictionaries: equal ids, equal codes.
    pub(crate) fn key_ids(self) -> (u32, u32, u32, u32) {
        self.key.ids
    }

    /// An owned copy.
    pub fn to_observation(self) -> Observation {
        Observation {
            indicator: self.indicator().clone(),
            area: self.area().clone(),
            period: self.period(),
            disaggregation: self.disaggregation().clone(),
            value: self.value(),
            numerator: self.numerator(),
            denominator: self.denominator(),
            qualifier: self.qualifier(),
            source: self.source().map(str::to_string),
            status: self.status(),
        }
    }

    /// The fields, borrowed, in the contract's order.
    fn fields(self) -> ObservationRef<'a> {
        ObservationRef {
            indicator: self.indicator(),
            area: self.area(),
            period: self.period(),
            disaggregation: self.disaggregation(),
            value: self.value(),
            numerator: self.numerator(),
            denominator: self.denominator(),
            qualifier: self.qualifier(),
            source: self.source(),
            status: self.status(),
        }
    }
}

/// An observation's fields by reference: what a view writes and compares,
/// with the same names and omissions as [`Observation`].
#[derive(Debug, PartialEq, Serialize, ToJson)]
struct ObservationRef<'a> {
    indicator: &'a IndicatorCode,
    area: &'a AreaCode,
    period: Period,
    #[serde(skip_serializing_if = "is_total")]
    disaggregation: &'a Disaggregation,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Rational>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numerator: Option<Rational>,
    #[serde(skip_serializing_if = "Option::is_none")]
    denominator: Option<Rational>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<Qualifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    status: ObservationStatus,
}

fn is_total(d: &&Disaggregation) -> bool {
    d.is_empty()
}

impl PartialEq for ObservationView<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.fields() == other.fields()
    }
}

impl Eq for ObservationView<'_> {}

impl fmt::Debug for ObservationView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fields().fmt(f)
    }
}

impl Serialize for ObservationView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.fields().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(value: Option<Rational>) -> Observation {
        Observation {
            indicator: IndicatorCode::trusted("P8.CCG"),
            area: AreaCode::trusted("VN"),
            period: Period::Year(2024),
            disaggregation: Disaggregation::total(),
            value,
            numerator: None,
            denominator: None,
            qualifier: None,
            source: None,
            status: ObservationStatus::default(),
        }
    }

    #[test]
    fn number_cells_keep_every_value_exactly() {
        let values = [
            None,
            Some(Rational::from(0i64)),
            Some(Rational::from(i64::MAX)),
            Some(Rational::from(i64::MIN)),
            Some(Rational::from(i64::MIN + 1)),
            Some(Rational::from(i64::MIN + 2)),
            Some(Rational::from(i128::from(i64::MAX) + 1)),
            Some(Rational::from(-(1i64 << 62))),
            Some(Rational::from(-(1i64 << 62) - 1)),
            Rational::new(1, 3),
            Rational::new(-7, 2),
            None,
        ];
        let store = Store::from_observations(values.iter().map(|v| obs(*v)));
        let back: Vec<_> = store.views().map(|v| v.value()).collect();
        assert_eq!(back, values);
        // i64::MIN, i64::MIN + 1, i64::MIN + 2, 2^63, -2^62 - 1, 1/3 and
        // -7/2 are not plain cells; -2^62 is.
        assert_eq!(store.value.exact.len(), 7);
    }

    #[test]
    fn an_absent_column_is_not_allocated() {
        let store =
            Store::from_observations((0..1000).map(|i| obs(Some(Rational::from(i as i64)))));
        assert!(store.numerator.cells.is_empty());
        assert!(store.denominator.cells.is_empty());
        assert_eq!(store.value.cells.len(), 1000);
    }

    #[test]
    fn a_column_started_late_reads_absent_before() {
        let mut rows: Vec<_> = (0..5).map(|_| obs(None)).collect();
        rows[3].numerator = Some(Rational::from(4i64));
        let store = Store::from_observations(rows);
        let numerators: Vec<_> = store.views().map(|v| v.numerator()).collect();
        assert_eq!(
            numerators,
            [None, None, None, Some(Rational::from(4i64)), None]
        );
    }

    #[test]
    fn codes_and_breakdowns_are_interned_once() {
        let mut rows: Vec<_> = (0..4).map(|_| obs(Some(Rational::from(1i64)))).collect();
        rows[1].area = AreaCode::trusted("XX-unknown");
        rows[2].disaggregation.insert("sex".into(), "female".into());
        rows[3].source = Some("=HYPERLINK(x)".into());
        let store = Store::from_observations(rows.clone());
        assert_eq!(store.areas().values().len(), 2);
        assert_eq!(store.breakdowns.values.len(), 2);
        assert_eq!(store.breakdown_id(0), 0);
        let back: Vec<_> = store.views().map(|v| v.to_observation()).collect();
        assert_eq!(back, rows);
    }
}
