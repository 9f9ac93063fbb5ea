//! Each command: load, call the core, write its result in the chosen
//! format. Tables, sentences, CSV, Markdown and HTML are the core's own
//! renderings; this module only picks one and writes it.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chitieu::area::{SchemeSet, rebase};
use chitieu::io::table::Table;
use chitieu::model::{CheckedData, InvalidData};
use chitieu::progress::{
    AllocationUnit, ApportionMethod, ProgressOptions, apportion, progress, rollup, scores,
};
use chitieu::rules::{Severity, ValidateOptions, catalogue, validate};
use chitieu::{Lang, Rational, Text};
use chrono::NaiveDate;
use clap::ValueEnum;
use serde::Serialize;

use crate::load::{CliError, as_of, data_set};
use crate::{Cli, Command, DataArgs, InvalidArg, MethodArg};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// Sentences, as programme reports write them.
    Text,
    /// The JSON contract's result.
    Json,
    /// CSV, exact numbers as their exact text.
    Csv,
    /// An HTML table.
    Html,
    /// A Markdown table.
    Md,
    /// An Excel workbook (progress and findings; needs `-o FILE`).
    Xlsx,
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report.
    Clean,
    /// Validation found errors.
    Findings,
}

impl Outcome {
    /// The process exit code: 0 clean, 1 when findings of severity error exist.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
        }
    }
}

/// Runs the command line's command.
pub fn run(cli: &Cli, lang: Lang) -> Result<Outcome, CliError> {
    let format = cli.format.unwrap_or(Format::Table);
    if let Some(output) = &cli.output {
        crate::load::not_an_input(output, &inputs(&cli.command))?;
    }
    let (text, outcome) = match &cli.command {
        Command::Progress {
            data,
            at,
            overshoot,
        } => (
            progress_text(data, at, *overshoot, lang, format)?,
            Outcome::Clean,
        ),
        Command::Validate {
            data,
            as_of: date,
            disabled,
        } => validate_text(data, date.as_deref(), disabled, lang, format)?,
        Command::Rollup {
            data,
            at,
            indicator,
        } => {
            let rolled = with_checked(data, at, lang, |checked, date| {
                rollup(checked, date, at.phase.as_deref(), indicator.as_deref())
            })?;
            (
                tabular(&rolled, &rolled.to_columns(), format, "rollup")?,
                Outcome::Clean,
            )
        }
        Command::Scores { data, at } => {
            let options = ProgressOptions {
                lang,
                ..ProgressOptions::default()
            };
            let result = with_checked(data, at, lang, |checked, date| {
                scores(
                    checked,
                    date,
                    at.phase.as_deref(),
                    at.area.as_deref(),
                    &options,
                )
            })?;
            (only_json(&result, format, "scores")?, Outcome::Clean)
        }
        Command::Rebase { data, from, to } => {
            (rebase_text(data, from, to, format)?, Outcome::Clean)
        }
        Command::Allocate {
            total,
            units,
            method,
        } => (
            allocate_text(*total, units, *method, format)?,
            Outcome::Clean,
        ),
        Command::Rules => (rules_text(lang, format)?, Outcome::Clean),
        Command::Schemes => (schemes_text(lang, format)?, Outcome::Clean),
    };
    write_out(cli.output.as_deref(), &text, format)?;
    Ok(outcome)
}

/// The files the command reads.
fn inputs(command: &Command) -> Vec<&Path> {
    let data = match command {
        Command::Progress { data, .. }
        | Command::Validate { data, .. }
        | Command::Rollup { data, .. }
        | Command::Scores { data, .. }
        | Command::Rebase { data, .. } => data,
        Command::Allocate { .. } | Command::Rules | Command::Schemes => return Vec::new(),
    };
    [data.data.as_deref(), data.base.as_deref()]
        .into_iter()
        .flatten()
        .collect()
}

/// The number format CSV is read and written in (`--number-format`).
fn csv_format(data: &DataArgs) -> chitieu::NumberFormat {
    match data.number_format {
        crate::LangArg::Vi => chitieu::NumberFormat::Vi,
        crate::LangArg::En => chitieu::NumberFormat::En,
    }
}

fn invalid(data: &DataArgs) -> InvalidData {
    match data.invalid {
        InvalidArg::Error => InvalidData::Error,
        InvalidArg::Exclude => InvalidData::Exclude,
    }
}

