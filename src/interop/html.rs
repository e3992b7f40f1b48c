//! HTML (as Anki stores fields) to card blocks and back.
//!
//! Imported HTML is only ever read as text: scripts and styles are dropped,
//! never run, and every tag not understood keeps just its text.

use std::fmt::Write as _;

use super::text_markup;
use crate::deck::{Block, Code, Diagram, Image, Table};

/// A piece of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Text(String),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End(String),
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp"];

fn tokenize(html: &str, dropped_scripts: &mut usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text = String::new();
    while i < html.len() {
        if bytes[i] == b'<' {
            let rest = &html[i..];
            if let Some(after) = rest.strip_prefix("<!--") {
                let end = after.find("-->").map_or(html.len(), |e| i + 4 + e + 3);
                i = end;
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                i = rest.find('>').map_or(html.len(), |e| i + e + 1);
                continue;
            }
            let closing = rest.starts_with("</");
            let name_start = if closing { 2 } else { 1 };
            let name_len = rest[name_start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len() - name_start);
            if name_len == 0 || !rest.as_bytes()[name_start].is_ascii_alphabetic() {
                // A lone `<` in text.
                text.push('<');
                i += 1;
                continue;
            }
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            let (attrs, tag_len) = parse_attrs(&rest[name_start + name_len..]);
            if !text.is_empty() {
                tokens.push(Token::Text(decode_entities(&std::mem::take(&mut text))));
            }
            i += name_start + name_len + tag_len;
            if closing {
                tokens.push(Token::End(name));
            } else if RAW_TEXT.contains(&name.as_str()) {
                let close = format!("</{name}");
                let lower = html[i..].to_ascii_lowercase();
                let end = lower.find(&close).map_or(html.len(), |e| i + e);
                let content = &html[i..end];
                i = html[end..].find('>').map_or(html.len(), |e| end + e + 1);
                if name == "script" || name == "style" {
                    if name == "script" {
                        *dropped_scripts += 1;
                    }
                } else {
                    tokens.push(Token::Text(decode_entities(content)));
                }
            } else {
                tokens.push(Token::Start { name, attrs });
            }
        } else {
            let next = html[i..].find('<').map_or(html.len(), |e| i + e);
            text.push_str(&html[i..next]);
            i = next;
        }
    }
    if !text.is_empty() {
        tokens.push(Token::Text(decode_entities(&text)));
    }
    tokens
}

/// Attributes of a tag starting just after its name; returns them and the
/// length up to and including the closing `>`.
fn parse_attrs(s: &str) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, s.len());
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let vstart = i + 1;
                let vend = s[vstart..]
                    .bytes()
                    .position(|c| c == quote)
                    .map_or(s.len(), |p| vstart + p);
                value = decode_entities(&s[vstart..vend]);
                i = (vend + 1).min(s.len());
            } else {
                let vstart = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Decodes `&amp;`, `&#39;`, `&#x2192;` and the common named entities.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            code.map(|c| char::from_u32(c).unwrap_or('\u{fffd}'))
        } else {
            named_entity(name)
        };
        if let Some(c) = decoded {
            out.push(c);
            rest = &rest[end..];
            if rest.starts_with(';') {
                rest = &rest[1..];
            }
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "rarr" => '→',
        "larr" => '←',
        "harr" => '↔',
        "uarr" => '↑',
        "darr" => '↓',
        "rArr" => '⇒',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "deg" => '°',
        "micro" => 'µ',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "check" => '✓',
        "infin" => '∞',
        "sum" => '∑',
        "radic" => '√',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "lambda" => 'λ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "theta" => 'θ',
        "omega" => 'ω',
        _ => return None,
    })
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// What a conversion dropped or could not place, for the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlNotes {
    /// `<script>` elements removed (never run).
    pub scripts: usize,
    /// Pictures whose file is not in the package.
    pub missing_images: usize,
    /// `[sound:...]` references removed.
    pub sounds: usize,
}

