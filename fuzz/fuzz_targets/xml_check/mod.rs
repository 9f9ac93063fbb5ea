//! The checks of the `xml` target, shared with `core/tests/fuzz_replay.rs`:
//! the pieces of any text as the texts of an IATI activity (identifier,
//! titles, descriptions, organisations, codes), an indicator's name and an
//! observation's category, written as IATI XML. Either a clear error naming
//! a character XML 1.0 cannot hold, at the field it was in, or XML that a
//! well-formedness check written here, apart from the writer, accepts.

use std::sync::OnceLock;

use chitieu::exchange::iati::{IatiActivity, IatiOrg, write_iati};
use chitieu::{DataSet, Lang, Text};

/// Whether XML 1.0 can hold `c` (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Project 8, built in.
fn base() -> &'static DataSet {
    static DATA: OnceLock<DataSet> = OnceLock::new();
    DATA.get_or_init(|| chitieu::builtin::project8().expect("the built-in data set loads"))
}

/// Project 8 as JSON, for inputs that put a piece into its framework.
fn project8() -> &'static serde_json::Value {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    DATA.get_or_init(|| serde_json::to_value(base()).expect("a data set is JSON"))
}

/// Project 8 with `name` as its first indicator's English name and
/// `category` as the category of one more observation; `None` when the
/// data set does not take them (the data check has its own rules).
fn data_with(name: &str, category: &str) -> Option<DataSet> {
    let mut data = project8().clone();
    *data.pointer_mut("/framework/components/0/indicators/0/name/en")? = name.into();
    data.get_mut("observations")?
        .as_array_mut()?
        .push(serde_json::json!({
        "indicator": "P8.CCG", "area": "VN", "period": "2024",
        "disaggregation": {"group": category}, "value": 1}));
    let data: DataSet = serde_json::from_value(data).ok()?;
    data.check().ok()?;
    Some(data)
}

/// Runs the check on `text`; a failed check panics. `true` when XML was
/// written, `false` when it was refused.
pub fn check(text: &str) -> bool {
    let pieces: Vec<&str> = text.split('\u{1F}').collect();
    let piece = |i: usize, default: &'static str| pieces.get(i).copied().unwrap_or(default);
    let text_of = |i: usize| Text::new(piece(i, "Dự án 8"), piece(i + 1, "Project 8"));
    let org = |name: Text, role: Option<String>| IatiOrg {
        reference: Some(piece(5, "VN-WU").to_string()),
        kind: Some(piece(6, "22").to_string()),
        role,
        name,
    };
    let activity = IatiActivity {
        identifier: piece(0, "VN-WU-P8").to_string(),
        reporting_org: org(text_of(7), None),
        title: Some(text_of(1)),
        description: text_of(3),
        participating_orgs: vec![org(text_of(7), Some(piece(9, "4").to_string()))],
        status: piece(10, "2").to_string(),
        recipient_country: piece(11, "VN").to_string(),
        result_type: piece(12, "1").to_string(),
        lang: if text.len().is_multiple_of(2) {
            Lang::Vi
        } else {
            Lang::En
        },
    };
    // The framework and the observations only when the input reaches them.
    let mut used = pieces.len().min(13);
    let with = match pieces.get(13..15) {
        Some([name, category]) => data_with(name, category).inspect(|_| used = 15),
        _ => None,
    };
    let data = with.as_ref().unwrap_or_else(|| base());
    let forbidden = pieces
        .iter()
        .take(used)
        .flat_map(|p| p.chars())
        .find(|&c| !is_xml_char(c));
    let checked = data.check().expect("the data set passed its check");
    let as_of = chitieu::period::parse_date("2023-12-31").expect("a date");
    match (write_iati(&checked, as_of, &activity), forbidden) {
        (Ok(file), None) => {
            if let Err(why) = well_formed(&file.xml) {
                panic!("not well-formed XML: {why}\n{}", file.xml);
            }
            true
        }
        (Err(e), Some(c)) => {
            assert_eq!(e.code(), "invalid-value", "{e}");
            for lang in [Lang::Vi, Lang::En] {
                let message = e.message(lang);
                assert!(
                    message.contains("U+") && message.contains("XML 1.0"),
                    "{message}"
                );
            }
            assert!(
                e.path().starts_with("activity.") || e.path().starts_with("data."),
                "{}",
                e.path()
            );
            assert!(e.column().is_some(), "{e}");
            assert!(!is_xml_char(c));
            false
        }
        (Ok(_), Some(c)) => panic!("U+{:04X} was written into the XML", u32::from(c)),
        (Err(e), None) => panic!("refused with no character XML cannot hold: {e}"),
    }
}

