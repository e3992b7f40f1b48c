//! Rendering of card blocks: text, tables, diagrams, code.

use egui::{Frame, RichText, Ui};

use super::{markdown, theme};
use crate::deck::{Block, Code, Diagram, Image, Table};

/// Shows a list of blocks, one after another.
pub fn blocks_ui(ui: &mut Ui, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            ui.add_space(theme::BLOCK_SPACING);
        }
        // A table or diagram right under a heading with its own title needs no second title.
        let heading = i.checked_sub(1).and_then(|p| match &blocks[p] {
            Block::Text(t) => t.lines().last().and_then(|l| l.trim().strip_prefix("### ")),
            _ => None,
        });
        ui.push_id(i, |ui| block_ui(ui, block, heading));
    }
}

/// Shows one block; `heading` is the heading just above it, if any.
pub fn block_ui(ui: &mut Ui, block: &Block, heading: Option<&str>) {
    let show_title = |title: &str| !title.is_empty() && heading != Some(title.trim());
    match block {
        Block::Text(text) => markdown::markdown_ui(ui, text),
        Block::Table(table) => table_ui(ui, table, show_title(&table.title)),
        Block::Diagram(diagram) => diagram_source_ui(ui, diagram, show_title(&diagram.title)),
        Block::Code(code) => code_ui(ui, code),
        Block::Image(image) => image_ui(ui, image),
        // Drawn as source and plain table until the study screen draws
        // them on the diagram layout.
        Block::Occlusion(o) => diagram_source_ui(
            ui,
            &Diagram {
                id: o.diagram.clone(),
                title: o.title.clone(),
                mermaid: o.mermaid.clone(),
            },
            show_title(&o.title),
        ),
        Block::Cloze(c) => super::cloze::cloze_ui(ui, c, show_title(&c.title)),
        Block::TypedAnswer(_) => {}
    }
}

/// A picture stored with the deck, shown by its alt text and file name
/// (the app has no image decoder yet).
pub fn image_ui(ui: &mut Ui, image: &Image) {
    let name = image.path.rsplit('/').next().unwrap_or(&image.path);
    let text = if image.alt.trim().is_empty() {
        format!("[picture: {name}]")
    } else {
        format!("[picture: {}] ({name})", image.alt.trim())
    };
    Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(text).italics());
    });
}

/// A table with a bold header and wrapping cells.
pub fn table_ui(ui: &mut Ui, table: &Table, show_title: bool) {
    if show_title {
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

/// A diagram shown by its Mermaid source.
pub fn diagram_source_ui(ui: &mut Ui, diagram: &Diagram, show_title: bool) {
    if show_title {
        ui.label(RichText::new(&diagram.title).strong());
    }
    code_ui(
        ui,
        &Code {
            lang: "mermaid".to_owned(),
            code: diagram.mermaid.trim_end().to_owned(),
        },
    );
}
