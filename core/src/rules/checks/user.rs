//! Running user-defined rules: each side evaluated at every area and
//! period where its indicators were reported, templates once per
//! disaggregation combination.

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};
use crate::model::{Disaggregation, FrameworkIndex};
use crate::number::Rational;
use crate::period::Period;
use crate::rules::context::{Ctx, number, plain};
use crate::rules::expr::{Expr, Filter, MissingValues, Reference};
use crate::rules::finding::{Finding, Operator, Record};
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

/// The most combinations a template may expand to at one area and period.
/// A template names one variable per disaggregation dimension, so this is
/// far above what real breakdowns give (sex × 54 ethnic groups × 6 age
/// groups is 648), while a few hundred bytes of rule cannot ask for
/// billions: a larger expansion is refused, naming the rule and the count.
pub const MAX_COMBINATIONS: u64 = 10_000;

/// Failing combinations listed one by one at one area and period; beyond
/// them one finding counts the rest, so a failing template costs at most
/// this many findings per area and period (and a split run finds the same).
pub const MAX_FAILURES_LISTED: usize = 100;

/// Every combination of categories for the template's variables, from the
/// categories found in one group, walked one at a time (an odometer over
/// the categories' indexes), never all held at once.
struct Combinations {
    /// Each variable's name and categories, in variable-name order.
    options: Vec<(String, Vec<String>)>,
    /// The category indexes of the next combination (`None`: done).
    next: Option<Vec<usize>>,
}

impl Combinations {
    fn new(ctx: &Ctx<'_>, rule: &UserRule, group: &Group) -> Combinations {
        let options: Vec<(String, Vec<String>)> = rule
            .variables
            .iter()
            .map(|(variable, dimension)| (variable.clone(), categories(ctx, group, dimension)))
            .collect();
        // A variable whose dimension was not reported has no category:
        // there is no combination to check.
        let next = options
            .iter()
            .all(|(_, categories)| !categories.is_empty())
            .then(|| vec![0; options.len()]);
        Combinations { options, next }
    }

    /// How many combinations there are (saturating: the count is only
    /// compared with [`MAX_COMBINATIONS`]).
    fn total(&self) -> u64 {
        if self.next.is_none() {
            return 0;
        }
        self.options.iter().fold(1u64, |n, (_, categories)| {
            n.saturating_mul(categories.len() as u64)
        })
    }
}

impl Iterator for Combinations {
    type Item = Bindings;

    fn next(&mut self) -> Option<Bindings> {
        let indexes = self.next.as_mut()?;
        // Variables come in name order: the bindings stay sorted.
        let bindings: Bindings = self
            .options
            .iter()
            .zip(indexes.iter())
            .filter_map(|((variable, categories), &i)| {
                categories.get(i).map(|c| (variable.clone(), c.clone()))
            })
            .collect();
        // The last variable turns fastest, as nested loops would.
        let mut done = true;
        for ((_, categories), i) in self.options.iter().zip(indexes.iter_mut()).rev() {
            *i += 1;
            if *i < categories.len() {
                done = false;
                break;
            }
            *i = 0;
        }
        if done {
            self.next = None;
        }
        Some(bindings)
    }
}

/// The categories of `dimension` reported in `group`, sorted, each once.
fn categories(ctx: &Ctx<'_>, group: &Group, dimension: &str) -> Vec<String> {
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
    seen
}

/// Observations of the indicators `rule` names, grouped by (area, period)
/// in area then period order: sorted rows grouped, not a map (whose code
/// costs the browser module more).
fn groups(ctx: &Ctx<'_>, rule: &UserRule) -> Vec<((usize, Period), Group)> {
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
    groups
}

/// Whether the rule checks `area` and `period` (its area levels and
/// period types; all when it names none).
fn in_scope(ctx: &Ctx<'_>, rule: &UserRule, area: usize, period: Period) -> bool {
    let level = ctx.checked.areas.get(area).map(|a| a.level);
    let levels = &rule.def.area_levels;
    let types = &rule.def.period_types;
    (levels.is_empty() || level.is_some_and(|l| levels.contains(&l)))
        && (types.is_empty() || types.contains(&period.period_type()))
}

/// The two sides at one combination, when the rule fails there.
fn failure(
    ctx: &Ctx<'_>,
    rule: &UserRule,
    group: &Group,
    bindings: &Bindings,
) -> Option<(Side, Side)> {
    let framework = &ctx.checked.framework;
    let left = side(ctx, &rule.left, group, bindings, framework);
    let right = side(ctx, &rule.right, group, bindings, framework);
    let violated = match rule.operator {
        Operator::CompulsoryPair => (left.present > 0) != (right.present > 0),
        Operator::ExclusivePair => left.present > 0 && right.present > 0,
        op => {
            let skipped =
                left.skipped(rule.def.missing.left) || right.skipped(rule.def.missing.right);
            match (skipped, left.value, right.value) {
                (false, Some(l), Some(r)) => !op.holds(l, r),
                _ => false, // skipped, or undefined (division by zero): nothing to compare
            }
        }
    };
    violated.then_some((left, right))
}

