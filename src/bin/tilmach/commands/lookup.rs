//! `tilmach lookup`: find entries by any of their forms, in any script, even misspelt.

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::glossary::{Found, IndexBytes};
use tilmach::index::Index;
use tilmach::lookup::{Fuzzy, Hit, SearchOptions, Stage};
use tilmach::{LangTag, Status};

use crate::Failure;
use crate::args::{Global, LookupArgs};
use crate::commands::{Catalog, catalog};
use crate::input::for_each_line;
use crate::output::{self, Out, Style};

/// One answer to a query: an entry of a glossary, or an entry of a name index.
enum Answer<'c> {
    Entry(Found<'c>),
    Name {
        index: &'c Index<IndexBytes>,
        hit: Hit,
    },
}

impl Answer<'_> {
    fn rank(&self) -> (Stage, u8, Status, bool) {
        match self {
            Answer::Entry(f) => (f.stage, f.distance, f.form.status, f.form.is_derived()),
            Answer::Name { index, hit } => {
                let record = index.record(hit.form).ok();
                (
                    hit.stage,
                    hit.distance,
                    record.map_or(Status::Misspelling, |r| r.status),
                    record.is_some_and(|r| r.derived),
                )
            }
        }
    }

    fn id(&self) -> String {
        match self {
            Answer::Entry(f) => f.entry.id.clone(),
            Answer::Name { index, hit } => index
                .record(hit.form)
                .map(|r| r.entry_id.to_owned())
                .unwrap_or_default(),
        }
    }
}

/// Looks `query` up in everything the catalog holds, best first, at most `options.limit` entries.
fn find<'c>(
    catalog: &'c Catalog,
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<Answer<'c>>, tilmach::Error> {
    let mut results = Vec::new();
    for glossary in &catalog.glossaries {
        results.extend(
            glossary
                .search(query, options)?
                .into_iter()
                .map(Answer::Entry),
        );
    }
    if let Some(index) = &catalog.names {
        results.extend(
            index
                .search(query, options)?
                .into_iter()
                .map(|hit| Answer::Name { index, hit }),
        );
    }
    if catalog.glossaries.len() + usize::from(catalog.names.is_some()) > 1 {
        // Stable: among equal ranks, earlier sources (the embedded glossary first) win.
        results.sort_by_key(Answer::rank);
        let mut seen = std::collections::HashSet::new();
        results.retain(|r| seen.insert(r.id()));
        results.truncate(options.limit);
    }
    Ok(results)
}

fn result_json(result: &Answer<'_>) -> Value {
    match result {
        Answer::Entry(found) => json!({
            "id": found.entry.id,
            "kind": found.entry.kind.as_str(),
            "score": found.score,
            "match": {
                "stage": found.stage.as_str(),
                "form": { "text": found.form.text, "lang": found.form.lang.as_str() },
                "distance": found.distance,
            },
            "gloss": found.entry.gloss_en(),
            "forms": found.entry.forms.iter().map(output::form_json).collect::<Vec<_>>(),
        }),
        Answer::Name { index, hit } => {
            let matched = index.record(hit.form).ok();
            let forms: Vec<Value> = index
                .entry_forms(hit.entry)
                .map(|range| range.filter_map(|f| index.record(f).ok()).collect::<Vec<_>>())
                .unwrap_or_default()
                .iter()
                .map(|r| json!({ "text": r.text, "lang": r.lang, "status": r.status.as_str(), "derived": r.derived }))
                .collect();
            json!({
                "id": matched.map(|r| r.entry_id),
                "kind": null,
                "score": hit.score,
                "match": {
                    "stage": hit.stage.as_str(),
                    "form": { "text": matched.map(|r| r.text), "lang": matched.map(|r| r.lang) },
                    "distance": hit.distance,
                },
                "forms": forms,
            })
        }
    }
}

