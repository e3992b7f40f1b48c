//! The single pass over the text: statements -> symbols, edges, subgraph
//! frames and deferred style data. [`super::build`] turns the result into a
//! [`super::Flowchart`].
//!
//! The parser works on bytes and slices of the input; it allocates per node,
//! edge and subgraph, never per character, and never recurses on user
//! nesting (subgraphs are an explicit stack).

use std::borrow::Cow;
use std::collections::HashMap;

use super::error::MermaidError;
use super::idhash::IdHash;
use super::label::TextKind;
use super::link::{Family, LinkAt, LinkTok, clamp_len, closer_at, link_at, run_len};
use super::model::{ArrowHead, ClickAction, Direction, LineKind, Shape};
use super::shapes::{COMMON_SHAPE_NAMES, shape_by_name};
use super::style::{Compiled, compile, split_props};

/// Most nodes plus subgraphs one diagram may have.
pub const MAX_SYMBOLS: usize = 100_000;
/// Most edges one diagram may have.
pub const MAX_EDGES: usize = 200_000;
/// Edges allowed beyond half the text length: `&` lists multiply, and this
/// keeps the edge count (and memory) linear in the size of the text.
const EDGE_ALLOWANCE: usize = 4096;

/// Most bytes the chart may spend on text it copies to many items (a
/// class name given to many nodes, edge text shared by an `&` list, style
/// properties archdeck keeps as written): a multiple of the text plus an
/// allowance, so such copies keep memory linear in the size of the text.
pub fn copy_budget(text_len: usize) -> usize {
    4 * text_len + (1 << 20)
}

type Result<T> = std::result::Result<T, Fail>;

/// A parse failure. Cheap to make: the line and column are worked out only
/// for the failure that is reported. `{opened}` in the message stands for
/// the line:column of `opened_at`.
#[derive(Debug)]
pub struct Fail {
    pub offset: usize,
    pub message: String,
    pub opened_at: Option<usize>,
}

impl Fail {
    /// The positioned error for the user.
    pub fn into_error(self, text: &str) -> MermaidError {
        let message = match self.opened_at {
            Some(at) => {
                let e = MermaidError::at(text, at, "");
                self.message
                    .replace("{opened}", &format!("{}:{}", e.line, e.column))
            }
            None => self.message,
        };
        MermaidError::at(text, self.offset, message)
    }
}

#[expect(
    clippy::naive_bytecount,
    reason = "LLVM vectorises this loop; no bytecount crate"
)]
pub fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&c| c == b'\n').count()
}

/// Label text as written, turned into a [`super::Label`] when the chart is built.
#[derive(Debug, Clone, Copy)]
pub struct LabelSrc<'a> {
    pub text: &'a str,
    pub kind: TextKind,
}

/// A node or subgraph id and what was said about it.
#[derive(Debug)]
pub struct Sym<'a> {
    pub id: Cow<'a, str>,
    /// Byte offset of the first appearance.
    pub offset: usize,
    /// Its line (0 for generated subgraph ids, which are never nodes).
    pub line: usize,
    pub label: Option<LabelSrc<'a>>,
    /// Where the label or shape was last given (for the node-and-subgraph note).
    pub decl_offset: Option<usize>,
    pub shape: Shape,
    pub classes: Vec<&'a str>,
    pub styles: Vec<Compiled<'a>>,
    /// Set when this id names a subgraph.
    pub cluster: Option<usize>,
    /// Only a `style` line names this id so far (Mermaid draws it as a lone node).
    pub styled_only: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct EdgeSrc<'a> {
    pub from: usize,
    pub to: usize,
    pub kind: LineKind,
    pub start_head: ArrowHead,
    pub end_head: ArrowHead,
    pub min_len: u32,
    pub label: Option<LabelSrc<'a>>,
    pub id: Option<&'a str>,
    pub line: usize,
}

#[derive(Debug)]
pub struct ClusterSrc<'a> {
    /// The symbol of its id; `None` until a generated id is given at `end`.
    pub sym: Option<usize>,
    pub title: Option<LabelSrc<'a>>,
    pub offset: usize,
    pub line: usize,
    pub direction: Option<Direction>,
}

/// An open subgraph.
#[derive(Debug)]
struct Frame {
    cluster: usize,
    serial: u32,
    mentions: Vec<usize>,
    offset: usize,
    direction: Option<Direction>,
}

/// A closed subgraph and the ids mentioned directly inside it, in closing order.
#[derive(Debug)]
pub struct Closed {
    pub cluster: usize,
    pub mentions: Vec<usize>,
}

/// `class a,b name` whose ids were not known yet when it was read.
#[derive(Debug)]
pub struct ClassStmt<'a> {
    pub ids: Vec<(&'a str, usize)>,
    pub classes: Vec<&'a str>,
}

/// `linkStyle 1,2 ...` or `linkStyle default ...`.
#[derive(Debug)]
pub struct LinkStyleSrc<'a> {
    /// Edge indices with their offsets; empty for `default`.
    pub edges: Vec<(usize, usize)>,
    pub props: Vec<Compiled<'a>>,
}

#[derive(Debug)]
pub struct ClickSrc<'a> {
    pub id: &'a str,
    pub offset: usize,
    pub target: String,
    pub tooltip: Option<String>,
    pub action: ClickAction,
    pub window: Option<String>,
}

/// What one pass over the text found.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub text: &'a str,
    pub direction: Direction,
    pub symbols: Vec<Sym<'a>>,
    pub edges: Vec<EdgeSrc<'a>>,
    /// Edge classes from `class e1 name` (edge index, class).
    pub edge_classes: Vec<(usize, &'a str)>,
    pub clusters: Vec<ClusterSrc<'a>>,
    pub closed: Vec<Closed>,
    pub class_defs: Vec<(&'a str, Vec<Compiled<'a>>)>,
    pub deferred_classes: Vec<ClassStmt<'a>>,
    pub link_styles: Vec<LinkStyleSrc<'a>>,
    pub clicks: Vec<ClickSrc<'a>>,
    pub acc_title: Option<String>,
    pub acc_descr: Option<String>,
    /// Notes with the byte offset they refer to.
    pub notes: Vec<(usize, String)>,
    /// Symbol index of each id.
    pub ids: HashMap<Cow<'a, str>, usize, IdHash>,
    /// Edge index of each edge id.
    pub edge_ids: HashMap<&'a str, usize, IdHash>,
}

/// Parses `text` in one pass.
pub fn parse_text(text: &str) -> std::result::Result<Parsed<'_>, MermaidError> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        ids: HashMap::with_capacity_and_hasher(
            (text.len() / 64 + 8).min(MAX_SYMBOLS),
            IdHash::new(),
        ),
        edge_ids: HashMap::with_hasher(IdHash::new()),
        frames: Vec::new(),
        line: 1,
        line_pos: 0,
        budget: copy_budget(text.len()),
        quote_cache: std::cell::Cell::new((usize::MAX, 0)),
        serial: 0,
        marks: Vec::with_capacity((text.len() / 64 + 8).min(MAX_SYMBOLS)),
        left: Vec::new(),
        right: Vec::new(),
        max_edges: (text.len() / 2 + EDGE_ALLOWANCE).min(MAX_EDGES),
        out: Parsed {
            text,
            direction: Direction::TopBottom,
            // Typical diagrams spend 40 to 80 bytes of text per node and per
            // edge; sizing for that avoids regrowing and rehashing.
            symbols: Vec::with_capacity((text.len() / 64 + 8).min(MAX_SYMBOLS)),
            edges: Vec::with_capacity((text.len() / 48 + 8).min(MAX_EDGES)),
            edge_classes: Vec::new(),
            clusters: Vec::new(),
            closed: Vec::new(),
            class_defs: Vec::new(),
            deferred_classes: Vec::new(),
            link_styles: Vec::new(),
            clicks: Vec::new(),
            acc_title: None,
            acc_descr: None,
            notes: Vec::new(),
            // Replaced by the parser's own maps when it is done.
            ids: HashMap::with_hasher(IdHash(0)),
            edge_ids: HashMap::with_hasher(IdHash(0)),
        },
    };
    p.document().map_err(|f| f.into_error(text))?;
    let Parser {
        mut out,
        ids,
        edge_ids,
        ..
    } = p;
    out.ids = ids;
    out.edge_ids = edge_ids;
    Ok(out)
}

