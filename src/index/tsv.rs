//! Flat name tables (`id<TAB>lang<TAB>name[<TAB>status]`), such as a gazetteer export, as
//! index input.
//!
//! - One name per line, tab-separated: the entry id, the language (a BCP 47 tag or range such
//!   as `kk-Cyrl`, `kk`, `ru`, or `und` when unknown), the name, and optionally its status
//!   (`preferred`, `official`, `variant`, `historical`, `deprecated`, `derogatory`,
//!   `misspelling`). A missing status means `variant`: a name list asserts that a spelling is
//!   in use, not that it is the one to prefer.
//! - Lines starting with `#` and blank lines are skipped; a UTF-8 byte-order mark and CRLF line
//!   ends are accepted.
//! - Rows with the same id form one entry, in the order of the id's first row, even when the
//!   rows are not adjacent.
//! - Nothing is trimmed or repaired: every problem is reported with `file:line:column` and a
//!   hint, all at once, and nothing is returned when there is one.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::path::Path;

use super::IndexError;
use super::build::{IndexBuilder, IndexRecord, MAX_NAME_CHARS};
use crate::error::{Location, Problem, Problems};
use crate::glossary::Status;
use crate::lang::LangTag;

/// The largest name table read, in bytes (1 GiB); larger files are refused after reading at
/// most one byte more.
pub const MAX_TABLE_BYTES: u64 = 1 << 30;

/// One row of a name table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRow {
    /// The entry id.
    pub entry: String,
    /// The language tag or range, or `und`.
    pub lang: String,
    /// The name.
    pub text: String,
    /// The status (default `variant`).
    pub status: Status,
    /// Where the row is.
    pub location: Location,
}

/// Parses one name table read from `file` (used for locations only), in file order.
///
/// ```
/// use tilmach::index::parse_name_table;
/// let rows = parse_name_table("places.tsv", "# id\tlang\tname\nghulja\tkk-Cyrl\tҚұлжа\tpreferred\n")?;
/// assert_eq!(rows[0].text, "Құлжа");
/// let err = parse_name_table("places.tsv", "ghulja\tkazakh\tҚұлжа\n").unwrap_err();
/// assert!(err.to_string().contains("places.tsv:1:8"));
/// # Ok::<(), tilmach::index::IndexError>(())
/// ```
pub fn parse_name_table(file: impl AsRef<Path>, text: &str) -> Result<Vec<NameRow>, IndexError> {
    let mut problems = Vec::new();
    let rows = parse_into(file.as_ref(), text, &mut problems);
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(IndexError::NameTable(Problems(problems)))
    }
}

fn parse_into(file: &Path, text: &str, problems: &mut Vec<Problem>) -> Vec<NameRow> {
    let mut rows = Vec::new();
    parse_rows(file, text, problems, |row| {
        rows.push(NameRow {
            entry: row.entry.to_owned(),
            lang: row.lang.to_owned(),
            text: row.text.to_owned(),
            status: row.status,
            location: Location {
                file: file.to_path_buf(),
                line: row.line,
                column: 1,
            },
        });
    });
    rows
}

/// One valid row of a name table, borrowed from the table's text.
struct RowRef<'a> {
    entry: &'a str,
    lang: &'a str,
    text: &'a str,
    status: Status,
    /// The 1-based line number.
    line: u32,
}

/// Parses `text`, calling `row` for each valid row in file order and adding every problem to
/// `problems`.
fn parse_rows<'a>(
    file: &Path,
    text: &'a str,
    problems: &mut Vec<Problem>,
    row: impl FnMut(RowRef<'a>),
) {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    parse_lines(file, body, 0, problems, row);
}

