//! A data set: a framework with the areas, observations and activities
//! reported against it, checked and indexed for linear-time work.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{CodeKind, Error, ErrorKind, Result, join_path};
use crate::json_text::{FromJson, ToJson};
use crate::model::AreaRecord;
use crate::model::activity::Activity;
use crate::model::area::{Area, AreaTree};
use crate::model::classification::ClassificationList;
use crate::model::expectation::{Expected, ExpectedIndex};
use crate::model::framework::{Framework, FrameworkIndex, check_version};
use crate::model::indicator::MeasureKind;
use crate::model::observation::Observation;
use crate::model::plan::Plan;
use crate::model::series::SeriesIndex;
use crate::model::store::{ObservationView, Observations, Store};
use crate::text::Text;

/// Everything reported for a programme: the framework, the area hierarchy,
/// observations and activities. This is the `data` of the JSON contract.
///
/// Instead of `framework`, a data set may name a built-in framework with
/// `"builtin_framework": "project8"` (a province's report need not repeat
/// the programme's framework); it is written back inline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct DataSet {
    /// The contract version, currently 1.
    version: u32,
    /// The programme framework.
    framework: Framework,
    /// The areas reported on.
    #[serde(default)]
    areas: Vec<Area>,
    /// The observations, by column (boxed: a data set is moved whole from
    /// reader to request to operation, and a pointer is one store to copy
    /// where the columns' headers were dozens).
    #[serde(default)]
    observations: Box<Store>,
    /// The activities (intervention models).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    activities: Vec<Activity>,
    /// Annual plans and their approval deadlines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    plans: Vec<Plan>,
    /// Classification lists valid for a time (especially difficult
    /// villages, region III communes…), by decision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    classification_lists: Vec<ClassificationList>,
    /// The reports expected: what completeness is measured against.
    #[serde(default, skip_serializing_if = "Expected::is_empty")]
    expected: Expected,
}

/// How a data set is read: the framework inline or by built-in name.
#[derive(Deserialize, FromJson)]
#[serde(deny_unknown_fields)]
struct DataSetRepr {
    version: u32,
    #[serde(default)]
    framework: Option<Framework>,
    #[serde(default)]
    builtin_framework: Option<String>,
    #[serde(default)]
    areas: Vec<Area>,
    #[serde(default)]
    observations: Box<Store>,
    #[serde(default)]
    activities: Vec<Activity>,
    #[serde(default)]
    plans: Vec<Plan>,
    #[serde(default)]
    classification_lists: Vec<ClassificationList>,
    #[serde(default)]
    expected: Expected,
}

impl<'de> Deserialize<'de> for DataSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<DataSet, D::Error> {
        crate::error::deserialize_then::<D, DataSetRepr, DataSet>(d, "struct DataSetRepr")
    }
}

