//! The deck data model: what a RON deck file holds.

use serde::{Deserialize, Serialize};

/// A deck: a titled list of cards with a stable id.
///
/// Progress is keyed by `deck id / card id`, so both ids must stay stable
/// while the text of a card is edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Stable identifier, used in progress keys (`deck/card`). No `/`.
    pub id: String,
    /// Human-readable title.
    pub title: String,
    /// Format version of the deck content, bumped by the author.
    #[serde(default = "default_version")]
    pub version: u32,
    /// Longer description shown on the decks screen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The cards, in authoring order.
    pub cards: Vec<Card>,
}

fn default_version() -> u32 {
    1
}

/// One flashcard: a question side and an answer side made of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Stable identifier, unique within the deck. No `/`.
    pub id: String,
    /// Free-form tags (`tag:` in the browser's search).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Where the card comes from, e.g. `"Q2"` (`source:` in search).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The question side.
    pub front: Vec<Block>,
    /// The answer side.
    pub back: Vec<Block>,
}

/// A piece of a card side.
///
/// In RON, `Table`, `Diagram` and `Code` are written with their fields inline
/// (`Table(header: [...], rows: [...])`); see [`BlockRepr`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "BlockRepr", into = "BlockRepr")]
pub enum Block {
    /// Light Markdown: paragraphs, `#`-headings, `-`/`1.` lists, `**bold**`,
    /// `*italic*` and `` `code` ``.
    Text(String),
    /// A table with a header row.
    Table(Table),
    /// A Mermaid flowchart, laid out and drawn by archdeck.
    Diagram(Diagram),
    /// Preformatted text (a formula, a walk-through, code).
    Code(Code),
    /// A picture file stored with the deck (imported media).
    Image(Image),
}

/// How a [`Block`] is written in RON: struct variants, so `Table(header: ...)`
/// needs no inner `Table(...)`. (RON's `unwrap_variant_newtypes` extension
/// would allow the same with newtype variants, but it makes parsing a large
/// deck about 35% slower.)
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename = "Block", deny_unknown_fields)]
enum BlockRepr {
    Text(String),
    Table {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Diagram {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        mermaid: String,
    },
    Code {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        lang: String,
        code: String,
    },
    Image {
        path: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
    },
}

impl From<BlockRepr> for Block {
    fn from(repr: BlockRepr) -> Self {
        match repr {
            BlockRepr::Text(text) => Self::Text(text),
            BlockRepr::Table {
                id,
                title,
                header,
                rows,
            } => Self::Table(Table {
                id,
                title,
                header,
                rows,
            }),
            BlockRepr::Diagram { id, title, mermaid } => {
                Self::Diagram(Diagram { id, title, mermaid })
            }
            BlockRepr::Code { lang, code } => Self::Code(Code { lang, code }),
            BlockRepr::Image { path, alt } => Self::Image(Image { path, alt }),
        }
    }
}

impl From<Block> for BlockRepr {
    fn from(block: Block) -> Self {
        match block {
            Block::Text(text) => Self::Text(text),
            Block::Table(Table {
                id,
                title,
                header,
                rows,
            }) => Self::Table {
                id,
                title,
                header,
                rows,
            },
            Block::Diagram(Diagram { id, title, mermaid }) => Self::Diagram { id, title, mermaid },
            Block::Code(Code { lang, code }) => Self::Code { lang, code },
            Block::Image(Image { path, alt }) => Self::Image { path, alt },
        }
    }
}

/// A table: a header and rows of the same width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Optional stable id so other cards (clozes) can refer to the table.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Optional title shown above the table.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Column headings.
    pub header: Vec<String>,
    /// Body rows; each has exactly `header.len()` cells.
    pub rows: Vec<Vec<String>>,
}

/// A diagram given as Mermaid flowchart source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagram {
    /// Optional stable id so other cards (occlusion, paths) can refer to it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Optional title shown above the diagram.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Mermaid flowchart text (`graph TD` ...).
    pub mermaid: String,
}

/// Preformatted text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// Language or kind hint (`"text"`, `"sql"`); may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
    /// The text, shown verbatim in a monospace font.
    pub code: String,
}

/// A picture stored beside the deck file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Path relative to the folder of the deck file, with `/` separators,
    /// e.g. `"my-deck.assets/cap.png"`; never absolute, never `..`.
    pub path: String,
    /// Text shown when the picture cannot be, and searched.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alt: String,
}

impl Deck {
    /// The card with this id, if any.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// Every diagram block of the deck with its card, in file order.
    pub fn diagrams(&self) -> impl Iterator<Item = (&Card, &Diagram)> {
        self.cards.iter().flat_map(|card| {
            card.front
                .iter()
                .chain(card.back.iter())
                .filter_map(move |block| match block {
                    Block::Diagram(d) => Some((card, d)),
                    _ => None,
                })
        })
    }
}

impl Card {
    /// All blocks, front then back.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.front.iter().chain(self.back.iter())
    }

    /// Plain text of the card for search: every text, cell, title and code.
    pub fn search_text(&self) -> String {
        let mut out = String::new();
        for block in self.blocks() {
            match block {
                Block::Text(t) => out.push_str(t),
                Block::Table(t) => {
                    out.push_str(&t.title);
                    for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                        out.push(' ');
                        out.push_str(cell);
                    }
                }
                Block::Diagram(d) => {
                    out.push_str(&d.title);
                    out.push(' ');
                    out.push_str(&d.mermaid);
                }
                Block::Code(c) => out.push_str(&c.code),
                Block::Image(i) => out.push_str(&i.alt),
            }
            out.push('\n');
        }
        out
    }
}
