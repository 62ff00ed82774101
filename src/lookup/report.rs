//! The shapes in which lookup answers leave the program: a hit as JSON with a chosen set of
//! [`Field`]s, the form to use in a language ([`Answer::best_form`]), and the rows of the compact
//! batch formats (TSV, one line of ids per query). `tilmach lookup` writes these shapes; they
//! are defined here, once, so that every front end writes the same ones.
//!
//! ```
//! use tilmach::{Glossary, LangTag};
//! use tilmach::lookup::report::{Field, Fields, hit_json, write_tsv};
//! use tilmach::lookup::{SearchOptions, Sources};
//!
//! let sources = Sources::new().glossary(Glossary::embedded());
//! let answers = sources.search("Kuldja", &SearchOptions::default())?;
//! let kk = LangTag::parse_range("kk").unwrap();
//! let fields = Fields::new([Field::Id, Field::Score]);
//! let hit = hit_json(&answers[0], &fields, None);
//! assert_eq!(hit.to_string(), r#"{"id":"ghulja","score":1.0}"#);
//! let mut tsv = Vec::new();
//! write_tsv(&mut tsv, "Kuldja", &answers[..1], Some(&kk))?;
//! assert_eq!(String::from_utf8(tsv).unwrap(), "Kuldja\tghulja\t1.000\texact\tKuldja\tҚұлжа\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use serde_json::{Map, Value, json};

use crate::LangTag;
use crate::export::form_json;
use crate::glossary::best_of;
use crate::lookup::Answer;

/// One field of a hit's JSON object: `--fields` of `tilmach lookup` chooses among them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `id`: the entry's id.
    Id,
    /// `kind`: the entry's kind (`null` for an entry of a name index).
    Kind,
    /// `score`: how strongly the evidence says that the query names the entry.
    Score,
    /// `match`: `{stage, form: {text, lang}, distance}`.
    Match,
    /// `stage`: the stage that matched, on its own.
    Stage,
    /// `distance`: the edit distance of the match, on its own.
    Distance,
    /// `form`: the form that matched, `{text, lang}`, on its own.
    Form,
    /// `gloss`: the English gloss (`null` for an entry of a name index).
    Gloss,
    /// `forms`: every form of the entry.
    Forms,
    /// `render`: the form to use in the `--render` language, `{text, lang}` or `null`.
    Render,
}

impl Field {
    /// Every field, in the order of the default shape.
    pub const ALL: [Field; 10] = [
        Field::Id,
        Field::Kind,
        Field::Score,
        Field::Match,
        Field::Stage,
        Field::Distance,
        Field::Form,
        Field::Gloss,
        Field::Forms,
        Field::Render,
    ];

    /// The fields of a hit when none are chosen (the shape documented before fields could be
    /// chosen).
    pub const DEFAULT: [Field; 6] = [
        Field::Id,
        Field::Kind,
        Field::Score,
        Field::Match,
        Field::Gloss,
        Field::Forms,
    ];

    /// The field's key in the JSON object.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Kind => "kind",
            Field::Score => "score",
            Field::Match => "match",
            Field::Stage => "stage",
            Field::Distance => "distance",
            Field::Form => "form",
            Field::Gloss => "gloss",
            Field::Forms => "forms",
            Field::Render => "render",
        }
    }

    /// What the field holds, in a few words (for help texts).
    pub fn help(self) -> &'static str {
        match self {
            Field::Id => "the entry's id",
            Field::Kind => "the entry's kind",
            Field::Score => "the score, from 0 to 1",
            Field::Match => "{stage, form, distance} of the match",
            Field::Stage => "the stage that matched",
            Field::Distance => "the edit distance",
            Field::Form => "the form that matched, {text, lang}",
            Field::Gloss => "the English gloss",
            Field::Forms => "every form of the entry",
            Field::Render => "the form to use in the --render language",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = crate::Error;
    /// Parses a field's key; an unknown one is refused with the valid ones.
    fn from_str(s: &str) -> Result<Field, crate::Error> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| crate::error::invalid_value("field", s, Field::ALL.map(Field::as_str)))
    }
}

/// The fields a hit's JSON carries, in the order they are written, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields(Vec<Field>);

impl Fields {
    /// These fields, in this order; a repeated field is kept once, where it first appears.
    pub fn new(fields: impl IntoIterator<Item = Field>) -> Fields {
        let mut chosen = Vec::new();
        for field in fields {
            if !chosen.contains(&field) {
                chosen.push(field);
            }
        }
        Fields(chosen)
    }

    /// Adds `field` at the end unless it is there already.
    pub fn with(mut self, field: Field) -> Fields {
        if !self.0.contains(&field) {
            self.0.push(field);
        }
        self
    }

    /// Whether `field` is chosen.
    pub fn contains(&self, field: Field) -> bool {
        self.0.contains(&field)
    }

