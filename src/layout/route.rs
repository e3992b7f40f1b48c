//! Edge routing in the internal (top-to-bottom) frame.
//!
//! Each edge starts as a polyline through its chain: down from the tail's
//! centre, through each dummy (vertically across its rank's band), into
//! the head. Boxes only live in bands and every chain has its own slot in
//! each band it crosses, so this route touches no box. It is then pulled
//! straight where a shortcut touches no box, label, title or foreign
//! subgraph and crosses no more edges than the part it replaces; the ends
//! are clipped to the shapes' outlines and the corners rounded.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry and graph code reads best with x, y, a, b, u, v"
)]
#![expect(
    clippy::similar_names,
    reason = "paired names (x0/x1, lo/hi) are clearer than long ones"
)]

use super::engine::{End, ItemKind, LABEL_GAP, LOOP_FIRST, LOOP_STEP, Placed, SEdge};
use super::geometry::{Point, Rect, Size, border_point, ray_exit, segments_cross};
use super::types::LayoutOptions;
use crate::mermaid::Shape;

/// What routing reads.
pub(super) struct RouteInput<'a> {
    pub placed: &'a Placed,
    pub edges: &'a [SEdge],
    pub label_size: &'a [Option<Size>],
    pub shapes: &'a [Shape],
    pub opts: &'a LayoutOptions,
    pub n_real_edges: usize,
    pub vertex_cluster: &'a [Option<usize>],
    /// Flow direction: shapes are drawn on screen, so outlines are taken
    /// in the screen's orientation.
    pub dir: crate::mermaid::Direction,
}

/// The internal frame seen in the screen's orientation (no translation).
fn to_screen_axes(dir: crate::mermaid::Direction, p: Point) -> Point {
    use crate::mermaid::Direction;
    match dir {
        Direction::TopBottom => p,
        Direction::BottomTop => Point::new(p.x, -p.y),
        Direction::LeftRight => Point::new(p.y, p.x),
        Direction::RightLeft => Point::new(-p.y, p.x),
    }
}

fn from_screen_axes(dir: crate::mermaid::Direction, p: Point) -> Point {
    use crate::mermaid::Direction;
    match dir {
        Direction::TopBottom => p,
        Direction::BottomTop => Point::new(p.x, -p.y),
        Direction::LeftRight => Point::new(p.y, p.x),
        Direction::RightLeft => Point::new(p.y, -p.x),
    }
}

fn rect_to_screen_axes(dir: crate::mermaid::Direction, r: &Rect) -> Rect {
    let a = to_screen_axes(dir, Point::new(r.min_x, r.min_y));
    let b = to_screen_axes(dir, Point::new(r.max_x, r.max_y));
    Rect {
        min_x: a.x.min(b.x),
        min_y: a.y.min(b.y),
        max_x: a.x.max(b.x),
        max_y: a.y.max(b.y),
    }
}

/// Where the ray from the centre of a vertex towards `toward` leaves its
/// drawn outline (internal frame in and out).
fn clip_shape(dir: crate::mermaid::Direction, shape: Shape, rect: &Rect, toward: Point) -> Point {
    let r = rect_to_screen_axes(dir, rect);
    let q = border_point(shape, &r, to_screen_axes(dir, toward));
    from_screen_axes(dir, q)
}

/// Where the ray from `origin` along `way` leaves a vertex's drawn outline.
fn exit_shape(
    dir: crate::mermaid::Direction,
    shape: Shape,
    rect: &Rect,
    origin: Point,
    way: Point,
) -> Point {
    let r = rect_to_screen_axes(dir, rect);
    let q = ray_exit(
        shape,
        &r,
        to_screen_axes(dir, origin),
        to_screen_axes(dir, way),
    );
    from_screen_axes(dir, q)
}

/// Clearance kept from boxes when pulling edges straight.
const CLEARANCE: f32 = 4.0;
/// Straight run kept before an end so arrowheads sit on a straight line.
const END_STRAIGHT: f32 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ob {
    Vertex(usize),
    Label(usize),
    Title(usize),
}

/// A uniform grid of ids over the drawing.
struct Grid {
    x0: f32,
    y0: f32,
    cell: f32,
    nx: usize,
    ny: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn new(bounds: Rect, cell: f32) -> Self {
        let nx = ((bounds.width() / cell).ceil() as usize).clamp(1, 2048);
        let ny = ((bounds.height() / cell).ceil() as usize).clamp(1, 2048);
        let cell = cell
            .max(bounds.width() / nx as f32)
            .max(bounds.height() / ny as f32);
        Self {
            x0: bounds.min_x,
            y0: bounds.min_y,
            cell,
            nx,
            ny,
            cells: vec![Vec::new(); nx * ny],
        }
    }

