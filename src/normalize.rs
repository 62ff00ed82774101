//! Step 1 of the key pipeline (SPEC §5.1): `normalize`, which cleans text without changing its
//! meaning, so that the same name typed, pasted or exported in different ways compares equal.
//!
//! In order: Unicode NFC; Arabic-script clean-up ([`clean_arabic`]: presentation forms to base
//! letters, U+0647 to U+06D5 in Uyghur/Kazakh text, Persian ی ک to the Uyghur letters, ى + hamza
//! to ئ, tatweel, zero-width and bidi controls removed); apostrophe look-alikes
//! ([`crate::chars::APOSTROPHES`]) unified to `'`;
//! Latin/Cyrillic homoglyphs inside a word of the other script repaired; whitespace collapsed.
//! The pipeline is versioned by [`VERSION`]: an index built with one version must not be queried
//! with another.

mod fast;

use std::borrow::Cow;

pub(crate) use fast::{COVERED as SETTLED_RANGE, is_settled};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::chars::{
    CharScript, HOMOGLYPHS, fold_char, fold_lookalike, is_apostrophe, is_arabic_presentation_form,
    is_mark, is_removed, is_uyghur_kazakh_letter, script_of,
};

/// The version of the normalization pipeline. It changes whenever the output of [`normalize`]
/// can change for some input.
pub const VERSION: u32 = 3;

/// Normalizes `text` (see the module docs). Borrows when the text is already clean.
///
/// ```
/// use tilmach::normalize::normalize;
/// // Latin "a" and "A" inside a Cyrillic word, and doubled spaces.
/// assert_eq!(normalize("  Aлмaты   облысы "), "Алматы облысы");
/// // Tatweel, a bidi mark, the Arabic-script heh for Uyghur ە.
/// assert_eq!(normalize("\u{200F}قەشقـەر"), "قەشقەر");
/// assert_eq!(normalize("قهشقهر ئۈرۈمچى"), "قەشقەر ئۈرۈمچى");
/// assert_eq!(normalize("Kul’dzha"), "Kul'dzha");
/// ```
pub fn normalize(text: &str) -> Cow<'_, str> {
    match normalize_once(text) {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(mut out) => {
            // The steps can feed each other (a repaired homoglyph composes with a mark, a
            // decomposed ligature yields a removable tatweel, a word's script changes once its
            // neighbour is repaired): repeat until nothing changes, so that normalizing twice is
            // normalizing once. Clean text takes one pass; dirty text rarely more than two.
            for _ in 0..MAX_PASSES {
                match normalize_once(&out) {
                    Cow::Borrowed(_) => break,
                    Cow::Owned(next) => out = next,
                }
            }
            Cow::Owned(out)
        }
    }
}

/// The most passes [`normalize`] makes after the first; every input seen settles in two.
const MAX_PASSES: usize = 4;

fn normalize_once(text: &str) -> Cow<'_, str> {
    // Most texts are clean already: one pass over their characters shows it.
    if fast::is_settled(text) {
        return Cow::Borrowed(text);
    }
    normalize_once_steps(text)
}

/// The steps of one pass of [`normalize`], each in turn.
fn normalize_once_steps(text: &str) -> Cow<'_, str> {
    let nfc: Cow<'_, str> = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let cleaned = match clean_arabic(&nfc) {
        Cow::Borrowed(_) => nfc,
        Cow::Owned(s) => Cow::Owned(s),
    };
    let repaired = match repair_words(&cleaned) {
        // A repaired letter can compose with a following combining mark (Cyrillic с + U+0301
        // becomes Latin c + U+0301, which NFC writes as ć): compose again.
        Some(s) if is_nfc_quick(s.chars()) != IsNormalized::Yes => Cow::Owned(s.nfc().collect()),
        Some(s) => Cow::Owned(s),
        None => cleaned,
    };
    let clean_space = !repaired.starts_with(char::is_whitespace)
        && !repaired.ends_with(char::is_whitespace)
        && !repaired.contains(|c: char| c.is_whitespace() && c != ' ')
        && !repaired.contains("  ");
    let out = if clean_space {
        repaired
    } else {
        Cow::Owned(repaired.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out.into_owned())
    }
}

/// The Arabic-script part of [`normalize`], also applied by the transliterator to Arabic-script
/// input: presentation forms (U+FB50–FDEF, U+FE70–FEFF) become base letters (by NFKC, letter by
/// letter); U+0647 ه becomes U+06D5 ە when the text has any letter only Uyghur or Kazakh use;
/// Persian ی (U+06CC) and ک (U+06A9) become ى and ك; ى + U+0654 becomes ئ; tatweel, zero-width
/// characters and bidi controls are removed. Text needing none of this is borrowed.
///
/// ```
/// use tilmach::normalize::clean_arabic;
/// assert_eq!(clean_arabic("\u{FEAD}\u{FEEE}\u{FEB3}"), "روس");
/// assert_eq!(clean_arabic("ﻻ"), "لا");
/// assert_eq!(clean_arabic("Алматы"), "Алматы");
/// ```
pub fn clean_arabic(text: &str) -> Cow<'_, str> {
    clean_arabic_as(text, false)
}

