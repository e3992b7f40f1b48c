//! The card kinds of the System Design deck in the study screen, driven
//! headless with `egui_kittest`: occlusion, path and connection cards drawn
//! on the real layout, table clozes, typed numbers and the step-by-step
//! rebuild of an overview diagram. Each is shown, answered and graded.

use archdeck::app::{AppState, CardRef, Screen};
use archdeck::deck::{Block, Card, Occlusion, Verdict};
use archdeck::interop::picture::Owner;
use archdeck::mermaid;
use archdeck::ui::diagram::{build_step, occlusion_emphasis, owner_of, prepared_on};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

mod common;

use common::App;

/// Opens the study screen on the first card whose id passes `pick`.
fn study(app: &mut App, pick: impl Fn(&str) -> bool) -> Card {
    app.key(Key::S);
    assert_eq!(app.s().screen, Screen::Study);
    let deck = &app.s().decks[0];
    let card = deck
        .deck
        .cards
        .iter()
        .position(|c| pick(&c.id))
        .expect("the deck has such a card");
    let found = deck.deck.cards[card].clone();
    let key = format!("{}/{}", deck.deck.id, found.id);
    let now = app.s().now();
    let state = app.h.state_mut();
    if let Some(p) = &state.progress {
        state
            .session
            .show(p.collection(), CardRef { deck: 0, card }, &key, now);
    }
    app.h.run();
    assert!(!app.s().session.answer_shown);
    found
}

fn occlusion_of(blocks: &[Block]) -> &Occlusion {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Occlusion(o) => Some(o),
            _ => None,
        })
        .expect("an occlusion block")
}

