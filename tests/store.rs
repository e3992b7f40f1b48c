//! The progress store: merging devices, crash safety under SIGKILL, bad
//! files, two processes, backup and restore, and the `stats` command.
//! Every test uses temporary folders, never the real data folder.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use archdeck::srs::{CardKey, CardState, EventKind, Grade, MS_PER_DAY, MS_PER_HOUR, Moment};
use archdeck::store::{
    Progress, REVIEWS_DIR, Settings, Store, StoreError, StorePaths, Warning, export_backup,
    read_events, restore_backup,
};

const T0: Moment = Moment::new(1_767_600_000_000, 60);
const DECK: &str = "system-design-1";

struct Folder {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    local: PathBuf,
}

fn folder() -> Folder {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    let local = tmp.path().join("local");
    Folder {
        data,
        local,
        _tmp: tmp,
    }
}

impl Folder {
    /// Paths of device `name` of this folder (its own local device file).
    fn paths(&self, device: &str) -> StorePaths {
        StorePaths::new(&self.data, self.local.join(format!("{device}.id")))
    }

    fn open(&self, device: &str, now: Moment) -> (Progress, Vec<Warning>) {
        Progress::open(&self.paths(device), now).expect("opens")
    }

    fn reviews(&self) -> PathBuf {
        self.data.join(REVIEWS_DIR)
    }
}

fn key(card: &str) -> CardKey {
    CardKey::new(DECK, card).expect("valid")
}

fn ids() -> Vec<String> {
    (0..25).map(|i| format!("q{i}")).collect()
}

fn states(progress: &Progress) -> BTreeMap<String, CardState> {
    ids()
        .into_iter()
        .map(|id| {
            let s = progress.state(&key(&id));
            (id, s)
        })
        .collect()
}

/// Studies whatever the queue offers for `answers` answers.
fn study(progress: &mut Progress, mut now: Moment, answers: usize, seed: u64) -> Moment {
    let ids = ids();
    let mut x = seed | 1;
    for _ in 0..answers {
        let queue = progress.queue(DECK, ids.iter().map(String::as_str), now);
        let Some(card) = queue.first().cloned() else {
            break;
        };
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let grade = [
            Grade::Again,
            Grade::Hard,
            Grade::Good,
            Grade::Good,
            Grade::Easy,
        ][(x % 5) as usize];
        progress
            .grade(&card.key, grade, 4_000, now)
            .expect("stored");
        now = now.plus_ms(20_000);
    }
    now
}

fn copy_logs(from: &Folder, to: &Folder) {
    fs::create_dir_all(to.reviews()).expect("mkdir");
    for entry in fs::read_dir(from.reviews()).expect("list") {
        let path = entry.expect("entry").path();
        fs::copy(&path, to.reviews().join(path.file_name().expect("name"))).expect("copy");
    }
}

#[test]
fn two_devices_syncing_one_folder_reach_identical_state() {
    // Two machines, each with its own copy of the folder, studying on
    // alternate days; a sync tool copies the logs both ways in between.
    let laptop = folder();
    let phone = folder();
    let mut now = T0;
    for day in 0..12 {
        let (me, other, name) = if day % 2 == 0 {
            (&laptop, &phone, "laptop")
        } else {
            (&phone, &laptop, "phone")
        };
        let (mut progress, warnings) = me.open(name, now);
        assert!(warnings.is_empty(), "{warnings:?}");
        study(&mut progress, now, 30, day);
        drop(progress);
        copy_logs(me, other);
        now = now.plus_ms(MS_PER_DAY);
    }
    copy_logs(&laptop, &phone);
    copy_logs(&phone, &laptop);
    let (a, _) = laptop.open("laptop", now);
    let (b, _) = phone.open("phone", now);
    assert_eq!(states(&a), states(&b));
    let n = a.collection().events().len();
    assert!(n > 100, "{n} events");
    assert_eq!(fs::read_dir(laptop.reviews()).expect("list").count(), 2);
    // Interleaved studying really happened on both devices.
    assert!(states(&a).values().any(|s| s.reps > 3));
}

