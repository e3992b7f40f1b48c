//! The application: owns the model and applies the actions screens return.
//!
//! Each frame, screens (`ui::*_ui`) read [`AppState`] and return
//! [`Action`]s; [`AppState::apply`] changes the model after the frame, in
//! this one place. `AppState` does not need a window, so tests drive it
//! headless with `egui_kittest`.

pub mod clock;
pub mod jobs;
mod notice;
pub mod stats;
pub mod study;
pub mod transfer;

use std::path::Path;

pub use clock::Clock;
pub use jobs::{JobProgress, JobView, Jobs};
pub use notice::{Level, Notice};

use crate::bundled::BUNDLED_DECKS;
use crate::deck::{self, Block, Card, Deck};
use crate::interop;
use crate::srs::{
    CardKey, Due, Event, EventKind, Grade, MIN_REVIEWS_TO_OPTIMIZE, Moment, OptimizeJob,
    OptimizeResult, Phase, SchedulerConfig, TrainingSet,
};
use crate::store::{Progress, StorePaths, Theme as StoredTheme};
use crate::ui;
use crate::ui::search::{CardFacts, Query};
use crate::ui::stats::StatsView;
use crate::ui::theme::ThemeChoice;
use study::{ScopeDeck, Session};
use transfer::{Conflict, ExportForm, ImportDone, TransferState};

/// A deck in memory with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    /// File path (for bundled decks, the path inside the repository).
    pub path: String,
    /// The parsed, validated deck.
    pub deck: Deck,
    /// Whether it ships with the app.
    pub bundled: bool,
    /// Card ids in authoring order (the scheduler's input).
    pub card_ids: Vec<String>,
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
        let card_ids = deck.cards.iter().map(|c| c.id.clone()).collect();
        Self {
            path: path.into(),
            deck,
            bundled,
            card_ids,
            search,
            search_name,
        }
    }

    /// The progress key of card `i`.
    pub fn key(&self, i: usize) -> Option<CardKey> {
        CardKey::new(&self.deck.id, self.card_ids.get(i)?).ok()
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
    /// The study loop.
    Study,
    /// Cards of one or all decks, searchable.
    Browse,
    /// The diagram gallery and viewer.
    Diagrams,
    /// Plots and tables of progress.
    Statistics,
    /// Theme, scale and scheduling settings.
    Settings,
}

impl Screen {
    /// Every screen in top-bar order.
    pub const ALL: [Self; 6] = [
        Self::Decks,
        Self::Study,
        Self::Browse,
        Self::Diagrams,
        Self::Statistics,
        Self::Settings,
    ];

    /// The name in the top bar.
    pub fn title(self) -> &'static str {
        match self {
            Self::Decks => "Decks",
            Self::Study => "Study",
            Self::Browse => "Browse",
            Self::Diagrams => "Diagrams",
            Self::Statistics => "Statistics",
            Self::Settings => "Settings",
        }
    }

    /// The stable name used on the command line (`--screen`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Decks => "decks",
            Self::Study => "study",
            Self::Browse => "browse",
            Self::Diagrams => "diagrams",
            Self::Statistics => "stats",
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
            Self::Study => label::STUDY,
            Self::Browse => label::BROWSE,
            Self::Diagrams => label::DIAGRAMS,
            Self::Statistics => label::STATS,
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
    /// When the card is due (new cards last).
    Due,
    /// The current review interval.
    Interval,
    /// FSRS difficulty (unstudied cards last).
    Difficulty,
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
    /// Each diagram parsed (same order), or the parse error to show.
    pub charts: Vec<Result<crate::mermaid::Flowchart, String>>,
    /// Index into `all` of the highlighted (or opened) diagram.
    pub selected: usize,
    /// Whether the selected diagram is open full size.
    pub open: bool,
    /// Where to export the open diagram (`.svg` or `.png`).
    pub export_path: String,
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

/// Today's numbers of one deck for the decks screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckCounts {
    /// New cards left today.
    pub new: usize,
    /// Cards in learning steps due today.
    pub learning: usize,
    /// Reviews due today.
    pub review: usize,
    /// Cards answered today (new introduced plus review answers).
    pub done_today: usize,
}

