//! Checks beyond syntax: ids, empty sides, table widths, diagrams.

use std::collections::HashMap;

use super::generate;
use super::model::{Block, Cloze, Deck, Occlusion, Target, TypedAnswer};

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
    /// A directive of the deck's `generate` list (index into it).
    Generator(usize),
    /// A field of a directive (`"diagram"`, `"rows"`).
    GeneratorField(usize, &'static str),
    /// An item of a list field of a directive (`nodes: Only([..])`, `rows: [..]`).
    GeneratorItem(usize, &'static str, usize),
}

/// A validation problem: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub locus: Locus,
    /// What is wrong and what to do.
    pub message: String,
}

/// Every problem of the deck, in deck order, including those of its
/// `generate` directives. Empty means valid.
pub fn validate(deck: &Deck) -> Vec<Problem> {
    let mut problems = check_cards(deck);
    problems.extend(generate::expand(deck).problems);
    problems
}

/// The problems of the deck and its authored cards (not of the directives).
pub(super) fn check_cards(deck: &Deck) -> Vec<Problem> {
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
        // Generated cards are checked as they are made.
        if card.generated {
            continue;
        }
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
        let typed = card
            .blocks()
            .filter(|b| matches!(b, Block::TypedAnswer(_)))
            .count();
        if typed > 1 {
            push(
                Locus::CardField(ci, "front"),
                format!(
                    "card `{}` has {typed} typed answers; a card takes one (put other accepted answers in `also`)",
                    card.id
                ),
            );
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
        Block::Occlusion(o) => o.mermaid.trim().is_empty(),
        Block::Cloze(c) => c.header.is_empty() && c.rows.is_empty(),
        // A field to type in asks nothing by itself.
        Block::TypedAnswer(_) => true,
        Block::Image(i) => i.path.trim().is_empty(),
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
        Block::Occlusion(o) => check_occlusion(ci, card_id, side, bi, o, push),
        Block::Cloze(c) => {
            if let Some(m) = cloze_problem(c) {
                push(
                    Locus::Block(ci, side, bi),
                    format!("a cloze of card `{card_id}` {m}"),
                );
            }
        }
        Block::TypedAnswer(t) => {
            if side == Side::Back {
                push(
                    Locus::Block(ci, side, bi),
                    format!(
                        "the typed answer of card `{card_id}` is on the back; put it on the front, where the user types"
                    ),
                );
            }
            if let Some(m) = typed_problem(t) {
                push(
                    Locus::Block(ci, side, bi),
                    format!("the typed answer of card `{card_id}`: {m}"),
                );
            }
        }
        Block::Image(image) => {
            if let Some(m) = check_image_path(&image.path) {
                push(
                    Locus::Block(ci, side, bi),
                    format!("an image of card `{card_id}` {m}"),
                );
            }
        }
        Block::Text(_) | Block::Code(_) => {}
    }
}

fn check_occlusion(
    ci: usize,
    card_id: &str,
    side: Side,
    bi: usize,
    o: &Occlusion,
    push: &mut impl FnMut(Locus, String),
) {
    let chart = match crate::mermaid::parse(&o.mermaid) {
        Ok(chart) => chart,
        Err(e) => {
            push(
                Locus::DiagramText {
                    card: ci,
                    side,
                    block: bi,
                    line: e.line,
                    column: e.column,
                },
                format!(
                    "in the occlusion diagram of card `{card_id}`: {}",
                    e.message
                ),
            );
            return;
        }
    };
    for target in o.hidden.iter().chain(&o.highlight) {
        let found = match target {
            Target::Node(id) => chart.node_by_id(id).is_some(),
            Target::Cluster(id) => chart.cluster_by_id(id).is_some(),
            Target::Edge(e) => *e < chart.edges.len(),
        };
        if !found {
            push(
                Locus::Block(ci, side, bi),
                format!(
                    "the occlusion diagram of card `{card_id}` has no {target:?}; name a node, subgraph or edge of its `mermaid`"
                ),
            );
        }
    }
}

fn cloze_problem(c: &Cloze) -> Option<String> {
    let width = c.header.len();
    if width == 0 {
        return Some("has no header".to_owned());
    }
    if let Some(r) = c.rows.iter().position(|row| row.len() != width) {
        return Some(format!(
            "has {} cells in row {} but {width} in the header",
            c.rows[r].len(),
            r + 1
        ));
    }
    if c.row >= c.rows.len() {
        return Some(format!(
            "asks about row {} of {} (`row` counts from 0 here)",
            c.row,
            c.rows.len()
        ));
    }
    if c.columns.is_empty() || c.columns.iter().any(|&col| col >= width) {
        return Some(format!(
            "hides columns {:?}; give 0-based columns below {width}",
            c.columns
        ));
    }
    None
}

fn typed_problem(t: &TypedAnswer) -> Option<String> {
    if t.expect.trim().is_empty() {
        return Some("`expect` is empty; write the answer the user should type".to_owned());
    }
    if !t.tolerance.is_finite() || !(0.0..=1.0).contains(&t.tolerance) {
        return Some(format!(
            "`tolerance` is {}; give a fraction from 0 to 1, such as 0.1 for ±10%",
            t.tolerance
        ));
    }
    for answer in std::iter::once(&t.expect).chain(&t.also) {
        if let Some(m) = super::answer::expectation_problem(answer, t.tolerance) {
            return Some(m);
        }
    }
    None
}

/// Why an image path is unusable, if it is: it must name a file inside the
/// deck's folder, so a deck can never point at files elsewhere.
fn check_image_path(path: &str) -> Option<&'static str> {
    if path.trim().is_empty() {
        Some("has an empty path; give the picture file relative to the deck file")
    } else if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        Some("has an absolute path; give the picture file relative to the deck file, with `/`")
    } else if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        Some("has a path with `..`, `.` or an empty part; it must stay inside the deck's folder")
    } else if path.chars().any(char::is_control) {
        Some("has a control character in its path; rename the picture file")
    } else {
        None
    }
}
