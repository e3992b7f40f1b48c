//! Painting a diagram scene with `egui::Painter`: shapes flattened at the
//! current zoom, text laid out at the zoomed font size (crisp at any zoom),
//! hover emphasis.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry reads best with a, b, c, p"
)]

use std::collections::HashSet;

use egui::epaint::{Mesh, PathShape, PathStroke};
use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, Vec2};

use super::prepare::label_job;
use crate::interop::picture::shapes::{PathCmd, flatten};
use crate::interop::picture::{Owner, Palette, Prim, Scene};
use crate::layout::Point;
use crate::mermaid::Color;

/// Where layout units land on the screen: `screen = offset + layout × scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Screen points per layout unit.
    pub scale: f32,
    /// Screen position of the layout origin.
    pub offset: Vec2,
}

impl View {
    /// The screen position of a layout point.
    pub fn screen_from_layout(&self, p: Point) -> Pos2 {
        Pos2::new(
            self.offset.x + p.x * self.scale,
            self.offset.y + p.y * self.scale,
        )
    }

    /// The layout point under a screen position.
    pub fn layout_from_screen(&self, p: Pos2) -> Point {
        Point::new(
            (p.x - self.offset.x) / self.scale,
            (p.y - self.offset.y) / self.scale,
        )
    }

    /// The view showing the layout rectangle `r` centred in `screen`,
    /// scaled by `scale`.
    pub fn centred(r: &crate::layout::Rect, screen: Rect, scale: f32) -> Self {
        let c = r.center();
        Self {
            scale,
            offset: screen.center().to_vec2() - Vec2::new(c.x, c.y) * scale,
        }
    }
}

/// Which elements stand out: those in `focus` are drawn in the highlight
/// colour, those in `context` as usual, the rest dimmed. Empty means
/// nothing is emphasised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Emphasis {
    /// Drawn in the highlight colour.
    pub focus: HashSet<Owner>,
    /// Drawn as usual.
    pub context: HashSet<Owner>,
    /// Not drawn at all (parts not yet revealed, step by step).
    pub hidden: HashSet<Owner>,
}

impl Emphasis {
    /// True when nothing is emphasised.
    pub fn is_empty(&self) -> bool {
        self.focus.is_empty() && self.context.is_empty()
    }

    /// 0: nothing emphasised, 1: focus, 2: dimmed, 3: context.
    fn state(&self, owner: Owner) -> u8 {
        if self.is_empty() {
            0
        } else if self.focus.contains(&owner) {
            1
        } else if self.context.contains(&owner) {
            3
        } else {
            2
        }
    }
}

