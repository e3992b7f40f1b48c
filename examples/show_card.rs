//! Opens the study screen on one card of the bundled decks, for screenshots
//! and for looking at how a card renders.
//!
//! `cargo run --release --example show_card -- CARD_ID [light|dark] [answer]`
//!
//! Progress goes to a new temporary folder, never to the user's.

use std::process::ExitCode;

use archdeck::app::{Action, AppState, CardRef, Clock, Screen};
use archdeck::store::StorePaths;
use archdeck::ui::theme::ThemeChoice;

struct ShowCard {
    state: AppState,
}

impl eframe::App for ShowCard {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.state.ui(ui);
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(id) = args.first().cloned() else {
        eprintln!("usage: show_card CARD_ID [light|dark] [answer]");
        return ExitCode::FAILURE;
    };
    let dark = args.iter().any(|a| a == "dark");
    let answer = args.iter().any(|a| a == "answer");
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("error: no temporary folder: {err}");
            return ExitCode::FAILURE;
        }
    };
    let paths = StorePaths::new(dir.path().join("data"), dir.path().join("device-id"));
    let mut state = AppState::new(Clock::System, Some(paths));
    let theme = if dark {
        ThemeChoice::Dark
    } else {
        ThemeChoice::Light
    };
    state.theme_override = Some(theme);
    state.prefs.theme = theme;
    state.load_blocking();
    let found = state.decks.iter().enumerate().find_map(|(d, loaded)| {
        let card = loaded.deck.cards.iter().position(|c| c.id == id)?;
        Some((d, card, format!("{}/{id}", loaded.deck.id)))
    });
    let Some((deck, card, key)) = found else {
        eprintln!("error: no card {id:?} in the bundled decks; `archdeck` Browse shows the ids");
        return ExitCode::FAILURE;
    };
    state.apply(Action::OpenDeckIn(deck, Screen::Study));
    let now = state.now();
    if let Some(progress) = &state.progress {
        state
            .session
            .show(progress.collection(), CardRef { deck, card }, &key, now);
    }
    if answer {
        state.apply(Action::ShowAnswer);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(format!("archdeck · {id}"))
            .with_inner_size([1280.0, 820.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "archdeck",
        options,
        Box::new(move |_| Ok(Box::new(ShowCard { state }))),
    );
    drop(dir);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: could not open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
