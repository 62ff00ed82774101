//! `tilmach export`: the glossary in TBX-Basic, CSV, JSON or Solr synonym format.

use std::io::{self, Write};
use std::process::ExitCode;

use tilmach::export::{ExportError, Format, export, write_atomically};

use crate::Failure;
use crate::args::{ExportArgs, ExportFormat, Global};
use crate::commands::glossary;

impl From<ExportError> for Failure {
    fn from(e: ExportError) -> Failure {
        match e {
            ExportError::Io(e) => Failure::Io(e),
            ExportError::Unrepresentable(message) => Failure::Input(message),
        }
    }
}

/// Runs `export`.
pub fn run(global: &Global, args: &ExportArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let format = match args.format {
        ExportFormat::Tbx => Format::Tbx,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::CsvConcepts => Format::CsvConcepts,
        ExportFormat::Json => Format::Json,
        ExportFormat::SolrSynonyms => Format::SolrSynonyms,
    };
    match &args.output {
        Some(path) => write_atomically(path, |out| -> Result<(), Failure> {
            export(&glossary, format, out).map_err(|e| match e {
                ExportError::Io(io) => Failure::Tilmach(tilmach::Error::io(path, io)),
                other => Failure::from(other),
            })
        })?,
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            export(&glossary, format, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
