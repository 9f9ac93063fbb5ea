//! Writing and reading numbers the Vietnamese or the English way.
//!
//! Vietnamese groups thousands with `.` and writes the decimal with `,`
//! (`7.623`, `84,7%`); English does the opposite (`7,623`, `84.7%`). The
//! format is always chosen explicitly: `1.377` is 1377 in Vietnamese and
//! 1.377 in English, and guessing would silently change a figure.

use serde::{Deserialize, Serialize};

use super::rational::{FRACTION_PARTS, Rational, ZERO_DENOMINATOR, decimal_text};
use crate::error::{Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::text::{Lang, Text};

/// A number format: which characters group thousands and mark decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "lowercase")]
pub enum NumberFormat {
    /// `7.623`, `84,7`.
    Vi,
    /// `7,623`, `84.7`.
    En,
}

impl From<Lang> for NumberFormat {
    fn from(lang: Lang) -> NumberFormat {
        match lang {
            Lang::Vi => NumberFormat::Vi,
            Lang::En => NumberFormat::En,
        }
    }
}

impl NumberFormat {
    /// The format named `vi` or `en` (bindings take the name as text).
    pub fn parse_name(name: &str) -> crate::error::Result<NumberFormat> {
        match name {
            "vi" => Ok(NumberFormat::Vi),
            "en" => Ok(NumberFormat::En),
            other => Err(crate::error::Error::invalid(
                "number_format",
                (
                    format!("`{other}`: cần \"vi\" hoặc \"en\""),
                    format!("`{other}`: expected \"vi\" or \"en\""),
                ),
            )),
        }
    }

    /// The thousands separator.
    pub fn group_separator(self) -> char {
        match self {
            NumberFormat::Vi => '.',
            NumberFormat::En => ',',
        }
    }

    /// The decimal mark.
    pub fn decimal_mark(self) -> char {
        match self {
            NumberFormat::Vi => ',',
            NumberFormat::En => '.',
        }
    }

    /// Writes `value` rounded half away from zero to `decimals` decimals,
    /// with thousands grouped.
    ///
    /// ```
    /// use chitieu::{NumberFormat, Rational};
    /// let x = Rational::new(7623, 90).unwrap(); // 84.7
    /// assert_eq!(NumberFormat::Vi.format(x, 1).unwrap(), "84,7");
    /// assert_eq!(NumberFormat::En.format(Rational::from(7623), 0).unwrap(), "7,623");
    /// assert_eq!(NumberFormat::Vi.format(Rational::from(7623), 0).unwrap(), "7.623");
    /// ```
    pub fn format(self, value: Rational, decimals: u32) -> Result<String> {
        check_decimals(decimals).map_err(|e| e.at("decimals"))?;
        self.format_places(value, decimals)
    }

    /// [`NumberFormat::format`] with any number of places (exact text
    /// needs as many as the value has).
    fn format_places(self, value: Rational, decimals: u32) -> Result<String> {
        let scaled = value.round_scaled(decimals).ok_or_else(Error::overflow)?;
        let plain = decimal_text(scaled, decimals as usize);
        let (sign, unsigned) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let mut out = String::with_capacity(plain.len() + int.len() / 3 + 1);
        out.push_str(sign);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(self.group_separator());
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push(self.decimal_mark());
            out.push_str(frac);
        }
        Ok(out)
    }

    /// Writes a percentage: the number, then `%` with no space (both languages).
    pub fn format_percent(self, percent: Rational, decimals: u32) -> Result<String> {
        Ok(format!("{}%", self.format(percent, decimals)?))
    }

    /// Writes `value` exactly: every decimal it has (`84,7`), or a fraction
    /// (`566/9`) when its decimals never end. [`NumberFormat::parse`] reads
    /// both back to the same value.
    pub fn format_exact(self, value: Rational) -> Result<String> {
        let text = value.to_string();
        if let Some((num, den)) = text.split_once('/') {
            let num = Rational::parse(num)?;
            let den = Rational::parse(den)?;
            return Ok(format!(
                "{}/{}",
                self.format_places(num, 0)?,
                self.format_places(den, 0)?
            ));
        }
        let places = text.split_once('.').map_or(0, |(_, f)| f.len());
        self.format_places(value, u32::try_from(places).map_err(|_| Error::overflow())?)
    }

    /// Reads a number written in this format: optional sign, digits grouped
    /// by threes with the group separator (or not grouped at all), and an
    /// optional decimal part. Anything else is an error, never a guess.
    ///
    /// ```
    /// use chitieu::{NumberFormat, Rational};
    /// assert_eq!(NumberFormat::Vi.parse("1.377").unwrap(), Rational::from(1377));
    /// assert_eq!(NumberFormat::En.parse("1.377").unwrap(), Rational::new(1377, 1000).unwrap());
    /// assert!(NumberFormat::Vi.parse("1.37").is_err());
    /// ```
    pub fn parse(self, text: &str) -> Result<Rational> {
        match plain_integer(text) {
            Some(n) => Ok(Rational::from(n)),
            None => self.parse_general(text),
        }
    }

    /// [`NumberFormat::parse`] for any text.
    fn parse_general(self, text: &str) -> Result<Rational> {
        let invalid = |(vi, en): (&str, &str)| {
            Error::new(ErrorKind::InvalidNumber {
                value: text.to_string(),
                reason: Text::new(vi, en),
            })
        };
        let trimmed = text.trim();
        if let Some((num, den)) = trimmed.split_once('/') {
            let (num, den) = (self.parse(num)?, self.parse(den)?);
            if !num.is_integer() || !den.is_integer() {
                return Err(invalid(FRACTION_PARTS));
            }
            return num
                .checked_div(den)
                .ok_or_else(|| invalid(ZERO_DENOMINATOR));
        }
        let (sign, unsigned) = match trimmed.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", trimmed.strip_prefix('+').unwrap_or(trimmed)),
        };
        let (int, frac) = match unsigned.split_once(self.decimal_mark()) {
            Some((i, f)) => (i, Some(f)),
            None => (unsigned, None),
        };
        if let Some(frac) = frac
            && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(invalid(match self {
                NumberFormat::Vi => (
                    "phần thập phân phải là các chữ số sau một dấu ','",
                    "decimal part must be digits after one ','",
                ),
                NumberFormat::En => (
                    "phần thập phân phải là các chữ số sau một dấu '.'",
                    "decimal part must be digits after one '.'",
                ),
            }));
        }
        let groups: Vec<&str> = int.split(self.group_separator()).collect();
        let well_grouped = match groups.split_first() {
            Some((first, rest)) => {
                !first.is_empty()
                    && first.len() <= if rest.is_empty() { usize::MAX } else { 3 }
                    && rest.iter().all(|g| g.len() == 3)
                    && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            }
            None => false,
        };
        if !well_grouped {
            let lower = trimmed.to_ascii_lowercase();
            if matches!(
                lower.trim_start_matches(['+', '-']),
                "nan" | "inf" | "infinity"
            ) {
                return Err(Error::new(ErrorKind::NonFiniteNumber {
                    value: text.to_string(),
                }));
            }
            return Err(invalid(match self {
                NumberFormat::Vi => (
                    "cần các chữ số nhóm ba bằng dấu '.', ví dụ 7.623 hoặc 84,7",
                    "expected digits grouped by '.' in threes, e.g. 7.623 or 84,7",
                ),
                NumberFormat::En => (
                    "cần các chữ số nhóm ba bằng dấu ',', ví dụ 7,623 hoặc 84.7",
                    "expected digits grouped by ',' in threes, e.g. 7,623 or 84.7",
                ),
            }));
        }
        let plain = match frac {
            Some(f) => format!("{sign}{}.{f}", groups.concat()),
            None => format!("{sign}{}", groups.concat()),
        };
        Rational::parse(&plain).map_err(|e| match e.kind() {
            ErrorKind::NumberOutOfRange { .. } => Error::new(ErrorKind::NumberOutOfRange {
                value: text.to_string(),
            }),
            _ => invalid(("không phải là số", "not a number")),
        })
    }
}

