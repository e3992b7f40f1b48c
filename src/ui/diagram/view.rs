//! The diagram widgets: an inline drawing sized to the card, and a full
//! viewer with pan, zoom, fit and click-a-subgraph-to-focus. Both
//! highlight the hovered node with its edges and neighbours.

use egui::{CornerRadius, Id, Key, Pos2, Rect, Response, Sense, Ui, Vec2};

use super::paint::{Emphasis, View, color32, paint_scene};
use super::prepare::PreparedDiagram;
use crate::interop::picture::{Owner, Palette, Theme};
use crate::layout::Point;
use crate::mermaid::{Endpoint, LineKind};

/// Margin around a drawing, screen points.
const MARGIN: f32 = 10.0;
/// Zoom limits of the viewer.
const MIN_SCALE: f32 = 0.05;
const MAX_SCALE: f32 = 8.0;

/// What the pointer is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A node.
    Node(usize),
    /// An edge (its line or label).
    Edge(usize),
    /// A subgraph (its title or an empty part of it).
    Cluster(usize),
}

/// The theme of `ui`.
pub fn theme_of(ui: &Ui) -> Theme {
    if ui.visuals().dark_mode {
        Theme::Dark
    } else {
        Theme::Light
    }
}

fn seg_distance(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    p.distance(Point::new(a.x + dx * t, a.y + dy * t))
}

/// The element at layout point `p`; `tol` is how near a line counts.
pub fn hit_test(prep: &PreparedDiagram, p: Point, tol: f32) -> Option<Hit> {
    let lay = &prep.layout;
    if let Some(i) = lay.nodes.iter().position(|r| r.contains(p, 0.0)) {
        return Some(Hit::Node(i));
    }
    let drawn = |e: usize| {
        prep.chart
            .edges
            .get(e)
            .is_some_and(|x| x.line_kind != LineKind::Invisible)
    };
    if let Some(e) = lay
        .edges
        .iter()
        .enumerate()
        .position(|(e, path)| drawn(e) && path.label.is_some_and(|l| l.contains(p, 0.0)))
    {
        return Some(Hit::Edge(e));
    }
    let mut best: Option<(usize, f32)> = None;
    for (e, path) in lay.edges.iter().enumerate() {
        if !drawn(e) {
            continue;
        }
        for w in path.points.windows(2) {
            let d = seg_distance(p, w[0], w[1]);
            if d <= tol && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((e, d));
            }
        }
    }
    if let Some((e, _)) = best {
        return Some(Hit::Edge(e));
    }
    // Innermost subgraph: the smallest box holding the point.
    lay.clusters
        .iter()
        .enumerate()
        .filter(|(_, b)| b.rect.contains(p, 0.0))
        .min_by(|a, b| {
            let aa = a.1.rect.width() * a.1.rect.height();
            let ba = b.1.rect.width() * b.1.rect.height();
            aa.total_cmp(&ba)
        })
        .map(|(c, _)| Hit::Cluster(c))
}

