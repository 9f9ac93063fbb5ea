//! Errors: one type for the whole crate, each with a stable code, the place of
//! the bad input and a message in Vietnamese and English.
//!
//! Bindings map [`Error`] once: to a Python exception carrying `code` and
//! `path`, and to a JS `Error` with the same properties. The codes are part of
//! the public contract; [`ErrorKind::code`] lists them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::json_text::ToJson;
use crate::text::Lang;

/// What kind of name an unknown or duplicate code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CodeKind {
    /// An indicator or sub-measure code.
    Indicator,
    /// An administrative area code.
    Area,
    /// A programme phase id.
    Phase,
    /// A unit code.
    Unit,
    /// A programme component code.
    Component,
    /// A built-in data set name.
    Builtin,
    /// A disaggregation dimension.
    Dimension,
    /// An observation key (indicator × area × period × disaggregation).
    Observation,
    /// An allocation unit (usually an area).
    AllocationUnit,
    /// A validation rule id.
    Rule,
    /// An activity id.
    Activity,
    /// An annual plan id.
    Plan,
    /// A field of a JSON object.
    Field,
    /// A target (indicator × period × area × disaggregation).
    Target,
}

impl CodeKind {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CodeKind::Indicator, Lang::Vi) => "chỉ tiêu",
            (CodeKind::Indicator, Lang::En) => "indicator",
            (CodeKind::Area, Lang::Vi) => "địa bàn",
            (CodeKind::Area, Lang::En) => "area",
            (CodeKind::Phase, Lang::Vi) => "giai đoạn",
            (CodeKind::Phase, Lang::En) => "phase",
            (CodeKind::Unit, Lang::Vi) => "đơn vị tính",
            (CodeKind::Unit, Lang::En) => "unit",
            (CodeKind::Component, Lang::Vi) => "hợp phần",
            (CodeKind::Component, Lang::En) => "component",
            (CodeKind::Builtin, Lang::Vi) => "bộ dữ liệu có sẵn",
            (CodeKind::Builtin, Lang::En) => "built-in data set",
            (CodeKind::Dimension, Lang::Vi) => "chiều phân tổ",
            (CodeKind::Dimension, Lang::En) => "disaggregation dimension",
            (CodeKind::Observation, Lang::Vi) => "số liệu",
            (CodeKind::Observation, Lang::En) => "observation",
            (CodeKind::AllocationUnit, Lang::Vi) => "đơn vị phân bổ",
            (CodeKind::AllocationUnit, Lang::En) => "allocation unit",
            (CodeKind::Rule, Lang::Vi) => "quy tắc kiểm tra",
            (CodeKind::Rule, Lang::En) => "validation rule",
            (CodeKind::Activity, Lang::Vi) => "hoạt động",
            (CodeKind::Activity, Lang::En) => "activity",
            (CodeKind::Plan, Lang::Vi) => "kế hoạch",
            (CodeKind::Plan, Lang::En) => "plan",
            (CodeKind::Field, Lang::Vi) => "trường",
            (CodeKind::Field, Lang::En) => "field",
            (CodeKind::Target, Lang::Vi) => "mục tiêu",
            (CodeKind::Target, Lang::En) => "target",
        }
    }
}

/// The kinds of error, each with a stable kebab-case `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
#[serde(tag = "code", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The JSON text is malformed or truncated.
    JsonSyntax {
        /// The parser's description.
        detail: String,
    },
    /// A value has the wrong JSON type (a string where a number belongs…).
    WrongType {
        /// What was found and what was expected.
        detail: String,
    },
    /// A required field is absent.
    MissingField {
        /// The field's name.
        field: String,
    },
    /// A field that the contract does not know (a typo would otherwise be lost).
    UnknownField {
        /// The field's name.
        field: String,
    },
    /// A value outside a closed list (a measure kind, a direction…).
    UnknownVariant {
        /// The value found and the accepted ones.
        detail: String,
    },
    /// The same key, code or field appears twice.
    DuplicateKey {
        /// What kind of key.
        kind: CodeKind,
        /// The repeated key.
        key: String,
        /// Where it first appeared.
        first: String,
    },
    /// A code that names nothing known.
    UnknownCode {
        /// What kind of code.
        kind: CodeKind,
        /// The code as given.
        value: String,
    },
    /// A number that is not a well-formed exact number for the chosen format.
    InvalidNumber {
        /// The text as given.
        value: String,
        /// Why it was rejected, in Vietnamese and English.
        reason: crate::text::Text,
    },
    /// NaN or an infinity.
    NonFiniteNumber {
        /// The text as given.
        value: String,
    },
    /// A number that cannot be held exactly: too large, or with too many
    /// decimal places (`1e-300`).
    NumberOutOfRange {
        /// The text as given.
        value: String,
    },
    /// A date that does not exist or is not ISO `YYYY-MM-DD`.
    InvalidDate {
        /// The text as given.
        value: String,
    },
    /// A period identifier that cannot be parsed.
    InvalidPeriod {
        /// The text as given.
        value: String,
        /// Why it was rejected, in Vietnamese and English.
        reason: crate::text::Text,
    },
    /// A code that is empty or contains characters that are not allowed.
    InvalidCode {
        /// The text as given.
        value: String,
    },
    /// A value that is well formed but not allowed here.
    InvalidValue {
        /// What is wrong, in Vietnamese and English.
        detail: crate::text::Text,
    },
    /// A contract version this build does not read.
    UnsupportedVersion {
        /// The version found.
        found: u64,
        /// The version this build reads.
        supported: u32,
    },
    /// A CSV file that is not well formed.
    CsvFormat {
        /// What is wrong, in Vietnamese and English.
        detail: crate::text::Text,
    },
    /// A computation whose exact result does not fit in 128 bits.
    ArithmeticOverflow,
    /// An allocation whose floors, caps and total cannot all hold.
    InfeasibleAllocation {
        /// Why, in Vietnamese and English.
        detail: crate::text::Text,
    },
    /// A rule expression that does not parse; the error's column is the
    /// character where it goes wrong.
    RuleSyntax {
        /// What was expected, in Vietnamese and English.
        detail: crate::text::Text,
    },
    /// An input larger than the documented limit.
    InputTooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A reference that could mean several things.
    Ambiguous {
        /// What is ambiguous and the candidates, in Vietnamese and English.
        detail: crate::text::Text,
    },
    /// An operation this build leaves out (the browser's core build); the
    /// build with its feature has it.
    NotInBuild {
        /// The operation, e.g. `trend`.
        op: String,
        /// The feature (and browser module) that has it.
        feature: String,
    },
}

