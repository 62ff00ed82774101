//! Exports of a whole glossary in formats other tools read: TBX-Basic (ISO 30042:2019) for
//! terminology tools, CSV for CAT tools, JSON, and Solr/Elasticsearch/OpenSearch synonym files.
//!
//! Every exporter writes to any [`Write`]; [`write_atomically`] puts the result in a file through
//! a temporary file in the same directory and a rename, so that an interrupted export never
//! leaves a truncated file behind. Derived forms are marked as derived in every format.

mod csv;
mod json;
mod solr;
mod tbx;

use std::io::{self, Write};
use std::path::Path;

use crate::glossary::{Glossary, Status};
use crate::{Error, Result};

pub use csv::{LANG_ORDER, TERM_SEPARATOR, concept_languages, write_csv, write_csv_concepts};
pub use json::{entry_json, form_json, glossary_json, write_json};
pub use solr::{analyzed, write_solr_synonyms};
pub use tbx::write_tbx;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// TBX-Basic, ISO 30042:2019 (TBX v3, DCA style).
    Tbx,
    /// CSV, one row per form (RFC 4180).
    Csv,
    /// CSV, one row per entry and one column per language: a termbase for memoQ and Trados.
    CsvConcepts,
    /// The whole glossary as one JSON document.
    Json,
    /// A Solr synonym file, also read by Elasticsearch and OpenSearch.
    SolrSynonyms,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Tbx,
        Format::Csv,
        Format::CsvConcepts,
        Format::Json,
        Format::SolrSynonyms,
    ];

    /// The name used on the command line (`solr-synonyms`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Tbx => "tbx",
            Format::Csv => "csv",
            Format::CsvConcepts => "csv-concepts",
            Format::Json => "json",
            Format::SolrSynonyms => "solr-synonyms",
        }
    }
}

named_values!(Format, as_str, "export format", exact);

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A value cannot be represented in the format.
    #[error("{0}")]
    Unrepresentable(String),
}

/// Writes `glossary` in `format` to `out`.
///
/// ```
/// let mut csv = Vec::new();
/// tilmach::export::export(tilmach::Glossary::embedded(), tilmach::export::Format::Csv, &mut csv)?;
/// assert!(csv.starts_with(b"id,kind,lang,text,status,derived,from,until,gloss_en\r\n"));
/// # Ok::<(), tilmach::export::ExportError>(())
/// ```
///
/// # Errors
///
/// [`ExportError::Io`] when writing fails; [`ExportError::Unrepresentable`] when a text holds a
/// character the format cannot carry (a control character in XML).
pub fn export(glossary: &Glossary, format: Format, out: &mut dyn Write) -> Result<(), ExportError> {
    match format {
        Format::Tbx => write_tbx(glossary, out),
        Format::Csv => write_csv(glossary, out).map_err(ExportError::from),
        Format::CsvConcepts => write_csv_concepts(glossary, out),
        Format::Json => write_json(glossary, out).map_err(ExportError::from),
        Format::SolrSynonyms => write_solr_synonyms(glossary, out).map_err(ExportError::from),
    }
}

/// Writes a file atomically: `write` fills a temporary file created next to `path`, which is
/// flushed to disk and renamed to `path` only when `write` succeeds; on failure it is removed.
///
/// # Errors
///
/// [`Error::Io`] naming the file when it cannot be created, written or renamed; the error of
/// `write`, unchanged, with the temporary file removed.
pub fn write_atomically<E: From<Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let mut failure = None;
    let written = crate::atomic::write_with(path, |out| {
        write(out).map_err(|e| {
            failure = Some(e);
            io::Error::other("the export failed")
        })
    });
    match (written, failure) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(Error::io(path, e).into()),
        (Ok(()), None) => Ok(()),
    }
}

/// The TBX administrative status of a glossary status.
pub(crate) fn tbx_status(status: Status) -> &'static str {
    match status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Official | Status::Variant => "admittedTerm-admn-sts",
        Status::Historical => "supersededTerm-admn-sts",
        Status::Deprecated | Status::Derogatory | Status::Misspelling => "deprecatedTerm-admn-sts",
    }
}
