//! The rule-table file format of a scheme (`src/translit/schemes/*.toml`), as read by serde, and
//! the merging of a table with the table it extends.
//!
//! A scheme file has metadata and up to two directions: `[encode]` (pivot → scheme) and
//! `[decode]` (scheme → pivot). Each direction lists plain `letters` (source → target, matched
//! longest first), context `rules` tried before the letters, input `variants`, and the word-level
//! features some scripts need (a word flag such as Töte frontness, a word prefix, a vowel carrier).
//! The format is described for readers in the README.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One scheme file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SchemeFile {
    pub id: String,
    pub extends: Option<String>,
    /// `none` (Arabic script), `default` (Unicode case pairs) or `turkic` (İ/i, I/ı).
    pub case: Option<String>,
    /// For a pivot: every letter of its alphabet (strict mode checks against it).
    pub alphabet: Option<String>,
    pub encode: Option<Direction>,
    pub decode: Option<Direction>,
}

/// One direction of a scheme.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Direction {
    /// For `decode`: start from the inverse of `encode.letters`.
    pub inverse: Option<bool>,
    /// Source-side vowels, for the `vowel` and `consonant` contexts.
    pub vowels: Option<String>,
    /// Non-letter characters that belong to words (apostrophes, modifier letters).
    pub word_chars: Option<String>,
    /// Plain mappings: source text → target text.
    #[serde(default)]
    pub letters: BTreeMap<String, String>,
    /// Context rules, tried in order before the plain letters of the same source text.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Input variants: a character → the character it stands for in this direction's keys.
    #[serde(default)]
    pub variants: BTreeMap<String, String>,
    /// A per-word flag computed from the letters of the word.
    pub word_flag: Option<WordFlag>,
    /// Text written at the start of every word whose flag is set.
    pub word_prefix: Option<String>,
    /// Text written before a vowel letter in the given contexts (the Uyghur hamza carrier).
    pub vowel_carrier: Option<Carrier>,
}

/// A context rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSpec {
    pub from: String,
    pub to: String,
    /// The previous source character must be one of these contexts (any of them).
    #[serde(default)]
    pub prev: Vec<String>,
    /// The next source character must be one of these contexts (any of them).
    #[serde(default)]
    pub next: Vec<String>,
    /// `true`: only in words whose flag is set; `false`: only in words whose flag is not set.
    pub word: Option<bool>,
    /// Only when this option is on.
    #[serde(rename = "if")]
    pub if_option: Option<String>,
    /// Only when this option is off.
    pub unless: Option<String>,
}

/// A word flag: set when the word contains any of `if_any` and none of `unless_any`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordFlag {
    pub if_any: String,
    #[serde(default)]
    pub unless_any: String,
}

/// A vowel carrier: `text` written before the vowel letters `letters` in contexts `prev`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Carrier {
    pub text: String,
    pub letters: String,
    pub prev: Vec<String>,
}

impl Direction {
    /// This direction laid over `base`: letters and variants merged (an empty variant value
    /// removes the base's), rules tried before the base's, other fields replaced when given.
    pub(crate) fn over(self, base: &Direction) -> Direction {
        let mut letters = base.letters.clone();
        letters.extend(self.letters);
        let mut variants = base.variants.clone();
        for (k, v) in self.variants {
            if v.is_empty() {
                variants.remove(&k);
            } else {
                variants.insert(k, v);
            }
        }
        let mut rules = self.rules;
        rules.extend(base.rules.iter().cloned());
        Direction {
            inverse: self.inverse.or(base.inverse),
            vowels: self.vowels.or_else(|| base.vowels.clone()),
            word_chars: self.word_chars.or_else(|| base.word_chars.clone()),
            letters,
            rules,
            variants,
            word_flag: self.word_flag.or_else(|| base.word_flag.clone()),
            word_prefix: self.word_prefix.or_else(|| base.word_prefix.clone()),
            vowel_carrier: self.vowel_carrier.or_else(|| base.vowel_carrier.clone()),
        }
    }
}
