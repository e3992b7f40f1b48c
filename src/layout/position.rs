//! Horizontal coordinates by Brandes and Köpf ("Fast and Simple Horizontal
//! Coordinate Assignment", 2001), after dagre's implementation, extended with
//! subgraph borders: each subgraph has a left and a right border item on
//! every layer it spans, aligned into one vertical block, so its box is a
//! rectangle that holds its members and keeps every other item out.

#![expect(
    clippy::needless_range_loop,
    reason = "graph algorithms index several parallel arrays by vertex"
)]

use std::collections::HashSet;

/// What positioning needs to know about each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BkKind {
    /// A box (node, label, title).
    Real,
    /// A point an edge passes through.
    Dummy,
    /// A subgraph's left border.
    LeftBorder,
    /// A subgraph's right border.
    RightBorder,
}

impl BkKind {
    fn is_border(self) -> bool {
        matches!(self, Self::LeftBorder | Self::RightBorder)
    }
}

/// The layered graph for positioning.
pub(super) struct BkGraph<'a> {
    /// Layers, left to right.
    pub layers: &'a [Vec<usize>],
    /// Neighbours in the layer above.
    pub up: &'a [Vec<usize>],
    /// Neighbours in the layer below.
    pub down: &'a [Vec<usize>],
    /// Kind of each item.
    pub kind: &'a [BkKind],
    /// Half width to the left of each item's centre.
    pub left: &'a [f32],
    /// Half width to the right.
    pub right: &'a [f32],
}

/// Centre x of every item. `sep(a, b)` is the least distance between the
/// centres of `a` and `b` when `a` is immediately left of `b` on a layer.
pub(super) fn bk_positions(g: &BkGraph<'_>, sep: &dyn Fn(usize, usize) -> f32) -> Vec<f32> {
    let n = g.kind.len();
    let mut pos = vec![0usize; n];
    for layer in g.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let conflicts = type1_conflicts(g, &pos);
    let mut results: Vec<(Vec<f32>, bool)> = Vec::with_capacity(4);
    for vertical_down in [false, true] {
        for rightward in [false, true] {
            // Layers in processing order; mirrored horizontally for "right".
            let mut layers: Vec<Vec<usize>> = if vertical_down {
                g.layers.iter().rev().cloned().collect()
            } else {
                g.layers.to_vec()
            };
            if rightward {
                for l in &mut layers {
                    l.reverse();
                }
            }
            let mut lpos = vec![0usize; n];
            for l in &layers {
                for (i, &v) in l.iter().enumerate() {
                    lpos[v] = i;
                }
            }
            let neighbours = if vertical_down { g.down } else { g.up };
            let (root, _align) = vertical_alignment(&layers, neighbours, &lpos, &conflicts, n);
            let sep_dir = |a: usize, b: usize| if rightward { sep(b, a) } else { sep(a, b) };
            let skip_pull = |v: usize| {
                if rightward {
                    g.kind[v] == BkKind::LeftBorder
                } else {
                    g.kind[v] == BkKind::RightBorder
                }
            };
            let mut xs = horizontal_compaction(&layers, &root, &sep_dir, &skip_pull, n);
            if rightward {
                for x in &mut xs {
                    *x = -*x;
                }
            }
            results.push((xs, rightward));
        }
    }
    // Align to the narrowest of the four, then balance.
    let width = |xs: &[f32]| {
        let mut lo = f32::INFINITY;
        let mut hi = f32::NEG_INFINITY;
        for v in 0..n {
            lo = lo.min(xs[v] - g.left[v]);
            hi = hi.max(xs[v] + g.right[v]);
        }
        (lo, hi)
    };
    let mut narrowest = 0;
    let mut best_w = f32::INFINITY;
    for (i, (xs, _)) in results.iter().enumerate() {
        let (lo, hi) = width(xs);
        if hi - lo < best_w {
            best_w = hi - lo;
            narrowest = i;
        }
    }
    let (t_lo, t_hi) = width(&results[narrowest].0);
    for (xs, rightward) in &mut results {
        let (lo, hi) = width(xs);
        let delta = if *rightward { t_hi - hi } else { t_lo - lo };
        for x in xs.iter_mut() {
            *x += delta;
        }
    }
    let mut balanced = vec![0.0f32; n];
    for (v, b) in balanced.iter_mut().enumerate() {
        let mut vals = [
            results[0].0[v],
            results[1].0[v],
            results[2].0[v],
            results[3].0[v],
        ];
        vals.sort_by(f32::total_cmp);
        *b = f32::midpoint(vals[1], vals[2]);
    }
    if respects_separation(g, &balanced, sep) {
        return balanced;
    }
    // The mean of valid layouts is valid (the constraints are linear).
    let mean: Vec<f32> = (0..n)
        .map(|v| results.iter().map(|(xs, _)| xs[v]).sum::<f32>() / 4.0)
        .collect();
    if respects_separation(g, &mean, sep) {
        return mean;
    }
    results.swap_remove(narrowest).0
}

