//! Reading standard input line by line, in blocks on every core: the library's bounded line
//! reader and block stream, with errors located by the input's name and the output of each block
//! written in input order.

use std::io::{Read, Write};

use tilmach::lines::{LineError, for_each_line_at};
use tilmach::stream::{Config, Lines, for_each_block};

use crate::Failure;

/// Calls `each` with every line of `reader` and its 1-based number, as
/// [`tilmach::lines::for_each_line`] does, but in blocks of lines processed on `config.threads`
/// threads. What `each` writes into its buffer is written to `out` in input order, and each
/// block's tally (what `each` counts, starting from `S::default()`) is handed to `merge` in
/// input order too. An unreadable line, or the first error of `each`, stops the stream after the
/// output of the lines before it, as a sequential read would; a line error's message starts
/// with `what` (`<stdin>:LINE: …`).
pub fn stream_lines<S: Default + Send>(
    reader: impl Read,
    what: &str,
    lossy: bool,
    config: Config,
    each: impl Fn(usize, &str, &mut Vec<u8>, &mut S) -> Result<(), Failure> + Sync,
    out: &mut impl Write,
    mut merge: impl FnMut(S),
) -> Result<(), Failure> {
    let work = |_: &mut (), block: &[u8], start: &tilmach::stream::LineStart| {
        let mut buf = Vec::with_capacity(block.len() + block.len() / 2);
        let mut tally = S::default();
        let mut failure = None;
        let result = for_each_line_at(block, lossy, *start, |number, line| {
            each(number, line, &mut buf, &mut tally).map_err(|f| {
                failure = Some(f);
                LineError::Io(std::io::Error::other("stopped"))
            })
        });
        let result = match (result, failure) {
            (_, Some(f)) => Err(f),
            (Ok(()), None) => Ok(()),
            (Err(LineError::Io(e)), None) => Err(Failure::Io(e)),
            (Err(e), None) => Err(Failure::Input(format!("{what}:{e}"))),
        };
        (buf, tally, result)
    };
    for_each_block(
        reader,
        &Lines,
        config,
        || (),
        work,
        |(buf, tally, result)| {
            out.write_all(&buf)?;
            merge(tally);
            result
        },
    )
}
