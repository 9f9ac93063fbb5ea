//! Crosswalks between area schemes: which old area goes into which new
//! one, and with what share when an old area was split.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::number::Rational;

/// One old area's share in a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The area in the old scheme.
    pub from: AreaCode,
    /// The area in the new scheme.
    pub to: AreaCode,
    /// The share of `from` that goes to `to` (for splits); 1 when absent.
    /// The shares of one old area must add up to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Rational>,
    /// For a divided area, the part its seat (or most of it) went to: the
    /// one a name or a record without a place of its own follows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub primary: bool,
}

crate::json_text::via_serde!(Link);

impl Link {
    /// A link of `from`'s whole territory to `to`.
    pub fn whole(from: AreaCode, to: AreaCode) -> Link {
        Link {
            from,
            to,
            weight: None,
            primary: false,
        }
    }
}

/// How the built-in crosswalk shares out an area divided between new ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum Divided {
    /// In proportion to the new areas' surface (km²): the default, a proxy
    /// for how much of the old area each took when nothing better is known.
    #[default]
    Area,
    /// Wholly to the primary part (where its seat went).
    Primary,
}

/// How the areas of one scheme map onto another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    /// The old scheme's id.
    pub from: String,
    /// The new scheme's id.
    pub to: String,
    /// The links, old → new.
    pub links: Vec<Link>,
}

impl Crosswalk {
    /// The crosswalk with each divided area given wholly to its primary part.
    /// Other links keep their weights: a district's links (one share per
    /// commune it held) are as built.
    pub fn primary_only(&self) -> Crosswalk {
        let divided: std::collections::HashSet<&str> = self
            .links
            .iter()
            .filter(|l| l.primary)
            .map(|l| l.from.as_str())
            .collect();
        let links = self
            .links
            .iter()
            .filter(|l| l.primary || !divided.contains(l.from.as_str()))
            .map(|l| match l.primary {
                true => Link {
                    weight: None,
                    ..l.clone()
                },
                false => l.clone(),
            })
            .collect();
        Crosswalk {
            from: self.from.clone(),
            to: self.to.clone(),
            links,
        }
    }

    /// The crosswalk with the links of every area named in `overrides`
    /// replaced by those overrides: a user's own shares for a divided
    /// commune, or a village placed in its new commune. Errors name the
    /// override (`[2].weight`).
    ///
    /// ```
    /// use chitieu::{Rational, area::{Crosswalk, Link}};
    /// let link = |from: &str, to: &str, tenths: i128| Link {
    ///     weight: Rational::new(tenths, 10), ..Link::whole(from.parse().unwrap(), to.parse().unwrap())
    /// };
    /// let base = Crosswalk { from: "old".into(), to: "new".into(),
    ///     links: vec![link("C", "X", 5), link("C", "Y", 5)] };
    /// let mine = base.with_weights(&[link("C", "X", 9), link("C", "Y", 1)]).unwrap();
    /// assert_eq!(mine.links[0].weight.unwrap().to_string(), "0.9");
    /// let e = base.with_weights(&[link("C", "X", 9)]).unwrap_err();
    /// assert!(e.message(chitieu::Lang::En).contains("add up to 0.9"));
    /// // The same link twice is named where it is repeated.
    /// let e = base.with_weights(&[link("C", "X", 5), link("C", "X", 5)]).unwrap_err();
    /// assert_eq!((e.code(), e.path()), ("duplicate-key", "[1]"));
    /// assert!(e.message(chitieu::Lang::En).contains("`C → X` (first at [0])"));
    /// ```
    pub fn with_weights(&self, overrides: &[Link]) -> Result<Crosswalk> {
        // Checked on the overrides alone, so errors point into them.
        shares_of(overrides)?;
        let replaced: std::collections::HashSet<&str> =
            overrides.iter().map(|l| l.from.as_str()).collect();
        let mut links: Vec<Link> = self
            .links
            .iter()
            .filter(|l| !replaced.contains(l.from.as_str()))
            .cloned()
            .collect();
        links.extend(overrides.iter().cloned());
        Ok(Crosswalk {
            from: self.from.clone(),
            to: self.to.clone(),
            links,
        })
    }

    /// The links by old code, with their shares checked (errors at
    /// `links[i]`).
    pub(crate) fn shares(&self) -> Result<HashMap<&str, Vec<(AreaCode, Rational)>>> {
        shares_of(&self.links).map_err(|e| e.under("links"))
    }
}

