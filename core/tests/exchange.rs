//! Exchange with DHIS2 and IATI: the Project 8 results file checked against
//! the IATI 2.03 schema, DHIS2 files that survive a round trip whatever
//! they hold, and DHIS2 rules that fire once converted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chitieu::exchange::dhis2::{
    self, DataValue, DataValueSet, Dhis2Format, Dhis2Mapping, Dhis2Source, ExportOptions,
};
use chitieu::model::InvalidData;
use chitieu::rules::ValidateOptions;
use chitieu::{DataSet, Rational};
use proptest::prelude::*;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The test framework and areas of the conformance cases (CNT, CUM, RAT,
/// COV, PCT, W, T; VN with provinces P1, P2 and villages).
fn test_data() -> DataSet {
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repository().join("tests/cases/user-rule-canonical.json"))
            .unwrap(),
    )
    .unwrap();
    serde_json::from_value(case["request"]["data"].clone()).unwrap()
}

const ACTIVITY: &str = r#"{"identifier": "VN-WU-NTP-EM-P8",
  "reporting_org": {"ref": "VN-WU", "type": "22", "name": {"vi": "Hội Liên hiệp Phụ nữ Việt Nam", "en": "Viet Nam Women's Union"}},
  "description": {"vi": "Dự án 8: bình đẳng giới", "en": "Project 8: gender equality"},
  "participating_orgs": [{"role": "4", "type": "22", "name": {"vi": "Hội Liên hiệp Phụ nữ Việt Nam", "en": "Viet Nam Women's Union"}}]}"#;

fn project8_iati() -> String {
    let request = format!(
        r#"{{"version": 1, "op": "write-iati", "builtin": "project8", "as_of": "2023-12-31", "activity": {ACTIVITY}}}"#
    );
    let response = chitieu::evaluate(&request).unwrap().to_value().unwrap();
    response["result"]["xml"].as_str().unwrap().to_string()
}

/// `xmllint`'s verdict on `xml` against the IATI activities schema, or
/// `None` where xmllint is not installed (never in CI: the test command
/// installs it).
fn schema_check(xml: &str, name: &str) -> Option<(bool, String)> {
    let file = std::env::temp_dir().join(format!("chitieu-{}-{name}.xml", std::process::id()));
    std::fs::write(&file, xml).unwrap();
    let schema = repository().join("tests/iati/iati-activities-schema.xsd");
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output();
    let _ = std::fs::remove_file(&file);
    match output {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Err(_) if std::env::var_os("CI").is_none() => None,
        Err(e) => panic!("xmllint is needed in CI (apt install libxml2-utils): {e}"),
    }
}

#[test]
fn project8_results_pass_the_iati_schema() {
    let xml = project8_iati();
    let Some((valid, log)) = schema_check(&xml, "p8") else {
        eprintln!("xmllint not installed: schema check skipped outside CI");
        return;
    };
    assert!(valid, "{log}");
    // The check bites: without its required status the activity is refused.
    let broken = xml.replace("<activity-status code=\"2\"/>", "");
    let (valid, log) = schema_check(&broken, "broken").unwrap();
    assert!(!valid);
    assert!(
        log.contains("activity-status") || log.contains("activity-date"),
        "{log}"
    );
    // Elements out of the schema's order are refused too.
    let swapped = xml.replacen("<reference vocabulary=\"99\" code=\"P8.CCG\"/>", "", 1);
    let swapped = swapped.replacen(
        "<period>",
        "<reference vocabulary=\"99\" code=\"P8.CCG\"/>\n<period>",
        2,
    );
    assert!(!schema_check(&swapped, "order").unwrap().0);
}

