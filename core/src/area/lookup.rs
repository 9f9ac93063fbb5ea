//! Look-up tables over area schemes, built once with them: each scheme's
//! areas by code, by the keys of their names and by the words their names
//! start, and each crosswalk's links by old area. Resolving a reference
//! is then a few hash look-ups rather than a scan of the 17,000 built-in
//! areas, and the built-in set is built once per process and lent, never
//! copied ([`IndexedSchemes::builtin`]).

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::area::crosswalk::{Crosswalk, Link};
use crate::area::names::{KeyMatcher, fold, key_of_folded};
use crate::area::scheme::{AreaScheme, SchemeArea, SchemeSet};
use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};

/// The look-up tables of one scheme, by position in its area list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    /// Each area by code (the first, should a code repeat, as a scan finds).
    by_code: HashMap<AreaCode, usize>,
    /// The areas whose Vietnamese or English name has this key or, when a
    /// kind word starts it, this whole folded form ([`KeyMatcher::is`]),
    /// in list order.
    by_key: HashMap<Box<str>, Vec<usize>>,
    /// Each area's Vietnamese name key ([`KeyMatcher::starts`]).
    vi_keys: Vec<Box<str>>,
    /// (area, byte where a word of its key starts), sorted by the key from
    /// that word on: the names a fragment starts are one range of it.
    words: Vec<(usize, usize)>,
}

