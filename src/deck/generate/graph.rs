//! Paths and neighbours in a diagram, following its arrows.

use std::collections::VecDeque;

use super::mask::Part;
use crate::mermaid::{ArrowHead, Flowchart, LineKind};

/// The diagram as a directed graph over nodes and subgraphs.
pub struct Graph {
    nodes: usize,
    /// Per vertex: `(edge index, next vertex)` along the arrows.
    forward: Vec<Vec<(usize, usize)>>,
    /// Per vertex: `(edge index, previous vertex)`.
    backward: Vec<Vec<(usize, usize)>>,
}

/// Vertices on the shortest paths between two parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Between {
    /// The parts strictly between the ends, grouped by distance from the
    /// start (one group per step), each group in diagram order.
    pub steps: Vec<Vec<Part>>,
    /// The edges of every shortest path, in diagram order.
    pub edges: Vec<usize>,
}

impl Graph {
    /// The graph of `chart`. An edge with a head at one end runs towards it;
    /// an edge without heads runs both ways; invisible edges are left out.
    pub fn new(chart: &Flowchart) -> Self {
        let nodes = chart.nodes.len();
        let count = nodes + chart.clusters.len();
        let mut forward = vec![Vec::new(); count];
        let mut backward = vec![Vec::new(); count];
        for (e, edge) in chart.edges.iter().enumerate() {
            if edge.line_kind == LineKind::Invisible {
                continue;
            }
            let (a, b) = (
                vertex(nodes, Part::of(edge.from)),
                vertex(nodes, Part::of(edge.to)),
            );
            let open = edge.start_head == ArrowHead::None && edge.end_head == ArrowHead::None;
            let mut link = |x: usize, y: usize| {
                forward[x].push((e, y));
                backward[y].push((e, x));
            };
            if open || edge.end_head != ArrowHead::None {
                link(a, b);
            }
            if open || edge.start_head != ArrowHead::None {
                link(b, a);
            }
        }
        Self {
            nodes,
            forward,
            backward,
        }
    }

    fn part(&self, v: usize) -> Part {
        if v < self.nodes {
            Part::Node(v)
        } else {
            Part::Cluster(v - self.nodes)
        }
    }

    /// Everything on a shortest path from `from` to `to`; `None` when `to`
    /// cannot be reached.
    pub fn between(&self, from: Part, to: Part) -> Option<Between> {
        let (s, t) = (vertex(self.nodes, from), vertex(self.nodes, to));
        let ds = distances(&self.forward, s);
        let dt = distances(&self.backward, t);
        let total = ds[t]?;
        let mut steps = vec![Vec::new(); total.saturating_sub(1)];
        for v in 0..ds.len() {
            if let (Some(a), Some(b)) = (ds[v], dt[v])
                && a + b == total
                && v != s
                && v != t
            {
                steps[a - 1].push(self.part(v));
            }
        }
        let mut edges: Vec<usize> = Vec::new();
        for (u, out) in self.forward.iter().enumerate() {
            for &(e, v) in out {
                if let (Some(a), Some(b)) = (ds[u], dt[v])
                    && a + 1 + b == total
                {
                    edges.push(e);
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        Some(Between { steps, edges })
    }

    /// The parts `part`'s arrows lead to, each with the first edge leading
    /// there, in diagram order (no loops back to itself).
    pub fn next(&self, part: Part) -> Vec<(usize, Part)> {
        let v = vertex(self.nodes, part);
        let mut out: Vec<(usize, Part)> = Vec::new();
        let mut edges = self.forward[v].clone();
        edges.sort_unstable();
        for (e, w) in edges {
            let p = self.part(w);
            if w != v && !out.iter().any(|&(_, q)| q == p) {
                out.push((e, p));
            }
        }
        out
    }
}

/// Rank of every vertex along the arrows (nodes, then subgraphs): breadth
/// first from the vertices no arrow enters, then from the first unranked
/// vertex of each remaining part (a cycle); `None` for vertices without
/// edges.
pub fn vertex_depths(chart: &Flowchart) -> Vec<Option<usize>> {
    let g = Graph::new(chart);
    let count = g.forward.len();
    let linked: Vec<bool> = (0..count)
        .map(|v| {
            g.forward[v]
                .iter()
                .chain(&g.backward[v])
                .any(|&(_, w)| w != v)
        })
        .collect();
    let mut depth: Vec<Option<usize>> = vec![None; count];
    let mut queue = VecDeque::new();
    for v in 0..count {
        if linked[v] && g.backward[v].iter().all(|&(_, w)| w == v) {
            depth[v] = Some(0);
            queue.push_back(v);
        }
    }
    let mut next_start = 0;
    loop {
        while let Some(u) = queue.pop_front() {
            let du = depth[u].unwrap_or(0);
            for &(_, v) in &g.forward[u] {
                if depth[v].is_none() {
                    depth[v] = Some(du + 1);
                    queue.push_back(v);
                }
            }
        }
        match (next_start..count).find(|&v| linked[v] && depth[v].is_none()) {
            Some(v) => {
                depth[v] = Some(0);
                queue.push_back(v);
                next_start = v + 1;
            }
            None => break,
        }
    }
    depth
}

fn vertex(nodes: usize, part: Part) -> usize {
    match part {
        Part::Node(n) => n,
        Part::Cluster(c) => nodes + c,
        Part::Edge(_) => usize::MAX,
    }
}

/// Breadth-first distances from `start`.
fn distances(adj: &[Vec<(usize, usize)>], start: usize) -> Vec<Option<usize>> {
    let mut dist = vec![None; adj.len()];
    let Some(d) = dist.get_mut(start) else {
        return dist;
    };
    *d = Some(0);
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        let du = dist[u].unwrap_or(0);
        for &(_, v) in &adj[u] {
            if dist[v].is_none() {
                dist[v] = Some(du + 1);
                queue.push_back(v);
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mermaid::parse;

    #[test]
    fn parallel_paths_form_one_step() {
        let chart = parse("graph TD\nLB --> A1 & A2 & A3\nA1 & A2 & A3 --> DB\nDB --> R\nLB -.- X")
            .expect("valid");
        let g = Graph::new(&chart);
        let id = |s: &str| Part::Node(chart.node_by_id(s).expect("node"));
        let between = g.between(id("LB"), id("DB")).expect("reachable");
        assert_eq!(between.steps, vec![vec![id("A1"), id("A2"), id("A3")]]);
        assert_eq!(between.edges.len(), 6);
        assert_eq!(g.between(id("R"), id("LB")), None, "arrows are followed");
        assert_eq!(
            g.between(id("X"), id("R")).map(|b| b.steps.len()),
            Some(3),
            "open links run both ways"
        );
        assert_eq!(g.next(id("DB")), vec![(6, id("R"))]);
    }

    #[test]
    fn subgraphs_are_vertices() {
        let chart = parse(
            "graph TD\nsubgraph P\na\nend\nsubgraph N\nb\nend\nsubgraph D\nc\nend\nP --> N --> D",
        )
        .expect("valid");
        let g = Graph::new(&chart);
        let c = |s: &str| Part::Cluster(chart.cluster_by_id(s).expect("cluster"));
        let between = g.between(c("P"), c("D")).expect("reachable");
        assert_eq!(between.steps, vec![vec![c("N")]]);
    }
}
