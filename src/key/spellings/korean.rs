//! Korean transcriptions of the region's names, romanized (*swimkenteu* for Shymkent,
//! *bisyukekeu* for Bishkek, *kasyugaleu* for Kashgar), read back as the name they transcribe.
//!
//! Korean writes a foreign name in Hangul by the *Rules for the transcription of foreign
//! words* (외래어 표기법, National Institute of the Korean Language, 1986), and the
//! romanization of that Hangul follows the *Revised Romanization of Korean* (Ministry of
//! Culture and Tourism, 2000). Read back through both:
//!
//! - a consonant that ends a foreign syllable takes the vowel ㅡ, romanized `eu` (트 *teu*,
//!   크 *keu*, 스 *seu*): an `eu` after a consonant and before a consonant, a space, a hyphen
//!   or the end of the word is that vowel, and is left out;
//! - the foreign z is ㅈ with that vowel, `jeu`, read as z;
//! - ㄹ writes r and l alike: a single `l` before a vowel is r, `ll` before a vowel (ㄹㄹ) is l;
//! - the foreign sh before a vowel is ㅅ with a y-glide or ㅟ, `sy` and `sw` (슈 *syu*, 쉼
//!   *swim*), read as sh.
//!
//! GeoNames gives such romanizations in lower case, so only a text in lower-case ASCII with an
//! `eu` after a consonant is read this way.

use crate::chars::{LetterClass, letter_class};

/// The syllables of the Korean transcription read as the foreign sounds they stand for, after
/// the epenthetic vowel is left out: the foreign sh (`sy`, `sw` before a vowel).
pub const KOREAN_SH: &[&str] = &["sy", "sw"];

/// Whether the byte is a vowel letter of the common-Latin alphabet ([`letter_class`]).
fn vowel(b: u8) -> bool {
    letter_class(char::from(b)) == Some(LetterClass::Vowel)
}

/// Whether the byte is a consonant letter of the common-Latin alphabet ([`letter_class`]).
fn consonant(b: u8) -> bool {
    matches!(letter_class(char::from(b)), Some(LetterClass::Consonant(_)))
}

/// The text read back from a romanized Korean transcription (see the module documentation),
/// for a text in lower-case ASCII with an `eu` after a consonant; `None` otherwise.
///
/// ```
/// use tilmach::key::spellings::korean;
/// assert_eq!(korean("swimkenteu").as_deref(), Some("shimkent"));
/// assert_eq!(korean("bisyukekeu").as_deref(), Some("bishukek"));
/// assert_eq!(korean("kasyugaleu").as_deref(), Some("kashugar"));
/// assert_eq!(korean("Kuldja"), None);
/// ```
pub fn korean(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let epenthetic = |i: usize| {
        bytes.get(i..i + 2) == Some(b"eu")
            && i > 0
            && bytes.get(i - 1).copied().is_some_and(consonant)
            && !bytes.get(i + 2).copied().is_some_and(vowel)
    };
    let lower_ascii = bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || matches!(b, b' ' | b'-' | b'\''));
    if !lower_ascii || !(0..bytes.len()).any(epenthetic) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let vowel_after = |j: usize| bytes.get(j).copied().is_some_and(vowel);
        if b == b'j' && epenthetic(i + 1) {
            // The foreign z: ㅈ and the epenthetic vowel.
            out.push('z');
            i += 3;
        } else if epenthetic(i) {
            i += 2;
        } else if b == b'l' && next == Some(b'l') && vowel_after(i + 2) {
            out.push('l');
            i += 2;
        } else if b == b'l' && vowel_after(i + 1) && !epenthetic(i + 1) {
            out.push('r');
            i += 1;
        } else if b == b'l' && epenthetic(i + 1) {
            // A final r or l written with the epenthetic vowel (르 *leu*): r.
            out.push('r');
            i += 3;
        } else if next.is_some_and(|n| KOREAN_SH.iter().any(|s| s.as_bytes() == [b, n]))
            && vowel_after(i + 2)
        {
            out.push_str("sh");
            i += 2;
        } else {
            out.push(char::from(b));
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Korean transcriptions of the region's names (GeoNames alternate names, romanized) read
    /// back as the names.
    #[test]
    fn korean_transcriptions_read_back_as_names() {
        for (text, reading) in [
            ("swimkenteu", "shimkent"),
            ("bisyukekeu", "bishukek"),
            ("kasyugaleu", "kashugar"),
            ("tokeumokeu", "tokmok"),
            ("tarajeu", "taraz"),
            ("aseutana", "astana"),
            ("pabeullodaleu", "pablodar"),
            ("jallal-abadeu", "jalal-abad"),
        ] {
            assert_eq!(korean(text).as_deref(), Some(reading), "{text}");
        }
    }

    /// Without the epenthetic vowel, or in capitals, a text is no Korean romanization.
    #[test]
    fn other_texts_are_left_alone() {
        for text in [
            "Swimkenteu",
            "nalin",
            "europe",
            "ulumuchi",
            "kuldja",
            "Ürümqi",
        ] {
            assert_eq!(korean(text), None, "{text}");
        }
    }
}
