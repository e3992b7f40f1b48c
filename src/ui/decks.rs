//! The decks screen: every loaded deck with its size.

use egui::{RichText, Ui};

use super::theme;
use crate::app::{Action, LoadedDeck};

/// Lists the decks; clicking one opens it.
pub fn decks_ui(ui: &mut Ui, decks: &[LoadedDeck]) -> Option<Action> {
    let mut action = None;
    ui.heading("Decks");
    ui.add_space(8.0);
    if decks.is_empty() {
        ui.label("No decks are loaded. Problems found while loading are listed below.");
    }
    for (i, loaded) in decks.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(theme::READING_WIDTH));
            ui.horizontal(|ui| {
                ui.vertical(|ui| {
                    ui.label(RichText::new(&loaded.deck.title).size(18.0).strong());
                    if !loaded.deck.description.is_empty() {
                        ui.label(&loaded.deck.description);
                    }
                    let diagrams = loaded.deck.diagrams().count();
                    ui.label(
                        RichText::new(format!(
                            "{} cards · {} diagrams · {}",
                            loaded.deck.cards.len(),
                            diagrams,
                            loaded.path
                        ))
                        .color(theme::muted(ui.visuals())),
                    );
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button("Browse")
                        .on_hover_text("Read every card of this deck")
                        .clicked()
                    {
                        action = Some(Action::OpenDeck(i));
                    }
                });
            });
        });
        ui.add_space(6.0);
    }
    action
}
