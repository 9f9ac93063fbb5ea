//! The units an allocation is made over, its method and its result.

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;
use crate::json_text::ToJson;
use crate::number::Rational;
use crate::text::Text;

/// One unit to allocate to (usually an area). In JSON, give `weight`, or
/// `target` and `achieved` to weigh the unit by its remaining gap
/// `max(0, target − achieved)` (for increase indicators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct AllocationUnit {
    /// The unit's code.
    pub code: String,
    /// Its weight (a remaining gap, a population…), ≥ 0.
    pub weight: Rational,
    /// The least it may get.
    #[serde(default, deserialize_with = "crate::number::u64_from_exact")]
    pub floor: u64,
    /// The most it may get.
    #[serde(
        default,
        deserialize_with = "crate::number::opt_u64_from_exact",
        skip_serializing_if = "Option::is_none"
    )]
    pub cap: Option<u64>,
}

crate::json_text::via_serde!(AllocationUnit);

/// A unit as written in JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitText {
    code: String,
    #[serde(default)]
    weight: Option<Rational>,
    #[serde(default)]
    target: Option<Rational>,
    #[serde(default)]
    achieved: Option<Rational>,
    #[serde(default, deserialize_with = "crate::number::u64_from_exact")]
    floor: u64,
    #[serde(default, deserialize_with = "crate::number::opt_u64_from_exact")]
    cap: Option<u64>,
}

impl<'de> Deserialize<'de> for AllocationUnit {
    fn deserialize<D: serde::Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<AllocationUnit, D::Error> {
        crate::error::deserialize_then::<D, UnitText, AllocationUnit>(d, "struct UnitText")
    }
}

impl TryFrom<UnitText> for AllocationUnit {
    type Error = String;

    fn try_from(unit: UnitText) -> std::result::Result<AllocationUnit, String> {
        // The kind travels through serde encoded, so it keeps its code and
        // both languages.
        let fail = |vi: String, en: String| {
            let e: serde_json::Error = ErrorKind::InvalidValue {
                detail: Text::new(vi, en),
            }
            .into_serde();
            e.to_string()
        };
        let weight = match (unit.weight, unit.target, unit.achieved) {
            (Some(weight), None, None) => weight,
            (None, Some(target), Some(achieved)) => target
                .checked_sub(achieved)
                .map(|gap| gap.max(Rational::ZERO))
                .ok_or_else(|| {
                    fail(
                        format!("khoảng cách của `{}` vượt quá phạm vi", unit.code),
                        format!("the gap of `{}` is out of range", unit.code),
                    )
                })?,
            _ => {
                return Err(fail(
                    format!(
                        "đơn vị `{}`: cho `weight`, hoặc cả `target` và `achieved` (khoảng cách còn lại là trọng số)",
                        unit.code
                    ),
                    format!(
                        "unit `{}`: give `weight`, or both `target` and `achieved` (its gap is the weight)",
                        unit.code
                    ),
                ));
            }
        };
        Ok(AllocationUnit {
            code: unit.code,
            weight,
            floor: unit.floor,
            cap: unit.cap,
        })
    }
}

/// An apportionment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ApportionMethod {
    /// Largest remainder (Hamilton, Hare quota).
    #[default]
    #[serde(alias = "hamilton")]
    LargestRemainder,
    /// D'Hondt (Jefferson): divisors 1, 2, 3…
    #[serde(alias = "jefferson")]
    Dhondt,
    /// Sainte-Laguë (Webster): divisors 1, 3, 5…
    #[serde(alias = "webster")]
    SainteLague,
    /// Huntington-Hill (equal proportions): divisors √(n(n+1)).
    HuntingtonHill,
}

impl ApportionMethod {
    /// The method's id.
    pub fn id(self) -> &'static str {
        match self {
            ApportionMethod::LargestRemainder => "largest-remainder",
            ApportionMethod::Dhondt => "dhondt",
            ApportionMethod::SainteLague => "sainte-lague",
            ApportionMethod::HuntingtonHill => "huntington-hill",
        }
    }
}

/// Options of an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocateOptions {
    /// The method (default `largest-remainder`).
    #[serde(default)]
    pub method: ApportionMethod,
}

impl AllocationUnit {
    /// A unit with a weight, no floor and no cap.
    pub fn new(code: impl Into<String>, weight: Rational) -> AllocationUnit {
        AllocationUnit {
            code: code.into(),
            weight,
            floor: 0,
            cap: None,
        }
    }
}

/// One unit's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Allocated {
    /// The unit's code.
    pub code: String,
    /// Its weight.
    pub weight: Rational,
    /// Its exact quota after floors and caps.
    pub quota: Rational,
    /// The integer it gets.
    #[serde(serialize_with = "crate::number::exact_u64")]
    pub allocated: u64,
}

/// The result of an allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Allocation {
    /// The total allocated.
    #[serde(serialize_with = "crate::number::exact_u64")]
    pub total: u64,
    /// The method's id (`largest-remainder`, `dhondt`, `sainte-lague`,
    /// `huntington-hill`).
    pub method: &'static str,
    /// The shares, in input order.
    pub allocations: Vec<Allocated>,
    /// Units tied at the boundary (equal fractional parts, or equal
    /// priorities for divisor methods), in the order the tie-break ranked
    /// them.
    pub ties: Vec<String>,
}
