//! Writing results: human tables (aligned, coloured on a terminal, right-to-left text isolated so
//! that it reads correctly) and the JSON shapes documented in the README.

use std::io::{self, IsTerminal, Write};

use serde_json::{Value, json};
use tilmach::{Entry, Form, Glossary};
use unicode_width::UnicodeWidthStr;

use crate::args::ColorChoice;

/// Where output goes, and how it is dressed.
pub struct Out {
    writer: io::BufWriter<io::StdoutLock<'static>>,
    color: bool,
    terminal: bool,
}

/// A text style.
#[derive(Clone, Copy)]
pub enum Style {
    /// Entry ids and headwords.
    Head,
    /// Secondary information: kinds, statuses, tags.
    Dim,
    /// Something to notice: deprecated, derogatory.
    Warn,
    /// What matched.
    Match,
}

impl Out {
    /// Standard output, coloured according to `choice`, `NO_COLOR` and whether it is a terminal.
    pub fn stdout(choice: ColorChoice) -> Out {
        let stdout = io::stdout();
        let terminal = stdout.is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Out {
            writer: io::BufWriter::new(stdout.lock()),
            color,
            terminal,
        }
    }

    /// The writer, for plain output.
    pub fn raw(&mut self) -> &mut impl Write {
        &mut self.writer
    }

    /// Writes `text` in `style`.
    pub fn styled(&mut self, style: Style, text: &str) -> io::Result<()> {
        if !self.color {
            return self.writer.write_all(text.as_bytes());
        }
        let code = match style {
            Style::Head => "1",
            Style::Dim => "2",
            Style::Warn => "33",
            Style::Match => "32",
        };
        write!(self.writer, "\x1b[{code}m{text}\x1b[0m")
    }

    /// Writes `text` so that it shows correctly whatever its direction: on a terminal,
    /// right-to-left text is wrapped in a first-strong isolate (U+2068 … U+2069) so that it
    /// neither reorders nor is reordered by the columns around it. Pads to `width` columns.
    pub fn cell(&mut self, style: Style, text: &str, width: usize) -> io::Result<()> {
        if self.terminal && has_rtl(text) {
            self.styled(style, &format!("\u{2068}{text}\u{2069}"))?;
        } else {
            self.styled(style, text)?;
        }
        let pad = width.saturating_sub(display_width(text));
        write!(self.writer, "{:pad$}", "")
    }

    /// Writes one line of JSON.
    pub fn json_line(&mut self, value: &Value) -> io::Result<()> {
        serde_json::to_writer(&mut self.writer, value)?;
        self.writer.write_all(b"\n")
    }

    /// Writes pretty JSON.
    pub fn json_pretty(&mut self, value: &Value) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.writer, value)?;
        self.writer.write_all(b"\n")
    }

    /// Flushes buffered output.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// The number of terminal columns `text` takes.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn has_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

pub use tilmach::export::form_json;

/// An entry in full as JSON (the export shape), with the title of each source it cites.
pub fn entry_json(glossary: &Glossary, entry: &Entry) -> Value {
    let mut value = tilmach::export::entry_json(entry);
    if let Some(sources) = value.get_mut("sources").and_then(Value::as_array_mut) {
        for citation in sources {
            let title = citation
                .get("source")
                .and_then(Value::as_str)
                .and_then(|key| glossary.sources().get(key))
                .map(|s| s.title.clone());
            if let Some(title) = title {
                citation["title"] = json!(title);
            }
        }
    }
    value
}

/// Writes the forms of an entry as an aligned table: tag, text, status, years, note.
pub fn forms_table(out: &mut Out, forms: &[&Form], indent: &str) -> io::Result<()> {
    let tag_width = forms
        .iter()
        .map(|f| f.lang.as_str().len())
        .max()
        .unwrap_or(0);
    let text_width = forms
        .iter()
        .map(|f| display_width(&f.text))
        .max()
        .unwrap_or(0)
        .min(40);
    for form in forms {
        out.raw().write_all(indent.as_bytes())?;
        out.cell(Style::Dim, form.lang.as_str(), tag_width + 2)?;
        out.cell(Style::Head, &form.text, text_width + 2)?;
        let status_style = match form.status {
            tilmach::Status::Deprecated
            | tilmach::Status::Derogatory
            | tilmach::Status::Misspelling => Style::Warn,
            _ => Style::Dim,
        };
        out.styled(status_style, form.status.as_str())?;
        if form.is_derived() {
            out.styled(Style::Dim, " (derived)")?;
        }
        match (form.from, form.until) {
            (Some(from), Some(until)) => write!(out.raw(), "  {from}–{until}")?,
            (Some(from), None) => write!(out.raw(), "  since {from}")?,
            (None, Some(until)) => write!(out.raw(), "  until {until}")?,
            (None, None) => {}
        }
        if let Some(note) = &form.note {
            out.styled(Style::Dim, &format!("  — {note}"))?;
        }
        out.raw().write_all(b"\n")?;
    }
    Ok(())
}
