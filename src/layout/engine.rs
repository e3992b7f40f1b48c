//! The layered layout of one scope (the whole chart, or a subgraph drawn in
//! its own direction): cycle breaking, ranking, layering with dummy nodes,
//! ordering, coordinates, then routing (in `route`).
//!
//! Everything here works top to bottom ("internal frame"); sizes come in
//! and geometry goes out in the screen frame of the scope's direction.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry and graph code reads best with x, y, a, b, u, v"
)]
#![expect(
    clippy::needless_range_loop,
    reason = "graph algorithms index several parallel arrays by vertex"
)]
#![expect(
    clippy::similar_names,
    reason = "paired names (x0/x1, lo/hi) are clearer than long ones"
)]

use super::geometry::{Point, Rect, Size};
use super::order::{OrderGraph, order};
use super::position::{BkGraph, BkKind, bk_positions};
use super::rank::{RankEdge, network_simplex, uf_find};
use super::route::{self, RouteInput};
use super::types::LayoutOptions;
use crate::mermaid::{Direction, Shape};

/// A box to place: a node, or a subgraph laid out on its own.
#[derive(Debug, Clone)]
pub(super) struct Vertex {
    /// Size on screen.
    pub size: Size,
    /// Shape (edges end on its outline).
    pub shape: Shape,
    /// Innermost subgraph of the scope holding it.
    pub cluster: Option<usize>,
}

/// A subgraph of the scope.
#[derive(Debug, Clone)]
pub(super) struct SCluster {
    /// Enclosing subgraph within the scope.
    pub parent: Option<usize>,
    /// Title size on screen.
    pub title: Size,
}

/// What an edge end attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum End {
    /// A vertex.
    Vertex(usize),
    /// A subgraph's border.
    Cluster(usize),
}

/// An edge of the scope.
#[derive(Debug, Clone)]
pub(super) struct SEdge {
    /// Tail.
    pub from: End,
    /// Head.
    pub to: End,
    /// Least rank span (1 = adjacent ranks).
    pub minlen: u32,
    /// Label size on screen.
    pub label: Option<Size>,
}

/// Input of a scope layout.
#[derive(Debug, Clone)]
pub(super) struct ScopeInput {
    /// Flow direction.
    pub dir: Direction,
    /// Boxes.
    pub vertices: Vec<Vertex>,
    /// Subgraphs.
    pub clusters: Vec<SCluster>,
    /// Edges.
    pub edges: Vec<SEdge>,
}

/// Result of a scope layout, in screen coordinates with the drawing's
/// top-left at the origin.
#[derive(Debug, Clone, Default)]
pub(super) struct ScopeOutput {
    /// Box of each vertex.
    pub vertices: Vec<Rect>,
    /// Box and title of each subgraph.
    pub clusters: Vec<(Rect, Rect)>,
    /// Drawn line and label box of each edge.
    pub edges: Vec<(Vec<Point>, Option<Rect>)>,
    /// Size of the drawing.
    pub width: f32,
    /// Size of the drawing.
    pub height: f32,
}

/// Where a subgraph's title goes in the internal frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TitleAt {
    /// A row of its own above the members (TB).
    TopRow,
    /// A row of its own below the members (BT: the screen top).
    BottomRow,
    /// A strip on the left (LR, RL: the screen top).
    LeftStrip,
}

/// Kinds of layered items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    /// A vertex.
    Vertex(usize),
    /// A point of an edge chain.
    Dummy,
    /// An edge label.
    Label(usize),
    /// A subgraph title.
    Title(usize),
    /// Where an edge meets a subgraph's border.
    Port,
    /// Keeps a subgraph present on a layer.
    Filler,
    /// Left border of a subgraph.
    LeftBorder(usize),
    /// Right border of a subgraph.
    RightBorder(usize),
}

/// One item of a layer.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub kind: ItemKind,
    pub rank: usize,
    /// Extent left of the centre.
    pub left: f32,
    /// Extent right of the centre.
    pub right: f32,
    pub height: f32,
    pub cluster: Option<usize>,
}

/// An edge as a chain of items from its upper to its lower end.
#[derive(Debug, Clone)]
pub(super) struct Chain {
    /// Scope edge.
    pub edge: usize,
    /// Items top to bottom (ends included).
    pub items: Vec<usize>,
    /// Upper end and lower end (after cycle breaking).
    pub top: End,
    pub bottom: End,
    /// True when the edge points upward (its tail is `bottom`).
    pub reversed: bool,
    /// Index of the label item in `items`, if labelled.
    pub label_at: Option<usize>,
    /// Where the line meets a subgraph border at the top end (x, internal frame).
    pub top_x: f32,
    /// Same at the bottom end.
    pub bottom_x: f32,
}

/// Everything the router needs from the layered, positioned graph.
pub(super) struct Placed {
    pub items: Vec<Item>,
    pub x: Vec<f32>,
    pub chains: Vec<Chain>,
    pub band_top: Vec<f32>,
    pub band_bottom: Vec<f32>,
    /// Middle of the free part of the gap below each rank.
    pub channel_y: Vec<f32>,
    /// Vertex boxes (internal frame).
    pub vertex_rect: Vec<Rect>,
    /// Subgraph boxes and titles (internal frame).
    pub cluster_rect: Vec<Rect>,
    pub title_rect: Vec<Rect>,
    /// Label box per scope edge (internal frame).
    pub label_rect: Vec<Option<Rect>>,
    pub loops: Vec<Vec<usize>>,
    pub degenerate: Vec<usize>,
    /// Edges whose ends ended up on one rank (routed directly).
    pub flat: Vec<usize>,
    pub cl_parent: Vec<Option<usize>>,
}

fn transpose_size(s: Size, dir: Direction) -> Size {
    match dir {
        Direction::LeftRight | Direction::RightLeft => Size::new(s.h, s.w),
        Direction::TopBottom | Direction::BottomTop => s,
    }
}

/// Reach of a self-loop beyond its node's side, and the step between nested loops.
pub(super) const LOOP_FIRST: f32 = 20.0;
pub(super) const LOOP_STEP: f32 = 14.0;
/// Gap after a row that holds only subgraph titles.
const TITLE_GAP: f32 = 10.0;
/// An edge runs at most this far across for each unit it rises (when the
/// cap below allows).
const MAX_RUN: f32 = 3.0;
/// The slope rule holds for edges of a node with at least this many edges
/// on one side (where shallow lines crowd together).
const MIN_FAN: usize = 6;
/// The most height the slope rule adds to the gaps one edge spans.
const MAX_EXTRA_RISE: f32 = 60.0;
/// Gap between a self-loop and its label.
pub(super) const LABEL_GAP: f32 = 4.0;

/// Lays out one scope.
pub(super) fn layout_scope(input: &ScopeInput, opts: &LayoutOptions) -> ScopeOutput {
    let comps = components(input);
    if comps.len() <= 1 {
        return layout_connected(input, opts);
    }
    // Lay out each connected part on its own and pack them side by side
    // (across the flow), so one part's tall rows do not stretch another.
    let mut parts: Vec<Part> = Vec::new();
    for (verts, clusters, edges) in comps {
        let mut vmap = vec![usize::MAX; input.vertices.len()];
        for (i, &v) in verts.iter().enumerate() {
            vmap[v] = i;
        }
        let mut cmap = vec![usize::MAX; input.clusters.len()];
        for (i, &c) in clusters.iter().enumerate() {
            cmap[c] = i;
        }
        let map_end = |e: End| match e {
            End::Vertex(v) => End::Vertex(vmap[v]),
            End::Cluster(c) => End::Cluster(cmap[c]),
        };
        let sub = ScopeInput {
            dir: input.dir,
            vertices: verts
                .iter()
                .map(|&v| Vertex {
                    cluster: input.vertices[v].cluster.map(|c| cmap[c]),
                    ..input.vertices[v].clone()
                })
                .collect(),
            clusters: clusters
                .iter()
                .map(|&c| SCluster {
                    parent: input.clusters[c].parent.map(|p| cmap[p]),
                    ..input.clusters[c].clone()
                })
                .collect(),
            edges: edges
                .iter()
                .map(|&e| SEdge {
                    from: map_end(input.edges[e].from),
                    to: map_end(input.edges[e].to),
                    ..input.edges[e].clone()
                })
                .collect(),
        };
        parts.push((layout_connected(&sub, opts), verts, clusters, edges));
    }
    pack(input, parts, opts)
}

/// A laid-out part with the scope's indices of its vertices, subgraphs and edges.
type Part = (ScopeOutput, Vec<usize>, Vec<usize>, Vec<usize>);

