//! Mermaid: the fixture corpus against hand-reviewed snapshots, the seed and
//! bundled diagrams, errors inside decks and from `archdeck check`, and
//! property tests (no panic, bounded time and memory, valid results).
//!
//! Snapshots: `tests/fixtures/mermaid/{seed,valid}/*.snap` hold the
//! [`archdeck::mermaid::dump`] of each `.mmd`; `invalid/*.err` hold the
//! error as displayed. Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test
//! mermaid`, then review every changed file by eye.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use archdeck::deck::{Block, load_deck, parse_deck};
use archdeck::mermaid::{
    self, ArrowHead, DiagramFileError, Endpoint, Flowchart, LineKind, Shape, dump, parse,
};
use proptest::prelude::*;

// ------------------------------------------------------------ allocation

/// Counts the bytes live on the current thread, to bound parse memory.
struct CountingAlloc;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add_signed(delta);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

#[expect(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; it only forwards to System"
)]
// SAFETY: every method forwards to `System` with the caller's layout.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as isize - layout.size() as isize);
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Parses `text`, returning the result and the peak bytes allocated on top
/// of what was live before.
fn parse_measured(text: &str) -> (Result<Flowchart, mermaid::MermaidError>, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let result = parse(text);
    let peak = PEAK.with(Cell::get).saturating_sub(base);
    (result, peak)
}

/// The memory bound: a fixed allowance plus a multiple of the input size.
/// Each node or edge is a few hundred bytes of model, written in as little as
/// two bytes of text (`a;`), so this is the worst case for tiny items.
const MEMORY_ALLOWANCE: usize = 1 << 20;
const MEMORY_PER_BYTE: usize = 256;

fn assert_memory_bound(text: &str, peak: usize) {
    let bound = MEMORY_ALLOWANCE + MEMORY_PER_BYTE * text.len();
    assert!(
        peak <= bound,
        "parse of {} bytes peaked at {peak} bytes (bound {bound})",
        text.len()
    );
}

// -------------------------------------------------------------- fixtures

fn fixture_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mermaid")
        .join(sub)
}

fn mmd_files(sub: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir(sub))
        .expect("fixture dir exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {sub}");
    paths
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the snapshot next to `path` (or writes it when
/// updating); mismatches are collected so one run shows them all.
fn check_snapshot(path: &Path, ext: &str, actual: &str, failures: &mut Vec<String>) {
    let snap = path.with_extension(ext);
    if updating() {
        std::fs::write(&snap, actual).expect("write snapshot");
        return;
    }
    match std::fs::read_to_string(&snap) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{} differs from its snapshot\n--- expected\n{expected}--- actual\n{actual}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{} has no snapshot; run UPDATE_SNAPSHOTS=1 cargo test --test mermaid and review it",
            snap.display()
        )),
    }
}

/// What a parsed flowchart guarantees.
fn check_invariants(chart: &Flowchart) -> Result<(), String> {
    let (n, c) = (chart.nodes.len(), chart.clusters.len());
    for (i, e) in chart.edges.iter().enumerate() {
        for end in [e.from, e.to] {
            match end {
                Endpoint::Node(k) if k >= n => return Err(format!("edge {i} names node {k}")),
                Endpoint::Cluster(k) if k >= c => {
                    return Err(format!("edge {i} names cluster {k}"));
                }
                _ => {}
            }
        }
        if !(1..=10).contains(&e.min_len) {
            return Err(format!("edge {i} has min_len {}", e.min_len));
        }
        if e.line_kind == LineKind::Invisible
            && (e.start_head != ArrowHead::None || e.end_head != ArrowHead::None)
        {
            return Err(format!("invisible edge {i} has heads"));
        }
    }
    // Parents form a tree: every chain of parents ends within `c` steps.
    for (i, cl) in chart.clusters.iter().enumerate() {
        let mut k = i;
        for _ in 0..=c {
            match chart.clusters[k].parent {
                Some(p) if p >= c => return Err(format!("cluster {k} has parent {p}")),
                Some(p) => k = p,
                None => break,
            }
        }
        if chart.clusters[k].parent.is_some() {
            return Err(format!("cluster {i} is inside itself"));
        }
        for &child in &cl.clusters {
            if chart.clusters.get(child).and_then(|x| x.parent) != Some(i) {
                return Err(format!("cluster {i} lists {child}, whose parent differs"));
            }
        }
        if let Some(p) = cl.parent
            && !chart.clusters[p].clusters.contains(&i)
        {
            return Err(format!("cluster {p} does not list its child {i}"));
        }
    }
    // Each node sits in at most one cluster's `nodes`, the one it names.
    let mut owner = vec![None; n];
    for (i, cl) in chart.clusters.iter().enumerate() {
        for &node in &cl.nodes {
            if node >= n {
                return Err(format!("cluster {i} lists node {node}"));
            }
            if owner[node].replace(i).is_some() {
                return Err(format!("node {node} is in two clusters"));
            }
        }
    }
    for (i, node) in chart.nodes.iter().enumerate() {
        if node.cluster != owner[i] {
            return Err(format!(
                "node {i} says cluster {:?}, lists say {:?}",
                node.cluster, owner[i]
            ));
        }
    }
    let mut ids: Vec<&str> = chart.nodes.iter().map(|x| x.id.as_str()).collect();
    ids.extend(chart.clusters.iter().map(|x| x.id.as_str()));
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err("an id names two nodes or clusters".to_owned());
    }
    Ok(())
}

