//! The statistics screen: card counts by state, a due forecast, reviews per
//! day with grades stacked, Anki's true-retention table and a year heatmap.
//!
//! It draws a [`StatsView`] of plain numbers that the app computes from the
//! scheduler, so this file knows nothing of how they are counted.

use chrono::{Datelike, Duration, NaiveDate};
use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::study::GRADE_NAMES;
use super::theme::{self, StateColor};

/// Passed and failed reviews in one cell of the retention table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassFail {
    /// Answered Hard, Good or Easy.
    pub passed: u32,
    /// Answered Again.
    pub failed: u32,
}

impl PassFail {
    /// The share passed, if any review was counted.
    pub fn rate(self) -> Option<f64> {
        let total = self.passed + self.failed;
        (total > 0).then(|| f64::from(self.passed) / f64::from(total))
    }

    /// Adds another count.
    pub fn add(&mut self, other: Self) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// One row of the true-retention table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionRow {
    /// "Today", "Yesterday", "Last week", ...
    pub period: &'static str,
    /// Reviews of cards whose interval was under 21 days.
    pub young: PassFail,
    /// Reviews of cards whose interval was 21 days or more.
    pub mature: PassFail,
}

/// Everything the statistics screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatsView {
    /// What the figures cover ("System Design Interview QA 1", "All decks").
    pub scope: String,
    /// Today's date in the scheduler's day (after the rollover hour).
    pub today: Option<NaiveDate>,
    /// Answers today and seconds spent.
    pub today_answers: u32,
    /// Seconds spent answering today.
    pub today_seconds: u64,
    /// Cards by state: new, learning, young review, mature review, relearning,
    /// suspended, buried.
    pub counts: Vec<(&'static str, usize, StateColor)>,
    /// Cards due on each of the next days; index 0 is today (with overdue).
    pub forecast: Vec<u32>,
    /// Answers per day by grade, oldest first, ending today.
    pub history: Vec<[u32; 4]>,
    /// The true-retention table.
    pub retention: Vec<RetentionRow>,
    /// Answers per day over the last year, oldest first, ending today.
    pub calendar: Vec<u32>,
}

/// Draws the statistics.
pub fn stats_ui(ui: &mut Ui, view: &StatsView) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("Statistics");
            ui.label(RichText::new(&view.scope).color(theme::muted(ui.visuals())));
        });
        ui.add_space(4.0);
        ui.label(format!(
            "Today: {} answers in {} min",
            view.today_answers,
            view.today_seconds.div_ceil(60)
        ));
        ui.add_space(10.0);
        let wide = ui.available_width() > 1000.0;
        if wide {
            ui.columns(2, |cols| {
                section(&mut cols[0], "Card counts", |ui| counts_ui(ui, view));
                section(&mut cols[1], "True retention", |ui| retention_ui(ui, view));
            });
        } else {
            section(ui, "Card counts", |ui| counts_ui(ui, view));
            section(ui, "True retention", |ui| retention_ui(ui, view));
        }
        section(ui, "Due in the next 30 days", |ui| forecast_ui(ui, view));
        section(ui, "Reviews per day", |ui| history_ui(ui, view));
        section(ui, "The past year", |ui| calendar_ui(ui, view));
    });
}

fn section(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(title)
                .size(17.0)
                .strong()
                .color(theme::accent(ui.visuals())),
        );
        ui.add_space(6.0);
        add(ui);
    });
    ui.add_space(12.0);
}

fn counts_ui(ui: &mut Ui, view: &StatsView) {
    let total: usize = view
        .counts
        .iter()
        .filter(|(name, _, _)| *name != "Suspended" && *name != "Buried")
        .map(|(_, n, _)| n)
        .sum();
    let v = ui.visuals().clone();
    egui::Grid::new("state-counts")
        .num_columns(3)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for (name, count, color) in &view.counts {
                ui.label(
                    RichText::new(*name)
                        .color(theme::state_color(&v, *color))
                        .strong(),
                );
                ui.label(count.to_string());
                let fraction = if total == 0 {
                    0.0
                } else {
                    *count as f32 / total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(180.0)
                        .desired_height(8.0)
                        .fill(theme::state_color(&v, *color)),
                );
                ui.end_row();
            }
            ui.label(RichText::new("Total").strong());
            ui.label(total.to_string());
            ui.end_row();
        });
}

fn percent(cell: PassFail) -> String {
    cell.rate()
        .map_or_else(|| "–".to_owned(), |r| format!("{:.1} %", r * 100.0))
}

