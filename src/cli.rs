//! Headless subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::deck::{self, Diagnostic};
use crate::interop::{self, Format, OnExisting};
use crate::mermaid;

/// archdeck: flashcards with spaced repetition and native architecture diagrams.
///
/// With no subcommand, opens the window on the bundled decks.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do headless; omit to open the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A headless subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate deck files (.ron) and diagrams (.mmd); prints `path:line:col: message`
    /// for each problem and exits 1 if there is any.
    Check {
        /// Files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Import a deck file (RON, Anki .apkg, Anki text, CSV, Markdown) into the
    /// data directory (`$ARCHDECK_DATA_DIR` or the platform's data folder).
    /// Nothing is written if anything is wrong with the file.
    Import {
        /// The file to import.
        file: PathBuf,
        /// Its format; guessed from the extension (then the content) if omitted.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// If a deck with the same id exists, update it in place: cards keep
        /// their progress, new cards are added, missing ones are kept but suspended.
        #[arg(long, conflicts_with = "copy")]
        update: bool,
        /// If a deck with the same id exists, import this one as a copy under a new id.
        #[arg(long)]
        copy: bool,
    },
    /// Export a deck (a bundled or imported deck id, or a .ron file) to a file.
    Export {
        /// Deck id, or the path of a .ron deck file.
        deck: String,
        /// Output format; guessed from the extension of --out if omitted.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

/// A format name on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// archdeck's RON deck.
    Ron,
    /// Anki package.
    Apkg,
    /// Anki "notes in plain text" (tab-separated).
    Tsv,
    /// Comma-separated values.
    Csv,
    /// Markdown document.
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Ron => Self::Ron,
            FormatArg::Apkg => Self::Apkg,
            FormatArg::Tsv => Self::Tsv,
            FormatArg::Csv => Self::Csv,
            FormatArg::Markdown => Self::Markdown,
        }
    }
}

/// Runs a subcommand; the exit code says whether it found problems.
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { paths } => {
            let mut problems = 0usize;
            for path in &paths {
                let report = check_path_report(path);
                problems += report.len();
                for problem in report {
                    println!("{problem}");
                }
            }
            if problems == 0 {
                eprintln!("{} file(s) checked, no problems", paths.len());
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{problems} problem(s) in {} file(s) checked", paths.len());
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Import {
            file,
            format,
            update,
            copy,
        } => {
            let data_dir = crate::store::default_data_dir().ok_or_else(|| {
                anyhow::anyhow!("no data directory is known on this system; set ARCHDECK_DATA_DIR")
            })?;
            let on_existing = if update {
                OnExisting::Update
            } else if copy {
                OnExisting::Copy
            } else {
                OnExisting::Ask
            };
            let report = interop::import_file(
                &file,
                format.map(Format::from),
                &data_dir,
                on_existing,
                &|_| {},
            )?;
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            let what = match report.action {
                interop::ImportAction::Created => "imported",
                interop::ImportAction::Updated => "updated",
                interop::ImportAction::Copied => "imported as a copy",
            };
            println!(
                "{what} deck `{}` (\"{}\", {} format): {} cards ({} new, {} updated, {} kept as removed), {} picture(s), {} review(s) -> {}",
                report.deck_id,
                report.title,
                report.format,
                report.cards,
                report.added,
                report.updated,
                report.to_suspend.len(),
                report.assets,
                report.reviews.len(),
                report.deck_path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { deck, format, out } => {
            let format = match format {
                Some(f) => Format::from(f),
                None => Format::from_extension(&out).ok_or_else(|| {
                    anyhow::anyhow!(
                        "cannot tell the format from the name {}; pass --format ron|apkg|tsv|csv|markdown",
                        out.display()
                    )
                })?,
            };
            let (deck, deck_dir) = find_deck(&deck)?;
            let now_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            let options = interop::ExportOptions {
                reviews: None,
                deck_dir: deck_dir.as_deref(),
                now_ms,
            };
            for warning in interop::export_deck(&deck, format, &out, &options)? {
                eprintln!("warning: {warning}");
            }
            println!(
                "exported deck `{}` ({} cards) as {format} -> {}",
                deck.id,
                deck.cards.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A deck named on the command line: a .ron file, an imported deck id or a
/// bundled deck id; with the folder its pictures are relative to.
fn find_deck(name: &str) -> anyhow::Result<(deck::Deck, Option<PathBuf>)> {
    let path = Path::new(name);
    if path.is_file() {
        let deck = deck::load_deck(path)?;
        return Ok((deck, path.parent().map(Path::to_path_buf)));
    }
    if let Some(data_dir) = crate::store::default_data_dir()
        && let Some(found) = interop::existing_deck(&data_dir, name)?
    {
        let dir = found
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        return Ok((found.deck, dir));
    }
    anyhow::bail!(
        "no deck `{name}`: give the id of a bundled or imported deck, or the path of a .ron file"
    )
}

/// Every problem of one file, deck or diagram by its extension.
pub fn check_path(path: &Path) -> Vec<Diagnostic> {
    if is_diagram(path) {
        return match mermaid::load_file(path) {
            Ok(_) => Vec::new(),
            Err(err) => err.diagnostics(),
        };
    }
    match deck::load_deck(path) {
        Ok(_) => Vec::new(),
        Err(err) => err.diagnostics(),
    }
}

/// Every problem of one file as printed by `check`: `path:line:col: message`,
/// and for a diagram also the offending line and a caret under the column.
pub fn check_path_report(path: &Path) -> Vec<String> {
    if is_diagram(path) {
        return match mermaid::load_file(path) {
            Ok(_) => Vec::new(),
            Err(mermaid::DiagramFileError::Invalid { error, .. }) => {
                vec![error.render(path).trim_end().to_owned()]
            }
            Err(err) => err.diagnostics().iter().map(ToString::to_string).collect(),
        };
    }
    check_path(path).iter().map(ToString::to_string).collect()
}

/// `.mmd` and `.mermaid` files are diagrams; everything else is read as a deck.
fn is_diagram(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mmd") || e.eq_ignore_ascii_case("mermaid"))
}
