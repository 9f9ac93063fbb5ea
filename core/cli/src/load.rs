//! Reading the user's files into a data set: JSON, or CSV observations over
//! a base data set, with a progress bar on stderr for large files when it
//! is a terminal.

use std::fs::File;
use std::io::IsTerminal;
use std::path::Path;

use chitieu::{DataSet, Lang, Text};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{DataArgs, LangArg};

/// An error of the command: the core's (with its path or line), or one of
/// reading a file, with the file named.
#[derive(Debug)]
pub enum CliError {
    /// The core refused the input.
    Core {
        /// The file it came from, when there is one.
        file: Option<String>,
        /// The error.
        error: chitieu::Error,
    },
    /// A file could not be read or written, or an argument is missing.
    Other(Text),
}

impl CliError {
    /// The message in `lang`: the file, then the core's message (which
    /// names the path or line).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CliError::Core {
                file: Some(file),
                error,
            } => format!("{file}: {}", in_cli_words(error).message(lang)),
            CliError::Core { file: None, error } => in_cli_words(error).message(lang),
            CliError::Other(text) => text.get(lang).to_string(),
        }
    }

    /// A core error from reading `file`.
    pub fn in_file(file: &Path) -> impl Fn(chitieu::Error) -> CliError + '_ {
        move |error| CliError::Core {
            file: Some(file.display().to_string()),
            error,
        }
    }
}

/// A refusal of invalid data shows the way out in the command line's
/// words.
fn in_cli_words(error: &chitieu::Error) -> chitieu::Error {
    error
        .clone()
        .for_caller(chitieu::error::Caller::CommandLine)
}

impl From<chitieu::Error> for CliError {
    fn from(error: chitieu::Error) -> CliError {
        CliError::Core { file: None, error }
    }
}

/// Files above this size show a progress bar while they load.
const BAR_FROM_BYTES: u64 = 8 << 20;

/// Reads a UTF-8 text file, with a progress bar when it is large and stderr
/// is a terminal (silent otherwise: pipes and CI logs stay clean).
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let unreadable = |e: std::io::Error| {
        CliError::Other(Text::new(
            format!("không đọc được tệp «{}»: {e}", path.display()),
            format!("cannot read file `{}`: {e}", path.display()),
        ))
    };
    let file = File::open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    // A device or pipe has no useful size: its read is bounded instead.
    let len = metadata.is_file().then_some(metadata.len());
    let bar = match len {
        Some(len) if len >= BAR_FROM_BYTES && std::io::stderr().is_terminal() => {
            let bar = ProgressBar::new(len);
            if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes}")
            {
                bar.set_style(style);
            }
            bar.set_message(path.display().to_string());
            bar
        }
        _ => ProgressBar::hidden(),
    };
    // The size is checked before a byte is read, and the read stops at
    // the limit: a huge file or an endless device is refused, not loaded.
    let bytes = chitieu::io::read_limited(
        bar.wrap_read(file),
        len,
        chitieu::io::json::MAX_INPUT_BYTES,
        &path.display().to_string(),
    )?;
    bar.finish_and_clear();
    // The core's check says what is wrong and where; it reads the bytes
    // again only when they are not UTF-8.
    String::from_utf8(bytes).map_err(|e| {
        match chitieu::io::file_text(e.as_bytes(), &path.display().to_string()) {
            Err(error) => CliError::from(error),
            Ok(_) => unreadable(std::io::Error::other(e.utf8_error())),
        }
    })
}

/// Refuses an output file that is one of the inputs: compared as files
/// (device and inode), not by name, so a symbolic or hard link, `../` or
/// another spelling of an input is refused too, and the input is left
/// untouched (exit code 2).
pub fn not_an_input(output: &Path, inputs: &[&Path]) -> Result<(), CliError> {
    // An output that does not exist yet cannot be an input.
    let Ok(target) = std::fs::metadata(output) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::metadata(input).is_ok_and(|m| same_file(&m, &target, input, output)) {
            return Err(CliError::Other(Text::new(
                format!(
                    "-o «{}» là tệp đầu vào «{}»: ghi vào đó sẽ xóa mất dữ liệu vào; hãy chọn tệp khác",
                    output.display(),
                    input.display()
                ),
                format!(
                    "-o `{}` is the input file `{}`: writing there would destroy the input; choose another file",
                    output.display(),
                    input.display()
                ),
            )));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata, a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// The data set the arguments name: the built-in Project 8 data, a JSON
/// data set, or CSV observations over `--base` (default the built-in
/// framework and areas).
pub fn data_set(args: &DataArgs) -> Result<DataSet, CliError> {
    let Some(path) = &args.data else {
        let name = args.builtin.as_deref().unwrap_or("project8");
        return Ok(chitieu::builtin::load(name).map_err(|e| e.at("--builtin"))?);
    };
    let text = read_text(path)?;
    if is_csv(path) {
        let base = match &args.base {
            Some(base) => json_data_set(base, &read_text(base)?)?,
            None => chitieu::builtin::project8()?,
        };
        let format = match args.number_format {
            LangArg::Vi => "vi",
            LangArg::En => "en",
        };
        return base
            .with_csv(&text, format)
            .map_err(CliError::in_file(path));
    }
    json_data_set(path, &text)
}

fn json_data_set(path: &Path, text: &str) -> Result<DataSet, CliError> {
    chitieu::io::json::from_str(text).map_err(CliError::in_file(path))
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The as-of date: the one given, or the built-in data's own (2023-12-31
/// for Project 8, 2024-12-31 for the sample province report); with a file
/// of one's own it must be given, never guessed from the clock.
pub fn as_of(given: Option<&str>, data: &DataArgs) -> Result<NaiveDate, CliError> {
    match (given, &data.data, data.builtin.as_deref()) {
        (Some(date), _, _) => Ok(chitieu::period::parse_date(date).map_err(|e| e.at("--as-of"))?),
        (None, None, None | Some("project8")) => Ok(chitieu::period::parse_date("2023-12-31")?),
        (None, None, Some(_)) => Ok(chitieu::period::parse_date("2024-12-31")?),
        (None, Some(_), _) => Err(CliError::Other(Text::new(
            "cần --as-of (ngày báo cáo, YYYY-MM-DD) khi dùng dữ liệu của mình",
            "--as-of (the report date, YYYY-MM-DD) is needed with your own data",
        ))),
    }
}
