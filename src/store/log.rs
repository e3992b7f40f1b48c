//! Reading a review log: every record, with torn and bad lines reported.

use std::path::Path;

use super::error::{StoreError, Warning};
use super::record::{Decoded, Interner, RECORD_VERSION, decode};
use crate::srs::Event;

/// Report at most this many bad lines of one file one by one.
const MAX_LINE_WARNINGS: usize = 20;
/// An unterminated last line longer than this is not an interrupted record.
const MAX_TORN_BYTES: usize = 64 * 1024;

/// A log file, read.
#[derive(Debug, Default)]
pub(crate) struct ParsedLog {
    /// Its records, in file order.
    pub events: Vec<Event>,
    /// The raw lines of `events` (without newline), same order.
    pub lines: Vec<(usize, usize)>,
    /// Skipped lines and other problems.
    pub warnings: Vec<Warning>,
    /// Bytes up to and including the last newline that ends good content.
    pub complete_len: u64,
    /// The file ends with an incomplete line that is not a record.
    pub torn_tail: bool,
    /// The incomplete last line does not look like an interrupted record
    /// (too long, or not starting with `{`): keep a copy before cutting it.
    pub tail_is_garbage: bool,
    /// The file ends with a whole record but no newline.
    pub missing_newline: bool,
    /// Why the file is not an archdeck log at all, if it is not.
    pub foreign: Option<String>,
}

/// Reads the log at `path` whose content is `bytes`. A record of a newer
/// format is an error: the file must not be used (or written) by this build.
/// `keep_lines` fills [`ParsedLog::lines`].
pub(crate) fn parse_log(
    path: &Path,
    bytes: &[u8],
    interner: &mut Interner,
    keep_lines: bool,
) -> Result<ParsedLog, StoreError> {
    let mut log = ParsedLog {
        // Records are 100 to 200 bytes: reserve enough to never regrow.
        events: Vec::with_capacity(bytes.len() / 96 + 1),
        ..ParsedLog::default()
    };
    let (complete, tail) = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(i) => (&bytes[..=i], &bytes[i + 1..]),
        None => (&bytes[..0], bytes),
    };
    log.complete_len = complete.len() as u64;
    let mut bad_lines = 0usize;
    let mut start = 0usize;
    let mut line_no = 0usize;
    while start < complete.len() {
        line_no += 1;
        let end = next_newline(&complete[start..]).map_or(complete.len(), |i| start + i);
        let mut line = &complete[start..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        let line_start = start;
        start = end + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match decode(line, interner) {
            Decoded::Event(e) => {
                log.events.push(e);
                if keep_lines {
                    log.lines.push((line_start, line_start + line.len()));
                }
            }
            Decoded::Newer(what) => return Err(newer(path, line_no, what)),
            Decoded::Bad(message) => {
                bad_lines += 1;
                if bad_lines <= MAX_LINE_WARNINGS {
                    log.warnings.push(Warning::BadLine {
                        path: path.to_path_buf(),
                        line: line_no,
                        message,
                    });
                }
            }
        }
    }
    if bad_lines > MAX_LINE_WARNINGS {
        log.warnings.push(Warning::BadLine {
            path: path.to_path_buf(),
            line: line_no,
            message: format!(
                "and {} more unreadable lines before this one",
                bad_lines - MAX_LINE_WARNINGS
            ),
        });
    }
    let tail_is_blank = tail.iter().all(|&b| b == 0 || b.is_ascii_whitespace());
    let mut tail_is_garbage = false;
    if !tail.is_empty() {
        line_no += 1;
        if tail_is_blank {
            // Zeros or spaces: an extension of the file whose data never
            // reached the disk.
            log.torn_tail = true;
        } else {
            match decode(tail, interner) {
                Decoded::Event(e) => {
                    log.events.push(e);
                    log.lines.push((complete.len(), bytes.len()));
                    log.missing_newline = true;
                    log.complete_len = bytes.len() as u64;
                }
                Decoded::Newer(what) => return Err(newer(path, line_no, what)),
                Decoded::Bad(_) => {
                    log.torn_tail = true;
                    tail_is_garbage = tail.len() > MAX_TORN_BYTES || tail.first() != Some(&b'{');
                }
            }
        }
        if log.torn_tail && !tail_is_garbage {
            log.warnings.push(Warning::TornLine {
                path: path.to_path_buf(),
                line: line_no,
            });
        }
    }
    log.tail_is_garbage = tail_is_garbage;
    if log.events.is_empty() && (bad_lines > 0 || tail_is_garbage) {
        log.foreign = Some(if std::str::from_utf8(bytes).is_err() {
            "binary data, not archdeck's one-record-a-line text".to_owned()
        } else {
            "no line is an archdeck review record".to_owned()
        });
        log.warnings.clear();
    } else if tail_is_garbage {
        log.warnings.push(Warning::BadLine {
            path: path.to_path_buf(),
            line: line_no,
            message: "the last line is not a record".to_owned(),
        });
    }
    Ok(log)
}

