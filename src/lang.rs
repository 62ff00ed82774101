//! Language tags (BCP 47) and the writing systems they name.
//!
//! Forms in the glossary carry a [`LangTag`] such as `ug-Arab`, `kk-Cyrl`, `ru`, `en` or
//! `zh-Latn-pinyin`. Tags are checked for well-formedness (RFC 5646 §2.1, without extensions
//! or private use), for canonical case (`kk-Cyrl`, not `KK-cyrl`), and for a script subtag where
//! the language is written in several scripts (Uyghur, Kazakh, Chinese).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::chars::{self, CharScript};

/// A writing system, as far as tilmach needs to tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Script {
    /// Arabic script (`Arab`): Uyghur UEY, Kazakh Töte.
    Arabic,
    /// Cyrillic script (`Cyrl`).
    Cyrillic,
    /// Latin script (`Latn`).
    Latin,
    /// Simplified Han (`Hans`).
    HanSimplified,
    /// Traditional Han (`Hant`).
    HanTraditional,
    /// Any other script, by its ISO 15924 code.
    Other([u8; 4]),
}

impl Script {
    /// The ISO 15924 code of this script.
    pub fn code(&self) -> &str {
        match self {
            Script::Arabic => "Arab",
            Script::Cyrillic => "Cyrl",
            Script::Latin => "Latn",
            Script::HanSimplified => "Hans",
            Script::HanTraditional => "Hant",
            // The bytes come from a validated 4-letter ASCII subtag (see `from_code`).
            Script::Other(code) => std::str::from_utf8(code).unwrap_or("Zyyy"),
        }
    }

    fn from_code(code: &str) -> Script {
        match code {
            "Arab" => Script::Arabic,
            "Cyrl" => Script::Cyrillic,
            "Latn" => Script::Latin,
            "Hans" => Script::HanSimplified,
            "Hant" => Script::HanTraditional,
            other => {
                let mut bytes = [b'Z'; 4];
                for (slot, b) in bytes.iter_mut().zip(other.bytes()) {
                    *slot = b;
                }
                Script::Other(bytes)
            }
        }
    }

