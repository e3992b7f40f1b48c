//! Node shape names of the `A@{ shape: ... }` form, mapped onto the shapes
//! archdeck draws.

use super::model::Shape;

/// Shape names and aliases of Mermaid 11, with the shape archdeck draws for
/// each: itself for the classic shapes, else the nearest classic one.
const NAMES: &[(&[&str], Shape)] = &[
    (
        &["rect", "proc", "process", "rectangle", "square"],
        Shape::Rect,
    ),
    (&["rounded", "event"], Shape::Rounded),
    (&["stadium", "terminal", "pill"], Shape::Stadium),
    (
        &[
            "fr-rect",
            "subprocess",
            "subproc",
            "framed-rectangle",
            "subroutine",
        ],
        Shape::Subroutine,
    ),
    (&["cyl", "db", "database", "cylinder"], Shape::Cylinder),
    (&["circle", "circ"], Shape::Circle),
    (
        &["dbl-circ", "double-circle", "doublecircle"],
        Shape::DoubleCircle,
    ),
    (&["odd"], Shape::Asymmetric),
    (
        &["diam", "decision", "diamond", "question", "choice"],
        Shape::Rhombus,
    ),
    (&["hex", "hexagon", "prepare"], Shape::Hexagon),
    (&["lean-r", "lean-right", "in-out"], Shape::Parallelogram),
    (&["lean-l", "lean-left", "out-in"], Shape::ParallelogramAlt),
    (
        &["trap-b", "priority", "trapezoid-bottom", "trapezoid"],
        Shape::Trapezoid,
    ),
    (
        &["trap-t", "manual", "trapezoid-top", "inv-trapezoid"],
        Shape::TrapezoidAlt,
    ),
    // Shapes archdeck does not draw specially: the nearest classic one.
    (
        &[
            "sm-circ",
            "start",
            "small-circle",
            "f-circ",
            "junction",
            "filled-circle",
            "cross-circ",
            "summary",
            "crossed-circle",
            "anchor",
        ],
        Shape::Circle,
    ),
    (&["fr-circ", "stop", "framed-circle"], Shape::DoubleCircle),
    (
        &[
            "h-cyl",
            "das",
            "horizontal-cylinder",
            "lin-cyl",
            "disk",
            "lined-cylinder",
        ],
        Shape::Cylinder,
    ),
    (
        &[
            "lin-rect",
            "lined-rectangle",
            "lined-process",
            "lin-proc",
            "shaded-process",
        ],
        Shape::Subroutine,
    ),
    (
        &[
            "delay",
            "half-rounded-rectangle",
            "curv-trap",
            "curved-trapezoid",
            "display",
            "bow-rect",
            "stored-data",
            "bow-tie-rectangle",
        ],
        Shape::Rounded,
    ),
    (&["flag", "paper-tape"], Shape::Asymmetric),
    (&["tri", "extract", "triangle"], Shape::Trapezoid),
    (
        &["flip-tri", "manual-file", "flipped-triangle"],
        Shape::TrapezoidAlt,
    ),
    (
        &["notch-pent", "loop-limit", "notched-pentagon"],
        Shape::Hexagon,
    ),
    (
        &[
            "div-rect",
            "div-proc",
            "divided-rectangle",
            "divided-process",
            "st-rect",
            "procs",
            "processes",
            "stacked-rectangle",
            "doc",
            "document",
            "lin-doc",
            "lined-document",
            "docs",
            "documents",
            "st-doc",
            "stacked-document",
            "tag-doc",
            "tagged-document",
            "tag-rect",
            "tag-proc",
            "tagged-rectangle",
            "tagged-process",
            "notch-rect",
            "card",
            "notched-rectangle",
            "win-pane",
            "internal-storage",
            "window-pane",
            "text",
            "fork",
            "join",
            "hourglass",
            "collate",
            "bolt",
            "com-link",
            "lightning-bolt",
            "brace",
            "brace-l",
            "comment",
            "brace-r",
            "braces",
            "sl-rect",
            "manual-input",
            "sloped-rectangle",
            "note",
            "icon",
            "image",
        ],
        Shape::Rect,
    ),
];

/// The shape for a Mermaid 11 shape name or alias; shapes archdeck does not
/// draw specially map to the nearest classic one. `None` if unknown.
pub fn shape_by_name(name: &str) -> Option<Shape> {
    NAMES
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map(|&(_, shape)| shape)
}

/// Common shape names, for error messages.
pub const COMMON_SHAPE_NAMES: &str = "rect, rounded, stadium, subroutine, cyl, circle, dbl-circ, odd, diamond, hex, lean-r, lean-l, trap-b, trap-t, doc, delay, text";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases() {
        assert_eq!(shape_by_name("cyl"), Some(Shape::Cylinder));
        assert_eq!(shape_by_name("database"), Some(Shape::Cylinder));
        assert_eq!(shape_by_name("lean-l"), Some(Shape::ParallelogramAlt));
        assert_eq!(shape_by_name("trap-t"), Some(Shape::TrapezoidAlt));
        assert_eq!(shape_by_name("doc"), Some(Shape::Rect));
        assert_eq!(shape_by_name("Rect"), None);
        assert_eq!(shape_by_name("lean_r"), None);
        for name in COMMON_SHAPE_NAMES.split(", ") {
            assert!(shape_by_name(name).is_some(), "{name}");
        }
    }
}
