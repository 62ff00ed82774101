//! Derived forms: the renderings the transliteration rules compute from an entry's entered pivot
//! forms (ULY and Uyghur Cyrillic from Uyghur Arabic, Kazakh Latin and Töte from Kazakh Cyrillic,
//! Russian romanizations from Russian), and the check that entered forms agree with them.
//!
//! Derivation runs once, when a glossary directory is loaded; the embedded glossary carries its
//! derived forms in its compiled form, so `Glossary::embedded()` computes nothing.

use std::collections::{HashMap, HashSet};

use super::model::{Entry, Form, Kind, Origin, Status};
use crate::lang::{LangTag, Script};
use crate::translit::{self, Derivation, Scheme, Transliterator};

/// The most renderings a disagreement lists.
const MAX_EXPECTED_SHOWN: usize = 8;

/// Compiled transliterators, shared by every entry of one load.
#[derive(Default)]
pub(crate) struct Deriver {
    transliterators: HashMap<(Scheme, Scheme), Option<Transliterator>>,
}

/// A derived rendering of one entered form, before it becomes a [`Form`].
struct Derived {
    from: usize,
    scheme: Scheme,
    tag: LangTag,
    text: String,
}

impl Deriver {
    fn convert(&mut self, derivation: &Derivation, text: &str) -> Option<String> {
        let transliterator = self
            .transliterators
            .entry((derivation.from, derivation.to))
            .or_insert_with(|| Transliterator::new(derivation.from, derivation.to).ok())
            .as_ref()?;
        Some(transliterator.convert(text).into_owned())
    }

    /// Every rendering the rules give for the entered forms of `entry`.
    fn derivations(&mut self, entry: &Entry) -> Vec<Derived> {
        let mut out = Vec::new();
        for (i, form) in entry.forms.iter().enumerate() {
            if form.is_derived() {
                continue;
            }
            for derivation in translit::derivations(&form.lang) {
                let (Some(text), Ok(tag)) = (
                    self.convert(derivation, &form.text),
                    derivation.tag.parse::<LangTag>(),
                ) else {
                    continue;
                };
                let text =
                    if form.lang.script() == Some(Script::Arabic) && is_proper_name(entry.kind) {
                        capitalize_words(&text)
                    } else {
                        text
                    };
                out.push(Derived {
                    from: i,
                    scheme: derivation.to,
                    tag,
                    text,
                });
            }
        }
        out
    }

    /// Appends the derived forms to `entry`: one per distinct rendering and tag that no entered
    /// form already has. A derived form takes the status and years of the form it comes from,
    /// except that a second `preferred` form for a tag becomes a `variant`.
    ///
    /// Linear in the number of forms: existing forms are looked up in a set keyed by tag and
    /// lower-cased text, each text lower-cased once.
    pub(crate) fn add_derived_forms(&mut self, entry: &mut Entry) {
        let mut existing: HashSet<(LangTag, String)> = entry
            .forms
            .iter()
            .map(|f| (f.lang.clone(), f.text.to_lowercase()))
            .collect();
        let mut preferred: HashSet<LangTag> = entry
            .forms
            .iter()
            .filter(|f| f.status == Status::Preferred)
            .map(|f| f.lang.clone())
            .collect();
        for derived in self.derivations(entry) {
            if derived.text.is_empty() {
                continue;
            }
            let Some(source) = entry.forms.get(derived.from) else {
                continue;
            };
            if !existing.insert((derived.tag.clone(), derived.text.to_lowercase())) {
                continue;
            }
            let mut status = source.status;
            if status == Status::Preferred && !preferred.insert(derived.tag.clone()) {
                status = Status::Variant;
            }
            let form = Form {
                text: derived.text,
                lang: derived.tag,
                status,
                from: source.from,
                until: source.until,
                note: None,
                seen: Vec::new(),
                irregular: false,
                origin: Origin::Derived {
                    from: derived.from as u32,
                    scheme: derived.scheme.id().to_owned(),
                },
            };
            entry.forms.push(form);
        }
    }

