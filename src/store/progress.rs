//! The user's progress as the app sees it: settings, this device's log and
//! the derived card states, kept in step.

use super::error::{StoreError, Warning};
use super::paths::StorePaths;
use super::reviews::{Store, read_events};
use super::settings::Settings;
use crate::srs::{
    CardKey, CardState, Collection, DeckView, DeviceId, Event, EventKind, Grade,
    MIN_REVIEWS_TO_OPTIMIZE, Moment, NextInterval, OptimizeError, OptimizeJob, Queue, Scheduler,
    Stats, TrainingSet,
};

/// Settings, review logs and card states of one data folder.
///
/// Every change goes to the log first (written and fsynced) and only then to
/// the card states, so when a method returns `Ok` the change survives a crash
/// and the UI may show the next card. On `Err` nothing changed.
///
/// ```no_run
/// use archdeck::srs::{Grade, Moment};
/// use archdeck::store::{Progress, StorePaths};
///
/// let paths = StorePaths::from_env().expect("a data folder");
/// // The app reads the local time at its edge: Moment::from_datetime(&local).
/// let now = Moment::new(1_767_600_000_000, 60);
/// let (mut progress, warnings) = Progress::open(&paths, now)?;
/// for w in &warnings {
///     eprintln!("warning: {w}");
/// }
/// let queue = progress.queue("system-design-1", ["q1-overview", "q2-availability"], now);
/// if let Some(card) = queue.first() {
///     let labels = progress.preview(&card.key, now).map(|n| n.label);
///     println!("{}: {}", card.key, labels.join(" | "));
///     progress.grade(&card.key, Grade::Good, 6_000, now)?;
/// }
/// progress.undo(now)?;
/// # Ok::<(), archdeck::store::StoreError>(())
/// ```
#[derive(Debug)]
pub struct Progress {
    store: Store,
    settings: Settings,
    collection: Collection,
}

impl Progress {
    /// Opens the data folder: settings (defaults if missing; a corrupt file
    /// is kept aside with a warning), every device's log, and replays them.
    pub fn open(paths: &StorePaths, now: Moment) -> Result<(Self, Vec<Warning>), StoreError> {
        // The store first: it takes the lock, so a second process stops
        // before touching anything (such as moving bad settings aside).
        let opened = Store::open(paths, now)?;
        let (settings, mut warnings) = Settings::load(&paths.data_dir, now)?;
        let scheduler = scheduler_for(&settings, &paths.data_dir)?;
        warnings.extend(opened.warnings);
        let collection = Collection::replay(scheduler, opened.events);
        Ok((
            Self {
                store: opened.store,
                settings,
                collection,
            },
            warnings,
        ))
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Validates, saves (atomically) and applies new settings; card states
    /// are recomputed with the new scheduler.
    pub fn set_settings(&mut self, settings: Settings) -> Result<(), StoreError> {
        let scheduler = scheduler_for(&settings, self.store.data_dir())?;
        settings.save(self.store.data_dir())?;
        if settings.study != self.settings.study {
            self.collection.set_scheduler(scheduler);
        }
        self.settings = settings;
        Ok(())
    }

    /// Card states and the merged history.
    pub fn collection(&self) -> &Collection {
        &self.collection
    }

    /// The log store (this device's id and log path).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// This device's id.
    pub fn device(&self) -> &DeviceId {
        self.store.device()
    }

    /// The state of a card (a new card's state if it was never answered).
    pub fn state(&self, key: &CardKey) -> CardState {
        self.collection.state_or_new(key.as_str())
    }

    /// Today's queue of a deck; see [`Collection::queue`].
    pub fn queue<'a>(
        &self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
        now: Moment,
    ) -> Queue {
        self.collection.queue(deck_id, card_ids, now)
    }

