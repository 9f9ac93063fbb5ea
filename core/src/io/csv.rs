//! Tidy CSV: one observation per row, in and out.
//!
//! Columns: `indicator`, `area`, `period` (required), `value`, `numerator`,
//! `denominator`, `qualifier`, `source`, `status` (optional), and one
//! `dim:<dimension>` column per disaggregation dimension (an empty cell
//! means the row is not broken down by it). Any other column is an error:
//! a misspelt column would otherwise be lost.
//!
//! Numbers are read and written in the [`NumberFormat`] chosen by the
//! caller, never guessed: `1.377` is 1377 in Vietnamese and 1.377 in
//! English. A byte-order mark and CRLF line ends are accepted.
//!
//! Text cells (codes, categories, sources) are written spreadsheet-safe: a
//! cell that a spreadsheet would run as a formula — starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return — gets a leading `'`, as
//! spreadsheet-safe writers do (`=HYPERLINK(…)` is written `'=HYPERLINK(…)`),
//! and so does a cell starting with `'` before one of those or another `'`.
//! Reading removes that one `'` again, so a round trip changes nothing.
//!
//! ```
//! use chitieu::{io::csv, NumberFormat};
//! let text = "indicator,area,period,value\nP8.CCG,VN,2023,7.623\n";
//! let rows = csv::read_observations(text, NumberFormat::Vi).unwrap();
//! assert_eq!(rows[0].value.unwrap().to_string(), "7623");
//! let err = csv::read_observations("indicator,area,period,value\nP8.CCG,VN,2023,7.6\n",
//!                                  NumberFormat::Vi).unwrap_err();
//! assert_eq!((err.code(), err.path(), err.line()), ("invalid-number", "value", Some(2)));
//! ```

use rustc_hash::FxHashMap as HashMap;

use crate::code::{AreaCode, IndicatorCode};
use crate::error::{Error, ErrorKind, Result};
use crate::json_text::name_of;
use crate::model::store::Store;
use crate::model::{DataSet, Disaggregation, Observation, ObservationStatus, Qualifier};
use crate::number::{NumberFormat, Rational};
use crate::period::Period;
use crate::text::Text;

const KNOWN: [&str; 9] = [
    "indicator",
    "area",
    "period",
    "value",
    "numerator",
    "denominator",
    "qualifier",
    "source",
    "status",
];
use super::columns::DIMENSION_PREFIX;

#[derive(Default, Clone)]
struct Layout {
    known: [Option<usize>; 9],
    dimensions: Vec<(usize, String)>,
}

pub(crate) fn csv_error(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::new(ErrorKind::CsvFormat {
        detail: Text::new(vi, en),
    })
}

/// A row of `len` cells where the header has `expected_len`.
fn unequal_lengths(len: impl std::fmt::Display, expected_len: impl std::fmt::Display) -> Error {
    csv_error(
        format!("dòng có {len} ô, các dòng trước có {expected_len} ô"),
        format!("a row has {len} cells where the rows before have {expected_len}"),
    )
}

/// The line (from 1) of the record the csv crate places at byte `byte` of
/// `text`. Its own line count is one short after a CRLF line end (the `\n`
/// is read with the next record) and ignores skipped blank lines, so the
/// line is counted here, once, when an error needs it.
fn line_at(text: &str, byte: u64) -> u64 {
    let at = usize::try_from(byte).unwrap_or(text.len()).min(text.len());
    let blank = text.get(at..).map_or(0, |t| {
        t.bytes().take_while(|b| matches!(b, b'\r' | b'\n')).count()
    });
    1 + text.get(..at + blank).map_or(0, newlines)
}

/// An error of the csv crate reading `text`, which starts `lines` lines
/// into the file, said in both languages, at its line.
fn reader_error(e: &csv::Error, text: &str, lines: u64) -> Error {
    let line = e.position().map(|p| line_at(text, p.byte()) + lines);
    let error = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => unequal_lengths(len, expected_len),
        csv::ErrorKind::Utf8 { .. } => {
            csv_error("văn bản không phải UTF-8", "the text is not valid UTF-8")
        }
        _ => csv_error(format!("lỗi đọc CSV ({e})"), e.to_string()),
    };
    match line {
        Some(line) => error.at_line(line),
        None => error,
    }
}

