//! The rule catalogue, its documentation and the sample report agree.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::rules::{ValidateOptions, catalogue, validate};
use chitieu::{DataSet, io::json, period::parse_date};

#[test]
fn every_rule_is_documented_with_its_severity_and_locality() {
    let doc = include_str!("../docs/rules.md");
    for rule in catalogue() {
        let severity = serde_json::to_value(rule.severity).unwrap();
        let locality = serde_json::to_value(rule.locality).unwrap();
        let row = format!(
            "| `{}` | {} | {} |",
            rule.id,
            severity.as_str().unwrap(),
            locality.as_str().unwrap()
        );
        assert!(doc.contains(&row), "rules.md lacks {row}");
    }
    let ids: Vec<String> = catalogue().into_iter().map(|r| r.id).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
}

#[test]
fn every_message_is_bilingual_and_nfc() {
    for rule in catalogue() {
        for text in [&rule.title, &rule.message] {
            assert!(!text.vi.is_empty() && !text.en.is_empty(), "{}", rule.id);
            assert_ne!(text.vi, text.en, "{} is not translated", rule.id);
            // Vietnamese in NFC has no combining marks (U+0300–U+036F).
            assert!(
                !text
                    .vi
                    .chars()
                    .any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
                "{} is not NFC",
                rule.id
            );
        }
    }
}

#[test]
fn sample_report_finds_what_it_was_made_with() {
    let data: DataSet = json::from_str(include_str!("../data/sample-report.json")).unwrap();
    let as_of = parse_date("2024-12-31").unwrap();
    let report = validate(&data, as_of, &ValidateOptions::default()).unwrap();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "consistency.parent-total",
            "consistency.stock-drop",
            "value.negative",
            "value.non-integer",
            "reporting.unknown-indicator",
            "consistency.disaggregation-total",
            "legal.savings-and-loan",
            "eligibility.area",
            "eligibility.no-beneficiaries",
            "plan.approved-late",
        ]
    );
    let legal = &report.findings[6];
    assert_eq!(legal.legal_basis[0].document, "32/2024/QH15");
}

#[test]
fn findings_do_not_depend_on_observation_order() {
    let data: DataSet = json::from_str(include_str!("../data/sample-report.json")).unwrap();
    let as_of = parse_date("2024-12-31").unwrap();
    let before = validate(&data, as_of, &ValidateOptions::default()).unwrap();
    let mut reversed: Vec<_> = data.observations().map(|o| o.to_observation()).collect();
    reversed.reverse();
    let data = data.without_observations().with_observations(reversed);
    let after = validate(&data, as_of, &ValidateOptions::default()).unwrap();
    let key = |r: &chitieu::rules::ValidationReport| {
        let mut v: Vec<(String, String)> = r
            .findings
            .iter()
            .map(|f| (f.rule.clone(), f.message.en.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&before), key(&after));
}

/// No rule text makes the parser panic: every prefix of real rules, and
/// pseudo-random strings over the language's alphabet.
#[test]
fn rule_parser_never_panics() {
    let rules = [
        "#{A | sex=$s, ethnicity=$e} <= #{B | sex=$s, ethnicity=$e} * 2",
        "sum(#{A | sex=*}) == #{A} compulsory-pair exclusive-pair",
        "((1.5 / 0) - -#{X}) ≥ ≤ ≠ × ÷ $ * { } | , =",
    ];
    for rule in rules {
        for end in 0..=rule.chars().count() {
            let prefix: String = rule.chars().take(end).collect();
            let _ = chitieu::rules::Expr::parse_rule(&prefix);
        }
    }
    let alphabet: Vec<char> = "#{}|,=$*()+-×÷/<>=!≤≥≠ 0123456789.aAsumé\u{301}\n\t"
        .chars()
        .collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        let len = (state % 40) as usize;
        let text: String = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect();
        let _ = chitieu::rules::Expr::parse_rule(&text);
    }
}

