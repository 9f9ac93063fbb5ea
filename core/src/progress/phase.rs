//! Which phase a report or roll-up is about: the one named, or the one
//! containing the as-of date.

use chrono::NaiveDate;

use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::model::{CheckedData, Phase};

/// The phase named by `id`, or the one containing `as_of`.
pub(crate) fn resolve_phase<'a>(
    checked: &'a CheckedData<'a>,
    as_of: NaiveDate,
    id: Option<&str>,
) -> Result<&'a Phase> {
    match id {
        Some(id) => checked.framework.phase(id).ok_or_else(|| {
            Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Phase,
                value: id.to_string(),
            })
            .at("phase")
        }),
        None => checked.framework.phase_on(as_of).ok_or_else(|| {
            Error::invalid(
                "as_of", (format!("ngày {as_of} không thuộc giai đoạn nào của khung chỉ tiêu; hãy nêu giai đoạn"), format!("{as_of} is in no phase of the framework; name the phase")))
        }),
    }
}
