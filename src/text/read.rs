//! Reading text files for `annotate` and `lint`: line by line with bounded memory, positions
//! counted per file (bytes, characters, lines, columns), binary files refused and invalid UTF-8
//! reported with its byte offset (or replaced, when asked).
//!
//! A line longer than [`MAX_CHUNK`] bytes is handed over in pieces cut at a space or tab, so
//! memory stays bounded; a mention cannot span such a cut. A piece with no space or tab in
//! [`MAX_CHUNK`] bytes is refused.

use std::io::{BufRead, Read};

/// The longest piece of a line handed over at once, in bytes.
pub const MAX_CHUNK: usize = 1 << 20;

/// How many leading bytes are checked for a NUL byte to recognize a binary file.
pub const BINARY_PROBE: usize = 8 * 1024;

/// Where a line (or a piece of one) starts in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the file.
    pub byte: u64,
    /// Character offset from the start of the file.
    pub char: u64,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

impl Default for Position {
    fn default() -> Position {
        Position {
            byte: 0,
            char: 0,
            line: 1,
            column: 1,
        }
    }
}

impl Position {
    /// Moves past `text`, which ends with a line break or ends the file.
    pub fn advance_line(&mut self, text: &str) {
        self.advance(text, text.len());
        if text.ends_with('\n') {
            self.line += 1;
            self.column = 1;
        }
    }

    /// Moves past `text`, a piece of the current line that took `bytes` bytes in the file.
    fn advance(&mut self, text: &str, bytes: usize) {
        let chars = text.chars().count() as u64;
        self.byte += bytes as u64;
        self.char += chars;
        self.column += chars;
    }
}

/// Why a text could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A NUL byte in the first [`BINARY_PROBE`] bytes: not a text file.
    #[error("a binary file (a NUL byte at byte offset {offset}); it was not scanned")]
    Binary {
        /// Where the NUL byte is.
        offset: u64,
    },
    /// Bytes that are not UTF-8.
    #[error(
        "invalid UTF-8 at byte offset {offset} (line {line}); convert the file to UTF-8, or pass --lossy to replace bad bytes"
    )]
    InvalidUtf8 {
        /// Byte offset of the first bad byte.
        offset: u64,
        /// Its line.
        line: u64,
    },
    /// A piece of a line longer than [`MAX_CHUNK`] bytes with no space or tab to cut at.
    #[error(
        "line {line} has more than {MAX_CHUNK} bytes without a space or tab; it cannot be read in bounded memory"
    )]
    TooLong {
        /// The line.
        line: u64,
    },
}

/// Calls `each` with every line of `reader` (without its line end, `\n` or `\r\n`) and where it
/// starts; a leading byte-order mark is skipped (offsets still count it). With `lossy`, invalid
/// UTF-8 is replaced by U+FFFD: every line still starts at its byte offset in the file, but within
/// a line that had a replacement, byte offsets after it count the U+FFFD (three bytes) instead of
/// the bytes it replaced; character offsets count the replaced text.
///
/// # Errors
///
/// [`ReadError`] for a binary file, invalid UTF-8 (unless `lossy`), an overlong piece or a read
/// failure; the error `each` returns, unchanged.
pub fn for_each_line<R: BufRead, E: From<ReadError>>(
    mut reader: R,
    lossy: bool,
    mut each: impl FnMut(&str, &Position) -> Result<(), E>,
) -> Result<(), E> {
    let mut position = Position::default();
    let mut buf: Vec<u8> = Vec::new();
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    loop {
        buf.clear();
        buf.append(&mut carry);
        let limit = (MAX_CHUNK + 1).saturating_sub(buf.len()) as u64;
        let read = (&mut reader)
            .take(limit)
            .read_until(b'\n', &mut buf)
            .map_err(ReadError::from)?;
        if buf.is_empty() && read == 0 {
            return Ok(());
        }
        if first {
            first = false;
            let probe = buf.get(..BINARY_PROBE.min(buf.len())).unwrap_or(&[]);
            if let Some(at) = probe.iter().position(|&b| b == 0) {
                return Err(ReadError::Binary { offset: at as u64 }.into());
            }
            if buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
                position.byte += 3;
            }
        } else if position.byte < BINARY_PROBE as u64 {
            let room = (BINARY_PROBE as u64 - position.byte) as usize;
            let probe = buf.get(..room.min(buf.len())).unwrap_or(&[]);
            if let Some(at) = probe.iter().position(|&b| b == 0) {
                return Err(ReadError::Binary {
                    offset: position.byte + at as u64,
                }
                .into());
            }
        }
        let ends_line = buf.last() == Some(&b'\n');
        let at_eof = read == 0 || (!ends_line && buf.len() <= MAX_CHUNK);
        if !ends_line && !at_eof {
            // An overlong line: cut after the last space or tab, keep the rest for later.
            let Some(cut) = buf.iter().rposition(|&b| b == b' ' || b == b'\t') else {
                return Err(ReadError::TooLong {
                    line: position.line,
                }
                .into());
            };
            carry.extend_from_slice(buf.get(cut + 1..).unwrap_or(&[]));
            buf.truncate(cut + 1);
        }
        let text = decode(&buf, lossy, &position)?;
        let content = text.strip_suffix('\n').unwrap_or(&text);
        let content = content.strip_suffix('\r').unwrap_or(content);
        each(content, &position)?;
        position.advance(&text, buf.len());
        if ends_line {
            position.line += 1;
            position.column = 1;
        }
        if at_eof && carry.is_empty() {
            return Ok(());
        }
    }
}

