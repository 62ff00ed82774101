//! The errors of the transliteration engine: unknown schemes, conversions between languages,
//! characters outside a scheme's alphabet in strict mode, and faults in a scheme's rule table.

use std::fmt;

/// A character that strict conversion refused, with where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offence {
    /// The character.
    pub ch: char,
    /// Its position counted in characters from the start of the text (0-based).
    pub char_index: usize,
    /// Its position counted in bytes from the start of the text (0-based).
    pub byte_offset: usize,
}

impl fmt::Display for Offence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} (U+{:04X}) at character {} (byte {})",
            self.ch, self.ch as u32, self.char_index, self.byte_offset
        )
    }
}

/// Everything that can go wrong when building or running a [`Transliterator`](super::Transliterator).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TranslitError {
    /// The scheme id is not one of the known ids.
    #[error("unknown scheme {given:?}; valid schemes: {}{}", valid.join(", "), suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
    UnknownScheme {
        /// The id as given.
        given: String,
        /// Every valid id.
        valid: Vec<&'static str>,
        /// The nearest valid id, if one is close.
        suggestion: Option<&'static str>,
    },
    /// The two schemes belong to different languages; no rule connects them.
    #[error(
        "cannot convert from {from} ({from_language}) to {to} ({to_language}): schemes convert only within one language; use a scheme of {from_language}"
    )]
    CrossLanguage {
        /// The source scheme id.
        from: &'static str,
        /// Its language.
        from_language: &'static str,
        /// The target scheme id.
        to: &'static str,
        /// Its language.
        to_language: &'static str,
    },
    /// Strict conversion met a character outside the source scheme's alphabet.
    #[error(
        "{offence} is not in the alphabet of {scheme}; remove it, or convert without strict mode to pass it through unchanged"
    )]
    OutsideAlphabet {
        /// The source scheme id.
        scheme: &'static str,
        /// The character and where it is.
        offence: Offence,
    },
    /// Strict conversion met a character of the pivot text that the target scheme cannot write.
    #[error(
        "{offence} (in the text converted to {pivot}) has no spelling in {scheme}; convert without strict mode to pass it through unchanged"
    )]
    NoSpelling {
        /// The target scheme id.
        scheme: &'static str,
        /// The pivot scheme id.
        pivot: &'static str,
        /// The character and where it is in the pivot text.
        offence: Offence,
    },
    /// A scheme's rule table is faulty. This is a defect of tilmach, found by its tests.
    #[error("the rule table of scheme {scheme} is faulty: {message}")]
    BadTable {
        /// The scheme id.
        scheme: &'static str,
        /// What is wrong.
        message: String,
    },
}
