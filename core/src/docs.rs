//! Guides that are part of the API documentation. Start with the
//! [tutorial].

#[doc = include_str!("../docs/tutorial.md")]
pub mod tutorial {}

#[doc = include_str!("../docs/contract.md")]
pub mod contract {}

#[doc = include_str!("../docs/rules.md")]
pub mod rules {}

#[doc = include_str!("../docs/methods.md")]
pub mod methods {}

#[doc = include_str!("../docs/scale-out.md")]
pub mod scale_out {}

#[doc = include_str!("../docs/areas.md")]
pub mod areas {}

#[doc = include_str!("../docs/exchange.md")]
pub mod exchange {}
