//! Reading a request from JSON text in two steps: the header (`version`,
//! `op`) first, so an unsupported version is refused before anything else
//! and the operation picks the struct that reads the rest; then the
//! operation's own fields, in one pass with path tracking.
//!
//! JSON keys come in any order, so the header is found by a first pass
//! that skips everything else and stops as soon as both keys are read
//! (requests usually start with them: the pass then costs nothing). A
//! mistake in the text after them is found by the second pass.

use crate::contract::request::{Op, Request};
use crate::error::{Error, ErrorKind, Result};
use crate::io::json::{MAX_INPUT_BYTES, check_size, from_str_at, read_own};
use crate::json_text::{FromJson, JsonKey};
use crate::model::CONTRACT_VERSION;

/// Reads `version` and `op` from the request text: the raw JSON of each,
/// as far as the object holds them.
fn header(text: &str) -> Result<[Option<&str>; 2]> {
    crate::io::json::raw_fields(text, ["version", "op"])
}

/// The version, checked first: a request for another version of the
/// contract is refused whatever else it holds.
fn check_version(version: Option<&str>) -> Result<()> {
    let Some(version) = version else {
        return Err(Error::new(ErrorKind::MissingField {
            field: "version".into(),
        })
        .at("$"));
    };
    let found: u32 = if version.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        version.parse().map_err(|_| {
            Error::new(ErrorKind::InvalidValue {
                detail: crate::text::Text::new(
                    format!(
                        "`{version}` không phải là phiên bản hợp đồng dữ liệu (một số nguyên như 1)"
                    ),
                    format!("`{version}` is not a contract version (a whole number such as 1)"),
                ),
            })
            .at("$.version")
        })?
    } else {
        from_str_at(version, "$.version")?
    };
    if found != CONTRACT_VERSION {
        return Err(Error::new(ErrorKind::UnsupportedVersion {
            found: u64::from(found),
            supported: CONTRACT_VERSION,
        })
        .at("$.version"));
    }
    Ok(())
}

/// Reads the fields of an operation's request: the text's object, less
/// `version` and `op` (read already), into `T`, which refuses any other
/// field it does not know.
fn body<T: FromJson>(text: &str) -> Result<T> {
    read_own(text, "$", &["version", "op"]).map_err(at_field)
}

/// serde names a missing or unknown field at its object; at the top of a
/// request, the field itself is the place (`$.as_of`).
fn at_field(e: Error) -> Error {
    let field = match e.kind() {
        ErrorKind::MissingField { field } | ErrorKind::UnknownField { field } => field.clone(),
        _ => return e,
    };
    if e.path() == "$" {
        e.at(format!("$.{field}"))
    } else {
        e
    }
}

/// Reads the request in `text`.
pub(crate) fn request(text: &str) -> Result<Request> {
    check_size(text.len(), MAX_INPUT_BYTES)?;
    let [version, op] = header(text)?;
    check_version(version)?;
    let Some(op) = op else {
        return Err(Error::new(ErrorKind::MissingField { field: "op".into() }).at("$"));
    };
    let op: Op = from_str_at(op, "$.op")?;
    Ok(match op {
        Op::Progress => Request::Progress(body(text)?),
        Op::Rollup => Request::Rollup(body(text)?),
        #[cfg(feature = "methods")]
        Op::Allocate => Request::Allocate(body(text)?),
        Op::Period => Request::Period(body(text)?),
        Op::Check => Request::Check(body(text)?),
        Op::ReadCsv => Request::ReadCsv(body(text)?),
        Op::WriteCsv => Request::WriteCsv(body(text)?),
        Op::Builtin => Request::Builtin(body(text)?),
        Op::Validate => Request::Validate(body(text)?),
        Op::Rules => Request::Rules(body(text)?),
        Op::ParseRule => Request::ParseRule(body(text)?),
        #[cfg(feature = "areas")]
        Op::Rebase => Request::Rebase(body(text)?),
        #[cfg(feature = "areas")]
        Op::ResolveArea => Request::ResolveArea(body(text)?),
        #[cfg(feature = "areas")]
        Op::ResolveAreas => Request::ResolveAreas(body(text)?),
        #[cfg(feature = "areas")]
        Op::Schemes => Request::Schemes(body(text)?),
        #[cfg(feature = "methods")]
        Op::Trend => Request::Trend(body(text)?),
        Op::Expected => Request::Expected(body(text)?),
        #[cfg(feature = "methods")]
        Op::Biproportional => Request::Biproportional(body(text)?),
        Op::Scores => Request::Scores(body(text)?),
        Op::ErrorCodes => Request::ErrorCodes(body(text)?),
        #[cfg(feature = "exchange")]
        Op::ReadDhis2 => Request::ReadDhis2(body(text)?),
        #[cfg(feature = "exchange")]
        Op::WriteDhis2 => Request::WriteDhis2(body(text)?),
        #[cfg(feature = "exchange")]
        Op::Dhis2Rules => Request::Dhis2Rules(body(text)?),
        #[cfg(feature = "exchange")]
        Op::WriteIati => Request::WriteIati(body(text)?),
        // The operations of a feature this build leaves out.
        #[allow(unreachable_patterns)]
        other => return Err(not_in_build(other)),
    })
}

/// The error for an operation whose feature this build leaves out.
fn not_in_build(op: Op) -> Error {
    Error::new(ErrorKind::NotInBuild {
        // Its name as the contract writes it (`read-dhis2`).
        op: op.json_key().into_owned(),
        feature: op.feature().unwrap_or_default().to_string(),
    })
    .at("$.op")
}
