//! Layout invariants on every fixture graph and on random graphs, plus a
//! snapshot of the seed diagrams' layouts.
//!
//! Fixtures are the layout benchmark's neutral graphs (`*.json`, made from
//! the `*.mmd` beside them by `tools/layoutbench/mmd2json.py`): the 11 seed
//! diagrams, the benchmark's own graphs and archdeck's own (`mine-*`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use archdeck::layout::geometry::shape_outline;
use archdeck::layout::neutral::{layout_json, read_graph};
use archdeck::layout::{Layout, LayoutOptions, Point, Rect, Size, Sizes, layout_sized};
use archdeck::mermaid::{
    ArrowHead, Cluster, Direction, Edge, Endpoint, Flowchart, Label, LineKind, Node, Shape, Style,
};
use proptest::prelude::*;

const TOL: f32 = 0.6;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn load(path: &Path) -> (Flowchart, Sizes) {
    let text = std::fs::read_to_string(path).expect("readable fixture");
    read_graph(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Clusters holding node `n`, innermost first.
fn clusters_of(chart: &Flowchart, n: usize) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut k = chart.nodes[n].cluster;
    while let Some(c) = k {
        out.insert(c);
        k = chart.clusters[c].parent;
    }
    out
}

fn ancestors(chart: &Flowchart, c: usize) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut k = chart.clusters[c].parent;
    while let Some(x) = k {
        out.insert(x);
        k = chart.clusters[x].parent;
    }
    out
}

/// Distance from `p` to the drawn outline of `shape` in `rect`.
fn outline_distance(shape: Shape, rect: &Rect, p: Point) -> f32 {
    match shape_outline(shape, rect) {
        None => {
            let c = rect.center();
            let (rx, ry) = (rect.width() / 2.0, rect.height() / 2.0);
            // Radial distance to the ellipse, good enough near it.
            let (dx, dy) = (p.x - c.x, p.y - c.y);
            let k = ((dx / rx).powi(2) + (dy / ry).powi(2)).sqrt();
            if k == 0.0 {
                rx.min(ry)
            } else {
                (dx.hypot(dy)) * (1.0 - 1.0 / k).abs()
            }
        }
        Some(poly) => (0..poly.len())
            .map(|i| seg_distance(p, poly[i], poly[(i + 1) % poly.len()]))
            .fold(f32::INFINITY, f32::min),
    }
}

fn seg_distance(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    p.distance(Point::new(a.x + dx * t, a.y + dy * t))
}

fn rect_border_distance(r: &Rect, p: Point) -> f32 {
    if r.contains(p, 0.0) {
        (p.x - r.min_x)
            .min(r.max_x - p.x)
            .min(p.y - r.min_y)
            .min(r.max_y - p.y)
    } else {
        r.distance(p)
    }
}

