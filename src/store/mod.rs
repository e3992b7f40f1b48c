//! User data: the data directory, atomic file writes, review logs, settings.

mod atomic;
mod paths;

pub use atomic::{sync_dir, write_atomic};
pub use paths::{DATA_DIR_ENV, default_data_dir};
