//! The five methods' arithmetic. Exact where the method is rational; the
//! two growth methods need real roots and use binary64 through `libm`, so
//! every platform (native, WASM) computes the same bits.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::Direction;
use crate::number::Rational;

use super::terms::{Figure, Series, TrendMethod, TrendOptions, TrendUndefined, Weighting};

/// What a method yields: a projection, and its statistic or why not.
pub(super) struct Computed {
    pub projected: Option<Figure>,
    pub statistic: std::result::Result<Figure, TrendUndefined>,
}

fn ovf<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(Error::overflow)
}

fn sub(a: Rational, b: Rational) -> Result<Rational> {
    ovf(a.checked_sub(b))
}
fn add(a: Rational, b: Rational) -> Result<Rational> {
    ovf(a.checked_add(b))
}
fn mul(a: Rational, b: Rational) -> Result<Rational> {
    ovf(a.checked_mul(b))
}
fn div(a: Rational, b: Rational) -> Result<Rational> {
    ovf(a.checked_div(b))
}

fn sign(direction: Direction) -> Rational {
    match direction {
        Direction::Decrease => Rational::from(-1i32),
        _ => Rational::ONE,
    }
}

pub(super) fn compute(
    series: &Series,
    direction: Direction,
    options: &TrendOptions,
    fitted: &mut BTreeMap<&'static str, Figure>,
) -> Result<Computed> {
    match options.method {
        TrendMethod::Linear => linear(series, direction, fitted),
        TrendMethod::UnsdCagr | TrendMethod::OpenSdg => {
            growth(series, direction, options.method, fitted)
        }
        TrendMethod::EscapWls => least_squares(series, options.weights, fitted),
        TrendMethod::Destatis => last_changes(series, options.changes, fitted),
    }
}

fn undecided(reason: TrendUndefined) -> Result<Computed> {
    Ok(Computed {
        projected: None,
        statistic: Err(reason),
    })
}

fn linear(
    series: &Series,
    direction: Direction,
    fitted: &mut BTreeMap<&'static str, Figure>,
) -> Result<Computed> {
    let (t0, base) = (series.baseline.0, series.baseline.1.value);
    let (t, now) = (series.current.0, series.current.1.value);
    let (big_t, goal) = (series.target.0, series.target.1.value);
    let d = sign(direction);
    if t == t0 {
        return undecided(TrendUndefined::NoElapsedPeriods);
    }
    let per_period = div(sub(now, base)?, Rational::from(t - t0))?;
    let observed = mul(d, per_period)?;
    fitted.insert("observed_per_period", Figure::Exact(observed));
    let projected = add(now, mul(per_period, Rational::from(big_t - t))?)?;
    let projected = Some(Figure::Exact(projected));
    if big_t <= t {
        return Ok(Computed {
            projected,
            statistic: Err(TrendUndefined::NoRequiredProgress),
        });
    }
    let required = mul(d, div(sub(goal, now)?, Rational::from(big_t - t))?)?;
    fitted.insert("required_per_period", Figure::Exact(required));
    let statistic = if required.is_zero() || required.is_negative() {
        Err(TrendUndefined::NoRequiredProgress)
    } else {
        Ok(Figure::Exact(div(observed, required)?))
    };
    Ok(Computed {
        projected,
        statistic,
    })
}

fn growth(
    series: &Series,
    direction: Direction,
    method: TrendMethod,
    fitted: &mut BTreeMap<&'static str, Figure>,
) -> Result<Computed> {
    let (t0, base) = (series.baseline.0, series.baseline.1.value);
    let (t, now) = (series.current.0, series.current.1.value);
    let (big_t, goal) = (series.target.0, series.target.1.value);
    if base.is_zero() {
        return undecided(TrendUndefined::ZeroBaseline);
    }
    let observed_ratio = div(now, base)?;
    let required_ratio = div(goal, base)?;
    if observed_ratio.is_negative() || required_ratio.is_negative() {
        return undecided(TrendUndefined::SignChange);
    }
    if t == t0 {
        return undecided(TrendUndefined::NoElapsedPeriods);
    }
    let elapsed = (t - t0) as f64;
    let horizon = (big_t - t0) as f64;
    let observed_factor = libm::pow(observed_ratio.to_f64(), 1.0 / elapsed);
    let cagr_observed = observed_factor - 1.0;
    fitted.insert("cagr_observed", Figure::Approx(cagr_observed));
    if method == TrendMethod::UnsdCagr {
        let projected = base.to_f64() * libm::pow(observed_ratio.to_f64(), horizon / elapsed);
        let required = sub(goal, base)?;
        let statistic = if required.is_zero() {
            Err(TrendUndefined::NoRequiredProgress)
        } else {
            Ok(Figure::Approx(
                (projected - base.to_f64()) / required.to_f64(),
            ))
        };
        return Ok(Computed {
            projected: Some(Figure::Approx(projected)),
            statistic,
        });
    }
    let cagr_required = libm::pow(required_ratio.to_f64(), 1.0 / horizon) - 1.0;
    fitted.insert("cagr_required", Figure::Approx(cagr_required));
    let projected = now.to_f64() * libm::pow(observed_factor, (big_t - t) as f64);
    // Open SDG signs the ratio by the direction and by the baseline's sign.
    let mut signed = if direction == Direction::Decrease {
        -1.0
    } else {
        1.0
    };
    if base.is_negative() {
        signed = -signed;
    }
    let statistic = if cagr_required == 0.0 {
        Err(TrendUndefined::NoRequiredProgress)
    } else {
        Ok(Figure::Approx(
            signed * cagr_observed / libm::fabs(cagr_required),
        ))
    };
    Ok(Computed {
        projected: Some(Figure::Approx(projected)),
        statistic,
    })
}

