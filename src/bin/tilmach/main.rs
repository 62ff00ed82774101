//! The `tilmach` command-line tool: glue over the library.
//!
//! `main` parses the command line, `run` turns it into library calls, and every failure comes back
//! as a [`Failure`] that is printed once, with exit status 2. Commands themselves return 0 (found)
//! or 1 (nothing found, or findings). A closed standard output (`tilmach list | head`) ends the
//! program quietly.

mod args;
mod commands;
mod input;
mod output;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors, with a hint, to
            // stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("tilmach: {failure}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let global = &cli.global;
    match &cli.command {
        Command::Lookup(args) => commands::lookup::run(global, args),
        Command::Show(args) => commands::show::run(global, args),
        Command::List(args) => commands::list::run(global, args),
        Command::Check(args) => commands::check::run(global, args),
        Command::Translit(args) => {
            commands::no_index(global, "translit")?;
            commands::translit::run(global, args)
        }
        Command::Schemes(args) => {
            commands::no_index(global, "schemes")?;
            commands::translit::schemes(global, args)
        }
        Command::Normalize(args) => {
            commands::no_index(global, "normalize")?;
            commands::normalize::run(global, args)
        }
        Command::Index(args::IndexCommand::Build(args)) => {
            commands::no_index(global, "index build")?;
            commands::index::build(global, args)
        }
        Command::Annotate(args) => commands::annotate::run(global, args),
        Command::Lint(args) => commands::lint::run(global, args),
        Command::Expand(args) => commands::expand::run(global, args),
        Command::Export(args) => commands::export::run(global, args),
        Command::Completions(args) => commands::generate::completions(args.shell),
        Command::Man => commands::generate::man(),
        Command::Import(args) => commands::import::run(args),
    }
}

/// Why a command could not run: printed once, exit status 2.
#[derive(Debug)]
pub enum Failure {
    /// The library refused (a broken glossary, an unknown id or value, a bad file).
    Tilmach(tilmach::Error),
    /// Reading input or writing output failed.
    Io(io::Error),
    /// Input that cannot be processed, with where and what to do.
    Input(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Tilmach(e) => write!(f, "{e}"),
            Failure::Io(e) => write!(f, "{e}"),
            Failure::Input(message) => f.write_str(message),
        }
    }
}

impl From<tilmach::Error> for Failure {
    fn from(e: tilmach::Error) -> Failure {
        Failure::Tilmach(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}
