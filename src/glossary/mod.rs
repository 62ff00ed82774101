//! The glossary: entries and their forms, loaded from TOML directories or embedded in the crate.
//!
//! A [`Glossary`] is built by a [`GlossaryBuilder`] from layers: the embedded glossary (compiled
//! into the crate from the `glossary/` directory, see [`Glossary::embedded`]) and any number of
//! user directories in the same format, each layered over the ones before it. An entry in a later
//! layer with the id of an earlier one replaces it, and the glossary remembers the replacement
//! ([`Glossary::replacements`]) so that a tool can say so.
//!
//! Layering does not copy the embedded glossary or rebuild its index. A glossary of user
//! directories over the embedded one keeps two parts: the embedded glossary as it is (its
//! prebuilt index, its entries decoded on first access) and the user entries with a small index
//! of their own. Embedded entries that a user entry replaces are hidden, and the two are read as
//! one glossary in id order: positions, lookups and their ranking are exactly those of one
//! glossary built from the merged entries.

mod builder;
mod derive;
mod load;
mod model;
mod search;
mod shared;
mod store;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub use builder::GlossaryBuilder;
pub use load::{MAX_FILE_BYTES, MAX_NESTING, check_entry_text};
pub use model::{Citation, Entry, Form, Kind, Origin, Source, Status, best_of};
pub use search::{Found, Lookup};

use crate::index::{Index, IndexBuilder, IndexRecord, LayerMap};
use crate::{Error, Result};

/// The embedded glossary: an index file (see [`Glossary::to_index_bytes`]) whose payload is the
/// compiled glossary, regenerated from `glossary/` by `cargo run --example regenerate`; a test
/// fails while it is stale.
static EMBEDDED_INDEX: &[u8] = include_bytes!("embedded.idx");

/// A glossary: entries sorted by id, and the sources they cite.
///
/// ```
/// let glossary = tilmach::Glossary::embedded();
/// let entry = glossary.get("ghulja").expect("Ghulja is in the embedded glossary");
/// assert_eq!(entry.kind, tilmach::Kind::Place);
/// assert!(entry.forms.iter().any(|f| f.text == "Құлжа" && f.lang.as_str() == "kk-Cyrl"));
/// ```
#[derive(Clone, Debug)]
pub struct Glossary {
    sources: BTreeMap<String, Source>,
    replacements: Vec<Replacement>,
    body: Body,
}

/// Where a glossary's entries and the indexes of their forms are.
#[derive(Clone, Debug)]
enum Body {
    /// One store of entries and the index of their forms.
    One(Part),
    /// User entries layered over the embedded glossary.
    Layered(Layered),
}

/// Entries, and the index of their forms in the same order.
#[derive(Clone, Debug)]
struct Part {
    store: store::Store,
    index: Index<IndexBytes>,
}

impl Part {
    /// Entry `i`, decoded on first access.
    fn get(&self, i: usize) -> Option<&Entry> {
        self.store.get(i, self.index.payload())
    }

    /// The id of entry `i`, read from the index without decoding the entry.
    fn id_at(&self, i: usize) -> Option<&str> {
        let ordinal = u32::try_from(i).ok()?;
        let first = self.index.entry_forms(ordinal).ok()?.start;
        match self.index.record(first) {
            Ok(record) => Some(record.entry_id),
            Err(_) => self.get(i).map(|e| e.id.as_str()),
        }
    }
}

/// A layered glossary: the embedded glossary as it is, the user entries in a part of their own,
/// and the embedded entries that user entries replace hidden.
#[derive(Clone, Debug)]
struct Layered {
    /// The embedded glossary's part.
    base: &'static Part,
    /// The user entries.
    top: Part,
    /// The merged glossary's entries in id order: which part, and the position there.
    order: Vec<(Side, u32)>,
    /// The merged ordinal of each merged entry's first form, and the number of forms last.
    first_forms: Vec<u32>,
    /// How the base's entries appear in the merged glossary (replaced ones hidden).
    base_map: LayerMap,
    /// How the user entries appear in the merged glossary.
    top_map: LayerMap,
}

/// One of the two parts of a [`Layered`] glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Base,
    Top,
}

