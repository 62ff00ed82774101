//! The single pass that converts text with a compiled [`Table`]: runs of ASCII characters that
//! start no rule copied in one step, the tight loop over direct letters, and the longest-match
//! walk of the trie for everything else, with the case of each output chosen from its
//! neighbours.

use unicode_normalization::char::compose;

use super::{Alt, CaseMode, DENSE, DIRECT_BYTES, Direct, SMALL, Table};
use crate::chars::{MARK_BITS_BELOW_0800, MARK_LEADS, is_mark};
use crate::normalize::needs_cleaning;

/// Why [`Table::run`] stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Strict mode met a character outside the alphabet, at this byte offset.
    Outside(char, usize),
    /// Arabic-script text needs cleaning (presentation forms, U+0647 …) before conversion.
    Dirty,
}

/// The size of the buffer the loop of direct letters writes into before appending to the output.
const STAGE: usize = 128;

impl Table {
    /// The same table without its direct letters: every character takes the general path (the
    /// trie walk), which the direct loop must agree with.
    #[cfg(test)]
    fn general_only(&self) -> Table {
        Table {
            direct: Box::new([None; DENSE]),
            direct_upper: Box::new([None; DENSE]),
            alts: Vec::new(),
            ..self.clone()
        }
    }

    /// Computes the word flag for the word starting at the beginning of `rest`.
    fn word_flag_at(&self, rest: &str) -> bool {
        let Some((any, none)) = &self.word_flag else {
            return false;
        };
        let mut hit = false;
        let mut chars = rest.chars().take_while(|&c| self.is_word(c)).peekable();
        while let Some(mut c) = chars.next() {
            // Decomposed input: judge the composed letter (е + U+0308 is ё, not е).
            if let Some(composed) = chars
                .peek()
                .filter(|&&m| is_mark(m))
                .and_then(|&m| compose(c, m))
            {
                c = composed;
                chars.next();
            }
            let f = self.fold(c);
            if none.binary_search(&f).is_ok() {
                return false;
            }
            hit |= any.binary_search(&f).is_ok();
        }
        hit
    }

