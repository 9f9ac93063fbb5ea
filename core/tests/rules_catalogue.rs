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
