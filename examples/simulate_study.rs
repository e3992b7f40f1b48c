//! Fills a data folder with simulated study of the bundled decks, so the
//! statistics screen has something to show (screenshots, demos).
//!
//! `cargo run --release --example simulate_study -- FOLDER [DAYS]`
//!
//! Each simulated day studies every due card and 20 new ones,
//! answering like a learner who remembers about 88 % of reviews. The folder
//! is then opened with `ARCHDECK_DATA_DIR=FOLDER archdeck`.

use std::path::PathBuf;
use std::process::ExitCode;

use archdeck::bundled::BUNDLED_DECKS;
use archdeck::srs::{Grade, MS_PER_DAY, Moment};
use archdeck::store::{Progress, StorePaths};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next().map(PathBuf::from) else {
        eprintln!("usage: simulate_study FOLDER [DAYS]");
        return ExitCode::FAILURE;
    };
    let days: i64 = args.next().and_then(|d| d.parse().ok()).unwrap_or(60);
    match run(&folder, days) {
        Ok(answers) => {
            println!("{answers} answers over {days} days");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(folder: &std::path::Path, days: i64) -> Result<usize, Box<dyn std::error::Error>> {
    let decks: Vec<_> = BUNDLED_DECKS
        .iter()
        .map(|b| archdeck::deck::parse_deck(b.text, std::path::Path::new(b.path)))
        .collect::<Result<_, _>>()?;
    let paths = StorePaths::new(folder, folder.join("device-id"));
    // Start `days` days ago and end yesterday, so today has work left.
    let end_ms = chrono::Utc::now().timestamp_millis() - MS_PER_DAY;
    let mut now = Moment::new(end_ms - days * MS_PER_DAY, 0);
    let (mut progress, _) = Progress::open(&paths, now)?;
    let mut answers = 0usize;
    let mut seed = 0x9e37_79b9_u64;
    for _ in 0..days {
        let start = now;
        for deck in &decks {
            let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
            for _ in 0..2000 {
                let queue = progress.queue(&deck.id, ids.iter().copied(), now);
                let Some(card) = queue.first() else { break };
                let key = card.key.clone();
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let roll = seed % 100;
                let grade = match roll {
                    0..=11 => Grade::Again,
                    12..=19 => Grade::Hard,
                    20..=91 => Grade::Good,
                    _ => Grade::Easy,
                };
                let answer_ms = 3_000 + (seed % 9_000) as u32;
                progress.grade(&key, grade, answer_ms, now)?;
                answers += 1;
                now = now.plus_ms(i64::from(answer_ms) + 2_000);
            }
        }
        // Skip now and then, as people do.
        let skip = if seed.is_multiple_of(7) { 2 } else { 1 };
        now = Moment::new(start.unix_ms + skip * MS_PER_DAY, 0);
        if now.unix_ms > end_ms {
            break;
        }
    }
    Ok(answers)
}
