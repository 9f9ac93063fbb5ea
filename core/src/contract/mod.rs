//! The JSON contract shared by Rust, Python and JavaScript: one request in,
//! one response out, through [`evaluate`].
//!
//! Every request carries `version` (currently 1) and `op`; the version is
//! checked first, then the operation's own fields ([`Request`], one struct
//! per operation). See the [contract page](crate::docs::contract) for each
//! operation's fields.
//!
//! ```
//! let response = chitieu::evaluate(r#"{
//!     "version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-12-31"
//! }"#)?;
//! let chitieu::contract::Output::Progress(report) = &response.result else { panic!() };
//! assert_eq!(report.result.rows[0].display.percent, "84,7%");
//! assert!(report.excluded.is_none()); // strict: nothing is left out
//! let json = response.to_value()?;
//! assert_eq!(json["result"]["rows"][0]["remaining"], 1377);
//! # Ok::<(), chitieu::Error>(())
//! ```
//!
//! Errors of an operation carry paths into the request (`$.data.…`,
//! `$.options.…`): the core's relative paths placed once, here.

mod output;
mod parse;
mod request;

use std::borrow::Cow;

#[cfg(feature = "areas")]
pub use output::{AreaAnswer, QueryError};
pub use output::{DataSummary, Output, ParsedRule, PeriodFacts, Response};
#[cfg(feature = "methods")]
pub use request::{AllocateRequest, BiproportionalRequest, TrendRequest};
#[cfg(feature = "areas")]
pub use request::{
    AreaQuery, CrosswalkRef, RebaseRequest, ResolveAreaRequest, ResolveAreasRequest,
};
pub use request::{
    BuiltinRequest, DataRequest, ExpectedOptions, ExpectedRequest, NoFields, Op, ParseRuleRequest,
    PeriodRequest, ProgressRequest, ReadCsvRequest, Request, RollupRequest, ValidateRequest,
    WriteCsvRequest,
};
#[cfg(feature = "exchange")]
pub use request::{Dhis2RulesRequest, ReadDhis2Request, WriteDhis2Request, WriteIatiRequest};

#[cfg(feature = "areas")]
use crate::area::{Crosswalk, Divided, IndexedSchemes, Resolver, SchemeSet, SetTables};
use crate::builtin;
#[cfg(feature = "areas")]
use crate::error::CodeKind;
use crate::error::{Error, ErrorKind, Result};
#[cfg(feature = "exchange")]
use crate::exchange::dhis2::{self, Dhis2Source};
use crate::io;
use crate::model::{CONTRACT_VERSION, CheckedData, DataSet, InvalidData, WithExcluded};
use crate::progress;
#[cfg(feature = "methods")]
use crate::progress::TrendInput;
use crate::rules::{self, UserRule};

impl Request {
    /// Reads a request from JSON text: the version first, then the fields
    /// of its operation. Errors carry the JSON path (`$.as_of`).
    ///
    /// ```
    /// use chitieu::Request;
    /// let request = Request::from_json(r#"{"version": 1, "op": "rules"}"#)?;
    /// assert!(matches!(request, Request::Rules(_)));
    ///
    /// let error = Request::from_json(r#"{"version": 1, "op": "progress", "builtin": "project8", "as_of": "31/12/2023"}"#)
    ///     .unwrap_err();
    /// assert_eq!((error.code(), error.path()), ("invalid-date", "$.as_of"));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Request> {
        parse::request(text)
    }

    /// Carries the request out.
    ///
    /// ```
    /// use chitieu::{contract::Output, Request};
    /// let request = Request::from_json(r#"{"version": 1, "op": "rules"}"#)?;
    /// let Output::Rules(catalogue) = request.evaluate()?.result else { unreachable!() };
    /// assert_eq!(catalogue.len(), 26);
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn evaluate(&self) -> Result<Response> {
        let result =
            dispatch(self).map_err(|e| e.under("$").for_caller(crate::error::Caller::Contract))?;
        Ok(Response {
            version: CONTRACT_VERSION,
            op: self.op(),
            result,
        })
    }
}

