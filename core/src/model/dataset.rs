//! A data set: a framework with the areas, observations and activities
//! reported against it, checked and indexed for linear-time work.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::area::{Area, AreaTree};
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::model::activity::Activity;
use crate::model::framework::{Framework, FrameworkIndex, check_version};
use crate::model::indicator::MeasureKind;
use crate::model::observation::{Disaggregation, Observation};
use crate::period::Period;

/// Everything reported for a programme: the framework, the area hierarchy,
/// observations and activities. This is the `data` of the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSet {
    /// The contract version, currently 1.
    pub version: u32,
    /// The programme framework.
    pub framework: Framework,
    /// The areas reported on.
    #[serde(default)]
    pub areas: Vec<Area>,
    /// The observations.
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// The activities (intervention models).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<Activity>,
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
    /// For each observation (same order): indicator and area positions.
    pub resolved: Vec<(usize, usize)>,
}

impl DataSet {
    /// Checks the whole data set and indexes it. `path` is where it sits in
    /// the input (`$` for a data-set file, `$.data` inside a request).
    ///
    /// Errors name the first problem found: unsupported version, duplicate
    /// or unknown codes, duplicate observation keys, values missing or of
    /// the wrong form for the indicator's measure.
    pub fn check(&self, path: &str) -> Result<CheckedData<'_>> {
        check_version(self.version, &format!("{path}.version"))?;
        let framework = self.framework.index(&format!("{path}.framework"))?;
        let areas = AreaTree::new(self.areas.clone(), &format!("{path}.areas"))?;
        let mut resolved = Vec::with_capacity(self.observations.len());
        let mut seen: HashMap<(usize, usize, Period, &Disaggregation), usize> =
            HashMap::with_capacity(self.observations.len());
        for (i, obs) in self.observations.iter().enumerate() {
            let at = |field: &str| format!("{path}.observations[{i}].{field}");
            let Some(ind) = framework.position(obs.indicator.as_str()) else {
                return Err(Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Indicator,
                    value: obs.indicator.to_string(),
                })
                .at(at("indicator")));
            };
            let Some(area) = areas.index_of(obs.area.as_str()) else {
                return Err(Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: obs.area.to_string(),
                })
                .at(at("area")));
            };
            if let Some(first) = seen.insert((ind, area, obs.period, &obs.disaggregation), i) {
                return Err(Error::new(ErrorKind::DuplicateKey {
                    kind: CodeKind::Observation,
                    key: format!(
                        "{} × {} × {}{}",
                        obs.indicator,
                        obs.area,
                        obs.period,
                        if obs.disaggregation.is_empty() {
                            String::new()
                        } else {
                            format!(" × {}", obs.disaggregation)
                        }
                    ),
                    first: format!("{path}.observations[{first}]"),
                })
                .at(format!("{path}.observations[{i}]")));
            }
            if let Some(entry) = framework.entry(ind) {
                check_shape(obs, entry.indicator.measure, &at)?;
            }
            resolved.push((ind, area));
        }
        let mut activity_ids: HashMap<&str, usize> = HashMap::new();
        for (i, activity) in self.activities.iter().enumerate() {
            if let Some(first) = activity_ids.insert(activity.id.as_str(), i) {
                return Err(Error::new(ErrorKind::DuplicateKey {
                    kind: CodeKind::Observation,
                    key: activity.id.clone(),
                    first: format!("{path}.activities[{first}]"),
                })
                .at(format!("{path}.activities[{i}].id")));
            }
            if areas.index_of(activity.area.as_str()).is_none() {
                return Err(Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: activity.area.to_string(),
                })
                .at(format!("{path}.activities[{i}].area")));
            }
        }
        Ok(CheckedData {
            data: self,
            framework,
            areas,
            resolved,
        })
    }
}

/// Which fields an observation must carry for its measure kind.
fn check_shape(obs: &Observation, measure: MeasureKind, at: &dyn Fn(&str) -> String) -> Result<()> {
    match measure {
        MeasureKind::Ratio => {
            let (Some(_), Some(den)) = (obs.numerator, obs.denominator) else {
                let missing = if obs.numerator.is_none() {
                    "numerator"
                } else {
                    "denominator"
                };
                return Err(Error::new(ErrorKind::MissingField {
                    field: missing.into(),
                })
                .at(at(missing)));
            };
            if den.is_zero() {
                return Err(Error::invalid(
                    at("denominator"),
                    "a ratio's denominator cannot be zero",
                ));
            }
            if obs.value.is_some() {
                return Err(Error::invalid(
                    at("value"),
                    "a ratio observation gives numerator and denominator; its value follows from them",
                ));
            }
        }
        MeasureKind::Stock | MeasureKind::Cumulative | MeasureKind::Coverage => {
            if obs.value.is_none() {
                return Err(Error::new(ErrorKind::MissingField {
                    field: "value".into(),
                })
                .at(at("value")));
            }
            if measure != MeasureKind::Coverage && obs.denominator.is_some() {
                return Err(Error::invalid(
                    at("denominator"),
                    "only ratio and coverage observations have a denominator",
                ));
            }
            if obs.numerator.is_some() {
                return Err(Error::invalid(
                    at("numerator"),
                    "only ratio observations have a numerator",
                ));
            }
        }
    }
    Ok(())
}