/// An exact number in each language's format (`7.623` and `7,623`; a
/// number no format can write, as its exact text): how messages quote a
/// figure.
pub(crate) fn in_both(r: Rational) -> Text {
    let write = |format: NumberFormat| format.format_exact(r).unwrap_or_else(|_| r.to_string());
    Text::new(write(NumberFormat::Vi), write(NumberFormat::En))
}

/// The most decimals a figure is shown with: beyond, the scaled value of
/// ordinary figures would not fit 128 bits, and nobody reads 20 decimals.
pub const MAX_DECIMALS: u32 = 20;

/// Refuses more than [`MAX_DECIMALS`] decimals (the caller names where).
pub fn check_decimals(decimals: u32) -> Result<()> {
    if decimals > MAX_DECIMALS {
        return Err(Error::new(ErrorKind::InvalidValue {
            detail: Text::new(
                format!("{decimals} chữ số thập phân: chỉ hiển thị tối đa {MAX_DECIMALS}"),
                format!("{decimals} decimals: at most {MAX_DECIMALS} are shown"),
            ),
        }));
    }
    Ok(())
}

impl Lang {
    /// The language named `vi` or `en`; any other name is an error (never
    /// a silent fallback to one of them).
    ///
    /// ```
    /// use chitieu::Lang;
    /// assert_eq!(Lang::parse_name("en").unwrap(), Lang::En);
    /// assert_eq!(Lang::parse_name("fr").unwrap_err().code(), "unknown-variant");
    /// ```
    pub fn parse_name(name: &str) -> Result<Lang> {
        Lang::parse(name).ok_or_else(|| {
            Error::new(ErrorKind::UnknownVariant {
                detail: format!("unknown language `{name}`, expected `vi` or `en`"),
            })
        })
    }
}

