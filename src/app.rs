//! The application: owns the model and applies the actions screens return.
//!
//! Each frame, screens (`ui::*_ui`) read [`AppState`] and return
//! [`Action`]s; [`AppState::apply`] changes the model after the frame, in
//! this one place. `AppState` does not need a window, so tests drive it
//! headless with `egui_kittest`.

pub mod clock;
pub mod jobs;
mod notice;

use std::path::Path;

pub use clock::Clock;
pub use jobs::{JobView, Jobs, Progress};
pub use notice::{Level, Notice};

use crate::bundled::BUNDLED_DECKS;
use crate::deck::{self, Block, Card, Deck};
use crate::ui;
use crate::ui::search::{CardFacts, Query};
use crate::ui::theme::ThemeChoice;

/// A deck in memory with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    /// File path (for bundled decks, the path inside the repository).
    pub path: String,
    /// The parsed, validated deck.
    pub deck: Deck,
    /// Whether it ships with the app.
    pub bundled: bool,
    /// Each card's search text in lower case, in card order.
    pub search: Vec<String>,
    /// The deck's id and title in lower case (`deck:` searches).
    pub search_name: String,
}

impl LoadedDeck {
    /// Wraps a parsed deck and indexes it for search.
    pub fn new(path: impl Into<String>, deck: Deck, bundled: bool) -> Self {
        let search = deck
            .cards
            .iter()
            .map(|c| {
                let mut text = c.search_text();
                text.push(' ');
                text.push_str(&c.id);
                text.to_lowercase()
            })
            .collect();
        let search_name = format!("{} {}", deck.id, deck.title).to_lowercase();
        Self {
            path: path.into(),
            deck,
            bundled,
            search,
            search_name,
        }
    }
}

/// A card by position: deck index and card index in that deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardRef {
    /// Index into [`AppState::decks`].
    pub deck: usize,
    /// Index into that deck's cards.
    pub card: usize,
}

/// A diagram by position: its card and the block index on the card's
/// front-then-back block list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DiagramRef {
    /// The card holding the diagram.
    pub card: CardRef,
    /// Index into `front` then `back` blocks.
    pub block: usize,
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// The list of decks.
    Decks,
    /// Cards of one or all decks, searchable.
    Browse,
    /// The diagram gallery and viewer.
    Diagrams,
    /// Theme, scale and scheduling settings.
    Settings,
}

impl Screen {
    /// Every screen in top-bar order.
    pub const ALL: [Self; 4] = [Self::Decks, Self::Browse, Self::Diagrams, Self::Settings];

    /// The name in the top bar.
    pub fn title(self) -> &'static str {
        match self {
            Self::Decks => "Decks",
            Self::Browse => "Browse",
            Self::Diagrams => "Diagrams",
            Self::Settings => "Settings",
        }
    }

    /// The stable name used on the command line (`--screen`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Decks => "decks",
            Self::Browse => "browse",
            Self::Diagrams => "diagrams",
            Self::Settings => "settings",
        }
    }

    /// Parses [`Self::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The key that opens it.
    pub fn shortcut(self) -> &'static str {
        use ui::keys::label;
        match self {
            Self::Decks => label::DECKS,
            Self::Browse => label::BROWSE,
            Self::Diagrams => label::DIAGRAMS,
            Self::Settings => label::SETTINGS,
        }
    }
}

/// How the browser orders cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// Deck, then the order of the deck file.
    #[default]
    DeckOrder,
    /// The question text.
    Question,
    /// The source (Q1, Q2, ...).
    Source,
}

/// The browser's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrowseState {
    /// The search box text.
    pub query: String,
    /// Filters in the query that are not known, shown as a hint.
    pub unknown_filters: Vec<String>,
    /// Sort column.
    pub sort: SortKey,
    /// Reverse order.
    pub descending: bool,
    /// The cards that match, in display order.
    pub rows: Vec<CardRef>,
    /// The card shown on the right.
    pub selected: Option<CardRef>,
    /// Whether its answer is shown.
    pub show_back: bool,
}

/// The diagram screen's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiagramsState {
    /// Every diagram of the current deck(s), in deck order.
    pub all: Vec<DiagramRef>,
    /// Index into `all` of the highlighted (or opened) diagram.
    pub selected: usize,
    /// Whether the selected diagram is open full size.
    pub open: bool,
}