/// Declares [`ErrorKind::code`] and [`codes`] from one table, so the list
/// of codes cannot drift from the kinds (the `match` is exhaustive).
macro_rules! error_codes {
    ($($kind:ident => $code:literal),* $(,)?) => {
        impl ErrorKind {
            /// The stable machine-readable code, e.g. `unknown-code`.
            pub fn code(&self) -> &'static str {
                match self {
                    $(ErrorKind::$kind { .. } => $code,)*
                }
            }
        }

        /// Every stable error code, in declaration order: what the
        /// bindings map to exception classes and TypeScript types.
        ///
        /// ```
        /// assert!(chitieu::error::codes().contains(&"unknown-code"));
        /// ```
        pub fn codes() -> &'static [&'static str] {
            &[$($code),*]
        }
    };
}

error_codes! {
    JsonSyntax => "json-syntax",
    WrongType => "wrong-type",
    MissingField => "missing-field",
    UnknownField => "unknown-field",
    UnknownVariant => "unknown-variant",
    DuplicateKey => "duplicate-key",
    UnknownCode => "unknown-code",
    InvalidNumber => "invalid-number",
    NonFiniteNumber => "non-finite-number",
    NumberOutOfRange => "number-out-of-range",
    InvalidDate => "invalid-date",
    InvalidPeriod => "invalid-period",
    InvalidCode => "invalid-code",
    InvalidValue => "invalid-value",
    UnsupportedVersion => "unsupported-version",
    CsvFormat => "csv-format",
    ArithmeticOverflow => "arithmetic-overflow",
    InfeasibleAllocation => "infeasible-allocation",
    RuleSyntax => "rule-syntax",
    InputTooLarge => "input-too-large",
    Ambiguous => "ambiguous",
    NotInBuild => "not-in-build",
}

