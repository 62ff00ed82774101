//! Characters: the one place that says what a character is to tilmach.
//!
//! Every other module (normalization, keys, the transliteration engine, the annotator, language
//! detection) asks this module, so that a lookup and an annotation treat the same spelling the
//! same way. It answers:
//!
//! - **combining marks** ([`is_mark`]): Unicode's general categories Mn, Mc and Me, as
//!   `unicode-normalization` defines them; a const table for the two-byte UTF-8 range
//!   ([`is_mark_below_0800`]) lets the engines build their byte tables at compile time;
//! - **scripts** ([`script_of`]): the Unicode `Script` property (`unicode-script`) reduced to the
//!   scripts tilmach tells apart ([`CharScript`]), with the common blocks answered by ranges;
//! - **apostrophes, hyphens, dashes and commas** ([`is_apostrophe`], [`is_hyphen`], [`is_dash`],
//!   [`is_comma`]) and the joiners that belong inside words ([`is_joiner`]);
//! - **invisible characters** ([`is_removed`], [`is_invisible`], [`is_bidi_control`]) and
//!   **direction** ([`is_right_to_left`]), the last three from ICU4X's Unicode property data;
//! - **the letter fold** shared by keys and the annotator ([`fold_char`]): Turkic-aware lower
//!   case (`I İ ı` → `i`), Cyrillic `ё` → `е`, Arabic-script look-alikes ([`LOOKALIKES`]) and
//!   apostrophe look-alikes → `'`;
//! - **skeleton classes** of the common-Latin alphabet ([`SKELETON_CLASSES`], [`letter_class`]):
//!   which letters the region's languages use for each other, so that *Чимкент* meets
//!   *Shymkent*, *Балхаш* meets *Balqash* and *Турфан* meets *Turpan*.
//!
//! ```
//! use tilmach::chars::{CharScript, LetterClass, fold_char, is_mark, letter_class, script_of};
//! assert_eq!(script_of('ق'), CharScript::Arabic);
//! assert_eq!(script_of('ӣ'), CharScript::Cyrillic);
//! assert!(is_mark('\u{0301}') && is_mark('\u{064E}') && !is_mark('a'));
//! let mut folded = String::new();
//! "İÝک’".chars().for_each(|c| fold_char(c, &mut folded));
//! assert_eq!(folded, "iýك'");
//! assert_eq!(letter_class('q'), letter_class('g')); // Қорғас ~ Korgas
//! assert_eq!(letter_class('a'), Some(LetterClass::Vowel));
//! ```

use icu_properties::props::{BidiClass, BidiControl, DefaultIgnorableCodePoint};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_script::UnicodeScript;

/// The scripts tilmach tells apart, with the small numbers the annotator stores per word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum CharScript {
    /// Any other script, or none (digits, punctuation, combining marks: Common and Inherited).
    Other = 0,
    /// Latin (`Latn`).
    Latin = 1,
    /// Cyrillic (`Cyrl`).
    Cyrillic = 2,
    /// Arabic (`Arab`).
    Arabic = 3,
    /// Han (`Hani`), simplified or traditional.
    Han = 4,
}

/// The script of `c` by the Unicode `Script` property (UAX #24), as a [`CharScript`].
///
/// The blocks of the region's scripts are answered by ranges; every other character by the
/// `unicode-script` tables. A test checks the ranges against those tables for every code point.
#[inline]
pub fn script_of(c: char) -> CharScript {
    if let Some(script) = common_letter_script(c) {
        return script;
    }
    match c as u32 {
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => CharScript::Han,
        0x00..=0x7F | 0x80..=0xA9 | 0xAB..=0xB9 | 0xBB..=0xBF | 0x2000..=0x206F => {
            CharScript::Other
        }
        _ => script_by_table(c),
    }
}

