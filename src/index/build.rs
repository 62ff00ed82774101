//! Building an index: records in, one self-describing byte buffer (or file) out.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use super::IndexError;
use super::format::Section;
use super::packed;
use super::pipeline::{Body, Fsts, Plan, build_fsts, write_sections};
use crate::glossary::Status;
use crate::key;
use crate::lang::LangTag;

/// One form to index: which entry it belongs to, its language, its text and standing.
///
/// Forms of one entry must be added consecutively; ordinals follow the order of
/// [`IndexBuilder::add`] calls, so the caller can map hits back to its own model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexRecord<'a> {
    /// The entry id (any non-empty string without control characters).
    pub entry: &'a str,
    /// The language: a BCP 47 tag or range (`kk-Cyrl`, `kk`, `ru`) or `und`.
    pub lang: &'a str,
    /// The form's text.
    pub text: &'a str,
    /// The form's standing.
    pub status: Status,
    /// Whether transliteration rules computed it.
    pub derived: bool,
}

/// Collects records and builds an index file in memory or on disk.
///
/// ```
/// use tilmach::index::{Index, IndexBuilder, IndexRecord};
/// use tilmach::Status;
/// let mut builder = IndexBuilder::new();
/// builder.add(IndexRecord { entry: "ghulja", lang: "en", text: "Ghulja", status: Status::Preferred, derived: false })?;
/// builder.add(IndexRecord { entry: "ghulja", lang: "kk-Cyrl", text: "Құлжа", status: Status::Preferred, derived: false })?;
/// let bytes = builder.build()?;
/// let index = Index::open(bytes)?;
/// assert_eq!(index.len(), 2);
/// # Ok::<(), tilmach::index::IndexError>(())
/// ```
#[derive(Debug, Default)]
pub struct IndexBuilder {
    texts: Vec<u8>,
    form_text: Vec<u32>,
    forms: Vec<u16>,
    entry_ids: Vec<u8>,
    entry_id: Vec<u32>,
    entry_forms: Vec<u32>,
    entry_kinds: Vec<u8>,
    langs: Vec<String>,
    /// Hashes of the entry ids seen (an id's bytes are compared only when its hash repeats).
    seen_entries: HashSet<u64, foldhash::fast::FixedState>,
    payload: Vec<u8>,
    threads: Option<usize>,
    budget: Option<usize>,
    temp_dir: Option<PathBuf>,
}

/// The default memory for sorting keys before sorted runs go to temporary files: 256 MiB.
pub const DEFAULT_SORT_BUDGET: usize = 256 << 20;

/// An entry kind byte: nobody said what the entry's names stand for.
pub(crate) const ENTRY_KIND_UNSAID: u8 = 0;
/// An entry kind byte: a person.
pub(crate) const ENTRY_KIND_PERSON: u8 = 1;
/// An entry kind byte: anything but a person.
pub(crate) const ENTRY_KIND_OTHER: u8 = 2;

/// The longest name (a form's text, or an entry id) accepted, in characters: the same as the
/// longest query, so that every form can be looked up whole. Longer names are refused by the
/// builder, by name tables (with `file:line:column`) and by glossary files, which keeps every
/// later stage — keys, fsts, searches — bounded.
pub const MAX_NAME_CHARS: usize = super::MAX_QUERY_CHARS;

