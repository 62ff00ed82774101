//! Reading one entry file: its id from the file name, then its fields, citations and forms.
//!
//! Every field is read and checked before the entry is built, so that all the problems of a file
//! are reported at once; references to other entries and to sources are kept to be resolved when
//! every layer is loaded.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use toml::de::DeTable;

use super::parse::parse_toml;
use super::reader::Reader;
use super::{Reference, ReferenceKind, is_valid_id};
use crate::error::{Location, Problem};
use crate::glossary::model::{Citation, Entry, Form, Kind, Origin, Status};
use crate::lang::LangTag;

const ENTRY_FIELDS: &[&str] = &[
    "kind", "gloss", "notes", "see", "homonyms", "sources", "form",
];
const FORM_FIELDS: &[&str] = &[
    "text",
    "lang",
    "status",
    "from",
    "until",
    "note",
    "seen",
    "irregular",
];
const CITATION_FIELDS: &[&str] = &["source", "quote"];

/// The entry id of the file at `path`: its name without `.toml`, checked to be kebab-case.
pub(super) fn entry_id(path: &Path, _text: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_valid_id(&stem) {
        Some(stem)
    } else {
        problems.push(
            Problem::at(Location { file: path.to_path_buf(), line: 1, column: 1 }, format!("{stem:?} is not a valid entry id"))
                .hint("the file name is the entry id: ASCII lower-case letters and digits in words joined by single hyphens, e.g. ghulja.toml or ili-river.toml"),
        );
        None
    }
}

/// The span of problems with the entry as a whole, located at the start of its file.
const WHOLE: Range<usize> = 0..0;

/// Reads the entry `id` from the file at `path`, whose text is `text`: the entry and the location
/// of each of its forms, or `None` when the file has any problem. The references it makes are
/// appended to `references`.
pub(super) fn read_entry(
    path: &Path,
    text: &str,
    id: String,
    references: &mut Vec<Reference>,
    problems: &mut Vec<Problem>,
) -> Option<(Entry, Vec<Location>)> {
    let table = parse_toml(path, text, problems)?;
    let before = problems.len();
    let mut e = EntryReader {
        r: Reader::new(path, text, problems),
        references,
    };
    e.r.known_keys(&table, ENTRY_FIELDS, "entry");

    let kind =
        e.r.required_string(&table, &WHOLE, "kind", "the entry", "kind = \"place\"")
            .and_then(|(k, span)| e.r.named::<Kind>(&k, &span, "kind", "kinds"));
    let gloss = e.gloss(&table);
    let notes: Vec<String> =
        e.r.string_array(&table, "notes", "notes = [\"…\"]")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
    let (see, homonyms) = e.links(&table, &id);
    let sources = e.citations(&table);
    let (forms, form_locations) = e.forms(&table);

    if problems.len() > before {
        return None;
    }
    let entry = Entry {
        id,
        kind: kind?,
        gloss,
        notes,
        see,
        sources,
        forms,
        homonyms,
    };
    Some((entry, form_locations))
}

/// The reading of one entry file: its fields, and the references it makes to other entries and
/// to sources.
struct EntryReader<'a, 'r> {
    r: Reader<'a>,
    references: &'r mut Vec<Reference>,
}