    fn range(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let f = |v: f32, o: f32, n: usize| -> usize {
            (((v - o) / self.cell).floor().max(0.0) as usize).min(n - 1)
        };
        (
            f(r.min_x, self.x0, self.nx),
            f(r.max_x, self.x0, self.nx),
            f(r.min_y, self.y0, self.ny),
            f(r.max_y, self.y0, self.ny),
        )
    }

    fn insert(&mut self, r: &Rect, id: u32) {
        let (i0, i1, j0, j1) = self.range(r);
        for j in j0..=j1 {
            for i in i0..=i1 {
                let c = &mut self.cells[j * self.nx + i];
                if c.last() != Some(&id) {
                    c.push(id);
                }
            }
        }
    }

    /// Calls `f` with each cell the segment `a`-`b` passes through
    /// (Amanatides and Woo's traversal).
    fn traverse(&self, a: Point, b: Point, mut f: impl FnMut(usize)) {
        let fx = |v: f32| ((v - self.x0) / self.cell).clamp(0.0, self.nx as f32 - 1e-3);
        let fy = |v: f32| ((v - self.y0) / self.cell).clamp(0.0, self.ny as f32 - 1e-3);
        let (ax, ay, bx, by) = (fx(a.x), fy(a.y), fx(b.x), fy(b.y));
        let (mut i, mut j) = (ax.floor() as i64, ay.floor() as i64);
        let (ti, tj) = (bx.floor() as i64, by.floor() as i64);
        let (dx, dy) = (bx - ax, by - ay);
        let step_x = if dx > 0.0 { 1 } else { -1 };
        let step_y = if dy > 0.0 { 1 } else { -1 };
        let mut t_max_x = if dx.abs() > 1e-9 {
            let edge = if dx > 0.0 { i as f32 + 1.0 } else { i as f32 };
            (edge - ax) / dx
        } else {
            f32::INFINITY
        };
        let mut t_max_y = if dy.abs() > 1e-9 {
            let edge = if dy > 0.0 { j as f32 + 1.0 } else { j as f32 };
            (edge - ay) / dy
        } else {
            f32::INFINITY
        };
        let t_dx = if dx.abs() > 1e-9 {
            1.0 / dx.abs()
        } else {
            f32::INFINITY
        };
        let t_dy = if dy.abs() > 1e-9 {
            1.0 / dy.abs()
        } else {
            f32::INFINITY
        };
        let limit = self.nx + self.ny + 2;
        for _ in 0..limit {
            f(j as usize * self.nx + i as usize);
            if i == ti && j == tj {
                break;
            }
            if t_max_x < t_max_y {
                i += step_x;
                t_max_x += t_dx;
            } else {
                j += step_y;
                t_max_y += t_dy;
            }
            if i < 0 || j < 0 || i >= self.nx as i64 || j >= self.ny as i64 {
                break;
            }
        }
    }

    fn insert_segment(&mut self, a: Point, b: Point, id: u32) {
        let mut cells = Vec::new();
        self.traverse(a, b, |c| cells.push(c));
        for c in cells {
            let cell = &mut self.cells[c];
            if cell.last() != Some(&id) {
                cell.push(id);
            }
        }
    }

    fn query_segment(&self, a: Point, b: Point, out: &mut Vec<u32>, stamp: &mut [u32], now: u32) {
        self.traverse(a, b, |c| {
            for &id in &self.cells[c] {
                if stamp[id as usize] != now {
                    stamp[id as usize] = now;
                    out.push(id);
                }
            }
        });
    }

    fn query(&self, r: &Rect, out: &mut Vec<u32>, stamp: &mut [u32], now: u32) {
        let (i0, i1, j0, j1) = self.range(r);
        for j in j0..=j1 {
            for i in i0..=i1 {
                for &id in &self.cells[j * self.nx + i] {
                    if stamp[id as usize] != now {
                        stamp[id as usize] = now;
                        out.push(id);
                    }
                }
            }
        }
    }
}

fn seg_rect(a: Point, b: Point) -> Rect {
    Rect {
        min_x: a.x.min(b.x),
        min_y: a.y.min(b.y),
        max_x: a.x.max(b.x),
        max_y: a.y.max(b.y),
    }
}

struct Router<'a> {
    inp: &'a RouteInput<'a>,
    obstacles: Vec<(Rect, Ob)>,
    ob_grid: Grid,
    ob_stamp: Vec<u32>,
    ob_now: u32,
    /// Current polyline of each chain.
    lines: Vec<Vec<Point>>,
    seg_grid: Grid,
    seg_stamp: Vec<u32>,
    seg_now: u32,
    scratch: Vec<u32>,
}

/// The chain's ends, for exemptions.
#[derive(Clone, Copy)]
struct Ends {
    top: End,
    bottom: End,
    edge: usize,
}

