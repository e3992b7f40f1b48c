//! Reading and writing deck files.

use std::io::Read;
use std::path::Path;

use super::generate;
use super::model::{Card, Deck};
use super::spans::{self, SpanKind, SpanNode};
use super::validate::{Locus, Problem, check_cards};
use super::{DeckError, Diagnostic};

/// Largest deck file accepted. A deck of 100,000 cards is about 30 MB.
pub const MAX_DECK_BYTES: u64 = 64 * 1024 * 1024;

/// Reads, parses and validates the deck at `path`.
///
/// Every problem is reported with the file, line and column; validation
/// problems are all collected, not just the first.
pub fn load_deck(path: &Path) -> Result<Deck, DeckError> {
    let text = read_text(path)?;
    parse_deck(&text, path)
}

/// What a text file is meant to hold, for the wording of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFileKind {
    /// A `.ron` deck.
    Deck,
    /// A `.mmd` Mermaid diagram.
    Diagram,
}

impl TextFileKind {
    fn what(self) -> &'static str {
        match self {
            Self::Deck => "a text deck",
            Self::Diagram => "a text diagram",
        }
    }

    fn choose(self) -> &'static str {
        match self {
            Self::Deck => "choose a .ron deck file",
            Self::Diagram => "choose a .mmd Mermaid file",
        }
    }
}

/// Reads a text file with the deck size limit, rejecting directories,
/// binary content and invalid UTF-8 with positioned errors.
pub fn read_text(path: &Path) -> Result<String, DeckError> {
    read_text_of_kind(path, TextFileKind::Deck)
}

/// Why [`read_capped`] failed.
#[derive(Debug)]
pub enum CappedReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The path is a directory.
    IsDirectory,
    /// The file holds more than the limit; `size` bytes were seen.
    TooLarge {
        /// Bytes found (at least the limit plus one).
        size: u64,
    },
}

