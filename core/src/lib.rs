//! # chitieu — indicators, targets and progress of a development programme
//!
//! *Chỉ tiêu* is Vietnamese for target, indicator. chitieu models the
//! indicators of a national target programme — programme → phases →
//! components → indicators, with targets, areas, periods, observations and
//! activities — and computes progress exactly: percent achieved, remaining
//! gap, next-year targets, pace, roll-ups and fair integer allocation.
//!
//! The same engine runs from Rust, from Python notebooks and in the
//! browser (WASM), through one JSON contract ([`evaluate`]); see the
//! [contract page](docs::contract).
//!
//! ## A first report
//!
//! ```
//! use chitieu::{builtin, progress::{progress, ProgressOptions}, Lang};
//!
//! let data = builtin::project8()?;
//! let checked = data.check()?;
//! let as_of = chitieu::period::parse_date("2023-12-31")?;
//! let report = progress(&checked, as_of, None, None, &ProgressOptions::default())?;
//! let ccg = &report.rows[0];
//! assert_eq!(ccg.display.achieved, "7.623");
//! assert_eq!(ccg.display.percent, "84,7%");
//! assert_eq!(ccg.remaining.unwrap().to_string(), "1377");
//! println!("{}", report.to_table(Lang::Vi));
//! # Ok::<(), chitieu::Error>(())
//! ```
//!
//! ## Exactness
//!
//! Counts are integers and every ratio is an exact [`Rational`]; rounding
//! happens only for display, half away from zero ([`NumberFormat`]).
//! `7623/9000` is exactly 84.7 %; `1132/1800` is 566/9 %, shown as 62,9 %.
//!
//! ## Layers
//!
//! Each module uses only those on its own line or below; no two files use
//! each other (checked by `core/tests/layers.rs` on every test run).
//!
//! ```text
//! contract                         the JSON contract: typed requests and results
//! area · progress · rules · html · xlsx   schemes and re-basing · progress math · validation · HTML, spreadsheets
//! io · builtin                     JSON, CSV and columns · the built-in data
//! model                            framework, areas, observations (private storage), activities
//! number · period · code           exact numbers and apportionment · periods · codes
//! error · text                     errors (and serde's error kinds) · bilingual text
//! ```
//!
//! ## Errors
//!
//! Bad input is an [`Error`] with a stable code ([`error::codes`]), the path
//! or CSV line of the problem, and a message in Vietnamese and English.
//! Paths are relative to the value a function was given; each caller
//! places them once with [`Error::under`]. Nothing panics on input and
//! nothing is dropped or changed silently.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod area;
pub mod builtin;
pub mod code;
pub mod contract;
pub mod docs;
pub mod error;
#[cfg(feature = "exchange")]
pub mod exchange;
pub mod html;
pub mod io;
mod json_text;
pub mod model;
pub mod number;
mod order;
mod parallel;
pub mod period;
pub mod progress;
pub mod rules;
pub mod text;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use area::{Area, AreaLevel, AreaTree, Classification};
pub use code::{AreaCode, ComponentCode, IndicatorCode, PhaseId, UnitCode};
pub use contract::{Request, evaluate};
pub use error::{Error, ErrorKind, Result};
pub use model::{
    Activity, Component, DataSet, Direction, Framework, Indicator, MeasureKind, Observation, Phase,
    Target,
};
pub use number::{NumberFormat, Rational};
pub use period::{Period, PeriodType};
pub use text::{Lang, Text};

/// The crate README's examples (what crates.io shows), run as doctests so
/// they cannot go stale. The repository README's are run by `chitieu-synth`,
/// which is not published: that file is not part of this crate.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
