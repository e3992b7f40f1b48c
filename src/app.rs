//! The application: owns the model and applies the actions screens return.

use std::path::Path;

use crate::bundled::BUNDLED_DECKS;
use crate::deck::{self, Deck};
use crate::ui;

/// A deck in memory with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    /// File path (for bundled decks, the path inside the repository).
    pub path: String,
    /// The parsed, validated deck.
    pub deck: Deck,
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The list of decks.
    Decks,
    /// The cards of one deck.
    Browse {
        /// Index into the decks.
        deck: usize,
    },
}

/// Something the user asked for; applied after the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show the decks screen.
    ShowDecks,
    /// Open a deck in the browser.
    OpenDeck(usize),
    /// Select a card in the browser.
    SelectCard(usize),
    /// Show or hide the answer of the selected card.
    ToggleAnswer,
}

/// Everything the app shows, independent of the window (tested headless).
#[derive(Debug)]
pub struct AppState {
    /// Loaded decks.
    pub decks: Vec<LoadedDeck>,
    /// Problems met while loading, shown to the user.
    pub errors: Vec<String>,
    /// Current screen.
    pub screen: Screen,
    /// Selected card in the browser.
    pub selected_card: usize,
    /// Whether the answer side is shown.
    pub show_back: bool,
}

impl AppState {
    /// Loads the bundled decks.
    pub fn with_bundled_decks() -> Self {
        let mut decks = Vec::new();
        let mut errors = Vec::new();
        for bundled in BUNDLED_DECKS {
            match deck::parse_deck(bundled.text, Path::new(bundled.path)) {
                Ok(deck) => decks.push(LoadedDeck {
                    path: bundled.path.to_owned(),
                    deck,
                }),
                Err(err) => errors.push(err.to_string()),
            }
        }
        Self {
            decks,
            errors,
            screen: Screen::Decks,
            selected_card: 0,
            show_back: false,
        }
    }

    /// Applies one action to the model.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::ShowDecks => self.screen = Screen::Decks,
            Action::OpenDeck(i) if i < self.decks.len() => {
                self.screen = Screen::Browse { deck: i };
                self.selected_card = 0;
                self.show_back = false;
            }
            Action::OpenDeck(_) => {}
            Action::SelectCard(i) => {
                self.selected_card = i;
                self.show_back = false;
            }
            Action::ToggleAnswer => self.show_back = !self.show_back,
        }
    }

    /// Draws the whole UI for one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let mut action = None;
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("archdeck").strong().size(16.0));
                ui.separator();
                if ui
                    .selectable_label(self.screen == Screen::Decks, "Decks")
                    .clicked()
                {
                    action = Some(Action::ShowDecks);
                }
                if let Screen::Browse { deck } = self.screen {
                    ui.separator();
                    ui.label(&self.decks[deck].deck.title);
                }
            });
        });
        if !self.errors.is_empty() {
            egui::Panel::bottom("errors").show(ui, |ui| {
                for err in &self.errors {
                    ui.colored_label(ui.visuals().error_fg_color, err);
                }
            });
        }
        match self.screen {
            Screen::Decks => {
                egui::CentralPanel::default().show(ui, |ui| {
                    if let Some(a) = ui::decks::decks_ui(ui, &self.decks) {
                        action = Some(a);
                    }
                });
            }
            Screen::Browse { deck } => {
                if ui.input(|i| i.key_pressed(egui::Key::Space)) {
                    action = Some(Action::ToggleAnswer);
                }
                let deck = &self.decks[deck].deck;
                if let Some(a) = ui::browse::browse_ui(ui, deck, self.selected_card, self.show_back)
                {
                    action = Some(a);
                }
            }
        }
        if let Some(action) = action {
            self.apply(action);
        }
    }
}

/// The eframe application.
pub struct ArchdeckApp {
    state: AppState,
}

impl ArchdeckApp {
    /// Creates the app on the bundled decks.
    pub fn new(_ctx: &egui::Context) -> Self {
        Self {
            state: AppState::with_bundled_decks(),
        }
    }
}

impl eframe::App for ArchdeckApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.state.ui(ui);
    }
}
