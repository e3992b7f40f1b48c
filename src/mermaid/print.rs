//! [`Flowchart`] -> Mermaid text that [`parse`](super::parse) reads back
//! into the same chart.
//!
//! Used where archdeck changes a parsed diagram and must hand Mermaid text
//! on, such as the question side of an occlusion card (a label replaced by
//! `?`). The text is not the author's layout of the source: every node is
//! declared first, in order, then subgraphs, edges, styles and clicks.
//! Parsing it gives back the same nodes, edges and subgraphs in the same
//! order, with the same labels, shapes, styles and membership; class names
//! are not written (their styles are, already resolved), nor notes, nor
//! source line numbers.

use std::fmt::Write as _;

use super::model::{
    ArrowHead, ClickAction, Color, Direction, Edge, Endpoint, Flowchart, Label, LineKind, Shape,
    Style,
};

/// Mermaid text for `chart` (see the module documentation for what is kept).
pub fn to_mermaid(chart: &Flowchart) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "flowchart {}", direction(chart.direction));
    if let Some(title) = &chart.acc_title {
        let _ = writeln!(out, "accTitle: {}", one_line(title));
    }
    if let Some(descr) = &chart.acc_descr {
        if descr.contains('\n') {
            let _ = writeln!(out, "accDescr {{\n{}\n}}", descr.replace('}', ")"));
        } else {
            let _ = writeln!(out, "accDescr: {descr}");
        }
    }
    for node in &chart.nodes {
        let (open, close) = brackets(node.shape);
        let _ = writeln!(out, "{}{open}{}{close}", node.id, label_text(&node.label));
    }
    // Subgraphs in their order; a subgraph names its nodes and the subgraphs
    // directly inside it. Membership goes to the first subgraph to close
    // that names an id, so each id is named in its own subgraph only.
    for cluster in &chart.clusters {
        let _ = writeln!(
            out,
            "subgraph {}[{}]",
            cluster.id,
            label_text(&cluster.title)
        );
        if let Some(d) = cluster.direction {
            let _ = writeln!(out, "direction {}", direction(d));
        }
        for &n in &cluster.nodes {
            let _ = writeln!(out, "{}", chart.nodes[n].id);
        }
        for &c in &cluster.clusters {
            let _ = writeln!(out, "{}", chart.clusters[c].id);
        }
        out.push_str("end\n");
    }
    let end_id = |e: Endpoint| match e {
        Endpoint::Node(n) => chart.nodes[n].id.as_str(),
        Endpoint::Cluster(c) => chart.clusters[c].id.as_str(),
    };
    for edge in &chart.edges {
        let _ = write!(out, "{} ", end_id(edge.from));
        if let Some(id) = &edge.id {
            let _ = write!(out, "{id}@");
        }
        out.push_str(&operator(edge));
        if let Some(label) = &edge.label {
            let _ = write!(out, "|{}|", label_text(label));
        }
        let _ = writeln!(out, " {}", end_id(edge.to));
    }
    for node in &chart.nodes {
        style_statement(&mut out, "style", &node.id, &node.style);
    }
    for cluster in &chart.clusters {
        style_statement(&mut out, "style", &cluster.id, &cluster.style);
    }
    for (i, edge) in chart.edges.iter().enumerate() {
        style_statement(&mut out, "linkStyle", &i.to_string(), &edge.style);
    }
    for click in &chart.clicks {
        let id = &chart.nodes[click.node].id;
        match click.action {
            ClickAction::Link => {
                let _ = write!(out, "click {id} href \"{}\"", plain(&click.target));
            }
            ClickAction::Callback => {
                let _ = write!(out, "click {id} call {}", click.target);
            }
        }
        if let Some(tooltip) = &click.tooltip {
            let _ = write!(out, " \"{}\"", plain(tooltip));
        }
        if let Some(window) = &click.window {
            let _ = write!(out, " {window}");
        }
        out.push('\n');
    }
    out
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::TopBottom => "TB",
        Direction::BottomTop => "BT",
        Direction::LeftRight => "LR",
        Direction::RightLeft => "RL",
    }
}

fn brackets(shape: Shape) -> (&'static str, &'static str) {
    match shape {
        Shape::Rect => ("[", "]"),
        Shape::Rounded => ("(", ")"),
        Shape::Stadium => ("([", "])"),
        Shape::Subroutine => ("[[", "]]"),
        Shape::Cylinder => ("[(", ")]"),
        Shape::Circle => ("((", "))"),
        Shape::DoubleCircle => ("(((", ")))"),
        Shape::Asymmetric => (">", "]"),
        Shape::Rhombus => ("{", "}"),
        Shape::Hexagon => ("{{", "}}"),
        Shape::Parallelogram => ("[/", "/]"),
        Shape::ParallelogramAlt => ("[\\", "\\]"),
        Shape::Trapezoid => ("[/", "\\]"),
        Shape::TrapezoidAlt => ("[\\", "/]"),
    }
}

