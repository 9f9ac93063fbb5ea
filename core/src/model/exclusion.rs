//! Dirty data as the normal case: computing on what is valid, and saying
//! exactly what was left out.
//!
//! With [`InvalidData::Error`] (the default) a roll-up, a progress report or
//! scores refuse a data set at its first problem. With
//! [`InvalidData::Exclude`] they leave out every observation the data check
//! rejects — an unknown indicator or area code, a repeated key (the first
//! report of each key is kept, later copies are left out), a value missing
//! or misplaced for the indicator's measure — and every value that cannot
//! count: a negative figure, or a fraction of a unit counted whole (groups,
//! people). The result then carries [`Excluded`]: how many by reason, with
//! the first paths of each.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::json_text::{FromJson, ToJson};
use crate::model::ValueProblem;
use crate::model::{CheckedData, DataSet, IndicatorEntry, ObservationProblem, ObservationView};
use crate::text::Text;

/// What to do with observations the data check rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidData {
    /// The first problem is an error, with its path (the default).
    #[default]
    Error,
    /// Problem observations are left out and listed in [`Excluded`].
    Exclude,
}

impl InvalidData {
    /// `"error"` or `"exclude"`, as the bindings receive it.
    pub fn parse_name(name: &str) -> Result<InvalidData> {
        match name {
            "error" => Ok(InvalidData::Error),
            "exclude" => Ok(InvalidData::Exclude),
            other => Err(
                crate::error::Error::new(crate::error::ErrorKind::UnknownVariant {
                    detail: format!("unknown variant `{other}`, expected `error` or `exclude`"),
                })
                .at("invalid"),
            ),
        }
    }
}

/// Why an observation was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum ExclusionReason {
    /// Its indicator code is not in the framework.
    UnknownIndicator,
    /// Its area code is not in the area list.
    UnknownArea,
    /// A later copy of a key already reported (the first copy is kept).
    Duplicate,
    /// A value its measure needs is missing, or one it cannot have is there.
    Shape,
    /// A negative figure.
    Negative,
    /// A fraction of a unit that is counted whole.
    NotWhole,
    /// A part above its whole (a percentage's numerator above its
    /// denominator, areas meeting a condition above the areas counted).
    PartAboveWhole,
    /// A percentage outside 0–100.
    PercentRange,
}

impl ExclusionReason {
    /// Why a row whose figure cannot count is left out.
    pub fn of_value(problem: ValueProblem) -> ExclusionReason {
        match problem {
            ValueProblem::Negative { .. } => ExclusionReason::Negative,
            ValueProblem::NotWhole { .. } => ExclusionReason::NotWhole,
            ValueProblem::PartAboveWhole { .. } => ExclusionReason::PartAboveWhole,
            ValueProblem::PercentRange { .. } => ExclusionReason::PercentRange,
        }
    }

    /// What the reason means, in both languages.
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            ExclusionReason::UnknownIndicator => (
                "mã chỉ tiêu không có trong khung",
                "indicator code not in the framework",
            ),
            ExclusionReason::UnknownArea => (
                "mã địa bàn không có trong danh sách",
                "area code not in the area list",
            ),
            ExclusionReason::Duplicate => (
                "báo cáo trùng khóa: giữ bản đầu tiên, bỏ các bản sau",
                "repeated key: the first report is kept, later copies are left out",
            ),
            ExclusionReason::Shape => (
                "thiếu hoặc thừa giá trị so với loại số đo của chỉ tiêu",
                "a value missing or misplaced for the indicator's measure",
            ),
            ExclusionReason::Negative => ("số âm", "a negative figure"),
            ExclusionReason::NotWhole => (
                "số lẻ cho đơn vị đếm nguyên",
                "a fraction of a unit counted whole",
            ),
            ExclusionReason::PartAboveWhole => ("phần lớn hơn tổng", "a part above its whole"),
            ExclusionReason::PercentRange => {
                ("tỷ lệ phần trăm ngoài 0–100", "a percentage outside 0–100")
            }
        };
        Text::new(vi, en)
    }
}

/// How many paths of each reason are listed.
pub const MAX_EXCLUDED_LISTED: usize = 10;

/// The observations of one reason that were left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ExcludedGroup {
    /// What the reason means.
    pub reason: Text,
    /// How many observations.
    pub count: usize,
    /// The paths of the first [`MAX_EXCLUDED_LISTED`] of them.
    pub first: Vec<String>,
}

/// What a computation on dirty data left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ToJson)]
pub struct Excluded {
    /// Observations left out, all reasons.
    pub total: usize,
    /// By reason.
    pub by_reason: BTreeMap<ExclusionReason, ExcludedGroup>,
}

