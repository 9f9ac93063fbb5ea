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

/// Reads the bytes of a file or stream, never more than `limit`: the size
/// its metadata gives (`size`) is checked before a byte is read, so a
/// 20 GB file is refused at once, and the read itself stops one byte past
/// the limit, so a device that never ends (`/dev/zero`) or a file that
/// grows while it is read is refused too. The error is `input-too-large`
/// at `path` (the file), or `invalid-value` there when reading fails.
///
/// ```
/// let endless = std::io::repeat(0);
/// let error = chitieu::io::read_limited(endless, None, 1000, "/dev/zero").unwrap_err();
/// assert_eq!((error.code(), error.path()), ("input-too-large", "/dev/zero"));
/// let small = chitieu::io::read_limited(&b"P8.CCG"[..], Some(6), 1000, "a.csv")?;
/// assert_eq!(small, b"P8.CCG");
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn read_limited(
    reader: impl std::io::Read,
    size: Option<u64>,
    limit: usize,
    path: &str,
) -> crate::error::Result<Vec<u8>> {
    let too_large = |size: u64| {
        crate::error::Error::new(crate::error::ErrorKind::InputTooLarge {
            size,
            limit: limit as u64,
        })
        .at(path)
    };
    if let Some(size) = size.filter(|&s| s > limit as u64) {
        return Err(too_large(size));
    }
    let capacity = size.map_or(0, |s| usize::try_from(s).unwrap_or(0));
    let mut bytes = Vec::with_capacity(capacity);
    let bound = (limit as u64).saturating_add(1);
    std::io::Read::read_to_end(&mut std::io::Read::take(reader, bound), &mut bytes).map_err(
        |e| {
            crate::error::Error::invalid(
                path,
                (
                    format!("không đọc được tệp: {e}"),
                    format!("the file cannot be read: {e}"),
                ),
            )
        },
    )?;
    if bytes.len() > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of the file at `path`, at most [`json::MAX_INPUT_BYTES`]
/// (see [`read_limited`]): how the command line and the Python package
/// read a file.
///
/// ```
/// let error = chitieu::io::read_file(std::path::Path::new("no/such/file.csv")).unwrap_err();
/// assert_eq!((error.code(), error.path()), ("invalid-value", "no/such/file.csv"));
/// ```
pub fn read_file(path: &std::path::Path) -> crate::error::Result<Vec<u8>> {
    let place = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| {
        crate::error::Error::invalid(
            place.as_str(),
            (
                format!("không mở được tệp: {e}"),
                format!("the file cannot be opened: {e}"),
            ),
        )
    })?;
    // A device or pipe has no useful size: its read is bounded instead.
    let size = file
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len());
    read_limited(file, size, json::MAX_INPUT_BYTES, &place)
}
