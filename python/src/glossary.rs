//! `tilmach.Glossary`: loading, lookups (one query or a column of them), annotation, lint,
//! expansion and export, each a call into the library.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::types::PyList;
use tilmach::glossary::{Found, IndexBytes};
use tilmach::lookup::{Fuzzy, SearchOptions};
use tilmach::text::Annotator;
use tilmach::text::lint::Linter;
use tilmach::{GlossaryBuilder, LangTag};

use crate::batch::{self, Input, Out, Strings, Validity};
use crate::errors::{self, InvalidValue, OrRaise};
use crate::model::{Entry, Expansion, Finding, Form, Handle, Hit, Mention, Shared};

/// The fuzzy budget from Python: `"auto"` or 0, 1, 2, read by the library's parser; the
/// library's default (`auto`) when none is given.
fn fuzzy(value: Option<&Bound<'_, PyAny>>) -> PyResult<Fuzzy> {
    let Some(value) = value else {
        return Ok(Fuzzy::default());
    };
    let text = if let Ok(n) = value.extract::<i64>() {
        n.to_string()
    } else {
        value.extract::<String>()?
    };
    text.parse::<Fuzzy>().or_raise()
}

/// Search options from the keywords of `Glossary.lookup`, `Glossary.lookup_many` and
/// `Index.lookup`; the library's defaults for everything else (and for the minimum score when
/// none is given).
pub fn options(
    fuzzy_budget: Option<&Bound<'_, PyAny>>,
    limit: usize,
    lang: Option<&str>,
    min_score: Option<f64>,
    prefix: bool,
    exact: bool,
) -> PyResult<SearchOptions> {
    let mut options = SearchOptions {
        fuzzy: fuzzy(fuzzy_budget)?,
        prefix,
        lang: lang
            .map(LangTag::parse_range)
            .transpose()
            .map_err(errors::lang)?,
        limit,
        exact,
        ..SearchOptions::default()
    };
    if let Some(score) = min_score {
        options.min_score = score;
    }
    Ok(options)
}

/// Paths from a path or a list of paths.
fn paths(value: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if let Ok(path) = value.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    value.extract::<Vec<PathBuf>>()
}

/// A glossary of names and terms: the embedded one, one loaded from directories, or one
/// opened from an index file. Safe to share between threads.
///
/// >>> import tilmach
/// >>> glossary = tilmach.Glossary.embedded()
/// >>> hits = glossary.lookup("Qulja")
/// >>> hits[0].entry.id, hits[0].form.text, hits[0].stage
/// ('ghulja', 'Qūlja', 'normalized')
#[pyclass(module = "tilmach", frozen)]
pub struct Glossary {
    pub shared: Handle,
}

impl Glossary {
    fn inner(&self) -> &tilmach::Glossary {
        self.shared.get()
    }

    fn handle(&self, entry: &tilmach::Entry) -> Entry {
        Entry {
            glossary: Arc::clone(&self.shared),
            id: entry.id.clone(),
        }
    }

    /// Runs `each` with an annotator of this glossary: the embedded glossary's is built once
    /// per process, others' once per call.
    fn with_annotator<T>(&self, each: impl FnOnce(&Annotator<'_>) -> T) -> T {
        static EMBEDDED: OnceLock<Annotator<'static>> = OnceLock::new();
        match &*self.shared {
            Shared::Embedded => {
                each(EMBEDDED.get_or_init(|| Annotator::new(tilmach::Glossary::embedded())))
            }
            Shared::Owned(glossary) => each(&Annotator::new(glossary)),
        }
    }

    fn mention(&self, py: Python<'_>, m: &tilmach::text::Mention<'_, '_>) -> PyResult<Mention> {
        Ok(Mention {
            start: m.char_start,
            end: m.char_end,
            line: m.line,
            column: m.column,
            text: m.text.to_owned(),
            entry: Py::new(py, self.handle(m.entry))?,
            form: Form::from(m.form),
            how: m.how.as_str(),
            suffix: match m.how {
                tilmach::text::How::Inflected { suffix, .. } => Some(suffix.to_owned()),
                _ => None,
            },
            by_surname: m.by_surname,
        })
    }
}

/// Why one value of a batch has no answer.
enum Refused {
    /// The library refused the query (too long).
    Query(tilmach::Error),
    /// The value is not a string (bad Arrow offsets or UTF-8).
    Value(String),
}

/// The best hit of one query of a batch, borrowed from the glossary.
struct Best<'g> {
    found: Found<'g>,
    preferred: Option<&'g tilmach::Form>,
}

