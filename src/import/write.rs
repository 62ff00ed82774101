//! An import written as a glossary directory: `sources.toml` with one source, the imported file,
//! and one `ID.toml` per entry citing it, in the layout `glossary/README.md` describes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::import::{ImportError, Imported, ImportedEntry};

/// The key under which `sources.toml` names the imported file.
pub const SOURCE_KEY: &str = "imported-termbase";

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The TOML text of one entry.
fn entry_toml(entry: &ImportedEntry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "kind = {}", quoted(entry.kind.as_str()));
    for (lang, gloss) in &entry.gloss {
        let _ = writeln!(out, "gloss.{} = {}", quoted(lang), quoted(gloss));
    }
    let _ = writeln!(out, "sources = [{{ source = {} }}]", quoted(SOURCE_KEY));
    for form in &entry.forms {
        let _ = writeln!(out, "\n[[form]]");
        let _ = writeln!(out, "text = {}", quoted(&form.text));
        let _ = writeln!(out, "lang = {}", quoted(&form.lang));
        let _ = writeln!(out, "status = {}", quoted(form.status.as_str()));
        if let Some(y) = form.from {
            let _ = writeln!(out, "from = {y}");
        }
        if let Some(y) = form.until {
            let _ = writeln!(out, "until = {y}");
        }
        if let Some(note) = &form.note {
            let _ = writeln!(out, "note = {}", quoted(note));
        }
    }
    out
}

/// Writes `imported` into `dir` (created if missing): `sources.toml` naming `source_title`, and
/// one `ID.toml` per entry. Returns the files written.
///
/// # Errors
///
/// [`ImportError::Write`] naming the file when a file cannot be written, when `dir` already holds
/// one of the files (nothing is overwritten), or when an entry id cannot be a file name.
pub fn write_dir(
    imported: &Imported,
    dir: &Path,
    source_title: &str,
) -> Result<Vec<PathBuf>, ImportError> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = vec![(
        dir.join("sources.toml"),
        format!(
            "# The termbase these entries were imported from.\n[{SOURCE_KEY}]\ntitle = {}\n",
            quoted(source_title)
        ),
    )];
    for entry in &imported.entries {
        let safe = !entry.id.is_empty()
            && entry
                .id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !entry.id.starts_with('.');
        if !safe {
            return Err(ImportError::Syntax {
                file: source_title.to_owned(),
                line: entry.line,
                column: 1,
                message: format!(
                    "the entry id {:?} cannot be a file name: use letters, digits, '-', '_' and '.'",
                    entry.id
                ),
            });
        }
        files.push((dir.join(format!("{}.toml", entry.id)), entry_toml(entry)));
    }
    for (path, _) in &files {
        if path.exists() {
            return Err(Error::io(
                path,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "the file exists; import into an empty directory",
                ),
            )
            .into());
        }
    }
    for (path, text) in &files {
        crate::atomic::write_with(path, |out| out.write_all(text.as_bytes()))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
