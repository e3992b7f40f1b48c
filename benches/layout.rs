//! Layout time of the seed diagrams (target: < 1 ms each) and of the layout
//! benchmark's synthetic graphs (targets: synth-1000 < 100 ms, synth-3000 < 1 s).
//!
//! Run: `cargo bench --bench layout`. Graphs are the benchmark's neutral
//! JSON (`tests/fixtures/layout/`), with the box sizes it gives; the time is
//! the layout call alone.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use archdeck::layout::neutral::read_graph;
use archdeck::layout::{LayoutOptions, Sizes, layout_sized};
use archdeck::mermaid::Flowchart;

fn main() {
    divan::main();
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout")
}

fn load(name: &str) -> (Flowchart, Sizes) {
    let path = fixtures().join(name);
    let text = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        let file = std::fs::File::open(&path).expect("bench graph");
        let mut s = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut s)
            .expect("gzip JSON");
        s
    } else {
        std::fs::read_to_string(&path).expect("bench graph")
    };
    read_graph(&text).expect("neutral graph")
}

const SEEDS: [&str; 11] = [
    "seed-01", "seed-02", "seed-03", "seed-04", "seed-05", "seed-06", "seed-07", "seed-08",
    "seed-09", "seed-10", "seed-11",
];

#[divan::bench(args = SEEDS)]
fn seed(bencher: divan::Bencher, name: &str) {
    let (chart, sizes) = load(&format!("{name}.json"));
    let options = LayoutOptions::default();
    bencher.bench(|| layout_sized(&chart, &sizes, &options));
}

#[divan::bench(args = ["synth-50.json", "synth-200.json", "bench/synth-1000.json.gz", "bench/synth-3000.json.gz"], sample_count = 5, sample_size = 1)]
fn synth(bencher: divan::Bencher, name: &str) {
    let (chart, sizes) = load(name);
    let options = LayoutOptions::default();
    bencher.bench(|| layout_sized(&chart, &sizes, &options));
}
