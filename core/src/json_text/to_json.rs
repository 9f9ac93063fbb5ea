//! [`ToJson`]: values written as JSON text by writers that
//! `#[derive(ToJson)]` (the `chitieu-derive` crate) makes from a type's
//! serde attributes, the mirror of [`FromJson`](super::FromJson).
//!
//! Why not serde_json's serializer: every call of serde's `Serializer`
//! returns a `Result`, so each field written is a call, a check and a way
//! out, and serde_json compiles its field writer once more for every field
//! type. Writing into a `String` cannot fail, so here a field is a key
//! written by one shared function and a call of its type's writer: the
//! same text in less code, which is what the browser module pays for.
//!
//! The text is serde_json's, byte for byte (compact, its string escapes);
//! a test writes every conformance response both ways. A type whose shape
//! the derive does not write (an enum with data, tagged) writes through
//! its serde `Serialize` ([`Writer::serde`]), so nothing is written
//! differently.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A type of the contract written as JSON text by
/// [`crate::io::json::to_string`]: every type a response holds implements
/// it.
pub trait ToJson {
    /// Writes the value at the writer's position.
    #[doc(hidden)]
    fn write_json(&self, w: &mut Writer);

    /// Writes the value's fields into the object being written (serde's
    /// `flatten`): structs and maps have fields, nothing else does.
    #[doc(hidden)]
    fn write_fields(&self, w: &mut Writer) {
        w.fail("can only flatten structs and maps");
    }
}

/// A type written as the key of a JSON object: a string.
pub trait JsonKey {
    /// The key's text.
    #[doc(hidden)]
    fn json_key(&self) -> Cow<'_, str>;
}

/// JSON text being written. Keys know whether a comma comes first:
/// opening a container clears that, a key or a closed container sets it.
pub struct Writer {
    out: String,
    comma: bool,
    error: Option<String>,
}

impl Writer {
    /// An empty text.
    pub(crate) fn new() -> Writer {
        Writer {
            out: String::new(),
            comma: false,
            error: None,
        }
    }

    /// The text written, or the first error a serde `Serialize` gave.
    pub(crate) fn finish(self) -> Result<String, String> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }

    /// Records an error (the first is kept).
    #[doc(hidden)]
    pub fn fail(&mut self, message: &str) {
        self.error.get_or_insert_with(|| message.to_string());
    }

    /// Opens an object.
    #[doc(hidden)]
    pub fn begin_object(&mut self) {
        self.out.push('{');
        self.comma = false;
    }

    /// Closes an object.
    #[doc(hidden)]
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// Writes a key of the open object; its value comes next.
    #[doc(hidden)]
    pub fn key(&mut self, name: &str) {
        if self.comma {
            self.out.push(',');
        }
        self.string(name);
        self.out.push(':');
        self.comma = true;
    }

    /// Writes a sequence, each item by `write`.
    #[doc(hidden)]
    pub fn array<T>(&mut self, items: impl IntoIterator<Item = T>, write: impl Fn(T, &mut Writer)) {
        self.out.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write(item, self);
        }
        self.out.push(']');
        self.comma = true;
    }

    /// Writes `text` as a JSON string, escaped as serde_json escapes.
    #[doc(hidden)]
    pub fn string(&mut self, text: &str) {
        self.out.push('"');
        if !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
            self.out.push_str(text);
            self.out.push('"');
            return;
        }
        let mut start = 0;
        for (at, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(text.get(start..at).unwrap_or_default());
            if escape.is_empty() {
                self.out.push_str("\\u00");
                for digit in [byte >> 4, byte & 0xf] {
                    self.out
                        .push(char::from_digit(u32::from(digit), 16).unwrap_or('0'));
                }
            } else {
                self.out.push_str(escape);
            }
            start = at + 1;
        }
        self.out.push_str(text.get(start..).unwrap_or_default());
        self.out.push('"');
    }

    /// Writes as a JSON string text that needs no escaping (a period, a
    /// date: digits, letters, `-` and `/`), formatted straight into the
    /// output.
    #[doc(hidden)]
    pub fn unescaped(&mut self, text: std::fmt::Arguments<'_>) {
        use std::fmt::Write;
        self.out.push('"');
        // Writing into a String cannot fail.
        let _ = self.out.write_fmt(text);
        self.out.push('"');
    }

    /// Writes text that is JSON already (a number, `null`, `true`).
    #[doc(hidden)]
    pub fn raw(&mut self, json: &str) {
        self.out.push_str(json);
    }

    /// Writes a whole number.
    #[doc(hidden)]
    pub fn integer(&mut self, n: i128) {
        if n < 0 {
            self.out.push('-');
        }
        let magnitude = n.unsigned_abs();
        match u64::try_from(magnitude) {
            // Every count and most values: digits by 64-bit division, far
            // faster than 128-bit formatting.
            Ok(mut rest) => {
                let mut digits = [b'0'; 20];
                let mut start = digits.len();
                for slot in digits.iter_mut().rev() {
                    // The last digit of `rest`: below 10.
                    *slot = b'0' + (rest % 10) as u8;
                    start -= 1;
                    rest /= 10;
                    if rest == 0 {
                        break;
                    }
                }
                let text = digits.get(start..).unwrap_or_default();
                self.out
                    .push_str(std::str::from_utf8(text).unwrap_or_default());
            }
            Err(_) => {
                use std::fmt::Write;
                // Writing into a String cannot fail.
                let _ = write!(self.out, "{magnitude}");
            }
        }
    }

    /// Writes `value` through its serde `Serialize` (serde_json's text).
    #[doc(hidden)]
    pub fn serde<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_string(value) {
            Ok(text) => self.out.push_str(&text),
            Err(e) => self.fail(&e.to_string()),
        }
    }
}

