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
//!
//! The annotator's parts: `words` splits text into words, `fold` folds them, `trie` holds the
//! forms by their words, `build` makes the annotator from a glossary, `cache` remembers the
//! words of a text, `matcher` finds the mentions of a line, `case`, `everyday` and `surname`
//! decide whether a text may stand for a form, and `mention` is what is reported.

mod build;
mod cache;
mod case;
mod context;
mod everyday;
pub mod expand;
mod fold;
pub mod lint;
mod matcher;
mod mention;
pub mod read;
mod rules;
mod surname;
mod trie;
mod words;

use std::collections::HashMap;

use crate::glossary::{FormRef, Glossary};

pub use context::{Context, HeldMention};
pub use mention::{GlossaryMention, How, Mention};
pub use rules::{RulesError, SuffixRules};

pub(crate) use fold::fold_into;
use matcher::Found;
use trie::{Edges, FormData, Node};
use words::{Reading, Word};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A candidate reading of one word: a glossary word id, reached directly or through a rule.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cand {
    pub(super) word: u32,
    /// The outer rule stripped (`NO_RULE` when the word matched as it is).
    pub(super) rule: u32,
    /// Characters stripped from the end of the word.
    pub(super) stripped: u32,
    /// Whether the stem is long enough for the word to start a match.
    pub(super) strict: bool,
    /// The trie node the word reaches from the root when it may start a match (`strict`),
    /// else `u32::MAX`; set once per word, so that the walk does not look it up again.
    pub(super) root: u32,
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
