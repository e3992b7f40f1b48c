//! Checks beyond syntax: ids, empty sides, table widths, diagrams.

use std::collections::HashMap;

use super::model::{Block, Deck};

/// Which side of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The question side (`front`).
    Front,
    /// The answer side (`back`).
    Back,
}

impl Side {
    /// The RON field name of this side.
    pub fn field(self) -> &'static str {
        match self {
            Self::Front => "front",
            Self::Back => "back",
        }
    }
}

/// Where in a deck a problem sits, independent of any file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locus {
    /// A field of the deck itself (`"id"`, `"title"`).
    DeckField(&'static str),
    /// A card as a whole (index into `cards`).
    Card(usize),
    /// A field of a card (`"id"`, `"front"`, `"back"`).
    CardField(usize, &'static str),
    /// A block of a card side.
    Block(usize, Side, usize),
    /// A row of a table block (0-based row index into `rows`).
    TableRow(usize, Side, usize, usize),
    /// A 1-based line and column inside a diagram block's Mermaid text.
    DiagramText {
        /// Card index.
        card: usize,
        /// Side of the card.
        side: Side,
        /// Block index on that side.
        block: usize,
        /// 1-based line in the Mermaid text.
        line: usize,
        /// 1-based column in the Mermaid text.
        column: usize,
    },
}

/// A validation problem: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub locus: Locus,
    /// What is wrong and what to do.
    pub message: String,
}

/// Every problem of the deck, in deck order. Empty means valid.
pub fn validate(deck: &Deck) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |locus, message: String| problems.push(Problem { locus, message });

    if let Some(m) = check_id(&deck.id, "deck") {
        push(Locus::DeckField("id"), m);
    }
    if deck.title.trim().is_empty() {
        push(
            Locus::DeckField("title"),
            "the deck title is empty; give the deck a title".to_owned(),
        );
    }

    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(deck.cards.len());
    for (ci, card) in deck.cards.iter().enumerate() {
        if let Some(m) = check_id(&card.id, "card") {
            push(Locus::CardField(ci, "id"), m);
        } else if let Some(&first) = first_seen.get(card.id.as_str()) {
            push(
                Locus::CardField(ci, "id"),
                format!(
                    "duplicate card id `{}` (card {} has it too); card ids must be unique within a deck",
                    card.id,
                    first + 1
                ),
            );
        } else {
            first_seen.insert(&card.id, ci);
        }
        for (side, blocks) in [(Side::Front, &card.front), (Side::Back, &card.back)] {
            if blocks.iter().all(is_empty_block) {
                push(
                    Locus::CardField(ci, side.field()),
                    format!(
                        "card `{}` has an empty {}; write what the card {}",
                        card.id,
                        side.field(),
                        if side == Side::Front {
                            "asks"
                        } else {
                            "answers"
                        }
                    ),
                );
            }
            for (bi, block) in blocks.iter().enumerate() {
                check_block(ci, &card.id, side, bi, block, &mut push);
            }
        }
    }
    problems
}

fn check_id(id: &str, what: &str) -> Option<String> {
    if id.trim().is_empty() {
        Some(format!(
            "the {what} id is empty; give it a short stable id such as `q1-overview`"
        ))
    } else if id.contains('/') || id.chars().any(char::is_control) {
        Some(format!(
            "the {what} id `{}` contains `/` or a control character; use letters, digits, `-` and `_`",
            id.escape_debug()
        ))
    } else if id != id.trim() {
        Some(format!(
            "the {what} id `{id}` has leading or trailing spaces; remove them"
        ))
    } else {
        None
    }
}

fn is_empty_block(block: &Block) -> bool {
    match block {
        Block::Text(t) => t.trim().is_empty(),
        Block::Table(t) => t.header.is_empty() && t.rows.is_empty(),
        Block::Diagram(d) => d.mermaid.trim().is_empty(),
        Block::Code(c) => c.code.trim().is_empty(),
    }
}

fn check_block(
    ci: usize,
    card_id: &str,
    side: Side,
    bi: usize,
    block: &Block,
    push: &mut impl FnMut(Locus, String),
) {
    match block {
        Block::Table(table) => {
            if table.header.is_empty() {
                push(
                    Locus::Block(ci, side, bi),
                    format!(
                        "a table of card `{card_id}` has no header; add `header: [\"...\", ...]`"
                    ),
                );
            }
            let width = table.header.len();
            for (ri, row) in table.rows.iter().enumerate() {
                if row.len() != width {
                    push(
                        Locus::TableRow(ci, side, bi, ri),
                        format!(
                            "row {} of a table of card `{card_id}` has {} cells but the header has {width}; add or remove cells",
                            ri + 1,
                            row.len()
                        ),
                    );
                }
            }
        }
        Block::Diagram(diagram) if diagram.mermaid.trim().is_empty() => push(
            Locus::Block(ci, side, bi),
            format!("a diagram of card `{card_id}` has no Mermaid text"),
        ),
        Block::Diagram(diagram) => {
            if let Err(e) = crate::mermaid::parse(&diagram.mermaid) {
                push(
                    Locus::DiagramText {
                        card: ci,
                        side,
                        block: bi,
                        line: e.line,
                        column: e.column,
                    },
                    if diagram.id.is_empty() {
                        format!("in the diagram of card `{card_id}`: {}", e.message)
                    } else {
                        format!(
                            "in diagram `{}` of card `{card_id}`: {}",
                            diagram.id, e.message
                        )
                    },
                );
            }
        }
        Block::Text(_) | Block::Code(_) => {}
    }
}
