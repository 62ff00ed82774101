//! The fuzzy stage: the keys within one or two edits of the query's, found by automaton walks
//! over the key fsts (a split search: a forward walk over the keys and a backward one over the
//! reversed keys), or by scanning every key, the reference the walks are tested against.

use fst::Streamer;
use fst::raw::Fst;

use super::{Collector, Layer, is_acronym};
use crate::index::IndexError;
use crate::index::automaton::{Osa, osa_chars, walk};
use crate::index::format::Section;
use crate::lookup::score::{self, Millis};
use crate::lookup::{Fuzzy, Stage, names};

/// The most fst nodes one fuzzy walk may visit (a walk at d = 2 over 1M names visits a few
/// thousand). A query whose walk runs out is refused with [`IndexError::FuzzyBudget`].
const WALK_NODES: usize = 1_000_000;

/// How the fuzzy stage finds keys within the budget.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FuzzyEngine {
    /// Automaton walks over the key fsts.
    Automaton,
    /// A linear scan of every key with a dynamic-programming distance (the reference).
    Scan,
}

/// What the fuzzy stage may do for one query.
#[derive(Clone, Copy)]
pub(super) struct Budget {
    /// The most edits, by the query's length ([`Fuzzy::budget`]).
    pub(super) edits: u8,
    /// The budget asked for, which says how long the keys must be for a typo of a derived
    /// form ([`Fuzzy::derived_min_chars`]).
    pub(super) fuzzy: Fuzzy,
    /// For a walk with the query's name without its generic words (*Urumi* of *Urumi City*):
    /// that name's letters, by which [`names::without_generic`] scores a typo of it. `None`
    /// for the query's own key.
    pub(super) bare: Option<usize>,
}

/// How the forms of a key a typo away are offered.
struct Typo<F> {
    /// The score of a form, by its text (`None`: refused).
    score: F,
    /// Whether a form derived by a transliteration may be the one met.
    derived_ok: bool,
}

/// The fuzzy stage: the keys within `budget` edits of the query key `q`, d = 1, then d = 2,
/// each only while it could still change the `limit` best results.
pub(super) fn fuzzy<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    key_fsts: &[Fst<&[u8]>],
    found: &mut Collector<'_, D>,
    q: &[char],
    Budget {
        edits: budget,
        fuzzy,
        bare,
    }: Budget,
    limit: usize,
    engine: FuzzyEngine,
) -> Result<(), IndexError> {
    let q_len = q.len();
    // A typo: its score, and whether a form derived by a transliteration may be the one met.
    let mut typo = |key: &[u8], edits: u8| {
        let chars = std::str::from_utf8(key).map_or(0, |k| k.chars().count());
        let longer = chars.max(q_len);
        let score = move |text: &str| {
            (!is_acronym(text)).then(|| {
                let millis = score::Evidence::Typo {
                    edits,
                    chars: longer,
                }
                .score();
                bare.map_or(millis, |letters| names::without_generic(millis, letters))
            })
        };
        Typo {
            score,
            derived_ok: longer >= fuzzy.derived_min_chars(edits),
        }
    };
    if budget >= 1 && !found.full_above(limit, score::best_typo(1, q.len())) {
        let mut hits: Vec<(usize, u64, u8, Vec<u8>)> = Vec::new();
        match engine {
            FuzzyEngine::Automaton => {
                let reversed: Vec<char> = q.iter().rev().copied().collect();
                // d = 1: the first half exact, or the second half (see `split_point_one`).
                let m = split_point_one(q.len());
                for (li, (layer, key_fst)) in layers.iter().zip(key_fsts).enumerate() {
                    split_walks(layer, key_fst, li, q, &reversed, (1, m, 0), &mut hits)?;
                }
                offer_fuzzy(found, &mut hits, &mut typo)?;
                if budget >= 2 && !found.full_above(limit, score::best_typo(2, q.len())) {
                    let m = split_point(q.len());
                    for (li, (layer, key_fst)) in layers.iter().zip(key_fsts).enumerate() {
                        split_walks(layer, key_fst, li, q, &reversed, (2, m, 1), &mut hits)?;
                    }
                    offer_fuzzy(found, &mut hits, &mut typo)?;
                }
            }
            FuzzyEngine::Scan => {
                for (li, key_fst) in key_fsts.iter().enumerate() {
                    scan(key_fst, q, budget, &mut |v, d, k| {
                        hits.push((li, v, d, k.to_vec()))
                    });
                }
                offer_fuzzy(found, &mut hits, &mut typo)?;
            }
        }
    }
    Ok(())
}

