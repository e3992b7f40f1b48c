//! Anki packages (`.apkg`): import of every package version Anki writes,
//! export as a package Anki imports.

pub mod cloze;
pub mod media;
mod proto;
mod read;
mod sha1;
mod write;

pub use read::import;
pub use write::export;

/// Notes archdeck exports carry the guid `ad:<deck id>/<card id>`, so a
/// package that goes to Anki and back keeps its ids (and Anki updates the
/// same notes when a newer export is imported).
pub const GUID_PREFIX: &str = "ad:";
