//! The word lists that names are read with (`src/lookup/words.toml`): generic words, the
//! designations of autonomous units, the endings of patronymics, and the kinds of unit that
//! generic words name, read and keyed once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::key;

/// The word lists of `words.toml`.
#[derive(Debug, Default, Deserialize)]
struct Lists {
    generic: BTreeMap<String, Vec<String>>,
    generic_derived: BTreeMap<String, Vec<String>>,
    generic_after: Vec<String>,
    han_suffixes: Vec<String>,
    autonomous: BTreeMap<String, Vec<String>>,
    autonomous_derived: BTreeMap<String, Vec<String>>,
    autonomous_peoples: BTreeMap<String, Vec<String>>,
    autonomous_peoples_derived: BTreeMap<String, Vec<String>>,
    han_autonomous_peoples: Vec<String>,
    autonomous_units: Vec<String>,
    patronymic_endings: Vec<String>,
    unit_kinds: BTreeMap<String, Vec<String>>,
}

/// The word lists with their keys computed.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    pub(crate) generic: HashSet<String>,
    /// Generic only after the name's first word or piece.
    pub(crate) generic_after: HashSet<String>,
    pub(crate) han_suffixes: Vec<String>,
    /// The words that make a unit autonomous.
    pub(crate) autonomous: HashSet<String>,
    /// The peoples whose names stand before them in a unit's designation.
    pub(crate) autonomous_peoples: HashSet<String>,
    /// The same peoples in Chinese, joined to the name.
    pub(crate) han_autonomous_peoples: Vec<String>,
    pub(crate) patronymic_endings: Vec<String>,
    /// The table of kinds as written, keyed on first use ([`Vocabulary::unit_kinds`]): most
    /// queries have no generic word.
    unit_kind_lists: BTreeMap<String, Vec<String>>,
    /// The kinds of unit each generic word names (by key).
    unit_kinds: OnceLock<HashMap<String, UnitKinds>>,
}

/// The word lists, read and keyed once.
pub(crate) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        // The file is part of the crate; a test proves that it parses.
        let lists: Lists = toml::from_str(include_str!("words.toml")).unwrap_or_default();
        let keys = |tables: &[&BTreeMap<String, Vec<String>>]| {
            tables
                .iter()
                .flat_map(|t| t.values())
                .flatten()
                .map(|w| key::key(w))
                .collect::<HashSet<String>>()
        };
        let units: Vec<String> = lists.autonomous_units.iter().map(|w| key::key(w)).collect();
        let mut generic = keys(&[&lists.generic, &lists.generic_derived]);
        generic.extend(units.iter().cloned());
        let mut autonomous = keys(&[&lists.autonomous, &lists.autonomous_derived]);
        autonomous.extend(units);
        Vocabulary {
            generic,
            generic_after: lists.generic_after.iter().map(|w| key::key(w)).collect(),
            han_suffixes: lists.han_suffixes,
            autonomous,
            autonomous_peoples: keys(&[
                &lists.autonomous_peoples,
                &lists.autonomous_peoples_derived,
            ]),
            han_autonomous_peoples: lists.han_autonomous_peoples,
            patronymic_endings: lists
                .patronymic_endings
                .iter()
                .map(|w| key::key(w))
                .collect(),
            unit_kind_lists: lists.unit_kinds,
            unit_kinds: OnceLock::new(),
        }
    })
}

/// The kinds of unit a generic word names, one bit per kind of `words.toml`'s `unit_kinds`
/// (city, district, region, town, village): the words of one kind in different languages and
/// levels of formality name the same unit (*Almaty Province*, *Алматы облысы*, *Almaty
/// Region*; *Hotan County*, *和田县*, *Hétián Xiàn*).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct UnitKinds(u8);

impl UnitKinds {
    /// Whether the two share a kind.
    pub(crate) fn agree(self, other: UnitKinds) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether no kind is known.
    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds of both.
    pub(crate) fn with(self, other: UnitKinds) -> UnitKinds {
        UnitKinds(self.0 | other.0)
    }
}

/// Keys the table of kinds: each word's key with the bit of each kind that lists it.
fn unit_kinds(table: &BTreeMap<String, Vec<String>>) -> HashMap<String, UnitKinds> {
    let mut out: HashMap<String, UnitKinds> = HashMap::new();
    for (bit, words) in table.values().enumerate().take(8) {
        for word in words {
            let kinds = out.entry(key::key(word)).or_default();
            kinds.0 |= 1 << bit;
        }
    }
    out
}

impl Vocabulary {
    /// The kinds of unit the generic word with key `word` names: none when the lists give it
    /// no kind (*area*, *округ*), and then it agrees only with itself.
    pub(crate) fn unit_kinds(&self, word: &str) -> UnitKinds {
        let kinds = self
            .unit_kinds
            .get_or_init(|| unit_kinds(&self.unit_kind_lists));
        kinds
            .get(word)
            .or_else(|| kinds.get(word.trim_end_matches('.')))
            .copied()
            .unwrap_or_default()
    }

