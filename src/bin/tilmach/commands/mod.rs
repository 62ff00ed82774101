//! One module per command, each a `run` function over the library, and the loading of the
//! glossaries and indexes the global options name.

pub mod annotate;
pub mod check;
pub mod expand;
pub mod export;
pub mod generate;
pub mod import;
pub mod index;
pub mod lint;
pub mod list;
pub mod lookup;
pub mod normalize;
pub mod show;
pub mod translit;

use std::borrow::Cow;

use tilmach::glossary::IndexBytes;
use tilmach::index::Index;
use tilmach::{Glossary, GlossaryBuilder, LangTag};

use crate::Failure;
use crate::args::Global;

/// The glossary the global options describe: the embedded one (unless `--no-default`) with the
/// `--glossary` directories layered over it. Says once on stderr which entries were replaced.
///
/// With `--index FILE`, the glossary the index file carries, which must then be the only one
/// named: a command over one glossary cannot layer an index file's glossary over others, and a
/// name index (built from name tables) holds names, not entries. Both are refused with an
/// explanation rather than answered from the other glossaries.
pub fn glossary(global: &Global) -> Result<Cow<'static, Glossary>, Failure> {
    if let Some(path) = &global.index {
        if !global.no_default || !global.glossaries.is_empty() {
            return Err(Failure::Input(format!(
                "--index {}: this command works on one glossary, and only `lookup` searches an index file together with the embedded glossary or --glossary directories; add --no-default and leave out --glossary to use the index file's glossary",
                path.display()
            )));
        }
        return match open_index(path)? {
            Opened::Glossary(glossary) => Ok(Cow::Owned(*glossary)),
            Opened::Names(_) => Err(Failure::Input(format!(
                "--index {}: this is a name index (built from name tables): it holds names, not glossary entries, so only `lookup` can search it; build the index from glossary directories to use it here",
                path.display()
            ))),
        };
    }
    layered(global)
}

/// The embedded glossary (unless `--no-default`) with the `--glossary` directories over it,
/// whatever `--index` says.
fn layered(global: &Global) -> Result<Cow<'static, Glossary>, Failure> {
    if global.glossaries.is_empty() && !global.no_default {
        // The embedded glossary as it is: decoded once, its index prebuilt.
        return Ok(Cow::Borrowed(Glossary::embedded()));
    }
    let mut builder = GlossaryBuilder::new().embedded(!global.no_default);
    for dir in &global.glossaries {
        builder = builder.dir(dir);
    }
    let glossary = builder.build()?;
    let replaced = glossary.replacements();
    if !replaced.is_empty() && !global.no_default {
        let ids: Vec<&str> = replaced.iter().take(5).map(|r| r.id.as_str()).collect();
        let more = if replaced.len() > 5 {
            format!(" and {} more", replaced.len() - 5)
        } else {
            String::new()
        };
        eprintln!(
            "tilmach: note: {} user entr{} replace{} embedded entries with the same id: {}{more}",
            replaced.len(),
            if replaced.len() == 1 { "y" } else { "ies" },
            if replaced.len() == 1 { "s" } else { "" },
            ids.join(", ")
        );
    }
    Ok(Cow::Owned(glossary))
}

/// Everything lookups search: glossaries (embedded, `--glossary`, and an `--index` file built
/// from glossaries) and name indexes (an `--index` file built from name tables).
pub struct Catalog {
    /// Glossaries, in the order their results win ties.
    pub glossaries: Vec<Cow<'static, Glossary>>,
    /// A name index without a glossary.
    pub names: Option<Index<IndexBytes>>,
}

impl Catalog {
    /// The language tags of every glossary and name index in the catalog.
    pub fn language_tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .glossaries
            .iter()
            .flat_map(|g| g.language_tags())
            .collect();
        if let Some(names) = &self.names {
            tags.extend(names.languages().map(str::to_owned));
        }
        tags.sort();
        tags.dedup();
        tags
    }
}

/// Loads what the global options name.
pub fn catalog(global: &Global) -> Result<Catalog, Failure> {
    let mut catalog = Catalog {
        glossaries: Vec::new(),
        names: None,
    };
    if !global.no_default || !global.glossaries.is_empty() || global.index.is_none() {
        catalog.glossaries.push(layered(global)?);
    }
    if let Some(path) = &global.index {
        match open_index(path)? {
            Opened::Names(index) => catalog.names = Some(*index),
            Opened::Glossary(glossary) => catalog.glossaries.push(Cow::Owned(*glossary)),
        }
    }
    Ok(catalog)
}

/// Checks a language option (`--lang`, `--target`) against the languages the catalog's
/// glossaries have forms in, so that a typo (`kz` for `kk`) is refused with a suggestion rather
/// than matching nothing. A name index (`--index` built from name tables) may hold any
/// language, so with one the check is left out.
pub fn check_language(flag: &str, tag: Option<&LangTag>, catalog: &Catalog) -> Result<(), Failure> {
    let Some(tag) = tag else { return Ok(()) };
    if catalog.names.is_some() {
        return Ok(());
    }
    let known: Vec<String> = catalog
        .glossaries
        .iter()
        .flat_map(|g| g.languages())
        .collect();
    tag.check_language(known.iter().map(String::as_str))
        .map_err(|e| Failure::Input(format!("{flag}: {e}")))?;
    // The language is known; a range that still matches no form (a script or region no form
    // has: kk-Cyrk) filters everything out: say so, with the nearest tag.
    let tags = catalog.language_tags();
    if let Some(warning) = tag.unknown_warning(tags.iter().map(String::as_str)) {
        eprintln!("tilmach: warning: {flag}: {warning}");
    }
    Ok(())
}

/// What an index file holds.
pub enum Opened {
    /// A glossary (the index was built from glossary directories).
    Glossary(Box<Glossary>),
    /// Names only (the index was built from name tables).
    Names(Box<Index<IndexBytes>>),
}

/// Reads an `--index` file into memory (so that overwriting it in place cannot disturb this
/// run) and opens it with every check: the index's structure and, for a glossary, every entry
/// of its payload, so that no entry can be missing from answers.
pub fn open_index(path: &std::path::Path) -> Result<Opened, Failure> {
    let located = |e: tilmach::Error| Failure::Input(format!("{}: {e}", path.display()));
    let bytes = IndexBytes::read_file(path).map_err(located)?;
    // The header alone says which kind of index it is; each kind is then opened verified (a
    // name index's fsts each on their first use, so that a batch of exact lookups checks one).
    let names = Index::open_trusted(bytes.clone())
        .map_err(|e| located(e.into()))?
        .payload()
        .is_empty();
    if names {
        Ok(Opened::Names(Box::new(
            Index::open_lazily(bytes).map_err(|e| located(e.into()))?,
        )))
    } else {
        Ok(Opened::Glossary(Box::new(
            Glossary::from_index(bytes, true).map_err(located)?,
        )))
    }
}

/// Refuses `--index` for a command that uses no glossary.
pub fn no_index(global: &Global, command: &str) -> Result<(), Failure> {
    match &global.index {
        Some(path) => Err(Failure::Input(format!(
            "--index {}: `{command}` uses no glossary or index; leave out --index",
            path.display()
        ))),
        None => Ok(()),
    }
}