/// Converts an HTML fragment to blocks. `image` maps an `<img src>` to the
/// key of a stored picture, or `None` if there is no such file.
pub fn to_blocks(
    html: &str,
    image: &dyn Fn(&str) -> Option<String>,
    notes: &mut HtmlNotes,
) -> Vec<Block> {
    let mut html_owned;
    let mut html = html;
    if html.contains("[sound:") {
        let (stripped, n) = strip_sounds(html);
        notes.sounds += n;
        html_owned = stripped;
        html = &html_owned;
    } else {
        html_owned = String::new();
    }
    let tokens = tokenize(html, &mut notes.scripts);
    html_owned.clear();
    let mut c = Converter::default();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Text(t) => c.text(t),
            Token::Start { name, attrs } => match name.as_str() {
                "br" => c.line_break(),
                // archdeck writes each text block as a <section>.
                "p" | "div" | "blockquote" | "article" | "center" | "dl" | "dt" | "dd"
                | "figure" | "figcaption" => c.end_line(),
                // archdeck writes each text block as a <section>.
                "section" | "hr" => c.flush_text(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    c.end_line();
                    c.heading = true;
                }
                "b" | "strong" => c.open_mark("**"),
                "i" | "em" => c.open_mark("*"),
                "code" | "kbd" | "samp" | "tt" => c.open_mark("`"),
                "ul" => c.lists.push(None),
                "ol" => c.lists.push(Some(
                    attr(attrs, "start")
                        .and_then(|s| s.trim().parse::<usize>().ok())
                        .map_or(0, |n| n.saturating_sub(1)),
                )),
                "li" => c.list_item(),
                "img" => {
                    let src = attr(attrs, "src").unwrap_or_default();
                    let alt = attr(attrs, "alt").unwrap_or_default();
                    if let Some(key) = image(src) {
                        c.flush_text();
                        c.blocks.push(Block::Image(Image {
                            path: key,
                            alt: alt.trim().to_owned(),
                        }));
                    } else {
                        notes.missing_images += 1;
                        let label = if alt.trim().is_empty() { src } else { alt };
                        c.text(&format!("[picture: {}]", label.trim()));
                    }
                }
                "table" => {
                    let (table, next) = read_table(&tokens, i);
                    c.flush_text();
                    if let Some(mut table) = table {
                        if let Some(title) = attr(attrs, "data-title") {
                            title.clone_into(&mut table.title);
                        }
                        if let Some(id) = attr(attrs, "data-id") {
                            id.clone_into(&mut table.id);
                        }
                        c.blocks.push(Block::Table(table));
                    }
                    i = next;
                    continue;
                }
                "pre" => {
                    let (block, next) = read_pre(&tokens, i);
                    c.flush_text();
                    if let Some(block) = block {
                        c.blocks.push(block);
                    }
                    i = next;
                    continue;
                }
                _ => {}
            },
            Token::End(name) => match name.as_str() {
                "section" => c.flush_text(),
                "p" | "div" | "blockquote" | "article" | "center" | "dl" | "dt" | "dd"
                | "figure" | "figcaption" | "li" => c.end_line(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    c.end_line();
                    c.heading = false;
                }
                "b" | "strong" => c.close_mark("**"),
                "i" | "em" => c.close_mark("*"),
                "code" | "kbd" | "samp" | "tt" => c.close_mark("`"),
                "ul" | "ol" => {
                    c.end_line();
                    c.lists.pop();
                }
                _ => {}
            },
        }
        i += 1;
    }
    c.flush_text();
    c.blocks
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn strip_sounds(html: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut n = 0;
    while let Some(start) = rest.find("[sound:") {
        out.push_str(&rest[..start]);
        if let Some(end) = rest[start..].find(']') {
            rest = &rest[start + end + 1..];
            n += 1;
        } else {
            out.push_str(&rest[start..]);
            rest = "";
        }
    }
    out.push_str(rest);
    (out, n)
}

