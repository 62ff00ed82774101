//! CSV for CAT tools and spreadsheets: UTF-8, a header row, one row per form, CRLF line ends,
//! fields quoted as RFC 4180 says (when they hold a comma, a double quote, CR or LF; quotes
//! doubled). Columns: `id, kind, lang, text, status, derived, from, until, gloss_en`.
//!
//! The concept-oriented layout ([`write_csv_concepts`]) is the one CAT tools import as a
//! termbase: one row per entry, columns `id, subject, definition_en`, then one column per
//! language tag of the glossary, in the order [`LANG_ORDER`] and then alphabetical. A language
//! cell holds every form of the entry in that language, the preferred form first, then the other
//! entered forms and then the derived ones, each once, separated by `;` (memoQ's "split
//! alternatives in field by", MultiTerm Convert's synonym separator).

use std::io::{self, Write};

use std::collections::BTreeSet;

use crate::export::ExportError;
use crate::glossary::{Entry, Glossary, Status};

/// The header row.
pub const HEADER: [&str; 9] = [
    "id", "kind", "lang", "text", "status", "derived", "from", "until", "gloss_en",
];

/// Writes the glossary as CSV, one row per form (entered and derived).
///
/// # Errors
///
/// When writing fails.
pub fn write_csv(glossary: &Glossary, out: &mut dyn Write) -> io::Result<()> {
    write_row(out, HEADER.iter().copied())?;
    for entry in glossary.entries() {
        for form in &entry.forms {
            let from = form.from.map(|y| y.to_string()).unwrap_or_default();
            let until = form.until.map(|y| y.to_string()).unwrap_or_default();
            write_row(
                out,
                [
                    entry.id.as_str(),
                    entry.kind.as_str(),
                    form.lang.as_str(),
                    form.text.as_str(),
                    form.status.as_str(),
                    if form.is_derived() { "true" } else { "false" },
                    from.as_str(),
                    until.as_str(),
                    entry.gloss_en(),
                ],
            )?;
        }
    }
    Ok(())
}

/// The separator between the forms of one language cell in the concept layout.
pub const TERM_SEPARATOR: char = ';';

/// The columns that come first in the concept layout, before any other language tag.
pub const LANG_ORDER: [&str; 10] = [
    "en", "ru", "kk-Cyrl", "kk-Latn", "kk-Arab", "ug-Arab", "ug-Latn", "ug-Cyrl", "zh-Hans",
    "zh-Latn",
];

/// The language columns of the concept layout for `glossary`.
pub fn concept_languages(glossary: &Glossary) -> Vec<String> {
    let tags: BTreeSet<&str> = glossary
        .entries()
        .flat_map(|e| e.forms.iter().map(|f| f.lang.as_str()))
        .collect();
    let mut out: Vec<String> = LANG_ORDER
        .iter()
        .filter(|t| tags.contains(*t))
        .map(|t| (*t).to_owned())
        .collect();
    out.extend(
        tags.iter()
            .filter(|t| !LANG_ORDER.contains(t))
            .map(|t| (*t).to_owned()),
    );
    out
}

/// The forms of `entry` in `lang`, preferred first, then entered, then derived; each text once.
fn cell(entry: &Entry, lang: &str) -> Result<String, ExportError> {
    let forms: Vec<_> = entry
        .forms
        .iter()
        .filter(|f| f.lang.as_str() == lang)
        .collect();
    let mut ordered: Vec<&str> = Vec::new();
    let rank = |f: &&crate::glossary::Form| match (f.status, f.is_derived()) {
        (Status::Preferred, _) => 0,
        (_, false) => 1,
        (_, true) => 2,
    };
    let mut sorted = forms.clone();
    sorted.sort_by_key(rank);
    for form in sorted {
        if form.text.contains(TERM_SEPARATOR) {
            return Err(ExportError::Unrepresentable(format!(
                "the form {:?} of the entry {} holds {TERM_SEPARATOR:?}, which separates the forms of a cell in the concept CSV; use the csv format",
                form.text, entry.id
            )));
        }
        if !ordered.contains(&form.text.as_str()) {
            ordered.push(&form.text);
        }
    }
    Ok(ordered.join(&TERM_SEPARATOR.to_string()))
}

/// Writes the glossary as CSV, one row per entry and one column per language (see the module
/// documentation).
///
/// ```
/// let mut csv = Vec::new();
/// tilmach::export::write_csv_concepts(tilmach::Glossary::embedded(), &mut csv)?;
/// assert!(csv.starts_with(b"id,subject,definition_en,en,ru,kk-Cyrl,"));
/// # Ok::<(), tilmach::export::ExportError>(())
/// ```
///
/// # Errors
///
/// [`ExportError::Io`] when writing fails; [`ExportError::Unrepresentable`] when a form holds
/// the separator `;`.
pub fn write_csv_concepts(glossary: &Glossary, out: &mut dyn Write) -> Result<(), ExportError> {
    let langs = concept_languages(glossary);
    let header = ["id", "subject", "definition_en"]
        .into_iter()
        .chain(langs.iter().map(String::as_str));
    write_row(out, header)?;
    for entry in glossary.entries() {
        let cells = langs
            .iter()
            .map(|l| cell(entry, l))
            .collect::<Result<Vec<_>, _>>()?;
        let row = [entry.id.as_str(), entry.kind.as_str(), entry.gloss_en()]
            .into_iter()
            .chain(cells.iter().map(String::as_str));
        write_row(out, row)?;
    }
    Ok(())
}

fn write_row<'a>(out: &mut dyn Write, fields: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}