impl Tables {
    fn new(scheme: &AreaScheme) -> Tables {
        let mut tables = Tables::default();
        for (i, area) in scheme.areas.iter().enumerate() {
            tables.by_code.entry(area.code.clone()).or_insert(i);
            for name in [&area.name.vi, &area.name.en] {
                let folded = fold(name);
                let key = key_of_folded(&folded);
                let whole = (key.len() != folded.len()).then_some(folded.as_str());
                for k in std::iter::once(key.as_ref()).chain(whole) {
                    let list = tables.by_key.entry(k.into()).or_default();
                    // Both names of an area often share a key: listed once.
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            let vi_key: Box<str> = key_of_folded(&fold(&area.name.vi)).into();
            let starts = std::iter::once(0).chain(vi_key.match_indices(' ').map(|(at, _)| at + 1));
            tables.words.extend(starts.map(|at| (i, at)));
            tables.vi_keys.push(vi_key);
        }
        let keys = &tables.vi_keys;
        let from = |&(i, at): &(usize, usize)| -> &str {
            keys.get(i).and_then(|k| k.get(at..)).unwrap_or_default()
        };
        crate::order::sort_by(&mut tables.words, |a, b| from(a).cmp(from(b)));
        tables
    }

    /// The positions of the areas whose Vietnamese name key, or one of its
    /// words, starts with `wanted` (a key, not empty), in list order.
    fn starting(&self, wanted: &str) -> Vec<usize> {
        let from = |&(i, at): &(usize, usize)| -> &str {
            self.vi_keys
                .get(i)
                .and_then(|k| k.get(at..))
                .unwrap_or_default()
        };
        // A fragment with a space cannot start a single word: only the
        // start of a whole key can take it.
        let spaced = wanted.contains(' ');
        let first = self.words.partition_point(|w| from(w) < wanted);
        let mut out: Vec<usize> = self
            .words
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|w| from(w).starts_with(wanted))
            .filter(|(_, at)| *at == 0 || !spaced)
            .map(|(i, _)| *i)
            .collect();
        crate::order::sort(&mut out);
        out.dedup();
        out
    }
}

/// The look-up tables of a scheme set: one [`Tables`] per scheme and the
/// links of each crosswalk by old area, in the set's order.
#[derive(Debug, Clone, Default)]
pub(crate) struct SetTables {
    schemes: Vec<Tables>,
    crosswalks: Vec<HashMap<AreaCode, Vec<usize>>>,
}

impl SetTables {
    /// The tables of `set`, once its schemes are checked: an area that
    /// lies in itself (its own parent, or A in B in A) is refused at its
    /// path in the set (`schemes[0].areas[3].parent`).
    pub(crate) fn new(set: &SchemeSet) -> Result<SetTables> {
        let schemes: Vec<Tables> = set.schemes.iter().map(Tables::new).collect();
        for (s, (scheme, tables)) in set.schemes.iter().zip(&schemes).enumerate() {
            no_cycles(scheme, tables).map_err(|e| e.under(&format!("schemes[{s}]")))?;
        }
        let crosswalks = set
            .crosswalks
            .iter()
            .map(|c| {
                let mut by_from: HashMap<AreaCode, Vec<usize>> = HashMap::default();
                for (i, link) in c.links.iter().enumerate() {
                    by_from.entry(link.from.clone()).or_default().push(i);
                }
                by_from
            })
            .collect();
        Ok(SetTables {
            schemes,
            crosswalks,
        })
    }
}

/// Refuses an area that lies in itself: followed up its parents, it comes
/// back to an area already passed. Errors name the first such area in
/// list order, at `areas[i].parent`.
fn no_cycles(scheme: &AreaScheme, tables: &Tables) -> Result<()> {
    // 0: not seen; 1: on the walk under way; 2: known to reach the top.
    let mut state = vec![0u8; scheme.areas.len()];
    for start in 0..scheme.areas.len() {
        let mut walk: Vec<usize> = Vec::new();
        let mut next = Some(start);
        while let Some(i) = next {
            match state.get(i).copied() {
                Some(0) => {}
                Some(1) => return Err(cycle(scheme, &walk, i)),
                _ => break,
            }
            if let Some(s) = state.get_mut(i) {
                *s = 1;
            }
            walk.push(i);
            next = scheme
                .areas
                .get(i)
                .and_then(|a| a.parent.as_ref())
                .and_then(|p| tables.by_code.get(p.as_str()).copied());
        }
        for i in walk {
            if let Some(s) = state.get_mut(i) {
                *s = 2;
            }
        }
    }
    Ok(())
}

/// The error for the areas of `walk` that come back to area `back`: named
/// at the first of the loop in list order, with the loop written out.
fn cycle(scheme: &AreaScheme, walk: &[usize], back: usize) -> Error {
    let from = walk.iter().position(|&i| i == back).unwrap_or_default();
    let ring = walk.get(from..).unwrap_or_default();
    let first = ring.iter().copied().min().unwrap_or(back);
    let at = ring.iter().position(|&i| i == first).unwrap_or_default();
    // The loop from its first area back to it: "A → B → A".
    let codes: Vec<&str> = ring
        .iter()
        .cycle()
        .skip(at)
        .take(ring.len() + 1)
        .filter_map(|&i| scheme.areas.get(i).map(|a| a.code.as_str()))
        .collect();
    let code = codes.first().copied().unwrap_or_default();
    let path = codes.join(" → ");
    Error::invalid(
        format!("areas[{first}].parent"),
        (
            format!("địa bàn `{code}` nằm trong chính nó ({path}): cấp trên không được vòng lại"),
            format!("area `{code}` lies within itself ({path}): parents cannot go round in a loop"),
        ),
    )
}

/// A scheme set with its look-up tables, checked (no area lies in
/// itself): resolving a reference against it is a few hash look-ups, not
/// a scan of every area. Build one for a set you resolve against often;
/// the built-in one is built once and lent ([`IndexedSchemes::builtin`]).
///
/// ```
/// use chitieu::area::IndexedSchemes;
/// let date = |d| chitieu::period::parse_date(d).unwrap();
/// let schemes = IndexedSchemes::builtin()?.resolver();
/// assert_eq!(schemes.resolve("24", None, Some(date("2025-07-01")))?.name.vi, "Bắc Ninh");
/// assert_eq!(schemes.resolve("phuc xa, ba dinh", Some("vn-2004"), None)?.code.as_str(), "00001");
/// # Ok::<(), chitieu::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct IndexedSchemes {
    set: SchemeSet,
    tables: SetTables,
}

