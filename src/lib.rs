//! archdeck: flashcards with spaced repetition for learning system design,
//! whose answers carry architecture diagrams that archdeck lays out and
//! draws itself.
//!
//! The domain modules (`deck`, `mermaid`, ...) are plain Rust with no UI
//! types; only `ui` and `app` know egui exists.

pub mod app;
pub mod bundled;
pub mod cli;
pub mod deck;
pub mod interop;
pub mod layout;
pub mod mermaid;
pub mod srs;
pub mod store;
pub mod ui;
