//! The layers of a search and the collector of its hits: how the entries of each index appear
//! in the merged glossary (which a later layer hides, which keys only hidden entries have), and
//! the best hit per entry, filtered by language and by what the layers show, ranked at the end.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::index::format::Section;
use crate::index::{Index, IndexError};
use crate::key;
use crate::lang::LangTag;
use crate::lookup::score::{self, Millis};
use crate::lookup::{Hit, Rank, Stage};

/// How the entries of one index appear when several indexes are searched as one glossary (see
/// [`search_layers`](super::search_layers)): each entry's ordinal and first form in the merged
/// numbering, or nothing for an entry that a later layer hides.
#[derive(Clone, Debug, Default)]
pub(crate) struct LayerMap {
    /// Per entry ordinal of the index: its merged entry ordinal, the merged ordinal of its first
    /// form and the index's own ordinal of its first form; `None` when the entry is hidden.
    entries: Vec<Option<(u32, u32, u32)>>,
    /// The keys of the key fst whose forms all belong to hidden entries, sorted: the merged
    /// glossary has no such key, so the prefix walk must not count them.
    pub(super) dead_keys: Vec<Vec<u8>>,
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
    pub(super) fn shows_any(&self, value: u64) -> Result<bool, IndexError> {
        if !self.map.is_some_and(|m| m.hides) {
            return Ok(true);
        }
        let mut any = false;
        self.index
            .for_each_form(value, &mut |f| any |= self.shows(f))?;
        Ok(any)
    }

    /// The dead keys of this layer (see [`LayerMap`]).
    pub(super) fn dead_keys(&self) -> &[Vec<u8>] {
        self.map.map_or(&[], |m| &m.dead_keys)
    }
}

impl<D: AsRef<[u8]>> Index<D> {
    /// The map of this index's entries into a merged numbering, for
    /// [`search_layers`](super::search_layers): `merged[e]` is the merged entry ordinal and first
    /// form ordinal of entry `e`, or `None` when a later layer hides the entry.
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
pub(super) struct Collector<'i, D> {
    layers: &'i [Layer<'i, D>],
    /// Per layer, per language ordinal: whether the language is wanted (`None`: all are).
    lang_ok: Option<Vec<Vec<bool>>>,
    /// Keyed by merged entry ordinal; only counted and sorted, so the hasher's order is free.
    best: HashMap<u32, Rank, foldhash::fast::FixedState>,
    /// The forms behind one fst value, reused.
    pub(super) forms: Vec<u32>,
    /// The [`Rank::consonants`] of the matches offered now (set only around a sound match).
    pub(super) consonants: u8,
    /// The least score a match offered now needs with a form derived by a transliteration: 0
    /// (any) but around a sound match ([`DERIVED_SOUNDS_MIN`](super::cross_script::DERIVED_SOUNDS_MIN))
    /// and a typo too far from a short key for such a form ([`Fuzzy::derived_min_chars`]:
    /// [`Collector::NO_DERIVED`]).
    ///
    /// [`Fuzzy::derived_min_chars`]: crate::lookup::Fuzzy::derived_min_chars
    pub(super) derived_min: Millis,
}

impl<D: AsRef<[u8]>> Layer<'_, D> {
    /// The merged entry ordinal of `entry` of this layer, or `None` when a later layer hides it.
    pub(super) fn merged_entry(&self, entry: u32) -> Option<u32> {
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
    /// The [`Collector::derived_min`] that refuses every derived form.
    pub(super) const NO_DERIVED: Millis = Millis::MAX;

    pub(super) fn new(layers: &'i [Layer<'i, D>], lang: Option<&LangTag>) -> Collector<'i, D> {
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
            derived_min: 0,
        }
    }

    /// Offers form `form` of layer `layer`, matched at `stage` with `distance`; `score` scores
    /// the match from the form's text, or refuses it with `None` (a precision gate).
    pub(super) fn offer(
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
    pub(super) fn offer_read(
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
        if derived && self.derived_min == Collector::<D>::NO_DERIVED {
            return Ok(());
        }
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
        if derived && millis < self.derived_min {
            return Ok(());
        }
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
    pub(super) fn offer_value(
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
    pub(super) fn full_above(&self, limit: usize, score: Millis) -> bool {
        self.best.len() >= limit
            && self.best.values().filter(|r| r.score.0 >= score).count() >= limit
    }

    pub(super) fn finish(self, limit: usize, min_score: Millis) -> Vec<Hit> {
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
