//! Percent achieved, remaining gap, exceeded-by and status of one
//! indicator against one target.
//!
//! For an **increase** indicator with achieved X and target Y:
//! percent = X / Y · 100; remaining = max(Y − X, 0); exceeded by
//! (X / Y − 1) · 100 when X > Y ("vượt N%"). **Decrease** indicators are
//! mirrored: the target is a ceiling, percent measures the share of the
//! planned reduction made, (B − X) / (B − Y) · 100 from the baseline B.
//! **Maintain** indicators are achieved while |X − Y| ≤ tolerance · Y.
//!
//! A figure that cannot be computed is absent and its reason is given
//! ([`Undefined`]): never a silent 0 %.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::json_text::ToJson;
use crate::model::Direction;
use crate::number::Rational;
use crate::text::Lang;

/// Where an indicator stands against its target.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, ToJson,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// No progress from the baseline yet.
    NotStarted,
    /// Some progress, target not reached.
    InProgress,
    /// Target reached exactly (or, for maintain, within the band).
    Achieved,
    /// Target passed ("vượt chỉ tiêu").
    Exceeded,
    /// A maintain indicator outside its tolerance band.
    NotMaintained,
}

impl Status {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::NotStarted, Lang::Vi) => "chưa thực hiện",
            (Status::NotStarted, Lang::En) => "not started",
            (Status::InProgress, Lang::Vi) => "đang thực hiện",
            (Status::InProgress, Lang::En) => "in progress",
            (Status::Achieved, Lang::Vi) => "đạt",
            (Status::Achieved, Lang::En) => "achieved",
            (Status::Exceeded, Lang::Vi) => "vượt chỉ tiêu",
            (Status::Exceeded, Lang::En) => "exceeded",
            (Status::NotMaintained, Lang::Vi) => "không duy trì được",
            (Status::NotMaintained, Lang::En) => "not maintained",
        }
    }

    /// Whether the target is met (achieved or exceeded).
    pub fn is_met(self) -> bool {
        matches!(self, Status::Achieved | Status::Exceeded)
    }
}

/// Why a figure is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Undefined {
    /// No target is set for the period and area.
    NoTarget,
    /// The target is zero, so a share of it means nothing.
    ZeroTarget,
    /// Nothing was reported in the window.
    NoData,
    /// A decrease indicator needs a baseline to measure the reduction.
    NoBaseline,
    /// The baseline already equals the target: no change was planned.
    NoPlannedChange,
    /// The phase has ended: there is no next period to plan.
    PhaseEnded,
    /// No reporting period has ended yet, so no pace can be observed.
    NoElapsedPeriods,
    /// The figure does not apply to this kind of indicator.
    NotApplicable,
}

impl Undefined {
    /// The explanation in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Undefined::NoTarget, Lang::Vi) => "chưa có chỉ tiêu",
            (Undefined::NoTarget, Lang::En) => "no target set",
            (Undefined::ZeroTarget, Lang::Vi) => "chỉ tiêu bằng 0",
            (Undefined::ZeroTarget, Lang::En) => "target is zero",
            (Undefined::NoData, Lang::Vi) => "chưa có số liệu",
            (Undefined::NoData, Lang::En) => "no data reported",
            (Undefined::NoBaseline, Lang::Vi) => "chưa có số liệu gốc",
            (Undefined::NoBaseline, Lang::En) => "no baseline",
            (Undefined::NoPlannedChange, Lang::Vi) => "số liệu gốc đã bằng chỉ tiêu",
            (Undefined::NoPlannedChange, Lang::En) => "baseline already equals the target",
            (Undefined::PhaseEnded, Lang::Vi) => "giai đoạn đã kết thúc",
            (Undefined::PhaseEnded, Lang::En) => "the phase has ended",
            (Undefined::NoElapsedPeriods, Lang::Vi) => "chưa hết kỳ báo cáo nào",
            (Undefined::NoElapsedPeriods, Lang::En) => "no reporting period has ended yet",
            (Undefined::NotApplicable, Lang::Vi) => "không áp dụng",
            (Undefined::NotApplicable, Lang::En) => "not applicable",
        }
    }
}

/// Which figures of a row are absent, and why: figure name → reason, in
/// name order (written as a JSON object).
///
/// ```
/// use chitieu::progress::{Undefined, UndefinedFigures};
/// let mut why = UndefinedFigures::default();
/// why.insert("pace", Undefined::NoTarget);
/// why.insert("next_year", Undefined::PhaseEnded);
/// assert_eq!(why.get("pace"), Some(Undefined::NoTarget));
/// assert_eq!(why.iter().map(|(name, _)| name).collect::<Vec<_>>(), ["next_year", "pace"]);
/// ```
// A sorted vector, not a `BTreeMap`: a row has at most a handful of
// entries, and the map's code for this one key type was 12 KB of the
// browser's core module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndefinedFigures(Vec<(&'static str, Undefined)>);