fn least_squares(
    series: &Series,
    weighting: Weighting,
    fitted: &mut BTreeMap<&'static str, Figure>,
) -> Result<Computed> {
    let (t0, base) = (series.baseline.0, series.baseline.1.value);
    let (big_t, goal) = (series.target.0, series.target.1.value);
    let first = series.points.first().map(|p| p.0).unwrap_or(t0);
    if series.points.len() < 2 {
        return undecided(TrendUndefined::InsufficientData);
    }
    let mut sums = [Rational::ZERO; 5]; // Σw, Σws, Σwy, Σws², Σwsy
    for &(at, point) in &series.points {
        let w = match weighting {
            Weighting::Linear => Rational::from(at - first + 1),
            Weighting::Uniform => Rational::ONE,
        };
        // Time is counted from the baseline so the intercept is the
        // fitted baseline value and the numbers stay small.
        let s = Rational::from(at - t0);
        let y = point.value;
        let ws = mul(w, s)?;
        let terms = [w, ws, mul(w, y)?, mul(ws, s)?, mul(ws, y)?];
        for (sum, term) in sums.iter_mut().zip(terms) {
            *sum = add(*sum, term)?;
        }
    }
    let [sw, st, sy, stt, sty] = sums;
    let den = sub(mul(sw, stt)?, mul(st, st)?)?;
    if den.is_zero() {
        return undecided(TrendUndefined::InsufficientData);
    }
    let slope = div(sub(mul(sw, sty)?, mul(st, sy)?)?, den)?;
    let intercept = div(sub(sy, mul(slope, st)?)?, sw)?;
    let projected = add(intercept, mul(slope, Rational::from(big_t - t0))?)?;
    fitted.insert("slope_per_period", Figure::Exact(slope));
    fitted.insert("intercept_at_baseline", Figure::Exact(intercept));
    let required = sub(goal, base)?;
    let statistic = if required.is_zero() {
        Err(TrendUndefined::NoRequiredProgress)
    } else {
        let gap = div(sub(goal, projected)?, required)?;
        fitted.insert("anticipated_gap", Figure::Exact(gap));
        Ok(Figure::Exact(sub(Rational::ONE, gap)?))
    };
    Ok(Computed {
        projected: Some(Figure::Exact(projected)),
        statistic,
    })
}

fn last_changes(
    series: &Series,
    changes: Option<u32>,
    fitted: &mut BTreeMap<&'static str, Figure>,
) -> Result<Computed> {
    let k = changes.unwrap_or(5);
    if k == 0 {
        return Err(Error::invalid(
            "options.changes",
            (
                "cần lấy trung bình trên ít nhất một lần thay đổi",
                "average at least one change",
            ),
        ));
    }
    let (t, now) = (series.current.0, series.current.1.value);
    let (big_t, goal) = (series.target.0, series.target.1.value);
    let n = series.points.len();
    if n < 2 {
        return undecided(TrendUndefined::InsufficientData);
    }
    let used = (k as usize).min(n - 1);
    let Some(&(te, earlier)) = series.points.get(n - 1 - used) else {
        return undecided(TrendUndefined::InsufficientData);
    };
    let average = div(sub(now, earlier.value)?, Rational::from(t - te))?;
    fitted.insert("average_change_per_period", Figure::Exact(average));
    fitted.insert("changes_used", Figure::Exact(Rational::from(used as u64)));
    let projected = add(now, mul(average, Rational::from(big_t - t))?)?;
    let still_needed = sub(goal, now)?;
    let statistic = if still_needed.is_zero() {
        Err(TrendUndefined::NoRequiredProgress)
    } else {
        let deviation = div(sub(goal, projected)?, still_needed)?;
        fitted.insert("deviation", Figure::Exact(deviation));
        Ok(Figure::Exact(sub(Rational::ONE, deviation)?))
    };
    Ok(Computed {
        projected: Some(Figure::Exact(projected)),
        statistic,
    })
}
