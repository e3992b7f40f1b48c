//! Label text as written (quoted, markdown, with `<br/>` and entity codes)
//! -> [`Label`] lines of styled runs.

use super::model::{Label, TextRun};

/// How a label was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Plain or `"quoted"` text: `<br/>` and raw line breaks split lines,
    /// `<b>`/`<i>` style runs, `*` and `_` are literal.
    Plain,
    /// A markdown string `` "`...`" ``: as plain, plus `**bold**`, `*italic*`,
    /// `__bold__`, `_italic_` and `\*` escapes.
    Markdown,
}

/// Builds a label from its source text.
///
/// The text is trimmed; every line is trimmed and runs of white space inside
/// a line become one space (as HTML shows them). Entity codes (`#quot;`,
/// `#35;`, `&amp;`) are decoded. Markdown strings drop blank lines, as
/// Mermaid does.
pub fn build_label(raw: &str, kind: TextKind) -> Label {
    let raw = raw.trim_ascii();
    let mut b = Builder {
        markdown: kind == TextKind::Markdown,
        ..Builder::default()
    };
    let markdown = kind == TextKind::Markdown;
    let mut previous = 0u8;
    let simple = raw.bytes().all(|c| {
        let special = matches!(c, b'<' | b'#' | b'&' | b'\n' | b'\r' | b'\t')
            || (markdown && matches!(c, b'*' | b'_' | b'\\'))
            || (c == b' ' && previous == b' ');
        let plain = !special;
        previous = c;
        plain
    });
    if simple {
        // Fast path: one line of plain text, already trimmed with single spaces.
        return Label {
            lines: vec![line_of(raw)],
        };
    }
    if !markdown && let Some(label) = br_only(raw) {
        return label;
    }
    let delims = if kind == TextKind::Markdown {
        markdown_delimiters(raw)
    } else {
        Vec::new()
    };
    let mut next_delim = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    while i < bytes.len() {
        if let Some(d) = delims.get(next_delim)
            && d.at == i
        {
            b.text(&raw[plain_start..i]);
            b.toggle(d.bold, d.italic, d.opens);
            next_delim += 1;
            i += d.len;
            plain_start = i;
            continue;
        }
        let c = bytes[i];
        let special = match c {
            b'\n' => Some((1, Piece::Break { raw_newline: true })),
            b'<' => tag_at(&raw[i..]),
            b'#' | b'&' => entity_at(&raw[i..]).map(|(len, ch)| (len, Piece::Char(ch))),
            b'\\' if kind == TextKind::Markdown => match bytes.get(i + 1) {
                Some(&e @ (b'*' | b'_' | b'\\' | b'`')) => Some((2, Piece::Char(char::from(e)))),
                _ => None,
            },
            _ => None,
        };
        if let Some((len, piece)) = special {
            b.text(&raw[plain_start..i]);
            match piece {
                Piece::Break { raw_newline } => b.line_break(raw_newline),
                Piece::Char(ch) => b.literal_char(ch),
                Piece::Bold(on) => b.toggle(true, false, on),
                Piece::Italic(on) => b.toggle(false, true, on),
                Piece::Skip => {}
            }
            i += len;
            plain_start = i;
        } else {
            i += 1;
        }
    }
    b.text(&raw[plain_start..]);
    b.finish(kind)
}

/// One line holding `text` as a single plain run (none if empty).
fn line_of(text: &str) -> Vec<TextRun> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![TextRun {
            text: text.to_owned(),
            bold: false,
            italic: false,
        }]
    }
}

/// Plain text whose only markup is `<br>` line breaks, with single spaces
/// (most labels): built directly, one allocation per line and per run.
fn br_only(raw: &str) -> Option<Label> {
    let b = raw.as_bytes();
    let mut lines = 1;
    let mut previous = 0u8;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => match tag_at(&raw[i..]) {
                Some((len, Piece::Break { .. })) => {
                    lines += 1;
                    i += len;
                    previous = b'>';
                    continue;
                }
                _ => return None,
            },
            b'#' | b'&' | b'\n' | b'\r' | b'\t' => return None,
            b' ' if previous == b' ' => return None,
            c => previous = c,
        }
        i += 1;
    }
    let mut out = Vec::with_capacity(lines);
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'<'
            && let Some((len, _)) = tag_at(&raw[i..])
        {
            out.push(line_of(raw[start..i].trim_ascii()));
            i += len;
            start = i;
            continue;
        }
        i += 1;
    }
    out.push(line_of(raw[start..].trim_ascii()));
    Some(Label { lines: out })
}

enum Piece {
    Break { raw_newline: bool },
    Char(char),
    Bold(bool),
    Italic(bool),
    Skip,
}