/// Whether a cell starting with `c` would run as a formula in a spreadsheet.
fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Appends one record of CSV to `out` as the csv crate's writer writes
/// it by default: a field is quoted when it holds a comma, a quote or a
/// line break, quotes are doubled, `\n` ends the record, and a record of
/// one empty field is `""` (so it is not an empty line). Written here
/// because that writer's other quoting style tries every field as a float,
/// which put the standard library's float parser and its 11 KB table in
/// the browser module.
pub(crate) fn push_record<S: AsRef<str>>(out: &mut String, fields: impl IntoIterator<Item = S>) {
    let start = out.len();
    for (i, field) in fields.into_iter().enumerate() {
        let field = field.as_ref();
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    if out.len() == start {
        out.push_str("\"\"");
    }
    out.push('\n');
}

/// `text` as a spreadsheet-safe cell (see the module docs).
pub(crate) fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    let escape = match (chars.next(), chars.next()) {
        (Some(c), _) if is_formula_start(c) => true,
        (Some('\''), Some(c)) => c == '\'' || is_formula_start(c),
        _ => false,
    };
    if escape {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A text cell as written by [`spreadsheet_safe`], without its `'`.
pub(crate) fn unescape_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c: char| c == '\'' || is_formula_start(c)) => rest,
        _ => cell,
    }
}

/// Quotes that the csv crate would read leniently, changing the data
/// without a word: a quote never closed swallows the rest of the file into
/// one cell, and text after a closing quote (`"abc"def`) is glued on. Both
/// are errors here, at the line and character where they are. Lines before
/// the first quote are not looked at (a quote is rare in tidy data). Every
/// CSV reader of the crate (tidy, DHIS2) calls it before the csv crate.
pub(crate) fn check_quotes(text: &str) -> Result<()> {
    check_quotes_and_split(text, usize::MAX).map(|_| ())
}

/// [`check_quotes`], and where the text can be cut into blocks of about
/// `block` bytes: the start of the first line outside quotes after each
/// multiple of `block`, so that each block holds whole records.
fn check_quotes_and_split(text: &str, block: usize) -> Result<Vec<usize>> {
    let first = text.find('"').unwrap_or(text.len());
    let (mut cuts, mut next_cut) = cuts_before_quotes(text, first, block);
    if first == text.len() {
        return Ok(cuts);
    }
    let start = text
        .get(..first)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let mut scan = QuoteScan {
        text,
        i: start,
        line: 1 + text.get(..start).map_or(0, |t| t.matches('\n').count()) as u64,
        line_start: start,
    };
    while scan.i < text.len() {
        // At the start of a cell.
        if text.as_bytes().get(scan.i) == Some(&b'"') {
            scan.quoted_cell()?;
        }
        if scan.rest_of_cell() {
            let i = scan.i;
            if i >= next_cut && cuts.last() != Some(&i) {
                cuts.push(i);
                next_cut = i.saturating_add(block);
            }
        }
    }
    Ok(cuts)
}

/// The cuts in the lines before the first quote, at `first`, and the
/// place the next cut is due at: before a quote every line end is a
/// record's end, so the scan for quotes can start where they do.
fn cuts_before_quotes(text: &str, first: usize, block: usize) -> (Vec<usize>, usize) {
    let mut cuts = Vec::new();
    let mut next_cut = block;
    while next_cut < first {
        // Bytes: a cut may fall inside a character; the line end may not.
        let ahead = text.as_bytes().get(next_cut..first).unwrap_or_default();
        match ahead.iter().position(|&b| b == b'\n') {
            Some(at) => cuts.push(next_cut + at + 1),
            None => break,
        }
        next_cut = cuts.last().map_or(usize::MAX, |&c| c.saturating_add(block));
    }
    (cuts, next_cut)
}

/// Where [`check_quotes_and_split`] is in the text: the byte `i`, and the
/// line it is on, with the byte that line starts at, for the errors' places.
struct QuoteScan<'a> {
    text: &'a str,
    i: usize,
    line: u64,
    line_start: usize,
}

