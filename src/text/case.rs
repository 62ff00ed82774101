//! The letter case a form demands of the text that matches it: a short acronym (*IS*, *SCO*)
//! only text in capitals, a proper name text with a capital (see [`CaseKind`]).

use crate::glossary::Kind;

/// The longest acronym (in letters) that must match with its case.
pub(super) const ACRONYM_MAX: usize = 5;

/// What letter case a form demands of the text that matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CaseKind {
    /// No capital letter: any text.
    Any,
    /// A proper name: text with at least one capital, or with no cased letter at all.
    Proper,
    /// A short acronym: text without small letters.
    Acronym,
}

/// The case `form` of an entry of kind `kind` demands. Terms for groups (*Oralman*, *Kandas*) are
/// common nouns as much as names: *the oralmans* is the same word, so their capital letter
/// demands nothing. (Names of peoples keep the rule: English always writes them with a capital,
/// and in small letters they are mostly parts of web addresses.)
pub(super) fn case_kind(form: &str, kind: Kind) -> CaseKind {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in form.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    let common = kind == Kind::GroupTerm;
    match (upper, lower) {
        (0, _) => CaseKind::Any,
        (u, 0) if u <= ACRONYM_MAX => CaseKind::Acronym,
        _ if common => CaseKind::Any,
        _ => CaseKind::Proper,
    }
}

/// Whether `text` may stand for a form of case kind `kind`:
/// - a short acronym (all its letters capitals, at most [`ACRONYM_MAX`] of them: *IS*, *SCO*,
///   *КНР*) matches only text whose letters are all capitals too, so that *IS* is not the
///   English word *is*;
/// - a form with a capital letter (a proper name: *Foreign Policy*, *Democracy*) does not match
///   text without any capital (*foreign policy*, *democracy*, a name inside a URL);
/// - any other form matches in any case.
pub(super) fn text_fits(kind: CaseKind, text: &str) -> bool {
    if kind == CaseKind::Any {
        return true;
    }
    let (upper, lower) = if text.is_ascii() {
        (
            text.bytes().any(|b| b.is_ascii_uppercase()),
            text.bytes().any(|b| b.is_ascii_lowercase()),
        )
    } else {
        (
            text.chars().any(char::is_uppercase),
            text.chars().any(char::is_lowercase),
        )
    };
    match kind {
        CaseKind::Any => true,
        CaseKind::Acronym => !lower,
        CaseKind::Proper => upper || !lower,
    }
}
