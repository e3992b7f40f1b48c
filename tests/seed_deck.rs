//! The seed deck `decks/system-design-1.ron` against its source document
//! `tests/fixtures/seed/system-design-qa-1.txt` ("System Design Interview
//! QA - 1").
//!
//! The ten overview cards (`q1-overview` .. `q10-overview`) must carry the
//! whole document: every pipe table cell for cell, every Mermaid diagram line
//! for line and every line of prose. The other (atomic) cards must be
//! well-formed and spread over all ten questions.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use archdeck::deck::{Block, Card, Deck, load_deck};

const DECK: &str = "decks/system-design-1.ron";
const FIXTURE: &str = "tests/fixtures/seed/system-design-qa-1.txt";

/// Source lines that carry no content and need not appear on any card.
const NO_CONTENT_LINES: &[&str] = &[
    // Every question is followed by this label; the card back is the answer.
    "Answer:",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn load() -> Deck {
    load_deck(&root().join(DECK)).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture_text() -> String {
    std::fs::read_to_string(root().join(FIXTURE)).expect("the seed fixture is readable")
}

// ------------------------------------------------------------------------
// The source document

/// A pipe table of the source: header, rows, and the question it belongs to.
#[derive(Debug, Clone)]
struct SrcTable {
    line: usize,
    question: usize,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A Mermaid block of the source (lines with trailing whitespace trimmed).
#[derive(Debug, Clone)]
struct SrcDiagram {
    line: usize,
    question: usize,
    mermaid: String,
}

/// A line of prose (neither table nor diagram) of the source.
#[derive(Debug, Clone)]
struct SrcLine {
    line: usize,
    /// 0 before `Q1:`, else the question the line belongs to.
    question: usize,
    text: String,
}

#[derive(Debug, Default)]
struct Source {
    tables: Vec<SrcTable>,
    diagrams: Vec<SrcDiagram>,
    prose: Vec<SrcLine>,
    /// `(n, question text)` for every `Qn: ...` line.
    questions: Vec<(usize, String)>,
}

/// `Q7: How Do You ...` -> `(7, "How Do You ...")`.
fn question_line(line: &str) -> Option<(usize, &str)> {
    let rest = line.strip_prefix('Q')?;
    let colon = rest.find(": ")?;
    let n = rest[..colon].parse().ok()?;
    Some((n, &rest[colon + 2..]))
}

/// Whether a line continues a Mermaid flowchart: a subgraph, `end`, a
/// `style` line, an edge, or a node definition (`ID[...]`, `ID{...}`, `ID(...)`).
fn is_mermaid_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if t.starts_with("subgraph ") || t.starts_with("style ") || t == "end" || t.contains("-->") {
        return true;
    }
    let id_len = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    id_len > 0 && t[id_len..].trim_start().starts_with(['[', '{', '('])
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("|-") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Cells of a pipe-table line: outer pipes removed, split on `|`, trimmed.
fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_owned()).collect()
}

fn parse_source(text: &str) -> Source {
    let lines: Vec<&str> = text.lines().collect();
    let mut src = Source::default();
    let mut question = 0;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.starts_with("graph ") {
            let start = i;
            i += 1;
            while i < lines.len() && is_mermaid_line(lines[i]) {
                i += 1;
            }
            let mermaid = lines[start..i]
                .iter()
                .map(|l| l.trim_end())
                .collect::<Vec<_>>()
                .join("\n");
            // The opening diagram stands before the title; it belongs to Q1.
            src.diagrams.push(SrcDiagram {
                line: start + 1,
                question: question.max(1),
                mermaid,
            });
            continue;
        }
        if t.starts_with('|') && lines.get(i + 1).is_some_and(|n| is_separator(n)) {
            let start = i;
            let header = split_cells(t);
            let width = header.len();
            let mut rows = Vec::new();
            let mut pending: Vec<String> = Vec::new();
            i += 2;
            // A row may be broken over several lines (the pagination table
            // of Q6 is): cells accumulate until the row is as wide as the header.
            while i < lines.len()
                && lines[i].contains('|')
                && !lines[i].trim().starts_with("graph ")
            {
                pending.extend(split_cells(lines[i]));
                assert!(
                    pending.len() <= width,
                    "{FIXTURE}:{}: table row wider than its header ({width} cells)",
                    i + 1
                );
                if pending.len() == width {
                    rows.push(std::mem::take(&mut pending));
                }
                i += 1;
            }
            assert!(
                pending.is_empty(),
                "{FIXTURE}:{i}: table ends with a partial row"
            );
            assert!(
                !rows.is_empty(),
                "{FIXTURE}:{}: table without rows",
                start + 1
            );
            src.tables.push(SrcTable {
                line: start + 1,
                question: question.max(1),
                header,
                rows,
            });
            continue;
        }
        if let Some((n, q)) = question_line(t) {
            question = n;
            src.questions.push((n, q.to_owned()));
        } else if !t.is_empty() {
            src.prose.push(SrcLine {
                line: i + 1,
                question,
                text: t.to_owned(),
            });
        }
        i += 1;
    }
    src
}

