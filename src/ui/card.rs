//! Rendering of card blocks: text, tables, diagrams, code.

use egui::{Frame, RichText, Ui};

use super::{markdown, theme};
use crate::deck::{Block, Code, Diagram, Image, Table};

/// Where a list of blocks is shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Side<'a> {
    /// The blocks of the card's other side (an occlusion question is drawn
    /// on the layout of its answer there).
    pub other: &'a [Block],
    /// This is the answer side: diagrams can be rebuilt step by step.
    pub answer: bool,
    /// The first diagram takes ← and → for its steps.
    pub keys: bool,
    /// The answer is shown: an occlusion or cloze question is replaced in
    /// place by its answer (the same block on the back), and the back
    /// leaves those blocks out, so the answer appears where the eye is.
    pub in_place: bool,
}

impl<'a> Side<'a> {
    /// The question side of a card whose answer is `back`.
    pub fn front(back: &'a [Block]) -> Self {
        Self {
            other: back,
            answer: false,
            keys: false,
            in_place: false,
        }
    }

    /// The question side of a card whose answer `back` is shown below it.
    pub fn front_answered(back: &'a [Block]) -> Self {
        Self {
            in_place: true,
            ..Self::front(back)
        }
    }

    /// The answer side of a card whose question is `front`; `keys` gives the
    /// arrow keys to its first diagram.
    pub fn back(front: &'a [Block], keys: bool) -> Self {
        Self {
            other: front,
            answer: true,
            keys,
            in_place: true,
        }
    }
}

/// Whether the back has blocks besides those shown in place on the front
/// once the answer is shown.
pub fn back_has_more(front: &[Block], back: &[Block]) -> bool {
    back.iter().any(|b| counterpart(b, front).is_none())
}

/// The block of `others` that answers `block` in place: the revealed
/// occlusion of the same diagram, or the whole cloze table of the same
/// table. `None` for other blocks.
fn counterpart<'b>(block: &Block, others: &'b [Block]) -> Option<&'b Block> {
    others.iter().find(|b| match (block, b) {
        (Block::Occlusion(q), Block::Occlusion(a)) => {
            q.diagram == a.diagram && q.reveal != a.reveal
        }
        (Block::Cloze(q), Block::Cloze(a)) => {
            q.table == a.table && q.columns == a.columns && q.reveal != a.reveal
        }
        _ => false,
    })
}

/// Shows a list of blocks, one after another. Returns the index of a
/// diagram block the user clicked (to open it in the viewer).
pub fn blocks_ui(ui: &mut Ui, blocks: &[Block], side: Side<'_>) -> Option<usize> {
    let mut clicked = None;
    let mut keys = side.keys;
    let mut first = true;
    for (i, block) in blocks.iter().enumerate() {
        // A table or diagram right under a heading with its own title needs no second title.
        let heading = i.checked_sub(1).and_then(|p| match &blocks[p] {
            Block::Text(t) => t.lines().last().and_then(|l| l.trim().strip_prefix("### ")),
            _ => None,
        });
        let mut block = block;
        if side.in_place
            && let Some(answer) = counterpart(block, side.other)
        {
            if side.answer {
                // Shown in place of the question above.
                continue;
            }
            block = answer;
        }
        if !first {
            ui.add_space(theme::BLOCK_SPACING);
        }
        first = false;
        let this_side = Side { keys, ..side };
        if matches!(block, Block::Diagram(_)) {
            keys = false;
        }
        if ui
            .push_id(i, |ui| block_ui(ui, block, heading, this_side))
            .inner
        {
            clicked = Some(i);
        }
    }
    clicked
}

/// Shows one block; `heading` is the heading just above it, if any.
/// Returns true when a diagram was clicked.
pub fn block_ui(ui: &mut Ui, block: &Block, heading: Option<&str>, side: Side<'_>) -> bool {
    let show_title = |title: &str| !title.is_empty() && heading != Some(title.trim());
    match block {
        Block::Text(text) => markdown::markdown_ui(ui, text),
        Block::Table(table) => table_ui(ui, table, show_title(&table.title)),
        Block::Diagram(diagram) if side.answer => {
            return super::diagram::stepped_diagram_ui(
                ui,
                diagram,
                show_title(&diagram.title),
                side.keys,
            );
        }
        Block::Diagram(diagram) => {
            return super::diagram::diagram_card_ui(ui, diagram, show_title(&diagram.title));
        }
        Block::Code(code) => code_ui(ui, code),
        Block::Image(image) => image_ui(ui, image),
        Block::Occlusion(o) => {
            let answer = side.other.iter().find_map(|b| match b {
                Block::Occlusion(a) if a.diagram == o.diagram && a.reveal => Some(a),
                _ => None,
            });
            super::diagram::occlusion_ui(ui, o, answer, show_title(&o.title));
        }
        Block::Cloze(c) => super::cloze::cloze_ui(ui, c, show_title(&c.title)),
        Block::TypedAnswer(_) => {}
    }
    false
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
