//! The field reader: typed access to the fields of a parsed file, and the checks on their text.
//!
//! A [`Reader`] reads one parsed file field by field — strings, years, arrays, tables, names
//! from a closed set, language tags — and reports every field that is missing, of the wrong type,
//! unknown, or whose text is not clean, with its `file:line:column` and a hint.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_normalization::{IsNormalized, is_nfc_quick};

use crate::chars;
use crate::error::{Location, Problem};
use crate::index::MAX_NAME_CHARS;
use crate::lang::LangTag;
use crate::suggest;

/// Years outside this range are taken for typos.
const YEARS: std::ops::RangeInclusive<i64> = -3000..=2100;

/// Field-by-field reading of one parsed file, collecting problems with their locations.
pub(super) struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
    /// The last location computed: (byte offset, line, column). Spans mostly come in file
    /// order, so the next location is counted on from here, which keeps locating every form of
    /// a file linear in its length.
    last: std::cell::Cell<(usize, u32, u32)>,
}

type Value<'t> = Spanned<DeValue<'t>>;

impl<'a> Reader<'a> {
    /// A reader of the file at `path`, whose text is `text`, reporting to `problems`.
    pub(super) fn new(path: &'a Path, text: &'a str, problems: &'a mut Vec<Problem>) -> Self {
        Reader {
            path,
            text,
            problems,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    pub(super) fn at(&self, span: &Range<usize>) -> Location {
        let (last, line, column) = self.last.get();
        let mut offset = span.start.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let location = match self.text.get(last..offset) {
            Some(between) if offset >= last => {
                let (mut line, mut column) = (line, column);
                for c in between.chars() {
                    if c == '\n' {
                        line = line.saturating_add(1);
                        column = 1;
                    } else {
                        column = column.saturating_add(1);
                    }
                }
                Location {
                    file: self.path.to_path_buf(),
                    line,
                    column,
                }
            }
            // Behind the last location (the start of the file, mostly): counted from the start
            // without moving the mark, so that the next forward step is short again.
            _ => return Location::from_offset(self.path, self.text, offset),
        };
        self.last.set((offset, location.line, location.column));
        location
    }

    pub(super) fn report(
        &mut self,
        span: &Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let problem = Problem::at(self.at(span), message).hint(hint);
        self.problems.push(problem);
    }

    /// Reports every key of `table` that is not in `allowed`.
    pub(super) fn known_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        for key in table.keys() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let hint = match suggest::nearest(key.get_ref(), allowed.iter().copied()) {
                    Some(near) => format!(
                        "did you mean {near:?}? the fields of {article} {what} are: {}",
                        allowed.join(", ")
                    ),
                    None => format!("the fields of {article} {what} are: {}", allowed.join(", ")),
                };
                self.report(
                    &key.span(),
                    format!("unknown field {:?} in the {what}", key.get_ref()),
                    hint,
                );
            }
        }
    }

    pub(super) fn type_error(
        &mut self,
        key: &str,
        value: &Value<'_>,
        expected: &str,
        example: &str,
    ) {
        let found = value.get_ref().type_str();
        self.report(
            &value.span(),
            format!("{key} must be {expected}, not {found}"),
            format!("write it as {example}"),
        );
    }

    pub(super) fn string(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        example: &str,
    ) -> Option<(String, Range<usize>)> {
        let value = table.get(key)?;
        match value.get_ref().as_str() {
            Some(s) => Some((s.to_owned(), value.span())),
            None => {
                self.type_error(key, value, "a string", example);
                None
            }
        }
    }

    pub(super) fn required_string(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<(String, Range<usize>)> {
        if table.get(key).is_none() {
            self.report(
                span,
                format!("{what} has no {key}"),
                format!("add {example}"),
            );
            return None;
        }
        let (s, span) = self.string(table, key, example)?;
        if s.trim().is_empty() {
            self.report(
                &span,
                format!("{key} is empty"),
                format!("write it as {example}"),
            );
            return None;
        }
        Some((s, span))
    }

    pub(super) fn year(&mut self, table: &DeTable<'_>, key: &str) -> Option<(i32, Range<usize>)> {
        let value = table.get(key)?;
        let parsed = value
            .get_ref()
            .as_integer()
            .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
        match parsed {
            Some(year) if YEARS.contains(&year) => Some((i32::try_from(year).ok()?, value.span())),
            Some(year) => {
                self.report(
                    &value.span(),
                    format!("{key} = {year} is not a plausible year"),
                    "write the year as four digits, e.g. 1993",
                );
                None
            }
            None => {
                self.type_error(
                    key,
                    value,
                    "a whole number (a year)",
                    &format!("{key} = 1993"),
                );
                None
            }
        }
    }

    pub(super) fn string_array(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        example: &str,
    ) -> Vec<(String, Range<usize>)> {
        self.array(
            table,
            key,
            ("an array of strings", "a string"),
            example,
            |v| v.as_str().map(str::to_owned),
        )
    }

    pub(super) fn tables<'v, 't>(
        &mut self,
        table: &'v DeTable<'t>,
        key: &str,
        example: &str,
    ) -> Vec<(&'v DeTable<'t>, Range<usize>)> {
        self.array(
            table,
            key,
            ("an array of tables", "a table"),
            example,
            |v| v.as_table(),
        )
    }

    /// The items of the array at `key` that `read` accepts, each with its span; a value that
    /// is not an array, or an item `read` refuses, is a type error naming what was expected
    /// (`what`: the array, an item).
    fn array<'v, 't, T>(
        &mut self,
        table: &'v DeTable<'t>,
        key: &str,
        (array_of, item_of): (&str, &str),
        example: &str,
        read: impl Fn(&'v DeValue<'t>) -> Option<T>,
    ) -> Vec<(T, Range<usize>)> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            self.type_error(key, value, array_of, example);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match read(item.get_ref()) {
                Some(t) => out.push((t, item.span())),
                None => self.type_error(&format!("each item of {key}"), item, item_of, example),
            }
        }
        out
    }

    /// One of a closed set of names (a kind, a status), or a problem listing the valid names
    /// and the nearest one.
    pub(super) fn named<T: std::str::FromStr<Err = crate::Error>>(
        &mut self,
        given: &str,
        span: &Range<usize>,
        what: &str,
        plural: &str,
    ) -> Option<T> {
        match given.parse::<T>() {
            Ok(value) => Some(value),
            Err(crate::Error::InvalidValue {
                valid, suggestion, ..
            }) => {
                let list = valid.join(", ");
                let hint = match suggestion {
                    Some(near) => format!("did you mean {near:?}? {plural} are: {list}"),
                    None => format!("{plural} are: {list}"),
                };
                self.report(span, format!("unknown {what} {given:?}"), hint);
                None
            }
            Err(other) => {
                self.report(
                    span,
                    other.to_string(),
                    format!("see glossary/README.md for the valid {plural}"),
                );
                None
            }
        }
    }

    pub(super) fn lang(&mut self, text: &str, span: &Range<usize>) -> Option<LangTag> {
        match text.parse::<LangTag>() {
            Ok(tag) => Some(tag),
            Err(e) => {
                self.report(
                    span,
                    e.to_string(),
                    "use a BCP 47 tag such as en, ru, kk-Cyrl, ug-Arab, zh-Hans or zh-Latn-pinyin",
                );
                None
            }
        }
    }

    /// Checks that a name is at most [`MAX_NAME_CHARS`] characters long.
    pub(super) fn short_enough(&mut self, what: &str, text: &str, span: &Range<usize>) -> bool {
        let chars = text.chars().take(MAX_NAME_CHARS + 1).count();
        if chars > MAX_NAME_CHARS {
            self.report(
                span,
                format!("{what} is longer than {MAX_NAME_CHARS} characters"),
                "a form is one name or term; put longer text in the entry's gloss or notes",
            );
            return false;
        }
        true
    }

    /// Checks that a piece of text is clean: NFC, no control characters, no surrounding spaces.
    pub(super) fn clean_text(&mut self, what: &str, text: &str, span: &Range<usize>) -> bool {
        if is_nfc_quick(text.chars()) != IsNormalized::Yes && !unicode_normalization::is_nfc(text) {
            self.report(
                span,
                format!("{what} is not in Unicode NFC"),
                "re-type it or convert the file to NFC (e.g. with `uconv -x any-nfc`)",
            );
            return false;
        }
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() || chars::is_invisible(*c))
        {
            self.report(
                span,
                format!("{what} contains the invisible character U+{:04X}", c as u32),
                "remove control, bidi and zero-width characters; tilmach handles direction itself",
            );
            return false;
        }
        if text.trim() != text {
            self.report(
                span,
                format!("{what} starts or ends with white space"),
                "remove the surrounding spaces",
            );
            return false;
        }
        true
    }
}