impl UndefinedFigures {
    /// Records why figure `name` is absent (replacing an earlier reason).
    pub fn insert(&mut self, name: &'static str, reason: Undefined) {
        match self.0.binary_search_by(|(n, _)| (*n).cmp(name)) {
            Ok(at) => {
                if let Some(slot) = self.0.get_mut(at) {
                    slot.1 = reason;
                }
            }
            Err(at) => self.0.insert(at, (name, reason)),
        }
    }

    /// Forgets figure `name` (it has a value after all).
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| *n != name);
    }

    /// Why figure `name` is absent, if it is.
    pub fn get(&self, name: &str) -> Option<Undefined> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, why)| *why)
    }

    /// Each absent figure and its reason, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Undefined)> + '_ {
        self.0.iter().copied()
    }

    /// Whether every figure is present.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many figures are absent.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl crate::json_text::ToJson for UndefinedFigures {
    fn write_json(&self, w: &mut crate::json_text::Writer) {
        w.begin_object();
        for (name, why) in self.iter() {
            w.key(name);
            why.write_json(w);
        }
        w.end_object();
    }
}

impl Serialize for UndefinedFigures {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// The figures of one indicator against one target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Percent achieved.
    pub percent: Option<Rational>,
    /// What remains to reach the target (0 when met).
    pub remaining: Option<Rational>,
    /// By how many percent the target is passed, when it is.
    pub exceeded_by: Option<Rational>,
    /// The status.
    pub status: Option<Status>,
    /// Why `percent`, `remaining` or `status` are absent.
    pub undefined: Vec<(&'static str, Undefined)>,
}

fn ovf<T>(value: Option<T>) -> Result<T> {
    value.ok_or_else(Error::overflow)
}

/// Computes the figures of `achieved` against `target`.
///
/// `baseline` is the value before the programme (taken as 0 when absent for
/// increase indicators); `tolerance_percent` is the band of maintain
/// indicators.
///
/// ```
/// use chitieu::{Direction, Rational, progress::{figures, Status}};
/// let f = figures(Some(Rational::from(1462)), Some(Rational::from(1000)), None,
///                 Direction::Increase, Rational::from(5)).unwrap();
/// assert_eq!(f.status, Some(Status::Exceeded));
/// assert_eq!(f.exceeded_by.unwrap().to_string(), "46.2");
/// assert_eq!(f.remaining, Some(Rational::ZERO));
/// ```
pub fn figures(
    achieved: Option<Rational>,
    target: Option<Rational>,
    baseline: Option<Rational>,
    direction: Direction,
    tolerance_percent: Rational,
) -> Result<Figures> {
    let mut out = Figures::default();
    let (Some(x), Some(y)) = (achieved, target) else {
        let reason = if target.is_none() {
            Undefined::NoTarget
        } else {
            Undefined::NoData
        };
        out.undefined = vec![
            ("percent", reason),
            ("remaining", reason),
            ("status", reason),
        ];
        return Ok(out);
    };
    match direction {
        Direction::Increase => increase_figures(&mut out, x, y, baseline)?,
        Direction::Decrease => decrease_figures(&mut out, x, y, baseline)?,
        Direction::Maintain => maintain_figures(&mut out, x, y, tolerance_percent)?,
    }
    Ok(out)
}

/// The figures of an increase indicator: the target is a floor, and the
/// percent is a plain share of it (the baseline, 0 when absent, only tells
/// "not started" from "in progress").
fn increase_figures(
    out: &mut Figures,
    x: Rational,
    y: Rational,
    baseline: Option<Rational>,
) -> Result<()> {
    let base = baseline.unwrap_or(Rational::ZERO);
    out.remaining = Some(if x >= y {
        Rational::ZERO
    } else {
        ovf(y.checked_sub(x))?
    });
    if y.is_zero() {
        out.undefined.push(("percent", Undefined::ZeroTarget));
    } else {
        let share = ovf(x.checked_div(y))?;
        out.percent = Some(ovf(share.checked_mul(Rational::HUNDRED))?);
        if x > y {
            out.exceeded_by = Some(ovf(share
                .checked_sub(Rational::ONE)
                .and_then(|s| s.checked_mul(Rational::HUNDRED)))?);
        }
    }
    out.status = Some(if x > y {
        Status::Exceeded
    } else if x == y {
        Status::Achieved
    } else if x <= base {
        Status::NotStarted
    } else {
        Status::InProgress
    });
    Ok(())
}

/// The figures of a decrease indicator: the target is a ceiling, and the
/// percent is the share of the planned reduction from the baseline, so
/// there is none without a baseline or a planned change.
fn decrease_figures(
    out: &mut Figures,
    x: Rational,
    y: Rational,
    baseline: Option<Rational>,
) -> Result<()> {
    out.remaining = Some(if x <= y {
        Rational::ZERO
    } else {
        ovf(x.checked_sub(y))?
    });
    match baseline {
        None => out.undefined.push(("percent", Undefined::NoBaseline)),
        Some(b) if b == y => out.undefined.push(("percent", Undefined::NoPlannedChange)),
        Some(b) => {
            let made = ovf(b.checked_sub(x))?;
            let planned = ovf(b.checked_sub(y))?;
            out.percent = Some(ovf(made
                .checked_div(planned)
                .and_then(|s| s.checked_mul(Rational::HUNDRED)))?);
        }
    }
    if x < y && !y.is_zero() {
        out.exceeded_by = Some(ovf(y
            .checked_sub(x)
            .and_then(|d| d.checked_div(y))
            .and_then(|s| s.checked_mul(Rational::HUNDRED)))?);
    }
    out.status = Some(if x < y {
        Status::Exceeded
    } else if x == y {
        Status::Achieved
    } else if baseline.is_some_and(|b| x >= b) {
        Status::NotStarted
    } else {
        Status::InProgress
    });
    Ok(())
}

/// The figures of a maintain indicator: met while within the tolerance
/// band around the target; outside it, the whole deviation remains.
fn maintain_figures(
    out: &mut Figures,
    x: Rational,
    y: Rational,
    tolerance_percent: Rational,
) -> Result<()> {
    let band = ovf(y
        .abs()
        .checked_mul(tolerance_percent)
        .and_then(|b| b.checked_div(Rational::HUNDRED)))?;
    let deviation = ovf(x.checked_sub(y))?.abs();
    let within = deviation <= band;
    out.remaining = Some(if within { Rational::ZERO } else { deviation });
    if y.is_zero() {
        out.undefined.push(("percent", Undefined::ZeroTarget));
    } else {
        out.percent = Some(ovf(x
            .checked_div(y)
            .and_then(|s| s.checked_mul(Rational::HUNDRED)))?);
    }
    out.status = Some(if within {
        Status::Achieved
    } else {
        Status::NotMaintained
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128) -> Rational {
        Rational::from(n)
    }

    fn inc(x: i128, y: i128) -> Figures {
        figures(Some(r(x)), Some(r(y)), None, Direction::Increase, r(5)).unwrap()
    }

    #[test]
    fn the_article_figures() {
        let ccg = inc(7623, 9000);
        assert_eq!(ccg.percent.unwrap().round_scaled(1), Some(847));
        assert_eq!(ccg.remaining, Some(r(1377)));
        assert_eq!(ccg.status, Some(Status::InProgress));
        assert_eq!(inc(1132, 1800).percent.unwrap().round_scaled(1), Some(629));
        assert_eq!(inc(10, 10).status, Some(Status::Achieved));
        assert_eq!(inc(0, 10).status, Some(Status::NotStarted));
    }

    #[test]
    fn undefined_figures_say_why() {
        let f = figures(None, Some(r(10)), None, Direction::Increase, r(5)).unwrap();
        assert_eq!(f.undefined[0], ("percent", Undefined::NoData));
        let f = figures(Some(r(3)), None, None, Direction::Increase, r(5)).unwrap();
        assert_eq!(f.undefined[0], ("percent", Undefined::NoTarget));
        let f = inc(3, 0);
        assert_eq!(f.percent, None);
        assert_eq!(f.undefined, vec![("percent", Undefined::ZeroTarget)]);
        assert_eq!(f.status, Some(Status::Exceeded));
    }

    #[test]
    fn decrease_is_mirrored() {
        let f = figures(
            Some(r(8)),
            Some(r(5)),
            Some(r(10)),
            Direction::Decrease,
            r(5),
        )
        .unwrap();
        assert_eq!(f.percent, Some(r(40)));
        assert_eq!(f.remaining, Some(r(3)));
        assert_eq!(f.status, Some(Status::InProgress));
        let f = figures(
            Some(r(4)),
            Some(r(5)),
            Some(r(10)),
            Direction::Decrease,
            r(5),
        )
        .unwrap();
        assert_eq!(f.status, Some(Status::Exceeded));
        assert_eq!(f.exceeded_by, Some(r(20)));
    }

    #[test]
    fn maintain_uses_the_band() {
        let within = figures(Some(r(96)), Some(r(100)), None, Direction::Maintain, r(5)).unwrap();
        assert_eq!(within.status, Some(Status::Achieved));
        let outside = figures(Some(r(94)), Some(r(100)), None, Direction::Maintain, r(5)).unwrap();
        assert_eq!(outside.status, Some(Status::NotMaintained));
        assert_eq!(outside.remaining, Some(r(6)));
    }
}
