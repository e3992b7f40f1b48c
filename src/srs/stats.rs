//! Statistics of a deck: what is due, what was done, how well it is retained.

use super::card::{Due, Phase};
use super::collection::Collection;
use super::grade::Grade;
use super::time::{Day, Moment};

/// Days over which true retention is measured.
pub const RETENTION_DAYS: i32 = 30;
/// Days of the due forecast.
pub const FORECAST_DAYS: usize = 30;

/// Cards by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateCounts {
    /// Never answered (or reset).
    pub new: usize,
    /// In learning steps.
    pub learning: usize,
    /// In the review phase.
    pub review: usize,
    /// In relearning steps.
    pub relearning: usize,
    /// Suspended (also counted in their phase).
    pub suspended: usize,
    /// Buried today (also counted in their phase).
    pub buried: usize,
}

/// Answers given on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayReviews {
    /// The day.
    pub day: Day,
    /// Answers by grade, `[again, hard, good, easy]`.
    pub by_grade: [u32; 4],
    /// Time spent answering, in milliseconds.
    pub time_ms: u64,
}

impl DayReviews {
    /// All answers that day.
    pub fn total(&self) -> u32 {
        self.by_grade.iter().sum()
    }
}

/// Passed and failed reviews.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retention {
    /// Answered Hard, Good or Easy.
    pub passed: u32,
    /// Answered Again.
    pub failed: u32,
}

impl Retention {
    /// Share passed, if there was any review.
    pub fn rate(&self) -> Option<f64> {
        let total = self.passed + self.failed;
        (total > 0).then(|| f64::from(self.passed) / f64::from(total))
    }
}

/// Statistics of some cards at a moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// The scheduler day of the moment.
    pub today: Day,
    /// Cards by state.
    pub counts: StateCounts,
    /// Cards due now: learning cards due by now and reviews due today or
    /// earlier (before daily limits; suspended and buried cards left out).
    pub due_now: usize,
    /// Answers given today.
    pub reviews_today: u32,
    /// Time spent answering today, in milliseconds.
    pub time_today_ms: u64,
    /// True retention over the last 30 days: answers given at least a day
    /// after the card's previous answer (FSRS's long-term reviews), passed
    /// versus failed. Same-day learning steps do not count.
    pub retention: Retention,
    /// Cards due on each of the next 30 days; index 0 is today and includes
    /// overdue and learning cards.
    pub forecast: Vec<u32>,
    /// Answers per day, oldest first, ending today.
    pub history: Vec<DayReviews>,
}

impl Stats {
    /// Adds another deck's statistics (for "all decks").
    pub fn merge(&mut self, other: &Stats) {
        let c = &mut self.counts;
        let o = &other.counts;
        c.new += o.new;
        c.learning += o.learning;
        c.review += o.review;
        c.relearning += o.relearning;
        c.suspended += o.suspended;
        c.buried += o.buried;
        self.due_now += other.due_now;
        self.reviews_today += other.reviews_today;
        self.time_today_ms += other.time_today_ms;
        self.retention.passed += other.retention.passed;
        self.retention.failed += other.retention.failed;
        if self.forecast.len() < other.forecast.len() {
            self.forecast.resize(other.forecast.len(), 0);
        }
        for (a, b) in self.forecast.iter_mut().zip(&other.forecast) {
            *a += b;
        }
        if self.history.len() < other.history.len() {
            self.history.clone_from(&other.history);
            for d in &mut self.history {
                d.by_grade = [0; 4];
                d.time_ms = 0;
            }
        }
        for d in &other.history {
            if let Some(mine) = self.history.iter_mut().find(|m| m.day == d.day) {
                for (a, b) in mine.by_grade.iter_mut().zip(d.by_grade) {
                    *a += b;
                }
                mine.time_ms += d.time_ms;
            }
        }
    }
}

impl Collection {
    /// Statistics of deck `deck_id` with cards `card_ids` at `at`, with
    /// `history_days` days of answer history.
    pub fn stats<'a>(
        &self,
        deck_id: &str,
        card_ids: impl IntoIterator<Item = &'a str>,
        at: Moment,
        history_days: u32,
    ) -> Stats {
        let scheduler = self.scheduler();
        let today = scheduler.day(at);
        let history_days = history_days.max(1);
        let first_history_day = today.plus(1 - i32::try_from(history_days).unwrap_or(i32::MAX));
        let first_retention_day = today.plus(1 - RETENTION_DAYS);
        let mut stats = Stats {
            today,
            forecast: vec![0; FORECAST_DAYS],
            history: (0..history_days)
                .map(|i| DayReviews {
                    day: first_history_day.plus(i32::try_from(i).unwrap_or(0)),
                    ..DayReviews::default()
                })
                .collect(),
            ..Stats::default()
        };
        let mut key = String::with_capacity(deck_id.len() + 64);
        key.push_str(deck_id);
        key.push('/');
        let base = key.len();
        for id in card_ids {
            key.truncate(base);
            key.push_str(id);
            let Some(slot) = self.slot_of(&key) else {
                stats.counts.new += 1;
                continue;
            };
            let card = self.slot_state(slot);
            match card.phase {
                Phase::New => stats.counts.new += 1,
                Phase::Learning { .. } => stats.counts.learning += 1,
                Phase::Review => stats.counts.review += 1,
                Phase::Relearning { .. } => stats.counts.relearning += 1,
            }
            let buried = card.is_buried(today);
            stats.counts.suspended += usize::from(card.suspended);
            stats.counts.buried += usize::from(buried);
            if !card.suspended && !buried {
                let due_day = match card.due {
                    Due::New => None,
                    Due::At(ms) => {
                        if ms <= at.unix_ms {
                            stats.due_now += 1;
                        }
                        Some(today)
                    }
                    Due::Day(day) => {
                        if day <= today {
                            stats.due_now += 1;
                        }
                        Some(day)
                    }
                };
                if let Some(day) = due_day {
                    let offset = usize::try_from(day.since(today).max(0)).unwrap_or(usize::MAX);
                    if let Some(n) = stats.forecast.get_mut(offset) {
                        *n += 1;
                    }
                }
            }
            let mut previous_day: Option<Day> = None;
            for event in self.slot_history(slot) {
                let Some(review) = event.review() else {
                    if matches!(event.kind, super::event::EventKind::Reset) {
                        previous_day = None;
                    }
                    continue;
                };
                let day = scheduler.day(event.at);
                if day >= first_history_day && day <= today {
                    let entry = &mut stats.history[day.since(first_history_day) as usize];
                    entry.by_grade[review.grade.index()] += 1;
                    entry.time_ms += u64::from(review.answer_ms);
                }
                if day == today {
                    stats.reviews_today += 1;
                    stats.time_today_ms += u64::from(review.answer_ms);
                }
                let long_term = previous_day.is_some_and(|p| day > p);
                if long_term && day >= first_retention_day && day <= today {
                    if review.grade == Grade::Again {
                        stats.retention.failed += 1;
                    } else {
                        stats.retention.passed += 1;
                    }
                }
                previous_day = Some(day);
            }
        }
        stats
    }
}
