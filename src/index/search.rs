//! The staged search over an [`Index`]: exact and normalized (the key fst), cross-script (the
//! skeleton + common-Latin fst), fuzzy (OSA automaton walks), prefix (a bounded
//! breadth-first walk), ranked by [`crate::lookup`]'s one ranking.

use std::collections::HashMap;

use fst::raw::{CompiledAddr, Fst, OpBuilder};
use fst::{IntoStreamer, Streamer};

use super::automaton::{Osa, osa_chars, walk};
use super::format::Section;
use super::{Index, IndexError};
use crate::key;
use crate::lang::LangTag;
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

/// Turns a walk that ran out of nodes into an error.
fn complete(finished: bool) -> Result<(), IndexError> {
    if finished {
        Ok(())
    } else {
        Err(IndexError::FuzzyBudget { nodes: WALK_NODES })
    }
}

/// The largest common-Latin distance at which a skeleton match counts as cross-script: 3, or a
/// third of the query's common-Latin length if that is more.
fn cross_script_budget(latin_chars: usize) -> usize {
    (latin_chars / 3).max(3)
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
    best: HashMap<u32, Rank>,
    /// The forms behind one fst value, reused.
    forms: Vec<u32>,
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
            best: HashMap::new(),
            forms: Vec::new(),
        }
    }

    /// Offers form `form` of layer `layer`, matched at `stage` with `distance`.
    fn offer(
        &mut self,
        layer: usize,
        form: u32,
        stage: Stage,
        distance: u8,
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
        let (entry, form) = match l.map {
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
        let rank = Rank {
            stage,
            distance,
            status,
            derived,
            form,
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
                .try_for_each(|&form| self.offer(layer, form, stage, distance))
        });
        self.forms = forms;
        offered
    }

    fn entries(&self) -> usize {
        self.best.len()
    }

    fn finish(self, limit: usize, min_score: f32) -> Vec<Hit> {
        let mut ranked: Vec<(Rank, u32)> = self.best.into_iter().map(|(e, r)| (r, e)).collect();
        ranked.sort_unstable();
        ranked
            .into_iter()
            .map(|(r, entry)| Hit {
                form: r.form,
                entry,
                stage: r.stage,
                distance: r.distance,
                score: r.stage.score(r.distance),
            })
            .filter(|hit| hit.score >= min_score)
            .take(limit)
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
    let mut found = Collector::new(layers, options.lang.as_ref());
    let key_fsts = layers
        .iter()
        .map(|l| l.index.fst(Section::Key))
        .collect::<Result<Vec<_>, _>>()?;

    // Exact and normalized: equal keys.
    for ((li, layer), key_fst) in layers.iter().enumerate().zip(&key_fsts) {
        if let Some(value) = key_fst.get(qkey.as_bytes()) {
            let mut forms = Vec::new();
            layer
                .index
                .for_each_form(value.value(), &mut |f| forms.push(f))?;
            for form in forms {
                let text = layer.index.text(form).unwrap_or_default();
                let stage = if normalize(text) == normalized {
                    Stage::Exact
                } else {
                    Stage::Normalized
                };
                found.offer(li, form, stage, 0)?;
            }
        }
    }

    // Cross-script: the equal common-Latin key, then the skeleton's bucket (the union of the
    // layers' buckets) re-ranked by the distance between common-Latin keys. Skipped, like the
    // fuzzy stage, once the top-k is full: every later hit ranks below the hits already found,
    // so the answer is the same (a batch of exact names at limit 1 saves the cost of the
    // cross-script keys).
    if options.cross_script
        && found.entries() < limit
        && let Some(cross) = key::cross_script_key(&normalized)
    {
        let fsts = layers
            .iter()
            .map(|l| l.index.fst(Section::CrossScript))
            .collect::<Result<Vec<_>, _>>()?;
        let mut hits: Vec<(usize, u64, u8)> = Vec::new();
        for (li, fst) in fsts.iter().enumerate() {
            if let Some(value) = fst.get(cross.as_bytes()) {
                hits.push((li, value.value(), 0));
            }
        }
        let (skeleton, latin) = cross.split_once('\0').unwrap_or_default();
        let q: Vec<char> = latin.chars().collect();
        let budget = cross_script_budget(q.len());
        let lower = format!("{skeleton}\0");
        let upper = format!("{skeleton}\u{1}");
        let mut union = fsts
            .iter()
            .fold(OpBuilder::new(), |op, fst| {
                op.add(fst.range().ge(&lower).lt(&upper))
            })
            .union();
        let mut other = Vec::new();
        let mut seen = 0;
        while let Some((k, values)) = union.next() {
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
            seen += 1;
            if seen > CROSS_SCRIPT_KEYS {
                break;
            }
            let Some(member) = k
                .get(lower.len()..)
                .and_then(|m| std::str::from_utf8(m).ok())
            else {
                continue;
            };
            other.clear();
            other.extend(member.chars());
            if other.len().abs_diff(q.len()) > budget || other == q {
                continue;
            }
            let d = osa_chars(&q, &other);
            if d <= budget {
                let d = u8::try_from(d).unwrap_or(u8::MAX);
                hits.extend(values.iter().map(|v| (v.index, v.value, d)));
            }
        }
        for (li, value, distance) in hits {
            found.offer_value(li, value, Stage::CrossScript, distance)?;
        }
    }

    // Fuzzy: d = 1, then d = 2 only while the top-k is not full.
    let q: Vec<char> = qkey.chars().collect();
    let budget = options.fuzzy.budget(q.len());
    if budget >= 1 && found.entries() < limit {
        let mut hits: Vec<(usize, u64, u8)> = Vec::new();
        match engine {
            FuzzyEngine::Automaton => {
                for (li, key_fst) in key_fsts.iter().enumerate() {
                    let mut nodes = WALK_NODES;
                    complete(walk(
                        key_fst,
                        &Osa::new(&q, 1, None),
                        &mut nodes,
                        &mut |v, d, _| hits.push((li, v, d)),
                    ))?;
                }
                offer_fuzzy(&mut found, &mut hits)?;
                if budget >= 2 && found.entries() < limit {
                    let m = split_point(q.len());
                    let reversed: Vec<char> = q.iter().rev().copied().collect();
                    for ((li, layer), key_fst) in layers.iter().enumerate().zip(&key_fsts) {
                        let mut nodes = WALK_NODES;
                        complete(walk(
                            key_fst,
                            &Osa::new(&q, 2, Some((m, 1))),
                            &mut nodes,
                            &mut |v, d, _| hits.push((li, v, d)),
                        ))?;
                        let reversed_fst = layer.index.fst(Section::KeyReversed)?;
                        let mut nodes = WALK_NODES;
                        let mut keys: Vec<(String, u8)> = Vec::new();
                        complete(walk(
                            &reversed_fst,
                            &Osa::new(&reversed, 2, Some((q.len() - m, 0))),
                            &mut nodes,
                            &mut |_, d, k| {
                                let k = String::from_utf8_lossy(k);
                                keys.push((k.chars().rev().collect(), d));
                            },
                        ))?;
                        for (k, d) in keys {
                            let value = key_fst.get(k.as_bytes()).ok_or_else(|| {
                                IndexError::corrupt(
                                    "the reversed key fst has a key the key fst lacks",
                                )
                            })?;
                            hits.push((li, value.value(), d));
                        }
                    }
                    offer_fuzzy(&mut found, &mut hits)?;
                }
            }
            FuzzyEngine::Scan => {
                for (li, key_fst) in key_fsts.iter().enumerate() {
                    scan(key_fst, &q, budget, &mut |v, d| hits.push((li, v, d)));
                }
                offer_fuzzy(&mut found, &mut hits)?;
            }
        }
    }

    // Prefix: completions of the key, shortest first, within a node budget.
    if options.prefix && found.entries() < limit {
        let mut hits = Vec::new();
        prefix(layers, &key_fsts, qkey.as_bytes(), limit, &mut hits);
        for (li, value, extra) in hits {
            found.offer_value(li, value, Stage::Prefix, extra)?;
        }
    }
    Ok(found.finish(limit, options.min_score))
}

