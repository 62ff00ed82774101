//! Reading input line by line with bounded memory — the queries of a batch lookup, the lines
//! `translit` and `normalize` convert — with invalid UTF-8 reported by line and byte offset, or
//! replaced when asked (`--lossy`).
//!
//! ```
//! let mut seen = Vec::new();
//! tilmach::lines::for_each_line(&b"\xEF\xBB\xBFone\r\ntwo\n"[..], false, |n, line| {
//!     seen.push((n, line.to_owned()));
//!     Ok::<(), tilmach::lines::LineError>(())
//! })?;
//! assert_eq!(seen, [(1, "one".to_owned()), (2, "two".to_owned())]);
//! # Ok::<(), tilmach::lines::LineError>(())
//! ```

use std::borrow::Cow;
use std::io::{BufRead, Read};

pub use crate::stream::LineStart;

/// The longest input line accepted, in bytes. Longer lines are refused, not buffered.
pub const MAX_LINE_BYTES: u64 = 1 << 20;

/// Why the input could not be read on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LineError {
    /// Reading failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A line is longer than [`MAX_LINE_BYTES`].
    #[error(
        "{line}: the line is longer than {MAX_LINE_BYTES} bytes; split the input into shorter lines"
    )]
    TooLong {
        /// The 1-based line number.
        line: usize,
    },
    /// A line is not UTF-8.
    #[error(
        "{line}: invalid UTF-8 at byte offset {offset}; convert the input to UTF-8, or pass --lossy to replace bad bytes"
    )]
    Utf8 {
        /// The 1-based line number.
        line: usize,
        /// The offset of the first bad byte from the start of the input.
        offset: u64,
    },
}

/// Calls `each` with every line of `reader` (without its line end: `\n` or `\r\n`), numbered
/// from 1. A leading byte-order mark is skipped. With `lossy`, invalid UTF-8 is replaced by
/// U+FFFD; otherwise it stops the reading with [`LineError::Utf8`].
///
/// # Errors
///
/// [`LineError`] converted into `E`, or the first error of `each`.
pub fn for_each_line<E: From<LineError>>(
    reader: impl BufRead,
    lossy: bool,
    each: impl FnMut(usize, &str) -> Result<(), E>,
) -> Result<(), E> {
    for_each_line_at(reader, lossy, LineStart { line: 1, offset: 0 }, each)
}

/// [`for_each_line`] over a part of an input that starts at `start` (a line start): lines are
/// numbered, and invalid UTF-8 located, as in the whole input; only the first line of the input
/// (line 1) may start with a byte-order mark. [`crate::stream::for_each_block`] with the
/// [`crate::stream::Lines`] framing cuts an input into such parts.
///
/// # Errors
///
/// As [`for_each_line`].
pub fn for_each_line_at<E: From<LineError>>(
    mut reader: impl BufRead,
    lossy: bool,
    start: LineStart,
    mut each: impl FnMut(usize, &str) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = Vec::new();
    let mut offset: u64 = start.offset;
    for number in start.line.. {
        buf.clear();
        let read = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(LineError::from)?;
        if read == 0 {
            break;
        }
        if buf.len() as u64 > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
            return Err(LineError::TooLong { line: number }.into());
        }
        let mut line: &[u8] = &buf;
        let bom = number == 1 && line.starts_with(b"\xEF\xBB\xBF");
        if bom {
            line = line.get(3..).unwrap_or_default();
        }
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = match crate::stream::from_utf8(line) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) if lossy => String::from_utf8_lossy(line),
            Err(e) => {
                let at = offset + e.valid_up_to() as u64 + if bom { 3 } else { 0 };
                return Err(LineError::Utf8 {
                    line: number,
                    offset: at,
                }
                .into());
            }
        };
        each(number, &text)?;
        offset += read as u64;
    }
    Ok(())
}
