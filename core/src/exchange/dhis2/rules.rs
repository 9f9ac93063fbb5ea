//! DHIS2 validation rules as chitieu user rules.
//!
//! A DHIS2 rule compares a left and a right expression over data element
//! references (`#{uid}`, `#{uid.combo}`, `#{uid.*}`); each side has a
//! missing-value strategy, the rule an importance, a period type and
//! organisation unit levels. chitieu's user rules are built on the same
//! semantics, so a rule converts when every data element it names is in
//! the mapping and it uses only arithmetic; anything else (constants,
//! indicators, functions, reporting rates…) is listed with the reason.

use serde::Serialize;

use crate::area::AreaLevel;
use crate::error::{Error, Result, quoted};
use crate::exchange::dhis2::mapping::MappingIndex;
use crate::exchange::dhis2::period::{Dhis2PeriodType, chitieu_type};
use crate::exchange::dhis2::{Dhis2Mapping, ValuePart};
use crate::json_text::ToJson;
use crate::model::DataSet;
use crate::rules::{MissingValues, Severity, SideStrategies, UserRule, UserRuleDef};
use crate::text::Text;

/// DHIS2 validation rules converted: the user rules, and what could not
/// be converted with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Dhis2Rules {
    /// The converted rules, ready for `validate`'s `options.rules`.
    pub rules: Vec<UserRuleDef>,
    /// The rules left as they are.
    pub not_converted: Vec<NotConverted>,
}

/// A DHIS2 rule that was not converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct NotConverted {
    /// Its position (`validationRules[2]`).
    pub path: String,
    /// Its DHIS2 id, if it has one.
    pub id: Option<String>,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// Why, in both languages.
    pub reason: Text,
}

/// One side of a DHIS2 rule.
#[derive(Debug)]
struct Side {
    expression: String,
    missing_value_strategy: Option<String>,
}

/// A DHIS2 validation rule, as metadata exports write it (other fields
/// are DHIS2's own bookkeeping and are not read).
#[derive(Debug)]
struct Dhis2Rule {
    id: Option<String>,
    code: Option<String>,
    name: Option<String>,
    importance: Option<String>,
    operator: String,
    period_type: Option<String>,
    left_side: Side,
    right_side: Side,
    organisation_unit_levels: Vec<u32>,
}

/// Reads the fields of a rule from its JSON (by hand: a serde derive
/// through `serde_json::Value` costs the browser build more than these
/// lines).
fn rule_of(value: &serde_json::Value) -> std::result::Result<Dhis2Rule, Text> {
    let text =
        |v: &serde_json::Value, key: &str| v.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let needed = |v: &serde_json::Value, key: &str| {
        text(v, key).ok_or_else(|| {
            reason(
                format!("quy tắc thiếu `{key}` (chuỗi)"),
                format!("the rule has no `{key}` (a string)"),
            )
        })
    };
    let side = |key: &str| -> std::result::Result<Side, Text> {
        let side = value.get(key).filter(|s| s.is_object()).ok_or_else(|| {
            reason(
                format!("quy tắc thiếu `{key}`"),
                format!("the rule has no `{key}`"),
            )
        })?;
        Ok(Side {
            expression: needed(side, "expression")?,
            missing_value_strategy: text(side, "missingValueStrategy"),
        })
    };
    let levels = match value.get("organisationUnitLevels") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .map(|l| l.as_u64().and_then(|l| u32::try_from(l).ok()))
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| {
                reason(
                    "organisationUnitLevels phải là các số nguyên dương",
                    "organisationUnitLevels must be positive whole numbers",
                )
            })?,
        Some(_) => {
            return Err(reason(
                "organisationUnitLevels phải là một mảng",
                "organisationUnitLevels must be a list",
            ));
        }
    };
    Ok(Dhis2Rule {
        id: text(value, "id"),
        code: text(value, "code"),
        name: text(value, "name"),
        importance: text(value, "importance"),
        operator: needed(value, "operator")?,
        period_type: text(value, "periodType"),
        left_side: side("leftSide")?,
        right_side: side("rightSide")?,
        organisation_unit_levels: levels,
    })
}

