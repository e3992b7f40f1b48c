//! Colours of a drawn diagram: the theme's defaults, and authors' colours
//! (`style`, `classDef`, `:::`) adapted so text stays readable in light and
//! dark themes while keeping the author's hue.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry and graph code reads best with x, y, a, b, u, v"
)]

use crate::mermaid::{Color, Style};

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 255 }
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Behind everything.
    pub background: Color,
    /// Node fill.
    pub node_fill: Color,
    /// Node outline.
    pub node_stroke: Color,
    /// Node text.
    pub node_text: Color,
    /// Subgraph fill.
    pub cluster_fill: Color,
    /// Subgraph outline.
    pub cluster_stroke: Color,
    /// Subgraph title.
    pub cluster_text: Color,
    /// Edge lines and heads.
    pub edge: Color,
    /// Edge label text.
    pub edge_text: Color,
    /// Behind edge labels.
    pub label_background: Color,
    /// Hover highlight.
    pub highlight: Color,
}

impl Palette {
    /// The palette of `theme`.
    pub const fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Self {
                background: rgb(0xff, 0xff, 0xff),
                node_fill: rgb(0xee, 0xf2, 0xfa),
                node_stroke: rgb(0x5b, 0x6b, 0x86),
                node_text: rgb(0x1b, 0x23, 0x33),
                cluster_fill: rgb(0xf7, 0xf8, 0xfb),
                cluster_stroke: rgb(0xa9, 0xb4, 0xc6),
                cluster_text: rgb(0x33, 0x3d, 0x4f),
                edge: rgb(0x4a, 0x55, 0x68),
                edge_text: rgb(0x2d, 0x37, 0x48),
                label_background: rgb(0xff, 0xff, 0xff),
                highlight: rgb(0xd9, 0x6c, 0x00),
            },
            Theme::Dark => Self {
                background: rgb(0x1b, 0x1c, 0x20),
                node_fill: rgb(0x2a, 0x31, 0x3f),
                node_stroke: rgb(0x8c, 0x9d, 0xba),
                node_text: rgb(0xe8, 0xec, 0xf3),
                cluster_fill: rgb(0x23, 0x26, 0x2e),
                cluster_stroke: rgb(0x52, 0x5b, 0x6e),
                cluster_text: rgb(0xc9, 0xd1, 0xdf),
                edge: rgb(0xa3, 0xb0, 0xc4),
                edge_text: rgb(0xdc, 0xe2, 0xec),
                label_background: rgb(0x1b, 0x1c, 0x20),
                highlight: rgb(0xff, 0xb3, 0x47),
            },
        }
    }
}

/// Resolved colours of a box (node or subgraph).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxColors {
    /// Fill.
    pub fill: Color,
    /// Outline.
    pub stroke: Color,
    /// Text.
    pub text: Color,
    /// Outline width, px.
    pub stroke_width: f32,
    /// Dashed outline.
    pub dashed: bool,
}

