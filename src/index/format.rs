//! The on-disk layout of an index file, its errors, and the checks that make untrusted bytes safe
//! to read.
//!
//! ```text
//! offset  size        field
//! 0       8           magic  b"TILMIDX\0"
//! 8       4           format version (u32 LE)      = FORMAT_VERSION
//! 12      4           key-pipeline version (u32)   = key::PIPELINE_VERSION
//! 16      4           number of sections (u32)
//! 20      4           reserved, 0
//! 24      24 × n      section table: tag u32, reserved u32, offset u64, length u64
//! …                   section bodies, in table order, contiguous
//! len−4   4           CRC-32 (IEEE) of every byte before it
//! ```
//!
//! All integers are little-endian. The sections are listed in [`Section`]. The record tables
//! (forms, text and id offsets, entry forms, entry kinds) are packed tables: a width, a u32
//! base per block of 32 values, and each value's difference from its base in that many bits
//! (see `packed`; version 2 stored them as u16 and u32 arrays). An fst `Map` value
//! is the offset of the key's posting list in the postings section: a varint holding
//! `first form << 1 | more`, then, when `more` is set, a varint count of further forms and
//! their gaps from the previous form as varints. Values grow with the keys, which keeps fst
//! construction linear (outputs are never pushed down) — storing single form ordinals inline
//! made building 1M names several times slower because they arrive in random key order.

use std::path::PathBuf;

use crate::error::Problems;

/// The magic bytes every index file starts with.
pub const MAGIC: &[u8; 8] = b"TILMIDX\0";

/// The version of the file layout described in this module.
pub const FORMAT_VERSION: u32 = 3;

/// The size of the fixed header before the section table.
pub(crate) const HEADER_LEN: usize = 24;

/// The size of one section-table row.
pub(crate) const SECTION_ROW_LEN: usize = 24;

/// What went wrong while building, opening or searching an index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The bytes do not start with the index magic.
    #[error(
        "this is not a tilmach index file (it does not start with the index magic bytes); build one with `tilmach index build INPUT... -o FILE`"
    )]
    NotAnIndex,
    /// The file uses another layout version.
    #[error(
        "the index file has format version {found}, but this tilmach reads version {expected}; rebuild it with `tilmach index build INPUT... -o FILE`"
    )]
    FormatVersion {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The file was built with another key pipeline, so its keys would not match queries.
    #[error(
        "the index file was built with key-pipeline version {found}, but this tilmach computes keys with version {expected}; rebuild it with `tilmach index build INPUT... -o FILE`"
    )]
    PipelineVersion {
        /// The version in the file.
        found: u32,
        /// The version of this build.
        expected: u32,
    },
    /// The file is shorter than its own header or section table says.
    #[error(
        "the index file is truncated ({len} bytes, but its layout needs at least {needed}); rebuild it with `tilmach index build INPUT... -o FILE`"
    )]
    Truncated {
        /// The length of the bytes given.
        len: usize,
        /// The length the layout needs.
        needed: usize,
    },
    /// The checksum does not match the contents.
    #[error(
        "the index file is corrupt (checksum {found:08x}, expected {expected:08x}); rebuild it with `tilmach index build INPUT... -o FILE`"
    )]
    Checksum {
        /// The checksum stored in the file.
        expected: u32,
        /// The checksum of the contents.
        found: u32,
    },
    /// The file's structure is inconsistent.
    #[error(
        "the index file is corrupt: {what}; rebuild it with `tilmach index build INPUT... -o FILE`"
    )]
    Corrupt {
        /// What is inconsistent.
        what: String,
    },
    /// A name table has problems; all of them are listed.
    #[error("the name table has {} problem{}:\n{}", .0.0.len(), if .0.0.len() == 1 { "" } else { "s" }, .0)]
    NameTable(Problems),
    /// The input is too large for the file layout.
    #[error("{what}; split the input into several indexes")]
    TooLarge {
        /// What overflowed.
        what: String,
    },
    /// A record given to the builder is unusable.
    #[error("record {ordinal} ({entry:?}): {what}")]
    BadRecord {
        /// The 0-based position of the record in the input.
        ordinal: usize,
        /// Its entry id.
        entry: String,
        /// What is wrong and what to do.
        what: String,
    },
    /// A query is too long to search.
    #[error(
        "the query is {chars} characters long after normalization; queries are limited to {max} characters"
    )]
    QueryTooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A fuzzy search would visit more of the index than a query may.
    #[error(
        "the fuzzy search for this query would visit more than {nodes} index nodes; search with a smaller fuzzy budget (--fuzzy 1 or 0)"
    )]
    FuzzyBudget {
        /// The node limit.
        nodes: usize,
    },
}