/// The script of `c` when it is one of the common letters of the region's alphabets (Latin-1
/// and Latin Extended-A/B letters, the Cyrillic letters, the Arabic letters and Arabic-Indic
/// digits of the Arabic block), answered by ranges; `None` for any other character. Every
/// character it places is alphanumeric (a test checks both for every code point), so a word
/// splitter can take it as a letter of that script without the general tables.
#[inline]
pub fn common_letter_script(c: char) -> Option<CharScript> {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F => {
            Some(CharScript::Latin)
        }
        0x400..=0x481 | 0x48A..=0x52F => Some(CharScript::Cyrillic),
        0x620..=0x63F
        | 0x641..=0x64A
        | 0x66E..=0x66F
        | 0x671..=0x6D3
        | 0x6D5
        | 0x6EE..=0x6FC
        | 0x6FF => Some(CharScript::Arabic),
        _ => None,
    }
}

/// [`script_of`] by the `unicode-script` tables alone.
fn script_by_table(c: char) -> CharScript {
    match c.script() {
        unicode_script::Script::Latin => CharScript::Latin,
        unicode_script::Script::Cyrillic => CharScript::Cyrillic,
        unicode_script::Script::Arabic => CharScript::Arabic,
        unicode_script::Script::Han => CharScript::Han,
        _ => CharScript::Other,
    }
}

/// The combining marks below U+0800 (the two-byte UTF-8 range), as inclusive code point ranges:
/// general categories Mn, Mc and Me of the Unicode Character Database. A test checks them
/// against `unicode_normalization::char::is_combining_mark` for every code point below U+0800.
pub const MARKS_BELOW_0800: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C9),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0711, 0x0711),
    (0x0730, 0x074A),
    (0x07A6, 0x07B0),
    (0x07EB, 0x07F3),
    (0x07FD, 0x07FD),
];

/// Whether the code point `cp`, below U+0800, is a combining mark; usable in constant tables.
/// For code points from U+0800 it answers `false`: use [`is_mark`].
// `i` stays below the table's length.
#[allow(clippy::indexing_slicing)]
pub const fn is_mark_below_0800(cp: u32) -> bool {
    let mut i = 0;
    while i < MARKS_BELOW_0800.len() {
        let (lo, hi) = MARKS_BELOW_0800[i];
        if cp >= lo && cp <= hi {
            return true;
        }
        i += 1;
    }
    false
}

/// The combining marks below U+0800 as a bit set: bit `cp & 63` of word `cp >> 6`; for a
/// two-byte UTF-8 sequence, word `lead & 0x1F` and bit `continuation & 0x3F`.
// Evaluated at compile time (cp < 0x800, so cp >> 6 < 32): an index out of bounds would fail the
// build, not panic.
#[allow(clippy::indexing_slicing)]
pub(crate) const MARK_BITS_BELOW_0800: [u64; 32] = {
    let mut table = [0u64; 32];
    let mut cp = 0u32;
    while cp < 0x800 {
        if is_mark_below_0800(cp) {
            table[(cp >> 6) as usize] |= 1 << (cp & 0x3F);
        }
        cp += 1;
    }
    table
};

/// Whether a UTF-8 sequence starting with the byte `lead` can be a combining mark: a cheap
/// filter before decoding. A test checks it for every mark.
// `lead & 0x1F` is below 32, the table's length.
#[allow(clippy::indexing_slicing)]
#[inline]
pub const fn may_start_mark(lead: u8) -> bool {
    match lead {
        0xC0..=0xDF => MARK_BITS_BELOW_0800[(lead & 0x1F) as usize] != 0,
        // Marks from U+0800: U+0800–U+1FFF, U+2000–U+2FFF (U+20D0…), U+3000–U+3FFF (U+302A…,
        // U+3099), U+A000–U+AFFF, U+F000–U+FFFF (U+FB1E, U+FE00…), and the supplementary
        // planes 1 and 14 (U+E0100…).
        0xE0..=0xE3 | 0xEA | 0xEF | 0xF0 | 0xF3 => true,
        _ => false,
    }
}

/// [`may_start_mark`] for every byte, as a table: the engines' one-lookup filter.
// Evaluated at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
pub const MARK_LEADS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = may_start_mark(b as u8);
        b += 1;
    }
    table
};