    /// The script most characters of `text` are written in ([`chars::script_of`]), counting
    /// characters of a script only (not digits, punctuation or marks).
    ///
    /// Returns `None` when `text` has no letter tilmach can place.
    pub fn detect(text: &str) -> Option<Script> {
        let (mut arabic, mut cyrillic, mut latin, mut han) = (0usize, 0usize, 0usize, 0usize);
        for c in text.chars() {
            match chars::script_of(c) {
                CharScript::Arabic => arabic += 1,
                CharScript::Cyrillic => cyrillic += 1,
                CharScript::Latin => latin += 1,
                CharScript::Han => han += 1,
                CharScript::Other => {}
            }
        }
        let best = arabic.max(cyrillic).max(latin).max(han);
        if best == 0 {
            None
        } else if best == arabic {
            Some(Script::Arabic)
        } else if best == cyrillic {
            Some(Script::Cyrillic)
        } else if best == latin {
            Some(Script::Latin)
        } else {
            Some(Script::HanSimplified)
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Languages written in several scripts: a tag for them must name its script.
const NEEDS_SCRIPT: &[(&str, &str)] = &[
    ("ug", "ug-Arab, ug-Latn or ug-Cyrl"),
    ("kk", "kk-Cyrl, kk-Latn or kk-Arab"),
    ("zh", "zh-Hans, zh-Hant or zh-Latn-pinyin"),
];

/// Variant subtags tilmach accepts (registered in the IANA subtag registry).
const KNOWN_VARIANTS: &[&str] = &["pinyin", "wadegile", "alalc97", "tongyong", "fonipa"];

/// A validated BCP 47 language tag in canonical case.
///
/// ```
/// use tilmach::LangTag;
/// let tag: LangTag = "kk-Cyrl".parse()?;
/// assert_eq!(tag.language(), "kk");
/// assert_eq!(tag.script(), Some(tilmach::Script::Cyrillic));
/// assert!("kk".parse::<LangTag>().is_err()); // Kazakh needs a script
/// assert!("KK-cyrl".parse::<LangTag>().is_err()); // not canonical case
/// # Ok::<(), tilmach::lang::LangTagError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LangTag {
    tag: String,
    language_len: u8,
    script: Option<Script>,
}

/// Why a string is not a valid [`LangTag`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid language tag {tag:?}: {reason}")]
pub struct LangTagError {
    /// The tag as given.
    pub tag: String,
    /// What is wrong with it, and what to write instead.
    pub reason: String,
}

impl LangTag {
    /// The tag as written, e.g. `kk-Cyrl`.
    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The primary language subtag, e.g. `kk`.
    pub fn language(&self) -> &str {
        &self.tag[..usize::from(self.language_len)]
    }

    /// The script subtag, if the tag has one.
    pub fn explicit_script(&self) -> Option<Script> {
        self.script
    }

    /// The script forms with this tag are written in: the script subtag, or the usual script
    /// of the language (`ru` → Cyrillic, `en` → Latin), or `None` when it cannot be told.
    pub fn script(&self) -> Option<Script> {
        self.script.or(match self.language() {
            "ru" | "uk" | "be" | "ky" | "tg" | "mn" | "tt" | "ba" | "dng" => Some(Script::Cyrillic),
            "ar" | "fa" | "ps" | "ur" => Some(Script::Arabic),
            "en" | "tr" | "de" | "fr" | "it" | "es" | "pl" | "uz" | "tk" | "az" | "la" => {
                Some(Script::Latin)
            }
            _ => None,
        })
    }

    /// Whether this tag is `other` or a more specific tag of it (`zh-Latn-pinyin` matches `zh`
    /// and `zh-Latn`; `kk-Cyrl` matches `kk`).
    pub fn matches(&self, other: &LangTag) -> bool {
        self.tag == other.tag
            || (self.tag.starts_with(&other.tag)
                && self.tag.as_bytes().get(other.tag.len()) == Some(&b'-'))
    }

    /// When no tag of `known` (the languages of a glossary or index) matches this range, a
    /// warning that says so and names the nearest known tag: a well-formed tag such as `xx` or
    /// `kk-Qqqq` is valid BCP 47, but filters everything out. `None` when some tag matches.
    ///
    /// ```
    /// use tilmach::LangTag;
    /// let known = ["en", "kk-Cyrl", "kk-Latn", "ru"];
    /// assert!(LangTag::parse_range("kk").unwrap().unknown_warning(known).is_none());
    /// let warning = LangTag::parse_range("kk-Cyrk").unwrap().unknown_warning(known).unwrap();
    /// assert!(warning.contains("kk-Cyrl"), "{warning}");
    /// ```
    pub fn unknown_warning<'a>(&self, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let known: Vec<&str> = known.into_iter().collect();
        if known
            .iter()
            .filter_map(|k| {
                k.parse::<LangTag>()
                    .or_else(|_| LangTag::parse_range(k))
                    .ok()
            })
            .any(|k| k.matches(self))
        {
            return None;
        }
        let nearest = crate::suggest::nearest(self.as_str(), known.iter().copied()).or_else(|| {
            // No close spelling: a tag of the same language, if any.
            known
                .iter()
                .find(|k| k.split('-').next() == Some(self.language()))
                .map(|k| (*k).to_owned())
        });
        Some(match nearest {
            Some(tag) => format!(
                "no form has a language matching {}; did you mean {tag}?",
                self.as_str()
            ),
            None => format!(
                "no form has a language matching {}; the languages are: {}",
                self.as_str(),
                known.join(", ")
            ),
        })
    }

    /// Parses a language *range* for filtering: like [`str::parse`], but a language written in
    /// several scripts may omit the script (`kk` matches `kk-Cyrl`, `kk-Latn` and `kk-Arab`).
    pub fn parse_range(s: &str) -> Result<LangTag, LangTagError> {
        LangTag::parse_with(s, false)
    }

    /// Parses a language range as a person types it: like [`LangTag::parse_range`], but in any
    /// case (`EN`, `kk-cyrl`, `KK-CYRL-kz` are read as `en`, `kk-Cyrl`, `kk-Cyrl-KZ`).
    ///
    /// ```
    /// use tilmach::LangTag;
    /// assert_eq!(LangTag::parse_user_range("KK-cyrl")?.as_str(), "kk-Cyrl");
    /// assert_eq!(LangTag::parse_user_range("EN")?.as_str(), "en");
    /// # Ok::<(), tilmach::lang::LangTagError>(())
    /// ```
    pub fn parse_user_range(s: &str) -> Result<LangTag, LangTagError> {
        let canonical: Vec<String> = s
            .split('-')
            .enumerate()
            .map(|(i, subtag)| match (i, subtag.len()) {
                (0, _) => subtag.to_ascii_lowercase(),
                (_, 4) if subtag.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    let lower = subtag.to_ascii_lowercase();
                    let mut chars = lower.chars();
                    chars
                        .next()
                        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                        .unwrap_or_default()
                }
                (_, 2) if subtag.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    subtag.to_ascii_uppercase()
                }
                _ => subtag.to_ascii_lowercase(),
            })
            .collect();
        LangTag::parse_range(&canonical.join("-")).map_err(|mut e| {
            s.clone_into(&mut e.tag);
            e
        })
    }

    /// Checks that this tag's language is one of `known` (e.g. the languages a glossary has
    /// forms in); otherwise the error names the nearest known language and lists them all.
    ///
    /// ```
    /// use tilmach::LangTag;
    /// let known = ["en", "kk", "ky", "ru"];
    /// let error = LangTag::parse_range("kz")?.check_language(known).unwrap_err();
    /// assert!(error.reason.contains("did you mean kk"));
    /// # Ok::<(), tilmach::lang::LangTagError>(())
    /// ```
    pub fn check_language<'a>(
        &self,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), LangTagError> {
        let mut known: Vec<&str> = known.into_iter().collect();
        if known.contains(&self.language()) {
            return Ok(());
        }
        known.sort_unstable();
        known.dedup();
        let suggestion = crate::suggest::nearest(self.language(), known.iter().copied())
            .map(|near| format!("did you mean {near}? "))
            .unwrap_or_default();
        Err(LangTagError {
            tag: self.tag.clone(),
            reason: format!(
                "no form is in the language {:?}; {suggestion}the languages are: {}",
                self.language(),
                known.join(", ")
            ),
        })
    }

    fn parse_tag(s: &str) -> Result<LangTag, LangTagError> {
        LangTag::parse_with(s, true)
    }

    fn parse_with(s: &str, require_script: bool) -> Result<LangTag, LangTagError> {
        let fail = |reason: String| LangTagError {
            tag: s.to_owned(),
            reason,
        };
        if s.is_empty() {
            return Err(fail(
                "the tag is empty; write a tag such as en, ru, kk-Cyrl or ug-Arab".into(),
            ));
        }
        let subtags: Vec<&str> = s.split('-').collect();
        if subtags
            .iter()
            .any(|t| t.is_empty() || !t.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(fail(
                "subtags are letters and digits separated by single hyphens".into(),
            ));
        }
        let Some((&language, mut rest)) = subtags.split_first() else {
            return Err(fail(
                "the tag is empty; write a tag such as en, ru, kk-Cyrl or ug-Arab".into(),
            ));
        };
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            let advice = if (2..=3).contains(&language.len()) {
                format!("write it as {:?}", language.to_ascii_lowercase())
            } else {
                "use the ISO 639 code, e.g. en for English, ru for Russian".to_owned()
            };
            return Err(fail(format!(
                "the language subtag {language:?} must be 2 or 3 lower-case letters; {advice}"
            )));
        }
        let mut script = None;
        if let Some(first) = rest.first()
            && first.len() == 4
            && first.bytes().all(|b| b.is_ascii_alphabetic())
        {
            let canonical: String = first
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            if *first != canonical {
                return Err(fail(format!(
                    "write the script subtag as {canonical:?} (title case)"
                )));
            }
            script = Some(Script::from_code(first));
            rest = rest.get(1..).unwrap_or_default();
        }
        if let Some(first) = rest.first() {
            let is_alpha_region =
                first.len() == 2 && first.bytes().all(|b| b.is_ascii_alphabetic());
            let is_numeric_region = first.len() == 3 && first.bytes().all(|b| b.is_ascii_digit());
            if is_alpha_region {
                if !first.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(fail(format!(
                        "write the region subtag as {:?} (upper case)",
                        first.to_ascii_uppercase()
                    )));
                }
                rest = rest.get(1..).unwrap_or_default();
            } else if is_numeric_region {
                rest = rest.get(1..).unwrap_or_default();
            }
        }
        for variant in rest {
            if variant.len() == 1 {
                return Err(fail(
                    "extensions and private-use subtags are not supported in glossary tags".into(),
                ));
            }
            if !KNOWN_VARIANTS.contains(variant) {
                return Err(fail(format!(
                    "unknown subtag {variant:?}; after the language come an optional script (Arab, Cyrl, Latn, Hans), \
                     an optional region (CN, KZ) and a registered variant ({})",
                    KNOWN_VARIANTS.join(", ")
                )));
            }
        }
        if require_script
            && script.is_none()
            && let Some((_, examples)) = NEEDS_SCRIPT.iter().find(|(lang, _)| *lang == language)
        {
            return Err(fail(format!(
                "{language} is written in several scripts; name one: {examples}"
            )));
        }
        Ok(LangTag {
            tag: s.to_owned(),
            // The language subtag was checked above to be 2 or 3 bytes long.
            language_len: language.len() as u8,
            script,
        })
    }
}