/// Index of the first `\n` in `bytes`, eight bytes at a time.
fn next_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const NEWLINES: u64 = ONES * b'\n' as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ NEWLINES;
        // A zero byte of `x` is a newline in `chunk`.
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| offset + i)
}

fn newer(path: &Path, line: usize, what: String) -> StoreError {
    StoreError::NewerVersion {
        path: path.to_path_buf(),
        line,
        what,
        supported: RECORD_VERSION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str =
        r#"{"v":1,"dev":"d","seq":1,"t":10,"card":"a/b","ev":"review","grade":3,"ms":1}"#;
    const B: &str = r#"{"v":1,"dev":"d","seq":2,"t":20,"card":"a/b","ev":"bury"}"#;

    fn parse(text: &[u8]) -> ParsedLog {
        parse_log(Path::new("d.log"), text, &mut Interner::default(), true).expect("not newer")
    }

    #[test]
    fn newlines_are_found_at_every_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut bytes = vec![b'x'; len];
                bytes[at] = b'\n';
                assert_eq!(next_newline(&bytes), Some(at), "{len} {at}");
                if at + 1 < len {
                    bytes[len - 1] = b'\n';
                    assert_eq!(next_newline(&bytes), Some(at));
                }
            }
            assert_eq!(next_newline(&vec![b'x'; len]), None);
            // Bytes above 0x80 next to a newline do not confuse the search.
            let mut high = vec![0xC3u8; len + 1];
            high[len] = b'\n';
            assert_eq!(next_newline(&high), Some(len));
        }
    }

    #[test]
    fn clean_logs_read_fully() {
        let log = parse(format!("{A}\n{B}\n").as_bytes());
        assert_eq!(log.events.len(), 2);
        assert!(log.warnings.is_empty());
        assert!(!log.torn_tail && !log.missing_newline && log.foreign.is_none());
    }

    #[test]
    fn a_torn_last_line_is_skipped_with_a_warning() {
        let text = format!("{A}\n{}", &B[..20]);
        let log = parse(text.as_bytes());
        assert_eq!(log.events.len(), 1);
        assert!(log.torn_tail);
        assert_eq!(log.complete_len, A.len() as u64 + 1);
        assert!(matches!(
            log.warnings[..],
            [Warning::TornLine { line: 2, .. }]
        ));
    }

    #[test]
    fn zeros_at_the_end_are_a_torn_tail() {
        let mut bytes = format!("{A}\n").into_bytes();
        bytes.extend([0u8; 40]);
        let log = parse(&bytes);
        assert_eq!(log.events.len(), 1);
        assert!(log.torn_tail);
    }

    #[test]
    fn a_whole_last_record_without_newline_counts() {
        let log = parse(format!("{A}\n{B}").as_bytes());
        assert_eq!(log.events.len(), 2);
        assert!(log.missing_newline && !log.torn_tail);
    }

    #[test]
    fn a_bad_middle_line_is_reported_with_its_number() {
        let log = parse(format!("{A}\nnot json\n{B}\n").as_bytes());
        assert_eq!(log.events.len(), 2);
        assert!(matches!(
            log.warnings[..],
            [Warning::BadLine { line: 2, .. }]
        ));
    }

    #[test]
    fn foreign_files_are_recognised() {
        assert!(parse(b"hello\nworld\n").foreign.is_some());
        assert!(
            parse(&[0x89, b'P', b'N', b'G', 0, 1, 2, b'\n', 7])
                .foreign
                .is_some()
        );
        assert!(parse(&vec![b'x'; 100_000]).foreign.is_some());
        // An empty file or a lone torn record is not foreign.
        assert!(parse(b"").foreign.is_none());
        assert!(parse(&A.as_bytes()[..30]).foreign.is_none());
    }

    #[test]
    fn newer_records_refuse_the_file() {
        let text = format!("{A}\n{{\"v\":2}}\n");
        let err = parse_log(
            Path::new("d.log"),
            text.as_bytes(),
            &mut Interner::default(),
            false,
        )
        .expect_err("newer");
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(err.to_string().contains("newer archdeck"), "{err}");
    }
}
