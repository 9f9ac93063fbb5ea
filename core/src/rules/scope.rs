//! What one part of a split validation may find (see
//! [`crate::rules::split`]): the rules of its localities, rows named by
//! their place in the whole data set, annual targets of the indicators it
//! owns.

use crate::rules::catalogue::{self, id};
use crate::rules::rule::Locality;

/// What a run on one part may find: the rules of its localities, rows
/// named by their ordinals, annual targets of the indicators it owns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartScope<'a> {
    /// Whose rules run.
    pub localities: &'a [Locality],
    /// Row `i` of the part is row `ordinals[i]` of the whole.
    pub ordinals: Option<&'a [u64]>,
    /// The indicators (by position) whose annual targets this part checks.
    pub owned: Option<&'a [bool]>,
}

impl PartScope<'_> {
    /// Whether rule `id` (built in or user-defined) runs here;
    /// `plan.annual-above-gap` and `reporting.missing-report` also run in
    /// a set-up part, for the indicators it owns (those no row reports).
    pub(crate) fn runs(&self, id: &str) -> bool {
        let locality = catalogue::locality(id).unwrap_or(Locality::AreaPeriod);
        self.localities.contains(&locality)
            || ((id == id::ANNUAL_ABOVE_GAP || id == id::MISSING_REPORT)
                && self.localities.contains(&Locality::SetUp))
    }

    /// The index in the whole data set of row `i` of the part.
    pub(crate) fn row(&self, i: usize) -> usize {
        match self.ordinals {
            Some(ordinals) => ordinals
                .get(i)
                .and_then(|&o| usize::try_from(o).ok())
                .unwrap_or(i),
            None => i,
        }
    }

    /// Whether the indicator at `position` is this part's to check against
    /// its annual targets.
    pub(crate) fn owns(&self, position: usize) -> bool {
        self.owned
            .is_none_or(|owned| owned.get(position).copied().unwrap_or(false))
    }
}
