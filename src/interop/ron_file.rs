//! archdeck's own format: a RON deck, optionally wrapped with its review
//! history as `DeckExport(deck: Deck(...), reviews: [...])`.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use super::report::{Imported, ReviewRecord};
use super::{ExportError, Format, ImportError, input};
use crate::deck::{self, Block, Deck, DeckError, Diagnostic};

/// Largest picture copied along with a deck.
const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

/// A deck with its review history, as one RON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "DeckExport", deny_unknown_fields)]
struct DeckExport {
    deck: Deck,
    #[serde(default)]
    reviews: Vec<Review>,
}

/// One review in a RON export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Review", deny_unknown_fields)]
struct Review {
    card: String,
    time_ms: i64,
    grade: u8,
    answer_ms: u32,
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// Reads a RON deck (or deck export), validated, with the pictures it
/// references copied from beside the file.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let text = input::read_text(path, "a RON deck")?;
    let mut warnings = Vec::new();
    let is_export = text
        .trim_start()
        .trim_start_matches('\u{feff}')
        .starts_with("DeckExport");
    let (mut deck, reviews) = if is_export {
        parse_export(&text, path, &mut warnings)?
    } else {
        (deck::parse_deck(&text, path)?, Vec::new())
    };
    let assets = collect_assets(&mut deck, path, &mut warnings);
    Ok(Imported {
        deck,
        assets,
        reviews,
        warnings,
        format: Format::Ron,
        source: path.to_path_buf(),
    })
}

fn parse_export(
    text: &str,
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<(Deck, Vec<ReviewRecord>), ImportError> {
    let export: DeckExport = ron_options().from_str(text).map_err(|e| {
        ImportError::Diagnostics(vec![Diagnostic::at(
            path,
            e.span.start.line,
            e.span.start.col,
            format!(
                "{} (the file is not a valid archdeck deck export here)",
                e.code
            ),
        )])
    })?;
    let problems = deck::validate(&export.deck);
    if !problems.is_empty() {
        let offset = deck::spans::scan(text)
            .and_then(|root| root.field("deck").map(|d| d.pos))
            .unwrap_or_default();
        let shifted = deck::locate_problems(&text[offset.offset..], path, &problems)
            .into_iter()
            .map(|mut d| {
                if d.line == 1 {
                    d.column += offset.column.saturating_sub(1);
                }
                d.line += offset.line.saturating_sub(1);
                d
            })
            .collect();
        return Err(DeckError::Invalid(shifted).into());
    }
    let ids: std::collections::HashSet<&str> =
        export.deck.cards.iter().map(|c| c.id.as_str()).collect();
    let mut reviews = Vec::with_capacity(export.reviews.len());
    let mut dropped = 0usize;
    for r in &export.reviews {
        if ids.contains(r.card.as_str()) && (1..=4).contains(&r.grade) {
            reviews.push(ReviewRecord {
                card_id: r.card.clone(),
                time_ms: r.time_ms,
                grade: r.grade,
                answer_ms: r.answer_ms,
            });
        } else {
            dropped += 1;
        }
    }
    if dropped > 0 {
        warnings.push(format!(
            "{dropped} review(s) name a card the deck does not have or a grade outside 1-4; they were left out"
        ));
    }
    reviews.sort();
    Ok((export.deck, reviews))
}

/// Copies pictures referenced by image blocks from beside `deck_file` into
/// memory, renaming the blocks to the asset keys.
pub(crate) fn collect_assets(
    deck: &mut Deck,
    deck_file: &Path,
    warnings: &mut Vec<String>,
) -> BTreeMap<String, Vec<u8>> {
    let base = deck_file.parent().unwrap_or(Path::new("."));
    let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut by_path: BTreeMap<String, String> = BTreeMap::new();
    let mut missing = Vec::new();
    for card in &mut deck.cards {
        for block in card.front.iter_mut().chain(card.back.iter_mut()) {
            let Block::Image(image) = block else { continue };
            if let Some(key) = by_path.get(&image.path) {
                image.path.clone_from(key);
                continue;
            }
            let relative = Path::new(&image.path);
            // Validation already refused `..` and absolute paths; check again
            // because this is where a file is actually opened.
            if relative
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
            {
                missing.push(image.path.clone());
                continue;
            }
            let full = base.join(relative);
            match input::read_limited(&full, MAX_ASSET_BYTES, "a picture") {
                Ok(bytes) => {
                    let name = super::anki::media::safe_media_name(
                        relative
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .as_deref()
                            .unwrap_or("picture"),
                    );
                    let key = unique_key(&assets, &name, &bytes);
                    assets.insert(key.clone(), bytes);
                    by_path.insert(image.path.clone(), key.clone());
                    image.path = key;
                }
                Err(_) => missing.push(image.path.clone()),
            }
        }
    }
    if !missing.is_empty() {
        warnings.push(format!(
            "{} picture(s) could not be read next to the deck file and are shown by their alt text: {}",
            missing.len(),
            missing.join(", ")
        ));
    }
    assets
}

/// `name`, or `name-2.ext`, ... unless the same bytes are stored under it.
pub(crate) fn unique_key(assets: &BTreeMap<String, Vec<u8>>, name: &str, bytes: &[u8]) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    let mut n = 1;
    loop {
        let key = if n == 1 {
            name.to_owned()
        } else {
            format!("{stem}-{n}{ext}")
        };
        match assets.get(&key) {
            None => return key,
            Some(existing) if existing == bytes => return key,
            Some(_) => n += 1,
        }
    }
}

