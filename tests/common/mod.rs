//! The app under `egui_kittest` for the UI test files: a real `AppState` on
//! a store in a temporary folder, at a fixed time, in a 1280×860 window.

use archdeck::app::{AppState, Clock};
use archdeck::store::StorePaths;
use chrono::{DateTime, Utc};
use egui::Key;
use egui_kittest::Harness;

/// 2026-01-01 07:00 UTC: after the 4 am rollover.
pub fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_250_800, 0).expect("valid time")
}

/// The app with its harness and data folder.
pub struct App {
    /// The harness driving the app.
    pub h: Harness<'static, AppState>,
    /// The temporary folder holding `data/` and the device id.
    pub dir: tempfile::TempDir,
}

impl App {
    /// The store paths inside `dir`.
    pub fn paths(dir: &tempfile::TempDir) -> StorePaths {
        StorePaths::new(dir.path().join("data"), dir.path().join("device-id"))
    }

    /// The app on the bundled decks, loaded, with a fresh store.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut state = AppState::new(Clock::Fixed(start()), Some(Self::paths(&dir)));
        state.load_blocking();
        assert!(
            state.progress.is_some(),
            "progress opens: {:?}",
            state.notices
        );
        let mut h = Harness::builder()
            .with_size(egui::vec2(1280.0, 860.0))
            .build_ui_state(|ui, state: &mut AppState| state.ui(ui), state);
        h.run();
        Self { h, dir }
    }

    /// The app's state.
    pub fn s(&self) -> &AppState {
        self.h.state()
    }

    /// Presses a key and lets the app settle, background jobs included (a
    /// job started by the key's action begins on the next frame).
    pub fn key(&mut self, key: Key) {
        self.h.key_press(key);
        self.h.step();
        self.h.step();
        self.h.state_mut().wait_for_jobs();
        self.h.run();
    }
}