/// Converts DHIS2 validation rules (`{"validationRules": [...]}` from the
/// metadata API, or the list itself) into user rules over `data`'s
/// framework through `mapping`. Each converted rule compiles against the
/// framework; the others are in [`Dhis2Rules::not_converted`]. Errors
/// only for a mapping that does not fit (`mapping.…`) or metadata that is
/// not a list of rules (`rules`).
pub fn convert_rules(
    data: &DataSet,
    metadata: &serde_json::Value,
    mapping: &Dhis2Mapping,
) -> Result<Dhis2Rules> {
    let framework = data
        .framework()
        .index()
        .map_err(|e| e.under("framework").under("data"))?;
    let index = MappingIndex::new(mapping, &framework, data.areas())?;
    let (list, prefix) = match metadata {
        serde_json::Value::Array(list) => (list, "rules"),
        serde_json::Value::Object(o) => match o.get("validationRules") {
            Some(serde_json::Value::Array(list)) => (list, "rules.validationRules"),
            _ => return Err(not_rules()),
        },
        _ => return Err(not_rules()),
    };
    let mut out = Dhis2Rules {
        rules: Vec::new(),
        not_converted: Vec::new(),
    };
    for (i, value) in list.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let converted = rule_of(value)
            .and_then(|rule| convert(&rule, &index))
            .and_then(|def| match UserRule::compile(&def, &framework) {
                Ok(_) => Ok(def),
                Err(e) => Err(Text::new(
                    e.message(crate::text::Lang::Vi),
                    e.message(crate::text::Lang::En),
                )),
            });
        match converted {
            Ok(def) => out.rules.push(def),
            Err(reason) => out.not_converted.push(NotConverted {
                path,
                id: text("id"),
                name: text("name"),
                reason,
            }),
        }
    }
    Ok(out)
}

fn not_rules() -> Error {
    Error::invalid(
        "rules",
        (
            "cần siêu dữ liệu DHIS2 {\"validationRules\": [...]} hoặc danh sách quy tắc kiểm tra",
            "expected DHIS2 metadata {\"validationRules\": [...]} or a list of validation rules",
        ),
    )
}

fn reason(vi: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(vi, en)
}

/// One rule converted, or why not.
fn convert(rule: &Dhis2Rule, index: &MappingIndex<'_>) -> std::result::Result<UserRuleDef, Text> {
    let operator = match rule.operator.as_str() {
        "equal_to" => "==",
        "not_equal_to" => "!=",
        "greater_than" => ">",
        "greater_than_or_equal_to" => ">=",
        "less_than" => "<",
        "less_than_or_equal_to" => "<=",
        "compulsory_pair" => "compulsory-pair",
        "exclusive_pair" => "exclusive-pair",
        other => {
            let other = quoted(other);
            return Err(reason(
                format!("toán tử `{other}` không có trong DHIS2"),
                format!("`{other}` is not a DHIS2 operator"),
            ));
        }
    };
    let left = expression(&rule.left_side.expression, index)?;
    let right = expression(&rule.right_side.expression, index)?;
    let severity = match rule.importance.as_deref().unwrap_or("MEDIUM") {
        "HIGH" => Severity::Error,
        "MEDIUM" => Severity::Warning,
        "LOW" => Severity::Info,
        other => {
            let other = quoted(other);
            return Err(reason(
                format!("mức quan trọng `{other}` không có trong DHIS2"),
                format!("`{other}` is not a DHIS2 importance"),
            ));
        }
    };
    let period_types = match rule.period_type.as_deref() {
        None => Vec::new(),
        Some(name) => {
            let kind = Dhis2PeriodType::from_name(name).and_then(chitieu_type);
            vec![kind.ok_or_else(|| {
                let name = quoted(name);
                reason(
                    format!("loại kỳ {name} của DHIS2 không có loại kỳ tương ứng trong chitieu"),
                    format!("the DHIS2 period type {name} has no chitieu period type"),
                )
            })?]
        }
    };
    let area_levels = rule
        .organisation_unit_levels
        .iter()
        .map(|&level| area_level(index.mapping, level))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let id = rule
        .code
        .clone()
        .or_else(|| rule.id.clone())
        .ok_or_else(|| {
            reason(
                "quy tắc không có id hay code",
                "the rule has neither id nor code",
            )
        })?;
    Ok(UserRuleDef {
        id,
        expression: format!("{left} {operator} {right}"),
        severity,
        title: rule.name.as_ref().map(|n| Text::new(n.clone(), n.clone())),
        message: None,
        missing: SideStrategies {
            left: strategy(rule.left_side.missing_value_strategy.as_deref())?,
            right: strategy(rule.right_side.missing_value_strategy.as_deref())?,
        },
        period_types,
        area_levels,
    })
}

