//! The scheduler: Anki's learning steps around FSRS-6 review intervals.

use super::card::{CardState, Due, Phase};
use super::config::{ConfigError, SchedulerConfig};
use super::event::{Event, EventKind};
use super::fsrs6::{Memory, Weights};
use super::fuzz::{fuzz_factor_of, fuzzed_interval, key_seed};
use super::grade::Grade;
use super::time::{Day, MS_PER_DAY, MS_PER_MINUTE, Moment, Wait, format_interval};

/// The wait after one grade, for an answer button: `"<10m"`, `"1d"`, `"3.2mo"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextInterval {
    /// The button.
    pub grade: Grade,
    /// How long until the card comes back.
    pub wait: Wait,
    /// The button's label.
    pub label: String,
}

/// Invalid scheduler settings: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid scheduler settings: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ConfigErrors(pub Vec<ConfigError>);

/// Turns answers into new card states. Pure: time is always a parameter.
#[derive(Debug, Clone)]
pub struct Scheduler {
    config: SchedulerConfig,
    weights: Weights,
    /// `Weights::retention_term` of the desired retention.
    retention_term: f32,
    learning_ms: Vec<i64>,
    relearning_ms: Vec<i64>,
}

/// What a (re)learning answer does.
enum StepOutcome {
    /// Stay in steps: go to this step, due after this delay.
    Step(usize, i64),
    /// Leave the steps for the review phase.
    Graduate,
}

