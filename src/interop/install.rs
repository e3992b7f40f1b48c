//! Writing an imported deck into the data directory, all or nothing.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::ImportError;
use super::report::{ImportAction, ImportReport, Imported, OnExisting, REMOVED_TAG};
use crate::deck::{self, Block, Deck};

/// The folder of imported decks inside the data directory.
pub fn decks_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("decks")
}

/// Where the deck with this id is (or would be) stored.
pub fn deck_path(data_dir: &Path, id: &str) -> PathBuf {
    decks_dir(data_dir).join(format!("{id}.ron"))
}

/// The folder of a deck's pictures, relative to the decks folder.
pub fn assets_folder_name(id: &str) -> String {
    format!("{id}.assets")
}

/// A deck already known under some id.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingDeck {
    /// The deck.
    pub deck: Deck,
    /// Its file in the data directory, or `None` for a bundled deck.
    pub path: Option<PathBuf>,
}

/// The deck that has this id already, in the data directory or bundled.
pub fn existing_deck(data_dir: &Path, id: &str) -> Result<Option<ExistingDeck>, ImportError> {
    let path = deck_path(data_dir, id);
    if path.exists() {
        let deck =
            deck::load_deck(&path).map_err(|source| ImportError::ExistingUnreadable { source })?;
        return Ok(Some(ExistingDeck {
            deck,
            path: Some(path),
        }));
    }
    for bundled in crate::bundled::BUNDLED_DECKS {
        // Cheap test first: a bundled deck is only parsed if it could match.
        if !bundled.text.contains(&format!("\"{id}\"")) {
            continue;
        }
        if let Ok(deck) = deck::parse_deck(bundled.text, Path::new(bundled.path))
            && deck.id == id
        {
            return Ok(Some(ExistingDeck { deck, path: None }));
        }
    }
    Ok(None)
}

/// Writes `imported` into `<data_dir>/decks/`: its pictures into
/// `<id>.assets/`, then the deck as `<id>.ron`, atomically. On any error,
/// every file this call created is removed again and the deck file is
/// untouched.
pub fn install(
    imported: Imported,
    data_dir: &Path,
    on_existing: OnExisting,
) -> Result<ImportReport, ImportError> {
    let Imported {
        mut deck,
        assets,
        reviews,
        mut warnings,
        format,
        source,
    } = imported;

    let (action, old) = if deck_exists(data_dir, &deck.id) {
        match on_existing {
            OnExisting::Ask => {
                let title = existing_deck(data_dir, &deck.id)
                    .ok()
                    .flatten()
                    .map_or_else(|| "unreadable deck".to_owned(), |e| e.deck.title);
                return Err(ImportError::DeckExists { id: deck.id, title });
            }
            OnExisting::Update => {
                let found = existing_deck(data_dir, &deck.id)?;
                (ImportAction::Updated, found.map(|f| f.deck))
            }
            OnExisting::Copy => {
                deck.id = free_copy_id(data_dir, &deck.id);
                deck.title = format!("{} (copy)", deck.title);
                (ImportAction::Copied, None)
            }
        }
    } else {
        (ImportAction::Created, None)
    };

    let decks = decks_dir(data_dir);
    let assets_dir = decks.join(assets_folder_name(&deck.id));
    let placed = place_assets(&assets_dir, &assets)?;
    let id = deck.id.clone();
    relink_images(&mut deck, &id, &placed, &mut warnings);

    let mut added = deck.cards.len();
    let mut updated = 0;
    let mut to_suspend = Vec::new();
    if let Some(old) = old {
        let new_ids: HashSet<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        let old_ids: HashSet<&str> = old.cards.iter().map(|c| c.id.as_str()).collect();
        updated = new_ids.intersection(&old_ids).count();
        added = new_ids.len() - updated;
        let mut kept = Vec::new();
        for mut card in old.cards {
            if new_ids.contains(card.id.as_str()) {
                continue;
            }
            if !card.tags.iter().any(|t| t == REMOVED_TAG) {
                card.tags.push(REMOVED_TAG.to_owned());
            }
            to_suspend.push(card.id.clone());
            kept.push(card);
        }
        if !kept.is_empty() {
            warnings.push(format!(
                "{} card(s) of the old version are not in the new one; they are kept, tagged `{REMOVED_TAG}` and will be suspended",
                kept.len()
            ));
        }
        deck.cards.extend(kept);
    }

    let problems = deck::validate(&deck);
    if !problems.is_empty() {
        let list: Vec<String> = problems
            .iter()
            .take(10)
            .map(|p| p.message.clone())
            .collect();
        return Err(ImportError::invalid(
            &source,
            format!(
                "the imported deck would not be valid ({} problem(s): {}); nothing was written",
                problems.len(),
                list.join("; ")
            ),
        ));
    }
    let ron = deck::deck_to_ron(&deck).map_err(|e| {
        ImportError::invalid(&source, format!("the deck cannot be written as RON ({e})"))
    })?;

    let deck_file = deck_path(data_dir, &deck.id);
    let mut created: Vec<PathBuf> = Vec::new();
    let created_assets_dir = !assets_dir.exists();
    let result = write_all(&deck_file, &ron, &assets_dir, &placed, &mut created);
    if let Err(err) = result {
        for path in created.iter().rev() {
            // Best effort: these files are ours, written moments ago.
            let _ = fs::remove_file(path);
        }
        if created_assets_dir {
            let _ = fs::remove_dir(&assets_dir);
        }
        return Err(err);
    }

    Ok(ImportReport {
        deck_id: deck.id,
        title: deck.title,
        format,
        deck_path: deck_file,
        action,
        cards: deck.cards.len(),
        added,
        updated,
        to_suspend,
        reviews,
        assets: placed.values().filter(|p| p.new).count(),
        warnings,
    })
}

