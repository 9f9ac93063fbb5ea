//! The indicator model: programme → phases → components → indicators,
//! targets, observations and activities.

pub mod activity;
pub mod dataset;
pub mod framework;
pub mod indicator;
pub mod observation;
pub mod plan;

pub use activity::{Activity, ModelType};
pub use dataset::{CheckedData, DataSet, ObservationProblem, observation_key};
pub use framework::{
    CONTRACT_VERSION, Component, ComponentKind, Framework, FrameworkIndex, IndicatorEntry, Phase,
};
pub use indicator::{
    AreaAggregation, Baseline, Direction, Indicator, MeasureKind, ReportedAs, Target,
    TimeAggregation, Unit, UnitKind, builtin_units,
};
pub use observation::{Disaggregation, Observation, ObservationStatus, Qualifier};
pub use plan::Plan;