    /// The chosen fields, in order.
    pub fn iter(&self) -> impl Iterator<Item = Field> + '_ {
        self.0.iter().copied()
    }
}

impl Default for Fields {
    /// [`Field::DEFAULT`].
    fn default() -> Fields {
        Fields::new(Field::DEFAULT)
    }
}

impl FromStr for Fields {
    type Err = crate::Error;
    /// Parses a comma-separated list of field keys (`id,score,form`).
    fn from_str(s: &str) -> Result<Fields, crate::Error> {
        s.split(',')
            .map(|f| f.trim().parse::<Field>())
            .collect::<Result<Vec<_>, _>>()
            .map(Fields::new)
    }
}

/// A form given by its text and language tag: the form to use in a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rendering<'a> {
    /// The form's text.
    pub text: &'a str,
    /// Its language tag.
    pub lang: &'a str,
}

impl<'a> Answer<'a> {
    /// The form of the answer's entry to use in the language `lang` (a tag or range), by the
    /// rule of [`Entry::best_form`](crate::Entry::best_form), for an entry of a glossary and of
    /// a name index alike; `None` when the entry has no form in that language.
    pub fn best_form(&self, lang: &LangTag) -> Option<Rendering<'a>> {
        match self {
            Answer::Entry(found) => found.entry.best_form(lang).map(|f| Rendering {
                text: &f.text,
                lang: f.lang.as_str(),
            }),
            Answer::Name { index, hit } => {
                let index = *index;
                let records = index
                    .entry_forms(hit.entry)
                    .ok()?
                    .filter_map(|f| index.record(f).ok());
                best_of(records, |r| {
                    let in_language =
                        LangTag::parse_range(r.lang).is_ok_and(|tag| tag.matches(lang));
                    (in_language, r.status, r.derived)
                })
                .map(|r| Rendering {
                    text: r.text,
                    lang: r.lang,
                })
            }
        }
    }
}

/// A hit as a JSON object with `fields`, in their order. `render` is the language of the
/// [`Field::Render`] field (which is `null` without one).
pub fn hit_json(answer: &Answer<'_>, fields: &Fields, render: Option<&LangTag>) -> Value {
    let mut object = Map::new();
    let (text, lang) = answer.matched();
    for field in fields.iter() {
        let value = match field {
            Field::Id => json!(answer.id()),
            Field::Kind => match answer {
                Answer::Entry(found) => json!(found.entry.kind.as_str()),
                Answer::Name { .. } => Value::Null,
            },
            Field::Score => json!(answer.score()),
            Field::Match => json!({
                "stage": answer.stage().as_str(),
                "form": { "text": text, "lang": lang },
                "distance": answer.distance(),
            }),
            Field::Stage => json!(answer.stage().as_str()),
            Field::Distance => json!(answer.distance()),
            Field::Form => json!({ "text": text, "lang": lang }),
            Field::Gloss => match answer {
                Answer::Entry(found) => json!(found.entry.gloss_en()),
                Answer::Name { .. } => Value::Null,
            },
            Field::Forms => forms_json(answer),
            Field::Render => match render.and_then(|l| answer.best_form(l)) {
                Some(r) => json!({ "text": r.text, "lang": r.lang }),
                None => Value::Null,
            },
        };
        object.insert(field.as_str().to_owned(), value);
    }
    Value::Object(object)
}

/// Every form of the answer's entry, in the shape of [`form_json`] (a name index keeps only
/// text, language, status and whether the form is derived).
fn forms_json(answer: &Answer<'_>) -> Value {
    match answer {
        Answer::Entry(found) => Value::Array(found.entry.forms.iter().map(form_json).collect()),
        Answer::Name { index, hit } => Value::Array(
            index
                .entry_forms(hit.entry)
                .map(|range| range.filter_map(|f| index.record(f).ok()).collect::<Vec<_>>())
                .unwrap_or_default()
                .iter()
                .map(|r| {
                    json!({ "text": r.text, "lang": r.lang, "status": r.status.as_str(), "derived": r.derived })
                })
                .collect(),
        ),
    }
}

/// The answer to one query as a JSON object: `{"query": …, "hits": [hit, …]}`.
pub fn query_json(
    query: &str,
    answers: &[Answer<'_>],
    fields: &Fields,
    render: Option<&LangTag>,
) -> Value {
    json!({
        "query": query,
        "hits": answers.iter().map(|a| hit_json(a, fields, render)).collect::<Vec<_>>(),
    })
}

/// The columns of [`write_tsv`], in order: the query, the entry's id, the score (three
/// decimals), the stage, the form that matched, and the form to use in the render language.
pub const TSV_COLUMNS: [&str; 6] = ["query", "id", "score", "stage", "form", "render"];

/// Writes the header line of [`write_tsv`]: [`TSV_COLUMNS`], tab-separated.
pub fn write_tsv_header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", TSV_COLUMNS.join("\t"))
}

