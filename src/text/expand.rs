//! Query expansion (`tilmach expand`): every form of the entry a query names, entered and
//! derived, so that a search for one spelling finds them all.
//!
//! The entry is found by exact lookup ([`Glossary::find_exact`]: case, Unicode normalization and
//! Turkic `i` folded); when the query is a form of several entries, the one whose matching form
//! has the best status wins (then the first by id). A staged lookup (cross-script and fuzzy keys)
//! can replace the exact step without changing the rest: [`expand_at`] expands from any form.

use crate::glossary::{Entry, Form, FormRef, Glossary};

/// The expansion of a query.
#[derive(Clone, Debug)]
pub struct Expansion<'g> {
    /// The entry found.
    pub entry: &'g Entry,
    /// The form the query matched.
    pub matched: &'g Form,
    /// Every form of the entry: entered forms in file order, then derived ones.
    pub forms: Vec<&'g Form>,
    /// The distinct spellings of those forms, in the same order: the terms to search for.
    pub terms: Vec<&'g str>,
}

/// Expands `query` to every form of its entry, or `None` when no form matches.
///
/// ```
/// let g = tilmach::Glossary::embedded();
/// let x = tilmach::text::expand::expand(g, "Kuldja").unwrap();
/// assert_eq!(x.entry.id, "ghulja");
/// assert!(x.terms.contains(&"Құлжа") && x.terms.contains(&"غۇلجا"));
/// ```
pub fn expand<'g>(glossary: &'g Glossary, query: &str) -> Option<Expansion<'g>> {
    let best = glossary.find_exact(query).into_iter().next()?;
    expand_at(glossary, best)
}

/// Expands from the form at `at` (found by any lookup).
pub fn expand_at(glossary: &Glossary, at: FormRef) -> Option<Expansion<'_>> {
    let (entry, matched) = glossary.form(at)?;
    let forms: Vec<&Form> = entry.forms.iter().collect();
    let mut terms: Vec<&str> = Vec::with_capacity(forms.len());
    for form in &forms {
        if !terms.contains(&form.text.as_str()) {
            terms.push(&form.text);
        }
    }
    Some(Expansion {
        entry,
        matched,
        forms,
        terms,
    })
}
