//! Card states derived by replaying the review log.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::card::CardState;
use super::event::{Event, EventId, EventKind};
use super::key::{CardKey, DeviceId};
use super::scheduler::{NextInterval, Scheduler};
use super::time::Moment;

/// One card: its key, derived state and the indices of its events (into
/// `Collection::events`, in replay order; undo events excluded).
#[derive(Debug, Clone)]
struct Slot {
    key: CardKey,
    state: CardState,
    history: Vec<u32>,
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
}

impl Collection {
    /// An empty collection.
    pub fn new(scheduler: Scheduler) -> Self {
        Self {
            scheduler,
            events: Vec::new(),
            undone: HashSet::new(),
            index: HashMap::new(),
            cards: Vec::new(),
        }
    }

    /// Replays `events` (from any number of devices, in any order) into card
    /// states. Exact duplicates (the same record in two files) count once.
    pub fn replay(scheduler: Scheduler, mut events: Vec<Event>) -> Self {
        events.sort_by(Event::replay_order);
        events.dedup();
        let undone: HashSet<EventId> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Undo { target } => Some(target.clone()),
                _ => None,
            })
            .collect();
        let mut index: HashMap<CardKey, u32> = HashMap::new();
        let mut cards: Vec<Slot> = Vec::new();
        for (i, event) in events.iter().enumerate() {
            if matches!(event.kind, EventKind::Undo { .. }) {
                continue;
            }
            let slot = if let Some(&slot) = index.get(&event.card) {
                slot
            } else {
                cards.push(Slot {
                    key: event.card.clone(),
                    state: CardState::new(),
                    history: Vec::new(),
                });
                let slot = (cards.len() - 1) as u32;
                index.insert(event.card.clone(), slot);
                slot
            };
            cards[slot as usize].history.push(i as u32);
        }
        let mut collection = Self {
            scheduler,
            events,
            undone,
            index,
            cards,
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
        self.index
            .get(key)
            .map(|&slot| &self.cards[slot as usize].state)
    }

    /// The state of a card; a new card's state if it has no events.
    pub fn state_or_new(&self, key: &str) -> CardState {
        self.state(key).cloned().unwrap_or_default()
    }

    /// Every card with events, and its state (in first-seen order).
    pub fn cards(&self) -> impl Iterator<Item = (&CardKey, &CardState)> {
        self.cards.iter().map(|s| (&s.key, &s.state))
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
        self.cards[slot].history.insert(position, ix);
        if at_end {
            if !voided {
                let event = &self.events[ix as usize];
                self.scheduler.apply(&mut self.cards[slot].state, event);
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

    /// The state in a slot.
    pub(crate) fn slot_state(&self, slot: u32) -> &CardState {
        &self.cards[slot as usize].state
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
            state: CardState::new(),
            history: Vec::new(),
        });
        let slot = self.cards.len() - 1;
        self.index.insert(key.clone(), slot as u32);
        slot
    }

    fn recompute_all(&mut self) {
        for slot in 0..self.cards.len() {
            self.recompute(slot);
        }
    }

    fn recompute(&mut self, slot: usize) {
        let Slot { state, history, .. } = &mut self.cards[slot];
        *state = CardState::new();
        for &i in history.iter() {
            let event = &self.events[i as usize];
            if self.undone.is_empty() || !self.undone.contains(&event.id) {
                self.scheduler.apply(state, event);
            }
        }
    }
}
