//! Suffix rules: the inflectional endings `annotate` strips to find an inflected mention
//! (*Алматыда*, *غۇلجىدا*, *в Кульдже*, *Uyghurs*).
//!
//! The rules are data: one TOML file per language under `src/text/suffixes/` (kk, ug, ru, en),
//! compiled into the crate and read by one engine. A file names the language, the languages of
//! the forms its rules may match (`forms`), a minimum stem length, how many endings may be stripped
//! one after the other (`max_depth`), letter classes, vowel-harmony classes, stem changes (Uyghur
//! vowel weakening, Kazakh final voicing) and the endings. Each ending (`[[suffix]]`) lists its
//! spellings (`text`), and optionally the dictionary endings that replace it (`lemma`, for Russian
//! declension), the harmony class the stem's last harmonic vowel must be in, the letter classes the
//! stem may end in (`after`), a longer minimum stem, and the entry kinds it applies to.
//!
//! The engine never decides on its own that a word is a mention: a stripped stem (with a lemma
//! ending) must be a word of some glossary form, and the match must be a form of a language the
//! file lists.

use std::collections::HashMap;

use serde::Deserialize;

use crate::glossary::Kind;

/// The rule files compiled into the crate, by language.
const BUILT_IN: [(&str, &str); 4] = [
    ("kk.toml", include_str!("suffixes/kk.toml")),
    ("ug.toml", include_str!("suffixes/ug.toml")),
    ("ru.toml", include_str!("suffixes/ru.toml")),
    ("en.toml", include_str!("suffixes/en.toml")),
];

