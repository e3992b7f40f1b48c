//! Numbers with units as people type them: `~290,000 QPS`, `290k`, `2.9e5`,
//! `0.29 M`, `52.6 min`, `10TB/day`, `160 Gbps`, `2^30`.
//!
//! A quantity is a number times a unit. Units are products and quotients of
//! data sizes (bytes; bits are an eighth of one; decimal prefixes, and
//! binary ones with `i`), times (ns to years of 365 days), rates (`QPS`,
//! `bps`), multipliers (`k`, `million`, `B` for billion, `%`) and counted
//! nouns (`requests`, `servers`), which are ignored.

/// Powers of the base dimensions: bytes and seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dim {
    /// Power of bytes.
    pub data: i8,
    /// Power of seconds.
    pub time: i8,
}

impl Dim {
    const NONE: Self = Self { data: 0, time: 0 };
    const DATA: Self = Self { data: 1, time: 0 };
    const TIME: Self = Self { data: 0, time: 1 };
    const RATE: Self = Self { data: 0, time: -1 };

    fn times(self, other: Self, sign: i8) -> Self {
        Self {
            data: self.data + sign * other.data,
            time: self.time + sign * other.time,
        }
    }

    /// How the dimension reads in a message.
    pub fn describe(self) -> &'static str {
        match (self.data, self.time) {
            (0, 0) => "a plain number",
            (1, 0) => "a data size",
            (0, 1) => "a time",
            (1, -1) => "a data rate",
            (0, -1) => "a rate per time",
            _ => "a compound unit",
        }
    }
}

/// One reading of a typed quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The number as typed (times any `e`/`×10^` exponent).
    pub number: f64,
    /// Multipliers without a dimension (`k`, `million`, `%`).
    pub scale: f64,
    /// Factor of the unit to base units (bytes, seconds).
    pub unit: f64,
    /// The unit's dimension.
    pub dim: Dim,
    /// Whether any unit with a dimension was written.
    pub has_unit: bool,
    /// Factor of a final `/ time` term (`/day`), if the unit ends with one.
    pub per_time: Option<f64>,
}

impl Quantity {
    /// The value in base units.
    pub fn value(&self) -> f64 {
        self.number * self.scale * self.unit
    }
}

/// The readings of `text` as a quantity, most likely first; empty when it
/// is not a number with a unit. Several readings come from ambiguous
/// abbreviations (`B`: bytes or billion; `m`: minutes or million).
pub fn readings(text: &str) -> Vec<Quantity> {
    let Some((number, rest)) = number(text) else {
        return Vec::new();
    };
    let Some(terms) = unit_terms(rest) else {
        return Vec::new();
    };
    let mut out = vec![Quantity {
        number,
        scale: 1.0,
        unit: 1.0,
        dim: Dim::NONE,
        has_unit: false,
        per_time: None,
    }];
    for (i, (divide, options)) in terms.iter().enumerate() {
        let last = i + 1 == terms.len();
        let mut next = Vec::with_capacity(out.len() * options.len());
        for q in &out {
            for m in options {
                let mut q = *q;
                let sign = if *divide { -1 } else { 1 };
                match m {
                    Meaning::Scale(f) => {
                        q.scale = if *divide { q.scale / f } else { q.scale * f };
                    }
                    Meaning::Unit(f, dim) => {
                        q.unit = if *divide { q.unit / f } else { q.unit * f };
                        q.dim = q.dim.times(*dim, sign);
                        q.has_unit = true;
                        if last && *divide && *dim == Dim::TIME {
                            q.per_time = Some(*f);
                        }
                    }
                    Meaning::Noun => {}
                }
                next.push(q);
            }
        }
        out = next;
    }
    out
}

/// What one word of a unit means.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Meaning {
    /// A multiplier: `k`, `million`, `%`.
    Scale(f64),
    /// A unit: factor to base units and dimension.
    Unit(f64, Dim),
    /// A counted noun such as `requests`: no effect.
    Noun,
}

/// At most this many unit words are read (and so at most 2^8 readings).
const MAX_TERMS: usize = 8;

