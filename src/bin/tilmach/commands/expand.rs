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
use crate::input::stream_lines;
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
        stream_lines(
            io::stdin().lock(),
            "<stdin>",
            args.lossy,
            global.stream_queries(),
            |number, query, buf, named: &mut Named| {
                named.0 &= batch_answer(&glossary, &options, number, query, buf)?;
                Ok(())
            },
            out.raw(),
            |named| all &= named.0,
        )?;
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

/// Whether every query of a block named an entry.
struct Named(bool);

impl Default for Named {
    fn default() -> Named {
        Named(true)
    }
}

/// Expands one query of a batch (input line `number`) as one line of JSON appended to `buf`;
/// whether it named an entry. A refused query is reported on its own line, and the batch goes on.
fn batch_answer(
    glossary: &Glossary,
    options: &SearchOptions,
    number: usize,
    query: &str,
    buf: &mut Vec<u8>,
) -> Result<bool, Failure> {
    let (line, named) = match expand_with(glossary, query, options) {
        Ok(x) => (expansion_json(query, x.as_ref()), x.is_some()),
        Err(e) => (
            json!({"query": query, "line": number, "error": e.to_string(), "id": null}),
            false,
        ),
    };
    serde_json::to_writer(&mut *buf, &line).map_err(io::Error::from)?;
    buf.push(b'\n');
    Ok(named)
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
