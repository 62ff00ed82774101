//! Steps 2 and 3 of the key pipeline: the lookup key, the common-Latin key and the
//! cross-script skeleton.
//!
//! Index building and querying must compute exactly the same keys, so the three functions here
//! form one pipeline with one version number, [`PIPELINE_VERSION`], which index files record.
//! Every step is driven by data tables ([`KEY_FOLD`], [`LATIN`], [`SKELETON`]) applied by one
//! small longest-match engine; changing a table changes the keys and must bump the version.
//!
//! - [`key`]: [`normalize`], then a case fold, then per-script
//!   folding. The fold is *Turkic-aware by being script-blind*: `I`, `İ`, `ı` and `i` all fold to
//!   `i`. Case-folding `I` to `ı` (Turkish/Azerbaijani/Kazakh-2021 style) would make
//!   *ISTANBUL* miss *istanbul*, and folding `İ` to `i̇` (the Unicode default) would make
//!   *İstanbul* miss *Istanbul*; since sources mix Turkish, Kazakh (2018 writes и as `ı`, 2021
//!   writes і as `ı`) and English conventions, the key keeps no dotted/dotless distinction at all.
//!   Latin diacritics are stripped (`ş` → `s`, `ä` → `a`), Cyrillic `ё` → `е` (but `й` stays:
//!   it is a letter of its own), and Arabic-script letter forms are unified (alef variants → `ا`,
//!   Persian `ک`/`ی` → Uyghur `ك`/`ى`, `ه`/`ة` → `ە`, harakat removed).
//! - [`latin_key`]: every script into one reduced Latin alphabet (`ж` → `zh`, `дж` → `j`,
//!   `ғ`/`غ` → `gh`, `қ`/`ق` → `q`, `ұ`/`ү` → `u`, `ң`/`ڭ` → `ng`, `х` → `kh`, `ş` → `sh`…),
//!   apostrophes dropped, hyphens turned into spaces.
//! - [`skeleton`]: the common-Latin key reduced to consonant classes (`k g q gh` → `K`,
//!   `j zh dj dzh` → `J`, `d t` → `T`, `b p` → `P`, `kh h x` → `H`, …), vowels dropped, repeats
//!   collapsed, so that *Kuldja*, *Kulja*, *Ghulja*, *Gulja*, *Кульджа*, *Құлжа* and *غۇلجا*
//!   all give `KLJ`. A skeleton is a recall channel: many unrelated names share one.
//!
//! ```
//! use tilmach::key::{key, latin_key, skeleton};
//! assert_eq!(key("İSTANBUL"), key("Istanbul"));
//! assert_eq!(key("Şymkent"), "symkent");
//! assert_eq!(latin_key("Жаркент"), "zharkent");
//! assert_eq!(latin_key("Құлжа"), "qulzha");
//! assert_eq!(skeleton("Kuldja"), skeleton("غۇلجا"));
//! assert_eq!(skeleton("Dzharkent"), skeleton("Джаркент"));
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize::normalize;

/// The version of the key pipeline (normalize + [`key`] + [`latin_key`] + [`skeleton`]).
///
/// Index files record it; a file built by another version is refused, because its keys would
/// not match the keys computed for queries. It changes whenever [`crate::normalize::VERSION`]
/// or any of the key tables changes (version 2: normalize repeats its steps to a fixed point;
/// version 3: Traditional Han characters fold to Simplified, and the common-Latin key reads Han
/// in pinyin).
pub const PIPELINE_VERSION: u32 = 3;

