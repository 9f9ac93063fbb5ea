//! Structured inputs for the structure-aware targets: `arbitrary` picks
//! observations over a small synthetic set-up (real indicators and areas,
//! plus codes that do not exist), so most inputs reach the rules and the
//! roll-up instead of failing in the JSON reader.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use chitieu::model::{AreaAggregation, Observation};
use chitieu::{DataSet, Error, Lang, NumberFormat};

/// The set-up every input is built on: Project 8's built-in framework
/// over a small tree (the country, 2 provinces, 4 communes, 4 villages),
/// small so that each run is quick.
pub fn base() -> &'static DataSet {
    static BASE: OnceLock<DataSet> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut areas = vec![area("VN", "country", None)];
        for p in ["P1", "P2"] {
            areas.push(area(p, "province", Some("VN")));
            for c in ["C1", "C2"] {
                let commune = format!("{p}-{c}");
                areas.push(area(&commune, "commune", Some(p)));
                areas.push(area(&format!("{commune}-V1"), "village", Some(&commune)));
            }
        }
        let areas = chitieu::io::json::from_str(&format!("[{}]", areas.join(",")))
            .expect("the small tree reads");
        chitieu::builtin::project8()
            .expect("the built-in data set loads")
            .without_observations()
            .with_areas(areas)
    })
}

/// The framework's indicator codes, in framework order.
pub fn indicators() -> &'static [String] {
    static CODES: OnceLock<Vec<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        let index = base().framework().index().expect("the base indexes");
        index
            .entries()
            .map(|e| e.indicator.code.to_string())
            .collect()
    })
}

fn area(code: &str, level: &str, parent: Option<&str>) -> String {
    let parent = parent
        .map(|p| format!(",\"parent\":\"{p}\""))
        .unwrap_or_default();
    format!(
        "{{\"code\":\"{code}\",\"name\":{{\"vi\":\"Vùng {code}\",\"en\":\"Area {code}\"}},\"level\":\"{level}\"{parent}}}"
    )
}

/// Periods the rows choose from: every type, overlaps and phase edges.
const PERIODS: &[&str] = &[
    "2021",
    "2022",
    "2023",
    "2024",
    "2025",
    "2026",
    "2020",
    "2023Q1",
    "2023Q4",
    "2024Q2",
    "2024S1",
    "2024S2",
    "202403",
    "2024-03-15",
    "2021-2023",
    "2021-2025",
    "2024-01-01/2024-06-30",
];

const DIMENSIONS: &[&str] = &["sex", "ethnicity", "age-group", "giới tính"];
const CATEGORIES: &[&str] = &["female", "male", "hmong", "dao", "nữ", "15-24"];
const SOURCES: &[&str] = &[
    "",
    "Báo cáo 2024",
    "=HYPERLINK(\"x\")",
    "a,b\n\"c\"",
    "+cmd|' /C calc'!A0",
];

/// A number as the contract reads it: integers, decimals and fractions,
/// small and near the edges of what is accepted.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Number {
    Small(i8),
    Int(i32),
    Wide(i64),
    Decimal(i32, u8),
    Fraction(i16, u8),
}

impl Number {
    fn json(self) -> String {
        match self {
            Number::Small(n) => n.to_string(),
            Number::Int(n) => n.to_string(),
            Number::Wide(n) => n.to_string(),
            Number::Decimal(n, places) => {
                let places = u32::from(places % 6);
                let unit = 10i64.pow(places);
                let n = i64::from(n);
                let sign = if n < 0 { "-" } else { "" };
                if places == 0 {
                    n.to_string()
                } else {
                    let a = n.unsigned_abs();
                    format!(
                        "\"{sign}{}.{:0width$}\"",
                        a / unit as u64,
                        a % unit as u64,
                        width = places as usize
                    )
                }
            }
            Number::Fraction(n, d) => format!("\"{n}/{}\"", u16::from(d) + 1),
        }
    }
}

/// One observation, as choices among the set-up's codes.
#[derive(Arbitrary, Debug, Clone)]
pub struct Row {
    indicator: u8,
    area: u8,
    period: u8,
    value: Option<Number>,
    parts: Option<(Number, Number)>,
    breakdown: Option<(u8, u8)>,
    qualifier: Option<bool>,
    source: u8,
    status: u8,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(usize::from(i) % list.len()).copied().unwrap_or("")
}

