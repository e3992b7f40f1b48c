//! The review logs: one append-only file per device, merged by union.
//!
//! ```text
//! <data>/reviews/<device-id>.log   one JSON record a line (see `record`)
//! ```
//!
//! Each device appends only to its own log (locked with an OS file lock while
//! open), so any file-sync tool merges devices without conflicts. Reading
//! takes the union of every `*.log` file in `reviews/`.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::aside::{aside_path, move_aside};
use super::atomic::sync_dir;
use super::device::load_or_create_device;
use super::error::{StoreError, Warning};
use super::log::{ParsedLog, parse_log};
use super::paths::StorePaths;
use super::record::{Interner, encode};
use crate::srs::{CardKey, DeviceId, Event, EventId, EventKind, Moment};

/// Folder of the review logs inside the data directory.
pub const REVIEWS_DIR: &str = "reviews";
/// Extension of review logs.
pub const LOG_EXTENSION: &str = "log";

/// This device's review log, open for appending.
#[derive(Debug)]
pub struct Store {
    data_dir: PathBuf,
    device: DeviceId,
    log_path: PathBuf,
    log: File,
    /// Bytes of the log known to hold whole records.
    good_len: u64,
    /// A write failed part-way: cut the log back to `good_len` first.
    dirty: bool,
    next_seq: u64,
    last_ms: i64,
    /// Held (OS-locked) while the store is open: one process per device id.
    _lock: File,
}

/// A store just opened, with the merged history and anything the user should
/// be told.
#[derive(Debug)]
pub struct Opened {
    /// The store, ready to append.
    pub store: Store,
    /// Every device's events (union of the logs, duplicates removed).
    pub events: Vec<Event>,
    /// Torn lines skipped, files moved aside, and the like.
    pub warnings: Vec<Warning>,
}

/// Whether reading may fix things (move foreign files aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    ReadOnly,
    Repair,
}

impl Store {
    /// Opens the data folder for this device: reads every log, recovers this
    /// device's log after a crash (cuts an incomplete last line), moves
    /// foreign files aside, and holds an OS lock on the device id (in its
    /// machine-local folder) so no other process writes as this device.
    ///
    /// A second process on the same folder with the same device id gets
    /// [`StoreError::InUse`]; a log of a newer format gives
    /// [`StoreError::NewerVersion`] and nothing is changed.
    pub fn open(paths: &StorePaths, now: Moment) -> Result<Opened, StoreError> {
        let reviews = paths.data_dir.join(REVIEWS_DIR);
        fs::create_dir_all(&reviews)
            .map_err(|e| StoreError::io("create the reviews folder", &reviews, e))?;
        let mut warnings = Vec::new();
        // The lock sits next to the machine-local device id, not on the log:
        // on Windows a locked file cannot be read by others, and sync tools
        // and `archdeck stats` must read the log while the app runs.
        let lock_path = lock_path(&paths.device_file);
        if let Some(dir) = lock_path.parent() {
            fs::create_dir_all(dir)
                .map_err(|e| StoreError::io("create the folder of", &lock_path, e))?;
        }
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| StoreError::io("open the lock file", &lock_path, e))?;
        match try_lock_patiently(&lock) {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    path: paths.data_dir.clone(),
                });
            }
            Err(TryLockError::Error(e)) => warnings.push(Warning::NotLocked {
                path: lock_path.clone(),
                reason: e.to_string(),
            }),
        }
        let (device, warning) = load_or_create_device(&paths.device_file, now)?;
        warnings.extend(warning);
        let log_path = reviews.join(format!("{device}.{LOG_EXTENSION}"));
        let existed = log_path.exists();
        let log = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&log_path)
            .map_err(|e| StoreError::io("open the review log", &log_path, e))?;
        if !existed {
            sync_dir(&reviews).map_err(|e| StoreError::io("create", &log_path, e))?;
        }
        let read = read_logs(&paths.data_dir, Some(&log_path), Mode::Repair, now)?;
        warnings.extend(read.warnings);
        let events = read.events;
        let own = read.own.unwrap_or_default();
        if own.foreign.is_some() || (own.torn_tail && own.tail_is_garbage) {
            // Ours, and locked: keep a copy aside, then cut what is not ours.
            let backup = aside_path(&log_path, "unreadable", now);
            fs::copy(&log_path, &backup)
                .and_then(|_| File::open(&backup)?.sync_all())
                .map_err(|e| StoreError::io("keep a copy of the unreadable log", &backup, e))?;
            let keep = if own.foreign.is_some() {
                0
            } else {
                own.complete_len
            };
            truncate(&log, keep)
                .map_err(|e| StoreError::io("repair the review log", &log_path, e))?;
            warnings.push(Warning::MovedAside {
                path: log_path.clone(),
                backup,
                reason: own
                    .foreign
                    .clone()
                    .unwrap_or_else(|| "its last line is not a record".to_owned()),
            });
        } else if own.torn_tail {
            // An append that never returned: nobody was told it was saved.
            truncate(&log, own.complete_len)
                .map_err(|e| StoreError::io("cut the incomplete last line of", &log_path, e))?;
        } else if own.missing_newline {
            (&log)
                .write_all(b"\n")
                .and_then(|()| log.sync_data())
                .map_err(|e| StoreError::io("end the last line of", &log_path, e))?;
        }
        let good_len = log
            .metadata()
            .map_err(|e| StoreError::io("read the size of", &log_path, e))?
            .len();
        let mine = events.iter().filter(|e| e.id.device == device);
        let (max_seq, max_ms) = mine.fold((0, i64::MIN), |(s, t), e| {
            (s.max(e.id.seq), t.max(e.at.unix_ms))
        });
        Ok(Opened {
            store: Store {
                data_dir: paths.data_dir.clone(),
                device,
                log_path,
                log,
                good_len,
                dirty: false,
                next_seq: max_seq + 1,
                last_ms: max_ms,
                _lock: lock,
            },
            events,
            warnings,
        })
    }

    /// This device's id.
    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// This device's log.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Appends one event and waits until it is on disk (fsync). Only when
    /// this returns `Ok` may the UI move on: the event then survives a crash
    /// or power cut. A device's events never go back in time: if the clock
    /// was set back, the event takes the time of the previous one.
    pub fn append(
        &mut self,
        at: Moment,
        card: CardKey,
        kind: EventKind,
    ) -> Result<Event, StoreError> {
        let at = Moment::new(at.unix_ms.max(self.last_ms), at.utc_offset_minutes);
        let event = Event {
            id: EventId {
                device: self.device.clone(),
                seq: self.next_seq,
            },
            at,
            card,
            kind,
        };
        let line = encode(&event).map_err(|e| {
            StoreError::io("encode a review for", &self.log_path, io::Error::other(e))
        })?;
        if self.dirty {
            truncate(&self.log, self.good_len)
                .map_err(|e| StoreError::io("repair after a failed write", &self.log_path, e))?;
            self.dirty = false;
        }
        self.dirty = true;
        (&self.log)
            .write_all(&line)
            .and_then(|()| self.log.sync_data())
            .map_err(|e| StoreError::io("append a review to", &self.log_path, e))?;
        self.dirty = false;
        self.good_len += line.len() as u64;
        self.next_seq += 1;
        self.last_ms = at.unix_ms;
        Ok(event)
    }
}

