//! Folding a word for matching: NFC, lower case, Turkic `İ I ı` → `i`, `ё` → `е`, Arabic-script
//! look-alikes and apostrophe look-alikes → `'`, exactly as lookup keys fold it.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::chars;

/// Folds one word (or rule text) into `out`: NFC, then every character by
/// [`chars::fold_char`] (lower case, Turkic `İ I ı` → `i`, `ё` → `е`, Arabic-script
/// look-alikes, apostrophe look-alikes → `'`), exactly as keys fold it.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        if out.contains('`') {
            *out = out.replace('`', "'");
        }
        return;
    }
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        fold_chars(word.chars(), out);
    } else {
        fold_chars(word.nfc(), out);
    }
}

fn fold_chars(text: impl Iterator<Item = char>, out: &mut String) {
    for c in text {
        chars::fold_char(c, out);
    }
}