fn retention_ui(ui: &mut Ui, view: &StatsView) {
    ui.label(
        RichText::new(
            "Share of reviews (at least a day after the previous answer) not answered Again.",
        )
        .color(theme::muted(ui.visuals())),
    );
    ui.add_space(4.0);
    egui::Grid::new("true-retention")
        .num_columns(4)
        .striped(true)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            for head in ["", "Young", "Mature", "Total"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for row in &view.retention {
                let mut total = row.young;
                total.add(row.mature);
                ui.label(row.period);
                for cell in [row.young, row.mature, total] {
                    ui.label(percent(cell))
                        .on_hover_text(format!("{} passed, {} failed", cell.passed, cell.failed));
                }
                ui.end_row();
            }
        });
}

fn forecast_ui(ui: &mut Ui, view: &StatsView) {
    let color = theme::state_color(ui.visuals(), StateColor::Review);
    let bars: Vec<Bar> = view
        .forecast
        .iter()
        .enumerate()
        .map(|(day, n)| {
            Bar::new(day as f64, f64::from(*n))
                .width(0.8)
                .name(match day {
                    0 => "Today".to_owned(),
                    1 => "Tomorrow".to_owned(),
                    d => format!("In {d} days"),
                })
        })
        .collect();
    let most = view.forecast.iter().copied().max().unwrap_or(0);
    Plot::new("forecast")
        .height(190.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        // Room above the tallest bar so it does not touch the frame.
        .include_y((f64::from(most) * 1.08).max(5.0))
        .x_axis_label("days from today")
        .y_axis_label("cards")
        .x_axis_formatter(|mark, _| count_tick(mark.value))
        .y_axis_formatter(|mark, _| count_tick(mark.value))
        .y_axis_min_width(28.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Due", bars).color(color));
        });
}

/// A tick of a count axis: none below zero (the plot's margin).
fn count_tick(value: f64) -> String {
    if value < 0.0 {
        String::new()
    } else {
        format!("{value:.0}")
    }
}

/// A tick of the days-ago axis (x = -days): none right of today (the
/// margin), and "0" rather than "-0" at today.
fn days_ago_tick(x: f64) -> String {
    if x > 0.0 {
        String::new()
    } else {
        format!("{:.0}", 0.0 - x)
    }
}

/// "today", "yesterday", "12 days ago".
fn days_ago(days: usize) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        d => format!("{d} days ago"),
    }
}

/// The bars of the reviews-per-day plot, one list per grade, each day's
/// grades stacked in answer order. A day without answers of a grade gets no
/// bar (a zero-height bar would still answer hover with a bare "0").
fn history_bars(view: &StatsView) -> Vec<Vec<Bar>> {
    let days = view.history.len();
    GRADE_NAMES
        .iter()
        .enumerate()
        .map(|(g, name)| {
            view.history
                .iter()
                .enumerate()
                .filter(|(_, by_grade)| by_grade[g] > 0)
                .map(|(i, by_grade)| {
                    let below: u32 = by_grade[..g].iter().sum();
                    let ago = days - 1 - i;
                    Bar::new(-(ago as f64), f64::from(by_grade[g]))
                        .base_offset(f64::from(below))
                        .width(0.85)
                        .name(format!("{name}, {}", days_ago(ago)))
                })
                .collect()
        })
        .collect()
}