/// Connected parts of a scope: vertices joined by edges, and everything
/// inside one top-level subgraph. Isolated vertices outside subgraphs form
/// one part (packed as a grid). Each part lists its vertices, subgraphs and
/// edges, in input order; parts are ordered by their first vertex.
fn components(input: &ScopeInput) -> Vec<(Vec<usize>, Vec<usize>, Vec<usize>)> {
    let nv = input.vertices.len();
    let nc = input.clusters.len();
    // Union-find over vertices and subgraphs (subgraph c is node nv + c).
    let mut uf: Vec<usize> = (0..nv + nc).collect();
    let union = |uf: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (uf_find(uf, a), uf_find(uf, b));
        if ra != rb {
            uf[ra.max(rb)] = ra.min(rb);
        }
    };
    for c in 0..nc {
        if let Some(p) = input.clusters[c].parent {
            union(&mut uf, nv + c, nv + p);
        }
    }
    for (v, vert) in input.vertices.iter().enumerate() {
        if let Some(c) = vert.cluster {
            union(&mut uf, v, nv + c);
        }
    }
    let node = |e: End| match e {
        End::Vertex(v) => v,
        End::Cluster(c) => nv + c,
    };
    let mut linked = vec![false; nv];
    for e in &input.edges {
        union(&mut uf, node(e.from), node(e.to));
        for end in [e.from, e.to] {
            if let End::Vertex(v) = end {
                linked[v] = true;
            }
        }
    }
    // Loose vertices (no edge, no subgraph) share one part.
    let mut loose_root = None;
    for v in 0..nv {
        if !linked[v] && input.vertices[v].cluster.is_none() {
            match loose_root {
                None => loose_root = Some(v),
                Some(r) => union(&mut uf, v, r),
            }
        }
    }
    let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut parts: Vec<(Vec<usize>, Vec<usize>, Vec<usize>)> = Vec::new();
    for x in 0..nv + nc {
        let r = uf_find(&mut uf, x);
        let k = *index.entry(r).or_insert_with(|| {
            parts.push((Vec::new(), Vec::new(), Vec::new()));
            parts.len() - 1
        });
        if x < nv {
            parts[k].0.push(x);
        } else {
            parts[k].1.push(x - nv);
        }
    }
    for (i, e) in input.edges.iter().enumerate() {
        let r = uf_find(&mut uf, node(e.from));
        if let Some(&k) = index.get(&r) {
            parts[k].2.push(i);
        }
    }
    parts
}

/// Places laid-out parts, in source order, each where it grows the drawing
/// least: beside the parts already placed (top- or bottom-aligned, left or
/// right, moved in as far as their shapes allow) or below them.
fn pack(input: &ScopeInput, mut parts: Vec<Part>, opts: &LayoutOptions) -> ScopeOutput {
    let gap = opts.node_sep;
    // Content of a part: boxes and edge segments.
    let content = |o: &ScopeOutput| -> Vec<Rect> {
        let mut v: Vec<Rect> = o.vertices.clone();
        v.extend(o.clusters.iter().map(|c| c.0));
        for (pts, label) in &o.edges {
            for w in pts.windows(2) {
                v.push(Rect {
                    min_x: w[0].x.min(w[1].x),
                    min_y: w[0].y.min(w[1].y),
                    max_x: w[0].x.max(w[1].x),
                    max_y: w[0].y.max(w[1].y),
                });
            }
            if let Some(l) = label {
                v.push(*l);
            }
        }
        v
    };
    // In source order, so the drawing reads as written.
    let order: Vec<usize> = (0..parts.len()).collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut bbox = Rect::default();
    let mut offsets = vec![(0.0f32, 0.0f32); parts.len()];
    for (n, &k) in order.iter().enumerate() {
        let o = &parts[k].0;
        let mine = content(o);
        if n == 0 {
            placed = mine;
            bbox = Rect {
                min_x: 0.0,
                min_y: 0.0,
                max_x: o.width,
                max_y: o.height,
            };
            continue;
        }
        let (w, h) = (o.width, o.height);
        let mut best: Option<(f32, f32, f32)> = None;
        let mut consider = |dx: f32, dy: f32| {
            let nb = bbox.union(&Rect {
                min_x: dx,
                min_y: dy,
                max_x: dx + w,
                max_y: dy + h,
            });
            let aspect = nb.width() / nb.height().max(1.0);
            let score = nb.width() * nb.height() * (1.0 + 0.15 * (aspect / 1.6).ln().abs());
            if best.is_none_or(|b| score < b.0 - 1e-3) {
                best = Some((score, dx, dy));
            }
        };
        for dy in [bbox.min_y, bbox.max_y - h] {
            // Right of what it would touch at this height.
            let mut right = f32::NEG_INFINITY;
            let mut left = f32::INFINITY;
            for a in &placed {
                for p in &mine {
                    if a.min_y - gap < p.max_y + dy && p.min_y + dy < a.max_y + gap {
                        right = right.max(a.max_x + gap - p.min_x);
                        left = left.min(a.min_x - gap - p.max_x);
                    }
                }
            }
            consider(if right.is_finite() { right } else { bbox.min_x }, dy);
            consider(if left.is_finite() { left } else { bbox.min_x }, dy);
        }
        for dx in [bbox.min_x, bbox.max_x - w] {
            consider(dx, bbox.max_y + gap);
        }
        let Some((_, dx, dy)) = best else { continue };
        offsets[k] = (dx, dy);
        for r in mine {
            placed.push(Rect {
                min_x: r.min_x + dx,
                max_x: r.max_x + dx,
                min_y: r.min_y + dy,
                max_y: r.max_y + dy,
            });
        }
        bbox = bbox.union(&Rect {
            min_x: dx,
            min_y: dy,
            max_x: dx + w,
            max_y: dy + h,
        });
    }
    let mut out = ScopeOutput {
        vertices: vec![Rect::default(); input.vertices.len()],
        clusters: vec![(Rect::default(), Rect::default()); input.clusters.len()],
        edges: vec![(Vec::new(), None); input.edges.len()],
        width: bbox.width(),
        height: bbox.height(),
    };
    for (k, (o, verts, clusters, edges)) in parts.drain(..).enumerate() {
        let (dx, dy) = (offsets[k].0 - bbox.min_x, offsets[k].1 - bbox.min_y);
        let mv = |r: &Rect| Rect {
            min_x: r.min_x + dx,
            max_x: r.max_x + dx,
            min_y: r.min_y + dy,
            max_y: r.max_y + dy,
        };
        for (i, &v) in verts.iter().enumerate() {
            out.vertices[v] = mv(&o.vertices[i]);
        }
        for (i, &c) in clusters.iter().enumerate() {
            out.clusters[c] = (mv(&o.clusters[i].0), mv(&o.clusters[i].1));
        }
        for (i, &e) in edges.iter().enumerate() {
            let (pts, label) = &o.edges[i];
            out.edges[e] = (
                pts.iter().map(|p| Point::new(p.x + dx, p.y + dy)).collect(),
                label.as_ref().map(&mv),
            );
        }
    }
    out
}

