//! A flowchart measured with egui's fonts and laid out once, cached in the
//! context's memory by a key (the Mermaid text's hash): never re-laid out
//! per frame.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Context, FontId, Id};

use crate::interop::picture::text::{
    EDGE_TEXT_PX, LABEL_PAD, NODE_PAD, NODE_TEXT_PX, TITLE_TEXT_PX,
};
use crate::interop::picture::{Scene, Theme, scene};
use crate::layout::measure::node_box;
use crate::layout::{Layout, LayoutOptions, Size, Sizes, layout_sized};
use crate::mermaid::{Flowchart, Label};

/// A laid-out flowchart and, lazily, its scene per theme.
#[derive(Debug)]
pub struct PreparedDiagram {
    /// The flowchart.
    pub chart: Flowchart,
    /// Its layout (layout units = points at zoom 1).
    pub layout: Layout,
    scenes: [OnceLock<Scene>; 2],
}

impl PreparedDiagram {
    /// Lays out `chart` with sizes measured by egui's fonts.
    pub fn new(ctx: &Context, chart: Flowchart) -> Self {
        let sizes = measure(ctx, &chart);
        let layout = layout_sized(&chart, &sizes, &LayoutOptions::default());
        Self {
            chart,
            layout,
            scenes: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// A flowchart already laid out.
    pub fn with_layout(chart: Flowchart, layout: Layout) -> Self {
        Self {
            chart,
            layout,
            scenes: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The drawing for `theme` (built once).
    pub fn scene(&self, theme: Theme) -> &Scene {
        let slot = match theme {
            Theme::Light => &self.scenes[0],
            Theme::Dark => &self.scenes[1],
        };
        slot.get_or_init(|| scene(&self.chart, &self.layout, theme))
    }
}

/// The prepared diagram for `key`, made with `make` the first time.
/// `make` fails with a message to show instead of the drawing.
pub fn prepared(
    ctx: &Context,
    key: u64,
    make: impl FnOnce() -> Result<Flowchart, String>,
) -> Result<Arc<PreparedDiagram>, String> {
    let id = Id::unique(("archdeck-diagram", key));
    if let Some(found) = ctx.data(|d| d.get_temp::<Result<Arc<PreparedDiagram>, String>>(id)) {
        return found;
    }
    let result = make().map(|chart| Arc::new(PreparedDiagram::new(ctx, chart)));
    ctx.data_mut(|d| d.insert_temp(id, result.clone()));
    result
}

/// The prepared diagram for `key` if [`prepared`] made it already.
pub fn prepared_if_made(ctx: &Context, key: u64) -> Option<Result<Arc<PreparedDiagram>, String>> {
    ctx.data(|d| {
        d.get_temp::<Result<Arc<PreparedDiagram>, String>>(Id::unique(("archdeck-diagram", key)))
    })
}

/// Like [`prepared`], but `make` may also give a second flowchart of the
/// same structure whose layout is used (an occlusion question drawn on its
/// answer's layout, so the answer appears in place).
pub fn prepared_on(
    ctx: &Context,
    key: u64,
    make: impl FnOnce() -> Result<(Flowchart, Option<Flowchart>), String>,
) -> Result<Arc<PreparedDiagram>, String> {
    let id = Id::unique(("archdeck-diagram", key));
    if let Some(found) = ctx.data(|d| d.get_temp::<Result<Arc<PreparedDiagram>, String>>(id)) {
        return found;
    }
    let result = make().map(|(chart, on)| {
        let same_shape = |o: &Flowchart| {
            o.nodes.len() == chart.nodes.len()
                && o.edges.len() == chart.edges.len()
                && o.clusters.len() == chart.clusters.len()
        };
        Arc::new(match on.filter(same_shape) {
            Some(other) => {
                let sizes = measure(ctx, &other);
                let layout = layout_sized(&other, &sizes, &LayoutOptions::default());
                PreparedDiagram::with_layout(chart, layout)
            }
            None => PreparedDiagram::new(ctx, chart),
        })
    });
    ctx.data_mut(|d| d.insert_temp(id, result.clone()));
    result
}

/// A stable key for diagram source text.
pub fn key_of(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The text of `label` as an egui layout job, lines centred.
pub fn label_job(label: &Label, px: f32, color: Color32) -> LayoutJob {
    let mut job = LayoutJob {
        halign: egui::Align::Center,
        ..LayoutJob::default()
    };
    for (i, runs) in label.lines.iter().enumerate() {
        if i > 0 {
            job.append(
                "\n",
                0.0,
                TextFormat::simple(FontId::proportional(px), color),
            );
        }
        if runs.is_empty() {
            job.append(
                " ",
                0.0,
                TextFormat::simple(FontId::proportional(px), color),
            );
        }
        for r in runs {
            let format = TextFormat {
                font_id: FontId::proportional(px),
                color,
                italics: r.italic,
                ..TextFormat::default()
            };
            job.append(&r.text, 0.0, format);
        }
    }
    job
}

/// Box sizes of every label of `chart`, measured with egui's fonts.
pub fn measure(ctx: &Context, chart: &Flowchart) -> Sizes {
    let text = |label: &Label, px: f32| -> Size {
        let job = label_job(label, px, Color32::WHITE);
        let s = ctx.fonts_mut(|f| f.layout_job(job).size());
        Size::new(s.x.ceil(), s.y.ceil())
    };
    let pad = |s: Size| Size::new(s.w + 2.0 * LABEL_PAD.0, s.h + 2.0 * LABEL_PAD.1);
    Sizes {
        nodes: chart
            .nodes
            .iter()
            .map(|n| node_box(n.shape, text(&n.label, NODE_TEXT_PX), NODE_PAD))
            .collect(),
        edge_labels: chart
            .edges
            .iter()
            .map(|e| {
                e.label
                    .as_ref()
                    .filter(|l| !l.is_empty())
                    .map(|l| pad(text(l, EDGE_TEXT_PX)))
            })
            .collect(),
        cluster_titles: chart
            .clusters
            .iter()
            .map(|c| pad(text(&c.title, TITLE_TEXT_PX)))
            .collect(),
    }
}
