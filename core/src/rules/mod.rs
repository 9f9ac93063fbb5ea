//! Validation rules: a dated, bilingual rule engine.
//!
//! [`validate`] runs every built-in rule (see [`catalogue`]) and the
//! user-defined rules of a run over a data set as of a date, collects
//! **all** findings and returns them in a deterministic order: by record
//! (observations, activities, plans, areas, targets; then index), then by
//! rule. Each [`Finding`] names the rule, severity, record, the values
//! compared, the legal provisions in force on the record's date and the
//! message in Vietnamese and English.
//!
//! ```
//! use chitieu::rules::{validate, ValidateOptions};
//! let data = chitieu::builtin::project8()?;
//! let as_of = chitieu::period::parse_date("2023-12-31")?;
//! let report = validate(&data, as_of, &ValidateOptions::default())?;
//! assert!(report.findings.iter().all(|f| f.rule != "value.negative"));
//! # Ok::<(), chitieu::Error>(())
//! ```

mod catalogue;
mod checks;
mod context;
mod expr;
mod finding;
mod options;
mod rule;
mod scope;
pub mod split;
mod text;
mod user;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{CodeKind, Error, ErrorKind, Result, join_path};
use crate::json_text::ToJson;
use crate::model::{CheckedData, DataSet, ObservationProblem};

pub use catalogue::{banking_prohibition, catalogue, id, microfinance_exemption};
pub use expr::{Expr, MissingValues, Reference};
pub use finding::{Finding, FindingSummary, Operator, Record, RecordKind};
pub use options::ValidateOptions;
pub use rule::{Category, LegalBasis, Locality, RuleInfo, Scope, Severity};
pub use user::{SideStrategies, UserRule, UserRuleDef};

use context::Ctx;

/// The result of a validation run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToJson)]
pub struct ValidationReport {
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// How many rules ran (built-in and user-defined).
    pub rules_run: usize,
    /// Every finding, in a deterministic order.
    pub findings: Vec<Finding>,
    /// Counts by severity and rule.
    pub summary: FindingSummary,
}

crate::json_text::via_serde!(ValidationReport);

/// A validation report without its findings: what to show first when a
/// national file gives half a million of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ReportHead<'a> {
    /// The as-of date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// How many rules ran.
    pub rules_run: usize,
    /// Counts by severity and rule.
    pub summary: &'a FindingSummary,
}

impl ValidationReport {
    /// The report without its findings.
    ///
    /// ```
    /// let data = chitieu::builtin::project8()?;
    /// let as_of = chitieu::period::parse_date("2023-12-31")?;
    /// let report = chitieu::rules::validate(&data, as_of, &Default::default())?;
    /// let head = chitieu::io::json::to_string(&report.head())?;
    /// assert!(head.starts_with(r#"{"as_of":"2023-12-31","rules_run":"#) && !head.contains("findings"));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn head(&self) -> ReportHead<'_> {
        ReportHead {
            as_of: self.as_of,
            rules_run: self.rules_run,
            summary: &self.summary,
        }
    }
}

/// Validates `data` as of `as_of`.
///
/// Errors only when the data set cannot be read at all (framework or area
/// list broken, an option naming an unknown rule, a user rule that does
/// not parse); every problem in the observations, activities and plans is
/// a finding. Error paths name the argument (`data.framework…`,
/// `options.rules[0].expression`); findings' record paths are relative to
/// the data set (`observations[3]`): place them with
/// [`ValidationReport::under`].
///
/// ```
/// use chitieu::rules::{validate, Severity, ValidateOptions};
/// use chitieu::period::parse_date;
///
/// let data: chitieu::DataSet = chitieu::io::json::from_str(r#"{"version": 1, "builtin_framework": "project8",
///   "areas": [{"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}],
///   "observations": [{"indicator": "P8.CCG", "area": "VN", "period": "2023", "value": -5},
///                    {"indicator": "P8.CCG", "area": "VNN", "period": "2023", "value": 7623}]}"#)?;
/// let report = validate(&data, parse_date("2023-12-31")?, &ValidateOptions::default())?;
/// let found: Vec<(&str, Severity, &str)> = report.findings.iter()
///     .map(|f| (f.rule.as_str(), f.severity, f.record.path.as_str())).collect();
/// assert_eq!(found, [("value.negative", Severity::Error, "observations[0]"),
///                    ("reporting.unknown-area", Severity::Error, "observations[1]")]);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn validate(
    data: &DataSet,
    as_of: NaiveDate,
    options: &ValidateOptions,
) -> Result<ValidationReport> {
    check_rule_ids(options)?;
    let (checked, problems) = data.check_lenient().map_err(|e| e.under("data"))?;
    validate_checked(&checked, &problems, as_of, options)
}

/// Like [`validate`], on a data set already checked with
/// [`DataSet::check_lenient`], so a pipeline that also rolls up checks once.
pub fn validate_checked(
    checked: &CheckedData<'_>,
    problems: &[(usize, ObservationProblem)],
    as_of: NaiveDate,
    options: &ValidateOptions,
) -> Result<ValidationReport> {
    let findings = run_checked(checked, problems, as_of, options, None)?;
    Ok(report(checked, as_of, options, findings))
}

/// Refuses options that name a rule neither built in nor defined in them.
fn check_rule_ids(options: &ValidateOptions) -> Result<()> {
    let known: Vec<String> = catalogue().into_iter().map(|r| r.id).collect();
    let user_ids: Vec<&str> = options.rules.iter().map(|r| r.id.as_str()).collect();
    for (i, rule) in options.disabled.iter().enumerate() {
        if !known.contains(rule) && !user_ids.contains(&rule.as_str()) {
            return Err(unknown_rule(rule, format!("options.disabled[{i}]")));
        }
    }
    for rule in options.severity.keys() {
        if !known.contains(rule) && !user_ids.contains(&rule.as_str()) {
            return Err(unknown_rule(rule, format!("options.severity.{rule}")));
        }
    }
    Ok(())
}

