//! Re-basing a data set from one area scheme to another: counts summed,
//! ratios recomputed from their summed parts, targets carried. Whatever
//! cannot be mapped is reported, never dropped.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::area::crosswalk::{Crosswalk, Link};
use crate::area::lookup::{Listed, Resolver};
use crate::area::scheme::{AreaScheme, SchemeSet};
use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::ToJson;
use crate::model::area::{Area, AreaTree};
use crate::model::{
    AreaRecord, Component, DataSet, Disaggregation, Indicator, MeasureKind, Observation,
    ObservationView, Target,
};
use crate::number::Rational;
use crate::number::apportion::{AllocationUnit, allocate};
use crate::period::Period;
use crate::text::Text;

/// Something a re-basing could not carry over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Unmapped {
    /// `area`, `observation`, `target`, `activity`, `plan` or `expected`.
    pub kind: &'static str,
    /// Its path in the input data set (`observations[3]`), relative until
    /// placed with [`Rebased::under`].
    pub path: String,
    /// Its area code.
    pub area: AreaCode,
    /// Why it could not be mapped.
    pub reason: Text,
}

/// The result of a re-basing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Rebased {
    /// The data set in the new scheme.
    pub data: DataSet,
    /// What could not be mapped (still in the input data set).
    pub unmapped: Vec<Unmapped>,
    /// Observations that were merged into another.
    pub merged_observations: usize,
}

impl Rebased {
    /// Places the paths of what was not mapped under `prefix`, where the
    /// caller holds the input data set (`$.data` in a request).
    pub fn under(mut self, prefix: &str) -> Rebased {
        for item in &mut self.unmapped {
            item.path = crate::error::join_path(prefix, &item.path);
        }
        self
    }
}

/// Where one area of the data set goes.
#[derive(Debug, Clone)]
enum Fate {
    /// Above the scheme's level (the country): unchanged.
    Kept,
    /// Into these new areas, with these shares.
    Mapped(Vec<(AreaCode, Rational)>),
    /// Below the schemes' levels (a village): kept, under this new parent.
    Moved(AreaCode),
    /// Nowhere, for this reason.
    Lost(Text),
}

fn not_in_crosswalk() -> Text {
    Text::new("không có trong bảng chuyển đổi", "not in the crosswalk")
}

fn below_level() -> Text {
    Text::new(
        "địa bàn cấp dưới không có bảng chuyển đổi",
        "a lower-level area without a crosswalk of its own",
    )
}

fn dissolved() -> Text {
    Text::new(
        "cấp huyện không còn từ 01/07/2025: số liệu của huyện là tổng các xã, các xã đã được chuyển đổi",
        "districts were abolished on 2025-07-01: a district's figures are its communes' total, and its communes were re-based",
    )
}

fn split_parent() -> Text {
    Text::new(
        "xã của địa bàn này bị chia tách: cần cho biết địa bàn thuộc xã mới nào (trọng số riêng)",
        "its commune was divided: say which new commune it is in (a weight of your own)",
    )
}

fn split_record() -> Text {
    Text::new(
        "địa bàn bị chia tách: một bản ghi chỉ thuộc một địa bàn",
        "the area was split: a record belongs to one area only",
    )
}

/// Observations merged under one key.
struct Merged {
    first: Observation,
    value: Option<Rational>,
    numerator: Option<Rational>,
    denominator: Option<Rational>,
    contributors: usize,
    sources: Vec<String>,
    /// The values of ratio observations given without their parts: rates
    /// that cannot be summed (each came through a whole link).
    rates: Vec<Rational>,
    /// The position of each observation that contributed.
    members: Vec<usize>,
}

fn rate_needs_parts() -> Text {
    Text::new(
        "tỷ lệ không có tử số và mẫu số: không thể chia cho các xã mới",
        "a ratio without its numerator and denominator cannot be divided between new areas",
    )
}

fn rates_cannot_merge() -> Text {
    Text::new(
        "tỷ lệ không có tử số và mẫu số: không thể gộp với số liệu khác của cùng địa bàn mới",
        "a ratio without its numerator and denominator cannot be combined with other figures of the same new area",
    )
}

fn scaled(v: Option<Rational>, w: Rational) -> Result<Option<Rational>> {
    v.map(|v| v.checked_mul(w).ok_or_else(Error::overflow))
        .transpose()
}

fn plus(a: Option<Rational>, b: Option<Rational>) -> Result<Option<Rational>> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b).map(Some).ok_or_else(Error::overflow),
        (a, None) => Ok(a),
        (None, b) => Ok(b),
    }
}

