//! [`FromJson`]: values read straight from the text, by readers that
//! `#[derive(FromJson)]` (the `chitieu-derive` crate) writes from a type's
//! serde attributes. One plain function per type, where serde's derive
//! writes a visitor per type *and* per deserializer, map access and seed,
//! with the field readers inlined into it: the same reading in a fraction
//! of the code, which is what the browser module pays for.
//!
//! The errors are serde's: a reader raises them through `de::Error`, so
//! the words are the same, and places them as serde's path does here (a
//! bad value at its key, an unknown or repeated field at its key, a
//! missing field at its object).
//!
//! A type that still reads through serde (an enum, a type with its own
//! `Deserialize`) is one with `FromJson` derived as such (enums) or
//! declared with [`via_serde!`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de;

use super::{Key, Mark, ReadError, Reader};

/// A type of the contract, read from JSON text by
/// [`crate::io::json::from_str`]: every type a request, a data set or an
/// option holds implements it.
pub trait FromJson: Sized {
    /// Reads the value at the reader's position. An error is placed by
    /// the caller (at the value's path) unless it was placed deeper.
    #[doc(hidden)]
    fn from_json(r: &mut Reader<'_>) -> Result<Self, ReadError>;

    /// The value of an absent field named `field`: serde's rule, an error
    /// for anything but an `Option`.
    #[doc(hidden)]
    fn absent(field: &'static str) -> Result<Self, ReadError> {
        Err(de::Error::missing_field(field))
    }
}

/// Implements [`FromJson`] for types read by their serde `Deserialize`.
macro_rules! via_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::json_text::FromJson for $ty {
            #[inline(never)]
            fn from_json(
                r: &mut $crate::json_text::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::json_text::ReadError> {
                serde::Deserialize::deserialize(r)
            }
        }
    )*};
}
pub(crate) use via_serde;

via_serde!(
    String,
    bool,
    u8,
    u16,
    u32,
    u64,
    i32,
    i64,
    usize,
    serde_json::Value
);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        if r.value_start()? == b'n' {
            r.literal("null")?;
            return Ok(None);
        }
        T::from_json(r).map(Some)
    }

    fn absent(_field: &'static str) -> Result<Self, ReadError> {
        Ok(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        let mut items = Vec::new();
        r.each_element("a sequence", |r| {
            items.push(T::from_json(r)?);
            Ok(())
        })?;
        Ok(items)
    }
}

/// A map from an object: keys read as serde reads them (a name, or a
/// number written as text), a repeated key's last value kept.
impl<K: de::DeserializeOwned + Ord, V: FromJson> FromJson for BTreeMap<K, V> {
    fn from_json(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        let mut object = r.object("a map")?;
        let mut map = BTreeMap::new();
        let read = (|| {
            while let Some(key) = r.key(&mut object)? {
                let key = K::deserialize(Key(key)).map_err(|e| r.place(e))?;
                match V::from_json(r) {
                    Ok(value) => map.insert(key, value),
                    Err(e) => return Err(r.place(e)),
                };
            }
            Ok(())
        })();
        r.end_object(object, read).map(|()| map)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        T::from_json(r).map(Box::new)
    }
}

/// The keys a generated reader knows, as data its one look-up reads.
pub(crate) struct Fields {
    /// Every name a key may have, as serde lists them for its "expected
    /// one of" (each field's names sorted, its own among its aliases).
    pub(crate) names: &'static [&'static str],
    /// The slot (field) each of `names` fills.
    pub(crate) slots: &'static [u8],
    /// Each slot's own name (for "duplicate field").
    pub(crate) own: &'static [&'static str],
    /// Whether a key not in `names` is an error (else it is skipped).
    pub(crate) deny_unknown: bool,
}

/// The variants of an enum whose variants are all units, as data its
/// generated reader hands to [`Reader::unit_variant`].
pub(crate) struct Variants {
    /// Every name a variant may have, as serde lists them for its
    /// "expected one of" (each variant's names sorted, its own among its
    /// aliases).
    pub(crate) names: &'static [&'static str],
    /// The variant (its position) each of `names` is.
    pub(crate) index: &'static [u8],
    /// How many variants there are.
    pub(crate) count: u8,
    /// serde's words for the value expected: `enum Severity`.
    pub(crate) expecting: &'static str,
}