/// Whether `c` is a combining mark (general category Mn, Mc or Me).
#[inline]
pub fn is_mark(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x300 {
        false
    } else if cp < 0x800 {
        MARK_BITS_BELOW_0800
            .get((cp >> 6) as usize)
            .is_some_and(|bits| bits >> (cp & 0x3F) & 1 != 0)
    } else {
        unicode_normalization::char::is_combining_mark(c)
    }
}

/// Whether `c` is a zero-width joiner or non-joiner: format characters that Persian, Urdu and
/// Kurdish spelling puts inside words (U+200C, U+200D).
#[inline]
pub const fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Characters removed from text wherever they are: the Arabic tatweel (a stretch of the
/// baseline, U+0640), zero-width spaces and joiners, bidirectional controls and the byte order
/// mark.
#[inline]
pub const fn is_removed(c: char) -> bool {
    matches!(c as u32,
        0x0640 | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060 | 0x2066..=0x2069 | 0xFEFF)
}

/// Whether `c` is a Han ideograph: the CJK Unified Ideographs, their extensions A–I, and the
/// compatibility ideographs (U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF, U+20000–323AF). A test
/// checks the ranges against Unicode's `Ideographic` property (ICU4X's data).
#[inline]
pub const fn is_han_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Whether `c` has no place in stored text although it is not a control character: a character
/// removed from text everywhere ([`is_removed`]), or any other default-ignorable code point
/// (Unicode's `Default_Ignorable_Code_Point`, from ICU4X's data: the invisible mathematical
/// operators, variation selectors, the soft hyphen, tag characters).
pub fn is_invisible(c: char) -> bool {
    is_removed(c) || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// Whether `c` is a bidirectional formatting character (Unicode's `Bidi_Control`, from ICU4X's
/// data: the Arabic letter mark, the left-to-right and right-to-left marks, embeddings,
/// overrides and isolates). They take no room on a terminal.
pub fn is_bidi_control(c: char) -> bool {
    CodePointSetData::new::<BidiControl>().contains(c)
}

/// Whether `c` is a strong right-to-left character (`Bidi_Class` R or AL, from ICU4X's data:
/// the letters of Arabic, Hebrew, Syriac, Thaana and the like), the characters that make a run
/// of text display right to left.
pub fn is_right_to_left(c: char) -> bool {
    matches!(
        CodePointMapData::<BidiClass>::new().get(c),
        BidiClass::RightToLeft | BidiClass::ArabicLetter
    )
}

/// Whether `c` is in Unicode's General Punctuation block (U+2000–U+206F): spaces of set
/// widths, quotation marks, dashes, the prime, joiners and invisible operators.
#[inline]
pub const fn is_general_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}')
}

/// The apostrophe and its look-alikes, which all fold to `'`: the right single quotation mark
/// (the usual typographic apostrophe), the left one (typed for the Uzbek *o‘*, *g‘*), the
/// modifier letters apostrophe (Arabic hamza, Pinyin syllable separator) and turned comma
/// (the Uzbek letter), the grave and acute accents and the prime and modifier prime (typed for
/// all of them on keyboards without them).
pub const APOSTROPHES: &[char] = &[
    '\'', '\u{2019}', '\u{2018}', '\u{02BC}', '\u{02BB}', '`', '\u{00B4}', '\u{02B9}', '\u{2032}',
];

/// Whether `c` is an apostrophe or one of its look-alikes ([`APOSTROPHES`]).
#[inline]
pub const fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '`'
            | '\u{00B4}'
            | '\u{02B9}'
            | '\u{2032}'
    )
}

