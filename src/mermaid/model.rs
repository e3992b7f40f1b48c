//! The parsed form of a Mermaid flowchart.
//!
//! A `Flowchart` is valid by construction: every edge end names a node or a
//! cluster that exists, every cluster's parent exists and clusters form a
//! tree. Indices (`NodeId`, `ClusterId`) index the `nodes` and `clusters`
//! vectors.

/// Index into [`Flowchart::nodes`].
pub type NodeId = usize;
/// Index into [`Flowchart::clusters`].
pub type ClusterId = usize;

/// Flow direction of a graph or a subgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// `TB`, `TD`, `v`: top to bottom (the default).
    #[default]
    TopBottom,
    /// `BT`, `^`: bottom to top.
    BottomTop,
    /// `LR`, `>`: left to right.
    LeftRight,
    /// `RL`, `<`: right to left.
    RightLeft,
}

/// Node shapes archdeck draws. Extended `@{ shape: ... }` names map onto these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Shape {
    /// `A[text]`
    #[default]
    Rect,
    /// `A(text)`
    Rounded,
    /// `A([text])`
    Stadium,
    /// `A[[text]]`
    Subroutine,
    /// `A[(text)]`
    Cylinder,
    /// `A((text))`
    Circle,
    /// `A(((text)))`
    DoubleCircle,
    /// `A>text]`
    Asymmetric,
    /// `A{text}`
    Rhombus,
    /// `A{{text}}`
    Hexagon,
    /// `A[/text/]`
    Parallelogram,
    /// `A[\text\]`
    ParallelogramAlt,
    /// `A[/text\]`
    Trapezoid,
    /// `A[\text/]`
    TrapezoidAlt,
}

/// A run of label text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextRun {
    /// The text (no line breaks inside a run).
    pub text: String,
    /// Bold (`**x**` in a markdown string, or `<b>`).
    pub bold: bool,
    /// Italic (`*x*` in a markdown string, or `<i>`).
    pub italic: bool,
}

/// Label text: lines of runs. `<br/>` and line breaks in the source split
/// lines; entity codes are already decoded; white space inside a line is
/// collapsed to single spaces and lines are trimmed. A line never holds a
/// run with empty text, so an empty line is an empty `Vec`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Label {
    /// The lines, top to bottom.
    pub lines: Vec<Vec<TextRun>>,
}

impl Label {
    /// A plain single- or multi-line label from text with `\n` line breaks.
    /// An empty line has no runs (the parser builds labels the same way).
    pub fn plain(text: &str) -> Self {
        Self {
            lines: text
                .split('\n')
                .map(|line| {
                    if line.is_empty() {
                        Vec::new()
                    } else {
                        vec![TextRun {
                            text: line.to_owned(),
                            bold: false,
                            italic: false,
                        }]
                    }
                })
                .collect(),
        }
    }

    /// The text without emphasis, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|runs| runs.iter().map(|r| r.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// True when there is no visible text.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|runs| runs.iter().all(|r| r.text.trim().is_empty()))
    }
}

/// An sRGB colour with alpha, 0..=255 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha (255 is opaque).
    pub a: u8,
}

/// Resolved visual style of a node, edge or cluster (from `style`,
/// `classDef`, `class`, `:::`, `linkStyle`). `None` means "theme default".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Style {
    /// `fill`
    pub fill: Option<Color>,
    /// `stroke`
    pub stroke: Option<Color>,
    /// `color` (text colour)
    pub text: Option<Color>,
    /// `stroke-width`, in px.
    pub stroke_width: Option<f32>,
    /// `stroke-dasharray` present (dashed outline or line).
    pub dashed: bool,
    /// `font-weight: bold`
    pub bold: bool,
    /// Properties not turned into the fields above (names archdeck does not
    /// draw itself, such as `font-size` or `rx`, and values it cannot read),
    /// as `(name, value)` in the order they were applied; a later property of
    /// the same name replaces the earlier one.
    pub raw: Vec<(String, String)>,
}

/// A node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// The id used in the source (`A` in `A[text]`).
    pub id: String,
    /// The label (the id itself when no text was given).
    pub label: Label,
    /// The shape.
    pub shape: Shape,
    /// Class names applied (`class`, `:::`), in order.
    pub classes: Vec<String>,
    /// Resolved style: `classDef default`, then classes, then `style`.
    pub style: Style,
    /// The innermost cluster that owns this node, if any.
    pub cluster: Option<ClusterId>,
    /// 1-based line of the node's first appearance in the source.
    pub line: usize,
}