/// Reads a whole file of at most `limit` bytes: a larger file is refused
/// from its size without being read, and the limit also holds if the file
/// grows while it is read.
///
/// # Errors
/// [`CappedReadError`] when the file is missing, a directory or too large.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, CappedReadError> {
    let meta = std::fs::metadata(path).map_err(CappedReadError::Io)?;
    if meta.is_dir() {
        return Err(CappedReadError::IsDirectory);
    }
    if meta.len() > limit {
        return Err(CappedReadError::TooLarge { size: meta.len() });
    }
    let file = std::fs::File::open(path).map_err(CappedReadError::Io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(CappedReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(CappedReadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// [`read_text`] for a file of the given kind (messages name that kind).
pub fn read_text_of_kind(path: &Path, kind: TextFileKind) -> Result<String, DeckError> {
    let bytes = read_capped(path, MAX_DECK_BYTES).map_err(|e| match e {
        CappedReadError::Io(source) => DeckError::Read {
            path: path.to_path_buf(),
            source,
        },
        CappedReadError::IsDirectory => DeckError::IsDirectory {
            path: path.to_path_buf(),
        },
        CappedReadError::TooLarge { size } => DeckError::TooLarge {
            path: path.to_path_buf(),
            size_mb: size.div_ceil(1024 * 1024),
            limit_mb: MAX_DECK_BYTES / (1024 * 1024),
        },
    })?;
    text_from_bytes_of_kind(bytes, path, kind)
}

/// Turns bytes into text, or a positioned error for binary or non-UTF-8 data.
pub fn text_from_bytes(bytes: Vec<u8>, path: &Path) -> Result<String, DeckError> {
    text_from_bytes_of_kind(bytes, path, TextFileKind::Deck)
}

/// Why bytes are not text, and where (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// A NUL byte: a binary file.
    Binary {
        /// Line of the NUL byte.
        line: usize,
        /// Column of the NUL byte.
        column: usize,
    },
    /// A byte sequence that is not UTF-8.
    NotUtf8 {
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        column: usize,
    },
}

/// Bytes as UTF-8 text, or where they stop being text.
///
/// # Errors
/// [`NotText`] for a NUL byte or invalid UTF-8, with its position.
pub fn utf8_text(bytes: Vec<u8>) -> Result<String, NotText> {
    let position = |valid: &[u8]| {
        let valid = String::from_utf8_lossy(valid);
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position(&bytes[..nul]);
        return Err(NotText::Binary { line, column });
    }
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = position(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        NotText::NotUtf8 { line, column }
    })
}

fn text_from_bytes_of_kind(
    bytes: Vec<u8>,
    path: &Path,
    kind: TextFileKind,
) -> Result<String, DeckError> {
    utf8_text(bytes).map_err(|fault| {
        DeckError::Invalid(vec![match fault {
            NotText::Binary { line, column } => Diagnostic::at(
                path,
                line,
                column,
                format!(
                    "this is a binary file, not {} (it contains a NUL byte); {}",
                    kind.what(),
                    kind.choose()
                ),
            ),
            NotText::NotUtf8 { line, column } => Diagnostic::at(
                path,
                line,
                column,
                "the file is not valid UTF-8 text; save it as UTF-8",
            ),
        }])
    })
}

/// Parses and validates deck text, then appends the cards its `generate`
/// directives make; `path` is used in messages only.
pub fn parse_deck(text: &str, path: &Path) -> Result<Deck, DeckError> {
    if text.trim().is_empty() {
        return Err(DeckError::Invalid(vec![Diagnostic::at(
            path,
            1,
            1,
            "the file is empty; a deck starts with `Deck(id: \"...\", title: \"...\", cards: [...])`",
        )]));
    }
    let mut deck: Deck = ron::Options::default()
        .from_str(text)
        .map_err(|e| DeckError::Invalid(vec![syntax_diagnostic(&e, path)]))?;
    let mut problems = check_cards(&deck);
    let expansion = generate::expand(&deck);
    problems.extend(expansion.problems);
    if problems.is_empty() {
        place_generated(&mut deck.cards, expansion.cards);
        Ok(deck)
    } else {
        Err(DeckError::Invalid(locate_problems(text, path, &problems)))
    }
}

/// Puts generated cards in the deck's order right after the last authored
/// card of the same source (question), in the order they were made, so new
/// cards drill a question's diagrams and tables just after its own cards
/// rather than after the whole deck. Cards of a source with no authored
/// card go last.
fn place_generated(cards: &mut Vec<Card>, generated: Vec<Card>) {
    if generated.is_empty() {
        return;
    }
    let mut last_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        if !card.source.is_empty() {
            last_of.insert(card.source.as_str(), i);
        }
    }
    let mut after: Vec<Vec<Card>> = vec![Vec::new(); cards.len() + 1];
    for card in generated {
        let slot = last_of
            .get(card.source.as_str())
            .copied()
            .unwrap_or(cards.len());
        after[slot].push(card);
    }
    let authored = std::mem::take(cards);
    let mut rest = after.into_iter();
    for card in authored {
        cards.push(card);
        cards.extend(rest.next().unwrap_or_default());
    }
    for tail in rest {
        cards.extend(tail);
    }
}

/// Serialises a deck as pretty RON, with multi-line strings kept readable.
/// Generated cards are left out (the directives that make them are kept).
pub fn deck_to_ron(deck: &Deck) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .escape_strings(false)
        .indentor("    ".to_owned());
    ron::ser::to_string_pretty(deck, config)
}

/// Positions validation problems in the file text.
pub fn locate_problems(text: &str, path: &Path, problems: &[Problem]) -> Vec<Diagnostic> {
    let root = spans::scan(text);
    let mut out: Vec<Diagnostic> = problems
        .iter()
        .map(|p| {
            let pos = root
                .as_ref()
                .and_then(|root| locate(text, root, &p.locus))
                .unwrap_or_default();
            Diagnostic::at(path, pos.line, pos.column, p.message.clone())
        })
        .collect();
    out.sort_by_key(|d| (d.line, d.column));
    out
}

