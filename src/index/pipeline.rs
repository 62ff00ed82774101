//! The build pipeline behind [`IndexBuilder`]: keys of every form computed on every core into
//! sorted runs (spilled to temporary files past a memory budget), the runs of each fst merged
//! into posting lists and fst keys, the fsts built on every core, and the file streamed out
//! section by section with its checksum.
//!
//! Peak memory is the builder's records, the sorting budget and one fst builder per channel,
//! whatever the number of keys. The output does not depend on the budget or on the number of
//! threads: each fst is built from the merged `(key, form)` order.

use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use fst::MapBuilder;

use super::IndexError;
use super::build::{IndexBuilder, in_parallel};
use super::format::{FORMAT_VERSION, HEADER_LEN, MAGIC, SECTION_ROW_LEN, Section, write_varint};
use super::sort::{Merge, Run, RunBuffer};
use super::spool::Spool;
use crate::key;
use crate::lookup::names::{self, Part};
use crate::normalize::normalize;

/// The fsts of an index, in the order their pairs are computed: key, reversed key,
/// cross-script key, word key.
const CHANNELS: usize = 4;

/// The channel whose fst stores no postings (its values are 0).
const REVERSED: usize = 1;

/// How a build runs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan<'a> {
    /// Threads computing keys and building fsts.
    pub(crate) threads: usize,
    /// Bytes of pairs held in memory before sorted runs are written out.
    pub(crate) budget: usize,
    /// Where temporary files go; `None` keeps everything in memory.
    pub(crate) dir: Option<&'a Path>,
}

impl Plan<'_> {
    /// The largest spool kept in memory.
    fn spool_limit(&self) -> usize {
        (self.budget / 8).max(1)
    }
}

/// The body of one section.
pub(crate) enum Body<'a> {
    /// Bytes the builder holds, one slice after the other.
    Slices(Vec<&'a [u8]>),
    /// Bytes computed for the file.
    Bytes(Vec<u8>),
    /// Bytes in spools, one after the other.
    Spools(Vec<Spool>),
}

impl Body<'_> {
    fn len(&self) -> u64 {
        match self {
            Body::Slices(s) => s.iter().map(|b| b.len() as u64).sum(),
            Body::Bytes(b) => b.len() as u64,
            Body::Spools(s) => s.iter().map(Spool::len).sum(),
        }
    }
}

fn io_error(e: io::Error) -> IndexError {
    IndexError::Io {
        path: std::path::PathBuf::from("(temporary file)"),
        source: e,
    }
}

fn fst_error(e: fst::Error) -> IndexError {
    match e {
        fst::Error::Io(e) => io_error(e),
        e => IndexError::corrupt(format!("building an fst failed: {e}")),
    }
}

/// The pairs of forms `start..end`, sorted into runs per channel.
fn key_runs(
    builder: &IndexBuilder,
    start: usize,
    end: usize,
    plan: Plan<'_>,
) -> Result<[Vec<Run>; CHANNELS], IndexError> {
    let mut runs: [Vec<Run>; CHANNELS] = Default::default();
    let mut buffers: [RunBuffer; CHANNELS] = Default::default();
    let budget = (plan.budget / plan.threads.max(1)).max(1);
    let mut words: Vec<String> = Vec::new();
    let mut reversed = String::new();
    for i in start..end {
        let text = builder.text(i);
        let form = u32::try_from(i).map_err(|_| super::build::too_large())?;
        let k = key::key(text);
        reversed.clear();
        reversed.extend(k.chars().rev());
        let name_words = names::words(&normalize(text));
        let mut cross = key::cross_script_keys(text);
        bare_name_keys(&name_words, &mut cross);
        words.clear();
        word_keys(&name_words, &mut words);
        let all = [(0, &k), (REVERSED, &reversed)]
            .into_iter()
            .chain(cross.iter().map(|x| (2, x)))
            .chain(words.iter().map(|x| (3, x)));
        for (channel, key) in all {
            if key.len() > super::MAX_KEY_BYTES {
                return Err(IndexError::BadRecord {
                    ordinal: i,
                    entry: String::new(),
                    what: format!(
                        "its key is longer than {} bytes; shorten the text",
                        super::MAX_KEY_BYTES
                    ),
                });
            }
            let pushed = buffers
                .get_mut(channel)
                .is_some_and(|buffer| buffer.push(key.as_bytes(), form));
            if !pushed {
                return Err(super::build::too_large());
            }
        }
        let size: usize = buffers.iter().map(RunBuffer::size).sum();
        if let (true, Some(dir)) = (size > budget, plan.dir) {
            for (runs, buffer) in runs.iter_mut().zip(&mut buffers) {
                if !buffer.is_empty() {
                    runs.push(std::mem::take(buffer).spill(dir).map_err(io_error)?);
                }
            }
        }
    }
    for (runs, buffer) in runs.iter_mut().zip(buffers) {
        if !buffer.is_empty() {
            runs.push(buffer.sort());
        }
    }
    Ok(runs)
}