#[test]
fn project8_results_carry_the_article_figures() {
    let xml = project8_iati();
    // Community communication groups: 7,623 of 9,000 for the phase, as of
    // the end of 2023, and the 2024 target of 1,377.
    let ccg = &xml[xml.find("code=\"P8.CCG\"").unwrap()..];
    let ccg = &ccg[..ccg.find("</indicator>").unwrap()];
    let phase = ccg.find("<period-end iso-date=\"2025-12-31\"/>").unwrap();
    assert!(ccg[phase..].starts_with(
        "<period-end iso-date=\"2025-12-31\"/>\n          <target value=\"9000\"/>\n          <actual value=\"7623\">"
    ));
    assert!(ccg.contains("<target value=\"1377\"/>"));
    // Coverage of safe motherhood: 10 of 10 provinces.
    let safe = &xml[xml.find("code=\"P8.SAFE_MOTHERHOOD\"").unwrap()..];
    assert!(safe[..safe.find("</indicator>").unwrap()].contains("<actual value=\"10\">"));
    // Titles in both languages, Vietnamese first (the activity's language).
    assert!(xml.contains("<iati-activity xml:lang=\"vi\""));
    assert!(xml.contains("<narrative>Tổ truyền thông cộng đồng thành lập và duy trì</narrative>"));
    assert!(xml.contains("<narrative xml:lang=\"en\">Community communication groups established and maintained</narrative>"));
    // In the schema's order inside each indicator: title, reference, baseline, periods.
    for indicator in xml.split("<indicator ").skip(1) {
        let at = |tag: &str| indicator.find(tag).unwrap_or(usize::MAX);
        assert!(at("<title>") < at("<reference ") && at("<reference ") < at("<period>"));
    }
}

// --- DHIS2 round trips ---------------------------------------------------

/// The mapping of the generated files: each indicator, its breakdowns and
/// parts; three units.
fn mapping() -> Dhis2Mapping {
    serde_json::from_str(
        r#"{"data_elements": [
        {"uid": "cum", "indicator": "CUM"},
        {"uid": "cum", "category_option_combo": {"uid": "f"}, "indicator": "CUM", "disaggregation": {"sex": "female"}},
        {"uid": "cum", "category_option_combo": {"uid": "m"}, "indicator": "CUM", "disaggregation": {"sex": "male"}},
        {"uid": "cnt", "indicator": "CNT"},
        {"uid": "pct", "indicator": "PCT"},
        {"uid": "num", "indicator": "RAT", "part": "numerator"},
        {"uid": "den", "indicator": "RAT", "part": "denominator"},
        {"uid": "cov", "indicator": "COV"},
        {"uid": "cov", "category_option_combo": {"uid": "all"}, "indicator": "COV", "part": "denominator"}],
      "org_units": [{"uid": "vn", "area": "VN"}, {"uid": "p1", "area": "P1"}, {"uid": "p2", "area": "P2"}],
      "attribute_option_combo": {"dimension": "funding", "options": [{"uid": "state", "category": "state"}]}}"#,
    )
    .unwrap()
}

/// Period ids of every type DHIS2 and chitieu share.
fn period_id() -> impl Strategy<Value = String> {
    (2018i32..2030, 1u32..=12, 1u32..=28, 1u32..=52).prop_flat_map(|(y, m, d, w)| {
        prop_oneof![
            Just(format!("{y}")),
            Just(format!("{y}{m:02}")),
            Just(format!("{y}Q{}", m.div_ceil(3))),
            Just(format!("{y}S{}", m.div_ceil(6))),
            Just(format!("{y}W{w}")),
            Just(format!("{y}BiW{}", w.div_ceil(2))),
            Just(format!("{y}{:02}B", m.div_ceil(2))),
            Just(format!("{y}April")),
            Just(format!("{y}July")),
            Just(format!("{y}Oct")),
            Just(format!("{y}AprilS{}", m.div_ceil(6))),
            Just(format!("{y}{m:02}{d:02}")),
        ]
    })
}

