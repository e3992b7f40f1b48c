//! Plain `f32` geometry shared by the layout and its consumers.

#![expect(
    clippy::many_single_char_names,
    reason = "geometry and graph code reads best with x, y, a, b, u, v"
)]

use crate::mermaid::Shape;

/// A point, in layout units (px at zoom 1), y growing downward.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position (down is positive).
    pub y: f32,
}

impl Point {
    /// A point from its coordinates.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Self) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// The point a fraction `t` of the way to `other`.
    #[must_use]
    pub fn lerp(self, other: Self, t: f32) -> Self {
        Self::new(
            self.x + (other.x - self.x) * t,
            self.y + (other.y - self.y) * t,
        )
    }
}

/// A width and a height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Size {
    /// A size from width and height.
    pub const fn new(w: f32, h: f32) -> Self {
        Self { w, h }
    }
}

/// An axis-aligned rectangle given by its corners (`min` top-left).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub min_x: f32,
    /// Top edge.
    pub min_y: f32,
    /// Right edge.
    pub max_x: f32,
    /// Bottom edge.
    pub max_y: f32,
}

impl Rect {
    /// The rectangle of size `size` centred on `center`.
    pub fn from_center(center: Point, size: Size) -> Self {
        Self {
            min_x: center.x - size.w / 2.0,
            min_y: center.y - size.h / 2.0,
            max_x: center.x + size.w / 2.0,
            max_y: center.y + size.h / 2.0,
        }
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point::new(
            f32::midpoint(self.min_x, self.max_x),
            f32::midpoint(self.min_y, self.max_y),
        )
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.max_x - self.min_x
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.max_y - self.min_y
    }

    /// Width and height.
    pub fn size(&self) -> Size {
        Size::new(self.width(), self.height())
    }

    /// The rectangle grown by `d` on every side (shrunk when `d` is negative).
    #[must_use]
    pub fn expand(&self, d: f32) -> Self {
        Self {
            min_x: self.min_x - d,
            min_y: self.min_y - d,
            max_x: self.max_x + d,
            max_y: self.max_y + d,
        }
    }

    /// True when `p` is inside or on the border, give or take `tol`.
    pub fn contains(&self, p: Point, tol: f32) -> bool {
        p.x >= self.min_x - tol
            && p.x <= self.max_x + tol
            && p.y >= self.min_y - tol
            && p.y <= self.max_y + tol
    }

    /// True when `inner` lies inside this rectangle, give or take `tol`.
    pub fn contains_rect(&self, inner: &Self, tol: f32) -> bool {
        inner.min_x >= self.min_x - tol
            && inner.min_y >= self.min_y - tol
            && inner.max_x <= self.max_x + tol
            && inner.max_y <= self.max_y + tol
    }

    /// True when the interiors overlap by more than `tol` in both axes.
    pub fn overlaps(&self, other: &Self, tol: f32) -> bool {
        self.max_x.min(other.max_x) - self.min_x.max(other.min_x) > tol
            && self.max_y.min(other.max_y) - self.min_y.max(other.min_y) > tol
    }

    /// The smallest rectangle holding both.
    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        Self {
            min_x: self.min_x.min(other.min_x),
            min_y: self.min_y.min(other.min_y),
            max_x: self.max_x.max(other.max_x),
            max_y: self.max_y.max(other.max_y),
        }
    }

    /// Distance from `p` to the rectangle (0 inside).
    pub fn distance(&self, p: Point) -> f32 {
        let dx = (self.min_x - p.x).max(0.0).max(p.x - self.max_x);
        let dy = (self.min_y - p.y).max(0.0).max(p.y - self.max_y);
        dx.hypot(dy)
    }

    /// True when the segment `a`-`b` enters the open interior of the rectangle.
    pub fn hit_by_segment(&self, a: Point, b: Point) -> bool {
        // Liang-Barsky clipping against the open box.
        let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        for (p, q) in [
            (-dx, a.x - self.min_x),
            (dx, self.max_x - a.x),
            (-dy, a.y - self.min_y),
            (dy, self.max_y - a.y),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    if r > t1 {
                        return false;
                    }
                    t0 = t0.max(r);
                } else {
                    if r < t0 {
                        return false;
                    }
                    t1 = t1.min(r);
                }
            }
        }
        t1 - t0 > 1e-6
    }
}

