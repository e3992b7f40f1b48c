//! Where user data lives.

use std::path::PathBuf;

/// Environment variable that overrides the data directory (tests, portable use).
pub const DATA_DIR_ENV: &str = "ARCHDECK_DATA_DIR";

/// The data directory: `$ARCHDECK_DATA_DIR` if set and non-empty, otherwise the
/// platform's data folder for archdeck (`~/.local/share/archdeck` on Linux,
/// `~/Library/Application Support/dev.archdeck.archdeck` on macOS,
/// `%APPDATA%\archdeck\archdeck\data` on Windows). `None` if neither is known.
///
/// This is the only place that looks at the environment; everything else
/// takes the folder as a `&Path`.
pub fn default_data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("dev", "archdeck", "archdeck")
            .map(|dirs| dirs.data_dir().to_path_buf()),
    }
}