/// Implements [`ToJson`] for types written by their serde `Serialize`.
macro_rules! to_json_via_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::json_text::ToJson for $ty {
            #[inline(never)]
            fn write_json(&self, w: &mut $crate::json_text::Writer) {
                w.serde(self);
            }
        }
    )*};
}
pub(crate) use to_json_via_serde;

to_json_via_serde!(f64, serde_json::Value);

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, w: &mut Writer) {
                w.integer(i128::from(*self));
            }
        }
    )*};
}
integers!(u8, u16, u32, u64, i32, i64);

impl ToJson for usize {
    fn write_json(&self, w: &mut Writer) {
        // usize is at most 64 bits on every target Rust supports.
        w.integer(*self as i128);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for Arc<str> {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for Cow<'_, str> {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }

    fn write_fields(&self, w: &mut Writer) {
        (**self).write_fields(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }

    fn write_fields(&self, w: &mut Writer) {
        (**self).write_fields(w);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(value) => value.write_json(w),
            None => w.raw("null"),
        }
    }

    /// A flattened `None` adds no field, as in serde.
    fn write_fields(&self, w: &mut Writer) {
        if let Some(value) = self {
            value.write_fields(w);
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.array(self, T::write_json);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        w.array(self, T::write_json);
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, w: &mut Writer) {
        w.array([0, 1], |i, w| match i {
            0 => self.0.write_json(w),
            _ => self.1.write_json(w),
        });
    }
}

impl<K: JsonKey, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        self.write_fields(w);
        w.end_object();
    }

    fn write_fields(&self, w: &mut Writer) {
        for (key, value) in self {
            w.key(&key.json_key());
            value.write_json(w);
        }
    }
}

impl JsonKey for String {
    fn json_key(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl JsonKey for &str {
    fn json_key(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: &(impl ToJson + ?Sized)) -> String {
        let mut w = Writer::new();
        value.write_json(&mut w);
        w.finish().unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every: String = (0u8..0x80).map(char::from).collect();
        every.push_str("Việt Nam — chỉ tiêu “84,7%” \u{2028}\u{feff}😀");
        for text in [every.as_str(), "", "\"", "\\", "a\u{1f}b", "\u{7f}"] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap_or_default(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbers_and_containers_are_written_as_serde_json_writes_them() {
        for n in [0i64, 7623, -1, i64::MIN, i64::MAX] {
            assert_eq!(written(&n), serde_json::to_string(&n).unwrap_or_default());
        }
        assert_eq!(written(&u64::MAX), u64::MAX.to_string());
        let map: BTreeMap<String, Vec<Option<bool>>> = [
            ("b".to_string(), vec![Some(true), None]),
            ("a".to_string(), vec![]),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            written(&map),
            serde_json::to_string(&map).unwrap_or_default()
        );
        let pair = (1u32, "x".to_string());
        assert_eq!(
            written(&pair),
            serde_json::to_string(&pair).unwrap_or_default()
        );
        assert_eq!(written(&1.5f64), "1.5");
    }

    #[test]
    fn flattening_what_has_no_fields_is_an_error() {
        let mut w = Writer::new();
        w.begin_object();
        7u32.write_fields(&mut w);
        w.end_object();
        assert_eq!(
            w.finish(),
            Err("can only flatten structs and maps".to_string())
        );
    }

    // Every attribute the derive reads, on small types that derive both
    // writers: each value must be written as serde_json writes it.
    mod attributes {
        use std::collections::BTreeMap;

        use serde::Serialize;

        use crate::json_text::ToJson;

        #[derive(Serialize, ToJson)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct Camel {
            pub two_words: u32,
            #[serde(rename = "renamed")]
            pub r#type: String,
            // Never written: the point of the test.
            #[allow(dead_code)]
            #[serde(skip)]
            pub skipped: u32,
            #[allow(dead_code)]
            #[serde(skip_serializing)]
            pub not_written: u32,
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub maybe: Option<i64>,
            #[serde(with = "crate::period::iso_date")]
            pub day: chrono::NaiveDate,
            #[serde(with = "crate::period::iso_date::option")]
            pub no_day: Option<chrono::NaiveDate>,
            #[serde(serialize_with = "crate::number::exact_u64")]
            pub big: u64,
            #[serde(flatten)]
            pub inner: Inner,
            #[serde(flatten)]
            pub absent: Option<Inner>,
            #[serde(flatten)]
            pub extra: BTreeMap<String, Kebab>,
            pub unit: Kebab,
            pub tagged: Tagged,
            pub either: Vec<Either>,
        }

        #[derive(Serialize, ToJson)]
        #[serde(rename_all = "kebab-case")]
        pub struct Inner {
            pub inner_field: bool,
            pub wrapped: Wrapped,
            pub newtype: Newtype,
        }

        #[derive(Serialize, ToJson)]
        #[serde(transparent)]
        pub struct Wrapped {
            pub value: crate::number::Rational,
        }

        #[derive(Serialize, ToJson)]
        pub struct Newtype(pub String);

        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToJson)]
        #[serde(rename_all = "kebab-case")]
        pub enum Kebab {
            OnTrack,
            #[serde(rename = "RENAMED", alias = "x")]
            Renamed,
        }

        #[derive(Serialize, ToJson)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum Screaming {
            AtRisk,
        }

        #[derive(Serialize, ToJson)]
        #[serde(rename_all = "lowercase")]
        pub enum Lower {
            NoData,
        }

        #[derive(Serialize, ToJson)]
        #[serde(rename_all = "camelCase")]
        pub enum CamelEnum {
            NoData,
        }

        #[derive(Serialize, ToJson)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Tagged {
            Point { at: u32 },
        }

