//! Colours, spacing and fonts in one place, for light and dark themes.
//!
//! Both themes are built from one small palette each (`Palette`), so every
//! screen asks for a role (`accent`, `muted`, `grade colour`) rather than a
//! colour, and both themes stay consistent.

use egui::style::{Selection, WidgetVisuals, Widgets};
use egui::{Color32, CornerRadius, FontFamily, FontId, Shadow, Stroke, TextStyle, Visuals};

/// The app's theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in the order the settings screen lists them.
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];

    /// The label shown in settings.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow system",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }

    /// The stable name used in settings files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Parses [`Self::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Smallest and largest UI scale offered.
pub const UI_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.75..=2.0;

/// Space between blocks of a card, in points.
pub const BLOCK_SPACING: f32 = 12.0;
/// Largest width of card text, in points, for comfortable reading.
pub const READING_WIDTH: f32 = 900.0;
/// Body text size in points (before the UI scale).
pub const BODY_SIZE: f32 = 15.0;

/// The font family of bold text and headings.
pub fn bold_family() -> FontFamily {
    FontFamily::Name("bold".into())
}

/// The font family diagram labels are drawn in: Ubuntu Light, egui's
/// default font, whose metrics `interop::picture` measures layouts with, so
/// labels fit their boxes on screen as in SVG and PNG pictures.
pub fn diagram_family() -> FontFamily {
    FontFamily::Name("diagram".into())
}

/// Installs Inter (regular and semibold) in front of egui's default fonts,
/// which stay as fallbacks (emoji, symbols), and the diagram family.
pub fn install_fonts(ctx: &egui::Context) {
    use std::sync::Arc;
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "Inter".to_owned(),
        Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/Inter-Regular.otf"
        ))),
    );
    fonts.font_data.insert(
        "Inter-SemiBold".to_owned(),
        Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/Inter-SemiBold.otf"
        ))),
    );
    let fallbacks = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut regular = vec!["Inter".to_owned()];
    regular.extend(fallbacks.iter().cloned());
    let mut bold = vec!["Inter-SemiBold".to_owned()];
    bold.extend(fallbacks.iter().cloned());
    fonts.families.insert(diagram_family(), fallbacks);
    fonts.families.insert(FontFamily::Proportional, regular);
    fonts.families.insert(bold_family(), bold);
    ctx.set_fonts(fonts);
}

/// Applies the theme choice, both palettes and the UI scale to a context.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice, ui_scale: f32) {
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            style.visuals = visuals(theme == egui::Theme::Dark);
            style.spacing.item_spacing = egui::vec2(8.0, 6.0);
            style.spacing.button_padding = egui::vec2(10.0, 5.0);
            style.spacing.interact_size.y = 24.0;
            style.spacing.menu_margin = egui::Margin::same(8);
            style.spacing.window_margin = egui::Margin::same(14);
            style.text_styles = [
                (
                    TextStyle::Small,
                    FontId::new(12.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Body,
                    FontId::new(BODY_SIZE, FontFamily::Proportional),
                ),
                (
                    TextStyle::Button,
                    FontId::new(14.5, FontFamily::Proportional),
                ),
                (TextStyle::Heading, FontId::new(24.0, bold_family())),
                (
                    TextStyle::Monospace,
                    FontId::new(13.5, FontFamily::Monospace),
                ),
            ]
            .into();
        });
    }
    let scale = ui_scale.clamp(*UI_SCALE_RANGE.start(), *UI_SCALE_RANGE.end());
    if (ctx.zoom_factor() - scale).abs() > f32::EPSILON {
        ctx.set_zoom_factor(scale);
    }
}

/// The base colours of one theme.
struct Palette {
    background: Color32,
    surface: Color32,
    raised: Color32,
    border: Color32,
    text: Color32,
    strong: Color32,
    accent: Color32,
    selection: Color32,
}

const LIGHT: Palette = Palette {
    background: Color32::from_rgb(0xf4, 0xf6, 0xf8),
    surface: Color32::from_rgb(0xff, 0xff, 0xff),
    raised: Color32::from_rgb(0xe8, 0xec, 0xf0),
    border: Color32::from_rgb(0xd0, 0xd7, 0xde),
    text: Color32::from_rgb(0x2b, 0x31, 0x37),
    strong: Color32::from_rgb(0x0d, 0x11, 0x17),
    accent: Color32::from_rgb(0x1a, 0x6b, 0x8a),
    selection: Color32::from_rgb(0xc8, 0xe4, 0xee),
};

