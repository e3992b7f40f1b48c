//! Where user data lives.

use std::path::{Path, PathBuf};

/// Environment variable that overrides the data directory (tests, portable use).
pub const DATA_DIR_ENV: &str = "ARCHDECK_DATA_DIR";
/// Environment variable that overrides the machine-local device-id file.
pub const DEVICE_FILE_ENV: &str = "ARCHDECK_DEVICE_FILE";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("dev", "archdeck", "archdeck")
}

/// The data directory: `$ARCHDECK_DATA_DIR` if set and non-empty, otherwise the
/// platform's data folder for archdeck (`~/.local/share/archdeck` on Linux,
/// `~/Library/Application Support/dev.archdeck.archdeck` on macOS,
/// `%APPDATA%\archdeck\archdeck\data` on Windows). `None` if neither is known.
///
/// This and [`default_device_file`] are the only places that look at the
/// environment; everything else takes the folder as a `&Path`.
pub fn default_data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => project_dirs().map(|dirs| dirs.data_dir().to_path_buf()),
    }
}

/// The file holding this machine's device id: `$ARCHDECK_DEVICE_FILE` if set
/// and non-empty, otherwise `device-id` in a machine-local folder that file
/// sync tools leave alone (`~/.local/state/archdeck` on Linux, the cache
/// folder on macOS and Windows). It must not be inside the synced data
/// folder, or two machines would share one id and one log.
pub fn default_device_file() -> Option<PathBuf> {
    match std::env::var_os(DEVICE_FILE_ENV) {
        Some(file) if !file.is_empty() => Some(PathBuf::from(file)),
        _ => project_dirs().map(|dirs| {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.cache_dir())
                .join("device-id")
        }),
    }
}

/// The two places the store needs: the (possibly synced) data folder and the
/// machine-local device-id file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePaths {
    /// The data folder: `settings.ron`, `reviews/`, `decks/`.
    pub data_dir: PathBuf,
    /// The machine-local file holding this device's id.
    pub device_file: PathBuf,
}

impl StorePaths {
    /// Explicit paths (tests use temporary folders).
    pub fn new(data_dir: impl Into<PathBuf>, device_file: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            device_file: device_file.into(),
        }
    }

    /// The user's paths from the environment and the platform's folders.
    pub fn from_env() -> Option<Self> {
        Some(Self {
            data_dir: default_data_dir()?,
            device_file: default_device_file()?,
        })
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}