/// The edge operator: line, heads and length (`-->`, `<==>`, `-..-`, `~~~~`).
fn operator(edge: &Edge) -> String {
    let head = |h: ArrowHead, end: bool| match h {
        ArrowHead::None => "",
        ArrowHead::Normal if end => ">",
        ArrowHead::Normal => "<",
        ArrowHead::Circle => "o",
        ArrowHead::Cross => "x",
    };
    let len = edge.min_len.max(1) as usize;
    let start = head(edge.start_head, false);
    let end = head(edge.end_head, true);
    let headless = edge.end_head == ArrowHead::None;
    let body = match edge.line_kind {
        LineKind::Invisible => return "~".repeat(len + 2),
        LineKind::Solid => "-".repeat(if headless { len + 2 } else { len + 1 }),
        LineKind::Thick => "=".repeat(if headless { len + 2 } else { len + 1 }),
        LineKind::Dotted => format!("-{}-", ".".repeat(len)),
    };
    if headless {
        body
    } else {
        format!("{start}{body}{end}")
    }
}

/// A label as a quoted Mermaid string: `<br/>` between lines, `<b>`/`<i>`
/// around emphasis, and entity codes for characters that would end the
/// string or start markup.
fn label_text(label: &Label) -> String {
    let mut s = String::from("\"");
    for (i, line) in label.lines.iter().enumerate() {
        if i > 0 {
            s.push_str("<br/>");
        }
        for run in line {
            if run.bold {
                s.push_str("<b>");
            }
            if run.italic {
                s.push_str("<i>");
            }
            for c in run.text.chars() {
                match c {
                    '"' => s.push_str("#quot;"),
                    '#' => s.push_str("#35;"),
                    '&' => s.push_str("#38;"),
                    '<' => s.push_str("#60;"),
                    '>' => s.push_str("#62;"),
                    c => s.push(c),
                }
            }
            if run.italic {
                s.push_str("</i>");
            }
            if run.bold {
                s.push_str("</b>");
            }
        }
    }
    s.push('"');
    s
}

/// Text for a plain (escape-free) Mermaid string: no quotes or line breaks.
fn plain(text: &str) -> String {
    text.replace('"', "'").replace(['\n', '\r'], " ")
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

fn color(c: Color) -> String {
    if c.a == 255 {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

fn style_statement(out: &mut String, keyword: &str, target: &str, style: &Style) {
    if *style == Style::default() {
        return;
    }
    let mut props: Vec<String> = Vec::new();
    for (name, value) in [
        ("fill", style.fill),
        ("stroke", style.stroke),
        ("color", style.text),
    ] {
        if let Some(c) = value {
            props.push(format!("{name}:{}", color(c)));
        }
    }
    if let Some(w) = style.stroke_width {
        props.push(format!("stroke-width:{w}px"));
    }
    if style.dashed {
        props.push("stroke-dasharray:5 5".to_owned());
    }
    if style.bold {
        props.push("font-weight:bold".to_owned());
    }
    for (name, value) in &style.raw {
        props.push(format!("{name}:{}", value.replace(',', "\\,")));
    }
    let _ = writeln!(out, "{keyword} {target} {}", props.join(","));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mermaid::{dump, parse};

    /// The dump without source lines, classes and notes, which printing
    /// does not keep.
    fn comparable(chart: &Flowchart) -> String {
        dump(chart)
            .lines()
            .filter(|l| !l.trim_start().starts_with("classes ") && !l.starts_with("note "))
            .map(|l| l.rsplit_once(" @").map_or(l, |(head, _)| head))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn round_trip(text: &str) {
        let chart = parse(text).expect("valid input");
        let printed = to_mermaid(&chart);
        let again = parse(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
        assert_eq!(
            comparable(&chart),
            comparable(&again),
            "\n--- input\n{text}\n--- printed\n{printed}"
        );
    }

    #[test]
    fn shapes_edges_and_labels_survive() {
        round_trip(
            "graph LR\nA[\"Load #quot;Balancer#quot;<br/>(Active) & <b>bold</b>\"] --> B((circle))\nB -.->|\"maybe\"| C{rhombus}\nC ==> D[(db)]\nD --- E>flag]\nE <--> F{{hex}}\nF o--o G[/para/]\nG x-.-x H[\\alt\\]\nH ----> I[/trap\\]\nI ~~~ J[\\trap2/]\nJ -..- K([stadium])\nK === L[[sub]]\nL e1@--> M(((double)))",
        );
    }

    #[test]
    fn subgraphs_styles_and_clicks_survive() {
        round_trip(
            "flowchart TD\nsubgraph Outer[\"Outer box\"]\ndirection LR\nA\nsubgraph Inner\nB\nend\nend\nC --> Outer\nA --> B\nstyle A fill:#f9f,stroke:#333,stroke-width:4px\nstyle Outer fill:#6cc3d5,color:#fff,stroke-dasharray: 5 5\nlinkStyle 1 stroke:#ff3,font-weight:bold\nclick A \"https://example.com\" \"Tip\" _blank\nclick C call cb(1) \"Tip 2\"\naccTitle: Title\naccDescr: Described",
        );
    }

    #[test]
    fn fixture_corpus_round_trips() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mermaid");
        let mut checked = 0;
        for sub in ["valid", "seed"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("readable");
                if parse(&text).is_ok() {
                    round_trip(&text);
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "only {checked} fixtures checked");
    }
}
