//! The word splitter: a line of text (or a glossary form) into words — letters, digits and
//! marks; an apostrophe between letters belongs to the word; every Han character is a word of
//! its own — with their byte and character offsets and script class, in one pass that counts
//! the line's characters on the way. A run of ASCII letters and digits is scanned eight bytes
//! at a time (one branch per eight bytes, not a mispredicted one at the end of every word), and
//! an ASCII word is split without classifying characters.

use crate::chars::{self, CharScript};

/// Script classes of words, for choosing suffix rules (the numbers of [`CharScript`]).
pub(super) const SCRIPT_OTHER: u8 = CharScript::Other as u8;
pub(super) const SCRIPT_LATIN: u8 = CharScript::Latin as u8;
pub(super) const SCRIPT_HAN: u8 = CharScript::Han as u8;

/// The script class of a letter.
pub(super) fn script_of(c: char) -> u8 {
    chars::script_of(c) as u8
}

pub(super) fn is_han(c: char) -> bool {
    chars::script_of(c) == CharScript::Han
}

/// Whether `c` belongs to a word: letters, digits, combining marks and the joiners Persian
/// spelling puts inside words.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || chars::is_mark(c) || chars::is_joiner(c)
}

/// A word of a line: its byte and character ranges, its script class and, once the line is
/// prepared, its candidate readings.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Characters before the word in its line.
    pub(super) char_start: usize,
    /// Characters up to the end of the word.
    pub(super) char_end: usize,
    pub(super) script: u8,
    /// What the word reads as (filled in by [`Annotator::prepare`](crate::text::Annotator::prepare)).
    pub(super) reading: Reading,
}

/// The candidate readings of a word as written: a range of the candidates in the word cache,
/// and whether one of them can start a name.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Reading {
    pub(super) lo: u32,
    pub(super) hi: u32,
    pub(super) starts: bool,
}

/// What a character is to the word splitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CharClass {
    /// A letter, digit or mark of the given script class.
    Word(u8),
    /// A Han character: a word of its own.
    Han,
    /// An apostrophe: part of a word between letters.
    Apostrophe,
    /// Anything else: a separator.
    Other,
}

#[inline]
pub(super) fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            CharClass::Word(SCRIPT_LATIN)
        } else if c.is_ascii_digit() {
            CharClass::Word(SCRIPT_OTHER)
        } else if chars::is_apostrophe(c) {
            CharClass::Apostrophe
        } else {
            CharClass::Other
        };
    }
    // The letters of the glossary's scripts, without the general Unicode tables.
    if let Some(script) = chars::common_letter_script(c) {
        return CharClass::Word(script as u8);
    }
    // General punctuation (quotation marks, dashes, spaces): separators, but for the joiners
    // (inside words) and the apostrophe look-alikes (’ ‘ ′).
    if chars::is_general_punctuation(c) {
        return if chars::is_joiner(c) {
            CharClass::Word(SCRIPT_OTHER)
        } else if chars::is_apostrophe(c) {
            CharClass::Apostrophe
        } else {
            CharClass::Other
        };
    }
    classify_generic(c)
}

/// [`classify`] by the general Unicode tables, without its shortcuts.
pub(super) fn classify_generic(c: char) -> CharClass {
    if is_han(c) {
        CharClass::Han
    } else if is_word_char(c) {
        CharClass::Word(script_of(c))
    } else if chars::is_apostrophe(c) {
        CharClass::Apostrophe
    } else {
        CharClass::Other
    }
}

/// The class of every ASCII character.
// Evaluated at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
pub(super) const ASCII_CLASS: [CharClass; 128] = {
    let mut table = [CharClass::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            CharClass::Word(SCRIPT_LATIN)
        } else if c.is_ascii_digit() {
            CharClass::Word(SCRIPT_OTHER)
        } else if chars::is_apostrophe(c as char) {
            CharClass::Apostrophe
        } else {
            CharClass::Other
        };
        b += 1;
    }
    table
};