/// Whether `c` is a hyphen inside a compound word (*Alma-Ata*): the hyphen-minus, the hyphen
/// and the non-breaking hyphen.
#[inline]
pub const fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether `c` is a dot that separates the parts of a name written without spaces: the middle
/// dot U+00B7 that Chinese puts between the parts of a foreign or minority name (the 间隔号 of
/// GB/T 15834-2011, *Use of punctuation marks*: 迈克·蓬佩奥, 努尔苏丹·纳扎尔巴耶夫), and the forms
/// it is typed in: the Katakana middle dot U+30FB, its halfwidth form U+FF65 and the
/// hyphenation point U+2027. The common-Latin key reads it as a space between words.
#[inline]
pub const fn is_name_dot(c: char) -> bool {
    matches!(c, '\u{00B7}' | '\u{30FB}' | '\u{FF65}' | '\u{2027}')
}

/// Whether `c` is a dash (figure, en, em and horizontal-bar dashes, U+2012–U+2015), which
/// keys, like hyphens, treat as a space between words.
#[inline]
pub const fn is_dash(c: char) -> bool {
    matches!(c, '\u{2012}'..='\u{2015}')
}

/// Whether `c` is a comma: the Latin and Cyrillic comma, the Arabic comma (U+060C), the
/// ideographic comma (U+3001) and the fullwidth comma (U+FF0C). Names are listed and qualified
/// after commas (*Kadeer, Rabiya*; *اورال، قزاقستان* "Oral, Kazakhstan").
#[inline]
pub const fn is_comma(c: char) -> bool {
    matches!(c, ',' | '\u{060C}' | '\u{3001}' | '\u{FF0C}')
}

/// Look-alike letters and the letter they fold to, after lower case, in keys and annotation.
///
/// - `ı` → `i`: Turkish, Azerbaijani and Kazakh 2018/2021 write dotless i where sources in
///   other conventions write `i` (see [`fold_char`] for the capitals).
/// - `ё` → `е`: most Russian texts omit the diaeresis.
/// - Arabic script, after the conventions of the Uyghur Ereb Yéziqi (UEY): the alef with hamza
///   or madda and the wasla alef → `ا`; Persian/Urdu keheh `ک` → `ك`; Persian yeh `ی` → `ى`;
///   heh, teh marbuta, heh with yeh, Urdu heh goal and its hamza form → `ە` (U+06D5, the Uyghur
///   and Kazakh vowel letter); Urdu yeh barree and its hamza form → `ې`.
///
/// Source: the letters and their names are those of the Unicode Arabic block chart
/// (U+0600–U+06FF); the equivalences follow the Uyghur Arabic alphabet as tabled in the ALA-LC
/// Uighur romanization table and the Persian/Urdu tables of ALA-LC (keheh and Farsi yeh are the
/// Persian shapes of kaf and yeh; heh goal and yeh barree are Urdu's).
pub const LOOKALIKES: &[(char, char)] = &[
    ('ı', 'i'),
    ('ё', 'е'),
    ('أ', 'ا'),
    ('إ', 'ا'),
    ('آ', 'ا'),
    ('ٱ', 'ا'),
    ('ک', 'ك'),
    ('ی', 'ى'),
    ('ه', 'ە'),
    ('ة', 'ە'),
    ('ۀ', 'ە'),
    ('ہ', 'ە'),
    ('ۂ', 'ە'),
    ('ے', 'ې'),
    ('ۓ', 'ې'),
];

/// The letter a look-alike folds to ([`LOOKALIKES`]), or `c` itself.
#[inline]
pub fn fold_lookalike(c: char) -> char {
    // Every row's letter is ı, ё or in U+0622–U+06D3 (a test checks it).
    if !matches!(c as u32, 0x131 | 0x451 | 0x622..=0x6D3) {
        return c;
    }
    LOOKALIKES
        .iter()
        .find(|&&(from, _)| from == c)
        .map_or(c, |&(_, to)| to)
}

/// Pushes `c` folded: Turkic-aware lower case (`I`, `İ`, `ı` → `i`, so that *ISTANBUL*,
/// *İstanbul* and *Istanbul* meet whichever convention wrote them), then [`fold_lookalike`],
/// and apostrophe look-alikes → `'`. Keys and the annotator fold every character with this
/// function; keys then strip diacritics and marks as well.
#[inline]
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        });
        return;
    }
    match c {
        'İ' | 'ı' => out.push('i'),
        c if is_apostrophe(c) => out.push('\''),
        c if c.is_lowercase() || !c.is_alphabetic() => out.push(fold_lookalike(c)),
        c => {
            for l in c.to_lowercase() {
                out.push(fold_lookalike(l));
            }
        }
    }
}

