//! Areas over time: area schemes ([`SchemeSet`]) down to the communes
//! ([`communes`]), crosswalks and re-basing
//! ([`rebase`]), robust name matching ([`names`]), and classifications by
//! dated list decisions ([`classified_on`]). The hierarchy of one data set
//! ([`AreaTree`]) belongs to the model and is re-exported here.

#[cfg(feature = "areas")]
pub mod communes;
#[cfg(feature = "areas")]
mod crosswalk;
#[cfg(feature = "areas")]
pub mod names;
#[cfg(feature = "areas")]
mod rebase;
#[cfg(feature = "areas")]
mod scheme;

pub use crate::model::area::{Area, AreaLevel, AreaTree, Classification};
pub use crate::model::classification::{ClassificationList, classified_on};
#[cfg(feature = "areas")]
pub use crosswalk::{Crosswalk, Divided, Link};
#[cfg(feature = "areas")]
pub use rebase::{Rebased, Unmapped, rebase};
#[cfg(feature = "areas")]
pub use scheme::{AreaKind, AreaScheme, ResolvedArea, SchemeArea, SchemeSet};
