//! The layout benchmark's neutral graph JSON (input) and layout JSON
//! (output), so archdeck can be compared with dagre, ELK and dot on the same
//! graphs with the same box sizes.
//!
//! Input: `{"direction", "nodes": [{id, label, shape, w, h, classes}],
//! "edges": [{from, to, label, kind, arrow, minlen, label_w, label_h,
//! from_cluster, to_cluster}], "clusters": [{id, title, parent, members,
//! title_w, title_h, dir}], "classDefs": {name: "fill:#..,stroke:#.."}}`;
//! archdeck also reads an optional `style` (a `style` statement's body) on
//! nodes and clusters.
//!
//! Output: `{"engine", "ms", "nodes": [{id, x, y, w, h}], "clusters": [...],
//! "edges": [{from, to, points: [[x, y], ...]}]}` with x, y box centres.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::geometry::Size;
use super::types::{Layout, Sizes};
use crate::mermaid::{
    ArrowHead, Cluster, Color, Direction, Edge, Endpoint, Flowchart, Label, LineKind, Node, Shape,
    Style,
};

/// A neutral graph that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NeutralError {
    /// Not JSON of the expected shape (the message has line and column).
    #[error("not a neutral graph: {0}")]
    Json(String),
    /// An edge or cluster names something that does not exist.
    #[error("{what} names `{id}`, which is not a node or subgraph of the graph")]
    UnknownId {
        /// Which field.
        what: String,
        /// The missing id.
        id: String,
    },
    /// Two nodes or two subgraphs share an id.
    #[error("the id `{0}` is used twice")]
    DuplicateId(String),
    /// Subgraph parents form a loop.
    #[error("subgraph `{0}` is nested inside itself")]
    NestingLoop(String),
    /// A direction that is none of TB, TD, BT, LR, RL.
    #[error("unknown direction `{0}` (use TB, BT, LR or RL)")]
    Direction(String),
    /// A size that is negative or not a number.
    #[error("`{0}` has a size that is negative or not a number")]
    BadSize(String),
}

