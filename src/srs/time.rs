//! Moments, scheduler days and interval labels.
//!
//! The scheduler never reads the clock: every call takes a [`Moment`] built
//! at the edge of the app from the local time (`Moment::from_datetime`).

use std::fmt;

use chrono::{DateTime, Offset, TimeZone};

/// Milliseconds in a minute.
pub const MS_PER_MINUTE: i64 = 60_000;
/// Milliseconds in an hour.
pub const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
/// Milliseconds in a day.
pub const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;
/// Largest UTC offset accepted, in minutes (real offsets stay within ±14 h).
pub const MAX_UTC_OFFSET_MINUTES: i16 = 24 * 60;

/// A point in time as the user's device saw it: milliseconds since the Unix
/// epoch plus the local UTC offset then (the offset decides which local day
/// a review belongs to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Moment {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub unix_ms: i64,
    /// Local time minus UTC, in minutes (e.g. 60 for CET, -300 for EST).
    pub utc_offset_minutes: i16,
}

impl Moment {
    /// A moment from its parts.
    pub const fn new(unix_ms: i64, utc_offset_minutes: i16) -> Self {
        Self {
            unix_ms,
            utc_offset_minutes,
        }
    }

    /// A moment from a chrono date-time with its offset; the app passes the
    /// local time it read from the clock.
    pub fn from_datetime<Tz: TimeZone>(dt: &DateTime<Tz>) -> Self {
        let offset_secs = dt.offset().fix().local_minus_utc();
        Self {
            unix_ms: dt.timestamp_millis(),
            utc_offset_minutes: i16::try_from(offset_secs / 60).unwrap_or(0),
        }
    }

    /// The scheduler day this moment falls on, for a day that starts at
    /// `rollover_hour` local time.
    pub fn day(self, rollover_hour: u8) -> Day {
        let local = self.unix_ms + i64::from(self.utc_offset_minutes) * MS_PER_MINUTE
            - i64::from(rollover_hour) * MS_PER_HOUR;
        Day(
            i32::try_from(local.div_euclid(MS_PER_DAY)).unwrap_or(if local < 0 {
                i32::MIN
            } else {
                i32::MAX
            }),
        )
    }

    /// The same offset, `ms` milliseconds later.
    #[must_use]
    pub const fn plus_ms(self, ms: i64) -> Self {
        Self {
            unix_ms: self.unix_ms.saturating_add(ms),
            utc_offset_minutes: self.utc_offset_minutes,
        }
    }
}

/// A scheduler day: days since 1970-01-01 in local time, where each day
/// starts at the rollover hour (4 am by default, as in Anki).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Day(pub i32);

impl Day {
    /// The day `days` later (negative for earlier).
    #[must_use]
    pub const fn plus(self, days: i32) -> Self {
        Day(self.0.saturating_add(days))
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub const fn since(self, earlier: Day) -> i32 {
        self.0.saturating_sub(earlier.0)
    }

    /// Milliseconds since the epoch at which this day starts, for the given
    /// rollover hour and UTC offset.
    pub fn start_ms(self, rollover_hour: u8, utc_offset_minutes: i16) -> i64 {
        i64::from(self.0) * MS_PER_DAY + i64::from(rollover_hour) * MS_PER_HOUR
            - i64::from(utc_offset_minutes) * MS_PER_MINUTE
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "day {}", self.0)
    }
}

/// A wait until a card is shown again, as shown on an answer button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// A learning step: this many seconds.
    Seconds(i64),
    /// A review interval: this many days.
    Days(u32),
}

impl Wait {
    /// The wait in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Wait::Seconds(s) => s,
            Wait::Days(d) => i64::from(d) * 86_400,
        }
    }
}

/// Days in a month and a year, as Anki counts them for labels.
const DAYS_PER_MONTH: f64 = 365.0 / 12.0;
const DAYS_PER_YEAR: f64 = 365.0;

/// Formats a wait the way Anki labels answer buttons: `"<1m"`, `"<10m"`
/// (steps shorter than the learn-ahead limit may come back sooner), `"1h"`,
/// `"1d"`, `"18d"`, `"3.2mo"`, `"1.5y"`.
pub fn format_interval(wait: Wait, learn_ahead_minutes: u32) -> String {
    match wait {
        Wait::Seconds(secs) => {
            let text = format_seconds(secs.max(0));
            if secs < i64::from(learn_ahead_minutes) * 60 {
                format!("<{text}")
            } else {
                text
            }
        }
        Wait::Days(days) => format_days(f64::from(days)),
    }
}

fn format_seconds(secs: i64) -> String {
    let s = secs as f64;
    if secs < 60 {
        format!("{secs}s")
    } else if secs < 3_600 {
        format!("{}m", (s / 60.0).round())
    } else if secs < 86_400 {
        format!("{}h", one_decimal(s / 3_600.0))
    } else {
        format_days(s / 86_400.0)
    }
}

fn format_days(days: f64) -> String {
    if days < DAYS_PER_MONTH {
        format!("{}d", days.round().max(1.0))
    } else if days < DAYS_PER_YEAR {
        format!("{}mo", one_decimal(days / DAYS_PER_MONTH))
    } else {
        format!("{}y", one_decimal(days / DAYS_PER_YEAR))
    }
}

/// One decimal, without a trailing `.0`.
fn one_decimal(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_the_rollover_hour_in_local_time() {
        // 2026-01-10 03:59 and 04:00 UTC, offset 0: different scheduler days.
        let before = Moment::new(1_768_017_540_000, 0);
        let after = before.plus_ms(MS_PER_MINUTE);
        assert_eq!(after.day(4).since(before.day(4)), 1);
        // With a +60 min offset, 03:59 UTC is 04:59 local: already the new day.
        let cet = Moment::new(before.unix_ms, 60);
        assert_eq!(cet.day(4), after.day(4));
        // start_ms is the inverse of day().
        let day = after.day(4);
        assert_eq!(day.start_ms(4, 0), after.unix_ms);
        assert_eq!(Moment::new(day.start_ms(4, 60), 60).day(4), day);
        assert_eq!(
            Moment::new(day.start_ms(4, 60) - 1, 60).day(4),
            day.plus(-1)
        );
    }

    #[test]
    fn days_before_the_epoch_round_down() {
        assert_eq!(Moment::new(-1, 0).day(0), Day(-1));
        assert_eq!(Moment::new(0, 0).day(0), Day(0));
    }

    #[test]
    fn labels_match_anki() {
        let label = |w| format_interval(w, 20);
        assert_eq!(label(Wait::Seconds(60)), "<1m");
        assert_eq!(label(Wait::Seconds(600)), "<10m");
        assert_eq!(label(Wait::Seconds(1_200)), "20m");
        assert_eq!(label(Wait::Seconds(3_600)), "1h");
        assert_eq!(label(Wait::Seconds(5_400)), "1.5h");
        assert_eq!(label(Wait::Seconds(86_400)), "1d");
        assert_eq!(label(Wait::Days(1)), "1d");
        assert_eq!(label(Wait::Days(18)), "18d");
        assert_eq!(label(Wait::Days(96)), "3.2mo");
        assert_eq!(label(Wait::Days(365)), "1y");
        assert_eq!(label(Wait::Days(548)), "1.5y");
    }
}
