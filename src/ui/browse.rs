//! The browse screen: a searchable, sortable list of cards on the left and
//! the selected card rendered on the right.

use std::fmt::Write as _;

use egui::{Context, Key, Modifiers, RichText, ScrollArea, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::{card, keys, theme};
use crate::app::stats::date_of;
use crate::app::{Action, AppState, CardRef, SortKey};
use crate::deck::{Block, Card};
use crate::srs::{CardState, Due, EventKind, Moment, Phase};

/// Keys of the browse screen (when no text field has focus).
pub fn browse_keys(ctx: &Context, state: &AppState) -> Option<Action> {
    if keys::pressed(ctx, Modifiers::COMMAND, Key::J) {
        return state.browse.selected.map(Action::ToggleSuspend);
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::ArrowDown) {
        return Some(Action::MoveSelection(1));
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::ArrowUp) {
        return Some(Action::MoveSelection(-1));
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::PageDown) {
        return Some(Action::MoveSelection(10));
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::PageUp) {
        return Some(Action::MoveSelection(-10));
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::Space) {
        return Some(Action::ToggleAnswer);
    }
    None
}

/// Card list on the left, the selected card on the right.
pub fn browse_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    egui::Panel::left("card-list")
        .resizable(true)
        .default_size(600.0)
        .size_range(320.0..=900.0)
        .show(ui, |ui| {
            ui.add_space(6.0);
            if let Some(a) = search_ui(ui, state) {
                action = Some(a);
            }
            ui.add_space(4.0);
            if let Some(a) = list_ui(ui, state) {
                action = Some(a);
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(r) = state.browse.selected else {
            ui.add_space(20.0);
            ui.label("No card matches the search.");
            return;
        };
        let Some(c) = state.card(r) else {
            return;
        };
        ScrollArea::vertical()
            .id_salt(("browse-card", r))
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(theme::READING_WIDTH));
                if let Some(a) = card_view(ui, state, r, c) {
                    action = Some(a);
                }
            });
    });
    action
}

fn search_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    let mut query = state.browse.query.clone();
    let id = ui.make_persistent_id("browse-search");
    let typing = keys::typing(ui.ctx());
    let focus = ui.input_mut(|i| {
        i.consume_key(Modifiers::COMMAND, Key::F)
            || (!typing && i.consume_key(Modifiers::NONE, Key::Slash))
    });
    let response = ui
        .horizontal(|ui| {
            let label = ui.label(RichText::new("Search").strong());
            ui.add(
                egui::TextEdit::singleline(&mut query)
                    .id(id)
                    .hint_text("words, tag:db, source:Q4, is:due, is:new, is:suspended")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .on_hover_text(format!("Search cards ({})", keys::label::SEARCH))
        })
        .inner;
    if focus {
        response.request_focus();
    }
    if response.changed() {
        action = Some(Action::SetQuery(query));
    }
    if response.has_focus() && ui.input(|i| i.key_pressed(Key::Escape)) {
        response.surrender_focus();
    }
    ui.horizontal(|ui| {
        let total: usize = state
            .deck_indices()
            .iter()
            .map(|d| state.decks[*d].deck.cards.len())
            .sum();
        ui.label(
            RichText::new(format!("{} of {total} cards", state.browse.rows.len()))
                .color(theme::muted(ui.visuals())),
        );
        if !state.browse.unknown_filters.is_empty() {
            ui.label(
                RichText::new(format!(
                    "unknown filter {} searched as text",
                    state.browse.unknown_filters.join(", ")
                ))
                .color(theme::warning(ui.visuals())),
            );
        }
    });
    action
}

fn sort_header(ui: &mut Ui, state: &AppState, key: SortKey, title: &str) -> Option<Action> {
    let arrow = match (state.browse.sort == key, state.browse.descending) {
        (true, false) => " ⏶",
        (true, true) => " ⏷",
        (false, _) => "",
    };
    let text = RichText::new(format!("{title}{arrow}")).strong();
    ui.add(egui::Button::new(text).frame(false))
        .on_hover_text(format!("Sort by {}", title.to_lowercase()))
        .clicked()
        .then_some(Action::SortBy(key))
}