/// Re-bases `data` through `crosswalk`; `schemes` names the new areas.
///
/// Areas at the old scheme's level are replaced by the new scheme's, areas
/// above it (the country) are kept, and everything attached to an area that
/// has no link — or to a lower-level area — is listed in
/// [`Rebased::unmapped`] with its path (relative to `data`) and reason.
/// Errors name the argument (`crosswalk.links[2].weight`, `data.areas`).
///
/// ```
/// use chitieu::area::{rebase, SchemeSet};
/// use chitieu::{io::json, DataSet, Rational};
///
/// // Hà Giang (02) and Tuyên Quang (08) became the new Tuyên Quang (08) on 2025-07-01.
/// let data: DataSet = json::from_str(r#"{"version": 1, "builtin_framework": "project8",
///   "areas": [
///     {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
///     {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
///     {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"},
///     {"code": "X1", "name": {"vi": "Xã Một", "en": "Commune One"}, "level": "commune", "parent": "02"}],
///   "observations": [
///     {"indicator": "P8.CCG", "area": "02", "period": "2023", "value": 410},
///     {"indicator": "P8.CCG", "area": "08", "period": "2023", "value": 385},
///     {"indicator": "P8.CCG", "area": "X1", "period": "2023", "value": 12}]}"#)?;
/// let schemes = SchemeSet::builtin()?;
/// let rebased = rebase(&data, schemes.crosswalk("vn-2004", "vn-2025").unwrap(), &schemes)?;
/// let merged = rebased.data.observation(0).unwrap();
/// assert_eq!((merged.area().as_str(), merged.value()), ("08", Some(Rational::from(795))));
/// // The commune is below the crosswalk's level: listed, not dropped.
/// assert_eq!(rebased.unmapped.iter().map(|u| u.path.as_str()).collect::<Vec<_>>(),
///            ["areas[3]", "observations[2]"]);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn rebase(data: &DataSet, crosswalk: &Crosswalk, schemes: &SchemeSet) -> Result<Rebased> {
    rebase_in(data, crosswalk, &Resolver::scanning(schemes))
}

/// The old and new schemes of `crosswalk` in `schemes` (an unknown one is
/// an error at `crosswalk`).
pub(crate) fn ends<'a>(
    crosswalk: &Crosswalk,
    schemes: &Resolver<'a>,
) -> Result<(Listed<'a>, Listed<'a>)> {
    let scheme = |id: &str| -> Result<Listed<'a>> {
        schemes.listed(id).ok_or_else(|| {
            Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Area,
                value: format!("scheme {id}"),
            })
            .at("crosswalk")
        })
    };
    Ok((scheme(&crosswalk.from)?, scheme(&crosswalk.to)?))
}

/// Checks that `links` name areas that exist: each `from` in the old
/// scheme or in `data` (a village a link of the user's places), each `to`
/// in the new scheme. A link to or from nowhere would otherwise be
/// ignored without a word. Errors are `unknown-code` at `[i].from` or
/// `[i].to`, relative to `links`.
pub(crate) fn check_link_areas(
    links: &[Link],
    data: &DataSet,
    old: Listed<'_>,
    new: Listed<'_>,
) -> Result<()> {
    // A scheme without tables is looked up through a set made once here,
    // not scanned for each of thousands of links.
    let codes = |l: Listed<'_>| -> Option<HashMap<String, ()>> {
        (!l.indexed()).then(|| {
            l.scheme
                .areas
                .iter()
                .map(|a| (a.code.to_string(), ()))
                .collect()
        })
    };
    let (old_codes, new_codes) = (codes(old), codes(new));
    let listed = |l: Listed<'_>, set: &Option<HashMap<String, ()>>, code: &str| match set {
        Some(set) => set.contains_key(code),
        None => l.has(code),
    };
    let own: HashMap<&str, ()> = data.areas().iter().map(|a| (a.code.as_str(), ())).collect();
    let unknown = |code: &AreaCode, at: String| {
        Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Area,
            value: code.to_string(),
        })
        .at(at)
    };
    for (i, link) in links.iter().enumerate() {
        let from = link.from.as_str();
        if !listed(old, &old_codes, from) && !own.contains_key(from) {
            return Err(unknown(&link.from, format!("[{i}].from")));
        }
        if !listed(new, &new_codes, link.to.as_str()) {
            return Err(unknown(&link.to, format!("[{i}].to")));
        }
    }
    Ok(())
}

/// [`rebase`] with the schemes of a [`Resolver`]: the built-in set lent,
/// with its tables, beside a request's own.
pub(crate) fn rebase_in(
    data: &DataSet,
    crosswalk: &Crosswalk,
    schemes: &Resolver<'_>,
) -> Result<Rebased> {
    let (old, new) = ends(crosswalk, schemes)?;
    let shares = crosswalk.shares().map_err(|e| e.under("crosswalk"))?;
    check_link_areas(&crosswalk.links, data, old, new).map_err(|e| e.under("crosswalk.links"))?;
    let tree = AreaTree::new_at(data.areas().to_vec(), "data.areas")?;
    // The framework must be sound before its targets are carried.
    let index = data.framework().index_at("data.framework")?;
    let measures: HashMap<&str, MeasureKind> = index
        .entries()
        .map(|e| (e.indicator.code.as_str(), e.indicator.measure))
        .collect();

    let fates = area_fates(&tree, &shares, old.scheme, new.scheme);
    let fate_of = |code: &AreaCode| -> Fate {
        match tree.index_of(code.as_str()) {
            Some(i) => fates.get(i).cloned().unwrap_or(Fate::Kept),
            None => Fate::Lost(Text::new(
                "địa bàn không có trong danh mục",
                "area not in the area list",
            )),
        }
    };
    let mut unmapped = Vec::new();
    let areas = new_areas(&tree, &fates, new, &mut unmapped)?;
    let (observations, merged_observations) = rebase_observations(
        data,
        &|code| measures.get(code).copied(),
        &fate_of,
        &mut unmapped,
    )?;

    // Targets, carried with the same shares.
    let mut framework = data.framework().clone();
    for (c, component) in framework.components.iter_mut().enumerate() {
        carry_component(
            component,
            &format!("framework.components[{c}]"),
            &fate_of,
            &mut unmapped,
        )?;
    }

    // Activities and plans belong to one area: a split area cannot take them.
    let activities = move_records(
        data.activities(),
        ("activity", "activities"),
        &fate_of,
        &mut unmapped,
    );
    let plans = move_records(data.plans(), ("plan", "plans"), &fate_of, &mut unmapped);
    let expected = move_expected(data.expected(), &fate_of, &mut unmapped);
    Ok(Rebased {
        data: DataSet::new(framework)
            .with_areas(areas)
            .with_observations(observations)
            .with_activities(activities)
            .with_plans(plans)
            .with_classification_lists(data.classification_lists().to_vec())
            .with_expected(expected),
        unmapped,
        merged_observations,
    })
}