impl ErrorKind {
    /// The message in `lang`, without the location.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::Vi {
            self.message_vi()
        } else {
            self.message_en()
        }
    }

    /// [`ErrorKind::message`] in Vietnamese: one match per language, so
    /// each reads as one list and a new kind is missed in neither.
    fn message_vi(&self) -> String {
        use ErrorKind as K;
        match self {
            K::JsonSyntax { detail } => {
                format!("JSON không hợp lệ: {}", serde_in_vietnamese(detail))
            }
            K::WrongType { detail } => {
                format!("sai kiểu dữ liệu: {}", serde_in_vietnamese(detail))
            }
            K::MissingField { field } => format!("thiếu trường bắt buộc «{field}»"),
            K::UnknownField { field } => format!("trường không xác định «{field}»"),
            K::UnknownVariant { detail } => {
                format!(
                    "giá trị không thuộc danh mục: {}",
                    serde_in_vietnamese(detail)
                )
            }
            K::DuplicateKey { kind, key, first } => format!(
                "{} «{key}» bị trùng (đã có tại {})",
                capitalize(kind.label(Lang::Vi)),
                first_place_in_vietnamese(first)
            ),
            K::UnknownCode { kind, value } => {
                format!("mã {} không tồn tại: «{value}»", kind.label(Lang::Vi))
            }
            K::InvalidNumber { value, reason } => {
                format!("số không hợp lệ «{value}»: {}", reason.vi)
            }
            K::NonFiniteNumber { value } => {
                format!("số không hữu hạn «{value}» (NaN hoặc vô cực) không được chấp nhận")
            }
            K::NumberOutOfRange { value } => {
                format!("số «{value}» quá lớn hoặc quá nhiều chữ số thập phân để giữ chính xác")
            }
            K::InvalidDate { value } => {
                format!("ngày không hợp lệ «{value}» (cần ngày có thật, dạng YYYY-MM-DD)")
            }
            K::InvalidPeriod { value, reason } => {
                format!("kỳ báo cáo không hợp lệ «{value}»: {}", reason.vi)
            }
            K::InvalidCode { value } => format!(
                "mã không hợp lệ «{value}» (không được rỗng, không có khoảng trắng ở đầu/cuối)"
            ),
            K::InvalidValue { detail } => format!("giá trị không hợp lệ: {}", detail.vi),
            K::UnsupportedVersion { found, supported } => format!(
                "phiên bản hợp đồng dữ liệu {found} không được hỗ trợ (hỗ trợ: {supported})"
            ),
            K::CsvFormat { detail } => format!("tệp CSV không hợp lệ: {}", detail.vi),
            K::ArithmeticOverflow => {
                "kết quả tính toán vượt quá phạm vi số chính xác 128 bit".to_string()
            }
            K::InfeasibleAllocation { detail } => {
                format!("không thể phân bổ: {}", detail.vi)
            }
            K::RuleSyntax { detail } => {
                format!("biểu thức quy tắc sai cú pháp: {}", detail.vi)
            }
            K::InputTooLarge { size, limit } => {
                format!("dữ liệu vào quá lớn: {size} byte, giới hạn {limit} byte")
            }
            K::Ambiguous { detail } => format!("tham chiếu không rõ ràng: {}", detail.vi),
            K::NotInBuild { op, feature } => format!(
                "bản dựng này không có thao tác «{op}»: cần tính năng «{feature}» (trên trình duyệt: import 'chitieu/full')"
            ),
        }
    }

    /// [`ErrorKind::message`] in English (see [`ErrorKind::message_vi`]).
    fn message_en(&self) -> String {
        use ErrorKind as K;
        match self {
            K::JsonSyntax { detail } => format!("malformed JSON: {detail}"),
            K::WrongType { detail } => format!("wrong type: {detail}"),
            K::MissingField { field } => format!("missing required field `{field}`"),
            K::UnknownField { field } => format!("unknown field `{field}`"),
            K::UnknownVariant { detail } => format!("value not in the list: {detail}"),
            K::DuplicateKey { kind, key, first } => {
                format!(
                    "duplicate {} `{key}` (first at {first})",
                    kind.label(Lang::En)
                )
            }
            K::UnknownCode { kind, value } => {
                format!("unknown {} code `{value}`", kind.label(Lang::En))
            }
            K::InvalidNumber { value, reason } => {
                format!("invalid number `{value}`: {}", reason.en)
            }
            K::NonFiniteNumber { value } => {
                format!("non-finite number `{value}` (NaN or infinity) is not accepted")
            }
            K::NumberOutOfRange { value } => {
                format!(
                    "number `{value}` is too large, or has too many decimal places, to be held exactly"
                )
            }
            K::InvalidDate { value } => {
                format!("invalid date `{value}` (expected a real date as YYYY-MM-DD)")
            }
            K::InvalidPeriod { value, reason } => {
                format!("invalid period `{value}`: {}", reason.en)
            }
            K::InvalidCode { value } => format!(
                "invalid code `{value}` (must be non-empty, without surrounding whitespace)"
            ),
            K::InvalidValue { detail } => format!("invalid value: {}", detail.en),
            K::UnsupportedVersion { found, supported } => {
                format!("unsupported contract version {found} (supported: {supported})")
            }
            K::CsvFormat { detail } => format!("malformed CSV: {}", detail.en),
            K::ArithmeticOverflow => "exact result does not fit in 128 bits".to_string(),
            K::InfeasibleAllocation { detail } => {
                format!("allocation is infeasible: {}", detail.en)
            }
            K::RuleSyntax { detail } => format!("rule expression does not parse: {}", detail.en),
            K::InputTooLarge { size, limit } => {
                format!("input too large: {size} bytes, the limit is {limit} bytes")
            }
            K::Ambiguous { detail } => format!("ambiguous reference: {}", detail.en),
            K::NotInBuild { op, feature } => format!(
                "the operation `{op}` is not in this build: it needs the feature `{feature}` (in the browser: import 'chitieu/full')"
            ),
        }
    }
}

/// Where a duplicate key was first seen, in Vietnamese: the places the
/// crate names in words are translated, a JSON path stays as it is.
fn first_place_in_vietnamese(first: &str) -> &str {
    match first {
        "the same object" => "cùng đối tượng",
        "the built-in units" => "các đơn vị có sẵn",
        "the built-in schemes" => "các danh mục địa bàn có sẵn",
        "an earlier unit" => "một đơn vị trước đó",
        path => path,
    }
}