/// [`clean_arabic`], mapping U+0647 to U+06D5 always when `uyghur_kazakh` is set (the text is
/// known to be Uyghur or Kazakh).
pub(crate) fn clean_arabic_as(text: &str, uyghur_kazakh: bool) -> Cow<'_, str> {
    if !text.contains(needs_cleaning) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_arabic_presentation_form(c) {
            let decomposed: String = std::iter::once(c).nfkc().collect();
            if decomposed.starts_with(' ') {
                out.push(c);
            } else {
                // The letters a presentation form stands for are cleaned like any other: a
                // ligature with a tatweel (U+FCF2) loses it, a Persian yeh form becomes ى.
                decomposed.chars().for_each(|d| push_clean(d, &mut out));
            }
        } else {
            push_clean(c, &mut out);
        }
    }
    if out.contains('ه') && (uyghur_kazakh || out.chars().any(is_uyghur_kazakh_letter)) {
        out = out.replace('ه', "ە");
    }
    let out: String = if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    };
    Cow::Owned(out)
}

/// Pushes `c` cleaned: removed, mapped to its Uyghur letter, or kept.
fn push_clean(c: char, out: &mut String) {
    match c as u32 {
        _ if is_removed(c) => {}
        0x06CC | 0x06A9 => out.push(fold_lookalike(c)),
        0x0654 if out.ends_with('ى') => {
            out.pop();
            out.push('ئ');
        }
        _ => out.push(c),
    }
}

/// Whether [`clean_arabic`] changes `c` (or, for U+0654, may combine it with the letter before).
pub(crate) fn needs_cleaning(c: char) -> bool {
    is_removed(c)
        || is_arabic_presentation_form(c)
        || matches!(c as u32, 0x0647 | 0x06CC | 0x06A9 | 0x0654)
}

fn is_latin(c: char) -> bool {
    script_of(c) == CharScript::Latin
}

fn is_cyrillic(c: char) -> bool {
    script_of(c) == CharScript::Cyrillic
}

/// Whether `c` is an apostrophe look-alike that [`normalize`] writes as `'`.
fn is_odd_apostrophe(c: char) -> bool {
    c != '\'' && is_apostrophe(c)
}

/// Unifies apostrophes and repairs homoglyphs word by word; `None` when nothing changes.
fn repair_words(text: &str) -> Option<String> {
    let suspicious =
        text.contains(is_odd_apostrophe) || (text.contains(is_latin) && text.contains(is_cyrillic));
    if !suspicious {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // A letter that is a homoglyph, or folds to one (Ё, İ), tells nothing of the word's
        // script: deciding on folded letters makes the repair the same for a text and for its
        // fold, so keys and the annotator agree.
        let is_glyph = |c: char| HOMOGLYPHS.iter().any(|&(l, k)| l == c || k == c);
        let glyph = |c: char| {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            is_glyph(c) || folded.chars().all(is_glyph)
        };
        let latin = word.chars().any(|c| is_latin(c) && !glyph(c));
        let cyrillic = word.chars().any(|c| is_cyrillic(c) && !glyph(c));
        let pair = |c: char| match (latin, cyrillic) {
            (false, true) => HOMOGLYPHS.iter().find(|&&(l, _)| l == c).map(|&(_, k)| k),
            (true, false) => HOMOGLYPHS.iter().find(|&&(_, k)| k == c).map(|&(l, _)| l),
            _ => None,
        };
        for c in word.chars() {
            // A letter that is a homoglyph only by its fold (İ → i) becomes its fold's pair,
            // in its own case (İ in a Cyrillic word → І).
            let fixed = pair(c).or_else(|| {
                let mut folded = String::new();
                fold_char(c, &mut folded);
                let mut letters = folded.chars();
                let f = letters.next().filter(|_| letters.next().is_none())?;
                let p = pair(f)?;
                if c.is_uppercase() {
                    let mut upper = p.to_uppercase();
                    upper.next().filter(|_| upper.next().is_none())
                } else {
                    Some(p)
                }
            });
            out.push(fixed.unwrap_or(c));
        }
        word.clear();
    };
    for c in text.chars() {
        let c = if is_apostrophe(c) { '\'' } else { c };
        if c.is_alphabetic() || is_mark(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        for s in ["Алматы", "Ürümchi", "ئۈرۈمچى", "Құлжа қаласы", ""] {
            assert!(matches!(normalize(s), Cow::Borrowed(_)), "{s}");
        }
    }

    /// Found by the `normalize` fuzz target: a homoglyph repaired in front of a combining mark
    /// must be composed again, or normalizing twice changes the text.
    #[test]
    fn regression_repaired_letter_before_a_combining_mark_is_composed() {
        for text in [
            "\0m켼с\u{0341}",
            "mс\u{0301}x",
            "Aлмaты\u{0301}",
            "\u{FCF2}",
            "ب\u{FCF2}ا",
            " ه\0\u{11}  ӡcY\u{30B}YY",
        ] {
            let once = normalize(text).into_owned();
            assert_eq!(normalize(&once), once, "{text:?}");
        }
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Йошкар-Ола ёлка".nfd().collect();
        assert_ne!(nfd, "Йошкар-Ола ёлка");
        assert_eq!(normalize(&nfd), "Йошкар-Ола ёлка");
    }

    #[test]
    fn homoglyphs_repaired_only_in_words_of_one_script() {
        assert_eq!(normalize("Шымкeнт"), "Шымкент");
        assert_eq!(normalize("Аlmaty"), "Almaty");
        // Mixed words with unambiguous letters of both scripts are left alone.
        assert_eq!(normalize("Qалa"), "Qалa");
    }

    #[test]
    fn persian_lookalikes_and_hamza() {
        assert_eq!(normalize("کاشغەر"), "كاشغەر");
        assert_eq!(normalize("ی"), "ى");
        assert_eq!(normalize("\u{0649}\u{0654}ۈرۈمچى"), "ئۈرۈمچى");
    }

    #[test]
    fn arabic_heh_kept_in_arabic_text() {
        assert_eq!(normalize("مكة المكرمة"), "مكة المكرمة");
        assert_eq!(normalize("اللە"), "اللە");
    }
}
