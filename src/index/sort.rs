//! External sorting of `(key, form)` pairs: pairs are collected in a compact buffer, sorted
//! when it is full and written out as a sorted run (see [`super::spool`]), and the runs are
//! merged back into one sorted stream. The merged order is the order of `(key bytes, form)`, so
//! it does not depend on how the pairs were split into runs or on the number of threads.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use super::format::write_varint;
use super::spool::{Spool, SpoolReader};

/// Pairs not yet sorted: key bytes side by side, and per pair its key's place and its form.
#[derive(Debug, Default)]
pub(crate) struct RunBuffer {
    bytes: Vec<u8>,
    /// Start and length of the key in `bytes`, and the form.
    pairs: Vec<(u32, u32, u32)>,
}

/// The bytes a pair costs in a [`RunBuffer`] besides its key.
const PAIR_BYTES: usize = 12;

impl RunBuffer {
    /// Adds a pair; `false` when the buffer cannot address more key bytes (4 GiB).
    pub(crate) fn push(&mut self, key: &[u8], form: u32) -> bool {
        let (Ok(start), Ok(len)) = (u32::try_from(self.bytes.len()), u32::try_from(key.len()))
        else {
            return false;
        };
        if start.checked_add(len).is_none() {
            return false;
        }
        self.bytes.extend_from_slice(key);
        self.pairs.push((start, len, form));
        true
    }

    /// The memory the buffer's contents take.
    pub(crate) fn size(&self) -> usize {
        self.bytes.len() + self.pairs.len() * PAIR_BYTES
    }

    /// Whether the buffer has no pair.
    pub(crate) fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    fn key(&self, pair: &(u32, u32, u32)) -> &[u8] {
        let start = pair.0 as usize;
        self.bytes
            .get(start..start + pair.1 as usize)
            .unwrap_or_default()
    }

    /// Sorts the pairs into a run kept in memory.
    pub(crate) fn sort(mut self) -> Run {
        let mut pairs = std::mem::take(&mut self.pairs);
        pairs.sort_unstable_by(|a, b| self.key(a).cmp(self.key(b)).then(a.2.cmp(&b.2)));
        self.pairs = pairs;
        Run::Memory(self)
    }

    /// Sorts the pairs and writes them to a spool in `dir` (see [`Run::Spooled`]).
    pub(crate) fn spill(self, dir: &Path) -> io::Result<Run> {
        let Run::Memory(sorted) = self.sort() else {
            return Err(io::Error::other("a sorted run was not in memory"));
        };
        let mut spool = Spool::new(0, Some(dir));
        let mut out = Vec::with_capacity(1 << 16);
        for pair in &sorted.pairs {
            let key = sorted.key(pair);
            write_varint(&mut out, pair.1);
            out.extend_from_slice(key);
            out.extend_from_slice(&pair.2.to_le_bytes());
            if out.len() >= 1 << 16 {
                spool.write_all(&out)?;
                out.clear();
            }
        }
        spool.write_all(&out)?;
        Ok(Run::Spooled(spool.into_reader()?))
    }
}

/// Sorted pairs, in memory or in a spool: per pair a varint key length, the key, the form (u32).
#[derive(Debug)]
pub(crate) enum Run {
    /// A sorted buffer.
    Memory(RunBuffer),
    /// A sorted run written out.
    Spooled(SpoolReader),
}

/// One run being read, with its next pair.
struct Cursor {
    run: Run,
    at: usize,
}

impl Cursor {
    /// Reads the next pair into `key`, returning its form, or `None` at the end.
    fn next(&mut self, key: &mut Vec<u8>) -> io::Result<Option<u32>> {
        key.clear();
        match &mut self.run {
            Run::Memory(buffer) => {
                let Some(pair) = buffer.pairs.get(self.at) else {
                    return Ok(None);
                };
                self.at += 1;
                key.extend_from_slice(buffer.key(pair));
                Ok(Some(pair.2))
            }
            Run::Spooled(reader) => {
                if reader.fill_buf()?.is_empty() {
                    return Ok(None);
                }
                let len = read_varint_from(reader, "a sorted run")? as usize;
                key.resize(len, 0);
                reader.read_exact(key)?;
                let mut form = [0u8; 4];
                reader.read_exact(&mut form)?;
                Ok(Some(u32::from_le_bytes(form)))
            }
        }
    }
}