/// Where every area of `tree` goes (same order), decided parents first.
///
/// An area with links is mapped, except a district whose communes are in
/// the data set too: the level is gone and its communes carry its figures.
/// An area at a level the old scheme lists but without links is lost;
/// above every listed level (the country) it is kept; below them (a
/// village) it follows its parent.
fn area_fates(
    tree: &AreaTree,
    shares: &HashMap<&str, Vec<(AreaCode, Rational)>>,
    old: &AreaScheme,
    new: &AreaScheme,
) -> Vec<Fate> {
    let levels = old.levels();
    let kept_levels = new.levels();
    let top = levels.first().copied().unwrap_or(old.level);
    let bottom = levels.last().copied().unwrap_or(old.level);
    let mut fates: Vec<Fate> = vec![Fate::Kept; tree.areas().len()];
    let mut top_down: Vec<usize> = tree.bottom_up().to_vec();
    top_down.reverse();
    for i in top_down {
        let Some(area) = tree.get(i) else { continue };
        let parent_fate = tree.parent_of(i).and_then(|p| fates.get(p).cloned());
        let has_lower_children = || {
            tree.children_of(i)
                .iter()
                .filter_map(|&c| tree.get(c))
                .any(|c| levels.contains(&c.level))
        };
        let fate = if let Some(targets) = shares.get(area.code.as_str())
            && area.level > bottom
        {
            // A village placed by a link of the user's: it moves under that
            // new area, it does not become it.
            match targets.as_slice() {
                [(to, _)] => Fate::Moved(to.clone()),
                _ => Fate::Lost(split_record()),
            }
        } else if let Some(targets) = shares.get(area.code.as_str()) {
            if !kept_levels.contains(&area.level) && has_lower_children() {
                Fate::Lost(dissolved())
            } else {
                Fate::Mapped(targets.clone())
            }
        } else if levels.contains(&area.level) {
            Fate::Lost(not_in_crosswalk())
        } else if area.level < top {
            Fate::Kept
        } else if area.level > bottom {
            match parent_fate {
                Some(Fate::Kept | Fate::Moved(_)) | None => Fate::Kept,
                Some(Fate::Mapped(to)) => match to.as_slice() {
                    [(only, _)] => Fate::Moved(only.clone()),
                    _ => Fate::Lost(split_parent()),
                },
                Some(Fate::Lost(_)) => Fate::Lost(below_level()),
            }
        } else {
            Fate::Lost(below_level())
        };
        if let Some(slot) = fates.get_mut(i) {
            *slot = fate;
        }
    }
    fates
}

/// The area list after re-basing: kept areas, villages under their new
/// commune, then each new area once, named as the new scheme names it and
/// placed under its parent there (or, when the data set does not hold that
/// parent, under its nearest ancestor that stays). Lost areas go to
/// `unmapped`.
fn new_areas(
    tree: &AreaTree,
    fates: &[Fate],
    new: Listed<'_>,
    unmapped: &mut Vec<Unmapped>,
) -> Result<Vec<Area>> {
    let mut areas: Vec<Area> = Vec::new();
    // For each new area placed: its possible parents, best first.
    let mut placed: Vec<(usize, Vec<AreaCode>)> = Vec::new();
    let mut added: HashMap<AreaCode, ()> = HashMap::default();
    for (i, area) in tree.areas().iter().enumerate() {
        match fates.get(i).cloned().unwrap_or(Fate::Kept) {
            Fate::Kept => areas.push(area.clone()),
            Fate::Moved(parent) => areas.push(Area {
                parent: Some(parent),
                ..area.clone()
            }),
            Fate::Lost(reason) => unmapped.push(Unmapped {
                kind: "area",
                path: format!("areas[{i}]"),
                area: area.code.clone(),
                reason,
            }),
            Fate::Mapped(targets) => {
                for (to, _) in targets {
                    if added.insert(to.clone(), ()).is_some() {
                        continue;
                    }
                    let Some(listed) = new.area(to.as_str()) else {
                        return Err(Error::new(ErrorKind::UnknownCode {
                            kind: CodeKind::Area,
                            value: format!("{to} (scheme {})", new.scheme.id),
                        })
                        .at("crosswalk.links"));
                    };
                    let mut parents: Vec<AreaCode> = listed.parent.iter().cloned().collect();
                    parents.extend(new_ancestors(tree, fates, i));
                    placed.push((areas.len(), parents));
                    areas.push(Area {
                        code: to.clone(),
                        name: listed.name.clone(),
                        level: listed.kind.level(),
                        parent: None,
                        tags: area.tags.clone(),
                    });
                }
            }
        }
    }
    let present: HashMap<AreaCode, ()> = areas.iter().map(|a| (a.code.clone(), ())).collect();
    for (at, parents) in placed {
        if let Some(area) = areas.get_mut(at) {
            area.parent = parents.into_iter().find(|p| present.contains_key(p));
        }
    }
    Ok(areas)
}