#[test]
fn undo_survives_a_restart_and_goes_several_levels_deep() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    let before = states(&p);
    let card = key("q0");
    p.grade(&card, Grade::Good, 3_000, T0).expect("stored");
    let after_one = states(&p);
    p.grade(&card, Grade::Good, 3_000, T0.plus_ms(600_000))
        .expect("stored");
    p.bury(&key("q1"), T0.plus_ms(700_000)).expect("stored");
    drop(p);
    let (mut p, _) = f.open("me", T0.plus_ms(800_000));
    let undone = p
        .undo(T0.plus_ms(800_000))
        .expect("stored")
        .expect("something");
    assert_eq!(undone.kind, EventKind::Bury);
    p.undo(T0.plus_ms(810_000)).expect("stored");
    assert_eq!(states(&p), after_one);
    drop(p);
    let (mut p, _) = f.open("me", T0.plus_ms(900_000));
    assert_eq!(states(&p), after_one);
    p.undo(T0.plus_ms(900_000)).expect("stored");
    assert_eq!(states(&p), before);
    assert!(p.undo(T0.plus_ms(900_000)).expect("ok").is_none());
}

#[test]
fn a_device_clock_going_back_never_reorders_its_log() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    let a = p.grade(&key("q0"), Grade::Good, 1, T0).expect("stored");
    let b = p
        .grade(&key("q0"), Grade::Good, 1, T0.plus_ms(-3_600_000))
        .expect("stored");
    assert!(b.at.unix_ms >= a.at.unix_ms);
    assert_eq!(b.id.seq, a.id.seq + 1);
}

#[test]
fn a_second_process_with_the_same_device_is_told_the_folder_is_in_use() {
    // OS file locks (flock) conflict between two open files even within one
    // process, so two `Store`s here behave as two processes would.
    let f = folder();
    let (mut first, _) = f.open("me", T0);
    let err = Progress::open(&f.paths("me"), T0).expect_err("locked");
    assert!(matches!(err, StoreError::InUse { .. }), "{err}");
    assert!(err.to_string().contains("in use"), "{err}");
    // The first one is unaffected.
    first
        .grade(&key("q0"), Grade::Good, 1, T0)
        .expect("still writes");
    drop(first);
    assert!(Progress::open(&f.paths("me"), T0).is_ok());
}

#[test]
fn two_processes_with_their_own_device_logs_write_safely_at_once() {
    let f = folder();
    let writers: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|name| {
            let paths = f.paths(name);
            std::thread::spawn(move || {
                let opened = Store::open(&paths, T0).expect("opens");
                let mut store = opened.store;
                for i in 0..200 {
                    store
                        .append(
                            T0.plus_ms(i),
                            key(&format!("q{}", i % 25)),
                            EventKind::review(Grade::Good, 1),
                        )
                        .expect("appended");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer finished");
    }
    let (events, warnings) = read_events(&f.data, T0).expect("reads");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(events.len(), 400);
    for name in ["left", "right"] {
        let id = fs::read_to_string(f.local.join(format!("{name}.id"))).expect("id");
        let mut seqs: Vec<u64> = events
            .iter()
            .filter(|e| e.id.device.as_str() == id.trim())
            .map(|e| e.id.seq)
            .collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=200).collect::<Vec<_>>());
    }
}

fn own_log(f: &Folder, device: &str) -> PathBuf {
    let id = fs::read_to_string(f.local.join(format!("{device}.id"))).expect("id");
    f.reviews().join(format!("{}.log", id.trim()))
}

#[test]
fn a_sync_tools_conflict_copy_of_a_log_counts_once() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    study(&mut p, T0, 20, 4);
    let expected = states(&p);
    let n = p.collection().events().len();
    drop(p);
    let log = own_log(&f, "me");
    // Syncthing and Dropbox name their conflict copies like this.
    let copy = f
        .reviews()
        .join("me.sync-conflict-20260105-101010-ABCDEFG.log");
    fs::copy(&log, &copy).expect("copy");
    let (p, warnings) = f.open("me", T0);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(p.collection().events().len(), n);
    assert_eq!(states(&p), expected);
    drop(p);
    // Two different records claiming one id are both kept, with a warning.
    let text = fs::read_to_string(&copy).expect("read");
    let first = text.lines().next().expect("a line");
    let altered = first.replace("\"ms\":4000", "\"ms\":4001");
    assert_ne!(altered, first);
    fs::write(&copy, format!("{altered}\n")).expect("write");
    let (p, warnings) = f.open("me", T0);
    assert!(
        matches!(warnings[..], [Warning::ConflictingId { .. }]),
        "{warnings:?}"
    );
    assert_eq!(p.collection().events().len(), n + 1);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/store")
        .join(name)
}

