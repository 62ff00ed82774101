//! `tilmach lint`: the terminology check of a draft.

use std::convert::Infallible;
use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::json;
use tilmach::LangTag;
use tilmach::text::Annotator;
use tilmach::text::lint::{Finding, Linter};

use crate::Failure;
use crate::args::{Global, LintArgs};
use crate::commands::annotate::{Held, mention_json, scan_files};
use crate::commands::glossary;
use crate::output::{Out, Style};

/// Runs `lint`.
pub fn run(global: &Global, args: &LintArgs) -> Result<ExitCode, Failure> {
    let target = LangTag::parse_user_range(&args.target)
        .map_err(|e| Failure::Input(format!("--target: {e}")))?;
    let glossary = glossary(global)?;
    target
        .check_language(glossary.languages().iter().map(String::as_str))
        .map_err(|e| Failure::Input(format!("--target: {e}")))?;
    let tags = glossary.language_tags();
    if let Some(warning) = target.unknown_warning(tags.iter().map(String::as_str)) {
        eprintln!("tilmach: warning: --target: {warning}");
    }
    let annotator = Annotator::new(&glossary);
    let linter = Linter::new(&annotator, target, args.year);
    let mut out = Out::stdout(global.color);
    let (failed, findings) = scan_files(
        &args.files,
        args.lossy,
        global.stream(),
        &mut out,
        |file, line, pos, scratch, out, _: &mut Held<Infallible>| {
            let mut findings = 0u64;
            let mut result = Ok(());
            annotator.annotate_line(line, pos, scratch, |m| {
                let Some(finding) = linter.judge(m) else {
                    return;
                };
                findings += 1;
                if result.is_ok() {
                    result = if args.json {
                        out.json_line(&finding_json(file, &finding))
                    } else {
                        write_human(out, file, &finding)
                    };
                }
            });
            result.map(|()| findings)
        },
        |_, _, _| Ok(0),
    )?;
    out.flush()?;
    Ok(ExitCode::from(if failed {
        2
    } else if findings > 0 {
        1
    } else {
        0
    }))
}

/// A finding as JSON: its mention, the reason, the form judged and the preferred one.
fn finding_json(file: &str, finding: &Finding<'_, '_>) -> serde_json::Value {
    let mut v = mention_json(file, &finding.mention);
    v["reason"] = json!(finding.reason.code());
    v["message"] = json!(finding.reason.to_string());
    v["judged"] = json!({
        "text": finding.form.text,
        "lang": finding.form.lang.as_str(),
        "status": finding.form.status.as_str(),
    });
    v["preferred"] = match finding.preferred {
        Some(p) => json!({"text": p.text, "lang": p.lang.as_str(), "derived": p.is_derived()}),
        None => serde_json::Value::Null,
    };
    v
}

fn write_human<W: Write>(out: &mut Out<W>, file: &str, f: &Finding<'_, '_>) -> io::Result<()> {
    let m = &f.mention;
    out.styled(Style::Dim, &format!("{file}:{}:{}: ", m.line, m.column))?;
    out.cell(Style::Warn, m.text, 0)?;
    write!(out.raw(), ": {} [{}]", f.reason, m.entry.id)?;
    match f.preferred {
        Some(p) => {
            out.raw().write_all(b"; use ")?;
            out.cell(Style::Match, &p.text, 0)?;
        }
        None => out
            .raw()
            .write_all(b"; the glossary has no form for this language")?,
    }
    out.raw().write_all(b"\n")
}