/// Latin and Cyrillic letters that look alike, as (Latin, Cyrillic) pairs: `normalize` repairs
/// one typed inside a word of the other script. The pairs are letters drawn alike in common
/// fonts, lower and upper case, that the region's alphabets use.
pub const HOMOGLYPHS: &[(char, char)] = &[
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('i', 'і'),
    ('j', 'ј'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('h', 'һ'),
    ('s', 'ѕ'),
    ('ə', 'ә'),
    ('ë', 'ё'),
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('I', 'І'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('Ə', 'Ә'),
    ('S', 'Ѕ'),
    ('J', 'Ј'),
    ('Ë', 'Ё'),
];

/// Cyrillic letters that Kazakh writes and Kyrgyz does not (the Kazakh alphabet of 1940 has ә ғ
/// қ ң ө ұ ү һ і beyond Russian's, the Kyrgyz alphabet of 1940 ң ө ү): a word with one is not
/// Kyrgyz.
pub fn is_kazakh_only_letter(c: char) -> bool {
    matches!(
        c,
        'ә' | 'ғ' | 'қ' | 'ұ' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ұ' | 'Һ' | 'І'
    )
}

/// Arabic-script letters that only Uyghur and Kazakh (not Arabic or Persian) text uses: where
/// one occurs, a heh ه is the vowel letter ە.
pub fn is_uyghur_kazakh_letter(c: char) -> bool {
    matches!(c, 'ە' | 'ې' | 'ۇ' | 'ۆ' | 'ۈ' | 'ۋ' | 'ڭ' | 'ٴ' | 'ھ')
}

/// Whether `c` is an Arabic-script letter that writes a vowel: alef (and its hamza, madda and
/// wasla forms), waw and the Uyghur and Kazakh ۇ ۆ ۈ, yeh (Arabic ي, Persian ی, the folded ى)
/// and ې, the hamza seat ئ, and heh, teh marbuta and ە, which end words on a vowel. Arabic and
/// Persian write only the long vowels and leave the short ones out (an abjad: Unicode Standard,
/// ch. 9.2 *Arabic*, "the Arabic script is an abjad"; ALA-LC Persian romanization, short vowels
/// supplied by the romanizer), while the Uyghur and Kazakh alphabets write every vowel with one
/// of these letters (ALA-LC Uighur and Kazakh tables).
pub fn is_arabic_vowel_letter(c: char) -> bool {
    matches!(
        c,
        'ا' | 'أ'
            | 'إ'
            | 'آ'
            | 'ٱ'
            | 'و'
            | 'ۇ'
            | 'ۆ'
            | 'ۈ'
            | 'ي'
            | 'ی'
            | 'ى'
            | 'ې'
            | 'ئ'
            | 'ه'
            | 'ة'
            | 'ە'
    )
}

/// Whether `word` is Arabic script with no vowel letter ([`is_arabic_vowel_letter`]): a word
/// that, as Arabic and Persian write, leaves its vowels unwritten (*پکن* Pekin), so that its
/// letters are fewer than its sounds. Never true of Uyghur or Kazakh, which write every vowel.
pub fn is_unvocalized_arabic(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| script_of(c) == CharScript::Arabic && c.is_alphabetic())
        && !word.chars().any(is_arabic_vowel_letter)
}

/// Whether `c` is an Arabic presentation form (U+FB50–U+FDEF, U+FE70–U+FEFF): a contextual
/// shape that `normalize` replaces by its base letters.
pub fn is_arabic_presentation_form(c: char) -> bool {
    matches!(c as u32, 0xFB50..=0xFDEF | 0xFE70..=0xFEFF)
}

/// What a letter of the common-Latin alphabet is to the skeleton.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LetterClass {
    /// A vowel (or `y`): dropped by the skeleton.
    Vowel,
    /// A consonant of the given skeleton class (an upper-case letter, see [`SKELETON_CLASSES`]).
    Consonant(char),
}