fn source() -> Source {
    parse_source(&fixture_text())
}

// ------------------------------------------------------------------------
// The deck

fn overview_id(question: usize) -> String {
    format!("q{question}-overview")
}

fn is_overview(card: &Card) -> bool {
    card.tags.iter().any(|t| t == "overview")
}

/// Light Markdown stripped for comparison: heading, bullet and number
/// markers, `**` and backticks removed; whitespace collapsed.
fn normalize(line: &str) -> String {
    let mut t = line.trim();
    for prefix in ["### ", "## ", "# "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest;
            break;
        }
    }
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        t = rest;
    }
    if let Some(dot) = t.find(". ")
        && (1..=3).contains(&dot)
        && t[..dot].bytes().all(|b| b.is_ascii_digit())
    {
        t = &t[dot + 2..];
    }
    let t = t.replace("**", "").replace('`', "");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Mermaid text for comparison: trailing whitespace per line and trailing
/// blank lines removed.
fn normalize_mermaid(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

/// Normalised lines of the text and code blocks of one side.
fn text_lines(blocks: &[Block]) -> HashSet<String> {
    let mut out = HashSet::new();
    for block in blocks {
        let text = match block {
            Block::Text(t) => t.as_str(),
            Block::Code(c) => c.code.as_str(),
            // Tables, diagrams and the kinds of generated cards hold no prose.
            _ => continue,
        };
        out.extend(text.lines().map(normalize).filter(|l| !l.is_empty()));
    }
    out
}

// ------------------------------------------------------------------------
// Checks, returning problems so that they can be tested on broken decks.

/// (a) The shape of the deck: overview and atomic cards.
fn check_structure(deck: &Deck) -> Vec<String> {
    let mut problems = Vec::new();
    let overview: Vec<&Card> = deck.cards.iter().filter(|c| is_overview(c)).collect();
    let ids: Vec<&str> = overview.iter().map(|c| c.id.as_str()).collect();
    let expected: Vec<String> = (1..=10).map(overview_id).collect();
    if ids != expected {
        problems.push(format!("overview cards are {ids:?}, expected {expected:?}"));
    }
    for (n, card) in (1..=10).zip(&overview) {
        if card.source != format!("Q{n}") {
            problems.push(format!(
                "{}: source is {:?}, expected Q{n}",
                card.id, card.source
            ));
        }
    }
    let count = |pred: fn(&Block) -> bool| -> usize {
        overview
            .iter()
            .flat_map(|c| c.blocks())
            .filter(|b| pred(b))
            .count()
    };
    let tables = count(|b| matches!(b, Block::Table(_)));
    let diagrams = count(|b| matches!(b, Block::Diagram(_)));
    if tables < 25 {
        problems.push(format!(
            "overview cards hold {tables} tables, expected at least 25"
        ));
    }
    if diagrams < 11 {
        problems.push(format!(
            "overview cards hold {diagrams} diagrams, expected at least 11"
        ));
    }

    let atomic: Vec<&Card> = deck.cards.iter().filter(|c| !is_overview(c)).collect();
    if atomic.len() < 150 {
        problems.push(format!(
            "{} atomic cards, expected at least 150",
            atomic.len()
        ));
    }
    let mut per_question: HashMap<usize, usize> = HashMap::new();
    for card in &atomic {
        let n = card
            .source
            .strip_prefix('Q')
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..=10).contains(n) && card.source == format!("Q{n}"));
        let Some(n) = n else {
            problems.push(format!(
                "{}: source {:?} is not Q1..Q10",
                card.id, card.source
            ));
            continue;
        };
        *per_question.entry(n).or_default() += 1;
        if !card.id.starts_with(&format!("q{n}-")) {
            problems.push(format!(
                "{}: id does not start with q{n}- (source {})",
                card.id, card.source
            ));
        }
        if !card
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!("{}: id is not lowercase-with-dashes", card.id));
        }
        if card.tags.is_empty() || card.tags.len() > 3 {
            problems.push(format!(
                "{}: has {} tags, expected 1-3",
                card.id,
                card.tags.len()
            ));
        }
        for tag in &card.tags {
            if tag.is_empty() || tag.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
                problems.push(format!("{}: tag {tag:?} is not a lowercase word", card.id));
            }
        }
        if card.front == card.back {
            problems.push(format!("{}: front and back are the same", card.id));
        }
    }
    for n in 1..=10 {
        let k = per_question.get(&n).copied().unwrap_or(0);
        if k < 8 {
            problems.push(format!("Q{n} has {k} atomic cards, expected at least 8"));
        }
    }

    // Block ids are references for later card kinds: unique across the deck.
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for card in &deck.cards {
        for block in card.blocks() {
            let id = match block {
                Block::Table(t) => t.id.as_str(),
                Block::Diagram(d) => d.id.as_str(),
                _ => "",
            };
            if id.is_empty() {
                continue;
            }
            if deck.card(id).is_some() {
                problems.push(format!("block id {id} of {} is also a card id", card.id));
            }
            if let Some(first) = seen.insert(id, &card.id) {
                problems.push(format!("block id {id} is used by {first} and {}", card.id));
            }
        }
    }
    // Every table and diagram of an overview card has a stable id.
    for card in &overview {
        for block in card.blocks() {
            let id = match block {
                Block::Table(t) => &t.id,
                Block::Diagram(d) => &d.id,
                _ => continue,
            };
            let prefix = format!("{}-", card.id.trim_end_matches("-overview"));
            if !id.starts_with(&prefix) {
                problems.push(format!(
                    "{}: table/diagram id {id:?} does not start with {prefix}",
                    card.id
                ));
            }
        }
    }
    problems
}

