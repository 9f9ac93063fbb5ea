//! Coverage: how many of the areas expected to report an indicator have a
//! figure for it, at each area of a roll-up.
//!
//! At an area, the areas counted are itself and those below it that the
//! data set expects to report the indicator with a report due in the
//! window (see [`crate::model::expectation`]); those *reporting* have a
//! figure in the window, their own or their sub-areas'. DHIS2's reporting
//! rate (reports received ÷ reports expected) is the idea; here the unit
//! is the area, so a sentence can say "(2/3 tỉnh báo cáo)". Which expected
//! reports are missing is validation's to list (`reporting.missing-report`).

use serde::Serialize;

use crate::json_text::ToJson;
use crate::model::CheckedData;
use crate::model::area::AreaLevel;
use crate::period::Period;
use crate::text::Lang;

/// Areas with a figure among those expected to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
pub struct Coverage {
    /// Expected areas with a figure.
    pub reporting: u32,
    /// Areas expected to report.
    pub expected: u32,
    /// Their level, when all are of one level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<AreaLevel>,
}

impl Coverage {
    /// Whether every expected area has a figure.
    pub fn is_full(&self) -> bool {
        self.reporting >= self.expected
    }

    /// "2/3 tỉnh báo cáo" / "2 of 3 provinces reported".
    ///
    /// ```
    /// use chitieu::progress::Coverage;
    /// use chitieu::{area::AreaLevel, Lang};
    /// let c = Coverage { reporting: 2, expected: 3, level: Some(AreaLevel::Province) };
    /// assert_eq!(c.phrase(Lang::Vi), "2/3 tỉnh báo cáo");
    /// assert_eq!(c.phrase(Lang::En), "2 of 3 provinces reported");
    /// ```
    pub fn phrase(&self, lang: Lang) -> String {
        let (r, e) = (self.reporting, self.expected);
        match lang {
            Lang::Vi => {
                let noun = self.level.map_or("địa bàn", |l| l.label(Lang::Vi));
                format!("{r}/{e} {noun} báo cáo")
            }
            Lang::En => {
                let noun = match (self.level, e) {
                    (Some(level), 1) => level.label(Lang::En),
                    (Some(level), _) => plural(level),
                    (None, 1) => "area",
                    (None, _) => "areas",
                };
                format!("{r} of {e} {noun} reported")
            }
        }
    }
}

fn plural(level: AreaLevel) -> &'static str {
    match level {
        AreaLevel::Country => "countries",
        AreaLevel::Province => "provinces",
        AreaLevel::District => "districts",
        AreaLevel::Commune => "communes",
        AreaLevel::Village => "villages",
    }
}

/// The levels counted so far below an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Levels {
    None,
    One(AreaLevel),
    Mixed,
}

impl Levels {
    fn with(self, other: Levels) -> Levels {
        match (self, other) {
            (Levels::None, x) | (x, Levels::None) => x,
            (Levels::One(a), Levels::One(b)) if a == b => Levels::One(a),
            _ => Levels::Mixed,
        }
    }
}

/// Each area's coverage of the indicator at `position` over `window`
/// (same order as the tree), from whether each area (by position) has a
/// figure in the roll-up; empty when the data set expects no report of it.
pub(crate) fn coverage(
    checked: &CheckedData<'_>,
    position: usize,
    window: &Period,
    has_figure: &dyn Fn(usize) -> bool,
) -> Vec<Option<Coverage>> {
    let dues = checked.expected().of(position);
    if dues.is_empty() {
        return Vec::new();
    }
    let tree = &checked.areas;
    let n = tree.areas().len();
    // Per area: (reporting, expected, levels), its own then with those below.
    let mut counts: Vec<(u32, u32, Levels)> = vec![(0, 0, Levels::None); n];
    for due in dues.iter().filter(|d| d.is_due(window)) {
        if let Some(slot) = counts.get_mut(due.area)
            && slot.1 == 0
        {
            let level = tree
                .get(due.area)
                .map_or(Levels::Mixed, |a| Levels::One(a.level));
            *slot = (u32::from(has_figure(due.area)), 1, level);
        }
    }
    for &area in tree.bottom_up() {
        let (Some(parent), Some(&mine)) = (tree.parent_of(area), counts.get(area)) else {
            continue;
        };
        if let Some(slot) = counts.get_mut(parent) {
            *slot = (
                slot.0.saturating_add(mine.0),
                slot.1.saturating_add(mine.1),
                slot.2.with(mine.2),
            );
        }
    }
    counts
        .into_iter()
        .map(|(reporting, expected, levels)| {
            (expected > 0).then_some(Coverage {
                reporting,
                expected,
                level: match levels {
                    Levels::One(level) => Some(level),
                    _ => None,
                },
            })
        })
        .collect()
}
