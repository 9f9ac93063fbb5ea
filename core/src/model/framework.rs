//! A programme's framework: phases, nested components and their indicators.

use rustc_hash::FxHashMap as HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::code::{ComponentCode, PhaseId, UnitCode};
use crate::error::{CodeKind, Error, ErrorKind, Result, join_path};
use crate::json_text::{FromJson, ToJson};
use crate::model::indicator::{Indicator, MeasureKind, Unit, UnitKind, builtin_units};
use crate::period::Period;
use crate::text::Text;

/// The version of the JSON contract this build reads and writes.
pub const CONTRACT_VERSION: u32 = 1;

/// A programme phase, e.g. phase 1 = 2021-01-01 to 2025-12-31.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The phase id, e.g. `phase-1`.
    pub id: PhaseId,
    /// Its name.
    pub name: Text,
    /// The name a sentence uses ("chỉ tiêu giai đoạn 1", "the phase 1
    /// target"); the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<Text>,
    /// The first day.
    #[serde(with = "crate::period::iso_date")]
    pub start: NaiveDate,
    /// The last day (included).
    #[serde(with = "crate::period::iso_date")]
    pub end: NaiveDate,
}

impl Phase {
    /// The phase as a period: `2021-2025` when it spans whole years,
    /// otherwise a date range.
    pub fn period(&self) -> Period {
        let whole: Option<Period> = format!("{:04}-{:04}", self.start.year(), self.end.year())
            .parse()
            .ok();
        match whole {
            Some(p) if p.start() == self.start && p.end() == self.end => p,
            _ => Period::Range(self.start, self.end),
        }
    }
}

/// The kind of a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ComponentKind {
    /// Dự án.
    Project,
    /// Tiểu dự án.
    SubProject,
    /// Nội dung.
    Content,
}

/// A component of a programme: a project, sub-project or content, nesting
/// further components and holding indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Stable code, e.g. `DA8`.
    pub code: ComponentCode,
    /// Project, sub-project or content.
    pub kind: ComponentKind,
    /// Its name.
    pub name: Text,
    /// The agency leading it, e.g. the Women's Union.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<Text>,
    /// Nested components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// Indicators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

/// A programme's framework: any programme loads from JSON, not only Project 8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// The contract version, currently 1.
    pub version: u32,
    /// The programme code.
    pub code: ComponentCode,
    /// The programme name.
    pub name: Text,
    /// Its phases, in time order, not overlapping.
    pub phases: Vec<Phase>,
    /// Units beyond the built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// Its top-level components.
    pub components: Vec<Component>,
}

/// Where an indicator sits in its framework.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorEntry<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// The indicator it is a sub-measure of.
    pub parent: Option<&'a Indicator>,
    /// The component that holds it.
    pub component: &'a Component,
    /// Its unit.
    pub unit: &'a Unit,
    /// Its position in framework order (parents before sub-measures).
    pub order: usize,
}

/// A checked framework with its indicators indexed by code.
#[derive(Debug, Clone)]
pub struct FrameworkIndex<'a> {
    framework: &'a Framework,
    units: Vec<Unit>,
    entries: Vec<(IndicatorRefs<'a>, usize)>,
    by_code: HashMap<&'a str, usize>,
    paths: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
struct IndicatorRefs<'a> {
    indicator: &'a Indicator,
    parent: Option<&'a Indicator>,
    component: &'a Component,
}

