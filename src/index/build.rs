//! Building an index: records in, one self-describing byte buffer (or file) out.

use std::collections::HashSet;
use std::path::Path;

use fst::MapBuilder;

use super::IndexError;
use super::format::{Section, assemble, write_varint};
use crate::glossary::Status;
use crate::key;
use crate::lang::LangTag;
use crate::lookup::names::{self, Part};
use crate::normalize::normalize;

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
    forms: Vec<u8>,
    entry_ids: Vec<u8>,
    entry_id: Vec<u32>,
    entry_forms: Vec<u32>,
    entry_kinds: Vec<u8>,
    langs: Vec<String>,
    seen_entries: HashSet<String>,
    payload: Vec<u8>,
}

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

/// The size of one row of the form table.
pub(crate) const FORM_ROW: usize = 2;

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
        if !key::key(record.text).chars().any(char::is_alphanumeric) {
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
            if !self.seen_entries.insert(record.entry.to_owned()) {
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
        self.forms
            .extend_from_slice(&u16::try_from(row).unwrap_or(0).to_le_bytes());
        Ok(self)
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
    fn text(&self, i: usize) -> &str {
        let start = self.form_text.get(i).copied().unwrap_or(0) as usize;
        let end = self
            .form_text
            .get(i + 1)
            .map_or(self.texts.len(), |&e| e as usize);
        // Every slice was appended from a `&str` at these exact offsets.
        std::str::from_utf8(self.texts.get(start..end).unwrap_or_default()).unwrap_or_default()
    }

    /// Builds the index file in memory.
    pub fn build(&self) -> Result<Vec<u8>, IndexError> {
        let n = self.len();
        // Keys of every form, computed on every core.
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .clamp(1, 8);
        let chunk = n.div_ceil(threads).max(1);
        let mut channels: [Vec<(String, u32)>; 4] = Default::default();
        let parts: Vec<[Vec<(String, u32)>; 4]> = in_parallel((0..n).step_by(chunk).map(|start| {
            move || {
                let mut out: [Vec<(String, u32)>; 4] = Default::default();
                for i in start..(start + chunk).min(n) {
                    let text = self.text(i);
                    let id = i as u32;
                    let k = key::key(text);
                    let reversed: String = k.chars().rev().collect();
                    let [a, b, c, w] = &mut out;
                    a.push((k, id));
                    b.push((reversed, id));
                    for cross in key::cross_script_keys(text) {
                        c.push((cross, id));
                    }
                    add_words(text, id, w);
                }
                out
            }
        }))
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
        for part in parts {
            for (all, mut some) in channels.iter_mut().zip(part) {
                all.append(&mut some);
            }
        }
        if channels[0].len() != n {
            return Err(IndexError::corrupt("a key-building thread failed"));
        }
        if let Some((_, form)) = channels
            .iter()
            .flatten()
            .find(|(k, _)| k.len() > super::MAX_KEY_BYTES)
        {
            return Err(IndexError::BadRecord {
                ordinal: *form as usize,
                entry: String::new(),
                what: format!(
                    "its key is longer than {} bytes; shorten the text",
                    super::MAX_KEY_BYTES
                ),
            });
        }
        let mut postings = Vec::new();
        let mut fsts: Vec<Vec<u8>> = Vec::with_capacity(3);
        let sorted: Vec<Vec<(String, u32)>> = in_parallel(channels.into_iter().map(|mut keys| {
            move || {
                keys.sort_unstable();
                keys
            }
        }))
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
        // Posting lists in one pass, then the fsts on every core. The reversed-key fst stores
        // no values: a search maps a reversed key back through the key fst.
        let values: Vec<Vec<(usize, u64)>> = sorted
            .iter()
            .enumerate()
            .map(|(channel, keys)| {
                if channel == 1 {
                    distinct(keys)
                } else {
                    group_postings(keys, &mut postings)
                }
            })
            .collect();
        let built: Vec<Result<Vec<u8>, IndexError>> = in_parallel(
            sorted
                .iter()
                .zip(&values)
                .map(|(keys, values)| move || map_fst(keys, values)),
        )
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(IndexError::corrupt("an fst-building thread failed"))))
        .collect();
        for fst in built {
            fsts.push(fst?);
        }
        let mut meta = Vec::with_capacity(12);
        meta.extend_from_slice(&(n as u32).to_le_bytes());
        meta.extend_from_slice(&(self.entry_id.len() as u32).to_le_bytes());
        meta.extend_from_slice(&(self.langs.len() as u32).to_le_bytes());
        let mut form_text = Vec::with_capacity((n + 1) * 4);
        for &o in &self.form_text {
            form_text.extend_from_slice(&o.to_le_bytes());
        }
        let texts_len = u32::try_from(self.texts.len()).map_err(|_| too_large())?;
        form_text.extend_from_slice(&texts_len.to_le_bytes());
        let mut strings = self.texts.clone();
        strings.extend_from_slice(&self.entry_ids);
        u32::try_from(strings.len()).map_err(|_| too_large())?;
        let mut entry_id = Vec::with_capacity((self.entry_id.len() + 1) * 4);
        for &o in &self.entry_id {
            entry_id.extend_from_slice(&(o + texts_len).to_le_bytes());
        }
        entry_id.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        let mut entry_forms = Vec::with_capacity((self.entry_forms.len() + 1) * 4);
        for &o in &self.entry_forms {
            entry_forms.extend_from_slice(&o.to_le_bytes());
        }
        entry_forms.extend_from_slice(&(n as u32).to_le_bytes());
        let langs = self.langs.join("\n");
        let [key_fst, reversed_fst, cross_fst, words_fst] = fsts
            .try_into()
            .map_err(|_| IndexError::corrupt("the builder lost an fst"))?;
        Ok(assemble(&[
            (Section::Meta, &meta),
            (Section::Key, &key_fst),
            (Section::KeyReversed, &reversed_fst),
            (Section::CrossScript, &cross_fst),
            (Section::Postings, &postings),
            (Section::Forms, &self.forms),
            (Section::FormText, &form_text),
            (Section::EntryId, &entry_id),
            (Section::EntryForms, &entry_forms),
            (Section::Langs, langs.as_bytes()),
            (Section::Strings, &strings),
            (Section::Payload, &self.payload),
            (Section::Words, &words_fst),
            (Section::EntryKinds, &self.entry_kinds),
        ]))
    }

    /// Builds the index and writes it to `path` atomically: to a temporary file in the same
    /// directory, flushed to disk, then renamed into place. An interrupted run leaves either
    /// the old file or the new one, never a truncated file.
    pub fn write_atomic(&self, path: impl AsRef<Path>) -> Result<(), IndexError> {
        let bytes = self.build()?;
        write_atomic(path.as_ref(), &bytes)
    }
}

