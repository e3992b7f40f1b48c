//! Reading zip archives from strangers: entry names, counts and unpacked
//! sizes are checked before anything is trusted, and every read is capped.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use super::ImportError;

/// Most entries an archive may have.
pub const MAX_ENTRIES: usize = 200_000;
/// Most bytes all entries together may unpack to.
pub const MAX_TOTAL_UNPACKED: u64 = 2 << 30;
/// Largest compression ratio accepted for an entry bigger than
/// [`RATIO_CHECK_FROM`]; real collections and media stay far below it.
pub const MAX_RATIO: u64 = 200;
/// Entries smaller than this are not ratio-checked.
pub const RATIO_CHECK_FROM: u64 = 64 << 20;

/// A zip archive opened for careful reading.
pub struct SafeZip {
    archive: ZipArchive<File>,
    path: PathBuf,
    /// Unpacked bytes still allowed.
    budget: u64,
}

impl std::fmt::Debug for SafeZip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SafeZip")
            .field("path", &self.path)
            .field("entries", &self.archive.len())
            .finish_non_exhaustive()
    }
}

impl SafeZip {
    /// Opens `path` and checks every entry's name and declared size.
    pub fn open(path: &Path) -> Result<Self, ImportError> {
        let file = File::open(path).map_err(|source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut archive = ZipArchive::new(file).map_err(|e| {
            ImportError::invalid(
                path,
                format!("this is not a readable zip archive ({e}); the package is damaged or not an Anki package"),
            )
        })?;
        if archive.len() > MAX_ENTRIES {
            return Err(ImportError::invalid(
                path,
                format!(
                    "the package holds {} files, more than the {MAX_ENTRIES} allowed; it is not a deck archdeck can import",
                    archive.len()
                ),
            ));
        }
        let mut total = 0u64;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| {
                ImportError::invalid(
                    path,
                    format!("entry {i} of the zip archive is damaged ({e})"),
                )
            })?;
            let name = entry
                .name()
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            if entry.enclosed_name().is_none()
                || name.starts_with('/')
                || name.starts_with('\\')
                || name.split(['/', '\\']).any(|p| p == "..")
                || name.contains(':')
            {
                return Err(ImportError::invalid(
                    path,
                    format!(
                        "the package contains an entry with an unsafe path `{}` (absolute or with `..`); it was refused, nothing was imported",
                        name.escape_debug()
                    ),
                ));
            }
            if entry.encrypted() {
                return Err(ImportError::invalid(
                    path,
                    format!(
                        "the package entry `{}` is encrypted; Anki packages never are",
                        name.escape_debug()
                    ),
                ));
            }
            let size = entry.size();
            let packed = entry.compressed_size().max(1);
            if size > RATIO_CHECK_FROM && size / packed > MAX_RATIO {
                return Err(bomb(path, &name));
            }
            total = total.saturating_add(size);
        }
        if total > MAX_TOTAL_UNPACKED {
            return Err(ImportError::invalid(
                path,
                format!(
                    "the package would unpack to {} MB, more than the {} MB allowed; it was refused",
                    total.div_ceil(1 << 20),
                    MAX_TOTAL_UNPACKED >> 20
                ),
            ));
        }
        Ok(Self {
            archive,
            path: path.to_path_buf(),
            budget: MAX_TOTAL_UNPACKED,
        })
    }

    /// Whether an entry of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Names of all entries, in archive order.
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(Result::ok)
            .map(std::borrow::Cow::into_owned)
            .collect()
    }

    /// The archive's path (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads an entry completely, at most `limit` bytes (and within the
    /// archive's total budget). `None` if there is no such entry.
    pub fn read(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let limit = limit.min(self.budget);
        let path = self.path.clone();
        let entry = self.archive.by_index(index).map_err(|e| {
            ImportError::invalid(
                &path,
                format!("cannot read `{name}` in the package ({e}); the package is damaged"),
            )
        })?;
        if entry.size() > limit {
            return Err(bomb(&path, name));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 26));
        entry.take(limit + 1).read_to_end(&mut bytes).map_err(|e| {
            ImportError::invalid(
                &path,
                format!("cannot unpack `{name}` in the package ({e}); the package is damaged"),
            )
        })?;
        if bytes.len() as u64 > limit {
            return Err(bomb(&path, name));
        }
        self.budget -= bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// Unpacked bytes still allowed.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// Takes bytes decompressed outside the zip (zstd) from the budget.
    pub fn charge(&mut self, bytes: u64, name: &str) -> Result<(), ImportError> {
        if bytes > self.budget {
            return Err(bomb(&self.path, name));
        }
        self.budget -= bytes;
        Ok(())
    }
}

/// The error for an entry that unpacks to too much.
pub fn bomb(path: &Path, name: &str) -> ImportError {
    ImportError::invalid(
        path,
        format!(
            "`{}` in the package unpacks to more than allowed (a zip bomb or a damaged file); it was refused, nothing was imported",
            name.escape_debug()
        ),
    )
}

/// Decompresses a zstd stream, at most `limit` bytes of output.
pub fn unzstd(data: &[u8], limit: u64, path: &Path, name: &str) -> Result<Vec<u8>, ImportError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(data).map_err(|e| {
        ImportError::invalid(
            path,
            format!("`{name}` in the package is not valid zstd data ({e}); the package is damaged"),
        )
    })?;
    let mut out = Vec::new();
    decoder.take(limit + 1).read_to_end(&mut out).map_err(|e| {
        ImportError::invalid(
            path,
            format!("`{name}` in the package cannot be decompressed ({e}); the package is damaged"),
        )
    })?;
    if out.len() as u64 > limit {
        return Err(bomb(path, name));
    }
    Ok(out)
}
