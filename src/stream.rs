//! Streaming a large input in blocks on every core, with the results in input order and memory
//! bounded whatever the input size.
//!
//! The input is read in large blocks (1 MiB by default) that a [`Framing`] cuts where no unit of
//! work can straddle the cut: [`Lines`] cuts after a line break, so that a line-by-line reader
//! ([`crate::lines::for_each_line_at`]) sees every line whole; [`crate::text::read::TextFraming`]
//! cuts after a line break or where the text reader itself cuts an overlong line into pieces.
//! The framing also says where each block starts (line number, byte and character offsets),
//! counted on the reading thread, so that a block processed on another thread reports the same
//! positions and errors as a sequential read.
//!
//! [`for_each_block`] hands the blocks to `threads` workers and their results to a sink in input
//! order. At most `2 × threads` blocks are in flight, so memory is bounded by a few blocks and
//! their results. With one thread, or an input that fits in one block, everything runs on the
//! calling thread.
//!
//! ```
//! use tilmach::stream::{Config, Lines, for_each_block};
//!
//! let input = "one\ntwo\nthree\n".repeat(100);
//! let mut lengths = Vec::new();
//! for_each_block(
//!     input.as_bytes(),
//!     &Lines,
//!     Config::default().threads(2).block_size(16),
//!     || (),
//!     |_, block, start| (start.line, block.len()),
//!     |(line, len)| {
//!         lengths.push((line, len));
//!         Ok::<(), std::io::Error>(())
//!     },
//! )?;
//! assert_eq!(lengths.iter().map(|(_, len)| len).sum::<usize>(), input.len());
//! assert_eq!(lengths[0].0, 1);
//! assert!(lengths.windows(2).all(|w| w[0].0 < w[1].0));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::{Mutex, mpsc};

use crate::lines::MAX_LINE_BYTES;

/// The default block size: 1 MiB.
pub const DEFAULT_BLOCK_SIZE: usize = 1 << 20;

/// How a stream is processed: on how many threads, in blocks of what size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Worker threads; 1 (or 0) processes every block on the calling thread.
    pub threads: usize,
    /// The size blocks are read in, in bytes. A block is cut at the last boundary its framing
    /// allows, so it can be shorter; it is longer when no boundary comes sooner.
    pub block_size: usize,
}

impl Default for Config {
    /// As many threads as the machine has cores, 1 MiB blocks.
    fn default() -> Config {
        Config {
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            block_size: DEFAULT_BLOCK_SIZE,
        }
    }
}

impl Config {
    /// The same configuration on `threads` threads (1: sequential).
    #[must_use]
    pub fn threads(self, threads: usize) -> Config {
        Config { threads, ..self }
    }

    /// The same configuration with blocks of `block_size` bytes (at least 1).
    #[must_use]
    pub fn block_size(self, block_size: usize) -> Config {
        Config {
            block_size: block_size.max(1),
            ..self
        }
    }
}

/// Where a stream may be cut into blocks, and where each block starts.
pub trait Framing {
    /// Where a block starts: what its processing needs to know of the input before it.
    type Start: Clone + Send + Sync;

    /// Where the first block starts.
    fn start(&self) -> Self::Start;

    /// The length of the longest prefix of `buf` that may be handed on as a block: `buf` starts
    /// at a boundary; 0 asks for more input. At the end of the input (`eof`), all of `buf`.
    fn cut(&self, buf: &[u8], eof: bool) -> usize;

    /// Where the block after `block` starts, `block` starting at `start`.
    fn next(&self, start: &Self::Start, block: &[u8]) -> Self::Start;
}

/// Where a block of lines starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineStart {
    /// The 1-based number of its first line.
    pub line: usize,
    /// Its byte offset from the start of the input.
    pub offset: u64,
}

/// Blocks of whole lines, for [`crate::lines::for_each_line_at`]. A line longer than
/// [`MAX_LINE_BYTES`] ends a block where it passes the limit; reading that block reports it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lines;

impl Framing for Lines {
    type Start = LineStart;

    fn start(&self) -> LineStart {
        LineStart { line: 1, offset: 0 }
    }

    fn cut(&self, buf: &[u8], eof: bool) -> usize {
        if eof {
            return buf.len();
        }
        match buf.iter().rposition(|&b| b == b'\n') {
            Some(nl) => nl + 1,
            // A line past the limit is refused by whoever reads it; hand it on as it is.
            None if buf.len() as u64 > MAX_LINE_BYTES => buf.len(),
            None => 0,
        }
    }

    fn next(&self, start: &LineStart, block: &[u8]) -> LineStart {
        LineStart {
            line: start.line + count_newlines(block),
            offset: start.offset + block.len() as u64,
        }
    }
}

