//! The staged search over an [`Index`]: exact and normalized (the key fst), cross-script (the
//! skeleton + common-Latin fst), fuzzy (OSA automaton walks), prefix (a bounded
//! breadth-first walk), ranked by [`crate::lookup`]'s one ranking.

mod parts;
mod prefix;

use std::cmp::Reverse;
use std::collections::HashMap;

use fst::raw::{Fst, IndexedValue, OpBuilder};
use fst::{IntoStreamer, Streamer};

use super::automaton::{Osa, osa_chars, walk};
use super::format::Section;
use super::{Index, IndexError};
use crate::chars;
use crate::key;
use crate::lang::{LangTag, Script};
use crate::lookup::score::{self, Millis};
use crate::lookup::{Hit, Rank, SearchOptions, Stage};
use crate::normalize::normalize;

/// The longest query, in characters after normalization, that a search accepts.
///
/// Exact lookups cost time linear in the query and fuzzy walks stop where no key continues, so
/// the limit is generous; it exists so that a 100,000-character line in a batch is refused
/// with a clear error instead of being keyed and searched.
pub const MAX_QUERY_CHARS: usize = 512;

/// The most fst nodes one fuzzy walk may visit (a walk at d = 2 over 1M names visits a few
/// thousand). A query whose walk runs out is refused with [`IndexError::FuzzyBudget`].
const WALK_NODES: usize = 1_000_000;

/// The most common-Latin keys of one skeleton bucket that are re-ranked (skeleton buckets of a
/// 1M-name index hold a median 37 and a p99 of about 1,600 names). The key equal to the
/// query's is always found, whatever the bucket's size.
const CROSS_SCRIPT_KEYS: usize = 2_048;

/// The most fst nodes a prefix search queues.
const PREFIX_NODES: usize = 20_000;

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
/// module documentation of [`super::automaton`]); a key both find is pushed twice, which
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

/// How the entries of one index appear when several indexes are searched as one glossary (see
/// [`search_layers`]): each entry's ordinal and first form in the merged numbering, or nothing
/// for an entry that a later layer hides.
#[derive(Clone, Debug, Default)]
pub(crate) struct LayerMap {
    /// Per entry ordinal of the index: its merged entry ordinal, the merged ordinal of its first
    /// form and the index's own ordinal of its first form; `None` when the entry is hidden.
    entries: Vec<Option<(u32, u32, u32)>>,
    /// The keys of the key fst whose forms all belong to hidden entries, sorted: the merged
    /// glossary has no such key, so the prefix walk must not count them.
    dead_keys: Vec<Vec<u8>>,
    /// Whether some entry is hidden.
    hides: bool,
}

/// One index of a layered search, with the map of its entries into the merged numbering
/// (`None`: its own numbering, nothing hidden).
#[derive(Clone, Copy)]
pub(crate) struct Layer<'a, D> {
    /// The index.
    pub(crate) index: &'a Index<D>,
    /// How its entries appear in the merged glossary.
    pub(crate) map: Option<&'a LayerMap>,
}

impl<D: AsRef<[u8]>> Layer<'_, D> {
    /// Whether form `form` of this layer belongs to an entry the merged glossary shows.
    fn shows(&self, form: u32) -> bool {
        match self.map {
            Some(map) if map.hides => self
                .index
                .entry_of(form)
                .and_then(|e| map.entries.get(e as usize))
                .is_some_and(Option::is_some),
            _ => true,
        }
    }

    /// Whether some form behind the fst value `value` belongs to a shown entry.
    fn shows_any(&self, value: u64) -> Result<bool, IndexError> {
        if !self.map.is_some_and(|m| m.hides) {
            return Ok(true);
        }
        let mut any = false;
        self.index
            .for_each_form(value, &mut |f| any |= self.shows(f))?;
        Ok(any)
    }

    /// The dead keys of this layer (see [`LayerMap`]).
    fn dead_keys(&self) -> &[Vec<u8>] {
        self.map.map_or(&[], |m| &m.dead_keys)
    }
}

impl<D: AsRef<[u8]>> Index<D> {
    /// The map of this index's entries into a merged numbering, for [`search_layers`]:
    /// `merged[e]` is the merged entry ordinal and first form ordinal of entry `e`, or `None`
    /// when a later layer hides the entry.
    pub(crate) fn layer_map(&self, merged: &[Option<(u32, u32)>]) -> Result<LayerMap, IndexError> {
        if merged.len() != self.entries() {
            return Err(IndexError::corrupt(format!(
                "a layer map of {} entries for an index of {}",
                merged.len(),
                self.entries()
            )));
        }
        let mut entries = Vec::with_capacity(merged.len());
        for (e, m) in (0u32..).zip(merged) {
            let first = self.entry_forms(e)?.start;
            entries.push(m.map(|(entry, form)| (entry, form, first)));
        }
        let mut map = LayerMap {
            entries,
            dead_keys: Vec::new(),
            hides: merged.iter().any(Option::is_none),
        };
        if map.hides {
            let key_fst = self.fst(Section::Key)?;
            let layer = Layer {
                index: self,
                map: Some(&map),
            };
            let mut dead = Vec::new();
            for (e, m) in (0u32..).zip(merged) {
                if m.is_some() {
                    continue;
                }
                for form in self.entry_forms(e)? {
                    let text = self.text(form).ok_or_else(|| {
                        IndexError::corrupt(format!("the text of form {form} is unreadable"))
                    })?;
                    let k = key::key(text);
                    if let Some(value) = key_fst.get(k.as_bytes())
                        && !layer.shows_any(value.value())?
                    {
                        dead.push(k.into_bytes());
                    }
                }
            }
            dead.sort_unstable();
            dead.dedup();
            map.dead_keys = dead;
        }
        Ok(map)
    }
}

/// The best hit per entry, filtered by language and by what the layers show.
struct Collector<'i, D> {
    layers: &'i [Layer<'i, D>],
    /// Per layer, per language ordinal: whether the language is wanted (`None`: all are).
    lang_ok: Option<Vec<Vec<bool>>>,
    /// Keyed by merged entry ordinal; only counted and sorted, so the hasher's order is free.
    best: HashMap<u32, Rank, foldhash::fast::FixedState>,
    /// The forms behind one fst value, reused.
    forms: Vec<u32>,
    /// The [`Rank::consonants`] of the matches offered now (set only around a sound match).
    consonants: u8,
}

impl<D: AsRef<[u8]>> Layer<'_, D> {
    /// The merged entry ordinal of `entry` of this layer, or `None` when a later layer hides it.
    fn merged_entry(&self, entry: u32) -> Option<u32> {
        match self.map {
            None => Some(entry),
            Some(map) => map
                .entries
                .get(entry as usize)
                .copied()
                .flatten()
                .map(|(merged, _, _)| merged),
        }
    }
}