/// (b) Every source table appears, cell for cell, on its question's overview
/// card, and every overview table is one of them.
fn check_tables(deck: &Deck, src: &Source) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used: HashSet<(String, usize)> = HashSet::new();
    for table in &src.tables {
        let id = overview_id(table.question);
        let Some(card) = deck.card(&id) else {
            problems.push(format!("no card {id} for the table at line {}", table.line));
            continue;
        };
        let found = card.back.iter().enumerate().find(|(bi, b)| {
            matches!(b, Block::Table(t) if t.header == table.header && t.rows == table.rows)
                && !used.contains(&(id.clone(), *bi))
        });
        match found {
            Some((bi, _)) => {
                used.insert((id, bi));
            }
            None => problems.push(format!(
                "{FIXTURE}:{}: table {:?} is not on {id} cell for cell",
                table.line, table.header
            )),
        }
    }
    for card in deck.cards.iter().filter(|c| is_overview(c)) {
        for (bi, block) in card.back.iter().enumerate() {
            if let Block::Table(t) = block
                && !used.contains(&(card.id.clone(), bi))
            {
                problems.push(format!(
                    "{}: table {:?} is not a table of the source",
                    card.id, t.header
                ));
            }
        }
        if card
            .front
            .iter()
            .any(|b| matches!(b, Block::Table(_) | Block::Diagram(_)))
        {
            problems.push(format!(
                "{}: tables and diagrams belong on the back",
                card.id
            ));
        }
    }
    problems
}

