//! People named by their surname alone. News and reports name a person in full once (*Rebiya
//! Kadeer*) and then by the surname (*Kadeer said…*); the annotator finds such a later mention
//! when the surname names one entry of the glossary only, or when the text named the person in
//! full before.
//!
//! A person's surname is the word [`crate::lookup::names::surname`] picks from
//! each of the entry's forms of two or more words (the same rule the lookup uses for a query of
//! one word). A surname stands for its entry in running text when:
//! - no other entry has that word in any of its forms, or the text named this person (and no
//!   other with the word) in full before (*Tohti* of two people, or a word that is also part of
//!   a place's name: the word alone cannot tell which is meant; see below);
//! - no form of the glossary is that word alone (then the form is what the word means);
//! - it has at least [`MIN_LETTERS`] letters, and comes from a form entered in the glossary (a
//!   form a scheme derived is no evidence of how the name divides);
//! - the text writes it as a name: with a capital letter, and, if the word is also an everyday
//!   word of a language the glossary glosses in, under the everyday-name rule (see `everyday.rs`);
//! - it stands alone in the text: the next word does not start with a capital, nor does the
//!   word before it unless that word starts a sentence (*Marat Tazhin* or *Jesse James* is
//!   another person's full name, *Kara Sea* a sea; *Yesterday Kadeer said* is the surname).
//!
//! A person with a Chinese name has the surname first in every script (*Mao Zedong*, *Мао
//! Цзэдун*): one whose pinyin form is also a form in another language (*Máo Zédōng* and *Mao
//! Zedong*), as it is not for a foreign name transcribed (*Nǔ'ěrsūdān Nàzhā'ěrbāyēfū*) or a
//! foreigner's Chinese name (*Mǎ Kèlín* of Colin Mackerras). Chinese transcriptions of foreign
//! names keep the foreign order; a form with a comma is written surname first (*Kadeer, Rebiya*).
//!
//! Inflected surnames (*Назарбаевым*, *Тоқаевтың*) match through the suffix rules like any
//! other word. A surname that other entries have in their forms too (*Wang* of Wang Yi, Wang
//! Jianping and the 2002 murder of Wang Jianping) passes the same tests but stands for a person
//! only when the text named one of its people in full before it, and only one (see
//! [`super::Context`]); a line annotated on its own leaves it out. A word that is a given name
//! of someone (*Islam* of Islam Karimov and Tursun Islam, *Memet*) is no such surname: it is
//! too often the word itself or the other person.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::fold_into;
use super::words::{Extent, split_words};
use crate::glossary::{FormRef, Glossary, Kind};
use crate::key;
use crate::lookup::names;

/// The fewest letters a surname needs to stand for a person alone.
pub(crate) const MIN_LETTERS: usize = 3;

/// A surname of the glossary's people: the folded word, and every form of a person that
/// carries it, with the byte range of the surname in the form's text.
#[derive(Debug)]
pub(crate) struct Surname {
    /// The surname folded as the annotator folds words.
    pub(crate) folded: String,
    /// The forms it comes from, with where it is in each.
    pub(crate) forms: Vec<(FormRef, Range<usize>)>,
    /// Whether other entries of the glossary have the word in a form too (another person's
    /// surname, the name of an event after the person): the text before it has to say which
    /// person is meant (see [`super::Context`]).
    pub(crate) shared: bool,
}

/// The surnames of `glossary`'s people that name one entry only.
#[cfg(test)]
pub(crate) fn unambiguous(glossary: &Glossary) -> Vec<Surname> {
    let mut all = of_people(glossary);
    all.retain(|s| !s.shared);
    all
}

