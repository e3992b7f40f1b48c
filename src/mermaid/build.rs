//! Turns what the parser found into a [`Flowchart`]: subgraph membership,
//! endpoints, labels, and styles resolved per node, edge and subgraph.

use std::collections::HashMap;

use super::error::MermaidError;
use super::label::build_label;
use super::model::{Click, Cluster, Edge, Endpoint, Flowchart, Label, Node, Style};
use super::parser::{LabelSrc, Parsed};
use super::style::{Prop, apply_props};

const NONE: usize = usize::MAX;

/// Byte offset -> 1-based line.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

fn label_of(src: LabelSrc<'_>) -> Label {
    build_label(src.text, src.kind)
}

pub fn build(p: Parsed<'_>) -> Result<Flowchart, MermaidError> {
    let lines = Lines::new(p.text);
    let mut messages: Vec<(usize, String)> = p.notes;
    let symbols = p.symbols;

    // Which subgraph claims each id: the first to close that mentions it
    // (Mermaid's rule), so inner subgraphs win over outer ones.
    let mut claimed = vec![NONE; symbols.len()];
    for closed in &p.closed {
        for &sym in &closed.mentions {
            if claimed[sym] == NONE {
                claimed[sym] = closed.cluster;
            }
        }
    }

    // Clusters, in the order of their `subgraph` lines.
    let cluster_count = p.clusters.len();
    let mut parent = vec![NONE; cluster_count];
    for (c, src) in p.clusters.iter().enumerate() {
        if let Some(sym) = src.sym
            && claimed[sym] != NONE
            && claimed[sym] != c
        {
            parent[c] = claimed[sym];
        }
    }
    break_cycles(&mut parent, &p.clusters, &p.closed, &mut messages);

    // Nodes: every id that is not a subgraph, in order of first appearance.
    let mut node_of = vec![NONE; symbols.len()];
    let mut nodes: Vec<Node> = Vec::with_capacity(symbols.len());
    for (s, sym) in symbols.iter().enumerate() {
        if sym.cluster.is_some() {
            if let Some(at) = sym.decl_offset {
                messages.push((
                    at,
                    format!(
                        "`{}` is both a node and a subgraph; it is drawn as the subgraph, without the node's text or shape",
                        sym.id
                    ),
                ));
            }
            continue;
        }
        if sym.styled_only {
            messages.push((
                sym.offset,
                format!(
                    "`style` names `{}`, which no other statement mentions; it is drawn as a lone node, as in Mermaid",
                    sym.id
                ),
            ));
        }
        node_of[s] = nodes.len();
        nodes.push(Node {
            id: sym.id.to_string(),
            label: sym.label.map_or_else(|| Label::plain(&sym.id), label_of),
            shape: sym.shape,
            classes: sym.classes.iter().map(|&c| c.to_owned()).collect(),
            style: Style::default(),
            cluster: (claimed[s] != NONE).then_some(claimed[s]),
            line: lines.line(sym.offset),
        });
    }

    let mut clusters: Vec<Cluster> = p
        .clusters
        .iter()
        .enumerate()
        .map(|(c, src)| {
            let sym = src.sym.map(|s| &symbols[s]);
            Cluster {
                id: sym.map(|s| s.id.to_string()).unwrap_or_default(),
                title: src.title.map_or_else(Label::default, label_of),
                parent: (parent[c] != NONE).then_some(parent[c]),
                nodes: Vec::new(),
                clusters: Vec::new(),
                direction: src.direction,
                style: Style::default(),
                classes: sym
                    .map(|s| s.classes.iter().map(|&c| c.to_owned()).collect())
                    .unwrap_or_default(),
                line: lines.line(src.offset),
            }
        })
        .collect();
    for c in 0..cluster_count {
        if parent[c] != NONE {
            clusters[parent[c]].clusters.push(c);
        }
    }
    for (n, node) in nodes.iter().enumerate() {
        if let Some(c) = node.cluster {
            clusters[c].nodes.push(n);
        }
    }

    let endpoint = |sym: usize| match symbols[sym].cluster {
        Some(c) => Endpoint::Cluster(c),
        None => Endpoint::Node(node_of[sym]),
    };
    let mut edges: Vec<Edge> = p
        .edges
        .iter()
        .map(|e| Edge {
            id: e.id.map(str::to_owned),
            from: endpoint(e.from),
            to: endpoint(e.to),
            line_kind: e.kind,
            start_head: e.start_head,
            end_head: e.end_head,
            label: e.label.map(label_of).filter(|l| !l.is_empty()),
            min_len: e.min_len,
            style: Style::default(),
            line: lines.line(e.offset),
        })
        .collect();

    // Classes named by `class` before their ids appeared.
    let edge_ids: HashMap<&str, usize> = p
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id.map(|id| (id, i)))
        .collect();
    let sym_ids: HashMap<&str, usize> = symbols
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_ref(), i))
        .collect();
    let mut extra_classes: Vec<(usize, &str)> = Vec::new();
    let mut edge_classes = p.edge_classes;
    for stmt in &p.deferred_classes {
        for &(id, offset) in &stmt.ids {
            let mut found = false;
            if let Some(&sym) = sym_ids.get(id) {
                extra_classes.extend(stmt.classes.iter().map(|&c| (sym, c)));
                found = true;
            }
            if let Some(&edge) = edge_ids.get(id) {
                edge_classes.extend(stmt.classes.iter().map(|&c| (edge, c)));
                found = true;
            }
            if !found {
                messages.push((
                    offset,
                    format!(
                        "`class` names `{id}`, which is not a node, subgraph or edge id; ignored"
                    ),
                ));
            }
        }
    }
    for (sym, class) in extra_classes {
        let classes = match symbols[sym].cluster {
            Some(c) => &mut clusters[c].classes,
            None => &mut nodes[node_of[sym]].classes,
        };
        if !classes.iter().any(|k| k == class) {
            classes.push(class.to_owned());
        }
    }

    // Styles: `classDef default` for nodes, then classes in order, then
    // `style` lines.
    let mut class_defs: HashMap<&str, Vec<Prop<'_>>> = HashMap::new();
    for (name, props) in &p.class_defs {
        class_defs
            .entry(name)
            .or_default()
            .extend(props.iter().copied());
    }
    let mut missing_classes: Vec<String> = Vec::new();
    let mut resolve = |style: &mut Style, classes: &[String], own: &[Prop<'_>], default: bool| {
        if default && let Some(props) = class_defs.get("default") {
            apply_props(style, props);
        }
        for class in classes {
            match class_defs.get(class.as_str()) {
                Some(props) => {
                    apply_props(style, props);
                }
                None => {
                    if !missing_classes.contains(class) {
                        missing_classes.push(class.clone());
                    }
                }
            }
        }
        apply_props(style, own);
    };
    for (s, sym) in symbols.iter().enumerate() {
        if let Some(c) = sym.cluster {
            let cluster = &mut clusters[c];
            resolve(&mut cluster.style, &cluster.classes, &sym.styles, false);
        } else {
            let node = &mut nodes[node_of[s]];
            resolve(&mut node.style, &node.classes, &sym.styles, true);
        }
    }
    // Edges: classes (`class e1 name`), then `linkStyle default`, then the
    // last `linkStyle` naming the edge (which replaces earlier ones, as in Mermaid).
    let mut own_link_style = vec![NONE; edges.len()];
    let mut default_link_style = NONE;
    for (k, ls) in p.link_styles.iter().enumerate() {
        if ls.edges.is_empty() {
            default_link_style = k;
        }
        for &(index, offset) in &ls.edges {
            if index >= edges.len() {
                return Err(MermaidError::at(
                    p.text,
                    offset,
                    match edges.len() {
                        0 => {
                            format!("`linkStyle` names edge {index}, but the diagram has no edges")
                        }
                        1 => format!(
                            "`linkStyle` names edge {index}, but the diagram has only 1 edge (numbered 0)"
                        ),
                        n => format!(
                            "`linkStyle` names edge {index}, but the diagram has only {n} edges (numbered 0 to {})",
                            n - 1
                        ),
                    },
                ));
            }
            own_link_style[index] = k;
        }
    }
    edge_classes.sort_by_key(|&(e, _)| e);
    let mut next_class = 0;
    for (i, edge) in edges.iter_mut().enumerate() {
        let mut classes: Vec<String> = Vec::new();
        while let Some(&(e, class)) = edge_classes.get(next_class)
            && e == i
        {
            classes.push(class.to_owned());
            next_class += 1;
        }
        resolve(&mut edge.style, &classes, &[], false);
        if default_link_style != NONE {
            apply_props(&mut edge.style, &p.link_styles[default_link_style].props);
        }
        if own_link_style[i] != NONE {
            apply_props(&mut edge.style, &p.link_styles[own_link_style[i]].props);
        }
    }
    for class in &missing_classes {
        messages.push((
            usize::MAX,
            format!("no `classDef {class}`; the class `{class}` has no style"),
        ));
    }

    let mut clicks = Vec::with_capacity(p.clicks.len());
    for click in p.clicks {
        match sym_ids.get(click.id).copied() {
            Some(sym) if symbols[sym].cluster.is_none() => clicks.push(Click {
                node: node_of[sym],
                target: click.target,
                tooltip: click.tooltip,
                action: click.action,
                window: click.window,
            }),
            _ => messages.push((
                click.offset,
                format!("`click` names `{}`, which is not a node; ignored", click.id),
            )),
        }
    }

    messages.sort_by_key(|&(offset, _)| offset);
    let note_texts = messages
        .into_iter()
        .map(|(offset, message)| {
            if offset == usize::MAX {
                message
            } else {
                let e = MermaidError::at(p.text, offset, "");
                format!("{}:{}: {message}", e.line, e.column)
            }
        })
        .collect();

    Ok(Flowchart {
        direction: p.direction,
        nodes,
        edges,
        clusters,
        clicks,
        acc_title: p.acc_title,
        acc_descr: p.acc_descr,
        notes: note_texts,
    })
}