/// Parses `body`, whose first line is line `first + 1` of its table (no byte-order mark), as
/// [`parse_rows`] does.
fn parse_lines<'a>(
    file: &Path,
    body: &'a str,
    first: usize,
    problems: &mut Vec<Problem>,
    mut row: impl FnMut(RowRef<'a>),
) {
    for (n, raw) in (first..).zip(body.split('\n')) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |byte: usize| Location {
            file: file.to_path_buf(),
            line: u32::try_from(n + 1).unwrap_or(u32::MAX),
            column: u32::try_from(line.get(..byte).map_or(1, |s| s.chars().count() + 1))
                .unwrap_or(u32::MAX),
        };
        let mut fields = Vec::with_capacity(4);
        let mut start = 0;
        for part in line.split('\t') {
            fields.push((start, part));
            start += part.len() + 1;
        }
        if fields.len() < 3 || fields.len() > 4 {
            let column = fields.get(4).map_or(line.len(), |(s, _)| *s);
            problems.push(
                Problem::at(
                    at(if fields.len() > 4 { column } else { 0 }),
                    format!(
                        "this line has {} tab-separated field{}, but a name table line has 3 or 4",
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" }
                    ),
                )
                .hint("write id<TAB>lang<TAB>name, optionally <TAB>status; tabs inside a name are not allowed"),
            );
            continue;
        }
        let mut ok = true;
        for &(start, field) in &fields {
            if field != field.trim() {
                problems.push(
                    Problem::at(
                        at(start),
                        format!("the field {field:?} has leading or trailing spaces"),
                    )
                    .hint("remove the spaces (or check that the separators are single tabs)"),
                );
                ok = false;
            }
        }
        let (id_at, id) = fields.first().copied().unwrap_or_default();
        let (lang_at, lang) = fields.get(1).copied().unwrap_or_default();
        let (name_at, name) = fields.get(2).copied().unwrap_or_default();
        let mut too_long = false;
        for (what, start, text) in [("entry id", id_at, id), ("name", name_at, name)] {
            if text.chars().take(MAX_NAME_CHARS + 1).count() > MAX_NAME_CHARS {
                problems.push(
                    Problem::at(
                        at(start),
                        format!("the {what} is longer than {MAX_NAME_CHARS} characters"),
                    )
                    .hint("a name table holds names, one per line; shorten it"),
                );
                too_long = true;
            }
        }
        if too_long {
            continue;
        }
        if id.is_empty() || id.chars().any(char::is_control) {
            problems.push(
                Problem::at(at(id_at), "the entry id is empty or has control characters")
                    .hint("give every name the id of the entry it belongs to"),
            );
            ok = false;
        }
        if lang != "und"
            && let Err(e) = LangTag::parse_range(lang)
        {
            problems.push(
                Problem::at(
                    at(lang_at),
                    format!("the language {lang:?} is not valid: {}", e.reason),
                )
                .hint("write a BCP 47 tag such as en, ru, kk-Cyrl, ug-Arab, or und when unknown"),
            );
            ok = false;
        }
        if !crate::key::key(name).chars().any(char::is_alphanumeric) {
            problems.push(
                Problem::at(at(name_at), "the name is empty")
                    .hint("give the name in the third field"),
            );
            ok = false;
        } else if name.chars().any(char::is_control) {
            problems.push(
                Problem::at(
                    at(name_at),
                    format!("the name {name:?} has control characters"),
                )
                .hint("remove them"),
            );
            ok = false;
        }
        let status = match fields.get(3) {
            None => Status::Variant,
            Some(&(status_at, s)) => match s.parse::<Status>() {
                Ok(status) => status,
                Err(e) => {
                    problems.push(
                        Problem::at(at(status_at), e.to_string())
                            .hint("leave the fourth field out for a variant spelling"),
                    );
                    ok = false;
                    Status::Variant
                }
            },
        };
        if ok {
            row(RowRef {
                entry: id,
                lang,
                text: name,
                status,
                line: u32::try_from(n + 1).unwrap_or(u32::MAX),
            });
        }
    }
}

/// Reads name tables from `paths` and groups rows by entry id (in order of each id's first
/// row), reporting every problem of every file at once.
pub fn read_name_tables<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<NameRow>, IndexError> {
    let mut all = Vec::new();
    read_tables(paths, |path, text, problems| {
        all.extend(parse_into(path, text, problems));
    })?;
    Ok(group_by_entry(all))
}