/// Why a suffix rule file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("suffix rules {file}: {reason}")]
pub struct RulesError {
    /// The file (as named by the caller).
    pub file: String,
    /// What is wrong, and what to do.
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileData {
    lang: String,
    forms: Vec<String>,
    min_stem: usize,
    max_depth: usize,
    #[serde(default)]
    harmony: Vec<String>,
    #[serde(default)]
    classes: HashMap<String, String>,
    #[serde(default)]
    stem_change: Vec<StemChangeData>,
    #[serde(default)]
    suffix: Vec<SuffixData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StemChangeData {
    text: String,
    lemma: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuffixData {
    text: Vec<String>,
    #[serde(default)]
    lemma: Option<Vec<String>>,
    #[serde(default)]
    harmony: Option<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    min_stem: Option<usize>,
    #[serde(default)]
    kinds: Option<Vec<Kind>>,
}

/// The rules of one language file.
#[derive(Clone, Debug)]
pub(crate) struct LangRules {
    /// The language the endings belong to (`kk`).
    pub name: String,
    /// Primary language subtags of the forms an inflected word may match.
    pub forms: Vec<String>,
    pub max_depth: usize,
    /// Letter classes, by index.
    classes: Vec<Vec<char>>,
    /// Indexes of the harmony classes.
    harmony: Vec<usize>,
    /// Stem changes: a stem ending in `.0` may stand for the stem ending in any of `.1`.
    pub stem_changes: Vec<(String, Vec<String>)>,
}

/// One ending, in one spelling.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    /// The ending, folded as words are.
    pub text: String,
    /// Its length in characters.
    pub chars: usize,
    /// Dictionary endings that replace it (`[""]` for plain stripping).
    pub lemmas: Vec<String>,
    /// The harmony class (index into the language's classes).
    harmony: Option<usize>,
    /// Letter classes the stem may end in (empty: any).
    after: Vec<usize>,
    /// The shortest stem, in characters.
    pub min_stem: usize,
    /// The entry kinds it applies to (`None`: all).
    pub kinds: Option<Vec<Kind>>,
    /// The language file it comes from (index into [`SuffixRules::langs`]).
    pub lang: usize,
    /// The script of the ending; it applies to words of that script only.
    pub script: u8,
}

/// A compiled set of suffix rules: every language file, indexed by the last letter of each
/// ending.
#[derive(Clone, Debug)]
pub struct SuffixRules {
    pub(crate) langs: Vec<LangRules>,
    pub(crate) rules: Vec<Rule>,
    by_last: HashMap<char, Vec<usize>, foldhash::fast::FixedState>,
}

impl SuffixRules {
    /// The rules compiled into the crate: Kazakh, Uyghur, Russian and English.
    pub fn built_in() -> SuffixRules {
        let files = BUILT_IN.iter().map(|(name, text)| (*name, *text));
        // The built-in files are checked by the test `built_in_rules_compile`.
        match SuffixRules::from_files(files) {
            Ok(rules) => rules,
            Err(_) => SuffixRules::none(),
        }
    }

    /// No rules at all: only uninflected mentions are found.
    pub fn none() -> SuffixRules {
        SuffixRules {
            langs: Vec::new(),
            rules: Vec::new(),
            by_last: HashMap::default(),
        }
    }

    /// Compiles rule files given as `(name, TOML text)` pairs.
    ///
    /// # Errors
    ///
    /// [`RulesError`] naming the file when one does not parse or refers to an unknown class.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SuffixRules, RulesError> {
        let mut out = SuffixRules::none();
        for (name, text) in files {
            out.add_file(name, text)?;
        }
        Ok(out)
    }

    fn add_file(&mut self, file: &str, text: &str) -> Result<(), RulesError> {
        let fail = |reason: String| RulesError {
            file: file.to_owned(),
            reason,
        };
        let data: FileData = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
        let mut class_names: Vec<&String> = data.classes.keys().collect();
        class_names.sort();
        let class_index = |name: &str| {
            class_names
                .iter()
                .position(|c| c.as_str() == name)
                .ok_or_else(|| {
                    fail(format!(
                        "no class {name:?}; the [classes] table defines {}",
                        class_names
                            .iter()
                            .map(|c| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
        };
        let classes: Vec<Vec<char>> = class_names
            .iter()
            .map(|name| {
                data.classes
                    .get(*name)
                    .map_or_else(Vec::new, |s| fold(s).chars().collect())
            })
            .collect();
        let harmony = data
            .harmony
            .iter()
            .map(|h| class_index(h))
            .collect::<Result<Vec<_>, _>>()?;
        if data.min_stem == 0 {
            return Err(fail("min_stem must be at least 1".into()));
        }
        let lang = self.langs.len();
        for suffix in &data.suffix {
            let harmony_class = suffix.harmony.as_deref().map(class_index).transpose()?;
            if let Some(h) = harmony_class
                && !harmony.contains(&h)
            {
                return Err(fail(format!(
                    "the harmony class of the ending {:?} is not listed in `harmony`",
                    suffix.text
                )));
            }
            let after = suffix
                .after
                .iter()
                .map(|a| class_index(a))
                .collect::<Result<Vec<_>, _>>()?;
            for spelling in &suffix.text {
                let text = fold(spelling);
                let Some(last) = text.chars().last() else {
                    return Err(fail("an ending is empty; remove it".into()));
                };
                let script = super::words::script_of(
                    text.chars().find(|c| c.is_alphabetic()).unwrap_or(last),
                );
                let lemmas = suffix.lemma.as_ref().map_or_else(
                    || vec![String::new()],
                    |l| l.iter().map(|s| fold(s)).collect(),
                );
                let index = self.rules.len();
                self.rules.push(Rule {
                    chars: text.chars().count(),
                    text,
                    lemmas,
                    harmony: harmony_class,
                    after: after.clone(),
                    min_stem: suffix.min_stem.unwrap_or(data.min_stem).max(data.min_stem),
                    kinds: suffix.kinds.clone(),
                    lang,
                    script,
                });
                self.by_last.entry(last).or_default().push(index);
            }
        }
        self.langs.push(LangRules {
            name: data.lang,
            forms: data.forms,
            max_depth: data.max_depth.max(1),
            classes,
            harmony,
            stem_changes: data
                .stem_change
                .iter()
                .map(|c| (fold(&c.text), c.lemma.iter().map(|l| fold(l)).collect()))
                .collect(),
        });
        Ok(())
    }

    /// The rules whose ending ends in `last`.
    pub(crate) fn ending_in(&self, last: char) -> &[usize] {
        self.by_last.get(&last).map_or(&[], Vec::as_slice)
    }

    /// Whether `stem` may take the ending `rule`: its last letter is in one of the rule's `after`
    /// classes, and its last harmonic vowel is in the rule's harmony class.
    pub(crate) fn stem_fits(&self, rule: &Rule, stem: &str) -> bool {
        let Some(lang) = self.langs.get(rule.lang) else {
            return false;
        };
        let in_class =
            |class: usize, c: char| lang.classes.get(class).is_some_and(|cs| cs.contains(&c));
        if !rule.after.is_empty() {
            let Some(last) = stem.chars().last() else {
                return false;
            };
            if !rule.after.iter().any(|&class| in_class(class, last)) {
                return false;
            }
        }
        if let Some(wanted) = rule.harmony {
            for c in stem.chars().rev() {
                if let Some(&class) = lang.harmony.iter().find(|&&h| in_class(h, c)) {
                    return class == wanted;
                }
            }
        }
        true
    }
}

/// Folds rule text the way words are folded.
fn fold(text: &str) -> String {
    let mut out = String::new();
    super::fold_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_compile() {
        let files = BUILT_IN.iter().map(|(name, text)| (*name, *text));
        let rules = SuffixRules::from_files(files).unwrap();
        let names: Vec<&str> = rules.langs.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["kk", "ug", "ru", "en"]);
        assert!(rules.rules.len() > 100);
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let e = SuffixRules::from_files([("x.toml", "lang = 1")]).unwrap_err();
        assert!(e.to_string().starts_with("suffix rules x.toml:"), "{e}");
        let unknown_class = "lang='kk'\nforms=['kk']\nmin_stem=3\nmax_depth=1\n[[suffix]]\ntext=['да']\nafter=['vowels']\n";
        let e = SuffixRules::from_files([("k.toml", unknown_class)]).unwrap_err();
        assert!(e.reason.contains("no class \"vowels\""), "{e}");
    }

    #[test]
    fn harmony_and_after_classes_decide() {
        let rules = SuffixRules::built_in();
        let find = |text: &str| rules.rules.iter().find(|r| r.text == text).unwrap().clone();
        // Back-vowel stems take back endings; front-vowel stems front ones.
        assert!(rules.stem_fits(&find("да"), "құлжа"));
        assert!(!rules.stem_fits(&find("де"), "құлжа"));
        assert!(rules.stem_fits(&find("те"), "бишкек"));
        // After a nasal the genitive is -ның, after a voiceless consonant -тың.
        assert!(rules.stem_fits(&find("ның"), "қазақстан"));
        assert!(!rules.stem_fits(&find("тың"), "қазақстан"));
        assert!(rules.stem_fits(&find("тың"), "халық"));
        // Uyghur: neutral i is skipped, the back u decides.
        assert!(rules.stem_fits(&find("دا"), "غۇلجى"));
        assert!(!rules.stem_fits(&find("دە"), "غۇلجى"));
    }
}