/// Why bracketed text did not close; turned into a message only if reported.
#[derive(Debug)]
enum BracketFail {
    /// A quoted string inside did not close.
    Str(Fail),
    /// Something other than the closer after the quoted text.
    AfterQuote(usize),
    /// The text runs to the end of the diagram.
    Unclosed,
    /// A bracket inside the text is never closed.
    OpenInside(usize, u8),
    /// A closing bracket that matches nothing.
    Stray(usize, u8),
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r')
}

/// How a byte takes part in a node id: [`ID_CLASS`] values.
const STOP: u8 = 0;
const ID: u8 = 1;
const JOIN: u8 = 2;
const WIDE: u8 = 3;

/// Per byte: part of an id, a joiner (`-`, `.`, `=`), the start of a
/// non-ASCII character (an id if alphanumeric), or a stop.
static ID_CLASS: [u8; 256] = {
    let mut table = [STOP; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'_' | b'!' | b'#' | b'$' | b'\'' | b'*' | b'+' | b'`' | b'?' | b'\\' | b'/'
            ) {
            ID
        } else if matches!(b, b'-' | b'.' | b'=') {
            JOIN
        } else if b >= 0x80 {
            WIDE
        } else {
            STOP
        };
        c += 1;
    }
    table
};

fn direction_token(tok: &str) -> Option<Direction> {
    Some(match tok {
        "TB" | "TD" | "v" => Direction::TopBottom,
        "BT" | "^" => Direction::BottomTop,
        "LR" | ">" => Direction::LeftRight,
        "RL" | "<" => Direction::RightLeft,
        _ => return None,
    })
}

/// Other Mermaid diagram types, for a clear message when one is pasted.
const OTHER_DIAGRAMS: &[&str] = &[
    "sequenceDiagram",
    "classDiagram",
    "classDiagram-v2",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "journey",
    "gantt",
    "pie",
    "quadrantChart",
    "requirementDiagram",
    "gitGraph",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
    "mindmap",
    "timeline",
    "zenuml",
    "sankey-beta",
    "sankey",
    "xychart-beta",
    "xychart",
    "block-beta",
    "block",
    "packet-beta",
    "packet",
    "architecture-beta",
    "architecture",
    "kanban",
    "radar-beta",
    "treemap-beta",
    "treemap",
];

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    ids: HashMap<Cow<'a, str>, usize, IdHash>,
    edge_ids: HashMap<&'a str, usize, IdHash>,
    frames: Vec<Frame>,
    /// Line of `line_pos`, for [`Parser::line_of`].
    line: usize,
    line_pos: usize,
    /// Bytes left for text copied to many items ([`copy_budget`]).
    budget: usize,
    /// (searched from, found at) of the last search for a closing `"`:
    /// no quote lies in between, so searches never rescan text.
    quote_cache: std::cell::Cell<(usize, usize)>,
    serial: u32,
    /// Per symbol: serial of the frame that last recorded a mention of it.
    marks: Vec<u32>,
    left: Vec<usize>,
    right: Vec<usize>,
    max_edges: usize,
    out: Parsed<'a>,
}

impl<'a> Parser<'a> {
    // ----------------------------------------------------------- cursor

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.b[self.pos..].starts_with(s.as_bytes())
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// Skips spaces and line breaks.
    fn skip_ws_nl(&mut self) {
        while self.peek().is_some_and(|c| is_space(c) || c == b'\n') {
            self.pos += 1;
        }
    }

    /// After spaces: the end of the line, `;`, a `%%` comment or the end of the text.
    fn at_statement_end(&self) -> bool {
        let mut i = self.pos;
        while self.byte(i).is_some_and(is_space) {
            i += 1;
        }
        match self.byte(i) {
            None | Some(b'\n' | b';') => true,
            Some(b'%') => self.byte(i + 1) == Some(b'%'),
            _ => false,
        }
    }