impl Router<'_> {
    fn exempt(ob: Ob, ends: Ends) -> bool {
        match ob {
            Ob::Vertex(v) => ends.top == End::Vertex(v) || ends.bottom == End::Vertex(v),
            Ob::Label(e) => e == ends.edge,
            Ob::Title(_) => false,
        }
    }

    /// True when `end` lies inside subgraph `c` (or is `c`).
    fn end_inside(&self, c: usize, end: End) -> bool {
        let mut k = match end {
            End::Vertex(v) => self.inp.vertex_cluster[v],
            End::Cluster(x) => Some(x),
        };
        while let Some(x) = k {
            if x == c {
                return true;
            }
            k = self.inp.placed.cl_parent[x];
        }
        false
    }

    /// True when the segment touches a box it may not touch.
    fn blocked(&mut self, a: Point, b: Point, ends: Ends) -> bool {
        self.scratch.clear();
        self.ob_now += 1;
        let mut found = std::mem::take(&mut self.scratch);
        self.ob_grid
            .query_segment(a, b, &mut found, &mut self.ob_stamp, self.ob_now);
        let mut hit = false;
        for &id in &found {
            let (rect, ob) = self.obstacles[id as usize];
            if Self::exempt(ob, ends) {
                continue;
            }
            let margin = match ob {
                Ob::Vertex(_) => CLEARANCE,
                Ob::Label(_) | Ob::Title(_) => 2.0,
            };
            if rect.expand(margin).hit_by_segment(a, b) {
                hit = true;
                break;
            }
        }
        self.scratch = found;
        if hit {
            return true;
        }
        // Subgraphs that hold neither end are walls.
        let placed = self.inp.placed;
        for (c, rect) in placed.cluster_rect.iter().enumerate() {
            if !self.end_inside(c, ends.top)
                && !self.end_inside(c, ends.bottom)
                && rect.hit_by_segment(a, b)
            {
                return true;
            }
        }
        false
    }

    /// True when segment `a`-`b` cuts through a subgraph that holds neither
    /// of its two sides (innermost subgraphs `ca` and `cb`).
    fn wall(&self, a: Point, b: Point, ca: Option<usize>, cb: Option<usize>) -> bool {
        let placed = self.inp.placed;
        let holds = |c: usize, k: Option<usize>| {
            let mut k = k;
            while let Some(x) = k {
                if x == c {
                    return true;
                }
                k = placed.cl_parent[x];
            }
            false
        };
        placed
            .cluster_rect
            .iter()
            .enumerate()
            .any(|(c, rect)| !holds(c, ca) && !holds(c, cb) && rect.hit_by_segment(a, b))
    }

    /// Crossings of segment `a`-`b` with the other chains' current lines.
    fn crossings(&mut self, a: Point, b: Point, me: usize) -> usize {
        let r = seg_rect(a, b);
        self.seg_now += 1;
        let mut found = std::mem::take(&mut self.scratch);
        found.clear();
        self.seg_grid
            .query_segment(a, b, &mut found, &mut self.seg_stamp, self.seg_now);
        let mut n = 0;
        for &id in &found {
            let k = id as usize;
            if k == me {
                continue;
            }
            for w in self.lines[k].windows(2) {
                let s = seg_rect(w[0], w[1]);
                if s.max_x < r.min_x - 1.0
                    || s.min_x > r.max_x + 1.0
                    || s.max_y < r.min_y - 1.0
                    || s.min_y > r.max_y + 1.0
                {
                    continue;
                }
                if segments_cross(a, b, w[0], w[1], 0.5) {
                    n += 1;
                }
            }
        }
        self.scratch = found;
        n
    }

    /// True when segment `a`-`b` crosses more than `limit` other lines.
    fn crossings_over(&mut self, a: Point, b: Point, me: usize, limit: usize) -> bool {
        let r = seg_rect(a, b);
        self.seg_now += 1;
        let mut found = std::mem::take(&mut self.scratch);
        found.clear();
        self.seg_grid
            .query_segment(a, b, &mut found, &mut self.seg_stamp, self.seg_now);
        let mut n = 0;
        'outer: for &id in &found {
            let k = id as usize;
            if k == me {
                continue;
            }
            for w in self.lines[k].windows(2) {
                let s = seg_rect(w[0], w[1]);
                if s.max_x < r.min_x - 1.0
                    || s.min_x > r.max_x + 1.0
                    || s.max_y < r.min_y - 1.0
                    || s.min_y > r.max_y + 1.0
                {
                    continue;
                }
                if segments_cross(a, b, w[0], w[1], 0.5) {
                    n += 1;
                    if n > limit {
                        break 'outer;
                    }
                }
            }
        }
        self.scratch = found;
        n > limit
    }

    fn unindex_line(&mut self, k: usize) {
        let line = std::mem::take(&mut self.lines[k]);
        let id = k as u32;
        let mut cells = Vec::new();
        for w in line.windows(2) {
            cells.clear();
            self.seg_grid.traverse(w[0], w[1], |c| cells.push(c));
            for &c in &cells {
                self.seg_grid.cells[c].retain(|&x| x != id);
            }
        }
        self.lines[k] = line;
    }

    fn index_line(&mut self, k: usize) {
        let line = std::mem::take(&mut self.lines[k]);
        for w in line.windows(2) {
            self.seg_grid.insert_segment(w[0], w[1], k as u32);
        }
        self.lines[k] = line;
    }

    /// Pulls chain `k`'s line straight where allowed; `pinned` (aligned
    /// with the line) marks points that must stay, and is updated. Returns
    /// whether another edge's line stopped it (worth another try once that
    /// line has moved).
    fn straighten(&mut self, k: usize, pinned: &mut Vec<bool>, ends: Ends) -> bool {
        let pts = self.lines[k].clone();
        let n = pts.len();
        if n <= 2 {
            return false;
        }
        let mut stopped_by_edges = false;
        let mut out = vec![pts[0]];
        let mut out_pin = vec![pinned[0]];
        let mut i = 0;
        // Crossings of each old segment, counted only when needed.
        let mut seg_cross: Vec<Option<usize>> = vec![None; n - 1];
        while i < n - 1 {
            let mut best = i + 1;
            let mut j = i + 2;
            while j < n {
                if pinned[j - 1] {
                    break;
                }
                if self.blocked(pts[i], pts[j], ends) {
                    break;
                }
                // A shortcut crossing nothing is always fine; otherwise it
                // may cross no more than the part it replaces.
                if self.crossings_over(pts[i], pts[j], k, 0) {
                    let mut old_cross = 0;
                    for s in i..j {
                        let c = if let Some(c) = seg_cross[s] {
                            c
                        } else {
                            let c = self.crossings(pts[s], pts[s + 1], k);
                            seg_cross[s] = Some(c);
                            c
                        };
                        old_cross += c;
                    }
                    if self.crossings_over(pts[i], pts[j], k, old_cross) {
                        stopped_by_edges = true;
                        break;
                    }
                }
                best = j;
                j += 1;
            }
            out.push(pts[best]);
            out_pin.push(pinned[best]);
            i = best;
        }
        if out.len() < n {
            self.unindex_line(k);
            self.lines[k] = out;
            *pinned = out_pin;
            self.index_line(k);
        }
        stopped_by_edges
    }

    /// Rounds the corners of `pts` into sampled quadratic curves.
    fn round(&mut self, pts: &[Point], ends: Ends) -> Vec<Point> {
        let n = pts.len();
        if n < 3 {
            return pts.to_vec();
        }
        let cut = self.inp.opts.corner_cut;
        let mut out = vec![pts[0]];
        for i in 1..n - 1 {
            let (a, p, b) = (pts[i - 1], pts[i], pts[i + 1]);
            let la = a.distance(p);
            let lb = p.distance(b);
            if la < 1e-3 || lb < 1e-3 {
                out.push(p);
                continue;
            }
            let (ux, uy) = ((a.x - p.x) / la, (a.y - p.y) / la);
            let (vx, vy) = ((b.x - p.x) / lb, (b.y - p.y) / lb);
            // Turn angle: pi minus the angle between the two directions.
            let cos_between = (ux * vx + uy * vy).clamp(-1.0, 1.0);
            let turn = std::f32::consts::PI - cos_between.acos();
            if turn.to_degrees() < 2.0 {
                out.push(p);
                continue;
            }
            let max_a = if i == 1 { la - END_STRAIGHT } else { la * 0.5 };
            let max_b = if i + 2 == n {
                lb - END_STRAIGHT
            } else {
                lb * 0.5
            };
            let mut t = cut.min(max_a).min(max_b);
            let mut done = false;
            for _ in 0..3 {
                if t < 2.0 {
                    break;
                }
                let pa = Point::new(p.x + ux * t, p.y + uy * t);
                let pb = Point::new(p.x + vx * t, p.y + vy * t);
                if self.blocked(pa, pb, ends) {
                    t *= 0.5;
                    continue;
                }
                let steps = ((turn.to_degrees() / 8.0).ceil() as usize + 1).clamp(2, 24);
                for s in 0..=steps {
                    let u = s as f32 / steps as f32;
                    let q = pa.lerp(p, u).lerp(p.lerp(pb, u), u);
                    out.push(q);
                }
                done = true;
                break;
            }
            if !done {
                out.push(p);
            }
        }
        out.push(pts[n - 1]);
        out
    }
}

