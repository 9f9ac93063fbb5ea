//! Area schemes with effective dates, and resolving a reference — a code
//! or a name — against them.
//!
//! On 2025-07-01 Vietnam went from 63 provinces to 34, and a merged
//! province took the code of the province hosting its seat: `24` was Bắc
//! Giang and is now Bắc Ninh. A code alone is therefore not an area; it
//! needs a scheme (`vn-2004`, `vn-2025`) or an as-of date.

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::AreaLevel;
use crate::area::crosswalk::Crosswalk;
use crate::area::crosswalk::Link;
use crate::area::names::{KeyMatcher, fold, key, keys};
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

    /// Resolves a code or a name (any case, with or without diacritics or
    /// a "Tỉnh"/"Xã"/"Phường" prefix) in `scheme`, or in the schemes valid
    /// on `as_of`, or — with neither — wherever it is unambiguous. A name
    /// may be followed by the areas it lies in, comma-separated ("Phúc Xá,
    /// Ba Đình, Hà Nội"). A reference to an area no longer in force on
    /// `as_of` resolves to where its territory went, with the old area in
    /// [`ResolvedArea::successor_of`].
    ///
    /// ```
    /// use chitieu::area::SchemeSet;
    /// let schemes = SchemeSet::builtin().unwrap();
    /// let date = |d| chitieu::period::parse_date(d).unwrap();
    /// assert_eq!(schemes.resolve("24", None, Some(date("2025-06-30"))).unwrap().name.vi, "Bắc Giang");
    /// assert_eq!(schemes.resolve("24", None, Some(date("2025-07-01"))).unwrap().name.vi, "Bắc Ninh");
    /// assert_eq!(schemes.resolve("24", None, None).unwrap_err().code(), "ambiguous");
    /// assert_eq!(schemes.resolve("ha giang", None, None).unwrap().code.as_str(), "02");
    /// // A commune, before and after 2025-07-01.
    /// let phuc_xa = schemes.resolve("00001", None, Some(date("2025-06-30"))).unwrap();
    /// assert_eq!(phuc_xa.within.unwrap().vi, "Quận Ba Đình, Hà Nội");
    /// let now = schemes.resolve("00001", None, Some(date("2025-07-01"))).unwrap();
    /// assert_eq!((now.code.as_str(), now.name.vi.as_str()), ("00097", "Phường Hồng Hà"));
    /// assert_eq!(now.successor_of.unwrap().name.vi, "Phường Phúc Xá");
    /// ```
    pub fn resolve(
        &self,
        reference: &str,
        scheme: Option<&str>,
        as_of: Option<NaiveDate>,
    ) -> Result<ResolvedArea> {
        let candidates = self.candidates(scheme, as_of)?;
        let reference = reference.trim();
        let found = matches(&candidates, reference);
        if found.is_empty()
            && scheme.is_none()
            && as_of.is_some()
            && let Some(resolved) = self.successor(&candidates, reference)?
        {
            return Ok(resolved);
        }
        match found.as_slice() {
            [(s, a)] => Ok(resolved(s, a)),
            [] => Err(not_found(&candidates, reference)),
            many => Err(ambiguous(reference, many)),
        }
    }

    /// The schemes a reference is looked up in.
    fn candidates(
        &self,
        scheme: Option<&str>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<&AreaScheme>> {
        match (scheme, as_of) {
            (Some(id), _) => Ok(vec![self.scheme(id).ok_or_else(|| {
                Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: format!("scheme {id}"),
                })
                .at("scheme")
            })?]),
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
                Ok(valid)
            }
            (None, None) => Ok(self.schemes.iter().collect()),
        }
    }

    /// Where the area `reference` names in another scheme went, through a
    /// crosswalk into one of `candidates`.
    fn successor(
        &self,
        candidates: &[&AreaScheme],
        reference: &str,
    ) -> Result<Option<ResolvedArea>> {
        let others: Vec<&AreaScheme> = self
            .schemes
            .iter()
            .filter(|s| !candidates.iter().any(|c| c.id == s.id))
            .collect();
        let found = matches(&others, reference);
        let [(old_scheme, old)] = found.as_slice() else {
            return Ok(None);
        };
        for new in candidates {
            let Some(crosswalk) = self.crosswalk(&old_scheme.id, &new.id) else {
                continue;
            };
            let links: Vec<&Link> = crosswalk
                .links
                .iter()
                .filter(|l| l.from == old.code)
                .collect();
            let primary = match links.as_slice() {
                [only] => Some(*only),
                _ => links.iter().find(|l| l.primary).copied(),
            };
            let Some(area) = primary.and_then(|l| new.area(l.to.as_str())) else {
                if links.len() > 1 {
                    return Err(divided_without_seat(old_scheme, old, new, &links));
                }
                continue;
            };
            let mut out = resolved(new, area);
            if links.len() > 1 {
                out.parts = links
                    .iter()
                    .filter_map(|l| {
                        new.area(l.to.as_str()).map(|a| AreaShare {
                            code: a.code.clone(),
                            name: a.name.clone(),
                            weight: l.weight.unwrap_or(Rational::ONE),
                        })
                    })
                    .collect();
            }
            out.successor_of = Some(Box::new(resolved(old_scheme, old)));
            return Ok(Some(out));
        }
        Ok(None)
    }
}

