//! Errors: one type for the whole crate, each with a stable code, the place of
//! the bad input and a message in Vietnamese and English.
//!
//! Bindings map [`Error`] once: to a Python exception carrying `code` and
//! `path`, and to a JS `Error` with the same properties. The codes are part of
//! the public contract; [`ErrorKind::code`] lists them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::Lang;

/// What kind of name an unknown or duplicate code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
        }
    }
}

/// The kinds of error, each with a stable kebab-case `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        /// Why it was rejected.
        reason: String,
    },
    /// NaN or an infinity.
    NonFiniteNumber {
        /// The text as given.
        value: String,
    },
    /// A number too large to be held exactly.
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
        /// Why it was rejected.
        reason: String,
    },
    /// A code that is empty or contains characters that are not allowed.
    InvalidCode {
        /// The text as given.
        value: String,
    },
    /// A value that is well formed but not allowed here.
    InvalidValue {
        /// What is wrong.
        detail: String,
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
        /// What is wrong.
        detail: String,
    },
    /// A computation whose exact result does not fit in 128 bits.
    ArithmeticOverflow,
    /// An allocation whose floors, caps and total cannot all hold.
    InfeasibleAllocation {
        /// Why.
        detail: String,
    },
    /// A rule expression that does not parse; the error's column is the
    /// character where it goes wrong.
    RuleSyntax {
        /// What was expected.
        detail: String,
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
        /// What is ambiguous and the candidates.
        detail: String,
    },
}

