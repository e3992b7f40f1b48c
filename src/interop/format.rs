//! The file formats archdeck reads and writes, and guessing one from a file.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A deck file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// archdeck's own RON deck (optionally with review history).
    Ron,
    /// An Anki package (`.apkg`).
    Apkg,
    /// Anki's "notes in plain text": tab-separated with `#` headers.
    Tsv,
    /// Comma-separated values.
    Csv,
    /// A Markdown document of questions, tables and Mermaid diagrams.
    Markdown,
}

impl Format {
    /// Every format, in the order shown to users.
    pub const ALL: [Self; 5] = [Self::Ron, Self::Apkg, Self::Tsv, Self::Csv, Self::Markdown];

    /// The name used on the command line (`--format ...`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Ron => "ron",
            Self::Apkg => "apkg",
            Self::Tsv => "tsv",
            Self::Csv => "csv",
            Self::Markdown => "markdown",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Ron => "ron",
            Self::Apkg => "apkg",
            Self::Tsv => "txt",
            Self::Csv => "csv",
            Self::Markdown => "md",
        }
    }

    /// The format a file name suggests, if its extension is known.
    ///
    /// `.txt` is ambiguous (Anki writes its text export as `.txt`, and plain
    /// documents are `.txt` too); [`Format::sniff`] decides those by content.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "ron" => Some(Self::Ron),
            "apkg" | "colpkg" => Some(Self::Apkg),
            "tsv" | "tab" => Some(Self::Tsv),
            "csv" => Some(Self::Csv),
            "md" | "markdown" | "mdown" | "mkd" => Some(Self::Markdown),
            _ => None,
        }
    }

    /// The format of a file from its first bytes: a zip is a package, `#separator:`
    /// or tabs on most lines are Anki text, `Deck(` is RON, anything else textual
    /// is Markdown. `None` for binary data that is none of these.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            return Some(Self::Apkg);
        }
        if head.contains(&0) {
            return None;
        }
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}');
        let trimmed = text.trim_start();
        if trimmed.starts_with("Deck(") || trimmed.starts_with("DeckExport(") {
            return Some(Self::Ron);
        }
        if text.starts_with("#separator:") || text.starts_with("#html:") {
            return Some(if text.starts_with("#separator:comma") {
                Self::Csv
            } else {
                Self::Tsv
            });
        }
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(20)
            .collect();
        let tabbed = lines.iter().filter(|l| l.contains('\t')).count();
        if !lines.is_empty() && tabbed * 2 > lines.len() {
            return Some(Self::Tsv);
        }
        Some(Self::Markdown)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`; use one of ron, apkg, tsv, csv, markdown")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ron" => Ok(Self::Ron),
            "apkg" | "anki" => Ok(Self::Apkg),
            "tsv" | "txt" | "text" => Ok(Self::Tsv),
            "csv" => Ok(Self::Csv),
            "markdown" | "md" => Ok(Self::Markdown),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_names_agree() {
        for format in Format::ALL {
            let name = format!("deck.{}", format.extension());
            let guessed = Format::from_extension(Path::new(&name));
            // `.txt` is left to sniffing on purpose.
            if format == Format::Tsv {
                assert_eq!(guessed, None);
            } else {
                assert_eq!(guessed, Some(format));
            }
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert!("docx".parse::<Format>().is_err());
    }

    #[test]
    fn sniffing_tells_formats_apart() {
        assert_eq!(Format::sniff(b"PK\x03\x04rest"), Some(Format::Apkg));
        assert_eq!(Format::sniff(b"  Deck(id: \"x\""), Some(Format::Ron));
        assert_eq!(
            Format::sniff(b"#separator:tab\n#html:true\n"),
            Some(Format::Tsv)
        );
        assert_eq!(Format::sniff(b"#separator:comma\n"), Some(Format::Csv));
        assert_eq!(Format::sniff(b"a\tb\nc\td\n"), Some(Format::Tsv));
        assert_eq!(
            Format::sniff(b"Q1: What?\nAnswer:\n"),
            Some(Format::Markdown)
        );
        assert_eq!(Format::sniff(b"\x00\x01binary"), None);
    }
}