/// Per-script folding applied by [`key`] after the case fold, one character at a time.
///
/// Each row maps a (lower-case) character to its replacement; an empty replacement removes it.
/// Latin letters with a canonical decomposition lose their marks without needing a row here.
pub const KEY_FOLD: &[(&str, &str)] = &[
    // Dotted and dotless i: see the module documentation.
    ("ı", "i"),
    // Cyrillic: ё is е with a diaeresis most texts omit; й is kept (a letter of its own).
    ("ё", "е"),
    // Latin letters without a decomposition.
    ("ø", "o"),
    ("ł", "l"),
    ("đ", "d"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
    // Arabic script: alef forms, Persian look-alikes, heh/teh marbuta as Uyghur ە.
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ک", "ك"),
    ("ی", "ى"),
    ("ه", "ە"),
    ("ة", "ە"),
    ("ۀ", "ە"),
    ("ـ", ""),
    // Harakat (vowel signs) and the superscript alef.
    ("\u{064B}", ""),
    ("\u{064C}", ""),
    ("\u{064D}", ""),
    ("\u{064E}", ""),
    ("\u{064F}", ""),
    ("\u{0650}", ""),
    ("\u{0651}", ""),
    ("\u{0652}", ""),
    ("\u{0670}", ""),
];

/// The common-Latin table applied by [`latin_key`] (longest match first) to case-folded text.
///
/// Letters of Russian, Kazakh and Uyghur Cyrillic, Uyghur and Kazakh Arabic script, and the Latin
/// letters with a Turkic reading (ULY, Kazakh 2018/2021, Yengi Yeziq, Turkological) map to a
/// reduced Latin alphabet of `a`–`z` and the digraphs `zh sh ch gh kh ng ts`. Where the scripts
/// disagree on a vowel the choice follows the most common spelling in texts about the region
/// (Kazakh ә → `a` like Kazakh Latin `ä`, Uyghur ە → `e` like ULY); vowels are dropped by the
/// skeleton anyway.
pub const LATIN: &[(&str, &str)] = &[
    // Cyrillic (Russian, Kazakh, Uyghur), two-letter rows first in effect (longest match).
    ("дж", "j"),
    ("а", "a"),
    ("ә", "a"),
    ("б", "b"),
    ("в", "v"),
    ("г", "g"),
    ("ғ", "gh"),
    ("д", "d"),
    ("е", "e"),
    ("ё", "e"),
    ("ж", "zh"),
    ("җ", "j"),
    ("з", "z"),
    ("и", "i"),
    ("й", "y"),
    ("к", "k"),
    ("қ", "q"),
    ("л", "l"),
    ("м", "m"),
    ("н", "n"),
    ("ң", "ng"),
    ("о", "o"),
    ("ө", "o"),
    ("п", "p"),
    ("р", "r"),
    ("с", "s"),
    ("т", "t"),
    ("у", "u"),
    ("ұ", "u"),
    ("ү", "u"),
    ("ў", "u"),
    ("ф", "f"),
    ("х", "kh"),
    ("һ", "h"),
    ("ц", "ts"),
    ("ч", "ch"),
    ("ш", "sh"),
    ("щ", "shch"),
    ("ъ", ""),
    ("ы", "y"),
    ("і", "i"),
    ("ь", ""),
    ("э", "e"),
    ("ю", "yu"),
    ("я", "ya"),
    // Uyghur and Kazakh Arabic script (after the key fold: ە for heh, ى for Farsi yeh).
    ("ا", "a"),
    ("ە", "e"),
    ("ب", "b"),
    ("پ", "p"),
    ("ت", "t"),
    ("ج", "j"),
    ("چ", "ch"),
    ("خ", "kh"),
    ("ح", "kh"),
    ("د", "d"),
    ("ر", "r"),
    ("ز", "z"),
    ("ژ", "zh"),
    ("س", "s"),
    ("ش", "sh"),
    ("غ", "gh"),
    ("ع", "gh"),
    ("ف", "f"),
    ("ق", "q"),
    ("ك", "k"),
    ("گ", "g"),
    ("ڭ", "ng"),
    ("ل", "l"),
    ("م", "m"),
    ("ن", "n"),
    ("ھ", "h"),
    ("و", "o"),
    ("ۇ", "u"),
    ("ۆ", "o"),
    ("ۈ", "u"),
    ("ۋ", "w"),
    ("ې", "e"),
    ("ى", "i"),
    ("ي", "y"),
    ("ئ", ""),
    ("ء", ""),
    ("ٴ", ""),
    ("ث", "s"),
    ("ذ", "z"),
    ("ص", "s"),
    ("ض", "z"),
    ("ط", "t"),
    ("ظ", "z"),
    // Latin letters with a Turkic reading.
    ("ş", "sh"),
    ("ș", "sh"),
    ("š", "sh"),
    ("ç", "ch"),
    ("č", "ch"),
    ("ğ", "gh"),
    ("ǵ", "gh"),
    ("ƣ", "gh"),
    ("ñ", "ng"),
    ("ń", "ng"),
    ("ŋ", "ng"),
    ("ž", "zh"),
    ("ⱬ", "zh"),
    ("ǰ", "j"),
    ("ⱪ", "q"),
    ("ⱨ", "h"),
    ("ə", "e"),
    ("ɵ", "o"),
    // Apostrophes (hamza, ULY separators) and hyphens.
    ("'", ""),
    ("’", ""),
    ("ʼ", ""),
    ("ʻ", ""),
    ("`", ""),
    ("-", " "),
    ("‐", " "),
    ("‑", " "),
    ("–", " "),
    ("—", " "),
];

/// The consonant-class table applied by [`skeleton`] (longest match first) to a common-Latin key.
///
/// Each row maps a letter or digraph of the reduced Latin alphabet to its class letter; vowels
/// and `y` map to nothing. Characters with no row (digits, other scripts) are kept as they are;
/// spaces and punctuation are dropped.
pub const SKELETON: &[(&str, &str)] = &[
    ("dzh", "J"),
    ("dj", "J"),
    ("zh", "J"),
    ("j", "J"),
    ("shch", "S"),
    ("sh", "S"),
    ("tsh", "C"),
    ("tch", "C"),
    ("ch", "C"),
    ("ts", "C"),
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
    ("b", "P"),
    ("p", "P"),
    ("v", "V"),
    ("w", "V"),
    ("f", "F"),
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

/// The patterns starting with one character, longest first, with their replacements.
type Patterns = Vec<(Box<[char]>, &'static str)>;

/// A compiled rewrite table: for each first character, its patterns.
///
/// Characters below U+3000 (every row of the tables) are looked up in a dense array; others in
/// a map.
struct Rules {
    /// `dense[c]` is 1 + the index in `groups` of the patterns starting with `c`, or 0.
    dense: Vec<u16>,
    sparse: HashMap<char, usize>,
    groups: Vec<Patterns>,
}

/// The characters looked up in the dense array.
const DENSE: usize = 0x3000;

impl Rules {
    fn compile(rows: &'static [(&'static str, &'static str)]) -> Rules {
        let mut by_first: HashMap<char, Patterns> = HashMap::new();
        for &(from, to) in rows {
            let pattern: Box<[char]> = from.chars().collect();
            if let Some(&first) = pattern.first() {
                by_first.entry(first).or_default().push((pattern, to));
            }
        }
        let mut rules = Rules {
            dense: vec![0; DENSE],
            sparse: HashMap::new(),
            groups: Vec::new(),
        };
        let mut firsts: Vec<char> = by_first.keys().copied().collect();
        firsts.sort_unstable();
        for first in firsts {
            let mut patterns = by_first.remove(&first).unwrap_or_default();
            patterns.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
            rules.groups.push(patterns);
            let group = rules.groups.len();
            match rules.dense.get_mut(first as usize) {
                // The tables have far fewer than 65,535 rows.
                Some(slot) => *slot = u16::try_from(group).unwrap_or(0),
                None => {
                    rules.sparse.insert(first, group - 1);
                }
            }
        }
        rules
    }

    /// The replacement and the number of characters consumed by the longest pattern matching at
    /// the start of `chars`, if any.
    #[inline]
    fn longest(&self, chars: &[char]) -> Option<(&'static str, usize)> {
        let first = *chars.first()?;
        let group = match self.dense.get(first as usize) {
            Some(0) => return None,
            Some(&g) => usize::from(g) - 1,
            None => *self.sparse.get(&first)?,
        };
        self.groups
            .get(group)?
            .iter()
            .find(|(pattern, _)| chars.starts_with(pattern))
            .map(|(pattern, to)| (*to, pattern.len()))
    }

    /// Rewrites `chars`, passing characters without a pattern to `other`.
    fn apply(&self, chars: &[char], out: &mut String, mut other: impl FnMut(char, &mut String)) {
        let mut rest = chars;
        while let Some(&c) = rest.first() {
            match self.longest(rest) {
                Some((to, consumed)) => {
                    out.push_str(to);
                    rest = rest.get(consumed..).unwrap_or_default();
                }
                None => {
                    other(c, out);
                    rest = rest.get(1..).unwrap_or_default();
                }
            }
        }
    }
}

fn key_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::compile(KEY_FOLD))
}

fn latin_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::compile(LATIN))
}

