//! Store speed: appending one review with fsync (target: median < 5 ms on
//! this machine), and opening a data folder holding a million reviews.
//!
//! Run: `cargo bench --bench store`. The temporary folders are created next
//! to the build (`target/`), on the same disk as a real data folder would
//! be, not on a RAM disk.

use std::path::PathBuf;

use archdeck::srs::synth::synthetic_history;
use archdeck::srs::{CardKey, EventKind, Grade, Moment};
use archdeck::store::{Progress, Store, StorePaths, encode_record, read_events};

fn main() {
    divan::main();
}

const NOW: Moment = Moment::new(1_767_600_000_000, 60);

fn temp_dir() -> tempfile::TempDir {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    tempfile::tempdir_in(base).expect("temp dir")
}

/// One review appended and fsynced; divan reports the median.
#[divan::bench(sample_count = 300, sample_size = 1)]
fn append_review_with_fsync(bencher: divan::Bencher) {
    let dir = temp_dir();
    let paths = StorePaths::new(dir.path().join("data"), dir.path().join("device-id"));
    let mut store = Store::open(&paths, NOW).expect("opens").store;
    let card = CardKey::new("bench", "card").expect("valid");
    let mut t = NOW;
    bencher.bench_local(|| {
        t = t.plus_ms(1_000);
        store
            .append(t, card.clone(), EventKind::review(Grade::Good, 4_000))
            .expect("appended")
    });
}

/// Writes a folder with 1,000,000 reviews in two device logs, as the store
/// writes them.
fn million_review_folder() -> (tempfile::TempDir, StorePaths) {
    let dir = temp_dir();
    let reviews = dir.path().join("data").join("reviews");
    std::fs::create_dir_all(&reviews).expect("mkdir");
    let events = synthetic_history("bench", 100_000, 10, NOW, 42);
    let mut files = std::collections::BTreeMap::<String, Vec<u8>>::new();
    for e in &events {
        let buf = files.entry(e.id.device.to_string()).or_default();
        buf.extend_from_slice(&encode_record(e).expect("encodes"));
    }
    for (device, bytes) in files {
        std::fs::write(reviews.join(format!("{device}.log")), bytes).expect("write");
    }
    let paths = StorePaths::new(dir.path().join("data"), dir.path().join("device-id"));
    (dir, paths)
}

/// Reading and parsing 1,000,000 records from disk (no replay).
#[divan::bench(sample_count = 5)]
fn read_1m_reviews_from_disk(bencher: divan::Bencher) {
    let (_dir, paths) = million_review_folder();
    bencher.bench(|| {
        let (events, warnings) = read_events(&paths.data_dir, NOW).expect("reads");
        assert!(warnings.is_empty());
        events
    });
}

/// Opening the app's progress on 1,000,000 reviews: read, parse, replay.
#[divan::bench(sample_count = 5)]
fn open_progress_1m_reviews(bencher: divan::Bencher) {
    let (_dir, paths) = million_review_folder();
    bencher.bench(|| Progress::open(&paths, NOW).expect("opens"));
}
