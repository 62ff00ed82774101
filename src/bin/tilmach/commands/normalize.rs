//! `tilmach normalize`: the key pipeline, one line at a time.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::Failure;
use crate::args::NormalizeArgs;
use crate::input::for_each_line;

/// Runs `normalize`.
pub fn run(args: &NormalizeArgs) -> Result<ExitCode, Failure> {
    let step = |text: &str| -> String {
        if args.key {
            tilmach::key::key(text)
        } else if args.latin {
            tilmach::key::latin_key(text)
        } else if args.skeleton {
            tilmach::key::skeleton(text)
        } else {
            tilmach::normalize::normalize(text).into_owned()
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.text.is_empty() {
        let stdin = io::stdin();
        for_each_line(stdin.lock(), "<stdin>", args.lossy, |_, line| {
            writeln!(out, "{}", step(line))?;
            Ok(())
        })?;
    } else {
        for text in &args.text {
            writeln!(out, "{}", step(text))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
