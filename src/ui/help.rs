//! The keyboard help overlay (`?`).

use egui::{Context, Id, RichText};

use super::{keys, theme};
use crate::app::Action;

/// Draws the overlay; returns `ToggleHelp` when the user closes it.
pub fn help_ui(ctx: &Context) -> Option<Action> {
    let mut action = None;
    let response = egui::Modal::new(Id::unique("help-overlay")).show(ctx, |ui| {
        let width = (ui.ctx().content_rect().width() - 80.0).clamp(400.0, 900.0);
        ui.set_width(width);
        ui.horizontal(|ui| {
            ui.heading("Keyboard shortcuts");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Close").on_hover_text("Esc or ?").clicked() {
                    action = Some(Action::ToggleHelp);
                }
            });
        });
        ui.add_space(8.0);
        let columns = if width >= 700.0 { 2 } else { 1 };
        ui.columns(columns, |cols| {
            for (i, group) in keys::GROUPS.iter().enumerate() {
                let ui = &mut cols[i % columns];
                let text_width = (ui.available_width() - 150.0).max(120.0);
                ui.label(
                    RichText::new(group.title)
                        .strong()
                        .size(16.0)
                        .color(theme::accent(ui.visuals())),
                );
                egui::Grid::new(("help", i))
                    .num_columns(2)
                    .min_col_width(60.0)
                    .max_col_width(text_width)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        for s in group.items {
                            ui.label(
                                RichText::new(s.keys)
                                    .monospace()
                                    .background_color(theme::code_background(ui.visuals())),
                            );
                            ui.add(egui::Label::new(s.what).wrap());
                            ui.end_row();
                        }
                    });
                ui.add_space(10.0);
            }
        });
    });
    if response.should_close() {
        action = Some(Action::ToggleHelp);
    }
    action
}
