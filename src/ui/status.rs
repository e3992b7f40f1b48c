//! The bottom bar: running jobs with their progress, and notices (errors,
//! warnings, results) with their file and position, until dismissed.

use egui::{RichText, Ui};

use super::theme;
use crate::app::{Action, JobView, Level, Notice};

/// At most this many notices are listed; the rest are counted.
const SHOWN: usize = 6;

/// Draws jobs and notices.
pub fn status_ui(ui: &mut Ui, notices: &[Notice], jobs: &[JobView]) -> Option<Action> {
    let mut action = None;
    for job in jobs {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new(&job.label).strong());
            if let Some(f) = job.fraction {
                ui.add(
                    egui::ProgressBar::new(f)
                        .desired_width(220.0)
                        .show_percentage(),
                );
            }
            if !job.note.is_empty() {
                ui.label(RichText::new(&job.note).color(theme::muted(ui.visuals())));
            }
            if ui.small_button("Cancel").clicked() {
                action = Some(Action::CancelJob(job.id));
            }
        });
    }
    let start = notices.len().saturating_sub(SHOWN);
    if start > 0 {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{start} earlier message(s) not shown"))
                    .color(theme::muted(ui.visuals())),
            );
            if ui.small_button("Dismiss all").clicked() {
                action = Some(Action::DismissAllNotices);
            }
        });
    }
    for (i, notice) in notices.iter().enumerate().skip(start) {
        ui.horizontal_wrapped(|ui| {
            let (tag, color) = match notice.level {
                Level::Error => ("Error", theme::error(ui.visuals())),
                Level::Warning => ("Warning", theme::warning(ui.visuals())),
                Level::Info => ("Done", theme::success(ui.visuals())),
            };
            if ui
                .small_button("×")
                .on_hover_text("Dismiss this message")
                .clicked()
            {
                action = Some(Action::DismissNotice(i));
            }
            ui.label(RichText::new(tag).strong().color(color));
            if let Some(loc) = &notice.location {
                ui.label(RichText::new(loc).monospace());
            }
            ui.label(&notice.message);
        });
    }
    action
}
