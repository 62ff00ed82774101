//! The crate's error type and the source locations it carries.
//!
//! Every fallible public function returns [`Result`]. Problems found in a glossary carry a
//! [`Location`] (`file:line:column`) and a hint saying what to do, and are collected into one
//! [`Error::Glossary`] so that a user sees all of them at once.

use std::fmt;
use std::path::PathBuf;

/// A shorthand for `Result<T, tilmach::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A place in a data file: the file, a 1-based line and a 1-based column counted in characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, as the user named it (or as found under a glossary directory).
    pub file: PathBuf,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, in characters (not bytes).
    pub column: u32,
}

impl Location {
    /// The location of byte `offset` in `text`, which was read from `file`.
    ///
    /// An offset past the end of `text` points just after its last character; an offset inside a
    /// multi-byte character points at that character.
    pub fn from_offset(file: impl Into<PathBuf>, text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        Location {
            file: file.into(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One problem found in a glossary: where, what, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where the problem is; `None` for problems that belong to no single file.
    pub location: Option<Location>,
    /// What is wrong, in one sentence without a trailing period.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at `location`.
    pub fn at(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            location: Some(location),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint saying what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found while loading or checking a glossary, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in tilmach.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A glossary could not be loaded: every problem found, each with its location.
    #[error("the glossary has {} problem{}:\n{}", .0.0.len(), if .0.0.len() == 1 { "" } else { "s" }, .0)]
    Glossary(Problems),
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// No entry has this id.
    #[error("no entry has the id {id:?}{}", suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
    UnknownEntry {
        /// The id asked for.
        id: String,
        /// The nearest existing id, if one is close.
        suggestion: Option<String>,
    },
    /// Bytes that should hold a compiled glossary do not.
    #[error("not a usable compiled glossary: {reason}")]
    Compiled {
        /// What is wrong with the bytes.
        reason: String,
    },
    /// A value given by the user (a language tag, a locale, a kind…) is not one of the valid ones.
    #[error("{what} {given:?} is not valid; valid values: {}{}", valid.join(", "), suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
    InvalidValue {
        /// What kind of value it is ("language tag", "sort locale", …).
        what: &'static str,
        /// The value given.
        given: String,
        /// The valid values, or a description of them.
        valid: Vec<String>,
        /// The nearest valid value, if one is close.
        suggestion: Option<String>,
    },
    /// A transliteration failed: an unknown scheme, a cross-language conversion, or a character
    /// outside the alphabet in strict mode.
    #[error(transparent)]
    Translit(#[from] crate::translit::TranslitError),
    /// An index could not be built, opened or searched.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// An [`Error::InvalidValue`] with the nearest valid value as a suggestion.
pub(crate) fn invalid_value<'a>(
    what: &'static str,
    given: &str,
    valid: impl IntoIterator<Item = &'a str>,
) -> Error {
    let valid: Vec<String> = valid.into_iter().map(str::to_owned).collect();
    let suggestion = crate::suggest::nearest(given, valid.iter().map(String::as_str));
    Error::InvalidValue {
        what,
        given: given.to_owned(),
        valid,
        suggestion,
    }
}
