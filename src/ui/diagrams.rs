//! The diagram screen: a gallery of every diagram of the current deck(s),
//! and one diagram opened full size.

use std::time::{Duration, Instant};

use egui::{Context, Key, Modifiers, RichText, ScrollArea, Ui};

use super::{card, diagram, keys, theme};
use crate::app::{Action, AppState, DiagramRef};

/// Keys of the diagram screen.
pub fn diagrams_keys(ctx: &Context, state: &AppState) -> Option<Action> {
    let d = &state.diagrams;
    if d.all.is_empty() {
        return None;
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::ArrowRight) {
        let next = (d.selected + 1).min(d.all.len() - 1);
        return Some(if d.open {
            Action::OpenDiagram(next)
        } else {
            Action::SelectDiagram(next)
        });
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::ArrowLeft) {
        let prev = d.selected.saturating_sub(1);
        return Some(if d.open {
            Action::OpenDiagram(prev)
        } else {
            Action::SelectDiagram(prev)
        });
    }
    if !d.open && keys::pressed(ctx, Modifiers::NONE, Key::Enter) {
        return Some(Action::OpenDiagram(d.selected));
    }
    if d.open {
        if keys::pressed(ctx, Modifiers::NONE, Key::Plus)
            || keys::pressed(ctx, Modifiers::NONE, Key::Equals)
            || keys::typed(ctx, "+")
        {
            return Some(Action::ZoomDiagram(1.25));
        }
        if keys::pressed(ctx, Modifiers::NONE, Key::Minus) || keys::typed(ctx, "-") {
            return Some(Action::ZoomDiagram(0.8));
        }
        if keys::pressed(ctx, Modifiers::NONE, Key::Num0)
            || keys::pressed(ctx, Modifiers::NONE, Key::F)
        {
            return Some(Action::FitDiagram);
        }
    }
    None
}

/// The gallery, or the open diagram.
pub fn diagrams_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    if state.diagrams.all.is_empty() {
        ui.add_space(20.0);
        ui.label("This deck has no diagrams.");
        return None;
    }
    if state.diagrams.open {
        viewer_ui(ui, state)
    } else {
        gallery_ui(ui, state)
    }
}

fn title_of(state: &AppState, r: DiagramRef) -> String {
    let diagram_title = state
        .diagram(r)
        .map(|d| d.title.clone())
        .unwrap_or_default();
    if diagram_title.is_empty() {
        state
            .card(r.card)
            .map(super::browse::card_title)
            .unwrap_or_default()
    } else {
        diagram_title
    }
}

fn gallery_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    // New layouts stop after this moment and go on next frame: a deck with
    // many big diagrams fills its gallery without freezing the window.
    let layout_until = Instant::now() + LAYOUT_BUDGET;
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Diagrams");
        ui.label(
            RichText::new(format!(
                "{} diagrams · ←/→ to choose, Enter to open",
                state.diagrams.all.len()
            ))
            .color(theme::muted(ui.visuals())),
        );
    });
    ui.add_space(8.0);
    ScrollArea::vertical().show(ui, |ui| {
        let tile = 300.0;
        let columns = ((ui.available_width() + 12.0) / (tile + 12.0))
            .floor()
            .max(1.0) as usize;
        let width = (ui.available_width() - 12.0 * (columns as f32 - 1.0)) / columns as f32;
        for (row, chunk) in state.diagrams.all.chunks(columns).enumerate() {
            ui.horizontal(|ui| {
                for (col, r) in chunk.iter().enumerate() {
                    let i = row * columns + col;
                    if let Some(a) = tile_ui(ui, state, i, *r, width, layout_until) {
                        action = Some(a);
                    }
                }
            });
            ui.add_space(12.0);
        }
    });
    action
}

fn tile_ui(
    ui: &mut Ui,
    state: &AppState,
    i: usize,
    r: DiagramRef,
    width: f32,
    layout_until: Instant,
) -> Option<Action> {
    let selected = state.diagrams.selected == i;
    let visuals = ui.visuals().clone();
    let mut frame = theme::card_frame(&visuals);
    if selected {
        // A thicker border, the margin a point thinner: tiles stay aligned.
        frame = frame
            .stroke(egui::Stroke::new(2.0, theme::accent(&visuals)))
            .inner_margin(egui::Margin::symmetric(19, 15));
    }
    let title = title_of(state, r);
    let source = state
        .card(r.card)
        .map(|c| c.source.clone())
        .unwrap_or_default();
    let mut open = false;
    let inner = frame.show(ui, |ui| {
        ui.set_width(width - 40.0);
        ui.set_height(110.0 + THUMB_HEIGHT);
        ui.vertical(|ui| {
            ui.add(
                egui::Label::new(
                    RichText::new(&title)
                        .size(16.0)
                        .family(theme::bold_family()),
                )
                .truncate(),
            );
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "{source} · {}",
                        state.decks[r.card.deck].deck.title
                    ))
                    .color(theme::muted(&visuals)),
                )
                .truncate(),
            );
            ui.add_space(6.0);
            match state.diagrams.charts.get(i) {
                Some(Ok(chart)) => {
                    ui.label(
                        RichText::new(format!(
                            "{} · {} · {}",
                            plural(chart.nodes.len(), "box", "boxes"),
                            plural(chart.edges.len(), "arrow", "arrows"),
                            plural(chart.clusters.len(), "group", "groups")
                        ))
                        .color(theme::muted(&visuals)),
                    );
                    ui.add_space(8.0);
                    open = thumbnail_ui(ui, state, r, chart, layout_until);
                }
                Some(Err(err)) => {
                    ui.add(
                        egui::Label::new(RichText::new(err).color(theme::error(&visuals)))
                            .truncate(),
                    );
                }
                None => {}
            }
        });
    });
    let response = ui
        .interact(
            inner.response.rect,
            ui.scope_id().with(("tile", i)),
            egui::Sense::click(),
        )
        .on_hover_text(format!("Open “{title}” (Enter)"));
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open diagram {title}"))
    });
    (response.clicked() || open).then_some(Action::OpenDiagram(i))
}

