//! `tilmach normalize`: the key pipeline, one line at a time.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::Failure;
use crate::args::{Global, NormalizeArgs};
use crate::input::stream_lines;

/// Runs `normalize`.
pub fn run(global: &Global, args: &NormalizeArgs) -> Result<ExitCode, Failure> {
    let step = |text: &str, out: &mut Vec<u8>| {
        let done = if args.key {
            tilmach::key::key(text)
        } else if args.latin {
            tilmach::key::latin_key(text)
        } else if args.skeleton {
            tilmach::key::skeleton(text)
        } else {
            tilmach::normalize::normalize(text).into_owned()
        };
        out.extend_from_slice(done.as_bytes());
        out.push(b'\n');
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.text.is_empty() {
        stream_lines(
            io::stdin().lock(),
            "<stdin>",
            args.lossy,
            global.stream(),
            |_, line, buf, _: &mut ()| {
                step(line, buf);
                Ok(())
            },
            &mut out,
            |()| {},
        )?;
    } else {
        let mut buf = Vec::new();
        for text in &args.text {
            step(text, &mut buf);
        }
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
