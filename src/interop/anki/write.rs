//! Writing a deck as an Anki package: a schema-11 collection in
//! `collection.anki2` (the layout every Anki version since 2.0 imports),
//! the JSON media list and the pictures.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, params};
use serde_json::json;
use zip::write::SimpleFileOptions;

use super::GUID_PREFIX;
use super::media::safe_media_name;
use super::sha1::field_checksum;
use crate::deck::{Block, Deck};
use crate::interop::html;
use crate::interop::{ExportError, ExportOptions, slug};

/// The id of archdeck's note type in every export: stable, so Anki reuses
/// it across imports instead of adding a copy each time.
const NOTETYPE_ID: i64 = 1_720_000_000_001;

/// Largest picture put in a package.
const MAX_PICTURE_BYTES: u64 = 64 << 20;

const SCHEMA: &str = "
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
  time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

const CSS: &str = ".card {\n  font-family: sans-serif;\n  font-size: 18px;\n  line-height: 1.5;\n  text-align: left;\n  color: black;\n  background-color: white;\n}\ntable { border-collapse: collapse; }\nth, td { border: 1px solid #999; padding: 2px 6px; }\npre { white-space: pre-wrap; }\n";

/// Writes `deck` as an Anki package to `out`; returns warnings.
pub fn export(
    deck: &Deck,
    out: &Path,
    options: &ExportOptions<'_>,
) -> Result<Vec<String>, ExportError> {
    let encode = |message: String| ExportError::Encode {
        path: out.to_path_buf(),
        format: "an Anki package",
        message,
    };
    let sql = |e: rusqlite::Error| encode(format!("SQLite: {e}"));
    let mut warnings = Vec::new();

    // Pictures: deck path -> media file name, with their bytes.
    let mut media_names: BTreeMap<String, String> = BTreeMap::new();
    let mut media: Vec<(String, Vec<u8>)> = Vec::new();
    let mut missing = 0usize;
    for card in &deck.cards {
        for block in card.blocks() {
            let Block::Image(image) = block else { continue };
            if media_names.contains_key(&image.path) {
                continue;
            }
            let bytes = options.deck_dir.and_then(|dir| {
                crate::interop::input::read_limited(
                    &dir.join(&image.path),
                    MAX_PICTURE_BYTES,
                    "a picture",
                )
                .ok()
            });
            let mut name = safe_media_name(&image.path);
            let mut n = 2;
            while media.iter().any(|(m, _)| *m == name) {
                name = format!("{n}-{}", safe_media_name(&image.path));
                n += 1;
            }
            media_names.insert(image.path.clone(), name.clone());
            match bytes {
                Some(bytes) => media.push((name, bytes)),
                None => missing += 1,
            }
        }
    }
    if missing > 0 {
        warnings.push(format!(
            "{missing} picture(s) could not be read from the deck's folder and are missing from the package"
        ));
    }
    let image_name = |path: &str| {
        media_names
            .get(path)
            .cloned()
            .unwrap_or_else(|| safe_media_name(path))
    };

    let mut conn = Connection::open_in_memory().map_err(sql)?;
    conn.execute_batch(SCHEMA).map_err(sql)?;
    let now_ms = if options.now_ms > 0 {
        options.now_ms
    } else {
        1_700_000_000_000
    };
    let now_secs = now_ms / 1000;
    let target_deck_id =
        1_700_000_000_000 + i64::try_from(slug::fnv64(&deck.id) % 100_000_000_000).unwrap_or(0);

    {
        let tx = conn.unchecked_transaction().map_err(sql)?;
        let mut note_stmt = tx
            .prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")
            .map_err(sql)?;
        let mut card_stmt = tx
            .prepare("INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '{}')")
            .map_err(sql)?;
        for (i, card) in deck.cards.iter().enumerate() {
            let id = now_ms + i as i64;
            let front = html::from_blocks(&card.front, &image_name);
            let back = html::from_blocks(&card.back, &image_name);
            let sort = html::plain_text(&front);
            let tags = if card.tags.is_empty() {
                String::new()
            } else {
                let tags: Vec<String> = card
                    .tags
                    .iter()
                    .map(|t| t.replace(char::is_whitespace, "_"))
                    .collect();
                format!(" {} ", tags.join(" "))
            };
            note_stmt
                .execute(params![
                    id,
                    format!("{GUID_PREFIX}{}/{}", deck.id, card.id),
                    NOTETYPE_ID,
                    now_secs,
                    tags,
                    format!("{front}\x1f{back}"),
                    sort,
                    field_checksum(&sort),
                ])
                .map_err(sql)?;
            card_stmt
                .execute(params![id, id, target_deck_id, now_secs, i as i64 + 1])
                .map_err(sql)?;
        }
        drop(note_stmt);
        drop(card_stmt);
        tx.commit().map_err(sql)?;
    }

    let col_conf = json!({
        "activeDecks": [1], "curDeck": 1, "newSpread": 0, "collapseTime": 1200,
        "timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": NOTETYPE_ID,
        "nextPos": deck.cards.len() + 1, "sortType": "noteFld", "sortBackwards": false,
        "addToCur": true, "schedVer": 2, "creationOffset": 0, "dayLearnFirst": false
    });
    let field = |name: &str, ord: i64| {
        json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
               "size": 20, "media": [], "description": "", "plainText": false,
               "collapsed": false, "excludeFromSearch": false})
    };
    let models = json!({
        NOTETYPE_ID.to_string(): {
            "id": NOTETYPE_ID, "name": "archdeck", "type": 0, "mod": now_secs, "usn": -1,
            "sortf": 0, "did": target_deck_id, "tags": [], "vers": [],
            "tmpls": [{
                "name": "Card 1", "ord": 0, "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
                "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0
            }],
            "flds": [field("Front", 0), field("Back", 1)],
            "css": CSS,
            "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
            "latexPost": "\\end{document}",
            "latexsvg": false,
            "req": [[0, "any", [0]]]
        }
    });
    let anki_deck = |id: i64, name: &str, desc: &str| {
        json!({"id": id, "mod": now_secs, "name": name, "usn": -1, "lrnToday": [0, 0],
               "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0],
               "collapsed": false, "browserCollapsed": false, "desc": desc, "dyn": 0,
               "conf": 1, "extendNew": 0, "extendRev": 0})
    };
    let decks = json!({
        "1": anki_deck(1, "Default", ""),
        target_deck_id.to_string(): anki_deck(target_deck_id, &deck.title, &deck.description),
    });
    let dconf = json!({"1": {
        "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20},
        "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}
    }});
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            now_secs - now_secs.rem_euclid(86_400),
            now_ms,
            col_conf.to_string(),
            models.to_string(),
            decks.to_string(),
            dconf.to_string()
        ],
    )
    .map_err(sql)?;
    let db = conn.serialize("main").map_err(sql)?;

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let zip_err = |e: zip::result::ZipError| encode(format!("zip: {e}"));
    let io_err = |e: std::io::Error| encode(format!("zip: {e}"));
    zip.start_file("collection.anki2", deflate)
        .map_err(zip_err)?;
    zip.write_all(&db).map_err(io_err)?;
    let media_list: BTreeMap<String, &str> = media
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (i.to_string(), name.as_str()))
        .collect();
    zip.start_file("media", deflate).map_err(zip_err)?;
    zip.write_all(
        serde_json::to_string(&media_list)
            .map_err(|e| encode(e.to_string()))?
            .as_bytes(),
    )
    .map_err(io_err)?;
    for (i, (_, bytes)) in media.iter().enumerate() {
        zip.start_file(i.to_string(), deflate).map_err(zip_err)?;
        zip.write_all(bytes).map_err(io_err)?;
    }
    let bytes = zip.finish().map_err(zip_err)?.into_inner();
    crate::store::write_atomic(out, &bytes).map_err(|source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    Ok(warnings)
}
