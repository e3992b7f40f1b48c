//! Text helpers for generated cards: ids, answers, and hiding answers.

use std::fmt::Write as _;

use crate::mermaid::Label;

/// Part of a card id made from a Mermaid id or a heading: lowercase ASCII
/// letters and digits with `-` between words (`DB_P` -> `db-p`). Ids with
/// no ASCII letter or digit are spelled in hex so they stay distinct.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        text.bytes().fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
    } else {
        out
    }
}

/// A label on one line, as an answer: `Load Balancer (Active)`,
/// `Small Server — 4 CPU, 16GB RAM`. A line that continues the previous one
/// (lowercase, or starting with `(` or `→`) follows a space, others a dash.
pub fn label_sentence(label: &Label) -> String {
    let mut out = String::new();
    for line in &label.lines {
        let text: String = line.iter().map(|r| r.text.as_str()).collect();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let continues = text
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || matches!(c, '(' | '[' | '→' | '<' | '-'));
            out.push_str(if continues { " " } else { " — " });
        }
        out.push_str(text);
    }
    out
}

/// A label's text on one line with single spaces: what must not appear on
/// the question side when the label is hidden.
pub fn flat(label: &Label) -> String {
    collapse(&label.text())
}

/// `text` with runs of white space as single spaces, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Texts that must not appear on a question side, and the means to remove
/// them. Matching ignores case and spacing.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    secrets: Vec<Vec<char>>,
}

/// Fewest letters or digits a hidden text must have: shorter ones would
/// match inside ordinary words.
pub const MIN_SECRET_CHARS: usize = 2;

impl Secrets {
    /// Adds a text to keep off the question side; false (and not added) when
    /// it has fewer than [`MIN_SECRET_CHARS`] letters or digits.
    pub fn add(&mut self, text: &str) -> bool {
        if text.chars().filter(|c| c.is_alphanumeric()).count() < MIN_SECRET_CHARS {
            return false;
        }
        let folded = fold(&collapse(text));
        if !self.secrets.contains(&folded) {
            self.secrets.push(folded);
        }
        true
    }

    /// True when `text` contains a secret.
    pub fn leaks(&self, text: &str) -> bool {
        let hay = fold(&collapse(text));
        self.secrets.iter().any(|s| find(&hay, s, 0).is_some())
    }

    /// `text` with every secret replaced by `?` (white space collapsed where
    /// a secret was found).
    pub fn scrub(&self, text: &str) -> String {
        if !self.leaks(text) {
            return text.to_owned();
        }
        let chars: Vec<char> = collapse(text).chars().collect();
        let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
        let mut hidden = vec![false; chars.len()];
        for secret in &self.secrets {
            let mut from = 0;
            while let Some(at) = find(&folded, secret, from) {
                for h in &mut hidden[at..at + secret.len()] {
                    *h = true;
                }
                from = at + secret.len();
            }
        }
        let mut out = String::with_capacity(text.len());
        for (i, &c) in chars.iter().enumerate() {
            if !hidden[i] {
                out.push(c);
            } else if i == 0 || !hidden[i - 1] {
                out.push('?');
            }
        }
        out
    }

    /// A label with secrets replaced: unchanged when it holds none, else
    /// one plain line (emphasis and breaks are dropped with the secret).
    pub fn scrub_label(&self, label: &Label) -> Label {
        if self.leaks(&label.text()) {
            Label::plain(&self.scrub(&flat(label)))
        } else {
            label.clone()
        }
    }
}

fn fold_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn fold(text: &str) -> Vec<char> {
    text.chars().map(fold_char).collect()
}

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words() {
        assert_eq!(slug("DB_P"), "db-p");
        assert_eq!(slug("Load Balancer (Active)"), "load-balancer-active");
        assert_eq!(slug("__x__"), "x");
        assert_eq!(slug("ü"), "c3bc");
    }

    #[test]
    fn sentences_join_lines_by_what_follows() {
        assert_eq!(
            label_sentence(&Label::plain("Load Balancer\n(Active)")),
            "Load Balancer (Active)"
        );
        assert_eq!(label_sentence(&Label::plain("Cache\nhit?")), "Cache hit?");
        assert_eq!(
            label_sentence(&Label::plain("Small Server\n4 CPU, 16GB RAM")),
            "Small Server — 4 CPU, 16GB RAM"
        );
    }

    #[test]
    fn secrets_are_found_and_scrubbed_ignoring_case_and_spacing() {
        let mut s = Secrets::default();
        assert!(s.add("Load  Balancer\n(Standby)"));
        assert!(!s.add("A"));
        assert!(s.leaks("the load balancer (standby) is idle"));
        assert!(!s.leaks("the load balancer (active)"));
        assert_eq!(
            s.scrub("Is the LOAD BALANCER (Standby) up?"),
            "Is the ? up?"
        );
        assert_eq!(s.scrub("nothing here"), "nothing here");
        let label = s.scrub_label(&Label::plain("Load Balancer\n(Standby) 2"));
        assert_eq!(label.text(), "? 2");
    }
}