/// Routes every edge of the scope; grid edges (beyond `n_real_edges`) get
/// no line. Returns the line (tail to head) and label box of each edge.
pub(super) fn route(inp: &RouteInput<'_>) -> Vec<(Vec<Point>, Option<Rect>)> {
    let placed = inp.placed;
    let items = &placed.items;
    let x = &placed.x;
    let mut bounds = Rect {
        min_x: f32::INFINITY,
        min_y: f32::INFINITY,
        max_x: f32::NEG_INFINITY,
        max_y: f32::NEG_INFINITY,
    };
    let mut obstacles: Vec<(Rect, Ob)> = Vec::new();
    for (v, r) in placed.vertex_rect.iter().enumerate() {
        obstacles.push((*r, Ob::Vertex(v)));
    }
    for (e, r) in placed.label_rect.iter().enumerate() {
        if let Some(r) = r {
            obstacles.push((*r, Ob::Label(e)));
        }
    }
    for (c, r) in placed.title_rect.iter().enumerate() {
        if r.width() > 0.0 && r.height() > 0.0 {
            obstacles.push((*r, Ob::Title(c)));
        }
    }
    for (r, _) in &obstacles {
        bounds = bounds.union(r);
    }
    for r in &placed.cluster_rect {
        bounds = bounds.union(r);
    }
    for (i, _) in items.iter().enumerate() {
        bounds = bounds.union(&Rect {
            min_x: x[i],
            min_y: placed.band_top[items[i].rank],
            max_x: x[i],
            max_y: placed.band_bottom[items[i].rank],
        });
    }
    if !bounds.min_x.is_finite() {
        bounds = Rect {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 1.0,
            max_y: 1.0,
        };
    }
    let bounds = bounds.expand(50.0);
    let mut ob_grid = Grid::new(bounds, 256.0);
    for (i, (r, _)) in obstacles.iter().enumerate() {
        ob_grid.insert(&r.expand(CLEARANCE), i as u32);
    }
    let n_chains = placed.chains.len();
    let mut router = Router {
        inp,
        ob_stamp: vec![0; obstacles.len()],
        obstacles,
        ob_grid,
        ob_now: 0,
        lines: vec![Vec::new(); n_chains],
        seg_grid: Grid::new(bounds, 192.0),
        seg_stamp: vec![0; n_chains],
        seg_now: 0,
        scratch: Vec::new(),
    };
    // Raw polylines.
    let mut pinned: Vec<Vec<bool>> = vec![Vec::new(); n_chains];
    let mut parallel_seen: std::collections::HashMap<(End, End), usize> =
        std::collections::HashMap::new();
    for ch in &placed.chains {
        if ch.edge < inp.n_real_edges {
            let key = (ch.top.min(ch.bottom), ch.top.max(ch.bottom));
            *parallel_seen.entry(key).or_insert(0) += 1;
        }
    }
    for (k, ch) in placed.chains.iter().enumerate() {
        if ch.edge >= inp.n_real_edges {
            continue;
        }
        let mut pts = Vec::new();
        let mut pin = Vec::new();
        let key = (ch.top.min(ch.bottom), ch.top.max(ch.bottom));
        let is_parallel = parallel_seen.get(&key).copied().unwrap_or(0) > 1;
        let n_items = ch.items.len();
        let inner = n_items - 2;
        // The top end.
        let first = ch.items[0];
        let r0 = items[first].rank;
        let mut upper_cluster = match ch.top {
            End::Vertex(v) => {
                // Straight down out of the box first: a diagonal from the
                // centre could cut through a neighbour on the same rank.
                let rect = placed.vertex_rect[v];
                pts.push(rect.center());
                pin.push(false);
                pts.push(Point::new(x[first], placed.band_bottom[r0].max(rect.max_y)));
                pin.push(false);
                inp.vertex_cluster[v]
            }
            End::Cluster(c) => {
                pts.push(Point::new(ch.top_x, placed.cluster_rect[c].max_y));
                pin.push(false);
                Some(c)
            }
        };
        for (m, &it) in ch.items[1..].iter().enumerate() {
            let r = items[it].rank;
            let (t, b) = (placed.band_top[r], placed.band_bottom[r]);
            let is_last = m + 1 == n_items - 1;
            // Where the line enters this item's rank.
            let (entry, lower_cluster) = if is_last {
                match ch.bottom {
                    End::Vertex(v) => {
                        let rect = placed.vertex_rect[v];
                        (Point::new(x[it], t.min(rect.min_y)), inp.vertex_cluster[v])
                    }
                    End::Cluster(c) => (
                        Point::new(ch.bottom_x, placed.cluster_rect[c].min_y),
                        Some(c),
                    ),
                }
            } else {
                (Point::new(x[it], t), items[it].cluster)
            };
            // Across the gap: detour through the free channel rather than
            // cut through a subgraph holding neither side.
            if let Some(&from) = pts.last()
                && router.wall(from, entry, upper_cluster, lower_cluster)
            {
                let cy = placed.channel_y[r.saturating_sub(1)];
                pts.push(Point::new(from.x, cy));
                pin.push(false);
                pts.push(Point::new(entry.x, cy));
                pin.push(false);
            }
            pts.push(entry);
            if is_last {
                pin.push(false);
                if let End::Vertex(v) = ch.bottom {
                    pts.push(placed.vertex_rect[v].center());
                    pin.push(false);
                }
                break;
            }
            let mid_pin = is_parallel && m == inner / 2;
            if matches!(items[it].kind, ItemKind::Label(_)) {
                pin.push(false);
                pts.push(Point::new(x[it], f32::midpoint(t, b)));
                pin.push(true);
                pts.push(Point::new(x[it], b));
                pin.push(false);
            } else if b - t > 0.5 {
                pin.push(mid_pin);
                pts.push(Point::new(x[it], b));
                pin.push(mid_pin);
            } else {
                pin.push(mid_pin);
            }
            upper_cluster = items[it].cluster;
        }
        let (pts, pin) = merge_collinear(&pts, &pin);
        router.lines[k] = pts;
        pinned[k] = pin;
        router.index_line(k);
    }
    // Straighten, twice: an edge blocked by a neighbour's raw route in the
    // first pass may pass once that neighbour is straight.
    let mut retry = vec![true; n_chains];
    for _pass in 0..2 {
        for (k, ch) in placed.chains.iter().enumerate() {
            if ch.edge >= inp.n_real_edges {
                continue;
            }
            let ends = Ends {
                top: ch.top,
                bottom: ch.bottom,
                edge: ch.edge,
            };
            retry[k] = router.straighten(k, &mut pinned[k], ends);
        }
    }
    let mut out: Vec<(Vec<Point>, Option<Rect>)> = vec![(Vec::new(), None); inp.edges.len()];
    // Clip, orient, round.
    for (k, ch) in placed.chains.iter().enumerate() {
        if ch.edge >= inp.n_real_edges {
            continue;
        }
        let mut pts = router.lines[k].clone();
        if let End::Vertex(v) = ch.top {
            pts[0] = clip_shape(inp.dir, inp.shapes[v], &placed.vertex_rect[v], pts[1]);
            if pts.len() > 2 && pts[0].distance(pts[1]) < 0.5 {
                pts.remove(1);
            }
        }
        if let End::Vertex(v) = ch.bottom {
            let n = pts.len();
            pts[n - 1] = clip_shape(inp.dir, inp.shapes[v], &placed.vertex_rect[v], pts[n - 2]);
            if n > 2 && pts[n - 1].distance(pts[n - 2]) < 0.5 {
                pts.remove(n - 2);
            }
        }
        let ends = Ends {
            top: ch.top,
            bottom: ch.bottom,
            edge: ch.edge,
        };
        let mut drawn = router.round(&pts, ends);
        if ch.reversed {
            drawn.reverse();
        }
        out[ch.edge] = (drawn, placed.label_rect[ch.edge]);
    }
    // Self-loops on the right side of their vertex.
    for (v, loops) in placed.loops.iter().enumerate() {
        if loops.is_empty() {
            continue;
        }
        let rect = placed.vertex_rect[v];
        let c = rect.center();
        let hh = rect.height() / 2.0;
        let reach_max = LOOP_FIRST + LOOP_STEP * (loops.len() - 1) as f32;
        let label_h: f32 = loops
            .iter()
            .filter_map(|&e| inp.label_size[e])
            .map(|s| s.h + 2.0)
            .sum();
        let mut label_y = c.y - label_h / 2.0;
        for (j, &e) in loops.iter().enumerate() {
            let reach = LOOP_FIRST + LOOP_STEP * j as f32;
            let dy = (hh * 0.3 + 7.0 * j as f32).min(hh - 2.0).max(1.0);
            let (y1, y2) = (c.y - dy, c.y + dy);
            let shape = inp.shapes[v];
            let pts = [
                // From the centre towards the loop's corner: a ray that
                // always leaves through the outline, whatever the shape.
                clip_shape(inp.dir, shape, &rect, Point::new(rect.max_x + reach, y1)),
                Point::new(rect.max_x + reach, y1),
                Point::new(rect.max_x + reach, y2),
                clip_shape(inp.dir, shape, &rect, Point::new(rect.max_x + reach, y2)),
            ];
            let drawn = round_loop(&pts, reach.min(dy) * 0.9);
            let label = inp.label_size[e].map(|s| {
                let r = Rect::from_center(
                    Point::new(
                        rect.max_x + reach_max + LABEL_GAP + s.w / 2.0,
                        label_y + s.h / 2.0,
                    ),
                    s,
                );
                label_y += s.h + 2.0;
                r
            });
            out[e] = (drawn, label);
        }
    }
    // Edges between a subgraph and something inside it, and the rare
    // edges whose ends share a rank.
    // Self-loop labels are placed already: keep clear of them too.
    let mut extra_labels: Vec<Rect> = placed
        .loops
        .iter()
        .flatten()
        .filter_map(|&e| out[e].1)
        .collect();
    for &e in placed.degenerate.iter().chain(&placed.flat) {
        let edge = &inp.edges[e];
        let line = router.direct(edge.from, edge.to, e);
        // Degenerate edges have room reserved beside their subgraph's title.
        let label = placed.label_rect[e].or_else(|| {
            inp.label_size[e].map(|s| {
                let (a, b) = (line[0], line[line.len() - 1]);
                let label = router.free_label_spot(a.lerp(b, 0.5), s, &extra_labels);
                extra_labels.push(label);
                label
            })
        });
        out[e] = (line, label);
    }
    out
}