/// The class and length in bytes of the character at byte `at` (`Other` of length 0 past the
/// end).
#[inline(always)]
pub(super) fn class_at(line: &str, at: usize) -> (CharClass, usize) {
    match line.as_bytes().get(at) {
        None => (CharClass::Other, 0),
        Some(&b) if b < 0x80 => (
            ASCII_CLASS
                .get(usize::from(b))
                .copied()
                .unwrap_or(CharClass::Other),
            1,
        ),
        Some(_) => match line.get(at..).and_then(|rest| rest.chars().next()) {
            Some(c) => (classify(c), c.len_utf8()),
            None => (CharClass::Other, 1),
        },
    }
}

/// Whether a byte is an ASCII letter or digit, by table (indexed by a `u8`, so never out of
/// bounds).
// Evaluated at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
pub(super) const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Eight bytes with the value `b`.
pub(super) const fn eight(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The high bit of every byte of `x` (eight bytes of text, the first in the lowest bits) that
/// is an ASCII letter or digit. No byte's arithmetic carries into the next: every byte is first
/// cut to seven bits, and bytes of 0x80 and over are cleared at the end.
#[inline(always)]
pub(super) fn ascii_word_bytes(x: u64) -> u64 {
    let seven = x & eight(0x7F);
    // Setting bit 5 maps A–Z onto a–z and nothing else onto a–z.
    let lower = seven | eight(0x20);
    // The high bit of `v + (0x80 - lo)` is set when v >= lo, that of `v + (0x7F - hi)` when
    // v > hi.
    let letter = (lower + eight(0x80 - b'a')) & !(lower + eight(0x7F - b'z'));
    let digit = (seven + eight(0x80 - b'0')) & !(seven + eight(0x7F - b'9'));
    (letter | digit) & !x & eight(0x80)
}

/// The first position from `at` where a run of bytes ends, eight bytes at a time: `stops` gives
/// the high bit of every byte of eight that ends the run, `stops_at` says the same of one byte
/// (for the last few bytes). Branching once per eight bytes rather than once per byte keeps the
/// processor from mispredicting the end of every word.
#[inline(always)]
pub(super) fn run_end(
    bytes: &[u8],
    mut at: usize,
    stops: impl Fn(u64) -> u64,
    stops_at: impl Fn(u8) -> bool,
) -> usize {
    while let Some(chunk) = bytes.get(at..at.saturating_add(8)) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let stop = stops(u64::from_le_bytes(chunk)) & eight(0x80);
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if stops_at(b) {
            break;
        }
        at += 1;
    }
    at
}

/// Whether the apostrophe at byte `at` (of `len` bytes) joins the word that started at `start`
/// to what follows: a letter before it (passing marks and joiners, UAX #29 rule WB4) and a
/// letter after it, or a digit on both sides.
pub(super) fn apostrophe_joins(line: &str, start: usize, at: usize, len: usize) -> bool {
    let next = line.get(at + len..).and_then(|rest| rest.chars().next());
    let before = line.get(start..at).and_then(|word| {
        word.chars()
            .rev()
            .find(|&c| !chars::is_mark(c) && !chars::is_joiner(c))
    });
    // UAX #29's letters (ALetter) are the alphabetic characters but ideographs; digits join
    // across an apostrophe too (1'000, rules WB11 and WB12).
    let letter = |c: char| c.is_alphabetic() && !is_han(c);
    (next.is_some_and(letter) && before.is_some_and(letter))
        || (next.is_some_and(char::is_numeric) && before.is_some_and(char::is_numeric))
}

/// How far [`split_words`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Extent {
    /// All of the text given.
    Whole,
    /// Up to the first line break (`\n`), so that a text is split into lines on the way,
    /// without searching every line's end first.
    Line,
}

