//! The scheduler on a simulated clock: months of simulated study, checked
//! for growing intervals, shrinking lapses, daily limits, burying, undo,
//! day rollover, determinism across devices, and parameter optimisation.

use archdeck::srs::{
    CardKey, CardState, Collection, DailyLimits, Day, DeviceId, Due, Event, EventId, EventKind,
    Grade, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, Moment, OptimizeJob, Phase, QueueKind,
    Scheduler, SchedulerConfig, TrainingSet, Wait,
};

/// 2026-01-05 09:00 local time in CET (+60 min).
const START: Moment = Moment::new(1_767_600_000_000, 60);
const DECK: &str = "sim";

/// xorshift64*: a deterministic stream for the simulated user.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A collection plus the event ids of one simulated device.
struct Sim {
    collection: Collection,
    device: DeviceId,
    seq: u64,
}

impl Sim {
    fn new(config: SchedulerConfig, device: &str) -> Self {
        Self {
            collection: Collection::replay(Scheduler::new(config).expect("valid"), Vec::new()),
            device: DeviceId::parse(device).expect("valid id"),
            seq: 0,
        }
    }

    fn record(&mut self, card: &CardKey, kind: EventKind, at: Moment) -> Event {
        self.seq += 1;
        let event = Event {
            id: EventId {
                device: self.device.clone(),
                seq: self.seq,
            },
            at,
            card: card.clone(),
            kind,
        };
        self.collection.apply(event.clone());
        event
    }

    fn grade(&mut self, card: &CardKey, grade: Grade, at: Moment) -> Event {
        self.record(card, EventKind::review(grade, 6_000), at)
    }

    fn state(&self, card: &CardKey) -> CardState {
        self.collection.state_or_new(card.as_str())
    }
}

fn card_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i:04}")).collect()
}

fn key(id: &str) -> CardKey {
    CardKey::new(DECK, id).expect("valid key")
}

/// Days since START's day, at `hour` local time.
fn day_at(day: i64, hour: i64) -> Moment {
    let start_of_day = START.unix_ms - 9 * MS_PER_HOUR;
    Moment::new(start_of_day + day * MS_PER_DAY + hour * MS_PER_HOUR, 60)
}

/// The simulated user's answer: remembers with probability `recall(r)` where
/// `r` is FSRS's predicted retrievability; learning cards mostly Good.
fn choose(
    rng: &mut Rng,
    sim: &Sim,
    card: &CardKey,
    at: Moment,
    recall: impl Fn(f64) -> f64,
) -> Grade {
    let state = sim.state(card);
    let r = sim
        .collection
        .scheduler()
        .retrievability(&state, at)
        .map_or(1.0, f64::from);
    let p = if state.phase == Phase::Review {
        recall(r)
    } else {
        0.85
    };
    if rng.unit() >= p {
        return Grade::Again;
    }
    match rng.next() % 10 {
        0 => Grade::Hard,
        1 => Grade::Easy,
        _ => Grade::Good,
    }
}

struct DayLog {
    new_introduced: usize,
    review_answers: usize,
}

/// One study session per day for `days` days, answering everything the queue
/// offers (waiting for learning cards when needed), like a diligent user.
fn simulate(
    sim: &mut Sim,
    ids: &[String],
    days: i64,
    seed: u64,
    recall: impl Fn(f64) -> f64 + Copy,
) -> Vec<DayLog> {
    let mut rng = Rng(seed);
    let mut logs = Vec::new();
    for day in 0..days {
        let mut now = day_at(day, 9);
        let mut log = DayLog {
            new_introduced: 0,
            review_answers: 0,
        };
        for _ in 0..5_000 {
            let queue = sim
                .collection
                .queue(DECK, ids.iter().map(String::as_str), now);
            let Some(first) = queue.first().cloned() else {
                match queue.next_learning_due_ms {
                    Some(ms) if ms < day_at(day, 23).unix_ms => {
                        now = Moment::new(ms, 60);
                        continue;
                    }
                    _ => break,
                }
            };
            match first.kind {
                QueueKind::New => log.new_introduced += 1,
                QueueKind::Review => log.review_answers += 1,
                QueueKind::Learning => {}
            }
            let grade = choose(&mut rng, sim, &first.key, now, recall);
            sim.grade(&first.key, grade, now);
            now = now.plus_ms(8_000);
        }
        logs.push(log);
    }
    logs
}

