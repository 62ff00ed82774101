//! The one score: how strongly the evidence says that a query names the entry of a form.
//!
//! Every way a query can meet a form is described as a piece of evidence, and every piece is
//! scored by one function, whatever stage, index or layer found it.
//! Scores are in thousandths (`0..=1000`), so that they compare exactly and print without
//! rounding noise; [`crate::lookup::Hit::score`] gives them as a fraction.
//!
//! The model, strongest evidence first:
//!
//! | evidence | score |
//! |---|---|
//! | the texts are equal after normalization | 1.000 |
//! | the lookup keys are equal (case, diacritics, letter variants) | 0.980 |
//! | the common-Latin keys are equal (a transliteration) | 0.950 across scripts, 0.930 within one |
//! | the name's words, reordered, with initials or a generic word | see [`crate::lookup::names`] |
//! | the keys are `d` edits apart (a typo) | 0.950 × (1 − d / n) |
//! | the consonant skeletons are equal (or one class apart) and the sounds close | w × (1 − c / n)², w = 0.92 across scripts, 0.88 within one |
//! | the form's key starts with the query's (`prefix` only, asked for) | 0.50 + 0.40 × typed / n |
//!
//! where `n` is the length of the longer of the two keys (in characters, or in letters of the
//! common-Latin key for sounds) and `c` is the phonetic cost (`phonetic_cost`) of the common-Latin
//! keys. A typo's score falls linearly with the share of the name that was mistyped; a sound
//! match's falls with the square of it, because two names with the same consonants are far more
//! often different names than two names one keystroke apart.
//!
//! When the query equals a name of some entry (an exact or normalized hit), guesses about other
//! entries (typos, sounds, prefixes) keep [`GUESS_BESIDE_A_NAME`] of their score.

mod phonetic;

use crate::lookup::Stage;
pub use phonetic::FAR_VOWELS;
pub(crate) use phonetic::{
    Spelling, consonants_spelt_otherwise, phonetic_cost_unbanded, phonetic_cost_within,
};

/// The score below which hits are not returned unless asked for (see
/// [`SearchOptions::min_score`](crate::lookup::SearchOptions::min_score)).
///
/// Chosen on the development part of the evaluation sets (`eval/`): the lowest score at which
/// ordinary words stay under 2% with a hit while typed names keep their recall.
pub const DEFAULT_MIN_SCORE: f64 = 0.5;

/// The score of a hit in thousandths.
pub(crate) type Millis = u16;

/// What a match of a query with a form rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Evidence {
    /// The normalized texts are equal.
    Exact,
    /// The lookup keys are equal.
    Normalized,
    /// The common-Latin keys are equal.
    Transliteration {
        /// Whether the query and the form are written in the same script.
        same_script: bool,
    },
    /// The skeletons are equal and the common-Latin keys are `quarters` apart in
    /// [`phonetic_cost_within`] quarters, the longer having `letters` letters.
    Sounds {
        /// The phonetic cost, in quarters of an edit.
        quarters: u32,
        /// The letters of the longer common-Latin key.
        letters: usize,
        /// Whether the query and the form are written in the same script.
        same_script: bool,
        /// Whether the skeletons are one consonant class apart rather than equal.
        near: bool,
        /// Whether a side has fewer than three consonants.
        few: bool,
    },
    /// The keys are `edits` apart; the longer has `chars` characters.
    Typo {
        /// The edit distance.
        edits: u8,
        /// The length of the longer key.
        chars: usize,
    },
    /// The form's key starts with the query's key.
    Prefix {
        /// The characters of the query's key.
        typed: usize,
        /// The characters of the form's key.
        chars: usize,
    },
}

impl Evidence {
    /// The score of this evidence, in thousandths.
    pub(crate) fn score(self) -> Millis {
        let value = match self {
            Evidence::Exact => 1.0,
            Evidence::Normalized => 0.98,
            Evidence::Transliteration { same_script } => {
                if same_script {
                    0.93
                } else {
                    0.95
                }
            }
            Evidence::Sounds {
                quarters,
                letters,
                same_script,
                near,
                few,
            } => {
                let weight = if same_script { 0.88 } else { 0.92 }
                    - if near { NEAR_PENALTY } else { 0.0 }
                    - if few { FEW_PENALTY } else { 0.0 };
                let share = f64::from(quarters) / 4.0 / letters.max(1) as f64;
                let similarity = (1.0 - share).max(0.0);
                weight * similarity * similarity
            }
            Evidence::Typo { edits, chars } => {
                let share = f64::from(edits) / chars.max(1) as f64;
                0.95 * (1.0 - share).max(0.0)
            }
            Evidence::Prefix { typed, chars } => {
                0.50 + 0.40 * (typed as f64 / chars.max(typed).max(1) as f64)
            }
        };
        to_millis(value)
    }
}