impl Row {
    fn json(&self, indicators: &[String], areas: &[String]) -> String {
        // One choice past the end of each list is a code that does not exist.
        let indicator = indicators.get(usize::from(self.indicator) % (indicators.len() + 1));
        let area = areas.get(usize::from(self.area) % (areas.len() + 1));
        let mut out = format!(
            "{{\"indicator\":\"{}\",\"area\":\"{}\",\"period\":\"{}\"",
            indicator.map_or("P8.NOT_THERE", String::as_str),
            area.map_or("VN-99", String::as_str),
            pick(PERIODS, self.period)
        );
        if let Some(v) = self.value {
            out.push_str(&format!(",\"value\":{}", v.json()));
        }
        if let Some((n, d)) = self.parts {
            out.push_str(&format!(
                ",\"numerator\":{},\"denominator\":{}",
                n.json(),
                d.json()
            ));
        }
        if let Some((d, c)) = self.breakdown {
            out.push_str(&format!(
                ",\"disaggregation\":{{\"{}\":\"{}\"}}",
                pick(DIMENSIONS, d),
                pick(CATEGORIES, c)
            ));
        }
        if let Some(more) = self.qualifier {
            out.push_str(if more {
                ",\"qualifier\":\"more-than\""
            } else {
                ",\"qualifier\":\"about\""
            });
        }
        let source = pick(SOURCES, self.source);
        if !source.is_empty() {
            out.push_str(&format!(",\"source\":{}", serde_json_string(source)));
        }
        match self.status % 4 {
            1 => out.push_str(",\"status\":\"draft\""),
            2 => out.push_str(",\"status\":\"approved\""),
            _ => {}
        }
        out.push('}');
        out
    }
}

fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A user rule over the framework's indicators: `left op right`, each
/// side a short sum, difference or product of references and numbers.
#[derive(Arbitrary, Debug, Clone)]
pub struct RuleShape {
    left: Vec<(u8, u8)>,
    op: u8,
    right: Vec<(u8, u8)>,
    missing: u8,
}

const OPERATORS: &[&str] = &["<", "<=", "==", "!=", ">=", ">"];
const JOINS: &[&str] = &[" + ", " - ", " * ", " / "];

impl RuleShape {
    fn side(terms: &[(u8, u8)], indicators: &[String]) -> String {
        let mut out = String::new();
        for (i, (join, term)) in terms.iter().take(6).enumerate() {
            if i > 0 {
                out.push_str(pick(JOINS, *join));
            }
            match indicators.get(usize::from(*term) % (indicators.len() + 3)) {
                Some(code) => out.push_str(&format!("#{{{code}}}")),
                None => out.push_str(&(term % 7).to_string()),
            }
        }
        if out.is_empty() { "0".to_string() } else { out }
    }

    /// The rule as the validation options read it.
    pub fn json(&self, indicators: &[String]) -> String {
        let expression = format!(
            "{} {} {}",
            RuleShape::side(&self.left, indicators),
            pick(OPERATORS, self.op),
            RuleShape::side(&self.right, indicators)
        );
        let missing = pick(
            &["skip-if-any-missing", "never-skip", "skip-if-all-missing"],
            self.missing,
        );
        format!(
            "{{\"id\":\"fuzz\",\"expression\":{},\"missing\":{{\"left\":\"{missing}\",\"right\":\"{missing}\"}}}}",
            serde_json_string(&expression)
        )
    }
}

/// A whole input: observations, an optional user rule and an as-of date.
#[derive(Arbitrary, Debug, Clone)]
pub struct Input {
    /// The observations.
    pub rows: Vec<Row>,
    /// A user rule for the validation.
    pub rule: Option<RuleShape>,
    /// Days after 2021-01-01 (wrapped to about seven years).
    pub as_of: u16,
}

impl Input {
    /// The observations as a JSON array.
    pub fn observations_json(&self) -> String {
        let base = base();
        let indicators = indicators();
        let areas: Vec<String> = base.areas().iter().map(|a| a.code.to_string()).collect();
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| r.json(indicators, &areas))
            .collect();
        format!("[{}]", rows.join(","))
    }

    /// The validation options: the default, or with the user rule.
    pub fn options_json(&self) -> String {
        match &self.rule {
            Some(rule) => format!("{{\"rules\":[{}]}}", rule.json(indicators())),
            None => "{}".to_string(),
        }
    }

    /// The as-of date, `YYYY-MM-DD`.
    pub fn as_of(&self) -> chrono::NaiveDate {
        let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date");
        start + chrono::Days::new(u64::from(self.as_of % 2600))
    }
}