/// How an error-severity rule stands to the figures: its row can never
/// reach one (`Gate::Row`, with an observation that breaks it), or it
/// judges something that is not one row's figure.
enum Gate {
    /// The observation (after a valid one of `CNT` at `P1` in 2023) that
    /// breaks the rule: strict computations refuse it at its path,
    /// `invalid: exclude` leaves it out and lists it.
    Row(serde_json::Value),
    /// Why the rule's findings do not decide whether a row counts.
    Relation(&'static str),
}

/// Every error-severity rule of the catalogue, with how it gates figures:
/// a new error rule fails [`no_error_rule_lets_its_row_reach_a_figure`]
/// until it is placed here.
fn gate(id: &str) -> Option<Gate> {
    use serde_json::json;
    let row = |o: serde_json::Value| Some(Gate::Row(o));
    let relation = |why: &'static str| Some(Gate::Relation(why));
    match id {
        "value.negative" => {
            row(json!({"indicator": "CNT", "area": "P2", "period": "2023", "value": -5}))
        }
        "value.non-integer" => {
            row(json!({"indicator": "CNT", "area": "P2", "period": "2023", "value": "7.5"}))
        }
        "value.numerator-above-denominator" => {
            row(json!({"indicator": "RAT", "area": "P2", "period": "2023",
            "numerator": 5, "denominator": 4}))
        }
        "value.percent-range" => {
            row(json!({"indicator": "PCT", "area": "P2", "period": "2023", "value": 104}))
        }
        "value.shape" => {
            row(json!({"indicator": "RAT", "area": "P2", "period": "2023", "numerator": 5}))
        }
        "reporting.unknown-indicator" => {
            row(json!({"indicator": "NOPE", "area": "P2", "period": "2023", "value": 1}))
        }
        "reporting.unknown-area" => {
            row(json!({"indicator": "CNT", "area": "ZZ", "period": "2023", "value": 1}))
        }
        "reporting.duplicate" => {
            row(json!({"indicator": "CNT", "area": "P1", "period": "2023", "value": 9}))
        }
        "reporting.outside-phase" => {
            relation("a period outside every phase is in no roll-up window")
        }
        "consistency.parent-total"
        | "consistency.disaggregation-total"
        | "consistency.sub-measure"
        | "consistency.cumulative-decrease" => {
            relation("compares valid figures with each other: no one row is the wrong one")
        }
        "legal.savings-and-loan" | "eligibility.area" | "plan.allocation-sum" => {
            relation("judges activities or plans, not observations")
        }
        _ => None,
    }
}

/// The test framework of the conformance cases with one valid observation
/// (`CNT` at `P1` in 2023: 3) and `breaking` after it.
fn gate_data(breaking: &serde_json::Value) -> DataSet {
    let case: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/cases/user-rule-template-fires.json"
    ))
    .unwrap();
    let mut data = case["request"]["data"].clone();
    data["observations"] = serde_json::json!([
        {"indicator": "CNT", "area": "P1", "period": "2023", "value": 3}, breaking]);
    json::from_value(&data, "$").unwrap()
}

#[test]
fn no_error_rule_lets_its_row_reach_a_figure() {
    use chitieu::model::InvalidData;
    let as_of = parse_date("2023-12-31").unwrap();
    let mut gates = 0;
    for rule in catalogue() {
        if rule.severity != chitieu::rules::Severity::Error {
            continue;
        }
        let Some(gate) = gate(&rule.id) else {
            panic!("error rule {} is not placed in the gate table", rule.id);
        };
        let breaking = match gate {
            Gate::Row(breaking) => breaking,
            Gate::Relation(why) => {
                assert!(!why.is_empty(), "{} needs its reason", rule.id);
                continue;
            }
        };
        gates += 1;
        let data = gate_data(&breaking);
        // Validation reports it at the row, as an error…
        let report = validate(&data, as_of, &ValidateOptions::default()).unwrap();
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == rule.id && f.record.path == "observations[1]"),
            "{} not reported at observations[1]",
            rule.id
        );
        // …a strict computation refuses it there…
        let refused = data.check().unwrap_err();
        assert!(
            refused.path().starts_with("observations[1]"),
            "{}: {}",
            rule.id,
            refused.path()
        );
        let rolled = chitieu::progress::rollup(
            &data.check_with(InvalidData::Exclude).unwrap().0,
            as_of,
            None,
            None,
        );
        // …and leaving invalid rows out lists it and counts only the valid one.
        let (checked, excluded) = data.check_with(InvalidData::Exclude).unwrap();
        let excluded = excluded.unwrap();
        assert_eq!(excluded.total, 1, "{}", rule.id);
        let listed: Vec<&String> = excluded.by_reason.values().flat_map(|g| &g.first).collect();
        assert_eq!(listed, ["observations[1]"], "{}", rule.id);
        assert_eq!(
            checked.usable().map(|(i, ..)| i).collect::<Vec<_>>(),
            [0],
            "{}",
            rule.id
        );
        assert!(rolled.is_ok(), "{}: {:?}", rule.id, rolled.err());
    }
    assert_eq!(gates, 8);
}
