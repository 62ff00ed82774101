//! `tilmach lookup`: find entries by any of their forms, in any script, even misspelt.

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::{Value, json};
use tilmach::LangTag;
use tilmach::lookup::report::{self, Field, Fields};
use tilmach::lookup::{Answer, Fuzzy, SearchOptions, Sources, Stage};

use crate::Failure;
use crate::args::{Confidence, Global, LookupArgs, LookupFormat};
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

/// How `lookup` writes its answers, from its arguments: a format (`None`: the readable text),
/// the fields of a JSON hit and the language whose form to add.
pub struct Report {
    format: Option<LookupFormat>,
    fields: Fields,
    render: Option<LangTag>,
}

impl Report {
    /// The report the arguments ask for; contradictory ones are refused with what to do.
    pub fn new(args: &LookupArgs, catalog: &Catalog) -> Result<Report, Failure> {
        let format = args
            .format
            .or((args.json || args.queries.is_empty()).then_some(LookupFormat::Jsonl));
        let render = args
            .render
            .as_deref()
            .map(|tag| {
                LangTag::parse_user_range(tag).map_err(|e| Failure::Input(format!("--render: {e}")))
            })
            .transpose()?;
        crate::commands::check_language("--render", render.as_ref(), catalog)?;
        let json = matches!(format, Some(LookupFormat::Json | LookupFormat::Jsonl));
        if !args.fields.is_empty() && !json {
            return Err(Failure::Input(
                "--fields chooses what a JSON hit carries: use it with --json or --format json|jsonl (tsv and ids have fixed columns)".to_owned(),
            ));
        }
        let mut fields = if args.fields.is_empty() {
            Fields::default()
        } else {
            Fields::new(args.fields.iter().map(|f| f.0))
        };
        match (&render, fields.contains(Field::Render)) {
            (Some(_), _) => fields = fields.with(Field::Render),
            (None, true) if !args.fields.is_empty() => {
                return Err(Failure::Input(
                    "--fields render is the form to use in a language: give it with --render LANG"
                        .to_owned(),
                ));
            }
            (None, _) => {}
        }
        if render.is_some() && format == Some(LookupFormat::Ids) {
            return Err(Failure::Input(
                "--format ids writes ids only: leave out --render, or use --format tsv".to_owned(),
            ));
        }
        Ok(Report {
            format,
            fields,
            render,
        })
    }