fn layout_connected(input: &ScopeInput, opts: &LayoutOptions) -> ScopeOutput {
    let dir = input.dir;
    let nv = input.vertices.len();
    let nc = input.clusters.len();
    let title_at = match dir {
        Direction::TopBottom => TitleAt::TopRow,
        Direction::BottomTop => TitleAt::BottomRow,
        Direction::LeftRight | Direction::RightLeft => TitleAt::LeftStrip,
    };
    // ---- internal sizes
    let vsize: Vec<Size> = input
        .vertices
        .iter()
        .map(|v| transpose_size(v.size, dir))
        .collect();
    let title_size: Vec<Size> = input
        .clusters
        .iter()
        .map(|c| transpose_size(c.title, dir))
        .collect();
    let label_size: Vec<Option<Size>> = input
        .edges
        .iter()
        .map(|e| e.label.map(|l| transpose_size(l, dir)))
        .collect();
    // ---- cluster tree
    let cl_parent: Vec<Option<usize>> = input.clusters.iter().map(|c| c.parent).collect();
    let mut cl_children: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for c in 0..nc {
        if let Some(p) = cl_parent[c] {
            cl_children[p].push(c);
        }
    }
    let mut cl_members: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for (v, vert) in input.vertices.iter().enumerate() {
        if let Some(c) = vert.cluster {
            cl_members[c].push(v);
        }
    }
    let depth: Vec<usize> = (0..nc)
        .map(|c| {
            let mut d = 1;
            let mut p = cl_parent[c];
            while let Some(q) = p {
                d += 1;
                p = cl_parent[q];
            }
            d
        })
        .collect();
    let inside = |c: usize, end: End| -> bool {
        let mut k = match end {
            End::Vertex(v) => input.vertices[v].cluster,
            End::Cluster(x) => Some(x),
        };
        while let Some(x) = k {
            if x == c {
                return true;
            }
            k = cl_parent[x];
        }
        false
    };
    // ---- classify edges
    let mut loops: Vec<Vec<usize>> = vec![Vec::new(); nv];
    let mut degenerate = Vec::new();
    let mut normal = Vec::new();
    for (i, e) in input.edges.iter().enumerate() {
        match (e.from, e.to) {
            (End::Vertex(a), End::Vertex(b)) if a == b => loops[a].push(i),
            (End::Cluster(c), other) | (other, End::Cluster(c)) if inside(c, other) => {
                degenerate.push(i);
            }
            _ => normal.push(i),
        }
    }
    // Labels of edges between a subgraph and its inside go beside the
    // subgraph's title, in room reserved for them.
    let mut title_extra: Vec<Vec<(usize, Size)>> = vec![Vec::new(); nc];
    for &e in &degenerate {
        let outer = match (input.edges[e].from, input.edges[e].to) {
            (End::Cluster(c), other) if inside(c, other) => c,
            (_, End::Cluster(c)) | (End::Cluster(c), _) => c,
            _ => continue,
        };
        if let Some(l) = label_size[e] {
            title_extra[outer].push((e, l));
        }
    }
    let title_box: Vec<Size> = (0..nc)
        .map(|c| {
            let t = title_size[c];
            title_extra[c].iter().fold(t, |acc, &(_, l)| {
                if title_at == TitleAt::LeftStrip {
                    Size::new(acc.w.max(l.w), acc.h + LABEL_GAP * 2.0 + l.h)
                } else {
                    Size::new(acc.w + LABEL_GAP * 2.0 + l.w, acc.h.max(l.h))
                }
            })
        })
        .collect();
    // ---- grid edges for isolated vertices
    let mut edges: Vec<SEdge> = input.edges.clone();
    let mut label_size = label_size;
    let n_real_edges = edges.len();
    {
        let mut touched = vec![false; nv];
        for &i in normal.iter().chain(&degenerate) {
            for end in [input.edges[i].from, input.edges[i].to] {
                if let End::Vertex(v) = end {
                    touched[v] = true;
                }
            }
        }
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); nc + 1];
        for v in 0..nv {
            if !touched[v] {
                groups[input.vertices[v].cluster.unwrap_or(nc)].push(v);
            }
        }
        for group in &groups {
            if group.len() < opts.grid_min_nodes.max(2) {
                continue;
            }
            let layers = grid_layers(group, grid_layer_count(group, &vsize, opts, dir));
            for pair in layers.windows(2) {
                for (&v, &w) in pair[0].iter().zip(pair[1]) {
                    edges.push(SEdge {
                        from: End::Vertex(v),
                        to: End::Vertex(w),
                        minlen: 1,
                        label: None,
                    });
                    label_size.push(None);
                    normal.push(edges.len() - 1);
                }
            }
        }
    }
    // ---- rank variables: vertices, Top(c), Bot(c)
    let top_var = |c: usize| nv + c;
    let bot_var = |c: usize| nv + nc + c;
    let n_vars = nv + 2 * nc;
    let (top_min, bot_min) = match title_at {
        TitleAt::TopRow => (1, 0),
        TitleAt::BottomRow => (0, 1),
        TitleAt::LeftStrip => (0, 0),
    };
    let mut cons: Vec<CEdge> = Vec::new();
    for c in 0..nc {
        for &v in &cl_members[c] {
            cons.push(CEdge::fixed(top_var(c), v, top_min));
            cons.push(CEdge::fixed(v, bot_var(c), bot_min));
        }
        for &d in &cl_children[c] {
            cons.push(CEdge::fixed(top_var(c), top_var(d), top_min));
            cons.push(CEdge::fixed(bot_var(d), bot_var(c), bot_min));
        }
        cons.push(CEdge::fixed(top_var(c), bot_var(c), 0));
    }
    let var_of = |end: End, as_tail: bool| match end {
        End::Vertex(v) => v,
        End::Cluster(c) => {
            if as_tail {
                bot_var(c)
            } else {
                top_var(c)
            }
        }
    };
    let first_user = cons.len();
    let structural = cons.clone();
    // Cycle breaking on the real constraints first (few reversals); if that
    // search cannot settle, orient level by level, which is acyclic by
    // construction though it may reverse more.
    let mut pre_reversed = vec![false; edges.len()];
    let mut attempt = 0;
    let (reversed, disabled) = loop {
        cons.clone_from(&structural);
        push_user_constraints(
            &mut cons,
            &normal,
            &edges,
            &label_size,
            &pre_reversed,
            &var_of,
        );
        let result = break_cycles(n_vars, &mut cons, |e, to_reversed| {
            // Reversed, tail and head swap roles (Bot/Top of a cluster end too).
            let ed = &edges[e.edge];
            let (a, b) = if to_reversed ^ pre_reversed[e.edge] {
                (ed.to, ed.from)
            } else {
                (ed.from, ed.to)
            };
            CEdge {
                from: var_of(a, true),
                to: var_of(b, false),
                ..*e
            }
        });
        if attempt == 1 || !result.1.iter().any(|&d| d) {
            break result;
        }
        pre_reversed = orient_by_level(input, &cl_parent, &edges, &normal);
        attempt += 1;
    };
    let rank_edges: Vec<RankEdge> = cons
        .iter()
        .zip(&disabled)
        .filter(|(_, d)| !**d)
        .map(|(e, _)| RankEdge {
            from: e.from,
            to: e.to,
            minlen: e.minlen,
            weight: 1,
        })
        .collect();
    let max_iter = 200 + 4 * n_vars;
    let mut rank = network_simplex(n_vars, &rank_edges, max_iter);
    let mut linked = vec![false; nv];
    for &i in &normal {
        for end in [edges[i].from, edges[i].to] {
            if let End::Vertex(v) = end {
                linked[v] = true;
            }
        }
    }
    balance_ranks(&mut rank, &rank_edges, &linked);
    let mut edge_reversed = pre_reversed;
    for (k, e) in cons.iter().enumerate().skip(first_user) {
        if reversed[k] {
            edge_reversed[e.edge] = !edge_reversed[e.edge];
        }
    }
    // ---- spans
    let first: Vec<usize> = (0..nc).map(|c| rank[top_var(c)] as usize).collect();
    let last: Vec<usize> = (0..nc).map(|c| rank[bot_var(c)] as usize).collect();
    let max_rank = (0..n_vars).map(|v| rank[v] as usize).max().unwrap_or(0);
    let n_ranks = max_rank + 1;

    // ---- items
    let mut items: Vec<Item> = Vec::with_capacity(nv * 2);
    let mut loop_ext = vec![0.0f32; nv];
    let mut loop_height = vec![0.0f32; nv];
    for v in 0..nv {
        if !loops[v].is_empty() {
            let reach = LOOP_FIRST + LOOP_STEP * (loops[v].len() - 1) as f32;
            let mut lw: f32 = 0.0;
            let mut stack_h: f32 = 0.0;
            for &e in &loops[v] {
                if let Some(l) = label_size[e] {
                    lw = lw.max(l.w + LABEL_GAP);
                    stack_h += l.h + 2.0;
                }
            }
            loop_ext[v] = reach + lw;
            loop_height[v] = stack_h;
        }
        let s = vsize[v];
        items.push(Item {
            kind: ItemKind::Vertex(v),
            rank: rank[v] as usize,
            left: s.w / 2.0,
            right: s.w / 2.0 + loop_ext[v],
            height: s.h.max(loop_height[v]),
            cluster: input.vertices[v].cluster,
        });
    }
    let mut title_item = vec![usize::MAX; nc];
    if title_at != TitleAt::LeftStrip {
        for c in 0..nc {
            let r = if title_at == TitleAt::TopRow {
                first[c]
            } else {
                last[c]
            };
            let s = title_box[c];
            title_item[c] = items.len();
            items.push(Item {
                kind: ItemKind::Title(c),
                rank: r,
                left: s.w / 2.0,
                right: s.w / 2.0,
                height: s.h,
                cluster: Some(c),
            });
        }
    }
    // Chains.
    let cluster_chain = |end: End| -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = match end {
            End::Vertex(v) => input.vertices[v].cluster,
            End::Cluster(c) => Some(c),
        };
        while let Some(x) = k {
            out.push(x);
            k = cl_parent[x];
        }
        out
    };
    let mut chains: Vec<Chain> = Vec::with_capacity(normal.len());
    let mut flat: Vec<usize> = Vec::new();
    for &i in &normal {
        let e = &edges[i];
        let mut rev = edge_reversed[i];
        let (mut top, mut bottom) = if rev { (e.to, e.from) } else { (e.from, e.to) };
        let top_rank_of = |end: End| match end {
            End::Vertex(v) => rank[v] as usize,
            End::Cluster(c) => last[c],
        };
        let bottom_rank_of = |end: End| match end {
            End::Vertex(v) => rank[v] as usize,
            End::Cluster(c) => first[c],
        };
        if bottom_rank_of(bottom) <= top_rank_of(top) {
            // Only for constraints left out of ranking: point it downward,
            // or route it on its own when both ends share a rank.
            if bottom_rank_of(top) > top_rank_of(bottom) {
                std::mem::swap(&mut top, &mut bottom);
                rev = !rev;
            } else {
                flat.push(i);
                continue;
            }
        }
        let top_rank = top_rank_of(top);
        let bottom_rank = bottom_rank_of(bottom);
        let mut chain_items = Vec::new();
        let top_item = match top {
            End::Vertex(v) => v,
            End::Cluster(c) => {
                items.push(Item {
                    kind: ItemKind::Port,
                    rank: top_rank,
                    left: 0.0,
                    right: 0.0,
                    height: 0.0,
                    cluster: Some(c),
                });
                items.len() - 1
            }
        };
        chain_items.push(top_item);
        let tail_cl = cluster_chain(top);
        let head_cl = cluster_chain(bottom);
        let mid = top_rank + (bottom_rank.saturating_sub(top_rank)) / 2;
        let mut label_at = None;
        for k in top_rank + 1..bottom_rank {
            let x = tail_cl.iter().copied().find(|&c| last[c] >= k);
            let y = head_cl.iter().copied().find(|&c| first[c] <= k);
            let cl = match (x, y) {
                (Some(a), Some(b)) => Some(if depth[b] > depth[a] { b } else { a }),
                (a, b) => a.or(b),
            };
            let (kind, left, right, height) = match label_size[i] {
                Some(s) if k == mid && i < n_real_edges => {
                    label_at = Some(chain_items.len());
                    (ItemKind::Label(i), s.w / 2.0, s.w / 2.0, s.h)
                }
                _ => (ItemKind::Dummy, 0.0, 0.0, 0.0),
            };
            items.push(Item {
                kind,
                rank: k,
                left,
                right,
                height,
                cluster: cl,
            });
            chain_items.push(items.len() - 1);
        }
        let bottom_item = match bottom {
            End::Vertex(v) => v,
            End::Cluster(c) => {
                items.push(Item {
                    kind: ItemKind::Port,
                    rank: bottom_rank,
                    left: 0.0,
                    right: 0.0,
                    height: 0.0,
                    cluster: Some(c),
                });
                items.len() - 1
            }
        };
        chain_items.push(bottom_item);
        chains.push(Chain {
            edge: i,
            items: chain_items,
            top,
            bottom,
            reversed: rev,
            label_at,
            top_x: 0.0,
            bottom_x: 0.0,
        });
    }
    // Fillers: every subgraph present on every layer it spans.
    if nc > 0 {
        let mut present: Vec<Vec<bool>> = (0..nc)
            .map(|c| vec![false; last[c] + 1 - first[c].min(last[c])])
            .collect();
        for it in &items {
            let mut k = it.cluster;
            while let Some(c) = k {
                if it.rank >= first[c] && it.rank <= last[c] {
                    present[c][it.rank - first[c]] = true;
                }
                k = cl_parent[c];
            }
        }
        for c in 0..nc {
            for r in first[c]..=last[c] {
                if !present[c][r - first[c]] {
                    items.push(Item {
                        kind: ItemKind::Filler,
                        rank: r,
                        left: 0.0,
                        right: 0.0,
                        height: 0.0,
                        cluster: Some(c),
                    });
                    let mut k = Some(c);
                    while let Some(x) = k {
                        if r >= first[x] && r <= last[x] {
                            present[x][r - first[x]] = true;
                        }
                        k = cl_parent[x];
                    }
                }
            }
        }
    }
    // Adjacency.
    let n_items = items.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); n_items];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n_items];
    for ch in &chains {
        for w in ch.items.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }
    // ---- ordering
    let item_cluster: Vec<Option<usize>> = items.iter().map(|it| it.cluster).collect();
    let mut starts = vec![initial_order(&items, &down, n_ranks, 0)];
    if items.len() <= MULTI_START_MAX_ITEMS {
        starts.push(initial_order(&items, &down, n_ranks, 1));
        let mut mirrored = starts[0].clone();
        for l in &mut mirrored {
            l.reverse();
        }
        starts.push(mirrored);
        // Depth-first from the bottom, following edges upward.
        let mut flipped_items = items.clone();
        for it in &mut flipped_items {
            it.rank = n_ranks - 1 - it.rank;
        }
        let mut from_bottom = initial_order(&flipped_items, &up, n_ranks, 0);
        from_bottom.reverse();
        starts.push(from_bottom);
        // Small graphs also try a few shuffled depth-first orders
        // (deterministic: seeded).
        if items.len() <= SHUFFLE_MAX_ITEMS {
            for seed in 2..2 + SHUFFLED_STARTS {
                starts.push(initial_order(&items, &down, n_ranks, seed));
            }
        }
    }
    let og = OrderGraph {
        up: &up,
        down: &down,
        cluster_of: &item_cluster,
        cluster_parent: &cl_parent,
    };
    let mut layers = order(&og, starts, opts.order_patience);

    // ---- borders and positions
    // Ports only steer the ordering: where an edge meets a border follows
    // its neighbour in the chain, so they take no part in alignment.
    for i in 0..items.len() {
        if items[i].kind == ItemKind::Port {
            for w in std::mem::take(&mut up[i]) {
                down[w].retain(|&x| x != i);
            }
            for w in std::mem::take(&mut down[i]) {
                up[w].retain(|&x| x != i);
            }
        }
    }
    for layer in &mut layers {
        // Drop ports; one stays (as a filler) where it alone keeps its
        // subgraph present on the layer.
        let mut present_other: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for &v in layer.iter() {
            if items[v].kind != ItemKind::Port {
                let mut k = items[v].cluster;
                while let Some(c) = k {
                    present_other.insert(c);
                    k = cl_parent[c];
                }
            }
        }
        let mut kept: std::collections::HashSet<usize> = std::collections::HashSet::new();
        layer.retain(|&v| {
            if items[v].kind != ItemKind::Port {
                return true;
            }
            matches!(items[v].cluster, Some(c) if !present_other.contains(&c) && kept.insert(c))
        });
    }
    let first_border = items.len();
    insert_borders(&mut items, &mut layers, &mut up, &mut down, &cl_parent);
    let kinds: Vec<BkKind> = items
        .iter()
        .map(|it| match it.kind {
            ItemKind::Vertex(_) | ItemKind::Label(_) | ItemKind::Title(_) => BkKind::Real,
            ItemKind::Dummy | ItemKind::Port | ItemKind::Filler => BkKind::Dummy,
            ItemKind::LeftBorder(_) => BkKind::LeftBorder,
            ItemKind::RightBorder(_) => BkKind::RightBorder,
        })
        .collect();
    let lefts: Vec<f32> = items.iter().map(|it| it.left).collect();
    let rights: Vec<f32> = items.iter().map(|it| it.right).collect();
    let pad = opts.cluster_pad;
    let left_pad: Vec<f32> = (0..nc)
        .map(|c| {
            if title_at == TitleAt::LeftStrip {
                pad + title_box[c].w + pad * 0.6
            } else {
                pad
            }
        })
        .collect();
    let sep = |a: usize, b: usize| -> f32 {
        let base = rights[a] + lefts[b];
        let gap = match (items[a].kind, items[b].kind) {
            (ItemKind::LeftBorder(c), _) => left_pad[c],
            (_, ItemKind::RightBorder(_)) => pad,
            (ItemKind::RightBorder(_), ItemKind::LeftBorder(_)) => opts.node_sep * 0.5,
            (ItemKind::RightBorder(_), _) | (_, ItemKind::LeftBorder(_)) => {
                let other = if matches!(items[a].kind, ItemKind::RightBorder(_)) {
                    kinds[b]
                } else {
                    kinds[a]
                };
                if other == BkKind::Real {
                    opts.node_sep * 0.5
                } else {
                    opts.edge_sep
                }
            }
            _ => match (kinds[a], kinds[b]) {
                (BkKind::Real, BkKind::Real) => opts.node_sep,
                (BkKind::Dummy, BkKind::Dummy) => opts.edge_sep,
                _ => (opts.node_sep * 0.5).max(opts.edge_sep),
            },
        };
        base + gap
    };
    let bk = BkGraph {
        layers: &layers,
        up: &up,
        down: &down,
        kind: &kinds,
        left: &lefts,
        right: &rights,
    };
    let mut x = bk_positions(&bk, &sep);
    // ---- cluster x extents
    let mut cl_x0 = vec![f32::INFINITY; nc];
    let mut cl_x1 = vec![f32::NEG_INFINITY; nc];
    for (i, it) in items.iter().enumerate().skip(first_border) {
        match it.kind {
            ItemKind::LeftBorder(c) => cl_x0[c] = cl_x0[c].min(x[i]),
            ItemKind::RightBorder(c) => cl_x1[c] = cl_x1[c].max(x[i]),
            _ => {}
        }
    }
    // Pull each subgraph's borders in to its contents (children first):
    // free items (titles, fillers) may have stretched it. Staying inside the
    // old borders keeps every other item out.
    let mut title_free = vec![(0.0f32, 0.0f32); nc];
    {
        let mut in_layer = vec![false; items.len()];
        for l in &layers {
            for &v in l {
                in_layer[v] = true;
            }
        }
        let mut lo = vec![f32::INFINITY; nc];
        let mut hi = vec![f32::NEG_INFINITY; nc];
        for (i, it) in items.iter().enumerate() {
            if !in_layer[i]
                || !matches!(
                    it.kind,
                    ItemKind::Vertex(_) | ItemKind::Label(_) | ItemKind::Dummy
                )
            {
                continue;
            }
            if let Some(c) = it.cluster {
                lo[c] = lo[c].min(x[i] - it.left);
                hi[c] = hi[c].max(x[i] + it.right);
            }
        }
        let post = post_order(&cl_children, &cl_parent);
        for &c in &post {
            let mut a = lo[c] - left_pad[c];
            let mut b = hi[c] + pad;
            for &d in &cl_children[c] {
                a = a.min(cl_x0[d] - left_pad[c]);
                b = b.max(cl_x1[d] + pad);
            }
            if !a.is_finite() || !b.is_finite() {
                continue;
            }
            if title_at != TitleAt::LeftStrip {
                let need = title_box[c].w + 2.0 * pad;
                if b - a < need {
                    let extra = (need - (b - a)) / 2.0;
                    a -= extra;
                    b += extra;
                }
                a = a.max(cl_x0[c]);
                b = b.min(cl_x1[c]);
                // The title goes in its row, clear of the edges passing
                // there: as central as the row allows, widening the box only
                // if it must (never past where it was).
                let t = title_item[c];
                let hw = title_box[c].w / 2.0;
                let blocks: Vec<(f32, f32)> = layers[items[t].rank]
                    .iter()
                    .filter(|&&v| {
                        v != t
                            && matches!(items[v].kind, ItemKind::Dummy | ItemKind::Label(_))
                            && x[v] > cl_x0[c]
                            && x[v] < cl_x1[c]
                    })
                    .map(|&v| {
                        let gap = (opts.node_sep * 0.5).max(opts.edge_sep);
                        (
                            x[v] - items[v].left - gap - hw,
                            x[v] + items[v].right + gap + hw,
                        )
                    })
                    .collect();
                let free_in = |lo: f32, hi: f32| -> Vec<(f32, f32)> {
                    if lo.partial_cmp(&hi).is_none_or(std::cmp::Ordering::is_gt) {
                        return Vec::new();
                    }
                    let mut free = vec![(lo, hi)];
                    for &(b0, b1) in &blocks {
                        free = free
                            .into_iter()
                            .flat_map(|(f0, f1)| {
                                let mut out = Vec::new();
                                if b0 > f0 {
                                    out.push((f0, f1.min(b0)));
                                }
                                if b1 < f1 {
                                    out.push((f0.max(b1), f1));
                                }
                                out
                            })
                            .filter(|(f0, f1)| f0 <= f1)
                            .collect();
                    }
                    free
                };
                let want = f32::midpoint(a, b);
                let pick = |free: &[(f32, f32)]| {
                    free.iter()
                        .map(|&(f0, f1)| (want.clamp(f0, f1), (f0, f1)))
                        .min_by(|p, q| (p.0 - want).abs().total_cmp(&(q.0 - want).abs()))
                };
                let inner = free_in(a + left_pad[c] + hw, b - pad - hw);
                let chosen = pick(&inner)
                    .or_else(|| pick(&free_in(cl_x0[c] + left_pad[c] + hw, cl_x1[c] - pad - hw)));
                if let Some((tx, range)) = chosen {
                    x[t] = tx;
                    title_free[c] = range;
                    a = a.min(tx - hw - left_pad[c]);
                    b = b.max(tx + hw + pad);
                } else {
                    a = a.min(x[t] - hw - left_pad[c]);
                    b = b.max(x[t] + hw + pad);
                    title_free[c] = (x[t], x[t]);
                }
            }
            cl_x0[c] = a.max(cl_x0[c]);
            cl_x1[c] = b.min(cl_x1[c]);
        }
        for (i, it) in items.iter().enumerate().skip(first_border) {
            match it.kind {
                ItemKind::LeftBorder(c) => x[i] = cl_x0[c],
                ItemKind::RightBorder(c) => x[i] = cl_x1[c],
                _ => {}
            }
        }
    }
    // ---- vertical placement
    let mut band_h = vec![0.0f32; n_ranks];
    for it in &items {
        band_h[it.rank] = band_h[it.rank].max(it.height);
    }
    let min_gap = opts.rank_sep / 2.0;
    // Rows holding only titles and edge points need little room on the side
    // away from the members; gaps where edges end on a border need enough
    // room for an arrow.
    let mut title_only = vec![true; n_ranks];
    for it in &items {
        if matches!(it.kind, ItemKind::Vertex(_) | ItemKind::Label(_)) {
            title_only[it.rank] = false;
        }
    }
    let mut has_title = vec![false; n_ranks];
    for it in &items {
        if matches!(it.kind, ItemKind::Title(_)) {
            has_title[it.rank] = true;
        }
    }
    let mut border_end = vec![false; n_ranks];
    for ch in &chains {
        if let End::Cluster(c) = ch.bottom
            && first[c] > 0
        {
            border_end[first[c] - 1] = true;
        }
        if let End::Cluster(c) = ch.top {
            border_end[last[c]] = true;
        }
    }
    let base_gap: Vec<f32> = (0..n_ranks)
        .map(|r| {
            let tight = match title_at {
                TitleAt::TopRow => has_title[r] && title_only[r],
                TitleAt::BottomRow => r + 1 < n_ranks && has_title[r + 1] && title_only[r + 1],
                TitleAt::LeftStrip => false,
            };
            if tight && !border_end[r] {
                TITLE_GAP
            } else {
                min_gap
            }
        })
        .collect();
    // Steep enough fans: a fan of edges from one node to a wide row must
    // not leave it almost flat (unreadable where the lines meet), so the
    // gaps an edge spans grow until it rises at least 1 for every
    // `MAX_RUN` across, within a cap.
    let plain_gap = base_gap.clone();
    let mut base_gap = base_gap;
    let mut fan_down = vec![0usize; items.len()];
    let mut fan_up = vec![0usize; items.len()];
    for ch in &chains {
        if let (Some(&top), Some(&bottom)) = (ch.items.first(), ch.items.last()) {
            fan_down[top] += 1;
            fan_up[bottom] += 1;
        }
    }
    for ch in &chains {
        let (Some(&top), Some(&bottom)) = (ch.items.first(), ch.items.last()) else {
            continue;
        };
        let (r0, r1) = (items[top].rank, items[bottom].rank);
        if r1 <= r0 || (fan_down[top] < MIN_FAN && fan_up[bottom] < MIN_FAN) {
            continue;
        }
        let run = (x[bottom] - x[top]).abs();
        let bands: f32 = (r0 + 1..r1).map(|r| band_h[r]).sum();
        let rise: f32 = (r0..r1).map(|r| base_gap[r]).sum::<f32>() + bands;
        let plain: f32 = (r0..r1).map(|r| plain_gap[r]).sum::<f32>() + bands;
        let want = (run / MAX_RUN).min(plain + MAX_EXTRA_RISE);
        if want > rise {
            let extra = (want - rise) / (r1 - r0) as f32;
            for g in &mut base_gap[r0..r1] {
                *g += extra;
            }
        }
    }
    let mut gap = base_gap.clone();
    let mut band_top = vec![0.0f32; n_ranks];
    let mut band_bottom = vec![0.0f32; n_ranks];
    let mut cl_y0 = vec![0.0f32; nc];
    let mut cl_y1 = vec![0.0f32; nc];
    let post = post_order(&cl_children, &cl_parent);
    for _round in 0..4 {
        let mut y = 0.0;
        for r in 0..n_ranks {
            band_top[r] = y;
            band_bottom[r] = y + band_h[r];
            y = band_bottom[r] + gap[r];
        }
        for &c in &post {
            let mut y0 = band_top[first[c]];
            let mut y1 = band_bottom[last[c]];
            for &d in &cl_children[c] {
                y0 = y0.min(cl_y0[d]);
                y1 = y1.max(cl_y1[d]);
            }
            y0 -= pad;
            y1 += pad;
            if title_at == TitleAt::LeftStrip {
                let need = title_box[c].h + 2.0 * pad;
                if y1 - y0 < need {
                    let extra = (need - (y1 - y0)) / 2.0;
                    y0 -= extra;
                    y1 += extra;
                }
            }
            cl_y0[c] = y0;
            cl_y1[c] = y1;
        }
        // Gaps must hold the borders that stick out of the bands.
        let mut below = vec![0.0f32; n_ranks];
        let mut above = vec![0.0f32; n_ranks];
        for c in 0..nc {
            below[last[c]] = below[last[c]].max(cl_y1[c] - band_bottom[last[c]]);
            above[first[c]] = above[first[c]].max(band_top[first[c]] - cl_y0[c]);
        }
        let mut changed = false;
        for r in 0..n_ranks {
            let next_above = if r + 1 < n_ranks { above[r + 1] } else { 0.0 };
            let need = if below[r] > 0.0 || next_above > 0.0 {
                // Room for the borders plus a visible stretch of edge.
                let stretch = if border_end[r] {
                    min_gap.max(24.0)
                } else {
                    base_gap[r].min(min_gap)
                };
                below[r] + next_above + stretch
            } else {
                base_gap[r]
            };
            if need > gap[r] + 0.01 {
                gap[r] = need;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // A free horizontal channel in each gap, between the borders that stick
    // out of the bands, for edges that must pass a subgraph's corner.
    let mut channel_y = vec![0.0f32; n_ranks];
    {
        let mut below = vec![0.0f32; n_ranks];
        let mut above = vec![0.0f32; n_ranks];
        for c in 0..nc {
            below[last[c]] = below[last[c]].max(cl_y1[c] - band_bottom[last[c]]);
            above[first[c]] = above[first[c]].max(band_top[first[c]] - cl_y0[c]);
        }
        for r in 0..n_ranks {
            let next_above = if r + 1 < n_ranks { above[r + 1] } else { 0.0 };
            channel_y[r] = band_bottom[r] + below[r] + (gap[r] - below[r] - next_above) / 2.0;
        }
    }
    // Titles: centred in their subgraph where the row leaves room.
    let mut title_rect = vec![Rect::default(); nc];
    // How far each title may slide left and right (to clear edge ends).
    let mut title_range = vec![(0.0f32, 0.0f32); nc];
    for c in 0..nc {
        let s = title_box[c];
        match title_at {
            TitleAt::LeftStrip => {
                let cx = cl_x0[c] + pad + s.w / 2.0;
                let cy = f32::midpoint(cl_y0[c], cl_y1[c]);
                title_rect[c] = Rect::from_center(Point::new(cx, cy), s);
            }
            TitleAt::TopRow | TitleAt::BottomRow => {
                let t = title_item[c];
                let r = items[t].rank;
                title_range[c] = (title_free[c].0 - x[t], title_free[c].1 - x[t]);
                let cy = if title_at == TitleAt::TopRow {
                    band_top[r] + s.h / 2.0
                } else {
                    band_bottom[r] - s.h / 2.0
                };
                title_rect[c] = Rect::from_center(Point::new(x[t], cy), s);
            }
        }
    }
    let cluster_rect: Vec<Rect> = (0..nc)
        .map(|c| Rect {
            min_x: cl_x0[c],
            min_y: cl_y0[c],
            max_x: cl_x1[c],
            max_y: cl_y1[c],
        })
        .collect();
    place_border_ends(
        &mut chains,
        &items,
        &x,
        &cluster_rect,
        &mut title_rect,
        &title_range,
        title_at,
        &left_pad,
        pad,
    );
    let vertex_rect: Vec<Rect> = (0..nv)
        .map(|v| {
            let r = items[v].rank;
            let cy = f32::midpoint(band_top[r], band_bottom[r]);
            Rect::from_center(Point::new(x[v], cy), vsize[v])
        })
        .collect();
    let mut label_rect: Vec<Option<Rect>> = vec![None; edges.len()];
    for ch in &chains {
        if let Some(k) = ch.label_at {
            let it = ch.items[k];
            let r = items[it].rank;
            let cy = f32::midpoint(band_top[r], band_bottom[r]);
            if let Some(s) = label_size[ch.edge] {
                label_rect[ch.edge] = Some(Rect::from_center(Point::new(x[it], cy), s));
            }
        }
    }
    // Split each reserved title box into the title and the labels beside it.
    for c in 0..nc {
        if title_extra[c].is_empty() {
            continue;
        }
        let b = title_rect[c];
        let t = title_size[c];
        if title_at == TitleAt::LeftStrip {
            let cx = b.center().x;
            title_rect[c] = Rect::from_center(Point::new(cx, b.min_y + t.h / 2.0), t);
            let mut y = b.min_y + t.h;
            for &(e, l) in &title_extra[c] {
                y += LABEL_GAP * 2.0;
                label_rect[e] = Some(Rect::from_center(Point::new(cx, y + l.h / 2.0), l));
                y += l.h;
            }
        } else {
            let cy = b.center().y;
            title_rect[c] = Rect::from_center(Point::new(b.min_x + t.w / 2.0, cy), t);
            let mut x0 = b.min_x + t.w;
            for &(e, l) in &title_extra[c] {
                x0 += LABEL_GAP * 2.0;
                label_rect[e] = Some(Rect::from_center(Point::new(x0 + l.w / 2.0, cy), l));
                x0 += l.w;
            }
        }
    }
    let placed = Placed {
        items,
        x,
        chains,
        band_top,
        band_bottom,
        channel_y,
        vertex_rect,
        cluster_rect,
        title_rect,
        label_rect,
        loops,
        degenerate,
        flat,
        cl_parent,
    };
    let shapes: Vec<Shape> = input.vertices.iter().map(|v| v.shape).collect();
    let routed = route::route(&RouteInput {
        placed: &placed,
        edges: &edges,
        label_size: &label_size,
        shapes: &shapes,
        opts,
        n_real_edges,
        vertex_cluster: &input.vertices.iter().map(|v| v.cluster).collect::<Vec<_>>(),
        dir,
    });
    to_screen(&placed, routed, dir, n_real_edges)
}

/// Decides where edges meet subgraph borders (following their neighbour
/// in the chain) and slides titles out of the way of edges ending next to
/// them.
#[expect(
    clippy::too_many_arguments,
    reason = "one step of the pipeline, reading its state"
)]
fn place_border_ends(
    chains: &mut [Chain],
    items: &[Item],
    x: &[f32],
    cluster_rect: &[Rect],
    title_rect: &mut [Rect],
    title_range: &[(f32, f32)],
    title_at: TitleAt,
    left_pad: &[f32],
    pad: f32,
) {
    let margin = 10.0;
    let range = |c: usize| -> (f32, f32) {
        let r = cluster_rect[c];
        let lo = if title_at == TitleAt::LeftStrip {
            r.min_x + left_pad[c]
        } else {
            r.min_x + margin
        };
        (lo, (r.max_x - margin).max(lo))
    };
    // Ends on the title's side of each subgraph.
    let mut on_title_side: Vec<Vec<f32>> = vec![Vec::new(); cluster_rect.len()];
    for ch in chains.iter_mut() {
        let n = ch.items.len();
        if let (End::Cluster(a), End::Cluster(b)) = (ch.top, ch.bottom)
            && n == 2
        {
            let (ra, rb) = (cluster_rect[a], cluster_rect[b]);
            let (la, ha) = range(a);
            let (lb, hb) = range(b);
            let (lo, hi) = (la.max(lb), ha.min(hb));
            if lo <= hi {
                ch.top_x = f32::midpoint(lo, hi);
                ch.bottom_x = ch.top_x;
            } else {
                ch.top_x = rb.center().x.clamp(la, ha);
                ch.bottom_x = ra.center().x.clamp(lb, hb);
            }
        } else {
            if let End::Cluster(c) = ch.top {
                let (lo, hi) = range(c);
                ch.top_x = x[ch.items[1]].clamp(lo, hi);
            }
            if let End::Cluster(c) = ch.bottom {
                let (lo, hi) = range(c);
                ch.bottom_x = x[ch.items[n - 2]].clamp(lo, hi);
            }
        }
        match (title_at, ch.top, ch.bottom) {
            (TitleAt::TopRow, _, End::Cluster(c)) => on_title_side[c].push(ch.bottom_x),
            (TitleAt::BottomRow, End::Cluster(c), _) => on_title_side[c].push(ch.top_x),
            _ => {}
        }
    }
    let _ = items;
    let clear = 8.0;
    for (c, xs) in on_title_side.iter().enumerate() {
        let t = title_rect[c];
        let hw = t.width() / 2.0;
        let cx = t.center().x;
        let free = |at: f32| xs.iter().all(|&e| (e - at).abs() > hw + clear);
        if xs.is_empty() || free(cx) {
            continue;
        }
        let (lo, hi) = (cx + title_range[c].0, cx + title_range[c].1);
        let (plo, phi) = (
            cluster_rect[c].min_x + pad + hw,
            cluster_rect[c].max_x - pad - hw,
        );
        let mut best: Option<f32> = None;
        for &e in xs {
            for at in [e - hw - clear - 0.5, e + hw + clear + 0.5] {
                if at >= lo.max(plo)
                    && at <= hi.min(phi)
                    && free(at)
                    && best.is_none_or(|b| (at - cx).abs() < (b - cx).abs())
                {
                    best = Some(at);
                }
            }
        }
        if let Some(at) = best {
            title_rect[c].min_x += at - cx;
            title_rect[c].max_x += at - cx;
        }
    }
}