/// Where a d = 2 query of `n` characters is split: the forward walk allows 1 edit in the first
/// `m` characters, the backward walk none in the last `n − m`. Any split is correct; 70% was
/// the fastest of 30%–90% on the benchmark workload (the README).
fn split_point(n: usize) -> usize {
    n * 7 / 10
}

/// Where a d = 1 query of `n` characters is split: the forward walk allows no edit in the
/// first `m` characters, the backward walk none in the last `n − m` (one of the two halves of
/// a key one edit away is untouched). Halves keep both walks off the fst's widest levels.
fn split_point_one(n: usize) -> usize {
    n.div_ceil(2)
}

/// The two walks of a split search of `layer` (ordinal `li`) at distance `d`, split at `m`:
/// forward over the key fst with at most `t` edits before query column `m`, backward over the
/// reversed keys with none after it. Together they find every key within `d` of `q` (the
/// module documentation of [`crate::index::automaton`]); a key both find is pushed twice, which
/// offering twice does not change. Pushes `(li, value, distance, key)` onto `hits`.
fn split_walks<D: AsRef<[u8]>>(
    layer: &Layer<'_, D>,
    key_fst: &Fst<&[u8]>,
    li: usize,
    q: &[char],
    reversed: &[char],
    (d, m, t): (u8, usize, u8),
    hits: &mut Vec<(usize, u64, u8, Vec<u8>)>,
) -> Result<(), IndexError> {
    let mut nodes = WALK_NODES;
    complete(walk(
        key_fst,
        &Osa::new(q, d, Some((m, t))),
        &mut nodes,
        &mut |v, d, k| hits.push((li, v, d, k.to_vec())),
    ))?;
    let reversed_fst = layer.index.fst(Section::KeyReversed)?;
    let mut nodes = WALK_NODES;
    let mut keys: Vec<(Vec<u8>, u8)> = Vec::new();
    let mut buf = [0u8; 4];
    complete(walk(
        &reversed_fst,
        &Osa::new(reversed, d, Some((q.len() - m, 0))),
        &mut nodes,
        &mut |_, d, k| {
            let mut key = Vec::with_capacity(k.len());
            for c in String::from_utf8_lossy(k).chars().rev() {
                key.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            keys.push((key, d));
        },
    ))?;
    for (k, d) in keys {
        let value = key_fst.get(&k).ok_or_else(|| {
            IndexError::corrupt("the reversed key fst has a key the key fst lacks")
        })?;
        hits.push((li, value.value(), d, k));
    }
    Ok(())
}

/// Turns a walk that ran out of nodes into an error.
fn complete(finished: bool) -> Result<(), IndexError> {
    if finished {
        Ok(())
    } else {
        Err(IndexError::FuzzyBudget { nodes: WALK_NODES })
    }
}

/// Offers the fuzzy hits `(layer, value, distance, key)`, leaving out distance 0 (found by the
/// exact stage already); `score` makes the scoring function of a key at a distance.
fn offer_fuzzy<D: AsRef<[u8]>, F: FnMut(&str) -> Option<Millis>>(
    found: &mut Collector<'_, D>,
    hits: &mut Vec<(usize, u64, u8, Vec<u8>)>,
    typo: &mut dyn FnMut(&[u8], u8) -> Typo<F>,
) -> Result<(), IndexError> {
    for (li, value, distance, key) in hits.drain(..) {
        if distance == 0 {
            continue;
        }
        let Typo {
            mut score,
            derived_ok,
        } = typo(&key, distance);
        found.derived_min = if derived_ok {
            0
        } else {
            Collector::<D>::NO_DERIVED
        };
        let offered = found.offer_value(li, value, Stage::Fuzzy, distance, &mut score);
        found.derived_min = 0;
        offered?;
    }
    Ok(())
}

/// Every key of `fst` within `d` of `q`, by dynamic programming on each key.
fn scan<D: AsRef<[u8]>>(fst: &Fst<D>, q: &[char], d: u8, hit: &mut dyn FnMut(u64, u8, &[u8])) {
    let mut stream = fst.stream();
    let mut chars = Vec::new();
    while let Some((k, out)) = stream.next() {
        let Ok(k) = std::str::from_utf8(k) else {
            continue;
        };
        chars.clear();
        chars.extend(k.chars());
        if chars.len().abs_diff(q.len()) > usize::from(d) {
            continue;
        }
        let distance = osa_chars(q, &chars);
        if distance <= usize::from(d) {
            hit(out.value(), distance as u8, k.as_bytes());
        }
    }
}