/// Builds light-Markdown text blocks from inline content.
#[derive(Debug, Default)]
struct Converter {
    blocks: Vec<Block>,
    lines: Vec<String>,
    line: String,
    /// Markers opened but not yet written (written before the next text).
    pending: Vec<&'static str>,
    /// Markers written and not yet closed.
    open: Vec<&'static str>,
    lists: Vec<Option<usize>>,
    heading: bool,
}

impl Converter {
    fn text(&mut self, t: &str) {
        let mut collapsed = String::with_capacity(t.len());
        let mut space = false;
        for ch in t.chars() {
            if ch.is_whitespace() && ch != '\u{a0}' {
                space = true;
            } else {
                if space && (!self.line.is_empty() || !collapsed.is_empty()) {
                    collapsed.push(' ');
                }
                space = false;
                collapsed.push(if ch == '\u{a0}' { ' ' } else { ch });
            }
        }
        if collapsed.is_empty() {
            if space && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            return;
        }
        if self.line.is_empty() && self.heading {
            self.line.push_str("### ");
        }
        if self.line.ends_with(' ') && collapsed.starts_with(' ') {
            collapsed.remove(0);
        }
        for mark in self.pending.drain(..) {
            self.line.push_str(mark);
            self.open.push(mark);
        }
        self.line.push_str(&collapsed);
        if space {
            self.line.push(' ');
        }
    }

    fn open_mark(&mut self, mark: &'static str) {
        if self.open.contains(&mark) || self.pending.contains(&mark) {
            return;
        }
        self.pending.push(mark);
    }

    fn close_mark(&mut self, mark: &'static str) {
        if let Some(p) = self.pending.iter().position(|m| *m == mark) {
            self.pending.remove(p);
            return;
        }
        if let Some(p) = self.open.iter().rposition(|m| *m == mark) {
            // Close inner markers too, keeping the text well nested.
            let trailing = self.line.len() - self.line.trim_end().len();
            let cut = self.line.len() - trailing;
            let tail = self.line[cut..].to_owned();
            self.line.truncate(cut);
            for m in self.open.drain(p..).rev() {
                self.line.push_str(m);
            }
            self.line.push_str(&tail);
        }
    }

    fn close_all_marks(&mut self) {
        self.pending.clear();
        while let Some(m) = self.open.last().copied() {
            self.close_mark(m);
        }
    }

    fn end_line(&mut self) {
        self.close_all_marks();
        let line = self.line.trim_end().to_owned();
        self.line.clear();
        if !line.trim().is_empty() {
            self.lines.push(line);
        }
    }

    fn line_break(&mut self) {
        self.close_all_marks();
        let line = self.line.trim_end().to_owned();
        self.line.clear();
        if line.trim().is_empty() {
            // `<br><br>`: a paragraph break.
            if self.lines.last().is_some_and(|l| !l.is_empty()) {
                self.lines.push(String::new());
            }
        } else {
            self.lines.push(line);
        }
    }

    fn list_item(&mut self) {
        self.end_line();
        let depth = self.lists.len().saturating_sub(1);
        let indent = "  ".repeat(depth);
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                *n += 1;
                format!("{n}. ")
            }
            _ => "- ".to_owned(),
        };
        self.line = format!("{indent}{marker}");
    }

    fn flush_text(&mut self) {
        self.end_line();
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        let text = std::mem::take(&mut self.lines).join("\n");
        let text = text_markup::strip_empty_list_items(&text);
        if !text.trim().is_empty() {
            self.blocks.push(Block::Text(text));
        }
    }
}

