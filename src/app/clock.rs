//! The app's notion of "now": the real clock in the binary, a fixed and
//! advanceable one in tests, so a week of study can be simulated.

use chrono::{DateTime, Duration, Utc};

/// Where the app reads the time from. Domain modules never read the clock;
/// the app passes `clock.now()` to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// A fixed instant that only moves when told to.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Fixed(t) => *t,
        }
    }

    /// Moves a fixed clock forward; the system clock cannot be moved.
    pub fn advance(&mut self, by: Duration) {
        if let Self::Fixed(t) = self {
            *t += by;
        }
    }

    /// Whether this clock is simulated.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Self::Fixed(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_advanced() {
        let start = DateTime::from_timestamp(1_700_000_000, 0).expect("valid time");
        let mut clock = Clock::Fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::days(1));
        assert_eq!(clock.now(), start + Duration::days(1));
        assert!(clock.is_fixed());
    }
}
