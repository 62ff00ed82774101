//! `tilmach translit` and `tilmach schemes`.

use std::io::{self, Write};
use std::process::ExitCode;

use tilmach::translit::{KazakhLoans, Options, Scheme, SchemeInfo, Transliterator};

use crate::Failure;
use crate::args::{Global, SchemesArgs, TranslitArgs};
use crate::input::stream_lines;
use crate::output::{Out, Style};

/// Runs `translit`: each TEXT argument on its own line, or standard input line by line.
pub fn run(global: &Global, args: &TranslitArgs) -> Result<ExitCode, Failure> {
    let mut options = Options::new().hamza_between_vowels(!args.no_hamza_between_vowels);
    if args.simplified_loans {
        options = options.kazakh_loans(KazakhLoans::Simplified);
    }
    let transliterator =
        Transliterator::with_options(args.from.as_str(), args.to.as_str(), options)
            .map_err(tilmach::Error::from)?;
    let convert = |what: &dyn Fn() -> String, text: &str, out: &mut Vec<u8>| {
        if args.strict {
            let converted = transliterator
                .convert_strict(text)
                .map_err(|e| Failure::Input(format!("{}: {e}", what())))?;
            out.extend_from_slice(converted.as_bytes());
        } else {
            transliterator.convert_into(text, out);
        }
        out.push(b'\n');
        Ok::<(), Failure>(())
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.text.is_empty() {
        stream_lines(
            io::stdin().lock(),
            "<stdin>",
            args.lossy,
            global.stream(),
            |number, line, buf, _: &mut ()| convert(&|| format!("<stdin>:{number}"), line, buf),
            &mut out,
            |()| {},
        )?;
    } else {
        let mut buf = Vec::new();
        for (i, text) in args.text.iter().enumerate() {
            buf.clear();
            convert(&|| format!("argument {}", i + 1), text, &mut buf)?;
            out.write_all(&buf)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `schemes`.
pub fn schemes(global: &Global, args: &SchemesArgs) -> Result<ExitCode, Failure> {
    let mut out = Out::stdout(global.color);
    if args.json {
        for &s in Scheme::all() {
            out.json_line(&SchemeInfo::from(s))?;
        }
    } else {
        let width = Scheme::all()
            .iter()
            .map(|s| s.id().len())
            .max()
            .unwrap_or(0)
            + 2;
        for scheme in Scheme::all() {
            out.cell(Style::Head, scheme.id(), width)?;
            let directions = match (scheme.can_read(), scheme.can_write()) {
                (true, true) => "both ways",
                (true, false) => "read only",
                (false, true) => "write only",
                (false, false) => "—",
            };
            let kind = if scheme.is_pivot() {
                "pivot"
            } else if scheme.is_reversible() {
                "reversible"
            } else {
                "lossy"
            };
            out.cell(Style::Dim, &format!("{directions}, {kind}"), 24)?;
            writeln!(out.raw(), "{}", scheme.standard())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