/// The areas of `schemes` that `reference` names: by code, else by name
/// with the areas it lies in ("Phúc Xá, Ba Đình") matching its ancestors
/// in order. Among equal names, the one whose kind the reference also
/// gives ("Thị trấn Yên Viên") wins.
fn matches<'a>(
    schemes: &[&'a AreaScheme],
    reference: &str,
) -> Vec<(&'a AreaScheme, &'a SchemeArea)> {
    let by_code: Vec<(&AreaScheme, &SchemeArea)> = schemes
        .iter()
        .filter_map(|s| s.area(reference).map(|a| (*s, a)))
        .collect();
    if !by_code.is_empty() {
        return by_code;
    }
    let mut parts = reference.split(',').map(str::trim);
    let head = parts.next().unwrap_or_default();
    let within: Vec<Vec<String>> = parts
        .map(keys)
        .filter(|p| p.iter().any(|k| !k.is_empty()))
        .collect();
    let wanted = keys(head);
    let mut matcher = KeyMatcher::default();
    let mut named: Vec<(&AreaScheme, &SchemeArea)> = schemes
        .iter()
        .flat_map(|s| s.areas.iter().map(move |a| (*s, a)))
        .filter(|(_, a)| matcher.is(&a.name.vi, &wanted) || matcher.is(&a.name.en, &wanted))
        .collect();
    if !within.is_empty() {
        let mut indexes: HashMap<&str, HashMap<&str, &SchemeArea>> = HashMap::default();
        named.retain(|(s, a)| {
            let index = indexes.entry(s.id.as_str()).or_insert_with(|| index(s));
            lies_in(index, a, &within, &mut matcher)
        });
    }
    // "Tỉnh Hà Giang" is the province, not the city or the communes of
    // that name; "Thị trấn Yên Viên" the township. A kind of another level
    // than every match ("Huyện Đồng Văn" among communes) matches none.
    let folded = fold(head);
    let kinds = AreaKind::announced_by(&folded);
    let exact = |a: &SchemeArea| fold(&a.name.vi) == folded;
    if kinds.is_empty() {
        let exactly: Vec<(&AreaScheme, &SchemeArea)> =
            named.iter().filter(|(_, a)| exact(a)).copied().collect();
        return if named.len() > 1 && !exactly.is_empty() {
            exactly
        } else {
            named
        };
    }
    // Where the first word is part of the name ("Quán Thánh"), a match of
    // the whole name stands whatever its kind.
    let whole = wanted.get(1..).unwrap_or_default();
    let of_kind: Vec<(&AreaScheme, &SchemeArea)> = named
        .iter()
        .filter(|(_, a)| {
            kinds.contains(&a.kind)
                || exact(a)
                || matcher.is(&a.name.vi, whole)
                || matcher.is(&a.name.en, whole)
        })
        .copied()
        .collect();
    if !of_kind.is_empty() {
        return of_kind;
    }
    named.retain(|(_, a)| kinds.iter().any(|k| k.level() == a.kind.level()));
    named
}

/// The areas of a scheme by code.
fn index(scheme: &AreaScheme) -> HashMap<&str, &SchemeArea> {
    scheme.areas.iter().map(|a| (a.code.as_str(), a)).collect()
}

/// The areas `area` lies in, nearest first (cycles cut at ten levels).
fn ancestors<'a>(
    index: &HashMap<&str, &'a SchemeArea>,
    area: &'a SchemeArea,
) -> Vec<&'a SchemeArea> {
    let mut out = Vec::new();
    let mut next = area.parent.as_ref();
    while let Some(code) = next
        && out.len() < 10
        && let Some(parent) = index.get(code.as_str())
    {
        out.push(*parent);
        next = parent.parent.as_ref();
    }
    out
}

/// Whether each of `within` (the keys of each part) names an ancestor, in
/// order.
fn lies_in(
    index: &HashMap<&str, &SchemeArea>,
    area: &SchemeArea,
    within: &[Vec<String>],
    matcher: &mut KeyMatcher,
) -> bool {
    let mut up = ancestors(index, area).into_iter();
    within
        .iter()
        .all(|want| up.any(|a| matcher.is(&a.name.vi, want) || matcher.is(&a.name.en, want)))
}

fn resolved(scheme: &AreaScheme, area: &SchemeArea) -> ResolvedArea {
    resolved_in(scheme, &index(scheme), area)
}

