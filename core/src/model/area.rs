//! The administrative-area hierarchy of a data set: country → province →
//! district → commune → village, with classification tags, indexed as an
//! [`AreaTree`]. Schemes over time, crosswalks and re-basing build on it in
//! [`crate::area`].

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::text::{Lang, Text};

/// The level of an area in the hierarchy.
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
pub enum AreaLevel {
    /// The whole country.
    Country,
    /// A province or centrally-run city (tỉnh, thành phố).
    Province,
    /// A district (huyện); abolished from 2025-07-01.
    District,
    /// A commune, ward or town (xã, phường, thị trấn).
    Commune,
    /// A village or hamlet (thôn, bản).
    Village,
}

impl AreaLevel {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AreaLevel::Country, Lang::Vi) => "toàn quốc",
            (AreaLevel::Country, Lang::En) => "country",
            (AreaLevel::Province, Lang::Vi) => "tỉnh",
            (AreaLevel::Province, Lang::En) => "province",
            (AreaLevel::District, Lang::Vi) => "huyện",
            (AreaLevel::District, Lang::En) => "district",
            (AreaLevel::Commune, Lang::Vi) => "xã",
            (AreaLevel::Commune, Lang::En) => "commune",
            (AreaLevel::Village, Lang::Vi) => "thôn",
            (AreaLevel::Village, Lang::En) => "village",
        }
    }
}

/// A classification an area carries (lists are decided per phase).
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
pub enum Classification {
    /// Commune of region I (xã khu vực I).
    #[serde(rename = "region-i")]
    RegionI,
    /// Commune of region II (xã khu vực II).
    #[serde(rename = "region-ii")]
    RegionII,
    /// Commune of region III, especially difficult (xã khu vực III).
    #[serde(rename = "region-iii")]
    RegionIII,
    /// Especially difficult village (thôn đặc biệt khó khăn).
    EspeciallyDifficultVillage,
    /// An area where ethnic minorities live in concentration (vùng DTTS&MN).
    EthnicMinorityArea,
}

impl Classification {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Classification::RegionI, Lang::Vi) => "xã khu vực I",
            (Classification::RegionI, Lang::En) => "region I commune",
            (Classification::RegionII, Lang::Vi) => "xã khu vực II",
            (Classification::RegionII, Lang::En) => "region II commune",
            (Classification::RegionIII, Lang::Vi) => "xã khu vực III",
            (Classification::RegionIII, Lang::En) => "region III commune",
            (Classification::EspeciallyDifficultVillage, Lang::Vi) => "thôn đặc biệt khó khăn",
            (Classification::EspeciallyDifficultVillage, Lang::En) => {
                "especially difficult village"
            }
            (Classification::EthnicMinorityArea, Lang::Vi) => "vùng đồng bào DTTS&MN",
            (Classification::EthnicMinorityArea, Lang::En) => {
                "ethnic-minority and mountainous area"
            }
        }
    }
}

/// An administrative area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The area's code, unique in a data set.
    pub code: AreaCode,
    /// Its name in Vietnamese and English (or ASCII).
    pub name: Text,
    /// Its level.
    pub level: AreaLevel,
    /// The code of the area it belongs to; `None` for a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<AreaCode>,
    /// Classifications, e.g. region III or especially difficult village.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Classification>,
}

/// Areas indexed for fast look-up and linear-time roll-ups.
///
/// Built once from a list of areas; checks that codes are unique, parents
/// exist, levels go down the hierarchy, and there is no cycle.
#[derive(Debug, Clone, Default)]
pub struct AreaTree {
    areas: Vec<Area>,
    by_code: HashMap<AreaCode, usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Indexes with every child before its parent.
    bottom_up: Vec<usize>,
}

impl AreaTree {
    /// Indexes `areas`; error paths are relative to the list
    /// (`[3].parent`).
    pub fn new(areas: Vec<Area>) -> Result<AreaTree> {
        AreaTree::new_at(areas, "")
    }

