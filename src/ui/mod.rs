//! Screens and widgets. The only module besides `app` that knows egui.

pub mod browse;
pub mod card;
pub mod decks;
pub mod diagram;
pub mod markdown;
pub mod theme;
