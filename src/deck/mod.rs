//! Decks: the card model, RON reading and writing, and validation with
//! positioned errors.

pub mod answer;
mod diagnostic;
mod error;
pub mod generate;
mod load;
mod model;
pub mod reveal;
pub mod spans;
pub mod synth;
mod validate;

pub use answer::{Grade, Match, Verdict, check_answer};
pub use diagnostic::Diagnostic;
pub use error::DeckError;
pub use generate::{Generator, Selection};
pub use load::{
    CappedReadError, MAX_DECK_BYTES, NotText, TextFileKind, deck_to_ron, load_deck,
    locate_problems, parse_deck, read_capped, read_text, read_text_of_kind, text_from_bytes,
    utf8_text,
};
pub use model::{
    Block, Card, Cloze, Code, Deck, Diagram, Image, Occlusion, Table, Target, TypedAnswer,
};
pub use validate::{Locus, Problem, Side, validate};
