//! Re-basing a data set from one area scheme to another: counts summed,
//! ratios recomputed from their summed parts, targets carried. Whatever
//! cannot be mapped is reported, never dropped.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::area::crosswalk::Crosswalk;
use crate::area::scheme::{AreaScheme, SchemeSet};
use crate::code::AreaCode;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::model::area::{Area, AreaTree};
use crate::model::{
    AreaRecord, Component, DataSet, Disaggregation, Indicator, MeasureKind, Observation, Target,
};
use crate::number::Rational;
use crate::number::apportion::{AllocationUnit, allocate};
use crate::period::Period;
use crate::text::Text;

/// Something a re-basing could not carry over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmapped {
    /// `area`, `observation`, `target`, `activity` or `plan`.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
/// [`Rebased::unmapped`] with its path and reason.
pub fn rebase(data: &DataSet, crosswalk: &Crosswalk, schemes: &SchemeSet) -> Result<Rebased> {
    let scheme = |id: &str| -> Result<&AreaScheme> {
        schemes.scheme(id).ok_or_else(|| {
            Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Area,
                value: format!("scheme {id}"),
            })
            .at("crosswalk")
        })
    };
    let (old, new) = (scheme(&crosswalk.from)?, scheme(&crosswalk.to)?);
    let shares = crosswalk.shares().map_err(|e| e.under("crosswalk"))?;
    let tree = AreaTree::new_at(data.areas().to_vec(), "data.areas")?;
    // The framework must be sound before its targets are carried.
    data.framework().index_at("data.framework")?;

    // Where every area goes, parents before children.
    let mut fates: Vec<Fate> = vec![Fate::Kept; tree.areas().len()];
    let mut top_down: Vec<usize> = tree.bottom_up().to_vec();
    top_down.reverse();
    for i in top_down {
        let Some(area) = tree.get(i) else { continue };
        let parent_fate = tree.parent_of(i).and_then(|p| fates.get(p).cloned());
        let fate = if let Some(targets) = shares.get(area.code.as_str()) {
            Fate::Mapped(targets.clone())
        } else if area.level == old.level {
            Fate::Lost(not_in_crosswalk())
        } else if area.level < old.level || matches!(parent_fate, Some(Fate::Kept) | None) {
            // Above the scheme's level, or below an area that stays.
            Fate::Kept
        } else {
            Fate::Lost(below_level())
        };
        if let Some(slot) = fates.get_mut(i) {
            *slot = fate;
        }
    }
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
    let mut areas: Vec<Area> = Vec::new();
    let mut added: HashMap<AreaCode, ()> = HashMap::default();
    for (i, area) in tree.areas().iter().enumerate() {
        match fates.get(i).cloned().unwrap_or(Fate::Kept) {
            Fate::Kept => areas.push(area.clone()),
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
                            value: format!("{to} (scheme {})", new.id),
                        })
                        .at("crosswalk.links"));
                    };
                    areas.push(Area {
                        code: to.clone(),
                        name: listed.name.clone(),
                        level: area.level,
                        parent: area.parent.clone(),
                        tags: area.tags.clone(),
                    });
                }
            }
        }
    }

    // Observations: merged by (indicator, new area, period, disaggregation).
    let mut merged: Vec<Merged> = Vec::new();
    let mut slots: HashMap<(String, AreaCode, Period, Disaggregation), usize> = HashMap::default();
    let mut kept: Vec<(usize, Observation)> = Vec::new();
    for (i, obs) in data.observations().enumerate() {
        match fate_of(obs.area()) {
            Fate::Kept => kept.push((i, obs.to_observation())),
            Fate::Lost(reason) => unmapped.push(Unmapped {
                kind: "observation",
                path: format!("observations[{i}]"),
                area: obs.area().clone(),
                reason,
            }),
            Fate::Mapped(targets) => {
                for (to, weight) in targets {
                    let key = (
                        obs.indicator().to_string(),
                        to.clone(),
                        obs.period(),
                        obs.disaggregation().clone(),
                    );
                    let (value, numerator, denominator) = (
                        scaled(obs.value(), weight)?,
                        scaled(obs.numerator(), weight)?,
                        scaled(obs.denominator(), weight)?,
                    );
                    match slots.get(&key) {
                        Some(&at) => {
                            let Some(m) = merged.get_mut(at) else {
                                continue;
                            };
                            m.value = plus(m.value, value)?;
                            m.numerator = plus(m.numerator, numerator)?;
                            m.denominator = plus(m.denominator, denominator)?;
                            m.contributors += 1;
                            if let Some(s) = obs.source()
                                && !m.sources.iter().any(|known| known == s)
                            {
                                m.sources.push(s.to_string());
                            }
                            m.first.status = m.first.status.min(obs.status());
                        }
                        None => {
                            slots.insert(key, merged.len());
                            let mut first = obs.to_observation();
                            first.area = to.clone();
                            merged.push(Merged {
                                first,
                                value,
                                numerator,
                                denominator,
                                contributors: 1,
                                sources: obs.source().map(str::to_string).into_iter().collect(),
                            });
                        }
                    }
                }
            }
        }
    }
    let merged_observations = merged.iter().map(|m| m.contributors - 1).sum();
    let mut observations: Vec<Observation> = kept.into_iter().map(|(_, o)| o).collect();
    for m in merged {
        let mut obs = m.first;
        obs.value = m.value;
        obs.numerator = m.numerator;
        obs.denominator = m.denominator;
        if m.contributors > 1 {
            // A qualifier ("more than") speaks of one figure, not of a sum.
            obs.qualifier = None;
            obs.source = (!m.sources.is_empty()).then(|| m.sources.join("; "));
        }
        observations.push(obs);
    }

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
    Ok(Rebased {
        data: DataSet::new(framework)
            .with_areas(areas)
            .with_observations(observations)
            .with_activities(activities)
            .with_plans(plans)
            .with_classification_lists(data.classification_lists().to_vec()),
        unmapped,
        merged_observations,
    })
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

/// The one new area of a record, `None` to keep it, or why it cannot move.
fn single(fate: Fate) -> std::result::Result<Option<AreaCode>, Text> {
    match fate {
        Fate::Kept => Ok(None),
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
            Fate::Kept => carried.push(target.clone()),
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