/// Takes the lock, retrying for about half a second: a process that just
/// closed the store, or a child process between fork and exec, may hold it
/// for a moment; another archdeck window holds it for good.
fn try_lock_patiently(lock: &File) -> Result<(), TryLockError> {
    for _ in 0..25 {
        match lock.try_lock() {
            Err(TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
    lock.try_lock()
}

/// The lock file of a device-id file: `device-id.lock` next to it.
fn lock_path(device_file: &Path) -> PathBuf {
    let mut name = device_file
        .file_name()
        .map_or_else(|| "device-id".into(), std::ffi::OsStr::to_os_string);
    name.push(".lock");
    device_file.with_file_name(name)
}

fn truncate(file: &File, len: u64) -> io::Result<()> {
    file.set_len(len)?;
    file.sync_all()
}

/// Reads every device's events from `data_dir` without changing anything
/// (for `archdeck stats`, backups, and other readers while the app runs).
pub fn read_events(data_dir: &Path, now: Moment) -> Result<(Vec<Event>, Vec<Warning>), StoreError> {
    let read = read_logs(data_dir, None, Mode::ReadOnly, now)?;
    Ok((read.events, read.warnings))
}

/// Every log of a data folder, read.
pub(crate) struct ReadLogs {
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
    /// The parse of this device's log (its events are in `events` too).
    pub own: Option<ParsedLog>,
}

/// The review logs in `data_dir/reviews`, sorted by name.
pub(crate) fn log_files(data_dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let dir = data_dir.join(REVIEWS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io("list the review logs in", dir, e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io("list the review logs in", &dir, e))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == LOG_EXTENSION) && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

fn read_logs(
    data_dir: &Path,
    own: Option<&Path>,
    mode: Mode,
    now: Moment,
) -> Result<ReadLogs, StoreError> {
    let mut out = ReadLogs {
        events: Vec::new(),
        warnings: Vec::new(),
        own: None,
    };
    let mut contents: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for path in log_files(data_dir)? {
        match fs::read(&path) {
            Ok(bytes) => contents.push((path, bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io("read the review log", path, e)),
        }
    }
    let total: usize = contents.iter().map(|(_, b)| b.len() / 96 + 1).sum();
    out.events.reserve(total);
    // Devices whose records come from more than one file, or out of order:
    // only those need checking for duplicates.
    let mut sources: HashMap<DeviceId, (usize, u64)> = HashMap::new();
    let mut check: HashSet<DeviceId> = HashSet::new();
    let parsed_logs = parse_all(&contents, data_dir)?;
    for (file_ix, ((path, _), parsed)) in contents.iter().zip(parsed_logs).enumerate() {
        let mut parsed = parsed?;
        let is_own = own == Some(path.as_path());
        if let Some(reason) = parsed.foreign.clone()
            && !is_own
        {
            out.warnings.push(match mode {
                Mode::Repair => {
                    let backup = move_aside(path, "unreadable", now)
                        .map_err(|e| StoreError::io("move aside the unreadable log", path, e))?;
                    Warning::MovedAside {
                        path: path.clone(),
                        backup,
                        reason,
                    }
                }
                Mode::ReadOnly => Warning::Ignored {
                    path: path.clone(),
                    reason,
                },
            });
        }
        let mut last: Option<(&DeviceId, u64)> = None;
        for e in &parsed.events {
            // Runs of one device's records need no lookup.
            if let Some((device, seq)) = last
                && device == &e.id.device
            {
                if e.id.seq <= seq {
                    check.insert(device.clone());
                }
                last = Some((device, e.id.seq));
                continue;
            }
            if let Some((device, seq)) = last {
                sources.insert(device.clone(), (file_ix, seq));
            }
            if let Some(&(file, seq)) = sources.get(&e.id.device)
                && (file != file_ix || e.id.seq <= seq)
            {
                check.insert(e.id.device.clone());
            }
            last = Some((&e.id.device, e.id.seq));
        }
        if let Some((device, seq)) = last {
            sources.insert(device.clone(), (file_ix, seq));
        }
        out.warnings.append(&mut parsed.warnings);
        out.events.append(&mut parsed.events);
        if is_own {
            out.own = Some(parsed);
        }
    }
    if !check.is_empty() {
        dedupe(&mut out.events, &check, &mut out.warnings, data_dir);
    }
    Ok(out)
}

/// Parses the logs, on as many threads as there are cores (one file per
/// thread at a time); results are in file order.
fn parse_all(
    contents: &[(PathBuf, Vec<u8>)],
    data_dir: &Path,
) -> Result<Vec<Result<ParsedLog, StoreError>>, StoreError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(contents.len());
    let parse_some = |thread: usize, step: usize| {
        let mut interner = Interner::default();
        contents
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == thread)
            .map(|(i, (path, bytes))| (i, parse_log(path, bytes, &mut interner, false)))
            .collect::<Vec<_>>()
    };
    let mut results: Vec<(usize, Result<ParsedLog, StoreError>)> = if threads <= 1 {
        parse_some(0, 1)
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| scope.spawn(move || parse_some(t, threads)))
                .collect();
            let mut all = Vec::new();
            for handle in handles {
                all.extend(handle.join().map_err(|_| {
                    StoreError::io(
                        "read the review logs in",
                        data_dir.join(REVIEWS_DIR),
                        io::Error::other("a reader thread failed"),
                    )
                })?);
            }
            Ok::<_, StoreError>(all)
        })?
    };
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

/// Removes exact duplicates of records of the `check` devices (a backup
/// restored next to the original, a sync tool's conflict copy); keeps both
/// of two different records that claim one id, with a warning.
fn dedupe(
    events: &mut Vec<Event>,
    check: &HashSet<DeviceId>,
    warnings: &mut Vec<Warning>,
    data_dir: &Path,
) {
    let mut seen: HashMap<EventId, usize> = HashMap::new();
    let mut keep = vec![true; events.len()];
    for i in 0..events.len() {
        if !check.contains(&events[i].id.device) {
            continue;
        }
        match seen.get(&events[i].id) {
            Some(&j) if events[j] == events[i] => keep[i] = false,
            Some(_) => warnings.push(Warning::ConflictingId {
                id: events[i].id.to_string(),
                path: data_dir.join(REVIEWS_DIR),
            }),
            None => {
                seen.insert(events[i].id.clone(), i);
            }
        }
    }
    let mut flags = keep.into_iter();
    events.retain(|_| flags.next().unwrap_or(true));
}