/// Evaluates a request given as JSON text: every operation of the
/// [contract](crate::docs::contract), as the Python and browser packages
/// call it. Errors carry the JSON path into the request.
///
/// ```
/// let response = chitieu::evaluate(r#"{"version": 1, "op": "allocate", "total": 1377,
///     "units": [{"code": "HG", "weight": 3}, {"code": "LC", "weight": 3}, {"code": "YB", "weight": 1}]}"#)?;
/// let json = response.to_value()?;
/// assert_eq!(json["result"]["allocations"][2]["allocated"], 197);
///
/// let error = chitieu::evaluate(r#"{"version": 1, "op": "progress", "builtin": "project8",
///     "as_of": "2023-12-31", "area": "VNN"}"#).unwrap_err();
/// assert_eq!((error.code(), error.path()), ("unknown-code", "$.area"));
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn evaluate(request: &str) -> Result<Response> {
    Request::from_json(request)?.evaluate()
}

/// Evaluates a request given as JSON text and writes the response as JSON
/// text: what the bindings call.
pub fn evaluate_to_string(request: &str) -> Result<String> {
    evaluate(request)?.to_json_string()
}

/// Evaluates a `progress` or `validate` request and writes its result as
/// an HTML table: progress bars in the report's `options.lang`, findings in
/// `lang` (`vi` or `en`). What the browser's elements show, so the page and
/// the contract cannot disagree.
///
/// ```
/// let html = chitieu::contract::evaluate_html(
///     r#"{"version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-12-31"}"#, "vi")?;
/// assert!(html.contains("84,7%"));
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn evaluate_html(request: &str, lang: &str) -> Result<String> {
    evaluate_html_with(request, lang, crate::html::HtmlLook::Inline)
}

/// [`evaluate_html`] with the table's look chosen: inline styles, or
/// `part` names for a shadow root (the browser's custom elements).
///
/// ```
/// use chitieu::html::HtmlLook;
/// let html = chitieu::contract::evaluate_html_with(
///     r#"{"version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-12-31"}"#, "vi", HtmlLook::Parts)?;
/// assert!(html.contains(r#"role="progressbar""#) && !html.contains("background:"));
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn evaluate_html_with(
    request: &str,
    lang: &str,
    look: crate::html::HtmlLook,
) -> Result<String> {
    let lang = crate::text::Lang::parse_name(lang).map_err(|e| e.at("$.lang"))?;
    let request = Request::from_json(request)?;
    let lang = match &request {
        Request::Progress(r) => r.options.lang,
        Request::Validate(_) => lang,
        _ => {
            return Err(Error::invalid(
                "$.op",
                (
                    "HTML chỉ được viết cho progress và validate",
                    "HTML is written for progress and validate only",
                ),
            ));
        }
    };
    match request.evaluate()?.result {
        Output::Progress(report) => Ok(report.result.to_html_with(lang, look)),
        Output::Validate(report) => Ok(report.to_html_with(lang, look)),
        _ => Ok(String::new()),
    }
}

/// A data set named in a request: built-in or inline, with the name of the
/// request field its errors are placed under.
fn data_of<'a>(
    builtin: &Option<String>,
    data: &'a Option<DataSet>,
) -> Result<(Cow<'a, DataSet>, &'static str)> {
    match (builtin, data) {
        (Some(name), None) => Ok((
            Cow::Owned(builtin::load(name).map_err(|e| e.under("builtin"))?),
            "builtin",
        )),
        (None, Some(data)) => Ok((Cow::Borrowed(data), "data")),
        (Some(_), Some(_)) => Err(Error::invalid(
            "data",
            (
                "chỉ cho `builtin` hoặc `data`, không cho cả hai",
                "give either `builtin` or `data`, not both",
            ),
        )),
        (None, None) => Err(Error::new(ErrorKind::MissingField {
            field: "data".into(),
        })
        .at("data")),
    }
}

