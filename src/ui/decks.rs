//! The decks screen: every loaded deck with its size, and what to do with it.

use egui::{RichText, Ui};

use super::theme;
use crate::app::{Action, AppState, Screen};

/// Lists the decks with their actions.
pub fn decks_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(8.0);
        ui.heading("Decks");
        ui.add_space(10.0);
        if state.decks.is_empty() && !state.loading {
            ui.label("No decks are loaded. Problems found while loading are listed below.");
        }
        for (i, loaded) in state.decks.iter().enumerate() {
            theme::card_frame(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width().min(theme::READING_WIDTH + 200.0));
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.set_max_width(ui.available_width() - 280.0);
                        ui.label(RichText::new(&loaded.deck.title).size(19.0).strong());
                        let diagrams = loaded.deck.diagrams().count();
                        let origin = if loaded.bundled {
                            "bundled"
                        } else {
                            "imported"
                        };
                        ui.label(
                            RichText::new(format!(
                                "{} cards · {} diagrams · {origin}",
                                loaded.deck.cards.len(),
                                diagrams,
                            ))
                            .color(theme::muted(ui.visuals())),
                        );
                        if !loaded.deck.description.is_empty() {
                            ui.add_space(4.0);
                            ui.add(egui::Label::new(&loaded.deck.description).wrap());
                        }
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .button("View diagrams")
                            .on_hover_text("Every diagram of this deck")
                            .clicked()
                        {
                            action = Some(Action::OpenDeckIn(i, Screen::Diagrams));
                        }
                        if ui
                            .button("Browse cards")
                            .on_hover_text("Read and search every card of this deck")
                            .clicked()
                        {
                            action = Some(Action::OpenDeckIn(i, Screen::Browse));
                        }
                    });
                });
            });
            ui.add_space(10.0);
        }
    });
    action
}
