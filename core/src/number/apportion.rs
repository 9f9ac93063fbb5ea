//! Fair integer allocation of a total over areas (apportionment), with
//! floors and caps: largest remainder (Hamilton, the default), and the
//! divisor methods D'Hondt (Jefferson), Sainte-Laguë (Webster) and
//! Huntington-Hill. Weights may be given directly or as each unit's
//! remaining gap (`target` − `achieved`), to allocate only what is left.
//!
//! **Largest remainder:**
//!
//! 1. **Quotas.** Each unit's exact quota is `total × weight / Σ weights`
//!    when no bound binds. With floors and caps, every quota is
//!    `clamp(λ × weight, floor, cap)` for the one scale `λ` that makes them
//!    add up to the total (found exactly). What units with a weight cannot
//!    take (all capped) is shared equally among zero-weight units.
//! 2. **Integers.** Each unit gets the integer part of its quota; the units
//!    left over go one each to the largest fractional parts.
//! 3. **Ties** at the boundary are broken by larger weight, then by input
//!    order, and listed in the result, so the outcome is deterministic and
//!    explainable.
//!
//! **Divisor methods** hand out the units one at a time (after the floors)
//! to the unit with the highest priority `weight ÷ divisor(n)`, `n` being
//! what it already has: D'Hondt `n + 1`, Sainte-Laguë `2n + 1`,
//! Huntington-Hill `√(n(n + 1))` (so every unit with a weight gets one
//! before any gets two). Units at their cap are passed over. Priorities are
//! compared exactly (Huntington-Hill by their squares). Ties go to the
//! larger weight, then input order, and are listed. Divisor methods walk
//! unit by unit, so they take at most 10,000,000 units above the floors.
//!
//! The integers always sum exactly to the total. Known behaviours:
//! Hamilton's method has the Alabama paradox (a larger total can give a
//! unit fewer units); divisor methods never do (they are house-monotone)
//! but can stray from the quota by more than one unit; D'Hondt favours
//! large units, Huntington-Hill small ones, Sainte-Laguë neither.
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

use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::number::Rational;

mod divisor;
mod unit;

pub use unit::{AllocateOptions, Allocated, Allocation, AllocationUnit, ApportionMethod};

fn ovf<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(Error::overflow)
}

fn infeasible(detail: impl Into<crate::text::Text>) -> Error {
    Error::new(ErrorKind::InfeasibleAllocation {
        detail: detail.into(),
    })
}

/// Splits `total` over `units` by largest remainder (see the module docs):
/// whole shares that add up exactly to `total`.
///
/// ```
/// use chitieu::progress::{allocate, AllocationUnit};
/// use chitieu::Rational;
///
/// // 2024's 1.377 groups, in proportion to three provinces' remaining gaps.
/// let units = [("HG", 300), ("LC", 300), ("YB", 100)]
///     .map(|(code, gap)| AllocationUnit::new(code, Rational::from(gap)));
/// let shares: Vec<u64> = allocate(1377, &units)?.allocations.iter().map(|a| a.allocated).collect();
/// assert_eq!(shares, [590, 590, 197]);
///
/// let error = allocate(10, &[AllocationUnit::new("A", Rational::from(-1))]).unwrap_err();
/// assert_eq!(error.path(), "units[0].weight");
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn allocate(total: u64, units: &[AllocationUnit]) -> Result<Allocation> {
    apportion(total, units, ApportionMethod::LargestRemainder)
}

