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
    reader: R,
    lossy: bool,
    each: impl FnMut(&str, &Position) -> Result<(), E>,
) -> Result<(), E> {
    for_each_line_from(reader, lossy, Position::default(), each)
}

/// [`for_each_line`] over a part of a file that starts at `start`: at a line start, or where
/// [`for_each_line`] cuts an overlong line into pieces. Positions, errors and pieces are those of
/// the whole file read by [`for_each_line`]; only the part at byte 0 is checked for a byte-order
/// mark. [`crate::stream::for_each_block`] with [`TextFraming`] cuts a file into such parts.
///
/// # Errors
///
/// As [`for_each_line`].
pub fn for_each_line_from<R: BufRead, E: From<ReadError>>(
    mut reader: R,
    lossy: bool,
    start: Position,
    mut each: impl FnMut(&str, &Position) -> Result<(), E>,
) -> Result<(), E> {
    let mut position = start;
    let mut buf: Vec<u8> = Vec::new();
    let mut carry: Vec<u8> = Vec::new();
    let mut first = start.byte == 0;
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
        // Fewer bytes than asked for and no line break: the input ended (the byte-order mark
        // taken off the first read does not count).
        let at_eof = read == 0 || (!ends_line && (read as u64) < limit);
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

/// [`for_each_line_from`] over a part of a file in memory: the same lines, positions and
/// errors. A part past the first [`BINARY_PROBE`] bytes of its file, no longer than
/// [`MAX_CHUNK`] bytes and valid UTF-8 (every block [`TextFraming`] cuts from a text file in
/// blocks of the default size, but the first) is validated once and read where it lies, without
/// copying its lines; any other part is read by [`for_each_line_from`].
///
/// # Errors
///
/// As [`for_each_line`].
pub fn for_each_line_in<E: From<ReadError>>(
    block: &[u8],
    lossy: bool,
    start: Position,
    mut each: impl FnMut(&str, &Position) -> Result<(), E>,
) -> Result<(), E> {
    // Such a part has no byte-order mark or NUL byte to check, and every line in it is shorter
    // than a piece, so it is read as `for_each_line_from` reads it.
    let plain = start.byte >= BINARY_PROBE as u64 && block.len() <= MAX_CHUNK;
    let text = match plain.then(|| crate::stream::from_utf8(block)) {
        Some(Ok(text)) => text,
        _ => return for_each_line_from(block, lossy, start, each),
    };
    let mut position = start;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        each(content, &position)?;
        position.advance_line(line);
    }
    Ok(())
}

/// Blocks of a text file for [`for_each_line_from`]: cut after a line break, or, in a line
/// longer than a block, where [`for_each_line`] cuts it into pieces (after the last space or tab
/// of each [`MAX_CHUNK`] + 1 bytes). Every block thus starts where [`for_each_line`] starts a
/// line or a piece, and a mention, which lies within a piece, never straddles two blocks.
/// Where each block starts (bytes, characters, line, column) is counted as [`for_each_line`]
/// counts it, invalid UTF-8 included when `lossy`.
#[derive(Clone, Copy, Debug)]
pub struct TextFraming {
    /// Whether invalid UTF-8 is replaced (`--lossy`) rather than refused.
    pub lossy: bool,
}

impl crate::stream::Framing for TextFraming {
    type Start = Position;

    fn start(&self) -> Position {
        Position::default()
    }

    fn cut(&self, buf: &[u8], eof: bool) -> usize {
        if eof {
            return buf.len();
        }
        if let Some(nl) = buf.iter().rposition(|&b| b == b'\n') {
            return nl + 1;
        }
        // One line longer than the buffer so far: cut where the reader cuts its pieces.
        let mut piece = 0;
        while buf.len() - piece > MAX_CHUNK {
            let window = buf.get(piece..=piece + MAX_CHUNK).unwrap_or_default();
            match window.iter().rposition(|&b| b == b' ' || b == b'\t') {
                Some(space) => piece += space + 1,
                // The reader refuses this piece: hand it on for the refusal.
                None => return buf.len(),
            }
        }
        piece
    }

    fn next(&self, start: &Position, block: &[u8]) -> Position {
        let body = if start.byte == 0 {
            block.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(block)
        } else {
            block
        };
        let chars = |bytes: &[u8]| -> u64 {
            if self.lossy && crate::stream::from_utf8(bytes).is_err() {
                String::from_utf8_lossy(bytes).chars().count() as u64
            } else {
                // Valid UTF-8 (or refused by the reader anyway): one character per lead byte.
                crate::stream::count_chars(bytes) as u64
            }
        };
        let mut next = *start;
        next.byte += block.len() as u64;
        next.char += chars(body);
        match body.iter().rposition(|&b| b == b'\n') {
            Some(nl) => {
                next.line += crate::stream::count_newlines(body) as u64;
                next.column = 1 + chars(body.get(nl + 1..).unwrap_or_default());
            }
            None => next.column += chars(body),
        }
        next
    }
}