impl QuoteScan<'_> {
    /// Where the character at byte `i` is: its line and character (from 1).
    fn place(&self) -> (u64, u64) {
        let column = self
            .text
            .get(self.line_start..self.i)
            .map_or(0, |t| t.chars().count()) as u64
            + 1;
        (self.line, column)
    }

    /// Steps over a quoted cell, from its opening quote to just after the
    /// closing one: the two ways the csv crate would read it leniently
    /// (never closed, text after the close) are errors.
    fn quoted_cell(&mut self) -> Result<()> {
        let bytes = self.text.as_bytes();
        let (open_line, open_column) = self.place();
        self.i += 1;
        loop {
            match bytes.get(self.i) {
                None => {
                    return Err(csv_error(
                        format!("dấu ngoặc kép mở ở dòng {open_line}, ký tự {open_column} không được đóng"),
                        format!("the quote opened at line {open_line}, character {open_column} is never closed"),
                    )
                    .at_line(open_line)
                    .at_column(open_column));
                }
                Some(b'"') if bytes.get(self.i + 1) == Some(&b'"') => self.i += 2,
                Some(b'"') => {
                    self.i += 1;
                    break;
                }
                Some(b'\n') => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                }
                Some(_) => self.i += 1,
            }
        }
        if !matches!(bytes.get(self.i), None | Some(b',' | b'\n' | b'\r')) {
            let (l, c) = self.place();
            return Err(csv_error(
                format!("có văn bản sau dấu ngoặc kép đóng ở dòng {l}, ký tự {c}: đặt cả ô trong ngoặc kép"),
                format!("text after a closing quote at line {l}, character {c}: quote the whole cell"),
            )
            .at_line(l)
            .at_column(c));
        }
        Ok(())
    }

    /// Steps over the rest of a cell, then its end: `true` when that end
    /// is a line end, where a block may be cut.
    fn rest_of_cell(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        // A lone `\r` ends a record for the csv crate too: a quote right
        // after it opens a cell.
        while let Some(&b) = bytes.get(self.i) {
            self.i += 1;
            match b {
                b',' | b'\r' => break,
                b'\n' => {
                    self.line += 1;
                    self.line_start = self.i;
                    return true;
                }
                _ => {}
            }
        }
        false
    }
}

fn layout(headers: &csv::StringRecord) -> Result<Layout> {
    let mut out = Layout::default();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim();
        if let Some(dimension) = name.strip_prefix(DIMENSION_PREFIX) {
            // Compared in NFC: `dim:giới tính` typed two ways is one column twice.
            let dimension = crate::text::nfc(dimension.to_string());
            if dimension.is_empty() || out.dimensions.iter().any(|(_, d)| *d == dimension) {
                return Err(csv_error(
                    format!("cột chiều phân tổ «{name}» sai hoặc lặp lại"),
                    format!("bad or repeated dimension column `{name}`"),
                )
                .at(name)
                .at_line(1));
            }
            out.dimensions.push((i, dimension));
            continue;
        }
        let Some(k) = KNOWN.iter().position(|&known| known == name) else {
            return Err(csv_error(
                format!(
                    "cột không xác định «{name}» (các cột: {}, và dim:<chiều phân tổ>)",
                    KNOWN.join(", ")
                ),
                format!(
                    "unknown column `{name}` (known: {}, and dim:<dimension>)",
                    KNOWN.join(", ")
                ),
            )
            .at(name)
            .at_line(1));
        };
        match out.known.get_mut(k) {
            Some(slot @ None) => *slot = Some(i),
            _ => {
                return Err(csv_error(
                    format!("cột «{name}» xuất hiện hai lần"),
                    format!("column `{name}` appears twice"),
                )
                .at(name)
                .at_line(1));
            }
        }
    }
    for required in ["indicator", "area", "period"] {
        let k = KNOWN.iter().position(|&n| n == required);
        if k.and_then(|k| out.known.get(k).copied().flatten())
            .is_none()
        {
            return Err(Error::new(ErrorKind::MissingField {
                field: required.into(),
            })
            .at(required)
            .at_line(1));
        }
    }
    Ok(out)
}

