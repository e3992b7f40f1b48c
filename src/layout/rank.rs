//! Ranking by network simplex (Gansner et al. 1993, section 2): integer
//! ranks with `rank(to) - rank(from) >= minlen` for every edge, minimising
//! the weighted sum of edge lengths.

#![expect(
    clippy::needless_range_loop,
    reason = "graph algorithms index several parallel arrays by vertex"
)]

use std::collections::HashMap;

/// A constraint `rank(to) >= rank(from) + minlen`, with a weight on its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankEdge {
    /// Upper end.
    pub from: usize,
    /// Lower end.
    pub to: usize,
    /// Least length.
    pub minlen: i32,
    /// Cost of one unit of length.
    pub weight: i64,
}

/// Ranks of `n` variables under `edges`, which must form a directed acyclic
/// graph. Each weakly connected component starts at rank 0. At most
/// `max_iter` simplex pivots are made per component (the result is feasible
/// whatever the limit).
pub fn network_simplex(n: usize, edges: &[RankEdge], max_iter: usize) -> Vec<i32> {
    // Merge parallel edges: the tree code assumes a simple graph.
    let mut merged: Vec<RankEdge> = Vec::with_capacity(edges.len());
    let mut seen: HashMap<(usize, usize), usize> = HashMap::with_capacity(edges.len());
    for e in edges {
        if e.from == e.to || e.from >= n || e.to >= n {
            continue;
        }
        if let Some(&i) = seen.get(&(e.from, e.to)) {
            merged[i].minlen = merged[i].minlen.max(e.minlen);
            merged[i].weight += e.weight;
        } else {
            seen.insert((e.from, e.to), merged.len());
            merged.push(*e);
        }
    }
    // Weakly connected components.
    let mut uf: Vec<usize> = (0..n).collect();
    for e in &merged {
        let a = uf_find(&mut uf, e.from);
        let b = uf_find(&mut uf, e.to);
        if a != b {
            uf[a.max(b)] = a.min(b);
        }
    }
    let mut comp_of: Vec<usize> = vec![0; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    let mut comp_index: HashMap<usize, usize> = HashMap::new();
    for v in 0..n {
        let r = uf_find(&mut uf, v);
        let c = *comp_index.entry(r).or_insert_with(|| {
            comps.push(Vec::new());
            comps.len() - 1
        });
        comp_of[v] = c;
        comps[c].push(v);
    }
    let mut comp_edges: Vec<Vec<RankEdge>> = vec![Vec::new(); comps.len()];
    let mut local: Vec<usize> = vec![0; n];
    for c in &comps {
        for (i, &v) in c.iter().enumerate() {
            local[v] = i;
        }
    }
    for e in &merged {
        comp_edges[comp_of[e.from]].push(RankEdge {
            from: local[e.from],
            to: local[e.to],
            ..*e
        });
    }
    let mut rank = vec![0; n];
    for (c, verts) in comps.iter().enumerate() {
        let r = Simplex::new(verts.len(), &comp_edges[c]).solve(max_iter);
        for (i, &v) in verts.iter().enumerate() {
            rank[v] = r[i];
        }
    }
    rank
}

struct Simplex<'a> {
    n: usize,
    edges: &'a [RankEdge],
    /// Incident edge ids per vertex.
    inc: Vec<Vec<usize>>,
    rank: Vec<i32>,
    in_tree: Vec<bool>,
    tree_adj: Vec<Vec<usize>>,
    /// Tree edges, for the search of a leaving edge.
    tree_list: Vec<usize>,
    tree_pos: Vec<usize>,
    parent_edge: Vec<usize>,
    parent: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    /// Vertex by postorder number (`post[lim[v]] == v`).
    post: Vec<usize>,
    cut: Vec<i64>,
}

const NONE: usize = usize::MAX;
/// Negative cut values compared before picking a leaving edge (dot uses 30).
const SEARCH_SIZE: usize = 30;

