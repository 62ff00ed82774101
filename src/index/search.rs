//! The staged search over an [`Index`]: exact and normalized (the key fst), cross-script (the
//! skeleton + common-Latin fst), fuzzy (OSA automaton walks), prefix (a bounded
//! breadth-first walk), ranked by [`crate::lookup`]'s one ranking.

use std::collections::HashMap;

use fst::raw::Fst;
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

/// The best hit per entry, filtered by language.
struct Collector<'i, D> {
    index: &'i Index<D>,
    lang_ok: Option<Vec<bool>>,
    best: HashMap<u32, Rank>,
}

impl<'i, D: AsRef<[u8]>> Collector<'i, D> {
    fn new(index: &'i Index<D>, lang: Option<&LangTag>) -> Collector<'i, D> {
        let lang_ok = lang.map(|range| {
            index
                .langs_text()
                .split('\n')
                .map(|tag| {
                    tag == range.as_str()
                        || (tag.starts_with(range.as_str())
                            && tag.as_bytes().get(range.as_str().len()) == Some(&b'-'))
                })
                .collect()
        });
        Collector {
            index,
            lang_ok,
            best: HashMap::new(),
        }
    }

    fn offer(&mut self, form: u32, stage: Stage, distance: u8) -> Result<(), IndexError> {
        let (entry, lang, status, derived) = self.index.form_info(form).ok_or_else(|| {
            IndexError::corrupt(format!("the record of form {form} is unreadable"))
        })?;
        if let Some(ok) = &self.lang_ok
            && !ok.get(usize::from(lang)).copied().unwrap_or(false)
        {
            return Ok(());
        }
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

    fn entries(&self) -> usize {
        self.best.len()
    }

    fn finish(self, limit: usize) -> Vec<Hit> {
        let mut ranked: Vec<(Rank, u32)> = self.best.into_iter().map(|(e, r)| (r, e)).collect();
        ranked.sort_unstable();
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(r, entry)| Hit {
                form: r.form,
                entry,
                stage: r.stage,
                distance: r.distance,
                score: r.stage.score(r.distance),
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
        self.search_with(query, options, FuzzyEngine::Automaton)
    }

    /// The same search with the fuzzy stage done by scanning every key and computing its
    /// distance: slow (linear in the index), but independent of the automaton, so it serves as
    /// the reference the fast search is tested and benchmarked against.
    pub fn search_exhaustive(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<Hit>, IndexError> {
        self.search_with(query, options, FuzzyEngine::Scan)
    }

    fn search_with(
        &self,
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
        let mut found = Collector::new(self, options.lang.as_ref());
        let key_fst = self.fst(Section::Key)?;

        // Exact and normalized: equal keys.
        if let Some(value) = key_fst.get(qkey.as_bytes()) {
            let mut forms = Vec::new();
            self.for_each_form(value.value(), &mut |f| forms.push(f))?;
            for form in forms {
                let text = self.text(form).unwrap_or_default();
                let stage = if normalize(text) == normalized {
                    Stage::Exact
                } else {
                    Stage::Normalized
                };
                found.offer(form, stage, 0)?;
            }
        }

        // Cross-script: the equal common-Latin key, then the skeleton's bucket re-ranked by
        // the distance between common-Latin keys.
        if options.cross_script
            && let Some(cross) = key::cross_script_key(&normalized)
        {
            let fst = self.fst(Section::CrossScript)?;
            let mut hits: Vec<(u64, u8)> = Vec::new();
            if let Some(value) = fst.get(cross.as_bytes()) {
                hits.push((value.value(), 0));
            }
            let (skeleton, latin) = cross.split_once('\0').unwrap_or_default();
            let q: Vec<char> = latin.chars().collect();
            let budget = cross_script_budget(q.len());
            let lower = format!("{skeleton}\0");
            let upper = format!("{skeleton}\u{1}");
            let mut stream = fst.range().ge(&lower).lt(&upper).into_stream();
            let mut other = Vec::new();
            let mut seen = 0;
            while let Some((k, value)) = stream.next() {
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
                    hits.push((value.value(), u8::try_from(d).unwrap_or(u8::MAX)));
                }
            }
            for (value, distance) in hits {
                let mut forms = Vec::new();
                self.for_each_form(value, &mut |f| forms.push(f))?;
                for form in forms {
                    found.offer(form, Stage::CrossScript, distance)?;
                }
            }
        }

        // Fuzzy: d = 1, then d = 2 only while the top-k is not full.
        let q: Vec<char> = qkey.chars().collect();
        let budget = options.fuzzy.budget(q.len());
        if budget >= 1 && found.entries() < limit {
            let mut hits: Vec<(u64, u8)> = Vec::new();
            match engine {
                FuzzyEngine::Automaton => {
                    let mut nodes = WALK_NODES;
                    complete(walk(
                        &key_fst,
                        &Osa::new(&q, 1, None),
                        &mut nodes,
                        &mut |v, d, _| hits.push((v, d)),
                    ))?;
                    self.offer_fuzzy(&mut found, &mut hits)?;
                    if budget >= 2 && found.entries() < limit {
                        let m = split_point(q.len());
                        let mut nodes = WALK_NODES;
                        complete(walk(
                            &key_fst,
                            &Osa::new(&q, 2, Some((m, 1))),
                            &mut nodes,
                            &mut |v, d, _| hits.push((v, d)),
                        ))?;
                        let reversed: Vec<char> = q.iter().rev().copied().collect();
                        let reversed_fst = self.fst(Section::KeyReversed)?;
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
                            hits.push((value.value(), d));
                        }
                        self.offer_fuzzy(&mut found, &mut hits)?;
                    }
                }
                FuzzyEngine::Scan => {
                    scan(&key_fst, &q, budget, &mut hits);
                    self.offer_fuzzy(&mut found, &mut hits)?;
                }
            }
        }

        // Prefix: completions of the key, shortest first, within a node budget.
        if options.prefix && found.entries() < limit {
            let mut hits = Vec::new();
            prefix(&key_fst, qkey.as_bytes(), limit, &mut hits);
            for (value, extra) in hits {
                let mut forms = Vec::new();
                self.for_each_form(value, &mut |f| forms.push(f))?;
                for form in forms {
                    found.offer(form, Stage::Prefix, extra)?;
                }
            }
        }
        Ok(found.finish(limit))
    }

    fn offer_fuzzy(
        &self,
        found: &mut Collector<'_, D>,
        hits: &mut Vec<(u64, u8)>,
    ) -> Result<(), IndexError> {
        let mut forms = Vec::new();
        for (value, distance) in hits.drain(..) {
            if distance == 0 {
                continue;
            }
            forms.clear();
            self.for_each_form(value, &mut |f| forms.push(f))?;
            for &form in &forms {
                found.offer(form, Stage::Fuzzy, distance)?;
            }
        }
        Ok(())
    }
}

/// Every key of `fst` within `d` of `q`, by dynamic programming on each key.
fn scan<D: AsRef<[u8]>>(fst: &Fst<D>, q: &[char], d: u8, hits: &mut Vec<(u64, u8)>) {
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
            hits.push((out.value(), distance as u8));
        }
    }
}

