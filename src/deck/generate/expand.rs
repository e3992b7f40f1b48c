//! Expanding a deck's directives into cards.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::directive::{Generator, Selection};
use super::graph::Graph;
use super::mask::{MaskError, Part, Question, question};
use super::text::{Secrets, label_sentence, slug};
use crate::deck::model::{Block, Card, Cloze, Deck, Diagram, Occlusion, Table, Target};
use crate::deck::validate::{Locus, Problem};
use crate::mermaid::{self, Flowchart};

/// The cards a deck's directives make, and what is wrong with the directives.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    /// Generated cards, in directive order, marked [`Card::generated`].
    pub cards: Vec<Card>,
    /// Problems with the directives, at the directive or its field.
    pub problems: Vec<Problem>,
}

/// Makes the cards of every directive of `deck` (only the deck's authored
/// cards are read, so a deck that already holds its generated cards gives
/// the same result).
///
/// Card ids come from the directive kind, the diagram or table id and the
/// node id (or row and columns), never from positions in the file, so
/// progress stays with a card while the deck around it changes.
pub fn expand(deck: &Deck) -> Expansion {
    if deck.generate.is_empty() {
        // Most decks have no directives; indexing 100,000 cards' blocks would be wasted.
        return Expansion {
            cards: Vec::new(),
            problems: Vec::new(),
        };
    }
    let mut x = Expander::new(deck);
    for (gi, generator) in deck.generate.iter().enumerate() {
        x.directive(gi, generator);
    }
    Expansion {
        cards: x.cards,
        problems: x.problems,
    }
}

/// Where a block with an id sits.
#[derive(Clone, Copy)]
struct Source<'a> {
    card: &'a Card,
    block: &'a Block,
}

struct Expander<'a> {
    blocks: HashMap<&'a str, Vec<Source<'a>>>,
    authored: HashSet<&'a str>,
    generated: HashMap<String, usize>,
    charts: HashMap<&'a str, Option<Flowchart>>,
    cards: Vec<Card>,
    problems: Vec<Problem>,
}

/// At most this many ids are listed in a message.
const LISTED: usize = 16;

fn listing<'s>(ids: impl Iterator<Item = &'s str>) -> String {
    let ids: Vec<&str> = ids.collect();
    let mut out = ids
        .iter()
        .take(LISTED)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > LISTED {
        let _ = write!(out, " and {} more", ids.len() - LISTED);
    }
    if out.is_empty() {
        out.push_str("none");
    }
    out
}

