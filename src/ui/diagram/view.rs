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

/// How long a move to a new view takes, seconds.
const GLIDE_S: f64 = 0.2;

/// A move of the view towards `to`; `started` is stamped on the first
/// frame that shows it (keys change the state between frames).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Glide {
    from: View,
    to: View,
    started: Option<f64>,
}

/// Pan, zoom and pointer state of a full viewer. Keys and buttons change
/// it with [`Self::zoom`], [`Self::fit`] and [`Self::focus_cluster`]; the
/// view then glides to its new place.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewerState {
    view: Option<View>,
    glide: Option<Glide>,
    fitted: bool,
    screen: Rect,
    bounds: crate::layout::Rect,
    /// The part under the pointer on the last frame.
    pub hovered: Option<Hit>,
    /// The subgraph a click focused the view on, until the view moves.
    pub focused: Option<usize>,
}

impl Default for ViewerState {
    fn default() -> Self {
        Self {
            view: None,
            glide: None,
            fitted: false,
            screen: Rect::NOTHING,
            bounds: crate::layout::Rect::default(),
            hovered: None,
            focused: None,
        }
    }
}

impl ViewerState {
    /// Where the drawing is now; `None` until it was shown once.
    pub fn view(&self) -> Option<View> {
        self.view
    }

    /// Where the drawing comes to rest once a glide ends.
    pub fn resting_view(&self) -> Option<View> {
        self.glide.map(|g| g.to).or(self.view)
    }

    /// True when the view shows the whole drawing (and refits on resize).
    pub fn is_fitted(&self) -> bool {
        self.fitted
    }

    /// The drawing's area on screen on the last frame.
    pub fn screen(&self) -> Rect {
        self.screen
    }

    /// Zooms about the middle of the drawing area (`factor` > 1 zooms in).
    pub fn zoom(&mut self, factor: f32) {
        if let Some(v) = self.resting_view()
            && factor > 0.0
        {
            self.glide_to(zoom_about(v, self.screen.center(), factor));
            self.fitted = false;
            self.focused = None;
        }
    }

    /// Shows the whole drawing.
    pub fn fit(&mut self) {
        if self.view.is_some() {
            self.glide_to(fit_view(&self.bounds, self.screen));
        }
        self.fitted = true;
        self.focused = None;
    }

    /// Fits subgraph `c` of `prep` to the drawing area.
    pub fn focus_cluster(&mut self, prep: &PreparedDiagram, c: usize) {
        if let Some(b) = prep.layout.clusters.get(c)
            && self.view.is_some()
        {
            self.glide_to(fit_view(&b.rect, self.screen));
            self.fitted = false;
            self.focused = Some(c);
        }
    }

    /// What the drawing emphasises: the hovered part and its neighbours.
    pub fn emphasis(&self, prep: &PreparedDiagram) -> Emphasis {
        emphasis_for(prep, self.hovered)
    }

    fn glide_to(&mut self, to: View) {
        self.glide = self.view.map(|from| Glide {
            from,
            to,
            started: None,
        });
        if self.glide.is_none() {
            self.view = Some(to);
        }
    }

    /// Stops a glide where it is (the user took over).
    fn take_over(&mut self) {
        self.glide = None;
        self.fitted = false;
        self.focused = None;
    }

    /// Moves along the glide at time `now`; true while still moving.
    fn step(&mut self, now: f64) -> bool {
        let Some(glide) = &mut self.glide else {
            return false;
        };
        let started = *glide.started.get_or_insert(now);
        let t = ((now - started) / GLIDE_S).clamp(0.0, 1.0) as f32;
        let (from, to) = (glide.from, glide.to);
        if t >= 1.0 {
            self.view = Some(to);
            self.glide = None;
            return false;
        }
        // Smoothstep; the scale moves geometrically and the layout point in
        // the middle of the screen linearly, so zooming feels even.
        let eased = t * t * (3.0 - 2.0 * t);
        let mid = self.screen.center();
        let (start, end) = (from.layout_from_screen(mid), to.layout_from_screen(mid));
        let scale = from.scale * (to.scale / from.scale).powf(eased);
        let centre = Point::new(
            start.x + (end.x - start.x) * eased,
            start.y + (end.y - start.y) * eased,
        );
        self.view = Some(View {
            scale,
            offset: mid.to_vec2() - Vec2::new(centre.x, centre.y) * scale,
        });
        true
    }

