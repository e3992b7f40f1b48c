//! Reading Anki packages (`.apkg`): the collection (schema 11 in
//! `collection.anki2`/`collection.anki21`, schema 18 zstd-compressed in
//! `collection.anki21b`), its notes, cards, review log and pictures.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::media::{self, MediaMap};
use super::proto;
use super::{GUID_PREFIX, cloze};
use crate::deck::{Block, Card, Deck};
use crate::interop::html::{self, HtmlNotes};
use crate::interop::report::{Imported, ReviewRecord};
use crate::interop::zipsafe::{self, SafeZip};
use crate::interop::{Format, ImportError, input, slug};

/// Largest collection database accepted, unpacked.
const MAX_COLLECTION_BYTES: u64 = 1 << 30;
/// Largest single picture accepted.
const MAX_PICTURE_BYTES: u64 = 64 << 20;

/// A notetype, reduced to what cards are made from.
#[derive(Debug, Clone, Default)]
struct Notetype {
    cloze: bool,
    /// Field names by position.
    fields: Vec<String>,
    /// Templates by ordinal: (question format, answer format).
    templates: BTreeMap<i64, (String, String)>,
}

/// Reads an Anki package into a deck. `progress` gets 0.0..=1.0.
pub fn import(path: &Path, progress: &dyn Fn(f32)) -> Result<Imported, ImportError> {
    input::check_file(path, input::MAX_PACKAGE_BYTES, "an Anki package")?;
    progress(0.0);
    let mut zip = SafeZip::open(path)?;
    let (entry, zstd) = if zip.contains("collection.anki21b") {
        ("collection.anki21b", true)
    } else if zip.contains("collection.anki21") {
        ("collection.anki21", false)
    } else if zip.contains("collection.anki2") {
        ("collection.anki2", false)
    } else {
        return Err(ImportError::invalid(
            path,
            "this zip holds no Anki collection (collection.anki2, .anki21 or .anki21b); it is not an Anki package",
        ));
    };
    let mut db = zip.read(entry, MAX_COLLECTION_BYTES)?.unwrap_or_default();
    if zstd {
        db = zipsafe::unzstd(&db, MAX_COLLECTION_BYTES.min(zip.budget()), path, entry)?;
        zip.charge(db.len() as u64, entry)?;
    }
    progress(0.1);
    let conn = open_collection(db, path, entry)?;
    let notetypes = read_notetypes(&conn, path)?;
    let decks = read_decks(&conn, path)?;
    let media_map = match zip.read("media", 256 << 20)? {
        Some(bytes) => media::parse_media(&bytes, zstd, path)?,
        None => MediaMap::new(),
    };
    // Picture name in the fields -> (zip entry, asset key).
    let mut pictures: HashMap<String, (String, String)> = HashMap::new();
    let mut keys_taken: HashSet<String> = HashSet::new();
    for (zip_name, name) in &media_map {
        if !media::is_picture(name) {
            continue;
        }
        let mut key = media::safe_media_name(name);
        let mut n = 2;
        while keys_taken.contains(&key) {
            key = format!("{n}-{}", media::safe_media_name(name));
            n += 1;
        }
        keys_taken.insert(key.clone());
        pictures.insert(name.clone(), (zip_name.clone(), key));
    }

    let mut warnings = Vec::new();
    let mut notes_html = HtmlNotes::default();
    let used_pictures = std::cell::RefCell::new(BTreeMap::<String, String>::new());
    let resolve = |src: &str| -> Option<String> {
        let decoded = percent_decode(src);
        let (zip_name, key) = pictures.get(src).or_else(|| pictures.get(&decoded))?;
        used_pictures
            .borrow_mut()
            .insert(key.clone(), zip_name.clone());
        Some(key.clone())
    };

    let total: i64 = conn
        .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
        .map_err(|e| sql_err(path, &e))?;
    let mut stmt = conn
        .prepare(
            "SELECT c.id, c.nid, c.did, c.ord, c.odid, n.guid, n.mid, n.tags, n.flds \
             FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.nid, c.ord",
        )
        .map_err(|e| sql_err(path, &e))?;
    let mut rows = stmt.query([]).map_err(|e| sql_err(path, &e))?;

    let mut cards: Vec<Card> = Vec::new();
    let mut card_deck: Vec<String> = Vec::new();
    let mut anki_card_to_id: HashMap<i64, String> = HashMap::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut guid_decks: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped_empty = 0usize;
    let mut unknown_type = 0usize;
    let mut done = 0i64;
    while let Some(row) = rows.next().map_err(|e| sql_err(path, &e))? {
        done += 1;
        if done % 2000 == 0 {
            progress(0.1 + 0.8 * (done as f32 / total.max(1) as f32));
        }
        let cid: i64 = row.get(0).map_err(|e| sql_err(path, &e))?;
        let nid: i64 = row.get(1).map_err(|e| sql_err(path, &e))?;
        let did: i64 = row.get(2).map_err(|e| sql_err(path, &e))?;
        let ord: i64 = row.get(3).map_err(|e| sql_err(path, &e))?;
        let odid: i64 = row.get(4).map_err(|e| sql_err(path, &e))?;
        let guid: String = text_col(row, 5);
        let mid: i64 = row.get(6).map_err(|e| sql_err(path, &e))?;
        let tags: String = text_col(row, 7);
        let flds: String = text_col(row, 8);

        let Some(notetype) = notetypes.get(&mid) else {
            unknown_type += 1;
            continue;
        };
        let values: Vec<&str> = flds.split('\x1f').collect();
        let field = |name: &str| -> &str {
            notetype
                .fields
                .iter()
                .position(|f| f.eq_ignore_ascii_case(name))
                .and_then(|i| values.get(i).copied())
                .unwrap_or("")
        };
        let (front_html, back_html) = if notetype.cloze {
            let (qfmt, afmt) = notetype
                .templates
                .values()
                .next()
                .cloned()
                .unwrap_or_default();
            let cloze_fields = referenced_fields(&qfmt, true);
            let number = ord + 1;
            let mut front = String::new();
            let mut back = String::new();
            for f in &cloze_fields {
                front.push_str(&cloze::render(field(f), number, false));
                back.push_str(&cloze::render(field(f), number, true));
            }
            for f in referenced_fields(&afmt, false) {
                if !cloze_fields.contains(&f) && !field(&f).trim().is_empty() {
                    back.push_str("<br>");
                    back.push_str(field(&f));
                }
            }
            (front, back)
        } else {
            let (qfmt, afmt) = notetype
                .templates
                .get(&ord)
                .cloned()
                .unwrap_or_else(|| ("{{Front}}".to_owned(), "{{Back}}".to_owned()));
            let front_fields = referenced_fields(&qfmt, false);
            let mut back_fields: Vec<String> = type_in_fields(&qfmt);
            for f in referenced_fields(&afmt, false) {
                if !front_fields.contains(&f) && !back_fields.contains(&f) {
                    back_fields.push(f);
                }
            }
            let join = |names: &[String]| {
                names
                    .iter()
                    .map(|n| field(n))
                    .filter(|v| !v.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            (join(&front_fields), join(&back_fields))
        };
        let front = html::to_blocks(&front_html, &resolve, &mut notes_html);
        let mut back = html::to_blocks(&back_html, &resolve, &mut notes_html);
        if front.is_empty() {
            skipped_empty += 1;
            continue;
        }
        if back.is_empty() {
            back.push(Block::Text("(empty)".to_owned()));
        }

        let mut id = match guid
            .strip_prefix(GUID_PREFIX)
            .and_then(|g| g.split_once('/'))
        {
            Some((deck_id, card_id))
                if slug::is_valid_id(card_id) && notetype.templates.len() <= 1 =>
            {
                *guid_decks.entry(deck_id.to_owned()).or_default() += 1;
                card_id.to_owned()
            }
            _ if notetype.cloze => format!("anki-{nid}-c{}", ord + 1),
            _ if notetype.templates.len() > 1 => format!("anki-{nid}-{}", ord + 1),
            _ => format!("anki-{nid}"),
        };
        if !ids.insert(id.clone()) {
            let base = id.clone();
            let mut n = 2;
            while !ids.insert(format!("{base}-{n}")) {
                n += 1;
            }
            id = format!("{base}-{n}");
        }
        anki_card_to_id.insert(cid, id.clone());
        let deck_id = if odid != 0 { odid } else { did };
        card_deck.push(decks.get(&deck_id).cloned().unwrap_or_default());
        cards.push(Card {
            id,
            tags: tags.split_whitespace().map(str::to_owned).collect(),
            source: String::new(),
            front,
            back,
            generated: false,
        });
    }
    drop(rows);
    drop(stmt);
    progress(0.9);

    if unknown_type > 0 {
        warnings.push(format!(
            "{unknown_type} card(s) use a note type the package does not define; they were left out"
        ));
    }
    if skipped_empty > 0 {
        warnings.push(format!(
            "{skipped_empty} card(s) have an empty question and were left out"
        ));
    }
    if notes_html.scripts > 0 {
        warnings.push(format!(
            "{} <script> element(s) were removed from the cards' HTML; they are never run",
            notes_html.scripts
        ));
    }
    if notes_html.sounds > 0 {
        warnings.push(format!(
            "{} sound reference(s) were removed; archdeck does not play sounds",
            notes_html.sounds
        ));
    }
    if notes_html.missing_images > 0 {
        warnings.push(format!(
            "{} picture(s) are not in the package's media; their names are shown instead",
            notes_html.missing_images
        ));
    }
    if cards.is_empty() {
        return Err(ImportError::invalid(
            path,
            "the package holds no cards archdeck can show (no notes, or only empty ones)",
        ));
    }

    // The deck: title from the common top-level Anki deck, subdecks as source.
    let (title, prefix) = common_deck(&card_deck).unwrap_or_else(|| {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        (stem, String::new())
    });
    for (card, deck_name) in cards.iter_mut().zip(&card_deck) {
        let rest = deck_name
            .strip_prefix(&prefix)
            .unwrap_or(deck_name)
            .trim_start_matches("::");
        rest.clone_into(&mut card.source);
    }
    let deck_id = match guid_decks.iter().max_by_key(|(_, n)| **n) {
        Some((id, n)) if *n == cards.len() && slug::is_valid_id(id) => id.clone(),
        _ => slug::slug(&title, "anki-deck"),
    };

    let reviews = read_reviews(&conn, path, &anki_card_to_id)?;

    let mut assets = BTreeMap::new();
    for (key, zip_name) in used_pictures.into_inner() {
        let Some(bytes) = zip.read(&zip_name, MAX_PICTURE_BYTES)? else {
            continue;
        };
        let bytes = if zstd {
            let out = zipsafe::unzstd(&bytes, MAX_PICTURE_BYTES, path, &zip_name)?;
            zip.charge(out.len() as u64, &zip_name)?;
            out
        } else {
            bytes
        };
        assets.insert(key, bytes);
    }
    let unused = pictures.len().saturating_sub(assets.len());
    let others = media_map.len() - pictures.len();
    if unused > 0 {
        warnings.push(format!(
            "{unused} picture(s) in the package are used by no card and were left out"
        ));
    }
    if others > 0 {
        warnings.push(format!(
            "{others} media file(s) that are not pictures (sounds, videos, fonts) were left out"
        ));
    }
    progress(1.0);

    Ok(Imported {
        deck: Deck {
            id: deck_id,
            title,
            version: 1,
            description: String::new(),
            cards,
            generate: Vec::new(),
        },
        assets,
        reviews,
        warnings,
        format: Format::Apkg,
        source: path.to_path_buf(),
    })
}

fn text_col(row: &rusqlite::Row<'_>, i: usize) -> String {
    match row.get_ref(i) {
        Ok(rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t)) => {
            String::from_utf8_lossy(t).into_owned()
        }
        Ok(rusqlite::types::ValueRef::Integer(n)) => n.to_string(),
        Ok(rusqlite::types::ValueRef::Real(x)) => x.to_string(),
        _ => String::new(),
    }
}

fn sql_err(path: &Path, e: &rusqlite::Error) -> ImportError {
    ImportError::invalid(
        path,
        format!("the package's collection cannot be read ({e}); it is damaged or not made by Anki"),
    )
}

/// Opens the collection bytes as a read-only in-memory database, after
/// checking it is `SQLite` and has Anki's tables.
fn open_collection(mut db: Vec<u8>, path: &Path, entry: &str) -> Result<Connection, ImportError> {
    if db.len() < 100 || !db.starts_with(b"SQLite format 3\0") {
        return Err(ImportError::invalid(
            path,
            format!(
                "`{entry}` in the package is not an SQLite database; the package is damaged or not made by Anki"
            ),
        ));
    }
    // A database saved in WAL mode is read as a plain one (no -wal file here).
    if db[18] == 2 {
        db[18] = 1;
    }
    if db[19] == 2 {
        db[19] = 1;
    }
    let mut conn = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_err(path, &e))?;
    // Anki's schema-18 tables index names with its own case-insensitive
    // collation; SQLite cannot plan queries on them without one.
    conn.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(|e| sql_err(path, &e))?;
    let len = db.len();
    conn.deserialize_read_exact("main", db.as_slice(), len, true)
        .map_err(|e| sql_err(path, &e))?;
    // Never run code a stranger's schema might hold.
    conn.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON;")
        .map_err(|e| sql_err(path, &e))?;
    let mut tables: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT name, type FROM sqlite_master")
            .map_err(|e| sql_err(path, &e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| sql_err(path, &e))?;
        for row in rows {
            let (name, kind) = row.map_err(|e| sql_err(path, &e))?;
            tables.insert(name, kind);
        }
    }
    for needed in ["col", "notes", "cards"] {
        if tables.get(needed).map(String::as_str) != Some("table") {
            return Err(ImportError::invalid(
                path,
                format!(
                    "`{entry}` is an SQLite database but not an Anki collection (it has no `{needed}` table)"
                ),
            ));
        }
    }
    Ok(conn)
}