/// What to emphasise for a hit: a node with its edges in focus and its
/// neighbours kept; an edge in focus with its ends kept; a subgraph's
/// border in focus with its contents kept.
pub fn emphasis_for(prep: &PreparedDiagram, hit: Option<Hit>) -> Emphasis {
    let mut em = Emphasis::default();
    let chart = &prep.chart;
    let owner_of = |end: Endpoint| match end {
        Endpoint::Node(n) => Owner::Node(n),
        Endpoint::Cluster(c) => Owner::Cluster(c),
    };
    match hit {
        None => return em,
        Some(Hit::Node(n)) => {
            em.focus.insert(Owner::Node(n));
            for (e, edge) in chart.edges.iter().enumerate() {
                if edge.from == Endpoint::Node(n) || edge.to == Endpoint::Node(n) {
                    em.focus.insert(Owner::Edge(e));
                    em.context.insert(owner_of(edge.from));
                    em.context.insert(owner_of(edge.to));
                }
            }
        }
        Some(Hit::Edge(e)) => {
            em.focus.insert(Owner::Edge(e));
            if let Some(edge) = chart.edges.get(e) {
                em.context.insert(owner_of(edge.from));
                em.context.insert(owner_of(edge.to));
            }
        }
        Some(Hit::Cluster(c)) => {
            em.focus.insert(Owner::Cluster(c));
            for (i, node) in chart.nodes.iter().enumerate() {
                let mut k = node.cluster;
                while let Some(x) = k {
                    if x == c {
                        em.context.insert(Owner::Node(i));
                        break;
                    }
                    k = chart.clusters.get(x).and_then(|cl| cl.parent);
                }
            }
            for (k, cl) in chart.clusters.iter().enumerate() {
                let mut p = cl.parent;
                while let Some(x) = p {
                    if x == c {
                        em.context.insert(Owner::Cluster(k));
                        break;
                    }
                    p = chart.clusters.get(x).and_then(|q| q.parent);
                }
            }
            for (e, edge) in chart.edges.iter().enumerate() {
                let inside = |end: Endpoint| {
                    em.context.contains(&owner_of(end)) || end == Endpoint::Cluster(c)
                };
                if inside(edge.from) || inside(edge.to) {
                    em.context.insert(Owner::Edge(e));
                }
            }
        }
    }
    keep_subgraphs_legible(chart, &mut em);
    em
}

/// Puts the subgraphs around every emphasised part in the context, so
/// they stay legible.
pub fn keep_subgraphs_legible(chart: &crate::mermaid::Flowchart, em: &mut Emphasis) {
    let shown: Vec<Owner> = em.focus.iter().chain(&em.context).copied().collect();
    for o in shown {
        let mut k = match o {
            Owner::Node(n) => chart.nodes.get(n).and_then(|x| x.cluster),
            Owner::Cluster(c) => chart.clusters.get(c).and_then(|x| x.parent),
            Owner::Edge(_) => None,
        };
        while let Some(c) = k {
            em.context.insert(Owner::Cluster(c));
            k = chart.clusters.get(c).and_then(|cl| cl.parent);
        }
    }
}

/// The answer of the inline widget.
#[derive(Debug)]
pub struct InlineResponse {
    /// The widget's response (hover, click).
    pub response: Response,
    /// The user asked for the full viewer (clicked the drawing).
    pub open_viewer: bool,
}

/// The drawing scaled down to fit the available width (never up), at most
/// `max_height` tall. Click to ask for the full viewer.
pub fn diagram_inline_ui(ui: &mut Ui, prep: &PreparedDiagram, max_height: f32) -> InlineResponse {
    inline_ui(ui, prep, max_height, &Emphasis::default(), &[])
}

/// How a drawing's parts are emphasised when nothing is hovered, and
/// which parts carry a tinted mark (the hidden part of a question, the
/// part it revealed on the answer).
pub fn inline_ui(
    ui: &mut Ui,
    prep: &PreparedDiagram,
    max_height: f32,
    base: &Emphasis,
    marked: &[Owner],
) -> InlineResponse {
    let lay = &prep.layout;
    let avail = ui.available_width().max(60.0);
    let w = lay.width.max(1.0) + 2.0 * MARGIN;
    let h = lay.height.max(1.0) + 2.0 * MARGIN;
    let scale = (avail / w).min(max_height / h).clamp(0.05, 1.0);
    let size = Vec2::new((w * scale).min(avail), h * scale);
    let (response, painter) = ui.allocate_painter(size, Sense::click());
    let theme = theme_of(ui);
    let palette = Palette::of(theme);
    painter.rect_filled(
        response.rect,
        CornerRadius::same(6),
        color32(palette.background),
    );
    let view = View {
        scale,
        offset: response.rect.min.to_vec2() + Vec2::splat(MARGIN * scale),
    };
    paint_marks(&painter, prep, &view, marked, color32(palette.highlight));
    let hit = response
        .hover_pos()
        .and_then(|p| hit_test(prep, view.layout_from_screen(p), 5.0 / scale))
        .filter(|h| !matches!(h, Hit::Cluster(_)))
        .filter(|h| !base.hidden.contains(&owner_of_hit(*h)));
    let emphasis = if hit.is_some() {
        let mut em = emphasis_for(prep, hit);
        em.hidden.clone_from(&base.hidden);
        em
    } else {
        base.clone()
    };
    paint_scene(&painter, prep.scene(theme), &view, &emphasis, &palette);
    let response = response.on_hover_cursor(egui::CursorIcon::ZoomIn);
    let open_viewer = response.clicked();
    InlineResponse {
        response,
        open_viewer,
    }
}

