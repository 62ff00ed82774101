//! The one transliteration engine: a rule table compiled into a longest-match matcher, and the
//! single pass that converts text with it.
//!
//! A [`Table`] is one direction of one scheme with one set of options. Its matcher is a trie over
//! case-folded source characters whose root is a dense array for the first 2048 code points
//! (ASCII, Latin, Cyrillic and Arabic all live there) and a hash map beyond; deeper nodes exist
//! only where a scheme has digraphs. Every rule's output is stored three times (lower, title and
//! upper case) so that conversion only copies strings. Runs of ASCII characters that start no rule
//! are copied in one step. Everything else of one or two bytes is converted, where it can be, in
//! a tight loop over a per-code-point direct table, without entering the trie: small letters whose
//! rules need no context, or only conditions on the previous and next characters tried before a
//! rule without (BGN's е → ye after a vowel, ы → y· before one); capitals the same way before a
//! small letter (their title-case outputs); and spaces, digits and punctuation that start no rule,
//! copied as they are. Each output sits in a fixed-size buffer, copied whole and cut to length
//! into a small staging buffer, then appended to a byte buffer that becomes the output string
//! without a second validation (see `step` in the parent module). A property test checks that
//! the direct loop converts every text as the trie walk alone does.
//!
//! The table's data and the lookups both halves share live here; [`compile`] builds a table from
//! a scheme's rules, [`run`] converts text with it, and [`case`] folds and writes letter case.

mod case;
mod compile;
mod run;

use std::collections::HashMap;

pub(crate) use case::CaseMode;
pub(crate) use compile::Build;
pub(crate) use run::Stop;

use crate::chars::{is_hyphen, is_mark};
use crate::normalize::needs_cleaning;

/// A set of contexts a neighbouring character must be in. Empty means "any".
#[derive(Clone, Debug, Default)]
struct Ctx {
    /// No constraint (set once compiled).
    any: bool,
    /// For code points below `DENSE`: whether the character is in the context (set once the
    /// table is compiled).
    bits: Vec<u64>,
    boundary: bool,
    vowel: bool,
    consonant: bool,
    hyphen: bool,
    letter: bool,
    chars: Vec<char>,
}

impl Ctx {
    fn is_any(&self) -> bool {
        !(self.boundary
            || self.vowel
            || self.consonant
            || self.hyphen
            || self.letter
            || !self.chars.is_empty())
    }
}

/// A compiled rule: where it applies and its output in three cases.
#[derive(Clone, Debug)]
struct Rule {
    prev: Ctx,
    next: Ctx,
    word: Option<bool>,
    /// The last character of the rule's canonical key: the "previous character" seen by the
    /// next match, whatever spelling (variant, decomposed) the input used.
    last: char,
    /// Whether the output has case (its upper-case form differs).
    cased: bool,
    /// Whether the rule applies everywhere (no context, no word condition).
    free: bool,
    /// Byte ranges into the output arena: lower, title, upper.
    out: [(u32, u32); 3],
}

#[derive(Clone, Debug, Default)]
struct Node {
    children: Vec<(char, u32)>,
    rules: Vec<u32>,
}

/// Size of the dense root array.
const DENSE: usize = 0x800;
/// Flag bit in a dense root entry: the character was upper case.
const UPPER: u32 = 1 << 31;
/// Dense flag: the character belongs to words.
const WORD: u8 = 1;
/// Dense flag: the character has case (upper or lower).
const CASED: u8 = 2;
/// Dense flag: the character is a small letter.
const SMALL: u8 = 4;

/// One compiled direction of one scheme.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    src_case: CaseMode,
    dense: Vec<u32>,
    /// For code points below `DENSE`: the output of a lower-case letter whose first rule has no
    /// context and writes at most [`DIRECT_BYTES`] bytes.
    direct: Box<[Option<Direct>; DENSE]>,
    /// For code points below `DENSE`: the same for a capital letter, with its rules' outputs in
    /// title case, taken only before a small letter.
    direct_upper: Box<[Option<Direct>; DENSE]>,
    /// For code points below `DENSE`: the case-folded character.
    dense_fold: Vec<char>,
    /// For code points below `DENSE`: `WORD`, `CASED` flags.
    dense_flags: Vec<u8>,
    sparse: HashMap<char, u32>,
    nodes: Vec<Node>,
    rules: Vec<Rule>,
    arena: String,
    vowels: Vec<char>,
    word_chars: Vec<char>,
    word_flag: Option<(Vec<char>, Vec<char>)>,
    word_prefix: String,
    /// Whether any rule looks at the word flag or a prefix is written.
    word_features: bool,
    /// The rules with a context that direct letters try first, with their outputs.
    alts: Vec<Alt>,
    /// Whether the source is Arabic script, whose text may need `clean_arabic` first.
    arabic: bool,
}