impl Router<'_> {
    /// A spot for a label of size `s` near `at` that covers no box, title
    /// or label: the nearest free one on rings around `at`.
    fn free_label_spot(&mut self, at: Point, s: Size, taken: &[Rect]) -> Rect {
        let step = s.h.max(12.0);
        for ring in 0..40 {
            let r = ring as f32 * step;
            let n = if ring == 0 { 1 } else { 8 * ring };
            for k in 0..n {
                let ang = k as f32 / n as f32 * std::f32::consts::TAU;
                let c = Point::new(at.x + r * ang.cos(), at.y + r * ang.sin());
                let rect = Rect::from_center(c, s);
                if self.rect_free(&rect) && taken.iter().all(|t| !t.overlaps(&rect, 0.0)) {
                    return rect;
                }
            }
        }
        // Beyond everything drawn, which nothing covers.
        let p = &self.inp.placed;
        let max_y = p
            .vertex_rect
            .iter()
            .chain(&p.cluster_rect)
            .map(|r| r.max_y)
            .fold(at.y, f32::max);
        Rect::from_center(
            Point::new(
                at.x,
                max_y + 8.0 + s.h / 2.0 + taken.len() as f32 * (s.h + 4.0),
            ),
            s,
        )
    }

    /// True when `rect` overlaps no vertex, label or title.
    fn rect_free(&mut self, rect: &Rect) -> bool {
        self.ob_now += 1;
        let mut found = std::mem::take(&mut self.scratch);
        found.clear();
        self.ob_grid
            .query(rect, &mut found, &mut self.ob_stamp, self.ob_now);
        let free = found
            .iter()
            .all(|&id| !self.obstacles[id as usize].0.overlaps(rect, 0.5));
        self.scratch = found;
        free
    }
}

