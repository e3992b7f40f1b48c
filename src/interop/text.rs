//! Anki-compatible text (tab-separated, with `#separator:`, `#html:`,
//! `#tags column:` headers) and CSV.
//!
//! TSV export is what Anki's "Notes in Plain Text" writes, with HTML fields
//! and the guid column, so Anki imports it and updates the same notes.
//! CSV export is for spreadsheets: a header row `id,front,back,tags,source`
//! and light-Markdown cells. Both import back.

use std::collections::HashSet;
use std::path::Path;

use super::anki::{GUID_PREFIX, cloze};
use super::html::{self, HtmlNotes};
use super::report::Imported;
use super::{ExportError, Format, ImportError, input, markdown, slug, text_markup};
use crate::deck::{Block, Card, Deck, Diagnostic};

/// Header settings of an Anki text file.
#[derive(Debug, Clone, Default)]
struct Headers {
    separator: Option<u8>,
    html: Option<bool>,
    tags_column: Option<usize>,
    guid_column: Option<usize>,
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    deck: Option<String>,
    tags: Vec<String>,
    lines: usize,
}

fn separator(name: &str) -> Option<u8> {
    match name.trim().to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Some(b'\t'),
        "comma" | "," => Some(b','),
        "semicolon" | ";" => Some(b';'),
        "space" | " " => Some(b' '),
        "pipe" | "|" => Some(b'|'),
        "colon" | ":" => Some(b':'),
        other => other
            .as_bytes()
            .first()
            .copied()
            .filter(|_| other.len() == 1),
    }
}

fn parse_headers(text: &str) -> Headers {
    let mut h = Headers::default();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = rest.split_once(':') else {
            break;
        };
        let column = || value.trim().parse::<usize>().ok().filter(|&n| n > 0);
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => h.separator = separator(value),
            "html" => h.html = Some(value.trim().eq_ignore_ascii_case("true")),
            "tags column" => h.tags_column = column(),
            "guid column" => h.guid_column = column(),
            "notetype column" => h.notetype_column = column(),
            "deck column" => h.deck_column = column(),
            "deck" => h.deck = Some(value.trim().to_owned()),
            "tags" => h.tags = value.split_whitespace().map(str::to_owned).collect(),
            _ => {}
        }
        h.lines += 1;
    }
    h
}