/// The longest output a direct entry holds, in bytes.
const DIRECT_BYTES: usize = 8;

/// A letter converted without entering the trie: its output in a fixed-size buffer (written with
/// one fixed-size copy, then cut to `len`), its canonical character, and its trie node when
/// longer keys start with it (0 when none do).
#[derive(Clone, Copy, Debug)]
struct Direct {
    bytes: [u8; DIRECT_BYTES],
    len: u8,
    /// The letter's rules with a condition on the previous or the next character (BGN's е → ye
    /// after a vowel, ы → y· before a vowel), tried first and in order: a range of
    /// [`Table::alts`], empty when the letter has none.
    alts: (u32, u32),
    last: char,
    node: u32,
    /// Whether the letter belongs to words (then, in a table with word features, it may only
    /// skip the trie inside a word, where the word's flag and prefix are already settled).
    word: bool,
    /// Whether `last` belongs to words.
    last_word: bool,
    /// Whether the letter needs more than the check for a following mark: it starts a word in
    /// a table with word features, starts longer keys (`node`), or has `alts`.
    check: bool,
}

/// A rule with a context of a direct letter, and its output.
#[derive(Clone, Copy, Debug)]
struct Alt {
    rule: u32,
    bytes: [u8; DIRECT_BYTES],
    len: u8,
    last: char,
    /// Whether `last` belongs to words.
    last_word: bool,
}

impl Table {
    /// How the source of this table handles case.
    pub(crate) fn case(&self) -> CaseMode {
        self.src_case
    }

    /// Whether `c` belongs to a word.
    #[inline]
    fn is_word(&self, c: char) -> bool {
        match self.dense_flags.get(c as usize) {
            Some(&f) => f & WORD != 0,
            None => {
                c.is_alphabetic()
                    || is_mark(c)
                    || self.word_chars.contains(&self.src_case.fold(c).0)
            }
        }
    }

    /// Whether `c` has case.
    #[inline]
    fn is_cased(&self, c: char) -> bool {
        match self.dense_flags.get(c as usize) {
            Some(&f) => f & CASED != 0,
            None => c.is_lowercase() || c.is_uppercase(),
        }
    }

    /// `c` case-folded.
    #[inline]
    fn fold(&self, c: char) -> char {
        match self.dense_fold.get(c as usize) {
            Some(&f) => f,
            None => self.src_case.fold(c).0,
        }
    }

    #[inline]
    fn in_ctx(&self, ctx: &Ctx, c: Option<char>) -> bool {
        if ctx.any {
            return true;
        }
        let Some(c) = c else { return ctx.boundary };
        let i = c as usize;
        match ctx.bits.get(i / 64) {
            Some(w) if i < DENSE => w >> (i % 64) & 1 != 0,
            _ => self.in_ctx_slow(ctx, c),
        }
    }

    /// [`Table::in_ctx`] for a character, computed from the context's definition.
    fn in_ctx_slow(&self, ctx: &Ctx, c: char) -> bool {
        if ctx.is_any() {
            return true;
        }
        let word = self.is_word(c);
        if ctx.boundary && !word {
            return true;
        }
        if ctx.hyphen && is_hyphen(c) {
            return true;
        }
        if ctx.letter && word {
            return true;
        }
        let f = self.fold(c);
        if !ctx.chars.is_empty() && ctx.chars.contains(&f) {
            return true;
        }
        let vowel = self.vowels.binary_search(&f).is_ok();
        (ctx.vowel && vowel)
            || (ctx.consonant && !vowel && c.is_alphabetic() && !self.word_chars.contains(&f))
    }

    /// The root entry of `c`: node id and whether `c` was upper case.
    #[inline]
    fn root(&self, c: char) -> Option<(u32, bool)> {
        let e = if (c as usize) < DENSE {
            self.dense.get(c as usize).copied().unwrap_or(0)
        } else {
            let (f, up) = self.src_case.fold(c);
            self.sparse
                .get(&f)
                .map_or(0, |&id| id | if up { UPPER } else { 0 })
        };
        (e != 0).then_some((e & !UPPER, e & UPPER != 0))
    }

    /// Whether a pass may write a prefix before words (and so change text that no rule touches).
    pub(crate) fn writes_word_prefix(&self) -> bool {
        self.word_flag.is_some() && !self.word_prefix.is_empty()
    }

    /// Whether any character of `text` starts a rule.
    pub(crate) fn touches(&self, text: &str) -> bool {
        text.chars()
            .any(|c| self.root(c).is_some() || (self.arabic && needs_cleaning(c)))
    }
}
