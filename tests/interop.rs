//! Import and export: round trips, packages Anki wrote, packages Anki must
//! read, the seed document, and hostile input.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use archdeck::deck::{self, Block, Card, Deck};
use archdeck::interop::{
    self, ExportOptions, Format, ImportAction, ImportError, OnExisting, REMOVED_TAG, ReviewRecord,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interop");
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/seed/system-design-qa-1.txt"
);
/// The anki version the fixtures were made with and CI installs.
const ANKI_VERSION: &str = "26.9.3";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn bundled() -> Deck {
    let b = &archdeck::bundled::BUNDLED_DECKS[0];
    deck::parse_deck(b.text, Path::new(b.path)).expect("bundled deck is valid")
}

/// Blocks as formats other than RON keep them: the basic kinds (occlusion
/// and cloze blocks of generated cards become diagrams and tables, typed
/// answers are dropped).
fn basic(blocks: &[Block]) -> Vec<Block> {
    blocks.iter().filter_map(Block::basic).collect()
}

/// Answers to cards `a` (Good) and `b` (Again) of a [`small_deck`].
fn two_reviews() -> Vec<ReviewRecord> {
    vec![
        ReviewRecord {
            card_id: "a".into(),
            time_ms: 1_700_000_000_000,
            grade: 3,
            answer_ms: 5000,
        },
        ReviewRecord {
            card_id: "b".into(),
            time_ms: 1_700_000_100_000,
            grade: 1,
            answer_ms: 800,
        },
    ]
}

fn small_deck(id: &str, cards: &[(&str, &str)]) -> Deck {
    Deck {
        id: id.to_owned(),
        title: format!("Deck {id}"),
        version: 1,
        description: String::new(),
        cards: cards
            .iter()
            .map(|(cid, text)| Card {
                id: (*cid).to_owned(),
                tags: vec!["t".to_owned()],
                source: String::new(),
                front: vec![Block::Text(format!("Q {text}"))],
                back: vec![Block::Text(format!("A {text}"))],
                generated: false,
            })
            .collect(),
        generate: Vec::new(),
    }
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out.sort();
    out
}

fn import(
    path: &Path,
    data: &Path,
    on_existing: OnExisting,
) -> Result<interop::ImportReport, ImportError> {
    interop::import_file(path, None, data, on_existing, &|_| {})
}

fn no_progress(_: f32) {}

// ---------------------------------------------------------------- RON

#[test]
fn ron_round_trip_is_exact() {
    let dir = tempfile::tempdir().expect("tmp");
    let deck = bundled();
    let out = dir.path().join("export.ron");
    interop::export_deck(&deck, Format::Ron, &out, &ExportOptions::default()).expect("export");
    let exported = std::fs::read_to_string(&out).expect("read");
    assert_eq!(exported, deck::deck_to_ron(&deck).expect("ron"));

    let data = dir.path().join("data");
    // The bundled deck has this id, so this is an update in place.
    let report = import(&out, &data, OnExisting::Update).expect("import");
    assert_eq!(report.action, ImportAction::Updated);
    assert_eq!(report.deck_path, data.join("decks/system-design-1.ron"));
    let written = std::fs::read_to_string(&report.deck_path).expect("written");
    assert_eq!(written, exported, "RON -> RON must be byte for byte");
    assert_eq!(deck::load_deck(&report.deck_path).expect("loads"), deck);
}

#[test]
fn ron_export_with_history_keeps_the_reviews() {
    let dir = tempfile::tempdir().expect("tmp");
    let deck = small_deck("hist", &[("a", "1"), ("b", "2")]);
    let reviews = two_reviews();
    let out = dir.path().join("hist.ron");
    let options = ExportOptions {
        reviews: Some(&reviews),
        ..ExportOptions::default()
    };
    interop::export_deck(&deck, Format::Ron, &out, &options).expect("export");
    let report = import(&out, &dir.path().join("data"), OnExisting::Ask).expect("import");
    assert_eq!(report.reviews, reviews);
    assert_eq!(deck::load_deck(&report.deck_path).expect("loads"), deck);
}