/// The user's display preferences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prefs {
    /// Light, dark or follow the system.
    pub theme: ThemeChoice,
    /// Interface scale (1 = 100 %).
    pub ui_scale: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            ui_scale: 1.0,
        }
    }
}

/// Something the user asked for; applied after the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show a screen.
    Navigate(Screen),
    /// Choose the deck the screens work on (`None`: all decks).
    FocusDeck(Option<usize>),
    /// Focus a deck and show a screen for it.
    OpenDeckIn(usize, Screen),
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Close the help overlay or the open diagram.
    Escape,
    /// Remove one notice.
    DismissNotice(usize),
    /// Remove every notice.
    DismissAllNotices,
    /// Ask a background job to stop.
    CancelJob(u64),
    /// New search text in the browser.
    SetQuery(String),
    /// Sort the browser by a column; the same column again reverses.
    SortBy(SortKey),
    /// Select a card in the browser.
    SelectCard(CardRef),
    /// Move the browser selection by this many rows.
    MoveSelection(i32),
    /// Show or hide the answer of the selected card.
    ToggleAnswer,
    /// Highlight a diagram in the gallery.
    SelectDiagram(usize),
    /// Open a diagram full size.
    OpenDiagram(usize),
    /// Back from the open diagram to the gallery.
    CloseDiagram,
    /// Change the theme.
    SetTheme(ThemeChoice),
    /// Change the interface scale.
    SetUiScale(f32),
}

/// What a background job hands back.
#[derive(Debug)]
pub enum JobDone {
    /// Decks parsed at start-up.
    Loaded(Loaded),
}

/// The decks (and problems) found at start-up.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Decks that loaded.
    pub decks: Vec<LoadedDeck>,
    /// Problems, each with its file and position.
    pub notices: Vec<Notice>,
}

/// Parses the bundled decks. Runs on a worker thread at start-up.
pub fn load_bundled(progress: Option<&Progress>) -> Loaded {
    let mut loaded = Loaded::default();
    for (i, bundled) in BUNDLED_DECKS.iter().enumerate() {
        if let Some(p) = progress {
            p.note(format!("Reading {}", bundled.path));
            p.set(i as f32 / BUNDLED_DECKS.len() as f32);
        }
        match deck::parse_deck(bundled.text, Path::new(bundled.path)) {
            Ok(deck) => loaded.decks.push(LoadedDeck::new(bundled.path, deck, true)),
            Err(err) => loaded.notices.extend(
                err.diagnostics()
                    .iter()
                    .map(|d| Notice::from_diagnostic(Level::Error, d)),
            ),
        }
    }
    loaded
}

/// Everything the app shows, independent of the window (tested headless).
#[derive(Debug)]
pub struct AppState {
    /// Loaded decks.
    pub decks: Vec<LoadedDeck>,
    /// Messages shown until dismissed.
    pub notices: Vec<Notice>,
    /// Current screen.
    pub screen: Screen,
    /// The deck the screens work on; `None` means all decks.
    pub deck: Option<usize>,
    /// Where "now" comes from.
    pub clock: Clock,
    /// Display preferences.
    pub prefs: Prefs,
    /// The browser.
    pub browse: BrowseState,
    /// The diagram gallery and viewer.
    pub diagrams: DiagramsState,
    /// Whether the keyboard help is shown.
    pub help_open: bool,
    /// Whether start-up loading is still running.
    pub loading: bool,
    /// Background work.
    pub jobs: Jobs<JobDone>,
    /// The theme and scale last applied to the context.
    applied_prefs: Option<Prefs>,
}

impl AppState {
    /// An empty app; call [`Self::start_loading`] or [`Self::load_blocking`].
    pub fn new(clock: Clock) -> Self {
        Self {
            decks: Vec::new(),
            notices: Vec::new(),
            screen: Screen::Decks,
            deck: None,
            clock,
            prefs: Prefs::default(),
            browse: BrowseState::default(),
            diagrams: DiagramsState::default(),
            help_open: false,
            loading: false,
            jobs: Jobs::default(),
            applied_prefs: None,
        }
    }

    /// Loads the bundled decks on the calling thread (tests, benchmarks).
    pub fn load_blocking(&mut self) {
        let loaded = load_bundled(None);
        self.finish_loading(loaded);
    }

    /// Loads the bundled decks on a worker thread; the UI shows a spinner.
    pub fn start_loading(&mut self) {
        self.loading = true;
        self.jobs
            .spawn("Loading decks", |p| JobDone::Loaded(load_bundled(Some(p))));
    }