impl crate::json_text::FromJson for DataSet {
    fn from_json(
        r: &mut crate::json_text::Reader<'_>,
    ) -> std::result::Result<DataSet, crate::json_text::ReadError> {
        let repr = DataSetRepr::from_json(r)?;
        DataSet::try_from(repr).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<DataSetRepr> for DataSet {
    type Error = String;

    fn try_from(repr: DataSetRepr) -> std::result::Result<DataSet, String> {
        let fail = |kind: ErrorKind| {
            let error: serde_json::Error = crate::error::ErrorKind::into_serde(kind);
            error.to_string()
        };
        let framework = match (repr.framework, repr.builtin_framework) {
            (Some(f), None) => f,
            (None, Some(name)) => builtin_framework(&name).map_err(fail)?,
            (None, None) => {
                return Err(fail(ErrorKind::MissingField {
                    field: "framework".into(),
                }));
            }
            (Some(_), Some(_)) => {
                return Err(fail(ErrorKind::InvalidValue {
                    detail: Text::new(
                        "chỉ cho `framework` hoặc `builtin_framework`, không cho cả hai",
                        "give either `framework` or `builtin_framework`, not both",
                    ),
                }));
            }
        };
        Ok(DataSet {
            version: repr.version,
            framework,
            areas: repr.areas,
            observations: repr.observations,
            activities: repr.activities,
            plans: repr.plans,
            classification_lists: repr.classification_lists,
            expected: repr.expected,
        })
    }
}

/// The text of the built-in Project 8 data set (loaded by
/// [`crate::builtin`]; its framework is the one `builtin_framework` names).
pub(crate) const PROJECT8_JSON: &str = include_str!("../../data/project8.json");

/// The framework of the built-in data set `name`.
fn builtin_framework(name: &str) -> std::result::Result<Framework, ErrorKind> {
    /// The framework of a data set's text, the rest skipped.
    #[derive(FromJson)]
    struct FrameworkOf {
        framework: Framework,
    }
    match name {
        // The sample province reports against the Project 8 framework.
        "project8" | "sample-province" => {
            crate::json_text::Reader::read_own::<FrameworkOf>(PROJECT8_JSON, &[])
                .map(|f| f.framework)
                .map_err(|e| ErrorKind::InvalidValue {
                    detail: Text::new(
                        format!("khung chỉ tiêu có sẵn không đọc được ({e})"),
                        e.to_string(),
                    ),
                })
        }
        other => Err(ErrorKind::UnknownCode {
            kind: CodeKind::Builtin,
            value: other.to_string(),
        }),
    }
}

/// A checked data set: framework indexed, areas in a tree, every
/// observation resolved to indicator and area positions.
#[derive(Debug)]
pub struct CheckedData<'a> {
    /// The data set.
    pub data: &'a DataSet,
    /// The framework index.
    pub framework: FrameworkIndex<'a>,
    /// The area tree.
    pub areas: AreaTree,
    /// For each observation (same order): indicator and area positions, or
    /// [`UNRESOLVED`] for an observation with a problem (it takes no part
    /// in roll-ups). Eight bytes a row.
    resolved: Vec<(u32, u32)>,
    /// The rows by series, built once for every rule that reads along one.
    series: SeriesIndex,
    usable_series: std::sync::OnceLock<UsableSeries>,
    /// The reports expected, by indicator.
    expected: ExpectedIndex,
}

/// Series keys (indicator and area positions) with their range of usable
/// rows, and the rows.
type UsableSeries = (Vec<((usize, usize), usize, usize)>, Vec<u32>);

impl<'a> CheckedData<'a> {
    /// The indicator and area positions of observation `index`, or `None`
    /// when it has a problem (or there is no such observation).
    pub fn resolution(&self, index: usize) -> Option<(usize, usize)> {
        self.resolved
            .get(index)
            .filter(|r| **r != UNRESOLVED)
            .map(|&(ind, area)| (ind as usize, area as usize))
    }

    /// The reports the data set expects, by indicator position.
    pub(crate) fn expected(&self) -> &ExpectedIndex {
        &self.expected
    }

    /// Takes observation `index` out of the index (a value that cannot
    /// count, found after the check).
    pub(crate) fn leave_out(&mut self, index: usize) {
        self.usable_series = std::sync::OnceLock::new();
        if let Some(resolved) = self.resolved.get_mut(index) {
            *resolved = UNRESOLVED;
        }
    }

    /// The series (indicator × area) with known codes, by indicator then
    /// area position, each with its usable rows in order: what the rules
    /// that look along a series read, grouped once by the check and listed
    /// once, on first use.
    pub(crate) fn usable_series(&self) -> impl Iterator<Item = ((usize, usize), &[u32])> + '_ {
        let (keys, rows) = self.usable_series.get_or_init(|| self.list_usable_series());
        keys.iter()
            .map(move |&(key, from, to)| (key, rows.get(from..to).unwrap_or(&[])))
    }

    fn list_usable_series(&self) -> UsableSeries {
        let mut keys = Vec::new();
        let mut all = Vec::new();
        for (_, rows) in self.series.series() {
            let from = all.len();
            all.extend(
                rows.iter()
                    .copied()
                    .filter(|&row| self.resolution(row as usize).is_some()),
            );
            let key = all.get(from).and_then(|&row| self.resolution(row as usize));
            if let Some(key) = key {
                keys.push((key, from, all.len()));
            }
        }
        keys.sort_unstable_by_key(|(key, _, _)| *key);
        (keys, all)
    }

