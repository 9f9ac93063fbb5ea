//! Loading a framework or data set with a mistake returns an error that
//! says what and where; nothing panics, nothing is silently accepted.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::{DataSet, Framework, io::json};

const FRAMEWORK: &str = r#"{
  "version": 1, "code": "T", "name": {"vi": "Thử", "en": "Test"},
  "phases": [{"id": "p1", "name": {"vi": "GĐ 1", "en": "P 1"}, "start": "2021-01-01", "end": "2025-12-31"}],
  "components": [{"code": "C", "kind": "project", "name": {"vi": "DA", "en": "P"},
    "indicators": [{"code": "X", "name": {"vi": "x", "en": "x"}, "unit": "group", "measure": "stock",
                    "targets": [{"period": "2021-2025", "value": 10}]}]}]
}"#;

fn framework_error(from: &str, to: &str) -> chitieu::Error {
    assert!(FRAMEWORK.contains(from), "{from}");
    let text = FRAMEWORK.replacen(from, to, 1);
    let framework: Framework = match json::from_str(&text) {
        Ok(f) => f,
        Err(e) => return e,
    };
    framework.index().expect_err("the mistake must be caught")
}

#[test]
fn the_sample_framework_loads() {
    let f: Framework = json::from_str(FRAMEWORK).unwrap();
    assert_eq!(f.index().unwrap().len(), 1);
}

