//! Checking typed answers: text compared forgivingly, numbers with units
//! and a tolerance. The result suggests a grade; the user confirms it.

mod quantity;
mod text;

use std::fmt::Write as _;

use quantity::{Dim, Quantity, readings};

use super::model::TypedAnswer;

/// How a typed answer compares with the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Not the answer.
    Wrong,
    /// Nearly: a typo, or a number within the tolerance.
    Close,
    /// The answer (up to case, spacing, punctuation, units and rounding).
    Exact,
}

/// A review grade, as on the study screen's 1-4 keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// 1: forgotten.
    Again,
    /// 2: recalled with difficulty.
    Hard,
    /// 3: recalled.
    Good,
    /// 4: recalled easily.
    Easy,
}

impl Grade {
    /// The key and number of the grade, 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            Self::Again => 1,
            Self::Hard => 2,
            Self::Good => 3,
            Self::Easy => 4,
        }
    }
}

/// The outcome of checking a typed answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// How the answer compares.
    pub verdict: Verdict,
    /// The grade to suggest: Good for exact, Hard for close, Again for wrong.
    pub suggested_grade: Grade,
    /// One sentence for the user, such as
    /// `close: 53 minutes is 0.8% off 52.6 minutes (within ±5%)`.
    pub detail: String,
}

/// Numbers this close (relative) count as exact even with a larger
/// tolerance: 289,352 for 290,000, 52.56 for 52.6.
const EXACT_BAND: f64 = 0.005;
/// Room for floating-point error in unit conversions.
const EPSILON: f64 = 1e-9;

/// Checks `given` against the expected answer and its alternatives.
pub fn check_answer(expected: &TypedAnswer, given: &str) -> Match {
    let given = given.trim();
    if given.is_empty() {
        return verdict(
            Verdict::Wrong,
            format!("no answer; the answer is {}", expected.expect),
        );
    }
    let mut best: Option<(Verdict, String)> = None;
    for alternative in std::iter::once(&expected.expect).chain(&expected.also) {
        let (v, detail) = compare(alternative, expected.tolerance, given);
        if best.as_ref().is_none_or(|(b, _)| v > *b) {
            best = Some((v, detail));
        }
        if v == Verdict::Exact {
            break;
        }
    }
    let (v, detail) = best.unwrap_or((Verdict::Wrong, String::new()));
    verdict(v, detail)
}

fn verdict(verdict: Verdict, detail: String) -> Match {
    Match {
        verdict,
        suggested_grade: match verdict {
            Verdict::Exact => Grade::Good,
            Verdict::Close => Grade::Hard,
            Verdict::Wrong => Grade::Again,
        },
        detail,
    }
}

/// What is wrong with an expected answer as written in a deck, if anything.
pub fn expectation_problem(expect: &str, tolerance: f64) -> Option<String> {
    let found = readings(expect);
    match found.len() {
        0 if tolerance > 0.0 => Some(format!(
            "`{expect}` is not a number, but a tolerance only applies to numbers; write a number such as `290,000 QPS` or remove `tolerance`"
        )),
        0 | 1 => None,
        _ => Some(format!(
            "the unit of `{expect}` can be read two ways (`B`: bytes or billion; `m`: minutes or million); write it out, such as `bytes`, `billion` or `minutes`"
        )),
    }
}

/// Whether an expected answer is a number (typed answers then show a unit
/// hint and compare numerically).
pub fn is_numeric(expect: &str) -> bool {
    !readings(expect).is_empty()
}

/// The unit of a numeric expected answer, to hint at it beside the field
/// (`QPS` for `290,000 QPS`); empty for text and bare numbers.
pub fn unit_hint(expect: &str) -> String {
    if is_numeric(expect) {
        expected_unit_text(expect)
    } else {
        String::new()
    }
}

fn compare(expected: &str, tolerance: f64, given: &str) -> (Verdict, String) {
    match readings(expected).first() {
        Some(e) => compare_numbers(expected, e, tolerance, given),
        None => compare_text(expected, given),
    }
}

fn compare_text(expected: &str, given: &str) -> (Verdict, String) {
    let g = text::normalize(given);
    let g_tight: String = g.split_whitespace().collect();
    let mut close = false;
    for form in text::forms(expected) {
        let f_tight: String = form.split_whitespace().collect();
        if g == form || g_tight == f_tight {
            return (Verdict::Exact, format!("right: {expected}"));
        }
        let typos = text::distance(&g_tight, &f_tight);
        if typos <= text::typos_allowed(f_tight.chars().count()) {
            close = true;
        }
    }
    if close {
        (
            Verdict::Close,
            format!("close (check the spelling): the answer is {expected}"),
        )
    } else {
        (Verdict::Wrong, format!("the answer is {expected}"))
    }
}