    /// Converts `input`, appending its UTF-8 to `out`: only whole characters and whole strings
    /// are appended, so `out` stays UTF-8 when it was. In strict mode, the first character that no rule
    /// covers and that is a letter or mark is returned with its byte offset.
    pub(crate) fn run(
        &self,
        input: &str,
        out: &mut Vec<u8>,
        strict: bool,
        cleaned: bool,
    ) -> Result<(), Stop> {
        let bytes = input.as_bytes();
        let mut pos = 0usize;
        // The previous character, case-folded and canonical, and whether it was upper case.
        let mut prev: Option<char> = None;
        let mut prev_upper = false;
        let mut flag = false;
        // Whether the text has small letters (computed when first needed).
        let mut mixed_case: Option<bool> = None;
        // Direct letters' outputs are staged here and appended to `out` when it fills and when a
        // run of them ends: one bounds check per letter instead of a vector's growth check.
        let mut stage = [0u8; STAGE];
        while let Some(&b) = bytes.get(pos) {
            if b < 0x80 && self.dense.get(b as usize).copied().unwrap_or(0) == 0 {
                let start = pos;
                while let Some(&b) = bytes.get(pos) {
                    if b >= 0x80 || self.dense.get(b as usize).copied().unwrap_or(0) != 0 {
                        break;
                    }
                    if strict && b.is_ascii_alphabetic() {
                        return Err(Stop::Outside(b as char, pos));
                    }
                    pos += 1;
                }
                match bytes.get(start..pos).unwrap_or(&[]) {
                    // Mostly a single space: no copy call.
                    &[one] => out.push(one),
                    run => out.extend_from_slice(run),
                }
                prev = bytes.get(pos.wrapping_sub(1)).map(|&b| b as char);
                prev_upper = prev.is_some_and(|c| c.is_ascii_uppercase());
                continue;
            }
            // The common case: a run of lower-case one- or two-byte letters with rules of their
            // own, converted in a tight loop. With word features, a letter that starts a word is
            // left to the general path, which settles the word's flag and prefix.
            if b < 0xE0 {
                let words = self.word_features;
                let mut last = None;
                let mut prev_word = words && prev.is_some_and(|p| self.is_word(p));
                let mut staged = 0usize;
                while let Some(&b) = bytes.get(pos) {
                    if b >= 0xE0 {
                        break;
                    }
                    let (cp, len) = if b < 0x80 {
                        (usize::from(b), 1)
                    } else {
                        let b2 = bytes.get(pos + 1).copied().unwrap_or(0);
                        (usize::from(b & 0x1F) << 6 | usize::from(b2 & 0x3F), 2)
                    };
                    // Two bytes hold 11 bits: masked, `cp` is always inside the dense arrays
                    // (which lets the compiler drop the bounds checks).
                    let cp = cp & (DENSE - 1);
                    let direct = match self.direct.get(cp) {
                        Some(Some(direct)) => direct,
                        _ => match self.direct_upper.get(cp) {
                            Some(Some(direct)) if self.small_at(bytes, pos + len) => direct,
                            _ => break,
                        },
                    };
                    if next_is_mark(bytes, pos + len)
                        || (direct.check
                            && ((words && direct.word && !prev_word)
                                || (direct.node != 0
                                    && self.continues(direct.node, input, pos + len))))
                    {
                        break;
                    }
                    let (text, text_len, text_last, text_word) = match (direct.check
                        && direct.alts.0 < direct.alts.1)
                        .then(|| self.alt(direct, last.or(prev), input, pos + len))
                        .flatten()
                    {
                        Some(a) => (&a.bytes, a.len, a.last, a.last_word),
                        None => (&direct.bytes, direct.len, direct.last, direct.last_word),
                    };
                    if staged > STAGE - DIRECT_BYTES {
                        out.extend_from_slice(stage.get(..staged).unwrap_or_default());
                        staged = 0;
                    }
                    if let Some(slot) = stage.get_mut(staged..staged + DIRECT_BYTES) {
                        slot.copy_from_slice(text);
                    }
                    staged += usize::from(text_len);
                    last = Some(text_last);
                    prev_word = text_word;
                    pos += len;
                }
                out.extend_from_slice(stage.get(..staged).unwrap_or_default());
                if last.is_some() {
                    prev = last;
                    prev_upper = false;
                    continue;
                }
            }
            let rest = input.get(pos..).unwrap_or("");
            let Some(c) = rest.chars().next() else { break };
            if self.arabic && !cleaned && needs_cleaning(c) {
                return Err(Stop::Dirty);
            }
            if self.word_features && self.is_word(c) && !prev.is_some_and(|p| self.is_word(p)) {
                flag = self.word_flag_at(rest);
                if flag && !self.word_prefix.is_empty() {
                    out.extend_from_slice(self.word_prefix.as_bytes());
                }
            }
            match self.best_rule(c, rest, flag, prev) {
                Some((r, len, upper)) => {
                    let Some(rule) = self.rules.get(r as usize) else {
                        break;
                    };
                    let after = rest.get(len..).unwrap_or("");
                    let (which, upper, caseless) = self.output_case(
                        rule.cased,
                        (c, rest.get(..len).unwrap_or("")),
                        upper,
                        (prev_upper, after),
                        (input, &mut mixed_case),
                    );
                    let (s, e) = rule.out.get(which).copied().unwrap_or((0, 0));
                    let emitted = self.arena.get(s as usize..e as usize).unwrap_or("");
                    out.extend_from_slice(emitted.as_bytes());
                    prev = Some(rule.last);
                    // A capital key written in title case (Sh·ch → Шч) ends in a small letter:
                    // a caseless sign after it is small too (Sh·ch’ → Шчь).
                    prev_upper = which == 2
                        || (upper
                            && !caseless
                            && (which != 1
                                || emitted
                                    .chars()
                                    .rev()
                                    .find(|c| c.is_uppercase() || c.is_lowercase())
                                    .is_none_or(char::is_uppercase)));
                    pos += len;
                }
                None => {
                    if strict && self.is_word(c) {
                        return Err(Stop::Outside(c, pos));
                    }
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    if !is_mark(c) {
                        prev = Some(c);
                        prev_upper = self.is_cased(c) && self.fold(c) != c;
                    }
                    pos += c.len_utf8();
                }
            }
        }
        Ok(())
    }

