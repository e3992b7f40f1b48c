//! Messages for the user: errors, warnings and results, shown in the app
//! (never only on a terminal), each with the file and position when known.

use crate::deck::Diagnostic;

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Something was not done; the user should act.
    Error,
    /// Done, with a caveat (a default was used, a line was skipped).
    Warning,
    /// A result ("Imported 120 cards").
    Info,
}

/// One message shown in the app until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How serious it is.
    pub level: Level,
    /// What happened and what to do, in a sentence.
    pub message: String,
    /// `file:line:column` (or just the file) when the problem has a place.
    pub location: Option<String>,
}

impl Notice {
    /// An error without a place.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            message: message.into(),
            location: None,
        }
    }

    /// A warning without a place.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            level: Level::Warning,
            message: message.into(),
            location: None,
        }
    }

    /// A result.
    pub fn info(message: impl Into<String>) -> Self {
        Self {
            level: Level::Info,
            message: message.into(),
            location: None,
        }
    }

    /// A positioned problem in a file.
    pub fn from_diagnostic(level: Level, d: &Diagnostic) -> Self {
        let path = d.path.display();
        let location = match (d.line, d.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, column) => format!("{path}:{line}:{column}"),
        };
        Self {
            level,
            message: d.message.clone(),
            location: Some(location),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn diagnostics_keep_their_position() {
        let d = Diagnostic::at(Path::new("decks/a.ron"), 12, 5, "duplicate card id");
        let n = Notice::from_diagnostic(Level::Error, &d);
        assert_eq!(n.location.as_deref(), Some("decks/a.ron:12:5"));
        assert_eq!(n.message, "duplicate card id");
        let whole = Diagnostic::whole_file(Path::new("b.ron"), "cannot read");
        assert_eq!(
            Notice::from_diagnostic(Level::Error, &whole)
                .location
                .as_deref(),
            Some("b.ron")
        );
    }
}