const DARK: Palette = Palette {
    background: Color32::from_rgb(0x17, 0x1a, 0x1f),
    surface: Color32::from_rgb(0x1f, 0x23, 0x29),
    raised: Color32::from_rgb(0x2b, 0x31, 0x39),
    border: Color32::from_rgb(0x3a, 0x41, 0x4a),
    text: Color32::from_rgb(0xc9, 0xd1, 0xd9),
    strong: Color32::from_rgb(0xf0, 0xf3, 0xf6),
    accent: Color32::from_rgb(0x6c, 0xc3, 0xd5),
    selection: Color32::from_rgb(0x1e, 0x4a, 0x5a),
};

fn palette(dark: bool) -> &'static Palette {
    if dark { &DARK } else { &LIGHT }
}

/// The full egui visuals of one theme.
pub fn visuals(dark: bool) -> Visuals {
    let p = palette(dark);
    let mut v = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let radius = CornerRadius::same(6);
    let widget = |bg: Color32, stroke: Color32, fg: Color32| WidgetVisuals {
        bg_fill: bg,
        weak_bg_fill: bg,
        bg_stroke: Stroke::new(1.0, stroke),
        corner_radius: radius,
        fg_stroke: Stroke::new(1.0, fg),
        expansion: 0.0,
    };
    let hover_bg = if dark {
        Color32::from_rgb(0x36, 0x3e, 0x48)
    } else {
        Color32::from_rgb(0xdc, 0xe3, 0xea)
    };
    let active_bg = if dark {
        Color32::from_rgb(0x40, 0x4a, 0x56)
    } else {
        Color32::from_rgb(0xcf, 0xd8, 0xe1)
    };
    v.widgets = Widgets {
        noninteractive: widget(p.surface, p.border, p.text),
        inactive: widget(p.raised, p.raised, p.text),
        hovered: widget(hover_bg, p.accent, p.strong),
        active: widget(active_bg, p.accent, p.strong),
        open: widget(p.raised, p.border, p.strong),
    };
    v.selection = Selection {
        bg_fill: p.selection,
        stroke: Stroke::new(1.0, p.strong),
    };
    v.hyperlink_color = p.accent;
    v.panel_fill = p.background;
    v.window_fill = p.surface;
    v.window_stroke = Stroke::new(1.0, p.border);
    v.window_corner_radius = CornerRadius::same(10);
    v.menu_corner_radius = CornerRadius::same(8);
    v.window_shadow = Shadow {
        offset: [0, 8],
        blur: 24,
        spread: 0,
        color: Color32::from_black_alpha(if dark { 120 } else { 40 }),
    };
    v.faint_bg_color = if dark {
        Color32::from_rgb(0x24, 0x29, 0x30)
    } else {
        Color32::from_rgb(0xf3, 0xf5, 0xf7)
    };
    // Tracks of progress bars and sliders; text fields keep a white (or
    // near-black) background of their own.
    v.extreme_bg_color = if dark {
        Color32::from_rgb(0x12, 0x14, 0x18)
    } else {
        Color32::from_rgb(0xe4, 0xe9, 0xee)
    };
    v.text_edit_bg_color = Some(if dark {
        Color32::from_rgb(0x12, 0x14, 0x18)
    } else {
        Color32::WHITE
    });
    v.code_bg_color = code_background_of(dark);
    v.warn_fg_color = warning_of(dark);
    v.error_fg_color = error_of(dark);
    v.override_text_color = None;
    v.widgets.noninteractive.fg_stroke = Stroke::new(1.0, p.text);
    v.striped = true;
    v
}

/// Background of cards, tables and other content surfaces.
pub fn surface(visuals: &Visuals) -> Color32 {
    palette(visuals.dark_mode).surface
}

/// Thin borders around surfaces.
pub fn border(visuals: &Visuals) -> Color32 {
    palette(visuals.dark_mode).border
}

/// Accent colour for headings and highlights.
pub fn accent(visuals: &Visuals) -> Color32 {
    palette(visuals.dark_mode).accent
}

/// Fill of primary buttons, dark enough for white text in both themes.
pub fn accent_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x1f, 0x6e, 0x88)
    } else {
        Color32::from_rgb(0x1a, 0x6b, 0x8a)
    }
}

/// Background of inline code and code blocks.
pub fn code_background(visuals: &Visuals) -> Color32 {
    code_background_of(visuals.dark_mode)
}

fn code_background_of(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x2a, 0x2f, 0x37)
    } else {
        Color32::from_rgb(0xee, 0xf1, 0xf4)
    }
}

/// Background of a table's header row.
pub fn table_header_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x2b, 0x33, 0x3d)
    } else {
        Color32::from_rgb(0xe3, 0xec, 0xf2)
    }
}

