//! The per-text cache of word readings ([`WordCache`]): text repeats its words, so each word as
//! written is folded and stripped of endings once, and every later occurrence costs one lookup.
//!
//! Most words are short, so a word of at most 16 bytes is looked up by a fixed-size key — its
//! first and last eight bytes (four for words shorter than eight, single bytes below four) and
//! its length — in an open-addressing table: no string is hashed byte by byte, no string
//! comparison is called. Longer words go to an ordinary hash map of strings.

use std::ops::Range;

use super::{Cand, FastMap, Reading};

/// How many distinct words the cache remembers before it starts afresh (bounding its memory).
const CACHE_WORDS: usize = 1 << 16;

/// A word of at most 16 bytes as a fixed-size key. The two pieces overlap when the word is
/// shorter than their sum, and together they cover every byte, so equal keys (with equal
/// lengths) mean equal words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Key {
    first: u64,
    last: u64,
    /// The length in bytes; 0 marks an empty slot.
    len: u8,
}

impl Key {
    /// The key of `word`, or `None` when it is empty or longer than 16 bytes.
    #[inline]
    fn of(word: &[u8]) -> Option<Key> {
        let len = word.len();
        let eight = |piece: Option<&[u8]>| {
            piece
                .and_then(|p| <[u8; 8]>::try_from(p).ok())
                .map(u64::from_le_bytes)
        };
        let four = |piece: Option<&[u8]>| {
            piece
                .and_then(|p| <[u8; 4]>::try_from(p).ok())
                .map(|p| u64::from(u32::from_le_bytes(p)))
        };
        let (first, last) = match len {
            0 => return None,
            1..=3 => {
                let byte = |at: usize| word.get(at).map_or(0, |&b| u64::from(b));
                (byte(0) | (byte(len / 2) << 8) | (byte(len - 1) << 16), 0)
            }
            4..=7 => (four(word.get(..4))?, four(word.get(len - 4..))?),
            8..=16 => (eight(word.get(..8))?, eight(word.get(len - 8..))?),
            _ => return None,
        };
        Some(Key {
            first,
            last,
            len: len as u8,
        })
    }

    /// Where the key's search starts in a table of `mask + 1` slots.
    #[inline]
    fn home(&self, mask: usize) -> usize {
        // One folded multiplication (as in foldhash): every bit of the key reaches the bits
        // the mask keeps.
        let a = self.first ^ 0x243f_6a88_85a3_08d3;
        let b = self.last ^ 0x1319_8a2e_0370_7344 ^ (u64::from(self.len) << 56);
        let full = u128::from(a) * u128::from(b);
        (((full as u64) ^ ((full >> 64) as u64)) as usize) & mask
    }
}

/// One slot of the short-word table: a key and its reading in 32 bytes, two to a cache line.
/// The table is bigger than the processor's fastest caches for a text of a few thousand
/// distinct words, so its size is what a lookup costs.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    first: u64,
    last: u64,
    lo: u32,
    hi: u32,
    /// The key's length; 0 marks an empty slot.
    len: u8,
    starts: bool,
}

impl Slot {
    #[inline]
    fn holds(&self, key: &Key) -> bool {
        self.first == key.first && self.last == key.last && self.len == key.len
    }

    fn key(&self) -> Key {
        Key {
            first: self.first,
            last: self.last,
            len: self.len,
        }
    }
}

/// Words seen before (as written) → their readings; the candidates the readings point to.
#[derive(Debug, Default)]
pub(super) struct WordCache {
    /// Open addressing with linear probing; the length is zero or a power of two, and at most
    /// three quarters of the slots are full.
    short: Vec<Slot>,
    short_len: usize,
    /// Words longer than 16 bytes.
    long: FastMap<Box<str>, Reading>,
    /// The candidates of the words in the cache (readings point into it).
    pub(super) cands: Vec<Cand>,
    /// The id of the annotator the cache belongs to (a cache is never used with another).
    owner: u64,
}

impl WordCache {
    /// Empties the cache when it belongs to another annotator or has grown too big. Called
    /// before a line, so that the readings of a line's words stay valid while it is matched.
    pub(super) fn prepare_for(&mut self, owner: u64) {
        if self.owner != owner || self.short_len + self.long.len() >= CACHE_WORDS {
            self.owner = owner;
            self.short.clear();
            self.short_len = 0;
            self.long.clear();
            self.cands.clear();
        }
    }