    /// The rule for the text at the start of `rest`, which starts with `c`: the longest key of
    /// the trie whose rule applies (its word flag is `flag` or none, its contexts hold after
    /// `prev` and before the key), as `(rule, key length in bytes, whether the key is upper
    /// case)`. None when no key applies, or when the key is a single letter followed by a
    /// combining mark it composes with: that is a different letter no rule knows (е + U+0308 is
    /// ё in an alphabet without ё), left as it is, as the composed letter would be.
    #[inline]
    fn best_rule(
        &self,
        c: char,
        rest: &str,
        flag: bool,
        prev: Option<char>,
    ) -> Option<(u32, usize, bool)> {
        let mut chars = rest.chars();
        chars.next();
        let mut best: Option<(u32, usize, bool)> = None;
        if let Some((mut node, upper)) = self.root(c) {
            let mut len = c.len_utf8();
            loop {
                if let Some(n) = self.nodes.get(node as usize) {
                    for &r in &n.rules {
                        let Some(rule) = self.rules.get(r as usize) else {
                            continue;
                        };
                        if rule.free {
                            best = Some((r, len, upper));
                            break;
                        }
                        if rule.word.is_some_and(|w| w != flag) {
                            continue;
                        }
                        if !self.in_ctx(&rule.prev, prev) {
                            continue;
                        }
                        if !rule.next.is_any() {
                            let next = rest.get(len..).and_then(|s| s.chars().next());
                            if !self.in_ctx(&rule.next, next) {
                                continue;
                            }
                        }
                        best = Some((r, len, upper));
                        break;
                    }
                }
                let Some(n) = self.nodes.get(node as usize) else {
                    break;
                };
                if n.children.is_empty() {
                    break;
                }
                let Some(nc) = chars.next() else { break };
                let f = self.fold(nc);
                let child = n.children.iter().find(|(k, _)| *k == f);
                match child {
                    Some(&(_, id)) => {
                        node = id;
                        len += nc.len_utf8();
                    }
                    None => break,
                }
            }
        }
        if let Some((_, len, _)) = best {
            // Lead bytes of combining marks: a cheap filter first.
            let lead = rest.as_bytes().get(len).copied().unwrap_or(0);
            if len == c.len_utf8() && MARK_LEADS.get(usize::from(lead)) == Some(&true) {
                let next = rest.get(len..).and_then(|r| r.chars().next());
                if next.is_some_and(|m| is_mark(m) && compose(c, m).is_some()) {
                    best = None;
                }
            }
        }
        best
    }