/// The skeleton classes: each letter or digraph of the common-Latin alphabet (the output of
/// [`crate::key::latin_key`]) and its class letter; vowels and `y` have the empty class.
///
/// Letters meet when the region's languages write each other's sounds with them (the README's
/// table gives the examples and sources):
/// - `J`: `j zh dj dzh` (Russian дж, Kazakh ж, Uyghur ج/ژ, pinyin *zh*, Turkmen *j*);
/// - `S`: `sh ch shch tch tsh` (Kazakh and Russian ш ~ ч: *Чимкент/Шымкент*, *Кандыагач*);
/// - `C`: `ts tz c` (Russian ц, pinyin *c*, German *tz*);
/// - `K`: `k g q gh` (Kazakh қ and ғ, Uyghur ق and غ against Russian к and г);
/// - `H`: `kh h x` (Uyghur ھ and خ against Russian х: *Хотан/Hotan*; Uzbek and Uyghur Latin *x*
///   for х/خ); Turkic `q` is also read as `H` by [`ALTERNATE_CLASSES`] (*Балхаш/Balqash*);
/// - `P`: `b p f ph` (Uyghur has no ф: *Турфан/Turpan*, *Fergana/Pergana*);
/// - `T`: `d t`; `V`: `v w`; `Z`: `s z`; `N`: `n ng`; `L`, `M`, `R`.
pub const SKELETON_CLASSES: &[(&str, &str)] = &[
    ("dzh", "J"),
    ("dj", "J"),
    ("zh", "J"),
    ("j", "J"),
    ("shch", "S"),
    ("sh", "S"),
    ("tsh", "S"),
    ("tch", "S"),
    ("ch", "S"),
    ("ts", "C"),
    ("tz", "C"),
    ("c", "C"),
    ("kh", "H"),
    ("h", "H"),
    ("x", "H"),
    ("gh", "K"),
    ("g", "K"),
    ("k", "K"),
    ("q", "K"),
    ("ng", "N"),
    ("n", "N"),
    ("d", "T"),
    ("t", "T"),
    ("ph", "P"),
    ("b", "P"),
    ("p", "P"),
    ("f", "P"),
    ("v", "V"),
    ("w", "V"),
    ("s", "Z"),
    ("z", "Z"),
    ("l", "L"),
    ("m", "M"),
    ("r", "R"),
    ("a", ""),
    ("e", ""),
    ("i", ""),
    ("o", ""),
    ("u", ""),
    ("y", ""),
];

/// The skeleton class of one letter of the common-Latin alphabet (`a`–`z`), read alone (not as
/// part of a digraph), or `None` for anything else. Two letters of the same class meet in the
/// skeleton; a distance on common-Latin keys can charge less for substituting them.
///
/// ```
/// use tilmach::chars::{LetterClass, letter_class};
/// assert_eq!(letter_class('f'), Some(LetterClass::Consonant('P')));
/// assert_eq!(letter_class('f'), letter_class('p'));
/// assert_ne!(letter_class('s'), letter_class('k'));
/// assert_eq!(letter_class('1'), None);
/// ```
pub fn letter_class(c: char) -> Option<LetterClass> {
    let mut buf = [0u8; 4];
    let s: &str = c.encode_utf8(&mut buf);
    SKELETON_CLASSES
        .iter()
        .find(|(from, _)| *from == s)
        .map(|(_, class)| match class.chars().next() {
            Some(k) => LetterClass::Consonant(k),
            None => LetterClass::Vowel,
        })
}

