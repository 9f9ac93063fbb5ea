//! Reading a request from JSON text in two steps: the header (`version`,
//! `op`) first, so an unsupported version is refused before anything else
//! and the operation picks the struct that reads the rest; then the
//! operation's own fields, in one pass with path tracking.
//!
//! JSON keys come in any order, so the header is found by a first pass
//! that skips everything else and stops as soon as both keys are read
//! (requests usually start with them: the pass then costs nothing). A
//! mistake in the text after them is found by the second pass.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::contract::request::{Op, Request};
use crate::error::{Error, ErrorKind, Result};
use crate::io::json::{MAX_INPUT_BYTES, check_size, from_str, from_str_at};
use crate::model::CONTRACT_VERSION;

/// Reads `version` and `op` from the request text: the raw JSON of each,
/// as far as the object holds them.
fn header(text: &str) -> Result<[Option<&str>; 2]> {
    crate::io::json::raw_fields(text, ["version", "op"])
}

/// The version, checked first: a request for another version of the
/// contract is refused whatever else it holds.
fn check_version(version: Option<&str>) -> Result<()> {
    let Some(version) = version else {
        return Err(Error::new(ErrorKind::MissingField {
            field: "version".into(),
        })
        .at("$"));
    };
    let found: u32 = if version.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        version.parse().map_err(|_| {
            Error::new(ErrorKind::InvalidValue {
                detail: crate::text::Text::new(
                    format!(
                        "`{version}` không phải là phiên bản hợp đồng dữ liệu (một số nguyên như 1)"
                    ),
                    format!("`{version}` is not a contract version (a whole number such as 1)"),
                ),
            })
            .at("$.version")
        })?
    } else {
        from_str_at(version, "$.version")?
    };
    if found != CONTRACT_VERSION {
        return Err(Error::new(ErrorKind::UnsupportedVersion {
            found: u64::from(found),
            supported: CONTRACT_VERSION,
        })
        .at("$.version"));
    }
    Ok(())
}

/// Reads the fields of an operation's request: the text's object, less
/// `version` and `op` (read already), into `T`, which refuses any other
/// field it does not know.
fn body<T: DeserializeOwned>(text: &str) -> Result<T> {
    let Body(value) = from_str::<Body<T>>(text).map_err(at_field)?;
    Ok(value)
}

/// serde names a missing or unknown field at its object; at the top of a
/// request, the field itself is the place (`$.as_of`).
fn at_field(e: Error) -> Error {
    let field = match e.kind() {
        ErrorKind::MissingField { field } | ErrorKind::UnknownField { field } => field.clone(),
        _ => return e,
    };
    if e.path() == "$" {
        e.at(format!("$.{field}"))
    } else {
        e
    }
}

/// Reads the request in `text`.
pub(crate) fn request(text: &str) -> Result<Request> {
    check_size(text.len(), MAX_INPUT_BYTES)?;
    let [version, op] = header(text)?;
    check_version(version)?;
    let Some(op) = op else {
        return Err(Error::new(ErrorKind::MissingField { field: "op".into() }).at("$"));
    };
    let op: Op = from_str_at(op, "$.op")?;
    Ok(match op {
        Op::Progress => Request::Progress(body(text)?),
        Op::Rollup => Request::Rollup(body(text)?),
        #[cfg(feature = "methods")]
        Op::Allocate => Request::Allocate(body(text)?),
        Op::Period => Request::Period(body(text)?),
        Op::Check => Request::Check(body(text)?),
        Op::ReadCsv => Request::ReadCsv(body(text)?),
        Op::WriteCsv => Request::WriteCsv(body(text)?),
        Op::Builtin => Request::Builtin(body(text)?),
        Op::Validate => Request::Validate(body(text)?),
        Op::Rules => Request::Rules(body(text)?),
        Op::ParseRule => Request::ParseRule(body(text)?),
        #[cfg(feature = "areas")]
        Op::Rebase => Request::Rebase(body(text)?),
        #[cfg(feature = "areas")]
        Op::ResolveArea => Request::ResolveArea(body(text)?),
        #[cfg(feature = "areas")]
        Op::Schemes => Request::Schemes(body(text)?),
        #[cfg(feature = "methods")]
        Op::Trend => Request::Trend(body(text)?),
        Op::Expected => Request::Expected(body(text)?),
        #[cfg(feature = "methods")]
        Op::Biproportional => Request::Biproportional(body(text)?),
        Op::Scores => Request::Scores(body(text)?),
        Op::ErrorCodes => Request::ErrorCodes(body(text)?),
        #[cfg(feature = "exchange")]
        Op::ReadDhis2 => Request::ReadDhis2(body(text)?),
        #[cfg(feature = "exchange")]
        Op::WriteDhis2 => Request::WriteDhis2(body(text)?),
        #[cfg(feature = "exchange")]
        Op::Dhis2Rules => Request::Dhis2Rules(body(text)?),
        #[cfg(feature = "exchange")]
        Op::WriteIati => Request::WriteIati(body(text)?),
        // The operations of a feature this build leaves out.
        #[allow(unreachable_patterns)]
        other => return Err(not_in_build(other)),
    })
}

/// The error for an operation whose feature this build leaves out.
fn not_in_build(op: Op) -> Error {
    Error::new(ErrorKind::NotInBuild {
        // Its name as the contract writes it (`read-dhis2`).
        op: serde_json::to_value(op)
            .ok()
            .and_then(|name| name.as_str().map(str::to_string))
            .unwrap_or_default(),
        feature: op.feature().unwrap_or_default().to_string(),
    })
    .at("$.op")
}

/// `T` read from an object whose `version` and `op` keys are skipped.
struct Body<T>(T);

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Body<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Body<T>, D::Error> {
        T::deserialize(SkipHeader(d)).map(Body)
    }
}

/// A deserializer that hands its object to the visitor without the header
/// keys.
struct SkipHeader<D>(D);

impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for SkipHeader<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(SkipVisitor(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(SkipVisitor(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct SkipVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(SkipMap {
            map,
            seen: [false; 2],
        })
    }
}

/// The object's entries less the header keys, each of which may appear
/// once.
struct SkipMap<A> {
    map: A,
    /// Whether `version` and `op` were seen.
    seen: [bool; 2],
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key::<Cow<'de, str>>()? {
            let header = match key.as_ref() {
                "version" => Some(0),
                "op" => Some(1),
                _ => None,
            };
            if let Some(i) = header {
                if let Some(seen) = self.seen.get_mut(i) {
                    if *seen {
                        return Err(de::Error::duplicate_field(if i == 0 {
                            "version"
                        } else {
                            "op"
                        }));
                    }
                    *seen = true;
                }
                self.map.next_value::<IgnoredAny>()?;
                continue;
            }
            let key: de::value::CowStrDeserializer<'de, A::Error> =
                de::IntoDeserializer::into_deserializer(key);
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}
