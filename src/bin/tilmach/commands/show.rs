//! `tilmach show`: one entry in full.

use std::io::Write;
use std::process::ExitCode;

use crate::Failure;
use crate::args::{Global, ShowArgs};
use crate::commands::glossary;
use crate::output::{self, Out, Style};

/// Runs `show`.
pub fn run(global: &Global, args: &ShowArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let entry = glossary.entry(&args.id)?;
    let mut out = Out::stdout(global.color);
    if args.json {
        out.json_pretty(&output::entry_json(&glossary, entry))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    out.styled(Style::Head, &entry.id)?;
    out.styled(Style::Dim, &format!("  {}\n", entry.kind))?;
    for (tag, gloss) in &entry.gloss {
        out.styled(Style::Dim, &format!("  {tag}: "))?;
        out.cell(Style::Dim, gloss, 0)?;
        out.raw().write_all(b"\n")?;
    }
    out.raw().write_all(b"forms:\n")?;
    let forms: Vec<&tilmach::Form> = entry.forms.iter().collect();
    output::forms_table(&mut out, &forms, "  ")?;
    if !entry.notes.is_empty() {
        out.raw().write_all(b"notes:\n")?;
        for note in &entry.notes {
            writeln!(out.raw(), "  - {note}")?;
        }
    }
    if !entry.see.is_empty() {
        writeln!(out.raw(), "see also: {}", entry.see.join(", "))?;
    }
    if !entry.homonyms.is_empty() {
        writeln!(out.raw(), "homonyms: {}", entry.homonyms.join(", "))?;
    }
    out.raw().write_all(b"sources:\n")?;
    for citation in &entry.sources {
        let title = glossary
            .sources()
            .get(&citation.source)
            .map_or("", |s| s.title.as_str());
        write!(out.raw(), "  [{}] {title}", citation.source)?;
        if let Some(quote) = &citation.quote {
            write!(out.raw(), ": “{quote}”")?;
        }
        out.raw().write_all(b"\n")?;
        let saw = entry.attested_forms(citation);
        if !saw.is_empty() {
            out.styled(Style::Dim, "    saw: ")?;
            for (i, form) in saw.iter().enumerate() {
                if i > 0 {
                    out.raw().write_all(b", ")?;
                }
                out.cell(Style::Match, &form.text, 0)?;
                write!(out.raw(), " ({})", form.lang)?;
            }
            out.raw().write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