    /// Writes what comes before the first answer: the TSV header, the opening of the JSON array.
    pub fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Some(LookupFormat::Tsv) => report::write_tsv_header(out),
            Some(LookupFormat::Json) => out.write_all(b"["),
            _ => Ok(()),
        }
    }

    /// Writes the answer to query number `n` (from 0) in a machine format.
    pub fn answer(
        &self,
        out: &mut dyn Write,
        n: usize,
        query: &str,
        answers: &[Answer<'_>],
    ) -> io::Result<()> {
        match self.format {
            Some(LookupFormat::Tsv) => report::write_tsv(out, query, answers, self.render.as_ref()),
            Some(LookupFormat::Ids) => report::write_ids(out, answers),
            _ => self.json(
                out,
                n,
                &report::query_json(query, answers, &self.fields, self.render.as_ref()),
            ),
        }
    }

    /// Writes the answer to query number `n` that the library refused (read from `line` of
    /// standard input, or given as an argument): in JSON an object with an `error` field; in TSV
    /// and ids the row of a query without hits, and the message for standard error is returned
    /// (so that a batch on several threads reports its errors in input order).
    pub fn refused(
        &self,
        out: &mut dyn Write,
        n: usize,
        query: &str,
        line: Option<usize>,
        error: &tilmach::Error,
    ) -> io::Result<Option<String>> {
        match self.format {
            Some(LookupFormat::Tsv | LookupFormat::Ids) => {
                self.answer(out, n, query, &[])?;
                Ok(Some(match line {
                    Some(line) => format!("tilmach: <stdin>:{line}: {error}"),
                    None => format!("tilmach: {query:?}: {error}"),
                }))
            }
            _ => {
                let mut value = json!({ "query": query, "error": error.to_string(), "hits": [] });
                if let Some(line) = line {
                    value["line"] = json!(line);
                }
                self.json(out, n, &value)?;
                Ok(None)
            }
        }
    }

    /// Writes what comes after the last answer: the end of the JSON array.
    pub fn end(&self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Some(LookupFormat::Json) => out.write_all(b"\n]\n"),
            _ => Ok(()),
        }
    }

    /// One query's JSON: a line of its own, and in the JSON array a comma before all but the
    /// first.
    fn json(&self, out: &mut dyn Write, n: usize, value: &Value) -> io::Result<()> {
        if self.format == Some(LookupFormat::Json) {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, value)?;
            return Ok(());
        }
        serde_json::to_writer(&mut *out, value)?;
        out.write_all(b"\n")
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
    let report = Report::new(args, &catalog)?;
    let mut out = Out::stdout(global.color);
    let mut any = false;
    let mut failed = 0usize;
    if report.format.is_none() {
        for query in &args.queries {
            let results = sources.search(query, &options)?;
            any |= !results.is_empty();
            human(&mut out, query, &results, report.render.as_ref())?;
        }
    } else {
        report.begin(out.raw())?;
        // Query number `n` (from 0, read from input line `line`), answered into `out`.
        let each = |out: &mut dyn Write,
                    tally: &mut Tally,
                    n: usize,
                    line: Option<usize>,
                    query: &str|
         -> io::Result<()> {
            match sources.search(query, &options) {
                Ok(results) => {
                    tally.any |= !results.is_empty();
                    report.answer(out, n, query, &results)
                }
                // A refused query (too long, beyond the fuzzy work budget) is reported in its
                // place, and the batch goes on.
                Err(e) => {
                    tally.failed += 1;
                    tally
                        .messages
                        .extend(report.refused(out, n, query, line, &e)?);
                    Ok(())
                }
            }
        };
        let mut merge = |tally: Tally| {
            any |= tally.any;
            failed += tally.failed;
            for message in tally.messages {
                eprintln!("{message}");
            }
        };
        if args.queries.is_empty() {
            stream_lines(
                io::stdin().lock(),
                "<stdin>",
                args.lossy,
                global.stream_queries(),
                |number, query, buf, tally: &mut Tally| {
                    Ok(each(buf, tally, number - 1, Some(number), query)?)
                },
                out.raw(),
                merge,
            )?;
        } else {
            for (n, query) in args.queries.iter().enumerate() {
                let mut tally = Tally::default();
                each(out.raw(), &mut tally, n, None, query)?;
                merge(tally);
            }
        }
        report.end(out.raw())?;
    }
    out.flush()?;
    if failed > 0 {
        // Every query was answered; the status says that some of the answers are errors.
        let (one, many) = if args.queries.is_empty() {
            ("input line", "input lines")
        } else {
            ("query", "queries")
        };
        let said = match report.format {
            Some(LookupFormat::Tsv | LookupFormat::Ids) => "each is reported above",
            _ if failed == 1 => "see the \"error\" field of its output",
            _ => "see the \"error\" field of their output",
        };
        eprintln!(
            "tilmach: {failed} {} could not be searched ({said}); exit status 2",
            if failed == 1 { one } else { many }
        );
        return Ok(ExitCode::from(2));
    }
    Ok(if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What a block of batch queries found: whether any query had a hit, how many were refused,
/// and the messages about them for standard error, in input order.
#[derive(Default)]
struct Tally {
    any: bool,
    failed: usize,
    messages: Vec<String>,
}

fn human(
    out: &mut Out,
    query: &str,
    results: &[Answer<'_>],
    render: Option<&LangTag>,
) -> io::Result<()> {
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
                render_line(out, result, render)?;
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
                render_line(out, result, render)?;
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

/// The line `--render` adds to an answer: the form to use in the language.
fn render_line(out: &mut Out, answer: &Answer<'_>, lang: Option<&LangTag>) -> io::Result<()> {
    let Some(lang) = lang else { return Ok(()) };
    write!(out.raw(), "  use in {lang}: ")?;
    match answer.best_form(lang) {
        Some(form) => {
            out.cell(Style::Match, form.text, 0)?;
            writeln!(out.raw(), " ({})", form.lang)
        }
        None => {
            out.styled(Style::Warn, "no form in this language")?;
            out.raw().write_all(b"\n")
        }
    }
}
