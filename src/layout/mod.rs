//! Flowchart -> geometry: a layered (Sugiyama) layout with nested
//! subgraphs, in the spirit of Graphviz dot and ELK Layered.
//!
//! Steps: cycle breaking, ranking by network simplex (edge lengths doubled
//! so labels get a rank of their own), long edges through dummy nodes,
//! crossing minimisation with subgraphs kept contiguous, Brandes-Köpf
//! coordinates with subgraph borders as aligned blocks, then edge routing
//! around boxes. A subgraph with its own `direction` and no edge linking its
//! members to the outside is laid out on its own and placed as one box.
//! Isolated nodes of a subgraph are packed into a grid.
//!
//! Pure geometry: text sizes come from the caller ([`Sizes`], or a measuring
//! function), coordinates are plain `f32` (see [`Layout`]). Deterministic.

#![expect(
    clippy::needless_range_loop,
    reason = "graph algorithms index several parallel arrays by vertex"
)]

mod engine;
pub mod geometry;
pub mod measure;
pub mod neutral;
mod order;
mod position;
mod rank;
mod route;
mod types;

pub use geometry::{Point, Rect, Size};
pub use types::{ClusterBox, EdgePath, LabelKind, Layout, LayoutOptions, Sizes};

use engine::{End, SCluster, SEdge, ScopeInput, Vertex, layout_scope};

use crate::mermaid::{ClusterId, Direction, Endpoint, Flowchart, Label, Shape};

/// Lays out `chart`, sizing labels with `measure`.
pub fn layout(
    chart: &Flowchart,
    measure: &dyn Fn(&Label, LabelKind) -> Size,
    options: &LayoutOptions,
) -> Layout {
    layout_sized(chart, &Sizes::measure(chart, measure), options)
}

/// Lays out `chart` with the given sizes (missing entries count as empty).
pub fn layout_sized(chart: &Flowchart, sizes: &Sizes, options: &LayoutOptions) -> Layout {
    let ctx = Ctx::new(chart, sizes, options);
    let geom = ctx.region(None, chart.direction);
    let mut out = Layout {
        nodes: vec![Rect::default(); chart.nodes.len()],
        clusters: vec![ClusterBox::default(); chart.clusters.len()],
        edges: vec![EdgePath::default(); chart.edges.len()],
        width: geom.width,
        height: geom.height,
    };
    for (n, r) in geom.nodes {
        out.nodes[n] = r;
    }
    for (c, b) in geom.clusters {
        out.clusters[c] = b;
    }
    for (e, p) in geom.edges {
        out.edges[e] = p;
    }
    out
}

/// Placed geometry of one region, in its own coordinates.
#[derive(Default)]
struct Region {
    nodes: Vec<(usize, Rect)>,
    clusters: Vec<(ClusterId, ClusterBox)>,
    edges: Vec<(usize, EdgePath)>,
    width: f32,
    height: f32,
}

impl Region {
    fn translate(&mut self, dx: f32, dy: f32) {
        let mv = |r: &mut Rect| {
            r.min_x += dx;
            r.max_x += dx;
            r.min_y += dy;
            r.max_y += dy;
        };
        for (_, r) in &mut self.nodes {
            mv(r);
        }
        for (_, b) in &mut self.clusters {
            mv(&mut b.rect);
            mv(&mut b.title);
        }
        for (_, p) in &mut self.edges {
            for q in &mut p.points {
                q.x += dx;
                q.y += dy;
            }
            if let Some(l) = &mut p.label {
                mv(l);
            }
        }
    }
}

struct Ctx<'a> {
    chart: &'a Flowchart,
    sizes: &'a Sizes,
    opts: &'a LayoutOptions,
    /// Whether each subgraph may be laid out on its own (own direction, no
    /// edge between its inside and its outside).
    self_contained: Vec<bool>,
}