    /// The first usable row before `before` whose figures cannot count,
    /// with its first problem.
    pub(crate) fn first_value_problem(
        &self,
        before: usize,
    ) -> Option<(usize, crate::model::ValueProblem)> {
        self.usable()
            .take_while(|(i, ..)| *i < before)
            .find_map(|(i, obs, ind, _)| {
                let entry = self.framework.entry(ind)?;
                let problems = crate::model::value_problems(obs, &entry);
                problems.first().map(|&p| (i, p))
            })
    }

    /// The observations without a problem: (index, observation, indicator
    /// position, area position).
    pub fn usable(&self) -> impl Iterator<Item = (usize, ObservationView<'a>, usize, usize)> + '_ {
        self.data
            .observations()
            .zip(&self.resolved)
            .enumerate()
            .filter(|(_, (_, resolved))| **resolved != UNRESOLVED)
            .map(|(i, (obs, &(ind, area)))| (i, obs, ind as usize, area as usize))
    }
}

/// The resolution of an observation with a problem.
const UNRESOLVED: (u32, u32) = (u32::MAX, u32::MAX);

/// Why an observation cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObservationProblem {
    /// Its indicator code is not in the framework.
    UnknownIndicator,
    /// Its area code is not in the area list.
    UnknownArea,
    /// The same key was reported at this earlier observation.
    Duplicate {
        /// Index of the first observation with the key.
        first: usize,
    },
    /// A value its measure kind needs is missing, or one it cannot have is
    /// present.
    Shape {
        /// The field concerned.
        field: &'static str,
        /// Whether the field is missing (otherwise: misplaced or invalid).
        missing: bool,
        /// What is wrong: (Vietnamese, English).
        detail: (&'static str, &'static str),
    },
}

/// Reading a data set: its parts and its observations, whatever the
/// storage behind them.
impl DataSet {
    /// A data set of `framework` with nothing reported yet.
    pub fn new(framework: Framework) -> DataSet {
        DataSet {
            version: crate::model::CONTRACT_VERSION,
            framework,
            areas: Vec::new(),
            observations: Box::default(),
            activities: Vec::new(),
            plans: Vec::new(),
            classification_lists: Vec::new(),
            expected: Expected::default(),
        }
    }

    /// The contract version it was written for.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The programme framework.
    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    /// The areas reported on, in input order.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The activities, in input order.
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }

    /// The annual plans, in input order.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    /// The dated classification lists.
    pub fn classification_lists(&self) -> &[ClassificationList] {
        &self.classification_lists
    }

    /// The line of the file observation `index` was read from, when the
    /// data set was read from one (CSV).
    pub fn observation_line(&self, index: usize) -> Option<u64> {
        self.observations.line(index)
    }

    /// The reports the data set expects (see [`crate::model::expectation`]).
    pub fn expected(&self) -> &Expected {
        &self.expected
    }

    /// The observations, in input order.
    pub fn observations(&self) -> Observations<'_> {
        self.observations.views()
    }

    /// The observation at `index` (input order).
    pub fn observation(&self, index: usize) -> Option<ObservationView<'_>> {
        self.observations.view(index)
    }

    /// How many observations there are.
    pub fn observation_count(&self) -> usize {
        self.observations.len()
    }
}

/// Building a data set.
impl DataSet {
    /// With `framework` instead of its own.
    pub fn with_framework(mut self, framework: Framework) -> DataSet {
        self.framework = framework;
        self
    }

    /// With these areas instead of its own.
    pub fn with_areas(mut self, areas: Vec<Area>) -> DataSet {
        self.areas = areas;
        self
    }

    /// With these observations instead of its own.
    pub fn with_observations(mut self, observations: Vec<Observation>) -> DataSet {
        self.observations = Box::new(Store::from_observations(observations));
        self
    }

    /// With these activities instead of its own.
    pub fn with_activities(mut self, activities: Vec<Activity>) -> DataSet {
        self.activities = activities;
        self
    }

    /// With these plans instead of its own.
    pub fn with_plans(mut self, plans: Vec<Plan>) -> DataSet {
        self.plans = plans;
        self
    }