    /// [`AreaTree::new`] for a list at `path` in a larger value (a data
    /// set's `areas`).
    pub(crate) fn new_at(areas: Vec<Area>, path: &str) -> Result<AreaTree> {
        let mut by_code = HashMap::with_capacity_and_hasher(areas.len(), Default::default());
        for (i, area) in areas.iter().enumerate() {
            if let Some(first) = by_code.insert(area.code.clone(), i) {
                return Err(Error::new(ErrorKind::DuplicateKey {
                    kind: CodeKind::Area,
                    key: area.code.to_string(),
                    first: format!("{path}[{first}]"),
                })
                .at(format!("{path}[{i}].code")));
            }
        }
        let mut parent = Vec::with_capacity(areas.len());
        let mut children = vec![Vec::new(); areas.len()];
        for (i, area) in areas.iter().enumerate() {
            let p = match &area.parent {
                None => None,
                Some(code) => {
                    let Some(&p) = by_code.get(code) else {
                        return Err(Error::new(ErrorKind::UnknownCode {
                            kind: CodeKind::Area,
                            value: code.to_string(),
                        })
                        .at(format!("{path}[{i}].parent")));
                    };
                    let parent_level = areas.get(p).map(|a| a.level);
                    if parent_level.is_some_and(|l| l >= area.level) {
                        return Err(Error::invalid(
                            format!("{path}[{i}].parent"),
                            (
                                format!(
                                    "địa bàn `{}` ({}) không thể thuộc `{code}` vì `{code}` không ở cấp cao hơn",
                                    area.code,
                                    area.level.label(Lang::En)
                                ),
                                format!(
                                    "area `{}` ({}) cannot belong to `{code}`, which is not a higher level",
                                    area.code,
                                    area.level.label(Lang::En)
                                ),
                            ),
                        ));
                    }
                    if let Some(list) = children.get_mut(p) {
                        list.push(i);
                    }
                    Some(p)
                }
            };
            parent.push(p);
        }
        // Levels strictly decrease towards the root, so there is no cycle;
        // sorting by level (deepest first) gives a children-first order.
        let mut bottom_up: Vec<usize> = (0..areas.len()).collect();
        crate::order::sort_by_key(&mut bottom_up, |&i| {
            std::cmp::Reverse(areas.get(i).map(|a| a.level))
        });
        Ok(AreaTree {
            areas,
            by_code,
            parent,
            children,
            bottom_up,
        })
    }

    /// The areas, in input order.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The index of `code`.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The area at `index`.
    pub fn get(&self, index: usize) -> Option<&Area> {
        self.areas.get(index)
    }

    /// The area with `code`.
    pub fn find(&self, code: &str) -> Option<&Area> {
        self.index_of(code).and_then(|i| self.areas.get(i))
    }

    /// The parent index of the area at `index`.
    pub fn parent_of(&self, index: usize) -> Option<usize> {
        self.parent.get(index).copied().flatten()
    }

    /// The child indexes of the area at `index`.
    pub fn children_of(&self, index: usize) -> &[usize] {
        self.children.get(index).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Area indexes, every child before its parent.
    pub fn bottom_up(&self) -> &[usize] {
        &self.bottom_up
    }

    /// The areas without a parent.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.areas.len()).filter(|&i| self.parent_of(i).is_none())
    }

    /// The single root, or an error when there are none or several.
    pub fn root(&self) -> Result<usize> {
        let roots: Vec<usize> = self.roots().collect();
        match roots.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::new(ErrorKind::Ambiguous {
                detail: crate::text::Text::new(
                    "không có địa bàn gốc: hãy nêu địa bàn cần báo cáo",
                    "no root area: name the area to report on",
                ),
            })
            .at("area")),
            many => Err(Error::new(ErrorKind::Ambiguous {
                detail: crate::text::Text::new(
                    format!(
                        "có {} địa bàn gốc ({}): hãy nêu địa bàn cần báo cáo",
                        many.len(),
                        many.iter()
                            .filter_map(|&i| self.areas.get(i).map(|a| a.code.to_string()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    format!(
                        "{} root areas ({}): name the area to report on",
                        many.len(),
                        many.iter()
                            .filter_map(|&i| self.areas.get(i).map(|a| a.code.to_string()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            })
            .at("area")),
        }
    }

    /// Whether `ancestor` is `index` or one of its ancestors.
    pub fn is_within(&self, index: usize, ancestor: usize) -> bool {
        let mut at = Some(index);
        while let Some(i) = at {
            if i == ancestor {
                return true;
            }
            at = self.parent_of(i);
        }
        false
    }
}
