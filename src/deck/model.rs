//! The deck data model: what a RON deck file holds.

use serde::{Deserialize, Serialize, Serializer};

use super::generate::Generator;

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
    /// The cards: those written in the file, in authoring order, then those
    /// made by [`generate`](Self::generate) (marked [`Card::generated`],
    /// never written back to the file).
    #[serde(serialize_with = "authored_cards")]
    pub cards: Vec<Card>,
    /// Directives that make cards from the deck's diagrams and tables
    /// (occlusion, path and cloze cards); expanded when the deck is loaded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generate: Vec<Generator>,
}

/// Writes only the cards of the file, not the generated ones.
fn authored_cards<S: Serializer>(cards: &[Card], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(cards.iter().filter(|c| !c.generated))
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
    /// Made by a directive of [`Deck::generate`] when the deck was loaded,
    /// not written in the file (and not written back to it).
    #[serde(skip)]
    pub generated: bool,
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
    /// A diagram with parts hidden (question side) or revealed and
    /// highlighted (answer side): occlusion and path cards.
    Occlusion(Occlusion),
    /// A table row with cells hidden (question side) or the table with those
    /// cells highlighted (answer side).
    Cloze(Cloze),
    /// A field where the user types the answer, checked by
    /// [`check_answer`](super::check_answer).
    TypedAnswer(TypedAnswer),
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
    Occlusion {
        diagram: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        mermaid: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hidden: Vec<Target>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        highlight: Vec<Target>,
        #[serde(default, skip_serializing_if = "is_false")]
        reveal: bool,
    },
    Cloze {
        table: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        row: usize,
        columns: Vec<usize>,
        #[serde(default, skip_serializing_if = "is_false")]
        reveal: bool,
    },
    TypedAnswer {
        expect: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        also: Vec<String>,
        #[serde(default, skip_serializing_if = "is_zero")]
        tolerance: f64,
    },
    Image {
        path: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
    },
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(b: &bool) -> bool {
    !*b
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_zero(x: &f64) -> bool {
    *x == 0.0
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
            BlockRepr::Occlusion {
                diagram,
                title,
                mermaid,
                hidden,
                highlight,
                reveal,
            } => Self::Occlusion(Occlusion {
                diagram,
                title,
                mermaid,
                hidden,
                highlight,
                reveal,
            }),
            BlockRepr::Cloze {
                table,
                title,
                header,
                rows,
                row,
                columns,
                reveal,
            } => Self::Cloze(Cloze {
                table,
                title,
                header,
                rows,
                row,
                columns,
                reveal,
            }),
            BlockRepr::TypedAnswer {
                expect,
                also,
                tolerance,
            } => Self::TypedAnswer(TypedAnswer {
                expect,
                also,
                tolerance,
            }),
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
            Block::Occlusion(Occlusion {
                diagram,
                title,
                mermaid,
                hidden,
                highlight,
                reveal,
            }) => Self::Occlusion {
                diagram,
                title,
                mermaid,
                hidden,
                highlight,
                reveal,
            },
            Block::Cloze(Cloze {
                table,
                title,
                header,
                rows,
                row,
                columns,
                reveal,
            }) => Self::Cloze {
                table,
                title,
                header,
                rows,
                row,
                columns,
                reveal,
            },
            Block::TypedAnswer(TypedAnswer {
                expect,
                also,
                tolerance,
            }) => Self::TypedAnswer {
                expect,
                also,
                tolerance,
            },
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

/// A diagram with some parts hidden or highlighted.
///
/// On the question side (`reveal: false`) `mermaid` is a rewritten copy of
/// the source diagram in which every hidden label is replaced by `?` (and
/// hidden nodes and subgraphs get neutral ids), so nothing given to the
/// renderer names the answer. It has the same nodes, edges and subgraphs in
/// the same order as the answer side's `mermaid` (the source text), so the
/// question can be drawn on the answer's layout: match them by index.
#[derive(Debug, Clone, PartialEq)]
pub struct Occlusion {
    /// Id of the diagram block this was made from.
    pub diagram: String,
    /// Title of the diagram (with hidden labels replaced on the question side).
    pub title: String,
    /// Mermaid text to draw.
    pub mermaid: String,
    /// Parts asked for: drawn as marked `?` boxes on the question side and
    /// highlighted on the answer side. Ids refer to `mermaid` of this block.
    pub hidden: Vec<Target>,
    /// Parts to emphasise but not hide: the ends and edges of a path.
    pub highlight: Vec<Target>,
    /// `false` on the question side, `true` on the answer side.
    pub reveal: bool,
}

/// A part of a diagram.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    /// A node, by id.
    Node(String),
    /// A subgraph (its title), by id.
    Cluster(String),
    /// An edge (its label when hidden), by index in source order.
    Edge(usize),
}

/// A table with cells of one row asked for.
///
/// On the question side `rows` holds only the asked row, with the hidden
/// cells emptied; on the answer side it holds the whole table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloze {
    /// Id of the table block this was made from.
    pub table: String,
    /// Title of the table.
    pub title: String,
    /// Column headings.
    pub header: Vec<String>,
    /// Body rows shown.
    pub rows: Vec<Vec<String>>,
    /// Index into `rows` of the row asked about.
    pub row: usize,
    /// 0-based columns of the hidden (or revealed) cells.
    pub columns: Vec<usize>,
    /// `false` on the question side, `true` on the answer side.
    pub reveal: bool,
}

/// The answer the user is expected to type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedAnswer {
    /// The answer: text (`"Write-through"`) or a number with an optional
    /// unit (`"52.6 minutes"`, `"290,000 QPS"`, `"10 TB"`).
    pub expect: String,
    /// Other answers that count as right, in the same form.
    pub also: Vec<String>,
    /// Relative tolerance for numbers: `0.1` accepts ±10% (as close).
    /// 0 asks for the exact number.
    pub tolerance: f64,
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

impl Block {
    /// The block as one of the basic kinds (text, table, diagram, code,
    /// image), for formats that know only those: an occlusion as its
    /// diagram (with `?` on the question side), a cloze as its table (hidden
    /// cells `?`, revealed ones in bold). `None` for a typed answer, whose
    /// expected text must not show on the question side.
    pub fn basic(&self) -> Option<Block> {
        match self {
            Self::Occlusion(o) => Some(Self::Diagram(Diagram {
                id: String::new(),
                title: o.title.clone(),
                mermaid: o.mermaid.clone(),
            })),
            Self::Cloze(c) => {
                let mut rows = c.rows.clone();
                if let Some(row) = rows.get_mut(c.row) {
                    for &col in &c.columns {
                        if let Some(cell) = row.get_mut(col) {
                            *cell = if c.reveal {
                                format!("**{cell}**")
                            } else {
                                "?".to_owned()
                            };
                        }
                    }
                }
                Some(Self::Table(Table {
                    id: String::new(),
                    title: c.title.clone(),
                    header: c.header.clone(),
                    rows,
                }))
            }
            Self::TypedAnswer(_) => None,
            Self::Text(_) | Self::Table(_) | Self::Diagram(_) | Self::Code(_) | Self::Image(_) => {
                Some(self.clone())
            }
        }
    }
}

impl Card {
    /// All blocks, front then back.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.front.iter().chain(self.back.iter())
    }

    /// Plain text of the card for search: every text, cell, title and code,
    /// and the expected typed answer.
    pub fn search_text(&self) -> String {
        let mut out = blocks_text(&self.front, true);
        out.push_str(&blocks_text(&self.back, true));
        out
    }

    /// Plain text of what the question side shows: like [`search_text`](Self::search_text)
    /// for the front only, without the expected typed answer.
    pub fn question_text(&self) -> String {
        blocks_text(&self.front, false)
    }
}

/// Plain text of blocks, one block a line; `answers` includes what a
/// [`TypedAnswer`] expects.
fn blocks_text(blocks: &[Block], answers: bool) -> String {
    let mut out = String::new();
    for block in blocks {
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
            Block::Occlusion(o) => {
                out.push_str(&o.title);
                out.push(' ');
                out.push_str(&o.mermaid);
            }
            Block::Cloze(c) => {
                out.push_str(&c.title);
                for cell in c.header.iter().chain(c.rows.iter().flatten()) {
                    out.push(' ');
                    out.push_str(cell);
                }
            }
            Block::TypedAnswer(t) => {
                if answers {
                    out.push_str(&t.expect);
                    for also in &t.also {
                        out.push(' ');
                        out.push_str(also);
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}
