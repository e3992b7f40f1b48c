//! The study screen: the question, the answer on Space/Enter, four grade
//! buttons with their next intervals, session progress, and a clear
//! end-of-session screen.

use egui::{Context, Key, Modifiers, RichText, ScrollArea, Ui};

use super::typed::{TypedState, typed_answer_ui};
use super::{card, keys, theme};
use crate::app::{Action, CardRef};
use crate::deck::{Block, Card, TypedAnswer};

/// Why a card is shown (the colour of the counts, as in Anki).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Never seen.
    New,
    /// In (re)learning steps.
    Learning,
    /// A review.
    Review,
}

/// The four grades.
pub const GRADE_NAMES: [&str; 4] = ["Again", "Hard", "Good", "Easy"];

/// What the study screen shows, built by the app from the scheduler.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyView<'a> {
    /// Title of the deck being studied ("All decks" for all).
    pub deck_title: &'a str,
    /// The card on screen, if any is left.
    pub card: Option<(CardRef, &'a Card, Kind)>,
    /// Whether the answer is shown.
    pub answer_shown: bool,
    /// The grade buttons' next intervals, Again..Easy ("<10m", "3d").
    pub intervals: [String; 4],
    /// Cards left today: new, learning, review.
    pub remaining: [usize; 3],
    /// Answers given in this session.
    pub answered: usize,
    /// Answers in this session by grade.
    pub by_grade: [u32; 4],
    /// Time spent answering in this session, in seconds.
    pub seconds: u64,
    /// Whether there is something to undo.
    pub can_undo: bool,
    /// When nothing is left now: what comes next ("3 learning cards in 8 minutes",
    /// "12 reviews tomorrow").
    pub next: Vec<String>,
}

/// Keys of the study screen; the loop works without a mouse.
pub fn study_keys(ctx: &Context, view: &StudyView<'_>) -> Option<Action> {
    if keys::pressed(ctx, Modifiers::COMMAND, Key::Z) {
        return view.can_undo.then_some(Action::Undo);
    }
    view.card?;
    if view.answer_shown {
        for (i, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
            .into_iter()
            .enumerate()
        {
            if keys::pressed(ctx, Modifiers::NONE, key) {
                return Some(Action::Grade(i));
            }
        }
        // Anki's habit: Space or Enter on the answer means Good.
        if keys::pressed(ctx, Modifiers::NONE, Key::Space)
            || keys::pressed(ctx, Modifiers::NONE, Key::Enter)
        {
            return Some(Action::Grade(2));
        }
    } else if keys::pressed(ctx, Modifiers::NONE, Key::Space)
        || keys::pressed(ctx, Modifiers::NONE, Key::Enter)
    {
        return Some(Action::ShowAnswer);
    }
    if keys::pressed(ctx, Modifiers::NONE, Key::Minus) || keys::typed(ctx, "-") {
        return Some(Action::Bury);
    }
    if keys::typed(ctx, "@") || keys::pressed(ctx, Modifiers::SHIFT, Key::Num2) {
        return Some(Action::Suspend);
    }
    None
}

/// Draws the study screen.
/// `typed` is the typed-answer field's text and verdict (widget state).
pub fn study_ui(ui: &mut Ui, view: &StudyView<'_>, typed: &mut TypedState) -> Option<Action> {
    let mut action = None;
    egui::Panel::bottom("study-answer-bar")
        .frame(super::nav::bar_frame(ui.visuals()).inner_margin(egui::Margin::symmetric(14, 12)))
        .show(ui, |ui| {
            if let Some(a) = answer_bar(ui, view) {
                action = Some(a);
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        progress_ui(ui, view);
        ui.add_space(8.0);
        match view.card {
            Some((r, c, _)) => {
                ScrollArea::vertical()
                    .id_salt(("study-card", r))
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        ui.vertical_centered(|ui| {
                            ui.set_max_width(ui.available_width().min(theme::READING_WIDTH));
                            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                                if let Some(a) = card_ui(ui, view, c, typed) {
                                    action = Some(a);
                                }
                            });
                        });
                    });
            }
            None => {
                if let Some(a) = finished_ui(ui, view) {
                    action = Some(a);
                }
            }
        }
    });
    action
}