#[test]
fn valid_fixtures_match_their_snapshots() {
    let mut failures = Vec::new();
    for path in mmd_files("valid") {
        match parse(&read(&path)) {
            Ok(chart) => {
                if let Err(e) = check_invariants(&chart) {
                    failures.push(format!("{}: {e}", path.display()));
                }
                check_snapshot(&path, "snap", &dump(&chart), &mut failures);
            }
            Err(e) => failures.push(format!("{} does not parse:\n{e}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_fixtures_give_their_errors() {
    let mut failures = Vec::new();
    for path in mmd_files("invalid") {
        let text = read(&path);
        match parse(&text) {
            Ok(chart) => failures.push(format!(
                "{} parsed but should not:\n{}",
                path.display(),
                dump(&chart)
            )),
            Err(e) => {
                let line = text.split('\n').nth(e.line - 1).unwrap_or("");
                if e.source_line != line.trim_end_matches('\r') {
                    failures.push(format!("{}: source line is wrong: {e}", path.display()));
                }
                check_snapshot(&path, "err", &e.to_string(), &mut failures);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_diagrams_match_their_snapshots() {
    // (nodes, edges, clusters with their direct member counts) per seed
    // diagram, counted by hand from the seed and matching the layout harness.
    type Counts = (usize, usize, &'static [(&'static str, usize)]);
    let expected: [Counts; 11] = [
        (7, 5, &[("Vertical", 2), ("Horizontal", 5)]),
        (7, 6, &[]),
        (8, 8, &[("Redundancy", 8)]),
        (7, 0, &[("Latency", 7)]),
        (7, 6, &[]),
        (8, 0, &[("Challenges", 8)]),
        (17, 13, &[("Observability", 3)]),
        (15, 14, &[]),
        (7, 6, &[]),
        (5, 6, &[]),
        (
            12,
            3,
            &[
                ("Perimeter", 2),
                ("Network", 3),
                ("Application", 4),
                ("Data", 3),
            ],
        ),
    ];
    let paths = mmd_files("seed");
    assert_eq!(paths.len(), 11);
    let mut failures = Vec::new();
    for (path, (nodes, edges, clusters)) in paths.iter().zip(expected) {
        let chart = parse(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        check_invariants(&chart).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(chart.nodes.len(), nodes, "{}", path.display());
        assert_eq!(chart.edges.len(), edges, "{}", path.display());
        let got: Vec<(&str, usize)> = chart
            .clusters
            .iter()
            .map(|c| (c.id.as_str(), c.nodes.len()))
            .collect();
        assert_eq!(got, clusters, "{}", path.display());
        assert!(
            chart.notes.is_empty(),
            "{}: {:?}",
            path.display(),
            chart.notes
        );
        check_snapshot(path, "snap", &dump(&chart), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_details_that_matter() {
    let seed = |n: usize| {
        parse(&read(&fixture_dir("seed").join(format!("seed-{n:02}.mmd")))).expect("parses")
    };
    // seed-01: a labelled edge inside a styled subgraph, `<br/>` in labels.
    let s1 = seed(1);
    assert_eq!(s1.nodes[0].label.lines.len(), 2);
    assert_eq!(
        s1.edges[0]
            .label
            .as_ref()
            .map(mermaid::Label::text)
            .as_deref(),
        Some("Upgrade")
    );
    let vertical = &s1.clusters[0];
    assert_eq!(vertical.title.text(), "Vertical Scaling (Scale Up)");
    assert_eq!(vertical.style.fill, mermaid::parse_color("#6cc3d5"));
    // seed-04: Unicode text; seed-05: a rhombus and `<` in a label.
    assert_eq!(seed(4).nodes[3].label.text(), "SSD read: 150 μs");
    let s5 = seed(5);
    assert_eq!(s5.nodes[2].shape, Shape::Rhombus);
    assert_eq!(s5.nodes[3].label.text(), "Return cached data\n(< 1ms)");
    // seed-10: the arrow character inside a label.
    assert_eq!(seed(10).nodes[1].label.text(), "DNS Server\n→ IP address");
    // seed-11: a chain of edges between subgraphs.
    let s11 = seed(11);
    assert!(
        s11.edges
            .iter()
            .all(|e| matches!((e.from, e.to), (Endpoint::Cluster(_), Endpoint::Cluster(_))))
    );
}

#[test]
fn every_bundled_diagram_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("decks/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let deck = load_deck(&path).unwrap_or_else(|e| panic!("{e}"));
        for (card, diagram) in deck.diagrams() {
            let chart = parse(&diagram.mermaid)
                .unwrap_or_else(|e| panic!("{} card {}: {e}", path.display(), card.id));
            check_invariants(&chart).unwrap_or_else(|e| panic!("card {}: {e}", card.id));
            assert!(!chart.nodes.is_empty(), "card {}", card.id);
            count += 1;
        }
    }
    assert!(count >= 11, "only {count} diagrams in the bundled decks");
}

#[test]
fn the_synthetic_benchmark_graph_parses() {
    let text = mermaid::synth::synthetic_flowchart(5_000, 10_000, 100, 42);
    let chart = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    check_invariants(&chart).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chart.nodes.len(), 5_000);
    assert_eq!(chart.edges.len(), 10_001);
    assert_eq!(chart.clusters.len(), 100);
    assert_eq!(
        chart.clusters.iter().filter(|c| c.parent.is_none()).count(),
        1
    );
}

// ------------------------------------------------------------------ decks

fn deck_with(mermaid_field: &str) -> String {
    format!(
        r#"Deck(
    id: "d",
    title: "T",
    cards: [
        Card(id: "ok", front: [Text("q")], back: [Diagram(mermaid: "graph LR\nA --> B")]),
        Card(
            id: "broken",
            front: [Text("q")],
            back: [
                Text("a"),
                Diagram(
                    id: "flow",
                    mermaid: {mermaid_field},
                ),
            ],
        ),
    ],
)"#
    )
}

#[test]
fn a_broken_diagram_is_reported_at_its_deck_position() {
    // Raw string: the diagram's line 3 is a line of the file.
    let text = deck_with("r#\"graph TD\nA --> B\nB -->\n\"#");
    let err = parse_deck(&text, Path::new("t.ron")).expect_err("broken diagram");
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    let file_line = text.lines().position(|l| l == "B -->").expect("line") + 1;
    assert_eq!((d[0].line, d[0].column), (file_line, 6), "{}", d[0]);
    assert_eq!(
        d[0].message,
        "in diagram `flow` of card `broken`: expected a node after the edge `-->`, found the end of the line"
    );

    // Escaped string: the whole diagram sits on one file line.
    let text = deck_with(r#""graph TD\n  A --> B\n  B -- oops B\n""#);
    let err = parse_deck(&text, Path::new("t.ron")).expect_err("broken diagram");
    let d = &err.diagnostics()[0];
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("oops"))
        .expect("line");
    let column = line[..line.find("-- oops").expect("edge")].chars().count() + 1;
    assert_eq!((d.line, d.column), (line_no + 1, column), "{d}");
    assert!(d.message.contains("never closed"), "{d}");
}

#[test]
fn a_valid_deck_diagram_passes_validation() {
    let text = deck_with("r#\"graph TD\nA --> B\n\"#");
    let deck = parse_deck(&text, Path::new("t.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(deck.cards[1].back[1], Block::Diagram(_)));
}

// --------------------------------------------------------------------- CLI

fn archdeck_check(path: &Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_archdeck"))
        .arg("check")
        .arg(path)
        .output()
        .expect("run archdeck");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_prints_mmd_errors_with_the_line_and_a_caret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.mmd");
    std::fs::write(&path, "graph TD\n  A --> B\n  B -->\n").expect("write");
    let (ok, stdout, _) = archdeck_check(&path);
    assert!(!ok, "exit code 1");
    assert_eq!(
        stdout,
        format!(
            "{}:3:8: expected a node after the edge `-->`, found the end of the line\n  B -->\n       ^\n",
            path.display()
        )
    );

    let good = dir.path().join("good.mmd");
    std::fs::write(&good, "graph TD\nA --> B\n").expect("write");
    let (ok, stdout, stderr) = archdeck_check(&good);
    assert!(ok, "{stdout}{stderr}");
    assert!(stderr.contains("no problems"), "{stderr}");
}

#[test]
fn unreadable_mmd_files_get_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.mmd");
    let err = mermaid::load_file(&missing).expect_err("missing");
    assert!(err.to_string().contains("cannot read the diagram"), "{err}");
    assert!(err.to_string().contains("missing.mmd"), "{err}");

    let as_dir = dir.path().join("folder.mmd");
    std::fs::create_dir(&as_dir).expect("mkdir");
    let err = mermaid::load_file(&as_dir).expect_err("directory");
    assert!(err.to_string().contains("this is a directory"), "{err}");

    let binary = dir.path().join("binary.mmd");
    std::fs::write(&binary, b"graph TD\nA \x00\x01").expect("write");
    let err = mermaid::load_file(&binary).expect_err("binary");
    let d = err.diagnostics();
    assert_eq!((d[0].line, d[0].column), (2, 3), "{}", d[0]);
    assert!(d[0].message.contains("not a text diagram"), "{}", d[0]);

    let latin1 = dir.path().join("latin1.mmd");
    std::fs::write(&latin1, b"graph TD\nA[caf\xe9]").expect("write");
    let err = mermaid::load_file(&latin1).expect_err("latin-1");
    assert!(err.to_string().contains("UTF-8"), "{err}");

    let huge = dir.path().join("huge.mmd");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(100 * 1024 * 1024))
        .expect("sparse file");
    let err = mermaid::load_file(&huge).expect_err("huge");
    assert!(matches!(err, DiagramFileError::Unreadable(_)), "{err}");
    assert!(err.to_string().contains("100 MB"), "{err}");

    // And through the command line, one line per problem, exit 1.
    let (ok, stdout, _) = archdeck_check(&as_dir);
    assert!(!ok);
    assert!(
        stdout.starts_with(&format!("{}: this is a directory", as_dir.display())),
        "{stdout}"
    );
}

// ------------------------------------------------------- hard inputs

#[test]
fn pathological_inputs_stay_linear() {
    let n = 20_000;
    let mut cases: Vec<(&str, String)> = vec![
        (
            "long chain",
            format!(
                "graph LR\n{}",
                (0..n)
                    .map(|i| format!("n{i}"))
                    .collect::<Vec<_>>()
                    .join(" --> ")
            ),
        ),
        (
            "one node many times",
            format!("graph TD\n{}", "a;".repeat(n)),
        ),
        (
            "many tiny nodes",
            format!(
                "graph TD\n{}",
                (0..n).fold(String::new(), |mut s, i| {
                    let _ = write!(s, "{i};");
                    s
                })
            ),
        ),
        (
            "deep nesting",
            format!(
                "graph TD\n{}x\n{}",
                "subgraph s\n".repeat(n),
                "end\n".repeat(n)
            ),
        ),
        (
            "deep distinct nesting",
            format!(
                "graph TD\n{}x\n{}",
                (0..n).fold(String::new(), |mut s, i| {
                    let _ = writeln!(s, "subgraph s{i}");
                    s
                }),
                "end\n".repeat(n)
            ),
        ),
        (
            "unclosed deep nesting",
            format!("graph TD\n{}", "subgraph s\n".repeat(n)),
        ),
        (
            "long dashes",
            format!("graph TD\nA {} B", "-".repeat(n * 10)),
        ),
        (
            "long edge text of dashes",
            format!("graph TD\nA -- {} B", "- ".repeat(n * 5)),
        ),
        (
            "brackets in a label",
            format!("graph TD\nA[{}]", "(".repeat(n * 5)),
        ),
        (
            "unclosed quote",
            format!("graph TD\nA[\"{}", "x ".repeat(n * 5)),
        ),
        (
            "markdown toggles",
            format!("graph TD\nA[\"`{}`\"]", "*a".repeat(n * 2)),
        ),
        (
            "entities",
            format!("graph TD\nA[\"{}\"]", "#35;&amp;<br>".repeat(n)),
        ),
        ("many classes", format!("graph TD\nA{}", ":::c".repeat(n))),
        (
            "many styles",
            format!("graph TD\n{}", "style A fill:#fff\n".repeat(n)),
        ),
        (
            "wide ampersands",
            format!(
                "graph TD\n{} --> {}",
                (0..300)
                    .map(|i| format!("a{i}"))
                    .collect::<Vec<_>>()
                    .join(" & "),
                (0..300)
                    .map(|i| format!("b{i}"))
                    .collect::<Vec<_>>()
                    .join(" & ")
            ),
        ),
        (
            "many linkStyles",
            format!("graph TD\nA-->B\n{}", "linkStyle 0 stroke:red\n".repeat(n)),
        ),
        (
            "unknown style properties copied to every node",
            format!(
                "graph TD\nclassDef default {}\n{}",
                (0..2_000)
                    .map(|i| format!("p{i}:{}", "v".repeat(40)))
                    .collect::<Vec<_>>()
                    .join(","),
                (0..n).fold(String::new(), |mut s, i| {
                    let _ = write!(s, "n{i};");
                    s
                })
            ),
        ),
        (
            "class lists multiply",
            format!(
                "graph TD\n{}\nclass {} {}",
                (0..3_000).fold(String::new(), |mut s, i| {
                    let _ = write!(s, "n{i};");
                    s
                }),
                (0..3_000)
                    .map(|i| format!("n{i}"))
                    .collect::<Vec<_>>()
                    .join(","),
                (0..3_000)
                    .map(|i| format!("c{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "edge text multiplies",
            format!(
                "graph TD\n{} -->|{}| {}",
                (0..60)
                    .map(|i| format!("a{i}"))
                    .collect::<Vec<_>>()
                    .join(" & "),
                "t".repeat(20_000),
                (0..60)
                    .map(|i| format!("b{i}"))
                    .collect::<Vec<_>>()
                    .join(" & ")
            ),
        ),
        (
            "many unknown clicks",
            format!("graph TD\nA\n{}", "click Q x\n".repeat(n)),
        ),
        (
            "many notes on one line",
            format!("graph TD;A:::x;{}", "click Q x;".repeat(n)),
        ),
    ];
    cases.push((
        "synthetic",
        mermaid::synth::synthetic_flowchart(5_000, 10_000, 100, 1),
    ));
    for (name, text) in &cases {
        let start = Instant::now();
        let (result, peak) = parse_measured(text);
        let elapsed = start.elapsed();
        // A hang guard, not a speed target (benches/mermaid_parse.rs measures speed).
        assert!(
            elapsed < Duration::from_secs(20),
            "{name}: took {elapsed:?}"
        );
        if std::env::var_os("MERMAID_MEMORY_REPORT").is_some() {
            eprintln!(
                "{name}: {} bytes, peak {peak} bytes ({:.1}x), {elapsed:?}, {}",
                text.len(),
                peak as f64 / text.len() as f64,
                match &result {
                    Ok(c) => format!(
                        "ok ({} nodes, {} edges, {} notes)",
                        c.nodes.len(),
                        c.edges.len(),
                        c.notes.len()
                    ),
                    Err(e) => format!("error: {}", e.message),
                }
            );
        }
        assert_memory_bound(text, peak);
        match result {
            Ok(chart) => check_invariants(&chart).unwrap_or_else(|e| panic!("{name}: {e}")),
            Err(e) => assert!(!e.message.is_empty(), "{name}"),
        }
    }
}

#[test]
fn the_ampersand_product_is_capped() {
    let side: Vec<String> = (0..200).map(|i| format!("a{i}")).collect();
    let text = format!("graph TD\n{} --> {}", side.join(" & "), side.join(" & "));
    let err = parse(&text).expect_err("40000 edges from 2 KB");
    assert!(err.message.contains("`&` lists multiply"), "{err}");
}

// ------------------------------------------------------------ proptest

/// Pieces of the flowchart language, valid and broken.
const VOCAB: &[&str] = &[
    "graph",
    "flowchart",
    " TD",
    " LR",
    " ",
    " ",
    "\n",
    "\n",
    ";",
    "A",
    "B",
    "c1",
    "end",
    "x",
    "o",
    "-->",
    "---",
    "-.->",
    "==>",
    "~~~",
    "--o",
    "--x",
    "<-->",
    "o--o",
    "-- t -->",
    "-. t .->",
    "== t ==>",
    "|lbl|",
    "&",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "((",
    "))",
    "[(",
    ")]",
    "([",
    "])",
    "[[",
    "]]",
    "{{",
    "}}",
    "[/",
    "/]",
    "[\\",
    "\\]",
    ">",
    "\"",
    "`",
    "\"`",
    "`\"",
    "subgraph ",
    "direction ",
    "style ",
    "classDef ",
    "class ",
    "linkStyle ",
    "click ",
    ":::",
    "@{",
    "shape: ",
    "label: ",
    ",",
    ":",
    "%%",
    "%%{",
    "}%%",
    "---",
    "#quot;",
    "#35;",
    "&amp;",
    "<br/>",
    "<b>",
    "</b>",
    "**",
    "*",
    "_",
    "default",
    "0",
    "1",
    "fill:#f00",
    "stroke-width:2px",
    "accTitle: ",
    "accDescr {",
    "μ",
    "→",
    "✅",
    "\t",
    "\r\n",
    "<",
    "e1@",
    "-",
    "=",
    ".",
    "|",
    "/",
    "\\",
    "@",
    "call f()",
    "\"https://x\"",
    "_blank",
    "rgb(1,2,3)",
    "cyl",
    "interpolate basis ",
];

fn token_soup() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.8),
        prop::collection::vec(prop::sample::select(VOCAB), 0..120),
    )
        .prop_map(|(header, tokens)| {
            let mut s = if header {
                "graph TD\n".to_owned()
            } else {
                String::new()
            };
            for t in tokens {
                s.push_str(t);
            }
            s
        })
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, &'static str),
    Replace(usize, char),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..8).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (any::<usize>(), prop::sample::select(VOCAB)).prop_map(|(p, t)| Mutation::Insert(p, t)),
        (any::<usize>(), any::<char>()).prop_map(|(p, c)| Mutation::Replace(p, c)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Mutation::Duplicate(p, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let len = chars.len().max(1);
        match *m {
            Mutation::Delete(p, n) => {
                let p = p % len;
                let end = (p + n).min(chars.len());
                if p < end {
                    chars.drain(p..end);
                }
            }
            Mutation::Insert(p, t) => {
                let p = p % (chars.len() + 1);
                chars.splice(p..p, t.chars());
            }
            Mutation::Replace(p, c) => {
                if !chars.is_empty() {
                    chars[p % len] = c;
                }
            }
            Mutation::Duplicate(p, n) => {
                let p = p % len;
                let end = (p + n).min(chars.len());
                let copy: Vec<char> = chars.get(p..end).unwrap_or(&[]).to_vec();
                chars.splice(end..end, copy);
            }
            Mutation::Truncate(p) => chars.truncate(p % len),
        }
    }
    chars.into_iter().collect()
}

fn all_valid_fixtures() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts: Vec<String> = mmd_files("valid").iter().map(|p| read(p)).collect();
        texts.extend(mmd_files("seed").iter().map(|p| read(p)));
        texts
    })
}

/// Cases per property; `PROPTEST_CASES=100000 cargo test --release --test
/// mermaid proptest` runs a longer search.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

/// Parses and checks: no panic (the test would fail), bounded time and
/// memory, invariants on success, a well-formed position on error.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let (result, peak) = parse_measured(text);
    prop_assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    let bound = MEMORY_ALLOWANCE + MEMORY_PER_BYTE * text.len();
    prop_assert!(peak <= bound, "peak {peak} > {bound}");
    match result {
        Ok(chart) => {
            if let Err(e) = check_invariants(&chart) {
                return Err(TestCaseError::fail(e));
            }
            // The dump never panics either.
            let _ = dump(&chart);
        }
        Err(e) => {
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert!(
                e.line >= 1 && e.line <= lines.len(),
                "line {} of {}",
                e.line,
                lines.len()
            );
            let line = lines[e.line - 1].trim_end_matches('\r');
            prop_assert_eq!(&e.source_line, line);
            prop_assert!(
                e.column >= 1 && e.column <= line.chars().count() + 1,
                "{:?}: {:?}",
                text,
                e
            );
            prop_assert!(!e.message.is_empty());
            let _ = e.to_string();
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn proptest_token_soup_never_panics(text in token_soup()) {
        check_any(&text)?;
    }

    #[test]
    fn proptest_mutated_fixtures_never_panic(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let fixtures = all_valid_fixtures();
        let text = mutate(&fixtures[pick.index(fixtures.len())], &mutations);
        check_any(&text)?;
    }

    #[test]
    fn proptest_arbitrary_text_never_panics(text in ".{0,300}") {
        check_any(&text)?;
        check_any(&format!("graph TD\n{text}"))?;
    }
}
