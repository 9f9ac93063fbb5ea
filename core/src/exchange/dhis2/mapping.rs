//! A [`Dhis2Mapping`] checked against the framework and areas and indexed
//! both ways: DHIS2 identifiers → chitieu (import, rules) and chitieu →
//! DHIS2 identifiers (export).

use rustc_hash::FxHashMap as HashMap;

use crate::area::Area;
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::exchange::dhis2::{DataElementMap, Dhis2Mapping, IdScheme, ValuePart};
use crate::model::{Disaggregation, FrameworkIndex, MeasureKind};

/// The identifiers DHIS2 gives the default category option combo in
/// every instance it ships with.
const DEFAULT_COMBOS: &[&str] = &["default", "HllvX50cXC0"];

/// What a data element and combo are in chitieu.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'m> {
    /// Its entry in the mapping.
    pub entry: &'m DataElementMap,
    /// The indicator's position in the framework.
    pub indicator: usize,
}

/// A checked, indexed mapping.
#[derive(Debug)]
pub(crate) struct MappingIndex<'m> {
    pub mapping: &'m Dhis2Mapping,
    elements: HashMap<(&'m str, Option<&'m str>), Target<'m>>,
    /// Data element uids → their entries (rules always use uids).
    element_uids: HashMap<&'m str, Vec<Target<'m>>>,
    org_units: HashMap<&'m str, &'m str>,
    attributes: HashMap<&'m str, &'m str>,
    by_target: HashMap<(&'m str, &'m Disaggregation, ValuePart), &'m DataElementMap>,
    by_area: HashMap<&'m str, &'m str>,
    by_category: HashMap<&'m str, &'m str>,
}

fn id_of<'a>(
    uid: &'a Option<String>,
    code: &'a Option<String>,
    name: &'a Option<String>,
    s: IdScheme,
) -> Option<&'a str> {
    match s {
        IdScheme::Uid => uid.as_deref(),
        IdScheme::Code => code.as_deref(),
        IdScheme::Name => name.as_deref(),
    }
}

fn scheme_name(scheme: IdScheme) -> &'static str {
    match scheme {
        IdScheme::Uid => "uid",
        IdScheme::Code => "code",
        IdScheme::Name => "name",
    }
}

fn missing(path: String, scheme: IdScheme) -> Error {
    Error::new(ErrorKind::MissingField {
        field: scheme_name(scheme).into(),
    })
    .at(format!("{path}.{}", scheme_name(scheme)))
}

fn duplicate(key: String, first: String, path: String) -> Error {
    Error::new(ErrorKind::DuplicateKey {
        kind: CodeKind::Field,
        key,
        first,
    })
    .at(path)
}

impl<'m> MappingIndex<'m> {
    /// The data element scheme.
    pub fn element_scheme(&self) -> IdScheme {
        self.mapping
            .data_element_id_scheme
            .unwrap_or(self.mapping.id_scheme)
    }

    /// The organisation unit scheme.
    pub fn org_unit_scheme(&self) -> IdScheme {
        self.mapping
            .org_unit_id_scheme
            .unwrap_or(self.mapping.id_scheme)
    }