impl EntryReader<'_, '_> {
    /// The entry's `gloss` table: a text for each language tag, English required.
    fn gloss(&mut self, table: &DeTable<'_>) -> BTreeMap<LangTag, String> {
        let r = &mut self.r;
        let mut gloss = BTreeMap::new();
        match table.get("gloss") {
            None => r.report(
                &WHOLE,
                "the entry has no gloss",
                "add a one-line explanation: gloss.en = \"…\"",
            ),
            Some(value) => match value.get_ref().as_table() {
                None => r.type_error(
                    "gloss",
                    value,
                    "a table of language tag = text",
                    "gloss.en = \"…\"",
                ),
                Some(glosses) => {
                    for (key, value) in glosses.iter() {
                        // A gloss is prose in a language; its script goes without saying (kk = Kazakh).
                        let tag = match LangTag::parse_range(key.get_ref()) {
                            Ok(tag) => Some(tag),
                            Err(e) => {
                                r.report(
                                    &key.span(),
                                    e.to_string(),
                                    "gloss keys are language tags: gloss.en, gloss.ru, gloss.kk",
                                );
                                None
                            }
                        };
                        match value.get_ref().as_str() {
                            Some(s) if r.clean_text("the gloss", s, &value.span()) => {
                                if let Some(tag) = tag {
                                    gloss.insert(tag, s.to_owned());
                                }
                            }
                            Some(_) => {}
                            None => r.type_error("a gloss", value, "a string", "gloss.en = \"…\""),
                        }
                    }
                    if !glosses.keys().any(|k| k.get_ref() == "en") {
                        r.report(
                            &value.span(),
                            "the gloss has no English text",
                            "add gloss.en = \"…\" (English is required)",
                        );
                    }
                }
            },
        }
        gloss
    }

    /// The entries that the entry `id` names in `see` and in `homonyms`.
    fn links(&mut self, table: &DeTable<'_>, id: &str) -> (Vec<String>, Vec<String>) {
        let mut see = Vec::new();
        for (target, span) in self.r.string_array(table, "see", "see = [\"ghulja\"]") {
            if target == id {
                self.r.report(
                    &span,
                    format!("the entry refers to itself in see = [\"{target}\"]"),
                    "see lists other entries; remove this one",
                );
                continue;
            }
            self.refer(&target, ReferenceKind::Entry, &span);
            see.push(target);
        }
        let mut homonyms = Vec::new();
        for (target, span) in
            self.r
                .string_array(table, "homonyms", "homonyms = [\"aksu-district\"]")
        {
            self.refer(&target, ReferenceKind::Entry, &span);
            homonyms.push(target);
        }
        (see, homonyms)
    }

    /// The entry's `sources`: the documents it cites.
    fn citations(&mut self, table: &DeTable<'_>) -> Vec<Citation> {
        let mut sources = Vec::new();
        let citations = self.r.tables(
            table,
            "sources",
            "sources = [{ source = \"odr-2021\", quote = \"…\" }]",
        );
        if citations.is_empty() && table.get("sources").is_none() {
            self.r.report(
                &WHOLE,
                "the entry cites no source",
                "add sources = [{ source = \"KEY\", quote = \"…\" }] with a key from sources.toml",
            );
        }
        for (citation, span) in citations {
            self.r.known_keys(citation, CITATION_FIELDS, "citation");
            let source = self.r.required_string(
                citation,
                &span,
                "source",
                "the citation",
                "source = \"odr-2021\"",
            );
            let quote = self
                .r
                .string(citation, "quote", "quote = \"…\"")
                .map(|(q, _)| q);
            if let Some((key, key_span)) = source {
                self.refer(&key, ReferenceKind::Source, &key_span);
                sources.push(Citation { source: key, quote });
            }
        }
        sources
    }

    /// The entry's `[[form]]` tables: its forms and the location of each, checked one against
    /// another.
    fn forms(&mut self, table: &DeTable<'_>) -> (Vec<Form>, Vec<Location>) {
        let mut forms = Vec::new();
        let mut form_locations = Vec::new();
        let form_tables = self.r.tables(table, "form", "[[form]] tables");
        if form_tables.is_empty() && table.get("form").is_none() {
            self.r.report(
                &WHOLE,
                "the entry has no forms",
                "add at least one [[form]] with text, lang and status",
            );
        }
        let mut earlier = EarlierForms::default();
        for (form, span) in form_tables {
            let Some((form, lang_span)) = self.form(form, &span) else {
                continue;
            };
            earlier.check(&mut self.r, &form, &span, &lang_span);
            form_locations.push(self.r.at(&span));
            forms.push(form);
        }
        (forms, form_locations)
    }

