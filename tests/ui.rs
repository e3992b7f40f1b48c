//! The app driven headless with `egui_kittest`: real `AppState`, real
//! screens, real store in a temporary folder, keys and clicks; assertions on
//! state, on disk and on labels.

use std::sync::Arc;

use archdeck::app::{Action, AppState, Clock, Screen};
use archdeck::interop::picture::Owner;
use archdeck::layout::Point;
use archdeck::mermaid::Endpoint;
use archdeck::srs::EventKind;
use archdeck::store::Settings;
use archdeck::ui::diagram::{self, Hit, PreparedDiagram, View};
use archdeck::ui::theme::ThemeChoice;
use chrono::Duration;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;

use common::{App, start};

/// Answers, undos and other events in the app's progress log.
fn events(app: &App) -> usize {
    app.s()
        .progress
        .as_ref()
        .map_or(0, |p| p.collection().events().len())
}

#[test]
fn decks_screen_lists_the_bundled_deck_with_todays_counts() {
    let app = App::new();
    app.h.get_by_label("System Design Interview QA 1");
    let deck = &app.s().decks[0].deck;
    app.h
        .get_by_label_contains(&format!("{} cards", deck.cards.len()));
    let counts = app.s().counts[0];
    assert_eq!(counts.new, 20, "Anki's default of 20 new cards a day");
    assert_eq!(counts.review + counts.learning + counts.done_today, 0);
    app.h.get_by_label("0 of 20 done today");
}

#[test]
fn study_shows_answer_with_space_grades_with_keys_and_undoes() {
    let mut app = App::new();
    app.key(Key::S);
    assert_eq!(app.s().screen, Screen::Study);
    let first = app.s().session.current.clone().expect("a card to study");
    assert!(!app.s().session.answer_shown);
    app.h.get_by_label("Show answer");
    assert!(app.h.query_by_label_contains("Again").is_none());

    app.key(Key::Space);
    assert!(app.s().session.answer_shown);
    // The four buttons show their next intervals.
    let intervals = app.s().session.intervals.clone();
    assert_eq!(intervals[0], "<1m");
    for (name, interval) in ["Again", "Hard", "Good", "Easy"].iter().zip(&intervals) {
        app.h.get_by_label(&format!("{name}\n{interval}"));
    }

    app.key(Key::Num3);
    assert_eq!(app.s().session.answered, 1);
    assert_eq!(app.s().session.by_grade, [0, 0, 1, 0]);
    assert_eq!(events(&app), 1, "the answer is in the log");
    assert_ne!(app.s().session.current.as_ref(), Some(&first));
    app.h.get_by_label("1 answered");

    app.h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    app.h.run();
    assert_eq!(app.s().session.answered, 0);
    assert_eq!(
        app.s().session.current.as_ref().map(|c| &c.key),
        Some(&first.key)
    );
    assert!(
        !app.s().session.answer_shown,
        "the undone card's question again"
    );
    assert_eq!(events(&app), 2, "undo is an event in the log");
    let history = app.s().history(first.card);
    assert!(history.is_empty(), "the undone answer no longer counts");
}

#[test]
fn grade_buttons_work_with_the_mouse() {
    let mut app = App::new();
    app.h.get_by_label("Study now").click();
    app.h.run();
    assert_eq!(app.s().screen, Screen::Study);
    assert!(app.s().session.current.is_some(), "{:?}", app.s().session);
    app.h.get_by_label("Show answer").click();
    app.h.run();
    assert!(app.s().session.answer_shown);
    app.h.get_by_label_contains("Again\n").click();
    app.h.run();
    assert_eq!(app.s().session.by_grade, [1, 0, 0, 0]);
    app.h.get_by_label("Show answer").click();
    app.h.run();
    app.h.get_by_label_contains("Easy\n").click();
    app.h.run();
    assert_eq!(app.s().session.by_grade, [1, 0, 0, 1]);
    app.h.get_by_label("Undo").click();
    app.h.run();
    assert_eq!(app.s().session.by_grade, [1, 0, 0, 0]);
}

#[test]
fn bury_and_suspend_with_keys_take_the_card_out_of_today() {
    let mut app = App::new();
    app.key(Key::S);
    let first = app.s().session.current.clone().expect("card");
    app.key(Key::Minus);
    let second = app.s().session.current.clone().expect("card");
    assert_ne!(first.key, second.key);
    assert!(app.s().card_state(first.card).buried_on.is_some());
    // `@` arrives as typed text.
    app.h.event(egui::Event::Text("@".into()));
    app.h.run();
    assert!(app.s().card_state(second.card).suspended);
    let third = app.s().session.current.clone().expect("card");
    assert!(third.key != first.key && third.key != second.key);
    // Undo brings the suspended card back.
    app.h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    app.h.run();
    assert!(!app.s().card_state(second.card).suspended);
}

