//! `chitieu`: the progress report, validation findings, roll-ups, scores,
//! re-basing and allocation of the chitieu engine on your own JSON and CSV
//! files, in Vietnamese or English.
//!
//! Exit codes: 0 when all is well, 1 when validation finds errors, 2 for a
//! usage or input error. This crate only reads arguments and files, calls
//! the core and writes what it returns: every figure and message comes
//! from `chitieu`.

mod load;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;

/// Theo dõi chỉ tiêu chương trình mục tiêu quốc gia — monitoring the
/// indicators of a national target programme: progress, validation,
/// roll-ups, re-basing and allocation, exact.
#[derive(Debug, Parser)]
#[command(name = "chitieu", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of labels, sentences and messages.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
    /// Output format (default `table`).
    #[arg(long, short = 'f', global = true, value_enum)]
    format: Option<Format>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Progress of every indicator against its targets.
    Progress {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        at: ReportAt,
        /// In sentences, say by how much a passed target was passed.
        #[arg(long)]
        overshoot: bool,
    },
    /// Every finding of every validation rule (exit code 1 when any is an error).
    Validate {
        #[command(flatten)]
        data: DataArgs,
        /// The date the data is checked as of (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<String>,
        /// Switch a rule off (repeatable), e.g. `--disable reporting.frequency`.
        #[arg(long = "disable", value_name = "RULE")]
        disabled: Vec<String>,
    },
    /// Every indicator rolled up to every area of the hierarchy.
    Rollup {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        at: ReportAt,
        /// Only this indicator.
        #[arg(long)]
        indicator: Option<String>,
    },
    /// Targets achieved and on track, by component and sub-area.
    Scores {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        at: ReportAt,
    },
    /// The data set in another area scheme (default: the 2025 provinces).
    Rebase {
        #[command(flatten)]
        data: DataArgs,
        /// The scheme the data is in.
        #[arg(long, default_value = "vn-2004")]
        from: String,
        /// The scheme to re-base to.
        #[arg(long, default_value = "vn-2025")]
        to: String,
    },
    /// Split a whole number over units in proportion to weights, exactly.
    Allocate {
        /// The total to split.
        total: u64,
        /// The units, as CODE=WEIGHT (e.g. `HG=3 LC=3 YB=1`).
        #[arg(required = true, value_name = "CODE=WEIGHT")]
        units: Vec<String>,
        /// The method.
        #[arg(long, value_enum, default_value_t = MethodArg::LargestRemainder)]
        method: MethodArg,
    },
    /// The validation rules, with their severities and legal bases.
    Rules,
    /// The built-in area schemes.
    Schemes,
}

/// Where the data comes from.
#[derive(Debug, Args)]
struct DataArgs {
    /// A data set (.json) or observations (.csv); without one, the built-in
    /// Project 8 data.
    #[arg(conflicts_with = "builtin")]
    data: Option<PathBuf>,
    /// A built-in data set instead of a file: `project8`, or
    /// `sample-province` (a made-up province report with mistakes).
    #[arg(long, value_name = "NAME")]
    builtin: Option<String>,
    /// The framework and areas of CSV observations (a .json data set);
    /// default the built-in Project 8 framework and areas.
    #[arg(long, value_name = "FILE")]
    base: Option<PathBuf>,
    /// The number format of CSV read and written: `vi` (7.623; 84,7) or
    /// `en` (7,623; 84.7).
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    number_format: LangArg,
    /// Invalid observations: stop at the first (`error`), or leave them out
    /// and say so (`exclude`).
    #[arg(long, value_enum, default_value_t = InvalidArg::Error)]
    invalid: InvalidArg,
}

/// When and where a report is about.
#[derive(Debug, Args)]
struct ReportAt {
    /// The as-of date (YYYY-MM-DD); needed with your own data, 2023-12-31
    /// for the built-in data.
    #[arg(long)]
    as_of: Option<String>,
    /// The phase (default: the one containing the as-of date).
    #[arg(long)]
    phase: Option<String>,
    /// The area (default: the root of the hierarchy).
    #[arg(long)]
    area: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InvalidArg {
    Error,
    Exclude,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodArg {
    LargestRemainder,
    Dhondt,
    SainteLague,
    HuntingtonHill,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(usage) => return usage_error(&usage),
    };
    let lang = match cli.lang {
        LangArg::Vi => chitieu::Lang::Vi,
        LangArg::En => chitieu::Lang::En,
    };
    match output::run(&cli, lang) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            eprintln!("chitieu: {}", error.message(lang));
            ExitCode::from(2)
        }
    }
}

/// Help and version go to stdout (exit 0); a usage error is said in the
/// chosen language first, then clap's details (in English), exit 2.
fn usage_error(usage: &clap::Error) -> ExitCode {
    if !usage.use_stderr() {
        let _ = usage.print();
        return ExitCode::SUCCESS;
    }
    let english = std::env::args().collect::<Vec<_>>().windows(2).any(|pair| {
        pair.first().is_some_and(|a| a == "--lang") && pair.get(1).is_some_and(|v| v == "en")
    }) || std::env::args().any(|a| a == "--lang=en");
    if english {
        eprintln!(
            "chitieu: a wrong command or argument (details below; `chitieu --help` lists them)"
        );
    } else {
        eprintln!(
            "chitieu: lệnh hoặc tham số không đúng (chi tiết bằng tiếng Anh bên dưới; `chitieu --help` liệt kê các lệnh)"
        );
    }
    let _ = usage.print();
    ExitCode::from(2)
}