#[test]
fn months_of_study_keep_the_limits_and_retention() {
    let mut config = SchedulerConfig::default();
    config.deck_limits.insert(
        DECK.into(),
        DailyLimits {
            new_per_day: 15,
            reviews_per_day: 60,
        },
    );
    let mut sim = Sim::new(config, "sim");
    let ids = card_ids(600);
    let logs = simulate(&mut sim, &ids, 120, 7, |r| r);
    for (day, log) in logs.iter().enumerate() {
        assert!(
            log.new_introduced <= 15,
            "day {day}: {} new",
            log.new_introduced
        );
        assert!(
            log.review_answers <= 60,
            "day {day}: {} reviews",
            log.review_answers
        );
    }
    // New cards also count against the review limit (Anki v3): the review
    // limit is reached on some days, and then fewer new cards are shown.
    assert!(
        logs.iter()
            .any(|l| l.review_answers + l.new_introduced >= 60)
    );
    assert!(logs.iter().any(|l| l.new_introduced < 15));
    let stats = sim
        .collection
        .stats(DECK, ids.iter().map(String::as_str), day_at(119, 22), 30);
    let rate = stats.retention.rate().expect("reviews happened");
    // The simulated user recalls with FSRS's own probability, so true
    // retention lands near the desired 0.90.
    assert!((0.84..0.96).contains(&rate), "retention {rate}");
    assert!(stats.counts.review > 300, "{:?}", stats.counts);
    assert_eq!(stats.history.len(), 30);
    assert!(
        stats
            .history
            .iter()
            .map(archdeck::srs::DayReviews::total)
            .sum::<u32>()
            > 500
    );
}

#[test]
fn deck_views_give_the_same_queues_as_key_lookups() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let ids = card_ids(120);
    let mut view = sim
        .collection
        .deck_view(DECK, ids.iter().map(String::as_str));
    let mut rng = Rng(17);
    for day in 0..40 {
        let mut now = day_at(day, 9);
        for _ in 0..40 {
            let by_key = sim
                .collection
                .queue(DECK, ids.iter().map(String::as_str), now);
            assert_eq!(sim.collection.queue_view(&view, now), by_key, "day {day}");
            let Some(first) = by_key.first().cloned() else {
                break;
            };
            let grade = choose(&mut rng, &sim, &first.key, now, |r| r);
            sim.grade(&first.key, grade, now);
            now = now.plus_ms(10_000);
        }
    }
    // After a full replay (a new collection) the old view still answers
    // correctly, and refreshing makes it fast again.
    let mut replayed = Collection::replay(
        sim.collection.scheduler().clone(),
        sim.collection.events().to_vec(),
    );
    let now = day_at(40, 9);
    let expected = sim
        .collection
        .queue(DECK, ids.iter().map(String::as_str), now);
    assert!(!replayed.owns_view(&view));
    assert_eq!(replayed.queue_view(&view, now), expected);
    replayed.refresh_view(&mut view);
    assert!(replayed.owns_view(&view));
    assert_eq!(replayed.queue_view(&view, now), expected);
    assert_eq!(view.keys().len(), 120);
}

#[test]
fn intervals_grow_with_success_and_shrink_after_a_lapse() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let card = key("c0");
    let mut now = day_at(0, 9);
    let mut intervals = Vec::new();
    for _ in 0..12 {
        sim.grade(&card, Grade::Good, now);
        let state = sim.state(&card);
        match state.due {
            Due::At(ms) => now = Moment::new(ms, 60),
            Due::Day(day) => {
                intervals.push(state.interval_days);
                now = Moment::new(day.start_ms(4, 60) + 6 * MS_PER_HOUR, 60);
            }
            Due::New => panic!("answered cards are not new"),
        }
    }
    assert!(intervals.len() >= 9, "{intervals:?}");
    assert!(
        intervals.windows(2).all(|w| w[1] > w[0]),
        "intervals must grow: {intervals:?}"
    );
    assert!(*intervals.last().expect("some") > 180, "{intervals:?}");

    let before = sim.state(&card);
    sim.grade(&card, Grade::Again, now);
    let lapsed = sim.state(&card);
    assert_eq!(lapsed.phase, Phase::Relearning { step: 0 });
    assert_eq!(lapsed.lapses, 1);
    sim.grade(&card, Grade::Good, now.plus_ms(10 * MS_PER_MINUTE));
    let after = sim.state(&card);
    assert_eq!(after.phase, Phase::Review);
    assert!(
        after.interval_days * 2 < before.interval_days,
        "{} after a lapse vs {} before",
        after.interval_days,
        before.interval_days
    );
    let memory = |s: &CardState| s.memory.expect("answered").stability;
    assert!(memory(&after) < memory(&before));
}