impl Excluded {
    fn add(&mut self, reason: ExclusionReason, index: usize) {
        self.add_group(reason, 1, [index]);
    }

    /// Adds `count` observations left out for `reason`, the first of them
    /// at `first` (in order; the list is cut at [`MAX_EXCLUDED_LISTED`]).
    pub(crate) fn add_group(
        &mut self,
        reason: ExclusionReason,
        count: usize,
        first: impl IntoIterator<Item = usize>,
    ) {
        self.total += count;
        let group = self
            .by_reason
            .entry(reason)
            .or_insert_with(|| ExcludedGroup {
                reason: reason.label(),
                count: 0,
                first: Vec::new(),
            });
        group.count += count;
        for index in first {
            if group.first.len() < MAX_EXCLUDED_LISTED {
                group.first.push(format!("observations[{index}]"));
            }
        }
    }

    /// The paths placed under `prefix` (where the caller holds the data
    /// set: `$.data`, or `$` for a data set passed on its own).
    pub fn under(mut self, prefix: &str) -> Excluded {
        for group in self.by_reason.values_mut() {
            for path in &mut group.first {
                *path = crate::error::join_path(prefix, path);
            }
        }
        self
    }
}

/// A result computed on dirty data, with what was left out (`None` when
/// nothing could be: [`InvalidData::Error`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct WithExcluded<T> {
    /// The result.
    #[serde(flatten)]
    pub result: T,
    /// What was left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<Excluded>,
}

/// Why a value the check accepted still cannot count, if it cannot: the
/// first problem [`value_problems`](crate::model::figures::value_problems)
/// finds, which validation reports as an error.
pub(crate) fn uncountable(
    obs: ObservationView<'_>,
    entry: &IndicatorEntry<'_>,
) -> Option<ExclusionReason> {
    crate::model::figures::value_problems(obs, entry)
        .first()
        .map(|&p| ExclusionReason::of_value(p))
}

impl DataSet {
    /// Checks the data set the way `invalid` says: strictly (the first
    /// problem is an error, as [`DataSet::check`]), or leaving out what
    /// cannot be used and listing it.
    ///
    /// ```
    /// use chitieu::model::InvalidData;
    /// let mut data = chitieu::builtin::project8()?;
    /// let mut typo = data.observations().next().unwrap().to_observation();
    /// typo.area = chitieu::AreaCode::new("VNN")?;
    /// data.extend_observations([typo]);
    /// assert!(data.check_with(InvalidData::Error).is_err());
    /// let (checked, excluded) = data.check_with(InvalidData::Exclude)?;
    /// let excluded = excluded.unwrap();
    /// assert_eq!(excluded.total, 1);
    /// assert_eq!(excluded.by_reason.values().next().unwrap().first, ["observations[8]"]);
    /// assert_eq!(checked.usable().count(), 8);
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn check_with(&self, invalid: InvalidData) -> Result<(CheckedData<'_>, Option<Excluded>)> {
        if invalid == InvalidData::Error {
            return Ok((self.check()?, None));
        }
        let (checked, left_out) = self.check_excluding()?;
        let mut excluded = Excluded::default();
        for (i, reason) in left_out {
            excluded.add(reason, i);
        }
        Ok((checked, Some(excluded)))
    }

    /// Checks the data set and leaves out what cannot be used: the checked
    /// data and every observation left out (index, reason): first those
    /// the check rejects, then the values that cannot count, each in row
    /// order.
    pub(crate) fn check_excluding(
        &self,
    ) -> Result<(CheckedData<'_>, Vec<(usize, ExclusionReason)>)> {
        let (mut checked, problems) = self.check_lenient()?;
        let mut left_out: Vec<(usize, ExclusionReason)> = problems
            .into_iter()
            .map(|(i, problem)| {
                let reason = match problem {
                    ObservationProblem::UnknownIndicator => ExclusionReason::UnknownIndicator,
                    ObservationProblem::UnknownArea => ExclusionReason::UnknownArea,
                    ObservationProblem::Duplicate { .. } => ExclusionReason::Duplicate,
                    ObservationProblem::Shape { .. } => ExclusionReason::Shape,
                };
                (i, reason)
            })
            .collect();
        let uncountable: Vec<(usize, ExclusionReason)> = checked
            .usable()
            .filter_map(|(i, obs, ind, _)| {
                let entry = checked.framework.entry(ind)?;
                uncountable(obs, &entry).map(|reason| (i, reason))
            })
            .collect();
        for &(i, _) in &uncountable {
            checked.leave_out(i);
        }
        left_out.extend(uncountable);
        Ok((checked, left_out))
    }
}
