//! Diagrams on screen: a flowchart laid out once (cached by its source),
//! painted with egui shapes in the theme's colours, inline in a card or in
//! a full viewer with pan, zoom, fit and hover highlighting.

mod paint;
mod prepare;
mod view;

pub use paint::{Emphasis, View, color32, paint_scene};
pub use prepare::{PreparedDiagram, key_of, label_job, measure, prepared};
pub use view::{
    Hit, InlineResponse, diagram_inline_ui, diagram_viewer_ui, emphasis_for, hit_test, theme_of,
    viewer_view,
};

use egui::{Id, RichText, Ui};

use crate::deck::Diagram;
use crate::mermaid::Flowchart;

/// Tallest inline drawing, points.
pub const INLINE_MAX_HEIGHT: f32 = 560.0;

/// Mermaid text to a flowchart for drawing.
///
/// The Mermaid parser lives on another branch; at merge this body becomes
/// `crate::mermaid::parse(text).map_err(|e| e.to_string())`.
pub fn flowchart_from_mermaid(_text: &str) -> Result<Flowchart, String> {
    Err("this build cannot read Mermaid yet, so the diagram is shown as its source".to_owned())
}

/// A diagram block of a card: the drawing sized to the card (click it for
/// the full viewer), or its source with the reason when it cannot be drawn.
pub fn diagram_block_ui(ui: &mut Ui, diagram: &Diagram) {
    if !diagram.title.is_empty() {
        ui.label(RichText::new(&diagram.title).strong());
    }
    let key = key_of(&diagram.mermaid);
    match prepared(ui.ctx(), key, || flowchart_from_mermaid(&diagram.mermaid)) {
        Ok(prep) => {
            let answer = diagram_inline_ui(ui, &prep, INLINE_MAX_HEIGHT);
            let open_id = Id::unique(("archdeck-diagram-open", key));
            if answer.open_viewer {
                ui.data_mut(|d| d.insert_temp(open_id, true));
            }
            answer
                .response
                .on_hover_text("Click to open the diagram viewer");
            viewer_window(ui, &prep, &diagram.title, open_id);
        }
        Err(reason) => {
            super::card::code_ui(
                ui,
                &crate::deck::Code {
                    lang: "mermaid".to_owned(),
                    code: diagram.mermaid.trim_end().to_owned(),
                },
            );
            ui.label(
                RichText::new(reason)
                    .color(ui.visuals().weak_text_color())
                    .small(),
            );
        }
    }
}

/// The full viewer in a window, while `open_id` says it is open.
pub fn viewer_window(ui: &Ui, prep: &PreparedDiagram, title: &str, open_id: Id) {
    let mut open: bool = ui.data(|d| d.get_temp(open_id)).unwrap_or(false);
    if !open {
        return;
    }
    let ctx = ui.ctx().clone();
    let screen = ctx.content_rect();
    let title = if title.is_empty() { "Diagram" } else { title };
    egui::Window::new(title)
        .id(open_id.with("window"))
        .open(&mut open)
        .default_size(screen.size() * 0.8)
        .default_pos(screen.min + screen.size() * 0.1)
        .resizable(true)
        .collapsible(false)
        .show(&ctx, |ui| {
            diagram_viewer_ui(ui, prep, open_id.with("view"));
        });
    ctx.data_mut(|d| d.insert_temp(open_id, open));
}

/// A whole window showing one diagram in the viewer (`archdeck layout
/// FILE --view`); the layout is made on the first frame, with the window's
/// fonts.
pub struct StandaloneViewer {
    chart: Option<Flowchart>,
    prep: Option<std::sync::Arc<PreparedDiagram>>,
}

impl StandaloneViewer {
    /// A viewer for `chart`.
    pub fn new(chart: Flowchart) -> Self {
        Self {
            chart: Some(chart),
            prep: None,
        }
    }
}

impl eframe::App for StandaloneViewer {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if self.prep.is_none()
            && let Some(chart) = self.chart.take()
        {
            self.prep = Some(std::sync::Arc::new(PreparedDiagram::new(ui.ctx(), chart)));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(prep) = &self.prep {
                diagram_viewer_ui(ui, prep, Id::unique("standalone-viewer"));
            }
        });
    }
}
