//! `tilmach expand`: every form of the entry a query names, for a confident match only.

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::Glossary;
use tilmach::lookup::SearchOptions;
use tilmach::text::expand::{Expansion, expand_with};

use crate::Failure;
use crate::args::{ExpandArgs, Global};
use crate::commands::glossary;
use crate::commands::lookup::search_options;
use crate::input::for_each_line;
use crate::output::{self, Out, Style};

/// The JSON of one expansion (or of a query that names no entry with confidence).
fn expansion_json(query: &str, x: Option<&Expansion<'_>>) -> Value {
    match x {
        None => json!({"query": query, "id": null, "match": null, "forms": [], "terms": []}),
        Some(x) => json!({
            "query": query,
            "id": x.entry.id,
            "kind": x.entry.kind.as_str(),
            "match": {
                "stage": x.stage.as_str(),
                "score": x.score,
                "distance": x.distance,
                "form": {"text": x.matched.text, "lang": x.matched.lang.as_str()},
            },
            "forms": x.forms.iter().map(|f| output::form_json(f)).collect::<Vec<_>>(),
            "terms": x.terms,
        }),
    }
}

/// Runs `expand`.
pub fn run(global: &Global, args: &ExpandArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let options = search_options(&args.confidence, None, "auto")?;
    let mut out = Out::stdout(global.color);
    let mut all = true;
    if args.queries.is_empty() {
        let stdin = io::stdin();
        for_each_line(stdin.lock(), "<stdin>", args.lossy, |number, query| {
            match expand_with(&glossary, query, &options) {
                Ok(x) => {
                    all &= x.is_some();
                    out.json_line(&expansion_json(query, x.as_ref()))?;
                }
                // A refused query is reported on its own line, and the batch goes on.
                Err(e) => {
                    all = false;
                    out.json_line(&json!({"query": query, "line": number, "error": e.to_string(), "id": null}))?;
                }
            }
            Ok(())
        })?;
    } else {
        for query in &args.queries {
            all &= one(&mut out, &glossary, query, &options, args.json)?;
        }
    }
    out.flush()?;
    Ok(if all {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Expands one query given on the command line; whether it named an entry.
fn one(
    out: &mut Out,
    glossary: &Glossary,
    query: &str,
    options: &SearchOptions,
    json: bool,
) -> Result<bool, Failure> {
    let x = expand_with(glossary, query, options)?;
    if json {
        out.json_line(&expansion_json(query, x.as_ref()))?;
        return Ok(x.is_some());
    }
    let Some(x) = x else {
        eprintln!(
            "tilmach: no entry matches {query:?} with confidence (try lookup --min-score 0 to see weaker matches)"
        );
        return Ok(false);
    };
    out.styled(Style::Head, &x.entry.id)?;
    out.styled(Style::Dim, &format!("  {}\n", x.entry.kind))?;
    writeln!(
        out.raw(),
        "  matched {} ({}), {}, score {}",
        x.matched.text,
        x.matched.lang,
        x.stage,
        x.score
    )?;
    output::forms_table(out, &x.forms, "  ")?;
    writeln!(out.raw())?;
    Ok(true)
}
