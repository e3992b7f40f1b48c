//! Turns what the parser found into a [`Flowchart`]: subgraph membership,
//! endpoints, labels, and styles resolved per node, edge and subgraph.

use std::collections::{HashMap, HashSet};

use super::error::MermaidError;
use super::label::build_label;
use super::model::{Click, Cluster, Edge, Endpoint, Flowchart, Label, Node, Style, TextRun};
use super::parser::{Closed, ClusterSrc, LabelSrc, Parsed, copy_budget, count_newlines};
use super::style::{PropSet, Resolver};

const NONE: usize = usize::MAX;

/// Most notes kept; the rest are counted in a last note.
const MAX_NOTES: usize = 50;

fn label_of(src: LabelSrc<'_>) -> Label {
    build_label(src.text, src.kind)
}

/// `classes` without repeats, first occurrence kept, in linear time.
fn dedupe<'a>(classes: &[&'a str]) -> Vec<&'a str> {
    if classes.len() <= 8 {
        let mut out: Vec<&str> = Vec::with_capacity(classes.len());
        for &c in classes {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        return out;
    }
    let mut seen = HashSet::with_capacity(classes.len());
    classes
        .iter()
        .copied()
        .filter(|c| seen.insert(*c))
        .collect()
}

pub fn build<'a>(p: Parsed<'a>) -> Result<Flowchart, MermaidError> {
    let mut budget = copy_budget(p.text.len());
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

    // Classes named by `class` before their ids appeared.
    let mut late_classes: Vec<Vec<&'a str>> = Vec::new();
    let mut edge_classes = p.edge_classes;
    for stmt in &p.deferred_classes {
        for &(id, offset) in &stmt.ids {
            let sym = p.ids.get(id).copied();
            let edge = p.edge_ids.get(id).copied();
            if let Some(sym) = sym {
                if late_classes.is_empty() {
                    late_classes = vec![Vec::new(); symbols.len()];
                }
                late_classes[sym].extend(stmt.classes.iter().copied());
            }
            if let Some(edge) = edge {
                edge_classes.extend(stmt.classes.iter().map(|&c| (edge, c)));
            }
            if sym.is_none() && edge.is_none() {
                messages.push((
                    offset,
                    format!(
                        "`class` names `{id}`, which is not a node, subgraph or edge id; ignored"
                    ),
                ));
            }
        }
    }
    let classes_of = |s: usize| -> std::borrow::Cow<'_, [&'a str]> {
        match late_classes.get(s) {
            Some(late) if !late.is_empty() => {
                let mut all = symbols[s].classes.clone();
                all.extend(late.iter().copied());
                std::borrow::Cow::Owned(dedupe(&all))
            }
            _ if symbols[s].classes.len() <= 1 => std::borrow::Cow::Borrowed(&symbols[s].classes),
            _ => std::borrow::Cow::Owned(dedupe(&symbols[s].classes)),
        }
    };

    // Styles: `classDef default` for nodes, then classes in order, then
    // `style` lines (subgraphs: classes, then `style`).
    let mut class_props: HashMap<&str, Vec<_>> = HashMap::new();
    for (name, props) in &p.class_defs {
        class_props
            .entry(name)
            .or_default()
            .extend(props.iter().copied());
    }
    let class_defs: HashMap<&str, PropSet<'_>> = class_props
        .into_iter()
        .map(|(name, props)| (name, PropSet::new(&props)))
        .collect();
    let default_class = class_defs.get("default");
    let mut missing: Vec<&'a str> = Vec::new();
    let mut missing_seen: HashSet<&'a str> = HashSet::new();
    let mut dropped_raw = false;
    let mut resolve =
        |classes: &[&'a str], own: &PropSet<'a>, default: bool, budget: &mut usize| {
            if classes.is_empty() && own.is_empty() && (!default || default_class.is_none()) {
                return Style::default();
            }
            let mut r = Resolver::default();
            if default && let Some(props) = default_class {
                r.apply(props, budget);
            }
            for &class in classes {
                if let Some(props) = class_defs.get(class) {
                    r.apply(props, budget);
                } else if missing_seen.insert(class) {
                    missing.push(class);
                }
            }
            r.apply(own, budget);
            let (style, dropped) = r.finish();
            dropped_raw |= dropped;
            style
        };
    let copy_classes =
        |classes: &[&str]| -> Vec<String> { classes.iter().map(|&c| c.to_owned()).collect() };

    // Nodes: every id that is not a subgraph, in order of first appearance.
    let mut node_of = vec![NONE; symbols.len()];
    let mut nodes: Vec<Node> = Vec::with_capacity(symbols.len());
    let mut cluster_styles: Vec<(Style, Vec<String>)> = vec![Default::default(); cluster_count];
    for (s, sym) in symbols.iter().enumerate() {
        let classes = classes_of(s);
        let own = if sym.styles.is_empty() {
            PropSet::default()
        } else {
            PropSet::new(&sym.styles)
        };
        if let Some(c) = sym.cluster {
            if let Some(at) = sym.decl_offset {
                messages.push((
                    at,
                    format!(
                        "`{}` is both a node and a subgraph; it is drawn as the subgraph, without the node's text or shape",
                        sym.id
                    ),
                ));
            }
            let style = resolve(&classes, &own, false, &mut budget);
            cluster_styles[c] = (style, copy_classes(&classes));
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
        let style = resolve(&classes, &own, true, &mut budget);
        nodes.push(Node {
            id: sym.id.to_string(),
            label: sym.label.map_or_else(
                || Label {
                    lines: vec![vec![TextRun {
                        text: sym.id.to_string(),
                        bold: false,
                        italic: false,
                    }]],
                },
                label_of,
            ),
            shape: sym.shape,
            classes: copy_classes(&classes),
            style,
            cluster: (claimed[s] != NONE).then_some(claimed[s]),
            line: sym.line,
        });
    }

    let mut clusters: Vec<Cluster> = p
        .clusters
        .iter()
        .zip(cluster_styles)
        .enumerate()
        .map(|(c, (src, (style, classes)))| Cluster {
            id: src
                .sym
                .map(|s| symbols[s].id.to_string())
                .unwrap_or_default(),
            title: src
                .title
                .map_or_else(|| build_label("", super::label::TextKind::Plain), label_of),
            parent: (parent[c] != NONE).then_some(parent[c]),
            nodes: Vec::new(),
            clusters: Vec::new(),
            direction: src.direction,
            style,
            classes,
            line: src.line,
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

    // Edges: classes (`class e1 name`), then `linkStyle default`, then the
    // last `linkStyle` naming the edge (which replaces earlier ones, as in Mermaid).
    let mut own_link_style = vec![NONE; p.edges.len()];
    let mut default_link_style = NONE;
    for (k, ls) in p.link_styles.iter().enumerate() {
        if ls.edges.is_empty() {
            default_link_style = k;
        }
        for &(index, offset) in &ls.edges {
            if index >= p.edges.len() {
                return Err(MermaidError::at(
                    p.text,
                    offset,
                    match p.edges.len() {
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
    let link_props: Vec<PropSet<'_>> = p
        .link_styles
        .iter()
        .map(|ls| PropSet::new(&ls.props))
        .collect();
    edge_classes.sort_by_key(|&(e, _)| e);
    let endpoint = |sym: usize| match symbols[sym].cluster {
        Some(c) => Endpoint::Cluster(c),
        None => Endpoint::Node(node_of[sym]),
    };
    let mut next_class = 0;
    let mut edges: Vec<Edge> = Vec::with_capacity(p.edges.len());
    for (i, e) in p.edges.iter().enumerate() {
        let mut classes: Vec<&'a str> = Vec::new();
        while let Some(&(edge, class)) = edge_classes.get(next_class)
            && edge == i
        {
            classes.push(class);
            next_class += 1;
        }
        let styled = !classes.is_empty() || default_link_style != NONE || own_link_style[i] != NONE;
        let style = if styled {
            let mut r = Resolver::default();
            for class in dedupe(&classes) {
                if let Some(props) = class_defs.get(class) {
                    r.apply(props, &mut budget);
                } else if missing_seen.insert(class) {
                    missing.push(class);
                }
            }
            for k in [default_link_style, own_link_style[i]] {
                if k != NONE {
                    r.apply(&link_props[k], &mut budget);
                }
            }
            let (style, dropped) = r.finish();
            dropped_raw |= dropped;
            style
        } else {
            Style::default()
        };
        edges.push(Edge {
            id: e.id.map(str::to_owned),
            from: endpoint(e.from),
            to: endpoint(e.to),
            line_kind: e.kind,
            start_head: e.start_head,
            end_head: e.end_head,
            label: e.label.map(label_of).filter(|l| !l.is_empty()),
            min_len: e.min_len,
            style,
            line: e.line,
        });
    }

    let mut clicks = Vec::with_capacity(p.clicks.len());
    for click in p.clicks {
        match p.ids.get(click.id).copied() {
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

    let positioned = positioned_notes(p.text, messages, &missing, dropped_raw);
    Ok(Flowchart {
        direction: p.direction,
        nodes,
        edges,
        clusters,
        clicks,
        acc_title: p.acc_title,
        acc_descr: p.acc_descr,
        notes: positioned,
    })
}

/// Notes as `line:col: message`, in text order, at most [`MAX_NOTES`].
/// Positions are found in one pass over the text.
fn positioned_notes(
    text: &str,
    mut messages: Vec<(usize, String)>,
    missing_classes: &[&str],
    dropped_raw: bool,
) -> Vec<String> {
    messages.sort_by_key(|&(offset, _)| offset);
    let total = messages.len() + missing_classes.len() + usize::from(dropped_raw);
    let mut notes = Vec::with_capacity(total.min(MAX_NOTES + 1));
    let (mut line, mut line_start, mut pos) = (1, 0, 0);
    for (offset, message) in messages.into_iter().take(MAX_NOTES) {
        let offset = offset.min(text.len());
        let stretch = &text.as_bytes()[pos..offset];
        if let Some(last) = stretch.iter().rposition(|&b| b == b'\n') {
            line += count_newlines(stretch);
            line_start = pos + last + 1;
        }
        pos = offset;
        let column = text
            .get(line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        notes.push(format!("{line}:{column}: {message}"));
    }
    for class in missing_classes {
        if notes.len() < MAX_NOTES {
            notes.push(format!(
                "no `classDef {class}`; the class `{class}` has no style"
            ));
        }
    }
    if dropped_raw && notes.len() < MAX_NOTES {
        notes.push(
            "some style properties archdeck does not draw were dropped: the diagram repeats too many of them"
                .to_owned(),
        );
    }
    if total > notes.len() {
        notes.push(format!("… and {} more notes", total - notes.len()));
    }
    notes
}

/// Cuts parent links that would make a subgraph contain itself (possible
/// when an edge inside one subgraph names another defined later). In each
/// cycle the link made by the subgraph that closed last goes, so the first
/// claim wins, as for nodes.
fn break_cycles(
    parent: &mut [usize],
    clusters: &[ClusterSrc<'_>],
    closed: &[Closed],
    notes: &mut Vec<(usize, String)>,
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
                notes.push((
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
