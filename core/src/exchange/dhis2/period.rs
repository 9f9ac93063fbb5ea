//! DHIS2 period identifiers (`2024`, `202401`, `2024Q1`, `2024W5`,
//! `2024AprilS1`…) and the chitieu periods they stand for.
//!
//! The calendar periods (day, month, quarter, half-year, year) are the same
//! in both; weeks, bi-weeks, bi-months, April half-years and financial
//! years are date ranges here, written back to DHIS2 by their shape (a
//! Monday-to-Sunday range is a week). Weeks are ISO weeks, as in DHIS2.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::error::{Error, ErrorKind, Result};
use crate::period::{Period, iso};
use crate::text::Text;

/// The DHIS2 period types this module reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dhis2PeriodType {
    Daily,
    Weekly,
    BiWeekly,
    Monthly,
    BiMonthly,
    Quarterly,
    SixMonthly,
    SixMonthlyApril,
    Yearly,
    FinancialApril,
    FinancialJuly,
    FinancialOct,
}

impl Dhis2PeriodType {
    /// The name DHIS2 gives the type (`periodType` in metadata).
    pub(crate) fn from_name(name: &str) -> Option<Dhis2PeriodType> {
        Some(match name {
            "Daily" => Dhis2PeriodType::Daily,
            "Weekly" => Dhis2PeriodType::Weekly,
            "BiWeekly" => Dhis2PeriodType::BiWeekly,
            "Monthly" => Dhis2PeriodType::Monthly,
            "BiMonthly" => Dhis2PeriodType::BiMonthly,
            "Quarterly" => Dhis2PeriodType::Quarterly,
            "SixMonthly" => Dhis2PeriodType::SixMonthly,
            "SixMonthlyApril" => Dhis2PeriodType::SixMonthlyApril,
            "Yearly" => Dhis2PeriodType::Yearly,
            "FinancialApril" => Dhis2PeriodType::FinancialApril,
            "FinancialJuly" => Dhis2PeriodType::FinancialJuly,
            "FinancialOct" => Dhis2PeriodType::FinancialOct,
            _ => return None,
        })
    }
}

/// The period types DHIS2 has that chitieu does not read, by the marker in
/// their identifiers, with their DHIS2 names.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("WedW", "WeeklyWednesday"),
    ("ThuW", "WeeklyThursday"),
    ("SatW", "WeeklySaturday"),
    ("SunW", "WeeklySunday"),
    ("NovS", "SixMonthlyNov"),
    ("Nov", "FinancialNov"),
    ("Sep", "FinancialSep"),
];

fn invalid(id: &str, vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidPeriod {
        value: id.to_string(),
        reason: Text::new(vi, en),
    })
}

fn not_a_dhis2_period(id: &str) -> Error {
    invalid(
        id,
        "không phải mã kỳ của DHIS2 (2024, 202401, 2024Q1, 2024S1, 2024W5, 2024BiW1, 202401B, 2024April, 2024July, 2024Oct, 2024AprilS1, 20240115)",
        "not a DHIS2 period id (2024, 202401, 2024Q1, 2024S1, 2024W5, 2024BiW1, 202401B, 2024April, 2024July, 2024Oct, 2024AprilS1, 20240115)",
    )
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn date(id: &str, year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| invalid(id, "ngày không có thật", "no such date"))
}

/// The last day of the month `months` after the first of (`year`, `month`).
fn month_end(id: &str, year: i32, month: u32, months: u32) -> Result<NaiveDate> {
    let first = date(id, year, month, 1)?;
    first
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| invalid(id, "ngoài lịch", "out of the calendar"))
}

fn week_start(id: &str, year: i32, week: u32) -> Result<NaiveDate> {
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
        invalid(
            id,
            format!("năm {year} không có tuần {week}"),
            format!("{year} has no week {week}"),
        )
    })
}

fn plus_days(id: &str, start: NaiveDate, days: u64) -> Result<NaiveDate> {
    start
        .checked_add_days(Days::new(days))
        .ok_or_else(|| invalid(id, "ngoài lịch", "out of the calendar"))
}

