//! Diagrams on screen: a flowchart laid out once (cached by its source),
//! painted with egui shapes in the theme's colours, inline in a card or in
//! a full viewer with pan, zoom, fit and hover highlighting.

mod cards;
mod paint;
mod prepare;
mod view;

pub use cards::{
    build_step, hidden_at, occlusion_emphasis, occlusion_ui, owner_of, stepped_diagram_ui,
};
pub use paint::{Emphasis, View, color32, paint_scene};
pub use prepare::{
    BACKGROUND_ABOVE, NotReady, PreparedDiagram, key_of, label_job, measure, prepared,
    prepared_if_made, prepared_on,
};
pub use view::{
    Hit, InlineResponse, ViewerState, diagram_inline_ui, diagram_viewer_ui, emphasis_for, hit_test,
    inline_ui, keep_subgraphs_legible, part_rect, theme_of, viewer_ui, viewer_view,
};

use egui::{Id, RichText, Ui};

use crate::deck::Diagram;
use crate::mermaid::Flowchart;

/// Tallest inline drawing, points.
pub const INLINE_MAX_HEIGHT: f32 = 560.0;

/// Mermaid text to a flowchart for drawing.
pub fn flowchart_from_mermaid(text: &str) -> Result<Flowchart, String> {
    crate::mermaid::parse(text).map_err(|e| e.to_string())
}

/// A diagram block of a card, drawn by archdeck's layout and sized to the
/// card. Returns true when the drawing was clicked (to open it in the
/// viewer). A diagram that cannot be drawn shows its source and the reason.
pub fn diagram_card_ui(ui: &mut Ui, diagram: &Diagram, show_title: bool) -> bool {
    if show_title {
        ui.label(RichText::new(&diagram.title).strong());
    }
    let key = key_of(&diagram.mermaid);
    match prepared(ui.ctx(), key, || flowchart_from_mermaid(&diagram.mermaid)) {
        Ok(prep) => {
            let title = if diagram.title.is_empty() {
                "the diagram"
            } else {
                &diagram.title
            };
            let answer = diagram_inline_ui(ui, &prep, INLINE_MAX_HEIGHT);
            let response = answer
                .response
                .on_hover_text("Click to open it in the diagram viewer");
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open {title}"))
            });
            answer.open_viewer
        }
        Err(reason) => {
            cannot_draw_ui(ui, diagram, &reason);
            false
        }
    }
}

/// A diagram not drawn: a spinner while a big one is laid out in the
/// background, else its source and the reason it cannot be drawn.
pub fn cannot_draw_ui(ui: &mut Ui, diagram: &Diagram, why: &NotReady) {
    match why {
        NotReady::Laying => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(
                    RichText::new("Laying out this big diagram…")
                        .color(ui.visuals().weak_text_color()),
                );
            });
        }
        NotReady::Failed(reason) => {
            source_ui(ui, diagram);
            ui.label(
                RichText::new(format!("This diagram cannot be drawn: {reason}"))
                    .color(ui.visuals().weak_text_color())
                    .small(),
            );
        }
    }
}

/// A diagram shown by its Mermaid source.
pub fn source_ui(ui: &mut Ui, diagram: &Diagram) {
    super::card::code_ui(
        ui,
        &crate::deck::Code {
            lang: "mermaid".to_owned(),
            code: diagram.mermaid.trim_end().to_owned(),
        },
    );
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
