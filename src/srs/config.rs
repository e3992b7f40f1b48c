//! Scheduler settings: retention, steps, daily limits, day rollover, FSRS
//! parameters. Stored inside `settings.ron` by `store`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fsrs6::Weights;

/// Allowed desired retention.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.99;

/// Daily limits of one deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyLimits {
    /// New cards introduced per day.
    pub new_per_day: u32,
    /// Reviews (of cards in the review phase) per day. As in Anki's v3
    /// scheduler, new cards also count against this limit.
    pub reviews_per_day: u32,
}

impl Default for DailyLimits {
    fn default() -> Self {
        Self {
            new_per_day: 20,
            reviews_per_day: 200,
        }
    }
}

/// How the scheduler behaves. Defaults follow Anki's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SchedulerConfig {
    /// Probability of recall FSRS aims for when a card comes due (0.70 to 0.99).
    pub desired_retention: f32,
    /// Learning steps of new cards, in minutes (Anki: 1m 10m).
    pub learning_steps_minutes: Vec<f32>,
    /// Relearning steps of forgotten cards, in minutes (Anki: 10m).
    pub relearning_steps_minutes: Vec<f32>,
    /// Limits of decks without their own entry in `deck_limits`.
    pub default_limits: DailyLimits,
    /// Limits by deck id.
    pub deck_limits: BTreeMap<String, DailyLimits>,
    /// Local hour (0 to 23) at which a new study day starts.
    pub rollover_hour: u8,
    /// Longest review interval, in days.
    pub maximum_interval_days: u32,
    /// Learning cards due within this many minutes are shown when nothing
    /// else is left (Anki's learn-ahead limit).
    pub learn_ahead_minutes: u32,
    /// FSRS-6 parameters; empty means the defaults.
    pub fsrs_parameters: Vec<f32>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            desired_retention: 0.9,
            learning_steps_minutes: vec![1.0, 10.0],
            relearning_steps_minutes: vec![10.0],
            default_limits: DailyLimits::default(),
            deck_limits: BTreeMap::new(),
            rollover_hour: 4,
            maximum_interval_days: 36_500,
            learn_ahead_minutes: 20,
            fsrs_parameters: Vec::new(),
        }
    }
}

/// A setting out of range, with the field's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ConfigError {
    /// The field, as named in `settings.ron`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl ConfigError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Longest learning step accepted: one year.
const MAX_STEP_MINUTES: f32 = 365.0 * 24.0 * 60.0;

impl SchedulerConfig {
    /// The limits of a deck.
    pub fn limits(&self, deck_id: &str) -> DailyLimits {
        self.deck_limits
            .get(deck_id)
            .copied()
            .unwrap_or(self.default_limits)
    }

    /// Every problem of these settings (empty when valid).
    pub fn problems(&self) -> Vec<ConfigError> {
        let mut out = Vec::new();
        if !RETENTION_RANGE.contains(&self.desired_retention) {
            out.push(ConfigError::new(
                "desired_retention",
                format!(
                    "{} is outside 0.70 to 0.99; 0.90 is a good default",
                    self.desired_retention
                ),
            ));
        }
        for (field, steps) in [
            ("learning_steps_minutes", &self.learning_steps_minutes),
            ("relearning_steps_minutes", &self.relearning_steps_minutes),
        ] {
            if let Some(bad) = steps
                .iter()
                .find(|s| !s.is_finite() || **s <= 0.0 || **s > MAX_STEP_MINUTES)
            {
                out.push(ConfigError::new(
                    field,
                    format!("step {bad} must be more than 0 and at most a year (525600 minutes)"),
                ));
            }
        }
        if self.rollover_hour > 23 {
            out.push(ConfigError::new(
                "rollover_hour",
                format!("{} is not an hour of the day (0 to 23)", self.rollover_hour),
            ));
        }
        if !(1..=36_500).contains(&self.maximum_interval_days) {
            out.push(ConfigError::new(
                "maximum_interval_days",
                format!("{} is outside 1 to 36500", self.maximum_interval_days),
            ));
        }
        if self.learn_ahead_minutes > 24 * 60 {
            out.push(ConfigError::new(
                "learn_ahead_minutes",
                format!("{} is more than a day (1440)", self.learn_ahead_minutes),
            ));
        }
        if let Err(e) = Weights::new(&self.fsrs_parameters) {
            out.push(ConfigError::new("fsrs_parameters", e.to_string()));
        }
        for deck in self.deck_limits.keys() {
            if deck.is_empty() || deck.contains('/') {
                out.push(ConfigError::new(
                    format!("deck_limits[{deck:?}]"),
                    "a deck id is non-empty and has no '/'",
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_anki_like() {
        let c = SchedulerConfig::default();
        assert!(c.problems().is_empty());
        assert_eq!(c.limits("any").new_per_day, 20);
        assert_eq!(c.limits("any").reviews_per_day, 200);
    }

    #[test]
    fn out_of_range_values_are_named() {
        let c = SchedulerConfig {
            desired_retention: 0.5,
            learning_steps_minutes: vec![1.0, -3.0],
            rollover_hour: 24,
            fsrs_parameters: vec![1.0, 2.0],
            ..SchedulerConfig::default()
        };
        let fields: Vec<String> = c.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "desired_retention",
                "learning_steps_minutes",
                "rollover_hour",
                "fsrs_parameters"
            ]
        );
    }

    #[test]
    fn per_deck_limits_override_the_default() {
        let mut c = SchedulerConfig::default();
        c.deck_limits.insert(
            "small".into(),
            DailyLimits {
                new_per_day: 5,
                reviews_per_day: 50,
            },
        );
        assert_eq!(c.limits("small").new_per_day, 5);
        assert_eq!(c.limits("other").new_per_day, 20);
    }
}
