//! FSRS-6 memory updates, one review at a time, without allocation.
//!
//! `fsrs::FSRS::next_states` computes all four grades per call (about 0.7 µs);
//! replaying a million reviews needs only the chosen grade. These functions
//! repeat the `fsrs` 6.6.2 formulas operation for operation, on parameters
//! filled by `fsrs::check_and_fill_parameters` and clipped as `fsrs::FSRS::new`
//! clips them, so the results are bit-identical to the crate's (a test in
//! this file checks it against `next_states` on random states and
//! parameters).

use super::grade::Grade;

/// Smallest and largest stability, in days (as in `fsrs`).
const S_MIN: f32 = 0.001;
const S_MAX: f32 = 36_500.0;
/// Difficulty range (as in `fsrs`).
const D_MIN: f32 = 1.0;
const D_MAX: f32 = 10.0;
/// Upper bound of the initial stabilities (as in `fsrs`).
const INIT_S_MAX: f32 = 100.0;

/// How well a card is remembered: FSRS's stability (days until recall
/// probability falls to 90%) and difficulty (1 to 10).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Stability in days.
    pub stability: f32,
    /// Difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

impl From<Memory> for fsrs::MemoryState {
    fn from(m: Memory) -> Self {
        fsrs::MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

/// The 21 FSRS-6 weights, filled and clipped as `fsrs::FSRS::new` does.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    w: [f32; 21],
    /// The forgetting curve's factor, `(ln 0.9 / -w20).exp() - 1`, computed
    /// once with the crate's expression (so results stay bit-identical).
    factor: f32,
}

/// Why FSRS parameters were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "FSRS parameters must be empty (defaults) or 17, 19 or 21 finite numbers; got {count} value(s)"
)]
pub struct InvalidParameters {
    /// How many values were given.
    pub count: usize,
}

impl Weights {
    /// Checks and fills `parameters` (empty means the defaults) and clips them
    /// to the ranges `fsrs::FSRS::new` allows.
    pub fn new(parameters: &[f32]) -> Result<Self, InvalidParameters> {
        let filled =
            fsrs::check_and_fill_parameters(parameters).map_err(|_| InvalidParameters {
                count: parameters.len(),
            })?;
        let mut w = [0.0f32; 21];
        if filled.len() != w.len() {
            return Err(InvalidParameters {
                count: parameters.len(),
            });
        }
        w.copy_from_slice(&filled);
        clip(&mut w);
        let decay = -w[20];
        let factor = (0.9f32.ln() / decay).exp() - 1.0;
        Ok(Self { w, factor })
    }

    /// The weights as a slice.
    pub fn as_slice(&self) -> &[f32] {
        &self.w
    }

    /// The memory after one review: `previous` is `None` for a new card,
    /// `elapsed_days` the whole days since the previous review (0 within a day).
    pub fn step(&self, previous: Option<Memory>, elapsed_days: u32, grade: Grade) -> Memory {
        let w = &self.w;
        let rating = f32::from(grade.number());
        let Some(state) = previous else {
            let r = usize::from(grade.number());
            return Memory {
                stability: init_stability(w, r).clamp(S_MIN, S_MAX),
                difficulty: init_difficulty(w, r).clamp(D_MIN, D_MAX),
            };
        };
        let last_s = state.stability.clamp(S_MIN, S_MAX);
        let last_d = state.difficulty.clamp(D_MIN, D_MAX);
        let new_s = if elapsed_days == 0 {
            stability_short_term(w, last_s, rating)
        } else {
            let r = self.forgetting_curve(elapsed_days as f32, last_s);
            if grade == Grade::Again {
                stability_after_failure(w, last_s, last_d, r)
            } else {
                stability_after_success(w, last_s, last_d, r, grade)
            }
        };
        let new_d = mean_reversion(w, next_difficulty(w, last_d, rating)).clamp(D_MIN, D_MAX);
        Memory {
            stability: new_s.clamp(S_MIN, S_MAX),
            difficulty: new_d,
        }
    }

    /// Days until recall probability falls to `desired_retention`.
    pub fn interval_days(&self, stability: f32, desired_retention: f32) -> f32 {
        self.interval_days_for(stability, self.retention_term(desired_retention))
    }

    /// The part of the interval formula that depends on the retention only
    /// (computed once per scheduler).
    pub(crate) fn retention_term(&self, desired_retention: f32) -> f32 {
        let decay = -self.w[20];
        desired_retention.powf(1.0 / decay) - 1.0
    }

    /// [`Weights::interval_days`] with the retention term precomputed.
    pub(crate) fn interval_days_for(&self, stability: f32, retention_term: f32) -> f32 {
        stability / self.factor * retention_term
    }

    /// Probability of recall `elapsed_days` after the last review.
    pub fn retrievability(&self, memory: Memory, elapsed_days: f32) -> f32 {
        self.forgetting_curve(elapsed_days, memory.stability.clamp(S_MIN, S_MAX))
    }

    #[inline]
    fn forgetting_curve(&self, t: f32, s: f32) -> f32 {
        let decay = -self.w[20];
        (t / s * self.factor + 1.0).powf(decay)
    }
}

/// `fsrs::parameter_clipper::clip_parameters` with one relearning step and
/// short-term training off: the clipping `fsrs::FSRS::new` applies.
fn clip(w: &mut [f32; 21]) {
    let clamps: [(f32, f32); 21] = [
        (S_MIN, INIT_S_MAX),
        (S_MIN, INIT_S_MAX),
        (S_MIN, INIT_S_MAX),
        (S_MIN, INIT_S_MAX),
        (D_MIN, D_MAX),
        (0.001, 4.0),
        (0.001, 4.0),
        (0.001, 0.75),
        (0.0, 4.5),
        (0.0, 0.8),
        (0.001, 3.5),
        (0.001, 5.0),
        (0.001, 0.25),
        (0.001, 0.9),
        (0.0, 4.0),
        (0.0, 1.0),
        (1.0, 6.0),
        (0.0, 2.0),
        (0.0, 2.0),
        (0.0, 0.8),
        (0.1, 0.8),
    ];
    for (x, (low, high)) in w.iter_mut().zip(clamps) {
        *x = x.clamp(low, high);
    }
}

