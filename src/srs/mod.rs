//! Spaced repetition: FSRS-6 inside Anki's conventions.
//!
//! - [`Scheduler`]: learning steps (default 1m 10m), relearning steps (10m),
//!   FSRS-6 review intervals at the desired retention (0.90 by default),
//!   deterministic fuzz, Hard < Good < Easy.
//! - [`Collection`]: every card's [`CardState`], derived by replaying the
//!   [`Event`]s of all devices; [`Collection::apply`] adds one event,
//!   [`Collection::queue`] builds today's [`Queue`] of a deck with its daily
//!   limits ([`Collection::deck_view`] + [`Collection::queue_view`] do it in
//!   milliseconds for 100,000 cards, after every answer),
//!   [`Collection::preview`] gives the answer buttons' labels,
//!   [`Collection::stats`] the statistics screen's figures,
//!   [`Collection::undo_target`] the event an undo would void.
//! - [`OptimizeJob`]: fits FSRS parameters to the history off the UI thread.
//!
//! Nothing here reads the clock or touches files: time comes in as a
//! [`Moment`] and events come from (and go to) `crate::store`, whose
//! `Progress` joins the two for the app.
//!
//! ```
//! use archdeck::srs::{
//!     CardKey, Collection, DeviceId, Event, EventId, EventKind, Grade, Moment, Phase,
//!     QueueKind, Scheduler, SchedulerConfig,
//! };
//!
//! let scheduler = Scheduler::new(SchedulerConfig::default()).expect("defaults are valid");
//! let mut collection = Collection::replay(scheduler, Vec::new());
//! let now = Moment::new(1_767_250_800_000, 60); // 2026-01-01 08:00 CET
//!
//! // Today's queue of a deck: new cards in authoring order.
//! let queue = collection.queue("system-design-1", ["q1", "q2"], now);
//! assert_eq!(queue.counts.new, 2);
//! let card = queue.first().expect("a card to show").key.clone();
//! assert_eq!(queue.first().map(|c| c.kind), Some(QueueKind::New));
//!
//! // Labels of the answer buttons, before answering.
//! let labels = collection.preview(card.as_str(), now).map(|n| n.label);
//! assert_eq!(labels[2], "<10m");
//!
//! // Answering is an event; `store::Progress::grade` writes it (fsynced)
//! // and applies it. Here it is applied directly.
//! let device = DeviceId::parse("laptop").expect("valid id");
//! collection.apply(Event {
//!     id: EventId { device: device.clone(), seq: 1 },
//!     at: now,
//!     card: card.clone(),
//!     kind: EventKind::review(Grade::Good, 5_400),
//! });
//! let state = collection.state(card.as_str()).expect("answered");
//! assert_eq!(state.phase, Phase::Learning { step: 1 });
//!
//! // Undo is an event too; the card returns to exactly its prior state.
//! let target = collection.undo_target(&device).expect("something to undo").id.clone();
//! collection.apply(Event {
//!     id: EventId { device, seq: 2 },
//!     at: now,
//!     card: card.clone(),
//!     kind: EventKind::Undo { target },
//! });
//! assert_eq!(collection.state_or_new(card.as_str()), archdeck::srs::CardState::new());
//! ```

mod card;
mod collection;
mod config;
mod event;
mod fsrs6;
mod fuzz;
mod grade;
mod key;
mod optimize;
mod queue;
mod scheduler;
mod stats;
pub mod synth;
mod time;

pub use card::{CardState, Due, Phase};
pub use collection::{Collection, DeckView};
pub use config::{ConfigError, DailyLimits, RETENTION_RANGE, SchedulerConfig};
pub use event::{Event, EventId, EventKind, Review, SchedulerTag};
pub use fsrs6::{InvalidParameters, Memory, Weights};
pub use grade::Grade;
pub use key::{CardKey, DeviceId, KeyError};
pub use optimize::{
    MIN_REVIEWS_TO_OPTIMIZE, OptimizeError, OptimizeJob, OptimizeResult, ProgressHandle,
    TrainingSet, optimize,
};
pub use queue::{Queue, QueueCounts, QueueKind, QueuedCard};
pub use scheduler::{ConfigErrors, NextInterval, Scheduler};
pub use stats::{DayReviews, FORECAST_DAYS, RETENTION_DAYS, Retention, StateCounts, Stats};
pub use time::{
    Day, MAX_UTC_OFFSET_MINUTES, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, Moment, Wait,
    format_interval,
};