#[derive(Default)]
struct Builder {
    lines: Vec<Vec<TextRun>>,
    /// Markdown only: whether each finished line ended at a raw newline (not `<br>`).
    raw_breaks: Vec<bool>,
    markdown: bool,
    line: Vec<TextRun>,
    run: String,
    bold_depth: u32,
    italic_depth: u32,
    /// Style of the text in `run`.
    run_style: (bool, bool),
    /// White space seen since the last visible character, with its style.
    pending_space: Option<(bool, bool)>,
}

impl Builder {
    fn style(&self) -> (bool, bool) {
        (self.bold_depth > 0, self.italic_depth > 0)
    }

    fn flush_run(&mut self) {
        if !self.run.is_empty() {
            let (bold, italic) = self.run_style;
            self.line.push(TextRun {
                text: std::mem::take(&mut self.run),
                bold,
                italic,
            });
        }
    }

    /// Appends visible text, collapsing white space.
    fn text(&mut self, s: &str) {
        let b = s.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return;
        };
        // Common case: words with single spaces between them.
        if first != b' '
            && last != b' '
            && !b
                .windows(2)
                .any(|w| w[0] == b'\t' || w[0] == b'\r' || (w[0] == b' ' && w[1] == b' '))
            && last != b'\t'
            && last != b'\r'
        {
            self.push_visible(s);
            return;
        }
        for (k, word) in s.split([' ', '\t', '\r']).enumerate() {
            if k > 0 && self.pending_space.is_none() {
                self.pending_space = Some(self.style());
            }
            if !word.is_empty() {
                self.push_visible(word);
            }
        }
    }

    fn literal_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.push_visible(c.encode_utf8(&mut buf));
    }

    fn push_visible(&mut self, s: &str) {
        // A space takes the style it was written in: `a <b>b</b> c` keeps
        // both spaces out of the bold run.
        if let Some(space_style) = self.pending_space.take()
            && (!self.run.is_empty() || !self.line.is_empty())
        {
            if space_style != self.run_style {
                self.flush_run();
                self.run_style = space_style;
            }
            self.run.push(' ');
        }
        let style = self.style();
        if style != self.run_style {
            self.flush_run();
            self.run_style = style;
        }
        self.run.push_str(s);
    }

    fn toggle(&mut self, bold: bool, italic: bool, on: bool) {
        let step = |depth: &mut u32| {
            if on {
                *depth += 1;
            } else {
                *depth = depth.saturating_sub(1);
            }
        };
        if bold {
            step(&mut self.bold_depth);
        }
        if italic {
            step(&mut self.italic_depth);
        }
    }

    fn line_break(&mut self, raw_newline: bool) {
        self.flush_run();
        self.lines.push(std::mem::take(&mut self.line));
        if self.markdown {
            self.raw_breaks.push(raw_newline);
        }
        self.pending_space = None;
    }

    fn finish(mut self, kind: TextKind) -> Label {
        self.flush_run();
        self.lines.push(std::mem::take(&mut self.line));
        if kind == TextKind::Markdown && self.lines.len() > 1 {
            // Mermaid drops blank lines between markdown lines.
            let mut k = 0;
            let breaks = std::mem::take(&mut self.raw_breaks);
            self.lines.retain(|line| {
                let raw_before = k == 0 || breaks.get(k - 1).copied().unwrap_or(false);
                k += 1;
                !(line.is_empty() && raw_before)
            });
            if self.lines.is_empty() {
                self.lines.push(Vec::new());
            }
        }
        Label { lines: self.lines }
    }
}

/// An HTML-ish tag at the start of `s`: its length and meaning. Unknown
/// tags and a lone `<` are `None` (kept as text).
fn tag_at(s: &str) -> Option<(usize, Piece)> {
    let b = s.as_bytes();
    // The usual line breaks, without the general scan.
    for (form, len) in [(&b"<br/>"[..], 5), (b"<br>", 4), (b"<br />", 6)] {
        if b.len() >= len && b[..len].eq_ignore_ascii_case(form) {
            return Some((len, Piece::Break { raw_newline: false }));
        }
    }
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = &s[name_start..i];
    // Attributes (`<span style="...">`), up to `>` on the same line.
    let rest = &s[i..];
    let end = rest.find(['>', '<', '\n'])?;
    if rest.as_bytes()[end] != b'>' {
        return None;
    }
    // `a<b and c>d` is text: a tag has no attributes or `name=value` ones.
    let attrs = rest[..end].trim().trim_end_matches('/');
    if !attrs.is_empty() && (!rest.starts_with([' ', '\t']) || !attrs.contains('=')) {
        return None;
    }
    let len = i + end + 1;
    let is = |names: &[&str]| names.iter().any(|n| name.eq_ignore_ascii_case(n));
    let piece = if is(&["br"]) {
        Piece::Break { raw_newline: false }
    } else if is(&["b", "strong"]) {
        Piece::Bold(!closing)
    } else if is(&["i", "em"]) {
        Piece::Italic(!closing)
    } else if is(&[
        "u", "s", "del", "ins", "sub", "sup", "small", "big", "code", "span", "font", "mark",
        "kbd", "tt", "a", "p", "div", "q", "cite", "abbr",
    ]) {
        Piece::Skip
    } else {
        return None;
    };
    Some((len, piece))
}

