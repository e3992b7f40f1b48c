//! Markdown documents to decks and back.
//!
//! Reads both ordinary Markdown (`## Q1: ...` headings, fenced ` ```mermaid `
//! blocks, pipe tables) and the plain form of text copied from a web page
//! (`Q1: ...` lines, unfenced `graph TD` blocks, bare section headings).
//! Each question becomes an overview card whose back is its section;
//! `Q:`/`A:` pairs and `{{c1::...}}` clozes become cards of their own.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use super::anki::cloze;
use super::report::Imported;
use super::{ExportError, Format, ImportError, input, ron_file, slug};
use crate::deck::{Block, Card, Code, Deck, Diagnostic, Diagram, Image, Table};

/// Reads a Markdown (or plain text) document as a deck.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let text = input::read_text(path, "a Markdown document")?;
    let mut warnings = Vec::new();
    let mut deck = parse_document(&text, path, &mut warnings)?;
    let assets = ron_file::collect_assets(&mut deck, path, &mut warnings);
    Ok(Imported {
        deck,
        assets,
        reviews: Vec::new(),
        warnings,
        format: Format::Markdown,
        source: path.to_path_buf(),
    })
}

/// A card being built.
#[derive(Debug, Default)]
struct Section {
    id: String,
    tags: Vec<String>,
    source: String,
    front: Vec<Block>,
    back: Vec<Block>,
    on_back: bool,
    /// Cards made inside the section (Q/A pairs, clozes).
    extra: Vec<Card>,
}

#[derive(Debug, Default)]
struct Builder {
    title: String,
    description: String,
    markdown: bool,
    preamble: Section,
    current: Option<Section>,
    cards: Vec<Card>,
    text: Vec<String>,
    /// The last heading, if nothing came after it: the title of a table
    /// or diagram that follows.
    pending_title: Option<String>,
    /// Attributes for the next table, diagram or code block, from an
    /// `<!-- archdeck {"block": ...} -->` comment.
    pending_block: Option<serde_json::Map<String, serde_json::Value>>,
    /// The card an `<!-- archdeck: ... -->` comment applies to.
    last_extra: bool,
}

impl Builder {
    fn section(&mut self) -> &mut Section {
        self.current.as_mut().unwrap_or(&mut self.preamble)
    }

    fn flush_text(&mut self) {
        while self.text.last().is_some_and(|l| l.trim().is_empty()) {
            self.text.pop();
        }
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text).join("\n");
        let section = self.section();
        if section.on_back {
            section.back.push(Block::Text(text));
        } else {
            section.front.push(Block::Text(text));
        }
    }

    fn push_block(&mut self, mut block: Block) {
        self.flush_text();
        if let Some(attrs) = self.pending_block.take() {
            let s = |k: &str| {
                attrs
                    .get(k)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            };
            let trim = attrs.get("newline").and_then(serde_json::Value::as_bool) == Some(false);
            match &mut block {
                Block::Table(t) => {
                    t.id = s("id").unwrap_or_default();
                    t.title = s("title").unwrap_or_default();
                }
                Block::Diagram(d) => {
                    d.id = s("id").unwrap_or_default();
                    d.title = s("title").unwrap_or_default();
                    if trim {
                        d.mermaid.truncate(d.mermaid.trim_end_matches('\n').len());
                    }
                }
                Block::Code(c) if trim => c.code.truncate(c.code.trim_end_matches('\n').len()),
                _ => {}
            }
        }
        let section = self.section();
        if section.on_back {
            section.back.push(block);
        } else {
            section.front.push(block);
        }
        self.pending_title = None;
    }

    fn push_heading(&mut self, text: &str) {
        self.flush_text();
        self.push_block(Block::Text(format!("### {text}")));
        self.pending_title = Some(text.to_owned());
    }

    fn close_section(&mut self) {
        self.flush_text();
        if let Some(s) = self.current.take() {
            let extra = s.extra;
            self.cards.push(Card {
                id: s.id,
                tags: s.tags,
                source: s.source,
                front: s.front,
                back: s.back,
                generated: false,
            });
            self.cards.extend(extra);
        }
    }

    fn start_section(&mut self, number: Option<&str>, question: &str) {
        self.close_section();
        let (id, source, tags) = match number {
            Some(n) => (
                format!("q{n}-overview"),
                format!("Q{n}"),
                vec!["overview".to_owned()],
            ),
            None => (slug::slug(question, "card"), String::new(), Vec::new()),
        };
        self.current = Some(Section {
            id,
            tags,
            source,
            front: vec![Block::Text(question.trim().to_owned())],
            // The section is the answer unless an `Answer:` line says where it starts.
            on_back: true,
            ..Section::default()
        });
        self.pending_title = None;
        self.last_extra = false;
    }

    fn add_extra(&mut self, card: Card) {
        let source = self
            .current
            .as_ref()
            .map(|s| s.source.clone())
            .unwrap_or_default();
        let card = Card { source, ..card };
        self.section().extra.push(card);
        self.last_extra = true;
    }
}

