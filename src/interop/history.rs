//! Review history across import and export: an imported deck's answers and
//! suspensions written into the user's progress, and a deck's answers read
//! back out for a file. Shared by the app and the command line.

use crate::deck::Deck;
use crate::srs::{CardKey, EventKind, Grade, Moment};
use crate::store::{Progress, StoreError};

use super::ReviewRecord;

/// What recording an imported history did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Answers written to the progress log.
    pub reviews: usize,
    /// Answers already in the log (a re-import), not written twice.
    pub known: usize,
    /// Answers of an unknown card id or grade, skipped.
    pub skipped: usize,
    /// Cards suspended (cards an update no longer has).
    pub suspended: usize,
}

/// Writes `reviews` (at their original times) and suspends `to_suspend`
/// in `progress`, for the deck `deck_id`. `on_step(done, total)` reports
/// progress now and then. Stops at the first write that fails: what was
/// written before it stays (the log is append-only and each answer is
/// whole), and the error says why.
///
/// # Errors
/// The store's error when the log cannot be written.
pub fn record_history(
    progress: &mut Progress,
    deck_id: &str,
    reviews: &[ReviewRecord],
    to_suspend: &[String],
    now: Moment,
    on_step: &dyn Fn(usize, usize),
) -> Result<Recorded, StoreError> {
    let mut done = Recorded::default();
    let total = reviews.len() + to_suspend.len();
    for (i, r) in reviews.iter().enumerate() {
        if i % 64 == 0 {
            on_step(i, total);
        }
        let (Ok(key), Some(grade)) = (
            CardKey::new(deck_id, &r.card_id),
            Grade::from_number(r.grade),
        ) else {
            done.skipped += 1;
            continue;
        };
        let known = progress.collection().history(key.as_str()).any(|e| {
            e.at.unix_ms == r.time_ms && matches!(&e.kind, EventKind::Review(x) if x.grade == grade)
        });
        if known {
            done.known += 1;
            continue;
        }
        progress.grade(&key, grade, r.answer_ms, Moment::new(r.time_ms, 0))?;
        done.reviews += 1;
    }
    for id in to_suspend {
        if let Ok(key) = CardKey::new(deck_id, id)
            && !progress.state(&key).suspended
        {
            progress.suspend(&key, now)?;
            done.suspended += 1;
        }
    }
    on_step(total, total);
    Ok(done)
}

/// Every answer of `deck`'s cards in `progress`, oldest first, for a file
/// that carries history (archdeck RON).
pub fn review_records(progress: &Progress, deck: &Deck) -> Vec<ReviewRecord> {
    let mut out = Vec::new();
    for card in &deck.cards {
        let Ok(key) = CardKey::new(&deck.id, &card.id) else {
            continue;
        };
        for event in progress.collection().history(key.as_str()) {
            if let EventKind::Review(r) = &event.kind {
                out.push(ReviewRecord {
                    card_id: card.id.clone(),
                    time_ms: event.at.unix_ms,
                    grade: r.grade.number(),
                    answer_ms: r.answer_ms,
                });
            }
        }
    }
    out.sort_by_key(|r| r.time_ms);
    out
}
