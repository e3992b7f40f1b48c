//! A scene rasterised to PNG with `tiny-skia`, text drawn with the bundled
//! font through `ab_glyph`.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry and graph code reads best with x, y, a, b, u, v"
)]

use ab_glyph::{Font as _, ScaleFont as _, point};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, PremultipliedColorU8, Transform};

use super::scene::{Prim, Scene, Stroke};
use super::shapes::PathCmd;
use super::svg::MARGIN;
use super::text::TextFont;
use crate::mermaid::Color;

/// Largest picture side, px; bigger scenes are scaled down to fit.
pub const MAX_SIDE: f32 = 16_000.0;

/// A picture that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The font could not be loaded.
    #[error(transparent)]
    Font(#[from] super::text::FontError),
    /// The picture has no area.
    #[error("the picture would be empty ({0} x {1} px)")]
    Size(u32, u32),
    /// PNG encoding failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

fn sk(c: Color) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn path(cmds: &[PathCmd]) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for c in cmds {
        match *c {
            PathCmd::Move(p) => pb.move_to(p.x, p.y),
            PathCmd::Line(p) => pb.line_to(p.x, p.y),
            PathCmd::Cubic(a, b, p) => pb.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
            PathCmd::Close => pb.close(),
        }
    }
    pb.finish()
}

fn sk_stroke(s: &Stroke) -> tiny_skia::Stroke {
    tiny_skia::Stroke {
        width: s.width,
        line_cap: tiny_skia::LineCap::Round,
        line_join: tiny_skia::LineJoin::Round,
        dash: s
            .dash
            .and_then(|[on, off]| tiny_skia::StrokeDash::new(vec![on, off], 0.0)),
        ..tiny_skia::Stroke::default()
    }
}

/// The scene as PNG bytes at `scale` pixels per layout unit.
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, PngError> {
    let font = TextFont::new()?;
    let w = scene.width + 2.0 * MARGIN;
    let h = scene.height + 2.0 * MARGIN;
    let scale = scale
        .min(MAX_SIDE / w.max(1.0))
        .min(MAX_SIDE / h.max(1.0))
        .max(0.01);
    let (pw, ph) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
    let mut pm = Pixmap::new(pw, ph).ok_or(PngError::Size(pw, ph))?;
    pm.fill(sk(scene.background));
    let ts = Transform::from_scale(scale, scale).pre_translate(MARGIN, MARGIN);
    for item in &scene.items {
        for prim in &item.prims {
            match prim {
                Prim::Shape { cmds, fill, stroke } => {
                    let Some(p) = path(cmds) else { continue };
                    if let Some(f) = fill {
                        let mut paint = Paint::default();
                        paint.set_color(sk(*f));
                        paint.anti_alias = true;
                        pm.fill_path(&p, &paint, FillRule::Winding, ts, None);
                    }
                    if let Some(s) = stroke {
                        let mut paint = Paint::default();
                        paint.set_color(sk(s.color));
                        paint.anti_alias = true;
                        pm.stroke_path(&p, &paint, &sk_stroke(s), ts, None);
                    }
                }
                Prim::Line { points, stroke } => {
                    let mut pb = PathBuilder::new();
                    for (i, q) in points.iter().enumerate() {
                        if i == 0 {
                            pb.move_to(q.x, q.y);
                        } else {
                            pb.line_to(q.x, q.y);
                        }
                    }
                    if let Some(p) = pb.finish() {
                        let mut paint = Paint::default();
                        paint.set_color(sk(stroke.color));
                        paint.anti_alias = true;
                        pm.stroke_path(&p, &paint, &sk_stroke(stroke), ts, None);
                    }
                }
                Prim::Text {
                    label,
                    center,
                    size,
                    color,
                    bold,
                } => {
                    let px = size * scale;
                    let line_h = font.line_height(px);
                    let n = label.lines.len().max(1) as f32;
                    let cx = (center.x + MARGIN) * scale;
                    let cy = (center.y + MARGIN) * scale;
                    let top = cy - line_h * n / 2.0;
                    for (i, runs) in label.lines.iter().enumerate() {
                        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                        let width = font.text_width(&text, px);
                        let baseline = top
                            + line_h * i as f32
                            + font.ascent(px)
                            + (line_h
                                - (font.ascent(px)
                                    - font.font().as_scaled(font.scale(px)).descent()))
                                / 2.0;
                        draw_text(
                            &mut pm,
                            &font,
                            &text,
                            cx - width / 2.0,
                            baseline,
                            px,
                            *color,
                            *bold,
                        );
                    }
                }
            }
        }
    }
    pm.encode_png().map_err(|e| PngError::Encode(e.to_string()))
}

#[expect(clippy::too_many_arguments, reason = "a plain drawing call")]
fn draw_text(
    pm: &mut Pixmap,
    font: &TextFont,
    text: &str,
    x: f32,
    baseline: f32,
    px: f32,
    color: Color,
    bold: bool,
) {
    let scale = font.scale(px);
    let scaled = font.font().as_scaled(scale);
    let (w, h) = (pm.width() as i32, pm.height() as i32);
    let pixels = pm.pixels_mut();
    let mut pen = x;
    let mut prev = None;
    // Ubuntu Light has no bold face: bold is drawn twice, offset by a fraction.
    let passes: &[f32] = if bold { &[0.0, 0.45] } else { &[0.0] };
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        for &dx in passes {
            let glyph = id.with_scale_and_position(scale, point(pen + dx, baseline));
            if let Some(outlined) = font.font().outline_glyph(glyph) {
                let b = outlined.px_bounds();
                outlined.draw(|gx, gy, cov| {
                    let px_x = b.min.x as i32 + gx as i32;
                    let px_y = b.min.y as i32 + gy as i32;
                    if px_x < 0 || px_y < 0 || px_x >= w || px_y >= h {
                        return;
                    }
                    let idx = (px_y * w + px_x) as usize;
                    let a = cov.clamp(0.0, 1.0) * f32::from(color.a) / 255.0;
                    let dst = pixels[idx];
                    let mix =
                        |s: u8, d: u8| (f32::from(s) * a + f32::from(d) * (1.0 - a)).round() as u8;
                    let na = (a * 255.0 + f32::from(dst.alpha()) * (1.0 - a)).round() as u8;
                    let out = PremultipliedColorU8::from_rgba(
                        mix(color.r, dst.red()).min(na),
                        mix(color.g, dst.green()).min(na),
                        mix(color.b, dst.blue()).min(na),
                        na,
                    );
                    if let Some(o) = out {
                        pixels[idx] = o;
                    }
                });
            }
        }
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
}