        #[derive(Serialize, ToJson)]
        #[serde(untagged)]
        pub enum Either {
            Number(u32),
            Text(String),
            Nothing,
        }

        #[derive(Serialize, ToJson)]
        pub enum Plain {
            Data(u32),
            Unit,
        }

        fn same(value: &(impl Serialize + ToJson)) {
            let expected = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(crate::io::json::to_string(value).ok(), Some(expected));
        }

        #[test]
        fn every_attribute_is_written_as_serde_writes_it() {
            let inner = || Inner {
                inner_field: true,
                wrapped: Wrapped {
                    value: crate::number::Rational::new(566, 9)
                        .unwrap_or(crate::number::Rational::ZERO),
                },
                newtype: Newtype("n\"q".into()),
            };
            let day = chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap_or_default();
            for (maybe, absent, no_day) in
                [(Some(-7), Some(inner()), Some(day)), (None, None, None)]
            {
                same(&Camel {
                    two_words: 2,
                    r#type: "t".into(),
                    skipped: 3,
                    not_written: 4,
                    maybe,
                    day,
                    no_day,
                    big: u64::MAX,
                    inner: inner(),
                    absent,
                    extra: [("k".to_string(), Kebab::OnTrack)].into_iter().collect(),
                    unit: Kebab::Renamed,
                    tagged: Tagged::Point { at: 1 },
                    either: vec![Either::Number(1), Either::Text("a".into()), Either::Nothing],
                });
            }
            same(&Screaming::AtRisk);
            same(&Lower::NoData);
            same(&CamelEnum::NoData);
            same(&vec![Plain::Data(1), Plain::Unit]);
            let keyed: BTreeMap<Kebab, u32> = [(Kebab::OnTrack, 1), (Kebab::Renamed, 2)]
                .into_iter()
                .collect();
            same(&keyed);
        }
    }
}