/// The common case of a data file, read without the general parser: up to
/// 18 digits with an optional `-` (no grouping, no decimals, nothing that
/// could overflow), which means the same in both formats.
fn plain_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {

    #[test]
    fn plain_integers_read_as_the_general_parser_reads_them() {
        let texts = [
            "0",
            "-0",
            "007",
            "7623",
            "-7623",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775808",
            "1.234",
            "1,234",
            "+5",
            " 5",
            "5 ",
            "",
            "-",
            "--1",
            "1-",
            "١٢",
        ];
        for format in [NumberFormat::Vi, NumberFormat::En] {
            for text in texts {
                let general = format.parse_general(text).map_err(|e| e.code());
                if let Some(n) = plain_integer(text) {
                    assert_eq!(Ok(Rational::from(n)), general, "{text}");
                }
                assert_eq!(format.parse(text).map_err(|e| e.code()), general, "{text}");
            }
        }
        assert_eq!(
            plain_integer("999999999999999999"),
            Some(999_999_999_999_999_999)
        );
        assert_eq!(plain_integer("1000000000000000000"), None);
    }

    use super::*;

    #[test]
    fn formats_both_languages() {
        let x = Rational::new(1_945_100, 100).unwrap();
        assert_eq!(NumberFormat::Vi.format(x, 3).unwrap(), "19.451,000");
        assert_eq!(NumberFormat::En.format(x, 1).unwrap(), "19,451.0");
        assert_eq!(
            NumberFormat::Vi
                .format(Rational::from(-1_234_567), 0)
                .unwrap(),
            "-1.234.567"
        );
        assert_eq!(
            NumberFormat::Vi.format(Rational::from(999), 0).unwrap(),
            "999"
        );
        assert_eq!(
            NumberFormat::Vi
                .format_percent(Rational::new(100, 16).unwrap(), 1)
                .unwrap(),
            "6,3%"
        );
    }

    #[test]
    fn parses_strictly() {
        assert_eq!(
            NumberFormat::Vi.parse("7.623").unwrap(),
            Rational::from(7623)
        );
        assert_eq!(
            NumberFormat::Vi.parse("84,7").unwrap(),
            Rational::new(847, 10).unwrap()
        );
        assert_eq!(
            NumberFormat::En.parse("7,623").unwrap(),
            Rational::from(7623)
        );
        assert_eq!(
            NumberFormat::En.parse("-1,234.5").unwrap(),
            Rational::new(-2469, 2).unwrap()
        );
        assert_eq!(
            NumberFormat::En.parse("7623").unwrap(),
            Rational::from(7623)
        );
        for bad in [
            "", "1..2", "1,2,3", "12.34.5", "abc", "1.2345", ".5", "7,", "1 000",
        ] {
            assert!(NumberFormat::Vi.parse(bad).is_err(), "vi accepted {bad:?}");
        }
        assert_eq!(
            NumberFormat::En.parse("NaN").unwrap_err().code(),
            "non-finite-number"
        );
    }

    #[test]
    fn exact_form_round_trips() {
        for fmt in [NumberFormat::Vi, NumberFormat::En] {
            for v in [
                Rational::new(566, 9).unwrap(),
                Rational::new(-12345, 1000).unwrap(),
                Rational::from(1_234_567),
                Rational::new(1, 3_000_000).unwrap(),
            ] {
                let text = fmt.format_exact(v).unwrap();
                assert_eq!(fmt.parse(&text).unwrap(), v, "{text}");
            }
        }
        assert_eq!(
            NumberFormat::Vi
                .format_exact(Rational::new(566, 9).unwrap())
                .unwrap(),
            "566/9"
        );
        assert_eq!(
            NumberFormat::Vi
                .format_exact(Rational::new(-12345, 1000).unwrap())
                .unwrap(),
            "-12,345"
        );
    }
}
