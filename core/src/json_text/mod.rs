//! The JSON reader behind [`crate::io::json`]: JSON text in, the
//! contract's types out, with the JSON path of every error. It knows
//! nothing of the domain, so every layer can read JSON with it (the model
//! reads its built-in framework).
//!
//! The contract's structs are read by [`FromJson`] readers that
//! `chitieu-derive` generates from their serde attributes (see
//! `from_json`); enums and the few types with a `Deserialize` of their own
//! are read through serde, for which the [`Reader`] is a `Deserializer`.
//! serde_json's deserializer inlines its parsing into every visitor it is
//! given; here the scanning is plain functions, and the generic part of
//! each `deserialize_*` only hands what was scanned to the visitor.
//!
//! The path is kept while reading (a stack of key spans and array indices,
//! cheap to push), so an error is placed where it happened: a bad value at
//! its key, a missing field at its object, an unknown field at its key.
//! An error is placed by the innermost call that hands a value to a seed,
//! before the containers around it close.
//!
//! Numbers follow serde_json with `arbitrary_precision`, as the crate's
//! readers expect: `deserialize_any` hands a number over as its text (the
//! map `{"$serde_json::private::Number": "84.7"}`), which [`Rational`]
//! reads exactly; the typed methods (`deserialize_u64`…) read `u64`, `i64`
//! or `f64`.
//!
//! [`Rational`]: crate::Rational

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};

mod from_json;
mod to_json;
pub(crate) use chitieu_derive::{FromJson, ToJson};
pub use from_json::FromJson;
pub(crate) use from_json::{Fields, Variants, via_serde};
pub(crate) use to_json::to_json_via_serde;
pub use to_json::{JsonKey, ToJson, Writer};

/// The contract's name of a unit variant (`not-started`, `more-than`): the
/// one way an enum is turned into text, the same as its JSON.
pub(crate) fn name_of<T: JsonKey>(value: &T) -> String {
    value.json_key().into_owned()
}

/// Maximum nesting depth accepted in JSON input (serde_json's limit too):
/// deeper text is refused, so reading never exhausts the stack.
pub const MAX_DEPTH: usize = 128;

/// The key under which a number's text is handed to `deserialize_any`
/// visitors (serde_json's, so `serde_json::Value` reads it too).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// What kind of mistake stopped the reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The value is not what its place takes (serde's message says how).
    Data,
    /// The text is not JSON, at this byte offset.
    Syntax(usize),
    /// A number too large for any type, at this byte offset.
    OutOfRange(usize),
    /// A `\uD800`–`\uDFFF` escape without its pair, at this byte offset.
    LoneSurrogate(usize),
}

/// Why reading stopped: serde's or the scanner's message, and the path of
/// the value it belongs to once placed. Boxed: every reader returns it in
/// its `Result`, so its size is paid in each move of every value read.
#[derive(Debug)]
pub struct ReadError(pub(crate) Box<Details>);

/// What a [`ReadError`] holds.
#[derive(Debug)]
pub struct Details {
    /// What kind of mistake.
    pub(crate) fault: Fault,
    /// The message, in serde's words for data errors.
    pub(crate) message: String,
    /// The path relative to the text read (`observations[3].value`; empty
    /// for the whole text), once placed.
    pub(crate) path: Option<String>,
}

impl ReadError {
    fn new(fault: Fault, message: impl Into<String>) -> ReadError {
        ReadError(Box::new(Details {
            fault,
            message: message.into(),
            path: None,
        }))
    }
}

impl std::ops::Deref for ReadError {
    type Target = Details;

    fn deref(&self) -> &Details {
        &self.0
    }
}

