//! A synonym file in the Solr format, which Solr's `SynonymGraphFilter` and the Elasticsearch and
//! OpenSearch `synonym_graph` filters read: UTF-8, a `#` comment header, then one equivalence line
//! per entry listing its distinct spellings separated by `, ` (all of them map to all the others
//! with `expand=true`). In a spelling, `\` , `,` , `=` and `#` are escaped with a backslash, so that
//! no spelling splits a line, starts a mapping (`=>`) or a comment. Multi-word forms are written
//! as they are; the analyzer splits them into token sequences. Entries with a single distinct
//! spelling have nothing to be a synonym of and are left out.

use std::io::{self, Write};

use crate::glossary::Glossary;

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
    for entry in glossary.entries() {
        let mut terms: Vec<&str> = Vec::new();
        for form in &entry.forms {
            // Whitespace inside a line would be harmless, but a line break would end the rule.
            if !form.text.trim().is_empty() && !terms.contains(&form.text.as_str()) {
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
