//! TBX-Basic, ISO 30042:2019 (TBX v3), DCA style.
//!
//! Mapping: one `conceptEntry` per entry (its `id` is the entry id; an id that starts with a
//! digit, which an XML ID may not, gets a leading `_`), with the entry kind as `subjectField`;
//! one `langSec` per language tag (`xml:lang` is the BCP 47 tag, with its script subtag), holding
//! the entry's gloss in that language as a `definition`; one `termSec` per form with its `term`,
//! `partOfSpeech` (always `noun`: TBX-Basic's picklist has no proper-noun value) and
//! `administrativeStatus`: preferred → `preferredTerm-admn-sts`; official and
//! variant → `admittedTerm-admn-sts`; historical → `supersededTerm-admn-sts`; deprecated,
//! derogatory and misspelling → `deprecatedTerm-admn-sts`. A `note` in the `termSec` keeps what
//! TBX-Basic has no category for: the glossary status, the years of use, the form's note, and
//! for derived forms the scheme that computed them. An English gloss without an English form goes
//! into a `note` of the concept entry.

use std::io::Write;

use crate::export::{ExportError, tbx_status};
use crate::glossary::{Entry, Form, Glossary, Origin};

/// The XML ID for an entry id.
pub(crate) fn tbx_id(id: &str) -> String {
    if id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        id.to_owned()
    } else {
        format!("_{id}")
    }
}

/// Escapes text for XML content and attribute values; refuses characters XML 1.0 cannot carry.
fn esc(text: &str) -> Result<String, ExportError> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => {
                return Err(ExportError::Unrepresentable(format!(
                    "the text {text:?} holds the character U+{:04X}, which XML cannot carry; remove it from the glossary",
                    c as u32
                )));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Every glossary term is a noun or a noun phrase; TBX-Basic's part-of-speech picklist (adjective,
/// noun, other, verb, adverb) has no proper-noun value, and the entry kind already tells a place
/// or person from a concept in `subjectField`.
const PART_OF_SPEECH: &str = "noun";

/// The remarks on a form that TBX-Basic has no data category for.
fn form_note(form: &Form) -> String {
    let mut parts = vec![format!("status: {}", form.status)];
    match (form.from, form.until) {
        (Some(f), Some(u)) => parts.push(format!("in use {f}–{u}")),
        (Some(f), None) => parts.push(format!("in use since {f}")),
        (None, Some(u)) => parts.push(format!("in use until {u}")),
        (None, None) => {}
    }
    if let Origin::Derived { scheme, .. } = &form.origin {
        parts.push(format!("derived by the transliteration scheme {scheme}"));
    }
    if let Some(note) = &form.note {
        parts.push(note.clone());
    }
    parts.join("; ")
}

/// Writes the glossary as a TBX-Basic document.
///
/// # Errors
///
/// [`ExportError::Io`] when writing fails; [`ExportError::Unrepresentable`] when a text holds a
/// control character.
pub fn write_tbx(glossary: &Glossary, out: &mut dyn Write) -> Result<(), ExportError> {
    out.write_all(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n",
            "  <tbxHeader>\n",
            "    <fileDesc>\n",
            "      <titleStmt>\n",
            "        <title>tilmach glossary: names and terms about Uyghurs and Kazakhs in Kazakhstan and Xinjiang</title>\n",
            "      </titleStmt>\n",
            "      <sourceDesc>\n",
            "        <p>Exported by tilmach from its glossary; forms marked as derived were computed by transliteration rules.</p>\n",
            "      </sourceDesc>\n",
            "    </fileDesc>\n",
            "  </tbxHeader>\n",
            "  <text>\n",
            "    <body>\n",
        )
        .as_bytes(),
    )?;
    for entry in glossary.entries() {
        write_entry(entry, out)?;
    }
    out.write_all(b"    </body>\n  </text>\n</tbx>\n")?;
    Ok(())
}

fn write_entry(entry: &Entry, out: &mut dyn Write) -> Result<(), ExportError> {
    writeln!(
        out,
        "      <conceptEntry id=\"{}\">",
        esc(&tbx_id(&entry.id))?
    )?;
    writeln!(
        out,
        "        <descrip type=\"subjectField\">{}</descrip>",
        entry.kind
    )?;
    // Language tags in order of first appearance among the forms.
    let mut tags: Vec<&str> = Vec::new();
    for form in &entry.forms {
        if !tags.contains(&form.lang.as_str()) {
            tags.push(form.lang.as_str());
        }
    }
    if !tags.contains(&"en") && !entry.gloss_en().is_empty() {
        writeln!(out, "        <note>{}</note>", esc(entry.gloss_en())?)?;
    }
    for tag in tags {
        writeln!(out, "        <langSec xml:lang=\"{}\">", esc(tag)?)?;
        if let Some((_, gloss)) = entry.gloss.iter().find(|(t, _)| t.as_str() == tag) {
            writeln!(
                out,
                "          <descrip type=\"definition\">{}</descrip>",
                esc(gloss)?
            )?;
        }
        for form in entry.forms.iter().filter(|f| f.lang.as_str() == tag) {
            writeln!(out, "          <termSec>")?;
            writeln!(out, "            <term>{}</term>", esc(&form.text)?)?;
            writeln!(
                out,
                "            <termNote type=\"partOfSpeech\">{}</termNote>",
                PART_OF_SPEECH
            )?;
            writeln!(
                out,
                "            <termNote type=\"administrativeStatus\">{}</termNote>",
                tbx_status(form.status)
            )?;
            writeln!(out, "            <note>{}</note>", esc(&form_note(form))?)?;
            writeln!(out, "          </termSec>")?;
        }
        writeln!(out, "        </langSec>")?;
    }
    writeln!(out, "      </conceptEntry>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_ids() {
        assert_eq!(
            esc("a<b & \"c\" 'd'>").unwrap(),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert!(esc("bell\u{7}").is_err());
        assert_eq!(tbx_id("24-kg"), "_24-kg");
        assert_eq!(tbx_id("ghulja"), "ghulja");
    }
}
