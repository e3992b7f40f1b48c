//! All progress in one file: export and restore.
//!
//! A backup is a zip holding `archdeck-backup.json` (format and version),
//! every review log (whole lines only), `settings.ron` and the imported
//! decks in `decks/`. Restoring never overwrites or deletes: records missing
//! from the data folder are added as new logs (the history is a union, so
//! this is a merge), replaced settings are kept aside, and differing decks
//! are left as they are.

use std::collections::HashSet;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::aside::{move_aside, timestamp};
use super::atomic::write_atomic;
use super::error::StoreError;
use super::log::parse_log;
use super::record::Interner;
use super::reviews::{LOG_EXTENSION, REVIEWS_DIR, log_files, read_events};
use super::settings::{SETTINGS_FILE, Settings};
use crate::srs::{Event, Moment};

/// Name of the manifest inside a backup.
const MANIFEST: &str = "archdeck-backup.json";
/// The backup format this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;
/// Folder of imported decks in the data directory.
pub const DECKS_DIR: &str = "decks";
/// Largest file accepted inside a backup (a log of ten million reviews).
const MAX_ENTRY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    created_ms: i64,
    records: usize,
}

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The backup file.
    pub path: PathBuf,
    /// Review logs in it.
    pub logs: usize,
    /// Records in them.
    pub records: usize,
    /// Whether the settings are in it.
    pub settings: bool,
    /// Decks in it.
    pub decks: usize,
}

/// What a restore changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Records added (already present ones are skipped).
    pub records_added: usize,
    /// Logs written with them.
    pub logs_written: Vec<PathBuf>,
    /// Where the previous settings were kept, if the backup's replaced them.
    pub settings_kept_aside: Option<PathBuf>,
    /// Whether the backup's settings were written.
    pub settings_restored: bool,
    /// Decks written (they were missing).
    pub decks_added: Vec<PathBuf>,
    /// Decks present with other content: left as they are.
    pub decks_differing: Vec<PathBuf>,
}

/// Writes every log, the settings and imported decks of `data_dir` to the zip
/// file `out` (atomically). Incomplete last lines are left out.
pub fn export_backup(
    data_dir: &Path,
    out: &Path,
    now: Moment,
) -> Result<BackupSummary, StoreError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut records = 0;
    let mut interner = Interner::default();
    for path in log_files(data_dir)? {
        let bytes = fs::read(&path).map_err(|e| StoreError::io("read the review log", &path, e))?;
        let parsed = parse_log(&path, &bytes, &mut interner, false)?;
        if parsed.foreign.is_some() {
            continue;
        }
        records += parsed.events.len();
        let len = usize::try_from(parsed.complete_len).unwrap_or(bytes.len());
        let mut whole = bytes[..len].to_vec();
        if parsed.missing_newline {
            whole.push(b'\n');
        }
        files.push((format!("{REVIEWS_DIR}/{}", file_name(&path)), whole));
    }
    let logs = files.len();
    let settings_path = Settings::path(data_dir);
    let settings = match fs::read(&settings_path) {
        Ok(bytes) => {
            files.push((SETTINGS_FILE.to_owned(), bytes));
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(StoreError::io("read the settings", settings_path, e)),
    };
    let decks = deck_files(data_dir)?;
    for path in &decks {
        let bytes = fs::read(path).map_err(|e| StoreError::io("read the deck", path, e))?;
        files.push((format!("{DECKS_DIR}/{}", file_name(path)), bytes));
    }
    let manifest = Manifest {
        format: "archdeck-backup".into(),
        version: BACKUP_VERSION,
        created_ms: now.unix_ms,
        records,
    };
    let zip_err = |e: zip::result::ZipError| {
        StoreError::io("write the backup", out, std::io::Error::other(e))
    };
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let manifest_json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| StoreError::io("write the backup", out, std::io::Error::other(e)))?;
    for (name, bytes) in std::iter::once((MANIFEST.to_owned(), manifest_json)).chain(files) {
        zip.start_file(name, options).map_err(zip_err)?;
        zip.write_all(&bytes)
            .map_err(|e| StoreError::io("write the backup", out, e))?;
    }
    let bytes = zip.finish().map_err(zip_err)?.into_inner();
    write_atomic(out, &bytes).map_err(|e| StoreError::io("write the backup", out, e))?;
    Ok(BackupSummary {
        path: out.to_path_buf(),
        logs,
        records,
        settings,
        decks: decks.len(),
    })
}

