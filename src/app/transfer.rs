//! Import and export from the decks screen: the paths the user typed or
//! chose, and the background work that reads, converts and writes files.

use std::path::{Path, PathBuf};

use crate::deck::{self, Deck};
use crate::interop::{
    self, ExportOptions, Format, ImportError, ImportReport, OnExisting, ReviewRecord,
};
use crate::srs::Moment;
use crate::store::Progress;

use super::jobs::JobProgress;
use super::{Level, LoadedDeck, Notice};

/// The decks screen's import and export fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransferState {
    /// The file to import, as typed or chosen.
    pub import_path: String,
    /// A file whose deck id is taken: the user chooses update, copy or cancel.
    pub conflict: Option<Conflict>,
    /// The deck being exported, if the export panel is open.
    pub export: Option<ExportForm>,
}

/// An import that stopped because the deck exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The file.
    pub path: PathBuf,
    /// The deck id both share.
    pub id: String,
    /// The title of the deck already there.
    pub title: String,
}

/// The export panel of one deck.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportForm {
    /// Index into the loaded decks.
    pub deck: usize,
    /// The format to write.
    pub format: Format,
    /// The file to write, as typed or chosen.
    pub path: String,
    /// Whether to include the review history (RON only).
    pub with_history: bool,
}

/// The result of an import job.
#[derive(Debug)]
pub struct ImportDone {
    /// The file imported.
    pub path: PathBuf,
    /// What was written, or why nothing was.
    pub result: Result<(ImportReport, LoadedDeck), ImportError>,
}

/// Imports `path` into `data_dir` and reads the written deck back.
pub fn run_import(
    path: PathBuf,
    data_dir: &Path,
    on_existing: OnExisting,
    job: &JobProgress,
) -> ImportDone {
    job.note(format!("Reading {}", path.display()));
    let result = interop::import_file(&path, None, data_dir, on_existing, &|f| job.set(f * 0.9))
        .and_then(|report| {
            job.note("Checking the imported deck");
            let deck = deck::load_deck(&report.deck_path)
                .map_err(|source| ImportError::ExistingUnreadable { source })?;
            let loaded = LoadedDeck::new(report.deck_path.display().to_string(), deck, false);
            Ok((report, loaded))
        });
    ImportDone { path, result }
}

/// Writes an imported deck's review history and suspensions into the
/// user's progress (events at their original times). Returns the progress
/// and what happened.
pub fn record_history(
    mut progress: Progress,
    deck_id: &str,
    reviews: &[ReviewRecord],
    to_suspend: &[String],
    now: Moment,
    job: &JobProgress,
) -> (Progress, Vec<Notice>) {
    let mut notices = Vec::new();
    let step = |done: usize, total: usize| {
        job.set(done as f32 / total.max(1) as f32);
        job.note(format!("Recording {} of {total}", (done + 1).min(total)));
    };
    match interop::history::record_history(&mut progress, deck_id, reviews, to_suspend, now, &step)
    {
        Ok(done) if done.skipped > 0 => notices.push(Notice::warning(format!(
            "{} imported review(s) had an unknown card or grade and were skipped.",
            done.skipped
        ))),
        Ok(_) => {}
        Err(err) => notices.push(Notice::error(format!(
            "The deck was imported, but its review history could not be saved completely. {err}"
        ))),
    }
    (progress, notices)
}

/// Every answer of a deck's cards, for a RON export with history.
pub fn review_records(progress: &Progress, deck: &Deck) -> Vec<ReviewRecord> {
    interop::history::review_records(progress, deck)
}

/// Writes a deck to a file; returns notices for the user.
pub fn run_export(
    deck: &Deck,
    deck_dir: Option<&Path>,
    format: Format,
    out: &Path,
    reviews: Option<&[ReviewRecord]>,
    now_ms: i64,
) -> Vec<Notice> {
    let options = ExportOptions {
        reviews,
        deck_dir,
        now_ms,
    };
    match interop::export_deck(deck, format, out, &options) {
        Ok(warnings) => {
            let mut notices = vec![Notice {
                level: Level::Info,
                message: format!(
                    "Exported “{}” ({} cards) as {format}.",
                    deck.title,
                    deck.cards.len()
                ),
                location: Some(out.display().to_string()),
            }];
            notices.extend(warnings.into_iter().map(Notice::warning));
            notices
        }
        Err(err) => vec![Notice::error(format!("Export failed; {err}"))],
    }
}

/// The file name an export suggests: the deck id with the format's extension.
pub fn suggested_name(deck: &Deck, format: Format) -> String {
    format!("{}.{}", deck.id, format.extension())
}