/// What a sound match loses from its weight when the skeletons are one consonant class apart
/// (the phonetic cost already counts the odd consonant as a full edit).
pub const NEAR_PENALTY: f64 = 0.0;

/// What a sound match loses from its weight when a side has only two consonants: short names
/// share their consonants with many words, so such a match ranks below a surname or a word of
/// a name met exactly (*Khalil* is a surname before it is a spelling of *халал*).
pub const FEW_PENALTY: f64 = 0.12;

/// A fraction in `[0, 1]` as thousandths, rounded.
pub(crate) fn to_millis(value: f64) -> Millis {
    (value.clamp(0.0, 1.0) * 1000.0).round() as Millis
}

/// The share of its score that a guess keeps when the query is, letter for letter or key for
/// key, a name of another entry: a typo, a sound or a prefix of a second name is then a much
/// less likely reading of what was typed (*Жаркент* is Zharkent, not a misspelt *Ташкент*).
pub const GUESS_BESIDE_A_NAME: f64 = 0.7;

/// The score of a hit once the search knows that the query equals a name (an `exact` or
/// `normalized` hit): guesses (`fuzzy`, `prefix`, and `cross-script` by sound) keep
/// [`GUESS_BESIDE_A_NAME`] of their score; names and transliterations keep all of it.
pub(crate) fn given_a_name(score: Millis, stage: Stage, distance: u8) -> Millis {
    let guess = match stage {
        Stage::Fuzzy | Stage::Prefix => true,
        Stage::CrossScript => distance > 0,
        Stage::Exact | Stage::Normalized | Stage::Partial => false,
    };
    if guess {
        to_millis(f64::from(score) / 1000.0 * GUESS_BESIDE_A_NAME)
    } else {
        score
    }
}

/// The best score a typo of `edits` edits can reach for a query key of `chars` characters
/// (against a key `edits` characters longer): a search that already holds enough hits above it
/// need not look for such typos.
pub(crate) fn best_typo(edits: u8, chars: usize) -> Millis {
    Evidence::Typo {
        edits,
        chars: chars + usize::from(edits),
    }
    .score()
}

/// The score of a sound match across scripts (the best weight) at a cost of `quarters` over
/// `letters` letters.
fn sounds_across_scripts(quarters: u32, letters: usize, near: bool, few: bool) -> Millis {
    Evidence::Sounds {
        quarters,
        letters,
        same_script: false,
        near,
        few,
    }
    .score()
}

/// The most phonetic quarters a sound match over `letters` letters may cost and still score
/// `floor` across scripts (the best weight), or `None` when even equal sounds score less.
pub(crate) fn max_sound_quarters(
    letters: usize,
    near: bool,
    few: bool,
    floor: Millis,
) -> Option<u32> {
    let at = |quarters: u32| sounds_across_scripts(quarters, letters, near, few);
    if at(0) < floor {
        return None;
    }
    // The score falls with the quarters and is 0 from 4 × letters on.
    let (mut low, mut high) = (0u32, u32::try_from(letters.max(1) * 4).unwrap_or(u32::MAX));
    while low < high {
        let mid = low + (high - low).div_ceil(2);
        if at(mid) >= floor {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    Some(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_with_weaker_evidence() {
        let ordered = [
            Evidence::Exact,
            Evidence::Normalized,
            Evidence::Transliteration { same_script: false },
            Evidence::Transliteration { same_script: true },
            Evidence::Typo { edits: 1, chars: 8 },
            Evidence::Typo { edits: 1, chars: 6 },
            Evidence::Typo { edits: 2, chars: 6 },
        ];
        let scores: Vec<Millis> = ordered.iter().map(|e| e.score()).collect();
        assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
        assert_eq!(
            best_typo(1, 5),
            Evidence::Typo { edits: 1, chars: 6 }.score()
        );
    }

    #[test]
    fn max_sound_quarters_is_the_last_cost_that_reaches_the_floor() {
        for letters in 1..20 {
            for (near, few) in [(false, false), (true, false), (false, true)] {
                for floor in [0, 500, 580, 700, 900] {
                    let at = |quarters| sounds_across_scripts(quarters, letters, near, few);
                    match max_sound_quarters(letters, near, few, floor) {
                        Some(max) => {
                            assert!(at(max) >= floor);
                            assert!(at(max + 1) < floor || max as usize >= letters * 4);
                        }
                        None => assert!(at(0) < floor),
                    }
                }
            }
        }
    }
}