impl<'a> Simplex<'a> {
    fn new(n: usize, edges: &'a [RankEdge]) -> Self {
        let mut inc = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            inc[e.from].push(i);
            inc[e.to].push(i);
        }
        Self {
            n,
            edges,
            inc,
            rank: vec![0; n],
            in_tree: vec![false; edges.len()],
            tree_adj: vec![Vec::new(); n],
            tree_list: Vec::with_capacity(n),
            tree_pos: vec![NONE; edges.len()],
            parent_edge: vec![NONE; n],
            parent: vec![NONE; n],
            low: vec![0; n],
            lim: vec![0; n],
            post: vec![0; n + 1],
            cut: vec![0; edges.len()],
        }
    }

    fn slack(&self, e: usize) -> i32 {
        let e = &self.edges[e];
        self.rank[e.to] - self.rank[e.from] - e.minlen
    }

    fn in_subtree(&self, root: usize, v: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    fn solve(mut self, max_iter: usize) -> Vec<i32> {
        if self.n <= 1 {
            return vec![0; self.n];
        }
        self.longest_path();
        self.feasible_tree();
        self.parent[0] = 0;
        self.parent_edge[0] = NONE;
        self.dfs_range(0, 1);
        self.init_cut_values();
        let mut search = 0usize;
        for _ in 0..max_iter {
            // Leaving edge: the next tree edge with a negative cut value.
            // (dot's search: the most negative of the next few found.)
            let t = self.tree_list.len();
            let mut leave = NONE;
            let mut found = 0;
            let mut k = 0;
            while k < t {
                let e = self.tree_list[(search + k) % t];
                k += 1;
                if self.cut[e] < 0 {
                    if leave == NONE || self.cut[e] < self.cut[leave] {
                        leave = e;
                    }
                    found += 1;
                    if found >= SEARCH_SIZE {
                        break;
                    }
                }
            }
            search = (search + k) % t.max(1);
            if leave == NONE {
                break;
            }
            let Some(enter) = self.enter_edge(leave) else {
                break;
            };
            self.pivot(leave, enter);
        }
        let min = self.rank.iter().copied().min().unwrap_or(0);
        self.rank.iter().map(|r| r - min).collect()
    }

    /// Initial feasible ranks: each vertex as high as its predecessors allow.
    fn longest_path(&mut self) {
        let mut indeg = vec![0usize; self.n];
        for e in self.edges {
            indeg[e.to] += 1;
        }
        let mut stack: Vec<usize> = (0..self.n).rev().filter(|&v| indeg[v] == 0).collect();
        let mut done = 0;
        while let Some(v) = stack.pop() {
            done += 1;
            for k in 0..self.inc[v].len() {
                let e = self.inc[v][k];
                let ed = self.edges[e];
                if ed.from == v {
                    self.rank[ed.to] = self.rank[ed.to].max(self.rank[v] + ed.minlen);
                    indeg[ed.to] -= 1;
                    if indeg[ed.to] == 0 {
                        stack.push(ed.to);
                    }
                }
            }
        }
        debug_assert_eq!(done, self.n, "rank constraints must be acyclic");
        // Then, children first, pull down every vertex that gains from it
        // (more weight below than above): a far better start for simplex.
        let mut outdeg = vec![0usize; self.n];
        for e in self.edges {
            outdeg[e.from] += 1;
        }
        let mut stack: Vec<usize> = (0..self.n).filter(|&v| outdeg[v] == 0).collect();
        while let Some(v) = stack.pop() {
            let (mut w_in, mut w_out) = (0i64, 0i64);
            let mut lowest = i32::MAX;
            for &e in &self.inc[v] {
                let ed = self.edges[e];
                if ed.from == v {
                    w_out += ed.weight;
                    lowest = lowest.min(self.rank[ed.to] - ed.minlen);
                } else {
                    w_in += ed.weight;
                }
            }
            if w_out > w_in && lowest != i32::MAX && lowest > self.rank[v] {
                self.rank[v] = lowest;
            }
            for &e in &self.inc[v] {
                let ed = self.edges[e];
                if ed.to == v {
                    outdeg[ed.from] -= 1;
                    if outdeg[ed.from] == 0 {
                        stack.push(ed.from);
                    }
                }
            }
        }
    }

    fn add_tree_edge(&mut self, e: usize) {
        self.in_tree[e] = true;
        self.tree_pos[e] = self.tree_list.len();
        self.tree_list.push(e);
        let ed = self.edges[e];
        self.tree_adj[ed.from].push(e);
        self.tree_adj[ed.to].push(e);
    }

    /// Grows a spanning tree of tight edges, shifting ranks to make more
    /// edges tight (dagre's `feasibleTree`).
    fn feasible_tree(&mut self) {
        let mut in_t = vec![false; self.n];
        in_t[0] = true;
        let mut count = 1;
        let mut stack = vec![0];
        count += self.grow(&mut in_t, &mut stack);
        while count < self.n {
            // Non-tree edge with one end in the tree and least slack.
            let mut best = NONE;
            let mut best_slack = i32::MAX;
            for (i, e) in self.edges.iter().enumerate() {
                if in_t[e.from] != in_t[e.to] {
                    let s = self.slack(i);
                    if s < best_slack {
                        best_slack = s;
                        best = i;
                    }
                }
            }
            if best == NONE {
                break;
            }
            let delta = if in_t[self.edges[best].from] {
                best_slack
            } else {
                -best_slack
            };
            if delta != 0 {
                for v in 0..self.n {
                    if in_t[v] {
                        self.rank[v] += delta;
                    }
                }
                // Every tree vertex may now have new tight edges.
                stack.extend((0..self.n).filter(|&v| in_t[v]));
            }
            let e = self.edges[best];
            let outside = if in_t[e.from] { e.to } else { e.from };
            in_t[outside] = true;
            self.add_tree_edge(best);
            count += 1;
            stack.push(outside);
            count += self.grow(&mut in_t, &mut stack);
        }
    }

    fn grow(&mut self, in_t: &mut [bool], stack: &mut Vec<usize>) -> usize {
        let mut added = 0;
        while let Some(v) = stack.pop() {
            for k in 0..self.inc[v].len() {
                let e = self.inc[v][k];
                let ed = self.edges[e];
                let w = if ed.from == v { ed.to } else { ed.from };
                if !in_t[w] && self.slack(e) == 0 {
                    in_t[w] = true;
                    self.add_tree_edge(e);
                    added += 1;
                    stack.push(w);
                }
            }
        }
        added
    }

    /// Numbers the subtree hanging from `root` (whose parent fields are set)
    /// in postorder from `low`; returns the next free number.
    fn dfs_range(&mut self, root: usize, low: usize) -> usize {
        let mut next = low;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        self.low[root] = low;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if *k < self.tree_adj[v].len() {
                let e = self.tree_adj[v][*k];
                *k += 1;
                if e == self.parent_edge[v] {
                    continue;
                }
                let ed = self.edges[e];
                let w = if ed.from == v { ed.to } else { ed.from };
                self.parent[w] = v;
                self.parent_edge[w] = e;
                self.low[w] = next;
                stack.push((w, 0));
            } else {
                self.lim[v] = next;
                self.post[next] = v;
                next += 1;
                stack.pop();
            }
        }
        next
    }

    /// Cut values of every tree edge, children before parents.
    fn init_cut_values(&mut self) {
        for k in 1..=self.n {
            let c = self.post[k];
            if c == 0 {
                continue;
            }
            let e = self.parent_edge[c];
            let child_is_tail = self.edges[e].from == c;
            let mut cut = self.edges[e].weight;
            for &f in &self.inc[c] {
                if f == e {
                    continue;
                }
                let fe = self.edges[f];
                let is_out = fe.from == c;
                let other = if is_out { fe.to } else { fe.from };
                let points_to_head = is_out == child_is_tail;
                cut += if points_to_head {
                    fe.weight
                } else {
                    -fe.weight
                };
                if self.in_tree[f] && self.parent_edge[other] == f {
                    cut += if points_to_head {
                        -self.cut[f]
                    } else {
                        self.cut[f]
                    };
                }
            }
            self.cut[e] = cut;
        }
    }

    /// The non-tree edge that replaces tree edge `leave`: least slack among
    /// the edges crossing the cut the other way (searched from the smaller
    /// side, the subtree below `leave`).
    fn enter_edge(&self, leave: usize) -> Option<usize> {
        let le = self.edges[leave];
        // The lower vertex of the leaving edge and whether its subtree is
        // the tail side.
        let (v, tail_side) = if self.lim[le.from] < self.lim[le.to] {
            (le.from, true)
        } else {
            (le.to, false)
        };
        let mut best = None;
        let mut best_slack = i32::MAX;
        for k in self.low[v]..=self.lim[v] {
            let w = self.post[k];
            for &f in &self.inc[w] {
                if f == leave || self.in_tree[f] {
                    continue;
                }
                let fe = self.edges[f];
                // Wanted: from the head side into the tail side.
                let (inside, outside) = if tail_side {
                    (fe.to, fe.from)
                } else {
                    (fe.from, fe.to)
                };
                if inside == w && !self.in_subtree(v, outside) {
                    let s = self.slack(f);
                    if s < best_slack {
                        best_slack = s;
                        best = Some(f);
                    }
                }
            }
        }
        best
    }

    /// Exchanges tree edge `e` for `f` (Gansner et al.'s `update`).
    fn pivot(&mut self, e: usize, f: usize) {
        let delta = self.slack(f);
        if delta != 0 {
            let ee = self.edges[e];
            let child = if self.parent_edge[ee.from] == e {
                ee.from
            } else {
                ee.to
            };
            let fe = self.edges[f];
            let head_inside = self.in_subtree(child, fe.to);
            let size = self.lim[child] + 1 - self.low[child];
            if size * 2 < self.n {
                let d = if head_inside { -delta } else { delta };
                for k in self.low[child]..=self.lim[child] {
                    let w = self.post[k];
                    self.rank[w] += d;
                }
            } else {
                let d = if head_inside { delta } else { -delta };
                for w in 0..self.n {
                    if !self.in_subtree(child, w) {
                        self.rank[w] += d;
                    }
                }
            }
        }
        let cv = self.cut[e];
        let fe = self.edges[f];
        let lca = self.tree_update(fe.from, fe.to, cv, true);
        let _ = self.tree_update(fe.to, fe.from, cv, false);
        self.cut[f] = -cv;
        self.cut[e] = 0;
        // Exchange in the tree structures.
        self.in_tree[e] = false;
        let ee = self.edges[e];
        self.tree_adj[ee.from].retain(|&x| x != e);
        self.tree_adj[ee.to].retain(|&x| x != e);
        let pos = self.tree_pos[e];
        self.tree_list[pos] = f;
        self.tree_pos[f] = pos;
        self.tree_pos[e] = NONE;
        self.in_tree[f] = true;
        self.tree_adj[fe.from].push(f);
        self.tree_adj[fe.to].push(f);
        let low = self.low[lca];
        self.dfs_range(lca, low);
    }

    fn tree_update(&mut self, mut v: usize, w: usize, cv: i64, dir: bool) -> usize {
        while !self.in_subtree(v, w) {
            let e = self.parent_edge[v];
            let d = if v == self.edges[e].from { dir } else { !dir };
            if d {
                self.cut[e] += cv;
            } else {
                self.cut[e] -= cv;
            }
            v = self.parent[v];
        }
        v
    }
}