/// Reads a DHIS2 period id. An id of a type chitieu does not read
/// (`2024WedW5`) is an error naming the type, and so is a period outside
/// the years a data set holds (`0001`, `9999W52`, which ends in 10000):
/// refused here, at the value, rather than by every later operation.
pub(crate) fn parse(id: &str) -> Result<Period> {
    let period = parse_id(id)?;
    if !period.within_years() {
        let (first, last) = (crate::period::MIN_YEAR, crate::period::MAX_YEAR);
        let (start, end) = (iso(period.start()), iso(period.end()));
        return Err(invalid(
            id,
            format!(
                "kỳ kéo dài từ {start} đến {end}, nhưng kỳ phải nằm trong các năm {first}–{last}"
            ),
            format!(
                "the period runs from {start} to {end}, but periods must lie within the years {first}–{last}"
            ),
        ));
    }
    Ok(period)
}

/// [`parse`], whatever the years.
fn parse_id(id: &str) -> Result<Period> {
    let year_digits = id
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
    let (Some(year), Some(rest)) = (year_digits, id.get(4..)) else {
        return Err(not_a_dhis2_period(id));
    };
    let year: i32 = year.parse().map_err(|_| not_a_dhis2_period(id))?;
    if let Some((_, name)) = UNSUPPORTED
        .iter()
        .find(|(marker, _)| rest.starts_with(marker))
    {
        return Err(invalid(
            id,
            format!("chitieu chưa đọc loại kỳ {name} của DHIS2"),
            format!("the DHIS2 period type {name} is not supported"),
        ));
    }
    let range = |start: NaiveDate, end: NaiveDate| Period::range(start, end);
    match rest {
        "" => Ok(Period::Year(year)),
        "April" => range(date(id, year, 4, 1)?, date(id, year + 1, 3, 31)?),
        "July" => range(date(id, year, 7, 1)?, date(id, year + 1, 6, 30)?),
        "Oct" => range(date(id, year, 10, 1)?, date(id, year + 1, 9, 30)?),
        "AprilS1" => range(date(id, year, 4, 1)?, date(id, year, 9, 30)?),
        "AprilS2" => range(date(id, year, 10, 1)?, date(id, year + 1, 3, 31)?),
        _ => parse_numbered(id, year, rest),
    }
}

/// The period ids with a number after the year: `Q1`, `S2`, `W5`,
/// `BiW1`, `01`, `01B`, `0115`.
fn parse_numbered(id: &str, year: i32, rest: &str) -> Result<Period> {
    let bad = || not_a_dhis2_period(id);
    if let Some(n) = rest.strip_prefix("BiW") {
        let n = number(n).filter(|n| *n >= 1).ok_or_else(bad)?;
        let start = week_start(id, year, 2 * n - 1)?;
        return Period::range(start, plus_days(id, start, 13)?);
    }
    if let Some(n) = rest.strip_prefix('W') {
        let start = week_start(id, year, number(n).ok_or_else(bad)?)?;
        return Period::range(start, plus_days(id, start, 6)?);
    }
    if let Some(n) = rest.strip_prefix('Q') {
        let n = number(n).filter(|n| (1..=4).contains(n)).ok_or_else(bad)?;
        return Ok(Period::Quarter(year, n));
    }
    if let Some(n) = rest.strip_prefix('S') {
        let n = number(n).filter(|n| (1..=2).contains(n)).ok_or_else(bad)?;
        return Ok(Period::HalfYear(year, n));
    }
    if let Some(n) = rest.strip_suffix('B') {
        let n = number(n).filter(|n| (1..=6).contains(n) && rest.len() == 3);
        let n = n.ok_or_else(|| {
            invalid(
                id,
                "hai tháng được đánh số 01–06 (202401B là tháng 1–2)",
                "bi-months are numbered 01–06 (202401B is January–February)",
            )
        })?;
        return Period::range(
            date(id, year, 2 * n - 1, 1)?,
            month_end(id, year, 2 * n - 1, 2)?,
        );
    }
    match rest.len() {
        2 => {
            let month = number(rest).ok_or_else(bad)?;
            date(id, year, month, 1)?;
            Ok(Period::Month(year, month))
        }
        4 => {
            let (month, day) = (
                rest.get(..2).and_then(number),
                rest.get(2..).and_then(number),
            );
            let (Some(month), Some(day)) = (month, day) else {
                return Err(bad());
            };
            Ok(Period::Day(date(id, year, month, day)?))
        }
        _ => Err(bad()),
    }
}