/// The surnames of `glossary`'s people, in a stable order: those that name one entry only, and
/// those that other entries have in their forms too (`shared`), unless a person's name has the
/// word as another part than the surname (*Islam* of Tursun Islam and Islam Karimov, also a
/// word of running text). A word that is also a whole form is neither.
pub(crate) fn of_people(glossary: &Glossary) -> Vec<Surname> {
    let mut words_split = Vec::new();
    let mut fold = String::new();
    // Every folded word of every form: the entries it occurs in, and whether it is a whole form.
    let mut entries_of: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut whole_forms: HashSet<String> = HashSet::new();
    let mut found: HashMap<String, Vec<(FormRef, Range<usize>)>> = HashMap::new();
    // Every folded word of a person's entered form that is not its surname (a given name, a
    // patronymic).
    let mut given: HashSet<String> = HashSet::new();
    let chinese: HashSet<usize> = (0..glossary.len())
        .filter(|&e| {
            glossary.entry_at(e).is_some_and(|entry| {
                let pinyin: HashSet<String> = entry
                    .forms
                    .iter()
                    .filter(|f| f.lang.language() == "zh" && !f.is_derived())
                    .map(|f| key::key(&f.text))
                    .collect();
                entry.forms.iter().any(|f| {
                    f.lang.language() != "zh"
                        && !f.is_derived()
                        && pinyin.contains(&key::key(&f.text))
                })
            })
        })
        .collect();
    for (e, entry) in (0..glossary.len()).filter_map(|e| Some((e, glossary.entry_at(e)?))) {
        for (f, form) in entry.forms.iter().enumerate() {
            split_words(&form.text, &mut words_split, Extent::Whole);
            for w in &words_split {
                fold_into(form.text.get(w.start..w.end).unwrap_or(""), &mut fold);
                // Most words repeat: look them up before allocating a key.
                match entries_of.get_mut(fold.as_str()) {
                    Some(entries) => {
                        entries.insert(e);
                    }
                    None => {
                        entries_of.insert(fold.clone(), HashSet::from([e]));
                    }
                }
            }
            if let [only] = words_split.as_slice() {
                fold_into(form.text.get(only.start..only.end).unwrap_or(""), &mut fold);
                whole_forms.insert(fold.clone());
            }
            if entry.kind != Kind::Person || form.is_derived() {
                continue;
            }
            let name = names::words(&form.text);
            // A person with a Chinese name puts the surname first in every script (*Mao
            // Zedong*, *Мао Цзэдун*).
            let order = if chinese.contains(&e) || form.text.contains(',') {
                names::Order::SurnameFirst
            } else {
                // Not the form's language: Chinese writes foreign names in their own order.
                names::Order::of("und", &name)
            };
            let Some(at) = names::surname(&name, order) else {
                continue;
            };
            let Some(surname_key) = name.get(at).map(|w| w.key.as_str()) else {
                continue;
            };
            // The annotator's word that is the surname: the one with the surname's key, the
            // last of them for a name written surname last.
            let is_surname = |w: &&super::Word| {
                key::key(form.text.get(w.start..w.end).unwrap_or("")) == surname_key
            };
            let word = if order == names::Order::SurnameLast {
                words_split.iter().rev().find(is_surname)
            } else {
                words_split.iter().find(is_surname)
            };
            let Some(word) = word else {
                continue;
            };
            for other in words_split.iter().filter(|w| w.start != word.start) {
                fold_into(
                    form.text.get(other.start..other.end).unwrap_or(""),
                    &mut fold,
                );
                if !given.contains(fold.as_str()) {
                    given.insert(fold.clone());
                }
            }
            let text = form.text.get(word.start..word.end).unwrap_or("");
            if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
                continue;
            }
            fold_into(text, &mut fold);
            let at = FormRef {
                // Glossaries hold fewer than 2^32 entries and forms (see `Glossary::from_parts`).
                entry: e as u32,
                form: f as u32,
            };
            found
                .entry(fold.clone())
                .or_default()
                .push((at, word.start..word.end));
        }
    }
    let mut out: Vec<Surname> = found
        .into_iter()
        .filter(|(folded, _)| !whole_forms.contains(folded))
        .filter_map(|(folded, forms)| {
            let shared = entries_of.get(&folded)?.len() > 1;
            if shared && given.contains(&folded) {
                return None;
            }
            Some(Surname {
                folded,
                forms,
                shared,
            })
        })
        .collect();
    out.sort_by(|a, b| a.folded.cmp(&b.folded));
    out
}

