//! CSV for CAT tools and spreadsheets: UTF-8, a header row, one row per form, CRLF line ends,
//! fields quoted as RFC 4180 says (when they hold a comma, a double quote, CR or LF; quotes
//! doubled). Columns: `id, kind, lang, text, status, derived, from, until, gloss_en`.

use std::io::{self, Write};

use crate::glossary::Glossary;

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
