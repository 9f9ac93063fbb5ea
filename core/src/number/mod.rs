//! Exact numbers and their display.

mod format;
mod rational;

pub use format::NumberFormat;
pub use rational::Rational;

/// Serde helper: writes a `u64` as the contract writes exact numbers — a
/// JSON number up to 2^53 − 1, a string beyond (where a JavaScript number
/// would round it).
pub fn exact_u64<S: serde::Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&Rational::from(*value), serializer)
}
