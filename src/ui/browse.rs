//! The browse screen: the cards of a deck and the selected card rendered.

use egui::{RichText, ScrollArea, Ui};

use super::{card, theme};
use crate::app::Action;
use crate::deck::Deck;

/// Card list on the left, the selected card on the right.
pub fn browse_ui(ui: &mut Ui, deck: &Deck, selected: usize, show_back: bool) -> Option<Action> {
    let mut action = None;
    egui::Panel::left("card-list")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.label(RichText::new(format!("{} cards", deck.cards.len())).strong());
            ScrollArea::vertical().show(ui, |ui| {
                for (i, c) in deck.cards.iter().enumerate() {
                    let title = card_title(c);
                    let label = if c.source.is_empty() {
                        title
                    } else {
                        format!("{} · {title}", c.source)
                    };
                    if ui.selectable_label(i == selected, label).clicked() {
                        action = Some(Action::SelectCard(i));
                    }
                }
            });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(c) = deck.cards.get(selected) else {
            return;
        };
        ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(theme::READING_WIDTH);
            ui.label(
                RichText::new(format!("{} · {}", c.id, c.tags.join(", ")))
                    .color(theme::muted(ui.visuals())),
            );
            ui.add_space(6.0);
            card::blocks_ui(ui, &c.front);
            ui.separator();
            if show_back {
                ui.push_id("back", |ui| card::blocks_ui(ui, &c.back));
            } else if ui.button("Show answer").on_hover_text("Space").clicked() {
                action = Some(Action::ToggleAnswer);
            }
        });
    });
    action
}

/// A one-line title for a card: the first line of its first text block.
pub fn card_title(card: &crate::deck::Card) -> String {
    card.front
        .iter()
        .find_map(|b| match b {
            crate::deck::Block::Text(t) => t.lines().find(|l| !l.trim().is_empty()),
            _ => None,
        })
        .unwrap_or(&card.id)
        .replace("**", "")
        .trim_start_matches('#')
        .trim()
        .to_owned()
}
