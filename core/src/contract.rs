//! The JSON contract shared by Rust, Python and JavaScript: one request in,
//! one response out, through [`evaluate`].
//!
//! Every request carries `version` (currently 1) and `op`. See the
//! [contract page](crate::docs::contract) for each operation's fields.
//!
//! ```
//! let response = chitieu::evaluate(r#"{
//!     "version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-12-31"
//! }"#).unwrap();
//! let first = &response["result"]["rows"][0];
//! assert_eq!(first["display"]["percent"], "84,7%");
//! assert_eq!(first["remaining"], 1377);
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::area::{Crosswalk, Link, SchemeSet, rebase};
use crate::builtin;
use crate::error::{Error, ErrorKind, Result};
use crate::io::{self, json::from_str};
use crate::model::Direction;
use crate::model::{CONTRACT_VERSION, DataSet};
use crate::number::NumberFormat;
use crate::number::Rational;
use crate::period::{Period, PeriodType};
use crate::progress::{
    self, AllocateOptions, AllocationUnit, Margin, Point, Profile, ProgressOptions, TrendInput,
    TrendOptions,
};
use crate::rules::{self, UserRule, UserRuleDef, ValidateOptions};

/// The operations of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// A request. Which fields apply depends on `op`; a field that does not
/// apply is an error, so nothing sent is silently ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The contract version, 1.
    pub version: u32,
    /// The operation.
    pub op: Op,
    /// A built-in data set's name (instead of `data`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An inline data set (instead of `builtin`).
    #[serde(default)]
    pub data: Option<DataSet>,
    /// The as-of date.
    #[serde(default, with = "crate::period::iso_date::option")]
    pub as_of: Option<NaiveDate>,
    /// A phase id (default: the phase containing `as_of`).
    #[serde(default)]
    pub phase: Option<String>,
    /// An area code (default: the root area).
    #[serde(default)]
    pub area: Option<String>,
    /// An indicator code (roll-up of one indicator).
    #[serde(default)]
    pub indicator: Option<String>,
    /// Options of the operation (progress or validation options).
    #[serde(default)]
    pub options: Option<Value>,
    /// A user-defined rule (`parse-rule`).
    #[serde(default)]
    pub rule: Option<UserRuleDef>,
    /// A crosswalk: inline, or `{"from": "vn-2004", "to": "vn-2025"}` with
    /// no links to use a known one (`rebase`).
    #[serde(default)]
    pub crosswalk: Option<CrosswalkRef>,
    /// Area schemes and crosswalks to add to the built-in ones.
    #[serde(default)]
    pub schemes: Option<SchemeSet>,
    /// An area code or name (`resolve-area`).
    #[serde(default)]
    pub reference: Option<String>,
    /// An area scheme id (`resolve-area`).
    #[serde(default)]
    pub scheme: Option<String>,
    /// The total to allocate (an integer, or a string beyond 2^53 − 1).
    #[serde(default, deserialize_with = "crate::number::opt_u64_from_exact")]
    pub total: Option<u64>,
    /// The units to allocate to.
    #[serde(default)]
    pub units: Option<Vec<AllocationUnit>>,
    /// A period identifier.
    #[serde(default)]
    pub period: Option<Period>,
    /// A period that may contain `period` (e.g. the phase `2021-2025`).
    #[serde(default)]
    pub within: Option<Period>,
    /// CSV text.
    #[serde(default)]
    pub csv: Option<String>,
    /// The CSV number format, `vi` or `en` (required with CSV: never guessed).
    #[serde(default)]
    pub number_format: Option<NumberFormat>,
    /// Observations (to write as CSV).
    #[serde(default)]
    pub observations: Option<Vec<crate::model::Observation>>,
    /// A series of values by period (`trend`).
    #[serde(default)]
    pub series: Option<Vec<Point>>,
    /// The target and its period (`trend`, `expected`).
    #[serde(default)]
    pub target: Option<Point>,
    /// The baseline and its period (`trend`, `expected`).
    #[serde(default)]
    pub baseline: Option<Point>,
    /// Which way is progress (`trend`, `expected`; default `increase`).
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The value achieved so far (`expected`).
    #[serde(default)]
    pub achieved: Option<Rational>,
    /// Row codes and totals (`biproportional`).
    #[serde(default)]
    pub rows: Option<Vec<Margin>>,
    /// Column codes and totals (`biproportional`).
    #[serde(default)]
    pub columns: Option<Vec<Margin>>,
    /// Weights, one row per row, one value per column (`biproportional`).
    #[serde(default)]
    pub weights: Option<Vec<Vec<Rational>>>,
}

