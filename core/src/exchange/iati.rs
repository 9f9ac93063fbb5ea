//! IATI 2.03 activity files with results: what donors publish.
//!
//! Each component with indicators becomes a `<result>`; each indicator (and
//! sub-measure) an `<indicator>` with its baseline and one `<period>` per
//! target period at the programme level: the targets (the total and each
//! disaggregation as `<dimension>`s) and the actual — the progress engine's
//! achieved value as of the date for a phase target, the reported figure
//! for a year. Figures reported for periods without a target get a period
//! of their own. Elements come in the order the IATI schema requires.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exchange::xml::Xml;
use crate::json_text::ToJson;
use crate::model::{CheckedData, Component, Direction, Disaggregation, Indicator, UnitKind};
use crate::number::Rational;
use crate::period::{Period, iso};
use crate::progress::{ProgressOptions, ProgressReport};
use crate::text::{Lang, Text};

/// An organisation, as IATI names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct IatiOrg {
    /// Its IATI organisation identifier (`VN-…`, `XM-DAC-…`).
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its IATI organisation type code (`10` government, `40` multilateral…).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its role in the activity (participating organisations only: `1`
    /// funding, `2` accountable, `3` extending, `4` implementing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Its name.
    pub name: Text,
}

/// What IATI needs about the activity that the data set does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct IatiActivity {
    /// The IATI activity identifier (the reporting organisation's
    /// identifier, a hyphen, the activity's own).
    pub identifier: String,
    /// The organisation publishing the file.
    pub reporting_org: IatiOrg,
    /// The activity's title (default: the framework's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// The activity's description.
    pub description: Text,
    /// The organisations taking part (at least one, each with a role).
    pub participating_orgs: Vec<IatiOrg>,
    /// The IATI activity status code (default `2`, implementation).
    #[serde(default = "implementation")]
    pub status: String,
    /// The recipient country's ISO code (default `VN`).
    #[serde(default = "viet_nam")]
    pub recipient_country: String,
    /// The IATI result type of every result (default `1`, output).
    #[serde(default = "output")]
    pub result_type: String,
    /// The language of the activity's texts' first narrative (default `vi`);
    /// the other language follows with its own `xml:lang`.
    #[serde(default)]
    pub lang: Lang,
}

crate::json_text::via_serde!(IatiActivity);

fn implementation() -> String {
    "2".into()
}
fn viet_nam() -> String {
    "VN".into()
}
fn output() -> String {
    "1".into()
}

/// An IATI activity file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
pub struct IatiFile {
    /// The XML text.
    pub xml: String,
    /// `<result>` elements written.
    pub results: usize,
    /// `<indicator>` elements written.
    pub indicators: usize,
}

/// Writes the IATI 2.03 activity file of a checked data set's results as
/// of `as_of`. Errors are at `activity.…` for metadata IATI requires, and
/// at the field (`activity.…`, `data.framework.…`, `data.observations[i]…`)
/// of a text holding a character XML 1.0 cannot (U+FFFE, a control
/// character…), with its position as the column.
pub fn write_iati(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
    activity: &IatiActivity,
) -> Result<IatiFile> {
    if activity.participating_orgs.is_empty() {
        return Err(Error::invalid(
            "activity.participating_orgs",
            (
                "IATI cần ít nhất một tổ chức tham gia",
                "IATI needs at least one participating organisation",
            ),
        ));
    }
    for (i, org) in activity.participating_orgs.iter().enumerate() {
        if org.role.is_none() {
            return Err(Error::new(crate::error::ErrorKind::MissingField {
                field: "role".into(),
            })
            .at(format!("activity.participating_orgs[{i}].role")));
        }
    }
    let reports = phase_reports(checked, as_of)?;
    let mut writer = Writer {
        xml: Xml::new(),
        lang: activity.lang,
        checked,
        reports: &reports,
        results: 0,
        indicators: 0,
    };
    writer.header(activity, as_of)?;
    for (i, component) in checked.data.framework().components.iter().enumerate() {
        let path = format!("data.framework.components[{i}]");
        writer.component(component, &activity.result_type, &path)?;
    }
    let (results, indicators) = (writer.results, writer.indicators);
    Ok(IatiFile {
        xml: writer.xml.finish(),
        results,
        indicators,
    })
}