/// The error for a template that expands to more than
/// [`MAX_COMBINATIONS`] at one area and period.
fn too_many(ctx: &Ctx<'_>, rule: &UserRule, place: (usize, Period), count: u64) -> Error {
    let index = ctx.options.rules.iter().position(|r| r.id == rule.def.id);
    let path = index.map_or_else(
        || "options.rules".to_string(),
        |i| format!("options.rules[{i}].expression"),
    );
    let area = ctx.area_name(place.0);
    let (id, period) = (&rule.def.id, place.1);
    let count = number(Rational::from(count));
    let limit = number(Rational::from(MAX_COMBINATIONS));
    Error::invalid(
        path,
        (
            format!(
                "quy tắc mẫu «{id}» tạo ra {} tổ hợp phân tổ tại {}, kỳ {period}, quá giới hạn {}: dùng ít biến hơn, hoặc cố định một số phân tổ",
                count.vi, area.vi, limit.vi
            ),
            format!(
                "the template rule `{id}` expands to {} disaggregation combinations at {}, {period}, over the limit of {}: use fewer variables, or fix some categories",
                count.en, area.en, limit.en
            ),
        ),
    )
}

pub(crate) fn run(ctx: &mut Ctx<'_>, rule: &UserRule) -> Result<()> {
    for ((area, period), group) in groups(ctx, rule) {
        if !in_scope(ctx, rule, area, period) {
            continue;
        }
        let combinations = Combinations::new(ctx, rule, &group);
        let count = combinations.total();
        if count > MAX_COMBINATIONS {
            return Err(too_many(ctx, rule, (area, period), count));
        }
        let place = Place {
            area,
            period,
            group: &group,
        };
        let mut listed = 0;
        // The first failure past the listed ones, and how many there are.
        let mut rest: Option<(Record, u64)> = None;
        for bindings in combinations {
            let Some((left, right)) = failure(ctx, rule, &group, &bindings) else {
                continue;
            };
            if listed < MAX_FAILURES_LISTED {
                listed += 1;
                emit_failure(ctx, rule, &place, &bindings, (&left, &right));
            } else if let Some((_, count)) = &mut rest {
                *count += 1;
            } else {
                rest = Some((
                    failure_record(ctx, rule, &place, &bindings, (&left, &right)),
                    1,
                ));
            }
        }
        if let Some((record, count)) = rest {
            emit_rest(ctx, rule, &place, record, count);
        }
    }
    Ok(())
}

/// Where a rule failed: an area and period, and its observations.
struct Place<'g> {
    area: usize,
    period: Period,
    group: &'g Group,
}

/// The first observation of the group (in input order), for a finding's
/// record when no side found one.
fn first_of(group: &Group) -> usize {
    group.values().flatten().min().copied().unwrap_or(0)
}

/// The record of a failure: the first observation a side found (else the
/// group's first), with the combination as its disaggregation.
fn failure_record(
    ctx: &Ctx<'_>,
    rule: &UserRule,
    place: &Place<'_>,
    bindings: &Bindings,
    (left, right): (&Side, &Side),
) -> Record {
    let first_obs = left
        .first
        .or(right.first)
        .unwrap_or_else(|| first_of(place.group));
    let mut record = ctx.observation(first_obs);
    let mut disaggregation = Disaggregation::total();
    for (variable, category) in bindings {
        if let Some((_, dim)) = rule.variables.iter().find(|(v, _)| v == variable) {
            disaggregation.insert(dim.clone(), category.clone());
        }
    }
    record.disaggregation = (!disaggregation.is_empty()).then_some(disaggregation.clone());
    record
}

fn emit_failure(
    ctx: &mut Ctx<'_>,
    rule: &UserRule,
    place: &Place<'_>,
    bindings: &Bindings,
    (left, right): (&Side, &Side),
) {
    let record = failure_record(ctx, rule, place, bindings, (left, right));
    let combination = match &record.disaggregation {
        Some(d) => plain(format!(" [{d}]")),
        None => plain(""),
    };
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
    let params = [
        ("rule", plain(&rule.def.id)),
        ("area", ctx.area_name(place.area)),
        ("period", plain(place.period)),
        ("combination", combination),
        ("left", show(left, pair)),
        ("right", show(right, pair)),
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
    let compared = (!pair).then_some((left.value, right.value));
    push(ctx, rule, record, &template, &params, compared);
}

/// One finding for the failing combinations past [`MAX_FAILURES_LISTED`]
/// at one area and period.
fn emit_rest(ctx: &mut Ctx<'_>, rule: &UserRule, place: &Place<'_>, record: Record, rest: u64) {
    let from = match &record.disaggregation {
        Some(d) => plain(format!(" [{d}]")),
        None => plain(""),
    };
    let params = [
        ("rule", plain(&rule.def.id)),
        ("area", ctx.area_name(place.area)),
        ("period", plain(place.period)),
        ("count", number(Rational::from(rest))),
        ("listed", number(Rational::from(MAX_FAILURES_LISTED as u64))),
        ("from", from),
    ];
    let template = Text::new(
        "Quy tắc «{rule}» còn không thỏa mãn ở {count} tổ hợp phân tổ khác tại {area}, kỳ {period}, từ{from} (chỉ liệt kê {listed} tổ hợp đầu).",
        "Rule “{rule}” also fails for {count} more disaggregation combinations at {area}, {period}, from{from} on (only the first {listed} are listed).",
    );
    push(ctx, rule, record, &template, &params, None);
}

fn push(
    ctx: &mut Ctx<'_>,
    rule: &UserRule,
    record: Record,
    template: &Text,
    params: &[(&str, Text)],
    compared: Option<(Option<Rational>, Option<Rational>)>,
) {
    let message = Text::new(
        render(&template.vi, params, Lang::Vi),
        render(&template.en, params, Lang::En),
    );
    let (left, right) = compared.unwrap_or((None, None));
    ctx.findings.push(Finding {
        rule: rule.def.id.clone(),
        severity: ctx.severity_of(&rule.def.id, rule.def.severity),
        category: Category::Consistency,
        record,
        left,
        operator: Some(rule.operator),
        right,
        legal_basis: Vec::new(),
        message,
        related: None,
    });
}