impl FromStr for LangTag {
    type Err = LangTagError;
    fn from_str(s: &str) -> Result<LangTag, LangTagError> {
        LangTag::parse_tag(s)
    }
}

impl TryFrom<String> for LangTag {
    type Error = LangTagError;
    fn try_from(s: String) -> Result<LangTag, LangTagError> {
        LangTag::parse_tag(&s)
    }
}

impl From<LangTag> for String {
    fn from(tag: LangTag) -> String {
        tag.tag
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_tags_the_glossary_uses() {
        for tag in [
            "ug-Arab",
            "ug-Latn",
            "ug-Cyrl",
            "kk-Cyrl",
            "kk-Latn",
            "kk-Arab",
            "ru",
            "en",
            "zh-Hans",
            "zh-Latn-pinyin",
            "tr",
            "und",
            "ru-Latn",
            "en-GB",
            "zh-Hans-CN",
        ] {
            assert!(tag.parse::<LangTag>().is_ok(), "{tag}");
        }
    }

    #[test]
    fn refuses_malformed_and_ambiguous_tags() {
        for tag in [
            "", "kk", "ug", "zh", "KK-Cyrl", "kk-cyrl", "kk--Cyrl", "english", "en-latin",
            "ru-x-foo", "e", "kk_Cyrl",
        ] {
            assert!(tag.parse::<LangTag>().is_err(), "{tag}");
        }
    }

    #[test]
    fn scripts_and_matching() {
        let pinyin: LangTag = "zh-Latn-pinyin".parse().unwrap();
        assert_eq!(pinyin.script(), Some(Script::Latin));
        assert!(pinyin.matches(&LangTag::parse_range("zh").unwrap()));
        assert!(
            !"zh-Hans"
                .parse::<LangTag>()
                .unwrap()
                .matches(&"zh-Latn".parse().unwrap())
        );
        assert_eq!(
            "ru".parse::<LangTag>().unwrap().script(),
            Some(Script::Cyrillic)
        );
        assert_eq!(Script::detect("Құлжа"), Some(Script::Cyrillic));
        assert_eq!(Script::detect("غۇلجا"), Some(Script::Arabic));
        assert_eq!(Script::detect("伊宁"), Some(Script::HanSimplified));
        assert_eq!(Script::detect("1991"), None);
    }
}