/// A week of simulated days, studied with the keyboard only: Space shows
/// the answer, 1-4 grade. Every day's work is finished, then the clock moves
/// to the next day.
#[test]
fn a_week_of_study_without_the_mouse() {
    let mut app = App::new();
    let mut answers = 0usize;
    let mut reviews_seen = 0usize;
    let mut typed_cards = 0usize;
    for day in 0..7 {
        app.key(Key::D);
        app.key(Key::S);
        assert_eq!(app.s().screen, Screen::Study);
        let mut guard = 0;
        while app.s().session.current.is_some() {
            guard += 1;
            assert!(guard < 400, "day {day} does not end");
            if app
                .s()
                .session
                .current
                .as_ref()
                .is_some_and(|c| matches!(c.kind, archdeck::srs::QueueKind::Review))
            {
                reviews_seen += 1;
            }
            let typed = app
                .s()
                .session
                .current
                .as_ref()
                .and_then(|c| app.s().card(c.card))
                .and_then(archdeck::ui::study::typed_answer_of)
                .map(|t| t.expect.clone());
            if let Some(expected) = typed {
                // The field has the keyboard: type the answer, Enter checks it.
                app.h.event(egui::Event::Text(expected));
                app.h.run();
                app.key(Key::Enter);
                typed_cards += 1;
            } else {
                app.key(Key::Space);
            }
            assert!(
                app.s().session.answer_shown,
                "day {day}, answer {answers}: {:?}",
                app.s().session
            );
            // Mostly Good, now and then Again or Easy.
            let key = match answers % 10 {
                3 => Key::Num1,
                7 => Key::Num4,
                _ => Key::Num3,
            };
            app.key(key);
            answers += 1;
        }
        app.h
            .get_by_label("Congratulations! You have finished for now.");
        app.h.get_by_label_contains("due tomorrow");
        assert_eq!(app.s().session.remaining, [0, 0, 0]);
        app.h.state_mut().clock.advance(Duration::days(1));
        app.h.run();
    }
    assert!(
        answers >= 7 * 20 * 2,
        "20 new cards a day, each seen twice: {answers}"
    );
    assert!(reviews_seen > 0, "graduated cards come back as reviews");
    // Every typed-answer card met was answered by typing (each at least once).
    let typed_introduced = app.s().decks[0]
        .deck
        .cards
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            archdeck::ui::study::typed_answer_of(c).is_some()
                && app
                    .s()
                    .card_state(archdeck::app::CardRef { deck: 0, card: *i })
                    .reps
                    > 0
        })
        .count();
    assert!(
        typed_cards >= typed_introduced,
        "{typed_cards} < {typed_introduced}"
    );
    let introduced = app.s().decks[0]
        .card_ids
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            app.s()
                .card_state(archdeck::app::CardRef { deck: 0, card: *i })
                .reps
                > 0
        })
        .count();
    assert_eq!(introduced, 140, "exactly 20 new cards on each of 7 days");
    let logged = app.s().progress.as_ref().map_or(0, |p| {
        p.collection()
            .events()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Review(_)))
            .count()
    });
    assert_eq!(logged, answers);

    // The statistics show the week.
    app.key(Key::T);
    assert_eq!(app.s().screen, Screen::Statistics);
    app.h.get_by_label("True retention");
    app.h.get_by_label("Due in the next 30 days");
    app.h.get_by_label("Reviews per day");
    let stats = app.s().stats.clone().expect("stats computed");
    let plotted: u32 = stats.history.iter().flatten().sum();
    assert_eq!(plotted as usize, answers, "every answer is in the plot");
    let calendar: u32 = stats.calendar.iter().sum();
    assert_eq!(calendar as usize, answers);
    assert!(stats.forecast.iter().sum::<u32>() > 0);
    let review_cards: usize = stats
        .counts
        .iter()
        .filter(|(name, _, _)| *name == "Young" || *name == "Mature")
        .map(|(_, n, _)| n)
        .sum();
    assert!(review_cards > 100, "{review_cards}");
    let last_week = stats
        .retention
        .iter()
        .find(|r| r.period == "Last week")
        .expect("row");
    assert!(last_week.young.passed > 0);
    app.h
        .get_by_label_contains(&format!("{answers} answers on 7 of the last"));
}

#[test]
fn reopening_the_folder_keeps_the_progress() {
    let mut app = App::new();
    app.key(Key::S);
    app.key(Key::Space);
    app.key(Key::Num3);
    let key = app.s().session.current.clone().expect("card").key;
    let paths = App::paths(&app.dir);
    drop(app.h);
    let mut again = AppState::new(Clock::Fixed(start()), Some(paths));
    again.load_blocking();
    let events = again
        .progress
        .as_ref()
        .map_or(0, |p| p.collection().events().len());
    assert_eq!(events, 1);
    assert!(!key.is_empty());
}