impl<'a> Expander<'a> {
    fn new(deck: &'a Deck) -> Self {
        let mut blocks: HashMap<&str, Vec<Source<'a>>> = HashMap::new();
        let authored: Vec<&Card> = deck.cards.iter().filter(|c| !c.generated).collect();
        for &card in &authored {
            for block in card.blocks() {
                let id = match block {
                    Block::Table(t) => t.id.as_str(),
                    Block::Diagram(d) => d.id.as_str(),
                    _ => continue,
                };
                if !id.is_empty() {
                    blocks.entry(id).or_default().push(Source { card, block });
                }
            }
        }
        Self {
            blocks,
            authored: authored.iter().map(|c| c.id.as_str()).collect(),
            generated: HashMap::new(),
            charts: HashMap::new(),
            cards: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, locus: Locus, message: String) {
        self.problems.push(Problem { locus, message });
    }

    /// The one block with this id, or a problem at the directive's field.
    fn block(
        &mut self,
        gi: usize,
        field: &'static str,
        id: &str,
        what: &str,
    ) -> Option<Source<'a>> {
        match self.blocks.get(id).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(many) => {
                let cards = listing(many.iter().map(|s| s.card.id.as_str()));
                self.problem(
                    Locus::GeneratorField(gi, field),
                    format!("the id `{id}` is given to blocks of several cards ({cards}); give each {what} its own id"),
                );
                None
            }
            None => {
                let mut known: Vec<&str> = self
                    .blocks
                    .iter()
                    .filter(|(_, s)| {
                        matches!(
                            (what, s[0].block),
                            ("diagram", Block::Diagram(_)) | ("table", Block::Table(_))
                        )
                    })
                    .map(|(id, _)| *id)
                    .collect();
                known.sort_unstable();
                self.problem(
                    Locus::GeneratorField(gi, field),
                    format!(
                        "no {what} has the id `{id}`; add `id: \"{id}\"` to the {what}, or use one of: {}",
                        listing(known.into_iter())
                    ),
                );
                None
            }
        }
    }

    fn diagram(&mut self, gi: usize, id: &str) -> Option<(Source<'a>, &'a Diagram)> {
        let source = self.block(gi, "diagram", id, "diagram")?;
        if let Block::Diagram(d) = source.block {
            Some((source, d))
        } else {
            self.problem(
                Locus::GeneratorField(gi, "diagram"),
                format!("`{id}` is a table, not a diagram; `Cloze(table: \"{id}\", ...)` asks for its cells"),
            );
            None
        }
    }

    fn table(&mut self, gi: usize, id: &str) -> Option<(Source<'a>, &'a Table)> {
        let source = self.block(gi, "table", id, "table")?;
        if let Block::Table(t) = source.block {
            Some((source, t))
        } else {
            self.problem(
                Locus::GeneratorField(gi, "table"),
                format!("`{id}` is a diagram, not a table; `Occlude(diagram: \"{id}\", ...)` hides its parts"),
            );
            None
        }
    }

    /// The parsed chart of a diagram; `None` when it does not parse (the
    /// diagram block's own check reports that).
    fn chart(&mut self, d: &'a Diagram) -> Option<Flowchart> {
        self.charts
            .entry(d.id.as_str())
            .or_insert_with(|| mermaid::parse(&d.mermaid).ok())
            .clone()
    }

    fn directive(&mut self, gi: usize, generator: &Generator) {
        match generator {
            Generator::Occlude {
                diagram,
                nodes,
                clusters,
                edge_labels,
                prompt,
                tags,
            } => {
                let Some((source, d)) = self.diagram(gi, diagram) else {
                    return;
                };
                let Some(chart) = self.chart(d) else { return };
                if nodes.is_empty() && clusters.is_empty() && edge_labels.is_empty() {
                    self.problem(
                        Locus::Generator(gi),
                        "this `Occlude` hides nothing; add `nodes: All`, `nodes: Only([\"ID\", ...])`, `clusters: ...` or `edge_labels: ...`".to_owned(),
                    );
                    return;
                }
                let parts = self.occlusion_parts(gi, &chart, nodes, clusters, edge_labels);
                for (part, suffix) in parts {
                    self.occlusion_card(gi, source, d, &chart, part, &suffix, prompt, tags);
                }
            }
            Generator::Path {
                diagram,
                from,
                to,
                prompt,
                tags,
            } => {
                let Some((source, d)) = self.diagram(gi, diagram) else {
                    return;
                };
                let Some(chart) = self.chart(d) else { return };
                let (Some(a), Some(b)) = (
                    self.end(gi, "from", &chart, diagram, from),
                    self.end(gi, "to", &chart, diagram, to),
                ) else {
                    return;
                };
                self.path_card(gi, source, d, &chart, (a, from), (b, to), prompt, tags);
            }
            Generator::Calls {
                diagram,
                node,
                prompt,
                tags,
            } => {
                let Some((source, d)) = self.diagram(gi, diagram) else {
                    return;
                };
                let Some(chart) = self.chart(d) else { return };
                let Some(part) = self.end(gi, "node", &chart, diagram, node) else {
                    return;
                };
                self.calls_card(gi, source, d, &chart, part, node, prompt, tags);
            }
            Generator::Cloze {
                table,
                row,
                rows,
                column,
                columns,
                prompt,
                tags,
            } => {
                let Some((source, t)) = self.table(gi, table) else {
                    return;
                };
                let Some((rows, columns)) = self.cells(gi, t, *row, rows, *column, columns) else {
                    return;
                };
                for r in rows {
                    self.cloze_card(gi, source, t, r, &columns, prompt, tags);
                }
            }
        }
    }

    /// A node or subgraph named by a directive field.
    fn end(
        &mut self,
        gi: usize,
        field: &'static str,
        chart: &Flowchart,
        diagram: &str,
        id: &str,
    ) -> Option<Part> {
        if let Some(n) = chart.node_by_id(id) {
            return Some(Part::Node(n));
        }
        if let Some(c) = chart.cluster_by_id(id) {
            return Some(Part::Cluster(c));
        }
        self.problem(
            Locus::GeneratorField(gi, field),
            format!(
                "diagram `{diagram}` has no node or subgraph `{id}`; its nodes are {}",
                listing(chart.nodes.iter().map(|n| n.id.as_str()))
            ),
        );
        None
    }

    /// The parts an `Occlude` hides, each with the end of its card id.
    fn occlusion_parts(
        &mut self,
        gi: usize,
        chart: &Flowchart,
        nodes: &Selection<String>,
        clusters: &Selection<String>,
        edge_labels: &Selection<(String, String)>,
    ) -> Vec<(Part, String)> {
        let mut parts = Vec::new();
        let hideable = |part: Part| {
            part.label(chart)
                .is_some_and(|l| Secrets::default().add(&l.text()))
        };
        // With `All`, labels shared by two parts are left out: the answer
        // would not say which one was meant.
        let unique = |part: Part, all: &[Part]| {
            let text = part.label(chart).map(crate::mermaid::Label::text);
            all.iter()
                .filter(|&&p| p.label(chart).map(crate::mermaid::Label::text) == text)
                .count()
                == 1
        };
        match nodes {
            Selection::All => {
                let all: Vec<Part> = (0..chart.nodes.len()).map(Part::Node).collect();
                for (n, &p) in all.iter().enumerate() {
                    if hideable(p) && unique(p, &all) {
                        parts.push((p, slug(&chart.nodes[n].id)));
                    }
                }
            }
            Selection::Only(ids) => {
                for (i, id) in ids.iter().enumerate() {
                    if let Some(n) = chart.node_by_id(id) {
                        parts.push((Part::Node(n), slug(id)));
                    } else {
                        let message = if chart.cluster_by_id(id).is_some() {
                            format!(
                                "`{id}` is a subgraph; hide its title with `clusters: Only([\"{id}\"])`"
                            )
                        } else {
                            format!(
                                "the diagram has no node `{id}`; its nodes are {}",
                                listing(chart.nodes.iter().map(|n| n.id.as_str()))
                            )
                        };
                        self.problem(Locus::GeneratorItem(gi, "nodes", i), message);
                    }
                }
            }
        }
        match clusters {
            Selection::All => {
                let all: Vec<Part> = (0..chart.clusters.len()).map(Part::Cluster).collect();
                for (c, &p) in all.iter().enumerate() {
                    if hideable(p) && unique(p, &all) {
                        parts.push((p, format!("group-{}", slug(&chart.clusters[c].id))));
                    }
                }
            }
            Selection::Only(ids) => {
                for (i, id) in ids.iter().enumerate() {
                    match chart.cluster_by_id(id) {
                        Some(c) => parts.push((Part::Cluster(c), format!("group-{}", slug(id)))),
                        None => self.problem(
                            Locus::GeneratorItem(gi, "clusters", i),
                            format!(
                                "the diagram has no subgraph `{id}`; its subgraphs are {}",
                                listing(chart.clusters.iter().map(|c| c.id.as_str()))
                            ),
                        ),
                    }
                }
            }
        }
        let end_id = |e: crate::mermaid::Endpoint| match e {
            crate::mermaid::Endpoint::Node(n) => chart.nodes[n].id.as_str(),
            crate::mermaid::Endpoint::Cluster(c) => chart.clusters[c].id.as_str(),
        };
        // Edges between the same two ends are told apart by their order.
        let edge_suffix = |e: usize| {
            let (from, to) = (end_id(chart.edges[e].from), end_id(chart.edges[e].to));
            let nth = chart.edges[..e]
                .iter()
                .filter(|x| end_id(x.from) == from && end_id(x.to) == to)
                .count();
            let base = format!("edge-{}-{}", slug(from), slug(to));
            if nth == 0 {
                base
            } else {
                format!("{base}-{}", nth + 1)
            }
        };
        match edge_labels {
            Selection::All => {
                for e in 0..chart.edges.len() {
                    if hideable(Part::Edge(e)) {
                        parts.push((Part::Edge(e), edge_suffix(e)));
                    }
                }
            }
            Selection::Only(pairs) => {
                for (i, (from, to)) in pairs.iter().enumerate() {
                    let found: Vec<usize> = (0..chart.edges.len())
                        .filter(|&e| {
                            end_id(chart.edges[e].from) == from
                                && end_id(chart.edges[e].to) == to
                                && chart.edges[e].label.is_some()
                        })
                        .collect();
                    if found.is_empty() {
                        self.problem(
                            Locus::GeneratorItem(gi, "edge_labels", i),
                            format!("the diagram has no labelled edge from `{from}` to `{to}`"),
                        );
                    }
                    parts.extend(found.into_iter().map(|e| (Part::Edge(e), edge_suffix(e))));
                }
            }
        }
        parts
    }

    /// Adds a generated card, unless its id is taken.
    fn push(&mut self, gi: usize, card: Card) {
        if self.authored.contains(card.id.as_str()) {
            self.problem(
                Locus::Generator(gi),
                format!(
                    "this directive makes a card `{}`, but a card of the deck already has that id; rename that card",
                    card.id
                ),
            );
        } else if let Some(&first) = self.generated.get(&card.id) {
            self.problem(
                Locus::Generator(gi),
                format!(
                    "this directive makes a card `{}`, which directive {} makes too; remove one of them",
                    card.id,
                    first + 1
                ),
            );
        } else {
            self.generated.insert(card.id.clone(), gi);
            self.cards.push(card);
        }
    }

    fn mask_problem(&mut self, gi: usize, chart: &Flowchart, error: &MaskError) {
        let message = match error {
            MaskError::NoLabel(part) => format!(
                "`{}` has no text to hide (a hidden label needs at least two letters or digits)",
                part.name(chart)
            ),
            MaskError::Rewrite(why) => format!(
                "archdeck could not hide the parts asked for: the rewritten diagram {why}; please report this with the diagram"
            ),
        };
        self.problem(Locus::Generator(gi), message);
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one card from one directive's fields"
    )]
    fn occlusion_card(
        &mut self,
        gi: usize,
        source: Source<'a>,
        d: &Diagram,
        chart: &Flowchart,
        part: Part,
        suffix: &str,
        prompt: &str,
        tags: &[String],
    ) {
        let default = match part {
            Part::Node(_) => "What is in the box marked **?**",
            Part::Cluster(_) => "What is the title of the group marked **?**",
            Part::Edge(_) => "What does the arrow label marked **?** say?",
        };
        self.diagram_card(
            gi,
            source,
            d,
            chart,
            DiagramAsk {
                id: format!("{}-occlude-{suffix}", d.id),
                kind: "occlusion",
                hidden: &[part],
                marked: &[],
                highlight: &[],
                prompt,
                default_prompt: default,
                answer: format!("**{}**", part.name(chart)),
                tags,
            },
        );
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one card from one directive's fields"
    )]
    fn path_card(
        &mut self,
        gi: usize,
        source: Source<'a>,
        d: &Diagram,
        chart: &Flowchart,
        (from, from_id): (Part, &str),
        (to, to_id): (Part, &str),
        prompt: &str,
        tags: &[String],
    ) {
        let graph = Graph::new(chart);
        let Some(between) = graph.between(from, to) else {
            self.problem(
                Locus::Generator(gi),
                format!("no path follows the arrows from `{from_id}` to `{to_id}`; check the direction of the edges"),
            );
            return;
        };
        if between.steps.is_empty() {
            self.problem(
                Locus::Generator(gi),
                format!(
                    "`{from_id}` links straight to `{to_id}`: nothing sits between them to ask for"
                ),
            );
            return;
        }
        let hidden: Vec<Part> = between.steps.iter().flatten().copied().collect();
        let default = format!(
            "What sits between **{}** and **{}** (the boxes marked **?**)?",
            from.name(chart),
            to.name(chart)
        );
        let answer = between
            .steps
            .iter()
            .map(|step| {
                step.iter()
                    .map(|p| format!("**{}**", p.name(chart)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join(" → ");
        let mut highlight = vec![from, to];
        highlight.extend(between.edges.iter().map(|&e| Part::Edge(e)));
        self.diagram_card(
            gi,
            source,
            d,
            chart,
            DiagramAsk {
                id: format!("{}-path-{}-{}", d.id, slug(from_id), slug(to_id)),
                kind: "path",
                hidden: &hidden,
                marked: &[from, to],
                highlight: &highlight,
                prompt,
                default_prompt: &default,
                answer: format!("{} → {answer} → {}", from.name(chart), to.name(chart)),
                tags,
            },
        );
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one card from one directive's fields"
    )]
    fn calls_card(
        &mut self,
        gi: usize,
        source: Source<'a>,
        d: &Diagram,
        chart: &Flowchart,
        part: Part,
        id: &str,
        prompt: &str,
        tags: &[String],
    ) {
        let next = Graph::new(chart).next(part);
        if next.is_empty() {
            self.problem(
                Locus::GeneratorField(gi, "node"),
                format!("no arrow leads out of `{id}`, so there is nothing to ask for"),
            );
            return;
        }
        let hidden: Vec<Part> = next.iter().map(|&(_, p)| p).collect();
        let default = format!(
            "Which parts does **{}** lead to (the boxes marked **?**)?",
            part.name(chart)
        );
        let answer = next
            .iter()
            .map(
                |&(e, p)| match chart.edges[e].label.as_ref().filter(|l| !l.is_empty()) {
                    Some(label) => format!("**{}** ({})", p.name(chart), label_sentence(label)),
                    None => format!("**{}**", p.name(chart)),
                },
            )
            .collect::<Vec<_>>()
            .join(", ");
        let mut highlight = vec![part];
        highlight.extend(next.iter().map(|&(e, _)| Part::Edge(e)));
        self.diagram_card(
            gi,
            source,
            d,
            chart,
            DiagramAsk {
                id: format!("{}-calls-{}", d.id, slug(id)),
                kind: "path",
                hidden: &hidden,
                marked: &[part],
                highlight: &highlight,
                prompt,
                default_prompt: &default,
                answer,
                tags,
            },
        );
    }

    /// One card from a diagram: the question with `ask.hidden` masked (and
    /// `ask.marked` marked), the answer text, and the diagram with the
    /// hidden and highlighted parts shown.
    fn diagram_card(
        &mut self,
        gi: usize,
        source: Source<'a>,
        d: &Diagram,
        chart: &Flowchart,
        ask: DiagramAsk<'_>,
    ) {
        let q = match question(chart, &d.title, ask.hidden, ask.marked) {
            Ok(q) => q,
            Err(e) => return self.mask_problem(gi, chart, &e),
        };
        let front_text = ask_text(&q, ask.prompt, ask.default_prompt);
        let back = vec![
            Block::Text(ask.answer),
            answer_block(d, chart, ask.hidden, ask.highlight),
        ];
        let card = generated_card(
            ask.id,
            ask.kind,
            source.card,
            ask.tags,
            question_side(d, front_text, q),
            back,
        );
        self.push(gi, card);
    }

    /// The 0-based rows and columns of a `Cloze`, checked against the table.
    fn cells(
        &mut self,
        gi: usize,
        t: &Table,
        row: Option<usize>,
        rows: &[usize],
        column: Option<usize>,
        columns: &[usize],
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let mut ok = true;
        if row.is_some() && !rows.is_empty() {
            self.problem(
                Locus::GeneratorField(gi, "rows"),
                "give `row: n` or `rows: [...]`, not both".to_owned(),
            );
            ok = false;
        }
        if column.is_some() && !columns.is_empty() {
            self.problem(
                Locus::GeneratorField(gi, "columns"),
                "give `column: n` or `columns: [...]`, not both".to_owned(),
            );
            ok = false;
        }
        let rows: Vec<usize> = match (row, rows.is_empty()) {
            (Some(r), _) => vec![r],
            (None, false) => rows.to_vec(),
            (None, true) => (1..=t.rows.len()).collect(),
        };
        let columns: Vec<usize> = column.into_iter().chain(columns.iter().copied()).collect();
        if columns.is_empty() {
            self.problem(
                Locus::Generator(gi),
                "say which column to hide, such as `column: 2` (columns count from 1)".to_owned(),
            );
            return None;
        }
        let (row_field, column_field) = (
            if row.is_some() { "row" } else { "rows" },
            if column.is_some() {
                "column"
            } else {
                "columns"
            },
        );
        let at = |field: &'static str, i: usize| {
            if field.ends_with('s') {
                Locus::GeneratorItem(gi, field, i)
            } else {
                Locus::GeneratorField(gi, field)
            }
        };
        for (i, &r) in rows.iter().enumerate() {
            if r == 0 || r > t.rows.len() {
                self.problem(
                    at(row_field, i),
                    format!(
                        "row {r} does not exist: table `{}` has rows 1 to {} (the header is not a row)",
                        t.id,
                        t.rows.len()
                    ),
                );
                ok = false;
            }
        }
        for (i, &c) in columns.iter().enumerate() {
            if c == 0 || c > t.header.len() {
                self.problem(
                    at(column_field, i),
                    format!(
                        "column {c} does not exist: table `{}` has columns 1 to {}",
                        t.id,
                        t.header.len()
                    ),
                );
                ok = false;
            } else if columns[..i].contains(&c) {
                self.problem(at(column_field, i), format!("column {c} is listed twice"));
                ok = false;
            }
        }
        if columns.len() >= t.header.len() {
            self.problem(
                Locus::GeneratorField(gi, column_field),
                "hiding every column leaves nothing to go on; leave at least one column visible"
                    .to_owned(),
            );
            ok = false;
        }
        ok.then(|| {
            (
                rows.into_iter().map(|r| r - 1).collect(),
                columns.into_iter().map(|c| c - 1).collect(),
            )
        })
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one card from one directive's fields"
    )]
    fn cloze_card(
        &mut self,
        gi: usize,
        source: Source<'a>,
        t: &Table,
        r: usize,
        columns: &[usize],
        prompt: &str,
        tags: &[String],
    ) {
        let row = &t.rows[r];
        let mut secrets = Secrets::default();
        for &c in columns {
            let cell = row.get(c).map_or("", String::as_str);
            if !secrets.add(cell) {
                self.problem(
                    Locus::Generator(gi),
                    format!(
                        "the cell in row {} column {} of table `{}` has no text to hide (it needs at least two letters or digits)",
                        r + 1,
                        c + 1,
                        t.id
                    ),
                );
                return;
            }
        }
        let shown: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if columns.contains(&c) {
                    String::new()
                } else {
                    secrets.scrub(cell)
                }
            })
            .collect();
        let title = secrets.scrub(&t.title);
        let header: Vec<String> = t.header.iter().map(|h| secrets.scrub(h)).collect();
        let default = if columns.len() == 1 {
            "What goes in the hidden cell?"
        } else {
            "What goes in the hidden cells?"
        };
        let text = if prompt.is_empty() {
            with_title(&title, default)
        } else {
            prompt.to_owned()
        };
        let front = vec![
            Block::Text(secrets.scrub(&text)),
            Block::Cloze(Cloze {
                table: t.id.clone(),
                title,
                header,
                rows: vec![shown],
                row: 0,
                columns: columns.to_vec(),
                reveal: false,
            }),
        ];
        let answer = if let [c] = columns {
            format!("**{}**", row[*c])
        } else {
            columns
                .iter()
                .map(|&c| format!("- {}: **{}**", t.header[c], row[c]))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let back = vec![
            Block::Text(answer),
            Block::Cloze(Cloze {
                table: t.id.clone(),
                title: t.title.clone(),
                header: t.header.clone(),
                rows: t.rows.clone(),
                row: r,
                columns: columns.to_vec(),
                reveal: true,
            }),
        ];
        let columns_id = columns
            .iter()
            .map(|c| (c + 1).to_string())
            .collect::<Vec<_>>()
            .join("-");
        let card = generated_card(
            format!("{}-cloze-r{}-c{columns_id}", t.id, r + 1),
            "cloze",
            source.card,
            tags,
            front,
            back,
        );
        self.push(gi, card);
    }
}

