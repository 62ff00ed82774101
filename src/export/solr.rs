//! A synonym file in the Solr format, which Solr's `SynonymGraphFilter` and the Elasticsearch and
//! OpenSearch `synonym_graph` filters read: UTF-8, a `#` comment header, then one equivalence line
//! per entry listing its distinct spellings separated by `, ` (all of them map to all the others
//! with `expand=true`). In a spelling, `\` , `,` , `=` and `#` are escaped with a backslash, so that
//! no spelling splits a line, starts a mapping (`=>`) or a comment. Multi-word forms are written
//! as they are; the analyzer splits them into token sequences. Entries with a single distinct
//! spelling have nothing to be a synonym of and are left out.
//!
//! Entries that declare each other `homonyms` (the city of Turkistan and historical Turkestan)
//! share spellings that name different things. Two lines with a common spelling would make the
//! filter expand it to both sets, and so join the two entries; a spelling with the lookup key of a
//! form of a declared homonym is therefore left out of the line, and stays a plain term.

use std::collections::HashSet;
use std::io::{self, Write};

use crate::glossary::{Entry, Glossary};
use crate::key::key;

/// The lookup keys of every form of the entries that `entry` and it declare homonyms.
fn homonym_keys(glossary: &Glossary, entry: &Entry) -> HashSet<String> {
    let mut keys = HashSet::new();
    for other in glossary.entries() {
        let declared = entry.homonyms.contains(&other.id) || other.homonyms.contains(&entry.id);
        if declared && other.id != entry.id {
            keys.extend(other.forms.iter().map(|f| key(&f.text)));
        }
    }
    keys
}

/// Escapes one spelling for a synonym line.
pub(crate) fn escape(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '\\' | ',' | '=' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Writes the glossary as a Solr synonym file.
///
/// # Errors
///
/// When writing fails.
pub fn write_solr_synonyms(glossary: &Glossary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "# Synonyms from the tilmach glossary ({} entries).",
        glossary.len()
    )?;
    writeln!(
        out,
        "# One line per entry: every spelling of it, in every language and script,"
    )?;
    writeln!(
        out,
        "# entered and derived. Solr format (Solr, Elasticsearch, OpenSearch)."
    )?;
    // Entries that take part in a homonym declaration, by either side.
    let declaring: HashSet<&str> = glossary
        .entries()
        .filter(|e| !e.homonyms.is_empty())
        .flat_map(|e| e.homonyms.iter().map(String::as_str).chain([e.id.as_str()]))
        .collect();
    for entry in glossary.entries() {
        let shared = if declaring.contains(entry.id.as_str()) {
            homonym_keys(glossary, entry)
        } else {
            HashSet::new()
        };
        let mut terms: Vec<&str> = Vec::new();
        for form in &entry.forms {
            // Whitespace inside a line would be harmless, but a line break would end the rule.
            if !form.text.trim().is_empty()
                && !terms.contains(&form.text.as_str())
                && !shared.contains(&key(&form.text))
            {
                terms.push(&form.text);
            }
        }
        if terms.len() < 2 {
            continue;
        }
        let line: Vec<String> = terms
            .iter()
            .map(|t| escape(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect();
        writeln!(out, "{}", line.join(", "))?;
    }
    Ok(())
}