impl<'i, D: AsRef<[u8]>> Collector<'i, D> {
    fn new(layers: &'i [Layer<'i, D>], lang: Option<&LangTag>) -> Collector<'i, D> {
        let lang_ok = lang.map(|range| {
            layers
                .iter()
                .map(|layer| {
                    layer
                        .index
                        .langs_text()
                        .split('\n')
                        .map(|tag| {
                            tag == range.as_str()
                                || (tag.starts_with(range.as_str())
                                    && tag.as_bytes().get(range.as_str().len()) == Some(&b'-'))
                        })
                        .collect()
                })
                .collect()
        });
        Collector {
            layers,
            lang_ok,
            best: HashMap::default(),
            forms: Vec::new(),
            consonants: 0,
        }
    }

    /// Offers form `form` of layer `layer`, matched at `stage` with `distance`; `score` scores
    /// the match from the form's text, or refuses it with `None` (a precision gate).
    fn offer(
        &mut self,
        layer: usize,
        form: u32,
        stage: Stage,
        distance: u8,
        score: &mut dyn FnMut(&str) -> Option<Millis>,
    ) -> Result<(), IndexError> {
        self.offer_read(layer, form, None, stage, distance, score)
    }

    /// [`Collector::offer`], with the form's text when the caller has read it already
    /// (`None`: read it here).
    fn offer_read(
        &mut self,
        layer: usize,
        form: u32,
        text: Option<&str>,
        stage: Stage,
        distance: u8,
        score: &mut dyn FnMut(&str) -> Option<Millis>,
    ) -> Result<(), IndexError> {
        let unreadable = || IndexError::corrupt(format!("the record of form {form} is unreadable"));
        let l = self.layers.get(layer).ok_or_else(unreadable)?;
        let (entry, lang, status, derived) = l.index.form_info(form).ok_or_else(unreadable)?;
        if let Some(ok) = &self.lang_ok
            && !ok
                .get(layer)
                .and_then(|ok| ok.get(usize::from(lang)))
                .copied()
                .unwrap_or(false)
        {
            return Ok(());
        }
        let (entry, merged_form) = match l.map {
            None => (entry, form),
            Some(map) => match map.entries.get(entry as usize) {
                Some(Some((merged, merged_first, first))) => (
                    *merged,
                    form.checked_sub(*first)
                        .and_then(|f| f.checked_add(*merged_first))
                        .ok_or_else(unreadable)?,
                ),
                // Hidden by a later layer.
                _ => return Ok(()),
            },
        };
        let text = match text {
            Some(text) => text,
            None => l.index.text(form).ok_or_else(unreadable)?,
        };
        let Some(millis) = score(text) else {
            return Ok(());
        };
        let rank = Rank {
            score: Reverse(millis),
            stage,
            consonants: self.consonants,
            distance,
            status,
            derived,
            form: merged_form,
        };
        self.best
            .entry(entry)
            .and_modify(|r| *r = (*r).min(rank))
            .or_insert(rank);
        Ok(())
    }

    /// Offers every form behind the fst value `value` of layer `layer`.
    fn offer_value(
        &mut self,
        layer: usize,
        value: u64,
        stage: Stage,
        distance: u8,
        score: &mut dyn FnMut(&str) -> Option<Millis>,
    ) -> Result<(), IndexError> {
        let Some(l) = self.layers.get(layer) else {
            return Ok(());
        };
        let mut forms = std::mem::take(&mut self.forms);
        forms.clear();
        let listed = l.index.for_each_form(value, &mut |f| forms.push(f));
        let offered = listed.and_then(|()| {
            forms
                .iter()
                .try_for_each(|&form| self.offer(layer, form, stage, distance, score))
        });
        self.forms = forms;
        offered
    }

    /// Whether `limit` entries already score at least `score`, so that evidence that cannot
    /// score more would not change the results.
    fn full_above(&self, limit: usize, score: Millis) -> bool {
        self.best.len() >= limit
            && self.best.values().filter(|r| r.score.0 >= score).count() >= limit
    }

    fn finish(self, limit: usize, min_score: Millis) -> Vec<Hit> {
        let named = self
            .best
            .values()
            .any(|r| r.score.0 >= score::Evidence::Normalized.score());
        let mut ranked: Vec<(Rank, u32)> = self
            .best
            .into_iter()
            .map(|(e, mut r)| {
                if named {
                    r.score = Reverse(score::given_a_name(r.score.0, r.stage, r.distance));
                }
                (r, e)
            })
            .collect();
        ranked.sort_unstable();
        ranked
            .into_iter()
            .filter(|(r, _)| r.score.0 >= min_score)
            .take(limit)
            .map(|(r, entry)| Hit {
                form: r.form,
                entry,
                stage: r.stage,
                distance: r.distance,
                score: f64::from(r.score.0) / 1000.0,
            })
            .collect()
    }
}

/// How the fuzzy stage finds keys within the budget.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FuzzyEngine {
    /// Automaton walks over the key fsts.
    Automaton,
    /// A linear scan of every key with a dynamic-programming distance (the reference).
    Scan,
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Searches the index: every stage in order, the best hit per entry, ranked best first, at
    /// most `options.limit` entries. See [`crate::lookup`] for the stages and the ranking.
    ///
    /// Refuses queries longer than [`MAX_QUERY_CHARS`] characters.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Hit>, IndexError> {
        self.search_alone(query, options, FuzzyEngine::Automaton)
    }

    /// The same search with the fuzzy stage done by scanning every key and computing its
    /// distance: slow (linear in the index), but independent of the automaton, so it serves as
    /// the reference the fast search is tested and benchmarked against.
    pub fn search_exhaustive(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<Hit>, IndexError> {
        self.search_alone(query, options, FuzzyEngine::Scan)
    }

    /// A search of this index on its own: one layer, its own numbering, nothing hidden.
    fn search_alone(
        &self,
        query: &str,
        options: &SearchOptions,
        engine: FuzzyEngine,
    ) -> Result<Vec<Hit>, IndexError> {
        let alone = Layer {
            index: self,
            map: None,
        };
        search_with(&[alone], query, options, engine)
    }
}

/// Searches several indexes as the one glossary they make together: the hits, their order,
/// stages, distances and the stopping points of the stages are those of one index built from
/// the entries the layers show, numbered as their maps say (so hits carry merged entry and form
/// ordinals). Entries a map hides, and keys only they have, do not exist for the search.
///
/// The one difference: the fuzzy stage's work budget (see [`IndexError::FuzzyBudget`]) applies
/// to each layer's walk, not to a walk over the merged keys.
pub(crate) fn search_layers<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<Hit>, IndexError> {
    search_with(layers, query, options, FuzzyEngine::Automaton)
}

