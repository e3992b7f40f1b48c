//! Parse errors with their position and the offending line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::deck::Diagnostic;

/// Why Mermaid text is not a flowchart archdeck can read: where (1-based
/// line and column, the column counted in characters) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MermaidError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
    /// The text of the offending line (without its line break).
    pub source_line: String,
    /// Byte offset of the position in the diagram text.
    pub offset: usize,
}

impl MermaidError {
    /// An error at byte `offset` of `text` (clamped to the text and moved
    /// back to a character boundary).
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[..line_start].split('\n').count();
        let mut before = &text[line_start..offset];
        if offset == line_end {
            // At the end of a CRLF line, point just after the visible text.
            before = before.trim_end_matches('\r');
        }
        let column = before.chars().count() + 1;
        Self {
            line,
            column,
            message: message.into(),
            source_line: text[line_start..line_end].trim_end_matches('\r').to_owned(),
            offset,
        }
    }

    /// The offending line and a caret line under the column, each ending in
    /// a line break. Very long lines are cut to a window around the column.
    pub fn excerpt(&self) -> String {
        const WINDOW: usize = 60;
        let chars: Vec<char> = self.source_line.chars().collect();
        let col = self.column.saturating_sub(1).min(chars.len());
        let (from, prefix) = if col > WINDOW {
            (col - WINDOW, "…")
        } else {
            (0, "")
        };
        let to = (col + WINDOW).min(chars.len());
        let suffix = if to < chars.len() { "…" } else { "" };
        let mut line: String = prefix.to_owned();
        line.extend(
            chars[from..to]
                .iter()
                .map(|&c| if c.is_control() && c != '\t' { ' ' } else { c }),
        );
        line.push_str(suffix);
        let mut caret: String = prefix.chars().map(|_| ' ').collect();
        // Keep tabs so the caret lines up however tabs are shown.
        caret.extend(
            chars[from..col]
                .iter()
                .map(|&c| if c == '\t' { '\t' } else { ' ' }),
        );
        caret.push('^');
        format!("{line}\n{caret}\n")
    }

    /// `path:line:col: message`, the offending line and a caret line.
    pub fn render(&self, path: &Path) -> String {
        format!(
            "{}:{}:{}: {}\n{}",
            path.display(),
            self.line,
            self.column,
            self.message,
            self.excerpt()
        )
    }

    /// This error as a diagnostic of the file at `path`.
    pub fn diagnostic(&self, path: &Path) -> Diagnostic {
        Diagnostic::at(path, self.line, self.column, self.message.clone())
    }
}

impl fmt::Display for MermaidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}\n{}",
            self.line,
            self.column,
            self.message,
            self.excerpt()
        )
    }
}

/// Why a `.mmd` file could not be read as a flowchart.
#[derive(Debug, thiserror::Error)]
pub enum DiagramFileError {
    /// The file could not be read as text: missing, a directory, too large,
    /// binary or not UTF-8. Holds the problems, positioned where known.
    #[error("{}", join(.0))]
    Unreadable(Vec<Diagnostic>),
    /// The text is not a valid flowchart.
    #[error("{}", .error.render(.path).trim_end())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The parse error.
        error: MermaidError,
    },
}

fn join(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl DiagramFileError {
    /// The problems as positioned diagnostics.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Self::Unreadable(d) => d.clone(),
            Self::Invalid { path, error } => vec![error.diagnostic(path)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_and_caret() {
        let text = "graph TD\n  A --> \n";
        let e = MermaidError::at(text, 17, "expected a node");
        assert_eq!((e.line, e.column), (2, 9));
        assert_eq!(e.source_line, "  A --> ");
        assert_eq!(e.to_string(), "2:9: expected a node\n  A --> \n        ^\n");
        assert_eq!(
            e.render(Path::new("x.mmd")),
            "x.mmd:2:9: expected a node\n  A --> \n        ^\n"
        );
    }

    #[test]
    fn columns_count_characters_and_keep_tabs() {
        let text = "\tμs → x";
        let e = MermaidError::at(text, text.find('x').expect("x"), "m");
        assert_eq!(e.column, 7);
        assert_eq!(e.excerpt(), "\tμs → x\n\t     ^\n");
        // Offsets inside a character move back to its start.
        let e = MermaidError::at(text, 2, "m");
        assert_eq!(e.column, 2);
    }

    #[test]
    fn long_lines_are_windowed() {
        let text = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let e = MermaidError::at(&text, 500, "m");
        let excerpt = e.excerpt();
        let lines: Vec<&str> = excerpt.lines().collect();
        assert!(lines[0].chars().count() < 130, "{}", lines[0]);
        let caret_col = lines[1].chars().count() - 1;
        assert_eq!(lines[0].chars().nth(caret_col), Some('X'));
    }
}