#[test]
fn buried_cards_return_the_next_day_after_rollover() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let ids = card_ids(3);
    let ids = || ids.iter().map(String::as_str);
    let card = key("c0000");
    let now = day_at(0, 22);
    sim.record(&card, EventKind::Bury, now);
    let in_queue = |sim: &Sim, at: Moment| {
        sim.collection
            .queue(DECK, ids(), at)
            .cards
            .iter()
            .any(|c| c.key == card)
    };
    assert!(!in_queue(&sim, now));
    // 3:59 the next morning is still the same study day (rollover at 4 am).
    assert!(!in_queue(&sim, day_at(1, 3).plus_ms(59 * MS_PER_MINUTE)));
    assert!(in_queue(&sim, day_at(1, 4)));
    assert_eq!(sim.collection.queue(DECK, ids(), now).counts.new, 2);
}

#[test]
fn suspended_cards_stay_out_until_unsuspended() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let card = key("c0000");
    let ids = ["c0000"];
    sim.record(&card, EventKind::Suspend, day_at(0, 9));
    for day in [0, 1, 30] {
        assert!(sim.collection.queue(DECK, ids, day_at(day, 9)).is_empty());
    }
    sim.record(&card, EventKind::Unsuspend, day_at(30, 9));
    assert_eq!(sim.collection.queue(DECK, ids, day_at(30, 9)).counts.new, 1);
}

#[test]
fn undo_restores_the_exact_prior_state_several_levels_deep() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let ids = card_ids(40);
    simulate(&mut sim, &ids, 20, 3, |r| r);
    let now = day_at(20, 9);
    let queue = sim
        .collection
        .queue(DECK, ids.iter().map(String::as_str), now);
    let snapshot =
        |sim: &Sim| -> Vec<CardState> { ids.iter().map(|id| sim.state(&key(id))).collect() };
    let before = snapshot(&sim);
    // Five actions of several kinds on different cards...
    // Cards in the queue (reviews, learning) and cards studied before.
    let mut cards: Vec<CardKey> = queue.cards.iter().take(2).map(|c| c.key.clone()).collect();
    cards.extend(ids[..4 - cards.len()].iter().map(|id| key(id)));
    assert!(queue.cards.len() >= 2, "{:?}", queue.counts);
    let mut states = vec![snapshot(&sim)];
    sim.grade(&cards[0], Grade::Good, now);
    states.push(snapshot(&sim));
    sim.grade(&cards[1], Grade::Again, now.plus_ms(5_000));
    states.push(snapshot(&sim));
    sim.record(&cards[2], EventKind::Bury, now.plus_ms(10_000));
    states.push(snapshot(&sim));
    sim.grade(&cards[3], Grade::Easy, now.plus_ms(15_000));
    states.push(snapshot(&sim));
    sim.record(&cards[3], EventKind::Reset, now.plus_ms(20_000));
    states.push(snapshot(&sim));
    // ...undone one by one: each undo restores exactly the state before.
    let device = sim.device.clone();
    for level in (0..5).rev() {
        let target = sim
            .collection
            .undo_target(&device)
            .expect("something to undo")
            .clone();
        let at = now.plus_ms(60_000);
        sim.record(&target.card, EventKind::Undo { target: target.id }, at);
        assert_eq!(snapshot(&sim), states[level], "after undoing level {level}");
    }
    assert_eq!(snapshot(&sim), before);
    // A full replay of the log (undo records included) agrees.
    let replayed = Collection::replay(
        sim.collection.scheduler().clone(),
        sim.collection.events().to_vec(),
    );
    for id in &ids {
        assert_eq!(
            replayed.state_or_new(key(id).as_str()),
            sim.state(&key(id)),
            "{id}"
        );
    }
}