/// The FSRS optimiser as the settings screen sees it.
#[derive(Debug, Default)]
pub enum Optimizer {
    /// Not started.
    #[default]
    Idle,
    /// Running on its own thread.
    Running(OptimizeJob),
    /// Finished: old and new parameters for the user to choose.
    Done(OptimizeResult),
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
    /// Show the answer of the study card.
    ShowAnswer,
    /// Grade the study card: 0 Again, 1 Hard, 2 Good, 3 Easy.
    Grade(usize),
    /// Undo the last answer, bury or suspend.
    Undo,
    /// Bury the study card until tomorrow.
    Bury,
    /// Suspend the study card.
    Suspend,
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
    /// Suspend a card, or unsuspend it if it is suspended.
    ToggleSuspend(CardRef),
    /// Make a card new again (its history stays).
    ResetCard(CardRef),
    /// Highlight a diagram in the gallery.
    SelectDiagram(usize),
    /// Open a diagram full size.
    OpenDiagram(usize),
    /// Open the diagram at this block of a card (clicked in a card).
    ShowDiagram(CardRef, usize),
    /// Back from the open diagram to the gallery.
    CloseDiagram,
    /// New text in the diagram export path field.
    SetDiagramExportPath(String),
    /// Zoom the open diagram by this factor (> 1 zooms in).
    ZoomDiagram(f32),
    /// Fit the open diagram to the window.
    FitDiagram,
    /// The open diagram's pan, zoom and hovered part, after the pointer
    /// moved it.
    SetDiagramView(ui::diagram::ViewerState),
    /// Export the open diagram: `Some(png)` asks the system's save dialog
    /// for an SVG (`false`) or PNG (`true`) file; `None` uses the path field.
    ExportDiagram(Option<bool>),
    /// Change the theme (saved).
    SetTheme(ThemeChoice),
    /// Change the interface scale (saved).
    SetUiScale(f32),
    /// Change the scheduling settings (saved).
    SetStudySettings(SchedulerConfig),
    /// Fit FSRS parameters to the review history in the background.
    StartOptimizer,
    /// Stop the running optimisation.
    CancelOptimizer,
    /// Use (and save) the optimiser's new parameters.
    AcceptParameters(Vec<f32>),
    /// Close the optimiser's result, keeping the current parameters.
    DismissOptimizer,
    /// New text in the import path field.
    SetImportPath(String),
    /// Choose a file to import with the system's dialog, then import it.
    ChooseImportFile,
    /// Import the file in the path field.
    Import,
    /// Answer to "this deck exists": update it, import a copy, or (`None`) cancel.
    ResolveConflict(Option<interop::OnExisting>),
    /// Open the export panel of a deck.
    OpenExport(usize),
    /// Close the export panel.
    CloseExport,
    /// Choose the export format.
    SetExportFormat(interop::Format),
    /// New text in the export path field.
    SetExportPath(String),
    /// Include the review history in a RON export.
    SetExportHistory(bool),
    /// Choose where to export with the system's dialog, then export.
    ChooseExportFile,
    /// Export to the file in the path field.
    Export,
}

/// What a background job hands back.
#[derive(Debug)]
pub enum JobDone {
    /// Decks parsed and progress opened at start-up.
    Loaded(Box<Loaded>),
    /// A file imported into the data folder (or why not).
    Imported(Box<ImportDone>),
    /// An imported history written into the progress, which comes back.
    HistoryRecorded(Box<Progress>, Vec<Notice>),
    /// A deck written to a file.
    Exported(Vec<Notice>),
}

/// The decks, progress and problems found at start-up.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Decks that loaded.
    pub decks: Vec<LoadedDeck>,
    /// The user's progress, if its folder could be opened.
    pub progress: Option<Progress>,
    /// Problems, each with its file and position.
    pub notices: Vec<Notice>,
}

/// Parses the bundled decks and opens the progress folder. Runs on a worker
/// thread at start-up.
pub fn load_all(paths: Option<&StorePaths>, now: Moment, job: Option<&JobProgress>) -> Loaded {
    let mut loaded = Loaded::default();
    for (i, bundled) in BUNDLED_DECKS.iter().enumerate() {
        if let Some(p) = job {
            p.note(format!("Reading {}", bundled.path));
            p.set(i as f32 / (BUNDLED_DECKS.len() + 1) as f32);
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
    if let Some(paths) = paths {
        load_imported(&paths.data_dir, &mut loaded);
    }
    if let Some(p) = job {
        p.note("Opening your progress");
    }
    match paths {
        None => loaded.notices.push(Notice::error(
            "No folder for your progress is known on this system, so nothing you study will be saved. Set ARCHDECK_DATA_DIR to a folder of your choice and restart.",
        )),
        Some(paths) => match Progress::open(paths, now) {
            Ok((progress, warnings)) => {
                loaded.progress = Some(progress);
                loaded
                    .notices
                    .extend(warnings.iter().map(|w| Notice::warning(w.to_string())));
            }
            Err(err) => loaded.notices.push(Notice::error(format!(
                "Your progress could not be opened, so studying is off until this is fixed (nothing was changed or lost). {err}"
            ))),
        },
    }
    loaded
}

/// Reads the decks imported into `<data>/decks/`; one with a bundled deck's
/// id replaces it (an update of that deck).
fn load_imported(data_dir: &Path, loaded: &mut Loaded) {
    let dir = interop::decks_dir(data_dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return; // No imports yet.
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && p.is_file())
        .collect();
    files.sort();
    for file in files {
        match deck::load_deck(&file) {
            Ok(deck) => {
                let new = LoadedDeck::new(file.display().to_string(), deck, false);
                match loaded.decks.iter_mut().find(|d| d.deck.id == new.deck.id) {
                    Some(slot) => *slot = new,
                    None => loaded.decks.push(new),
                }
            }
            Err(err) => loaded.notices.extend(
                err.diagnostics()
                    .iter()
                    .map(|d| Notice::from_diagnostic(Level::Error, d)),
            ),
        }
    }
}

/// Everything the app shows, independent of the window (tested headless).
#[derive(Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent UI flags (help, loading, saving, theme) of the one app state"
)]
pub struct AppState {
    /// Loaded decks.
    pub decks: Vec<LoadedDeck>,
    /// Today's counts of each deck (same order as `decks`).
    pub counts: Vec<DeckCounts>,
    /// The user's progress; `None` until loaded, or if it could not be opened.
    pub progress: Option<Progress>,
    /// Where the progress lives.
    pub paths: Option<StorePaths>,
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
    /// A theme given on the command line, used instead of the saved one.
    pub theme_override: Option<ThemeChoice>,
    /// The study session.
    pub session: Session,
    /// The typed-answer field of the study card.
    pub typed: ui::typed::TypedState,
    /// The card the typed field belongs to.
    session_card: Option<study::Current>,
    /// The browser.
    pub browse: BrowseState,
    /// The diagram gallery and viewer.
    pub diagrams: DiagramsState,
    /// Figures of the statistics screen, computed when it opens.
    pub stats: Option<StatsView>,
    /// Long-term reviews available to the FSRS optimiser.
    pub training_reviews: usize,
    /// The FSRS optimiser.
    pub optimizer: Optimizer,
    /// Import and export fields of the decks screen.
    pub transfer: TransferState,
    /// Whether an imported history is being written (progress is lent out).
    pub saving_history: bool,
    /// The open diagram's pan, zoom and hovered part.
    pub viewer: ui::diagram::ViewerState,
    /// Whether the window shows the dark theme (follows the system choice).
    pub dark: bool,
    /// Whether the keyboard help is shown.
    pub help_open: bool,
    /// Whether start-up loading is still running.
    pub loading: bool,
    /// Background work.
    pub jobs: Jobs<JobDone>,
    /// The theme and scale last applied to the context.
    applied_prefs: Option<Prefs>,
}