impl Request {
    /// The fields that are set, by name.
    fn fields_set(&self) -> Vec<&'static str> {
        let mut set = Vec::new();
        let mut mark = |is: bool, name: &'static str| {
            if is {
                set.push(name);
            }
        };
        mark(self.builtin.is_some(), "builtin");
        mark(self.data.is_some(), "data");
        mark(self.as_of.is_some(), "as_of");
        mark(self.phase.is_some(), "phase");
        mark(self.area.is_some(), "area");
        mark(self.indicator.is_some(), "indicator");
        mark(self.options.is_some(), "options");
        mark(self.total.is_some(), "total");
        mark(self.units.is_some(), "units");
        mark(self.period.is_some(), "period");
        mark(self.within.is_some(), "within");
        mark(self.csv.is_some(), "csv");
        mark(self.number_format.is_some(), "number_format");
        mark(self.observations.is_some(), "observations");
        mark(self.rule.is_some(), "rule");
        mark(self.crosswalk.is_some(), "crosswalk");
        mark(self.schemes.is_some(), "schemes");
        mark(self.reference.is_some(), "reference");
        mark(self.scheme.is_some(), "scheme");
        mark(self.series.is_some(), "series");
        mark(self.target.is_some(), "target");
        mark(self.baseline.is_some(), "baseline");
        mark(self.direction.is_some(), "direction");
        mark(self.achieved.is_some(), "achieved");
        mark(self.rows.is_some(), "rows");
        mark(self.columns.is_some(), "columns");
        mark(self.weights.is_some(), "weights");
        set
    }

    fn allowed(&self) -> &'static [&'static str] {
        match self.op {
            Op::Progress => &["builtin", "data", "as_of", "phase", "area", "options"],
            Op::Rollup => &["builtin", "data", "as_of", "phase", "indicator"],
            Op::Allocate => &["total", "units", "options"],
            Op::Period => &["period", "within", "as_of"],
            Op::Check => &["builtin", "data"],
            Op::ReadCsv => &["csv", "number_format"],
            Op::WriteCsv => &["observations", "number_format"],
            Op::Builtin => &["builtin"],
            Op::Validate => &["builtin", "data", "as_of", "options"],
            Op::Rules => &[],
            Op::ParseRule => &["builtin", "data", "rule"],
            Op::Rebase => &["builtin", "data", "crosswalk", "schemes"],
            Op::ResolveArea => &["reference", "scheme", "as_of", "schemes"],
            Op::Schemes => &[],
            Op::Trend => &["series", "target", "baseline", "direction", "options"],
            Op::Expected => &[
                "target",
                "baseline",
                "direction",
                "achieved",
                "as_of",
                "options",
            ],
            Op::Biproportional => &["rows", "columns", "weights"],
            Op::Scores => &["builtin", "data", "as_of", "phase", "area", "options"],
        }
    }

    fn check_fields(&self) -> Result<()> {
        let allowed = self.allowed();
        for field in self.fields_set() {
            if !allowed.contains(&field) {
                return Err(Error::new(ErrorKind::UnknownField {
                    field: field.to_string(),
                })
                .at(format!("$.{field}")));
            }
        }
        Ok(())
    }
}

fn required<T>(value: Option<T>, field: &str) -> Result<T> {
    value.ok_or_else(|| {
        Error::new(ErrorKind::MissingField {
            field: field.to_string(),
        })
        .at(format!("$.{field}"))
    })
}

/// The data set a request names: built-in or inline, and its JSON path.
fn data_of(request: &Request) -> Result<(std::borrow::Cow<'_, DataSet>, &'static str)> {
    match (&request.builtin, &request.data) {
        (Some(name), None) => Ok((std::borrow::Cow::Owned(builtin::load(name)?), "$.builtin")),
        (None, Some(data)) => Ok((std::borrow::Cow::Borrowed(data), "$.data")),
        (Some(_), Some(_)) => Err(Error::invalid(
            "$.data",
            "give either `builtin` or `data`, not both",
        )),
        (None, None) => Err(Error::new(ErrorKind::MissingField {
            field: "data".into(),
        })
        .at("$.data")),
    }
}

