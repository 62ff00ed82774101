//! Query expansion (`tilmach expand`): every form of the entry a query names, entered and
//! derived, so that a search for one spelling finds them all.
//!
//! The entry is the best hit of the lookup ([`Glossary::lookup`]), and only a confident one:
//! a hit scoring at least the search's minimum score ([`crate::lookup::DEFAULT_MIN_SCORE`]
//! unless set), so a query in any script or slightly misspelt still expands while an ordinary
//! word expands to nothing. The expansion says which match it used. [`expand_at`] expands
//! from a form found any other way.

use crate::glossary::{Entry, Form, FormRef, Glossary};
use crate::lookup::{SearchOptions, Stage};

/// The expansion of a query.
#[derive(Clone, Debug)]
pub struct Expansion<'g> {
    /// The entry found.
    pub entry: &'g Entry,
    /// The form the query matched.
    pub matched: &'g Form,
    /// How it matched (`exact` for [`expand_at`]).
    pub stage: Stage,
    /// The score of the match (1 for [`expand_at`]).
    pub score: f64,
    /// The edit distance of the match.
    pub distance: u8,
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
    expand_with(glossary, query, &SearchOptions::default())
}

/// Expands `query` with the search `options` (their limit is ignored: the best hit is used).
///
/// ```
/// let g = tilmach::Glossary::embedded();
/// let strict = tilmach::lookup::SearchOptions { exact: true, ..Default::default() };
/// assert!(tilmach::text::expand::expand_with(g, "Kuljda", &strict)?.is_none());
/// # Ok::<(), tilmach::Error>(())
/// ```
///
/// # Errors
///
/// When the lookup refuses the query (see [`crate::glossary::Lookup::run`]).
pub fn expand_with<'g>(
    glossary: &'g Glossary,
    query: &str,
    options: &SearchOptions,
) -> crate::Result<Option<Expansion<'g>>> {
    let options = SearchOptions {
        limit: 1,
        ..options.clone()
    };
    let best = glossary.search(query, &options)?;
    Ok(best.first().map(|found| {
        let mut x = expand_form(found.entry, found.form);
        x.stage = found.stage;
        x.score = found.score;
        x.distance = found.distance;
        x
    }))
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
        stage: Stage::Exact,
        score: 1.0,
        distance: 0,
        forms,
        terms,
    }
}
