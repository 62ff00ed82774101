//! Python views of the library's values: entries, forms, hits, mentions, findings, expansions.
//! Each holds a handle to its glossary and reads the library's data on access.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use tilmach::glossary::Origin;
use tilmach::lookup::Stage;

use crate::errors::{self, OrRaise};

/// A glossary shared by the Python objects that came from it.
#[derive(Debug)]
pub enum Shared {
    /// The glossary compiled into tilmach.
    Embedded,
    /// A glossary loaded from directories or an index file.
    Owned(Box<tilmach::Glossary>),
}

impl Shared {
    /// The glossary.
    pub fn get(&self) -> &tilmach::Glossary {
        match self {
            Shared::Embedded => tilmach::Glossary::embedded(),
            Shared::Owned(glossary) => glossary,
        }
    }
}

/// A handle to a glossary.
pub type Handle = Arc<Shared>;

/// The position of `form` among `entry`'s forms.
pub fn form_position(entry: &tilmach::Entry, form: &tilmach::Form) -> u32 {
    let at = entry.forms.iter().position(|f| std::ptr::eq(f, form));
    at.and_then(|i| u32::try_from(i).ok()).unwrap_or(0)
}

/// A Python value from `serde_json`'s, through the `json` module.
pub fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?
        .call_method1("loads", (value.to_string(),))
}

/// One thing named — a place, person, organization, ethnonym, group term, concept, event or
/// document — with all its forms.
///
/// >>> import tilmach
/// >>> entry = tilmach.Glossary.embedded().entry("ghulja")
/// >>> entry.kind
/// 'place'
/// >>> entry.best_form("kk").text
/// 'Құлжа'
/// >>> entry.best_form("en").text
/// 'Ghulja'
#[pyclass(module = "tilmach", frozen)]
pub struct Entry {
    pub glossary: Handle,
    pub id: String,
}

impl Entry {
    fn get(&self) -> PyResult<&tilmach::Entry> {
        self.glossary.get().entry(&self.id).or_raise()
    }
}

