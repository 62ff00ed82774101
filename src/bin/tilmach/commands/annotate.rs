//! `tilmach annotate`: every glossary mention in text files, and the file scanning `lint` shares.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use tilmach::stream::{Config, for_each_block};
use tilmach::text::read::{Position, ReadError, TextFraming, for_each_line_in};
use tilmach::text::{Annotator, Context, HeldMention, How, Mention, Scratch};

use crate::Failure;
use crate::args::{AnnotateArgs, Global};
use crate::commands::glossary;
use crate::output::{Out, Style, json_str, json_u64};

/// Why scanning one file stopped.
pub enum ScanError {
    /// The file could not be read: reported, and the other files are still scanned.
    Read(ReadError),
    /// Writing the output failed: everything stops.
    Out(io::Error),
}

impl From<ReadError> for ScanError {
    fn from(e: ReadError) -> ScanError {
        ScanError::Read(e)
    }
}

impl From<io::Error> for ScanError {
    /// A failure to read the file.
    fn from(e: io::Error) -> ScanError {
        ScanError::Read(ReadError::Io(e))
    }
}

/// What a line's worker holds back for the stage that sees the lines in order, with where in
/// the worker's output it belongs (a byte offset).
pub type Held<H> = Vec<(usize, H)>;

/// Calls `each` with every line of every file (standard input for none or `-`), with the name to
/// show for the file, in blocks processed on `config.threads` threads (each with its own
/// [`Scratch`]); what `each` writes is written to `out` in input order. `each` returns how many
/// things it found on the line, and may hold things back for `ordered`, which receives them in
/// input order on the calling thread (after the output written before them; `None` when a file
/// starts) and returns how many more things it found. A file that cannot be opened or read is
/// reported on standard error (after the output of the lines before the failure) and the
/// others are still scanned; returns whether any file failed, and the number of things found.
pub fn scan_files<H: Send>(
    files: &[PathBuf],
    lossy: bool,
    config: Config,
    out: &mut Out,
    each: impl Fn(
        &str,
        &str,
        &Position,
        &mut Scratch,
        &mut Out<Vec<u8>>,
        &mut Held<H>,
    ) -> io::Result<u64>
    + Sync,
    mut ordered: impl FnMut(&str, Option<H>, &mut Out) -> io::Result<u64>,
) -> Result<(bool, u64), Failure> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    let template = out.buffer();
    let mut failed = false;
    let mut found = 0u64;
    for path in files {
        let name = if path == Path::new("-") {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        found += ordered(&name, None, out)?;
        let work = |scratch: &mut Scratch, block: &[u8], start: &Position| {
            let mut buf = template.buffer();
            let mut held = Vec::new();
            let mut count = 0u64;
            let result = for_each_line_in(block, lossy, *start, |line, pos| {
                count +=
                    each(&name, line, pos, scratch, &mut buf, &mut held).map_err(ScanError::Out)?;
                Ok(())
            });
            (buf.into_bytes(), held, count, result)
        };
        type Block<H> = (Vec<u8>, Held<H>, u64, Result<(), ScanError>);
        let sink = |(bytes, held, count, result): Block<H>| {
            let mut written = 0;
            for (at, h) in held {
                let before = bytes.get(written..at).unwrap_or_default();
                out.raw().write_all(before).map_err(ScanError::Out)?;
                written = at;
                found += ordered(&name, Some(h), out).map_err(ScanError::Out)?;
            }
            let rest = bytes.get(written..).unwrap_or_default();
            out.raw().write_all(rest).map_err(ScanError::Out)?;
            found += count;
            result
        };
        let framing = TextFraming { lossy };
        let result = if path == Path::new("-") {
            for_each_block(
                io::stdin().lock(),
                &framing,
                config,
                Scratch::default,
                work,
                sink,
            )
        } else {
            match File::open(path) {
                Ok(file) => for_each_block(file, &framing, config, Scratch::default, work, sink),
                Err(e) => Err(ScanError::Read(ReadError::Io(e))),
            }
        };
        match result {
            Ok(()) => {}
            Err(ScanError::Read(e)) => {
                out.flush()?;
                eprintln!("tilmach: {name}: {e}");
                failed = true;
            }
            Err(ScanError::Out(e)) => return Err(Failure::Io(e)),
        }
    }
    Ok((failed, found))
}

