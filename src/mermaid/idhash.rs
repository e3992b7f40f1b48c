//! A fast keyed hash for node ids.

/// `FxHash`'s multiply-and-rotate over 8-byte words, seeded per parse, with a
/// final rotation so the low bits the hash table uses depend on every byte.
/// Ids are short; `SipHash` took a tenth of the parse.
#[derive(Debug, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        let mut word = (rest.len() as u64) << 56;
        for (k, &byte) in rest.iter().enumerate() {
            word |= u64::from(byte) << (8 * k);
        }
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
        self.0 = h;
    }

    fn write_u8(&mut self, byte: u8) {
        // `str` hashing ends with one marker byte; mix it in without the word loop.
        self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// Builds [`IdHasher`]s with a per-parse random seed.
#[derive(Debug, Clone, Copy)]
pub struct IdHash(pub u64);

impl IdHash {
    /// A hasher builder with a fresh random seed.
    pub fn new() -> Self {
        use std::hash::BuildHasher;
        Self(std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64))
    }
}

impl std::hash::BuildHasher for IdHash {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher(self.0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn equal_ids_hash_alike_and_buckets_spread() {
        let h = IdHash(42);
        assert_eq!(h.hash_one("node"), h.hash_one("node"));
        assert_ne!(h.hash_one("node"), h.hash_one("nodf"));
        assert_ne!(h.hash_one("a"), h.hash_one("a\0"));
        // Ids that differ only in the last byte of a word still spread over
        // the low bits the table indexes by.
        let buckets: HashSet<u64> = (0..64u8)
            .map(|i| h.hash_one(format!("abcdefg{}", char::from(b'0' + i))) & 63)
            .collect();
        assert!(buckets.len() > 32, "{}", buckets.len());
    }
}
