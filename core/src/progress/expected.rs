//! Expected-to-date targets: how much of a phase or annual target should
//! be done by a date, under a delivery profile.
//!
//! The expected value is `baseline + share × (target − baseline)`, where
//! `share` is exact:
//!
//! - `days`: days of the period up to the date (included) ÷ days of the
//!   period;
//! - `quarters`: quarters of the period ended by the date ÷ quarters of the
//!   period (nothing is expected of a quarter until it ends);
//! - `years` with `shares` (e.g. 10, 20, 30, 40): the shares of the years
//!   ended, plus the current year's share pro-rata by days, over the
//!   shares' sum.
//!
//! ```
//! use chitieu::progress::{expected, Profile};
//! use chitieu::model::Direction;
//! use chitieu::{Period, Rational};
//! use chrono::NaiveDate;
//! let phase: Period = "2021-2025".parse().unwrap();
//! let date = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
//! let profile = Profile::Quarters;
//! let e = expected(phase, Rational::from(9000), None, date, &profile, Some(Rational::from(6000)), Direction::Increase).unwrap();
//! assert_eq!(e.share, Rational::new(14, 20).unwrap()); // 14 of 20 quarters ended
//! assert_eq!(e.expected, Rational::from(6300));
//! assert_eq!(e.message.unwrap().en, "behind the expected 70% by 2024-06-30");
//! ```

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json_text::{FromJson, ToJson};
use crate::model::Direction;
use crate::number::{NumberFormat, Rational};
use crate::period::{Period, PeriodType, dmy, iso};
use crate::text::Text;

/// How a target is expected to be delivered over its period.
///
/// In JSON, `{"kind": "days"}`, `{"kind": "quarters"}` or
/// `{"kind": "years", "shares": [10, 20, 30, 40]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, FromJson)]
#[non_exhaustive]
pub enum Profile {
    /// Evenly by days.
    #[default]
    Days,
    /// Evenly by quarters, counted when they end.
    Quarters,
    /// By year, with a share for each year of the period.
    Years {
        /// One share per year, in order (percentages or any weights).
        shares: Vec<Rational>,
    },
}

/// The kinds of [`Profile`], as `kind` names them both ways: the one
/// place their names are spelled, tied to the variants by
/// [`ProfileKind::of`].
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
enum ProfileKind {
    Days,
    Quarters,
    Years,
}

impl ProfileKind {
    /// A profile's kind: a new variant of [`Profile`] does not compile
    /// until it has a kind here.
    fn of(profile: &Profile) -> ProfileKind {
        match profile {
            Profile::Days => ProfileKind::Days,
            Profile::Quarters => ProfileKind::Quarters,
            Profile::Years { .. } => ProfileKind::Years,
        }
    }
}

crate::json_text::to_json_via_serde!(Profile);

/// `{"kind": …}`, with `shares` for `years`.
impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", &ProfileKind::of(self))?;
        if let Profile::Years { shares } = self {
            map.serialize_entry("shares", shares)?;
        }
        map.end()
    }
}

/// The fields of a profile object.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ProfileField {
    Kind,
    Shares,
}

/// Read by hand rather than as serde's internally tagged enum, which
/// buffers the object (13 KB of the browser module) and then lets unknown
/// fields through and places errors in `shares` at the enclosing object.
impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Profile, D::Error> {
        d.deserialize_map(ProfileVisitor)
    }
}

struct ProfileVisitor;

impl<'de> serde::de::Visitor<'de> for ProfileVisitor {
    type Value = Profile;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a delivery profile: an object with `kind` and, for `years`, `shares`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Profile, A::Error> {
        use serde::de::Error as _;
        let (mut kind, mut shares) = (None, None);
        while let Some(field) = map.next_key::<ProfileField>()? {
            match field {
                ProfileField::Kind if kind.is_some() => {
                    return Err(A::Error::duplicate_field("kind"));
                }
                ProfileField::Kind => kind = Some(map.next_value::<ProfileKind>()?),
                ProfileField::Shares if shares.is_some() => {
                    return Err(A::Error::duplicate_field("shares"));
                }
                // Known to be foreign once `kind` is read: refused at the key.
                ProfileField::Shares
                    if kind
                        .as_ref()
                        .is_some_and(|k| !matches!(k, ProfileKind::Years)) =>
                {
                    return Err(A::Error::unknown_field("shares", &["kind"]));
                }
                ProfileField::Shares => shares = Some(map.next_value::<Vec<Rational>>()?),
            }
        }
        match (kind, shares) {
            (None, _) => Err(A::Error::missing_field("kind")),
            (Some(ProfileKind::Years), Some(shares)) => Ok(Profile::Years { shares }),
            (Some(ProfileKind::Years), None) => Err(A::Error::missing_field("shares")),
            (Some(_), Some(_)) => Err(A::Error::unknown_field("shares", &["kind"])),
            (Some(ProfileKind::Days), None) => Ok(Profile::Days),
            (Some(ProfileKind::Quarters), None) => Ok(Profile::Quarters),
        }
    }
}

