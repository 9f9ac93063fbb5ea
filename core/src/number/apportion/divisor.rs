//! Divisor methods, unit by unit: each unit goes to the highest priority
//! `weight ÷ divisor(n)`, compared exactly.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::error::{Error, ErrorKind, Result};
use crate::number::Rational;

use super::unit::{AllocationUnit, ApportionMethod};

/// The most units a divisor method hands out one by one.
const MAX_STEPS: u64 = 10_000_000;

/// A unit's claim on the next unit. Huntington-Hill's first divisor is 0,
/// so any positive weight has an infinite claim; its finite claims are
/// stored squared (`w² ÷ n(n+1)`) so they stay rational.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Priority {
    Finite(Rational),
    Infinite,
}

fn ovf<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(Error::overflow)
}

fn priority(method: ApportionMethod, weight: Rational, n: u64) -> Result<Priority> {
    let n = i128::from(n);
    let divisor = match method {
        ApportionMethod::SainteLague => 2 * n + 1,
        ApportionMethod::HuntingtonHill => {
            if n == 0 {
                return Ok(if weight.is_zero() {
                    Priority::Finite(Rational::ZERO)
                } else {
                    Priority::Infinite
                });
            }
            let squared = ovf(weight.checked_mul(weight))?;
            return Ok(Priority::Finite(ovf(
                squared.checked_div(Rational::from(ovf(n.checked_mul(n + 1))?))
            )?));
        }
        _ => n + 1,
    };
    Ok(Priority::Finite(ovf(
        weight.checked_div(Rational::from(divisor))
    )?))
}

/// The integers, and the units tied at the boundary.
pub(super) fn apportion(
    total: u64,
    units: &[AllocationUnit],
    method: ApportionMethod,
) -> Result<(Vec<u64>, Vec<String>)> {
    let mut allocated: Vec<u64> = units.iter().map(|u| u.floor).collect();
    // Jump over the units every order would give anyway: all claims above a
    // threshold whose count still fits in the total. Only the last few are
    // then handed out one by one, in priority order, so the result and the
    // ties are those of the unit-by-unit walk.
    if let Some(start) = head_start(total, units, method)? {
        allocated = start;
    }
    let given: u64 = allocated.iter().fold(0u64, |a, &b| a.saturating_add(b));
    let steps = total.saturating_sub(given);
    if steps > MAX_STEPS {
        return Err(Error::invalid(
            "total",
            format!(
                "divisor methods hand out at most {MAX_STEPS} units above the floors; {steps} asked (use largest-remainder)"
            ),
        ));
    }
    let mut heap = BinaryHeap::with_capacity(units.len());
    for (i, unit) in units.iter().enumerate() {
        let n = allocated.get(i).copied().unwrap_or(unit.floor);
        if unit.cap.is_none_or(|cap| n < cap) {
            heap.push((priority(method, unit.weight, n)?, unit.weight, Reverse(i)));
        }
    }
    let mut last: Option<Priority> = None;
    let mut at_last: Vec<usize> = Vec::new();
    for _ in 0..steps {
        let Some((claim, weight, Reverse(i))) = heap.pop() else {
            return Err(Error::new(ErrorKind::InfeasibleAllocation {
                detail: "every unit reached its cap before the total was placed".into(),
            })
            .at("total"));
        };
        let Some(slot) = allocated.get_mut(i) else {
            continue;
        };
        *slot += 1;
        if last != Some(claim) {
            at_last.clear();
            last = Some(claim);
        }
        if !at_last.contains(&i) {
            at_last.push(i);
        }
        let n = *slot;
        if units.get(i).and_then(|u| u.cap).is_none_or(|cap| n < cap) {
            heap.push((priority(method, weight, n)?, weight, Reverse(i)));
        }
    }
    let mut ties = Vec::new();
    if let (Some(boundary), Some((next, _, _))) = (last, heap.peek())
        && *next == boundary
    {
        let mut waiting: Vec<_> = heap
            .into_sorted_vec()
            .into_iter()
            .rev()
            .filter(|(p, _, _)| *p == boundary)
            .map(|(_, _, Reverse(i))| i)
            .collect();
        let mut tied = at_last;
        tied.append(&mut waiting);
        ties = tied
            .into_iter()
            .filter_map(|i| units.get(i).map(|u| u.code.clone()))
            .collect();
    }
    Ok((allocated, ties))
}

/// How many units `unit` gets whose claim is strictly above `threshold`
/// (claims fall as `n` grows), between its floor and cap.
fn above(
    method: ApportionMethod,
    unit: &AllocationUnit,
    threshold: Priority,
    limit: u64,
) -> Result<u64> {
    let upper = unit.cap.unwrap_or(limit).min(limit).max(unit.floor);
    // The first n in [floor, upper] whose claim is at or below the threshold.
    let (mut low, mut high) = (unit.floor, upper);
    while low < high {
        let mid = low + (high - low) / 2;
        if priority(method, unit.weight, mid)? > threshold {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    Ok(low)
}

/// A start at or below the final allocation, close to it, for large totals.
fn head_start(
    total: u64,
    units: &[AllocationUnit],
    method: ApportionMethod,
) -> Result<Option<Vec<u64>>> {
    let slack = units.len() as u64;
    let weights: f64 = units.iter().map(|u| u.weight.to_f64()).sum();
    if total < 4 * slack + 64 || weights <= 0.0 {
        return Ok(None);
    }
    let seats = |threshold: f64| -> Result<Option<Vec<u64>>> {
        let Ok(exact) = Rational::from_f64(threshold) else {
            return Ok(None);
        };
        let t = Priority::Finite(exact);
        let mut out = Vec::with_capacity(units.len());
        for unit in units {
            out.push(above(method, unit, t, total)?);
        }
        Ok(Some(out))
    };
    // Claims are about weight ÷ seats; Huntington-Hill's are squared.
    let scale = |x: f64| {
        if method == ApportionMethod::HuntingtonHill {
            x * x
        } else {
            x
        }
    };
    let (mut low, mut high) = (0.0f64, scale(weights));
    let mut best = None;
    for _ in 0..80 {
        let mid = (low + high) / 2.0;
        let Some(start) = seats(mid)? else { break };
        let count: u64 = start.iter().fold(0u64, |a, &b| a.saturating_add(b));
        if count > total {
            low = mid;
        } else {
            let close = total - count <= slack;
            best = Some(start);
            high = mid;
            if close {
                break;
            }
        }
    }
    Ok(best)
}