    /// Follows the drawing area to `screen`: refits a fitted view when it
    /// is resized, keeps the middle in place otherwise.
    fn place(&mut self, screen: Rect, bounds: crate::layout::Rect) {
        let moved = self.screen != screen;
        let shift = screen.center() - self.screen.center();
        self.bounds = bounds;
        self.screen = screen;
        if self.view.is_none() || (self.fitted && moved) {
            self.view = Some(fit_view(&bounds, screen));
            self.glide = None;
            self.fitted = true;
        } else if moved {
            let shifted = |v: View| View {
                scale: v.scale,
                offset: v.offset + shift,
            };
            self.view = self.view.map(shifted);
            if let Some(g) = &mut self.glide {
                g.from = shifted(g.from);
                g.to = shifted(g.to);
            }
        }
    }
}

/// Space kept free around a fitted drawing in the viewer, screen points.
const FIT_PAD: f32 = 20.0;

fn fit_view(r: &crate::layout::Rect, screen: Rect) -> View {
    let room = (screen.size() - Vec2::splat(2.0 * FIT_PAD)).max(Vec2::splat(40.0));
    let scale = (room.x / r.width().max(1.0))
        .min(room.y / r.height().max(1.0))
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

/// The current view of the viewer with state `id` (see
/// [`diagram_viewer_ui`]), if it was shown.
pub fn viewer_view(ctx: &egui::Context, id: Id) -> Option<View> {
    ctx.data(|d| d.get_temp::<ViewerState>(id))
        .and_then(|s| s.view)
}

/// The full viewer with its state in egui's memory under `id`: as
/// [`viewer_ui`], plus `+` / `-` to zoom and `0` to fit while the pointer
/// is over the drawing. Fills the available space.
pub fn diagram_viewer_ui(ui: &mut Ui, prep: &PreparedDiagram, id: Id) {
    let mut state: ViewerState = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let over = ui
        .input(|i| i.pointer.hover_pos())
        .is_some_and(|p| state.screen.contains(p));
    if over {
        ui.input(|i| {
            if i.key_pressed(Key::Num0) {
                state.fit();
            }
            if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                state.zoom(1.25);
            }
            if i.key_pressed(Key::Minus) {
                state.zoom(0.8);
            }
        });
    }
    viewer_ui(ui, prep, &mut state);
    ui.data_mut(|d| d.insert_temp(id, state));
}