fn strategy(name: Option<&str>) -> std::result::Result<MissingValues, Text> {
    // DHIS2's default for a side is SKIP_IF_ALL_VALUES_MISSING.
    match name.unwrap_or("SKIP_IF_ALL_VALUES_MISSING") {
        "SKIP_IF_ALL_VALUES_MISSING" => Ok(MissingValues::SkipIfAllMissing),
        "SKIP_IF_ANY_VALUE_MISSING" => Ok(MissingValues::SkipIfAnyMissing),
        "NEVER_SKIP" => Ok(MissingValues::NeverSkip),
        other => {
            let other = quoted(other);
            Err(reason(
                format!("cách xử lý giá trị thiếu `{other}` không có trong DHIS2"),
                format!("`{other}` is not a DHIS2 missing-value strategy"),
            ))
        }
    }
}

fn area_level(mapping: &Dhis2Mapping, level: u32) -> std::result::Result<AreaLevel, Text> {
    if !mapping.levels.is_empty() {
        return mapping
            .levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| l.area_level)
            .ok_or_else(|| {
                reason(
                    format!("bảng ánh xạ không có cấp đơn vị {level} của DHIS2"),
                    format!("the mapping's levels do not list DHIS2 level {level}"),
                )
            });
    }
    match level {
        1 => Ok(AreaLevel::Country),
        2 => Ok(AreaLevel::Province),
        3 => Ok(AreaLevel::District),
        4 => Ok(AreaLevel::Commune),
        5 => Ok(AreaLevel::Village),
        _ => Err(reason(
            format!("cấp đơn vị {level} của DHIS2 không có cấp địa bàn tương ứng"),
            format!("DHIS2 level {level} has no chitieu area level"),
        )),
    }
}

/// What a character sequence that cannot be converted is, for the reason.
fn what_is(rest: &str) -> (&'static str, &'static str) {
    const KINDS: &[(&str, &str, &str)] = &[
        ("C{", "hằng số (C{…})", "a constant (C{…})"),
        ("I{", "chỉ số DHIS2 (I{…})", "a DHIS2 indicator (I{…})"),
        ("R{", "tỷ lệ báo cáo (R{…})", "a reporting rate (R{…})"),
        (
            "OUG{",
            "nhóm đơn vị (OUG{…})",
            "an organisation unit group (OUG{…})",
        ),
        (
            "D{",
            "phần tử chương trình (D{…})",
            "a program data element (D{…})",
        ),
        (
            "A{",
            "thuộc tính chương trình (A{…})",
            "a program attribute (A{…})",
        ),
        (
            "V{",
            "biến chương trình (V{…})",
            "a program variable (V{…})",
        ),
        (
            "[days]",
            "số ngày của kỳ ([days])",
            "the days of the period ([days])",
        ),
        ("&&", "phép và (&&)", "a logical and (&&)"),
        ("||", "phép hoặc (||)", "a logical or (||)"),
        ("%", "phép chia lấy dư (%)", "a remainder (%)"),
    ];
    for (start, vi, en) in KINDS {
        if rest.starts_with(start) {
            return (vi, en);
        }
    }
    if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return ("hàm", "a function");
    }
    ("ký tự lạ", "an unexpected character")
}

