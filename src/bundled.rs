//! Decks shipped inside the binary, so the app works wherever it is run from.

/// A deck bundled with the app: its file name (as shown in messages) and text.
#[derive(Debug, Clone, Copy)]
pub struct BundledDeck {
    /// Path shown in error messages, relative to the repository.
    pub path: &'static str,
    /// The RON text.
    pub text: &'static str,
}

/// Every bundled deck, in display order.
pub const BUNDLED_DECKS: &[BundledDeck] = &[BundledDeck {
    path: "decks/system-design-1.ron",
    text: include_str!("../decks/system-design-1.ron"),
}];