/// Every invariant the layout promises; returns the problems found.
fn problems(chart: &Flowchart, lay: &Layout) -> Vec<String> {
    let mut bad = Vec::new();
    let n = chart.nodes.len();
    if lay.nodes.len() != n
        || lay.clusters.len() != chart.clusters.len()
        || lay.edges.len() != chart.edges.len()
    {
        bad.push("layout vectors do not match the chart".to_owned());
        return bad;
    }
    let inside_drawing = |p: Point| {
        p.x.is_finite()
            && p.y.is_finite()
            && p.x >= -1.0
            && p.y >= -1.0
            && p.x <= lay.width + 1.0
            && p.y <= lay.height + 1.0
    };
    // Nodes: inside the drawing, no overlaps.
    for i in 0..n {
        let r = lay.nodes[i];
        if !inside_drawing(Point::new(r.min_x, r.min_y))
            || !inside_drawing(Point::new(r.max_x, r.max_y))
        {
            bad.push(format!(
                "node {} outside the drawing: {r:?}",
                chart.nodes[i].id
            ));
        }
        for j in i + 1..n {
            if r.overlaps(&lay.nodes[j], TOL) {
                bad.push(format!(
                    "nodes {} and {} overlap",
                    chart.nodes[i].id, chart.nodes[j].id
                ));
            }
        }
    }
    // Clusters: hold exactly their members, nest, never overlap otherwise.
    for (c, b) in lay.clusters.iter().enumerate() {
        for i in 0..n {
            let holds = clusters_of(chart, i).contains(&c);
            if holds && !b.rect.contains_rect(&lay.nodes[i], TOL) {
                bad.push(format!(
                    "cluster {} does not hold its member {}",
                    chart.clusters[c].id, chart.nodes[i].id
                ));
            }
            if !holds && b.rect.overlaps(&lay.nodes[i], TOL) {
                bad.push(format!(
                    "cluster {} overlaps non-member {}",
                    chart.clusters[c].id, chart.nodes[i].id
                ));
            }
        }
        if !b.rect.contains_rect(&b.title, TOL) {
            bad.push(format!("title of {} sticks out", chart.clusters[c].id));
        }
        let anc_c = ancestors(chart, c);
        for d in c + 1..chart.clusters.len() {
            let other = &lay.clusters[d].rect;
            if anc_c.contains(&d) {
                if !other.contains_rect(&b.rect, TOL) {
                    bad.push(format!("{} sticks out of its parent", chart.clusters[c].id));
                }
            } else if ancestors(chart, d).contains(&c) {
                if !b.rect.contains_rect(other, TOL) {
                    bad.push(format!("{} sticks out of its parent", chart.clusters[d].id));
                }
            } else if b.rect.overlaps(other, TOL) {
                bad.push(format!(
                    "clusters {} and {} overlap",
                    chart.clusters[c].id, chart.clusters[d].id
                ));
            }
        }
        // Titles never cover a node.
        for i in 0..n {
            if b.title.overlaps(&lay.nodes[i], TOL) {
                bad.push(format!(
                    "title of {} covers {}",
                    chart.clusters[c].id, chart.nodes[i].id
                ));
            }
        }
    }
    // Edges: start and end on their ends' borders, pass through no other node.
    for (k, e) in chart.edges.iter().enumerate() {
        let path = &lay.edges[k];
        let name = || format!("edge {k} ({:?} -> {:?})", e.from, e.to);
        if path.points.len() < 2 {
            bad.push(format!("{} has no line", name()));
            continue;
        }
        if !path.points.iter().all(|&p| inside_drawing(p)) {
            bad.push(format!("{} leaves the drawing", name()));
        }
        let ends = [
            (e.from, path.points[0]),
            (e.to, path.points[path.points.len() - 1]),
        ];
        for (end, p) in ends {
            let d = match end {
                Endpoint::Node(i) => outline_distance(chart.nodes[i].shape, &lay.nodes[i], p),
                Endpoint::Cluster(c) => rect_border_distance(&lay.clusters[c].rect, p),
            };
            if d > 1.0 {
                bad.push(format!("{} ends {d:.1} px off its border at {p:?}", name()));
            }
        }
        if e.line_kind == LineKind::Invisible {
            continue;
        }
        let own: BTreeSet<usize> = [e.from, e.to]
            .iter()
            .filter_map(|x| match x {
                Endpoint::Node(i) => Some(*i),
                Endpoint::Cluster(_) => None,
            })
            .collect();
        for i in 0..n {
            if own.contains(&i) {
                continue;
            }
            let r = lay.nodes[i].expand(-TOL);
            if path.points.windows(2).any(|w| r.hit_by_segment(w[0], w[1])) {
                bad.push(format!("{} passes through {}", name(), chart.nodes[i].id));
            }
        }
    }
    // Labels collide with no node, title or other label.
    let labels: Vec<(usize, Rect)> = lay
        .edges
        .iter()
        .enumerate()
        .filter_map(|(k, p)| p.label.map(|l| (k, l)))
        .collect();
    for (a, (k, l)) in labels.iter().enumerate() {
        for i in 0..n {
            if l.overlaps(&lay.nodes[i], TOL) {
                bad.push(format!("label of edge {k} covers {}", chart.nodes[i].id));
            }
        }
        for b in &lay.clusters {
            if l.overlaps(&b.title, TOL) {
                bad.push(format!("label of edge {k} covers a title"));
            }
        }
        for (k2, l2) in &labels[a + 1..] {
            if l.overlaps(l2, TOL) {
                bad.push(format!("labels of edges {k} and {k2} overlap"));
            }
        }
    }
    bad
}

