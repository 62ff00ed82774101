//! CSV termbases read back into entries. Two layouts, told apart by the header row:
//! tilmach's one row per form (`id, kind, lang, text, status, derived, from, until, gloss_en`; a
//! row marked `derived` is counted, not imported), and one row per entry (`id`, `subject`,
//! `definition_en` and one column per language tag, forms separated by `;`, the first one
//! preferred and the others variants), as memoQ and Trados export a termbase. Columns of neither
//! layout are reported with the line of every non-empty cell.

use crate::glossary::{Kind, Status};
use crate::import::{ImportError, Imported, ImportedEntry, ImportedForm, Unmapped};
use crate::lang::LangTag;

/// A row of fields with the line it starts on.
type Row = (usize, Vec<String>);

/// Splits RFC 4180 text into rows; a quoted field may hold commas, doubled quotes and line breaks.
fn rows(text: &str, file: &str) -> Result<Vec<Row>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut line, mut start, mut quoted, mut was_quoted) = (1, 1, false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut row)));
                was_quoted = false;
                line += 1;
                start = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(ImportError::Syntax {
            file: file.to_owned(),
            line: start,
            column: 1,
            message: "a quoted field is never closed: the row runs to the end of the file".into(),
        });
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        out.push((start, row));
    }
    Ok(out)
}

/// Reads a CSV termbase. `file` names it in errors.
///
/// ```
/// let csv = "id,kind,lang,text,status,derived,from,until,gloss_en,colour\r\n\
///            ghulja,place,en,Ghulja,preferred,false,,,City in Ili,red\r\n";
/// let imported = tilmach::import::import_csv(csv, "t.csv")?;
/// assert_eq!(imported.entries[0].forms[0].text, "Ghulja");
/// assert_eq!(imported.unmapped[0].line, 2);
/// # Ok::<(), tilmach::import::ImportError>(())
/// ```
///
/// # Errors
///
/// [`ImportError::Syntax`] with the line when the file is not CSV, has no header row, or a value
/// (a kind, status, language tag or year) is not one the glossary knows.
pub fn import_csv(text: &str, file: &str) -> Result<Imported, ImportError> {
    let rows = rows(text, file)?;
    let Some(((_, header), body)) = rows.split_first() else {
        return Err(ImportError::Syntax {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: "the file is empty: a header row is needed".into(),
        });
    };
    let bad = |line: usize, column: usize, message: String| ImportError::Syntax {
        file: file.to_owned(),
        line,
        column,
        message,
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let mut out = Imported::default();
    let per_form = col("text").is_some() && col("lang").is_some();
    let known: &[&str] = if per_form {
        &[
            "id", "kind", "lang", "text", "status", "derived", "from", "until", "gloss_en",
        ]
    } else {
        &["id", "subject", "definition_en"]
    };
    let lang_cols: Vec<(usize, String)> = if per_form {
        Vec::new()
    } else {
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| !known.contains(&h.trim()) && h.parse::<LangTag>().is_ok())
            .map(|(i, h)| (i, h.trim().to_owned()))
            .collect()
    };
    let Some(id_col) = col("id") else {
        return Err(bad(1, 1, "no `id` column: the header must name one".into()));
    };
    for (line, row) in body {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |s| s.trim());
        for (i, value) in row.iter().enumerate() {
            let name = header.get(i).map_or("", |h| h.trim());
            let mapped = known.contains(&name) || lang_cols.iter().any(|(c, _)| *c == i);
            if !mapped && !value.trim().is_empty() {
                out.unmapped.push(Unmapped {
                    line: *line,
                    what: format!("column {name:?} (column {}): {value:?}", i + 1),
                });
            }
        }
        let id = cell(Some(id_col)).to_owned();
        if id.is_empty() {
            return Err(bad(*line, id_col + 1, "a row without an id".into()));
        }
        let kind_col = col(if per_form { "kind" } else { "subject" });
        let kind = match cell(kind_col) {
            "" => Kind::Concept,
            k => k
                .parse::<Kind>()
                .map_err(|e| bad(*line, kind_col.map_or(1, |c| c + 1), e.to_string()))?,
        };
        let gloss = cell(col(if per_form {
            "gloss_en"
        } else {
            "definition_en"
        }));
        if out.entries.last().is_none_or(|e| e.id != id) {
            out.entries.push(ImportedEntry {
                id: id.clone(),
                kind,
                gloss: if gloss.is_empty() {
                    Vec::new()
                } else {
                    vec![("en".to_owned(), gloss.to_owned())]
                },
                forms: Vec::new(),
                line: *line,
            });
        }
        let Some(entry) = out.entries.last_mut() else {
            continue;
        };
        if per_form {
            if cell(col("derived")) == "true" {
                out.derived += 1;
                continue;
            }
            let year = |name: &str| -> Result<Option<i32>, ImportError> {
                match cell(col(name)) {
                    "" => Ok(None),
                    y => y.parse().map(Some).map_err(|_| {
                        bad(
                            *line,
                            col(name).map_or(1, |c| c + 1),
                            format!("{name} {y:?} is not a year"),
                        )
                    }),
                }
            };
            let status_col = col("status");
            let status = match cell(status_col) {
                "" => Status::Variant,
                s => s
                    .parse::<Status>()
                    .map_err(|e| bad(*line, status_col.map_or(1, |c| c + 1), e.to_string()))?,
            };
            let lang_col = col("lang");
            if let Err(e) = cell(lang_col).parse::<LangTag>() {
                return Err(bad(*line, lang_col.map_or(1, |c| c + 1), e.to_string()));
            }
            entry.forms.push(ImportedForm {
                text: cell(col("text")).to_owned(),
                lang: cell(col("lang")).to_owned(),
                status,
                from: year("from")?,
                until: year("until")?,
                note: None,
            });
        } else {
            for (i, lang) in &lang_cols {
                let terms = row.get(*i).map_or("", String::as_str);
                for (n, term) in terms
                    .split(';')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .enumerate()
                {
                    entry.forms.push(ImportedForm {
                        text: term.to_owned(),
                        lang: lang.clone(),
                        status: if n == 0 {
                            Status::Preferred
                        } else {
                            Status::Variant
                        },
                        from: None,
                        until: None,
                        note: None,
                    });
                }
            }
        }
    }
    Ok(out)
}