fn skeleton_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::compile(SKELETON))
}

/// Whether `c` is a combining diacritical mark (U+0300–U+036F).
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Whether `c` is a precomposed Latin letter that may carry diacritics.
fn is_latin_extended(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Case-folds `text` into characters: `I`, `İ` → `i`, everything else by Unicode lowercase.
fn fold_case(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'I' | 'İ' => chars.push('i'),
            c if c.is_lowercase() || !c.is_alphabetic() => chars.push(c),
            c => chars.extend(c.to_lowercase()),
        }
    }
    chars
}

/// Pushes `c` with its Latin diacritics removed; drops stray combining marks.
fn strip_marks(c: char, out: &mut String) {
    if is_combining_mark(c) {
        return;
    }
    if is_latin_extended(c) {
        let mut base = None;
        unicode_normalization::char::decompose_canonical(c, |d| {
            if base.is_none() {
                base = Some(d);
            }
        });
        // Case folding ran before; a precomposed capital's base (Ǿ → Ø) needs it again.
        out.extend(base.unwrap_or(c).to_lowercase());
    } else {
        out.push(c);
    }
}

/// The exact-lookup key of `text`: normalized, case-folded, per-script folded.
///
/// ```
/// use tilmach::key::key;
/// assert_eq!(key("Alma-Ata"), "alma-ata");
/// assert_eq!(key("Ürümqi"), "urumqi");
/// assert_eq!(key("Семёновка"), "семеновка");
/// assert_eq!(key("Қазақстан"), "қазақстан");
/// ```
pub fn key(text: &str) -> String {
    if text.is_ascii() {
        // No fold-table row and no diacritic applies to ASCII: the key is the normalized text
        // in lower case, and it is settled.
        let mut key = normalize(text).into_owned();
        key.make_ascii_lowercase();
        return key;
    }
    let mut key = key_once(text);
    // The steps can feed each other on unusual text (a stripped diacritic leaves a homoglyph that
    // normalize repairs, a composed Arabic letter is folded on the next pass): repeat until the
    // key is its own key. The fold table maps onto letters it does not fold again, so a key
    // that normalize leaves alone is settled; ASCII keys always are.
    for _ in 0..MAX_PASSES {
        if key.is_ascii() || matches!(normalize(&key), std::borrow::Cow::Borrowed(_)) {
            break;
        }
        key = key_once(&key);
    }
    key
}