#[test]
fn every_fixture_keeps_the_invariants() {
    let files = fixtures();
    assert!(files.len() >= 25, "fixtures missing: {}", files.len());
    let mut failures = Vec::new();
    for path in files {
        let (chart, sizes) = load(&path);
        let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
        for p in problems(&chart, &lay) {
            failures.push(format!("{}: {p}", path.display()));
        }
        // Every node keeps the size it was given.
        for (i, r) in lay.nodes.iter().enumerate() {
            let s = sizes.nodes[i];
            assert!(
                (r.width() - s.w).abs() < 0.01 && (r.height() - s.h).abs() < 0.01,
                "{}: node {} resized",
                path.display(),
                chart.nodes[i].id
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn layout_is_deterministic() {
    for path in fixtures() {
        let (chart, sizes) = load(&path);
        let a = layout_sized(&chart, &sizes, &LayoutOptions::default());
        let b = layout_sized(&chart, &sizes, &LayoutOptions::default());
        assert_eq!(a, b, "{}", path.display());
    }
}

#[test]
fn every_direction_keeps_the_invariants() {
    for path in fixtures() {
        let (mut chart, sizes) = load(&path);
        for dir in [
            Direction::TopBottom,
            Direction::BottomTop,
            Direction::LeftRight,
            Direction::RightLeft,
        ] {
            chart.direction = dir;
            let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
            let p = problems(&chart, &lay);
            assert!(p.is_empty(), "{} {dir:?}: {}", path.display(), p.join("\n"));
        }
    }
}

#[test]
fn flow_follows_the_direction() {
    // A -> B: B is below A in TB, above in BT, right in LR, left in RL.
    let (chart, sizes) = load(&fixtures_path("seed-05.json"));
    for (dir, check) in [
        (Direction::TopBottom, (0.0, 1.0)),
        (Direction::BottomTop, (0.0, -1.0)),
        (Direction::LeftRight, (1.0, 0.0)),
        (Direction::RightLeft, (-1.0, 0.0)),
    ] {
        let mut c = chart.clone();
        c.direction = dir;
        let lay = layout_sized(&c, &sizes, &LayoutOptions::default());
        let a = lay.nodes[0].center();
        let b = lay.nodes[1].center();
        let along = (b.x - a.x) * check.0 + (b.y - a.y) * check.1;
        assert!(along > 0.0, "{dir:?}: {a:?} -> {b:?}");
    }
}

fn fixtures_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layout")
        .join(name)
}

#[test]
fn isolated_nodes_form_a_grid_not_a_strip() {
    // seed-04 (LR, 7 latency numbers, no edges) and seed-06 (TB, 8 fallacies).
    for name in ["seed-04.json", "seed-06.json"] {
        let (chart, sizes) = load(&fixtures_path(name));
        let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
        let aspect = lay.width / lay.height;
        assert!(
            (0.5..=3.0).contains(&aspect),
            "{name}: aspect {aspect:.2} ({} x {})",
            lay.width,
            lay.height
        );
    }
}

#[test]
fn own_direction_subgraph_is_laid_out_its_way() {
    // mine-01: an LR graph whose "Build pipeline" subgraph says TB.
    let (chart, sizes) = load(&fixtures_path("mine-01.json"));
    let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
    let id = |s: &str| chart.node_by_id(s).expect("node");
    let (s1, s2) = (lay.nodes[id("S1")].center(), lay.nodes[id("S2")].center());
    assert!(s2.y > s1.y && (s2.x - s1.x).abs() < 1.0, "{s1:?} {s2:?}");
    let (gw, auth) = (lay.nodes[id("GW")].center(), lay.nodes[id("AUTH")].center());
    assert!(auth.x > gw.x, "outside still flows left to right");
}

#[test]
fn seed_layouts_match_their_snapshots() {
    // Regenerate with ARCHDECK_UPDATE_SNAPSHOTS=1 after an intended change.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout/snapshots");
    let update = std::env::var_os("ARCHDECK_UPDATE_SNAPSHOTS").is_some();
    for k in 1..=11 {
        let name = format!("seed-{k:02}");
        let (chart, sizes) = load(&fixtures_path(&format!("{name}.json")));
        let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
        // Rounded to 0.1 px so the snapshot is stable and readable.
        let json: serde_json::Value =
            serde_json::from_str(&layout_json(&chart, &lay, None)).expect("layout JSON");
        let rounded = round_json(&json);
        let text = serde_json::to_string_pretty(&rounded).expect("json") + "\n";
        let file = dir.join(format!("{name}.json"));
        if update {
            std::fs::create_dir_all(&dir).expect("snapshot folder");
            std::fs::write(&file, &text).expect("write snapshot");
        } else {
            let want = std::fs::read_to_string(&file)
                .unwrap_or_else(|_| panic!("missing snapshot {}", file.display()));
            assert_eq!(
                text, want,
                "{name} changed; if intended, rerun with ARCHDECK_UPDATE_SNAPSHOTS=1"
            );
        }
    }
}

fn round_json(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().filter(|_| !n.is_i64()).map_or_else(
            || v.clone(),
            |f| serde_json::json!((f * 10.0).round() / 10.0),
        ),
        Value::Array(a) => Value::Array(a.iter().map(round_json).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, x)| (k.clone(), round_json(x))).collect())
        }
        _ => v.clone(),
    }
}