/// The progress report of every phase begun by `as_of`, as of `as_of` or
/// the phase's end.
fn phase_reports(
    checked: &CheckedData<'_>,
    as_of: NaiveDate,
) -> Result<Vec<(Period, ProgressReport)>> {
    let mut out = Vec::new();
    for phase in &checked.data.framework().phases {
        if phase.start > as_of {
            continue;
        }
        let report = crate::progress::progress(
            checked,
            as_of.min(phase.end),
            Some(phase.id.as_str()),
            None,
            &ProgressOptions::default(),
        )?;
        out.push((Period::range(phase.start, phase.end)?, report));
    }
    Ok(out)
}

/// A value as IATI writes it: exact when its decimals end, otherwise to
/// four places (half away from zero).
fn value_text(value: Rational) -> String {
    let text = value.to_string();
    if !text.contains('/') {
        return text;
    }
    crate::number::NumberFormat::En
        .format(value, 4)
        .map(|t| t.replace(',', ""))
        .unwrap_or(text)
}

struct Writer<'a, 'd> {
    xml: Xml,
    lang: Lang,
    checked: &'a CheckedData<'d>,
    reports: &'a [(Period, ProgressReport)],
    results: usize,
    indicators: usize,
}

impl Writer<'_, '_> {
    /// Narratives in both languages, the activity's first; `path` is the
    /// text's field, for a character XML cannot hold.
    fn narratives(&mut self, text: &Text, path: &str) -> Result<()> {
        let other = match self.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        let at = |lang: Lang| move |e: Error| e.under(&format!("{path}.{}", lang.code()));
        self.xml
            .text("narrative", &[], text.get(self.lang))
            .map_err(at(self.lang))?;
        if text.get(other) != text.get(self.lang) {
            self.xml
                .text(
                    "narrative",
                    &[("xml:lang", lang_code(other))],
                    text.get(other),
                )
                .map_err(at(other))?;
        }
        Ok(())
    }

    fn header(&mut self, activity: &IatiActivity, as_of: NaiveDate) -> Result<()> {
        let generated = format!("{}T00:00:00Z", iso(as_of));
        self.xml.open(
            "iati-activities",
            &[("version", "2.03"), ("generated-datetime", &generated)],
        )?;
        self.xml.open(
            "iati-activity",
            &[
                ("xml:lang", lang_code(activity.lang)),
                ("default-currency", "VND"),
                ("last-updated-datetime", &generated),
            ],
        )?;
        self.xml
            .text("iati-identifier", &[], &activity.identifier)
            .map_err(|e| e.under("activity.identifier"))?;
        self.org(
            "reporting-org",
            &activity.reporting_org,
            "activity.reporting_org",
        )?;
        self.xml.open("title", &[])?;
        match &activity.title {
            Some(title) => self.narratives(title, "activity.title")?,
            None => {
                let name = self.checked.data.framework().name.clone();
                self.narratives(&name, "data.framework.name")?;
            }
        }
        self.xml.close();
        self.xml.open("description", &[("type", "1")])?;
        self.narratives(&activity.description, "activity.description")?;
        self.xml.close();
        for (i, org) in activity.participating_orgs.iter().enumerate() {
            let path = format!("activity.participating_orgs[{i}]");
            self.org("participating-org", org, &path)?;
        }
        self.xml
            .empty("activity-status", &[("code", &activity.status)])
            .map_err(|e| e.at("activity.status"))?;
        self.dates(as_of)?;
        self.xml
            .empty(
                "recipient-country",
                &[("code", &activity.recipient_country), ("percentage", "100")],
            )
            .map_err(|e| e.at("activity.recipient_country"))
    }

    /// An organisation at `path`: its attributes are named as its fields
    /// are (`ref`, `type`, `role`).
    fn org(&mut self, element: &'static str, org: &IatiOrg, path: &str) -> Result<()> {
        let mut attributes: Vec<(&str, &str)> = Vec::new();
        if let Some(r) = &org.reference {
            attributes.push(("ref", r));
        }
        if let Some(k) = &org.kind {
            attributes.push(("type", k));
        }
        if let (Some(role), "participating-org") = (&org.role, element) {
            attributes.push(("role", role));
        }
        self.xml
            .open(element, &attributes)
            .map_err(|e| e.under(path))?;
        self.narratives(&org.name, &format!("{path}.name"))?;
        self.xml.close();
        Ok(())
    }

