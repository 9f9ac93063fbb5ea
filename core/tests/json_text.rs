//! The crate's JSON reader against serde_json, the reference it replaced:
//! on any text, both accept or both refuse, and what they accept reads to
//! the same value.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::io::json;
use proptest::prelude::*;
use serde_json::Value;

/// A piece of JSON, or of a mistake in it.
fn token() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("{"),
        Just("}"),
        Just("["),
        Just("]"),
        Just(","),
        Just(":"),
        Just(" "),
        Just("\""),
        Just("\\"),
        Just("\\u00e1"),
        Just("\\ud83d\\ude00"),
        Just("\\ud800"),
        Just("\\x"),
        Just("\"k\""),
        Just("\"ầ\""),
        Just("0"),
        Just("07"),
        Just("-"),
        Just("."),
        Just(".5"),
        Just("1."),
        Just("1e"),
        Just("+1"),
        Just("e"),
        Just("E+"),
        Just("1.5"),
        Just("1e400"),
        Just("18446744073709551616"),
        Just("-0"),
        Just("true"),
        Just("false"),
        Just("null"),
        Just("nul"),
        Just("\n"),
        Just("\u{1}"),
    ]
}

/// Near misses of valid JSON: a value written out, with a piece put in
/// or a stretch taken out somewhere (and at times both).
fn jsonish() -> impl Strategy<Value = String> {
    (value(), any::<usize>(), token(), any::<usize>(), 0usize..4).prop_map(
        |(value, at, token, cut, cut_len)| {
            let text = value.to_string();
            let chars: Vec<char> = text.chars().collect();
            let at = at % (chars.len() + 1);
            let mut edited: String = chars[..at].iter().collect();
            edited.push_str(token);
            let rest: String = chars[at..].iter().collect();
            let rest: Vec<char> = rest.chars().collect();
            let cut = cut % (rest.len() + 1);
            let end = (cut + cut_len).min(rest.len());
            edited.extend(&rest[..cut]);
            edited.extend(&rest[end..]);
            edited
        },
    )
}

/// Any JSON value, written out.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-zà-ỹ\"\\\\/\n\t\u{1}😀 ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z\"é]{0,4}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn accepts_and_refuses_what_serde_json_does(text in jsonish()) {
        let ours = json::from_str::<Value>(&text);
        let reference = serde_json::from_str::<Value>(&text);
        match (&ours, &reference) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(e), Err(_)) => {
                let syntax = ["json-syntax", "number-out-of-range", "invalid-value"];
                prop_assert!(syntax.contains(&e.code()), "{text:?}: {e:?}");
            }
            _ => prop_assert!(false, "{text:?}: ours {ours:?}, serde_json {reference:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn reads_back_any_value_written(value in value()) {
        let compact = value.to_string();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        prop_assert_eq!(&json::from_str::<Value>(&compact).unwrap(), &value);
        prop_assert_eq!(&json::from_str::<Value>(&pretty).unwrap(), &value);
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = json::from_str::<Value>(&deep).unwrap_err();
    assert_eq!(error.code(), "json-syntax");
    assert!(error.path().starts_with("$[0][0]"), "{}", error.path());
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(json::from_str::<Value>(&ok).is_ok());
}