impl std::ops::DerefMut for ReadError {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> ReadError {
        ReadError::new(Fault::Data, message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> ReadError {
        let found = found(&unexpected);
        ReadError::custom(format_args!("invalid type: {found}, expected {expected}"))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> ReadError {
        let found = found(&unexpected);
        ReadError::custom(format_args!("invalid value: {found}, expected {expected}"))
    }
}

/// What was found, in serde's words but with JSON's `null` for serde's
/// "unit value". Written here rather than through `Unexpected`'s
/// `Display`, whose float arm brings in the standard library's float
/// formatting (14 KB of the browser module) for a message: floats are
/// written by serde_json's shortest round-trip writer instead.
fn found(unexpected: &Unexpected<'_>) -> String {
    match *unexpected {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Float(f) => {
            let text = serde_json::to_string(&f).unwrap_or_default();
            format!("floating point `{text}`")
        }
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {s:?}"),
        Unexpected::Bytes(_) => "byte array".into(),
        Unexpected::Unit => "null".into(),
        Unexpected::Option => "Option value".into(),
        Unexpected::NewtypeStruct => "newtype struct".into(),
        Unexpected::Seq => "sequence".into(),
        Unexpected::Map => "map".into(),
        Unexpected::Enum => "enum".into(),
        Unexpected::UnitVariant => "unit variant".into(),
        Unexpected::NewtypeVariant => "newtype variant".into(),
        Unexpected::TupleVariant => "tuple variant".into(),
        Unexpected::StructVariant => "struct variant".into(),
        Unexpected::Other(other) => other.into(),
    }
}

/// One step of the path: an object's key (its raw text's byte span) or an
/// array's index.
#[derive(Debug, Clone, Copy)]
enum Step {
    Key(usize, usize),
    Index(usize),
}

/// Where a container was opened: the path and depth to return to.
#[derive(Clone, Copy)]
struct Mark {
    path: usize,
    depth: usize,
}

/// Deserializer methods that hand their visitor to one other method.
macro_rules! forward {
    ($target:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            self.$target(visitor)
        }
    )*};
}

/// What [`simple_float`] makes of a number's text.
#[derive(Debug, PartialEq)]
enum SimpleFloat {
    /// The float the text names, exactly as the standard parser gives it.
    Exact(f64),
    /// Beyond the largest float.
    OutOfRange,
    /// A float that needs the full parser (over 15 significant digits, or
    /// a power of ten beyond 10^±22).
    Unknown,
}

/// Exact powers of ten as floats (5^22 < 2^53, so each is exact).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The float a JSON number's text names, by the standard parser's fast
/// path only: at most 15 significant digits times a power of ten up to
/// 10^±22 is one IEEE operation on two exact values, so correctly
/// rounded. Also says when the text is beyond the largest float.
fn simple_float(text: &str) -> SimpleFloat {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent),
        None => (unsigned, "0"),
    };
    // A huge exponent saturates: the number is out of range or below the
    // smallest float either way.
    let exponent = exponent
        .parse::<i64>()
        .unwrap_or(if exponent.starts_with('-') {
            -100_000
        } else {
            100_000
        });
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b.wrapping_sub(b'0'))
        .collect();
    let (Some(first), Some(last)) = (
        digits.iter().position(|&d| d != 0),
        digits.iter().rposition(|&d| d != 0),
    ) else {
        return SimpleFloat::Exact(if negative { -0.0 } else { 0.0 });
    };
    let significant = digits.get(first..=last).unwrap_or_default();
    // value = significant × 10^scale
    let scale = exponent.saturating_sub(fraction.len() as i64) + (digits.len() - 1 - last) as i64;
    let leading = scale + significant.len() as i64 - 1;
    // Half-way between the largest float and the next power of two, where
    // the parser rounds to infinity.
    const HALF_WAY: &[u8] = &[1, 7, 9, 7, 6, 9, 3, 1, 3, 4, 8, 6, 2, 3, 1, 5, 8, 0, 7, 9];
    if leading > 308 || (leading == 308 && significant >= HALF_WAY) {
        return SimpleFloat::OutOfRange;
    }
    let power = usize::try_from(scale.unsigned_abs())
        .ok()
        .and_then(|p| POWERS_OF_TEN.get(p));
    let (Some(&power), true) = (power, significant.len() <= 15) else {
        return SimpleFloat::Unknown;
    };
    // At most 15 digits: below 2^53, exact as a float.
    let m = significant.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
    let value = if scale >= 0 { m * power } else { m / power };
    SimpleFloat::Exact(if negative { -value } else { value })
}

/// A number as the typed methods hand it over.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

/// A number as `deserialize_any` hands it over (serde_json's way with
/// `arbitrary_precision`): an integer that fits as itself, anything else
/// as its text.
enum AnyNumber<'de> {
    Unsigned(u64),
    Signed(i64),
    Text(&'de str),
}

/// JSON text being read.
pub struct Reader<'de> {
    text: &'de str,
    pos: usize,
    /// Open objects and arrays.
    depth: usize,
    path: Vec<Step>,
    /// Keys of the outermost object that were read already (a request's
    /// `version` and `op`): its readers skip them, once each.
    header: &'static [&'static str],
    /// Which of `header` were seen, by bit.
    header_seen: u32,
}

