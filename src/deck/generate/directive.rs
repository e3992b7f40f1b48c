//! The directives of a deck's `generate` list, as written in RON.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A directive that makes cards from a diagram or a table of the deck.
///
/// ```ron
/// generate: [
///     Occlude(diagram: "q2-redundancy", nodes: Only(["LB2", "DB_P"])),
///     Occlude(diagram: "q4-fallacies", nodes: All, prompt: "Which fallacy is hidden?"),
///     Path(diagram: "q2-redundancy", from: "LB1", to: "DB_P"),
///     Calls(diagram: "q5-production-architecture", node: "SVC1"),
///     Cloze(table: "q2-availability-levels", rows: [1, 2, 3, 4], columns: [2, 3]),
/// ]
/// ```
///
/// Ids of nodes, subgraphs and edge ends are the Mermaid ids of the
/// diagram; rows and columns count from 1 (the header is not a row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Generator {
    /// One card per hidden part: a node, a subgraph's title or an edge label.
    Occlude {
        /// Id of a diagram block.
        diagram: String,
        /// Nodes to hide, one card each.
        #[serde(default, skip_serializing_if = "Selection::is_empty")]
        nodes: Selection<String>,
        /// Subgraphs whose title to hide, one card each.
        #[serde(default, skip_serializing_if = "Selection::is_empty")]
        clusters: Selection<String>,
        /// Labelled edges, as `("from", "to")`, whose label to hide.
        #[serde(default, skip_serializing_if = "Selection::is_empty")]
        edge_labels: Selection<(String, String)>,
        /// The question, instead of the default wording.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prompt: String,
        /// Tags of the cards besides `occlusion` (default: the diagram's card's).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
    },
    /// "What sits between `from` and `to`?": every node on a shortest path
    /// that follows the arrows.
    Path {
        /// Id of a diagram block.
        diagram: String,
        /// Start node or subgraph.
        from: String,
        /// End node or subgraph.
        to: String,
        /// The question, instead of the default wording.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prompt: String,
        /// Tags of the card besides `path`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
    },
    /// "What does `node` connect to?": the ends of its outgoing arrows.
    Calls {
        /// Id of a diagram block.
        diagram: String,
        /// The node or subgraph.
        node: String,
        /// The question, instead of the default wording.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prompt: String,
        /// Tags of the card besides `path`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
    },
    /// One card per row, hiding the given columns of that row.
    Cloze {
        /// Id of a table block.
        table: String,
        /// A single row (1-based).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "bare_some",
            serialize_with = "bare_number"
        )]
        row: Option<usize>,
        /// Several rows (1-based); with neither `row` nor `rows`, every row.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rows: Vec<usize>,
        /// The column to hide (1-based).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "bare_some",
            serialize_with = "bare_number"
        )]
        column: Option<usize>,
        /// Columns hidden together on each card (1-based).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        columns: Vec<usize>,
        /// The question, instead of the default wording.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prompt: String,
        /// Tags of the cards besides `cloze`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
    },
}

impl Generator {
    /// The RON name of the directive, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Occlude { .. } => "Occlude",
            Self::Path { .. } => "Path",
            Self::Calls { .. } => "Calls",
            Self::Cloze { .. } => "Cloze",
        }
    }
}

/// Which items of a diagram a directive takes: `All` or `Only([...])`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection<T> {
    /// Every item that can be asked about.
    All,
    /// These, in this order.
    Only(Vec<T>),
}

impl<T> Default for Selection<T> {
    fn default() -> Self {
        Self::Only(Vec::new())
    }
}

impl<T> Selection<T> {
    /// True for `Only([])`, the default.
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Only(items) if items.is_empty())
    }
}

/// `row: 3` rather than RON's `row: Some(3)`.
fn bare_some<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<usize>, D::Error> {
    usize::deserialize(deserializer).map(Some)
}

#[expect(
    clippy::ref_option,
    reason = "serde's serialize_with passes a reference to the field"
)]
fn bare_number<S: Serializer>(value: &Option<usize>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(n) => serializer.serialize_u64(*n as u64),
        None => serializer.serialize_none(),
    }
}