/// `Q12: text` (or `Q12.`/`Q12)`) -> ("12", "text").
fn question(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim().strip_prefix('Q')?;
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 4 {
        return None;
    }
    let after = &rest[digits..];
    let text = after.strip_prefix([':', '.', ')'])?;
    let text = text.trim();
    (!text.is_empty()).then_some((&rest[..digits], text))
}

fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let level = t.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

/// An opening fence: (fence char, length, info string).
fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let ch = t.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = t.chars().take_while(|&c| c == ch).count();
    if len < 3 {
        return None;
    }
    let info = t[len..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((ch, len, info))
}

fn fence_close(line: &str, ch: char, len: usize) -> bool {
    let t = line.trim();
    t.chars().take_while(|&c| c == ch).count() >= len && t.chars().all(|c| c == ch)
}

fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Cells of a pipe-table row; `\|` is a literal bar.
fn split_row(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'|') {
            cell.push('|');
            chars.next();
        } else if c == '|' {
            cells.push(cell.trim().to_owned());
            cell.clear();
        } else {
            cell.push(c);
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

fn is_mermaid_start(t: &str) -> bool {
    let mut words = t.split_whitespace();
    matches!(words.next(), Some("graph" | "flowchart"))
        && matches!(
            words.next().map(|w| w.trim_end_matches(';')),
            Some("TD" | "TB" | "BT" | "LR" | "RL")
        )
        && words.next().is_none()
}

/// Whether a line reads as a Mermaid flowchart statement.
fn is_mermaid_line(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    if matches!(
        first,
        "subgraph" | "end" | "style" | "classDef" | "class" | "linkStyle" | "click" | "direction"
    ) || t.starts_with("%%")
    {
        return true;
    }
    if [
        "-->", "---", "-.-", "==>", "===", "--o", "--x", "<--", "~~~", "-.->",
    ]
    .iter()
    .any(|a| t.contains(a))
    {
        return true;
    }
    // A node declaration: `ID[...]`, `ID(...)`, `ID{...}`, `ID>...]`.
    let id_len = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(t.len());
    if id_len == 0 || id_len == t.len() {
        return false;
    }
    let rest = t[id_len..].trim_end_matches(';');
    let pairs = [('[', ']'), ('(', ')'), ('{', '}'), ('>', ']')];
    pairs.iter().any(|&(open, close)| {
        rest.starts_with(open) && (rest.ends_with(close) || rest.ends_with(":::"))
            || rest.starts_with(open) && rest.contains(":::")
    })
}

/// A bare line that reads as a section heading in the plain form: short,
/// mostly capitalised words, no sentence or list punctuation.
fn looks_like_heading(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || t.chars().count() > 60 {
        return false;
    }
    if t.ends_with(['.', ':', ',', ';', '!'])
        || t.starts_with(['-', '*', '|', '>', '→', '✅', '❌', '•'])
        || t.contains(['{', '=', '→', '<', '`'])
        || t.split_once(". ")
            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    if !t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let alpha: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let capital = alpha
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    !alpha.is_empty() && capital * 10 >= alpha.len() * 6
}

/// `![alt](path)` alone on a line.
fn image_line(t: &str) -> Option<(&str, &str)> {
    let rest = t.strip_prefix("![")?;
    let (alt, rest) = rest.split_once("](")?;
    let path = rest.strip_suffix(')')?;
    (!path.contains(char::is_whitespace) && !path.contains("://")).then_some((alt, path))
}

/// `<!-- archdeck {"id": "x", "tags": ["a"]} -->` -> its fields.
fn archdeck_comment(t: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let inner = t.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let body = inner.strip_prefix("archdeck")?;
    match serde_json::from_str(body.trim()) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// An archdeck comment: the fields as JSON, safe inside `<!-- -->`.
fn comment(value: &serde_json::Value) -> String {
    format!(
        "<!-- archdeck {} -->",
        value.to_string().replace("--", "-\\u002d")
    )
}

/// Parses a document into a deck; `path` names it in messages and gives the
/// fallback title.
pub fn parse_document(
    text: &str,
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Deck, ImportError> {
    parse(text, path, warnings, false)
}

/// With `field`, the text is one card field (a CSV cell): Markdown, with
/// its line breaks kept as written.
#[expect(
    clippy::many_single_char_names,
    reason = "a line scanner: i/j index lines, t is the trimmed line, b the builder"
)]
fn parse(
    text: &str,
    path: &Path,
    warnings: &mut Vec<String>,
    field: bool,
) -> Result<Deck, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut b = Builder {
        markdown: field
            || lines
                .iter()
                .any(|l| atx_heading(l).is_some() || fence_open(l).is_some()),
        ..Builder::default()
    };
    let diag = |line: usize, column: usize, message: &str| {
        ImportError::Diagnostics(vec![Diagnostic::at(path, line, column, message)])
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        // Fenced blocks.
        if let Some((ch, len, info)) = fence_open(line) {
            let Some(end) = (i + 1..lines.len()).find(|&j| fence_close(lines[j], ch, len)) else {
                let column = line.len() - line.trim_start().len() + 1;
                return Err(diag(
                    i + 1,
                    column,
                    &format!(
                        "this {} fence is never closed; add a line `{}` where the block ends",
                        ch.to_string().repeat(len),
                        ch.to_string().repeat(len)
                    ),
                ));
            };
            let mut body = lines[i + 1..end].join("\n");
            body.push('\n');
            let lang = info.split_whitespace().next().unwrap_or("").to_owned();
            let title = b.pending_title.take().unwrap_or_default();
            if body.trim().is_empty() {
                // An empty block holds nothing to keep.
            } else if lang == "mermaid" {
                b.push_block(Block::Diagram(Diagram {
                    id: String::new(),
                    title,
                    mermaid: body,
                }));
            } else {
                b.push_block(Block::Code(Code { lang, code: body }));
            }
            i = end + 1;
            continue;
        }
        // Comments.
        if t.starts_with("<!--") {
            let Some(end) = (i..lines.len()).find(|&j| lines[j].contains("-->")) else {
                return Err(diag(
                    i + 1,
                    1,
                    "this `<!--` comment is never closed; add `-->` where it ends",
                ));
            };
            if end == i
                && let Some(fields) = archdeck_comment(t)
            {
                if fields.contains_key("block") {
                    b.pending_block = Some(fields);
                } else {
                    apply_comment(&mut b, &fields);
                }
            }
            i = end + 1;
            continue;
        }
        // Headings.
        if let Some((level, heading)) = atx_heading(line) {
            let next_is_comment = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| {
                    archdeck_comment(l.trim()).is_some_and(|m| !m.contains_key("block"))
                });
            if let Some((n, q)) = question(heading) {
                b.start_section(Some(n), q);
            } else if level == 1 && b.title.is_empty() && b.current.is_none() {
                heading.clone_into(&mut b.title);
            } else if next_is_comment {
                b.start_section(None, heading);
            } else if !heading.is_empty() {
                b.push_heading(heading);
            }
            i += 1;
            continue;
        }
        if let Some((n, q)) = question(t)
            && !line.starts_with([' ', '\t'])
        {
            b.start_section(Some(n), q);
            i += 1;
            continue;
        }
        let bare = t.trim_matches('*').trim();
        if bare.eq_ignore_ascii_case("answer:")
            || bare.eq_ignore_ascii_case("a:") && b.current.is_some()
        {
            b.flush_text();
            if let Some(s) = b.current.as_mut() {
                s.on_back = true;
                // What came before belongs to the question.
                let before = std::mem::take(&mut s.back);
                s.front.extend(before);
            }
            i += 1;
            continue;
        }
        // Q: / A: pairs.
        if let Some(q) = t.strip_prefix("Q:") {
            let mut j = i + 1;
            let mut answer: Vec<String> = Vec::new();
            let mut in_answer = false;
            while j < lines.len() {
                let l = lines[j].trim();
                if !in_answer {
                    if let Some(a) = l.strip_prefix("A:") {
                        in_answer = true;
                        answer.push(a.trim().to_owned());
                    } else if l.is_empty() {
                        break;
                    }
                } else if l.is_empty()
                    || l.starts_with("Q:")
                    || atx_heading(l).is_some()
                    || l.starts_with("<!--")
                {
                    break;
                } else {
                    answer.push(l.to_owned());
                }
                j += 1;
            }
            if in_answer && !q.trim().is_empty() && answer.iter().any(|a| !a.trim().is_empty()) {
                b.flush_text();
                b.add_extra(Card {
                    id: format!("qa-{}", slug::slug(q, "card")),
                    tags: Vec::new(),
                    source: String::new(),
                    front: vec![Block::Text(q.trim().to_owned())],
                    back: vec![Block::Text(answer.join("\n"))],
                    generated: false,
                });
                i = j;
                continue;
            }
            warnings.push(format!(
                "line {}: `Q:` without a non-empty `A:` line; kept as text",
                i + 1
            ));
        }
        // Pipe tables.
        if t.starts_with('|') && lines.get(i + 1).is_some_and(|l| is_table_separator(l)) {
            let header = split_row(t);
            let width = header.len();
            let mut rows = Vec::new();
            let mut j = i + 2;
            while j < lines.len() {
                let l = lines[j].trim();
                if l.is_empty() || !l.contains('|') || is_table_separator(l) && !l.starts_with('|')
                {
                    break;
                }
                let mut raw = l.to_owned();
                // Rows wrapped over several lines are joined until they are complete.
                while split_row(&raw).len() < width
                    && lines.get(j + 1).is_some_and(|n| {
                        let n = n.trim();
                        n.contains('|') && !n.starts_with('|')
                    })
                {
                    j += 1;
                    raw = format!("{} {}", raw.trim_end(), lines[j].trim());
                }
                let mut cells = split_row(&raw);
                if cells.len() > width && width > 0 {
                    let extra = cells.split_off(width - 1).join(" | ");
                    cells.push(extra);
                }
                cells.resize(width, String::new());
                rows.push(cells);
                j += 1;
            }
            let title = b.pending_title.take().unwrap_or_default();
            b.push_block(Block::Table(Table {
                id: String::new(),
                title,
                header,
                rows,
            }));
            i = j;
            continue;
        }
        // Unfenced Mermaid.
        if is_mermaid_start(t) {
            let mut j = i + 1;
            while j < lines.len() && is_mermaid_line(lines[j].trim()) {
                j += 1;
            }
            let mut body = lines[i..j]
                .iter()
                .map(|l| l.trim_end())
                .collect::<Vec<_>>()
                .join("\n");
            body.push('\n');
            let title = b.pending_title.take().unwrap_or_default();
            b.push_block(Block::Diagram(Diagram {
                id: String::new(),
                title,
                mermaid: body,
            }));
            i = j;
            continue;
        }
        if let Some((alt, src)) = image_line(t) {
            b.push_block(Block::Image(Image {
                path: src.to_owned(),
                alt: alt.to_owned(),
            }));
            i += 1;
            continue;
        }
        if t.is_empty() {
            b.flush_text();
            i += 1;
            continue;
        }
        if t == "---" || t == "***" || t == "___" {
            b.flush_text();
            i += 1;
            continue;
        }
        // Setext headings (`Title` over `===`).
        if b.markdown
            && lines.get(i + 1).is_some_and(|n| {
                let n = n.trim();
                n.len() >= 3 && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-'))
            })
        {
            if lines[i + 1].trim().starts_with('=') && b.title.is_empty() && b.current.is_none() {
                t.clone_into(&mut b.title);
            } else {
                b.push_heading(t);
            }
            i += 2;
            continue;
        }
        if b.current.is_none() && b.title.is_empty() && !b.markdown {
            t.clone_into(&mut b.title);
            i += 1;
            continue;
        }
        if !b.markdown && looks_like_heading(t) {
            b.push_heading(t);
            i += 1;
            continue;
        }
        let mut content = line.trim_end().to_owned();
        if let Some(q) = content.trim_start().strip_prefix("> ") {
            let quoted = q.to_owned();
            content = quoted;
        }
        if content.contains("{{c") && !cloze::numbers(&content).is_empty() {
            let plain = cloze::render_with(&content, 0, true, ("", ""));
            let id_base = format!("cloze-{}", slug::slug(&plain, "card"));
            for n in cloze::numbers(&content) {
                b.add_extra(Card {
                    id: format!("{id_base}-c{n}"),
                    tags: vec!["cloze".to_owned()],
                    source: String::new(),
                    front: vec![Block::Text(
                        cloze::render_with(&content, n, false, ("**", "**"))
                            .trim()
                            .to_owned(),
                    )],
                    back: vec![Block::Text(
                        cloze::render_with(&content, n, true, ("**", "**"))
                            .trim()
                            .to_owned(),
                    )],
                    generated: false,
                });
            }
            content = plain;
        }
        if b.markdown
            && b.current.is_none()
            && b.description.is_empty()
            && !b.title.is_empty()
            && b.preamble.front.is_empty()
            && b.preamble.back.is_empty()
            && b.text.is_empty()
        {
            // The paragraph under the title describes the deck.
            let mut j = i;
            let mut para = Vec::new();
            while j < lines.len() && !lines[j].trim().is_empty() {
                para.push(lines[j].trim());
                j += 1;
            }
            b.description = para.join(" ");
            i = j;
            continue;
        }
        if b.current.is_none() && b.description.is_empty() {
            let words = t.split_whitespace().count();
            if words >= 8 && t.ends_with(['.', '!', '?']) {
                t.clone_into(&mut b.description);
            }
        }
        // In Markdown, lines of one paragraph are soft-wrapped: join them.
        let is_item = |l: &str| {
            let l = l.trim_start();
            l.starts_with("- ")
                || l.starts_with("* ")
                || l.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        };
        let hard_break = i > 0 && (lines[i - 1].ends_with("  ") || lines[i - 1].ends_with('\\'));
        if b.markdown
            && !field
            && !is_item(&content)
            && !hard_break
            && b.text
                .last()
                .is_some_and(|l| !l.trim().is_empty() && !l.starts_with('#'))
            && i > 0
            && !lines[i - 1].trim().is_empty()
        {
            if let Some(last) = b.text.last_mut() {
                last.push(' ');
                last.push_str(content.trim());
            }
        } else {
            b.text.push(content);
        }
        b.pending_title = None;
        i += 1;
    }
    b.close_section();
    b.flush_text();

    let title = if b.title.is_empty() {
        path.file_stem().map_or_else(
            || "Imported deck".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    } else {
        b.title.clone()
    };
    let mut cards = Vec::new();
    let intro = std::mem::take(&mut b.preamble);
    let has_intro = intro
        .back
        .iter()
        .chain(&intro.front)
        .any(|block| match block {
            Block::Text(t) => t.trim() != b.description.trim() && !t.starts_with("### "),
            _ => true,
        });
    if has_intro {
        let mut back = intro.front;
        back.extend(intro.back);
        cards.push(Card {
            id: "introduction".to_owned(),
            tags: Vec::new(),
            source: String::new(),
            front: vec![Block::Text(format!("{title}: introduction"))],
            back,
            generated: false,
        });
    }
    cards.extend(intro.extra);
    cards.extend(b.cards);
    if cards.iter().all(|c| c.id == "introduction") {
        return Err(ImportError::invalid(
            path,
            "no cards found: write questions as `## Q1: ...` headings or `Q1: ...` lines, `Q:`/`A:` pairs, or {{c1::...}} clozes",
        ));
    }
    // Blank text blocks say nothing; a card needs a question.
    let mut no_question = 0usize;
    cards.retain_mut(|card| {
        card.front
            .retain(|block| !matches!(block, Block::Text(t) if t.trim().is_empty()));
        card.back
            .retain(|block| !matches!(block, Block::Text(t) if t.trim().is_empty()));
        if card.front.is_empty() {
            no_question += 1;
        }
        !card.front.is_empty()
    });
    if no_question > 0 {
        warnings.push(format!(
            "{no_question} card(s) had no question text and were left out"
        ));
    }
    // Card ids must be unique; later duplicates get a suffix.
    let mut seen = HashSet::new();
    for card in &mut cards {
        if card.id.is_empty() || !slug::is_valid_id(&card.id) {
            card.id = slug::slug(&card.id, "card");
        }
        if !seen.insert(card.id.clone()) {
            let mut n = 2;
            while !seen.insert(format!("{}-{n}", card.id)) {
                n += 1;
            }
            card.id = format!("{}-{n}", card.id);
        }
        if card.back.is_empty() {
            warnings.push(format!("card `{}` has no answer text", card.id));
            card.back.push(Block::Text("(no answer)".to_owned()));
        }
    }
    let mut deck = Deck {
        id: slug::slug(&title, "imported-deck"),
        title,
        version: 1,
        description: b.description,
        cards,
        generate: Vec::new(),
    };
    super::demote_broken_diagrams(&mut deck, warnings);
    Ok(deck)
}