/// `group` split into `count` layers in order, as evenly as possible (10
/// in 4 layers: 3, 3, 2, 2), so the last layer is never left nearly empty.
fn grid_layers(group: &[usize], count: usize) -> Vec<&[usize]> {
    let count = count.clamp(1, group.len().max(1));
    let (base, extra) = (group.len() / count, group.len() % count);
    let mut out = Vec::with_capacity(count);
    let mut at = 0;
    for i in 0..count {
        let len = base + usize::from(i < extra);
        out.push(&group[at..at + len]);
        at += len;
    }
    out
}

/// Layers of the grid for isolated vertices: of the counts a full grid
/// would have (⌈n / k⌉ for k per layer), the one that brings the group's
/// width / height closest to the target aspect.
fn grid_layer_count(
    group: &[usize],
    vsize: &[Size],
    opts: &LayoutOptions,
    dir: Direction,
) -> usize {
    let n = group.len();
    let mut best = 1;
    let mut best_score = f32::INFINITY;
    let mut tried = 0;
    for per_layer in 1..=n {
        let rows = n.div_ceil(per_layer);
        if rows == tried {
            continue;
        }
        tried = rows;
        let mut w_int: f32 = 0.0;
        let mut h_int = 0.0;
        for row in grid_layers(group, rows) {
            let w: f32 = row.iter().map(|&v| vsize[v].w).sum::<f32>()
                + opts.node_sep * (row.len() as f32 - 1.0);
            w_int = w_int.max(w);
            h_int += row.iter().map(|&v| vsize[v].h).fold(0.0, f32::max);
        }
        h_int += opts.rank_sep * (rows as f32 - 1.0);
        let aspect = match dir {
            Direction::LeftRight | Direction::RightLeft => h_int / w_int.max(1.0),
            Direction::TopBottom | Direction::BottomTop => w_int / h_int.max(1.0),
        };
        let score = (aspect / opts.grid_aspect).ln().abs();
        if score < best_score - 1e-4 {
            best_score = score;
            best = rows;
        }
    }
    best
}

