//! Resolving a reference — a code or a name — against the schemes of a
//! [`Resolver`]: by code, else by name with the areas it lies in; on a
//! date after the area named was merged or divided, where its territory
//! went.

use chrono::NaiveDate;

use crate::area::AreaLevel;
use crate::area::crosswalk::Link;
use crate::area::lookup::{Listed, Resolver};
use crate::area::names::{KeyMatcher, fold, key, keys};
use crate::area::scheme::{AreaKind, AreaShare, ResolvedArea, SchemeArea, SchemeSet};
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::number::Rational;
use crate::period::iso;
use crate::text::{Lang, Text};

/// An area found, with the scheme it was found in.
type Found<'a> = (Listed<'a>, &'a SchemeArea);

// Defined here, not beside the set: the schemes must not depend on the
// resolving that builds on them.
impl SchemeSet {
    /// Resolves a code or a name (any case, with or without diacritics or
    /// a "Tỉnh"/"Xã"/"Phường" prefix) in `scheme`, or in the schemes valid
    /// on `as_of`, or — with neither — wherever it is unambiguous. A name
    /// may be followed by the areas it lies in, comma-separated ("Phúc Xá,
    /// Ba Đình, Hà Nội"). A reference to an area no longer in force on
    /// `as_of` resolves to where its territory went, with the old area in
    /// [`ResolvedArea::successor_of`].
    ///
    /// This scans the set's areas on each call; to resolve many references,
    /// or against the built-in set, use [`IndexedSchemes`]' tables
    /// (`IndexedSchemes::builtin()?.resolver().resolve(…)`), which answer
    /// the same.
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
    ///
    /// [`IndexedSchemes`]: crate::area::IndexedSchemes
    pub fn resolve(
        &self,
        reference: &str,
        scheme: Option<&str>,
        as_of: Option<NaiveDate>,
    ) -> Result<ResolvedArea> {
        Resolver::scanning(self).resolve(reference, scheme, as_of)
    }
}

impl<'a> Resolver<'a> {
    /// Resolves a code or a name (any case, with or without diacritics or
    /// a "Tỉnh"/"Xã"/"Phường" prefix) in `scheme`, or in the schemes valid
    /// on `as_of`, or — with neither — wherever it is unambiguous. A name
    /// may be followed by the areas it lies in, comma-separated ("Phúc Xá,
    /// Ba Đình, Hà Nội"). A reference to an area no longer in force on
    /// `as_of` resolves to where its territory went, with the old area in
    /// [`ResolvedArea::successor_of`]. Errors are at `reference`, `scheme`
    /// or `as_of`.
    ///
    /// ```
    /// use chitieu::area::IndexedSchemes;
    /// let schemes = IndexedSchemes::builtin()?.resolver();
    /// let date = |d| chitieu::period::parse_date(d).unwrap();
    /// assert_eq!(schemes.resolve("24", None, Some(date("2025-06-30")))?.name.vi, "Bắc Giang");
    /// assert_eq!(schemes.resolve("24", None, None).unwrap_err().code(), "ambiguous");
    /// let now = schemes.resolve("00001", None, Some(date("2025-07-01")))?;
    /// assert_eq!((now.code.as_str(), now.name.vi.as_str()), ("00097", "Phường Hồng Hà"));
    /// assert_eq!(now.successor_of.unwrap().name.vi, "Phường Phúc Xá");
    /// # Ok::<(), chitieu::Error>(())
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
            [(s, a)] => Ok(resolved(*s, a)),
            [] => Err(not_found(&candidates, reference)),
            many => Err(ambiguous(reference, many)),
        }
    }

    /// The schemes a reference is looked up in: `scheme`, or those valid
    /// on `as_of`, or all of them.
    pub(crate) fn candidates(
        &self,
        scheme: Option<&str>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<Listed<'a>>> {
        match (scheme, as_of) {
            (Some(id), _) => Ok(vec![self.listed(id).ok_or_else(|| {
                Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: format!("scheme {id}"),
                })
                .at("scheme")
            })?]),
            (None, Some(date)) => {
                let valid: Vec<Listed<'a>> = self
                    .schemes
                    .iter()
                    .filter(|s| s.scheme.valid_on(date))
                    .copied()
                    .collect();
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
            (None, None) => Ok(self.schemes.clone()),
        }
    }

    /// Where the area `reference` names in another scheme went, through a
    /// crosswalk into one of `candidates`.
    fn successor(
        &self,
        candidates: &[Listed<'a>],
        reference: &str,
    ) -> Result<Option<ResolvedArea>> {
        let others: Vec<Listed<'a>> = self
            .schemes
            .iter()
            .filter(|s| !candidates.iter().any(|c| c.scheme.id == s.scheme.id))
            .copied()
            .collect();
        let found = matches(&others, reference);
        let [(old_scheme, old)] = found.as_slice() else {
            return Ok(None);
        };
        for new in candidates {
            let Some(walk) = self.walk(&old_scheme.scheme.id, &new.scheme.id) else {
                continue;
            };
            let links = walk.links_from(old.code.as_str());
            let primary = match links.as_slice() {
                [only] => Some(*only),
                _ => links.iter().find(|l| l.primary).copied(),
            };
            let Some(area) = primary.and_then(|l| new.area(l.to.as_str())) else {
                if links.len() > 1 {
                    return Err(divided_without_seat((*old_scheme, old), *new, &links));
                }
                continue;
            };
            let mut out = resolved(*new, area);
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
            out.successor_of = Some(Box::new(resolved(*old_scheme, old)));
            return Ok(Some(out));
        }
        Ok(None)
    }
}