/// Drops points lying on a straight run between their neighbours (long
/// edges through vertically aligned dummies): the line is the same. The
/// points next to the ends stay.
fn merge_collinear(pts: &[Point], pin: &[bool]) -> (Vec<Point>, Vec<bool>) {
    if pts.len() < 3 {
        return (pts.to_vec(), pin.to_vec());
    }
    let mut out: Vec<Point> = vec![pts[0]];
    let mut out_pin = vec![pin[0]];
    let n = pts.len();
    for i in 1..n - 1 {
        // Where the line leaves and enters a box stays: shortcuts start
        // there.
        if i == 1 || i == n - 2 {
            out.push(pts[i]);
            out_pin.push(pin[i]);
            continue;
        }
        let (a, p, b) = (out[out.len() - 1], pts[i], pts[i + 1]);
        let cross = (p.x - a.x) * (b.y - a.y) - (p.y - a.y) * (b.x - a.x);
        let along = (p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y);
        let straight = cross.abs() < 1e-3 && along >= 0.0 && p.distance(a) <= a.distance(b);
        if pin[i] || !straight {
            out.push(p);
            out_pin.push(pin[i]);
        }
    }
    out.push(pts[pts.len() - 1]);
    out_pin.push(pin[pin.len() - 1]);
    (out, out_pin)
}

