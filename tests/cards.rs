//! Generated cards (occlusion, path, cloze), typed answers and
//! build-it-yourself steps, tested without a window.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use archdeck::deck::generate::{expand, question_texts};
use archdeck::deck::reveal::reveal_steps;
use archdeck::deck::{
    self, Block, Card, Deck, Occlusion, Target, TypedAnswer, Verdict, answer, check_answer,
    deck_to_ron, parse_deck,
};
use archdeck::mermaid::{self, Flowchart};

fn bundled_text() -> &'static str {
    archdeck::bundled::BUNDLED_DECKS[0].text
}

fn bundled() -> Deck {
    parse_deck(bundled_text(), Path::new("decks/system-design-1.ron"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn generated(deck: &Deck) -> Vec<&Card> {
    deck.cards.iter().filter(|c| c.generated).collect()
}

fn occlusion_of(blocks: &[Block]) -> Option<&Occlusion> {
    blocks.iter().find_map(|b| match b {
        Block::Occlusion(o) => Some(o),
        _ => None,
    })
}

fn typed_of(card: &Card) -> Option<&TypedAnswer> {
    card.front.iter().find_map(|b| match b {
        Block::TypedAnswer(t) => Some(t),
        _ => None,
    })
}

/// Lowercase with single spaces: how a hidden text is looked for.
fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn part_label(chart: &Flowchart, target: &Target) -> Option<String> {
    let label = match target {
        Target::Node(id) => chart.node_by_id(id).map(|n| &chart.nodes[n].label),
        Target::Cluster(id) => chart.cluster_by_id(id).map(|c| &chart.clusters[c].title),
        Target::Edge(e) => chart.edges.get(*e).and_then(|e| e.label.as_ref()),
    }?;
    Some(label.text())
}

/// What the question side of a card must not show: the labels of the
/// answer's hidden parts, the hidden cells, the typed answer.
fn secrets(card: &Card) -> Vec<String> {
    let mut out = Vec::new();
    for block in &card.back {
        match block {
            Block::Occlusion(o) => {
                let chart = mermaid::parse(&o.mermaid).expect("answer diagram parses");
                for target in &o.hidden {
                    out.push(part_label(&chart, target).expect("hidden part exists"));
                }
            }
            Block::Cloze(c) => {
                for &col in &c.columns {
                    out.push(c.rows[c.row][col].clone());
                }
            }
            _ => {}
        }
    }
    if let Some(t) = typed_of(card) {
        out.push(t.expect.clone());
    }
    out
}

// ---------------------------------------------------------------- the deck

#[test]
fn the_deck_has_the_cards_the_issue_asks_for() {
    let deck = bundled();
    let gen_cards = generated(&deck);
    let kind = |k: &str| gen_cards.iter().filter(|c| c.tags[0] == k).count();
    let occlusions: Vec<&&Card> = gen_cards
        .iter()
        .filter(|c| c.tags[0] == "occlusion")
        .collect();
    assert!(
        occlusions.len() >= 40,
        "{} occlusion cards",
        occlusions.len()
    );
    let diagrams: BTreeSet<&str> = occlusions
        .iter()
        .filter_map(|c| occlusion_of(&c.back).map(|o| o.diagram.as_str()))
        .collect();
    let all_diagrams: BTreeSet<&str> = deck
        .diagrams()
        .map(|(_, d)| d.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    assert_eq!(all_diagrams.len(), 11);
    assert_eq!(diagrams, all_diagrams, "occlusion cards on every diagram");
    assert!(kind("path") >= 10, "{} path cards", kind("path"));
    assert!(kind("cloze") >= 30, "{} cloze cards", kind("cloze"));
    let typed_numbers = deck
        .cards
        .iter()
        .filter(|c| c.source == "Q10")
        .filter_map(typed_of)
        .filter(|t| answer::is_numeric(&t.expect))
        .count();
    assert!(
        typed_numbers >= 15,
        "{typed_numbers} typed-number cards for Q10"
    );
}

#[test]
fn no_question_side_names_what_it_hides() {
    let deck = bundled();
    let mut checked = 0;
    for card in deck
        .cards
        .iter()
        .filter(|c| c.generated || typed_of(c).is_some())
    {
        let hidden = secrets(card);
        assert!(!hidden.is_empty(), "{} hides nothing", card.id);
        let question = folded(&card.question_text());
        let front = occlusion_of(&card.front);
        let front_chart = front.map(|o| mermaid::parse(&o.mermaid).expect("question parses"));
        for secret in &hidden {
            let secret = folded(secret);
            assert!(
                !question.contains(&secret),
                "{}: the question shows {secret:?}",
                card.id
            );
            if let (Some(o), Some(chart)) = (front, &front_chart) {
                assert!(
                    !folded(&o.mermaid).contains(&secret),
                    "{}: the question's Mermaid holds {secret:?}",
                    card.id
                );
                assert!(!folded(&o.title).contains(&secret), "{}: title", card.id);
                for text in question_texts(chart) {
                    assert!(
                        !folded(&text).contains(&secret),
                        "{}: a label, edge label or tooltip shows {secret:?}",
                        card.id
                    );
                }
            }
        }
        if let (Some(o), Some(chart)) = (front, &front_chart) {
            for target in &o.hidden {
                assert_eq!(
                    part_label(chart, target).as_deref(),
                    Some("?"),
                    "{}: hidden part is marked",
                    card.id
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 130, "{checked} cards checked");
}

#[test]
fn question_diagrams_match_their_answers_part_for_part() {
    // The question is drawn on the answer's layout, matched by index.
    for card in generated(&bundled()) {
        let (Some(q), Some(a)) = (occlusion_of(&card.front), occlusion_of(&card.back)) else {
            continue;
        };
        assert!(!q.reveal && a.reveal, "{}", card.id);
        let (q, a) = (
            mermaid::parse(&q.mermaid).expect("question parses"),
            mermaid::parse(&a.mermaid).expect("answer parses"),
        );
        assert_eq!(q.nodes.len(), a.nodes.len(), "{}", card.id);
        assert_eq!(q.clusters.len(), a.clusters.len(), "{}", card.id);
        assert_eq!(q.direction, a.direction, "{}", card.id);
        for (x, y) in q.nodes.iter().zip(&a.nodes) {
            assert_eq!(
                (x.shape, x.cluster, &x.style),
                (y.shape, y.cluster, &y.style)
            );
        }
        let ends = |c: &Flowchart| -> Vec<_> { c.edges.iter().map(|e| (e.from, e.to)).collect() };
        assert_eq!(ends(&q), ends(&a), "{}", card.id);
    }
}

#[test]
fn generated_cards_look_like_the_decks_other_cards() {
    let deck = bundled();
    let mut ids = BTreeSet::new();
    for card in generated(&deck) {
        assert!(ids.insert(card.id.as_str()), "duplicate {}", card.id);
        assert!((1..=3).contains(&card.tags.len()), "{}", card.id);
        assert!(!card.tags.iter().any(|t| t == "overview"), "{}", card.id);
        let n = card.source.trim_start_matches('Q');
        assert!(card.id.starts_with(&format!("q{n}-")), "{}", card.id);
        assert!(
            card.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            card.id
        );
        assert!(matches!(card.front.first(), Some(Block::Text(t)) if !t.trim().is_empty()));
        assert!(matches!(card.back.first(), Some(Block::Text(t)) if !t.trim().is_empty()));
    }
}

// ---------------------------------------------------------------- stability

/// Generated cards by id: the parts of the answer (its bold items, which
/// list in diagram order) and what the answer hides.
fn answers(deck: &Deck) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<Target>)> {
    generated(deck)
        .into_iter()
        .map(|c| {
            let text = match c.back.first() {
                Some(Block::Text(t)) => t.as_str(),
                _ => "",
            };
            let items = text
                .split("**")
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            let hidden = occlusion_of(&c.back)
                .map_or_else(BTreeSet::new, |o| o.hidden.iter().cloned().collect());
            (c.id.clone(), (items, hidden))
        })
        .collect()
}

#[test]
fn ids_stay_when_unrelated_diagram_lines_are_reordered() {
    let text = bundled_text();
    // The production architecture diagram of the Q5 overview: reverse the
    // order of its edge lines and move its style lines to the top.
    let start = text
        .find("id: \"q5-production-architecture\"")
        .expect("diagram");
    let body_start = start + text[start..].find("graph TD\n").expect("header") + "graph TD\n".len();
    let body_end = body_start + text[body_start..].find("\"#").expect("end");
    let body = &text[body_start..body_end];
    let lines: Vec<&str> = body.lines().collect();
    let (styles, rest): (Vec<&str>, Vec<&str>) =
        lines.iter().partition(|l| l.starts_with("style "));
    let sub = rest
        .iter()
        .position(|l| l.starts_with("subgraph"))
        .expect("subgraph");
    let (edges, subgraph) = rest.split_at(sub);
    let mut edges = edges.to_vec();
    edges.reverse();
    let mut reordered: Vec<&str> = styles.clone();
    reordered.extend(subgraph.iter().copied());
    reordered.extend(edges);
    let changed = format!(
        "{}{}\n{}",
        &text[..body_start],
        reordered.join("\n"),
        &text[body_end..]
    );
    assert_ne!(changed, text);
    let a = bundled();
    let b = parse_deck(&changed, Path::new("changed.ron")).unwrap_or_else(|e| panic!("{e}"));
    // The node order changed (so the question's neutral ids did too) ...
    assert_ne!(
        mermaid::parse(
            &a.diagrams()
                .find(|(_, d)| d.id == "q5-production-architecture")
                .expect("d")
                .1
                .mermaid
        )
        .expect("parses")
        .nodes[1]
            .id,
        mermaid::parse(
            &b.diagrams()
                .find(|(_, d)| d.id == "q5-production-architecture")
                .expect("d")
                .1
                .mermaid
        )
        .expect("parses")
        .nodes[1]
            .id
    );
    // ... but every card keeps its id, answer and hidden parts.
    assert_eq!(answers(&a), answers(&b));
}

#[test]
fn ids_stay_when_cards_and_directives_move() {
    let text = bundled_text();
    // A new card at the top, and the directives in reverse order.
    let with_card = text.replacen(
        "    cards: [\n",
        "    cards: [\n        Card(id: \"q1-new\", tags: [\"new\"], source: \"Q1\", front: [Text(\"New?\")], back: [Text(\"Yes.\")]),\n",
        1,
    );
    let a = bundled();
    let mut b = parse_deck(&with_card, Path::new("moved.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answers(&a), answers(&b));
    b.generate.reverse();
    b.cards.retain(|c| !c.generated);
    let reversed = deck_to_ron(&b).expect("serialises");
    let c = parse_deck(&reversed, Path::new("reversed.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answers(&a), answers(&c));
}

#[test]
fn generation_is_deterministic_and_reads_only_authored_cards() {
    let deck = bundled();
    let again = expand(&deck);
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    let mut loaded: Vec<Card> = generated(&deck).into_iter().cloned().collect();
    let mut made = again.cards;
    loaded.sort_by(|a, b| a.id.cmp(&b.id));
    made.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(made, loaded, "expanding a loaded deck gives the same cards");
    assert!(deck::validate(&deck).is_empty(), "a loaded deck validates");
}

#[test]
fn generated_cards_follow_the_authored_cards_of_their_question() {
    let deck = bundled();
    // Each question's authored cards, then its generated ones: the sources
    // never come back once left.
    let mut seen: Vec<(&str, bool)> = Vec::new();
    for card in &deck.cards {
        let here = (card.source.as_str(), card.generated);
        if seen.last() != Some(&here) {
            assert!(
                !seen.contains(&here),
                "{} ({}, generated: {}) is out of its group",
                card.id,
                card.source,
                card.generated
            );
            seen.push(here);
        }
    }
    let q1_generated = deck
        .cards
        .iter()
        .position(|c| c.generated && c.source == "Q1")
        .expect("Q1 has generated cards");
    let q2_first = deck
        .cards
        .iter()
        .position(|c| c.source == "Q2")
        .expect("Q2 has cards");
    assert!(
        q1_generated < q2_first,
        "Q1's diagram cards come before Q2's cards"
    );
}

#[test]
fn generated_cards_are_not_written_back() {
    let deck = bundled();
    let text = deck_to_ron(&deck).expect("serialises");
    assert!(text.contains("generate: ["));
    assert!(text.contains("Occlude("));
    for card in generated(&deck) {
        assert!(
            !text.contains(&format!("\"{}\"", card.id)),
            "{} written",
            card.id
        );
    }
    let again = parse_deck(&text, Path::new("again.ron")).expect("valid");
    assert_eq!(deck, again);
}

// ---------------------------------------------------------------- errors

fn problems(generate: &str) -> Vec<String> {
    let text = format!(
        r#"Deck(id: "d", title: "T", cards: [
    Card(id: "c", front: [Text("q")], back: [
        Diagram(id: "arch", mermaid: "graph TD\nLB[Load Balancer] --> APP[App]\nAPP --> DB[(Database)]\nX[Loose]"),
        Table(id: "t", header: ["Name", "Value"], rows: [["a", "one"], ["b", ""]]),
    ]),
    Card(id: "arch-occlude-app", front: [Text("q")], back: [Text("a")]),
],
generate: [
{generate}
])"#
    );
    match parse_deck(&text, Path::new("d.ron")) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn directive_problems_point_at_the_directive() {
    assert_eq!(
        problems(r#"Occlude(diagram: "arhc", nodes: All),"#),
        [
            "d.ron:9:18: no diagram has the id `arhc`; add `id: \"arhc\"` to the diagram, or use one of: `arch`"
        ]
    );
    assert_eq!(
        problems(r#"Occlude(diagram: "arch", nodes: Only(["LB", "CACHE"])),"#),
        ["d.ron:9:45: the diagram has no node `CACHE`; its nodes are `LB`, `APP`, `DB`, `X`"]
    );
    assert_eq!(
        problems(r#"Occlude(diagram: "arch", nodes: Only(["APP"])),"#),
        [
            "d.ron:9:1: this directive makes a card `arch-occlude-app`, but a card of the deck already has that id; rename that card"
        ]
    );
    assert_eq!(
        problems(r#"Occlude(diagram: "t", nodes: All),"#),
        [
            "d.ron:9:18: `t` is a table, not a diagram; `Cloze(table: \"t\", ...)` asks for its cells"
        ]
    );
    assert_eq!(
        problems(r#"Path(diagram: "arch", from: "DB", to: "LB"),"#),
        [
            "d.ron:9:1: no path follows the arrows from `DB` to `LB`; check the direction of the edges"
        ]
    );
    assert_eq!(
        problems(r#"Path(diagram: "arch", from: "LB", to: "APP"),"#),
        ["d.ron:9:1: `LB` links straight to `APP`: nothing sits between them to ask for"]
    );
    assert_eq!(
        problems(r#"Calls(diagram: "arch", node: "X"),"#),
        ["d.ron:9:30: no arrow leads out of `X`, so there is nothing to ask for"]
    );
    assert_eq!(
        problems(r#"Cloze(table: "t", rows: [1, 3], column: 2),"#),
        ["d.ron:9:29: row 3 does not exist: table `t` has rows 1 to 2 (the header is not a row)"]
    );
    assert_eq!(
        problems(r#"Cloze(table: "t", row: 2, column: 2),"#),
        [
            "d.ron:9:1: the cell in row 2 column 2 of table `t` has no text to hide (it needs at least two letters or digits)"
        ]
    );
    assert_eq!(
        problems(r#"Cloze(table: "t", row: 1),"#),
        ["d.ron:9:1: say which column to hide, such as `column: 2` (columns count from 1)"]
    );
    assert_eq!(
        problems(
            "Occlude(diagram: \"arch\", nodes: Only([\"DB\"])),\nOcclude(diagram: \"arch\", nodes: Only([\"DB\"])),"
        ),
        [
            "d.ron:10:1: this directive makes a card `arch-occlude-db`, which directive 1 makes too; remove one of them"
        ]
    );
    let valid = problems(
        r#"Occlude(diagram: "arch", nodes: Only(["LB", "DB"]), edge_labels: All), Path(diagram: "arch", from: "LB", to: "DB"), Calls(diagram: "arch", node: "LB"), Cloze(table: "t", row: 1, column: 2),"#,
    );
    assert!(valid.is_empty(), "{valid:?}");
}

#[test]
fn typed_answer_problems_are_reported() {
    let deck = |block: &str| {
        let text = format!(
            r#"Deck(id: "d", title: "T", cards: [Card(id: "c", front: [Text("q"), {block}], back: [Text("a")])])"#
        );
        match parse_deck(&text, Path::new("d.ron")) {
            Ok(_) => Vec::new(),
            Err(e) => e.diagnostics().iter().map(|d| d.message.clone()).collect(),
        }
    };
    assert!(deck(r#"TypedAnswer(expect: "52.6 minutes", tolerance: 0.05)"#).is_empty());
    assert!(deck(r#"TypedAnswer(expect: "Raft", also: ["Raft consensus"])"#).is_empty());
    assert_eq!(
        deck(r#"TypedAnswer(expect: "Raft", tolerance: 0.1)"#),
        [
            "the typed answer of card `c`: `Raft` is not a number, but a tolerance only applies to numbers; write a number such as `290,000 QPS` or remove `tolerance`"
        ]
    );
    assert_eq!(
        deck(r#"TypedAnswer(expect: "25 B")"#),
        [
            "the typed answer of card `c`: the unit of `25 B` can be read two ways (`B`: bytes or billion; `m`: minutes or million); write it out, such as `bytes`, `billion` or `minutes`"
        ]
    );
    assert_eq!(
        deck(r#"TypedAnswer(expect: "1", tolerance: 2.0)"#),
        [
            "the typed answer of card `c`: `tolerance` is 2; give a fraction from 0 to 1, such as 0.1 for ±10%"
        ]
    );
}

// ---------------------------------------------------------------- robustness

#[test]
fn every_node_of_synthetic_diagrams_can_be_hidden_without_a_trace() {
    for seed in 1..=12 {
        let chart = mermaid::synth::synthetic_flowchart(24, 30, 4, seed);
        let text = format!(
            "Deck(id: \"d\", title: \"T\", cards: [Card(id: \"c\", front: [Text(\"q\")], back: [Diagram(id: \"s\", mermaid: {chart:?})])], generate: [Occlude(diagram: \"s\", nodes: All, clusters: All, edge_labels: All)])"
        );
        let deck =
            parse_deck(&text, Path::new("s.ron")).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let cards = generated(&deck);
        assert!(cards.len() > 10, "seed {seed}: {} cards", cards.len());
        for card in cards {
            let q = occlusion_of(&card.front).expect("question diagram");
            let chart = mermaid::parse(&q.mermaid).expect("question parses");
            for secret in secrets(card) {
                let secret = folded(&secret);
                assert!(
                    question_texts(&chart).all(|t| !folded(&t).contains(&secret)),
                    "seed {seed} {}: {secret:?} visible",
                    card.id
                );
                assert!(!folded(&card.question_text()).contains(&secret));
            }
        }
    }
}

#[test]
fn every_bundled_diagram_is_built_up_in_steps() {
    let deck = bundled();
    for (_, d) in deck.diagrams().filter(|(_, d)| !d.id.is_empty()) {
        let chart = mermaid::parse(&d.mermaid).expect("parses");
        let steps = reveal_steps(&chart);
        assert!(steps.len() >= 2, "{}: {} steps", d.id, steps.len());
        let nodes: Vec<usize> = steps.iter().flat_map(|s| s.nodes.clone()).collect();
        let mut sorted = nodes.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            (0..chart.nodes.len()).collect::<Vec<_>>(),
            "{}",
            d.id
        );
        let edges: usize = steps.iter().map(|s| s.edges.len()).sum();
        assert_eq!(edges, chart.edges.len(), "{}", d.id);
        assert!(steps.iter().all(|s| !s.key.is_empty()), "{}", d.id);
    }
    let production = deck
        .diagrams()
        .find(|(_, d)| d.id == "q5-production-architecture")
        .expect("diagram");
    let keys: Vec<String> = reveal_steps(&mermaid::parse(&production.1.mermaid).expect("parses"))
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert_eq!(
        keys[..4],
        [
            "Users",
            "DNS (Route53, Cloudflare)",
            "CDN (CloudFront, Akamai)",
            "Load Balancer (ALB, Nginx)"
        ]
    );
}

// ---------------------------------------------------------------- typed answers

fn typed(expect: &str, also: &[&str], tolerance: f64) -> TypedAnswer {
    TypedAnswer {
        expect: expect.to_owned(),
        also: also.iter().map(|&s| s.to_owned()).collect(),
        tolerance,
    }
}

/// Expected answer, tolerance, and typed answers with their verdicts.
#[expect(clippy::type_complexity, reason = "a table of cases")]
const CASES: &[(&str, &[&str], f64, &[(&str, Verdict)])] = {
    use Verdict::{Close, Exact, Wrong};
    &[
        (
            "52.6 minutes",
            &[],
            0.05,
            &[
                ("52.6 minutes", Exact),
                ("52.6 min", Exact),
                ("52.6", Exact),
                ("~52.6 mins", Exact),
                ("52.56 minutes", Exact),
                ("0.877 hours", Exact),
                ("3156 s", Exact),
                ("52,6 min", Exact),
                ("53 minutes", Close),
                ("50 min", Close),
                ("5.26 minutes", Wrong),
                ("52.6 hours", Wrong),
                ("52.6 MB", Wrong),
                ("about an hour", Wrong),
                ("", Wrong),
            ],
        ),
        (
            "290,000 QPS",
            &[],
            0.1,
            &[
                ("290000", Exact),
                ("~290,000 QPS", Exact),
                ("290k", Exact),
                ("290 K QPS", Exact),
                ("2.9e5", Exact),
                ("2.9 × 10^5", Exact),
                ("0.29 M", Exact),
                ("290 thousand requests/s", Exact),
                ("289,352", Exact),
                ("25B / day", Exact),
                ("300,000", Close),
                ("310k QPS", Close),
                ("250,000", Wrong),
                ("29,000", Wrong),
                ("580,000 QPS", Wrong),
                ("290 per minute", Wrong),
                ("290 GB", Wrong),
            ],
        ),
        (
            "10 TB",
            &[],
            0.05,
            &[
                ("10TB", Exact),
                ("10 TB/day", Exact),
                ("10,000 GB", Exact),
                ("1e13 bytes", Exact),
                ("10 terabytes", Exact),
                ("10.3 TB", Close),
                ("10 GB", Wrong),
                ("10 Tb", Wrong),
                ("10 hours", Wrong),
            ],
        ),
        (
            "20 GB/s",
            &[],
            0.05,
            &[
                ("160 Gbps", Exact),
                ("20GB/s", Exact),
                ("20 gigabytes per second", Exact),
                ("20 GB", Exact),
                ("1,200 GB/min", Exact),
                ("160 GB/s", Wrong),
                ("20 Gbps", Wrong),
            ],
        ),
        (
            "86,400 seconds",
            &[],
            0.0,
            &[
                ("86400", Exact),
                ("86,400 s", Exact),
                ("86.4k", Exact),
                ("1440 minutes", Exact),
                ("86,401", Wrong),
                ("100,000", Wrong),
            ],
        ),
        (
            "1,024",
            &[],
            0.0,
            &[
                ("1024", Exact),
                ("1 024", Exact),
                ("2^10", Exact),
                ("1000", Wrong),
                ("1 KB", Wrong),
            ],
        ),
        (
            "25 billion",
            &[],
            0.0,
            &[
                ("25B", Exact),
                ("25 bn", Exact),
                ("25,000,000,000", Exact),
                ("2.5e10", Exact),
                ("25 million", Wrong),
                ("25", Wrong),
            ],
        ),
        (
            "11.6 QPS",
            &["10 QPS"],
            0.1,
            &[
                ("11.57", Exact),
                ("10", Exact),
                ("12", Close),
                ("1.16", Wrong),
                ("100", Wrong),
            ],
        ),
        (
            "Write-through",
            &[],
            0.0,
            &[
                ("write through", Exact),
                ("WRITE-THROUGH", Exact),
                ("writethrough", Exact),
                (" Write–through. ", Exact),
                ("wrte-through", Close),
                ("write-behind", Wrong),
                ("write", Wrong),
            ],
        ),
        (
            "Cache-aside (lazy loading)",
            &[],
            0.0,
            &[
                ("cache aside", Exact),
                ("Cache-aside (lazy loading)", Exact),
                ("cache asid", Close),
                ("read-through", Wrong),
            ],
        ),
        (
            "TCP",
            &[],
            0.0,
            &[
                ("tcp", Exact),
                ("the TCP", Exact),
                ("UDP", Wrong),
                ("42", Wrong),
            ],
        ),
        ("Café", &[], 0.0, &[("cafe", Exact), ("CAFÉ", Exact)]),
        (
            "Raft",
            &["Raft consensus"],
            0.0,
            &[("raft consensus", Exact), ("raf", Close), ("Paxos", Wrong)],
        ),
    ]
};

#[test]
fn typed_answers_accept_and_reject_as_in_the_table() {
    let mut failures = Vec::new();
    for &(expect, also, tolerance, answers) in CASES {
        let expected = typed(expect, also, tolerance);
        for &(given, want) in answers {
            let got = check_answer(&expected, given);
            if got.verdict != want {
                failures.push(format!(
                    "{expect:?} ±{tolerance}: {given:?} is {:?}, expected {want:?} ({})",
                    got.verdict, got.detail
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn verdicts_suggest_grades_and_explain_themselves() {
    let t = typed("52.6 minutes", &[], 0.05);
    let exact = check_answer(&t, "52.6 min");
    assert_eq!(exact.suggested_grade.number(), 3);
    assert_eq!(exact.detail, "right: 52.6 minutes");
    let close = check_answer(&t, "53 minutes");
    assert_eq!(close.suggested_grade.number(), 2);
    assert_eq!(
        close.detail,
        "close: 53 minutes is 0.8% off 52.6 minutes (within ±5.0%)"
    );
    let wrong = check_answer(&t, "52.6 MB");
    assert_eq!(wrong.suggested_grade.number(), 1);
    assert_eq!(
        wrong.detail,
        "the answer is a time (52.6 minutes), but “52.6 MB” is a data size"
    );
}

#[test]
fn every_typed_card_of_the_deck_accepts_its_own_answer() {
    let deck = bundled();
    for card in &deck.cards {
        if let Some(t) = typed_of(card) {
            for answer in std::iter::once(&t.expect).chain(&t.also) {
                assert_eq!(
                    check_answer(t, answer).verdict,
                    Verdict::Exact,
                    "{}",
                    card.id
                );
            }
            assert_eq!(check_answer(t, "banana").verdict, Verdict::Wrong);
        }
    }
}

// ---------------------------------------------------------------- widgets

mod widgets {
    use super::*;
    use archdeck::deck::Match;
    use archdeck::ui::cloze::cloze_ui;
    use archdeck::ui::typed::{TypedState, typed_answer_ui};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn submit(
        expected: &TypedAnswer,
        text: &str,
    ) -> (Harness<'static, (TypedState, Option<Match>)>, Match) {
        let expected = expected.clone();
        let mut harness = Harness::new_ui_state(
            move |ui, state: &mut (TypedState, Option<Match>)| {
                if let Some(m) = typed_answer_ui(ui, &expected, &mut state.0) {
                    state.1 = Some(m);
                }
            },
            (TypedState::default(), None),
        );
        harness.run();
        let field = harness.get_by_role(Role::TextInput);
        assert!(field.is_focused(), "the field takes the keys");
        field.type_text(text);
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
        let result = harness.state().1.clone().expect("Enter submits");
        (harness, result)
    }

    #[test]
    fn typed_answer_field_checks_on_enter_and_suggests_a_grade() {
        let expected = typed("52.6 minutes", &[], 0.05);
        let (harness, result) = submit(&expected, "53 min");
        assert_eq!(result.verdict, Verdict::Close);
        assert_eq!(harness.state().0.text, "53 min");
        harness.get_by_label_contains("You typed: 53 min");
        harness.get_by_label("Close");
        harness.get_by_label_contains("Suggested grade: Hard (2)");
        let (harness, result) = submit(&expected, "52.6 minutes");
        assert_eq!(result.verdict, Verdict::Exact);
        harness.get_by_label_contains("Suggested grade: Good (3)");
        let (harness, result) = submit(&expected, "5 minutes");
        assert_eq!(result.verdict, Verdict::Wrong);
        harness.get_by_label_contains("Suggested grade: Again (1)");
    }

    #[test]
    fn the_field_hints_at_the_unit() {
        let expected = typed("290,000 QPS", &[], 0.1);
        let mut harness = Harness::new_ui_state(
            move |ui, state: &mut TypedState| {
                typed_answer_ui(ui, &expected, state);
            },
            TypedState::default(),
        );
        harness.run();
        harness.get_by_label_contains("(in QPS)");
    }

    #[test]
    fn a_cloze_hides_its_cells_and_reveals_them_on_the_answer() {
        let deck = bundled();
        let card = deck
            .card("q2-availability-levels-cloze-r3-c2-3")
            .expect("cloze card")
            .clone();
        let cloze = |blocks: &[Block]| {
            blocks
                .iter()
                .find_map(|b| match b {
                    Block::Cloze(c) => Some(c.clone()),
                    _ => None,
                })
                .expect("cloze block")
        };
        let (question, answer) = (cloze(&card.front), cloze(&card.back));
        let mut harness = Harness::new_ui(move |ui| cloze_ui(ui, &question, true));
        harness.run();
        harness.get_by_label("99.99% (four 9s)");
        assert_eq!(harness.query_all_by_label("Hidden cell").count(), 2);
        assert!(harness.query_by_label("52.6 minutes").is_none());
        assert!(
            harness.query_by_label("8.76 hours").is_none(),
            "only the asked row"
        );
        let mut harness = Harness::new_ui(move |ui| cloze_ui(ui, &answer, true));
        harness.run();
        harness.get_by_label("52.6 minutes");
        harness.get_by_label("4.4 minutes");
        harness.get_by_label("8.76 hours");
        assert!(harness.query_by_label("Hidden cell").is_none());
    }
}
