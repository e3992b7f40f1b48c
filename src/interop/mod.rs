//! Import and export of decks: archdeck RON, Anki packages (`.apkg`),
//! Anki-compatible text (TSV) and CSV, and Markdown documents.
//!
//! Importing is all or nothing: a file is read and converted in memory,
//! the deck validated, and only then written into the data directory
//! (`<data>/decks/<id>.ron`, pictures in `<data>/decks/<id>.assets/`).
//! Files come from strangers: sizes are capped, archives checked, HTML
//! only ever read as text.
//!
//! # What each format keeps and loses
//!
//! - **RON** (`Deck(...)`, or `DeckExport(deck: ..., reviews: [...])` with
//!   history): everything. RON -> RON is byte for byte. Pictures next to the
//!   file are copied into the data directory.
//! - **Anki package, import** (`collection.anki2`, `.anki21`, zstd
//!   `.anki21b`): one card per Anki card. Basic, reversed, type-in (the typed
//!   field becomes the answer) and cloze (one card per cloze number, the
//!   deletion shown as `[...]` or `[hint]`) notes; any other note type by the
//!   fields its templates show. Keeps fronts, backs, tags, subdeck (as the
//!   card's source), pictures the cards use (as deck assets) and the review
//!   log (answers only, grades 1-4). HTML becomes light Markdown: paragraphs,
//!   lists, bold, italic, code, headings, tables, `<pre>` (Mermaid if marked
//!   or shaped so). Loses: scheduling state (it can be replayed from the
//!   reviews), sounds and videos, scripts and styles (removed, never run),
//!   colours, fonts, links' targets, card templates' extra text, notes'
//!   modification times, unused media.
//! - **Anki package, export** (schema 11, which every Anki since 2.0
//!   imports): one "archdeck" note per card with Front/Back HTML; table and
//!   diagram ids and titles ride along as `data-` attributes, diagrams as
//!   `<pre class="mermaid">` source (Anki shows the source, not a drawing);
//!   pictures go into the package's media; note guids are
//!   `ad:<deck>/<card>` so importing it back keeps ids and Anki updates the
//!   same notes on re-import. Loses: review history, card order beyond "new
//!   card position", tag order (Anki sorts tags; spaces in tags become `_`).
//! - **TSV** (Anki "notes in plain text"): reads `#separator`, `#html`,
//!   `#tags column`, `#guid column`, `#deck`, `#tags` and cloze fields;
//!   exports HTML fields with guid and tags columns, which Anki imports.
//!   Loses pictures (a text file carries none) and history.
//! - **CSV**: a header row `id,front,back,tags,source` and light-Markdown
//!   cells (tables as pipe tables, diagrams as ` ```mermaid ` fences), for
//!   spreadsheets; imports back to the same cards. Loses pictures, history.
//! - **Markdown**: `## Q1: ...` headings or `Q1: ...` lines make overview
//!   cards with their section as the back; ` ```mermaid ` fences or bare
//!   `graph TD` blocks make diagrams, pipe tables make tables (rows wrapped
//!   over several lines are joined), `Q:`/`A:` pairs and `{{c1::...}}`
//!   clozes make cards; what precedes the first question goes on an
//!   introduction card. Export writes every card with an
//!   `<!-- archdeck {...} -->` comment holding its id, tags and source, so
//!   the file renders on GitHub and imports back to the same cards. Loses
//!   history; in the plain form, section headings are guessed.

pub mod anki;
mod error;
mod format;
pub mod history;
pub mod html;
pub mod input;
mod install;
pub mod markdown;
pub mod picture;
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

use crate::deck::{Block, Deck};

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
    let mut imported = match format {
        Format::Ron => ron_file::import(path)?,
        Format::Apkg => anki::import(path, progress)?,
        Format::Tsv | Format::Csv => text::import(path, format)?,
        Format::Markdown => markdown::import(path)?,
    };
    if format != Format::Ron {
        demote_broken_diagrams(&mut imported.deck, &mut imported.warnings);
    }
    progress(1.0);
    Ok(imported)
}

/// Turns diagrams that archdeck cannot parse into Mermaid code blocks, with a
/// warning each, so a foreign document with one bad diagram still imports
/// without losing its text. (A RON deck with a bad diagram is refused
/// instead, with the position, since its author can fix it.)
pub fn demote_broken_diagrams(deck: &mut Deck, warnings: &mut Vec<String>) {
    for card in &mut deck.cards {
        for block in card.front.iter_mut().chain(card.back.iter_mut()) {
            let Block::Diagram(diagram) = block else {
                continue;
            };
            if let Err(e) = crate::mermaid::parse(&diagram.mermaid) {
                warnings.push(format!(
                    "card `{}`: a diagram does not parse ({}:{}: {}); kept as Mermaid code",
                    card.id, e.line, e.column, e.message
                ));
                *block = Block::Code(crate::deck::Code {
                    lang: "mermaid".to_owned(),
                    code: std::mem::take(&mut diagram.mermaid),
                });
            }
        }
    }
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