/// Reads every table of `paths` as UTF-8 and hands each to `parse` with the problem list;
/// fails with every problem found.
fn read_tables<P: AsRef<Path>>(
    paths: &[P],
    mut parse: impl FnMut(&Path, &str, &mut Vec<Problem>),
) -> Result<Vec<String>, IndexError> {
    let mut problems = Vec::new();
    let mut texts = Vec::with_capacity(paths.len());
    for path in paths {
        let path = path.as_ref();
        let bytes =
            crate::bounded::read_file(path, MAX_TABLE_BYTES).map_err(|source| IndexError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        match String::from_utf8(bytes) {
            Ok(text) => {
                parse(path, &text, &mut problems);
                texts.push(text);
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default());
                problems.push(
                    Problem::at(
                        Location::from_offset(path, &prefix, valid),
                        format!("the file is not valid UTF-8 (byte offset {valid})"),
                    )
                    .hint("convert the file to UTF-8"),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(IndexError::NameTable(Problems(problems)));
    }
    Ok(texts)
}

/// Adds the rows of the name tables `paths` to `builder` as [`read_name_tables`] and
/// [`IndexBuilder::add_rows`] would, without holding a row object per name: when the rows of
/// each entry are already adjacent (as in most exports), the tables are checked, then added
/// straight from their text. Returns the number of entries added.
pub(crate) fn add_name_tables<P: AsRef<Path>>(
    builder: &mut IndexBuilder,
    paths: &[P],
) -> Result<usize, IndexError> {
    let mut seen: HashSet<u64, foldhash::fast::FixedState> = HashSet::default();
    let mut adjacent = true;
    let mut last: Option<u64> = None;
    let threads = builder.thread_count();
    let texts = read_tables(paths, |path, text, problems| {
        for (chunk_problems, starts) in check_in_parallel(path, text, threads) {
            problems.extend(chunk_problems);
            for hash in starts {
                if last != Some(hash) {
                    // A repeated hash is a repeated id (or, rarely, a collision): either way
                    // the rows are grouped the slow way.
                    adjacent &= seen.insert(hash);
                    last = Some(hash);
                }
            }
        }
    })?;
    drop(seen);
    let before = builder.entry_count();
    if !adjacent {
        drop(texts);
        let rows = read_name_tables(paths)?;
        builder.add_rows(&rows)?;
        return Ok(builder.entry_count() - before);
    }
    for text in &texts {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for raw in body.split('\n') {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            // Every line was checked above: three or four fields, each valid.
            let mut fields = line.split('\t');
            let (Some(entry), Some(lang), Some(name)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let status = fields
                .next()
                .and_then(|s| s.parse::<Status>().ok())
                .unwrap_or(Status::Variant);
            builder.add_checked(IndexRecord {
                entry,
                lang,
                text: name,
                status,
                derived: false,
            })?;
        }
    }
    Ok(builder.entry_count() - before)
}

/// Tables smaller than this are checked on one thread.
const PARALLEL_CHECK_BYTES: usize = 1 << 20;

/// Checks the table `text` (read from `path`) on `threads` threads, each a run of whole lines:
/// per run in table order, its problems and the hash of the entry id of each of its rows that
/// starts a run of rows with one id (the first row of each run of lines included).
fn check_in_parallel(path: &Path, text: &str, threads: usize) -> Vec<(Vec<Problem>, Vec<u64>)> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let parts = if body.len() < PARALLEL_CHECK_BYTES {
        1
    } else {
        threads.max(1)
    };
    // Runs of whole lines, each with the number of lines before it.
    let mut chunks: Vec<(&str, usize)> = Vec::with_capacity(parts);
    let (mut rest, mut lines) = (body, 0usize);
    for part in (1..=parts).rev() {
        let want = rest.len().div_ceil(part);
        let end = if part == 1 {
            rest.len()
        } else {
            memchr::memchr(b'\n', rest.as_bytes().get(want..).unwrap_or_default())
                .map_or(rest.len(), |at| want + at + 1)
        };
        let (chunk, after) = rest.split_at(end.min(rest.len()));
        chunks.push((chunk, lines));
        lines += memchr::memchr_iter(b'\n', chunk.as_bytes()).count();
        rest = after;
    }
    // A run that ends with its line break would parse one empty line more: the next run's
    // first line, or (for the last) the table's own last empty line; both are skipped as blank.
    let check = |(chunk, first): (&str, usize)| {
        let hasher = foldhash::fast::FixedState::default();
        let mut problems = Vec::new();
        let mut starts = Vec::new();
        let mut last: Option<u64> = None;
        parse_lines(path, chunk, first, &mut problems, |row| {
            let hash = hasher.hash_one(row.entry);
            if last != Some(hash) {
                starts.push(hash);
                last = Some(hash);
            }
        });
        (problems, starts)
    };
    if chunks.len() == 1 {
        return chunks.into_iter().map(check).collect();
    }
    let check = &check;
    super::build::in_parallel(chunks.into_iter().map(|chunk| move || check(chunk)))
        .into_iter()
        .map(|part| {
            part.unwrap_or_else(|| {
                let problem = Problem::at(
                    Location {
                        file: path.to_path_buf(),
                        line: 1,
                        column: 1,
                    },
                    "the check of this table stopped unexpectedly",
                )
                .hint("run the build again with one thread (-j1)");
                (vec![problem], Vec::new())
            })
        })
        .collect()
}

/// Reorders rows so that the rows of each entry are adjacent, entries in first-seen order.
fn group_by_entry(rows: Vec<NameRow>) -> Vec<NameRow> {
    let mut order: HashMap<String, usize> = HashMap::new();
    let mut keyed: Vec<(usize, usize, NameRow)> = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let next = order.len();
        let group = *order.entry(row.entry.clone()).or_insert(next);
        keyed.push((group, i, row));
    }
    keyed.sort_unstable_by_key(|(group, i, _)| (*group, *i));
    keyed.into_iter().map(|(_, _, row)| row).collect()
}

impl IndexBuilder {
    /// Adds name-table rows (as returned by [`read_name_tables`]), none of them derived.
    pub fn add_rows(&mut self, rows: &[NameRow]) -> Result<&mut IndexBuilder, IndexError> {
        for row in rows {
            self.add(IndexRecord {
                entry: &row.entry,
                lang: &row.lang,
                text: &row.text,
                status: row.status,
                derived: false,
            })?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems and entry-run starts of a table read line by line on one thread, the way
    /// [`parse_rows`] reads it.
    fn serial(path: &Path, text: &str) -> (Vec<String>, Vec<u64>) {
        let hasher = foldhash::fast::FixedState::default();
        let mut problems = Vec::new();
        let mut starts = Vec::new();
        parse_rows(path, text, &mut problems, |row| {
            let hash = hasher.hash_one(row.entry);
            if starts.last() != Some(&hash) {
                starts.push(hash);
            }
        });
        (problems.iter().map(ToString::to_string).collect(), starts)
    }

    #[test]
    fn a_table_checked_in_runs_of_lines_gives_the_serial_problems_and_entries() {
        let path = Path::new("big.tsv");
        let mut text = String::from("\u{FEFF}# id\tlang\tname\n");
        for i in 0..60_000 {
            // Entries of one to three rows, a bad row now and then, a blank line, a CRLF.
            let id = i / 3 + i % 2;
            match i % 9_973 {
                17 => text.push_str(&format!("e{id}\tkazakh\tБабакул{i}\n")),
                4_000 => text.push_str(&format!("e{id}\tkk\t \n")),
                5_000 => text.push('\n'),
                6_000 => text.push_str(&format!("e{id}\tkk\tҚұлжа{i}\r\n")),
                _ => text.push_str(&format!("e{id}\tund\tBabakul{i} Tan\n")),
            }
        }
        assert!(text.len() > PARALLEL_CHECK_BYTES);
        let (problems, starts) = serial(path, &text);
        assert!(problems.len() >= 12, "{problems:?}");
        for threads in [1, 2, 3, 7] {
            let parts = check_in_parallel(path, &text, threads);
            let got: Vec<String> = parts
                .iter()
                .flat_map(|(p, _)| p.iter().map(ToString::to_string))
                .collect();
            assert_eq!(got, problems, "{threads} threads");
            // Runs merged as add_name_tables merges them: a start equal to the last is no start.
            let mut merged: Vec<u64> = Vec::new();
            for hash in parts.into_iter().flat_map(|(_, s)| s) {
                if merged.last() != Some(&hash) {
                    merged.push(hash);
                }
            }
            assert_eq!(merged, starts, "{threads} threads");
        }
    }
}
