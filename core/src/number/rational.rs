//! Exact rational numbers over `i128`.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind, Result};
use crate::text::Text;

/// Why a fraction is refused.
pub(crate) const FRACTION_PARTS: (&str, &str) = (
    "phân số cần tử số và mẫu số nguyên",
    "a fraction needs integer parts",
);
/// Why a division by zero is refused.
pub(crate) const ZERO_DENOMINATOR: (&str, &str) = ("mẫu số bằng 0", "zero denominator");

/// An exact rational number: counts, ratios, percentages and VND amounts.
///
/// Always reduced, with a positive denominator, so equal values are equal
/// structurally. Arithmetic is checked: an overflow of the 128-bit range is an
/// [`ErrorKind::ArithmeticOverflow`], never a wrong number.
///
/// In JSON a rational is written as an integer when it is one (and fits in
/// ±2⁵³−1, the range every JavaScript number holds exactly); otherwise as a
/// string: a decimal when it terminates (`"84.7"`), or a fraction (`"566/9"`).
/// Reading accepts integers, decimals, and those strings.
///
/// ```
/// use chitieu::Rational;
/// let share = Rational::new(7623, 9000).unwrap();
/// let percent = share.checked_mul(Rational::from(100)).unwrap();
/// assert_eq!(percent.to_string(), "84.7");
/// assert_eq!(Rational::new(1132 * 100, 1800).unwrap().to_string(), "566/9");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rational {
    num: i128,
    den: i128,
}

crate::json_text::via_serde!(Rational);

const MAX_SAFE_JS_INTEGER: i128 = (1 << 53) - 1;

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    a
}

impl Rational {
    /// Zero.
    pub const ZERO: Rational = Rational { num: 0, den: 1 };
    /// One.
    pub const ONE: Rational = Rational { num: 1, den: 1 };
    /// One hundred, for percentages.
    pub const HUNDRED: Rational = Rational { num: 100, den: 1 };