/// Merges the backup `backup` into `data_dir`. Everything in the backup is
/// checked before anything is written; a damaged or newer backup changes
/// nothing.
pub fn restore_backup(
    data_dir: &Path,
    backup: &Path,
    now: Moment,
) -> Result<RestoreSummary, StoreError> {
    let bad = |message: String| StoreError::Backup {
        path: backup.to_path_buf(),
        message,
    };
    let entries = read_zip(backup)?;
    let manifest_bytes = entries
        .iter()
        .find(|(n, _)| n == MANIFEST)
        .map(|(_, b)| b)
        .ok_or_else(|| bad(format!("not an archdeck backup (no {MANIFEST} inside)")))?;
    let manifest: Manifest = serde_json::from_slice(manifest_bytes)
        .map_err(|e| bad(format!("not an archdeck backup ({MANIFEST}: {e})")))?;
    if manifest.format != "archdeck-backup" {
        return Err(bad(format!(
            "not an archdeck backup (format {:?})",
            manifest.format
        )));
    }
    if manifest.version > BACKUP_VERSION {
        return Err(StoreError::NewerVersion {
            path: backup.to_path_buf(),
            line: 1,
            what: format!("backup version {}", manifest.version),
            supported: BACKUP_VERSION,
        });
    }

    // Check everything first.
    let mut logs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut settings: Option<Vec<u8>> = None;
    let mut decks: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, bytes) in entries {
        if name == MANIFEST {
            continue;
        }
        if name == SETTINGS_FILE {
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| bad(format!("{SETTINGS_FILE} in the backup is not text")))?;
            match Settings::parse(text) {
                Ok(Some(_)) => settings = Some(bytes),
                Ok(None) => {
                    return Err(StoreError::NewerVersion {
                        path: backup.to_path_buf(),
                        line: 1,
                        what: "a newer settings format".into(),
                        supported: super::settings::SETTINGS_VERSION,
                    });
                }
                Err(e) => {
                    return Err(bad(format!(
                        "{SETTINGS_FILE} in the backup is invalid: {e}"
                    )));
                }
            }
        } else if let Some(file) = plain_name(&name, REVIEWS_DIR, LOG_EXTENSION) {
            logs.push((file.to_owned(), bytes));
        } else if let Some(file) = plain_name(&name, DECKS_DIR, "ron") {
            decks.push((file.to_owned(), bytes));
        } else {
            return Err(bad(format!("unexpected file {name:?} in the backup")));
        }
    }
    let (existing, _) = read_events(data_dir, now)?;
    let mut present: HashSet<Event> = existing.into_iter().collect();
    let mut interner = Interner::default();
    let mut new_logs: Vec<(PathBuf, Vec<u8>, usize)> = Vec::new();
    let stamp = timestamp(now);
    for (file, bytes) in &logs {
        let inner = Path::new(backup).join(REVIEWS_DIR).join(file);
        let parsed = parse_log(&inner, bytes, &mut interner, true)?;
        if let Some(reason) = parsed.foreign {
            return Err(bad(format!(
                "{REVIEWS_DIR}/{file} in the backup is damaged: {reason}"
            )));
        }
        let mut out = Vec::new();
        let mut added = 0;
        for (event, (start, end)) in parsed.events.into_iter().zip(parsed.lines) {
            if present.insert(event) {
                out.extend_from_slice(&bytes[start..end]);
                out.push(b'\n');
                added += 1;
            }
        }
        if added > 0 {
            let stem = file
                .strip_suffix(&format!(".{LOG_EXTENSION}"))
                .unwrap_or(file);
            let path = data_dir
                .join(REVIEWS_DIR)
                .join(format!("{stem}.restored-{stamp}.{LOG_EXTENSION}"));
            new_logs.push((path, out, added));
        }
    }

    // Then write.
    let mut summary = RestoreSummary::default();
    for (path, bytes, added) in new_logs {
        let path = unused(path);
        write_atomic(&path, &bytes)
            .map_err(|e| StoreError::io("write the restored log", &path, e))?;
        summary.records_added += added;
        summary.logs_written.push(path);
    }
    if let Some(bytes) = settings {
        let path = Settings::path(data_dir);
        match fs::read(&path) {
            Ok(current) if current == bytes => {}
            Ok(_) => {
                let kept = move_aside(&path, "before-restore", now)
                    .map_err(|e| StoreError::io("keep the current settings aside", &path, e))?;
                summary.settings_kept_aside = Some(kept);
                write_atomic(&path, &bytes)
                    .map_err(|e| StoreError::io("restore the settings", &path, e))?;
                summary.settings_restored = true;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write_atomic(&path, &bytes)
                    .map_err(|e| StoreError::io("restore the settings", &path, e))?;
                summary.settings_restored = true;
            }
            Err(e) => return Err(StoreError::io("read the settings", path, e)),
        }
    }
    for (file, bytes) in decks {
        let path = data_dir.join(DECKS_DIR).join(&file);
        match fs::read(&path) {
            Ok(current) if current == bytes => {}
            Ok(_) => summary.decks_differing.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write_atomic(&path, &bytes)
                    .map_err(|e| StoreError::io("restore the deck", &path, e))?;
                summary.decks_added.push(path);
            }
            Err(e) => return Err(StoreError::io("read the deck", path, e)),
        }
    }
    Ok(summary)
}