/// Splits `total` over `units` by `method` (see the module docs).
///
/// ```
/// use chitieu::progress::{apportion, AllocationUnit, ApportionMethod};
/// use chitieu::Rational;
///
/// let units = [("A", 53), ("B", 24), ("C", 23)].map(|(c, w)| AllocationUnit::new(c, Rational::from(w)));
/// let seats = |method| -> chitieu::Result<Vec<u64>> {
///     Ok(apportion(7, &units, method)?.allocations.iter().map(|a| a.allocated).collect())
/// };
/// assert_eq!(seats(ApportionMethod::Dhondt)?, [4, 2, 1]);
/// assert_eq!(seats(ApportionMethod::SainteLague)?, [3, 2, 2]);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn apportion(
    total: u64,
    units: &[AllocationUnit],
    method: ApportionMethod,
) -> Result<Allocation> {
    check_units(units)?;
    check_bounds(total, units)?;
    let quotas = quotas(total, units)?;
    let (allocated, ties) = if method == ApportionMethod::LargestRemainder {
        largest_remainder(total, units, &quotas)?
    } else {
        divisor::apportion(total, units, method)?
    };
    let allocations = rows(units, quotas, allocated);
    Ok(Allocation {
        total,
        method: method.id(),
        allocations,
        ties,
    })
}

/// Refuses units no allocation can serve: a code given twice, a negative
/// weight, a cap below the floor, or no unit at all.
fn check_units(units: &[AllocationUnit]) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, unit) in units.iter().enumerate() {
        if !seen.insert(unit.code.as_str()) {
            return Err(Error::new(ErrorKind::DuplicateKey {
                kind: CodeKind::AllocationUnit,
                key: unit.code.clone(),
                first: "an earlier unit".into(),
            })
            .at(format!("units[{i}].code")));
        }
        if unit.weight.is_negative() {
            return Err(Error::invalid(
                format!("units[{i}].weight"),
                (
                    format!("trọng số {} của `{}` là số âm", unit.weight, unit.code),
                    format!("weight {} of `{}` is negative", unit.weight, unit.code),
                ),
            ));
        }
        if unit.cap.is_some_and(|c| c < unit.floor) {
            return Err(infeasible((
                format!("`{}` có mức trần thấp hơn mức sàn", unit.code),
                format!("`{}` has a cap below its floor", unit.code),
            ))
            .at(format!("units[{i}].cap")));
        }
    }
    if units.is_empty() {
        return Err(Error::invalid(
            "units",
            ("không có đơn vị nào để phân bổ", "nothing to allocate to"),
        ));
    }
    Ok(())
}

/// Refuses a total the floors already exceed, or that caps on every unit
/// cannot reach.
fn check_bounds(total: u64, units: &[AllocationUnit]) -> Result<()> {
    let floors: u128 = units.iter().map(|u| u128::from(u.floor)).sum();
    if floors > u128::from(total) {
        return Err(infeasible((
            format!("tổng các mức sàn là {floors}, lớn hơn tổng {total}"),
            format!("the floors add up to {floors}, more than the total {total}"),
        ))
        .at("total"));
    }
    if units.iter().all(|u| u.cap.is_some()) {
        let caps: u128 = units.iter().filter_map(|u| u.cap).map(u128::from).sum();
        if caps < u128::from(total) {
            return Err(infeasible((
                format!("tổng các mức trần là {caps}, nhỏ hơn tổng {total}"),
                format!("the caps add up to {caps}, less than the total {total}"),
            ))
            .at("total"));
        }
    }
    Ok(())
}

/// Largest remainder on the exact quotas: each unit's integer part, and
/// the whole units left over one each to the largest fractional parts;
/// with the units tied at the boundary.
fn largest_remainder(
    total: u64,
    units: &[AllocationUnit],
    quotas: &[Rational],
) -> Result<(Vec<u64>, Vec<String>)> {
    // Integer parts, then the leftover to the largest fractions.
    let mut allocated: Vec<u64> = Vec::with_capacity(units.len());
    for q in quotas {
        allocated.push(u64::try_from(q.floor()).map_err(|_| Error::overflow())?);
    }
    let given: u128 = allocated.iter().map(|&a| u128::from(a)).sum();
    let leftover =
        usize::try_from(u128::from(total).saturating_sub(given)).map_err(|_| Error::overflow())?;
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&i| quotas.get(i).is_some_and(|q| !q.fract().is_zero()))
        .collect();
    let fract = |i: usize| fractional_part(quotas, i);
    let weight = |i: usize| units.get(i).map(|u| u.weight).unwrap_or(Rational::ZERO);
    crate::order::sort_by(&mut order, |&a, &b| {
        fract(b)
            .cmp(&fract(a))
            .then_with(|| weight(b).cmp(&weight(a)))
            .then_with(|| a.cmp(&b))
    });
    if order.len() < leftover {
        return Err(infeasible((
            "phần lẻ không đủ để phân bổ hết các đơn vị",
            "the fractional parts cannot place every unit",
        )));
    }
    for &i in order.iter().take(leftover) {
        if let Some(a) = allocated.get_mut(i) {
            *a = a.saturating_add(1);
        }
    }
    let ties = boundary_ties(units, quotas, &order, leftover);
    Ok((allocated, ties))
}