#[test]
fn existing_ids_are_updated_in_place_or_copied_never_dropped() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let v1 = dir.path().join("v1.ron");
    let v2 = dir.path().join("v2.ron");
    let none = ExportOptions::default();
    interop::export_deck(
        &small_deck("dk", &[("a", "1"), ("b", "2"), ("c", "3")]),
        Format::Ron,
        &v1,
        &none,
    )
    .expect("v1");
    interop::export_deck(
        &small_deck("dk", &[("a", "1 edited"), ("d", "4")]),
        Format::Ron,
        &v2,
        &none,
    )
    .expect("v2");
    import(&v1, &data, OnExisting::Ask).expect("first import");
    let before = std::fs::read(data.join("decks/dk.ron")).expect("written");

    let err = import(&v2, &data, OnExisting::Ask).expect_err("must ask");
    assert!(
        matches!(err, ImportError::DeckExists { ref id, .. } if id == "dk"),
        "{err}"
    );
    assert!(err.to_string().contains("--update"), "{err}");
    assert_eq!(
        std::fs::read(data.join("decks/dk.ron")).expect("same"),
        before
    );

    let report = import(&v2, &data, OnExisting::Update).expect("update");
    assert_eq!(report.action, ImportAction::Updated);
    assert_eq!((report.added, report.updated), (1, 1));
    assert_eq!(report.to_suspend, ["b", "c"]);
    let deck = deck::load_deck(&report.deck_path).expect("loads");
    let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "d", "b", "c"]);
    assert_eq!(deck.cards[0].front, [Block::Text("Q 1 edited".into())]);
    assert!(deck.cards[2].tags.iter().any(|t| t == REMOVED_TAG));
    assert!(!deck.cards[0].tags.iter().any(|t| t == REMOVED_TAG));

    let copy = import(&v2, &data, OnExisting::Copy).expect("copy");
    assert_eq!(copy.action, ImportAction::Copied);
    assert_eq!(copy.deck_id, "dk-copy");
    assert_eq!(copy.title, "Deck dk (copy)");
    let again = import(&v2, &data, OnExisting::Copy).expect("copy 2");
    assert_eq!(again.deck_id, "dk-copy-2");
}

#[test]
fn bundled_deck_ids_count_as_taken() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("sd.ron");
    interop::export_deck(&bundled(), Format::Ron, &out, &ExportOptions::default()).expect("export");
    // A fresh data dir: the id is taken by the bundled deck only.
    let data = dir.path().join("data");
    let err = import(&out, &data, OnExisting::Ask).expect_err("taken by the bundled deck");
    assert!(
        matches!(err, ImportError::DeckExists { ref id, .. } if id == "system-design-1"),
        "{err}"
    );
    assert!(files_under(&data).is_empty());
    // Updating a bundled deck writes the new version into the data directory.
    let report = import(&out, &data, OnExisting::Update).expect("update");
    assert_eq!(report.action, ImportAction::Updated);
    assert_eq!(report.to_suspend, Vec::<String>::new());
    assert!(report.deck_path.exists());
}

// ---------------------------------------------------------------- Anki, read

#[derive(serde::Deserialize)]
struct Expected {
    notes: Vec<ExpectedNote>,
    reviews: usize,
    media: Vec<String>,
}

#[derive(serde::Deserialize)]
struct ExpectedNote {
    kind: String,
    fields: BTreeMap<String, String>,
    tags: Vec<String>,
    cards: usize,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("valid json")
}

/// Text of blocks with markup removed, words joined by single spaces.
fn plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Text(t) => out.push_str(&interop::text_markup::plain(t)),
            Block::Table(t) => {
                for c in t.header.iter().chain(t.rows.iter().flatten()) {
                    out.push(' ');
                    out.push_str(&interop::text_markup::inline_plain(c));
                }
            }
            Block::Diagram(d) => out.push_str(&d.mermaid),
            Block::Code(c) => out.push_str(&c.code),
            Block::Image(i) => {
                out.push_str(" [image ");
                out.push_str(&i.path);
                out.push(']');
            }
            Block::Occlusion(_) | Block::Cloze(_) | Block::TypedAnswer(_) => {
                out.push_str(&plain(&b.basic().into_iter().collect::<Vec<_>>()));
            }
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn html_plain(html: &str) -> String {
    interop::html::plain_text(html)
}

