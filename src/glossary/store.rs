//! Where a glossary's entries live, and their compiled form.
//!
//! The compiled form (what [`super::Glossary::to_bytes`] writes and index files carry as their
//! payload) encodes every entry separately behind a table of offsets, so that a glossary opened
//! from it decodes an entry only when something asks for it: a lookup in a 500-entry glossary
//! decodes the few entries it returns, not all of them. A glossary built from directories holds
//! its entries decoded from the start.
//!
//! Layout, all integers little-endian `u32`: the magic `TILMACHG`, the format version, the number
//! of entries `n`, the length of the sources block, the sources block (postcard), `n + 1` offsets
//! into the entry block, and the entry block (each entry postcard-encoded, in id order).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::model::{Entry, Source};
use crate::{Error, Result};

/// Identifies a compiled glossary.
const MAGIC: &[u8; 8] = b"TILMACHG";
/// The version of the compiled layout; bumped when [`Entry`] or the layout changes shape.
const FORMAT_VERSION: u32 = 2;

/// The entries of a glossary: decoded, or decoded on first access from a compiled form.
#[derive(Clone, Debug)]
pub(crate) struct Store {
    slots: Vec<OnceLock<Entry>>,
    /// The byte range of each entry in the compiled form; empty when every slot is filled.
    spans: Vec<Range<usize>>,
}

impl Store {
    /// A store of decoded entries.
    pub(crate) fn decoded(entries: Vec<Entry>) -> Store {
        Store {
            slots: entries.into_iter().map(OnceLock::from).collect(),
            spans: Vec::new(),
        }
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Entry `i`, decoding it from `compiled` (the bytes the store was opened from) on first use.
    ///
    /// Returns `None` for an index out of range, or for an entry whose bytes do not decode, which
    /// cannot happen for bytes that [`Store::verify`] accepted or that this crate wrote.
    pub(crate) fn get<'s>(&'s self, i: usize, compiled: &[u8]) -> Option<&'s Entry> {
        let slot = self.slots.get(i)?;
        if let Some(entry) = slot.get() {
            return Some(entry);
        }
        let bytes = compiled.get(self.spans.get(i)?.clone())?;
        let entry: Entry = postcard::from_bytes(bytes).ok()?;
        Some(slot.get_or_init(|| entry))
    }

    /// Decodes every entry now, checking that each decodes and that ids are strictly ascending.
    pub(crate) fn verify(&self, compiled: &[u8]) -> Result<()> {
        let mut previous: Option<&str> = None;
        for i in 0..self.len() {
            let entry = self
                .get(i, compiled)
                .ok_or_else(|| corrupt(format!("its entry number {i} does not decode")))?;
            if previous.is_some_and(|p| p >= entry.id.as_str()) {
                return Err(corrupt("its entries are not sorted by id".into()));
            }
            previous = Some(&entry.id);
        }
        Ok(())
    }
}

fn corrupt(reason: String) -> Error {
    Error::Compiled { reason }
}

/// Encodes entries (in id order) and sources in the compiled form.
pub(crate) fn encode<'e>(
    entries: impl Iterator<Item = &'e Entry>,
    sources: &BTreeMap<String, Source>,
) -> Vec<u8> {
    let mut blob = Vec::with_capacity(256 * 1024);
    let mut offsets: Vec<u32> = vec![0];
    for entry in entries {
        // Serializing plain owned data into a Vec cannot fail: postcard's only errors are for
        // unsupported types (none here) and full fixed-size buffers (a Vec grows).
        #[allow(clippy::expect_used)]
        let bytes = postcard::to_allocvec(entry).expect("entries serialize");
        blob.extend_from_slice(&bytes);
        offsets.push(u32::try_from(blob.len()).unwrap_or(u32::MAX));
    }
    #[allow(clippy::expect_used)]
    let sources = postcard::to_allocvec(sources).expect("sources serialize");
    let count = offsets.len() - 1;
    let mut out = Vec::with_capacity(24 + sources.len() + 4 * offsets.len() + blob.len());
    out.extend_from_slice(MAGIC);
    for n in [
        FORMAT_VERSION,
        u32::try_from(count).unwrap_or(u32::MAX),
        u32::try_from(sources.len()).unwrap_or(u32::MAX),
    ] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&sources);
    for offset in offsets {
        out.extend_from_slice(&offset.to_le_bytes());
    }
    out.extend_from_slice(&blob);
    out
}

/// Reads the header of a compiled glossary: its sources, and a store that decodes its entries
/// from the same bytes on demand. Checks the magic, the version and every offset.
pub(crate) fn open(bytes: &[u8]) -> Result<(Store, BTreeMap<String, Source>)> {
    let truncated = || corrupt("it is truncated".into());
    let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| {
        corrupt("it does not start with the compiled-glossary magic bytes".into())
    })?;
    let word = |at: usize| -> Option<usize> {
        let b: [u8; 4] = body.get(at..at.checked_add(4)?)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(b)).ok()
    };
    let version = word(0).ok_or_else(truncated)?;
    if version != FORMAT_VERSION as usize {
        return Err(corrupt(format!(
            "it has format version {version}, this build reads version {FORMAT_VERSION}; rebuild it"
        )));
    }
    let count = word(4).ok_or_else(truncated)?;
    let sources_len = word(8).ok_or_else(truncated)?;
    let sources_start: usize = 12;
    let table = sources_start
        .checked_add(sources_len)
        .ok_or_else(truncated)?;
    let sources_bytes = body.get(sources_start..table).ok_or_else(truncated)?;
    let sources: BTreeMap<String, Source> = postcard::from_bytes(sources_bytes)
        .map_err(|e| corrupt(format!("its sources do not decode: {e}")))?;
    let blob_start = count
        .checked_add(1)
        .and_then(|n| n.checked_mul(4))
        .and_then(|n| n.checked_add(table))
        .ok_or_else(truncated)?;
    let blob_len = body.len().checked_sub(blob_start).ok_or_else(truncated)?;
    let mut spans = Vec::with_capacity(count);
    let mut previous = word(table).ok_or_else(truncated)?;
    for i in 1..=count {
        let next = word(table + 4 * i).ok_or_else(truncated)?; // table + 4 * count < blob_start
        if next < previous || next > blob_len {
            return Err(corrupt(format!(
                "its offset of entry {i} is out of order or out of bounds"
            )));
        }
        // Offsets are into `bytes` (magic included), so that `Store::get` slices them directly.
        spans.push(MAGIC.len() + blob_start + previous..MAGIC.len() + blob_start + next);
        previous = next;
    }
    let store = Store {
        slots: (0..count).map(|_| OnceLock::new()).collect(),
        spans,
    };
    Ok((store, sources))
}
