//! `tilmach completions` and `tilmach man`: shell completion scripts and the manual page, both
//! generated from the one definition of the command line in `args.rs`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Failure;
use crate::args::Cli;

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: Shell) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut out = io::BufWriter::new(io::stdout().lock());
    clap_complete::generate(shell, &mut command, "tilmach", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page (section 1, roff) to standard output: the options, the commands with
/// their summaries, and the examples.
pub fn man() -> Result<ExitCode, Failure> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
