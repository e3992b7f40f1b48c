//! Rendering of card blocks: text, tables, diagrams, code.

use egui::{Frame, RichText, Ui};

use super::{markdown, theme};
use crate::deck::{Block, Code, Table};

/// Shows a list of blocks, one after another.
pub fn blocks_ui(ui: &mut Ui, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            ui.add_space(theme::BLOCK_SPACING);
        }
        ui.push_id(i, |ui| block_ui(ui, block));
    }
}

/// Shows one block.
pub fn block_ui(ui: &mut Ui, block: &Block) {
    match block {
        Block::Text(text) => markdown::markdown_ui(ui, text),
        Block::Table(table) => table_ui(ui, table),
        Block::Diagram(diagram) => super::diagram::diagram_block_ui(ui, diagram),
        Block::Code(code) => code_ui(ui, code),
    }
}

/// A table with a bold header and wrapping cells.
pub fn table_ui(ui: &mut Ui, table: &Table) {
    if !table.title.is_empty() {
        ui.label(RichText::new(&table.title).strong());
    }
    let columns = table.header.len().max(1);
    let width = ui.available_width();
    let column_width = (width / columns as f32 - 12.0).max(60.0);
    Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new("table")
            .striped(true)
            .num_columns(columns)
            .min_col_width(column_width.min(120.0))
            .max_col_width(column_width)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for cell in &table.header {
                    ui.add(egui::Label::new(RichText::new(cell).strong()).wrap());
                }
                ui.end_row();
                for row in &table.rows {
                    for cell in row {
                        let job = markdown::inline_job(ui, cell, 14.0, false, column_width);
                        ui.add(egui::Label::new(job).wrap());
                    }
                    ui.end_row();
                }
            });
    });
}

/// Preformatted text in a monospace frame.
pub fn code_ui(ui: &mut Ui, code: &Code) {
    Frame::new()
        .fill(theme::code_background(ui.visuals()))
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.add(egui::Label::new(RichText::new(&code.code).monospace()).wrap());
        });
}