    /// With these classification lists instead of its own.
    pub fn with_classification_lists(mut self, lists: Vec<ClassificationList>) -> DataSet {
        self.classification_lists = lists;
        self
    }

    /// With these expected reports instead of its own.
    pub fn with_expected(mut self, expected: Expected) -> DataSet {
        self.expected = expected;
        self
    }

    /// With this store of observations instead of its own (readers that
    /// fill a store directly).
    pub(crate) fn with_store(mut self, store: Store) -> DataSet {
        self.observations = Box::new(store);
        self
    }

    /// Adds observations after its own.
    pub fn extend_observations(&mut self, observations: impl IntoIterator<Item = Observation>) {
        self.observations.extend(observations);
    }

    /// Everything but the observations, cloned: the start of a data set
    /// with the same framework and areas and other observations.
    pub fn without_observations(&self) -> DataSet {
        DataSet {
            version: self.version,
            framework: self.framework.clone(),
            areas: self.areas.clone(),
            observations: Box::default(),
            activities: self.activities.clone(),
            plans: self.plans.clone(),
            classification_lists: self.classification_lists.clone(),
            expected: self.expected.clone(),
        }
    }

    /// The framework and the areas alone, cloned: what observations read
    /// elsewhere (a data frame, a cluster's partition) are checked against.
    pub fn framework_and_areas(&self) -> DataSet {
        DataSet {
            version: self.version,
            framework: self.framework.clone(),
            areas: self.areas.clone(),
            observations: Box::default(),
            activities: Vec::new(),
            plans: Vec::new(),
            classification_lists: Default::default(),
            expected: self.expected.clone(),
        }
    }

    /// The observations, taken out.
    pub fn into_observations(self) -> Vec<Observation> {
        self.observations
            .views()
            .map(ObservationView::to_observation)
            .collect()
    }
}