/// Line kind of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineKind {
    /// `---`, `-->`
    #[default]
    Solid,
    /// `-.-`, `-.->`
    Dotted,
    /// `===`, `==>`
    Thick,
    /// `~~~`: takes part in layout, not drawn.
    Invisible,
}

/// An arrowhead at one end of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ArrowHead {
    /// No head (`---`).
    #[default]
    None,
    /// A triangle (`-->`).
    Normal,
    /// A circle (`--o`).
    Circle,
    /// A cross (`--x`).
    Cross,
}

/// What an edge end attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// A node.
    Node(NodeId),
    /// A subgraph (the edge ends on its border).
    Cluster(ClusterId),
}

/// An edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Edge id from `e1@-->`, if given.
    pub id: Option<String>,
    /// Tail.
    pub from: Endpoint,
    /// Head.
    pub to: Endpoint,
    /// Line kind.
    pub line_kind: LineKind,
    /// Head at the `from` end (`<-->`, `o--o`).
    pub start_head: ArrowHead,
    /// Head at the `to` end.
    pub end_head: ArrowHead,
    /// Label text, if any.
    pub label: Option<Label>,
    /// Minimum rank span: 1 for `-->`, 2 for `--->`, and so on.
    pub min_len: u32,
    /// Resolved style from `linkStyle`.
    pub style: Style,
    /// 1-based source line.
    pub line: usize,
}

/// A subgraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cluster {
    /// The id (`subgraph id [Title]`); for `subgraph Title` the title is the
    /// id. As in Mermaid, a title with spaces and no separate id
    /// (`subgraph Some Title`) gets the id `subGraphN`, N counting subgraphs
    /// in the order they close.
    pub id: String,
    /// The title shown on the box.
    pub title: Label,
    /// The enclosing cluster, if nested.
    pub parent: Option<ClusterId>,
    /// Nodes directly inside (not inside a nested cluster), in order.
    pub nodes: Vec<NodeId>,
    /// Directly nested clusters, in order.
    pub clusters: Vec<ClusterId>,
    /// Its own `direction`, if given.
    pub direction: Option<Direction>,
    /// Resolved style (`style id ...`, classes).
    pub style: Style,
    /// Class names applied.
    pub classes: Vec<String>,
    /// 1-based line of `subgraph`.
    pub line: usize,
}

/// What a `click` statement does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ClickAction {
    /// Opens a URL: `click A "https://..."` or `click A href "https://..."`.
    #[default]
    Link,
    /// Calls a JavaScript function: `click A callback` or `click A call f(args)`.
    Callback,
}

/// A `click` statement, kept as data and never executed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Click {
    /// The node it belongs to.
    pub node: NodeId,
    /// Link target or callback name, as written (a callback keeps its
    /// argument list, `f(a, b)`).
    pub target: String,
    /// Tooltip, if any.
    pub tooltip: Option<String>,
    /// Link or callback.
    pub action: ClickAction,
    /// Browser window of a link (`_blank`, `_self`, `_parent`, `_top`), if given.
    pub window: Option<String>,
}

/// A parsed flowchart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flowchart {
    /// Graph direction.
    pub direction: Direction,
    /// Nodes in order of first appearance.
    pub nodes: Vec<Node>,
    /// Edges in source order (chains left to right, `&` pairs row by row).
    pub edges: Vec<Edge>,
    /// Subgraphs in order of their `subgraph` line.
    pub clusters: Vec<Cluster>,
    /// `click` statements.
    pub clicks: Vec<Click>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// Things parsed but ignored (front matter, `%%{init}%%`), as notes for the user.
    pub notes: Vec<String>,
}

impl Flowchart {
    /// The node with this source id.
    pub fn node_by_id(&self, id: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The cluster with this source id.
    pub fn cluster_by_id(&self, id: &str) -> Option<ClusterId> {
        self.clusters.iter().position(|c| c.id == id)
    }

    /// Clusters with no parent, in order.
    pub fn root_clusters(&self) -> impl Iterator<Item = ClusterId> + '_ {
        (0..self.clusters.len()).filter(|&c| self.clusters[c].parent.is_none())
    }
}
