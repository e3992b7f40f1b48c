//! Screens and widgets. The only module besides `app` that knows egui.

pub mod browse;
pub mod card;
pub mod cloze;
pub mod decks;
pub mod diagram;
pub mod diagrams;
pub mod help;
pub mod keys;
pub mod markdown;
pub mod nav;
pub mod search;
pub mod settings;
pub mod stats;
pub mod status;
pub mod study;
pub mod table;
pub mod theme;
pub mod typed;
