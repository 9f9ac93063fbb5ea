//! The responses of the contract: one typed result per operation.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

#[cfg(feature = "areas")]
use crate::area::{Rebased, ResolvedArea, SchemeSet};
use crate::contract::request::Op;
use crate::error::{Error, Result};
#[cfg(feature = "exchange")]
use crate::exchange::dhis2::{Dhis2Export, Dhis2Import, Dhis2Rules};
#[cfg(feature = "exchange")]
use crate::exchange::iati::IatiFile;
use crate::json_text::ToJson;
use crate::model::{DataSet, Observation, WithExcluded};
use crate::period::{Period, PeriodType};
#[cfg(feature = "methods")]
use crate::progress::{Allocation, Table, Trend};
use crate::progress::{Expected, ProgressReport, Rollup, Scores};
use crate::rules::{Operator, RuleInfo, ValidationReport};

/// A response: `{version, op, result}`.
#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
pub struct Response {
    /// The contract version, 1.
    pub version: u32,
    /// The operation carried out.
    pub op: Op,
    /// Its result.
    pub result: Output,
}

impl Response {
    /// The response as JSON text.
    pub fn to_json_string(&self) -> Result<String> {
        crate::io::json::to_string(self)
    }

    /// The response as a JSON value.
    pub fn to_value(&self) -> Result<serde_json::Value> {
        serde_json::to_value(self)
            .map_err(|e| Error::invalid("", (format!("không ghi được JSON ({e})"), e.to_string())))
    }
}

/// The result of an operation, one variant per operation (written in JSON
/// as the result itself, without a tag: the response's `op` names it).
// One per response, moved at most once: boxing the large variants would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Output {
    /// `progress`.
    Progress(WithExcluded<ProgressReport>),
    /// `rollup`.
    Rollup(WithExcluded<Rollup>),
    #[cfg(feature = "methods")]
    /// `allocate`.
    Allocate(Allocation),
    /// `period`.
    Period(PeriodFacts),
    /// `check`.
    Check(DataSummary),
    /// `read-csv`.
    ReadCsv(Vec<Observation>),
    /// `write-csv`: the CSV text.
    WriteCsv(String),
    /// `builtin`.
    Builtin(DataSet),
    /// `validate`.
    Validate(ValidationReport),
    /// `rules`.
    Rules(Vec<RuleInfo>),
    /// `parse-rule`.
    ParseRule(ParsedRule),
    #[cfg(feature = "areas")]
    /// `rebase`.
    Rebase(Rebased),
    #[cfg(feature = "areas")]
    /// `resolve-area`.
    ResolveArea(ResolvedArea),
    #[cfg(feature = "areas")]
    /// `resolve-areas`: one answer per query, in order.
    ResolveAreas(Vec<AreaAnswer>),
    #[cfg(feature = "areas")]
    /// `schemes`.
    Schemes(SchemeSet),
    #[cfg(feature = "methods")]
    /// `trend`.
    Trend(Trend),
    /// `expected`.
    Expected(Expected),
    #[cfg(feature = "methods")]
    /// `biproportional`.
    Biproportional(Table),
    /// `scores`.
    Scores(WithExcluded<Scores>),
    /// `error-codes`.
    ErrorCodes(Vec<&'static str>),
    #[cfg(feature = "exchange")]
    /// `read-dhis2`.
    ReadDhis2(Dhis2Import),
    #[cfg(feature = "exchange")]
    /// `write-dhis2`.
    WriteDhis2(Dhis2Export),
    #[cfg(feature = "exchange")]
    /// `dhis2-rules`.
    Dhis2Rules(Dhis2Rules),
    #[cfg(feature = "exchange")]
    /// `write-iati`.
    WriteIati(WithExcluded<IatiFile>),
}