#[cfg(feature = "areas")]
/// Runs `operation` on the built-in schemes — built once, lent, never
/// copied — with the request's own beside them, checked and given their
/// tables here (errors under `schemes`).
fn with_schemes<T>(
    extra: &Option<SchemeSet>,
    operation: impl FnOnce(&Resolver<'_>) -> Result<T>,
) -> Result<T> {
    let builtin = IndexedSchemes::builtin()?.resolver();
    let Some(extra) = extra else {
        return operation(&builtin);
    };
    let tables = SetTables::new(extra).map_err(|e| e.under("schemes"))?;
    let own = Resolver::indexed(extra, &tables);
    operation(&builtin.with(own).map_err(|e| e.under("schemes"))?)
}

#[cfg(feature = "areas")]
/// `resolve-areas`: each query against the same schemes; a query that
/// fails is its answer, with its index in the path.
fn resolve_areas(r: &ResolveAreasRequest) -> Result<Vec<AreaAnswer>> {
    with_schemes(&r.schemes, |schemes| {
        // The request's own scheme or date, checked once: wrong, it is the
        // request's error, at its own place.
        schemes.candidates(r.scheme.as_deref(), r.as_of)?;
        Ok(r.queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let (scheme, as_of) = match (&q.scheme, q.as_of) {
                    (None, None) => (r.scheme.as_deref(), r.as_of),
                    (scheme, as_of) => (scheme.as_deref(), as_of),
                };
                match schemes.resolve(&q.reference, scheme, as_of) {
                    Ok(area) => AreaAnswer::Area(area),
                    Err(e) => AreaAnswer::Error(QueryError {
                        error: e.under(&format!("queries[{i}]")).under("$"),
                    }),
                }
            })
            .collect())
    })
}

/// Runs one operation. Paths in its errors are relative to the request
/// (`data.observations[3]`, `options.method`).
fn dispatch(request: &Request) -> Result<Output> {
    Ok(match request {
        Request::Progress(r) => Output::Progress(progress_of(r)?),
        Request::Scores(r) => Output::Scores(scores_of(r)?),
        Request::Rollup(r) => Output::Rollup(rollup_of(r)?),
        #[cfg(feature = "methods")]
        Request::Allocate(r) => {
            Output::Allocate(progress::apportion(r.total, &r.units, r.options.method)?)
        }
        Request::Period(r) => Output::Period(PeriodFacts::of(r.period, r.within, r.as_of)),
        Request::Check(r) => Output::Check(summary_of(r)?),
        Request::ReadCsv(r) => {
            Output::ReadCsv(io::csv::read_observations(&r.csv, r.number_format)?)
        }
        Request::WriteCsv(r) => Output::WriteCsv(io::csv::write_observations(
            &r.observations,
            r.number_format,
        )?),
        Request::Builtin(r) => {
            Output::Builtin(builtin::load(&r.builtin).map_err(|e| e.under("builtin"))?)
        }
        Request::Validate(r) => Output::Validate(validate_of(r)?),
        Request::Rules(_) => Output::Rules(rules::catalogue()),
        Request::ParseRule(r) => Output::ParseRule(parse_rule(r)?),
        #[cfg(feature = "areas")]
        Request::Rebase(r) => Output::Rebase(rebase_of(r)?),
        #[cfg(feature = "areas")]
        Request::ResolveArea(r) => Output::ResolveArea(with_schemes(&r.schemes, |schemes| {
            schemes.resolve(&r.reference, r.scheme.as_deref(), r.as_of)
        })?),
        #[cfg(feature = "areas")]
        Request::ResolveAreas(r) => Output::ResolveAreas(resolve_areas(r)?),
        #[cfg(feature = "areas")]
        Request::Schemes(_) => Output::Schemes(SchemeSet::provinces()?),
        #[cfg(feature = "methods")]
        Request::Trend(r) => Output::Trend(trend_of(r)?),
        Request::Expected(r) => Output::Expected(expected_of(r)?),
        #[cfg(feature = "methods")]
        Request::Biproportional(r) => {
            Output::Biproportional(progress::biproportional(&r.rows, &r.columns, &r.weights)?)
        }
        Request::ErrorCodes(_) => Output::ErrorCodes(crate::error::codes().to_vec()),
        #[cfg(feature = "exchange")]
        Request::ReadDhis2(r) => Output::ReadDhis2(read_dhis2(r)?),
        #[cfg(feature = "exchange")]
        Request::WriteDhis2(r) => Output::WriteDhis2(write_dhis2(r)?),
        #[cfg(feature = "exchange")]
        Request::Dhis2Rules(r) => Output::Dhis2Rules(dhis2_rules_of(r)?),
        #[cfg(feature = "exchange")]
        Request::WriteIati(r) => Output::WriteIati(write_iati_of(r)?),
    })
}

/// `progress`: the report on the data the check lets through.
fn progress_of(r: &ProgressRequest) -> Result<WithExcluded<progress::ProgressReport>> {
    with_usable(&r.builtin, &r.data, r.invalid, |checked| {
        progress::progress(
            checked,
            r.as_of,
            r.phase.as_deref(),
            r.area.as_deref(),
            &r.options,
        )
    })
}

