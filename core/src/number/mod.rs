//! Exact numbers and their display.

mod format;
mod rational;

pub use format::NumberFormat;
pub use rational::Rational;