/// Offers the fuzzy hits `(layer, value, distance)`, leaving out distance 0 (found by the
/// exact stage already).
fn offer_fuzzy<D: AsRef<[u8]>>(
    found: &mut Collector<'_, D>,
    hits: &mut Vec<(usize, u64, u8)>,
) -> Result<(), IndexError> {
    for (li, value, distance) in hits.drain(..) {
        if distance == 0 {
            continue;
        }
        found.offer_value(li, value, Stage::Fuzzy, distance)?;
    }
    Ok(())
}

/// Every key of `fst` within `d` of `q`, by dynamic programming on each key.
fn scan<D: AsRef<[u8]>>(fst: &Fst<D>, q: &[char], d: u8, hit: &mut dyn FnMut(u64, u8)) {
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
            hit(out.value(), distance as u8);
        }
    }
}

/// A string of the prefix walk in one layer's key fst: its node and the output so far.
#[derive(Clone, Copy)]
struct At {
    addr: CompiledAddr,
    out: u64,
    layer: usize,
}

/// A string of the prefix walk over the union of the layers' keys: where it is in each layer
/// that has it (`at`, a range of [`Level::at`]), the characters it adds to the prefix, and, when
/// some layer has dead keys, its bytes (`text`, a range of [`Level::text`]).
#[derive(Clone, Copy)]
struct Item {
    at: (u32, u32),
    text: (u32, u32),
    extra: u8,
}