/// `scores`: the same request as `progress`, scored.
fn scores_of(r: &ProgressRequest) -> Result<WithExcluded<progress::Scores>> {
    with_usable(&r.builtin, &r.data, r.invalid, |checked| {
        progress::scores(
            checked,
            r.as_of,
            r.phase.as_deref(),
            r.area.as_deref(),
            &r.options,
        )
    })
}

/// `rollup`: on the data the check lets through, like `progress`.
fn rollup_of(r: &RollupRequest) -> Result<WithExcluded<progress::Rollup>> {
    with_usable(&r.builtin, &r.data, r.invalid, |checked| {
        progress::rollup(checked, r.as_of, r.phase.as_deref(), r.indicator.as_deref())
    })
}

/// `check`: what a data set that passes the check holds.
fn summary_of(r: &DataRequest) -> Result<DataSummary> {
    with_checked(&r.builtin, &r.data, |checked| {
        Ok(DataSummary {
            indicators: checked.framework.len(),
            areas: checked.areas.areas().len(),
            observations: checked.data.observation_count(),
            activities: checked.data.activities().len(),
        })
    })
}

/// `validate`: the findings, placed under the data set's field (the rules
/// check the data themselves, leniently, so not through [`with_checked`]).
fn validate_of(r: &ValidateRequest) -> Result<rules::ValidationReport> {
    let (data, at) = data_of(&r.builtin, &r.data)?;
    let report = rules::validate(&data, r.as_of, &r.options).map_err(|e| e.renamed("data", at))?;
    Ok(report.under(&format!("$.{at}")))
}

#[cfg(feature = "methods")]
/// `trend`: the request's series, baseline and target as the method reads them.
fn trend_of(r: &TrendRequest) -> Result<progress::Trend> {
    let input = TrendInput {
        series: &r.series,
        baseline: r.baseline,
        target: r.target,
        direction: r.direction,
    };
    progress::trend(&input, &r.options)
}

/// `expected`: the target's period and value, and the baseline's value.
fn expected_of(r: &ExpectedRequest) -> Result<progress::Expected> {
    progress::expected(
        r.target.period,
        r.target.value,
        r.baseline.map(|b| b.value),
        r.as_of,
        &r.options.profile,
        r.achieved,
        r.direction,
    )
}

#[cfg(feature = "exchange")]
/// `dhis2-rules`: the rules converted against the request's data set.
fn dhis2_rules_of(r: &Dhis2RulesRequest) -> Result<dhis2::Dhis2Rules> {
    let (data, at) = data_of(&r.builtin, &r.data)?;
    dhis2::convert_rules(&data, &r.rules, &r.mapping).map_err(|e| e.renamed("data", at))
}

#[cfg(feature = "exchange")]
/// `write-iati`: the activity file, from the data the check lets through.
fn write_iati_of(r: &WriteIatiRequest) -> Result<WithExcluded<crate::exchange::iati::IatiFile>> {
    with_usable(&r.builtin, &r.data, r.invalid, |checked| {
        crate::exchange::iati::write_iati(checked, r.as_of, &r.activity)
    })
}