/// The words of a unit, each with whether it divides and its meanings.
fn unit_terms(rest: &str) -> Option<Vec<(bool, Vec<Meaning>)>> {
    let mut terms = Vec::new();
    let mut divide = false;
    let spaced = rest.replace('/', " / ").replace(['*', '·', '×'], " ");
    for word in spaced.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '.'));
        if word.is_empty() {
            continue;
        }
        // `10 TB / day`, `10 TB per day`, `10 TB a day`
        if word == "/" || word.eq_ignore_ascii_case("per") || word.eq_ignore_ascii_case("a") {
            divide = true;
            continue;
        }
        let meanings = meanings(word)?;
        terms.push((divide, meanings));
        divide = false;
        if terms.len() > MAX_TERMS {
            return None;
        }
    }
    Some(terms)
}

const THOUSAND: f64 = 1e3;
const MILLION: f64 = 1e6;
const BILLION: f64 = 1e9;
const TRILLION: f64 = 1e12;

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;
const YEAR: f64 = 365.0 * DAY;

fn time(f: f64) -> Meaning {
    Meaning::Unit(f, Dim::TIME)
}

/// The meanings of one unit word; `None` when it is not a word at all
/// (digits, stray symbols).
fn meanings(word: &str) -> Option<Vec<Meaning>> {
    use Meaning::{Noun, Scale};
    // Case matters for the short forms (`M` million, `m` minutes, `Mb`
    // megabit, `MB` megabyte); long forms are matched in lowercase.
    let exact = match word {
        "k" | "K" => Some(vec![Scale(THOUSAND)]),
        "M" | "mn" | "mm" | "mil" => Some(vec![Scale(MILLION)]),
        "m" => Some(vec![time(MINUTE), Scale(MILLION)]),
        "B" => Some(vec![Meaning::Unit(1.0, Dim::DATA), Scale(BILLION)]),
        "b" => Some(vec![Scale(BILLION), Meaning::Unit(0.125, Dim::DATA)]),
        "bn" | "G" => Some(vec![Scale(BILLION)]),
        "T" | "tn" => Some(vec![Scale(TRILLION)]),
        "%" => Some(vec![Scale(0.01)]),
        "s" => Some(vec![time(1.0)]),
        "h" => Some(vec![time(HOUR)]),
        "d" => Some(vec![time(DAY)]),
        "y" => Some(vec![time(YEAR)]),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    let lower = word.to_lowercase();
    let one = |m: Meaning| Some(vec![m]);
    let found = match lower.as_str() {
        "thousand" | "thousands" => one(Scale(THOUSAND)),
        "million" | "millions" => one(Scale(MILLION)),
        "billion" | "billions" => one(Scale(BILLION)),
        "trillion" | "trillions" => one(Scale(TRILLION)),
        "quadrillion" | "quadrillions" => one(Scale(1e15)),
        "hundred" | "hundreds" => one(Scale(100.0)),
        "percent" => one(Scale(0.01)),
        "ns" | "nanosecond" | "nanoseconds" => one(time(1e-9)),
        "us" | "μs" | "µs" | "microsecond" | "microseconds" => one(time(1e-6)),
        "ms" | "millisecond" | "milliseconds" | "msec" => one(time(1e-3)),
        "sec" | "secs" | "second" | "seconds" => one(time(1.0)),
        "min" | "mins" | "minute" | "minutes" => one(time(MINUTE)),
        "hr" | "hrs" | "hour" | "hours" => one(time(HOUR)),
        "day" | "days" => one(time(DAY)),
        "wk" | "wks" | "week" | "weeks" => one(time(7.0 * DAY)),
        "mo" | "month" | "months" => one(time(YEAR / 12.0)),
        "yr" | "yrs" | "year" | "years" => one(time(YEAR)),
        "qps" | "rps" | "tps" => one(Meaning::Unit(1.0, Dim::RATE)),
        "byte" | "bytes" => one(Meaning::Unit(1.0, Dim::DATA)),
        "bit" | "bits" => one(Meaning::Unit(0.125, Dim::DATA)),
        "bps" => one(Meaning::Unit(0.125, Dim { data: 1, time: -1 })),
        _ => None,
    };
    if found.is_some() {
        return found;
    }
    if let Some(m) = data_unit(word) {
        return one(m);
    }
    if word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
    {
        return one(Noun);
    }
    None
}

/// `KB`, `MiB`, `Gb`, `gbps`, `terabytes`, ...
fn data_unit(word: &str) -> Option<Meaning> {
    let lower = word.to_lowercase();
    for (name, power) in [
        ("kilo", 1),
        ("mega", 2),
        ("giga", 3),
        ("tera", 4),
        ("peta", 5),
        ("exa", 6),
    ] {
        if let Some(rest) = lower.strip_prefix(name) {
            let per_byte = match rest {
                "byte" | "bytes" => 1.0,
                "bit" | "bits" => 0.125,
                _ => continue,
            };
            return Some(Meaning::Unit(per_byte * 1e3f64.powi(power), Dim::DATA));
        }
    }
    let mut chars = word.chars();
    let prefix = chars.next()?;
    let power = match prefix.to_ascii_lowercase() {
        'k' => 1,
        'm' => 2,
        'g' => 3,
        't' => 4,
        'p' => 5,
        'e' => 6,
        _ => return None,
    };
    let rest: &str = chars.as_str();
    let (binary, rest) = match rest.strip_prefix('i') {
        Some(r) if !r.is_empty() => (true, r),
        _ => (false, rest),
    };
    let base: f64 = if binary { 1024.0 } else { 1000.0 };
    let factor = base.powi(power);
    let rate = Dim { data: 1, time: -1 };
    let (per_byte, dim) = match rest {
        // `Mb` is a megabit; all-lowercase `mb` is how people type MB.
        "b" if prefix.is_ascii_uppercase() => (0.125, Dim::DATA),
        "B" | "b" | "byte" | "bytes" => (1.0, Dim::DATA),
        "bit" | "bits" => (0.125, Dim::DATA),
        // `GBps` is gigabytes per second; `Gbps` and `gbps` gigabits.
        "Bps" if prefix.is_ascii_uppercase() => (1.0, rate),
        "bps" | "Bps" => (0.125, rate),
        _ => return None,
    };
    Some(Meaning::Unit(per_byte * factor, dim))
}

/// Words and signs that may stand before a number: `~`, `≈`, `about`.
const APPROX: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "roughly",
    "circa",
    "ca.",
    "~",
    "≈",
    "=",
];

