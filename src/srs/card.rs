//! The state of one card, derived from its events.

use super::fsrs6::Memory;
use super::time::{Day, Moment};

/// Where a card is in its life, as in Anki.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Never answered (or reset).
    New,
    /// In the learning steps, at step `step` (0-based).
    Learning {
        /// Current learning step.
        step: u16,
    },
    /// Graduated: due on a day.
    Review,
    /// Forgotten, in the relearning steps.
    Relearning {
        /// Current relearning step.
        step: u16,
    },
}

impl Phase {
    /// Whether the card is in (re)learning steps.
    pub const fn is_learning(self) -> bool {
        matches!(self, Phase::Learning { .. } | Phase::Relearning { .. })
    }
}

/// When a card is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Due {
    /// A new card: shown when the daily new limit allows.
    New,
    /// A (re)learning step: due at this time (ms since the epoch).
    At(i64),
    /// A review, or a learning step of a day or more: due on this day.
    Day(Day),
}

/// Everything the scheduler knows about a card. Derived by replaying the
/// card's events; two replays of the same events give equal states.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    /// Learning phase.
    pub phase: Phase,
    /// When it is due.
    pub due: Due,
    /// FSRS memory (None until first answered).
    pub memory: Option<Memory>,
    /// The last review interval scheduled, in days (0 before graduating).
    pub interval_days: u32,
    /// When it was last answered.
    pub last_answer: Option<Moment>,
    /// Answers since it was new.
    pub reps: u32,
    /// Times it was forgotten in the review phase.
    pub lapses: u32,
    /// Suspended cards are never shown.
    pub suspended: bool,
    /// Buried on this day: hidden until the next day starts.
    pub buried_on: Option<Day>,
    /// The day it was first answered (counts against that day's new limit).
    pub introduced_on: Option<Day>,
    /// The day of its last answer in the review phase and how many such
    /// answers it had that day (counts against the review limit).
    pub review_answers: Option<(Day, u32)>,
}

impl Default for CardState {
    fn default() -> Self {
        Self::new()
    }
}

impl CardState {
    /// A card never answered.
    pub const fn new() -> Self {
        Self {
            phase: Phase::New,
            due: Due::New,
            memory: None,
            interval_days: 0,
            last_answer: None,
            reps: 0,
            lapses: 0,
            suspended: false,
            buried_on: None,
            introduced_on: None,
            review_answers: None,
        }
    }

    /// Whether the card is buried on `today`.
    pub fn is_buried(&self, today: Day) -> bool {
        self.buried_on == Some(today)
    }

    /// Review-phase answers given on `day`.
    pub fn review_answers_on(&self, day: Day) -> u32 {
        match self.review_answers {
            Some((d, n)) if d == day => n,
            _ => 0,
        }
    }
}
