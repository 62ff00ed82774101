//! Letter case carried through a pivot without case.
//!
//! Uyghur converts through its Arabic-script pivot, which has no case: ULY *Kashgar* reads as
//! قەشقەر and would be written in USY as *кашгар*. A conversion between two cased schemes through
//! such a pivot copies the case of each source word onto the word written in its place: a word in
//! capitals stays in capitals, a word with a capital first letter keeps it. Words are what lies
//! between spaces and hyphens, which every scheme passes through unchanged; when the source and
//! the output do not have the same number of words, the output is left as it is.

use super::engine::CaseMode;

/// Whether `c` separates the words whose case is carried over.
fn separates(c: char) -> bool {
    c.is_whitespace() || crate::chars::is_hyphen(c)
}

/// The byte ranges of the words of `text` (runs of characters between separators).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (separates(c), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The case of a word as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// No capital letter, or capitals not at the start only (left as converted).
    Keep,
    /// Its first cased letter is a capital (*Kashgar*, *Is'haq*, *A*).
    Title,
    /// Two or more letters, all capitals (*XUAR*).
    Upper,
}

fn shape(word: &str) -> Shape {
    let (mut upper, mut lower) = (0usize, 0usize);
    let mut first_upper = None;
    for c in word.chars() {
        let (u, l) = (c.is_uppercase(), c.is_lowercase());
        if (u || l) && first_upper.is_none() {
            first_upper = Some(u);
        }
        upper += usize::from(u);
        lower += usize::from(l);
    }
    match (upper, lower, first_upper) {
        (0, _, _) => Shape::Keep,
        (u, 0, _) if u >= 2 => Shape::Upper,
        (_, _, Some(true)) => Shape::Title,
        _ => Shape::Keep,
    }
}

/// `out` (converted from `source` through a caseless pivot) with the case of each word of
/// `source` applied to the word in its place, written with `mode`'s case pairs; `None` when
/// nothing changes.
pub(crate) fn carry(source: &str, out: &str, mode: CaseMode) -> Option<String> {
    if mode == CaseMode::None || !source.chars().any(char::is_uppercase) {
        return None;
    }
    let (from, to) = (words(source), words(out));
    if from.len() != to.len() {
        return None;
    }
    let mut result = String::with_capacity(out.len() + 8);
    let mut last = 0;
    let mut changed = false;
    for (&(fs, fe), &(ts, te)) in from.iter().zip(&to) {
        let (Some(src), Some(word), Some(gap)) =
            (source.get(fs..fe), out.get(ts..te), out.get(last..ts))
        else {
            return None;
        };
        result.push_str(gap);
        let cased = match shape(src) {
            Shape::Keep => word.to_owned(),
            Shape::Title => mode.title(word),
            Shape::Upper => mode.upper(word),
        };
        changed |= cased != word;
        result.push_str(&cased);
        last = te;
    }
    result.push_str(out.get(last..).unwrap_or(""));
    changed.then_some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_takes_the_case_of_its_source_word() {
        let m = CaseMode::Default;
        assert_eq!(carry("Kashgar", "кашгар", m).as_deref(), Some("Кашгар"));
        assert_eq!(
            carry("XUAR Ili-Qazaq", "хуар или-қазақ", m).as_deref(),
            Some("ХУАР Или-Қазақ")
        );
        assert_eq!(carry("kashgar", "кашгар", m), None);
        // Words that cannot be paired are left alone.
        assert_eq!(carry("Kashgar", "каш гар", m), None);
        assert_eq!(CaseMode::Turkic.upper("qi"), "Qİ");
    }
}