/// Other readings of common-Latin letters whose sound depends on the spelling tradition, and
/// the skeleton class of that reading: Russian writes Kazakh and Uyghur қ/ق (`q`) as х where
/// it is not к (*Балхаш* for *Балқаш*, *Хоргос* for *Қорғас*); Pinyin and the Uyghur New
/// Script (*Yengi Yeziq*) write ч as `q` (*Ürümqi* for *Урумчи*) and ш as `x` (*Xinjiang*,
/// Uyghur *Shinjang*), where the Turkic Latin alphabets write қ and х with them; the Palladius
/// system of Russian renders pinyin `qi` and `xi` as ци and си (*Урумци*, French *Ouroumtsi*),
/// so `q` also reads as `C` and `x` as `Z`. Used by
/// [`crate::key::skeleton_readings`] (the index files a form, and a query is looked up, under
/// each reading) and by the lookup's phonetic cost (a letter read another way costs as a letter
/// of the same class; the pinyin readings only in a Latin spelling). The Turkish and
/// Azerbaijani alphabets write дж with `c` (Turkish alphabet of 1928, Azerbaijani of 1991:
/// *Cezkazgan*, *Cambıl*, *Əndican*), where pinyin and the Slavic alphabets write ц, so a `c`
/// that does not begin `ch` also reads as `J`, in a query only ([`QUERY_ONLY_ALTERNATES`]).
/// The readings are not classes of their own: `kh` read as `K` would put *халяль* beside
/// *Ghulya*, and every query would meet more strangers.
pub const ALTERNATE_CLASSES: &[(char, &str)] = &[
    ('q', "H"),
    ('q', "S"),
    ('q', "C"),
    ('x', "S"),
    ('x', "Z"),
    ('c', "J"),
];

/// The letters of [`ALTERNATE_CLASSES`] whose other reading a query's spelling has and a
/// form's has not: English writes `c` before a vowel where Turkish would (*Canada*), so a form
/// filed and read with its `c` as дж would meet ordinary Kazakh words (*жанаттай* against
/// *Canada*), while a query in Turkish spelling still meets the name's forms.
pub const QUERY_ONLY_ALTERNATES: &[char] = &['c'];

