//! Any text into the Mermaid parser: it must return a flowchart or an
//! error, never panic, and a flowchart must keep its promises.
//!
//! Run (stable Rust; cargo-fuzz needs nightly flags, allowed here with
//! `RUSTC_BOOTSTRAP`), seeding the corpus with the test fixtures:
//!
//! ```sh
//! cargo install cargo-fuzz
//! cd fuzz && mkdir -p corpus/mermaid_parse && cp ../tests/fixtures/mermaid/*/*.mmd corpus/mermaid_parse/
//! RUSTC_BOOTSTRAP=1 cargo fuzz run -s none mermaid_parse -- -max_total_time=900 -max_len=8192 -timeout=5
//! ```
#![no_main]

use archdeck::mermaid::{Endpoint, dump, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Ok(chart) => {
            for edge in &chart.edges {
                for end in [edge.from, edge.to] {
                    match end {
                        Endpoint::Node(n) => assert!(n < chart.nodes.len()),
                        Endpoint::Cluster(c) => assert!(c < chart.clusters.len()),
                    }
                }
            }
            for (i, cluster) in chart.clusters.iter().enumerate() {
                let mut k = i;
                for _ in 0..=chart.clusters.len() {
                    match chart.clusters[k].parent {
                        Some(p) => k = p,
                        None => break,
                    }
                }
                assert!(chart.clusters[k].parent.is_none(), "cluster {i} is inside itself");
                for &n in &cluster.nodes {
                    assert_eq!(chart.nodes[n].cluster, Some(i));
                }
            }
            let _ = dump(&chart);
        }
        Err(e) => {
            assert!(e.line >= 1 && e.column >= 1);
            let _ = e.to_string();
        }
    }
});