impl<'de> Reader<'de> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'de str) -> Reader<'de> {
        Reader {
            text,
            pos: 0,
            depth: 0,
            path: Vec::new(),
            header: &[],
            header_seen: 0,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        loop {
            match self.byte() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.pos += 1,
                other => return other,
            }
        }
    }

    fn syntax(&self, message: &str) -> ReadError {
        ReadError::new(Fault::Syntax(self.pos), message)
    }

    /// The next value's first byte.
    fn value_start(&mut self) -> Result<u8, ReadError> {
        self.peek()
            .ok_or_else(|| self.syntax("EOF while parsing a value"))
    }

    /// Consumes `word` (`true`, `false`, `null`).
    fn literal(&mut self, word: &str) -> Result<(), ReadError> {
        let end = self.pos + word.len();
        match self.text.get(self.pos..end) {
            Some(found) if found == word => {
                self.pos = end;
                Ok(())
            }
            _ => {
                let matched = self
                    .text
                    .bytes()
                    .skip(self.pos)
                    .zip(word.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                self.pos += matched;
                Err(if self.pos >= self.text.len() {
                    self.syntax("EOF while parsing a value")
                } else {
                    self.syntax("expected ident")
                })
            }
        }
    }

    fn boolean(&mut self) -> Result<bool, ReadError> {
        if self.byte() == Some(b't') {
            self.literal("true").map(|()| true)
        } else {
            self.literal("false").map(|()| false)
        }
    }

    /// Consumes the string starting at the current `"`: borrowed from the
    /// text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, ReadError> {
        self.pos += 1;
        let start = self.pos;
        self.plain_run();
        match self.byte() {
            Some(b'"') => {
                let text = self.text.get(start..self.pos).unwrap_or_default();
                self.pos += 1;
                Ok(Cow::Borrowed(text))
            }
            Some(b'\\') => {
                let mut owned = String::from(self.text.get(start..self.pos).unwrap_or_default());
                self.escaped_rest(&mut owned)?;
                Ok(Cow::Owned(owned))
            }
            Some(_) => {
                Err(self.syntax("control character (\\u0000-\\u001F) found while parsing a string"))
            }
            None => Err(self.syntax("EOF while parsing a string")),
        }
    }

    /// Moves past a string's characters up to its next `"`, `\\` or
    /// control character: eight bytes at a time, as strings are most of
    /// what a data set's text holds.
    fn plain_run(&mut self) {
        const ONES: u64 = u64::from_le_bytes([1; 8]);
        const HIGH: u64 = ONES << 7;
        /// The high bit of each byte of `x` that is zero (and perhaps of
        /// bytes after it, which the lowest hit makes moot).
        fn zero_bytes(x: u64) -> u64 {
            x.wrapping_sub(ONES) & !x & HIGH
        }
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        let mut chunks = rest.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let x = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
            let hits = zero_bytes(x ^ (ONES * u64::from(b'"')))
                | zero_bytes(x ^ (ONES * u64::from(b'\\')))
                | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
            if hits != 0 {
                self.pos += (hits.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        let tail = chunks.remainder();
        self.pos += tail
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(tail.len());
    }

    /// The rest of a string that holds escapes, from the first `\`.
    fn escaped_rest(&mut self, out: &mut String) -> Result<(), ReadError> {
        loop {
            let run = self.pos;
            self.plain_run();
            out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            match self.byte() {
                None => return Err(self.syntax("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(out)?;
                }
                Some(_) => {
                    return Err(self.syntax(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
    }

    /// One escape, after its `\`.
    fn escape(&mut self, out: &mut String) -> Result<(), ReadError> {
        let Some(b) = self.byte() else {
            return Err(self.syntax("EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(self.syntax("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    /// The character of a `\u` escape (and of its pair's, for a
    /// surrogate), after the `u`.
    fn unicode_escape(&mut self) -> Result<char, ReadError> {
        let start = self.pos.saturating_sub(2);
        let first = self.hex4()?;
        if !(0xD800..0xE000).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.syntax("invalid unicode code point"));
        }
        let lone = || {
            ReadError::new(
                Fault::LoneSurrogate(start),
                "lone leading surrogate in hex escape",
            )
        };
        if first >= 0xDC00 || self.text.get(self.pos..self.pos + 2) != Some("\\u") {
            return Err(lone());
        }
        self.pos += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(lone());
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(code).ok_or_else(|| self.syntax("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, ReadError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = match self.byte() {
                None => return Err(self.syntax("EOF while parsing a string")),
                Some(b) => (b as char).to_digit(16),
            };
            let Some(digit) = digit else {
                return Err(self.syntax("invalid escape"));
            };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.byte() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Consumes a number and gives its text, checked against JSON's
    /// grammar (`-0.5e3`; no `+`, no leading zeros, no bare `.`).
    fn number(&mut self) -> Result<&'de str, ReadError> {
        self.number_parts().map(|(text, _)| text)
    }

    /// The same, and whether it is an integer (no fraction, no exponent).
    fn number_parts(&mut self) -> Result<(&'de str, bool), ReadError> {
        let start = self.pos;
        if self.byte() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.digits() {
            0 if self.byte().is_none() => return Err(self.syntax("EOF while parsing a value")),
            0 if self.pos == start => return Err(self.syntax("expected value")),
            0 => return Err(self.syntax("invalid number")),
            n if n > 1 && self.text.as_bytes().get(int_start) == Some(&b'0') => {
                self.pos = int_start + 1;
                return Err(self.syntax("invalid number"));
            }
            _ => {}
        }
        let mut integer = true;
        if self.byte() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.syntax("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.byte() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax("invalid number"));
            }
        }
        Ok((self.text.get(start..self.pos).unwrap_or_default(), integer))
    }

    /// A number's value for the typed methods: an integer that fits is
    /// `u64` or `i64`, anything else `f64` (as serde_json reads it).
    fn number_value(&mut self) -> Result<Number, ReadError> {
        let start = self.pos;
        let (text, integer) = self.number_parts()?;
        if integer {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Number::Unsigned(n));
            }
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Number::Signed(n));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Number::Float(f)),
            _ => Err(ReadError::new(
                Fault::OutOfRange(start),
                "number out of range",
            )),
        }
    }

    /// Consumes a number for `deserialize_any`.
    fn any_number(&mut self) -> Result<AnyNumber<'de>, ReadError> {
        let (text, integer) = self.number_parts()?;
        let exact = match (integer, text.starts_with('-')) {
            (false, _) => None,
            (true, false) => text.parse().ok().map(AnyNumber::Unsigned),
            // `-0` goes as text, which keeps its sign.
            (true, true) if text == "-0" => None,
            (true, true) => text.parse().ok().map(AnyNumber::Signed),
        };
        Ok(exact.unwrap_or(AnyNumber::Text(text)))
    }

    /// Consumes whatever value is next, checking its syntax.
    fn skip_value(&mut self) -> Result<(), ReadError> {
        match self.value_start()? {
            b'"' => self.string().map(drop),
            b't' | b'f' => self.boolean().map(drop),
            b'n' => self.literal("null"),
            b'{' => {
                let mark = self.open()?;
                let mut first = true;
                while self.next_key(&mut first, mark.path)?.is_some() {
                    self.skip_value()?;
                }
                self.path.truncate(mark.path);
                Ok(())
            }
            b'[' => {
                let mark = self.open()?;
                let mut index = 0;
                while self.next_element(index, mark.path)? {
                    self.skip_value()?;
                    index += 1;
                }
                self.path.truncate(mark.path);
                Ok(())
            }
            _ => self.number().map(drop),
        }
    }

    /// Consumes the `{` or `[` of a container.
    fn open(&mut self) -> Result<Mark, ReadError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.syntax("recursion limit exceeded"));
        }
        let mark = Mark {
            path: self.path.len(),
            depth: self.depth,
        };
        self.pos += 1;
        self.depth += 1;
        Ok(mark)
    }

    /// After a visitor read a container well: back to its path, and past
    /// any entries it left unread.
    fn close(&mut self, mark: Mark, object: bool) -> Result<(), ReadError> {
        self.path.truncate(mark.path);
        if self.depth > mark.depth {
            if object {
                let mut first = false;
                while self.next_key(&mut first, mark.path)?.is_some() {
                    self.skip_value()?;
                }
            } else {
                return Err(ReadError::new(
                    Fault::Data,
                    "invalid length: the array has more elements than expected",
                ));
            }
        }
        self.path.truncate(mark.path);
        Ok(())
    }

    /// After a visitor gave up on a container with `error`: an unknown or
    /// repeated field, raised once its key was read, belongs to that key;
    /// anything else not placed yet (a missing field) to the container.
    fn abandon(&mut self, mark: Mark, error: ReadError) -> ReadError {
        let at_key = self.path.len() > mark.path
            && (error.message.starts_with("unknown field")
                || error.message.starts_with("duplicate field"));
        let error = if at_key { self.place(error) } else { error };
        self.path.truncate(mark.path);
        error
    }

    /// The next key of an object (after `{` or a value), with its `:`
    /// consumed and its step on the path; `None` once the `}` is consumed.
    fn next_key(
        &mut self,
        first: &mut bool,
        base: usize,
    ) -> Result<Option<Cow<'de, str>>, ReadError> {
        self.path.truncate(base);
        let was_first = std::mem::replace(first, false);
        match self.peek() {
            None => return Err(self.syntax("EOF while parsing an object")),
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !was_first => {
                self.pos += 1;
                match self.peek() {
                    Some(b'}') => return Err(self.syntax("trailing comma")),
                    None => return Err(self.syntax("EOF while parsing a value")),
                    _ => {}
                }
            }
            Some(_) if !was_first => return Err(self.syntax("expected `,` or `}`")),
            Some(_) => {}
        }
        if self.byte() != Some(b'"') {
            return Err(self.syntax("key must be a string"));
        }
        let start = self.pos + 1;
        let key = self.string()?;
        self.path.push(Step::Key(start, self.pos - 1));
        match self.peek() {
            Some(b':') => self.pos += 1,
            None => return Err(self.syntax("EOF while parsing an object")),
            Some(_) => return Err(self.syntax("expected `:`")),
        }
        Ok(Some(key))
    }

    /// Whether an element follows in an array (after `[` or an element),
    /// with its index on the path; `false` once the `]` is consumed.
    fn next_element(&mut self, index: usize, base: usize) -> Result<bool, ReadError> {
        self.path.truncate(base);
        match self.peek() {
            None => return Err(self.syntax("EOF while parsing a list")),
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(false);
            }
            Some(b',') if index > 0 => {
                self.pos += 1;
                match self.peek() {
                    Some(b']') => return Err(self.syntax("trailing comma")),
                    None => return Err(self.syntax("EOF while parsing a value")),
                    _ => {}
                }
            }
            Some(_) if index > 0 => return Err(self.syntax("expected `,` or `]`")),
            Some(_) => {}
        }
        self.path.push(Step::Index(index));
        Ok(true)
    }

    /// The error for a value that is not of the kind `expected`, in
    /// serde's words for what was found.
    fn wrong(&mut self, expected: &dyn Expected) -> ReadError {
        let found = match self.value_start() {
            Err(e) => return e,
            Ok(b'"') => match self.string() {
                Ok(text) => return de::Error::invalid_type(Unexpected::Str(&text), expected),
                Err(e) => return e,
            },
            Ok(b'{') => Unexpected::Map,
            Ok(b'[') => Unexpected::Seq,
            Ok(b't' | b'f') => match self.boolean() {
                Ok(b) => Unexpected::Bool(b),
                Err(e) => return e,
            },
            Ok(b'n') => match self.literal("null") {
                Ok(()) => Unexpected::Unit,
                Err(e) => return e,
            },
            Ok(_) => match self.any_number() {
                Ok(AnyNumber::Unsigned(n)) => Unexpected::Unsigned(n),
                Ok(AnyNumber::Signed(n)) => Unexpected::Signed(n),
                Ok(AnyNumber::Text(_)) => Unexpected::Other("number"),
                Err(e) => return e,
            },
        };
        de::Error::invalid_type(found, expected)
    }

    /// Places an error not placed yet at the current path.
    pub(crate) fn place(&self, mut error: ReadError) -> ReadError {
        if error.path.is_none() {
            error.path = Some(self.path_text());
        }
        error
    }

    /// The current path (`data.observations[3].value`).
    fn path_text(&self) -> String {
        let mut path = String::new();
        for step in &self.path {
            match *step {
                Step::Key(start, end) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    let raw = self.text.get(start..end).unwrap_or_default();
                    if raw.contains('\\') {
                        let quoted = self.text.get(start - 1..end + 1).unwrap_or_default();
                        let mut again = Reader::new(quoted);
                        path.push_str(&again.string().unwrap_or(Cow::Borrowed(raw)));
                    } else {
                        path.push_str(raw);
                    }
                }
                Step::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
            }
        }
        path
    }

    /// After the value read: nothing but whitespace may follow.
    fn end(&mut self) -> Result<(), ReadError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    /// Reads a whole text's value: placed errors, and only whitespace after.
    #[cfg(test)]
    pub(crate) fn read<T: de::Deserialize<'de>>(text: &'de str) -> Result<T, ReadError> {
        let mut reader = Reader::new(text);
        match T::deserialize(&mut reader) {
            Ok(value) => reader.end().map(|()| value).map_err(|e| reader.place(e)),
            Err(e) => Err(reader.place(e)),
        }
    }

    /// Reads a whole text's value with its own reader ([`FromJson`]);
    /// the `header` keys of its object are skipped (each may appear once).
    pub(crate) fn read_own<T: FromJson>(
        text: &'de str,
        header: &'static [&'static str],
    ) -> Result<T, ReadError> {
        let mut reader = Reader::new(text);
        reader.header = header;
        match T::from_json(&mut reader) {
            Ok(value) => reader.end().map(|()| value).map_err(|e| reader.place(e)),
            Err(e) => Err(reader.place(e)),
        }
    }

    /// The raw text of the values under `keys` in the object that is the
    /// whole text (the first of each, `None` when absent). The scan stops
    /// as soon as every key is found, so the rest is not checked here.
    pub(crate) fn raw_fields<const N: usize>(
        text: &'de str,
        keys: [&str; N],
    ) -> Result<[Option<&'de str>; N], ReadError> {
        let mut reader = Reader::new(text);
        let mut found = [None; N];
        reader
            .scan_fields(&keys, &mut found)
            .map_err(|e| reader.place(e))?;
        Ok(found)
    }

    fn scan_fields(
        &mut self,
        keys: &[&str],
        found: &mut [Option<&'de str>],
    ) -> Result<(), ReadError> {
        if self.value_start()? != b'{' {
            return Err(self.wrong(&"a request object"));
        }
        let mark = self.open()?;
        let mut first = true;
        while let Some(key) = self.next_key(&mut first, mark.path)? {
            self.peek();
            let start = self.pos;
            self.skip_value()?;
            // The first of a repeated key counts.
            let empty = keys
                .iter()
                .position(|k| *k == key)
                .and_then(|i| found.get_mut(i))
                .filter(|slot| slot.is_none());
            if let Some(slot) = empty {
                *slot = self.text.get(start..self.pos);
            }
            if found.iter().all(Option::is_some) {
                break;
            }
        }
        Ok(())
    }

    /// Hands a string to a visitor, borrowed when it can be.
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        match self.string()? {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    /// A number for an integer method. What is not an integer it can hold
    /// is handed over as a float when the text names one exactly without
    /// the standard float parser ([`simple_float`]), as serde_json would
    /// hand it; otherwise it is refused with the text as written. So the
    /// parser and its 11 KB table stay out of the browser module, which
    /// reads no float field.
    fn visit_integer<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        if !matches!(self.value_start()?, b'-' | b'0'..=b'9') {
            return Err(self.wrong(&visitor));
        }
        let start = self.pos;
        let (text, integer) = self.number_parts()?;
        if integer {
            if let Ok(n) = text.parse::<u64>() {
                return visitor.visit_u64(n);
            }
            if let Ok(n) = text.parse::<i64>() {
                return visitor.visit_i64(n);
            }
        }
        match simple_float(text) {
            SimpleFloat::Exact(f) => visitor.visit_f64(f),
            SimpleFloat::OutOfRange => Err(ReadError::new(
                Fault::OutOfRange(start),
                "number out of range",
            )),
            SimpleFloat::Unknown => Err(de::Error::invalid_type(
                Unexpected::Other(&format!("floating point `{text}`")),
                &visitor,
            )),
        }
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'-' | b'0'..=b'9' => match self.number_value()? {
                Number::Unsigned(n) => visitor.visit_u64(n),
                Number::Signed(n) => visitor.visit_i64(n),
                Number::Float(f) => visitor.visit_f64(f),
            },
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn visit_object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        let mark = self.open()?;
        let value = visitor.visit_map(Entries {
            reader: self,
            first: true,
            base: mark.path,
        });
        match value {
            Ok(value) => self.close(mark, true).map(|()| value),
            Err(e) => Err(self.abandon(mark, e)),
        }
    }

    fn visit_array<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        let mark = self.open()?;
        let value = visitor.visit_seq(Elements {
            reader: self,
            index: 0,
            base: mark.path,
        });
        match value {
            Ok(value) => self.close(mark, false).map(|()| value),
            Err(e) => Err(self.abandon(mark, e)),
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = ReadError;

    forward! {
        visit_integer: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    forward! {
        visit_number: deserialize_f32 deserialize_f64
    }

    forward! {
        deserialize_str: deserialize_char deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_identifier
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'{' => self.visit_object(visitor),
            b'[' => self.visit_array(visitor),
            b'"' => self.visit_string(visitor),
            b't' | b'f' => visitor.visit_bool(self.boolean()?),
            b'n' => {
                self.literal("null")?;
                visitor.visit_unit()
            }
            _ => match self.any_number()? {
                AnyNumber::Unsigned(n) => visitor.visit_u64(n),
                AnyNumber::Signed(n) => visitor.visit_i64(n),
                AnyNumber::Text(text) => visitor.visit_map(NumberText(Some(text))),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b't' | b'f' => visitor.visit_bool(self.boolean()?),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'"' => self.visit_string(visitor),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'n' => {
                self.literal("null")?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'n' => {
                self.literal("null")?;
                visitor.visit_unit()
            }
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'[' => self.visit_array(visitor),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'{' => self.visit_object(visitor),
            _ => Err(self.wrong(&visitor)),
        }
    }

    /// A struct is read from an object only: an array (fields by position,
    /// which serde allows) would turn a mistake into a puzzling complaint
    /// about its first element.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match self.value_start()? {
            b'"' => {
                let name: de::value::CowStrDeserializer<'de, ReadError> =
                    self.string()?.into_deserializer();
                visitor.visit_enum(name)
            }
            b'{' => {
                let mark = self.open()?;
                let value = visitor.visit_enum(Variant {
                    reader: self,
                    base: mark.path,
                })?;
                let mut first = false;
                match self.next_key(&mut first, mark.path)? {
                    None => Ok(value),
                    Some(_) => Err(self.abandon(
                        mark,
                        ReadError::new(
                            Fault::Data,
                            "invalid length: an enum's object has one key, its variant",
                        ),
                    )),
                }
            }
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// An object's entries, for `visit_map`.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
    /// The path's length at the object.
    base: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let key = match self.reader.next_key(&mut self.first, self.base) {
            Ok(Some(key)) => key,
            Ok(None) => return Ok(None),
            Err(e) => return Err(self.reader.place(e)),
        };
        match seed.deserialize(Key(key)) {
            Ok(key) => Ok(Some(key)),
            Err(e) => Err(self.reader.place(e)),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, ReadError> {
        match seed.deserialize(&mut *self.reader) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.reader.place(e)),
        }
    }
}

/// An array's elements, for `visit_seq`.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    index: usize,
    /// The path's length at the array.
    base: usize,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        match self.reader.next_element(self.index, self.base) {
            Ok(true) => self.index += 1,
            Ok(false) => return Ok(None),
            Err(e) => return Err(self.reader.place(e)),
        }
        match seed.deserialize(&mut *self.reader) {
            Ok(value) => Ok(Some(value)),
            Err(e) => Err(self.reader.place(e)),
        }
    }
}