fn apply_comment(b: &mut Builder, fields: &serde_json::Map<String, serde_json::Value>) {
    let card: Option<&mut Card> = if b.last_extra {
        b.current.as_mut().and_then(|s| s.extra.last_mut())
    } else {
        None
    };
    let (id, tags, source) = match card {
        Some(c) => (&mut c.id, &mut c.tags, &mut c.source),
        None => match b.current.as_mut() {
            Some(s) => (&mut s.id, &mut s.tags, &mut s.source),
            None => return,
        },
    };
    if let Some(v) = fields.get("id").and_then(serde_json::Value::as_str)
        && slug::is_valid_id(v)
    {
        v.clone_into(id);
    }
    if let Some(v) = fields.get("tags").and_then(serde_json::Value::as_array) {
        *tags = v
            .iter()
            .filter_map(serde_json::Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    if let Some(v) = fields.get("source").and_then(serde_json::Value::as_str) {
        v.clone_into(source);
    }
}

/// The deck as Markdown that renders on GitHub (` ```mermaid ` blocks) and
/// imports back into the same cards.
pub fn to_markdown(deck: &Deck) -> String {
    let mut out = format!("# {}\n\n", one_line(&deck.title));
    if !deck.description.is_empty() {
        out.push_str(&deck.description);
        out.push_str("\n\n");
    }
    let mut numbered: HashSet<&str> = HashSet::new();
    for card in &deck.cards {
        let comment = card_comment(card);
        let simple = |blocks: &[Block]| matches!(blocks, [Block::Text(t)] if !t.contains('\n') && !t.trim().is_empty() && !t.trim_start().starts_with(['#', '-', '*', '|']));
        if simple(&card.front) && simple(&card.back) {
            let (Block::Text(q), Block::Text(a)) = (&card.front[0], &card.back[0]) else {
                continue;
            };
            let _ = write!(out, "Q: {}\nA: {}\n{comment}\n\n", q.trim(), a.trim());
            continue;
        }
        let (first, rest_front): (String, &[Block]) = match card.front.split_first() {
            Some((Block::Text(t), rest)) if !t.contains('\n') => (t.trim().to_owned(), rest),
            _ => (String::new(), &card.front[..]),
        };
        let heading = if first.is_empty() {
            "Question".to_owned()
        } else {
            first
        };
        let is_q = card
            .source
            .strip_prefix('Q')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if is_q && numbered.insert(card.source.as_str()) {
            let _ = write!(
                out,
                "## {}: {}\n{comment}\n\n",
                card.source,
                one_line(&heading)
            );
        } else {
            let _ = write!(out, "## {}\n{comment}\n\n", one_line(&heading));
        }
        if !rest_front.is_empty() {
            write_blocks(&mut out, rest_front);
            out.push_str("**Answer:**\n\n");
        }
        write_blocks(&mut out, &card.back);
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn card_comment(card: &Card) -> String {
    let mut fields = serde_json::Map::new();
    fields.insert("id".into(), card.id.clone().into());
    if !card.tags.is_empty() {
        fields.insert("tags".into(), card.tags.clone().into());
    }
    if !card.source.is_empty() {
        fields.insert("source".into(), card.source.clone().into());
    }
    comment(&serde_json::Value::Object(fields))
}

/// The comment carrying a block's id and title, if it has any.
fn block_comment(out: &mut String, kind: &str, id: &str, title: &str, body: Option<&str>) {
    let mut fields = serde_json::Map::new();
    if !id.is_empty() {
        fields.insert("id".into(), id.into());
    }
    if !title.is_empty() {
        fields.insert("title".into(), title.into());
    }
    if body.is_some_and(|b| !b.ends_with('\n')) {
        fields.insert("newline".into(), false.into());
    }
    if !fields.is_empty() {
        fields.insert("block".into(), kind.into());
        out.push_str(&comment(&serde_json::Value::Object(fields)));
        out.push('\n');
    }
}

fn write_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Text(t) => {
                // Line breaks inside a text block are hard breaks (two
                // trailing spaces) unless the next line starts a list item.
                let lines: Vec<&str> = t.trim_end().lines().collect();
                for (k, line) in lines.iter().enumerate() {
                    out.push_str(line.trim_end());
                    let next = lines.get(k + 1).map_or("", |l| l.trim_start());
                    let next_is_item = next.starts_with("- ")
                        || next.starts_with("* ")
                        || next.starts_with('#')
                        || next.split_once(". ").is_some_and(|(n, _)| {
                            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                        });
                    if k + 1 < lines.len()
                        && !next.is_empty()
                        && !next_is_item
                        && !line.trim().is_empty()
                    {
                        out.push_str("  ");
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(table) => {
                block_comment(out, "table", &table.id, &table.title, None);
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells
                        .iter()
                        .map(|c| c.replace('|', "\\|").replace('\n', "<br>"))
                        .collect();
                    format!("| {} |\n", cells.join(" | "))
                };
                out.push_str(&row(&table.header));
                out.push('|');
                out.push_str(&"---|".repeat(table.header.len().max(1)));
                out.push('\n');
                for r in &table.rows {
                    out.push_str(&row(r));
                }
                out.push('\n');
            }
            Block::Diagram(d) => {
                block_comment(out, "diagram", &d.id, &d.title, Some(&d.mermaid));
                write_fence(out, "mermaid", &d.mermaid);
            }
            Block::Code(c) => {
                block_comment(out, "code", "", "", Some(&c.code));
                write_fence(out, &c.lang, &c.code);
            }
            Block::Image(i) => {
                let _ = write!(out, "![{}]({})\n\n", i.alt.replace(']', ")"), i.path);
            }
            Block::Occlusion(_) | Block::Cloze(_) | Block::TypedAnswer(_) => {
                if let Some(basic) = block.basic() {
                    write_blocks(out, &[basic]);
                }
            }
        }
    }
}

fn write_fence(out: &mut String, lang: &str, body: &str) {
    let longest = body
        .lines()
        .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = write!(
        out,
        "{fence}{lang}\n{}\n{fence}\n\n",
        body.trim_end_matches('\n')
    );
}

/// Writes the deck as Markdown to `out`.
pub fn export(deck: &Deck, out: &Path) -> Result<Vec<String>, ExportError> {
    crate::store::write_atomic(out, to_markdown(deck).as_bytes()).map_err(|source| {
        ExportError::Write {
            path: out.to_path_buf(),
            source,
        }
    })?;
    Ok(Vec::new())
}

/// Light-Markdown text of a field (CSV cells) to blocks: fences, tables,
/// images and text, without questions.
pub fn blocks_from_text(text: &str) -> Vec<Block> {
    let mut warnings = Vec::new();
    let doc = format!("Q1: x\n{text}");
    match parse(&doc, Path::new("field"), &mut warnings, true) {
        Ok(deck) => deck
            .cards
            .into_iter()
            .find(|c| c.id == "q1-overview")
            .map(|c| c.back)
            .filter(|b| !matches!(b.as_slice(), [Block::Text(t)] if t == "(no answer)"))
            .unwrap_or_default(),
        Err(_) => vec![Block::Text(text.to_owned())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Deck {
        let mut warnings = Vec::new();
        parse_document(text, Path::new("doc.md"), &mut warnings).expect("parses")
    }

    #[test]
    fn markdown_questions_tables_and_fences() {
        let deck = parse(
            "# My Deck\n\nA deck about caches and the ways they fail under load.\n\n## Q1: What is a cache?\n\nA fast copy.\n\n### Kinds\n\n| Kind | Where |\n|---|---|\n| CDN | edge |\n\n```mermaid\ngraph TD\nA-->B\n```\n\n## Q2: Why?\nSpeed.\n",
        );
        assert_eq!(deck.title, "My Deck");
        assert_eq!(deck.id, "my-deck");
        assert_eq!(
            deck.description,
            "A deck about caches and the ways they fail under load."
        );
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["q1-overview", "q2-overview"]);
        let back = &deck.cards[0].back;
        assert!(
            matches!(&back[2], Block::Table(t) if t.title == "Kinds" && t.rows == [["CDN", "edge"]]),
            "{back:?}"
        );
        assert!(
            matches!(&back[3], Block::Diagram(d) if d.mermaid == "graph TD\nA-->B\n"),
            "{back:?}"
        );
    }

    #[test]
    fn qa_pairs_and_clozes_become_cards() {
        let deck = parse(
            "# D\n\n## Q1: Topic\n\nQ: Two plus two?\nA: Four\n\n{{c1::Raft}} elects a {{c2::leader}}.\n",
        );
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "q1-overview",
                "qa-two-plus-two",
                "cloze-raft-elects-a-leader-c1",
                "cloze-raft-elects-a-leader-c2"
            ]
        );
        assert_eq!(
            deck.cards[2].front,
            [Block::Text("**[...]** elects a leader.".into())]
        );
        assert_eq!(
            deck.cards[3].back,
            [Block::Text("Raft elects a **leader**.".into())]
        );
        assert_eq!(deck.cards[2].source, "Q1");
    }

    #[test]
    fn unterminated_fence_is_a_positioned_error() {
        let mut warnings = Vec::new();
        let err = parse_document(
            "## Q1: x\n\n```mermaid\ngraph TD\n",
            Path::new("d.md"),
            &mut warnings,
        )
        .expect_err("unterminated");
        let ImportError::Diagnostics(d) = err else {
            panic!("{err:?}")
        };
        assert_eq!((d[0].line, d[0].column), (3, 1));
        assert!(d[0].message.contains("never closed"));
    }

    #[test]
    fn plain_form_wrapped_table_rows_are_joined() {
        let deck = parse(
            "Title\nQ1: Pages?\nAnswer:\nPagination\n| A | B | C |\n|---|---|---|\nx (1) |\ny | z |\n| p | q | r |\n",
        );
        let Block::Table(t) = &deck.cards[0].back[1] else {
            panic!("{:?}", deck.cards[0].back)
        };
        assert_eq!(t.title, "Pagination");
        assert_eq!(t.rows, [["x (1)", "y", "z"], ["p", "q", "r"]]);
    }

    #[test]
    fn export_imports_back_to_the_same_cards() {
        let deck = crate::deck::synth::synthetic_deck(30, 7);
        let md = to_markdown(&deck);
        let back = parse(&md);
        assert_eq!(back.cards.len(), deck.cards.len());
        for (a, b) in deck.cards.iter().zip(&back.cards) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.tags, b.tags);
            assert_eq!(a.front, b.front, "{md}");
            assert_eq!(a.back, b.back, "{md}");
        }
    }
}
