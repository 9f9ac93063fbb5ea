//! Areas over time: area schemes ([`SchemeSet`]) down to the communes
//! ([`communes`]), crosswalks and re-basing
//! ([`rebase`]), robust name matching ([`names`]), and classifications by
//! dated list decisions ([`classified_on`]). The hierarchy of one data set
//! ([`AreaTree`]) belongs to the model and is re-exported here.

pub mod communes;
mod crosswalk;
pub mod names;
mod rebase;
mod scheme;

pub use crate::model::area::{Area, AreaLevel, AreaTree, Classification};
pub use crate::model::classification::{ClassificationList, classified_on};
pub use crosswalk::{Crosswalk, Divided, Link};
pub use rebase::{Rebased, Unmapped, rebase};
pub use scheme::{AreaKind, AreaScheme, ResolvedArea, SchemeArea, SchemeSet};
