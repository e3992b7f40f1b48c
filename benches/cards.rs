//! Generated cards: what expanding a deck's directives adds to loading it.
//!
//! Run: `cargo bench --bench cards`.

use std::path::Path;

use archdeck::deck::{TypedAnswer, check_answer, generate::expand, parse_deck};

fn main() {
    divan::main();
}

fn bundled_text() -> &'static str {
    archdeck::bundled::BUNDLED_DECKS[0].text
}

/// Parse, validate and expand the bundled deck (its 114 generated cards).
#[divan::bench(sample_count = 20)]
fn load_bundled_deck(bencher: divan::Bencher) {
    let text = bundled_text();
    bencher.bench(|| parse_deck(divan::black_box(text), Path::new("sd.ron")).expect("valid"));
}

/// Expansion alone: 34 directives over 11 diagrams and 10 tables.
#[divan::bench(sample_count = 20)]
fn expand_bundled_directives(bencher: divan::Bencher) {
    let deck = parse_deck(bundled_text(), Path::new("sd.ron")).expect("valid");
    bencher.bench(|| expand(divan::black_box(&deck)));
}

/// Checking one typed number with units.
#[divan::bench]
fn check_typed_number(bencher: divan::Bencher) {
    let expected = TypedAnswer {
        expect: "290,000 QPS".to_owned(),
        also: Vec::new(),
        tolerance: 0.1,
    };
    bencher.bench(|| check_answer(&expected, divan::black_box("~2.9 × 10^5 req/s")));
}