/// The codes the ancestors of area `i` have after re-basing, nearest first
/// (a divided or lost ancestor has none).
fn new_ancestors(tree: &AreaTree, fates: &[Fate], i: usize) -> Vec<AreaCode> {
    let mut out = Vec::new();
    let mut next = tree.parent_of(i);
    while let Some(p) = next {
        match (fates.get(p), tree.get(p)) {
            (Some(Fate::Kept | Fate::Moved(_)), Some(area)) => out.push(area.code.clone()),
            (Some(Fate::Mapped(to)), _) if to.len() == 1 => {
                out.extend(to.first().map(|t| t.0.clone()));
            }
            _ => {}
        }
        next = tree.parent_of(p);
    }
    out
}

/// The observations after re-basing, and how many were merged into
/// another: kept ones as they are, mapped ones merged by (indicator, new
/// area, period, disaggregation) with their shares. Lost ones go to
/// `unmapped`.
fn rebase_observations(
    data: &DataSet,
    measure_of: &dyn Fn(&str) -> Option<MeasureKind>,
    fate_of: &dyn Fn(&AreaCode) -> Fate,
    unmapped: &mut Vec<Unmapped>,
) -> Result<(Vec<Observation>, usize)> {
    let mut kept: Vec<Observation> = Vec::new();
    let mut merger = Merger::default();
    let mut lost_at: Vec<(usize, AreaCode, Text)> = Vec::new();
    for (i, obs) in data.observations().enumerate() {
        // A rate given without its parts can move, not be split or summed.
        let rate_only = measure_of(obs.indicator().as_str()) == Some(MeasureKind::Ratio)
            && obs.value().is_some()
            && (obs.numerator().is_none() || obs.denominator().is_none());
        match fate_of(obs.area()) {
            Fate::Kept | Fate::Moved(_) => kept.push(obs.to_observation()),
            Fate::Lost(reason) => lost_at.push((i, obs.area().clone(), reason)),
            Fate::Mapped(targets) if rate_only => match targets.as_slice() {
                [(to, _)] => merger.add(i, obs, to.clone(), (obs.value(), None, None), true)?,
                _ => lost_at.push((i, obs.area().clone(), rate_needs_parts())),
            },
            Fate::Mapped(targets) => {
                for (to, parts) in split_observation(obs, &targets)? {
                    merger.add(i, obs, to, parts, false)?;
                }
            }
        }
    }
    let merged_observations = merger.merged.iter().map(|m| m.contributors - 1).sum();
    let (merged, rates) = merger.finish();
    kept.extend(merged);
    lost_at.extend(
        rates
            .into_iter()
            .filter_map(|i| data.observation(i).map(|o| (i, o.area().clone())))
            .map(|(i, area)| (i, area, rates_cannot_merge())),
    );
    crate::order::sort_by_key(&mut lost_at, |(i, _, _)| *i);
    unmapped.extend(lost_at.into_iter().map(|(i, area, reason)| Unmapped {
        kind: "observation",
        path: format!("observations[{i}]"),
        area,
        reason,
    }));
    Ok((kept, merged_observations))
}

/// An observation's value, numerator and denominator going to one area.
type Parts = (Option<Rational>, Option<Rational>, Option<Rational>);

/// What of `obs` goes to each of `targets`: whole numbers (counts, and the
/// parts of ratios) split by largest remainder so the pieces are whole and
/// add up exactly; other numbers by their shares. The denominator is split
/// first and caps the numerator's (or a coverage count's) pieces, so no
/// part reports more than it counts.
fn split_observation(
    obs: ObservationView<'_>,
    targets: &[(AreaCode, Rational)],
) -> Result<Vec<(AreaCode, Parts)>> {
    let denominators = pieces(obs.denominator(), targets, &[])?;
    let within = |v: Option<Rational>| match (v, obs.denominator()) {
        (Some(v), Some(d)) if v <= d => denominators.as_slice(),
        _ => &[],
    };
    let values = pieces(obs.value(), targets, within(obs.value()))?;
    let numerators = pieces(obs.numerator(), targets, within(obs.numerator()))?;
    Ok(targets
        .iter()
        .zip(values.into_iter().zip(numerators).zip(denominators))
        .map(|((to, _), ((v, n), d))| (to.clone(), (v, n, d)))
        .collect())
}