#[pymethods]
impl Entry {
    /// The stable id (ASCII kebab-case).
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// What it names: `place`, `person`, `organization`, `ethnonym`, `group-term`, `concept`,
    /// `event` or `document`.
    #[getter]
    fn kind(&self) -> PyResult<&'static str> {
        Ok(self.get()?.kind.as_str())
    }

    /// A one-line explanation per language tag; English is always present.
    #[getter]
    fn gloss<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (tag, text) in &self.get()?.gloss {
            dict.set_item(tag.as_str(), text)?;
        }
        Ok(dict)
    }

    /// Longer remarks.
    #[getter]
    fn notes(&self) -> PyResult<Vec<String>> {
        Ok(self.get()?.notes.clone())
    }

    /// Ids of related entries.
    #[getter]
    fn see(&self) -> PyResult<Vec<String>> {
        Ok(self.get()?.see.clone())
    }

    /// The keys of the sources cited (see `Glossary.sources`).
    #[getter]
    fn sources(&self) -> PyResult<Vec<String>> {
        Ok(self
            .get()?
            .sources
            .iter()
            .map(|c| c.source.clone())
            .collect())
    }

    /// The forms: entered ones first, in file order, then derived ones.
    #[getter]
    fn forms(&self) -> PyResult<Vec<Form>> {
        Ok(self.get()?.forms.iter().map(Form::from).collect())
    }

    /// The name to show for the entry: its preferred English form, else its first form.
    #[getter]
    fn headword(&self) -> PyResult<String> {
        Ok(self.get()?.headword().to_owned())
    }

    /// The best form for a language (a tag or range: `kk` matches `kk-Cyrl`): its preferred
    /// form, else its first official or variant form, else its first form of any status;
    /// `None` when it has no form in that language.
    fn best_form(&self, lang: &str) -> PyResult<Option<Form>> {
        let lang = tilmach::LangTag::parse_range(lang).map_err(errors::lang)?;
        Ok(self.get()?.best_form(&lang).map(Form::from))
    }

    /// The entry as plain data (the JSON export's record of it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &tilmach::export::entry_json(self.get()?))
    }

    fn __repr__(&self) -> PyResult<String> {
        let entry = self.get()?;
        Ok(format!(
            "Entry(id={}, kind={}, headword={})",
            q(&entry.id),
            q(entry.kind.as_str()),
            q(entry.headword())
        ))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Entry>().is_ok_and(|o| {
            let o = o.get();
            o.id == self.id && Arc::ptr_eq(&o.glossary, &self.glossary)
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.id.hash(&mut h);
        h.finish()
    }
}

/// One written rendering of an entry, with its language, status, dates and sources.
#[pyclass(module = "tilmach", frozen, get_all)]
#[derive(Clone)]
pub struct Form {
    /// The rendering, in NFC.
    pub text: String,
    /// Its language tag, e.g. `kk-Cyrl`.
    pub lang: String,
    /// `preferred`, `official`, `variant`, `historical`, `deprecated`, `derogatory` or
    /// `misspelling`.
    pub status: &'static str,
    /// The first year it was in use, when known.
    pub from_year: Option<i32>,
    /// The last year it was in use, when known.
    pub until_year: Option<i32>,
    /// A remark on this form.
    pub note: Option<String>,
    /// The keys of the sources in which this exact spelling occurs.
    pub seen: Vec<String>,
    /// An attested spelling that does not follow the transliteration rules.
    pub irregular: bool,
    /// The id of the scheme that computed this form from an entered one, or `None` for an
    /// entered form.
    pub derived_by: Option<String>,
    json: String,
}

impl From<&tilmach::Form> for Form {
    fn from(form: &tilmach::Form) -> Form {
        Form {
            text: form.text.clone(),
            lang: form.lang.as_str().to_owned(),
            status: form.status.as_str(),
            from_year: form.from,
            until_year: form.until,
            note: form.note.clone(),
            seen: form.seen.clone(),
            irregular: form.irregular,
            derived_by: match &form.origin {
                Origin::Entered => None,
                Origin::Derived { scheme, .. } => Some(scheme.clone()),
            },
            json: tilmach::export::form_json(form).to_string(),
        }
    }
}

#[pymethods]
impl Form {
    /// Whether a transliteration scheme computed this form.
    #[getter]
    fn derived(&self) -> bool {
        self.derived_by.is_some()
    }

    /// The form as plain data (the JSON export's record of it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (&self.json,))
    }

    fn __repr__(&self) -> String {
        format!(
            "Form(text={}, lang={}, status={})",
            q(&self.text),
            q(&self.lang),
            q(self.status)
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Form>()
            .is_ok_and(|o| o.get().json == self.json)
    }
}

/// One result of a lookup: the entry, the form that matched, how (`stage`: `exact`,
/// `normalized`, `cross-script`, `fuzzy` or `prefix`), the edit `distance` and a `score` in
/// (0, 1], higher is better.
///
/// >>> import tilmach
/// >>> hit = tilmach.Glossary.embedded().lookup("Кульджа")[0]
/// >>> (hit.entry.id, hit.form.text, hit.stage, hit.distance)
/// ('ghulja', 'Кульджа', 'exact', 0)
#[pyclass(module = "tilmach", frozen)]
pub struct Hit {
    pub glossary: Handle,
    pub id: String,
    pub form: u32,
    pub stage: Stage,
    pub distance: u8,
    pub score: f64,
}

impl Hit {
    /// The Python hit for a library hit of `glossary`.
    pub fn new(glossary: &Handle, found: &tilmach::glossary::Found<'_>) -> Hit {
        Hit {
            glossary: Arc::clone(glossary),
            id: found.entry.id.clone(),
            form: form_position(found.entry, found.form),
            stage: found.stage,
            distance: found.distance,
            score: found.score,
        }
    }

    fn form_ref(&self) -> PyResult<&tilmach::Form> {
        let entry = self.glossary.get().entry(&self.id).or_raise()?;
        entry
            .forms
            .get(self.form as usize)
            .ok_or_else(|| errors::TilmachError::new_err("the hit's form is gone"))
    }
}

#[pymethods]
impl Hit {
    /// The entry found.
    #[getter]
    fn entry(&self) -> Entry {
        Entry {
            glossary: Arc::clone(&self.glossary),
            id: self.id.clone(),
        }
    }

    /// The form that matched the query.
    #[getter]
    fn form(&self) -> PyResult<Form> {
        Ok(Form::from(self.form_ref()?))
    }

    /// How the query matched: `exact`, `normalized`, `cross-script`, `fuzzy` or `prefix`.
    #[getter]
    fn stage(&self) -> &'static str {
        self.stage.as_str()
    }

    /// The edit distance of the match (0 for exact and normalized matches).
    #[getter]
    fn distance(&self) -> u8 {
        self.distance
    }

    /// The score in (0, 1], higher is better.
    #[getter]
    fn score(&self) -> f64 {
        self.score
    }

    /// The hit as plain data: `id`, `form`, `lang`, `status`, `stage`, `distance`, `score`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let form = self.form_ref()?;
        let dict = PyDict::new(py);
        dict.set_item("id", &self.id)?;
        dict.set_item("form", &form.text)?;
        dict.set_item("lang", form.lang.as_str())?;
        dict.set_item("status", form.status.as_str())?;
        dict.set_item("stage", self.stage.as_str())?;
        dict.set_item("distance", self.distance)?;
        dict.set_item("score", self.score)?;
        Ok(dict)
    }

    fn __repr__(&self) -> PyResult<String> {
        let form = self.form_ref()?;
        Ok(format!(
            "Hit(entry={}, form={}, lang={}, stage={}, distance={}, score={:?})",
            q(&self.id),
            q(&form.text),
            q(form.lang.as_str()),
            q(self.stage.as_str()),
            self.distance,
            self.score
        ))
    }
}

