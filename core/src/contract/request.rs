//! The requests of the contract: one struct per operation, each refusing
//! fields it does not know, with typed options.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::json_text::{FromJson, ToJson};

#[cfg(feature = "areas")]
use crate::area::{Divided, Link, SchemeSet};
#[cfg(feature = "exchange")]
use crate::exchange::dhis2::{DataValueSet, Dhis2Mapping, ExportOptions};
#[cfg(feature = "exchange")]
use crate::exchange::iati::IatiActivity;
use crate::model::{DataSet, Direction, InvalidData, Observation};
use crate::number::{NumberFormat, Rational};
use crate::period::Period;
#[cfg(feature = "methods")]
use crate::progress::{AllocateOptions, AllocationUnit, Margin, TrendOptions};
use crate::progress::{Point, Profile, ProgressOptions};
use crate::rules::{UserRuleDef, ValidateOptions};

/// The operations of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Op {
    /// Progress of every indicator at an area, as of a date.
    Progress,
    /// One indicator (or all) rolled up over time and every area.
    Rollup,
    /// Split an integer total over units (largest remainder or a divisor
    /// method).
    Allocate,
    /// Facts about a period: bounds, type, containment, periods left.
    Period,
    /// Check a data set and count what it holds.
    Check,
    /// Read observations from tidy CSV.
    ReadCsv,
    /// Write observations as tidy CSV.
    WriteCsv,
    /// The built-in data set itself.
    Builtin,
    /// Validate a data set: every finding of every rule.
    Validate,
    /// The built-in rule catalogue, with texts and legal bases.
    Rules,
    /// Parse a user-defined rule against a framework.
    ParseRule,
    /// Re-base a data set from one area scheme to another.
    Rebase,
    /// Resolve an area code or name in a scheme or on a date.
    ResolveArea,
    /// Resolve many area codes or names in one request: each answer is the
    /// area or that reference's error.
    ResolveAreas,
    /// The built-in area schemes and crosswalks.
    Schemes,
    /// Assess a series' trend towards a target by a chosen method.
    Trend,
    /// The expected-to-date value of a target under a delivery profile.
    Expected,
    /// Round a weight table to integers meeting row and column totals.
    Biproportional,
    /// Scores of sub-areas and components: achieved, on track,
    /// distribution, ranking.
    Scores,
    /// The stable error codes this build can report.
    ErrorCodes,
    /// Read a DHIS2 `dataValueSets` file (JSON or CSV) into a data set.
    ReadDhis2,
    /// Write a data set (or its roll-up to chosen levels) as DHIS2
    /// `dataValueSets` JSON or CSV.
    WriteDhis2,
    /// Convert DHIS2 validation rules into user rules.
    Dhis2Rules,
    /// Write the programme's results as an IATI 2.03 activity file.
    WriteIati,
}

impl Op {
    /// The cargo feature that carries an optional operation (`methods`,
    /// `areas` or `exchange`); `None` for the operations every build has.
    pub fn feature(self) -> Option<&'static str> {
        match self {
            Op::Allocate | Op::Trend | Op::Biproportional => Some("methods"),
            Op::Rebase | Op::ResolveArea | Op::ResolveAreas | Op::Schemes => Some("areas"),
            Op::ReadDhis2 | Op::WriteDhis2 | Op::Dhis2Rules | Op::WriteIati => Some("exchange"),
            Op::Progress
            | Op::Rollup
            | Op::Period
            | Op::Check
            | Op::ReadCsv
            | Op::WriteCsv
            | Op::Builtin
            | Op::Validate
            | Op::Rules
            | Op::ParseRule
            | Op::Expected
            | Op::Scores
            | Op::ErrorCodes => None,
        }
    }
}