/// Unit `i`'s fractional part of its quota, which orders the leftover.
fn fractional_part(quotas: &[Rational], i: usize) -> Rational {
    quotas.get(i).map(|q| q.fract()).unwrap_or(Rational::ZERO)
}

/// The units sharing the fractional part of the last unit given a
/// leftover, when the first left without one shares it too: only the
/// tie-break told them apart, so the result lists them.
fn boundary_ties(
    units: &[AllocationUnit],
    quotas: &[Rational],
    order: &[usize],
    leftover: usize,
) -> Vec<String> {
    let fract = |i: usize| fractional_part(quotas, i);
    if leftover > 0
        && let (Some(&last_in), Some(&first_out)) = (order.get(leftover - 1), order.get(leftover))
        && fract(last_in) == fract(first_out)
    {
        let boundary = fract(last_in);
        return order
            .iter()
            .filter(|&&i| fract(i) == boundary)
            .filter_map(|&i| units.get(i).map(|u| u.code.clone()))
            .collect();
    }
    Vec::new()
}

/// Each unit with its quota and integer share.
fn rows(units: &[AllocationUnit], quotas: Vec<Rational>, allocated: Vec<u64>) -> Vec<Allocated> {
    units
        .iter()
        .zip(quotas)
        .zip(allocated)
        .map(|((unit, quota), allocated)| Allocated {
            code: unit.code.clone(),
            weight: unit.weight,
            quota,
            allocated,
        })
        .collect()
}

