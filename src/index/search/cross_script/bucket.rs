//! The reading of skeleton buckets: each member of a bucket scored against a spelling of the
//! query by the phonetic cost between common-Latin keys, within the bound that the score floor
//! allows, and kept as a sound match.

use fst::Streamer;
use fst::raw::IndexedValue;

use super::spellings::ENDING_QUARTERS;
use super::{
    FEW_CONSONANTS_QUARTERS, MIN_CONSONANTS, MIN_CONSONANTS_CLOSE, NEAR_CONSONANTS, SOUND_MIN,
};
use crate::index::IndexError;
use crate::index::automaton::osa_chars;
use crate::index::search::Layer;
use crate::key;
use crate::lang::Script;
use crate::lookup::score::{self, Millis};
use crate::lookup::vocabulary::UnitKinds;

/// The stream of one layer's fst as the union of one stream: each key with its one value,
/// without the union's heap (a search of one index reads its buckets this way).
pub(super) struct OneLayer<S> {
    stream: S,
    value: [IndexedValue; 1],
}

impl<S> OneLayer<S> {
    pub(super) fn new(stream: S) -> OneLayer<S> {
        OneLayer {
            stream,
            value: [IndexedValue { index: 0, value: 0 }],
        }
    }
}

impl<'a, S> Streamer<'a> for OneLayer<S>
where
    S: for<'b> Streamer<'b, Item = (&'b [u8], fst::raw::Output)>,
{
    type Item = (&'a [u8], &'a [IndexedValue]);

    fn next(&'a mut self) -> Option<Self::Item> {
        let (key, out) = self.stream.next()?;
        let [value] = &mut self.value;
        value.value = out.value();
        Some((key, &self.value))
    }
}

/// A sound match of a bucket member.
pub(super) struct SoundHit {
    /// The layer whose fst holds the member.
    pub(super) layer: usize,
    /// The member's posting value.
    pub(super) value: u64,
    /// The OSA distance between the common-Latin keys.
    pub(super) distance: u8,
    /// The phonetic cost in quarters as a non-Latin form reads, and as a Latin one reads.
    pub(super) quarters: (u32, u32),
    /// The letters of the longer common-Latin key.
    pub(super) letters: usize,
    /// Whether the skeletons are one consonant class apart.
    pub(super) near: bool,
    /// Whether a side has fewer than three consonants.
    pub(super) few: bool,
    /// The consonants spelt otherwise ([`score::consonants_spelt_otherwise`]).
    pub(super) spelt: u8,
    /// Whether the member is a name without its generic words ([`key::BARE_NAME_MARK`]).
    pub(super) bare: bool,
    /// What the query spelling that met it says of the unit.
    pub(super) unit: UnitWords,
}

/// What a spelling of the query says of the unit a place is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct UnitWords {
    /// Whether it ends in a generic word ([`crate::lookup::names::ends_with_generic`]).
    pub(super) generic_end: bool,
    /// Whether it leaves out the designation of an autonomous unit that the query gives.
    pub(super) undesignated: bool,
    /// The kinds of unit of the generic words of the query that it leaves out.
    pub(super) left_out: UnitKinds,
}

/// A spelling of the query that the stage reads skeleton buckets for.
pub(super) struct QuerySpelling<'q> {
    /// Its common-Latin key.
    pub(super) latin: &'q str,
    /// Whether it is the query's own key, whose equal members the transliteration check has
    /// offered already.
    pub(super) own: bool,
    /// The quarters of an edit that every match of it costs besides its own.
    pub(super) penalty: u32,
    /// What it says of the unit.
    pub(super) unit: UnitWords,
}

/// Which skeletons a stream read by [`Bucket::read`] holds.
#[derive(Clone, Copy, Debug)]
pub(super) enum Skeletons<'s> {
    /// A skeleton of the query under one of its readings, of `consonants` consonant classes: a
    /// query and a member in its bucket both have that many under it (*Kuqa* read with pinyin
    /// q as ч has two, `KS`, where *Kucha* is, though its usual skeleton `K` has one).
    Own {
        /// The consonant classes of the skeleton.
        consonants: usize,
    },
    /// The skeletons one consonant class away from the query's `skip`, whose own bucket was
    /// read already: their members are near matches.
    Near {
        /// The query's skeleton.
        skip: &'s str,
    },
}

