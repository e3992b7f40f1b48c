//! Colours, spacing and fonts in one place, for light and dark themes.

use egui::{Color32, Visuals};

/// The app's theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Space between blocks of a card, in points.
pub const BLOCK_SPACING: f32 = 10.0;
/// Largest width of card text, in points, for comfortable reading.
pub const READING_WIDTH: f32 = 860.0;

/// Accent colour for headings and highlights.
pub fn accent(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x6c, 0xc3, 0xd5)
    } else {
        Color32::from_rgb(0x1f, 0x6f, 0x8b)
    }
}

/// Background of inline code and code blocks.
pub fn code_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(38)
    } else {
        Color32::from_gray(238)
    }
}

/// Muted text (counts, hints).
pub fn muted(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    }
}
