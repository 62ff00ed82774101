//! Finding and reading the files of a glossary directory.
//!
//! The walk collects the `*.toml` files below a directory, skipping hidden ones and refusing to
//! go more than [`MAX_DIR_DEPTH`] levels down; each file is then read as UTF-8 text, a leading
//! byte order mark dropped, unless it is longer than [`MAX_FILE_BYTES`].

use std::path::{Path, PathBuf};

use super::MAX_FILE_BYTES;
use crate::error::{Location, Problem};

/// The deepest directory nesting walked below a glossary directory.
const MAX_DIR_DEPTH: usize = 16;

/// Appends the `*.toml` files below `dir`, `depth` levels below the glossary directory, to `out`.
pub(super) fn collect_toml_files(
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
pub(super) fn read_text(path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
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
pub(super) fn too_large(path: &Path, len: u64) -> Problem {
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