/// Muted text (counts, hints).
pub fn muted(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x96, 0xa0, 0xab)
    } else {
        Color32::from_rgb(0x5f, 0x6b, 0x76)
    }
}

/// Warnings.
pub fn warning(visuals: &Visuals) -> Color32 {
    warning_of(visuals.dark_mode)
}

fn warning_of(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xf0, 0xb4, 0x4c)
    } else {
        Color32::from_rgb(0xa8, 0x5d, 0x00)
    }
}

/// Errors.
pub fn error(visuals: &Visuals) -> Color32 {
    error_of(visuals.dark_mode)
}

fn error_of(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0x7b, 0x72)
    } else {
        Color32::from_rgb(0xc0, 0x2a, 0x2a)
    }
}

/// Success and "done" messages.
pub fn success(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x56, 0xcc, 0x9d)
    } else {
        Color32::from_rgb(0x1d, 0x7a, 0x52)
    }
}

/// The four grades in order Again, Hard, Good, Easy.
pub fn grade_color(visuals: &Visuals, grade: usize) -> Color32 {
    let dark = visuals.dark_mode;
    match (grade, dark) {
        (0, false) => Color32::from_rgb(0xc6, 0x3d, 0x3d),
        (0, true) => Color32::from_rgb(0xf0, 0x70, 0x6a),
        (1, false) => Color32::from_rgb(0xb8, 0x6e, 0x00),
        (1, true) => Color32::from_rgb(0xf0, 0xb4, 0x4c),
        (2, false) => Color32::from_rgb(0x1f, 0x85, 0x4f),
        (2, true) => Color32::from_rgb(0x56, 0xcc, 0x9d),
        (_, false) => Color32::from_rgb(0x1f, 0x6f, 0xb8),
        (_, true) => Color32::from_rgb(0x6c, 0xb4, 0xf0),
    }
}

/// Card state colours: new, learning, review, suspended.
pub fn state_color(visuals: &Visuals, state: StateColor) -> Color32 {
    let dark = visuals.dark_mode;
    match state {
        StateColor::New => grade_color(visuals, 3),
        StateColor::Learning => grade_color(visuals, 0),
        StateColor::Review => grade_color(visuals, 2),
        StateColor::Suspended => {
            if dark {
                Color32::from_rgb(0xd9, 0xc2, 0x6a)
            } else {
                Color32::from_rgb(0x8a, 0x76, 0x1c)
            }
        }
    }
}

/// The state groups that have a colour of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateColor {
    /// Never studied.
    New,
    /// In (re)learning steps.
    Learning,
    /// Graduated to review.
    Review,
    /// Suspended or buried.
    Suspended,
}

/// A frame around a content surface (a card, a deck row).
pub fn card_frame(visuals: &Visuals) -> egui::Frame {
    egui::Frame::new()
        .fill(surface(visuals))
        .stroke(Stroke::new(1.0, border(visuals)))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(egui::Margin::symmetric(20, 16))
}

/// Mixes two colours; `t` = 0 gives `a`, 1 gives `b`.
pub fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let lerp = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(lerp(a.r(), b.r()), lerp(a.g(), b.g()), lerp(a.b(), b.b()))
}

/// WCAG relative luminance of a colour, 0 (black) to 1 (white).
pub fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG contrast ratio between two colours, 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_readable_on_every_surface_in_both_themes() {
        for dark in [false, true] {
            let v = visuals(dark);
            let field = v.text_edit_bg_color.unwrap_or(v.extreme_bg_color);
            for bg in [v.panel_fill, surface(&v), field, code_background(&v)] {
                assert!(
                    contrast(v.text_color(), bg) >= 7.0,
                    "body text on {bg:?} (dark: {dark})"
                );
                assert!(contrast(muted(&v), bg) >= 4.5, "muted on {bg:?}");
                assert!(contrast(accent(&v), bg) >= 4.5, "accent on {bg:?}");
            }
            assert!(contrast(Color32::WHITE, accent_fill(&v)) >= 4.5);
            for grade in 0..4 {
                assert!(contrast(grade_color(&v, grade), surface(&v)) >= 3.0);
            }
        }
    }

    #[test]
    fn theme_names_round_trip() {
        for choice in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::from_name(choice.name()), Some(choice));
        }
        assert_eq!(ThemeChoice::from_name("sepia"), None);
    }

    #[test]
    fn mix_ends_are_the_inputs() {
        let (a, b) = (
            Color32::from_rgb(0, 10, 200),
            Color32::from_rgb(250, 0, 100),
        );
        assert_eq!(mix(a, b, 0.0), a);
        assert_eq!(mix(a, b, 1.0), b);
    }
}