    /// Which output of a rule to write, 0 small, 1 title case, 2 capitals, with whether the key
    /// is upper case and whether it has no case: `cased` is the rule's, `key` the character
    /// that starts the key and the key, `upper` whether the trie met the key upper case,
    /// `prev_upper` whether the character before it was a capital and `after` the text after
    /// it, `input` the whole text and `mixed_case` whether it has small letters (computed when
    /// first needed).
    #[inline]
    fn output_case(
        &self,
        cased: bool,
        (c, key): (char, &str),
        upper: bool,
        (prev_upper, after): (bool, &str),
        (input, mixed_case): (&str, &mut Option<bool>),
    ) -> (usize, bool, bool) {
        let mut upper = upper;
        let mut caseless = !upper && cased && self.src_case != CaseMode::None && !self.is_cased(c);
        if caseless {
            // A key that starts with a mark of no case (BGN's ·y, ·e): its first cased letter
            // decides.
            if let Some(l) = key.chars().find(|&l| self.is_cased(l)) {
                upper = self.fold(l) != l;
                caseless = false;
            }
        }
        let which = if upper {
            // An all-caps word is written in capitals in all-caps text and before a name (ЩУКИН
            // Иван), and as an abbreviation (each letter in title case: VTsIOM) elsewhere in
            // text with small letters.
            if self.all_caps(prev_upper, after)
                && !(*mixed_case.get_or_insert_with(|| has_lower(input))
                    && self.abbreviation(after))
            {
                2
            } else {
                1
            }
        } else if caseless && self.all_caps(prev_upper, after) {
            // A caseless symbol (ʹ ʺ `) inside an all-caps word: ОБЪЕМ, OBʺEM.
            2
        } else {
            0
        };
        (which, upper, caseless)
    }

    /// The first of `direct`'s rules with a context that applies after `prev` and before the
    /// character at byte `after` of `input`, as the trie walk would choose it.
    #[inline]
    fn alt(&self, direct: &Direct, prev: Option<char>, input: &str, after: usize) -> Option<&Alt> {
        let (start, end) = direct.alts;
        let mut next: Option<Option<char>> = None;
        self.alts
            .get(start as usize..end as usize)
            .unwrap_or(&[])
            .iter()
            .find(|a| {
                self.rules.get(a.rule as usize).is_some_and(|rule| {
                    self.in_ctx(&rule.prev, prev)
                        && (rule.next.any || {
                            let n = *next.get_or_insert_with(|| {
                                input.get(after..).and_then(|r| r.chars().next())
                            });
                            self.in_ctx(&rule.next, n)
                        })
                })
            })
    }

    /// Whether the character starting at byte `i` of `bytes` (a valid UTF-8 string) is a small
    /// letter of one or two bytes.
    #[inline]
    fn small_at(&self, bytes: &[u8], i: usize) -> bool {
        let b = bytes.get(i).copied().unwrap_or(0);
        let cp = if b < 0x80 {
            u32::from(b)
        } else if b < 0xE0 {
            let b2 = bytes.get(i + 1).copied().unwrap_or(0);
            (u32::from(b) & 0x1F) << 6 | (u32::from(b2) & 0x3F)
        } else {
            return false;
        };
        self.dense_flags
            .get(cp as usize)
            .is_some_and(|&f| f & SMALL != 0)
    }

    /// Whether the character at byte `at` of `input` continues a key from trie node `node`.
    #[inline]
    fn continues(&self, node: u32, input: &str, at: usize) -> bool {
        let Some(c) = input.get(at..).and_then(|r| r.chars().next()) else {
            return false;
        };
        let f = self.fold(c);
        self.nodes
            .get(node as usize)
            .is_some_and(|n| n.children.iter().any(|&(k, _)| k == f))
    }

    /// Whether the all-caps word that `after` ends is an abbreviation: not followed by a word
    /// with a capital and then a small letter (a surname in capitals before the given name).
    fn abbreviation(&self, after: &str) -> bool {
        let mut next = after
            .chars()
            .skip_while(|&c| self.is_word(c))
            .skip_while(|&c| c.is_whitespace() || c == ',')
            .filter(|&c| !is_mark(c));
        !matches!((next.next(), next.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
    }

    /// Whether an upper-case letter between `prev` and `after` stands in an all-caps word.
    #[inline]
    fn all_caps(&self, prev_upper: bool, after: &str) -> bool {
        for c in after.chars() {
            if c.is_uppercase() {
                return true;
            }
            if c.is_lowercase() {
                return false;
            }
            if !self.is_word(c) {
                break;
            }
        }
        prev_upper
    }
}

/// Whether `text` has a small (lower-case) letter.
fn has_lower(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| b.is_ascii_lowercase());
    }
    text.chars().any(char::is_lowercase)
}