    /// Waits for every background job and applies its result (tests).
    pub fn wait_for_jobs(&mut self) {
        let (done, lost) = self.jobs.wait_all();
        self.job_results(done, lost);
    }

    fn poll_jobs(&mut self) {
        let (done, lost) = self.jobs.poll();
        self.job_results(done, lost);
    }

    fn job_results(&mut self, done: Vec<JobDone>, lost: Vec<jobs::JobLost>) {
        for result in done {
            match result {
                JobDone::Loaded(loaded) => self.finish_loading(loaded),
            }
        }
        for job in lost {
            self.loading = false;
            self.notices.push(Notice::error(format!(
                "{} stopped unexpectedly; nothing was changed. Try again, and report it if it happens again.",
                job.label
            )));
        }
    }

    fn finish_loading(&mut self, loaded: Loaded) {
        self.loading = false;
        self.decks = loaded.decks;
        self.notices.extend(loaded.notices);
        if self.deck.is_some_and(|d| d >= self.decks.len()) {
            self.deck = None;
        }
        self.refresh_browse();
        self.refresh_diagrams();
    }

    /// The deck indices the screens work on.
    pub fn deck_indices(&self) -> Vec<usize> {
        match self.deck {
            Some(d) if d < self.decks.len() => vec![d],
            _ => (0..self.decks.len()).collect(),
        }
    }

    /// A card by reference.
    pub fn card(&self, r: CardRef) -> Option<&Card> {
        self.decks.get(r.deck)?.deck.cards.get(r.card)
    }

    /// A diagram block by reference.
    pub fn diagram(&self, r: DiagramRef) -> Option<&deck::Diagram> {
        let card = self.card(r.card)?;
        match card.blocks().nth(r.block)? {
            Block::Diagram(d) => Some(d),
            _ => None,
        }
    }

    /// What the scheduler knows of a card, for search and display.
    pub fn facts(&self, _card: CardRef) -> CardFacts {
        CardFacts {
            new: true,
            ..CardFacts::default()
        }
    }

    /// Recomputes the browser's rows after a change of query, sort or deck.
    pub fn refresh_browse(&mut self) {
        let query = Query::parse(&self.browse.query);
        self.browse.unknown_filters.clone_from(&query.unknown);
        let mut rows = Vec::new();
        for d in self.deck_indices() {
            let loaded = &self.decks[d];
            for (i, card) in loaded.deck.cards.iter().enumerate() {
                let r = CardRef { deck: d, card: i };
                if query.matches(card, &loaded.search[i], &loaded.search_name, self.facts(r)) {
                    rows.push(r);
                }
            }
        }
        match self.browse.sort {
            SortKey::DeckOrder => {}
            SortKey::Question => rows.sort_by_cached_key(|r| {
                self.card(*r)
                    .map(|c| ui::browse::card_title(c).to_lowercase())
                    .unwrap_or_default()
            }),
            SortKey::Source => rows.sort_by_cached_key(|r| {
                self.card(*r)
                    .map(|c| source_key(&c.source))
                    .unwrap_or_default()
            }),
        }
        if self.browse.descending {
            rows.reverse();
        }
        if self.browse.selected.is_none_or(|s| !rows.contains(&s)) {
            self.browse.selected = rows.first().copied();
            self.browse.show_back = false;
        }
        self.browse.rows = rows;
    }

    /// Recomputes the list of diagrams after a change of deck.
    pub fn refresh_diagrams(&mut self) {
        let mut all = Vec::new();
        for d in self.deck_indices() {
            for (c, card) in self.decks[d].deck.cards.iter().enumerate() {
                for (b, block) in card.blocks().enumerate() {
                    if matches!(block, Block::Diagram(_)) {
                        all.push(DiagramRef {
                            card: CardRef { deck: d, card: c },
                            block: b,
                        });
                    }
                }
            }
        }
        if self.diagrams.all != all {
            self.diagrams.selected = 0;
            self.diagrams.open = false;
        }
        self.diagrams.all = all;
    }