fn list_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let selected_row = state
        .browse
        .selected
        .and_then(|s| state.browse.rows.iter().position(|r| *r == s));
    let many_decks = state.deck_indices().len() > 1;
    // Scroll only when the selection changed, so the list stays still otherwise.
    let seen_id = ui.make_persistent_id("browse-seen-selection");
    let seen: Option<Option<CardRef>> = ui.data(|d| d.get_temp(seen_id));
    let scroll_to = if seen == Some(state.browse.selected) {
        None
    } else {
        ui.data_mut(|d| d.insert_temp(seen_id, state.browse.selected));
        selected_row
    };
    let muted = theme::muted(ui.visuals());
    let mut table = TableBuilder::new(ui)
        .id_salt("card-list-table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::remainder().at_least(160.0).clip(true))
        .column(Column::exact(52.0))
        .column(Column::exact(78.0))
        .column(Column::exact(60.0))
        .column(Column::exact(56.0));
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, None).animate_scrolling(false);
    }
    let now = state.now();
    table
        .header(row_height + 4.0, |mut header| {
            for (key, title) in [
                (SortKey::Question, "Question"),
                (SortKey::Source, "Source"),
                (SortKey::Due, "Due"),
                (SortKey::Interval, "Interval"),
                (SortKey::Difficulty, "Diff."),
            ] {
                header.col(|ui| {
                    if let Some(a) = sort_header(ui, state, key, title) {
                        action = Some(a);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, state.browse.rows.len(), |mut row| {
                let r = state.browse.rows[row.index()];
                let Some(c) = state.card(r) else {
                    return;
                };
                let card_state = state.card_state(r);
                row.set_selected(Some(r) == state.browse.selected);
                row.col(|ui| {
                    let mut title = card_title(c);
                    if many_decks {
                        title = format!("{} · {title}", state.decks[r.deck].deck.id);
                    }
                    let mut text = RichText::new(title);
                    if card_state.suspended {
                        text = text.color(theme::state_color(
                            ui.visuals(),
                            theme::StateColor::Suspended,
                        ));
                    }
                    ui.add(egui::Label::new(text).truncate().selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&c.source).selectable(false));
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(due_text(&card_state, now)).color(muted))
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    let text = if card_state.interval_days > 0 {
                        format!("{}d", card_state.interval_days)
                    } else {
                        "–".to_owned()
                    };
                    ui.add(egui::Label::new(RichText::new(text).color(muted)).selectable(false));
                });
                row.col(|ui| {
                    let text = card_state
                        .memory
                        .map_or_else(|| "–".to_owned(), |m| format!("{:.1}", m.difficulty));
                    ui.add(egui::Label::new(RichText::new(text).color(muted)).selectable(false));
                });
                if row.response().clicked() {
                    action = Some(Action::SelectCard(r));
                }
            });
        });
    action
}

/// When a card is due, in a few characters.
fn due_text(state: &CardState, now: Moment) -> String {
    if state.suspended {
        return "suspended".to_owned();
    }
    match state.due {
        Due::New => "new".to_owned(),
        Due::At(ms) => {
            let minutes = (ms - now.unix_ms) / 60_000;
            if minutes <= 0 {
                "now".to_owned()
            } else if minutes < 60 {
                format!("in {minutes}m")
            } else {
                format!("in {}h", minutes / 60)
            }
        }
        Due::Day(day) => {
            date_of(day).map_or_else(|| "?".to_owned(), |d| d.format("%-d %b").to_string())
        }
    }
}

