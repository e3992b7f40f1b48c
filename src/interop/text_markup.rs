//! The light Markdown of text blocks (`###` headings, `-`/`1.` lists,
//! `**bold**`, `*italic*`, `` `code` ``) written out as HTML or plain text.

use std::fmt::Write as _;

use super::html::escape;

/// One classified line of a text block.
enum Line<'a> {
    Heading(usize, &'a str),
    Item {
        level: usize,
        ordered: Option<u32>,
        text: &'a str,
    },
    Para(&'a str),
    Blank,
}

fn classify(line: &str) -> Line<'_> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    for (prefix, level) in [("### ", 3), ("## ", 2), ("# ", 1)] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return Line::Heading(level, rest);
        }
    }
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Line::Item {
            level: indent / 2,
            ordered: None,
            text: rest,
        };
    }
    if let Some(dot) = t.find(". ") {
        let number = &t[..dot];
        if !number.is_empty() && number.len() <= 3 && number.chars().all(|c| c.is_ascii_digit()) {
            return Line::Item {
                level: indent / 2,
                ordered: number.parse().ok(),
                text: &t[dot + 2..],
            };
        }
    }
    Line::Para(t)
}

/// HTML for a text block.
pub fn to_html(text: &str) -> String {
    let mut out = String::new();
    // Open lists: (tag, an <li> is open).
    let mut stack: Vec<(&str, bool)> = Vec::new();
    let close_to = |out: &mut String, stack: &mut Vec<(&str, bool)>, depth: usize| {
        while stack.len() > depth {
            if let Some((tag, li)) = stack.pop() {
                if li {
                    out.push_str("</li>");
                }
                let _ = write!(out, "</{tag}>");
            }
        }
    };
    for line in text.lines() {
        match classify(line) {
            Line::Item {
                level,
                ordered,
                text,
            } => {
                let tag = if ordered.is_some() { "ol" } else { "ul" };
                let depth = level.min(stack.len()) + 1;
                close_to(&mut out, &mut stack, depth);
                if stack.len() == depth && stack.last().is_some_and(|(t, _)| *t != tag) {
                    close_to(&mut out, &mut stack, depth - 1);
                }
                while stack.len() < depth {
                    match ordered {
                        Some(n) if n != 1 && stack.len() + 1 == depth => {
                            let _ = write!(out, "<ol start=\"{n}\">");
                        }
                        _ => {
                            let _ = write!(out, "<{tag}>");
                        }
                    }
                    stack.push((tag, false));
                }
                if let Some(top) = stack.last_mut() {
                    if top.1 {
                        out.push_str("</li>");
                    }
                    top.1 = true;
                }
                out.push_str("<li>");
                out.push_str(&inline_html(text));
            }
            other => {
                close_to(&mut out, &mut stack, 0);
                match other {
                    Line::Heading(level, t) => {
                        let _ = write!(out, "<h{level}>{}</h{level}>", inline_html(t));
                    }
                    Line::Para(t) => {
                        let _ = write!(out, "<div>{}</div>", inline_html(t));
                    }
                    Line::Blank => out.push_str("<div><br></div>"),
                    Line::Item { .. } => {}
                }
            }
        }
    }
    close_to(&mut out, &mut stack, 0);
    out
}

/// Splits a line into runs by `**`, `*` and backticks, as the card view
/// does: an unclosed marker is literal text.
fn runs(line: &str) -> Vec<(String, bool, bool, bool)> {
    let chars: Vec<char> = line.chars().collect();
    let closes = |from: usize, marker: &[char]| -> bool {
        chars
            .get(from..)
            .is_some_and(|rest| rest.windows(marker.len()).any(|w| w == marker))
    };
    let mut out = Vec::new();
    let (mut bold, mut italic, mut code) = (false, false, false);
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let state = (bold, italic, code);
        let flush = |current: &mut String, out: &mut Vec<(String, bool, bool, bool)>| {
            if !current.is_empty() {
                out.push((std::mem::take(current), state.0, state.1, state.2));
            }
        };
        if c == '`' && (code || closes(i + 1, &['`'])) {
            flush(&mut current, &mut out);
            code = !code;
            i += 1;
        } else if !code
            && c == '*'
            && chars.get(i + 1) == Some(&'*')
            && (bold || closes(i + 2, &['*', '*']))
        {
            flush(&mut current, &mut out);
            bold = !bold;
            i += 2;
        } else if !code
            && c == '*'
            && (italic
                || (chars
                    .get(i + 1)
                    .is_some_and(|&n| !n.is_whitespace() && n != '*')
                    && closes(i + 1, &['*'])))
        {
            flush(&mut current, &mut out);
            italic = !italic;
            i += 1;
        } else {
            current.push(c);
            i += 1;
        }
    }
    if !current.is_empty() {
        out.push((current, bold, italic, code));
    }
    out
}

/// HTML for one line of inline light Markdown.
pub fn inline_html(line: &str) -> String {
    let mut out = String::new();
    for (text, bold, italic, code) in runs(line) {
        let mut open = String::new();
        let mut close = String::new();
        if bold {
            open.push_str("<b>");
            close.insert_str(0, "</b>");
        }
        if italic {
            open.push_str("<i>");
            close.insert_str(0, "</i>");
        }
        if code {
            open.push_str("<code>");
            close.insert_str(0, "</code>");
        }
        out.push_str(&open);
        out.push_str(&escape(&text));
        out.push_str(&close);
    }
    out
}

/// One line of inline light Markdown without its markers.
pub fn inline_plain(line: &str) -> String {
    runs(line).into_iter().map(|(t, ..)| t).collect()
}

/// A text block as plain lines: markers, heading hashes and list bullets removed.
pub fn plain(text: &str) -> String {
    text.lines()
        .map(|line| match classify(line) {
            Line::Heading(_, t) | Line::Para(t) | Line::Item { text: t, .. } => inline_plain(t),
            Line::Blank => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Drops list items with no text (from `<li></li>`).
pub fn strip_empty_list_items(text: &str) -> String {
    if !text.contains('-') && !text.contains('.') {
        return text.to_owned();
    }
    text.lines()
        .filter(|l| {
            let t = l.trim();
            !(t == "-"
                || t == "*"
                || (t.ends_with('.')
                    && t.len() <= 4
                    && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit())
                    && t.len() > 1))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_emphasis_become_html() {
        assert_eq!(
            to_html("Intro **b**\n- a\n  1. x\n- *c*"),
            "<div>Intro <b>b</b></div><ul><li>a<ol><li>x</li></ol></li><li><i>c</i></li></ul>"
        );
        assert_eq!(inline_html("a < `b*c*` **"), "a &lt; <code>b*c*</code> **");
        assert_eq!(plain("### H\n- **a** b"), "H\na b");
    }
}
