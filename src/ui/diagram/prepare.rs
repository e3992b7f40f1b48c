//! A flowchart measured with egui's fonts and laid out once, cached in the
//! context's memory by a key (the Mermaid text's hash): never re-laid out
//! per frame.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Context, FontId, Id};

use crate::interop::picture::text::{
    EDGE_TEXT_PX, LABEL_PAD, NODE_PAD, NODE_TEXT_PX, TITLE_TEXT_PX,
};
use crate::interop::picture::{Scene, Theme, scene};
use crate::layout::measure::node_box;
use crate::layout::{LabelKind, Layout, LayoutOptions, Size, Sizes, layout_sized};
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

/// Why a diagram cannot be drawn yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// A big diagram is being laid out in the background; a repaint is
    /// requested when it is done.
    Laying,
    /// It cannot be drawn: the message says why.
    Failed(String),
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Laying => f.write_str("laying out the diagram…"),
            Self::Failed(reason) => f.write_str(reason),
        }
    }
}

/// What a cache slot holds.
type Made = Result<Arc<PreparedDiagram>, NotReady>;

/// A layout running on another thread; its result lands here.
type Pending = Arc<Mutex<Option<Made>>>;

/// Diagrams with more boxes and arrows than this are laid out off the UI
/// thread (the seed's largest has 30; synth-1000's 2,600 take ~50 ms).
pub const BACKGROUND_ABOVE: usize = 150;

fn slot_id(key: u64) -> Id {
    Id::unique(("archdeck-diagram", key))
}

fn pending_id(key: u64) -> Id {
    Id::unique(("archdeck-diagram-pending", key))
}

/// The prepared diagram for `key`, made with `make` the first time.
/// `make` fails with a message to show instead of the drawing. A big
/// diagram is measured here and laid out on another thread:
/// [`NotReady::Laying`] until it is done.
pub fn prepared(ctx: &Context, key: u64, make: impl FnOnce() -> Result<Flowchart, String>) -> Made {
    prepared_on(ctx, key, || make().map(|chart| (chart, None)))
}

/// The prepared diagram for `key` if [`prepared`] made (or started) it.
pub fn prepared_if_made(ctx: &Context, key: u64) -> Option<Made> {
    if let Some(found) = ctx.data(|d| d.get_temp::<Made>(slot_id(key))) {
        return Some(found);
    }
    let pending = ctx.data(|d| d.get_temp::<Pending>(pending_id(key)))?;
    let done = pending.lock().ok().and_then(|mut p| p.take());
    match done {
        Some(made) => {
            ctx.data_mut(|d| {
                d.insert_temp(slot_id(key), made.clone());
                d.remove_temp::<Pending>(pending_id(key));
            });
            Some(made)
        }
        None => Some(Err(NotReady::Laying)),
    }
}

/// Like [`prepared`], but `make` may also give a second flowchart of the
/// same structure whose layout is used (an occlusion question drawn on its
/// answer's layout, so the answer appears in place).
pub fn prepared_on(
    ctx: &Context,
    key: u64,
    make: impl FnOnce() -> Result<(Flowchart, Option<Flowchart>), String>,
) -> Made {
    if let Some(found) = prepared_if_made(ctx, key) {
        return found;
    }
    let (chart, on) = match make() {
        Ok(charts) => charts,
        Err(reason) => {
            let failed = Err(NotReady::Failed(reason));
            ctx.data_mut(|d| d.insert_temp(slot_id(key), failed.clone()));
            return failed;
        }
    };
    let same_shape = |o: &Flowchart| {
        o.nodes.len() == chart.nodes.len()
            && o.edges.len() == chart.edges.len()
            && o.clusters.len() == chart.clusters.len()
    };
    let shape_of = on.filter(same_shape);
    let sizes = measure(ctx, shape_of.as_ref().unwrap_or(&chart));
    if chart.nodes.len() + chart.edges.len() <= BACKGROUND_ABOVE {
        let layout = layout_sized(
            shape_of.as_ref().unwrap_or(&chart),
            &sizes,
            &LayoutOptions::default(),
        );
        let ready = Ok(Arc::new(PreparedDiagram::with_layout(chart, layout)));
        ctx.data_mut(|d| d.insert_temp(slot_id(key), ready.clone()));
        return ready;
    }
    let pending: Pending = Arc::new(Mutex::new(None));
    ctx.data_mut(|d| d.insert_temp(pending_id(key), pending.clone()));
    let repaint = ctx.clone();
    std::thread::spawn(move || {
        let work = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            layout_sized(
                shape_of.as_ref().unwrap_or(&chart),
                &sizes,
                &LayoutOptions::default(),
            )
        }));
        let outcome = match work {
            Ok(layout) => Ok(Arc::new(PreparedDiagram::with_layout(chart, layout))),
            Err(_) => Err(NotReady::Failed(
                "the layout of this diagram failed (a bug in archdeck); its source is shown instead"
                    .to_owned(),
            )),
        };
        if let Ok(mut slot) = pending.lock() {
            *slot = Some(outcome);
        }
        repaint.request_repaint();
    });
    Err(NotReady::Laying)
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
    Sizes::measure(chart, &|label, kind| match kind {
        LabelKind::Node(shape) => node_box(shape, text(label, NODE_TEXT_PX), NODE_PAD),
        LabelKind::Edge => pad(text(label, EDGE_TEXT_PX)),
        LabelKind::ClusterTitle => pad(text(label, TITLE_TEXT_PX)),
    })
}
