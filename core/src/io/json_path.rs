//! The JSON path of a place in JSON text (`observations[3].value`), found
//! by scanning the text up to that place.
//!
//! serde_json says *where* in the text it stopped (line and column); the
//! path is rebuilt from there only when reading fails. Tracking the path
//! while reading (serde_path_to_error) instantiates every `Deserialize`
//! impl a second time: about a third of the browser module, for errors.

/// One step of a path: an object's key or an array's index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// In an object, at this key (`None` before its first key).
    Key(Option<String>),
    /// In an array, at this element.
    Index(usize),
}

/// Which value an error at a place belongs to.
///
/// serde_json places an error from its own reading (a bad string, an
/// unknown key) right after what it read; an error that a visitor returns
/// without a place (a missing field, a repeated key) goes to where the
/// enclosing object or array stops: after its `}` when the rest was read,
/// or at the next `,`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The value read last (or being read) at the place: a bad value, an
    /// unknown key.
    Value,
    /// The object or array the place is in (or has just closed): a missing
    /// field, a repeated key, a wrong length.
    Container,
    /// An object or array found where a scalar was expected, placed at its
    /// start or just inside it.
    Entered,
}

/// The byte offset of serde_json's line (1-based) and column (bytes since
/// the line's start), clamped to the text; `None` when the error has no
/// place (line 0).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    Some((start + column).min(text.len()))
}

/// The path (`data.observations[3].value`, `[2]`, or empty for the whole
/// text) of the value that owns the place `offset` in `text`.
pub(crate) fn path_at(text: &str, offset: usize, owner: Owner) -> String {
    let bytes = text.as_bytes();
    let mut steps = steps_before(bytes, offset);
    let before = bytes
        .get(..offset)
        .and_then(|b| b.iter().rev().find(|c| !c.is_ascii_whitespace()));
    let after = bytes
        .get(offset..)
        .and_then(|b| b.iter().find(|c| !c.is_ascii_whitespace()));
    let inside = !matches!(before, Some(b'}' | b']'));
    let pop = match owner {
        Owner::Value => false,
        Owner::Container => inside,
        Owner::Entered => inside && !matches!(after, Some(b'{' | b'[')),
    };
    if pop {
        steps.pop();
    }
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
            }
            Step::Key(None) => {}
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// The open objects and arrays at `offset`, each at its current key or
/// index. The text before `offset` was accepted by serde_json, so the scan
/// trusts its shape and only stops early on what it cannot read.
fn steps_before(bytes: &[u8], offset: usize) -> Vec<Step> {
    let end = offset.min(bytes.len());
    let mut steps: Vec<Step> = Vec::new();
    // In an object, whether the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        let Some(&byte) = bytes.get(i) else { break };
        match byte {
            b'{' => {
                steps.push(Step::Key(None));
                expect_key = true;
            }
            b'[' => {
                steps.push(Step::Index(0));
                expect_key = false;
            }
            b'}' | b']' => {
                steps.pop();
                expect_key = false;
            }
            b',' => match steps.last_mut() {
                Some(Step::Index(n)) => *n += 1,
                Some(Step::Key(_)) => expect_key = true,
                None => {}
            },
            b'"' => {
                let close = string_end(bytes, i + 1);
                if expect_key && close < end {
                    if let Some(Step::Key(key)) = steps.last_mut() {
                        let raw = bytes.get(i + 1..close).unwrap_or_default();
                        *key = Some(unescape(raw));
                    }
                    expect_key = false;
                }
                i = close;
            }
            _ => {}
        }
        i += 1;
    }
    steps
}

/// The index of the `"` that closes the string whose text starts at
/// `from` (or the text's length when it does not close).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A key's text with its escapes read (`\"`, `\n`, `\u00e1`, pairs).
fn unescape(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if !text.contains('\\') {
        return text.into_owned();
    }
    // The key was valid JSON (serde_json read it): its quoted form parses.
    serde_json::from_str::<String>(&format!("\"{text}\"")).unwrap_or_else(|_| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str, owner: Owner) -> String {
        let offset = text.find(marker).unwrap_or(text.len());
        path_at(text, offset, owner)
    }

    #[test]
    fn a_value_is_placed_at_its_key_and_index() {
        let text = r#"{"data": {"observations": [{"value": 1}, {"value": "x"}]}}"#;
        let after = text.find("\"x\"").unwrap() + 3;
        assert_eq!(
            path_at(text, after, Owner::Value),
            "data.observations[1].value"
        );
        assert_eq!(
            at(text, "{\"value\": \"x", Owner::Value),
            "data.observations[1]"
        );
    }

    #[test]
    fn a_container_error_belongs_to_the_object_it_is_in_or_has_closed() {
        let text = r#"{"a": [{"b": 1, "c": 2}]}"#;
        // A repeated key, just read; the next `,` of an object stopped early.
        let key = text.find("\"b\"").unwrap() + 3;
        assert_eq!(path_at(text, key, Owner::Value), "a[0].b");
        assert_eq!(path_at(text, key, Owner::Container), "a[0]");
        let comma = text.find(", \"c").unwrap();
        assert_eq!(path_at(text, comma, Owner::Container), "a[0]");
        // A missing field, once the object's `}` was read.
        let closed = text.find("}]").unwrap() + 1;
        assert_eq!(path_at(text, closed, Owner::Container), "a[0]");
        assert_eq!(path_at(text, 0, Owner::Value), "");
    }

    #[test]
    fn an_object_where_a_scalar_belongs_is_placed_at_its_key() {
        let text = r#"{"w": {"v": 1}, "x": [1], "y": []}"#;
        assert_eq!(at(text, "{\"v", Owner::Entered), "w");
        assert_eq!(at(text, ": 1}", Owner::Entered), "w");
        assert_eq!(at(text, "1]", Owner::Entered), "x");
        let empty = text.find("[]").unwrap() + 2;
        assert_eq!(path_at(text, empty, Owner::Entered), "y");
    }

    #[test]
    fn strings_with_brackets_and_escaped_keys_do_not_confuse_the_scan() {
        let text = r#"{"k\"ey": "[{,", "\u00e1": [1, 2, "],"]}"#;
        assert_eq!(path_at(text, text.len() - 2, Owner::Value), "á[2]");
        assert_eq!(at(text, ", \"\\u", Owner::Value), "k\"ey");
    }

    #[test]
    fn lines_and_columns_are_byte_offsets() {
        let text = "{\n  \"á\": 1\n}";
        assert_eq!(offset_of(text, 2, 4), Some(6));
        assert_eq!(offset_of(text, 0, 0), None);
        assert_eq!(offset_of(text, 9, 9), Some(text.len()));
    }
}