/// (c) Every source diagram appears verbatim on its question's overview card,
/// every overview diagram is one of them, and copies on other cards are exact.
fn check_diagrams(deck: &Deck, src: &Source) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used: HashSet<(String, usize)> = HashSet::new();
    for diagram in &src.diagrams {
        let id = overview_id(diagram.question);
        let Some(card) = deck.card(&id) else {
            problems.push(format!(
                "no card {id} for the diagram at line {}",
                diagram.line
            ));
            continue;
        };
        let found = card.back.iter().enumerate().find(|(bi, b)| {
            matches!(b, Block::Diagram(d) if normalize_mermaid(&d.mermaid) == diagram.mermaid)
                && !used.contains(&(id.clone(), *bi))
        });
        match found {
            Some((bi, _)) => {
                used.insert((id, bi));
            }
            None => problems.push(format!(
                "{FIXTURE}:{}: diagram is not verbatim on {id}",
                diagram.line
            )),
        }
    }
    let sources: HashSet<&str> = src.diagrams.iter().map(|d| d.mermaid.as_str()).collect();
    for card in &deck.cards {
        for (bi, block) in card.back.iter().enumerate() {
            let Block::Diagram(d) = block else { continue };
            if is_overview(card) && !used.contains(&(card.id.clone(), bi)) {
                problems.push(format!(
                    "{}: diagram {:?} is not a diagram of the source",
                    card.id, d.id
                ));
            }
            if !sources.contains(normalize_mermaid(&d.mermaid).as_str()) {
                problems.push(format!(
                    "{}: diagram {:?} differs from every source diagram",
                    card.id, d.title
                ));
            }
        }
    }
    problems
}

/// (d) Nothing lost: every question is the front of its overview card and
/// every line of prose from the introduction to the end is a line of a text
/// or code block of the overview card of its question.
fn check_prose(deck: &Deck, src: &Source) -> Vec<String> {
    let mut problems = Vec::new();
    let questions: Vec<usize> = src.questions.iter().map(|(n, _)| *n).collect();
    if questions != (1..=10).collect::<Vec<_>>() {
        problems.push(format!(
            "the source has questions {questions:?}, expected 1..=10"
        ));
    }
    for (n, question) in &src.questions {
        let id = overview_id(*n);
        match deck.card(&id) {
            Some(card) if text_lines(&card.front).contains(&normalize(question)) => {}
            _ => problems.push(format!("{id}: the front is not the question {question:?}")),
        }
    }
    let lines: HashMap<String, HashSet<String>> = deck
        .cards
        .iter()
        .filter(|c| is_overview(c))
        .map(|c| (c.id.clone(), text_lines(&c.back)))
        .collect();
    let intro = src
        .prose
        .iter()
        .position(|l| l.text == "Introduction")
        .expect("the source has an Introduction");
    if intro != 2 {
        // Before it: the title (the deck title) and a keyword line (no content).
        problems.push(format!(
            "expected the title and a keyword line before the Introduction, found {intro} lines"
        ));
    }
    let mut checked = 0;
    for line in &src.prose[intro..] {
        if NO_CONTENT_LINES.contains(&line.text.as_str()) {
            continue;
        }
        // The introduction goes on the Q1 card; the summary and "What's next"
        // after Q10 stay with Q10.
        let id = overview_id(line.question.max(1));
        let wanted = normalize(&line.text);
        if !lines.get(&id).is_some_and(|set| set.contains(&wanted)) {
            problems.push(format!(
                "{FIXTURE}:{}: {:?} is not on {id}",
                line.line, line.text
            ));
        }
        checked += 1;
    }
    // Guards the parser: the document has 193 lines of prose from the
    // introduction on (not counting the questions and "Answer:" labels).
    if checked != 193 {
        problems.push(format!(
            "{checked} prose lines checked, expected 193; is the fixture parsed right?"
        ));
    }
    problems
}

fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ------------------------------------------------------------------------
// Tests

#[test]
fn the_source_parses_into_25_tables_11_diagrams_and_10_questions() {
    let src = source();
    assert_eq!(
        src.tables.len(),
        25,
        "{:#?}",
        src.tables.iter().map(|t| t.line).collect::<Vec<_>>()
    );
    assert_eq!(
        src.diagrams.len(),
        11,
        "{:#?}",
        src.diagrams.iter().map(|d| d.line).collect::<Vec<_>>()
    );
    assert_eq!(src.questions.len(), 10);
    // Spot checks of the parser on the awkward parts of the document.
    assert_eq!(src.diagrams[0].line, 1);
    assert!(
        src.diagrams[0]
            .mermaid
            .ends_with("style Horizontal fill:#56cc9d,stroke:#333,color:#fff")
    );
    assert_eq!(src.diagrams[0].mermaid.lines().count(), 14);
    let pagination = src
        .tables
        .iter()
        .find(|t| t.header == ["Approach", "Pros", "Cons"])
        .expect("pagination table");
    assert_eq!(pagination.rows.len(), 2);
    assert_eq!(pagination.rows[1][2], "Can\u{2019}t jump to arbitrary page");
    for table in &src.tables {
        for row in &table.rows {
            assert_eq!(
                row.len(),
                table.header.len(),
                "table at line {}",
                table.line
            );
        }
    }
    // No prose line is a stray table or diagram line.
    for line in &src.prose {
        assert!(
            !line.text.starts_with('|'),
            "line {}: {}",
            line.line,
            line.text
        );
        assert!(
            !line.text.contains("-->"),
            "line {}: {}",
            line.line,
            line.text
        );
    }
}

#[test]
fn deck_has_ten_overview_cards_and_enough_atomic_cards() {
    let deck = load();
    assert_eq!(deck.id, "system-design-1");
    assert_eq!(deck.title, "System Design Interview QA 1");
    assert_no_problems("structure", &check_structure(&deck));
}

#[test]
fn every_source_table_is_on_an_overview_card_cell_for_cell() {
    let deck = load();
    let src = source();
    assert_eq!(src.tables.len(), 25);
    assert_no_problems("tables", &check_tables(&deck, &src));
    let overview_tables = deck
        .cards
        .iter()
        .filter(|c| is_overview(c))
        .flat_map(Card::blocks)
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(overview_tables, 25, "each source table exactly once");
}

#[test]
fn every_source_diagram_is_on_an_overview_card_verbatim() {
    let deck = load();
    let src = source();
    assert_eq!(src.diagrams.len(), 11);
    assert_no_problems("diagrams", &check_diagrams(&deck, &src));
    let overview_diagrams = deck
        .cards
        .iter()
        .filter(|c| is_overview(c))
        .flat_map(Card::blocks)
        .filter(|b| matches!(b, Block::Diagram(_)))
        .count();
    assert_eq!(overview_diagrams, 11, "each source diagram exactly once");
}

#[test]
fn no_line_of_the_source_is_lost() {
    let deck = load();
    let src = source();
    assert_no_problems("prose", &check_prose(&deck, &src));
}