impl Framework {
    /// Checks the framework (version, unique codes, known units, phases in
    /// order) and indexes its indicators. Error paths are relative to the
    /// framework (`components[0].indicators[2].unit`).
    pub fn index(&self) -> Result<FrameworkIndex<'_>> {
        self.index_at("")
    }

    /// [`Framework::index`] for a framework at `path` in a larger value
    /// (the data set's `framework`), so the stored indicator paths and the
    /// errors are relative to that value.
    pub(crate) fn index_at(&self, path: &str) -> Result<FrameworkIndex<'_>> {
        check_version(self.version, &format!("{path}.version"))?;
        let mut units = builtin_units();
        let builtin_count = units.len();
        for (i, unit) in self.units.iter().enumerate() {
            if let Some(first) = units.iter().position(|u| u.code == unit.code) {
                return Err(Error::new(ErrorKind::DuplicateKey {
                    kind: CodeKind::Unit,
                    key: unit.code.to_string(),
                    first: match first.checked_sub(builtin_count) {
                        None => "the built-in units".to_string(),
                        Some(own) => format!("{path}.units[{own}]"),
                    },
                })
                .at(format!("{path}.units[{i}].code")));
            }
            units.push(unit.clone());
        }
        check_phases(&self.phases, path)?;
        let mut index = FrameworkIndex {
            framework: self,
            units,
            entries: Vec::new(),
            by_code: HashMap::default(),
            paths: Vec::new(),
        };
        let mut component_paths: HashMap<&ComponentCode, String> = HashMap::default();
        for (i, c) in self.components.iter().enumerate() {
            index.add_component(c, &format!("{path}.components[{i}]"), &mut component_paths)?;
        }
        Ok(index)
    }
}

/// Checks a contract version field.
pub(crate) fn check_version(version: u32, path: &str) -> Result<()> {
    if version == CONTRACT_VERSION {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::UnsupportedVersion {
            found: u64::from(version),
            supported: CONTRACT_VERSION,
        })
        .at(path))
    }
}

fn check_phases(phases: &[Phase], path: &str) -> Result<()> {
    let mut seen: HashMap<&PhaseId, usize> = HashMap::default();
    let mut previous_end: Option<NaiveDate> = None;
    for (i, phase) in phases.iter().enumerate() {
        if let Some(first) = seen.insert(&phase.id, i) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Phase,
                key: phase.id.to_string(),
                first: join_path(path, &format!("phases[{first}]")),
            })
            .at(format!("{path}.phases[{i}].id")));
        }
        if phase.end < phase.start {
            return Err(Error::invalid(
                format!("{path}.phases[{i}].end"),
                (
                    format!("giai đoạn `{}` kết thúc trước khi bắt đầu", phase.id),
                    format!("phase `{}` ends before it starts", phase.id),
                ),
            ));
        }
        if previous_end.is_some_and(|e| phase.start <= e) {
            return Err(Error::invalid(
                format!("{path}.phases[{i}].start"),
                (
                    format!(
                        "giai đoạn `{}` trùng hoặc đứng trước giai đoạn trước nó",
                        phase.id
                    ),
                    format!(
                        "phase `{}` overlaps or precedes the previous phase",
                        phase.id
                    ),
                ),
            ));
        }
        previous_end = Some(phase.end);
    }
    Ok(())
}

/// The checks of an indicator's own fields that depend on where it sits: a
/// report phrase and `part_of_total` mean something else on a sub-measure,
/// and a coverage indicator counts areas, so only a count unit fits it.
fn check_indicator_fields(
    indicator: &Indicator,
    is_sub_measure: bool,
    unit: Option<&Unit>,
    path: &str,
) -> Result<()> {
    if let Some(phrase) = &indicator.report_phrase {
        phrase.check(&format!("{path}.report_phrase"), is_sub_measure)?;
    }
    if !is_sub_measure && indicator.part_of_total {
        return Err(Error::invalid(
            format!("{path}.part_of_total"),
            (
                "chỉ chỉ tiêu thành phần mới có thể là một phần của tổng chỉ tiêu cha",
                "only a sub-measure can be part of its parent's total",
            ),
        ));
    }
    if indicator.measure == MeasureKind::Coverage && unit.is_some_and(|u| u.kind != UnitKind::Count)
    {
        return Err(Error::invalid(
            format!("{path}.unit"),
            (
                "chỉ tiêu độ bao phủ đếm địa bàn: đơn vị tính phải là số đếm",
                "a coverage indicator counts areas: its unit must be a count",
            ),
        ));
    }
    Ok(())
}

/// At most one target per period, area and disaggregation: a second one
/// would leave it unclear which the progress is measured against.
fn check_unique_targets(indicator: &Indicator, path: &str) -> Result<()> {
    let mut seen_targets: HashMap<(&crate::period::Period, Option<&str>, String), usize> =
        HashMap::default();
    for (i, target) in indicator.targets.iter().enumerate() {
        let key = (
            &target.period,
            target.area.as_ref().map(|a| a.as_str()),
            target.disaggregation.to_string(),
        );
        if let Some(first) = seen_targets.insert(key, i) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Target,
                key: match &target.area {
                    Some(area) => format!("{} × {} × {area}", indicator.code, target.period),
                    None => format!("{} × {}", indicator.code, target.period),
                },
                first: join_path(path, &format!("targets[{first}]")),
            })
            .at(format!("{path}.targets[{i}]")));
        }
    }
    Ok(())
}