    /// One `[[form]]` table at `span`, with the span of its `lang`; `None` when its text,
    /// language or status is missing or invalid.
    fn form(&mut self, form: &DeTable<'_>, span: &Range<usize>) -> Option<(Form, Range<usize>)> {
        let r = &mut self.r;
        r.known_keys(form, FORM_FIELDS, "form");
        let text = r.required_string(form, span, "text", "the form", "text = \"Ghulja\"");
        let text = text.filter(|(t, span)| {
            r.short_enough("the form's text", t, span) && r.clean_text("the form's text", t, span)
        });
        let lang = r
            .required_string(form, span, "lang", "the form", "lang = \"en\"")
            .and_then(|(l, span)| r.lang(&l, &span).map(|tag| (tag, span)));
        let status = r
            .required_string(form, span, "status", "the form", "status = \"preferred\"")
            .and_then(|(s, span)| r.named::<Status>(&s, &span, "status", "statuses"));
        let (from, until) = self.years(form);
        let note = self.r.string(form, "note", "note = \"…\"").map(|(n, _)| n);
        let mut seen = Vec::new();
        for (key, key_span) in self.r.string_array(form, "seen", "seen = [\"odr-2021\"]") {
            self.refer(&key, ReferenceKind::Source, &key_span);
            seen.push(key);
        }
        let irregular = match form.get("irregular") {
            None => false,
            Some(value) => value.get_ref().as_bool().unwrap_or_else(|| {
                self.r
                    .type_error("irregular", value, "true or false", "irregular = true");
                false
            }),
        };
        let (Some((text, _)), Some((lang, lang_span)), Some(status)) = (text, lang, status) else {
            return None;
        };
        let form = Form {
            text,
            lang,
            status,
            from,
            until,
            note,
            seen,
            irregular,
            origin: Origin::Entered,
        };
        Some((form, lang_span))
    }

    /// A form's `from` and `until` years, checked to be in order.
    fn years(&mut self, form: &DeTable<'_>) -> (Option<i32>, Option<i32>) {
        let from = self.r.year(form, "from");
        let until = self.r.year(form, "until");
        if let (Some((from, _)), Some((until, until_span))) = (&from, &until)
            && from > until
        {
            self.r.report(
                until_span,
                format!("until = {until} is before from = {from}"),
                "swap the two years",
            );
        }
        (from.map(|(y, _)| y), until.map(|(y, _)| y))
    }

    /// Keeps the reference to `target`, an entry or a source, found at `span`.
    fn refer(&mut self, target: &str, to: ReferenceKind, span: &Range<usize>) {
        self.references.push(Reference {
            target: target.to_owned(),
            to,
            location: self.r.at(span),
        });
    }
}

/// The forms of an entry read so far, to check each new one against: one preferred form per
/// language tag, and no form listed twice.
#[derive(Default)]
struct EarlierForms {
    preferred: HashMap<LangTag, Range<usize>>,
    seen_forms: HashMap<(String, LangTag), Range<usize>>,
}

impl EarlierForms {
    /// Checks `form`, at `span` and with its `lang` at `lang_span`, against the forms before it,
    /// then remembers it.
    fn check(
        &mut self,
        r: &mut Reader<'_>,
        form: &Form,
        span: &Range<usize>,
        lang_span: &Range<usize>,
    ) {
        let (text, lang) = (&form.text, &form.lang);
        if form.status == Status::Preferred {
            if let Some(first) = self.preferred.get(lang) {
                let first = r.at(first);
                r.report(
                    lang_span,
                    format!("a second preferred form for {lang}"),
                    format!("the form at line {} is already preferred; make one of them official or variant", first.line),
                );
            } else {
                self.preferred.insert(lang.clone(), span.clone());
            }
        }
        match self.seen_forms.get(&(text.clone(), lang.clone())) {
            Some(first) => {
                let first = r.at(first);
                r.report(
                    span,
                    format!("the form {text:?} ({lang}) is listed twice"),
                    format!("remove one; the first is at line {}", first.line),
                );
            }
            None => {
                self.seen_forms
                    .insert((text.clone(), lang.clone()), span.clone());
            }
        }
    }
}
