//! `tilmach list`: the entries, optionally of one kind, sorted by id or by their names in a
//! language with that language's collation.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;
use tilmach::collate::SortLocale;
use tilmach::{Entry, Kind};

use crate::Failure;
use crate::args::{Global, ListArgs};
use crate::commands::glossary;
use crate::output::{Out, Style, display_width, fit};

/// Runs `list`.
pub fn run(global: &Global, args: &ListArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let kind = args.kind.as_deref().map(str::parse::<Kind>).transpose()?;
    let mut entries: Vec<&Entry> = glossary
        .entries()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .collect();
    let name = |entry: &Entry, locale: Option<SortLocale>| -> String {
        locale
            .and_then(|l| l.name_of(entry))
            .unwrap_or_else(|| entry.headword())
            .to_owned()
    };
    let locale = args
        .sort
        .as_deref()
        .map(str::parse::<SortLocale>)
        .transpose()?;
    if let Some(locale) = locale {
        tilmach::collate::sort_entries(&mut entries, locale)?;
    }
    let mut out = Out::stdout(global.color);
    if args.json {
        for e in &entries {
            out.json_line(&json!({ "id": e.id, "kind": e.kind.as_str(), "name": name(e, locale), "gloss": e.gloss_en() }))?;
        }
    } else {
        let id_width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
        let name_width = entries
            .iter()
            .map(|e| display_width(&name(e, locale)))
            .max()
            .unwrap_or(0)
            .min(32);
        for entry in &entries {
            out.cell(Style::Head, &entry.id, id_width + 2)?;
            out.cell(Style::Dim, entry.kind.as_str(), 14)?;
            // Long names are cut (the JSON has them whole) so that the glosses line up.
            out.cell(
                Style::Head,
                &fit(&name(entry, locale), name_width),
                name_width + 2,
            )?;
            writeln!(out.raw(), "{}", entry.gloss_en())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
