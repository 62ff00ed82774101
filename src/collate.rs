//! Sorting entries by their names in a language, with that language's collation (CLDR, through
//! `icu_collator`): Kazakh puts ә after а, ғ after г, қ after к; Uyghur follows the Uyghur
//! alphabet; Russian and English sort as their readers expect.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale::Locale;

use crate::lang::LangTag;
use crate::{Entry, Result};

/// A language entries can be sorted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortLocale {
    /// Kazakh, by the entries' Kazakh Cyrillic names.
    Kazakh,
    /// Russian, by the entries' Russian names.
    Russian,
    /// Uyghur, by the entries' Uyghur Arabic names.
    Uyghur,
    /// English, by the entries' English names.
    English,
}

impl SortLocale {
    const ALL: [SortLocale; 4] = [
        SortLocale::Kazakh,
        SortLocale::Russian,
        SortLocale::Uyghur,
        SortLocale::English,
    ];

    /// The locale code: `kk`, `ru`, `ug` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            SortLocale::Kazakh => "kk",
            SortLocale::Russian => "ru",
            SortLocale::Uyghur => "ug",
            SortLocale::English => "en",
        }
    }

    /// The language tag of the names sorted: `kk-Cyrl`, `ru`, `ug-Arab` or `en`.
    fn name_tag(self) -> &'static str {
        match self {
            SortLocale::Kazakh => "kk-Cyrl",
            SortLocale::Russian => "ru",
            SortLocale::Uyghur => "ug-Arab",
            SortLocale::English => "en",
        }
    }

    /// The entry's name in this language: its best form with [`SortLocale`]'s tag, if any.
    pub fn name_of(self, entry: &Entry) -> Option<&str> {
        let tag: LangTag = LangTag::parse_range(self.name_tag()).ok()?;
        entry.best_form(&tag).map(|f| f.text.as_str())
    }

    /// A collator for this language.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidValue`] if the collation data for the locale is missing from this build.
    pub fn collator(self) -> Result<CollatorBorrowed<'static>> {
        let locale: Locale = self
            .code()
            .parse()
            .map_err(|_| crate::error::invalid_value("sort locale", self.code(), []))?;
        Collator::try_new(locale.into(), CollatorOptions::default()).map_err(|_| {
            crate::error::invalid_value(
                "sort locale",
                self.code(),
                SortLocale::ALL.map(SortLocale::code),
            )
        })
    }
}

named_values!(SortLocale, code, "sort locale", ignore_case);

/// Sorts entries by their names in `locale`; entries without a name in that language come last,
/// by their English headword. Ties are broken by id, so the order is deterministic.
///
/// # Errors
///
/// As [`SortLocale::collator`].
pub fn sort_entries(entries: &mut [&Entry], locale: SortLocale) -> Result<()> {
    let collator = locale.collator()?;
    let english = SortLocale::English.collator()?;
    entries.sort_by(|a, b| match (locale.name_of(a), locale.name_of(b)) {
        (Some(x), Some(y)) => collator.compare(x, y).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => english
            .compare(a.headword(), b.headword())
            .then_with(|| a.id.cmp(&b.id)),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(locale: SortLocale, words: &[&str]) -> Vec<String> {
        let collator = locale.collator().unwrap();
        let mut words: Vec<&str> = words.to_vec();
        words.sort_by(|a, b| collator.compare(a, b));
        words.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn kazakh_letters_follow_their_base_letters() {
        // Kazakh alphabet order: а ә б в г ғ д … к қ л … н ң о ө … у ұ ү ф х һ …
        assert_eq!(
            sorted(SortLocale::Kazakh, &["бала", "әке", "ата"]),
            ["ата", "әке", "бала"]
        );
        assert_eq!(
            sorted(SortLocale::Kazakh, &["дала", "ғалым", "гүл"]),
            ["гүл", "ғалым", "дала"]
        );
        assert_eq!(
            sorted(SortLocale::Kazakh, &["лақ", "қала", "кітап"]),
            ["кітап", "қала", "лақ"]
        );
    }

    #[test]
    fn unknown_locale_suggests() {
        let err = "kz".parse::<SortLocale>().unwrap_err().to_string();
        assert!(err.contains("kk"), "{err}");
    }
}
