//! Crossing minimisation: layer-by-layer sweeps ordering each layer by the
//! median or barycenter of its neighbours, then adjacent swaps
//! (transposition), repeated while the crossing count falls. Subgraphs stay
//! contiguous on every layer (items are sorted as a tree of nested blocks)
//! and sibling subgraphs keep one left-to-right order on all layers, so their
//! boxes can be rectangles that never overlap.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry and graph code reads best with x, y, a, b, u, v"
)]
#![expect(
    clippy::needless_range_loop,
    reason = "graph algorithms index several parallel arrays by vertex"
)]

/// What the ordering needs to know about the layered graph.
pub(super) struct OrderGraph<'a> {
    /// Items of the layer above each item is linked to (with repeats for parallel links).
    pub up: &'a [Vec<usize>],
    /// Items of the layer below.
    pub down: &'a [Vec<usize>],
    /// Innermost subgraph of each item.
    pub cluster_of: &'a [Option<usize>],
    /// Parent of each subgraph.
    pub cluster_parent: &'a [Option<usize>],
}

/// Largest graph (in items) for which layers are reordered exactly.
const EXACT_MAX_ITEMS: usize = 400;
/// Most units of one block reordered exactly (2^n states).
const EXACT_MAX_UNITS: usize = 8;

/// Largest graph (in items) for which shaking (iterated local search) is tried.
const SHAKE_MAX_ITEMS: usize = 300;
/// Most shakes tried.
const SHAKES: usize = 200;
/// Shakes times items: the work spent shaking one graph.
const SHAKE_BUDGET: usize = 16_000;

/// Largest graph (in items) for which sifting is tried.
const SIFT_MAX_ITEMS: usize = 600;

/// Largest graph (in items) for which item/block swaps are tried.
const BLOCK_SWAP_MAX_ITEMS: usize = 3000;

/// Cost of an edge crossing a subgraph border between two layers.
const BORDER_WEIGHT: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Item(usize),
    Cluster(usize),
}

struct Ctx<'a> {
    g: &'a OrderGraph<'a>,
    pos: Vec<usize>,
    /// Global left-to-right key of each subgraph among its siblings.
    cluster_key: Vec<f32>,
    /// Scratch: per subgraph, its units on the current layer.
    children: Vec<Vec<Unit>>,
    /// Scratch: key of each item on the layer being arranged.
    item_key: Vec<Option<f32>>,
    /// Scratch: mean position of each subgraph on the fixed neighbour layer.
    cluster_fallback: Vec<Option<f32>>,
    /// Scratch for weighted crossing counts.
    edge_scratch: Vec<(usize, usize, usize)>,
}

/// Orders the items of each layer. Each of `starts` is an initial order;
/// the best order found from any of them is returned. `patience` is how
/// many rounds without improvement to try before stopping.
pub(super) fn order(
    g: &OrderGraph<'_>,
    starts: Vec<Vec<Vec<usize>>>,
    patience: usize,
) -> Vec<Vec<usize>> {
    let n_items = g.up.len();
    let n_clusters = g.cluster_parent.len();
    let mut ctx = Ctx {
        g,
        pos: vec![0; n_items],
        cluster_key: vec![0.0; n_clusters],
        children: vec![Vec::new(); n_clusters + 1],
        item_key: vec![None; n_items],
        cluster_fallback: vec![None; n_clusters],
        edge_scratch: Vec::new(),
    };
    let mut best: Vec<Vec<usize>> = Vec::new();
    let mut best_cc = usize::MAX;
    for mut layers in starts {
        // Group into contiguous blocks, keeping the given order.
        ctx.set_positions(&layers);
        ctx.update_cluster_keys(&layers);
        for layer in &mut layers {
            let keys: Vec<Option<f32>> = layer.iter().map(|&v| Some(ctx.pos[v] as f32)).collect();
            ctx.arrange(layer, &keys, false);
        }
        ctx.set_positions(&layers);
        ctx.update_cluster_keys(&layers);
        let (found, cc) = ctx.improve(layers, patience);
        if cc < best_cc {
            best_cc = cc;
            best = found;
        }
        if best_cc == 0 {
            break;
        }
    }
    // Small graphs: iterated local search, shaking the best order a little
    // (seeded, so deterministic) and improving it again.
    // Shaking is for edge crossings: skip it when only border crossings
    // (edges entering the subgraphs they must enter) are left.
    ctx.set_positions(&best);
    if best_cc > 0 && n_items <= SHAKE_MAX_ITEMS && ctx.edge_crossings(&best) > 0 {
        let mut state: u64 = 0x853C_49E6_748F_EA9B;
        let mut rnd = move |m: usize| -> usize {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m.max(1) as u64) as usize
        };
        // Long-edge chains (dummies: one link up, one link down).
        let is_dummy = |v: usize| g.up[v].len() == 1 && g.down[v].len() == 1;
        let dummies: Vec<usize> = (0..n_items).filter(|&v| is_dummy(v)).collect();
        // A fixed budget of work: more shakes for smaller graphs.
        let shakes = (SHAKE_BUDGET / n_items.max(1)).clamp(40, SHAKES);
        for shake in 0..shakes {
            let mut layers = best.clone();
            ctx.set_positions(&layers);
            if shake % 2 == 0 && !dummies.is_empty() {
                // Shift one whole chain a step left or right on every layer.
                let start = dummies[rnd(dummies.len())];
                let mut chain = vec![start];
                let mut v = start;
                while is_dummy(g.up[v][0]) {
                    v = g.up[v][0];
                    chain.push(v);
                }
                v = start;
                while is_dummy(g.down[v][0]) {
                    v = g.down[v][0];
                    chain.push(v);
                }
                let right = rnd(2) == 1;
                let steps = 1 + rnd(3);
                for &d in &chain {
                    let Some(r) =
                        (0..layers.len()).find(|&r| layers[r].get(ctx.pos[d]) == Some(&d))
                    else {
                        continue;
                    };
                    for _ in 0..steps {
                        let i = ctx.pos[d];
                        let j = if right { i + 1 } else { i.wrapping_sub(1) };
                        if j < layers[r].len() && g.cluster_of[layers[r][j]] == g.cluster_of[d] {
                            let other = layers[r][j];
                            layers[r].swap(i, j);
                            ctx.pos[d] = j;
                            ctx.pos[other] = i;
                        }
                    }
                }
            } else {
                for _ in 0..3 {
                    let r = rnd(layers.len());
                    let len = layers[r].len();
                    if len < 2 {
                        continue;
                    }
                    let i = rnd(len - 1);
                    let (v, w) = (layers[r][i], layers[r][i + 1]);
                    if g.cluster_of[v] == g.cluster_of[w] {
                        layers[r].swap(i, i + 1);
                    }
                }
            }
            ctx.set_positions(&layers);
            ctx.update_cluster_keys(&layers);
            let (found, cc) = if shake % 4 == 3 {
                ctx.improve(layers, patience)
            } else {
                ctx.polish(layers)
            };
            if cc < best_cc {
                best_cc = cc;
                best = found;
                if cc == 0 {
                    break;
                }
            }
        }
    }
    if best_cc > 0 && n_items <= SIFT_MAX_ITEMS {
        ctx.set_positions(&best);
        ctx.update_cluster_keys(&best);
        for _ in 0..3 {
            if !ctx.sift(&mut best) {
                break;
            }
        }
    }
    best
}

