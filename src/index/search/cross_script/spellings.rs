//! The other spellings of a query that the cross-script stage reads besides its own
//! common-Latin key: without its generic words, Wade–Giles read as pinyin and as the name the
//! characters transcribe, the letters other traditions read as other sounds, without a
//! Lithuanian ending or a qualifier after a comma.

use super::bucket::UnitWords;
use crate::chars;
use crate::key;
use crate::lookup::names::{self, Part};
use crate::lookup::vocabulary::UnitKinds;

/// What a qualifier after a comma that a query has and a form lacks costs a sound match, in
/// quarters of an edit ([`key::spellings::qualified_name`]: *اورال، قزاقستان* for *Oral*).
const QUALIFIER_QUARTERS: u32 = 2;

/// What a name ending costs a sound match, in quarters of an edit: a Russian adjectival ending
/// one side has and the other lacks ([`key::spellings::name_stems`]), or the Lithuanian -as
/// ([`key::spellings::lithuanian_stem`]).
pub(super) const ENDING_QUARTERS: u32 = 2;

/// Another spelling of the query ([`other_spellings`]).
pub(super) struct OtherSpelling {
    /// Its common-Latin key.
    pub(super) latin: String,
    /// The quarters of an edit that every match of it costs.
    pub(super) quarters: u32,
    /// What it says of the unit.
    pub(super) unit: UnitWords,
}

/// A text a query's other spellings are read from: the query, or the query without some of
/// its words.
struct Text {
    text: String,
    /// The quarters of an edit that every match of its spellings costs.
    quarters: u32,
    /// Whether it leaves out the designation of an autonomous unit that the query gives.
    undesignated: bool,
    /// The kinds of unit of the query's generic words that it leaves out.
    left_out: UnitKinds,
}