// ------------------------------------------------------------ random graphs

fn label(text: &str) -> Label {
    Label::plain(text)
}

/// A random flowchart: nodes, a cluster tree, edges between nodes and
/// clusters (self-loops and parallel edges included), labels, directions.
fn arb_chart() -> impl Strategy<Value = (Flowchart, Sizes)> {
    (1usize..18, 0usize..6, 0u8..4)
        .prop_flat_map(|(n, nc, dir)| {
            (
                Just((n, nc, dir)),
                proptest::collection::vec((20.0f32..180.0, 20.0f32..90.0, 0usize..14), n),
                proptest::collection::vec((0usize..8, 0usize..8, 0u8..6), nc),
                proptest::collection::vec(
                    (
                        0usize..40,
                        0usize..40,
                        0u8..8,
                        1u32..3,
                        proptest::option::of(10.0f32..90.0),
                    ),
                    0..n * 2 + 2,
                ),
            )
        })
        .prop_map(|((n, nc, dir), nodes, clusters, edges)| {
            let mut chart = Flowchart {
                direction: match dir {
                    0 => Direction::TopBottom,
                    1 => Direction::BottomTop,
                    2 => Direction::LeftRight,
                    _ => Direction::RightLeft,
                },
                ..Flowchart::default()
            };
            let mut sizes = Sizes::default();
            let shapes = [
                Shape::Rect,
                Shape::Rounded,
                Shape::Stadium,
                Shape::Subroutine,
                Shape::Cylinder,
                Shape::Circle,
                Shape::DoubleCircle,
                Shape::Asymmetric,
                Shape::Rhombus,
                Shape::Hexagon,
                Shape::Parallelogram,
                Shape::ParallelogramAlt,
                Shape::Trapezoid,
                Shape::TrapezoidAlt,
            ];
            for (i, (w, h, s)) in nodes.iter().enumerate() {
                let shape = shapes[s % shapes.len()];
                let (w, h) = if matches!(shape, Shape::Circle | Shape::DoubleCircle) {
                    (w.max(*h), w.max(*h))
                } else {
                    (*w, *h)
                };
                chart.nodes.push(Node {
                    id: format!("n{i}"),
                    label: label(&format!("n{i}")),
                    shape,
                    ..Node::default()
                });
                sizes.nodes.push(Size::new(w, h));
            }
            // Clusters: parent is an earlier cluster or none; members taken
            // from the nodes by modulo.
            for (c, (parent, first, count)) in clusters.iter().enumerate() {
                let parent = if c > 0 && *parent % 3 != 0 {
                    Some(parent % c)
                } else {
                    None
                };
                chart.clusters.push(Cluster {
                    id: format!("c{c}"),
                    title: label(&format!("cluster {c}")),
                    parent,
                    direction: if *count == 5 {
                        Some(Direction::LeftRight)
                    } else {
                        None
                    },
                    ..Cluster::default()
                });
                sizes
                    .cluster_titles
                    .push(Size::new(60.0 + 7.0 * c as f32, 22.0));
                if let Some(p) = parent {
                    chart.clusters[p].clusters.push(c);
                }
                for k in 0..usize::from(*count) {
                    let node = (first + k * 3) % n;
                    if chart.nodes[node].cluster.is_none() {
                        chart.nodes[node].cluster = Some(c);
                        chart.clusters[c].nodes.push(node);
                    }
                }
            }
            for (k, (a, b, kind, minlen, lw)) in edges.iter().enumerate() {
                let end = |x: usize| {
                    if nc > 0 && x >= 34 {
                        Endpoint::Cluster(x % nc)
                    } else {
                        Endpoint::Node(x % n)
                    }
                };
                let (from, to) = (end(*a), end(*b));
                let line_kind = match kind {
                    0 => LineKind::Dotted,
                    1 => LineKind::Thick,
                    2 => LineKind::Invisible,
                    _ => LineKind::Solid,
                };
                chart.edges.push(Edge {
                    id: None,
                    from,
                    to,
                    line_kind,
                    start_head: ArrowHead::None,
                    end_head: ArrowHead::Normal,
                    label: lw.map(|_| label(&format!("e{k}"))),
                    min_len: *minlen,
                    style: Style::default(),
                    line: 0,
                });
                sizes.edge_labels.push(lw.map(|w| Size::new(w, 22.0)));
            }
            (chart, sizes)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn random_graphs_keep_the_invariants((chart, sizes) in arb_chart()) {
        let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
        let p = problems(&chart, &lay);
        prop_assert!(p.is_empty(), "{}", p.join("\n"));
        let again = layout_sized(&chart, &sizes, &LayoutOptions::default());
        prop_assert_eq!(lay, again);
    }
}

#[test]
fn acyclic_graphs_flow_one_way() {
    // Regression: edges between subgraphs were once reversed without any
    // cycle (a node beside a subgraph it both feeds and is fed by), which
    // doubled the crossings of the synthetic graphs. synth-* are DAGs.
    for name in [
        "synth-50.json",
        "synth-200.json",
        "seed-07.json",
        "own-02.json",
    ] {
        let (chart, sizes) = load(&fixtures_path(name));
        let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
        for e in &chart.edges {
            if let (Endpoint::Node(a), Endpoint::Node(b)) = (e.from, e.to) {
                assert!(
                    lay.nodes[b].center().y > lay.nodes[a].center().y,
                    "{name}: {} -> {} points up",
                    chart.nodes[a].id,
                    chart.nodes[b].id
                );
            }
        }
    }
}

// ------------------------------------------------------------- the widgets

mod widgets {
    use std::sync::Arc;

    use archdeck::interop::picture::Owner;
    use archdeck::layout::{LayoutOptions, layout_sized};
    use archdeck::ui::diagram::{
        Hit, PreparedDiagram, diagram_inline_ui, diagram_viewer_ui, emphasis_for, hit_test,
        viewer_view,
    };
    use egui::{Id, Key, Pos2};
    use egui_kittest::Harness;

    use super::{fixtures_path, load};

    fn prepared(name: &str) -> Arc<PreparedDiagram> {
        let (chart, sizes) = load(&fixtures_path(name));
        let layout = layout_sized(&chart, &sizes, &LayoutOptions::default());
        Arc::new(PreparedDiagram::with_layout(chart, layout))
    }

    #[test]
    fn hovering_a_node_lights_its_edges_and_neighbours() {
        // seed-05: REQ -> APP -> CHECK -> (RETURN, DB) ...
        let prep = prepared("seed-05.json");
        let app = prep.chart.node_by_id("APP").expect("APP");
        let at = prep.layout.nodes[app].center();
        assert_eq!(hit_test(&prep, at, 4.0), Some(Hit::Node(app)));
        let em = emphasis_for(&prep, Some(Hit::Node(app)));
        let req = prep.chart.node_by_id("REQ").expect("REQ");
        let check = prep.chart.node_by_id("CHECK").expect("CHECK");
        let db = prep.chart.node_by_id("DB").expect("DB");
        assert!(em.focus.contains(&Owner::Node(app)));
        assert!(em.context.contains(&Owner::Node(req)));
        assert!(em.context.contains(&Owner::Node(check)));
        assert!(!em.context.contains(&Owner::Node(db)) && !em.focus.contains(&Owner::Node(db)));
        assert_eq!(
            em.focus
                .iter()
                .filter(|o| matches!(o, Owner::Edge(_)))
                .count(),
            2
        );
    }

    #[test]
    fn clicking_the_inline_drawing_asks_for_the_viewer() {
        let prep = prepared("seed-01.json");
        let mut harness = Harness::new_ui_state(
            |ui, opened: &mut bool| {
                let r = diagram_inline_ui(ui, &prep, 400.0);
                if r.open_viewer {
                    *opened = true;
                }
            },
            false,
        );
        harness.run();
        assert!(!harness.state());
        let centre = Pos2::new(100.0, 60.0);
        harness.hover_at(centre);
        harness.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        });
        harness.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run();
        assert!(
            harness.state(),
            "a click on the drawing should open the viewer"
        );
    }

    #[test]
    fn viewer_zooms_with_keys_and_fits_again() {
        let prep = prepared("own-02.json");
        let id = Id::unique("test-viewer");
        let mut harness = Harness::builder()
            .with_size([900.0, 700.0])
            .with_max_steps(200)
            .build_ui(|ui| diagram_viewer_ui(ui, &prep, id));
        harness.run();
        let fitted = viewer_view(&harness.ctx, id).expect("shown").scale;
        harness.hover_at(Pos2::new(450.0, 400.0));
        harness.run();
        harness.key_press(Key::Plus);
        harness.run();
        let zoomed = viewer_view(&harness.ctx, id).expect("shown").scale;
        assert!(zoomed > fitted * 1.2, "{fitted} -> {zoomed}");
        harness.key_press(Key::Num0);
        harness.run();
        let again = viewer_view(&harness.ctx, id).expect("shown").scale;
        assert!((again - fitted).abs() < 1e-3, "{again} vs {fitted}");
    }

    #[test]
    fn a_big_diagram_is_laid_out_in_the_background() {
        use archdeck::ui::diagram::{BACKGROUND_ABOVE, NotReady};
        let text = archdeck::mermaid::synth::synthetic_flowchart(400, 600, 8, 7);
        let chart = archdeck::mermaid::parse(&text).expect("parses");
        assert!(chart.nodes.len() + chart.edges.len() > BACKGROUND_ABOVE);
        let mut harness = Harness::new_ui(|_ui| {});
        harness.run();
        let ctx = harness.ctx.clone();
        let first = archdeck::ui::diagram::prepared(&ctx, 7, || Ok(chart.clone()));
        assert_eq!(
            first.err(),
            Some(NotReady::Laying),
            "the frame does not wait for the layout"
        );
        let start = std::time::Instant::now();
        let prep = loop {
            match archdeck::ui::diagram::prepared(&ctx, 7, || panic!("made once")) {
                Ok(prep) => break prep,
                Err(NotReady::Laying) if start.elapsed().as_secs() < 60 => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(other) => panic!("not laid out: {other}"),
            }
        };
        assert_eq!(prep.layout.nodes.len(), chart.nodes.len());
    }

    #[test]
    fn a_diagram_is_laid_out_once_per_source() {
        let (chart, _) = load(&fixtures_path("seed-03.json"));
        let mut harness = Harness::new_ui(|_ui| {});
        harness.run();
        let ctx = harness.ctx.clone();
        let mut made = 0;
        for _ in 0..3 {
            let prep = archdeck::ui::diagram::prepared(&ctx, 42, || {
                made += 1;
                Ok(chart.clone())
            })
            .expect("laid out");
            assert_eq!(prep.layout.nodes.len(), chart.nodes.len());
        }
        assert_eq!(
            made, 1,
            "the layout must come from the cache after the first time"
        );
    }
}

