//! The settings screen: study settings (saved at once, atomically, by the
//! store), FSRS parameter optimisation, theme and interface scale.

use egui::{RichText, Ui};

use super::theme::{self, ThemeChoice};
use crate::app::{Action, AppState, Optimizer};
use crate::srs::{MIN_REVIEWS_TO_OPTIMIZE, RETENTION_RANGE, SchedulerConfig};

/// Draws the settings.
pub fn settings_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(theme::READING_WIDTH));
        ui.add_space(8.0);
        ui.heading("Settings");
        ui.label(RichText::new("Changes are saved at once.").color(theme::muted(ui.visuals())));
        ui.add_space(10.0);
        match &state.progress {
            Some(progress) => {
                let config = &progress.settings().study;
                section(ui, "Study", |ui| {
                    if let Some(a) = study_ui(ui, config) {
                        action = Some(a);
                    }
                });
                section(ui, "FSRS parameters", |ui| {
                    if let Some(a) = optimizer_ui(ui, state, config) {
                        action = Some(a);
                    }
                });
            }
            None => {
                section(ui, "Study", |ui| {
                    ui.label("Study settings appear once your progress is open.");
                });
            }
        }
        section(ui, "Appearance", |ui| {
            if let Some(a) = appearance_ui(ui, state) {
                action = Some(a);
            }
        });
    });
    action
}

fn study_ui(ui: &mut Ui, config: &SchedulerConfig) -> Option<Action> {
    let mut action = None;
    let mut changed = config.clone();
    egui::Grid::new("study-settings")
        .num_columns(2)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            let label = ui.label("Desired retention");
            let mut retention = config.desired_retention;
            let r = ui
                .add(
                    egui::Slider::new(&mut retention, RETENTION_RANGE)
                        .step_by(0.01)
                        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "The chance of remembering a card when it comes due. Higher means more reviews.",
                );
            if (r.drag_stopped() || (r.changed() && !r.dragged()))
                && (retention - config.desired_retention).abs() > f32::EPSILON
            {
                changed.desired_retention = retention;
            }
            ui.end_row();

            let label = ui.label("New cards per day");
            let mut new = config.default_limits.new_per_day;
            if ui
                .add(egui::DragValue::new(&mut new).range(0..=9999))
                .labelled_by(label.id)
                .changed()
            {
                changed.default_limits.new_per_day = new;
            }
            ui.end_row();

            let label = ui.label("Maximum reviews per day");
            let mut reviews = config.default_limits.reviews_per_day;
            if ui
                .add(egui::DragValue::new(&mut reviews).range(0..=99_999))
                .labelled_by(label.id)
                .changed()
            {
                changed.default_limits.reviews_per_day = reviews;
            }
            ui.end_row();

            let label = ui.label("Learning steps");
            if let Some(steps) = steps_field(ui, "learning", &config.learning_steps_minutes, label.id)
            {
                changed.learning_steps_minutes = steps;
            }
            ui.end_row();

            let label = ui.label("Relearning steps");
            if let Some(steps) =
                steps_field(ui, "relearning", &config.relearning_steps_minutes, label.id)
            {
                changed.relearning_steps_minutes = steps;
            }
            ui.end_row();

            let label = ui.label("Next day starts at");
            let mut hour = config.rollover_hour;
            if ui
                .add(
                    egui::DragValue::new(&mut hour)
                        .range(0..=23)
                        .custom_formatter(|v, _| format!("{v:02.0}:00")),
                )
                .labelled_by(label.id)
                .on_hover_text("Reviews done before this hour count for the previous day")
                .changed()
            {
                changed.rollover_hour = hour;
            }
            ui.end_row();
        });
    if changed != *config {
        action = Some(Action::SetStudySettings(changed));
    }
    action
}