/// The numeric constant starting at `start` (digits, a point, an exponent
/// as DHIS2 writes them: `1e5`, `2.5E-3`), as the rule language's exact
/// text, and where it ends. One the exact numbers cannot hold (`1e400`,
/// `1e-300`) is a reason naming it.
fn constant(chars: &[char], start: usize) -> std::result::Result<(String, usize), Text> {
    let digit = |at: usize| {
        chars
            .get(at)
            .is_some_and(|c| c.is_ascii_digit() || *c == '.')
    };
    let mut end = start;
    while digit(end) {
        end += 1;
    }
    if chars.get(end).is_some_and(|c| matches!(c, 'e' | 'E')) {
        let sign = usize::from(chars.get(end + 1).is_some_and(|c| matches!(c, '+' | '-')));
        if chars.get(end + 1 + sign).is_some_and(char::is_ascii_digit) {
            end += 1 + sign;
            while chars.get(end).is_some_and(char::is_ascii_digit) {
                end += 1;
            }
        }
    }
    let text: String = chars.get(start..end).unwrap_or_default().iter().collect();
    match crate::number::Rational::parse(&text) {
        Ok(value) => Ok((value.to_string(), end)),
        Err(e) => Err(reason(
            format!(
                "hằng số `{}` ở cột {}: {}",
                quoted(&text),
                start + 1,
                e.message(crate::text::Lang::Vi)
            ),
            format!(
                "the constant `{}` at column {}: {}",
                quoted(&text),
                start + 1,
                e.message(crate::text::Lang::En)
            ),
        )),
    }
}

/// A DHIS2 expression in chitieu's rule language.
fn expression(text: &str, index: &MappingIndex<'_>) -> std::result::Result<String, Text> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        match c {
            c if c.is_whitespace() => at += 1,
            '+' | '-' | '*' | '/' | '(' | ')' => {
                out.push(c);
                out.push(' ');
                at += 1;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let (number, end) = constant(&chars, at)?;
                out.push_str(&number);
                at = end;
                out.push(' ');
            }
            '#' if chars.get(at + 1) == Some(&'{') => {
                let close = chars
                    .iter()
                    .skip(at)
                    .position(|&c| c == '}')
                    .map(|p| p + at)
                    .ok_or_else(|| {
                        reason(
                            format!("thiếu `}}` sau cột {}", at + 1),
                            format!("`}}` missing after column {}", at + 1),
                        )
                    })?;
                let inner: String = chars
                    .get(at + 2..close)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                out.push_str(&reference(&inner, index)?);
                out.push(' ');
                at = close + 1;
            }
            _ => {
                let rest: String = chars.get(at..).unwrap_or_default().iter().collect();
                let (vi, en) = what_is(&rest);
                let text = quoted(text);
                return Err(reason(
                    format!(
                        "{vi} ở cột {} của `{text}` không chuyển được sang quy tắc của chitieu",
                        at + 1
                    ),
                    format!(
                        "{en} at column {} of `{text}` cannot be converted to a chitieu rule",
                        at + 1
                    ),
                ));
            }
        }
    }
    Ok(out.trim_end().to_string())
}

fn filters(d: &crate::model::Disaggregation, extra: Option<(&str, &str)>) -> String {
    let mut parts: Vec<String> = d.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if let Some((k, v)) = extra {
        parts.push(format!("{k}={v}"));
    }
    parts.join(", ")
}