#[pymethods]
impl Glossary {
    /// The glossary compiled into tilmach (decoded once per process, on first use).
    #[staticmethod]
    fn embedded() -> Glossary {
        Glossary {
            shared: Arc::new(Shared::Embedded),
        }
    }

    /// Loads glossary directories (one path or a list), each layered over the ones before,
    /// over the embedded glossary unless `include_embedded` is false. Raises `GlossaryError`
    /// listing every problem with its file, line and column.
    #[staticmethod]
    #[pyo3(signature = (dirs, include_embedded = true))]
    fn load(py: Python<'_>, dirs: &Bound<'_, PyAny>, include_embedded: bool) -> PyResult<Glossary> {
        let dirs = paths(dirs)?;
        let glossary = py.detach(|| {
            let mut builder = GlossaryBuilder::new().embedded(include_embedded);
            for dir in &dirs {
                builder = builder.dir(dir);
            }
            builder.build()
        });
        Ok(Glossary {
            shared: Arc::new(Shared::Owned(Box::new(glossary.or_raise()?))),
        })
    }

    /// Opens an index file that carries a glossary (written by `Glossary.save_index`,
    /// `Index.build` over glossary directories, or `tilmach index build`), checking it whole.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Glossary> {
        let glossary = py.detach(|| {
            let bytes = IndexBytes::map_file(&path)?;
            tilmach::Glossary::from_index(bytes, true)
        });
        Ok(Glossary {
            shared: Arc::new(Shared::Owned(Box::new(glossary.or_raise()?))),
        })
    }

    /// Writes this glossary as an index file (its forms indexed, the whole glossary as
    /// payload) that `Glossary.open` reads back: the file to ship to Spark executors.
    fn save_index(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| {
            let bytes = self.inner().to_index_bytes()?;
            tilmach::atomic::write(&path, &bytes).map_err(|e| tilmach::Error::io(&path, e))
        })
        .or_raise()
    }

    /// Looks `query` up: the best match of each entry found, best first. `fuzzy` is the edit
    /// budget (`"auto"`, 0, 1 or 2), `lang` keeps only forms of a language (`kk` matches
    /// `kk-Cyrl`), `min_score` leaves out weaker hits (default: the library's), `prefix` adds
    /// autocomplete matches, and `exact=True` keeps only the `exact` and `normalized` stages
    /// (equal keys, no guessing: for pipelines that must not guess).
    ///
    /// >>> import tilmach
    /// >>> g = tilmach.Glossary.embedded()
    /// >>> [h.entry.id for h in g.lookup("Kuljda", limit=1)]
    /// ['ghulja']
    /// >>> g.lookup("Kuljda", fuzzy=0)
    /// []
    /// >>> [h.stage for h in g.lookup("qulja", exact=True)]
    /// ['normalized']
    /// >>> g.lookup("Kuljda", exact=True)
    /// []
    #[pyo3(signature = (query, fuzzy = None, limit = 10, lang = None, min_score = None, prefix = false, exact = false))]
    #[allow(clippy::too_many_arguments)]
    fn lookup(
        &self,
        py: Python<'_>,
        query: &str,
        fuzzy: Option<&Bound<'_, PyAny>>,
        limit: usize,
        lang: Option<&str>,
        min_score: Option<f64>,
        prefix: bool,
        exact: bool,
    ) -> PyResult<Vec<Hit>> {
        let options = options(fuzzy, limit, lang, min_score, prefix, exact)?;
        let found = py
            .detach(|| self.inner().search(query, &options))
            .or_raise()?;
        Ok(found.iter().map(|f| Hit::new(&self.shared, f)).collect())
    }

    /// The best hit of every query in `queries`, on all cores with the GIL released.
    ///
    /// `queries` is a sequence of `str` (or `None`), giving a list of `Hit` or `None`; or an
    /// Arrow string array (pyarrow, pandas' `Series.array` of Arrow strings, Polars), giving a
    /// pyarrow struct array with the fields `id`, `form`, `lang`, `status`, `stage`, `distance`,
    /// `score`, and `preferred` (the entry's best form in the language `preferred`, when given),
    /// null where nothing matched. A query the library refuses (too long) raises, naming its
    /// position, unless `errors="null"`.
    ///
    /// >>> import tilmach
    /// >>> g = tilmach.Glossary.embedded()
    /// >>> [h and h.entry.id for h in g.lookup_many(["Alma-Ata", "Qulja", "zzzzqqq"])]
    /// ['almaty', 'ghulja', None]
    #[pyo3(signature = (queries, fuzzy = None, lang = None, min_score = None, prefix = false, preferred = None, errors = "raise", exact = false))]
    #[allow(clippy::too_many_arguments)]
    fn lookup_many<'py>(
        &self,
        py: Python<'py>,
        queries: &Bound<'py, PyAny>,
        fuzzy: Option<&Bound<'py, PyAny>>,
        lang: Option<&str>,
        min_score: Option<f64>,
        prefix: bool,
        preferred: Option<&str>,
        errors: &str,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let raise = match errors {
            "raise" => true,
            "null" => false,
            _ => {
                return Err(InvalidValue::new_err(format!(
                    "errors {errors:?} is not valid; valid values: raise, null"
                )));
            }
        };
        let options = options(fuzzy, 1, lang, min_score, prefix, exact)?;
        let preferred = preferred
            .map(LangTag::parse_range)
            .transpose()
            .map_err(errors::lang)?;
        let input = Input::read(queries)?;
        let column = input.column(py);
        let glossary = self.inner();
        let results = py.detach(|| {
            batch::par_map(&column, |query| {
                let Some(query) = query.map_err(Refused::Value)? else {
                    return Ok(None);
                };
                let found = glossary.search(query, &options).map_err(Refused::Query)?;
                Ok(found.into_iter().next().map(|found| Best {
                    preferred: preferred.as_ref().and_then(|l| found.entry.best_form(l)),
                    found,
                }))
            })
        });
        let mut rows: Vec<Option<Best<'_>>> = Vec::with_capacity(results.len());
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(best) => rows.push(best),
                Err(Refused::Query(e)) if raise => {
                    let err = errors::to_py(e);
                    let message = format!("query {i}: {}", err.value(py));
                    return Err(PyErr::from_type(err.get_type(py), message));
                }
                Err(Refused::Value(e)) if raise => return Err(InvalidValue::new_err(e)),
                Err(_) => rows.push(None),
            }
        }
        if !input.is_arrow() {
            let list = PyList::empty(py);
            for row in &rows {
                match row {
                    Some(best) => list.append(Hit::new(&self.shared, &best.found))?,
                    None => list.append(py.None())?,
                }
            }
            return Ok(list.into_any());
        }
        let (validity, columns) = py.detach(|| {
            let mut validity = Validity::default();
            let mut cols: [Strings; 6] = Default::default();
            let mut distances = Vec::with_capacity(rows.len());
            let mut scores = Vec::with_capacity(rows.len());
            for row in &rows {
                validity.push(row.is_some());
                let f = row.as_ref().map(|b| &b.found);
                let [id, form, lang, status, stage, pref] = &mut cols;
                id.push(f.map(|f| f.entry.id.as_str()));
                form.push(f.map(|f| f.form.text.as_str()));
                lang.push(f.map(|f| f.form.lang.as_str()));
                status.push(f.map(|f| f.form.status.as_str()));
                stage.push(f.map(|f| f.stage.as_str()));
                pref.push(
                    row.as_ref()
                        .and_then(|b| b.preferred)
                        .map(|p| p.text.as_str()),
                );
                distances.push(f.map_or(0, |f| f.distance));
                scores.push(f.map_or(0.0, |f| f.score));
            }
            (validity, (cols, distances, scores))
        });
        let (cols, distances, scores) = columns;
        let out = Out::new(py, &validity)?;
        let [id, form, lang, status, stage, pref] = &cols;
        let mut fields = vec![
            ("id", out.strings(id)?),
            ("form", out.strings(form)?),
            ("lang", out.strings(lang)?),
            ("status", out.strings(status)?),
            ("stage", out.strings(stage)?),
            ("distance", out.bytes(&distances)?),
            ("score", out.floats(&scores)?),
        ];
        if preferred.is_some() {
            // A hit whose entry has no form in the language: a null preferred form.
            let mut pv = Validity::default();
            for row in &rows {
                pv.push(row.as_ref().is_some_and(|b| b.preferred.is_some()));
            }
            fields.push(("preferred", Out::new(py, &pv)?.strings(pref)?));
        }
        out.record(fields)
    }

    /// The number of entries.
    fn __len__(&self) -> usize {
        self.inner().len()
    }

    /// Every entry, in id order.
    fn __iter__(slf: PyRef<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let entries: Vec<Entry> = slf.inner().entries().map(|e| slf.handle(e)).collect();
        Ok(PyList::new(py, entries)?.try_iter()?.into_any().unbind())
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner().get(id).is_some()
    }

    /// The entry with this id, or `None`.
    fn get(&self, id: &str) -> Option<Entry> {
        self.inner().get(id).map(|e| self.handle(e))
    }

    /// The entry with this id; raises `UnknownEntry` naming the nearest id.
    ///
    /// >>> import tilmach
    /// >>> tilmach.Glossary.embedded().entry("ghulj")
    /// Traceback (most recent call last):
    /// ...
    /// tilmach.UnknownEntry: no entry has the id "ghulj"; did you mean "ghulja"?
    fn entry(&self, id: &str) -> PyResult<Entry> {
        self.inner().entry(id).map(|e| self.handle(e)).or_raise()
    }

    /// The sources cited, by key: each a dict of `title`, `author`, `date`, `publisher`,
    /// `url`, `file`.
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let dict = pyo3::types::PyDict::new(py);
        for (key, s) in self.inner().sources() {
            let item = pyo3::types::PyDict::new(py);
            item.set_item("title", &s.title)?;
            item.set_item("author", s.author.as_deref())?;
            item.set_item("date", s.date.as_deref())?;
            item.set_item("publisher", s.publisher.as_deref())?;
            item.set_item("url", s.url.as_deref())?;
            item.set_item("file", s.file.as_deref())?;
            dict.set_item(key, item)?;
        }
        Ok(dict)
    }

    /// Every mention of an entry in `text`, with Python string indices (`start`, `end`).
    ///
    /// >>> import tilmach
    /// >>> text = "Біз Алматыда тұрамыз"
    /// >>> m = tilmach.Glossary.embedded().annotate(text)[0]
    /// >>> m.entry.id, text[m.start:m.end], m.suffix
    /// ('almaty', 'Алматыда', 'да')
    fn annotate(&self, py: Python<'_>, text: &str) -> PyResult<Vec<Mention>> {
        self.with_annotator(|annotator| {
            let mentions = py.detach(|| annotator.annotate(text));
            mentions.iter().map(|m| self.mention(py, m)).collect()
        })
    }

    /// The terminology check of `text` for a target language (and, optionally, the year the
    /// text is about): every mention whose form should not be used, why, and what to use.
    ///
    /// >>> import tilmach
    /// >>> g = tilmach.Glossary.embedded()
    /// >>> [(f.reason, f.preferred.text) for f in g.lint("We met in Alma-Ata.", "en", 2024)]
    /// [('historical', 'Almaty')]
    #[pyo3(signature = (text, target, year = None))]
    fn lint(
        &self,
        py: Python<'_>,
        text: &str,
        target: &str,
        year: Option<i32>,
    ) -> PyResult<Vec<Finding>> {
        let target: LangTag = target.parse().map_err(errors::lang)?;
        self.with_annotator(|annotator| {
            let linter = Linter::new(annotator, target, year);
            let findings = py.detach(|| linter.lint(text));
            findings
                .iter()
                .map(|f| {
                    Ok(Finding {
                        mention: Py::new(py, self.mention(py, &f.mention)?)?,
                        form: Form::from(f.form),
                        reason: f.reason.code(),
                        message: f.reason.to_string(),
                        preferred: f.preferred.map(Form::from),
                    })
                })
                .collect()
        })
    }

    /// Every spelling of the entry `query` names (found by the staged lookup), or `None`.
    ///
    /// >>> import tilmach
    /// >>> x = tilmach.Glossary.embedded().expand("Kuldja")
    /// >>> x.entry.id, "Құлжа" in x.terms, "غۇلجا" in x.terms
    /// ('ghulja', True, True)
    fn expand(&self, py: Python<'_>, query: &str) -> PyResult<Option<Expansion>> {
        let expansion = tilmach::text::expand::expand(self.inner(), query).or_raise()?;
        expansion
            .map(|x| {
                Ok(Expansion {
                    entry: Py::new(py, self.handle(x.entry))?,
                    matched: Form::from(x.matched),
                    forms: x.forms.iter().map(|f| Form::from(*f)).collect(),
                    terms: x.terms.iter().map(|t| (*t).to_owned()).collect(),
                })
            })
            .transpose()
    }

    /// The glossary in an export format: `tbx`, `csv`, `json` or `solr-synonyms`.
    ///
    /// >>> import tilmach
    /// >>> tilmach.Glossary.embedded().export("csv").splitlines()[0]
    /// 'id,kind,lang,text,status,derived,from,until,gloss_en'
    fn export(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let format = format.parse::<tilmach::export::Format>().or_raise()?;
        let bytes = py.detach(|| {
            let mut out = Vec::new();
            tilmach::export::export(self.inner(), format, &mut out).map(|()| out)
        });
        let bytes = bytes.map_err(|e| errors::TilmachError::new_err(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| errors::TilmachError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        let what = match &*self.shared {
            Shared::Embedded => "embedded",
            Shared::Owned(_) => "loaded",
        };
        format!("Glossary({what}, {} entries)", self.inner().len())
    }
}
