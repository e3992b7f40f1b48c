//! The decks screen: every loaded deck with today's counts, a progress bar
//! of today's work, and what to do with it.

use egui::{RichText, Ui};

use super::theme::{self, StateColor};
use crate::app::transfer::ExportForm;
use crate::app::{Action, AppState, DeckCounts, Screen};
use crate::interop::{Format, OnExisting};

/// Lists the decks with their actions.
pub fn decks_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(8.0);
        ui.heading("Decks");
        ui.add_space(10.0);
        if let Some(a) = import_ui(ui, state) {
            action = Some(a);
        }
        ui.add_space(10.0);
        if state.decks.is_empty() && !state.loading {
            ui.label("No decks are loaded. Problems found while loading are listed below.");
        }
        for (i, loaded) in state.decks.iter().enumerate() {
            let counts = state.counts.get(i).copied().unwrap_or_default();
            let visuals = ui.visuals().clone();
            let mut frame = theme::card_frame(&visuals);
            if state.deck == Some(i) {
                frame = frame.stroke(egui::Stroke::new(1.5, theme::accent(&visuals)));
            }
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width().min(theme::READING_WIDTH + 200.0));
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.set_max_width((ui.available_width() - 330.0).max(240.0));
                        ui.label(
                            RichText::new(&loaded.deck.title)
                                .size(19.0)
                                .family(theme::bold_family()),
                        );
                        let diagrams = loaded.deck.diagrams().count();
                        let origin = if loaded.bundled {
                            "bundled"
                        } else {
                            "imported"
                        };
                        ui.label(
                            RichText::new(format!(
                                "{} cards · {} diagrams · {origin}",
                                loaded.deck.cards.len(),
                                diagrams,
                            ))
                            .color(theme::muted(&visuals)),
                        );
                        ui.add_space(6.0);
                        counts_ui(ui, counts);
                        if !loaded.deck.description.is_empty() {
                            ui.add_space(6.0);
                            ui.add(egui::Label::new(&loaded.deck.description).wrap());
                        }
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .button("Export…")
                            .on_hover_text(
                                "Write this deck as RON, Anki package, text, CSV or Markdown",
                            )
                            .clicked()
                        {
                            action = Some(Action::OpenExport(i));
                        }
                        if ui
                            .button("Diagrams")
                            .on_hover_text("Every diagram of this deck")
                            .clicked()
                        {
                            action = Some(Action::OpenDeckIn(i, Screen::Diagrams));
                        }
                        if ui
                            .button("Browse cards")
                            .on_hover_text("Read and search every card of this deck")
                            .clicked()
                        {
                            action = Some(Action::OpenDeckIn(i, Screen::Browse));
                        }
                        let due = counts.new + counts.learning + counts.review;
                        let study = egui::Button::new(
                            RichText::new(if due > 0 { "Study now" } else { "Study" })
                                .strong()
                                .color(egui::Color32::WHITE),
                        )
                        .fill(theme::accent_fill(&visuals))
                        .min_size(egui::vec2(110.0, 32.0));
                        if ui
                            .add(study)
                            .on_hover_text(format!(
                                "Study this deck ({})",
                                super::keys::label::STUDY
                            ))
                            .clicked()
                        {
                            action = Some(Action::OpenDeckIn(i, Screen::Study));
                        }
                    });
                });
                if let Some(form) = state.transfer.export.as_ref().filter(|f| f.deck == i)
                    && let Some(a) = export_ui(ui, form)
                {
                    action = Some(a);
                }
            });
            ui.add_space(10.0);
        }
    });
    action
}

/// The import row: a path field, the system dialog, and a conflict prompt.
fn import_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let label = ui.label("Import a deck");
        let mut path = state.transfer.import_path.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut path)
                    .hint_text("path of a .ron, .apkg, .txt, .csv or .md file")
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        if response.changed() {
            action = Some(Action::SetImportPath(path));
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Import").clicked() || enter {
            action = Some(Action::Import);
        }
        if ui
            .button("Choose file…")
            .on_hover_text("Pick the file in your system's dialog")
            .clicked()
        {
            action = Some(Action::ChooseImportFile);
        }
    });
    if let Some(conflict) = &state.transfer.conflict {
        let v = ui.visuals().clone();
        egui::Frame::new()
            .stroke(egui::Stroke::new(1.0, theme::warning(&v)))
            .corner_radius(8.0)
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                ui.label(format!(
                    "A deck with the id “{}” is already here: “{}”. Update it (cards keep their progress), import a copy, or cancel?",
                    conflict.id, conflict.title
                ));
                ui.horizontal(|ui| {
                    if ui.button("Update it").clicked() {
                        action = Some(Action::ResolveConflict(Some(OnExisting::Update)));
                    }
                    if ui.button("Import a copy").clicked() {
                        action = Some(Action::ResolveConflict(Some(OnExisting::Copy)));
                    }
                    if ui.button("Cancel").clicked() {
                        action = Some(Action::ResolveConflict(None));
                    }
                });
            });
    }
    action
}

/// The export panel of one deck.
fn export_ui(ui: &mut Ui, form: &ExportForm) -> Option<Action> {
    let mut action = None;
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Export as").strong());
        for format in Format::ALL {
            let label = match format {
                Format::Ron => "archdeck (.ron)",
                Format::Apkg => "Anki package (.apkg)",
                Format::Tsv => "Anki text (.txt)",
                Format::Csv => "CSV",
                Format::Markdown => "Markdown",
            };
            if ui.selectable_label(form.format == format, label).clicked() {
                action = Some(Action::SetExportFormat(format));
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("File");
        let mut path = form.path.clone();
        if ui
            .add(egui::TextEdit::singleline(&mut path).desired_width(420.0))
            .labelled_by(label.id)
            .changed()
        {
            action = Some(Action::SetExportPath(path));
        }
        if ui.button("Choose file…").clicked() {
            action = Some(Action::ChooseExportFile);
        }
    });
    ui.horizontal(|ui| {
        if form.format == Format::Ron {
            let mut history = form.with_history;
            if ui
                .checkbox(&mut history, "Include my review history")
                .changed()
            {
                action = Some(Action::SetExportHistory(history));
            }
        }
        if ui.button("Export").clicked() {
            action = Some(Action::Export);
        }
        if ui.button("Cancel").clicked() {
            action = Some(Action::CloseExport);
        }
    });
    action
}

/// Today's counts and a bar of today's work done.
fn counts_ui(ui: &mut Ui, counts: DeckCounts) {
    let v = ui.visuals().clone();
    ui.horizontal(|ui| {
        for (label, n, color) in [
            ("New", counts.new, StateColor::New),
            ("Learning", counts.learning, StateColor::Learning),
            ("Due", counts.review, StateColor::Review),
        ] {
            ui.label(RichText::new(label).color(theme::muted(&v)));
            ui.label(
                RichText::new(n.to_string())
                    .family(theme::bold_family())
                    .color(theme::state_color(&v, color)),
            );
            ui.add_space(10.0);
        }
    });
    let left = counts.new + counts.learning + counts.review;
    let total = left + counts.done_today;
    let fraction = if total == 0 {
        1.0
    } else {
        counts.done_today as f32 / total as f32
    };
    let text = if left == 0 {
        format!("Today's work is done ({} answered)", counts.done_today)
    } else {
        format!("{} of {total} done today", counts.done_today)
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(320.0)
            .desired_height(8.0)
            .fill(theme::state_color(&v, StateColor::Review)),
    );
    ui.label(RichText::new(text).small().color(theme::muted(&v)));
}
