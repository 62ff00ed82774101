//! Termbases imported as a glossary directory: a TBX-Basic file ([`import_tbx`]) or a CSV
//! termbase in tilmach's one-row-per-form layout ([`import_csv`]) becomes entries in the format
//! of `glossary/` (TOML, one file per entry, and a `sources.toml` naming the imported file),
//! which `--glossary DIR` layers over the embedded glossary.
//!
//! Nothing is dropped silently: every element, attribute or column that has no place in an entry
//! is reported as [`Unmapped`] with its line. Forms marked as derived by tilmach's own exports are
//! counted, not imported: the transliteration rules compute them again when the directory loads,
//! so that export → import → export of tilmach's own files gives the same file.

mod csv;
mod tbx;
mod write;

use crate::glossary::{Kind, Status};

pub use csv::import_csv;
pub use tbx::import_tbx;
pub use write::write_dir;

/// A form read from a termbase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedForm {
    /// The spelling.
    pub text: String,
    /// The BCP 47 language tag, as the termbase gives it.
    pub lang: String,
    /// The glossary status.
    pub status: Status,
    /// First year of use.
    pub from: Option<i32>,
    /// Last year of use.
    pub until: Option<i32>,
    /// A remark on the form.
    pub note: Option<String>,
}

/// An entry read from a termbase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedEntry {
    /// The entry id (the file name without `.toml`).
    pub id: String,
    /// The kind of thing named.
    pub kind: Kind,
    /// Glosses by language tag.
    pub gloss: Vec<(String, String)>,
    /// The entered forms.
    pub forms: Vec<ImportedForm>,
    /// The line the entry starts on.
    pub line: usize,
}

/// Something in the termbase that has no place in a glossary entry, with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmapped {
    /// The 1-based line.
    pub line: usize,
    /// What it is and what it held.
    pub what: String,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.what)
    }
}

/// The result of reading a termbase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The entries, in the termbase's order.
    pub entries: Vec<ImportedEntry>,
    /// Everything that could not be mapped.
    pub unmapped: Vec<Unmapped>,
    /// Forms marked as derived by tilmach, left for the rules to compute again.
    pub derived: usize,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not well-formed in its format.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// Writing the directory failed.
    #[error(transparent)]
    Write(#[from] crate::Error),
}

/// The glossary status a TBX administrative status stands for, when no finer status is noted.
pub(crate) fn status_of_admin(value: &str) -> Option<Status> {
    match value {
        "preferredTerm-admn-sts" => Some(Status::Preferred),
        "admittedTerm-admn-sts" => Some(Status::Variant),
        "supersededTerm-admn-sts" => Some(Status::Historical),
        "deprecatedTerm-admn-sts" => Some(Status::Deprecated),
        _ => None,
    }
}
