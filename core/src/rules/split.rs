//! Validation of data split across machines, with exactly the findings of
//! one run over the whole data set.
//!
//! Every rule has a [`Locality`]: the rows it must see together. A split
//! validation makes a few [`passes`]; each shuffles the rows so that every
//! group of its key (all rows of one indicator, or of one area and period)
//! is whole in one partition, then runs [`validate_part`] on each partition
//! for the rules that key holds. [`assemble`] runs the set-up rules once,
//! joins the parts and sorts and counts them as
//! [`validate`](crate::rules::validate) does.
//!
//! | rule | locality | why |
//! |---|---|---|
//! | `value.negative`, `value.non-integer`, `value.numerator-above-denominator`, `value.percent-range` | row | one observation's own fields |
//! | `reporting.frequency`, `reporting.outside-phase` | row | one period against the framework |
//! | `reporting.duplicate` | series | the first report of a key, among the rows of its series |
//! | `reporting.unknown-indicator`, `reporting.unknown-area`, `value.shape` | series | a repeated key is a duplicate, not reported again for its codes or shape: the rows of its key are needed, and a series holds them |
//! | `reporting.missing-period` | series | gaps along one series |
//! | `consistency.disaggregation-total` | series | parts against the total, at one area |
//! | `consistency.cumulative-decrease`, `consistency.stock-drop` | series | one series over time |
//! | `reporting.after-as-of` | indicator | one finding per indicator, counting its rows and areas |
//! | `reporting.missing-report` | indicator | an expected area's report may come from any area below it; an indicator no row reports is checked in [`assemble`] |
//! | `consistency.parent-total` | indicator | an area against its sub-areas |
//! | `plan.annual-above-gap` | indicator | annual targets against what the indicator achieved, rolled up |
//! | `consistency.sub-measure` | area × period | a sub-measure against its indicator |
//! | user-defined rules | area × period | sides compare indicators at one area and period |
//! | `legal.*`, `eligibility.*`, `plan.annual-sum`, `plan.allocation-sum`, `plan.approved-late` | set-up | activities, plans and targets only |
//!
//! A row keeps its place in the whole data set: the parts are given each
//! row's **ordinal** (its index in the whole), rows of a part in ordinal
//! order, so a finding names `observations[ordinal]` and "the first report
//! wins" means the same row as on one machine. `plan.annual-above-gap` of
//! an indicator that no row reports runs in [`assemble`], once.
//!
//! ```
//! use chitieu::rules::split::{assemble, keys, passes, validate_part};
//! use chitieu::rules::{validate, ValidateOptions};
//! let data = chitieu::builtin::project8()?;
//! let as_of = chitieu::period::parse_date("2024-12-31")?;
//! let options = ValidateOptions::default();
//! let mut parts = Vec::new();
//! for pass in passes(&options) {
//!     // One partition per key here; a cluster puts many in each.
//!     let keys = keys(&data, pass.key)?;
//!     let mut groups = std::collections::BTreeMap::<u64, Vec<usize>>::new();
//!     for (row, key) in keys.iter().enumerate() {
//!         groups.entry(*key).or_default().push(row);
//!     }
//!     for rows in groups.values() {
//!         let part = data.without_observations().with_observations(
//!             rows.iter().filter_map(|&i| data.observation(i)).map(|o| o.to_observation()).collect(),
//!         );
//!         let ordinals: Vec<u64> = rows.iter().map(|&i| i as u64).collect();
//!         parts.push(validate_part(&part, as_of, &options, &pass.rules, &ordinals)?);
//!     }
//! }
//! let split = assemble(&data.without_observations(), as_of, &options, parts)?;
//! assert_eq!(split, validate(&data, as_of, &options)?);
//! # Ok::<(), chitieu::Error>(())
//! ```

use std::collections::BTreeSet;
use std::hash::Hasher;

use chrono::NaiveDate;
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json_text::ToJson;
use crate::model::DataSet;
use crate::rules::options::ValidateOptions;
use crate::rules::scope::PartScope;
use crate::rules::{Finding, Locality, ValidationReport, catalogue};

