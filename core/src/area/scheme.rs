//! Area schemes with effective dates, and resolving a reference — a code
//! or a name — against them.
//!
//! On 2025-07-01 Vietnam went from 63 provinces to 34, and a merged
//! province took the code of the province hosting its seat: `24` was Bắc
//! Giang and is now Bắc Ninh. A code alone is therefore not an area; it
//! needs a scheme (`vn-2004`, `vn-2025`) or an as-of date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::AreaLevel;
use crate::area::crosswalk::Crosswalk;
use crate::area::names::fold;
use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::ToJson;
use crate::number::Rational;
use crate::period::iso;
use crate::text::{Lang, Text};

/// What kind of unit an area of a scheme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AreaKind {
    /// Tỉnh.
    Province,
    /// Thành phố trực thuộc trung ương.
    CentralCity,
    /// Huyện (a rural district).
    District,
    /// Quận (an urban district).
    UrbanDistrict,
    /// Thị xã (a district-level town).
    Town,
    /// Thành phố thuộc tỉnh (a district-level city).
    ProvincialCity,
    /// Xã.
    Commune,
    /// Phường (an urban ward).
    Ward,
    /// Thị trấn (a commune-level township, until 2025-06-30).
    Township,
    /// Đặc khu (a special zone, from 2025-07-01: the islands).
    SpecialZone,
    /// Thôn, bản.
    Village,
}

impl AreaKind {
    /// Every kind, highest level first (`level` and `prefix` match on each
    /// without a wildcard, so a new kind is seen there; the test
    /// `every_kind_is_listed_once` checks this list against them).
    pub const ALL: [AreaKind; 11] = [
        AreaKind::Province,
        AreaKind::CentralCity,
        AreaKind::District,
        AreaKind::UrbanDistrict,
        AreaKind::Town,
        AreaKind::ProvincialCity,
        AreaKind::Commune,
        AreaKind::Ward,
        AreaKind::Township,
        AreaKind::SpecialZone,
        AreaKind::Village,
    ];

    /// The level its units sit at.
    pub fn level(self) -> AreaLevel {
        match self {
            AreaKind::Province | AreaKind::CentralCity => AreaLevel::Province,
            AreaKind::District
            | AreaKind::UrbanDistrict
            | AreaKind::Town
            | AreaKind::ProvincialCity => AreaLevel::District,
            AreaKind::Commune | AreaKind::Ward | AreaKind::Township | AreaKind::SpecialZone => {
                AreaLevel::Commune
            }
            AreaKind::Village => AreaLevel::Village,
        }
    }

    /// The word a name starts with ("Phường Phúc Xá"), in Vietnamese and
    /// in its ASCII form.
    pub fn prefix(self) -> Text {
        let (vi, en) = match self {
            AreaKind::Province => ("Tỉnh", "Tinh"),
            AreaKind::CentralCity | AreaKind::ProvincialCity => ("Thành phố", "Thanh pho"),
            AreaKind::District => ("Huyện", "Huyen"),
            AreaKind::UrbanDistrict => ("Quận", "Quan"),
            AreaKind::Town => ("Thị xã", "Thi xa"),
            AreaKind::Commune => ("Xã", "Xa"),
            AreaKind::Ward => ("Phường", "Phuong"),
            AreaKind::Township => ("Thị trấn", "Thi tran"),
            AreaKind::SpecialZone => ("Đặc khu", "Dac khu"),
            AreaKind::Village => ("Thôn", "Thon"),
        };
        Text::new(vi, en)
    }

    /// The kinds a folded reference ([`fold`]) announces by its first
    /// words: "tinh ha giang" a province, "tp hue" a city of either level,
    /// "thi tran yen vien" a township; none without such a word.
    pub fn announced_by(folded: &str) -> Vec<AreaKind> {
        let city = folded.starts_with("tp ") || folded.starts_with("tp.");
        AreaKind::ALL
            .into_iter()
            .filter(|kind| {
                let prefix = fold(&kind.prefix().vi);
                let named = folded
                    .strip_prefix(prefix.as_str())
                    .is_some_and(|rest| rest.starts_with(' '));
                named || (city && matches!(kind, AreaKind::CentralCity | AreaKind::ProvincialCity))
            })
            .collect()
    }

    /// The kind a full district or commune name announces by its first
    /// words ("Thị trấn Yên Viên" is a township), if any.
    pub fn of_name(name: &str, level: AreaLevel) -> Option<AreaKind> {
        AreaKind::ALL.into_iter().find(|kind| {
            kind.level() == level
                && name
                    .strip_prefix(kind.prefix().vi.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
        })
    }
}

/// An area as a scheme lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct SchemeArea {
    /// Its code in the scheme.
    pub code: AreaCode,
    /// Its name: Vietnamese with diacritics, and the English/ASCII form.
    pub name: Text,
    /// Province, centrally-run city…
    pub kind: AreaKind,
    /// The code of the area it belongs to in the same scheme, if listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<AreaCode>,
}