/// Reads observations from tidy CSV text, numbers in `format`: a header
/// row naming `indicator`, `area`, `period` and the value columns (`value`,
/// `numerator`, `denominator`, `qualifier`, `source`, `status`,
/// `dim:<dimension>`), then one observation per row. Errors give the line.
///
/// ```
/// use chitieu::{io::csv::read_observations, NumberFormat, Rational};
///
/// let text = "indicator,area,period,value,dim:sex\n\
///             P8.LEADERS,VN,2023,\"1.132\",\n\
///             P8.LEADERS,VN,2023,\"0,5\",female\n";
/// let observations = read_observations(text, NumberFormat::Vi)?;
/// assert_eq!(observations[0].value, Some(Rational::from(1132)));
/// assert_eq!(observations[1].value, Rational::new(1, 2));
///
/// let error = read_observations("indicator,area,period,value\nP8.CCG,VN,2023Q5,1\n", NumberFormat::Vi)
///     .unwrap_err();
/// assert_eq!((error.code(), error.line()), ("invalid-period", Some(2)));
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn read_observations(text: &str, format: NumberFormat) -> Result<Vec<Observation>> {
    let mut out = Vec::new();
    read_rows(text, format, &mut out)?;
    Ok(out)
}

/// Where rows read go: a list, or a data set's store.
trait Rows {
    /// Room for `rows` more.
    fn reserve(&mut self, rows: usize);
    /// One more row, read from line `line`.
    fn push(&mut self, obs: Observation, line: u64);
}

impl Rows for Vec<Observation> {
    fn reserve(&mut self, rows: usize) {
        Vec::reserve(self, rows);
    }
    fn push(&mut self, obs: Observation, _line: u64) {
        Vec::push(self, obs);
    }
}

impl Rows for Store {
    fn reserve(&mut self, rows: usize) {
        Store::reserve(self, rows);
    }
    fn push(&mut self, obs: Observation, line: u64) {
        Store::push_at_line(self, obs, line);
    }
}

/// The lines of records read in order, each newline counted once (what
/// [`line_at`] says of one record, in linear time over a whole text).
struct LineCounter<'t> {
    text: &'t str,
    /// Where counting has reached, and the newlines before it.
    at: usize,
    newlines: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter {
            text,
            at: 0,
            newlines: 0,
        }
    }

    /// The line (from 1) of the record at byte `byte`, at or after the
    /// last one asked for.
    fn line(&mut self, byte: u64) -> u64 {
        let text = self.text;
        let at = usize::try_from(byte).unwrap_or(text.len()).min(text.len());
        let blank = text.get(at..).map_or(0, |t| {
            t.bytes().take_while(|b| matches!(b, b'\r' | b'\n')).count()
        });
        let to = (at + blank).max(self.at);
        self.newlines += text.get(self.at..to).map_or(0, newlines);
        self.at = to;
        1 + self.newlines
    }
}

/// Reads tidy CSV row by row into `out`, sized first for one row a line:
/// a million rows never pass through a doubling copy, which would hold both
/// copies at the peak.
fn read_rows(text: &str, format: NumberFormat, out: &mut impl Rows) -> Result<()> {
    crate::io::json::check_size(text.len(), crate::io::json::MAX_INPUT_BYTES)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_quotes(text)?;
    let header = Header::read(text)?;
    let body = text.get(header.body..).unwrap_or("");
    out.reserve(newlines(body) as usize);
    let before = text.get(..header.body).map_or(0, newlines);
    let rows = RowReader::new(header.layout, format);
    read_block(body, before, header.width, rows, out)
}

/// The header of tidy CSV text.
struct Header {
    layout: Layout,
    /// The number of cells every row has.
    width: usize,
    /// Where the first row starts.
    body: usize,
}

impl Header {
    fn read(text: &str) -> Result<Header> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| reader_error(&e, text, 0))?
            .clone();
        Ok(Header {
            layout: layout(&headers)?,
            width: headers.len(),
            body: usize::try_from(reader.position().byte()).unwrap_or(text.len()),
        })
    }
}

/// Below this many bytes a text is read on one thread: starting the other
/// threads and joining their stores costs more than it saves.
const BLOCK_BYTES_FROM: usize = 4 << 20;

/// Reads tidy CSV into a store: a large text in one block per core, joined
/// in order, with the same rows, ids and errors (the first by line) as
/// reading it in one go.
fn read_store(text: &str, format: NumberFormat) -> Result<Store> {
    let block = (text.len() / crate::parallel::threads().max(1)).max(BLOCK_BYTES_FROM);
    read_store_in_blocks(text, format, block)
}