/// One level of the breadth-first prefix walk: strings one byte longer than the level before.
#[derive(Default)]
struct Level {
    items: Vec<Item>,
    at: Vec<At>,
    text: Vec<u8>,
}

impl Level {
    fn clear(&mut self) {
        self.items.clear();
        self.at.clear();
        self.text.clear();
    }

    fn at(&self, item: &Item) -> &[At] {
        self.at
            .get(item.at.0 as usize..item.at.1 as usize)
            .unwrap_or_default()
    }

    fn text(&self, item: &Item) -> &[u8] {
        self.text
            .get(item.text.0 as usize..item.text.1 as usize)
            .unwrap_or_default()
    }
}

/// Whether some key of `fst` that is not in `dead` (sorted) starts with `s`, given that some
/// key of `fst` does.
fn alive(fst: &Fst<&[u8]>, dead: &[Vec<u8>], s: &[u8]) -> bool {
    let first = dead.partition_point(|k| k.as_slice() < s);
    if !dead.get(first).is_some_and(|k| k.starts_with(s)) {
        return true;
    }
    let mut stream = fst.range().ge(s).into_stream();
    while let Some((k, _)) = stream.next() {
        if !k.starts_with(s) {
            return false;
        }
        if dead.binary_search_by(|d| d.as_slice().cmp(k)).is_err() {
            return true;
        }
    }
    false
}

/// The state of a prefix walk over the union of the layers' key tries.
struct Walk<'a> {
    fsts: &'a [Fst<&'a [u8]>],
    /// Per layer, its dead keys (see [`LayerMap`]).
    dead: Vec<&'a [Vec<u8>]>,
    /// Whether some layer has dead keys, so that strings must be kept to check against them.
    track: bool,
    next: Level,
    queued: usize,
}

impl Walk<'_> {
    fn dead(&self, layer: usize) -> &[Vec<u8>] {
        self.dead.get(layer).copied().unwrap_or_default()
    }

    /// Queues the child of a string (`text`, `extra` characters added) reached by one byte in
    /// the layers of `group`, unless only dead keys go on from it. Returns `false` when the node
    /// budget is spent.
    fn enqueue(&mut self, group: &[(u8, At)], text: &[u8], extra: u8) -> bool {
        let Some(&(byte, _)) = group.first() else {
            return true;
        };
        if self.queued >= PREFIX_NODES {
            return false;
        }
        let (at_start, text_start) = (self.next.at.len(), self.next.text.len());
        if self.track {
            self.next.text.extend_from_slice(text);
            self.next.text.push(byte);
        }
        for &(_, at) in group {
            let shown = !self.track
                || self.fsts.get(at.layer).is_some_and(|fst| {
                    let child = self.next.text.get(text_start..).unwrap_or_default();
                    alive(fst, self.dead(at.layer), child)
                });
            if shown {
                self.next.at.push(at);
            }
        }
        if self.next.at.len() == at_start {
            // Only dead keys go on from here.
            self.next.text.truncate(text_start);
            return true;
        }
        self.queued += 1;
        // A byte that starts a character adds one character.
        let starts = u8::from(byte & 0xC0 != 0x80);
        let span = |start: usize, end: usize| {
            (
                u32::try_from(start).unwrap_or(u32::MAX),
                u32::try_from(end).unwrap_or(u32::MAX),
            )
        };
        self.next.items.push(Item {
            at: span(at_start, self.next.at.len()),
            text: span(text_start, self.next.text.len()),
            extra: extra.saturating_add(starts),
        });
        true
    }
}

