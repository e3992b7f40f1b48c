//! Import speed: a 50,000-note Anki package read, converted, validated and
//! written as a deck (the target: under 5 s).
//!
//! `cargo bench --bench interop`

use std::path::PathBuf;
use std::sync::OnceLock;

use archdeck::deck::synth::synthetic_deck;
use archdeck::interop::{self, ExportOptions, Format, OnExisting};

fn main() {
    divan::main();
}

/// The package, written once per run by archdeck's own exporter.
fn package() -> &'static PathBuf {
    static PACKAGE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = PACKAGE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("50k.apkg");
        let deck = synthetic_deck(50_000, 42);
        interop::export_deck(&deck, Format::Apkg, &path, &ExportOptions::default())
            .expect("export the benchmark package");
        (dir, path)
    });
    path
}

/// Read + convert + validate + write into a fresh data directory.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_50k_note_apkg(bencher: divan::Bencher) {
    let path = package();
    bencher
        .with_inputs(|| tempfile::tempdir().expect("data dir"))
        .bench_values(|data| {
            let report = interop::import_file(path, None, data.path(), OnExisting::Ask, &|_| {})
                .expect("import");
            assert_eq!(report.cards, 50_000);
            data
        });
}

/// Reading and converting alone, nothing written.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_50k_note_apkg() -> usize {
    interop::read_file(divan::black_box(package()), None, &|_| {})
        .expect("read")
        .deck
        .cards
        .len()
}