impl Layered {
    /// Reads `top` over `base`: a user entry hides the base entry with its id.
    fn new(base: &'static Part, top: Part) -> Result<Layered> {
        let (base_len, top_len) = (base.store.len(), top.store.len());
        let unreadable = |what: &str, i: usize| Error::Compiled {
            reason: format!("the id of {what} entry {i} is unreadable"),
        };
        let mut order = Vec::with_capacity(base_len + top_len);
        let mut first_forms = Vec::with_capacity(base_len + top_len + 1);
        let mut base_merged = Vec::with_capacity(base_len);
        let mut top_merged = Vec::with_capacity(top_len);
        let mut forms = 0u32;
        let (mut b, mut t) = (0, 0);
        while b < base_len || t < top_len {
            let base_id = if b < base_len {
                Some(base.id_at(b).ok_or_else(|| unreadable("embedded", b))?)
            } else {
                None
            };
            let top_id = if t < top_len {
                Some(top.id_at(t).ok_or_else(|| unreadable("user", t))?)
            } else {
                None
            };
            let side = match (base_id, top_id) {
                (Some(x), Some(y)) if x == y => {
                    // Replaced: the user entry follows in its own turn.
                    base_merged.push(None);
                    b += 1;
                    continue;
                }
                (Some(x), Some(y)) if x < y => Side::Base,
                (Some(_), None) => Side::Base,
                _ => Side::Top,
            };
            let (part, at, merged) = match side {
                Side::Base => (base, &mut b, &mut base_merged),
                Side::Top => (&top, &mut t, &mut top_merged),
            };
            let local = u32::try_from(*at).map_err(|_| too_many())?;
            let entry = u32::try_from(order.len()).map_err(|_| too_many())?;
            merged.push(Some((entry, forms)));
            order.push((side, local));
            first_forms.push(forms);
            forms = forms
                .checked_add(part.index.entry_forms(local)?.len() as u32)
                .ok_or_else(too_many)?;
            *at += 1;
        }
        first_forms.push(forms);
        let base_map = base.index.layer_map(&base_merged)?;
        let top_map = top.index.layer_map(&top_merged)?;
        Ok(Layered {
            base,
            top,
            order,
            first_forms,
            base_map,
            top_map,
        })
    }

    fn part(&self, side: Side) -> &Part {
        match side {
            Side::Base => self.base,
            Side::Top => &self.top,
        }
    }
}

fn too_many() -> Error {
    Error::Compiled {
        reason: "the layered glossary has more than 2^32 entries or forms".into(),
    }
}

/// The entries of a glossary, in id order (see [`Glossary::entries`]).
#[derive(Clone, Debug)]
pub struct Entries<'g> {
    glossary: &'g Glossary,
    next: usize,
}

impl<'g> Iterator for Entries<'g> {
    type Item = &'g Entry;

    fn next(&mut self) -> Option<&'g Entry> {
        while self.next < self.glossary.len() {
            self.next += 1;
            if let Some(entry) = self.glossary.entry_at(self.next - 1) {
                return Some(entry);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.glossary.len().saturating_sub(self.next)))
    }
}

/// The bytes behind a glossary's index: compiled into the crate, built in memory, or mapped from
/// a file.
#[derive(Clone, Debug)]
pub enum IndexBytes {
    /// Bytes compiled into the program.
    Static(&'static [u8]),
    /// Bytes built in memory.
    Owned(Arc<[u8]>),
    /// A memory map: of an index file ([`IndexBytes::map_file`]), or of anonymous memory
    /// holding a private copy of one ([`IndexBytes::read_file`]).
    Mapped(Arc<memmap2::Mmap>),
}

impl IndexBytes {
    /// Memory-maps the index file at `path` after verifying it whole (magic, versions, section
    /// bounds, checksums): what `--index FILE` does.
    ///
    /// # Errors
    ///
    /// [`Error::Index`] when the file cannot be read or is not a valid index.
    pub fn map_file(path: impl AsRef<Path>) -> Result<IndexBytes> {
        Ok(IndexBytes::Mapped(Arc::new(
            Index::open_file(path)?.into_inner(),
        )))
    }
}

impl IndexBytes {
    /// The largest index file [`IndexBytes::read_file`] reads (8 GiB: more than the index
    /// layout's 4 GiB of text plus its tables).
    pub const MAX_FILE_BYTES: u64 = 8 << 30;