#[test]
fn packages_anki_wrote_keep_fronts_backs_tags_media_and_reviews() {
    let expected = expected();
    for name in ["anki-legacy.apkg", "anki-latest.apkg", "anki-anki2.apkg"] {
        let dir = tempfile::tempdir().expect("tmp");
        let data = dir.path().join("data");
        let report = import(&fixture(name), &data, OnExisting::Ask)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let deck = deck::load_deck(&report.deck_path).expect("written deck loads");
        assert_eq!(deck.title, "Fixture Deck", "{name}");
        let total: usize = expected.notes.iter().map(|n| n.cards).sum();
        assert_eq!(
            deck.cards.len(),
            total,
            "{name}: one archdeck card per Anki card"
        );
        assert_eq!(
            report.reviews.len(),
            expected.reviews,
            "{name}: review history"
        );
        assert!(
            report
                .reviews
                .iter()
                .all(|r| (1..=4).contains(&r.grade) && r.answer_ms == 4200)
        );
        assert!(
            report
                .reviews
                .iter()
                .all(|r| deck.card(&r.card_id).is_some())
        );

        for note in &expected.notes {
            // Anki keeps tags sorted.
            let mut want_tags = note.tags.clone();
            want_tags.sort();
            let tags_match = |c: &&Card| c.tags == want_tags;
            match note.kind.as_str() {
                "Basic" | "Basic (type in the answer)" => {
                    let front = html_plain(&note.fields["Front"]);
                    let card = deck
                        .cards
                        .iter()
                        .filter(tags_match)
                        .find(|c| plain(&c.front) == front);
                    let card =
                        card.unwrap_or_else(|| panic!("{name}: no card with front {front:?}"));
                    let back = plain(&card.back);
                    assert!(
                        back.contains(&html_plain(&note.fields["Back"])),
                        "{name}: back {back:?} lacks {:?}",
                        note.fields["Back"]
                    );
                }
                "Basic (and reversed card)" => {
                    let (f, b) = (
                        html_plain(&note.fields["Front"]),
                        html_plain(&note.fields["Back"]),
                    );
                    assert!(
                        deck.cards
                            .iter()
                            .any(|c| plain(&c.front) == f && plain(&c.back) == b),
                        "{name}"
                    );
                    assert!(
                        deck.cards
                            .iter()
                            .any(|c| plain(&c.front) == b && plain(&c.back) == f),
                        "{name}"
                    );
                }
                "Cloze" => {
                    let clozes: Vec<&Card> = deck.cards.iter().filter(tags_match).collect();
                    assert_eq!(clozes.len(), 2, "{name}: one card per cloze");
                    assert_eq!(plain(&clozes[0].front), "[...] and Paxos reach consensus");
                    assert_eq!(
                        plain(&clozes[1].front),
                        "Raft and [an older algorithm] reach consensus"
                    );
                    assert_eq!(
                        plain(&clozes[1].back),
                        "Raft and Paxos reach consensus Both need a majority quorum"
                    );
                }
                other => panic!("unexpected kind {other}"),
            }
        }
        // HTML structure survives: list, bold, table, code, picture.
        let cap = deck
            .cards
            .iter()
            .find(|c| plain(&c.front).contains("CAP"))
            .expect("cap card");
        assert_eq!(
            cap.front,
            [Block::Text("What does **CAP** stand for?".into())]
        );
        assert!(
            matches!(&cap.back[0], Block::Text(t) if t.contains("- **Consistency**") && t.contains("- *Availability*"))
        );
        let Block::Image(image) = &cap.back[1] else {
            panic!("{name}: {:?}", cap.back)
        };
        assert_eq!(image.path, "fixture-deck.assets/cap-triangle.png");
        let http = deck
            .cards
            .iter()
            .find(|c| plain(&c.front).contains("HTTP"))
            .expect("http card");
        assert!(
            matches!(&http.back[0], Block::Table(t) if t.header == ["Code", "Meaning"] && t.rows.len() == 2)
        );
        assert!(matches!(&http.back[1], Block::Code(c) if c.code == "GET /users/1 HTTP/1.1"));
        // The picture is stored beside the deck, byte for byte.
        let stored = std::fs::read(data.join("decks").join(&image.path)).expect("asset written");
        assert!(stored.starts_with(b"\x89PNG"), "{name}");
        assert_eq!(report.assets, expected.media.len());
        // Subdecks become the card's source.
        assert!(deck.cards.iter().any(|c| c.source == "Sub Deck"));
    }
}

#[test]
fn scripts_in_anki_html_are_dropped_with_a_warning() {
    let dir = tempfile::tempdir().expect("tmp");
    let report =
        import(&fixture("anki-script.apkg"), dir.path(), OnExisting::Ask).expect("imports");
    assert!(
        report.warnings.iter().any(|w| w.contains("<script>")),
        "{:?}",
        report.warnings
    );
    let text = std::fs::read_to_string(&report.deck_path).expect("deck");
    assert!(
        !text.contains("alert") && !text.contains("onerror") && !text.contains("color:red"),
        "{text}"
    );
    assert!(text.contains("Safe question"));
}

// ---------------------------------------------------------------- Anki, write