#[test]
fn applying_events_one_by_one_equals_replaying_them_in_any_order() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let ids = card_ids(150);
    simulate(&mut sim, &ids, 60, 11, |r| r);
    let events = sim.collection.events().to_vec();
    assert!(events.len() > 1_000);
    let mut shuffled = events.clone();
    let mut rng = Rng(99);
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, (rng.next() % (i as u64 + 1)) as usize);
    }
    let scheduler = sim.collection.scheduler().clone();
    let replayed = Collection::replay(scheduler.clone(), shuffled.clone());
    // Applying in shuffled order reorders per card and must agree too.
    let mut incremental = Collection::replay(scheduler, Vec::new());
    for e in shuffled {
        incremental.apply(e);
    }
    for id in &ids {
        let k = key(id);
        assert_eq!(replayed.state_or_new(k.as_str()), sim.state(&k), "{id}");
        assert_eq!(incremental.state_or_new(k.as_str()), sim.state(&k), "{id}");
    }
    // New settings recompute every card the same way whichever order the
    // events arrived in.
    let other = Scheduler::new(SchedulerConfig {
        desired_retention: 0.8,
        relearning_steps_minutes: vec![5.0, 30.0],
        ..SchedulerConfig::default()
    })
    .expect("valid");
    let mut replayed = replayed;
    replayed.set_scheduler(other.clone());
    incremental.set_scheduler(other.clone());
    let fresh = Collection::replay(other, events);
    for id in &ids {
        let k = key(id);
        let expected = fresh.state_or_new(k.as_str());
        assert_eq!(replayed.state_or_new(k.as_str()), expected, "{id}");
        assert_eq!(incremental.state_or_new(k.as_str()), expected, "{id}");
    }
}

#[test]
fn two_devices_merge_to_the_same_state_whichever_order_they_sync() {
    // Two devices study the same deck on alternate days; each sees the
    // other's events only later (as a sync tool would deliver them).
    let ids = card_ids(30);
    let mut laptop = Sim::new(SchedulerConfig::default(), "laptop");
    let mut phone = Sim::new(SchedulerConfig::default(), "phone");
    let mut rng = Rng(5);
    for day in 0..40 {
        let (me, other) = if day % 2 == 0 {
            (&mut laptop, &mut phone)
        } else {
            (&mut phone, &mut laptop)
        };
        let mut now = day_at(day, 8 + (day % 3));
        let mut mine = Vec::new();
        for _ in 0..60 {
            let queue = me
                .collection
                .queue(DECK, ids.iter().map(String::as_str), now);
            let Some(first) = queue.first().cloned() else {
                break;
            };
            let grade = choose(&mut rng, me, &first.key, now, |r| r);
            mine.push(me.grade(&first.key, grade, now));
            now = now.plus_ms(30_000);
        }
        for e in mine {
            other.collection.apply(e);
        }
    }
    for id in &ids {
        let k = key(id);
        assert_eq!(laptop.state(&k), phone.state(&k), "{id}");
    }
    let mut events = laptop.collection.events().to_vec();
    events.reverse();
    let merged = Collection::replay(laptop.collection.scheduler().clone(), events);
    for id in &ids {
        assert_eq!(
            merged.state_or_new(key(id).as_str()),
            laptop.state(&key(id))
        );
    }
}

#[test]
fn cards_learned_together_spread_out() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let cards: Vec<CardKey> = card_ids(50).iter().map(|id| key(id)).collect();
    let mut now = day_at(0, 9);
    for c in &cards {
        sim.grade(c, Grade::Easy, now);
    }
    // Review every card on its due day with Good, three times.
    for _ in 0..3 {
        for c in &cards {
            let Due::Day(day) = sim.state(c).due else {
                panic!("review")
            };
            now = Moment::new(day.start_ms(4, 60) + 5 * MS_PER_HOUR, 60);
            sim.grade(c, Grade::Good, now);
        }
    }
    let mut due_days: Vec<Day> = cards
        .iter()
        .map(|c| match sim.state(c).due {
            Due::Day(d) => d,
            other => panic!("{other:?}"),
        })
        .collect();
    due_days.sort();
    due_days.dedup();
    assert!(
        due_days.len() >= 5,
        "fuzz should spread due days: {due_days:?}"
    );
}