impl<'a> FrameworkIndex<'a> {
    fn add_component(
        &mut self,
        component: &'a Component,
        path: &str,
        component_paths: &mut HashMap<&'a ComponentCode, String>,
    ) -> Result<()> {
        if let Some(first) = component_paths.insert(&component.code, path.to_string()) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Component,
                key: component.code.to_string(),
                first,
            })
            .at(format!("{path}.code")));
        }
        for (i, indicator) in component.indicators.iter().enumerate() {
            self.add_indicator(
                indicator,
                None,
                component,
                &format!("{path}.indicators[{i}]"),
            )?;
        }
        for (i, child) in component.components.iter().enumerate() {
            self.add_component(child, &format!("{path}.components[{i}]"), component_paths)?;
        }
        Ok(())
    }

    fn add_indicator(
        &mut self,
        indicator: &'a Indicator,
        parent: Option<&'a Indicator>,
        component: &'a Component,
        path: &str,
    ) -> Result<()> {
        let Some(unit_at) = self.units.iter().position(|u| u.code == indicator.unit) else {
            return Err(Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Unit,
                value: indicator.unit.to_string(),
            })
            .at(format!("{path}.unit")));
        };
        if let Some(&first) = self.by_code.get(indicator.code.as_str()) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::Indicator,
                key: indicator.code.to_string(),
                first: self.paths.get(first).cloned().unwrap_or_default(),
            })
            .at(format!("{path}.code")));
        }
        check_indicator_fields(indicator, parent.is_some(), self.units.get(unit_at), path)?;
        check_unique_targets(indicator, path)?;
        let at = self.entries.len();
        self.by_code.insert(indicator.code.as_str(), at);
        self.paths.push(join_path("", path));
        self.entries.push((
            IndicatorRefs {
                indicator,
                parent,
                component,
            },
            unit_at,
        ));
        for (i, sub) in indicator.sub_measures.iter().enumerate() {
            self.add_indicator(
                sub,
                Some(indicator),
                component,
                &format!("{path}.sub_measures[{i}]"),
            )?;
        }
        Ok(())
    }

    /// The JSON path of the indicator at `position`.
    pub fn path(&self, position: usize) -> Option<&str> {
        self.paths.get(position).map(String::as_str)
    }

    /// The framework indexed.
    pub fn framework(&self) -> &'a Framework {
        self.framework
    }

    /// The position of the indicator `code` in framework order.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The indicator at `position`.
    pub fn entry(&self, position: usize) -> Option<IndicatorEntry<'_>> {
        let (refs, unit_at) = self.entries.get(position)?;
        Some(IndicatorEntry {
            indicator: refs.indicator,
            parent: refs.parent,
            component: refs.component,
            unit: self.units.get(*unit_at)?,
            order: position,
        })
    }

    /// The indicator with `code`.
    pub fn get(&self, code: &str) -> Option<IndicatorEntry<'_>> {
        self.entry(self.position(code)?)
    }

    /// Every indicator and sub-measure, in framework order.
    pub fn entries(&self) -> impl Iterator<Item = IndicatorEntry<'_>> {
        (0..self.entries.len()).filter_map(|i| self.entry(i))
    }

    /// How many indicators and sub-measures there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the framework has no indicator.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The phase with `id`.
    pub fn phase(&self, id: &str) -> Option<&'a Phase> {
        self.framework.phases.iter().find(|p| p.id.as_str() == id)
    }

    /// The phase containing `date`.
    pub fn phase_on(&self, date: NaiveDate) -> Option<&'a Phase> {
        self.framework
            .phases
            .iter()
            .find(|p| p.start <= date && date <= p.end)
    }

    /// The known units: built-in, then the framework's own.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit with `code`.
    pub fn unit(&self, code: &UnitCode) -> Option<&Unit> {
        self.units.iter().find(|u| &u.code == code)
    }
}