/// The most extra passes [`key`] makes; every input seen settles in two.
const MAX_PASSES: usize = 4;

fn key_once(text: &str) -> String {
    let normal = normalize(text);
    let mut chars: Vec<char> = Vec::with_capacity(normal.len());
    for c in normal.chars() {
        match c {
            'I' | 'İ' => chars.push('i'),
            // Latin letters lose their diacritics before the fold table runs, so that the table
            // sees the base letter of a precomposed one (Ǿ → ø → o), as it would on a second pass.
            c if is_latin_extended(c) => {
                let mut base = c;
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if base == c {
                        base = d;
                    }
                });
                chars.extend(base.to_lowercase());
            }
            c if crate::han::is_han(c) => chars.push(crate::han::simplified(c)),
            c if c.is_lowercase() || !c.is_alphabetic() => chars.push(c),
            c => chars.extend(c.to_lowercase()),
        }
    }
    let mut out = String::with_capacity(text.len());
    key_rules().apply(&chars, &mut out, strip_marks);
    // A dropped mark can leave a space at an end or two spaces together ("j \u{345}").
    if out.starts_with(' ') || out.ends_with(' ') || out.contains("  ") {
        out = out
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    out
}

/// The common-Latin key of `text`: every script mapped into one reduced Latin alphabet.
///
/// ```
/// use tilmach::key::latin_key;
/// assert_eq!(latin_key("Кульджа"), "kulja");
/// assert_eq!(latin_key("غۇلجا"), "ghulja");
/// assert_eq!(latin_key("Şymkent"), "shymkent");
/// ```
pub fn latin_key(text: &str) -> String {
    let mut chars = fold_case(&normalize(text));
    // Apply the key fold first so that Arabic look-alikes and Latin oddities are unified.
    let mut folded = String::with_capacity(text.len());
    key_rules().apply(&chars, &mut folded, |c, out| out.push(c));
    chars.clear();
    chars.extend(folded.chars());
    let mut out = String::with_capacity(text.len());
    latin_rules().apply(&chars, &mut out, |c, out| {
        if crate::han::is_han(c) {
            // Han text is read in pinyin, Traditional characters as their Simplified forms.
            match crate::han::pinyin(crate::han::simplified(c)) {
                Some(reading) => out.push_str(reading),
                None => out.push(c),
            }
        } else {
            strip_marks(c, out);
        }
    });
    out
}

