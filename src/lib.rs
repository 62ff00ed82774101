//! tilmach: a multilingual glossary, transliteration engine and fst-backed lookup for names and
//! terms about Uyghurs and Kazakhs in Kazakhstan and Xinjiang.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod atomic;
pub mod collate;
pub mod error;
pub mod export;
pub mod glossary;
pub mod index;
pub mod key;
pub mod lang;
pub mod lookup;
pub mod normalize;
mod suggest;
pub mod text;
pub mod translit;

pub use error::{Error, Location, Problem, Problems, Result};
pub use glossary::{Entry, Form, Glossary, GlossaryBuilder, Kind, Status};
pub use lang::{LangTag, Script};
pub use translit::{Scheme, Transliterator};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