/// Reads a TSV or CSV file as a deck.
pub fn import(path: &Path, format: Format) -> Result<Imported, ImportError> {
    let text = input::read_text(path, "a text deck")?;
    let headers = parse_headers(&text);
    let body: String = text
        .lines()
        .skip(headers.lines)
        .collect::<Vec<_>>()
        .join("\n");
    let first_line = body.lines().next().unwrap_or("");
    // CSV unless the first line has more tabs than commas.
    let sep = headers.separator.unwrap_or(
        if format == Format::Csv
            && first_line.matches(',').count() >= first_line.matches('\t').count()
        {
            b','
        } else {
            b'\t'
        },
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e
                .position()
                .map_or(0, |p| p.line() as usize + headers.lines);
            ImportError::Diagnostics(vec![Diagnostic::at(
                path,
                line,
                0,
                format!(
                    "this line cannot be read as {} ({e}); check its quotes",
                    if sep == b'\t' {
                        "tab-separated text"
                    } else {
                        "CSV"
                    }
                ),
            )])
        })?;
        let line = record
            .position()
            .map_or(0, |p| p.line() as usize + headers.lines);
        records.push((line, record.iter().map(str::to_owned).collect()));
    }

    // A spreadsheet header row names the columns.
    let mut named: Option<Vec<String>> = None;
    if headers.lines == 0
        && let Some((_, first)) = records.first()
    {
        let lower: Vec<String> = first
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect();
        if lower.iter().any(|c| c == "front" || c == "question") {
            named = Some(lower);
            records.remove(0);
        }
    }
    let col = |name: &[&str]| {
        named
            .as_ref()
            .and_then(|n| n.iter().position(|c| name.contains(&c.as_str())))
    };
    let id_col = col(&["id"]);
    let front_col = col(&["front", "question"]);
    let back_col = col(&["back", "answer"]);
    let tags_col = col(&["tags"]).or(headers.tags_column.map(|c| c - 1));
    let source_col = col(&["source"]);
    let guid_col = headers.guid_column.map(|c| c - 1);
    let special: HashSet<usize> = [
        tags_col,
        guid_col,
        headers.notetype_column.map(|c| c - 1),
        headers.deck_column.map(|c| c - 1),
        id_col,
        source_col,
    ]
    .into_iter()
    .flatten()
    .collect();

    let is_html = headers.html.unwrap_or_else(|| {
        named.is_none()
            && records
                .iter()
                .take(50)
                .any(|(_, r)| r.iter().any(|c| c.contains("</") || c.contains("<br")))
    });
    let mut notes = HtmlNotes::default();
    let no_images = |_: &str| None;
    let to_blocks = |s: &str, notes: &mut HtmlNotes| -> Vec<Block> {
        if is_html {
            html::to_blocks(s, &no_images, notes)
        } else if named.is_some() {
            markdown::blocks_from_text(s)
        } else if s.trim().is_empty() {
            Vec::new()
        } else {
            vec![Block::Text(s.trim().to_owned())]
        }
    };

    let mut cards = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut skipped = Vec::new();
    let mut deck_names: Vec<String> = Vec::new();
    for (line, record) in &records {
        let fields: Vec<&str> = match (front_col, back_col) {
            (Some(f), b) => {
                let mut v = vec![record.get(f).map_or("", String::as_str)];
                v.push(b.and_then(|b| record.get(b)).map_or("", String::as_str));
                v
            }
            _ => record
                .iter()
                .enumerate()
                .filter(|(i, _)| !special.contains(i))
                .map(|(_, c)| c.as_str())
                .collect(),
        };
        let front_raw = fields.first().copied().unwrap_or("");
        if front_raw.trim().is_empty() {
            if record.iter().any(|c| !c.trim().is_empty()) {
                skipped.push(line.to_string());
            }
            continue;
        }
        let mut tags: Vec<String> = headers.tags.clone();
        if let Some(t) = tags_col.and_then(|c| record.get(c)) {
            tags.extend(t.split_whitespace().map(str::to_owned));
        }
        if let Some(d) = headers.deck_column.and_then(|c| record.get(c - 1)) {
            deck_names.push(d.clone());
        }
        let base_id = id_col
            .and_then(|c| record.get(c))
            .filter(|id| slug::is_valid_id(id))
            .cloned()
            .or_else(|| {
                guid_col.and_then(|c| record.get(c)).map(|g| {
                    match g.strip_prefix(GUID_PREFIX).and_then(|g| g.split_once('/')) {
                        Some((_, card)) if slug::is_valid_id(card) => card.to_owned(),
                        _ if slug::is_valid_id(g) => g.clone(),
                        _ => format!("t-{:012x}", slug::fnv64(g) >> 16),
                    }
                })
            })
            .unwrap_or_else(|| format!("t-{:012x}", slug::fnv64(front_raw) >> 16));
        let source = source_col
            .and_then(|c| record.get(c))
            .cloned()
            .unwrap_or_default();
        let extra: Vec<&str> = fields
            .iter()
            .skip(2)
            .copied()
            .filter(|f| !f.trim().is_empty())
            .collect();
        let numbers = cloze::numbers(front_raw);
        let sides: Vec<(String, String, String)> = if numbers.is_empty() {
            let mut back = fields.get(1).copied().unwrap_or("").to_owned();
            for e in &extra {
                back.push_str(if is_html { "<br>" } else { "\n" });
                back.push_str(e);
            }
            vec![(base_id.clone(), front_raw.to_owned(), back)]
        } else {
            let mark = if is_html {
                ("<b>", "</b>")
            } else {
                ("**", "**")
            };
            numbers
                .iter()
                .map(|&n| {
                    let mut back = cloze::render_with(front_raw, n, true, mark);
                    for e in fields.iter().skip(1).filter(|f| !f.trim().is_empty()) {
                        back.push_str(if is_html { "<br>" } else { "\n" });
                        back.push_str(e);
                    }
                    (
                        format!("{base_id}-c{n}"),
                        cloze::render_with(front_raw, n, false, mark),
                        back,
                    )
                })
                .collect()
        };
        for (id, front, back) in sides {
            let front = to_blocks(&front, &mut notes);
            let mut back = to_blocks(&back, &mut notes);
            if front.is_empty() {
                skipped.push(line.to_string());
                continue;
            }
            if back.is_empty() {
                back.push(Block::Text("(empty)".to_owned()));
            }
            let mut id = id;
            if !ids.insert(id.clone()) {
                let mut n = 2;
                while !ids.insert(format!("{id}-{n}")) {
                    n += 1;
                }
                id = format!("{id}-{n}");
            }
            cards.push(Card {
                id,
                tags: tags.clone(),
                source: source.clone(),
                front,
                back,
                generated: false,
            });
        }
    }
    let mut warnings = Vec::new();
    if !skipped.is_empty() {
        warnings.push(format!(
            "{} line(s) with an empty first field were left out (lines {})",
            skipped.len(),
            skipped
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if notes.scripts > 0 {
        warnings.push(format!(
            "{} <script> element(s) were removed; they are never run",
            notes.scripts
        ));
    }
    if notes.missing_images > 0 {
        warnings.push(format!(
            "{} picture(s) were referenced but a text file carries no media; their names are shown instead",
            notes.missing_images
        ));
    }
    if cards.is_empty() {
        return Err(ImportError::invalid(
            path,
            "the file holds no notes (every line is empty or a header)",
        ));
    }
    let title = headers
        .deck
        .or_else(|| {
            deck_names
                .first()
                .map(|d| d.split("::").next().unwrap_or(d).to_owned())
        })
        .unwrap_or_else(|| {
            path.file_stem().map_or_else(
                || "Imported deck".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            )
        });
    Ok(Imported {
        deck: Deck {
            id: slug::slug(&title, "imported-deck"),
            title,
            version: 1,
            description: String::new(),
            cards,
            generate: Vec::new(),
        },
        assets: std::collections::BTreeMap::new(),
        reviews: Vec::new(),
        warnings,
        format,
        source: path.to_path_buf(),
    })
}

/// The deck as Anki text (TSV) or spreadsheet CSV.
pub fn to_text(deck: &Deck, format: Format) -> Result<String, String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(if format == Format::Csv { b',' } else { b'\t' })
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let mut out = String::new();
    if format == Format::Csv {
        writer
            .write_record(["id", "front", "back", "tags", "source"])
            .map_err(|e| e.to_string())?;
        for card in &deck.cards {
            writer
                .write_record([
                    card.id.as_str(),
                    markdown_of(&card.front).as_str(),
                    markdown_of(&card.back).as_str(),
                    card.tags.join(" ").as_str(),
                    card.source.as_str(),
                ])
                .map_err(|e| e.to_string())?;
        }
    } else {
        out.push_str("#separator:tab\n#html:true\n#guid column:1\n#tags column:4\n");
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
        for card in &deck.cards {
            let tags: Vec<String> = card
                .tags
                .iter()
                .map(|t| t.replace(char::is_whitespace, "_"))
                .collect();
            writer
                .write_record([
                    format!("{GUID_PREFIX}{}/{}", deck.id, card.id),
                    html::from_blocks(&card.front, &name),
                    html::from_blocks(&card.back, &name),
                    tags.join(" "),
                ])
                .map_err(|e| e.to_string())?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    out.push_str(&String::from_utf8_lossy(&bytes));
    Ok(out)
}

fn markdown_of(blocks: &[Block]) -> String {
    let deck = Deck {
        id: "x".into(),
        title: "x".into(),
        version: 1,
        description: String::new(),
        cards: Vec::new(),
        generate: Vec::new(),
    };
    let _ = deck;
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Text(t) => out.push_str(t.trim_end()),
            other => {
                let card = Card {
                    id: "x".into(),
                    tags: Vec::new(),
                    source: String::new(),
                    front: vec![Block::Text("x".into())],
                    back: vec![other.clone()],
                    generated: false,
                };
                let md = markdown::to_markdown(&Deck {
                    id: "x".into(),
                    title: "x".into(),
                    version: 1,
                    description: String::new(),
                    cards: vec![card],
                    generate: Vec::new(),
                });
                let body = md.split_once("-->\n\n").map_or(md.as_str(), |(_, b)| b);
                out.push_str(body.trim_end());
            }
        }
        out.push_str("\n\n");
    }
    let _ = text_markup::plain;
    out.trim_end().to_owned()
}

/// Writes the deck as TSV or CSV to `out`.
pub fn export(deck: &Deck, out: &Path, format: Format) -> Result<Vec<String>, ExportError> {
    let text = to_text(deck, format).map_err(|message| ExportError::Encode {
        path: out.to_path_buf(),
        format: if format == Format::Csv {
            "CSV"
        } else {
            "tab-separated text"
        },
        message,
    })?;
    crate::store::write_atomic(out, text.as_bytes()).map_err(|source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let pictures = deck
        .cards
        .iter()
        .flat_map(Card::blocks)
        .filter(|b| matches!(b, Block::Image(_)))
        .count();
    Ok(if pictures > 0 {
        vec![format!(
            "{pictures} picture(s) are referenced by name only; a text file cannot carry them"
        )]
    } else {
        Vec::new()
    })
}