#[derive(Debug, Deserialize)]
struct GraphIn {
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    nodes: Vec<NodeIn>,
    #[serde(default)]
    edges: Vec<EdgeIn>,
    #[serde(default)]
    clusters: Vec<ClusterIn>,
    #[serde(default, rename = "classDefs")]
    class_defs: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct NodeIn {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    shape: Option<String>,
    w: f32,
    h: f32,
    #[serde(default)]
    classes: Vec<String>,
    /// archdeck's extension: a `style` statement's body (`fill:#..`).
    #[serde(default)]
    style: Option<String>,
}

#[derive(Debug, Deserialize)]
struct EdgeIn {
    from: String,
    to: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    arrow: Option<String>,
    #[serde(default)]
    minlen: Option<u32>,
    #[serde(default)]
    label_w: f32,
    #[serde(default)]
    label_h: f32,
    #[serde(default)]
    from_cluster: bool,
    #[serde(default)]
    to_cluster: bool,
}

#[derive(Debug, Deserialize)]
struct ClusterIn {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    title_w: f32,
    #[serde(default)]
    title_h: f32,
    #[serde(default)]
    dir: Option<String>,
    /// archdeck's extension: a `style` statement's body.
    #[serde(default)]
    style: Option<String>,
}

fn direction(s: &str) -> Result<Direction, NeutralError> {
    match s {
        "TB" | "TD" => Ok(Direction::TopBottom),
        "BT" => Ok(Direction::BottomTop),
        "LR" => Ok(Direction::LeftRight),
        "RL" => Ok(Direction::RightLeft),
        other => Err(NeutralError::Direction(other.to_owned())),
    }
}

/// The shape named as in the neutral JSON (`rect`, `round`, `diamond`, ...).
pub fn shape_from_name(name: &str) -> Shape {
    match name {
        "round" => Shape::Rounded,
        "stadium" => Shape::Stadium,
        "subroutine" => Shape::Subroutine,
        "cylinder" => Shape::Cylinder,
        "circle" => Shape::Circle,
        "doublecircle" => Shape::DoubleCircle,
        "asymmetric" => Shape::Asymmetric,
        "diamond" => Shape::Rhombus,
        "hexagon" => Shape::Hexagon,
        "parallelogram" => Shape::Parallelogram,
        "parallelogram_alt" => Shape::ParallelogramAlt,
        "trapezoid" => Shape::Trapezoid,
        "trapezoid_alt" => Shape::TrapezoidAlt,
        _ => Shape::Rect,
    }
}

fn hex_color(s: &str) -> Option<Color> {
    let h = s.trim().strip_prefix('#')?;
    let v: Vec<u8> = match h.len() {
        3 => h
            .chars()
            .map(|c| c.to_digit(16).map(|d| (d * 17) as u8))
            .collect::<Option<_>>()?,
        6 => (0..3)
            .map(|i| u8::from_str_radix(h.get(2 * i..2 * i + 2)?, 16).ok())
            .collect::<Option<_>>()?,
        _ => return None,
    };
    Some(Color {
        r: v[0],
        g: v[1],
        b: v[2],
        a: 255,
    })
}

/// A style from `fill:#..,stroke:#..,color:#..` text (a `classDef` body).
fn style_from_css(css: &str, style: &mut Style) {
    for part in css.split([',', ';']) {
        let Some((k, v)) = part.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        match k {
            "fill" => style.fill = hex_color(v).or(style.fill),
            "stroke" => style.stroke = hex_color(v).or(style.stroke),
            "color" => style.text = hex_color(v).or(style.text),
            "stroke-width" => {
                style.stroke_width = v.trim_end_matches("px").parse().ok().or(style.stroke_width);
            }
            "stroke-dasharray" => style.dashed = true,
            "font-weight" => style.bold = v == "bold",
            _ => {}
        }
        style.raw.push((k.to_owned(), v.to_owned()));
    }
}

fn check_size(id: &str, w: f32, h: f32) -> Result<Size, NeutralError> {
    if w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0 {
        Ok(Size::new(w, h))
    } else {
        Err(NeutralError::BadSize(id.to_owned()))
    }
}

/// Reads a neutral graph into a flowchart and the box sizes it gives.
pub fn read_graph(json: &str) -> Result<(Flowchart, Sizes), NeutralError> {
    let g: GraphIn = serde_json::from_str(json).map_err(|e| NeutralError::Json(e.to_string()))?;
    let mut chart = Flowchart {
        direction: direction(g.direction.as_deref().unwrap_or("TB"))?,
        ..Flowchart::default()
    };
    let mut sizes = Sizes::default();
    let mut node_ix: HashMap<&str, usize> = HashMap::new();
    for (i, n) in g.nodes.iter().enumerate() {
        if node_ix.insert(n.id.as_str(), i).is_some() {
            return Err(NeutralError::DuplicateId(n.id.clone()));
        }
        let mut style = Style::default();
        for class in &n.classes {
            if let Some(css) = g.class_defs.get(class) {
                style_from_css(css, &mut style);
            }
        }
        if let Some(css) = &n.style {
            style_from_css(css, &mut style);
        }
        chart.nodes.push(Node {
            id: n.id.clone(),
            label: Label::plain(n.label.as_deref().unwrap_or(&n.id)),
            shape: shape_from_name(n.shape.as_deref().unwrap_or("rect")),
            classes: n.classes.clone(),
            style,
            cluster: None,
            line: 0,
        });
        sizes.nodes.push(check_size(&n.id, n.w, n.h)?);
    }
    let mut cluster_ix: HashMap<&str, usize> = HashMap::new();
    for (i, c) in g.clusters.iter().enumerate() {
        if cluster_ix.insert(c.id.as_str(), i).is_some() {
            return Err(NeutralError::DuplicateId(c.id.clone()));
        }
    }
    for c in &g.clusters {
        let parent = match &c.parent {
            Some(p) => {
                Some(
                    *cluster_ix
                        .get(p.as_str())
                        .ok_or_else(|| NeutralError::UnknownId {
                            what: format!("the parent of subgraph `{}`", c.id),
                            id: p.clone(),
                        })?,
                )
            }
            None => None,
        };
        let mut nodes = Vec::new();
        for m in &c.members {
            let ix = *node_ix
                .get(m.as_str())
                .ok_or_else(|| NeutralError::UnknownId {
                    what: format!("a member of subgraph `{}`", c.id),
                    id: m.clone(),
                })?;
            nodes.push(ix);
        }
        chart.clusters.push(Cluster {
            id: c.id.clone(),
            title: Label::plain(c.title.as_deref().unwrap_or(&c.id)),
            parent,
            nodes,
            clusters: Vec::new(),
            direction: c.dir.as_deref().map(direction).transpose()?,
            style: {
                let mut style = Style::default();
                if let Some(css) = &c.style {
                    style_from_css(css, &mut style);
                }
                style
            },
            classes: Vec::new(),
            line: 0,
        });
        sizes
            .cluster_titles
            .push(check_size(&c.id, c.title_w, c.title_h)?);
    }
    for i in 0..chart.clusters.len() {
        // Walk up: a loop would come back to i within len steps.
        let mut p = chart.clusters[i].parent;
        let mut steps = 0;
        while let Some(q) = p {
            if q == i || steps > chart.clusters.len() {
                return Err(NeutralError::NestingLoop(chart.clusters[i].id.clone()));
            }
            p = chart.clusters[q].parent;
            steps += 1;
        }
        if let Some(q) = chart.clusters[i].parent {
            chart.clusters[q].clusters.push(i);
        }
    }
    for ci in 0..chart.clusters.len() {
        for k in 0..chart.clusters[ci].nodes.len() {
            let n = chart.clusters[ci].nodes[k];
            if chart.nodes[n].cluster.is_none() {
                chart.nodes[n].cluster = Some(ci);
            }
        }
    }
    // A node listed by two subgraphs belongs to the first; drop the others.
    for ci in 0..chart.clusters.len() {
        let keep: Vec<usize> = chart.clusters[ci]
            .nodes
            .iter()
            .copied()
            .filter(|&n| chart.nodes[n].cluster == Some(ci))
            .collect();
        chart.clusters[ci].nodes = keep;
    }
    for e in &g.edges {
        let end = |id: &str, cluster: bool, what: &str| -> Result<Endpoint, NeutralError> {
            let found = if cluster {
                cluster_ix.get(id).map(|&c| Endpoint::Cluster(c))
            } else {
                node_ix.get(id).map(|&n| Endpoint::Node(n))
            };
            found.ok_or_else(|| NeutralError::UnknownId {
                what: format!("the {what} of edge `{}` -> `{}`", e.from, e.to),
                id: id.to_owned(),
            })
        };
        let from = end(&e.from, e.from_cluster, "tail")?;
        let to = end(&e.to, e.to_cluster, "head")?;
        let line_kind = match e.kind.as_deref() {
            Some("dotted") => LineKind::Dotted,
            Some("thick") => LineKind::Thick,
            Some("invisible") => LineKind::Invisible,
            _ => LineKind::Solid,
        };
        let (start_head, end_head) = match e.arrow.as_deref() {
            Some("none") => (ArrowHead::None, ArrowHead::None),
            Some("circle") => (ArrowHead::None, ArrowHead::Circle),
            Some("cross") => (ArrowHead::None, ArrowHead::Cross),
            Some("both") => (ArrowHead::Normal, ArrowHead::Normal),
            _ => (ArrowHead::None, ArrowHead::Normal),
        };
        let label = e
            .label
            .as_deref()
            .filter(|l| !l.is_empty())
            .map(Label::plain);
        sizes.edge_labels.push(match label {
            Some(_) => Some(check_size(&e.from, e.label_w, e.label_h)?),
            None => None,
        });
        chart.edges.push(Edge {
            id: None,
            from,
            to,
            line_kind,
            start_head,
            end_head,
            label,
            min_len: e.minlen.unwrap_or(1).max(1),
            style: Style::default(),
            line: 0,
        });
    }
    Ok((chart, sizes))
}

#[derive(Serialize)]
struct BoxOut<'a> {
    id: &'a str,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    from: &'a str,
    to: &'a str,
    points: Vec<[f32; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label_pos: Option<[f32; 2]>,
}

#[derive(Serialize)]
struct LayoutOut<'a> {
    engine: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<f64>,
    width: f32,
    height: f32,
    nodes: Vec<BoxOut<'a>>,
    clusters: Vec<BoxOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
}