/// The number at the start of `text` (after approximation marks) and the
/// rest. Reads `1,024`, `1 048 576`, `52.6`, `52,6`, `2.9e5`,
/// `2.9 × 10^5`, `10^9`, `2^30`.
pub fn number(text: &str) -> Option<(f64, &str)> {
    let mut s = text.trim();
    loop {
        let before = s;
        for a in APPROX {
            if s.len() >= a.len()
                && s.is_char_boundary(a.len())
                && s[..a.len()].eq_ignore_ascii_case(a)
            {
                s = s[a.len()..].trim_start();
            }
        }
        if s == before {
            break;
        }
    }
    let negative = s.starts_with('-') || s.starts_with('−');
    if negative || s.starts_with('+') {
        s = s[s.chars().next().map_or(0, char::len_utf8)..].trim_start();
    }
    let (mantissa, mut rest) = digits(s)?;
    let mut value = mantissa;
    // `2^30`, `10^9`
    if let Some(r) = rest.strip_prefix('^') {
        let (exp, r) = integer(r)?;
        value = mantissa.powi(exp);
        rest = r;
    } else if let Some((exp, r)) = exponent(rest) {
        value = mantissa * 10f64.powi(exp);
        rest = r;
    }
    if !value.is_finite() {
        return None;
    }
    Some((if negative { -value } else { value }, rest))
}

/// `e5`, `E-3`, ` × 10^5`, `x10^5`, `*10^5`.
fn exponent(rest: &str) -> Option<(i32, &str)> {
    if let Some(r) = rest.strip_prefix(['e', 'E'])
        && r.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
    {
        return integer(r);
    }
    let r = rest.trim_start();
    let r = r
        .strip_prefix('×')
        .or_else(|| r.strip_prefix('x'))
        .or_else(|| r.strip_prefix('*'))
        .or_else(|| r.strip_prefix('·'))?;
    let r = r.trim_start().strip_prefix("10")?;
    let r = r.strip_prefix('^').or_else(|| r.strip_prefix("**"))?;
    integer(r)
}

fn integer(s: &str) -> Option<(i32, &str)> {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => (-1, b),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    if end == 0 || end > 4 {
        return None;
    }
    let n: i32 = body[..end].parse().ok()?;
    Some((sign * n, &body[end..]))
}