/// Appends mention `m` found in `file` as JSON (the shape documented in the README), written
/// field by field as `serde_json` writes it compactly: the definition of that shape.
pub fn write_mention_json(out: &mut Vec<u8>, file: &str, m: &Mention<'_, '_>) {
    JSON.with_borrow_mut(|json| json.write(out, file, m));
}

thread_local! {
    /// The bytes each thread keeps for the JSON of mentions (see [`JsonParts`]).
    static JSON: RefCell<JsonParts> = const {
        RefCell::new(JsonParts { file: String::new(), head: Vec::new(), forms: Vec::new() })
    };
}

/// How many forms' JSON [`JsonParts`] keeps (a power of two).
const FORM_SLOTS: usize = 1024;

/// The parts of a mention's JSON that repeat from mention to mention, kept as bytes: the start
/// up to the line number for the last file, and for recent forms the fields that depend on the
/// form alone (from `,"id":` to `,"match":`), each in a slot chosen by the form's address. The
/// address names the form as long as its glossary lives, which is the whole run (the command
/// line loads one glossary and keeps it).
struct JsonParts {
    file: String,
    /// `{"file":"…","line":` for `file`.
    head: Vec<u8>,
    /// Per slot: the form's address and its bytes (none yet when empty).
    forms: Vec<(usize, Vec<u8>)>,
}

impl JsonParts {
    /// Appends mention `m` found in `file` (see [`write_mention_json`]).
    fn write(&mut self, out: &mut Vec<u8>, file: &str, m: &Mention<'_, '_>) {
        out.reserve(256 + m.text.len());
        if self.head.is_empty() || self.file != file {
            self.file = file.to_owned();
            self.head.clear();
            self.head.extend_from_slice(b"{\"file\":");
            json_str(&mut self.head, file);
            self.head.extend_from_slice(b",\"line\":");
        }
        out.extend_from_slice(&self.head);
        json_u64(out, m.line);
        // Written out one by one, so that every key is copied with its length known.
        out.extend_from_slice(b",\"column\":");
        json_u64(out, m.column);
        out.extend_from_slice(b",\"start\":");
        json_u64(out, m.start);
        out.extend_from_slice(b",\"end\":");
        json_u64(out, m.end);
        out.extend_from_slice(b",\"char_start\":");
        json_u64(out, m.char_start);
        out.extend_from_slice(b",\"char_end\":");
        json_u64(out, m.char_end);
        out.extend_from_slice(b",\"text\":");
        json_str(out, m.text);
        self.form(out, m);
        match m.how {
            How::Exact => out.extend_from_slice(b"\"exact\""),
            How::CaseFolded => out.extend_from_slice(b"\"case-folded\""),
            How::Inflected { suffix, rules } => {
                out.extend_from_slice(b"\"inflected\",\"suffix\":");
                json_str(out, suffix);
                out.extend_from_slice(b",\"rules\":");
                json_str(out, rules);
            }
        }
        if m.by_surname {
            out.extend_from_slice(b",\"by_surname\":true");
        }
        out.push(b'}');
    }

