//! Outlines of node shapes and arrowheads as paths, shared by the SVG and
//! PNG writers and the on-screen painter.

use crate::layout::{Point, Rect};
use crate::mermaid::{ArrowHead, Shape};

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathCmd {
    /// Start a new subpath.
    Move(Point),
    /// Straight line.
    Line(Point),
    /// Cubic Bézier with two control points.
    Cubic(Point, Point, Point),
    /// Close the subpath.
    Close,
}

/// How to draw a node shape: a filled and stroked outline plus stroked
/// decorations (the inner circle of a double circle, a cylinder's rim...).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeDrawing {
    /// The closed outline.
    pub outline: Vec<PathCmd>,
    /// Open or closed decorations, stroked only.
    pub extra: Vec<Vec<PathCmd>>,
}

const KAPPA: f32 = 0.552_284_8;

fn p(x: f32, y: f32) -> Point {
    Point::new(x, y)
}

fn polygon(pts: &[Point]) -> Vec<PathCmd> {
    let mut v = Vec::with_capacity(pts.len() + 1);
    for (i, &q) in pts.iter().enumerate() {
        v.push(if i == 0 {
            PathCmd::Move(q)
        } else {
            PathCmd::Line(q)
        });
    }
    v.push(PathCmd::Close);
    v
}

fn ellipse(c: Point, rx: f32, ry: f32) -> Vec<PathCmd> {
    let (kx, ky) = (rx * KAPPA, ry * KAPPA);
    vec![
        PathCmd::Move(p(c.x + rx, c.y)),
        PathCmd::Cubic(
            p(c.x + rx, c.y + ky),
            p(c.x + kx, c.y + ry),
            p(c.x, c.y + ry),
        ),
        PathCmd::Cubic(
            p(c.x - kx, c.y + ry),
            p(c.x - rx, c.y + ky),
            p(c.x - rx, c.y),
        ),
        PathCmd::Cubic(
            p(c.x - rx, c.y - ky),
            p(c.x - kx, c.y - ry),
            p(c.x, c.y - ry),
        ),
        PathCmd::Cubic(
            p(c.x + kx, c.y - ry),
            p(c.x + rx, c.y - ky),
            p(c.x + rx, c.y),
        ),
        PathCmd::Close,
    ]
}

/// A rectangle with corners of radius `r`.
pub fn rounded_rect(rect: &Rect, r: f32) -> Vec<PathCmd> {
    let r = r.min(rect.width() / 2.0).min(rect.height() / 2.0).max(0.0);
    let (x0, y0, x1, y1) = (rect.min_x, rect.min_y, rect.max_x, rect.max_y);
    if r < 0.01 {
        return polygon(&[p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)]);
    }
    let k = r * (1.0 - KAPPA);
    vec![
        PathCmd::Move(p(x0 + r, y0)),
        PathCmd::Line(p(x1 - r, y0)),
        PathCmd::Cubic(p(x1 - k, y0), p(x1, y0 + k), p(x1, y0 + r)),
        PathCmd::Line(p(x1, y1 - r)),
        PathCmd::Cubic(p(x1, y1 - k), p(x1 - k, y1), p(x1 - r, y1)),
        PathCmd::Line(p(x0 + r, y1)),
        PathCmd::Cubic(p(x0 + k, y1), p(x0, y1 - k), p(x0, y1 - r)),
        PathCmd::Line(p(x0, y0 + r)),
        PathCmd::Cubic(p(x0, y0 + k), p(x0 + k, y0), p(x0 + r, y0)),
        PathCmd::Close,
    ]
}