fn documented(e: &Error) {
    assert!(
        chitieu::error::codes().contains(&e.code()),
        "undocumented code {}",
        e.code()
    );
    for lang in [Lang::Vi, Lang::En] {
        let message = e.message(lang);
        assert!(
            !message.is_empty() && message.len() < 8_000,
            "{} bytes",
            message.len()
        );
    }
}

fn round_trips(rows: &[Observation], format: Option<NumberFormat>) {
    // The framework and areas are the same on every input: only the
    // observations are written and read back.
    let json = chitieu::io::json::to_string(&rows).expect("observations that were read write");
    let again: Vec<Observation> =
        chitieu::io::json::from_str(&json).expect("written JSON reads back");
    assert_eq!(again, rows);
    let Some(format) = format else { return };
    match chitieu::io::csv::write_observations(rows, format) {
        Ok(csv) => {
            let back =
                chitieu::io::csv::read_observations(&csv, format).expect("written CSV reads back");
            assert_eq!(back, rows);
        }
        Err(e) => documented(&e),
    }
}

fn sums_hold(data: &DataSet, rollup: &chitieu::progress::Rollup) {
    let parent: BTreeMap<&str, Option<&str>> = data
        .areas()
        .iter()
        .map(|a| (a.code.as_str(), a.parent.as_ref().map(|p| p.as_str())))
        .collect();
    let index = data.framework().index().expect("the base indexes");
    for indicator in &rollup.indicators {
        let Some(entry) = index.get(&indicator.indicator) else {
            continue;
        };
        if entry.indicator.measure.area_aggregation() != AreaAggregation::Sum {
            continue;
        }
        for row in &indicator.rows {
            let Some(children) = row.children else {
                continue;
            };
            let sum = indicator
                .rows
                .iter()
                .filter(|r| {
                    parent.get(r.area.as_str()).copied().flatten() == Some(row.area.as_str())
                })
                .try_fold(chitieu::Rational::ZERO, |acc, r| {
                    acc.checked_add(r.aggregate.value)
                });
            if let Some(sum) = sum {
                assert_eq!(
                    sum, children.value,
                    "{} at {}",
                    indicator.indicator, row.area
                );
            }
        }
    }
}

/// Runs every check on one input (panics on a broken invariant).
pub fn check(input: &Input) {
    let rows: Vec<Observation> = match chitieu::io::json::from_str(&input.observations_json()) {
        Ok(rows) => rows,
        Err(e) => return documented(&e),
    };
    // Building a CSV reader costs more than the rest of a small input: one
    // input in four goes through CSV (the csv target covers it fully).
    match input.as_of % 8 {
        0 => round_trips(&rows, Some(NumberFormat::Vi)),
        1 => round_trips(&rows, Some(NumberFormat::En)),
        _ => round_trips(&rows, None),
    }
    let data = base().clone().with_observations(rows.clone());
    let as_of = input.as_of();
    let options: chitieu::rules::ValidateOptions =
        match chitieu::io::json::from_str(&input.options_json()) {
            Ok(options) => options,
            Err(e) => return documented(&e),
        };
    match chitieu::rules::validate(&data, as_of, &options) {
        Ok(report) => {
            chitieu::io::json::to_string(&report).expect("a report writes");
        }
        Err(e) => documented(&e),
    }
    let checked = match data.check() {
        Ok(checked) => checked,
        Err(e) => return documented(&e),
    };
    let rollup = chitieu::progress::rollup(&checked, as_of, None, None);
    let reversed = base()
        .clone()
        .with_observations(rows.into_iter().rev().collect());
    let reversed_checked = reversed
        .check()
        .expect("the same rows in another order check");
    let again = chitieu::progress::rollup(&reversed_checked, as_of, None, None);
    match (rollup, again) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "row order changed the roll-up");
            sums_hold(&data, &a);
        }
        (Err(a), Err(b)) => {
            documented(&a);
            assert_eq!(a.code(), b.code());
        }
        (a, b) => panic!(
            "row order changed the outcome: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    }
}
