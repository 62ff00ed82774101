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
//!
//! Other entries can share a spelling too once the analyzer has lower-cased and folded it
//! ("Uyghur" of the people and "UygHur" of a district both analyze to `uyghur`). A term the
//! analyzer reduces to the same token sequence on two lines would join both lines, so every such
//! term is left off every line, and a comment line in the header names it with its entries.
//! [`analyzed`] is the analysis assumed: tokens split at whitespace and punctuation, lower-cased, with the folding of
//! Lucene's `ASCIIFoldingFilter` for Latin letters (diacritics removed, ı → i, ə → e, …).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{self, Write};

use crate::glossary::{Entry, Glossary};
use crate::key::key;

use unicode_normalization::UnicodeNormalization;

/// Latin letters without a canonical decomposition and the ASCII that Lucene's
/// `ASCIIFoldingFilter` folds them to; quotation marks used as apostrophes fold to `'`.
const FOLD: [(char, &str); 16] = [
    ('ı', "i"),
    ('ə', "e"),
    ('ǝ', "e"),
    ('ł', "l"),
    ('ø', "o"),
    ('đ', "d"),
    ('ħ', "h"),
    ('ŋ', "n"),
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('þ', "th"),
    ('ʼ', "'"),
    ('’', "'"),
    ('‘', "'"),
    ('ʻ', "'"),
];

/// How a search engine's analyzer sees a term, as the token sequence joined by spaces: split on
/// whitespace, hyphens and other punctuation except the apostrophe (as the standard tokenizer
/// does), lower-cased, Latin letters folded to ASCII (as Lucene's `ASCIIFoldingFilter`).
/// Letters of other scripts keep their marks (`й` stays `й`).
///
/// ```
/// use tilmach::export::analyzed;
/// assert_eq!(analyzed("UygHur"), analyzed("Uyghur"));
/// assert_eq!(analyzed("Qazaqstan  Respublıkasy"), "qazaqstan respublikasy");
/// assert_eq!(analyzed("Алматы"), "алматы");
/// assert_ne!(analyzed("Йа"), analyzed("Иа"));
/// assert_eq!(analyzed("Su-Aral"), analyzed("su aral"));
/// ```
pub fn analyzed(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    let breaks = |c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() && c != '\'' || "‐‑–—«»“”".contains(c)
    };
    for word in term.split(breaks).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            if let Some((_, ascii)) = FOLD.iter().find(|(l, _)| *l == c) {
                out.push_str(ascii);
                continue;
            }
            let mut parts = std::iter::once(c).nfd();
            match parts.next() {
                Some(base) if base.is_ascii_alphabetic() && !c.is_ascii() => out.push(base),
                _ => out.push(c),
            }
        }
    }
    out
}

/// The analyzed terms that two or more entries' lines would hold, with those entries' ids.
fn shared_terms(lines: &[(&str, Vec<&str>)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, terms) in lines {
        for term in terms {
            owners
                .entry(analyzed(term))
                .or_default()
                .insert((*id).to_owned());
        }
    }
    owners.retain(|_, ids| ids.len() > 1);
    owners
}

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
    let mut lines: Vec<(&str, Vec<&str>)> = Vec::new();
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
        lines.push((entry.id.as_str(), terms));
    }
    let collisions = shared_terms(&lines);
    if !collisions.is_empty() {
        writeln!(
            out,
            "# Left out: terms that the analyzer (lower-case, ASCII folding) reads alike on the"
        )?;
        writeln!(
            out,
            "# lines of different entries; written on both, they would join those entries."
        )?;
        for (term, ids) in &collisions {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            writeln!(out, "#   {term} ({})", ids.join(", "))?;
        }
    }
    for (_, terms) in &lines {
        let kept: Vec<String> = terms
            .iter()
            .filter(|t| !collisions.contains_key(&analyzed(t)))
            .map(|t| escape(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect();
        if kept.len() < 2 {
            continue;
        }
        writeln!(out, "{}", kept.join(", "))?;
    }
    Ok(())
}
