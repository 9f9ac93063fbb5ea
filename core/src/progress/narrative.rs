//! A progress report in sentences, the way programme staff write theirs:
//! "Thành lập, duy trì được 7.623/9.000 Tổ truyền thông cộng đồng (đạt
//! 84,7% chỉ tiêu giai đoạn 1)". The verbs and nouns come from the
//! framework ([`ReportPhrase`](crate::model::ReportPhrase)); this module
//! only places the figures, formatted in the language's own way, and says
//! how each stands against its target.

use std::fmt;

use crate::error::Result;
use crate::model::Direction;
use crate::model::phrase::{Piece, Slot, pieces};
use crate::number::{NumberFormat, Rational};
use crate::progress::figures::Status;
use crate::progress::report::{ProgressReport, ProgressRow};
use crate::text::Lang;

/// A report's sentences: a heading with the date, one sentence per
/// indicator with a figure, and the next year's targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// "Đến hết ngày 31/12/2023:" / "By 31 December 2023:".
    pub heading: String,
    /// One sentence per indicator with an achieved figure, in framework
    /// order; sub-measures are said within their parent's.
    pub results: Vec<String>,
    /// "Năm 2024 phấn đấu …": the targets the framework sets for the next
    /// year, when there are any.
    pub plan: Option<String>,
}

impl fmt::Display for Narrative {
    /// The heading, the results as a list (`;` between, `.` at the end, as
    /// reports punctuate them) and the plan as a paragraph.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.heading)?;
        let last = self.results.len().saturating_sub(1);
        for (i, sentence) in self.results.iter().enumerate() {
            writeln!(f, "- {sentence}{}", if i == last { "." } else { ";" })?;
        }
        if let Some(plan) = &self.plan {
            writeln!(f, "{plan}.")?;
        }
        Ok(())
    }
}

impl ProgressReport {
    /// The report in sentences in `lang` (see [`Narrative`]).
    ///
    /// ```
    /// use chitieu::progress::{progress, ProgressOptions};
    /// use chitieu::{period::parse_date, Lang};
    ///
    /// let data = chitieu::builtin::project8()?;
    /// let report = progress(&data.check()?, parse_date("2023-12-31")?, None, None, &ProgressOptions::default())?;
    /// let text = report.to_text(Lang::Vi)?;
    /// assert!(text.contains("- Thành lập, duy trì được 7.623/9.000 Tổ truyền thông cộng đồng (đạt 84,7% chỉ tiêu giai đoạn 1);"));
    /// assert!(report.to_text(Lang::En)?.contains("(84.7% of the phase 1 target)"));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn to_text(&self, lang: Lang) -> Result<String> {
        Ok(self.narrative(lang)?.to_string())
    }

    /// The report's sentences in `lang`, as parts.
    pub fn narrative(&self, lang: Lang) -> Result<Narrative> {
        let writer = Writer {
            report: self,
            lang,
            fmt: NumberFormat::from(lang),
        };
        let mut results = Vec::new();
        for row in self.rows.iter().filter(|r| r.parent.is_none()) {
            if let Some(sentence) = writer.result(row)? {
                results.push(sentence);
            }
        }
        Ok(Narrative {
            heading: writer.heading(),
            results,
            plan: writer.plan()?,
        })
    }
}

/// What every sentence of one narrative shares.
struct Writer<'r> {
    report: &'r ProgressReport,
    lang: Lang,
    fmt: NumberFormat,
}