/// Edge crossings between consecutive layers of `layers`.
#[cfg(test)]
pub(super) fn count_crossings(g: &OrderGraph<'_>, layers: &[Vec<usize>]) -> usize {
    let mut pos = vec![0; g.up.len()];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut total = 0;
    let mut scratch = Vec::new();
    for r in 0..layers.len().saturating_sub(1) {
        total += bilayer_crossings(g.down, &pos, &layers[r], layers[r + 1].len(), &mut scratch);
    }
    total
}

/// Crossings between `upper` and the next layer (Barth, Jünger and Mutzel's
/// accumulator tree).
fn bilayer_crossings(
    down: &[Vec<usize>],
    pos: &[usize],
    upper: &[usize],
    lower_len: usize,
    scratch: &mut Vec<usize>,
) -> usize {
    if lower_len == 0 {
        return 0;
    }
    scratch.clear();
    for &u in upper {
        let start = scratch.len();
        scratch.extend(down[u].iter().map(|&w| pos[w]));
        scratch[start..].sort_unstable();
    }
    let mut first = 1;
    while first < lower_len {
        first *= 2;
    }
    let mut tree = vec![0usize; 2 * first - 1];
    let first_index = first - 1;
    let mut cross = 0;
    for &p in scratch.iter() {
        let mut index = p + first_index;
        tree[index] += 1;
        while index > 0 {
            if index % 2 == 1 {
                cross += tree[index + 1];
            }
            index = (index - 1) / 2;
            tree[index] += 1;
        }
    }
    cross
}

