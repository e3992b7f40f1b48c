//! Build-it-yourself: a diagram revealed step by step, in the order its
//! arrows flow, so the learner can rebuild it from memory before each step.

use super::generate::{Part, label_sentence, vertex_depths};
use crate::mermaid::{ClusterId, Flowchart, NodeId};

/// What one step adds to the picture.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevealStep {
    /// Nodes shown from this step on.
    pub nodes: Vec<NodeId>,
    /// Subgraphs shown from this step on.
    pub clusters: Vec<ClusterId>,
    /// Edges shown from this step on (both ends are then shown).
    pub edges: Vec<usize>,
    /// What the step adds, in words: `DNS (Route53, Cloudflare), CDN`.
    pub key: String,
}

/// The steps of revealing `chart`: rank by rank along the arrows (sources
/// first; a cycle starts at its first node in the source). A subgraph
/// joins with its first member, and members without edges join with their
/// subgraph; parts with no edge at all come last, together. A diagram
/// without edges is revealed one node at a time, in source order.
pub fn reveal_steps(chart: &Flowchart) -> Vec<RevealStep> {
    let nodes = chart.nodes.len();
    let mut depth = vertex_depths(chart);
    let cluster_depth = |depth: &[Option<usize>], c: ClusterId| depth[nodes + c];
    // Members without edges of their own take their subgraph's rank.
    for n in 0..nodes {
        if depth[n].is_none() {
            let mut c = chart.nodes[n].cluster;
            while let Some(k) = c {
                if let Some(d) = cluster_depth(&depth, k) {
                    depth[n] = Some(d);
                    break;
                }
                c = chart.clusters[k].parent;
            }
        }
    }
    let ranked = depth[..nodes].iter().any(Option::is_some);
    let mut step_of: Vec<Option<usize>> = if ranked {
        let last = depth.iter().flatten().max().map_or(0, |d| d + 1);
        depth[..nodes]
            .iter()
            .map(|d| Some(d.unwrap_or(last)))
            .collect()
    } else {
        (0..nodes).map(Some).collect()
    };
    // Subgraphs: their own rank, or their first member's.
    let mut cluster_step: Vec<Option<usize>> = (0..chart.clusters.len())
        .map(|c| cluster_depth(&depth, c).filter(|_| ranked))
        .collect();
    for (n, node) in chart.nodes.iter().enumerate() {
        let mut c = node.cluster;
        while let Some(k) = c {
            cluster_step[k] = match (cluster_step[k], step_of[n]) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            c = chart.clusters[k].parent;
        }
    }
    // A subgraph also shows no later than the subgraphs inside it.
    for c in (0..chart.clusters.len()).rev() {
        if let Some(p) = chart.clusters[c].parent
            && let Some(s) = cluster_step[c]
        {
            cluster_step[p] = Some(cluster_step[p].map_or(s, |q| q.min(s)));
        }
    }
    // Empty subgraphs come with the last step.
    let last = step_of
        .iter()
        .chain(&cluster_step)
        .flatten()
        .max()
        .copied()
        .unwrap_or(0);
    for s in &mut cluster_step {
        s.get_or_insert(last);
    }
    for s in &mut step_of {
        s.get_or_insert(last);
    }
    let at = |part: Part| match part {
        Part::Node(n) => step_of[n].unwrap_or(last),
        Part::Cluster(c) => cluster_step[c].unwrap_or(last),
        Part::Edge(_) => last,
    };

    let mut steps: Vec<RevealStep> = vec![RevealStep::default(); last + 1];
    for (n, s) in step_of.iter().enumerate() {
        steps[s.unwrap_or(last)].nodes.push(n);
    }
    for (c, s) in cluster_step.iter().enumerate() {
        steps[s.unwrap_or(last)].clusters.push(c);
    }
    for (e, edge) in chart.edges.iter().enumerate() {
        let s = at(Part::of(edge.from)).max(at(Part::of(edge.to)));
        steps[s].edges.push(e);
    }
    steps.retain(|s| !s.nodes.is_empty() || !s.clusters.is_empty());
    for step in &mut steps {
        let names: Vec<String> = if step.nodes.is_empty() {
            step.clusters
                .iter()
                .map(|&c| Part::Cluster(c).name(chart))
                .collect()
        } else {
            step.nodes
                .iter()
                .map(|&n| label_sentence(&chart.nodes[n].label))
                .collect()
        };
        step.key = names.join(", ");
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mermaid::parse;

    fn keys(text: &str) -> Vec<String> {
        reveal_steps(&parse(text).expect("valid"))
            .into_iter()
            .map(|s| s.key)
            .collect()
    }

    #[test]
    fn steps_follow_the_arrows() {
        assert_eq!(
            keys(
                "graph TD\nU[Users] --> D[DNS]\nD --> L[LB]\nL --> A[App 1] & B[App 2]\nA --> DB\nB --> DB"
            ),
            ["Users", "DNS", "LB", "App 1, App 2", "DB"]
        );
    }

    #[test]
    fn a_cycle_starts_at_its_first_node() {
        assert_eq!(
            keys("graph LR\nB[Browser] --> D[DNS]\nD --> A[App]\nA --> B"),
            ["Browser", "DNS", "App"]
        );
    }

    #[test]
    fn diagrams_without_edges_go_node_by_node() {
        assert_eq!(
            keys("graph TD\nsubgraph S[All]\nA[one]\nB[two]\nC[three]\nend"),
            ["one", "two", "three"]
        );
        let steps = reveal_steps(&parse("graph TD\nsubgraph S[All]\nA\nB\nend").expect("valid"));
        assert_eq!(
            steps[0].clusters,
            [0],
            "the subgraph comes with its first node"
        );
    }

    #[test]
    fn subgraph_edges_rank_their_members() {
        let steps = reveal_steps(
            &parse("graph TD\nsubgraph P[Perimeter]\nFW\nend\nsubgraph N[Network]\nTLS\nVPC\nend\nP --> N\nX[Loose]")
                .expect("valid"),
        );
        let nodes: Vec<Vec<NodeId>> = steps.iter().map(|s| s.nodes.clone()).collect();
        assert_eq!(nodes, [vec![0], vec![1, 2], vec![3]]);
        assert_eq!(steps[1].edges, [0]);
        assert_eq!(steps[2].key, "Loose");
    }
}