/// `#{element}`, `#{element.combo}`, `#{element.*}` or
/// `#{element.combo.attribute}` in chitieu's form. What the reasons quote
/// is cut as errors cut it: a 1 MB uid makes a short reason.
fn reference(inner: &str, index: &MappingIndex<'_>) -> std::result::Result<String, Text> {
    let mut parts = inner.split('.');
    let element = parts.next().unwrap_or_default();
    let combo = parts.next();
    let attribute = parts.next();
    let extra = match attribute {
        None | Some("*") => None,
        Some(a) => match index.attribute(Some(a)) {
            Ok(Some(pair)) => Some(pair),
            Ok(None) => None,
            Err(()) => {
                let (a, inner) = (quoted(a), quoted(inner));
                return Err(reason(
                    format!("bảng ánh xạ không có tổ hợp thuộc tính {a} (trong #{{{inner}}})"),
                    format!("the mapping has no attribute option combo {a} (in #{{{inner}}})"),
                ));
            }
        },
    };
    let entries = index.element_by_uid(element);
    // The element as the reasons below quote it.
    let shown = quoted(element);
    if entries.is_empty() {
        return Err(reason(
            format!("bảng ánh xạ không có phần tử dữ liệu có uid {shown}"),
            format!("the mapping has no data element with uid {shown}"),
        ));
    }
    if entries.iter().any(|t| t.entry.part != ValuePart::Value) {
        return Err(reason(
            format!("{shown} là tử số hay mẫu số của một tỷ lệ; quy tắc chỉ đọc được giá trị"),
            format!("{shown} is a ratio's numerator or denominator; rules read values only"),
        ));
    }
    match combo {
        Some("*") | None
            if entries.len() > 1
                || entries
                    .iter()
                    .any(|t| t.entry.category_option_combo.is_some()) =>
        {
            total_of(element, entries.iter().map(|t| t.entry), extra)
        }
        Some("*") | None => {
            let entry = entries
                .first()
                .map(|t| t.entry)
                .ok_or_else(|| reason("", ""))?;
            Ok(written(
                &entry.indicator,
                &filters(&entry.disaggregation, extra),
            ))
        }
        Some(c) => {
            let target = index.element_by_uids(element, Some(c)).ok_or_else(|| {
                let c = quoted(c);
                reason(
                    format!("bảng ánh xạ không có {shown}.{c}"),
                    format!("the mapping has no {shown}.{c}"),
                )
            })?;
            Ok(written(
                &target.entry.indicator,
                &filters(&target.entry.disaggregation, extra),
            ))
        }
    }
}

fn written(indicator: &str, filters: &str) -> String {
    if filters.is_empty() {
        format!("#{{{indicator}}}")
    } else {
        format!("#{{{indicator} | {filters}}}")
    }
}

/// A data element's total over every combo: `sum` over the dimensions its
/// combos break it down by.
fn total_of<'m>(
    element: &str,
    mut entries: impl Iterator<Item = &'m crate::exchange::dhis2::DataElementMap>,
    extra: Option<(&str, &str)>,
) -> std::result::Result<String, Text> {
    let first = entries.next().ok_or_else(|| reason("", ""))?;
    let dimensions: Vec<&str> = first.disaggregation.iter().map(|(d, _)| d).collect();
    let same = entries.all(|e| {
        e.indicator == first.indicator
            && e.disaggregation.iter().map(|(d, _)| d).collect::<Vec<_>>() == dimensions
    });
    if !same || dimensions.is_empty() {
        let element = quoted(element);
        return Err(reason(
            format!(
                "các tổ hợp của {element} không cùng một chỉ tiêu và cùng các chiều phân tổ, nên tổng của chúng không viết được"
            ),
            format!(
                "the combos of {element} are not one indicator broken down by the same dimensions, so their total cannot be written"
            ),
        ));
    }
    let mut parts: Vec<String> = dimensions.iter().map(|d| format!("{d}=*")).collect();
    if let Some((k, v)) = extra {
        parts.push(format!("{k}={v}"));
    }
    Ok(format!(
        "sum(#{{{} | {}}})",
        first.indicator,
        parts.join(", ")
    ))
}
