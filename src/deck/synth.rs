//! Generated decks for benchmarks and scale tests.

use super::model::{Block, Card, Code, Deck, Diagram, Table};

/// Vocabulary of generated text.
const WORDS: &[&str] = &[
    "cache",
    "shard",
    "replica",
    "quorum",
    "latency",
    "throughput",
    "queue",
    "leader",
    "partition",
    "index",
    "gateway",
    "token",
    "bucket",
    "stream",
    "consensus",
    "failover",
];

/// A deterministic deck of `cards` cards that looks like a real one: text on
/// every card, a table on every 10th, a diagram on every 25th, code on every 40th.
pub fn synthetic_deck(cards: usize, seed: u64) -> Deck {
    let mut rng = seed | 1;
    let mut next = move || {
        // xorshift64: deterministic and dependency-free.
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut sentence = |n: usize| {
        (0..n)
            .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cards = (0..cards)
        .map(|i| {
            let mut back = vec![Block::Text(format!(
                "**{}** means {}.\n- {}\n- {}",
                sentence(2),
                sentence(12),
                sentence(6),
                sentence(6)
            ))];
            if i % 10 == 0 {
                back.push(Block::Table(Table {
                    id: String::new(),
                    title: sentence(3),
                    header: vec!["Aspect".into(), "Option A".into(), "Option B".into()],
                    rows: (0..4)
                        .map(|_| vec![sentence(1), sentence(4), sentence(4)])
                        .collect(),
                }));
            }
            if i % 25 == 0 {
                back.push(Block::Diagram(Diagram {
                    id: format!("d{i}"),
                    title: sentence(2),
                    mermaid: format!(
                        "graph TD\n  A[\"{}\"] --> B[\"{}\"]\n  B --> C[\"{}\"]\n  A -->|\"{}\"| C\n",
                        sentence(2),
                        sentence(2),
                        sentence(2),
                        sentence(1)
                    ),
                }));
            }
            if i % 40 == 0 {
                back.push(Block::Code(Code {
                    lang: "text".into(),
                    code: format!("QPS = {} / 86,400\n    = {}", i * 1000, i * 1000 / 86_400),
                }));
            }
            Card {
                id: format!("card-{i:06}"),
                tags: vec![WORDS[i % WORDS.len()].to_owned(), "synthetic".to_owned()],
                source: format!("Q{}", i % 10 + 1),
                front: vec![Block::Text(format!("What is {}?", sentence(3)))],
                back,
                generated: false,
            }
        })
        .collect();
    Deck {
        id: format!("synthetic-{seed}"),
        title: "Synthetic deck".to_owned(),
        version: 1,
        description: "Generated for benchmarks.".to_owned(),
        cards,
        generate: Vec::new(),
    }
}