/// Keys of `fst` that extend `prefix`, breadth-first by added bytes, with the number of
/// characters they add (capped at 255). Stops after the first level that brings the number of
/// keys found to `limit`, or once [`PREFIX_NODES`] nodes have been queued.
fn prefix<D: AsRef<[u8]>>(fst: &Fst<D>, prefix: &[u8], limit: usize, hits: &mut Vec<(u64, u8)>) {
    let mut node = fst.root();
    let mut out = 0u64;
    for &b in prefix {
        match node.find_input(b) {
            Some(i) => {
                let t = node.transition(i);
                out = out.wrapping_add(t.out.value());
                node = fst.node(t.addr);
            }
            None => return,
        }
    }
    let mut level = vec![(node.addr(), out, 0u8)];
    let mut next = Vec::new();
    let mut queued = 1;
    while !level.is_empty() {
        for &(addr, out, extra) in &level {
            let node = fst.node(addr);
            if node.is_final() && extra > 0 {
                hits.push((out.wrapping_add(node.final_output().value()), extra));
            }
            for t in node.transitions() {
                if queued >= PREFIX_NODES {
                    break;
                }
                queued += 1;
                // A byte that starts a character adds one character.
                let starts = u8::from(t.inp & 0xC0 != 0x80);
                next.push((
                    t.addr,
                    out.wrapping_add(t.out.value()),
                    extra.saturating_add(starts),
                ));
            }
        }
        if hits.len() >= limit {
            break;
        }
        std::mem::swap(&mut level, &mut next);
        next.clear();
    }
}
