//! Mermaid flowchart text -> [`Flowchart`].
//!
//! [`parse`] reads the flowchart language of Mermaid 11 (`graph` /
//! `flowchart`): node shapes and the `@{ shape: ... }` form, every edge kind
//! with its heads, text and length, chains and `&` lists, nested subgraphs
//! with their own direction, `style`, `classDef`, `class`, `:::`,
//! `linkStyle`, `click`, comments, directives and front matter. Errors carry
//! the line and column and show the offending line; nothing in the text can
//! make it panic, loop or allocate more than a small multiple of its size.
//!
//! Semantics follow Mermaid's own parser (`flow.jison`, `flowDb`): a node
//! belongs to the first subgraph to close that mentions it; an id used as a
//! subgraph is a subgraph everywhere (edges to it end on its border); `style`
//! on an unknown id creates a node; the last text given to a node wins;
//! `linkStyle N` replaces earlier ones for edge N. Where archdeck differs:
//!
//! - More lenient: brackets that pair up are allowed in unquoted text
//!   (`A[Load balancer (ALB)]`); `%%` comments may end a line; `class`,
//!   `classDef` and `linkStyle` may come before what they name; `end` is a
//!   node id unless it stands alone (`A --> end`); a space may separate a
//!   node id from its shape (`A [text]`).
//! - `A&B` is two nodes, as `A & B` (Mermaid reads one node `A&B`).
//! - Text between dashes (`A -- text --> B`) and `|labels|` must close on
//!   their line (Mermaid lets them run on, which hides typos).
//! - In `A-- box-->B` the text is `box` (Mermaid's lexer takes `x-->` as the
//!   closing arrow and keeps `bo`).
//! - A subgraph id used twice merges into one subgraph.
//! - Not read: the undocumented `A(-text-)` and `A[|field:value|text]`
//!   forms, nested YAML inside `@{ ... }`, markdown beyond bold, italic and
//!   line breaks. Icons, images, edge animation, `interpolate`, themes and
//!   front matter are read and ignored with a note.

mod build;
mod color;
mod dump;
mod error;
mod file;
mod idhash;
mod label;
mod link;
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
