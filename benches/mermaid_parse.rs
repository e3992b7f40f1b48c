//! Parsing speed of Mermaid flowcharts (target: 50 MB/s or more).
//!
//! Run: `cargo bench --bench mermaid_parse`. divan prints the throughput of
//! each benchmark (bytes of Mermaid text per second):
//! - every diagram of the bundled decks, parsed one after another;
//! - a generated flowchart of 5,000 nodes, 10,000 edges and 100 nested
//!   subgraphs (`archdeck::mermaid::synth`).

use std::path::Path;

use archdeck::bundled::BUNDLED_DECKS;
use archdeck::deck::parse_deck;
use archdeck::mermaid::{parse, synth::synthetic_flowchart};

fn main() {
    divan::main();
}

fn bundled_diagrams() -> Vec<String> {
    BUNDLED_DECKS
        .iter()
        .flat_map(|b| {
            let deck = parse_deck(b.text, Path::new(b.path)).expect("bundled deck is valid");
            deck.diagrams()
                .map(|(_, d)| d.mermaid.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[divan::bench(sample_count = 50)]
fn bundled_deck_diagrams(bencher: divan::Bencher) {
    let diagrams = bundled_diagrams();
    let bytes: usize = diagrams.iter().map(String::len).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            for text in &diagrams {
                divan::black_box(parse(divan::black_box(text)).expect("valid"));
            }
        });
}

#[divan::bench(sample_count = 30)]
fn synthetic_5000_nodes_10000_edges_100_subgraphs(bencher: divan::Bencher) {
    let text = synthetic_flowchart(5_000, 10_000, 100, 42);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| parse(divan::black_box(&text)).expect("valid"));
}