/// The full viewer on `state`: a tool bar (fit, zoom, what is focused) and
/// the drawing filling the rest. Drag to pan, wheel or pinch to zoom, hover
/// a node to light its edges and neighbours, click a subgraph to focus on
/// it, double-click to fit again. Keys are the caller's.
pub fn viewer_ui(ui: &mut Ui, prep: &PreparedDiagram, state: &mut ViewerState) -> Response {
    let lay = &prep.layout;
    let mut fit_now = false;
    let mut zoom_by: Option<f32> = None;
    ui.horizontal(|ui| {
        if ui
            .button("Fit")
            .on_hover_text("Show the whole diagram (0 or F)")
            .clicked()
        {
            fit_now = true;
        }
        if ui.button("−").on_hover_text("Zoom out (-)").clicked() {
            zoom_by = Some(0.8);
        }
        if ui.button("+").on_hover_text("Zoom in (+)").clicked() {
            zoom_by = Some(1.25);
        }
        if let Some(v) = state.resting_view() {
            ui.label(format!("{:.0} %", v.scale * 100.0));
        }
        let weak = ui.visuals().weak_text_color();
        match state
            .focused
            .and_then(|c| prep.chart.clusters.get(c))
            .map(|c| c.title.text())
        {
            Some(title) => {
                ui.label(egui::RichText::new(format!("Showing “{title}”")).strong());
                ui.label(egui::RichText::new("0 for the whole diagram").color(weak));
            }
            None => {
                ui.label(
                    egui::RichText::new(
                        "drag to pan · wheel to zoom · hover a box · click a group to focus",
                    )
                    .color(weak),
                );
            }
        }
    });
    let size = ui.available_size().max(Vec2::new(120.0, 120.0));
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    let screen = response.rect;
    state.place(
        screen,
        crate::layout::Rect {
            min_x: 0.0,
            min_y: 0.0,
            max_x: lay.width,
            max_y: lay.height,
        },
    );
    if fit_now {
        state.fit();
    }
    if let Some(f) = zoom_by {
        state.zoom(f);
    }
    if response.hovered()
        && let Some(at) = ui.input(|i| i.pointer.hover_pos())
        && let Some(view) = state.view
    {
        let factor = ui.input(|i| i.zoom_delta() * (i.smooth_scroll_delta.y / 300.0).exp());
        if (factor - 1.0).abs() > 1e-4 {
            state.take_over();
            state.view = Some(zoom_about(view, at, factor));
        }
    }
    if response.dragged()
        && let Some(view) = state.view
    {
        state.take_over();
        state.view = Some(View {
            scale: view.scale,
            offset: view.offset + response.drag_delta(),
        });
    }
    if response.double_clicked() {
        state.fit();
    } else if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
        && let Some(view) = state.view
        && let Some(Hit::Cluster(c)) = hit_test(prep, view.layout_from_screen(p), 4.0 / view.scale)
    {
        state.focus_cluster(prep, c);
    }
    if state.step(ui.input(|i| i.time)) {
        ui.ctx().request_repaint();
    }
    let Some(view) = state.view else {
        return response;
    };
    state.hovered = if response.dragged() {
        None
    } else {
        response
            .hover_pos()
            .and_then(|p| hit_test(prep, view.layout_from_screen(p), 5.0 / view.scale))
    };
    let theme = theme_of(ui);
    let palette = Palette::of(theme);
    painter.rect_filled(screen, CornerRadius::same(4), color32(palette.background));
    let painter = painter.with_clip_rect(screen.intersect(painter.clip_rect()));
    paint_scene(
        &painter,
        prep.scene(theme),
        &view,
        &state.emphasis(prep),
        &palette,
    );
    let cursor = if response.dragged() {
        egui::CursorIcon::Grabbing
    } else if matches!(state.hovered, Some(Hit::Cluster(_))) {
        egui::CursorIcon::PointingHand
    } else {
        egui::CursorIcon::Grab
    };
    if response.hovered() {
        ui.ctx().set_cursor_icon(cursor);
    }
    painter.rect_stroke(
        screen,
        CornerRadius::same(4),
        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds() -> crate::layout::Rect {
        crate::layout::Rect {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 400.0,
            max_y: 200.0,
        }
    }

    fn screen() -> Rect {
        Rect::from_min_size(Pos2::new(10.0, 50.0), Vec2::new(840.0, 440.0))
    }

    #[test]
    fn keys_before_the_first_frame_do_nothing_and_the_first_frame_fits() {
        let mut s = ViewerState::default();
        s.zoom(2.0);
        assert_eq!(s.view(), None);
        s.place(screen(), bounds());
        assert!(s.is_fitted());
        let v = s.view().expect("fitted");
        // (840 - 40) / 400 = 2 across, (440 - 40) / 200 = 2 down.
        assert!((v.scale - 2.0).abs() < 1e-5, "{v:?}");
        let mid = v.screen_from_layout(Point::new(200.0, 100.0));
        assert!((mid - screen().center()).length() < 1e-3);
    }

    #[test]
    fn a_zoom_glides_to_its_target_and_keeps_the_middle() {
        let mut s = ViewerState::default();
        s.place(screen(), bounds());
        let start = s.view().expect("fitted");
        s.zoom(2.0);
        let target = s.resting_view().expect("target");
        assert!((target.scale - 2.0 * start.scale).abs() < 1e-4);
        assert_eq!(s.view(), Some(start), "nothing moves before a frame");
        assert!(s.step(10.0), "first frame stamps the start");
        assert!(s.step(10.0 + GLIDE_S / 2.0));
        let half = s.view().expect("moving");
        assert!(half.scale > start.scale && half.scale < target.scale);
        let mid = screen().center();
        let centre = start.layout_from_screen(mid);
        assert!(centre.distance(half.layout_from_screen(mid)) < 1e-2);
        assert!(!s.step(10.0 + GLIDE_S));
        assert_eq!(s.view(), Some(target));
        assert!(!s.is_fitted());
    }

    #[test]
    fn resizing_refits_a_fitted_view_and_keeps_a_zoomed_one_centred() {
        let mut s = ViewerState::default();
        s.place(screen(), bounds());
        let wider = Rect::from_min_size(Pos2::new(10.0, 50.0), Vec2::new(1240.0, 440.0));
        s.place(wider, bounds());
        let v = s.view().expect("fitted");
        assert!((v.screen_from_layout(Point::new(200.0, 100.0)) - wider.center()).length() < 1e-3);
        s.zoom(1.5);
        s.step(0.0);
        s.step(1.0);
        let zoomed = s.view().expect("zoomed");
        let centre = zoomed.layout_from_screen(wider.center());
        s.place(screen(), bounds());
        let after = s.view().expect("kept");
        assert!(
            (after.scale - zoomed.scale).abs() < 1e-6,
            "no refit once zoomed"
        );
        assert!(centre.distance(after.layout_from_screen(screen().center())) < 1e-3);
        s.fit();
        s.step(2.0);
        s.step(3.0);
        assert!(s.is_fitted());
        assert!((s.view().expect("fitted").scale - 2.0).abs() < 1e-5);
    }
}
