//! A scene as SVG text.

use std::fmt::Write as _;

use super::scene::{Prim, Scene, Stroke};
use super::shapes::PathCmd;
use crate::mermaid::Color;

/// Margin around the drawing, px.
pub const MARGIN: f32 = 8.0;

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

fn path_data(cmds: &[PathCmd]) -> String {
    let mut d = String::new();
    for c in cmds {
        let _ = match *c {
            PathCmd::Move(p) => write!(d, "M{:.1} {:.1}", p.x, p.y),
            PathCmd::Line(p) => write!(d, "L{:.1} {:.1}", p.x, p.y),
            PathCmd::Cubic(a, b, p) => write!(
                d,
                "C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
                a.x, a.y, b.x, b.y, p.x, p.y
            ),
            PathCmd::Close => write!(d, "Z"),
        };
    }
    d
}

fn stroke_attrs(s: &Stroke) -> String {
    let mut a = format!(
        r#" stroke="{}" stroke-width="{:.2}""#,
        hex(s.color),
        s.width
    );
    if s.color.a < 255 {
        let _ = write!(
            a,
            r#" stroke-opacity="{:.3}""#,
            f32::from(s.color.a) / 255.0
        );
    }
    if let Some([on, off]) = s.dash {
        let _ = write!(a, r#" stroke-dasharray="{on} {off}""#);
    }
    a
}

/// The scene as a standalone SVG document.
pub fn to_svg(scene: &Scene) -> String {
    let w = scene.width + 2.0 * MARGIN;
    let h = scene.height + 2.0 * MARGIN;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="{:.1} {:.1} {w:.1} {h:.1}" font-family="Ubuntu, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif">"#,
        -MARGIN, -MARGIN
    );
    let _ = writeln!(
        s,
        r#"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="{}"/>"#,
        -MARGIN,
        -MARGIN,
        hex(scene.background)
    );
    for item in &scene.items {
        for prim in &item.prims {
            match prim {
                Prim::Shape { cmds, fill, stroke } => {
                    let fill_attr = match fill {
                        Some(f) if f.a < 255 => format!(
                            r#" fill="{}" fill-opacity="{:.3}""#,
                            hex(*f),
                            f32::from(f.a) / 255.0
                        ),
                        Some(f) => format!(r#" fill="{}""#, hex(*f)),
                        None => r#" fill="none""#.to_owned(),
                    };
                    let stroke_attr = stroke.as_ref().map(stroke_attrs).unwrap_or_default();
                    let _ = writeln!(
                        s,
                        r#"<path d="{}"{fill_attr}{stroke_attr} stroke-linejoin="round"/>"#,
                        path_data(cmds)
                    );
                }
                Prim::Line { points, stroke } => {
                    let pts: Vec<String> = points
                        .iter()
                        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
                        .collect();
                    let _ = writeln!(
                        s,
                        r#"<polyline points="{}" fill="none"{} stroke-linejoin="round" stroke-linecap="round"/>"#,
                        pts.join(" "),
                        stroke_attrs(stroke)
                    );
                }
                Prim::Text {
                    label,
                    center,
                    size,
                    color,
                    bold,
                } => {
                    let line_h = size * 1.2;
                    let n = label.lines.len().max(1) as f32;
                    let top = center.y - line_h * (n - 1.0) / 2.0;
                    let weight = if *bold { r#" font-weight="bold""# } else { "" };
                    let _ = write!(
                        s,
                        r#"<text x="{:.1}" font-size="{size}" fill="{}" text-anchor="middle" dominant-baseline="central"{weight}>"#,
                        center.x,
                        hex(*color)
                    );
                    for (i, runs) in label.lines.iter().enumerate() {
                        let _ = write!(
                            s,
                            r#"<tspan x="{:.1}" y="{:.1}">"#,
                            center.x,
                            top + line_h * i as f32
                        );
                        for r in runs {
                            let mut attrs = String::new();
                            if r.bold {
                                attrs.push_str(r#" font-weight="bold""#);
                            }
                            if r.italic {
                                attrs.push_str(r#" font-style="italic""#);
                            }
                            if attrs.is_empty() {
                                s.push_str(&escape(&r.text));
                            } else {
                                let _ = write!(s, "<tspan{attrs}>{}</tspan>", escape(&r.text));
                            }
                        }
                        s.push_str("</tspan>");
                    }
                    s.push_str("</text>\n");
                }
            }
        }
    }
    s.push_str("</svg>\n");
    s
}