impl Ctx<'_> {
    /// Sweeps and swaps from `layers` while the crossings fall; returns the
    /// best order seen and its weighted crossings.
    fn improve(
        &mut self,
        mut layers: Vec<Vec<usize>>,
        patience: usize,
    ) -> (Vec<Vec<usize>>, usize) {
        let n_items = self.pos.len();
        let n_clusters = self.cluster_key.len();
        let mut best = layers.clone();
        let mut best_cc = self.crossings(&layers);
        if best_cc == 0 {
            return (best, 0);
        }
        let mut stale = 0;
        let mut round = 0usize;
        while stale < patience && round < 8 * patience {
            let down = round.is_multiple_of(2);
            let use_median = (round / 2).is_multiple_of(2);
            let bias_right = !(round / 4).is_multiple_of(2);
            self.sweep(&mut layers, down, use_median, bias_right);
            self.transpose(&mut layers, false);
            if n_clusters > 0 && n_items <= BLOCK_SWAP_MAX_ITEMS {
                self.transpose_blocks(&mut layers);
            }
            self.update_cluster_keys(&layers);
            let cc = self.crossings(&layers);
            if cc < best_cc {
                best_cc = cc;
                best.clone_from(&layers);
                stale = 0;
                if cc == 0 {
                    break;
                }
            } else {
                stale += 1;
            }
            round += 1;
        }
        self.set_positions(&best);
        (best, best_cc)
    }

    /// Local improvement only (no sweeps): swaps and exact layer orders
    /// until nothing improves.
    fn polish(&mut self, mut layers: Vec<Vec<usize>>) -> (Vec<Vec<usize>>, usize) {
        let n_items = self.pos.len();
        let mut cc = self.crossings(&layers);
        for _ in 0..6 {
            self.transpose(&mut layers, false);
            if n_items <= EXACT_MAX_ITEMS {
                self.exact_sweeps(&mut layers);
            }
            let next = self.crossings(&layers);
            if next >= cc {
                break;
            }
            cc = next;
        }
        (layers, cc)
    }

    /// Moves each item to the place among its siblings (items and blocks of
    /// the same subgraph) where the weighted crossings around its layer are
    /// fewest. Returns whether anything moved.
    fn sift(&mut self, layers: &mut [Vec<usize>]) -> bool {
        let mut moved = false;
        for r in 0..layers.len() {
            let snapshot = layers[r].clone();
            for v in snapshot {
                let Some(from) = layers[r].iter().position(|&x| x == v) else {
                    continue;
                };
                // Sibling units: maximal runs of items under one child of v's
                // innermost subgraph (or single items directly in it).
                let parent = self.g.cluster_of[v];
                let under = |x: usize| -> Option<Option<usize>> {
                    // The child of `parent` holding x (None = directly in it),
                    // or Some-less when x is outside `parent`.
                    let mut c = self.g.cluster_of[x];
                    let mut child = None;
                    loop {
                        if c == parent {
                            return Some(child);
                        }
                        match c {
                            Some(k) => {
                                child = Some(k);
                                c = self.g.cluster_parent[k];
                            }
                            None => return None,
                        }
                    }
                };
                let layer = &layers[r];
                let mut bounds = Vec::new();
                let mut i = 0;
                while i < layer.len() {
                    if i == from {
                        i += 1;
                        continue;
                    }
                    match under(layer[i]) {
                        None => i += 1,
                        Some(None) => {
                            bounds.push(i);
                            i += 1;
                        }
                        Some(Some(k)) => {
                            bounds.push(i);
                            while i < layer.len() && (i == from || under(layer[i]) == Some(Some(k)))
                            {
                                i += 1;
                            }
                        }
                    }
                }
                // Insert positions: before each sibling unit, and after the last.
                let mut cands: Vec<usize> = bounds.clone();
                if let Some(&last) = bounds.last() {
                    let mut e = last;
                    let k = under(layer[last]);
                    while e + 1 < layer.len()
                        && (e + 1 == from || under(layer[e + 1]) == k && k != Some(None))
                    {
                        e += 1;
                    }
                    cands.push(e + 1);
                }
                if cands.len() < 2 {
                    continue;
                }
                let base = self.local_cost(layers, r);
                let mut best_cost = base;
                let mut best_at = None;
                for &at in &cands {
                    if at == from || at == from + 1 {
                        continue;
                    }
                    let mut l = layers[r].clone();
                    l.remove(from);
                    let ins = if at > from { at - 1 } else { at };
                    l.insert(ins, v);
                    let old = std::mem::replace(&mut layers[r], l);
                    for (k, &x) in layers[r].iter().enumerate() {
                        self.pos[x] = k;
                    }
                    let c = self.local_cost(layers, r);
                    if c < best_cost {
                        best_cost = c;
                        best_at = Some(ins);
                    }
                    layers[r] = old;
                    for (k, &x) in layers[r].iter().enumerate() {
                        self.pos[x] = k;
                    }
                }
                if let Some(ins) = best_at {
                    layers[r].remove(from);
                    layers[r].insert(ins, v);
                    for (k, &x) in layers[r].iter().enumerate() {
                        self.pos[x] = k;
                    }
                    moved = true;
                }
            }
        }
        moved
    }

    fn set_positions(&mut self, layers: &[Vec<usize>]) {
        for layer in layers {
            for (i, &v) in layer.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// Weighted crossings of the whole order: edge-edge crossings count 1,
    /// an edge crossing a subgraph's border between two layers counts
    /// `BORDER_WEIGHT` (so edges do not slip through subgraphs they do not
    /// belong to).
    fn crossings(&mut self, layers: &[Vec<usize>]) -> usize {
        let nc = self.cluster_key.len();
        if nc == 0 {
            let mut total = 0;
            let mut scratch = Vec::new();
            for r in 0..layers.len().saturating_sub(1) {
                total += bilayer_crossings(
                    self.g.down,
                    &self.pos,
                    &layers[r],
                    layers[r + 1].len(),
                    &mut scratch,
                );
            }
            return total;
        }
        let mut total = 0;
        for r in 0..layers.len().saturating_sub(1) {
            total += self.pair_weighted(&layers[r], &layers[r + 1]);
        }
        total
    }

    /// Unweighted edge-edge crossings of the order (positions must match).
    fn edge_crossings(&self, layers: &[Vec<usize>]) -> usize {
        let mut total = 0;
        let mut scratch = Vec::new();
        for r in 0..layers.len().saturating_sub(1) {
            total += bilayer_crossings(
                self.g.down,
                &self.pos,
                &layers[r],
                layers[r + 1].len(),
                &mut scratch,
            );
        }
        total
    }

    /// Spans of each subgraph on `layer` (first and last index).
    fn spans(&self, layer: &[usize]) -> Vec<Option<(usize, usize)>> {
        let nc = self.cluster_key.len();
        let mut sp: Vec<Option<(usize, usize)>> = vec![None; nc];
        for (i, &v) in layer.iter().enumerate() {
            let mut c = self.g.cluster_of[v];
            while let Some(k) = c {
                sp[k] = Some(match sp[k] {
                    None => (i, i),
                    Some((a, b)) => (a.min(i), b.max(i)),
                });
                c = self.g.cluster_parent[k];
            }
        }
        sp
    }

    /// Weighted crossings between two consecutive layers, with positions
    /// taken from `self.pos` (which must match the slices).
    fn pair_weighted(&mut self, upper: &[usize], lower: &[usize]) -> usize {
        let nc = self.cluster_key.len();
        let above = self.spans(upper);
        let below = self.spans(lower);
        let mut edges = std::mem::take(&mut self.edge_scratch);
        edges.clear();
        for &u in upper {
            for &v in &self.g.down[u] {
                edges.push((2 * self.pos[u] + 1, 2 * self.pos[v] + 1, 1));
            }
        }
        for k in 0..nc {
            if let (Some((a0, a1)), Some((b0, b1))) = (above[k], below[k]) {
                edges.push((2 * a0, 2 * b0, BORDER_WEIGHT));
                edges.push((2 * a1 + 2, 2 * b1 + 2, BORDER_WEIGHT));
            }
        }
        edges.sort_unstable();
        let size = 2 * lower.len() + 3;
        let mut tree = vec![0usize; size + 1];
        let mut seen = 0usize;
        let mut total = 0;
        for &(_, q, w) in &edges {
            let mut i = q + 1;
            let mut le = 0;
            while i > 0 {
                le += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += w * (seen - le);
            let mut i = q + 1;
            while i <= size {
                tree[i] += w;
                i += i & i.wrapping_neg();
            }
            seen += w;
        }
        self.edge_scratch = edges;
        total
    }

    /// Swaps an item with a neighbouring subgraph block (same parent) when
    /// that lowers the weighted crossings of the two layer pairs around it.
    fn transpose_blocks(&mut self, layers: &mut [Vec<usize>]) {
        let nc = self.cluster_key.len();
        for r in 0..layers.len() {
            let mut i = 0;
            while i < layers[r].len() {
                // The unit starting at i, at the level of its outermost
                // subgraph that starts exactly here.
                let v = layers[r][i];
                let sp = self.spans(&layers[r]);
                let unit_end = |start: usize, cl: Option<usize>| -> usize {
                    // Outermost cluster on v's chain whose span starts at `start`.
                    let mut best = start;
                    let mut c = cl;
                    while let Some(k) = c {
                        if let Some((a, b)) = sp[k]
                            && a == start
                        {
                            best = best.max(b);
                        }
                        c = self.g.cluster_parent[k];
                    }
                    best
                };
                let a_end = unit_end(i, self.g.cluster_of[v]);
                let j = a_end + 1;
                if j >= layers[r].len() {
                    break;
                }
                let w = layers[r][j];
                let b_end = unit_end(j, self.g.cluster_of[w]);
                // The parent level of each unit: the innermost subgraph that
                // strictly contains it.
                let parent_of = |start: usize, end: usize, cl: Option<usize>| -> Option<usize> {
                    let mut c = cl;
                    while let Some(k) = c {
                        if let Some((a, b)) = sp[k]
                            && (a < start || b > end)
                        {
                            return Some(k);
                        }
                        c = self.g.cluster_parent[k];
                    }
                    None
                };
                let pa = parent_of(i, a_end, self.g.cluster_of[v]);
                let pb = parent_of(j, b_end, self.g.cluster_of[w]);
                let a_is_block = a_end > i || self.g.cluster_of[v] != pa;
                let b_is_block = b_end > j || self.g.cluster_of[w] != pb;
                if pa != pb || (a_is_block && b_is_block) || (!a_is_block && !b_is_block) || nc == 0
                {
                    i = a_end + 1;
                    continue;
                }
                let before = self.local_cost(layers, r);
                let mut swapped: Vec<usize> = Vec::with_capacity(b_end - i + 1);
                swapped.extend_from_slice(&layers[r][j..=b_end]);
                swapped.extend_from_slice(&layers[r][i..=a_end]);
                let old: Vec<usize> = layers[r][i..=b_end].to_vec();
                layers[r][i..=b_end].copy_from_slice(&swapped);
                for (k, &x) in layers[r].iter().enumerate().skip(i).take(b_end - i + 1) {
                    self.pos[x] = k;
                }
                let after = self.local_cost(layers, r);
                if after < before {
                    i += b_end - j + 1;
                } else {
                    layers[r][i..=b_end].copy_from_slice(&old);
                    for (k, &x) in layers[r].iter().enumerate().skip(i).take(b_end - i + 1) {
                        self.pos[x] = k;
                    }
                    i = a_end + 1;
                }
            }
        }
    }

    fn local_cost(&mut self, layers: &[Vec<usize>], r: usize) -> usize {
        let mut c = 0;
        if r > 0 {
            c += self.pair_weighted(&layers[r - 1], &layers[r]);
        }
        if r + 1 < layers.len() {
            c += self.pair_weighted(&layers[r], &layers[r + 1]);
        }
        c
    }

    /// Each subgraph's key: mean relative position of its items over all layers.
    fn update_cluster_keys(&mut self, layers: &[Vec<usize>]) {
        let n = self.cluster_key.len();
        if n == 0 {
            return;
        }
        let mut sum = vec![0.0f32; n];
        let mut cnt = vec![0usize; n];
        for layer in layers {
            let len = layer.len() as f32;
            for (i, &v) in layer.iter().enumerate() {
                let rel = (i as f32 + 0.5) / len;
                let mut c = self.g.cluster_of[v];
                while let Some(k) = c {
                    sum[k] += rel;
                    cnt[k] += 1;
                    c = self.g.cluster_parent[k];
                }
            }
        }
        for k in 0..n {
            if cnt[k] > 0 {
                self.cluster_key[k] = sum[k] / cnt[k] as f32;
            }
        }
    }

    fn adjacent_cluster_keys(&mut self, layer: &[usize]) {
        let n = self.cluster_fallback.len();
        if n == 0 {
            return;
        }
        let mut sum = vec![0.0f32; n];
        let mut cnt = vec![0usize; n];
        for (i, &v) in layer.iter().enumerate() {
            let mut c = self.g.cluster_of[v];
            while let Some(k) = c {
                sum[k] += i as f32;
                cnt[k] += 1;
                c = self.g.cluster_parent[k];
            }
        }
        for k in 0..n {
            self.cluster_fallback[k] = (cnt[k] > 0).then(|| sum[k] / cnt[k] as f32);
        }
    }

    fn sweep(&mut self, layers: &mut [Vec<usize>], down: bool, median: bool, bias_right: bool) {
        let n = layers.len();
        let ranks: Vec<usize> = if down {
            (1..n).collect()
        } else {
            (0..n.saturating_sub(1)).rev().collect()
        };
        let mut keys: Vec<Option<f32>> = Vec::new();
        let mut nb: Vec<f32> = Vec::new();
        for r in ranks {
            keys.clear();
            for &v in &layers[r] {
                let adj = if down { &self.g.up[v] } else { &self.g.down[v] };
                if adj.is_empty() {
                    keys.push(None);
                    continue;
                }
                nb.clear();
                nb.extend(adj.iter().map(|&w| self.pos[w] as f32));
                let key = if median {
                    nb.sort_by(f32::total_cmp);
                    let m = nb.len();
                    if m % 2 == 1 {
                        nb[m / 2]
                    } else if m == 2 {
                        f32::midpoint(nb[0], nb[1])
                    } else {
                        // Weighted median (Gansner et al.): lean to the denser side.
                        let left = nb[m / 2 - 1] - nb[0];
                        let right = nb[m - 1] - nb[m / 2];
                        if left + right > 0.0 {
                            (nb[m / 2 - 1] * right + nb[m / 2] * left) / (left + right)
                        } else {
                            f32::midpoint(nb[m / 2 - 1], nb[m / 2])
                        }
                    }
                } else {
                    nb.iter().sum::<f32>() / nb.len() as f32
                };
                keys.push(Some(key));
            }
            // Subgraphs without keyed items follow their place on the fixed layer.
            let adj_layer = if down { r - 1 } else { r + 1 };
            self.adjacent_cluster_keys(&layers[adj_layer]);
            let mut layer = std::mem::take(&mut layers[r]);
            self.arrange(&mut layer, &keys, bias_right);
            self.cluster_fallback.fill(None);
            for (i, &v) in layer.iter().enumerate() {
                self.pos[v] = i;
            }
            layers[r] = layer;
        }
    }

    /// Fills `self.children` with the block tree of `layer` (root at index
    /// `nc`), units in their current order.
    fn build_tree(&mut self, layer: &[usize]) {
        let nc = self.cluster_key.len();
        for ch in &mut self.children {
            ch.clear();
        }
        let mut present = vec![false; nc];
        for &v in layer {
            match self.g.cluster_of[v] {
                None => self.children[nc].push(Unit::Item(v)),
                Some(c) => {
                    self.children[c].push(Unit::Item(v));
                    let mut k = Some(c);
                    while let Some(x) = k {
                        let parent = self.g.cluster_parent[x];
                        if !present[x] {
                            present[x] = true;
                            self.children[parent.unwrap_or(nc)].push(Unit::Cluster(x));
                        }
                        k = parent;
                    }
                }
            }
        }
    }

    fn unit_items(&self, u: Unit, out: &mut Vec<usize>, clusters: &mut Vec<usize>) {
        match u {
            Unit::Item(v) => out.push(v),
            Unit::Cluster(c) => {
                clusters.push(c);
                for &w in &self.children[c] {
                    self.unit_items(w, out, clusters);
                }
            }
        }
    }

    /// Reorders each block of layer `r` optimally against its two fixed
    /// neighbour layers (dynamic programming over subsets, for blocks of at
    /// most `EXACT_MAX_UNITS` units; subgraph blocks keep their global
    /// order). Returns whether the layer changed.
    fn exact_layer(&mut self, layers: &mut [Vec<usize>], r: usize) -> bool {
        let nc = self.cluster_key.len();
        let layer = layers[r].clone();
        self.build_tree(&layer);
        let adj: Vec<(usize, bool)> = [(r.wrapping_sub(1), true), (r + 1, false)]
            .into_iter()
            .filter(|&(k, _)| k < layers.len())
            .collect();
        let spans: Vec<Vec<Option<(usize, usize)>>> =
            adj.iter().map(|&(k, _)| self.spans(&layers[k])).collect();
        let mut changed = false;
        for node in 0..=nc {
            let units = self.children[node].clone();
            let n = units.len();
            if !(2..=EXACT_MAX_UNITS).contains(&n) {
                continue;
            }
            let mut items: Vec<Vec<usize>> = Vec::with_capacity(n);
            let mut cls: Vec<Vec<usize>> = Vec::with_capacity(n);
            for &u in &units {
                let mut it = Vec::new();
                let mut cl = Vec::new();
                self.unit_items(u, &mut it, &mut cl);
                items.push(it);
                cls.push(cl);
            }
            // cost[a][b]: crossings among a's and b's edges with a left of b.
            let mut cost = vec![vec![0usize; n]; n];
            for a in 0..n {
                for b in 0..n {
                    if a == b {
                        continue;
                    }
                    let mut c = 0usize;
                    for (side, &(_, is_up)) in adj.iter().enumerate() {
                        let nb = if is_up { self.g.up } else { self.g.down };
                        for &x in &items[a] {
                            for &p in &nb[x] {
                                let pp = self.pos[p];
                                for &y in &items[b] {
                                    for &q in &nb[y] {
                                        if pp > self.pos[q] {
                                            c += 1;
                                        }
                                    }
                                }
                                // x is left of b's subgraphs here.
                                for &k in &cls[b] {
                                    if let Some((k0, k1)) = spans[side][k] {
                                        c += BORDER_WEIGHT
                                            * (usize::from(pp >= k0) + usize::from(pp > k1));
                                    }
                                }
                            }
                        }
                        for &y in &items[b] {
                            for &q in &nb[y] {
                                let qq = self.pos[q];
                                for &k in &cls[a] {
                                    if let Some((k0, k1)) = spans[side][k] {
                                        c += BORDER_WEIGHT
                                            * (usize::from(qq <= k1) + usize::from(qq < k0));
                                    }
                                }
                            }
                        }
                    }
                    cost[a][b] = c;
                }
            }
            // Subgraph units must keep their relative order.
            let cluster_units: Vec<usize> = (0..n)
                .filter(|&i| matches!(units[i], Unit::Cluster(_)))
                .collect();
            let mut must_precede = vec![0u32; n];
            for (i, &a) in cluster_units.iter().enumerate() {
                for &b in &cluster_units[i + 1..] {
                    must_precede[b] |= 1 << a;
                }
            }
            let full = (1u32 << n) - 1;
            let mut dp = vec![usize::MAX; 1 << n];
            let mut choice = vec![0u8; 1 << n];
            dp[0] = 0;
            for set in 0..full {
                let d = dp[set as usize];
                if d == usize::MAX {
                    continue;
                }
                for v in 0..n {
                    if set & (1 << v) != 0 || must_precede[v] & !set != 0 {
                        continue;
                    }
                    let mut add = 0;
                    let mut rest = set;
                    while rest != 0 {
                        let u = rest.trailing_zeros() as usize;
                        add += cost[u][v];
                        rest &= rest - 1;
                    }
                    let next = (set | (1 << v)) as usize;
                    if d + add < dp[next] {
                        dp[next] = d + add;
                        choice[next] = v as u8;
                    }
                }
            }
            let mut current = 0;
            for a in 0..n {
                for b in a + 1..n {
                    current += cost[a][b];
                }
            }
            if dp[full as usize] < current {
                let mut order = Vec::with_capacity(n);
                let mut set = full;
                while set != 0 {
                    let v = choice[set as usize] as usize;
                    order.push(v);
                    set &= !(1 << v);
                }
                order.reverse();
                self.children[node] = order.iter().map(|&i| units[i]).collect();
                changed = true;
            }
        }
        if changed {
            let mut out = Vec::with_capacity(layer.len());
            self.emit_current(nc, &mut out);
            for (i, &v) in out.iter().enumerate() {
                self.pos[v] = i;
            }
            layers[r] = out;
        }
        changed
    }

    fn emit_current(&self, node: usize, out: &mut Vec<usize>) {
        for &u in &self.children[node] {
            match u {
                Unit::Item(v) => out.push(v),
                Unit::Cluster(c) => self.emit_current(c, out),
            }
        }
    }

    /// Exact reordering of every layer, down then up.
    fn exact_sweeps(&mut self, layers: &mut [Vec<usize>]) {
        for _ in 0..4 {
            let mut changed = false;
            for r in 0..layers.len() {
                changed |= self.exact_layer(layers, r);
            }
            for r in (0..layers.len()).rev() {
                changed |= self.exact_layer(layers, r);
            }
            if !changed {
                break;
            }
        }
    }

    /// Sorts `layer` by `keys` (aligned with `layer`) as a tree of blocks:
    /// each subgraph stays contiguous, sibling subgraphs follow their global
    /// keys, and items without a key keep their place.
    fn arrange(&mut self, layer: &mut Vec<usize>, keys: &[Option<f32>], bias_right: bool) {
        let nc = self.cluster_key.len();
        if nc == 0 {
            let mut units: Vec<(Option<f32>, usize, usize)> = layer
                .iter()
                .enumerate()
                .map(|(i, &v)| (keys[i], i, v))
                .collect();
            let order = sort_units(&mut units, bias_right);
            *layer = order;
            return;
        }
        // Build the block tree of this layer: root is index nc.
        for ch in &mut self.children {
            ch.clear();
        }
        let mut key_sum = vec![0.0f32; nc];
        let mut key_cnt = vec![0usize; nc];
        let mut present = vec![false; nc];
        for (i, &v) in layer.iter().enumerate() {
            let leaf = self.g.cluster_of[v];
            match leaf {
                None => self.children[nc].push(Unit::Item(v)),
                Some(c) => {
                    self.children[c].push(Unit::Item(v));
                    let mut k = Some(c);
                    while let Some(x) = k {
                        if let Some(key) = keys[i] {
                            key_sum[x] += key;
                            key_cnt[x] += 1;
                        }
                        let parent = self.g.cluster_parent[x];
                        if !present[x] {
                            present[x] = true;
                            let slot = parent.unwrap_or(nc);
                            self.children[slot].push(Unit::Cluster(x));
                        }
                        k = parent;
                    }
                }
            }
        }
        for (i, &v) in layer.iter().enumerate() {
            self.item_key[v] = keys[i];
        }
        let mut out = Vec::with_capacity(layer.len());
        self.emit(nc, &key_sum, &key_cnt, bias_right, &mut out);
        *layer = out;
    }

    fn emit(
        &self,
        node: usize,
        key_sum: &[f32],
        key_cnt: &[usize],
        bias_right: bool,
        out: &mut Vec<usize>,
    ) {
        let children = &self.children[node];
        // Children in their current order: by first position in the layer.
        let mut units: Vec<(Option<f32>, usize, usize)> = Vec::with_capacity(children.len());
        for (slot, u) in children.iter().enumerate() {
            let key = match *u {
                Unit::Item(v) => self.item_key[v],
                Unit::Cluster(c) => {
                    // Half its members' pull, half where the block sits on the
                    // fixed layer: blocks move slowly, so edges do not slip
                    // past them from one layer to the next.
                    match (key_cnt[c], self.cluster_fallback[c]) {
                        (0, fallback) => fallback,
                        (n, None) => Some(key_sum[c] / n as f32),
                        (n, Some(adj)) => Some(f32::midpoint(key_sum[c] / n as f32, adj)),
                    }
                }
            };
            units.push((key, slot, slot));
        }
        let order = sort_units(&mut units, bias_right);
        let mut sorted: Vec<Unit> = order.iter().map(|&s| children[s]).collect();
        // Sibling subgraphs take the slots subgraphs got, in global-key order.
        let mut cl: Vec<usize> = sorted
            .iter()
            .filter_map(|u| match u {
                Unit::Cluster(c) => Some(*c),
                Unit::Item(_) => None,
            })
            .collect();
        if cl.len() > 1 {
            cl.sort_by(|&a, &b| {
                self.cluster_key[a]
                    .total_cmp(&self.cluster_key[b])
                    .then(a.cmp(&b))
            });
            let mut it = cl.into_iter();
            for u in &mut sorted {
                if let Unit::Cluster(_) = u
                    && let Some(c) = it.next()
                {
                    *u = Unit::Cluster(c);
                }
            }
        }
        for u in sorted {
            match u {
                Unit::Item(v) => out.push(v),
                Unit::Cluster(c) => self.emit(c, key_sum, key_cnt, bias_right, out),
            }
        }
    }

    /// Swaps neighbours of the same subgraph while that removes crossings
    /// (with `sideways`, also swaps that keep them equal, as dot does to
    /// leave a plateau).
    fn transpose(&mut self, layers: &mut [Vec<usize>], sideways: bool) {
        let mut improved = true;
        let mut passes = 0;
        while improved && passes < 8 {
            improved = false;
            passes += 1;
            for r in 0..layers.len() {
                let len = layers[r].len();
                if len < 2 {
                    continue;
                }
                for i in 0..len - 1 {
                    let v = layers[r][i];
                    let w = layers[r][i + 1];
                    if self.g.cluster_of[v] != self.g.cluster_of[w] {
                        continue;
                    }
                    let (c_vw, c_wv) = self.pair_crossings(v, w);
                    if c_wv < c_vw || (sideways && c_vw > 0 && c_wv == c_vw && passes == 1) {
                        layers[r].swap(i, i + 1);
                        self.pos[v] = i + 1;
                        self.pos[w] = i;
                        improved = true;
                    }
                }
            }
        }
    }

    /// Crossings among the edges of `v` and `w` with `v` left of `w`, and
    /// with them swapped.
    fn pair_crossings(&self, v: usize, w: usize) -> (usize, usize) {
        let mut vw = 0;
        let mut wv = 0;
        for adj in [self.g.up, self.g.down] {
            for &a in &adj[v] {
                let pa = self.pos[a];
                for &b in &adj[w] {
                    let pb = self.pos[b];
                    if pa > pb {
                        vw += 1;
                    } else if pa < pb {
                        wv += 1;
                    }
                }
            }
        }
        (vw, wv)
    }
}

/// dagre's sort: units with a key sorted by it (ties by place), units
/// without a key kept at their index. Each unit is (key, place, payload).
fn sort_units(units: &mut [(Option<f32>, usize, usize)], bias_right: bool) -> Vec<usize> {
    let mut sortable: Vec<(f32, usize, usize)> = Vec::with_capacity(units.len());
    let mut unsortable: Vec<(usize, usize)> = Vec::new();
    for &(k, place, payload) in units.iter() {
        match k {
            Some(k) => sortable.push((k, place, payload)),
            None => unsortable.push((place, payload)),
        }
    }
    sortable.sort_by(|a, b| {
        a.0.total_cmp(&b.0).then(if bias_right {
            b.1.cmp(&a.1)
        } else {
            a.1.cmp(&b.1)
        })
    });
    // Stack with the smallest place on top.
    unsortable.sort_by_key(|u| std::cmp::Reverse(u.0));
    let mut out = Vec::with_capacity(units.len());
    let mut index = 0;
    let consume =
        |out: &mut Vec<usize>, unsortable: &mut Vec<(usize, usize)>, index: &mut usize| {
            while let Some(&(place, payload)) = unsortable.last() {
                if place > *index {
                    break;
                }
                unsortable.pop();
                out.push(payload);
                *index += 1;
            }
        };
    consume(&mut out, &mut unsortable, &mut index);
    for (_, _, payload) in sortable {
        out.push(payload);
        index += 1;
        consume(&mut out, &mut unsortable, &mut index);
    }
    while let Some((_, payload)) = unsortable.pop() {
        out.push(payload);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bilayer_crossings() {
        // 0 -> 3, 1 -> 2 on layers [0, 1] / [2, 3]: one crossing.
        let up = vec![vec![], vec![], vec![1], vec![0]];
        let down = vec![vec![3], vec![2], vec![], vec![]];
        let g = OrderGraph {
            up: &up,
            down: &down,
            cluster_of: &[None; 4],
            cluster_parent: &[],
        };
        assert_eq!(count_crossings(&g, &[vec![0, 1], vec![2, 3]]), 1);
        let best = order(&g, vec![vec![vec![0, 1], vec![2, 3]]], 4);
        assert_eq!(count_crossings(&g, &best), 0);
    }

    #[test]
    fn keeps_clusters_contiguous() {
        // Items 2 and 4 are in a cluster; 3 is not. Upper layer 0, 1.
        // 0 -> 2, 1 -> 3, 0 -> 4 would prefer [2, 4, 3] anyway; force a
        // pull: 1 -> 4 so 4 wants to be right of 3.
        let up = vec![vec![], vec![], vec![0], vec![0], vec![1]];
        let down = vec![vec![2, 3], vec![4], vec![], vec![], vec![]];
        let cluster_of = [None, None, Some(0), None, Some(0)];
        let g = OrderGraph {
            up: &up,
            down: &down,
            cluster_of: &cluster_of,
            cluster_parent: &[None],
        };
        let best = order(&g, vec![vec![vec![0, 1], vec![2, 3, 4]]], 4);
        let l = &best[1];
        let p2 = l.iter().position(|&v| v == 2).expect("2 placed");
        let p4 = l.iter().position(|&v| v == 4).expect("4 placed");
        assert_eq!(p2.abs_diff(p4), 1, "cluster split: {l:?}");
    }

    #[test]
    fn sort_keeps_unkeyed_in_place() {
        let mut u = vec![(Some(2.0), 0, 10), (None, 1, 11), (Some(0.0), 2, 12)];
        assert_eq!(sort_units(&mut u, false), vec![12, 11, 10]);
    }
}
