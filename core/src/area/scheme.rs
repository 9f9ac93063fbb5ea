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
use crate::area::names::key;
use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::period::iso;
use crate::text::{Lang, Text};

/// What kind of unit an area of a scheme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AreaKind {
    /// Tỉnh.
    Province,
    /// Thành phố trực thuộc trung ương.
    CentralCity,
    /// Huyện, quận, thị xã.
    District,
    /// Xã, phường, thị trấn.
    Commune,
    /// Thôn, bản.
    Village,
}

/// An area as a scheme lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    fn validity(&self, lang: Lang) -> String {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedArea {
    /// The scheme.
    pub scheme: String,
    /// The code in that scheme.
    pub code: AreaCode,
    /// The name.
    pub name: Text,
    /// The kind of unit.
    pub kind: AreaKind,
}

/// Schemes and crosswalks: the built-in Vietnamese provinces, plus any the
/// user adds (districts, communes, villages, splits with weights).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

const VN_PROVINCES: &str = include_str!("../../data/vn-provinces.json");

impl SchemeSet {
    /// The built-in provinces of `vn-2004` (63) and `vn-2025` (34) and the
    /// crosswalk between them.
    pub fn builtin() -> Result<SchemeSet> {
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

    /// Resolves a code or a name (any case, with or without diacritics or
    /// a "Tỉnh"/"TP" prefix) in `scheme`, or in the scheme valid on
    /// `as_of`, or — with neither — wherever it is unambiguous.
    ///
    /// ```
    /// use chitieu::area::SchemeSet;
    /// let schemes = SchemeSet::builtin().unwrap();
    /// let date = |d| chitieu::period::parse_date(d).unwrap();
    /// assert_eq!(schemes.resolve("24", None, Some(date("2025-06-30"))).unwrap().name.vi, "Bắc Giang");
    /// assert_eq!(schemes.resolve("24", None, Some(date("2025-07-01"))).unwrap().name.vi, "Bắc Ninh");
    /// assert_eq!(schemes.resolve("24", None, None).unwrap_err().code(), "ambiguous");
    /// assert_eq!(schemes.resolve("ha giang", None, None).unwrap().code.as_str(), "02");
    /// ```
    pub fn resolve(
        &self,
        reference: &str,
        scheme: Option<&str>,
        as_of: Option<NaiveDate>,
    ) -> Result<ResolvedArea> {
        let candidates: Vec<&AreaScheme> = match (scheme, as_of) {
            (Some(id), _) => vec![self.scheme(id).ok_or_else(|| {
                Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: format!("scheme {id}"),
                })
                .at("scheme")
            })?],
            (None, Some(date)) => {
                let valid: Vec<&AreaScheme> =
                    self.schemes.iter().filter(|s| s.valid_on(date)).collect();
                if valid.is_empty() {
                    return Err(Error::invalid(
                        "as_of",
                        (
                            format!(
                                "không có danh mục địa bàn nào có hiệu lực vào ngày {}",
                                iso(date)
                            ),
                            format!("no area scheme is in force on {}", iso(date)),
                        ),
                    ));
                }
                valid
            }
            (None, None) => self.schemes.iter().collect(),
        };
        let resolved = |s: &AreaScheme, a: &SchemeArea| ResolvedArea {
            scheme: s.id.clone(),
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind,
        };
        let describe = |s: &AreaScheme, a: &SchemeArea, lang: Lang| {
            format!("{} ({}, {} {})", a.name.vi, a.code, s.id, s.validity(lang))
        };
        let reference = reference.trim();
        let by_code: Vec<(&AreaScheme, &SchemeArea)> = candidates
            .iter()
            .filter_map(|s| s.area(reference).map(|a| (*s, a)))
            .collect();
        let wanted = key(reference);
        // Each name is folded once per call (not once per comparison): by
        // name and by prefix compare against the same keys.
        let named: Vec<(&AreaScheme, &SchemeArea, String)> = if by_code.is_empty() {
            candidates
                .iter()
                .flat_map(|s| s.areas.iter().map(move |a| (*s, a, key(&a.name.vi))))
                .collect()
        } else {
            Vec::new()
        };
        let by_name: Vec<(&AreaScheme, &SchemeArea)> = named
            .iter()
            .filter(|(_, a, vi)| *vi == wanted || key(&a.name.en) == wanted)
            .map(|(s, a, _)| (*s, *a))
            .collect();
        let found = if by_code.is_empty() { by_name } else { by_code };
        match found.as_slice() {
            [(s, a)] => Ok(resolved(s, a)),
            [] => {
                let near: Vec<(&AreaScheme, &SchemeArea)> = named
                    .iter()
                    .filter(|(_, _, vi)| {
                        !wanted.is_empty()
                            && (vi.split(' ').any(|w| w.starts_with(&wanted))
                                || vi.starts_with(&wanted))
                    })
                    .map(|(s, a, _)| (*s, *a))
                    .collect();
                let close = |lang: Lang| -> Vec<String> {
                    near.iter().map(|(s, a)| describe(s, a, lang)).collect()
                };
                if near.is_empty() {
                    Err(Error::new(ErrorKind::UnknownCode {
                        kind: CodeKind::Area,
                        value: reference.to_string(),
                    })
                    .at("reference"))
                } else {
                    Err(Error::new(ErrorKind::Ambiguous {
                        detail: crate::text::Text::new(
                            format!(
                                "“{reference}” không khớp đúng địa bàn nào; gần giống: {}",
                                close(Lang::Vi).join("; ")
                            ),
                            format!(
                                "“{reference}” names no area exactly; close candidates: {}",
                                close(Lang::En).join("; ")
                            ),
                        ),
                    })
                    .at("reference"))
                }
            }
            many => Err(Error::new(ErrorKind::Ambiguous {
                detail: crate::text::Text::new(
                    format!(
                        "“{reference}” là {}: hãy cho danh mục hoặc ngày báo cáo",
                        many.iter()
                            .map(|(s, a)| describe(s, a, Lang::Vi))
                            .collect::<Vec<_>>()
                            .join(" và ")
                    ),
                    format!(
                        "“{reference}” is {}: give a scheme or an as-of date",
                        many.iter()
                            .map(|(s, a)| describe(s, a, Lang::En))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                ),
            })
            .at("reference")),
        }
    }
}
