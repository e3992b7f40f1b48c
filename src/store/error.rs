//! What can go wrong with the user's data, and what the user is told.

use std::io;
use std::path::PathBuf;

/// An error that stops the store from opening or writing. Nothing is lost or
/// overwritten when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file operation failed.
    #[error("could not {action}: {source}: {}", path.display())]
    Io {
        /// What was being done ("append a review to", "read").
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// Another archdeck process on this computer has the folder open.
    #[error(
        "the progress folder is in use by another archdeck window or process on this computer; close it and try again: {}",
        path.display()
    )]
    InUse {
        /// The data folder.
        path: PathBuf,
    },
    /// A file was written by a newer archdeck; it is left untouched.
    #[error(
        "line {line} was written by a newer archdeck ({what}); this archdeck understands version {supported}. Update archdeck; the file was left untouched: {}",
        path.display()
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// Line of the first newer record (1 for whole files).
        line: usize,
        /// What was found ("record version 2", "settings version 3").
        what: String,
        /// The version this build reads.
        supported: u32,
    },
    /// Settings given to save are invalid.
    #[error("settings not saved: {message}: {}", path.display())]
    InvalidSettings {
        /// Where they would have been saved.
        path: PathBuf,
        /// Every problem, joined.
        message: String,
    },
    /// A backup file could not be used.
    #[error("{message}: {}", path.display())]
    Backup {
        /// The backup file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// No data directory or device-id location is known on this system.
    #[error(
        "no folder for archdeck's data is known on this system; set ARCHDECK_DATA_DIR (and ARCHDECK_DEVICE_FILE) to folders you choose"
    )]
    NoDataDir,
}

impl StoreError {
    /// An I/O error while doing `action` on `path`.
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Something the user should know about, that did not stop the store: a
/// skipped line, a file moved aside, settings reset to defaults.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// The last line of a log was cut short (a write interrupted by a crash or
    /// a sync in progress); it was skipped. Nothing acknowledged is lost.
    #[error("skipped an incomplete last line {line} (an interrupted write): {}", path.display())]
    TornLine {
        /// The log.
        path: PathBuf,
        /// Its line number.
        line: usize,
    },
    /// A line in the middle of a log could not be read; it was skipped and
    /// the file left as it is.
    #[error("skipped unreadable line {line}: {message}: {}", path.display())]
    BadLine {
        /// The log.
        path: PathBuf,
        /// Line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file that is not an archdeck log (or not readable as one) was moved
    /// aside; nothing was deleted.
    #[error("{} is not a readable archdeck file ({reason}); it was moved aside to {}", path.display(), backup.display())]
    MovedAside {
        /// Where it was.
        path: PathBuf,
        /// Where it is now.
        backup: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file that is not an archdeck log was found (read-only open: left in place).
    #[error("ignored {} ({reason})", path.display())]
    Ignored {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The settings could not be read; defaults are in use and the file was
    /// kept aside.
    #[error("settings could not be read ({reason}); using defaults. Your file was kept as {}", backup.display())]
    SettingsReset {
        /// Where the bad file was kept.
        backup: PathBuf,
        /// What is wrong with it, with line:column.
        reason: String,
    },
    /// Two different records claim the same id; both are kept.
    #[error("two different records have the id {id}; both are kept: {}", path.display())]
    ConflictingId {
        /// The id.
        id: String,
        /// The file holding the second one.
        path: PathBuf,
    },
    /// The device id file was unreadable and replaced by a new id (harmless:
    /// this device simply writes a new log).
    #[error("the device id was unreadable ({reason}) and a new one was made: {}", path.display())]
    NewDeviceId {
        /// The device id file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The OS could not take the lock; two archdeck processes could write at once.
    #[error("could not take the lock ({reason}); make sure only one archdeck uses this folder: {}", path.display())]
    NotLocked {
        /// The lock file.
        path: PathBuf,
        /// The OS error.
        reason: String,
    },
}