/// The findings of every rule `scope` lets run (all of them without one).
fn run_checked(
    checked: &CheckedData<'_>,
    problems: &[(usize, ObservationProblem)],
    as_of: NaiveDate,
    options: &ValidateOptions,
    scope: Option<&scope::PartScope<'_>>,
) -> Result<Vec<Finding>> {
    let user_rules = user::compile_all(&options.rules, &checked.framework)?;
    run_families(checked, problems, as_of, options, &user_rules, scope)
}

/// The report of `findings`: sorted by record, then rule (catalogue order,
/// then user rules in the order given), period and English message;
/// counted by severity, rule and area level.
fn report(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    options: &ValidateOptions,
    mut findings: Vec<Finding>,
) -> ValidationReport {
    let known: Vec<String> = catalogue().into_iter().map(|r| r.id).collect();
    // A hash map of the kind the crate has already (no map code of its own).
    let mut order: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (i, id) in known
        .iter()
        .chain(options.rules.iter().map(|r| &r.id))
        .enumerate()
    {
        order.insert(id.as_str(), i);
    }
    crate::order::sort_by(&mut findings, |a, b| {
        (
            a.record.kind,
            a.record.index,
            order.get(a.rule.as_str()),
            a.record.period.map(|p| (p.start(), p.end())),
        )
            .cmp(&(
                b.record.kind,
                b.record.index,
                order.get(b.rule.as_str()),
                b.record.period.map(|p| (p.start(), p.end())),
            ))
            .then_with(|| a.message.en.cmp(&b.message.en))
    });
    let summary = FindingSummary::of(&findings, |code| checked.areas.find(code).map(|a| a.level));
    let enabled = |id: &String| !options.disabled.contains(id);
    let user_ids = options.rules.iter().map(|r| &r.id);
    ValidationReport {
        as_of,
        rules_run: known.iter().filter(|id| enabled(id)).count()
            + user_ids.filter(|id| enabled(id)).count(),
        findings,
        summary,
    }
}

/// A family of rules: what one pass over the data checks.
type Family<'r> = Box<dyn Fn(&mut Ctx<'_>) -> Result<()> + Sync + 'r>;

/// Runs every family of rules, each on its own list of findings (in
/// parallel with the `parallel` feature), and joins the lists in family
/// order: the same findings, and the same first error, for any number of
/// threads.
fn run_families(
    checked: &CheckedData<'_>,
    problems: &[(usize, ObservationProblem)],
    as_of: NaiveDate,
    options: &ValidateOptions,
    user_rules: &[UserRule],
    scope: Option<&scope::PartScope<'_>>,
) -> Result<Vec<Finding>> {
    let mut families: Vec<Family<'_>> = vec![
        Box::new(|ctx| {
            checks::values::run(ctx, problems);
            Ok(())
        }),
        Box::new(|ctx| {
            checks::reporting::run(ctx, problems);
            Ok(())
        }),
        Box::new(|ctx| {
            checks::completeness::run(ctx);
            Ok(())
        }),
        Box::new(checks::consistency::run),
        Box::new(|ctx| {
            checks::legal::run(ctx);
            checks::eligibility::run(ctx);
            Ok(())
        }),
        Box::new(checks::plan::run),
    ];
    for rule in user_rules {
        families.push(Box::new(move |ctx| {
            if ctx.enabled(&rule.def.id) {
                checks::user::run(ctx, rule)?;
            }
            Ok(())
        }));
    }
    let lists = crate::parallel::map_in_order(&families, |family| {
        let mut ctx = Ctx {
            checked,
            as_of,
            options,
            scope,
            findings: Vec::new(),
        };
        family(&mut ctx).map(|()| ctx.findings)
    });
    let mut findings = Vec::new();
    for list in lists {
        findings.extend(list?);
    }
    Ok(findings)
}

impl ValidationReport {
    /// The findings as a flat table, one row per finding: `rule`,
    /// `severity`, `category`, `kind`, `path`, `line` (only when the data
    /// came from a file), `indicator`, `area`,
    /// `period`, `left` and `right` (each with its `_exact` text),
    /// `operator`, `legal_basis` (the citations in `lang`, joined by `; `)
    /// and `message` (in `lang`).
    pub fn to_columns(&self, lang: crate::text::Lang) -> crate::io::table::Table {
        finding::findings_table(&self.findings, lang)
    }

    /// Places every record path under `prefix`, where the caller holds the
    /// data set (`$.data` in a request, `$` for a data-set file).
    pub fn under(mut self, prefix: &str) -> ValidationReport {
        for finding in &mut self.findings {
            finding.record.path = join_path(prefix, &finding.record.path);
            if let Some(related) = finding.related.take() {
                let placed = join_path(prefix, &related);
                // The message names the related record last.
                for text in [&mut finding.message.vi, &mut finding.message.en] {
                    if let Some(at) = text.rfind(related.as_str()) {
                        text.replace_range(at..at + related.len(), &placed);
                    }
                }
                finding.related = Some(placed);
            }
        }
        self
    }
}

fn unknown_rule(rule: &str, path: String) -> Error {
    Error::new(ErrorKind::UnknownCode {
        kind: CodeKind::Rule,
        value: rule.to_string(),
    })
    .at(path)
}