fn has_rows(conn: &Connection, table: &str) -> bool {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )
    .is_ok_and(|n| n > 0)
        && conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok_and(|n| n > 0)
}

/// Notetypes from the schema-18 tables, or from `col.models` (schema 11).
fn read_notetypes(conn: &Connection, path: &Path) -> Result<HashMap<i64, Notetype>, ImportError> {
    let mut out: HashMap<i64, Notetype> = HashMap::new();
    if has_rows(conn, "notetypes") {
        let mut stmt = conn
            .prepare("SELECT id, name, config FROM notetypes")
            .map_err(|e| sql_err(path, &e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(2)?)))
            .map_err(|e| sql_err(path, &e))?;
        for row in rows {
            let (id, config) = row.map_err(|e| sql_err(path, &e))?;
            out.insert(
                id,
                Notetype {
                    cloze: proto::varint_field(&config, 1) == 1,
                    ..Notetype::default()
                },
            );
        }
        let mut stmt = conn
            .prepare("SELECT ntid, ord, name FROM fields")
            .map_err(|e| sql_err(path, &e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| sql_err(path, &e))?;
        // Sorted here, not in SQL: the tables' indexes use Anki's own
        // `unicase` collation, which this connection does not have.
        let mut fields: Vec<(i64, i64, String)> = Vec::new();
        for row in rows {
            fields.push(row.map_err(|e| sql_err(path, &e))?);
        }
        fields.sort();
        for (ntid, _, name) in fields {
            if let Some(nt) = out.get_mut(&ntid) {
                nt.fields.push(name);
            }
        }
        let mut stmt = conn
            .prepare("SELECT ntid, ord, config FROM templates")
            .map_err(|e| sql_err(path, &e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })
            .map_err(|e| sql_err(path, &e))?;
        for row in rows {
            let (ntid, ord, config) = row.map_err(|e| sql_err(path, &e))?;
            if let Some(nt) = out.get_mut(&ntid) {
                nt.templates.insert(
                    ord,
                    (
                        proto::string_field(&config, 1),
                        proto::string_field(&config, 2),
                    ),
                );
            }
        }
        return Ok(out);
    }
    let models: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .map_err(|e| sql_err(path, &e))?;
    let models: serde_json::Value = serde_json::from_str(&models).map_err(|e| {
        ImportError::invalid(
            path,
            format!("the collection's note types are not valid JSON ({e}); the package is damaged"),
        )
    })?;
    let Some(models) = models.as_object() else {
        return Err(ImportError::invalid(
            path,
            "the collection's note types are not a JSON object; the package is damaged",
        ));
    };
    for (id, m) in models {
        let id = m
            .get("id")
            .and_then(serde_json::Value::as_i64)
            .or_else(|| id.parse().ok());
        let Some(id) = id else { continue };
        let mut fields: Vec<(i64, String)> = m
            .get("flds")
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .enumerate()
                    .map(|(i, f)| {
                        (
                            f.get("ord")
                                .and_then(serde_json::Value::as_i64)
                                .unwrap_or(i as i64),
                            f.get("name")
                                .and_then(serde_json::Value::as_str)
                                .unwrap_or("")
                                .to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        fields.sort();
        let templates = m
            .get("tmpls")
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let s = |k: &str| {
                            t.get(k)
                                .and_then(serde_json::Value::as_str)
                                .unwrap_or("")
                                .to_owned()
                        };
                        (
                            t.get("ord")
                                .and_then(serde_json::Value::as_i64)
                                .unwrap_or(i as i64),
                            (s("qfmt"), s("afmt")),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.insert(
            id,
            Notetype {
                cloze: m.get("type").and_then(serde_json::Value::as_i64) == Some(1),
                fields: fields.into_iter().map(|(_, n)| n).collect(),
                templates,
            },
        );
    }
    Ok(out)
}

/// Deck names by id, with `::` between levels.
fn read_decks(conn: &Connection, path: &Path) -> Result<HashMap<i64, String>, ImportError> {
    let mut out = HashMap::new();
    if has_rows(conn, "decks") {
        let mut stmt = conn
            .prepare("SELECT id, name FROM decks")
            .map_err(|e| sql_err(path, &e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| sql_err(path, &e))?;
        for row in rows {
            let (id, name) = row.map_err(|e| sql_err(path, &e))?;
            out.insert(id, name.replace('\x1f', "::"));
        }
        return Ok(out);
    }
    let decks: String = conn
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .map_err(|e| sql_err(path, &e))?;
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&decks) {
        for (id, d) in map {
            if let (Ok(id), Some(name)) = (
                id.parse::<i64>(),
                d.get("name").and_then(serde_json::Value::as_str),
            ) {
                out.insert(id, name.to_owned());
            }
        }
    }
    Ok(out)
}

fn read_reviews(
    conn: &Connection,
    path: &Path,
    cards: &HashMap<i64, String>,
) -> Result<Vec<ReviewRecord>, ImportError> {
    let exists: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'revlog'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| sql_err(path, &e))?;
    if exists == 0 {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare("SELECT id, cid, ease, time, type FROM revlog ORDER BY id")
        .map_err(|e| sql_err(path, &e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .map_err(|e| sql_err(path, &e))?;
    let mut out = Vec::new();
    for row in rows {
        let (time_ms, cid, ease, taken_ms, kind) = row.map_err(|e| sql_err(path, &e))?;
        // Types 0-3 are answers (learn, review, relearn, filtered); 4+ are
        // manual reschedules with no answer.
        let (Some(card_id), true, Ok(grade)) =
            (cards.get(&cid), (0..=3).contains(&kind), u8::try_from(ease))
        else {
            continue;
        };
        if !(1..=4).contains(&grade) {
            continue;
        }
        out.push(ReviewRecord {
            card_id: card_id.clone(),
            time_ms,
            grade,
            answer_ms: u32::try_from(taken_ms.max(0)).unwrap_or(u32::MAX),
        });
    }
    Ok(out)
}

/// Field names a template shows, in order. With `cloze_only`, just the
/// `{{cloze:Field}}` ones; otherwise plain `{{Field}}` and filtered ones,
/// but not `{{type:...}}` (asked for, not shown) nor special names.
fn referenced_fields(template: &str, cloze_only: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        rest = &after[end + 2..];
        if inner.starts_with(['#', '^', '/', '!']) {
            continue;
        }
        let mut parts: Vec<&str> = inner.split(':').collect();
        let name = parts.pop().unwrap_or("").trim();
        let filters = parts;
        let is_cloze = filters.iter().any(|f| f.trim() == "cloze");
        let is_type = filters.iter().any(|f| f.trim() == "type");
        if cloze_only != is_cloze || is_type {
            continue;
        }
        if matches!(
            name,
            "FrontSide" | "Tags" | "Type" | "Deck" | "Subdeck" | "Card" | "CardFlag" | "CardID"
        ) {
            continue;
        }
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Fields asked for with `{{type:Field}}` (their value is the answer).
fn type_in_fields(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{type:") {
        let after = &rest[start + 7..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end]
            .rsplit(':')
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

/// The deck name all cards share at the top, and the prefix to strip.
fn common_deck(names: &[String]) -> Option<(String, String)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for n in names {
        let top = n.split("::").next().unwrap_or("");
        *counts.entry(top).or_default() += 1;
    }
    let (top, _) = counts
        .into_iter()
        .filter(|(t, _)| !t.is_empty())
        .max_by_key(|(_, c)| *c)?;
    Some((top.to_owned(), top.to_owned()))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_fields_are_found() {
        assert_eq!(
            referenced_fields("{{Front}}\n\n{{type:Back}}", false),
            ["Front"]
        );
        assert_eq!(type_in_fields("{{Front}}\n\n{{type:Back}}"), ["Back"]);
        assert_eq!(
            referenced_fields(
                "{{FrontSide}}<hr id=answer>{{#Extra}}{{Extra}}{{/Extra}}{{hint:Back}}",
                false
            ),
            ["Extra", "Back"]
        );
        assert_eq!(
            referenced_fields("{{cloze:Text}}<br>{{Back Extra}}", true),
            ["Text"]
        );
    }

    #[test]
    fn percent_names_decode() {
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