/// Runs the real Anki library on a package; `None` if it is not installed.
fn anki_reads(package: &Path) -> serde_json::Value {
    let script = fixture("anki_read.py");
    let have_anki = Command::new("python3")
        .args(["-c", "import anki"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        have_anki,
        "the Anki library is needed to check that Anki reads our packages; install it with \
         `python3 -m pip install anki=={ANKI_VERSION}` (CI does this in .ci/install-deps)"
    );
    let out = Command::new("python3")
        .arg(&script)
        .arg(package)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Anki could not import {}:\n{}",
        package.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json from anki_read.py")
}

#[test]
fn anki_reads_the_packages_we_write() {
    let dir = tempfile::tempdir().expect("tmp");
    // A deck with every block kind, a picture and tags.
    let mut deck = bundled();
    // Authored cards (generated ones become plain diagrams in Anki).
    deck.cards.retain(|c| !c.generated);
    deck.cards.truncate(40);
    let assets = dir.path().join("system-design-1.assets");
    std::fs::create_dir_all(&assets).expect("assets");
    std::fs::write(assets.join("tiny.png"), b"\x89PNG\r\n\x1a\nnot really").expect("png");
    deck.cards[0].back.push(Block::Image(deck::Image {
        path: "system-design-1.assets/tiny.png".into(),
        alt: "a picture".into(),
    }));
    let out = dir.path().join("ours.apkg");
    let options = ExportOptions {
        deck_dir: Some(dir.path()),
        now_ms: 1_750_000_000_000,
        ..ExportOptions::default()
    };
    let warnings = interop::export_deck(&deck, Format::Apkg, &out, &options).expect("export");
    assert!(warnings.is_empty(), "{warnings:?}");

    let anki = anki_reads(&out);
    let notes = anki["notes"].as_array().expect("notes");
    assert_eq!(
        notes.len(),
        deck.cards.len(),
        "Anki sees every card as a note"
    );
    assert_eq!(anki["media"], serde_json::json!(["tiny.png"]));
    for card in &deck.cards {
        let guid = format!("ad:{}/{}", deck.id, card.id);
        let note = notes
            .iter()
            .find(|n| n["guid"] == guid.as_str())
            .unwrap_or_else(|| panic!("no note {guid}"));
        assert_eq!(note["notetype"], "archdeck");
        assert_eq!(note["deck"], deck.title.as_str());
        assert_eq!(note["cards"], 1);
        // Anki keeps tags sorted; the set is the same.
        let mut tags: Vec<&str> = note["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .filter_map(|t| t.as_str())
            .collect();
        let mut want: Vec<&str> = card.tags.iter().map(String::as_str).collect();
        tags.sort_unstable();
        want.sort_unstable();
        assert_eq!(tags, want);
        let front = note["fields"]["Front"].as_str().expect("front");
        let back = note["fields"]["Back"].as_str().expect("back");
        assert_eq!(
            html_plain(front),
            plain(&card.front).replace("[image ", "["),
            "{}",
            card.id
        );
        assert!(!html_plain(note["question"].as_str().expect("q")).is_empty());
        // What Anki holds converts back to the same blocks.
        let mut notes_html = interop::html::HtmlNotes::default();
        let same = |src: &str| Some(format!("system-design-1.assets/{src}"));
        assert_eq!(
            interop::html::to_blocks(front, &same, &mut notes_html),
            card.front,
            "{}",
            card.id
        );
        assert_eq!(
            interop::html::to_blocks(back, &same, &mut notes_html),
            card.back,
            "{}",
            card.id
        );
    }
}

#[test]
fn apkg_round_trip_keeps_ids_tags_and_blocks() {
    let dir = tempfile::tempdir().expect("tmp");
    let deck = bundled();
    let out = dir.path().join("sd.apkg");
    interop::export_deck(&deck, Format::Apkg, &out, &ExportOptions::default()).expect("export");
    let imported = interop::read_file(&out, None, &no_progress).expect("import");
    assert_eq!(imported.deck.id, deck.id);
    assert_eq!(imported.deck.title, deck.title);
    assert_eq!(imported.deck.cards.len(), deck.cards.len());
    for (a, b) in deck.cards.iter().zip(&imported.deck.cards) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.tags, b.tags);
        assert_eq!(basic(&a.front), b.front, "{}", a.id);
        assert_eq!(basic(&a.back), b.back, "{}", a.id);
    }
}

// ---------------------------------------------------------------- text

