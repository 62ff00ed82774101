//! tilmach: a multilingual glossary, transliteration engine and fst-backed lookup for names and
//! terms about Uyghurs and Kazakhs in Kazakhstan and Xinjiang.
//!
//! The same place, person or idea is written *Ghulja, Kuldja, Kulja, Yining, Құлжа, Кульджа,
//! غۇلجا, 伊宁*. tilmach holds a glossary of such names and terms with their statuses, dates and
//! sources, the transliteration rules between the scripts they are written in, and a lookup that
//! finds an entry from any form, in any script, even misspelt.
//!
//! ```
//! use tilmach::{Glossary, Transliterator};
//!
//! let glossary = Glossary::embedded();
//! let hits = glossary.lookup("Кульджа").run()?;
//! assert_eq!(hits[0].entry.id, "ghulja");
//!
//! let t = Transliterator::new("ug-arab", "ug-latn")?;
//! assert_eq!(t.convert("غۇلجا"), "ghulja");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules
//!
//! - [`glossary`]: the data model ([`Entry`], [`Form`], [`Status`], [`Kind`]), loading TOML
//!   directories with located problems ([`GlossaryBuilder`]), the embedded glossary, derived forms
//!   and lookups ([`Glossary::lookup`]).
//! - [`translit`]: the transliteration engine and its schemes ([`Transliterator`], [`Scheme`]).
//! - [`normalize`], [`key`]: the versioned key pipeline shared by indexing and querying.
//! - [`index`], [`lookup`]: the fst-backed index file, its staged search and ranking.
//! - [`lines`], [`stream`]: reading input line by line, and in blocks on every core.
//! - [`text`]: mentions in running text (`annotate`), terminology checks (`lint`), query
//!   expansion.
//! - [`export`]: TBX-Basic, CSV, JSON and search-engine synonym files.
//! - [`collate`]: sorting entries by their names with a language's collation.
//! - [`han`]: Traditional to Simplified Han characters and their pinyin readings, for keys.
//! - [`chars`]: what a character is (marks, scripts, apostrophes, look-alikes, skeleton classes).
//! - [`lang`]: BCP 47 language tags and scripts; [`error`]: the error type and locations;
//!   [`atomic`]: atomic file writes.
//!
//! # Features
//!
//! `cli` (on by default) builds the `tilmach` binary; the library itself never depends on clap
//! or terminal crates (`default-features = false`).
//!
//! # Quirks
//!
//! - Fuzzy search allows at most two edits (optimal string alignment); longer queries than
//!   [`index::MAX_QUERY_CHARS`] characters are refused rather than searched slowly.
//! - Index files built by another version of the key pipeline are refused: rebuild them with
//!   `tilmach index build`.
//! - Lossy schemes (for example `kk-latn`, `ru-bgn`) read back best effort; the README lists what
//!   each loses.
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

#[macro_use]
mod names;
pub mod atomic;
pub mod bounded;
pub mod chars;
pub mod collate;
pub mod error;
pub mod export;
pub mod glossary;
pub mod han;
pub mod import;
pub mod index;
pub mod key;
pub mod lang;
pub mod lines;
pub mod lookup;
pub mod normalize;
#[cfg(test)]
mod proptest_text;
pub mod stream;
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
