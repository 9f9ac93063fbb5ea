//! Reporting periods: years, half-years, quarters, months, days, multi-year
//! phases and any date range, with their DHIS2-style identifiers.
//!
//! | identifier | period |
//! |---|---|
//! | `2024` | the year 2024 |
//! | `2024S1` | the first half of 2024 |
//! | `2024Q3` | the third quarter of 2024 |
//! | `202407` | July 2024 |
//! | `2024-07-15` | one day |
//! | `2021-2025` | the years 2021 to 2025 (a phase) |
//! | `2024-01-15/2024-03-31` | any date range, both ends included |
//!
//! ```
//! use chitieu::{Period, PeriodType};
//! let q: Period = "2024Q3".parse().unwrap();
//! assert_eq!(q.start().to_string(), "2024-07-01");
//! assert_eq!(q.end().to_string(), "2024-09-30");
//! let phase: Period = "2021-2025".parse().unwrap();
//! assert!(phase.contains(&q));
//! // Quarters still open after 2023-12-31 until the phase ends:
//! let as_of = chitieu::period::parse_date("2023-12-31").unwrap();
//! assert_eq!(phase.remaining(PeriodType::Quarter, as_of), Some(8));
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::text::{Lang, Text};

/// The kind of a period.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    FromJson,
    ToJson,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PeriodType {
    /// One day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar half-year.
    HalfYear,
    /// A calendar year.
    Year,
    /// Several whole calendar years, e.g. a programme phase.
    MultiYear,
    /// Any date range.
    Range,
}

impl PeriodType {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PeriodType::Day, Lang::Vi) => "ngày",
            (PeriodType::Day, Lang::En) => "day",
            (PeriodType::Month, Lang::Vi) => "tháng",
            (PeriodType::Month, Lang::En) => "month",
            (PeriodType::Quarter, Lang::Vi) => "quý",
            (PeriodType::Quarter, Lang::En) => "quarter",
            (PeriodType::HalfYear, Lang::Vi) => "6 tháng",
            (PeriodType::HalfYear, Lang::En) => "half-year",
            (PeriodType::Year, Lang::Vi) => "năm",
            (PeriodType::Year, Lang::En) => "year",
            (PeriodType::MultiYear, Lang::Vi) => "nhiều năm",
            (PeriodType::MultiYear, Lang::En) => "multi-year",
            (PeriodType::Range, Lang::Vi) => "khoảng thời gian",
            (PeriodType::Range, Lang::En) => "date range",
        }
    }

    /// Whether periods of this type tile the calendar (so can be counted).
    fn is_regular(self) -> bool {
        matches!(
            self,
            PeriodType::Day
                | PeriodType::Month
                | PeriodType::Quarter
                | PeriodType::HalfYear
                | PeriodType::Year
        )
    }
}

/// A reporting period. Its text form is its identifier (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, FromJson)]
#[non_exhaustive]
pub enum Period {
    /// One day.
    Day(NaiveDate),
    /// A month: year and month 1–12.
    Month(i32, u32),
    /// A quarter: year and quarter 1–4.
    Quarter(i32, u32),
    /// A half-year: year and half 1–2.
    HalfYear(i32, u32),
    /// A calendar year.
    Year(i32),
    /// The whole years from the first to the last, first < last.
    Years(i32, i32),
    /// A date range, both ends included, start ≤ end.
    Range(NaiveDate, NaiveDate),
}

/// The first year a period's text form can hold (four digits).
pub(crate) const MIN_YEAR: i32 = 1000;
/// The last year a period's text form can hold.
pub(crate) const MAX_YEAR: i32 = 9999;

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    // Callers pass validated years (1000–9999) and months; fall back to the
    // epoch only to stay total.
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    ymd(next_year, next_month, 1)
        .pred_opt()
        .unwrap_or(NaiveDate::MIN)
}