/// The areas of `schemes` that `reference` names: by code, else by name
/// with the areas it lies in ("Phúc Xá, Ba Đình") matching its ancestors
/// in order. Among equal names, the one whose kind the reference also
/// gives ("Thị trấn Yên Viên") wins.
fn matches<'a>(schemes: &[Listed<'a>], reference: &str) -> Vec<Found<'a>> {
    let by_code: Vec<Found<'a>> = schemes
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
    let mut named: Vec<Found<'a>> = Vec::new();
    for s in schemes {
        named.extend(s.named(&wanted, &mut matcher).into_iter().map(|a| (*s, a)));
    }
    if !within.is_empty() {
        named.retain(|(s, a)| lies_in(*s, a, &within, &mut matcher));
    }
    // "Tỉnh Hà Giang" is the province, not the city or the communes of
    // that name; "Thị trấn Yên Viên" the township. A kind of another level
    // than every match ("Huyện Đồng Văn" among communes) matches none.
    let folded = fold(head);
    let kinds = AreaKind::announced_by(&folded);
    let exact = |a: &SchemeArea| fold(&a.name.vi) == folded;
    if kinds.is_empty() {
        let exactly: Vec<Found<'a>> = named.iter().filter(|(_, a)| exact(a)).copied().collect();
        return if named.len() > 1 && !exactly.is_empty() {
            exactly
        } else {
            named
        };
    }
    // Where the first word is part of the name ("Quán Thánh"), a match of
    // the whole name stands whatever its kind.
    let whole = wanted.get(1..).unwrap_or_default();
    let of_kind: Vec<Found<'a>> = named
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

/// The areas `area` lies in, nearest first. A parent already passed ends
/// the list, so a loop in a scheme never repeats a name (the sets the
/// contract takes are refused with such a loop; see
/// [`crate::area::IndexedSchemes::new`]); ten levels end it too.
fn ancestors<'a>(scheme: Listed<'a>, area: &'a SchemeArea) -> Vec<&'a SchemeArea> {
    let mut out: Vec<&SchemeArea> = Vec::new();
    let mut next = area.parent.as_ref();
    while let Some(code) = next
        && out.len() < 10
        && let Some(parent) = scheme.area(code.as_str())
        && parent.code != area.code
        && !out.iter().any(|a| a.code == parent.code)
    {
        out.push(parent);
        next = parent.parent.as_ref();
    }
    out
}

/// Whether each of `within` (the keys of each part) names an ancestor, in
/// order.
fn lies_in(
    scheme: Listed<'_>,
    area: &SchemeArea,
    within: &[Vec<String>],
    matcher: &mut KeyMatcher,
) -> bool {
    let mut up = ancestors(scheme, area).into_iter();
    within
        .iter()
        .all(|want| up.any(|a| matcher.is(&a.name.vi, want) || matcher.is(&a.name.en, want)))
}