/// One pass of a split validation: shuffle the rows by `key`, then run the
/// rules of `rules` on every partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
pub struct Pass {
    /// What rows a partition must hold whole groups of.
    pub key: Locality,
    /// Whose rules run in this pass.
    pub rules: Vec<Locality>,
}

crate::json_text::via_serde!(Pass);

/// The passes that validate with `options`: by indicator (rows, series
/// and indicators), then by area and period when a rule of that locality
/// is enabled. Set-up rules run in [`assemble`].
pub fn passes(options: &ValidateOptions) -> Vec<Pass> {
    let enabled = |id: &str| !options.disabled.iter().any(|d| d == id);
    let mut wanted: Vec<Locality> = catalogue()
        .into_iter()
        .filter(|rule| enabled(&rule.id))
        .map(|rule| rule.locality)
        .collect();
    if options.rules.iter().any(|rule| enabled(&rule.id)) {
        wanted.push(Locality::AreaPeriod);
    }
    let mut passes = Vec::new();
    for key in [Locality::Indicator, Locality::AreaPeriod] {
        let mut rules: Vec<Locality> = wanted.iter().copied().filter(|&l| key.holds(l)).collect();
        crate::order::sort(&mut rules);
        rules.dedup();
        wanted.retain(|&l| !key.holds(l));
        if !rules.is_empty() {
            passes.push(Pass { key, rules });
        }
    }
    passes
}

/// One number a row, equal for rows of one group of `by` (an indicator,
/// a series, an area and period): the key to shuffle on. A code the set-up
/// does not know keys by its text. Keys agree between processes running
/// one version of chitieu; two groups may share a key (a partition then
/// holds both, which is allowed).
///
/// Errors when `by` is [`Locality::Row`] or [`Locality::SetUp`] (rows need
/// no key; set-up rules read none), or when the set-up cannot be read.
pub fn keys(data: &DataSet, by: Locality) -> Result<Vec<u64>> {
    if matches!(by, Locality::Row | Locality::SetUp) {
        return Err(Error::invalid(
            "by",
            (
                format!("«{}» không cần khoá phân vùng", by.label(crate::Lang::Vi)),
                format!("“{}” needs no partition key", by.label(crate::Lang::En)),
            ),
        ));
    }
    let (checked, _) = data.check_lenient().map_err(|e| e.under("data"))?;
    let code = |hash: &mut FxHasher, position: Option<usize>, text: &str| match position {
        Some(p) => {
            hash.write_u8(0);
            hash.write_usize(p);
        }
        None => {
            hash.write_u8(1);
            hash.write(text.as_bytes());
            hash.write_u8(0xff);
        }
    };
    let keys = data.observations().map(|obs| {
        let mut hash = FxHasher::default();
        let indicator = obs.indicator().as_str();
        let area = obs.area().as_str();
        if by != Locality::AreaPeriod {
            code(&mut hash, checked.framework.position(indicator), indicator);
        }
        if by != Locality::Indicator {
            code(&mut hash, checked.areas.index_of(area), area);
        }
        if by == Locality::AreaPeriod {
            hash.write(obs.period().to_string().as_bytes());
        }
        spread(hash.finish())
    });
    Ok(keys.collect())
}