impl Period {
    /// The type of this period.
    pub fn period_type(&self) -> PeriodType {
        match self {
            Period::Day(_) => PeriodType::Day,
            Period::Month(..) => PeriodType::Month,
            Period::Quarter(..) => PeriodType::Quarter,
            Period::HalfYear(..) => PeriodType::HalfYear,
            Period::Year(_) => PeriodType::Year,
            Period::Years(..) => PeriodType::MultiYear,
            Period::Range(..) => PeriodType::Range,
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Day(d) => d,
            Period::Month(y, m) => ymd(y, m, 1),
            Period::Quarter(y, q) => ymd(y, 3 * q - 2, 1),
            Period::HalfYear(y, h) => ymd(y, 6 * h - 5, 1),
            Period::Year(y) | Period::Years(y, _) => ymd(y, 1, 1),
            Period::Range(start, _) => start,
        }
    }

    /// The last day (included).
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Day(d) => d,
            Period::Month(y, m) => last_day_of_month(y, m),
            Period::Quarter(y, q) => last_day_of_month(y, 3 * q),
            Period::HalfYear(y, h) => last_day_of_month(y, 6 * h),
            Period::Year(y) | Period::Years(_, y) => ymd(y, 12, 31),
            Period::Range(_, end) => end,
        }
    }

    /// Orders periods by how recent a figure for them is, for "the latest
    /// value" of a stock: the later end first; on the same end, the later
    /// start (the shorter period, the fresher figure); on the same span,
    /// the calendar period over a generic one (`2024S1` over
    /// `2024-01-01/2024-06-30`). Distinct periods never tie, so the latest
    /// of a set does not depend on the order it is read in.
    ///
    /// ```
    /// use chitieu::Period;
    /// let half: Period = "2024S1".parse().unwrap();
    /// let range: Period = "2024-01-01/2024-06-30".parse().unwrap();
    /// let quarter: Period = "2024Q2".parse().unwrap();
    /// assert!(quarter.cmp_recency(&half).is_gt());
    /// assert!(half.cmp_recency(&range).is_gt());
    /// ```
    pub fn cmp_recency(&self, other: &Period) -> std::cmp::Ordering {
        let key = |p: &Period| (p.end(), p.start(), std::cmp::Reverse(p.period_type()));
        key(self).cmp(&key(other))
    }

    /// A date range from `start` to `end`, both included.
    pub fn range(start: NaiveDate, end: NaiveDate) -> Result<Period> {
        if end < start {
            return Err(Error::new(ErrorKind::InvalidPeriod {
                value: format!("{start}/{end}"),
                reason: Text::new(
                    "khoảng kết thúc trước khi bắt đầu",
                    "the range ends before it starts",
                ),
            }));
        }
        Ok(Period::Range(start, end))
    }

    /// Whether `date` falls in this period.
    pub fn contains_date(&self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// Whether `other` lies wholly inside this period.
    pub fn contains(&self, other: &Period) -> bool {
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// The period of type `kind` that contains `date`; `None` for the
    /// irregular types (multi-year, range).
    pub fn containing(kind: PeriodType, date: NaiveDate) -> Option<Period> {
        let (y, m) = (date.year(), date.month());
        match kind {
            PeriodType::Day => Some(Period::Day(date)),
            PeriodType::Month => Some(Period::Month(y, m)),
            PeriodType::Quarter => Some(Period::Quarter(y, (m - 1) / 3 + 1)),
            PeriodType::HalfYear => Some(Period::HalfYear(y, (m - 1) / 6 + 1)),
            PeriodType::Year => Some(Period::Year(y)),
            PeriodType::MultiYear | PeriodType::Range => None,
        }
    }

    /// A running index of regular periods: consecutive periods of one type
    /// have consecutive indexes.
    pub(crate) fn index(&self) -> Option<i64> {
        let y = i64::from(self.start().year());
        match *self {
            Period::Day(d) => Some(i64::from(d.num_days_from_ce())),
            Period::Month(_, m) => Some(y * 12 + i64::from(m) - 1),
            Period::Quarter(_, q) => Some(y * 4 + i64::from(q) - 1),
            Period::HalfYear(_, h) => Some(y * 2 + i64::from(h) - 1),
            Period::Year(_) => Some(y),
            Period::Years(..) | Period::Range(..) => None,
        }
    }

    /// How many periods of type `kind` lie wholly inside this period.
    /// `None` for irregular kinds.
    pub fn count(&self, kind: PeriodType) -> Option<i64> {
        let first = Period::containing(kind, self.start())?;
        let last = Period::containing(kind, self.end())?;
        let mut n = last.index()? - first.index()? + 1;
        if first.start() < self.start() {
            n -= 1;
        }
        if last.end() > self.end() {
            n -= 1;
        }
        Some(n.max(0))
    }

    /// How many periods of type `kind` inside this period have ended by
    /// `as_of` (included): the periods elapsed.
    pub fn elapsed(&self, kind: PeriodType, as_of: NaiveDate) -> Option<i64> {
        if !kind.is_regular() {
            return None;
        }
        if as_of < self.start() {
            return Some(0);
        }
        let until = as_of.min(self.end());
        Period::Range(self.start(), until).count(kind)
    }

    /// How many periods of type `kind` inside this period have not ended by
    /// `as_of`: the periods left to act in, the current unfinished one
    /// included.
    pub fn remaining(&self, kind: PeriodType, as_of: NaiveDate) -> Option<i64> {
        Some(self.count(kind)? - self.elapsed(kind, as_of)?)
    }

    /// Whether every day of the period falls in the years
    /// [`MIN_YEAR`]–[`MAX_YEAR`], the only ones its text form (and so a data
    /// set) can hold. Periods read here always do; one built from dates
    /// elsewhere (a DHIS2 week late in 9999 ends in 10000) is checked with
    /// this before it enters a data set.
    #[cfg(feature = "exchange")]
    pub(crate) fn within_years(&self) -> bool {
        let years = MIN_YEAR..=MAX_YEAR;
        years.contains(&self.start().year()) && years.contains(&self.end().year())
    }

    /// The next period of the same regular type.
    pub fn next(&self) -> Option<Period> {
        let kind = self.period_type();
        let after = self.end().succ_opt()?;
        let next = Period::containing(kind, after)?;
        (next.start().year() <= MAX_YEAR).then_some(next)
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// Periods order by start, then end, then type: chronological.
    fn cmp(&self, other: &Period) -> std::cmp::Ordering {
        (self.start(), self.end(), self.period_type()).cmp(&(
            other.start(),
            other.end(),
            other.period_type(),
        ))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => f.write_str(&iso(*d)),
            Period::Month(y, m) => write!(f, "{y:04}{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}Q{q}"),
            Period::HalfYear(y, h) => write!(f, "{y:04}S{h}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Years(a, b) => write!(f, "{a:04}-{b:04}"),
            Period::Range(a, b) => write!(f, "{}/{}", iso(*a), iso(*b)),
        }
    }
}

fn parse_year(digits: &str) -> Option<i32> {
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = digits.parse().ok()?;
    (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(y)
}

fn small_number(digits: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    range.contains(&n).then_some(n)
}

/// A date as ISO `YYYY-MM-DD`.
///
/// Written by hand rather than with chrono's `format`, whose strftime
/// machinery would weigh on the browser build.
pub fn iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A date the Vietnamese way, `DD/MM/YYYY`.
pub fn dmy(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// Parses a strict ISO date `YYYY-MM-DD` that exists in the calendar.
///
/// ```
/// use chitieu::period::parse_date;
/// assert!(parse_date("2024-02-29").is_ok());
/// assert_eq!(parse_date("2023-02-30").unwrap_err().code(), "invalid-date");
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    let bad = || {
        Error::new(ErrorKind::InvalidDate {
            value: text.to_string(),
        })
    };
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let year = text.get(0..4).and_then(parse_year).ok_or_else(bad)?;
    let two = |r: std::ops::Range<usize>| {
        text.get(r)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    let month = two(5..7).ok_or_else(bad)?;
    let day = two(8..10).ok_or_else(bad)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(text: &str) -> Result<Period> {
        let fail = |(vi, en): (&str, &str)| {
            Error::new(ErrorKind::InvalidPeriod {
                value: text.to_string(),
                reason: Text::new(vi, en),
            })
        };
        if let Some((a, b)) = text.split_once('/') {
            let start = parse_date(a).map_err(|_| {
                fail((
                    "ngày đầu của khoảng không hợp lệ",
                    "range start is not a valid date",
                ))
            })?;
            let end = parse_date(b).map_err(|_| {
                fail((
                    "ngày cuối của khoảng không hợp lệ",
                    "range end is not a valid date",
                ))
            })?;
            return Period::range(start, end).map_err(|_| {
                fail((
                    "khoảng kết thúc trước khi bắt đầu",
                    "the range ends before it starts",
                ))
            });
        }
        if text.len() == 10 {
            return parse_date(text)
                .map(Period::Day)
                .map_err(|_| fail(("không phải là ngày hợp lệ", "not a valid date")));
        }
        if text.len() == 9 && text.as_bytes().get(4) == Some(&b'-') {
            let (a, b) = (text.get(0..4), text.get(5..9));
            let (Some(a), Some(b)) = (a.and_then(parse_year), b.and_then(parse_year)) else {
                return Err(fail((
                    "giai đoạn được viết dạng YYYY-YYYY",
                    "a phase is written YYYY-YYYY",
                )));
            };
            if b <= a {
                return Err(fail((
                    "năm cuối phải sau năm đầu",
                    "the last year must come after the first",
                )));
            }
            return Ok(Period::Years(a, b));
        }
        let year = text.get(0..4).and_then(parse_year).ok_or_else(|| {
            fail((
                "cần năm gồm bốn chữ số, từ 1000 đến 9999",
                "expected a four-digit year between 1000 and 9999",
            ))
        })?;
        let rest = text.get(4..).unwrap_or("");
        if rest.is_empty() {
            return Ok(Period::Year(year));
        }
        if let Some(q) = rest.strip_prefix('Q') {
            return small_number(q, 1..=4)
                .filter(|_| q.len() == 1)
                .map(|q| Period::Quarter(year, q))
                .ok_or_else(|| fail(("quý phải từ Q1 đến Q4", "quarter must be Q1 to Q4")));
        }
        if let Some(h) = rest.strip_prefix('S') {
            return small_number(h, 1..=2)
                .filter(|_| h.len() == 1)
                .map(|h| Period::HalfYear(year, h))
                .ok_or_else(|| fail(("nửa năm phải là S1 hoặc S2", "half-year must be S1 or S2")));
        }
        if rest.len() == 2 {
            return small_number(rest, 1..=12)
                .map(|m| Period::Month(year, m))
                .ok_or_else(|| fail(("tháng phải từ 01 đến 12", "month must be 01 to 12")));
        }
        Err(fail((
            "cần YYYY, YYYYS1, YYYYQ1, YYYYMM, YYYY-MM-DD, YYYY-YYYY hoặc NGÀY/NGÀY",
            "expected YYYY, YYYYS1, YYYYQ1, YYYYMM, YYYY-MM-DD, YYYY-YYYY or DATE/DATE",
        )))
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl crate::json_text::ToJson for Period {
    fn write_json(&self, w: &mut crate::json_text::Writer) {
        w.unescaped(format_args!("{self}"));
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Period, D::Error> {
        crate::error::parse_str(deserializer, "a string", str::parse)
    }
}

/// Serde helpers for strict ISO dates (`YYYY-MM-DD`) in the JSON contract.
pub mod iso_date {
    use super::*;

    /// Writes a date as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(
        date: &NaiveDate,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(&iso(*date))
    }

    /// Writes a date as `YYYY-MM-DD` (for `#[derive(ToJson)]`).
    pub(crate) fn write_json(date: &NaiveDate, w: &mut crate::json_text::Writer) {
        w.string(&iso(*date));
    }

    /// Reads a date that exists in the calendar, as `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<NaiveDate, D::Error> {
        crate::error::parse_str(deserializer, "a string", parse_date)
    }

    /// The same for optional dates.
    pub mod option {
        use super::*;

        /// Writes an optional date.
        pub fn serialize<S: Serializer>(
            date: &Option<NaiveDate>,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            match date {
                Some(d) => super::serialize(d, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Writes an optional date (for `#[derive(ToJson)]`).
        pub(crate) fn write_json(date: &Option<NaiveDate>, w: &mut crate::json_text::Writer) {
            match date {
                Some(d) => super::write_json(d, w),
                None => w.raw("null"),
            }
        }

        /// Reads an optional date.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> std::result::Result<Option<NaiveDate>, D::Error> {
            struct OptionalDate;
            impl<'de> serde::de::Visitor<'de> for OptionalDate {
                type Value = Option<NaiveDate>;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }

                fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
                    Ok(None)
                }

                fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
                    Ok(None)
                }

                fn visit_some<D: Deserializer<'de>>(
                    self,
                    deserializer: D,
                ) -> std::result::Result<Self::Value, D::Error> {
                    super::deserialize(deserializer).map(Some)
                }
            }
            deserializer.deserialize_option(OptionalDate)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn round_trips_every_identifier() {
        for id in [
            "2024",
            "2024S1",
            "2024S2",
            "2024Q3",
            "202407",
            "2024-07-15",
            "2021-2025",
            "2024-01-15/2024-03-31",
        ] {
            assert_eq!(p(id).to_string(), id);
        }
    }

    #[test]
    fn rejects_bad_identifiers() {
        for bad in [
            "2024Q5",
            "2024Q0",
            "2024S3",
            "202413",
            "202400",
            "2023-02-30",
            "2025-2021",
            "24",
            "2024q1",
            "2024Q12",
            "abcd",
            "",
            "2024-03-01/2024-02-01",
            "2021-2021",
        ] {
            let err = bad.parse::<Period>().unwrap_err();
            assert_eq!(err.code(), "invalid-period", "{bad}");
        }
    }

    #[test]
    fn bounds_and_containment() {
        assert_eq!(p("2024S2").start(), ymd(2024, 7, 1));
        assert_eq!(p("202402").end(), ymd(2024, 2, 29));
        assert_eq!(p("2024Q4").end(), ymd(2024, 12, 31));
        assert!(p("2021-2025").contains(&p("2024Q3")));
        assert!(!p("2024").contains(&p("2023-2024")));
        assert_eq!(
            Period::containing(PeriodType::Quarter, ymd(2024, 8, 9)),
            Some(p("2024Q3"))
        );
        assert_eq!(p("2024Q4").next(), Some(p("2025Q1")));
    }

    #[test]
    fn counts_elapsed_and_remaining() {
        let phase = p("2021-2025");
        let end_2023 = ymd(2023, 12, 31);
        assert_eq!(phase.count(PeriodType::Year), Some(5));
        assert_eq!(phase.elapsed(PeriodType::Year, end_2023), Some(3));
        assert_eq!(phase.remaining(PeriodType::Year, end_2023), Some(2));
        assert_eq!(
            phase.remaining(PeriodType::Quarter, ymd(2024, 6, 30)),
            Some(6)
        );
        assert_eq!(phase.remaining(PeriodType::Year, ymd(2024, 6, 30)), Some(2));
        assert_eq!(phase.elapsed(PeriodType::Year, ymd(2020, 1, 1)), Some(0));
        assert_eq!(phase.remaining(PeriodType::Year, ymd(2030, 1, 1)), Some(0));
        assert_eq!(phase.count(PeriodType::MultiYear), None);
    }
}
