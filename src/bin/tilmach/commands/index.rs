//! `tilmach index build`: an index file from glossary directories and TSV name tables.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use tilmach::GlossaryBuilder;
use tilmach::index::{IndexBuilder, read_name_tables};

use crate::Failure;
use crate::args::IndexBuildArgs;

/// Runs `index build`. Directories are glossaries, files are name tables. An index of glossary
/// directories only carries the whole glossary (glosses, notes, sources) as its payload; with
/// name tables it keeps ids, languages, names and statuses.
pub fn build(args: &IndexBuildArgs) -> Result<ExitCode, Failure> {
    let (dirs, tables): (Vec<PathBuf>, Vec<PathBuf>) =
        args.inputs.iter().cloned().partition(|p| p.is_dir());
    let glossary = if dirs.is_empty() {
        None
    } else {
        let mut builder = GlossaryBuilder::new().embedded(false);
        for dir in &dirs {
            builder = builder.dir(dir);
        }
        Some(builder.build()?)
    };
    let (forms, entries) = if let (Some(glossary), true) = (&glossary, tables.is_empty()) {
        // Only glossaries: the index carries the whole glossary.
        write_atomic(&args.output, &glossary.to_index_bytes()?)?;
        (
            glossary.entries().map(|e| e.forms.len()).sum::<usize>(),
            glossary.len(),
        )
    } else {
        let rows = read_name_tables(&tables).map_err(tilmach::Error::from)?;
        let mut builder = match &glossary {
            Some(glossary) => glossary.index_builder()?,
            None => IndexBuilder::new(),
        };
        builder.add_rows(&rows).map_err(tilmach::Error::from)?;
        builder
            .write_atomic(&args.output)
            .map_err(tilmach::Error::from)?;
        (
            builder.len(),
            glossary.map_or(0, |g| g.len()) + count_ids(&rows),
        )
    };
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    let mut err = std::io::stderr();
    writeln!(
        err,
        "tilmach: wrote {} ({size} bytes): {entries} entries, {forms} forms",
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn count_ids(rows: &[tilmach::index::NameRow]) -> usize {
    rows.iter()
        .map(|r| r.entry.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// Writes `bytes` to `path` atomically.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    tilmach::atomic::write(path, bytes).map_err(|e| tilmach::Error::io(path, e).into())
}