/// An entity code at the start of `s` (`#quot;`, `#35;`, `#x2665;`,
/// `&amp;`, `&#35;`): its length and the character. Unknown names are `None`.
fn entity_at(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    let mut i = 1;
    if b[0] == b'&' && b.get(1) == Some(&b'#') {
        i = 2;
    }
    let body_start = i;
    while i < b.len() && i - body_start <= 32 && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    if i == body_start || b.get(i) != Some(&b';') {
        return None;
    }
    let body = &s[body_start..i];
    let numeric = b[0] == b'#' || body_start == 2;
    let hex = body
        .strip_prefix(['x', 'X'])
        .filter(|h| numeric && !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit()));
    let ch = if let Some(hex) = hex {
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
    } else if body.bytes().all(|c| c.is_ascii_digit()) {
        if !numeric {
            return None;
        }
        char::from_u32(body.parse().ok()?)?
    } else if body_start == 2 {
        return None;
    } else {
        named_entity(body)?
    };
    if ch == '\0' {
        return None;
    }
    Some((i + 1, ch))
}

/// HTML named entities Mermaid authors use, sorted by name.
const ENTITIES: &[(&str, char)] = &[
    ("Alpha", 'Α'),
    ("Beta", 'Β'),
    ("Delta", 'Δ'),
    ("Gamma", 'Γ'),
    ("Lambda", 'Λ'),
    ("Omega", 'Ω'),
    ("Phi", 'Φ'),
    ("Pi", 'Π'),
    ("Psi", 'Ψ'),
    ("Sigma", 'Σ'),
    ("Theta", 'Θ'),
    ("alpha", 'α'),
    ("amp", '&'),
    ("apos", '\''),
    ("ast", '*'),
    ("asymp", '≈'),
    ("beta", 'β'),
    ("bsol", '\\'),
    ("bull", '•'),
    ("cent", '¢'),
    ("check", '✓'),
    ("chi", 'χ'),
    ("clubs", '♣'),
    ("colon", ':'),
    ("comma", ','),
    ("commat", '@'),
    ("copy", '©'),
    ("dArr", '⇓'),
    ("darr", '↓'),
    ("deg", '°'),
    ("delta", 'δ'),
    ("diams", '♦'),
    ("divide", '÷'),
    ("dollar", '$'),
    ("epsilon", 'ε'),
    ("equals", '='),
    ("eta", 'η'),
    ("euro", '€'),
    ("excl", '!'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("gamma", 'γ'),
    ("ge", '≥'),
    ("grave", '`'),
    ("gt", '>'),
    ("hArr", '⇔'),
    ("harr", '↔'),
    ("hearts", '♥'),
    ("hellip", '…'),
    ("iexcl", '¡'),
    ("infin", '∞'),
    ("iota", 'ι'),
    ("iquest", '¿'),
    ("kappa", 'κ'),
    ("lArr", '⇐'),
    ("lambda", 'λ'),
    ("laquo", '«'),
    ("larr", '←'),
    ("lbrace", '{'),
    ("lbrack", '['),
    ("lcub", '{'),
    ("ldquo", '“'),
    ("le", '≤'),
    ("lowbar", '_'),
    ("lpar", '('),
    ("lsqb", '['),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("mu", 'μ'),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("ne", '≠'),
    ("nu", 'ν'),
    ("num", '#'),
    ("omega", 'ω'),
    ("para", '¶'),
    ("percnt", '%'),
    ("period", '.'),
    ("phi", 'φ'),
    ("pi", 'π'),
    ("plus", '+'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("psi", 'ψ'),
    ("quest", '?'),
    ("quot", '"'),
    ("rArr", '⇒'),
    ("radic", '√'),
    ("raquo", '»'),
    ("rarr", '→'),
    ("rbrace", '}'),
    ("rbrack", ']'),
    ("rcub", '}'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rho", 'ρ'),
    ("rpar", ')'),
    ("rsqb", ']'),
    ("rsquo", '’'),
    ("sect", '§'),
    ("semi", ';'),
    ("sigma", 'σ'),
    ("sol", '/'),
    ("spades", '♠'),
    ("sum", '∑'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("tau", 'τ'),
    ("theta", 'θ'),
    ("times", '×'),
    ("trade", '™'),
    ("uArr", '⇑'),
    ("uarr", '↑'),
    ("verbar", '|'),
    ("vert", '|'),
    ("xi", 'ξ'),
    ("yen", '¥'),
    ("zeta", 'ζ'),
];

fn named_entity(name: &str) -> Option<char> {
    ENTITIES
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| ENTITIES[i].1)
}

/// A matched emphasis delimiter run in a markdown string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Delim {
    at: usize,
    len: usize,
    bold: bool,
    italic: bool,
    opens: bool,
}

/// Finds the `*`/`_` runs that pair up into emphasis, in text order.
/// Unpaired runs stay literal text.
fn markdown_delimiters(s: &str) -> Vec<Delim> {
    let b = s.as_bytes();
    // Open runs waiting for a closer, per (character, length 1..=3).
    let mut open: [Vec<usize>; 6] = Default::default();
    let mut runs: Vec<(usize, usize, u8)> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if c != b'*' && c != b'_' {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i] == c {
            i += 1;
        }
        let len = i - start;
        if len > 3 {
            continue;
        }
        let before = s[..start].chars().next_back();
        let after = s[i..].chars().next();
        let space = |ch: Option<char>| ch.is_none_or(char::is_whitespace);
        let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
        let mut can_open = !space(after);
        let mut can_close = !space(before);
        if c == b'_' {
            // `snake_case_words` stay literal.
            can_open &= !word(before);
            can_close &= !word(after);
        }
        let slot = usize::from(c == b'_') * 3 + len - 1;
        let run = runs.len();
        runs.push((start, len, c));
        if can_close && let Some(opener) = open[slot].pop() {
            pairs.push((opener, run));
        } else if can_open {
            open[slot].push(run);
        }
    }
    let mut out: Vec<Delim> = Vec::with_capacity(pairs.len() * 2);
    for (o, c) in pairs {
        for (run, opens) in [(o, true), (c, false)] {
            let (at, len, _) = runs[run];
            out.push(Delim {
                at,
                len,
                bold: len >= 2,
                italic: len != 2,
                opens,
            });
        }
    }
    out.sort_unstable_by_key(|d| d.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool, italic: bool) -> TextRun {
        TextRun {
            text: text.to_owned(),
            bold,
            italic,
        }
    }

    fn plain(s: &str) -> Label {
        build_label(s, TextKind::Plain)
    }

    #[test]
    fn line_breaks_and_white_space() {
        assert_eq!(
            plain("Small Server<br/>4 CPU"),
            Label::plain("Small Server\n4 CPU")
        );
        assert_eq!(plain("a<br>b<BR />c<br  />d"), Label::plain("a\nb\nc\nd"));
        assert_eq!(
            plain("\n   First line\n   Second   line\n"),
            Label::plain("First line\nSecond line")
        );
        assert_eq!(plain("  x \t y  "), Label::plain("x y"));
        assert_eq!(
            plain(""),
            Label {
                lines: vec![vec![]]
            }
        );
        assert_eq!(plain("a<br><br>b").lines.len(), 3);
    }

    #[test]
    fn entities() {
        assert_eq!(plain("say #quot;hi#quot;").text(), "say \"hi\"");
        assert_eq!(
            plain("#35;1 #9829; #x2665; &amp; &lt;b&gt; &#35;").text(),
            "#1 ♥ ♥ & <b> #"
        );
        assert_eq!(plain("#nosuch; & #; #12").text(), "#nosuch; & #; #12");
        assert_eq!(plain("#0;").text(), "#0;");
    }

    #[test]
    fn tags() {
        assert_eq!(
            plain("a <b>bold</b> and <i>it</i>").lines,
            vec![vec![
                run("a ", false, false),
                run("bold", true, false),
                run(" and ", false, false),
                run("it", false, true)
            ]]
        );
        assert_eq!(
            plain("Return data<br/>(< 1ms)").text(),
            "Return data\n(< 1ms)"
        );
        assert_eq!(
            plain("x <sub>2</sub> <unknown> a<b").text(),
            "x 2 <unknown> a<b"
        );
    }

    #[test]
    fn markdown() {
        let md = |s| build_label(s, TextKind::Markdown);
        assert_eq!(
            md("**bold** and *it* and ***both***").lines,
            vec![vec![
                run("bold", true, false),
                run(" and ", false, false),
                run("it", false, true),
                run(" and ", false, false),
                run("both", true, true)
            ]]
        );
        assert_eq!(md("line 1\n\n  line 2").text(), "line 1\nline 2");
        assert_eq!(md("snake_case_name").text(), "snake_case_name");
        assert_eq!(md("a * b * c").text(), "a * b * c");
        assert_eq!(md("\\*not\\*").text(), "*not*");
        assert_eq!(md("**open only").text(), "**open only");
        assert_eq!(md("__b__ _i_").lines[0][0], run("b", true, false));
        // In a plain string the markers are text.
        assert_eq!(plain("**x**").text(), "**x**");
    }

    #[test]
    fn entities_table_is_sorted() {
        assert!(ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