/// Runs `lookup`.
pub fn run(global: &Global, args: &LookupArgs) -> Result<ExitCode, Failure> {
    let catalog = catalog(global)?;
    let lang = args
        .lang
        .as_deref()
        .map(|tag| LangTag::parse_range(tag).map_err(|e| Failure::Input(format!("--lang: {e}"))))
        .transpose()?;
    if let Some(warning) = lang
        .as_ref()
        .and_then(|l| l.unknown_warning(catalog.languages().iter().map(String::as_str)))
    {
        eprintln!("tilmach: warning: --lang: {warning}");
    }
    let fuzzy: Fuzzy = args
        .fuzzy
        .parse()
        .map_err(|e: tilmach::Error| Failure::Input(format!("--fuzzy: {e}")))?;
    let options = SearchOptions {
        fuzzy,
        prefix: args.prefix,
        lang,
        limit: args.limit,
        ..SearchOptions::default()
    };
    let mut out = Out::stdout(global.color);
    let mut any = false;
    let mut failed = 0usize;
    if args.queries.is_empty() {
        let stdin = io::stdin();
        for_each_line(stdin.lock(), "<stdin>", args.lossy, |number, query| {
            match find(&catalog, query, &options) {
                Ok(results) => {
                    any |= !results.is_empty();
                    out.json_line(&json!({ "query": query, "hits": results.iter().map(result_json).collect::<Vec<_>>() }))?;
                }
                // A refused query (too long, beyond the fuzzy work budget) is reported on its own
                // line, and the batch goes on.
                Err(e) => {
                    failed += 1;
                    out.json_line(
                        &json!({ "query": query, "line": number, "error": e.to_string(), "hits": [] }),
                    )?;
                }
            }
            Ok(())
        })?;
        if failed > 0 {
            // Every line was answered; the status says that some of the answers are errors.
            out.flush()?;
            eprintln!(
                "tilmach: {failed} input line{} could not be searched (see the \"error\" field of {}); exit status 2",
                if failed == 1 { "" } else { "s" },
                if failed == 1 {
                    "its output line"
                } else {
                    "their output lines"
                }
            );
            return Ok(ExitCode::from(2));
        }
    } else {
        for query in &args.queries {
            let results = find(&catalog, query, &options)?;
            any |= !results.is_empty();
            if args.json {
                out.json_pretty(&json!({ "query": query, "hits": results.iter().map(result_json).collect::<Vec<_>>() }))?;
            } else {
                human(&mut out, query, &results)?;
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

fn human(out: &mut Out, query: &str, results: &[Answer<'_>]) -> io::Result<()> {
    if results.is_empty() {
        out.styled(Style::Warn, &format!("no entry found for {query:?}"))?;
        return out.raw().write_all(b"\n");
    }
    for result in results {
        match result {
            Answer::Entry(found) => {
                out.styled(Style::Head, &found.entry.id)?;
                out.styled(Style::Dim, &format!("  {}  ", found.entry.kind))?;
                writeln!(out.raw(), "{}", found.entry.gloss_en())?;
                matched_line(
                    out,
                    &found.form.text,
                    found.form.lang.as_str(),
                    found.stage,
                    found.distance,
                )?;
                let forms: Vec<&tilmach::Form> = found.entry.forms.iter().collect();
                output::forms_table(out, &forms, "    ")?;
            }
            Answer::Name { index, hit } => {
                let Ok(record) = index.record(hit.form) else {
                    continue;
                };
                out.styled(Style::Head, record.entry_id)?;
                out.styled(Style::Dim, "  (name index)\n")?;
                matched_line(out, record.text, record.lang, hit.stage, hit.distance)?;
                for form in index.entry_forms(hit.entry).map_err(io::Error::other)? {
                    let Ok(r) = index.record(form) else { continue };
                    out.raw().write_all(b"    ")?;
                    out.cell(Style::Dim, r.lang, 10)?;
                    out.cell(Style::Head, r.text, 24)?;
                    out.styled(Style::Dim, r.status.as_str())?;
                    out.raw().write_all(b"\n")?;
                }
            }
        }
    }
    Ok(())
}

fn matched_line(
    out: &mut Out,
    text: &str,
    lang: &str,
    stage: Stage,
    distance: u8,
) -> io::Result<()> {
    out.raw().write_all(b"  matched ")?;
    out.cell(Style::Match, text, 0)?;
    write!(out.raw(), " ({lang}), {stage}")?;
    if distance > 0 {
        write!(
            out.raw(),
            ", {distance} edit{}",
            if distance == 1 { "" } else { "s" }
        )?;
    }
    out.raw().write_all(b"\n")
}
