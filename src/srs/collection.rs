//! Card states derived by replaying the review log.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use foldhash::{HashMap, HashSet};

use super::card::{CardState, Due, Phase};
use super::event::{Event, EventId, EventKind};
use super::fuzz::{key_seed, order_of};
use super::key::{CardKey, DeviceId};
use super::scheduler::{NextInterval, Scheduler};
use super::time::Moment;

/// One card: its key and the indices of its events (into
/// `Collection::events`, in replay order; undo events excluded). Its state
/// lives in `Collection::states` at the same index, densely, for fast queues.
#[derive(Debug, Clone)]
struct Slot {
    key: CardKey,
    /// `fuzz::key_seed` of the key: seeds its fuzz and same-day order.
    seed: u64,
    history: Vec<u32>,
}

/// What the queue needs of a card, packed (32 bytes) and stored densely so
/// that scanning 100,000 cards stays within the CPU caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Brief {
    /// Ms (learning at a time) or day number (review, day-long step).
    pub due: i64,
    /// Orders reviews due the same day: a stable hash of the key.
    pub order: u32,
    /// Day buried on, or `i32::MIN`.
    pub buried_on: i32,
    /// Day first answered, or `i32::MIN`.
    pub introduced_on: i32,
    /// Day of the last review-phase answers and how many there were.
    pub review_day: i32,
    pub review_count: u16,
    pub kind: BriefKind,
    pub suspended: bool,
}

/// A card's queue kind, as [`Brief`] records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BriefKind {
    New,
    /// (Re)learning, due at a time (ms).
    StepAt,
    /// (Re)learning, due on a day.
    StepDay,
    /// Review, due on a day.
    Review,
}

impl Brief {
    fn of(state: &CardState, order: u32) -> Self {
        let (kind, due) = match (state.phase, state.due) {
            (Phase::Review, Due::Day(d)) => (BriefKind::Review, i64::from(d.0)),
            (Phase::Learning { .. } | Phase::Relearning { .. }, Due::At(ms)) => {
                (BriefKind::StepAt, ms)
            }
            (Phase::Learning { .. } | Phase::Relearning { .. }, Due::Day(d)) => {
                (BriefKind::StepDay, i64::from(d.0))
            }
            _ => (BriefKind::New, 0),
        };
        let (review_day, review_count) = state.review_answers.map_or((i32::MIN, 0), |(d, n)| {
            (d.0, u16::try_from(n).unwrap_or(u16::MAX))
        });
        Self {
            due,
            order,
            buried_on: state.buried_on.map_or(i32::MIN, |d| d.0),
            introduced_on: state.introduced_on.map_or(i32::MIN, |d| d.0),
            review_day,
            review_count,
            kind,
            suspended: state.suspended,
        }
    }
}

/// `event_slots` entry of an event that belongs to no card's history.
const NO_SLOT: u32 = u32::MAX;

/// Distinguishes collections, so a [`DeckView`] knows whose slots it holds.
static NEXT_COLLECTION_ID: AtomicU64 = AtomicU64::new(1);

fn next_collection_id() -> u64 {
    NEXT_COLLECTION_ID.fetch_add(1, AtomicOrdering::Relaxed)
}

/// A deck's cards resolved once against a collection, so today's queue can
/// be rebuilt after every answer without looking up 100,000 keys. Made by
/// [`Collection::deck_view`]; used by [`Collection::queue_view`].
#[derive(Debug, Clone)]
pub struct DeckView {
    deck_id: String,
    keys: Vec<CardKey>,
    slots: Vec<u32>,
    collection: u64,
}

impl DeckView {
    /// The deck.
    pub fn deck_id(&self) -> &str {
        &self.deck_id
    }

    /// Its cards' keys, in the order given.
    pub fn keys(&self) -> &[CardKey] {
        &self.keys
    }

    pub(crate) fn slots(&self) -> &[u32] {
        &self.slots
    }
}