fn resolved_in(
    scheme: &AreaScheme,
    index: &HashMap<&str, &SchemeArea>,
    area: &SchemeArea,
) -> ResolvedArea {
    let up = ancestors(index, area);
    let join = |lang: Lang| {
        up.iter()
            .map(|a| a.name.get(lang).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    ResolvedArea {
        scheme: scheme.id.clone(),
        code: area.code.clone(),
        name: area.name.clone(),
        kind: area.kind,
        within: (!up.is_empty()).then(|| Text::new(join(Lang::Vi), join(Lang::En))),
        successor_of: None,
        parts: Vec::new(),
    }
}

/// Each area described for a message, at most `limit` of them, then how
/// many more there are.
fn describe(areas: &[(&AreaScheme, &SchemeArea)], lang: Lang, limit: usize) -> Vec<String> {
    let mut indexes: HashMap<&str, HashMap<&str, &SchemeArea>> = HashMap::default();
    let mut out: Vec<String> = areas
        .iter()
        .take(limit)
        .map(|(scheme, area)| {
            let index = indexes
                .entry(scheme.id.as_str())
                .or_insert_with(|| self::index(scheme));
            // Proper names read the same in both languages: Vietnamese, with marks.
            let within = resolved_in(scheme, index, area)
                .within
                .map(|w| format!(", {}", w.vi))
                .unwrap_or_default();
            format!(
                "{} ({}{within}, {} {})",
                area.name.vi,
                area.code,
                scheme.id,
                scheme.validity(lang)
            )
        })
        .collect();
    if let Some(more) = areas.len().checked_sub(limit).filter(|&m| m > 0) {
        out.push(match lang {
            Lang::Vi => format!("và {more} địa bàn khác"),
            Lang::En => format!("and {more} more"),
        });
    }
    out
}

/// No area has this code or name: unknown, or ambiguous with the names
/// that start like it.
fn not_found(schemes: &[&AreaScheme], reference: &str) -> Error {
    let wanted = key(reference.split(',').next().unwrap_or_default());
    let mut matcher = KeyMatcher::default();
    let mut near: Vec<(&AreaScheme, &SchemeArea)> = schemes
        .iter()
        .flat_map(|s| s.areas.iter().map(move |a| (*s, a)))
        .filter(|(_, a)| matcher.starts(&a.name.vi, &wanted))
        .collect();
    // A fragment ("Ha") most likely means the largest units it starts:
    // the candidates are those of the highest level that has any.
    if let Some(top) = near.iter().map(|(_, a)| a.kind.level()).min() {
        near.retain(|(_, a)| a.kind.level() == top);
    }
    if near.is_empty() {
        return Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Area,
            value: reference.to_string(),
        })
        .at("reference");
    }
    // Suggestions, not every match: the first twenty.
    let close = |lang: Lang| -> String { describe(&near, lang, 20).join("; ") };
    Error::new(ErrorKind::Ambiguous {
        detail: Text::new(
            format!(
                "“{reference}” không khớp đúng địa bàn nào; gần giống: {}",
                close(Lang::Vi)
            ),
            format!(
                "“{reference}” names no area exactly; close candidates: {}",
                close(Lang::En)
            ),
        ),
    })
    .at("reference")
}

/// An area divided between several new ones, none of which is its main
/// part (a district, since districts were abolished): each is listed.
fn divided_without_seat(
    old_scheme: &AreaScheme,
    old: &SchemeArea,
    new: &AreaScheme,
    links: &[&Link],
) -> Error {
    let parts: Vec<(&AreaScheme, &SchemeArea)> = links
        .iter()
        .filter_map(|l| new.area(l.to.as_str()).map(|a| (new, a)))
        .collect();
    let old_text = |lang: Lang| describe(&[(old_scheme, old)], lang, 1).join("");
    let list = |lang: Lang| describe(&parts, lang, 20).join("; ");
    Error::new(ErrorKind::Ambiguous {
        detail: Text::new(
            format!(
                "{} nay thuộc {} địa bàn của {}: {}; hãy chọn một",
                old_text(Lang::Vi),
                parts.len(),
                new.id,
                list(Lang::Vi)
            ),
            format!(
                "{} is now in {} areas of {}: {}; name one of them",
                old_text(Lang::En),
                parts.len(),
                new.id,
                list(Lang::En)
            ),
        ),
    })
    .at("reference")
}

/// Several areas match: every one is named, so the caller can choose.
fn ambiguous(reference: &str, many: &[(&AreaScheme, &SchemeArea)]) -> Error {
    let list = |lang: Lang, and: &str| describe(many, lang, usize::MAX).join(and);
    // Only areas below a province can be told apart by the areas they lie in.
    let nested = many
        .iter()
        .any(|(_, a)| a.kind.level() > AreaLevel::Province);
    let (vi, en) = if nested {
        (
            "hãy cho danh mục, ngày báo cáo hoặc địa bàn cấp trên",
            "give a scheme, an as-of date or the areas it lies in",
        )
    } else {
        (
            "hãy cho danh mục hoặc ngày báo cáo",
            "give a scheme or an as-of date",
        )
    };
    Error::new(ErrorKind::Ambiguous {
        detail: Text::new(
            format!("“{reference}” là {}: {vi}", list(Lang::Vi, " và ")),
            format!("“{reference}” is {}: {en}", list(Lang::En, " and ")),
        ),
    })
    .at("reference")
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