/// Union-find root of `x`, halving paths on the way.
pub(super) fn uf_find(uf: &mut [usize], mut x: usize) -> usize {
    while uf[x] != x {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(from: usize, to: usize, minlen: i32, weight: i64) -> RankEdge {
        RankEdge {
            from,
            to,
            minlen,
            weight,
        }
    }

    fn cost(rank: &[i32], edges: &[RankEdge]) -> i64 {
        edges
            .iter()
            .map(|x| i64::from(rank[x.to] - rank[x.from]) * x.weight)
            .sum()
    }

    #[test]
    fn honours_min_lengths() {
        let edges = [e(0, 1, 2, 1), e(1, 2, 1, 1), e(0, 2, 1, 1)];
        let r = network_simplex(3, &edges, 100);
        assert_eq!(r, vec![0, 2, 3]);
    }

    #[test]
    fn pulls_a_short_branch_down() {
        // a -> b -> c -> d and a -> x -> d: x should sit next to d or a, cost 6.
        let edges = [
            e(0, 1, 1, 1),
            e(1, 2, 1, 1),
            e(2, 3, 1, 1),
            e(0, 4, 1, 1),
            e(4, 3, 1, 1),
            e(5, 4, 1, 1),
            e(5, 3, 1, 1),
        ];
        let r = network_simplex(6, &edges, 100);
        for x in &edges {
            assert!(r[x.to] - r[x.from] >= x.minlen);
        }
        // Brute force the optimum over small ranks.
        let mut best = i64::MAX;
        for r4 in 0..4 {
            for r5 in 0..4 {
                let rr = [0, 1, 2, 3, r4, r5];
                if edges.iter().all(|x| rr[x.to] - rr[x.from] >= x.minlen) {
                    best = best.min(cost(&rr, &edges));
                }
            }
        }
        assert_eq!(cost(&r, &edges), best);
    }

    #[test]
    fn components_start_at_zero() {
        let edges = [e(0, 1, 3, 1), e(2, 3, 1, 1)];
        let r = network_simplex(5, &edges, 100);
        assert_eq!(r, vec![0, 3, 0, 1, 0]);
    }
}

#[cfg(test)]
mod brute {
    use super::*;

    /// Optimal cost by exhaustive search over ranks 0..=limit (tiny graphs).
    fn brute_cost(n: usize, edges: &[RankEdge], limit: i32) -> i64 {
        let mut best = i64::MAX;
        let mut r = vec![0i32; n];
        loop {
            if edges.iter().all(|e| r[e.to] - r[e.from] >= e.minlen) {
                let c: i64 = edges
                    .iter()
                    .map(|e| i64::from(r[e.to] - r[e.from]) * e.weight)
                    .sum();
                best = best.min(c);
            }
            let mut i = 0;
            loop {
                if i == n {
                    return best;
                }
                r[i] += 1;
                if r[i] <= limit {
                    break;
                }
                r[i] = 0;
                i += 1;
            }
        }
    }

    #[test]
    fn matches_brute_force_on_small_dags() {
        let mut seed = 12345u64;
        let mut rnd = |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % m
        };
        for _case in 0..300 {
            let n = 2 + rnd(5) as usize;
            let mut edges = Vec::new();
            for _ in 0..rnd(9) {
                let a = rnd(n as u64) as usize;
                let b = rnd(n as u64) as usize;
                if a < b {
                    edges.push(RankEdge {
                        from: a,
                        to: b,
                        minlen: rnd(3) as i32,
                        weight: 1 + rnd(3) as i64,
                    });
                }
            }
            let r = network_simplex(n, &edges, 1000);
            for e in &edges {
                assert!(r[e.to] - r[e.from] >= e.minlen, "{edges:?} {r:?}");
            }
            let cost: i64 = edges
                .iter()
                .map(|e| i64::from(r[e.to] - r[e.from]) * e.weight)
                .sum();
            let limit = edges.iter().map(|e| e.minlen).sum::<i32>().max(1);
            assert_eq!(cost, brute_cost(n, &edges, limit.min(7)), "{edges:?} {r:?}");
        }
    }
}