/// `area` of `scheme` as a result, with the areas it lies in.
fn resolved(scheme: Listed<'_>, area: &SchemeArea) -> ResolvedArea {
    let up = ancestors(scheme, area);
    let join = |lang: Lang| {
        up.iter()
            .map(|a| a.name.get(lang).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    ResolvedArea {
        scheme: scheme.scheme.id.clone(),
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
fn describe(areas: &[Found<'_>], lang: Lang, limit: usize) -> Vec<String> {
    let mut out: Vec<String> = areas
        .iter()
        .take(limit)
        .map(|(scheme, area)| {
            // Proper names read the same in both languages: Vietnamese, with marks.
            let within = resolved(*scheme, area)
                .within
                .map(|w| format!(", {}", w.vi))
                .unwrap_or_default();
            format!(
                "{} ({}{within}, {} {})",
                area.name.vi,
                area.code,
                scheme.scheme.id,
                scheme.scheme.validity(lang)
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
fn not_found(schemes: &[Listed<'_>], reference: &str) -> Error {
    let wanted = key(reference.split(',').next().unwrap_or_default());
    let mut matcher = KeyMatcher::default();
    let mut near: Vec<Found<'_>> = Vec::new();
    for s in schemes {
        near.extend(
            s.starting(&wanted, &mut matcher)
                .into_iter()
                .map(|a| (*s, a)),
        );
    }
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
fn divided_without_seat(old: Found<'_>, new: Listed<'_>, links: &[&Link]) -> Error {
    let parts: Vec<Found<'_>> = links
        .iter()
        .filter_map(|l| new.area(l.to.as_str()).map(|a| (new, a)))
        .collect();
    let old_text = |lang: Lang| describe(&[old], lang, 1).join("");
    let list = |lang: Lang| describe(&parts, lang, 20).join("; ");
    let id = &new.scheme.id;
    Error::new(ErrorKind::Ambiguous {
        detail: Text::new(
            format!(
                "{} nay thuộc {} địa bàn của {id}: {}; hãy chọn một",
                old_text(Lang::Vi),
                parts.len(),
                list(Lang::Vi)
            ),
            format!(
                "{} is now in {} areas of {id}: {}; name one of them",
                old_text(Lang::En),
                parts.len(),
                list(Lang::En)
            ),
        ),
    })
    .at("reference")
}

/// Several areas match: every one is named, so the caller can choose.
fn ambiguous(reference: &str, many: &[Found<'_>]) -> Error {
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
    use crate::area::{IndexedSchemes, SchemeSet};

    /// A scheme whose parents loop, resolved without the check
    /// [`IndexedSchemes::new`] makes: `within` still names each area once.
    #[test]
    fn a_loop_of_parents_never_repeats_a_name() {
        let set: SchemeSet = crate::io::json::from_str(
            r#"{"version": 1, "schemes": [{"id": "loop", "name": {"vi": "v", "en": "l"}, "level": "village", "areas": [
            {"code": "A", "name": {"vi": "Thôn A", "en": "A"}, "kind": "village", "parent": "B"},
            {"code": "B", "name": {"vi": "Thôn B", "en": "B"}, "kind": "village", "parent": "A"},
            {"code": "C", "name": {"vi": "Thôn C", "en": "C"}, "kind": "village", "parent": "C"}]}]}"#,
        )
        .unwrap();
        let a = set.resolve("A", None, None).unwrap();
        assert_eq!(a.within.unwrap().vi, "Thôn B");
        assert_eq!(set.resolve("C", None, None).unwrap().within, None);
        // The contract's way in refuses the set.
        assert!(IndexedSchemes::new(set).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]
        /// Any text — fragments, marks, commas, codes — resolves (or
        /// fails) the same through the tables as by a scan.
        #[test]
        fn any_reference_resolves_the_same_indexed_as_scanned(
            reference in "[a-zA-Z0-9đĐươăâêôáàạảãíìếềộ\u{0300}\u{0301} ,.-]{0,10}",
            dated in proptest::bool::ANY,
        ) {
            let builtin = IndexedSchemes::builtin().unwrap();
            let scanned = crate::area::lookup::Resolver::scanning(builtin.set());
            let as_of = dated.then(|| crate::period::parse_date("2025-07-01").unwrap());
            proptest::prop_assert_eq!(
                scanned.resolve(&reference, None, as_of),
                builtin.resolver().resolve(&reference, None, as_of)
            );
        }
    }

    /// The same answers and the same errors from the tables as from a scan.
    #[test]
    fn indexed_and_scanned_resolving_agree() {
        let builtin = IndexedSchemes::builtin().unwrap();
        let scanned = crate::area::lookup::Resolver::scanning(builtin.set());
        let indexed = builtin.resolver();
        let date = |d| crate::period::parse_date(d).unwrap();
        let dates = [None, Some(date("2025-06-30")), Some(date("2025-07-01"))];
        for reference in [
            "24",
            "ha giang",
            "Ha",
            "Phúc Xá, Ba Đình",
            "00001",
            "00967",
            "Huyện Vị Xuyên",
            "thi tran yen vien",
            "Quán Thánh",
            "nowhere at all",
            "",
            "Hà",
            "Lũng Cú",
        ] {
            for as_of in dates {
                let a = scanned.resolve(reference, None, as_of);
                let b = indexed.resolve(reference, None, as_of);
                assert_eq!(a, b, "{reference:?} {as_of:?}");
            }
        }
    }
}