/// Every card's state, derived from the merged event history of all devices.
///
/// Built with [`Collection::replay`]; kept current with [`Collection::apply`]
/// after each event is stored. Applying events one by one gives exactly the
/// states a full replay gives (a test checks it), so the log is the only
/// copy of anything.
#[derive(Debug, Clone)]
pub struct Collection {
    scheduler: Scheduler,
    /// All events in the order they were added (replay order after `replay`).
    events: Vec<Event>,
    undone: HashSet<EventId>,
    index: HashMap<CardKey, u32>,
    cards: Vec<Slot>,
    /// `states[i]` is the state of `cards[i]`.
    states: Vec<CardState>,
    /// `briefs[i]` summarises `states[i]` for the queue.
    briefs: Vec<Brief>,
    /// The slot of each event (`NO_SLOT` for undo events).
    event_slots: Vec<u32>,
    /// Whether `events` is in replay order (then a replay can stream it).
    in_order: bool,
    id: u64,
}

impl Collection {
    /// An empty collection.
    pub fn new(scheduler: Scheduler) -> Self {
        Self {
            scheduler,
            events: Vec::new(),
            undone: HashSet::default(),
            index: HashMap::default(),
            cards: Vec::new(),
            states: Vec::new(),
            briefs: Vec::new(),
            event_slots: Vec::new(),
            in_order: true,
            id: next_collection_id(),
        }
    }