    /// Planned start and end from the phases; the actual start once begun.
    fn dates(&mut self, as_of: NaiveDate) -> Result<()> {
        let phases = &self.checked.data.framework().phases;
        let start = phases.iter().map(|p| p.start).min();
        let end = phases.iter().map(|p| p.end).max();
        if let Some(start) = start {
            self.xml
                .empty("activity-date", &[("type", "1"), ("iso-date", &iso(start))])?;
            if start <= as_of {
                self.xml
                    .empty("activity-date", &[("type", "2"), ("iso-date", &iso(start))])?;
            }
        }
        if let Some(end) = end {
            self.xml
                .empty("activity-date", &[("type", "3"), ("iso-date", &iso(end))])?;
        }
        if start.is_none() {
            self.xml
                .empty("activity-date", &[("type", "2"), ("iso-date", &iso(as_of))])?;
        }
        Ok(())
    }

    /// A component at `path` (`data.framework.components[0]`) and those
    /// inside it.
    fn component(&mut self, component: &Component, result_type: &str, path: &str) -> Result<()> {
        if !component.indicators.is_empty() {
            self.results += 1;
            self.xml
                .open(
                    "result",
                    &[("type", result_type), ("aggregation-status", "0")],
                )
                .map_err(|e| e.at("activity.result_type"))?;
            self.xml.open("title", &[])?;
            self.narratives(&component.name, &format!("{path}.name"))?;
            self.xml.close();
            for (i, indicator) in component.indicators.iter().enumerate() {
                self.indicator(indicator, &format!("{path}.indicators[{i}]"))?;
            }
            self.xml.close();
        }
        for (i, child) in component.components.iter().enumerate() {
            self.component(child, result_type, &format!("{path}.components[{i}]"))?;
        }
        Ok(())
    }

    /// An indicator at `path` and its sub-measures.
    fn indicator(&mut self, indicator: &Indicator, path: &str) -> Result<()> {
        self.indicators += 1;
        let percent = self
            .checked
            .framework
            .get(indicator.code.as_str())
            .is_some_and(|e| e.unit.kind == UnitKind::Percent);
        let mut attributes = vec![("measure", if percent { "2" } else { "1" })];
        match indicator.direction {
            Direction::Increase => attributes.push(("ascending", "1")),
            Direction::Decrease => attributes.push(("ascending", "0")),
            Direction::Maintain => {}
        }
        attributes.push(("aggregation-status", "0"));
        self.xml.open("indicator", &attributes)?;
        self.xml.open("title", &[])?;
        self.narratives(&indicator.name, &format!("{path}.name"))?;
        self.xml.close();
        self.xml
            .empty(
                "reference",
                &[("vocabulary", "99"), ("code", indicator.code.as_str())],
            )
            .map_err(|e| e.at(format!("{path}.code")))?;
        if let Some(baseline) = &indicator.baseline {
            let year = baseline.period.start().year().to_string();
            self.xml.empty(
                "baseline",
                &[
                    ("year", &year),
                    ("iso-date", &iso(baseline.period.start())),
                    ("value", &value_text(baseline.value)),
                ],
            )?;
        }
        for period in self.periods_of(indicator) {
            self.period(indicator, &period, path)?;
        }
        self.xml.close();
        for (i, sub) in indicator.sub_measures.iter().enumerate() {
            self.indicator(sub, &format!("{path}.sub_measures[{i}]"))?;
        }
        Ok(())
    }

    fn root_code(&self) -> Option<String> {
        let root = self.checked.areas.root().ok()?;
        self.checked
            .areas
            .get(root)
            .map(|a| a.code.as_str().to_string())
    }