#[test]
fn wrong_type_names_the_path() {
    let e = framework_error(r#""value": 10"#, r#""value": [10]"#);
    assert_eq!(e.code(), "wrong-type");
    assert_eq!(e.path(), "$.components[0].indicators[0].targets[0].value");
    assert!(e.message(chitieu::Lang::Vi).contains("sai kiểu dữ liệu"));
}

#[test]
fn unknown_unit_code() {
    let e = framework_error(r#""unit": "group""#, r#""unit": "bushel""#);
    assert_eq!(
        (e.code(), e.path()),
        ("unknown-code", "components[0].indicators[0].unit")
    );
    assert!(e.to_string().contains("bushel"));
}

#[test]
fn unknown_measure_kind() {
    let e = framework_error(r#""measure": "stock""#, r#""measure": "flow""#);
    assert_eq!(
        (e.code(), e.path()),
        ("unknown-variant", "$.components[0].indicators[0].measure")
    );
}

#[test]
fn duplicate_json_field() {
    let e = framework_error(r#""code": "X","#, r#""code": "X", "code": "Y","#);
    assert_eq!(e.code(), "duplicate-key");
    assert_eq!(e.path(), "$.components[0].indicators[0].code");
}

#[test]
fn duplicate_target() {
    let e = framework_error(
        r#"{"period": "2021-2025", "value": 10}"#,
        r#"{"period": "2021-2025", "value": 10}, {"period": "2021-2025", "value": 12}"#,
    );
    assert_eq!(e.code(), "duplicate-key");
    assert_eq!(e.path(), "components[0].indicators[0].targets[1]");
}

#[test]
fn non_finite_and_huge_numbers() {
    let e = framework_error(r#""value": 10"#, r#""value": "NaN""#);
    assert_eq!(e.code(), "non-finite-number");
    let e = framework_error(r#""value": 10"#, r#""value": 1e400"#);
    assert_eq!(e.code(), "number-out-of-range");
    let e = framework_error(r#""value": 10"#, r#""value": "1e60""#);
    assert_eq!(e.code(), "number-out-of-range");
}

#[test]
fn impossible_dates() {
    let e = framework_error(r#""start": "2021-01-01""#, r#""start": "2023-02-30""#);
    assert_eq!((e.code(), e.path()), ("invalid-date", "$.phases[0].start"));
    assert!(e.message(chitieu::Lang::En).contains("2023-02-30"));
    let e = framework_error(r#""end": "2025-12-31""#, r#""end": "2020-12-31""#);
    assert_eq!((e.code(), e.path()), ("invalid-value", "phases[0].end"));
}

#[test]
fn unknown_field_is_not_dropped() {
    let e = framework_error(
        r#""measure": "stock","#,
        r#""measure": "stock", "mesure": 1,"#,
    );
    assert_eq!(e.code(), "unknown-field");
    assert_eq!(e.path(), "$.components[0].indicators[0].mesure");
}

#[test]
fn truncated_and_deep_json() {
    let e = json::from_str::<Framework>(&FRAMEWORK[..100]).unwrap_err();
    assert_eq!(e.code(), "json-syntax");
    assert!(e.line().is_some());
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = json::from_str::<DataSet>(&deep).unwrap_err();
    assert!(["json-syntax", "wrong-type"].contains(&e.code()), "{e}");
    let e = json::from_str::<serde_json::Value>(&deep).unwrap_err();
    assert_eq!(e.code(), "json-syntax", "{e}");
    assert!(
        e.message(chitieu::Lang::En).contains("recursion limit"),
        "{e}"
    );
    let e = json::from_str::<DataSet>("").unwrap_err();
    assert_eq!(e.code(), "json-syntax");
    let e = json::from_str::<chitieu::Period>(r#""2024" x"#).unwrap_err();
    assert_eq!(e.code(), "json-syntax");
}

#[test]
fn duplicate_disaggregation_dimension() {
    let text = r#"{"indicator": "X", "area": "VN", "period": "2023", "value": 1,
                   "disaggregation": {"sex": "female", "sex": "male"}}"#;
    let e = json::from_str::<chitieu::Observation>(text).unwrap_err();
    assert_eq!((e.code(), e.path()), ("duplicate-key", "$.disaggregation"));
}

#[test]
fn bad_codes_and_periods() {
    let text = r#"{"indicator": " X", "area": "VN", "period": "2023", "value": 1}"#;
    let e = json::from_str::<chitieu::Observation>(text).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid-code", "$.indicator"));
    let text = r#"{"indicator": "X", "area": "VN", "period": "2024Q5", "value": 1}"#;
    let e = json::from_str::<chitieu::Observation>(text).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid-period", "$.period"));
}

#[test]
fn area_hierarchy_mistakes() {
    let data = |areas: &str| {
        format!(
            r#"{{"version": 1, "framework": {FRAMEWORK}, "areas": {areas}, "observations": []}}"#
        )
    };
    let d: DataSet = json::from_str(&data(
        r#"[{"code": "VN", "name": {"vi": "VN", "en": "VN"}, "level": "country", "parent": "XX"}]"#,
    ))
    .unwrap();
    let e = d.check().unwrap_err();
    assert_eq!((e.code(), e.path()), ("unknown-code", "areas[0].parent"));
    let d: DataSet = json::from_str(&data(
        r#"[{"code": "A", "name": {"vi": "A", "en": "A"}, "level": "commune"},
            {"code": "B", "name": {"vi": "B", "en": "B"}, "level": "province", "parent": "A"}]"#,
    ))
    .unwrap();
    let e = d.check().unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid-value", "areas[1].parent"));
}

#[test]
fn error_messages_are_bilingual() {
    let e = framework_error(r#""unit": "group""#, r#""unit": "bushel""#);
    let vi = e.message(chitieu::Lang::Vi);
    let en = e.message(chitieu::Lang::En);
    assert!(vi.contains("mã đơn vị tính không tồn tại"), "{vi}");
    assert!(en.contains("unknown unit code"), "{en}");
    let json = e.to_json();
    assert_eq!(json["code"], "unknown-code");
    assert_eq!(json["message"]["vi"], vi);
}

#[test]
fn builtin_data_round_trips_through_json() {
    let data = chitieu::builtin::project8().unwrap();
    let text = json::to_string(&data).unwrap();
    let back: DataSet = json::from_str(&text).unwrap();
    assert_eq!(back, data);
    let observations: Vec<_> = data.observations().map(|o| o.to_observation()).collect();
    let csv =
        chitieu::io::csv::write_observations(&observations, chitieu::NumberFormat::Vi).unwrap();
    let rows = chitieu::io::csv::read_observations(&csv, chitieu::NumberFormat::Vi).unwrap();
    assert_eq!(rows, observations);
}