/// The cross-script skeleton of `text`: consonant classes of its common-Latin key, vowels
/// dropped, spaces and punctuation dropped, repeated classes collapsed.
///
/// ```
/// use tilmach::key::skeleton;
/// assert_eq!(skeleton("Kuldja"), "KLJ");
/// assert_eq!(skeleton("Жаркент"), "JRKNT");
/// ```
pub fn skeleton(text: &str) -> String {
    skeleton_of_latin(&latin_key(text))
}

/// The skeleton of a common-Latin key.
pub(crate) fn skeleton_of_latin(latin: &str) -> String {
    let latin: Vec<char> = latin.chars().collect();
    let mut classes = String::with_capacity(latin.len());
    skeleton_rules().apply(&latin, &mut classes, |c, out| {
        if c.is_alphanumeric() {
            out.push(c);
        }
    });
    let mut out = String::with_capacity(classes.len());
    let mut last = None;
    for c in classes.chars() {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Reads a common-Latin key as the skeleton table does, calling `unit` for each letter or
/// digraph with its class: `Some("")` for a vowel, `Some(class)` for a consonant, `None` for a
/// character the table has no row for (spaces, digits, letters of other scripts).
pub(crate) fn skeleton_units<'a>(
    latin: &'a str,
    mut unit: impl FnMut(&'a str, Option<&'static str>),
) {
    let rules = skeleton_rules();
    let starts: Vec<usize> = latin.char_indices().map(|(i, _)| i).collect();
    let chars: Vec<char> = latin.chars().collect();
    let mut i = 0;
    while let Some(&start) = starts.get(i) {
        let rest = chars.get(i..).unwrap_or_default();
        let (class, consumed) = match rules.longest(rest) {
            Some((to, consumed)) => (Some(to), consumed.max(1)),
            None => (None, 1),
        };
        let end = starts.get(i + consumed).copied().unwrap_or(latin.len());
        unit(latin.get(start..end).unwrap_or_default(), class);
        i += consumed;
    }
}

/// The key of the cross-script channel: the skeleton, a NUL, then the common-Latin key, or
/// `None` when the text has no letter or digit in the common-Latin alphabet.
///
/// Keys sharing a skeleton are adjacent in this order, so one range scan lists a skeleton's
/// bucket together with each member's common-Latin key.
pub(crate) fn cross_script_key(text: &str) -> Option<String> {
    let latin = latin_key(text);
    if !latin.chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut out = skeleton_of_latin(&latin);
    out.push('\0');
    out.push_str(&latin);
    Some(out)
}

#[cfg(test)]
mod tests {
    /// Found by the `keys` fuzz target: inputs whose key was not its own key.
    #[test]
    fn regression_keys_are_fixed_points() {
        for text in [
            "\0J \u{345}\n",
            "\0\u{8}\u{1FE}",
            "\u{647}\u{654}",
            "ЦÀ",
            "Ǿresund",
        ] {
            let k = super::key(text);
            assert_eq!(super::key(&k), k, "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn turkic_i_forms_meet() {
        let keys: Vec<String> = ["Istanbul", "ISTANBUL", "istanbul", "İstanbul", "ıstanbul"]
            .iter()
            .map(|s| key(s))
            .collect();
        assert!(keys.iter().all(|k| k == "istanbul"), "{keys:?}");
    }

    #[test]
    fn cyrillic_short_i_is_kept() {
        assert_eq!(key("Май"), "май");
        assert_ne!(key("Май"), key("Маи"));
    }

    #[test]
    fn tables_have_no_duplicate_patterns() {
        for table in [KEY_FOLD, LATIN, SKELETON] {
            let mut seen = std::collections::HashSet::new();
            for (from, _) in table {
                assert!(seen.insert(*from), "duplicate row {from:?}");
            }
        }
    }
}