/// The number of `\n` bytes in `bytes`.
pub fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// The number of characters in `bytes`, valid UTF-8: its bytes other than continuation bytes
/// (`10xxxxxx`), counted eight at a time.
pub fn count_chars(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut continuations = 0usize;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Bit 7 of each byte set and bit 6 clear.
        continuations += (x & !(x << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
    }
    let rest = chunks.remainder();
    continuations += rest.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    bytes.len() - continuations
}

/// [`std::str::from_utf8`], checked many bytes at a time (`simdutf8`) and again by the standard
/// library only to describe an error: the check every line read goes through.
pub fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Reads blocks from a reader, cut where a framing allows.
struct Blocks<'f, R, F: Framing> {
    reader: R,
    framing: &'f F,
    block_size: usize,
    buf: Vec<u8>,
    eof: bool,
    start: F::Start,
}

impl<R: Read, F: Framing> Blocks<'_, R, F> {
    /// Reads until `buf` holds `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> io::Result<()> {
        while self.buf.len() < want && !self.eof {
            let len = self.buf.len();
            self.buf.resize(want, 0);
            let read = self
                .reader
                .read(self.buf.get_mut(len..).unwrap_or_default());
            match read {
                Ok(0) => {
                    self.buf.truncate(len);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(len + n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => self.buf.truncate(len),
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The next block and where it starts; `None` at the end of the input.
    fn next_block(&mut self) -> io::Result<Option<(Vec<u8>, F::Start)>> {
        let mut want = self.block_size;
        loop {
            self.fill(want)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            let cut = self.framing.cut(&self.buf, self.eof).min(self.buf.len());
            // At the end of the input everything left is a block, whatever the framing says.
            let cut = if cut == 0 && self.eof {
                self.buf.len()
            } else {
                cut
            };
            if cut > 0 {
                let mut rest = Vec::with_capacity(self.block_size.max(self.buf.len() - cut));
                rest.extend_from_slice(self.buf.get(cut..).unwrap_or_default());
                let mut block = std::mem::replace(&mut self.buf, rest);
                block.truncate(cut);
                let next = self.framing.next(&self.start, &block);
                let start = std::mem::replace(&mut self.start, next);
                return Ok(Some((block, start)));
            }
            want = self.buf.len() + self.block_size;
        }
    }

    /// Whether every block has been handed on.
    fn finished(&self) -> bool {
        self.eof && self.buf.is_empty()
    }
}

/// Processes `reader` block by block: `work` runs on each block (on a worker thread, with that
/// worker's state made by `init`), and `sink` receives the results in input order on the
/// calling thread. An error from `sink` stops the stream: no later result reaches it, and the
/// workers stop after the blocks in flight.
///
/// # Errors
///
/// A read error, or the first error `sink` returns.
///
/// # Panics
///
/// A panic in `work` is resumed on the calling thread.
pub fn for_each_block<R, F, W, T, E>(
    reader: R,
    framing: &F,
    config: Config,
    init: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, &[u8], &F::Start) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    R: Read,
    F: Framing + Sync,
    T: Send,
    E: From<io::Error>,
{
    let mut blocks = Blocks {
        reader,
        framing,
        block_size: config.block_size.max(1),
        buf: Vec::new(),
        eof: false,
        start: framing.start(),
    };
    let Some(first) = blocks.next_block()? else {
        return Ok(());
    };
    if config.threads <= 1 || blocks.finished() {
        // Sequential: one thread, or an input that fits in one block.
        let mut state = init();
        let mut block = Some(first);
        while let Some((bytes, start)) = block {
            sink(work(&mut state, &bytes, &start))?;
            block = blocks.next_block()?;
        }
        return Ok(());
    }
    parallel(&mut blocks, first, config.threads, &init, &work, &mut sink)
}

/// A block to process: its sequence number, bytes and start.
type Job<S> = (usize, Vec<u8>, S);
/// A processed block: its sequence number and result (or the panic of its worker).
type Done<T> = (usize, std::thread::Result<T>);

fn parallel<R, F, W, T, E>(
    blocks: &mut Blocks<'_, R, F>,
    first: (Vec<u8>, F::Start),
    threads: usize,
    init: &(impl Fn() -> W + Sync),
    work: &(impl Fn(&mut W, &[u8], &F::Start) -> T + Sync),
    sink: &mut impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    R: Read,
    F: Framing + Sync,
    T: Send,
    E: From<io::Error>,
{
    let in_flight_max = threads * 2;
    let (job_tx, job_rx) = mpsc::sync_channel::<Job<F::Start>>(in_flight_max);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<T>>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || {
                let mut state = init();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((number, bytes, start)) = job else {
                        return;
                    };
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        work(&mut state, &bytes, &start)
                    }));
                    let panicked = result.is_err();
                    if done_tx.send((number, result)).is_err() || panicked {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        reassemble(blocks, first, in_flight_max, job_tx, &done_rx, sink)
    })
}

/// Feeds the workers and hands their results to `sink` in input order. Returning drops
/// `job_tx`, which lets the workers finish.
fn reassemble<R, F, T, E>(
    blocks: &mut Blocks<'_, R, F>,
    first: (Vec<u8>, F::Start),
    in_flight_max: usize,
    job_tx: mpsc::SyncSender<Job<F::Start>>,
    done_rx: &mpsc::Receiver<Done<T>>,
    sink: &mut impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    R: Read,
    F: Framing,
    E: From<io::Error>,
{
    let stopped = || io::Error::other("the stream's worker threads stopped");
    let mut pending: BTreeMap<usize, T> = BTreeMap::new();
    let (mut sent, mut written) = (0usize, 0usize);
    let mut next = Some(first);
    loop {
        while sent - written < in_flight_max {
            let Some((bytes, start)) = next.take() else {
                break;
            };
            job_tx.send((sent, bytes, start)).map_err(|_| stopped())?;
            sent += 1;
            next = blocks.next_block()?;
        }
        if sent == written {
            return Ok(());
        }
        let (number, result) = done_rx.recv().map_err(|_| stopped())?;
        match result {
            Ok(result) => {
                pending.insert(number, result);
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
        while let Some(result) = pending.remove(&written) {
            written += 1;
            sink(result)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per read, as pipes do.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            let (head, tail) = self.bytes.split_at(n);
            buf[..n].copy_from_slice(head);
            self.bytes = tail;
            Ok(n)
        }
    }

    fn blocks_of(input: &[u8], config: Config, step: usize) -> Vec<(Vec<u8>, LineStart)> {
        let mut out = Vec::new();
        for_each_block(
            Trickle { bytes: input, step },
            &Lines,
            config,
            || (),
            |_, bytes, start| (bytes.to_vec(), *start),
            |b| {
                out.push(b);
                Ok::<(), io::Error>(())
            },
        )
        .unwrap();
        out
    }

    proptest::proptest! {
        #[test]
        fn blocks_are_whole_lines_in_order(
            input in proptest::collection::vec(proptest::sample::select(b"ab\n\r".to_vec()), 0..400),
            block in 1usize..40,
            step in 1usize..50,
            threads in 1usize..4,
        ) {
            let got = blocks_of(&input, Config { threads, block_size: block }, step);
            let joined: Vec<u8> = got.iter().flat_map(|(b, _)| b.clone()).collect();
            proptest::prop_assert_eq!(&joined, &input);
            let mut line = 1;
            let mut offset = 0u64;
            for (i, (bytes, start)) in got.iter().enumerate() {
                proptest::prop_assert_eq!(*start, LineStart { line, offset });
                proptest::prop_assert!(!bytes.is_empty());
                if i + 1 < got.len() {
                    proptest::prop_assert_eq!(bytes.last(), Some(&b'\n'));
                }
                line += count_newlines(bytes);
                offset += bytes.len() as u64;
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn counts_agree_with_the_standard_library(text in "\\PC{0,80}", nl in 0usize..4) {
            let text = format!("{text}{}", "\n".repeat(nl));
            proptest::prop_assert_eq!(count_chars(text.as_bytes()), text.chars().count());
            proptest::prop_assert_eq!(
                count_newlines(text.as_bytes()),
                text.bytes().filter(|&b| b == b'\n').count()
            );
            proptest::prop_assert_eq!(from_utf8(text.as_bytes()), Ok(text.as_str()));
        }

        #[test]
        fn invalid_utf8_is_refused_as_the_standard_library_refuses_it(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
        ) {
            proptest::prop_assert_eq!(from_utf8(&bytes), std::str::from_utf8(&bytes));
        }
    }

    #[test]
    fn a_sink_error_stops_the_stream() {
        let input = "line\n".repeat(1000);
        let mut seen = 0;
        let result = for_each_block(
            input.as_bytes(),
            &Lines,
            Config::default().threads(2).block_size(10),
            || (),
            |_, _, start| start.line,
            |line| {
                seen += 1;
                if line > 50 {
                    Err(io::Error::other("stop"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(result.is_err());
        // Blocks of two lines: the results of lines 1, 3, …, 49 and the one refused.
        assert_eq!(seen, 26);
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_worker_panic_reaches_the_caller() {
        let input = "line\n".repeat(100);
        let _ = for_each_block(
            input.as_bytes(),
            &Lines,
            Config::default().threads(2).block_size(10),
            || (),
            |_, _, start| assert!(start.line < 40, "boom"),
            |()| Ok::<(), io::Error>(()),
        );
    }
}