/// Where one asset goes.
#[derive(Debug, Clone)]
struct Placed {
    /// File name inside the assets folder.
    file_name: String,
    /// Its bytes.
    bytes: Vec<u8>,
    /// Whether the file must be written (false if an identical one is there).
    new: bool,
}

/// Chooses file names for the assets: the given name, or `name-2.ext`, ...
/// if a different file of that name is already there.
fn place_assets(
    assets_dir: &Path,
    assets: &BTreeMap<String, Vec<u8>>,
) -> Result<BTreeMap<String, Placed>, ImportError> {
    let mut out = BTreeMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (name, bytes) in assets {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_owned(), format!(".{e}")),
            _ => (name.clone(), String::new()),
        };
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                name.clone()
            } else {
                format!("{stem}-{n}{ext}")
            };
            n += 1;
            if taken.contains(&candidate) {
                continue;
            }
            let path = assets_dir.join(&candidate);
            let new = match fs::read(&path) {
                Ok(existing) if existing == *bytes => false,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
                Err(source) => return Err(ImportError::Write { path, source }),
            };
            taken.insert(candidate.clone());
            out.insert(
                name.clone(),
                Placed {
                    file_name: candidate,
                    bytes: bytes.clone(),
                    new,
                },
            );
            break;
        }
    }
    Ok(out)
}

/// Points image blocks that name an imported asset at its stored file.
fn relink_images(
    deck: &mut Deck,
    id: &str,
    placed: &BTreeMap<String, Placed>,
    warnings: &mut Vec<String>,
) {
    let folder = assets_folder_name(id);
    let mut missing = 0usize;
    for card in &mut deck.cards {
        for block in card.front.iter_mut().chain(card.back.iter_mut()) {
            if let Block::Image(image) = block {
                if let Some(p) = placed.get(&image.path) {
                    image.path = format!("{folder}/{}", p.file_name);
                } else if !image.path.starts_with(&format!("{folder}/")) {
                    missing += 1;
                }
            }
        }
    }
    if missing > 0 {
        warnings.push(format!(
            "{missing} picture(s) are referenced but were not found; their alt text is shown instead"
        ));
    }
}

fn write_all(
    deck_file: &Path,
    ron: &str,
    assets_dir: &Path,
    placed: &BTreeMap<String, Placed>,
    created: &mut Vec<PathBuf>,
) -> Result<(), ImportError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Write { path, source }
    };
    if placed.values().any(|p| p.new) {
        fs::create_dir_all(assets_dir).map_err(write_err(assets_dir))?;
        for p in placed.values().filter(|p| p.new) {
            let path = assets_dir.join(&p.file_name);
            crate::store::write_atomic(&path, &p.bytes).map_err(write_err(&path))?;
            created.push(path);
        }
    }
    crate::store::write_atomic(deck_file, ron.as_bytes()).map_err(write_err(deck_file))
}

/// Whether a deck with this id is in the data directory or bundled.
pub fn deck_exists(data_dir: &Path, id: &str) -> bool {
    deck_path(data_dir, id).exists()
        || crate::bundled::BUNDLED_DECKS.iter().any(|b| {
            b.text.contains(&format!("\"{id}\""))
                && deck::parse_deck(b.text, Path::new(b.path)).is_ok_and(|d| d.id == id)
        })
}

/// `<id>-copy`, `<id>-copy-2`, ...: the first id no deck has.
fn free_copy_id(data_dir: &Path, id: &str) -> String {
    let mut n = 1u32;
    loop {
        let candidate = if n == 1 {
            format!("{id}-copy")
        } else {
            format!("{id}-copy-{n}")
        };
        if !deck_exists(data_dir, &candidate) {
            return candidate;
        }
        n += 1;
    }
}
