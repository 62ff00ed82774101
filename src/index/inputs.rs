//! An index file from a mix of inputs: glossary directories and TSV name tables, the way
//! `tilmach index build` and the Python `Index.build` take them.
//!
//! Directories are glossaries (layered in order, without the embedded glossary), files are name
//! tables. An index of glossary directories only carries the whole glossary (glosses, notes,
//! sources) as its payload, so that [`Glossary::from_index`](crate::Glossary::from_index)
//! restores it; with name tables it keeps ids, languages, names and statuses.

use std::path::{Path, PathBuf};

use super::IndexBuilder;
use super::tsv::add_name_tables;
use crate::GlossaryBuilder;
use crate::{Error, Result};

/// What [`build_file`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Built {
    /// The number of entries indexed.
    pub entries: usize,
    /// The number of forms indexed.
    pub forms: usize,
}

/// Builds an index from `inputs` (directories are glossaries, other paths are name tables) and
/// writes it to `output` atomically.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let table = dir.path().join("names.tsv");
/// std::fs::write(&table, "ghulja\tkk-Cyrl\tҚұлжа\tpreferred\nghulja\tru\tКульджа\n")?;
/// let out = dir.path().join("names.idx");
/// let built = tilmach::index::build_file(&[&table], &out)?;
/// assert_eq!((built.entries, built.forms), (1, 2));
/// let index = tilmach::index::Index::open_file(&out)?;
/// assert_eq!(index.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Glossary`] for a glossary with problems, [`Error::Index`] for name tables with
/// problems (every one located) or an index that cannot be built, [`Error::Io`] when the file
/// cannot be written.
pub fn build_file<P: AsRef<Path>>(inputs: &[P], output: impl AsRef<Path>) -> Result<Built> {
    build_file_on(inputs, output, None)
}

/// [`build_file`] with keys computed and fsts built on `threads` threads (`None`: one per core,
/// see [`IndexBuilder::threads`]). The file is the same whatever the number.
///
/// # Errors
///
/// As [`build_file`].
pub fn build_file_on<P: AsRef<Path>>(
    inputs: &[P],
    output: impl AsRef<Path>,
    threads: Option<usize>,
) -> Result<Built> {
    let output = output.as_ref();
    let (dirs, tables): (Vec<PathBuf>, Vec<PathBuf>) = inputs
        .iter()
        .map(|p| p.as_ref().to_path_buf())
        .partition(|p| p.is_dir());
    let glossary = if dirs.is_empty() {
        None
    } else {
        let mut builder = GlossaryBuilder::new().embedded(false);
        for dir in &dirs {
            builder = builder.dir(dir);
        }
        Some(builder.build()?)
    };
    if let (Some(glossary), true) = (&glossary, tables.is_empty()) {
        // Only glossaries: the index carries the whole glossary.
        crate::atomic::write(output, &glossary.to_index_bytes()?)
            .map_err(|e| Error::io(output, e))?;
        return Ok(Built {
            entries: glossary.len(),
            forms: glossary.entries().map(|e| e.forms.len()).sum(),
        });
    }
    let mut builder = match &glossary {
        Some(glossary) => glossary.index_builder()?,
        None => IndexBuilder::new(),
    };
    if let Some(threads) = threads {
        builder.threads(threads);
    }
    let table_entries = add_name_tables(&mut builder, &tables)?;
    builder.write_atomic(output)?;
    Ok(Built {
        entries: glossary.map_or(0, |g| g.len()) + table_entries,
        forms: builder.len(),
    })
}
