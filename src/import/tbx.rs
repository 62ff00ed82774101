//! TBX-Basic (ISO 30042:2019, DCA style) read back into entries: the inverse of the TBX export's
//! mapping (see `export::tbx`). A `conceptEntry` is an entry (its `id`, a leading `_` before a
//! digit removed), its `subjectField` the kind, a `langSec` definition the gloss in that language,
//! a concept-level `note` the English gloss when there is none; a `termSec` is a form, its status
//! from the `status:` part of its note or else from `administrativeStatus`, its years and note
//! from the other parts of its note.

use roxmltree::{Document, Node};

use crate::glossary::{Kind, Status};
use crate::import::{
    ImportError, Imported, ImportedEntry, ImportedForm, Unmapped, status_of_admin,
};

const TBX: &str = "urn:iso:std:iso:30042:ed-2";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

struct Reader<'a> {
    doc: &'a Document<'a>,
    out: Imported,
}

impl<'a> Reader<'a> {
    fn line(&self, node: Node) -> usize {
        self.doc.text_pos_at(node.range().start).row as usize
    }

    fn unmapped(&mut self, node: Node, what: String) {
        let line = self.line(node);
        self.out.unmapped.push(Unmapped { line, what });
    }

    fn describe(node: Node) -> String {
        let name = node.tag_name().name();
        let text = node.text().unwrap_or("").trim();
        match node.attribute("type") {
            Some(kind) => format!("<{name} type=\"{kind}\"> {text:?}"),
            None => format!("<{name}> {text:?}"),
        }
    }

    fn entry(&mut self, concept: Node, index: usize) {
        let line = self.line(concept);
        let id = match concept.attribute("id") {
            Some(id) => match id.strip_prefix('_') {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_owned(),
                _ => id.to_owned(),
            },
            None => {
                let id = format!("entry-{index}");
                self.unmapped(
                    concept,
                    format!("a conceptEntry without an id: written as {id}"),
                );
                id
            }
        };
        let mut entry = ImportedEntry {
            id,
            kind: Kind::Concept,
            gloss: Vec::new(),
            forms: Vec::new(),
            line,
        };
        let mut kind_seen = false;
        let mut note = None;
        for child in concept.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            match (name, child.attribute("type")) {
                ("descrip", Some("subjectField")) if !kind_seen => {
                    let text = child.text().unwrap_or("").trim();
                    match text.parse::<Kind>() {
                        Ok(kind) => {
                            entry.kind = kind;
                            kind_seen = true;
                        }
                        Err(_) => self.unmapped(
                            child,
                            format!(
                                "subject field {text:?} is no glossary kind: the entry is a concept"
                            ),
                        ),
                    }
                }
                ("note", None) if note.is_none() => note = Some(child),
                ("langSec", _) => self.lang_sec(child, &mut entry),
                _ => self.unmapped(child, Self::describe(child)),
            }
        }
        if let Some(node) = note {
            let text = node.text().unwrap_or("").trim().to_owned();
            if entry.gloss.iter().any(|(t, _)| t == "en") {
                self.unmapped(node, format!("a second English gloss {text:?}"));
            } else {
                entry.gloss.insert(0, ("en".to_owned(), text));
            }
        }
        self.out.entries.push(entry);
    }

    fn lang_sec(&mut self, sec: Node, entry: &mut ImportedEntry) {
        let Some(lang) = sec.attribute((XML, "lang")).map(str::to_owned) else {
            self.unmapped(sec, "a langSec without xml:lang: its terms".to_owned());
            return;
        };
        if let Err(e) = lang.parse::<crate::lang::LangTag>() {
            let terms = sec
                .descendants()
                .filter(|n| n.has_tag_name((TBX, "term")))
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join(", ");
            self.unmapped(
                sec,
                format!("a langSec in {lang:?} ({e}): its terms {terms}"),
            );
            return;
        }
        for child in sec.children().filter(Node::is_element) {
            match (child.tag_name().name(), child.attribute("type")) {
                ("descrip", Some("definition")) if !entry.gloss.iter().any(|(t, _)| *t == lang) => {
                    let text = child.text().unwrap_or("").trim().to_owned();
                    entry.gloss.push((lang.clone(), text));
                }
                ("termSec", _) => self.term_sec(child, &lang, entry),
                _ => self.unmapped(child, Self::describe(child)),
            }
        }
    }

    fn term_sec(&mut self, sec: Node, lang: &str, entry: &mut ImportedEntry) {
        let mut text = None;
        let mut admin = None;
        let mut note = None;
        for child in sec.children().filter(Node::is_element) {
            let value = child.text().unwrap_or("").trim();
            match (child.tag_name().name(), child.attribute("type")) {
                ("term", None) if text.is_none() => text = Some(value.to_owned()),
                ("termNote", Some("administrativeStatus")) if admin.is_none() => {
                    match status_of_admin(value) {
                        Some(status) => admin = Some(status),
                        None => self.unmapped(child, Self::describe(child)),
                    }
                }
                // Every glossary form is a noun or a noun phrase.
                ("termNote", Some("partOfSpeech")) if value == "noun" => {}
                ("note", None) if note.is_none() => note = Some(value.to_owned()),
                _ => self.unmapped(child, Self::describe(child)),
            }
        }
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            self.unmapped(sec, "a termSec without a term".to_owned());
            return;
        };
        let mut form = ImportedForm {
            text,
            lang: lang.to_owned(),
            status: admin.unwrap_or(Status::Variant),
            from: None,
            until: None,
            note: None,
        };
        let mut rest = Vec::new();
        let mut derived = false;
        for part in note.iter().flat_map(|n| n.split("; ")) {
            if let Some(status) = part.strip_prefix("status: ")
                && let Ok(status) = status.parse::<Status>()
            {
                form.status = status;
            } else if let Some((from, until)) = years(part) {
                form.from = from;
                form.until = until;
            } else if part.starts_with("derived by the transliteration scheme ") {
                derived = true;
            } else {
                rest.push(part);
            }
        }
        if !rest.is_empty() {
            form.note = Some(rest.join("; "));
        }
        if derived {
            self.out.derived += 1;
        } else {
            entry.forms.push(form);
        }
    }
}