fn decode<'b>(
    buf: &'b [u8],
    lossy: bool,
    position: &Position,
) -> Result<std::borrow::Cow<'b, str>, ReadError> {
    match std::str::from_utf8(buf) {
        Ok(text) => Ok(std::borrow::Cow::Borrowed(text)),
        Err(_) if lossy => Ok(String::from_utf8_lossy(buf)),
        Err(e) => Err(ReadError::InvalidUtf8 {
            offset: position.byte + e.valid_up_to() as u64,
            line: position.line,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], lossy: bool) -> Result<Vec<(String, Position)>, ReadError> {
        let mut out = Vec::new();
        for_each_line(input, lossy, |text, pos| {
            out.push((text.to_owned(), *pos));
            Ok::<(), ReadError>(())
        })?;
        Ok(out)
    }

    #[test]
    fn positions_count_bytes_chars_and_lines() {
        let got = lines("аб\r\nc\nд".as_bytes(), false).unwrap();
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["аб", "c", "д"]);
        assert_eq!(
            got[1].1,
            Position {
                byte: 6,
                char: 4,
                line: 2,
                column: 1
            }
        );
        assert_eq!(
            got[2].1,
            Position {
                byte: 8,
                char: 6,
                line: 3,
                column: 1
            }
        );
    }

    #[test]
    fn bad_input_is_refused_with_its_offset() {
        match lines(b"ok\nab\xFFc\n", false) {
            Err(ReadError::InvalidUtf8 { offset, line }) => assert_eq!((offset, line), (5, 2)),
            other => panic!("{other:?}"),
        }
        let lossy = lines(b"ab\xFFc", true).unwrap();
        assert_eq!(lossy[0].0, "ab\u{FFFD}c");
        match lines(b"text\0more", false) {
            Err(ReadError::Binary { offset }) => assert_eq!(offset, 4),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn overlong_lines_come_in_pieces_cut_at_spaces() {
        let word = "слово ";
        let line = word.repeat(MAX_CHUNK / word.len() * 2 + 3);
        let input = format!("{line}\nend");
        let got = lines(input.as_bytes(), false).unwrap();
        assert!(got.len() >= 3);
        let joined: String = got[..got.len() - 1]
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(joined, line);
        // Every piece's column continues the line.
        for w in got.windows(2).take(got.len() - 2) {
            assert_eq!(w[1].1.line, 1);
            assert_eq!(w[1].1.column, w[0].1.column + w[0].0.chars().count() as u64);
        }
        assert_eq!(got.last().unwrap().1.line, 2);
        let no_space = "x".repeat(MAX_CHUNK + 10);
        assert!(matches!(
            lines(no_space.as_bytes(), false),
            Err(ReadError::TooLong { line: 1 })
        ));
    }
}
