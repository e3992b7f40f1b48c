//! Today's study queue of a deck, with Anki's order and daily limits.

use super::card::{Due, Phase};
use super::collection::Collection;
use super::fuzz::stable_hash;
use super::key::CardKey;
use super::time::{MS_PER_MINUTE, Moment};

/// Why a card is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueKind {
    /// In (re)learning steps.
    Learning,
    /// A review due today or earlier.
    Review,
    /// A new card.
    New,
}

/// A card to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedCard {
    /// Its key.
    pub key: CardKey,
    /// Why it is shown.
    pub kind: QueueKind,
}

/// How many cards of each kind are queued (the counts under the card).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// New cards.
    pub new: usize,
    /// (Re)learning cards, including those shown early (learn-ahead).
    pub learning: usize,
    /// Reviews.
    pub review: usize,
}

/// Today's queue of one deck.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    /// Cards in study order: learning cards due now first, then reviews with
    /// new cards spread evenly among them, then learning cards due within the
    /// learn-ahead limit. The first card is the one to show.
    pub cards: Vec<QueuedCard>,
    /// Cards by kind.
    pub counts: QueueCounts,
    /// New cards introduced today (against the new limit).
    pub new_done_today: u32,
    /// Review-phase answers today (against the review limit).
    pub reviews_done_today: u32,
    /// When the next learning card beyond the learn-ahead limit comes due
    /// (ms since the epoch), for "come back in 25 minutes".
    pub next_learning_due_ms: Option<i64>,
}

impl Queue {
    /// The card to show next.
    pub fn first(&self) -> Option<&QueuedCard> {
        self.cards.first()
    }

    /// Whether nothing is left to study now.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }
}

/// A new card candidate: an id without events, or a reset card.
enum NewCard<'a> {
    Id(&'a str),
    Known(u32),
}

impl Collection {
    /// Today's queue of deck `deck_id`, whose cards are `card_ids` in
    /// authoring order (new cards are introduced in this order), at `at`.
    /// Suspended and buried cards are left out; the deck's daily limits hold
    /// (new cards also count against the review limit, as in Anki's v3).
    pub fn queue<'a>(
        &self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
        at: Moment,
    ) -> Queue {
        let config = self.scheduler().config();
        let limits = config.limits(deck_id);
        let today = self.scheduler().day(at);
        let now = at.unix_ms;
        let ahead = now + i64::from(config.learn_ahead_minutes) * MS_PER_MINUTE;
        let start_of_today = today.start_ms(config.rollover_hour, at.utc_offset_minutes);

        let mut key = String::with_capacity(deck_id.len() + 64);
        key.push_str(deck_id);
        key.push('/');
        let base = key.len();

        let mut queue = Queue::default();
        let mut learning_now: Vec<(i64, u32)> = Vec::new();
        let mut learning_ahead: Vec<(i64, u32)> = Vec::new();
        let mut reviews: Vec<(i32, u64, u32)> = Vec::new();
        let mut new_cards: Vec<NewCard<'a>> = Vec::new();
        let new_cap = limits.new_per_day as usize;

        for id in card_ids {
            key.truncate(base);
            key.push_str(id);
            let Some(slot) = self.slot_of(&key) else {
                if new_cards.len() < new_cap {
                    new_cards.push(NewCard::Id(id));
                }
                continue;
            };
            let state = self.slot_state(slot);
            if state.introduced_on == Some(today) {
                queue.new_done_today += 1;
            }
            queue.reviews_done_today += state.review_answers_on(today);
            if state.suspended || state.is_buried(today) {
                continue;
            }
            match (state.phase, state.due) {
                (Phase::New, _) if new_cards.len() < new_cap => {
                    new_cards.push(NewCard::Known(slot));
                }
                (Phase::Review, Due::Day(day)) if day <= today => {
                    reviews.push((day.0, stable_hash(&key), slot));
                }
                (Phase::Learning { .. } | Phase::Relearning { .. }, Due::At(ms)) => {
                    if ms <= now {
                        learning_now.push((ms, slot));
                    } else if ms <= ahead {
                        learning_ahead.push((ms, slot));
                    } else {
                        queue.next_learning_due_ms =
                            Some(queue.next_learning_due_ms.map_or(ms, |m| m.min(ms)));
                    }
                }
                (Phase::Learning { .. } | Phase::Relearning { .. }, Due::Day(day))
                    if day <= today =>
                {
                    learning_now.push((start_of_today.min(now), slot));
                }
                _ => {}
            }
        }

        learning_now.sort_unstable();
        learning_ahead.sort_unstable();
        reviews.sort_unstable();
        let review_left = limits
            .reviews_per_day
            .saturating_sub(queue.reviews_done_today) as usize;
        reviews.truncate(review_left);
        let new_left = (limits.new_per_day.saturating_sub(queue.new_done_today) as usize)
            .min(review_left - reviews.len());
        new_cards.truncate(new_left);

        let learning = |slot: u32| QueuedCard {
            key: self.slot_key(slot).clone(),
            kind: QueueKind::Learning,
        };
        queue
            .cards
            .extend(learning_now.iter().map(|&(_, slot)| learning(slot)));
        // Spread new cards evenly among the reviews: review i sits at
        // (i + 1) / (r + 1), new card j at (j + 1) / (n + 1).
        let (r, n) = (reviews.len(), new_cards.len());
        let (mut i, mut j) = (0, 0);
        while i < r || j < n {
            let review_first = j >= n || (i < r && (i + 1) * (n + 1) <= (j + 1) * (r + 1));
            if review_first {
                queue.cards.push(QueuedCard {
                    key: self.slot_key(reviews[i].2).clone(),
                    kind: QueueKind::Review,
                });
                i += 1;
            } else {
                let key = match new_cards[j] {
                    NewCard::Known(slot) => Some(self.slot_key(slot).clone()),
                    NewCard::Id(id) => CardKey::new(deck_id, id).ok(),
                };
                if let Some(key) = key {
                    queue.cards.push(QueuedCard {
                        key,
                        kind: QueueKind::New,
                    });
                }
                j += 1;
            }
        }
        queue
            .cards
            .extend(learning_ahead.iter().map(|&(_, slot)| learning(slot)));
        for card in &queue.cards {
            match card.kind {
                QueueKind::Learning => queue.counts.learning += 1,
                QueueKind::Review => queue.counts.review += 1,
                QueueKind::New => queue.counts.new += 1,
            }
        }
        queue
    }
}
