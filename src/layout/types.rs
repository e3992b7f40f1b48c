//! The public input and output types of the layout.

use super::geometry::{Point, Rect, Size};
use crate::mermaid::{Flowchart, Label, Shape};

/// What a label belongs to, so a measurer can size it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A node of this shape: the measurer returns the whole box (text plus
    /// the padding the shape needs).
    Node(Shape),
    /// An edge label: the box drawn behind the text.
    Edge,
    /// A subgraph title: the box the title occupies.
    ClusterTitle,
}

/// Sizes of everything the layout places, indexed like the flowchart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sizes {
    /// Box of each node.
    pub nodes: Vec<Size>,
    /// Label box of each edge, `None` without a label.
    pub edge_labels: Vec<Option<Size>>,
    /// Title box of each cluster.
    pub cluster_titles: Vec<Size>,
}

impl Sizes {
    /// Sizes every label of `chart` with `measure`.
    pub fn measure(chart: &Flowchart, measure: &dyn Fn(&Label, LabelKind) -> Size) -> Self {
        Self {
            nodes: chart
                .nodes
                .iter()
                .map(|n| measure(&n.label, LabelKind::Node(n.shape)))
                .collect(),
            edge_labels: chart
                .edges
                .iter()
                .map(|e| {
                    e.label
                        .as_ref()
                        .filter(|l| !l.is_empty())
                        .map(|l| measure(l, LabelKind::Edge))
                })
                .collect(),
            cluster_titles: chart
                .clusters
                .iter()
                .map(|c| measure(&c.title, LabelKind::ClusterTitle))
                .collect(),
        }
    }
}

/// Spacing of the drawing, in layout units.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Gap between neighbouring boxes of one rank.
    pub node_sep: f32,
    /// Gap between consecutive ranks of nodes.
    pub rank_sep: f32,
    /// Gap between neighbouring edge lanes.
    pub edge_sep: f32,
    /// Padding between a subgraph's border and its contents.
    pub cluster_pad: f32,
    /// Largest distance from a bend at which a corner starts to round.
    pub corner_cut: f32,
    /// Isolated nodes (no edges) of one subgraph, this many or more, are packed in a grid.
    pub grid_min_nodes: usize,
    /// Width / height the grid of isolated nodes aims at.
    pub grid_aspect: f32,
    /// Work limit of crossing minimisation: sweeps without improvement before stopping.
    pub order_patience: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            node_sep: 36.0,
            rank_sep: 44.0,
            edge_sep: 12.0,
            cluster_pad: 12.0,
            corner_cut: 22.0,
            grid_min_nodes: 4,
            grid_aspect: 1.6,
            order_patience: 6,
        }
    }
}

/// A laid-out subgraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterBox {
    /// The subgraph's border.
    pub rect: Rect,
    /// Where its title goes (inside `rect`, at the top).
    pub title: Rect,
}

/// A laid-out edge.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgePath {
    /// The drawn line from its start (on the tail's border) to its end (on
    /// the head's border), corners rounded and sampled. Direction follows the
    /// source edge (tail first), whatever the layering did.
    pub points: Vec<Point>,
    /// The label box, centred on the line, if the edge has a label.
    pub label: Option<Rect>,
}

/// The geometry of a whole flowchart. Coordinates are layout units with the
/// origin at the top-left of the drawing and y growing downward; every box
/// lies within `0..width` × `0..height`. Vectors are indexed like the
/// flowchart's `nodes`, `clusters` and `edges`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Box of each node.
    pub nodes: Vec<Rect>,
    /// Box and title of each subgraph.
    pub clusters: Vec<ClusterBox>,
    /// Path and label of each edge (invisible edges too; painters skip them).
    pub edges: Vec<EdgePath>,
    /// Width of the drawing.
    pub width: f32,
    /// Height of the drawing.
    pub height: f32,
}
