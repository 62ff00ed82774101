//! Writing results: human tables (aligned, coloured on a terminal, right-to-left text isolated so
//! that it reads correctly) and the JSON shapes documented in the README.

use std::io::{self, IsTerminal, Write};

use serde_json::{Value, json};
use tilmach::chars::{is_bidi_control, is_right_to_left};
use tilmach::{Entry, Form, Glossary};
use unicode_width::UnicodeWidthStr;

use crate::args::ColorChoice;

/// Where output goes (standard output unless said otherwise), and how it is dressed.
pub struct Out<W: Write = io::BufWriter<io::StdoutLock<'static>>> {
    writer: W,
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
}

impl Out<Vec<u8>> {
    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer
    }

    /// The bytes written so far, to write more.
    pub fn bytes(&mut self) -> &mut Vec<u8> {
        &mut self.writer
    }

    /// The number of bytes written so far.
    pub fn written(&self) -> usize {
        self.writer.len()
    }
}

/// Appends `text` as a JSON string, escaped as `serde_json` escapes it (which it does when the
/// text has anything to escape: a control character, `"` or `\`).
pub fn json_str(out: &mut Vec<u8>, text: &str) {
    // A fold without an early exit: the compiler checks many bytes at a time.
    let escapes = text
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if escapes {
        out.extend_from_slice(serde_json::to_string(text).unwrap_or_default().as_bytes());
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// The decimal digits of 0 to 99, two by two.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Appends `n` in decimal, as JSON writes it (two digits per division).
pub fn json_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let pair = |k: u64| {
        let k = (k as usize) * 2;
        DIGIT_PAIRS.get(k..k + 2).unwrap_or(b"00")
    };
    while n >= 100 {
        at -= 2;
        if let Some(d) = digits.get_mut(at..at + 2) {
            d.copy_from_slice(pair(n % 100));
        }
        n /= 100;
    }
    if n >= 10 {
        at -= 2;
        if let Some(d) = digits.get_mut(at..at + 2) {
            d.copy_from_slice(pair(n));
        }
    } else {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + n as u8;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

impl<W: Write> Out<W> {
    /// An output into memory, dressed as this one (colours, terminal): for a block of output
    /// made on another thread and written later.
    pub fn buffer(&self) -> Out<Vec<u8>> {
        Out {
            writer: Vec::new(),
            color: self.color,
            terminal: self.terminal,
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

    /// Writes `text` as a cell. With `width` 0 it is inline text: on a terminal, right-to-left
    /// text is wrapped in a first-strong isolate (U+2068 … U+2069) so that it neither reorders
    /// nor is reordered by the text around it. With a `width`, it is a column padded to `width`
    /// terminal columns, and at least two spaces apart from the next one even when it is wider.
    /// A column gets no isolates: terminals disagree on their width (tmux gives each a cell),
    /// and a right-to-left run inside a left-to-right line already stays within its column.
    pub fn cell(&mut self, style: Style, text: &str, width: usize) -> io::Result<()> {
        if isolated(text, width, self.terminal) {
            return self.styled(style, &format!("\u{2068}{text}\u{2069}"));
        }
        self.styled(style, text)?;
        let pad = padding(text, width);
        write!(self.writer, "{:pad$}", "")
    }

    /// Writes one line of JSON.
    pub fn json_line(&mut self, value: &(impl serde::Serialize + ?Sized)) -> io::Result<()> {
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

/// The number of terminal columns `text` takes. Bidirectional controls (marks, embeddings,
/// isolates) are invisible and count for nothing, whatever the width table says of them.
pub fn display_width(text: &str) -> usize {
    if text.chars().any(is_bidi_control) {
        let visible: String = text.chars().filter(|&c| !is_bidi_control(c)).collect();
        UnicodeWidthStr::width(visible.as_str())
    } else {
        UnicodeWidthStr::width(text)
    }
}

/// The spaces after `text` in a column `width` wide: up to the width, and at least two when
/// `text` fills or overflows it (none for inline text, `width` 0).
fn padding(text: &str, width: usize) -> usize {
    if width == 0 {
        return 0;
    }
    width.saturating_sub(display_width(text)).max(2)
}

/// `text` cut to at most `width` terminal columns, ending in "…" when cut.
pub fn fit(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if display_width(text) <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = if is_bidi_control(c) {
            0
        } else {
            unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
        };
        if used + w + 1 > width {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

/// Whether a cell is wrapped in an isolate: inline right-to-left text on a terminal, never a
/// padded column.
fn isolated(text: &str, width: usize, terminal: bool) -> bool {
    width == 0 && terminal && has_rtl(text)
}

fn has_rtl(text: &str) -> bool {
    text.chars().any(is_right_to_left)
}

pub use tilmach::export::form_json;

/// An entry in full as JSON (the export shape), with the title of each source it cites.
pub fn entry_json(glossary: &Glossary, entry: &Entry) -> Value {
    let mut value = tilmach::export::entry_json(entry);
    if let Some(sources) = value.get_mut("sources").and_then(Value::as_array_mut) {
        for (citation, cited) in sources.iter_mut().zip(&entry.sources) {
            let saw: Vec<Value> = entry
                .attested_forms(cited)
                .iter()
                .map(|f| json!({ "text": f.text, "lang": f.lang.as_str() }))
                .collect();
            citation["saw"] = json!(saw);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_rust_writes_them() {
        let mut n = 1u64;
        let mut samples = vec![0, 9, 10, 99, 100, 101, 999, 1000, u64::MAX];
        while let Some(next) = n.checked_mul(7) {
            samples.extend([n - 1, n, n + 1]);
            n = next;
        }
        for n in samples {
            let mut out = Vec::new();
            json_u64(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn bidi_controls_take_no_columns() {
        assert_eq!(
            display_width("\u{2068}غۇلجا\u{2069}"),
            display_width("غۇلجا")
        );
        assert_eq!(display_width("\u{200F}ab\u{202B}c\u{202C}"), 3);
    }

    #[test]
    fn only_inline_text_is_isolated() {
        assert!(isolated("غۇلجا", 0, true));
        assert!(!isolated("غۇلجا", 0, false));
        assert!(!isolated("Ghulja", 0, true));
        // A column's padding must not depend on how a terminal draws invisible controls.
        assert!(!isolated("غۇلجا", 12, true));
    }

    #[test]
    fn columns_never_glue() {
        assert_eq!(padding("abc", 10), 7);
        assert_eq!(padding("abcdefghij", 10), 2);
        assert_eq!(padding("abcdefghijkl", 10), 2);
        assert_eq!(padding("abc", 0), 0);
    }

    #[test]
    fn fit_cuts_to_the_width_with_an_ellipsis() {
        assert_eq!(fit("Алматы", 10), "Алматы");
        let cut = fit("Қызылсу Қырғыз автономиялық облысы", 20);
        assert_eq!(display_width(&cut), 20);
        assert!(cut.ends_with('…') && cut.starts_with("Қызылсу Қырғыз"));
        // Wide (CJK) letters count two columns each.
        assert_eq!(display_width(&fit("克孜勒苏柯尔克孜自治州", 9)), 9);
    }
}