    /// Reads the index file at `path` into memory, without checking it: open the bytes with
    /// [`Index::open`] or [`Glossary::from_index`] with `verify`. What `--index FILE` does.
    ///
    /// Unlike [`IndexBytes::map_file`], the bytes are a private copy: another program that
    /// truncates or rewrites the file in place while they are in use cannot change them under a
    /// reader (with a map, it would crash the reader with `SIGBUS`). The cost is reading the file
    /// once and memory of its size. Only regular files are read, and at most
    /// [`IndexBytes::MAX_FILE_BYTES`].
    ///
    /// # Errors
    ///
    /// [`Error::Index`] when the file cannot be read, is not a regular file or is too large.
    pub fn read_file(path: impl AsRef<Path>) -> Result<IndexBytes> {
        let path = path.as_ref();
        let bytes = crate::bounded::read_file_anonymous(path, IndexBytes::MAX_FILE_BYTES).map_err(
            |source| crate::index::IndexError::Io {
                path: path.to_path_buf(),
                source,
            },
        )?;
        Ok(match bytes {
            Ok(copy) => IndexBytes::Mapped(Arc::new(copy)),
            Err(bytes) => IndexBytes::Owned(bytes.into()),
        })
    }
}

impl AsRef<[u8]> for IndexBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            IndexBytes::Static(bytes) => bytes,
            IndexBytes::Owned(bytes) => bytes,
            IndexBytes::Mapped(map) => map,
        }
    }
}

/// A form of an entry, by position: `glossary.entry_at(entry).forms[form]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FormRef {
    /// The entry's position in [`Glossary::entries`].
    pub entry: u32,
    /// The form's position in the entry's forms.
    pub form: u32,
}

/// An entry of a user glossary that replaced an entry with the same id in an earlier layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The id both entries have.
    pub id: String,
    /// The file of the replacing entry.
    pub file: PathBuf,
}

