//! The staged search over an [`Index`]: exact and normalized (the key fst), cross-script (the
//! skeleton + common-Latin fst), fuzzy (OSA automaton walks), prefix (a bounded
//! breadth-first walk), ranked by [`crate::lookup`]'s one ranking.
//!
//! This module holds the entry points, the order of the stages and the exact stage; the
//! cross-script stage, the fuzzy stage, the search by parts and the prefix walk have modules
//! of their own, and `collect` gathers the best hit per entry across them.

mod collect;
mod cross_script;
mod fuzzy;
mod near;
mod parts;
mod prefix;

use fst::raw::Fst;

use super::format::Section;
use super::{Index, IndexError};
use crate::chars;
use crate::key;
use crate::lang::Script;
use crate::lookup::score::{self, Millis};
use crate::lookup::{Hit, SearchOptions, Stage, names};
use crate::normalize::normalize;
use collect::Collector;
pub(crate) use collect::{Layer, LayerMap};
use fuzzy::FuzzyEngine;

/// The longest query, in characters after normalization, that a search accepts.
///
/// Exact lookups cost time linear in the query and fuzzy walks stop where no key continues, so
/// the limit is generous; it exists so that a 100,000-character line in a batch is refused
/// with a clear error instead of being keyed and searched.
pub const MAX_QUERY_CHARS: usize = 512;

/// The most fst nodes a prefix search queues.
const PREFIX_NODES: usize = 20_000;

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

/// The search of [`search_layers`] with the fuzzy stage done by `engine`: the query checked and
/// keyed, then each stage in order while it could still change the results.
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
    offer_equal_keys(layers, &key_fsts, &mut found, query, &normalized, &qkey)?;
    if options.exact {
        return Ok(found.finish(limit, min_score));
    }
    let q: Vec<char> = qkey.chars().collect();
    let short = q.len() <= SHORT_KEY;
    let one_word = names::is_one_plain_word(&normalized, &qkey);
    // The words of a query of several, read once for the stages that weigh them.
    let words = (!one_word).then(|| names::words_keyed(&normalized, Some((&normalized, &qkey))));

    if options.cross_script && !found.full_above(limit, TRANSLITERATION_BEST) {
        let script = Script::detect(&normalized);
        // A word of Arabic script without a vowel letter spells more sounds than it has letters
        // (*پکن* Pekin): short for a typo, not for a sound match.
        let short = short && !chars::is_unvocalized_arabic(&qkey);
        cross_script::cross_script(
            layers,
            &mut found,
            &normalized,
            script,
            short,
            one_word,
            min_score,
        )?;
    }

    // Fuzzy: d = 1, then d = 2, each only while it could still change the results.
    let budget = if short {
        0
    } else {
        options.fuzzy.budget(q.len())
    };
    let budget = fuzzy::Budget {
        edits: budget,
        fuzzy: options.fuzzy,
        bare: None,
    };
    fuzzy::fuzzy(layers, &key_fsts, &mut found, &q, budget, limit, engine)?;
    // A typo in a name given with its generic word (*Urumi City*): the name without it.
    let bare = words.as_deref().map(names::bare_names).unwrap_or_default();
    for bare in bare {
        let q: Vec<char> = bare.chars().collect();
        if q.len() <= SHORT_KEY {
            continue;
        }
        let budget = fuzzy::Budget {
            edits: options.fuzzy.budget(q.len()).min(BARE_TYPO_EDITS),
            fuzzy: options.fuzzy,
            bare: Some(q.iter().filter(|c| c.is_alphabetic()).count()),
        };
        fuzzy::fuzzy(layers, &key_fsts, &mut found, &q, budget, limit, engine)?;
    }

    // Names by their parts.
    if !found.full_above(limit, PARTS_BEST) {
        parts::search(layers, &key_fsts, &mut found, (&normalized, &qkey), words)?;
    }

    // Prefix: completions of the key, shortest first, within a node budget.
    if options.prefix && !found.full_above(limit, PREFIX_BEST) {
        offer_completions(layers, &key_fsts, &mut found, &qkey, q.len(), limit)?;
    }
    Ok(found.finish(limit, min_score))
}

