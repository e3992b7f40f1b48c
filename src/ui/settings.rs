//! The settings screen: theme and interface scale.

use egui::{RichText, Ui};

use super::theme::{self, ThemeChoice};
use crate::app::{Action, AppState};

/// Draws the settings.
pub fn settings_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(theme::READING_WIDTH));
        ui.add_space(8.0);
        ui.heading("Settings");
        ui.add_space(10.0);
        section(ui, "Appearance", |ui| {
            egui::Grid::new("appearance")
                .num_columns(2)
                .spacing([24.0, 10.0])
                .show(ui, |ui| {
                    ui.label("Theme");
                    ui.horizontal(|ui| {
                        for choice in ThemeChoice::ALL {
                            if ui
                                .selectable_label(state.prefs.theme == choice, choice.label())
                                .clicked()
                            {
                                action = Some(Action::SetTheme(choice));
                            }
                        }
                    });
                    ui.end_row();
                    ui.label("Interface scale");
                    let mut scale = state.prefs.ui_scale;
                    let response = ui
                        .add(
                            egui::Slider::new(&mut scale, theme::UI_SCALE_RANGE)
                                .step_by(0.05)
                                .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
                        )
                        .on_hover_text("Ctrl+Plus and Ctrl+Minus change it anywhere");
                    // Apply when the drag ends, so the slider does not move under the pointer.
                    if response.drag_stopped() || (response.changed() && !response.dragged()) {
                        action = Some(Action::SetUiScale(scale));
                    }
                    ui.end_row();
                });
        });
    });
    action
}

/// A titled group of settings.
pub fn section(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(title)
                .strong()
                .size(17.0)
                .color(theme::accent(ui.visuals())),
        );
        ui.add_space(8.0);
        add(ui);
    });
    ui.add_space(12.0);
}