    /// Programme-level observations of an indicator (every breakdown),
    /// each with its position in the data set.
    fn observed(&self, indicator: &Indicator) -> Vec<(usize, Period, Disaggregation, Rational)> {
        let root = self.root_code();
        self.checked
            .data
            .observations()
            .enumerate()
            .filter(|(_, o)| {
                o.indicator() == &indicator.code && Some(o.area().as_str()) == root.as_deref()
            })
            .filter_map(|(i, o)| {
                let value = o.value().or_else(|| {
                    let share = o.numerator()?.checked_div(o.denominator()?)?;
                    Some(share.checked_mul(Rational::HUNDRED).unwrap_or(share))
                })?;
                Some((i, o.period(), o.disaggregation().clone(), value))
            })
            .collect()
    }

    /// The periods with a programme-level target, then those with a
    /// programme-level figure only, each once, in time order.
    fn periods_of(&self, indicator: &Indicator) -> Vec<Period> {
        let root = self.root_code();
        let mut periods: BTreeSet<Period> = indicator
            .targets
            .iter()
            .filter(|t| {
                t.area
                    .as_ref()
                    .is_none_or(|a| Some(a.as_str()) == root.as_deref())
            })
            .map(|t| t.period)
            .collect();
        periods.extend(self.observed(indicator).into_iter().map(|(_, p, _, _)| p));
        periods.into_iter().collect()
    }

    /// A `<period>` of the indicator at `path`: its targets, then its actuals.
    fn period(&mut self, indicator: &Indicator, period: &Period, path: &str) -> Result<()> {
        let root = self.root_code();
        self.xml.open("period", &[])?;
        self.xml
            .empty("period-start", &[("iso-date", &iso(period.start()))])?;
        self.xml
            .empty("period-end", &[("iso-date", &iso(period.end()))])?;
        for (i, target) in indicator.targets.iter().enumerate().filter(|(_, t)| {
            t.period == *period
                && t.area
                    .as_ref()
                    .is_none_or(|a| Some(a.as_str()) == root.as_deref())
        }) {
            let place = format!("{path}.targets[{i}].disaggregation");
            self.figure("target", target.value, &target.disaggregation, None, &place)?;
        }
        let phase_actual = self
            .reports
            .iter()
            .find(|(p, _)| p.start() == period.start() && p.end() == period.end());
        let achieved = phase_actual.and_then(|(_, report)| {
            let row = report.rows.iter().find(|r| r.code == indicator.code)?;
            Some((row.achieved?.value, report.as_of))
        });
        let observed = self.observed(indicator);
        let place = |i: &usize| format!("data.observations[{i}].disaggregation");
        match achieved {
            Some((value, as_of)) => {
                self.figure("actual", value, &Disaggregation::total(), Some(as_of), "")?
            }
            None => {
                for (i, _, disaggregation, value) in observed
                    .iter()
                    .filter(|(_, p, d, _)| p == period && d.is_empty())
                {
                    self.figure("actual", *value, disaggregation, None, &place(i))?;
                }
            }
        }
        for (i, _, disaggregation, value) in observed
            .iter()
            .filter(|(_, p, d, _)| p == period && !d.is_empty())
        {
            self.figure("actual", *value, disaggregation, None, &place(i))?;
        }
        self.xml.close();
        Ok(())
    }

    /// A `<target>` or `<actual>`: value, dimensions, and the as-of date.
    /// `place` is the path of the breakdown, for a dimension or category
    /// XML cannot hold.
    fn figure(
        &mut self,
        element: &'static str,
        value: Rational,
        by: &Disaggregation,
        as_of: Option<NaiveDate>,
        place: &str,
    ) -> Result<()> {
        let value = value_text(value);
        if by.is_empty() && as_of.is_none() {
            return self.xml.empty(element, &[("value", &value)]);
        }
        self.xml.open(element, &[("value", &value)])?;
        for (name, category) in by.iter() {
            self.xml
                .empty("dimension", &[("name", name), ("value", category)])
                .map_err(|e| {
                    // The dimension is a key of the breakdown; the category its value.
                    let at = if e.path() == "name" {
                        place.to_string()
                    } else {
                        format!("{place}.{name}")
                    };
                    e.at(at)
                })?;
        }
        if let Some(date) = as_of {
            self.xml.open("comment", &[])?;
            let text = Text::new(
                format!("Đến ngày {}", crate::period::dmy(date)),
                format!("As of {}", iso(date)),
            );
            self.narratives(&text, "as_of")?;
            self.xml.close();
        }
        self.xml.close();
        Ok(())
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}