    /// The entered forms of `entry` that disagree with what the rules derive for their tag from the
    /// entry's pivot forms and are not marked `irregular`: `(form index, what the rules give)`.
    pub(crate) fn disagreements(&mut self, entry: &Entry) -> Vec<(usize, Vec<String>)> {
        // What the rules give, by tag: the renderings in order and their lower-cased set.
        let mut by_tag: HashMap<LangTag, (Vec<String>, HashSet<String>)> = HashMap::new();
        for d in self.derivations(entry) {
            let (texts, lower) = by_tag.entry(d.tag).or_default();
            lower.insert(d.text.to_lowercase());
            texts.push(d.text);
        }
        let mut out = Vec::new();
        for (i, form) in entry.forms.iter().enumerate() {
            if form.is_derived() || form.irregular {
                continue;
            }
            let Some((expected, lower)) = by_tag.get(&form.lang) else {
                continue;
            };
            if expected.is_empty() || lower.contains(&form.text.to_lowercase()) {
                continue;
            }
            // A few renderings say what the rules expect; listing thousands would not.
            let mut shown: Vec<String> = Vec::new();
            for e in expected {
                if shown.len() == MAX_EXPECTED_SHOWN {
                    break;
                }
                if shown.last() != Some(e) {
                    shown.push(e.clone());
                }
            }
            out.push((i, shown));
        }
        out
    }
}

/// Whether entries of this kind are proper names, written with capitals in cased scripts.
fn is_proper_name(kind: Kind) -> bool {
    matches!(kind, Kind::Place | Kind::Person | Kind::Organization)
}

/// Upper-cases the first letter of every word (after a space or a hyphen). Arabic script has no
/// case, so renderings of names from it come out in lower case; names are capitalized in Latin
/// and Cyrillic. Uyghur Latin capitalizes `i` as `I` (ULY is not a dotted/dotless alphabet).
fn capitalize_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = true;
    for c in text.chars() {
        if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            at_start = false;
        } else {
            out.push(c);
            if c == ' ' || c == '-' {
                at_start = true;
            } else if c.is_alphabetic() {
                at_start = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: Kind, forms: &[(&str, &str)]) -> Entry {
        Entry {
            id: "x".into(),
            kind,
            gloss: Default::default(),
            notes: vec![],
            see: vec![],
            sources: vec![],
            homonyms: vec![],
            forms: forms
                .iter()
                .map(|(text, lang)| Form {
                    text: (*text).into(),
                    lang: lang.parse().unwrap(),
                    status: Status::Preferred,
                    from: None,
                    until: None,
                    note: None,
                    seen: vec![],
                    irregular: false,
                    origin: Origin::Entered,
                })
                .collect(),
        }
    }

    #[test]
    fn pivots_give_their_derived_forms() {
        let mut e = entry(
            Kind::Place,
            &[
                ("غۇلجا", "ug-Arab"),
                ("Құлжа", "kk-Cyrl"),
                ("Кульджа", "ru"),
            ],
        );
        Deriver::default().add_derived_forms(&mut e);
        let derived: Vec<(&str, &str)> = e
            .forms
            .iter()
            .filter(|f| f.is_derived())
            .map(|f| (f.lang.as_str(), f.text.as_str()))
            .collect();
        assert!(derived.contains(&("ug-Latn", "Ghulja")), "{derived:?}");
        assert!(derived.contains(&("kk-Latn", "Qūlja")), "{derived:?}");
        assert!(
            derived.iter().any(|(tag, _)| *tag == "kk-Arab"),
            "{derived:?}"
        );
        assert!(
            derived.iter().any(|(tag, _)| *tag == "ru-Latn"),
            "{derived:?}"
        );
        // One preferred form per tag at most, derived ones included.
        let preferred_ru_latn = e
            .forms
            .iter()
            .filter(|f| f.lang.as_str() == "ru-Latn" && f.status == Status::Preferred)
            .count();
        assert!(preferred_ru_latn <= 1);
    }

    #[test]
    fn an_entered_form_that_disagrees_is_found_unless_irregular() {
        let mut e = entry(Kind::Place, &[("Құлжа", "kk-Cyrl"), ("Qulja", "kk-Latn")]);
        let found = Deriver::default().disagreements(&e);
        assert_eq!(found, vec![(1, vec!["Qūlja".to_owned()])]);
        e.forms[1].irregular = true;
        assert!(Deriver::default().disagreements(&e).is_empty());
    }

    #[test]
    fn names_from_arabic_script_are_capitalized() {
        assert_eq!(capitalize_words("ili wadisi"), "Ili Wadisi");
        assert_eq!(capitalize_words("ürümchi-ghulja"), "Ürümchi-Ghulja");
    }
}
