//! The lookup's vocabulary: match stages, the fuzzy budget, search options and hits, and the
//! one ranking every search uses.
//!
//! A lookup gathers evidence that the query names an entry through several channels, and
//! scores every piece of it with one model ([`score`]): a score says how strongly the evidence
//! says that the query names the entry, the same whatever channel, index or glossary layer
//! found it. Hits are ranked by score; the stage is kept as the explanation:
//!
//! | stage | the query matches a form when… |
//! |---|---|
//! | `exact` | the normalized query equals the form's text |
//! | `normalized` | the [`key`](crate::key::key)s are equal (case, diacritics, ё, Arabic letter forms) |
//! | `cross-script` | the [`latin_key`](crate::key::latin_key)s are equal, or the [`skeleton`](crate::key::skeleton)s are equal and the sounds are close |
//! | `fuzzy` | the keys are within the fuzzy budget, in optimal-string-alignment distance counted in characters |
//! | `partial` | the query names the form by some of its words ([`names`]) |
//! | `prefix` | the form's key starts with the query's key (only with [`SearchOptions::prefix`]) |
//!
//! Equal scores are ordered by stage, then by the form's status (preferred first), entered
//! before derived forms, then by the form ordinal (input order), so the order never depends on
//! hashing or timing. Results are grouped per entry: each entry appears once, with its best
//! hit. Hits scoring below [`SearchOptions::min_score`] ([`DEFAULT_MIN_SCORE`] unless set) are
//! not returned.
//!
//! Precision gates keep weak evidence out: keys of at most three characters match only
//! exactly or through a transliteration; a sound match needs three consonants on both sides;
//! acronyms (a form written in capitals, *ИГИЛ*, *BBC*) match only whole, never by a typo, a
//! sound or a prefix.

pub mod names;
pub mod report;
pub mod score;
mod sources;
pub(crate) mod vocabulary;

pub use score::DEFAULT_MIN_SCORE;
pub use sources::{Answer, Sources};

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::glossary::Status;
use crate::lang::LangTag;

/// How a query matched a form. Earlier stages rank first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The normalized query equals the form's text.
    Exact,
    /// The query's key equals the form's key.
    Normalized,
    /// The common-Latin keys are equal, or the skeletons are.
    CrossScript,
    /// The keys are within the fuzzy budget.
    Fuzzy,
    /// Some of the name's words match ([`names`]).
    Partial,
    /// The form's key starts with the query's key.
    Prefix,
}

impl Stage {
    /// The name used in outputs: `exact`, `normalized`, `cross-script`, `fuzzy`, `partial`,
    /// `prefix`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Exact => "exact",
            Stage::Normalized => "normalized",
            Stage::CrossScript => "cross-script",
            Stage::Fuzzy => "fuzzy",
            Stage::Partial => "partial",
            Stage::Prefix => "prefix",
        }
    }

    /// Every stage, in ranking order.
    pub const ALL: [Stage; 6] = [
        Stage::Exact,
        Stage::Normalized,
        Stage::CrossScript,
        Stage::Fuzzy,
        Stage::Partial,
        Stage::Prefix,
    ];
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The fuzzy budget: how many edits a fuzzy match may need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Fuzzy {
    /// By the length of the query's key in characters: 0 edits up to 3 characters, 1 edit from
    /// 4, 2 edits from 6 (Elasticsearch's `AUTO`, except that a three-letter key is matched
    /// only exactly: one edit in three letters names too many other words), and two edits from
    /// a form derived by a transliteration only for keys of [`Fuzzy::DERIVED_TWO_EDITS_CHARS`]
    /// characters. An edit on the first letter is allowed (*Kulja*/*Gulja*).
    #[default]
    Auto,
    /// Exactly this many edits (0, 1 or 2), whatever the length.
    Exact(u8),
}

impl Fuzzy {
    /// The largest distance [`Fuzzy::Exact`] accepts.
    pub const MAX: u8 = 2;

    /// The fewest characters that the longer of the query's key and a derived form's key needs,
    /// under [`Fuzzy::Auto`], for a match two edits apart. A derived form is a machine
    /// transliteration of an entered one (the Töte *اتتان* of *Аттан*, the ISO 9 *Âponiâ* of
    /// *Япония*): two edits from one is a guess about a guess, and in short words such matches
    /// were mostly ordinary words (Uyghur *ياتقان* "lying" and *اتتان*, English *ammonia* and
    /// *Âponiâ*). Chosen on 1,600 ordinary words of English, Russian, Kazakh and Uyghur drawn
    /// apart from the evaluation sets (`eval/ordinary-wide.tsv`), 15 fewer got a hit (36, not
    /// 51), and of the development split's named queries one transliteration variant was lost
    /// (*khouei*, French for Hui); random typos of the glossary's forms (the Python benchmark)
    /// were found 0.6 points less often. Entered forms keep two edits from six characters.
    pub const DERIVED_TWO_EDITS_CHARS: usize = 8;