/// `v` split over `targets`: a whole number by largest remainder, each
/// piece at most its cap in `caps` (whole pieces of a larger total, or
/// none), anything else by share.
fn pieces(
    v: Option<Rational>,
    targets: &[(AreaCode, Rational)],
    caps: &[Option<Rational>],
) -> Result<Vec<Option<Rational>>> {
    let Some(v) = v else {
        return Ok(vec![None; targets.len()]);
    };
    let whole = v.to_integer().and_then(|v| u64::try_from(v).ok());
    match whole {
        Some(total) if targets.len() > 1 => {
            let cap = |i: usize| -> Option<u64> {
                caps.get(i)
                    .copied()
                    .flatten()
                    .and_then(|c| c.to_integer())
                    .and_then(|c| u64::try_from(c).ok())
            };
            let units: Vec<AllocationUnit> = targets
                .iter()
                .enumerate()
                .map(|(i, (area, share))| AllocationUnit {
                    cap: cap(i),
                    ..AllocationUnit::new(area.as_str(), *share)
                })
                .collect();
            Ok(allocate(total, &units)?
                .allocations
                .into_iter()
                .map(|a| Some(Rational::from(a.allocated)))
                .collect())
        }
        _ => targets.iter().map(|(_, w)| scaled(Some(v), *w)).collect(),
    }
}

/// Observations merged under their new key, in order of first arrival.
#[derive(Default)]
struct Merger {
    merged: Vec<Merged>,
    slots: HashMap<(String, AreaCode, Period, Disaggregation), usize>,
}

impl Merger {
    /// Adds `parts` (value, numerator, denominator) of observation `i` to
    /// the observation of its key at area `to`; a `rate` (a ratio's value
    /// without its parts) is kept apart, never summed.
    fn add(
        &mut self,
        i: usize,
        obs: ObservationView<'_>,
        to: AreaCode,
        parts: Parts,
        rate: bool,
    ) -> Result<()> {
        let key = (
            obs.indicator().to_string(),
            to.clone(),
            obs.period(),
            obs.disaggregation().clone(),
        );
        let (value, numerator, denominator) = parts;
        let m = match self.slots.get(&key).and_then(|&at| self.merged.get_mut(at)) {
            Some(m) => {
                m.contributors += 1;
                m.first.status = m.first.status.min(obs.status());
                if let Some(s) = obs.source()
                    && !m.sources.iter().any(|known| known == s)
                {
                    m.sources.push(s.to_string());
                }
                m
            }
            None => {
                self.slots.insert(key, self.merged.len());
                let mut first = obs.to_observation();
                first.area = to;
                self.merged.push(Merged {
                    first,
                    value: None,
                    numerator: None,
                    denominator: None,
                    contributors: 1,
                    sources: obs.source().map(str::to_string).into_iter().collect(),
                    rates: Vec::new(),
                    members: Vec::new(),
                });
                let Some(m) = self.merged.last_mut() else {
                    return Ok(());
                };
                m
            }
        };
        m.members.push(i);
        match (rate, value) {
            (true, Some(v)) => m.rates.push(v),
            _ => {
                m.value = plus(m.value, value)?;
                m.numerator = plus(m.numerator, numerator)?;
                m.denominator = plus(m.denominator, denominator)?;
            }
        }
        Ok(())
    }

    /// The merged observations with their summed values, and the
    /// positions of the observations of keys where a rate without its
    /// parts met a different figure: those cannot be combined.
    fn finish(self) -> (Vec<Observation>, Vec<usize>) {
        let mut out = Vec::with_capacity(self.merged.len());
        let mut lost = Vec::new();
        for m in self.merged {
            let mut obs = m.first;
            obs.value = m.value;
            obs.numerator = m.numerator;
            obs.denominator = m.denominator;
            if let Some(&rate) = m.rates.first() {
                // Equal rates of whole areas make that rate whatever their
                // sizes; anything else needs the parts.
                if m.rates.len() != m.contributors || m.rates.iter().any(|r| *r != rate) {
                    lost.extend(m.members);
                    continue;
                }
                obs.value = Some(rate);
            }
            if m.contributors > 1 {
                // A qualifier ("more than") speaks of one figure, not of a sum.
                obs.qualifier = None;
                obs.source = (!m.sources.is_empty()).then(|| m.sources.join("; "));
            }
            out.push(obs);
        }
        (out, lost)
    }
}

/// Activities or plans moved to their new area; those that cannot move are
/// listed in `unmapped` under `kind` with their path in `list`.
fn move_records<R: AreaRecord>(
    records: &[R],
    (kind, list): (&'static str, &str),
    fate_of: &dyn Fn(&AreaCode) -> Fate,
    unmapped: &mut Vec<Unmapped>,
) -> Vec<R> {
    let mut moved = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        match single(fate_of(record.area())) {
            Ok(target) => {
                let mut record = record.clone();
                if let Some(to) = target {
                    *record.area_mut() = to;
                }
                moved.push(record);
            }
            Err(reason) => unmapped.push(Unmapped {
                kind,
                path: format!("{list}[{i}]"),
                area: record.area().clone(),
                reason,
            }),
        }
    }
    moved
}

/// The expected reports in the new areas: levels and targets as they are
/// (they name no area), each named area moved like a record.
fn move_expected(
    expected: &crate::model::Expected,
    fate_of: &dyn Fn(&AreaCode) -> Fate,
    unmapped: &mut Vec<Unmapped>,
) -> crate::model::Expected {
    let mut moved = expected.clone();
    moved.areas.clear();
    for (i, entry) in expected.areas.iter().enumerate() {
        match single(fate_of(&entry.area)) {
            Ok(target) => {
                let mut entry = entry.clone();
                if let Some(to) = target {
                    entry.area = to;
                }
                moved.areas.push(entry);
            }
            Err(reason) => unmapped.push(Unmapped {
                kind: "expected",
                path: format!("expected.areas[{i}]"),
                area: entry.area.clone(),
                reason,
            }),
        }
    }
    moved
}

