//! Reading the JSON contract with errors that say where (the path is
//! kept while reading: see `json_text`).
//!
//! serde reports a bad value through a text message. The crate's own
//! checks (dates, periods, numbers, codes) travel through serde as an
//! encoded [`ErrorKind`] and are decoded here, so every error keeps its
//! stable code; serde's own messages are classified by their wording.

use crate::json_text::{Fault, ReadError, Reader};
pub use crate::json_text::{FromJson, ToJson};

use crate::error::{Error, ErrorKind, Result};

pub use crate::json_text::MAX_DEPTH;

/// The largest JSON or CSV text read, in bytes (1 GiB): beyond it the
/// input is refused before any memory is spent on it. A national data set
/// of 1.3 million observations is about 100 MB of JSON.
pub const MAX_INPUT_BYTES: usize = 1 << 30;

/// Refuses a text of `size` bytes above `limit`.
pub(crate) fn check_size(size: usize, limit: usize) -> Result<()> {
    if size > limit {
        return Err(Error::new(ErrorKind::InputTooLarge {
            size: size as u64,
            limit: limit as u64,
        }));
    }
    Ok(())
}

/// `inner` (a path relative to the text read) under `root`.
fn json_path(root: &str, inner: &str) -> String {
    if inner.is_empty() {
        root.to_string()
    } else if inner.starts_with('[') {
        format!("{root}{inner}")
    } else {
        format!("{root}.{inner}")
    }
}

/// Where a text's byte `at` is, as serde_json says it: the line
/// (1-based) and the column (bytes into the line, counting the byte at
/// `at`).
fn line_column(text: &str, at: usize) -> (u64, u64) {
    let upto = text.get(..(at + 1).min(text.len())).unwrap_or(text);
    let line_start = upto.rfind('\n').map_or(0, |p| p + 1);
    let line = upto.bytes().filter(|b| *b == b'\n').count() + 1;
    (line as u64, (upto.len() - line_start) as u64)
}

/// A reading error as a crate error: its kind, and its path under `root`.
fn read_error(err: ReadError, text: &str, root: &str) -> Error {
    let ReadError(err) = err;
    let path = json_path(root, err.path.as_deref().unwrap_or_default());
    let message = err.message;
    let (error, at) = match err.fault {
        Fault::Data => return Error::new(ErrorKind::from_serde_message(&message)).at(path),
        Fault::LoneSurrogate(at) => (lone_surrogate(), at),
        Fault::OutOfRange(at) => (
            Error::new(ErrorKind::NumberOutOfRange { value: message }),
            at,
        ),
        Fault::Syntax(at) => (Error::new(ErrorKind::JsonSyntax { detail: message }), at),
    };
    let (line, column) = line_column(text, at);
    error.at(path).at_line(line).at_column(column)
}

/// A lone surrogate is not a syntax mistake but text that no Unicode string
/// can hold: the same error whichever runtime wrote it.
fn lone_surrogate() -> Error {
    Error::invalid(
        "",
        (
            "chuỗi có ký tự thay thế đơn lẻ (\\uD800–\\uDFFF không có nửa còn lại): không phải Unicode hợp lệ",
            "the string holds a lone surrogate (\\uD800–\\uDFFF without its pair): not valid Unicode",
        ),
    )
}

/// Reads a contract type from JSON text; errors carry the JSON path.
///
/// ```
/// use chitieu::{io::json, DataSet};
/// let err = json::from_str::<DataSet>(r#"{"version": "one"}"#).unwrap_err();
/// assert_eq!(err.code(), "wrong-type");
/// assert_eq!(err.path(), "$.version");
/// ```
pub fn from_str<T: FromJson>(text: &str) -> Result<T> {
    from_str_at(text, "$")
}

/// Reads a contract type from JSON text that sits at `root` in a larger
/// input (e.g. `$.options`), so error paths point into that input.
///
/// ```
/// use chitieu::{io::json, rules::ValidateOptions};
/// let error = json::from_str_at::<ValidateOptions>(r#"{"disabled": 3}"#, "$.options").unwrap_err();
/// assert_eq!(error.path(), "$.options.disabled");
/// ```
pub fn from_str_at<T: FromJson>(text: &str, root: &str) -> Result<T> {
    read_own(text, root, &[])
}

/// Reads a type with its own reader ([`FromJson`]) from the whole of
/// `text`, skipping the outer object's `header` keys (read already).
pub(crate) fn read_own<T: FromJson>(
    text: &str,
    root: &str,
    header: &'static [&'static str],
) -> Result<T> {
    check_size(text.len(), MAX_INPUT_BYTES).map_err(|e| e.at(root))?;
    Reader::read_own(text, header).map_err(|e| read_error(e, text, root))
}

/// The raw JSON text of the values under `keys` in the object that is the
/// whole `text` (the first of each; `None` when absent), scanning no
/// further than needed to find them all.
pub(crate) fn raw_fields<'t, const N: usize>(
    text: &'t str,
    keys: [&str; N],
) -> Result<[Option<&'t str>; N]> {
    Reader::raw_fields(text, keys).map_err(|e| read_error(e, text, "$"))
}

/// Reads a contract type from an already-parsed JSON value, with `root` as
/// the path of that value in the whole input.
///
/// ```
/// use chitieu::{io::json, DataSet};
/// let value = serde_json::json!({"version": 1, "builtin_framework": "project8",
///     "areas": [{"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}]});
/// let data: DataSet = json::from_value(&value, "$.data")?;
/// assert_eq!(data.areas().len(), 1);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn from_value<T: FromJson>(value: &serde_json::Value, root: &str) -> Result<T> {
    // A value holds no positions: read as text, a mistake finds its path.
    from_str_at(&value.to_string(), root)
}

/// Writes a contract type as JSON text: what [`from_str`] reads back.
///
/// ```
/// use chitieu::{io::json, DataSet};
/// let data = chitieu::builtin::project8()?;
/// let text = json::to_string(&data)?;
/// assert_eq!(json::from_str::<DataSet>(&text)?, data);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> Result<String> {
    let mut writer = crate::json_text::Writer::new();
    value.write_json(&mut writer);
    writer
        .finish()
        .map_err(|e| Error::invalid("$", (format!("không ghi được JSON ({e})"), e)))
}

/// Serde helper: reads a struct from a JSON object only. serde also reads
/// structs from arrays (fields by position), which turns a mistaken array
/// into a confusing complaint about its first element; an object-only read
/// says "expected struct …" at the value itself.
pub fn object<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(ObjectOnly(deserializer))
}

/// A deserializer that reads any struct as a map.
struct ObjectOnly<D>(D);

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_over_the_limit_are_refused_with_their_size() {
        assert!(check_size(100, 100).is_ok());
        let e = check_size(101, 100).unwrap_err();
        assert_eq!(e.code(), "input-too-large");
        assert!(e.message(crate::text::Lang::En).contains("101 bytes"));
    }
}
