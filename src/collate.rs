//! Sorting entries by their names in a language, with that language's collation (CLDR, through
//! `icu_collator`): Kazakh puts ә after а, ғ after г, қ after к; Russian and English sort as their
//! readers expect.
//!
//! Uyghur follows the order of the Uyghur alphabet (ا ە ب پ ت ج چ خ د ر ز ژ س ش غ ف ق ك گ ڭ ل م ن
//! ھ و ۇ ۆ ۈ ۋ ې ى ي), in which the hamza carrier ئ is not a letter: ئۈرۈمچى sorts under ۈ, after
//! every word in ھ. CLDR's collation sorts ئ as a letter of its own before ب, which puts every
//! word that starts with a vowel before ب; ICU4X builds collators from compiled data and takes no
//! tailoring rules at run time, so the Uyghur order is a primary key of its own (the alphabet
//! position of each letter, ئ left out), with CLDR's collation breaking ties.

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
        (Some(x), Some(y)) => compare_names(locale, &collator, x, y).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => english
            .compare(a.headword(), b.headword())
            .then_with(|| a.id.cmp(&b.id)),
    });
    Ok(())
}

/// The letters of the Uyghur alphabet in their order (UEY; the hamza carrier ئ is not one).
const UYGHUR_ORDER: &str = "اەبپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىي";

/// The Uyghur primary weight of `c`: its place in the alphabet (1 to 32), 0 for a space or
/// punctuation, `None` for the hamza carrier (no weight), and a weight after every letter for
/// any other character.
fn uyghur_weight(c: char) -> Option<u32> {
    // Look-alikes of legacy text: ه for ە, Persian ی for ى, keheh ک for ك.
    let c = match c {
        'ه' => 'ە',
        'ی' => 'ى',
        'ک' => 'ك',
        c => c,
    };
    if c == 'ئ' || c == '\u{0654}' {
        return None;
    }
    if let Some(i) = UYGHUR_ORDER.chars().position(|l| l == c) {
        return Some(i as u32 + 1);
    }
    if c.is_alphanumeric() {
        Some(0x100 + c as u32)
    } else {
        Some(0)
    }
}

/// Compares two names in `locale`'s order (for Uyghur, by the alphabet first; see the module).
fn compare_names(
    locale: SortLocale,
    collator: &CollatorBorrowed<'_>,
    a: &str,
    b: &str,
) -> std::cmp::Ordering {
    if locale != SortLocale::Uyghur {
        return collator.compare(a, b);
    }
    let key = |s: &str| -> Vec<u32> { s.chars().filter_map(uyghur_weight).collect() };
    key(a).cmp(&key(b)).then_with(|| collator.compare(a, b))
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
    fn uyghur_follows_the_alphabet_and_ignores_the_hamza_carrier() {
        // One word per letter of the Uyghur alphabet, in the alphabet's published order (the UEY
        // letter table, as in Duval & Janbaz, "An Introduction to Latin-Script Uyghur", 2006,
        // and the project's transliteration notes §1.1; ڭ, which starts no word, second in
        // ياغ ياڭاق يالغۇز): a word starting with a vowel is written with ئ, which is not a
        // letter, and sorts under its vowel.
        let expected = [
            "ئانا",
            "ئەل",
            "بالا",
            "پاختا",
            "تاغ",
            "جەنۇب",
            "چاي",
            "خەلق",
            "دەريا",
            "رەسىم",
            "زېمىن",
            "ژۇرنال",
            "سۇ",
            "شەھەر",
            "غەرب",
            "فەرق",
            "قەشقەر",
            "كىتاب",
            "گۈل",
            "لەيلى",
            "مەكتەپ",
            "نان",
            "ھاۋا",
            "ئوت",
            "ئۇيغۇر",
            "ئۆي",
            "ئۈرۈمچى",
            "ۋەتەن",
            "ئېلان",
            "ئىلى",
            "ياغ",
            "ياڭاق",
            "يالغۇز",
        ];
        let collator = SortLocale::Uyghur.collator().unwrap();
        let mut words = expected.to_vec();
        words.reverse();
        words.sort_by(|a, b| compare_names(SortLocale::Uyghur, &collator, a, b));
        assert_eq!(words, expected);
        // CLDR's own order puts the vowel-initial words before ب.
        words.sort_by(|a, b| collator.compare(a, b));
        assert_ne!(words, expected);
        // A longer word after its prefix; the hamza after a consonant has no weight either.
        let mut pair = vec!["مەسئۇلىيەت", "مەسئۇل"];
        pair.sort_by(|a, b| compare_names(SortLocale::Uyghur, &collator, a, b));
        assert_eq!(pair, ["مەسئۇل", "مەسئۇلىيەت"]);
    }

    #[test]
    fn unknown_locale_suggests() {
        let err = "kz".parse::<SortLocale>().unwrap_err().to_string();
        assert!(err.contains("kk"), "{err}");
    }
}