#[test]
fn a_folder_in_use_is_reported_and_nothing_is_lost() {
    let app = App::new();
    let mut second = AppState::new(Clock::Fixed(start()), Some(App::paths(&app.dir)));
    second.load_blocking();
    assert!(second.progress.is_none());
    let message = second
        .notices
        .iter()
        .map(|n| n.message.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(message.contains("in use"), "{message}");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_ui_state(|ui, state: &mut AppState| state.ui(ui), second);
    h.run();
    h.get_by_label_contains("in use by another archdeck");
    h.key_press(Key::S);
    h.run();
    h.get_by_label_contains("Studying is off");
}

#[test]
fn browse_search_as_you_type_keys_and_suspend() {
    let mut app = App::new();
    app.h.get_by_label("Browse").click();
    app.h.run();
    assert_eq!(app.s().screen, Screen::Browse);
    let all = app.s().browse.rows.len();
    app.h.get_by_label("Search").click();
    app.h.run();
    app.h.get_by_label("Search").type_text("source:Q5");
    app.h.run();
    let rows = app.s().browse.rows.clone();
    assert!(
        rows.len() > 2 && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    for r in &rows {
        assert_eq!(app.s().card(*r).expect("card").source, "Q5");
    }
    app.h
        .get_by_label_contains(&format!("{} of {all} cards", rows.len()));
    // Leave the search field, then move with the arrow keys and show the answer.
    app.key(Key::Escape);
    app.key(Key::ArrowDown);
    assert_eq!(app.s().browse.selected, Some(rows[1]));
    app.key(Key::Space);
    assert!(app.s().browse.show_back);
    app.h.get_by_label("Hide answer");
    app.h.get_by_label("Not studied yet.");
    // Suspend with Ctrl+J; is:suspended finds it.
    app.h.key_press_modifiers(Modifiers::COMMAND, Key::J);
    app.h.run();
    assert!(app.s().card_state(rows[1]).suspended);
    app.h.get_by_label("Unsuspend");
    app.h
        .state_mut()
        .apply(Action::SetQuery("is:suspended".into()));
    app.h.run();
    assert_eq!(app.s().browse.rows, [rows[1]]);
    // The answer's diagram is tall: bring the button into view first.
    app.h.get_by_label("Unsuspend").scroll_to_me();
    app.h.run();
    app.h.get_by_label("Unsuspend").click();
    app.h.run();
    assert!(!app.s().card_state(rows[1]).suspended);
    assert!(app.s().browse.rows.is_empty());
}

#[test]
fn browse_sorts_by_due_and_shows_history() {
    let mut app = App::new();
    app.key(Key::S);
    app.key(Key::Space);
    app.key(Key::Num4);
    let easy = app.s().session.current.clone();
    app.key(Key::B);
    app.h.get_by_label("Due").click();
    app.h.run();
    assert_eq!(app.s().browse.sort, archdeck::app::SortKey::Due);
    let first = app.s().browse.rows[0];
    assert!(
        app.s().card_state(first).reps > 0,
        "studied cards first, new last"
    );
    app.h.state_mut().apply(Action::SelectCard(first));
    app.h.run();
    app.h.get_by_label("Easy");
    assert!(easy.is_some());
}

#[test]
fn help_overlay_opens_with_question_mark_and_closes_with_escape() {
    let mut app = App::new();
    app.key(Key::Questionmark);
    assert!(app.s().help_open);
    app.h.get_by_label("Keyboard shortcuts");
    app.h.get_by_label("Undo the last answer, bury or suspend");
    app.key(Key::Escape);
    assert!(!app.s().help_open);
    assert!(app.h.query_by_label("Keyboard shortcuts").is_none());
}

#[test]
fn navigation_keys_switch_screens() {
    let mut app = App::new();
    for (key, screen) in [
        (Key::B, Screen::Browse),
        (Key::G, Screen::Diagrams),
        (Key::T, Screen::Statistics),
        (Key::S, Screen::Study),
        (Key::D, Screen::Decks),
    ] {
        app.key(key);
        assert_eq!(app.s().screen, screen);
    }
    app.h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    app.h.run();
    assert_eq!(app.s().screen, Screen::Settings);
}

fn saved_settings(app: &App) -> Settings {
    let (settings, _) = Settings::read(&app.dir.path().join("data")).expect("settings file");
    settings
}

#[test]
fn settings_are_saved_at_once() {
    let mut app = App::new();
    app.h.state_mut().apply(Action::Navigate(Screen::Settings));
    app.h.run();
    app.h.get_by_label("Dark").click();
    app.h.run();
    assert_eq!(app.s().prefs.theme, ThemeChoice::Dark);
    assert_eq!(app.h.ctx.theme(), egui::Theme::Dark);
    assert_eq!(saved_settings(&app).theme, archdeck::store::Theme::Dark);
    app.h.get_by_label("Light").click();
    app.h.run();
    assert_eq!(app.h.ctx.theme(), egui::Theme::Light);

    app.h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    app.h.run();
    assert!((app.s().prefs.ui_scale - 1.1).abs() < 1e-4);
    assert!((app.h.ctx.zoom_factor() - 1.1).abs() < 1e-4);
    assert!((saved_settings(&app).ui_scale - 1.1).abs() < 1e-4);

    // Learning steps typed as text, saved on Enter.
    let steps = app.h.get_by_label("Learning steps");
    steps.click();
    app.h.run();
    app.h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    app.h.get_by_label("Learning steps").type_text("2m 15m 1h");
    app.h.run();
    app.key(Key::Enter);
    assert_eq!(
        saved_settings(&app).study.learning_steps_minutes,
        [2.0, 15.0, 60.0]
    );

    // Fewer new cards a day changes today's counts at once.
    let mut config = saved_settings(&app).study;
    config.default_limits.new_per_day = 5;
    app.h.state_mut().apply(Action::SetStudySettings(config));
    app.h.run();
    assert_eq!(saved_settings(&app).study.default_limits.new_per_day, 5);
    assert_eq!(app.s().counts[0].new, 5);
    // The optimiser needs history first.
    assert!(!app.s().can_optimize());
    app.h
        .get_by_label_contains("of 400 long-term reviews needed");
}

#[test]
fn diagram_gallery_opens_a_diagram_with_enter_and_closes_with_escape() {
    let mut app = App::new();
    app.h
        .state_mut()
        .apply(Action::OpenDeckIn(0, Screen::Diagrams));
    app.h.run();
    let count = app.s().diagrams.all.len();
    app.h.get_by_label_contains(&format!("{count} diagrams"));
    // The tiles on screen show their drawings, laid out once and cached.
    let shown = (0..count)
        .filter(|&i| {
            let r = app.s().diagrams.all[i];
            let text = app.s().diagram(r).expect("diagram").mermaid.clone();
            diagram::prepared(&app.h.ctx, diagram::key_of(&text), || {
                Err("not drawn".to_owned())
            })
            .is_ok()
        })
        .count();
    assert!(shown >= 4, "{shown} of {count} tiles drawn");
    app.key(Key::ArrowRight);
    assert_eq!(app.s().diagrams.selected, 1);
    app.key(Key::Enter);
    assert!(app.s().diagrams.open);
    app.h.get_by_label(&format!("2 of {count}"));
    app.key(Key::Escape);
    assert!(!app.s().diagrams.open);
}

/// Whether the UI laid out the gallery's diagram `i` (without laying it out).
fn laid_out(app: &App, i: usize) -> bool {
    let r = app.s().diagrams.all[i];
    let text = &app.s().diagram(r).expect("diagram").mermaid;
    diagram::prepared_if_made(&app.h.ctx, diagram::key_of(text)).is_some()
}

#[test]
fn the_gallery_lays_out_only_the_tiles_in_view() {
    let mut app = App::new();
    app.h.set_size(egui::vec2(1280.0, 420.0));
    app.key(Key::G);
    let count = app.s().diagrams.all.len();
    let drawn: Vec<usize> = (0..count).filter(|&i| laid_out(&app, i)).collect();
    assert!(!drawn.is_empty(), "the first row is drawn");
    assert!(
        drawn.len() < count && !laid_out(&app, count - 1),
        "tiles out of view wait: {drawn:?} of {count}"
    );
    let last = app.s().diagrams.all[count - 1];
    let title = app.s().diagram(last).expect("diagram").title.clone();
    app.h
        .get_by_label(&format!("Open diagram {title}"))
        .scroll_to_me();
    app.h.run();
    assert!(laid_out(&app, count - 1), "scrolled into view, it is drawn");
}

#[test]
fn loading_in_the_background_shows_the_decks_when_done() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = AppState::new(Clock::Fixed(start()), Some(App::paths(&dir)));
    state.start_loading();
    assert!(state.loading);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_ui_state(|ui, state: &mut AppState| state.ui(ui), state);
    h.state_mut().wait_for_jobs();
    h.run();
    assert!(!h.state().loading);
    assert!(h.state().progress.is_some());
    h.get_by_label("System Design Interview QA 1");
}

#[test]
fn export_then_import_a_copy_from_the_decks_screen() {
    let mut app = App::new();
    // One answer, so the export carries history.
    app.key(Key::S);
    app.key(Key::Space);
    app.key(Key::Num3);
    app.key(Key::D);
    app.h.get_by_label("Export…").click();
    app.h.run();
    let out = app.dir.path().join("out.ron");
    app.h
        .state_mut()
        .apply(Action::SetExportPath(out.display().to_string()));
    app.h.run();
    app.h.get_by_label("Include my review history");
    app.h.get_by_label("Export").click();
    app.h.step();
    app.h.state_mut().wait_for_jobs();
    app.h.run();
    let text = std::fs::read_to_string(&out).expect("exported file");
    assert!(text.contains("reviews"), "history included");
    app.h
        .get_by_label_contains("Exported “System Design Interview QA 1”");

    // Importing it back: the id is taken, so the app asks.
    app.h.get_by_label("Import a deck").click();
    app.h.run();
    app.h
        .get_by_label("Import a deck")
        .type_text(&out.display().to_string());
    app.h.run();
    app.h.get_by_label("Import").click();
    app.h.step();
    app.h.state_mut().wait_for_jobs();
    app.h.run();
    app.h.get_by_label_contains("is already here");
    app.h.get_by_label("Import a copy").click();
    app.h.step();
    app.h.state_mut().wait_for_jobs();
    // The history is saved by a second job.
    app.h.state_mut().wait_for_jobs();
    app.h.run();
    assert_eq!(app.s().decks.len(), 2);
    let copy = &app.s().decks[1];
    assert_eq!(copy.deck.id, "system-design-1-copy");
    assert!(!copy.bundled);
    app.h.get_by_label("System Design Interview QA 1 (copy)");
    // The copy's history came along: one card has an answer.
    let answered = (0..copy.card_ids.len())
        .filter(|i| {
            app.s()
                .card_state(archdeck::app::CardRef { deck: 1, card: *i })
                .reps
                > 0
        })
        .count();
    assert_eq!(answered, 1);
    assert!(
        app.s().progress.is_some(),
        "progress is back after saving history"
    );

    // A restart finds the imported deck in the data folder.
    let paths = App::paths(&app.dir);
    drop(app.h);
    let mut again = AppState::new(Clock::Fixed(start()), Some(paths));
    again.load_blocking();
    assert!(
        again
            .decks
            .iter()
            .any(|d| d.deck.id == "system-design-1-copy")
    );
}

#[test]
fn a_bad_import_is_reported_with_its_file() {
    let mut app = App::new();
    let bad = app.dir.path().join("broken.ron");
    std::fs::write(
        &bad,
        "Deck(id: \"x\", title: \"T\", cards: [Card(id: \"a\")])",
    )
    .expect("write");
    app.h
        .state_mut()
        .apply(Action::SetImportPath(bad.display().to_string()));
    app.h.state_mut().apply(Action::Import);
    app.h.state_mut().wait_for_jobs();
    app.h.run();
    assert_eq!(app.s().decks.len(), 1, "nothing imported");
    let notice = app.s().notices.last().expect("a notice");
    assert_eq!(notice.level, archdeck::app::Level::Error);
    assert!(
        notice.message.starts_with("Nothing was imported."),
        "{}",
        notice.message
    );
    app.h.get_by_label_contains("Nothing was imported.");
    assert_eq!(
        notice.location.as_deref(),
        Some(bad.display().to_string().as_str())
    );
    app.h.get_by_label(&bad.display().to_string());
}

#[test]
fn every_diagram_can_be_explored_with_the_keyboard() {
    let mut app = App::new();
    app.key(Key::G);
    let count = app.s().diagrams.all.len();
    assert!(count >= 10, "the bundled deck has its diagrams: {count}");
    assert!(
        app.s().diagrams.charts.iter().all(Result::is_ok),
        "every bundled diagram parses"
    );
    app.key(Key::Enter);
    for i in 0..count {
        assert!(app.s().diagrams.open);
        assert_eq!(app.s().diagrams.selected, i);
        app.h.get_by_label(&format!("{} of {count}", i + 1));
        // Drawn whole, then zoomed in and fitted again with keys alone.
        let prep = open_prep(&app);
        let charted = app.s().diagrams.charts[i].as_ref().expect("parses");
        assert_eq!(prep.layout.nodes.len(), charted.nodes.len());
        assert_fits(&app, &prep);
        let fitted = resting(&app).scale;
        app.key(Key::Plus);
        assert!(resting(&app).scale > fitted * 1.2, "diagram {i} zooms");
        app.key(Key::Num0);
        assert!(
            (resting(&app).scale - fitted).abs() < 1e-4,
            "diagram {i} fits"
        );
        app.key(Key::ArrowRight);
    }
    assert_eq!(
        app.s().diagrams.selected,
        count - 1,
        "stops at the last one"
    );
    app.key(Key::Escape);
    assert!(!app.s().diagrams.open);
}

#[test]
fn clicking_a_diagram_in_an_answer_opens_the_viewer() {
    let mut app = App::new();
    app.key(Key::B);
    // The first card, Q1's overview, has two diagrams in its answer.
    app.key(Key::Space);
    app.h
        .get_by_label("Open Key Scaling Strategies")
        .scroll_to_me();
    app.h.run();
    app.h.get_by_label("Open Key Scaling Strategies").click();
    app.h.step();
    app.h.step();
    app.h.state_mut().wait_for_jobs();
    app.h.run();
    assert_eq!(app.s().screen, Screen::Diagrams);
    assert!(app.s().diagrams.open);
    let r = app.s().diagrams.all[app.s().diagrams.selected];
    let title = app.s().diagram(r).map(|d| d.title.clone());
    assert_eq!(title.as_deref(), Some("Key Scaling Strategies"));
    app.h.get_by_label("Key Scaling Strategies");
    // The painted viewer shows it whole.
    let prep = open_prep(&app);
    assert!(app.s().viewer.is_fitted());
    assert_fits(&app, &prep);
}

#[test]
fn a_typed_answer_is_typed_checked_with_enter_and_graded_with_a_key() {
    let mut app = App::new();
    app.key(Key::S);
    let deck = &app.s().decks[0];
    let card = deck
        .deck
        .cards
        .iter()
        .position(|c| c.id == "q2-typed-downtime-9999")
        .expect("the deck has typed cards");
    let key = format!("{}/q2-typed-downtime-9999", deck.deck.id);
    let now = app.s().now();
    {
        let state = app.h.state_mut();
        if let Some(p) = &state.progress {
            state.session.show(
                p.collection(),
                archdeck::app::CardRef { deck: 0, card },
                &key,
                now,
            );
        }
    }
    app.h.run();
    app.h.get_by_label_contains("Type the answer (in");
    // Space types into the field instead of showing the answer.
    app.h.event(egui::Event::Text("52.6 min".into()));
    app.h.run();
    assert!(!app.s().session.answer_shown);
    app.key(Key::Enter);
    assert!(
        app.s().session.answer_shown,
        "Enter checks and shows the answer"
    );
    let result = app.s().typed.result.clone().expect("checked");
    assert_eq!(result.verdict, archdeck::deck::Verdict::Exact);
    app.h.get_by_label("Right");
    app.h.get_by_label("You typed: 52.6 min");
    app.key(Key::Num3);
    assert_eq!(app.s().session.by_grade, [0, 0, 1, 0]);
    assert!(app.s().typed.result.is_none(), "the next card starts empty");
}

#[test]
fn the_open_diagram_exports_as_svg_and_png() {
    let mut app = App::new();
    app.key(Key::G);
    app.key(Key::Enter);
    assert!(app.s().diagrams.open);
    for (name, magic) in [("d.svg", &b"<svg"[..]), ("d.png", &b"\x89PNG"[..])] {
        let out = app.dir.path().join(name);
        app.h.get_by_label("or save to").click();
        app.h.run();
        app.h
            .state_mut()
            .apply(Action::SetDiagramExportPath(out.display().to_string()));
        app.h.run();
        app.h.get_by_label("Save").click();
        app.h.step();
        app.h.state_mut().wait_for_jobs();
        app.h.run();
        let bytes = std::fs::read(&out).expect("picture written");
        assert!(bytes.starts_with(magic), "{name}");
        if magic == b"<svg" {
            // The harness shows the dark theme: the picture has its colours.
            assert!(app.s().dark);
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains(r##"fill="#1b1c20""##), "dark background");
        }
        app.h.get_by_label(&out.display().to_string());
    }
}

/// The open diagram as the viewer laid it out (from the layout cache: the
/// viewer must have put it there).
fn open_prep(app: &App) -> Arc<PreparedDiagram> {
    let s = app.s();
    let r = s.diagrams.all[s.diagrams.selected];
    let text = s.diagram(r).expect("the open diagram").mermaid.clone();
    diagram::prepared(&app.h.ctx, diagram::key_of(&text), || {
        Err("the viewer did not lay the diagram out".to_owned())
    })
    .expect("laid out by the viewer")
}

/// The resting view of the viewer.
fn resting(app: &App) -> View {
    app.s().viewer.resting_view().expect("the viewer was shown")
}

/// The whole drawing fits the viewer's area and fills it one way.
fn assert_fits(app: &App, prep: &PreparedDiagram) {
    let view = resting(app);
    let screen = app.s().viewer.screen();
    let lay = &prep.layout;
    let top_left = view.screen_from_layout(Point::new(0.0, 0.0));
    let bottom_right = view.screen_from_layout(Point::new(lay.width, lay.height));
    let drawn = egui::Rect::from_min_max(top_left, bottom_right);
    assert!(
        screen.expand(0.5).contains_rect(drawn),
        "{drawn:?} inside {screen:?}"
    );
    assert!(
        drawn.width() > screen.width() * 0.8 || drawn.height() > screen.height() * 0.8,
        "{drawn:?} fills {screen:?}"
    );
    assert!((drawn.center() - screen.center()).length() < 1.0, "centred");
}

fn click_at(app: &mut App, pos: Pos2) {
    app.h.hover_at(pos);
    for pressed in [true, false] {
        app.h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    app.h.run();
}

#[test]
fn the_viewer_draws_the_diagram_and_zooms_with_plus_minus_and_fits() {
    let mut app = App::new();
    app.key(Key::G);
    app.key(Key::Enter);
    let prep = open_prep(&app);
    assert!(prep.layout.nodes.len() >= 3, "a real diagram");
    assert!(app.s().viewer.is_fitted());
    assert_fits(&app, &prep);
    let fitted = resting(&app);
    app.h
        .get_by_label(&format!("{:.0} %", fitted.scale * 100.0));
    // The keys work without the pointer over the drawing.
    assert!(app.h.ctx.pointer_hover_pos().is_none());
    app.key(Key::Plus);
    let zoomed = resting(&app);
    assert!(
        zoomed.scale > fitted.scale * 1.2,
        "{zoomed:?} vs {fitted:?}"
    );
    assert_eq!(app.s().viewer.view(), Some(zoomed), "the glide ended");
    app.h
        .get_by_label(&format!("{:.0} %", zoomed.scale * 100.0));
    // Zooming keeps the middle of the drawing in the middle.
    let mid = app.s().viewer.screen().center();
    let (a, b) = (
        fitted.layout_from_screen(mid),
        zoomed.layout_from_screen(mid),
    );
    assert!(a.distance(b) < 0.5, "{a:?} vs {b:?}");
    app.key(Key::Minus);
    app.key(Key::Minus);
    assert!(resting(&app).scale < zoomed.scale);
    assert!(!app.s().viewer.is_fitted());
    app.key(Key::F);
    assert!(app.s().viewer.is_fitted());
    let refit = resting(&app);
    assert!(
        (refit.scale - fitted.scale).abs() < 1e-4,
        "{refit:?} vs {fitted:?}"
    );
    assert!((refit.offset - fitted.offset).length() < 0.5);
    app.key(Key::Plus);
    app.key(Key::Num0);
    assert!(
        (resting(&app).scale - fitted.scale).abs() < 1e-4,
        "0 fits too"
    );
    // The next diagram is laid out and fitted in turn.
    app.key(Key::ArrowRight);
    assert_eq!(app.s().diagrams.selected, 1);
    let next = open_prep(&app);
    assert_ne!(next.chart, prep.chart);
    assert!(app.s().viewer.is_fitted());
    assert_fits(&app, &next);
    app.key(Key::ArrowLeft);
    assert_eq!(app.s().diagrams.selected, 0);
    assert_fits(&app, &prep);
}

#[test]
fn hovering_a_node_in_the_viewer_lights_its_edges_and_neighbours() {
    let mut app = App::new();
    app.key(Key::G);
    app.key(Key::Enter);
    let prep = open_prep(&app);
    let chart = &prep.chart;
    // The node with the most edges.
    let degree = |n: usize| {
        chart
            .edges
            .iter()
            .filter(|e| e.from == Endpoint::Node(n) || e.to == Endpoint::Node(n))
            .count()
    };
    let node = (0..chart.nodes.len())
        .max_by_key(|&n| degree(n))
        .expect("nodes");
    assert!(degree(node) >= 2, "a node with neighbours");
    let view = resting(&app);
    let at = view.screen_from_layout(prep.layout.nodes[node].center());
    assert!(app.s().viewer.screen().contains(at));
    app.h.hover_at(at);
    app.h.run();
    assert_eq!(app.s().viewer.hovered, Some(Hit::Node(node)));
    let em = app.s().viewer.emphasis(&prep);
    assert!(em.focus.contains(&Owner::Node(node)));
    let mut neighbours = 0;
    for (e, edge) in chart.edges.iter().enumerate() {
        let ends = [edge.from, edge.to];
        if ends.contains(&Endpoint::Node(node)) {
            assert!(em.focus.contains(&Owner::Edge(e)), "edge {e} lit");
            for end in ends {
                if let Endpoint::Node(n) = end
                    && n != node
                {
                    assert!(em.context.contains(&Owner::Node(n)), "neighbour {n} kept");
                    neighbours += 1;
                }
            }
        } else {
            assert!(!em.focus.contains(&Owner::Edge(e)), "edge {e} not lit");
        }
    }
    assert!(neighbours >= 2);
    // Something else is dimmed: neither focus nor context.
    let others = (0..chart.nodes.len())
        .filter(|&n| !em.focus.contains(&Owner::Node(n)) && !em.context.contains(&Owner::Node(n)))
        .count();
    assert!(others > 0, "the rest is dimmed");
    // Leaving the drawing clears the emphasis.
    app.h.hover_at(Pos2::new(5.0, 5.0));
    app.h.run();
    assert_eq!(app.s().viewer.hovered, None);
    assert!(app.s().viewer.emphasis(&prep).is_empty());
}

#[test]
fn clicking_a_group_in_the_viewer_focuses_on_it_and_zero_shows_all() {
    let mut app = App::new();
    app.key(Key::G);
    // The first diagram with a group much smaller than the whole drawing.
    let count = app.s().diagrams.all.len();
    let mut found = None;
    for i in 0..count {
        app.h.state_mut().apply(Action::OpenDiagram(i));
        app.h.run();
        let prep = open_prep(&app);
        let lay = &prep.layout;
        if let Some(c) = lay
            .clusters
            .iter()
            .position(|b| b.rect.width() < 0.7 * lay.width && b.rect.height() < 0.7 * lay.height)
        {
            found = Some((prep, c));
            break;
        }
    }
    let (prep, c) = found.expect("a bundled diagram has a small group");
    let fitted = resting(&app);
    // A point of the group that is not a box or an arrow.
    let b = prep.layout.clusters[c].rect;
    let inside = (1..20)
        .flat_map(|i| (1..20).map(move |j| (i, j)))
        .map(|(i, j)| {
            Point::new(
                b.min_x + b.width() * i as f32 / 20.0,
                b.min_y + b.height() * j as f32 / 20.0,
            )
        })
        .find(|&p| diagram::hit_test(&prep, p, 4.0 / fitted.scale) == Some(Hit::Cluster(c)))
        .expect("an empty spot in the group");
    click_at(&mut app, fitted.screen_from_layout(inside));
    assert_eq!(app.s().viewer.focused, Some(c));
    let focused = resting(&app);
    assert_eq!(app.s().viewer.view(), Some(focused), "the glide ended");
    assert!(
        focused.scale > fitted.scale * 1.2,
        "{focused:?} vs {fitted:?}"
    );
    // The group is centred and whole on screen.
    let screen = app.s().viewer.screen();
    let drawn = egui::Rect::from_min_max(
        focused.screen_from_layout(Point::new(b.min_x, b.min_y)),
        focused.screen_from_layout(Point::new(b.max_x, b.max_y)),
    );
    assert!(
        screen.expand(0.5).contains_rect(drawn),
        "{drawn:?} in {screen:?}"
    );
    assert!((drawn.center() - screen.center()).length() < 1.0);
    let title = prep.chart.clusters[c].title.text();
    app.h.get_by_label(&format!("Showing “{title}”"));
    app.key(Key::Num0);
    assert_eq!(app.s().viewer.focused, None);
    assert!((resting(&app).scale - fitted.scale).abs() < 1e-4);
}

#[test]
fn dragging_pans_and_pinching_zooms_about_the_pointer() {
    let mut app = App::new();
    app.key(Key::G);
    app.key(Key::Enter);
    let screen = app.s().viewer.screen();
    let from = screen.center();
    let to = from + egui::vec2(120.0, -60.0);
    let before = resting(&app);
    let grabbed = before.layout_from_screen(from);
    app.h.drag_at(from);
    app.h.hover_at(from + egui::vec2(60.0, -30.0));
    app.h.hover_at(to);
    app.h.drop_at(to);
    app.h.run();
    let after = resting(&app);
    assert!(
        (after.scale - before.scale).abs() < 1e-6,
        "a drag does not zoom"
    );
    let under = after.layout_from_screen(to);
    assert!(
        grabbed.distance(under) < 1.0,
        "the grabbed point follows the pointer: {grabbed:?} vs {under:?}"
    );
    assert!(!app.s().viewer.is_fitted());
    // Pinch (or ctrl+wheel) zooms keeping the point under the pointer.
    let at = screen.center() + egui::vec2(-100.0, 40.0);
    app.h.hover_at(at);
    app.h.run();
    let pinned = resting(&app).layout_from_screen(at);
    app.h.event(egui::Event::Zoom(1.5));
    app.h.run();
    let zoomed = resting(&app);
    assert!(
        (zoomed.scale / after.scale - 1.5).abs() < 1e-3,
        "{zoomed:?}"
    );
    assert!(pinned.distance(zoomed.layout_from_screen(at)) < 0.5);
}