impl Glossary {
    /// The glossary compiled into the crate from its `glossary/` directory.
    ///
    /// The first call decodes the compiled form (no TOML parsing, no I/O); later calls return the
    /// same glossary.
    pub fn embedded() -> &'static Glossary {
        static EMBEDDED: OnceLock<Glossary> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // The bytes are compiled into the crate, and the test `embedded_glossary_is_current`
            // proves that they open, decode and equal a fresh build from glossary/.
            #[allow(clippy::expect_used)]
            Glossary::from_index(IndexBytes::Static(EMBEDDED_INDEX), false)
                .expect("the embedded glossary decodes")
        })
    }

    /// A glossary from an index file's bytes written by [`Glossary::to_index_bytes`] (or by
    /// `tilmach index build` over glossary directories): the index serves lookups, the payload
    /// gives the entries. `verify` checks the whole file first (do it for bytes you did not build).
    ///
    /// # Errors
    ///
    /// [`Error::Index`] for a corrupt, truncated or foreign index; [`Error::Compiled`] when it
    /// carries no glossary (an index of a name table) or its glossary does not decode.
    pub fn from_index(bytes: IndexBytes, verify: bool) -> Result<Glossary> {
        let index = if verify {
            Index::open(bytes)?
        } else {
            Index::open_trusted(bytes)?
        };
        let (store, sources) = store::open(index.payload())?;
        let part = Part { store, index };
        let mismatch = |forms: String| Error::Compiled {
            reason: format!(
                "its index has {} entries and {} forms, its glossary {}{forms}; rebuild it",
                part.index.entries(),
                part.index.len(),
                part.store.len()
            ),
        };
        if part.index.entries() != part.store.len() {
            return Err(mismatch(String::new()));
        }
        if verify {
            part.store.verify(part.index.payload())?;
            let forms: usize = (0..part.store.len())
                .filter_map(|i| part.get(i))
                .map(|e| e.forms.len())
                .sum();
            if forms != part.index.len() {
                return Err(mismatch(format!(" and {forms}")));
            }
        }
        Ok(Glossary {
            sources,
            replacements: Vec::new(),
            body: Body::One(part),
        })
    }

    /// Loads one glossary directory on its own, without the embedded glossary.
    ///
    /// # Errors
    ///
    /// As [`GlossaryBuilder::build`].
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Glossary> {
        GlossaryBuilder::new()
            .embedded(false)
            .dir(dir.as_ref())
            .build()
    }

    /// A builder for a layered glossary; the same as [`GlossaryBuilder::new`].
    pub fn builder() -> GlossaryBuilder {
        GlossaryBuilder::new()
    }

    fn from_parts(
        entries: Vec<Entry>,
        sources: BTreeMap<String, Source>,
        replacements: Vec<Replacement>,
    ) -> Result<Glossary> {
        Ok(Glossary {
            sources,
            replacements,
            body: Body::One(Part::of(entries)?),
        })
    }

    /// `entries` (sorted by id, each id once) layered over `base`: the entries of `base` with
    /// the id of one of `entries` are hidden.
    fn layered(
        base: &'static Glossary,
        entries: Vec<Entry>,
        sources: BTreeMap<String, Source>,
        replacements: Vec<Replacement>,
    ) -> Result<Glossary> {
        let Body::One(base_part) = &base.body else {
            // Only a glossary of one part serves as a base (the embedded one is); merge
            // anything else into one part.
            let mut merged: BTreeMap<String, Entry> =
                base.entries().map(|e| (e.id.clone(), e.clone())).collect();
            merged.extend(entries.into_iter().map(|e| (e.id.clone(), e)));
            return Glossary::from_parts(merged.into_values().collect(), sources, replacements);
        };
        let layered = Layered::new(base_part, Part::of(entries)?)?;
        Ok(Glossary {
            sources,
            replacements,
            body: Body::Layered(layered),
        })
    }

    /// The part holding entry `i` of [`Glossary::entries`], and its position there.
    fn locate(&self, i: usize) -> Option<(&Part, usize)> {
        match &self.body {
            Body::One(part) => Some((part, i)),
            Body::Layered(layered) => {
                let &(side, at) = layered.order.get(i)?;
                Some((layered.part(side), at as usize))
            }
        }
    }

    /// The entries, sorted by id. A glossary opened from compiled data (the embedded one, an
    /// index file) decodes each entry the first time it is asked for.
    pub fn entries(&self) -> Entries<'_> {
        Entries {
            glossary: self,
            next: 0,
        }
    }

    /// The entry at position `i` of [`Glossary::entries`].
    pub fn entry_at(&self, i: usize) -> Option<&Entry> {
        let (part, at) = self.locate(i)?;
        part.get(at)
    }

    /// The id of the entry at position `i`, read from the index without decoding the entry.
    fn id_at(&self, i: usize) -> Option<&str> {
        let (part, at) = self.locate(i)?;
        part.id_at(at)
    }

    /// Every id, in order, without decoding the entries.
    fn ids(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.id_at(i))
    }

    /// The primary language subtags its forms are in (`en`, `kk`, `ru` …), sorted, each once:
    /// what a language option can name.
    pub fn languages(&self) -> Vec<String> {
        let languages: std::collections::BTreeSet<&str> = self
            .entries()
            .flat_map(|entry| entry.forms.iter().map(|form| form.lang.language()))
            .collect();
        languages.into_iter().map(str::to_owned).collect()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        match &self.body {
            Body::One(part) => part.store.len(),
            Body::Layered(layered) => layered.order.len(),
        }
    }

    /// Whether the glossary has no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The position of the entry with this id in [`Glossary::entries`].
    fn position(&self, id: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.id_at(middle)?.cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entry_at(self.position(id)?)
    }

    /// The entry with this id, or an error naming the nearest id.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEntry`] when no entry has the id.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.get(id).ok_or_else(|| Error::UnknownEntry {
            id: id.to_owned(),
            suggestion: crate::suggest::nearest(id, self.ids()),
        })
    }

    /// The form at `at`.
    pub fn form(&self, at: FormRef) -> Option<(&Entry, &Form)> {
        let entry = self.entry_at(at.entry as usize)?;
        Some((entry, entry.forms.get(at.form as usize)?))
    }

    /// The sources, by key.
    pub fn sources(&self) -> &BTreeMap<String, Source> {
        &self.sources
    }

    /// The entries of user glossaries that replaced an entry of an earlier layer.
    pub fn replacements(&self) -> &[Replacement] {
        &self.replacements
    }

    /// The one index behind lookups, whose entry ordinals are the positions of
    /// [`Glossary::entries`] — or `None` for a glossary layered over the embedded one, which
    /// is searched through the embedded glossary's own index (which still holds the entries
    /// the user layers replace) and a small index of the user entries. For an index of a
    /// layered glossary as one, build it with [`Glossary::to_index_bytes`].
    pub fn index(&self) -> Option<&Index<IndexBytes>> {
        match &self.body {
            Body::One(part) => Some(&part.index),
            Body::Layered(_) => None,
        }
    }

    /// The language tags of this glossary's forms, sorted, each once (read from the index's
    /// language table when the glossary has one index, without decoding entries).
    pub fn language_tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = match &self.body {
            Body::One(part) => part.index.languages().map(str::to_owned).collect(),
            Body::Layered(_) => self
                .entries()
                .flat_map(|e| e.forms.iter().map(|f| f.lang.as_str().to_owned()))
                .collect(),
        };
        tags.sort();
        tags.dedup();
        tags
    }

    /// An index builder holding one record per form of this glossary, entries in id order: add
    /// more records (a name table) and build, for an index of both.
    ///
    /// # Errors
    ///
    /// [`Error::Index`] if a form cannot be indexed.
    pub fn index_builder(&self) -> Result<IndexBuilder> {
        index_builder(self.entries())
    }

    /// An index file holding this glossary: its forms indexed for lookup, and the compiled
    /// glossary ([`Glossary::to_bytes`]) as payload, so that [`Glossary::from_index`] restores
    /// it. This is what `tilmach index build` writes for glossary directories.
    ///
    /// # Errors
    ///
    /// [`Error::Index`] if the index cannot be built.
    pub fn to_index_bytes(&self) -> Result<Vec<u8>> {
        let mut builder = self.index_builder()?;
        builder.payload(&self.to_bytes());
        Ok(builder.build()?)
    }

    /// The compiled form of the glossary: a magic number, a format version, the sources and every
    /// entry encoded on its own behind a table of offsets (so that readers can decode entries on
    /// demand). [`Glossary::from_bytes`] reads it back.
    pub fn to_bytes(&self) -> Vec<u8> {
        store::encode(self.entries(), &self.sources)
    }

    /// A glossary of the given entries and sources, built in memory (no files, no checks of the
    /// glossary-file rules; derived forms are not added). Entries are sorted by id; a second entry
    /// with the id of an earlier one is refused.
    ///
    /// ```
    /// use tilmach::Glossary;
    /// let entries: Vec<_> = Glossary::embedded().entries().take(3).cloned().collect();
    /// let small = Glossary::from_entries(entries, Default::default())?;
    /// assert_eq!(small.len(), 3);
    /// # Ok::<(), tilmach::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Compiled`] for a duplicate id; [`Error::Index`] if a form cannot be indexed.
    pub fn from_entries(
        mut entries: Vec<Entry>,
        sources: BTreeMap<String, Source>,
    ) -> Result<Glossary> {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(pair) = entries
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.id == b.id))
        {
            let id = pair.first().map(|e| e.id.clone()).unwrap_or_default();
            return Err(Error::Compiled {
                reason: format!("two entries have the id {id:?}"),
            });
        }
        Glossary::from_parts(entries, sources, Vec::new())
    }

    /// Reads a glossary written by [`Glossary::to_bytes`], decoding and checking every entry.
    ///
    /// # Errors
    ///
    /// [`Error::Compiled`] when the bytes are not a compiled glossary of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Glossary> {
        let (store, sources) = store::open(bytes)?;
        store.verify(bytes)?;
        let entries: Vec<Entry> = (0..store.len())
            .filter_map(|i| store.get(i, bytes).cloned())
            .collect();
        Glossary::from_parts(entries, sources, Vec::new())
    }
}

