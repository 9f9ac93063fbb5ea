//! User-defined rules: an expression compared with another, evaluated at
//! every area and period where the indicators it names were reported —
//! and, for templates, once for every disaggregation combination.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::area::AreaLevel;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::model::FrameworkIndex;
use crate::period::PeriodType;
use crate::rules::expr::{Expr, Filter, MissingValues};
use crate::rules::finding::Operator;
use crate::rules::rule::Severity;
use crate::text::Text;

/// Missing-value strategies for the two sides of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default, deny_unknown_fields)]
pub struct SideStrategies {
    /// The left side's strategy.
    pub left: MissingValues,
    /// The right side's strategy.
    pub right: MissingValues,
}

/// A user-defined rule as written in JSON.
///
/// ```json
/// { "id": "women-owners-within-groups",
///   "expression": "#{P8.LIVELIHOOD.WOMEN | sex=$s} <= #{P8.LIVELIHOOD | sex=$s} * 20",
///   "severity": "warning",
///   "missing": { "left": "skip-if-any-missing", "right": "never-skip" },
///   "period_types": ["year"], "area_levels": ["province"] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct UserRuleDef {
    /// Stable id, unique, not one of the built-in ids.
    pub id: String,
    /// `left operator right` (see [`Expr`]).
    pub expression: String,
    /// Severity (default error).
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// A title to show in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// A message template; `{left}`, `{right}`, `{area}`, `{period}`,
    /// `{combination}` and `{rule}` are filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
    /// What to do when values are missing.
    #[serde(default)]
    pub missing: SideStrategies,
    /// Period types checked (all if empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub period_types: Vec<PeriodType>,
    /// Area levels checked (all if empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub area_levels: Vec<AreaLevel>,
}

fn default_severity() -> Severity {
    Severity::Error
}

/// A parsed user-defined rule with its references resolved.
#[derive(Debug, Clone)]
pub struct UserRule {
    /// The definition.
    pub def: UserRuleDef,
    /// The left side.
    pub left: Expr,
    /// The comparison.
    pub operator: Operator,
    /// The right side.
    pub right: Expr,
    /// Template variables and their dimensions, by variable name.
    pub(crate) variables: Vec<(String, String)>,
    /// Indicator positions referenced, sorted, each once.
    pub(crate) indicators: Vec<usize>,
}

impl UserRule {
    /// Parses `def` and resolves its references against `framework`;
    /// error paths are relative to the definition (`expression`).
    pub fn compile(def: &UserRuleDef, framework: &FrameworkIndex<'_>) -> Result<UserRule> {
        UserRule::compile_at(def, framework, "")
    }

    /// [`UserRule::compile`] for a definition at `path` (in a run's
    /// options).
    fn compile_at(
        def: &UserRuleDef,
        framework: &FrameworkIndex<'_>,
        path: &str,
    ) -> Result<UserRule> {
        crate::code::IndicatorCode::new(def.id.as_str()).map_err(|e| e.at(format!("{path}.id")))?;
        let expression_path = format!("{path}.expression");
        let (left, operator, right) =
            Expr::parse_rule(&def.expression).map_err(|e| e.at(expression_path.clone()))?;
        let mut variables: Vec<(String, String)> = Vec::new();
        let mut indicators = Vec::new();
        for reference in left.references().into_iter().chain(right.references()) {
            let Some(position) = framework.position(&reference.indicator) else {
                return Err(Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Indicator,
                    value: reference.indicator.clone(),
                })
                .at(expression_path)
                .at_column(reference.column as u64));
            };
            indicators.push(position);
            for (dimension, filter) in &reference.filters {
                if let Filter::Variable(name) = filter {
                    match variables.iter().find(|(v, _)| v == name).map(|(_, d)| d) {
                        Some(d) if d != dimension => {
                            return Err(Error::new(ErrorKind::RuleSyntax {
                                detail: crate::text::Text::new(
                                    format!(
                                        "biến ${name} đứng cho cả `{d}` và `{dimension}`; mỗi chiều phân tổ dùng một biến"
                                    ),
                                    format!(
                                        "variable ${name} stands for `{d}` and `{dimension}`; use one variable per dimension"
                                    ),
                                ),
                            })
                            .at(expression_path)
                            .at_column(reference.column as u64));
                        }
                        Some(_) => {}
                        None => variables.push((name.clone(), dimension.clone())),
                    }
                }
            }
        }
        crate::order::sort(&mut indicators);
        indicators.dedup();
        crate::order::sort(&mut variables);
        Ok(UserRule {
            def: def.clone(),
            left,
            operator,
            right,
            variables,
            indicators,
        })
    }
}

/// Compiles every rule of a run; ids must be unique and not built-in.
pub(crate) fn compile_all(
    defs: &[UserRuleDef],
    framework: &FrameworkIndex<'_>,
) -> Result<Vec<UserRule>> {
    let builtin: Vec<String> = crate::rules::catalogue()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::default();
    let mut out = Vec::with_capacity(defs.len());
    for (i, def) in defs.iter().enumerate() {
        let path = format!("options.rules[{i}]");
        if builtin.contains(&def.id) {
            return Err(Error::invalid(
                format!("{path}.id"),
                (
                    format!("`{}` là mã của một quy tắc có sẵn", def.id),
                    format!("`{}` is a built-in rule id", def.id),
                ),
            ));
        }
        if let Some(first) = seen.insert(def.id.as_str(), i) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Rule,
                key: def.id.clone(),
                first: format!("options.rules[{first}]"),
            })
            .at(format!("{path}.id")));
        }
        out.push(UserRule::compile_at(def, framework, &path)?);
    }
    Ok(out)
}
