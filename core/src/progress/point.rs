//! A value at a period: what a series, a target and a baseline are made of
//! (the trend methods and expected-to-date targets share it).

use serde::{Deserialize, Serialize};

use crate::json_text::{FromJson, ToJson};
use crate::number::Rational;
use crate::period::Period;

/// One value of a series, at a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// The period (day, month, quarter, half-year or year).
    pub period: Period,
    /// The value.
    pub value: Rational,
}
