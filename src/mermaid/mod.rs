//! Mermaid flowchart text -> [`Flowchart`].

mod model;

pub use model::{
    ArrowHead, Click, Cluster, ClusterId, Color, Direction, Edge, Endpoint, Flowchart, Label,
    LineKind, Node, NodeId, Shape, Style, TextRun,
};