/// An enum written as an object with one key, the variant's name.
struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
    base: usize,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = ReadError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), ReadError> {
        let mut first = true;
        let key = match self.reader.next_key(&mut first, self.base) {
            Ok(Some(key)) => key,
            Ok(None) => {
                return Err(ReadError::new(
                    Fault::Data,
                    "invalid length: an enum's object has one key, its variant",
                ));
            }
            Err(e) => return Err(self.reader.place(e)),
        };
        match seed.deserialize(Key(key)) {
            Ok(variant) => Ok((variant, self)),
            Err(e) => Err(self.reader.place(e)),
        }
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        de::Deserialize::deserialize(&mut *self.reader).map_err(|e| self.reader.place(e))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(&mut *self.reader)
            .map_err(|e| self.reader.place(e))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_seq(&mut *self.reader, visitor)
            .map_err(|e| self.reader.place(e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_map(&mut *self.reader, visitor)
            .map_err(|e| self.reader.place(e))
    }
}

/// A value named by `name` alone (an enum's variant, as the contract
/// spells it: `"more-than"`), or `None` when `T` has no such name.
pub(crate) fn from_name<T: de::DeserializeOwned>(name: &str) -> Option<T> {
    T::deserialize(Key(Cow::Borrowed(name))).ok()
}

/// An object's key: a string, or a number written as one (maps keyed by
/// number), or an enum's name.
struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    fn integer(&self) -> Option<Number> {
        if let Ok(n) = self.0.parse::<u64>() {
            return Some(Number::Unsigned(n));
        }
        self.0.parse::<i64>().ok().map(Number::Signed)
    }
}

