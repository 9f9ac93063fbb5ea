//! Areas over time: area schemes ([`SchemeSet`]) down to the communes
//! ([`communes`]), resolving codes and names against them through look-up
//! tables built once ([`IndexedSchemes`], [`Resolver`]), crosswalks and
//! re-basing ([`rebase`]), robust name matching ([`names`]), and classifications by
//! dated list decisions ([`classified_on`]). The hierarchy of one data set
//! ([`AreaTree`]) belongs to the model and is re-exported here.

#[cfg(feature = "areas")]
pub mod communes;
#[cfg(feature = "areas")]
mod crosswalk;
#[cfg(feature = "areas")]
mod lookup;
#[cfg(feature = "areas")]
pub mod names;
#[cfg(feature = "areas")]
mod rebase;
#[cfg(feature = "areas")]
mod resolve;
#[cfg(feature = "areas")]
mod scheme;

pub use crate::model::area::{Area, AreaLevel, AreaTree, Classification};
pub use crate::model::classification::{ClassificationList, classified_on};
#[cfg(feature = "areas")]
pub use crosswalk::{Crosswalk, Divided, Link};
#[cfg(feature = "areas")]
pub(crate) use lookup::SetTables;
#[cfg(feature = "areas")]
pub use lookup::{IndexedSchemes, Resolver};
#[cfg(feature = "areas")]
pub use rebase::{Rebased, Unmapped, rebase};
#[cfg(feature = "areas")]
pub(crate) use rebase::{check_link_areas, ends, rebase_in};
#[cfg(feature = "areas")]
pub use scheme::{AreaKind, AreaScheme, ResolvedArea, SchemeArea, SchemeSet};
