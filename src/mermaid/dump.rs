//! A compact, stable text form of a [`Flowchart`], for snapshot tests and
//! debugging.
//!
//! ```text
//! direction TB
//! node A rect "Text\nsecond line" in=SG @2
//!   classes hot
//!   style fill=#ff0000 stroke=#333333
//! edge A -> B solid heads=none,arrow len=1 label="yes" @3
//! cluster SG "Title" parent=- dir=LR @1
//!   nodes A B
//! ```
//!
//! Labels are quoted with `\n` between lines and `<b>`/`<i>` around bold and
//! italic runs; cluster endpoints are written `[id]`; `@N` is the source line.

use std::fmt::Write as _;

use super::model::{
    ArrowHead, ClickAction, Color, Direction, Endpoint, Flowchart, Label, LineKind, Shape, Style,
};

/// The dump of `chart`, one item per line, ending with a line break.
pub fn dump(chart: &Flowchart) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "direction {}", direction(chart.direction));
    for node in &chart.nodes {
        let _ = write!(
            out,
            "node {} {} {}",
            node.id,
            shape(node.shape),
            label(&node.label)
        );
        if let Some(c) = node.cluster {
            let _ = write!(out, " in={}", chart.clusters[c].id);
        }
        let _ = writeln!(out, " @{}", node.line);
        if !node.classes.is_empty() {
            let _ = writeln!(out, "  classes {}", node.classes.join(" "));
        }
        style_line(&mut out, &node.style);
    }
    for edge in &chart.edges {
        let end = |e: Endpoint| match e {
            Endpoint::Node(n) => chart.nodes[n].id.clone(),
            Endpoint::Cluster(c) => format!("[{}]", chart.clusters[c].id),
        };
        let _ = write!(
            out,
            "edge {} -> {} {} heads={},{} len={}",
            end(edge.from),
            end(edge.to),
            line_kind(edge.line_kind),
            head(edge.start_head),
            head(edge.end_head),
            edge.min_len
        );
        if let Some(l) = &edge.label {
            let _ = write!(out, " label={}", label(l));
        }
        if let Some(id) = &edge.id {
            let _ = write!(out, " id={id}");
        }
        let _ = writeln!(out, " @{}", edge.line);
        style_line(&mut out, &edge.style);
    }
    for cluster in &chart.clusters {
        let _ = writeln!(
            out,
            "cluster {} {} parent={} dir={} @{}",
            cluster.id,
            label(&cluster.title),
            cluster
                .parent
                .map_or("-".to_owned(), |p| chart.clusters[p].id.clone()),
            cluster.direction.map_or("-", direction),
            cluster.line
        );
        if !cluster.nodes.is_empty() {
            let ids: Vec<&str> = cluster
                .nodes
                .iter()
                .map(|&n| chart.nodes[n].id.as_str())
                .collect();
            let _ = writeln!(out, "  nodes {}", ids.join(" "));
        }
        if !cluster.clusters.is_empty() {
            let ids: Vec<&str> = cluster
                .clusters
                .iter()
                .map(|&c| chart.clusters[c].id.as_str())
                .collect();
            let _ = writeln!(out, "  clusters {}", ids.join(" "));
        }
        if !cluster.classes.is_empty() {
            let _ = writeln!(out, "  classes {}", cluster.classes.join(" "));
        }
        style_line(&mut out, &cluster.style);
    }
    for click in &chart.clicks {
        let action = match click.action {
            ClickAction::Link => "link",
            ClickAction::Callback => "callback",
        };
        let _ = write!(
            out,
            "click {} {action} {}",
            chart.nodes[click.node].id,
            quote(&click.target)
        );
        if let Some(t) = &click.tooltip {
            let _ = write!(out, " tooltip={}", quote(t));
        }
        if let Some(w) = &click.window {
            let _ = write!(out, " window={w}");
        }
        out.push('\n');
    }
    if let Some(t) = &chart.acc_title {
        let _ = writeln!(out, "accTitle {}", quote(t));
    }
    if let Some(d) = &chart.acc_descr {
        let _ = writeln!(out, "accDescr {}", quote(d));
    }
    for note in &chart.notes {
        let _ = writeln!(out, "note {note}");
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

fn shape(s: Shape) -> &'static str {
    match s {
        Shape::Rect => "rect",
        Shape::Rounded => "rounded",
        Shape::Stadium => "stadium",
        Shape::Subroutine => "subroutine",
        Shape::Cylinder => "cylinder",
        Shape::Circle => "circle",
        Shape::DoubleCircle => "double-circle",
        Shape::Asymmetric => "asymmetric",
        Shape::Rhombus => "rhombus",
        Shape::Hexagon => "hexagon",
        Shape::Parallelogram => "parallelogram",
        Shape::ParallelogramAlt => "parallelogram-alt",
        Shape::Trapezoid => "trapezoid",
        Shape::TrapezoidAlt => "trapezoid-alt",
    }
}

fn line_kind(k: LineKind) -> &'static str {
    match k {
        LineKind::Solid => "solid",
        LineKind::Dotted => "dotted",
        LineKind::Thick => "thick",
        LineKind::Invisible => "invisible",
    }
}

fn head(h: ArrowHead) -> &'static str {
    match h {
        ArrowHead::None => "none",
        ArrowHead::Normal => "arrow",
        ArrowHead::Circle => "circle",
        ArrowHead::Cross => "cross",
    }
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn label(l: &Label) -> String {
    let mut s = String::new();
    for (i, line) in l.lines.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        for run in line {
            match (run.bold, run.italic) {
                (true, true) => {
                    let _ = write!(s, "<b><i>{}</i></b>", run.text);
                }
                (true, false) => {
                    let _ = write!(s, "<b>{}</b>", run.text);
                }
                (false, true) => {
                    let _ = write!(s, "<i>{}</i>", run.text);
                }
                (false, false) => s.push_str(&run.text),
            }
        }
    }
    quote(&s)
}

fn color(c: Color) -> String {
    if c.a == 255 {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

fn style_line(out: &mut String, style: &Style) {
    if *style == Style::default() {
        return;
    }
    out.push_str("  style");
    for (name, value) in [
        ("fill", style.fill),
        ("stroke", style.stroke),
        ("text", style.text),
    ] {
        if let Some(c) = value {
            let _ = write!(out, " {name}={}", color(c));
        }
    }
    if let Some(w) = style.stroke_width {
        let _ = write!(out, " width={w}");
    }
    if style.dashed {
        out.push_str(" dashed");
    }
    if style.bold {
        out.push_str(" bold");
    }
    for (name, value) in &style.raw {
        let _ = write!(out, " {name}:{}", quote(value));
    }
    out.push('\n');
}
