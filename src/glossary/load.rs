//! Loading glossary directories: TOML files in, entries out, every problem located.
//!
//! The loader walks a directory for `*.toml` files (one entry each, the file name being the id)
//! and reads `sources.toml` at its top. It parses each file with span information and checks it
//! field by field, so that every problem — TOML syntax, an unknown field, a wrong type, an invalid
//! language tag, two `preferred` forms for one tag, a duplicate id, a reference to an entry or a
//! source that does not exist — is reported with `file:line:column` and a hint, all at once. A
//! glossary with any problem is not loaded at all: nothing is half-loaded.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_normalization::{IsNormalized, is_nfc_quick};

use super::model::{Citation, Entry, Form, Kind, Origin, Source, Status};
use crate::chars;
use crate::error::{Location, Problem};
use crate::index::MAX_NAME_CHARS;
use crate::lang::LangTag;
use crate::suggest;

/// The largest glossary file read, in bytes. Larger files are refused, not parsed.
pub const MAX_FILE_BYTES: u64 = 4 << 20;
/// The deepest nesting of arrays and inline tables accepted in a glossary file.
pub const MAX_NESTING: usize = 32;
/// The deepest directory nesting walked below a glossary directory.
const MAX_DIR_DEPTH: usize = 16;

const ENTRY_FIELDS: &[&str] = &[
    "kind", "gloss", "notes", "see", "homonyms", "sources", "form",
];
const FORM_FIELDS: &[&str] = &[
    "text",
    "lang",
    "status",
    "from",
    "until",
    "note",
    "seen",
    "irregular",
];
const CITATION_FIELDS: &[&str] = &["source", "quote"];
const SOURCE_FIELDS: &[&str] = &["title", "author", "date", "publisher", "url", "file"];
/// Years outside this range are taken for typos.
const YEARS: std::ops::RangeInclusive<i64> = -3000..=2100;

/// One glossary directory, parsed, with the references it makes still to be resolved.
#[derive(Debug, Default)]
pub(crate) struct Layer {
    pub(crate) entries: Vec<LoadedEntry>,
    pub(crate) sources: Vec<Source>,
    pub(crate) references: Vec<Reference>,
}

/// An entry as loaded from its file, with the location of each of its forms.
#[derive(Debug)]
pub(crate) struct LoadedEntry {
    pub(crate) entry: Entry,
    pub(crate) file: PathBuf,
    pub(crate) form_locations: Vec<Location>,
}

/// A reference from an entry to another entry or to a source, kept with its location until every
/// layer is loaded and it can be resolved.
#[derive(Debug)]
pub(crate) struct Reference {
    pub(crate) target: String,
    pub(crate) to: ReferenceKind,
    pub(crate) location: Location,
}

/// What a [`Reference`] points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReferenceKind {
    Entry,
    Source,
}

/// Reads the glossary directory `dir`, appending every problem found to `problems`.
///
/// Returns `Err` only when the directory itself cannot be read.
pub(crate) fn load_dir(dir: &Path, problems: &mut Vec<Problem>) -> Result<Layer, crate::Error> {
    let metadata = std::fs::metadata(dir).map_err(|e| crate::Error::io(dir, e))?;
    if !metadata.is_dir() {
        return Err(crate::Error::io(
            dir,
            std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "a glossary is a directory of .toml files",
            ),
        ));
    }
    let mut files = Vec::new();
    collect_toml_files(dir, 0, &mut files, problems)
        .map_err(|(path, e)| crate::Error::io(path, e))?;
    files.sort();

    let mut reader = LayerReader::new(dir);
    for path in &files {
        let Some(text) = read_text(path, problems) else {
            continue;
        };
        reader.add(path, &text, problems);
    }
    Ok(reader.finish(problems))
}

