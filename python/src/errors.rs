//! Python exceptions for tilmach's errors: the same messages, one class per kind of error, all
//! under `TilmachError`; problems found in data files carry their locations.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use tilmach::Error;
use tilmach::error::Problems;
use tilmach::index::IndexError;
use tilmach::translit::TranslitError as RawTranslitError;

create_exception!(
    tilmach,
    TilmachError,
    PyException,
    "The base of every error tilmach raises."
);
create_exception!(
    tilmach,
    GlossaryError,
    TilmachError,
    "A glossary has problems; `problems` lists each with its file, line and column."
);
create_exception!(
    tilmach,
    NameTableError,
    TilmachError,
    "A name table has problems; `problems` lists each with its file, line and column."
);
create_exception!(
    tilmach,
    IndexFileError,
    TilmachError,
    "An index file could not be built, opened or searched (or a query was refused)."
);
create_exception!(
    tilmach,
    CompiledError,
    TilmachError,
    "Bytes that should hold a compiled glossary do not."
);
create_exception!(
    tilmach,
    TilmachIOError,
    TilmachError,
    "A file or directory could not be read or written."
);
create_exception!(
    tilmach,
    UnknownEntry,
    TilmachError,
    "No entry has the id asked for; the message names the nearest id."
);
create_exception!(
    tilmach,
    InvalidValue,
    TilmachError,
    "A value (a language tag, a fuzzy budget, an export format…) is not one of the valid ones."
);
create_exception!(
    tilmach,
    TranslitError,
    TilmachError,
    "A transliteration failed: a cross-language conversion, or a character refused in strict mode."
);
create_exception!(
    tilmach,
    UnknownScheme,
    TranslitError,
    "A scheme id is not one of the known ids; the message names the nearest one."
);

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TilmachError", py.get_type::<TilmachError>())?;
    m.add("GlossaryError", py.get_type::<GlossaryError>())?;
    m.add("NameTableError", py.get_type::<NameTableError>())?;
    m.add("IndexFileError", py.get_type::<IndexFileError>())?;
    m.add("CompiledError", py.get_type::<CompiledError>())?;
    m.add("TilmachIOError", py.get_type::<TilmachIOError>())?;
    m.add("UnknownEntry", py.get_type::<UnknownEntry>())?;
    m.add("InvalidValue", py.get_type::<InvalidValue>())?;
    m.add("TranslitError", py.get_type::<TranslitError>())?;
    m.add("UnknownScheme", py.get_type::<UnknownScheme>())?;
    Ok(())
}

/// The Python exception for a tilmach error, with the library's message.
pub fn to_py(error: Error) -> PyErr {
    let message = error.to_string();
    match &error {
        Error::Glossary(problems) => with_problems(GlossaryError::new_err(message), problems),
        Error::Io { .. } => TilmachIOError::new_err(message),
        Error::UnknownEntry { .. } => UnknownEntry::new_err(message),
        Error::Compiled { .. } => CompiledError::new_err(message),
        Error::InvalidValue { .. } => InvalidValue::new_err(message),
        Error::Translit(e) => translit(e),
        Error::Index(e) => index(e),
        _ => TilmachError::new_err(message),
    }
}

/// The Python exception for a transliteration error.
pub fn translit(error: &RawTranslitError) -> PyErr {
    match error {
        RawTranslitError::UnknownScheme { .. } => UnknownScheme::new_err(error.to_string()),
        _ => TranslitError::new_err(error.to_string()),
    }
}

/// The Python exception for an index error.
pub fn index(error: &IndexError) -> PyErr {
    match error {
        IndexError::NameTable(problems) => {
            with_problems(NameTableError::new_err(error.to_string()), problems)
        }
        IndexError::Io { .. } => TilmachIOError::new_err(error.to_string()),
        _ => IndexFileError::new_err(error.to_string()),
    }
}

/// An `InvalidValue` for a bad language tag, with the library's message.
pub fn lang(error: tilmach::lang::LangTagError) -> PyErr {
    InvalidValue::new_err(error.to_string())
}

/// Sets `err.problems` to a list of dicts: `file`, `line`, `column` (1-based, in characters;
/// `None` for a problem of no single file), `message`, `hint`.
fn with_problems(err: PyErr, problems: &Problems) -> PyErr {
    Python::attach(|py| {
        let list = PyList::empty(py);
        for problem in &problems.0 {
            let item = PyDict::new(py);
            let location = problem.location.as_ref();
            let _ = item.set_item(
                "file",
                location.map(|l| l.file.to_string_lossy().into_owned()),
            );
            let _ = item.set_item("line", location.map(|l| l.line));
            let _ = item.set_item("column", location.map(|l| l.column));
            let _ = item.set_item("message", &problem.message);
            let _ = item.set_item("hint", problem.hint.as_deref());
            let _ = list.append(item);
        }
        let _ = err.value(py).setattr("problems", list);
        err
    })
}

/// `result` with a tilmach error turned into its Python exception.
pub trait OrRaise<T> {
    /// The value, or the Python exception.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

impl<T> OrRaise<T> for Result<T, IndexError> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|e| index(&e))
    }
}

impl<T> OrRaise<T> for Result<T, RawTranslitError> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|e| translit(&e))
    }
}
