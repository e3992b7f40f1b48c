//! Interval fuzz: deterministic, so every device replays the same due dates.
//!
//! As in Anki, the fuzz of a review depends on the card and how many times it
//! was answered before, so cards learned together drift apart while a replay
//! of the same log gives the same intervals everywhere. The hash is FNV-1a
//! followed by a `SplitMix64` finaliser: stable across platforms and versions,
//! unlike `std`'s `DefaultHasher`.

/// A value in `[0, 1)` derived from a card key and its answer count.
#[cfg(test)]
pub(crate) fn fuzz_factor(card_key: &str, reps: u32) -> f64 {
    fuzz_factor_of(key_seed(card_key), reps)
}

/// The per-card part of the fuzz: computed once per card, so replaying
/// never reads the key's text again.
pub(crate) fn key_seed(card_key: &str) -> u64 {
    fnv1a(card_key.as_bytes())
}

/// [`fuzz_factor`] from a card's [`key_seed`].
pub(crate) fn fuzz_factor_of(seed: u64, reps: u32) -> f64 {
    let h = mix(seed ^ u64::from(reps).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A stable 64-bit hash of a key from its [`key_seed`] (orders same-day
/// reviews).
pub(crate) fn order_of(seed: u64) -> u64 {
    mix(seed)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Anki's fuzz ranges: 15% of the part of the interval between 2.5 and 7
/// days, 10% between 7 and 20, 5% beyond, plus one day.
fn fuzz_delta(interval: f64) -> f64 {
    const RANGES: [(f64, f64, f64); 3] =
        [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::MAX, 0.05)];
    if interval < 2.5 {
        return 0.0;
    }
    RANGES.iter().fold(1.0, |delta, &(start, end, factor)| {
        delta + factor * (interval.min(end) - start).max(0.0)
    })
}

/// The interval in whole days, fuzzed within Anki's range and kept within
/// `minimum..=maximum`.
pub(crate) fn fuzzed_interval(interval: f64, minimum: u32, maximum: u32, factor: f64) -> u32 {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(f64::from(minimum), f64::from(maximum));
    let delta = fuzz_delta(interval);
    let lower = ((interval - delta).round() as u32).clamp(minimum, maximum);
    let mut upper = ((interval + delta).round() as u32).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    let fuzzed = (f64::from(lower) + factor * f64::from(1 + upper - lower)).floor() as u32;
    fuzzed.clamp(lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_intervals_are_not_fuzzed() {
        for f in [0.0, 0.5, 0.999] {
            assert_eq!(fuzzed_interval(1.0, 1, 36_500, f), 1);
            assert_eq!(fuzzed_interval(2.2, 1, 36_500, f), 2);
        }
    }

    #[test]
    fn fuzz_stays_within_anki_bounds() {
        // 100 days: delta = 1 + 0.15*4.5 + 0.1*13 + 0.05*80 = 6.975 -> 93..=107.
        assert_eq!(fuzzed_interval(100.0, 1, 36_500, 0.0), 93);
        assert_eq!(fuzzed_interval(100.0, 1, 36_500, 0.999_999), 107);
        // Clamped to the maximum first, then fuzzed below it: 46..=50.
        assert_eq!(fuzzed_interval(100.0, 1, 50, 0.5), 48);
        assert_eq!(fuzzed_interval(100.0, 1, 50, 0.999), 50);
        assert_eq!(fuzzed_interval(3.0, 5, 36_500, 0.0), 5);
    }

    #[test]
    fn factors_are_deterministic_and_spread() {
        assert_eq!(
            fuzz_factor("d/c", 3).to_bits(),
            fuzz_factor("d/c", 3).to_bits()
        );
        let values: Vec<f64> = (0..1_000)
            .map(|i| fuzz_factor(&format!("d/c{i}"), 2))
            .collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "mean {mean}");
        let low = values.iter().filter(|v| **v < 0.5).count();
        assert!((400..600).contains(&low), "{low} below 0.5");
    }
}
