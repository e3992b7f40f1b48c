//! Import and export of decks: archdeck RON, Anki packages (`.apkg`),
//! Anki-compatible text (TSV) and CSV, and Markdown documents.
//!
//! Importing is all or nothing: a file is read and converted in memory,
//! the deck validated, and only then written into the data directory
//! (`<data>/decks/<id>.ron`, pictures in `<data>/decks/<id>.assets/`).
//! Files come from strangers: sizes are capped, archives checked, HTML
//! only ever read as text.

pub mod anki;
mod error;
mod format;
pub mod html;
pub mod input;
mod install;
pub mod markdown;
mod report;
mod ron_file;
pub mod slug;
pub mod text;
pub mod text_markup;
pub mod zipsafe;

use std::path::Path;

pub use error::{ExportError, ImportError};
pub use format::{Format, UnknownFormat};
pub use install::{
    ExistingDeck, assets_folder_name, deck_exists, deck_path, decks_dir, existing_deck, install,
};
pub use report::{ImportAction, ImportReport, Imported, OnExisting, REMOVED_TAG, ReviewRecord};

use crate::deck::Deck;

/// Choices for an export beyond the format.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions<'a> {
    /// Review history to include (RON only); `None` exports the deck alone.
    pub reviews: Option<&'a [ReviewRecord]>,
    /// Folder of the deck file, where its pictures are found (image paths
    /// are relative to it). `None`: pictures are left out, with a warning.
    pub deck_dir: Option<&'a Path>,
    /// Now, in milliseconds since the Unix epoch: Anki's modification
    /// times. 0 writes a fixed time (reproducible output).
    pub now_ms: i64,
}

/// The format to read `path` as: `format` if given, else guessed from the
/// extension, else from the first bytes.
pub fn detect_format(path: &Path, format: Option<Format>) -> Result<Format, ImportError> {
    if let Some(f) = format {
        return Ok(f);
    }
    if let Some(f) = Format::from_extension(path) {
        return Ok(f);
    }
    input::check_file(path, input::MAX_PACKAGE_BYTES, "a deck file")?;
    let head = input::head(path, 4096)?;
    Format::sniff(&head).ok_or_else(|| ImportError::UnknownFormat {
        path: path.to_path_buf(),
    })
}

/// Reads and converts a file into a deck in memory, writing nothing.
/// `progress` receives 0.0..=1.0 while a large package is read.
pub fn read_file(
    path: &Path,
    format: Option<Format>,
    progress: &dyn Fn(f32),
) -> Result<Imported, ImportError> {
    let format = detect_format(path, format)?;
    let imported = match format {
        Format::Ron => ron_file::import(path)?,
        Format::Apkg => anki::import(path, progress)?,
        Format::Tsv | Format::Csv => text::import(path, format)?,
        Format::Markdown => markdown::import(path)?,
    };
    progress(1.0);
    Ok(imported)
}

/// Imports a deck file into `data_dir` (see the module docs). When the
/// deck's id is taken, `on_existing` says whether to stop and ask, update
/// in place, or import a copy. Nothing in `data_dir` changes on error.
pub fn import_file(
    path: &Path,
    format: Option<Format>,
    data_dir: &Path,
    on_existing: OnExisting,
    progress: &dyn Fn(f32),
) -> Result<ImportReport, ImportError> {
    let imported = read_file(path, format, progress)?;
    install(imported, data_dir, on_existing)
}

/// Writes `deck` to `out` in `format`; returns warnings about what the
/// format could not hold.
pub fn export_deck(
    deck: &Deck,
    format: Format,
    out: &Path,
    options: &ExportOptions<'_>,
) -> Result<Vec<String>, ExportError> {
    let mut warnings = Vec::new();
    if options.reviews.is_some() && format != Format::Ron {
        warnings.push(format!(
            "review history is only exported in the RON format; the {format} file holds the cards alone"
        ));
    }
    match format {
        Format::Ron => ron_file::export(deck, out, options.reviews)?,
        Format::Apkg => warnings.extend(anki::export(deck, out, options)?),
        Format::Tsv | Format::Csv => warnings.extend(text::export(deck, out, format)?),
        Format::Markdown => warnings.extend(markdown::export(deck, out)?),
    }
    Ok(warnings)
}