#[test]
fn previews_label_each_grade_as_anki_does() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let card = key("c0");
    let now = day_at(0, 9);
    let labels = sim.collection.preview(card.as_str(), now).map(|n| n.label);
    assert_eq!(labels[..3], ["<1m", "<6m", "<10m"]);
    sim.grade(&card, Grade::Good, now);
    sim.grade(&card, Grade::Good, now.plus_ms(10 * MS_PER_MINUTE));
    let Due::Day(day) = sim.state(&card).due else {
        panic!("graduated")
    };
    let later = Moment::new(day.start_ms(4, 60) + 5 * MS_PER_HOUR, 60);
    let preview = sim.collection.preview(card.as_str(), later);
    assert_eq!(preview[0].label, "<10m", "Again relearns for 10 minutes");
    let days: Vec<u32> = preview[1..]
        .iter()
        .map(|n| match n.wait {
            Wait::Days(d) => d,
            Wait::Seconds(s) => panic!("{s}s"),
        })
        .collect();
    assert!(days[0] < days[1] && days[1] < days[2], "{days:?}");
    for (n, d) in preview[1..].iter().zip(&days) {
        assert!(
            n.label.ends_with('d') || n.label.ends_with("mo"),
            "{} for {d} days",
            n.label
        );
    }
    // What the preview promised is what answering gives.
    sim.grade(&card, Grade::Good, later);
    assert_eq!(Wait::Days(sim.state(&card).interval_days), preview[2].wait);
}

#[test]
fn the_rollover_hour_is_configurable() {
    let config = SchedulerConfig {
        rollover_hour: 0,
        ..SchedulerConfig::default()
    };
    let midnight = Scheduler::new(config).expect("valid");
    let four = Scheduler::new(SchedulerConfig::default()).expect("valid");
    let late = day_at(1, 2); // 02:00 local
    assert_eq!(midnight.day(late), midnight.day(day_at(1, 9)));
    assert_eq!(four.day(late), four.day(day_at(0, 9)));
}

#[test]
fn optimising_fits_a_user_who_forgets_faster() {
    // This user recalls less than FSRS's defaults predict (r^2 instead of r),
    // so parameters fitted to their history predict it better.
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    let ids = card_ids(300);
    simulate(&mut sim, &ids, 150, 21, |r| r * r);
    let set = TrainingSet::from_collection(&sim.collection);
    assert!(set.len() >= 400, "only {} long-term reviews", set.len());
    let mut job = OptimizeJob::spawn(set, Vec::new(), 1);
    let mut polls = 0;
    let result = loop {
        if let Some(result) = job.try_result() {
            break result;
        }
        let p = job.progress();
        assert!((0.0..=1.0).contains(&p), "{p}");
        polls += 1;
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let result = result.expect("optimised");
    assert!(polls > 0);
    assert_eq!(result.new_parameters.len(), 21);
    assert!(result.old_log_loss.is_finite() && result.new_log_loss.is_finite());
    assert!(
        result.is_improvement(),
        "new log loss {} should beat the defaults' {}",
        result.new_log_loss,
        result.old_log_loss
    );
    // The fitted parameters are usable by the scheduler.
    let config = SchedulerConfig {
        fsrs_parameters: result.new_parameters,
        ..SchedulerConfig::default()
    };
    assert!(Scheduler::new(config).is_ok());
}

#[test]
fn optimising_needs_enough_reviews() {
    let mut sim = Sim::new(SchedulerConfig::default(), "sim");
    simulate(&mut sim, &card_ids(10), 10, 1, |r| r);
    let set = TrainingSet::from_collection(&sim.collection);
    let err = archdeck::srs::optimize(&set, &[], 1, &fsrs::CombinedProgressState::new_shared())
        .expect_err("too few");
    assert!(err.to_string().contains("at least 400"), "{err}");
}