/// The members of skeleton buckets read so far, and their sound matches.
pub(super) struct Bucket<'q> {
    /// The query's common-Latin key (or another spelling of the query), as text and
    /// characters.
    latin: &'q str,
    /// Whether `latin` is the query's own key, whose equal members the transliteration check
    /// has offered already.
    own: bool,
    /// `latin` without each Russian adjectival ending it has ([`key::spellings::name_stems`]).
    stems: Vec<&'q str>,
    /// The quarters an edit that every match of this spelling costs besides its own.
    penalty: u32,
    /// What the spelling says of the unit.
    unit: UnitWords,
    q: Vec<char>,
    /// Its sounds, and its consonants.
    q_spelling: score::Spelling<'q>,
    q_consonants: usize,
    min_score: Millis,
    /// The common-Latin keys with a letter of several readings already scored.
    seen: std::collections::HashSet<Vec<u8>>,
    /// `(layer, value, distance, quarters, letters, near)` of each sound match: the
    /// quarters as a non-Latin member reads and as a Latin one does.
    pub(super) hits: Vec<SoundHit>,
    /// Whether the query is in Latin script (its q and x have other readings).
    q_latin: bool,
    other: Vec<char>,
    /// Scratch rows of the phonetic alignment.
    rows: Vec<u32>,
    /// [`Bucket::max_quarters`] by `4 × letters + 2 × near + few`, where computed.
    max_known: Vec<Option<Option<u32>>>,
}

/// The most entries of [`Bucket::max_known`] (keys of up to 64 letters).
const MAX_QUARTERS_KNOWN: usize = 256;

