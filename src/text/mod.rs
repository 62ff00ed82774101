//! Working with running text: finding glossary mentions ([`Annotator`]), checking a draft's
//! terminology ([`lint`]), expanding a query to every form of its entry ([`expand`]), and reading
//! text files line by line with bounded memory ([`read`]).
//!
//! The [`Annotator`] is built once from a glossary and reused. It splits every form into words
//! (letters, digits and marks; an apostrophe between letters belongs to the word; every Han
//! character is a word of its own), folds each word (NFC, lower case, Turkic `İ I ı` → `i`,
//! `ё` → `е`, Arabic `ه` → `ە` and Persian `ی` → `ى`, apostrophe look-alikes → `'`) and puts the
//! word sequences into a trie over word ids. Text is split and folded the same way; each word
//! is looked up in one hash map and tries the suffix rules ([`SuffixRules`]): an inflected word
//! matches when a stripped stem is a glossary word.
//!
//! What makes it fast (about 60 instructions per byte of mostly English text with the embedded
//! glossary, where *the*, *of* and *in* are glossary words; see `benches/annotate.rs`):
//! - One pass splits a text into lines and words and counts characters on the way; a run of
//!   ASCII letters and digits is scanned eight bytes at a time (one branch per eight bytes, not
//!   a mispredicted one at the end of every word), and an ASCII word is split without
//!   classifying characters.
//! - Each distinct word of a text is folded, looked up and stripped of endings once: later
//!   occurrences cost one lookup in a per-text cache ([`Scratch`]), for words of up to 16 bytes
//!   by a fixed-size key in a compact open-addressing table (see `cache.rs`). The cache belongs
//!   to one annotator and is emptied when it grows past 65,536 words.
//! - A word's reading says whether it can start a name, and each candidate carries the trie
//!   node it starts at, so most words never touch the trie.
//! - Trie edges across spaces are keyed by node and word packed into one `u64`; a node's forms
//!   are stored with their text, entry and letter-case demand, so choosing a form reads no
//!   glossary data, and each distinct form text is compared once.
//!
//! Matching rules:
//! - Between the words of a multi-word name the text may have any run of spaces or one hyphen
//!   (*Alma-Ata*, *Alma Ata*); between Han characters nothing; other punctuation must be as in
//!   the form (*St. Petersburg*).
//! - The longest match wins; among equally long ones, the one with fewer inflected words, then
//!   the best form (exact spelling first, then by status, entered before derived).
//! - An inflected first word needs a stem of at least the rule's minimum length (3 letters, 4 for
//!   one-letter endings); words after the first of a multi-word name may have shorter stems
//!   (*Алма-Аты*), since the words before them already anchor the match.
//! - An inflected match is accepted only for a form of a language the rule file lists
//!   (Kazakh endings on Kazakh or Russian forms, Russian endings on Russian forms, …).
//! - Letter case is folded, with two exceptions: a short acronym form (at most five letters, all
//!   capitals: *IS*, *SCO*, *КНР*) matches only text in capitals, so that the English word *is*
//!   is not taken for *IS* (the ending of an inflected acronym may be in small letters: *SCO's*);
//!   and a form with a capital letter (a proper name) does not match text without any capital,
//!   so that *foreign policy* is not the magazine *Foreign Policy* — except terms for groups,
//!   which are common nouns too (*the oralmans*).
//! - A person is found by the surname alone (*Kadeer said…*) when that surname names one entry
//!   of the glossary only; the mention's form is the full name (see `surname.rs`). A surname
//!   that several people share is found when the text named one of them in full before it
//!   ([`Context`]).

mod cache;
mod context;
mod everyday;
pub mod expand;
pub mod lint;
pub mod read;
mod rules;
mod surname;

use std::collections::HashMap;
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::chars::{self, CharScript};
use crate::glossary::{Entry, Form, FormRef, Glossary};

pub use context::{Context, HeldMention};
pub use rules::{RulesError, SuffixRules};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Script classes of words, for choosing suffix rules (the numbers of [`CharScript`]).
const SCRIPT_OTHER: u8 = CharScript::Other as u8;
const SCRIPT_LATIN: u8 = CharScript::Latin as u8;
const SCRIPT_HAN: u8 = CharScript::Han as u8;

/// Gap classes between the words of a name.
const GAP_JOINT: u32 = 0;
const GAP_NONE: u32 = 1;

/// No rule: the word matched as it is.
const NO_RULE: u32 = u32::MAX;

/// The script class of a letter.
fn script_of(c: char) -> u8 {
    chars::script_of(c) as u8
}

fn is_han(c: char) -> bool {
    chars::script_of(c) == CharScript::Han
}

/// Whether `c` belongs to a word: letters, digits, combining marks and the joiners Persian
/// spelling puts inside words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || chars::is_mark(c) || chars::is_joiner(c)
}

/// Folds one word (or rule text) into `out`: NFC, then every character by
/// [`chars::fold_char`] (lower case, Turkic `İ I ı` → `i`, `ё` → `е`, Arabic-script
/// look-alikes, apostrophe look-alikes → `'`), exactly as keys fold it.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        if out.contains('`') {
            *out = out.replace('`', "'");
        }
        return;
    }
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        fold_chars(word.chars(), out);
    } else {
        fold_chars(word.nfc(), out);
    }
}

fn fold_chars(text: impl Iterator<Item = char>, out: &mut String) {
    for c in text {
        chars::fold_char(c, out);
    }
}

/// A word of a line: its byte and character ranges, its script class and, once the line is
/// prepared, its candidate readings.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    /// Characters before the word in its line.
    char_start: usize,
    /// Characters up to the end of the word.
    char_end: usize,
    script: u8,
    /// What the word reads as (filled in by [`Annotator::prepare`]).
    reading: Reading,
}

