//! Progress math, exact: percent achieved, remaining gap, status, next-year
//! targets, pace, trend methods, expected-to-date targets, roll-ups and
//! fair integer allocation.

#[cfg(feature = "methods")]
mod biproportional;
mod coverage;
mod expected;
mod figures;
mod flat;
mod narrative;
mod pace;
mod phase;
mod point;
mod report;
mod rollup;
mod scores;
mod state;
mod table;
#[cfg(feature = "methods")]
mod trend;

#[cfg(feature = "methods")]
pub use crate::number::apportion::{
    AllocateOptions, Allocated, Allocation, AllocationUnit, ApportionMethod, allocate, apportion,
};
#[cfg(feature = "methods")]
pub use biproportional::{Margin, Table, biproportional};
pub use coverage::Coverage;
pub use expected::{Expected, Profile, Schedule, expected, expected_share};
pub use figures::{Figures, Status, Undefined, UndefinedFigures, figures};
pub use narrative::Narrative;
pub use pace::{Pace, PaceInput, PaceStatus, PaceThresholds, pace};
pub use point::Point;
pub use report::{
    AreaStanding, ComponentSummary, NextYear, PhaseInfo, ProgressOptions, ProgressReport,
    ProgressRow, ReportWording, RowDisplay, RowWording, Summary, progress,
};
#[cfg(feature = "exchange")]
pub(crate) use rollup::rollup_indicator;
pub use rollup::{Aggregate, IndicatorRollup, Origin, Rollup, RollupRow, rollup};
pub(crate) use rollup::{rollup_indicator_values, totals_by_indicator};
pub use scores::{AreaScore, Band, ComponentScore, Distribution, Score, Scores, scores};
pub use state::RollupState;
#[cfg(feature = "methods")]
pub use trend::{
    Figure, Reason, Threshold, Trend, TrendClass, TrendInput, TrendMethod, TrendOptions,
    TrendUndefined, Weighting, trend,
};