fn owner_of_hit(hit: Hit) -> Owner {
    match hit {
        Hit::Node(n) => Owner::Node(n),
        Hit::Edge(e) => Owner::Edge(e),
        Hit::Cluster(c) => Owner::Cluster(c),
    }
}

/// The layout box of a part: a node's box, a subgraph's title, an edge's
/// label (or the middle of its line).
pub fn part_rect(prep: &PreparedDiagram, owner: Owner) -> Option<crate::layout::Rect> {
    let lay = &prep.layout;
    match owner {
        Owner::Node(n) => lay.nodes.get(n).copied(),
        Owner::Cluster(c) => lay.clusters.get(c).map(|b| b.title),
        Owner::Edge(e) => {
            let path = lay.edges.get(e)?;
            path.label.or_else(|| {
                let p = *path.points.get(path.points.len() / 2)?;
                Some(crate::layout::Rect {
                    min_x: p.x - 8.0,
                    min_y: p.y - 8.0,
                    max_x: p.x + 8.0,
                    max_y: p.y + 8.0,
                })
            })
        }
    }
}

/// A soft tint behind each marked part, a little larger than its box.
fn paint_marks(
    painter: &egui::Painter,
    prep: &PreparedDiagram,
    view: &View,
    marked: &[Owner],
    highlight: egui::Color32,
) {
    for &owner in marked {
        if let Some(r) = part_rect(prep, owner) {
            let rect = Rect::from_min_max(
                view.screen_from_layout(Point::new(r.min_x, r.min_y)),
                view.screen_from_layout(Point::new(r.max_x, r.max_y)),
            )
            .expand(6.0 * view.scale.max(0.5));
            painter.rect_filled(rect, CornerRadius::same(6), highlight.gamma_multiply(0.22));
        }
    }
}

/// Pan and zoom of a viewer, kept in egui's memory.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct ViewerState {
    view: Option<View>,
    target: Option<View>,
    fitted: bool,
    size: Vec2,
}

fn fit_view(r: &crate::layout::Rect, screen: Rect) -> View {
    let w = r.width().max(1.0) + 2.0 * MARGIN;
    let h = r.height().max(1.0) + 2.0 * MARGIN;
    let scale = (screen.width() / w)
        .min(screen.height() / h)
        .clamp(MIN_SCALE, MAX_SCALE);
    View::centred(r, screen, scale)
}

