//! Decks: every shipped deck loads and validates; bad input gives clear,
//! positioned errors and never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};

use archdeck::deck::{self, Block, DeckError, deck_to_ron, load_deck, parse_deck};

fn decks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")
}

fn shipped_decks() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(decks_dir())
        .expect("decks/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
}

fn write_temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write temp file");
    (dir, path)
}

fn diagnostics_of(text: &str) -> Vec<String> {
    match parse_deck(text, Path::new("t.ron")) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.diagnostics().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn every_shipped_deck_loads_and_validates() {
    let paths = shipped_decks();
    assert!(!paths.is_empty(), "no decks in decks/");
    for path in paths {
        let deck = load_deck(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!deck.cards.is_empty(), "{} has no cards", path.display());
    }
}

#[test]
fn every_shipped_deck_round_trips_exactly() {
    for path in shipped_decks() {
        let deck = load_deck(&path).expect("loads");
        let text = deck_to_ron(&deck).expect("serialises");
        let again = parse_deck(&text, &path).unwrap_or_else(|e| panic!("re-parse: {e}"));
        assert_eq!(deck, again, "{} does not round-trip", path.display());
        // And the written text is a fixed point.
        assert_eq!(text, deck_to_ron(&again).expect("serialises"));
    }
}

#[test]
fn synthetic_deck_round_trips() {
    let deck = deck::synth::synthetic_deck(500, 7);
    let text = deck_to_ron(&deck).expect("serialises");
    let again = parse_deck(&text, Path::new("synth.ron")).expect("valid");
    assert_eq!(deck, again);
}

#[test]
fn missing_file_names_the_path() {
    let err = load_deck(Path::new("/nonexistent/dir/deck.ron")).expect_err("missing");
    let msg = err.to_string();
    assert!(matches!(err, DeckError::Read { .. }));
    assert!(msg.contains("/nonexistent/dir/deck.ron"), "{msg}");
    assert!(msg.contains("check that the file exists"), "{msg}");
}

#[test]
fn directory_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = load_deck(dir.path()).expect_err("dir");
    assert!(matches!(err, DeckError::IsDirectory { .. }), "{err}");
    assert!(err.to_string().contains("directory"));
}

#[test]
fn binary_file_is_refused_with_position() {
    let (_dir, path) = write_temp("b.ron", b"Deck(\n  id: \x00\x01\x02\xff");
    let d = load_deck(&path).expect_err("binary").diagnostics();
    assert_eq!((d[0].line, d[0].column), (2, 7), "{}", d[0]);
    assert!(d[0].message.contains("binary"), "{}", d[0]);
}

#[test]
fn invalid_utf8_is_refused_with_position() {
    let (_dir, path) = write_temp("u.ron", b"Deck(\n  id: \"caf\xe9\"");
    let d = load_deck(&path).expect_err("latin-1").diagnostics();
    assert_eq!((d[0].line, d[0].column), (2, 11), "{}", d[0]);
    assert!(d[0].message.contains("UTF-8"), "{}", d[0]);
}

#[test]
fn empty_file_says_what_a_deck_looks_like() {
    let (_dir, path) = write_temp("e.ron", b"  \n");
    let err = load_deck(&path).expect_err("empty");
    let d = &err.diagnostics()[0];
    assert!(
        d.message.contains("empty") && d.message.contains("Deck("),
        "{d}"
    );
    assert!(
        d.to_string()
            .starts_with(&format!("{}:1:1:", path.display()))
    );
}

#[test]
fn truncated_file_points_at_the_end() {
    let full = deck_to_ron(&deck::synth::synthetic_deck(3, 1)).expect("ser");
    let cut = &full[..full.len() / 2];
    let d = diagnostics_of(cut);
    assert_eq!(d.len(), 1);
    assert!(d[0].starts_with("t.ron:"), "{}", d[0]);
    assert!(
        d[0].contains("not closed") || d[0].contains("ends in the middle"),
        "{}",
        d[0]
    );
}

#[test]
fn wrong_shape_names_the_missing_or_unknown_field() {
    let d = diagnostics_of("Deck(id: \"x\", cards: [])");
    assert!(d[0].contains("missing the field `title`"), "{}", d[0]);
    let d = diagnostics_of("Deck(id: \"x\", title: \"t\", cards: [], colour: 3)");
    assert!(d[0].contains("no field `colour`"), "{}", d[0]);
    let d = diagnostics_of(
        "Deck(id: \"x\", title: \"t\", cards: [Card(id: \"a\", front: [Txt(\"q\")], back: [])])",
    );
    assert!(d[0].contains("unknown kind `Txt`"), "{}", d[0]);
    assert!(d[0].contains("Text"), "{}", d[0]);
    let d = diagnostics_of("[1, 2, 3]");
    assert!(d[0].starts_with("t.ron:1:"), "{}", d[0]);
}

#[test]
fn huge_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(200 * 1024 * 1024).expect("sparse 200 MB");
    let err = load_deck(&path).expect_err("too large");
    assert!(
        matches!(err, DeckError::TooLarge { size_mb: 200, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("200 MB"), "{err}");
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let depth = 10_000;
    let text = format!(
        "Deck(id: \"x\", title: \"t\", cards: {}{})",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let d = diagnostics_of(&text);
    assert!(
        d[0].contains("nested too deeply") || d[0].contains("t.ron:1:"),
        "{}",
        d[0]
    );
}

#[test]
fn all_validation_errors_are_reported_with_positions() {
    let text = r#"Deck(
    id: "d",
    title: "T",
    cards: [
        Card(id: "a", front: [Text("q")], back: [Text("a")]),
        Card(id: "a", front: [Text("q2")], back: [Text("a2")]),
        Card(id: "b", front: [Text("  ")], back: [Text("a3")]),
        Card(
            id: "c",
            front: [Text("q")],
            back: [
                Table(
                    header: ["x", "y"],
                    rows: [
                        ["1", "2"],
                        ["only one"],
                    ],
                ),
            ],
        ),
        Card(id: "d/e", front: [Text("q")], back: []),
    ],
)"#;
    let d = diagnostics_of(text);
    assert_eq!(d.len(), 5, "{d:#?}");
    assert!(
        d[0].starts_with("t.ron:6:18: duplicate card id `a`"),
        "{}",
        d[0]
    );
    assert!(
        d[1].starts_with("t.ron:7:30: card `b` has an empty front"),
        "{}",
        d[1]
    );
    assert!(
        d[2].starts_with("t.ron:16:25: row 2 of a table"),
        "{}",
        d[2]
    );
    assert!(
        d[3].starts_with("t.ron:21:18: the card id `d/e`"),
        "{}",
        d[3]
    );
    assert!(
        d[4].starts_with("t.ron:21:51: card `d/e` has an empty back"),
        "{}",
        d[4]
    );
}

#[test]
fn blocks_keep_their_kinds() {
    let text = r#"Deck(id: "d", title: "T", cards: [Card(id: "a", front: [Text("q")], back: [
        Text("t"), Table(header: ["h"], rows: [["c"]]), Diagram(mermaid: "graph TD\nA-->B"),
        Code(lang: "text", code: "x = 1"),
    ])])"#;
    let deck = parse_deck(text, Path::new("t.ron")).expect("valid");
    let kinds: Vec<&str> = deck.cards[0]
        .back
        .iter()
        .map(|b| match b {
            Block::Text(_) => "text",
            Block::Table(_) => "table",
            Block::Diagram(_) => "diagram",
            Block::Code(_) => "code",
            Block::Image(_) => "image",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["text", "table", "diagram", "code"]);
}
