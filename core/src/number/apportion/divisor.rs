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
            (
                format!(
                    "phương pháp số chia chỉ phân bổ tối đa {MAX_STEPS} đơn vị trên mức sàn; yêu cầu {steps} (hãy dùng largest-remainder)"
                ),
                format!(
                    "divisor methods hand out at most {MAX_STEPS} units above the floors; {steps} asked (use largest-remainder)"
                ),
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
                detail: crate::text::Text::new(
                    "mọi đơn vị đã chạm mức trần trước khi phân bổ hết tổng",
                    "every unit reached its cap before the total was placed",
                ),
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
/// (claims fall as `n` grows), between its floor and cap: the first `n`
/// whose claim is at or below it. `estimate` (from binary64) is checked
/// exactly and used when it is right, which it nearly always is, so a
/// unit costs a few exact comparisons instead of a search over 2^64.
fn above(
    method: ApportionMethod,
    unit: &AllocationUnit,
    threshold: Priority,
    estimate: Option<u64>,
    limit: u64,
) -> Result<u64> {
    let upper = unit.cap.unwrap_or(limit).min(limit).max(unit.floor);
    let at_or_below =
        |n: u64| -> Result<bool> { Ok(priority(method, unit.weight, n)? <= threshold) };
    // `n` is the answer when its claim is at or below the threshold (or it
    // is the upper end) and the claim before it is above (or it is the floor).
    let is_first = |n: u64| -> Result<bool> {
        Ok((n == upper || at_or_below(n)?) && (n == unit.floor || !at_or_below(n - 1)?))
    };
    if let Some(guess) = estimate {
        for n in [guess, guess.saturating_add(1), guess.saturating_sub(1)] {
            let n = n.clamp(unit.floor, upper);
            if is_first(n)? {
                return Ok(n);
            }
        }
    }
    let (mut low, mut high) = (unit.floor, upper);
    while low < high {
        let mid = low + (high - low) / 2;
        if at_or_below(mid)? {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    Ok(low)
}

/// The first `n` whose claim is at or below `threshold`, in binary64:
/// `weight ÷ divisor(n) ≤ threshold` solved for `n` (Huntington-Hill's
/// claims and threshold are squared).
fn first_below(method: ApportionMethod, weight: f64, threshold: f64) -> Option<u64> {
    if threshold <= 0.0 || !weight.is_finite() {
        return None;
    }
    let n = match method {
        ApportionMethod::SainteLague => (weight / threshold - 1.0) / 2.0,
        ApportionMethod::HuntingtonHill => {
            // n (n + 1) ≥ w² / t
            let q = weight * weight / threshold;
            (libm::sqrt(1.0 + 4.0 * q) - 1.0) / 2.0
        }
        _ => weight / threshold - 1.0,
    };
    let n = n.ceil().max(0.0);
    // Beyond 2^63 the estimate is no help; the search takes over.
    (n.is_finite() && n < 9.2e18).then_some(n as u64)
}

/// A start at or below the final allocation, close to it, for large totals.
///
/// The threshold is found in binary64 — seats per unit estimated in closed
/// form, counted, and the threshold bisected over its bit pattern (at most
/// 64 rounds of one pass over the units) — and only the start itself is
/// computed exactly, a few exact comparisons per unit. An exact count above
/// the total moves the threshold up until it fits.
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
    let limit = total as f64;
    let estimated = |unit: &AllocationUnit, t: f64| -> f64 {
        let upper = unit.cap.map_or(limit, |c| c as f64).min(limit);
        let n = first_below(method, unit.weight.to_f64(), t).map_or(limit, |n| n as f64);
        n.clamp(unit.floor as f64, upper.max(unit.floor as f64))
    };
    let count = |t: f64| -> f64 { units.iter().map(|u| estimated(u, t)).sum() };
    // Claims are about weight ÷ seats (Huntington-Hill's squared): a
    // threshold at the total weight gives every unit its floor.
    let top = if method == ApportionMethod::HuntingtonHill {
        weights * weights
    } else {
        weights
    };
    if !top.is_finite() {
        return Ok(None);
    }
    // Bisect positive binary64 thresholds by their bits (ordered alike):
    // `high` keeps a count at or below the total, `low` one above it.
    let (mut low, mut high) = (f64::MIN_POSITIVE.to_bits(), top.to_bits());
    if count(f64::from_bits(low)) <= limit {
        return Ok(None);
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if count(f64::from_bits(mid)) > limit {
            low = mid;
        } else {
            high = mid;
        }
    }
    // Exactly, at that threshold or, if binary64 was a little off, a
    // little higher.
    let mut step = 1u64;
    for _ in 0..64 {
        let threshold = f64::from_bits(high);
        let Ok(exact) = Rational::from_f64(threshold) else {
            return Ok(None);
        };
        let t = Priority::Finite(exact);
        let mut start = Vec::with_capacity(units.len());
        for unit in units {
            let estimate = first_below(method, unit.weight.to_f64(), threshold);
            start.push(above(method, unit, t, estimate, total)?);
        }
        let given = start.iter().fold(0u64, |a, &b| a.saturating_add(b));
        if given <= total {
            return Ok(Some(start));
        }
        high = high.saturating_add(step).min(top.to_bits());
        step = step.saturating_mul(2);
    }
    Ok(None)
}
