//! One frame of the study screen showing the answer with the seed's largest
//! diagram, headless: `egui::Context::run` plus tessellation, no GPU.
//! Target: median under 2 ms. Layout must not be recomputed per frame.
//!
//! A second bench times a frame of the diagram viewer showing the same
//! diagram full size with the pointer on a node (its arrows and
//! neighbours emphasised).
//!
//! Run: `cargo bench --bench frame`.

use archdeck::app::{Action, AppState, CardRef, Clock, Screen};
use archdeck::store::StorePaths;

fn main() {
    divan::main();
}

/// The card whose answer holds the largest diagram of the bundled decks
/// (Q5's production system: 17 boxes, 13 arrows, a group), with its
/// 5-column tables.
const CARD: &str = "q5-overview";

fn raw_input(events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 820.0),
        )),
        events,
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, state: &mut AppState) -> usize {
    frame_with(ctx, state, Vec::new())
}

fn frame_with(ctx: &egui::Context, state: &mut AppState, events: Vec<egui::Event>) -> usize {
    let output = ctx.run_ui(raw_input(events), |ui| state.ui(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

#[divan::bench(sample_count = 300)]
fn study_frame_with_largest_diagram(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::new(dir.path().join("data"), dir.path().join("device-id"));
    let start = chrono::DateTime::from_timestamp(1_767_250_800, 0).expect("valid time");
    let mut state = AppState::new(Clock::Fixed(start), Some(paths));
    state.load_blocking();
    state.apply(Action::OpenDeckIn(0, Screen::Study));
    let card = state.decks[0]
        .deck
        .cards
        .iter()
        .position(|c| c.id == CARD)
        .expect("the bench card exists");
    let key = format!("{}/{CARD}", state.decks[0].deck.id);
    let now = state.now();
    if let Some(progress) = &state.progress {
        state
            .session
            .show(progress.collection(), CardRef { deck: 0, card }, &key, now);
    }
    state.apply(Action::ShowAnswer);
    let ctx = egui::Context::default();
    for _ in 0..10 {
        frame(&ctx, &mut state);
    }
    assert_eq!(
        state.session.current.as_ref().map(|c| c.key.as_str()),
        Some(key.as_str()),
        "the bench shows its card"
    );
    let largest = largest_diagram(&state);
    assert!(
        prepared_already(&ctx, &largest).is_some(),
        "the answer drew the diagram"
    );
    bencher.bench_local(|| frame(&ctx, &mut state));
}

/// The Mermaid text of the bench card's diagram.
fn largest_diagram(state: &AppState) -> String {
    state.decks[0]
        .deck
        .cards
        .iter()
        .find(|c| c.id == CARD)
        .and_then(|c| {
            c.blocks().find_map(|b| match b {
                archdeck::deck::Block::Diagram(d) => Some(d.mermaid.clone()),
                _ => None,
            })
        })
        .expect("the bench card has a diagram")
}

/// The diagram as laid out by the UI, if it was drawn.
fn prepared_already(
    ctx: &egui::Context,
    mermaid: &str,
) -> Option<std::sync::Arc<archdeck::ui::diagram::PreparedDiagram>> {
    archdeck::ui::diagram::prepared(ctx, archdeck::ui::diagram::key_of(mermaid), || {
        Err(String::new())
    })
    .ok()
}

#[divan::bench(sample_count = 300)]
fn viewer_frame_with_largest_diagram_hovered(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::new(dir.path().join("data"), dir.path().join("device-id"));
    let start = chrono::DateTime::from_timestamp(1_767_250_800, 0).expect("valid time");
    let mut state = AppState::new(Clock::Fixed(start), Some(paths));
    state.load_blocking();
    let largest = largest_diagram(&state);
    state.apply(Action::Navigate(Screen::Diagrams));
    let i = state
        .diagrams
        .all
        .iter()
        .position(|r| state.diagram(*r).is_some_and(|d| d.mermaid == largest))
        .expect("the gallery lists the diagram");
    state.apply(Action::OpenDiagram(i));
    let ctx = egui::Context::default();
    for _ in 0..5 {
        frame(&ctx, &mut state);
    }
    let prep = prepared_already(&ctx, &largest).expect("the viewer drew the diagram");
    let view = state.viewer.resting_view().expect("the viewer was shown");
    // The box with the most arrows.
    let node = (0..prep.chart.nodes.len())
        .max_by_key(|&n| {
            let end = archdeck::mermaid::Endpoint::Node(n);
            prep.chart
                .edges
                .iter()
                .filter(|e| e.from == end || e.to == end)
                .count()
        })
        .expect("nodes");
    let at = view.screen_from_layout(prep.layout.nodes[node].center());
    frame_with(&ctx, &mut state, vec![egui::Event::PointerMoved(at)]);
    for _ in 0..5 {
        frame(&ctx, &mut state);
    }
    assert_eq!(
        state.viewer.hovered,
        Some(archdeck::ui::diagram::Hit::Node(node)),
        "the pointer is on the node"
    );
    bencher.bench_local(|| frame(&ctx, &mut state));
}