    /// The fewest characters the longer of two keys needs for a match `edits` apart with a
    /// derived form under this budget: [`Fuzzy::DERIVED_TWO_EDITS_CHARS`] for two edits under
    /// [`Fuzzy::Auto`], else none. An explicit budget ([`Fuzzy::Exact`]) allows what it says.
    pub fn derived_min_chars(self, edits: u8) -> usize {
        match self {
            Fuzzy::Auto if edits >= 2 => Self::DERIVED_TWO_EDITS_CHARS,
            _ => 0,
        }
    }

    /// The number of edits allowed for a query key of `chars` characters.
    pub fn budget(self, chars: usize) -> u8 {
        match self {
            Fuzzy::Exact(d) => d.min(Fuzzy::MAX),
            Fuzzy::Auto => match chars {
                0..=3 => 0,
                4..=5 => 1,
                _ => 2,
            },
        }
    }
}

impl fmt::Display for Fuzzy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fuzzy::Auto => f.write_str("auto"),
            Fuzzy::Exact(d) => write!(f, "{d}"),
        }
    }
}

impl FromStr for Fuzzy {
    type Err = crate::Error;
    /// Parses `0`, `1`, `2` or `auto`.
    fn from_str(s: &str) -> Result<Fuzzy, crate::Error> {
        match s {
            "auto" => Ok(Fuzzy::Auto),
            "0" => Ok(Fuzzy::Exact(0)),
            "1" => Ok(Fuzzy::Exact(1)),
            "2" => Ok(Fuzzy::Exact(2)),
            _ => Err(crate::error::invalid_value(
                "fuzzy budget",
                s,
                ["0", "1", "2", "auto"],
            )),
        }
    }
}

/// What a search looks for, and how many results it returns.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchOptions {
    /// The fuzzy budget. Default [`Fuzzy::Auto`].
    pub fuzzy: Fuzzy,
    /// Whether to add prefix (autocomplete) matches. Default `false`.
    pub prefix: bool,
    /// Whether to add cross-script matches (common-Latin key and skeleton). Default `true`.
    pub cross_script: bool,
    /// Only forms whose language matches this range (`kk` matches `kk-Cyrl`). Default: all.
    pub lang: Option<LangTag>,
    /// The largest number of entries returned. Default 10.
    pub limit: usize,
    /// Hits scoring below this are not returned. Default [`DEFAULT_MIN_SCORE`]; 0 returns every
    /// hit the channels find.
    pub min_score: f64,
    /// Only the `exact` and `normalized` stages: equal keys, no guessing. Default `false`.
    pub exact: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            fuzzy: Fuzzy::Auto,
            prefix: false,
            cross_script: true,
            lang: None,
            limit: 10,
            min_score: DEFAULT_MIN_SCORE,
            exact: false,
        }
    }
}

/// One result of a search: the best match of one entry.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The ordinal of the form that matched (input order, from 0).
    pub form: u32,
    /// The ordinal of its entry (input order, from 0).
    pub entry: u32,
    /// How it matched.
    pub stage: Stage,
    /// The edit distance of the match: 0 for `exact`, `normalized` and `partial`; the OSA
    /// distance of the keys for `fuzzy`, of the common-Latin keys for `cross-script`; the
    /// characters added for `prefix` (capped at 255).
    pub distance: u8,
    /// How strongly the evidence says that the query names this entry, in [0, 1] with three
    /// decimals: the same model for every stage, index and layer ([`score`]).
    pub score: f64,
}

/// The full ranking key of a hit: `(score, stage, consonants spelt otherwise, distance,
/// status, derived, form ordinal)`, the best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    pub score: std::cmp::Reverse<score::Millis>,
    pub stage: Stage,
    /// For a sound match, the query's consonants that the form spells with another letter of
    /// their class ([`score::consonants_spelt_otherwise`]); 0 for every other stage.
    pub consonants: u8,
    pub distance: u8,
    pub status: Status,
    pub derived: bool,
    pub form: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_parses_and_prints() {
        for s in ["0", "1", "2", "auto"] {
            assert_eq!(s.parse::<Fuzzy>().unwrap().to_string(), s);
        }
        let err = "3".parse::<Fuzzy>().unwrap_err().to_string();
        assert!(err.contains("auto"), "{err}");
    }
}
