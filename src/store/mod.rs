//! User data: the data directory, review logs, settings, backups.
//!
//! ```text
//! <data>/settings.ron            study settings and appearance (atomic writes)
//! <data>/reviews/<device>.log    one append-only log per device (union = history)
//! <data>/decks/*.ron             imported decks
//! <local>/device-id              this machine's device id (not synced)
//! ```
//!
//! [`Progress`] is what the app uses: it opens everything, keeps the derived
//! card states current and writes each change (fsynced) before returning.

mod aside;
mod atomic;
mod backup;
mod device;
mod error;
mod log;
mod paths;
mod progress;
mod record;
mod reviews;
mod settings;

pub use aside::{move_aside, timestamp};
pub use atomic::{sync_dir, write_atomic};
pub use backup::{
    BACKUP_VERSION, BackupSummary, DECKS_DIR, RestoreSummary, deck_files, export_backup,
    restore_backup,
};
pub use device::{load_or_create_device, random_device_id};
pub use error::{StoreError, Warning};
pub use paths::{DATA_DIR_ENV, DEVICE_FILE_ENV, StorePaths, default_data_dir, default_device_file};
pub use progress::Progress;
pub use record::{RECORD_VERSION, encode as encode_record};
pub use reviews::{LOG_EXTENSION, Opened, REVIEWS_DIR, Store, read_events};
pub use settings::{SETTINGS_FILE, SETTINGS_VERSION, Settings, Theme};
