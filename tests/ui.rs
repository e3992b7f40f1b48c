//! The app driven headless with `egui_kittest`: real `AppState`, real
//! screens, keys and clicks; assertions on state and on labels.

use archdeck::app::{Action, AppState, Clock, Screen};
use archdeck::ui::theme::ThemeChoice;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app() -> AppState {
    let start = chrono::DateTime::from_timestamp(1_767_250_800, 0).expect("valid time"); // 2026-01-01 07:00 UTC
    let mut state = AppState::new(Clock::Fixed(start));
    state.load_blocking();
    state
}

fn harness(state: AppState) -> Harness<'static, AppState> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_ui_state(|ui, state: &mut AppState| state.ui(ui), state)
}

#[test]
fn decks_screen_lists_the_bundled_deck_with_its_size() {
    let mut h = harness(app());
    h.run();
    h.get_by_label("System Design Interview QA 1");
    let deck = &h.state().decks[0].deck;
    let summary = format!("{} cards", deck.cards.len());
    h.get_by_label_contains(&summary);
}

#[test]
fn browse_search_as_you_type_and_keys_move_the_selection() {
    let mut h = harness(app());
    h.run();
    h.get_by_label("Browse").click();
    h.run();
    assert_eq!(h.state().screen, Screen::Browse);
    let all = h.state().browse.rows.len();
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("source:Q5");
    h.run();
    let rows = h.state().browse.rows.clone();
    assert!(
        rows.len() > 2 && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    for r in &rows {
        assert_eq!(h.state().card(*r).expect("card").source, "Q5");
    }
    h.get_by_label_contains(&format!("{} of {all} cards", rows.len()));
    // Leave the search field, then move with the arrow keys and show the answer.
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().browse.selected, Some(rows[1]));
    assert!(!h.state().browse.show_back);
    h.key_press(Key::Space);
    h.run();
    assert!(h.state().browse.show_back);
    h.get_by_label("Hide answer");
}

#[test]
fn help_overlay_opens_with_question_mark_and_closes_with_escape() {
    let mut h = harness(app());
    h.run();
    h.key_press(Key::Questionmark);
    h.run();
    assert!(h.state().help_open);
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("Undo the last answer, bury or suspend");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().help_open);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
}

#[test]
fn navigation_keys_switch_screens() {
    let mut h = harness(app());
    h.run();
    for (key, screen) in [
        (Key::B, Screen::Browse),
        (Key::G, Screen::Diagrams),
        (Key::D, Screen::Decks),
    ] {
        h.key_press(key);
        h.run();
        assert_eq!(h.state().screen, screen);
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::P);
    h.run();
    assert_eq!(h.state().screen, Screen::Settings);
}

#[test]
fn settings_change_the_theme_and_scale() {
    let mut h = harness(app());
    h.state_mut().apply(Action::Navigate(Screen::Settings));
    h.run();
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.state().prefs.theme, ThemeChoice::Dark);
    assert!(h.ctx.theme() == egui::Theme::Dark);
    h.get_by_label("Light").click();
    h.run();
    assert_eq!(h.state().prefs.theme, ThemeChoice::Light);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Plus);
    h.run();
    assert!((h.state().prefs.ui_scale - 1.1).abs() < 1e-4);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-4);
}

#[test]
fn diagram_gallery_opens_a_diagram_with_enter_and_closes_with_escape() {
    let mut h = harness(app());
    h.state_mut().apply(Action::OpenDeckIn(0, Screen::Diagrams));
    h.run();
    let count = h.state().diagrams.all.len();
    h.get_by_label_contains(&format!("{count} diagrams"));
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().diagrams.selected, 1);
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().diagrams.open);
    h.get_by_label(&format!("2 of {count}"));
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().diagrams.open);
}

#[test]
fn loading_in_the_background_shows_the_decks_when_done() {
    let mut state = AppState::new(Clock::System);
    state.start_loading();
    assert!(state.loading);
    let mut h = harness(state);
    h.state_mut().wait_for_jobs();
    h.run();
    assert!(!h.state().loading);
    h.get_by_label("System Design Interview QA 1");
}
