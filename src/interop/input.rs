//! Reading untrusted input files with size limits.

use std::io::Read;
use std::path::Path;

use super::ImportError;
use crate::deck::Diagnostic;
use crate::deck::{CappedReadError, NotText, read_capped, utf8_text};

/// Largest text file (RON, Markdown, TSV, CSV) accepted.
pub const MAX_TEXT_BYTES: u64 = crate::deck::MAX_DECK_BYTES;

/// Largest package (`.apkg`) accepted.
pub const MAX_PACKAGE_BYTES: u64 = 1 << 30;

const MB: u64 = 1024 * 1024;

/// Checks that `path` is a file no larger than `limit`, without reading it.
pub fn check_file(path: &Path, limit: u64, what: &'static str) -> Result<u64, ImportError> {
    let meta = std::fs::metadata(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(ImportError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > limit {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            what,
            size_mb: meta.len().div_ceil(MB),
            limit_mb: limit / MB,
        });
    }
    Ok(meta.len())
}

/// Reads a whole file of at most `limit` bytes (the limit also holds if the
/// file grows while it is read).
pub fn read_limited(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, ImportError> {
    read_capped(path, limit).map_err(|e| match e {
        CappedReadError::Io(source) => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
        CappedReadError::IsDirectory => ImportError::IsDirectory {
            path: path.to_path_buf(),
        },
        CappedReadError::TooLarge { size } => ImportError::TooLarge {
            path: path.to_path_buf(),
            what,
            size_mb: size.div_ceil(MB),
            limit_mb: limit / MB,
        },
    })
}

/// The first bytes of a file, for sniffing its format.
pub fn head(path: &Path, n: u64) -> Result<Vec<u8>, ImportError> {
    let read_err = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(n).read_to_end(&mut bytes).map_err(read_err)?;
    Ok(bytes)
}

/// Decodes a text file: UTF-8 (a BOM is dropped), with a positioned error
/// for binary data or invalid UTF-8.
pub fn decode_text(bytes: Vec<u8>, path: &Path) -> Result<String, ImportError> {
    let text = utf8_text(bytes).map_err(|fault| {
        ImportError::Diagnostics(vec![match fault {
            NotText::Binary { line, column } => Diagnostic::at(
                path,
                line,
                column,
                "this is a binary file, not text (it contains a NUL byte); choose a text file or pass the right --format",
            ),
            NotText::NotUtf8 { line, column } => Diagnostic::at(
                path,
                line,
                column,
                "the file is not valid UTF-8 text; save it as UTF-8 and import it again",
            ),
        }])
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Reads a text file with the text size limit.
pub fn read_text(path: &Path, what: &'static str) -> Result<String, ImportError> {
    let bytes = read_limited(path, MAX_TEXT_BYTES, what)?;
    decode_text(bytes, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_positioned() {
        let err = decode_text(b"ok\nab\xffc".to_vec(), Path::new("x.md"));
        let Err(ImportError::Diagnostics(d)) = err else {
            panic!("expected a diagnostic, got {err:?}");
        };
        assert_eq!((d[0].line, d[0].column), (2, 3));
        assert!(d[0].message.contains("UTF-8"));
    }

    #[test]
    fn bom_is_dropped() {
        let text = decode_text("\u{feff}Q1: x".as_bytes().to_vec(), Path::new("x.md"));
        assert_eq!(text.ok().as_deref(), Some("Q1: x"));
    }
}