/// Writes a period as a DHIS2 id, or `None` when DHIS2 has no period of
/// that shape (a multi-year phase, an arbitrary range).
pub(crate) fn format(period: &Period) -> Option<String> {
    Some(match *period {
        // By hand: chrono's `format` brings its strftime parser into the browser build.
        Period::Day(d) => format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
        Period::Month(y, m) => format!("{y:04}{m:02}"),
        Period::Quarter(y, q) => format!("{y:04}Q{q}"),
        Period::HalfYear(y, h) => format!("{y:04}S{h}"),
        Period::Year(y) => format!("{y:04}"),
        Period::Years(..) => return None,
        Period::Range(start, end) => return format_range(start, end),
    })
}

fn format_range(start: NaiveDate, end: NaiveDate) -> Option<String> {
    let days = (end - start).num_days() + 1;
    let iso = start.iso_week();
    if start.weekday() == Weekday::Mon && days == 7 {
        return Some(format!("{:04}W{}", iso.year(), iso.week()));
    }
    if start.weekday() == Weekday::Mon && days == 14 && iso.week() % 2 == 1 {
        return Some(format!("{:04}BiW{}", iso.year(), iso.week().div_ceil(2)));
    }
    let (y, m, d) = (start.year(), start.month(), start.day());
    let ends = |yy: i32, mm: u32, dd: u32| NaiveDate::from_ymd_opt(yy, mm, dd) == Some(end);
    if d != 1 {
        return None;
    }
    if m % 2 == 1
        && start
            .checked_add_months(chrono::Months::new(2))
            .and_then(|n| n.pred_opt())
            == Some(end)
    {
        return Some(format!("{y:04}{:02}B", m.div_ceil(2)));
    }
    match m {
        4 if ends(y, 9, 30) => Some(format!("{y:04}AprilS1")),
        10 if ends(y + 1, 3, 31) => Some(format!("{y:04}AprilS2")),
        4 if ends(y + 1, 3, 31) => Some(format!("{y:04}April")),
        7 if ends(y + 1, 6, 30) => Some(format!("{y:04}July")),
        10 if ends(y + 1, 9, 30) => Some(format!("{y:04}Oct")),
        _ => None,
    }
}