#[inline]
fn init_stability(w: &[f32; 21], rating: usize) -> f32 {
    w[rating.saturating_sub(1).min(3)]
}

#[inline]
fn init_difficulty(w: &[f32; 21], rating: usize) -> f32 {
    w[4] - (w[5] * rating.saturating_sub(1) as f32).exp() + 1.0
}

#[inline]
fn mean_reversion(w: &[f32; 21], new_d: f32) -> f32 {
    w[7] * (init_difficulty(w, 4) - new_d) + new_d
}

#[inline]
fn next_difficulty(w: &[f32; 21], difficulty: f32, rating: f32) -> f32 {
    let delta_d = -w[6] * (rating - 3.0);
    difficulty + (10.0 - difficulty) * delta_d / 9.0
}

#[inline]
fn stability_after_success(w: &[f32; 21], last_s: f32, last_d: f32, r: f32, grade: Grade) -> f32 {
    let hard_penalty = if grade == Grade::Hard { w[15] } else { 1.0 };
    let easy_bonus = if grade == Grade::Easy { w[16] } else { 1.0 };
    last_s
        * (w[8].exp()
            * (11.0 - last_d)
            * last_s.powf(-w[9])
            * (((1.0 - r) * w[10]).exp() - 1.0)
            * hard_penalty
            * easy_bonus
            + 1.0)
}

#[inline]
fn stability_after_failure(w: &[f32; 21], last_s: f32, last_d: f32, r: f32) -> f32 {
    let new_s = w[11]
        * last_d.powf(-w[12])
        * ((last_s + 1.0).powf(w[13]) - 1.0)
        * ((1.0 - r) * w[14]).exp();
    let new_s_min = last_s / (w[17] * w[18]).exp();
    new_s.min(new_s_min)
}

#[inline]
fn stability_short_term(w: &[f32; 21], last_s: f32, rating: f32) -> f32 {
    let sinc = (w[17] * (rating - 3.0 + w[18])).exp() * last_s.powf(-w[19]);
    last_s * if rating >= 2.0 { sinc.max(1.0) } else { sinc }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_step(params: &[f32], previous: Option<Memory>, days: u32, grade: Grade) -> Memory {
        let fsrs = fsrs::FSRS::new(params).expect("valid parameters");
        let next = fsrs
            .next_states(previous.map(Into::into), 0.9, days)
            .expect("finite state");
        let state = match grade {
            Grade::Again => next.again,
            Grade::Hard => next.hard,
            Grade::Good => next.good,
            Grade::Easy => next.easy,
        };
        Memory {
            stability: state.memory.stability,
            difficulty: state.memory.difficulty,
        }
    }

    #[test]
    fn new_cards_match_the_crate_with_default_parameters() {
        let w = Weights::new(&[]).expect("defaults");
        for grade in Grade::ALL {
            assert_eq!(w.step(None, 0, grade), crate_step(&[], None, 0, grade));
        }
    }

    #[test]
    fn intervals_match_the_crate() {
        let w = Weights::new(&[]).expect("defaults");
        let fsrs = fsrs::FSRS::new(&[]).expect("defaults");
        for s in [0.2f32, 1.0, 2.3, 10.0, 365.0, 5000.0] {
            for r in [0.7f32, 0.9, 0.97] {
                assert_eq!(
                    w.interval_days(s, r).to_bits(),
                    fsrs.next_interval(Some(s), r, 3).to_bits()
                );
            }
        }
    }

    #[test]
    fn wrong_parameter_counts_are_refused() {
        assert!(Weights::new(&[1.0; 5]).is_err());
        assert!(Weights::new(&[f32::NAN; 21]).is_err());
        assert!(Weights::new(&fsrs::DEFAULT_PARAMETERS).is_ok());
    }

    fn grade_strategy() -> impl Strategy<Value = Grade> {
        (1u8..=4).prop_map(|n| Grade::from_number(n).expect("1..=4"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Bit-identical to `fsrs::FSRS::next_states` for any state, elapsed
        /// days, grade and (perturbed, possibly out-of-range) parameters.
        #[test]
        fn step_is_bit_identical_to_the_crate(
            stability in 0.0005f32..40_000.0,
            difficulty in 0.5f32..11.0,
            days in prop_oneof![Just(0u32), 1u32..30, 30u32..5_000],
            grade in grade_strategy(),
            scale in proptest::collection::vec(0.3f32..2.5, 21),
        ) {
            let params: Vec<f32> = fsrs::DEFAULT_PARAMETERS
                .iter()
                .zip(&scale)
                .map(|(p, s)| p * s)
                .collect();
            let w = Weights::new(&params).expect("finite");
            let previous = Some(Memory { stability, difficulty });
            let ours = w.step(previous, days, grade);
            let theirs = crate_step(&params, previous, days, grade);
            prop_assert_eq!(ours.stability.to_bits(), theirs.stability.to_bits());
            prop_assert_eq!(ours.difficulty.to_bits(), theirs.difficulty.to_bits());
            for r in [0.7f32, 0.9, 0.99] {
                let fsrs = fsrs::FSRS::new(&params).expect("valid");
                prop_assert_eq!(
                    w.interval_days(ours.stability, r).to_bits(),
                    fsrs.next_interval(Some(ours.stability), r, 3).to_bits()
                );
            }
        }
    }
}
