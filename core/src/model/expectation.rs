//! What a data set expects to be reported: the reports completeness is
//! measured against.
//!
//! A data set says which areas report which indicators, and for which
//! periods, in `expected`:
//!
//! - `targets: true`: every area with its own target for an indicator
//!   reports it — in the target's year for an annual target, at least once
//!   in the phase for a phase target;
//! - `levels`: every area of a level reports the indicators listed (every
//!   indicator when none is listed);
//! - `areas`: the areas named report the indicators listed.
//!
//! With `periods`, each period listed is one expected report once it has
//! ended; without, the area is expected to report at least once in the
//! phase up to the as-of date. A report is made when the area, or an area
//! below it, has a total of the indicator that passes the checks, for a
//! period inside the expected one. Roll-ups and progress reports then say
//! how many expected areas have a figure (their coverage); validation
//! lists each expected report that is missing (`reporting.missing-report`).
//!
//! ```
//! use chitieu::io::json;
//! use chitieu::DataSet;
//! let data: DataSet = json::from_str(r#"{"version": 1, "builtin_framework": "project8",
//!   "areas": [
//!     {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
//!     {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"}],
//!   "expected": {"levels": [{"level": "province", "indicators": ["P8.CCG"], "periods": ["2023"]}]}}"#)?;
//! assert_eq!(data.expected().levels.len(), 1);
//! assert!(data.check().is_ok());
//! # Ok::<(), chitieu::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::code::{AreaCode, IndicatorCode};
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::model::area::AreaLevel;
use crate::model::area::AreaTree;
use crate::model::framework::FrameworkIndex;
use crate::period::Period;

/// The reports a data set expects (see the [module](self)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Every area with its own target for an indicator reports it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub targets: bool,
    /// Every area of a level reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelReports>,
    /// The areas named report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaReports>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Expected {
    /// Whether nothing is expected (completeness is then not measured).
    pub fn is_empty(&self) -> bool {
        !self.targets && self.levels.is_empty() && self.areas.is_empty()
    }
}

/// Every area of a level reports the indicators listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct LevelReports {
    /// The level.
    pub level: AreaLevel,
    /// The indicators; every indicator when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorCode>,
    /// One report each; at least one in the phase when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<Period>,
}

/// One area reports the indicators listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct AreaReports {
    /// The area.
    pub area: AreaCode,
    /// The indicators; every indicator when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorCode>,
    /// One report each; at least one in the phase when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<Period>,
}

/// The most reports a data set may expect: national monthly reports by
/// commune of 20 indicators are under a million; a bound keeps an
/// expectation of a few bytes from costing gigabytes.
pub const MAX_EXPECTED_REPORTS: usize = 2_000_000;

/// One expected report: an area (by position) reports an indicator for a
/// period, or at least once in the window when `period` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Due {
    /// The area's position in the tree.
    pub area: usize,
    /// The period, when one is named.
    pub period: Option<Period>,
}

impl Due {
    /// Whether the report is expected within `window` (the phase start to
    /// the as-of date): always without a period, once the period has ended
    /// inside the window otherwise.
    pub fn is_due(&self, window: &Period) -> bool {
        self.period.is_none_or(|p| window.contains(&p))
    }
}

/// The expected reports by indicator position, each list sorted by area
/// then period, without repeats.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExpectedIndex {
    by_indicator: Vec<Vec<Due>>,
}