/// Where a value stands against the expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Schedule {
    /// Better than expected.
    Ahead,
    /// Exactly as expected.
    OnSchedule,
    /// Worse than expected.
    Behind,
}

/// An expected-to-date target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Expected {
    /// The target's period.
    pub period: Period,
    /// The date.
    #[serde(with = "crate::period::iso_date")]
    pub as_of: NaiveDate,
    /// The profile used.
    pub profile: Profile,
    /// The baseline the change is counted from (0 when none is given).
    pub baseline: Rational,
    /// The target.
    pub target: Rational,
    /// The share of the planned change expected by the date.
    pub share: Rational,
    /// The expected value.
    pub expected: Rational,
    /// The value achieved, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved: Option<Rational>,
    /// The share of the planned change achieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved_share: Option<Rational>,
    /// Ahead, on schedule or behind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// The standing in words, e.g. "behind the expected 72% by 2024-06-30".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
}

fn ovf<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(Error::overflow)
}

fn days_between(start: NaiveDate, end: NaiveDate) -> i64 {
    (end - start).num_days() + 1
}

/// The share of `period` done by `as_of` under `profile`.
pub fn expected_share(period: Period, as_of: NaiveDate, profile: &Profile) -> Result<Rational> {
    let (start, end) = (period.start(), period.end());
    if as_of < start {
        return Ok(Rational::ZERO);
    }
    if as_of >= end {
        return Ok(Rational::ONE);
    }
    match profile {
        Profile::Days => ovf(Rational::new(
            i128::from(days_between(start, as_of)),
            i128::from(days_between(start, end)),
        )),
        Profile::Quarters => quarters_share(period, as_of),
        Profile::Years { shares } => years_share(period, as_of, shares),
    }
}

/// The `quarters` profile: nothing of a quarter counts until it ends, so
/// the period must be cut into whole quarters for the share to mean
/// anything.
fn quarters_share(period: Period, as_of: NaiveDate) -> Result<Rational> {
    let (start, end) = (period.start(), period.end());
    let whole = |d: NaiveDate| Period::containing(PeriodType::Quarter, d);
    if whole(start).map(|q| q.start()) != Some(start) || whole(end).map(|q| q.end()) != Some(end) {
        return Err(Error::invalid(
            "options.profile",
            (
                format!("kỳ {period} không gồm các quý trọn vẹn"),
                format!("period {period} is not made of whole quarters"),
            ),
        ));
    }
    let total = period.count(PeriodType::Quarter).unwrap_or(0);
    let ended = period.elapsed(PeriodType::Quarter, as_of).unwrap_or(0);
    ovf(Rational::new(i128::from(ended), i128::from(total.max(1))))
}

/// The `years` profile: checks the shares fit the period, then weighs the
/// years done by them.
fn years_share(period: Period, as_of: NaiveDate, shares: &[Rational]) -> Result<Rational> {
    let total = check_year_shares(period, shares)?;
    let done = year_shares_done(period.start(), as_of, shares)?;
    ovf(done.checked_div(total))
}

/// Rejects a `years` profile that cannot be applied to `period` (not whole
/// years, one share per year missing or extra, negative shares, nothing to
/// divide by), and returns the shares' sum.
fn check_year_shares(period: Period, shares: &[Rational]) -> Result<Rational> {
    let (start, end) = (period.start(), period.end());
    let years = period.count(PeriodType::Year).unwrap_or(0);
    let whole_years = Period::containing(PeriodType::Year, start).map(|y| y.start()) == Some(start)
        && Period::containing(PeriodType::Year, end).map(|y| y.end()) == Some(end);
    if !whole_years {
        return Err(Error::invalid(
            "options.profile",
            (
                format!("kỳ {period} không gồm các năm trọn vẹn"),
                format!("period {period} is not made of whole years"),
            ),
        ));
    }
    if usize::try_from(years).ok() != Some(shares.len()) {
        return Err(Error::invalid(
            "options.profile.shares",
            (
                format!("kỳ {period} có {years} năm nhưng có {} tỷ lệ", shares.len()),
                format!(
                    "period {period} has {years} years, but {} shares are given",
                    shares.len()
                ),
            ),
        ));
    }
    if let Some(i) = shares.iter().position(|s| s.is_negative()) {
        return Err(Error::invalid(
            format!("options.profile.shares[{i}]"),
            ("tỷ lệ không được âm", "a share cannot be negative"),
        ));
    }
    let total = Rational::sum(shares.iter().copied())?;
    if total.is_zero() {
        return Err(Error::invalid(
            "options.profile.shares",
            ("tổng các tỷ lệ bằng 0", "the shares add up to zero"),
        ));
    }
    Ok(total)
}