/// Moves each vertex whose in and out weights are equal (so its rank does
/// not change the total edge length) to its least crowded feasible rank,
/// as dot does: fewer nodes side by side means fewer crossings.
fn balance_ranks(rank: &mut [i32], edges: &[RankEdge], linked: &[bool]) {
    let nv = linked.len();
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); nv];
    for (i, e) in edges.iter().enumerate() {
        if e.from < nv {
            inc[e.from].push(i);
        }
        if e.to < nv {
            inc[e.to].push(i);
        }
    }
    let max = rank.iter().copied().max().unwrap_or(0).max(0) as usize;
    let mut count = vec![0usize; max + 1];
    for &r in &rank[..nv] {
        count[r as usize] += 1;
    }
    let mut in_w = vec![0i64; rank.len()];
    let mut out_w = vec![0i64; rank.len()];
    let mut low = vec![0i32; nv];
    let mut high = vec![i32::MAX; nv];
    for e in edges {
        out_w[e.from] += e.weight;
        in_w[e.to] += e.weight;
    }
    for v in 0..nv {
        if !linked[v] || in_w[v] != out_w[v] || in_w[v] == 0 {
            continue;
        }
        low[v] = 0;
        high[v] = max as i32;
        for &i in &inc[v] {
            let e = &edges[i];
            if e.to == v {
                low[v] = low[v].max(rank[e.from] + e.minlen);
            }
            if e.from == v {
                high[v] = high[v].min(rank[e.to] - e.minlen);
            }
        }
        let mut best = rank[v];
        for r in low[v]..=high[v] {
            if r >= 0 && count[r as usize] + 1 < count[best as usize] {
                best = r;
            }
        }
        if best != rank[v] {
            count[rank[v] as usize] -= 1;
            count[best as usize] += 1;
            rank[v] = best;
        }
    }
}