/// A request of the contract, by operation. Read it from JSON text with
/// [`Request::from_json`] (the version is checked first, then the fields
/// of the operation: any other field is an error, so nothing sent is
/// silently ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Request {
    /// `progress`.
    Progress(ProgressRequest),
    /// `rollup`.
    Rollup(RollupRequest),
    #[cfg(feature = "methods")]
    /// `allocate`.
    Allocate(AllocateRequest),
    /// `period`.
    Period(PeriodRequest),
    /// `check`.
    Check(DataRequest),
    /// `read-csv`.
    ReadCsv(ReadCsvRequest),
    /// `write-csv`.
    WriteCsv(WriteCsvRequest),
    /// `builtin`.
    Builtin(BuiltinRequest),
    /// `validate`.
    Validate(ValidateRequest),
    /// `rules`.
    Rules(NoFields),
    /// `parse-rule`.
    ParseRule(ParseRuleRequest),
    #[cfg(feature = "areas")]
    /// `rebase`.
    Rebase(RebaseRequest),
    #[cfg(feature = "areas")]
    /// `resolve-area`.
    ResolveArea(ResolveAreaRequest),
    #[cfg(feature = "areas")]
    /// `resolve-areas`.
    ResolveAreas(ResolveAreasRequest),
    #[cfg(feature = "areas")]
    /// `schemes`.
    Schemes(NoFields),
    #[cfg(feature = "methods")]
    /// `trend`.
    Trend(TrendRequest),
    /// `expected`.
    Expected(ExpectedRequest),
    #[cfg(feature = "methods")]
    /// `biproportional`.
    Biproportional(BiproportionalRequest),
    /// `scores`.
    Scores(ProgressRequest),
    /// `error-codes`.
    ErrorCodes(NoFields),
    #[cfg(feature = "exchange")]
    /// `read-dhis2`.
    ReadDhis2(ReadDhis2Request),
    #[cfg(feature = "exchange")]
    /// `write-dhis2`.
    WriteDhis2(WriteDhis2Request),
    #[cfg(feature = "exchange")]
    /// `dhis2-rules`.
    Dhis2Rules(Dhis2RulesRequest),
    #[cfg(feature = "exchange")]
    /// `write-iati`.
    WriteIati(WriteIatiRequest),
}

impl Request {
    /// The operation asked for.
    pub fn op(&self) -> Op {
        match self {
            Request::Progress(_) => Op::Progress,
            Request::Rollup(_) => Op::Rollup,
            #[cfg(feature = "methods")]
            Request::Allocate(_) => Op::Allocate,
            Request::Period(_) => Op::Period,
            Request::Check(_) => Op::Check,
            Request::ReadCsv(_) => Op::ReadCsv,
            Request::WriteCsv(_) => Op::WriteCsv,
            Request::Builtin(_) => Op::Builtin,
            Request::Validate(_) => Op::Validate,
            Request::Rules(_) => Op::Rules,
            Request::ParseRule(_) => Op::ParseRule,
            #[cfg(feature = "areas")]
            Request::Rebase(_) => Op::Rebase,
            #[cfg(feature = "areas")]
            Request::ResolveArea(_) => Op::ResolveArea,
            #[cfg(feature = "areas")]
            Request::ResolveAreas(_) => Op::ResolveAreas,
            #[cfg(feature = "areas")]
            Request::Schemes(_) => Op::Schemes,
            #[cfg(feature = "methods")]
            Request::Trend(_) => Op::Trend,
            Request::Expected(_) => Op::Expected,
            #[cfg(feature = "methods")]
            Request::Biproportional(_) => Op::Biproportional,
            Request::Scores(_) => Op::Scores,
            Request::ErrorCodes(_) => Op::ErrorCodes,
            #[cfg(feature = "exchange")]
            Request::ReadDhis2(_) => Op::ReadDhis2,
            #[cfg(feature = "exchange")]
            Request::WriteDhis2(_) => Op::WriteDhis2,
            #[cfg(feature = "exchange")]
            Request::Dhis2Rules(_) => Op::Dhis2Rules,
            #[cfg(feature = "exchange")]
            Request::WriteIati(_) => Op::WriteIati,
        }
    }
}

/// An operation without fields of its own (`rules`, `schemes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

/// A data set: built-in by name, or inline. Exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct DataRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
}