/// An egui colour from a diagram colour.
pub fn color32(c: Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// `c` faded towards the background `bg` by `t` (0 keeps `c`), its
/// alpha kept: opaque, so what is under a dimmed box does not show through.
fn fade(c: Color32, bg: Color32, t: f32) -> Color32 {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    let [br, bgg, bb, _] = bg.to_srgba_unmultiplied();
    let mix = |x: u8, y: u8| {
        let v = f32::from(x) + (f32::from(y) - f32::from(x)) * t;
        v.round().clamp(0.0, 255.0) as u8
    };
    Color32::from_rgba_unmultiplied(mix(r, br), mix(g, bgg), mix(b, bb), a)
}

/// Colours of what is not emphasised: shapes faded into the background,
/// text in the theme's own text colour partly faded (a box's own text colour,
/// white on a dark fill say, would vanish on its faded fill).
struct Dim {
    bg: Color32,
    text: Color32,
}

impl Dim {
    fn of(palette: &Palette) -> Self {
        let bg = color32(palette.background);
        Self {
            bg,
            text: fade(color32(palette.node_text), bg, 0.4),
        }
    }

    fn shape(&self, c: Color32) -> Color32 {
        fade(c, self.bg, 0.72)
    }
}

/// Paints `scene` through `view`, clipped to the painter's clip rectangle.
pub fn paint_scene(
    painter: &Painter,
    scene: &Scene,
    view: &View,
    emphasis: &Emphasis,
    palette: &Palette,
) {
    let clip = painter.clip_rect().expand(8.0);
    let highlight = color32(palette.highlight);
    let dim = Dim::of(palette);
    let segments = ((view.scale * 6.0).round() as usize).clamp(4, 24);
    for item in &scene.items {
        if emphasis.hidden.contains(&item.owner) {
            continue;
        }
        let state = emphasis.state(item.owner);
        // Cull what is off screen.
        if let Some(bb) = item_bounds(&item.prims, view)
            && !bb.intersects(clip)
        {
            continue;
        }
        for prim in &item.prims {
            match prim {
                Prim::Shape { cmds, fill, stroke } => {
                    let polys = flatten(cmds, segments);
                    let fill = fill.map(|f| {
                        let c = color32(f);
                        if state == 2 { dim.shape(c) } else { c }
                    });
                    let stroke = stroke.map(|s| {
                        let mut c = color32(s.color);
                        let mut w = s.width;
                        if state == 1 {
                            c = highlight;
                            w += 1.2;
                        } else if state == 2 {
                            c = dim.shape(c);
                        }
                        (
                            Stroke::new(w * view.scale.sqrt().clamp(0.6, 2.0), c),
                            s.dash,
                        )
                    });
                    for (pts, closed) in polys {
                        let screen: Vec<Pos2> =
                            pts.iter().map(|&p| view.screen_from_layout(p)).collect();
                        if closed {
                            if let Some(f) = fill {
                                fill_polygon(painter, &screen, f);
                            }
                            if let Some((st, dash)) = stroke {
                                stroke_path(painter, screen, true, st, dash, view.scale);
                            }
                        } else if let Some((st, dash)) = stroke {
                            stroke_path(painter, screen, false, st, dash, view.scale);
                        }
                    }
                }
                Prim::Line { points, stroke } => {
                    let mut c = color32(stroke.color);
                    let mut w = stroke.width;
                    if state == 1 {
                        c = highlight;
                        w += 1.0;
                    } else if state == 2 {
                        c = dim.shape(c);
                    }
                    let screen: Vec<Pos2> =
                        points.iter().map(|&p| view.screen_from_layout(p)).collect();
                    let st = Stroke::new(w * view.scale.sqrt().clamp(0.6, 2.0), c);
                    stroke_path(painter, screen, false, st, stroke.dash, view.scale);
                }
                Prim::Text {
                    label,
                    center,
                    size,
                    color,
                    bold,
                } => {
                    let px = size * view.scale;
                    if px < 3.5 {
                        continue;
                    }
                    let mut c = color32(*color);
                    if state == 2 {
                        c = dim.text;
                    }
                    let galley = painter.layout_job(label_job(label, px, c));
                    let at = view.screen_from_layout(*center) - galley.rect.center().to_vec2();
                    if *bold {
                        // The default font has no bold face: overstrike.
                        painter.galley(at + Vec2::new(0.45, 0.0), galley.clone(), c);
                    }
                    painter.galley(at, galley, c);
                }
            }
        }
    }
}

fn item_bounds(prims: &[Prim], view: &View) -> Option<Rect> {
    let mut bb = Rect::NOTHING;
    let mut add = |p: Point| bb.extend_with(view.screen_from_layout(p));
    for prim in prims {
        match prim {
            Prim::Shape { cmds, .. } => {
                for c in cmds {
                    match *c {
                        PathCmd::Move(p) | PathCmd::Line(p) => add(p),
                        PathCmd::Cubic(a, b, p) => {
                            add(a);
                            add(b);
                            add(p);
                        }
                        PathCmd::Close => {}
                    }
                }
            }
            Prim::Line { points, .. } => points.iter().for_each(|&p| add(p)),
            Prim::Text { center, .. } => add(*center),
        }
    }
    bb.is_positive()
        .then_some(bb)
        .or_else(|| bb.is_finite().then_some(bb.expand(1.0)))
}

fn stroke_path(
    painter: &Painter,
    pts: Vec<Pos2>,
    closed: bool,
    stroke: Stroke,
    dash: Option<[f32; 2]>,
    scale: f32,
) {
    if pts.len() < 2 || stroke.width <= 0.0 {
        return;
    }
    if let Some([on, off]) = dash {
        let mut pts = pts;
        if closed {
            pts.push(pts[0]);
        }
        let k = scale.sqrt().clamp(0.6, 2.0);
        painter.extend(Shape::dashed_line(&pts, stroke, on * k, off * k));
    } else {
        let shape = if closed {
            PathShape::closed_line(pts, PathStroke::from(stroke))
        } else {
            PathShape::line(pts, PathStroke::from(stroke))
        };
        painter.add(shape);
    }
}

fn is_convex(pts: &[Pos2]) -> bool {
    let n = pts.len();
    if n < 4 {
        return true;
    }
    let mut sign: Option<bool> = None;
    for i in 0..n {
        let a = pts[i];
        let b = pts[(i + 1) % n];
        let c = pts[(i + 2) % n];
        let cross = (b - a).x * (c - b).y - (b - a).y * (c - b).x;
        if cross.abs() > 1e-3 {
            let positive = cross > 0.0;
            match sign {
                None => sign = Some(positive),
                Some(s) if s != positive => return false,
                Some(_) => {}
            }
        }
    }
    true
}

/// Fills a simple polygon: directly when convex, else by ear clipping.
fn fill_polygon(painter: &Painter, pts: &[Pos2], color: Color32) {
    if pts.len() < 3 {
        return;
    }
    if is_convex(pts) {
        painter.add(Shape::convex_polygon(pts.to_vec(), color, Stroke::NONE));
        return;
    }
    let mut mesh = Mesh::default();
    for &p in pts {
        mesh.colored_vertex(p, color);
    }
    // Orientation of the polygon.
    let area: f32 = (0..pts.len())
        .map(|i| {
            let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
            a.x * b.y - b.x * a.y
        })
        .sum();
    let mut idx: Vec<usize> = (0..pts.len()).collect();
    let mut guard = 0;
    while idx.len() > 3 && guard < 1000 {
        guard += 1;
        let n = idx.len();
        let mut clipped = false;
        for k in 0..n {
            let (ia, ib, ic) = (idx[(k + n - 1) % n], idx[k], idx[(k + 1) % n]);
            let (a, b, c) = (pts[ia], pts[ib], pts[ic]);
            let cross = (b - a).x * (c - b).y - (b - a).y * (c - b).x;
            if cross * area <= 0.0 {
                continue; // reflex corner
            }
            let inside = idx
                .iter()
                .any(|&j| j != ia && j != ib && j != ic && in_triangle(pts[j], a, b, c));
            if inside {
                continue;
            }
            mesh.add_triangle(ia as u32, ib as u32, ic as u32);
            idx.remove(k);
            clipped = true;
            break;
        }
        if !clipped {
            break;
        }
    }
    if idx.len() == 3 {
        mesh.add_triangle(idx[0] as u32, idx[1] as u32, idx[2] as u32);
    }
    painter.add(Shape::mesh(mesh));
}

fn in_triangle(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> bool {
    let s = |p1: Pos2, p2: Pos2, p3: Pos2| {
        (p1.x - p3.x) * (p2.y - p3.y) - (p2.x - p3.x) * (p1.y - p3.y)
    };
    let d1 = s(p, a, b);
    let d2 = s(p, b, c);
    let d3 = s(p, c, a);
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_round_trips() {
        let v = View {
            scale: 2.5,
            offset: Vec2::new(10.0, -4.0),
        };
        let p = Point::new(3.0, 7.0);
        let q = v.layout_from_screen(v.screen_from_layout(p));
        assert!((q.x - p.x).abs() < 1e-4 && (q.y - p.y).abs() < 1e-4);
    }

    fn luminance(c: Color32) -> f32 {
        let [r, g, b, _] = c.to_srgba_unmultiplied();
        (0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)) / 255.0
    }

    #[test]
    fn dimmed_text_stays_readable_on_its_faded_box() {
        // Regression: a dimmed box with white text on a dark teal fill
        // (`style DB fill:#1f6f8b,color:#fff`) faded to white on pale teal
        // in the light theme, unreadable.
        use crate::interop::picture::Theme;
        for theme in [Theme::Light, Theme::Dark] {
            let palette = Palette::of(theme);
            let dim = Dim::of(&palette);
            for fill in [
                Color32::from_rgb(0x1f, 0x6f, 0x8b),
                Color32::from_rgb(0xff, 0xd8, 0x66),
                color32(palette.node_fill),
            ] {
                let contrast = (luminance(dim.text) - luminance(dim.shape(fill))).abs();
                assert!(contrast > 0.25, "{theme:?} on {fill:?}: {contrast}");
            }
            // Faded, yet still drawn over what is beneath.
            assert_eq!(dim.shape(Color32::from_rgb(0x1f, 0x6f, 0x8b)).a(), 255);
        }
    }

    #[test]
    fn convexity() {
        let sq = [
            Pos2::new(0.0, 0.0),
            Pos2::new(1.0, 0.0),
            Pos2::new(1.0, 1.0),
            Pos2::new(0.0, 1.0),
        ];
        assert!(is_convex(&sq));
        let flag = [
            Pos2::new(0.0, 0.0),
            Pos2::new(4.0, 0.0),
            Pos2::new(4.0, 2.0),
            Pos2::new(0.0, 2.0),
            Pos2::new(1.0, 1.0),
        ];
        assert!(!is_convex(&flag));
    }
}