/// `name` if it is `<dir>/<file>.<ext>` with a plain file name.
fn plain_name<'a>(name: &'a str, dir: &str, ext: &str) -> Option<&'a str> {
    let file = name.strip_prefix(dir)?.strip_prefix('/')?;
    let ok = !file.is_empty()
        && file.len() <= 200
        && file.ends_with(&format!(".{ext}"))
        && !file.starts_with('.')
        && !file.contains(['/', '\\', ':', '\0']);
    ok.then_some(file)
}

/// `path`, or a numbered variant of it that does not exist yet.
fn unused(path: PathBuf) -> PathBuf {
    if !path.exists() {
        return path;
    }
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    (2..100_000)
        .map(|n| path.with_file_name(format!("{stem}-{n}.{LOG_EXTENSION}")))
        .find(|p| !p.exists())
        .unwrap_or(path)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The `.ron` decks in `data_dir/decks`, sorted.
pub fn deck_files(data_dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let dir = data_dir.join(DECKS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io("list the decks in", dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| StoreError::io("list the decks in", &dir, e))?
            .path();
        if path.extension().is_some_and(|e| e == "ron") && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn read_zip(path: &Path) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let bad = |message: String| StoreError::Backup {
        path: path.to_path_buf(),
        message,
    };
    let file = fs::File::open(path).map_err(|e| StoreError::io("open the backup", path, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| {
        bad(format!(
            "not an archdeck backup (not a readable zip file: {e})"
        ))
    })?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| bad(format!("damaged backup (entry {i}: {e})")))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| bad(format!("damaged backup (entry {i}: {e})")))?
            .into_owned();
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("damaged backup ({name}: {e})")))?;
        if bytes.len() as u64 > MAX_ENTRY_BYTES {
            return Err(bad(format!("{name} in the backup is larger than 2 GB")));
        }
        out.push((name, bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_accepted() {
        assert_eq!(
            plain_name("reviews/abc.log", "reviews", "log"),
            Some("abc.log")
        );
        for bad in [
            "reviews/../x.log",
            "reviews/a/b.log",
            "reviews/.log",
            "reviews/x.txt",
            "other/x.log",
            "reviews/",
        ] {
            assert_eq!(plain_name(bad, "reviews", "log"), None, "{bad}");
        }
    }
}
