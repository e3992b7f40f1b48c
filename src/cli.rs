//! Headless subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::deck::{self, Diagnostic};
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
    }
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
