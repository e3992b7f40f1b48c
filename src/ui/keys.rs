//! Keyboard shortcuts: the one table the help overlay and tooltips read, and
//! helpers that consume a key press so a focused button does not also see it.

use egui::{Context, Event, Key, Modifiers};

/// One documented shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    /// The keys as the user types them ("Ctrl+Z", "1").
    pub keys: &'static str,
    /// What it does.
    pub what: &'static str,
}

/// Shortcuts of one screen or context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortcutGroup {
    /// Where they apply.
    pub title: &'static str,
    /// The shortcuts.
    pub items: &'static [Shortcut],
}

const fn s(keys: &'static str, what: &'static str) -> Shortcut {
    Shortcut { keys, what }
}

/// Shortcut labels used in tooltips, so tooltip and help never disagree.
pub mod label {
    /// Show the answer.
    pub const SHOW_ANSWER: &str = "Space or Enter";
    /// Grades.
    pub const GRADES: [&str; 4] = ["1", "2", "3", "4"];
    /// Undo the last answer.
    pub const UNDO: &str = "Ctrl+Z";
    /// Bury the current card.
    pub const BURY: &str = "-";
    /// Suspend the current card.
    pub const SUSPEND: &str = "@";
    /// Go to the decks screen.
    pub const DECKS: &str = "D";
    /// Start or continue studying.
    pub const STUDY: &str = "S";
    /// Open the browser.
    pub const BROWSE: &str = "B";
    /// Open the diagram gallery.
    pub const DIAGRAMS: &str = "G";
    /// Open the statistics.
    pub const STATS: &str = "T";
    /// Open the settings.
    pub const SETTINGS: &str = "Ctrl+P";
    /// Show the help overlay.
    pub const HELP: &str = "?";
    /// Zoom in on a diagram.
    pub const ZOOM_IN: &str = "+";
    /// Zoom out of a diagram.
    pub const ZOOM_OUT: &str = "-";
    /// Fit a diagram to the window.
    pub const FIT: &str = "0 or F";
    /// Focus the search field.
    pub const SEARCH: &str = "Ctrl+F or /";
}

/// Every shortcut, grouped as the help overlay shows them.
pub const GROUPS: &[ShortcutGroup] = &[
    ShortcutGroup {
        title: "Anywhere",
        items: &[
            s(label::DECKS, "Decks"),
            s(label::STUDY, "Study the current deck"),
            s(label::BROWSE, "Browse cards"),
            s(label::DIAGRAMS, "Diagram gallery"),
            s(label::STATS, "Statistics"),
            s(label::SETTINGS, "Settings"),
            s(label::HELP, "Show or hide this help"),
            s("Esc", "Close help, a dialog or the open diagram"),
            s("Ctrl+Plus / Ctrl+Minus", "Larger or smaller interface"),
        ],
    },
    ShortcutGroup {
        title: "Study",
        items: &[
            s(label::SHOW_ANSWER, "Show the answer"),
            s("1", "Again: forgot, see it again soon"),
            s("2", "Hard: recalled with serious effort"),
            s("3 or Space", "Good: recalled after a moment"),
            s("4", "Easy: recalled at once"),
            s(label::UNDO, "Undo the last answer, bury or suspend"),
            s(label::BURY, "Bury: hide the card until tomorrow"),
            s(label::SUSPEND, "Suspend: hide the card until unsuspended"),
            s(
                "→ / ←",
                "On the answer: rebuild its diagram step by step, next / previous step",
            ),
        ],
    },
    ShortcutGroup {
        title: "Browse",
        items: &[
            s(
                label::SEARCH,
                "Search: words, tag:, source:, is:due, is:new, is:suspended",
            ),
            s("Up / Down", "Previous or next card"),
            s("Space", "Show or hide the answer"),
            s("Ctrl+J", "Suspend or unsuspend the selected card"),
        ],
    },
    ShortcutGroup {
        title: "Diagrams",
        items: &[
            s("Left / Right", "Previous or next diagram"),
            s("Enter", "Open the selected diagram"),
            s(label::ZOOM_IN, "Zoom in"),
            s(label::ZOOM_OUT, "Zoom out"),
            s(label::FIT, "Fit to the window"),
            s("Drag / wheel", "Pan / zoom"),
            s("Hover a box", "Light its arrows and neighbours"),
            s("Click a group", "Focus on it"),
        ],
    },
];

/// Consumes a press of `key` with exactly these modifiers (Shift is ignored).
pub fn pressed(ctx: &Context, modifiers: Modifiers, key: Key) -> bool {
    ctx.input_mut(|i| i.consume_key(modifiers, key))
}

/// Consumes a typed character (for keys egui has no `Key` for, like `@`).
pub fn typed(ctx: &Context, text: &str) -> bool {
    ctx.input_mut(|i| {
        let before = i.events.len();
        i.events
            .retain(|e| !matches!(e, Event::Text(t) if t == text));
        i.events.len() != before
    })
}

/// Consumes `?` whether it arrives as a key or as typed text.
pub fn help_pressed(ctx: &Context) -> bool {
    let key = ctx.input_mut(|i| {
        i.consume_key(Modifiers::SHIFT, Key::Questionmark)
            || i.consume_key(Modifiers::NONE, Key::Questionmark)
    });
    let text = typed(ctx, "?");
    key || text
}

/// Whether a text field has the keyboard (so letter shortcuts must not fire).
pub fn typing(ctx: &Context) -> bool {
    ctx.text_edit_focused()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_has_shortcuts_and_no_key_is_listed_twice_in_a_group() {
        for group in GROUPS {
            assert!(!group.items.is_empty(), "{}", group.title);
            let mut keys: Vec<_> = group.items.iter().map(|s| s.keys).collect();
            keys.sort_unstable();
            let before = keys.len();
            keys.dedup();
            assert_eq!(before, keys.len(), "duplicate key in {}", group.title);
        }
    }
}
