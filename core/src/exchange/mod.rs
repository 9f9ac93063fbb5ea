//! Exchange with the systems around a programme office: DHIS2, where
//! ministries' routine reports live, and IATI, where donors publish
//! results.
//!
//! - [`dhis2`]: `dataValueSets` in JSON and CSV read into a data set and
//!   written back (or rolled up to chosen levels), and DHIS2 validation
//!   rules converted into chitieu rules.
//! - [`iati`]: an IATI 2.03 activity file with the programme's results.

pub mod dhis2;
pub mod iati;
mod xml;