/// `progress` and `scores`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ProgressRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// A phase id (default: the phase containing `as_of`).
    #[serde(default)]
    pub phase: Option<String>,
    /// An area code (default: the root area).
    #[serde(default)]
    pub area: Option<String>,
    /// Display and status options.
    #[serde(default)]
    pub options: ProgressOptions,
    /// What to do with observations the data check rejects: `error` (the
    /// default: the first problem is the error) or `exclude` (leave them
    /// out; the result lists them in `excluded`).
    #[serde(default)]
    pub invalid: InvalidData,
}

/// `rollup`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct RollupRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// A phase id (default: the phase containing `as_of`).
    #[serde(default)]
    pub phase: Option<String>,
    /// One indicator's code (default: every indicator).
    #[serde(default)]
    pub indicator: Option<String>,
    /// What to do with observations the data check rejects: `error` (the
    /// default: the first problem is the error) or `exclude` (leave them
    /// out; the result lists them in `excluded`).
    #[serde(default)]
    pub invalid: InvalidData,
}

/// `validate`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// Rules switched off, severities, user rules.
    #[serde(default)]
    pub options: ValidateOptions,
}

/// `parse-rule`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ParseRuleRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The rule.
    pub rule: UserRuleDef,
}

#[cfg(feature = "areas")]
/// `rebase`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct RebaseRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The crosswalk: inline, or named by its schemes.
    pub crosswalk: CrosswalkRef,
    /// Area schemes and crosswalks to add to the built-in ones.
    #[serde(default)]
    pub schemes: Option<SchemeSet>,
}

#[cfg(feature = "areas")]
/// A crosswalk named by its schemes, with its links inline or not.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkRef {
    /// The old scheme.
    pub from: String,
    /// The new scheme.
    pub to: String,
    /// The links; absent to use a known crosswalk.
    #[serde(default)]
    pub links: Option<Vec<Link>>,
    /// How a divided area is shared out: by the new areas' surface (the
    /// default) or wholly to its primary part.
    #[serde(default)]
    pub divided: Divided,
    /// Links of your own that replace every link of the areas they name:
    /// shares for a divided commune, or a village's new commune.
    #[serde(default)]
    pub weights: Vec<Link>,
}

#[cfg(feature = "methods")]
/// `allocate`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    /// The total to allocate (an integer, or a string beyond 2^53 − 1).
    #[serde(deserialize_with = "crate::number::u64_from_exact")]
    pub total: u64,
    /// The units to allocate to.
    pub units: Vec<AllocationUnit>,
    /// The method.
    #[serde(default, deserialize_with = "crate::io::json::object")]
    pub options: AllocateOptions,
}

/// `period`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct PeriodRequest {
    /// A period identifier.
    pub period: Period,
    /// A period that may contain `period` (e.g. the phase `2021-2025`).
    #[serde(default)]
    pub within: Option<Period>,
    /// A date to place in the periods.
    #[serde(default, with = "crate::period::iso_date::option")]
    pub as_of: Option<NaiveDate>,
}

/// `read-csv`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ReadCsvRequest {
    /// CSV text.
    pub csv: String,
    /// The number format, `vi` or `en` (required: never guessed).
    pub number_format: NumberFormat,
}

/// `write-csv`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct WriteCsvRequest {
    /// The observations.
    pub observations: Vec<Observation>,
    /// The number format, `vi` or `en`.
    pub number_format: NumberFormat,
}

/// `builtin`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct BuiltinRequest {
    /// The built-in data set's name.
    pub builtin: String,
}

#[cfg(feature = "areas")]
/// `resolve-area`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ResolveAreaRequest {
    /// An area code or name.
    pub reference: String,
    /// The scheme to look in (instead of a date).
    #[serde(default)]
    pub scheme: Option<String>,
    /// The date whose scheme to look in.
    #[serde(default, with = "crate::period::iso_date::option")]
    pub as_of: Option<NaiveDate>,
    /// Area schemes and crosswalks to add to the built-in ones.
    #[serde(default)]
    pub schemes: Option<SchemeSet>,
}

