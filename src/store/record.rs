//! One log record a line, as JSON:
//!
//! ```text
//! {"v":1,"dev":"k7f3q9x2m4p8abcd","seq":17,"t":1767250800000,"tz":60,"card":"system-design-1/q2","ev":"review","grade":3,"ms":5400,"sched":"fsrs-6"}
//! {"v":1,"dev":"k7f3q9x2m4p8abcd","seq":18,"t":1767250860000,"tz":60,"card":"system-design-1/q2","ev":"undo","target_dev":"k7f3q9x2m4p8abcd","target_seq":17}
//! ```
//!
//! `v` is the record format version; `dev` and `seq` the unique id; `t` the
//! time in ms since the epoch and `tz` the local UTC offset in minutes then;
//! `ev` one of `review`, `bury`, `suspend`, `unsuspend`, `reset`, `undo`.
//! Unknown fields are ignored (a later version may add some); a higher `v`
//! or an unknown `ev` means a newer archdeck wrote it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::srs::{
    CardKey, DeviceId, Event, EventId, EventKind, Grade, MAX_UTC_OFFSET_MINUTES, Moment, Review,
    SchedulerTag,
};

/// The record format this build reads and writes.
pub const RECORD_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Raw<'a> {
    v: u32,
    #[serde(borrow)]
    dev: Cow<'a, str>,
    seq: u64,
    t: i64,
    #[serde(default)]
    tz: i16,
    #[serde(borrow)]
    card: Cow<'a, str>,
    #[serde(borrow)]
    ev: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grade: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ms: Option<u32>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    sched: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    target_dev: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target_seq: Option<u64>,
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

/// Shares one allocation per distinct card key and device id while reading.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    cards: foldhash::HashSet<CardKey>,
    devices: Vec<DeviceId>,
}

impl Interner {
    fn card(&mut self, text: &str) -> Option<CardKey> {
        if let Some(key) = self.cards.get(text) {
            return Some(key.clone());
        }
        let key = CardKey::parse(text).ok()?;
        self.cards.insert(key.clone());
        Some(key)
    }

    fn device(&mut self, text: &str) -> Option<DeviceId> {
        // Most lines name the device of the line before.
        if let Some(id) = self.devices.iter().rev().find(|d| d.as_str() == text) {
            return Some(id.clone());
        }
        let id = DeviceId::parse(text).ok()?;
        self.devices.push(id.clone());
        Some(id)
    }
}

/// What one line holds.
#[derive(Debug)]
pub(crate) enum Decoded {
    /// A record.
    Event(Event),
    /// A record of a newer format, described.
    Newer(String),
    /// Not a record: why, with the column where known.
    Bad(String),
}

