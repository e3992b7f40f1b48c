//! Events: what the review log records. Card state is derived from them.

use std::cmp::Ordering;
use std::fmt;

use super::grade::Grade;
use super::key::{CardKey, DeviceId};
use super::time::Moment;

/// A record's unique id: the device that wrote it and its sequence number in
/// that device's log (1, 2, 3, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId {
    /// The device that wrote the record.
    pub device: DeviceId,
    /// Position in that device's log, from 1.
    pub seq: u64,
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.device, self.seq)
    }
}

/// Which scheduler graded a review (kept for the record; replay always uses
/// the current scheduler).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SchedulerTag {
    /// FSRS-6 as implemented here.
    Fsrs6,
    /// Any other scheduler name found in a log.
    Other(Box<str>),
}

impl SchedulerTag {
    /// The tag as written in the log.
    pub fn as_str(&self) -> &str {
        match self {
            SchedulerTag::Fsrs6 => "fsrs-6",
            SchedulerTag::Other(s) => s,
        }
    }

    /// The tag for a name read from a log.
    pub fn from_name(name: &str) -> Self {
        if name == "fsrs-6" {
            SchedulerTag::Fsrs6
        } else {
            SchedulerTag::Other(name.into())
        }
    }
}

/// An answer to a card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Review {
    /// The button pressed.
    pub grade: Grade,
    /// Time from showing the question to answering, in milliseconds.
    pub answer_ms: u32,
    /// The scheduler in use when answering.
    pub scheduler: SchedulerTag,
}

/// What happened to a card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The card was answered.
    Review(Review),
    /// The card was hidden until the next day.
    Bury,
    /// The card was taken out of study until unsuspended.
    Suspend,
    /// A suspended card was put back.
    Unsuspend,
    /// The card was made new again (its earlier reviews stay in the log).
    Reset,
    /// An earlier event (of the same card) is void. Undo is an event, not a
    /// deletion, so it survives restarts and merges across devices.
    Undo {
        /// The voided event.
        target: EventId,
    },
}

impl EventKind {
    /// An answer graded now by the FSRS-6 scheduler.
    pub fn review(grade: Grade, answer_ms: u32) -> Self {
        EventKind::Review(Review {
            grade,
            answer_ms,
            scheduler: SchedulerTag::Fsrs6,
        })
    }

    /// The name written in the log's `ev` field.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Review(_) => "review",
            EventKind::Bury => "bury",
            EventKind::Suspend => "suspend",
            EventKind::Unsuspend => "unsuspend",
            EventKind::Reset => "reset",
            EventKind::Undo { .. } => "undo",
        }
    }

    /// Whether the user can undo an event of this kind.
    pub fn is_undoable(&self) -> bool {
        !matches!(self, EventKind::Undo { .. })
    }

    /// A short description for an undo button ("Good", "Bury", ...).
    pub fn describe(&self) -> String {
        match self {
            EventKind::Review(r) => format!("answer {}", r.grade),
            EventKind::Bury => "bury".to_owned(),
            EventKind::Suspend => "suspend".to_owned(),
            EventKind::Unsuspend => "unsuspend".to_owned(),
            EventKind::Reset => "reset".to_owned(),
            EventKind::Undo { target } => format!("undo of {target}"),
        }
    }
}

/// One record of the review log.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Event {
    /// Unique id.
    pub id: EventId,
    /// When it happened, with the local UTC offset then.
    pub at: Moment,
    /// The card it concerns.
    pub card: CardKey,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// The total order of replay: time, then device, then sequence. Every
    /// device sorts a merged history the same way.
    pub fn replay_order(&self, other: &Event) -> Ordering {
        self.at
            .unix_ms
            .cmp(&other.at.unix_ms)
            .then_with(|| self.id.device.cmp(&other.id.device))
            .then_with(|| self.id.seq.cmp(&other.id.seq))
    }

    /// The review, if this event is an answer.
    pub fn review(&self) -> Option<&Review> {
        match &self.kind {
            EventKind::Review(r) => Some(r),
            _ => None,
        }
    }
}