/// One generated value: element and combo, its number as DHIS2 writes it,
/// and the DHIS2 fields the model keeps beside the observation.
fn data_value() -> impl Strategy<Value = DataValue> {
    let element = prop_oneof![
        Just(("cum", None)),
        Just(("cum", Some("f"))),
        Just(("cum", Some("m"))),
        Just(("cnt", None)),
        Just(("pct", None)),
        Just(("num", None)),
        Just(("den", None)),
        Just(("cov", None)),
        Just(("cov", Some("all"))),
    ];
    let unit = prop_oneof![Just("vn"), Just("p1"), Just("p2")];
    // Free text, and text a spreadsheet would run as a formula (CSV
    // writes it after a `'` and reads it back without).
    let note = proptest::option::of(prop_oneof![
        "[a-zà-ỹ ]{1,12}",
        "['=+@\t\r-]{1,3}[a-z(),\"' ]{0,8}",
    ]);
    (
        element,
        period_id(),
        unit,
        0i64..100_000,
        0u32..4,
        (note.clone(), note, proptest::option::of(any::<bool>())),
        any::<bool>(),
    )
        .prop_map(
            |((element, combo), period, unit, n, places, (stored_by, comment, followup), state)| {
                // Counts are whole; PCT takes decimals, written as DHIS2 writes them.
                let value = if element == "pct" && places > 0 {
                    Rational::new(i128::from(n), 10i128.pow(places))
                        .unwrap()
                        .to_string()
                } else {
                    n.to_string()
                };
                DataValue {
                    data_element: element.into(),
                    period: Some(period),
                    org_unit: Some(unit.into()),
                    category_option_combo: combo.map(str::to_string),
                    attribute_option_combo: state.then(|| "state".to_string()),
                    value: Some(value),
                    stored_by,
                    comment,
                    followup,
                    ..DataValue::default()
                }
            },
        )
}

/// The key DHIS2 gives a value: one value per key in a file.
fn key(
    v: &DataValue,
) -> (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    (
        v.data_element.clone(),
        v.category_option_combo.clone(),
        v.period.clone(),
        v.org_unit.clone(),
        v.attribute_option_combo.clone(),
    )
}

fn sorted(mut values: Vec<DataValue>) -> Vec<DataValue> {
    values.sort_by_key(key);
    values
}

fn round_trip(values: Vec<DataValue>, format: Dhis2Format) -> Result<(), TestCaseError> {
    let base = test_data();
    let mapping = mapping();
    let source = DataValueSet {
        data_values: values.clone(),
        ..DataValueSet::default()
    };
    let first = dhis2::read_data_values(
        &base,
        &Dhis2Source::Json(source),
        &mapping,
        InvalidData::Error,
    )
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let options = ExportOptions {
        format,
        annotations: first.annotations.clone(),
        ..ExportOptions::default()
    };
    let written = dhis2::write_data_values(&first.data, &mapping, &options)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let again_source = match format {
        Dhis2Format::Json => Dhis2Source::Json(written.json.clone().unwrap()),
        Dhis2Format::Csv => Dhis2Source::Csv(written.csv.clone().unwrap()),
    };
    let again = dhis2::read_data_values(&base, &again_source, &mapping, InvalidData::Error)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    // Lossless: the same observations and annotations…
    prop_assert_eq!(&again.data, &first.data);
    prop_assert_eq!(&again.annotations, &first.annotations);
    // …and, in JSON, the very values read.
    if format == Dhis2Format::Json {
        prop_assert_eq!(sorted(written.json.unwrap().data_values), sorted(values));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Import → export → import is lossless, in JSON and in CSV, for any
    /// file of distinct values of every period type, breakdown, part and
    /// attribute, with storedBy, comment (formula-like ones too) and followup.
    #[test]
    fn dhis2_import_export_import_is_lossless(values in proptest::collection::vec(data_value(), 0..40), csv in any::<bool>()) {
        let mut seen = std::collections::BTreeSet::new();
        let values: Vec<DataValue> = values.into_iter().filter(|v| seen.insert(key(v))).collect();
        round_trip(values, if csv { Dhis2Format::Csv } else { Dhis2Format::Json })?;
    }
}

// --- DHIS2 rules, converted and run --------------------------------------

#[test]
fn converted_dhis2_rules_fire_as_in_dhis2() {
    let data = test_data();
    let mapping: Dhis2Mapping = serde_json::from_str(
        r#"{"data_elements": [{"uid": "w", "indicator": "W"}, {"uid": "t", "indicator": "T"}],
            "org_units": [{"uid": "vn", "area": "VN"}]}"#,
    )
    .unwrap();
    let rules: serde_json::Value = serde_json::from_str(
        r##"{"validationRules": [
          {"id": "any", "operator": "less_than_or_equal_to", "periodType": "Yearly",
           "leftSide": {"expression": "#{w}", "missingValueStrategy": "SKIP_IF_ANY_VALUE_MISSING"},
           "rightSide": {"expression": "#{t} + #{w} * 0", "missingValueStrategy": "SKIP_IF_ANY_VALUE_MISSING"}},
          {"id": "never", "operator": "less_than_or_equal_to", "periodType": "Yearly",
           "leftSide": {"expression": "#{w}", "missingValueStrategy": "NEVER_SKIP"},
           "rightSide": {"expression": "#{t}", "missingValueStrategy": "NEVER_SKIP"}}]}"##,
    )
    .unwrap();
    let converted = dhis2::convert_rules(&data, &rules, &mapping).unwrap();
    assert!(
        converted.not_converted.is_empty(),
        "{:?}",
        converted.not_converted
    );
    let observations: Vec<chitieu::Observation> = serde_json::from_str(
        r#"[{"indicator": "W", "area": "VN", "period": "2023", "value": 5},
            {"indicator": "W", "area": "VN", "period": "2024", "value": 5},
            {"indicator": "T", "area": "VN", "period": "2024", "value": 4}]"#,
    )
    .unwrap();
    let data = data.with_observations(observations);
    let options = ValidateOptions {
        rules: converted.rules,
        disabled: vec!["reporting.missing-period".into()],
        ..ValidateOptions::default()
    };
    let report = chitieu::rules::validate(
        &data,
        chitieu::period::parse_date("2025-12-31").unwrap(),
        &options,
    )
    .unwrap();
    let fired: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.record.period.map(|p| p.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    // 2023: T is missing — SKIP_IF_ANY_VALUE_MISSING skips, NEVER_SKIP
    // reads it as 0 and 5 <= 0 fails. 2024: 5 <= 4 fails under both.
    assert_eq!(
        fired,
        [
            ("never".into(), "2023".into()),
            ("any".into(), "2024".into()),
            ("never".into(), "2024".into())
        ]
    );
}