/// The key of each distinct full word, patronymic or word of an autonomous unit's designation of
/// a name of several words (generic words and initials left out: they are optional, or too short
/// to find a name by).
fn word_keys(words: &[names::Word], out: &mut Vec<String>) {
    if !names::has_parts(words) {
        return;
    }
    for word in words {
        if matches!(word.part, Part::Full | Part::Patronymic | Part::Designation)
            && !out.contains(&word.key)
        {
            out.push(word.key.clone());
        }
    }
}

/// Adds to the cross-script keys `cross` of a name of several words (`words`) the keys of the
/// name without its generic words ([`names::bare_names`]), each ending in
/// [`key::BARE_NAME_MARK`], so that a query in another script meets *Bole City* as *Боле*.
fn bare_name_keys(words: &[names::Word], cross: &mut Vec<String>) {
    for bare in names::bare_names(words) {
        for mut bare_key in key::cross_script_keys(&bare) {
            bare_key.push(key::BARE_NAME_MARK);
            if !cross.contains(&bare_key) {
                cross.push(bare_key);
            }
        }
    }
}

/// One channel merged: its distinct keys with their posting offsets relative to the channel's
/// first posting list (`varint length, key, u64 LE`), and its posting lists.
struct Grouped {
    keys: Spool,
    postings: Spool,
}

/// Merges the runs of a channel whose keys have posting lists.
fn group(runs: Vec<Run>, plan: Plan<'_>) -> Result<Grouped, IndexError> {
    let mut merge = Merge::new(runs).map_err(io_error)?;
    let mut keys = io::BufWriter::with_capacity(1 << 16, Spool::new(plan.spool_limit(), plan.dir));
    let mut postings =
        io::BufWriter::with_capacity(1 << 16, Spool::new(plan.spool_limit(), plan.dir));
    let mut written: u64 = 0;
    let mut current: Vec<u8> = Vec::new();
    let mut forms: Vec<u32> = Vec::new();
    let mut scratch = Vec::with_capacity(64);
    let mut flush = |key: &[u8], forms: &[u32]| -> io::Result<()> {
        let Some((&first, rest)) = forms.split_first() else {
            return Ok(());
        };
        scratch.clear();
        write_varint(&mut scratch, key.len() as u32);
        scratch.extend_from_slice(key);
        scratch.extend_from_slice(&written.to_le_bytes());
        keys.write_all(&scratch)?;
        scratch.clear();
        write_varint(&mut scratch, (first << 1) | u32::from(!rest.is_empty()));
        if !rest.is_empty() {
            write_varint(&mut scratch, rest.len() as u32);
            let mut last = first;
            for &form in rest {
                write_varint(&mut scratch, form - last);
                last = form;
            }
        }
        postings.write_all(&scratch)?;
        written += scratch.len() as u64;
        Ok(())
    };
    while let Some((key, form)) = merge.next_pair().map_err(io_error)? {
        if key != current.as_slice() {
            flush(&current, &forms).map_err(io_error)?;
            current.clear();
            current.extend_from_slice(key);
            forms.clear();
        }
        forms.push(form);
    }
    flush(&current, &forms).map_err(io_error)?;
    let keys = keys.into_inner().map_err(|e| io_error(e.into_error()))?;
    let postings = postings
        .into_inner()
        .map_err(|e| io_error(e.into_error()))?;
    Ok(Grouped { keys, postings })
}

