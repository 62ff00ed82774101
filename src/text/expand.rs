//! Query expansion (`tilmach expand`): every form of the entry a query names, entered and
//! derived, so that a search for one spelling finds them all.
//!
//! The entry is the best hit of the staged lookup ([`Glossary::lookup`]: exact, normalized,
//! cross-script, then fuzzy), so a query in any script or slightly misspelt still expands;
//! [`expand_at`] expands from a form found any other way.

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

/// Expands `query` to every form of the entry the lookup finds first, or `None` when nothing
/// matches.
///
/// ```
/// let g = tilmach::Glossary::embedded();
/// let x = tilmach::text::expand::expand(g, "Kuldja")?.unwrap();
/// assert_eq!(x.entry.id, "ghulja");
/// assert!(x.terms.contains(&"Құлжа") && x.terms.contains(&"غۇلجا"));
/// # Ok::<(), tilmach::Error>(())
/// ```
///
/// # Errors
///
/// When the lookup refuses the query (see [`crate::glossary::Lookup::run`]).
pub fn expand<'g>(glossary: &'g Glossary, query: &str) -> crate::Result<Option<Expansion<'g>>> {
    let best = glossary.lookup(query).limit(1).run()?;
    Ok(best
        .first()
        .map(|found| expand_form(found.entry, found.form)))
}

/// Expands from the form at `at` (found by any lookup).
pub fn expand_at(glossary: &Glossary, at: FormRef) -> Option<Expansion<'_>> {
    let (entry, matched) = glossary.form(at)?;
    Some(expand_form(entry, matched))
}

fn expand_form<'g>(entry: &'g Entry, matched: &'g Form) -> Expansion<'g> {
    let forms: Vec<&Form> = entry.forms.iter().collect();
    let mut terms: Vec<&str> = Vec::with_capacity(forms.len());
    for form in &forms {
        if !terms.contains(&form.text.as_str()) {
            terms.push(&form.text);
        }
    }
    Expansion {
        entry,
        matched,
        forms,
        terms,
    }
}
