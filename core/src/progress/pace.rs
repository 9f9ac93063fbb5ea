//! Required versus observed pace, linear, and the on-track classification.
//!
//! - **observed pace** = (achieved − baseline) / periods elapsed since the
//!   phase start (for decrease indicators, baseline − achieved). Safe with
//!   a zero baseline, which is the baseline assumed for increase indicators
//!   that declare none (a programme counting what it creates starts at 0).
//! - **required pace** = remaining gap / periods left until the phase end
//!   (the current unfinished period included).
//! - **ratio** = observed / required, classified by two thresholds:
//!   `ratio ≥ on_track` → on track; `ratio ≥ at_risk` → at risk; otherwise
//!   off track. Defaults: 1 and 3/4. A met target is `achieved` whatever
//!   the trend; a phase that ended short of its target is off track.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json_text::{FromJson, ToJson};
use crate::model::Direction;
use crate::number::Rational;
use crate::period::PeriodType;
use crate::progress::figures::{Undefined, UndefinedFigures};
use crate::text::Lang;

/// The outlook of an indicator given its pace.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, ToJson,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PaceStatus {
    /// The target is already met.
    Achieved,
    /// At the observed pace, the target is reached in time.
    OnTrack,
    /// Slower than required, within the at-risk band.
    AtRisk,
    /// Much slower than required, or the phase ended short of the target.
    OffTrack,
}

impl PaceStatus {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PaceStatus::Achieved, Lang::Vi) => "đã đạt",
            (PaceStatus::Achieved, Lang::En) => "achieved",
            (PaceStatus::OnTrack, Lang::Vi) => "đúng tiến độ",
            (PaceStatus::OnTrack, Lang::En) => "on track",
            (PaceStatus::AtRisk, Lang::Vi) => "có nguy cơ chậm",
            (PaceStatus::AtRisk, Lang::En) => "at risk",
            (PaceStatus::OffTrack, Lang::Vi) => "chậm tiến độ",
            (PaceStatus::OffTrack, Lang::En) => "off track",
        }
    }
}

/// Thresholds on observed / required pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct PaceThresholds {
    /// At or above: on track (default 1).
    pub on_track: Rational,
    /// At or above (and below `on_track`): at risk (default 3/4).
    pub at_risk: Rational,
}

impl Default for PaceThresholds {
    fn default() -> PaceThresholds {
        PaceThresholds {
            on_track: Rational::ONE,
            at_risk: Rational::new(3, 4).unwrap_or(Rational::ONE),
        }
    }
}

/// The pace of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct Pace {
    /// The period type paces are counted in.
    pub period_type: PeriodType,
    /// Periods of the phase ended by the as-of date.
    pub periods_elapsed: i64,
    /// Periods of the phase not yet ended.
    pub periods_remaining: i64,
    /// The baseline used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Rational>,
    /// Whether the baseline is the assumed 0 (none declared).
    pub baseline_assumed: bool,
    /// Progress per period so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_per_period: Option<Rational>,
    /// Progress per period needed to close the gap by the phase end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_per_period: Option<Rational>,
    /// observed / required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Rational>,
    /// The classification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PaceStatus>,
    /// Why figures are absent.
    #[serde(skip_serializing_if = "UndefinedFigures::is_empty")]
    pub undefined: UndefinedFigures,
}

/// What the pace computation needs.
#[derive(Debug, Clone, Copy)]
pub struct PaceInput {
    /// The value achieved.
    pub achieved: Rational,
    /// The target.
    pub target: Rational,
    /// The declared baseline, if any.
    pub baseline: Option<Rational>,
    /// Which way is progress.
    pub direction: Direction,
    /// Whether the target is already met.
    pub met: bool,
    /// Periods elapsed and remaining.
    pub elapsed: i64,
    /// Periods remaining (the current one included).
    pub remaining: i64,
    /// Their type.
    pub period_type: PeriodType,
}

fn ovf<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(Error::overflow)
}

/// Computes the pace and its classification.
pub fn pace(input: PaceInput, thresholds: PaceThresholds) -> Result<Pace> {
    let mut out = Pace {
        period_type: input.period_type,
        periods_elapsed: input.elapsed,
        periods_remaining: input.remaining,
        baseline: input.baseline,
        baseline_assumed: false,
        observed_per_period: None,
        required_per_period: None,
        ratio: None,
        status: None,
        undefined: Default::default(),
    };
    let (progress, gap) = match input.direction {
        Direction::Maintain => {
            for field in ["observed_per_period", "required_per_period", "status"] {
                out.undefined.insert(field, Undefined::NotApplicable);
            }
            return Ok(out);
        }
        Direction::Increase => {
            if input.baseline.is_none() {
                out.baseline = Some(Rational::ZERO);
                out.baseline_assumed = true;
            }
            let base = input.baseline.unwrap_or(Rational::ZERO);
            (
                ovf(input.achieved.checked_sub(base))?,
                ovf(input.target.checked_sub(input.achieved))?,
            )
        }
        Direction::Decrease => {
            let Some(base) = input.baseline else {
                for field in ["observed_per_period", "status"] {
                    out.undefined.insert(field, Undefined::NoBaseline);
                }
                if input.met {
                    out.status = Some(PaceStatus::Achieved);
                    out.undefined.remove("status");
                }
                return Ok(out);
            };
            (
                ovf(base.checked_sub(input.achieved))?,
                ovf(input.achieved.checked_sub(input.target))?,
            )
        }
    };
    if input.elapsed > 0 {
        out.observed_per_period = Some(ovf(progress.checked_div(Rational::from(input.elapsed)))?);
    } else {
        out.undefined
            .insert("observed_per_period", Undefined::NoElapsedPeriods);
    }
    if input.met {
        out.status = Some(PaceStatus::Achieved);
        out.required_per_period = Some(Rational::ZERO);
        return Ok(out);
    }
    if input.remaining <= 0 {
        out.undefined
            .insert("required_per_period", Undefined::PhaseEnded);
        out.status = Some(PaceStatus::OffTrack);
        return Ok(out);
    }
    let required = ovf(gap.checked_div(Rational::from(input.remaining)))?;
    out.required_per_period = Some(required);
    match out.observed_per_period {
        Some(observed) => {
            let ratio = ovf(observed.checked_div(required))?;
            out.ratio = Some(ratio);
            out.status = Some(classify_ratio(ratio, thresholds));
        }
        None => {
            out.undefined.insert("status", Undefined::NoElapsedPeriods);
        }
    }
    Ok(out)
}

/// Places observed ÷ required pace in the bands set by `thresholds`.
fn classify_ratio(ratio: Rational, thresholds: PaceThresholds) -> PaceStatus {
    if ratio >= thresholds.on_track {
        PaceStatus::OnTrack
    } else if ratio >= thresholds.at_risk {
        PaceStatus::AtRisk
    } else {
        PaceStatus::OffTrack
    }
}
