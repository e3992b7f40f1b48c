//! Keeping bad or replaced files aside instead of deleting them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::sync_dir;
use crate::srs::Moment;

/// `20260101T070000Z`: a UTC timestamp for file names.
pub fn timestamp(now: Moment) -> String {
    chrono::DateTime::from_timestamp_millis(now.unix_ms).map_or_else(
        || format!("{}ms", now.unix_ms),
        |t| t.format("%Y%m%dT%H%M%SZ").to_string(),
    )
}

/// A path next to `path` named `<name>.<label>-<timestamp>` that does not
/// exist yet.
pub fn aside_path(path: &Path, label: &str, now: Moment) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let stamp = timestamp(now);
    let mut candidate = path.with_file_name(format!("{name}.{label}-{stamp}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = path.with_file_name(format!("{name}.{label}-{stamp}-{n}"));
        n += 1;
    }
    candidate
}

/// Renames `path` to `<name>.<label>-<timestamp>` next to it (never over an
/// existing file) and returns where it went.
pub fn move_aside(path: &Path, label: &str, now: Moment) -> io::Result<PathBuf> {
    let target = aside_path(path, label, now);
    fs::rename(path, &target)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_and_sortable() {
        assert_eq!(
            timestamp(Moment::new(1_767_250_800_000, 60)),
            "20260101T070000Z"
        );
    }

    #[test]
    fn moving_aside_never_overwrites() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.ron");
        let now = Moment::new(0, 0);
        fs::write(&path, "one").expect("write");
        let first = move_aside(&path, "corrupt", now).expect("moved");
        fs::write(&path, "two").expect("write");
        let second = move_aside(&path, "corrupt", now).expect("moved");
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(first).expect("read"), "one");
        assert_eq!(fs::read_to_string(second).expect("read"), "two");
        assert!(!path.exists());
    }
}
