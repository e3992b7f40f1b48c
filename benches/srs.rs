//! Scheduler speed: replaying a million reviews into card states (target
//! < 1 s) and building today's queue over 100,000 cards (target < 10 ms).
//!
//! Run: `cargo bench --bench srs`.

use archdeck::srs::synth::{card_id, synthetic_history};
use archdeck::srs::{Collection, Event, Grade, Moment, Scheduler, SchedulerConfig, Weights};

fn main() {
    divan::main();
}

const END: Moment = Moment::new(1_767_600_000_000, 60);

fn history() -> Vec<Event> {
    synthetic_history("bench", 100_000, 10, END, 42)
}

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig::default()).expect("defaults are valid")
}

/// 1,000,000 reviews of 100,000 cards, in memory, into card states.
#[divan::bench(sample_count = 10)]
fn replay_1m_reviews_100k_cards(bencher: divan::Bencher) {
    let events = history();
    assert_eq!(events.len(), 1_000_000);
    bencher
        .with_inputs(|| events.clone())
        .bench_values(|events| Collection::replay(scheduler(), events));
}

/// Today's queue of a 100,000-card deck with a year of history.
#[divan::bench(sample_count = 50)]
fn queue_100k_cards(bencher: divan::Bencher) {
    let collection = Collection::replay(scheduler(), history());
    let ids: Vec<String> = (0..100_000).map(card_id).collect();
    let queue = collection.queue("bench", ids.iter().map(String::as_str), END);
    assert!(queue.counts.review > 0, "{:?}", queue.counts);
    bencher.bench(|| {
        collection.queue(
            divan::black_box("bench"),
            ids.iter().map(String::as_str),
            END,
        )
    });
}

/// The same with the deck's cards resolved once (what the app does after
/// every answer).
#[divan::bench(sample_count = 100)]
fn queue_100k_cards_view(bencher: divan::Bencher) {
    let mut collection = Collection::replay(scheduler(), history());
    let ids: Vec<String> = (0..100_000).map(card_id).collect();
    let view = collection.deck_view("bench", ids.iter().map(String::as_str));
    let queue = collection.queue_view(&view, END);
    assert!(queue.counts.review > 0, "{:?}", queue.counts);
    bencher.bench(|| collection.queue_view(divan::black_box(&view), END));
}

/// One FSRS memory update (the per-review work of a replay).
#[divan::bench]
fn fsrs_step(bencher: divan::Bencher) {
    let weights = Weights::new(&[]).expect("defaults");
    let memory = weights.step(None, 0, Grade::Good);
    bencher.bench(|| {
        weights.step(
            divan::black_box(Some(memory)),
            divan::black_box(12),
            Grade::Good,
        )
    });
}

/// The answer buttons' four waits for a card in review.
#[divan::bench]
fn preview(bencher: divan::Bencher) {
    let collection = Collection::replay(scheduler(), synthetic_history("bench", 1_000, 10, END, 1));
    let key = format!("bench/{}", card_id(7));
    bencher.bench(|| collection.preview(divan::black_box(&key), END));
}