/// The drawing of `shape` filling `rect`. Polygonal shapes match
/// [`crate::layout::geometry::shape_outline`], where edges end.
pub fn shape_drawing(shape: Shape, rect: &Rect) -> ShapeDrawing {
    let (x0, y0, x1, y1) = (rect.min_x, rect.min_y, rect.max_x, rect.max_y);
    let (w, h) = (rect.width(), rect.height());
    let c = rect.center();
    let mut extra = Vec::new();
    let outline = match shape {
        Shape::Rect => rounded_rect(rect, 3.0),
        Shape::Rounded => rounded_rect(rect, 10.0),
        Shape::Stadium => rounded_rect(rect, h / 2.0),
        Shape::Subroutine => {
            let d = 7.0f32.min(w / 6.0);
            extra.push(vec![
                PathCmd::Move(p(x0 + d, y0)),
                PathCmd::Line(p(x0 + d, y1)),
            ]);
            extra.push(vec![
                PathCmd::Move(p(x1 - d, y0)),
                PathCmd::Line(p(x1 - d, y1)),
            ]);
            polygon(&[p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)])
        }
        Shape::Cylinder => {
            let ry = crate::layout::geometry::cylinder_rim(h);
            let rx = w / 2.0;
            let (kx, ky) = (rx * KAPPA, ry * KAPPA);
            // Front half of the top rim.
            extra.push(vec![
                PathCmd::Move(p(x0, y0 + ry)),
                PathCmd::Cubic(
                    p(x0, y0 + ry + ky),
                    p(c.x - kx, y0 + 2.0 * ry),
                    p(c.x, y0 + 2.0 * ry),
                ),
                PathCmd::Cubic(
                    p(c.x + kx, y0 + 2.0 * ry),
                    p(x1, y0 + ry + ky),
                    p(x1, y0 + ry),
                ),
            ]);
            vec![
                PathCmd::Move(p(x0, y0 + ry)),
                PathCmd::Cubic(p(x0, y0 + ry - ky), p(c.x - kx, y0), p(c.x, y0)),
                PathCmd::Cubic(p(c.x + kx, y0), p(x1, y0 + ry - ky), p(x1, y0 + ry)),
                PathCmd::Line(p(x1, y1 - ry)),
                PathCmd::Cubic(p(x1, y1 - ry + ky), p(c.x + kx, y1), p(c.x, y1)),
                PathCmd::Cubic(p(c.x - kx, y1), p(x0, y1 - ry + ky), p(x0, y1 - ry)),
                PathCmd::Close,
            ]
        }
        Shape::Circle => ellipse(c, w / 2.0, h / 2.0),
        Shape::DoubleCircle => {
            extra.push(ellipse(
                c,
                (w / 2.0 - 4.0).max(1.0),
                (h / 2.0 - 4.0).max(1.0),
            ));
            ellipse(c, w / 2.0, h / 2.0)
        }
        Shape::Asymmetric => {
            let notch = h * 0.3;
            polygon(&[
                p(x0, y0),
                p(x1, y0),
                p(x1, y1),
                p(x0, y1),
                p(x0 + notch, c.y),
            ])
        }
        Shape::Rhombus
        | Shape::Hexagon
        | Shape::Parallelogram
        | Shape::ParallelogramAlt
        | Shape::Trapezoid
        | Shape::TrapezoidAlt => {
            let pts = crate::layout::geometry::shape_outline(shape, rect)
                .unwrap_or_else(|| vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)]);
            polygon(&pts)
        }
    };
    ShapeDrawing { outline, extra }
}

/// The subpaths of `cmds` as polylines, curves flattened into `segments`
/// pieces each. The flag says whether the subpath is closed.
pub fn flatten(cmds: &[PathCmd], segments: usize) -> Vec<(Vec<Point>, bool)> {
    let mut out: Vec<(Vec<Point>, bool)> = Vec::new();
    let mut cur: Vec<Point> = Vec::new();
    for cmd in cmds {
        match *cmd {
            PathCmd::Move(q) => {
                if cur.len() > 1 {
                    out.push((std::mem::take(&mut cur), false));
                }
                cur.clear();
                cur.push(q);
            }
            PathCmd::Line(q) => cur.push(q),
            PathCmd::Cubic(c1, c2, e) => {
                let s = cur.last().copied().unwrap_or(c1);
                for i in 1..=segments {
                    let t = i as f32 / segments as f32;
                    let u = 1.0 - t;
                    let b0 = u * u * u;
                    let b1 = 3.0 * u * u * t;
                    let b2 = 3.0 * u * t * t;
                    let b3 = t * t * t;
                    cur.push(p(
                        b0 * s.x + b1 * c1.x + b2 * c2.x + b3 * e.x,
                        b0 * s.y + b1 * c1.y + b2 * c2.y + b3 * e.y,
                    ));
                }
            }
            PathCmd::Close => {
                if cur.len() > 1
                    && cur
                        .first()
                        .is_some_and(|f| f.distance(cur[cur.len() - 1]) < 0.01)
                {
                    cur.pop();
                }
                out.push((std::mem::take(&mut cur), true));
            }
        }
    }
    if cur.len() > 1 {
        out.push((cur, false));
    }
    out
}

/// An arrowhead to draw at the end of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Head {
    /// A filled triangle.
    Triangle([Point; 3]),
    /// A filled circle.
    Circle(Point, f32),
    /// Two crossing strokes.
    Cross([Point; 4]),
}