fn endpoint_id(chart: &Flowchart, end: Endpoint) -> &str {
    match end {
        Endpoint::Node(n) => &chart.nodes[n].id,
        Endpoint::Cluster(c) => &chart.clusters[c].id,
    }
}

/// The layout as the benchmark's layout JSON; `ms` is the layout time if measured.
pub fn layout_json(chart: &Flowchart, layout: &Layout, ms: Option<f64>) -> String {
    let out = LayoutOut {
        engine: "archdeck",
        ms,
        width: layout.width,
        height: layout.height,
        nodes: chart
            .nodes
            .iter()
            .zip(&layout.nodes)
            .map(|(n, r)| BoxOut {
                id: &n.id,
                x: r.center().x,
                y: r.center().y,
                w: r.width(),
                h: r.height(),
            })
            .collect(),
        clusters: chart
            .clusters
            .iter()
            .zip(&layout.clusters)
            .map(|(c, b)| BoxOut {
                id: &c.id,
                x: b.rect.center().x,
                y: b.rect.center().y,
                w: b.rect.width(),
                h: b.rect.height(),
            })
            .collect(),
        edges: chart
            .edges
            .iter()
            .zip(&layout.edges)
            .map(|(e, p)| EdgeOut {
                from: endpoint_id(chart, e.from),
                to: endpoint_id(chart, e.to),
                points: p.points.iter().map(|q| [q.x, q.y]).collect(),
                label_pos: p.label.map(|r| [r.center().x, r.center().y]),
            })
            .collect(),
    };
    serde_json::to_string(&out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"direction":"LR",
      "nodes":[{"id":"A","label":"a","shape":"diamond","w":40,"h":50,"classes":["k"]},
               {"id":"B","label":"b\nc","shape":"rect","w":40,"h":68,"classes":[]}],
      "edges":[{"from":"A","to":"B","label":"go","kind":"dotted","arrow":"circle","minlen":2,
                "label_w":23,"label_h":22,"from_cluster":false,"to_cluster":false},
               {"from":"A","to":"S","label":"","kind":"solid","arrow":"normal","minlen":1,
                "label_w":0,"label_h":0,"from_cluster":false,"to_cluster":true}],
      "clusters":[{"id":"S","title":"Sub","parent":null,"members":["B"],"title_w":30,"title_h":22,"dir":null}],
      "classDefs":{"k":"fill:#e3f2fd,stroke:#1565c0"}}"#;

    #[test]
    fn reads_a_neutral_graph() {
        let (chart, sizes) = read_graph(SMALL).expect("valid graph");
        assert_eq!(chart.direction, Direction::LeftRight);
        assert_eq!(chart.nodes[0].shape, Shape::Rhombus);
        assert_eq!(chart.nodes[1].label.lines.len(), 2);
        assert_eq!(chart.nodes[1].cluster, Some(0));
        assert_eq!(chart.edges[0].line_kind, LineKind::Dotted);
        assert_eq!(chart.edges[0].end_head, ArrowHead::Circle);
        assert_eq!(chart.edges[0].min_len, 2);
        assert_eq!(chart.edges[1].to, Endpoint::Cluster(0));
        assert_eq!(sizes.edge_labels[0], Some(Size::new(23.0, 22.0)));
        assert_eq!(sizes.edge_labels[1], None);
        assert_eq!(
            chart.nodes[0].style.fill,
            Some(Color {
                r: 0xe3,
                g: 0xf2,
                b: 0xfd,
                a: 255
            })
        );
    }

    #[test]
    fn rejects_unknown_ids() {
        let bad = SMALL.replace(r#""to":"S""#, r#""to":"Q""#);
        let err = read_graph(&bad).expect_err("unknown id");
        assert!(err.to_string().contains("`Q`"), "{err}");
    }
}