#[cfg(feature = "areas")]
/// `resolve-areas`: many references against the same schemes, in one
/// request. A query that gives neither `scheme` nor `as_of` takes the
/// request's.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ResolveAreasRequest {
    /// The references, in the order of the answers.
    pub queries: Vec<AreaQuery>,
    /// The scheme of the queries that give neither a scheme nor a date.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The date of the queries that give neither a scheme nor a date.
    #[serde(default, with = "crate::period::iso_date::option")]
    pub as_of: Option<NaiveDate>,
    /// Area schemes and crosswalks to add to the built-in ones.
    #[serde(default)]
    pub schemes: Option<SchemeSet>,
}

#[cfg(feature = "areas")]
/// One reference of `resolve-areas`, with the fields of `resolve-area`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct AreaQuery {
    /// An area code or name.
    pub reference: String,
    /// The scheme to look in (instead of a date).
    #[serde(default)]
    pub scheme: Option<String>,
    /// The date whose scheme to look in.
    #[serde(default, with = "crate::period::iso_date::option")]
    pub as_of: Option<NaiveDate>,
}

#[cfg(feature = "methods")]
/// `trend`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct TrendRequest {
    /// The series of values by period.
    pub series: Vec<Point>,
    /// The target and its period.
    pub target: Point,
    /// The baseline and its period (default: the first point).
    #[serde(default)]
    pub baseline: Option<Point>,
    /// Which way is progress (default `increase`).
    #[serde(default)]
    pub direction: Direction,
    /// The method and its parameters.
    #[serde(default, deserialize_with = "crate::io::json::object")]
    pub options: TrendOptions,
}

/// `expected`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRequest {
    /// The target and its period.
    pub target: Point,
    /// The baseline (default 0).
    #[serde(default)]
    pub baseline: Option<Point>,
    /// Which way is progress (default `increase`).
    #[serde(default)]
    pub direction: Direction,
    /// The value achieved so far, to compare with the expected value.
    #[serde(default)]
    pub achieved: Option<Rational>,
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// The delivery profile.
    #[serde(default)]
    pub options: ExpectedOptions,
}

/// Options of `expected`.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ExpectedOptions {
    /// The delivery profile (default: evenly by days).
    #[serde(default)]
    pub profile: Profile,
}

#[cfg(feature = "methods")]
/// `biproportional`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct BiproportionalRequest {
    /// Row codes and totals.
    pub rows: Vec<Margin>,
    /// Column codes and totals.
    pub columns: Vec<Margin>,
    /// Weights, one row per row, one value per column.
    pub weights: Vec<Vec<Rational>>,
}

#[cfg(feature = "exchange")]
/// `read-dhis2`: a `dataValueSets` file, JSON or CSV (exactly one), read
/// into the data set given (its framework and areas; its observations
/// are kept).
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct ReadDhis2Request {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The JSON document (instead of `csv`).
    #[serde(default)]
    pub json: Option<DataValueSet>,
    /// The CSV text (instead of `json`).
    #[serde(default)]
    pub csv: Option<String>,
    /// DHIS2 identifiers → indicators, breakdowns and areas.
    pub mapping: Dhis2Mapping,
    /// `error` (the default): the first value that cannot be read is the
    /// error; `exclude`: such values are listed in `problems`.
    #[serde(default)]
    pub invalid: InvalidData,
}

#[cfg(feature = "exchange")]
/// `write-dhis2`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct WriteDhis2Request {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// Indicators, breakdowns and areas → DHIS2 identifiers.
    pub mapping: Dhis2Mapping,
    /// Format, roll-up levels, annotations, what to do with problems.
    #[serde(default, deserialize_with = "crate::io::json::object")]
    pub options: ExportOptions,
}

#[cfg(feature = "exchange")]
/// `dhis2-rules`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct Dhis2RulesRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// DHIS2 metadata: `{"validationRules": [...]}` or the list.
    pub rules: serde_json::Value,
    /// DHIS2 identifiers → indicators, breakdowns and areas.
    pub mapping: Dhis2Mapping,
}

#[cfg(feature = "exchange")]
/// `write-iati`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[serde(deny_unknown_fields)]
pub struct WriteIatiRequest {
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The date the actual values are as of.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// What IATI needs that the data set does not hold.
    pub activity: IatiActivity,
    /// What to do with observations the data check rejects.
    #[serde(default)]
    pub invalid: InvalidData,
}