/// Whether the word at bytes `start..` of `line` (the surname, possibly with an ending) stands
/// alone: the next word (after spaces or a hyphen) does not start with a capital letter, and the
/// word before it does not either, unless that word starts a sentence.
pub(crate) fn stands_alone(line: &str, start: usize) -> bool {
    let joins = |c: char| c == ' ' || c == '-' || c == '\u{a0}';
    let after = line.get(start..).unwrap_or("");
    let rest = after.trim_start_matches(|c: char| c.is_alphanumeric() || crate::chars::is_mark(c));
    let next = rest.trim_start_matches(joins);
    if next.len() < rest.len() && next.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let before = line.get(..start).unwrap_or("");
    let gap = before.trim_end_matches(joins);
    if gap.len() == before.len() {
        return true;
    }
    let word_start = gap
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || crate::chars::is_mark(c))
        .last()
        .map_or(gap.len(), |(at, _)| at);
    let previous = gap.get(word_start..).unwrap_or("");
    !previous.chars().next().is_some_and(char::is_uppercase)
        || super::everyday::starts_sentence(gap.get(..word_start).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surnames() -> Vec<(String, String)> {
        let glossary = Glossary::embedded();
        unambiguous(glossary)
            .into_iter()
            .flat_map(|s| {
                let ids: HashSet<String> = s
                    .forms
                    .iter()
                    .filter_map(|(at, _)| Some(glossary.form(*at)?.0.id.clone()))
                    .collect();
                ids.into_iter().map(move |id| (s.folded.clone(), id))
            })
            .collect()
    }

    #[test]
    fn a_surname_of_one_person_stands_for_them() {
        let all = surnames();
        let has = |word: &str, id: &str| all.iter().any(|(w, i)| w == word && i == id);
        assert!(has("kadeer", "rabiya-kadeer"), "{all:?}");
        // Chinese names put the surname first in every script; forms derived by a scheme
        // are no evidence of a surname.
        assert!(has("deng", "deng-xiaoping"), "{all:?}");
        assert!(
            !all.iter().any(|(w, _)| w == "zedong" || w == "lai"),
            "{all:?}"
        );
        assert!(has("назарбаев", "nursultan-nazarbayev"), "{all:?}");
    }

    #[test]
    fn a_surname_stands_alone_beside_small_letters_and_sentence_starts() {
        let at = |line: &str, word: &str| stands_alone(line, line.find(word).unwrap());
        assert!(at("Kadeer said that Rebiya was right.", "Kadeer"));
        assert!(at("Yesterday Kadeer said it.", "Kadeer"));
        assert!(at("Он сказал. Назарбаевым было сказано.", "Назарбаев"));
        assert!(!at("Marat Tazhin said it.", "Marat"));
        assert!(!at("Then Jesse James left.", "James"));
        assert!(!at("The Kara Sea is cold.", "Kara"));
        assert!(at("Kara, the scholar, wrote.", "Kara"));
    }

    #[test]
    fn every_surname_names_one_entry_and_is_no_whole_form() {
        let glossary = Glossary::embedded();
        for s in unambiguous(glossary) {
            let ids: HashSet<&str> = s
                .forms
                .iter()
                .filter_map(|(at, _)| Some(glossary.form(*at)?.0.id.as_str()))
                .collect();
            assert_eq!(ids.len(), 1, "{}: {ids:?}", s.folded);
            for (at, range) in &s.forms {
                let (entry, form) = glossary.form(*at).unwrap();
                assert_eq!(entry.kind, Kind::Person);
                let mut fold = String::new();
                fold_into(&form.text[range.clone()], &mut fold);
                assert_eq!(fold, s.folded);
            }
        }
    }
}