/// Cuts parent links that would make a subgraph contain itself (possible
/// when an edge inside one subgraph names another defined later). In each
/// cycle the link made by the subgraph that closed last goes, so the first
/// claim wins, as for nodes.
fn break_cycles(
    parent: &mut [usize],
    clusters: &[super::parser::ClusterSrc<'_>],
    closed: &[super::parser::Closed],
    messages: &mut Vec<(usize, String)>,
) {
    let mut close_rank = vec![0; parent.len()];
    for (rank, c) in closed.iter().enumerate().rev() {
        close_rank[c.cluster] = rank;
    }
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut c = start;
        while c != NONE && state[c] == 0 {
            state[c] = 1;
            path.push(c);
            c = parent[c];
        }
        if c != NONE && state[c] == 1 {
            let from = path.iter().position(|&k| k == c).unwrap_or(0);
            let cut = path[from..]
                .iter()
                .copied()
                .max_by_key(|&k| close_rank[parent[k]]);
            if let Some(k) = cut {
                parent[k] = NONE;
                messages.push((
                    clusters[k].offset,
                    "this subgraph is named inside a subgraph it contains; it is kept outside it"
                        .to_owned(),
                ));
            }
        }
        for &k in &path {
            state[k] = 2;
        }
        path.clear();
    }
}