/// XML's white space.
const SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// The declaration the writer starts with.
const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/// Whether `xml` is a well-formed XML 1.0 document of the shape the writer
/// writes (a declaration, then one root element of elements, attributes,
/// text and references): every character an XML `Char`, tags balanced and
/// nested, attributes quoted and not repeated, `<` and `&` only as markup
/// and references, nothing but space around the root.
pub fn well_formed(xml: &str) -> Result<(), String> {
    if let Some(c) = xml.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!("U+{:04X} is not an XML character", u32::from(c)));
    }
    let mut rest = xml.strip_prefix(DECLARATION).ok_or("no XML declaration")?;
    let mut open = Vec::new();
    let mut root_done = false;
    loop {
        let at = rest.find('<').unwrap_or(rest.len());
        let (text, after) = rest.split_at(at);
        if open.is_empty() && !text.trim_matches(SPACE).is_empty() {
            return Err(format!("text outside the root element: {text:?}"));
        }
        if text.contains("]]>") {
            return Err("]]> in text".into());
        }
        characters(text)?;
        if after.is_empty() {
            break;
        }
        rest = tag(after, &mut open, &mut root_done)?;
    }
    match (open.last(), root_done) {
        (Some(name), _) => Err(format!("<{name}> is never closed")),
        (None, false) => Err("no root element".into()),
        (None, true) => Ok(()),
    }
}

/// A name as the writer writes them (ASCII), and what follows it.
fn name(s: &str) -> Result<(&str, &str), String> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-')))
        .unwrap_or(s.len());
    let (name, rest) = s.split_at(end);
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':' => Ok((name, rest)),
        _ => Err(format!(
            "a name expected at {:?}",
            s.chars().take(20).collect::<String>()
        )),
    }
}

/// Character data (text or an attribute's value): `&` only as a
/// reference to a predefined entity or to an XML character.
fn characters(s: &str) -> Result<(), String> {
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        let after = rest.get(at + 1..).unwrap_or("");
        let end = after.find(';').ok_or("& with no ;")?;
        let reference = after.get(..end).unwrap_or("");
        let number = |digits: &str, radix: u32| {
            (!digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)))
                .then(|| u32::from_str_radix(digits, radix).ok())
                .flatten()
                .and_then(char::from_u32)
                .is_some_and(is_xml_char)
        };
        let known = match reference {
            "amp" | "lt" | "gt" | "quot" | "apos" => true,
            r => match (r.strip_prefix("#x"), r.strip_prefix('#')) {
                (Some(hex), _) => number(hex, 16),
                (None, Some(decimal)) => number(decimal, 10),
                (None, None) => false,
            },
        };
        if !known {
            return Err(format!("&{reference}; is not a reference XML knows"));
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    Ok(())
}

/// One tag at the start of `s` (`<…>`): opens, closes or is an empty
/// element; what follows it.
fn tag<'a>(s: &'a str, open: &mut Vec<&'a str>, root_done: &mut bool) -> Result<&'a str, String> {
    if let Some(close) = s.strip_prefix("</") {
        let (element, rest) = name(close)?;
        let rest = rest
            .trim_start_matches(SPACE)
            .strip_prefix('>')
            .ok_or("> expected")?;
        match open.pop() {
            Some(o) if o == element => {}
            other => return Err(format!("</{element}> closes {other:?}")),
        }
        *root_done |= open.is_empty();
        return Ok(rest);
    }
    if open.is_empty() && *root_done {
        return Err("a second root element".into());
    }
    let (element, mut rest) = name(s.get(1..).unwrap_or(""))?;
    let mut seen: Vec<&str> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches(SPACE);
        if let Some(after) = trimmed.strip_prefix("/>") {
            *root_done |= open.is_empty();
            return Ok(after);
        }
        if let Some(after) = trimmed.strip_prefix('>') {
            open.push(element);
            return Ok(after);
        }
        if trimmed.len() == rest.len() {
            return Err(format!("space expected before an attribute of <{element}>"));
        }
        let (key, after) = name(trimmed)?;
        if seen.contains(&key) {
            return Err(format!("{key} twice in <{element}>"));
        }
        seen.push(key);
        let after = after
            .trim_start_matches(SPACE)
            .strip_prefix('=')
            .ok_or("= expected")?;
        let after = after.trim_start_matches(SPACE);
        let quote = after
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''))
            .ok_or("a quoted value expected")?;
        let inside = after.get(1..).unwrap_or("");
        let end = inside
            .find(quote)
            .ok_or("an attribute value never closed")?;
        let value = inside.get(..end).unwrap_or("");
        if value.contains('<') {
            return Err(format!("< in the value of {key}"));
        }
        characters(value)?;
        rest = inside.get(end + 1..).unwrap_or("");
    }
}
