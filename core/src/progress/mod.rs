//! Progress math, exact: percent achieved, remaining gap, status, next-year
//! targets, pace, roll-ups and fair integer allocation.

mod allocate;
mod figures;
mod pace;
mod report;
mod rollup;
mod table;

pub use allocate::{Allocated, Allocation, AllocationUnit, allocate};
pub use figures::{Figures, Status, Undefined, figures};
pub use pace::{Pace, PaceInput, PaceStatus, PaceThresholds, pace};
pub use report::{
    AreaStanding, ComponentSummary, NextYear, PhaseInfo, ProgressOptions, ProgressReport,
    ProgressRow, RowDisplay, Summary, progress,
};
pub use rollup::{Aggregate, Origin, RollupRow};
pub(crate) use rollup::{rollup_indicator_values, rollup_rows, totals_by_indicator};