// --- Audit #42: what files cannot smuggle in or out ----------------------

/// The mapping of the audit's reproducers: one element, one unit.
fn one_element() -> Dhis2Mapping {
    serde_json::from_str(
        r#"{"data_elements": [{"uid": "fbfJHSPpUQD", "indicator": "CUM"}],
            "org_units": [{"uid": "ImspTQPwCqd", "area": "VN"}]}"#,
    )
    .unwrap()
}

#[test]
fn dhis2_csv_with_a_quote_never_closed_is_refused_at_the_quote() {
    // The csv crate alone read the two later rows into storedBy: 1
    // imported, 0 problems. Now refused, even when problems are listed.
    let text = "fbfJHSPpUQD,2020,ImspTQPwCqd,,,5,\"admin\nfbfJHSPpUQD,2021,ImspTQPwCqd,,,6\nfbfJHSPpUQD,2022,ImspTQPwCqd,,,7\n";
    for invalid in [InvalidData::Error, InvalidData::Exclude] {
        let error = dhis2::read_data_values(
            &test_data(),
            &Dhis2Source::Csv(text.into()),
            &one_element(),
            invalid,
        )
        .unwrap_err();
        assert_eq!(
            (error.code(), error.path(), error.line(), error.column()),
            ("csv-format", "csv", Some(1), Some(34))
        );
        assert!(error.message(chitieu::Lang::En).contains("never closed"));
    }
    // The tidy reader refuses the same quote at the same place: one check.
    let tidy = "indicator,area,period,value,source\nCUM,VN,2020,5,\"admin\nCUM,VN,2021,6,\n";
    let error = chitieu::io::csv::read_observations(tidy, chitieu::NumberFormat::En).unwrap_err();
    assert_eq!(
        (error.code(), error.line(), error.column()),
        ("csv-format", Some(2), Some(15))
    );
    // A quote opened on a later line is found there; closed quotes pass.
    let later = "fbfJHSPpUQD,2020,ImspTQPwCqd,,,5,\"a,b\"\nfbfJHSPpUQD,2021,ImspTQPwCqd,,,6,\"x\n";
    let error = dhis2::read_data_values(
        &test_data(),
        &Dhis2Source::Csv(later.into()),
        &one_element(),
        InvalidData::Error,
    )
    .unwrap_err();
    assert_eq!((error.line(), error.column()), (Some(2), Some(34)));
    // After a byte-order mark, and after a lone `\r` (a record's end for
    // the csv crate): a quote never closed that only swallowed spaces was
    // read as a blank line.
    for text in [
        "\u{feff}\"  \n ",
        "fbfJHSPpUQD,2021,ImspTQPwCqd,,,6,x\r\"  \n",
    ] {
        let error = dhis2::read_data_values(
            &test_data(),
            &Dhis2Source::Csv(text.into()),
            &one_element(),
            InvalidData::Exclude,
        )
        .unwrap_err();
        assert_eq!(
            (error.code(), error.line()),
            ("csv-format", Some(1)),
            "{text:?}"
        );
    }
    let closed = later.replace("\"x\n", "\"x\"\n");
    let read = dhis2::read_data_values(
        &test_data(),
        &Dhis2Source::Csv(closed),
        &one_element(),
        InvalidData::Error,
    )
    .unwrap();
    assert_eq!(read.imported, 2);
    assert_eq!(read.annotations[0].stored_by.as_deref(), Some("a,b"));
}