impl<'a> Ctx<'a> {
    fn new(chart: &'a Flowchart, sizes: &'a Sizes, opts: &'a LayoutOptions) -> Self {
        let nc = chart.clusters.len();
        let mut linked = vec![false; nc];
        for e in &chart.edges {
            for (this, other) in [(e.from, e.to), (e.to, e.from)] {
                // Clusters strictly around `this` (for a cluster end, its ancestors
                // and not itself).
                let strict = match this {
                    Endpoint::Node(n) => Self::chain_of(chart, Endpoint::Node(n)),
                    Endpoint::Cluster(c) => {
                        let mut v = Self::chain_of(chart, Endpoint::Cluster(c));
                        v.retain(|&k| k != c);
                        v
                    }
                };
                let around_other = Self::chain_of(chart, other);
                for c in strict {
                    if !around_other.contains(&c) {
                        linked[c] = true;
                    }
                }
            }
        }
        let self_contained = (0..nc)
            .map(|c| chart.clusters[c].direction.is_some() && !linked[c])
            .collect();
        Self {
            chart,
            sizes,
            opts,
            self_contained,
        }
    }

    /// Clusters holding an end, innermost first (a cluster end includes itself).
    fn chain_of(chart: &Flowchart, end: Endpoint) -> Vec<ClusterId> {
        let mut out = Vec::new();
        let mut k = match end {
            Endpoint::Node(n) => chart.nodes.get(n).and_then(|x| x.cluster),
            Endpoint::Cluster(c) => Some(c),
        };
        let mut guard = 0;
        while let Some(c) = k {
            out.push(c);
            k = chart.clusters.get(c).and_then(|x| x.parent);
            guard += 1;
            if guard > chart.clusters.len() {
                break;
            }
        }
        out
    }