#[test]
fn tsv_and_csv_round_trip() {
    let dir = tempfile::tempdir().expect("tmp");
    let deck = bundled();
    for (format, name) in [(Format::Tsv, "sd.txt"), (Format::Csv, "sd.csv")] {
        let out = dir.path().join(name);
        interop::export_deck(&deck, format, &out, &ExportOptions::default()).expect("export");
        let imported = interop::read_file(&out, None, &no_progress).expect("import");
        assert_eq!(imported.format, format);
        assert_eq!(imported.deck.cards.len(), deck.cards.len(), "{format}");
        for (a, b) in deck.cards.iter().zip(&imported.deck.cards) {
            assert_eq!(a.id, b.id, "{format}");
            assert_eq!(a.tags, b.tags, "{format}");
            assert_eq!(basic(&a.front), b.front, "{format} {}", a.id);
            assert_eq!(basic(&a.back), b.back, "{format} {}", a.id);
        }
    }
}

#[test]
fn anki_text_export_headers_are_understood() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "#separator:tab\n#html:true\n#tags column:3\n#deck:Networking\nWhat is <b>TCP</b>?\t\"Reliable,\nordered\"\tnet proto\n{{c1::UDP}} has no handshake\textra\tnet\n\tno front\t\n",
    )
    .expect("write");
    let imported = interop::read_file(&path, None, &no_progress).expect("import");
    assert_eq!(imported.format, Format::Tsv);
    let deck = imported.deck;
    assert_eq!(deck.title, "Networking");
    assert_eq!(deck.cards.len(), 2);
    assert_eq!(
        deck.cards[0].front,
        [Block::Text("What is **TCP**?".into())]
    );
    assert_eq!(
        deck.cards[0].back,
        [Block::Text("Reliable, ordered".into())]
    );
    assert_eq!(deck.cards[0].tags, ["net", "proto"]);
    assert_eq!(
        deck.cards[1].front,
        [Block::Text("**[...]** has no handshake".into())]
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("empty first field")),
        "{:?}",
        imported.warnings
    );
}

// ---------------------------------------------------------------- Markdown

fn overview_cards(deck: &Deck) -> Vec<&Card> {
    deck.cards
        .iter()
        .filter(|c| c.id.ends_with("-overview"))
        .collect()
}

/// A table's header and rows.
type Cells = (Vec<String>, Vec<Vec<String>>);

fn tables_and_diagrams(cards: &[&Card]) -> (Vec<Cells>, Vec<String>) {
    let mut tables = Vec::new();
    let mut diagrams = Vec::new();
    for card in cards {
        for block in card.blocks() {
            match block {
                Block::Table(t) => tables.push((t.header.clone(), t.rows.clone())),
                Block::Diagram(d) => diagrams.push(d.mermaid.trim().to_owned()),
                _ => {}
            }
        }
    }
    tables.sort();
    diagrams.sort();
    (tables, diagrams)
}

#[test]
fn seed_document_imports_with_the_bundled_decks_structure() {
    let imported = interop::read_file(Path::new(SEED), Some(Format::Markdown), &no_progress)
        .expect("seed imports");
    let deck = imported.deck;
    assert!(deck::validate(&deck).is_empty());
    assert_eq!(deck.title, "System Design Interview QA - 1");
    let questions = overview_cards(&deck);
    let ids: Vec<&str> = questions.iter().map(|c| c.id.as_str()).collect();
    let want: Vec<String> = (1..=10).map(|n| format!("q{n}-overview")).collect();
    assert_eq!(ids, want);

    // Everything the document holds is in the deck: its diagram before the
    // title lands on the introduction card.
    let all: Vec<&Card> = deck.cards.iter().collect();
    let (tables, diagrams) = tables_and_diagrams(&all);
    assert_eq!(tables.len(), 25);
    assert_eq!(diagrams.len(), 11);

    let reference = bundled();
    let reference_overviews = overview_cards(&reference);
    for (ours, theirs) in questions.iter().zip(&reference_overviews) {
        assert_eq!(ours.front, theirs.front, "question {}", ours.id);
    }
    let (ref_tables, ref_diagrams) = tables_and_diagrams(&reference_overviews);
    assert_eq!(ref_tables.len(), 25);
    assert_eq!(ref_diagrams.len(), 11);
    assert_eq!(tables, ref_tables, "table cells match the bundled deck");
    assert_eq!(
        diagrams, ref_diagrams,
        "diagram text matches the bundled deck"
    );
}