/// A list of areas valid for a time: e.g. `vn-2004` (to 2025-06-30) and
/// `vn-2025` (from 2025-07-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct AreaScheme {
    /// The scheme id.
    pub id: String,
    /// Its name.
    pub name: Text,
    /// The first day it applies (`None`: since ever).
    #[serde(
        default,
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_from: Option<NaiveDate>,
    /// The last day it applies (`None`: still in force).
    #[serde(
        default,
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_to: Option<NaiveDate>,
    /// The level of its areas.
    pub level: AreaLevel,
    /// Its areas.
    pub areas: Vec<SchemeArea>,
}

impl AreaScheme {
    /// Whether the scheme applies on `date`.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The area with `code`.
    pub fn area(&self, code: &str) -> Option<&SchemeArea> {
        self.areas.iter().find(|a| a.code.as_str() == code)
    }

    /// The levels its areas sit at, highest first (with [`AreaScheme::level`]).
    pub fn levels(&self) -> Vec<AreaLevel> {
        let mut levels: Vec<AreaLevel> = self.areas.iter().map(|a| a.kind.level()).collect();
        levels.push(self.level);
        crate::order::sort(&mut levels);
        levels.dedup();
        levels
    }

    /// When it applies, for a message ("from 2025-07-01").
    pub(crate) fn validity(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match (self.valid_from, self.valid_to) {
            (Some(from), Some(to)) if vi => format!("{} đến {}", iso(from), iso(to)),
            (Some(from), Some(to)) => format!("{} to {}", iso(from), iso(to)),
            (Some(from), None) if vi => format!("từ {}", iso(from)),
            (Some(from), None) => format!("from {}", iso(from)),
            (None, Some(to)) if vi => format!("đến {}", iso(to)),
            (None, Some(to)) => format!("to {}", iso(to)),
            (None, None) if vi => "mọi lúc".to_string(),
            (None, None) => "always".to_string(),
        }
    }
}

/// An area a reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct ResolvedArea {
    /// The scheme.
    pub scheme: String,
    /// The code in that scheme.
    pub code: AreaCode,
    /// The name.
    pub name: Text,
    /// The kind of unit.
    pub kind: AreaKind,
    /// The areas it lies in, nearest first ("Quận Ba Đình, Hà Nội").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Text>,
    /// The area the reference named, when it was no longer in force on the
    /// date asked and this is where its territory went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor_of: Option<Box<ResolvedArea>>,
    /// For an old area divided between new ones: every part with its share
    /// in the crosswalk (this area is the primary part).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<AreaShare>,
}

/// One part of a divided area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct AreaShare {
    /// The new area's code.
    pub code: AreaCode,
    /// Its name.
    pub name: Text,
    /// The share of the old area it takes in the crosswalk.
    pub weight: Rational,
}

/// Schemes and crosswalks: the built-in Vietnamese provinces, plus any the
/// user adds (districts, communes, villages, splits with weights).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct SchemeSet {
    /// The contract version, 1.
    pub version: u32,
    /// The schemes.
    #[serde(default)]
    pub schemes: Vec<AreaScheme>,
    /// Crosswalks between schemes.
    #[serde(default)]
    pub crosswalks: Vec<Crosswalk>,
}

crate::json_text::via_serde!(SchemeSet);

const VN_PROVINCES: &str = include_str!("../../data/vn-provinces.json");

impl SchemeSet {
    /// The built-in schemes at province level only (the `schemes` operation's
    /// answer).
    pub fn provinces() -> Result<SchemeSet> {
        crate::io::json::from_str(VN_PROVINCES)
    }

    /// Adds `other`'s schemes and crosswalks (a scheme id used twice is an error).
    pub fn extend(&mut self, other: SchemeSet) -> Result<()> {
        for scheme in other.schemes {
            if self.scheme(&scheme.id).is_some() {
                return Err(Error::new(ErrorKind::DuplicateKey {
                    kind: CodeKind::Area,
                    key: scheme.id.clone(),
                    first: "the built-in schemes".into(),
                })
                .at("schemes"));
            }
            self.schemes.push(scheme);
        }
        self.crosswalks.extend(other.crosswalks);
        Ok(())
    }

    /// The scheme with `id`.
    pub fn scheme(&self, id: &str) -> Option<&AreaScheme> {
        self.schemes.iter().find(|s| s.id == id)
    }

    /// The crosswalk from scheme `from` to scheme `to`.
    pub fn crosswalk(&self, from: &str, to: &str) -> Option<&Crosswalk> {
        self.crosswalks
            .iter()
            .find(|c| c.from == from && c.to == to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once() {
        // serde's error for an unknown kind names every variant.
        let e = serde_json::from_str::<AreaKind>("\"none\"")
            .unwrap_err()
            .to_string();
        let variants: Vec<&str> = e.split('`').skip(3).step_by(2).collect();
        let listed: Vec<String> = AreaKind::ALL
            .iter()
            .map(|k| {
                serde_json::to_value(k)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(listed, variants, "{e}");
    }
}