fn progress_ui(ui: &mut Ui, view: &StudyView<'_>) {
    let left: usize = view.remaining.iter().sum();
    let total = left + view.answered;
    ui.horizontal(|ui| {
        ui.label(RichText::new(view.deck_title).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let v = ui.visuals().clone();
            let [new, learning, review] = view.remaining;
            ui.label(
                RichText::new(format!("{review} due"))
                    .strong()
                    .color(theme::state_color(&v, theme::StateColor::Review)),
            )
            .on_hover_text("Reviews left today");
            ui.label(
                RichText::new(format!("{learning} learning"))
                    .strong()
                    .color(theme::state_color(&v, theme::StateColor::Learning)),
            )
            .on_hover_text("Cards in learning steps");
            ui.label(
                RichText::new(format!("{new} new"))
                    .strong()
                    .color(theme::state_color(&v, theme::StateColor::New)),
            )
            .on_hover_text("New cards left today");
            ui.label(RichText::new(format!("{} answered", view.answered)).color(theme::muted(&v)));
        });
    });
    let fraction = if total == 0 {
        1.0
    } else {
        view.answered as f32 / total as f32
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_height(6.0)
            .fill(theme::accent(ui.visuals())),
    )
    .on_hover_text(format!(
        "{} of {total} answered this session",
        view.answered
    ));
}

/// The typed-answer block of a card's question, if it asks for one.
pub fn typed_answer_of(card: &Card) -> Option<&TypedAnswer> {
    card.front.iter().find_map(|b| match b {
        Block::TypedAnswer(t) => Some(t),
        _ => None,
    })
}

fn card_ui(ui: &mut Ui, view: &StudyView<'_>, c: &Card, typed: &mut TypedState) -> Option<Action> {
    let mut action = None;
    let visuals = ui.visuals().clone();
    ui.add_space(6.0);
    theme::card_frame(&visuals).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if let Some((_, _, kind)) = view.card {
            let (text, color) = match kind {
                Kind::New => ("New", theme::StateColor::New),
                Kind::Learning => ("Learning", theme::StateColor::Learning),
                Kind::Review => ("Review", theme::StateColor::Review),
            };
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(text)
                        .small()
                        .strong()
                        .color(theme::state_color(&visuals, color)),
                );
                if !c.source.is_empty() {
                    ui.label(
                        RichText::new(&c.source)
                            .small()
                            .color(theme::muted(&visuals)),
                    );
                }
            });
            ui.add_space(4.0);
        }
        if let Some(i) = ui
            .push_id("front", |ui| {
                card::blocks_ui(
                    ui,
                    &c.front,
                    if view.answer_shown {
                        card::Side::front_answered(&c.back)
                    } else {
                        card::Side::front(&c.back)
                    },
                )
            })
            .inner
            && let Some((r, _, _)) = view.card
        {
            action = Some(Action::ShowDiagram(r, i));
        }
        if let Some(expected) = typed_answer_of(c) {
            ui.add_space(8.0);
            if view.answer_shown && typed.result.is_none() {
                ui.label(
                    RichText::new("Answer shown without typing one.").color(theme::muted(&visuals)),
                );
            } else if typed_answer_ui(ui, expected, typed).is_some() {
                action = Some(Action::ShowAnswer);
            }
        }
    });
    if view.answer_shown {
        // Occlusion and cloze answers appear in place on the question.
        if card::back_has_more(&c.front, &c.back) {
            ui.add_space(12.0);
            theme::card_frame(&visuals).show(ui, |ui| {
                ui.set_width(ui.available_width());
                if let Some(i) = ui
                    .push_id("back", |ui| {
                        card::blocks_ui(ui, &c.back, card::Side::back(&c.front, true))
                    })
                    .inner
                    && let Some((r, _, _)) = view.card
                {
                    action = Some(Action::ShowDiagram(r, c.front.len() + i));
                }
            });
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui
                .small_button("Bury")
                .on_hover_text(format!("Hide until tomorrow ({})", keys::label::BURY))
                .clicked()
            {
                action = Some(Action::Bury);
            }
            if ui
                .small_button("Suspend")
                .on_hover_text(format!(
                    "Hide until unsuspended in Browse ({})",
                    keys::label::SUSPEND
                ))
                .clicked()
            {
                action = Some(Action::Suspend);
            }
        });
    }
    action
}