/// The years of an `in use A–B`, `in use since A` or `in use until B` note part.
fn years(part: &str) -> Option<(Option<i32>, Option<i32>)> {
    if let Some(y) = part.strip_prefix("in use since ") {
        return Some((Some(y.parse().ok()?), None));
    }
    if let Some(y) = part.strip_prefix("in use until ") {
        return Some((None, Some(y.parse().ok()?)));
    }
    let (from, until) = part.strip_prefix("in use ")?.split_once('–')?;
    Some((Some(from.parse().ok()?), Some(until.parse().ok()?)))
}

/// Reads a TBX-Basic file. `file` names it in errors.
///
/// ```
/// let tbx = r#"<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">
/// <tbxHeader/><text><body>
///   <conceptEntry id="c1"><descrip type="subjectField">place</descrip>
///     <langSec xml:lang="en"><termSec><term>Ghulja</term>
///       <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
///       <termNote type="grammaticalGender">neuter</termNote></termSec></langSec>
///   </conceptEntry></body></text></tbx>"#;
/// let imported = tilmach::import::import_tbx(tbx, "t.tbx")?;
/// assert_eq!(imported.entries[0].forms[0].text, "Ghulja");
/// // The header (line 2) and the gender note (line 6) have no place in an entry.
/// let lines: Vec<usize> = imported.unmapped.iter().map(|u| u.line).collect();
/// assert_eq!(lines, [2, 6]);
/// assert!(imported.unmapped[1].what.contains("grammaticalGender"));
/// # Ok::<(), tilmach::import::ImportError>(())
/// ```
///
/// # Errors
///
/// [`ImportError::Syntax`] with the position when the file is not well-formed XML or its root is
/// not a TBX `tbx` element.
pub fn import_tbx(text: &str, file: &str) -> Result<Imported, ImportError> {
    let doc = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        ImportError::Syntax {
            file: file.to_owned(),
            line: pos.row as usize,
            column: pos.col as usize,
            message: format!("{e}: the file is not well-formed XML"),
        }
    })?;
    let root = doc.root_element();
    if !root.has_tag_name((TBX, "tbx")) {
        let pos = doc.text_pos_at(root.range().start);
        return Err(ImportError::Syntax {
            file: file.to_owned(),
            line: pos.row as usize,
            column: pos.col as usize,
            message: format!(
                "the root element is <{}>, not <tbx> in the namespace {TBX}: not a TBX v3 file",
                root.tag_name().name()
            ),
        });
    }
    let mut reader = Reader {
        doc: &doc,
        out: Imported::default(),
    };
    for child in root.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "tbxHeader" => reader.unmapped(
                child,
                "the header (file description) is not imported".to_owned(),
            ),
            "text" => {
                for part in child.children().filter(Node::is_element) {
                    if part.tag_name().name() != "body" {
                        reader.unmapped(part, Reader::describe(part));
                        continue;
                    }
                    let concepts: Vec<Node> = part.children().filter(Node::is_element).collect();
                    for (i, concept) in concepts.into_iter().enumerate() {
                        if concept.tag_name().name() == "conceptEntry" {
                            reader.entry(concept, i + 1);
                        } else {
                            reader.unmapped(concept, Reader::describe(concept));
                        }
                    }
                }
            }
            _ => reader.unmapped(child, Reader::describe(child)),
        }
    }
    Ok(reader.out)
}