/// The RON text of a deck, with its review history if `reviews` is given.
pub fn to_text(deck: &Deck, reviews: Option<&[ReviewRecord]>) -> Result<String, ron::Error> {
    let Some(reviews) = reviews else {
        return deck::deck_to_ron(deck);
    };
    let mut reviews: Vec<Review> = reviews
        .iter()
        .map(|r| Review {
            card: r.card_id.clone(),
            time_ms: r.time_ms,
            grade: r.grade,
            answer_ms: r.answer_ms,
        })
        .collect();
    reviews.sort_by(|a, b| (a.time_ms, &a.card).cmp(&(b.time_ms, &b.card)));
    let export = DeckExport {
        deck: deck.clone(),
        reviews,
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .escape_strings(false)
        .extensions(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .indentor("    ".to_owned());
    ron_options().to_string_pretty(&export, config)
}

/// Writes the deck as RON to `out`.
pub fn export(
    deck: &Deck,
    out: &Path,
    reviews: Option<&[ReviewRecord]>,
) -> Result<(), ExportError> {
    let text = to_text(deck, reviews).map_err(|e| ExportError::Encode {
        path: out.to_path_buf(),
        format: "RON",
        message: e.to_string(),
    })?;
    crate::store::write_atomic(out, text.as_bytes()).map_err(|source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_deck() -> Deck {
        deck::parse_deck(
            r#"Deck(id: "d", title: "T", cards: [Card(id: "a", front: [Text("q")], back: [Text("a")])])"#,
            Path::new("d.ron"),
        )
        .expect("valid")
    }

    #[test]
    fn export_with_history_parses_back() {
        let deck = small_deck();
        let reviews = vec![ReviewRecord {
            card_id: "a".into(),
            time_ms: 1_700_000_000_000,
            grade: 3,
            answer_ms: 4200,
        }];
        let text = to_text(&deck, Some(&reviews)).expect("ron");
        assert!(text.starts_with("DeckExport("), "{text}");
        let mut warnings = Vec::new();
        let (back, got) = parse_export(&text, Path::new("x.ron"), &mut warnings).expect("parse");
        assert_eq!(back, deck);
        assert_eq!(got, reviews);
        assert!(warnings.is_empty());
    }

    #[test]
    fn invalid_deck_inside_export_is_positioned_in_the_file() {
        let text = "DeckExport(\n  deck: Deck(id: \"d\", title: \"T\", cards: [\n    Card(id: \"a\", front: [Text(\"\")], back: [Text(\"a\")]),\n  ]),\n  reviews: [],\n)";
        let mut warnings = Vec::new();
        let err = parse_export(text, Path::new("x.ron"), &mut warnings).expect_err("invalid");
        let ImportError::Deck(DeckError::Invalid(d)) = err else {
            panic!("expected positioned problems, got {err:?}");
        };
        assert_eq!(d[0].line, 3, "{d:?}");
        assert!(d[0].message.contains("empty front"), "{d:?}");
    }
}
