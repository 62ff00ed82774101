//! `tilmach check`: load glossary directories and report every problem, located.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::{Error, GlossaryBuilder, Problem};

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
    let mut report = json!({
        "dirs": dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>(),
    });
    if let Some(path) = &global.index {
        // What `check` can say of an index file: whether it opens with every check.
        let (what, kind, n) = match super::open_index(path)? {
            super::Opened::Glossary(g) => ("a glossary index", "glossary", g.len()),
            super::Opened::Names(index) => ("a name index", "names", index.entries()),
        };
        if args.json {
            report["index"] =
                json!({"file": path.display().to_string(), "kind": kind, "entries": n});
        } else {
            writeln!(
                out.raw(),
                "{}: {what} of {n} entries, no problems",
                path.display()
            )?;
        }
        if dirs.is_empty() && global.no_default {
            if args.json {
                report["entries"] = Value::Null;
                report["problems"] = json!([]);
                out.json_pretty(&report)?;
            }
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
    let (counts, problems) = match builder.build_checked() {
        Ok((glossary, findings)) => (Some(Counts::of(&glossary, global.no_default)), findings),
        Err(Error::Glossary(problems)) => (None, problems.0),
        Err(other) => return Err(other.into()),
    };
    if args.json {
        report["entries"] = counts.as_ref().map_or(Value::Null, Counts::json);
        report["problems"] = problems.iter().map(problem_json).collect();
        out.json_pretty(&report)?;
    } else if problems.is_empty() {
        if let Some(counts) = &counts {
            writeln!(out.raw(), "{what}: {counts}, no problems")?;
        }
    } else {
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
    }
    out.flush()?;
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let n = problems.len();
    eprintln!(
        "tilmach: {what}: {n} problem{}",
        if n == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(1))
}

/// A problem as JSON: `{file, line, column, message, hint}` (`null` where unknown).
fn problem_json(problem: &Problem) -> Value {
    let location = problem.location.as_ref();
    json!({
        "file": location.map(|l| l.file.display().to_string()),
        "line": location.map(|l| l.line),
        "column": location.map(|l| l.column),
        "message": problem.message,
        "hint": problem.hint,
    })
}

/// How many entries a checked glossary has, and whose.
struct Counts {
    /// Every entry.
    total: usize,
    /// The entries of the checked directories.
    own: usize,
    /// How many of those replace an embedded entry with the same id.
    replacing: usize,
    /// Whether the embedded glossary is part of it.
    with_embedded: bool,
}

impl Counts {
    fn of(glossary: &tilmach::Glossary, no_default: bool) -> Counts {
        let total = glossary.len();
        if no_default {
            return Counts {
                total,
                own: total,
                replacing: 0,
                with_embedded: false,
            };
        }
        let embedded_all = tilmach::Glossary::embedded().len();
        // User entries with an embedded entry's id replace it rather than add to the total.
        let replacing = glossary.replacements().len();
        Counts {
            total,
            own: (total + replacing).saturating_sub(embedded_all),
            replacing,
            with_embedded: true,
        }
    }

    fn embedded(&self) -> usize {
        self.total.saturating_sub(self.own)
    }

    fn json(&self) -> Value {
        json!({
            "total": self.total,
            "own": self.own,
            "embedded": self.embedded(),
            "replacing": self.replacing,
        })
    }
}

impl std::fmt::Display for Counts {
    /// "1 entry of its own, 540 embedded (541 in all)", or "3 entries" without the embedded
    /// glossary.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = |n: usize| format!("{n} entr{}", if n == 1 { "y" } else { "ies" });
        if !self.with_embedded {
            return f.write_str(&entries(self.total));
        }
        if self.own == 0 {
            return write!(f, "{} (all embedded)", entries(self.total));
        }
        let replacing = match self.replacing {
            0 => String::new(),
            1 => ", 1 of them replacing an embedded entry".to_owned(),
            n => format!(", {n} of them replacing embedded entries"),
        };
        write!(
            f,
            "{} of its own{replacing}, {} embedded ({} in all)",
            entries(self.own),
            self.embedded(),
            self.total
        )
    }
}