fn answer_bar(ui: &mut Ui, view: &StudyView<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let undo = ui
            .add_enabled(view.can_undo, egui::Button::new("Undo"))
            .on_hover_text(format!("Undo the last answer ({})", keys::label::UNDO));
        if undo.clicked() {
            action = Some(Action::Undo);
        }
        if view.card.is_none() {
            return;
        }
        let width = ui.available_width();
        if view.answer_shown {
            let button_w = 128.0;
            let total = button_w * 4.0 + 3.0 * ui.spacing().item_spacing.x;
            ui.add_space(((width - total) / 2.0 - 60.0).max(0.0));
            for (i, name) in GRADE_NAMES.iter().enumerate() {
                let color = theme::grade_color(ui.visuals(), i);
                let text = RichText::new(format!("{name}\n{}", view.intervals[i]))
                    .strong()
                    .color(color);
                let fill = theme::mix(theme::surface(ui.visuals()), color, 0.12);
                let button = egui::Button::new(text)
                    .min_size(egui::vec2(button_w, 44.0))
                    .fill(fill)
                    .stroke(egui::Stroke::new(1.5, color));
                if ui
                    .add(button)
                    .on_hover_text(format!(
                        "{name}: next in {} ({})",
                        view.intervals[i],
                        keys::label::GRADES[i]
                    ))
                    .clicked()
                {
                    action = Some(Action::Grade(i));
                }
            }
        } else {
            ui.add_space((width / 2.0 - 150.0).max(0.0));
            let button = egui::Button::new(RichText::new("Show answer").strong().size(16.0))
                .min_size(egui::vec2(220.0, 44.0));
            if ui
                .add(button)
                .on_hover_text(keys::label::SHOW_ANSWER)
                .clicked()
            {
                action = Some(Action::ShowAnswer);
            }
        }
    });
    action
}

fn finished_ui(ui: &mut Ui, view: &StudyView<'_>) -> Option<Action> {
    let mut action = None;
    ui.add_space(40.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(ui.available_width().min(560.0));
        theme::card_frame(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.vertical_centered(|ui| {
                ui.label(
                    RichText::new("Congratulations! You have finished for now.")
                        .size(22.0)
                        .strong()
                        .color(theme::success(ui.visuals())),
                );
                ui.add_space(12.0);
                if view.answered > 0 {
                    let minutes = view.seconds / 60;
                    let seconds = view.seconds % 60;
                    ui.label(format!(
                        "This session: {} answers in {minutes} min {seconds} s",
                        view.answered
                    ));
                    ui.horizontal(|ui| {
                        let gap = (ui.available_width() - 360.0).max(0.0) / 2.0;
                        ui.add_space(gap);
                        for (i, name) in GRADE_NAMES.iter().enumerate() {
                            ui.label(
                                RichText::new(format!("{name} {}", view.by_grade[i]))
                                    .color(theme::grade_color(ui.visuals(), i)),
                            );
                        }
                    });
                } else {
                    ui.label("Nothing to study in this deck right now.");
                }
                ui.add_space(12.0);
                for line in &view.next {
                    ui.label(RichText::new(line).color(theme::muted(ui.visuals())));
                }
                ui.add_space(16.0);
                ui.horizontal(|ui| {
                    let gap = (ui.available_width() - 330.0).max(0.0) / 2.0;
                    ui.add_space(gap);
                    if ui
                        .button("Back to decks")
                        .on_hover_text(keys::label::DECKS)
                        .clicked()
                    {
                        action = Some(Action::Navigate(crate::app::Screen::Decks));
                    }
                    if ui
                        .button("Statistics")
                        .on_hover_text(keys::label::STATS)
                        .clicked()
                    {
                        action = Some(Action::Navigate(crate::app::Screen::Statistics));
                    }
                    if ui
                        .button("Browse cards")
                        .on_hover_text(keys::label::BROWSE)
                        .clicked()
                    {
                        action = Some(Action::Navigate(crate::app::Screen::Browse));
                    }
                });
            });
        });
    });
    action
}
