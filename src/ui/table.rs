//! Card tables with `egui_extras::TableBuilder`: a header row, striped rows,
//! and columns sized to their content that wrap rather than overflow.

use egui::text::LayoutJob;
use egui::{Galley, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::sync::Arc;

use super::{markdown, theme};
use crate::deck::Table;

/// Padding inside each cell, in points.
const CELL_PAD_X: f32 = 8.0;
const CELL_PAD_Y: f32 = 5.0;
/// No column is squeezed below this, in points.
const MIN_COLUMN: f32 = 64.0;

/// Column widths and row heights of one table at one width, kept between
/// frames so a steady frame lays out no text.
#[derive(Clone, Debug, PartialEq)]
struct Sizing {
    key: (u32, bool, u64),
    widths: Vec<f32>,
    header_height: f32,
    row_heights: Vec<f32>,
}

/// Shows a table, with its title unless a heading above already says it.
pub fn table_ui(ui: &mut Ui, table: &Table, show_title: bool) {
    if show_title {
        ui.label(
            RichText::new(&table.title)
                .strong()
                .color(theme::accent(ui.visuals())),
        );
        ui.add_space(2.0);
    }
    let columns = table.header.len().max(1);
    let width = ui.available_width().max(MIN_COLUMN * columns as f32 * 0.5);
    let body_size = theme::BODY_SIZE - 1.0;
    let id = ui.scope_id().with("table-sizing");
    let key = (
        width.round() as u32,
        ui.visuals().dark_mode,
        content_hash(table),
    );
    let cached: Option<Sizing> = ui.data(|d| d.get_temp(id));
    let sizing = match cached {
        Some(s) if s.key == key => s,
        _ => {
            let s = measure(ui, table, width, body_size, key);
            ui.data_mut(|d| d.insert_temp(id, s.clone()));
            s
        }
    };
    let header_bg = theme::table_header_background(ui.visuals());
    let border = theme::border(ui.visuals());
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, border))
        .corner_radius(6.0)
        .fill(theme::surface(ui.visuals()))
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing = egui::vec2(0.0, 0.0);
            let mut builder = TableBuilder::new(ui)
                .id_salt(("card-table", key.2))
                .striped(true)
                .vscroll(false)
                .resizable(false)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Min));
            for w in &sizing.widths {
                builder = builder.column(Column::exact(*w));
            }
            builder
                .header(sizing.header_height, |mut row| {
                    for (i, cell) in table.header.iter().enumerate() {
                        let w = sizing.widths.get(i).copied().unwrap_or(MIN_COLUMN);
                        row.col(|ui| {
                            ui.painter().rect_filled(ui.max_rect(), 0.0, header_bg);
                            cell_ui(ui, cell_job(ui, cell, body_size, true, w));
                        });
                    }
                })
                .body(|mut body| {
                    for (r, cells) in table.rows.iter().enumerate() {
                        let h = sizing.row_heights.get(r).copied().unwrap_or(24.0);
                        body.row(h, |mut row| {
                            for (i, cell) in cells.iter().enumerate() {
                                let w = sizing.widths.get(i).copied().unwrap_or(MIN_COLUMN);
                                row.col(|ui| {
                                    cell_ui(ui, cell_job(ui, cell, body_size, i == 0, w));
                                });
                            }
                        });
                    }
                });
        });
}

fn cell_ui(ui: &mut Ui, job: LayoutJob) {
    ui.add_space(CELL_PAD_X);
    ui.vertical(|ui| {
        ui.add_space(CELL_PAD_Y);
        ui.add(egui::Label::new(job).wrap());
    });
}

/// A cell's text; the first column is set stronger, as row labels.
fn cell_job(ui: &Ui, text: &str, size: f32, strong: bool, width: f32) -> LayoutJob {
    markdown::inline_job(ui, text, size, strong, (width - 2.0 * CELL_PAD_X).max(10.0))
}

fn galley(ui: &Ui, job: LayoutJob) -> Arc<Galley> {
    ui.fonts_mut(|f| f.layout_job(job))
}