    /// `num / den`, reduced; `None` when `den` is zero or the value cannot be
    /// held (the `i128::MIN` corner).
    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 || num == i128::MIN || den == i128::MIN {
            return None;
        }
        if den == 1 {
            // Counts are integers: no reduction to do.
            return Some(Rational { num, den });
        }
        let g = gcd(num, den).max(1);
        let (mut num, mut den) = (num / g, den / g);
        if den < 0 {
            num = -num;
            den = -den;
        }
        Some(Rational { num, den })
    }

    /// The numerator (carries the sign).
    pub fn numer(self) -> i128 {
        self.num
    }

    /// The denominator (always positive).
    pub fn denom(self) -> i128 {
        self.den
    }

    /// Whether the value is a whole number.
    pub fn is_integer(self) -> bool {
        self.den == 1
    }

    /// The value as an integer, if it is one.
    pub fn to_integer(self) -> Option<i128> {
        self.is_integer().then_some(self.num)
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// The largest integer not above the value.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    /// The value minus its floor, in `[0, 1)`.
    pub fn fract(self) -> Rational {
        Rational {
            num: self.num.rem_euclid(self.den),
            den: self.den,
        }
    }

    /// The absolute value.
    pub fn abs(self) -> Rational {
        Rational {
            num: self.num.abs(),
            den: self.den,
        }
    }

    /// `self + rhs`, `None` on overflow.
    pub fn checked_add(self, rhs: Rational) -> Option<Rational> {
        if self.den == 1 && rhs.den == 1 {
            return Rational::new(self.num.checked_add(rhs.num)?, 1);
        }
        let g = gcd(self.den, rhs.den);
        let lhs_scale = rhs.den / g;
        let rhs_scale = self.den / g;
        let num = self
            .num
            .checked_mul(lhs_scale)?
            .checked_add(rhs.num.checked_mul(rhs_scale)?)?;
        Rational::new(num, self.den.checked_mul(lhs_scale)?)
    }

    /// `self - rhs`, `None` on overflow.
    pub fn checked_sub(self, rhs: Rational) -> Option<Rational> {
        self.checked_add(Rational {
            num: rhs.num.checked_neg()?,
            den: rhs.den,
        })
    }

    /// `self × rhs`, `None` on overflow.
    pub fn checked_mul(self, rhs: Rational) -> Option<Rational> {
        if self.den == 1 && rhs.den == 1 {
            return Rational::new(self.num.checked_mul(rhs.num)?, 1);
        }
        // Cross-reduce first so intermediate products stay small.
        let g1 = gcd(self.num, rhs.den).max(1);
        let g2 = gcd(rhs.num, self.den).max(1);
        let num = (self.num / g1).checked_mul(rhs.num / g2)?;
        let den = (self.den / g2).checked_mul(rhs.den / g1)?;
        Rational::new(num, den)
    }

    /// `self ÷ rhs`, `None` when `rhs` is zero or on overflow.
    pub fn checked_div(self, rhs: Rational) -> Option<Rational> {
        if rhs.num == 0 {
            return None;
        }
        self.checked_mul(Rational::new(rhs.den, rhs.num)?)
    }

    /// The sum of `values`, or an overflow error.
    pub fn sum<I: IntoIterator<Item = Rational>>(values: I) -> Result<Rational> {
        values.into_iter().try_fold(Rational::ZERO, |acc, v| {
            acc.checked_add(v).ok_or_else(Error::overflow)
        })
    }

    /// The value scaled by 10^`decimals` and rounded half away from zero:
    /// the digits shown when displaying with `decimals` decimals.
    ///
    /// ```
    /// use chitieu::Rational;
    /// // 1/16 = 6.25 % → 6.3 % at one decimal (half away from zero).
    /// let p = Rational::new(100, 16).unwrap();
    /// assert_eq!(p.round_scaled(1), Some(63));
    /// assert_eq!(Rational::new(-5, 2).unwrap().round_scaled(0), Some(-3));
    /// ```
    pub fn round_scaled(self, decimals: u32) -> Option<i128> {
        let scale = 10i128.checked_pow(decimals)?;
        let scaled = self.checked_mul(Rational::from(scale))?;
        let magnitude = scaled.abs();
        let whole = magnitude.floor();
        // fract ≥ 1/2 ⇔ 2·rem ≥ den
        let rem = magnitude.num.rem_euclid(magnitude.den);
        let up = rem.checked_mul(2)? >= magnitude.den;
        let rounded = if up { whole.checked_add(1)? } else { whole };
        Some(if scaled.num < 0 { -rounded } else { rounded })
    }

    /// Parses an exact decimal (`-12.50`, `7623`) or a fraction (`566/9`),
    /// with `.` as the decimal point and no grouping. Exponents are accepted
    /// (`1e3`, `2.5E-2`) since JSON writers use them.
    pub fn parse(text: &str) -> Result<Rational> {
        let invalid = |(vi, en): (&str, &str)| {
            Error::new(ErrorKind::InvalidNumber {
                value: text.to_string(),
                reason: Text::new(vi, en),
            })
        };
        let lower = text.to_ascii_lowercase();
        let bare = lower.trim_start_matches(['+', '-']);
        if matches!(bare, "nan" | "inf" | "infinity") {
            return Err(Error::new(ErrorKind::NonFiniteNumber {
                value: text.to_string(),
            }));
        }
        if let Some((n, d)) = text.split_once('/') {
            let n = parse_decimal(n).map_err(|r| r.into_error(text))?;
            let d = parse_decimal(d).map_err(|r| r.into_error(text))?;
            if !n.is_integer() || !d.is_integer() {
                return Err(invalid(FRACTION_PARTS));
            }
            return n.checked_div(d).ok_or_else(|| invalid(ZERO_DENOMINATOR));
        }
        parse_decimal(text).map_err(|r| r.into_error(text))
    }

    /// Converts a finite `f64` exactly as its shortest decimal form, which is
    /// the number a person wrote (`84.7` stays 847/10, not its binary value).
    pub fn from_f64(value: f64) -> Result<Rational> {
        if !value.is_finite() {
            let name = if value.is_nan() {
                "NaN"
            } else if value > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            return Err(Error::new(ErrorKind::NonFiniteNumber {
                value: name.to_string(),
            }));
        }
        // serde_json's shortest form (`1e16`, `84.7`), not `f64`'s
        // `Display`: the same digits, and the browser module already holds
        // serde_json's writer, while `Display` is 18 KB more. It writes
        // every finite number; were it ever not to, the empty text is
        // refused by the parser, as an invalid number.
        let text = serde_json::to_string(&value).unwrap_or_default();
        Rational::parse(&text)
    }

    /// A lossy `f64`, for charts and nothing exact.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The exact text form: integer, terminating decimal, or `num/den`.
    fn exact_text(self) -> String {
        if self.den == 1 {
            return self.num.to_string();
        }
        // A fraction terminates in base 10 iff den = 2^a·5^b.
        let mut rest = self.den;
        let (mut twos, mut fives) = (0u32, 0u32);
        while rest % 2 == 0 {
            rest /= 2;
            twos += 1;
        }
        while rest % 5 == 0 {
            rest /= 5;
            fives += 1;
        }
        let places = twos.max(fives);
        if rest == 1
            && let Some(scale) = 10i128.checked_pow(places)
            && let Some(scaled) = self.num.checked_mul(scale / self.den)
        {
            return decimal_text(scaled, places as usize);
        }
        format!("{}/{}", self.num, self.den)
    }
}

