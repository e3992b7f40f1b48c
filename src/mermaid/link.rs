//! Edge operators: `-->`, `-.->`, `==>`, `~~~`, heads, lengths, and the
//! two halves of text edges (`-- text -->`).

use super::model::{ArrowHead, LineKind};

/// Longest rank span of an edge (Mermaid caps it at 10 too).
const MAX_MIN_LEN: usize = 10;

/// A recognised edge operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkTok {
    /// Line kind.
    pub kind: LineKind,
    /// Head at the start (`<-->`).
    pub start_head: ArrowHead,
    /// Head at the end.
    pub end_head: ArrowHead,
    /// Rank span, 1 to 10.
    pub min_len: u32,
}

/// Line families that can carry text between their two halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `-- text -->`
    Solid,
    /// `== text ==>`
    Thick,
    /// `-. text .->`
    Dotted,
}

impl Family {
    /// The line kind of this family.
    pub fn kind(self) -> LineKind {
        match self {
            Self::Solid => LineKind::Solid,
            Self::Thick => LineKind::Thick,
            Self::Dotted => LineKind::Dotted,
        }
    }

    /// How the closing half is written, for messages.
    pub fn closers(self) -> &'static str {
        match self {
            Self::Solid => "`-->` or `---`",
            Self::Thick => "`==>` or `===`",
            Self::Dotted => "`.->` or `.-`",
        }
    }
}

/// What an edge operator at some offset turned out to be.
pub enum LinkAt {
    /// A whole operator such as `-->`, ending at the offset.
    Full(LinkTok, usize),
    /// The first half of a text edge (`--`, `==`, `-.`); the text starts at the offset.
    TextStart(Family, Option<ArrowHead>, usize),
}

/// The head a character stands for.
pub fn head_of(c: u8) -> ArrowHead {
    match c {
        b'>' | b'<' => ArrowHead::Normal,
        b'o' => ArrowHead::Circle,
        b'x' => ArrowHead::Cross,
        _ => ArrowHead::None,
    }
}

/// How many `c` in a row start at `from`.
pub fn run_len(b: &[u8], from: usize, c: u8) -> usize {
    b.get(from..)
        .map_or(0, |rest| rest.iter().take_while(|&&x| x == c).count())
}

/// A rank span within Mermaid's limits.
pub fn clamp_len(n: usize) -> u32 {
    n.clamp(1, MAX_MIN_LEN) as u32
}

/// The edge operator starting at `start`, if any.
pub fn link_at(bytes: &[u8], start: usize) -> Option<LinkAt> {
    let at = |k: usize| bytes.get(k).copied();
    if bytes.get(start..start + 3) == Some(b"~~~") {
        let tildes = run_len(bytes, start, b'~');
        let tok = LinkTok {
            kind: LineKind::Invisible,
            start_head: ArrowHead::None,
            end_head: ArrowHead::None,
            min_len: clamp_len(tildes - 2),
        };
        return Some(LinkAt::Full(tok, start + tildes));
    }
    // `<-->`, `o--o`, `x--x`: a head before the line.
    let (prefix, line) = match at(start) {
        Some(head @ (b'<' | b'o' | b'x')) if matches!(at(start + 1), Some(b'-' | b'=' | b'.')) => {
            (Some(head_of(head)), start + 1)
        }
        _ => (None, start),
    };
    let full = |kind, end_head: ArrowHead, span: usize, end: usize| {
        // As in Mermaid, the start head counts only when it matches the end.
        let start_head = if end_head != ArrowHead::None && prefix == Some(end_head) {
            end_head
        } else {
            ArrowHead::None
        };
        Some(LinkAt::Full(
            LinkTok {
                kind,
                start_head,
                end_head,
                min_len: clamp_len(span),
            },
            end,
        ))
    };
    match (at(line), at(line + 1)) {
        (Some(stroke @ (b'-' | b'=')), Some(second)) if second == stroke => {
            let run = run_len(bytes, line, stroke);
            let after = line + run;
            let (kind, family) = if stroke == b'-' {
                (LineKind::Solid, Family::Solid)
            } else {
                (LineKind::Thick, Family::Thick)
            };
            match at(after) {
                Some(head @ (b'>' | b'o' | b'x')) => full(kind, head_of(head), run - 1, after + 1),
                _ if run >= 3 => full(kind, ArrowHead::None, run - 2, after),
                _ => Some(LinkAt::TextStart(family, prefix, line + 2)),
            }
        }
        (Some(b'-'), Some(b'.')) => {
            let dots = run_len(bytes, line + 1, b'.');
            let after = line + 1 + dots;
            if at(after) == Some(b'-') {
                match at(after + 1) {
                    Some(head @ (b'>' | b'o' | b'x')) => {
                        full(LineKind::Dotted, head_of(head), dots, after + 2)
                    }
                    _ => full(LineKind::Dotted, ArrowHead::None, dots, after + 1),
                }
            } else {
                Some(LinkAt::TextStart(Family::Dotted, prefix, line + 2))
            }
        }
        (Some(b'.'), _) => {
            let dots = run_len(bytes, line, b'.');
            let after = line + dots;
            if at(after) != Some(b'-') {
                return None;
            }
            match at(after + 1) {
                Some(head @ (b'>' | b'o' | b'x')) => {
                    full(LineKind::Dotted, head_of(head), dots, after + 2)
                }
                _ => full(LineKind::Dotted, ArrowHead::None, dots, after + 1),
            }
        }
        _ => None,
    }
}

