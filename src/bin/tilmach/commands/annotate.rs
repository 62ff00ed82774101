//! `tilmach annotate`: every glossary mention in text files, and the file scanning `lint` shares.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::text::read::{Position, ReadError, for_each_line};
use tilmach::text::{Annotator, How, Mention, Scratch};

use crate::Failure;
use crate::args::{AnnotateArgs, Global};
use crate::commands::glossary;
use crate::output::{Out, Style};

/// Why scanning one file stopped.
pub enum ScanError {
    /// The file could not be read: reported, and the other files are still scanned.
    Read(ReadError),
    /// Writing the output failed: everything stops.
    Out(io::Error),
}

impl From<ReadError> for ScanError {
    fn from(e: ReadError) -> ScanError {
        ScanError::Read(e)
    }
}

impl From<io::Error> for ScanError {
    fn from(e: io::Error) -> ScanError {
        ScanError::Out(e)
    }
}

/// Calls `each` with every line of every file (standard input for none or `-`), with the name to
/// show for the file. A file that cannot be opened or read is reported on standard error and the
/// others are still scanned; returns whether any file failed.
pub fn scan_files(
    files: &[PathBuf],
    lossy: bool,
    mut each: impl FnMut(&str, &str, &Position) -> io::Result<()>,
) -> Result<bool, Failure> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    let mut failed = false;
    for path in files {
        let name = if path == Path::new("-") {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        let result = if path == Path::new("-") {
            for_each_line(io::stdin().lock(), lossy, |line, pos| {
                each(&name, line, pos).map_err(ScanError::Out)
            })
        } else {
            match File::open(path) {
                Ok(file) => for_each_line(
                    BufReader::with_capacity(1 << 16, file),
                    lossy,
                    |line, pos| each(&name, line, pos).map_err(ScanError::Out),
                ),
                Err(e) => Err(ScanError::Read(ReadError::Io(e))),
            }
        };
        match result {
            Ok(()) => {}
            Err(ScanError::Read(e)) => {
                eprintln!("tilmach: {name}: {e}");
                failed = true;
            }
            Err(ScanError::Out(e)) => return Err(Failure::Io(e)),
        }
    }
    Ok(failed)
}

/// A mention as JSON (the shape documented in the README).
pub fn mention_json(file: &str, m: &Mention<'_, '_>) -> Value {
    let mut v = json!({
        "file": file,
        "line": m.line,
        "column": m.column,
        "start": m.start,
        "end": m.end,
        "char_start": m.char_start,
        "char_end": m.char_end,
        "text": m.text,
        "id": m.entry.id,
        "kind": m.entry.kind.as_str(),
        "form": {
            "text": m.form.text,
            "lang": m.form.lang.as_str(),
            "status": m.form.status.as_str(),
            "derived": m.form.is_derived(),
        },
        "match": m.how.as_str(),
    });
    if let How::Inflected { suffix, rules } = m.how {
        v["suffix"] = json!(suffix);
        v["rules"] = json!(rules);
    }
    if m.by_surname {
        v["by_surname"] = json!(true);
    }
    v
}

/// Runs `annotate`.
pub fn run(global: &Global, args: &AnnotateArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let annotator = Annotator::new(&glossary);
    let mut out = Out::stdout(global.color);
    let mut scratch = Scratch::default();
    let mut found = 0u64;
    let failed = scan_files(&args.files, args.lossy, |file, line, pos| {
        let mut result = Ok(());
        annotator.annotate_line(line, pos, &mut scratch, |m| {
            found += 1;
            if result.is_err() {
                return;
            }
            result = if args.json {
                out.json_line(&mention_json(file, &m))
            } else {
                write_human(&mut out, file, &m)
            };
        });
        result
    })?;
    out.flush()?;
    Ok(ExitCode::from(if failed {
        2
    } else if found == 0 {
        1
    } else {
        0
    }))
}

fn write_human(out: &mut Out, file: &str, m: &Mention<'_, '_>) -> io::Result<()> {
    out.styled(Style::Dim, &format!("{file}:{}:{}: ", m.line, m.column))?;
    out.cell(Style::Match, m.text, 0)?;
    out.raw().write_all(b"  ")?;
    out.styled(Style::Head, &m.entry.id)?;
    let surname = if m.by_surname { "surname of " } else { "" };
    let how = match m.how {
        How::Exact if !m.by_surname => String::new(),
        How::Exact | How::CaseFolded => {
            format!("  ({surname}{} {})", m.form.text, m.form.lang)
        }
        How::Inflected { suffix, rules } => {
            format!(
                "  ({surname}{} {} + {rules} -{suffix})",
                m.form.text, m.form.lang
            )
        }
    };
    let derived = if m.form.is_derived() { " derived" } else { "" };
    out.styled(Style::Dim, &format!("{how}{derived}"))?;
    out.raw().write_all(b"\n")
}