/// Digits with thousands separators (`,`, `_`, `'`, thin or plain spaces
/// before a group of three) and a decimal point or a decimal comma.
fn digits(s: &str) -> Option<(f64, &str)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut int = String::new();
    let mut frac = String::new();
    let mut seen_point = false;
    let mut i = 0;
    let group_follows = |i: usize| {
        (1..=3).all(|k| chars.get(i + k).is_some_and(|&(_, c)| c.is_ascii_digit()))
            && !chars.get(i + 4).is_some_and(|&(_, c)| c.is_ascii_digit())
    };
    while let Some(&(_, c)) = chars.get(i) {
        match c {
            '0'..='9' => {
                if seen_point {
                    frac.push(c);
                } else {
                    int.push(c);
                }
            }
            '.' if !seen_point && chars.get(i + 1).is_some_and(|&(_, c)| c.is_ascii_digit()) => {
                seen_point = true;
            }
            ',' | '_' | '\'' | ' ' | '\u{2009}' | '\u{202f}' | '\u{a0}'
                if !seen_point && !int.is_empty() && group_follows(i) =>
            {
                // A thousands separator: skip it.
            }
            ',' if !seen_point
                && !int.is_empty()
                && chars.get(i + 1).is_some_and(|&(_, c)| c.is_ascii_digit()) =>
            {
                // `52,6`: a decimal comma (a thousands comma has three digits after it).
                seen_point = true;
            }
            _ => break,
        }
        i += 1;
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let end = chars.get(i).map_or(s.len(), |&(at, _)| at);
    let text = if frac.is_empty() {
        int
    } else {
        format!("{}.{frac}", if int.is_empty() { "0" } else { &int })
    };
    text.parse().ok().map(|v| (v, &s[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of the first reading without a dimension, or else the first.
    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() <= b.abs() * 1e-12
    }

    fn value(text: &str) -> Option<f64> {
        let found = readings(text);
        found
            .iter()
            .find(|q| q.dim == Dim::NONE)
            .or(found.first())
            .map(Quantity::value)
    }

    #[test]
    fn numbers_in_many_spellings() {
        for (text, expected) in [
            ("290000", 290_000.0),
            ("290,000", 290_000.0),
            ("~290,000", 290_000.0),
            ("≈ 290 000", 290_000.0),
            ("290k", 290_000.0),
            ("290 K", 290_000.0),
            ("2.9e5", 290_000.0),
            ("2.9E+5", 290_000.0),
            ("2.9 × 10^5", 290_000.0),
            ("2.9x10^5", 290_000.0),
            ("0.29 M", 290_000.0),
            ("0.29 million", 290_000.0),
            ("about 290 thousand", 290_000.0),
            ("52,6", 52.6),
            ("1,048,576", 1_048_576.0),
            ("2^30", 1_073_741_824.0),
            ("10^9", 1e9),
            ("25B", 25e9),
            ("-3", -3.0),
            (".5", 0.5),
            ("99.99%", 0.9999),
        ] {
            let got = value(text).unwrap_or(f64::NAN);
            assert!(
                (got - expected).abs() <= expected.abs() * 1e-12,
                "{text}: {got} != {expected}"
            );
        }
    }

    #[test]
    fn units_convert_to_bytes_and_seconds() {
        let first = |text: &str| readings(text)[0];
        assert_eq!(first("52.6 min").dim, Dim::TIME);
        assert!((first("52.6 minutes").value() - 3156.0).abs() < 1e-9);
        assert!((first("1h").value() - 3600.0).abs() < 1e-9);
        assert!(near(first("10TB").value(), 1e13));
        assert_eq!(first("10 TB/day").dim, Dim { data: 1, time: -1 });
        assert_eq!(first("10 TB/day").per_time, Some(DAY));
        assert!(near(first("160 Gbps").value(), 20e9));
        assert!(near(first("20 GB/s").value(), 20e9));
        assert!(near(first("1 KiB").value(), 1024.0));
        assert!(near(first("8 Mb").value(), 1e6));
        assert!(near(first("8 mb").value(), 8e6));
        assert!(near(first("150 μs").value(), 150e-6));
        assert_eq!(first("290,000 QPS").dim, Dim::RATE);
        assert_eq!(first("290k req/s").dim, Dim::RATE);
        assert_eq!(first("3 Redis nodes").dim, Dim::NONE);
        assert!(!first("3 Redis nodes").has_unit);
    }

    #[test]
    fn ambiguous_abbreviations_give_several_readings() {
        let b = readings("25 B");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].dim, Dim::DATA);
        assert!(near(b[1].value(), 25e9));
        assert_eq!(readings("5 m").len(), 2);
    }

    #[test]
    fn text_is_not_a_quantity() {
        for text in [
            "",
            "Raft",
            "HTTP/2",
            "1-4 bytes",
            "write-through",
            "12 3x",
            "1.2.3",
        ] {
            assert!(readings(text).is_empty(), "{text}");
        }
    }
}
