//! Node shape names of the `A@{ shape: ... }` form, mapped onto the shapes
//! archdeck draws.

use super::model::Shape;

/// The shape for a Mermaid 11 shape name or alias; shapes archdeck does not
/// draw specially map to the nearest classic one. `None` if unknown.
pub fn shape_by_name(name: &str) -> Option<Shape> {
    use Shape::{
        Asymmetric, Circle, Cylinder, DoubleCircle, Hexagon, Parallelogram, ParallelogramAlt,
        Rect, Rhombus, Rounded, Stadium, Subroutine, Trapezoid, TrapezoidAlt,
    };
    Some(match name {
        // Drawn as themselves.
        "rect" | "proc" | "process" | "rectangle" | "square" => Rect,
        "rounded" | "event" => Rounded,
        "stadium" | "terminal" | "pill" => Stadium,
        "fr-rect" | "subprocess" | "subproc" | "framed-rectangle" | "subroutine" => Subroutine,
        "cyl" | "db" | "database" | "cylinder" => Cylinder,
        "circle" | "circ" => Circle,
        "dbl-circ" | "double-circle" | "doublecircle" => DoubleCircle,
        "odd" => Asymmetric,
        "diam" | "decision" | "diamond" | "question" | "choice" => Rhombus,
        "hex" | "hexagon" | "prepare" => Hexagon,
        "lean-r" | "lean-right" | "in-out" => Parallelogram,
        "lean-l" | "lean-left" | "out-in" => ParallelogramAlt,
        "trap-b" | "priority" | "trapezoid-bottom" | "trapezoid" => Trapezoid,
        "trap-t" | "manual" | "trapezoid-top" | "inv-trapezoid" => TrapezoidAlt,
        // Nearest classic shape.
        "sm-circ" | "start" | "small-circle" | "f-circ" | "junction" | "filled-circle"
        | "cross-circ" | "summary" | "crossed-circle" | "anchor" => Circle,
        "fr-circ" | "stop" | "framed-circle" => DoubleCircle,
        "h-cyl" | "das" | "horizontal-cylinder" | "lin-cyl" | "disk" | "lined-cylinder" => {
            Cylinder
        }
        "lin-rect" | "lined-rectangle" | "lined-process" | "lin-proc" | "shaded-process" => {
            Subroutine
        }
        "delay" | "half-rounded-rectangle" | "curv-trap" | "curved-trapezoid" | "display"
        | "bow-rect" | "stored-data" | "bow-tie-rectangle" => Rounded,
        "flag" | "paper-tape" => Asymmetric,
        "tri" | "extract" | "triangle" => Trapezoid,
        "flip-tri" | "manual-file" | "flipped-triangle" => TrapezoidAlt,
        "notch-pent" | "loop-limit" | "notched-pentagon" => Hexagon,
        "div-rect" | "div-proc" | "divided-rectangle" | "divided-process" | "st-rect"
        | "procs" | "processes" | "stacked-rectangle" | "doc" | "document" | "lin-doc"
        | "lined-document" | "docs" | "documents" | "st-doc" | "stacked-document" | "tag-doc"
        | "tagged-document" | "tag-rect" | "tag-proc" | "tagged-rectangle"
        | "tagged-process" | "notch-rect" | "card" | "notched-rectangle" | "win-pane"
        | "internal-storage" | "window-pane" | "text" | "fork" | "join" | "hourglass"
        | "collate" | "bolt" | "com-link" | "lightning-bolt" | "brace" | "brace-l"
        | "comment" | "brace-r" | "braces" | "sl-rect" | "manual-input" | "sloped-rectangle"
        | "note" | "icon" | "image" => Rect,
        _ => return None,
    })
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
