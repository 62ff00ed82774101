//! `tilmach.Transliterator`, `schemes()` and the key functions (`normalize`, `key`,
//! `latin_key`, `skeleton`): calls into the library's transliteration engine and key pipeline.

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::batch::{self, Input, Out, Strings, Validity};
use crate::errors::{InvalidValue, OrRaise};

/// A conversion from one scheme to another of the same language (scheme ids as in
/// `schemes()`, case-insensitive). Safe to share between threads.
///
/// >>> import tilmach
/// >>> tilmach.Transliterator("ug-arab", "ug-latn").convert("غۇلجا")
/// 'ghulja'
/// >>> tilmach.Transliterator("kk-cyrl", "kk-latn").convert("Құлжа")
/// 'Qūlja'
/// >>> tilmach.Transliterator("kk-cyrl", "ru-bgn")
/// Traceback (most recent call last):
/// ...
/// tilmach.TranslitError: cannot convert from kk-cyrl (kk) to ru-bgn (ru): schemes convert only within one language; use a scheme of kk
#[pyclass(module = "tilmach", frozen)]
pub struct Transliterator {
    inner: tilmach::Transliterator,
}

#[pymethods]
impl Transliterator {
    /// A transliterator from the scheme `from_` to the scheme `to`; raises `UnknownScheme`
    /// (naming the nearest id) or `TranslitError` for schemes of different languages.
    #[new]
    fn new(from_: &str, to: &str) -> PyResult<Transliterator> {
        Ok(Transliterator {
            inner: tilmach::Transliterator::new(from_, to).or_raise()?,
        })
    }

    /// The source scheme id.
    #[getter]
    fn source(&self) -> &'static str {
        self.inner.from().id()
    }

    /// The target scheme id.
    #[getter]
    fn target(&self) -> &'static str {
        self.inner.to().id()
    }

    /// Converts `text`. Characters outside the source alphabet pass through unchanged, unless
    /// `strict`, which raises `TranslitError` naming the first such letter and its position.
    #[pyo3(signature = (text, strict = false))]
    fn convert(&self, py: Python<'_>, text: &str, strict: bool) -> PyResult<String> {
        if strict {
            let out = py.detach(|| self.inner.convert_strict(text).map(|c| c.into_owned()));
            out.or_raise()
        } else {
            Ok(py.detach(|| self.inner.convert(text).into_owned()))
        }
    }

    /// Converts every text of `texts` on all cores with the GIL released: a sequence of `str`
    /// (or `None`) gives a list, an Arrow string array gives a pyarrow string array (nulls
    /// kept).
    ///
    /// >>> import tilmach
    /// >>> tilmach.Transliterator("ru-cyrl", "ru-bgn").convert_many(["Кульджа", None])
    /// ['Kul’dzha', None]
    fn convert_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input = Input::read(texts)?;
        let column = input.column(py);
        let inner = self.inner;
        let results = py.detach(|| {
            batch::par_map(&column, |text| {
                text.map(|t| t.map(|t| inner.convert(t).into_owned()))
            })
        });
        let mut out = Vec::with_capacity(results.len());
        for result in results {
            out.push(result.map_err(InvalidValue::new_err)?);
        }
        if !input.is_arrow() {
            return Ok(PyList::new(py, out)?.into_any());
        }
        let (validity, strings) = py.detach(|| {
            let mut validity = Validity::default();
            let mut strings = Strings::default();
            for value in &out {
                validity.push(value.is_some());
                strings.push(value.as_deref());
            }
            (validity, strings)
        });
        Out::new(py, &validity)?.strings(&strings)
    }

    fn __repr__(&self) -> String {
        format!(
            "Transliterator({}, {})",
            crate::model::q(self.inner.from().id()),
            crate::model::q(self.inner.to().id())
        )
    }
}

/// Every transliteration scheme, as the library describes it: a list of dicts with `id`,
/// `language`, `tag` (the language tag of text in it), `script`, `standard`, `pivot` (whether it
/// is its language's pivot), `read` and `write` (whether text can be read from and written in
/// it) and `reversible`.
///
/// >>> import tilmach
/// >>> [s["id"] for s in tilmach.schemes() if s["language"] == "ug"][:3]
/// ['ug-arab', 'ug-latn', 'ug-cyrl']
/// >>> sorted(tilmach.schemes()[0])
/// ['id', 'language', 'pivot', 'read', 'reversible', 'script', 'standard', 'tag', 'write']
#[pyfunction]
pub fn schemes(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let all: Vec<tilmach::translit::SchemeInfo> =
        tilmach::Scheme::all().iter().map(|&s| s.into()).collect();
    let value = serde_json::to_value(all).map_err(|e| InvalidValue::new_err(e.to_string()))?;
    crate::model::json_to_py(py, &value)
}

/// The normalization every key starts from (NFC, one kind of each look-alike letter and
/// space); the text itself when nothing changes.
#[pyfunction]
pub fn normalize(text: &str) -> String {
    tilmach::normalize::normalize(text).into_owned()
}

/// The lookup key of `text`: normalized, case-folded, without diacritics — equal keys are the
/// `normalized` lookup stage.
///
/// >>> import tilmach
/// >>> tilmach.key("Qulja") == tilmach.key("QULJA")
/// True
#[pyfunction]
pub fn key(text: &str) -> String {
    tilmach::key::key(text)
}

/// The common-Latin key of `text`, equal across scripts for the same name.
#[pyfunction]
pub fn latin_key(text: &str) -> String {
    tilmach::key::latin_key(text)
}

/// The consonant skeleton of `text`, used for cross-script matching.
#[pyfunction]
pub fn skeleton(text: &str) -> String {
    tilmach::key::skeleton(text)
}
