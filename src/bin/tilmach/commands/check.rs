//! `tilmach check`: load glossary directories and report every problem, located.

use std::io::Write;
use std::process::ExitCode;

use tilmach::{Error, GlossaryBuilder};

use crate::Failure;
use crate::args::{CheckArgs, Global};
use crate::output::{Out, Style};

/// Runs `check`: exit 0 when clean, 1 with problems, 2 when a directory cannot be read.
pub fn run(global: &Global, args: &CheckArgs) -> Result<ExitCode, Failure> {
    let dirs = if args.dirs.is_empty() {
        &global.glossaries
    } else {
        &args.dirs
    };
    let mut out = Out::stdout(global.color);
    if let Some(path) = &global.index {
        // What `check` can say of an index file: whether it opens with every check.
        let (what, n) = match super::open_index(path)? {
            super::Opened::Glossary(g) => ("a glossary index", g.len()),
            super::Opened::Names(index) => ("a name index", index.entries()),
        };
        writeln!(
            out.raw(),
            "{}: {what} of {n} entries, no problems",
            path.display()
        )?;
        if dirs.is_empty() && global.no_default {
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    let mut builder = GlossaryBuilder::new().embedded(!global.no_default);
    for dir in dirs {
        builder = builder.dir(dir);
    }
    let what = if dirs.is_empty() {
        "the embedded glossary".to_owned()
    } else {
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let problems = match builder.build_checked() {
        Ok((glossary, findings)) if findings.is_empty() => {
            writeln!(
                out.raw(),
                "{what}: {}, no problems",
                counts(&glossary, global.no_default)
            )?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        Ok((_, findings)) => findings,
        Err(Error::Glossary(problems)) => problems.0,
        Err(other) => return Err(other.into()),
    };
    for problem in &problems {
        match &problem.location {
            Some(location) => {
                out.styled(Style::Head, &location.to_string())?;
                write!(out.raw(), ": {}", problem.message)?;
            }
            None => write!(out.raw(), "{}", problem.message)?,
        }
        if let Some(hint) = &problem.hint {
            out.styled(Style::Dim, &format!("\n  hint: {hint}"))?;
        }
        out.raw().write_all(b"\n")?;
    }
    out.flush()?;
    let n = problems.len();
    eprintln!(
        "tilmach: {what}: {n} problem{}",
        if n == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(1))
}

/// How many entries the checked glossary has, and whose: "1 entry of its own, 540 embedded (541
/// in all)", or "3 entries" without the embedded glossary.
fn counts(glossary: &tilmach::Glossary, no_default: bool) -> String {
    let entries = |n: usize| format!("{n} entr{}", if n == 1 { "y" } else { "ies" });
    let total = glossary.len();
    if no_default {
        return entries(total);
    }
    let embedded_all = tilmach::Glossary::embedded().len();
    // User entries with an embedded entry's id replace it rather than add to the total.
    let replaced = glossary.replacements().len();
    let own = (total + replaced).saturating_sub(embedded_all);
    let embedded = total.saturating_sub(own);
    if own == 0 {
        return format!("{} (all embedded)", entries(total));
    }
    let replacing = if replaced > 0 {
        format!(
            ", {replaced} of them replacing {}",
            if replaced == 1 {
                "an embedded entry"
            } else {
                "embedded entries"
            }
        )
    } else {
        String::new()
    };
    format!(
        "{} of its own{replacing}, {embedded} embedded ({total} in all)",
        entries(own)
    )
}
