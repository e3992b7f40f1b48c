//! Source positions inside a RON file.
//!
//! serde gives us the deck but forgets where each value stood. When
//! validation finds a problem, this scanner re-reads the (already valid) RON
//! text into a light tree of positioned values, so the problem can be
//! reported at its line and column. It is only run when there is something
//! to report, so loading a clean deck pays nothing for it.

/// A 1-based line and column (in characters) plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset in the text.
    pub offset: usize,
}

/// A positioned RON value.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanNode {
    /// Where the value starts (its name, bracket or quote).
    pub pos: Pos,
    /// Struct or enum variant name, if written.
    pub name: Option<String>,
    /// What the value is.
    pub kind: SpanKind,
}

/// The shape of a positioned value.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanKind {
    /// `(a: 1, b: 2)`: named fields, each with the position of its name.
    Fields(Vec<(String, Pos, SpanNode)>),
    /// `(1, 2)` or `[1, 2]`.
    Items(Vec<SpanNode>),
    /// `{k: v}`.
    Map(Vec<(SpanNode, SpanNode)>),
    /// A string literal; `start..end` is the byte range of the literal, quotes included.
    Str {
        /// Byte offset of the opening quote (or `r`).
        start: usize,
        /// Byte offset just past the closing quote.
        end: usize,
    },
    /// A number, boolean, char or unit identifier.
    Atom,
}

impl SpanNode {
    /// The value of field `name`, if this is a struct with such a field.
    pub fn field(&self, name: &str) -> Option<&SpanNode> {
        match &self.kind {
            SpanKind::Fields(fields) => fields.iter().find(|(n, ..)| n == name).map(|(.., v)| v),
            _ => None,
        }
    }

    /// The elements, if this is a list or tuple.
    pub fn items(&self) -> &[SpanNode] {
        match &self.kind {
            SpanKind::Items(items) => items,
            _ => &[],
        }
    }

    /// For a newtype variant such as `Text("...")` or `Table((...))`, the inner value;
    /// for a struct variant such as `Table(header: ...)`, the node itself.
    pub fn inner(&self) -> &SpanNode {
        match &self.kind {
            SpanKind::Items(items) if items.len() == 1 => &items[0],
            _ => self,
        }
    }
}

/// Deepest nesting the scanner follows; serde's own limit is lower, so a
/// deck that deserialised never reaches it.
const MAX_DEPTH: usize = 256;

/// Scans RON text into positioned values. Returns `None` if the text is not
/// well-formed RON (the serde error is reported instead in that case).
pub fn scan(text: &str) -> Option<SpanNode> {
    let mut s = Scanner {
        text,
        offset: 0,
        line: 1,
        column: 1,
    };
    s.skip_trivia();
    // Inner attributes such as `#![enable(implicit_some)]`.
    while s.peek() == Some('#') {
        s.bump();
        while let Some(c) = s.peek() {
            s.bump();
            if c == ']' {
                break;
            }
        }
        s.skip_trivia();
    }
    s.value(0)
}

/// Position in the file of a (1-based) line and column inside the decoded
/// contents of the string literal `text[start..end]`.
///
/// Handles escapes (`\n`, `\"`, `\u{..}`) and raw strings, so an error in a
/// diagram points at the right place whether the author wrote real line
/// breaks or `\n` escapes.
pub fn position_in_string(text: &str, start: usize, end: usize, line: usize, column: usize) -> Pos {
    let mut s = Scanner::at(text, start);
    let literal = &text[start..end.min(text.len())];
    let raw_hashes = literal.strip_prefix('r').map_or(usize::MAX, |rest| {
        rest.chars().take_while(|&c| c == '#').count()
    });
    // Skip the opening `r###"` or `b"` or `"`.
    while let Some(c) = s.peek() {
        s.bump();
        if c == '"' {
            break;
        }
    }
    let (mut dline, mut dcol) = (1usize, 1usize);
    while s.offset < end {
        if dline > line || (dline == line && dcol >= column) {
            return s.pos();
        }
        let here = s.pos();
        let Some(c) = s.peek() else { break };
        let decoded = if raw_hashes == usize::MAX && c == '\\' {
            s.bump();
            match s.peek() {
                Some('n') => {
                    s.bump();
                    '\n'
                }
                Some('u') => {
                    while let Some(c) = s.peek() {
                        s.bump();
                        if c == '}' {
                            break;
                        }
                    }
                    'u'
                }
                Some(other) => {
                    s.bump();
                    other
                }
                None => break,
            }
        } else if c == '"' {
            return here;
        } else {
            s.bump();
            c
        };
        if decoded == '\n' {
            dline += 1;
            dcol = 1;
        } else {
            dcol += 1;
        }
    }
    s.pos()
}