/// Builds the fst of a channel with no postings: its distinct keys, each with the value 0.
fn distinct_fst(runs: Vec<Run>, plan: Plan<'_>) -> Result<Spool, IndexError> {
    let mut merge = Merge::new(runs).map_err(io_error)?;
    let out = io::BufWriter::with_capacity(1 << 16, Spool::new(plan.spool_limit(), plan.dir));
    let mut builder = MapBuilder::new(out).map_err(fst_error)?;
    let mut last: Option<Vec<u8>> = None;
    while let Some((key, _)) = merge.next_pair().map_err(io_error)? {
        if last.as_deref() != Some(key) {
            builder.insert(key, 0).map_err(fst_error)?;
            let mut buffer = last.take().unwrap_or_default();
            buffer.clear();
            buffer.extend_from_slice(key);
            last = Some(buffer);
        }
    }
    let out = builder.into_inner().map_err(fst_error)?;
    out.into_inner().map_err(|e| io_error(e.into_error()))
}

/// Builds an fst from the keys of [`group`], adding `base` to every value.
fn keyed_fst(keys: Spool, base: u64, plan: Plan<'_>) -> Result<Spool, IndexError> {
    let mut reader = keys.into_reader().map_err(io_error)?;
    let out = io::BufWriter::with_capacity(1 << 16, Spool::new(plan.spool_limit(), plan.dir));
    let mut builder = MapBuilder::new(out).map_err(fst_error)?;
    let mut key = Vec::new();
    while !reader.fill_buf().map_err(io_error)?.is_empty() {
        let len = super::sort::read_varint_from(&mut reader, "a key").map_err(io_error)?;
        key.resize(len as usize, 0);
        reader.read_exact(&mut key).map_err(io_error)?;
        let mut value = [0u8; 8];
        reader.read_exact(&mut value).map_err(io_error)?;
        builder
            .insert(&key, base + u64::from_le_bytes(value))
            .map_err(fst_error)?;
    }
    let out = builder.into_inner().map_err(fst_error)?;
    out.into_inner().map_err(|e| io_error(e.into_error()))
}

/// The four fsts (key, reversed, cross-script, words) and the postings, in file order.
pub(crate) struct Fsts {
    /// The fsts, in channel order.
    pub(crate) fsts: [Spool; CHANNELS],
    /// The posting lists of the key, cross-script and word channels, in that order.
    pub(crate) postings: Vec<Spool>,
}

/// Computes, sorts and merges the keys of every form of `builder` and builds its fsts.
pub(crate) fn build_fsts(builder: &IndexBuilder, plan: Plan<'_>) -> Result<Fsts, IndexError> {
    let n = builder.len();
    let threads = plan.threads.max(1);
    let chunk = n.div_ceil(threads).max(1);
    let parts = in_parallel(
        (0..n)
            .step_by(chunk)
            .map(|start| move || key_runs(builder, start, (start + chunk).min(n), plan)),
    );
    let mut channels: [Vec<Run>; CHANNELS] = Default::default();
    for part in parts {
        let part = part.ok_or_else(|| IndexError::corrupt("a key-building thread failed"))??;
        for (all, some) in channels.iter_mut().zip(part) {
            all.extend(some);
        }
    }
    let [key_runs, reversed_runs, cross_runs, word_runs] = channels;
    let jobs = [key_runs, cross_runs, word_runs];
    // The reversed keys (no postings) go straight to their fst; every other channel is merged
    // (phase 1), then its fst is built with its values offset by the channel's first posting
    // (phase 2).
    let reversed_job = move || distinct_fst(reversed_runs, plan);
    // One thread (and every WebAssembly build, which has no threads) stays on this thread.
    if threads == 1 || cfg!(target_family = "wasm") {
        let reversed = reversed_job()?;
        let grouped = jobs.into_iter().map(|runs| Some(group(runs, plan)));
        let (keys, postings) = offsets(grouped)?;
        let built = keys
            .into_iter()
            .map(|(keys, base)| keyed_fst(keys, base, plan))
            .collect();
        return collect_fsts(reversed, built, postings);
    }
    // The reversed fst is built on a thread of its own through both phases.
    std::thread::scope(|scope| {
        let handle = scope.spawn(reversed_job);
        let grouped = in_parallel(jobs.into_iter().map(|runs| move || group(runs, plan)));
        let phase_2 = offsets(grouped.into_iter()).map(|(keys, postings)| {
            let jobs = keys
                .into_iter()
                .map(|(keys, base)| move || keyed_fst(keys, base, plan));
            let built: Vec<Result<Spool, IndexError>> = in_parallel(jobs)
                .into_iter()
                .map(|r| {
                    r.unwrap_or_else(|| Err(IndexError::corrupt("an fst-building thread failed")))
                })
                .collect();
            (built, postings)
        });
        let reversed = handle
            .join()
            .map_err(|_| IndexError::corrupt("an fst-building thread failed"))??;
        let (built, postings) = phase_2?;
        collect_fsts(reversed, built, postings)
    })
}

