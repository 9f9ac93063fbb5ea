//! Classifications that hold for a time: region I/II/III communes and
//! especially difficult villages are named by list decisions valid for a
//! phase (861/QĐ-TTg and 612/QĐ-UBDT for 2021–2025; 60/QĐ-BDTTG for
//! 2026–2030). The lists are user data; this module answers "was this
//! area so classified on that date?".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::AreaCode;
use crate::json_text::{FromJson, ToJson};
use crate::model::area::Classification;

/// A decision listing the areas of one classification, valid for a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct ClassificationList {
    /// The decision, e.g. `612/QĐ-UBDT`.
    pub decision: String,
    /// The classification it confers.
    pub classification: Classification,
    /// The first day it applies.
    #[serde(with = "crate::period::iso_date")]
    pub valid_from: NaiveDate,
    /// The last day it applies (`None`: still in force).
    #[serde(
        default,
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_to: Option<NaiveDate>,
    /// The areas listed.
    pub areas: Vec<AreaCode>,
}

impl ClassificationList {
    /// Whether the list applies on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// Whether `area` had `classification` on `date`, by the lists: `None` when
/// no list of that classification exists (the caller then falls back to
/// the area's own tags), otherwise the answer and the deciding list.
///
/// ```
/// use chitieu::area::{classified_on, ClassificationList, Classification};
/// let list = ClassificationList {
///     decision: "612/QĐ-UBDT".into(),
///     classification: Classification::EspeciallyDifficultVillage,
///     valid_from: chitieu::period::parse_date("2021-01-01").unwrap(),
///     valid_to: Some(chitieu::period::parse_date("2025-12-31").unwrap()),
///     areas: vec!["T1".parse().unwrap()],
/// };
/// let on = |d| chitieu::period::parse_date(d).unwrap();
/// let lists = [list];
/// let edv = Classification::EspeciallyDifficultVillage;
/// assert!(classified_on(&lists, "T1", edv, on("2024-06-01")).unwrap().0);
/// assert!(!classified_on(&lists, "T1", edv, on("2026-03-01")).unwrap().0);
/// ```
pub fn classified_on<'a>(
    lists: &'a [ClassificationList],
    area: &str,
    classification: Classification,
    date: NaiveDate,
) -> Option<(bool, Option<&'a ClassificationList>)> {
    let mut relevant = lists
        .iter()
        .filter(|l| l.classification == classification)
        .peekable();
    relevant.peek()?;
    let deciding =
        relevant.find(|l| l.in_force(date) && l.areas.iter().any(|a| a.as_str() == area));
    Some((deciding.is_some(), deciding))
}