/// serde's fixed phrases and what they say in Vietnamese, replaced in
/// this order: a longer phrase before the words it holds.
const SERDE_PHRASES: &[(&str, &str)] = &[
    // The crate's own expectations, whole, before their words are.
    (
        "a number, or a string holding a decimal or a fraction",
        "một số, hoặc một chuỗi chứa số thập phân hay phân số",
    ),
    (
        "an object of dimension → category strings",
        "một đối tượng chiều phân tổ → nhóm (chuỗi)",
    ),
    ("a request object", "một đối tượng yêu cầu"),
    ("a code (a string)", "một mã (chuỗi)"),
    ("struct ", "đối tượng "),
    ("u32", "số nguyên không âm"),
    ("u64", "số nguyên không âm"),
    ("unknown variant ", ""),
    ("unknown field ", ""),
    (", expected one of", "; các giá trị hợp lệ:"),
    ("invalid type: ", ""),
    ("invalid value:", "giá trị không đúng:"),
    (
        "invalid length: the array has more elements than expected",
        "độ dài không đúng: mảng có nhiều phần tử hơn mức cho phép",
    ),
    (
        "invalid length: an enum's object has one key, its variant",
        "độ dài không đúng: đối tượng của một biến thể chỉ có một khóa, tên biến thể",
    ),
    ("invalid length", "độ dài không đúng:"),
    ("recursion limit exceeded", "lồng nhau quá sâu"),
    // serde_json's syntax messages, whole: their words ("unexpected",
    // "list") must not be translated one by one.
    (
        "unexpected end of hex escape",
        "chuỗi thoát \\u bị cắt ngắn",
    ),
    ("invalid escape", "chuỗi thoát không hợp lệ"),
    ("invalid number", "số không hợp lệ"),
    ("number out of range", "số nằm ngoài phạm vi"),
    ("invalid unicode code point", "mã Unicode không hợp lệ"),
    ("trailing comma", "dấu phẩy thừa ở cuối"),
    (
        "float key must be finite (got NaN or +/-inf)",
        "khóa số thực phải hữu hạn (không phải NaN hay vô cực)",
    ),
    (
        "expected key to be a number in quotes",
        "khóa phải là một số trong dấu ngoặc kép",
    ),
    ("a list", "một mảng"),
    ("EOF while parsing", "văn bản kết thúc giữa chừng khi đọc"),
    ("trailing characters", "có ký tự thừa sau giá trị"),
    ("expected value", "cần một giá trị"),
    ("expected ident", "cần một từ khóa"),
    ("key must be a string", "khóa phải là chuỗi"),
    (
        "lone leading surrogate in hex escape",
        "nửa đầu cặp thay thế đứng một mình",
    ),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        "có ký tự điều khiển trong chuỗi",
    ),
    (", expected", ", cần"),
    ("expected", "cần"),
    ("a string", "một chuỗi"),
    ("a value", "một giá trị"),
    ("an object", "một đối tượng"),
    (" or ", " hoặc "),
    ("string", "chuỗi"),
    ("integer", "số nguyên"),
    ("floating point", "số thực"),
    ("sequence", "mảng"),
    ("map", "đối tượng"),
    ("boolean", "giá trị đúng/sai"),
    ("number", "số"),
    (
        "is not a contract version (a whole number such as 1)",
        "không phải là phiên bản hợp đồng dữ liệu (một số nguyên như 1)",
    ),
];

/// serde's own wording (always English) said in Vietnamese: its messages
/// are made of a few fixed phrases around the values quoted, which stay as
/// they are.
fn serde_in_vietnamese(detail: &str) -> String {
    // Values are quoted in backticks or double quotes: only the text
    // outside them is translated.
    let mut out = String::with_capacity(detail.len() + 16);
    let mut rest = detail;
    while !rest.is_empty() {
        let quote = rest.find(['`', '"']).unwrap_or(rest.len());
        let (words, tail) = rest.split_at(quote);
        out.push_str(&phrases_in_vietnamese(words));
        let mut chars = tail.chars();
        let Some(mark) = chars.next() else { break };
        let after = chars.as_str();
        match after.find(mark) {
            Some(end) => {
                out.push(mark);
                out.push_str(after.get(..end).unwrap_or(""));
                out.push(mark);
                rest = after.get(end + mark.len_utf8()..).unwrap_or("");
            }
            None => {
                out.push_str(tail);
                break;
            }
        }
    }
    out
}

/// `words`, text outside quotes, with every phrase of [`SERDE_PHRASES`]
/// replaced, one after the other.
fn phrases_in_vietnamese(words: &str) -> String {
    let mut words = words.to_string();
    for (en, vi) in SERDE_PHRASES {
        words = words.replace(en, vi);
    }
    words
}

/// A label with a capital first letter. The labels begin with an ASCII
/// letter or `đ`, which is all this knows: `char::to_uppercase` would bring
/// the whole Unicode case table, 19 KB of the browser module, for one letter.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    let first = match chars.next() {
        Some('đ') => 'Đ',
        Some(first) => first.to_ascii_uppercase(),
        None => return String::new(),
    };
    std::iter::once(first).chain(chars).collect()
}

/// An error with its kind and where the bad input is.
///
/// `path` says where the bad input is: relative to the value a function
/// was given (`observations[3].value` from [`crate::DataSet::check`];
/// operations name their arguments first, `data.observations[3].value` or
/// `phase`), absolute (`$.data.observations[3].value`) once a caller has
/// placed it with [`Error::under`] or when read from JSON text, or the
/// column name for CSV input, where `line` gives the line. It is empty
/// when the error concerns the input as a whole.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// Boxed whole: every fallible function returns it in its `Result`,
    /// and a pointer is what each of those moves then copies (in the
    /// browser module, a wider error was kilobytes of copying code).
    inner: Box<Located>,
}

/// An error's kind and where the bad input was.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Located {
    kind: ErrorKind,
    path: String,
    line: Option<u64>,
    column: Option<u64>,
    /// Whether `line` is the file line of a row the path names (the path
    /// is then placed by [`Error::under`] like any other), rather than a
    /// position in the text being read.
    row_line: bool,
    /// For a refusal of invalid data: whose words show the way out.
    way_out: Option<Caller>,
}

/// Who called the engine: a refusal of invalid data says, in the caller's
/// own words, how to see every problem and how to compute on the valid
/// rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Caller {
    /// A Rust program: `rules::validate`, `InvalidData::Exclude`.
    Rust,
    /// The JSON contract: op `validate`, `"invalid": "exclude"`.
    Contract,
    /// The Python package: `validate()`, `invalid="exclude"`.
    Python,
    /// The JavaScript package: `validate()`, `{ invalid: "exclude" }`.
    JavaScript,
    /// The command line: `chitieu validate`, `--invalid exclude`.
    CommandLine,
}