impl Scheduler {
    /// A scheduler with these settings, or every problem with them.
    pub fn new(config: SchedulerConfig) -> Result<Self, ConfigErrors> {
        let problems = config.problems();
        if !problems.is_empty() {
            return Err(ConfigErrors(problems));
        }
        let weights = Weights::new(&config.fsrs_parameters).map_err(|e| {
            ConfigErrors(vec![ConfigError {
                field: "fsrs_parameters".into(),
                message: e.to_string(),
            }])
        })?;
        let to_ms = |steps: &[f32]| -> Vec<i64> {
            steps
                .iter()
                .map(|m| ((f64::from(*m) * MS_PER_MINUTE as f64).round() as i64).max(1_000))
                .collect()
        };
        Ok(Self {
            retention_term: weights.retention_term(config.desired_retention),
            learning_ms: to_ms(&config.learning_steps_minutes),
            relearning_ms: to_ms(&config.relearning_steps_minutes),
            weights,
            config,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// The FSRS weights in use.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The scheduler day of `at` (days start at the rollover hour).
    pub fn day(&self, at: Moment) -> Day {
        at.day(self.config.rollover_hour)
    }

    /// The state after answering `card` (keyed `key`) with `grade` at `at`.
    pub fn answer(&self, key: &str, card: &CardState, grade: Grade, at: Moment) -> CardState {
        let mut next = card.clone();
        self.answer_in_place(key_seed(key), &mut next, grade, at);
        next
    }

    /// The state after `event`. Undo events change nothing here: the
    /// collection replays the card without the undone event.
    pub fn apply(&self, card: &mut CardState, event: &Event) {
        self.apply_seeded(card, event, key_seed(event.card.as_str()));
    }

    /// [`Scheduler::apply`] with the card's fuzz seed known.
    pub(crate) fn apply_seeded(&self, card: &mut CardState, event: &Event, seed: u64) {
        match &event.kind {
            EventKind::Review(review) => {
                self.answer_in_place(seed, card, review.grade, event.at);
            }
            EventKind::Bury => card.buried_on = Some(self.day(event.at)),
            EventKind::Suspend => card.suspended = true,
            EventKind::Unsuspend => card.suspended = false,
            EventKind::Reset => {
                *card = CardState {
                    suspended: card.suspended,
                    ..CardState::new()
                };
            }
            EventKind::Undo { .. } => {}
        }
    }

    /// The wait each grade would give, for the answer buttons. Equals what
    /// [`Scheduler::answer`] then does (the fuzz is deterministic).
    pub fn preview(&self, key: &str, card: &CardState, at: Moment) -> [NextInterval; 4] {
        let today = self.day(at);
        Grade::ALL.map(|grade| {
            let next = self.answer(key, card, grade, at);
            let wait = match next.due {
                Due::At(ms) => Wait::Seconds((ms - at.unix_ms).div_euclid(1_000)),
                Due::Day(day) => Wait::Days(u32::try_from(day.since(today)).unwrap_or(0)),
                Due::New => Wait::Seconds(0),
            };
            NextInterval {
                grade,
                wait,
                label: format_interval(wait, self.config.learn_ahead_minutes),
            }
        })
    }

    /// Probability that the card is recalled at `at` (None for new cards).
    pub fn retrievability(&self, card: &CardState, at: Moment) -> Option<f32> {
        let memory = card.memory?;
        let last = card.last_answer?;
        let days = self.day(at).since(self.day(last)).max(0);
        Some(self.weights.retrievability(memory, days as f32))
    }

    fn answer_in_place(&self, seed: u64, card: &mut CardState, grade: Grade, at: Moment) {
        let today = self.day(at);
        let elapsed = card.last_answer.map_or(0, |last| {
            u32::try_from(today.since(self.day(last))).unwrap_or(0)
        });
        let before = card.memory;
        let memory = self.weights.step(before, elapsed, grade);
        let fuzz = fuzz_factor_of(seed, card.reps);
        match card.phase {
            Phase::New | Phase::Learning { .. } => {
                if card.phase == Phase::New {
                    card.introduced_on = Some(today);
                }
                let step = match card.phase {
                    Phase::Learning { step } => usize::from(step),
                    _ => 0,
                };
                match step_outcome(&self.learning_ms, step, grade) {
                    StepOutcome::Step(step, delay) => {
                        card.phase = Phase::Learning {
                            step: clamp_u16(step),
                        };
                        card.due = self.step_due(at, delay);
                    }
                    StepOutcome::Graduate => {
                        let days = self.graduation_days(before, elapsed, grade, memory, fuzz);
                        Self::schedule_review(card, today, days);
                    }
                }
            }
            Phase::Review => {
                card.review_answers = Some(match card.review_answers {
                    Some((day, n)) if day == today => (day, n + 1),
                    _ => (today, 1),
                });
                if grade == Grade::Again {
                    card.lapses += 1;
                    let days = self.fuzzed(memory, 1, fuzz);
                    if let Some(&delay) = self.relearning_ms.first() {
                        card.phase = Phase::Relearning { step: 0 };
                        card.due = self.step_due(at, delay);
                        card.interval_days = days;
                    } else {
                        Self::schedule_review(card, today, days);
                    }
                } else {
                    let days = self.passing_days(before, elapsed, grade, memory, fuzz);
                    Self::schedule_review(card, today, days);
                }
            }
            Phase::Relearning { step } => {
                match step_outcome(&self.relearning_ms, usize::from(step), grade) {
                    StepOutcome::Step(step, delay) => {
                        card.phase = Phase::Relearning {
                            step: clamp_u16(step),
                        };
                        card.due = self.step_due(at, delay);
                    }
                    StepOutcome::Graduate => {
                        let days = self.graduation_days(before, elapsed, grade, memory, fuzz);
                        Self::schedule_review(card, today, days);
                    }
                }
            }
        }
        card.memory = Some(memory);
        card.last_answer = Some(at);
        card.reps += 1;
    }

    fn schedule_review(card: &mut CardState, today: Day, days: u32) {
        card.phase = Phase::Review;
        card.interval_days = days;
        card.due = Due::Day(today.plus(i32::try_from(days).unwrap_or(i32::MAX)));
    }

    /// Due time of a step: minutes-long steps are due at a time, day-long
    /// steps on a day (as Anki's interday learning).
    fn step_due(&self, at: Moment, delay_ms: i64) -> Due {
        if delay_ms >= MS_PER_DAY {
            let days = (delay_ms as f64 / MS_PER_DAY as f64).round().max(1.0) as i32;
            Due::Day(self.day(at).plus(days))
        } else {
            Due::At(at.unix_ms + delay_ms)
        }
    }

    /// FSRS's interval for `memory`, fuzzed, at least `minimum` days.
    fn fuzzed(&self, memory: Memory, minimum: u32, fuzz: f64) -> u32 {
        let ideal = self
            .weights
            .interval_days_for(memory.stability, self.retention_term);
        fuzzed_interval(
            f64::from(ideal),
            minimum,
            self.config.maximum_interval_days,
            fuzz,
        )
    }

    /// Interval of a passing review answer, keeping Hard < Good < Easy as
    /// Anki does.
    fn passing_days(
        &self,
        before: Option<Memory>,
        elapsed: u32,
        grade: Grade,
        memory: Memory,
        fuzz: f64,
    ) -> u32 {
        let hard = |s: &Self| {
            if grade == Grade::Hard {
                s.fuzzed(memory, 1, fuzz)
            } else {
                s.fuzzed(s.weights.step(before, elapsed, Grade::Hard), 1, fuzz)
            }
        };
        match grade {
            Grade::Again | Grade::Hard => hard(self),
            Grade::Good => self.fuzzed(memory, hard(self) + 1, fuzz),
            Grade::Easy => {
                let good_memory = self.weights.step(before, elapsed, Grade::Good);
                let good = self.fuzzed(good_memory, hard(self) + 1, fuzz);
                self.fuzzed(memory, good + 1, fuzz)
            }
        }
    }

    /// Interval when leaving (re)learning steps; Easy gives more than Good.
    fn graduation_days(
        &self,
        before: Option<Memory>,
        elapsed: u32,
        grade: Grade,
        memory: Memory,
        fuzz: f64,
    ) -> u32 {
        if grade == Grade::Easy {
            let good = self.fuzzed(self.weights.step(before, elapsed, Grade::Good), 1, fuzz);
            self.fuzzed(memory, good + 1, fuzz)
        } else {
            self.fuzzed(memory, 1, fuzz)
        }
    }
}

fn clamp_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Anki's step rules: Again restarts, Hard repeats (the first step waits the
/// mean of the first two, or 1.5 times a lone step), Good advances or
/// graduates, Easy graduates.
fn step_outcome(steps: &[i64], step: usize, grade: Grade) -> StepOutcome {
    let Some(last) = steps.len().checked_sub(1) else {
        return StepOutcome::Graduate;
    };
    let step = step.min(last);
    match grade {
        Grade::Again => StepOutcome::Step(0, steps[0]),
        Grade::Hard => {
            let delay = if step == 0 {
                match steps.get(1) {
                    Some(next) => (steps[0] + next) / 2,
                    None => (steps[0] * 3 / 2).min(steps[0] + MS_PER_DAY),
                }
            } else {
                steps[step]
            };
            StepOutcome::Step(step, delay)
        }
        Grade::Good if step < last => StepOutcome::Step(step + 1, steps[step + 1]),
        Grade::Good | Grade::Easy => StepOutcome::Graduate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_767_250_800_000; // 2026-01-01 07:00 UTC

    fn at(minutes: i64) -> Moment {
        Moment::new(T0 + minutes * MS_PER_MINUTE, 0)
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerConfig::default()).expect("defaults are valid")
    }

    #[test]
    fn new_cards_walk_the_learning_steps() {
        let s = scheduler();
        let new = CardState::new();
        let labels: Vec<String> = s
            .preview("d/c", &new, at(0))
            .into_iter()
            .map(|n| n.label)
            .collect();
        // Again 1m, Hard mean(1m, 10m) = 5.5m -> "6m"? Anki shows "<6m".
        assert_eq!(labels[0], "<1m");
        assert_eq!(labels[1], "<6m");
        assert_eq!(labels[2], "<10m");
        assert!(labels[3].ends_with('d'), "easy graduates: {}", labels[3]);

        let c = s.answer("d/c", &new, Grade::Good, at(0));
        assert_eq!(c.phase, Phase::Learning { step: 1 });
        assert_eq!(c.due, Due::At(at(10).unix_ms));
        let c = s.answer("d/c", &c, Grade::Good, at(10));
        assert_eq!(c.phase, Phase::Review);
        assert!(c.interval_days >= 1);
        assert_eq!(c.introduced_on, Some(s.day(at(0))));
    }

    #[test]
    fn again_in_review_goes_to_relearning_and_shrinks_the_interval() {
        let s = scheduler();
        let mut c = CardState::new();
        let mut now = at(0);
        for _ in 0..6 {
            c = s.answer("d/c", &c, Grade::Good, now);
            now = match c.due {
                Due::At(ms) => Moment::new(ms, 0),
                Due::Day(d) => Moment::new(d.start_ms(4, 0) + 5 * 3_600_000, 0),
                Due::New => unreachable!(),
            };
        }
        assert_eq!(c.phase, Phase::Review);
        let long = c.interval_days;
        let lapsed = s.answer("d/c", &c, Grade::Again, now);
        assert_eq!(lapsed.phase, Phase::Relearning { step: 0 });
        assert_eq!(lapsed.lapses, 1);
        assert_eq!(lapsed.due, Due::At(now.unix_ms + 10 * MS_PER_MINUTE));
        let back = s.answer("d/c", &lapsed, Grade::Good, now.plus_ms(10 * MS_PER_MINUTE));
        assert_eq!(back.phase, Phase::Review);
        assert!(
            back.interval_days < long,
            "{} !< {long}",
            back.interval_days
        );
    }

    #[test]
    fn review_buttons_are_ordered_and_preview_matches_answer() {
        let s = scheduler();
        let mut c = s.answer("d/c", &CardState::new(), Grade::Easy, at(0));
        for _ in 0..3 {
            let Due::Day(d) = c.due else { panic!("review") };
            let now = Moment::new(d.start_ms(4, 0) + 3_600_000, 0);
            let preview = s.preview("d/c", &c, now);
            let days: Vec<u32> = preview[1..]
                .iter()
                .map(|n| match n.wait {
                    Wait::Days(d) => d,
                    Wait::Seconds(_) => panic!("review answers wait days"),
                })
                .collect();
            assert!(days[0] < days[1] && days[1] < days[2], "{days:?}");
            let next = s.answer("d/c", &c, Grade::Good, now);
            assert_eq!(Wait::Days(next.interval_days), preview[2].wait);
            c = next;
        }
    }

    #[test]
    fn no_steps_means_straight_to_review() {
        let s = Scheduler::new(SchedulerConfig {
            learning_steps_minutes: vec![],
            relearning_steps_minutes: vec![],
            ..SchedulerConfig::default()
        })
        .expect("valid");
        for g in Grade::ALL {
            let c = s.answer("d/c", &CardState::new(), g, at(0));
            assert_eq!(c.phase, Phase::Review, "{g}");
        }
    }

    #[test]
    fn day_long_steps_are_due_on_a_day() {
        let s = Scheduler::new(SchedulerConfig {
            learning_steps_minutes: vec![10.0, 1_440.0],
            ..SchedulerConfig::default()
        })
        .expect("valid");
        let c = s.answer("d/c", &CardState::new(), Grade::Good, at(0));
        assert_eq!(c.due, Due::Day(s.day(at(0)).plus(1)));
        assert_eq!(c.phase, Phase::Learning { step: 1 });
    }

    #[test]
    fn invalid_settings_are_refused_with_every_problem() {
        let err = Scheduler::new(SchedulerConfig {
            desired_retention: 1.5,
            rollover_hour: 30,
            ..SchedulerConfig::default()
        })
        .expect_err("invalid");
        assert_eq!(err.0.len(), 2);
        assert!(err.to_string().contains("desired_retention"));
    }
}
