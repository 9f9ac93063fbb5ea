//! The built-in rules, one file per category.

pub(crate) mod completeness;
pub(crate) mod consistency;
pub(crate) mod eligibility;
pub(crate) mod legal;
pub(crate) mod plan;
pub(crate) mod reporting;
pub(crate) mod user;
pub(crate) mod values;
