//! The `partial` stage: names found by their parts (see [`crate::lookup::names`]).
//!
//! Two channels feed it. The query's content words, without its generic words and
//! patronymics, are looked up as a whole key, spaced and unspaced (*Urumqi city* finds
//! *Urumqi*, *Xinjiang Weiwuer Zizhiqu* finds *XinjiangWeiwuerZizhiqu*). And the word fst lists
//! the names of several words that contain each word: the candidates are the names holding the
//! query's rarest content word, at most [`CANDIDATES`] of them, each scored by its words.

use std::collections::{HashMap, HashSet};

use fst::raw::Fst;

use super::cross_script::{SAME_KIND_SOUNDS, latin_letters};
use super::{Collector, Layer};
use crate::index::IndexError;
use crate::index::format::Section;
use crate::key;
use crate::lang::Script;
use crate::lookup::Stage;
use crate::lookup::names::{self, Order, Part, Word};
use crate::lookup::score::{Evidence, Millis};
use crate::normalize::normalize;

/// The most names one query scores by their words (those of its rarest word): a word that
/// more names share is no evidence of one of them.
pub(crate) const CANDIDATES: usize = 2_000;

/// The score of a name whose key equals the query's content words written without spaces.
const JOINED: Millis = 950;

/// The score of a name whose common-Latin key equals the query's content words written
/// without spaces.
const JOINED_TRANSLITERATION: Millis = 930;

/// Looks the query (normalized text and key) up by its parts and offers what it finds;
/// `words` are its words when the caller has read them (`None` for a query of one plain word).
pub(super) fn search<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    key_fsts: &[Fst<&[u8]>],
    found: &mut Collector<'_, D>,
    (normalized, qkey): (&str, &str),
    words: Option<Vec<Word>>,
) -> Result<(), IndexError> {
    // A query of one plain word has at most that word, its key, for content: when no word fst
    // has it, no name of several words holds it, and nothing below would be offered.
    if words.is_none() {
        let mut held = false;
        for layer in layers {
            match layer.index.fst(Section::Words) {
                Ok(fst) => held |= fst.contains_key(qkey.as_bytes()),
                // Left to the reading below, which meets the same error.
                Err(_) => held = true,
            }
        }
        if !held {
            return Ok(());
        }
    }
    let query = words.unwrap_or_else(|| names::words_keyed(normalized, Some((normalized, qkey))));
    let content: Vec<&str> = query
        .iter()
        .filter(|w| matches!(w.part, Part::Full | Part::Designation))
        .map(|w| w.key.as_str())
        .collect();
    if content.is_empty() {
        return Ok(());
    }
    let mut counts = EntryCounts::new(layers)?;

    // The content words as one key.
    if query.len() >= 2 {
        let spaced = content.join(" ");
        let joined = content.concat();
        // All the words written together, unit included (*Xinjiang Weiwuer Zizhiqu*).
        let whole: String = query.iter().map(|w| w.key.as_str()).collect();
        let whole = (whole != joined).then_some((whole, true));
        // One content word is the same spaced and joined: it is scored by its words, so that
        // a generic word the query gives and the form lacks counts.
        let joined = (joined != spaced).then_some((joined, true));
        for (variant, is_joined) in std::iter::once((spaced, false)).chain(joined).chain(whole) {
            if variant == qkey {
                continue;
            }
            for (li, fst) in key_fsts.iter().enumerate() {
                let Some(value) = fst.get(variant.as_bytes()) else {
                    continue;
                };
                found.offer_value(li, value.value(), Stage::Partial, 0, &mut |text| {
                    if is_joined {
                        return Some(JOINED);
                    }
                    score_form(&query, text, "und", true, &mut counts)
                })?;
            }
            // Written together, the words may also be another script's name read aloud
            // (*Xinjiang Weiwuer Zizhiqu* and 新疆维吾尔自治区, read `xinjiangweiwuerzizhiqu`).
            if is_joined && let Some(cross) = key::cross_script_key(&variant) {
                for (li, layer) in layers.iter().enumerate() {
                    let fst = layer.index.fst(Section::CrossScript)?;
                    if let Some(value) = fst.get(cross.as_bytes()) {
                        found.offer_value(li, value.value(), Stage::Partial, 0, &mut |_| {
                            Some(JOINED_TRANSLITERATION)
                        })?;
                    }
                }
            } else if content.len() == 1 {
                offer_name_read_aloud(layers, found, &query, normalized, &variant)?;
            }
        }
    }

    // Names of several words holding the rarest content word. A word that no word fst has
    // holds none (its postings are empty): no need to count the others.
    if content.iter().any(|w| counts.absent(w)) {
        return Ok(());
    }
    let mut rarest: Option<(usize, &str)> = None;
    for word in &content {
        let n = counts.forms(word);
        if n == 0 {
            // No name of several words has this word, so none has them all.
            return Ok(());
        }
        if rarest.is_none_or(|(m, _)| n < m) {
            rarest = Some((n, word));
        }
    }
    let Some((_, rarest)) = rarest else {
        return Ok(());
    };
    let candidates = counts.postings(rarest)?;
    for (li, form) in candidates.into_iter().take(CANDIDATES) {
        let Some(record) = layers.get(li).and_then(|l| l.index.record(form).ok()) else {
            continue;
        };
        let person = layers
            .get(li)
            .is_some_and(|l| l.index.may_be_person(record.entry));
        let lang = record.lang.to_owned();
        found.offer(li, form, Stage::Partial, 0, &mut |text| {
            score_form(&query, text, &lang, person, &mut counts)
        })?;
    }
    Ok(())
}

