//! The glossary's claims about its source documents, proven against the documents themselves
//! (tests/data/seeds): every spelling a form says it was seen in occurs there, looking it up finds
//! that entry first, and every quote is verbatim.

use std::collections::HashMap;

use tilmach::Glossary;

/// The text of every seed document by source key, with runs of white space collapsed to one space
/// (line breaks inside a phrase are not part of it).
fn seeds(glossary: &Glossary) -> HashMap<String, String> {
    let mut texts = HashMap::new();
    for (key, source) in glossary.sources() {
        let Some(file) = &source.file else { continue };
        let path = format!("tests/data/seeds/{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        texts.insert(
            key.clone(),
            text.split_whitespace().collect::<Vec<_>>().join(" "),
        );
    }
    texts
}

/// Whether `needle` occurs in `haystack` as a whole word or phrase: not inside a longer word.
fn occurs_as_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn every_seen_spelling_occurs_in_its_seed_and_finds_its_entry_first() {
    let glossary = Glossary::embedded();
    let seeds = seeds(glossary);
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in glossary.entries() {
        for form in &entry.forms {
            for key in &form.seen {
                checked += 1;
                let Some(text) = seeds.get(key) else {
                    failures.push(format!(
                        "{}: {:?} claims source {key}, which has no document file",
                        entry.id, form.text
                    ));
                    continue;
                };
                if !occurs_as_word(text, &form.text) {
                    failures.push(format!(
                        "{}: {:?} does not occur in {key}",
                        entry.id, form.text
                    ));
                }
            }
            if !form.seen.is_empty() {
                let first = glossary
                    .find_exact(&form.text)
                    .first()
                    .and_then(|&at| glossary.form(at))
                    .map(|(e, _)| e.id.clone());
                if first.as_deref() != Some(entry.id.as_str()) {
                    failures.push(format!(
                        "{}: looking up {:?} finds {first:?} first",
                        entry.id, form.text
                    ));
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} seen claims");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_quote_is_verbatim() {
    let glossary = Glossary::embedded();
    let seeds = seeds(glossary);
    let mut failures = Vec::new();
    for entry in glossary.entries() {
        for citation in &entry.sources {
            let (Some(quote), Some(text)) = (&citation.quote, seeds.get(&citation.source)) else {
                continue;
            };
            let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.contains(&quote) {
                failures.push(format!(
                    "{}: quote not in {}: {quote:?}",
                    entry.id, citation.source
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