/// Reads one glossary layer from files held in memory instead of a directory: `(path, text)`
/// pairs, each path relative to the layer's directory `dir` (the file `sources.toml` holds its
/// sources). Files are read as [`load_dir`] reads them from disk, in path order, and problems
/// carry the path `dir/path`; files not ending in `.toml` and hidden ones are skipped as a
/// directory walk skips them.
pub(crate) fn load_texts(
    dir: &Path,
    files: &[(PathBuf, String)],
    problems: &mut Vec<Problem>,
) -> Layer {
    let mut files: Vec<(PathBuf, &str)> = files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "toml"))
        .filter(|(path, _)| {
            !path.components().any(|c| {
                matches!(c, std::path::Component::Normal(name)
                    if name.to_string_lossy().starts_with('.'))
            })
        })
        .map(|(path, text)| {
            let path: PathBuf = path
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect();
            (dir.join(path), text.as_str())
        })
        .collect();
    files.sort();
    let mut reader = LayerReader::new(dir);
    for (path, text) in &files {
        if text.len() as u64 > MAX_FILE_BYTES {
            problems.push(too_large(path, text.len() as u64));
            continue;
        }
        reader.add(
            path,
            text.strip_prefix('\u{FEFF}').unwrap_or(text),
            problems,
        );
    }
    reader.finish(problems)
}

/// The files of one layer read so far, whatever they were read from.
struct LayerReader {
    dir: PathBuf,
    layer: Layer,
    sources_path: PathBuf,
    first_file_of_id: HashMap<String, PathBuf>,
}

impl LayerReader {
    fn new(dir: &Path) -> LayerReader {
        LayerReader {
            dir: dir.to_path_buf(),
            layer: Layer::default(),
            sources_path: dir.join("sources.toml"),
            first_file_of_id: HashMap::new(),
        }
    }

    /// Reads the file at `path` whose text is `text`.
    fn add(&mut self, path: &Path, text: &str, problems: &mut Vec<Problem>) {
        if path == self.sources_path {
            read_sources(path, text, &mut self.layer, problems);
            return;
        }
        let Some(id) = entry_id(path, text, problems) else {
            return;
        };
        if let Some(first) = self.first_file_of_id.get(&id) {
            problems.push(
                Problem::at(
                    Location {
                        file: path.to_path_buf(),
                        line: 1,
                        column: 1,
                    },
                    format!("duplicate entry id {id:?}"),
                )
                .hint(format!(
                    "{} already defines it; rename one of the files",
                    first.display()
                )),
            );
            return;
        }
        self.first_file_of_id.insert(id.clone(), path.to_path_buf());
        if let Some((entry, form_locations)) =
            read_entry(path, text, id, &mut self.layer.references, problems)
        {
            self.layer.entries.push(LoadedEntry {
                entry,
                file: path.to_path_buf(),
                form_locations,
            });
        }
    }

    /// The layer, or a problem when it holds no file at all.
    fn finish(self, problems: &mut Vec<Problem>) -> Layer {
        let layer = self.layer;
        if layer.entries.is_empty() && layer.sources.is_empty() && problems.is_empty() {
            problems.push(
                Problem::at(Location { file: self.dir, line: 1, column: 1 }, "no glossary files found")
                    .hint("a glossary directory holds one .toml file per entry and a sources.toml; see glossary/README.md"),
            );
        }
        layer
    }
}

/// Checks the text of one entry file, as if it were the file `file_name` of a glossary directory,
/// without reading the disk: every problem the loader would report for it, except references to
/// other entries and sources, which need the whole glossary to resolve.
///
/// ```
/// let problems = tilmach::glossary::check_entry_text("ghulja.toml", "kind = \"plase\"\n");
/// assert!(problems.iter().any(|p| p.message.contains("unknown kind")));
/// ```
pub fn check_entry_text(file_name: &str, text: &str) -> Vec<Problem> {
    let path = Path::new(file_name);
    let mut problems = Vec::new();
    if let Some(id) = entry_id(path, text, &mut problems) {
        let mut references = Vec::new();
        let _ = read_entry(path, text, id, &mut references, &mut problems);
    }
    problems
}