/// Reads a LEB128 length of at most 32 bits written by this module's spill writers; `what` names
/// the thing whose length it is, for the error.
pub(super) fn read_varint_from(reader: &mut impl Read, what: &str) -> io::Result<u32> {
    let mut value: u32 = 0;
    for shift in [0u32, 7, 14, 21, 28] {
        let mut b = [0u8; 1];
        reader.read_exact(&mut b)?;
        value |= u32::from(b[0] & 0x7F) << shift;
        if b[0] & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{what} has a bad length"),
    ))
}

/// The next pair of one run, ordered for a min-heap.
#[derive(PartialEq, Eq)]
struct Head {
    key: Vec<u8>,
    form: u32,
    run: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Head) -> Ordering {
        (&self.key, self.form, self.run).cmp(&(&other.key, other.form, other.run))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Every pair of several sorted runs, in `(key, form)` order.
pub(crate) struct Merge {
    cursors: Vec<Cursor>,
    heap: BinaryHeap<Reverse<Head>>,
    /// The allocation of the head last returned, for the next read of its run.
    spare: Vec<u8>,
    /// The pair last returned.
    current: Option<Head>,
}

impl Merge {
    /// Merges `runs`.
    pub(crate) fn new(runs: Vec<Run>) -> io::Result<Merge> {
        let mut cursors: Vec<Cursor> = runs.into_iter().map(|run| Cursor { run, at: 0 }).collect();
        let mut heap = BinaryHeap::with_capacity(cursors.len());
        for (run, cursor) in cursors.iter_mut().enumerate() {
            let mut key = Vec::new();
            if let Some(form) = cursor.next(&mut key)? {
                heap.push(Reverse(Head { key, form, run }));
            }
        }
        Ok(Merge {
            cursors,
            heap,
            spare: Vec::new(),
            current: None,
        })
    }

    /// Advances to the next pair and returns it, or `None` when every run is exhausted.
    pub(crate) fn next_pair(&mut self) -> io::Result<Option<(&[u8], u32)>> {
        if let Some(done) = self.current.take() {
            // Refill from the run the last pair came from.
            let mut key = std::mem::take(&mut self.spare);
            if let Some(cursor) = self.cursors.get_mut(done.run)
                && let Some(form) = cursor.next(&mut key)?
            {
                self.heap.push(Reverse(Head {
                    key,
                    form,
                    run: done.run,
                }));
            }
            self.spare = done.key;
        }
        self.current = self.heap.pop().map(|Reverse(head)| head);
        Ok(self.current.as_ref().map(|h| (h.key.as_slice(), h.form)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs_of(mut merge: Merge) -> Vec<(Vec<u8>, u32)> {
        let mut out = Vec::new();
        while let Some((k, f)) = merge.next_pair().unwrap() {
            out.push((k.to_vec(), f));
        }
        out
    }

    #[test]
    fn merged_runs_give_the_sorted_pairs_whatever_the_split() {
        let dir = tempfile::tempdir().unwrap();
        let mut all: Vec<(Vec<u8>, u32)> = Vec::new();
        for i in 0..500u32 {
            let key = format!("k{}", (i * 7919) % 97).into_bytes();
            all.push((key, i % 50));
        }
        let mut sorted = all.clone();
        sorted.sort();
        for size in [1, 3, 64, 1000] {
            let mut runs = Vec::new();
            for (n, chunk) in all.chunks(size).enumerate() {
                let mut buffer = RunBuffer::default();
                for (k, f) in chunk {
                    assert!(buffer.push(k, *f));
                }
                runs.push(if n % 2 == 0 {
                    buffer.spill(dir.path()).unwrap()
                } else {
                    buffer.sort()
                });
            }
            assert_eq!(
                pairs_of(Merge::new(runs).unwrap()),
                sorted,
                "runs of {size}"
            );
        }
        assert!(pairs_of(Merge::new(Vec::new()).unwrap()).is_empty());
    }
}
