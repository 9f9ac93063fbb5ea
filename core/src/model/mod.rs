//! The indicator model: programme → phases → components → indicators,
//! targets, observations and activities.

pub mod activity;
pub mod area;
pub mod classification;
pub mod dataset;
pub mod exclusion;
pub mod expectation;
pub mod figures;
pub mod framework;
pub mod indicator;
pub mod observation;
pub mod phrase;
pub mod plan;
mod series;
pub(crate) mod store;

pub use activity::{Activity, ModelType};
pub use dataset::{CheckedData, DataSet, ObservationProblem, observation_key};
pub use exclusion::{Excluded, ExcludedGroup, ExclusionReason, InvalidData, WithExcluded};
pub use expectation::{AreaReports, Expected, LevelReports};
pub use figures::{ValueProblem, value_problems};
pub use framework::{
    CONTRACT_VERSION, Component, ComponentKind, Framework, FrameworkIndex, IndicatorEntry, Phase,
};
pub use indicator::{
    AreaAggregation, Baseline, Direction, Indicator, MeasureKind, ReportedAs, Target,
    TimeAggregation, Unit, UnitKind, builtin_units,
};
pub use observation::{Disaggregation, Observation, ObservationStatus, Qualifier};
pub use phrase::ReportPhrase;
pub use plan::Plan;
pub use store::{ObservationView, Observations};

/// A record that belongs to one area and has its own id: activities and
/// plans, which checks and re-basing treat alike.
pub(crate) trait AreaRecord: Clone {
    /// What kind of id the record has (for duplicate ids).
    const KIND: crate::error::CodeKind;
    /// The record's id.
    fn id(&self) -> &str;
    /// The record's area.
    #[cfg(feature = "areas")]
    fn area_mut(&mut self) -> &mut crate::code::AreaCode;
    /// The record's area.
    fn area(&self) -> &crate::code::AreaCode;
}

macro_rules! area_record {
    ($t:ty, $kind:ident) => {
        impl AreaRecord for $t {
            const KIND: crate::error::CodeKind = crate::error::CodeKind::$kind;
            fn id(&self) -> &str {
                &self.id
            }
            #[cfg(feature = "areas")]
            fn area_mut(&mut self) -> &mut crate::code::AreaCode {
                &mut self.area
            }
            fn area(&self) -> &crate::code::AreaCode {
                &self.area
            }
        }
    };
}
area_record!(Activity, Activity);
area_record!(Plan, Plan);