impl Caller {
    /// How to see every problem, and how to compute on the valid rows.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Caller::Rust => ("chitieu::rules::validate", "InvalidData::Exclude"),
            Caller::Contract => ("op \"validate\"", "\"invalid\": \"exclude\""),
            Caller::Python => ("validate()", "invalid=\"exclude\""),
            Caller::JavaScript => ("validate()", "{ invalid: \"exclude\" }"),
            Caller::CommandLine => ("chitieu validate", "--invalid exclude"),
        }
    }

    /// The way out, in `lang`.
    fn way_out(self, lang: Lang) -> String {
        let (validate, exclude) = self.words();
        match lang {
            Lang::Vi => {
                format!("để xem mọi vấn đề: {validate}; để tính trên các dòng hợp lệ: {exclude}")
            }
            Lang::En => {
                format!("to see every problem: {validate}; to compute on the valid rows: {exclude}")
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("path", &self.inner.path)
            .field("line", &self.inner.line)
            .field("column", &self.inner.column)
            .finish()
    }
}

impl Error {
    /// An error of `kind` with no location yet. Input quoted in it is cut
    /// to a short excerpt with its length ([`MAX_QUOTED`]): a 10 MB header
    /// makes a short message, not a 20 MB one.
    pub fn new(mut kind: ErrorKind) -> Error {
        kind.shorten();
        // A first occurrence joined to an empty prefix (`.phases[0]`) is
        // relative, like the error's own path.
        if let ErrorKind::DuplicateKey { first, .. } = &mut kind
            && let Some(relative) = first.strip_prefix('.')
        {
            *first = relative.to_string();
        }
        Error {
            inner: Box::new(Located {
                kind,
                path: String::new(),
                line: None,
                column: None,
                row_line: false,
                way_out: None,
            }),
        }
    }

    /// Sets the path of the bad input, relative to the value it was found
    /// in (`observations[3].area`), or the CSV column. A leading `.` (an
    /// empty prefix joined to a field) is dropped; a path longer than
    /// [`MAX_PATH`] (a CSV column named by a whole file) is cut.
    pub fn at(mut self, path: impl Into<String>) -> Error {
        let path = excerpt(path.into(), MAX_PATH);
        self.inner.path = match path.strip_prefix('.') {
            Some(relative) => relative.to_string(),
            None => path,
        };
        self
    }

    /// Places a relative path under `prefix`, where the caller holds the
    /// value: `observations[3].area` under `$.data` is
    /// `$.data.observations[3].area`. Each layer adds its own prefix once.
    /// Paths that are already absolute (`$…`) and positions in a text (a
    /// CSV line and column) stay as they are.
    ///
    /// ```
    /// use chitieu::error::{Error, ErrorKind};
    /// let e = Error::invalid("observations[3].area", ("không xác định", "unknown"));
    /// assert_eq!(e.under("data").under("$").path(), "$.data.observations[3].area");
    /// ```
    pub fn under(mut self, prefix: &str) -> Error {
        if !self.inner.path.starts_with('$') && (self.inner.line.is_none() || self.inner.row_line) {
            self.inner.path = join_path(prefix, &self.inner.path);
            // Where the first occurrence was is a path in the same value.
            if let ErrorKind::DuplicateKey { first, .. } = &mut self.inner.kind
                && is_relative_path(first)
            {
                *first = join_path(prefix, first);
            }
        }
        self
    }

    /// Renames the argument `name` at the start of the path: what the
    /// core calls `data` in an operation's arguments is `$` in a method on
    /// the data set itself.
    ///
    /// ```
    /// use chitieu::error::Error;
    /// let e = Error::invalid("data.observations[3].period", ("trùng", "overlaps"));
    /// assert_eq!(e.renamed("data", "$").path(), "$.observations[3].period");
    /// let e = Error::invalid("phase", ("không xác định", "unknown"));
    /// assert_eq!(e.renamed("data", "$").path(), "phase");
    /// ```
    pub fn renamed(mut self, name: &str, to: &str) -> Error {
        if let Some(rest) = self.inner.path.strip_prefix(name)
            && (rest.is_empty() || rest.starts_with(['.', '[']))
        {
            self.inner.path = format!("{to}{rest}");
        }
        self
    }

    /// Sets the line of the bad input (CSV, or JSON syntax errors).
    pub fn at_line(mut self, line: u64) -> Error {
        self.inner.line = Some(line);
        self
    }

    /// Sets the line of the file the row at the error's path was read
    /// from: the path still names the row (`observations[2084].area`) and
    /// is placed by [`Error::under`]; the line says where it is in the file.
    ///
    /// ```
    /// use chitieu::Error;
    /// let e = Error::invalid("observations[2084].area", ("không rõ", "unknown")).at_row_line(2086);
    /// let e = e.under("data");
    /// assert_eq!((e.path(), e.line()), ("data.observations[2084].area", Some(2086)));
    /// ```
    pub fn at_row_line(mut self, line: u64) -> Error {
        self.inner.line = Some(line);
        self.inner.row_line = true;
        self
    }

    /// Sets the column (character, from 1) of the bad input: JSON syntax
    /// errors, rule expressions.
    pub fn at_column(mut self, column: u64) -> Error {
        self.inner.column = Some(column);
        self
    }

    /// The column of the bad input, when known.
    pub fn column(&self) -> Option<u64> {
        self.inner.column
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The stable code, e.g. `invalid-date`.
    pub fn code(&self) -> &'static str {
        self.inner.kind.code()
    }

    /// The JSON path or CSV column of the bad input (empty if none).
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// The line of the bad input, when known.
    pub fn line(&self) -> Option<u64> {
        self.inner.line
    }

    /// The full message in `lang`, with the location.
    pub fn message(&self, lang: Lang) -> String {
        let mut text = self.inner.kind.message(lang);
        let (at, line, column) = match lang {
            Lang::Vi => ("tại", "dòng", "ký tự"),
            Lang::En => ("at", "line", "character"),
        };
        let mut place = Vec::new();
        if !self.inner.path.is_empty() {
            place.push(format!("{at} {}", self.inner.path));
        }
        if let Some(n) = self.inner.line {
            place.push(format!("{line} {n}"));
        }
        if let Some(n) = self.inner.column {
            place.push(format!("{column} {n}"));
        }
        if !place.is_empty() {
            text.push_str(&format!(" ({})", place.join(", ")));
        }
        if let Some(caller) = self.inner.way_out {
            text.push_str(" — ");
            text.push_str(&caller.way_out(lang));
        }
        text
    }

    /// This error as a refusal of invalid data: its message says how to
    /// see every problem and how to compute on the valid rows (in a Rust
    /// program's words until [`Error::for_caller`] names another caller).
    pub fn refusing(mut self) -> Error {
        self.inner.way_out = Some(Caller::Rust);
        self
    }

    /// A refusal's way out in `caller`'s words; the first caller to name
    /// itself keeps it (the contract's words stay when a binding passes a
    /// contract response on). Other errors are unchanged.
    ///
    /// ```
    /// use chitieu::{error::Caller, Lang};
    /// let e = chitieu::builtin::load("sample-province")?.check().unwrap_err();
    /// let e = e.for_caller(Caller::Python);
    /// assert!(e.message(Lang::En).ends_with(
    ///     "to see every problem: validate(); to compute on the valid rows: invalid=\"exclude\""));
    /// # Ok::<(), chitieu::Error>(())
    /// ```
    pub fn for_caller(mut self, caller: Caller) -> Error {
        if self.inner.way_out == Some(Caller::Rust) {
            self.inner.way_out = Some(caller);
        }
        self
    }

    /// A JSON object `{code, path, line, message: {vi, en}}` for the contract.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code(),
            "path": self.inner.path,
            "line": self.inner.line,
            "column": self.inner.column,
            "message": { "vi": self.message(Lang::Vi), "en": self.message(Lang::En) },
        })
    }

    /// Shorthand for an [`ErrorKind::InvalidValue`] at `path`; `detail` is
    /// `(Vietnamese, English)`.
    ///
    /// ```
    /// use chitieu::{Error, Lang};
    /// let e = Error::invalid("total", ("tổng âm", "negative total"));
    /// assert_eq!(e.message(Lang::Vi), "giá trị không hợp lệ: tổng âm (tại total)");
    /// ```
    pub fn invalid(path: impl Into<String>, detail: impl Into<crate::text::Text>) -> Error {
        Error::new(ErrorKind::InvalidValue {
            detail: detail.into(),
        })
        .at(path)
    }

    /// Shorthand for an [`ErrorKind::ArithmeticOverflow`].
    pub fn overflow() -> Error {
        Error::new(ErrorKind::ArithmeticOverflow)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code(), self.message(Lang::En))
    }
}