fn respects_separation(g: &BkGraph<'_>, xs: &[f32], sep: &dyn Fn(usize, usize) -> f32) -> bool {
    g.layers.iter().all(|l| {
        l.windows(2)
            .all(|w| xs[w[1]] - xs[w[0]] >= sep(w[0], w[1]) - 0.01)
    })
}

/// Segments that must not be used for alignment because they cross a
/// subgraph border, or an inner segment (between two dummies).
fn type1_conflicts(g: &BkGraph<'_>, pos: &[usize]) -> HashSet<(usize, usize)> {
    let mut conflicts = HashSet::new();
    let border_pred = |v: usize| -> Option<usize> {
        if g.kind[v].is_border() {
            g.up[v].iter().copied().find(|&u| g.kind[u].is_border())
        } else {
            None
        }
    };
    mark(g, pos, &mut conflicts, &border_pred, |a, b| {
        g.kind[a].is_border() && g.kind[b].is_border()
    });
    let snapshot = conflicts.clone();
    let dummy_pred = |v: usize| -> Option<usize> {
        if g.kind[v] == BkKind::Dummy {
            g.up[v]
                .iter()
                .copied()
                .find(|&u| g.kind[u] == BkKind::Dummy && !snapshot.contains(&(u.min(v), u.max(v))))
        } else {
            None
        }
    };
    mark(g, pos, &mut conflicts, &dummy_pred, |a, b| {
        (g.kind[a] == BkKind::Dummy && g.kind[b] == BkKind::Dummy)
            || (g.kind[a].is_border() && g.kind[b].is_border())
    });
    conflicts
}

