//! Loading and validating a 100,000-card deck (target: < 0.5 s, < 300 MB).
//!
//! Run: `cargo bench --bench deck_load`. Peak resident memory of the whole
//! bench process is printed at the end (it includes the benchmark harness).

use std::path::Path;

use archdeck::deck::{self, deck_to_ron, parse_deck};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines().filter(|l| l.starts_with("VmHWM")) {
            println!(
                "peak resident memory of the bench process: {}",
                line.trim_start_matches("VmHWM:").trim()
            );
        }
    }
}

fn deck_text(cards: usize) -> String {
    deck_to_ron(&deck::synth::synthetic_deck(cards, 42)).expect("serialises")
}

#[divan::bench(args = [1_000, 100_000], sample_count = 10)]
fn parse_and_validate(bencher: divan::Bencher, cards: usize) {
    let text = deck_text(cards);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| parse_deck(divan::black_box(&text), Path::new("synthetic.ron")).expect("valid"));
}

#[divan::bench(sample_count = 5)]
fn load_100k_from_disk(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, deck_text(100_000)).expect("write");
    bencher.bench(|| deck::load_deck(divan::black_box(&path)).expect("valid"));
}

/// RON deserialisation alone, to see what validation adds on top.
#[divan::bench(sample_count = 10)]
fn ron_only_100k(bencher: divan::Bencher) {
    let text = deck_text(100_000);
    bencher.bench(|| {
        ron::Options::default()
            .from_str::<deck::Deck>(divan::black_box(&text))
            .expect("valid")
    });
}

/// Validation alone (ids, sides, tables, every diagram parsed) of a parsed deck.
#[divan::bench(sample_count = 10)]
fn validate_only_100k(bencher: divan::Bencher) {
    let deck = deck::synth::synthetic_deck(100_000, 42);
    bencher.bench(|| deck::validate(divan::black_box(&deck)));
}
