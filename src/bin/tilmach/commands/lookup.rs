//! `tilmach lookup`: find entries by any of their forms.

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::{Glossary, LangTag};

use crate::Failure;
use crate::args::{Global, LookupArgs};
use crate::commands::glossary;
use crate::input::for_each_line;
use crate::output::{self, Out, Style};

/// One entry found for a query, with the form that matched.
struct Found<'g> {
    entry: &'g tilmach::Entry,
    form: &'g tilmach::Form,
}

fn find<'g>(
    glossary: &'g Glossary,
    query: &str,
    lang: Option<&LangTag>,
    limit: usize,
) -> Vec<Found<'g>> {
    let mut found: Vec<Found<'g>> = Vec::new();
    for at in glossary.find_exact(query) {
        let Some((entry, form)) = glossary.form(at) else {
            continue;
        };
        if lang.is_some_and(|lang| !form.lang.matches(lang)) {
            continue;
        }
        if found.iter().any(|f| f.entry.id == entry.id) {
            continue;
        }
        found.push(Found { entry, form });
    }
    found.truncate(limit);
    found
}

fn hit_json(found: &Found<'_>) -> Value {
    json!({
        "id": found.entry.id,
        "kind": found.entry.kind.as_str(),
        "score": 1.0,
        "match": {
            "stage": "exact",
            "form": { "text": found.form.text, "lang": found.form.lang.as_str() },
            "distance": 0,
        },
        "gloss": found.entry.gloss_en(),
        "forms": found.entry.forms.iter().map(output::form_json).collect::<Vec<_>>(),
    })
}

/// Runs `lookup`.
pub fn run(global: &Global, args: &LookupArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let lang = args
        .lang
        .as_deref()
        .map(|tag| LangTag::parse_range(tag).map_err(|e| Failure::Input(format!("--lang: {e}"))))
        .transpose()?;
    let mut out = Out::stdout(global.color);
    let mut any = false;
    if args.queries.is_empty() {
        let stdin = io::stdin();
        for_each_line(stdin.lock(), "<stdin>", args.lossy, |_, query| {
            let found = find(&glossary, query, lang.as_ref(), args.limit);
            any |= !found.is_empty();
            out.json_line(
                &json!({ "query": query, "hits": found.iter().map(hit_json).collect::<Vec<_>>() }),
            )?;
            Ok(())
        })?;
    } else {
        for query in &args.queries {
            let found = find(&glossary, query, lang.as_ref(), args.limit);
            any |= !found.is_empty();
            if args.json {
                out.json_pretty(&json!({ "query": query, "hits": found.iter().map(hit_json).collect::<Vec<_>>() }))?;
            } else {
                human(&mut out, query, &found)?;
            }
        }
    }
    out.flush()?;
    Ok(if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn human(out: &mut Out, query: &str, found: &[Found<'_>]) -> io::Result<()> {
    if found.is_empty() {
        out.styled(Style::Warn, &format!("no entry found for {query:?}"))?;
        return out.raw().write_all(b"\n");
    }
    for hit in found {
        out.styled(Style::Head, &hit.entry.id)?;
        out.styled(Style::Dim, &format!("  {}  ", hit.entry.kind))?;
        writeln!(out.raw(), "{}", hit.entry.gloss_en())?;
        out.raw().write_all(b"  matched ")?;
        out.cell(Style::Match, &hit.form.text, 0)?;
        writeln!(out.raw(), " ({}), exact", hit.form.lang)?;
        let forms: Vec<&tilmach::Form> = hit.entry.forms.iter().collect();
        output::forms_table(out, &forms, "    ")?;
    }
    Ok(())
}