fn decode<'b>(
    buf: &'b [u8],
    lossy: bool,
    position: &Position,
) -> Result<std::borrow::Cow<'b, str>, ReadError> {
    match crate::stream::from_utf8(buf) {
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

    /// Every line or piece with its position, and the error that stopped the reading, read
    /// sequentially from the whole input.
    fn whole(input: &[u8], lossy: bool) -> (Vec<(String, Position)>, Option<String>) {
        let mut out = Vec::new();
        let result = for_each_line(input, lossy, |text, pos| {
            out.push((text.to_owned(), *pos));
            Ok::<(), ReadError>(())
        });
        (out, result.err().map(|e| e.to_string()))
    }

    /// The same, read in blocks on `threads` threads.
    fn streamed(
        input: &[u8],
        lossy: bool,
        config: crate::stream::Config,
    ) -> (Vec<(String, Position)>, Option<String>) {
        let mut out = Vec::new();
        let mut error = None;
        let result = crate::stream::for_each_block(
            input,
            &TextFraming { lossy },
            config,
            || (),
            |_, block, start| {
                let mut got = Vec::new();
                let result = for_each_line_from(block, lossy, *start, |text, pos| {
                    got.push((text.to_owned(), *pos));
                    Ok::<(), ReadError>(())
                });
                (got, result)
            },
            |(got, result)| {
                out.extend(got);
                result.map_err(|e| {
                    error = Some(e.to_string());
                    std::io::Error::other("stop")
                })
            },
        );
        assert_eq!(result.is_err(), error.is_some());
        (out, error)
    }

    fn bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b" ".to_vec()),
            Just(b"\t".to_vec()),
            Just("Алматы".as_bytes().to_vec()),
            Just("غۇلجا".as_bytes().to_vec()),
            Just(b"Kuldja".to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xFF".to_vec()),
            Just(b"\xD0".to_vec()),
            Just(b"\0".to_vec()),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn blocks_read_as_the_whole_file(
            input in bytes(),
            lossy: bool,
            block in 1usize..64,
            threads in 1usize..4,
        ) {
            let config = crate::stream::Config { threads, block_size: block };
            proptest::prop_assert_eq!(streamed(&input, lossy, config), whole(&input, lossy));
        }
    }

    proptest::proptest! {
        /// A part in memory is read as the reader reads it, wherever in the file it starts.
        #[test]
        fn a_part_in_memory_reads_as_from_a_reader(
            input in bytes(),
            lossy: bool,
            byte in 0u64..3 * BINARY_PROBE as u64,
            line in 1u64..1000,
        ) {
            let start = Position { byte, char: byte / 2, line, column: 1 + byte % 7 };
            let read = |in_memory: bool| {
                let mut got = Vec::new();
                let each = |text: &str, pos: &Position| {
                    got.push((text.to_owned(), *pos));
                    Ok::<(), ReadError>(())
                };
                let result = if in_memory {
                    for_each_line_in(&input, lossy, start, each)
                } else {
                    for_each_line_from(&input[..], lossy, start, each)
                };
                (got, result.err().map(|e| e.to_string()))
            };
            proptest::prop_assert_eq!(read(true), read(false));
        }
    }

    #[test]
    fn overlong_lines_are_cut_alike_in_blocks() {
        let word = "слово ";
        let line = word.repeat(MAX_CHUNK / word.len() * 2 + 3);
        for input in [
            format!("{line}\nend\n{line}"),
            format!("\u{FEFF}{line}\nend"),
            format!("a\n{}", "x".repeat(MAX_CHUNK + 10)),
        ] {
            let config = crate::stream::Config {
                threads: 2,
                block_size: 4096,
            };
            let expected = whole(input.as_bytes(), false);
            assert_eq!(streamed(input.as_bytes(), false, config), expected);
        }
    }

    #[test]
    fn a_long_first_line_after_a_byte_order_mark_is_read_whole() {
        let word = "слово ";
        let line = word.repeat(MAX_CHUNK / word.len() + 3);
        let input = format!("\u{FEFF}{line}\nend");
        let (got, error) = whole(input.as_bytes(), false);
        assert_eq!(error, None);
        let joined: String = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, format!("{line}end"));
    }
}
