//! Diagram cards on screen: an occlusion or path question drawn on the
//! real layout with the hidden parts marked, its answer revealed in place,
//! and a diagram rebuilt step by step on the answer side.

use std::collections::HashSet;

use egui::{Id, Key, Modifiers, RichText, Ui};

use super::paint::Emphasis;
use super::prepare::{PreparedDiagram, key_of, prepared, prepared_on};
use super::view::{inline_ui, keep_subgraphs_legible};
use super::{INLINE_MAX_HEIGHT, cannot_draw_ui, flowchart_from_mermaid};
use crate::deck::reveal::{RevealStep, reveal_steps};
use crate::deck::{Diagram, Occlusion, Target};
use crate::interop::picture::Owner;
use crate::mermaid::Flowchart;

/// The part of `chart` a target names, if it exists.
pub fn owner_of(chart: &Flowchart, target: &Target) -> Option<Owner> {
    match target {
        Target::Node(id) => chart
            .nodes
            .iter()
            .position(|n| &n.id == id)
            .map(Owner::Node),
        Target::Cluster(id) => chart
            .clusters
            .iter()
            .position(|c| &c.id == id)
            .map(Owner::Cluster),
        Target::Edge(e) => (*e < chart.edges.len()).then_some(Owner::Edge(*e)),
    }
}

/// What an occlusion block emphasises: the asked and highlighted parts in
/// focus. On a path answer (something highlighted besides the asked parts)
/// everything else is dimmed so the path stands out; otherwise nothing is.
pub fn occlusion_emphasis(chart: &Flowchart, occ: &Occlusion) -> (Emphasis, Vec<Owner>) {
    let hidden: Vec<Owner> = occ
        .hidden
        .iter()
        .filter_map(|t| owner_of(chart, t))
        .collect();
    let highlight: Vec<Owner> = occ
        .highlight
        .iter()
        .filter_map(|t| owner_of(chart, t))
        .collect();
    let mut em = Emphasis::default();
    em.focus.extend(hidden.iter().copied());
    em.focus.extend(highlight.iter().copied());
    let dim_the_rest = occ.reveal && !highlight.is_empty();
    if dim_the_rest {
        keep_subgraphs_legible(chart, &mut em);
    } else {
        em.context.extend(
            (0..chart.nodes.len())
                .map(Owner::Node)
                .chain((0..chart.edges.len()).map(Owner::Edge))
                .chain((0..chart.clusters.len()).map(Owner::Cluster)),
        );
    }
    (em, hidden)
}

/// An occlusion block: the diagram with `?` in place of the asked parts
/// (question) or with them revealed and highlighted (answer). A question
/// is drawn on the layout of its answer (`answer`, the same block on the
/// other side of the card) so nothing moves when the answer is shown.
pub fn occlusion_ui(ui: &mut Ui, occ: &Occlusion, answer: Option<&Occlusion>, show_title: bool) {
    if show_title && !occ.title.is_empty() {
        ui.label(RichText::new(&occ.title).strong());
    }
    let layout_from = answer
        .filter(|a| !occ.reveal && a.reveal && a.diagram == occ.diagram)
        .map(|a| a.mermaid.as_str());
    let key = key_of(&format!(
        "{}\u{0}{}",
        occ.mermaid,
        layout_from.unwrap_or_default()
    ));
    let made = prepared_on(ui.ctx(), key, || {
        let chart = flowchart_from_mermaid(&occ.mermaid)?;
        let on = layout_from.and_then(|m| flowchart_from_mermaid(m).ok());
        Ok((chart, on))
    });
    match made {
        Ok(prep) => {
            let (emphasis, marked) = occlusion_emphasis(&prep.chart, occ);
            let what = if occ.reveal {
                "the answer highlighted"
            } else {
                "the asked part marked ?"
            };
            let response = inline_ui(ui, &prep, INLINE_MAX_HEIGHT, &emphasis, &marked).response;
            let title = if occ.title.is_empty() {
                "Diagram".to_owned()
            } else {
                occ.title.clone()
            };
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{title}, {what}"))
            });
        }
        Err(reason) => cannot_draw_ui(
            ui,
            &Diagram {
                id: occ.diagram.clone(),
                title: occ.title.clone(),
                mermaid: occ.mermaid.clone(),
            },
            &reason,
        ),
    }
}

/// Where a step-by-step rebuild is: `None` shows the whole diagram.
fn step_id(key: u64) -> Id {
    Id::unique(("archdeck-build-step", key))
}

/// The current step of the rebuild of the diagram with source `mermaid`
/// (`None`: not rebuilding, the whole diagram shows).
pub fn build_step(ctx: &egui::Context, mermaid: &str) -> Option<usize> {
    ctx.data(|d| d.get_temp::<Option<usize>>(step_id(key_of(mermaid))))
        .flatten()
}

