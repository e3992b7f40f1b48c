//! A table cloze: the asked row with its hidden cells marked, or the whole
//! table with the answer cells highlighted.

use egui::{Frame, Grid, Margin, RichText, Stroke, Ui};

use super::theme;
use crate::deck::Cloze;

/// Draws a cloze block.
pub fn cloze_ui(ui: &mut Ui, cloze: &Cloze, show_title: bool) {
    if show_title && !cloze.title.is_empty() {
        ui.label(RichText::new(&cloze.title).strong());
    }
    let accent = theme::accent(ui.visuals());
    let width = ui.available_width();
    let column_width = (width / cloze.header.len().max(1) as f32 - 12.0).max(60.0);
    Grid::new(("cloze", &cloze.table, cloze.row, cloze.reveal))
        .striped(true)
        .spacing([12.0, 6.0])
        .min_col_width(column_width.min(120.0))
        .max_col_width(column_width)
        .show(ui, |ui| {
            for heading in &cloze.header {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for (r, row) in cloze.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let asked = r == cloze.row && cloze.columns.contains(&c);
                    if !asked {
                        ui.add(egui::Label::new(cell.as_str()).wrap());
                    } else if cloze.reveal {
                        Frame::new()
                            .fill(accent.gamma_multiply(0.25))
                            .stroke(Stroke::new(1.5, accent))
                            .inner_margin(Margin::symmetric(6, 2))
                            .corner_radius(4.0)
                            .show(ui, |ui| {
                                ui.add(egui::Label::new(RichText::new(cell).strong()).wrap());
                            });
                    } else {
                        Frame::new()
                            .stroke(Stroke::new(1.5, accent))
                            .inner_margin(Margin::symmetric(10, 2))
                            .corner_radius(4.0)
                            .show(ui, |ui| {
                                let mark = ui.label(RichText::new("?").strong().color(accent));
                                mark.widget_info(|| {
                                    egui::WidgetInfo::labeled(
                                        egui::Role::Label,
                                        true,
                                        "Hidden cell",
                                    )
                                });
                            });
                    }
                }
                ui.end_row();
            }
        });
}