/// Writes `scaled / 10^places` with a `.` decimal point.
pub(crate) fn decimal_text(scaled: i128, places: usize) -> String {
    let digits = scaled.unsigned_abs().to_string();
    let sign = if scaled < 0 { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (int, frac) = padded.split_at(padded.len() - places);
    format!("{sign}{int}.{frac}")
}

enum ParseFailure {
    /// Why, in Vietnamese and English.
    Invalid((&'static str, &'static str)),
    TooLarge,
}

impl ParseFailure {
    fn into_error(self, text: &str) -> Error {
        match self {
            ParseFailure::Invalid((vi, en)) => Error::new(ErrorKind::InvalidNumber {
                value: text.to_string(),
                reason: Text::new(vi, en),
            }),
            ParseFailure::TooLarge => Error::new(ErrorKind::NumberOutOfRange {
                value: text.to_string(),
            }),
        }
    }
}

fn parse_decimal(text: &str) -> std::result::Result<Rational, ParseFailure> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => {
            let (m, e) = text.split_at(at);
            let e = e.get(1..).unwrap_or("");
            let e: i32 = e
                .parse()
                .map_err(|_| ParseFailure::Invalid(("số mũ không hợp lệ", "malformed exponent")))?;
            (m, e)
        }
        None => (text, 0),
    };
    let (negative, unsigned) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, mantissa.get(1..).unwrap_or("")),
        Some(b'+') => (false, mantissa.get(1..).unwrap_or("")),
        _ => (false, mantissa),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int.is_empty() && frac.is_empty() {
        return Err(ParseFailure::Invalid(("không có chữ số", "no digits")));
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(ParseFailure::Invalid((
            "chỉ được dùng chữ số, một dấu '.' và dấu âm/dương",
            "only digits, one '.' and a sign are allowed",
        )));
    }
    let mut num: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        num = num
            .checked_mul(10)
            .and_then(|n| n.checked_add(i128::from(b - b'0')))
            .ok_or(ParseFailure::TooLarge)?;
    }
    if negative {
        num = -num;
    }
    let places = i32::try_from(frac.len()).map_err(|_| ParseFailure::TooLarge)?;
    let shift = exponent.checked_sub(places).ok_or(ParseFailure::TooLarge)?;
    let power = |n: i32| {
        u32::try_from(n)
            .ok()
            .and_then(|n| 10i128.checked_pow(n))
            .ok_or(ParseFailure::TooLarge)
    };
    if shift >= 0 {
        let factor = power(shift)?;
        if num == 0 {
            return Ok(Rational::ZERO);
        }
        let value = num.checked_mul(factor).ok_or(ParseFailure::TooLarge)?;
        Ok(Rational::from(value))
    } else {
        let den = power(shift.checked_neg().ok_or(ParseFailure::TooLarge)?)?;
        Rational::new(num, den).ok_or(ParseFailure::TooLarge)
    }
}

impl From<i128> for Rational {
    fn from(value: i128) -> Rational {
        // i128::MIN has no positive counterpart; saturate one step inside.
        Rational {
            num: value.max(-i128::MAX),
            den: 1,
        }
    }
}

