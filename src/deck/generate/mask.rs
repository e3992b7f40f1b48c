//! The question side of a diagram card: the diagram with parts hidden.

use super::text::{Secrets, flat, label_sentence};
use crate::deck::model::Target;
use crate::mermaid::{self, ClusterId, Endpoint, Flowchart, Label, NodeId};

/// A part of a parsed diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// A node.
    Node(NodeId),
    /// A subgraph.
    Cluster(ClusterId),
    /// An edge, by index.
    Edge(usize),
}

impl Part {
    /// The part at an edge end.
    pub fn of(end: Endpoint) -> Self {
        match end {
            Endpoint::Node(n) => Self::Node(n),
            Endpoint::Cluster(c) => Self::Cluster(c),
        }
    }

    /// The label that hiding this part hides, if it has one.
    pub fn label(self, chart: &Flowchart) -> Option<&Label> {
        match self {
            Self::Node(n) => Some(&chart.nodes[n].label),
            Self::Cluster(c) => Some(&chart.clusters[c].title),
            Self::Edge(e) => chart.edges[e].label.as_ref(),
        }
        .filter(|l| !l.is_empty())
    }

    /// How the part reads in a sentence: its label on one line, or its id.
    pub fn name(self, chart: &Flowchart) -> String {
        match self.label(chart) {
            Some(label) => label_sentence(label),
            None => match self {
                Self::Node(n) => chart.nodes[n].id.clone(),
                Self::Cluster(c) => chart.clusters[c].id.clone(),
                Self::Edge(e) => format!("edge {}", e + 1),
            },
        }
    }

    /// The part as a [`Target`] with the chart's own ids.
    pub fn target(self, chart: &Flowchart) -> Target {
        match self {
            Self::Node(n) => Target::Node(chart.nodes[n].id.clone()),
            Self::Cluster(c) => Target::Cluster(chart.clusters[c].id.clone()),
            Self::Edge(e) => Target::Edge(e),
        }
    }
}

/// The question side of a diagram card.
#[derive(Debug, Clone)]
pub struct Question {
    /// Mermaid text with hidden labels replaced by `?` and neutral ids.
    pub mermaid: String,
    /// The diagram title with hidden texts replaced.
    pub title: String,
    /// Hidden parts, by the ids of `mermaid`.
    pub hidden: Vec<Target>,
    /// Highlighted parts, by the ids of `mermaid`.
    pub highlight: Vec<Target>,
    /// The hidden texts, to keep them off the rest of the question side.
    pub secrets: Secrets,
}

/// Why a part cannot be hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaskError {
    /// The part has no label, or one too short to hide.
    NoLabel(Part),
    /// The rewritten diagram did not read back as the same diagram (a bug
    /// in printing, reported rather than shown wrong).
    Rewrite(String),
}

/// Node ids on the question side are `n1`, `n2`, ... and subgraph ids
/// `g1`, `g2`, ...: nothing in an id can name what is hidden.
fn node_id(n: NodeId) -> String {
    format!("n{}", n + 1)
}

fn cluster_id(c: ClusterId) -> String {
    format!("g{}", c + 1)
}

fn neutral_target(part: Part) -> Target {
    match part {
        Part::Node(n) => Target::Node(node_id(n)),
        Part::Cluster(c) => Target::Cluster(cluster_id(c)),
        Part::Edge(e) => Target::Edge(e),
    }
}

/// The question side of `chart` (titled `title`) with `hidden` parts
/// replaced by `?` and `highlight` parts marked.
///
/// Every hidden label is also removed from every other label, subgraph
/// title, edge label, tooltip and the title, wherever it appears.
pub fn question(
    chart: &Flowchart,
    title: &str,
    hidden: &[Part],
    highlight: &[Part],
) -> Result<Question, MaskError> {
    let mut secrets = Secrets::default();
    for &part in hidden {
        let label = part.label(chart).ok_or(MaskError::NoLabel(part))?;
        if !secrets.add(&flat(label)) {
            return Err(MaskError::NoLabel(part));
        }
    }
    let unknown = Label::plain("?");
    let mut q = chart.clone();
    for (n, node) in q.nodes.iter_mut().enumerate() {
        node.id = node_id(n);
        node.classes.clear();
        node.label = if hidden.contains(&Part::Node(n)) {
            unknown.clone()
        } else {
            secrets.scrub_label(&node.label)
        };
    }
    for (c, cluster) in q.clusters.iter_mut().enumerate() {
        cluster.id = cluster_id(c);
        cluster.classes.clear();
        cluster.title = if hidden.contains(&Part::Cluster(c)) {
            unknown.clone()
        } else {
            secrets.scrub_label(&cluster.title)
        };
    }
    for (e, edge) in q.edges.iter_mut().enumerate() {
        edge.id = None;
        if hidden.contains(&Part::Edge(e)) {
            edge.label = Some(unknown.clone());
        } else if let Some(label) = &edge.label {
            edge.label = Some(secrets.scrub_label(label));
        }
    }
    q.clicks
        .retain(|click| !hidden.contains(&Part::Node(click.node)));
    for click in &mut q.clicks {
        click.target = secrets.scrub(&click.target);
        click.tooltip = click.tooltip.as_deref().map(|t| secrets.scrub(t));
    }
    q.acc_title = q.acc_title.as_deref().map(|t| secrets.scrub(t));
    q.acc_descr = q.acc_descr.as_deref().map(|t| secrets.scrub(t));
    q.notes.clear();

    let mermaid = mermaid::to_mermaid(&q);
    let title = secrets.scrub(title);
    check(chart, &mermaid, &title, hidden, &secrets)?;
    Ok(Question {
        mermaid,
        title,
        hidden: hidden.iter().copied().map(neutral_target).collect(),
        highlight: highlight.iter().copied().map(neutral_target).collect(),
        secrets,
    })
}