    /// Applies one action to the model.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Navigate(screen) => {
                self.screen = screen;
                self.help_open = false;
            }
            Action::FocusDeck(deck) => {
                self.deck = deck.filter(|d| *d < self.decks.len());
                self.refresh_browse();
                self.refresh_diagrams();
            }
            Action::OpenDeckIn(deck, screen) => {
                self.apply(Action::FocusDeck(Some(deck)));
                self.apply(Action::Navigate(screen));
            }
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::Escape => {
                if self.help_open {
                    self.help_open = false;
                } else if self.screen == Screen::Diagrams && self.diagrams.open {
                    self.diagrams.open = false;
                }
            }
            Action::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Action::DismissAllNotices => self.notices.clear(),
            Action::CancelJob(id) => self.jobs.cancel(id),
            Action::SetQuery(query) => {
                self.browse.query = query;
                self.refresh_browse();
            }
            Action::SortBy(key) => {
                if self.browse.sort == key {
                    self.browse.descending = !self.browse.descending;
                } else {
                    self.browse.sort = key;
                    self.browse.descending = false;
                }
                self.refresh_browse();
            }
            Action::SelectCard(r) => {
                if self.card(r).is_some() {
                    self.browse.selected = Some(r);
                    self.browse.show_back = false;
                }
            }
            Action::MoveSelection(by) => {
                let rows = &self.browse.rows;
                if !rows.is_empty() {
                    let at = self
                        .browse
                        .selected
                        .and_then(|s| rows.iter().position(|r| *r == s));
                    let next = match at {
                        Some(i) => (i as i64 + i64::from(by)).clamp(0, rows.len() as i64 - 1),
                        None => 0,
                    };
                    self.browse.selected = Some(rows[next as usize]);
                    self.browse.show_back = false;
                }
            }
            Action::ToggleAnswer => self.browse.show_back = !self.browse.show_back,
            Action::SelectDiagram(i) => {
                if i < self.diagrams.all.len() {
                    self.diagrams.selected = i;
                }
            }
            Action::OpenDiagram(i) => {
                if i < self.diagrams.all.len() {
                    self.diagrams.selected = i;
                    self.diagrams.open = true;
                    self.screen = Screen::Diagrams;
                }
            }
            Action::CloseDiagram => self.diagrams.open = false,
            Action::SetTheme(theme) => self.prefs.theme = theme,
            Action::SetUiScale(scale) => {
                self.prefs.ui_scale = scale.clamp(
                    *ui::theme::UI_SCALE_RANGE.start(),
                    *ui::theme::UI_SCALE_RANGE.end(),
                );
            }
        }
    }

    /// Keys that work on every screen; screen keys are read by the screens.
    fn global_keys(&self, ctx: &egui::Context) -> Option<Action> {
        use egui::{Key, Modifiers};
        use ui::keys::{help_pressed, pressed, typing};
        if pressed(ctx, Modifiers::NONE, Key::Escape) {
            return Some(Action::Escape);
        }
        if pressed(ctx, Modifiers::COMMAND, Key::P) {
            return Some(Action::Navigate(Screen::Settings));
        }
        if pressed(ctx, Modifiers::COMMAND, Key::Plus)
            || pressed(ctx, Modifiers::COMMAND, Key::Equals)
        {
            return Some(Action::SetUiScale(self.prefs.ui_scale + 0.1));
        }
        if pressed(ctx, Modifiers::COMMAND, Key::Minus) {
            return Some(Action::SetUiScale(self.prefs.ui_scale - 0.1));
        }
        if typing(ctx) {
            return None;
        }
        if help_pressed(ctx) {
            return Some(Action::ToggleHelp);
        }
        if self.help_open {
            return None;
        }
        for (key, screen) in [
            (Key::D, Screen::Decks),
            (Key::B, Screen::Browse),
            (Key::G, Screen::Diagrams),
        ] {
            if pressed(ctx, Modifiers::NONE, key) {
                return Some(Action::Navigate(screen));
            }
        }
        None
    }

    fn apply_prefs(&mut self, ctx: &egui::Context) {
        if self.applied_prefs.is_none() {
            ui::theme::install_fonts(ctx);
        }
        if self.applied_prefs != Some(self.prefs) {
            ui::theme::apply(ctx, self.prefs.theme, self.prefs.ui_scale);
            self.applied_prefs = Some(self.prefs);
        }
    }

    /// Draws the whole UI for one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.set_context(&ctx);
        self.poll_jobs();
        self.apply_prefs(&ctx);

        let mut actions: Vec<Action> = Vec::new();
        actions.extend(self.global_keys(&ctx));
        if !self.help_open && !ui::keys::typing(&ctx) {
            actions.extend(self.screen_keys(&ctx));
        }

        egui::Panel::top("top-bar")
            .frame(ui::nav::bar_frame(ui.visuals()))
            .show(ui, |ui| actions.extend(ui::nav::nav_ui(ui, self)));
        let jobs = self.jobs.views();
        if !self.notices.is_empty() || !jobs.is_empty() {
            egui::Panel::bottom("status")
                .frame(ui::nav::bar_frame(ui.visuals()))
                .show(ui, |ui| {
                    actions.extend(ui::status::status_ui(ui, &self.notices, &jobs));
                });
        }
        match self.screen {
            Screen::Decks => {
                egui::CentralPanel::default().show(ui, |ui| {
                    actions.extend(ui::decks::decks_ui(ui, self));
                });
            }
            Screen::Browse => actions.extend(ui::browse::browse_ui(ui, self)),
            Screen::Diagrams => {
                egui::CentralPanel::default().show(ui, |ui| {
                    actions.extend(ui::diagrams::diagrams_ui(ui, self));
                });
            }
            Screen::Settings => {
                egui::CentralPanel::default().show(ui, |ui| {
                    actions.extend(ui::settings::settings_ui(ui, self));
                });
            }
        }
        if self.help_open {
            actions.extend(ui::help::help_ui(&ctx));
        }

        for action in actions {
            self.apply(action);
        }
        if self.jobs.is_busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn screen_keys(&self, ctx: &egui::Context) -> Option<Action> {
        match self.screen {
            Screen::Browse => ui::browse::browse_keys(ctx, self),
            Screen::Diagrams => ui::diagrams::diagrams_keys(ctx, self),
            Screen::Decks | Screen::Settings => None,
        }
    }
}