impl IndexError {
    pub(crate) fn corrupt(what: impl Into<String>) -> IndexError {
        IndexError::Corrupt { what: what.into() }
    }
}

/// The sections of an index file, by tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Section {
    /// Counts: forms, entries, languages (3 × u32).
    Meta = 1,
    /// fst Map: key → posting.
    Key = 2,
    /// fst Map with no values (a set): every key with its characters reversed, for two-sided
    /// fuzzy search; a hit is mapped back through the key fst.
    KeyReversed = 3,
    /// fst Map: skeleton, a NUL byte, common-Latin key → posting. One lookup answers "equal
    /// common-Latin key" and one range scan lists a skeleton's bucket with each member's
    /// common-Latin key, ready for re-ranking.
    CrossScript = 4,
    /// Posting lists (see the module docs).
    Postings = 5,
    /// A packed table (see `packed`), per form: language ordinal << 4 | derived << 3 | status
    /// (0 = preferred … 6 = misspelling).
    Forms = 6,
    /// A packed table, per form plus one: the offset of its text in `Strings`; text i ends where
    /// i+1 starts.
    FormText = 7,
    /// A packed table, per entry plus one: the offset of its id in `Strings`.
    EntryId = 8,
    /// A packed table, per entry plus one: the ordinal of its first form; a form's entry is
    /// found by binary search.
    EntryForms = 9,
    /// Language tags, one per line.
    Langs = 10,
    /// UTF-8 text of every form, then every entry id.
    Strings = 11,
    /// Bytes the caller attached, stored as given.
    Payload = 12,
    /// fst Map: the key of a word of a name of several words → posting (every form having
    /// that word), for finding a name by its parts.
    Words = 13,
    /// A packed table, per entry: what its names stand for — 0 not said (name tables), 1 a person,
    /// 2 anything else. One word of a person's name (a surname) can name the person alone.
    EntryKinds = 14,
}

impl Section {
    pub(crate) const ALL: [Section; 14] = [
        Section::Meta,
        Section::Key,
        Section::KeyReversed,
        Section::CrossScript,
        Section::Postings,
        Section::Forms,
        Section::FormText,
        Section::EntryId,
        Section::EntryForms,
        Section::Langs,
        Section::Strings,
        Section::Payload,
        Section::Words,
        Section::EntryKinds,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Section::Meta => "meta",
            Section::Key => "key fst",
            Section::KeyReversed => "reversed key fst",
            Section::CrossScript => "cross-script fst",
            Section::Postings => "postings",
            Section::Forms => "form table",
            Section::FormText => "form text offsets",
            Section::EntryId => "entry id offsets",
            Section::EntryForms => "entry form offsets",
            Section::Langs => "language table",
            Section::Strings => "strings",
            Section::Payload => "payload",
            Section::Words => "word fst",
            Section::EntryKinds => "entry kinds",
        }
    }
}