/// Orients edges so the rank constraints are acyclic: each edge is settled
/// at the level of the innermost subgraph holding both ends, among that
/// level's children (its own nodes and child subgraphs, each one unit), by
/// a depth-first search from the sources that reverses edges closing a
/// cycle. A cycle of constraints would show up as one at some level, so
/// none is left. Returns, per edge, whether it points against its source.
fn orient_by_level(
    input: &ScopeInput,
    cl_parent: &[Option<usize>],
    edges: &[SEdge],
    normal: &[usize],
) -> Vec<bool> {
    let nv = input.vertices.len();
    let chain = |end: End| -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = match end {
            End::Vertex(v) => input.vertices[v].cluster,
            End::Cluster(c) => Some(c),
        };
        while let Some(c) = k {
            out.push(c);
            k = cl_parent[c];
        }
        out
    };
    // Unit of an end at `level`: a vertex directly in it, or the child
    // subgraph holding the end. Units are numbered vertices first.
    let unit = |end: End, level: Option<usize>, ch: &[usize]| -> usize {
        if let End::Vertex(v) = end
            && input.vertices[v].cluster == level
        {
            return v;
        }
        // The cluster on the chain whose parent is `level`.
        let k = ch
            .iter()
            .copied()
            .find(|&c| cl_parent[c] == level)
            .unwrap_or(0);
        nv + k
    };
    let mut by_level: std::collections::BTreeMap<Option<usize>, Vec<(usize, usize, usize)>> =
        std::collections::BTreeMap::new();
    for &i in normal {
        let e = &edges[i];
        let (ca, cb) = (chain(e.from), chain(e.to));
        let level = ca.iter().copied().find(|c| cb.contains(c));
        let (ua, ub) = (unit(e.from, level, &ca), unit(e.to, level, &cb));
        by_level.entry(level).or_default().push((i, ua, ub));
    }
    let mut reversed = vec![false; edges.len()];
    for list in by_level.values() {
        let mut nodes: Vec<usize> = list.iter().flat_map(|&(_, a, b)| [a, b]).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let index = |u: usize| nodes.binary_search(&u).unwrap_or(0);
        let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes.len()];
        let mut indeg = vec![0usize; nodes.len()];
        for &(i, a, b) in list {
            if a != b {
                out[index(a)].push((index(b), i));
                indeg[index(b)] += 1;
            }
        }
        let mut state = vec![0u8; nodes.len()];
        let starts: Vec<usize> = (0..nodes.len())
            .filter(|&v| indeg[v] == 0)
            .chain((0..nodes.len()).filter(|&v| indeg[v] != 0))
            .collect();
        for s in starts {
            if state[s] != 0 {
                continue;
            }
            state[s] = 1;
            let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
            while let Some(&mut (v, ref mut k)) = stack.last_mut() {
                if *k < out[v].len() {
                    let (w, i) = out[v][*k];
                    *k += 1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => reversed[i] = true,
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }
    reversed
}

/// Adds one rank constraint per edge of `normal`, reversed where
/// `reversed` says so.
fn push_user_constraints(
    cons: &mut Vec<CEdge>,
    normal: &[usize],
    edges: &[SEdge],
    label_size: &[Option<Size>],
    reversed: &[bool],
    var_of: &dyn Fn(End, bool) -> usize,
) {
    for &i in normal {
        let e = &edges[i];
        let (tail, head) = if reversed[i] {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        cons.push(CEdge {
            from: var_of(tail, true),
            to: var_of(head, false),
            // Ranks are doubled so a label gets a rank of its own; an
            // unlabelled edge to or from a subgraph ends on its border, in
            // the gap, so it needs one rank less.
            minlen: {
                let m = 2 * e.minlen.max(1) as i32;
                let to_border =
                    matches!(e.from, End::Cluster(_)) || matches!(e.to, End::Cluster(_));
                if to_border && label_size[i].is_none() {
                    m - 1
                } else {
                    m
                }
            },
            reversible: true,
            edge: i,
        });
    }
}

/// A rank constraint that remembers which edge it came from.
#[derive(Debug, Clone, Copy)]
struct CEdge {
    from: usize,
    to: usize,
    minlen: i32,
    reversible: bool,
    edge: usize,
}

impl CEdge {
    fn fixed(from: usize, to: usize, minlen: i32) -> Self {
        Self {
            from,
            to,
            minlen,
            reversible: false,
            edge: usize::MAX,
        }
    }
}

/// Makes the constraint graph acyclic by reversing edges that close cycles
/// (depth-first search from the sources, in input order). Structural
/// constraints are never reversed: when one closes a cycle, the last
/// reversible edge on that cycle is reversed and the search restarts.
/// Returns, per constraint, whether it was reversed, and whether it had to
/// be left out of ranking (a last resort that keeps the rest acyclic).
fn break_cycles(
    n: usize,
    cons: &mut [CEdge],
    flip: impl Fn(&CEdge, bool) -> CEdge,
) -> (Vec<bool>, Vec<bool>) {
    let mut reversed = vec![false; cons.len()];
    let mut disabled = vec![false; cons.len()];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let rebuild = |cons: &[CEdge], out: &mut Vec<Vec<usize>>| {
        for o in out.iter_mut() {
            o.clear();
        }
        for (i, e) in cons.iter().enumerate() {
            out[e.from].push(i);
        }
    };
    rebuild(cons, &mut out);
    for _attempt in 0..cons.len() + 8 {
        let mut indeg = vec![0usize; n];
        for e in cons.iter() {
            indeg[e.to] += 1;
        }
        let starts: Vec<usize> = (0..n)
            .filter(|&v| indeg[v] == 0)
            .chain((0..n).filter(|&v| indeg[v] != 0))
            .collect();
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        let mut restart = None;
        'outer: for &s in &starts {
            if state[s] != 0 {
                continue;
            }
            // Stack of (vertex, next out-edge index, edge used to arrive).
            let mut stack: Vec<(usize, usize, usize)> = vec![(s, 0, usize::MAX)];
            state[s] = 1;
            while let Some(&mut (v, ref mut k, _)) = stack.last_mut() {
                if *k < out[v].len() {
                    let ei = out[v][*k];
                    *k += 1;
                    if cons[ei].from != v {
                        continue; // flipped earlier in this pass
                    }
                    let w = cons[ei].to;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0, ei));
                        }
                        1 => {
                            if cons[ei].reversible {
                                cons[ei] = flip(&cons[ei], !reversed[ei]);
                                reversed[ei] = !reversed[ei];
                            } else {
                                // Reverse the last reversible edge on the path from w.
                                let mut pick = None;
                                for &(u, _, via) in stack.iter().rev() {
                                    if via != usize::MAX && cons[via].reversible {
                                        pick = Some(via);
                                        break;
                                    }
                                    if u == w {
                                        break;
                                    }
                                }
                                if let Some(p) = pick {
                                    restart = Some(p);
                                    break 'outer;
                                }
                            }
                        }
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
        if let Some(p) = restart {
            cons[p] = flip(&cons[p], !reversed[p]);
            reversed[p] = !reversed[p];
        } else if cyclic_vertices(n, cons, &disabled).is_empty() {
            return (reversed, disabled);
        }
        rebuild(cons, &mut out);
    }
    // Last resort: leave out the reversible edges inside what is still cyclic.
    let stuck = cyclic_vertices(n, cons, &disabled);
    for (i, e) in cons.iter().enumerate() {
        if e.reversible && stuck[e.from] && stuck[e.to] {
            disabled[i] = true;
        }
    }
    (reversed, disabled)
}

/// Vertices left over by Kahn's algorithm (on or behind a cycle); empty
/// when the graph is acyclic.
fn cyclic_vertices(n: usize, cons: &[CEdge], disabled: &[bool]) -> Vec<bool> {
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in cons.iter().enumerate() {
        if !disabled[i] {
            indeg[e.to] += 1;
            out[e.from].push(e.to);
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut done = 0;
    while let Some(v) = stack.pop() {
        done += 1;
        for &w in &out[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                stack.push(w);
            }
        }
    }
    if done == n {
        Vec::new()
    } else {
        indeg.iter().map(|&d| d > 0).collect()
    }
}

/// Graphs up to this many items try several initial orders.
const MULTI_START_MAX_ITEMS: usize = 2500;
/// Graphs up to this many items also try shuffled initial orders.
const SHUFFLE_MAX_ITEMS: usize = 400;
/// How many shuffled initial orders.
const SHUFFLED_STARTS: u64 = 8;

/// Initial order: depth-first from the top items. Variant 0 visits in input
/// order, 1 visits children last-first, higher variants shuffle starts and
/// children with a generator seeded by the variant.
fn initial_order(
    items: &[Item],
    down: &[Vec<usize>],
    n_ranks: usize,
    variant: u64,
) -> Vec<Vec<usize>> {
    let mut state = variant.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); n_ranks];
    let mut seen = vec![false; items.len()];
    let mut starts: Vec<usize> = (0..items.len()).collect();
    let mut tiebreak: Vec<u64> = vec![0; items.len()];
    if variant >= 2 {
        for t in &mut tiebreak {
            *t = rnd();
        }
    }
    starts.sort_by_key(|&i| (items[i].rank, tiebreak[i], i));
    let mut stack = Vec::new();
    let mut kids: Vec<usize> = Vec::new();
    for s in starts {
        if seen[s] {
            continue;
        }
        stack.push(s);
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            layers[items[v].rank].push(v);
            kids.clear();
            kids.extend(down[v].iter().copied().filter(|&w| !seen[w]));
            match variant {
                0 => kids.reverse(),
                1 => {}
                _ => kids.sort_by_key(|&w| tiebreak[w]),
            }
            stack.extend_from_slice(&kids);
        }
    }
    layers
}

