//! Running user-defined rules: each side evaluated at every area and
//! period where its indicators were reported, templates once per
//! disaggregation combination.

use rustc_hash::FxHashMap as HashMap;

use crate::error::Result;
use crate::model::{Disaggregation, FrameworkIndex};
use crate::number::Rational;
use crate::period::Period;
use crate::rules::context::{Ctx, number, plain};
use crate::rules::expr::{Expr, Filter, MissingValues, Reference};
use crate::rules::finding::{Finding, Operator};
use crate::rules::rule::{Category, render};
use crate::rules::user::UserRule;
use crate::text::{Lang, Text};

/// Observations of one area and period, by indicator position.
type Group = HashMap<usize, Vec<usize>>;

/// The categories a combination gives the template's variables: (variable,
/// category) by variable name.
type Bindings = Vec<(String, String)>;

/// What one side of a rule came to.
struct Side {
    value: Option<Rational>,
    present: usize,
    missing: usize,
    /// The first observation a reference of the side found.
    first: Option<usize>,
}

impl Side {
    fn skipped(&self, strategy: MissingValues) -> bool {
        match strategy {
            MissingValues::SkipIfAnyMissing => self.missing > 0,
            // A side of constants alone has no values to miss: never
            // skipped (as in DHIS2, which skips only a side with items).
            MissingValues::SkipIfAllMissing => self.present == 0 && self.missing > 0,
            MissingValues::NeverSkip => false,
        }
    }
}

fn bound(filters: &[(String, Filter)], bindings: &Bindings) -> Vec<(String, Option<String>)> {
    filters
        .iter()
        .map(|(dim, filter)| {
            let category = match filter {
                Filter::Category(c) => Some(c.clone()),
                Filter::Variable(v) => bindings
                    .iter()
                    .find(|(name, _)| name == v)
                    .map(|(_, category)| category.clone()),
                Filter::Any => None,
            };
            (dim.clone(), category)
        })
        .collect()
}

/// Whether `d` has exactly the dimensions of `wanted` with the categories
/// asked for (`None`: any category).
fn matches(d: &Disaggregation, wanted: &[(String, Option<String>)]) -> bool {
    d.iter().count() == wanted.len()
        && wanted
            .iter()
            .all(|(dim, category)| match (d.get(dim), category) {
                (Some(have), Some(want)) => have == want,
                (Some(_), None) => true,
                (None, _) => false,
            })
}

fn side(
    ctx: &Ctx<'_>,
    expr: &Expr,
    group: &Group,
    bindings: &Bindings,
    framework: &FrameworkIndex<'_>,
) -> Side {
    let mut present = 0;
    let mut missing = 0;
    let mut first = None;
    let data = ctx.checked.data;
    let value = expr.eval(&mut |leaf| {
        let (reference, summed): (&Reference, bool) = match leaf {
            Expr::Ref(r) => (r, false),
            Expr::Sum(r) => (r, true),
            _ => return None,
        };
        let wanted = bound(&reference.filters, bindings);
        let found: Vec<(usize, Rational)> = framework
            .position(&reference.indicator)
            .and_then(|p| group.get(&p))
            .map(|list| {
                list.iter()
                    .filter_map(|&i| data.observation(i).map(|o| (i, o)))
                    .filter(|(_, o)| matches(o.disaggregation(), &wanted))
                    .filter_map(|(i, o)| o.value().or(o.numerator()).map(|v| (i, v)))
                    .collect()
            })
            .unwrap_or_default();
        if first.is_none() {
            first = found.first().map(|(i, _)| *i);
        }
        let result = match (summed, found.as_slice()) {
            (_, []) => None,
            (false, [(_, one), ..]) => Some(*one),
            (true, all) => Rational::sum(all.iter().map(|(_, v)| *v)).ok(),
        };
        if result.is_some() {
            present += 1;
        } else {
            missing += 1;
        }
        result
    });
    Side {
        value,
        present,
        missing,
        first,
    }
}

/// Every combination of categories for the template's variables, from
/// the categories found in `group`.
fn combinations(ctx: &Ctx<'_>, rule: &UserRule, group: &Group) -> Vec<Bindings> {
    let mut options: Vec<(String, Vec<String>)> = Vec::new();
    for (variable, dimension) in &rule.variables {
        let mut seen: Vec<String> = Vec::new();
        for list in group.values() {
            for &i in list {
                if let Some(c) = ctx
                    .checked
                    .data
                    .observation(i)
                    .and_then(|o| o.disaggregation().get(dimension))
                {
                    seen.push(c.to_string());
                }
            }
        }
        crate::order::sort(&mut seen);
        seen.dedup();
        options.push((variable.clone(), seen));
    }
    let mut out = vec![Bindings::new()];
    for (variable, categories) in options {
        let mut next = Vec::with_capacity(out.len() * categories.len());
        for partial in &out {
            for c in &categories {
                let mut b = partial.clone();
                // Variables come in name order: the bindings stay sorted.
                b.push((variable.clone(), c.clone()));
                next.push(b);
            }
        }
        out = next;
    }
    out
}