fn compare_numbers(expected: &str, e: &Quantity, tolerance: f64, given: &str) -> (Verdict, String) {
    let answers = readings(given);
    if answers.is_empty() {
        return (
            Verdict::Wrong,
            format!("“{given}” is not a number; the answer is {expected}"),
        );
    }
    let Some(value) = answers.iter().find_map(|a| in_expected_unit(a, e)) else {
        return (
            Verdict::Wrong,
            format!(
                "the answer is {} ({expected}), but “{given}” is {}",
                e.dim.describe(),
                answers[0].dim.describe()
            ),
        );
    };
    let target = e.value();
    let off = if target == 0.0 {
        if value == 0.0 { 0.0 } else { f64::INFINITY }
    } else {
        (value - target).abs() / target.abs()
    };
    let unit_words = expected_unit_text(expected);
    let mut yours = format_number(value / (e.scale * e.unit));
    if !unit_words.is_empty() {
        let _ = write!(yours, " {unit_words}");
    }
    let percent = |x: f64| {
        if x < 0.001 {
            "less than 0.1%".to_owned()
        } else {
            format!("{:.1}%", x * 100.0)
        }
    };
    if off <= tolerance.min(EXACT_BAND) + EPSILON {
        let detail = if off <= EPSILON {
            format!("right: {expected}")
        } else {
            format!("right: {yours} rounds to {expected}")
        };
        (Verdict::Exact, detail)
    } else if off <= tolerance + EPSILON {
        (
            Verdict::Close,
            format!(
                "close: {yours} is {} off {expected} (within ±{})",
                percent(off),
                percent(tolerance)
            ),
        )
    } else {
        let allowed = if tolerance > 0.0 {
            format!(" (more than ±{})", percent(tolerance))
        } else {
            String::new()
        };
        (
            Verdict::Wrong,
            format!("{yours} is {} off {expected}{allowed}", percent(off)),
        )
    }
}

/// The answer's value in base units, read the way the expected answer is
/// written: a bare number takes the expected unit, and a rate and a total
/// over the same period match (`10 TB/day` for `10 TB` asked per day).
fn in_expected_unit(a: &Quantity, e: &Quantity) -> Option<f64> {
    let mut a = *a;
    if !a.has_unit && e.has_unit && a.dim == Dim::default() {
        a.unit = e.unit;
        a.dim = e.dim;
    }
    if a.dim == e.dim {
        return Some(a.value());
    }
    // `52.6 minutes per year` for `52.6 minutes`: drop the answer's period.
    if let Some(per) = a.per_time
        && (Dim {
            data: a.dim.data,
            time: a.dim.time + 1,
        }) == e.dim
    {
        return Some(a.value() * per);
    }
    // `10 TB` for `10 TB/day`: take the expected period.
    if let Some(per) = e.per_time
        && (Dim {
            data: a.dim.data,
            time: a.dim.time - 1,
        }) == e.dim
    {
        return Some(a.value() / per);
    }
    None
}

/// The unit words of an expected answer: `QPS` of `~290,000 QPS`.
fn expected_unit_text(expected: &str) -> String {
    quantity::number(expected).map_or_else(String::new, |(_, rest)| rest.trim().to_owned())
}

/// A number for messages: four significant digits, thousands separated.
fn format_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-3..15).contains(&magnitude) {
        return format!("{x:.3e}");
    }
    let decimals = (3 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_for_messages() {
        assert_eq!(format_number(290_000.0), "290,000");
        assert_eq!(format_number(52.56), "52.56");
        assert_eq!(format_number(53.0), "53");
        assert_eq!(format_number(0.125), "0.125");
        assert_eq!(format_number(-1234.6), "-1,235");
        assert_eq!(format_number(1.1e15), "1.100e15");
    }

    #[test]
    fn unit_text_of_expected_answers() {
        assert_eq!(expected_unit_text("~290,000 QPS"), "QPS");
        assert_eq!(expected_unit_text("2.9e5 QPS"), "QPS");
        assert_eq!(expected_unit_text("52.6 minutes"), "minutes");
        assert_eq!(expected_unit_text("86,400"), "");
    }

    #[test]
    fn expectations_are_checked() {
        assert!(expectation_problem("Raft", 0.0).is_none());
        assert!(expectation_problem("Raft", 0.1).is_some());
        assert!(expectation_problem("25 B", 0.0).is_some());
        assert!(expectation_problem("25 billion", 0.0).is_none());
        assert!(is_numeric("10 TB"));
        assert!(!is_numeric("TCP"));
    }
}