fn channel_to_linear(c: u8) -> f32 {
    let c = f32::from(c) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance, 0 (black) to 1 (white).
pub fn luminance(c: Color) -> f32 {
    0.2126 * channel_to_linear(c.r)
        + 0.7152 * channel_to_linear(c.g)
        + 0.0722 * channel_to_linear(c.b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Hue (0..360), saturation and lightness (0..1).
fn to_hsl(c: Color) -> (f32, f32, f32) {
    let r = f32::from(c.r) / 255.0;
    let g = f32::from(c.g) / 255.0;
    let b = f32::from(c.b) / 255.0;
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = f32::midpoint(max, min);
    if (max - min).abs() < 1e-6 {
        return (0.0, 0.0, l);
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if (max - r).abs() < 1e-6 {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if (max - g).abs() < 1e-6 {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h * 60.0, s, l)
}

fn from_hsl(h: f32, s: f32, l: f32, a: u8) -> Color {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = (h / 60.0).rem_euclid(6.0);
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let to = |v: f32| ((v + m).clamp(0.0, 1.0) * 255.0).round() as u8;
    Color {
        r: to(r),
        g: to(g),
        b: to(b),
        a,
    }
}

/// `c` with its lightness replaced.
fn with_lightness(c: Color, l: f32) -> Color {
    let (h, s, _) = to_hsl(c);
    from_hsl(h, s, l.clamp(0.0, 1.0), c.a)
}

/// Moves `fill`'s lightness away from `text` until their contrast reaches
/// `target` (or lightness runs out), keeping hue and saturation.
fn separate(fill: Color, text: Color, target: f32) -> Color {
    if contrast(fill, text) >= target {
        return fill;
    }
    let (h, s, l) = to_hsl(fill);
    let darken = luminance(text) > 0.4;
    let mut best = fill;
    for step in 1..=40 {
        let d = step as f32 * 0.025;
        let nl = if darken { l - d } else { l + d };
        if !(0.0..=1.0).contains(&nl) {
            break;
        }
        best = from_hsl(h, s, nl, fill.a);
        if contrast(best, text) >= target {
            break;
        }
    }
    best
}

/// Black-ish or white-ish text in the fill's hue, whichever reads better.
fn readable_text_on(fill: Color) -> Color {
    let dark = with_lightness(fill, 0.12);
    let light = with_lightness(fill, 0.96);
    if contrast(fill, dark) >= contrast(fill, light) {
        dark
    } else {
        light
    }
}

/// Adapts an author's colour for the dark theme: light colours become
/// dark ones of the same hue, mid tones are dimmed a little.
fn for_dark(c: Color) -> Color {
    let (h, s, l) = to_hsl(c);
    let nl = if l > 0.62 {
        (1.12 - l).clamp(0.16, 0.42)
    } else {
        l * 0.85
    };
    from_hsl(h, (s * 0.85).min(1.0), nl, c.a)
}

/// Adapts an outline colour so it shows on the theme's background.
fn visible_stroke(c: Color, palette: &Palette, theme: Theme) -> Color {
    let c = if theme == Theme::Dark && luminance(c) < 0.08 {
        with_lightness(c, 0.62)
    } else {
        c
    };
    if contrast(c, palette.background) < 1.6 {
        readable_text_on(palette.background)
    } else {
        c
    }
}

/// Colours of a node or subgraph with `style`, readable in `theme`:
/// the author's hue is kept; a node's fill lightness is adjusted until its
/// text has a contrast of at least 4.5 against it (WCAG AA), a subgraph
/// keeps its fill (edges are drawn on it) and gets a readable title colour.
pub fn box_colors(style: &Style, theme: Theme, cluster: bool) -> BoxColors {
    let palette = Palette::of(theme);
    let (def_fill, def_stroke, def_text) = if cluster {
        (
            palette.cluster_fill,
            palette.cluster_stroke,
            palette.cluster_text,
        )
    } else {
        (palette.node_fill, palette.node_stroke, palette.node_text)
    };
    let mut fill = match style.fill {
        Some(f) if theme == Theme::Dark && cluster => {
            // A large area: quieter than a node.
            let (h, s, l) = to_hsl(for_dark(f));
            from_hsl(h, s * 0.65, l.min(0.3), f.a)
        }
        Some(f) if theme == Theme::Dark => for_dark(f),
        Some(f) => f,
        None => def_fill,
    };
    if fill.a < 255 {
        // Translucent fills are drawn over the background: judge that blend.
        fill = blend(palette.background, fill);
    }
    let text = match style.text {
        Some(t) => {
            let t = if theme == Theme::Dark && style.fill.is_none() && luminance(t) < 0.2 {
                with_lightness(t, 0.85)
            } else {
                t
            };
            // A subgraph's fill is the ground its edges are drawn on: keep
            // it and change the title's colour; a node's fill may move.
            if !cluster {
                fill = separate(fill, t, 4.5);
            }
            if contrast(fill, t) >= 4.5 {
                t
            } else {
                readable_text_on(fill)
            }
        }
        None if style.fill.is_some() => readable_text_on(fill),
        None => def_text,
    };
    let stroke = style
        .stroke
        .map_or(def_stroke, |s| visible_stroke(s, &palette, theme));
    BoxColors {
        fill,
        stroke,
        text,
        stroke_width: style
            .stroke_width
            .unwrap_or(if cluster { 1.0 } else { 1.3 }),
        dashed: style.dashed,
    }
}

/// Colour of an edge with `style` in `theme`.
pub fn edge_color(style: &Style, theme: Theme) -> Color {
    let palette = Palette::of(theme);
    style
        .stroke
        .map_or(palette.edge, |s| visible_stroke(s, &palette, theme))
}

/// `top` drawn over `bottom` (alpha blend), opaque.
pub fn blend(bottom: Color, top: Color) -> Color {
    let a = f32::from(top.a) / 255.0;
    let mix = |b: u8, t: u8| (f32::from(b) * (1.0 - a) + f32::from(t) * a).round() as u8;
    rgb(
        mix(bottom.r, top.r),
        mix(bottom.g, top.g),
        mix(bottom.b, top.b),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_text_on_light_fill_becomes_readable() {
        let style = Style {
            fill: Some(rgb(0x6c, 0xc3, 0xd5)),
            text: Some(rgb(0xff, 0xff, 0xff)),
            ..Style::default()
        };
        for theme in [Theme::Light, Theme::Dark] {
            let c = box_colors(&style, theme, false);
            assert!(contrast(c.fill, c.text) >= 4.5, "{theme:?}: {c:?}");
            // Hue kept (bluish-green stays so).
            let (h, _, _) = to_hsl(c.fill);
            assert!((150.0..230.0).contains(&h), "{h}");
        }
    }

    #[test]
    fn subgraph_keeps_its_fill_and_gets_a_readable_title() {
        let style = Style {
            fill: Some(rgb(0x6c, 0xc3, 0xd5)),
            text: Some(rgb(0xff, 0xff, 0xff)),
            ..Style::default()
        };
        let c = box_colors(&style, Theme::Light, true);
        assert_eq!(c.fill, rgb(0x6c, 0xc3, 0xd5));
        assert!(contrast(c.fill, c.text) >= 4.5);
        assert!(contrast(c.fill, Palette::of(Theme::Light).edge) >= 3.0);
    }

    #[test]
    fn default_colours_read_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let c = box_colors(&Style::default(), theme, false);
            assert!(contrast(c.fill, c.text) >= 7.0);
            let p = Palette::of(theme);
            assert!(contrast(p.background, p.edge) >= 3.0);
        }
    }

    #[test]
    fn pastel_fill_turns_dark_in_dark_theme() {
        let style = Style {
            fill: Some(rgb(0xe3, 0xf2, 0xfd)),
            ..Style::default()
        };
        let c = box_colors(&style, Theme::Dark, false);
        assert!(luminance(c.fill) < 0.2);
        assert!(contrast(c.fill, c.text) >= 4.5);
    }

    #[test]
    fn hsl_round_trip() {
        let c = rgb(0x56, 0xcc, 0x9d);
        let (h, s, l) = to_hsl(c);
        let back = from_hsl(h, s, l, 255);
        assert!((i16::from(back.g) - i16::from(c.g)).abs() <= 1);
    }
}
