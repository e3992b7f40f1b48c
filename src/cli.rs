//! Headless subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::deck::{self, Diagnostic};

/// archdeck: flashcards with spaced repetition and native architecture diagrams.
///
/// With no subcommand, opens the window on the bundled decks.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do headless; omit to open the window.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Window only: the screen to open on (decks, study, browse, diagrams, stats, settings).
    #[arg(long, global = true, value_name = "SCREEN")]
    pub screen: Option<String>,
    /// Window only: the theme for this run (light, dark, system); overrides the setting.
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<String>,
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
                let diagnostics = check_path(path);
                problems += diagnostics.len();
                for d in diagnostics {
                    println!("{d}");
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
    match deck::load_deck(path) {
        Ok(_) => Vec::new(),
        Err(err) => err.diagnostics(),
    }
}