/// The head at the end `tip` of a line arriving from `from`, and where the
/// line itself should stop. `scale` grows the head with the line width.
pub fn arrow_head(tip: Point, from: Point, head: ArrowHead, scale: f32) -> (Point, Option<Head>) {
    let len = tip.distance(from);
    if len < 1e-3 {
        return (tip, None);
    }
    let (dx, dy) = ((tip.x - from.x) / len, (tip.y - from.y) / len);
    let (nx, ny) = (-dy, dx);
    let back = |d: f32| p(tip.x - dx * d, tip.y - dy * d);
    match head {
        ArrowHead::None => (tip, None),
        ArrowHead::Normal => {
            let l = 9.0 * scale;
            let w = 4.5 * scale;
            let base = back(l);
            (
                back(l - 1.0),
                Some(Head::Triangle([
                    tip,
                    p(base.x + nx * w, base.y + ny * w),
                    p(base.x - nx * w, base.y - ny * w),
                ])),
            )
        }
        ArrowHead::Circle => {
            let r = 4.0 * scale;
            let c = back(r);
            (back(r * 2.0 - 0.5), Some(Head::Circle(c, r)))
        }
        ArrowHead::Cross => {
            let s = 4.0 * scale;
            let c = back(s + 1.0);
            let (ax, ay) = ((dx + nx) * s * 0.7, (dy + ny) * s * 0.7);
            let (bx, by) = ((dx - nx) * s * 0.7, (dy - ny) * s * 0.7);
            (
                tip,
                Some(Head::Cross([
                    p(c.x - ax, c.y - ay),
                    p(c.x + ax, c.y + ay),
                    p(c.x - bx, c.y - by),
                    p(c.x + bx, c.y + by),
                ])),
            )
        }
    }
}

/// The line `pts` with its start moved to `start` and its end to `end`
/// (both on the line, from [`arrow_head`]), dropping points passed over.
pub fn trim_line(pts: &[Point], start: Point, end: Point) -> Vec<Point> {
    if pts.len() < 2 {
        return pts.to_vec();
    }
    let n = pts.len();
    let first_len = pts[0].distance(start);
    let last_len = pts[n - 1].distance(end);
    let mut out = vec![start];
    // Skip points within the trimmed length from each end.
    let mut acc = 0.0;
    let mut i = 1;
    while i < n - 1 {
        acc += pts[i - 1].distance(pts[i]);
        if acc > first_len {
            break;
        }
        i += 1;
    }
    let mut j = n - 2;
    let mut acc_end = 0.0;
    while j > 0 {
        acc_end += pts[j + 1].distance(pts[j]);
        if acc_end > last_len {
            break;
        }
        j -= 1;
    }
    if i <= j {
        out.extend_from_slice(&pts[i..=j]);
    }
    out.push(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Size;

    #[test]
    fn every_shape_has_a_closed_outline_inside_its_box() {
        let r = Rect::from_center(p(50.0, 30.0), Size::new(80.0, 40.0));
        for shape in [
            Shape::Rect,
            Shape::Rounded,
            Shape::Stadium,
            Shape::Subroutine,
            Shape::Cylinder,
            Shape::Circle,
            Shape::DoubleCircle,
            Shape::Asymmetric,
            Shape::Rhombus,
            Shape::Hexagon,
            Shape::Parallelogram,
            Shape::ParallelogramAlt,
            Shape::Trapezoid,
            Shape::TrapezoidAlt,
        ] {
            let d = shape_drawing(shape, &r);
            let polys = flatten(&d.outline, 8);
            assert_eq!(polys.len(), 1, "{shape:?}");
            assert!(polys[0].1, "{shape:?} closed");
            for q in &polys[0].0 {
                assert!(r.contains(*q, 0.01), "{shape:?} {q:?}");
            }
        }
    }

    #[test]
    fn arrow_head_points_along_the_line() {
        let (end, head) = arrow_head(p(0.0, 100.0), p(0.0, 0.0), ArrowHead::Normal, 1.0);
        assert!(end.y < 100.0 && end.y > 85.0);
        match head {
            Some(Head::Triangle(t)) => assert_eq!(t[0], p(0.0, 100.0)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn trim_drops_points_under_the_head() {
        let pts = [p(0.0, 0.0), p(0.0, 50.0), p(0.0, 97.0), p(0.0, 100.0)];
        let t = trim_line(&pts, p(0.0, 0.0), p(0.0, 91.0));
        assert_eq!(t, vec![p(0.0, 0.0), p(0.0, 50.0), p(0.0, 91.0)]);
    }
}