/// What `--invalid exclude` left out, said on stderr (the output itself
/// stays the report).
fn note_excluded(excluded: Option<&chitieu::model::Excluded>, lang: Lang) {
    if let Some(excluded) = excluded.filter(|e| e.total > 0) {
        let first = excluded
            .by_reason
            .values()
            .flat_map(|g| g.first.iter())
            .next()
            .cloned()
            .unwrap_or_default();
        match lang {
            Lang::Vi => eprintln!(
                "chitieu: bỏ qua {} quan sát không hợp lệ (đầu tiên: {first})",
                excluded.total
            ),
            Lang::En => eprintln!(
                "chitieu: left out {} invalid observations (first: {first})",
                excluded.total
            ),
        }
    }
}

/// Loads and checks the data (`--invalid` deciding what a problem does),
/// then computes on it as of the report date.
fn with_checked<T>(
    data: &DataArgs,
    at: &crate::ReportAt,
    lang: Lang,
    compute: impl FnOnce(&CheckedData<'_>, NaiveDate) -> chitieu::Result<T>,
) -> Result<T, CliError> {
    let set = data_set(data)?;
    let (checked, excluded) = set.check_with(invalid(data))?;
    note_excluded(excluded.as_ref(), lang);
    let date = as_of(at.as_of.as_deref(), data)?;
    Ok(compute(&checked, date)?)
}

fn progress_text(
    data: &DataArgs,
    at: &crate::ReportAt,
    overshoot: bool,
    lang: Lang,
    format: Format,
) -> Result<Vec<u8>, CliError> {
    let options = ProgressOptions {
        lang,
        overshoot,
        ..ProgressOptions::default()
    };
    let report = with_checked(data, at, lang, |checked, date| {
        progress(
            checked,
            date,
            at.phase.as_deref(),
            at.area.as_deref(),
            &options,
        )
    })?;
    Ok(match format {
        Format::Table => report.to_table(lang).into_bytes(),
        Format::Text => report.to_text(lang)?.into_bytes(),
        Format::Html => report.to_html(lang).into_bytes(),
        Format::Json => json(&report)?,
        Format::Csv => report.to_columns().to_csv()?.into_bytes(),
        Format::Md => report.to_columns().to_markdown().into_bytes(),
        Format::Xlsx => report.to_xlsx(lang)?,
    })
}

fn validate_text(
    data: &DataArgs,
    date: Option<&str>,
    disabled: &[String],
    lang: Lang,
    format: Format,
) -> Result<(Vec<u8>, Outcome), CliError> {
    let set = data_set(data)?;
    let date = as_of(date, data)?;
    let options = ValidateOptions {
        disabled: disabled.to_vec(),
        ..ValidateOptions::default()
    };
    let report = validate(&set, date, &options)?;
    let errors = report
        .summary
        .by_severity
        .get(&Severity::Error)
        .copied()
        .unwrap_or(0);
    let text = match format {
        Format::Table | Format::Text => report.to_text(lang).into_bytes(),
        Format::Html => report.to_html(lang).into_bytes(),
        Format::Json => json(&report)?,
        Format::Csv => report.to_columns(lang).to_csv()?.into_bytes(),
        Format::Md => report.to_columns(lang).to_markdown().into_bytes(),
        Format::Xlsx => report.to_xlsx(lang)?,
    };
    let outcome = if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    Ok((text, outcome))
}

fn rebase_text(data: &DataArgs, from: &str, to: &str, format: Format) -> Result<Vec<u8>, CliError> {
    let set = data_set(data)?;
    let schemes = SchemeSet::builtin()?;
    let Some(crosswalk) = schemes.crosswalk(from, to) else {
        return Err(CliError::Other(Text::new(
            format!("không có bảng chuyển đổi từ «{from}» sang «{to}» (có: vn-2004 → vn-2025)"),
            format!("no crosswalk from `{from}` to `{to}` (there is: vn-2004 → vn-2025)"),
        )));
    };
    let rebased = rebase(&set, crosswalk, &schemes)?;
    match format {
        Format::Json => json(&rebased),
        Format::Csv => {
            let observations: Vec<_> = rebased
                .data
                .observations()
                .map(|o| o.to_observation())
                .collect();
            Ok(chitieu::io::csv::write_observations(&observations, csv_format(data))?.into_bytes())
        }
        other => Err(unsupported(other, "rebase", "json, csv")),
    }
}

fn allocate_text(
    total: u64,
    units: &[String],
    method: MethodArg,
    format: Format,
) -> Result<Vec<u8>, CliError> {
    let mut parsed = Vec::with_capacity(units.len());
    for (i, unit) in units.iter().enumerate() {
        let Some((code, weight)) = unit.split_once('=') else {
            return Err(CliError::Other(Text::new(
                format!("đơn vị thứ {} «{unit}» phải có dạng MÃ=TRỌNG_SỐ", i + 1),
                format!("unit {} `{unit}` must be CODE=WEIGHT", i + 1),
            )));
        };
        let weight = Rational::parse(weight).map_err(|e| e.at(format!("units[{i}].weight")))?;
        parsed.push(AllocationUnit::new(code, weight));
    }
    let method = match method {
        MethodArg::LargestRemainder => ApportionMethod::LargestRemainder,
        MethodArg::Dhondt => ApportionMethod::Dhondt,
        MethodArg::SainteLague => ApportionMethod::SainteLague,
        MethodArg::HuntingtonHill => ApportionMethod::HuntingtonHill,
    };
    let allocation = apportion(total, &parsed, method)?;
    let table = Table::over(&allocation.allocations)
        .text("code", |a| Some(a.code.clone()))
        .exact("weight", |a| Some(a.weight))
        .exact("quota", |a| Some(a.quota))
        .int("allocated", |a| i64::try_from(a.allocated).ok())
        .finish();
    tabular(&allocation, &table, format, "allocate")
}

fn rules_text(lang: Lang, format: Format) -> Result<Vec<u8>, CliError> {
    let rules = catalogue();
    let table = Table::over(&rules)
        .text("id", |r| Some(r.id.clone()))
        .code("severity", |r| Some(r.severity))
        .code("category", |r| Some(r.category))
        .code("locality", |r| Some(r.locality))
        .text("title", |r| Some(r.title.get(lang).to_string()))
        .text("legal_basis", |r| {
            Some(
                r.legal_basis
                    .iter()
                    .map(|b| b.document.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
        .finish();
    tabular(&rules, &table, format, "rules")
}

fn schemes_text(lang: Lang, format: Format) -> Result<Vec<u8>, CliError> {
    let schemes = SchemeSet::builtin()?;
    let table = Table::over(&schemes.schemes)
        .text("id", |s| Some(s.id.clone()))
        .text("name", |s| Some(s.name.get(lang).to_string()))
        .code("level", |s| Some(s.level))
        .text("valid_from", |s| s.valid_from.map(|d| d.to_string()))
        .text("valid_to", |s| s.valid_to.map(|d| d.to_string()))
        .int("areas", |s| i64::try_from(s.areas.len()).ok())
        .finish();
    tabular(&schemes, &table, format, "schemes")
}

/// A result with a flat form: JSON from the result, the rest from its table.
fn tabular<T: Serialize>(
    result: &T,
    table: &Table,
    format: Format,
    command: &str,
) -> Result<Vec<u8>, CliError> {
    match format {
        Format::Json => json(result),
        Format::Csv => Ok(table.to_csv()?.into_bytes()),
        Format::Md => Ok(table.to_markdown().into_bytes()),
        Format::Table => Ok(table.to_aligned().into_bytes()),
        other => Err(unsupported(other, command, "table, json, csv, md")),
    }
}

fn only_json<T: Serialize>(result: &T, format: Format, command: &str) -> Result<Vec<u8>, CliError> {
    match format {
        Format::Json | Format::Table => json(result),
        other => Err(unsupported(other, command, "json")),
    }
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, CliError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| {
        CliError::Other(Text::new(
            format!("không ghi được JSON ({e})"),
            format!("cannot write JSON ({e})"),
        ))
    })?;
    text.push('\n');
    Ok(text.into_bytes())
}

fn unsupported(format: Format, command: &str, usable: &str) -> CliError {
    let name = format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    CliError::Other(Text::new(
        format!("lệnh «{command}» không viết được dạng «{name}» (dùng được: {usable})"),
        format!("`{command}` cannot write `{name}` (usable: {usable})"),
    ))
}

fn write_out(path: Option<&Path>, bytes: &[u8], format: Format) -> Result<(), CliError> {
    if format == Format::Xlsx && path.is_none() {
        return Err(CliError::Other(Text::new(
            "dạng xlsx cần -o TỆP (một bảng tính không in ra màn hình)",
            "xlsx needs -o FILE (a workbook is not printed to the terminal)",
        )));
    }
    let result = match path {
        Some(path) => std::fs::write(path, bytes),
        None => std::io::stdout().lock().write_all(bytes),
    };
    result.map_err(|e| {
        let place = path.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
        CliError::Other(Text::new(
            format!("không ghi được «{place}»: {e}"),
            format!("cannot write `{place}`: {e}"),
        ))
    })
}
