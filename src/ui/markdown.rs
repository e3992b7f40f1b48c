//! Light Markdown for text blocks: headings, lists, emphasis, inline code.

use egui::text::LayoutJob;
use egui::{FontId, TextFormat, Ui};

use super::theme;

/// Inline emphasis of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Emphasis {
    /// `**bold**`
    pub bold: bool,
    /// `*italic*` or `_italic_`
    pub italic: bool,
    /// `` `code` ``
    pub code: bool,
}

/// Splits a line into runs by `**`, `*`, `_` and backticks. Unclosed
/// markers are kept as literal text.
pub fn inline_runs(line: &str) -> Vec<(String, Emphasis)> {
    let mut runs: Vec<(String, Emphasis)> = Vec::new();
    let mut current = String::new();
    let mut emphasis = Emphasis::default();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let closes = |from: usize, marker: &str| -> bool {
        let rest: String = chars[from..].iter().collect();
        rest.contains(marker)
    };
    while i < chars.len() {
        let c = chars[i];
        let flush = |current: &mut String, runs: &mut Vec<(String, Emphasis)>, e: Emphasis| {
            if !current.is_empty() {
                runs.push((std::mem::take(current), e));
            }
        };
        if c == '`' && (emphasis.code || closes(i + 1, "`")) {
            flush(&mut current, &mut runs, emphasis);
            emphasis.code = !emphasis.code;
            i += 1;
        } else if !emphasis.code
            && c == '*'
            && chars.get(i + 1) == Some(&'*')
            && (emphasis.bold || closes(i + 2, "**"))
        {
            flush(&mut current, &mut runs, emphasis);
            emphasis.bold = !emphasis.bold;
            i += 2;
        } else if !emphasis.code
            && c == '*'
            && (emphasis.italic
                || (chars
                    .get(i + 1)
                    .is_some_and(|&n| !n.is_whitespace() && n != '*')
                    && closes(i + 1, "*")))
        {
            flush(&mut current, &mut runs, emphasis);
            emphasis.italic = !emphasis.italic;
            i += 1;
        } else {
            current.push(c);
            i += 1;
        }
    }
    if !current.is_empty() {
        runs.push((current, emphasis));
    }
    runs
}

/// One line of a text block, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MdLine<'a> {
    /// `# Title` (level 1..=3)
    Heading(usize, &'a str),
    /// `- item` or `* item`, with its indent level
    Bullet(usize, &'a str),
    /// `1. item`, with its number and indent level
    Numbered(usize, &'a str, &'a str),
    /// Ordinary text
    Para(&'a str),
    /// Blank line
    Blank,
}

/// Classifies one line of light Markdown.
pub fn classify(line: &str) -> MdLine<'_> {
    let indent = line.len() - line.trim_start().len();
    let level = indent / 2;
    let t = line.trim();
    if t.is_empty() {
        return MdLine::Blank;
    }
    if let Some(rest) = t.strip_prefix("### ") {
        return MdLine::Heading(3, rest);
    }
    if let Some(rest) = t.strip_prefix("## ") {
        return MdLine::Heading(2, rest);
    }
    if let Some(rest) = t.strip_prefix("# ") {
        return MdLine::Heading(1, rest);
    }
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return MdLine::Bullet(level, rest);
    }
    if let Some(dot) = t.find(". ") {
        let number = &t[..dot];
        if !number.is_empty() && number.len() <= 3 && number.chars().all(|c| c.is_ascii_digit()) {
            return MdLine::Numbered(level, number, &t[dot + 2..]);
        }
    }
    MdLine::Para(t)
}

/// Lays out one line of inline runs with the given base font.
pub fn inline_job(ui: &Ui, text: &str, size: f32, strong: bool, wrap_width: f32) -> LayoutJob {
    let visuals = ui.visuals();
    let base_color = if strong {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    for (run, emphasis) in inline_runs(text) {
        let mut format = TextFormat {
            font_id: if emphasis.code {
                FontId::monospace(size * 0.9)
            } else if emphasis.bold || strong {
                FontId::new(size, theme::bold_family())
            } else {
                FontId::proportional(size)
            },
            color: base_color,
            italics: emphasis.italic,
            ..Default::default()
        };
        if emphasis.bold {
            format.color = visuals.strong_text_color();
        }
        if emphasis.code {
            format.background = theme::code_background(visuals);
        }
        job.append(&run, 0.0, format);
    }
    job
}

/// Shows a light-Markdown text block.
pub fn markdown_ui(ui: &mut Ui, text: &str) {
    let body = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(14.0, |f| f.size);
    let width = ui.available_width();
    for line in text.lines() {
        match classify(line) {
            MdLine::Blank => ui.add_space(4.0),
            MdLine::Heading(level, rest) => {
                ui.add_space(6.0);
                let size = body * [1.5, 1.3, 1.15][level.clamp(1, 3) - 1];
                let mut job = inline_job(ui, rest, size, true, width);
                for section in &mut job.sections {
                    section.format.color = theme::accent(ui.visuals());
                }
                ui.label(job);
            }
            MdLine::Bullet(level, rest) => {
                item_ui(ui, level, "•", rest, body, width);
            }
            MdLine::Numbered(level, number, rest) => {
                item_ui(ui, level, &format!("{number}."), rest, body, width);
            }
            MdLine::Para(rest) => {
                ui.label(inline_job(ui, rest, body, false, width));
            }
        }
    }
}

fn item_ui(ui: &mut Ui, level: usize, marker: &str, text: &str, size: f32, width: f32) {
    ui.horizontal_top(|ui| {
        ui.add_space(8.0 + 18.0 * level as f32);
        ui.label(egui::RichText::new(marker).color(theme::muted(ui.visuals())));
        let rest = (width - 40.0 - 18.0 * level as f32).max(80.0);
        ui.label(inline_job(ui, text, size, false, rest));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_and_code_runs() {
        let runs = inline_runs("a **b** *c* `d*e` f");
        let texts: Vec<_> = runs.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["a ", "b", " ", "c", " ", "d*e", " f"]);
        assert!(runs[1].1.bold && runs[3].1.italic && runs[5].1.code);
    }

    #[test]
    fn unclosed_markers_stay_literal() {
        let runs = inline_runs("5 * 3 = 15 and **not closed");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].0, "5 * 3 = 15 and **not closed");
    }

    #[test]
    fn classifies_lines() {
        assert_eq!(classify("## Title"), MdLine::Heading(2, "Title"));
        assert_eq!(classify("  - nested"), MdLine::Bullet(1, "nested"));
        assert_eq!(classify("3. third"), MdLine::Numbered(0, "3", "third"));
        assert_eq!(classify("99.9% uptime"), MdLine::Para("99.9% uptime"));
    }
}