/// Whether the character starting at byte `i` of `bytes` (a valid UTF-8 string) is a combining
/// mark.
#[inline]
fn next_is_mark(bytes: &[u8], i: usize) -> bool {
    let b = bytes.get(i).copied().unwrap_or(0);
    // Lead bytes of combining marks: one lookup first (a `u8` indexes 256 entries).
    if !MARK_LEADS.get(usize::from(b)).copied().unwrap_or(false) {
        return false;
    }
    if b < 0xE0 {
        // Two bytes: one lookup in the bit set of marks below U+0800.
        let c1 = bytes.get(i + 1).copied().unwrap_or(0) & 0x3F;
        let marks = MARK_BITS_BELOW_0800
            .get(usize::from(b & 0x1F))
            .copied()
            .unwrap_or(0);
        return marks >> c1 & 1 != 0;
    }
    let width = if b < 0xF0 { 3 } else { 4 };
    bytes
        .get(i..i + width)
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| c.chars().next())
        .is_some_and(is_mark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translit::{KazakhLoans, Options, Scheme, table};

    #[test]
    fn next_is_mark_agrees_with_is_mark_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut text = String::from("a");
            text.push(c);
            text.push('b');
            assert_eq!(next_is_mark(text.as_bytes(), 1), is_mark(c), "{c:?}");
        }
        assert!(!next_is_mark(b"a", 1), "past the end");
    }

    /// Every table of every scheme (both directions, every option set), with its copy that
    /// converts without direct letters.
    fn tables() -> &'static [(&'static Table, Table)] {
        static TABLES: std::sync::OnceLock<Vec<(&'static Table, Table)>> =
            std::sync::OnceLock::new();
        TABLES.get_or_init(|| {
            let options = [
                Options::new(),
                Options::new().hamza_between_vowels(false),
                Options::new().kazakh_loans(KazakhLoans::Simplified),
            ];
            let mut out = Vec::new();
            for &scheme in Scheme::all() {
                for decode in [false, true] {
                    for o in options {
                        if let Ok(t) = table(scheme, decode, o) {
                            out.push((t, t.general_only()));
                        }
                    }
                }
            }
            out
        })
    }

    /// Letters of every script the schemes read (both cases), combining marks, Arabic letters
    /// that need cleaning, spaces, digits, punctuation and the signs schemes write.
    const PIECES: &str = "аеёиоуыэюяйъьбвгджзклмнпрстфхцчшщАЕЁИОУЫЭЮЯЙЪЬБВГТСШЩЧЦ\
        әғқңөұүһіӘҒҚҢӨҰҮҺІئابپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىيەءہﺋ\u{647}\u{64E}\
        abcdeghijklmnopqrstuvwxyzäöüéşçğı ABCDEGHIJKLSTYZÄÖÜŞÇĞİ\u{301}\u{306}\u{307}\u{308}\
         -·’'`ʹʺ”«»,.?!0123456789\u{2011}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn direct_letters_convert_as_the_trie_walk_does(
            picks in proptest::collection::vec(0usize..1000, 0..40),
            strict in proptest::bool::ANY,
            cleaned in proptest::bool::ANY,
        ) {
            let pieces: Vec<char> = PIECES.chars().filter(|c| *c != '\n').collect();
            let text: String = picks.iter().map(|&i| pieces[i % pieces.len()]).collect();
            for (fast, general) in tables() {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let ra = fast.run(&text, &mut a, strict, cleaned);
                let rb = general.run(&text, &mut b, strict, cleaned);
                proptest::prop_assert_eq!(format!("{ra:?}"), format!("{rb:?}"), "{:?}", text);
                if ra.is_ok() {
                    proptest::prop_assert_eq!(
                        String::from_utf8_lossy(&a),
                        String::from_utf8_lossy(&b),
                        "{:?}",
                        text
                    );
                }
            }
        }
    }
}