#[test]
fn dhis2_csv_text_cells_are_written_spreadsheet_safe_and_read_back() {
    let data = test_data().with_observations(
        serde_json::from_str(
            r#"[{"indicator": "CUM", "area": "VN", "period": "2024", "value": 5}]"#,
        )
        .unwrap(),
    );
    let annotation = dhis2::Annotation {
        observation: 0,
        part: dhis2::ValuePart::Value,
        stored_by: Some("@SUM(1+1)".into()),
        created: None,
        last_updated: Some("+cmd|' /C calc'!A0".into()),
        comment: Some("=HYPERLINK(\"http://evil\",\"x\")".into()),
        followup: None,
    };
    let options = ExportOptions {
        format: Dhis2Format::Csv,
        annotations: vec![annotation.clone()],
        ..ExportOptions::default()
    };
    let csv = dhis2::write_data_values(&data, &one_element(), &options)
        .unwrap()
        .csv
        .unwrap();
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "fbfJHSPpUQD,2024,ImspTQPwCqd,,,5,'@SUM(1+1),'+cmd|' /C calc'!A0,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","
    );
    // Read back: the `'` is taken off again, as the tidy reader does.
    let base = test_data();
    let read = dhis2::read_data_values(
        &base,
        &Dhis2Source::Csv(csv),
        &one_element(),
        InvalidData::Error,
    )
    .unwrap();
    assert_eq!(read.annotations, [annotation]);
    // Every formula start, and a `'` the text itself begins with.
    for text in ["-1+2", "\tx", "\rx", "'=x", "''", "'plain", "'"] {
        let note = dhis2::Annotation {
            comment: Some(text.into()),
            ..read.annotations[0].clone()
        };
        let options = ExportOptions {
            format: Dhis2Format::Csv,
            annotations: vec![note.clone()],
            ..ExportOptions::default()
        };
        let csv = dhis2::write_data_values(&data, &one_element(), &options)
            .unwrap()
            .csv
            .unwrap();
        let again = dhis2::read_data_values(
            &base,
            &Dhis2Source::Csv(csv),
            &one_element(),
            InvalidData::Error,
        )
        .unwrap();
        assert_eq!(again.annotations, [note], "{text:?}");
    }
}