    /// Checks `mapping` against the framework and areas and indexes it.
    /// Paths start at `mapping`.
    pub fn new(
        mapping: &'m Dhis2Mapping,
        framework: &FrameworkIndex<'_>,
        areas: &[Area],
    ) -> Result<MappingIndex<'m>> {
        let mut index = MappingIndex {
            mapping,
            elements: HashMap::default(),
            element_uids: HashMap::default(),
            org_units: HashMap::default(),
            attributes: HashMap::default(),
            by_target: HashMap::default(),
            by_area: HashMap::default(),
            by_category: HashMap::default(),
        };
        for (i, entry) in mapping.data_elements.iter().enumerate() {
            index.add_element(i, entry, framework)?;
        }
        let scheme = index.org_unit_scheme();
        for (i, unit) in mapping.org_units.iter().enumerate() {
            let path = format!("mapping.org_units[{i}]");
            if !areas.iter().any(|a| a.code.as_str() == unit.area) {
                return Err(Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: unit.area.clone(),
                })
                .at(format!("{path}.area")));
            }
            let id = id_of(&unit.uid, &unit.code, &unit.name, scheme)
                .ok_or_else(|| missing(path.clone(), scheme))?;
            if index.org_units.insert(id, unit.area.as_str()).is_some() {
                return Err(duplicate(id.into(), "mapping.org_units".into(), path));
            }
            if index.by_area.insert(unit.area.as_str(), id).is_some() {
                return Err(duplicate(
                    unit.area.clone(),
                    "mapping.org_units".into(),
                    format!("{path}.area"),
                ));
            }
        }
        if let Some(attribute) = &mapping.attribute_option_combo {
            for (i, option) in attribute.options.iter().enumerate() {
                let path = format!("mapping.attribute_option_combo.options[{i}]");
                let id = id_of(&option.uid, &option.code, &option.name, mapping.id_scheme)
                    .ok_or_else(|| missing(path.clone(), mapping.id_scheme))?;
                if index
                    .attributes
                    .insert(id, option.category.as_str())
                    .is_some()
                    || index
                        .by_category
                        .insert(option.category.as_str(), id)
                        .is_some()
                {
                    return Err(duplicate(
                        id.into(),
                        "mapping.attribute_option_combo".into(),
                        path,
                    ));
                }
            }
        }
        Ok(index)
    }

    fn add_element(
        &mut self,
        i: usize,
        entry: &'m DataElementMap,
        framework: &FrameworkIndex<'_>,
    ) -> Result<()> {
        let path = format!("mapping.data_elements[{i}]");
        let Some(position) = framework.position(&entry.indicator) else {
            return Err(Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Indicator,
                value: entry.indicator.clone(),
            })
            .at(format!("{path}.indicator")));
        };
        let measure = framework
            .entry(position)
            .map(|e| e.indicator.measure)
            .unwrap_or(MeasureKind::Stock);
        let fits = match entry.part {
            ValuePart::Value => measure != MeasureKind::Ratio,
            ValuePart::Numerator => measure == MeasureKind::Ratio,
            ValuePart::Denominator => matches!(measure, MeasureKind::Ratio | MeasureKind::Coverage),
        };
        if !fits {
            return Err(Error::invalid(
                format!("{path}.part"),
                (
                    format!(
                        "chỉ tiêu {} ({}) không có phần này; tỷ lệ nhận numerator và denominator",
                        entry.indicator,
                        measure.label(crate::text::Lang::Vi)
                    ),
                    format!(
                        "indicator {} ({}) has no such part; a ratio takes numerator and denominator",
                        entry.indicator,
                        measure.label(crate::text::Lang::En)
                    ),
                ),
            ));
        }
        let scheme = self.element_scheme();
        let id = id_of(&entry.uid, &entry.code, &entry.name, scheme)
            .ok_or_else(|| missing(path.clone(), scheme))?;
        let combo = match &entry.category_option_combo {
            None => None,
            Some(ids) => Some(ids.get(self.mapping.id_scheme).ok_or_else(|| {
                missing(
                    format!("{path}.category_option_combo"),
                    self.mapping.id_scheme,
                )
            })?),
        };
        let target = Target {
            entry,
            indicator: position,
        };
        if self.elements.insert((id, combo), target).is_some() {
            return Err(duplicate(
                format!("{id}.{}", combo.unwrap_or("default")),
                "mapping.data_elements".into(),
                path,
            ));
        }
        let key = (entry.indicator.as_str(), &entry.disaggregation, entry.part);
        if self.by_target.insert(key, entry).is_some() {
            return Err(duplicate(
                format!("{} {}", entry.indicator, entry.disaggregation),
                "mapping.data_elements".into(),
                format!("{path}.indicator"),
            ));
        }
        if let Some(uid) = entry.uid.as_deref() {
            self.element_uids.entry(uid).or_default().push(target);
        }
        Ok(())
    }

    /// Whether `combo` names the default category option combo.
    pub fn is_default_combo(&self, combo: Option<&str>) -> bool {
        match combo.map(str::trim) {
            None | Some("") => true,
            Some(c) => {
                DEFAULT_COMBOS.contains(&c) || self.mapping.default_combo.as_deref() == Some(c)
            }
        }
    }

    /// The target of a data element and combo (as the file names them).
    pub fn element(&self, element: &str, combo: Option<&str>) -> Option<Target<'m>> {
        let combo = if self.is_default_combo(combo) {
            None
        } else {
            combo
        };
        self.elements.get(&(element, combo)).copied()
    }

    /// Every entry of a data element, by uid (for rule expressions).
    pub fn element_by_uid(&self, uid: &str) -> &[Target<'m>] {
        self.element_uids.get(uid).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The target of a data element and combo by uids (rules).
    pub fn element_by_uids(&self, uid: &str, combo: Option<&str>) -> Option<Target<'m>> {
        let default = self.is_default_combo(combo);
        self.element_by_uid(uid).iter().copied().find(|t| {
            match (&t.entry.category_option_combo, default) {
                (None, true) => true,
                (Some(ids), false) => ids.uid.as_deref() == combo,
                _ => false,
            }
        })
    }

    /// The area of an organisation unit.
    pub fn area(&self, org_unit: &str) -> Option<&'m str> {
        self.org_units.get(org_unit).copied()
    }

    /// The attribute dimension and the category of a combo: `Ok(None)` for
    /// the default combo or when attributes are ignored, `Err(())` for a
    /// combo the mapping does not list.
    pub fn attribute(
        &self,
        combo: Option<&str>,
    ) -> std::result::Result<Option<(&'m str, &'m str)>, ()> {
        let Some(attribute) = &self.mapping.attribute_option_combo else {
            return Ok(None);
        };
        if self.is_default_combo(combo) {
            return Ok(None);
        }
        let combo = combo.unwrap_or_default();
        match self.attributes.get(combo) {
            Some(category) => Ok(Some((attribute.dimension.as_str(), category))),
            None => Err(()),
        }
    }

    /// The data element (and combo) ids of an indicator, breakdown and part.
    pub fn element_of(
        &self,
        indicator: &str,
        disaggregation: &Disaggregation,
        part: ValuePart,
    ) -> Option<(&'m str, Option<&'m str>)> {
        let entry = self.by_target.get(&(indicator, disaggregation, part))?;
        let element = id_of(&entry.uid, &entry.code, &entry.name, self.element_scheme())?;
        let combo = match &entry.category_option_combo {
            None => None,
            Some(ids) => Some(ids.get(self.mapping.id_scheme)?),
        };
        Some((element, combo))
    }

    /// The organisation unit id of an area.
    pub fn org_unit_of(&self, area: &str) -> Option<&'m str> {
        self.by_area.get(area).copied()
    }

    /// The attribute option combo id of a category of the attribute
    /// dimension.
    pub fn attribute_of(&self, category: &str) -> Option<&'m str> {
        self.by_category.get(category).copied()
    }
}