/// The most characters of input an error quotes; longer input is cut with
/// its length (`…` and the count of characters).
pub const MAX_QUOTED: usize = 500;

/// The longest path an error keeps, in characters (JSON paths nested to
/// the limit of 128 levels stay whole).
pub const MAX_PATH: usize = 1000;

/// `text` as a message quotes it: whole up to [`MAX_QUOTED`] characters,
/// else cut there with `…` and its length, as [`Error::new`] cuts the input
/// it quotes. For messages that are not errors (a DHIS2 rule's reason).
#[cfg(feature = "exchange")]
pub(crate) fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => std::borrow::Cow::Owned(excerpt(text.to_string(), MAX_QUOTED)),
    }
}

/// `text` cut to `limit` characters, saying how long it was.
fn excerpt(text: String, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text,
        Some((cut, _)) => {
            let total = text.chars().count();
            let mut short = text;
            short.truncate(cut);
            short.push_str(&format!("… ({total} characters)"));
            short
        }
    }
}

impl ErrorKind {
    /// Cuts every quoted input to [`MAX_QUOTED`] characters.
    fn shorten(&mut self) {
        use ErrorKind as K;
        let cut = |s: &mut String| *s = excerpt(std::mem::take(s), MAX_QUOTED);
        match self {
            K::JsonSyntax { detail } | K::WrongType { detail } | K::UnknownVariant { detail } => {
                cut(detail)
            }
            K::MissingField { field } | K::UnknownField { field } => cut(field),
            K::DuplicateKey { key, first, .. } => {
                cut(key);
                cut(first);
            }
            K::UnknownCode { value, .. }
            | K::NonFiniteNumber { value }
            | K::NumberOutOfRange { value }
            | K::InvalidDate { value }
            | K::InvalidCode { value } => cut(value),
            K::InvalidNumber { value, reason } | K::InvalidPeriod { value, reason } => {
                cut(value);
                cut(&mut reason.vi);
                cut(&mut reason.en);
            }
            K::CsvFormat { detail }
            | K::InvalidValue { detail }
            | K::InfeasibleAllocation { detail }
            | K::RuleSyntax { detail }
            | K::Ambiguous { detail } => {
                cut(&mut detail.vi);
                cut(&mut detail.en);
            }
            K::UnsupportedVersion { .. }
            | K::ArithmeticOverflow
            | K::InputTooLarge { .. }
            | K::NotInBuild { .. } => {}
        }
    }
}

/// Whether `text` is a relative path (`observations[0]`, `[2]`), not an
/// absolute one or words ("the built-in units").
fn is_relative_path(text: &str) -> bool {
    !text.is_empty() && !text.starts_with('$') && !text.contains(' ')
}

