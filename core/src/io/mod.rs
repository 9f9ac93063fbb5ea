//! Input and output shared by every runtime: the JSON contract and tidy CSV.

pub mod columns;
pub mod csv;
pub mod json;
pub mod table;

/// The text of a file's bytes, which must be UTF-8: the error is an
/// `invalid-value` at `path` (the file) naming the offset of the first bad
/// byte, in both languages. Every runtime reads files through this.
///
/// ```
/// let error = chitieu::io::file_text(b"P8.CCG,H\xe0 Giang", "report.csv").unwrap_err();
/// assert_eq!((error.code(), error.path()), ("invalid-value", "report.csv"));
/// assert!(error.message(chitieu::Lang::En).contains("invalid byte at offset 8"));
/// ```
pub fn file_text<'b>(bytes: &'b [u8], path: &str) -> crate::error::Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        crate::error::Error::invalid(
            path,
            (
                format!("tệp không phải UTF-8: byte không hợp lệ ở vị trí {at}"),
                format!("the file is not UTF-8: invalid byte at offset {at}"),
            ),
        )
    })
}
