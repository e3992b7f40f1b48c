//! Ids made from titles, file names and foreign keys.

/// A deck or card id from free text: lowercase letters and digits with
/// single `-` between words, at most 60 characters; `fallback` if nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// Whether `id` is acceptable as a deck or card id (what `deck::validate` checks).
pub fn is_valid_id(id: &str) -> bool {
    !id.trim().is_empty()
        && id == id.trim()
        && !id.contains('/')
        && !id.chars().any(char::is_control)
}

/// A 64-bit FNV-1a hash, for stable ids derived from content.
pub fn fnv64(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("System Design Interview QA - 1", "x"),
            "system-design-interview-qa-1"
        );
        assert_eq!(slug("  ¿¡ ", "deck"), "deck");
        assert_eq!(slug("Ünïcode Déck", "x"), "ünïcode-déck");
        assert!(is_valid_id("q1-overview"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(" a"));
    }
}
