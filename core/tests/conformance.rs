//! Runs every conformance case in the repository's `tests/cases/` through
//! [`chitieu::evaluate`]. The Python and JavaScript bindings run the same
//! files; the format is described in `tests/README.md`.

// Indexing a `serde_json::Value` by key yields `Null` when absent: it cannot panic.
#![allow(clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

/// `expected` matches `actual` when every key of an expected object is in
/// the actual object with a matching value, arrays have the same length
/// and match element by element, and scalars are equal.
fn matches(expected: &Value, actual: &Value, path: &str, failures: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => matches(ev, av, &format!("{path}.{key}"), failures),
                    None if ev.is_null() => {}
                    None => failures.push(format!("{path}.{key}: missing, expected {ev}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                failures.push(format!(
                    "{path}: expected {} items, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"), failures);
            }
        }
        _ if expected == actual => {}
        _ => failures.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Where the full Rust outputs are written, for the Python and JavaScript
/// runners to compare theirs with.
fn outputs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/conformance")
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("bad case file: {e}"))?;
    // `request_text` holds input that is not valid JSON (truncated, empty…).
    let request = match case.get("request_text") {
        Some(Value::String(text)) => text.clone(),
        _ => case
            .get("request")
            .ok_or("case has no `request` or `request_text`")?
            .to_string(),
    };
    let evaluated = chitieu::evaluate(&request);
    let mut failures = Vec::new();
    if let Ok(response) = &evaluated {
        same_text(response, &mut failures);
    }
    // The text the bindings hand over, read back.
    let outcome = evaluated.and_then(|r| r.to_json_string()).map(|text| {
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| Value::String(e.to_string()))
    });
    let full = match &outcome {
        Ok(response) => serde_json::json!({ "response": response }),
        Err(err) => serde_json::json!({ "error": err.to_json() }),
    };
    let out = outputs_dir().join(path.file_name().ok_or("case file has no name")?);
    std::fs::write(&out, full.to_string()).map_err(|e| format!("{}: {e}", out.display()))?;
    match (case.get("expected"), case.get("error"), outcome) {
        (Some(expected), None, Ok(response)) => {
            matches(expected, &response["result"], "$", &mut failures);
        }
        (None, Some(expected), Err(err)) => {
            matches(expected, &err.to_json(), "error", &mut failures);
            english_in_vietnamese(&err.message(chitieu::Lang::Vi), &mut failures);
        }
        (Some(_), None, Err(err)) => {
            failures.push(format!("unexpected error: {err} at {}", err.path()))
        }
        (None, Some(_), Ok(response)) => {
            failures.push(format!("expected an error, got {}", response["result"]))
        }
        _ => failures.push("a case needs exactly one of `expected` and `error`".into()),
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n    "))
    }
}

/// The response's text as the crate writes it (its `ToJson` writers) must
/// be serde_json's, byte for byte: users who serialize the public types
/// with serde get the same JSON as the bindings.
fn same_text(response: &chitieu::contract::Response, failures: &mut Vec<String>) {
    let ours = response.to_json_string();
    let serde = serde_json::to_string(response).map_err(|e| e.to_string());
    match (ours, serde) {
        (Ok(ours), Ok(serde)) if ours == serde => {}
        (Ok(ours), Ok(serde)) => {
            let at = ours
                .bytes()
                .zip(serde.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let around = |text: &str| {
                text.get(at.saturating_sub(60)..)
                    .unwrap_or("")
                    .chars()
                    .take(120)
                    .collect::<String>()
            };
            failures.push(format!(
                "the written text differs from serde_json's at byte {at}:\n      ours:  {}\n      serde: {}",
                around(&ours),
                around(&serde)
            ));
        }
        (ours, serde) => failures.push(format!("writing failed: ours {ours:?}, serde {serde:?}")),
    }
}

/// Words of English that a Vietnamese message must not carry (values and
/// paths are quoted or come after `tại`, so they are left out).
fn english_in_vietnamese(message: &str, failures: &mut Vec<String>) {
    let words = message.split(" (tại ").next().unwrap_or(message);
    // Quoted values and codes may be anything.
    let mut outside = String::new();
    let mut quoted = None;
    for c in words.chars() {
        match (quoted, c) {
            (None, '`' | '«' | '"' | '“') => {
                quoted = Some(if c == '«' {
                    '»'
                } else if c == '“' {
                    '”'
                } else {
                    c
                })
            }
            (Some(end), c) if c == end => quoted = None,
            (None, c) => outside.push(c),
            _ => {}
        }
    }
    for word in [
        " the ",
        " is ",
        " are ",
        " expected ",
        " must ",
        " found ",
        " not ",
        " and ",
        " of ",
    ] {
        if outside.contains(word) {
            failures.push(format!(
                "English `{}` in the Vietnamese message: {message}",
                word.trim()
            ));
        }
    }
}

#[test]
fn english_in_vietnamese_is_caught() {
    let mut failures = Vec::new();
    english_in_vietnamese(
        "giá trị không hợp lệ: the series is empty (tại $.series)",
        &mut failures,
    );
    assert_eq!(failures.len(), 2);
    failures.clear();
    english_in_vietnamese(
        "mã địa bàn không tồn tại: «the is» (tại $.the)",
        &mut failures,
    );
    assert!(failures.is_empty());
}

#[test]
fn conformance_cases() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    std::fs::create_dir_all(outputs_dir()).expect("target/conformance can be created");
    assert!(paths.len() >= 25, "only {} conformance cases", paths.len());
    let mut failed = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match run_case(path) {
            Ok(()) => println!("ok   {name}"),
            Err(why) => {
                println!("FAIL {name}\n    {why}");
                failed.push(name);
            }
        }
    }
    println!("{} conformance cases, {} failed", paths.len(), failed.len());
    assert!(failed.is_empty(), "failed: {failed:?}");
}

#[test]
fn matcher_rejects_differences() {
    let mut failures = Vec::new();
    matches(
        &serde_json::json!({"a": [1, {"b": "x"}]}),
        &serde_json::json!({"a": [1, {"b": "y"}], "c": 3}),
        "$",
        &mut failures,
    );
    assert_eq!(failures.len(), 1);
    failures.clear();
    matches(
        &serde_json::json!([1]),
        &serde_json::json!([1, 2]),
        "$",
        &mut failures,
    );
    assert_eq!(failures.len(), 1);
}