/// The key spools of merged channels, each with the offset of its first posting in the
/// postings section.
type KeySpools = Vec<(Spool, u64)>;

/// The key spools of merged channels (see [`KeySpools`]) and the channels' postings in order.
fn offsets(
    grouped: impl Iterator<Item = Option<Result<Grouped, IndexError>>>,
) -> Result<(KeySpools, Vec<Spool>), IndexError> {
    let mut postings = Vec::with_capacity(3);
    let mut keys = Vec::with_capacity(3);
    let mut base = 0;
    for g in grouped {
        let g = g.ok_or_else(|| IndexError::corrupt("a merging thread failed"))??;
        keys.push((g.keys, base));
        base += g.postings.len();
        postings.push(g.postings);
    }
    Ok((keys, postings))
}

/// The fsts in file order from the reversed fst and the key, cross-script and word fsts.
fn collect_fsts(
    reversed: Spool,
    built: Vec<Result<Spool, IndexError>>,
    postings: Vec<Spool>,
) -> Result<Fsts, IndexError> {
    let mut built = built.into_iter();
    let mut next = || {
        built
            .next()
            .unwrap_or_else(|| Err(IndexError::corrupt("the builder lost an fst")))
    };
    let (key_fst, cross_fst, word_fst) = (next()?, next()?, next()?);
    Ok(Fsts {
        fsts: [key_fst, reversed, cross_fst, word_fst],
        postings,
    })
}

/// A writer that keeps the CRC-32 of what passes through.
struct Checksummed<'w> {
    out: &'w mut dyn Write,
    crc: crc32fast::Hasher,
}

impl Write for Checksummed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.crc.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes a file of `sections` (in [`Section::ALL`] order) to `out`: the header, the section
/// table, the bodies one after the other, and the CRC-32 of all of it.
pub(crate) fn write_sections(
    sections: Vec<(Section, Body<'_>)>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut out = Checksummed {
        out,
        crc: crc32fast::Hasher::new(),
    };
    let table_end = HEADER_LEN + sections.len() * SECTION_ROW_LEN;
    let mut header = Vec::with_capacity(table_end);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    header.extend_from_slice(&crate::key::PIPELINE_VERSION.to_le_bytes());
    header.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes());
    let mut offset = table_end as u64;
    for (section, body) in &sections {
        header.extend_from_slice(&(*section as u32).to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&offset.to_le_bytes());
        header.extend_from_slice(&body.len().to_le_bytes());
        offset += body.len();
    }
    out.write_all(&header)?;
    for (_, body) in sections {
        match body {
            Body::Slices(slices) => {
                for b in slices {
                    out.write_all(b)?;
                }
            }
            Body::Bytes(b) => out.write_all(&b)?,
            Body::Spools(spools) => {
                for spool in spools {
                    match spool.into_memory_or_reader()? {
                        Ok(bytes) => out.write_all(&bytes)?,
                        Err(mut reader) => {
                            io::copy(&mut reader, &mut out)?;
                        }
                    }
                }
            }
        }
    }
    let crc = out.crc.clone().finalize();
    out.out.write_all(&crc.to_le_bytes())
}