impl From<i64> for Rational {
    fn from(value: i64) -> Rational {
        Rational::from(i128::from(value))
    }
}

impl From<u64> for Rational {
    fn from(value: u64) -> Rational {
        Rational::from(i128::from(value))
    }
}

impl From<u32> for Rational {
    fn from(value: u32) -> Rational {
        Rational::from(i128::from(value))
    }
}

impl From<i32> for Rational {
    fn from(value: i32) -> Rational {
        Rational::from(i128::from(value))
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Rational) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rational {
    /// Compares without overflow, by continued-fraction expansion.
    fn cmp(&self, other: &Rational) -> Ordering {
        if self.den == other.den {
            // Same denominator (integers, most often): the numerators decide.
            return self.num.cmp(&other.num);
        }
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        let mut flipped = false;
        loop {
            let (qa, qc) = (a.div_euclid(b), c.div_euclid(d));
            if qa != qc {
                let order = qa.cmp(&qc);
                return if flipped { order.reverse() } else { order };
            }
            let (ra, rc) = (a.rem_euclid(b), c.rem_euclid(d));
            match (ra == 0, rc == 0) {
                (true, true) => return Ordering::Equal,
                (true, false) => {
                    return if flipped {
                        Ordering::Greater
                    } else {
                        Ordering::Less
                    };
                }
                (false, true) => {
                    return if flipped {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                }
                (false, false) => {
                    // a/b vs c/d with equal integer parts: compare b/ra vs d/rc, reversed.
                    (a, b, c, d) = (b, ra, d, rc);
                    flipped = !flipped;
                }
            }
        }
    }
}

impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.exact_text())
    }
}

impl Serialize for Rational {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self.to_integer() {
            Some(n) if n.abs() <= MAX_SAFE_JS_INTEGER => serializer.serialize_i64(n as i64),
            _ => serializer.serialize_str(&self.exact_text()),
        }
    }
}

impl crate::json_text::ToJson for Rational {
    /// As its `Serialize`: a number when it is a whole number JavaScript
    /// holds exactly, else its exact text.
    fn write_json(&self, w: &mut crate::json_text::Writer) {
        match self.to_integer() {
            Some(n) if n.abs() <= MAX_SAFE_JS_INTEGER => w.integer(n),
            _ => w.string(&self.exact_text()),
        }
    }
}

impl<'de> Deserialize<'de> for Rational {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Rational, D::Error> {
        deserializer.deserialize_any(RationalVisitor)
    }
}

struct RationalVisitor;

