//! Cards made from a deck's diagrams and tables by the directives of its
//! `generate` list: occlusion (hide a node, subgraph title or edge label),
//! path and connection questions, and table clozes.

mod directive;
mod expand;
mod graph;
mod mask;
mod text;

pub use directive::{Generator, Selection};
pub use expand::{Expansion, expand};
pub use graph::vertex_depths;
pub use mask::{Part, question_texts};
pub use text::{Secrets, flat, label_sentence};