impl ErrorKind {
    /// The stable machine-readable code, e.g. `unknown-code`.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::JsonSyntax { .. } => "json-syntax",
            ErrorKind::WrongType { .. } => "wrong-type",
            ErrorKind::MissingField { .. } => "missing-field",
            ErrorKind::UnknownField { .. } => "unknown-field",
            ErrorKind::UnknownVariant { .. } => "unknown-variant",
            ErrorKind::DuplicateKey { .. } => "duplicate-key",
            ErrorKind::UnknownCode { .. } => "unknown-code",
            ErrorKind::InvalidNumber { .. } => "invalid-number",
            ErrorKind::NonFiniteNumber { .. } => "non-finite-number",
            ErrorKind::NumberOutOfRange { .. } => "number-out-of-range",
            ErrorKind::InvalidDate { .. } => "invalid-date",
            ErrorKind::InvalidPeriod { .. } => "invalid-period",
            ErrorKind::InvalidCode { .. } => "invalid-code",
            ErrorKind::InvalidValue { .. } => "invalid-value",
            ErrorKind::UnsupportedVersion { .. } => "unsupported-version",
            ErrorKind::CsvFormat { .. } => "csv-format",
            ErrorKind::ArithmeticOverflow => "arithmetic-overflow",
            ErrorKind::InfeasibleAllocation { .. } => "infeasible-allocation",
            ErrorKind::RuleSyntax { .. } => "rule-syntax",
            ErrorKind::InputTooLarge { .. } => "input-too-large",
            ErrorKind::Ambiguous { .. } => "ambiguous",
        }
    }

    /// The message in `lang`, without the location.
    pub fn message(&self, lang: Lang) -> String {
        use ErrorKind as K;
        let vi = lang == Lang::Vi;
        match self {
            K::JsonSyntax { detail } if vi => format!("JSON không hợp lệ: {detail}"),
            K::JsonSyntax { detail } => format!("malformed JSON: {detail}"),
            K::WrongType { detail } if vi => format!("sai kiểu dữ liệu: {detail}"),
            K::WrongType { detail } => format!("wrong type: {detail}"),
            K::MissingField { field } if vi => format!("thiếu trường bắt buộc «{field}»"),
            K::MissingField { field } => format!("missing required field `{field}`"),
            K::UnknownField { field } if vi => format!("trường không xác định «{field}»"),
            K::UnknownField { field } => format!("unknown field `{field}`"),
            K::UnknownVariant { detail } if vi => format!("giá trị không thuộc danh mục: {detail}"),
            K::UnknownVariant { detail } => format!("value not in the list: {detail}"),
            K::DuplicateKey { kind, key, first } if vi => format!(
                "{} «{key}» bị trùng (đã có tại {first})",
                capitalize(kind.label(lang))
            ),
            K::DuplicateKey { kind, key, first } => {
                format!("duplicate {} `{key}` (first at {first})", kind.label(lang))
            }
            K::UnknownCode { kind, value } if vi => {
                format!("mã {} không tồn tại: «{value}»", kind.label(lang))
            }
            K::UnknownCode { kind, value } => {
                format!("unknown {} code `{value}`", kind.label(lang))
            }
            K::InvalidNumber { value, reason } if vi => {
                format!("số không hợp lệ «{value}»: {reason}")
            }
            K::InvalidNumber { value, reason } => format!("invalid number `{value}`: {reason}"),
            K::NonFiniteNumber { value } if vi => {
                format!("số không hữu hạn «{value}» (NaN hoặc vô cực) không được chấp nhận")
            }
            K::NonFiniteNumber { value } => {
                format!("non-finite number `{value}` (NaN or infinity) is not accepted")
            }
            K::NumberOutOfRange { value } if vi => {
                format!("số «{value}» quá lớn để biểu diễn chính xác")
            }
            K::NumberOutOfRange { value } => {
                format!("number `{value}` is too large to be held exactly")
            }
            K::InvalidDate { value } if vi => {
                format!("ngày không hợp lệ «{value}» (cần ngày có thật, dạng YYYY-MM-DD)")
            }
            K::InvalidDate { value } => {
                format!("invalid date `{value}` (expected a real date as YYYY-MM-DD)")
            }
            K::InvalidPeriod { value, reason } if vi => {
                format!("kỳ báo cáo không hợp lệ «{value}»: {reason}")
            }
            K::InvalidPeriod { value, reason } => format!("invalid period `{value}`: {reason}"),
            K::InvalidCode { value } if vi => format!(
                "mã không hợp lệ «{value}» (không được rỗng, không có khoảng trắng ở đầu/cuối)"
            ),
            K::InvalidCode { value } => format!(
                "invalid code `{value}` (must be non-empty, without surrounding whitespace)"
            ),
            K::InvalidValue { detail } if vi => format!("giá trị không hợp lệ: {detail}"),
            K::InvalidValue { detail } => format!("invalid value: {detail}"),
            K::UnsupportedVersion { found, supported } if vi => format!(
                "phiên bản hợp đồng dữ liệu {found} không được hỗ trợ (hỗ trợ: {supported})"
            ),
            K::UnsupportedVersion { found, supported } => {
                format!("unsupported contract version {found} (supported: {supported})")
            }
            K::CsvFormat { detail } if vi => format!("tệp CSV không hợp lệ: {detail}"),
            K::CsvFormat { detail } => format!("malformed CSV: {detail}"),
            K::ArithmeticOverflow if vi => {
                "kết quả tính toán vượt quá phạm vi số chính xác 128 bit".to_string()
            }
            K::ArithmeticOverflow => "exact result does not fit in 128 bits".to_string(),
            K::InfeasibleAllocation { detail } if vi => {
                format!("không thể phân bổ: {detail}")
            }
            K::InfeasibleAllocation { detail } => format!("allocation is infeasible: {detail}"),
            K::RuleSyntax { detail } if vi => format!("biểu thức quy tắc sai cú pháp: {detail}"),
            K::RuleSyntax { detail } => format!("rule expression does not parse: {detail}"),
            K::InputTooLarge { size, limit } if vi => {
                format!("dữ liệu vào quá lớn: {size} byte, giới hạn {limit} byte")
            }
            K::InputTooLarge { size, limit } => {
                format!("input too large: {size} bytes, the limit is {limit} bytes")
            }
            K::Ambiguous { detail } if vi => format!("tham chiếu không rõ ràng: {detail}"),
            K::Ambiguous { detail } => format!("ambiguous reference: {detail}"),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An error with its kind and where the bad input is.
///
/// `path` is a JSON path (`$.observations[3].value`) for JSON input, or the
/// column name for CSV input, where `line` gives the line. It is empty when
/// the error concerns the input as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    kind: Box<ErrorKind>,
    path: String,
    line: Option<u64>,
    column: Option<u64>,
}

impl Error {
    /// An error of `kind` with no location yet.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
            path: String::new(),
            line: None,
            column: None,
        }
    }

    /// Sets the JSON path or CSV column of the bad input.
    pub fn at(mut self, path: impl Into<String>) -> Error {
        self.path = path.into();
        self
    }

    /// Sets the line of the bad input (CSV, or JSON syntax errors).
    pub fn at_line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
    }

    /// Sets the column (character, from 1) of the bad input: JSON syntax
    /// errors, rule expressions.
    pub fn at_column(mut self, column: u64) -> Error {
        self.column = Some(column);
        self
    }

    /// The column of the bad input, when known.
    pub fn column(&self) -> Option<u64> {
        self.column
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The stable code, e.g. `invalid-date`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The JSON path or CSV column of the bad input (empty if none).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line of the bad input, when known.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The full message in `lang`, with the location.
    pub fn message(&self, lang: Lang) -> String {
        let mut text = self.kind.message(lang);
        let (at, line, column) = match lang {
            Lang::Vi => ("tại", "dòng", "ký tự"),
            Lang::En => ("at", "line", "character"),
        };
        let mut place = Vec::new();
        if !self.path.is_empty() {
            place.push(format!("{at} {}", self.path));
        }
        if let Some(n) = self.line {
            place.push(format!("{line} {n}"));
        }
        if let Some(n) = self.column {
            place.push(format!("{column} {n}"));
        }
        if !place.is_empty() {
            text.push_str(&format!(" ({})", place.join(", ")));
        }
        text
    }

    /// A JSON object `{code, path, line, message: {vi, en}}` for the contract.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code(),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": { "vi": self.message(Lang::Vi), "en": self.message(Lang::En) },
        })
    }

    /// Shorthand for an [`ErrorKind::InvalidValue`] at `path`.
    pub fn invalid(path: impl Into<String>, detail: impl Into<String>) -> Error {
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

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Marks a serde message that carries an encoded [`ErrorKind`].
const SERDE_MARKER: &str = "\u{1}chitieu:";

impl ErrorKind {
    /// This kind as a serde error, so a check made inside a `Deserialize`
    /// impl (a date, a period, a code) keeps its stable code when it comes
    /// back out of serde: [`ErrorKind::from_serde_message`] decodes it.
    pub(crate) fn into_serde<E: serde::de::Error>(self) -> E {
        match serde_json::to_string(&self) {
            Ok(json) => E::custom(format!("{SERDE_MARKER}{json}")),
            Err(_) => E::custom(self.message(Lang::En)),
        }
    }

    /// The kind of a serde data error: one encoded by
    /// [`ErrorKind::into_serde`], or one of serde's own messages, which
    /// serde exposes only as text (hence the reading of its wording).
    pub(crate) fn from_serde_message(message: &str) -> ErrorKind {
        if let Some(json) = message.strip_prefix(SERDE_MARKER)
            && let Ok(kind) = serde_json::from_str::<ErrorKind>(json)
        {
            return kind;
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
                kind: CodeKind::Dimension,
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
                detail: message.to_string(),
            }
        }
    }
}

impl Error {
    /// This error's kind as a serde error (its location is left behind:
    /// serde's path tracking gives the place).
    pub(crate) fn into_serde<E: serde::de::Error>(self) -> E {
        (*self.kind).into_serde()
    }
}