impl ExpectedIndex {
    /// The reports `expected` names, checked against the framework and the
    /// areas; errors at paths under `path` (the data set's).
    pub fn build(
        expected: &Expected,
        framework: &FrameworkIndex<'_>,
        areas: &AreaTree,
        path: &str,
    ) -> Result<ExpectedIndex> {
        let mut index = Builder {
            by_indicator: vec![Vec::new(); framework.len()],
            count: 0,
            path: format!("{path}.expected"),
        };
        if expected.targets {
            index.targets(framework, areas)?;
        }
        for (i, entry) in expected.levels.iter().enumerate() {
            let at = format!("levels[{i}]");
            let indicators = positions(framework, &entry.indicators, &index.at(&at))?;
            let level_areas: Vec<usize> = (0..areas.areas().len())
                .filter(|&a| areas.get(a).is_some_and(|x| x.level == entry.level))
                .collect();
            index.add(&indicators, &level_areas, &entry.periods, &at)?;
        }
        for (i, entry) in expected.areas.iter().enumerate() {
            let at = format!("areas[{i}]");
            let area = areas.index_of(entry.area.as_str()).ok_or_else(|| {
                Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Area,
                    value: entry.area.to_string(),
                })
                .at(index.at(&format!("{at}.area")))
            })?;
            let indicators = positions(framework, &entry.indicators, &index.at(&at))?;
            index.add(&indicators, &[area], &entry.periods, &at)?;
        }
        let mut by_indicator = index.by_indicator;
        for dues in &mut by_indicator {
            // Two periods of one span (2023, 2023-01-01/2023-12-31) are one
            // expected report.
            let span = |d: &Due| (d.area, d.period.map(|p| (p.start(), p.end())));
            crate::order::sort_by_key(dues, span);
            dues.dedup_by(|a, b| span(a) == span(b));
        }
        Ok(ExpectedIndex { by_indicator })
    }

    /// The reports expected of the indicator at `position`.
    pub fn of(&self, position: usize) -> &[Due] {
        self.by_indicator
            .get(position)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// The indicator positions of `codes` (every indicator when empty).
fn positions(
    framework: &FrameworkIndex<'_>,
    codes: &[IndicatorCode],
    path: &str,
) -> Result<Vec<usize>> {
    if codes.is_empty() {
        return Ok((0..framework.len()).collect());
    }
    codes
        .iter()
        .enumerate()
        .map(|(j, code)| {
            framework.position(code.as_str()).ok_or_else(|| {
                Error::new(ErrorKind::UnknownCode {
                    kind: CodeKind::Indicator,
                    value: code.to_string(),
                })
                .at(format!("{path}.indicators[{j}]"))
            })
        })
        .collect()
}

struct Builder {
    by_indicator: Vec<Vec<Due>>,
    count: usize,
    path: String,
}

impl Builder {
    fn at(&self, field: &str) -> String {
        format!("{}.{field}", self.path)
    }

    /// One report per indicator, area and period (one per indicator and
    /// area without periods), refused past [`MAX_EXPECTED_REPORTS`].
    fn add(
        &mut self,
        indicators: &[usize],
        areas: &[usize],
        periods: &[Period],
        at: &str,
    ) -> Result<()> {
        let each = periods.len().max(1);
        let adding = indicators
            .len()
            .saturating_mul(areas.len())
            .saturating_mul(each);
        self.count = self.count.saturating_add(adding);
        if self.count > MAX_EXPECTED_REPORTS {
            return Err(too_many(self.count, &self.at(at)));
        }
        let periods: Vec<Option<Period>> = if periods.is_empty() {
            vec![None]
        } else {
            periods.iter().copied().map(Some).collect()
        };
        for &ind in indicators {
            let Some(dues) = self.by_indicator.get_mut(ind) else {
                continue;
            };
            for &area in areas {
                dues.extend(periods.iter().map(|&period| Due { area, period }));
            }
        }
        Ok(())
    }

    /// Every area target of a total: its year for an annual target, the
    /// phase otherwise. A target's area outside the data set's areas
    /// expects nothing here (the targets' own checks name it).
    fn targets(&mut self, framework: &FrameworkIndex<'_>, areas: &AreaTree) -> Result<()> {
        for position in 0..framework.len() {
            let Some(entry) = framework.entry(position) else {
                continue;
            };
            for target in &entry.indicator.targets {
                let Some(area) = target
                    .area
                    .as_ref()
                    .and_then(|a| areas.index_of(a.as_str()))
                else {
                    continue;
                };
                if !target.disaggregation.is_empty() {
                    continue;
                }
                let period = matches!(target.period, Period::Year(_)).then_some(target.period);
                self.add(&[position], &[area], period.as_slice(), "targets")?;
            }
        }
        Ok(())
    }
}

fn too_many(count: usize, path: &str) -> Error {
    Error::invalid(
        path.to_string(),
        (
            format!(
                "bộ số liệu kỳ vọng {count} báo cáo trở lên, vượt giới hạn {MAX_EXPECTED_REPORTS}"
            ),
            format!(
                "the data set expects {count} reports or more, above the limit of {MAX_EXPECTED_REPORTS}"
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DataSet;

    fn provinces(expected: &str) -> crate::Result<DataSet> {
        crate::io::json::from_str(&format!(
            r#"{{"version": 1, "builtin_framework": "project8",
            "areas": [
              {{"code": "VN", "name": {{"vi": "Việt Nam", "en": "Viet Nam"}}, "level": "country"}},
              {{"code": "02", "name": {{"vi": "Hà Giang", "en": "Ha Giang"}}, "level": "province", "parent": "VN"}},
              {{"code": "08", "name": {{"vi": "Tuyên Quang", "en": "Tuyen Quang"}}, "level": "province", "parent": "VN"}}],
            "expected": {expected}}}"#
        ))
    }

    #[test]
    fn area_targets_expect_their_areas_in_the_phase_or_their_year() {
        let data = provinces(r#"{"targets": true}"#).unwrap();
        let mut framework = data.framework().clone();
        let ccg = framework
            .components
            .iter_mut()
            .flat_map(|c| c.indicators.iter_mut())
            .find(|i| i.code.as_str() == "P8.CCG")
            .unwrap();
        for (period, area) in [("2021-2025", "02"), ("2024", "08"), ("2024", "99")] {
            ccg.targets.push(crate::model::Target {
                period: period.parse().unwrap(),
                area: Some(area.parse().unwrap()),
                disaggregation: Default::default(),
                value: crate::Rational::from(10),
            });
        }
        let data = data.with_framework(framework);
        let checked = data.check().unwrap();
        let position = checked.framework.position("P8.CCG").unwrap();
        let dues = checked.expected().of(position);
        // The programme's own targets (no area) and the unknown area 99
        // expect nothing; 02 in the phase, 08 in 2024.
        assert_eq!(
            dues,
            [
                Due {
                    area: 1,
                    period: None
                },
                Due {
                    area: 2,
                    period: Some(Period::Year(2024))
                }
            ]
        );
    }

    #[test]
    fn more_than_the_limit_is_refused_before_anything_is_built() {
        let days: Vec<String> = (0..120_000)
            .map(|d| {
                let date = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
                    + chrono::Days::new(d % 1800);
                format!("\"{}\"", crate::period::iso(date))
            })
            .collect();
        let expected = format!(
            r#"{{"levels": [{{"level": "province", "periods": [{}]}}]}}"#,
            days.join(",")
        );
        let data = provinces(&expected).unwrap();
        let error = data.check().unwrap_err();
        assert_eq!(
            (error.code(), error.path()),
            ("invalid-value", "expected.levels[0]")
        );
        assert!(
            error
                .message(crate::Lang::En)
                .contains("above the limit of 2000000")
        );
    }
}