fn read_store_in_blocks(text: &str, format: NumberFormat, block: usize) -> Result<Store> {
    crate::io::json::check_size(text.len(), crate::io::json::MAX_INPUT_BYTES)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let cuts = check_quotes_and_split(text, block)?;
    let Header {
        layout,
        width,
        body,
    } = Header::read(text)?;
    let mut bounds = vec![body];
    bounds.extend(cuts.into_iter().filter(|&c| c > body && c < text.len()));
    bounds.push(text.len());
    // (from, to, lines before `from`, lines inside)
    let mut blocks = Vec::with_capacity(bounds.len());
    let mut lines = 1 + text.get(..body).map_or(0, newlines);
    for pair in bounds.windows(2) {
        if let [from, to] = *pair {
            let inside = text.get(from..to).map_or(0, newlines);
            blocks.push((from, to, lines - 1, inside));
            lines += inside;
        }
    }
    let stores = crate::parallel::map_in_order(&blocks, |&(from, to, before, inside)| {
        let mut store = Store::default();
        store.reserve(inside as usize);
        let block = text.get(from..to).unwrap_or("");
        read_block(
            block,
            before,
            width,
            RowReader::new(layout.clone(), format),
            &mut store,
        )
        .map(|()| store)
    });
    let mut stores = stores.into_iter();
    let mut out = stores.next().transpose()?.unwrap_or_default();
    for store in stores {
        out.append(store?);
    }
    Ok(out)
}

fn newlines(text: &str) -> u64 {
    text.bytes().filter(|&b| b == b'\n').count() as u64
}

/// Reads the records of `block`, which starts `before` lines into the
/// text, each of `width` cells.
fn read_block(
    block: &str,
    before: u64,
    width: usize,
    mut rows: RowReader,
    out: &mut impl Rows,
) -> Result<()> {
    rows.lines_before = before;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(block.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(block);
    while reader
        .read_record(&mut record)
        .map_err(|e| reader_error(&e, block, before))?
    {
        let line = record.position().map_or(0, |p| lines.line(p.byte())) + before;
        if record.len() != width {
            return Err(unequal_lengths(record.len(), width).at_line(line));
        }
        out.push(rows.read(&record, line)?, line);
    }
    Ok(())
}

/// Turns records into observations. Codes, periods and the words for
/// qualifier and status repeat on every row: each distinct text is checked
/// and parsed once, and rows share its code (so the data set's store sees
/// the same text as the row before and skips its own look-up).
struct RowReader {
    /// Column of each known field (`KNOWN` order).
    known: [Option<usize>; 9],
    dimensions: Vec<(usize, String)>,
    format: NumberFormat,
    /// Lines of the text before the reader's first (a block's reader
    /// counts from its own start).
    lines_before: u64,
    indicators: Interner<IndicatorCode>,
    areas: Interner<AreaCode>,
    periods: Interner<Period>,
    qualifiers: Interner<Qualifier>,
    statuses: Interner<ObservationStatus>,
}

/// Positions in `KNOWN`.
const INDICATOR: usize = 0;
const AREA: usize = 1;
const PERIOD: usize = 2;
const VALUE: usize = 3;
const NUMERATOR: usize = 4;
const DENOMINATOR: usize = 5;
const QUALIFIER: usize = 6;
const SOURCE: usize = 7;
const STATUS: usize = 8;

impl RowReader {
    fn new(layout: Layout, format: NumberFormat) -> RowReader {
        RowReader {
            known: layout.known,
            dimensions: layout.dimensions,
            format,
            lines_before: 0,
            indicators: Interner::default(),
            areas: Interner::default(),
            periods: Interner::default(),
            qualifiers: Interner::default(),
            statuses: Interner::default(),
        }
    }

    /// The observation of `record`, read from `text`.
    fn read(&mut self, record: &csv::StringRecord, at_line: u64) -> Result<Observation> {
        let line = || at_line;
        let known = self.known;
        let cell = |k: usize| -> Option<&str> {
            let i = known.get(k).copied().flatten()?;
            record.get(i).filter(|s| !s.is_empty())
        };
        let fail = |e: Error, k: usize| e.at(KNOWN.get(k).copied().unwrap_or("")).at_line(line());
        let required = |k: usize| -> Result<&str> {
            cell(k).ok_or_else(|| {
                let name = KNOWN.get(k).copied().unwrap_or("");
                Error::new(ErrorKind::MissingField { field: name.into() })
                    .at(name)
                    .at_line(line())
            })
        };
        let format = self.format;
        let number = |k: usize| -> Result<Option<Rational>> {
            cell(k)
                .map(|t| format.parse(t).map_err(|e| fail(e, k)))
                .transpose()
        };
        let qualifier = match cell(QUALIFIER) {
            None => None,
            Some(q) => Some(
                intern(&mut self.qualifiers, q, |q| {
                    crate::json_text::from_name(q).ok_or_else(|| {
                        Error::new(ErrorKind::UnknownVariant {
                            detail: format!("`{q}`, expected more-than, nearly, about or at-least"),
                        })
                    })
                })
                .map_err(|e| fail(e, QUALIFIER))?,
            ),
        };
        let status = match cell(STATUS) {
            None => ObservationStatus::default(),
            Some(s) => intern(&mut self.statuses, s, |s| {
                crate::json_text::from_name(s).ok_or_else(|| {
                    Error::new(ErrorKind::UnknownVariant {
                        detail: format!("`{s}`, expected draft, submitted or approved"),
                    })
                })
            })
            .map_err(|e| fail(e, STATUS))?,
        };
        let indicator = intern(&mut self.indicators, required(INDICATOR)?, |t| {
            IndicatorCode::new(unescape_cell(t))
        })
        .map_err(|e| fail(e, INDICATOR))?;
        let area = intern(&mut self.areas, required(AREA)?, |t| {
            AreaCode::new(unescape_cell(t))
        })
        .map_err(|e| fail(e, AREA))?;
        let period = intern(&mut self.periods, required(PERIOD)?, |t| {
            t.parse::<Period>()
        })
        .map_err(|e| fail(e, PERIOD))?;
        Ok(Observation {
            indicator,
            area,
            period,
            disaggregation: self.disaggregation(record),
            value: number(VALUE)?,
            numerator: number(NUMERATOR)?,
            denominator: number(DENOMINATOR)?,
            qualifier,
            source: cell(SOURCE).map(|s| unescape_cell(s).to_string()),
            status,
        })
    }

    fn disaggregation(&self, record: &csv::StringRecord) -> Disaggregation {
        let mut disaggregation = Disaggregation::total();
        for (i, dimension) in &self.dimensions {
            if let Some(category) = record.get(*i).filter(|s| !s.trim().is_empty()) {
                disaggregation.insert(dimension.clone(), unescape_cell(category).to_string());
            }
        }
        disaggregation
    }
}

/// Texts already read, with what they were read as.
struct Interner<T> {
    known: HashMap<String, T>,
    /// The text of the row before: sorted files repeat it, and comparing
    /// a few bytes is cheaper than hashing them.
    last: Option<(String, T)>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            known: HashMap::default(),
            last: None,
        }
    }
}