/// Formats steps as the user types them: `1m 10m 1h 1d`.
pub fn format_steps(minutes: &[f32]) -> String {
    minutes
        .iter()
        .map(|m| {
            if *m >= 1440.0 && (m % 1440.0).abs() < f32::EPSILON {
                format!("{}d", m / 1440.0)
            } else if *m >= 60.0 && (m % 60.0).abs() < f32::EPSILON {
                format!("{}h", m / 60.0)
            } else if (m.fract()).abs() < f32::EPSILON {
                format!("{m}m")
            } else {
                format!("{}s", (m * 60.0).round())
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses steps like `1m 10m 1h 2d 30s` (a bare number is minutes).
pub fn parse_steps(text: &str) -> Result<Vec<f32>, String> {
    text.split_whitespace()
        .map(|part| {
            let (number, unit) = match part.find(|c: char| c.is_ascii_alphabetic()) {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, "m"),
            };
            let value: f32 = number
                .parse()
                .map_err(|_| format!("“{part}” is not a step; write steps like 1m 10m 1h 1d"))?;
            let factor = match unit {
                "s" => 1.0 / 60.0,
                "m" => 1.0,
                "h" => 60.0,
                "d" => 1440.0,
                _ => return Err(format!("“{part}”: use s, m, h or d after the number")),
            };
            if value <= 0.0 || !value.is_finite() {
                return Err(format!("“{part}”: a step must be longer than zero"));
            }
            Ok(value * factor)
        })
        .collect()
}

/// A text field for steps; returns new steps when the user confirms valid ones.
fn steps_field(ui: &mut Ui, name: &str, steps: &[f32], label: egui::Id) -> Option<Vec<f32>> {
    let id = ui.make_persistent_id(("steps", name));
    let mut text: String = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| format_steps(steps));
    let mut result = None;
    ui.vertical(|ui| {
        let response = ui
            .add(egui::TextEdit::singleline(&mut text).desired_width(180.0))
            .labelled_by(label)
            .on_hover_text("Steps like 1m 10m; Enter to save");
        let parsed = parse_steps(&text);
        if let Err(message) = &parsed {
            ui.label(
                RichText::new(message)
                    .small()
                    .color(theme::error(ui.visuals())),
            );
        }
        if response.lost_focus() {
            if let Ok(new) = parsed
                && new != steps
            {
                result = Some(new);
            }
            ui.data_mut(|d| d.remove::<String>(id));
        } else if response.has_focus() {
            ui.data_mut(|d| d.insert_temp(id, text.clone()));
        }
    });
    result
}

fn optimizer_ui(ui: &mut Ui, state: &AppState, config: &SchedulerConfig) -> Option<Action> {
    let mut action = None;
    let muted = theme::muted(ui.visuals());
    ui.label(
        RichText::new(if config.fsrs_parameters.is_empty() {
            "Using FSRS-6 default parameters."
        } else {
            "Using parameters fitted to your reviews."
        })
        .color(muted),
    );
    match &state.optimizer {
        Optimizer::Idle => {
            let enabled = state.can_optimize();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(enabled, egui::Button::new("Optimise parameters"))
                    .on_hover_text("Fit FSRS to your review history (runs in the background)")
                    .on_disabled_hover_text(format!(
                        "Needs at least {MIN_REVIEWS_TO_OPTIMIZE} long-term reviews"
                    ))
                    .clicked()
                {
                    action = Some(Action::StartOptimizer);
                }
                ui.label(
                    RichText::new(format!(
                        "{} of {MIN_REVIEWS_TO_OPTIMIZE} long-term reviews needed",
                        state.training_reviews
                    ))
                    .color(muted),
                );
            });
        }
        Optimizer::Running(job) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.add(
                    egui::ProgressBar::new(job.progress())
                        .desired_width(260.0)
                        .show_percentage(),
                );
                if ui.button("Cancel").clicked() {
                    action = Some(Action::CancelOptimizer);
                }
            });
        }
        Optimizer::Done(result) => {
            egui::Grid::new("optimizer-result")
                .num_columns(3)
                .spacing([20.0, 6.0])
                .show(ui, |ui| {
                    ui.label("");
                    ui.label(RichText::new("Log loss").strong());
                    ui.label(RichText::new("RMSE").strong());
                    ui.end_row();
                    ui.label("Current parameters");
                    ui.label(format!("{:.4}", result.old_log_loss));
                    ui.label(format!("{:.2} %", result.old_rmse * 100.0));
                    ui.end_row();
                    ui.label("Fitted parameters");
                    ui.label(format!("{:.4}", result.new_log_loss));
                    ui.label(format!("{:.2} %", result.new_rmse * 100.0));
                    ui.end_row();
                });
            ui.label(
                RichText::new(format!(
                    "From {} reviews. Lower is better; {}.",
                    result.reviews,
                    if result.is_improvement() {
                        "the fitted parameters predict your memory better"
                    } else {
                        "the current parameters are already as good"
                    }
                ))
                .color(muted),
            );
            ui.horizontal(|ui| {
                if ui.button("Use fitted parameters").clicked() {
                    action = Some(Action::AcceptParameters(result.new_parameters.clone()));
                }
                if ui.button("Keep current").clicked() {
                    action = Some(Action::DismissOptimizer);
                }
            });
        }
    }
    action
}

fn appearance_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
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
            let label = ui.label("Interface scale");
            let mut scale = state.prefs.ui_scale;
            let response = ui
                .add(
                    egui::Slider::new(&mut scale, theme::UI_SCALE_RANGE)
                        .step_by(0.05)
                        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
                )
                .labelled_by(label.id)
                .on_hover_text("Ctrl+Plus and Ctrl+Minus change it anywhere");
            // Apply when the drag ends, so the slider does not move under the pointer.
            if response.drag_stopped() || (response.changed() && !response.dragged()) {
                action = Some(Action::SetUiScale(scale));
            }
            ui.end_row();
        });
    action
}

/// A titled group of settings.
pub fn section(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(title)
                .family(theme::bold_family())
                .size(17.0)
                .color(theme::accent(ui.visuals())),
        );
        ui.add_space(8.0);
        add(ui);
    });
    ui.add_space(12.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip_through_text() {
        assert_eq!(parse_steps("1m 10m"), Ok(vec![1.0, 10.0]));
        assert_eq!(parse_steps("30s 1h 1d 5"), Ok(vec![0.5, 60.0, 1440.0, 5.0]));
        assert_eq!(
            format_steps(&[1.0, 10.0, 60.0, 1440.0, 0.5]),
            "1m 10m 1h 1d 30s"
        );
        assert_eq!(parse_steps(""), Ok(vec![]));
        assert!(parse_steps("1x").is_err());
        assert!(parse_steps("ten").is_err());
        assert!(parse_steps("0m").is_err());
    }
}