/// `archdeck layout FILE.mmd` as the benchmark harness and a user run it:
/// the Mermaid file read by the parser, the JSON and SVG written, the
/// global `--theme` colouring the picture.
#[test]
fn the_layout_command_reads_mermaid_and_writes_json_and_svg() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("out.json");
    let svg = dir.path().join("out.svg");
    let run = |theme: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_archdeck"))
            .arg("layout")
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/mermaid/seed/seed-07.mmd"),
            )
            .args(["--harness-sizes", "--json"])
            .arg(&json)
            .arg("--svg")
            .arg(&svg)
            .args(["--theme", theme])
            .output()
            .expect("archdeck runs")
    };
    let out = run("dark");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written"))
            .expect("valid JSON");
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(17));
    let dark = std::fs::read_to_string(&svg).expect("svg written");
    assert!(dark.starts_with("<svg") || dark.starts_with("<?xml"));
    let out = run("light");
    assert!(out.status.success());
    let light = std::fs::read_to_string(&svg).expect("svg written");
    assert_ne!(dark, light, "the theme changes the picture");
    let out = run("purple");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown theme"));
}

/// A wide fan of edges from one node does not leave it almost flat: the
/// rows move apart until every edge rises at least 1 for each 3 across.
#[test]
fn a_wide_fan_keeps_its_edges_steep() {
    let text: String = std::iter::once("graph TD".to_owned())
        .chain((1..=6).map(|i| format!("    HUB --> N{i}[\"Label {i}\"]")))
        .collect::<Vec<_>>()
        .join("\n");
    let chart = archdeck::mermaid::parse(&text).expect("parses");
    let sizes = Sizes {
        nodes: chart
            .nodes
            .iter()
            .map(|n| Size::new(if n.id == "HUB" { 60.0 } else { 90.0 }, 40.0))
            .collect(),
        edge_labels: vec![None; chart.edges.len()],
        cluster_titles: Vec::new(),
    };
    let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
    assert!(
        problems(&chart, &lay).is_empty(),
        "{:?}",
        problems(&chart, &lay)
    );
    let hub = lay.nodes[0].center();
    for (i, r) in lay.nodes.iter().enumerate().skip(1) {
        let c = r.center();
        let (run, rise) = ((c.x - hub.x).abs(), (c.y - hub.y).abs());
        assert!(run <= 3.0 * rise + 1.0, "node {i}: run {run} rise {rise}");
    }
}