#[test]
fn markdown_export_renders_mermaid_and_imports_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let deck = bundled();
    let out = dir.path().join("sd.md");
    interop::export_deck(&deck, Format::Markdown, &out, &ExportOptions::default()).expect("export");
    let md = std::fs::read_to_string(&out).expect("read");
    assert!(md.starts_with("# System Design Interview QA 1\n"));
    let diagrams = deck
        .cards
        .iter()
        .flat_map(|c| basic(&c.front).into_iter().chain(basic(&c.back)))
        .filter(|b| matches!(b, Block::Diagram(_)))
        .count();
    assert_eq!(md.matches("```mermaid\n").count(), diagrams);
    assert!(md.contains("## Q1: What Is Scalability and How Do You Scale a System?\n"));
    let imported = interop::read_file(&out, None, &no_progress).expect("imports back");
    assert_eq!(imported.deck.description, deck.description);
    assert_eq!(imported.deck.cards.len(), deck.cards.len());
    for (a, b) in deck.cards.iter().zip(&imported.deck.cards) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.tags, b.tags, "{}", a.id);
        assert_eq!(a.source, b.source, "{}", a.id);
        assert_eq!(basic(&a.front), b.front, "{}", a.id);
        assert_eq!(basic(&a.back), b.back, "{}", a.id);
    }
}

// ---------------------------------------------------------------- hostile input

/// Asserts the import fails and leaves the data directory empty.
fn refused(path: &Path, format: Option<Format>) -> ImportError {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let err = interop::import_file(path, format, &data, OnExisting::Ask, &|_| {})
        .expect_err("hostile input must be refused");
    assert!(
        files_under(&data).is_empty(),
        "nothing may be written: {:?}",
        files_under(&data)
    );
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "message names the file: {message}"
    );
    err
}

fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

#[test]
fn corrupt_zip_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let garbage = dir.path().join("garbage.apkg");
    std::fs::write(&garbage, b"PK\x03\x04 this is not really a zip").expect("write");
    assert!(
        refused(&garbage, None)
            .to_string()
            .contains("not a readable zip")
    );
    // A real package cut in half.
    let bytes = std::fs::read(fixture("anki-legacy.apkg")).expect("fixture");
    let cut = dir.path().join("cut.apkg");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    refused(&cut, None);
}

#[test]
fn zip_bomb_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let bomb = dir.path().join("bomb.apkg");
    let zeros = vec![0u8; 100 << 20];
    write_zip(&bomb, &[("collection.anki21", &zeros)]);
    assert!(
        std::fs::metadata(&bomb).expect("meta").len() < 1 << 20,
        "the bomb is small packed"
    );
    let err = refused(&bomb, None);
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn unsafe_entry_paths_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = std::fs::read(fixture("anki-legacy.apkg")).expect("fixture");
    for name in ["../evil.txt", "/etc/evil", "media/../../evil"] {
        let pkg = dir.path().join("traversal.apkg");
        write_zip(&pkg, &[("collection.anki21", &db), (name, b"x")]);
        let err = refused(&pkg, None);
        assert!(err.to_string().contains("unsafe path"), "{name}: {err}");
    }
    assert!(!dir.path().join("evil.txt").exists());
}

/// The collection and the one picture of Anki's own legacy package fixture.
fn legacy_collection_and_picture() -> (Vec<u8>, Vec<u8>) {
    let src = std::fs::File::open(fixture("anki-legacy.apkg")).expect("fixture");
    let mut archive = zip::ZipArchive::new(src).expect("zip");
    let mut read = |name: &str| {
        let mut f = archive.by_name(name).expect("entry");
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut v).expect("read");
        v
    };
    (read("collection.anki21"), read("0"))
}