/// The weight of the years done by `as_of`: the whole share of each year
/// ended, and the current year's share pro-rata by days.
fn year_shares_done(start: NaiveDate, as_of: NaiveDate, shares: &[Rational]) -> Result<Rational> {
    let mut done = Rational::ZERO;
    for (year, share) in (start.year()..).zip(shares) {
        let Some(span) = Period::containing(
            PeriodType::Year,
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(start),
        ) else {
            break;
        };
        if span.end() <= as_of {
            done = ovf(done.checked_add(*share))?;
        } else if span.start() <= as_of {
            let part = ovf(Rational::new(
                i128::from(days_between(span.start(), as_of)),
                i128::from(days_between(span.start(), span.end())),
            ))?;
            done = ovf(done.checked_add(ovf(share.checked_mul(part))?))?;
        }
    }
    Ok(done)
}

/// The expected value of a target by `as_of`, and where `achieved` stands
/// against it.
pub fn expected(
    period: Period,
    target: Rational,
    baseline: Option<Rational>,
    as_of: NaiveDate,
    profile: &Profile,
    achieved: Option<Rational>,
    direction: Direction,
) -> Result<Expected> {
    let base = baseline.unwrap_or(Rational::ZERO);
    let share = expected_share(period, as_of, profile)?;
    let change = ovf(target.checked_sub(base))?;
    let expected = ovf(base.checked_add(ovf(change.checked_mul(share))?))?;
    let mut out = Expected {
        period,
        as_of,
        profile: profile.clone(),
        baseline: base,
        target,
        share,
        expected,
        achieved,
        achieved_share: None,
        schedule: None,
        message: None,
    };
    let Some(value) = achieved else {
        return Ok(out);
    };
    if !change.is_zero() {
        out.achieved_share = Some(ovf(ovf(value.checked_sub(base))?.checked_div(change))?);
    }
    let better = match direction {
        Direction::Decrease => expected.cmp(&value),
        _ => value.cmp(&expected),
    };
    let schedule = match better {
        std::cmp::Ordering::Greater => Schedule::Ahead,
        std::cmp::Ordering::Equal => Schedule::OnSchedule,
        std::cmp::Ordering::Less => Schedule::Behind,
    };
    out.schedule = Some(schedule);
    let percent = ovf(share.checked_mul(Rational::HUNDRED))?;
    let vi_pct = NumberFormat::Vi
        .format_percent(percent, 1)?
        .replace(",0%", "%");
    let en_pct = NumberFormat::En
        .format_percent(percent, 1)?
        .replace(".0%", "%");
    let (vi, en) = match schedule {
        Schedule::Ahead => ("vượt mức kỳ vọng", "ahead of the expected"),
        Schedule::OnSchedule => ("đúng mức kỳ vọng", "exactly at the expected"),
        Schedule::Behind => ("chậm so với mức kỳ vọng", "behind the expected"),
    };
    out.message = Some(Text::new(
        format!("{vi} {vi_pct} vào ngày {}", dmy(as_of)),
        format!("{en} {en_pct} by {}", iso(as_of)),
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(values: &[i64]) -> Vec<Rational> {
        values.iter().map(|&v| Rational::from(v)).collect()
    }

    #[test]
    fn each_profile_is_written_as_its_kind_and_read_back() {
        let written = [
            (Profile::Days, r#"{"kind":"days"}"#),
            (Profile::Quarters, r#"{"kind":"quarters"}"#),
            (
                Profile::Years {
                    shares: shares(&[10, 20, 30, 40]),
                },
                r#"{"kind":"years","shares":[10,20,30,40]}"#,
            ),
        ];
        for (profile, text) in written {
            assert_eq!(serde_json::to_string(&profile).unwrap(), text);
            assert_eq!(serde_json::from_str::<Profile>(text).unwrap(), profile);
        }
    }

    #[test]
    fn shares_belong_to_years_only() {
        let err = serde_json::from_str::<Profile>(r#"{"kind":"days","shares":[1]}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `shares`"), "{err}");
        let err = serde_json::from_str::<Profile>(r#"{"kind":"years"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `shares`"), "{err}");
    }
}
