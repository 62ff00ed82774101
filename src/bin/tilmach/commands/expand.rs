//! `tilmach expand`: every form of the entry a query names.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;
use tilmach::text::expand::expand;

use crate::Failure;
use crate::args::{ExpandArgs, Global};
use crate::commands::glossary;
use crate::output::{self, Out, Style};

/// Runs `expand`.
pub fn run(global: &Global, args: &ExpandArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let mut out = Out::stdout(global.color);
    let Some(x) = expand(&glossary, &args.query)? else {
        if args.json {
            out.json_line(&json!({"query": args.query, "id": null, "forms": [], "terms": []}))?;
            out.flush()?;
        } else {
            eprintln!("tilmach: no entry has the form {:?}", args.query);
        }
        return Ok(ExitCode::from(1));
    };
    if args.json {
        out.json_pretty(&json!({
            "query": args.query,
            "id": x.entry.id,
            "kind": x.entry.kind.as_str(),
            "match": {"text": x.matched.text, "lang": x.matched.lang.as_str()},
            "forms": x.forms.iter().map(|f| output::form_json(f)).collect::<Vec<_>>(),
            "terms": x.terms,
        }))?;
    } else {
        out.styled(Style::Head, &x.entry.id)?;
        out.styled(Style::Dim, &format!("  {}\n", x.entry.kind))?;
        output::forms_table(&mut out, &x.forms, "  ")?;
        writeln!(out.raw())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