fn mark(
    g: &BkGraph<'_>,
    pos: &[usize],
    conflicts: &mut HashSet<(usize, usize)>,
    inner_pred: &dyn Fn(usize) -> Option<usize>,
    exempt: impl Fn(usize, usize) -> bool,
) {
    for r in 1..g.layers.len() {
        let prev_len = g.layers[r - 1].len();
        let layer = &g.layers[r];
        let mut k0 = 0usize;
        let mut scan = 0usize;
        for (i, &v) in layer.iter().enumerate() {
            let w = inner_pred(v);
            let k1 = w.map_or(prev_len, |w| pos[w]);
            if w.is_some() || i + 1 == layer.len() {
                for &s in &layer[scan..=i] {
                    for &u in &g.up[s] {
                        let up = pos[u];
                        if (up < k0 || k1 < up) && !exempt(u, s) {
                            conflicts.insert((u.min(s), u.max(s)));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
}

fn vertical_alignment(
    layers: &[Vec<usize>],
    neighbours: &[Vec<usize>],
    pos: &[usize],
    conflicts: &HashSet<(usize, usize)>,
    n: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    let mut ws: Vec<usize> = Vec::new();
    for layer in layers {
        let mut prev_idx: isize = -1;
        for &v in layer {
            ws.clear();
            ws.extend_from_slice(&neighbours[v]);
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| pos[w]);
            ws.dedup();
            let m = ws.len() - 1;
            for &w in &ws[m / 2..=m.div_ceil(2)] {
                if align[v] == v
                    && prev_idx < pos[w] as isize
                    && !conflicts.contains(&(v.min(w), v.max(w)))
                {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    prev_idx = pos[w] as isize;
                }
            }
        }
    }
    (root, align)
}

fn horizontal_compaction(
    layers: &[Vec<usize>],
    root: &[usize],
    sep: &dyn Fn(usize, usize) -> f32,
    skip_pull: &dyn Fn(usize) -> bool,
    n: usize,
) -> Vec<f32> {
    // Block graph: an edge root(u) -> root(v) for consecutive u, v of a layer.
    let mut succ: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    let mut is_root = vec![false; n];
    for layer in layers {
        for &v in layer {
            is_root[root[v]] = true;
        }
        for w in layer.windows(2) {
            let (a, b) = (root[w[0]], root[w[1]]);
            let d = sep(w[0], w[1]);
            if let Some(e) = succ[a].iter_mut().find(|e| e.0 == b) {
                e.1 = e.1.max(d);
            } else {
                succ[a].push((b, d));
                indeg[b] += 1;
            }
        }
    }
    // Topological order (Kahn); a cycle cannot happen with consistent
    // orders, but is survived by appending what is left.
    let mut topo = Vec::with_capacity(n);
    let mut deg = indeg.clone();
    let mut stack: Vec<usize> = (0..n)
        .rev()
        .filter(|&v| is_root[v] && deg[v] == 0)
        .collect();
    while let Some(v) = stack.pop() {
        topo.push(v);
        for &(w, _) in &succ[v] {
            deg[w] -= 1;
            if deg[w] == 0 {
                stack.push(w);
            }
        }
    }
    if topo.len() < is_root.iter().filter(|&&r| r).count() {
        let placed: HashSet<usize> = topo.iter().copied().collect();
        for v in 0..n {
            if is_root[v] && !placed.contains(&v) {
                topo.push(v);
            }
        }
    }
    let mut xs = vec![0.0f32; n];
    let mut pred: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    for v in 0..n {
        for &(w, d) in &succ[v] {
            pred[w].push((v, d));
        }
    }
    // Pass 1: as far left as the predecessors allow.
    for &v in &topo {
        let mut x = 0.0f32;
        for &(u, d) in &pred[v] {
            x = x.max(xs[u] + d);
        }
        xs[v] = x;
    }
    // Pass 2: pull blocks right towards their successors to close gaps.
    for &v in topo.iter().rev() {
        let mut m = f32::INFINITY;
        for &(w, d) in &succ[v] {
            m = m.min(xs[w] - d);
        }
        if m.is_finite() && !skip_pull(v) {
            xs[v] = xs[v].max(m);
        }
    }
    (0..n).map(|v| xs[root[v]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_a_diamond_without_overlap() {
        // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3; all width 20.
        let layers = vec![vec![0], vec![1, 2], vec![3]];
        let up = vec![vec![], vec![0], vec![0], vec![1, 2]];
        let down = vec![vec![1, 2], vec![3], vec![3], vec![]];
        let kind = vec![BkKind::Real; 4];
        let half = vec![10.0; 4];
        let g = BkGraph {
            layers: &layers,
            up: &up,
            down: &down,
            kind: &kind,
            left: &half,
            right: &half,
        };
        let xs = bk_positions(&g, &|_, _| 40.0);
        assert!(xs[2] - xs[1] >= 40.0 - 1e-3);
        assert!((xs[0] - f32::midpoint(xs[1], xs[2])).abs() < 1e-3);
        assert!((xs[3] - xs[0]).abs() < 1e-3);
    }
}