impl DataSet {
    /// Checks the whole data set and indexes it.
    ///
    /// Errors name the first problem found — unsupported version, duplicate
    /// or unknown codes, duplicate observation keys, values missing or of
    /// the wrong form for the indicator's measure, figures that cannot count
    /// (the value rules of severity error: see [`crate::model::figures`]) —
    /// with a path relative to
    /// the data set (`observations[3].area`): place it with
    /// [`Error::under`] where the data set sits in a larger input.
    ///
    /// ```
    /// let data = chitieu::builtin::project8()?;
    /// let checked = data.check()?;
    /// assert_eq!(checked.areas.areas().len(), 1);
    ///
    /// // The sample province report has mistakes: the first one is the error,
    /// // here a negative count (the rule value.negative), which cannot count.
    /// let error = chitieu::builtin::load("sample-province")?.check().unwrap_err();
    /// assert_eq!((error.code(), error.path()), ("invalid-value", "observations[5].value"));
    /// assert!(error.message(chitieu::Lang::En).contains("rule value.negative"));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn check(&self) -> Result<CheckedData<'_>> {
        let (checked, problems) = self.check_lenient()?;
        // The first problem in row order: of the codes, keys and shapes, or
        // a figure that cannot count.
        let first = problems.into_iter().next();
        let value = checked.first_value_problem(first.as_ref().map_or(usize::MAX, |f| f.0));
        let error = match (first, value) {
            (_, Some((row, problem))) => (row, problem.error_at(row)),
            (Some((i, problem)), None) => (i, self.problem_error(i, &problem)),
            (None, None) => return Ok(checked),
        };
        Err(self.at_its_line(error.1, error.0).refusing())
    }

    /// `error`, about observation `row`, with the file line the row was
    /// read from when it came from one.
    pub(crate) fn at_its_line(&self, error: Error, row: usize) -> Error {
        match self.observations.line(row) {
            Some(line) => error.at_row_line(line),
            None => error,
        }
    }

    /// Like [`DataSet::check`], but observation problems are returned as a
    /// list (index, problem) instead of failing, and those observations are
    /// left out of the index. Framework, area and activity errors still fail:
    /// without them nothing can be checked.
    pub fn check_lenient(&self) -> Result<(CheckedData<'_>, Vec<(usize, ObservationProblem)>)> {
        // Paths relative to the data set.
        let path = "";
        check_version(self.version, &format!("{path}.version"))?;
        let framework = self.framework.index_at(&format!("{path}.framework"))?;
        let areas = AreaTree::new_at(self.areas.clone(), &format!("{path}.areas"))?;
        let store = &self.observations;
        // Each distinct code is looked up once, not once per row.
        let indicator_at: Vec<Option<usize>> = (store.indicators().values().iter())
            .map(|code| framework.position(code.as_str()))
            .collect();
        let area_at: Vec<Option<usize>> = (store.areas().values().iter())
            .map(|code| areas.index_of(code.as_str()))
            .collect();
        let mut resolved = Vec::with_capacity(store.len());
        let mut problems = Vec::new();
        // Keys are dictionary ids (an unknown code has its own): duplicates
        // are found within each series.
        let series = SeriesIndex::build(store);
        let mut duplicates = series.duplicates(store).into_iter().peekable();
        for obs in store.views() {
            let i = obs.row();
            let key = obs.key_ids();
            if let Some((_, first)) = duplicates.next_if(|&(row, _)| row == i) {
                problems.push((i, ObservationProblem::Duplicate { first }));
                resolved.push(UNRESOLVED);
                continue;
            }
            let ind = indicator_at.get(key.0 as usize).copied().flatten();
            let area = area_at.get(key.1 as usize).copied().flatten();
            let (Some(ind), Some(area)) = (ind, area) else {
                let problem = if ind.is_none() {
                    ObservationProblem::UnknownIndicator
                } else {
                    ObservationProblem::UnknownArea
                };
                problems.push((i, problem));
                resolved.push(UNRESOLVED);
                continue;
            };
            let shape = framework
                .entry(ind)
                .and_then(|entry| shape_problem(obs, entry.indicator.measure));
            match shape {
                Some(problem) => {
                    problems.push((i, problem));
                    resolved.push(UNRESOLVED);
                }
                // Positions fit: the framework and the area tree are indexed
                // by u32 ids in the store's dictionaries at most.
                None => resolved.push((ind as u32, area as u32)),
            }
        }
        check_records(&self.activities, &format!("{path}.activities"), &areas)?;
        check_records(&self.plans, &format!("{path}.plans"), &areas)?;
        let expected = ExpectedIndex::build(&self.expected, &framework, &areas, path)?;
        Ok((
            CheckedData {
                data: self,
                framework,
                areas,
                resolved,
                series,
                usable_series: std::sync::OnceLock::new(),
                expected,
            },
            problems,
        ))
    }

    /// The error a strict check reports for an observation problem.
    fn problem_error(&self, i: usize, problem: &ObservationProblem) -> Error {
        let Some(obs) = self.observations.view(i) else {
            return Error::invalid(
                format!("observations[{i}]"),
                ("không có số liệu này", "no such observation"),
            );
        };
        problem_error_at(
            i,
            problem,
            (obs.indicator().as_str(), obs.area().as_str()),
            || observation_key(obs),
        )
    }
}

/// The error a strict check reports for `problem` of the observation at
/// row `i`, whose indicator and area codes are `codes` and whose key reads
/// as `key()`: one wording on one machine and from a roll-up state.
pub(crate) fn problem_error_at(
    i: usize,
    problem: &ObservationProblem,
    (indicator, area): (&str, &str),
    key: impl FnOnce() -> String,
) -> Error {
    let at = |field: &str| format!("observations[{i}].{field}");
    match problem {
        ObservationProblem::UnknownIndicator => Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Indicator,
            value: indicator.to_string(),
        })
        .at(at("indicator")),
        ObservationProblem::UnknownArea => Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Area,
            value: area.to_string(),
        })
        .at(at("area")),
        ObservationProblem::Duplicate { first } => Error::new(ErrorKind::DuplicateKey {
            kind: CodeKind::Observation,
            key: key(),
            first: format!("observations[{first}]"),
        })
        .at(format!("observations[{i}]")),
        ObservationProblem::Shape {
            field,
            missing: true,
            ..
        } => Error::new(ErrorKind::MissingField {
            field: field.to_string(),
        })
        .at(at(field)),
        ObservationProblem::Shape { field, detail, .. } => Error::invalid(at(field), *detail),
    }
}