/// Rebuild the study queue when this much time passed (learning cards come due).
const REQUEUE_MS: i64 = 10_000;

impl AppState {
    /// An app with no decks yet; call [`Self::start_loading`] or
    /// [`Self::load_blocking`]. `paths` is where progress is kept.
    pub fn new(clock: Clock, paths: Option<StorePaths>) -> Self {
        Self {
            decks: Vec::new(),
            counts: Vec::new(),
            progress: None,
            paths,
            notices: Vec::new(),
            screen: Screen::Decks,
            deck: None,
            clock,
            prefs: Prefs::default(),
            theme_override: None,
            session: Session::default(),
            typed: ui::typed::TypedState::default(),
            session_card: None,
            browse: BrowseState::default(),
            diagrams: DiagramsState::default(),
            stats: None,
            training_reviews: 0,
            optimizer: Optimizer::Idle,
            transfer: TransferState::default(),
            saving_history: false,
            viewer: ui::diagram::ViewerState::default(),
            dark: false,
            help_open: false,
            loading: false,
            jobs: Jobs::default(),
            applied_prefs: None,
        }
    }

    /// The current moment for the scheduler: local time with its UTC offset
    /// for the real clock, UTC for a simulated one (deterministic tests).
    pub fn now(&self) -> Moment {
        match &self.clock {
            Clock::System => Moment::from_datetime(&chrono::Local::now()),
            Clock::Fixed(t) => Moment::new(t.timestamp_millis(), 0),
        }
    }

    /// Loads decks and progress on the calling thread (tests, benchmarks).
    pub fn load_blocking(&mut self) {
        let loaded = load_all(self.paths.as_ref(), self.now(), None);
        self.finish_loading(loaded);
    }

    /// Loads decks and progress on a worker thread; the UI shows a spinner.
    pub fn start_loading(&mut self) {
        self.loading = true;
        let paths = self.paths.clone();
        let now = self.now();
        self.jobs.spawn("Loading decks and progress", move |p| {
            JobDone::Loaded(Box::new(load_all(paths.as_ref(), now, Some(p))))
        });
    }

    /// Waits for every background job and applies its result (tests).
    pub fn wait_for_jobs(&mut self) {
        let (done, lost) = self.jobs.wait_all();
        self.job_results(done, lost);
    }

    fn poll_jobs(&mut self) {
        let (done, lost) = self.jobs.poll();
        self.job_results(done, lost);
        if let Optimizer::Running(job) = &mut self.optimizer
            && let Some(result) = job.try_result()
        {
            self.optimizer = match result {
                Ok(result) => Optimizer::Done(result),
                Err(err) => {
                    self.notices.push(Notice::error(err.to_string()));
                    Optimizer::Idle
                }
            };
        }
    }

    fn job_results(&mut self, done: Vec<JobDone>, lost: Vec<jobs::JobLost>) {
        for result in done {
            match result {
                JobDone::Loaded(loaded) => self.finish_loading(*loaded),
                JobDone::Imported(done) => self.finish_import(*done),
                JobDone::HistoryRecorded(progress, notices) => {
                    self.saving_history = false;
                    self.progress = Some(*progress);
                    self.notices.extend(notices);
                    self.progress_changed();
                }
                JobDone::Exported(notices) => self.notices.extend(notices),
            }
        }
        for job in lost {
            self.loading = false;
            if self.saving_history {
                self.saving_history = false;
                self.notices.push(Notice::error(
                    "Saving the imported review history stopped unexpectedly; restart archdeck to reopen your progress (what was saved is kept).",
                ));
            }
            self.notices.push(Notice::error(format!(
                "{} stopped unexpectedly; nothing was changed. Try again, and report it if it happens again.",
                job.label
            )));
        }
    }

    fn finish_loading(&mut self, loaded: Loaded) {
        self.loading = false;
        self.decks = loaded.decks;
        self.progress = loaded.progress;
        self.notices.extend(loaded.notices);
        if let Some(p) = &self.progress {
            let settings = p.settings();
            self.prefs = Prefs {
                theme: match settings.theme {
                    StoredTheme::Light => ThemeChoice::Light,
                    StoredTheme::Dark => ThemeChoice::Dark,
                    StoredTheme::System => ThemeChoice::System,
                },
                ui_scale: settings.ui_scale,
            };
        }
        if let Some(theme) = self.theme_override {
            self.prefs.theme = theme;
        }
        if self.deck.is_some_and(|d| d >= self.decks.len()) {
            self.deck = None;
        }
        self.progress_changed();
        self.refresh_diagrams();
    }

    /// The deck indices the screens work on.
    pub fn deck_indices(&self) -> Vec<usize> {
        match self.deck {
            Some(d) if d < self.decks.len() => vec![d],
            _ => (0..self.decks.len()).collect(),
        }
    }

    /// The title of what the screens work on.
    pub fn scope_title(&self) -> &str {
        self.deck
            .and_then(|d| self.decks.get(d))
            .map_or("All decks", |d| d.deck.title.as_str())
    }