fn search_with<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    query: &str,
    options: &SearchOptions,
    engine: FuzzyEngine,
) -> Result<Vec<Hit>, IndexError> {
    let normalized = normalize(query);
    let chars = normalized.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(IndexError::QueryTooLong {
            chars,
            max: MAX_QUERY_CHARS,
        });
    }
    let qkey = key::key(&normalized);
    if !qkey.chars().any(char::is_alphanumeric) || options.limit == 0 {
        return Ok(Vec::new());
    }
    let limit = options.limit;
    let min_score = score::to_millis(options.min_score);
    if options.min_score > 1.0 {
        return Ok(Vec::new());
    }
    let mut found = Collector::new(layers, options.lang.as_ref());
    let key_fsts = layers
        .iter()
        .map(|l| l.index.fst(Section::Key))
        .collect::<Result<Vec<_>, _>>()?;

    // Exact and normalized: equal keys.
    for ((li, layer), key_fst) in layers.iter().enumerate().zip(&key_fsts) {
        if let Some(value) = key_fst.get(qkey.as_bytes()) {
            let mut forms = std::mem::take(&mut found.forms);
            forms.clear();
            layer
                .index
                .for_each_form(value.value(), &mut |f| forms.push(f))?;
            for &form in &forms {
                // A text equal to the query is the query: no need to check it is UTF-8 again,
                // nor to compute its normalization.
                let bytes = layer.index.text_bytes(form);
                let text = if bytes == Some(query.as_bytes()) {
                    Some(query)
                } else {
                    bytes.and_then(|b| std::str::from_utf8(b).ok())
                };
                // An unreadable text (`offer_read` reads it again and fails) is not the query,
                // which has a letter or digit.
                let (stage, evidence) = match text {
                    Some(t) if t == query || normalize(t) == normalized => {
                        (Stage::Exact, score::Evidence::Exact)
                    }
                    _ => (Stage::Normalized, score::Evidence::Normalized),
                };
                found.offer_read(li, form, text, stage, 0, &mut |_| Some(evidence.score()))?;
            }
            found.forms = forms;
        }
    }
    if options.exact {
        return Ok(found.finish(limit, min_score));
    }
    let q: Vec<char> = qkey.chars().collect();
    let short = q.len() <= SHORT_KEY;

    if options.cross_script && !found.full_above(limit, TRANSLITERATION_BEST) {
        let script = Script::detect(&normalized);
        // A word of Arabic script without a vowel letter spells more sounds than it has letters
        // (*پکن* Pekin): short for a typo, not for a sound match.
        let short = short && !chars::is_unvocalized_arabic(&qkey);
        cross_script(layers, &mut found, &normalized, script, short, min_score)?;
    }

    // Fuzzy: d = 1, then d = 2, each only while it could still change the results.
    let budget = if short {
        0
    } else {
        options.fuzzy.budget(q.len())
    };
    let q_len = q.len();
    let mut typo = |key: &[u8], edits: u8| {
        let chars = std::str::from_utf8(key).map_or(0, |k| k.chars().count());
        move |text: &str| {
            (!is_acronym(text)).then(|| {
                score::Evidence::Typo {
                    edits,
                    chars: chars.max(q_len),
                }
                .score()
            })
        }
    };
    if budget >= 1 && !found.full_above(limit, score::best_typo(1, q.len())) {
        let mut hits: Vec<(usize, u64, u8, Vec<u8>)> = Vec::new();
        match engine {
            FuzzyEngine::Automaton => {
                let reversed: Vec<char> = q.iter().rev().copied().collect();
                // d = 1: the first half exact, or the second half (see `split_point_one`).
                let m = split_point_one(q.len());
                for (li, (layer, key_fst)) in layers.iter().zip(&key_fsts).enumerate() {
                    split_walks(layer, key_fst, li, &q, &reversed, (1, m, 0), &mut hits)?;
                }
                offer_fuzzy(&mut found, &mut hits, &mut typo)?;
                if budget >= 2 && !found.full_above(limit, score::best_typo(2, q.len())) {
                    let m = split_point(q.len());
                    for (li, (layer, key_fst)) in layers.iter().zip(&key_fsts).enumerate() {
                        split_walks(layer, key_fst, li, &q, &reversed, (2, m, 1), &mut hits)?;
                    }
                    offer_fuzzy(&mut found, &mut hits, &mut typo)?;
                }
            }
            FuzzyEngine::Scan => {
                for (li, key_fst) in key_fsts.iter().enumerate() {
                    scan(key_fst, &q, budget, &mut |v, d, k| {
                        hits.push((li, v, d, k.to_vec()))
                    });
                }
                offer_fuzzy(&mut found, &mut hits, &mut typo)?;
            }
        }
    }

    // Names by their parts.
    if !found.full_above(limit, PARTS_BEST) {
        parts::search(layers, &key_fsts, &mut found, &normalized, &qkey)?;
    }

    // Prefix: completions of the key, shortest first, within a node budget.
    if options.prefix && !found.full_above(limit, PREFIX_BEST) {
        let mut hits = Vec::new();
        prefix::prefix(layers, &key_fsts, qkey.as_bytes(), limit, &mut hits);
        for (li, value, extra) in hits {
            let typed = q.len();
            found.offer_value(li, value, Stage::Prefix, extra, &mut |text| {
                (!is_acronym(text)).then(|| {
                    score::Evidence::Prefix {
                        typed,
                        chars: typed + usize::from(extra),
                    }
                    .score()
                })
            })?;
        }
    }
    Ok(found.finish(limit, min_score))
}

/// Keys of at most this many characters match only exactly or through a transliteration: one
/// edit, a sound or a prefix in so few letters names too many other words.
const SHORT_KEY: usize = 3;

/// The best score of the cross-script stage (a transliteration across scripts).
const TRANSLITERATION_BEST: Millis = 950;

/// The best score of the `partial` stage.
const PARTS_BEST: Millis = 950;

/// The best score of a prefix match.
const PREFIX_BEST: Millis = 900;