/// The most distinct language tags an index holds (12 bits of a form row).
pub(crate) const MAX_LANGS: usize = 1 << 12;

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// The number of forms added so far.
    pub fn len(&self) -> usize {
        self.form_text.len()
    }

    /// Whether no form was added yet.
    pub fn is_empty(&self) -> bool {
        self.form_text.is_empty()
    }

    /// Attaches opaque bytes stored in the file as given (see [`Index::payload`](super::Index::payload)).
    pub fn payload(&mut self, bytes: &[u8]) -> &mut IndexBuilder {
        self.payload = bytes.to_vec();
        self
    }

    /// Adds one form. Refuses an empty entry id, a text with no key (nothing but spaces or marks),
    /// a malformed language tag, or a form of an entry whose forms were interrupted by another
    /// entry's.
    pub fn add(&mut self, record: IndexRecord<'_>) -> Result<&mut IndexBuilder, IndexError> {
        self.add_inner(record, true)
    }

    /// Adds one form whose text is known to have a key (a name table row that was checked),
    /// saving the key's computation.
    pub(crate) fn add_checked(
        &mut self,
        record: IndexRecord<'_>,
    ) -> Result<&mut IndexBuilder, IndexError> {
        self.add_inner(record, false)
    }

    /// The number of entries added so far.
    pub(crate) fn entry_count(&self) -> usize {
        self.entry_id.len()
    }

    fn add_inner(
        &mut self,
        record: IndexRecord<'_>,
        check_key: bool,
    ) -> Result<&mut IndexBuilder, IndexError> {
        let ordinal = self.len();
        let bad = |what: String| IndexError::BadRecord {
            ordinal,
            entry: record.entry.to_owned(),
            what,
        };
        for (what, text) in [("entry id", record.entry), ("text", record.text)] {
            if text.chars().take(MAX_NAME_CHARS + 1).count() > MAX_NAME_CHARS {
                return Err(bad(format!(
                    "the {what} is longer than {MAX_NAME_CHARS} characters; shorten it"
                )));
            }
        }
        if record.entry.is_empty() || record.entry.chars().any(char::is_control) {
            return Err(bad(
                "the entry id is empty or has control characters; give every form the id of its entry".into(),
            ));
        }
        if record.text.chars().any(|c| c.is_control()) {
            return Err(bad(format!(
                "the text {:?} has control characters; remove them",
                record.text
            )));
        }
        if check_key && !key::key(record.text).chars().any(char::is_alphanumeric) {
            return Err(bad(format!(
                "the text {:?} has no letters or digits to look up; give a non-empty name",
                record.text
            )));
        }
        if record.lang != "und"
            && let Err(e) = LangTag::parse_range(record.lang)
        {
            return Err(bad(e.to_string()));
        }
        let lang = match self.langs.iter().position(|l| l == record.lang) {
            Some(i) => i,
            None => {
                self.langs.push(record.lang.to_owned());
                self.langs.len() - 1
            }
        };
        if lang >= MAX_LANGS {
            return Err(IndexError::TooLarge {
                what: format!("more than {MAX_LANGS} distinct language tags"),
            });
        }
        let new_entry = self
            .entry_id
            .last()
            .map(|&start| self.entry_ids.get(start as usize..) != Some(record.entry.as_bytes()))
            .unwrap_or(true);
        if new_entry {
            let hash = foldhash::fast::FixedState::default().hash_one(record.entry.as_bytes());
            if !self.seen_entries.insert(hash) && self.has_entry(record.entry) {
                return Err(bad(
                    "this entry's forms are not consecutive; list all forms of an entry together"
                        .into(),
                ));
            }
            let offset = u32::try_from(self.entry_ids.len()).map_err(|_| too_large())?;
            self.entry_id.push(offset);
            self.entry_forms
                .push(u32::try_from(ordinal).map_err(|_| too_large())?);
            self.entry_kinds.push(ENTRY_KIND_UNSAID);
            self.entry_ids.extend_from_slice(record.entry.as_bytes());
        }
        let offset = u32::try_from(self.texts.len()).map_err(|_| too_large())?;
        if ordinal >= 1 << 31 {
            return Err(too_large());
        }
        self.form_text.push(offset);
        self.texts.extend_from_slice(record.text.as_bytes());
        let status = Status::ALL
            .iter()
            .position(|s| *s == record.status)
            .unwrap_or(0);
        // lang (12 bits) | derived (1 bit) | status (3 bits); lang < MAX_LANGS was checked.
        let row = (lang << 4) | (usize::from(record.derived) << 3) | status;
        self.forms.push(u16::try_from(row).unwrap_or(0));
        Ok(self)
    }

    /// Whether an entry with the id `id` was added.
    fn has_entry(&self, id: &str) -> bool {
        (0..self.entry_id.len()).any(|e| {
            let start = self.entry_id.get(e).copied().unwrap_or(0) as usize;
            let end = self
                .entry_id
                .get(e + 1)
                .map_or(self.entry_ids.len(), |&o| o as usize);
            self.entry_ids.get(start..end) == Some(id.as_bytes())
        })
    }

    /// Says whether the entry of the last record added names a person: one word of a person's
    /// name (a surname) can name the person alone, while one word of another name (*House* of
    /// *Freedom House*) is no evidence of it. Entries of name tables, where nobody says, are
    /// read as people.
    pub fn set_person(&mut self, person: bool) -> &mut IndexBuilder {
        if let Some(kind) = self.entry_kinds.last_mut() {
            *kind = if person {
                ENTRY_KIND_PERSON
            } else {
                ENTRY_KIND_OTHER
            };
        }
        self
    }

    /// The text of form `i`.
    pub(crate) fn text(&self, i: usize) -> &str {
        let start = self.form_text.get(i).copied().unwrap_or(0) as usize;
        let end = self
            .form_text
            .get(i + 1)
            .map_or(self.texts.len(), |&e| e as usize);
        // Every slice was appended from a `&str` at these exact offsets.
        std::str::from_utf8(self.texts.get(start..end).unwrap_or_default()).unwrap_or_default()
    }

    /// Sets the number of threads computing keys and building fsts (default: the number of
    /// cores, at most 8). The file is the same whatever the number.
    pub fn threads(&mut self, threads: usize) -> &mut IndexBuilder {
        self.threads = Some(threads.max(1));
        self
    }

    /// Sets the memory, in bytes, for sorting keys (default [`DEFAULT_SORT_BUDGET`]): past it,
    /// sorted runs of keys go to temporary files and are merged back, so that a build's peak
    /// memory does not grow with the number of keys. The file is the same whatever the budget.
    pub fn memory_budget(&mut self, bytes: usize) -> &mut IndexBuilder {
        self.budget = Some(bytes.max(1));
        self
    }

    /// Sets the directory for temporary files (default: the output's directory for
    /// [`write_atomic`](IndexBuilder::write_atomic), the system's temporary directory for
    /// [`build`](IndexBuilder::build)). The files are unlinked as soon as they are created
    /// where the system allows it, so a killed build leaves none behind.
    pub fn temp_dir(&mut self, dir: impl AsRef<Path>) -> &mut IndexBuilder {
        self.temp_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Builds the index file in memory.
    ///
    /// Where the platform has no file system (WebAssembly in a browser), nothing is spilled to
    /// temporary files: the build is held in memory whole.
    pub fn build(&self) -> Result<Vec<u8>, IndexError> {
        // `std::env::temp_dir` panics where there is no file system.
        let dir = if cfg!(target_family = "wasm") {
            self.temp_dir.clone()
        } else {
            Some(self.temp_dir.clone().unwrap_or_else(std::env::temp_dir))
        };
        let fsts = build_fsts(self, self.plan(dir.as_deref()))?;
        let sections = self.sections(fsts)?;
        let mut out = Vec::new();
        write_sections(sections, &mut out).map_err(|source| IndexError::Io {
            path: dir.unwrap_or_default(),
            source,
        })?;
        Ok(out)
    }

    /// The number of threads a build runs on (see [`IndexBuilder::threads`]).
    pub(crate) fn thread_count(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, |t| t.get())
                .clamp(1, 8)
        })
    }

    /// How to build: the threads, the sorting budget and the directory for temporary files
    /// (`None`: everything in memory).
    fn plan<'a>(&self, dir: Option<&'a Path>) -> Plan<'a> {
        Plan {
            threads: self.thread_count(),
            budget: self.budget.unwrap_or(DEFAULT_SORT_BUDGET),
            dir,
        }
    }

    /// Every section of the file, the fsts and postings as built.
    fn sections(&self, fsts: Fsts) -> Result<Vec<(Section, Body<'_>)>, IndexError> {
        let n = self.len();
        let mut meta = Vec::with_capacity(12);
        meta.extend_from_slice(&(n as u32).to_le_bytes());
        meta.extend_from_slice(&(self.entry_id.len() as u32).to_le_bytes());
        meta.extend_from_slice(&(self.langs.len() as u32).to_le_bytes());
        let texts_len = u32::try_from(self.texts.len()).map_err(|_| too_large())?;
        let strings_len = self.texts.len() + self.entry_ids.len();
        let strings_len = u32::try_from(strings_len).map_err(|_| too_large())?;
        let entries = self.entry_id.len();
        // Every table has one value past its last form or entry: where the last one ends.
        let form_text = packed::encode(n + 1, |i| {
            self.form_text.get(i).copied().unwrap_or(texts_len)
        });
        let entry_id = packed::encode(entries + 1, |i| {
            self.entry_id.get(i).map_or(strings_len, |&o| o + texts_len)
        });
        let entry_forms = packed::encode(entries + 1, |i| {
            self.entry_forms.get(i).copied().unwrap_or(n as u32)
        });
        let forms = packed::encode(n, |i| u32::from(self.forms.get(i).copied().unwrap_or(0)));
        let kinds = packed::encode(entries, |i| {
            u32::from(self.entry_kinds.get(i).copied().unwrap_or(0))
        });
        let langs = self.langs.join("\n");
        let Fsts { fsts, postings } = fsts;
        let [key_fst, reversed_fst, cross_fst, words_fst] = fsts;
        let one = |spool| Body::Spools(vec![spool]);
        Ok(vec![
            (Section::Meta, Body::Bytes(meta)),
            (Section::Key, one(key_fst)),
            (Section::KeyReversed, one(reversed_fst)),
            (Section::CrossScript, one(cross_fst)),
            (Section::Postings, Body::Spools(postings)),
            (Section::Forms, Body::Bytes(forms)),
            (Section::FormText, Body::Bytes(form_text)),
            (Section::EntryId, Body::Bytes(entry_id)),
            (Section::EntryForms, Body::Bytes(entry_forms)),
            (Section::Langs, Body::Bytes(langs.into_bytes())),
            (
                Section::Strings,
                Body::Slices(vec![&self.texts, &self.entry_ids]),
            ),
            (Section::Payload, Body::Slices(vec![&self.payload])),
            (Section::Words, one(words_fst)),
            (Section::EntryKinds, Body::Bytes(kinds)),
        ])
    }

    /// Builds the index and writes it to `path` atomically: to a temporary file in the same
    /// directory, flushed to disk, then renamed into place. An interrupted run leaves either
    /// the old file or the new one, never a truncated file. The file is streamed out: fsts and
    /// postings that outgrow the sorting budget are never held in memory whole.
    pub fn write_atomic(&self, path: impl AsRef<Path>) -> Result<(), IndexError> {
        let path = path.as_ref();
        let dir = match (&self.temp_dir, path.parent()) {
            (Some(dir), _) => dir.clone(),
            (None, Some(parent)) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let fsts = build_fsts(self, self.plan(Some(&dir)))?;
        let sections = self.sections(fsts)?;
        crate::atomic::write_with(path, |out| write_sections(sections, out)).map_err(|source| {
            IndexError::Io {
                path: path.to_path_buf(),
                source,
            }
        })
    }
}

/// Runs every job on a thread of its own and returns their results in order (`None` for a job
/// whose thread panicked). WebAssembly in a browser has no threads to spawn: there the jobs run
/// one after the other on the calling thread.
pub(crate) fn in_parallel<'env, T, F>(jobs: impl Iterator<Item = F>) -> Vec<Option<T>>
where
    F: FnOnce() -> T + Send + 'env,
    T: Send + 'env,
{
    #[cfg(target_family = "wasm")]
    {
        jobs.map(|job| Some(job())).collect()
    }
    #[cfg(not(target_family = "wasm"))]
    {
        std::thread::scope(|scope| {
            let handles: Vec<_> = jobs.map(|job| scope.spawn(job)).collect();
            handles.into_iter().map(|h| h.join().ok()).collect()
        })
    }
}

pub(crate) fn too_large() -> IndexError {
    IndexError::TooLarge {
        what: "the index would exceed 4 GiB of text or 2^31 forms".into(),
    }
}