/// Adds a left and a right border item around each subgraph's run on every
/// layer, linked into vertical chains.
fn insert_borders(
    items: &mut Vec<Item>,
    layers: &mut [Vec<usize>],
    up: &mut Vec<Vec<usize>>,
    down: &mut Vec<Vec<usize>>,
    cl_parent: &[Option<usize>],
) {
    let nc = cl_parent.len();
    if nc == 0 {
        return;
    }
    let mut last_left: Vec<Option<(usize, usize)>> = vec![None; nc];
    let mut last_right: Vec<Option<(usize, usize)>> = vec![None; nc];
    for (r, layer) in layers.iter_mut().enumerate() {
        let mut out = Vec::with_capacity(layer.len() + 4);
        let mut open: Vec<usize> = Vec::new();
        let mut seen_on_layer = vec![false; nc];
        let mut closed_on_layer = vec![false; nc];
        let mut push_border = |items: &mut Vec<Item>,
                               up: &mut Vec<Vec<usize>>,
                               down: &mut Vec<Vec<usize>>,
                               out: &mut Vec<usize>,
                               c: usize,
                               right: bool,
                               link: bool| {
            let id = items.len();
            items.push(Item {
                kind: if right {
                    ItemKind::RightBorder(c)
                } else {
                    ItemKind::LeftBorder(c)
                },
                rank: r,
                left: 0.0,
                right: 0.0,
                height: 0.0,
                cluster: Some(c),
            });
            up.push(Vec::new());
            down.push(Vec::new());
            let prev = if right {
                &mut last_right[c]
            } else {
                &mut last_left[c]
            };
            if link
                && let Some((pr, pid)) = *prev
                && pr + 1 == r
            {
                down[pid].push(id);
                up[id].push(pid);
            }
            if link {
                *prev = Some((r, id));
            }
            out.push(id);
        };
        for &v in layer.iter() {
            let mut path = Vec::new();
            let mut k = items[v].cluster;
            while let Some(c) = k {
                path.push(c);
                k = cl_parent[c];
            }
            path.reverse();
            // Close subgraphs not on this item's path.
            let common = open.iter().zip(&path).take_while(|(a, b)| a == b).count();
            while open.len() > common {
                if let Some(c) = open.pop() {
                    let link = !closed_on_layer[c];
                    closed_on_layer[c] = true;
                    push_border(items, up, down, &mut out, c, true, link);
                }
            }
            for &c in &path[common..] {
                let link = !seen_on_layer[c];
                seen_on_layer[c] = true;
                push_border(items, up, down, &mut out, c, false, link);
                open.push(c);
            }
            out.push(v);
        }
        while let Some(c) = open.pop() {
            let link = !closed_on_layer[c];
            closed_on_layer[c] = true;
            push_border(items, up, down, &mut out, c, true, link);
        }
        *layer = out;
    }
}