/// Pins the version-1 file formats: logs and settings written by this
/// version must stay readable by every later one.
#[test]
fn version_1_files_stay_readable() {
    let data = fixture("v1");
    let (settings, problem) = Settings::read(&data).expect("reads");
    assert_eq!(problem, None);
    assert!((settings.study.desired_retention - 0.85).abs() < 1e-6);
    assert_eq!(settings.study.limits(DECK).new_per_day, 5);
    assert_eq!(settings.study.rollover_hour, 3);
    assert_eq!(settings.theme, archdeck::store::Theme::Dark);
    let (events, warnings) = read_events(&data, T0).expect("reads");
    assert!(warnings.is_empty(), "{warnings:?}");
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "review",
            "review",
            "review",
            "undo",
            "bury",
            "suspend",
            "unsuspend",
            "reset",
            "review"
        ]
    );
    let scheduler = archdeck::srs::Scheduler::new(settings.study).expect("valid");
    let c = archdeck::srs::Collection::replay(scheduler, events);
    let state = |card: &str| c.state_or_new(key(card).as_str());
    assert_eq!(
        state("q1-overview").phase,
        archdeck::srs::Phase::New,
        "reset"
    );
    assert_eq!(
        state("q2-availability"),
        CardState::new(),
        "its only answer was undone"
    );
    assert!(state("q3-latency").buried_on.is_some());
    assert!(!state("q4-cap").suspended);
    assert_eq!(
        state("q5-sharding").phase,
        archdeck::srs::Phase::Review,
        "easy graduates"
    );
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning_and_repaired() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    p.grade(&key("q0"), Grade::Good, 1, T0).expect("stored");
    p.grade(&key("q1"), Grade::Good, 1, T0).expect("stored");
    drop(p);
    let log = own_log(&f, "me");
    let whole = fs::read(&log).expect("read");
    // A crash mid-append: half a record at the end.
    let mut torn = whole.clone();
    torn.extend_from_slice(br#"{"v":1,"dev":"x","seq":3,"t":17676"#);
    fs::write(&log, &torn).expect("write");
    // Other readers (stats) see it and leave it alone.
    let (events, warnings) = read_events(&f.data, T0).expect("reads");
    assert_eq!(events.len(), 2);
    assert!(
        matches!(warnings[..], [Warning::TornLine { line: 3, .. }]),
        "{warnings:?}"
    );
    assert_eq!(fs::read(&log).expect("read"), torn);
    // The owner cuts it on open, and the next append is a clean line.
    let (mut p, warnings) = f.open("me", T0);
    assert!(
        matches!(warnings[..], [Warning::TornLine { .. }]),
        "{warnings:?}"
    );
    p.grade(&key("q2"), Grade::Good, 1, T0).expect("stored");
    drop(p);
    let (p, warnings) = f.open("me", T0);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(p.collection().events().len(), 3);
}

#[test]
fn a_foreign_file_in_the_reviews_folder_is_moved_aside_and_reported() {
    let f = folder();
    let (p, _) = f.open("me", T0);
    drop(p);
    let foreign = f.reviews().join("notes.log");
    fs::write(&foreign, "shopping list\nmilk\n").expect("write");
    let (_p, warnings) = f.open("me", T0);
    let [Warning::MovedAside { path, backup, .. }] = &warnings[..] else {
        panic!("{warnings:?}")
    };
    assert_eq!(path, &foreign);
    assert!(!foreign.exists());
    assert_eq!(
        fs::read_to_string(backup).expect("kept"),
        "shopping list\nmilk\n"
    );
    assert!(
        backup
            .to_string_lossy()
            .contains("notes.log.unreadable-2026"),
        "{}",
        backup.display()
    );
    assert!(warnings[0].to_string().contains("moved aside to"));
}