/// Ids unique and areas known, for activities or plans at `path`.
fn check_records<R: AreaRecord>(records: &[R], path: &str, areas: &AreaTree) -> Result<()> {
    let mut ids: HashMap<&str, usize> = HashMap::default();
    for (i, record) in records.iter().enumerate() {
        if let Some(first) = ids.insert(record.id(), i) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: R::KIND,
                key: record.id().to_string(),
                first: join_path(path, &format!("[{first}]")),
            })
            .at(format!("{path}[{i}].id")));
        }
        if areas.index_of(record.area().as_str()).is_none() {
            return Err(Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Area,
                value: record.area().to_string(),
            })
            .at(format!("{path}[{i}].area")));
        }
    }
    Ok(())
}

/// An observation's key as text: indicator × area × period (× breakdown).
pub fn observation_key(obs: ObservationView<'_>) -> String {
    let mut key = format!("{} × {} × {}", obs.indicator(), obs.area(), obs.period());
    if !obs.disaggregation().is_empty() {
        key.push_str(&format!(" × {}", obs.disaggregation()));
    }
    key
}

/// Every way an observation's fields can miss its measure kind: (field,
/// missing rather than misplaced, what is wrong). One table, so a problem
/// can travel as its position (a roll-up state's bytes) and come back.
const SHAPES: [(&str, bool, (&str, &str)); 7] = [
    (
        "numerator",
        true,
        (
            "số liệu tỷ lệ cần tử số",
            "a ratio observation needs a numerator",
        ),
    ),
    (
        "denominator",
        true,
        (
            "số liệu tỷ lệ cần mẫu số",
            "a ratio observation needs a denominator",
        ),
    ),
    (
        "denominator",
        false,
        (
            "mẫu số của tỷ lệ không được bằng 0",
            "a ratio's denominator cannot be zero",
        ),
    ),
    (
        "value",
        false,
        (
            "số liệu tỷ lệ cho tử số và mẫu số; giá trị được tính từ đó",
            "a ratio observation gives numerator and denominator; its value follows from them",
        ),
    ),
    (
        "value",
        true,
        ("số liệu này cần giá trị", "this observation needs a value"),
    ),
    (
        "denominator",
        false,
        (
            "chỉ số liệu tỷ lệ và độ bao phủ mới có mẫu số",
            "only ratio and coverage observations have a denominator",
        ),
    ),
    (
        "numerator",
        false,
        (
            "chỉ số liệu tỷ lệ mới có tử số",
            "only ratio observations have a numerator",
        ),
    ),
];

impl ObservationProblem {
    /// The shape problem at `position` of the table of shapes.
    pub(crate) fn shape(position: u8) -> Option<ObservationProblem> {
        let &(field, missing, detail) = SHAPES.get(usize::from(position))?;
        Some(ObservationProblem::Shape {
            field,
            missing,
            detail,
        })
    }

    /// The position of a shape problem in the table of shapes.
    pub(crate) fn shape_position(&self) -> Option<u8> {
        let ObservationProblem::Shape {
            field,
            missing,
            detail,
        } = self
        else {
            return None;
        };
        let position = SHAPES
            .iter()
            .position(|&(f, m, d)| (f, m, d) == (*field, *missing, *detail))?;
        u8::try_from(position).ok()
    }
}

/// Which fields an observation must carry for its measure kind.
fn shape_problem(obs: ObservationView<'_>, measure: MeasureKind) -> Option<ObservationProblem> {
    let position = match measure {
        MeasureKind::Ratio => match (obs.numerator(), obs.denominator()) {
            (None, _) => 0,
            (Some(_), None) => 1,
            (Some(_), Some(d)) if d.is_zero() => 2,
            _ if obs.value().is_some() => 3,
            _ => return None,
        },
        MeasureKind::Stock | MeasureKind::Cumulative | MeasureKind::Coverage => {
            if obs.value().is_none() {
                4
            } else if measure != MeasureKind::Coverage && obs.denominator().is_some() {
                5
            } else if obs.numerator().is_some() {
                6
            } else {
                return None;
            }
        }
    };
    ObservationProblem::shape(position)
}
