//! `tilmach index build`: an index file from glossary directories and TSV name tables.

use std::io::Write;
use std::process::ExitCode;

use crate::Failure;
use crate::args::{Global, IndexBuildArgs};

/// Runs `index build`: [`tilmach::index::build_file_on`] over the inputs (directories are
/// glossaries, files are name tables) on `--threads` threads, then a summary on stderr.
pub fn build(global: &Global, args: &IndexBuildArgs) -> Result<ExitCode, Failure> {
    let threads = global.threads.map(usize::from);
    let built = tilmach::index::build_file_on(&args.inputs, &args.output, threads)?;
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