/// Sorts "Q2" before "Q10".
fn source_key(source: &str) -> (String, u64) {
    let digits: String = source.chars().filter(char::is_ascii_digit).collect();
    let letters: String = source.chars().filter(|c| !c.is_ascii_digit()).collect();
    (letters.to_lowercase(), digits.parse().unwrap_or(u64::MAX))
}

/// The eframe application.
pub struct ArchdeckApp {
    state: AppState,
}

impl ArchdeckApp {
    /// Creates the app and starts loading the decks in the background.
    pub fn new(_ctx: &egui::Context, prefs: Prefs, screen: Option<Screen>) -> Self {
        let mut state = AppState::new(Clock::System);
        state.prefs = prefs;
        if let Some(screen) = screen {
            state.screen = screen;
        }
        state.start_loading();
        Self { state }
    }
}

impl eframe::App for ArchdeckApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.state.ui(ui);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded() -> AppState {
        let mut s = AppState::new(Clock::System);
        s.load_blocking();
        s
    }

    #[test]
    fn search_narrows_and_selection_follows() {
        let mut s = loaded();
        let all = s.browse.rows.len();
        assert!(all > 200);
        s.apply(Action::SetQuery("source:Q4".into()));
        assert!(!s.browse.rows.is_empty() && s.browse.rows.len() < all);
        let first = s.browse.rows[0];
        assert_eq!(s.browse.selected, Some(first));
        s.apply(Action::MoveSelection(1));
        assert_eq!(s.browse.selected, Some(s.browse.rows[1]));
        s.apply(Action::MoveSelection(-5));
        assert_eq!(s.browse.selected, Some(first));
    }

    #[test]
    fn sorting_by_source_puts_q2_before_q10() {
        let mut s = loaded();
        s.apply(Action::SortBy(SortKey::Source));
        let sources: Vec<String> = s
            .browse
            .rows
            .iter()
            .map(|r| s.card(*r).map(|c| c.source.clone()).unwrap_or_default())
            .collect();
        let q2 = sources.iter().position(|x| x == "Q2");
        let q10 = sources.iter().position(|x| x == "Q10");
        assert!(q2 < q10, "{q2:?} {q10:?}");
        s.apply(Action::SortBy(SortKey::Source));
        assert!(s.browse.descending);
    }

    #[test]
    fn every_diagram_of_the_deck_is_listed() {
        let s = loaded();
        let expected: usize = s.decks.iter().map(|d| d.deck.diagrams().count()).sum();
        assert_eq!(s.diagrams.all.len(), expected);
        for r in &s.diagrams.all {
            assert!(s.diagram(*r).is_some());
        }
    }
}