#[test]
fn this_devices_own_log_if_unreadable_is_kept_aside_and_restarted() {
    let f = folder();
    let (p, _) = f.open("me", T0);
    drop(p);
    let log = own_log(&f, "me");
    let garbage = b"\x89PNG\r\n\x1a\n\x00\x00binary\n".to_vec();
    fs::write(&log, &garbage).expect("write");
    let (mut p, warnings) = f.open("me", T0);
    let [Warning::MovedAside { backup, .. }] = &warnings[..] else {
        panic!("{warnings:?}")
    };
    assert_eq!(fs::read(backup).expect("kept"), garbage);
    p.grade(&key("q0"), Grade::Good, 1, T0).expect("stored");
    drop(p);
    let (p, warnings) = f.open("me", T0);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(p.collection().events().len(), 1);
}

#[test]
fn a_log_from_a_newer_version_is_refused_and_never_rewritten() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    p.grade(&key("q0"), Grade::Good, 1, T0).expect("stored");
    drop(p);
    let newer = f.reviews().join("future.log");
    let text = "{\"v\":2,\"dev\":\"future\",\"seq\":1,\"hologram\":true}\n";
    fs::write(&newer, text).expect("write");
    let err = Progress::open(&f.paths("me"), T0).expect_err("refused");
    let message = err.to_string();
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{message}");
    assert!(
        message.contains("newer archdeck") && message.contains("future.log"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(&newer).expect("read"), text);
    // Our own log was not touched either.
    assert_eq!(read_own_lines(&f), 1);
}

fn read_own_lines(f: &Folder) -> usize {
    fs::read_to_string(own_log(f, "me"))
        .expect("read")
        .lines()
        .count()
}

#[test]
fn corrupt_settings_are_kept_aside_and_defaults_used_with_a_warning() {
    let f = folder();
    fs::create_dir_all(&f.data).expect("mkdir");
    fs::write(
        Settings::path(&f.data),
        "Settings(study: (desired_retention: 0.5))",
    )
    .expect("w");
    let (p, warnings) = f.open("me", T0);
    assert_eq!(p.settings(), &Settings::default());
    let [Warning::SettingsReset { backup, reason }] = &warnings[..] else {
        panic!("{warnings:?}")
    };
    assert!(reason.contains("desired_retention"), "{reason}");
    assert!(backup.exists());
}

#[test]
fn settings_changes_are_saved_and_rescheduled() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    study(&mut p, T0, 40, 3);
    let mut s = p.settings().clone();
    s.study.desired_retention = 0.8;
    s.study.learning_steps_minutes = vec![5.0];
    p.set_settings(s.clone()).expect("saved");
    let rescheduled = states(&p);
    drop(p);
    let (p, _) = f.open("me", T0);
    assert_eq!(p.settings(), &s);
    assert_eq!(states(&p), rescheduled);
    let mut bad = s;
    bad.ui_scale = 0.0;
    let mut p = p;
    assert!(matches!(
        p.set_settings(bad),
        Err(StoreError::InvalidSettings { .. })
    ));
}