/// The one new area of a record, `None` to keep it, or why it cannot move.
fn single(fate: Fate) -> std::result::Result<Option<AreaCode>, Text> {
    match fate {
        Fate::Kept | Fate::Moved(_) => Ok(None),
        Fate::Lost(reason) => Err(reason),
        Fate::Mapped(targets) => match targets.as_slice() {
            [(to, _)] => Ok(Some(to.clone())),
            _ => Err(split_record()),
        },
    }
}

fn carry_component(
    component: &mut Component,
    path: &str,
    fate_of: &dyn Fn(&AreaCode) -> Fate,
    unmapped: &mut Vec<Unmapped>,
) -> Result<()> {
    for (i, indicator) in component.indicators.iter_mut().enumerate() {
        carry_indicator(
            indicator,
            &format!("{path}.indicators[{i}]"),
            fate_of,
            unmapped,
        )?;
    }
    for (i, child) in component.components.iter_mut().enumerate() {
        carry_component(child, &format!("{path}.components[{i}]"), fate_of, unmapped)?;
    }
    Ok(())
}

/// How a target goes to the new areas of a split: a rate goes whole to
/// each part; a whole-number count is apportioned by largest remainder so
/// the parts are whole numbers adding up to it; anything else by share.
fn target_shares(
    value: Rational,
    to: &[(AreaCode, Rational)],
    measure: MeasureKind,
) -> Result<Vec<(AreaCode, Rational)>> {
    if measure == MeasureKind::Ratio {
        return Ok(to.iter().map(|(area, _)| (area.clone(), value)).collect());
    }
    let whole = value.to_integer().and_then(|v| u64::try_from(v).ok());
    match whole {
        Some(total) if to.len() > 1 => {
            let units: Vec<AllocationUnit> = to
                .iter()
                .map(|(area, share)| AllocationUnit::new(area.as_str(), *share))
                .collect();
            let split = allocate(total, &units)?;
            Ok(to
                .iter()
                .zip(split.allocations)
                .map(|((area, _), a)| (area.clone(), Rational::from(a.allocated)))
                .collect())
        }
        _ => to
            .iter()
            .map(|(area, share)| {
                value
                    .checked_mul(*share)
                    .map(|v| (area.clone(), v))
                    .ok_or_else(Error::overflow)
            })
            .collect(),
    }
}