/// The candidate readings of a word as written: a range of the candidates in the word cache,
/// and whether one of them can start a name.
#[derive(Clone, Copy, Debug, Default)]
struct Reading {
    lo: u32,
    hi: u32,
    starts: bool,
}

/// What a character is to the word splitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharClass {
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
fn classify(c: char) -> CharClass {
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
    if ('\u{2000}'..='\u{206F}').contains(&c) {
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
fn classify_generic(c: char) -> CharClass {
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
const ASCII_CLASS: [CharClass; 128] = {
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
fn class_at(line: &str, at: usize) -> (CharClass, usize) {
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
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Eight bytes with the value `b`.
const fn eight(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The high bit of every byte of `x` (eight bytes of text, the first in the lowest bits) that
/// is an ASCII letter or digit. No byte's arithmetic carries into the next: every byte is first
/// cut to seven bits, and bytes of 0x80 and over are cleared at the end.
#[inline(always)]
fn ascii_word_bytes(x: u64) -> u64 {
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
fn run_end(
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
fn apostrophe_joins(line: &str, start: usize, at: usize, len: usize) -> bool {
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
enum Extent {
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
fn split_words(line: &str, words: &mut Vec<Word>, extent: Extent) -> (usize, usize) {
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

/// How a mention matched its form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How<'a, 't> {
    /// Spelled exactly as the form.
    Exact,
    /// Spelled as the form up to case, Unicode normalization, look-alike letters or the spaces
    /// and hyphens between words.
    CaseFolded,
    /// An inflected form: `suffix` (the ending in the text) was stripped by a rule of the
    /// language `rules` (`kk`, `ug`, `ru`, `en`).
    Inflected {
        /// The ending as written in the text (of the last inflected word).
        suffix: &'t str,
        /// The language of the rule that stripped it.
        rules: &'a str,
    },
}

impl How<'_, '_> {
    /// `exact`, `case-folded` or `inflected`.
    pub fn as_str(&self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::CaseFolded => "case-folded",
            How::Inflected { .. } => "inflected",
        }
    }
}

/// One mention of a glossary entry in a text.
///
/// Offsets count from the start of the text (or file) given: `start`/`end` in bytes,
/// `char_start`/`char_end` in Unicode scalar values; `line` and `column` are 1-based, the column
/// counted in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention<'a, 't> {
    /// Byte offset of the first byte.
    pub start: u64,
    /// Byte offset just after the last byte.
    pub end: u64,
    /// Character offset of the first character.
    pub char_start: u64,
    /// Character offset just after the last character.
    pub char_end: u64,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column of the first character, in characters.
    pub column: u64,
    /// The text as written.
    pub text: &'t str,
    /// The entry mentioned.
    pub entry: &'a Entry,
    /// The form that matched.
    pub form: &'a Form,
    /// Where that form is in the glossary.
    pub at: FormRef,
    /// How it matched.
    pub how: How<'a, 't>,
    /// Whether the text is the surname alone of the person `form` names in full (*Kadeer* for
    /// *Rebiya Kadeer*); see [`Annotator`].
    pub by_surname: bool,
    /// Every form with the same words (of this and possibly other entries), best first; the
    /// chosen one is among them.
    pub candidates: &'a [FormRef],
}

/// A candidate reading of one word: a glossary word id, reached directly or through a rule.
#[derive(Clone, Copy, Debug)]
struct Cand {
    word: u32,
    /// The outer rule stripped (`NO_RULE` when the word matched as it is).
    rule: u32,
    /// Characters stripped from the end of the word.
    stripped: u32,
    /// Whether the stem is long enough for the word to start a match.
    strict: bool,
    /// The trie node the word reaches from the root when it may start a match (`strict`),
    /// else `u32::MAX`; set once per word, so that the walk does not look it up again.
    root: u32,
}

/// Reusable buffers for annotating, so that the hot path does not allocate.
#[derive(Debug, Default)]
pub struct Scratch {
    words: Vec<Word>,
    fold: String,
    build: String,
    gap: String,
    found: Vec<Found>,
    /// Words seen before and their readings (the words of a line point into its candidates).
    cache: cache::WordCache,
}

/// Gives every annotator its own id, so that a [`Scratch`] used with several annotators does not
/// mix their caches.
static NEXT_ANNOTATOR: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The trie's edges, (node, gap, word) → child node. Most edges cross spaces or a hyphen
/// (`GAP_JOINT`): those are keyed by node and word packed into one `u64`, which hashes with one
/// multiplication; the others (a literal gap such as `.`) by the triple.
#[derive(Debug, Default)]
struct Edges {
    joint: FastMap<u64, u32>,
    other: FastMap<(u32, u32, u32), u32>,
}

impl Edges {
    fn joint_key(node: u32, word: u32) -> u64 {
        (u64::from(node) << 32) | u64::from(word)
    }

    #[inline]
    fn child(&self, node: u32, gap: u32, word: u32) -> Option<u32> {
        if gap == GAP_JOINT {
            self.joint.get(&Edges::joint_key(node, word)).copied()
        } else {
            self.other.get(&(node, gap, word)).copied()
        }
    }

    fn child_or_insert(
        &mut self,
        node: u32,
        gap: u32,
        word: u32,
        make: impl FnOnce() -> u32,
    ) -> u32 {
        if gap == GAP_JOINT {
            *self
                .joint
                .entry(Edges::joint_key(node, word))
                .or_insert_with(make)
        } else {
            *self.other.entry((node, gap, word)).or_insert_with(make)
        }
    }

    /// Every edge, as ((node, gap, word), child).
    fn iter(&self) -> impl Iterator<Item = ((u32, u32, u32), u32)> + '_ {
        let joint = self
            .joint
            .iter()
            .map(|(&key, &to)| (((key >> 32) as u32, GAP_JOINT, key as u32), to));
        joint.chain(self.other.iter().map(|(&edge, &to)| (edge, to)))
    }
}

/// A trie node: the range of its forms in `forms` (empty when no form ends here) and whether
/// any edge leaves it.
#[derive(Clone, Copy, Debug)]
struct Node {
    lo: u32,
    hi: u32,
    inner: bool,
}

/// A form a match can choose, with what choosing needs at hand (its text inline, so that the
/// search for the exact spelling does not visit every form).
#[derive(Clone, Copy, Debug)]
struct FormData<'g> {
    text: &'g str,
    /// Whether an earlier form of the same node has the same text (so that the search for the
    /// exact spelling compares each distinct text once).
    repeat: bool,
    entry: &'g Entry,
    form: &'g Form,
    case: CaseKind,
    /// Whether the form is a name made of everyday words (see `everyday.rs`).
    everyday: bool,
    /// Whether `text` is the surname of the person `form` names in full (see `surname.rs`).
    surname: bool,
}

impl FormData<'_> {
    /// Whether `text`, at byte `start` of `line`, may stand for this form as far as letter
    /// case goes (`exact`: spelled exactly as the form).
    fn fits(&self, line: &str, start: usize, text: &str, exact: bool) -> bool {
        (exact || text_fits(self.case, text))
            && (!self.everyday || everyday::written_as_name(line, start, text, self.text))
            && (!self.surname || surname::stands_alone(line, start))
    }
}

/// Where the trie walk is: at word `i`, trie node `node`, with `inflected` inflected words so far
/// and the last of them (its word index and candidate).
#[derive(Clone, Copy, Debug)]
struct Step {
    i: usize,
    node: u32,
    inflected: u32,
    inflection: Option<(usize, Cand)>,
}

/// A match found by the trie walk, before the form is chosen.
#[derive(Clone, Copy, Debug)]
struct Found {
    /// Index of the last word.
    last: usize,
    node: u32,
    inflected: u32,
    /// The last inflected word's candidate (its rule and stripped length) and word index.
    inflection: Option<(usize, Cand)>,
}

/// Finds glossary mentions in text. Build it once ([`Annotator::new`]) and reuse it; it is
/// `Send + Sync`.
///
/// ```
/// let glossary = tilmach::Glossary::embedded();
/// let annotator = tilmach::text::Annotator::new(glossary);
/// let mentions = annotator.annotate("Из Кульджи в Алматы: Ghulja, Құлжаға.");
/// let ids: Vec<&str> = mentions.iter().map(|m| m.entry.id.as_str()).collect();
/// assert_eq!(ids, ["ghulja", "almaty", "ghulja", "ghulja"]);
/// assert_eq!(mentions[0].how.as_str(), "inflected");
/// assert_eq!(mentions[3].text, "Құлжаға");
/// ```
#[derive(Debug)]
pub struct Annotator<'g> {
    glossary: &'g Glossary,
    rules: SuffixRules,
    /// Folded word → word id.
    vocab: FastMap<Box<str>, u32>,
    /// Literal gaps between words (folded punctuation such as `.`) → gap id.
    gaps: FastMap<Box<str>, u32>,
    /// (node, gap, word) → child node; the root is node 0 and its edges use gap `GAP_JOINT`.
    edges: Edges,
    /// The trie's nodes, by id.
    nodes: Vec<Node>,
    /// Per form in `forms`: its entry, the form itself and the letter case it demands.
    form_data: Vec<FormData<'g>>,
    /// This annotator's id (see [`Scratch`]).
    id: u64,
    /// Per word id: the node reached from the root by that word (`u32::MAX`: none).
    roots: Vec<u32>,
    forms: Vec<FormRef>,
    /// The first two letters of every glossary word (and of its stems with a changed second
    /// letter): a word whose first two letters are not here has no stem in the glossary, so no
    /// rule is tried on it.
    heads: std::collections::HashSet<(char, char), foldhash::fast::FixedState>,
    /// Per form that carries a surname several people share: where its surname is in
    /// `form_data` (see [`Context`]).
    shared: FastMap<FormRef, u32>,
}

/// The first two characters of a word, if it has two.
fn head(word: &str) -> Option<(char, char)> {
    let mut chars = word.chars();
    Some((chars.next()?, chars.next()?))
}

impl<'g> Annotator<'g> {
    /// An annotator for `glossary` with the built-in suffix rules.
    pub fn new(glossary: &'g Glossary) -> Annotator<'g> {
        Annotator::with_rules(glossary, SuffixRules::built_in())
    }

    /// An annotator for `glossary` with the given suffix rules ([`SuffixRules::none`] finds only
    /// uninflected mentions).
    pub fn with_rules(glossary: &'g Glossary, rules: SuffixRules) -> Annotator<'g> {
        let mut vocab: FastMap<Box<str>, u32> = FastMap::default();
        let mut gaps: FastMap<Box<str>, u32> = FastMap::default();
        let mut edges = Edges::default();
        // Per trie node: its forms, each with the byte range of the surname in the form's text
        // when the node is the surname alone (see `surname.rs`).
        let mut node_forms: Vec<Vec<(FormRef, Option<Range<usize>>)>> = vec![Vec::new()];
        let mut words = Vec::new();
        let mut fold = String::new();
        let mut gap = String::new();
        for (e, entry) in (0..glossary.len()).filter_map(|e| Some((e, glossary.entry_at(e)?))) {
            for (f, form) in entry.forms.iter().enumerate() {
                split_words(&form.text, &mut words, Extent::Whole);
                if words.is_empty() {
                    continue;
                }
                let mut node = 0u32;
                let mut prev_end = None;
                for w in &words {
                    let gap_id = match prev_end {
                        None => GAP_JOINT,
                        Some(end) => {
                            let between = form.text.get(end..w.start).unwrap_or("");
                            match gap_class(between, &mut gap) {
                                Some(id) => id,
                                None => {
                                    let next = 2 + gaps.len() as u32;
                                    *gaps.entry(gap.as_str().into()).or_insert(next)
                                }
                            }
                        }
                    };
                    fold_into(form.text.get(w.start..w.end).unwrap_or(""), &mut fold);
                    let next_word = vocab.len() as u32;
                    let word = *vocab.entry(fold.as_str().into()).or_insert(next_word);
                    let next_node = node_forms.len() as u32;
                    node = edges.child_or_insert(node, gap_id, word, || {
                        node_forms.push(Vec::new());
                        next_node
                    });
                    prev_end = Some(w.end);
                }
                // Glossaries hold far fewer than 2^32 entries and forms per entry (see
                // `Glossary::from_parts`).
                if let Some(list) = node_forms.get_mut(node as usize) {
                    let at = FormRef {
                        entry: e as u32,
                        form: f as u32,
                    };
                    list.push((at, None));
                }
            }
        }
        let mut shared_refs = std::collections::HashSet::new();
        for surname in surname::of_people(glossary) {
            if surname.shared {
                shared_refs.extend(surname.forms.iter().map(|(at, _)| *at));
            }
            let next_word = vocab.len() as u32;
            let word = *vocab.entry(surname.folded.into()).or_insert(next_word);
            let next_node = node_forms.len() as u32;
            let node = edges.child_or_insert(0, GAP_JOINT, word, || {
                node_forms.push(Vec::new());
                next_node
            });
            // `unambiguous` leaves out words that are whole forms, so the node has no form yet.
            if let Some(list) = node_forms.get_mut(node as usize)
                && list.is_empty()
            {
                list.extend(surname.forms.into_iter().map(|(at, r)| (at, Some(r))));
            }
        }
        let everyday = everyday::Everyday::of(glossary);
        let mut forms = Vec::new();
        let mut form_data = Vec::new();
        let mut shared = FastMap::default();
        let mut nodes = Vec::with_capacity(node_forms.len());
        for mut list in node_forms {
            list.sort_by_key(|(at, _)| {
                glossary
                    .form(*at)
                    .map(|(_, form)| (form.status, form.is_derived(), *at))
            });
            list.dedup();
            let start = forms.len() as u32;
            for (at, surname) in list {
                // Every reference was made from a form of the glossary, so this skips nothing.
                if let Some((entry, form)) = glossary.form(at) {
                    let text = match &surname {
                        Some(range) => form.text.get(range.clone()).unwrap_or(""),
                        None => form.text.as_str(),
                    };
                    let repeat = form_data
                        .get(start as usize..)
                        .is_some_and(|same: &[FormData<'_>]| same.iter().any(|d| d.text == text));
                    forms.push(at);
                    form_data.push(FormData {
                        text,
                        repeat,
                        entry,
                        form,
                        case: case_kind(text, entry.kind),
                        everyday: everyday.is_everyday_text(text),
                        surname: surname.is_some(),
                    });
                    if surname.is_some() && shared_refs.contains(&at) {
                        shared.insert(at, (form_data.len() - 1) as u32);
                    }
                }
            }
            nodes.push(Node {
                lo: start,
                hi: forms.len() as u32,
                inner: false,
            });
        }
        let mut roots = vec![u32::MAX; vocab.len()];
        for ((from, gap, word), to) in edges.iter() {
            if from == 0
                && gap == GAP_JOINT
                && let Some(slot) = roots.get_mut(word as usize)
            {
                *slot = to;
            }
            if let Some(node) = nodes.get_mut(from as usize) {
                node.inner = true;
            }
        }
        let mut heads: std::collections::HashSet<(char, char), foldhash::fast::FixedState> =
            Default::default();
        for word in vocab.keys() {
            let Some((first, second)) = head(word) else {
                continue;
            };
            heads.insert((first, second));
            for lang in &rules.langs {
                for (from, tos) in &lang.stem_changes {
                    if tos.iter().any(|to| to.starts_with(second))
                        && let Some(f) = from.chars().next()
                    {
                        heads.insert((first, f));
                    }
                }
            }
        }
        Annotator {
            glossary,
            rules,
            vocab,
            gaps,
            edges,
            nodes,
            form_data,
            id: NEXT_ANNOTATOR.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            roots,
            forms,
            heads,
            shared,
        }
    }

    /// The glossary the annotator was built from.
    pub fn glossary(&self) -> &'g Glossary {
        self.glossary
    }

    /// Every mention in `text`, in order. Lines are split at `\n`; offsets count from the start
    /// of `text`.
    pub fn annotate<'a, 't>(&'a self, text: &'t str) -> Vec<Mention<'a, 't>> {
        let mut out = Vec::new();
        self.for_each(text, |m| out.push(m));
        out
    }

    /// Calls `each` with every mention in `text`, in order, without collecting them. `text` is
    /// one text: a surname that several people share is found when it names one of them in
    /// full before (see [`Context`]).
    pub fn for_each<'a, 't>(&'a self, text: &'t str, mut each: impl FnMut(Mention<'a, 't>)) {
        let mut context = Context::default();
        let mut each = |m| {
            if let Some(m) = context.take(self, m) {
                each(m);
            }
        };
        let mut scratch = Scratch::default();
        let mut position = read::Position::default();
        let mut rest = text;
        while !rest.is_empty() {
            // The line is read up to its `\n`; a `\r` before it is a separator like any other.
            let (read, chars) =
                self.line_mentions(rest, &position, &mut scratch, &mut each, Extent::Line);
            let broken = rest.as_bytes().get(read) == Some(&b'\n');
            let len = read + usize::from(broken);
            // As `Position::advance_line`, with the characters counted by the word splitter.
            let chars = (chars + usize::from(broken)) as u64;
            position.byte += len as u64;
            position.char += chars;
            position.column += chars;
            if broken {
                position.line += 1;
                position.column = 1;
            }
            rest = rest.get(len..).unwrap_or("");
        }
    }

    /// Calls `each` with every mention in one line (no line break inside) that starts at
    /// `position` in its file. The line is annotated on its own: a surname that several people
    /// share is left out (see [`Annotator::annotate_line_in_text`]).
    pub fn annotate_line<'a, 't>(
        &'a self,
        line: &'t str,
        position: &read::Position,
        scratch: &mut Scratch,
        mut each: impl FnMut(Mention<'a, 't>),
    ) {
        let each = |m: Mention<'a, 't>| {
            if !self.is_shared_surname(&m) {
                each(m);
            }
        };
        self.line_mentions(line, position, scratch, each, Extent::Whole);
    }

    /// [`Annotator::annotate_line`] for a line of a longer text, with the surnames that several
    /// people share as well ([`Annotator::is_shared_surname`]), which a [`Context`] that sees
    /// the text's mentions in order resolves or drops.
    pub fn annotate_line_in_text<'a, 't>(
        &'a self,
        line: &'t str,
        position: &read::Position,
        scratch: &mut Scratch,
        each: impl FnMut(Mention<'a, 't>),
    ) {
        self.line_mentions(line, position, scratch, each, Extent::Whole);
    }

    /// Whether `m` is a surname alone that several people of the glossary share: its entry is
    /// one of them, not yet the one the text means (see [`Context`]).
    pub fn is_shared_surname(&self, m: &Mention<'_, '_>) -> bool {
        m.by_surname && self.shared.contains_key(&m.at)
    }

    /// [`Annotator::annotate_line`] on all of `line` or on its first line (`extent`);
    /// returns the bytes and characters read (see [`split_words`]).
    fn line_mentions<'a, 't>(
        &'a self,
        line: &'t str,
        position: &read::Position,
        scratch: &mut Scratch,
        mut each: impl FnMut(Mention<'a, 't>),
        extent: Extent,
    ) -> (usize, usize) {
        let read = self.prepare(line, scratch, extent);
        let words = std::mem::take(&mut scratch.words);
        let mut i = 0;
        while let Some(first) = words.get(i) {
            if !first.reading.starts {
                i += 1;
                continue;
            }
            match self.best_at(line, &words, i, scratch) {
                Some((found, chosen, how)) => {
                    let Some(last) = words.get(found.last) else {
                        break;
                    };
                    let (start, end) = (first.start, last.end);
                    if let (
                        Some(&at),
                        Some(&FormData {
                            entry,
                            form,
                            surname,
                            ..
                        }),
                    ) = (self.forms.get(chosen), self.form_data.get(chosen))
                    {
                        let (lo, hi) = self.terminal(found.node);
                        each(Mention {
                            start: position.byte + start as u64,
                            end: position.byte + end as u64,
                            char_start: position.char + first.char_start as u64,
                            char_end: position.char + last.char_end as u64,
                            line: position.line,
                            column: position.column + first.char_start as u64,
                            text: line.get(start..end).unwrap_or(""),
                            entry,
                            form,
                            at,
                            how,
                            by_surname: surname,
                            candidates: self.forms.get(lo..hi).unwrap_or(&[]),
                        });
                    }
                    i = found.last + 1;
                }
                None => i += 1,
            }
        }
        scratch.words = words;
        read
    }

    /// Splits a line into words and reads every word: from the cache when the word was seen
    /// before, else by folding it and trying the suffix rules. Returns the bytes and characters
    /// read (see [`split_words`]).
    fn prepare(&self, line: &str, scratch: &mut Scratch, extent: Extent) -> (usize, usize) {
        let read = split_words(line, &mut scratch.words, extent);
        let Scratch {
            words,
            cache,
            fold,
            build,
            ..
        } = scratch;
        cache.prepare_for(self.id);
        for w in words.iter_mut() {
            let text = line.get(w.start..w.end).unwrap_or("");
            let script = w.script;
            w.reading = cache.reading(text, |cands| {
                self.read_word(text, script, fold, build, cands)
            });
        }
        read
    }

    /// Folds a word not seen before, pushes its candidates onto `cands` and says where they
    /// are.
    fn read_word(
        &self,
        text: &str,
        script: u8,
        fold: &mut String,
        build: &mut String,
        cands: &mut Vec<Cand>,
    ) -> Reading {
        let lo = cands.len();
        fold_into(text, fold);
        if let Some(&word) = self.vocab.get(fold.as_str()) {
            cands.push(Cand {
                word,
                rule: NO_RULE,
                stripped: 0,
                strict: true,
                root: u32::MAX,
            });
        }
        // A glossary word may also be an inflected form of another (a word that only starts
        // a multi-word name, such as "Uyghurs" in "Uyghurs of Kazakhstan"), so stripping is
        // tried either way.
        if script != SCRIPT_HAN
            && script != SCRIPT_OTHER
            && head(fold).is_some_and(|h| self.heads.contains(&h))
        {
            self.strip(fold, script, None, 0, 0, build, cands);
        }
        let mut starts = false;
        for c in cands.get_mut(lo..).unwrap_or(&mut []) {
            if c.strict {
                c.root = self.roots.get(c.word as usize).copied().unwrap_or(u32::MAX);
            }
            starts |= c.root != u32::MAX;
        }
        Reading {
            lo: lo as u32,
            hi: cands.len() as u32,
            starts,
        }
    }

    /// Tries every rule on `word` (already folded); pushes the glossary words found.
    /// `outer` is the first rule stripped (for chains), `stripped` the characters stripped so far.
    #[allow(clippy::too_many_arguments)]
    fn strip(
        &self,
        word: &str,
        script: u8,
        outer: Option<usize>,
        stripped: usize,
        depth: usize,
        build: &mut String,
        out: &mut Vec<Cand>,
    ) {
        let Some(last) = word.chars().last() else {
            return;
        };
        for &r in self.rules.ending_in(last) {
            let Some(rule) = self.rules.rules.get(r) else {
                continue;
            };
            if rule.script != script || outer.is_some_and(|o| self.rule_lang(o) != rule.lang) {
                continue;
            }
            let Some(stem) = word.strip_suffix(rule.text.as_str()) else {
                continue;
            };
            let stem_chars = stem.chars().count();
            if stem_chars == 0 || !self.rules.stem_fits(rule, stem) {
                continue;
            }
            let first = outer.unwrap_or(r);
            let strict = stem_chars >= rule.min_stem;
            let total = stripped + rule.chars;
            let push = |candidate: &str, out: &mut Vec<Cand>| {
                if let Some(&w) = self.vocab.get(candidate) {
                    out.push(Cand {
                        word: w,
                        rule: first as u32,
                        stripped: total as u32,
                        strict,
                        root: u32::MAX,
                    });
                }
            };
            for lemma in &rule.lemmas {
                build.clear();
                build.push_str(stem);
                build.push_str(lemma);
                push(build.as_str(), out);
            }
            let Some(lang) = self.rules.langs.get(rule.lang) else {
                continue;
            };
            for (from, tos) in &lang.stem_changes {
                if let Some(base) = stem.strip_suffix(from.as_str()) {
                    for to in tos {
                        build.clear();
                        build.push_str(base);
                        build.push_str(to);
                        push(build.as_str(), out);
                    }
                }
            }
            if depth + 1 < lang.max_depth && stem_chars > rule.min_stem {
                self.strip(stem, script, Some(first), total, depth + 1, build, out);
            }
        }
    }

    fn rule_lang(&self, rule: usize) -> usize {
        self.rules.rules.get(rule).map_or(usize::MAX, |r| r.lang)
    }

    fn terminal(&self, node: u32) -> (usize, usize) {
        self.nodes
            .get(node as usize)
            .map_or((0, 0), |n| (n.lo as usize, n.hi as usize))
    }

    /// The best match starting at word `i`, with the form chosen (its index in `forms`) and
    /// how it matched.
    fn best_at<'a, 't>(
        &'a self,
        line: &'t str,
        words: &[Word],
        i: usize,
        scratch: &mut Scratch,
    ) -> Option<(Found, usize, How<'a, 't>)> {
        let reading = words.get(i)?.reading;
        let mut found = std::mem::take(&mut scratch.found);
        found.clear();
        let cands = scratch.cache.cands.as_slice();
        for &cand in cands
            .get(reading.lo as usize..reading.hi as usize)
            .unwrap_or(&[])
        {
            let node = cand.root;
            if node != u32::MAX {
                let inflection = (cand.rule != NO_RULE).then_some((i, cand));
                let step = Step {
                    i,
                    node,
                    inflected: u32::from(inflection.is_some()),
                    inflection,
                };
                self.walk(line, words, cands, step, &mut scratch.gap, &mut found);
            }
        }
        // Longest first, then fewer inflected words.
        found.sort_by_key(|f| (std::cmp::Reverse(f.last), f.inflected));
        let best = found.iter().find_map(|f| {
            self.choose(line, words, i, f)
                .map(|(chosen, how)| (*f, chosen, how))
        });
        scratch.found = found;
        best
    }

    /// Records the match ending at word `step.i` (node `step.node`) and extends it word by
    /// word.
    fn walk(
        &self,
        line: &str,
        words: &[Word],
        cands: &[Cand],
        step: Step,
        gap_buf: &mut String,
        found: &mut Vec<Found>,
    ) {
        let Step {
            i,
            node,
            inflected,
            inflection,
        } = step;
        let (lo, hi) = self.terminal(node);
        if lo < hi {
            found.push(Found {
                last: i,
                node,
                inflected,
                inflection,
            });
        }
        if !self.nodes.get(node as usize).is_some_and(|n| n.inner) {
            return;
        }
        let (Some(here), Some(next)) = (words.get(i), words.get(i + 1)) else {
            return;
        };
        let next_cands = cands
            .get(next.reading.lo as usize..next.reading.hi as usize)
            .unwrap_or(&[]);
        if next_cands.is_empty() {
            return;
        }
        let between = line.get(here.end..next.start).unwrap_or("");
        let gap = match gap_class(between, gap_buf) {
            Some(id) => id,
            None => match self.gaps.get(gap_buf.as_str()) {
                Some(&id) => id,
                None => return,
            },
        };
        for &cand in next_cands {
            if let Some(child) = self.edges.child(node, gap, cand.word) {
                let (inflected, inflection) = if cand.rule == NO_RULE {
                    (inflected, inflection)
                } else {
                    (inflected + 1, Some((i + 1, cand)))
                };
                let step = Step {
                    i: i + 1,
                    node: child,
                    inflected,
                    inflection,
                };
                self.walk(line, words, cands, step, gap_buf, found);
            }
        }
    }

    /// Chooses the form for a match (its index in `forms`): for an inflected match, one of a
    /// language and kind the rule allows; otherwise one spelled exactly as the text if any;
    /// then by status.
    fn choose<'a, 't>(
        &'a self,
        line: &'t str,
        words: &[Word],
        first: usize,
        found: &Found,
    ) -> Option<(usize, How<'a, 't>)> {
        let (lo, hi) = self.terminal(found.node);
        let data = self.form_data.get(lo..hi)?;
        let start = words.get(first)?.start;
        let end = words.get(found.last)?.end;
        let text = line.get(start..end)?;
        match found.inflection {
            None => {
                let exact = data
                    .iter()
                    .position(|d| !d.repeat && d.text == text && d.fits(line, start, text, true));
                match exact {
                    Some(k) => Some((lo + k, How::Exact)),
                    None => data
                        .iter()
                        .position(|d| d.fits(line, start, text, false))
                        .map(|k| (lo + k, How::CaseFolded)),
                }
            }
            Some((w, cand)) => {
                let rule = self.rules.rules.get(cand.rule as usize)?;
                let lang = self.rules.langs.get(rule.lang)?;
                let word = words.get(w)?;
                let written = line.get(word.start..word.end)?;
                let cut = written
                    .char_indices()
                    .rev()
                    .nth(cand.stripped.saturating_sub(1) as usize)
                    .map_or(0, |(at, _)| at);
                let suffix = written.get(cut..).unwrap_or("");
                // The ending of an inflected acronym may be in small letters (SCO's).
                let stem_text = if w == found.last {
                    text.get(..text.len() - suffix.len()).unwrap_or(text)
                } else {
                    text
                };
                let k = data.iter().position(|d| {
                    d.fits(line, start, stem_text, false)
                        && lang.forms.iter().any(|l| l == d.form.lang.language())
                        && rule
                            .kinds
                            .as_ref()
                            .is_none_or(|k| k.contains(&d.entry.kind))
                })?;
                Some((
                    lo + k,
                    How::Inflected {
                        suffix,
                        rules: lang.name.as_str(),
                    },
                ))
            }
        }
    }
}

/// The longest acronym (in letters) that must match with its case.
const ACRONYM_MAX: usize = 5;

/// What letter case a form demands of the text that matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CaseKind {
    /// No capital letter: any text.
    Any,
    /// A proper name: text with at least one capital, or with no cased letter at all.
    Proper,
    /// A short acronym: text without small letters.
    Acronym,
}

/// The case `form` of an entry of kind `kind` demands. Terms for groups (*Oralman*, *Kandas*) are
/// common nouns as much as names: *the oralmans* is the same word, so their capital letter
/// demands nothing. (Names of peoples keep the rule: English always writes them with a capital,
/// and in small letters they are mostly parts of web addresses.)
fn case_kind(form: &str, kind: crate::glossary::Kind) -> CaseKind {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in form.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    let common = kind == crate::glossary::Kind::GroupTerm;
    match (upper, lower) {
        (0, _) => CaseKind::Any,
        (u, 0) if u <= ACRONYM_MAX => CaseKind::Acronym,
        _ if common => CaseKind::Any,
        _ => CaseKind::Proper,
    }
}

/// Whether `text` may stand for a form of case kind `kind`:
/// - a short acronym (all its letters capitals, at most [`ACRONYM_MAX`] of them: *IS*, *SCO*,
///   *КНР*) matches only text whose letters are all capitals too, so that *IS* is not the
///   English word *is*;
/// - a form with a capital letter (a proper name: *Foreign Policy*, *Democracy*) does not match
///   text without any capital (*foreign policy*, *democracy*, a name inside a URL);
/// - any other form matches in any case.
fn text_fits(kind: CaseKind, text: &str) -> bool {
    if kind == CaseKind::Any {
        return true;
    }
    let (upper, lower) = if text.is_ascii() {
        (
            text.bytes().any(|b| b.is_ascii_uppercase()),
            text.bytes().any(|b| b.is_ascii_lowercase()),
        )
    } else {
        (
            text.chars().any(char::is_uppercase),
            text.chars().any(char::is_lowercase),
        )
    };
    match kind {
        CaseKind::Any => true,
        CaseKind::Acronym => !lower,
        CaseKind::Proper => upper || !lower,
    }
}

/// The class of the text between two words: `GAP_JOINT` for spaces or one hyphen, `GAP_NONE`
/// for nothing; otherwise `None`, with the folded literal (spaces removed) left in `buf`.
#[inline]
fn gap_class(between: &str, buf: &mut String) -> Option<u32> {
    match between.as_bytes() {
        [] => Some(GAP_NONE),
        [b' '] | [b'-'] => Some(GAP_JOINT),
        _ => gap_class_other(between, buf),
    }
}

/// [`gap_class`] for anything but nothing, one space or one hyphen.
fn gap_class_other(between: &str, buf: &mut String) -> Option<u32> {
    let trimmed = between.trim();
    if trimmed.is_empty() {
        return Some(GAP_JOINT);
    }
    let mut chars = trimmed.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && chars::is_hyphen(c)
        && trimmed.len() == between.len()
    {
        return Some(GAP_JOINT);
    }
    buf.clear();
    for c in between.chars().filter(|c| !c.is_whitespace()) {
        buf.push(c);
    }
    None
}

impl Glossary {
    /// Every mention of an entry of this glossary in `text`.
    ///
    /// This builds an [`Annotator`] on every call; to annotate many texts, build one with
    /// [`Annotator::new`] and reuse it.
    ///
    /// ```
    /// let glossary = tilmach::Glossary::embedded();
    /// let m = glossary.annotate("Алматыда");
    /// assert_eq!(m[0].entry.id, "almaty");
    /// assert_eq!(m[0].suffix.as_deref(), Some("да"));
    /// ```
    pub fn annotate(&self, text: &str) -> Vec<GlossaryMention<'_>> {
        Annotator::new(self)
            .annotate(text)
            .iter()
            .filter_map(|m| {
                let (entry, form) = self.form(m.at)?;
                Some(GlossaryMention {
                    start: m.start,
                    end: m.end,
                    char_start: m.char_start,
                    char_end: m.char_end,
                    line: m.line,
                    column: m.column,
                    text: m.text.to_owned(),
                    entry,
                    form,
                    how: m.how.as_str(),
                    suffix: match m.how {
                        How::Inflected { suffix, .. } => Some(suffix.to_owned()),
                        _ => None,
                    },
                    by_surname: m.by_surname,
                })
            })
            .collect()
    }
}

/// A mention that borrows only the glossary: what [`Glossary::annotate`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlossaryMention<'g> {
    /// Byte offset of the first byte.
    pub start: u64,
    /// Byte offset just after the last byte.
    pub end: u64,
    /// Character offset of the first character.
    pub char_start: u64,
    /// Character offset just after the last character.
    pub char_end: u64,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// The text as written.
    pub text: String,
    /// The entry mentioned.
    pub entry: &'g Entry,
    /// The form that matched.
    pub form: &'g Form,
    /// `exact`, `case-folded` or `inflected`.
    pub how: &'static str,
    /// The ending stripped, for an inflected match.
    pub suffix: Option<String>,
    /// Whether the text is the person's surname alone (the form is their full name).
    pub by_surname: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<(String, String, &'static str)> {
        let annotator = Annotator::new(Glossary::embedded());
        annotator
            .annotate(text)
            .iter()
            .map(|m| (m.text.to_owned(), m.entry.id.clone(), m.how.as_str()))
            .collect()
    }

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
    fn a_whole_text_gives_the_mentions_of_its_lines_read_one_by_one() {
        let text = "Алматыда\r\n  Alma-Ata and Кульджи\n\nthe Ili, Ghulja’s\r\nXinjiang";
        let annotator = Annotator::new(Glossary::embedded());
        let place = |m: &Mention<'_, '_>| {
            (
                m.start,
                m.end,
                m.char_start,
                m.char_end,
                m.line,
                m.column,
                m.at,
            )
        };
        let whole = annotator.annotate(text);
        let mut by_line = Vec::new();
        let mut scratch = Scratch::default();
        read::for_each_line(text.as_bytes(), false, |line, position| {
            annotator.annotate_line(line, position, &mut scratch, |m| by_line.push(place(&m)));
            Ok::<(), read::ReadError>(())
        })
        .unwrap();
        let whole: Vec<_> = whole.iter().map(place).collect();
        assert_eq!(whole.len(), 6, "{whole:?}");
        assert_eq!(whole, by_line);
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

    #[test]
    fn inflected_mentions_in_three_languages() {
        for (text, id, suffix) in [
            ("Алматыда", "almaty", "да"),
            ("Алматыға", "almaty", "ға"),
            ("Құлжаға", "ghulja", "ға"),
            ("Қазақстанның", "kazakhstan", "ның"),
            ("غۇلجىدا", "ghulja", "دا"),
            ("Ghuljida", "ghulja", "da"),
            ("Кульдже", "ghulja", "е"),
            ("Кульджи", "ghulja", "и"),
            ("Синьцзяне", "xinjiang", "е"),
        ] {
            let annotator = Annotator::new(Glossary::embedded());
            let found = annotator.annotate(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].entry.id, id, "{text}");
            assert_eq!(
                found[0].how,
                How::Inflected {
                    suffix,
                    rules: found[0].how_rules()
                },
                "{text}"
            );
        }
    }

    impl Mention<'_, '_> {
        fn how_rules(&self) -> &str {
            match self.how {
                How::Inflected { rules, .. } => rules,
                _ => "",
            }
        }
    }

    #[test]
    fn short_stems_and_wrong_harmony_do_not_match() {
        // -де is a front ending; Құлжа has back vowels.
        assert!(ids("Құлжаде").is_empty());
        // A one-letter ending on a three-letter stem is not stripped.
        assert!(ids("Hani").iter().all(|(_, id, _)| id != "han-chinese"));
    }

    #[test]
    fn one_scratch_serves_several_annotators() {
        let embedded = Annotator::new(Glossary::embedded());
        let none = Annotator::with_rules(Glossary::embedded(), SuffixRules::none());
        let mut scratch = Scratch::default();
        let position = read::Position::default();
        let mut count = |a: &Annotator<'_>| {
            let mut n = 0;
            a.annotate_line("Алматыда Алматы", &position, &mut scratch, |_| n += 1);
            n
        };
        assert_eq!(count(&embedded), 2);
        assert_eq!(count(&none), 1);
        assert_eq!(count(&embedded), 2);
    }

    #[test]
    fn longest_match_wins_across_hyphens_and_spaces() {
        let got = ids("в Алма-Ате и Alma Ata");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "Алма-Ате");
        assert_eq!(got[1].0, "Alma Ata");
        assert_eq!(got[0].1, got[1].1);
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
