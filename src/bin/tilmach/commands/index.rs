//! `tilmach index build`: an index file from glossary directories and TSV name tables.

use std::io::Write;
use std::process::ExitCode;

use crate::Failure;
use crate::args::IndexBuildArgs;

/// Runs `index build`: [`tilmach::index::build_file`] over the inputs (directories are
/// glossaries, files are name tables), then a summary on stderr.
pub fn build(args: &IndexBuildArgs) -> Result<ExitCode, Failure> {
    let built = tilmach::index::build_file(&args.inputs, &args.output)?;
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    let mut err = std::io::stderr();
    writeln!(
        err,
        "tilmach: wrote {} ({size} bytes): {} entries, {} forms",
        args.output.display(),
        built.entries,
        built.forms
    )?;
    Ok(ExitCode::SUCCESS)
}