/// The cross-script stage: the equal common-Latin key, then the skeleton's bucket (the union of
/// the layers' buckets) scored by the phonetic cost between common-Latin keys.
fn cross_script<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    found: &mut Collector<'_, D>,
    normalized: &str,
    script: Option<Script>,
    short: bool,
    min_score: Millis,
) -> Result<(), IndexError> {
    let Some(cross) = key::cross_script_key(normalized) else {
        return Ok(());
    };
    let fsts = layers
        .iter()
        .map(|l| l.index.fst(Section::CrossScript))
        .collect::<Result<Vec<_>, _>>()?;
    let same_script = |text: &str| Script::detect(text) == script;
    for (li, fst) in fsts.iter().enumerate() {
        if let Some(value) = fst.get(cross.as_bytes()) {
            found.offer_value(li, value.value(), Stage::CrossScript, 0, &mut |text| {
                Some(
                    score::Evidence::Transliteration {
                        same_script: same_script(text),
                    }
                    .score(),
                )
            })?;
        }
    }
    let (skeleton, latin) = cross.split_once('\0').unwrap_or_default();
    if short {
        return Ok(());
    }
    let mut hits = Vec::new();
    // The query's own common-Latin key, then its other spellings ([`other_spellings`]).
    let mut spellings = vec![(latin.to_owned(), 0)];
    spellings.extend(other_spellings(normalized, latin));
    for (i, (spelling, penalty)) in spellings.iter().enumerate() {
        let q_spelling = score::Spelling::new(spelling);
        let q_consonants = q_spelling.consonants;
        // A sound match needs consonant evidence: two consonants on both sides at the least.
        if q_consonants < MIN_CONSONANTS_CLOSE {
            // A short name without its ending (*Ošas*, Lithuanian for Osh) meets a form whose
            // common-Latin key it equals: a transliteration, not a guess at its sounds.
            if i > 0 {
                let letters = score::Spelling::new(latin).letters.max(q_spelling.letters);
                for reading in key::readings_of_latin(spelling) {
                    let member = format!("{reading}\0{spelling}");
                    for (li, fst) in fsts.iter().enumerate() {
                        if let Some(value) = fst.get(member.as_bytes()) {
                            hits.push((
                                li,
                                value.value(),
                                0,
                                (*penalty, *penalty),
                                letters,
                                false,
                                true,
                                0,
                            ));
                        }
                    }
                }
            }
            continue;
        }
        let mut bucket = Bucket {
            q_latin: script == Some(Script::Latin),
            latin: spelling,
            own: i == 0,
            stems: key::spellings::name_stems(spelling).collect(),
            penalty: *penalty,
            q: spelling.chars().collect(),
            q_spelling,
            q_consonants,
            min_score,
            seen: std::collections::HashSet::new(),
            hits: Vec::new(),
            other: Vec::new(),
            rows: Vec::new(),
            max_known: Vec::new(),
        };
        // The buckets of the spelling's skeleton under each of its readings (the index files
        // every form under each of its own).
        for reading in key::readings_of_latin(spelling) {
            let lower = format!("{reading}\0");
            let upper = format!("{reading}\u{1}");
            if let [fst] = fsts.as_slice() {
                let mut one = OneLayer::new(fst.range().ge(&lower).lt(&upper).into_stream());
                bucket.read(layers, &mut one, CROSS_SCRIPT_KEYS, None)?;
            } else {
                let mut union = fsts
                    .iter()
                    .fold(OpBuilder::new(), |op, fst| {
                        op.add(fst.range().ge(&lower).lt(&upper))
                    })
                    .union();
                bucket.read(layers, &mut union, CROSS_SCRIPT_KEYS, None)?;
            }
        }
        hits.append(&mut bucket.hits);
    }
    let q_spelling = score::Spelling::new(latin);
    let q_consonants = q_spelling.consonants;
    let mut bucket = Bucket {
        q_latin: script == Some(Script::Latin),
        latin,
        own: true,
        stems: key::spellings::name_stems(latin).collect(),
        penalty: 0,
        q: latin.chars().collect(),
        q_spelling,
        q_consonants,
        min_score,
        seen: std::collections::HashSet::new(),
        hits,
        other: Vec::new(),
        rows: Vec::new(),
        max_known: Vec::new(),
    };
    // The skeletons one consonant class away (one added, dropped or replaced: *Pavlodar* /
    // *پاولودار*, *Kyzylorda* / *Khizilorda*), for queries of four consonants or more, when
    // the query's own skeletons met nothing: the walk visits every key one class away, which on
    // a large index costs more than the rest of the search.
    if bucket.hits.is_empty()
        && q_consonants >= MIN_CONSONANTS_CLOSE
        && skeleton.len() >= NEAR_CONSONANTS
        && q_consonants >= NEAR_CONSONANTS
    {
        let near = NearSkeleton {
            skeleton: skeleton.as_bytes(),
        };
        if let [fst] = fsts.as_slice() {
            let mut one = OneLayer::new(NearStream::new(fst, &near));
            bucket.read(layers, &mut one, NEAR_SKELETON_KEYS, Some(skeleton))?;
        } else {
            let mut union = fsts
                .iter()
                .fold(OpBuilder::new(), |op, fst| op.add(fst.search(&near)))
                .union();
            bucket.read(layers, &mut union, NEAR_SKELETON_KEYS, Some(skeleton))?;
        }
    }
    for (li, value, distance, (plain, read), letters, near, few, spelt) in bucket.hits {
        found.consonants = spelt;
        found.offer_value(li, value, Stage::CrossScript, distance, &mut |text| {
            // Han is read in pinyin without tones, one reading per character: near enough to
            // meet a transliteration, too rough to be a sound match.
            let form_script = Script::detect(text);
            let han = form_script == Some(Script::HanSimplified);
            let quarters = if form_script == Some(Script::Latin) {
                read
            } else {
                plain
            };
            let evidence = score::Evidence::Sounds {
                quarters,
                letters,
                same_script: form_script == script,
                near,
                few,
            };
            let millis = evidence.score();
            (!is_acronym(text) && !han && millis >= SOUND_MIN).then_some(millis)
        })?;
    }
    found.consonants = 0;
    Ok(())
}

/// The stream of one layer's fst as the union of one stream: each key with its one value,
/// without the union's heap (a search of one index reads its buckets this way).
struct OneLayer<S> {
    stream: S,
    value: [IndexedValue; 1],
}