    /// Resolves a deck's cards once (cheap to keep per open deck) so that
    /// [`Progress::queue_view`] can rebuild the queue after every answer
    /// quickly, even for 100,000 cards.
    pub fn deck_view<'a>(
        &mut self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
    ) -> DeckView {
        self.collection.deck_view(deck_id, card_ids)
    }

    /// Today's queue of the deck in `view` (refreshed first if a reload or
    /// settings change made it stale).
    pub fn queue_view(&mut self, view: &mut DeckView, now: Moment) -> Queue {
        self.collection.refresh_view(view);
        self.collection.queue_view(view, now)
    }

    /// The four answer buttons' waits and labels for a card.
    pub fn preview(&self, key: &CardKey, now: Moment) -> [NextInterval; 4] {
        self.collection.preview(key.as_str(), now)
    }

    /// Statistics of a deck; see [`Collection::stats`].
    pub fn stats<'a>(
        &self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
        now: Moment,
        history_days: u32,
    ) -> Stats {
        self.collection.stats(deck_id, card_ids, now, history_days)
    }

    /// Records an answer (fsynced) and updates the card.
    pub fn grade(
        &mut self,
        key: &CardKey,
        grade: Grade,
        answer_ms: u32,
        now: Moment,
    ) -> Result<Event, StoreError> {
        self.record(key, EventKind::review(grade, answer_ms), now)
    }

    /// Hides a card until the next day.
    pub fn bury(&mut self, key: &CardKey, now: Moment) -> Result<Event, StoreError> {
        self.record(key, EventKind::Bury, now)
    }

    /// Takes a card out of study.
    pub fn suspend(&mut self, key: &CardKey, now: Moment) -> Result<Event, StoreError> {
        self.record(key, EventKind::Suspend, now)
    }

    /// Puts a suspended card back.
    pub fn unsuspend(&mut self, key: &CardKey, now: Moment) -> Result<Event, StoreError> {
        self.record(key, EventKind::Unsuspend, now)
    }

    /// Makes a card new again (its history stays in the log).
    pub fn reset(&mut self, key: &CardKey, now: Moment) -> Result<Event, StoreError> {
        self.record(key, EventKind::Reset, now)
    }

    /// What [`Progress::undo`] would undo: this device's latest event that
    /// still counts (for an "Undo Good" menu label).
    pub fn undo_target(&self) -> Option<&Event> {
        self.collection.undo_target(self.store.device())
    }

    /// Undoes this device's latest action that still counts (an answer,
    /// bury, suspend, unsuspend or reset) by recording an undo event; call
    /// again to undo the one before. Returns the undone event, or `None` if
    /// there is nothing to undo. The card returns to exactly its prior state.
    pub fn undo(&mut self, now: Moment) -> Result<Option<Event>, StoreError> {
        let Some(target) = self.undo_target().cloned() else {
            return Ok(None);
        };
        self.record(
            &target.card,
            EventKind::Undo {
                target: target.id.clone(),
            },
            now,
        )?;
        Ok(Some(target))
    }

    /// Starts fitting FSRS parameters to this history on a background
    /// thread, or says why not (fewer than 400 long-term reviews).
    pub fn start_optimizer(&self) -> Result<OptimizeJob, OptimizeError> {
        let set = TrainingSet::from_collection(&self.collection);
        if set.len() < MIN_REVIEWS_TO_OPTIMIZE {
            return Err(OptimizeError::NotEnoughReviews {
                have: set.len(),
                need: MIN_REVIEWS_TO_OPTIMIZE,
            });
        }
        let study = &self.settings.study;
        Ok(OptimizeJob::spawn(
            set,
            study.fsrs_parameters.clone(),
            study.relearning_steps_minutes.len(),
        ))
    }

    /// Uses (and saves) new FSRS parameters, e.g. an optimiser's result the
    /// user accepted.
    pub fn set_fsrs_parameters(&mut self, parameters: Vec<f32>) -> Result<(), StoreError> {
        let mut settings = self.settings.clone();
        settings.study.fsrs_parameters = parameters;
        self.set_settings(settings)
    }

    /// Re-reads every log (after a file-sync tool brought other devices'
    /// reviews) and replays them.
    pub fn reload(&mut self, now: Moment) -> Result<Vec<Warning>, StoreError> {
        let (events, warnings) = read_events(self.store.data_dir(), now)?;
        self.collection = Collection::replay(self.collection.scheduler().clone(), events);
        Ok(warnings)
    }

    fn record(&mut self, key: &CardKey, kind: EventKind, now: Moment) -> Result<Event, StoreError> {
        let event = self.store.append(now, key.clone(), kind)?;
        self.collection.apply(event.clone());
        Ok(event)
    }
}

fn scheduler_for(settings: &Settings, data_dir: &std::path::Path) -> Result<Scheduler, StoreError> {
    let problems = settings.problems();
    if !problems.is_empty() {
        return Err(StoreError::InvalidSettings {
            path: Settings::path(data_dir),
            message: problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    Scheduler::new(settings.study.clone()).map_err(|e| StoreError::InvalidSettings {
        path: Settings::path(data_dir),
        message: e.to_string(),
    })
}
