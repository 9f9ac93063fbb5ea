//! Observations: one reported value of an indicator for an area and period.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::code::{AreaCode, IndicatorCode};
use crate::error::{CodeKind, ErrorKind};
use crate::json_text::{FromJson, ToJson};
use crate::number::Rational;
use crate::period::Period;
use crate::text::Lang;

/// The categories a value is broken down by: dimension → category, e.g.
/// `{"sex": "female", "ethnicity": "hmong"}`. Empty for a total.
///
/// Common dimensions are `sex`, `ethnicity` and `age-group`; any other name
/// is allowed. Names and categories are kept in Unicode NFC, so the same
/// name typed precomposed or decomposed is one dimension; a dimension named
/// twice (in either form) is an error, not a silent overwrite.
// Sorted by dimension, each once: a vector, not a `BTreeMap`, because a
// breakdown has a handful of dimensions and the map's code for these
// pairs was 5 KB of the browser's core module. Ordered and compared as
// the map was (pair by pair).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Disaggregation(Vec<(String, String)>);

crate::json_text::via_serde!(Disaggregation);

/// Written as the derived `Debug` of a map inside would write it.
///
/// ```
/// let mut breakdown = chitieu::model::Disaggregation::total();
/// breakdown.insert("sex".into(), "female".into());
/// assert_eq!(format!("{breakdown:?}"), r#"Disaggregation({"sex": "female"})"#);
/// ```
impl fmt::Debug for Disaggregation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Map<'a>(&'a Disaggregation);
        impl fmt::Debug for Map<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map().entries(self.0.iter()).finish()
            }
        }
        f.debug_tuple("Disaggregation").field(&Map(self)).finish()
    }
}

impl Serialize for Disaggregation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl ToJson for Disaggregation {
    fn write_json(&self, w: &mut crate::json_text::Writer) {
        w.begin_object();
        for (dimension, category) in self.iter() {
            w.key(dimension);
            w.string(category);
        }
        w.end_object();
    }
}

impl Disaggregation {
    /// No breakdown: the total.
    pub fn total() -> Disaggregation {
        Disaggregation::default()
    }

    /// Whether this is the total.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The category for `dimension` (in either Unicode form).
    pub fn get(&self, dimension: &str) -> Option<&str> {
        let find = |name: &str| {
            let at = self
                .0
                .binary_search_by(|(d, _)| d.as_str().cmp(name))
                .ok()?;
            self.0.get(at).map(|(_, category)| category.as_str())
        };
        find(dimension).or_else(|| find(&crate::text::nfc(dimension.to_string())))
    }

    /// Adds a category; `false` (and no change) if the dimension is there.
    /// Both are stored in NFC ([`crate::text::nfc`]): `giới tính` typed
    /// precomposed or decomposed is one dimension.
    pub fn insert(&mut self, dimension: String, category: String) -> bool {
        let dimension = crate::text::nfc(dimension);
        match self.0.binary_search_by(|(d, _)| d.cmp(&dimension)) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, (dimension, crate::text::nfc(category)));
                true
            }
        }
    }

    /// The dimensions and categories, sorted by dimension.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl fmt::Display for Disaggregation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&parts.join(","))
    }
}

impl<'de> Deserialize<'de> for Disaggregation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Disaggregation, D::Error> {
        struct Strict;
        impl<'de> Visitor<'de> for Strict {
            type Value = Disaggregation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of dimension → category strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Disaggregation, A::Error> {
                let mut out = Disaggregation::default();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    if k.trim().is_empty() || v.trim().is_empty() {
                        return Err(crate::error::ErrorKind::into_serde(
                            ErrorKind::InvalidCode {
                                value: if k.trim().is_empty() { k } else { v },
                            },
                        ));
                    }
                    if !out.insert(k.clone(), v) {
                        return Err(crate::error::ErrorKind::into_serde(
                            ErrorKind::DuplicateKey {
                                kind: CodeKind::Dimension,
                                key: crate::text::nfc(k),
                                first: "the same object".into(),
                            },
                        ));
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(Strict)
    }
}

/// A qualifier of a reported figure, as written in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// "trên", "hơn": more than the figure.
    MoreThan,
    /// "gần": nearly the figure.
    Nearly,
    /// "khoảng": about the figure.
    About,
    /// "ít nhất": at least the figure.
    AtLeast,
}

impl Qualifier {
    /// The word placed before the figure, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Qualifier::MoreThan, Lang::Vi) => "trên",
            (Qualifier::MoreThan, Lang::En) => "more than",
            (Qualifier::Nearly, Lang::Vi) => "gần",
            (Qualifier::Nearly, Lang::En) => "nearly",
            (Qualifier::About, Lang::Vi) => "khoảng",
            (Qualifier::About, Lang::En) => "about",
            (Qualifier::AtLeast, Lang::Vi) => "ít nhất",
            (Qualifier::AtLeast, Lang::En) => "at least",
        }
    }
}

/// Where an observation stands in the reporting workflow (ordered: a merged
/// figure is only as far along as its least advanced part).
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
#[non_exhaustive]
pub enum ObservationStatus {
    /// Entered, not yet sent.
    Draft,
    /// Sent by the reporting unit.
    #[default]
    Submitted,
    /// Checked and approved by the level above.
    Approved,
}

crate::json_text::via_serde!(ObservationStatus);

/// One reported value: indicator × area × period (× disaggregation).
///
/// Stock and cumulative indicators carry a `value`. Ratio indicators carry
/// `numerator` and `denominator` (the value follows from them). Coverage
/// indicators carry the number of areas meeting the condition as `value`
/// and, optionally, the number of areas counted as `denominator`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The indicator or sub-measure.
    pub indicator: IndicatorCode,
    /// The area reported on.
    pub area: AreaCode,
    /// The period reported on.
    pub period: Period,
    /// The breakdown; empty for the total.
    #[serde(default, skip_serializing_if = "Disaggregation::is_empty")]
    pub disaggregation: Disaggregation,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Rational>,
    /// The numerator (ratio indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<Rational>,
    /// The denominator (ratio indicators; areas counted for coverage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<Rational>,
    /// "more than", "nearly"…, when the report qualifies the figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Where the figure comes from (a report, a document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Workflow status.
    #[serde(default)]
    pub status: ObservationStatus,
}