    /// Appends the fields of `m` that depend on its form alone, written once per slot.
    fn form(&mut self, out: &mut Vec<u8>, m: &Mention<'_, '_>) {
        if self.forms.is_empty() {
            self.forms.resize(FORM_SLOTS, (0, Vec::new()));
        }
        let address = std::ptr::from_ref(m.form) as usize;
        let slot = ((address as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize;
        let Some((key, bytes)) = self.forms.get_mut(slot % FORM_SLOTS) else {
            return write_form_json(out, m);
        };
        if *key != address || bytes.is_empty() {
            bytes.clear();
            write_form_json(bytes, m);
            *key = address;
        }
        out.extend_from_slice(bytes);
    }
}

/// The fields of a mention that depend on its form alone, from `,"id":` to `,"match":`.
fn write_form_json(out: &mut Vec<u8>, m: &Mention<'_, '_>) {
    for (key, text) in [
        (&b",\"id\":"[..], m.entry.id.as_str()),
        (b",\"kind\":", m.entry.kind.as_str()),
        (b",\"form\":{\"text\":", m.form.text.as_str()),
        (b",\"lang\":", m.form.lang.as_str()),
        (b",\"status\":", m.form.status.as_str()),
    ] {
        out.extend_from_slice(key);
        json_str(out, text);
    }
    out.extend_from_slice(if m.form.is_derived() {
        b",\"derived\":true},\"match\":"
    } else {
        b",\"derived\":false},\"match\":"
    });
}

/// A mention as a JSON value (the shape [`write_mention_json`] writes), for outputs that add
/// fields.
pub fn mention_json(file: &str, m: &Mention<'_, '_>) -> Value {
    let mut bytes = Vec::new();
    write_mention_json(&mut bytes, file, m);
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// What a line of `annotate` holds back for the text before it: a person it names, or a
/// surname several people share (see [`Context`]).
enum Pending<'a> {
    Named(u32),
    Surname(HeldMention<'a>),
}

/// Runs `annotate`. Each file (or the standard input) is one text for [`Context`].
pub fn run(global: &Global, args: &AnnotateArgs) -> Result<ExitCode, Failure> {
    let glossary = glossary(global)?;
    let annotator = Annotator::new(&glossary);
    let mut out = Out::stdout(global.color);
    let mut context = Context::new();
    let (failed, found) = scan_files(
        &args.files,
        args.lossy,
        global.stream(),
        &mut out,
        |file, line, pos, scratch, out, held| {
            let mut found = 0u64;
            let mut result = Ok(());
            annotator.annotate_line_in_text(line, pos, scratch, |m| {
                if annotator.is_shared_surname(&m) {
                    held.push((out.written(), Pending::Surname(HeldMention::new(&m))));
                    return;
                }
                if let Some(entry) = Context::names(&m) {
                    held.push((out.written(), Pending::Named(entry)));
                }
                found += 1;
                if result.is_ok() {
                    result = if args.json {
                        let bytes = out.bytes();
                        write_mention_json(bytes, file, &m);
                        bytes.push(b'\n');
                        Ok(())
                    } else {
                        write_human(out, file, &m)
                    };
                }
            });
            result.map(|()| found)
        },
        |file, held, out| match held {
            None => {
                context.clear();
                Ok(0)
            }
            Some(Pending::Named(entry)) => {
                context.note(entry);
                Ok(0)
            }
            Some(Pending::Surname(h)) => match context.resolve(&annotator, &h.get()) {
                Some(m) => write_mention(out, args.json, file, &m).map(|()| 1),
                None => Ok(0),
            },
        },
    )?;
    out.flush()?;
    Ok(ExitCode::from(if failed {
        2
    } else if found == 0 {
        1
    } else {
        0
    }))
}

/// Writes a mention as JSON or for people.
fn write_mention<W: Write>(
    out: &mut Out<W>,
    json: bool,
    file: &str,
    m: &Mention<'_, '_>,
) -> io::Result<()> {
    if json {
        out.json_line(&mention_json(file, m))
    } else {
        write_human(out, file, m)
    }
}

fn write_human<W: Write>(out: &mut Out<W>, file: &str, m: &Mention<'_, '_>) -> io::Result<()> {
    out.styled(Style::Dim, &format!("{file}:{}:{}: ", m.line, m.column))?;
    out.cell(Style::Match, m.text, 0)?;
    out.raw().write_all(b"  ")?;
    out.styled(Style::Head, &m.entry.id)?;
    let surname = if m.by_surname { "surname of " } else { "" };
    let how = match m.how {
        How::Exact if !m.by_surname => String::new(),
        How::Exact | How::CaseFolded => {
            format!("  ({surname}{} {})", m.form.text, m.form.lang)
        }
        How::Inflected { suffix, rules } => {
            format!(
                "  ({surname}{} {} + {rules} -{suffix})",
                m.form.text, m.form.lang
            )
        }
    };
    let derived = if m.form.is_derived() { " derived" } else { "" };
    out.styled(Style::Dim, &format!("{how}{derived}"))?;
    out.raw().write_all(b"\n")
}