/// Height of a tile's drawing.
const THUMB_HEIGHT: f32 = 150.0;

/// Time the gallery may spend laying out new diagrams in one frame.
const LAYOUT_BUDGET: Duration = Duration::from_millis(8);

/// The diagram drawn small in its tile (laid out once, shared with the
/// viewer and the cards). A tile out of view, or past this frame's layout
/// time, waits. True when the drawing was clicked.
fn thumbnail_ui(
    ui: &mut Ui,
    state: &AppState,
    r: DiagramRef,
    chart: &crate::mermaid::Flowchart,
    layout_until: Instant,
) -> bool {
    let Some(text) = state.diagram(r).map(|d| d.mermaid.as_str()) else {
        return false;
    };
    let key = diagram::key_of(text);
    let made = diagram::prepared_if_made(ui.ctx(), key);
    let area = egui::Rect::from_min_size(
        ui.cursor().min,
        egui::vec2(ui.available_width(), THUMB_HEIGHT),
    );
    if made.is_none() && (!ui.is_rect_visible(area) || Instant::now() > layout_until) {
        if ui.is_rect_visible(area) {
            ui.ctx().request_repaint();
        }
        ui.allocate_ui(area.size(), |ui| {
            ui.centered_and_justified(egui::Ui::spinner);
        });
        return false;
    }
    match made.unwrap_or_else(|| diagram::prepared(ui.ctx(), key, || Ok(chart.clone()))) {
        Ok(prep) => {
            ui.vertical_centered(|ui| {
                diagram::diagram_inline_ui(ui, &prep, THUMB_HEIGHT).open_viewer
            })
            .inner
        }
        Err(diagram::NotReady::Laying) => {
            ui.allocate_ui(area.size(), |ui| {
                ui.centered_and_justified(egui::Ui::spinner);
            });
            false
        }
        Err(diagram::NotReady::Failed(reason)) => {
            ui.add(
                egui::Label::new(RichText::new(reason).color(theme::error(ui.visuals())))
                    .truncate(),
            );
            false
        }
    }
}

fn viewer_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    let i = state.diagrams.selected;
    let r = state.diagrams.all.get(i).copied()?;
    let title = title_of(state, r);
    ui.horizontal(|ui| {
        if ui.button("← Gallery").on_hover_text("Esc").clicked() {
            action = Some(Action::CloseDiagram);
        }
        ui.heading(&title);
        ui.label(
            RichText::new(format!("{} of {}", i + 1, state.diagrams.all.len()))
                .color(theme::muted(ui.visuals())),
        );
    });
    ui.horizontal(|ui| {
        if ui
            .button("Export SVG…")
            .on_hover_text("Save the diagram as an SVG picture")
            .clicked()
        {
            action = Some(Action::ExportDiagram(Some(false)));
        }
        if ui
            .button("Export PNG…")
            .on_hover_text("Save the diagram as a PNG picture")
            .clicked()
        {
            action = Some(Action::ExportDiagram(Some(true)));
        }
        let label = ui.label("or save to");
        let mut path = state.diagrams.export_path.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut path)
                    .hint_text("/path/to/diagram.svg or .png")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        if response.changed() {
            action = Some(Action::SetDiagramExportPath(path));
        }
        if ui.button("Save").clicked() {
            action = Some(Action::ExportDiagram(None));
        }
    });
    ui.add_space(6.0);
    let Some(Ok(chart)) = state.diagrams.charts.get(i) else {
        if let Some(Err(err)) = state.diagrams.charts.get(i) {
            ui.label(
                RichText::new(format!("This diagram cannot be drawn: {err}"))
                    .color(theme::error(ui.visuals())),
            );
        }
        if let Some(d) = state.diagram(r) {
            ScrollArea::both().show(ui, |ui| card::diagram_source_ui(ui, d, false));
        }
        return action;
    };
    let Some(text) = state.diagram(r).map(|d| d.mermaid.as_str()) else {
        return action;
    };
    // Laid out once per diagram (the seed's take under a millisecond) and
    // shared with the cards that show it.
    match diagram::prepared(ui.ctx(), diagram::key_of(text), || Ok(chart.clone())) {
        Ok(prep) => {
            let mut view = state.viewer.clone();
            diagram::viewer_ui(ui, &prep, &mut view);
            if view != state.viewer {
                action = action.or(Some(Action::SetDiagramView(view)));
            }
        }
        Err(diagram::NotReady::Laying) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Laying out this big diagram…");
            });
        }
        Err(diagram::NotReady::Failed(err)) => {
            ui.label(RichText::new(err).color(theme::error(ui.visuals())));
        }
    }
    action
}

/// "1 box", "3 boxes".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