/// Reads one line (without its newline).
pub(crate) fn decode(line: &[u8], interner: &mut Interner) -> Decoded {
    let parsed = match fast::parse(line) {
        Some(raw) => Ok(raw),
        None => serde_json::from_slice::<Raw<'_>>(line),
    };
    let raw: Raw<'_> = match parsed {
        Ok(raw) => raw,
        Err(e) => {
            return match serde_json::from_slice::<VersionOnly>(line) {
                Ok(VersionOnly { v }) if v > RECORD_VERSION => {
                    Decoded::Newer(format!("record version {v}"))
                }
                _ => Decoded::Bad(format!("column {}: {e}", e.column())),
            };
        }
    };
    if raw.v > RECORD_VERSION {
        return Decoded::Newer(format!("record version {}", raw.v));
    }
    if raw.v == 0 {
        return Decoded::Bad("record version 0 does not exist".into());
    }
    let Some(device) = interner.device(&raw.dev) else {
        return Decoded::Bad(format!("invalid device id {:?}", raw.dev));
    };
    let Some(card) = interner.card(&raw.card) else {
        return Decoded::Bad(format!(
            "invalid card key {:?} (expected deck/card)",
            raw.card
        ));
    };
    if raw.seq == 0 {
        return Decoded::Bad("seq must be 1 or more".into());
    }
    if raw.tz.abs() > MAX_UTC_OFFSET_MINUTES {
        return Decoded::Bad(format!("UTC offset {} minutes is out of range", raw.tz));
    }
    let kind = match &*raw.ev {
        "review" => {
            let Some(grade) = raw.grade.and_then(Grade::from_number) else {
                return Decoded::Bad(format!(
                    "a review needs a grade from 1 to 4, found {:?}",
                    raw.grade
                ));
            };
            EventKind::Review(Review {
                grade,
                answer_ms: raw.ms.unwrap_or(0),
                scheduler: raw
                    .sched
                    .as_deref()
                    .map_or(SchedulerTag::Fsrs6, SchedulerTag::from_name),
            })
        }
        "bury" => EventKind::Bury,
        "suspend" => EventKind::Suspend,
        "unsuspend" => EventKind::Unsuspend,
        "reset" => EventKind::Reset,
        "undo" => {
            let target = raw
                .target_dev
                .as_deref()
                .and_then(|d| interner.device(d))
                .zip(raw.target_seq);
            let Some((device, seq)) = target else {
                return Decoded::Bad("an undo needs target_dev and target_seq".into());
            };
            EventKind::Undo {
                target: EventId { device, seq },
            }
        }
        other => return Decoded::Newer(format!("record kind {other:?}")),
    };
    Decoded::Event(Event {
        id: EventId {
            device,
            seq: raw.seq,
        },
        at: Moment::new(raw.t, raw.tz),
        card,
        kind,
    })
}

/// A parser for exactly the layout [`encode`] writes (field order, no spaces,
/// no escapes), five times faster than `serde_json`'s derive. Anything else
/// returns `None` and goes to `serde_json`, so it only ever speeds up.
mod fast {
    use std::borrow::Cow;

    use super::Raw;

    struct Cursor<'a> {
        bytes: &'a [u8],
        at: usize,
    }

    impl<'a> Cursor<'a> {
        fn expect<const N: usize>(&mut self, literal: &[u8; N]) -> Option<()> {
            let end = self.at + N;
            let found: &[u8; N] = self.bytes.get(self.at..end)?.try_into().ok()?;
            (found == literal).then(|| self.at = end)
        }

        fn unsigned(&mut self) -> Option<u64> {
            let start = self.at;
            let mut n: u64 = 0;
            while let Some(&b) = self.bytes.get(self.at) {
                if !b.is_ascii_digit() {
                    break;
                }
                n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                self.at += 1;
            }
            // No empty numbers and no leading zeros (as JSON requires).
            let len = self.at - start;
            (len > 0 && (len == 1 || self.bytes[start] != b'0')).then_some(n)
        }

        fn signed(&mut self) -> Option<i64> {
            if self.expect(b"-").is_some() {
                let n = self.unsigned()?;
                (n != 0).then_some(())?;
                0i64.checked_sub_unsigned(n)
            } else {
                i64::try_from(self.unsigned()?).ok()
            }
        }

        /// A string without escapes, after its opening quote.
        fn string(&mut self) -> Option<&'a str> {
            let start = self.at;
            let len = self.bytes[start..].iter().position(|&b| b == b'"')?;
            let text = &self.bytes[start..start + len];
            if text.iter().any(|&b| b == b'\\' || b < 0x20) {
                return None;
            }
            self.at = start + len + 1;
            std::str::from_utf8(text).ok()
        }
    }

    pub(super) fn parse(line: &[u8]) -> Option<Raw<'_>> {
        let mut c = Cursor { bytes: line, at: 0 };
        c.expect(b"{\"v\":")?;
        let v = u32::try_from(c.unsigned()?).ok()?;
        c.expect(b",\"dev\":\"")?;
        let dev = c.string()?;
        c.expect(b",\"seq\":")?;
        let seq = c.unsigned()?;
        c.expect(b",\"t\":")?;
        let t = c.signed()?;
        c.expect(b",\"tz\":")?;
        let tz = i16::try_from(c.signed()?).ok()?;
        c.expect(b",\"card\":\"")?;
        let card = c.string()?;
        c.expect(b",\"ev\":\"")?;
        let ev = c.string()?;
        let mut raw = Raw {
            v,
            dev: Cow::Borrowed(dev),
            seq,
            t,
            tz,
            card: Cow::Borrowed(card),
            ev: Cow::Borrowed(ev),
            grade: None,
            ms: None,
            sched: None,
            target_dev: None,
            target_seq: None,
        };
        loop {
            if c.expect(b"}").is_some() {
                return (c.at == line.len()).then_some(raw);
            }
            c.expect(b",\"")?;
            let key = c.string()?;
            c.expect(b":")?;
            match key {
                "grade" if raw.grade.is_none() => {
                    raw.grade = Some(u8::try_from(c.unsigned()?).ok()?);
                }
                "ms" if raw.ms.is_none() => raw.ms = Some(u32::try_from(c.unsigned()?).ok()?),
                "sched" if raw.sched.is_none() => {
                    c.expect(b"\"")?;
                    raw.sched = Some(Cow::Borrowed(c.string()?));
                }
                "target_dev" if raw.target_dev.is_none() => {
                    c.expect(b"\"")?;
                    raw.target_dev = Some(Cow::Borrowed(c.string()?));
                }
                "target_seq" if raw.target_seq.is_none() => {
                    raw.target_seq = Some(c.unsigned()?);
                }
                _ => return None,
            }
        }
    }
}