/// Rounds a self-loop's three corners.
fn round_loop(pts: &[Point; 4], cut: f32) -> Vec<Point> {
    let mut out = vec![pts[0]];
    for i in 1..3 {
        let (a, p, b) = (pts[i - 1], pts[i], pts[i + 1]);
        let ta = cut.min(a.distance(p) * 0.5);
        let tb = cut.min(p.distance(b) * 0.5);
        let pa = p.lerp(a, ta / a.distance(p).max(1e-3));
        let pb = p.lerp(b, tb / p.distance(b).max(1e-3));
        for s in 0..=10 {
            let u = s as f32 / 10.0;
            out.push(pa.lerp(p, u).lerp(p.lerp(pb, u), u));
        }
    }
    out.push(pts[3]);
    out
}

impl Router<'_> {
    fn end_rect(&self, end: End) -> (Rect, Option<Shape>) {
        match end {
            End::Vertex(v) => (self.inp.placed.vertex_rect[v], Some(self.inp.shapes[v])),
            End::Cluster(c) => (self.inp.placed.cluster_rect[c], None),
        }
    }

    /// A straight route for an edge outside the layering: between a
    /// subgraph and something inside it (out through the nearest free
    /// side), a subgraph to itself (a loop at its corner), or two ends on
    /// one rank.
    fn direct(&mut self, from: End, to: End, e: usize) -> Vec<Point> {
        let (fr, fshape) = self.end_rect(from);
        let (tr, tshape) = self.end_rect(to);
        if from == to {
            // A subgraph to itself: a hook inside its top-right corner,
            // within the padding, where nothing else is drawn.
            let (x1, y0) = (fr.max_x, fr.min_y);
            let depth = (self.inp.opts.cluster_pad - 2.0).max(4.0);
            let reach = (fr.width() * 0.3).min(24.0);
            let mut v = vec![Point::new(x1 - reach, y0)];
            let corner = Point::new(x1 - reach, y0 + depth);
            let end = Point::new(x1, y0 + depth);
            let cut = (depth * 0.6).min(reach * 0.5);
            let a = Point::new(corner.x, corner.y - cut);
            let b = Point::new(corner.x + cut, corner.y);
            for s in 0..=8 {
                let u = s as f32 / 8.0;
                v.push(a.lerp(corner, u).lerp(corner.lerp(b, u), u));
            }
            v.push(end);
            return v;
        }
        let ends = Ends {
            top: from,
            bottom: to,
            edge: e,
        };
        let outer_is_to = matches!(to, End::Cluster(c) if self.end_inside(c, from));
        let outer_is_from = matches!(from, End::Cluster(c) if self.end_inside(c, to));
        if outer_is_to || outer_is_from {
            let (inner, outer, inner_shape) = if outer_is_to {
                (fr, tr, fshape)
            } else {
                (tr, fr, tshape)
            };
            let c = inner.center();
            // Sideways first: the top and bottom borders are where edges
            // between subgraphs meet, and a collinear stub there would read
            // as part of them.
            let candidates = [
                (Point::new(inner.max_x, c.y), Point::new(outer.max_x, c.y)),
                (Point::new(inner.min_x, c.y), Point::new(outer.min_x, c.y)),
                (Point::new(c.x, inner.max_y), Point::new(c.x, outer.max_y)),
                (Point::new(c.x, inner.min_y), Point::new(c.x, outer.min_y)),
            ];
            let mut best = candidates[0];
            let mut best_len = f32::INFINITY;
            for (k, (a, b)) in candidates.into_iter().enumerate() {
                // Vertical stubs only when no side is free.
                let len = a.distance(b) + if k >= 2 { 1e4 } else { 0.0 };
                if len < best_len && !self.blocked(a, b, ends) {
                    best_len = len;
                    best = (a, b);
                }
            }
            let mut line = if best_len.is_finite() {
                let start =
                    inner_shape.map_or(best.0, |s| clip_shape(self.inp.dir, s, &inner, best.1));
                vec![start, best.1]
            } else {
                // Boxed in on all four sides: down into the free channel of
                // the gap below, then along it to the nearer side border (or
                // straight to the bottom border when that is nearer).
                // The gap just below the inner end: the last band ending above
                // its bottom.
                let placed = self.inp.placed;
                let rank = match if outer_is_to { from } else { to } {
                    End::Vertex(v) => Some(placed.items[v].rank),
                    End::Cluster(_) => placed
                        .band_bottom
                        .iter()
                        .rposition(|&b| b <= inner.max_y + 0.5),
                };
                let channel = rank.and_then(|r| placed.channel_y.get(r).copied());
                let bottom = inner_shape.map_or(Point::new(c.x, inner.max_y), |s| {
                    exit_shape(self.inp.dir, s, &inner, c, Point::new(0.0, 1.0))
                });
                match channel {
                    Some(cy) if cy < outer.max_y - 1.0 => {
                        let side = if outer.max_x - c.x <= c.x - outer.min_x {
                            outer.max_x
                        } else {
                            outer.min_x
                        };
                        vec![bottom, Point::new(c.x, cy), Point::new(side, cy)]
                    }
                    _ => vec![bottom, Point::new(c.x, outer.max_y)],
                }
            };
            if outer_is_from {
                line.reverse();
            }
            return line;
        }
        let a = fr.center();
        let b = tr.center();
        let start = fshape.map_or_else(
            || clip_rect(&fr, b),
            |s| clip_shape(self.inp.dir, s, &fr, b),
        );
        let end = tshape.map_or_else(
            || clip_rect(&tr, a),
            |s| clip_shape(self.inp.dir, s, &tr, a),
        );
        vec![start, end]
    }
}

fn clip_rect(r: &Rect, toward: Point) -> Point {
    border_point(Shape::Rect, r, toward)
}
