//! What an import produced and what the caller may choose.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Format;
use crate::deck::Deck;

/// One past review of a card, as plain data: read from an Anki package on
/// import, or handed in from the review log to be exported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    /// The card within its deck (the key in the log is `deck/card`).
    pub card_id: String,
    /// When it was answered, in milliseconds since the Unix epoch (UTC).
    pub time_ms: i64,
    /// The answer: 1 again, 2 hard, 3 good, 4 easy.
    pub grade: u8,
    /// How long the answer took, in milliseconds.
    pub answer_ms: u32,
}

/// What to do when the imported deck's id is already taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnExisting {
    /// Stop with [`super::ImportError::DeckExists`] so the user can choose.
    #[default]
    Ask,
    /// Replace the deck's content: cards matched by id keep their progress,
    /// new cards are added, cards missing from the import are kept but tagged
    /// [`REMOVED_TAG`] and listed in [`ImportReport::to_suspend`].
    Update,
    /// Import under a fresh id (`<id>-copy`, `<id>-copy-2`, ...).
    Copy,
}

/// Tag put on cards that an update in place no longer contains.
pub const REMOVED_TAG: &str = "archdeck:removed";

/// What happened to the data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    /// A new deck was written.
    Created,
    /// An existing deck was updated in place.
    Updated,
    /// The deck was written under a new id because its id was taken.
    Copied,
}

/// A deck read from a file, not yet written anywhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The deck; image blocks name keys of `assets` until it is installed.
    pub deck: Deck,
    /// Picture files by name, to be stored beside the deck.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Review history found in the file, by card id of `deck`.
    pub reviews: Vec<ReviewRecord>,
    /// Things that were dropped or changed on the way, for the user.
    pub warnings: Vec<String>,
    /// The format it was read as.
    pub format: Format,
    /// The file it was read from.
    pub source: PathBuf,
}

/// The outcome of a successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// The id of the deck as written (differs from the file's for a copy).
    pub deck_id: String,
    /// Its title.
    pub title: String,
    /// The format the file was read as.
    pub format: Format,
    /// The deck file written in the data directory.
    pub deck_path: PathBuf,
    /// Created, updated or copied.
    pub action: ImportAction,
    /// Number of cards in the written deck (kept removed cards included).
    pub cards: usize,
    /// Cards new to the deck (all of them unless updating).
    pub added: usize,
    /// Cards of an update that were already in the deck.
    pub updated: usize,
    /// Cards an update no longer has: kept, tagged [`REMOVED_TAG`], to be
    /// suspended by the caller.
    pub to_suspend: Vec<String>,
    /// Review history from the file, keyed by card id of `deck_id`.
    pub reviews: Vec<ReviewRecord>,
    /// Picture files written beside the deck.
    pub assets: usize,
    /// What was dropped or changed on the way.
    pub warnings: Vec<String>,
}