/// Chooses column widths for the available width and the row heights they give.
fn measure(ui: &Ui, table: &Table, width: f32, size: f32, key: (u32, bool, u64)) -> Sizing {
    let n = table.header.len().max(1);
    let all_rows = || std::iter::once(&table.header).chain(table.rows.iter());
    // Natural (one-line) width and widest single word of each column.
    let mut natural = vec![MIN_COLUMN; n];
    let mut word = vec![MIN_COLUMN; n];
    for (r, row) in all_rows().enumerate() {
        for (i, cell) in row.iter().enumerate().take(n) {
            let strong = r == 0 || i == 0;
            let line = galley(ui, cell_job(ui, cell, size, strong, f32::INFINITY));
            natural[i] = natural[i].max(line.size().x + 2.0 * CELL_PAD_X + 2.0);
            let longest = cell
                .split_whitespace()
                .max_by_key(|w| w.chars().count())
                .unwrap_or("");
            let w = galley(ui, cell_job(ui, longest, size, strong, f32::INFINITY));
            word[i] = word[i].max(w.size().x + 2.0 * CELL_PAD_X + 2.0);
        }
    }
    let widths = distribute(width, &natural, &word);
    let height_of = |r: usize, row: &Vec<String>| {
        row.iter()
            .enumerate()
            .take(n)
            .map(|(i, cell)| {
                let strong = r == 0 || i == 0;
                galley(ui, cell_job(ui, cell, size, strong, widths[i]))
                    .size()
                    .y
            })
            .fold(0.0_f32, f32::max)
            + 2.0 * CELL_PAD_Y
    };
    let header_height = height_of(0, &table.header);
    let row_heights = table.rows.iter().map(|row| height_of(1, row)).collect();
    Sizing {
        key,
        widths,
        header_height,
        row_heights,
    }
}

/// Splits `width` among columns: natural widths when they fit (the rest
/// shared out), otherwise each column keeps its widest word and the rest
/// goes to the columns that need it most.
pub fn distribute(width: f32, natural: &[f32], word: &[f32]) -> Vec<f32> {
    let n = natural.len().max(1) as f32;
    let total: f32 = natural.iter().sum();
    if total <= width {
        let extra = (width - total) / n;
        return natural.iter().map(|w| w + extra).collect();
    }
    // Minimums: the widest word, but never more than an equal share, so
    // one long word cannot starve the other columns.
    let share = width / n;
    let minimum: Vec<f32> = word
        .iter()
        .zip(natural)
        .map(|(w, nat)| w.min(*nat).min(share.max(MIN_COLUMN)))
        .collect();
    let min_total: f32 = minimum.iter().sum();
    let leftover = (width - min_total).max(0.0);
    let want: Vec<f32> = natural
        .iter()
        .zip(&minimum)
        .map(|(nat, min)| (nat - min).max(0.0))
        .collect();
    let want_total: f32 = want.iter().sum();
    minimum
        .iter()
        .zip(&want)
        .map(|(min, want)| {
            if want_total > 0.0 {
                min + leftover * want / want_total
            } else {
                min + leftover / n
            }
        })
        .collect()
}

fn content_hash(table: &Table) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    table.header.hash(&mut h);
    table.rows.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_columns_keep_their_natural_width_and_fill_the_row() {
        let w = distribute(600.0, &[100.0, 200.0], &[80.0, 90.0]);
        assert_eq!(w, [250.0, 350.0]);
    }

    #[test]
    fn narrow_space_wraps_long_columns_first() {
        let natural = [120.0, 900.0, 700.0, 300.0, 260.0];
        let word = [90.0, 110.0, 100.0, 95.0, 90.0];
        let w = distribute(800.0, &natural, &word);
        let total: f32 = w.iter().sum();
        assert!((total - 800.0).abs() < 0.5, "fills the width: {total}");
        for (width, min) in w.iter().zip(word) {
            assert!(*width >= min - 0.01, "{width} < widest word {min}");
        }
        assert!(w[1] > w[0] && w[2] > w[4], "long columns get more: {w:?}");
    }

    #[test]
    fn very_narrow_space_never_gives_a_column_nothing() {
        let w = distribute(200.0, &[500.0; 5], &[300.0; 5]);
        assert!(w.iter().all(|x| *x >= 39.0), "{w:?}");
    }
}
