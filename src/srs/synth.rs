//! Generated review histories for benchmarks and scale tests.

use super::event::{Event, EventId, EventKind};
use super::grade::Grade;
use super::key::{CardKey, DeviceId};
use super::time::{MS_PER_DAY, MS_PER_MINUTE, Moment};

/// The key of card `i` of a synthetic deck.
pub fn card_id(i: usize) -> String {
    format!("card-{i:06}")
}

/// A deterministic history: `cards` cards of deck `deck`, each answered
/// `reviews_per_card` times like a real learner would (two learning steps,
/// then reviews at growing gaps, one answer in ten Again), each card's last
/// answer within the year before `end`, from two devices. Events are in
/// replay order.
pub fn synthetic_history(
    deck: &str,
    cards: usize,
    reviews_per_card: usize,
    end: Moment,
    seed: u64,
) -> Vec<Event> {
    const GAPS_DAYS: [i64; 10] = [1, 3, 7, 16, 35, 70, 130, 200, 300, 400];
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let devices = [
        DeviceId::from_alphabet("laptopaaaaaaaaaa"),
        DeviceId::from_alphabet("phonebbbbbbbbbbb"),
    ];
    let mut seqs = [0u64; 2];
    let mut events = Vec::with_capacity(cards * reviews_per_card);
    let span_days = 365;
    for i in 0..cards {
        let Ok(card) = CardKey::new(deck, &card_id(i)) else {
            continue;
        };
        // Grades and gaps first, then the whole run placed to end within
        // the year before `end`.
        let mut answers = Vec::with_capacity(reviews_per_card);
        let mut offset = 0i64;
        for r in 0..reviews_per_card {
            let roll = next() % 20;
            let grade = match (r, roll) {
                (0 | 1, _) => Grade::Good,
                (_, 0 | 1) => Grade::Again,
                (_, 2) => Grade::Hard,
                (_, 3) => Grade::Easy,
                _ => Grade::Good,
            };
            answers.push((offset, grade));
            offset += match r {
                0 => 10 * MS_PER_MINUTE,
                _ if grade == Grade::Again => 10 * MS_PER_MINUTE,
                _ => GAPS_DAYS[(r - 1).min(GAPS_DAYS.len() - 1)] * MS_PER_DAY / 3,
            };
        }
        let last = answers.last().map_or(0, |a| a.0);
        let start = end.unix_ms
            - last
            - (1 + (next() % span_days) as i64) * MS_PER_DAY
            - (next() % 600) as i64 * MS_PER_MINUTE;
        for (offset, grade) in answers {
            let d = (next() % 2) as usize;
            seqs[d] += 1;
            events.push(Event {
                id: EventId {
                    device: devices[d].clone(),
                    seq: seqs[d],
                },
                at: Moment::new(start + offset, 60),
                card: card.clone(),
                kind: EventKind::review(grade, 3_000 + (next() % 9_000) as u32),
            });
        }
    }
    events.sort_by(Event::replay_order);
    // Sequence numbers follow time within each device, as in a real log.
    let mut counters = [0u64; 2];
    for e in &mut events {
        let d = usize::from(e.id.device == devices[1]);
        counters[d] += 1;
        e.id.seq = counters[d];
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_are_deterministic_and_sized() {
        let end = Moment::new(1_767_600_000_000, 60);
        let a = synthetic_history("d", 50, 10, end, 1);
        assert_eq!(a.len(), 500);
        assert_eq!(a, synthetic_history("d", 50, 10, end, 1));
        assert!(a.windows(2).all(|w| w[0].at.unix_ms <= w[1].at.unix_ms));
        assert!(a.iter().all(|e| e.at.unix_ms < end.unix_ms));
    }
}
