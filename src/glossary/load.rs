//! Loading glossary directories: TOML files in, entries out, every problem located.
//!
//! The loader walks a directory for `*.toml` files (one entry each, the file name being the id)
//! and reads `sources.toml` at its top. It parses each file with span information and checks it
//! field by field, so that every problem — TOML syntax, an unknown field, a wrong type, an invalid
//! language tag, two `preferred` forms for one tag, a duplicate id, a reference to an entry or a
//! source that does not exist — is reported with `file:line:column` and a hint, all at once. A
//! glossary with any problem is not loaded at all: nothing is half-loaded.

mod entry;
mod files;
mod parse;
mod reader;
mod sources;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use self::entry::{entry_id, read_entry};
use self::files::{collect_toml_files, read_text, too_large};
use self::sources::read_sources;
use super::model::{Entry, Source};
use crate::error::{Location, Problem};

/// The largest glossary file read, in bytes. Larger files are refused, not parsed.
pub const MAX_FILE_BYTES: u64 = 4 << 20;
/// The deepest nesting of arrays and inline tables accepted in a glossary file.
pub const MAX_NESTING: usize = 32;

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
}
