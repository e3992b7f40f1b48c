//! A laid-out flowchart as a list of drawing primitives in layout
//! coordinates, grouped by the element they belong to. The SVG and PNG
//! writers and the on-screen painter all draw from it.

use super::shapes::{Head, PathCmd, arrow_head, rounded_rect, shape_drawing, trim_line};
use super::style::{Palette, Theme, box_colors, edge_color};
use super::text::{EDGE_TEXT_PX, NODE_TEXT_PX, TITLE_TEXT_PX};
use crate::layout::{Layout, Point, Rect};
use crate::mermaid::{Color, Flowchart, Label, LineKind};

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Color,
    /// Width, px.
    pub width: f32,
    /// Dash and gap lengths, px, for dotted lines.
    pub dash: Option<[f32; 2]>,
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    /// A path, filled and/or stroked.
    Shape {
        /// The path.
        cmds: Vec<PathCmd>,
        /// Fill colour.
        fill: Option<Color>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// An open polyline.
    Line {
        /// Points.
        points: Vec<Point>,
        /// Stroke.
        stroke: Stroke,
    },
    /// A block of text centred on a point.
    Text {
        /// The text (lines of runs).
        label: Label,
        /// Centre of the block.
        center: Point,
        /// Font size, px.
        size: f32,
        /// Colour.
        color: Color,
        /// Bold (subgraph titles, `font-weight: bold`).
        bold: bool,
    },
}

/// The element a group of primitives draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A subgraph.
    Cluster(usize),
    /// An edge (line, head or label).
    Edge(usize),
    /// A node.
    Node(usize),
}

/// Primitives of one element.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneItem {
    /// What they draw.
    pub owner: Owner,
    /// In painting order.
    pub prims: Vec<Prim>,
}

/// A whole picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width of the drawing.
    pub width: f32,
    /// Height of the drawing.
    pub height: f32,
    /// Background colour.
    pub background: Color,
    /// Items back to front.
    pub items: Vec<SceneItem>,
}

/// Line width of a normal edge.
pub const EDGE_WIDTH: f32 = 1.4;