fn history_ui(ui: &mut Ui, view: &StatsView) {
    let charts: Vec<BarChart> = history_bars(view)
        .into_iter()
        .zip(GRADE_NAMES)
        .enumerate()
        .map(|(g, (bars, name))| {
            BarChart::new(name, bars).color(theme::grade_color(ui.visuals(), g))
        })
        .collect();
    let most = view
        .history
        .iter()
        .map(|d| d.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    Plot::new("history")
        .height(210.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y((f64::from(most) * 1.08).max(5.0))
        // The whole period, even before the first answer.
        .include_x(0.5 - view.history.len() as f64)
        // Grades in answer order, not alphabetical.
        .legend(Legend::default().follow_insertion_order(true))
        .x_axis_label("days ago")
        .y_axis_label("answers")
        .x_axis_formatter(|mark, _| days_ago_tick(mark.value))
        .y_axis_formatter(|mark, _| count_tick(mark.value))
        .y_axis_min_width(28.0)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

/// Colour of a heatmap cell: the accent colour, stronger with more answers.
fn heat(visuals: &egui::Visuals, answers: u32, max: u32) -> Color32 {
    let empty = theme::code_background(visuals);
    if answers == 0 || max == 0 {
        return empty;
    }
    let t = 0.25 + 0.75 * (answers as f32 / max as f32).sqrt();
    theme::mix(empty, theme::accent(visuals), t)
}

fn calendar_ui(ui: &mut Ui, view: &StatsView) {
    let Some(today) = view.today else {
        ui.label("No date yet.");
        return;
    };
    let gap = 3.0_f32;
    let days = view.calendar.len();
    let max = view.calendar.iter().copied().max().unwrap_or(0);
    let first = today - Duration::days(days as i64 - 1);
    // Columns are weeks starting on Monday; cells grow to fill the width.
    let lead = first.weekday().num_days_from_monday() as usize;
    let weeks = (lead + days).div_ceil(7);
    let label_w = 30.0;
    let cell = ((ui.available_width() - label_w) / weeks.max(1) as f32 - gap).clamp(8.0, 16.0);
    let size = egui::vec2(
        label_w + weeks as f32 * (cell + gap),
        16.0 + 7.0 * (cell + gap),
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let v = ui.visuals().clone();
    let origin = rect.min + egui::vec2(label_w, 16.0);
    let muted = theme::muted(&v);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        painter.text(
            egui::pos2(
                rect.min.x,
                origin.y + row as f32 * (cell + gap) + cell / 2.0,
            ),
            egui::Align2::LEFT_CENTER,
            name,
            egui::FontId::proportional(10.0),
            muted,
        );
    }
    let mut hovered = None;
    for (i, answers) in view.calendar.iter().enumerate() {
        let slot = lead + i;
        let (week, weekday) = (slot / 7, slot % 7);
        let min = origin + egui::vec2(week as f32 * (cell + gap), weekday as f32 * (cell + gap));
        let r = egui::Rect::from_min_size(min, egui::vec2(cell, cell));
        painter.rect_filled(r, 2.0, heat(&v, *answers, max));
        let date = first + Duration::days(i as i64);
        if date.day() == 1 {
            painter.text(
                egui::pos2(min.x, rect.min.y),
                egui::Align2::LEFT_TOP,
                date.format("%b").to_string(),
                egui::FontId::proportional(10.0),
                muted,
            );
        }
        if response
            .hover_pos()
            .is_some_and(|p| r.expand(gap / 2.0).contains(p))
        {
            hovered = Some((date, *answers));
        }
    }
    if let Some((date, answers)) = hovered {
        response.on_hover_text(format!("{}: {answers} answers", date.format("%a %e %b %Y")));
    }
    let total: u32 = view.calendar.iter().sum();
    let active = view.calendar.iter().filter(|n| **n > 0).count();
    ui.label(
        RichText::new(format!(
            "{total} answers on {active} of the last {days} days"
        ))
        .color(muted),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_sums() {
        let mut a = PassFail {
            passed: 9,
            failed: 1,
        };
        assert_eq!(a.rate(), Some(0.9));
        a.add(PassFail {
            passed: 1,
            failed: 9,
        });
        assert_eq!(a.rate(), Some(0.5));
        assert_eq!(PassFail::default().rate(), None);
        assert_eq!(percent(PassFail::default()), "–");
    }

    #[test]
    fn history_stacks_grades_and_leaves_out_empty_days() {
        // Regression: empty days drew zero-height bars whose hover label
        // was a stray "0".
        let view = StatsView {
            history: vec![[1, 0, 2, 0], [0, 0, 0, 0], [0, 3, 4, 1]],
            ..StatsView::default()
        };
        let bars = history_bars(&view);
        let count: Vec<usize> = bars.iter().map(Vec::len).collect();
        assert_eq!(count, [1, 1, 2, 1], "no bar for a grade not answered");
        assert!(bars.iter().flatten().all(|b| b.value > 0.0));
        // Two days ago: Again 1 at the bottom, Good 2 on top of it.
        let good = &bars[2][0];
        assert_eq!(
            (good.argument, good.value, good.base_offset),
            (-2.0, 2.0, Some(1.0))
        );
        assert_eq!(good.name, "Good, 2 days ago");
        // Today: Hard 3, Good 4 on 3, Easy 1 on 7.
        let easy = &bars[3][0];
        assert_eq!((easy.argument, easy.base_offset), (0.0, Some(7.0)));
        assert_eq!(easy.name, "Easy, today");
    }

    #[test]
    fn axis_ticks_show_no_stray_or_negative_zero() {
        // Regression: the days-ago axis labelled the margin right of today
        // "0" and today itself "-0".
        assert_eq!(days_ago_tick(0.0), "0");
        assert_eq!(days_ago_tick(-0.0), "0");
        assert_eq!(days_ago_tick(-30.0), "30");
        assert_eq!(days_ago_tick(5.0), "");
        assert_eq!(count_tick(-5.0), "");
        assert_eq!(count_tick(20.0), "20");
    }

    #[test]
    fn heat_is_stronger_with_more_answers() {
        let v = theme::visuals(false);
        let none = heat(&v, 0, 10);
        let some = heat(&v, 2, 10);
        let most = heat(&v, 10, 10);
        assert_eq!(none, theme::code_background(&v));
        let distance = |c: Color32| {
            let a = theme::accent(&v);
            (i32::from(c.r()) - i32::from(a.r())).abs()
                + (i32::from(c.g()) - i32::from(a.g())).abs()
                + (i32::from(c.b()) - i32::from(a.b())).abs()
        };
        assert!(distance(most) < distance(some) && distance(some) < distance(none));
    }
}
