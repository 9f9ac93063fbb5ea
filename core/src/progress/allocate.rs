//! Fair integer allocation of a total over areas: largest remainder
//! (Hamilton), with floors and caps.
//!
//! 1. **Quotas.** Each unit's exact quota is `total × weight / Σ weights`.
//!    A quota below its floor is fixed at the floor, one above its cap at
//!    the cap, and the rest of the total is shared again among the others
//!    (water-filling), until every quota is within its bounds. When every
//!    free weight is zero the rest is shared equally.
//! 2. **Integers.** Each unit gets the integer part of its quota; the units
//!    left over go one each to the largest fractional parts.
//! 3. **Ties** at the boundary are broken by larger weight, then by input
//!    order, and listed in the result, so the outcome is deterministic and
//!    explainable.
//!
//! The integers always sum exactly to the total. Hamilton's method has a
//! known paradox (Alabama): a larger total can give a unit fewer units.
//!
//! ```
//! use chitieu::progress::{allocate, AllocationUnit};
//! use chitieu::Rational;
//! let units = ["A", "B", "C"].iter().zip([1, 1, 1])
//!     .map(|(c, w)| AllocationUnit::new(*c, Rational::from(w)))
//!     .collect::<Vec<_>>();
//! let result = allocate(10, &units).unwrap();
//! let shares: Vec<u64> = result.allocations.iter().map(|a| a.allocated).collect();
//! assert_eq!(shares, vec![4, 3, 3]); // the tie goes to input order
//! assert_eq!(result.ties, vec!["A", "B", "C"]);
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::number::Rational;

/// One unit to allocate to (usually an area).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// The total allocated.
    #[serde(serialize_with = "crate::number::exact_u64")]
    pub total: u64,
    /// The method (`largest-remainder`).
    pub method: &'static str,
    /// The shares, in input order.
    pub allocations: Vec<Allocated>,
    /// Units whose fractional parts tied at the boundary, in the order the
    /// tie-break ranked them.
    pub ties: Vec<String>,
}

fn ovf<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(Error::overflow)
}

fn infeasible(detail: String) -> Error {
    Error::new(ErrorKind::InfeasibleAllocation { detail })
}

/// Splits `total` over `units` by largest remainder (see the module docs).
pub fn allocate(total: u64, units: &[AllocationUnit]) -> Result<Allocation> {
    let mut seen = HashSet::new();
    for (i, unit) in units.iter().enumerate() {
        if !seen.insert(unit.code.as_str()) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::AllocationUnit,
                key: unit.code.clone(),
                first: "an earlier unit".into(),
            })
            .at(format!("$.units[{i}].code")));
        }
        if unit.weight.is_negative() {
            return Err(Error::invalid(
                format!("$.units[{i}].weight"),
                format!("weight {} of `{}` is negative", unit.weight, unit.code),
            ));
        }
        if unit.cap.is_some_and(|c| c < unit.floor) {
            return Err(
                infeasible(format!("`{}` has a cap below its floor", unit.code))
                    .at(format!("$.units[{i}].cap")),
            );
        }
    }
    if units.is_empty() {
        return Err(Error::invalid("$.units", "nothing to allocate to"));
    }
    let floors: u128 = units.iter().map(|u| u128::from(u.floor)).sum();
    if floors > u128::from(total) {
        return Err(infeasible(format!(
            "the floors add up to {floors}, more than the total {total}"
        ))
        .at("$.total"));
    }
    if units.iter().all(|u| u.cap.is_some()) {
        let caps: u128 = units.iter().filter_map(|u| u.cap).map(u128::from).sum();
        if caps < u128::from(total) {
            return Err(infeasible(format!(
                "the caps add up to {caps}, less than the total {total}"
            ))
            .at("$.total"));
        }
    }
    let quotas = quotas(total, units)?;
    // Integer parts, then the leftover to the largest fractions.
    let mut allocated: Vec<u64> = Vec::with_capacity(units.len());
    for q in &quotas {
        allocated.push(u64::try_from(q.floor()).map_err(|_| Error::overflow())?);
    }
    let given: u128 = allocated.iter().map(|&a| u128::from(a)).sum();
    let leftover =
        usize::try_from(u128::from(total).saturating_sub(given)).map_err(|_| Error::overflow())?;
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&i| quotas.get(i).is_some_and(|q| !q.fract().is_zero()))
        .collect();
    let fract = |i: usize| quotas.get(i).map(|q| q.fract()).unwrap_or(Rational::ZERO);
    let weight = |i: usize| units.get(i).map(|u| u.weight).unwrap_or(Rational::ZERO);
    order.sort_by(|&a, &b| {
        fract(b)
            .cmp(&fract(a))
            .then_with(|| weight(b).cmp(&weight(a)))
            .then_with(|| a.cmp(&b))
    });
    if order.len() < leftover {
        return Err(infeasible(
            "the fractional parts cannot place every unit".into(),
        ));
    }
    for &i in order.iter().take(leftover) {
        if let Some(a) = allocated.get_mut(i) {
            *a = a.saturating_add(1);
        }
    }
    let mut ties = Vec::new();
    if leftover > 0
        && let (Some(&last_in), Some(&first_out)) = (order.get(leftover - 1), order.get(leftover))
        && fract(last_in) == fract(first_out)
    {
        let boundary = fract(last_in);
        ties = order
            .iter()
            .filter(|&&i| fract(i) == boundary)
            .filter_map(|&i| units.get(i).map(|u| u.code.clone()))
            .collect();
    }
    let allocations = units
        .iter()
        .zip(quotas)
        .zip(allocated)
        .map(|((unit, quota), allocated)| Allocated {
            code: unit.code.clone(),
            weight: unit.weight,
            quota,
            allocated,
        })
        .collect();
    Ok(Allocation {
        total,
        method: "largest-remainder",
        allocations,
        ties,
    })
}