/// The outline of a node shape inside its box, as a convex polygon, or
/// `None` for an ellipse (circles). Used to end edges on the drawn border.
pub fn shape_outline(shape: Shape, rect: &Rect) -> Option<Vec<Point>> {
    let (x0, y0, x1, y1) = (rect.min_x, rect.min_y, rect.max_x, rect.max_y);
    let w = x1 - x0;
    let h = y1 - y0;
    let cy = f32::midpoint(y0, y1);
    let cx = f32::midpoint(x0, x1);
    let slant = (h * 0.3).min(w * 0.2);
    let pts = match shape {
        Shape::Circle | Shape::DoubleCircle => return None,
        Shape::Rhombus => vec![
            Point::new(cx, y0),
            Point::new(x1, cy),
            Point::new(cx, y1),
            Point::new(x0, cy),
        ],
        Shape::Hexagon => {
            let d = (h / 2.0).min(w / 4.0);
            vec![
                Point::new(x0 + d, y0),
                Point::new(x1 - d, y0),
                Point::new(x1, cy),
                Point::new(x1 - d, y1),
                Point::new(x0 + d, y1),
                Point::new(x0, cy),
            ]
        }
        Shape::Parallelogram => vec![
            Point::new(x0 + slant, y0),
            Point::new(x1, y0),
            Point::new(x1 - slant, y1),
            Point::new(x0, y1),
        ],
        Shape::ParallelogramAlt => vec![
            Point::new(x0, y0),
            Point::new(x1 - slant, y0),
            Point::new(x1, y1),
            Point::new(x0 + slant, y1),
        ],
        Shape::Trapezoid => vec![
            Point::new(x0 + slant, y0),
            Point::new(x1 - slant, y0),
            Point::new(x1, y1),
            Point::new(x0, y1),
        ],
        Shape::TrapezoidAlt => vec![
            Point::new(x0, y0),
            Point::new(x1, y0),
            Point::new(x1 - slant, y1),
            Point::new(x0 + slant, y1),
        ],
        Shape::Stadium => {
            // A rounded rectangle of radius half the shorter side
            // (flattened quarter circles at the corners).
            let r = (h / 2.0).min(w / 2.0);
            let corners = [
                (x1 - r, y1 - r, 0.0),
                (x0 + r, y1 - r, 0.5),
                (x0 + r, y0 + r, 1.0),
                (x1 - r, y0 + r, 1.5),
            ];
            let mut pts = Vec::with_capacity(4 * (ARC_STEPS / 2 + 1));
            for (ccx, ccy, start) in corners {
                for k in 0..=ARC_STEPS / 2 {
                    let a = std::f32::consts::PI * (start + k as f32 / ARC_STEPS as f32);
                    pts.push(Point::new(ccx + r * a.cos(), ccy + r * a.sin()));
                }
            }
            pts
        }
        Shape::Cylinder => {
            // Elliptic rims top and bottom (as drawn: ry = 12 % of the height).
            let ry = cylinder_rim(h);
            let rx = w / 2.0;
            let mut pts = Vec::with_capacity(2 * ARC_STEPS + 2);
            for k in 0..=ARC_STEPS {
                let a = std::f32::consts::PI * (1.0 + k as f32 / ARC_STEPS as f32);
                pts.push(Point::new(cx + rx * a.cos(), y0 + ry + ry * a.sin()));
            }
            for k in 0..=ARC_STEPS {
                let a = std::f32::consts::PI * (k as f32 / ARC_STEPS as f32);
                pts.push(Point::new(cx + rx * a.cos(), y1 - ry + ry * a.sin()));
            }
            pts
        }
        Shape::Rect | Shape::Rounded | Shape::Subroutine | Shape::Asymmetric => vec![
            Point::new(x0, y0),
            Point::new(x1, y0),
            Point::new(x1, y1),
            Point::new(x0, y1),
        ],
    };
    Some(pts)
}

/// Segments per half circle when curved outlines are flattened.
const ARC_STEPS: usize = 12;

/// Vertical radius of a cylinder's rims, for a cylinder `h` tall.
pub fn cylinder_rim(h: f32) -> f32 {
    (h * 0.12).clamp(3.0, 9.0)
}

/// Where the ray from the centre of `rect` towards `toward` leaves the outline
/// of `shape` drawn in `rect`. Returns the centre when `toward` is the centre.
pub fn border_point(shape: Shape, rect: &Rect, toward: Point) -> Point {
    let c = rect.center();
    let dx = toward.x - c.x;
    let dy = toward.y - c.y;
    if dx.abs() < 1e-6 && dy.abs() < 1e-6 {
        return c;
    }
    match shape_outline(shape, rect) {
        None => {
            let rx = rect.width() / 2.0;
            let ry = rect.height() / 2.0;
            let k = 1.0 / ((dx / rx).powi(2) + (dy / ry).powi(2)).sqrt();
            Point::new(c.x + dx * k, c.y + dy * k)
        }
        Some(poly) => {
            // Smallest positive ray parameter over the polygon's edges.
            let mut best = f32::INFINITY;
            for i in 0..poly.len() {
                let a = poly[i];
                let b = poly[(i + 1) % poly.len()];
                let ex = b.x - a.x;
                let ey = b.y - a.y;
                let den = dx * ey - dy * ex;
                if den.abs() < 1e-9 {
                    continue;
                }
                let t = ((a.x - c.x) * ey - (a.y - c.y) * ex) / den;
                let u = ((a.x - c.x) * dy - (a.y - c.y) * dx) / den;
                if t > 0.0 && (-1e-4..=1.0 + 1e-4).contains(&u) {
                    best = best.min(t);
                }
            }
            if best.is_finite() {
                Point::new(c.x + dx * best, c.y + dy * best)
            } else {
                c
            }
        }
    }
}

