//! Today's study queue of a deck, with Anki's order and daily limits.

use super::collection::{BriefKind, Collection, DeckView};
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

/// A new card candidate: an id without events, or a card in state new.
enum NewCard<'a> {
    Id(&'a str),
    Known(u32),
}

/// One card of the deck, as the queue builder sees it.
enum Entry<'a> {
    /// Has a slot in the collection.
    Known(u32),
    /// No events yet: only its id.
    Unknown(&'a str),
}

impl Collection {
    /// Today's queue of deck `deck_id`, whose cards are `card_ids` in
    /// authoring order (new cards are introduced in this order), at `at`.
    /// Suspended and buried cards are left out; the deck's daily limits hold
    /// (new cards also count against the review limit, as in Anki's v3).
    ///
    /// Looks every key up; to rebuild the queue after each answer, make a
    /// [`DeckView`] once and use [`Collection::queue_view`].
    pub fn queue<'a>(
        &self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
        at: Moment,
    ) -> Queue {
        let mut key = String::with_capacity(deck_id.len() + 64);
        key.push_str(deck_id);
        key.push('/');
        let base = key.len();
        let entries = card_ids.into_iter().map(|id| {
            key.truncate(base);
            key.push_str(id);
            self.slot_of(&key).map_or(Entry::Unknown(id), Entry::Known)
        });
        self.build_queue(deck_id, entries, at)
    }

    /// Today's queue of a deck resolved in `view` (same rules as
    /// [`Collection::queue`]). A view made for another collection (before a
    /// reload) is resolved again by key, slowly; refresh it with
    /// [`Collection::refresh_view`].
    pub fn queue_view(&self, view: &DeckView, at: Moment) -> Queue {
        if self.owns_view(view) {
            let entries = view.slots().iter().map(|&slot| Entry::Known(slot));
            self.build_queue(view.deck_id(), entries, at)
        } else {
            self.queue(view.deck_id(), view.keys().iter().map(CardKey::card), at)
        }
    }

    fn build_queue<'a>(
        &self,
        deck_id: &str,
        entries: impl Iterator<Item = Entry<'a>>,
        at: Moment,
    ) -> Queue {
        let config = self.scheduler().config();
        let limits = config.limits(deck_id);
        let today = self.scheduler().day(at);
        let now = at.unix_ms;
        let ahead = now + i64::from(config.learn_ahead_minutes) * MS_PER_MINUTE;
        let start_of_today = today.start_ms(config.rollover_hour, at.utc_offset_minutes);

        let mut queue = Queue::default();
        let mut learning_now: Vec<(i64, u32)> = Vec::new();
        let mut learning_ahead: Vec<(i64, u32)> = Vec::new();
        let mut reviews: Vec<(i32, u32, u32)> = Vec::new();
        let mut new_cards: Vec<NewCard<'a>> = Vec::new();
        let new_cap = limits.new_per_day as usize;

        for entry in entries {
            let slot = match entry {
                Entry::Known(slot) => slot,
                Entry::Unknown(id) => {
                    if new_cards.len() < new_cap {
                        new_cards.push(NewCard::Id(id));
                    }
                    continue;
                }
            };
            let brief = self.slot_brief(slot);
            if brief.introduced_on == today.0 {
                queue.new_done_today += 1;
            }
            if brief.review_day == today.0 {
                queue.reviews_done_today += u32::from(brief.review_count);
            }
            if brief.suspended || brief.buried_on == today.0 {
                continue;
            }
            match brief.kind {
                BriefKind::New => {
                    if new_cards.len() < new_cap {
                        new_cards.push(NewCard::Known(slot));
                    }
                }
                BriefKind::Review => {
                    if brief.due <= i64::from(today.0) {
                        reviews.push((brief.due as i32, brief.order, slot));
                    }
                }
                BriefKind::StepAt => {
                    let ms = brief.due;
                    if ms <= now {
                        learning_now.push((ms, slot));
                    } else if ms <= ahead {
                        learning_ahead.push((ms, slot));
                    } else {
                        queue.next_learning_due_ms =
                            Some(queue.next_learning_due_ms.map_or(ms, |m| m.min(ms)));
                    }
                }
                BriefKind::StepDay => {
                    if brief.due <= i64::from(today.0) {
                        learning_now.push((start_of_today.min(now), slot));
                    }
                }
            }
        }

        learning_now.sort_unstable();
        learning_ahead.sort_unstable();
        let review_left = limits
            .reviews_per_day
            .saturating_sub(queue.reviews_done_today) as usize;
        // Only the first `review_left` in due order are shown: select them
        // (linear) before sorting, as most of a big backlog is left out.
        if reviews.len() > review_left {
            if review_left > 0 {
                reviews.select_nth_unstable(review_left - 1);
            }
            reviews.truncate(review_left);
        }
        reviews.sort_unstable();
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
