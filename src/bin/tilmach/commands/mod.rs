//! One module per command, each a `run` function over the library, and the loading of the
//! glossaries and indexes the global options name.

pub mod annotate;
pub mod check;
pub mod expand;
pub mod export;
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
use tilmach::{Glossary, GlossaryBuilder};

use crate::Failure;
use crate::args::Global;

/// The glossary the global options describe: the embedded one (unless `--no-default`) with the
/// `--glossary` directories layered over it. Says once on stderr which entries were replaced.
pub fn glossary(global: &Global) -> Result<Cow<'static, Glossary>, Failure> {
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

/// Loads what the global options name.
pub fn catalog(global: &Global) -> Result<Catalog, Failure> {
    let mut catalog = Catalog {
        glossaries: Vec::new(),
        names: None,
    };
    if !global.no_default || !global.glossaries.is_empty() || global.index.is_none() {
        catalog.glossaries.push(glossary(global)?);
    }
    if let Some(path) = &global.index {
        let bytes = IndexBytes::map_file(path)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        let index = Index::open_trusted(bytes.clone()).map_err(tilmach::Error::from)?;
        if index.payload().is_empty() {
            catalog.names = Some(index);
        } else {
            // Verified whole by map_file; opening it again only reads the header.
            catalog
                .glossaries
                .push(Cow::Owned(Glossary::from_index(bytes, false)?));
        }
    }
    Ok(catalog)
}
