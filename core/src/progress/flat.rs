//! Roll-ups and progress reports as flat tables (one row per area and
//! indicator, or per indicator), for data frames and Arrow.

use crate::io::table::Table;
use crate::progress::report::ProgressReport;
use crate::progress::rollup::{Rollup, RollupRow};

impl Rollup {
    /// One row per indicator and area: `indicator`, `area`, `level`,
    /// `value`, `numerator`, `denominator` (each with its `_exact` text),
    /// `qualifier`, `observations`, `origin`, `children` (the
    /// children's combined value, when they reported), and `reporting` and
    /// `expected` (the coverage, when the data set expects reports).
    pub fn to_columns(&self) -> Table {
        let rows: Vec<(&str, &RollupRow)> = self
            .indicators
            .iter()
            .flat_map(|i| i.rows.iter().map(move |r| (i.indicator.as_str(), r)))
            .collect();
        Table::over(&rows)
            .text("indicator", |(i, _)| Some(i.to_string()))
            .text("area", |(_, r)| Some(r.area.to_string()))
            .code("level", |(_, r)| Some(r.level))
            .exact("value", |(_, r)| Some(r.aggregate.value))
            .exact("numerator", |(_, r)| r.aggregate.numerator)
            .exact("denominator", |(_, r)| r.aggregate.denominator)
            .code("qualifier", |(_, r)| r.aggregate.qualifier)
            .int("observations", |(_, r)| {
                Some(i64::from(r.aggregate.observations))
            })
            .code("origin", |(_, r)| Some(r.origin))
            .exact("children", |(_, r)| r.children.map(|c| c.value))
            .int("reporting", |(_, r)| {
                r.coverage.map(|c| i64::from(c.reporting))
            })
            .int("expected", |(_, r)| {
                r.coverage.map(|c| i64::from(c.expected))
            })
            .finish()
    }
}

impl ProgressReport {
    /// One row per indicator: `code`, `name` (in the report's language),
    /// `parent`, `component`, `unit`, `measure`, `direction`, the exact
    /// figures `achieved`, `target`, `percent`, `remaining`, `exceeded_by`,
    /// `next_year_target`, `planned_next_year` (each with its `_exact`
    /// text), `status`, `pace`, and `reporting` and `expected` (the
    /// coverage, when the data set expects reports).
    pub fn to_columns(&self) -> Table {
        Table::over(&self.rows)
            .text("code", |r| Some(r.code.to_string()))
            .text("name", |r| Some(r.display.name.clone()))
            .text("parent", |r| r.parent.as_ref().map(ToString::to_string))
            .text("component", |r| Some(r.component.to_string()))
            .text("unit", |r| Some(r.unit.to_string()))
            .code("measure", |r| Some(r.measure))
            .code("direction", |r| Some(r.direction))
            .exact("achieved", |r| r.achieved.map(|a| a.value))
            .exact("target", |r| r.target)
            .exact("percent", |r| r.percent)
            .exact("remaining", |r| r.remaining)
            .exact("exceeded_by", |r| r.exceeded_by)
            .code("status", |r| r.status)
            .code("pace", |r| r.pace.as_ref().and_then(|p| p.status))
            .exact("next_year_target", |r| {
                r.next_year.as_ref().and_then(|n| n.target)
            })
            .exact("planned_next_year", |r| {
                r.next_year.as_ref().and_then(|n| n.planned)
            })
            .int("reporting", |r| r.coverage.map(|c| i64::from(c.reporting)))
            .int("expected", |r| r.coverage.map(|c| i64::from(c.expected)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::io::table::Cells;

    fn column<'t>(table: &'t crate::io::table::Table, name: &str) -> &'t Cells {
        table
            .columns()
            .iter()
            .find(|c| c.name() == name)
            .map(|c| c.cells())
            .unwrap()
    }

    #[test]
    fn the_article_rows_come_out_flat() {
        let data = crate::builtin::project8().unwrap();
        let checked = data.check().unwrap();
        let as_of = crate::period::parse_date("2023-12-31").unwrap();
        let report =
            crate::progress::progress(&checked, as_of, None, None, &Default::default()).unwrap();
        let table = report.to_columns();
        assert_eq!(table.rows(), report.rows.len());
        let Cells::Text(codes) = column(&table, "code") else {
            panic!()
        };
        let at = codes
            .iter()
            .position(|c| c.as_deref() == Some("P8.CCG"))
            .unwrap();
        let Cells::Text(percent) = column(&table, "percent_exact") else {
            panic!()
        };
        assert_eq!(percent[at].as_deref(), Some("84.7"));
        let Cells::Float(achieved) = column(&table, "achieved") else {
            panic!()
        };
        assert_eq!(achieved[at], Some(7623.0));

        let rollup = crate::progress::rollup(&checked, as_of, None, Some("P8.CCG")).unwrap();
        let table = rollup.to_columns();
        assert_eq!(table.rows(), rollup.indicators[0].rows.len());
        let Cells::Text(levels) = column(&table, "level") else {
            panic!()
        };
        assert!(levels.iter().any(|l| l.as_deref() == Some("country")));
    }
}