/// Builds the scene of `chart` laid out as `layout`, coloured for `theme`.
pub fn scene(chart: &Flowchart, layout: &Layout, theme: Theme) -> Scene {
    let palette = Palette::of(theme);
    let mut items = Vec::new();
    // Subgraphs, outer ones first.
    let mut order: Vec<usize> = (0..chart.clusters.len()).collect();
    let depth = |mut c: usize| {
        let mut d = 0;
        while let Some(p) = chart.clusters[c].parent {
            d += 1;
            c = p;
            if d > chart.clusters.len() {
                break;
            }
        }
        d
    };
    order.sort_by_key(|&c| (depth(c), c));
    for c in order {
        let (Some(cluster), Some(b)) = (chart.clusters.get(c), layout.clusters.get(c)) else {
            continue;
        };
        let colors = box_colors(&cluster.style, theme, true);
        let mut prims = vec![Prim::Shape {
            cmds: rounded_rect(&b.rect, 6.0),
            fill: Some(colors.fill),
            stroke: Some(Stroke {
                color: colors.stroke,
                width: colors.stroke_width,
                dash: colors.dashed.then_some([5.0, 4.0]),
            }),
        }];
        if !cluster.title.is_empty() {
            prims.push(Prim::Text {
                label: cluster.title.clone(),
                center: b.title.center(),
                size: TITLE_TEXT_PX,
                color: colors.text,
                bold: true,
            });
        }
        items.push(SceneItem {
            owner: Owner::Cluster(c),
            prims,
        });
    }
    // Edge lines and heads.
    let mut labels = Vec::new();
    for (i, e) in chart.edges.iter().enumerate() {
        let Some(path) = layout.edges.get(i) else {
            continue;
        };
        if e.line_kind == LineKind::Invisible || path.points.len() < 2 {
            continue;
        }
        let color = edge_color(&e.style, theme);
        let width = e.style.stroke_width.unwrap_or(match e.line_kind {
            LineKind::Thick => 3.0,
            _ => EDGE_WIDTH,
        });
        let dash = (e.line_kind == LineKind::Dotted || e.style.dashed).then_some([3.0, 4.0]);
        let stroke = Stroke { color, width, dash };
        let scale = (width / EDGE_WIDTH).sqrt().max(1.0);
        let pts = &path.points;
        let n = pts.len();
        let (end, end_head) = arrow_head(pts[n - 1], pts[n - 2], e.end_head, scale);
        let (start, start_head) = arrow_head(pts[0], pts[1], e.start_head, scale);
        let mut prims = vec![Prim::Line {
            points: trim_line(pts, start, end),
            stroke,
        }];
        for head in [start_head, end_head].into_iter().flatten() {
            prims.push(head_prim(head, color, width));
        }
        items.push(SceneItem {
            owner: Owner::Edge(i),
            prims,
        });
        if let (Some(label), Some(rect)) = (&e.label, path.label)
            && !label.is_empty()
        {
            labels.push(SceneItem {
                owner: Owner::Edge(i),
                prims: label_prims(label, &rect, &palette),
            });
        }
    }
    // Nodes.
    for (i, node) in chart.nodes.iter().enumerate() {
        let Some(rect) = layout.nodes.get(i) else {
            continue;
        };
        let colors = box_colors(&node.style, theme, false);
        let drawing = shape_drawing(node.shape, rect);
        let stroke = Stroke {
            color: colors.stroke,
            width: colors.stroke_width,
            dash: colors.dashed.then_some([5.0, 4.0]),
        };
        let mut prims = vec![Prim::Shape {
            cmds: drawing.outline,
            fill: Some(colors.fill),
            stroke: Some(stroke),
        }];
        for extra in drawing.extra {
            prims.push(Prim::Shape {
                cmds: extra,
                fill: None,
                stroke: Some(stroke),
            });
        }
        prims.push(Prim::Text {
            label: node.label.clone(),
            center: text_center(node.shape, rect),
            size: NODE_TEXT_PX,
            color: colors.text,
            bold: node.style.bold,
        });
        items.push(SceneItem {
            owner: Owner::Node(i),
            prims,
        });
    }
    items.extend(labels);
    Scene {
        width: layout.width,
        height: layout.height,
        background: palette.background,
        items,
    }
}

/// Where a node's text block is centred (cylinders push it below the rim).
fn text_center(shape: crate::mermaid::Shape, rect: &Rect) -> Point {
    let c = rect.center();
    match shape {
        crate::mermaid::Shape::Cylinder => {
            let ry = crate::layout::geometry::cylinder_rim(rect.height());
            Point::new(c.x, c.y + ry / 2.0)
        }
        _ => c,
    }
}

fn head_prim(head: Head, color: Color, width: f32) -> Prim {
    match head {
        Head::Triangle(t) => Prim::Shape {
            cmds: vec![
                PathCmd::Move(t[0]),
                PathCmd::Line(t[1]),
                PathCmd::Line(t[2]),
                PathCmd::Close,
            ],
            fill: Some(color),
            stroke: Some(Stroke {
                color,
                width: 1.0,
                dash: None,
            }),
        },
        Head::Circle(c, r) => Prim::Shape {
            cmds: super::shapes::shape_drawing(
                crate::mermaid::Shape::Circle,
                &Rect::from_center(c, crate::layout::Size::new(2.0 * r, 2.0 * r)),
            )
            .outline,
            fill: Some(color),
            stroke: None,
        },
        Head::Cross(p) => Prim::Shape {
            cmds: vec![
                PathCmd::Move(p[0]),
                PathCmd::Line(p[1]),
                PathCmd::Move(p[2]),
                PathCmd::Line(p[3]),
            ],
            fill: None,
            stroke: Some(Stroke {
                color,
                width: width.max(1.5),
                dash: None,
            }),
        },
    }
}

fn label_prims(label: &Label, rect: &Rect, palette: &Palette) -> Vec<Prim> {
    let bg = Color {
        a: 235,
        ..palette.label_background
    };
    vec![
        Prim::Shape {
            cmds: rounded_rect(rect, 3.0),
            fill: Some(bg),
            stroke: None,
        },
        Prim::Text {
            label: label.clone(),
            center: rect.center(),
            size: EDGE_TEXT_PX,
            color: palette.edge_text,
            bold: false,
        },
    ]
}