/// One result of a lookup in a name index (`Index.lookup`): the entry id, the name that
/// matched with its language and status, how, the edit distance and the score.
#[pyclass(module = "tilmach", frozen, get_all)]
#[derive(Clone)]
pub struct NameHit {
    /// The entry id.
    pub id: String,
    /// The name that matched.
    pub text: String,
    /// Its language tag (or `und`).
    pub lang: String,
    /// Its status.
    pub status: &'static str,
    /// Whether a transliteration scheme computed it.
    pub derived: bool,
    /// How the query matched.
    pub stage: &'static str,
    /// The edit distance of the match.
    pub distance: u8,
    /// The score in (0, 1], higher is better.
    pub score: f64,
}

#[pymethods]
impl NameHit {
    /// The hit as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("id", &self.id)?;
        dict.set_item("form", &self.text)?;
        dict.set_item("lang", &self.lang)?;
        dict.set_item("status", self.status)?;
        dict.set_item("stage", self.stage)?;
        dict.set_item("distance", self.distance)?;
        dict.set_item("score", self.score)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "NameHit(id={}, text={}, lang={}, stage={}, distance={}, score={:?})",
            q(&self.id),
            q(&self.text),
            q(&self.lang),
            q(self.stage),
            self.distance,
            self.score
        )
    }
}

/// A mention of a glossary entry in a text. `start` and `end` are Python string indices
/// (`text[m.start:m.end] == m.text`); `line` and `column` are 1-based.
#[pyclass(module = "tilmach", frozen, get_all)]
pub struct Mention {
    /// Index of the first character in the text.
    pub start: u64,
    /// Index just after the last character.
    pub end: u64,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// The text as written.
    pub text: String,
    /// The entry mentioned.
    pub entry: Py<Entry>,
    /// The form that matched.
    pub form: Form,
    /// `exact`, `case-folded` or `inflected`.
    pub how: &'static str,
    /// The ending stripped, for an inflected match.
    pub suffix: Option<String>,
    /// Whether the text is the person's surname alone (`form` is their full name).
    pub by_surname: bool,
}

#[pymethods]
impl Mention {
    /// The mention as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("start", self.start)?;
        dict.set_item("end", self.end)?;
        dict.set_item("line", self.line)?;
        dict.set_item("column", self.column)?;
        dict.set_item("text", &self.text)?;
        dict.set_item("id", &self.entry.get().id)?;
        dict.set_item("form", &self.form.text)?;
        dict.set_item("lang", &self.form.lang)?;
        dict.set_item("how", self.how)?;
        dict.set_item("suffix", self.suffix.as_deref())?;
        dict.set_item("by_surname", self.by_surname)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Mention(start={}, end={}, text={}, entry={}, how={})",
            self.start,
            self.end,
            q(&self.text),
            q(&self.entry.get().id),
            q(self.how)
        )
    }
}

/// A mention whose form should not be used in a text of the target language (and year): why
/// (`reason`, a code, and `message`, a sentence) and the form to use instead (`preferred`).
#[pyclass(module = "tilmach", frozen, get_all)]
pub struct Finding {
    /// The mention.
    pub mention: Py<Mention>,
    /// The form judged (the mention's form in the target language, when it has one).
    pub form: Form,
    /// `derogatory`, `misspelling`, `deprecated`, `historical`, `not-in-use` or
    /// `wrong-language`.
    pub reason: &'static str,
    /// The reason as a sentence.
    pub message: String,
    /// The form to use instead, when the entry has one for the target.
    pub preferred: Option<Form>,
}

#[pymethods]
impl Finding {
    fn __repr__(&self) -> String {
        format!(
            "Finding(text={}, reason={}, preferred={})",
            q(&self.mention.get().text),
            q(self.reason),
            q_opt(self.preferred.as_ref().map(|f| f.text.as_str()))
        )
    }
}

/// The expansion of a query: the entry found, the form matched, and every spelling of the
/// entry (`terms`) to search for.
#[pyclass(module = "tilmach", frozen, get_all)]
pub struct Expansion {
    /// The entry found.
    pub entry: Py<Entry>,
    /// The form the query matched.
    pub matched: Form,
    /// Every form of the entry: entered forms in file order, then derived ones.
    pub forms: Vec<Form>,
    /// The distinct spellings of those forms, in the same order.
    pub terms: Vec<String>,
}

#[pymethods]
impl Expansion {
    fn __repr__(&self) -> String {
        format!(
            "Expansion(entry={}, terms=[{}])",
            q(&self.entry.get().id),
            self.terms
                .iter()
                .map(|t| q(t))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// `text` as Python's `repr` writes a string: single quotes unless the text holds one and no
/// double quote; backslashes, the quote, and control characters escaped.
pub fn q(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// An optional string as Python's `repr` writes it.
pub fn q_opt(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), q)
}