#[cfg(feature = "areas")]
/// One answer of `resolve-areas`: the area, as `resolve-area` gives it, or
/// `{"error": {…}}`, that query's error with its path in the request
/// (`$.queries[3].reference`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
#[serde(untagged)]
pub enum AreaAnswer {
    /// The area resolved.
    Area(ResolvedArea),
    /// Why this reference did not resolve.
    Error(QueryError),
}

#[cfg(feature = "areas")]
/// A query's error in the answers of `resolve-areas`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct QueryError {
    /// The error: `code`, `path`, `line`, `column`, `message`, as the
    /// contract writes any error.
    #[serde(serialize_with = "error_as_json")]
    pub error: Error,
}

#[cfg(feature = "areas")]
fn error_as_json<S: serde::Serializer>(
    error: &Error,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    error.to_json().serialize(s)
}

/// What `check` counts in a data set that passed the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
pub struct DataSummary {
    /// Indicators and sub-measures in the framework.
    pub indicators: usize,
    /// Areas.
    pub areas: usize,
    /// Observations.
    pub observations: usize,
    /// Activities.
    pub activities: usize,
}

/// A user rule as `parse-rule` understood it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ParsedRule {
    /// The rule's id.
    pub id: String,
    /// The left side, written back canonically.
    pub left: String,
    /// The comparison.
    pub operator: Operator,
    /// The right side, written back canonically.
    pub right: String,
    /// The whole expression, written back canonically.
    pub expression: String,
}

/// Facts about a period (`period`): its bounds and, with `within` and
/// `as_of`, where it and the date stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct PeriodFacts {
    /// The period.
    pub period: Period,
    /// Its type.
    #[serde(rename = "type")]
    pub period_type: PeriodType,
    /// Its first day.
    #[serde(with = "crate::period::iso_date")]
    pub start: NaiveDate,
    /// Its last day.
    #[serde(with = "crate::period::iso_date")]
    pub end: NaiveDate,
    /// How many days it has.
    pub days: i64,
    /// The period it was placed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Period>,
    /// Whether `within` contains it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contained: Option<bool>,
    /// How many periods of its type `within` has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count_in_within: Option<Option<i64>>,
    /// Periods of its type in `within` ended by `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed: Option<Option<i64>>,
    /// Periods of its type in `within` left after `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Option<i64>>,
    /// Whether the period contains `as_of` (without `within`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contains_as_of: Option<bool>,
    /// The date asked about.
    #[serde(
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<NaiveDate>,
    /// The month, quarter, half-year and year containing `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containing_as_of: Option<BTreeMap<PeriodType, Period>>,
}

impl PeriodFacts {
    /// The facts of `period`, placed in `within` and at `as_of` when given.
    pub fn of(period: Period, within: Option<Period>, as_of: Option<NaiveDate>) -> PeriodFacts {
        let kind = period.period_type();
        let mut facts = PeriodFacts {
            period,
            period_type: kind,
            start: period.start(),
            end: period.end(),
            days: (period.end() - period.start()).num_days() + 1,
            within,
            contained: None,
            count_in_within: None,
            elapsed: None,
            remaining: None,
            contains_as_of: None,
            as_of,
            containing_as_of: None,
        };
        match (within, as_of) {
            (Some(within), _) => {
                facts.contained = Some(within.contains(&period));
                facts.count_in_within = Some(within.count(kind));
                if let Some(as_of) = as_of {
                    facts.elapsed = Some(within.elapsed(kind, as_of));
                    facts.remaining = Some(within.remaining(kind, as_of));
                }
            }
            (None, Some(as_of)) => facts.contains_as_of = Some(period.contains_date(as_of)),
            (None, None) => {}
        }
        facts.containing_as_of = as_of.map(|as_of| {
            crate::order::map_of(
                [
                    PeriodType::Month,
                    PeriodType::Quarter,
                    PeriodType::HalfYear,
                    PeriodType::Year,
                ]
                .into_iter()
                .filter_map(|t| Some((t, Period::containing(t, as_of)?))),
            )
        });
        facts
    }
}
