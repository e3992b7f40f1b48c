//! Builds the statistics screen's figures from the scheduler's collection.

use chrono::NaiveDate;

use crate::srs::{Collection, Day, DayReviews, EventKind, Moment, Phase, Stats};
use crate::ui::stats::{PassFail, RetentionRow, StatsView};
use crate::ui::theme::StateColor;

use super::study::ScopeDeck;

/// Days of the reviews-per-day plot.
pub const HISTORY_DAYS: usize = 90;
/// Days of the calendar heatmap.
pub const CALENDAR_DAYS: u32 = 365;
/// Interval from which a card counts as mature, as in Anki.
pub const MATURE_DAYS: i32 = 21;

/// The calendar date of a scheduler day.
pub fn date_of(day: Day) -> Option<NaiveDate> {
    // Day 0 is 1970-01-01, which is day 719_163 counted from 0001-01-01.
    NaiveDate::from_num_days_from_ce_opt(day.0.checked_add(719_163)?)
}

/// The periods of Anki's true-retention table: name and how many days back
/// (inclusive of today) they reach; `None` is all time.
const PERIODS: [(&str, Option<i32>, i32); 6] = [
    ("Today", Some(0), 0),
    ("Yesterday", Some(1), 1),
    ("Last week", Some(6), 0),
    ("Last month", Some(29), 0),
    ("Last year", Some(364), 0),
    ("All time", None, 0),
];

/// Everything the statistics screen shows for `scope` at `now`.
pub fn stats_view(
    collection: &Collection,
    scope: &[ScopeDeck<'_>],
    title: &str,
    now: Moment,
) -> StatsView {
    let mut total: Option<Stats> = None;
    for deck in scope {
        let s = collection.stats(
            deck.id,
            deck.card_ids.iter().map(String::as_str),
            now,
            CALENDAR_DAYS,
        );
        match &mut total {
            Some(t) => t.merge(&s),
            None => total = Some(s),
        }
    }
    let stats = total.unwrap_or_default();
    let rollover = collection.scheduler().config().rollover_hour;
    let today = collection.scheduler().day(now);

    // Young and mature reviews, and retention per period.
    let mut young_cards = 0usize;
    let mut mature_cards = 0usize;
    let mut rows: Vec<RetentionRow> = PERIODS
        .iter()
        .map(|(period, _, _)| RetentionRow {
            period,
            young: PassFail::default(),
            mature: PassFail::default(),
        })
        .collect();
    let mut key = String::new();
    for deck in scope {
        for id in deck.card_ids {
            key.clear();
            key.push_str(deck.id);
            key.push('/');
            key.push_str(id);
            if let Some(state) = collection.state(&key)
                && state.phase == Phase::Review
            {
                if i32::try_from(state.interval_days).unwrap_or(i32::MAX) >= MATURE_DAYS {
                    mature_cards += 1;
                } else {
                    young_cards += 1;
                }
            }
            let mut previous: Option<Day> = None;
            for event in collection.history(&key) {
                match &event.kind {
                    EventKind::Review(review) => {
                        let day = event.at.day(rollover);
                        if let Some(prev) = previous
                            && day.since(prev) >= 1
                        {
                            let ago = today.since(day);
                            let mature = day.since(prev) >= MATURE_DAYS;
                            for (row, (_, reach, from)) in rows.iter_mut().zip(PERIODS) {
                                let inside = reach.is_none_or(|r| ago >= from && ago <= r);
                                if inside {
                                    let cell = if mature {
                                        &mut row.mature
                                    } else {
                                        &mut row.young
                                    };
                                    if review.grade.is_pass() {
                                        cell.passed += 1;
                                    } else {
                                        cell.failed += 1;
                                    }
                                }
                            }
                        }
                        previous = Some(day);
                    }
                    EventKind::Reset => previous = None,
                    _ => {}
                }
            }
        }
    }

    let c = stats.counts;
    let counts = vec![
        ("New", c.new, StateColor::New),
        ("Learning", c.learning, StateColor::Learning),
        ("Young", young_cards, StateColor::Review),
        ("Mature", mature_cards, StateColor::Review),
        ("Relearning", c.relearning, StateColor::Learning),
        ("Suspended", c.suspended, StateColor::Suspended),
        ("Buried", c.buried, StateColor::Suspended),
    ];
    let history_start = stats.history.len().saturating_sub(HISTORY_DAYS);
    StatsView {
        scope: title.to_owned(),
        today: date_of(today),
        today_answers: stats.reviews_today,
        today_seconds: stats.time_today_ms / 1000,
        counts,
        forecast: stats.forecast.clone(),
        history: stats.history[history_start..]
            .iter()
            .map(|d| d.by_grade)
            .collect(),
        retention: rows,
        calendar: stats.history.iter().map(DayReviews::total).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_zero_is_the_unix_epoch() {
        assert_eq!(date_of(Day(0)), NaiveDate::from_ymd_opt(1970, 1, 1));
        assert_eq!(date_of(Day(20_454)), NaiveDate::from_ymd_opt(2026, 1, 1));
    }
}