impl<S> OneLayer<S> {
    fn new(stream: S) -> OneLayer<S> {
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

/// A sound match of a bucket member: `(layer, value, distance, (quarters as a non-Latin form
/// reads, as a Latin one reads), letters, near, few consonants, consonants spelt otherwise)`.
type SoundHit = (usize, u64, u8, (u32, u32), usize, bool, bool, u8);

/// The members of skeleton buckets read so far, and their sound matches.
struct Bucket<'q> {
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
    q: Vec<char>,
    /// Its sounds, and its consonants.
    q_spelling: score::Spelling<'q>,
    q_consonants: usize,
    min_score: Millis,
    /// The common-Latin keys with a letter of several readings already scored.
    seen: std::collections::HashSet<Vec<u8>>,
    /// `(layer, value, distance, quarters, letters, near)` of each sound match: the
    /// quarters as a non-Latin member reads and as a Latin one does.
    hits: Vec<SoundHit>,
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

impl Bucket<'_> {
    /// Scores the members of a stream of cross-script keys (at most `cap` shown keys); `skip`
    /// is the query's skeleton when the stream holds other skeletons, whose members are then
    /// near matches, and whose own bucket was read already.
    fn read<D: AsRef<[u8]>, S>(
        &mut self,
        layers: &[Layer<'_, D>],
        stream: &mut S,
        cap: usize,
        skip: Option<&str>,
    ) -> Result<(), IndexError>
    where
        S: for<'a> Streamer<'a, Item = (&'a [u8], &'a [IndexedValue])>,
    {
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
            let Some(member) = k.get(nul + 1..).and_then(|m| std::str::from_utf8(m).ok()) else {
                continue;
            };
            // A key is filed under several skeletons only when it has a letter of several
            // readings (q, x) or a Russian adjectival ending (`key::cross_script_keys`): only
            // such a member can be met twice.
            let m_stems: Vec<&str> = key::spellings::name_stems(member).collect();
            if (self.own && member == self.latin)
                || ((!m_stems.is_empty()
                    || crate::chars::ALTERNATE_CLASSES
                        .iter()
                        .any(|&(c, _)| member.contains(c)))
                    && !self.seen.insert(member.as_bytes().to_vec()))
            {
                continue;
            }
            let m = score::Spelling::new(member);
            let m_consonants = m.consonants;
            if m_consonants < MIN_CONSONANTS_CLOSE
                || (skip.is_some() && m_consonants < NEAR_CONSONANTS)
            {
                continue;
            }
            let near = skip.is_some();
            let letters = self.q_spelling.letters.max(m.letters);
            // Two consonants on a side: only a spelling that differs by less than one edit.
            let few = self.q_consonants.min(m_consonants) < MIN_CONSONANTS;
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
            self.hits.extend(values.iter().map(|v| {
                (
                    v.index,
                    v.value,
                    d,
                    (plain, read),
                    letters,
                    near,
                    few,
                    spelt,
                )
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

/// What a qualifier after a comma that a query has and a form lacks costs a sound match, in
/// quarters of an edit ([`key::spellings::qualified_name`]: *اورال، قزاقستان* for *Oral*).
const QUALIFIER_QUARTERS: u32 = 2;

/// What a name ending costs a sound match, in quarters of an edit: a Russian adjectival ending
/// one side has and the other lacks ([`key::spellings::name_ending`]), or the Lithuanian -as
/// ([`key::spellings::lithuanian_stem`]).
const ENDING_QUARTERS: u32 = 2;

/// The other spellings of a query (normalized text, common-Latin key `latin`) that the
/// cross-script stage reads besides `latin`, with the quarters of an edit each costs: without
/// its generic words (*Корла балһсн*, *Ch’ang-chi-hsien*), Wade–Giles syllables read as pinyin
/// (*Ch’ang-chi* → `changji`) and as the foreign name the characters transcribe
/// ([`key::spellings::han_transcription`]: *K’u-erh-lo* → `kurlo`, Korla), with the letters
/// that other traditions read as other sounds ([`key::spellings::central_european`],
/// [`key::spellings::arabic_v`], [`key::spellings::persian_h`], [`key::spellings::gost_cz`],
/// [`key::spellings::arabic_g`]),
/// without the Lithuanian
/// ending (*Biškekas*), and without a qualifier after a comma (*اورال، قزاقستان*).
fn other_spellings(normalized: &str, latin: &str) -> Vec<(String, u32)> {
    let mut texts = vec![normalized.to_owned()];
    // Generic words and Wade–Giles syllables come in names of several words or pieces.
    let pieces = normalized.contains(|c: char| c.is_whitespace() || chars::is_hyphen(c));
    let words = if pieces {
        crate::lookup::names::words(normalized)
    } else {
        Vec::new()
    };
    if words
        .iter()
        .any(|w| w.part == crate::lookup::names::Part::Generic)
    {
        let content: Vec<&str> = words
            .iter()
            .filter(|w| w.part != crate::lookup::names::Part::Generic)
            .map(|w| w.key.as_str())
            .collect();
        if !content.is_empty() {
            texts.push(content.join(" "));
        }
        // And without the generic words at its end one at a time, since a word of the name
        // may be one too (*T’a-ch’eng-hsien*: Tacheng, 塔城, whose 城 is also a town).
        let mut end = words.len();
        while end > 1
            && words
                .get(end - 1)
                .is_some_and(|w| w.part == crate::lookup::names::Part::Generic)
        {
            end -= 1;
            let kept: Vec<&str> = words.iter().take(end).map(|w| w.key.as_str()).collect();
            let text = kept.join(" ");
            if !texts.contains(&text) {
                texts.push(text);
            }
        }
    }
    let mut texts: Vec<(String, u32)> = texts.into_iter().map(|t| (t, 0)).collect();
    if let Some(head) = key::spellings::qualified_name(normalized) {
        texts.push((head.to_owned(), QUALIFIER_QUARTERS));
    }
    let mut out: Vec<(String, u32)> = Vec::new();
    let mut add = |spelling: String, quarters: u32| {
        if spelling != latin && !out.iter().any(|(s, _)| *s == spelling) {
            out.push((spelling, quarters));
        }
    };
    for (i, (text, quarters)) in texts.iter().enumerate() {
        let quarters = *quarters;
        if i > 0 {
            add(key::latin_key(text), quarters);
        }
        if let Some(pinyin) = key::spellings::wade_giles(text).filter(|_| pieces) {
            add(key::latin_key(&pinyin), quarters);
            // The foreign name that the characters transcribe (*K'u-erh-lo* → Korla).
            for sounds in key::spellings::han_transcription(text) {
                add(key::latin_key(&sounds), quarters);
            }
        }
        // Letters that other spelling traditions read as other sounds: Czech, Lithuanian and
        // Polish ch and j (х, й), Arabic and Persian feh (в), Persian heh inside a word (h),
        // the cz of GOST 7.79 system B (ц), Arabic jeem (g).
        for reading in [
            key::spellings::central_european(text),
            key::spellings::arabic_v(text),
            key::spellings::persian_h(text),
            key::spellings::gost_cz(text),
            key::spellings::arabic_g(text),
        ]
        .into_iter()
        .flatten()
        {
            add(key::latin_key(&reading), quarters);
        }
    }
    if let Some(stem) = key::spellings::lithuanian_stem(normalized) {
        add(key::latin_key(stem), ENDING_QUARTERS);
        if let Some(reading) = key::spellings::central_european(stem) {
            add(key::latin_key(&reading), ENDING_QUARTERS);
        }
    }
    out
}

/// The lowest score of a sound match, whatever the threshold asked for: below it, names with
/// the same consonants are as often ordinary words of another language as spellings of one
/// name (chosen on the development part of `eval/`: the ordinary words' sound matches
/// score 0.52–0.67, the gazetteer's spellings mostly above 0.6).
const SOUND_MIN: Millis = 580;

/// The consonants a sound match between skeletons one class apart needs on both sides.
const NEAR_CONSONANTS: usize = 4;

/// The most keys of the skeletons near the query's that are scored.
const NEAR_SKELETON_KEYS: usize = 1_024;

/// The consonants a sound match needs on both sides when the spellings differ by less than
/// one edit ([`FEW_CONSONANTS_QUARTERS`]): *Ақтау* / *أكتاو*, *Семей* / *سێمێی*.
const MIN_CONSONANTS_CLOSE: usize = 2;

/// The largest phonetic cost, in quarters of an edit, of a sound match with fewer than
/// [`MIN_CONSONANTS`] consonants on a side.
const FEW_CONSONANTS_QUARTERS: u32 = 2;

/// The keys of one fst that [`NearSkeleton`] accepts, in order, with their values: the stream
/// of `fst.search(near)`, except that a transition into a state that can never match is not
/// followed, so the node behind it is never read (on the skeleton levels, most of them).
struct NearStream<'f, 'n> {
    fst: &'f Fst<&'f [u8]>,
    near: &'n NearSkeleton<'n>,
    /// The nodes from the root to the current one, each with its next transition to try, the
    /// output so far and the automaton's state.
    stack: Vec<(
        fst::raw::Node<'f>,
        usize,
        fst::raw::Output,
        Option<NearState>,
    )>,
    /// The key bytes from the root to the current node.
    key: Vec<u8>,
}

impl<'f, 'n> NearStream<'f, 'n> {
    fn new(fst: &'f Fst<&'f [u8]>, near: &'n NearSkeleton<'n>) -> NearStream<'f, 'n> {
        let start = fst::Automaton::start(&near);
        NearStream {
            fst,
            near,
            stack: vec![(fst.root(), 0, fst::raw::Output::zero(), start)],
            key: Vec::new(),
        }
    }
}

impl<'a> Streamer<'a> for NearStream<'_, '_> {
    type Item = (&'a [u8], fst::raw::Output);

    fn next(&'a mut self) -> Option<Self::Item> {
        use fst::Automaton;
        let near = self.near;
        while let Some((node, trans, out, state)) = self.stack.pop() {
            if trans >= node.len() || !near.can_match(&state) {
                if !self.stack.is_empty() {
                    self.key.pop();
                }
                continue;
            }
            let t = node.transition(trans);
            self.stack.push((node, trans + 1, out, state));
            let out = out.cat(t.out);
            let next = near.accept(&state, t.inp);
            if !near.can_match(&next) {
                continue;
            }
            let is_match = near.is_match(&next);
            let child = self.fst.node(t.addr);
            self.key.push(t.inp);
            self.stack.push((child, 0, out, next));
            if child.is_final() && is_match {
                return Some((&self.key, out.cat(child.final_output())));
            }
        }
        None
    }
}

/// An automaton over cross-script keys (`skeleton NUL common-Latin key`) accepting the keys
/// whose skeleton is at most one edit (a class added, dropped or replaced) from `skeleton`.
/// Skeletons are compared byte by byte: their classes are ASCII letters.
struct NearSkeleton<'a> {
    skeleton: &'a [u8],
}

/// A state of [`NearSkeleton`]: the band of the edit-distance row over the skeleton, or
/// (`None`) past the NUL of a skeleton within one edit.
///
/// After `i` skeleton bytes the band holds `D(i, i − 1 ..= i + 1)`, saturated at 2: a cell
/// outside it is at least 2 (`D(i, j) ≥ |i − j|`), so the band decides everything a full row
/// would (some cell at most 1, the last at most 1), and the state is copied, never allocated.
#[derive(Clone, Copy)]
struct NearState(Option<(usize, [u8; 3])>);

/// The saturation value of [`NearState`]'s band: more than one edit.
const NEAR_INF: u8 = 2;

impl fst::Automaton for &NearSkeleton<'_> {
    type State = Option<NearState>;

    fn start(&self) -> Self::State {
        let one = if self.skeleton.is_empty() {
            NEAR_INF
        } else {
            1
        };
        Some(NearState(Some((0, [NEAR_INF, 0, one]))))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        matches!(state, Some(NearState(None)))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Self::State) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let (i, band) = match state {
            None => return None,
            Some(NearState(None)) => return Some(NearState(None)),
            Some(NearState(Some(row))) => *row,
        };
        let n = self.skeleton.len();
        if byte == 0 {
            // Column n is band cell n − i + 1, when that is 0..=2.
            let last = (n + 1)
                .checked_sub(i)
                .and_then(|k| band.get(k))
                .copied()
                .unwrap_or(NEAR_INF);
            return (last <= 1).then_some(NearState(None));
        }
        // Row i + 1: cell k is column j = i + k; the diagonal is old cell k, above old k + 1.
        let mut next = [NEAR_INF; 3];
        for k in 0..3 {
            let j = i + k;
            let value = if j > n {
                NEAR_INF
            } else if j == 0 {
                1
            } else {
                let cost = u8::from(self.skeleton.get(j - 1) != Some(&byte));
                let diag = band.get(k).copied().unwrap_or(NEAR_INF) + cost;
                let up = band.get(k + 1).copied().unwrap_or(NEAR_INF) + 1;
                let left = k
                    .checked_sub(1)
                    .and_then(|l| next.get(l))
                    .copied()
                    .unwrap_or(NEAR_INF)
                    + 1;
                diag.min(up).min(left).min(NEAR_INF)
            };
            if let Some(cell) = next.get_mut(k) {
                *cell = value;
            }
        }
        (next.iter().any(|&v| v <= 1)).then_some(NearState(Some((i + 1, next))))
    }
}

/// The consonants a sound match needs on both sides.
const MIN_CONSONANTS: usize = 3;

/// Whether a form is an acronym (*ИГИЛ*, *BBC*, *ҰҚШҰ*): letters, all capitals, no space. An
/// acronym matches only whole: never by a typo, a sound or a prefix.
pub(crate) fn is_acronym(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && text.chars().any(char::is_uppercase)
        && !text.chars().any(char::is_lowercase)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '.'))
}

/// Offers the fuzzy hits `(layer, value, distance, key)`, leaving out distance 0 (found by the
/// exact stage already); `score` makes the scoring function of a key at a distance.
fn offer_fuzzy<D: AsRef<[u8]>, F: FnMut(&str) -> Option<Millis>>(
    found: &mut Collector<'_, D>,
    hits: &mut Vec<(usize, u64, u8, Vec<u8>)>,
    score: &mut dyn FnMut(&[u8], u8) -> F,
) -> Result<(), IndexError> {
    for (li, value, distance, key) in hits.drain(..) {
        if distance == 0 {
            continue;
        }
        let mut scorer = score(&key, distance);
        found.offer_value(li, value, Stage::Fuzzy, distance, &mut scorer)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Status;
    use crate::index::{IndexBuilder, IndexRecord};

    /// An entry of the generated indexes: its id and the texts of its forms.
    type Entry = (String, Vec<String>);

    fn build(entries: &[Entry]) -> Index<Vec<u8>> {
        let mut builder = IndexBuilder::new();
        for (id, texts) in entries {
            for (i, text) in texts.iter().enumerate() {
                builder
                    .add(IndexRecord {
                        entry: id,
                        lang: if i == 0 { "en" } else { "ru" },
                        text,
                        status: if i == 0 {
                            Status::Preferred
                        } else {
                            Status::Variant
                        },
                        derived: false,
                    })
                    .unwrap();
            }
        }
        Index::open(builder.build().unwrap()).unwrap()
    }

    fn entry(id: &str, texts: &[&str]) -> Entry {
        (id.to_owned(), texts.iter().map(|t| t.to_string()).collect())
    }

    /// Two layers large enough to reach the prefix walk's node budget (names P + seven of
    /// b c d f) and the cross-script stage's bucket limit (2,197 spellings of K-L-J with
    /// different vowels), with hidden entries on the paths the merged index does not have.
    fn layers() -> (Vec<Entry>, Vec<Entry>) {
        let mut base = Vec::new();
        for n in 0..4usize.pow(7) {
            let name: String = (0..7)
                .map(|i| ['b', 'c', 'd', 'f'][(n >> (2 * (6 - i))) & 3])
                .collect();
            base.push(entry(&format!("p-{name}"), &[&format!("P{name}")]));
        }
        let vowels = [
            "a", "aa", "ae", "ai", "e", "ee", "ei", "i", "ii", "o", "oo", "u", "uu",
        ];
        for v1 in vowels {
            for v2 in vowels {
                for v3 in vowels {
                    let name = format!("k{v1}l{v2}j{v3}");
                    base.push(entry(&format!("k-{name}"), &[&name]));
                }
            }
        }
        // Names only hidden entries have: short paths of their own under P, the first keys of the
        // K-L-J bucket, a Cyrillic second form.
        base.push(entry("p-zx", &["Pzx", "Пзх"]));
        base.push(entry("p-zy", &["Pzyq"]));
        // A shown name that continues a hidden one: the node is kept, the key is not.
        base.push(entry("p-zxb", &["Pzxb"]));
        base.push(entry("a-first", &["Kaalaaja", "kaalaaje"]));
        base.sort();
        let mut top = vec![
            // Replacing: one with a spelling the base has too, one with a new one.
            entry("p-zx", &["Pbbbbbbb", "Pzz"]),
            entry("p-zy", &["Pbbbbbbd"]),
            entry("a-first", &["Zzz"]),
            entry("k-kaalaaja", &["Qwerty"]),
            entry("k-kaalaaje", &["Kaulauja"]),
            // New: sharing keys with the base, and not.
            entry("p-new", &["Pbbbbbbc"]),
            entry("p-zzz", &["Pzzz"]),
            entry("k-new", &["Kuulauju", "kilij"]),
            entry("0-first", &["Pbc"]),
        ];
        top.sort();
        (base, top)
    }

    #[test]
    fn layered_search_equals_the_merged_index() {
        let (base, top) = layers();
        let top_ids: std::collections::HashSet<&str> =
            top.iter().map(|(id, _)| id.as_str()).collect();
        let mut merged: Vec<Entry> = base
            .iter()
            .filter(|(id, _)| !top_ids.contains(id.as_str()))
            .cloned()
            .collect();
        merged.extend(top.iter().cloned());
        merged.sort();
        // The merged numbering: each entry's ordinal and first form.
        let mut numbering = std::collections::HashMap::new();
        let mut forms = 0u32;
        for (i, (id, texts)) in merged.iter().enumerate() {
            numbering.insert(id.clone(), (i as u32, forms));
            forms += texts.len() as u32;
        }
        let (base_index, top_index, merged_index) = (build(&base), build(&top), build(&merged));
        let map = |entries: &[Entry], hidden: &dyn Fn(&str) -> bool| -> Vec<Option<(u32, u32)>> {
            entries
                .iter()
                .map(|(id, _)| (!hidden(id)).then(|| numbering[id]))
                .collect()
        };
        let base_map = base_index
            .layer_map(&map(&base, &|id| top_ids.contains(id)))
            .unwrap();
        let top_map = top_index.layer_map(&map(&top, &|_| false)).unwrap();
        assert_eq!(base_map.dead_keys.len(), 5, "{:?}", base_map.dead_keys);
        let layers = [
            Layer {
                index: &base_index,
                map: Some(&base_map),
            },
            Layer {
                index: &top_index,
                map: Some(&top_map),
            },
        ];
        let mut cut = false;
        for query in [
            "p", "pz", "Pzx", "pbbbbbbb", "pbc", "P bbb", "pbbbbbb", "kulja", "kuluju", "kaalaaja",
            "Kaulauja", "kilij", "kilja", "kuulauju", "q", "Пзх", "Пз", "qwerty",
        ] {
            for prefix in [true, false] {
                for fuzzy in [Fuzzy::Auto, Fuzzy::Exact(0)] {
                    for limit in [1, 2, 3, 10, usize::MAX] {
                        for cross_script in [true, false] {
                            let options = SearchOptions {
                                fuzzy,
                                prefix,
                                cross_script,
                                limit,
                                lang: None,
                                min_score: 0.0,
                                exact: false,
                            };
                            let ours = search_layers(&layers, query, &options).unwrap();
                            let theirs = merged_index.search(query, &options).unwrap();
                            assert_eq!(ours, theirs, "{query:?} {options:?}");
                            cut |= prefix && limit == usize::MAX && ours.len() < 4usize.pow(7);
                        }
                    }
                }
            }
        }
        // The limits were reached: the prefix walk stopped short of the P names, and the
        // K-L-J bucket is larger than the stage reads.
        assert!(cut);
        let cross = merged_index.fst(Section::CrossScript).unwrap();
        let mut bucket = fst::IntoStreamer::into_stream(cross.range().ge("KLJ\0").lt("KLJ\u{1}"));
        let mut keys = 0;
        while bucket.next().is_some() {
            keys += 1;
        }
        assert!(keys > CROSS_SCRIPT_KEYS, "{keys}");
    }

    use crate::lookup::Fuzzy;

    /// The ids of the entries a default search of `query` returns, best first.
    fn ids(index: &Index<Vec<u8>>, query: &str) -> Vec<String> {
        index
            .search(query, &SearchOptions::default())
            .unwrap()
            .iter()
            .map(|h| index.record(h.form).unwrap().entry_id.to_owned())
            .collect()
    }

    /// Spellings that GeoNames lists for these cities (alternate names in Arabic script,
    /// Cyrillic and Latin), found from an index of the English names alone.
    #[test]
    fn spellings_in_other_traditions_meet_the_english_name() {
        let index = build(&[
            entry("pavlodar", &["Pavlodar"]),
            entry("kyzylorda", &["Kyzylorda"]),
            entry("aktau", &["Aktau"]),
            entry("semey", &["Semey"]),
            entry("urumqi", &["Ürümqi"]),
            entry("balqash", &["Balqash"]),
            entry("oral", &["Oral"]),
            entry("kentau", &["Kentau"]),
        ]);
        for (query, id) in [
            // A skeleton one class away: Persian و for в, Kazakh Latin kh for қ.
            ("پاولودار", "pavlodar"),
            ("Khizilordà", "kyzylorda"),
            // Two consonants and a spelling less than one edit away.
            ("أكتاو", "aktau"),
            ("سێمێی", "semey"),
            // The query read the other way: Turkic q as Russian х; pinyin q as ч.
            ("Урумчи", "urumqi"),
            ("Балхаш", "balqash"),
            // The alef that seats an initial vowel.
            ("اورال", "oral"),
        ] {
            assert_eq!(
                ids(&index, query).first().map(String::as_str),
                Some(id),
                "{query}"
            );
        }
        // Ordinary words with the same consonants stay below the sound floor: Uyghur كۈندە
        // ("daily") against Kentau, Russian через against nothing.
        assert!(ids(&index, "كۈندە").is_empty());
        assert!(ids(&index, "через").is_empty());
    }

    /// Spellings that GeoNames lists in traditions with their own rules: Wade–Giles syllables
    /// (Library of Congress conversion table), read as pinyin and as the foreign name the
    /// characters transcribe (Xinhua transcription tables), the Russian adjectival -ск
    /// (Academy Grammar), the Lithuanian -as (VLKK), Palladius цз, generic words of Kalmyk and
    /// of Chinese romanized after the name, and a qualifier after a comma.
    #[test]
    fn other_traditions_of_spelling_meet_the_english_name() {
        let index = build(&[
            entry("changji", &["Changji"]),
            entry("tacheng", &["Tacheng"]),
            entry("aral", &["Aral"]),
            entry("petropavl", &["Petropavl"]),
            entry("stepnogorsk", &["Stepnogorsk"]),
            entry("bishkek", &["Bishkek"]),
            entry("shihezi", &["Shihezi"]),
            entry("korla", &["Korla"]),
            entry("alaer", &["Ālā'ĕr"]),
            entry("qaraqash", &["Qaraqash"]),
            entry("chapchal", &["Chapchal"]),
            entry("qiemo", &["Qiemo"]),
            entry("ekibastuz", &["Ekibastuz"]),
            entry("osh", &["Osh"]),
        ]);
        for (query, id) in [
            ("Ch’ang-chi", "changji"),
            ("Ch’ang-chi-hsien", "changji"),
            ("T’a-ch’eng-chen", "tacheng"),
            ("T’a-ch’eng-hsien", "tacheng"),
            // The foreign name that the characters transcribe (Xinhua transcription tables).
            ("K’u-erh-lo", "korla"),
            ("K’a-la-k’a-shih", "qaraqash"),
            ("Ch’a-pu-ch’a-erh", "chapchal"),
            // 城 ch'eng, the walled town, after the name.
            ("Ch’a-pu-ch’a-erh-ch’eng", "chapchal"),
            ("Ch’ieh-mo-ch’eng", "qiemo"),
            // A qualifier after a comma (GeoNames: "Ekibastuz, Kazakhstan" in Persian).
            ("اکیباستوز، قزاقستان", "ekibastuz"),
            ("Аральск", "aral"),
            ("Петропавловск", "petropavl"),
            ("Pietropawłowsk", "petropavl"),
            ("Степногор", "stepnogorsk"),
            ("Biškekas", "bishkek"),
            // A name of one consonant without its ending: its key equals the name's.
            ("Ošas", "osh"),
            ("Шихэцзы", "shihezi"),
            ("Корла балһсн", "korla"),
            ("Ala’er Shi", "alaer"),
        ] {
            assert_eq!(
                ids(&index, query).first().map(String::as_str),
                Some(id),
                "{query}"
            );
        }
        // A hyphenated name that is not Wade–Giles is not read as pinyin, and a word ending in
        // -ск with too little before it stays an ordinary word.
        assert!(ids(&index, "Kara-Kul").is_empty());
        assert!(ids(&index, "поиск").is_empty());
    }

    /// The near-skeleton stream gives the keys and values of the fst's own automaton stream,
    /// in the same order.
    #[test]
    fn the_near_skeleton_stream_equals_the_automaton_search() {
        let (base, top) = layers();
        let mut all = base;
        all.extend(top);
        all.extend(
            [
                "Pavlodar",
                "Paolodar",
                "Pavlodarr",
                "Khizilorda",
                "Kyzylorda",
                "Kuldja",
            ]
            .iter()
            .map(|t| entry(&format!("x-{t}"), &[t])),
        );
        all.sort();
        all.dedup_by(|a, b| a.0 == b.0);
        let index = build(&all);
        let cross = index.fst(Section::CrossScript).unwrap();
        let mut met = 0;
        for skeleton in ["PVLTR", "KLJ", "KL", "PBCD", "KZLRT", "", "Q", "PBBBBBBB"] {
            let near = NearSkeleton {
                skeleton: skeleton.as_bytes(),
            };
            let mut theirs = Vec::new();
            let mut stream = cross.search(&near).into_stream();
            while let Some((k, v)) = stream.next() {
                theirs.push((k.to_vec(), v.value()));
            }
            let mut ours = Vec::new();
            let mut stream = NearStream::new(&cross, &near);
            while let Some((k, v)) = stream.next() {
                ours.push((k.to_vec(), v.value()));
            }
            assert_eq!(ours, theirs, "{skeleton}");
            met += ours.len();
        }
        assert!(met > 0);
    }

    #[test]
    fn the_near_skeleton_automaton_accepts_one_class_away() {
        let near = NearSkeleton { skeleton: b"PVLTR" };
        let accepts = |k: &str| {
            let mut state = fst::Automaton::start(&&near);
            for b in k.bytes() {
                state = fst::Automaton::accept(&&near, &state, b);
            }
            fst::Automaton::is_match(&&near, &state)
        };
        assert!(accepts("PLTR\0paolodar"));
        assert!(accepts("PVLTR\0pavlodar"));
        assert!(accepts("PVLTRZ\0x"));
        assert!(accepts("PPLTR\0x"));
        assert!(!accepts("PLT\0x"));
        assert!(!accepts("PVLTR"));
    }

    /// The banded automaton agrees with the full edit distance (insertions, deletions,
    /// substitutions) on every pair of strings of up to 4 letters over 3, and accepts whatever
    /// follows the NUL.
    #[test]
    fn the_near_skeleton_automaton_equals_the_edit_distance() {
        fn levenshtein(a: &[u8], b: &[u8]) -> usize {
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, &x) in a.iter().enumerate() {
                let mut next = vec![i + 1];
                for (j, &y) in b.iter().enumerate() {
                    let v = (row[j] + usize::from(x != y))
                        .min(row[j + 1] + 1)
                        .min(next[j] + 1);
                    next.push(v);
                }
                row = next;
            }
            row[b.len()]
        }
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=4 {
            let mut n = 0usize;
            while n < 3usize.pow(len) {
                words.push((0..len).map(|p| b"ABC"[n / 3usize.pow(p) % 3]).collect());
                n += 1;
            }
        }
        for s in &words {
            let near = NearSkeleton { skeleton: s };
            for k in &words {
                let mut state = fst::Automaton::start(&&near);
                for &b in k.iter().chain(b"\0xyz") {
                    state = fst::Automaton::accept(&&near, &state, b);
                }
                assert_eq!(
                    fst::Automaton::is_match(&&near, &state),
                    levenshtein(s, k) <= 1,
                    "{s:?} {k:?}"
                );
            }
        }
    }
}