    fn scope(&self) -> Vec<ScopeDeck<'_>> {
        self.deck_indices()
            .into_iter()
            .map(|i| ScopeDeck {
                index: i,
                id: &self.decks[i].deck.id,
                card_ids: &self.decks[i].card_ids,
            })
            .collect()
    }

    /// A card by reference.
    pub fn card(&self, r: CardRef) -> Option<&Card> {
        self.decks.get(r.deck)?.deck.cards.get(r.card)
    }

    /// A card's progress key.
    pub fn key(&self, r: CardRef) -> Option<CardKey> {
        self.decks.get(r.deck)?.key(r.card)
    }

    /// A diagram block by reference.
    pub fn diagram(&self, r: DiagramRef) -> Option<&deck::Diagram> {
        let card = self.card(r.card)?;
        match card.blocks().nth(r.block)? {
            Block::Diagram(d) => Some(d),
            _ => None,
        }
    }

    /// The scheduler's state of a card (new if never studied or no progress).
    pub fn card_state(&self, r: CardRef) -> crate::srs::CardState {
        match (&self.progress, self.key(r)) {
            (Some(p), Some(key)) => p.state(&key),
            _ => crate::srs::CardState::new(),
        }
    }

    /// A card's answers and other events, oldest first.
    pub fn history(&self, r: CardRef) -> Vec<&Event> {
        match (&self.progress, self.key(r)) {
            (Some(p), Some(key)) => p.collection().history(key.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// What the scheduler knows of a card, for search and display.
    pub fn facts(&self, card: CardRef) -> CardFacts {
        let state = self.card_state(card);
        let now = self.now();
        let rollover = self
            .progress
            .as_ref()
            .map_or(4, |p| p.settings().study.rollover_hour);
        let today = now.day(rollover);
        CardFacts {
            new: state.phase == Phase::New,
            learning: state.phase.is_learning(),
            due: match state.due {
                Due::New => false,
                Due::At(ms) => ms <= now.unix_ms,
                Due::Day(day) => day <= today,
            },
            suspended: state.suspended,
            buried: state.is_buried(today),
        }
    }

    /// Recomputes everything derived from progress: deck counts, the study
    /// queue, the browser rows and (lazily) the statistics.
    pub fn progress_changed(&mut self) {
        let now = self.now();
        self.counts = match &self.progress {
            Some(p) => self
                .decks
                .iter()
                .map(|d| {
                    let q = p.queue(&d.deck.id, d.card_ids.iter().map(String::as_str), now);
                    DeckCounts {
                        new: q.counts.new,
                        learning: q.counts.learning,
                        review: q.counts.review,
                        done_today: (q.new_done_today + q.reviews_done_today) as usize,
                    }
                })
                .collect(),
            None => vec![DeckCounts::default(); self.decks.len()],
        };
        self.rebuild_session(now);
        self.refresh_browse();
        self.stats = None;
    }

    fn rebuild_session(&mut self, now: Moment) {
        let mut session = std::mem::take(&mut self.session);
        if let Some(p) = &self.progress {
            session.rebuild(p.collection(), &self.scope(), now);
        } else {
            session = Session::default();
        }
        if session.current != self.session_card {
            // A new card: its typed-answer field starts empty.
            self.typed = ui::typed::TypedState::default();
            self.session_card.clone_from(&session.current);
        }
        self.session = session;
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
        let state = |r: &CardRef| self.card_state(*r);
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
            SortKey::Due => rows.sort_by_cached_key(|r| due_key(&state(r).due)),
            SortKey::Interval => rows.sort_by_cached_key(|r| state(r).interval_days),
            SortKey::Difficulty => rows.sort_by_cached_key(|r| {
                state(r)
                    .memory
                    .map_or(u32::MAX, |m| (m.difficulty * 1000.0) as u32)
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
        // A diagram repeated on several cards is listed once.
        let mut seen = std::collections::HashSet::new();
        for d in self.deck_indices() {
            for (c, card) in self.decks[d].deck.cards.iter().enumerate() {
                for (b, block) in card.blocks().enumerate() {
                    if let Block::Diagram(diagram) = block
                        && seen.insert((d, diagram.mermaid.trim()))
                    {
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
            self.viewer = ui::diagram::ViewerState::default();
            self.diagrams.charts = all
                .iter()
                .map(|r| match self.diagram(*r) {
                    Some(d) => crate::mermaid::parse(&d.mermaid).map_err(|e| e.to_string()),
                    None => Err("the diagram is missing".to_owned()),
                })
                .collect();
        }
        self.diagrams.all = all;
    }

    /// Records a change to a card through the store; shows the error if it fails.
    fn record(
        &mut self,
        what: &str,
        change: impl FnOnce(&mut Progress, Moment) -> Result<Option<Event>, crate::store::StoreError>,
    ) -> Option<Event> {
        let now = self.now();
        let Some(progress) = self.progress.as_mut() else {
            self.notices.push(Notice::error(format!(
                "Cannot {what}: your progress is not open (see the message about it)."
            )));
            return None;
        };
        let result = change(progress, now);
        self.progress_changed();
        match result {
            Ok(event) => event,
            Err(err) => {
                self.notices.push(Notice::error(format!(
                    "Could not {what}; nothing was changed. {err}"
                )));
                None
            }
        }
    }

    fn save_settings(&mut self, change: impl FnOnce(&mut crate::store::Settings)) {
        let Some(progress) = self.progress.as_mut() else {
            return;
        };
        let mut settings = progress.settings().clone();
        change(&mut settings);
        match progress.set_settings(settings) {
            Ok(()) => self.progress_changed(),
            Err(err) => self.notices.push(Notice::error(err.to_string())),
        }
    }

    fn current_key(&self) -> Option<CardKey> {
        CardKey::parse(&self.session.current.as_ref()?.key).ok()
    }

    /// Applies one action to the model.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Navigate(screen) => {
                self.screen = screen;
                self.help_open = false;
                if screen == Screen::Study {
                    self.rebuild_session(self.now());
                }
                if screen == Screen::Settings {
                    self.training_reviews = self
                        .progress
                        .as_ref()
                        .map_or(0, |p| TrainingSet::from_collection(p.collection()).len());
                }
            }
            Action::FocusDeck(deck) => {
                self.deck = deck.filter(|d| *d < self.decks.len());
                self.session = Session::default();
                self.progress_changed();
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
            Action::ShowAnswer => {
                if self.session.current.is_some() {
                    self.session.answer_shown = true;
                }
            }
            Action::Grade(i) => self.grade(i),
            Action::Undo => self.undo(),
            Action::Bury => {
                if let Some(key) = self.current_key() {
                    self.session.current = None;
                    self.record("bury the card", |p, now| p.bury(&key, now).map(Some));
                }
            }
            Action::Suspend => {
                if let Some(key) = self.current_key() {
                    self.session.current = None;
                    self.record("suspend the card", |p, now| p.suspend(&key, now).map(Some));
                }
            }
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
            Action::ToggleSuspend(r) => {
                if let Some(key) = self.key(r) {
                    if self.card_state(r).suspended {
                        self.record("unsuspend the card", |p, now| {
                            p.unsuspend(&key, now).map(Some)
                        });
                    } else {
                        self.record("suspend the card", |p, now| p.suspend(&key, now).map(Some));
                    }
                }
            }
            Action::ResetCard(r) => {
                if let Some(key) = self.key(r) {
                    self.record("reset the card", |p, now| p.reset(&key, now).map(Some));
                }
            }
            Action::SelectDiagram(i) => {
                if i < self.diagrams.all.len() {
                    self.diagrams.selected = i;
                }
            }
            Action::OpenDiagram(i) => {
                if i < self.diagrams.all.len() {
                    if i != self.diagrams.selected || !self.diagrams.open {
                        // Each diagram opens fitted to the window.
                        self.viewer = ui::diagram::ViewerState::default();
                    }
                    self.diagrams.selected = i;
                    self.diagrams.open = true;
                    self.screen = Screen::Diagrams;
                }
            }
            Action::ShowDiagram(card, block) => self.show_diagram(card, block),
            Action::ZoomDiagram(factor) => self.viewer.zoom(factor),
            Action::FitDiagram => self.viewer.fit(),
            Action::SetDiagramView(view) => self.viewer = view,
            Action::CloseDiagram => self.diagrams.open = false,
            Action::SetDiagramExportPath(path) => self.diagrams.export_path = path,
            Action::ExportDiagram(choose) => self.export_diagram(choose),
            Action::SetTheme(theme) => {
                self.prefs.theme = theme;
                self.theme_override = None;
                self.save_settings(|s| {
                    s.theme = match theme {
                        ThemeChoice::Light => StoredTheme::Light,
                        ThemeChoice::Dark => StoredTheme::Dark,
                        ThemeChoice::System => StoredTheme::System,
                    };
                });
            }
            Action::SetUiScale(scale) => {
                let scale = scale.clamp(
                    *ui::theme::UI_SCALE_RANGE.start(),
                    *ui::theme::UI_SCALE_RANGE.end(),
                );
                self.prefs.ui_scale = scale;
                self.save_settings(|s| s.ui_scale = scale);
            }
            Action::SetStudySettings(config) => self.save_settings(|s| s.study = config),
            Action::StartOptimizer => {
                if let Some(p) = &self.progress {
                    match p.start_optimizer() {
                        Ok(job) => self.optimizer = Optimizer::Running(job),
                        Err(err) => self.notices.push(Notice::warning(err.to_string())),
                    }
                }
            }
            Action::CancelOptimizer => {
                if let Optimizer::Running(job) = &self.optimizer {
                    job.cancel();
                }
            }
            Action::AcceptParameters(parameters) => {
                self.optimizer = Optimizer::Idle;
                self.save_settings(|s| s.study.fsrs_parameters = parameters);
                self.notices
                    .push(Notice::info("New FSRS parameters saved and in use."));
            }
            Action::DismissOptimizer => self.optimizer = Optimizer::Idle,
            Action::SetImportPath(path) => self.transfer.import_path = path,
            Action::ChooseImportFile => {
                let picked = rfd::FileDialog::new()
                    .set_title("Import a deck")
                    .add_filter(
                        "Decks",
                        &["ron", "apkg", "colpkg", "txt", "tsv", "csv", "md"],
                    )
                    .pick_file();
                match picked {
                    Some(path) => {
                        self.transfer.import_path = path.display().to_string();
                        self.start_import(path, interop::OnExisting::Ask);
                    }
                    None => self.notices.push(Notice::warning(
                        "No file was chosen. If no dialog appeared, type the file's path in the field and press Import.",
                    )),
                }
            }
            Action::Import => {
                let text = self.transfer.import_path.trim();
                if text.is_empty() {
                    self.notices.push(Notice::warning(
                        "Type the path of a deck file to import first.",
                    ));
                } else {
                    let path = std::path::PathBuf::from(text);
                    self.start_import(path, interop::OnExisting::Ask);
                }
            }
            Action::ResolveConflict(choice) => {
                if let Some(conflict) = self.transfer.conflict.take()
                    && let Some(on_existing) = choice
                {
                    self.start_import(conflict.path, on_existing);
                }
            }
            Action::OpenExport(deck) => {
                if let Some(d) = self.decks.get(deck) {
                    let format = interop::Format::Ron;
                    let dir = directories::UserDirs::new()
                        .and_then(|u| u.document_dir().map(Path::to_path_buf))
                        .unwrap_or_default();
                    let path = dir.join(transfer::suggested_name(&d.deck, format));
                    self.transfer.export = Some(ExportForm {
                        deck,
                        format,
                        path: path.display().to_string(),
                        with_history: true,
                    });
                }
            }
            Action::CloseExport => self.transfer.export = None,
            Action::SetExportFormat(format) => {
                if let Some(form) = &mut self.transfer.export {
                    form.format = format;
                    let path = std::path::PathBuf::from(&form.path);
                    form.path = path
                        .with_extension(format.extension())
                        .display()
                        .to_string();
                }
            }
            Action::SetExportPath(path) => {
                if let Some(form) = &mut self.transfer.export {
                    form.path = path;
                }
            }
            Action::SetExportHistory(on) => {
                if let Some(form) = &mut self.transfer.export {
                    form.with_history = on;
                }
            }
            Action::ChooseExportFile => {
                let Some(form) = self.transfer.export.clone() else {
                    return;
                };
                let current = std::path::PathBuf::from(&form.path);
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Export the deck")
                    .add_filter(form.format.name(), &[form.format.extension()]);
                if let Some(name) = current.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
                if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                    dialog = dialog.set_directory(dir);
                }
                match dialog.save_file() {
                    Some(path) => {
                        if let Some(f) = &mut self.transfer.export {
                            f.path = path.display().to_string();
                        }
                        self.start_export();
                    }
                    None => self.notices.push(Notice::warning(
                        "No file was chosen. If no dialog appeared, type the path in the field and press Export.",
                    )),
                }
            }
            Action::Export => self.start_export(),
        }
    }

    fn start_import(&mut self, path: std::path::PathBuf, on_existing: interop::OnExisting) {
        let Some(paths) = &self.paths else {
            self.notices.push(Notice::error(
                "Cannot import: no folder for your data is known. Set ARCHDECK_DATA_DIR and restart.",
            ));
            return;
        };
        let data_dir = paths.data_dir.clone();
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.jobs.spawn(format!("Importing {name}"), move |job| {
            JobDone::Imported(Box::new(transfer::run_import(
                path,
                &data_dir,
                on_existing,
                job,
            )))
        });
    }

    fn finish_import(&mut self, done: ImportDone) {
        match done.result {
            Ok((report, loaded)) => {
                let what = match report.action {
                    interop::ImportAction::Created => "Imported",
                    interop::ImportAction::Updated => "Updated",
                    interop::ImportAction::Copied => "Imported as a copy",
                };
                self.notices.push(Notice {
                    level: Level::Info,
                    message: format!(
                        "{what} “{}”: {} cards ({} new, {} updated), {} picture(s), {} review(s).",
                        report.title,
                        report.cards,
                        report.added,
                        report.updated,
                        report.assets,
                        report.reviews.len()
                    ),
                    location: Some(done.path.display().to_string()),
                });
                self.notices
                    .extend(report.warnings.iter().map(|w| Notice::warning(w.clone())));
                let index =
                    if let Some(i) = self.decks.iter().position(|d| d.deck.id == loaded.deck.id) {
                        self.decks[i] = loaded;
                        i
                    } else {
                        self.decks.push(loaded);
                        self.decks.len() - 1
                    };
                self.transfer.import_path.clear();
                self.deck = Some(index);
                self.session = Session::default();
                let has_history = !report.reviews.is_empty() || !report.to_suspend.is_empty();
                if has_history && let Some(progress) = self.progress.take() {
                    self.saving_history = true;
                    let now = self.now();
                    let deck_id = report.deck_id.clone();
                    let (reviews, to_suspend) = (report.reviews, report.to_suspend);
                    self.jobs
                        .spawn("Saving the imported review history", move |job| {
                            let (progress, notices) = transfer::record_history(
                                progress,
                                &deck_id,
                                &reviews,
                                &to_suspend,
                                now,
                                job,
                            );
                            JobDone::HistoryRecorded(Box::new(progress), notices)
                        });
                }
                self.progress_changed();
                self.refresh_diagrams();
            }
            Err(interop::ImportError::DeckExists { id, title }) => {
                self.transfer.conflict = Some(Conflict {
                    path: done.path,
                    id,
                    title,
                });
            }
            Err(err) => self.notices.push(Notice {
                level: Level::Error,
                message: format!("Nothing was imported. {err}"),
                location: Some(done.path.display().to_string()),
            }),
        }
    }

    fn start_export(&mut self) {
        let Some(form) = self.transfer.export.clone() else {
            return;
        };
        let Some(loaded) = self.decks.get(form.deck) else {
            return;
        };
        let out = std::path::PathBuf::from(form.path.trim());
        if form.path.trim().is_empty() {
            self.notices
                .push(Notice::warning("Type the path of the file to write first."));
            return;
        }
        let deck = loaded.deck.clone();
        let deck_dir = (!loaded.bundled)
            .then(|| Path::new(&loaded.path).parent().map(Path::to_path_buf))
            .flatten();
        let reviews = match (
            &self.progress,
            form.with_history && form.format == interop::Format::Ron,
        ) {
            (Some(p), true) => Some(transfer::review_records(p, &deck)),
            _ => None,
        };
        let now_ms = self.now().unix_ms;
        self.transfer.export = None;
        self.jobs
            .spawn(format!("Exporting {}", deck.title), move |_| {
                JobDone::Exported(transfer::run_export(
                    &deck,
                    deck_dir.as_deref(),
                    form.format,
                    &out,
                    reviews.as_deref(),
                    now_ms,
                ))
            });
    }

    /// Opens the viewer on a diagram of a card; the gallery lists a diagram
    /// repeated on several cards once, so it is found by its text too.
    fn show_diagram(&mut self, card: CardRef, block: usize) {
        let Some(text) = self
            .diagram(DiagramRef { card, block })
            .map(|d| d.mermaid.trim().to_owned())
        else {
            return;
        };
        let find = |state: &Self| {
            state.diagrams.all.iter().position(|r| {
                r.card.deck == card.deck
                    && state.diagram(*r).is_some_and(|d| d.mermaid.trim() == text)
            })
        };
        if find(self).is_none() {
            // The card's deck is not in the gallery's scope: widen it.
            self.apply(Action::FocusDeck(Some(card.deck)));
        }
        if let Some(i) = find(self) {
            self.apply(Action::OpenDiagram(i));
        }
    }

    /// Lays out the open diagram and writes it as SVG or PNG, off the UI thread.
    fn export_diagram(&mut self, choose: Option<bool>) {
        let i = self.diagrams.selected;
        let (Some(r), Some(Ok(chart))) = (self.diagrams.all.get(i), self.diagrams.charts.get(i))
        else {
            self.notices
                .push(Notice::warning("Open a diagram that parses to export it."));
            return;
        };
        let title = self
            .diagram(*r)
            .map(|d| {
                if d.title.is_empty() {
                    "diagram".to_owned()
                } else {
                    d.title.clone()
                }
            })
            .unwrap_or_default();
        let path = match choose {
            Some(png) => {
                let ext = if png { "png" } else { "svg" };
                let name = format!("{}.{ext}", interop::slug::slug(&title, "diagram"));
                let picked = rfd::FileDialog::new()
                    .set_title("Export the diagram")
                    .add_filter(ext, &[ext])
                    .set_file_name(name)
                    .save_file();
                let Some(p) = picked else {
                    self.notices.push(Notice::warning(
                        "No file was chosen. If no dialog appeared, type a path ending in .svg or .png and press Save.",
                    ));
                    return;
                };
                p
            }
            None => std::path::PathBuf::from(self.diagrams.export_path.trim()),
        };
        let png = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("png") => true,
            Some(e) if e.eq_ignore_ascii_case("svg") => false,
            _ => {
                self.notices.push(Notice::warning(format!(
                    "Give the file name an .svg or .png ending: {}",
                    path.display()
                )));
                return;
            }
        };
        let chart = chart.clone();
        // The colours on screen (a "follow system" theme may be dark).
        let theme = if self.dark {
            crate::interop::picture::Theme::Dark
        } else {
            crate::interop::picture::Theme::Light
        };
        self.jobs.spawn(format!("Exporting {title}"), move |job| {
            job.note("Laying out");
            JobDone::Exported(vec![diagram_picture(&chart, theme, png, &path)])
        });
    }

    fn grade(&mut self, i: usize) {
        let Some(grade) = u8::try_from(i + 1).ok().and_then(Grade::from_number) else {
            return;
        };
        if !self.session.answer_shown {
            return;
        }
        let Some(key) = self.current_key() else {
            return;
        };
        let answer_ms = self.session.answer_time_ms(self.now());
        // The next card is the queue's first, even if this one stays in it.
        self.session.current = None;
        self.typed = ui::typed::TypedState::default();
        if self
            .record("save the answer", |p, now| {
                p.grade(&key, grade, answer_ms, now).map(Some)
            })
            .is_some()
        {
            self.session.count_answer(grade, answer_ms);
        }
    }

    fn undo(&mut self) {
        let Some(event) = self.record("undo", Progress::undo) else {
            return;
        };
        if let EventKind::Review(review) = &event.kind {
            self.session.uncount_answer(review.grade, review.answer_ms);
        }
        // Show the undone card's question again, as Anki does.
        let card = self.decks.iter().enumerate().find_map(|(d, loaded)| {
            (loaded.deck.id == event.card.deck())
                .then(|| {
                    loaded
                        .card_ids
                        .iter()
                        .position(|id| id == event.card.card())
                })
                .flatten()
                .map(|c| CardRef { deck: d, card: c })
        });
        if let Some(card) = card {
            let now = self.now();
            if let Some(p) = &self.progress {
                self.session
                    .show(p.collection(), card, event.card.as_str(), now);
            }
            self.typed = ui::typed::TypedState::default();
            self.session_card.clone_from(&self.session.current);
        }
    }

    /// Whether the help, a text field or nothing has the keyboard.
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
            (Key::S, Screen::Study),
            (Key::B, Screen::Browse),
            (Key::G, Screen::Diagrams),
            (Key::T, Screen::Statistics),
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
        self.dark = ctx.theme() == egui::Theme::Dark;
        let now = self.now();
        if self.progress.is_some() && now.unix_ms - self.session.built_at_ms >= REQUEUE_MS {
            // Time moved on: learning cards may be due, or a new day began.
            self.progress_changed();
        }
        if self.screen == Screen::Statistics
            && self.stats.is_none()
            && let Some(p) = &self.progress
        {
            self.stats = Some(stats::stats_view(
                p.collection(),
                &self.scope(),
                self.scope_title(),
                now,
            ));
        }

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
            Screen::Study => {
                let mut typed = std::mem::take(&mut self.typed);
                actions.extend(ui::study::study_ui(ui, &self.study_view(), &mut typed));
                self.typed = typed;
            }
            Screen::Browse => actions.extend(ui::browse::browse_ui(ui, self)),
            Screen::Diagrams => {
                egui::CentralPanel::default().show(ui, |ui| {
                    actions.extend(ui::diagrams::diagrams_ui(ui, self));
                });
            }
            Screen::Statistics => {
                egui::CentralPanel::default().show(ui, |ui| match &self.stats {
                    Some(view) => ui::stats::stats_ui(ui, view),
                    None => {
                        ui.label("Statistics appear once your progress is open.");
                    }
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
        if self.jobs.is_busy() || matches!(self.optimizer, Optimizer::Running(_)) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        } else if self.screen == Screen::Study && matches!(self.clock, Clock::System) {
            // Learning cards come due while the window is idle.
            ctx.request_repaint_after(std::time::Duration::from_secs(10));
        }
    }

    /// What the study screen shows.
    pub fn study_view(&self) -> ui::study::StudyView<'_> {
        let s = &self.session;
        let card = s.current.as_ref().and_then(|c| {
            let kind = match c.kind {
                crate::srs::QueueKind::New => ui::study::Kind::New,
                crate::srs::QueueKind::Learning => ui::study::Kind::Learning,
                crate::srs::QueueKind::Review => ui::study::Kind::Review,
            };
            self.card(c.card).map(|card| (c.card, card, kind))
        });
        let mut next = s.next.clone();
        if self.progress.is_none() && !self.loading {
            next = vec![
                "Studying is off: your progress could not be opened (see the message below)."
                    .to_owned(),
            ];
        }
        ui::study::StudyView {
            deck_title: self.scope_title(),
            card,
            answer_shown: s.answer_shown,
            intervals: s.intervals.clone(),
            remaining: s.remaining,
            answered: s.answered,
            by_grade: s.by_grade,
            seconds: s.answer_ms / 1000,
            can_undo: self
                .progress
                .as_ref()
                .is_some_and(|p| p.undo_target().is_some()),
            next,
        }
    }

    fn screen_keys(&self, ctx: &egui::Context) -> Option<Action> {
        match self.screen {
            Screen::Study => ui::study::study_keys(ctx, &self.study_view()),
            Screen::Browse => ui::browse::browse_keys(ctx, self),
            Screen::Diagrams => ui::diagrams::diagrams_keys(ctx, self),
            Screen::Decks | Screen::Settings | Screen::Statistics => None,
        }
    }

    /// Whether the optimiser may run (enough long-term reviews).
    pub fn can_optimize(&self) -> bool {
        self.training_reviews >= MIN_REVIEWS_TO_OPTIMIZE
    }
}

/// Lays out `chart` and writes it to `path` as PNG (2 px per unit) or SVG.
fn diagram_picture(
    chart: &crate::mermaid::Flowchart,
    theme: crate::interop::picture::Theme,
    png: bool,
    path: &Path,
) -> Notice {
    use crate::interop::picture;
    use crate::layout::{self, LayoutOptions, Sizes};
    let font = match picture::TextFont::new() {
        Ok(f) => f,
        Err(err) => return Notice::error(err.to_string()),
    };
    let sizes = Sizes::measure(chart, &|l, k| font.measure(l, k));
    let laid = layout::layout_sized(chart, &sizes, &LayoutOptions::default());
    let bytes = if png {
        match picture::png(chart, &laid, theme, 2.0) {
            Ok(b) => b,
            Err(err) => return Notice::error(format!("The picture could not be drawn: {err}")),
        }
    } else {
        picture::svg(chart, &laid, theme).into_bytes()
    };
    match std::fs::write(path, bytes) {
        Ok(()) => Notice {
            level: Level::Info,
            message: format!("Diagram exported as {}.", if png { "PNG" } else { "SVG" }),
            location: Some(path.display().to_string()),
        },
        Err(err) => Notice::error(format!(
            "The diagram could not be written ({err}); check the folder exists and is writable: {}",
            path.display()
        )),
    }
}

/// Sorts "Q2" before "Q10".
fn source_key(source: &str) -> (String, u64) {
    let digits: String = source.chars().filter(char::is_ascii_digit).collect();
    let letters: String = source.chars().filter(|c| !c.is_ascii_digit()).collect();
    (letters.to_lowercase(), digits.parse().unwrap_or(u64::MAX))
}

/// Orders due dates: learning steps by time, reviews by day, new cards last.
fn due_key(due: &Due) -> (u8, i64) {
    match due {
        Due::At(ms) => (0, *ms),
        Due::Day(day) => (0, i64::from(day.0) * crate::srs::MS_PER_DAY),
        Due::New => (1, 0),
    }
}

/// The eframe application.
pub struct ArchdeckApp {
    state: AppState,
}

impl ArchdeckApp {
    /// Creates the app and starts loading decks and progress in the background.
    pub fn new(
        _ctx: &egui::Context,
        paths: Option<StorePaths>,
        theme: Option<ThemeChoice>,
        screen: Option<Screen>,
    ) -> Self {
        let mut state = AppState::new(Clock::System, paths);
        state.theme_override = theme;
        if let Some(theme) = theme {
            state.prefs.theme = theme;
        }
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
        let mut s = AppState::new(Clock::System, None);
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
        // A diagram repeated on several cards is listed once.
        let expected: usize = s
            .decks
            .iter()
            .map(|d| {
                let mut texts: Vec<&str> =
                    d.deck.diagrams().map(|(_, x)| x.mermaid.trim()).collect();
                texts.sort_unstable();
                texts.dedup();
                texts.len()
            })
            .sum();
        assert_eq!(s.diagrams.all.len(), expected);
        for r in &s.diagrams.all {
            assert!(s.diagram(*r).is_some());
        }
    }
}