struct Scanner<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Scanner<'a> {
    fn at(text: &'a str, offset: usize) -> Self {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |tail| tail.chars().count())
            + 1;
        Self {
            text,
            offset: offset.min(text.len()),
            line,
            column,
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
            offset: self.offset,
        }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.offset..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.offset += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_second()) {
                (Some(c), _) if c.is_whitespace() => self.bump(),
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match (self.peek(), self.peek_second()) {
                            (Some('*'), Some('/')) => {
                                depth -= 1;
                                self.bump();
                                self.bump();
                            }
                            (Some('/'), Some('*')) => {
                                depth += 1;
                                self.bump();
                                self.bump();
                            }
                            (Some(_), _) => self.bump(),
                            (None, _) => return,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.offset;
        if self.rest().starts_with("r#") {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.bump();
            } else {
                break;
            }
        }
        self.text[start..self.offset]
            .trim_start_matches("r#")
            .to_owned()
    }

    fn starts_string(&self) -> bool {
        let rest = self.rest();
        rest.starts_with('"')
            || rest.starts_with("r\"")
            || rest.starts_with("r#\"")
            || rest.starts_with("r##")
            || rest.starts_with("b\"")
            || rest.starts_with("br")
    }

    fn string(&mut self) -> Option<SpanKind> {
        let start = self.offset;
        if self.peek() == Some('b') {
            self.bump();
        }
        if self.peek() == Some('r') {
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some('#') {
                hashes += 1;
                self.bump();
            }
            if self.peek() != Some('"') {
                return None;
            }
            self.bump();
            let closing = format!("\"{}", "#".repeat(hashes));
            loop {
                if self.rest().starts_with(&closing) {
                    for _ in 0..=hashes {
                        self.bump();
                    }
                    break;
                }
                self.peek()?;
                self.bump();
            }
        } else {
            self.bump(); // opening quote
            loop {
                match self.peek()? {
                    '\\' => {
                        self.bump();
                        self.bump();
                    }
                    '"' => {
                        self.bump();
                        break;
                    }
                    _ => self.bump(),
                }
            }
        }
        Some(SpanKind::Str {
            start,
            end: self.offset,
        })
    }

    fn value(&mut self, depth: usize) -> Option<SpanNode> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let pos = self.pos();
        let c = self.peek()?;
        if self.starts_string() {
            let kind = self.string()?;
            return Some(SpanNode {
                pos,
                name: None,
                kind,
            });
        }
        if c.is_alphabetic() || c == '_' {
            let name = self.ident();
            self.skip_trivia();
            if self.peek() == Some('(') {
                let kind = self.parens(depth)?;
                return Some(SpanNode {
                    pos,
                    name: Some(name),
                    kind,
                });
            }
            return Some(SpanNode {
                pos,
                name: Some(name),
                kind: SpanKind::Atom,
            });
        }
        let kind = match c {
            '(' => self.parens(depth)?,
            '[' => {
                self.bump();
                SpanKind::Items(self.sequence(']', depth)?)
            }
            '{' => {
                self.bump();
                let mut entries = Vec::new();
                loop {
                    self.skip_trivia();
                    if self.peek() == Some('}') {
                        self.bump();
                        break;
                    }
                    let key = self.value(depth + 1)?;
                    self.skip_trivia();
                    if self.peek() != Some(':') {
                        return None;
                    }
                    self.bump();
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                    self.skip_trivia();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                SpanKind::Map(entries)
            }
            '\'' => {
                self.bump();
                while let Some(c) = self.peek() {
                    self.bump();
                    if c == '\\' {
                        self.bump();
                    } else if c == '\'' {
                        break;
                    }
                }
                SpanKind::Atom
            }
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':') {
                        break;
                    }
                    self.bump();
                }
                if self.offset == pos.offset {
                    return None;
                }
                SpanKind::Atom
            }
        };
        Some(SpanNode {
            pos,
            name: None,
            kind,
        })
    }

    /// After a `(`: either named fields or positional items.
    fn parens(&mut self, depth: usize) -> Option<SpanKind> {
        self.bump(); // (
        self.skip_trivia();
        // Look ahead: `ident :` (but not `::`) means named fields.
        let save = (self.offset, self.line, self.column);
        let is_fields = match self.peek() {
            Some(c) if c.is_alphabetic() || c == '_' => {
                let _ = self.ident();
                self.skip_trivia();
                self.peek() == Some(':') && self.peek_second() != Some(':')
            }
            _ => false,
        };
        (self.offset, self.line, self.column) = save;
        if !is_fields {
            return Some(SpanKind::Items(self.sequence(')', depth)?));
        }
        let mut fields = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(')') {
                self.bump();
                break;
            }
            let name_pos = self.pos();
            let name = self.ident();
            if name.is_empty() {
                return None;
            }
            self.skip_trivia();
            if self.peek() != Some(':') {
                return None;
            }
            self.bump();
            let value = self.value(depth + 1)?;
            fields.push((name, name_pos, value));
            self.skip_trivia();
            if self.peek() == Some(',') {
                self.bump();
            }
        }
        Some(SpanKind::Fields(fields))
    }

    fn sequence(&mut self, close: char, depth: usize) -> Option<Vec<SpanNode>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(close) {
                self.bump();
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia();
            if self.peek() == Some(',') {
                self.bump();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_items_and_positions() {
        let text =
            "Deck(\n  id: \"d\",\n  cards: [\n    Card(id: \"a\"),\n    Card(id: \"b\"),\n  ],\n)";
        let root = scan(text).expect("valid RON");
        let cards = root.field("cards").expect("cards").items();
        assert_eq!(cards.len(), 2);
        let b = cards[1].field("id").expect("id");
        assert_eq!((b.pos.line, b.pos.column), (5, 14));
    }

    #[test]
    fn comments_raw_strings_and_attributes_are_skipped() {
        let text = "#![enable(implicit_some)]\n// c\n/* a /* nested */ b */ (x: r#\"q\"(\"#, y: [1, 2.5, 'c'])";
        let root = scan(text).expect("valid RON");
        assert!(root.field("x").is_some());
        assert_eq!(root.field("y").expect("y").items().len(), 3);
    }

    #[test]
    fn positions_inside_escaped_and_multiline_strings() {
        let text = "(m: \"graph TD\\n  A -->\")";
        let root = scan(text).expect("valid RON");
        let SpanKind::Str { start, end } = root.field("m").expect("m").kind else {
            panic!("not a string")
        };
        // Decoded line 2, column 3 is `A`, which sits after the `\n` escape on file line 1.
        let p = position_in_string(text, start, end, 2, 3);
        assert_eq!((p.line, &text[p.offset..=p.offset]), (1, "A"));

        let text = "(m: \"graph TD\n  A -->\")";
        let root = scan(text).expect("valid RON");
        let SpanKind::Str { start, end } = root.field("m").expect("m").kind else {
            panic!("not a string")
        };
        let p = position_in_string(text, start, end, 2, 3);
        assert_eq!((p.line, p.column), (2, 3));
    }

    #[test]
    fn malformed_text_gives_none_not_a_panic() {
        for text in ["(", "(a: ", "[1, 2", "\"abc", "r#\"abc\"", "(a: )", "{1 2}"] {
            assert!(scan(text).is_none(), "{text}");
        }
    }
}