    /// Replays `events` (from any number of devices, in any order) into card
    /// states. Exact duplicates (the same record in two files) count once.
    pub fn replay(scheduler: Scheduler, mut events: Vec<Event>) -> Self {
        // The store hands over logs already in order: checking is cheaper
        // than sorting.
        if !events.is_sorted_by(|a, b| a.replay_order(b) != Ordering::Greater) {
            events.sort_by(Event::replay_order);
        }
        events.dedup();
        let undone: HashSet<EventId> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Undo { target } => Some(target.clone()),
                _ => None,
            })
            .collect();
        let mut index: HashMap<CardKey, u32> = HashMap::default();
        // Keys read by the store share one allocation per card: look them up
        // by address first, which needs no string hashing or comparing.
        let mut by_address: HashMap<usize, u32> = HashMap::default();
        let mut cards: Vec<Slot> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut event_slots: Vec<u32> = Vec::with_capacity(events.len());
        for event in &events {
            if matches!(event.kind, EventKind::Undo { .. }) {
                event_slots.push(NO_SLOT);
                continue;
            }
            let address = event.card.address();
            let slot = if let Some(&slot) = by_address.get(&address) {
                slot
            } else {
                let slot = if let Some(&slot) = index.get(&event.card) {
                    slot
                } else {
                    cards.push(Slot {
                        key: event.card.clone(),
                        seed: key_seed(event.card.as_str()),
                        history: Vec::new(),
                    });
                    counts.push(0);
                    let slot = (cards.len() - 1) as u32;
                    index.insert(event.card.clone(), slot);
                    slot
                };
                by_address.insert(address, slot);
                slot
            };
            counts[slot as usize] += 1;
            event_slots.push(slot);
        }
        for (card, count) in cards.iter_mut().zip(counts) {
            card.history = Vec::with_capacity(count as usize);
        }
        for (i, &slot) in event_slots.iter().enumerate() {
            if slot != NO_SLOT {
                cards[slot as usize].history.push(i as u32);
            }
        }
        let mut collection = Self {
            scheduler,
            events,
            undone,
            index,
            states: Vec::new(),
            briefs: Vec::new(),
            cards,
            event_slots,
            in_order: true,
            id: next_collection_id(),
        };
        collection.recompute_all();
        collection
    }

    /// The scheduler in use.
    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    /// Uses another scheduler (new settings) and recomputes every card.
    pub fn set_scheduler(&mut self, scheduler: Scheduler) {
        self.scheduler = scheduler;
        self.recompute_all();
    }

    /// Every event, undone ones and undo events included.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Whether an undo event voids `id`.
    pub fn is_undone(&self, id: &EventId) -> bool {
        self.undone.contains(id)
    }

    /// The state of a card, or `None` if it has no events (a new card).
    pub fn state(&self, key: &str) -> Option<&CardState> {
        self.index.get(key).map(|&slot| &self.states[slot as usize])
    }

    /// The state of a card; a new card's state if it has no events.
    pub fn state_or_new(&self, key: &str) -> CardState {
        self.state(key).cloned().unwrap_or_default()
    }

    /// Every card with events (or in a [`DeckView`]) and its state, in
    /// first-seen order.
    pub fn cards(&self) -> impl Iterator<Item = (&CardKey, &CardState)> {
        self.cards.iter().map(|s| &s.key).zip(&self.states)
    }

    /// Resolves a deck's cards once for [`Collection::queue_view`]. Cards
    /// without events get an empty slot (state new), so the view stays valid
    /// as they are answered. Ids that cannot form a key (with `/`) are left out.
    pub fn deck_view<'a>(
        &mut self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
    ) -> DeckView {
        let mut keys = Vec::new();
        let mut slots = Vec::new();
        for id in card_ids {
            if let Ok(key) = CardKey::new(deck_id, id) {
                let slot = self.slot_for(&key);
                keys.push(self.cards[slot].key.clone());
                slots.push(slot as u32);
            }
        }
        DeckView {
            deck_id: deck_id.to_owned(),
            keys,
            slots,
            collection: self.id,
        }
    }

    /// Makes `view` valid for this collection again (after a reload made a
    /// new collection); cheap when it already is.
    pub fn refresh_view(&mut self, view: &mut DeckView) {
        if view.collection != self.id {
            let keys = std::mem::take(&mut view.keys);
            *view = self.deck_view(&view.deck_id.clone(), keys.iter().map(CardKey::card));
        }
    }

    /// Whether `view` was made by (or refreshed for) this collection.
    pub fn owns_view(&self, view: &DeckView) -> bool {
        view.collection == self.id
    }

    /// A card's events that still count (not undone), in replay order.
    pub fn history(&self, key: &str) -> impl Iterator<Item = &Event> {
        let slot = self.index.get(key).map(|&s| &self.cards[s as usize]);
        slot.into_iter()
            .flat_map(|s| s.history.iter())
            .map(|&i| &self.events[i as usize])
            .filter(|e| !self.undone.contains(&e.id))
    }

    /// Each card with events and its events that still count, in replay order.
    pub fn histories(&self) -> impl Iterator<Item = (&CardKey, Vec<&Event>)> {
        self.cards.iter().map(|slot| {
            let events = slot
                .history
                .iter()
                .map(|&i| &self.events[i as usize])
                .filter(|e| !self.undone.contains(&e.id))
                .collect();
            (&slot.key, events)
        })
    }

    /// The answer buttons' waits for a card at `at`.
    pub fn preview(&self, key: &str, at: Moment) -> [NextInterval; 4] {
        match self.state(key) {
            Some(state) => self.scheduler.preview(key, state, at),
            None => self.scheduler.preview(key, &CardState::new(), at),
        }
    }

    /// The event `undo` would void next for this device: its latest event
    /// that still counts and can be undone. Calling undo repeatedly walks
    /// back through the device's history (multi-level undo, kept across
    /// restarts because undo is itself an event).
    pub fn undo_target(&self, device: &DeviceId) -> Option<&Event> {
        self.events
            .iter()
            .filter(|e| &e.id.device == device && e.kind.is_undoable())
            .filter(|e| !self.undone.contains(&e.id))
            .max_by(|a, b| a.replay_order(b))
    }

    /// Adds one event (just stored) and updates the card it concerns.
    pub fn apply(&mut self, event: Event) {
        let ix = self.events.len() as u32;
        if self
            .events
            .last()
            .is_some_and(|last| last.replay_order(&event) == Ordering::Greater)
        {
            self.in_order = false;
        }
        if let EventKind::Undo { target } = &event.kind {
            let target = target.clone();
            // The target's own card is the one to recompute (normally the
            // undo record names the same card).
            let card = self
                .events
                .iter()
                .rev()
                .find(|e| e.id == target && e.kind.is_undoable())
                .map_or_else(|| event.card.clone(), |e| e.card.clone());
            self.undone.insert(target);
            self.events.push(event);
            self.event_slots.push(NO_SLOT);
            if let Some(&slot) = self.index.get(&card) {
                self.recompute(slot as usize);
            }
            return;
        }
        let slot = self.slot_for(&event.card);
        let position = {
            let events = &self.events;
            self.cards[slot]
                .history
                .partition_point(|&j| events[j as usize].replay_order(&event) != Ordering::Greater)
        };
        let at_end = position == self.cards[slot].history.len();
        let voided = self.undone.contains(&event.id);
        self.events.push(event);
        self.event_slots.push(slot as u32);
        self.cards[slot].history.insert(position, ix);
        if at_end {
            if !voided {
                let event = &self.events[ix as usize];
                let seed = self.cards[slot].seed;
                self.scheduler
                    .apply_seeded(&mut self.states[slot], event, seed);
                self.refresh_brief(slot);
            }
        } else {
            // An event older than the card's latest (another device's clock):
            // replay the card so the result equals a full replay.
            self.recompute(slot);
        }
    }

    /// The slot of a card key, if it has events.
    pub(crate) fn slot_of(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// The queue summary of a slot.
    pub(crate) fn slot_brief(&self, slot: u32) -> &Brief {
        &self.briefs[slot as usize]
    }

    /// The state in a slot.
    pub(crate) fn slot_state(&self, slot: u32) -> &CardState {
        &self.states[slot as usize]
    }

    /// The key of a slot.
    pub(crate) fn slot_key(&self, slot: u32) -> &CardKey {
        &self.cards[slot as usize].key
    }

    /// A slot's events that still count, in replay order.
    pub(crate) fn slot_history(&self, slot: u32) -> impl Iterator<Item = &Event> {
        self.cards[slot as usize]
            .history
            .iter()
            .map(|&i| &self.events[i as usize])
            .filter(|e| !self.undone.contains(&e.id))
    }

    fn slot_for(&mut self, key: &CardKey) -> usize {
        if let Some(&slot) = self.index.get(key) {
            return slot as usize;
        }
        self.cards.push(Slot {
            key: key.clone(),
            seed: key_seed(key.as_str()),
            history: Vec::new(),
        });
        self.states.push(CardState::new());
        self.briefs.push(Brief::of(
            &CardState::new(),
            order_of(key_seed(key.as_str())) as u32,
        ));
        let slot = self.cards.len() - 1;
        self.index.insert(key.clone(), slot as u32);
        slot
    }

    fn recompute_all(&mut self) {
        let n = self.cards.len();
        self.states.clear();
        self.states.resize(n, CardState::new());
        if self.in_order {
            // Stream the events in replay order: each card still sees its
            // own events in order, and memory is read front to back.
            let undone = &self.undone;
            let seeds: Vec<u64> = self.cards.iter().map(|c| c.seed).collect();
            for (event, &slot) in self.events.iter().zip(&self.event_slots) {
                if slot != NO_SLOT && (undone.is_empty() || !undone.contains(&event.id)) {
                    let slot = slot as usize;
                    self.scheduler
                        .apply_seeded(&mut self.states[slot], event, seeds[slot]);
                }
            }
        } else {
            for slot in 0..n {
                self.recompute_state(slot);
            }
        }
        self.briefs = self
            .states
            .iter()
            .zip(&self.cards)
            .map(|(state, card)| Brief::of(state, order_of(card.seed) as u32))
            .collect();
    }

    fn refresh_brief(&mut self, slot: usize) {
        self.briefs[slot] = Brief::of(&self.states[slot], order_of(self.cards[slot].seed) as u32);
    }

    fn recompute(&mut self, slot: usize) {
        self.recompute_state(slot);
        self.refresh_brief(slot);
    }

    fn recompute_state(&mut self, slot: usize) {
        let state = &mut self.states[slot];
        *state = CardState::new();
        for &i in &self.cards[slot].history {
            let event = &self.events[i as usize];
            if self.undone.is_empty() || !self.undone.contains(&event.id) {
                self.scheduler
                    .apply_seeded(state, event, self.cards[slot].seed);
            }
        }
    }
}
