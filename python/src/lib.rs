//! The Python module `tilmach._tilmach`: glue over the tilmach crate, which holds every rule.
//! Re-exported by the pure-Python package `tilmach`.

use pyo3::prelude::*;

mod batch;
mod errors;
mod glossary;
mod index;
mod model;
mod translit;

#[pymodule]
fn _tilmach(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<glossary::Glossary>()?;
    m.add_class::<index::Index>()?;
    m.add_class::<model::Entry>()?;
    m.add_class::<model::Form>()?;
    m.add_class::<model::Hit>()?;
    m.add_class::<model::NameHit>()?;
    m.add_class::<model::Mention>()?;
    m.add_class::<model::Finding>()?;
    m.add_class::<model::Expansion>()?;
    m.add_class::<translit::Transliterator>()?;
    m.add_function(wrap_pyfunction!(translit::schemes, m)?)?;
    m.add_function(wrap_pyfunction!(translit::normalize, m)?)?;
    m.add_function(wrap_pyfunction!(translit::key, m)?)?;
    m.add_function(wrap_pyfunction!(translit::latin_key, m)?)?;
    m.add_function(wrap_pyfunction!(translit::skeleton, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
