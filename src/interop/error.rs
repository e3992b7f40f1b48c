//! Why an import or an export failed.

use std::path::PathBuf;

use crate::deck::{DeckError, Diagnostic};

/// Why a file could not be imported. Nothing was written to the data
/// directory when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read the file ({source}); check that it exists and is readable: {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The path is a folder.
    #[error("this is a folder; choose a deck file inside it: {path}")]
    IsDirectory {
        /// The folder.
        path: PathBuf,
    },
    /// The file is larger than any deck of this format should be.
    #[error(
        "the file is {size_mb} MB, more than the {limit_mb} MB allowed for {what}; it is probably not a deck, or split it first: {path}"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What kind of input (e.g. "a text deck").
        what: &'static str,
        /// Its size in MB, rounded up.
        size_mb: u64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The format could not be guessed.
    #[error(
        "cannot tell the format of this file from its name or content; pass --format ron|apkg|tsv|csv|markdown: {path}"
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The file is damaged, hostile or not of the format it claims.
    #[error("{message}: {path}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// Problems at known places in a text file, one per line of output.
    #[error("{}", join(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// An archdeck deck file that does not parse or validate.
    #[error(transparent)]
    Deck(#[from] DeckError),
    /// A deck with this id is already in the data directory (or bundled) and
    /// the caller did not say whether to update it or import a copy.
    #[error(
        "a deck with id `{id}` (\"{title}\") already exists; import again choosing to update it in place (--update) or to import a copy (--copy)"
    )]
    DeckExists {
        /// The id both decks share.
        id: String,
        /// The title of the deck already there.
        title: String,
    },
    /// The deck to update in place cannot be read, so it is left alone.
    #[error(
        "the deck to update cannot be read, so it is left as it is; import as a copy instead, or fix it: {source}"
    )]
    ExistingUnreadable {
        /// Why it cannot be read.
        source: DeckError,
    },
    /// Writing into the data directory failed; what was written was removed.
    #[error("cannot write the imported deck ({source}); check free space and permissions: {path}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Why a deck could not be exported. A partly written file is removed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output file could not be written.
    #[error("cannot write the export ({source}); check the folder exists and is writable: {path}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The deck could not be encoded in the format.
    #[error("cannot encode the deck as {format}: {message}: {path}")]
    Encode {
        /// The output file.
        path: PathBuf,
        /// The format's name.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

fn join(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl ImportError {
    /// A whole-file problem.
    pub(crate) fn invalid(path: &std::path::Path, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}
