//! The browser's search language: free words, `"quoted phrases"`, `tag:`,
//! `source:`, `deck:`, `is:due`, `is:new`, `is:learn`, `is:review`,
//! `is:suspended`, `is:buried`; a leading `-` negates a term. Terms are
//! combined with AND, and matching ignores case.

use crate::deck::Card;

/// What the scheduler knows of a card, as the search needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags, as the search filters name them"
)]
pub struct CardFacts {
    /// Never studied.
    pub new: bool,
    /// In (re)learning steps.
    pub learning: bool,
    /// Due now or earlier today.
    pub due: bool,
    /// Suspended by the user.
    pub suspended: bool,
    /// Buried until tomorrow.
    pub buried: bool,
}

/// A state filter (`is:...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    /// `is:due`
    Due,
    /// `is:new`
    New,
    /// `is:learn`
    Learning,
    /// `is:review`
    Review,
    /// `is:suspended`
    Suspended,
    /// `is:buried`
    Buried,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word or phrase anywhere in the card's text.
    Text(String),
    /// A tag, exactly or as a prefix with `*` (`tag:db*`).
    Tag(String),
    /// The card's source, e.g. `source:Q4`.
    Source(String),
    /// Part of the deck's id or title.
    Deck(String),
    /// A scheduling state.
    Is(Is),
}

/// A parsed query: every term must hold (or must not, when negated).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// `(negated, term)` pairs.
    pub terms: Vec<(bool, Term)>,
    /// Words that look like filters but are not known ("is:foo"), for a hint.
    pub unknown: Vec<String>,
}

/// Splits on whitespace, keeping `"quoted phrases"` (also after `tag:`) together.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

impl Query {
    /// Parses the search box text. Never fails: unknown filters are kept as
    /// plain text and listed in `unknown`.
    pub fn parse(text: &str) -> Self {
        let mut query = Self::default();
        for token in tokens(text) {
            let (negated, body) = match token.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
                _ => (false, token.clone()),
            };
            let lower = body.to_lowercase();
            let term = if let Some(v) = lower.strip_prefix("tag:") {
                Term::Tag(v.to_owned())
            } else if let Some(v) = lower.strip_prefix("source:") {
                Term::Source(v.to_owned())
            } else if let Some(v) = lower.strip_prefix("deck:") {
                Term::Deck(v.to_owned())
            } else if let Some(v) = lower.strip_prefix("is:") {
                match v {
                    "due" => Term::Is(Is::Due),
                    "new" => Term::Is(Is::New),
                    "learn" | "learning" => Term::Is(Is::Learning),
                    "review" => Term::Is(Is::Review),
                    "suspended" => Term::Is(Is::Suspended),
                    "buried" => Term::Is(Is::Buried),
                    _ => {
                        query.unknown.push(token.clone());
                        Term::Text(lower.clone())
                    }
                }
            } else {
                Term::Text(lower)
            };
            query.terms.push((negated, term));
        }
        query
    }

    /// Whether the query has no terms (everything matches).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a card matches. `haystack` is the card's search text in
    /// lower case; `deck` the deck's id and title in lower case.
    pub fn matches(&self, card: &Card, haystack: &str, deck: &str, facts: CardFacts) -> bool {
        self.terms.iter().all(|(negated, term)| {
            let hit = match term {
                Term::Text(t) => haystack.contains(t.as_str()),
                Term::Tag(t) => card.tags.iter().any(|tag| tag_matches(tag, t)),
                Term::Source(s) => card.source.to_lowercase() == *s,
                Term::Deck(d) => deck.contains(d.as_str()),
                Term::Is(is) => match is {
                    Is::Due => facts.due && !facts.suspended && !facts.buried,
                    Is::New => facts.new,
                    Is::Learning => facts.learning,
                    Is::Review => !facts.new && !facts.learning,
                    Is::Suspended => facts.suspended,
                    Is::Buried => facts.buried,
                },
            };
            hit != *negated
        })
    }
}

fn tag_matches(tag: &str, pattern: &str) -> bool {
    let tag = tag.to_lowercase();
    match pattern.strip_suffix('*') {
        Some(prefix) => tag.starts_with(prefix),
        None => tag == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Block;

    fn card(tags: &[&str], source: &str, text: &str) -> (Card, String) {
        let c = Card {
            id: "c".into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            source: source.into(),
            front: vec![Block::Text(text.into())],
            back: vec![Block::Text("answer".into())],
            generated: false,
        };
        let hay = c.search_text().to_lowercase();
        (c, hay)
    }

    #[test]
    fn parses_filters_negation_and_phrases() {
        let q = Query::parse(r#"cache -tag:db source:Q4 is:due "load balancer" is:bogus"#);
        assert_eq!(
            q.terms,
            [
                (false, Term::Text("cache".into())),
                (true, Term::Tag("db".into())),
                (false, Term::Source("q4".into())),
                (false, Term::Is(Is::Due)),
                (false, Term::Text("load balancer".into())),
                (false, Term::Text("is:bogus".into())),
            ]
        );
        assert_eq!(q.unknown, ["is:bogus"]);
    }

    #[test]
    fn matches_text_tags_sources_and_states() {
        let (c, hay) = card(&["Databases", "sharding"], "Q4", "What is **sharding**?");
        let new = CardFacts {
            new: true,
            ..CardFacts::default()
        };
        let m = |q: &str, f: CardFacts| Query::parse(q).matches(&c, &hay, "sd", f);
        assert!(m("", new));
        assert!(m("SHARDING", new));
        assert!(m("tag:databases source:q4", new));
        assert!(m("tag:data*", new));
        assert!(!m("tag:data", new));
        assert!(!m("-tag:sharding", new));
        assert!(m("is:new", new));
        assert!(!m("is:due", new));
        assert!(!m("is:review", new));
        let due = CardFacts {
            due: true,
            ..CardFacts::default()
        };
        assert!(m("is:due is:review", due));
        let suspended = CardFacts {
            due: true,
            suspended: true,
            ..CardFacts::default()
        };
        assert!(!m("is:due", suspended), "suspended cards are never due");
        assert!(m("is:suspended", suspended));
        assert!(!m("source:q5", new));
    }
}
