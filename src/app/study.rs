//! The study session: which card is shown, whether its answer is, the
//! answer buttons' intervals and the session's counters. Built from the
//! scheduler's queue, recomputed after each answer and when time moves on,
//! never per frame.

use crate::srs::{Collection, Grade, Moment, Phase, QueueKind, format_interval};

use super::CardRef;

/// The card on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    /// Where it is in the loaded decks.
    pub card: CardRef,
    /// Its progress key (`deck/card`).
    pub key: String,
    /// Why it is shown.
    pub kind: QueueKind,
}

/// One deck's part of a study scope: its index, id and card ids in order.
#[derive(Debug, Clone, Copy)]
pub struct ScopeDeck<'a> {
    /// Index into the loaded decks.
    pub index: usize,
    /// The deck's id.
    pub id: &'a str,
    /// Its cards' ids in authoring order.
    pub card_ids: &'a [String],
}

/// A study session over one deck or all decks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    /// The card shown, if anything is left.
    pub current: Option<Current>,
    /// Whether its answer is shown.
    pub answer_shown: bool,
    /// When the question appeared (ms since the epoch), for the answer time.
    pub shown_at_ms: i64,
    /// Answer button labels, Again..Easy.
    pub intervals: [String; 4],
    /// Left today: new, learning, review.
    pub remaining: [usize; 3],
    /// Answers given in this session.
    pub answered: usize,
    /// Answers by grade in this session.
    pub by_grade: [u32; 4],
    /// Time spent answering in this session, in ms.
    pub answer_ms: u64,
    /// When nothing is left: what comes next.
    pub next: Vec<String>,
    /// The moment the queue was built (ms), to rebuild it when time moves on.
    pub built_at_ms: i64,
}

/// Longest time counted for one answer (Anki caps it at 60 s too), in ms.
pub const MAX_ANSWER_MS: i64 = 60_000;

impl Session {
    /// Rebuilds the queue at `now` and picks the card to show. Keeps the
    /// current card (and whether its answer is shown) if it is still first.
    pub fn rebuild(&mut self, collection: &Collection, scope: &[ScopeDeck<'_>], now: Moment) {
        self.built_at_ms = now.unix_ms;
        let mut remaining = [0usize; 3];
        let mut first: Option<Current> = None;
        let mut keep_current = false;
        let mut next_learning: Option<i64> = None;
        for deck in scope {
            let queue = collection.queue(deck.id, deck.card_ids.iter().map(String::as_str), now);
            remaining[0] += queue.counts.new;
            remaining[1] += queue.counts.learning;
            remaining[2] += queue.counts.review;
            if let Some(current) = &self.current
                && let Some(q) = queue.cards.iter().find(|q| q.key.as_str() == current.key)
            {
                keep_current = true;
                if let Some(c) = self.current.as_mut() {
                    c.kind = q.kind;
                }
            }
            if let Some(ms) = queue.next_learning_due_ms {
                next_learning = Some(next_learning.map_or(ms, |n: i64| n.min(ms)));
            }
            if first.is_none()
                && let Some(q) = queue.first()
            {
                let card_id = q.key.card();
                if let Some(card) = deck.card_ids.iter().position(|id| id == card_id) {
                    first = Some(Current {
                        card: CardRef {
                            deck: deck.index,
                            card,
                        },
                        key: q.key.as_str().to_owned(),
                        kind: q.kind,
                    });
                }
            }
        }
        self.remaining = remaining;
        // The card on screen stays until answered (as in Anki), unless it left the queue.
        if !keep_current && first != self.current {
            self.current = first;
            self.answer_shown = false;
            self.shown_at_ms = now.unix_ms;
        }
        self.intervals = match &self.current {
            Some(c) => collection.preview(&c.key, now).map(|n| n.label),
            None => Default::default(),
        };
        self.next = if self.current.is_some() {
            Vec::new()
        } else {
            what_next(collection, scope, now, next_learning)
        };
    }

    /// Shows `card` (e.g. after an undo) with its answer hidden.
    pub fn show(&mut self, collection: &Collection, card: CardRef, key: &str, now: Moment) {
        let kind = match collection.state(key).map(|s| s.phase) {
            None | Some(Phase::New) => QueueKind::New,
            Some(Phase::Learning { .. } | Phase::Relearning { .. }) => QueueKind::Learning,
            Some(Phase::Review) => QueueKind::Review,
        };
        self.current = Some(Current {
            card,
            key: key.to_owned(),
            kind,
        });
        self.answer_shown = false;
        self.shown_at_ms = now.unix_ms;
        self.intervals = collection.preview(key, now).map(|n| n.label);
        self.next.clear();
    }

    /// How long the current question has been shown, capped, in ms.
    pub fn answer_time_ms(&self, now: Moment) -> u32 {
        u32::try_from((now.unix_ms - self.shown_at_ms).clamp(0, MAX_ANSWER_MS)).unwrap_or(0)
    }

    /// Counts an answer in the session totals.
    pub fn count_answer(&mut self, grade: Grade, answer_ms: u32) {
        self.answered += 1;
        self.by_grade[grade.index()] += 1;
        self.answer_ms += u64::from(answer_ms);
    }

    /// Takes an answer back out of the session totals (after an undo).
    pub fn uncount_answer(&mut self, grade: Grade, answer_ms: u32) {
        self.answered = self.answered.saturating_sub(1);
        let slot = &mut self.by_grade[grade.index()];
        *slot = slot.saturating_sub(1);
        self.answer_ms = self.answer_ms.saturating_sub(u64::from(answer_ms));
    }
}

/// The end-of-session lines: when learning cards come back, and what is
/// due tomorrow.
fn what_next(
    collection: &Collection,
    scope: &[ScopeDeck<'_>],
    now: Moment,
    next_learning_ms: Option<i64>,
) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(ms) = next_learning_ms {
        let wait = crate::srs::Wait::Seconds(((ms - now.unix_ms) / 1000).max(0));
        lines.push(format!(
            "Learning cards come back in {}.",
            format_interval(wait, 0).trim_start_matches('<')
        ));
    }
    let mut tomorrow = 0u32;
    for deck in scope {
        let stats = collection.stats(deck.id, deck.card_ids.iter().map(String::as_str), now, 1);
        tomorrow += stats.forecast.get(1).copied().unwrap_or(0);
    }
    let rollover = collection.scheduler().config().rollover_hour;
    lines.push(match tomorrow {
        0 => format!("No reviews are due tomorrow (the day starts at {rollover}:00)."),
        1 => format!("1 review is due tomorrow (the day starts at {rollover}:00)."),
        n => format!("{n} reviews are due tomorrow (the day starts at {rollover}:00)."),
    });
    lines
}