fn carry_indicator(
    indicator: &mut Indicator,
    path: &str,
    fate_of: &dyn Fn(&AreaCode) -> Fate,
    unmapped: &mut Vec<Unmapped>,
) -> Result<()> {
    let mut carried: Vec<Target> = Vec::new();
    let mut sums: BTreeMap<(Period, AreaCode, Disaggregation), Rational> = BTreeMap::new();
    let mut ratios: BTreeMap<(Period, AreaCode, Disaggregation), Vec<(usize, Rational)>> =
        BTreeMap::new();
    for (j, target) in indicator.targets.iter().enumerate() {
        let Some(area) = &target.area else {
            carried.push(target.clone());
            continue;
        };
        match fate_of(area) {
            Fate::Kept | Fate::Moved(_) => carried.push(target.clone()),
            Fate::Lost(reason) => unmapped.push(Unmapped {
                kind: "target",
                path: format!("{path}.targets[{j}]"),
                area: area.clone(),
                reason,
            }),
            Fate::Mapped(targets) => {
                for (to, share) in target_shares(target.value, &targets, indicator.measure)? {
                    let key = (target.period, to, target.disaggregation.clone());
                    if indicator.measure == MeasureKind::Ratio {
                        ratios.entry(key).or_default().push((j, share));
                        continue;
                    }
                    let slot = sums.entry(key).or_insert(Rational::ZERO);
                    *slot = slot.checked_add(share).ok_or_else(Error::overflow)?;
                }
            }
        }
    }
    for ((period, area, disaggregation), values) in ratios {
        let first = values.first().map(|v| v.1);
        if values.iter().all(|v| Some(v.1) == first)
            && let Some(value) = first
        {
            sums.insert((period, area, disaggregation), value);
        } else {
            // A rate cannot be summed, and its weights are unknown here.
            for (j, _) in values {
                unmapped.push(Unmapped {
                    kind: "target",
                    path: format!("{path}.targets[{j}]"),
                    area: area.clone(),
                    reason: Text::new(
                        "các địa bàn gộp có chỉ tiêu tỷ lệ khác nhau: cần đặt chỉ tiêu cho địa bàn mới",
                        "the merged areas have different ratio targets: set the new area's target",
                    ),
                });
            }
        }
    }
    for ((period, area, disaggregation), value) in sums {
        carried.push(Target {
            period,
            area: Some(area),
            disaggregation,
            value,
        });
    }
    indicator.targets = carried;
    for (i, sub) in indicator.sub_measures.iter_mut().enumerate() {
        carry_indicator(sub, &format!("{path}.sub_measures[{i}]"), fate_of, unmapped)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::area::Link;

    /// Three old provinces: A and B merge into X, C is split 3/5 to X and
    /// 2/5 to Y; D has no link.
    fn schemes() -> SchemeSet {
        let area = |c: &str| {
            format!(
                r#"{{"code":"{c}","name":{{"vi":"Tỉnh {c}","en":"Province {c}"}},"kind":"province"}}"#
            )
        };
        let scheme = |id: &str, codes: &[&str]| {
            let areas: Vec<String> = codes.iter().map(|c| area(c)).collect();
            format!(
                r#"{{"id":"{id}","name":{{"vi":"{id}","en":"{id}"}},"level":"province","areas":[{}]}}"#,
                areas.join(",")
            )
        };
        let text = format!(
            r#"{{"version":1,"schemes":[{},{}],"crosswalks":[]}}"#,
            scheme("old", &["A", "B", "C", "D"]),
            scheme("new", &["X", "Y"])
        );
        crate::io::json::from_str(&text).unwrap()
    }

    fn crosswalk() -> Crosswalk {
        let link = |from: &str, to: &str, w: Option<(i128, i128)>| Link {
            weight: w.map(|(n, d)| Rational::new(n, d).unwrap()),
            ..Link::whole(from.parse().unwrap(), to.parse().unwrap())
        };
        Crosswalk {
            from: "old".into(),
            to: "new".into(),
            links: vec![
                link("A", "X", None),
                link("B", "X", None),
                link("C", "X", Some((3, 5))),
                link("C", "Y", Some((2, 5))),
            ],
        }
    }

    fn data() -> DataSet {
        let areas: Vec<String> = ["A", "B", "C", "D"]
            .iter()
            .map(|c| format!(r#"{{"code":"{c}","name":{{"vi":"{c}","en":"{c}"}},"level":"province","parent":"VN"}}"#))
            .collect();
        let obs = |ind: &str, area: &str, rest: &str| {
            format!(r#"{{"indicator":"{ind}","area":"{area}","period":"2023",{rest}}}"#)
        };
        let observations = [
            obs("CNT", "A", r#""value":10,"source":"report A""#),
            obs(
                "CNT",
                "B",
                r#""value":20,"source":"report B","qualifier":"more-than""#,
            ),
            obs("CNT", "C", r#""value":30"#),
            obs("CNT", "D", r#""value":7"#),
            obs("RAT", "A", r#""numerator":30,"denominator":100"#),
            obs("RAT", "B", r#""numerator":45,"denominator":60"#),
        ];
        let text = format!(
            r#"{{"version":1,"framework":{{"version":1,"code":"T","name":{{"vi":"t","en":"t"}},
            "phases":[{{"id":"p","name":{{"vi":"p","en":"p"}},"start":"2021-01-01","end":"2025-12-31"}}],
            "components":[{{"code":"C1","kind":"project","name":{{"vi":"c","en":"c"}},"indicators":[
              {{"code":"CNT","name":{{"vi":"n","en":"n"}},"unit":"group","measure":"stock",
                "targets":[{{"period":"2021-2025","area":"C","value":7}}]}},
              {{"code":"RAT","name":{{"vi":"r","en":"r"}},"unit":"percent","measure":"ratio"}}]}}]}},
            "areas":[{{"code":"VN","name":{{"vi":"VN","en":"VN"}},"level":"country"}},{}],
            "observations":[{}],
            "activities":[{{"id":"act","model":"trusted-address","area":"C","start":"2023-01-01"}}]}}"#,
            areas.join(","),
            observations.join(",")
        );
        crate::io::json::from_str(&text).unwrap()
    }

    fn value_at(rebased: &Rebased, ind: &str, area: &str) -> Option<Observation> {
        rebased
            .data
            .observations()
            .find(|o| o.indicator().as_str() == ind && o.area().as_str() == area)
            .map(ObservationView::to_observation)
    }

    #[test]
    fn counts_are_summed_with_their_shares_and_ratio_parts_summed() {
        let rebased = rebase(&data(), &crosswalk(), &schemes()).unwrap();
        // X = A + B + 3/5 × C = 10 + 20 + 18; Y = 2/5 × C = 12.
        let x = value_at(&rebased, "CNT", "X").unwrap();
        assert_eq!(x.value, Some(Rational::from(48)));
        assert_eq!(
            value_at(&rebased, "CNT", "Y").unwrap().value,
            Some(Rational::from(12))
        );
        // Parts of the ratio are summed, not the ratios: (30 + 45) / (100 + 60).
        let rat = value_at(&rebased, "RAT", "X").unwrap();
        assert_eq!(
            (rat.numerator, rat.denominator),
            (Some(Rational::from(75)), Some(Rational::from(160)))
        );
        // Three observations went into X's count, two into its ratio: 3 merged.
        assert_eq!(rebased.merged_observations, 3);
        // A merged figure keeps every source and loses the "more than".
        assert_eq!(x.source.as_deref(), Some("report A; report B"));
        assert_eq!(x.qualifier, None);
    }

    #[test]
    fn what_cannot_be_mapped_is_listed_with_its_path() {
        let rebased = rebase(&data(), &crosswalk(), &schemes()).unwrap();
        let listed: Vec<(&str, &str)> = rebased
            .unmapped
            .iter()
            .map(|u| (u.kind, u.path.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                ("area", "areas[4]"),
                ("observation", "observations[3]"),
                ("activity", "activities[0]")
            ]
        );
        // D's observation is not silently counted anywhere.
        let total = Rational::sum(
            rebased
                .data
                .observations()
                .filter(|o| o.indicator().as_str() == "CNT")
                .filter_map(|o| o.value()),
        )
        .unwrap();
        assert_eq!(total, Rational::from(60));
        let placed = rebased.under("$.data");
        assert_eq!(placed.unmapped[1].path, "$.data.observations[3]");
    }

    #[test]
    fn a_count_target_of_a_split_area_is_apportioned_in_integers() {
        let rebased = rebase(&data(), &crosswalk(), &schemes()).unwrap();
        let targets = &rebased.data.framework().components[0].indicators[0].targets;
        let by_area: Vec<(String, String)> = targets
            .iter()
            .map(|t| (t.area.as_ref().unwrap().to_string(), t.value.to_string()))
            .collect();
        // 7 × 3/5 = 4.2 and 7 × 2/5 = 2.8: largest remainder gives 4 and 3.
        assert_eq!(
            by_area,
            [
                ("X".to_string(), "4".to_string()),
                ("Y".to_string(), "3".to_string())
            ]
        );
    }

    #[test]
    fn errors_name_the_argument() {
        let mut bad = crosswalk();
        bad.links[2].weight = Rational::new(4, 5);
        let e = rebase(&data(), &bad, &schemes()).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("invalid-value", "crosswalk.links[2]")
        );
        let mut unknown = crosswalk();
        unknown.to = "newer".into();
        let e = rebase(&data(), &unknown, &schemes()).unwrap_err();
        assert_eq!((e.code(), e.path()), ("unknown-code", "crosswalk"));
        // A link from or to an area that exists nowhere (Z: in no scheme,
        // not in the data set) is named, not ignored.
        let link = |from: &str, to: &str| Link::whole(from.parse().unwrap(), to.parse().unwrap());
        for (bad, path) in [
            (link("Z", "X"), "crosswalk.links[4].from"),
            (link("D", "Z"), "crosswalk.links[4].to"),
        ] {
            let mut c = crosswalk();
            c.links.push(bad);
            let e = rebase(&data(), &c, &schemes()).unwrap_err();
            assert_eq!((e.code(), e.path()), ("unknown-code", path));
        }
        // A link from an area of the data set alone (VN here; a village
        // placed by the user in practice) is fine.
        let mut own = crosswalk();
        own.links.push(link("VN", "Y"));
        assert!(rebase(&data(), &own, &schemes()).is_ok());
    }

    /// The Alabama paradox at work: by largest remainder alone, 10 over
    /// weights 1, 4, 7, 19 gives the first area 1 while 13 gives it 0. The
    /// numerator split under its denominator's pieces cannot do that.
    #[test]
    fn a_numerator_split_stays_under_its_denominator_where_largest_remainder_alone_would_not() {
        let targets: Vec<(AreaCode, Rational)> = [1, 4, 7, 19]
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    format!("N{i}").parse().unwrap(),
                    Rational::new(*w, 31).unwrap(),
                )
            })
            .collect();
        let whole = |v: Vec<Option<Rational>>| -> Vec<String> {
            v.into_iter().map(|p| p.unwrap().to_string()).collect()
        };
        let dens = pieces(Some(Rational::from(13)), &targets, &[]).unwrap();
        assert_eq!(whole(dens.clone()), ["0", "2", "3", "8"]);
        let alone = pieces(Some(Rational::from(10)), &targets, &[]).unwrap();
        assert_eq!(whole(alone), ["1", "1", "2", "6"]);
        // Capped at 0, the first takes nothing; 10 over 4, 7, 19 gives
        // 1.33, 2.33, 6.33: 1 + 2 + 6 and the one left, in a three-way tie,
        // to the largest weight.
        let capped = pieces(Some(Rational::from(10)), &targets, &dens).unwrap();
        assert_eq!(whole(capped), ["0", "1", "2", "7"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1024, ..Default::default() })]
        /// A ratio's or a coverage count's parts split so that no part's
        /// numerator exceeds its denominator, and each adds up exactly.
        #[test]
        fn split_numerators_never_exceed_their_denominators(
            weights in proptest::collection::vec(1i128..20, 2..6),
            denominator in 0u64..40,
            fraction in 0u64..=100,
        ) {
            let numerator = denominator * fraction / 100;
            let total: i128 = weights.iter().sum();
            let targets: Vec<(AreaCode, Rational)> = weights
                .iter()
                .enumerate()
                .map(|(i, w)| (format!("N{i}").parse().unwrap(), Rational::new(*w, total).unwrap()))
                .collect();
            let dens = pieces(Some(Rational::from(denominator)), &targets, &[]).unwrap();
            let nums = pieces(Some(Rational::from(numerator)), &targets, &dens).unwrap();
            let sum = |v: &[Option<Rational>]| Rational::sum(v.iter().map(|p| p.unwrap())).unwrap();
            proptest::prop_assert_eq!(sum(&dens), Rational::from(denominator));
            proptest::prop_assert_eq!(sum(&nums), Rational::from(numerator));
            for (n, d) in nums.iter().zip(&dens) {
                proptest::prop_assert!(n.unwrap() <= d.unwrap(), "{nums:?} over {dens:?}");
            }
        }
    }
}