#[test]
fn dhis2_periods_outside_the_model_years_are_import_problems() {
    let json: DataValueSet = serde_json::from_str(
        r#"{"orgUnit": "ImspTQPwCqd", "dataValues": [
            {"dataElement": "fbfJHSPpUQD", "period": "0001", "value": "5"},
            {"dataElement": "fbfJHSPpUQD", "period": "9999W52", "value": "6"},
            {"dataElement": "fbfJHSPpUQD", "period": "2022", "value": "7"}]}"#,
    )
    .unwrap();
    let csv = "fbfJHSPpUQD,0001,ImspTQPwCqd,,,5\nfbfJHSPpUQD,9999W52,ImspTQPwCqd,,,6\nfbfJHSPpUQD,2022,ImspTQPwCqd,,,7\n";
    let places = |read: &dhis2::Dhis2Import| -> Vec<(String, String, Option<u64>)> {
        read.problems
            .iter()
            .map(|e| (e.code().to_string(), e.path().to_string(), e.line()))
            .collect()
    };
    let base = test_data();
    let from_json = dhis2::read_data_values(
        &base,
        &Dhis2Source::Json(json),
        &one_element(),
        InvalidData::Exclude,
    )
    .unwrap();
    assert_eq!(
        places(&from_json),
        [
            (
                "invalid-period".into(),
                "json.dataValues[0].period".into(),
                None
            ),
            (
                "invalid-period".into(),
                "json.dataValues[1].period".into(),
                None
            )
        ]
    );
    // The DHIS2 value is named, with the dates it stands for.
    let message = from_json.problems[1].message(chitieu::Lang::En);
    assert!(message.contains("`9999W52`"), "{message}");
    assert!(message.contains("9999-12-27 to 10000-01-02"), "{message}");
    assert!(message.contains("1000–9999"), "{message}");
    let from_csv = dhis2::read_data_values(
        &base,
        &Dhis2Source::Csv(csv.into()),
        &one_element(),
        InvalidData::Exclude,
    )
    .unwrap();
    assert_eq!(
        places(&from_csv),
        [
            ("invalid-period".into(), "period".into(), Some(1)),
            ("invalid-period".into(), "period".into(), Some(2))
        ]
    );
    // What was read is a data set later operations take: through JSON
    // text (as the bindings pass it) and its check.
    for read in [from_json, from_csv] {
        assert_eq!(read.imported, 1);
        let text = serde_json::to_string(&read.data).unwrap();
        let again: DataSet = chitieu::io::json::from_str(&text).unwrap();
        again.check().unwrap();
    }
}

#[test]
fn dhis2_rule_reasons_quote_a_long_uid_cut_to_its_length() {
    let uid = "u".repeat(1_000_000);
    let rules = serde_json::json!([{"id": "R1", "operator": "equal_to",
        "leftSide": {"expression": format!("#{{{uid}}}")},
        "rightSide": {"expression": format!("#{{cum.{uid}}}")}},
        {"id": "R2", "operator": uid, "leftSide": {"expression": "1"}, "rightSide": {"expression": "1"}},
        {"id": "R3", "operator": "equal_to", "leftSide": {"expression": format!("1 + {uid}")},
         "rightSide": {"expression": "1"}}]);
    let converted = dhis2::convert_rules(&test_data(), &rules, &mapping()).unwrap();
    assert_eq!(converted.not_converted.len(), 3);
    // The uid, the operator, the whole expression (`1 + ` and the uid).
    for (not, length) in converted
        .not_converted
        .iter()
        .zip([1_000_000, 1_000_000, 1_000_004])
    {
        for reason in [&not.reason.vi, &not.reason.en] {
            assert!(
                reason.chars().count() < 1_200,
                "{} characters",
                reason.len()
            );
            assert!(
                reason.contains(&format!("… ({length} characters)")),
                "{reason}"
            );
        }
    }
    // A uid at the limit is quoted whole.
    let short = "v".repeat(chitieu::error::MAX_QUOTED);
    let rules = serde_json::json!([{"id": "R1", "operator": "equal_to",
        "leftSide": {"expression": format!("#{{{short}}}")}, "rightSide": {"expression": "1"}}]);
    let converted = dhis2::convert_rules(&test_data(), &rules, &mapping()).unwrap();
    assert_eq!(
        converted.not_converted[0].reason.en,
        format!("the mapping has no data element with uid {short}")
    );
}