fn locate(text: &str, root: &SpanNode, locus: &Locus) -> Option<spans::Pos> {
    let card = |ci: usize| root.field("cards").and_then(|c| c.items().get(ci));
    let directive = |gi: usize| root.field("generate").and_then(|g| g.items().get(gi));
    let block = |ci: usize, side: super::validate::Side, bi: usize| {
        card(ci)
            .and_then(|c| c.field(side.field()))
            .and_then(|s| s.items().get(bi))
    };
    match *locus {
        Locus::DeckField(name) => root.field(name).map(|n| n.pos).or(Some(root.pos)),
        Locus::Card(ci) => card(ci).map(|c| c.pos),
        Locus::CardField(ci, name) => card(ci).map(|c| c.field(name).map_or(c.pos, |f| f.pos)),
        Locus::Block(ci, side, bi) => block(ci, side, bi).map(|b| b.pos),
        Locus::TableRow(ci, side, bi, ri) => block(ci, side, bi).map(|b| {
            b.inner()
                .field("rows")
                .and_then(|rows| rows.items().get(ri))
                .map_or(b.pos, |row| row.pos)
        }),
        Locus::DiagramText {
            card: ci,
            side,
            block: bi,
            line,
            column,
        } => block(ci, side, bi).map(|b| match b.inner().field("mermaid").map(|m| &m.kind) {
            Some(&SpanKind::Str { start, end }) => {
                spans::position_in_string(text, start, end, line, column)
            }
            _ => b.pos,
        }),
        Locus::Generator(gi) => directive(gi).map(|d| d.pos),
        Locus::GeneratorField(gi, name) => {
            directive(gi).map(|d| d.field(name).map_or(d.pos, |f| f.pos))
        }
        Locus::GeneratorItem(gi, name, i) => directive(gi).map(|d| {
            d.field(name).map_or(d.pos, |f| {
                // `Only([...])` wraps the list; a plain list is the list.
                let list = if f.name.is_some() { f.inner() } else { f };
                list.items().get(i).map_or(f.pos, |item| item.pos)
            })
        }),
    }
}

/// A RON error as a diagnostic with a message a deck author understands.
fn syntax_diagnostic(e: &ron::error::SpannedError, path: &Path) -> Diagnostic {
    use ron::Error as E;
    let message = match &e.code {
        E::Eof => "the file ends in the middle of the deck: a bracket, parenthesis or quote is not closed".to_owned(),
        E::ExpectedStringEnd => "a string is not closed: add the missing `\"`".to_owned(),
        E::UnclosedBlockComment => "a `/*` comment is not closed with `*/`".to_owned(),
        E::ExceededRecursionLimit => {
            "values are nested too deeply (more than 128 levels); a deck never needs that many, so the file is probably damaged".to_owned()
        }
        E::MissingStructField { field, outer } => format!(
            "`{}` is missing the field `{field}`; add `{field}: ...`",
            outer.as_deref().unwrap_or("this value")
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "`{}` has no field `{found}`; expected one of: {}",
            outer.as_deref().unwrap_or("this value"),
            expected.join(", ")
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown kind `{found}`; expected one of: {}",
            expected.join(", ")
        ),
        E::DuplicateStructField { field, outer } => format!(
            "the field `{field}` is given twice in `{}`; keep one",
            outer.as_deref().unwrap_or("this value")
        ),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(...)` here, found `{found}(...)`")
        }
        E::TrailingCharacters => {
            "unexpected text after the end of the deck; a file holds exactly one `Deck(...)`".to_owned()
        }
        other => format!("{other} (the file is not a valid archdeck deck here)"),
    };
    Diagnostic::at(path, e.span.start.line, e.span.start.col, message)
}
