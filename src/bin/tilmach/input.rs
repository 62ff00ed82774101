//! Reading standard input line by line with bounded memory, with invalid UTF-8 reported by line
//! and byte offset (or replaced, with `--lossy`).

use std::borrow::Cow;
use std::io::{BufRead, Read};

use crate::Failure;

/// The longest input line accepted, in bytes. Longer lines are refused, not buffered.
pub const MAX_LINE_BYTES: u64 = 1 << 20;

/// Calls `each` with every line of `reader` (without its line end: `\n` or `\r\n`), numbered
/// from 1. A leading byte-order mark is skipped.
pub fn for_each_line(
    reader: impl BufRead,
    what: &str,
    lossy: bool,
    mut each: impl FnMut(usize, &str) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut reader = reader;
    let mut buf = Vec::new();
    let mut offset: u64 = 0;
    for number in 1.. {
        buf.clear();
        let read = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)?;
        if read == 0 {
            break;
        }
        if buf.len() as u64 > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
            return Err(Failure::Input(format!(
                "{what}:{number}: the line is longer than {MAX_LINE_BYTES} bytes; split the input into shorter lines"
            )));
        }
        let mut line: &[u8] = &buf;
        if number == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = match std::str::from_utf8(line) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) if lossy => String::from_utf8_lossy(line),
            Err(e) => {
                let at = offset
                    + e.valid_up_to() as u64
                    + if number == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                        3
                    } else {
                        0
                    };
                return Err(Failure::Input(format!(
                    "{what}:{number}: invalid UTF-8 at byte offset {at}; convert the input to UTF-8, or pass --lossy to replace bad bytes"
                )));
            }
        };
        each(number, &text)?;
        offset += read as u64;
    }
    Ok(())
}