/// A crosswalk named by its schemes, with its links inline or not.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkRef {
    /// The old scheme.
    pub from: String,
    /// The new scheme.
    pub to: String,
    /// The links; absent to use a known crosswalk.
    #[serde(default)]
    pub links: Option<Vec<Link>>,
}

/// The built-in schemes plus the request's own.
fn schemes_of(request: &Request) -> Result<SchemeSet> {
    let mut schemes = SchemeSet::builtin()?;
    if let Some(extra) = &request.schemes {
        schemes.extend(extra.clone())?;
    }
    Ok(schemes)
}

/// The request's `options`, read as the operation's option type (all
/// defaults when absent).
fn options_of<T: serde::de::DeserializeOwned + Default>(request: &Request) -> Result<T> {
    match &request.options {
        None => Ok(T::default()),
        Some(value) => io::json::from_value(value, "$.options"),
    }
}

/// Options of `expected`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedOptions {
    /// The delivery profile (default: evenly by days).
    #[serde(default)]
    profile: Profile,
}

fn to_json<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::invalid("$", e.to_string()))
}

/// Evaluates a request given as JSON text and returns the response object
/// `{version, op, result}`.
pub fn evaluate(request: &str) -> Result<Value> {
    let request: Request = from_str(request)?;
    evaluate_request(&request)
}

/// Evaluates an already-parsed request.
pub fn evaluate_request(request: &Request) -> Result<Value> {
    if request.version != CONTRACT_VERSION {
        return Err(Error::new(ErrorKind::UnsupportedVersion {
            found: u64::from(request.version),
            supported: CONTRACT_VERSION,
        })
        .at("$.version"));
    }
    request.check_fields()?;
    let result = match request.op {
        Op::Progress => {
            let (data, path) = data_of(request)?;
            let checked = data.check(path)?;
            let as_of = required(request.as_of, "as_of")?;
            let options: ProgressOptions = options_of(request)?;
            let report = progress::progress(
                &checked,
                as_of,
                request.phase.as_deref(),
                request.area.as_deref(),
                &options,
            )?;
            to_json(&report)?
        }
        Op::Rollup => rollup(request)?,
        Op::Allocate => {
            let total = required(request.total, "total")?;
            let units = required(request.units.as_ref(), "units")?;
            let options: AllocateOptions = options_of(request)?;
            to_json(&progress::apportion(total, units, options.method)?)?
        }
        Op::Period => period_facts(request)?,
        Op::Check => {
            let (data, path) = data_of(request)?;
            let checked = data.check(path)?;
            json!({
                "indicators": checked.framework.len(),
                "areas": checked.areas.areas().len(),
                "observations": data.observation_count(),
                "activities": data.activities().len(),
            })
        }
        Op::ReadCsv => {
            let text = required(request.csv.as_deref(), "csv")?;
            let format = required(request.number_format, "number_format")?;
            to_json(&io::csv::read_observations(text, format)?)?
        }
        Op::WriteCsv => {
            let observations = required(request.observations.as_deref(), "observations")?;
            let format = required(request.number_format, "number_format")?;
            Value::String(io::csv::write_observations(observations, format)?)
        }
        Op::Builtin => {
            let name = required(request.builtin.as_deref(), "builtin")?;
            to_json(&builtin::load(name)?)?
        }
        Op::Validate => {
            let (data, path) = data_of(request)?;
            let as_of = required(request.as_of, "as_of")?;
            let options: ValidateOptions = options_of(request)?;
            to_json(&rules::validate(&data, path, as_of, &options)?)?
        }
        Op::Rules => to_json(&rules::catalogue())?,
        Op::ParseRule => {
            let (data, path) = data_of(request)?;
            let rule = required(request.rule.as_ref(), "rule")?;
            let framework = data.framework().index(&format!("{path}.framework"))?;
            let compiled = UserRule::compile(rule, &framework, "$.rule")?;
            json!({
                "id": rule.id,
                "left": compiled.left.to_string(),
                "operator": compiled.operator,
                "right": compiled.right.to_string(),
                "expression": format!("{} {} {}", compiled.left, compiled.operator.symbol(), compiled.right),
            })
        }
        Op::Rebase => {
            let (data, _) = data_of(request)?;
            let schemes = schemes_of(request)?;
            let reference = required(request.crosswalk.as_ref(), "crosswalk")?;
            let crosswalk = match (
                &reference.links,
                schemes.crosswalk(&reference.from, &reference.to),
            ) {
                (Some(links), _) => Crosswalk {
                    from: reference.from.clone(),
                    to: reference.to.clone(),
                    links: links.clone(),
                },
                (None, Some(known)) => known.clone(),
                (None, None) => {
                    return Err(Error::new(ErrorKind::UnknownCode {
                        kind: crate::error::CodeKind::Area,
                        value: format!("crosswalk {} → {}", reference.from, reference.to),
                    })
                    .at("$.crosswalk"));
                }
            };
            to_json(&rebase(&data, &crosswalk, &schemes)?)?
        }
        Op::ResolveArea => {
            let schemes = schemes_of(request)?;
            let reference = required(request.reference.as_deref(), "reference")?;
            to_json(&schemes.resolve(reference, request.scheme.as_deref(), request.as_of)?)?
        }
        Op::Schemes => to_json(&SchemeSet::builtin()?)?,
        Op::Trend => {
            let series = required(request.series.as_deref(), "series")?;
            let target = required(request.target, "target")?;
            let options: TrendOptions = options_of(request)?;
            let input = TrendInput {
                series,
                baseline: request.baseline,
                target,
                direction: request.direction.unwrap_or_default(),
            };
            to_json(&progress::trend(&input, &options)?)?
        }
        Op::Expected => {
            let target = required(request.target, "target")?;
            let as_of = required(request.as_of, "as_of")?;
            let options: ExpectedOptions = options_of(request)?;
            to_json(&progress::expected(
                target.period,
                target.value,
                request.baseline.map(|b| b.value),
                as_of,
                &options.profile,
                request.achieved,
                request.direction.unwrap_or_default(),
            )?)?
        }
        Op::Biproportional => {
            let rows = required(request.rows.as_deref(), "rows")?;
            let columns = required(request.columns.as_deref(), "columns")?;
            let weights = required(request.weights.as_deref(), "weights")?;
            to_json(&progress::biproportional(rows, columns, weights)?)?
        }
        Op::Scores => {
            let (data, path) = data_of(request)?;
            let checked = data.check(path)?;
            let as_of = required(request.as_of, "as_of")?;
            let options: ProgressOptions = options_of(request)?;
            to_json(&progress::scores(
                &checked,
                as_of,
                request.phase.as_deref(),
                request.area.as_deref(),
                &options,
            )?)?
        }
    };
    Ok(json!({ "version": CONTRACT_VERSION, "op": request.op, "result": result }))
}

