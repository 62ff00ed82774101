//! `tilmach import`: a termbase written as a glossary directory, with every field it cannot map
//! reported on standard error.

use std::process::ExitCode;

use tilmach::import::{ImportError, import_csv, import_tbx, write_dir};

use crate::Failure;
use crate::args::{ImportArgs, ImportFormat};

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Failure {
        match e {
            ImportError::Write(e) => Failure::Tilmach(e),
            other => Failure::Input(other.to_string()),
        }
    }
}

/// Runs `import`.
pub fn run(args: &ImportArgs) -> Result<ExitCode, Failure> {
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::Tilmach(tilmach::Error::io(&args.file, e)))?;
    let imported = match args.from {
        ImportFormat::Tbx => import_tbx(&text, &name)?,
        ImportFormat::Csv => import_csv(&text, &name)?,
    };
    let files = write_dir(&imported, &args.output, &name)?;
    for unmapped in &imported.unmapped {
        eprintln!("{name}:{}: not imported: {}", unmapped.line, unmapped.what);
    }
    eprintln!(
        "{} entries written to {} ({} files); {} fields not imported; {} derived forms left for the rules to compute",
        imported.entries.len(),
        args.output.display(),
        files.len(),
        imported.unmapped.len(),
        imported.derived
    );
    Ok(ExitCode::SUCCESS)
}