impl IndexedSchemes {
    /// `set` with its tables, once checked: an area that lies in itself
    /// (its own parent, or A in B in A) is an `invalid-value` error at its
    /// path in the set.
    ///
    /// ```
    /// use chitieu::area::{IndexedSchemes, SchemeSet};
    /// let set: SchemeSet = chitieu::io::json::from_str(r#"{"version": 1, "schemes": [{
    ///     "id": "mine", "name": {"vi": "Của tôi", "en": "Mine"}, "level": "village", "areas": [
    ///     {"code": "A", "name": {"vi": "Thôn A", "en": "A"}, "kind": "village", "parent": "B"},
    ///     {"code": "B", "name": {"vi": "Thôn B", "en": "B"}, "kind": "village", "parent": "A"}]}]}"#)?;
    /// let e = IndexedSchemes::new(set).unwrap_err();
    /// assert_eq!(e.path(), "schemes[0].areas[0].parent");
    /// assert!(e.message(chitieu::Lang::En).contains("A → B → A"));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn new(set: SchemeSet) -> Result<IndexedSchemes> {
        let tables = SetTables::new(&set)?;
        Ok(IndexedSchemes { set, tables })
    }

    /// The built-in schemes (see [`SchemeSet::builtin`]) with their
    /// tables, built on first use and then lent to every caller. Once the
    /// commune table becomes available ([`crate::area::communes::install`])
    /// the set with the communes is built, once more.
    pub fn builtin() -> Result<&'static IndexedSchemes> {
        static PROVINCES: OnceLock<Result<IndexedSchemes>> = OnceLock::new();
        static FULL: OnceLock<Result<IndexedSchemes>> = OnceLock::new();
        let built = if crate::area::communes::available() {
            FULL.get_or_init(|| {
                let mut set = SchemeSet::provinces()?;
                crate::area::communes::merge_into(&mut set)?;
                IndexedSchemes::new(set)
            })
        } else {
            PROVINCES.get_or_init(|| IndexedSchemes::new(SchemeSet::provinces()?))
        };
        built.as_ref().map_err(Clone::clone)
    }

    /// The scheme set.
    pub fn set(&self) -> &SchemeSet {
        &self.set
    }

    /// A resolver over this set.
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::indexed(&self.set, &self.tables)
    }
}

// Defined here, not beside the provinces: the built-in set builds on the
// commune table, which builds on the schemes; the schemes must depend on
// neither.
impl SchemeSet {
    /// The built-in schemes `vn-2004` and `vn-2025` and the crosswalk
    /// between them: the provinces (63 and 34) and, when the commune table
    /// is available ([`crate::area::communes::available`]), the districts
    /// and communes too.
    ///
    /// A copy of the set [`IndexedSchemes::builtin`] builds once and
    /// lends: take this to change it (add schemes of your own); to look
    /// areas up, borrow that one, which costs nothing per call.
    pub fn builtin() -> Result<SchemeSet> {
        Ok(IndexedSchemes::builtin()?.set().clone())
    }
}

/// One scheme of a [`Resolver`], with its tables when it has them (a set
/// resolved without them is scanned, as [`SchemeSet::resolve`] does).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Listed<'a> {
    /// The scheme.
    pub(crate) scheme: &'a AreaScheme,
    tables: Option<&'a Tables>,
}

