//! Exact numbers, their display, and fair integer allocation
//! ([`apportion`]): arithmetic that the model and everything above it share.

#[cfg(feature = "methods")]
pub mod apportion;
mod format;
mod rational;

pub(crate) use format::in_both;
pub use format::{MAX_DECIMALS, NumberFormat, check_decimals};
pub use rational::Rational;

/// Serde helper: writes a `u64` as the contract writes exact numbers — a
/// JSON number up to 2^53 − 1, a string beyond (where a JavaScript number
/// would round it).
pub fn exact_u64<S: serde::Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&Rational::from(*value), serializer)
}

/// Serde helper: reads a `u64` written as a JSON integer or as an exact
/// string (`"18446744073709551615"`), since a JavaScript number cannot
/// carry integers beyond 2^53 − 1.
pub fn u64_from_exact<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    rational::deserialize_checked(deserializer, |value| {
        value
            .to_integer()
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| {
                crate::error::Error::new(crate::error::ErrorKind::InvalidValue {
                    detail: crate::text::Text::new(
                        format!("{value} không phải là số nguyên từ 0 đến 18446744073709551615"),
                        format!("{value} is not a whole number from 0 to 18446744073709551615"),
                    ),
                })
            })
    })
}

/// The same for an optional `u64`.
pub fn opt_u64_from_exact<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "u64_from_exact")] u64);
    let wrapped: Option<Wrapped> = serde::Deserialize::deserialize(deserializer)?;
    Ok(wrapped.map(|Wrapped(n)| n))
}