/// Splits `line` into words (see the module documentation), all of it or up to the first line
/// break (`extent`); returns how many bytes it read (up to the line break or the end) and the
/// number of characters in them. Characters are counted on the way: every byte of a
/// multi-byte character but the first is subtracted as the character is passed.
// `ASCII_WORD` has 256 entries, so indexing it with a byte cannot go out of bounds.
#[allow(clippy::indexing_slicing)]
pub(super) fn split_words(line: &str, words: &mut Vec<Word>, extent: Extent) -> (usize, usize) {
    words.clear();
    let bytes = line.as_bytes();
    let mut at = 0;
    // Continuation bytes of the multi-byte characters before `at`.
    let mut extra = 0;
    loop {
        // Skip ASCII separators (spaces, punctuation): mostly a single space. A line break is
        // only ever passed here.
        while let Some(&b) = bytes.get(at) {
            if b >= 0x80 || ASCII_WORD[usize::from(b)] {
                break;
            }
            if b == b'\n' && extent == Extent::Line {
                return (at, at - extra);
            }
            at += 1;
        }
        let Some(&first) = bytes.get(at) else {
            break;
        };
        // The common case, without classifying characters: a word of ASCII letters and digits
        // followed by the end of the line or an ASCII separator other than an apostrophe.
        if first < 0x80 {
            let end = run_end(
                bytes,
                at,
                |x| !ascii_word_bytes(x),
                |b| !ASCII_WORD[usize::from(b)],
            );
            if bytes
                .get(end)
                .is_none_or(|&b| b < 0x80 && !chars::is_apostrophe(b as char))
            {
                let latin = first.is_ascii_alphabetic()
                    || bytes
                        .get(at..end)
                        .is_some_and(|w| w.iter().any(u8::is_ascii_alphabetic));
                words.push(Word {
                    start: at,
                    end,
                    char_start: at - extra,
                    char_end: end - extra,
                    script: if latin { SCRIPT_LATIN } else { SCRIPT_OTHER },
                    reading: Reading::default(),
                });
                at = end;
                continue;
            }
        }
        let (class, len) = class_at(line, at);
        let char_start = at - extra;
        extra += len.saturating_sub(1);
        match class {
            CharClass::Word(first) => {
                let start = at;
                let mut script = first;
                at += len;
                loop {
                    // The common case: a run of ASCII letters and digits.
                    at = run_end(
                        bytes,
                        at,
                        |x| !ascii_word_bytes(x),
                        |b| !ASCII_WORD[usize::from(b)],
                    );
                    let (class, len) = class_at(line, at);
                    match class {
                        CharClass::Word(s) => {
                            if script == SCRIPT_OTHER {
                                script = s;
                            }
                            at += len;
                            extra += len.saturating_sub(1);
                        }
                        // An apostrophe between letters belongs to the word (Kazakhstan's); not
                        // one next to a digit (UAX #29, rules WB6 and WB7).
                        CharClass::Apostrophe if apostrophe_joins(line, start, at, len) => {
                            at += len;
                            extra += len.saturating_sub(1);
                        }
                        _ => break,
                    }
                }
                if script == SCRIPT_OTHER
                    && line
                        .get(start..at)
                        .is_some_and(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
                {
                    script = SCRIPT_LATIN;
                }
                words.push(Word {
                    start,
                    end: at,
                    char_start,
                    char_end: at - extra,
                    script,
                    reading: Reading::default(),
                });
            }
            CharClass::Han => {
                words.push(Word {
                    start: at,
                    end: at + len,
                    char_start,
                    char_end: char_start + 1,
                    script: SCRIPT_HAN,
                    reading: Reading::default(),
                });
                at += len;
            }
            CharClass::Apostrophe | CharClass::Other => at += len.max(1),
        }
    }
    (bytes.len(), bytes.len() - extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_punctuation_han_and_keep_inner_apostrophes() {
        let line = "Kazakhstan's «Құлжа»-伊宁市, Xi'an; end'";
        let mut words = Vec::new();
        split_words(line, &mut words, Extent::Whole);
        let got: Vec<&str> = words.iter().map(|w| &line[w.start..w.end]).collect();
        assert_eq!(
            got,
            ["Kazakhstan's", "Құлжа", "伊", "宁", "市", "Xi'an", "end"]
        );
    }

    #[test]
    fn eight_bytes_at_a_time_agree_with_one_at_a_time() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = [b'x'; 8];
                chunk[at] = b;
                let mask = ascii_word_bytes(u64::from_le_bytes(chunk));
                assert_eq!(
                    mask & (0x80 << (8 * at)) != 0,
                    ASCII_WORD[usize::from(b)],
                    "{b:#x}"
                );
                assert_eq!(mask | (0x80 << (8 * at)), eight(0x80));
            }
        }
        let text = b"Alma-Ata  is 12 km, ok";
        for at in 0..text.len() {
            let by_byte = (at..text.len())
                .find(|&i| !ASCII_WORD[usize::from(text[i])])
                .unwrap_or(text.len());
            let run = run_end(
                text,
                at,
                |x| !ascii_word_bytes(x),
                |b| !ASCII_WORD[usize::from(b)],
            );
            assert_eq!(run, by_byte, "{at}");
        }
    }

    #[test]
    fn shortcuts_agree_with_the_unicode_tables_for_every_code_point() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(classify(c), classify_generic(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn words_carry_character_offsets_and_the_line_its_length() {
        let line = "«Құлжа» — 伊宁, Kazakhstan’s x";
        let mut words = Vec::new();
        let (bytes, chars) = split_words(line, &mut words, Extent::Whole);
        assert_eq!((bytes, chars), (line.len(), line.chars().count()));
        let mut first_line = Vec::new();
        let two_lines = format!("{line}\r\nnext line");
        let (bytes, chars) = split_words(&two_lines, &mut first_line, Extent::Line);
        assert_eq!((bytes, chars), (line.len() + 1, line.chars().count() + 1));
        assert_eq!(first_line.len(), words.len());
        for w in &words {
            assert_eq!(w.char_start, line[..w.start].chars().count());
            assert_eq!(w.char_end, line[..w.end].chars().count());
        }
    }
}

/// The annotator's word splitter against Unicode's word boundaries (UAX #29, as
/// `unicode-segmentation` implements them), and its fold against the lookup keys.
#[cfg(test)]
mod boundary_tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::{Extent, split_words};

    /// Pieces of text: ASCII and non-ASCII letters and digits of the region's scripts, marks
    /// after letters, apostrophes of both kinds, hyphens, spaces, Han, and punctuation that is
    /// not between letters or digits, the joiner between Arabic letters (where Persian puts
    /// it; at the start of a word UAX #29 gives it to the space before). UAX #29 keeps `.` `:` `,` `;` `_` and the grave accent
    /// between letters or digits inside one word (*e.g*, *3.14*, *a_b*); the annotator splits
    /// there on purpose (names are matched with their punctuation, *St. Petersburg*), so the
    /// generator puts those only before a space.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "Z",
            "q",
            "7",
            "0",
            "ş",
            "İ",
            "é",
            "ж",
            "Қ",
            "ё",
            "ق",
            "ە",
            "ۈ",
            "ک",
            "٣",
            "伊",
            "宁",
            "e\u{301}",
            "и\u{306}",
            "ب\u{64E}",
            "'",
            "’",
            " ",
            "  ",
            "-",
            "‐",
            "— ",
            ", ",
            ". ",
            "! ",
            "? ",
            "«",
            "»",
            "(",
            ")",
            "\"",
            "; ",
            ": ",
            "\t",
            "/",
            "…",
            "“",
            "”",
            "1st",
            "Kazakhstan's",
            "Xi'an",
            "ئۈرۈمچى",
            "Шымкент",
            "ب\u{200C}ب",
        ])
    }

    /// The words of `text` by UAX #29 that contain a letter or digit.
    fn uax29_words(text: &str) -> Vec<&str> {
        text.split_word_bounds()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The splitter's words (with its fast path for ASCII words) are UAX #29's words.
        #[test]
        fn words_are_uax29_words(pieces in prop::collection::vec(piece(), 0..24)) {
            let text: String = pieces.concat();
            let mut words = Vec::new();
            split_words(&text, &mut words, Extent::Whole);
            let ours: Vec<&str> = words.iter().map(|w| &text[w.start..w.end]).collect();
            prop_assert_eq!(ours, uax29_words(&text), "{:?}", text);
        }
    }
}