/// Adds `(word key, form)` for each distinct word of a name of several words (generic words and
/// initials left out: they are optional, or too short to find a name by).
fn add_words(text: &str, form: u32, out: &mut Vec<(String, u32)>) {
    let words = names::words(&normalize(text));
    if !names::has_parts(&words) {
        return;
    }
    let start = out.len();
    for word in words {
        if matches!(word.part, Part::Full | Part::Patronymic)
            && !out
                .get(start..)
                .unwrap_or_default()
                .iter()
                .any(|(k, _)| *k == word.key)
        {
            out.push((word.key, form));
        }
    }
}

/// Runs every job on a thread of its own and returns their results in order (`None` for a job
/// whose thread panicked). WebAssembly in a browser has no threads to spawn: there the jobs run
/// one after the other on the calling thread.
fn in_parallel<'env, T, F>(jobs: impl Iterator<Item = F>) -> Vec<Option<T>>
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

fn too_large() -> IndexError {
    IndexError::TooLarge {
        what: "the index would exceed 4 GiB of text or 2^31 forms".into(),
    }
}

/// Groups sorted `(key, form)` pairs by key: for each distinct key, the index of its first pair
/// and its fst value, the offset of its posting list in `postings` (so values grow with the
/// keys, which keeps fst construction linear and the fst small).
fn group_postings(keys: &[(String, u32)], postings: &mut Vec<u8>) -> Vec<(usize, u64)> {
    let mut values = Vec::with_capacity(keys.len());
    let mut i = 0;
    while let Some((k, first)) = keys.get(i) {
        let mut j = i + 1;
        while keys.get(j).is_some_and(|(k2, _)| k2 == k) {
            j += 1;
        }
        values.push((i, postings.len() as u64));
        let more = j - i > 1;
        write_varint(postings, (*first << 1) | u32::from(more));
        if more {
            write_varint(postings, (j - i - 1) as u32);
            let mut last = *first;
            for (_, form) in keys.get(i + 1..j).unwrap_or_default() {
                write_varint(postings, form - last);
                last = *form;
            }
        }
        i = j;
    }
    values
}

/// The index of the first pair of each distinct key, with the value 0.
fn distinct(keys: &[(String, u32)]) -> Vec<(usize, u64)> {
    let mut out = Vec::with_capacity(keys.len());
    for (i, (k, _)) in keys.iter().enumerate() {
        if i == 0 || keys.get(i - 1).is_none_or(|(previous, _)| previous != k) {
            out.push((i, 0));
        }
    }
    out
}

/// Builds an fst Map from sorted keys and the values of [`group_postings`].
fn map_fst(keys: &[(String, u32)], values: &[(usize, u64)]) -> Result<Vec<u8>, IndexError> {
    let fst_error = |e: fst::Error| IndexError::corrupt(format!("building an fst failed: {e}"));
    let mut builder = MapBuilder::memory();
    for &(i, value) in values {
        if let Some((k, _)) = keys.get(i) {
            builder.insert(k.as_bytes(), value).map_err(fst_error)?;
        }
    }
    builder.into_inner().map_err(fst_error)
}

/// Writes `bytes` to `path` atomically (see [`crate::atomic`]).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    crate::atomic::write(path, bytes).map_err(|source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    })
}