/// Exact quotas within floors and caps: `qᵢ = clamp(λ·wᵢ, floorᵢ, capᵢ)`
/// with the one scale `λ` that makes them add up to the total. `f(λ) =
/// Σ clamp(λ·wᵢ, …)` is piecewise linear and non-decreasing, so `λ` is found
/// exactly between two of its breakpoints. Whatever the weighted units
/// cannot take (all at their caps) is shared equally among the zero-weight
/// units, the same way.
fn quotas(total: u64, units: &[AllocationUnit]) -> Result<Vec<Rational>> {
    let weighted: Vec<usize> = (0..units.len())
        .filter(|&i| units.get(i).is_some_and(|u| !u.weight.is_zero()))
        .collect();
    let unweighted: Vec<usize> = (0..units.len())
        .filter(|&i| units.get(i).is_some_and(|u| u.weight.is_zero()))
        .collect();
    let mut out = vec![Rational::ZERO; units.len()];
    let rest = |members: &[usize]| -> Rational {
        members
            .iter()
            .filter_map(|&i| units.get(i))
            .map(|u| Rational::from(u.floor))
            .fold(Rational::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
    };
    let total_r = Rational::from(total);
    let weighted_room = weighted
        .iter()
        .map(|&i| units.get(i).and_then(|u| u.cap))
        .try_fold(Rational::ZERO, |acc, cap| {
            cap.and_then(|c| acc.checked_add(Rational::from(c)))
        });
    // What the weighted units take: all of it, unless their caps stop them.
    let for_weighted = match weighted_room {
        Some(room) if !weighted.is_empty() => {
            let wanted = ovf(total_r.checked_sub(rest(&unweighted)))?;
            wanted.min(room)
        }
        _ if weighted.is_empty() => Rational::ZERO,
        _ => ovf(total_r.checked_sub(rest(&unweighted)))?,
    };
    if !weighted.is_empty() {
        scale(units, &weighted, for_weighted, |u| u.weight, &mut out)?;
    }
    if !unweighted.is_empty() {
        let left = ovf(total_r.checked_sub(for_weighted))?;
        scale(units, &unweighted, left, |_| Rational::ONE, &mut out)?;
    } else if for_weighted != total_r {
        return Err(infeasible((
            "mức sàn và mức trần không để đơn vị nào nhận phần còn lại",
            "floors and caps leave no unit free to take the rest",
        )));
    }
    Ok(out)
}

/// Sets `out[i] = clamp(λ·weight(i), floor, cap)` for the members, with `λ`
/// such that they add up to `amount`.
fn scale(
    units: &[AllocationUnit],
    members: &[usize],
    amount: Rational,
    weight: impl Fn(&AllocationUnit) -> Rational,
    out: &mut [Rational],
) -> Result<()> {
    let parts: Vec<(Rational, Rational, Option<Rational>)> = members
        .iter()
        .filter_map(|&i| units.get(i))
        .map(|u| {
            (
                weight(u),
                Rational::from(u.floor),
                u.cap.map(Rational::from),
            )
        })
        .collect();
    let clamp = |lambda: Rational, (w, lo, hi): (Rational, Rational, Option<Rational>)| {
        ovf(lambda.checked_mul(w)).map(|q| {
            let q = q.max(lo);
            hi.map_or(q, |hi| q.min(hi))
        })
    };
    let at = |lambda: Rational| -> Result<Rational> {
        let mut sum = Rational::ZERO;
        for &part in &parts {
            sum = ovf(sum.checked_add(clamp(lambda, part)?))?;
        }
        Ok(sum)
    };
    let mut breaks = vec![Rational::ZERO];
    for &(w, lo, hi) in &parts {
        breaks.push(ovf(lo.checked_div(w))?);
        if let Some(hi) = hi {
            breaks.push(ovf(hi.checked_div(w))?);
        }
    }
    crate::order::sort(&mut breaks);
    breaks.dedup();
    // The last breakpoint at which f is still at most the amount.
    let (mut low, mut high) = (0usize, breaks.len());
    while high - low > 1 {
        let mid = (low + high) / 2;
        let value = breaks.get(mid).copied().unwrap_or(Rational::ZERO);
        if at(value)? <= amount {
            low = mid;
        } else {
            high = mid;
        }
    }
    let base = breaks.get(low).copied().unwrap_or(Rational::ZERO);
    let reached = at(base)?;
    if reached > amount {
        return Err(infeasible((
            format!("tổng các mức sàn vượt quá {amount} cần chia"),
            format!("the floors add up to more than the {amount} to share"),
        )));
    }
    // Units still free just above the breakpoint grow with λ.
    let slope = parts
        .iter()
        .filter(|&&(w, lo, hi)| {
            let q = base.checked_mul(w).unwrap_or(Rational::ZERO);
            q >= lo && hi.is_none_or(|h| q < h)
        })
        .try_fold(Rational::ZERO, |acc, &(w, _, _)| acc.checked_add(w));
    let slope = ovf(slope)?;
    let lambda = if reached == amount || slope.is_zero() {
        base
    } else {
        ovf(base.checked_add(ovf(ovf(amount.checked_sub(reached))?.checked_div(slope))?))?
    };
    if at(lambda)? != amount {
        return Err(infeasible((
            "mức sàn và mức trần không để đơn vị nào nhận phần còn lại",
            "floors and caps leave no unit free to take the rest",
        )));
    }
    for (&i, &part) in members.iter().zip(&parts) {
        if let Some(slot) = out.get_mut(i) {
            *slot = clamp(lambda, part)?;
        }
    }
    Ok(())
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
