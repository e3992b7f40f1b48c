//! Forgiving comparison of typed text: case, spacing, punctuation and
//! accents do not count, a typo or two counts as close.

/// `text` for comparison: lowercase, accents removed, punctuation turned
/// into spaces (`+` and `#` kept, as in `C++`), leading articles dropped,
/// white space collapsed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(ascii) => out.push_str(ascii),
            None if c.is_alphanumeric() || matches!(c, '+' | '#') => out.push(c),
            None => out.push(' '),
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&("the" | "a" | "an"), rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// Forms of an expected answer that count as exact: as written, and without
/// parenthesised parts (`Cache-aside (lazy loading)` -> `Cache-aside`).
pub fn forms(expected: &str) -> Vec<String> {
    let mut out = vec![normalize(expected)];
    let mut bare = String::new();
    let mut depth = 0usize;
    for c in expected.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let bare = normalize(&bare);
    if !bare.is_empty() && !out.contains(&bare) {
        out.push(bare);
    }
    out
}

/// Typos allowed for a (space-free) answer of `len` characters.
pub fn typos_allowed(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Edit distance with swaps of neighbours (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ASCII for accented Latin letters (lowercase), `None` for other characters.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_drops_case_punctuation_accents_and_articles() {
        assert_eq!(normalize("  Write-Through! "), "write through");
        assert_eq!(normalize("The Load   Balancer"), "load balancer");
        assert_eq!(normalize("Café Crème"), "cafe creme");
        assert_eq!(normalize("C++"), "c++");
        assert_eq!(normalize("a"), "a");
    }

    #[test]
    fn forms_without_parentheses() {
        assert_eq!(
            forms("Cache-aside (lazy loading)"),
            ["cache aside lazy loading", "cache aside"]
        );
        assert_eq!(forms("Raft"), ["raft"]);
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("raft", "raft"), 0);
        assert_eq!(distance("raft", "rafts"), 1);
        assert_eq!(distance("raft", "arft"), 1);
        assert_eq!(distance("gossip", "gosip"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
