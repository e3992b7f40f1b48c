//! Names of cards and devices in the review log.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

/// Why a card key or device id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// A card key is `deck/card` with both parts non-empty.
    #[error("card key {0:?} is not of the form deck/card")]
    CardKey(String),
    /// Device ids are 1 to 64 characters of `a-z`, `0-9` and `-`.
    #[error("device id {0:?} must be 1 to 64 characters of a-z, 0-9 and -")]
    DeviceId(String),
}

/// The key progress is stored under: `deck id / card id`. Cheap to clone.
///
/// Deck and card ids never contain `/` (the deck validator refuses it), so
/// the first `/` splits the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardKey(Arc<str>);

impl CardKey {
    /// The key of card `card` in deck `deck`.
    pub fn new(deck: &str, card: &str) -> Result<Self, KeyError> {
        Self::parse(&format!("{deck}/{card}"))
    }

    /// Parses `deck/card`.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        if is_card_key(text) {
            Ok(Self(Arc::from(text)))
        } else {
            Err(KeyError::CardKey(text.to_owned()))
        }
    }

    /// The deck id.
    pub fn deck(&self) -> &str {
        self.0.split_once('/').map_or(&*self.0, |(d, _)| d)
    }

    /// The card id within the deck.
    pub fn card(&self) -> &str {
        self.0.split_once('/').map_or("", |(_, c)| c)
    }

    /// The address of the shared text: equal for clones of one key.
    pub(crate) fn address(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<u8>() as usize
    }

    /// The whole key, `deck/card`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `text` is a valid `deck/card` key.
pub(crate) fn is_card_key(text: &str) -> bool {
    match text.split_once('/') {
        Some((deck, card)) => {
            !deck.is_empty()
                && !card.is_empty()
                && !card.contains('/')
                && !text.chars().any(char::is_control)
        }
        None => false,
    }
}

impl Borrow<str> for CardKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which device wrote a log record: a random id made on first run and kept in
/// a machine-local file, so each device appends to its own log only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(Arc<str>);

impl DeviceId {
    /// Parses a device id: 1 to 64 characters of `a-z`, `0-9` and `-`.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        if is_device_id(text) {
            Ok(Self(Arc::from(text)))
        } else {
            Err(KeyError::DeviceId(text.to_owned()))
        }
    }

    /// An id made of characters known to be valid (`a-z2-7`, 16 long).
    pub(crate) fn from_alphabet(text: &str) -> Self {
        debug_assert!(is_device_id(text), "{text:?}");
        Self(Arc::from(text))
    }

    /// The id as text (also the log's file stem).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `text` is a valid device id.
pub(crate) fn is_device_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_keys_split_into_deck_and_card() {
        let key = CardKey::new("system-design-1", "q2-availability").expect("valid");
        assert_eq!(key.deck(), "system-design-1");
        assert_eq!(key.card(), "q2-availability");
        assert_eq!(key.as_str(), "system-design-1/q2-availability");
    }

    #[test]
    fn malformed_card_keys_are_refused() {
        for bad in ["", "deck", "/card", "deck/", "a/b/c", "deck/ca\nrd"] {
            assert!(CardKey::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn device_ids_are_plain_lowercase() {
        assert!(DeviceId::parse("k7f3q9x2m4p8").is_ok());
        for bad in ["", "UPPER", "a/b", "a.b", &"x".repeat(65)] {
            assert!(DeviceId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