    /// The reading of the word at `range` of `line`, computed by `read` (given the word, it
    /// pushes its candidates onto the vector it is given) when the word was not seen before.
    #[inline]
    pub(super) fn reading(
        &mut self,
        line: &str,
        range: Range<usize>,
        read: impl FnOnce(&str, &mut Vec<Cand>) -> Reading,
    ) -> Reading {
        let bytes = line.as_bytes().get(range.clone()).unwrap_or_default();
        let Some(key) = Key::of(bytes) else {
            let word = line.get(range).unwrap_or("");
            if let Some(&reading) = self.long.get(word) {
                return reading;
            }
            let reading = read(word, &mut self.cands);
            self.long.insert(word.into(), reading);
            return reading;
        };
        if let Some(reading) = self.find(key) {
            return reading;
        }
        let reading = read(line.get(range).unwrap_or(""), &mut self.cands);
        self.insert(key, reading);
        reading
    }

    #[inline]
    fn find(&self, key: Key) -> Option<Reading> {
        let mask = self.short.len().checked_sub(1)?;
        let mut at = key.home(mask);
        loop {
            let slot = self.short.get(at)?;
            if slot.holds(&key) {
                return Some(Reading {
                    lo: slot.lo,
                    hi: slot.hi,
                    starts: slot.starts,
                });
            }
            if slot.len == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, key: Key, reading: Reading) {
        if (self.short_len + 1) * 4 > self.short.len() * 3 {
            let old = std::mem::take(&mut self.short);
            self.short = vec![Slot::default(); (old.len() * 2).max(256)];
            for slot in old.into_iter().filter(|s| s.len != 0) {
                self.place(slot);
            }
        }
        self.place(Slot {
            first: key.first,
            last: key.last,
            lo: reading.lo,
            hi: reading.hi,
            len: key.len,
            starts: reading.starts,
        });
        self.short_len += 1;
    }

    /// Puts a slot into the first free place from its home (the table is never full).
    fn place(&mut self, slot: Slot) {
        let mask = self.short.len().saturating_sub(1);
        let mut at = slot.key().home(mask);
        while let Some(here) = self.short.get_mut(at) {
            if here.len == 0 {
                *here = slot;
                return;
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_equal_only_for_equal_words() {
        let words = [
            "a",
            "ab",
            "ba",
            "abc",
            "acc",
            "abcd",
            "abcde",
            "bcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "bcdefghi",
            "xxxxxxxxy",
            "xxxxxxxxxy",
            "Құлжа",
            "Құлжаға",
            "abcdefghijklmnop",
            "абвгдежз",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    Key::of(a.as_bytes()) == Key::of(b.as_bytes()),
                    a == b,
                    "{a} {b}"
                );
            }
        }
        assert_eq!(Key::of(b""), None);
        assert_eq!(Key::of("abcdefghijklmnopq".as_bytes()), None);
    }

    #[test]
    fn a_slot_takes_half_a_cache_line() {
        assert_eq!(std::mem::size_of::<Slot>(), 32);
    }

    #[test]
    fn every_word_comes_back_with_its_own_reading() {
        let mut cache = WordCache::default();
        cache.prepare_for(1);
        let words: Vec<String> = (0..5000)
            .map(|i| format!("w{i}{}", "x".repeat(i % 20)))
            .collect();
        for (i, w) in words.iter().enumerate() {
            let got = cache.reading(w, 0..w.len(), |_, _| Reading {
                lo: i as u32,
                hi: i as u32,
                starts: i % 2 == 0,
            });
            assert_eq!(got.lo, i as u32);
        }
        for (i, w) in words.iter().enumerate() {
            let got = cache.reading(w, 0..w.len(), |_, _| panic!("{w} was forgotten"));
            assert_eq!((got.lo, got.starts), (i as u32, i % 2 == 0));
        }
        cache.prepare_for(2);
        let fresh = cache.reading(&words[1], 0..words[1].len(), |_, _| Reading {
            lo: 9999,
            hi: 9999,
            starts: false,
        });
        assert_eq!(fresh.lo, 9999);
    }
}
