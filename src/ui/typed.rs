//! The typed-answer field of a card and its verdict.

use egui::{Color32, Key, RichText, TextEdit, Ui};

use super::theme;
use crate::deck::{Match, TypedAnswer, Verdict, answer, check_answer};

/// What the user typed and, once submitted, how it compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypedState {
    /// The text in the field.
    pub text: String,
    /// The check of the submitted text; `None` until Enter.
    pub result: Option<Match>,
}

/// Grade names, by grade number - 1.
const GRADES: [&str; 4] = ["Again", "Hard", "Good", "Easy"];

/// The field to type the answer into. Enter checks the text, stores the
/// result in `state` and returns it (the study screen then shows the
/// answer); after that the field shows what was typed and the verdict.
pub fn typed_answer_ui(
    ui: &mut Ui,
    expected: &TypedAnswer,
    state: &mut TypedState,
) -> Option<Match> {
    if let Some(result) = &state.result {
        ui.label(RichText::new(format!("You typed: {}", state.text)).strong());
        verdict_ui(ui, result);
        return None;
    }
    let unit = answer::unit_hint(&expected.expect);
    let response = ui.add(
        TextEdit::singleline(&mut state.text)
            .hint_text("Your answer")
            .desired_width(ui.available_width().min(420.0)),
    );
    ui.label(
        RichText::new(if unit.is_empty() {
            "Type the answer, then press Enter.".to_owned()
        } else {
            format!("Type the answer (in {unit}), then press Enter.")
        })
        .color(theme::muted(ui.visuals())),
    );
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        let result = check_answer(expected, &state.text);
        state.result = Some(result.clone());
        return Some(result);
    }
    // The field takes the keys while the question is up, so Space and 1-4 type.
    if !response.has_focus() && ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    None
}

/// The verdict of a checked answer and the grade it suggests.
pub fn verdict_ui(ui: &mut Ui, result: &Match) {
    let word = match result.verdict {
        Verdict::Exact => "Right",
        Verdict::Close => "Close",
        Verdict::Wrong => "Wrong",
    };
    let color = verdict_color(ui, result.verdict);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(word).strong().color(color));
        ui.label(&result.detail);
    });
    let n = result.suggested_grade.number();
    ui.label(
        RichText::new(format!(
            "Suggested grade: {} ({n}). Press {n} to confirm, or another grade.",
            GRADES[usize::from(n - 1)]
        ))
        .color(theme::muted(ui.visuals())),
    );
}

fn verdict_color(ui: &Ui, verdict: Verdict) -> Color32 {
    let v = ui.visuals();
    match verdict {
        Verdict::Exact => theme::accent(v),
        Verdict::Close => v.warn_fg_color,
        Verdict::Wrong => v.error_fg_color,
    }
}