impl<'q> Bucket<'q> {
    /// A reader of skeleton buckets for the query spelling `query` read as `q_spelling`,
    /// holding the sound matches `hits` found already.
    pub(super) fn new(
        query: QuerySpelling<'q>,
        q_spelling: score::Spelling<'q>,
        script: Option<Script>,
        min_score: Millis,
        hits: Vec<SoundHit>,
    ) -> Bucket<'q> {
        let q_consonants = q_spelling.consonants;
        let latin = query.latin;
        Bucket {
            q_latin: script == Some(Script::Latin),
            latin,
            own: query.own,
            stems: key::spellings::name_stems(latin).collect(),
            penalty: query.penalty,
            unit: query.unit,
            q: latin.chars().collect(),
            q_spelling,
            q_consonants,
            min_score,
            seen: std::collections::HashSet::new(),
            hits,
            other: Vec::new(),
            rows: Vec::new(),
            max_known: Vec::new(),
        }
    }

    /// Scores the members of a stream of cross-script keys (at most `cap` shown keys) of the
    /// skeletons `skeletons` says: the query's own, or those one class away from it.
    pub(super) fn read<D: AsRef<[u8]>, S>(
        &mut self,
        layers: &[Layer<'_, D>],
        stream: &mut S,
        cap: usize,
        skeletons: Skeletons<'_>,
    ) -> Result<(), IndexError>
    where
        S: for<'a> Streamer<'a, Item = (&'a [u8], &'a [IndexedValue])>,
    {
        let (skip, reading) = match skeletons {
            Skeletons::Own { consonants } => (None, consonants),
            Skeletons::Near { skip } => (Some(skip), 0),
        };
        let mut count = 0;
        while let Some((k, values)) = stream.next() {
            let Some(nul) = k.iter().position(|&b| b == 0) else {
                continue;
            };
            if skip.is_some_and(|s| Some(s.as_bytes()) == k.get(..nul)) {
                continue;
            }
            // A key that only hidden entries have is not in the merged glossary.
            let mut shown = false;
            for v in values {
                if let Some(layer) = layers.get(v.index)
                    && layer.shows_any(v.value)?
                {
                    shown = true;
                    break;
                }
            }
            if !shown {
                continue;
            }
            count += 1;
            if count > cap {
                break;
            }
            let Some(raw) = k.get(nul + 1..).and_then(|m| std::str::from_utf8(m).ok()) else {
                continue;
            };
            let (member, bare) = key::split_bare_name(raw);
            if self.own && member == self.latin {
                continue;
            }
            // A key is filed under several skeletons only when it has a letter of several
            // readings (q, x) or a Russian adjectival ending (`key::cross_script_keys`): only
            // such a member can be met twice, and it is scored once, in the first bucket whose
            // reading gives it the consonants a match needs.
            let m_stems: Vec<&str> = key::spellings::name_stems(member).collect();
            let several =
                !m_stems.is_empty() || member.contains(|c| crate::chars::reads_otherwise(c, false));
            if several && self.seen.contains(raw.as_bytes()) {
                continue;
            }
            let m = score::Spelling::new(member);
            // In a bucket of the query's own skeletons, query and member have its consonants
            // under the reading that filed them there (`reading`).
            let m_consonants = m.consonants.max(reading);
            let q_consonants = self.q_consonants.max(reading);
            if m_consonants < MIN_CONSONANTS_CLOSE
                || (skip.is_some() && m_consonants < NEAR_CONSONANTS)
            {
                continue;
            }
            if several {
                self.seen.insert(raw.as_bytes().to_vec());
            }
            let near = skip.is_some();
            let letters = self.q_spelling.letters.max(m.letters);
            // Two consonants on a side: only a spelling that differs by less than one edit.
            let few = q_consonants.min(m_consonants) < MIN_CONSONANTS;
            // The most the phonetic cost may be for the best this member can score (across
            // scripts) to reach the floor.
            let Some(max) = self.max_quarters(letters, near, few) else {
                continue;
            };
            let (plain, read) = if self.stems.is_empty() && m_stems.is_empty() && self.penalty == 0
            {
                // The usual case: the alignment stops as soon as it costs more than `max`.
                let max = if few {
                    max.min(FEW_CONSONANTS_QUARTERS)
                } else {
                    max
                };
                if self.q_spelling.letters.abs_diff(m.letters) > max as usize {
                    // Every letter more on one side costs a quarter at the least.
                    continue;
                }
                // The cost with a Latin member's q and x read the other ways too (never more
                // than without); which one applies depends on the script of each form behind
                // the key.
                let q = &self.q_spelling;
                let read =
                    score::phonetic_cost_within(q, &m, (self.q_latin, true), max, &mut self.rows);
                if read > max {
                    continue;
                }
                let plain = if m.ambiguous {
                    let within = (self.q_latin, false);
                    match score::phonetic_cost_within(q, &m, within, max, &mut self.rows) {
                        // Above `max` the score of a non-Latin form is below the floor, but the
                        // value is kept as the whole alignment gives it.
                        plain if plain > max => {
                            score::phonetic_cost_unbanded(q, &m, within, max, &mut self.rows)
                        }
                        plain => plain,
                    }
                } else {
                    read
                };
                (plain, read)
            } else {
                let (plain, read, spelling_quarters) = self.costs_with_endings(&m, &m_stems);
                if (few && spelling_quarters > FEW_CONSONANTS_QUARTERS) || plain.min(read) > max {
                    continue;
                }
                (plain, read)
            };
            self.other.clear();
            self.other.extend(member.chars());
            let d = u8::try_from(osa_chars(&self.q, &self.other)).unwrap_or(u8::MAX);
            let spelt = score::consonants_spelt_otherwise(&self.q_spelling, &m);
            self.hits.extend(values.iter().map(|v| SoundHit {
                layer: v.index,
                value: v.value,
                distance: d,
                quarters: (plain, read),
                letters,
                near,
                few,
                spelt,
                bare,
                unit: self.unit,
            }));
        }
        Ok(())
    }

    /// [`score::max_sound_quarters`] at the floor of this search, computed once per
    /// `(letters, near, few)`.
    fn max_quarters(&mut self, letters: usize, near: bool, few: bool) -> Option<u32> {
        let slot = letters
            .checked_mul(4)
            .map(|i| i + 2 * usize::from(near) + usize::from(few));
        if let Some(Some(known)) = slot.and_then(|i| self.max_known.get(i)) {
            return *known;
        }
        let floor = self.min_score.max(SOUND_MIN);
        let max = score::max_sound_quarters(letters, near, few, floor);
        if let Some(i) = slot.filter(|&i| i < MAX_QUARTERS_KNOWN) {
            if self.max_known.len() <= i {
                self.max_known.resize(i + 1, None);
            }
            if let Some(cell) = self.max_known.get_mut(i) {
                *cell = Some(max);
            }
        }
        max
    }

    /// The phonetic costs `(plain, read, spellings)` of a member whose spelling or the query's
    /// has a Russian adjectival ending, or of a query spelling with a `penalty`: the least over
    /// the spellings with and without each ending, an ending costing [`ENDING_QUARTERS`]
    /// (*Аральск* / *Aral*), plus the penalty; `spellings` is the least cost of the spellings
    /// themselves, endings and penalty left out, for the few-consonant check.
    fn costs_with_endings(&self, m: &score::Spelling<'_>, m_stems: &[&str]) -> (u32, u32, u32) {
        let mut rows = Vec::new();
        let mut cost = |a: &score::Spelling<'_>, b: &score::Spelling<'_>, other: bool| {
            score::phonetic_cost_within(a, b, (self.q_latin, other), u32::MAX, &mut rows)
        };
        let mut plain = cost(&self.q_spelling, m, false);
        let mut read = cost(&self.q_spelling, m, true);
        let mut spellings = plain.min(read);
        let q_stems: Vec<score::Spelling<'_>> =
            self.stems.iter().map(|s| score::Spelling::new(s)).collect();
        let m_stems: Vec<score::Spelling<'_>> =
            m_stems.iter().map(|s| score::Spelling::new(s)).collect();
        for (i, a) in q_stems.iter().chain([&self.q_spelling]).enumerate() {
            for (j, b) in m_stems.iter().chain([m]).enumerate() {
                if i == q_stems.len() && j == m_stems.len() {
                    continue;
                }
                let (p, r) = (cost(a, b, false), cost(a, b, true));
                spellings = spellings.min(p.min(r));
                plain = plain.min(p + ENDING_QUARTERS);
                read = read.min(r + ENDING_QUARTERS);
            }
        }
        (plain + self.penalty, read + self.penalty, spellings)
    }
}
