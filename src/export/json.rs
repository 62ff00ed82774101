//! The whole glossary as one JSON document:
//! `{"format": "tilmach-glossary", "version": 1, "entries": [...], "sources": [...]}`. An entry is
//! `{"id", "kind", "gloss": {tag: text}, "notes", "see", "homonyms"?, "sources": [{"source",
//! "quote"?}], "forms": [...]}` (`homonyms` only when the entry declares some); a form is `{"text", "lang", "status", "derived", "scheme"?, "from"?,
//! "until"?, "note"?, "irregular"?, "seen"?}` (the shape `tilmach show --json` uses).

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::glossary::{Entry, Form, Glossary, Origin};

/// The version of the JSON shape.
pub const JSON_VERSION: u32 = 1;

/// One form as JSON (the shape every JSON output of tilmach uses for forms).
pub fn form_json(form: &Form) -> Value {
    let mut v = Map::new();
    v.insert("text".into(), json!(form.text));
    v.insert("lang".into(), json!(form.lang.as_str()));
    v.insert("status".into(), json!(form.status.as_str()));
    v.insert("derived".into(), json!(form.is_derived()));
    if let Origin::Derived { scheme, .. } = &form.origin {
        v.insert("scheme".into(), json!(scheme));
    }
    if let Some(from) = form.from {
        v.insert("from".into(), json!(from));
    }
    if let Some(until) = form.until {
        v.insert("until".into(), json!(until));
    }
    if let Some(note) = &form.note {
        v.insert("note".into(), json!(note));
    }
    if form.irregular {
        v.insert("irregular".into(), json!(true));
    }
    if !form.seen.is_empty() {
        v.insert("seen".into(), json!(form.seen));
    }
    Value::Object(v)
}

/// One entry as JSON, its forms included.
pub fn entry_json(entry: &Entry) -> Value {
    let gloss: Map<String, Value> = entry
        .gloss
        .iter()
        .map(|(tag, text)| (tag.to_string(), json!(text)))
        .collect();
    let sources: Vec<Value> = entry
        .sources
        .iter()
        .map(|c| match &c.quote {
            Some(q) => json!({"source": c.source, "quote": q}),
            None => json!({"source": c.source}),
        })
        .collect();
    let mut value = json!({
        "id": entry.id,
        "kind": entry.kind.as_str(),
        "gloss": gloss,
        "notes": entry.notes,
        "see": entry.see,
        "sources": sources,
        "forms": entry.forms.iter().map(form_json).collect::<Vec<_>>(),
    });
    if let (false, Some(object)) = (entry.homonyms.is_empty(), value.as_object_mut()) {
        object.insert("homonyms".to_owned(), json!(entry.homonyms));
    }
    value
}

/// The glossary as a JSON value.
pub fn glossary_json(glossary: &Glossary) -> Value {
    let sources: Vec<Value> = glossary
        .sources()
        .values()
        .map(|s| {
            json!({
                "key": s.key, "title": s.title, "author": s.author, "date": s.date,
                "publisher": s.publisher, "url": s.url, "file": s.file,
            })
        })
        .collect();
    json!({
        "format": "tilmach-glossary",
        "version": JSON_VERSION,
        "entries": glossary.entries().map(entry_json).collect::<Vec<_>>(),
        "sources": sources,
    })
}

/// Writes the glossary as pretty-printed JSON.
///
/// # Errors
///
/// When writing fails.
pub fn write_json(glossary: &Glossary, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &glossary_json(glossary))?;
    out.write_all(b"\n")
}