/// Offers the forms of another script whose name is the query's one content word `name`
/// without its unit words, read aloud (広州市 and *Guǎngzhōu*; 和田县 and *Hétián Xiàn*): a
/// transliteration of the name. A form without a generic word loses what a name loses for the
/// query's generic word left out; one with a generic word of the query's kind (and no
/// designation the query leaves out) [`super::cross_script::SAME_KIND_SOUNDS`]; one of another
/// kind is not met.
fn offer_name_read_aloud<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    found: &mut Collector<'_, D>,
    query: &[Word],
    normalized: &str,
    name: &str,
) -> Result<(), IndexError> {
    let Some(cross) = key::cross_script_key(name) else {
        return Ok(());
    };
    let letters = latin_letters(&cross);
    let script = Script::detect(normalized);
    let left_out = names::unit_kinds(query);
    let designated = query.iter().any(|w| w.part == Part::Designation);
    let bare = format!("{cross}{}", key::BARE_NAME_MARK);
    for (li, layer) in layers.iter().enumerate() {
        let fst = layer.index.fst(Section::CrossScript)?;
        for (member, is_bare) in [(cross.as_str(), false), (bare.as_str(), true)] {
            let Some(value) = fst.get(member.as_bytes()) else {
                continue;
            };
            found.offer_value(li, value.value(), Stage::Partial, 0, &mut |text| {
                let transliteration = Evidence::Transliteration {
                    same_script: Script::detect(text) == script,
                }
                .score();
                if !is_bare {
                    Some(names::without_generic(transliteration, letters))
                } else if names::names_unit_of_kind(text, left_out, designated) {
                    Some(transliteration.saturating_sub(SAME_KIND_SOUNDS))
                } else {
                    None
                }
            })?;
        }
    }
    Ok(())
}

/// The score of the query's words against the text of a form in `lang` (of a person's name, or
/// not).
fn score_form<D: AsRef<[u8]>>(
    query: &[Word],
    text: &str,
    lang: &str,
    person: bool,
    counts: &mut EntryCounts<'_, '_, D>,
) -> Option<Millis> {
    let words = names::words(&normalize(text));
    let order = Order::of(lang, &words);
    names::score(query, &words, order, person, &mut |word| {
        counts.entries(word)
    })
}

/// For each word, the names of several words holding it in the layers' word fsts, and how many
/// entries of the merged glossary they belong to; computed once per word and query.
struct EntryCounts<'l, 'i, D> {
    layers: &'l [Layer<'i, D>],
    fsts: Vec<Fst<&'l [u8]>>,
    /// Per word: the number of forms in its postings (all layers), and of distinct shown
    /// entries.
    known: HashMap<String, (usize, usize)>,
}

impl<'l, 'i, D: AsRef<[u8]>> EntryCounts<'l, 'i, D> {
    fn new(layers: &'l [Layer<'i, D>]) -> Result<EntryCounts<'l, 'i, D>, IndexError> {
        let fsts = layers
            .iter()
            .map(|l| l.index.fst(Section::Words))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(EntryCounts {
            layers,
            fsts,
            known: HashMap::new(),
        })
    }

    /// Whether no layer's word fst has `word`.
    fn absent(&self, word: &str) -> bool {
        self.fsts
            .iter()
            .all(|fst| !fst.contains_key(word.as_bytes()))
    }

    /// Every `(layer, form)` holding `word`, in layer and form order.
    fn postings(&self, word: &str) -> Result<Vec<(usize, u32)>, IndexError> {
        let mut out = Vec::new();
        for (li, (layer, fst)) in self.layers.iter().zip(&self.fsts).enumerate() {
            if let Some(value) = fst.get(word.as_bytes()) {
                layer
                    .index
                    .for_each_form(value.value(), &mut |f| out.push((li, f)))?;
            }
        }
        Ok(out)
    }

    fn count(&mut self, word: &str) -> (usize, usize) {
        if let Some(&known) = self.known.get(word) {
            return known;
        }
        let postings = self.postings(word).unwrap_or_default();
        let mut entries = HashSet::new();
        for &(li, form) in &postings {
            if let Some(layer) = self.layers.get(li)
                && let Some(entry) = layer.index.entry_of(form)
                && let Some(merged) = layer.merged_entry(entry)
            {
                entries.insert(merged);
            }
        }
        let counted = (postings.len(), entries.len());
        self.known.insert(word.to_owned(), counted);
        counted
    }

    /// The number of names of several words holding `word`.
    fn forms(&mut self, word: &str) -> usize {
        self.count(word).0
    }

    /// The number of entries of the merged glossary with a name of several words holding `word`.
    fn entries(&mut self, word: &str) -> usize {
        self.count(word).1
    }
}