/// Runs `operation` on the request's data set once it passed the check:
/// check errors are placed under the data set's field, and the
/// operation's own `data` argument is that field.
fn with_checked<T>(
    builtin: &Option<String>,
    data: &Option<DataSet>,
    operation: impl FnOnce(&CheckedData<'_>) -> Result<T>,
) -> Result<T> {
    let (data, at) = data_of(builtin, data)?;
    let checked = data.check().map_err(|e| e.under(at))?;
    operation(&checked).map_err(|e| e.renamed("data", at))
}

/// [`with_checked`] on dirty data: with [`InvalidData::Exclude`] the
/// operation runs on what the check accepts, and the result says what was
/// left out (paths under the data set's place in the request).
fn with_usable<T>(
    builtin: &Option<String>,
    data: &Option<DataSet>,
    invalid: InvalidData,
    operation: impl FnOnce(&CheckedData<'_>) -> Result<T>,
) -> Result<WithExcluded<T>> {
    let (data, at) = data_of(builtin, data)?;
    let (checked, excluded) = data.check_with(invalid).map_err(|e| e.under(at))?;
    let result = operation(&checked).map_err(|e| e.renamed("data", at))?;
    Ok(WithExcluded {
        result,
        excluded: excluded.map(|e| e.under(&format!("$.{at}"))),
    })
}

fn parse_rule(r: &ParseRuleRequest) -> Result<ParsedRule> {
    let (data, at) = data_of(&r.builtin, &r.data)?;
    let framework = data
        .framework()
        .index()
        .map_err(|e| e.under("framework").under(at))?;
    let compiled = UserRule::compile(&r.rule, &framework).map_err(|e| e.under("rule"))?;
    Ok(ParsedRule {
        id: r.rule.id.clone(),
        left: compiled.left.to_string(),
        operator: compiled.operator,
        right: compiled.right.to_string(),
        expression: format!(
            "{} {} {}",
            compiled.left,
            compiled.operator.symbol(),
            compiled.right
        ),
    })
}

#[cfg(feature = "areas")]
fn rebase_of(r: &RebaseRequest) -> Result<crate::area::Rebased> {
    let (data, at) = data_of(&r.builtin, &r.data)?;
    with_schemes(&r.schemes, |schemes| {
        let crosswalk = crosswalk_of(&r.crosswalk, &data, schemes)?;
        let rebased = crate::area::rebase_in(&data, &crosswalk, schemes)
            .map_err(|e| e.renamed("data", at))?;
        Ok(rebased.under(&format!("$.{at}")))
    })
}

#[cfg(feature = "areas")]
/// The crosswalk a `rebase` request names: its own links, or a known one
/// shared out as `divided` says, with the user's `weights` in place of
/// the links of the areas they name (their areas checked first, so errors
/// point into `crosswalk.weights`).
fn crosswalk_of<'a>(
    reference: &CrosswalkRef,
    data: &DataSet,
    schemes: &Resolver<'a>,
) -> Result<Cow<'a, Crosswalk>> {
    let crosswalk = match (
        &reference.links,
        schemes.crosswalk(&reference.from, &reference.to),
    ) {
        (Some(links), _) => Cow::Owned(Crosswalk {
            from: reference.from.clone(),
            to: reference.to.clone(),
            links: links.clone(),
        }),
        (None, Some(known)) => Cow::Borrowed(known),
        (None, None) => {
            return Err(Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Area,
                value: format!("crosswalk {} → {}", reference.from, reference.to),
            })
            .at("crosswalk"));
        }
    };
    let crosswalk = match reference.divided {
        Divided::Area => crosswalk,
        Divided::Primary => Cow::Owned(crosswalk.primary_only()),
    };
    if reference.weights.is_empty() {
        return Ok(crosswalk);
    }
    let (old, new) = crate::area::ends(&crosswalk, schemes)?;
    crate::area::check_link_areas(&reference.weights, data, old, new)
        .and_then(|()| crosswalk.with_weights(&reference.weights))
        .map(Cow::Owned)
        .map_err(|e| e.under("crosswalk.weights"))
}

#[cfg(feature = "exchange")]
fn read_dhis2(r: &ReadDhis2Request) -> Result<dhis2::Dhis2Import> {
    let (data, at) = data_of(&r.builtin, &r.data)?;
    let source = match (&r.json, &r.csv) {
        (Some(json), None) => Dhis2Source::Json(json.clone()),
        (None, Some(csv)) => Dhis2Source::Csv(csv.clone()),
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "csv",
                (
                    "chỉ cho `json` hoặc `csv`, không cho cả hai",
                    "give either `json` or `csv`, not both",
                ),
            ));
        }
        (None, None) => {
            return Err(Error::new(ErrorKind::MissingField {
                field: "json".into(),
            })
            .at("json"));
        }
    };
    let mut imported = dhis2::read_data_values(&data, &source, &r.mapping, r.invalid)
        .map_err(|e| e.renamed("data", at))?;
    imported.problems = std::mem::take(&mut imported.problems)
        .into_iter()
        .map(|e| e.under("$"))
        .collect();
    Ok(imported)
}

#[cfg(feature = "exchange")]
fn write_dhis2(r: &WriteDhis2Request) -> Result<dhis2::Dhis2Export> {
    let (data, at) = data_of(&r.builtin, &r.data)?;
    let place = |e: Error| {
        e.renamed("data", at)
            .renamed("annotations", "options.annotations")
    };
    let mut exported = dhis2::write_data_values(&data, &r.mapping, &r.options).map_err(place)?;
    exported.problems = std::mem::take(&mut exported.problems)
        .into_iter()
        .map(|e| place(e).under("$"))
        .collect();
    Ok(exported)
}
