//! DHIS2: data values in and out (`dataValueSets` JSON and CSV), and
//! validation rules converted into chitieu rules.
//!
//! DHIS2 identifies data elements, category option combos and
//! organisation units by uid, code or name; a [`Dhis2Mapping`] says which
//! chitieu indicator, breakdown and area each one is, and the id scheme
//! says which of the three identifiers the file uses. Values arrive as
//! text and are read through the indicator they map to: a count must be a
//! whole number, a ratio's numerator and denominator come as two values
//! and become one observation.
//!
//! ```
//! use chitieu::exchange::dhis2::{read_data_values, Dhis2Mapping, Dhis2Source};
//! use chitieu::model::InvalidData;
//!
//! let mapping: Dhis2Mapping = serde_json::from_str(r#"{
//!     "data_elements": [{"uid": "fbfJHSPpUQD", "indicator": "P8.CCG"}],
//!     "org_units": [{"uid": "ImspTQPwCqd", "area": "VN"}]}"#)?;
//! let source = Dhis2Source::Json(serde_json::from_str(r#"{"dataValues": [
//!     {"dataElement": "fbfJHSPpUQD", "period": "2023", "orgUnit": "ImspTQPwCqd",
//!      "value": "7623", "storedBy": "admin"}]}"#)?);
//! let base = chitieu::builtin::project8()?.framework_and_areas();
//! let imported = read_data_values(&base, &source, &mapping, InvalidData::Error)?;
//! let first = imported.data.observation(0).unwrap();
//! assert_eq!((first.indicator().as_str(), first.value()), ("P8.CCG", Some(7623.into())));
//! assert_eq!(imported.annotations[0].stored_by.as_deref(), Some("admin"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod mapping;
pub(crate) mod period;
mod rules;
mod values;

use serde::{Deserialize, Serialize};

use crate::area::AreaLevel;
use crate::json_text::ToJson;
use crate::model::Disaggregation;

pub use rules::{Dhis2Rules, NotConverted, convert_rules};
pub use values::{
    Annotation, DataValue, DataValueSet, Dhis2Export, Dhis2Import, Dhis2Source, ExportOptions,
    read_data_values, write_data_values,
};

/// Which identifier of a DHIS2 object a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum IdScheme {
    /// The 11-character uid (DHIS2's default).
    #[default]
    Uid,
    /// The object's code.
    Code,
    /// The object's name.
    Name,
}

/// A data element (and category option combo) and what it is in chitieu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct DataElementMap {
    /// The data element's uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The category option combo; absent for the default combo (a value
    /// with no combo, `default`, or the mapping's `default_combo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_option_combo: Option<Ids>,
    /// The chitieu indicator (or sub-measure) code.
    pub indicator: String,
    /// The breakdown the combo stands for; empty for the total.
    #[serde(default, skip_serializing_if = "Disaggregation::is_empty")]
    pub disaggregation: Disaggregation,
    /// Which part of the observation the value is (default `value`).
    #[serde(default)]
    pub part: ValuePart,
}

/// The identifiers of a DHIS2 object: any of uid, code and name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Ids {
    /// The uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// The code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Ids {
    /// The identifier of `scheme`, if given.
    pub fn get(&self, scheme: IdScheme) -> Option<&str> {
        match scheme {
            IdScheme::Uid => self.uid.as_deref(),
            IdScheme::Code => self.code.as_deref(),
            IdScheme::Name => self.name.as_deref(),
        }
    }
}

/// An organisation unit and the chitieu area it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitMap {
    /// The organisation unit's uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The chitieu area code.
    pub area: String,
}

/// An attribute option and the category it is in chitieu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct AttributeOptionMap {
    /// The attribute option combo's uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The category of the mapping's attribute dimension.
    pub category: String,
}

/// Attribute option combos read as one disaggregation dimension (e.g.
/// `funding`: `state`, `donor`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct AttributeMap {
    /// The dimension.
    pub dimension: String,
    /// Each non-default combo and its category; the default combo adds
    /// no category.
    pub options: Vec<AttributeOptionMap>,
}

/// Which part of an observation a DHIS2 value carries.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum ValuePart {
    /// The value (stock, cumulative and coverage indicators).
    #[default]
    Value,
    /// A ratio's numerator.
    Numerator,
    /// A ratio's denominator, or the areas counted for coverage.
    Denominator,
}

/// How DHIS2 objects map to chitieu's indicators and areas.
///
/// ```json
/// { "id_scheme": "uid",
///   "data_elements": [
///     {"uid": "fbfJHSPpUQD", "indicator": "P8.CCG"},
///     {"uid": "cYeuwXTCPkU", "category_option_combo": {"uid": "Prlt0C1RF0s"},
///      "indicator": "P8.LEADERS", "disaggregation": {"sex": "female"}}],
///   "org_units": [{"uid": "ImspTQPwCqd", "area": "VN"}],
///   "attribute_option_combo": {"dimension": "funding",
///      "options": [{"uid": "bRowv6yZOF2", "category": "donor"}]} }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Dhis2Mapping {
    /// The identifiers the file uses (default uid).
    #[serde(default)]
    pub id_scheme: IdScheme,
    /// For data elements, instead of `id_scheme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_element_id_scheme: Option<IdScheme>,
    /// For organisation units, instead of `id_scheme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit_id_scheme: Option<IdScheme>,
    /// The default category option combo's identifier in this DHIS2
    /// instance, besides `default` and DHIS2's usual `HllvX50cXC0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_combo: Option<String>,
    /// Data elements (with their combos).
    pub data_elements: Vec<DataElementMap>,
    /// Organisation units.
    pub org_units: Vec<OrgUnitMap>,
    /// Attribute option combos as a dimension; absent to ignore them
    /// (values that differ only by attribute are then duplicates, which the
    /// data check reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<AttributeMap>,
    /// DHIS2 organisation unit levels (1 = the country) and the chitieu
    /// level each is, for converted rules (default 1 country, 2 province,
    /// 3 district, 4 commune, 5 village).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelMap>,
}

crate::json_text::via_serde!(Dhis2Mapping);

/// A DHIS2 organisation unit level and the chitieu area level it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct LevelMap {
    /// The DHIS2 level (1 = the top).
    pub level: u32,
    /// The chitieu level.
    pub area_level: AreaLevel,
}

/// The format of a `dataValueSets` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum Dhis2Format {
    /// JSON: `{"dataValues": [...]}`.
    #[default]
    Json,
    /// CSV, columns by position: `dataelement, period, orgunit,
    /// catoptcombo, attroptcombo, value, storedby, lastupdated, comment,
    /// followup` (a header row is optional).
    Csv,
}