/// `path` (relative) under `prefix`: `$.data` + `observations[3]` is
/// `$.data.observations[3]`, `units` + `[2].code` is `units[2].code`; an
/// empty side leaves the other as it is.
pub fn join_path(prefix: &str, path: &str) -> String {
    let path = path.strip_prefix('.').unwrap_or(path);
    if prefix.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        prefix.to_string()
    } else if path.starts_with('[') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Marks a serde message that carries an [`ErrorKind`] set aside by
/// [`ErrorKind::into_serde`]; the number after it says which.
const SERDE_MARKER: &str = "\u{1}chitieu:";

/// How many carried kinds are kept: serde surfaces the latest error at
/// once, so older ones can only belong to errors serde dropped (an
/// alternative it tried and gave up on).
const CARRIED_KEPT: usize = 8;

std::thread_local! {
    /// Kinds on their way through serde, which passes errors only as text.
    /// Set aside here rather than encoded in the text: decoding them would
    /// need a `Deserialize` for every kind, 60 KB of the browser module.
    static CARRIED: std::cell::RefCell<(u64, Vec<(u64, ErrorKind)>)> =
        const { std::cell::RefCell::new((0, Vec::new())) };
}

impl ErrorKind {
    /// This kind as a serde error, so a check made inside a `Deserialize`
    /// impl (a date, a period, a code) keeps its stable code when it comes
    /// back out of serde: [`ErrorKind::from_serde_message`] takes it back.
    /// The text also holds both messages, the fallback should the kind be
    /// gone (were it read on another thread).
    pub(crate) fn into_serde<E: serde::de::Error>(self) -> E {
        let vietnamese = self.message(Lang::Vi);
        let english = self.message(Lang::En);
        let id = CARRIED.with(|carried| {
            let mut carried = carried.borrow_mut();
            let (next, kept) = &mut *carried;
            *next = next.wrapping_add(1);
            if kept.len() >= CARRIED_KEPT {
                kept.remove(0);
            }
            kept.push((*next, self));
            *next
        });
        E::custom(format!("{SERDE_MARKER}{id}:{vietnamese}\u{1}{english}"))
    }

    /// The kind set aside under `id`, taken out.
    fn take_carried(id: u64) -> Option<ErrorKind> {
        CARRIED.with(|carried| {
            let kept = &mut carried.borrow_mut().1;
            let at = kept.iter().position(|(k, _)| *k == id)?;
            Some(kept.remove(at).1)
        })
    }

    /// The kind of a serde data error: one set aside by
    /// [`ErrorKind::into_serde`], or one of serde's own messages, which
    /// serde exposes only as text (hence the reading of its wording).
    pub(crate) fn from_serde_message(message: &str) -> ErrorKind {
        if let Some(carried) = message.strip_prefix(SERDE_MARKER) {
            let (id, messages) = carried.split_once(':').unwrap_or((carried, ""));
            if let Some(kind) = id.parse().ok().and_then(ErrorKind::take_carried) {
                return kind;
            }
            let (vietnamese, english) =
                messages.split_once('\u{1}').unwrap_or((messages, messages));
            return ErrorKind::InvalidValue {
                detail: crate::text::Text::new(vietnamese, english),
            };
        }
        let between_ticks = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
        if message.starts_with("invalid type") || message.starts_with("invalid length") {
            ErrorKind::WrongType {
                detail: message.to_string(),
            }
        } else if message.starts_with("missing field") {
            ErrorKind::MissingField {
                field: between_ticks(message),
            }
        } else if message.starts_with("unknown field") {
            ErrorKind::UnknownField {
                field: between_ticks(message),
            }
        } else if message.starts_with("duplicate field") {
            ErrorKind::DuplicateKey {
                kind: CodeKind::Field,
                key: between_ticks(message),
                first: "the same object".into(),
            }
        } else if message.starts_with("unknown variant") {
            ErrorKind::UnknownVariant {
                detail: message.to_string(),
            }
        } else if message.contains("out of range") || message.starts_with("number out of range") {
            ErrorKind::NumberOutOfRange {
                value: message.to_string(),
            }
        } else {
            ErrorKind::InvalidValue {
                detail: crate::text::Text::new(serde_in_vietnamese(message), message),
            }
        }
    }
}

/// Reads a string and checks it inside serde's visitor: serde_json then
/// places a failed check right after the string, where the JSON path of
/// the error is found ([`crate::io::json`]). A check made after
/// `deserialize` returns would be placed at the end of the enclosing
/// object instead.
pub(crate) fn parse_str<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Result<T>,
) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct ParseStr<F> {
        expecting: &'static str,
        parse: F,
    }
    impl<T, F: FnOnce(&str) -> Result<T>> serde::de::Visitor<'_> for ParseStr<F> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<T, E> {
            (self.parse)(v).map_err(Error::into_serde)
        }
    }
    deserializer.deserialize_str(ParseStr { expecting, parse })
}

/// Reads an object as `R`, then converts it to `T` inside serde's visitor,
/// so a failed conversion is placed at the object (after its `}`), not at
/// the end of whatever encloses it, as `#[serde(try_from)]` would.
pub(crate) fn deserialize_then<'de, D, R, T>(
    deserializer: D,
    expecting: &'static str,
) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    R: serde::Deserialize<'de>,
    T: TryFrom<R>,
    T::Error: fmt::Display,
{
    struct Then<R, T>(&'static str, std::marker::PhantomData<fn() -> (R, T)>);
    impl<'de, R, T> serde::de::Visitor<'de> for Then<R, T>
    where
        R: serde::Deserialize<'de>,
        T: TryFrom<R>,
        T::Error: fmt::Display,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> std::result::Result<T, A::Error> {
            let repr = R::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
            T::try_from(repr).map_err(serde::de::Error::custom)
        }
    }
    deserializer.deserialize_map(Then(expecting, std::marker::PhantomData))
}

