//! Screens and widgets. The only module besides `app` that knows egui.

pub mod browse;
pub mod card;
pub mod cloze;
pub mod decks;
pub mod markdown;
pub mod theme;
pub mod typed;