/// Exact quotas within floors and caps, by water-filling.
fn quotas(total: u64, units: &[AllocationUnit]) -> Result<Vec<Rational>> {
    let n = units.len();
    let mut fixed: Vec<Option<Rational>> = vec![None; n];
    loop {
        let fixed_sum = Rational::sum(fixed.iter().flatten().copied())?;
        let rest = ovf(Rational::from(total).checked_sub(fixed_sum))?;
        let free: Vec<usize> = (0..n)
            .filter(|&i| fixed.get(i).is_some_and(Option::is_none))
            .collect();
        if free.is_empty() {
            if !rest.is_zero() {
                return Err(infeasible(
                    "floors and caps leave no unit free to take the rest".into(),
                ));
            }
            break;
        }
        let weights = Rational::sum(free.iter().filter_map(|&i| units.get(i).map(|u| u.weight)))?;
        let count = Rational::from(free.len() as u64);
        let mut proposal = Vec::with_capacity(free.len());
        for &i in &free {
            let w = units.get(i).map(|u| u.weight).unwrap_or(Rational::ZERO);
            let q = if weights.is_zero() {
                ovf(rest.checked_div(count))?
            } else {
                ovf(rest.checked_mul(w).and_then(|x| x.checked_div(weights)))?
            };
            proposal.push((i, q));
        }
        let below: Vec<(usize, Rational)> = proposal
            .iter()
            .filter_map(|&(i, q)| {
                let floor = Rational::from(units.get(i)?.floor);
                (q < floor).then_some((i, floor))
            })
            .collect();
        let above: Vec<(usize, Rational)> = proposal
            .iter()
            .filter_map(|&(i, q)| {
                let cap = Rational::from(units.get(i)?.cap?);
                (q > cap).then_some((i, cap))
            })
            .collect();
        let to_fix = if !below.is_empty() { below } else { above };
        if to_fix.is_empty() {
            for (i, q) in proposal {
                if let Some(slot) = fixed.get_mut(i) {
                    *slot = Some(q);
                }
            }
            break;
        }
        for (i, bound) in to_fix {
            if let Some(slot) = fixed.get_mut(i) {
                *slot = Some(bound);
            }
        }
    }
    Ok(fixed
        .into_iter()
        .map(|q| q.unwrap_or(Rational::ZERO))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, w: i128) -> AllocationUnit {
        AllocationUnit::new(code, Rational::from(w))
    }

    fn shares(total: u64, units: &[AllocationUnit]) -> Vec<u64> {
        allocate(total, units)
            .unwrap()
            .allocations
            .iter()
            .map(|a| a.allocated)
            .collect()
    }

    #[test]
    fn sums_exactly_and_follows_weights() {
        let units = [unit("a", 5), unit("b", 3), unit("c", 2)];
        assert_eq!(shares(1377, &units), vec![689, 413, 275]);
        assert_eq!(shares(1377, &units).iter().sum::<u64>(), 1377);
    }

    #[test]
    fn floors_and_caps_hold() {
        let mut units = vec![unit("a", 98), unit("b", 1), unit("c", 1)];
        units[1].floor = 10;
        units[0].cap = Some(60);
        let got = shares(100, &units);
        assert_eq!(got.iter().sum::<u64>(), 100);
        assert_eq!(got[0], 60);
        assert!(got[1] >= 10);
    }

    #[test]
    fn infeasible_bounds_are_errors() {
        let mut units = vec![unit("a", 1)];
        units[0].floor = 5;
        assert_eq!(
            allocate(3, &units).unwrap_err().code(),
            "infeasible-allocation"
        );
        units[0].floor = 0;
        units[0].cap = Some(2);
        assert_eq!(
            allocate(3, &units).unwrap_err().code(),
            "infeasible-allocation"
        );
    }

    #[test]
    fn alabama_paradox_is_real() {
        // Classic example: with 10 seats C gets 2; with 11 seats only 1.
        let units = [unit("A", 6), unit("B", 6), unit("C", 2)];
        assert_eq!(shares(10, &units), vec![4, 4, 2]);
        assert_eq!(shares(11, &units), vec![5, 5, 1]);
    }
}