impl<'a> Listed<'a> {
    /// The area with `code`.
    pub(crate) fn area(&self, code: &str) -> Option<&'a SchemeArea> {
        match self.tables {
            Some(t) => t.by_code.get(code).and_then(|&i| self.scheme.areas.get(i)),
            None => self.scheme.area(code),
        }
    }

    /// Whether an area has `code`.
    pub(crate) fn has(&self, code: &str) -> bool {
        self.area(code).is_some()
    }

    /// Whether it has tables (else each look-up scans).
    pub(crate) fn indexed(&self) -> bool {
        self.tables.is_some()
    }

    /// The areas whose name's key (or whole folded form) is one of
    /// `wanted` ([`KeyMatcher::is`]), in list order.
    pub(crate) fn named(&self, wanted: &[String], matcher: &mut KeyMatcher) -> Vec<&'a SchemeArea> {
        let Some(t) = self.tables else {
            return self
                .scheme
                .areas
                .iter()
                .filter(|a| matcher.is(&a.name.vi, wanted) || matcher.is(&a.name.en, wanted))
                .collect();
        };
        let mut at: Vec<usize> = wanted
            .iter()
            .filter_map(|w| t.by_key.get(w.as_str()))
            .flatten()
            .copied()
            .collect();
        crate::order::sort(&mut at);
        at.dedup();
        at.iter()
            .filter_map(|&i| self.scheme.areas.get(i))
            .collect()
    }

    /// The areas whose Vietnamese name's key, or one of its words, starts
    /// with the key `wanted` ([`KeyMatcher::starts`]), in list order.
    pub(crate) fn starting(&self, wanted: &str, matcher: &mut KeyMatcher) -> Vec<&'a SchemeArea> {
        match self.tables {
            Some(_) if wanted.is_empty() => Vec::new(),
            Some(t) => t
                .starting(wanted)
                .iter()
                .filter_map(|&i| self.scheme.areas.get(i))
                .collect(),
            None => self
                .scheme
                .areas
                .iter()
                .filter(|a| matcher.starts(&a.name.vi, wanted))
                .collect(),
        }
    }
}

/// One crosswalk of a [`Resolver`], with its links by old area when it
/// has them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk<'a> {
    crosswalk: &'a Crosswalk,
    by_from: Option<&'a HashMap<AreaCode, Vec<usize>>>,
}

impl<'a> Walk<'a> {
    /// The links from the old area `code`, in crosswalk order.
    pub(crate) fn links_from(&self, code: &str) -> Vec<&'a Link> {
        match self.by_from {
            Some(by_from) => by_from
                .get(code)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| self.crosswalk.links.get(i))
                .collect(),
            None => self
                .crosswalk
                .links
                .iter()
                .filter(|l| l.from.as_str() == code)
                .collect(),
        }
    }
}

/// The schemes and crosswalks a reference is resolved against — one set,
/// or the built-in set and a user's own — borrowed, never copied, with
/// their look-up tables where they have them. Made by
/// [`IndexedSchemes::resolver`] (or, scanning, by [`SchemeSet::resolve`]);
/// resolve with [`Resolver::resolve`].
#[derive(Debug, Clone)]
pub struct Resolver<'a> {
    pub(crate) schemes: Vec<Listed<'a>>,
    pub(crate) walks: Vec<Walk<'a>>,
}