impl Error {
    /// This error's kind as a serde error (its location is left behind:
    /// serde_json's position gives the place).
    pub(crate) fn into_serde<E: serde::de::Error>(self) -> E {
        self.inner.kind.into_serde()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_carried_through_serde_comes_back_once() {
        let kind = ErrorKind::InvalidDate {
            value: "2024-02-30".into(),
        };
        let carried: serde_json::Error = kind.clone().into_serde();
        let message = carried.to_string();
        assert_eq!(ErrorKind::from_serde_message(&message), kind);
        // Taken out: read again (or on another thread), the message still
        // gives both texts, as an invalid value.
        let again = ErrorKind::from_serde_message(&message);
        let ErrorKind::InvalidValue { detail } = again else {
            panic!("{again:?}");
        };
        assert_eq!(detail.vi, kind.message(Lang::Vi));
        assert_eq!(detail.en, kind.message(Lang::En));
    }

    #[test]
    fn only_the_latest_carried_kinds_are_kept() {
        let messages: Vec<String> = (0..CARRIED_KEPT + 2)
            .map(|i| {
                let e: serde_json::Error = ErrorKind::InvalidDate {
                    value: i.to_string(),
                }
                .into_serde();
                e.to_string()
            })
            .collect();
        let codes: Vec<&str> = messages
            .iter()
            .map(|m| ErrorKind::from_serde_message(m).code())
            .collect();
        assert_eq!(codes[..2], ["invalid-value", "invalid-value"]);
        assert!(codes[2..].iter().all(|c| *c == "invalid-date"), "{codes:?}");
    }

    #[test]
    fn labels_are_capitalized_as_unicode_would() {
        use CodeKind as K;
        // A match with no wildcard: a new kind fails to compile here
        // until it is added to the list below.
        let listed = |kind: K| match kind {
            K::Indicator
            | K::Area
            | K::Phase
            | K::Unit
            | K::Component
            | K::Builtin
            | K::Dimension
            | K::Observation
            | K::AllocationUnit
            | K::Rule
            | K::Activity
            | K::Plan
            | K::Field
            | K::Target => kind,
        };
        let kinds = [
            K::Indicator,
            K::Area,
            K::Phase,
            K::Unit,
            K::Component,
            K::Builtin,
            K::Dimension,
            K::Observation,
            K::AllocationUnit,
            K::Rule,
            K::Activity,
            K::Plan,
            K::Field,
            K::Target,
        ];
        for kind in kinds.map(listed) {
            for lang in [Lang::Vi, Lang::En] {
                let label = kind.label(lang);
                let mut chars = label.chars();
                let unicode: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                assert_eq!(capitalize(label), unicode, "{kind:?}");
            }
        }
        assert_eq!(capitalize("địa bàn"), "Địa bàn");
    }

    #[test]
    fn every_serde_json_message_reads_in_vietnamese() {
        // serde_json's own texts (its error.rs), as they reach a message.
        let messages = [
            "EOF while parsing a list",
            "EOF while parsing an object",
            "EOF while parsing a string",
            "EOF while parsing a value",
            "expected `:`",
            "expected `,` or `]`",
            "expected `,` or `}`",
            "expected ident",
            "expected value",
            "expected `\"`",
            "invalid escape",
            "invalid number",
            "number out of range",
            "invalid unicode code point",
            "control character (\\u0000-\\u001F) found while parsing a string",
            "key must be a string",
            "invalid value: expected key to be a number in quotes",
            "float key must be finite (got NaN or +/-inf)",
            "lone leading surrogate in hex escape",
            "trailing comma",
            "trailing characters",
            "unexpected end of hex escape",
            "recursion limit exceeded",
        ];
        let english = [
            "EOF",
            "while",
            "parsing",
            "expected",
            "unexpected",
            "end",
            "escape",
            "invalid",
            "list",
            "found",
            "must",
            "trailing",
            "range",
            "key",
            "value",
            "string",
            "number",
            "comma",
        ];
        for message in messages {
            let vi = serde_in_vietnamese(message);
            let words: Vec<&str> = vi.split(|c: char| !c.is_alphanumeric()).collect();
            for word in english {
                assert!(
                    !words.contains(&word),
                    "{message:?} → {vi:?} keeps `{word}`"
                );
            }
        }
    }

    #[test]
    fn quoted_input_is_cut_with_its_length() {
        let huge = "x".repeat(10_000_000);
        let e = Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Area,
            value: huge.clone(),
        })
        .at(huge);
        let message = e.message(Lang::En);
        assert!(message.len() < 2_000, "{} bytes", message.len());
        assert!(message.contains("… (10000000 characters)"));
        assert!(e.path().chars().count() < MAX_PATH + 30);
        // Short input is kept whole, multi-byte characters are cut whole.
        let e = Error::new(ErrorKind::InvalidCode {
            value: "Hà Giang".into(),
        });
        assert!(e.message(Lang::Vi).contains("«Hà Giang»"));
        assert_eq!(excerpt("ệệệ".into(), 2), "ệệ… (3 characters)");
    }
}