#[test]
fn hostile_media_names_stay_inside_the_assets_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    // Take Anki's own legacy collection and rename its picture in the media list.
    let (collection, picture) = legacy_collection_and_picture();
    // The collection's field still says "cap-triangle.png"; the media map
    // claims a hostile name for a second copy, and the real name for the first.
    let pkg = dir.path().join("names.apkg");
    write_zip(
        &pkg,
        &[
            ("collection.anki21", &collection),
            (
                "media",
                br#"{"0": "cap-triangle.png", "1": "../../../../tmp/evil.png"}"#,
            ),
            ("0", &picture),
            ("1", &picture),
        ],
    );
    let data = dir.path().join("data");
    let report = import(&pkg, &data, OnExisting::Ask).expect("imports");
    for file in files_under(&data) {
        assert!(file.starts_with(&data.display().to_string()), "{file}");
    }
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("used by no card")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_picture_named_with_dot_dot_is_stored_inside_the_assets_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let (collection, picture) = legacy_collection_and_picture();
    // Anki's own collection, with the note pointing at a hostile file name.
    let db_path = dir.path().join("c.anki21");
    std::fs::write(&db_path, &collection).expect("write");
    let conn = rusqlite::Connection::open(&db_path).expect("open");
    conn.execute(
        "UPDATE notes SET flds = replace(flds, 'cap-triangle.png', '../../../evil.png')",
        [],
    )
    .expect("update");
    drop(conn);
    let hostile = std::fs::read(&db_path).expect("read");
    let pkg = dir.path().join("evil.apkg");
    write_zip(
        &pkg,
        &[
            ("collection.anki21", &hostile),
            ("media", br#"{"0": "../../../evil.png"}"#),
            ("0", &picture),
        ],
    );
    let data = dir.path().join("data");
    let report = import(&pkg, &data, OnExisting::Ask).expect("imports");
    assert_eq!(report.assets, 1);
    let stored = data.join("decks/fixture-deck.assets/evil.png");
    assert_eq!(std::fs::read(&stored).expect("stored inside"), picture);
    assert!(!dir.path().join("evil.png").exists());
    let deck = deck::load_deck(&report.deck_path).expect("loads");
    assert!(
        deck.cards
            .iter()
            .flat_map(Card::blocks)
            .any(|b| matches!(b, Block::Image(i) if i.path == "fixture-deck.assets/evil.png"))
    );
}

#[test]
fn sqlite_that_is_not_anki_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let db_path = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&db_path).expect("db");
    conn.execute_batch("CREATE TABLE things (id integer primary key, name text); INSERT INTO things VALUES (1, 'x');")
        .expect("schema");
    drop(conn);
    let db = std::fs::read(&db_path).expect("read");
    let pkg = dir.path().join("notanki.apkg");
    write_zip(&pkg, &[("collection.anki21", &db)]);
    let err = refused(&pkg, None);
    assert!(err.to_string().contains("not an Anki collection"), "{err}");

    let text = dir.path().join("text.apkg");
    write_zip(
        &text,
        &[(
            "collection.anki2",
            b"hello, not a database at all, sorry about that. "
                .repeat(4)
                .as_slice(),
        )],
    );
    assert!(
        refused(&text, None)
            .to_string()
            .contains("not an SQLite database")
    );

    let empty = dir.path().join("empty.apkg");
    write_zip(&empty, &[("readme.txt", b"hi")]);
    assert!(
        refused(&empty, None)
            .to_string()
            .contains("no Anki collection")
    );
}

#[test]
fn a_one_gigabyte_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("tmp");
    for name in ["huge.apkg", "huge.md", "huge.ron", "huge.csv", "huge.txt"] {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).expect("create");
        // Sparse: takes no disk and would take seconds to read.
        file.set_len((1 << 30) + 1).expect("sparse");
        let err = refused(&path, None);
        assert!(matches!(err, ImportError::TooLarge { .. }), "{name}: {err}");
    }
}

#[test]
fn unterminated_fences_and_bad_utf8_give_positioned_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let md = dir.path().join("open.md");
    std::fs::write(
        &md,
        "# Deck\n\n## Q1: What?\n\n```mermaid\ngraph TD\nA-->B\n",
    )
    .expect("write");
    let err = refused(&md, None);
    assert!(
        err.to_string()
            .contains(":5:1: this ``` fence is never closed"),
        "{err}"
    );

    for (name, format) in [
        ("bad.md", None),
        ("bad.csv", None),
        ("bad.ron", None),
        ("bad.txt", Some(Format::Tsv)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, b"Q1: fine\nAnswer:\nbad \xff\xfe byte\n").expect("write");
        let err = refused(&path, format);
        assert!(
            err.to_string()
                .contains(":3:5: the file is not valid UTF-8"),
            "{name}: {err}"
        );
    }
}