fn collect_toml_files(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let read = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for item in read {
        let item = item.map_err(|e| (dir.to_path_buf(), e))?;
        let path = item.path();
        let name = item.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = item.file_type().map_err(|e| (path.clone(), e))?;
        if file_type.is_dir() {
            if depth < MAX_DIR_DEPTH {
                collect_toml_files(&path, depth + 1, out, problems)?;
            } else {
                problems.push(
                    Problem::at(
                        Location {
                            file: path.clone(),
                            line: 1,
                            column: 1,
                        },
                        format!(
                            "the directory is more than {MAX_DIR_DEPTH} levels below the glossary directory, so its files are not read"
                        ),
                    )
                    .hint("move its files nearer the top of the glossary"),
                );
            }
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a file as UTF-8 text, or reports why it cannot be used.
fn read_text(path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    let at_start = || Location {
        file: path.to_path_buf(),
        line: 1,
        column: 1,
    };
    let bytes = match crate::bounded::read_file(path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
            problems.push(
                Problem::at(
                    at_start(),
                    format!("the file is longer than the {MAX_FILE_BYTES} bytes accepted"),
                )
                .hint("a glossary file holds one entry; split the content into one file per entry"),
            );
            return None;
        }
        Err(e) => {
            problems.push(Problem::at(
                at_start(),
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(e.as_bytes().get(..offset).unwrap_or_default())
                .into_owned();
            problems.push(
                Problem::at(
                    Location::from_offset(path, &valid, offset),
                    format!("the file is not valid UTF-8 (byte offset {offset})"),
                )
                .hint("save the file as UTF-8"),
            );
            None
        }
    }
}

/// The problem of a file of `len` bytes, more than [`MAX_FILE_BYTES`].
fn too_large(path: &Path, len: u64) -> Problem {
    Problem::at(
        Location {
            file: path.to_path_buf(),
            line: 1,
            column: 1,
        },
        format!("the file is {len} bytes long, more than the {MAX_FILE_BYTES} accepted"),
    )
    .hint("a glossary file holds one entry; split the content into one file per entry")
}

/// The entry id of the file at `path`: its name without `.toml`, checked to be kebab-case.
fn entry_id(path: &Path, _text: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_valid_id(&stem) {
        Some(stem)
    } else {
        problems.push(
            Problem::at(Location { file: path.to_path_buf(), line: 1, column: 1 }, format!("{stem:?} is not a valid entry id"))
                .hint("the file name is the entry id: ASCII lower-case letters and digits in words joined by single hyphens, e.g. ghulja.toml or ili-river.toml"),
        );
        None
    }
}

/// Whether `id` is ASCII kebab-case: `[a-z0-9]+(-[a-z0-9]+)*`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Parses `text` as TOML, reporting syntax errors and excessive nesting; `None` if unusable.
fn parse_toml<'t>(path: &Path, text: &'t str, problems: &mut Vec<Problem>) -> Option<DeTable<'t>> {
    if let Some(offset) = too_deep(text) {
        problems.push(
            Problem::at(
                Location::from_offset(path, text, offset),
                format!("arrays or tables nested deeper than {MAX_NESTING} levels"),
            )
            .hint(
                "glossary files need at most three levels of nesting; check for unclosed brackets",
            ),
        );
        return None;
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table.into_inner());
    }
    for error in errors {
        let offset = error.span().map_or(0, |span| span.start);
        let message = error.message().trim_end().trim_end_matches('.').to_owned();
        problems.push(
            Problem::at(Location::from_offset(path, text, offset), format!("TOML syntax: {message}"))
                .hint("see glossary/README.md for the format; strings need double quotes, arrays brackets"),
        );
    }
    None
}

/// The byte offset where bracket nesting first exceeds [`MAX_NESTING`], if it does.
///
/// A cheap scan that skips quoted strings and comments, run before the parser so that a
/// pathological file cannot exhaust the parser's stack.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                i += if triple { 3 } else { 1 };
                loop {
                    match bytes.get(i) {
                        None => return None,
                        Some(b'\\') if b == b'"' => i += 2,
                        Some(&c)
                            if c == b
                                && (!triple || bytes.get(i..i + 3) == Some(&[b, b, b][..])) =>
                        {
                            i += if triple { 3 } else { 1 };
                            break;
                        }
                        Some(b'\n') if !triple => break,
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Field-by-field reading of one parsed file, collecting problems with their locations.
struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
    /// The last location computed: (byte offset, line, column). Spans mostly come in file
    /// order, so the next location is counted on from here, which keeps locating every form of
    /// a file linear in its length.
    last: std::cell::Cell<(usize, u32, u32)>,
}

type Value<'t> = Spanned<DeValue<'t>>;

impl Reader<'_> {
    fn at(&self, span: &Range<usize>) -> Location {
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

    fn report(&mut self, span: &Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        let problem = Problem::at(self.at(span), message).hint(hint);
        self.problems.push(problem);
    }

    /// Reports every key of `table` that is not in `allowed`.
    fn known_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
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

    fn type_error(&mut self, key: &str, value: &Value<'_>, expected: &str, example: &str) {
        let found = value.get_ref().type_str();
        self.report(
            &value.span(),
            format!("{key} must be {expected}, not {found}"),
            format!("write it as {example}"),
        );
    }

    fn string(
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

    fn required_string(
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

    fn year(&mut self, table: &DeTable<'_>, key: &str) -> Option<(i32, Range<usize>)> {
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

    fn string_array(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        example: &str,
    ) -> Vec<(String, Range<usize>)> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            self.type_error(key, value, "an array of strings", example);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_str() {
                Some(s) => out.push((s.to_owned(), item.span())),
                None => self.type_error(&format!("each item of {key}"), item, "a string", example),
            }
        }
        out
    }

    fn tables<'v, 't>(
        &mut self,
        table: &'v DeTable<'t>,
        key: &str,
        example: &str,
    ) -> Vec<(&'v DeTable<'t>, Range<usize>)> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            self.type_error(key, value, "an array of tables", example);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_table() {
                Some(t) => out.push((t, item.span())),
                None => self.type_error(&format!("each item of {key}"), item, "a table", example),
            }
        }
        out
    }

    /// One of a closed set of names (a kind, a status), or a problem listing the valid names
    /// and the nearest one.
    fn named<T: std::str::FromStr<Err = crate::Error>>(
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

    fn lang(&mut self, text: &str, span: &Range<usize>) -> Option<LangTag> {
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
    fn short_enough(&mut self, what: &str, text: &str, span: &Range<usize>) -> bool {
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
    fn clean_text(&mut self, what: &str, text: &str, span: &Range<usize>) -> bool {
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

fn read_entry(
    path: &Path,
    text: &str,
    id: String,
    references: &mut Vec<Reference>,
    problems: &mut Vec<Problem>,
) -> Option<(Entry, Vec<Location>)> {
    let table = parse_toml(path, text, problems)?;
    let before = problems.len();
    let mut r = Reader {
        path,
        text,
        problems,
        last: std::cell::Cell::new((0, 1, 1)),
    };
    let whole = 0..0;
    r.known_keys(&table, ENTRY_FIELDS, "entry");

    let kind = r
        .required_string(&table, &whole, "kind", "the entry", "kind = \"place\"")
        .and_then(|(k, span)| r.named::<Kind>(&k, &span, "kind", "kinds"));

    let mut gloss = BTreeMap::new();
    match table.get("gloss") {
        None => r.report(
            &whole,
            "the entry has no gloss",
            "add a one-line explanation: gloss.en = \"…\"",
        ),
        Some(value) => match value.get_ref().as_table() {
            None => r.type_error(
                "gloss",
                value,
                "a table of language tag = text",
                "gloss.en = \"…\"",
            ),
            Some(glosses) => {
                for (key, value) in glosses.iter() {
                    // A gloss is prose in a language; its script goes without saying (kk = Kazakh).
                    let tag = match LangTag::parse_range(key.get_ref()) {
                        Ok(tag) => Some(tag),
                        Err(e) => {
                            r.report(
                                &key.span(),
                                e.to_string(),
                                "gloss keys are language tags: gloss.en, gloss.ru, gloss.kk",
                            );
                            None
                        }
                    };
                    match value.get_ref().as_str() {
                        Some(s) if r.clean_text("the gloss", s, &value.span()) => {
                            if let Some(tag) = tag {
                                gloss.insert(tag, s.to_owned());
                            }
                        }
                        Some(_) => {}
                        None => r.type_error("a gloss", value, "a string", "gloss.en = \"…\""),
                    }
                }
                if !glosses.keys().any(|k| k.get_ref() == "en") {
                    r.report(
                        &value.span(),
                        "the gloss has no English text",
                        "add gloss.en = \"…\" (English is required)",
                    );
                }
            }
        },
    }

    let notes: Vec<String> = r
        .string_array(&table, "notes", "notes = [\"…\"]")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let mut see = Vec::new();
    for (target, span) in r.string_array(&table, "see", "see = [\"ghulja\"]") {
        if target == id {
            r.report(
                &span,
                format!("the entry refers to itself in see = [\"{target}\"]"),
                "see lists other entries; remove this one",
            );
            continue;
        }
        references.push(Reference {
            target: target.clone(),
            to: ReferenceKind::Entry,
            location: r.at(&span),
        });
        see.push(target);
    }
    let mut homonyms = Vec::new();
    for (target, span) in r.string_array(&table, "homonyms", "homonyms = [\"aksu-district\"]") {
        references.push(Reference {
            target: target.clone(),
            to: ReferenceKind::Entry,
            location: r.at(&span),
        });
        homonyms.push(target);
    }

    let mut sources = Vec::new();
    let citations = r.tables(
        &table,
        "sources",
        "sources = [{ source = \"odr-2021\", quote = \"…\" }]",
    );
    if citations.is_empty() && table.get("sources").is_none() {
        r.report(
            &whole,
            "the entry cites no source",
            "add sources = [{ source = \"KEY\", quote = \"…\" }] with a key from sources.toml",
        );
    }
    for (citation, span) in citations {
        r.known_keys(citation, CITATION_FIELDS, "citation");
        let source = r.required_string(
            citation,
            &span,
            "source",
            "the citation",
            "source = \"odr-2021\"",
        );
        let quote = r.string(citation, "quote", "quote = \"…\"").map(|(q, _)| q);
        if let Some((key, key_span)) = source {
            references.push(Reference {
                target: key.clone(),
                to: ReferenceKind::Source,
                location: r.at(&key_span),
            });
            sources.push(Citation { source: key, quote });
        }
    }

    let mut forms = Vec::new();
    let mut form_locations = Vec::new();
    let form_tables = r.tables(&table, "form", "[[form]] tables");
    if form_tables.is_empty() && table.get("form").is_none() {
        r.report(
            &whole,
            "the entry has no forms",
            "add at least one [[form]] with text, lang and status",
        );
    }
    let mut preferred: HashMap<LangTag, Range<usize>> = HashMap::new();
    let mut seen_forms: HashMap<(String, LangTag), Range<usize>> = HashMap::new();
    for (form, span) in form_tables {
        r.known_keys(form, FORM_FIELDS, "form");
        let text = r.required_string(form, &span, "text", "the form", "text = \"Ghulja\"");
        let text = text.filter(|(t, span)| {
            r.short_enough("the form's text", t, span) && r.clean_text("the form's text", t, span)
        });
        let lang = r
            .required_string(form, &span, "lang", "the form", "lang = \"en\"")
            .and_then(|(l, span)| r.lang(&l, &span).map(|tag| (tag, span)));
        let status = r
            .required_string(form, &span, "status", "the form", "status = \"preferred\"")
            .and_then(|(s, span)| r.named::<Status>(&s, &span, "status", "statuses"));
        let from = r.year(form, "from");
        let until = r.year(form, "until");
        if let (Some((from, _)), Some((until, until_span))) = (&from, &until)
            && from > until
        {
            r.report(
                until_span,
                format!("until = {until} is before from = {from}"),
                "swap the two years",
            );
        }
        let note = r.string(form, "note", "note = \"…\"").map(|(n, _)| n);
        let mut seen = Vec::new();
        for (key, key_span) in r.string_array(form, "seen", "seen = [\"odr-2021\"]") {
            references.push(Reference {
                target: key.clone(),
                to: ReferenceKind::Source,
                location: r.at(&key_span),
            });
            seen.push(key);
        }
        let irregular = match form.get("irregular") {
            None => false,
            Some(value) => value.get_ref().as_bool().unwrap_or_else(|| {
                r.type_error("irregular", value, "true or false", "irregular = true");
                false
            }),
        };
        let (Some((text, _)), Some((lang, lang_span)), Some(status)) = (text, lang, status) else {
            continue;
        };
        if status == Status::Preferred {
            if let Some(first) = preferred.get(&lang) {
                let first = r.at(first);
                r.report(
                    &lang_span,
                    format!("a second preferred form for {lang}"),
                    format!("the form at line {} is already preferred; make one of them official or variant", first.line),
                );
            } else {
                preferred.insert(lang.clone(), span.clone());
            }
        }
        match seen_forms.get(&(text.clone(), lang.clone())) {
            Some(first) => {
                let first = r.at(first);
                r.report(
                    &span,
                    format!("the form {text:?} ({lang}) is listed twice"),
                    format!("remove one; the first is at line {}", first.line),
                );
            }
            None => {
                seen_forms.insert((text.clone(), lang.clone()), span.clone());
            }
        }
        form_locations.push(r.at(&span));
        forms.push(Form {
            text,
            lang,
            status,
            from: from.map(|(y, _)| y),
            until: until.map(|(y, _)| y),
            note,
            seen,
            irregular,
            origin: Origin::Entered,
        });
    }

    if problems.len() > before {
        return None;
    }
    let entry = Entry {
        id,
        kind: kind?,
        gloss,
        notes,
        see,
        sources,
        forms,
        homonyms,
    };
    Some((entry, form_locations))
}

fn read_sources(path: &Path, text: &str, layer: &mut Layer, problems: &mut Vec<Problem>) {
    let Some(table) = parse_toml(path, text, problems) else {
        return;
    };
    let mut r = Reader {
        path,
        text,
        problems,
        last: std::cell::Cell::new((0, 1, 1)),
    };
    for (key, value) in table.iter() {
        let key_text = key.get_ref().to_string();
        if !is_valid_id(&key_text) {
            r.report(
                &key.span(),
                format!("{key_text:?} is not a valid source key"),
                "source keys are ASCII kebab-case, e.g. odr-2021",
            );
            continue;
        }
        let Some(fields) = value.get_ref().as_table() else {
            r.type_error(
                &format!("source {key_text}"),
                value,
                "a table",
                &format!("[{key_text}] followed by title = \"…\""),
            );
            continue;
        };
        r.known_keys(fields, SOURCE_FIELDS, "source");
        let span = key.span();
        let Some((title, _)) =
            r.required_string(fields, &span, "title", "the source", "title = \"…\"")
        else {
            continue;
        };
        let mut optional = |name: &str| {
            r.string(fields, name, &format!("{name} = \"…\""))
                .map(|(s, _)| s)
        };
        let source = Source {
            key: key_text,
            title,
            author: optional("author"),
            date: optional("date"),
            publisher: optional("publisher"),
            url: optional("url"),
            file: optional("file"),
        };
        layer.sources.push(source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case() {
        for ok in ["ghulja", "ili-river", "sco", "world-uyghur-congress", "v2"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "",
            "Ghulja",
            "ili_river",
            "-ili",
            "ili-",
            "ili--river",
            "құлжа",
            "a b",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn nesting_is_measured_outside_strings_and_comments() {
        assert_eq!(
            too_deep(
                "a = \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
            ),
            None
        );
        let deep = format!("a = {}1{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(too_deep(&deep), Some(4 + MAX_NESTING));
        assert_eq!(
            too_deep("a = '''\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n'''"),
            None
        );
    }
}
