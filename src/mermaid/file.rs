//! Reading a `.mmd` file.

use std::path::Path;

use super::error::DiagramFileError;
use super::model::Flowchart;
use crate::deck::{self, DeckError, Diagnostic, TextFileKind};

/// Reads and parses the Mermaid file at `path`.
///
/// Missing files, directories, huge, binary and non-UTF-8 files are refused
/// with the same checks as decks, worded for diagrams.
pub fn load_file(path: &Path) -> Result<Flowchart, DiagramFileError> {
    let text = deck::read_text_of_kind(path, TextFileKind::Diagram)
        .map_err(|e| DiagramFileError::Unreadable(diagnostics(&e, path)))?;
    super::parse(&text).map_err(|error| DiagramFileError::Invalid {
        path: path.to_path_buf(),
        error,
    })
}

fn diagnostics(err: &DeckError, path: &Path) -> Vec<Diagnostic> {
    let message = match err {
        DeckError::Read { source, .. } => format!(
            "cannot read the diagram ({source}); check that the file exists and is readable"
        ),
        DeckError::IsDirectory { .. } => {
            "this is a directory; give the path of a .mmd Mermaid file inside it".to_owned()
        }
        DeckError::TooLarge {
            size_mb, limit_mb, ..
        } => format!(
            "the file is {size_mb} MB, larger than the {limit_mb} MB archdeck reads; a diagram is far smaller, so check the path"
        ),
        DeckError::Invalid(d) => return d.clone(),
    };
    vec![Diagnostic::whole_file(path, message)]
}