#[test]
fn invalid_ron_decks_are_refused_with_positions() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "Deck(id: \"x\", title: \"T\", cards: [\n  Card(id: \"a/b\", front: [Text(\"q\")], back: [Text(\"a\")]),\n])\n")
        .expect("write");
    let err = refused(&path, None);
    assert!(err.to_string().contains("bad.ron:2:"), "{err}");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("dir");
    // `decks` is a file, so nothing can be written under it.
    std::fs::write(data.join("decks"), b"in the way").expect("file");
    let err =
        import(&fixture("anki-legacy.apkg"), &data, OnExisting::Ask).expect_err("cannot write");
    assert!(matches!(err, ImportError::Write { .. }), "{err}");
    assert_eq!(
        files_under(&data),
        [data.join("decks").display().to_string()]
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn html_conversion(html in "(<[a-z/!]{0,6}[^<>]{0,12}>?|&[#a-z0-9]{0,6};?|[^<&]{0,10}){0,30}") {
            let mut notes = interop::html::HtmlNotes::default();
            let _ = interop::html::to_blocks(&html, &|s| Some(s.to_owned()), &mut notes);
            let _ = interop::html::plain_text(&html);
        }

        #[test]
        fn markdown_documents(doc in "((#{0,3} |Q[0-9]?: |A: |\\| |```|graph TD\n|- |\\{\\{c1::)?[a-z|{}: -]{0,20}\n){0,30}") {
            let mut warnings = Vec::new();
            if let Ok(deck) = interop::markdown::parse_document(&doc, Path::new("p.md"), &mut warnings) {
                prop_assert!(deck::validate(&deck).is_empty() || deck.cards.iter().any(|c| c.front.is_empty()));
            }
        }

        #[test]
        fn cloze_rendering(text in "(\\{\\{c[0-9]::|::|\\}\\}|[a-z ]{0,5}){0,20}") {
            let _ = interop::anki::cloze::render(&text, 1, false);
            let _ = interop::anki::cloze::numbers(&text);
        }
    }
}

/// Regression (proptest found it once the parser checked diagrams): a
/// Markdown document with a diagram that does not parse imported as an
/// invalid deck. The diagram is now kept as Mermaid code with a warning.
#[test]
fn markdown_with_a_broken_diagram_keeps_it_as_code() {
    let mut warnings = Vec::new();
    let doc = "Q1: What?\nSome answer.\n```mermaid\ngraph TD\nA --> B[unclosed\n```\n";
    let deck =
        interop::markdown::parse_document(doc, Path::new("p.md"), &mut warnings).expect("imports");
    assert!(deck::validate(&deck).is_empty());
    let code = deck.cards[0]
        .back
        .iter()
        .find_map(|b| match b {
            Block::Code(c) if c.lang == "mermaid" => Some(c.code.as_str()),
            _ => None,
        })
        .expect("diagram kept as code");
    assert!(code.contains("B[unclosed"));
    assert!(
        warnings.iter().any(|w| w.contains("does not parse")),
        "{warnings:?}"
    );
}

/// `archdeck import` records a file's review history in this device's
/// progress (as the app does), a second import records nothing twice, and
/// `archdeck export` of RON carries the history out again.
#[test]
fn the_command_line_imports_and_exports_review_history() {
    let dir = tempfile::tempdir().expect("tmp");
    let deck = small_deck("clihist", &[("a", "1"), ("b", "2")]);
    let reviews = two_reviews();
    let file = dir.path().join("hist.ron");
    let options = ExportOptions {
        reviews: Some(&reviews),
        ..ExportOptions::default()
    };
    interop::export_deck(&deck, Format::Ron, &file, &options).expect("export");
    let data = dir.path().join("data");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_archdeck"))
            .args(args)
            .env("ARCHDECK_DATA_DIR", &data)
            .env("ARCHDECK_DEVICE_FILE", dir.path().join("device-id"))
            .output()
            .expect("runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{text}");
        text
    };
    let said = run(&["import".as_ref(), file.as_os_str()]);
    assert!(
        said.contains("recorded 2 review(s) (0 already there)"),
        "{said}"
    );
    let said = run(&["import".as_ref(), file.as_os_str(), "--update".as_ref()]);
    assert!(
        said.contains("recorded 0 review(s) (2 already there)"),
        "{said}"
    );

    let paths = archdeck::store::StorePaths::new(data.clone(), dir.path().join("device-id"));
    let now = archdeck::srs::Moment::new(1_700_000_200_000, 0);
    {
        let (progress, _) = archdeck::store::Progress::open(&paths, now).expect("opens");
        let grades: Vec<(i64, u8)> = progress
            .collection()
            .events()
            .iter()
            .filter_map(|e| match &e.kind {
                archdeck::srs::EventKind::Review(r) => Some((e.at.unix_ms, r.grade.number())),
                _ => None,
            })
            .collect();
        assert_eq!(
            grades,
            [(1_700_000_000_000, 3), (1_700_000_100_000, 1)],
            "each answer once, at its own time"
        );
    }
    let out = dir.path().join("out.ron");
    run(&[
        "export".as_ref(),
        "clihist".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let again = dir.path().join("again");
    let report = import(&out, &again, OnExisting::Ask).expect("import");
    assert_eq!(report.reviews, reviews);
}