/// The line (with its newline) that records `event` in a review log.
pub fn encode(event: &Event) -> Result<Vec<u8>, serde_json::Error> {
    let (grade, ms, sched, target_dev, target_seq) = match &event.kind {
        EventKind::Review(r) => (
            Some(r.grade.number()),
            Some(r.answer_ms),
            Some(Cow::Borrowed(r.scheduler.as_str())),
            None,
            None,
        ),
        EventKind::Undo { target } => (
            None,
            None,
            None,
            Some(Cow::Borrowed(target.device.as_str())),
            Some(target.seq),
        ),
        _ => (None, None, None, None, None),
    };
    let raw = Raw {
        v: RECORD_VERSION,
        dev: Cow::Borrowed(event.id.device.as_str()),
        seq: event.id.seq,
        t: event.at.unix_ms,
        tz: event.at.utc_offset_minutes,
        card: Cow::Borrowed(event.card.as_str()),
        ev: Cow::Borrowed(event.kind.name()),
        grade,
        ms,
        sched,
        target_dev,
        target_seq,
    };
    let mut line = serde_json::to_vec(&raw)?;
    line.push(b'\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind) -> Event {
        Event {
            id: EventId {
                device: DeviceId::parse("dev1").expect("valid"),
                seq: 7,
            },
            at: Moment::new(1_767_250_800_000, -300),
            card: CardKey::parse("deck/card").expect("valid"),
            kind,
        }
    }

    #[test]
    fn every_kind_round_trips() {
        let kinds = [
            EventKind::review(Grade::Hard, 4_200),
            EventKind::Bury,
            EventKind::Suspend,
            EventKind::Unsuspend,
            EventKind::Reset,
            EventKind::Undo {
                target: EventId {
                    device: DeviceId::parse("other").expect("valid"),
                    seq: 3,
                },
            },
        ];
        let mut interner = Interner::default();
        for kind in kinds {
            let e = event(kind);
            let line = encode(&e).expect("encodes");
            assert_eq!(line.last(), Some(&b'\n'));
            match decode(&line[..line.len() - 1], &mut interner) {
                Decoded::Event(back) => assert_eq!(back, e),
                other => panic!("{other:?} for {}", String::from_utf8_lossy(&line)),
            }
        }
    }

    /// The fast parser reads what `encode` writes exactly as `serde_json`
    /// does, and leaves everything else to it.
    #[test]
    fn the_fast_parser_agrees_with_serde_json() {
        let kinds = [
            EventKind::review(Grade::Easy, 0),
            EventKind::Bury,
            EventKind::Undo {
                target: EventId {
                    device: DeviceId::parse("other").expect("valid"),
                    seq: 3,
                },
            },
        ];
        for kind in kinds {
            for t in [0, 1_767_250_800_000, -5] {
                let mut e = event(kind.clone());
                e.at = Moment::new(t, -300);
                let line = encode(&e).expect("encodes");
                let line = &line[..line.len() - 1];
                let fast = fast::parse(line).expect("canonical lines take the fast path");
                let slow: Raw<'_> = serde_json::from_slice(line).expect("json");
                assert_eq!(
                    serde_json::to_string(&fast).expect("json"),
                    serde_json::to_string(&slow).expect("json")
                );
            }
        }
        for other in [
            &br#"{"v":1,"dev":"d","seq":1,"t":0,"tz":0,"card":"a/\"b","ev":"bury"}"#[..],
            br#"{ "v":1,"dev":"d","seq":1,"t":0,"tz":0,"card":"a/b","ev":"bury"}"#,
            br#"{"v":1,"dev":"d","seq":01,"t":0,"tz":0,"card":"a/b","ev":"bury"}"#,
            br#"{"v":1,"dev":"d","seq":1,"t":0,"tz":0,"card":"a/b","ev":"bury","x":1}"#,
            br#"{"v":1,"dev":"d","seq":1,"t":0,"tz":0,"card":"a/b","ev":"bury"}x"#,
            br#"{"v":1,"dev":"d","seq":1,"t":-0,"tz":0,"card":"a/b","ev":"bury"}"#,
            br#"{"v":1,"dev":"d","seq":1,"t":0,"tz":0,"card":"a/b","ev":"bury","ms":1,"ms":2}"#,
        ] {
            assert!(
                fast::parse(other).is_none(),
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }

    #[test]
    fn the_documented_review_line_reads() {
        let line = br#"{"v":1,"dev":"k7f3","seq":17,"t":1767250800000,"tz":60,"card":"system-design-1/q2","ev":"review","grade":3,"ms":5400,"sched":"fsrs-6","extra":"ignored"}"#;
        let Decoded::Event(e) = decode(line, &mut Interner::default()) else {
            panic!("not read")
        };
        assert_eq!(e.review().map(|r| r.grade), Some(Grade::Good));
        assert_eq!(e.at.utc_offset_minutes, 60);
    }

    #[test]
    fn newer_records_are_recognised() {
        let mut i = Interner::default();
        assert!(matches!(
            decode(br#"{"v":2,"whatever":true}"#, &mut i),
            Decoded::Newer(_)
        ));
        assert!(matches!(
            decode(
                br#"{"v":1,"dev":"d","seq":1,"t":0,"card":"a/b","ev":"teleport"}"#,
                &mut i
            ),
            Decoded::Newer(_)
        ));
    }

    #[test]
    fn bad_records_say_why() {
        let mut i = Interner::default();
        for (line, needle) in [
            (
                &br#"{"v":1,"dev":"d","seq":1,"t":0,"card":"nodeck","ev":"bury"}"#[..],
                "card key",
            ),
            (
                br#"{"v":1,"dev":"d","seq":1,"t":0,"card":"a/b","ev":"review","grade":9}"#,
                "grade",
            ),
            (
                br#"{"v":1,"dev":"D!","seq":1,"t":0,"card":"a/b","ev":"bury"}"#,
                "device id",
            ),
            (
                br#"{"v":1,"dev":"d","seq":1,"t":0,"card":"a/b","ev":"undo"}"#,
                "target",
            ),
            (br#"{"v":1,"dev":"d","se"#, "column"),
            (b"\x00\x00\x00", "column"),
        ] {
            match decode(line, &mut i) {
                Decoded::Bad(message) => assert!(message.contains(needle), "{message}"),
                other => panic!("{other:?}"),
            }
        }
    }
}