/// The exact and normalized stage: offers every form whose key equals the query's, `qkey`, as
/// exact when its text is the query or normalizes as the query does, as normalized otherwise.
fn offer_equal_keys<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    key_fsts: &[Fst<&[u8]>],
    found: &mut Collector<'_, D>,
    query: &str,
    normalized: &str,
    qkey: &str,
) -> Result<(), IndexError> {
    for ((li, layer), key_fst) in layers.iter().enumerate().zip(key_fsts) {
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
    Ok(())
}

/// The prefix stage: offers the completions of the query key `qkey` (`typed` characters) that
/// the bounded walk of [`prefix::prefix`] finds, shortest first.
fn offer_completions<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    key_fsts: &[Fst<&[u8]>],
    found: &mut Collector<'_, D>,
    qkey: &str,
    typed: usize,
    limit: usize,
) -> Result<(), IndexError> {
    let mut hits = Vec::new();
    prefix::prefix(layers, key_fsts, qkey.as_bytes(), limit, &mut hits);
    for (li, value, extra) in hits {
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
    Ok(())
}

/// Keys of at most this many characters match only exactly or through a transliteration: one
/// edit, a sound or a prefix in so few letters names too many other words.
const SHORT_KEY: usize = 3;

/// The most edits of a typo in a name given with its generic word (*Urumi City*): a name and a
/// generic word that meet no form as written are already a guess about the name's words.
const BARE_TYPO_EDITS: u8 = 1;

/// The best score of the cross-script stage (a transliteration across scripts).
const TRANSLITERATION_BEST: Millis = 950;

/// The best score of the `partial` stage.
const PARTS_BEST: Millis = 950;

/// The best score of a prefix match.
const PREFIX_BEST: Millis = 900;

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

#[cfg(test)]
mod tests {
    use fst::Streamer;

    use super::cross_script::CROSS_SCRIPT_KEYS;
    use super::*;
    use crate::glossary::Status;
    use crate::index::{IndexBuilder, IndexRecord};

    /// An entry of the generated indexes: its id and the texts of its forms.
    pub(super) type Entry = (String, Vec<String>);

    pub(super) fn build(entries: &[Entry]) -> Index<Vec<u8>> {
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

    pub(super) fn entry(id: &str, texts: &[&str]) -> Entry {
        (id.to_owned(), texts.iter().map(|t| t.to_string()).collect())
    }

    /// Two layers large enough to reach the prefix walk's node budget (names P + seven of
    /// b c d f) and the cross-script stage's bucket limit (2,197 spellings of K-L-J with
    /// different vowels), with hidden entries on the paths the merged index does not have.
    pub(super) fn layers() -> (Vec<Entry>, Vec<Entry>) {
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

    /// Under `auto`, a typo two edits from a form derived by a transliteration needs keys of
    /// eight characters: the Uyghur *ياتقان* "lying" does not meet the Töte *اتتان* derived
    /// for Attan, though it meets the same text entered, and an explicit budget of two edits
    /// meets either.
    #[test]
    fn two_edits_from_a_derived_form_need_eight_characters_under_auto() {
        let index = |derived: bool| {
            let mut builder = IndexBuilder::new();
            for (text, derived) in [("Аттан", false), ("اتتان", derived)] {
                builder
                    .add(IndexRecord {
                        entry: "attan",
                        lang: if derived { "kk-Arab" } else { "kk-Cyrl" },
                        text,
                        status: Status::Preferred,
                        derived,
                    })
                    .unwrap();
            }
            Index::open(builder.build().unwrap()).unwrap()
        };
        let typos = |index: &Index<Vec<u8>>, query: &str, fuzzy| -> Vec<u8> {
            let options = SearchOptions {
                fuzzy,
                ..SearchOptions::default()
            };
            index
                .search(query, &options)
                .unwrap()
                .iter()
                .filter(|h| h.stage == Stage::Fuzzy)
                .map(|h| h.distance)
                .collect()
        };
        let (derived, entered) = (index(true), index(false));
        assert!(typos(&derived, "ياتقان", Fuzzy::Auto).is_empty());
        assert_eq!(typos(&entered, "ياتقان", Fuzzy::Auto), [2]);
        assert_eq!(typos(&derived, "ياتقان", Fuzzy::Exact(2)), [2]);
        // One edit from a derived form is a typo at any length.
        assert_eq!(typos(&derived, "ياتتان", Fuzzy::Auto), [1]);
    }

    use crate::lookup::Fuzzy;
}