/// Parts not yet shown at step `step` (0-based) of `steps`.
pub fn hidden_at(chart: &Flowchart, steps: &[RevealStep], step: usize) -> HashSet<Owner> {
    let mut shown = HashSet::new();
    for s in steps.iter().take(step + 1) {
        shown.extend(s.nodes.iter().map(|&n| Owner::Node(n)));
        shown.extend(s.clusters.iter().map(|&c| Owner::Cluster(c)));
        shown.extend(s.edges.iter().map(|&e| Owner::Edge(e)));
    }
    (0..chart.nodes.len())
        .map(Owner::Node)
        .chain((0..chart.edges.len()).map(Owner::Edge))
        .chain((0..chart.clusters.len()).map(Owner::Cluster))
        .filter(|o| !shown.contains(o))
        .collect()
}

/// A diagram on the answer side with "build it step by step": → starts and
/// adds the next step, ← goes back one, the last → (or Esc) shows it all.
/// `keys` says whether this diagram takes the arrow keys (the first
/// diagram of the answer). Returns true when the drawing was clicked.
pub fn stepped_diagram_ui(ui: &mut Ui, diagram: &Diagram, show_title: bool, keys: bool) -> bool {
    if show_title {
        ui.label(RichText::new(&diagram.title).strong());
    }
    let key = key_of(&diagram.mermaid);
    let prep = match prepared(ui.ctx(), key, || flowchart_from_mermaid(&diagram.mermaid)) {
        Ok(prep) => prep,
        Err(reason) => {
            cannot_draw_ui(ui, diagram, &reason);
            return false;
        }
    };
    let steps = steps_of(ui.ctx(), key, &prep);
    let id = step_id(key);
    let mut step: Option<usize> = ui.data(|d| d.get_temp(id)).flatten();
    let last = steps.len().saturating_sub(1);
    let go = |forward: bool, step: &mut Option<usize>| {
        *step = match (*step, forward) {
            (None, true) => Some(0),
            (None, false) => Some(last),
            (Some(s), true) if s >= last => None,
            (Some(s), true) => Some(s + 1),
            (Some(s), false) => Some(s.saturating_sub(1)),
        };
    };
    if keys && steps.len() > 1 {
        if super::super::keys::pressed(ui.ctx(), Modifiers::NONE, Key::ArrowRight) {
            go(true, &mut step);
        }
        if super::super::keys::pressed(ui.ctx(), Modifiers::NONE, Key::ArrowLeft) {
            go(false, &mut step);
        }
    }
    if steps.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            let muted = ui.visuals().weak_text_color();
            match step {
                None => {
                    if ui
                        .small_button("Build it step by step")
                        .on_hover_text("Rebuild the diagram from memory, one layer at a time (→)")
                        .clicked()
                    {
                        step = Some(0);
                    }
                    ui.label(RichText::new("or press →").color(muted));
                }
                Some(s) => {
                    if ui
                        .small_button("◀")
                        .on_hover_text("Previous step (←)")
                        .clicked()
                    {
                        go(false, &mut step);
                    }
                    ui.label(format!("Step {} of {}", s + 1, steps.len()));
                    if ui
                        .small_button("▶")
                        .on_hover_text("Next step (→)")
                        .clicked()
                    {
                        go(true, &mut step);
                    }
                    if ui
                        .small_button("Show all")
                        .on_hover_text("The whole diagram")
                        .clicked()
                    {
                        step = None;
                    }
                    if let Some(now) = steps.get(s) {
                        ui.label(RichText::new(format!("adds {}", now.key)).color(muted));
                    }
                }
            }
        });
    }
    let mut emphasis = Emphasis::default();
    let mut newest = Vec::new();
    if let Some(s) = step {
        emphasis.hidden = hidden_at(&prep.chart, &steps, s);
        if let Some(now) = steps.get(s) {
            newest.extend(now.nodes.iter().map(|&n| Owner::Node(n)));
        }
    }
    let title = if diagram.title.is_empty() {
        "the diagram"
    } else {
        &diagram.title
    };
    let inline = inline_ui(ui, &prep, INLINE_MAX_HEIGHT, &emphasis, &newest);
    let response = inline
        .response
        .on_hover_text("Click to open it in the diagram viewer");
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open {title}"))
    });
    ui.data_mut(|d| d.insert_temp(id, step));
    inline.open_viewer
}

/// The rebuild steps of a prepared diagram, computed once.
fn steps_of(
    ctx: &egui::Context,
    key: u64,
    prep: &PreparedDiagram,
) -> std::sync::Arc<Vec<RevealStep>> {
    let id = Id::unique(("archdeck-build-steps", key));
    if let Some(found) = ctx.data(|d| d.get_temp::<std::sync::Arc<Vec<RevealStep>>>(id)) {
        return found;
    }
    let steps = std::sync::Arc::new(reveal_steps(&prep.chart));
    ctx.data_mut(|d| d.insert_temp(id, steps.clone()));
    steps
}
