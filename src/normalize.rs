//! Step 1 of the key pipeline: `normalize`, which cleans text without changing its meaning.
//!
//! (Being completed together with the transliteration engine: Arabic presentation forms,
//! U+0647 → U+06D5, Persian look-alikes, tatweel, bidi controls, apostrophes, homoglyphs.)

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalizes `text`: Unicode NFC and whitespace collapsed to single spaces, trimmed.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let clean_space = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains(|c: char| c.is_whitespace() && c != ' ')
        && !text.contains("  ");
    if clean_space && is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let nfc: String = text.nfc().collect();
    Cow::Owned(nfc.split_whitespace().collect::<Vec<_>>().join(" "))
}
