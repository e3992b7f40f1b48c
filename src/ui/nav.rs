//! The top bar: the app's name, one tab per screen, the deck chooser and help.

use egui::{RichText, Ui};

use super::theme;
use crate::app::{Action, AppState, Screen};

/// Frame of the top and bottom bars.
pub fn bar_frame(visuals: &egui::Visuals) -> egui::Frame {
    egui::Frame::new()
        .fill(theme::surface(visuals))
        .inner_margin(egui::Margin::symmetric(14, 8))
        .stroke(egui::Stroke::new(1.0, theme::border(visuals)))
}

/// Draws the top bar.
pub fn nav_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new("archdeck")
                .size(18.0)
                .strong()
                .color(theme::accent(ui.visuals())),
        );
        ui.add_space(12.0);
        for screen in Screen::ALL {
            let selected = state.screen == screen;
            let mut text = RichText::new(screen.title()).size(15.0);
            if selected {
                text = text.strong().color(theme::accent(ui.visuals()));
            }
            if ui
                .selectable_label(selected, text)
                .on_hover_text(format!("{} ({})", screen.title(), screen.shortcut()))
                .clicked()
            {
                action = Some(Action::Navigate(screen));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(RichText::new(" ? ").strong())
                .on_hover_text(format!("Keyboard shortcuts ({})", super::keys::label::HELP))
                .clicked()
            {
                action = Some(Action::ToggleHelp);
            }
            if state.loading {
                ui.spinner();
                ui.label(RichText::new("Loading decks…").color(theme::muted(ui.visuals())));
            }
            if let Some(a) = deck_chooser(ui, state) {
                action = Some(a);
            }
        });
    });
    action
}

fn deck_chooser(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    let current = state
        .deck
        .and_then(|d| state.decks.get(d))
        .map_or("All decks", |d| d.deck.title.as_str());
    egui::ComboBox::from_id_salt("deck-chooser")
        .selected_text(current)
        .width(260.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(state.deck.is_none(), "All decks")
                .clicked()
            {
                action = Some(Action::FocusDeck(None));
            }
            for (i, d) in state.decks.iter().enumerate() {
                if ui
                    .selectable_label(state.deck == Some(i), &d.deck.title)
                    .clicked()
                {
                    action = Some(Action::FocusDeck(Some(i)));
                }
            }
        })
        .response
        .on_hover_text("The deck that Study, Browse, Diagrams and Statistics show");
    action
}