/// SplitMix64's finaliser: every bit of a key depends on every bit of the
/// hash, so `key % n` deals groups evenly to `n` partitions.
fn spread(hash: u64) -> u64 {
    let z = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What one partition of a split validation found: a value to send to
/// [`assemble`], as JSON between processes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
pub struct PartFindings {
    findings: Vec<Carried>,
    /// The indicators this partition holds rows of, when it ran the
    /// indicator rules: [`assemble`] checks the others' annual targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<String>,
}

crate::json_text::via_serde!(PartFindings);

/// A finding with what the contract's JSON leaves out: the record its
/// message names (the first of two duplicates), so that
/// [`ValidationReport::under`] still places it after the trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
struct Carried {
    #[serde(flatten)]
    finding: Finding,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    related: Option<String>,
}

impl PartFindings {
    /// The findings, naming rows by their ordinals.
    pub fn findings(&self) -> impl ExactSizeIterator<Item = &Finding> {
        self.findings.iter().map(|c| &c.finding)
    }
}

/// The findings of the rules of `localities` on `data`, a partition of a
/// whole data set whose row `i` is row `ordinals[i]` of the whole. The
/// partition must hold whole groups of each locality's key (see
/// [`keys`]), rows in increasing ordinal order.
///
/// Errors as [`validate`](crate::rules::validate) does, and when
/// `ordinals` does not give one increasing ordinal a row (path
/// `ordinals`).
pub fn validate_part(
    data: &DataSet,
    as_of: NaiveDate,
    options: &ValidateOptions,
    localities: &[Locality],
    ordinals: &[u64],
) -> Result<PartFindings> {
    check_ordinals(ordinals, data.observations().len())?;
    crate::rules::check_rule_ids(options)?;
    let (checked, problems) = data.check_lenient().map_err(|e| e.under("data"))?;
    let mut owned = vec![false; checked.framework.len()];
    if localities.contains(&Locality::Indicator) {
        for obs in data.observations() {
            if let Some(p) = checked.framework.position(obs.indicator().as_str())
                && let Some(slot) = owned.get_mut(p)
            {
                *slot = true;
            }
        }
    }
    let scope = PartScope {
        localities,
        ordinals: Some(ordinals),
        owned: Some(&owned),
    };
    let findings = crate::rules::run_checked(&checked, &problems, as_of, options, Some(&scope))?;
    let indicators = (0..owned.len())
        .filter(|&p| owned.get(p) == Some(&true))
        .filter_map(|p| checked.framework.entry(p))
        .map(|entry| entry.indicator.code.to_string())
        .collect();
    let findings = findings
        .into_iter()
        .map(|finding| Carried {
            related: finding.related.clone(),
            finding,
        })
        .collect();
    Ok(PartFindings {
        findings,
        indicators,
    })
}

fn check_ordinals(ordinals: &[u64], rows: usize) -> Result<()> {
    if ordinals.len() != rows {
        return Err(Error::invalid(
            "ordinals",
            (
                format!("có {} số thứ tự cho {rows} quan sát", ordinals.len()),
                format!("{} ordinals for {rows} observations", ordinals.len()),
            ),
        ));
    }
    if let Some(at) = ordinals.windows(2).position(|w| w.first() >= w.get(1)) {
        return Err(Error::invalid(
            format!("ordinals[{}]", at + 1),
            (
                "số thứ tự phải tăng dần theo dòng".to_string(),
                "ordinals must increase row by row".to_string(),
            ),
        ));
    }
    Ok(())
}

/// The validation report of a split run: the set-up rules on `setup` (the
/// framework, areas, activities and plans; its observations, if any, are
/// not read),
/// `plan.annual-above-gap` for the indicators no part holds, and every
/// part's findings, sorted and counted as
/// [`validate`](crate::rules::validate) sorts and counts them.
pub fn assemble(
    setup: &DataSet,
    as_of: NaiveDate,
    options: &ValidateOptions,
    parts: Vec<PartFindings>,
) -> Result<ValidationReport> {
    crate::rules::check_rule_ids(options)?;
    // Observations given with the set-up are the parts' to check, not its.
    let setup = setup.without_observations();
    let (checked, problems) = setup.check_lenient().map_err(|e| e.under("setup"))?;
    let held: BTreeSet<&str> = parts
        .iter()
        .flat_map(|p| &p.indicators)
        .map(String::as_str)
        .collect();
    let owned: Vec<bool> = (0..checked.framework.len())
        .map(|p| {
            (checked.framework.entry(p)).is_some_and(|e| !held.contains(e.indicator.code.as_str()))
        })
        .collect();
    let scope = PartScope {
        localities: &[Locality::SetUp],
        ordinals: None,
        owned: Some(&owned),
    };
    let mut findings =
        crate::rules::run_checked(&checked, &problems, as_of, options, Some(&scope))?;
    findings.extend(parts.into_iter().flat_map(|p| p.findings).map(|c| Finding {
        related: c.related,
        ..c.finding
    }));
    Ok(crate::rules::report(&checked, as_of, options, findings))
}