/// The value of `text` from `cache`, or made by `make` and remembered.
fn intern<T: Clone>(
    cache: &mut Interner<T>,
    text: &str,
    make: impl Fn(&str) -> Result<T>,
) -> Result<T> {
    if let Some((last, value)) = &cache.last
        && last == text
    {
        return Ok(value.clone());
    }
    let value = match cache.known.get(text) {
        Some(known) => known.clone(),
        None => {
            let made = make(text)?;
            cache.known.insert(text.to_string(), made.clone());
            made
        }
    };
    match &mut cache.last {
        Some((last, v)) => {
            last.clear();
            last.push_str(text);
            *v = value.clone();
        }
        None => cache.last = Some((text.to_string(), value.clone())),
    }
    Ok(value)
}

/// Writes observations as tidy CSV, numbers exact in `format`: what
/// [`read_observations`] reads back to the same observations.
///
/// ```
/// use chitieu::io::csv::{read_observations, write_observations};
/// use chitieu::NumberFormat;
///
/// let data = chitieu::builtin::project8()?;
/// let observations = data.into_observations();
/// let text = write_observations(&observations, NumberFormat::Vi)?;
/// assert!(text.starts_with("indicator,area,period,value,"));
/// assert!(text.lines().any(|line| line.starts_with("P8.CCG,VN,2023,7.623,")));
/// assert_eq!(read_observations(&text, NumberFormat::Vi)?, observations);
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn write_observations(observations: &[Observation], format: NumberFormat) -> Result<String> {
    let mut dimensions: Vec<&str> = observations
        .iter()
        .flat_map(|o| o.disaggregation.iter().map(|(d, _)| d))
        .collect();
    crate::order::sort(&mut dimensions);
    dimensions.dedup();
    let mut out = String::new();
    let mut header: Vec<String> = KNOWN.iter().map(|s| s.to_string()).collect();
    header.extend(dimensions.iter().map(|d| format!("{DIMENSION_PREFIX}{d}")));
    push_record(&mut out, &header);
    for obs in observations {
        let number = |v: Option<Rational>| -> Result<String> {
            v.map(|v| format.format_exact(v))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let text = |t: &str| spreadsheet_safe(t).into_owned();
        let mut row = vec![
            text(obs.indicator.as_str()),
            text(obs.area.as_str()),
            obs.period.to_string(),
            number(obs.value)?,
            number(obs.numerator)?,
            number(obs.denominator)?,
            obs.qualifier.as_ref().map(name_of).unwrap_or_default(),
            obs.source.as_deref().map(text).unwrap_or_default(),
            name_of(&obs.status),
        ];
        row.extend(
            dimensions
                .iter()
                .map(|d| text(obs.disaggregation.get(d).unwrap_or(""))),
        );
        push_record(&mut out, &row);
    }
    Ok(out)
}

impl DataSet {
    /// This data set with its observations replaced by those of tidy CSV
    /// text, numbers in the format named `number_format` (`vi` or `en`):
    /// what the Python and browser bindings call to load a report.
    ///
    /// ```
    /// let base = chitieu::builtin::project8()?;
    /// let report = base.with_csv("indicator,area,period,value\nP8.CCG,VN,2024,\"8.100\"\n", "vi")?;
    /// assert_eq!(report.observation_count(), 1);
    /// assert_eq!(report.framework().code.as_str(), "NTP-1719"); // the base's framework
    ///
    /// let error = base.with_csv("indicator,area,value\n", "vi").unwrap_err();
    /// assert_eq!(error.code(), "missing-field");
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn with_csv(&self, csv: &str, number_format: &str) -> Result<DataSet> {
        let format = NumberFormat::parse_name(number_format)?;
        let store = read_store(csv, format)?;
        Ok(self.without_observations().with_store(store))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    /// Every row knows its line: after CRLF ends, skipped blank lines and
    /// a quoted cell over two lines, and when read in blocks on several
    /// cores; a strict refusal and the findings name it.
    #[test]
    fn rows_keep_the_line_they_were_read_from() {
        let text = "indicator,area,period,value,source\r\n\
                    P8.CCG,VN,2021,1,a\r\n\
                    \r\n\
                    P8.CCG,VN,2022,2,\"two\r\nlines\"\r\n\
                    P8.CCG,VN,2023,3,c\n\
                    \n\
                    P8.CCG,XX,2024,4,d\n";
        let base = crate::builtin::project8().unwrap();
        let data = base.with_csv(text, "en").unwrap();
        let lines: Vec<Option<u64>> = (0..4).map(|i| data.observation_line(i)).collect();
        assert_eq!(lines, [Some(2), Some(4), Some(6), Some(8)]);
        for block in [1, 7, 40] {
            let store = read_store_in_blocks(text, NumberFormat::En, block).unwrap();
            let in_blocks = base.without_observations().with_store(store);
            let lines: Vec<Option<u64>> = (0..4).map(|i| in_blocks.observation_line(i)).collect();
            assert_eq!(
                lines,
                [Some(2), Some(4), Some(6), Some(8)],
                "blocks of {block}"
            );
        }
        let error = data.check().unwrap_err();
        assert_eq!(
            (error.path(), error.line()),
            ("observations[3].area", Some(8))
        );
        let as_of = crate::period::parse_date("2024-12-31").unwrap();
        let found = crate::rules::validate(&data, as_of, &Default::default()).unwrap();
        let unknown = found
            .findings
            .iter()
            .find(|f| f.rule == "reporting.unknown-area");
        assert_eq!(unknown.map(|f| f.record.line), Some(Some(8)));
        // Rows added later were not read from the file.
        let mut more = data.clone();
        more.extend_observations(data.observation(0).map(|o| o.to_observation()));
        assert_eq!(
            (more.observation_line(3), more.observation_line(4)),
            (Some(8), None)
        );
    }

    proptest! {
        /// Records written by `push_record` are the csv crate writer's,
        /// byte for byte: cells with commas, quotes, line ends, Vietnamese
        /// text, empty cells and records of one empty cell.
        #[test]
        fn records_are_written_as_the_csv_writer_writes_them(
            records in proptest::collection::vec(
                proptest::collection::vec("[a,\"\r\n ạ']{0,4}", 1..4),
                1..5,
            ),
        ) {
            let width = records[0].len();
            let records: Vec<Vec<String>> = records
                .into_iter()
                .map(|mut r| { r.resize(width, String::new()); r })
                .collect();
            let mut ours = String::new();
            let mut writer = ::csv::Writer::from_writer(Vec::new());
            for record in &records {
                push_record(&mut ours, record);
                writer.write_record(record).unwrap();
            }
            let theirs = String::from_utf8(writer.into_inner().unwrap()).unwrap();
            prop_assert_eq!(ours, theirs);
        }
    }

    /// The csv crate ends a record at a lone `\r` too, so a quote right
    /// after one opens a cell: one never closed is refused there, not read
    /// as the rest of the file in one cell.
    #[test]
    fn a_quote_after_a_lone_carriage_return_opens_a_cell() {
        let text = "indicator,area,period,value\rP8.CCG,VN,2023,5\r\"P8.CCG,VN,2024,6\n";
        let error = read_observations(text, NumberFormat::En).unwrap_err();
        assert_eq!(
            (error.code(), error.line(), error.column()),
            ("csv-format", Some(1), Some(46))
        );
        assert!(
            error
                .message(crate::text::Lang::En)
                .contains("never closed")
        );
        let closed = "indicator,area,period,value,source\r\nP8.CCG,VN,2023,5,\"a\rb\"\r\"P8.CCG\",VN,2024,6,\n";
        let rows = read_observations(closed, NumberFormat::En).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].source.as_deref(), Some("a\rb"));
    }

    /// Lines as national files have them: plain rows, quoted cells holding
    /// commas, quotes and line ends, Vietnamese text (a cut may fall inside
    /// a character), blank and CRLF lines, and mistakes
    /// (a missing cell, a bad number, an unknown period, text after a quote).
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => (0u32..5, 0u32..4, 0u32..3, any::<u16>()).prop_map(|(i, a, p, v)| format!(
                "P8.I{i},A{a},{},{v},\n",
                ["2023", "2024Q1", "2024-01-01/2024-06-30"][p as usize]
            )),
            2 => (any::<u16>(), 0u32..3).prop_map(|(v, q)| format!(
                "P8.CCG,VN,2023,{v},{}\n",
                ["\"a,b\"", "\"two\nlines\"", "\"say \"\"hi\"\"\""][q as usize]
            )),
            1 => Just("\n".to_string()),
            2 => any::<u16>().prop_map(|v| format!("P8.CCG,VN,2023,{v},Báo cáo tỉnh Hà Giang\n")),
            1 => Just("P8.CCG,VN,2024,7,x\r\n".to_string()),
            1 => Just("P8.CCG,VN,2023,7\n".to_string()),
            1 => Just("P8.CCG,VN,2023,7.5.1,\n".to_string()),
            1 => Just("P8.CCG,VN,2023Q9,1,\n".to_string()),
            1 => Just("P8.CCG,VN,2023,\"1\"x,\n".to_string()),
            1 => Just("P8.CCG,\"VN\",2025,3,ab\"c\n".to_string()),
        ]
    }

    fn outcome(result: Result<Vec<Observation>>) -> std::result::Result<Vec<Observation>, String> {
        result.map_err(|e| {
            format!(
                "{} {} {:?} {:?} {}",
                e.code(),
                e.path(),
                e.line(),
                e.column(),
                e
            )
        })
    }

    proptest! {
        #[test]
        fn reading_in_blocks_gives_what_reading_in_one_go_gives(
            lines in prop::collection::vec(line(), 0..40),
            block in 1usize..300,
            vi in any::<bool>(),
        ) {
            let text = format!("indicator,area,period,value,source\n{}", lines.concat());
            let format = if vi { NumberFormat::Vi } else { NumberFormat::En };
            let whole = outcome(read_observations(&text, format));
            let blocks = outcome(
                read_store_in_blocks(&text, format, block)
                    .map(|store| store.views().map(|o| o.to_observation()).collect()),
            );
            prop_assert_eq!(blocks, whole);
        }
    }
}