/// The other spellings of a query (normalized text, common-Latin key `latin`, what it says of
/// its unit `own`) that the cross-script stage reads besides `latin`, with the quarters of an
/// edit each costs: without
/// its generic words (*Корла балһсн*, *Ch’ang-chi-hsien*) and an autonomous unit’s designation
/// (*Barkol Kazakh Autonomous County* → `barkol`), Wade–Giles syllables read as pinyin
/// (*Ch’ang-chi* → `changji`) and as the foreign name the characters transcribe
/// ([`key::spellings::han_transcription`]: *K’u-erh-lo* → `kurlo`, Korla), with the letters
/// that other traditions read as other sounds ([`key::spellings::central_european`],
/// [`key::spellings::arabic_v`], [`key::spellings::persian_h`], [`key::spellings::gost_cz`],
/// [`key::spellings::arabic_g`], [`key::spellings::palladius`], [`key::spellings::kyrgyz_zh`],
/// [`key::spellings::abjad_latin`], [`key::spellings::korean`], [`key::spellings::romance`],
/// [`key::spellings::vowel_digraphs`]),
/// without the Lithuanian ending (*Biškekas*), without a qualifier after a comma (*اورال، قزاقستان*), and a Russian
/// adjective before a generic word read as the place name it is made from
/// ([`key::spellings::adjective_stems`]: *Карасайский район* → `karasay`).
pub(super) fn other_spellings(
    normalized: &str,
    (latin, own): (&str, UnitWords),
) -> Vec<OtherSpelling> {
    // Each text with the kinds of unit of the generic words it leaves out.
    let mut texts: Vec<(String, UnitKinds)> = vec![(normalized.to_owned(), UnitKinds::default())];
    // Generic words and Wade–Giles syllables come in names of several words or pieces.
    let pieces = normalized.contains(|c: char| c.is_whitespace() || chars::is_hyphen(c));
    // Chinese joins its unit names to the name (乌鲁木齐市).
    let words = if pieces || normalized.chars().any(chars::is_han_ideograph) {
        names::words(normalized)
    } else {
        Vec::new()
    };
    // Without the designation of an autonomous unit too; its matches with a form that has no
    // designation cost more ([`super::DESIGNATION_LEFT_OUT`]).
    let undesignated = names::name_without(&words, Part::is_unit_word)
        .filter(|_| words.iter().any(|w| w.part == Part::Designation));
    let all_kinds = names::unit_kinds(&words);
    if words.iter().any(|w| w.part.is_unit_word()) {
        texts.extend(names::name_without(&words, |p| p == Part::Generic).map(|t| (t, all_kinds)));
        // And without the generic words at its end one at a time, since a word of the name
        // may be one too (*T’a-ch’eng-hsien*: Tacheng, 塔城, whose 城 is also a town).
        let mut end = words.len();
        while end > 1 && words.get(end - 1).is_some_and(|w| w.part == Part::Generic) {
            end -= 1;
            let kept: Vec<&str> = words.iter().take(end).map(|w| w.key.as_str()).collect();
            let text = kept.join(" ");
            if !texts.iter().any(|(t, _)| *t == text) {
                let left_out = names::unit_kinds(words.get(end..).unwrap_or_default());
                texts.push((text, left_out));
            }
        }
    }
    let mut texts: Vec<Text> = texts
        .into_iter()
        .map(|(text, left_out)| Text {
            text,
            quarters: 0,
            undesignated: false,
            left_out,
        })
        .collect();
    if let Some(text) = undesignated {
        texts.push(Text {
            text,
            quarters: 0,
            undesignated: true,
            left_out: all_kinds,
        });
    }
    if let Some(head) = key::spellings::qualified_name(normalized) {
        texts.push(Text {
            text: head.to_owned(),
            quarters: QUALIFIER_QUARTERS,
            undesignated: false,
            left_out: UnitKinds::default(),
        });
    }
    let mut out: Vec<OtherSpelling> = Vec::new();
    let mut add = |spelling: String, quarters: u32, unit: UnitWords| {
        if spelling != latin && !out.iter().any(|o| o.latin == spelling) {
            out.push(OtherSpelling {
                latin: spelling,
                quarters,
                unit,
            });
        }
    };
    for (i, t) in texts.iter().enumerate() {
        let (text, quarters) = (&t.text, t.quarters);
        // The first text is the query itself, whose unit words the caller read (`own`).
        let unit = if i == 0 {
            own
        } else {
            UnitWords {
                generic_end: names::ends_with_generic(text),
                undesignated: t.undesignated,
                left_out: t.left_out,
            }
        };
        let mut add = |spelling: String, quarters: u32| add(spelling, quarters, unit);
        if i > 0 {
            let latin = key::latin_key(text);
            // A Russian adjective before the generic word it left out stands for the place
            // name (*Карасайский район*: Karasay; *Алматинская область*: Almaty).
            if !t.left_out.is_empty() {
                for stem in key::spellings::adjective_stems(&latin) {
                    add(stem.to_owned(), quarters + ENDING_QUARTERS);
                }
            }
            add(latin, quarters);
        }
        if let Some(pinyin) = key::spellings::wade_giles(text).filter(|_| pieces) {
            add(key::latin_key(&pinyin), quarters);
            // The foreign name that the characters transcribe (*K'u-erh-lo* → Korla).
            for sounds in key::spellings::han_transcription(text) {
                add(key::latin_key(&sounds), quarters);
            }
        }
        // Letters that other spelling traditions read as other sounds: Czech, Lithuanian and
        // Polish ch and j (х, й), Arabic and Persian feh (в), Persian heh inside a word (h),
        // the cz of GOST 7.79 system B (ц), Arabic jeem (g), Palladius н (ng) and цз (j),
        // Kyrgyz ж (j), Latin written letter for letter from Arabic script (its vowels), a
        // romanized Korean transcription (without its epenthetic eu), Portuguese and Spanish
        // qu, gu, c and nasal vowels, and the Dutch and German vowel digraphs (oe as u, ö).
        for reading in [
            key::spellings::central_european(text),
            key::spellings::arabic_v(text),
            key::spellings::persian_h(text),
            key::spellings::gost_cz(text),
            key::spellings::arabic_g(text),
            key::spellings::palladius(text),
            key::spellings::kyrgyz_zh(text),
            key::spellings::abjad_latin(text),
            key::spellings::korean(text),
        ]
        .into_iter()
        .flatten()
        .chain(key::spellings::romance(text))
        .chain(key::spellings::vowel_digraphs(text))
        {
            add(key::latin_key(&reading), quarters);
        }
    }
    if let Some(stem) = key::spellings::lithuanian_stem(normalized) {
        let unit = UnitWords {
            generic_end: names::ends_with_generic(stem),
            ..UnitWords::default()
        };
        add(key::latin_key(stem), ENDING_QUARTERS, unit);
        if let Some(reading) = key::spellings::central_european(stem) {
            add(key::latin_key(&reading), ENDING_QUARTERS, unit);
        }
    }
    out
}