/// The key under which serde_json (with `arbitrary_precision`) hands over a
/// JSON number as its text.
const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> serde::de::Visitor<'de> for RationalVisitor {
    type Value = Rational;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding a decimal or a fraction")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Rational, E> {
        Ok(Rational::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Rational, E> {
        Ok(Rational::from(v))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> std::result::Result<Rational, E> {
        Ok(Rational::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Rational, E> {
        Rational::from_f64(v).map_err(|e| e.into_serde())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Rational, E> {
        Rational::parse(v).map_err(|e| e.into_serde())
    }

    /// A JSON number, as the text written: `9007199254740993.0`,
    /// `11.791870367106105` and `1e-30` are the decimals they say.
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Rational, A::Error> {
        match map.next_key::<std::borrow::Cow<'de, str>>()? {
            Some(key) if key == JSON_NUMBER_TOKEN => map.next_value_seed(NumberText),
            _ => Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Map,
                &self,
            )),
        }
    }
}

/// Reads a number as [`Rational`] does and checks it inside serde's
/// visitor, so serde_json places a failed check right after the number
/// (see `error::parse_str`).
pub(crate) fn deserialize_checked<'de, D, T>(
    deserializer: D,
    check: impl FnOnce(Rational) -> Result<T>,
) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Checked<F>(F);
    impl<F> Checked<F> {
        fn then<T, E: serde::de::Error>(
            self,
            value: std::result::Result<Rational, E>,
        ) -> std::result::Result<T, E>
        where
            F: FnOnce(Rational) -> Result<T>,
        {
            (self.0)(value?).map_err(Error::into_serde)
        }
    }
    impl<'de, T, F: FnOnce(Rational) -> Result<T>> serde::de::Visitor<'de> for Checked<F> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            RationalVisitor.expecting(f)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<T, E> {
            self.then(RationalVisitor.visit_i64(v))
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<T, E> {
            self.then(RationalVisitor.visit_u64(v))
        }

        fn visit_i128<E: serde::de::Error>(self, v: i128) -> std::result::Result<T, E> {
            self.then(RationalVisitor.visit_i128(v))
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<T, E> {
            self.then(RationalVisitor.visit_f64(v))
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<T, E> {
            self.then(RationalVisitor.visit_str(v))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> std::result::Result<T, A::Error> {
            self.then(RationalVisitor.visit_map(map))
        }
    }
    deserializer.deserialize_any(Checked(check))
}

/// The text of a JSON number, parsed exactly without a copy.
struct NumberText;

impl<'de> serde::de::DeserializeSeed<'de> for NumberText {
    type Value = Rational;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Rational, D::Error> {
        d.deserialize_str(RationalVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    #[test]
    fn reduces_and_normalises_sign() {
        assert_eq!(r(6, -4), r(-3, 2));
        assert_eq!(r(-3, 2).denom(), 2);
        assert!(Rational::new(1, 0).is_none());
    }

    #[test]
    fn parses_exact_decimals() {
        assert_eq!(Rational::parse("84.7").unwrap(), r(847, 10));
        assert_eq!(Rational::parse("-0.125").unwrap(), r(-1, 8));
        assert_eq!(Rational::parse("1e3").unwrap(), Rational::from(1000));
        assert_eq!(Rational::parse("566/9").unwrap(), r(566, 9));
        assert_eq!(Rational::parse("-0").unwrap(), Rational::ZERO);
        assert_eq!(
            Rational::parse("NaN").unwrap_err().code(),
            "non-finite-number"
        );
        assert_eq!(Rational::parse("1,5").unwrap_err().code(), "invalid-number");
        assert_eq!(
            Rational::parse("1e400").unwrap_err().code(),
            "number-out-of-range"
        );
        assert_eq!(Rational::parse("").unwrap_err().code(), "invalid-number");
        assert_eq!(Rational::parse("1/0").unwrap_err().code(), "invalid-number");
    }

    #[test]
    fn exact_text_terminates_or_is_a_fraction() {
        assert_eq!(r(847, 10).to_string(), "84.7");
        assert_eq!(r(-1, 8).to_string(), "-0.125");
        assert_eq!(r(1, 3).to_string(), "1/3");
        assert_eq!(Rational::from(7623).to_string(), "7623");
    }

    #[test]
    fn compares_without_overflow() {
        let big = r(i128::MAX, i128::MAX - 1);
        let bigger = r(i128::MAX - 1, i128::MAX - 2);
        assert!(big < bigger);
        assert!(r(-1, 3) < r(-1, 4));
        assert!(r(7, 2) > Rational::from(3));
        assert_eq!(r(2, 4).cmp(&r(1, 2)), Ordering::Equal);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(
            r(1, 8)
                .checked_mul(Rational::HUNDRED)
                .unwrap()
                .round_scaled(1),
            Some(125)
        );
        assert_eq!(r(100, 16).round_scaled(1), Some(63));
        assert_eq!(r(-100, 16).round_scaled(1), Some(-63));
        assert_eq!(r(1462 * 100, 1000).round_scaled(1), Some(1462));
        assert_eq!(r(113_200, 1800).round_scaled(1), Some(629));
    }

    #[test]
    fn json_integers_stay_numbers_and_fractions_become_strings() {
        assert_eq!(
            serde_json::to_string(&Rational::from(7623)).unwrap(),
            "7623"
        );
        assert_eq!(serde_json::to_string(&r(566, 9)).unwrap(), "\"566/9\"");
        let back: Rational = serde_json::from_str("84.7").unwrap();
        assert_eq!(back, r(847, 10));
        let huge = Rational::from(1i128 << 60);
        let text = serde_json::to_string(&huge).unwrap();
        assert_eq!(serde_json::from_str::<Rational>(&text).unwrap(), huge);
    }
}