/// Where the ray from `origin` (inside the shape) in direction `dir`
/// leaves the outline of `shape` drawn in `rect`.
pub fn ray_exit(shape: Shape, rect: &Rect, origin: Point, dir: Point) -> Point {
    let (dx, dy) = (dir.x, dir.y);
    if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
        return origin;
    }
    match shape_outline(shape, rect) {
        None => {
            let c = rect.center();
            let (rx, ry) = (rect.width() / 2.0, rect.height() / 2.0);
            let (ox, oy) = ((origin.x - c.x) / rx, (origin.y - c.y) / ry);
            let (ux, uy) = (dx / rx, dy / ry);
            let qa = ux * ux + uy * uy;
            let qb = 2.0 * (ox * ux + oy * uy);
            let qc = ox * ox + oy * oy - 1.0;
            let disc = (qb * qb - 4.0 * qa * qc).max(0.0);
            let t = (-qb + disc.sqrt()) / (2.0 * qa);
            Point::new(origin.x + dx * t.max(0.0), origin.y + dy * t.max(0.0))
        }
        Some(poly) => {
            let mut best = f32::INFINITY;
            for i in 0..poly.len() {
                let a = poly[i];
                let b = poly[(i + 1) % poly.len()];
                let ex = b.x - a.x;
                let ey = b.y - a.y;
                let den = dx * ey - dy * ex;
                if den.abs() < 1e-9 {
                    continue;
                }
                let t = ((a.x - origin.x) * ey - (a.y - origin.y) * ex) / den;
                let u = ((a.x - origin.x) * dy - (a.y - origin.y) * dx) / den;
                if t > -1e-4 && (-1e-4..=1.0 + 1e-4).contains(&u) {
                    best = best.min(t.max(0.0));
                }
            }
            if best.is_finite() {
                Point::new(origin.x + dx * best, origin.y + dy * best)
            } else {
                origin
            }
        }
    }
}

/// Signed distance of `p` from the line through `a` and `b`.
pub fn signed_distance(p: Point, a: Point, b: Point) -> f32 {
    let dx = b.x - a.x;
    let dy = b.y - a.y;
    let len = dx.hypot(dy);
    if len == 0.0 {
        return 0.0;
    }
    ((p.x - a.x) * dy - (p.y - a.y) * dx) / len
}

/// True when segments `a`-`b` and `c`-`d` properly cross (each strictly on
/// both sides of the other, by more than `tol`).
pub fn segments_cross(a: Point, b: Point, c: Point, d: Point, tol: f32) -> bool {
    let d1 = signed_distance(a, c, d);
    let d2 = signed_distance(b, c, d);
    let d3 = signed_distance(c, a, b);
    let d4 = signed_distance(d, a, b);
    ((d1 > tol && d2 < -tol) || (d1 < -tol && d2 > tol))
        && ((d3 > tol && d4 < -tol) || (d3 < -tol && d4 > tol))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_point_of_rect_is_on_its_side() {
        let r = Rect::from_center(Point::new(0.0, 0.0), Size::new(100.0, 40.0));
        let p = border_point(Shape::Rect, &r, Point::new(0.0, 100.0));
        assert!((p.x).abs() < 1e-4 && (p.y - 20.0).abs() < 1e-4);
        let q = border_point(Shape::Rect, &r, Point::new(500.0, 10.0));
        assert!((q.x - 50.0).abs() < 1e-3);
    }

    #[test]
    fn border_point_of_rhombus_and_circle() {
        let r = Rect::from_center(Point::new(0.0, 0.0), Size::new(100.0, 100.0));
        let p = border_point(Shape::Rhombus, &r, Point::new(100.0, 100.0));
        assert!((p.x - 25.0).abs() < 1e-3 && (p.y - 25.0).abs() < 1e-3);
        let c = border_point(Shape::Circle, &r, Point::new(100.0, 100.0));
        assert!((c.distance(Point::default()) - 50.0).abs() < 1e-3);
    }

    #[test]
    fn segment_hits_box_interior_only() {
        let r = Rect::from_center(Point::new(0.0, 0.0), Size::new(10.0, 10.0));
        assert!(r.hit_by_segment(Point::new(-10.0, 0.0), Point::new(10.0, 0.0)));
        assert!(!r.hit_by_segment(Point::new(-10.0, 5.0), Point::new(10.0, 5.0)));
        assert!(!r.hit_by_segment(Point::new(-10.0, 6.0), Point::new(10.0, 9.0)));
    }

    #[test]
    fn crossing_segments() {
        let o = Point::new(0.0, 0.0);
        assert!(segments_cross(
            Point::new(-1.0, -1.0),
            Point::new(1.0, 1.0),
            Point::new(-1.0, 1.0),
            Point::new(1.0, -1.0),
            0.01
        ));
        assert!(!segments_cross(
            o,
            Point::new(1.0, 1.0),
            o,
            Point::new(1.0, -1.0),
            0.01
        ));
    }
}