    /// Whether two generic words (keys) name the same kind of unit: the same word, or words
    /// of one kind (*province* and *облысы*, *county* and *县*).
    pub(crate) fn same_unit_kind(&self, a: &str, b: &str) -> bool {
        a == b || self.unit_kinds(a).agree(self.unit_kinds(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LangTag;
    use crate::translit::Transliterator;

    /// The renderings of the words of a table of `words.toml` (by language tag) by the rules
    /// that derive the glossary's forms ([`crate::translit::derivations`]), by the tag of the
    /// rendering, in the order of the words: what its `…_derived` table must hold.
    /// Abbreviations (a word with a full stop) and words of fewer than three letters are left
    /// out.
    fn derived_words(table: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (tag, words) in table {
            let Ok(tag) = tag.parse::<LangTag>() else {
                continue;
            };
            for derivation in crate::translit::derivations(&tag) {
                let t = Transliterator::new(derivation.from, derivation.to).unwrap();
                for word in words {
                    if word.contains('.') || word.chars().count() < 3 {
                        continue;
                    }
                    let rendered = t.convert(word).into_owned();
                    let list = out.entry(derivation.tag.to_owned()).or_default();
                    if !words.contains(&rendered) && !list.contains(&rendered) {
                        list.push(rendered);
                    }
                }
            }
        }
        out
    }

    /// `words.toml`'s `generic_derived`, `autonomous_derived` and `autonomous_peoples_derived`
    /// hold the words of `generic`, `autonomous` and `autonomous_peoples` as the derivation
    /// rules render them, so that a derived form (*Бортала Шәһири* from *بورتالا شەھىرى*) has
    /// its generic word where the entered form has it; they are listed rather than computed so
    /// that a lookup compiles no transliteration table. On a change of the rules or the words,
    /// this test prints the tables to paste.
    #[test]
    fn derived_generic_words_are_the_derivation_rules_renderings() {
        let lists: Lists = toml::from_str(include_str!("words.toml")).unwrap();
        let mut stale = String::new();
        for (name, table, derived) in [
            ("generic_derived", &lists.generic, &lists.generic_derived),
            (
                "autonomous_derived",
                &lists.autonomous,
                &lists.autonomous_derived,
            ),
            (
                "autonomous_peoples_derived",
                &lists.autonomous_peoples,
                &lists.autonomous_peoples_derived,
            ),
        ] {
            let expected = derived_words(table);
            if *derived != expected {
                stale.push_str(&format!("[{name}]\n"));
                for (tag, words) in &expected {
                    let quoted: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
                    stale.push_str(&format!("{tag} = [{}]\n", quoted.join(", ")));
                }
            }
        }
        assert!(
            stale.is_empty(),
            "words.toml's derived tables are stale; they should read\n{stale}"
        );
    }

    #[test]
    fn the_word_lists_parse() {
        let lists: Lists = toml::from_str(include_str!("words.toml")).unwrap();
        assert!(lists.generic.len() >= 6);
        assert!(!lists.han_suffixes.is_empty());
        assert!(!lists.patronymic_endings.is_empty());
    }

    /// Every word of `unit_kinds` is a generic word, so a kind is never given to a word that
    /// names something; there are at most eight kinds (one bit each).
    #[test]
    fn unit_kinds_name_generic_words() {
        let lists: Lists = toml::from_str(include_str!("words.toml")).unwrap();
        assert!((1..=8).contains(&lists.unit_kinds.len()));
        let vocabulary = vocabulary();
        for word in lists.unit_kinds.values().flatten() {
            let k = key::key(word);
            let generic = vocabulary.generic.contains(&k)
                || vocabulary.generic.contains(k.trim_end_matches('.'))
                || vocabulary.generic_after.contains(&k)
                || vocabulary.han_suffixes.contains(word);
            assert!(generic, "{word:?} is in unit_kinds but is no generic word");
        }
    }

    /// The kinds follow the units' equivalents across the lists (the Ministry of Civil
    /// Affairs' code list, KATO, SOATE): a province is an oblast, a county a 县 and an
    /// ауданы, a city a 市 and a شەھىرى; a city is not a county.
    #[test]
    fn generic_words_of_one_kind_agree() {
        let v = vocabulary();
        let k = |w: &str| key::key(w);
        for (a, b) in [
            ("province", "облысы"),
            ("region", "oblast"),
            ("region", "州"),
            ("prefecture", "ۋىلايىتى"),
            ("county", "县"),
            ("county", "ауданы"),
            ("district", "ناھىيىسى"),
            ("xian", "county"),
            ("city", "市"),
            ("city", "شەھىرى"),
            ("shi", "қаласы"),
            ("г.", "city"),
            ("area", "area"),
        ] {
            assert!(v.same_unit_kind(&k(a), &k(b)), "{a} / {b}");
        }
        for (a, b) in [
            ("city", "county"),
            ("市", "县"),
            ("region", "district"),
            ("облысы", "ауданы"),
            ("village", "city"),
            ("area", "region"),
        ] {
            assert!(!v.same_unit_kind(&k(a), &k(b)), "{a} / {b}");
        }
    }
}
