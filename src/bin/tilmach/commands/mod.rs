//! One module per command, each a `run` function over the library.

pub mod annotate;
pub mod check;
pub mod expand;
pub mod export;
pub mod lint;
pub mod list;
pub mod lookup;
pub mod show;

use tilmach::{Glossary, GlossaryBuilder};

use crate::Failure;
use crate::args::Global;

/// The glossary the global options describe: the embedded one (unless `--no-default`) with the
/// `--glossary` directories layered over it. Says once on stderr which entries were replaced.
pub fn glossary(global: &Global) -> Result<Glossary, Failure> {
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
    Ok(glossary)
}