/// Reads a little-endian u32 at `offset`, if it is in bounds.
#[inline]
pub(crate) fn read_u32(bytes: &[u8], offset: usize) -> Option<u32> {
    let end = offset.checked_add(4)?;
    let b: [u8; 4] = bytes.get(offset..end)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

/// Reads a little-endian u64 at `offset`, if it is in bounds.
#[inline]
pub(crate) fn read_u64(bytes: &[u8], offset: usize) -> Option<u64> {
    let end = offset.checked_add(8)?;
    let b: [u8; 8] = bytes.get(offset..end)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

/// Appends `value` as a LEB128 varint.
pub(crate) fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a LEB128 varint of at most 5 bytes at `*pos`, advancing it.
#[inline]
pub(crate) fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    for shift in [0u32, 7, 14, 21, 28] {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        value |= u32::from(b & 0x7F).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// The byte ranges of every section, as read from a header.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    ranges: [(usize, usize); Section::ALL.len()],
}

impl Layout {
    pub(crate) fn range(&self, section: Section) -> (usize, usize) {
        let i = section as usize - 1;
        self.ranges.get(i).copied().unwrap_or((0, 0))
    }

    /// Reads and bounds-checks the header and section table of `bytes`.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Layout, IndexError> {
        let len = bytes.len();
        if bytes.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(
                if len < MAGIC.len() && MAGIC.starts_with(bytes) && !bytes.is_empty() {
                    IndexError::Truncated {
                        len,
                        needed: HEADER_LEN + 4,
                    }
                } else {
                    IndexError::NotAnIndex
                },
            );
        }
        let header = |offset| {
            read_u32(bytes, offset).ok_or(IndexError::Truncated {
                len,
                needed: HEADER_LEN + 4,
            })
        };
        let format = header(8)?;
        if format != FORMAT_VERSION {
            return Err(IndexError::FormatVersion {
                found: format,
                expected: FORMAT_VERSION,
            });
        }
        let pipeline = header(12)?;
        if pipeline != crate::key::PIPELINE_VERSION {
            return Err(IndexError::PipelineVersion {
                found: pipeline,
                expected: crate::key::PIPELINE_VERSION,
            });
        }
        let count = header(16)? as usize;
        if count > 64 {
            return Err(IndexError::corrupt(format!(
                "the section table claims {count} sections"
            )));
        }
        let table_end = HEADER_LEN + count * SECTION_ROW_LEN;
        let body_end = len.checked_sub(4).ok_or(IndexError::Truncated {
            len,
            needed: table_end + 4,
        })?;
        if body_end < table_end {
            return Err(IndexError::Truncated {
                len,
                needed: table_end + 4,
            });
        }
        let mut layout = Layout::default();
        let mut seen = [false; Section::ALL.len()];
        let mut expected_offset = table_end;
        for row in 0..count {
            let at = HEADER_LEN + row * SECTION_ROW_LEN;
            let (tag, offset, length) = match (
                read_u32(bytes, at),
                read_u64(bytes, at + 8),
                read_u64(bytes, at + 16),
            ) {
                (Some(t), Some(o), Some(l)) => (t, o, l),
                _ => {
                    return Err(IndexError::Truncated {
                        len,
                        needed: table_end + 4,
                    });
                }
            };
            let section = Section::ALL
                .into_iter()
                .find(|s| *s as u32 == tag)
                .ok_or_else(|| IndexError::corrupt(format!("unknown section tag {tag}")))?;
            let slot = section as usize - 1;
            if seen.get(slot).copied().unwrap_or(true) {
                return Err(IndexError::corrupt(format!(
                    "the {} section appears twice",
                    section.name()
                )));
            }
            if let Some(s) = seen.get_mut(slot) {
                *s = true;
            }
            let start = usize::try_from(offset).ok();
            let end = usize::try_from(length)
                .ok()
                .and_then(|l| start?.checked_add(l));
            match (start, end) {
                (Some(start), Some(end)) if start == expected_offset && end <= body_end => {
                    if let Some(r) = layout.ranges.get_mut(slot) {
                        *r = (start, end);
                    }
                    expected_offset = end;
                }
                (Some(start), Some(end)) if start == expected_offset => {
                    return Err(IndexError::Truncated {
                        len,
                        needed: end.saturating_add(4),
                    });
                }
                _ => {
                    return Err(IndexError::corrupt(format!(
                        "the {} section has an impossible offset or length",
                        section.name()
                    )));
                }
            }
        }
        if let Some(missing) = Section::ALL
            .into_iter()
            .find(|s| !seen.get(*s as usize - 1).copied().unwrap_or(false))
        {
            return Err(IndexError::corrupt(format!(
                "the {} section is missing",
                missing.name()
            )));
        }
        if expected_offset != body_end {
            return Err(IndexError::corrupt(
                "there are bytes between the last section and the checksum",
            ));
        }
        Ok(layout)
    }
}

/// Verifies the CRC-32 at the end of `bytes`.
pub(crate) fn verify_checksum(bytes: &[u8]) -> Result<(), IndexError> {
    let body_len = bytes.len().checked_sub(4).ok_or(IndexError::Truncated {
        len: bytes.len(),
        needed: HEADER_LEN + 4,
    })?;
    let expected = read_u32(bytes, body_len).ok_or(IndexError::Truncated {
        len: bytes.len(),
        needed: HEADER_LEN + 4,
    })?;
    let found = crc32fast::hash(bytes.get(..body_len).unwrap_or_default());
    if expected != found {
        return Err(IndexError::Checksum { expected, found });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        let values = [0u32, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        for v in values {
            write_varint(&mut buf, v);
        }
        let mut pos = 0;
        for v in values {
            assert_eq!(read_varint(&buf, &mut pos), Some(v));
        }
        assert_eq!(read_varint(&buf, &mut pos), None);
        assert_eq!(read_varint(&[0xFF; 6], &mut 0), None);
    }
}
