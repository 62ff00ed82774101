//! The fst-backed index: building it, its file format, opening it safely, and searching it.
//!
//! An [`Index`] holds every form of a glossary or a name table in three fst maps — the
//! [`key`](crate::key::key), the same key reversed (for two-sided fuzzy search), and the
//! [`skeleton`](crate::key::skeleton) joined to the [`latin_key`](crate::key::latin_key) —
//! whose values point to form ordinals, plus a compact record table (entry id, language,
//! status, text, derived flag per form) and an opaque payload. It is generic over its bytes,
//! `D: AsRef<[u8]>`, so `include_bytes!` data, a `Vec<u8>` and a memory map all serve, and
//! opening decodes nothing but the header: a record is decoded only when a hit needs it.
//!
//! ```
//! use tilmach::index::{Index, IndexBuilder, IndexRecord};
//! use tilmach::lookup::{SearchOptions, Stage};
//! use tilmach::Status;
//! let mut b = IndexBuilder::new();
//! for (entry, lang, text) in [
//!     ("ghulja", "en", "Ghulja"),
//!     ("ghulja", "ru", "Кульджа"),
//!     ("ghulja", "kk-Cyrl", "Құлжа"),
//!     ("zharkent", "en", "Zharkent"),
//! ] {
//!     b.add(IndexRecord { entry, lang, text, status: Status::Variant, derived: false })?;
//! }
//! let index = Index::open(b.build()?)?;
//! let hits = index.search("Kuldja", &SearchOptions::default())?;
//! assert_eq!(index.record(hits[0].form)?.entry_id, "ghulja");
//! assert_eq!(hits[0].stage, Stage::CrossScript);
//! let hits = index.search("Zharkemt", &SearchOptions::default())?;
//! assert_eq!((hits[0].stage, hits[0].distance), (Stage::Fuzzy, 1));
//! # Ok::<(), tilmach::index::IndexError>(())
//! ```

mod automaton;
mod build;
mod format;
mod inputs;
mod packed;
mod pipeline;
mod search;
mod sort;
mod spool;
mod tsv;
mod verify;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use fst::raw::Fst;

pub use automaton::osa_distance;
pub use build::{DEFAULT_SORT_BUDGET, IndexBuilder, IndexRecord, MAX_NAME_CHARS};
pub use format::{FORMAT_VERSION, IndexError, MAGIC};
pub use inputs::{Built, build_file, build_file_on};
pub use search::MAX_QUERY_CHARS;
pub(crate) use search::{Layer, LayerMap, search_layers};
pub use tsv::{MAX_TABLE_BYTES, NameRow, parse_name_table, read_name_tables};
pub use verify::MAX_KEY_BYTES;

use format::{Layout, Section, read_u32, read_varint};
use packed::Table;

use crate::glossary::Status;

/// The fst bytes past which [`Index::open`] checks the fsts on threads of their own.
const PARALLEL_CHECK_BYTES: usize = 4 << 20;

/// The record tables stored packed ([`packed::Table`]): each is located at open and checked
/// value by value.
const PACKED_SECTIONS: [Section; 5] = [
    Section::Forms,
    Section::FormText,
    Section::EntryId,
    Section::EntryForms,
    Section::EntryKinds,
];

/// The fst sections, in the order of [`FstChecks`].
const FST_SECTIONS: [Section; 4] = [
    Section::Key,
    Section::KeyReversed,
    Section::CrossScript,
    Section::Words,
];

/// The structural check of each fst section ([`FST_SECTIONS`] order), run once, the first time
/// the fst is used (or all at once by [`Index::open`]); the error's description when it failed.
type FstChecks = [OnceLock<Result<(), String>>; 4];

/// A read-only index over the bytes `D` (a `Vec<u8>`, a `&'static [u8]`, a memory map…).
#[derive(Clone)]
pub struct Index<D> {
    data: D,
    layout: Layout,
    forms: u32,
    entries: u32,
    /// The fst checks of bytes from elsewhere (`None`: trusted bytes, nothing to check). Shared
    /// by clones, which read the same bytes.
    fst_checks: Option<Arc<FstChecks>>,
}

impl<D> std::fmt::Debug for Index<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("forms", &self.forms)
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