    /// Lays out the region of `root` (the whole chart when `None`) in `dir`.
    fn region(&self, root: Option<ClusterId>, dir: Direction) -> Region {
        let chart = self.chart;
        let nc = chart.clusters.len();
        let in_region = |c: ClusterId| -> bool {
            match root {
                None => true,
                Some(r) => Self::chain_of(chart, Endpoint::Cluster(c)).contains(&r),
            }
        };
        // Blocks: self-contained clusters in a different direction, outermost.
        let mut block_of = vec![None; nc]; // cluster -> the block holding it
        for c in 0..nc {
            if !in_region(c) {
                continue;
            }
            let chain = Self::chain_of(chart, Endpoint::Cluster(c));
            // Outermost block on the chain below the region root.
            for &k in chain.iter().rev() {
                if Some(k) == root {
                    continue;
                }
                if self.self_contained[k]
                    && chart.clusters[k].direction != Some(dir)
                    && chart.clusters[k].direction.is_some()
                {
                    block_of[c] = Some(k);
                    break;
                }
            }
        }
        // Local clusters: in region and not inside a block.
        let mut local = vec![None; nc];
        let mut clusters: Vec<SCluster> = Vec::new();
        let mut local_to_global: Vec<ClusterId> = Vec::new();
        for c in Self::parents_first(chart) {
            if in_region(c) && block_of[c].is_none() {
                local[c] = Some(clusters.len());
                local_to_global.push(c);
                clusters.push(SCluster {
                    parent: if Some(c) == root {
                        None
                    } else {
                        chart.clusters[c].parent.and_then(|p| local[p])
                    },
                    title: self
                        .sizes
                        .cluster_titles
                        .get(c)
                        .copied()
                        .unwrap_or_default(),
                });
            }
        }
        // Vertices: nodes of the region outside blocks, then blocks.
        let mut vertices: Vec<Vertex> = Vec::new();
        let mut node_vertex = vec![None; chart.nodes.len()];
        let mut vertex_node: Vec<Option<usize>> = Vec::new();
        for (n, node) in chart.nodes.iter().enumerate() {
            let in_reg = match (root, node.cluster) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(_), Some(c)) => in_region(c),
            };
            if !in_reg || node.cluster.and_then(|c| block_of[c]).is_some() {
                continue;
            }
            node_vertex[n] = Some(vertices.len());
            vertex_node.push(Some(n));
            vertices.push(Vertex {
                size: self.sizes.nodes.get(n).copied().unwrap_or_default(),
                shape: node.shape,
                cluster: node.cluster.and_then(|c| local[c]),
            });
        }
        let mut block_vertex = vec![None; nc];
        let mut sub_regions: Vec<(usize, ClusterId, Region)> = Vec::new();
        for c in 0..nc {
            if in_region(c) && block_of[c] == Some(c) {
                let dir_c = chart.clusters[c].direction.unwrap_or(dir);
                let sub = self.region(Some(c), dir_c);
                let size = sub
                    .clusters
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map_or(Size::new(sub.width, sub.height), |(_, b)| b.rect.size());
                block_vertex[c] = Some(vertices.len());
                vertex_node.push(None);
                vertices.push(Vertex {
                    size,
                    shape: Shape::Rect,
                    cluster: chart.clusters[c].parent.and_then(|p| local[p]),
                });
                sub_regions.push((vertices.len() - 1, c, sub));
            }
        }
        let map_end = |end: Endpoint| -> Option<(End, Option<ClusterId>)> {
            match end {
                Endpoint::Node(n) => {
                    if let Some(v) = node_vertex.get(n).copied().flatten() {
                        return Some((End::Vertex(v), None));
                    }
                    let b = chart.nodes.get(n)?.cluster.and_then(|c| block_of[c])?;
                    Some((End::Vertex(block_vertex[b]?), Some(b)))
                }
                Endpoint::Cluster(c) => {
                    if c >= nc || !in_region(c) {
                        return None;
                    }
                    if let Some(b) = block_of[c] {
                        if b == c {
                            return Some((End::Vertex(block_vertex[b]?), None));
                        }
                        return Some((End::Vertex(block_vertex[b]?), Some(b)));
                    }
                    local[c].map(|l| (End::Cluster(l), None))
                }
            }
        };
        let mut edges: Vec<SEdge> = Vec::new();
        let mut edge_index: Vec<usize> = Vec::new();
        for (i, e) in chart.edges.iter().enumerate() {
            // A loop on the region's own subgraph is drawn by the enclosing
            // region, where that subgraph is one box.
            if let (Some(r), Endpoint::Cluster(a), Endpoint::Cluster(b)) = (root, e.from, e.to)
                && a == r
                && b == r
            {
                continue;
            }
            let (Some((a, ba)), Some((b, bb))) = (map_end(e.from), map_end(e.to)) else {
                continue;
            };
            // Both ends inside one block: that block's own layout draws it.
            if ba.is_some() && ba == bb {
                continue;
            }
            if ba.is_some() || bb.is_some() {
                // An end inside a block whose other end is outside cannot
                // happen for a self-contained block; skip defensively.
                continue;
            }
            edges.push(SEdge {
                from: a,
                to: b,
                minlen: e.min_len.max(1),
                label: self.sizes.edge_labels.get(i).copied().flatten(),
            });
            edge_index.push(i);
        }
        let input = ScopeInput {
            dir,
            vertices,
            clusters,
            edges,
        };
        let out = layout_scope(&input, self.opts);
        let mut region = Region {
            width: out.width,
            height: out.height,
            ..Region::default()
        };
        for (v, r) in out.vertices.iter().enumerate() {
            if let Some(n) = vertex_node[v] {
                region.nodes.push((n, *r));
            }
        }
        for (l, (rect, title)) in out.clusters.iter().enumerate() {
            region.clusters.push((
                local_to_global[l],
                ClusterBox {
                    rect: *rect,
                    title: *title,
                },
            ));
        }
        for (k, (points, label)) in out.edges.into_iter().enumerate() {
            region
                .edges
                .push((edge_index[k], EdgePath { points, label }));
        }
        for (v, c, mut sub) in sub_regions {
            let target = out.vertices[v];
            let at = sub
                .clusters
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(Rect::default(), |(_, b)| b.rect);
            sub.translate(target.min_x - at.min_x, target.min_y - at.min_y);
            region.nodes.extend(sub.nodes);
            region.clusters.extend(sub.clusters);
            region.edges.extend(sub.edges);
        }
        region
    }

    /// Cluster ids with every parent before its children.
    fn parents_first(chart: &Flowchart) -> Vec<ClusterId> {
        let nc = chart.clusters.len();
        let mut out = Vec::with_capacity(nc);
        let mut done = vec![false; nc];
        for c in 0..nc {
            let mut chain = Self::chain_of(chart, Endpoint::Cluster(c));
            chain.reverse();
            for k in chain {
                if !done[k] {
                    done[k] = true;
                    out.push(k);
                }
            }
        }
        out
    }
}