#[test]
fn backup_and_restore_carry_all_progress_and_never_duplicate() {
    let source = folder();
    let (mut p, _) = source.open("me", T0);
    let now = study(&mut p, T0, 60, 9);
    let mut s = p.settings().clone();
    s.study.desired_retention = 0.93;
    p.set_settings(s).expect("saved");
    let expected = states(&p);
    drop(p);
    fs::create_dir_all(source.data.join("decks")).expect("mkdir");
    fs::write(
        source.data.join("decks/mine.ron"),
        "Deck(id: \"mine\", title: \"M\", cards: [])",
    )
    .expect("write");
    let backup = source.data.parent().expect("tmp").join("backup.zip");
    let summary = export_backup(&source.data, &backup, now).expect("exported");
    assert_eq!(
        (summary.logs, summary.decks, summary.settings),
        (1, 1, true)
    );

    let target = folder();
    let restored = restore_backup(&target.data, &backup, now).expect("restored");
    assert_eq!(restored.records_added, summary.records);
    assert!(restored.settings_restored && restored.decks_added.len() == 1);
    let (p, warnings) = target.open("other", now);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(states(&p), expected);
    assert!((p.settings().study.desired_retention - 0.93).abs() < 1e-6);
    drop(p);
    // Restoring again, or into the original, adds nothing.
    assert_eq!(
        restore_backup(&target.data, &backup, now)
            .expect("ok")
            .records_added,
        0
    );
    assert_eq!(
        restore_backup(&source.data, &backup, now)
            .expect("ok")
            .records_added,
        0
    );
    let (p, _) = source.open("me", now);
    assert_eq!(states(&p), expected);
}

#[test]
fn a_damaged_backup_changes_nothing() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    study(&mut p, T0, 10, 1);
    drop(p);
    let before = fs::read(own_log(&f, "me")).expect("read");
    let bad = f.data.join("not-a-backup.zip");
    fs::write(&bad, b"PK\x03\x04 this is not really a zip").expect("write");
    let err = restore_backup(&f.data, &bad, T0).expect_err("refused");
    assert!(err.to_string().contains("not an archdeck backup"), "{err}");
    assert_eq!(fs::read(own_log(&f, "me")).expect("read"), before);
}