impl<'de> Key<'de> {
    fn visit_integer<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.integer() {
            Some(Number::Unsigned(n)) => visitor.visit_u64(n),
            Some(Number::Signed(n)) => visitor.visit_i64(n),
            _ => Err(de::Error::invalid_type(Unexpected::Str(&self.0), &visitor)),
        }
    }
}

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = ReadError;

    forward! {
        visit_integer: deserialize_i64 deserialize_i32 deserialize_u64 deserialize_u32
        deserialize_u16
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let name: de::value::CowStrDeserializer<'de, ReadError> = self.0.into_deserializer();
        visitor.visit_enum(name)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 u8 i128 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// A number handed to `deserialize_any` as its text: the one-entry map
/// `{"$serde_json::private::Number": "84.7"}`.
struct NumberText<'de>(Option<&'de str>);

impl<'de> de::MapAccess<'de> for NumberText<'de> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        match self.0 {
            Some(_) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(NUMBER_TOKEN))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, ReadError> {
        let text = self.0.take().unwrap_or_default();
        seed.deserialize(de::value::BorrowedStrDeserializer::new(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    proptest::proptest! {
        /// Where the fast path names a float, it is the standard parser's
        /// to the bit; where it says out of range, the parser overflows;
        /// where it cannot say, the parser gives a finite float.
        #[test]
        fn simple_floats_are_the_standard_parsers(
            text in "-?(0|[1-9][0-9]{0,22})(\\.[0-9]{1,22})?([eE][+-]?[0-9]{1,3})?",
        ) {
            let standard: f64 = text.parse().unwrap_or(f64::NAN);
            match simple_float(&text) {
                SimpleFloat::Exact(f) => proptest::prop_assert_eq!(f.to_bits(), standard.to_bits(), "{}", text),
                SimpleFloat::OutOfRange => proptest::prop_assert!(standard.is_infinite(), "{}", text),
                SimpleFloat::Unknown => proptest::prop_assert!(standard.is_finite(), "{}", text),
            }
        }
    }

    #[test]
    fn integer_fields_refuse_floats_in_serde_words_without_the_float_parser() {
        let cases = [
            ("1.5", "invalid type: floating point `1.5`, expected u32"),
            ("-0.0", "invalid type: floating point `-0.0`, expected u32"),
            ("1e2", "invalid type: floating point `100.0`, expected u32"),
            (
                "100000000000000000000",
                "invalid type: floating point `1e+20`, expected u32",
            ),
            (
                "0.1000000000000000055511151231257827",
                "invalid type: floating point `0.1000000000000000055511151231257827`, expected u32",
            ),
            ("1e400", "number out of range"),
            ("-1.8e308", "number out of range"),
            (
                "1.7976931348623157e308",
                "invalid type: floating point `1.7976931348623157e308`, expected u32",
            ),
        ];
        for (text, message) in cases {
            let error = Reader::read::<u32>(text).err().map(|e| e.message.clone());
            assert_eq!(error.as_deref(), Some(message), "{text}");
        }
        assert_eq!(simple_float("1e400"), SimpleFloat::OutOfRange);
        assert_eq!(simple_float("2.5e-3"), SimpleFloat::Exact(0.0025));
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        value: u32,
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        items: Vec<Inner>,
        #[serde(default)]
        by_year: BTreeMap<u32, String>,
    }

    fn fails<T: de::DeserializeOwned + fmt::Debug>(text: &str) -> (String, String) {
        let e = Reader::read::<T>(text).unwrap_err();
        (e.path.clone().unwrap_or_default(), e.message.clone())
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r#" {"items": [{"value": 1}, {"value": 2, "note": "h\u00e0 \"g\"\n"}],
            "by_year": {"2024": "x"}} "#;
        let outer: Outer = Reader::read(text).unwrap();
        let again: Outer = serde_json::from_str(text).unwrap();
        assert_eq!(outer, again);
        assert_eq!(outer.items[1].note.as_deref(), Some("hà \"g\"\n"));
        let value: serde_json::Value =
            Reader::read(r#"[1.50, -2, {"a": [true, null]}, "😀\ud83d\ude00"]"#).unwrap();
        assert_eq!(value.to_string(), r#"[1.50,-2,{"a":[true,null]},"😀😀"]"#);
    }

    #[test]
    fn errors_are_placed_at_the_value_they_belong_to() {
        let (path, message) = fails::<Outer>(r#"{"items": [{"value": 1}, {"value": "x"}]}"#);
        assert_eq!(path, "items[1].value");
        assert_eq!(message, r#"invalid type: string "x", expected u32"#);
        // A missing field belongs to its object; an unknown one to its key.
        assert_eq!(fails::<Outer>(r#"{"items": [{}]}"#).0, "items[0]");
        assert_eq!(
            fails::<Outer>(r#"{"items": [{"value": 1, "vaule": 2}]}"#).0,
            "items[0].vaule"
        );
        // An object where a number belongs, at its key.
        let (path, message) = fails::<Outer>(r#"{"items": [{"value": {"a": 1}}]}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("items[0].value", "invalid type: map, expected u32")
        );
        assert_eq!(
            fails::<Outer>(r#"{"items": [{"value": null}]}"#).1,
            "invalid type: null, expected u32"
        );
        // Floats are written as JSON writes them, integral ones with `.0`.
        for (text, found) in [("2.5", "`2.5`"), ("1e3", "`1000.0`"), ("-0.0", "`-0.0`")] {
            let message = fails::<Outer>(&format!(r#"{{"items": [{{"value": {text}}}]}}"#)).1;
            assert_eq!(
                message,
                format!("invalid type: floating point {found}, expected u32")
            );
        }
        // Escaped keys are read in the path.
        assert_eq!(fails::<BTreeMap<String, u8>>(r#"{"\u00e1": 300}"#).0, "á");
        assert_eq!(
            fails::<Outer>(r#"{"by_year": {"năm": "x"}, "items": []}"#).0,
            "by_year.năm"
        );
    }

    #[test]
    fn syntax_errors_say_where_in_the_text() {
        for (text, offset, message) in [
            (r#"{"items": [1, 2,"#, 16, "EOF while parsing a value"),
            (r#"{"items" 1}"#, 9, "expected `:`"),
            (r#"{"items": [1 2]}"#, 13, "expected `,` or `]`"),
            (r#"{"items": [],}"#, 13, "trailing comma"),
            (r#"{"items": [01]}"#, 12, "invalid number"),
            (r#"{"items": []} x"#, 14, "trailing characters"),
            (
                "{\"items\": \"a\u{1}\"}",
                12,
                "control character (\\u0000-\\u001F) found while parsing a string",
            ),
            (r#"{"items": tru}"#, 13, "expected ident"),
        ] {
            let e = Reader::read::<serde_json::Value>(text).unwrap_err();
            assert_eq!(
                (e.fault, e.message.as_str()),
                (Fault::Syntax(offset), message),
                "{text}"
            );
        }
        let e = Reader::read::<serde_json::Value>(r#"["\ud800x"]"#).unwrap_err();
        assert_eq!(
            (e.fault, e.path.as_deref()),
            (Fault::LoneSurrogate(2), Some("[0]"))
        );
        let e = Reader::read::<f64>("1e400").unwrap_err();
        assert_eq!(e.fault, Fault::OutOfRange(0));
        let deep = "[".repeat(MAX_DEPTH + 1);
        let e = Reader::read::<serde_json::Value>(&deep).unwrap_err();
        assert_eq!(e.message, "recursion limit exceeded");
    }

    #[test]
    fn fixed_lengths_and_enum_objects_are_checked() {
        let (path, message) = fails::<(u8, u8)>("[1, 2, 3]");
        assert_eq!(
            (path.as_str(), message.as_str()),
            (
                "",
                "invalid length: the array has more elements than expected"
            )
        );
        #[derive(Debug, serde::Deserialize, PartialEq)]
        enum Shape {
            Unit,
            Count(u8),
        }
        assert_eq!(
            Reader::read::<Shape>(r#"{"Count": 3}"#).unwrap(),
            Shape::Count(3)
        );
        assert_eq!(
            Reader::read::<Vec<Shape>>(r#"["Unit"]"#).unwrap(),
            [Shape::Unit]
        );
        let (path, message) = fails::<Shape>(r#"{"Count": 3, "Unit": null}"#);
        assert_eq!(path, "");
        assert!(message.starts_with("invalid length"), "{message}");
        assert_eq!(fails::<Vec<Shape>>(r#"[{"Count": -1}]"#).0, "[0].Count");
        // By name alone, as the CSV and spreadsheet readers name a status.
        assert_eq!(from_name::<Shape>("Unit"), Some(Shape::Unit));
        assert_eq!(from_name::<Shape>("Count"), None);
        assert_eq!(from_name::<Shape>("unit"), None);
    }

    #[test]
    fn numbers_reach_any_visitor_as_their_text() {
        let exact: crate::Rational = Reader::read("9007199254740993.0").unwrap();
        assert_eq!(exact.to_string(), "9007199254740993");
        assert_eq!(Reader::read::<i64>("-5").unwrap(), -5);
        assert_eq!(Reader::read::<f64>("2.5e1").unwrap(), 25.0);
        assert!(Reader::read::<u8>("256").is_err());
    }

    #[test]
    fn header_fields_are_found_without_reading_the_rest() {
        let [version, op] = Reader::raw_fields(
            r#"{"data": {"x": [1, {}]}, "op" : "progress", "version": 1, "bad": ]"#,
            ["version", "op"],
        )
        .unwrap();
        assert_eq!((version, op), (Some("1"), Some("\"progress\"")));
        let e = Reader::raw_fields("[1]", ["version"]).unwrap_err();
        assert_eq!(
            e.message,
            "invalid type: sequence, expected a request object"
        );
    }
}
