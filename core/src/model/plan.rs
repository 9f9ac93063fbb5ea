//! Plans: an area's annual plan and budget estimate, with its approval
//! deadline (deadlines are data: the regulations set them per level).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::AreaCode;
use crate::json_text::{FromJson, ToJson};
use crate::period::Period;

/// An area's plan for a period, and when it was (or must be) approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// An identifier, unique in the data set.
    pub id: String,
    /// The area whose plan it is.
    pub area: AreaCode,
    /// The period planned (usually a year).
    pub period: Period,
    /// The last day it may be approved.
    #[serde(with = "crate::period::iso_date")]
    pub deadline: NaiveDate,
    /// When it was approved; `None` while it is not.
    #[serde(
        default,
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub approved: Option<NaiveDate>,
}