/// Subgraphs children first.
fn post_order(children: &[Vec<usize>], parent: &[Option<usize>]) -> Vec<usize> {
    let mut out = Vec::with_capacity(parent.len());
    let mut stack: Vec<(usize, bool)> = (0..parent.len())
        .rev()
        .filter(|&c| parent[c].is_none())
        .map(|c| (c, false))
        .collect();
    while let Some((c, expanded)) = stack.pop() {
        if expanded {
            out.push(c);
        } else {
            stack.push((c, true));
            for &d in children[c].iter().rev() {
                stack.push((d, false));
            }
        }
    }
    out
}

/// Maps the routed internal-frame geometry to the screen frame of `dir`,
/// with the drawing's top-left at the origin.
fn to_screen(
    placed: &Placed,
    routed: Vec<(Vec<Point>, Option<Rect>)>,
    dir: Direction,
    n_real_edges: usize,
) -> ScopeOutput {
    let mut bb = Rect {
        min_x: f32::INFINITY,
        min_y: f32::INFINITY,
        max_x: f32::NEG_INFINITY,
        max_y: f32::NEG_INFINITY,
    };
    let mut grow = |r: &Rect| bb = bb.union(r);
    for r in &placed.vertex_rect {
        grow(r);
    }
    for r in &placed.cluster_rect {
        grow(r);
    }
    for (pts, label) in routed.iter().take(n_real_edges) {
        for p in pts {
            grow(&Rect {
                min_x: p.x,
                min_y: p.y,
                max_x: p.x,
                max_y: p.y,
            });
        }
        if let Some(l) = label {
            grow(l);
        }
    }
    if !bb.min_x.is_finite() {
        bb = Rect::default();
    }
    let (w_int, h_int) = (bb.width(), bb.height());
    let map_p = |p: Point| -> Point {
        let (x, y) = (p.x - bb.min_x, p.y - bb.min_y);
        match dir {
            Direction::TopBottom => Point::new(x, y),
            Direction::BottomTop => Point::new(x, h_int - y),
            Direction::LeftRight => Point::new(y, x),
            Direction::RightLeft => Point::new(h_int - y, x),
        }
    };
    let map_r = |r: &Rect| -> Rect {
        let a = map_p(Point::new(r.min_x, r.min_y));
        let b = map_p(Point::new(r.max_x, r.max_y));
        Rect {
            min_x: a.x.min(b.x),
            min_y: a.y.min(b.y),
            max_x: a.x.max(b.x),
            max_y: a.y.max(b.y),
        }
    };
    let (width, height) = match dir {
        Direction::TopBottom | Direction::BottomTop => (w_int, h_int),
        Direction::LeftRight | Direction::RightLeft => (h_int, w_int),
    };
    ScopeOutput {
        vertices: placed.vertex_rect.iter().map(map_r).collect(),
        clusters: placed
            .cluster_rect
            .iter()
            .zip(&placed.title_rect)
            .map(|(c, t)| (map_r(c), map_r(t)))
            .collect(),
        edges: routed
            .into_iter()
            .take(n_real_edges)
            .map(|(pts, label)| {
                (
                    pts.into_iter().map(map_p).collect(),
                    label.map(|l| map_r(&l)),
                )
            })
            .collect(),
        width,
        height,
    }
}
