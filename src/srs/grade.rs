//! The four answer buttons.

use std::fmt;

/// How well the user remembered a card: Anki's four buttons, numbered 1 to 4
/// as in Anki's review log and in FSRS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// Forgot: the card is shown again soon.
    Again = 1,
    /// Remembered with serious difficulty.
    Hard = 2,
    /// Remembered.
    Good = 3,
    /// Remembered effortlessly.
    Easy = 4,
}

impl Grade {
    /// All grades, in button order.
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// The grade with this number (1 = Again ... 4 = Easy).
    pub const fn from_number(n: u8) -> Option<Grade> {
        match n {
            1 => Some(Grade::Again),
            2 => Some(Grade::Hard),
            3 => Some(Grade::Good),
            4 => Some(Grade::Easy),
            _ => None,
        }
    }

    /// The grade's number (1 = Again ... 4 = Easy).
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// Index into `[_; 4]` arrays in button order.
    pub const fn index(self) -> usize {
        self as usize - 1
    }

    /// Button label.
    pub const fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }

    /// Whether the answer counts as remembered (everything but Again).
    pub const fn is_pass(self) -> bool {
        !matches!(self, Grade::Again)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for g in Grade::ALL {
            assert_eq!(Grade::from_number(g.number()), Some(g));
            assert_eq!(Grade::ALL[g.index()], g);
        }
        assert_eq!(Grade::from_number(0), None);
        assert_eq!(Grade::from_number(5), None);
    }
}