    #[expect(
        clippy::unused_self,
        reason = "every failure is made through the parser, for one call style"
    )]
    fn err(&self, offset: usize, message: impl Into<String>) -> Fail {
        Fail {
            offset,
            message: message.into(),
            opened_at: None,
        }
    }

    /// A failure whose message names the position `opened` as `{opened}`.
    #[expect(
        clippy::unused_self,
        reason = "every failure is made through the parser, for one call style"
    )]
    fn err_opened(&self, offset: usize, message: impl Into<String>, opened: usize) -> Fail {
        Fail {
            offset,
            message: message.into(),
            opened_at: Some(opened),
        }
    }

    /// The 1-based line of `offset`, counting line breaks from the last
    /// offset asked about (items are made in text order, so this is one
    /// pass over the text in all).
    fn line_of(&mut self, offset: usize) -> usize {
        if offset >= self.line_pos {
            self.line += count_newlines(&self.b[self.line_pos..offset]);
        } else {
            self.line -= count_newlines(&self.b[offset..self.line_pos]);
        }
        self.line_pos = offset;
        self.line
    }

    /// Spends `bytes` of the copy budget, or fails at `offset`.
    fn spend(&mut self, bytes: usize, offset: usize, what: &str) -> Result<()> {
        match self.budget.checked_sub(bytes) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => Err(self.err(
                offset,
                format!("{what} is repeated too often for the size of this diagram; archdeck keeps memory in proportion to the text, so split the diagram"),
            )),
        }
    }

    fn note(&mut self, offset: usize, message: impl Into<String>) {
        self.out.notes.push((offset, message.into()));
    }

    /// What stands at `i`, for messages: "`-->`", "the end of the line".
    fn found(&self, i: usize) -> String {
        match self.byte(i) {
            None => "the end of the diagram".to_owned(),
            Some(b'\n') => "the end of the line".to_owned(),
            Some(c) if is_space(c) => "a space".to_owned(),
            Some(_) => {
                let rest = &self.text[i..];
                let end = rest
                    .char_indices()
                    .find(|&(k, c)| k > 0 && (c.is_whitespace() || rest[..k].chars().count() >= 12))
                    .map_or(rest.len(), |(k, _)| k);
                format!("`{}`", &rest[..end])
            }
        }
    }

    /// Is `word` at the cursor followed by a space or the end of the statement?
    fn keyword(&self, word: &str) -> bool {
        self.starts_with(word)
            && match self.byte(self.pos + word.len()) {
                None | Some(b'\n' | b';') => true,
                Some(c) => is_space(c),
            }
    }

    /// The rest of the statement (up to a line break, `;` or `%%` outside quotes).
    fn rest_of_statement(&mut self) -> (&'a str, usize) {
        let start = self.pos;
        let mut quoted = false;
        while let Some(c) = self.peek() {
            match c {
                b'"' => quoted = !quoted,
                b'\n' => break,
                b';' if !quoted => break,
                b'%' if !quoted && self.byte(self.pos + 1) == Some(b'%') => break,
                _ => {}
            }
            self.pos += 1;
        }
        (&self.text[start..self.pos], start)
    }

    // ---------------------------------------------------------- document

    fn document(&mut self) -> Result<()> {
        self.preamble()?;
        self.header()?;
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b'\n' | b';') => self.pos += 1,
                Some(b'%') if self.byte(self.pos + 1) == Some(b'%') => self.comment()?,
                Some(_) => self.statement()?,
            }
        }
        if let Some(frame) = self.frames.last() {
            let end = self.text.trim_end().len();
            let name = self.cluster_name(frame.cluster);
            return Err(self.err_opened(
                end,
                format!("expected `end` to close subgraph {name} opened at {{opened}}"),
                frame.offset,
            ));
        }
        Ok(())
    }

    fn cluster_name(&self, cluster: usize) -> String {
        let c = &self.out.clusters[cluster];
        match (c.sym, c.title) {
            (Some(sym), _) => format!("`{}`", self.out.symbols[sym].id),
            (None, Some(title)) if !title.text.trim().is_empty() => {
                format!("\"{}\"", title.text.trim())
            }
            _ => "(without a title)".to_owned(),
        }
    }

    /// `%% comment` or a `%%{ directive }%%`.
    fn comment(&mut self) -> Result<()> {
        if self.starts_with("%%{") {
            let start = self.pos;
            match self.text[start..].find("}%%") {
                Some(k) => {
                    self.pos = start + k + 3;
                    self.note(
                        start,
                        "the `%%{...}%%` directive is ignored; archdeck uses its own theme and layout",
                    );
                    Ok(())
                }
                None => Err(self.err(
                    start,
                    "this `%%{` directive is never closed with `}%%`; close it or remove it",
                )),
            }
        } else {
            while self.peek().is_some_and(|c| c != b'\n') {
                self.pos += 1;
            }
            Ok(())
        }
    }

    /// Byte-order mark, front matter, blank lines, comments and directives
    /// before the header.
    fn preamble(&mut self) -> Result<()> {
        if self.starts_with("\u{feff}") {
            self.pos += 3;
        }
        let first_line_end = self.text[self.pos..]
            .find('\n')
            .map_or(self.text.len(), |k| self.pos + k);
        if self.text[self.pos..first_line_end].trim_end() == "---" {
            let start = self.pos;
            let mut line_start = first_line_end + 1;
            loop {
                if line_start >= self.text.len() {
                    return Err(self.err(
                        start,
                        "the front matter opened with `---` here is never closed with a `---` line",
                    ));
                }
                let end = self.text[line_start..]
                    .find('\n')
                    .map_or(self.text.len(), |k| line_start + k);
                if self.text[line_start..end].trim_end() == "---" {
                    self.pos = end;
                    break;
                }
                line_start = end + 1;
            }
            self.note(
                start,
                "the front matter (`---` ... `---`) is ignored; archdeck uses its own theme and layout",
            );
        }
        loop {
            self.skip_ws_nl();
            if self.starts_with("%%") {
                self.comment()?;
            } else {
                return Ok(());
            }
        }
    }

    fn header(&mut self) -> Result<()> {
        let start = self.pos;
        let word_end = self.b[start..]
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
            .map_or(self.b.len(), |k| start + k);
        let word = &self.text[start..word_end];
        match word {
            "graph" | "flowchart" => {}
            "flowchart-elk" => self.note(
                start,
                "`flowchart-elk` is read as `flowchart`; archdeck uses its own layout",
            ),
            "" if self.peek().is_none() => {
                return Err(self.err(
                    start,
                    "the diagram is empty; start it with a header such as `graph TD`",
                ));
            }
            w if OTHER_DIAGRAMS.contains(&w) => {
                return Err(self.err(
                    start,
                    format!(
                        "`{w}` diagrams are not supported; archdeck draws flowcharts, which start with `graph` or `flowchart`"
                    ),
                ));
            }
            _ => {
                return Err(self.err(
                    start,
                    format!(
                        "expected `graph` or `flowchart` and a direction (such as `graph TD`) at the start of the diagram, found {}",
                        self.found(start)
                    ),
                ));
            }
        }
        self.pos = word_end;
        if !self.at_statement_end() {
            if !self.peek().is_some_and(is_space) {
                return Err(self.err(
                    self.pos,
                    format!(
                        "expected a space and a direction after `{word}`, found {}",
                        self.found(self.pos)
                    ),
                ));
            }
            self.skip_ws();
            let dir_start = self.pos;
            while self
                .peek()
                .is_some_and(|c| !is_space(c) && c != b'\n' && c != b';')
            {
                self.pos += 1;
            }
            let tok = &self.text[dir_start..self.pos];
            self.out.direction = direction_token(tok).ok_or_else(|| {
                self.err(
                    dir_start,
                    format!(
                        "unknown direction `{tok}`; use TB or TD (top to bottom), BT, LR or RL"
                    ),
                )
            })?;
            if !self.at_statement_end() {
                self.skip_ws();
                return Err(self.err(
                    self.pos,
                    format!(
                        "unexpected {} after the header; start statements on the next line or after `;`",
                        self.found(self.pos)
                    ),
                ));
            }
        }
        Ok(())
    }

    // -------------------------------------------------------- statements

    fn statement(&mut self) -> Result<()> {
        let start = self.pos;
        match self.peek() {
            Some(b's') if self.keyword("subgraph") => return self.subgraph(),
            Some(b's') if self.keyword("style") => return self.style_statement(),
            Some(b'e') if self.keyword("end") => {
                self.pos += 3;
                if self.at_statement_end() {
                    return self.end_statement(start);
                }
                self.pos = start;
            }
            Some(b'd') if self.keyword("direction") => return self.direction_statement(),
            Some(b'c') if self.keyword("classDef") => return self.class_def_statement(),
            Some(b'c') if self.keyword("class") => return self.class_statement(),
            Some(b'c') if self.keyword("click") => return self.click_statement(),
            Some(b'l') if self.keyword("linkStyle") => return self.link_style_statement(),
            Some(b'a') if self.starts_with("accTitle") || self.starts_with("accDescr") => {
                if let Some(r) = self.acc_statement() {
                    return r;
                }
            }
            Some(b'g' | b'f') if self.keyword("graph") || self.keyword("flowchart") => {
                return Err(self.err(
                    start,
                    "a diagram has one `graph`/`flowchart` header, at its start; remove this line",
                ));
            }
            _ => {}
        }
        self.vertex_statement()
    }

    fn expect_statement_end(&mut self, what: &str) -> Result<()> {
        if self.at_statement_end() {
            return Ok(());
        }
        self.skip_ws();
        Err(self.err(
            self.pos,
            format!("unexpected {} after {what}", self.found(self.pos)),
        ))
    }

    fn subgraph(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += "subgraph".len();
        self.skip_ws();
        // The head: a quoted string or text up to `[` or the end of the statement.
        let head_start = self.pos;
        let mut head: Option<LabelSrc<'a>> = None;
        if self.peek() == Some(b'"') {
            let (src, end) = self.string_at(self.pos)?;
            head = Some(src);
            self.pos = end;
            self.skip_ws();
        } else {
            while let Some(c) = self.peek() {
                if c == b'\n' || c == b';' || c == b'[' || (c == b'%' && self.starts_with("%%")) {
                    break;
                }
                self.pos += 1;
            }
            let text = self.text[head_start..self.pos].trim();
            if !text.is_empty() {
                head = Some(LabelSrc {
                    text,
                    kind: TextKind::Plain,
                });
            }
        }
        let mut title = None;
        if self.peek() == Some(b'[') {
            let open = self.pos;
            let (src, end, _) = self
                .bracket_text(open + 1, &[b"]"])
                .map_err(|e| self.bracket_fail(e, open, "the subgraph title", "[", b"]"))?;
            title = Some(src);
            self.pos = end;
        }
        self.expect_statement_end("the subgraph title")?;
        let (id, title) = match (head, title) {
            (Some(h), Some(t)) => (Some(h.text.trim()), Some(t)),
            (Some(h), None) => {
                let id = h.text.trim();
                ((!id.contains(char::is_whitespace)).then_some(id), Some(h))
            }
            (None, t) => (None, t),
        };
        let cluster = match id {
            Some(id) if !id.is_empty() => {
                let line = self.line_of(head_start);
                let sym = self.intern(Cow::Borrowed(id), head_start, line)?;
                if let Some(c) = self.out.symbols[sym].cluster {
                    // The same subgraph again: its members are merged.
                    if title.is_some() {
                        self.out.clusters[c].title = title;
                    }
                    c
                } else {
                    let c = self.out.clusters.len();
                    let line = self.line_of(start);
                    self.out.clusters.push(ClusterSrc {
                        sym: Some(sym),
                        title,
                        offset: start,
                        line,
                        direction: None,
                    });
                    self.out.symbols[sym].cluster = Some(c);
                    c
                }
            }
            _ => {
                let c = self.out.clusters.len();
                let line = self.line_of(start);
                self.out.clusters.push(ClusterSrc {
                    sym: None,
                    title,
                    offset: start,
                    line,
                    direction: None,
                });
                c
            }
        };
        if self.out.clusters.len() > MAX_SYMBOLS {
            return Err(self.err(
                start,
                format!("this diagram has more than {MAX_SYMBOLS} subgraphs; archdeck cannot draw that many, so split the diagram"),
            ));
        }
        self.serial += 1;
        self.frames.push(Frame {
            cluster,
            serial: self.serial,
            mentions: Vec::new(),
            offset: start,
            direction: None,
        });
        Ok(())
    }

    fn end_statement(&mut self, start: usize) -> Result<()> {
        let Some(frame) = self.frames.pop() else {
            return Err(self.err(
                start,
                "`end` without an open `subgraph`; remove it, or add the `subgraph` it should close",
            ));
        };
        let cluster = frame.cluster;
        if frame.direction.is_some() {
            self.out.clusters[cluster].direction = frame.direction;
        }
        let sym = if let Some(sym) = self.out.clusters[cluster].sym {
            sym
        } else {
            // Mermaid names subgraphs without an id after how many closed before.
            let id = format!("subGraph{}", self.out.closed.len());
            let sym = self.intern(Cow::Owned(id), frame.offset, 0)?;
            if let Some(existing) = self.out.symbols[sym].cluster
                && existing != cluster
            {
                return Err(self.err(
                    frame.offset,
                    format!(
                        "this subgraph would get the id `{}`, which another subgraph already has; give it an id: `subgraph myId [Title]`",
                        self.out.symbols[sym].id
                    ),
                ));
            }
            self.out.symbols[sym].cluster = Some(cluster);
            self.out.clusters[cluster].sym = Some(sym);
            sym
        };
        self.out.closed.push(Closed {
            cluster,
            mentions: frame.mentions,
        });
        self.mention(sym);
        Ok(())
    }

    fn direction_statement(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += "direction".len();
        self.skip_ws();
        let tok_start = self.pos;
        while self
            .peek()
            .is_some_and(|c| !is_space(c) && c != b'\n' && c != b';')
        {
            self.pos += 1;
        }
        let tok = &self.text[tok_start..self.pos];
        let dir = direction_token(tok).ok_or_else(|| {
            self.err(
                tok_start,
                format!("unknown direction `{tok}`; use TB, TD, BT, LR or RL"),
            )
        })?;
        self.expect_statement_end("the direction")?;
        match self.frames.last_mut() {
            Some(frame) => frame.direction = Some(dir),
            None => self.note(
                start,
                "`direction` outside a subgraph is ignored (as in Mermaid); give the direction in the header, such as `graph LR`",
            ),
        }
        Ok(())
    }

    /// A style list, read once; notes values that cannot be read.
    fn props(&mut self, list: &'a str, base: usize, what: &str) -> Result<Vec<Compiled<'a>>> {
        let props = split_props(list, base).map_err(|bad| {
            self.err(
                bad.offset,
                format!(
                    "expected styles as `name:value` after {what}, such as `fill:#f9f,stroke:#333`"
                ),
            )
        })?;
        let (compiled, unreadable) = compile(&props);
        for p in unreadable {
            self.out.notes.push((
                p.offset,
                format!(
                    "cannot read the value `{}` of `{}`; it is kept as written but not drawn",
                    p.value, p.name
                ),
            ));
        }
        Ok(compiled)
    }

    fn style_statement(&mut self) -> Result<()> {
        self.pos += "style".len();
        self.skip_ws();
        let id_start = self.pos;
        let id = self.scan_id();
        if id.is_empty() {
            return Err(self.err(
                id_start,
                format!(
                    "expected a node or subgraph id after `style`, found {}",
                    self.found(id_start)
                ),
            ));
        }
        self.skip_ws();
        let (list, base) = self.rest_of_statement();
        if list.trim().is_empty() {
            return Err(self.err(
                base,
                format!(
                    "expected styles after `style {id}`, such as `style {id} fill:#f9f,stroke:#333`"
                ),
            ));
        }
        let props = self.props(list, base, &format!("`style {id}`"))?;
        // As in Mermaid, `style` on an unknown id creates the node.
        let is_new = !self.ids.contains_key(id);
        let line = self.line_of(id_start);
        let sym = self.intern(Cow::Borrowed(id), id_start, line)?;
        let s = &mut self.out.symbols[sym];
        s.styles.extend(props);
        s.styled_only |= is_new;
        Ok(())
    }

    /// A comma-separated list of names (`a,b , c`), at least one.
    fn name_list(&mut self, what: &str, example: &str) -> Result<Vec<(&'a str, usize)>> {
        let mut names = Vec::new();
        loop {
            let start = self.pos;
            let name = self.scan_class_name();
            if name.is_empty() {
                return Err(self.err(
                    start,
                    format!(
                        "expected {what}, such as `{example}`, found {}",
                        self.found(start)
                    ),
                ));
            }
            names.push((name, start));
            let save = self.pos;
            self.skip_ws();
            if self.peek() == Some(b',') {
                self.pos += 1;
                self.skip_ws();
            } else {
                self.pos = save;
                return Ok(names);
            }
        }
    }

    fn class_def_statement(&mut self) -> Result<()> {
        self.pos += "classDef".len();
        self.skip_ws();
        let names = self.name_list(
            "a class name after `classDef`",
            "classDef important fill:#f96",
        )?;
        self.skip_ws();
        let (list, base) = self.rest_of_statement();
        let first = names[0].0;
        let props = self.props(list, base, &format!("`classDef {first}`"))?;
        for (name, _) in names {
            self.out.class_defs.push((name, props.clone()));
        }
        Ok(())
    }

    fn class_statement(&mut self) -> Result<()> {
        self.pos += "class".len();
        self.skip_ws();
        let ids = self.name_list("node ids after `class`", "class A,B important")?;
        if !self.peek().is_some_and(is_space) || self.at_statement_end() {
            return Err(self.err(
                self.pos,
                format!(
                    "expected a class name after `class {}`, such as `class A,B important`",
                    ids.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(",")
                ),
            ));
        }
        self.skip_ws();
        let classes: Vec<&'a str> = self
            .name_list("a class name", "class A,B important")?
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        self.expect_statement_end("the class name")?;
        // Every id gets every class: charge the copies up front.
        let per_id: usize = classes.iter().map(|c| c.len() + 40).sum();
        self.spend(ids.len().saturating_mul(per_id), ids[0].1, "a `class` list")?;
        let mut unknown = Vec::new();
        for (id, offset) in ids {
            let mut found = false;
            let sym = self.ids.get(id).copied();
            let edge = self.edge_ids.get(id).copied();
            if let Some(sym) = sym {
                self.out.symbols[sym]
                    .classes
                    .extend(classes.iter().copied());
                found = true;
            }
            if let Some(edge) = edge {
                self.out
                    .edge_classes
                    .extend(classes.iter().map(|&c| (edge, c)));
                found = true;
            }
            if !found {
                unknown.push((id, offset));
            }
        }
        if !unknown.is_empty() {
            self.out.deferred_classes.push(ClassStmt {
                ids: unknown,
                classes,
            });
        }
        Ok(())
    }

    fn link_style_statement(&mut self) -> Result<()> {
        self.pos += "linkStyle".len();
        self.skip_ws();
        let mut edges = Vec::new();
        if self.keyword("default") {
            self.pos += "default".len();
        } else {
            loop {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
                let digits = &self.text[start..self.pos];
                if digits.is_empty() {
                    return Err(self.err(
                        start,
                        format!(
                            "expected edge numbers (counting from 0) or `default` after `linkStyle`, such as `linkStyle 0,2 stroke:#f00`, found {}",
                            self.found(start)
                        ),
                    ));
                }
                let index = digits.parse::<usize>().unwrap_or(usize::MAX);
                edges.push((index, start));
                let save = self.pos;
                self.skip_ws();
                if self.peek() == Some(b',') {
                    self.pos += 1;
                    self.skip_ws();
                } else {
                    self.pos = save;
                    break;
                }
            }
        }
        self.skip_ws();
        if self.keyword("interpolate") {
            let start = self.pos;
            self.pos += "interpolate".len();
            self.skip_ws();
            while self
                .peek()
                .is_some_and(|c| !is_space(c) && c != b'\n' && c != b';')
            {
                self.pos += 1;
            }
            self.skip_ws();
            self.note(
                start,
                "`interpolate` is ignored; archdeck draws its own curves",
            );
        }
        let (list, base) = self.rest_of_statement();
        let props = self.props(list, base, "`linkStyle`")?;
        self.out.link_styles.push(LinkStyleSrc { edges, props });
        Ok(())
    }

    /// A double-quoted string's content (no escapes) at the cursor.
    fn plain_string(&mut self, what: &str) -> Result<&'a str> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.err(
                start,
                format!(
                    "expected {what} in double quotes, found {}",
                    self.found(start)
                ),
            ));
        }
        let (src, end) = self.string_at(start)?;
        self.pos = end;
        Ok(src.text)
    }

    fn click_statement(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += "click".len();
        self.skip_ws();
        let id_start = self.pos;
        let id = self.scan_id();
        if id.is_empty() {
            return Err(self.err(
                id_start,
                format!(
                    "expected a node id after `click`, found {}",
                    self.found(id_start)
                ),
            ));
        }
        if self.at_statement_end() {
            return Err(self.err(
                self.pos,
                format!(
                    "expected a link in quotes or a callback name after `click {id}`, such as `click {id} \"https://example.com\"`"
                ),
            ));
        }
        self.skip_ws();
        let mut click = ClickSrc {
            id,
            offset: start,
            target: String::new(),
            tooltip: None,
            action: ClickAction::Link,
            window: None,
        };
        if self.keyword("href") {
            self.pos += "href".len();
            self.skip_ws();
        }
        if self.peek() == Some(b'"') {
            self.plain_string("a link")?.clone_into(&mut click.target);
            self.optional_tooltip_and_window(&mut click)?;
        } else {
            click.action = ClickAction::Callback;
            if self.keyword("call") {
                self.pos += "call".len();
                self.skip_ws();
            }
            let name_start = self.pos;
            while self
                .peek()
                .is_some_and(|c| !is_space(c) && c != b'\n' && c != b';' && c != b'(')
            {
                self.pos += 1;
            }
            if self.pos == name_start {
                return Err(self.err(
                    name_start,
                    format!("expected a callback name, found {}", self.found(name_start)),
                ));
            }
            if self.peek() == Some(b'(') {
                match self.text[self.pos..].find([')', '\n']) {
                    Some(k) if self.b[self.pos + k] == b')' => self.pos += k + 1,
                    _ => {
                        return Err(self.err(
                            self.pos,
                            "the argument list of the callback is not closed with `)`",
                        ));
                    }
                }
            }
            self.text[name_start..self.pos].clone_into(&mut click.target);
            self.optional_tooltip_and_window(&mut click)?;
        }
        self.expect_statement_end("the click target")?;
        self.out.clicks.push(click);
        Ok(())
    }

    fn optional_tooltip_and_window(&mut self, click: &mut ClickSrc<'a>) -> Result<()> {
        for _ in 0..2 {
            let save = self.pos;
            self.skip_ws();
            if self.peek() == Some(b'"') && click.tooltip.is_none() {
                click.tooltip = Some(self.plain_string("a tooltip")?.to_owned());
            } else if self.peek() == Some(b'_') {
                let start = self.pos;
                let name = self.scan_class_name();
                if !matches!(name, "_self" | "_blank" | "_parent" | "_top") {
                    return Err(self.err(
                        start,
                        format!("unknown link window `{name}`; use _self, _blank, _parent or _top"),
                    ));
                }
                click.window = Some(name.to_owned());
            } else {
                self.pos = save;
            }
        }
        Ok(())
    }

    /// `accTitle: ...`, `accDescr: ...`, `accDescr { ... }`; `None` when the
    /// word is not followed by `:` or `{` (then it is a node id).
    fn acc_statement(&mut self) -> Option<Result<()>> {
        let start = self.pos;
        let title = self.starts_with("accTitle");
        let mut i = start + "accTitle".len();
        while self.byte(i).is_some_and(is_space) {
            i += 1;
        }
        match self.byte(i) {
            Some(b':') => {
                self.pos = i + 1;
                let value_start = self.pos;
                while self.peek().is_some_and(|c| c != b'\n') {
                    self.pos += 1;
                }
                let value = self.text[value_start..self.pos].trim().to_owned();
                if title {
                    self.out.acc_title = Some(value);
                } else {
                    self.out.acc_descr = Some(value);
                }
                Some(Ok(()))
            }
            Some(b'{') if !title => {
                let open = i;
                match self.text[open..].find('}') {
                    Some(k) => {
                        self.out.acc_descr = Some(self.text[open + 1..open + k].trim().to_owned());
                        self.pos = open + k + 1;
                        Some(Ok(()))
                    }
                    None => Some(Err(
                        self.err(open, "the `accDescr {` block is never closed with `}`")
                    )),
                }
            }
            _ => None,
        }
    }

    // -------------------------------------------------------- vertices

    fn vertex_statement(&mut self) -> Result<()> {
        let mut left = std::mem::take(&mut self.left);
        let mut right = std::mem::take(&mut self.right);
        let result = self.vertex_statement_with(&mut left, &mut right);
        self.left = left;
        self.right = right;
        result
    }

    fn vertex_statement_with(
        &mut self,
        left: &mut Vec<usize>,
        right: &mut Vec<usize>,
    ) -> Result<()> {
        left.clear();
        let start = self.pos;
        let n = self.scan_id_len(start);
        if n == 0 {
            let what = if link_at(self.b, start).is_some() {
                format!(
                    "expected a node id before the edge {}; an edge needs a node on each side",
                    self.found(start)
                )
            } else if self.peek() == Some(b'"') {
                "expected a node id; quoted text goes inside a node's brackets, such as `A[\"text\"]`".to_owned()
            } else {
                format!(
                    "expected a node id or a statement (subgraph, end, style, classDef, class, linkStyle, click), found {}",
                    self.found(start)
                )
            };
            return Err(self.err(start, what));
        }
        if self.byte(start + n) == Some(b'@')
            && self.byte(start + n + 1) == Some(b'{')
            && self.edge_ids.contains_key(&self.text[start..start + n])
        {
            // `e1@{ animate: true }` sets options of the edge `e1`.
            self.pos = start + n;
            self.shape_data(None)?;
            self.note(
                start,
                format!(
                    "the options of edge `{}` (animation, curve) are ignored; archdeck draws its own edges",
                    &self.text[start..start + n]
                ),
            );
            return self.expect_statement_end("the edge options");
        }
        self.group(left, n)?;
        loop {
            let save = self.pos;
            self.skip_ws();
            let link_start = self.pos;
            let Some((tok, label, id)) = self.link()? else {
                self.pos = save;
                break;
            };
            self.skip_ws();
            let n = self.scan_id_len(self.pos);
            if n == 0 || self.at_statement_end() {
                let edge = &self.text[link_start..self.pos];
                return Err(self.err(
                    self.pos,
                    format!(
                        "expected a node after the edge `{}`, found {}",
                        edge.trim(),
                        self.found(self.pos)
                    ),
                ));
            }
            right.clear();
            self.group(right, n)?;
            self.add_edges(left, right, tok, label, id, link_start)?;
            std::mem::swap(left, right);
        }
        if self.at_statement_end() {
            return Ok(());
        }
        self.skip_ws();
        let here = self.pos;
        let last = self.out.symbols[*left.last().unwrap_or(&0)].id.clone();
        let message = if self.starts_with("->") || self.starts_with("=>") {
            format!(
                "`{}` is not a Mermaid edge; write `-->` (or `==>`)",
                &self.text[here..here + 2]
            )
        } else if self.starts_with("<--") || self.starts_with("<==") || self.starts_with("<-.") {
            "an edge cannot start with `<` alone; write `B --> A` for an arrow into A, or `<-->` for both ends".to_owned()
        } else if self.scan_id_len(here) > 0 {
            format!(
                "unexpected {} after node `{last}`: two nodes need an edge between them, such as `{last} --> {}`",
                self.found(here),
                &self.text[here..here + self.scan_id_len(here)]
            )
        } else {
            format!(
                "unexpected {} after node `{last}`; expected an edge such as `-->`, `&` and another node, or the end of the line",
                self.found(here)
            )
        };
        Err(self.err(here, message))
    }

    /// `node (& node)*` into `out`; the first id is `len` bytes long.
    fn group(&mut self, out: &mut Vec<usize>, len: usize) -> Result<()> {
        out.push(self.node_ref(len)?);
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.peek() != Some(b'&') {
                self.pos = save;
                return Ok(());
            }
            self.pos += 1;
            self.skip_ws();
            let n = self.scan_id_len(self.pos);
            if n == 0 {
                return Err(self.err(
                    self.pos,
                    format!(
                        "expected a node id after `&`, found {}",
                        self.found(self.pos)
                    ),
                ));
            }
            out.push(self.node_ref(n)?);
        }
    }

    fn add_edges(
        &mut self,
        left: &[usize],
        right: &[usize],
        tok: LinkTok,
        label: Option<LabelSrc<'a>>,
        id: Option<(&'a str, usize)>,
        offset: usize,
    ) -> Result<()> {
        let count = left.len().saturating_mul(right.len());
        if let Some(l) = label
            && count > 1
        {
            self.spend(
                (count - 1).saturating_mul(l.text.len() + 32),
                offset,
                "this edge text",
            )?;
        }
        if self.out.edges.len().saturating_add(count) > self.max_edges {
            return Err(self.err(
                offset,
                format!(
                    "this diagram would have more than {} edges (`&` lists multiply: {} × {} here); archdeck cannot draw that many, so split the diagram",
                    self.max_edges,
                    left.len(),
                    right.len()
                ),
            ));
        }
        // As in Mermaid, an edge id names the edge between the last node
        // on the left and the first on the right.
        let mut id = id;
        if let Some((name, at)) = id
            && self.edge_ids.contains_key(name)
        {
            self.note(
                at,
                format!("the edge id `{name}` is already used; this edge gets no id"),
            );
            id = None;
        }
        let last = left.len() - 1;
        let line = self.line_of(offset);
        for (i, &from) in left.iter().enumerate() {
            for (j, &to) in right.iter().enumerate() {
                let edge_id = if i == last && j == 0 {
                    id.map(|(name, _)| name)
                } else {
                    None
                };
                if let Some(name) = edge_id {
                    self.edge_ids.insert(name, self.out.edges.len());
                }
                self.out.edges.push(EdgeSrc {
                    from,
                    to,
                    kind: tok.kind,
                    start_head: tok.start_head,
                    end_head: tok.end_head,
                    min_len: tok.min_len,
                    label,
                    id: edge_id,
                    line,
                });
            }
        }
        Ok(())
    }

    fn intern(&mut self, id: Cow<'a, str>, offset: usize, line: usize) -> Result<usize> {
        let sym = self.out.symbols.len();
        let entry = match self.ids.entry(id) {
            std::collections::hash_map::Entry::Occupied(o) => return Ok(*o.get()),
            std::collections::hash_map::Entry::Vacant(v) => v,
        };
        if sym >= MAX_SYMBOLS {
            return Err(self.err(
                offset,
                format!("this diagram has more than {MAX_SYMBOLS} nodes and subgraphs; archdeck cannot draw that many, so split the diagram"),
            ));
        }
        let id = entry.key().clone();
        entry.insert(sym);
        self.out.symbols.push(Sym {
            id,
            offset,
            line,
            label: None,
            decl_offset: None,
            shape: Shape::Rect,
            classes: Vec::new(),
            styles: Vec::new(),
            cluster: None,
            styled_only: false,
        });
        self.marks.push(0);
        Ok(sym)
    }

    /// Records that the innermost open subgraph mentions `sym`.
    fn mention(&mut self, sym: usize) {
        if let Some(frame) = self.frames.last_mut()
            && self.marks[sym] != frame.serial
        {
            self.marks[sym] = frame.serial;
            frame.mentions.push(sym);
        }
    }

    /// Length of the node id at `i` (0 if none).
    #[inline]
    fn scan_id_len(&self, i: usize) -> usize {
        let b = self.b;
        let mut k = i;
        loop {
            // Plain id bytes, the common case, in a tight loop.
            while k < b.len() && ID_CLASS[usize::from(b[k])] == ID {
                k += 1;
            }
            let Some(&c) = b.get(k) else { break };
            match ID_CLASS[usize::from(c)] {
                // `-`, `.`, `=` join words (`a-b`) but never start or end an id.
                JOIN if k > i
                    && b.get(k + 1)
                        .is_some_and(|&n| n.is_ascii_alphanumeric() || n == b'_' || n >= 0x80) =>
                {
                    k += 1;
                }
                WIDE => {
                    let Some(ch) = self.text[k..].chars().next() else {
                        break;
                    };
                    if !ch.is_alphanumeric() {
                        break;
                    }
                    k += ch.len_utf8();
                }
                _ => break,
            }
        }
        k - i
    }

    fn scan_id(&mut self) -> &'a str {
        let start = self.pos;
        self.pos += self.scan_id_len(start);
        &self.text[start..self.pos]
    }

    /// A class name: an id that may also contain `-` anywhere.
    fn scan_class_name(&mut self) -> &'a str {
        let start = self.pos;
        loop {
            let n = self.scan_id_len(self.pos);
            self.pos += n;
            if self.peek() == Some(b'-') {
                self.pos += 1;
            } else if n == 0 {
                break;
            }
        }
        &self.text[start..self.pos]
    }

    /// A node id of `len` bytes at the cursor, with its shape, classes and data.
    fn node_ref(&mut self, len: usize) -> Result<usize> {
        let start = self.pos;
        self.pos += len;
        let id = &self.text[start..self.pos];
        let sym = if let Some(&sym) = self.ids.get(id) {
            sym
        } else {
            let line = self.line_of(start);
            self.intern(Cow::Borrowed(id), start, line)?
        };
        self.out.symbols[sym].styled_only = false;
        self.mention(sym);
        let save = self.pos;
        self.skip_ws();
        if matches!(self.peek(), Some(b'[' | b'(' | b'{' | b'>')) {
            self.shape(sym, id)?;
        } else {
            self.pos = save;
        }
        loop {
            let next = self.peek();
            if next == Some(b':')
                && self.byte(self.pos + 1) == Some(b':')
                && self.byte(self.pos + 2) == Some(b':')
            {
                self.pos += 3;
                let class_start = self.pos;
                let class = self.scan_class_name();
                if class.is_empty() {
                    return Err(self.err(
                        class_start,
                        format!(
                            "expected a class name after `:::`, such as `{id}:::important`, found {}",
                            self.found(class_start)
                        ),
                    ));
                }
                self.out.symbols[sym].classes.push(class);
            } else if next == Some(b'@') && self.byte(self.pos + 1) == Some(b'{') {
                self.shape_data(Some(sym))?;
            } else {
                return Ok(sym);
            }
        }
    }

    fn shape(&mut self, sym: usize, id: &str) -> Result<()> {
        use Shape::{
            Asymmetric, Circle, Cylinder, DoubleCircle, Hexagon, Parallelogram, ParallelogramAlt,
            Rect, Rhombus, Rounded, Stadium, Subroutine, Trapezoid, TrapezoidAlt,
        };
        type Form = (&'static str, &'static [&'static [u8]], [Shape; 2]);
        const DOUBLE_CIRCLE: Form = ("(((", &[b")))"], [DoubleCircle, DoubleCircle]);
        const CIRCLE: Form = ("((", &[b"))"], [Circle, Circle]);
        const STADIUM: Form = ("([", &[b"])"], [Stadium, Stadium]);
        const ROUNDED: Form = ("(", &[b")"], [Rounded, Rounded]);
        const SUBROUTINE: Form = ("[[", &[b"]]"], [Subroutine, Subroutine]);
        const CYLINDER: Form = ("[(", &[b")]"], [Cylinder, Cylinder]);
        const LEAN: Form = ("[/", &[b"/]", b"\\]"], [Parallelogram, Trapezoid]);
        const LEAN_ALT: Form = ("[\\", &[b"\\]", b"/]"], [ParallelogramAlt, TrapezoidAlt]);
        const RECT: Form = ("[", &[b"]"], [Rect, Rect]);
        const HEXAGON: Form = ("{{", &[b"}}"], [Hexagon, Hexagon]);
        const RHOMBUS: Form = ("{", &[b"}"], [Rhombus, Rhombus]);
        const ODD: Form = (">", &[b"]"], [Asymmetric, Asymmetric]);
        let open = self.pos;
        // The forms this opener may start, longest first: `A[(optional)
        // text]` is a rectangle whose text starts with `(`, so a longer
        // form that does not close falls back to a shorter one.
        let next = (self.byte(open + 1), self.byte(open + 2));
        let forms: &[Form] = match (self.peek(), next) {
            (Some(b'('), (Some(b'('), Some(b'('))) => &[DOUBLE_CIRCLE, CIRCLE, ROUNDED],
            (Some(b'('), (Some(b'('), _)) => &[CIRCLE, ROUNDED],
            (Some(b'('), (Some(b'['), _)) => &[STADIUM, ROUNDED],
            (Some(b'('), _) => &[ROUNDED],
            (Some(b'['), (Some(b'['), _)) => &[SUBROUTINE, RECT],
            (Some(b'['), (Some(b'('), _)) => &[CYLINDER, RECT],
            (Some(b'['), (Some(b'/'), _)) => &[LEAN, RECT],
            (Some(b'['), (Some(b'\\'), _)) => &[LEAN_ALT, RECT],
            (Some(b'['), _) => &[RECT],
            (Some(b'{'), (Some(b'{'), _)) => &[HEXAGON, RHOMBUS],
            (Some(b'{'), _) => &[RHOMBUS],
            _ => &[ODD],
        };
        let mut first_error = None;
        for &(opener, closers, shapes) in forms {
            match self.bracket_text(open + opener.len(), closers) {
                Ok((src, end, which)) => {
                    let s = &mut self.out.symbols[sym];
                    s.label = Some(src);
                    s.shape = shapes[which];
                    s.decl_offset = Some(open);
                    self.pos = end;
                    return Ok(());
                }
                Err(e) => {
                    if first_error.is_none() {
                        first_error = Some((e, opener, closers[0]));
                    }
                }
            }
        }
        let what = format!("the text of node `{id}`");
        Err(match first_error {
            Some((e, opener, closer)) => self.bracket_fail(e, open, &what, opener, closer),
            None => self.err(open, "expected a node shape"),
        })
    }

    /// The reportable failure for text that did not close.
    fn bracket_fail(
        &self,
        fail: BracketFail,
        open: usize,
        what: &str,
        opener: &str,
        closer: &[u8],
    ) -> Fail {
        let closer = String::from_utf8_lossy(closer);
        match fail {
            BracketFail::Str(f) => f,
            BracketFail::AfterQuote(at) => self.err(
                at,
                format!(
                    "expected `{closer}` after the quoted text to close {what}, found {}",
                    self.found(at)
                ),
            ),
            BracketFail::Unclosed => self.err(
                open,
                format!("{what} opened here with `{opener}` is never closed with `{closer}`"),
            ),
            BracketFail::OpenInside(at, c) => self.err(
                at,
                format!(
                    "this `{}` in {what} is never closed; put text with brackets in quotes, such as `[\"a (b) c\"]`",
                    char::from(c)
                ),
            ),
            BracketFail::Stray(at, c) => self.err_opened(
                at,
                format!(
                    "unexpected `{}` in {what}, which `{opener}` opened at {{opened}}; close it with `{closer}`, or put text with brackets in quotes, such as `[\"a (b) c\"]`",
                    char::from(c),
                ),
                open,
            ),
        }
    }

    /// The text after an opener at `from`, up to one of `closers`: a quoted
    /// or markdown string, or raw text in which brackets must pair up.
    /// Returns the text, the offset after the closer and which closer matched.
    fn bracket_text(
        &self,
        from: usize,
        closers: &[&[u8]],
    ) -> std::result::Result<(LabelSrc<'a>, usize, usize), BracketFail> {
        let b = self.b;
        let closer_at = |i: usize| {
            let c = b[i];
            closers
                .iter()
                .position(|closer| closer[0] == c && b[i..].starts_with(closer))
        };
        let mut i = from;
        while b.get(i).is_some_and(|&c| is_space(c) || c == b'\n') {
            i += 1;
        }
        if b.get(i) == Some(&b'"') {
            let (src, mut end) = self.string_at(i).map_err(BracketFail::Str)?;
            while b.get(end).is_some_and(|&c| is_space(c) || c == b'\n') {
                end += 1;
            }
            return match (end < b.len()).then(|| closer_at(end)).flatten() {
                Some(which) => Ok((src, end + closers[which].len(), which)),
                None => Err(BracketFail::AfterQuote(end)),
            };
        }
        let mut stack: Vec<(u8, usize)> = Vec::new();
        let mut i = from;
        loop {
            let Some(&c) = b.get(i) else {
                return Err(match stack.last() {
                    Some(&(c, at)) => BracketFail::OpenInside(at, c),
                    None => BracketFail::Unclosed,
                });
            };
            if stack.is_empty()
                && let Some(which) = closer_at(i)
            {
                let src = LabelSrc {
                    text: &self.text[from..i],
                    kind: TextKind::Plain,
                };
                return Ok((src, i + closers[which].len(), which));
            }
            match c {
                b'(' | b'[' | b'{' => stack.push((c, i)),
                b')' | b']' | b'}' => {
                    let expected_open = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    if stack.last().map(|&(o, _)| o) == Some(expected_open) {
                        stack.pop();
                    } else {
                        return Err(BracketFail::Stray(i, c));
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// A `"quoted"` or `` "`markdown`" `` string at `i`: its content and the
    /// offset after it.
    fn string_at(&self, i: usize) -> Result<(LabelSrc<'a>, usize)> {
        if self.b[i + 1..].starts_with(b"`") {
            let from = i + 2;
            return match self.text[from..].find("`\"") {
                Some(k) => Ok((
                    LabelSrc {
                        text: &self.text[from..from + k],
                        kind: TextKind::Markdown,
                    },
                    from + k + 2,
                )),
                None => Err(self.err(
                    i,
                    "this markdown string is never closed: it opens with a quote and a backtick, so it must end with a backtick and a quote",
                )),
            };
        }
        let from = i + 1;
        match self.next_quote(from) {
            Some(end) => Ok((
                LabelSrc {
                    text: &self.text[from..end],
                    kind: TextKind::Plain,
                },
                end + 1,
            )),
            None => Err(self.err(i, "this quoted text is never closed with `\"`")),
        }
    }

    /// The offset of the first `"` at or after `from`. Remembers the last
    /// search, so looking again from inside a searched stretch (a shape
    /// tried in several forms) costs nothing.
    fn next_quote(&self, from: usize) -> Option<usize> {
        let (searched_from, found) = self.quote_cache.get();
        if searched_from <= from && from <= found {
            return (found < self.b.len()).then_some(found);
        }
        let found = self.b[from..]
            .iter()
            .position(|&c| c == b'"')
            .map_or(self.b.len(), |k| from + k);
        self.quote_cache.set((from, found));
        (found < self.b.len()).then_some(found)
    }

    /// `@{ key: value, ... }` after a node (or an edge id when `sym` is None
    /// or names an edge).
    fn shape_data(&mut self, sym: Option<usize>) -> Result<()> {
        let open = self.pos;
        self.pos += 2;
        let mut icon_or_image = false;
        let mut label_given = false;
        loop {
            while self
                .peek()
                .is_some_and(|c| is_space(c) || c == b'\n' || c == b',')
            {
                self.pos += 1;
            }
            match self.peek() {
                None => {
                    return Err(self.err(open, "this `@{` is never closed with `}`"));
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            let key_start = self.pos;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            {
                self.pos += 1;
            }
            let key = &self.text[key_start..self.pos];
            self.skip_ws();
            if key.is_empty() || self.peek() != Some(b':') {
                if self.text[open..key_start].contains('\n') {
                    return Err(self.err(open, "this `@{` is never closed with `}`"));
                }
                return Err(self.err(
                    key_start,
                    format!(
                        "expected `name: value` inside `@{{ ... }}`, such as `@{{ shape: rounded, label: \"Text\" }}`, found {}",
                        self.found(self.pos)
                    ),
                ));
            }
            self.pos += 1;
            self.skip_ws();
            let value_start = self.pos;
            let value = if let Some(quote @ (b'"' | b'\'')) = self.peek() {
                let from = self.pos + 1;
                let Some(k) = self.b[from..].iter().position(|&c| c == quote) else {
                    return Err(self.err(value_start, "this quoted value is never closed"));
                };
                self.pos = from + k + 1;
                &self.text[from..from + k]
            } else {
                while self
                    .peek()
                    .is_some_and(|c| c != b',' && c != b'\n' && c != b'}')
                {
                    self.pos += 1;
                }
                self.text[value_start..self.pos].trim()
            };
            let Some(sym) = sym else { continue };
            match key {
                "shape" => {
                    let shape = shape_by_name(value).ok_or_else(|| {
                        let hint = if value.bytes().any(|c| c.is_ascii_uppercase() || c == b'_') {
                            " (shape names are lowercase with `-`, such as `lean-r`)"
                        } else {
                            ""
                        };
                        self.err(
                            value_start,
                            format!(
                                "unknown shape `{value}`{hint}; use one of {COMMON_SHAPE_NAMES}, or another Mermaid shape name"
                            ),
                        )
                    })?;
                    let s = &mut self.out.symbols[sym];
                    s.shape = shape;
                    s.decl_offset = Some(open);
                }
                "label" => {
                    let s = &mut self.out.symbols[sym];
                    s.label = Some(LabelSrc {
                        text: value,
                        kind: TextKind::Plain,
                    });
                    s.decl_offset = Some(open);
                    label_given = true;
                }
                "icon" | "img" => icon_or_image = true,
                _ => {}
            }
        }
        if icon_or_image && let Some(sym) = sym {
            let s = &mut self.out.symbols[sym];
            if !label_given && s.label.is_none() {
                s.label = Some(LabelSrc {
                    text: "",
                    kind: TextKind::Plain,
                });
            }
            self.note(
                open,
                "icons and images are not drawn; the node shows its label only",
            );
        }
        Ok(())
    }

    // ------------------------------------------------------------- edges

    /// An edge at the cursor: operator, optional id before it and label.
    #[expect(clippy::type_complexity, reason = "private helper, one caller")]
    fn link(
        &mut self,
    ) -> Result<Option<(LinkTok, Option<LabelSrc<'a>>, Option<(&'a str, usize)>)>> {
        let start = self.pos;
        // `e1@-->`: an edge id.
        let mut id = None;
        let n = match self.peek() {
            Some(c) if ID_CLASS[usize::from(c)] != STOP => self.scan_id_len(start),
            _ => 0,
        };
        if n > 0 && self.byte(start + n) == Some(b'@') && self.byte(start + n + 1) != Some(b'{') {
            id = Some((&self.text[start..start + n], start));
            self.pos = start + n + 1;
            self.skip_ws();
        }
        let link_start = self.pos;
        let Some(found) = link_at(self.b, link_start) else {
            if let Some((name, at)) = id {
                return Err(self.err(
                    at,
                    format!("expected an edge such as `-->` after the edge id `{name}@`"),
                ));
            }
            self.pos = start;
            return Ok(None);
        };
        match found {
            LinkAt::Full(tok, end) => {
                if matches!(tok.end_head, ArrowHead::Circle | ArrowHead::Cross)
                    && self.scan_id_len(end) > 0
                {
                    let head = char::from(self.b[end - 1]);
                    self.note(
                        end - 1,
                        format!(
                            "`{head}` right after the edge is read as its head, as Mermaid does; if it starts the next node's id, put a space before it"
                        ),
                    );
                }
                self.pos = end;
                let label = self.pipe_label()?;
                Ok(Some((tok, label, id)))
            }
            LinkAt::TextStart(family, prefix, text_from) => {
                let (tok, label) = self.text_link(family, prefix, link_start, text_from)?;
                let save = self.pos;
                self.skip_ws();
                if self.peek() == Some(b'|') {
                    return Err(self.err(
                        self.pos,
                        "this edge already has text between its dashes; remove the `|...|` label or the text",
                    ));
                }
                self.pos = save;
                Ok(Some((tok, Some(label), id)))
            }
        }
    }

    /// `|text|` after an edge operator, if present.
    fn pipe_label(&mut self) -> Result<Option<LabelSrc<'a>>> {
        let save = self.pos;
        self.skip_ws();
        if self.peek() != Some(b'|') {
            self.pos = save;
            return Ok(None);
        }
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'"') {
            let (src, end) = self.string_at(self.pos)?;
            self.pos = end;
            self.skip_ws();
            if self.peek() != Some(b'|') {
                return Err(self.err_opened(
                    self.pos,
                    format!(
                        "expected `|` to close the edge label opened at {{opened}}, found {}",
                        self.found(self.pos)
                    ),
                    open,
                ));
            }
            self.pos += 1;
            return Ok(Some(src));
        }
        let from = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'|' => {
                    let text = &self.text[from..self.pos];
                    self.pos += 1;
                    return Ok(Some(LabelSrc {
                        text,
                        kind: TextKind::Plain,
                    }));
                }
                b'\n' => break,
                _ => self.pos += 1,
            }
        }
        Err(self.err(
            open,
            "the edge label opened here with `|` is never closed with `|` on this line",
        ))
    }

    /// `-- text -->`, `== text ==>`, `-. text .->` from the text onwards.
    fn text_link(
        &mut self,
        family: Family,
        prefix: Option<ArrowHead>,
        link_start: usize,
        text_from: usize,
    ) -> Result<(LinkTok, LabelSrc<'a>)> {
        let b = self.b;
        let mut i = text_from;
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        let (label, closer) = if b.get(i) == Some(&b'"') {
            let (src, mut end) = self.string_at(i)?;
            while b.get(end).is_some_and(|&c| is_space(c)) {
                end += 1;
            }
            match closer_at(b, end, family) {
                Some(c) => (src, c),
                None => {
                    return Err(self.err(
                        end,
                        format!(
                            "expected {} after the quoted edge text, found {}",
                            family.closers(),
                            self.found(end)
                        ),
                    ));
                }
            }
        } else {
            let family_byte = match family {
                Family::Solid => b'-',
                Family::Thick => b'=',
                Family::Dotted => b'.',
            };
            loop {
                match b.get(i) {
                    None | Some(b'\n') => {
                        let message = if prefix == Some(ArrowHead::Normal) {
                            "an edge cannot start with `<` alone; write `B --> A` for an arrow into A, `A <--> B` for heads at both ends, or `A <-- text --> B`".to_owned()
                        } else {
                            format!(
                                "the edge text that starts here is never closed; end it with {} before the next node, such as `A -- text --> B`",
                                family.closers()
                            )
                        };
                        return Err(self.err(link_start, message));
                    }
                    Some(_) => {
                        if let Some(c) = closer_at(b, i, family) {
                            let src = LabelSrc {
                                text: &self.text[text_from..i],
                                kind: TextKind::Plain,
                            };
                            break (src, c);
                        }
                        // Skip a whole run so long runs stay linear.
                        let run = run_len(b, i, family_byte);
                        i += run.max(1);
                    }
                }
            }
        };
        let (end_head, len, end) = closer;
        let start_head = match prefix {
            None => ArrowHead::None,
            Some(p) if p == end_head => p,
            Some(_) => {
                return Err(self.err(
                    link_start,
                    "this edge starts with a head (`<`, `o` or `x`) that its end does not match; use the same head at both ends, such as `<-- text -->`",
                ));
            }
        };
        self.pos = end;
        Ok((
            LinkTok {
                kind: family.kind(),
                start_head,
                end_head,
                min_len: clamp_len(len),
            },
            label,
        ))
    }
}