/// Reads `<table>` starting at token `start`; returns the table (if it has
/// any cell) and the index after its end.
fn read_table(tokens: &[Token], start: usize) -> (Option<Table>, usize) {
    let mut rows: Vec<(Vec<String>, bool)> = Vec::new();
    let mut cell: Option<String> = None;
    let mut header_cells = false;
    let mut depth = 0usize;
    let mut i = start;
    let flush_cell = |cell: &mut Option<String>, rows: &mut Vec<(Vec<String>, bool)>, th: bool| {
        if let Some(c) = cell.take() {
            if rows.is_empty() {
                rows.push((Vec::new(), th));
            }
            if let Some(row) = rows.last_mut() {
                row.0
                    .push(c.split_whitespace().collect::<Vec<_>>().join(" "));
                row.1 &= th;
            }
        }
    };
    while i < tokens.len() {
        match &tokens[i] {
            Token::Start { name, .. } => match name.as_str() {
                "table" => depth += 1,
                "tr" if depth == 1 => {
                    flush_cell(&mut cell, &mut rows, header_cells);
                    rows.push((Vec::new(), true));
                }
                "td" | "th" if depth == 1 => {
                    flush_cell(&mut cell, &mut rows, header_cells);
                    header_cells = name == "th";
                    cell = Some(String::new());
                }
                "br" | "p" | "div" | "li" => {
                    if let Some(c) = cell.as_mut() {
                        c.push(' ');
                    }
                }
                "b" | "strong" => push_cell(&mut cell, "**"),
                "i" | "em" => push_cell(&mut cell, "*"),
                "code" => push_cell(&mut cell, "`"),
                _ => {}
            },
            Token::End(name) => match name.as_str() {
                "table" => {
                    depth -= 1;
                    if depth == 0 {
                        flush_cell(&mut cell, &mut rows, header_cells);
                        i += 1;
                        break;
                    }
                }
                "td" | "th" if depth == 1 => flush_cell(&mut cell, &mut rows, header_cells),
                "b" | "strong" => push_cell(&mut cell, "**"),
                "i" | "em" => push_cell(&mut cell, "*"),
                "code" => push_cell(&mut cell, "`"),
                _ => {}
            },
            Token::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(t);
                }
            }
        }
        i += 1;
    }
    rows.retain(|(r, _)| !r.is_empty());
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    if width == 0 {
        return (None, i);
    }
    for (row, _) in &mut rows {
        row.resize(width, String::new());
    }
    let mut rows = rows.into_iter();
    let header = rows.next().map(|(r, _)| r).unwrap_or_default();
    let table = Table {
        id: String::new(),
        title: String::new(),
        header,
        rows: rows.map(|(r, _)| r).collect(),
    };
    (Some(table), i)
}

fn push_cell(cell: &mut Option<String>, mark: &str) {
    if let Some(c) = cell.as_mut() {
        c.push_str(mark);
    }
}

/// Reads `<pre>` at `start`: a Mermaid diagram if marked or shaped as one,
/// else a code block.
fn read_pre(tokens: &[Token], start: usize) -> (Option<Block>, usize) {
    let mut lang = String::new();
    let mut title = String::new();
    let mut id = String::new();
    let mut text = String::new();
    let mut depth = 0usize;
    let mut i = start;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Start { name, attrs } => {
                if name == "pre" {
                    depth += 1;
                }
                if name == "br" {
                    text.push('\n');
                }
                if let Some(class) = attr(attrs, "class") {
                    for c in class.split_whitespace() {
                        if let Some(l) = c
                            .strip_prefix("language-")
                            .or_else(|| c.strip_prefix("lang-"))
                        {
                            l.clone_into(&mut lang);
                        } else if c == "mermaid" {
                            "mermaid".clone_into(&mut lang);
                        }
                    }
                }
                if let Some(t) = attr(attrs, "data-title") {
                    t.clone_into(&mut title);
                }
                if let Some(t) = attr(attrs, "data-id") {
                    t.clone_into(&mut id);
                }
            }
            Token::End(name) => {
                if name == "pre" {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                if matches!(name.as_str(), "div" | "p") {
                    text.push('\n');
                }
            }
            Token::Text(t) => text.push_str(t),
        }
        i += 1;
    }
    let text = text.replace("\r\n", "\n");
    let text = text.strip_prefix('\n').unwrap_or(&text).to_owned();
    if text.trim().is_empty() {
        return (None, i);
    }
    let first = text.trim_start();
    let looks_mermaid = first.starts_with("graph ") || first.starts_with("flowchart ");
    let block = if lang == "mermaid" || (lang.is_empty() && looks_mermaid) {
        Block::Diagram(Diagram {
            id,
            title,
            mermaid: text,
        })
    } else {
        Block::Code(Code { lang, code: text })
    };
    (Some(block), i)
}

