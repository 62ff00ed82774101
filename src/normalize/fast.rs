//! A one-pass check that [`super::normalize`] leaves a text alone, for the texts of the
//! region's alphabets below U+0800 (Latin, Cyrillic, Arabic script): queries and keys are
//! mostly such texts, and most are clean already.
//!
//! The per-character facts are read from the functions the full pipeline uses (the NFC quick
//! check and combining class, [`super::needs_cleaning`], the apostrophe and script tests),
//! once, into a table; [`is_settled`] then answers `true` only when every step of
//! `normalize_once` would leave the text as it is.

use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// The characters the one-pass paths cover: `U+0000..U+0800` (the Latin, Cyrillic and
/// Arabic-script letters of the region's names). The key's table covers the same range, since
/// it runs only on texts [`is_settled`] accepts.
pub(crate) const COVERED: usize = 0x800;

/// A character with canonical combining class 0 whose NFC quick check is `Yes`: the quick
/// check of a text made of such characters is `Yes` (each one resets its state).
const NFC_STARTER: u8 = 1;
/// [`super::clean_arabic`] changes (or may combine) the character.
const CLEANED: u8 = 2;
/// An apostrophe look-alike that is not `'`.
const ODD_APOSTROPHE: u8 = 4;
/// A Latin letter.
const LATIN: u8 = 8;
/// A Cyrillic letter.
const CYRILLIC: u8 = 16;
/// Whitespace other than U+0020.
const OTHER_SPACE: u8 = 32;

/// The facts of each covered character.
fn table() -> &'static [u8; COVERED] {
    static TABLE: OnceLock<[u8; COVERED]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u8; COVERED];
        for (cp, facts) in (0u32..).zip(table.iter_mut()) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let starter = canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
            for (fact, holds) in [
                (NFC_STARTER, starter),
                (CLEANED, super::needs_cleaning(c)),
                (ODD_APOSTROPHE, super::is_odd_apostrophe(c)),
                (LATIN, super::is_latin(c)),
                (CYRILLIC, super::is_cyrillic(c)),
                (OTHER_SPACE, c.is_whitespace() && c != ' '),
            ] {
                if holds {
                    *facts |= fact;
                }
            }
        }
        table
    })
}

/// Whether `normalize_once` returns `text` borrowed, by a pass over its characters; `false`
/// says nothing (the full steps decide). `true` needs every character below U+0800 and:
/// a starter with NFC quick check `Yes` (so the text is NFC), none that Arabic clean-up
/// changes, no apostrophe look-alike and not both Latin and Cyrillic letters (so no word is
/// repaired), and single spaces between words only.
pub(crate) fn is_settled(text: &str) -> bool {
    let table = table();
    let (mut latin, mut cyrillic) = (false, false);
    let mut previous_space = true;
    for c in text.chars() {
        let Some(&facts) = table.get(c as usize) else {
            return false;
        };
        if facts & (CLEANED | ODD_APOSTROPHE | OTHER_SPACE) != 0 || facts & NFC_STARTER == 0 {
            return false;
        }
        let space = c == ' ';
        if space && previous_space {
            // A leading space, or two together.
            return false;
        }
        previous_space = space;
        latin |= facts & LATIN != 0;
        cyrillic |= facts & CYRILLIC != 0;
    }
    // No trailing space (an empty text has none), and letters of one script at most.
    let trailing_space = previous_space && !text.is_empty();
    let mixed = latin && cyrillic;
    !(trailing_space || mixed)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::*;

    /// Texts of the region's alphabets with spaces, tabs, apostrophes, marks and the letters
    /// normalization changes among them.
    fn text() -> impl Strategy<Value = String> {
        crate::proptest_text::region_text(&[
            ' ', ' ', '\t', '\u{2019}', '\'', '\u{301}', 'ё', 'Ё', 'ı', 'İ', 'ه', 'ی', '\u{654}',
            'ى', 'а', 'a',
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// A text the check calls settled is one the full steps leave borrowed.
        #[test]
        fn settled_texts_are_left_alone(s in text()) {
            if is_settled(&s) {
                prop_assert!(matches!(super::super::normalize_once_steps(&s), Cow::Borrowed(_)), "{s:?}");
            }
        }
    }

    #[test]
    fn clean_names_of_each_script_are_settled() {
        for s in [
            "Almaty",
            "Ürümqi Şähri",
            "Алматы",
            "Құлжа қаласы",
            "قەشقەر",
            "",
            "a b",
        ] {
            assert!(is_settled(s), "{s:?}");
        }
        for s in [
            " a",
            "a ",
            "a  b",
            "a\tb",
            "Aлмaты",
            "Kul’dzha",
            "ه",
            "e\u{301}",
            "乌鲁木齐",
        ] {
            assert!(!is_settled(s), "{s:?}");
        }
    }
}
