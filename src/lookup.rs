//! The staged lookup's vocabulary: match stages, the fuzzy budget, search options and hits, and
//! the one ranking every search uses.
//!
//! A lookup runs its stages in order and ranks every hit by the tuple
//! `(stage, distance, status, derived, form ordinal)`, smaller first:
//!
//! | stage | the query matches a form when… | distance |
//! |---|---|---|
//! | `exact` | the normalized query equals the form's text | 0 |
//! | `normalized` | the [`key`](crate::key::key)s are equal (case, diacritics, ё, Arabic letter forms) | 0 |
//! | `cross-script` | the [`latin_key`](crate::key::latin_key)s are equal, or the [`skeleton`](crate::key::skeleton)s are equal and the latin keys are close | OSA distance of the latin keys |
//! | `fuzzy` | the keys are within the fuzzy budget, in optimal-string-alignment distance counted in characters | OSA distance of the keys |
//! | `prefix` | the form's key starts with the query's key (only with [`SearchOptions::prefix`]) | extra characters, capped at 255 |
//!
//! Ties are broken by the form's status (preferred first), entered before derived forms, then by
//! the form ordinal (input order), so the order never depends on hashing or timing. Results are
//! grouped per entry: each entry appears once, with its best hit.

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
    /// The form's key starts with the query's key.
    Prefix,
}

impl Stage {
    /// The name used in outputs: `exact`, `normalized`, `cross-script`, `fuzzy`, `prefix`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Exact => "exact",
            Stage::Normalized => "normalized",
            Stage::CrossScript => "cross-script",
            Stage::Fuzzy => "fuzzy",
            Stage::Prefix => "prefix",
        }
    }

    /// The score of a hit at this stage with `distance`, in (0, 1]; see [`Hit::score`].
    pub fn score(self, distance: u8) -> f32 {
        let (base, per_edit) = match self {
            Stage::Exact => (1.0, 0.0),
            Stage::Normalized => (0.95, 0.0),
            Stage::CrossScript => (0.9, 0.02),
            Stage::Fuzzy => (0.8, 0.1),
            Stage::Prefix => (0.5, 0.001),
        };
        let floor = match self {
            Stage::Exact | Stage::Normalized => base,
            Stage::CrossScript => 0.81,
            Stage::Fuzzy => 0.51,
            Stage::Prefix => 0.2,
        };
        (base - per_edit * f32::from(distance)).max(floor)
    }
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
    /// By the length of the query's key in characters: 0 edits up to 2 characters, 1 edit from
    /// 3, 2 edits from 6 (Elasticsearch's `AUTO`; stricter thresholds lose many names, see
    /// the README). An edit on the first letter is allowed (*Kulja*/*Gulja*).
    #[default]
    Auto,
    /// Exactly this many edits (0, 1 or 2), whatever the length.
    Exact(u8),
}

impl Fuzzy {
    /// The largest distance [`Fuzzy::Exact`] accepts.
    pub const MAX: u8 = 2;

    /// The number of edits allowed for a query key of `chars` characters.
    pub fn budget(self, chars: usize) -> u8 {
        match self {
            Fuzzy::Exact(d) => d.min(Fuzzy::MAX),
            Fuzzy::Auto => match chars {
                0..=2 => 0,
                3..=5 => 1,
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
    /// Hits scoring below this are not returned. Default 0 (every hit).
    pub min_score: f32,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            fuzzy: Fuzzy::Auto,
            prefix: false,
            cross_script: true,
            lang: None,
            limit: 10,
            min_score: 0.0,
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
    /// The edit distance of the match (see the module docs for what it measures per stage).
    pub distance: u8,
    /// A score in (0, 1], decreasing along the ranking: exact 1.0, normalized 0.95,
    /// cross-script 0.9 − 0.02 per edit, fuzzy 0.8 − 0.1 per edit, prefix 0.5 − 0.001 per
    /// extra character. Only the order is meaningful.
    pub score: f32,
}

/// The full ranking key of a hit: `(stage, distance, status, derived, form ordinal)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    pub stage: Stage,
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

    #[test]
    fn scores_follow_the_ranking() {
        let mut ranked = vec![];
        for stage in [
            Stage::Exact,
            Stage::Normalized,
            Stage::CrossScript,
            Stage::Fuzzy,
            Stage::Prefix,
        ] {
            for d in [0u8, 1, 2, 5] {
                ranked.push(stage.score(d));
            }
        }
        assert!(ranked.windows(2).all(|w| w[0] >= w[1]), "{ranked:?}");
    }
}