#[test]
fn the_checks_catch_dropped_content() {
    let deck = load();
    let src = source();
    let overview_index = |n: usize| {
        deck.cards
            .iter()
            .position(|c| c.id == overview_id(n))
            .expect("overview card")
    };
    let block_index = |deck: &Deck, ci: usize, pred: fn(&Block) -> bool| {
        deck.cards[ci].back.iter().position(pred).expect("block")
    };

    // A table cell changed.
    let mut broken = deck.clone();
    let ci = overview_index(2);
    let bi = block_index(&broken, ci, |b| matches!(b, Block::Table(_)));
    if let Block::Table(t) = &mut broken.cards[ci].back[bi] {
        t.rows[0][1].push('!');
    }
    assert!(
        !check_tables(&broken, &src).is_empty(),
        "a changed cell went unnoticed"
    );

    // A table row dropped.
    let mut broken = deck.clone();
    let ci = overview_index(6);
    let bi = block_index(&broken, ci, |b| matches!(b, Block::Table(_)));
    if let Block::Table(t) = &mut broken.cards[ci].back[bi] {
        t.rows.pop();
    }
    assert!(
        !check_tables(&broken, &src).is_empty(),
        "a dropped row went unnoticed"
    );

    // A whole table dropped.
    let mut broken = deck.clone();
    let ci = overview_index(10);
    let bi = block_index(&broken, ci, |b| matches!(b, Block::Table(_)));
    broken.cards[ci].back.remove(bi);
    assert!(
        !check_tables(&broken, &src).is_empty(),
        "a dropped table went unnoticed"
    );

    // A Mermaid line dropped.
    let mut broken = deck.clone();
    let ci = overview_index(1);
    let bi = block_index(&broken, ci, |b| matches!(b, Block::Diagram(_)));
    if let Block::Diagram(d) = &mut broken.cards[ci].back[bi] {
        d.mermaid = d
            .mermaid
            .lines()
            .filter(|l| !l.starts_with("style "))
            .collect::<Vec<_>>()
            .join("\n");
    }
    assert!(
        !check_diagrams(&broken, &src).is_empty(),
        "a dropped style line went unnoticed"
    );

    // A paragraph dropped.
    let mut broken = deck.clone();
    let ci = overview_index(4);
    let bi = block_index(
        &broken,
        ci,
        |b| matches!(b, Block::Text(t) if t.starts_with("A distributed system")),
    );
    broken.cards[ci].back.remove(bi);
    assert!(
        !check_prose(&broken, &src).is_empty(),
        "a dropped paragraph went unnoticed"
    );

    // One nested list item dropped.
    let mut broken = deck.clone();
    let ci = overview_index(2);
    let bi = block_index(
        &broken,
        ci,
        |b| matches!(b, Block::Text(t) if t.contains("HALF-OPEN")),
    );
    if let Block::Text(t) = &mut broken.cards[ci].back[bi] {
        *t = t
            .lines()
            .filter(|l| !l.contains("HALF-OPEN"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    assert!(
        !check_prose(&broken, &src).is_empty(),
        "a dropped list item went unnoticed"
    );

    // A line of a code block dropped.
    let mut broken = deck.clone();
    let ci = overview_index(10);
    let bi = block_index(
        &broken,
        ci,
        |b| matches!(b, Block::Code(c) if c.code.contains("86,400")),
    );
    if let Block::Code(c) = &mut broken.cards[ci].back[bi] {
        c.code = c
            .code
            .lines()
            .filter(|l| !l.contains("86,400"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    assert!(
        !check_prose(&broken, &src).is_empty(),
        "a dropped code line went unnoticed"
    );

    // Content moved to the wrong question's card.
    let mut broken = deck.clone();
    let (from, to) = (overview_index(3), overview_index(4));
    let moved = broken.cards[from].back.remove(0);
    broken.cards[to].back.push(moved);
    assert!(
        !check_prose(&broken, &src).is_empty(),
        "moved content went unnoticed"
    );

    // An atomic card without a source or tags.
    let mut broken = deck.clone();
    let ci = broken
        .cards
        .iter()
        .position(|c| !is_overview(c))
        .expect("atomic card");
    broken.cards[ci].source = "Q11".to_owned();
    assert!(
        !check_structure(&broken).is_empty(),
        "a bad source went unnoticed"
    );
    let mut broken = deck;
    broken.cards[ci].tags.clear();
    assert!(
        !check_structure(&broken).is_empty(),
        "missing tags went unnoticed"
    );
}