/// The text of an HTML fragment with tags removed and entities decoded,
/// whitespace collapsed; for comparing and sort fields.
pub fn plain_text(html: &str) -> String {
    let mut scripts = 0;
    let mut out = String::new();
    for token in tokenize(html, &mut scripts) {
        match token {
            Token::Text(t) => out.push_str(&t),
            Token::Start { name, .. } | Token::End(name)
                if matches!(
                    name.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "td" | "th" | "pre" | "h1" | "h2" | "h3"
                ) =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML for a list of blocks, as written into Anki fields. Image blocks
/// become `<img>` with `image_name` giving the media file name.
pub fn from_blocks(blocks: &[Block], image_name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Text(t) => {
                out.push_str("<section>");
                out.push_str(&text_markup::to_html(t));
                out.push_str("</section>");
            }
            Block::Table(t) => {
                out.push_str("<table");
                if !t.id.is_empty() {
                    let _ = write!(out, " data-id=\"{}\"", escape(&t.id));
                }
                if !t.title.is_empty() {
                    let _ = write!(out, " data-title=\"{}\"", escape(&t.title));
                }
                out.push_str("><thead><tr>");
                for h in &t.header {
                    let _ = write!(out, "<th>{}</th>", text_markup::inline_html(h));
                }
                out.push_str("</tr></thead><tbody>");
                for row in &t.rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", text_markup::inline_html(c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>");
            }
            Block::Diagram(d) => {
                out.push_str("<pre class=\"mermaid\"");
                if !d.id.is_empty() {
                    let _ = write!(out, " data-id=\"{}\"", escape(&d.id));
                }
                if !d.title.is_empty() {
                    let _ = write!(out, " data-title=\"{}\"", escape(&d.title));
                }
                out.push('>');
                out.push_str(&escape(&d.mermaid));
                out.push_str("</pre>");
            }
            Block::Code(c) => {
                if c.lang.is_empty() {
                    out.push_str("<pre><code>");
                } else {
                    let _ = write!(out, "<pre><code class=\"language-{}\">", escape(&c.lang));
                }
                out.push_str(&escape(&c.code));
                out.push_str("</code></pre>");
            }
            Block::Image(i) => {
                let _ = write!(
                    out,
                    "<img src=\"{}\" alt=\"{}\">",
                    escape(&image_name(&i.path)),
                    escape(&i.alt)
                );
            }
            Block::Occlusion(_) | Block::Cloze(_) | Block::TypedAnswer(_) => {
                if let Some(basic) = block.basic() {
                    out.push_str(&from_blocks(&[basic], image_name));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> (Vec<Block>, HtmlNotes) {
        let mut notes = HtmlNotes::default();
        let b = to_blocks(
            html,
            &|src| (src == "cat.png").then(|| "cat.png".to_owned()),
            &mut notes,
        );
        (b, notes)
    }

    fn text(html: &str) -> String {
        match blocks(html).0.as_slice() {
            [Block::Text(t)] => t.clone(),
            other => panic!("expected one text block, got {other:?}"),
        }
    }

    #[test]
    fn inline_markup_becomes_light_markdown() {
        assert_eq!(
            text("Hello <b>bold</b> and <i>it</i> <code>x()</code>"),
            "Hello **bold** and *it* `x()`"
        );
        assert_eq!(text("<b>a </b>b"), "**a** b");
        assert_eq!(text("<div>one</div><div>two</div>"), "one\ntwo");
        assert_eq!(text("a<br>b<br><br>c"), "a\nb\n\nc");
        assert_eq!(text("<h2>Title</h2>body"), "### Title\nbody");
        assert_eq!(
            text("x &amp; y &lt;z&gt; &nbsp;&#8594;&#x2192;"),
            "x & y <z>  →→"
        );
    }

    #[test]
    fn lists_nest() {
        assert_eq!(
            text("<ul><li>a</li><li>b<ol><li>c</li><li>d</li></ol></li></ul>"),
            "- a\n- b\n  1. c\n  2. d"
        );
    }

    #[test]
    fn tables_pre_and_images_become_blocks() {
        let (b, notes) = blocks(
            "<p>see</p><table><tr><th>K</th><th>V</th></tr><tr><td><b>a</b></td><td>1</td></tr><tr><td>b</td></tr></table><pre><code class=\"language-sql\">SELECT 1;\n</code></pre><img src=\"cat.png\" alt=\"a cat\"><img src=\"dog.png\">",
        );
        assert_eq!(notes.missing_images, 1);
        assert_eq!(b.len(), 5, "{b:?}");
        let Block::Table(t) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(t.header, ["K", "V"]);
        assert_eq!(
            t.rows,
            [
                vec!["**a**".to_owned(), "1".to_owned()],
                vec!["b".to_owned(), String::new()]
            ]
        );
        assert_eq!(
            b[2],
            Block::Code(Code {
                lang: "sql".into(),
                code: "SELECT 1;\n".into()
            })
        );
        assert_eq!(
            b[3],
            Block::Image(Image {
                path: "cat.png".into(),
                alt: "a cat".into()
            })
        );
        assert_eq!(b[4], Block::Text("[picture: dog.png]".into()));
    }

    #[test]
    fn scripts_are_dropped_never_kept_as_markup() {
        let (b, notes) =
            blocks("<script>alert('x')</script>Safe<style>p{}</style> <SCRIPT src=x></SCRIPT>");
        assert_eq!(b, [Block::Text("Safe".into())]);
        assert_eq!(notes.scripts, 2);
    }

    #[test]
    fn hostile_fragments_do_not_panic() {
        for html in [
            "<",
            "<b",
            "<a href='x",
            "&#xFFFFFFFF;",
            "&#55296;",
            "<!--",
            "</>",
            "<table><tr><td>",
            "<pre>",
            "&",
            "<img src=\"é\">",
            "<ul><li><ul></ul>",
        ] {
            let _ = blocks(html);
            let _ = plain_text(html);
        }
    }

    #[test]
    fn blocks_round_trip_through_html() {
        let original = vec![
            Block::Text(
                "### Head\nSome **bold** and *it* with `code`\n- one\n- two\n  1. deep".into(),
            ),
            Block::Table(Table {
                id: "t1".into(),
                title: "A & B".into(),
                header: vec!["h1".into(), "h2".into()],
                rows: vec![vec!["**x**".into(), "y < z".into()]],
            }),
            Block::Diagram(Diagram {
                id: "d".into(),
                title: "Flow".into(),
                mermaid: "graph TD\nA[\"x\"] --> B\n".into(),
            }),
            Block::Code(Code {
                lang: "text".into(),
                code: "  indented\nline <2>\n".into(),
            }),
            Block::Image(Image {
                path: "cat.png".into(),
                alt: "a cat".into(),
            }),
        ];
        let html = from_blocks(&original, &|p| p.to_owned());
        let (back, notes) = blocks(&html);
        assert_eq!(notes, HtmlNotes::default());
        assert_eq!(back, original, "{html}");
    }
}