/// The chitieu period type a DHIS2 type is, where the two calendars agree
/// (a rule's `periodType`); `None` for the types that are ranges here.
pub(crate) fn chitieu_type(kind: Dhis2PeriodType) -> Option<crate::period::PeriodType> {
    use crate::period::PeriodType;
    Some(match kind {
        Dhis2PeriodType::Daily => PeriodType::Day,
        Dhis2PeriodType::Monthly => PeriodType::Month,
        Dhis2PeriodType::Quarterly => PeriodType::Quarter,
        Dhis2PeriodType::SixMonthly => PeriodType::HalfYear,
        Dhis2PeriodType::Yearly => PeriodType::Year,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_supported_type_reads_and_writes_back() {
        let cases: &[(&str, Period)] = &[
            ("2024", Period::Year(2024)),
            ("202401", Period::Month(2024, 1)),
            ("2024Q1", Period::Quarter(2024, 1)),
            ("2024S1", Period::HalfYear(2024, 1)),
            ("2024W5", Period::Range(ymd(2024, 1, 29), ymd(2024, 2, 4))),
            ("2024BiW1", Period::Range(ymd(2024, 1, 1), ymd(2024, 1, 14))),
            ("202401B", Period::Range(ymd(2024, 1, 1), ymd(2024, 2, 29))),
            (
                "202406B",
                Period::Range(ymd(2024, 11, 1), ymd(2024, 12, 31)),
            ),
            (
                "2024April",
                Period::Range(ymd(2024, 4, 1), ymd(2025, 3, 31)),
            ),
            ("2024July", Period::Range(ymd(2024, 7, 1), ymd(2025, 6, 30))),
            ("2024Oct", Period::Range(ymd(2024, 10, 1), ymd(2025, 9, 30))),
            (
                "2024AprilS1",
                Period::Range(ymd(2024, 4, 1), ymd(2024, 9, 30)),
            ),
            (
                "2024AprilS2",
                Period::Range(ymd(2024, 10, 1), ymd(2025, 3, 31)),
            ),
            ("20240115", Period::Day(ymd(2024, 1, 15))),
        ];
        for (id, period) in cases {
            assert_eq!(parse(id).unwrap(), *period, "{id}");
            assert_eq!(format(period).as_deref(), Some(*id), "{id}");
        }
    }

    #[test]
    fn iso_weeks_cross_the_new_year() {
        // ISO week 1 of 2025 starts on Monday 30 December 2024.
        assert_eq!(
            parse("2025W1").unwrap(),
            Period::Range(ymd(2024, 12, 30), ymd(2025, 1, 5))
        );
        assert_eq!(format(&parse("2025W1").unwrap()).unwrap(), "2025W1");
        assert!(parse("2021W53").is_err()); // 2021 has 52 weeks
        assert!(parse("2020W53").is_ok());
    }

    #[test]
    fn unsupported_and_malformed_ids_say_why() {
        let e = parse("2024WedW5").unwrap_err();
        assert_eq!(e.code(), "invalid-period");
        assert!(e.message(crate::text::Lang::En).contains("WeeklyWednesday"));
        assert!(
            parse("2024Nov")
                .unwrap_err()
                .message(crate::text::Lang::En)
                .contains("FinancialNov")
        );
        // Outside the years a data set holds: refused at the DHIS2 value.
        for outside in [
            "0001",
            "0999",
            "0999Q4",
            "9999W52",
            "9999April",
            "9999AprilS2",
            "9999Oct",
            "1000W1",
        ] {
            let e = parse(outside).unwrap_err();
            assert_eq!(e.code(), "invalid-period", "{outside}");
            assert!(
                e.message(crate::text::Lang::En)
                    .contains(&format!("`{outside}`")),
                "{outside}"
            );
            assert!(
                e.message(crate::text::Lang::En).contains("1000–9999"),
                "{outside}"
            );
            assert!(
                e.message(crate::text::Lang::Vi).contains("1000–9999"),
                "{outside}"
            );
        }
        for inside in ["1000", "9999", "9999W51", "9999Q4", "99991231", "1000W2"] {
            assert!(parse(inside).is_ok(), "{inside}");
        }
        for bad in [
            "", "24", "2024Q5", "2024S3", "202413", "20240230", "202407B", "2024W", "2024W0",
            "2024X1", "abcd", "2024BiW0", "2024Q",
        ] {
            assert_eq!(parse(bad).unwrap_err().code(), "invalid-period", "{bad:?}");
        }
    }

    #[test]
    fn shapes_dhis2_does_not_have_are_not_written() {
        assert_eq!(format(&Period::Years(2021, 2025)), None);
        assert_eq!(
            format(&Period::Range(ymd(2024, 1, 2), ymd(2024, 1, 8))),
            None
        );
        assert_eq!(
            format(&Period::Range(ymd(2024, 2, 1), ymd(2024, 3, 31))),
            None
        );
        assert_eq!(
            format(&Period::Range(ymd(2024, 3, 1), ymd(2024, 4, 30))).unwrap(),
            "202402B"
        );
    }
}
