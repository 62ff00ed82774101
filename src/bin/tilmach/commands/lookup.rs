//! `tilmach lookup`: find entries by any of their forms, in any script, even misspelt.

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::LangTag;
use tilmach::glossary::IndexBytes;
use tilmach::index::Index;
use tilmach::lookup::{Answer, Fuzzy, SearchOptions, Sources, Stage};

use crate::Failure;
use crate::args::{Confidence, Global, LookupArgs};
use crate::commands::{Catalog, catalog};
use crate::input::stream_lines;
use crate::output::{self, Out, Style};

/// The sources the catalog holds, searched as one by the library.
fn sources(catalog: &Catalog) -> Sources<'_> {
    let mut sources = Sources::new();
    for glossary in &catalog.glossaries {
        sources = sources.glossary(glossary);
    }
    if let Some(index) = &catalog.names {
        sources = sources.names(index);
    }
    sources
}

/// The search options of `lookup` and `expand` from their arguments.
pub fn search_options(
    confidence: &Confidence,
    lang: Option<&str>,
    fuzzy: &str,
) -> Result<SearchOptions, Failure> {
    let lang = lang
        .map(|tag| {
            LangTag::parse_user_range(tag).map_err(|e| Failure::Input(format!("--lang: {e}")))
        })
        .transpose()?;
    let fuzzy: Fuzzy = fuzzy
        .parse()
        .map_err(|e: tilmach::Error| Failure::Input(format!("--fuzzy: {e}")))?;
    let mut options = SearchOptions {
        fuzzy,
        lang,
        exact: confidence.exact,
        ..SearchOptions::default()
    };
    if let Some(min) = confidence.min_score {
        if !(0.0..=1.0).contains(&min) {
            return Err(Failure::Input(format!(
                "--min-score: {min} is not a score; give a number from 0 to 1 (0 returns every match found)"
            )));
        }
        options.min_score = min;
    }
    Ok(options)
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
            let index: &Index<IndexBytes> = index;
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
    let sources = sources(&catalog);
    let mut options = search_options(&args.confidence, args.lang.as_deref(), &args.fuzzy)?;
    crate::commands::check_language("--lang", options.lang.as_ref(), &catalog)?;
    options.prefix = args.prefix;
    options.limit = args.limit;
    let mut out = Out::stdout(global.color);
    let mut any = false;
    let mut failed = 0usize;
    if args.queries.is_empty() {
        stream_lines(
            io::stdin().lock(),
            "<stdin>",
            args.lossy,
            global.stream_queries(),
            |number, query, buf, tally: &mut Tally| {
                let answered = batch_answer(&sources, &options, number, query, buf)?;
                tally.any |= answered == Some(true);
                tally.failed += usize::from(answered.is_none());
                Ok(())
            },
            out.raw(),
            |tally| {
                any |= tally.any;
                failed += tally.failed;
            },
        )?;
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
            let results = sources.search(query, &options)?;
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

/// What a block of batch queries found: whether any query had a hit, how many were refused.
#[derive(Default)]
struct Tally {
    any: bool,
    failed: usize,
}

/// Answers one query of a batch (input line `number`) as one line of JSON appended to `buf`:
/// whether it found anything, or `None` when the query was refused (too long, beyond the fuzzy
/// work budget), which is reported on its own line so that the batch goes on.
fn batch_answer(
    sources: &Sources<'_>,
    options: &SearchOptions,
    number: usize,
    query: &str,
    buf: &mut Vec<u8>,
) -> Result<Option<bool>, Failure> {
    let (line, found) = match sources.search(query, options) {
        Ok(results) => (
            json!({ "query": query, "hits": results.iter().map(result_json).collect::<Vec<_>>() }),
            Some(!results.is_empty()),
        ),
        Err(e) => (
            json!({ "query": query, "line": number, "error": e.to_string(), "hits": [] }),
            None,
        ),
    };
    serde_json::to_writer(&mut *buf, &line).map_err(io::Error::from)?;
    buf.push(b'\n');
    Ok(found)
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
