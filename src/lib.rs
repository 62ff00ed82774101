//! tilmach: a multilingual glossary, transliteration engine and fst-backed lookup for names and
//! terms about Uyghurs and Kazakhs in Kazakhstan and Xinjiang.
#![deny(missing_docs)]

pub mod collate;
pub mod error;
pub mod export;
pub mod glossary;
pub mod lang;
pub mod normalize;
mod suggest;
pub mod text;

pub use error::{Error, Location, Problem, Problems, Result};
pub use glossary::{Entry, Form, Glossary, GlossaryBuilder, Kind, Status};
pub use lang::{LangTag, Script};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
