//! One pass of [`super::key`] over a text that [`crate::normalize::normalize`] leaves alone and
//! whose characters (below U+0800) each fold to one key character on their own: the names of
//! the region's alphabets, mostly. Each character's key character is computed once, by the
//! steps of the full pass (the shared letter fold, the base letter, the mark strip) into a
//! table, for the characters that start no row of [`super::KEY_FOLD`].

use std::sync::OnceLock;

/// The characters the table covers: those of the texts `normalize` settles in one pass.
const COVERED: usize = crate::normalize::SETTLED_RANGE;

/// The key character of each covered character, or `None` when its key depends on more than
/// the character (a row of the fold table starts with its fold), is not one character (`ß`,
/// a dropped mark) or is written by another step (Han).
fn table() -> &'static [Option<char>] {
    static TABLE: OnceLock<Vec<Option<char>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0u32..)
            .take(COVERED)
            .map(|cp| char::from_u32(cp).and_then(key_char))
            .collect()
    })
}

/// The one character that the pass of [`super::key_once`] writes for `c`, wherever it stands.
fn key_char(c: char) -> Option<char> {
    if crate::han::is_han(c) {
        return None;
    }
    let mut folded = String::new();
    crate::chars::fold_char(super::latin_base(c), &mut folded);
    let f = one(&folded)?;
    if super::key_rules().has_patterns_from(f) {
        return None;
    }
    let mut stripped = String::new();
    super::strip_marks(f, &mut stripped);
    one(&stripped)
}

/// The only character of `s`.
fn one(s: &str) -> Option<char> {
    let mut chars = s.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// [`super::key_once`] of `text` by the table, or `None` when the table cannot tell (then the
/// full pass must run).
pub(super) fn key_once(text: &str) -> Option<String> {
    if !crate::normalize::is_settled(text) {
        return None;
    }
    let table = table();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push((*table.get(c as usize)?)?);
    }
    // The full pass collapses spaces that dropped characters leave; none is dropped here, and
    // a settled text has single spaces inside, but a character could fold to a space.
    if out.starts_with(' ') || out.ends_with(' ') || out.contains("  ") {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Texts of the region's alphabets with the fold table's letters, marks, spaces and
    /// apostrophes among them.
    fn text() -> impl Strategy<Value = String> {
        crate::proptest_text::region_text(&[
            ' ', 'ø', 'Ø', 'ß', 'æ', 'ł', 'İ', 'ı', 'I', 'Ё', 'ё', 'й', 'ه', 'ك', '\u{301}',
            '\u{2019}', '\u{2CC}', 'Ǿ', 'ǿ', 'ş', 'Ş', 'ә', 'Ә',
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The table's pass writes what the full pass writes, byte for byte.
        #[test]
        fn the_table_pass_equals_the_full_pass(s in text()) {
            if let Some(fast) = key_once(&s) {
                prop_assert_eq!(fast, super::super::key_once(&s), "{:?}", s);
            }
        }
    }

    #[test]
    fn names_of_each_script_take_the_table_pass() {
        for (s, k) in [
            ("Ürümqi", "urumqi"),
            ("Семёновка", "семеновка"),
            ("Құлжа", "құлжа"),
            ("İSTANBUL", "istanbul"),
            ("قەشقەر", "قەشقەر"),
        ] {
            assert_eq!(key_once(s).as_deref(), Some(k), "{s:?}");
            assert_eq!(super::super::key(s), k, "{s:?}");
        }
        // A row of the fold table, a text normalize changes.
        for s in ["Søren", "Aлмaты", "e\u{301}"] {
            assert_eq!(key_once(s), None, "{s:?}");
        }
    }
}
