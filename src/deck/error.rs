//! Errors from reading and validating decks.

use std::path::PathBuf;

use super::Diagnostic;

/// Why a deck file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DeckError {
    /// The file could not be read at all.
    #[error("cannot read the deck ({source}); check that the file exists and is readable: {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The path is a directory, not a file.
    #[error("this is a directory; give the path of a .ron deck file inside it: {path}")]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The file is larger than decks are allowed to be.
    #[error(
        "the file is {size_mb} MB, larger than the {limit_mb} MB a deck may be; split it into several decks: {path}"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in MB (rounded up).
        size_mb: u64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The file cannot be understood (syntax, shape, encoding) or fails validation.
    /// Holds every problem found, in file order.
    #[error("{}", join(.0))]
    Invalid(Vec<Diagnostic>),
}

fn join(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl DeckError {
    /// The problems as positioned diagnostics (one for whole-file errors).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Self::Read { path, .. } | Self::IsDirectory { path } | Self::TooLarge { path, .. } => {
                let message = match self {
                    Self::Read { source, .. } => format!(
                        "cannot read the deck ({source}); check that the file exists and is readable"
                    ),
                    Self::IsDirectory { .. } => {
                        "this is a directory; give the path of a .ron deck file inside it"
                            .to_owned()
                    }
                    Self::TooLarge {
                        size_mb, limit_mb, ..
                    } => format!(
                        "the file is {size_mb} MB, larger than the {limit_mb} MB a deck may be; split it into several decks"
                    ),
                    Self::Invalid(_) => String::new(),
                };
                vec![Diagnostic::whole_file(path, message)]
            }
            Self::Invalid(d) => d.clone(),
        }
    }
}