fn rollup(request: &Request) -> Result<Value> {
    let (data, path) = data_of(request)?;
    let checked = data.check(path)?;
    let as_of = required(request.as_of, "as_of")?;
    let rolled = progress::rollup(
        &checked,
        as_of,
        request.phase.as_deref(),
        request.indicator.as_deref(),
    )?;
    to_json(&rolled)
}

fn period_facts(request: &Request) -> Result<Value> {
    let period = required(request.period, "period")?;
    let mut out = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        out.insert(key.to_string(), value);
    };
    put("period", json!(period));
    put("type", json!(period.period_type()));
    put("start", json!(crate::period::iso(period.start())));
    put("end", json!(crate::period::iso(period.end())));
    put(
        "days",
        json!((period.end() - period.start()).num_days() + 1),
    );
    if let Some(within) = request.within {
        let kind = period.period_type();
        put("within", json!(within));
        put("contained", json!(within.contains(&period)));
        put("count_in_within", json!(within.count(kind)));
        if let Some(as_of) = request.as_of {
            put("elapsed", json!(within.elapsed(kind, as_of)));
            put("remaining", json!(within.remaining(kind, as_of)));
        }
    } else if let Some(as_of) = request.as_of {
        put("contains_as_of", json!(period.contains_date(as_of)));
    }
    if let Some(as_of) = request.as_of {
        put("as_of", json!(crate::period::iso(as_of)));
        let containing: serde_json::Map<String, Value> = [
            PeriodType::Month,
            PeriodType::Quarter,
            PeriodType::HalfYear,
            PeriodType::Year,
        ]
        .iter()
        .filter_map(|&t| {
            let p = Period::containing(t, as_of)?;
            Some((
                serde_json::to_value(t).ok()?.as_str()?.to_string(),
                json!(p),
            ))
        })
        .collect();
        put("containing_as_of", Value::Object(containing));
    }
    Ok(Value::Object(out))
}