fn zoom_about(view: View, at: Pos2, factor: f32) -> View {
    let scale = (view.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
    let k = scale / view.scale;
    View {
        scale,
        offset: at.to_vec2() + (view.offset - at.to_vec2()) * k,
    }
}

/// The current view of the viewer with state `id`, if it was shown.
pub fn viewer_view(ctx: &egui::Context, id: Id) -> Option<View> {
    ctx.data(|d| d.get_temp::<ViewerState>(id))
        .and_then(|s| s.view)
}

/// The full viewer: drag to pan, wheel or pinch to zoom, `+` / `-` to
/// zoom, `0` or the Fit button to fit, click a subgraph to focus on it,
/// double-click to fit again. Fills the available space.
pub fn diagram_viewer_ui(ui: &mut Ui, prep: &PreparedDiagram, id: Id) {
    let lay = &prep.layout;
    let whole = crate::layout::Rect {
        min_x: 0.0,
        min_y: 0.0,
        max_x: lay.width,
        max_y: lay.height,
    };
    let mut state: ViewerState = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let mut fit_now = false;
    let mut zoom_by: Option<f32> = None;
    ui.horizontal(|ui| {
        if ui
            .button("Fit")
            .on_hover_text("Fit the whole diagram (0)")
            .clicked()
        {
            fit_now = true;
        }
        if ui.button("−").on_hover_text("Zoom out (-)").clicked() {
            zoom_by = Some(1.0 / 1.25);
        }
        if ui.button("+").on_hover_text("Zoom in (+)").clicked() {
            zoom_by = Some(1.25);
        }
        if let Some(v) = state.view {
            ui.label(format!("{:.0} %", v.scale * 100.0));
        }
        ui.label(
            egui::RichText::new("drag to pan · wheel to zoom · click a subgraph to focus")
                .color(ui.visuals().weak_text_color()),
        );
    });
    let size = ui.available_size().max(Vec2::new(120.0, 120.0));
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    let screen = response.rect;
    let theme = theme_of(ui);
    let palette = Palette::of(theme);
    painter.rect_filled(screen, CornerRadius::same(4), color32(palette.background));
    if state.view.is_none() || (state.fitted && state.size != screen.size()) {
        state.view = Some(fit_view(&whole, screen));
        state.fitted = true;
    }
    state.size = screen.size();
    let mut view = state.view.unwrap_or_else(|| fit_view(&whole, screen));
    // Keyboard, when the pointer is over the drawing.
    if response.hovered() {
        ui.input(|i| {
            if i.key_pressed(Key::Num0) {
                fit_now = true;
            }
            if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                zoom_by = Some(1.25);
            }
            if i.key_pressed(Key::Minus) {
                zoom_by = Some(1.0 / 1.25);
            }
        });
        let (scroll, pinch, hover) = ui.input(|i| {
            (
                i.smooth_scroll_delta.y,
                i.zoom_delta(),
                i.pointer.hover_pos(),
            )
        });
        if let Some(at) = hover {
            let factor = pinch * (scroll / 300.0).exp();
            if (factor - 1.0).abs() > 1e-4 {
                view = zoom_about(view, at, factor);
                state.target = None;
                state.fitted = false;
            }
        }
    }
    if let Some(f) = zoom_by {
        view = zoom_about(view, screen.center(), f);
        state.target = None;
        state.fitted = false;
    }
    if response.dragged() {
        view.offset += response.drag_delta();
        state.target = None;
        state.fitted = false;
    }
    if fit_now || response.double_clicked() {
        state.target = Some(fit_view(&whole, screen));
        state.fitted = true;
    } else if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
        && let Some(Hit::Cluster(c)) = hit_test(prep, view.layout_from_screen(p), 4.0 / view.scale)
        && let Some(b) = lay.clusters.get(c)
    {
        state.target = Some(fit_view(&b.rect, screen));
        state.fitted = false;
    }
    // Glide towards a focus target.
    if let Some(t) = state.target {
        let k = 0.25;
        let scale = view.scale + (t.scale - view.scale) * k;
        let offset = view.offset + (t.offset - view.offset) * k;
        view = View { scale, offset };
        if (t.scale - view.scale).abs() < 1e-3 && (t.offset - view.offset).length() < 0.5 {
            view = t;
            state.target = None;
        } else {
            ui.ctx().request_repaint();
        }
    }
    let hit = response
        .hover_pos()
        .and_then(|p| hit_test(prep, view.layout_from_screen(p), 5.0 / view.scale));
    let painter = painter.with_clip_rect(screen);
    paint_scene(
        &painter,
        prep.scene(theme),
        &view,
        &emphasis_for(prep, hit),
        &palette,
    );
    if matches!(hit, Some(Hit::Cluster(_))) {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    painter.rect_stroke(
        screen,
        CornerRadius::same(4),
        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    state.view = Some(view);
    ui.data_mut(|d| d.insert_temp(id, state));
}