pub(crate) fn run(ctx: &mut Ctx<'_>, rule: &UserRule) -> Result<()> {
    // (area, period) → observations of the indicators the rule names, by
    // area then period: sorted rows grouped, not a map (whose code costs
    // the browser module more).
    let mut rows: Vec<((usize, Period), usize, usize)> = Vec::new();
    for (i, obs, ind, area) in ctx.checked.usable() {
        if rule.indicators.binary_search(&ind).is_ok() {
            rows.push(((area, obs.period()), ind, i));
        }
    }
    crate::order::sort_by_key(&mut rows, |row| row.0);
    let mut groups: Vec<((usize, Period), Group)> = Vec::new();
    for (key, ind, i) in rows {
        if groups.last().is_none_or(|(last, _)| *last != key) {
            groups.push((key, Group::default()));
        }
        if let Some((_, group)) = groups.last_mut() {
            group.entry(ind).or_default().push(i);
        }
    }
    let framework = &ctx.checked.framework;
    let mut found = Vec::new();
    for ((area, period), group) in &groups {
        let level = ctx.checked.areas.get(*area).map(|a| a.level);
        if !rule.def.area_levels.is_empty()
            && !level.is_some_and(|l| rule.def.area_levels.contains(&l))
        {
            continue;
        }
        if !rule.def.period_types.is_empty()
            && !rule.def.period_types.contains(&period.period_type())
        {
            continue;
        }
        for bindings in combinations(ctx, rule, group) {
            let left = side(ctx, &rule.left, group, &bindings, framework);
            let right = side(ctx, &rule.right, group, &bindings, framework);
            let violated = match rule.operator {
                Operator::CompulsoryPair => (left.present > 0) != (right.present > 0),
                Operator::ExclusivePair => left.present > 0 && right.present > 0,
                op => {
                    if left.skipped(rule.def.missing.left) || right.skipped(rule.def.missing.right)
                    {
                        continue;
                    }
                    match (left.value, right.value) {
                        (Some(l), Some(r)) => !op.holds(l, r),
                        _ => false, // undefined (division by zero): nothing to compare
                    }
                }
            };
            if violated {
                found.push((*area, *period, bindings, left, right, group));
            }
        }
    }
    for (area, period, bindings, left, right, group) in found {
        let first_obs = left
            .first
            .or(right.first)
            .or_else(|| group.values().flatten().min().copied())
            .unwrap_or(0);
        let mut record = ctx.observation(first_obs);
        let mut disaggregation = Disaggregation::total();
        for (variable, category) in &bindings {
            if let Some((_, dim)) = rule.variables.iter().find(|(v, _)| v == variable) {
                disaggregation.insert(dim.clone(), category.clone());
            }
        }
        record.disaggregation = (!disaggregation.is_empty()).then_some(disaggregation.clone());
        let show = |s: &Side, pair: bool| -> Text {
            match (pair, s.value) {
                (true, _) if s.present > 0 => Text::new("có số liệu", "reported"),
                (true, _) => Text::new("trống", "empty"),
                (false, Some(v)) => number(v),
                (false, None) => Text::new("không xác định", "undefined"),
            }
        };
        let pair = matches!(
            rule.operator,
            Operator::CompulsoryPair | Operator::ExclusivePair
        );
        let combination = if disaggregation.is_empty() {
            plain("")
        } else {
            plain(format!(" [{disaggregation}]"))
        };
        let params = [
            ("rule", plain(&rule.def.id)),
            ("area", ctx.area_name(area)),
            ("period", plain(period)),
            ("combination", combination),
            ("left", show(&left, pair)),
            ("right", show(&right, pair)),
            ("left_expr", plain(&rule.left)),
            ("right_expr", plain(&rule.right)),
            ("operator", plain(rule.operator.symbol())),
        ];
        let template = rule.def.message.clone().unwrap_or_else(|| {
            Text::new(
                "Quy tắc «{rule}» không thỏa mãn tại {area}, kỳ {period}{combination}: vế trái {left}, vế phải {right} (cần {left_expr} {operator} {right_expr}).",
                "Rule “{rule}” fails at {area}, {period}{combination}: left side {left}, right side {right} (needs {left_expr} {operator} {right_expr}).",
            )
        });
        let message = Text::new(
            render(&template.vi, &params, Lang::Vi),
            render(&template.en, &params, Lang::En),
        );
        let (l, r) = if pair {
            (None, None)
        } else {
            (left.value, right.value)
        };
        let finding = Finding {
            rule: rule.def.id.clone(),
            severity: ctx.severity_of(&rule.def.id, rule.def.severity),
            category: Category::Consistency,
            record,
            left: l,
            operator: Some(rule.operator),
            right: r,
            legal_basis: Vec::new(),
            message,
            related: None,
        };
        ctx.findings.push(finding);
    }
    Ok(())
}