impl Writer<'_> {
    fn heading(&self) -> String {
        use chrono::Datelike;
        let d = self.report.as_of;
        match self.lang {
            Lang::Vi => format!("Đến hết ngày {}:", crate::period::dmy(d)),
            Lang::En => format!("By {} {} {}:", d.day(), month_name(d), d.year()),
        }
    }

    /// A figure as a sentence writes it: integers whole, others to the
    /// report's decimals, `%` after a percentage unit.
    fn figure(&self, row: &ProgressRow, value: Rational) -> Result<String> {
        let decimals = if value.is_integer() {
            0
        } else {
            self.report.wording.decimals
        };
        let shown = self.fmt.format(value, decimals)?;
        Ok(if row.wording.percent_unit {
            format!("{shown}%")
        } else {
            shown
        })
    }

    /// The achieved figure with its qualifier ("trên 12.478").
    fn achieved(&self, row: &ProgressRow) -> Result<Option<String>> {
        let Some(a) = row.achieved else {
            return Ok(None);
        };
        let shown = self.figure(row, a.value)?;
        Ok(Some(match a.qualifier {
            Some(q) => format!("{} {shown}", q.label(self.lang)),
            None => shown,
        }))
    }

    /// "(đạt 84,7% chỉ tiêu giai đoạn 1)", "(vượt chỉ tiêu giai đoạn 1)":
    /// how a row stands against its phase target; empty without one.
    fn standing(&self, row: &ProgressRow) -> Result<String> {
        let (Some(status), Some(percent)) = (row.status, row.percent) else {
            return Ok(String::new());
        };
        let phase = self.phase_name();
        let pct = self.percent(percent)?;
        let over = match row.exceeded_by {
            Some(by) if self.report.wording.overshoot => Some(self.percent(by)?),
            _ => None,
        };
        let maintain = row.direction == Direction::Maintain;
        Ok(match (self.lang, status, over) {
            (Lang::Vi, Status::Exceeded, Some(by)) => format!("(vượt {by} chỉ tiêu {phase})"),
            (Lang::Vi, Status::Exceeded, None) => format!("(vượt chỉ tiêu {phase})"),
            (Lang::Vi, Status::Achieved, _) if maintain => {
                format!("(duy trì được chỉ tiêu {phase})")
            }
            (Lang::Vi, Status::NotMaintained, _) => format!("(chưa duy trì được chỉ tiêu {phase})"),
            (Lang::Vi, _, _) => format!("(đạt {pct} chỉ tiêu {phase})"),
            (Lang::En, Status::Exceeded, Some(by)) => {
                format!("(the {phase} target exceeded by {by})")
            }
            (Lang::En, Status::Exceeded, None) => format!("(the {phase} target exceeded)"),
            (Lang::En, Status::Achieved, _) if maintain => {
                format!("(the {phase} target maintained)")
            }
            (Lang::En, Status::NotMaintained, _) => format!("(the {phase} target not maintained)"),
            (Lang::En, _, _) => format!("({pct} of the {phase} target)"),
        })
    }

    /// A percentage: "100%" when whole, "84,7%" to the report's decimals.
    fn percent(&self, value: Rational) -> Result<String> {
        let decimals = if value.is_integer() {
            0
        } else {
            self.report.wording.decimals
        };
        self.fmt.format_percent(value, decimals)
    }

    fn phase_name(&self) -> &str {
        let phase = &self.report.phase;
        phase
            .short_name
            .as_ref()
            .unwrap_or(&phase.name)
            .get(self.lang)
    }

    /// One indicator's sentence, or `None` when nothing was achieved yet
    /// to report; when some expected areas have no figure, the sentence
    /// ends by saying so ("(2/3 tỉnh báo cáo)").
    fn result(&self, row: &ProgressRow) -> Result<Option<String>> {
        let sentence = self.figures_sentence(row)?;
        Ok(sentence.map(|text| match row.coverage {
            Some(c) if !c.is_full() => format!("{text} ({})", c.phrase(self.lang)),
            _ => text,
        }))
    }

    /// One indicator's figures in its phrase, or `None` when nothing was
    /// achieved yet to report.
    fn figures_sentence(&self, row: &ProgressRow) -> Result<Option<String>> {
        let Some(achieved) = self.achieved(row)? else {
            return Ok(None);
        };
        let target = row.target.map(|t| self.figure(row, t)).transpose()?;
        let standing = self.standing(row)?;
        let subs = self.sub_measures(row)?;
        let Some(phrase) = &row.wording.phrase else {
            let mut plain = format!("{}: {achieved}", row.name.get(self.lang));
            if let Some(t) = target {
                plain = format!("{plain}/{t}");
            }
            for part in [standing].into_iter().chain(subs).filter(|p| !p.is_empty()) {
                plain = format!("{plain} {part}");
            }
            return Ok(Some(plain));
        };
        Ok(Some(fill(
            phrase.result.get(self.lang),
            |slot| match slot {
                Slot::Achieved => Some(achieved.clone()),
                Slot::Target => target.clone(),
                Slot::Standing => Some(standing.clone()),
                Slot::SubMeasures => Some(subs.join(", ")),
            },
        )))
    }

    /// The phrases of a row's sub-measures that have a figure.
    fn sub_measures(&self, parent: &ProgressRow) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for row in self
            .report
            .rows
            .iter()
            .filter(|r| r.parent.as_ref() == Some(&parent.code))
        {
            let Some(achieved) = self.achieved(row)? else {
                continue;
            };
            out.push(match &row.wording.phrase {
                Some(phrase) => fill(phrase.result.get(self.lang), |slot| {
                    (slot == Slot::Achieved).then(|| achieved.clone())
                }),
                None => format!("({}: {achieved})", row.name.get(self.lang)),
            });
        }
        Ok(out)
    }

    /// "Năm 2024 phấn đấu …": every target the framework sets for the
    /// next year, each in its plan phrase. When some have no phrase, the
    /// list is headed "Chỉ tiêu năm 2024:" and names those indicators.
    fn plan(&self) -> Result<Option<String>> {
        let mut year = None;
        let mut items = Vec::new();
        let mut all_phrased = true;
        for row in &self.report.rows {
            let Some((period, planned)) = row
                .next_year
                .as_ref()
                .and_then(|n| Some((n.period, n.planned?)))
            else {
                continue;
            };
            year.get_or_insert(period);
            let target = self.figure(row, planned)?;
            items.push(
                match row.wording.phrase.as_ref().and_then(|p| p.plan.as_ref()) {
                    Some(plan) => fill(plan.get(self.lang), |slot| {
                        (slot == Slot::Target).then(|| target.clone())
                    }),
                    None => {
                        all_phrased = false;
                        format!("{}: {target}", row.name.get(self.lang))
                    }
                },
            );
        }
        let Some(year) = year else { return Ok(None) };
        let list = items.join("; ");
        Ok(Some(match (self.lang, all_phrased) {
            (Lang::Vi, true) => format!("Năm {year} phấn đấu {list}"),
            (Lang::En, true) => format!("In {year}, the aim is to {list}"),
            (Lang::Vi, false) => format!("Chỉ tiêu năm {year}: {list}"),
            (Lang::En, false) => format!("Targets for {year}: {list}"),
        }))
    }
}

/// Fills a checked template; a slot with nothing to say is left out with
/// the space before it, so no sentence has a hole or a double space.
fn fill(template: &str, value: impl Fn(Slot) -> Option<String>) -> String {
    // The framework check refused bad templates, so this never copies one.
    let Ok(pieces) = pieces(template) else {
        return template.to_string();
    };
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(slot) => match value(slot).filter(|v| !v.is_empty()) {
                Some(v) => out.push_str(&v),
                None => {
                    let trimmed = out.trim_end().len();
                    out.truncate(trimmed);
                }
            },
        }
    }
    out.trim().to_string()
}

fn month_name(date: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default()
}