/// The closing half of a text edge at `start`: (head, rank span, end offset).
pub fn closer_at(bytes: &[u8], start: usize, family: Family) -> Option<(ArrowHead, usize, usize)> {
    let at = |k: usize| bytes.get(k).copied();
    match family {
        Family::Solid | Family::Thick => {
            let stroke = if family == Family::Solid { b'-' } else { b'=' };
            let run = run_len(bytes, start, stroke);
            if run < 2 {
                return None;
            }
            let after = start + run;
            match at(after) {
                Some(head @ (b'>' | b'o' | b'x')) => Some((head_of(head), run - 1, after + 1)),
                _ if run >= 3 => Some((ArrowHead::None, run - 2, after)),
                _ => None,
            }
        }
        Family::Dotted => {
            let dots_from = match (at(start), at(start + 1)) {
                (Some(b'-'), Some(b'.')) => start + 1,
                (Some(b'.'), _) => start,
                _ => return None,
            };
            let dots = run_len(bytes, dots_from, b'.');
            let after = dots_from + dots;
            if at(after) != Some(b'-') {
                return None;
            }
            match at(after + 1) {
                Some(head @ (b'>' | b'o' | b'x')) => Some((head_of(head), dots, after + 2)),
                _ => Some((ArrowHead::None, dots, after + 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str) -> Option<(LineKind, ArrowHead, ArrowHead, u32, usize)> {
        match link_at(s.as_bytes(), 0)? {
            LinkAt::Full(t, end) => Some((t.kind, t.start_head, t.end_head, t.min_len, end)),
            LinkAt::TextStart(..) => None,
        }
    }

    #[test]
    fn link_tokens() {
        use ArrowHead::{Circle, Cross, None as No, Normal};
        use LineKind::{Dotted, Invisible, Solid, Thick};
        assert_eq!(tok("-->"), Some((Solid, No, Normal, 1, 3)));
        assert_eq!(tok("---"), Some((Solid, No, No, 1, 3)));
        assert_eq!(tok("--->"), Some((Solid, No, Normal, 2, 4)));
        assert_eq!(tok("----"), Some((Solid, No, No, 2, 4)));
        assert_eq!(tok("-.->"), Some((Dotted, No, Normal, 1, 4)));
        assert_eq!(tok("-.-"), Some((Dotted, No, No, 1, 3)));
        assert_eq!(tok("-..->"), Some((Dotted, No, Normal, 2, 5)));
        assert_eq!(tok("==>"), Some((Thick, No, Normal, 1, 3)));
        assert_eq!(tok("==="), Some((Thick, No, No, 1, 3)));
        assert_eq!(tok("====>"), Some((Thick, No, Normal, 3, 5)));
        assert_eq!(tok("~~~"), Some((Invisible, No, No, 1, 3)));
        assert_eq!(tok("~~~~~"), Some((Invisible, No, No, 3, 5)));
        assert_eq!(tok("--o"), Some((Solid, No, Circle, 1, 3)));
        assert_eq!(tok("--x"), Some((Solid, No, Cross, 1, 3)));
        assert_eq!(tok("<-->"), Some((Solid, Normal, Normal, 1, 4)));
        assert_eq!(tok("o--o"), Some((Solid, Circle, Circle, 1, 4)));
        assert_eq!(tok("x--x"), Some((Solid, Cross, Cross, 1, 4)));
        assert_eq!(tok("<==>"), Some((Thick, Normal, Normal, 1, 4)));
        assert_eq!(tok("<-.->"), Some((Dotted, Normal, Normal, 1, 5)));
        assert_eq!(tok("<---"), Some((Solid, No, No, 1, 4)));
        assert_eq!(tok(".->"), Some((Dotted, No, Normal, 1, 3)));
        assert_eq!(
            tok(&format!("{}>", "-".repeat(40))),
            Some((Solid, No, Normal, 10, 41))
        );
        assert!(matches!(
            link_at(b"-- x", 0),
            Some(LinkAt::TextStart(Family::Solid, None, 2))
        ));
        assert!(matches!(
            link_at(b"== x", 0),
            Some(LinkAt::TextStart(Family::Thick, None, 2))
        ));
        assert!(matches!(
            link_at(b"-. x", 0),
            Some(LinkAt::TextStart(Family::Dotted, None, 2))
        ));
        assert!(matches!(
            link_at(b"<-- x", 0),
            Some(LinkAt::TextStart(Family::Solid, Some(ArrowHead::Normal), 3))
        ));
        assert!(link_at(b"->", 0).is_none());
        assert!(link_at(b"-", 0).is_none());
        assert!(link_at(b"o", 0).is_none());
        assert!(link_at(b"~~", 0).is_none());
    }

    #[test]
    fn closers() {
        assert_eq!(
            closer_at(b"-->", 0, Family::Solid),
            Some((ArrowHead::Normal, 1, 3))
        );
        assert_eq!(
            closer_at(b"---", 0, Family::Solid),
            Some((ArrowHead::None, 1, 3))
        );
        assert_eq!(closer_at(b"--", 0, Family::Solid), None);
        assert_eq!(closer_at(b"-", 0, Family::Solid), None);
        assert_eq!(
            closer_at(b".->", 0, Family::Dotted),
            Some((ArrowHead::Normal, 1, 3))
        );
        assert_eq!(
            closer_at(b"-.->", 0, Family::Dotted),
            Some((ArrowHead::Normal, 1, 4))
        );
        assert_eq!(
            closer_at(b".-", 0, Family::Dotted),
            Some((ArrowHead::None, 1, 2))
        );
        assert_eq!(closer_at(b".x", 0, Family::Dotted), None);
        assert_eq!(
            closer_at(b"==>", 0, Family::Thick),
            Some((ArrowHead::Normal, 1, 3))
        );
    }
}