impl Part {
    /// A part holding `entries` (sorted by id), decoded, with a new index of their forms.
    fn of(entries: Vec<Entry>) -> Result<Part> {
        let bytes = index_builder(entries.iter())?.build()?;
        Ok(Part {
            index: Index::open_trusted(IndexBytes::Owned(bytes.into()))?,
            store: store::Store::decoded(entries),
        })
    }
}

/// An index builder holding one record per form of `entries`, in order.
fn index_builder<'e>(entries: impl Iterator<Item = &'e Entry>) -> Result<IndexBuilder> {
    let mut builder = IndexBuilder::new();
    for entry in entries {
        for form in &entry.forms {
            builder.add(IndexRecord {
                entry: &entry.id,
                lang: form.lang.as_str(),
                text: &form.text,
                status: form.status,
                derived: form.is_derived(),
            })?;
        }
        builder.set_person(entry.kind == Kind::Person);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_form_round_trips_and_refuses_garbage() {
        let g = Glossary::embedded();
        let again = Glossary::from_bytes(&g.to_bytes()).unwrap();
        assert!(again.entries().eq(g.entries()));
        assert!(Glossary::from_bytes(b"").is_err());
        assert!(Glossary::from_bytes(b"TILMACHG\x09\x00\x00\x00").is_err());
        let bytes = g.to_bytes();
        for cut in [8, 12, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                Glossary::from_bytes(&bytes[..cut]).is_err() || cut == bytes.len(),
                "cut at {cut}"
            );
        }
    }
}