/// Isolated nodes fill their grid evenly: the layers differ by at most one
/// node (7 as 4 + 3, never 5 + 2), in both orientations.
#[test]
fn isolated_nodes_fill_the_grid_evenly() {
    for (header, by_y) in [("graph TD", true), ("graph LR", false)] {
        for n in 3..=20usize {
            let text: String = std::iter::once(header.to_owned())
                .chain((0..n).map(|i| format!("    N{i}[\"Item {i}\"]")))
                .collect::<Vec<_>>()
                .join("\n");
            let chart = archdeck::mermaid::parse(&text).expect("parses");
            let sizes = Sizes {
                nodes: vec![Size::new(150.0, 40.0); n],
                edge_labels: Vec::new(),
                cluster_titles: Vec::new(),
            };
            let lay = layout_sized(&chart, &sizes, &LayoutOptions::default());
            let mut layers: Vec<(i64, usize)> = Vec::new();
            for r in &lay.nodes {
                let c = r.center();
                let at = (if by_y { c.y } else { c.x }).round() as i64;
                match layers.iter_mut().find(|(k, _)| (*k - at).abs() <= 1) {
                    Some((_, count)) => *count += 1,
                    None => layers.push((at, 1)),
                }
            }
            let most = layers.iter().map(|l| l.1).max().unwrap_or(0);
            let least = layers.iter().map(|l| l.1).min().unwrap_or(0);
            assert!(
                most - least <= 1,
                "{header}, {n} nodes: layers of {:?}",
                layers.iter().map(|l| l.1).collect::<Vec<_>>()
            );
        }
    }
}
