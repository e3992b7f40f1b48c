//! Rendering of card blocks: text, tables, diagrams, code.

use egui::{Frame, RichText, Ui};

use super::{markdown, theme};
use crate::deck::{Block, Code, Diagram, Image, Table};

/// Shows a list of blocks, one after another. Returns the index of a
/// diagram block the user clicked (to open it in the viewer).
pub fn blocks_ui(ui: &mut Ui, blocks: &[Block]) -> Option<usize> {
    let mut clicked = None;
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            ui.add_space(theme::BLOCK_SPACING);
        }
        // A table or diagram right under a heading with its own title needs no second title.
        let heading = i.checked_sub(1).and_then(|p| match &blocks[p] {
            Block::Text(t) => t.lines().last().and_then(|l| l.trim().strip_prefix("### ")),
            _ => None,
        });
        let response = ui.push_id(i, |ui| block_ui(ui, block, heading)).response;
        if let Block::Diagram(d) = block {
            let title = if d.title.is_empty() {
                "the diagram"
            } else {
                &d.title
            };
            let response = response
                .interact(egui::Sense::click())
                .on_hover_cursor(egui::CursorIcon::PointingHand)
                .on_hover_text("Click to open it in the diagram viewer");
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open {title}"))
            });
            if response.clicked() {
                clicked = Some(i);
            }
        }
    }
    clicked
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

/// A table with a header row, striped rows and wrapping columns.
pub fn table_ui(ui: &mut Ui, table: &Table, show_title: bool) {
    super::table::table_ui(ui, table, show_title);
}

/// Preformatted text in a monospace frame, with its language if given.
pub fn code_ui(ui: &mut Ui, code: &Code) {
    code_frame_ui(ui, code, true);
}

/// A code frame whose text is selectable or not (a clickable diagram's is not).
fn code_frame_ui(ui: &mut Ui, code: &Code, selectable: bool) {
    Frame::new()
        .fill(theme::code_background(ui.visuals()))
        .stroke(egui::Stroke::new(1.0, theme::border(ui.visuals())))
        .inner_margin(egui::Margin::symmetric(12, 10))
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if !code.lang.is_empty() && code.lang != "text" {
                ui.label(
                    RichText::new(&code.lang)
                        .small()
                        .color(theme::muted(ui.visuals())),
                );
            }
            ui.add(
                egui::Label::new(
                    RichText::new(&code.code)
                        .monospace()
                        .color(ui.visuals().strong_text_color()),
                )
                .selectable(selectable)
                .wrap(),
            );
        });
}

/// A diagram shown by its Mermaid source.
pub fn diagram_source_ui(ui: &mut Ui, diagram: &Diagram, show_title: bool) {
    if show_title {
        ui.label(RichText::new(&diagram.title).strong());
    }
    code_frame_ui(
        ui,
        &Code {
            lang: "mermaid".to_owned(),
            code: diagram.mermaid.trim_end().to_owned(),
        },
        false,
    );
}