#[test]
fn the_stats_command_prints_due_new_learning_today_and_retention() {
    let f = folder();
    let (mut p, _) = f.open("me", T0);
    let keys: Vec<String> = archdeck::deck::parse_deck(
        archdeck::bundled::BUNDLED_DECKS[0].text,
        Path::new("bundled"),
    )
    .expect("bundled deck")
    .cards
    .iter()
    .map(|c| c.id.clone())
    .collect();
    for id in keys.iter().take(3) {
        p.grade(&key(id), Grade::Good, 1, T0).expect("stored");
    }
    drop(p);
    let out = Command::new(env!("CARGO_BIN_EXE_archdeck"))
        .arg("stats")
        .env("ARCHDECK_DATA_DIR", &f.data)
        .env("ARCHDECK_DEVICE_FILE", f.local.join("cli.id"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("retention"), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with(DECK))
        .unwrap_or_else(|| panic!("no row for the deck:\n{stdout}"));
    let cols: Vec<&str> = row.split_whitespace().collect();
    // deck, due, new, learning, reviews today, retention
    assert_eq!(cols[3], "3", "three cards in learning: {row}");
    // Stats reads only: it made no device id and no log.
    assert!(!f.local.join("cli.id").exists());
}

#[test]
fn appends_before_a_crash_are_found_after_reopening_without_a_clean_shutdown() {
    // Dropping nothing: the Store is leaked as if the process died.
    let f = folder();
    let opened = Store::open(&f.paths("me"), T0).expect("opens");
    let mut store = opened.store;
    for i in 0..10 {
        store
            .append(T0.plus_ms(i), key("q0"), EventKind::review(Grade::Good, 1))
            .expect("appended");
    }
    std::mem::forget(store);
    let (events, warnings) = read_events(&f.data, T0).expect("reads");
    assert_eq!(events.len(), 10);
    assert!(warnings.is_empty());
}

// --- SIGKILL crash test -------------------------------------------------

const CRASH_DIR: &str = "ARCHDECK_CRASH_TEST_DIR";
const CRASH_TOTAL: &str = "ARCHDECK_CRASH_TEST_TOTAL";

/// The writer half of `crash_test_sigkill`: appends reviews and prints
/// `ack <n>` after each append returned (fsynced). Run only by that test.
#[test]
#[ignore = "child process of crash_test_sigkill_loses_no_acknowledged_review"]
fn crash_writer() {
    let dir = PathBuf::from(std::env::var_os(CRASH_DIR).expect("run by the crash test"));
    let total: u64 = std::env::var(CRASH_TOTAL)
        .expect("run by the crash test")
        .parse()
        .expect("a number");
    let paths = StorePaths::new(dir.join("data"), dir.join("device-id"));
    let opened = Store::open(&paths, T0).expect("opens");
    for w in &opened.warnings {
        println!("warning {w}");
    }
    let mut store = opened.store;
    let mut n = opened.events.len() as u64;
    while n < total {
        let card = key(&format!("q{}", n % 25));
        let grade = Grade::from_number((n % 4) as u8 + 1).expect("1..=4");
        store
            .append(
                T0.plus_ms(n as i64 * 1_000),
                card,
                EventKind::review(grade, n as u32),
            )
            .expect("appended");
        println!("ack {n}");
        n += 1;
    }
}

#[cfg(unix)]
#[test]
fn crash_test_sigkill_loses_no_acknowledged_review() {
    const TOTAL: u64 = 1_200;
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut acked: Vec<u64> = Vec::new();
    let mut kills = 0usize;
    let mut torn_recovered = 0usize;
    let mut injected = 0usize;
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut finished = false;
    for _run in 0..2_000 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Kill after 0 to 39 acknowledgements; 0 lands during start-up and
        // crash recovery.
        let kill_after = (rng % 40) as usize;
        // Now and then, a power cut's leftovers: half a record or zeros at
        // the end of the log (never acknowledged, never a whole record).
        if (rng >> 20) % 4 == 1
            && let Ok(id) = fs::read_to_string(tmp.path().join("device-id"))
        {
            let log = tmp
                .path()
                .join("data/reviews")
                .join(format!("{}.log", id.trim()));
            let line = br#"{"v":1,"dev":"x","seq":9,"t":1,"card":"a/b","ev":"review","grade":3}"#;
            let r = (rng >> 32) as usize;
            let tail: Vec<u8> = if r.is_multiple_of(3) {
                vec![0; 1 + r % 100]
            } else {
                line[..(r % (line.len() - 1)).max(1)].to_vec()
            };
            let mut file = fs::OpenOptions::new()
                .append(true)
                .open(&log)
                .expect("log exists");
            std::io::Write::write_all(&mut file, &tail).expect("write");
            injected += 1;
        }
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "crash_writer",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CRASH_DIR, tmp.path())
            .env(CRASH_TOTAL, TOTAL.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns the writer");
        let stdout = child.stdout.take().expect("piped");
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = 0usize;
        let mut killed = false;
        if kill_after == 0 {
            child.kill().expect("SIGKILL");
            killed = true;
        }
        // Acks printed before the kill are still in the pipe: read to EOF.
        for line in lines.by_ref() {
            let line = line.expect("utf-8");
            // libtest prints "test crash_writer ... " without a newline
            // first, so an ack may share a line with it.
            if let Some((_, n)) = line.rsplit_once("ack ") {
                acked.push(n.parse().expect("number"));
                seen += 1;
                if !killed && seen >= kill_after {
                    child.kill().expect("SIGKILL");
                    killed = true;
                }
            } else if line.contains("warning ") && line.contains("incomplete last line") {
                torn_recovered += 1;
            }
        }
        let status = child.wait().expect("reaped");
        if status.success() {
            finished = true;
            break;
        }
        assert!(killed, "the writer failed by itself: {status}");
        kills += 1;
    }
    assert!(finished, "the writer never completed");
    // Reopen as the app would.
    let paths = StorePaths::new(tmp.path().join("data"), tmp.path().join("device-id"));
    let opened = Store::open(&paths, T0).expect("reopens");
    for w in &opened.warnings {
        assert!(
            matches!(w, Warning::TornLine { .. }),
            "only a torn tail is tolerated: {w}"
        );
    }
    let events = opened.events;
    let mut by_n = BTreeMap::new();
    for e in &events {
        let n = u64::from(e.review().expect("reviews only").answer_ms);
        assert!(
            by_n.insert(n, e.clone()).is_none(),
            "review {n} stored twice"
        );
    }
    let lost: Vec<u64> = acked
        .iter()
        .copied()
        .filter(|n| !by_n.contains_key(n))
        .collect();
    // Each record holds exactly what was written.
    for (n, e) in &by_n {
        assert_eq!(e.card, key(&format!("q{}", n % 25)));
        assert_eq!(e.at.unix_ms, T0.unix_ms + *n as i64 * 1_000);
        assert_eq!(e.id.seq, n + 1, "sequence numbers stay contiguous");
    }
    eprintln!(
        "crash test: {} reviews written, {} acknowledged, {kills} SIGKILLs, {torn_recovered} torn tails recovered ({injected} injected), {} acknowledged reviews lost",
        by_n.len(),
        acked.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert!(
        injected > 0 && torn_recovered >= injected,
        "{torn_recovered} of {injected}"
    );
    assert_eq!(by_n.len() as u64, TOTAL);
    assert!(kills >= 20, "only {kills} kills");
    // Written but never acknowledged: at most the one in flight per kill.
    let acked_count = acked.len();
    acked.sort_unstable();
    acked.dedup();
    assert_eq!(acked.len(), acked_count, "each review acknowledged once");
    assert!(by_n.len() - acked.len() <= kills);
}

/// The same with a real second process: while a writer process has the
/// folder open, opening it with the same device id says it is in use; with
/// its own device id it works, and neither loses a review.
#[cfg(unix)]
#[test]
fn a_real_second_process_is_refused_or_writes_its_own_log() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "crash_writer",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CRASH_DIR, tmp.path())
        .env(CRASH_TOTAL, "100000")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns the writer");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    // Wait until the writer has the store open and has written.
    let mut acked = 0;
    for line in lines.by_ref() {
        if line.expect("utf-8").contains("ack ") {
            acked += 1;
            if acked == 3 {
                break;
            }
        }
    }
    let data = tmp.path().join("data");
    let same = StorePaths::new(&data, tmp.path().join("device-id"));
    let err = Progress::open(&same, T0).expect_err("in use");
    assert!(matches!(err, StoreError::InUse { .. }), "{err}");
    let other = StorePaths::new(&data, tmp.path().join("other-device-id"));
    let (mut second, _) = Progress::open(&other, T0).expect("own log");
    for i in 0..20 {
        second
            .grade(&key("q1"), Grade::Good, 1, T0.plus_ms(i))
            .expect("stored");
    }
    drop(second);
    child.kill().expect("SIGKILL");
    let mut last = 0u64;
    for line in lines {
        if let Some((_, n)) = line.expect("utf-8").rsplit_once("ack ") {
            last = n.parse().expect("number");
        }
    }
    child.wait().expect("reaped");
    let (events, warnings) = read_events(&data, T0).expect("reads");
    assert!(
        warnings
            .iter()
            .all(|w| matches!(w, Warning::TornLine { .. })),
        "{warnings:?}"
    );
    let other_id = fs::read_to_string(tmp.path().join("other-device-id")).expect("id");
    let mine = events
        .iter()
        .filter(|e| e.id.device.as_str() == other_id.trim())
        .count();
    assert_eq!(mine, 20);
    // Every review the writer acknowledged is there.
    assert!(
        events.len() as u64 >= last + 1 + 20,
        "{} events, last ack {last}",
        events.len()
    );
}

#[test]
fn each_appended_review_waits_for_the_disk() {
    // Not a timing test: checks the append path leaves no buffered bytes
    // behind by reading the file from another handle right after append.
    let f = folder();
    let opened = Store::open(&f.paths("me"), T0).expect("opens");
    let mut store = opened.store;
    for i in 0..5 {
        store
            .append(T0.plus_ms(i * MS_PER_HOUR), key("q0"), EventKind::Suspend)
            .expect("appended");
        let text = fs::read_to_string(store.log_path()).expect("read");
        assert_eq!(text.lines().count() as i64, i + 1);
        assert!(text.ends_with('\n'));
    }
}