/// Every label the accessibility tree shows now.
fn all_labels(h: &Harness<'static, AppState>) -> String {
    h.query_all_by(|_| true)
        .filter_map(|n| n.accesskit_node().label())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_occlusion_card_marks_the_hidden_node_and_reveals_it_in_place() {
    let mut app = App::new();
    let card = study(&mut app, |id| {
        id.starts_with("q5-production-architecture-occlude-")
    });
    let question = occlusion_of(&card.front);
    let answer = occlusion_of(&card.back);
    assert!(!question.reveal && answer.reveal);

    // The question: the diagram drawn with the asked part marked, and the
    // hidden text nowhere on screen.
    app.h
        .get_by_label("Production System Architecture, the asked part marked ?");
    let chart = mermaid::parse(&answer.mermaid).expect("answer parses");
    let hidden = owner_of(&chart, &answer.hidden[0]).expect("hidden part exists");
    let Owner::Node(n) = hidden else {
        panic!("a node card hides a node: {hidden:?}");
    };
    let secret = chart.nodes[n].label.text();
    assert!(
        !all_labels(&app.h).contains(&secret),
        "{secret:?} shows on the question side"
    );

    // The question is drawn on the answer's layout: the boxes do not move.
    let ctx = app.h.ctx.clone();
    let q = prepared_on(&ctx, 1, || {
        Ok((
            mermaid::parse(&question.mermaid).map_err(|e| e.to_string())?,
            Some(chart.clone()),
        ))
    })
    .expect("question lays out");
    let a = prepared_on(&ctx, 2, || Ok((chart.clone(), None))).expect("answer lays out");
    assert_eq!(q.layout, a.layout);
    // The `?` box is in focus on the question, nothing is dimmed.
    let (em, marked) = occlusion_emphasis(&q.chart, question);
    assert_eq!(marked, [Owner::Node(n)]);
    assert!(em.focus.contains(&Owner::Node(n)));
    assert!(em.context.len() + 1 >= q.chart.nodes.len());

    // Space shows the answer, highlighted in place; 3 grades Good.
    app.key(Key::Space);
    assert!(app.s().session.answer_shown);
    app.h
        .get_by_label("Production System Architecture, the answer highlighted");
    assert!(
        app.h
            .query_by_label_contains("the asked part marked ?")
            .is_none(),
        "the answer replaces the question in place"
    );
    app.key(Key::Num3);
    assert_eq!(app.s().session.by_grade, [0, 0, 1, 0]);
    // A generated card's answer is kept like any other, under its id.
    let key = format!("{}/{}", app.s().decks[0].deck.id, card.id);
    let now = app.s().now();
    let App { h, dir } = app;
    drop(h);
    let (progress, _) = archdeck::store::Progress::open(&App::paths(&dir), now).expect("reopens");
    assert_eq!(progress.collection().history(&key).count(), 1, "{key}");
}

#[test]
fn a_path_card_highlights_the_path_on_the_answer() {
    let mut app = App::new();
    let card = study(&mut app, |id| id == "q2-redundancy-path-lb1-db-p");
    let question = occlusion_of(&card.front);
    let answer = occlusion_of(&card.back);
    app.h.get_by_label_contains("the asked part marked ?");
    app.key(Key::Space);
    app.h.get_by_label_contains("the answer highlighted");

    // The answer: the path's ends, middle and edges in focus, the rest
    // of the diagram dimmed.
    let chart = mermaid::parse(&answer.mermaid).expect("answer parses");
    let (em, _) = occlusion_emphasis(&chart, answer);
    let focus_nodes: Vec<&str> = em
        .focus
        .iter()
        .filter_map(|o| match o {
            Owner::Node(n) => Some(chart.nodes[*n].id.as_str()),
            _ => None,
        })
        .collect();
    assert!(focus_nodes.contains(&"LB1") && focus_nodes.contains(&"DB_P"));
    assert!(em.focus.iter().any(|o| matches!(o, Owner::Edge(_))));
    let dimmed = (0..chart.nodes.len())
        .filter(|&i| !em.focus.contains(&Owner::Node(i)) && !em.context.contains(&Owner::Node(i)))
        .count();
    assert!(dimmed > 0, "the rest of the diagram is dimmed");
    // The question marks the same middle parts as the answer reveals.
    assert_eq!(question.hidden.len(), answer.hidden.len());
    app.h.get_by_label_contains("Hard\n").click();
    app.h.run();
    assert_eq!(app.s().session.by_grade, [0, 1, 0, 0]);
}

#[test]
fn a_table_cloze_hides_the_cell_then_shows_it_highlighted() {
    let mut app = App::new();
    let card = study(&mut app, |id| id.contains("-cloze-"));
    let Some(Block::Cloze(question)) = card.front.iter().find(|b| matches!(b, Block::Cloze(_)))
    else {
        panic!("a cloze card has a cloze block");
    };
    let Some(Block::Cloze(answer)) = card.back.iter().find(|b| matches!(b, Block::Cloze(_))) else {
        panic!("a cloze answer has a cloze block");
    };
    let asked = &answer.rows[answer.row][answer.columns[0]];
    // The question shows the row with a `?` in place of the asked cell.
    assert_eq!(question.rows.len(), 1);
    assert_eq!(
        app.h.query_all_by_label("Hidden cell").count(),
        question.columns.len()
    );
    assert!(
        !all_labels(&app.h).lines().any(|l| l == asked),
        "{asked:?} shows on the question side"
    );
    app.h.get_by_label("Show answer").click();
    app.h.run();
    assert!(app.s().session.answer_shown);
    app.h.get_by_label(asked);
    assert_eq!(
        app.h.query_all_by_label("Hidden cell").count(),
        0,
        "the whole table replaces the question row in place"
    );
    app.key(Key::Num4);
    assert_eq!(app.s().session.by_grade, [0, 0, 0, 1]);
}

#[test]
fn a_close_typed_number_suggests_hard_and_another_grade_can_be_chosen() {
    let mut app = App::new();
    study(&mut app, |id| id == "q2-typed-downtime-9999");
    // 52.6 minutes; 55 is within the ±10 % tolerance but not exact.
    app.h.event(egui::Event::Text("55 minutes".into()));
    app.h.run();
    app.key(Key::Enter);
    assert!(app.s().session.answer_shown);
    let result = app.s().typed.result.clone().expect("checked");
    assert_eq!(result.verdict, Verdict::Close);
    app.h.get_by_label("Close");
    app.h.get_by_label_contains("Suggested grade:");
    // The user overrides the suggestion with Again.
    app.key(Key::Num1);
    assert_eq!(app.s().session.by_grade, [1, 0, 0, 0]);
}

#[test]
fn an_overview_diagram_is_rebuilt_step_by_step_with_the_arrow_keys() {
    let mut app = App::new();
    let card = study(&mut app, |id| id == "q5-overview");
    let Some(Block::Diagram(diagram)) = card.back.iter().find(|b| matches!(b, Block::Diagram(_)))
    else {
        panic!("q5's answer has a diagram");
    };
    app.key(Key::Space);
    assert!(app.s().session.answer_shown);
    let ctx = app.h.ctx.clone();
    assert_eq!(
        build_step(&ctx, &diagram.mermaid),
        None,
        "all shown at first"
    );
    app.h.get_by_label("Build it step by step");
    app.key(Key::ArrowRight);
    assert_eq!(build_step(&ctx, &diagram.mermaid), Some(0));
    app.h.get_by_label_contains("Step 1 of ");
    app.key(Key::ArrowRight);
    assert_eq!(build_step(&ctx, &diagram.mermaid), Some(1));
    app.h.get_by_label_contains("Step 2 of ");
    app.key(Key::ArrowLeft);
    assert_eq!(build_step(&ctx, &diagram.mermaid), Some(0));
    // "Show all" shows the whole diagram again.
    app.h.get_by_label("Show all").scroll_to_me();
    app.h.run();
    app.h.get_by_label("Show all").click();
    app.h.run();
    assert_eq!(build_step(&ctx, &diagram.mermaid), None);
    assert!(app.s().session.answer_shown, "stepping does not grade");
    assert_eq!(app.s().session.by_grade, [0, 0, 0, 0]);
}