/// Whether the letter `c` has another reading of [`ALTERNATE_CLASSES`] in a query's spelling
/// (`query`) or in a form's.
pub fn reads_otherwise(c: char, query: bool) -> bool {
    ALTERNATE_CLASSES.iter().any(|&(l, _)| l == c) && (query || !QUERY_ONLY_ALTERNATES.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    #[test]
    fn marks_agree_with_unicode_normalization_for_every_code_point() {
        for c in all_chars() {
            assert_eq!(
                is_mark(c),
                unicode_normalization::char::is_combining_mark(c),
                "{c:?} U+{:04X}",
                c as u32
            );
            if (c as u32) < 0x800 {
                assert_eq!(is_mark_below_0800(c as u32), is_mark(c), "{c:?}");
            }
        }
    }

    #[test]
    fn every_mark_starts_with_a_lead_byte_that_may_start_one() {
        for c in all_chars() {
            let mut buf = [0u8; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            if is_mark(c) {
                assert!(may_start_mark(lead), "{c:?}");
            }
        }
    }

    #[test]
    fn common_letters_are_alphanumeric_letters_of_their_script() {
        for c in all_chars() {
            if let Some(script) = common_letter_script(c) {
                assert!(c.is_alphanumeric(), "{c:?}");
                assert_eq!(script, script_by_table(c), "{c:?}");
            }
        }
    }

    #[test]
    fn scripts_agree_with_unicode_script_for_every_code_point() {
        for c in all_chars() {
            assert_eq!(script_of(c), script_by_table(c), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fold_is_a_fixed_point_and_keeps_ascii_letters() {
        for c in all_chars() {
            let mut once = String::new();
            fold_char(c, &mut once);
            let mut twice = String::new();
            once.chars().for_each(|d| fold_char(d, &mut twice));
            assert_eq!(once, twice, "{c:?} U+{:04X}", c as u32);
        }
        for (from, to) in LOOKALIKES {
            assert_eq!(fold_lookalike(*from), *to);
            assert_ne!(from, to);
            assert!(!LOOKALIKES.iter().any(|(f, _)| f == to), "{to} folds again");
        }
    }

    #[test]
    fn bidi_controls_are_removed_and_invisible() {
        // PropList.txt lists twelve Bidi_Control characters (Unicode 16.0).
        let controls: Vec<char> = all_chars().filter(|&c| is_bidi_control(c)).collect();
        assert_eq!(controls.len(), 12, "{controls:?}");
        for c in controls {
            assert!(is_removed(c) && is_invisible(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn removed_characters_are_default_ignorable_but_for_the_tatweel() {
        for c in all_chars().filter(|&c| is_removed(c) && c != '\u{0640}') {
            assert!(
                CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(is_invisible('\u{2062}') && is_invisible('\u{FE0F}') && is_invisible('\u{00AD}'));
        assert!(!is_invisible('a') && !is_invisible(' ') && !is_invisible('ئ'));
    }

    #[test]
    fn right_to_left_letters_are_arabic_hebrew_and_the_like_not_digits_or_marks() {
        assert!(is_right_to_left('ق') && is_right_to_left('ۆ') && is_right_to_left('א'));
        assert!(is_right_to_left('\u{FEFB}')); // lam-alef ligature, presentation form
        assert!(!is_right_to_left('\u{0661}') && !is_right_to_left('\u{064E}'));
        assert!(!is_right_to_left('a') && !is_right_to_left('Ж') && !is_right_to_left('\u{FEFF}'));
        for c in all_chars().filter(|&c| is_right_to_left(c)) {
            let script = c.script();
            assert!(
                !matches!(
                    script,
                    unicode_script::Script::Latin
                        | unicode_script::Script::Cyrillic
                        | unicode_script::Script::Han
                ),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn han_ideographs_are_the_ideographic_characters_of_the_han_script() {
        use icu_properties::props::Ideographic;
        let ideographic = CodePointSetData::new::<Ideographic>();
        let assigned = |c: char| !matches!(c.script(), unicode_script::Script::Unknown);
        let differ: Vec<String> = all_chars()
            .filter(|&c| assigned(c))
            .filter(|&c| {
                let expected = ideographic.contains(c)
                    && c.script() == unicode_script::Script::Han
                    && !('\u{2E80}'..='\u{33FF}').contains(&c) // radicals, CJK symbols: 〆 〇 〡
                    && !('\u{16FE0}'..='\u{16FFF}').contains(&c) // ideographic symbols block
                    && c < '\u{323B0}';
                is_han_ideograph(c) != expected
            })
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    #[test]
    fn apostrophes_fold_to_one() {
        for &c in APOSTROPHES {
            assert!(is_apostrophe(c));
            let mut out = String::new();
            fold_char(c, &mut out);
            assert_eq!(out, "'");
        }
        assert!(!is_apostrophe('"') && !is_apostrophe('a'));
    }

    #[test]
    fn every_skeleton_row_is_lower_case_latin_with_an_upper_case_class() {
        let mut seen = std::collections::HashSet::new();
        for (from, class) in SKELETON_CLASSES {
            assert!(seen.insert(*from), "duplicate {from}");
            assert!(from.bytes().all(|b| b.is_ascii_lowercase()), "{from}");
            assert!(class.bytes().all(|b| b.is_ascii_uppercase()), "{class}");
            assert!(class.len() <= 1);
        }
        for c in 'a'..='z' {
            assert!(letter_class(c).is_some(), "{c} has no class");
        }
    }

    /// Unicode Standard, ch. 9.2: Arabic and Persian write long vowels only; Uyghur writes
    /// every vowel.
    #[test]
    fn unvocalized_arabic_is_a_word_without_a_vowel_letter() {
        assert!(is_unvocalized_arabic("پکن"));
        assert!(is_unvocalized_arabic("پكن"));
        assert!(!is_unvocalized_arabic("بېيجىڭ"));
        assert!(!is_unvocalized_arabic("بكين"));
        assert!(!is_unvocalized_arabic("خانه"));
        assert!(!is_unvocalized_arabic("pkn"));
        assert!(!is_unvocalized_arabic(""));
    }
}