/// `links` by old code, with their shares checked: each above 0 and at
/// most 1, those of one old area adding up to 1, and no link given twice
/// (the same old and new area: its shares would be two areas of one
/// code). Errors are at `[i]`, relative to `links`.
fn shares_of(links: &[Link]) -> Result<HashMap<&str, Vec<(AreaCode, Rational)>>> {
    let mut out: HashMap<&str, Vec<(AreaCode, Rational)>> = HashMap::default();
    let mut seen: HashMap<(&str, &str), usize> = HashMap::default();
    for (i, link) in links.iter().enumerate() {
        let weight = link.weight.unwrap_or(Rational::ONE);
        if weight <= Rational::ZERO || weight > Rational::ONE {
            return Err(Error::invalid(
                format!("[{i}].weight"),
                (
                    format!(
                        "tỷ lệ {weight} của `{}` phải lớn hơn 0 và không quá 1",
                        link.from
                    ),
                    format!(
                        "share {weight} of `{}` must be above 0 and at most 1",
                        link.from
                    ),
                ),
            ));
        }
        if let Some(first) = seen.insert((link.from.as_str(), link.to.as_str()), i) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Area,
                key: format!("{} → {}", link.from, link.to),
                first: format!("[{first}]"),
            })
            .at(format!("[{i}]")));
        }
        out.entry(link.from.as_str())
            .or_default()
            .push((link.to.clone(), weight));
    }
    // In link order, so the first area whose shares are wrong is named.
    for (i, link) in links.iter().enumerate() {
        let targets = out
            .get(link.from.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let total = Rational::sum(targets.iter().map(|t| t.1))?;
        if total != Rational::ONE {
            return Err(Error::invalid(
                format!("[{i}]"),
                (
                    format!(
                        "tổng các tỷ lệ của `{}` là {total}, không phải 1",
                        link.from
                    ),
                    format!("the shares of `{}` add up to {total}, not 1", link.from),
                ),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(from: &str, to: &str, weight: Option<(i128, i128)>) -> Link {
        Link {
            weight: weight.map(|(n, d)| Rational::new(n, d).unwrap()),
            ..Link::whole(from.parse().unwrap(), to.parse().unwrap())
        }
    }

    fn crosswalk(links: Vec<Link>) -> Crosswalk {
        Crosswalk {
            from: "old".into(),
            to: "new".into(),
            links,
        }
    }

    #[test]
    fn whole_links_weigh_one_and_splits_keep_their_shares() {
        let c = crosswalk(vec![
            link("A", "X", None),
            link("B", "X", None),
            link("C", "X", Some((3, 5))),
            link("C", "Y", Some((2, 5))),
        ]);
        let shares = c.shares().unwrap();
        assert_eq!(shares["A"], vec![("X".parse().unwrap(), Rational::ONE)]);
        assert_eq!(shares["B"].len(), 1);
        let c_shares: Vec<String> = shares["C"]
            .iter()
            .map(|(to, w)| format!("{to}:{w}"))
            .collect();
        assert_eq!(c_shares, ["X:0.6", "Y:0.4"]);
    }

    #[test]
    fn a_share_outside_zero_to_one_is_named_by_its_link() {
        for bad in [(0, 1), (-1, 2), (6, 5)] {
            let c = crosswalk(vec![link("A", "X", None), link("B", "X", Some(bad))]);
            let e = c.shares().unwrap_err();
            assert_eq!((e.code(), e.path()), ("invalid-value", "links[1].weight"));
        }
    }

    #[test]
    fn shares_of_one_area_must_add_up_to_one() {
        let c = crosswalk(vec![
            link("A", "X", Some((1, 2))),
            link("B", "X", Some((1, 2))),
            link("B", "Y", Some((2, 5))),
            link("A", "Y", Some((1, 2))),
        ]);
        let e = c.shares().unwrap_err();
        assert_eq!((e.code(), e.path()), ("invalid-value", "links[1]"));
        // B is the first in link order whose shares are wrong (0.9): its
        // first link is named.
        assert!(
            e.message(crate::text::Lang::En)
                .contains("`B` add up to 0.9")
        );
        let split_three_ways = crosswalk(vec![
            link("A", "X", Some((1, 3))),
            link("A", "Y", Some((1, 3))),
            link("A", "Z", Some((1, 3))),
        ]);
        assert!(split_three_ways.shares().is_ok());
    }

    #[test]
    fn a_link_given_twice_is_named_where_it_is_repeated() {
        // Halves of one link add up to 1, but would make two parts of one
        // area: refused at the repeat, naming the first.
        let c = crosswalk(vec![
            link("A", "X", Some((1, 2))),
            link("B", "Y", None),
            link("A", "X", Some((1, 2))),
        ]);
        let e = c.shares().unwrap_err();
        assert_eq!((e.code(), e.path()), ("duplicate-key", "links[2]"));
        assert!(
            e.message(crate::text::Lang::En)
                .contains("`A → X` (first at links[0])")
        );
        assert!(
            e.message(crate::text::Lang::Vi)
                .contains("«A → X» bị trùng (đã có tại links[0])")
        );
        // The same old area to two new ones is a split, not a repeat.
        let split = crosswalk(vec![
            link("A", "X", Some((1, 2))),
            link("A", "Y", Some((1, 2))),
        ]);
        assert!(split.shares().is_ok());
    }
}