/// Constants in DHIS2's exponent notation convert exactly; one the exact
/// numbers cannot hold is named as a constant, too large or too small, not
/// as "a function".
#[test]
fn dhis2_rule_constants_with_exponents() {
    let rule = |id: &str, constant: &str| {
        serde_json::json!({"id": id, "operator": "less_than_or_equal_to",
            "leftSide": {"expression": "#{cnt}"}, "rightSide": {"expression": constant}})
    };
    let rules = serde_json::json!([
        rule("R1", "2.5E-3 * 1e5"),
        rule("R2", "1e400"),
        rule("R3", "1e-300")
    ]);
    let converted = dhis2::convert_rules(&test_data(), &rules, &mapping()).unwrap();
    assert_eq!(converted.rules.len(), 1, "{:?}", converted.not_converted);
    assert!(
        converted.rules[0].expression.ends_with("0.0025 * 100000"),
        "{}",
        converted.rules[0].expression
    );
    assert_eq!(converted.not_converted.len(), 2);
    for (not, constant) in converted.not_converted.iter().zip(["1e400", "1e-300"]) {
        let en = &not.reason.en;
        assert!(
            en.starts_with(&format!(
                "the constant `{constant}` at column 1: number `{constant}` is too large, or has too many decimal places, to be held exactly"
            )),
            "{en}"
        );
        assert!(!en.contains("function"), "{en}");
        assert!(
            not.reason
                .vi
                .contains("quá lớn hoặc quá nhiều chữ số thập phân"),
            "{}",
            not.reason.vi
        );
    }
}

/// Project 8 as IATI with `change` made to the request's JSON first.
fn iati_with(change: impl FnOnce(&mut serde_json::Value)) -> chitieu::Result<String> {
    let mut request = serde_json::json!({"version": 1, "op": "write-iati", "builtin": "project8",
        "as_of": "2023-12-31", "activity": serde_json::from_str::<serde_json::Value>(ACTIVITY).unwrap()});
    change(&mut request);
    let response = chitieu::evaluate(&request.to_string())?.to_value().unwrap();
    Ok(response["result"]["xml"].as_str().unwrap().to_string())
}

/// A change to a request.
type Change = fn(&mut serde_json::Value);

#[test]
fn iati_refuses_what_xml_cannot_hold_at_its_field() {
    let cases: [(&str, Change, &str, u64); 5] = [
        (
            "U+FFFE",
            |r| r["activity"]["identifier"] = "VN-\u{FFFE}".into(),
            "$.activity.identifier",
            4,
        ),
        (
            "U+FFFF",
            |r| r["activity"]["title"] = serde_json::json!({"vi": "Dự án", "en": "\u{FFFF}"}),
            "$.activity.title.en",
            1,
        ),
        (
            "U+0001",
            |r| r["activity"]["participating_orgs"][0]["name"]["vi"] = "a\u{1}".into(),
            "$.activity.participating_orgs[0].name.vi",
            2,
        ),
        (
            "U+001F",
            |r| r["activity"]["status"] = "2\u{1F}".into(),
            "$.activity.status",
            2,
        ),
        (
            "U+FFFE",
            |r| r["activity"]["reporting_org"]["type"] = "\u{FFFE}".into(),
            "$.activity.reporting_org.type",
            1,
        ),
    ];
    for (code, change, path, column) in cases {
        let error = iati_with(change).unwrap_err();
        assert_eq!(
            (error.code(), error.path(), error.column()),
            ("invalid-value", path, Some(column))
        );
        assert!(error.message(chitieu::Lang::En).contains(code), "{error}");
        assert!(error.message(chitieu::Lang::Vi).contains(code), "{error}");
    }
    // Texts of the framework and the observations are named where they are.
    let mut data = serde_json::to_value(chitieu::builtin::project8().unwrap()).unwrap();
    data["framework"]["components"][0]["indicators"][1]["name"]["en"] = "x\u{FFFF}".into();
    let error = iati_with(|r| {
        r.as_object_mut().unwrap().remove("builtin");
        r["data"] = data;
    })
    .unwrap_err();
    assert_eq!(
        error.path(),
        "$.data.framework.components[0].indicators[1].name.en"
    );
    // Every other character passes, escaped where XML needs it.
    let xml = iati_with(|r| {
        r["activity"]["identifier"] =
            "a<&>\"'\t\u{7F}\u{85}\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}😀".into()
    })
    .unwrap();
    assert!(xml.contains(
        "<iati-identifier>a&lt;&amp;&gt;&quot;&apos;\t\u{7F}\u{85}\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}😀</iati-identifier>"
    ));
}