/// The rewritten text reads back as the same diagram, with the hidden
/// parts showing `?` and no secret anywhere.
fn check(
    chart: &Flowchart,
    mermaid: &str,
    title: &str,
    hidden: &[Part],
    secrets: &Secrets,
) -> Result<(), MaskError> {
    let back = mermaid::parse(mermaid)
        .map_err(|e| MaskError::Rewrite(format!("it does not parse ({e})")))?;
    if back.nodes.len() != chart.nodes.len()
        || back.edges.len() != chart.edges.len()
        || back.clusters.len() != chart.clusters.len()
        || back
            .edges
            .iter()
            .zip(&chart.edges)
            .any(|(a, b)| a.from != b.from || a.to != b.to)
        || back
            .nodes
            .iter()
            .zip(&chart.nodes)
            .any(|(a, b)| a.cluster != b.cluster || a.shape != b.shape)
    {
        return Err(MaskError::Rewrite(
            "its nodes, edges or subgraphs differ from the original".to_owned(),
        ));
    }
    if hidden
        .iter()
        .any(|&p| p.label(&back).map(Label::text).as_deref() != Some("?"))
    {
        return Err(MaskError::Rewrite(
            "a hidden part does not show `?`".to_owned(),
        ));
    }
    if secrets.leaks(mermaid)
        || secrets.leaks(title)
        || question_texts(&back).any(|t| secrets.leaks(&t))
    {
        return Err(MaskError::Rewrite(
            "a hidden text is still visible".to_owned(),
        ));
    }
    Ok(())
}

/// Every text a renderer may show for `chart`: labels, titles, edge labels,
/// tooltips, link targets and accessibility texts.
pub fn question_texts(chart: &Flowchart) -> impl Iterator<Item = String> + '_ {
    chart
        .nodes
        .iter()
        .map(|n| n.label.text())
        .chain(chart.clusters.iter().map(|c| c.title.text()))
        .chain(
            chart
                .edges
                .iter()
                .filter_map(|e| e.label.as_ref().map(Label::text)),
        )
        .chain(
            chart
                .clicks
                .iter()
                .flat_map(|c| std::iter::once(c.target.clone()).chain(c.tooltip.clone())),
        )
        .chain(chart.acc_title.clone())
        .chain(chart.acc_descr.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHART: &str = "graph TD\nLB[\"Load Balancer\"] --> APP[\"App\"]\nAPP -->|\"via Load Balancer\"| DB[(\"Database\")]\nclick LB \"https://lb\" \"Load Balancer docs\"\nclick DB \"https://db\" \"about the Load Balancer\"\nsubgraph Data\nDB\nend";

    #[test]
    fn hidden_node_leaves_no_trace() {
        let chart = mermaid::parse(CHART).expect("valid");
        let q = question(
            &chart,
            "Load Balancer setup",
            &[Part::Node(0)],
            &[Part::Node(2)],
        )
        .expect("maskable");
        assert!(
            !q.mermaid.to_lowercase().contains("load balancer"),
            "{}",
            q.mermaid
        );
        assert_eq!(q.title, "? setup");
        assert_eq!(q.hidden, [Target::Node("n1".into())]);
        assert_eq!(q.highlight, [Target::Node("n3".into())]);
        let back = mermaid::parse(&q.mermaid).expect("valid");
        assert_eq!(back.nodes[0].label.text(), "?");
        assert_eq!(back.nodes[2].label.text(), "Database");
        assert_eq!(
            back.edges[1].label.as_ref().map(Label::text).as_deref(),
            Some("via ?")
        );
        assert_eq!(back.clicks.len(), 1, "the hidden node's click is dropped");
        assert_eq!(back.clicks[0].tooltip.as_deref(), Some("about the ?"));
    }

    #[test]
    fn cluster_titles_and_edge_labels_can_be_hidden() {
        let chart = mermaid::parse(CHART).expect("valid");
        let q = question(&chart, "", &[Part::Cluster(0)], &[]).expect("maskable");
        assert!(!q.mermaid.contains("Data\""), "{}", q.mermaid);
        assert!(!q.mermaid.contains("subgraph Data"), "{}", q.mermaid);
        let q = question(&chart, "", &[Part::Edge(1)], &[]).expect("maskable");
        assert!(!q.mermaid.contains("via"), "{}", q.mermaid);
        assert_eq!(
            question(&chart, "", &[Part::Edge(0)], &[]).err(),
            Some(MaskError::NoLabel(Part::Edge(0)))
        );
    }
}