impl<'a> Resolver<'a> {
    /// `set` with its tables (which must be `set`'s own).
    pub(crate) fn indexed(set: &'a SchemeSet, tables: &'a SetTables) -> Resolver<'a> {
        Resolver {
            schemes: set
                .schemes
                .iter()
                .enumerate()
                .map(|(i, scheme)| Listed {
                    scheme,
                    tables: tables.schemes.get(i),
                })
                .collect(),
            walks: set
                .crosswalks
                .iter()
                .enumerate()
                .map(|(i, crosswalk)| Walk {
                    crosswalk,
                    by_from: tables.crosswalks.get(i),
                })
                .collect(),
        }
    }

    /// `set` without tables: each look-up scans.
    pub(crate) fn scanning(set: &'a SchemeSet) -> Resolver<'a> {
        Resolver {
            schemes: set
                .schemes
                .iter()
                .map(|scheme| Listed {
                    scheme,
                    tables: None,
                })
                .collect(),
            walks: set
                .crosswalks
                .iter()
                .map(|crosswalk| Walk {
                    crosswalk,
                    by_from: None,
                })
                .collect(),
        }
    }

    /// These schemes and crosswalks followed by `other`'s: a user's own
    /// beside the built-in ones. A scheme id of `other` that is already
    /// here is a `duplicate-key` error at its path in `other`'s set
    /// (`schemes[0].id`).
    ///
    /// ```
    /// use chitieu::area::{IndexedSchemes, SchemeSet};
    /// let mine: SchemeSet = chitieu::io::json::from_str(r#"{"version": 1, "schemes": [{
    ///     "id": "vn-2025", "name": {"vi": "Của tôi", "en": "Mine"}, "level": "province", "areas": []}]}"#)?;
    /// let mine = IndexedSchemes::new(mine)?;
    /// let e = IndexedSchemes::builtin()?.resolver().with(mine.resolver()).unwrap_err();
    /// assert_eq!((e.code(), e.path()), ("duplicate-key", "schemes[0].id"));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn with(mut self, other: Resolver<'a>) -> Result<Resolver<'a>> {
        for (i, listed) in other.schemes.iter().enumerate() {
            let id = &listed.scheme.id;
            // Taken here (the built-in schemes, as the contract uses it), or
            // by an earlier scheme of `other`.
            let first = match self.scheme(id) {
                Some(_) => Some("the built-in schemes".to_string()),
                None => other
                    .schemes
                    .iter()
                    .take(i)
                    .position(|l| l.scheme.id == *id)
                    .map(|j| format!("schemes[{j}].id")),
            };
            if let Some(first) = first {
                return Err(Error::new(ErrorKind::DuplicateKey {
                    kind: CodeKind::Area,
                    key: id.clone(),
                    first,
                })
                .at(format!("schemes[{i}].id")));
            }
        }
        self.schemes.extend(other.schemes);
        self.walks.extend(other.walks);
        Ok(self)
    }

    /// The scheme with `id`.
    pub fn scheme(&self, id: &str) -> Option<&'a AreaScheme> {
        self.listed(id).map(|l| l.scheme)
    }

    /// The crosswalk from scheme `from` to scheme `to`.
    pub fn crosswalk(&self, from: &str, to: &str) -> Option<&'a Crosswalk> {
        self.walk(from, to).map(|w| w.crosswalk)
    }

    /// The scheme with `id`, with its tables.
    pub(crate) fn listed(&self, id: &str) -> Option<Listed<'a>> {
        self.schemes.iter().find(|l| l.scheme.id == id).copied()
    }

    /// The crosswalk from `from` to `to`, with its tables.
    pub(crate) fn walk(&self, from: &str, to: &str) -> Option<Walk<'a>> {
        self.walks
            .iter()
            .find(|w| w.crosswalk.from == from && w.crosswalk.to == to)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(areas: &[(&str, Option<&str>)]) -> SchemeSet {
        let areas: Vec<String> = areas
            .iter()
            .map(|(code, parent)| {
                let parent = parent.map(|p| format!(r#","parent":"{p}""#)).unwrap_or_default();
                format!(
                    r#"{{"code":"{code}","name":{{"vi":"Thôn {code}","en":"{code}"}},"kind":"village"{parent}}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"version":1,"schemes":[{{"id":"ok","name":{{"vi":"a","en":"a"}},"level":"village","areas":[]}},
            {{"id":"mine","name":{{"vi":"m","en":"m"}},"level":"village","areas":[{}]}}]}}"#,
            areas.join(",")
        );
        crate::io::json::from_str(&text).unwrap()
    }

    #[test]
    fn an_area_that_lies_in_itself_is_named_with_its_loop() {
        // The areas (code, parent), the path of the error, the loop it names.
        type Case<'a> = (&'a [(&'a str, Option<&'a str>)], &'a str, &'a str);
        let cases: [Case<'_>; 4] = [
            (&[("A", Some("A"))], "areas[0].parent", "A → A"),
            (
                &[("A", Some("B")), ("B", Some("A"))],
                "areas[0].parent",
                "A → B → A",
            ),
            // The loop is named from its first area in list order, not
            // from where the walk came in (D, outside the loop).
            (
                &[
                    ("D", Some("C")),
                    ("X", None),
                    ("B", Some("C")),
                    ("C", Some("B")),
                ],
                "areas[2].parent",
                "B → C → B",
            ),
            (
                &[
                    ("P", None),
                    ("Q", Some("P")),
                    ("R", Some("S")),
                    ("S", Some("T")),
                    ("T", Some("R")),
                ],
                "areas[2].parent",
                "R → S → T → R",
            ),
        ];
        for (areas, path, ring) in cases {
            let e = SetTables::new(&set(areas)).unwrap_err();
            assert_eq!(e.code(), "invalid-value");
            assert_eq!(e.path(), format!("schemes[1].{path}"), "{ring}");
            assert!(
                e.message(crate::Lang::En).contains(ring),
                "{}",
                e.message(crate::Lang::En)
            );
            assert!(e.message(crate::Lang::Vi).contains("nằm trong chính nó"));
        }
        // A chain that ends, or a parent not listed, is no loop.
        let fine = set(&[
            ("A", Some("B")),
            ("B", Some("C")),
            ("C", None),
            ("D", Some("Z")),
        ]);
        assert!(SetTables::new(&fine).is_ok());
    }

    #[test]
    fn the_tables_find_what_a_scan_finds() {
        let builtin = IndexedSchemes::builtin().unwrap();
        let scanned = Resolver::scanning(builtin.set());
        let indexed = builtin.resolver();
        let mut matcher = KeyMatcher::default();
        for reference in [
            "ha giang",
            "Hà Giang",
            "tinh ha giang",
            "Quán Thánh",
            "phuc xa",
            "Xã Ea H\u{2019}leo",
            "TP. Hồ Chí Minh",
            "thi tran yen vien",
            "",
            "24",
            "00001",
            "hue",
            "  ",
        ] {
            let wanted = crate::area::names::keys(reference);
            let key = crate::area::names::key(reference);
            for (a, b) in scanned.schemes.iter().zip(&indexed.schemes) {
                let codes =
                    |v: Vec<&SchemeArea>| v.iter().map(|x| x.code.to_string()).collect::<Vec<_>>();
                assert_eq!(
                    codes(a.named(&wanted, &mut matcher)),
                    codes(b.named(&wanted, &mut matcher)),
                    "{reference:?}"
                );
                assert_eq!(
                    codes(a.starting(&key, &mut matcher)),
                    codes(b.starting(&key, &mut matcher)),
                    "{reference:?}"
                );
                assert_eq!(a.area(reference), b.area(reference));
            }
        }
        // Fragments: of a word inside a name, and across a space.
        for fragment in ["ha", "giang", "ha gi", "a gi", "xuy", "1"] {
            for (a, b) in scanned.schemes.iter().zip(&indexed.schemes) {
                let n = |v: Vec<&SchemeArea>| v.len();
                let (scan, table) = (
                    n(a.starting(fragment, &mut matcher)),
                    n(b.starting(fragment, &mut matcher)),
                );
                assert_eq!(scan, table, "{fragment:?}");
                if fragment != "a gi" {
                    assert!(table > 0, "{fragment:?}");
                }
            }
        }
    }

    #[test]
    fn a_scheme_id_is_taken_once() {
        // Two schemes of the user's with one id: the second is named, with
        // the first.
        let mut twice = set(&[]);
        twice.schemes[1].id = "ok".into();
        let tables = SetTables::new(&twice).unwrap();
        let builtin = IndexedSchemes::builtin().unwrap();
        let e = builtin
            .resolver()
            .with(Resolver::indexed(&twice, &tables))
            .unwrap_err();
        assert_eq!((e.code(), e.path()), ("duplicate-key", "schemes[1].id"));
        assert_eq!(
            e.under("schemes").message(crate::Lang::En),
            "duplicate area `ok` (first at schemes.schemes[0].id) (at schemes.schemes[1].id)"
        );
    }

    #[test]
    fn the_built_in_set_is_built_once_and_lent() {
        let first = IndexedSchemes::builtin().unwrap();
        let second = IndexedSchemes::builtin().unwrap();
        assert!(std::ptr::eq(first, second));
        // The copy a caller may change is the same set.
        assert_eq!(&SchemeSet::builtin().unwrap(), first.set());
    }
}
