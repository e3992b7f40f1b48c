//! One frame of the study screen showing the answer with the seed's largest
//! diagram, headless: `egui::Context::run` plus tessellation, no GPU.
//! Target: median under 2 ms. Layout must not be recomputed per frame.
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

fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 820.0),
        )),
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, state: &mut AppState) -> usize {
    let output = ctx.run_ui(raw_input(), |ui| state.ui(ui));
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
    bencher.bench_local(|| frame(&ctx, &mut state));
}