/// One form as stored in an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// The ordinal of its entry.
    pub entry: u32,
    /// The id of its entry.
    pub entry_id: &'a str,
    /// Its language tag (or `und`).
    pub lang: &'a str,
    /// Its text, as given to the builder.
    pub text: &'a str,
    /// Its standing.
    pub status: Status,
    /// Whether transliteration rules computed it.
    pub derived: bool,
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Opens an index from bytes you did not build yourself: checks the magic, both versions,
    /// the bounds of every section, the checksum, the structure of every fst node (so that no
    /// byte sequence, checksums right or not, can make a later search read out of bounds, loop
    /// or walk more than the index's keys) and the record tables. Costs one pass over the bytes
    /// plus a decoding of every fst node (see the README, "Guarantees", for measurements).
    pub fn open(data: D) -> Result<Index<D>, IndexError> {
        let index = Index::open_lazily(data)?;
        index.check_fsts()?;
        Ok(index)
    }

    /// Opens an index from bytes you did not build yourself with every check of
    /// [`Index::open`], except that each fst's structural check runs the first time a search
    /// reads that fst, not at opening: an exact lookup, which reads one fst of four, checks
    /// only that one. No fst is read before it has passed its check; a search that reads an
    /// fst failing it returns [`IndexError::Corrupt`], as every later search reading it does.
    ///
    /// ```
    /// use tilmach::index::{Index, IndexBuilder, IndexRecord};
    /// use tilmach::lookup::SearchOptions;
    /// use tilmach::Status;
    /// let mut builder = IndexBuilder::new();
    /// builder.add(IndexRecord { entry: "ghulja", lang: "en", text: "Ghulja", status: Status::Preferred, derived: false })?;
    /// let index = Index::open_lazily(builder.build()?)?;
    /// let hits = index.search("Ghulja", &SearchOptions { exact: true, ..SearchOptions::default() })?;
    /// assert_eq!(hits.len(), 1);
    /// # Ok::<(), tilmach::index::IndexError>(())
    /// ```
    pub fn open_lazily(data: D) -> Result<Index<D>, IndexError> {
        let bytes = data.as_ref();
        let layout = Layout::parse(bytes)?;
        format::verify_checksum(bytes)?;
        let mut index = Index::with_layout(data, layout)?;
        index.validate()?;
        index.fst_checks = Some(Arc::default());
        Ok(index)
    }

    /// Opens bytes known to come from [`IndexBuilder`] (such as data embedded with
    /// `include_bytes!`): checks only the header and section bounds, in constant time.
    ///
    /// Reading damaged bytes opened this way returns errors rather than panicking in tilmach's
    /// own code, but the fst library does not guard every read; use [`Index::open`] for bytes
    /// from elsewhere.
    pub fn open_trusted(data: D) -> Result<Index<D>, IndexError> {
        let layout = Layout::parse(data.as_ref())?;
        Index::with_layout(data, layout)
    }

    fn with_layout(data: D, layout: Layout) -> Result<Index<D>, IndexError> {
        let bytes = data.as_ref();
        let (start, end) = layout.range(Section::Meta);
        let meta = bytes.get(start..end).unwrap_or_default();
        let (Some(forms), Some(entries), Some(langs), 12) = (
            read_u32(meta, 0),
            read_u32(meta, 4),
            read_u32(meta, 8),
            meta.len(),
        ) else {
            return Err(IndexError::corrupt("the meta section is not 12 bytes long"));
        };
        let index = Index {
            data,
            layout,
            forms,
            entries,
            fst_checks: None,
        };
        for section in PACKED_SECTIONS {
            if index.try_table(section).is_none() {
                return Err(IndexError::corrupt(format!(
                    "the {} section does not match the number of forms and entries",
                    section.name()
                )));
            }
        }
        let lang_count = index.langs_text().split('\n').count();
        if (langs == 0 && forms != 0) || (langs != 0 && lang_count != langs as usize) {
            return Err(IndexError::corrupt(
                "the language table does not match its count",
            ));
        }
        Ok(index)
    }

    /// The most keys the fst of `section` can hold: one per form for the key fsts, one per
    /// skeleton reading of a form and of its name without generic words for the cross-script
    /// fst, one per word of a form for the word fst.
    fn max_keys(&self, section: Section) -> u64 {
        let per_form = match section {
            Section::CrossScript => 2 * crate::key::MAX_SKELETON_READINGS as u64,
            Section::Words => build::MAX_NAME_CHARS as u64 / 2 + 1,
            _ => 1,
        };
        u64::from(self.forms).saturating_mul(per_form)
    }

    /// Runs the structural check of every fst not checked yet, each on a thread of its own when
    /// they are large ([`Index::open`]).
    fn check_fsts(&self) -> Result<(), IndexError> {
        let Some(checks) = &self.fst_checks else {
            return Ok(());
        };
        // The fst's own CRC-32C is not recomputed: the file's checksum, checked before, covers
        // the same bytes, and neither checksum stops a crafted file; the structural check does.
        let jobs = FST_SECTIONS
            .iter()
            .zip(checks.iter())
            .map(|(&section, once)| {
                let (bytes, max_keys) = (self.section(section), self.max_keys(section));
                move || run_check(once, bytes, max_keys, section)
            });
        let fst_bytes: usize = FST_SECTIONS.iter().map(|&s| self.section(s).len()).sum();
        if fst_bytes < PARALLEL_CHECK_BYTES {
            jobs.map(|job| job()).collect::<Result<Vec<()>, _>>()?;
        } else {
            // Each on a thread of its own; every result is looked at.
            for result in build::in_parallel(jobs) {
                result.ok_or_else(|| IndexError::corrupt("the check of an fst failed"))??;
            }
        }
        Ok(())
    }

    /// The structural check (without the fsts, which [`Index::check_fsts`] or their first use
    /// checks) behind [`Index::open`] and [`Index::open_lazily`].
    fn validate(&self) -> Result<(), IndexError> {
        let strings = self.section(Section::Strings);
        let strings = std::str::from_utf8(strings)
            .map_err(|_| IndexError::corrupt("the strings section is not UTF-8"))?;
        if std::str::from_utf8(self.section(Section::Langs)).is_err() {
            return Err(IndexError::corrupt("the language table is not UTF-8"));
        }
        for section in PACKED_SECTIONS {
            if !self.table(section).check() {
                return Err(IndexError::corrupt(format!(
                    "the {} section has a value out of range",
                    section.name()
                )));
            }
        }
        let check_offsets = |section: Section, last: usize| {
            let table = self.table(section);
            let mut previous = 0usize;
            for i in 0..table.len() {
                let offset = table.get(i).unwrap_or(u32::MAX) as usize;
                if offset < previous || offset > last || !strings.is_char_boundary(offset) {
                    return Err(IndexError::corrupt(format!(
                        "the {} are out of order or out of bounds",
                        section.name()
                    )));
                }
                previous = offset;
            }
            Ok(previous)
        };
        let texts_end = check_offsets(Section::FormText, strings.len())?;
        let first_id = self.table(Section::EntryId).get(0).unwrap_or(u32::MAX) as usize;
        if first_id != texts_end {
            return Err(IndexError::corrupt(
                "entry ids do not follow the form texts",
            ));
        }
        if check_offsets(Section::EntryId, strings.len())? != strings.len() {
            return Err(IndexError::corrupt(
                "the entry ids do not end where the strings end",
            ));
        }
        let entry_forms = self.table(Section::EntryForms);
        let mut previous = 0u32;
        for entry in 0..=self.entries {
            let first = entry_forms.get(entry as usize).unwrap_or(u32::MAX);
            let bad_start = entry == 0 && first != 0;
            let bad_end = entry == self.entries && first != self.forms;
            // Every entry has at least one form.
            if bad_start || bad_end || (entry > 0 && first <= previous) || first > self.forms {
                return Err(IndexError::corrupt(format!(
                    "the forms of entry {entry} are out of order"
                )));
            }
            previous = first;
        }
        let forms = self.table(Section::Forms);
        let langs = self.langs_text().split('\n').count();
        for form in 0..self.forms {
            let packed = forms.get(form as usize).map_or(usize::MAX, |v| v as usize);
            let (lang, status) = (packed >> 4, packed & 7);
            if packed > usize::from(u16::MAX) || lang >= langs || status >= Status::ALL.len() {
                return Err(IndexError::corrupt(format!(
                    "form {form} has an invalid record"
                )));
            }
        }
        let kinds = self.table(Section::EntryKinds);
        if (0..kinds.len()).any(|e| kinds.get(e) > Some(u32::from(build::ENTRY_KIND_OTHER))) {
            return Err(IndexError::corrupt("an entry has an unknown kind"));
        }
        Ok(())
    }

    /// Whether the names of `entry` may stand for a person (said so, or not said: name
    /// tables); `false` for an entry said to be anything else.
    pub(crate) fn may_be_person(&self, entry: u32) -> bool {
        self.table(Section::EntryKinds).get(entry as usize)
            != Some(u32::from(build::ENTRY_KIND_OTHER))
    }

    /// The bytes behind the index.
    pub fn into_inner(self) -> D {
        self.data
    }

    /// The number of forms.
    pub fn len(&self) -> usize {
        self.forms as usize
    }

    /// Whether the index has no form.
    pub fn is_empty(&self) -> bool {
        self.forms == 0
    }

    /// The number of entries.
    pub fn entries(&self) -> usize {
        self.entries as usize
    }

    /// The bytes the builder's caller attached with [`IndexBuilder::payload`].
    pub fn payload(&self) -> &[u8] {
        self.section(Section::Payload)
    }

    /// The whole file.
    pub fn as_bytes(&self) -> &[u8] {
        self.data.as_ref()
    }

    /// The forms of entry ordinal `entry`, as a range of form ordinals.
    pub fn entry_forms(&self, entry: u32) -> Result<std::ops::Range<u32>, IndexError> {
        let table = self.table(Section::EntryForms);
        match (table.get(entry as usize), table.get(entry as usize + 1)) {
            (Some(s), Some(e)) if s <= e && e <= self.forms => Ok(s..e),
            _ => Err(IndexError::corrupt(format!("no entry {entry}"))),
        }
    }

    /// The stored record of form ordinal `form`.
    pub fn record(&self, form: u32) -> Result<Record<'_>, IndexError> {
        let bad = || IndexError::corrupt(format!("the record of form {form} is unreadable"));
        if form >= self.forms {
            return Err(bad());
        }
        let (entry, lang, status, derived) = self.form_info(form).ok_or_else(bad)?;
        let text = self.string(Section::FormText, form).ok_or_else(bad)?;
        let entry_id = self.string(Section::EntryId, entry).ok_or_else(bad)?;
        let lang = self
            .langs_text()
            .split('\n')
            .nth(usize::from(lang))
            .ok_or_else(bad)?;
        Ok(Record {
            entry,
            entry_id,
            lang,
            text,
            status,
            derived,
        })
    }

    /// The entry ordinal, language ordinal, status and derived flag of a form (no strings).
    #[inline]
    pub(crate) fn form_info(&self, form: u32) -> Option<(u32, u16, Status, bool)> {
        let packed = u16::try_from(self.table(Section::Forms).get(form as usize)?).ok()?;
        let lang = packed >> 4;
        let status = Status::ALL.get(usize::from(packed & 7)).copied()?;
        let derived = packed & 8 != 0;
        Some((self.entry_of(form)?, lang, status, derived))
    }

    /// The entry of a form: the last entry whose first form is at or before it.
    fn entry_of(&self, form: u32) -> Option<u32> {
        if form >= self.forms {
            return None;
        }
        let table = self.table(Section::EntryForms);
        // Entries whose first forms are strictly increasing: when entry `form` starts at
        // `form`, every entry before it has one form (name tables: one form per entry).
        if table.get(form as usize) == Some(form) {
            return Some(form);
        }
        // Invariant: first_form(lo) <= form < first_form(hi).
        let (mut lo, mut hi) = (0u32, self.entries);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if table.get(mid as usize)? <= form {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (lo < self.entries).then_some(lo)
    }

    /// The id of entry ordinal `entry`.
    pub(crate) fn entry_id(&self, entry: u32) -> Option<&str> {
        self.string(Section::EntryId, entry)
    }

    /// The text of form `form`.
    pub(crate) fn text(&self, form: u32) -> Option<&str> {
        self.string(Section::FormText, form)
    }

    /// The bytes of the text of form `form`, not checked to be UTF-8.
    pub(crate) fn text_bytes(&self, form: u32) -> Option<&[u8]> {
        self.string_bytes(Section::FormText, form)
    }

    fn string(&self, offsets: Section, i: u32) -> Option<&str> {
        std::str::from_utf8(self.string_bytes(offsets, i)?).ok()
    }

    fn string_bytes(&self, offsets: Section, i: u32) -> Option<&[u8]> {
        let table = self.table(offsets);
        let start = table.get(i as usize)? as usize;
        let end = table.get(i as usize + 1)? as usize;
        self.section(Section::Strings).get(start..end)
    }

    /// The language tags of the index's forms, each once, in the order first added.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.langs_text().split('\n').filter(|t| !t.is_empty())
    }

    pub(crate) fn langs_text(&self) -> &str {
        std::str::from_utf8(self.section(Section::Langs)).unwrap_or_default()
    }

    /// The packed table of `section`, or `None` when its length does not fit its count.
    fn try_table(&self, section: Section) -> Option<Table<'_>> {
        let (forms, entries) = (self.forms as usize, self.entries as usize);
        let count = match section {
            Section::Forms => forms,
            Section::FormText => forms.checked_add(1)?,
            Section::EntryId | Section::EntryForms => entries.checked_add(1)?,
            _ => entries,
        };
        Table::new(self.section(section), count)
    }

    /// The packed table of `section` (empty when damaged: every read of it is `None`).
    #[inline]
    fn table(&self, section: Section) -> Table<'_> {
        self.try_table(section).unwrap_or_else(Table::empty)
    }

    fn section(&self, section: Section) -> &[u8] {
        let (start, end) = self.layout.range(section);
        self.data.as_ref().get(start..end).unwrap_or_default()
    }

    /// The fst of `section`, after its structural check when the bytes came from elsewhere.
    pub(crate) fn fst(&self, section: Section) -> Result<Fst<&[u8]>, IndexError> {
        if let Some(checks) = &self.fst_checks
            && let Some(once) = FST_SECTIONS
                .iter()
                .position(|&s| s == section)
                .and_then(|i| checks.get(i))
        {
            run_check(once, self.section(section), self.max_keys(section), section)?;
        }
        Fst::new(self.section(section))
            .map_err(|e| IndexError::corrupt(format!("the {} is damaged: {e}", section.name())))
    }

    /// Calls `f` with every form ordinal an fst value stands for.
    #[inline]
    pub(crate) fn for_each_form(
        &self,
        value: u64,
        f: &mut dyn FnMut(u32),
    ) -> Result<(), IndexError> {
        let postings = self.section(Section::Postings);
        let bad = || IndexError::corrupt("a posting list is damaged");
        let mut pos = usize::try_from(value).map_err(|_| bad())?;
        let head = read_varint(postings, &mut pos).ok_or_else(bad)?;
        let mut form = head >> 1;
        let more = if head & 1 == 1 {
            read_varint(postings, &mut pos).ok_or_else(bad)?
        } else {
            0
        };
        for n in 0..=more {
            if n > 0 {
                let gap = read_varint(postings, &mut pos).ok_or_else(bad)?;
                form = form.checked_add(gap).filter(|_| gap > 0).ok_or_else(bad)?;
            }
            if form >= self.forms {
                return Err(bad());
            }
            f(form);
        }
        Ok(())
    }
}

/// The structural check of the fst `section` in `bytes`, run once into `once`: later calls
/// return the first call's answer.
fn run_check(
    once: &OnceLock<Result<(), String>>,
    bytes: &[u8],
    max_keys: u64,
    section: Section,
) -> Result<(), IndexError> {
    once.get_or_init(|| {
        verify::check_fst(bytes, max_keys, section.name()).map_err(|e| match e {
            IndexError::Corrupt { what } => what,
            other => other.to_string(),
        })
    })
    .clone()
    .map_err(IndexError::corrupt)
}

impl Index<memmap2::Mmap> {
    /// Memory-maps the index file at `path` and opens it with the full checks of
    /// [`Index::open`].
    pub fn open_file(path: impl AsRef<Path>) -> Result<Index<memmap2::Mmap>, IndexError> {
        let path = path.as_ref();
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: the map is read-only; tilmach never writes index files in place (writes go to a
        // temporary file and a rename), so the mapped bytes change only if another program
        // truncates or rewrites the file while it is open, which memory maps cannot prevent.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        Index::open(map)
    }
}