/// Reads one of `Variants` the way serde's derived visitors do, with one
/// visitor for every enum: a name (or, in serde's object form, a name
/// keying `null`), or the variant's index.
struct UnitVariant(&'static Variants);

impl<'de> de::Visitor<'de> for UnitVariant {
    type Value = u8;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.expecting)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<u8, A::Error> {
        let (index, variant) = data.variant_seed(self)?;
        de::VariantAccess::unit_variant(variant)?;
        Ok(index)
    }
}

impl<'de> de::DeserializeSeed<'de> for UnitVariant {
    type Value = u8;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
        d.deserialize_identifier(VariantName(self.0))
    }
}

/// A variant's name or index.
struct VariantName(&'static Variants);

impl de::Visitor<'_> for VariantName {
    type Value = u8;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<u8, E> {
        match u8::try_from(index) {
            Ok(i) if i < self.0.count => Ok(i),
            _ => Err(E::invalid_value(
                de::Unexpected::Unsigned(index),
                &format!("variant index 0 <= i < {}", self.0.count).as_str(),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<u8, E> {
        let known = self.0.names.iter().position(|n| *n == name);
        match known.and_then(|at| self.0.index.get(at)) {
            Some(&i) => Ok(i),
            None => Err(E::unknown_variant(name, self.0.names)),
        }
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<u8, E> {
        match std::str::from_utf8(bytes) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::unknown_variant(
                &String::from_utf8_lossy(bytes),
                self.0.names,
            )),
        }
    }
}

/// An object being read: where it opened, and whether a key was read.
pub(crate) struct Object {
    mark: Mark,
    first: bool,
}

/// An array being read: where it opened, and the next element's index.
struct Array {
    mark: Mark,
    index: usize,
}

impl<'de> Reader<'de> {
    /// Reads a unit variant of `variants`: its position.
    pub(crate) fn unit_variant(&mut self, variants: &'static Variants) -> Result<u8, ReadError> {
        de::Deserializer::deserialize_enum(&mut *self, "", &[], UnitVariant(variants))
    }

    /// Consumes an object's `{`, or says what was found instead of
    /// `expected` (serde's words: `struct Observation`).
    pub(crate) fn object(&mut self, expected: &'static str) -> Result<Object, ReadError> {
        match self.value_start()? {
            b'{' => Ok(Object {
                mark: self.open()?,
                first: true,
            }),
            _ => Err(self.wrong(&expected)),
        }
    }

    /// The object's next key (on the path until the next one), or `None`
    /// once its `}` is consumed. The outermost object's header keys are
    /// skipped here.
    pub(crate) fn key(&mut self, object: &mut Object) -> Result<Option<Cow<'de, str>>, ReadError> {
        loop {
            let key = self
                .next_key(&mut object.first, object.mark.path)
                .map_err(|e| self.place(e))?;
            let Some(key) = key else { return Ok(None) };
            let header = self.header.iter().position(|h| *h == key);
            match header {
                Some(i) if object.mark.depth == 0 => {
                    let bit = 1 << i;
                    if self.header_seen & bit != 0 {
                        let name = self.header.get(i).copied().unwrap_or_default();
                        return Err(self.place(de::Error::duplicate_field(name)));
                    }
                    self.header_seen |= bit;
                    self.skip_value().map_err(|e| self.place(e))?;
                }
                _ => return Ok(Some(key)),
            }
        }
    }

    /// The slot `key` fills, marked in `seen`; `None` for a key skipped.
    /// A key seen before, or one `fields` refuse, is serde's error, at
    /// the key.
    pub(crate) fn slot(
        &mut self,
        key: &str,
        fields: &Fields,
        seen: &mut u64,
    ) -> Result<Option<usize>, ReadError> {
        let found = fields.names.iter().position(|name| *name == key);
        let Some(slot) = found.and_then(|i| fields.slots.get(i)) else {
            if fields.deny_unknown {
                return Err(self.place(de::Error::unknown_field(key, fields.names)));
            }
            self.skip_value().map_err(|e| self.place(e))?;
            return Ok(None);
        };
        let bit = 1u64 << slot;
        if *seen & bit != 0 {
            let name = fields
                .own
                .get(usize::from(*slot))
                .copied()
                .unwrap_or_default();
            return Err(self.place(de::Error::duplicate_field(name)));
        }
        *seen |= bit;
        Ok(Some(usize::from(*slot)))
    }

    /// Closes an object after its reader went through its keys: back to
    /// the object's path, with the reader's error if it stopped early.
    pub(crate) fn end_object(
        &mut self,
        object: Object,
        read: Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.end_container(object.mark, true, read)
    }

    /// Back to a container's path; past it when its reader read it well.
    fn end_container(
        &mut self,
        mark: Mark,
        object: bool,
        read: Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        match read {
            Ok(()) => self.close(mark, object),
            Err(e) => {
                self.path.truncate(mark.path);
                Err(e)
            }
        }
    }

    /// Reads an array, each element by `read` (an error placed at the
    /// element), or says what was found instead of `expected`.
    pub(crate) fn each_element(
        &mut self,
        expected: &'static str,
        mut read: impl FnMut(&mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let mut array = self.array(expected)?;
        let outcome = (|| {
            while self.element(&mut array)? {
                read(self).map_err(|e| self.place(e))?;
            }
            Ok(())
        })();
        self.end_container(array.mark, false, outcome)
    }

    /// Consumes an array's `[`, or says what was found instead of
    /// `expected`.
    fn array(&mut self, expected: &'static str) -> Result<Array, ReadError> {
        match self.value_start()? {
            b'[' => Ok(Array {
                mark: self.open()?,
                index: 0,
            }),
            _ => Err(self.wrong(&expected)),
        }
    }

    /// Whether another element follows (its index then on the path).
    fn element(&mut self, array: &mut Array) -> Result<bool, ReadError> {
        let more = self
            .next_element(array.index, array.mark.path)
            .map_err(|e| self.place(e))?;
        array.index += usize::from(more);
        Ok(more)
    }
}

#[cfg(test)]
mod tests {
    //! The generated readers against serde's derived ones, on the same
    //! deserializer: on data sets and options with mistakes put in, both
    //! accept or refuse alike, read the same value, and give the same
    //! message at the same path.

    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use proptest::prelude::*;
    use serde_json::Value;

    use crate::json_text::{FromJson, Reader};
    use crate::model::DataSet;
    use crate::progress::ProgressOptions;
    use crate::rules::ValidateOptions;

    /// Every object in `value`, depth first, by a path of steps.
    fn objects(value: &Value, at: &mut Vec<Vec<Step>>, here: &mut Vec<Step>) {
        match value {
            Value::Object(map) => {
                at.push(here.clone());
                for (key, child) in map {
                    here.push(Step::Key(key.clone()));
                    objects(child, at, here);
                    here.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    here.push(Step::Index(i));
                    objects(child, at, here);
                    here.pop();
                }
            }
            _ => {}
        }
    }

    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn object_at<'v>(
        value: &'v mut Value,
        path: &[Step],
    ) -> &'v mut serde_json::Map<String, Value> {
        let mut here = value;
        for step in path {
            here = match step {
                Step::Key(k) => here.get_mut(k.as_str()).unwrap(),
                Step::Index(i) => here.get_mut(*i).unwrap(),
            };
        }
        here.as_object_mut().unwrap()
    }

    /// Values of every kind, to put where another was.
    fn replacement(pick: usize) -> Value {
        let texts = [
            "null", "0", "-1", "1.5", "\"x\"", "\"\"", "[]", "{}", "true", "[1]",
        ];
        serde_json::from_str(texts[pick % texts.len()]).unwrap()
    }

    /// `text` with one mistake: a key removed, an unknown key added, a
    /// value of another kind, or a key repeated.
    fn mutated(text: &str, which: usize, key: usize, kind: usize) -> String {
        let mut value: Value = serde_json::from_str(text).unwrap();
        let mut all = Vec::new();
        objects(&value, &mut all, &mut Vec::new());
        let path = all[which % all.len()].clone();
        let object = object_at(&mut value, &path);
        let keys: Vec<String> = object.keys().cloned().collect();
        let chosen = keys.get(key % keys.len().max(1)).cloned();
        match (kind % 4, chosen) {
            (0, Some(k)) => {
                object.remove(&k);
            }
            (1, _) | (_, None) => {
                object.insert("zzz".into(), Value::from(1));
            }
            (2, Some(k)) => {
                object.insert(k, replacement(key / 7));
            }
            (_, Some(k)) => {
                // A key written twice: a marker put first, then swapped
                // for a copy of the member.
                let member = format!("\"{k}\":{}", object[&k]);
                object.insert("\u{1}dup".into(), Value::Null);
                return value.to_string().replace("\"\\u0001dup\":null", &member);
            }
        }
        value.to_string()
    }

    /// An error's message (less the number of a crate error carried
    /// through serde, which counts up) and path.
    pub(super) fn words(e: &crate::json_text::ReadError) -> (String, Option<String>) {
        let message = match e.message.split_once("chitieu:") {
            Some((marker, rest)) => {
                let words = rest.split_once(':').map_or(rest, |(_, words)| words);
                format!("{marker}chitieu:{words}")
            }
            None => e.message.clone(),
        };
        (message, e.path.clone())
    }

    type Outcome<T> = Result<T, (String, Option<String>)>;

    /// Both readers on `text`: the value, or the message and path.
    fn both<T>(text: &str) -> (Outcome<T>, Outcome<T>)
    where
        T: FromJson + serde::de::DeserializeOwned,
    {
        let own = Reader::read_own::<T>(text, &[]).map_err(|e| words(&e));
        let serde = Reader::read::<T>(text).map_err(|e| words(&e));
        (own, serde)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        #[test]
        fn data_sets_read_as_serde_reads_them(
            sample in 0usize..2, which in any::<usize>(), key in any::<usize>(), kind in any::<usize>(),
        ) {
            let text = [crate::builtin::project8_json(), include_str!("../../data/sample-report.json")][sample];
            let text = mutated(text, which, key, kind);
            let (own, serde) = both::<DataSet>(&text);
            prop_assert_eq!(own, serde, "{}", text);
        }

        #[test]
        fn options_read_as_serde_reads_them(which in any::<usize>(), key in any::<usize>(), kind in any::<usize>()) {
            let validate = r##"{"disabled": ["a"], "severity": {"r": "warning"}, "stock_drop_percent": 20,
                "eligibility": {"community-communication-group": ["especially-difficult-village"]},
                "rules": [{"id": "R1", "expression": "#{T} >= #{W}", "severity": "error",
                    "title": {"vi": "Quy tắc", "en": "Rule"}, "period_types": ["year"],
                    "missing": {"left": "never-skip", "right": "skip-if-any-missing"},
                    "area_levels": ["province"]}]}"##;
            let text = mutated(validate, which, key, kind);
            let (own, serde) = both::<ValidateOptions>(&text);
            prop_assert_eq!(own, serde, "{}", text);
            let progress = r#"{"lang": "en", "decimals": 2, "pace_period": "year", "text": true,
                "maintain_tolerance_percent": 5, "expected": {"kind": "linear"}}"#;
            let text = mutated(progress, which, key, kind);
            let (own, serde) = both::<ProgressOptions>(&text);
            prop_assert_eq!(own, serde, "{}", text);
        }
    }
}