/// Keys that extend `prefix` in the union of the layers' key sets (`fsts`, one per layer),
/// breadth-first by added bytes, as `(layer, value, characters added)` (capped at 255), one
/// per layer that has the key. Stops after the first level that brings the number of keys
/// found to `limit`, or once [`PREFIX_NODES`] nodes have been queued. Dead keys (see
/// [`LayerMap`]) and strings that lead only to them are not part of the union.
fn prefix<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    fsts: &[Fst<&[u8]>],
    prefix: &[u8],
    limit: usize,
    hits: &mut Vec<(usize, u64, u8)>,
) {
    let dead: Vec<&[Vec<u8>]> = layers.iter().map(Layer::dead_keys).collect();
    let mut walk = Walk {
        fsts,
        track: dead.iter().any(|d| !d.is_empty()),
        dead,
        next: Level::default(),
        queued: 1,
    };
    let mut level = Level::default();
    for (layer, fst) in fsts.iter().enumerate() {
        let mut node = fst.root();
        let mut out = 0u64;
        let mut found = true;
        for &b in prefix {
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    out = out.wrapping_add(t.out.value());
                    node = fst.node(t.addr);
                }
                None => {
                    found = false;
                    break;
                }
            }
        }
        if found && alive(fst, walk.dead(layer), prefix) {
            level.at.push(At {
                addr: node.addr(),
                out,
                layer,
            });
        }
    }
    if level.at.is_empty() {
        return;
    }
    if walk.track {
        level.text.extend_from_slice(prefix);
    }
    let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    level.items.push(Item {
        at: (0, len(level.at.len())),
        text: (0, len(level.text.len())),
        extra: 0,
    });
    let mut children: Vec<(u8, At)> = Vec::new();
    let mut keys = 0;
    let mut budget = true;
    while !level.items.is_empty() {
        for item in &level.items {
            let text = level.text(item);
            let mut is_key = false;
            children.clear();
            let parts = level.at(item);
            for at in parts {
                let Some(fst) = fsts.get(at.layer) else {
                    continue;
                };
                let node = fst.node(at.addr);
                if node.is_final()
                    && item.extra > 0
                    && walk
                        .dead(at.layer)
                        .binary_search_by(|d| d.as_slice().cmp(text))
                        .is_err()
                {
                    hits.push((
                        at.layer,
                        at.out.wrapping_add(node.final_output().value()),
                        item.extra,
                    ));
                    is_key = true;
                }
                if !budget {
                    continue;
                }
                for t in node.transitions() {
                    let child = At {
                        addr: t.addr,
                        out: at.out.wrapping_add(t.out.value()),
                        layer: at.layer,
                    };
                    if parts.len() == 1 {
                        // One layer: its transitions are the union's, in byte order.
                        budget = walk.enqueue(&[(t.inp, child)], text, item.extra);
                        if !budget {
                            break;
                        }
                    } else {
                        children.push((t.inp, child));
                    }
                }
            }
            keys += usize::from(is_key);
            // Several layers: their transitions in byte order (a stable sort keeps the layers
            // in order), one child per byte.
            children.sort_by_key(|&(b, _)| b);
            let mut rest = children.as_slice();
            while budget && !rest.is_empty() {
                let byte = rest.first().map_or(0, |&(b, _)| b);
                let same = rest.iter().take_while(|&&(b, _)| b == byte).count();
                let Some((group, tail)) = rest.split_at_checked(same) else {
                    break;
                };
                rest = tail;
                budget = walk.enqueue(group, text, item.extra);
            }
        }
        if keys >= limit {
            break;
        }
        std::mem::swap(&mut level, &mut walk.next);
        walk.next.clear();
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
        let mut bucket = cross.range().ge("KLJ\0").lt("KLJ\u{1}").into_stream();
        let mut keys = 0;
        while bucket.next().is_some() {
            keys += 1;
        }
        assert!(keys > CROSS_SCRIPT_KEYS, "{keys}");
    }

    use crate::lookup::Fuzzy;
}