/// `text` as a TSV field: a backslash, tab, line feed and carriage return are written `\\`,
/// `\t`, `\n` and `\r`, so that a field never splits a row or a line (the escaping of
/// PostgreSQL's `COPY` text format and of the "linear TSV" convention).
pub fn tsv_field(text: &str) -> Cow<'_, str> {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\t' => escaped.push_str("\\t"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Writes the answers to `query` as TSV rows ([`TSV_COLUMNS`]), one per hit, best first; a
/// query without hits gets one row with only the query, so that every query is accounted for.
/// The render column is empty without `render` or when the entry has no form in it.
pub fn write_tsv(
    out: &mut dyn Write,
    query: &str,
    answers: &[Answer<'_>],
    render: Option<&LangTag>,
) -> io::Result<()> {
    let query = tsv_field(query);
    if answers.is_empty() {
        return writeln!(out, "{query}\t\t\t\t\t");
    }
    for answer in answers {
        let rendered = render
            .and_then(|l| answer.best_form(l))
            .map_or("", |r| r.text);
        writeln!(
            out,
            "{query}\t{}\t{:.3}\t{}\t{}\t{}",
            tsv_field(answer.id()),
            answer.score(),
            answer.stage().as_str(),
            tsv_field(answer.matched().0),
            tsv_field(rendered),
        )?;
    }
    Ok(())
}

/// Writes the ids of the answers to one query on one line, tab-separated, best first (an empty
/// line for no answer), so that line N of the output answers line N of the input.
pub fn write_ids(out: &mut dyn Write, answers: &[Answer<'_>]) -> io::Result<()> {
    for (i, answer) in answers.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        out.write_all(tsv_field(answer.id()).as_bytes())?;
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Glossary;
    use crate::lookup::{SearchOptions, Sources};

    fn answers(query: &str) -> Vec<Answer<'static>> {
        Sources::new()
            .glossary(Glossary::embedded())
            .search(query, &SearchOptions::default())
            .unwrap()
    }

    #[test]
    fn fields_parse_and_name_the_valid_ones() {
        let fields: Fields = "id, score,id,form".parse().unwrap();
        assert_eq!(
            fields.iter().collect::<Vec<_>>(),
            [Field::Id, Field::Score, Field::Form]
        );
        let error = "id,glos".parse::<Fields>().unwrap_err().to_string();
        assert!(error.contains("\"glos\""), "{error}");
        assert!(error.contains("did you mean \"gloss\""), "{error}");
        for field in Field::ALL {
            assert!(error.contains(field.as_str()), "{error}");
            assert_eq!(field.as_str().parse::<Field>().unwrap(), field);
        }
    }

    #[test]
    fn a_hit_carries_the_chosen_fields_in_order() {
        let found = answers("Kuldja");
        let hit = hit_json(&found[0], &"form,id,stage".parse().unwrap(), None);
        let keys: Vec<&String> = hit.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["form", "id", "stage"]);
        assert_eq!(hit["id"], "ghulja");
        assert_eq!(hit["form"]["text"], "Kuldja");
        let full = hit_json(&found[0], &Fields::default(), None);
        assert_eq!(full["match"]["form"], hit["form"]);
        assert_eq!(full["match"]["stage"], hit["stage"]);
    }

    #[test]
    fn render_is_the_entrys_best_form() {
        let glossary = Glossary::embedded();
        for lang in ["kk", "ru", "ug-Arab", "zh", "en"] {
            let tag = LangTag::parse_range(lang).unwrap();
            for query in ["Kuldja", "Жаркент", "Almaty"] {
                let found = answers(query);
                let entry = glossary.entry(found[0].id()).unwrap();
                let expected = entry.best_form(&tag).map(|f| f.text.as_str());
                assert_eq!(found[0].best_form(&tag).map(|r| r.text), expected);
                let hit = hit_json(&found[0], &Fields::new([Field::Render]), Some(&tag));
                assert_eq!(hit["render"]["text"].as_str(), expected, "{query} {lang}");
            }
        }
    }

    #[test]
    fn tsv_fields_never_split_a_row() {
        assert_eq!(tsv_field("Kuldja"), "Kuldja");
        assert_eq!(tsv_field("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
        let mut out = Vec::new();
        write_tsv(&mut out, "zzqx\tq", &[], None).unwrap();
        assert_eq!(out, b"zzqx\\tq\t\t\t\t\t\n");
        let mut out = Vec::new();
        write_ids(&mut out, &answers("Aksu")).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(line.starts_with("aksu") && line.ends_with('\n'), "{line}");
        assert_eq!(line.matches('\n').count(), 1);
    }
}
