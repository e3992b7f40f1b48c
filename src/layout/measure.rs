//! Box sizes from text sizes: the shape padding rule and the layout
//! harness's fixed-width rule.

use super::geometry::Size;
use super::types::LabelKind;
use crate::mermaid::{Label, Shape};

/// Width of one character in the harness rule, px.
pub const HARNESS_CHAR_W: f32 = 7.5;
/// Height of one line in the harness rule, px.
pub const HARNESS_LINE_H: f32 = 18.0;

/// The size rule of the layout benchmark (`tools/layoutbench/mmd2json.py`):
/// 7.5 px a character and 18 px a line; nodes get 16 px of padding on each
/// side (circles are square), edge labels and titles 4 px × 2 px.
pub fn harness_size(label: &Label, kind: LabelKind) -> Size {
    let lines: Vec<usize> = label
        .lines
        .iter()
        .map(|runs| runs.iter().map(|r| r.text.chars().count()).sum())
        .collect();
    let longest = lines.iter().copied().max().unwrap_or(0) as f32;
    let count = lines.len().max(1) as f32;
    match kind {
        LabelKind::Node(shape) => {
            let w = HARNESS_CHAR_W * longest + 32.0;
            let h = HARNESS_LINE_H * count + 32.0;
            if matches!(shape, Shape::Circle | Shape::DoubleCircle) {
                Size::new(w.max(h), w.max(h))
            } else {
                Size::new(w, h)
            }
        }
        LabelKind::Edge | LabelKind::ClusterTitle => {
            Size::new(HARNESS_CHAR_W * longest + 8.0, HARNESS_LINE_H * count + 4.0)
        }
    }
}

/// The box a node of `shape` needs around text of size `text`, with `pad`
/// as the basic padding (horizontal; vertical padding is 0.6 of it).
pub fn node_box(shape: Shape, text: Size, pad: f32) -> Size {
    let px = pad;
    let py = (pad * 0.6).max(4.0);
    let (tw, th) = (text.w, text.h);
    let base = Size::new(tw + 2.0 * px, th + 2.0 * py);
    match shape {
        Shape::Rect | Shape::Rounded => base,
        Shape::Asymmetric => Size::new(base.w + base.h * 0.3, base.h),
        Shape::Stadium | Shape::Hexagon => Size::new(base.w + base.h * 0.5, base.h),
        Shape::Subroutine => Size::new(base.w + 16.0, base.h),
        Shape::Cylinder => Size::new(base.w, base.h + 18.0),
        Shape::Circle => {
            let d = tw.hypot(th) + pad;
            Size::new(d, d)
        }
        Shape::DoubleCircle => {
            let d = tw.hypot(th) + pad + 10.0;
            Size::new(d, d)
        }
        Shape::Rhombus => Size::new(tw + th * 1.6 + pad, th + tw * 0.4 + pad),
        Shape::Parallelogram | Shape::ParallelogramAlt | Shape::Trapezoid | Shape::TrapezoidAlt => {
            Size::new(base.w + base.h * 0.6, base.h)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harness_rule_matches_mmd2json() {
        let l = Label::plain("Small Server\n4 CPU, 16GB RAM");
        let s = harness_size(&l, LabelKind::Node(Shape::Rect));
        assert_eq!(s, Size::new(7.5 * 15.0 + 32.0, 18.0 * 2.0 + 32.0));
        let c = harness_size(&Label::plain("New"), LabelKind::Node(Shape::Circle));
        assert!((c.w - c.h).abs() < f32::EPSILON);
        let e = harness_size(&Label::plain("Hit"), LabelKind::Edge);
        assert_eq!(e, Size::new(7.5 * 3.0 + 8.0, 22.0));
    }

    #[test]
    fn shape_boxes_hold_their_text() {
        let t = Size::new(80.0, 36.0);
        for shape in [
            Shape::Rhombus,
            Shape::Circle,
            Shape::Hexagon,
            Shape::Stadium,
        ] {
            let b = node_box(shape, t, 12.0);
            assert!(b.w >= t.w && b.h >= t.h, "{shape:?}");
        }
        let d = node_box(Shape::Rhombus, t, 12.0);
        assert!(t.w / d.w + t.h / d.h <= 1.0);
    }
}
