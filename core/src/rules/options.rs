//! What a validation run is asked to do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::json_text::{FromJson, ToJson};
use crate::model::ModelType;
use crate::model::area::Classification;
use crate::number::Rational;
use crate::order;
use crate::rules::rule::Severity;
use crate::rules::user::UserRuleDef;

/// Options of a validation run; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default, deny_unknown_fields)]
pub struct ValidateOptions {
    /// Rule ids switched off.
    pub disabled: Vec<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// A stock falling by more than this percent between two reports is
    /// flagged (default 20).
    pub stock_drop_percent: Rational,
    /// The classifications an area needs for each model (any one of them).
    /// Default: a community communication group needs an especially
    /// difficult village.
    pub eligibility: BTreeMap<ModelType, Vec<Classification>>,
    /// User-defined rules.
    pub rules: Vec<UserRuleDef>,
}

impl Default for ValidateOptions {
    fn default() -> ValidateOptions {
        ValidateOptions {
            disabled: Vec::new(),
            severity: BTreeMap::new(),
            stock_drop_percent: Rational::from(20),
            // Inserted, not `BTreeMap::from`, which would link a sort of
            // its array for this one entry.
            eligibility: order::map_of([(
                ModelType::CommunityCommunicationGroup,
                vec![Classification::EspeciallyDifficultVillage],
            )]),
            rules: Vec::new(),
        }
    }
}

impl ValidateOptions {
    /// The classifications `model` needs, if any.
    pub fn eligibility_of(&self, model: ModelType) -> Option<&Vec<Classification>> {
        self.eligibility.get(&model)
    }
}
