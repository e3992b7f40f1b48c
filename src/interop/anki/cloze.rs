//! Anki cloze deletions: `{{c1::answer}}` and `{{c2::answer::hint}}`.

use std::fmt::Write as _;

/// Renders `text` for cloze number `number`: that cloze hidden as `[...]`
/// (or `[hint]`) on the question, shown in bold on the answer; other clozes
/// show their text. Works on HTML or plain text alike; nested clozes are
/// handled.
pub fn render(text: &str, number: i64, reveal: bool) -> String {
    render_with(text, number, reveal, ("<b>", "</b>"))
}

/// [`render`] with the given emphasis markers (e.g. `("**", "**")` for
/// light Markdown).
pub fn render_with(text: &str, number: i64, reveal: bool, mark: (&str, &str)) -> String {
    let (open, close) = mark;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, n, body_start)) = find_open(rest) {
        out.push_str(&rest[..start]);
        let body_and_after = &rest[body_start..];
        let Some(end) = matching_close(body_and_after) else {
            // Unterminated: keep the text as it is.
            out.push_str(&rest[start..]);
            return out;
        };
        let body = &body_and_after[..end];
        let (answer, hint) = split_hint(body);
        let answer = render_with(answer, number, reveal, mark);
        if n == number {
            if reveal {
                let _ = write!(out, "{open}{answer}{close}");
            } else if hint.trim().is_empty() {
                let _ = write!(out, "{open}[...]{close}");
            } else {
                let _ = write!(out, "{open}[{}]{close}", hint.trim());
            }
        } else {
            out.push_str(&answer);
        }
        rest = &body_and_after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The cloze numbers used in `text`, sorted and unique.
pub fn numbers(text: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((_, n, body_start)) = find_open(rest) {
        if !out.contains(&n) {
            out.push(n);
        }
        rest = &rest[body_start..];
    }
    out.sort_unstable();
    out
}

/// `(offset of "{{c", number, offset of the body)` of the next cloze.
fn find_open(s: &str) -> Option<(usize, i64, usize)> {
    let mut from = 0;
    while let Some(p) = s[from..].find("{{c") {
        let start = from + p;
        let digits: String = s[start + 3..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let after = start + 3 + digits.len();
        if !digits.is_empty()
            && s[after..].starts_with("::")
            && let Ok(n) = digits.parse::<i64>()
        {
            return Some((start, n, after + 2));
        }
        from = start + 3;
    }
    None
}

/// Offset of the `}}` closing a cloze body, skipping nested clozes.
fn matching_close(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'{' && b[i + 1] == b'{' {
            depth += 1;
            i += 2;
        } else if b[i] == b'}' && b[i + 1] == b'}' {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

/// Splits `answer::hint` at the first `::` outside nested braces.
fn split_hint(body: &str) -> (&str, &str) {
    let b = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'{', b'{') => {
                depth += 1;
                i += 2;
            }
            (b'}', b'}') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            (b':', b':') if depth == 0 => return (&body[..i], &body[i + 2..]),
            _ => i += 1,
        }
    }
    (body, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_one_cloze_and_shows_the_others() {
        let t = "{{c1::Raft}} and {{c2::Paxos::an older algorithm}} agree";
        assert_eq!(render(t, 1, false), "<b>[...]</b> and Paxos agree");
        assert_eq!(
            render(t, 2, false),
            "Raft and <b>[an older algorithm]</b> agree"
        );
        assert_eq!(render(t, 2, true), "Raft and <b>Paxos</b> agree");
        assert_eq!(numbers(t), [1, 2]);
    }

    #[test]
    fn nested_and_broken_clozes() {
        assert_eq!(
            render("{{c1::a {{c2::b}} c}}", 2, false),
            "a <b>[...]</b> c"
        );
        assert_eq!(render("{{c1::never closed", 1, false), "{{c1::never closed");
        assert_eq!(
            render("{{cx::no}} {{c::no}}", 1, false),
            "{{cx::no}} {{c::no}}"
        );
    }
}