fn with_title(title: &str, question: &str) -> String {
    if title.trim().is_empty() {
        question.to_owned()
    } else {
        format!("*{}*: {question}", title.trim())
    }
}

/// The question text: the directive's prompt or the default under the
/// (scrubbed) title, with hidden texts removed.
/// What one generated diagram card asks and answers.
struct DiagramAsk<'s> {
    /// The card id.
    id: String,
    /// Its kind tag (`occlusion`, `path`).
    kind: &'static str,
    /// Parts shown as `?` on the question.
    hidden: &'s [Part],
    /// Parts marked (not hidden) on the question: the ends of a path.
    marked: &'s [Part],
    /// Parts highlighted on the answer besides the hidden ones.
    highlight: &'s [Part],
    /// The directive's own question, if any.
    prompt: &'s str,
    /// The question when the directive gives none.
    default_prompt: &'s str,
    /// The answer in words.
    answer: String,
    /// Tags of the card.
    tags: &'s [String],
}

fn ask_text(q: &Question, prompt: &str, default: &str) -> String {
    let text = if prompt.is_empty() {
        with_title(&q.title, default)
    } else {
        prompt.to_owned()
    };
    q.secrets.scrub(&text)
}

fn question_side(d: &Diagram, text: String, q: Question) -> Vec<Block> {
    vec![
        Block::Text(text),
        Block::Occlusion(Occlusion {
            diagram: d.id.clone(),
            title: q.title,
            mermaid: q.mermaid,
            hidden: q.hidden,
            highlight: q.highlight,
            reveal: false,
        }),
    ]
}

fn answer_block(d: &Diagram, chart: &Flowchart, hidden: &[Part], highlight: &[Part]) -> Block {
    Block::Occlusion(Occlusion {
        diagram: d.id.clone(),
        title: d.title.clone(),
        mermaid: d.mermaid.clone(),
        hidden: hidden.iter().map(|p| p.target(chart)).collect(),
        highlight: highlight
            .iter()
            .map(|p| p.target(chart))
            .collect::<Vec<Target>>(),
        reveal: true,
    })
}

/// A generated card: tags are the kind, then the directive's tags or else
/// the source card's (without `overview`), three at most.
fn generated_card(
    id: String,
    kind: &str,
    source: &Card,
    tags: &[String],
    front: Vec<Block>,
    back: Vec<Block>,
) -> Card {
    let mut all = vec![kind.to_owned()];
    let extra = if tags.is_empty() { &source.tags } else { tags };
    for tag in extra {
        if tag != "overview" && !all.contains(tag) {
            all.push(tag.clone());
        }
    }
    all.truncate(3);
    Card {
        id,
        tags: all,
        source: source.source.clone(),
        front,
        back,
        generated: true,
    }
}