#[cfg(test)]
mod attributes {
    //! Every serde attribute the derive reads, on small types deriving
    //! both readers: the same value, or the same message at the same path,
    //! for inputs that exercise each.

    #![allow(clippy::unwrap_used)]

    use serde::Deserialize;

    use crate::json_text::{FromJson, Reader};

    fn default_count() -> u32 {
        7
    }

    fn doubled<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        u32::deserialize(d).map(|n| n * 2)
    }

    #[derive(Debug, PartialEq, Deserialize, crate::json_text::FromJson)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Renamed {
        first_name: String,
        #[serde(rename = "AGE")]
        age: u32,
        #[serde(alias = "nick", alias = "handle", default)]
        nickname: Option<String>,
        #[serde(default = "default_count")]
        count: u32,
        #[serde(skip)]
        skipped: u32,
        #[serde(deserialize_with = "doubled")]
        twice: u32,
        #[serde(with = "crate::period::iso_date")]
        day: chrono::NaiveDate,
        r#type: Option<u8>,
    }

    #[derive(Debug, PartialEq, Default, Deserialize, crate::json_text::FromJson)]
    #[serde(default, rename_all = "kebab-case")]
    struct Defaults {
        big_number: u64,
        words: Vec<String>,
        inner: Option<Box<Defaults>>,
    }

    #[derive(Debug, PartialEq, Deserialize, crate::json_text::FromJson)]
    #[serde(transparent)]
    struct Wrapped {
        inner: Vec<u8>,
    }

    #[derive(Debug, PartialEq, Deserialize, crate::json_text::FromJson)]
    #[serde(try_from = "Defaults")]
    struct Checked {
        big: u64,
    }

    impl TryFrom<Defaults> for Checked {
        type Error = String;
        fn try_from(d: Defaults) -> Result<Checked, String> {
            if d.big_number > 100 {
                return Err(format!("{} is too big", d.big_number));
            }
            Ok(Checked { big: d.big_number })
        }
    }

    #[derive(Debug, PartialEq, Deserialize, crate::json_text::FromJson)]
    #[serde(rename_all = "kebab-case")]
    enum Kebab {
        OnTrack,
        #[serde(rename = "RENAMED", alias = "old", alias = "older")]
        Renamed,
        AtRisk,
    }

    #[derive(Debug, PartialEq, Deserialize, crate::json_text::FromJson)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE", rename = "Shout")]
    enum Screaming {
        NoData,
    }

    #[derive(Debug, PartialEq, Deserialize, crate::json_text::FromJson)]
    #[serde(rename_all = "lowercase")]
    enum Lower {
        NoData,
        Other,
    }

    type Outcome<T> = Result<T, (String, Option<String>)>;

    fn both<T: FromJson + serde::de::DeserializeOwned>(text: &str) -> (Outcome<T>, Outcome<T>) {
        let words = |e: crate::json_text::ReadError| super::tests::words(&e);
        (
            Reader::read_own::<T>(text, &[]).map_err(words),
            Reader::read::<T>(text).map_err(words),
        )
    }

    /// Asserts that each of `texts` reads as serde reads it (the same
    /// value, or the same message at the same path), naming the text
    /// that does not (a failure is reported at the caller's line).
    #[track_caller]
    fn assert_reads_as_serde<T>(texts: &[&str])
    where
        T: FromJson + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        for text in texts {
            let (own, serde) = both::<T>(text);
            assert_eq!(own, serde, "{text}");
        }
    }

    #[test]
    fn every_attribute_reads_as_serde_reads_it() {
        let renamed = [
            r#"{"firstName": "Lan", "AGE": 30, "twice": 4, "day": "2024-02-29", "type": 3}"#,
            r#"{"firstName": "Lan", "AGE": 30, "nick": "L", "count": 1, "twice": 4, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "handle": "L", "twice": 4, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "nick": "L", "nickname": "M", "twice": 4, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "age": 30, "twice": 4, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "skipped": 1, "twice": 4, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "twice": 4}"#,
            r#"{"AGE": 30, "twice": 4, "day": "2024-02-29"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "twice": "4", "day": "2024-02-30"}"#,
            r#"{"firstName": "Lan", "AGE": 30, "twice": 4, "day": "2024-02-30"}"#,
            r#"{"firstName": "Lan", "firstName": "Mai", "AGE": 30}"#,
            r#"{"firstName": 1}"#,
            r#"["Lan", 30]"#,
            r#"{"firstName": "Lan", "AGE": 30, "twice": 4, "day": "2024-02-29", "type": 300}"#,
        ];
        assert_reads_as_serde::<Renamed>(&renamed);
        assert_reads_as_serde::<Defaults>(&[
            r#"{}"#,
            r#"{"big-number": 5, "words": ["a"], "inner": {"words": []}, "other": 1}"#,
            r#"{"inner": {"inner": {"big-number": "x"}}}"#,
            r#"{"words": [1]}"#,
            r#"{"inner": null}"#,
            r#"3"#,
        ]);
        assert_reads_as_serde::<Wrapped>(&[r#"[1, 2]"#, r#"[1, 300]"#, r#"{"inner": [1]}"#]);
        assert_reads_as_serde::<Checked>(&[
            r#"{"big-number": 5}"#,
            r#"{"big-number": 500}"#,
            r#"{"words": 1}"#,
        ]);
        assert_reads_as_serde::<Kebab>(&[
            r#""on-track""#,
            r#""RENAMED""#,
            r#""old""#,
            r#""older""#,
            r#""renamed""#,
            r#""at-risk""#,
            r#"{"at-risk": null}"#,
            r#"{"at-risk": 1}"#,
            r#"{"at-risk": null, "on-track": null}"#,
            r#"{}"#,
            r#"{"nope": null}"#,
            r#"1"#,
            r#"[]"#,
            r#"null"#,
        ]);
        assert_reads_as_serde::<Screaming>(&[r#""NO_DATA""#, r#""no_data""#, r#"true"#]);
        assert_reads_as_serde::<Lower>(&[
            r#""nodata""#,
            r#""other""#,
            r#""x""#,
            r#"{"other": {}}"#,
        ]);
        assert_eq!(both::<Kebab>(r#""older""#).0, Ok(Kebab::Renamed));
        // The values read, not only the agreement.
        let (own, _) = both::<Renamed>(renamed[0]);
        let own = own.unwrap();
        assert_eq!(
            (own.count, own.skipped, own.twice, own.r#type),
            (7, 0, 8, Some(3))
        );
        let (own, _) = both::<Checked>(r#"{"big-number": 500}"#);
        assert_eq!(
            own.unwrap_err(),
            ("500 is too big".to_string(), Some(String::new()))
        );
    }
}
