//! Spellings that two entries share: entered forms of different entries with the same lookup key
//! ([`crate::key::key`]), so that an exact lookup ties between the entries and an export that
//! groups spellings merges them. `tilmach check` reports every such pair with both locations,
//! unless one of the two entries lists the other in its `homonyms` (they name different things:
//! Aksu the city and Aksu the district), in which case the sharing is intended.

use std::collections::BTreeMap;

use crate::error::{Location, Problem};

use super::model::Entry;

/// One entry with the locations of its entered forms, in form order.
pub(crate) struct Located<'a> {
    /// The entry.
    pub(crate) entry: &'a Entry,
    /// Where each entered form is.
    pub(crate) locations: &'a [Location],
}

/// Whether `a` and `b` are declared homonyms, by either of them.
fn declared(a: &Entry, b: &Entry) -> bool {
    a.homonyms.contains(&b.id) || b.homonyms.contains(&a.id)
}

/// Every key that entered forms of two entries share and that the entries have not declared
/// homonyms: one finding per pair of entries and key, at the first entry's form, naming the
/// other's form and location.
pub(crate) fn undeclared_shared_keys(entries: &[Located<'_>]) -> Vec<Problem> {
    // key -> (entry position, form position) of the first form of each entry with that key
    let mut by_key: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (e, located) in entries.iter().enumerate() {
        for (f, form) in located.entry.forms.iter().enumerate() {
            if form.is_derived() {
                continue;
            }
            let users = by_key.entry(crate::key::key(&form.text)).or_default();
            if !users.iter().any(|&(other, _)| other == e) {
                users.push((e, f));
            }
        }
    }
    let mut findings = Vec::new();
    for (key, users) in &by_key {
        for (i, &(ea, fa)) in users.iter().enumerate() {
            for &(eb, fb) in users.iter().skip(i + 1) {
                let (Some(a), Some(b)) = (entries.get(ea), entries.get(eb)) else {
                    continue;
                };
                if declared(a.entry, b.entry) {
                    continue;
                }
                let (Some(form_a), Some(form_b)) = (a.entry.forms.get(fa), b.entry.forms.get(fb))
                else {
                    continue;
                };
                let (Some(at_a), Some(at_b)) = (a.locations.get(fa), b.locations.get(fb)) else {
                    continue;
                };
                findings.push(
                    Problem::at(
                        at_a.clone(),
                        format!(
                            "the {} form {:?} shares its lookup key {key:?} with the {} form {:?} of {} at {at_b}",
                            form_a.lang, form_a.text, form_b.lang, form_b.text, b.entry.id
                        ),
                    )
                    .hint(format!(
                        "if both name the same thing, merge the entries or correct the spelling; if they name different things, add homonyms = [\"{}\"] to {} (or homonyms = [\"{}\"] to {})",
                        b.entry.id, a.entry.id, a.entry.id, b.entry.id
                    )),
                );
            }
        }
    }
    findings
}