/// The selected card: where it is from, its question, and its answer on demand.
fn card_view(ui: &mut Ui, state: &AppState, r: CardRef, c: &Card) -> Option<Action> {
    let mut action = None;
    let deck = &state.decks[r.deck].deck;
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&deck.title).color(theme::muted(ui.visuals())));
        if !c.source.is_empty() {
            ui.label(RichText::new(format!("· {}", c.source)).color(theme::muted(ui.visuals())));
        }
        for tag in &c.tags {
            ui.label(
                RichText::new(tag)
                    .small()
                    .background_color(theme::code_background(ui.visuals())),
            );
        }
    });
    ui.label(
        RichText::new(&c.id)
            .small()
            .monospace()
            .color(theme::muted(ui.visuals())),
    );
    ui.add_space(8.0);
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if let Some(i) = ui
            .push_id("front", |ui| {
                card::blocks_ui(
                    ui,
                    &c.front,
                    if state.browse.show_back {
                        card::Side::front_answered(&c.back)
                    } else {
                        card::Side::front(&c.back)
                    },
                )
            })
            .inner
        {
            action = Some(Action::ShowDiagram(r, i));
        }
    });
    ui.add_space(10.0);
    if state.browse.show_back {
        theme::card_frame(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if let Some(i) = ui
                .push_id("back", |ui| {
                    card::blocks_ui(ui, &c.back, card::Side::back(&c.front, false))
                })
                .inner
            {
                action = Some(Action::ShowDiagram(r, c.front.len() + i));
            }
        });
        ui.add_space(6.0);
        if ui.button("Hide answer").on_hover_text("Space").clicked() {
            action = Some(Action::ToggleAnswer);
        }
    } else if ui.button("Show answer").on_hover_text("Space").clicked() {
        action = Some(Action::ToggleAnswer);
    }
    ui.add_space(14.0);
    if let Some(a) = schedule_ui(ui, state, r) {
        action = Some(a);
    }
    action
}

/// The card's scheduling state, its actions and its review history.
fn schedule_ui(ui: &mut Ui, state: &AppState, r: CardRef) -> Option<Action> {
    let mut action = None;
    let s = state.card_state(r);
    let muted = theme::muted(ui.visuals());
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("Scheduling")
                    .family(theme::bold_family())
                    .color(theme::accent(ui.visuals())),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let enabled = state.progress.is_some();
                if ui
                    .add_enabled(enabled, egui::Button::new("Reset"))
                    .on_hover_text("Make the card new again; its history is kept")
                    .clicked()
                {
                    action = Some(Action::ResetCard(r));
                }
                let label = if s.suspended { "Unsuspend" } else { "Suspend" };
                if ui
                    .add_enabled(enabled, egui::Button::new(label))
                    .on_hover_text("Ctrl+J")
                    .clicked()
                {
                    action = Some(Action::ToggleSuspend(r));
                }
            });
        });
        let phase = match s.phase {
            Phase::New => "new",
            Phase::Learning { .. } => "learning",
            Phase::Review => "review",
            Phase::Relearning { .. } => "relearning",
        };
        let mut facts = format!(
            "{phase} · due {} · {} answers · {} lapses",
            due_text(&s, state.now()),
            s.reps,
            s.lapses
        );
        if let Some(m) = s.memory {
            let _ = write!(
                facts,
                " · stability {:.1} d · difficulty {:.1}",
                m.stability, m.difficulty
            );
        }
        ui.label(RichText::new(facts).color(muted));
        let history = state.history(r);
        if history.is_empty() {
            ui.label(RichText::new("Not studied yet.").color(muted));
            return;
        }
        ui.add_space(4.0);
        egui::Grid::new(("history", r))
            .num_columns(3)
            .striped(true)
            .spacing([18.0, 4.0])
            .show(ui, |ui| {
                for head in ["When", "What", "Time"] {
                    ui.label(RichText::new(head).strong());
                }
                ui.end_row();
                for event in history.iter().rev() {
                    let when = chrono::DateTime::from_timestamp_millis(
                        event.at.unix_ms + i64::from(event.at.utc_offset_minutes) * 60_000,
                    )
                    .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string());
                    ui.label(when);
                    match &event.kind {
                        EventKind::Review(review) => {
                            let g = review.grade.index();
                            ui.label(
                                RichText::new(review.grade.label())
                                    .color(theme::grade_color(ui.visuals(), g)),
                            );
                            ui.label(format!("{:.1} s", f64::from(review.answer_ms) / 1000.0));
                        }
                        other => {
                            ui.label(other.name());
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
    });
    action
}

/// A one-line title for a card: the first line of its first text block.
pub fn card_title(card: &Card) -> String {
    card.front
        .iter()
        .find_map(|b| match b {
            Block::Text(t) => t.lines().find(|l| !l.trim().is_empty()),
            _ => None,
        })
        .unwrap_or(&card.id)
        .replace("**", "")
        .replace('`', "")
        .trim_start_matches('#')
        .trim()
        .to_owned()
}
