//! Mermaid flowchart text -> [`Flowchart`].
//!
//! [`parse`] reads the flowchart language of Mermaid 11 (`graph` /
//! `flowchart`): node shapes and the `@{ shape: ... }` form, every edge kind
//! with its heads, text and length, chains and `&` lists, nested subgraphs
//! with their own direction, `style`, `classDef`, `class`, `:::`,
//! `linkStyle`, `click`, comments, directives and front matter. Errors carry
//! the line and column and show the offending line; nothing in the text can
//! make it panic, loop or allocate more than a small multiple of its size.

mod build;
mod color;
mod dump;
mod error;
mod file;
mod label;
mod model;
mod parser;
mod print;
mod shapes;
mod style;
pub mod synth;

pub use color::parse_color;
pub use dump::dump;
pub use error::{DiagramFileError, MermaidError};
pub use file::load_file;
pub use model::{
    ArrowHead, Click, ClickAction, Cluster, ClusterId, Color, Direction, Edge, Endpoint, Flowchart,
    Label, LineKind, Node, NodeId, Shape, Style, TextRun,
};
pub use parser::{MAX_EDGES, MAX_SYMBOLS};
pub use print::to_mermaid;

/// Parses Mermaid flowchart text.
///
/// The result is valid by construction: edges name existing nodes or
/// subgraphs, subgraphs form a tree, and every node sits in at most one
/// subgraph's `nodes`. Things archdeck reads but does not use (front matter,
/// `%%{init}%%`, unknown classes) are listed in [`Flowchart::notes`].
pub fn parse(text: &str) -> Result<Flowchart, MermaidError> {
    build::build(parser::parse_text(text)?)
}
