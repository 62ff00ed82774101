//! Packed tables: arrays of `u32` stored in a few bits each, read in constant time.
//!
//! A table of `count` values is cut into blocks of [`BLOCK`] values. Each block stores its
//! smallest value (its base) as a u32, and each value is stored as its difference from its
//! block's base in `width` bits, the fewest that hold the largest difference. Offsets into the
//! strings and an entry's first form grow slowly within a block, so they take 5–11 bits instead
//! of 32; a table whose values are all equal (one language and status for every form, one kind
//! for every entry) takes no bits beyond its bases.
//!
//! ```text
//! offset        size                   field
//! 0             1                      width w (0..=32)
//! 1             4 × ⌈count / 32⌉       block bases (u32 LE)
//! 1 + 4·blocks  ⌈count · w / 8⌉        differences, w bits each, least significant bit first
//! ```
//!
//! A table's length is fixed by its count and width, so a truncated or padded table is refused
//! when it is opened ([`Table::new`]), and bits past the last value must be zero. A value whose
//! base and difference overflow a u32 reads as `None`; [`Table::check`] reads every value once.

use super::format::read_u32;

/// The number of values per block.
pub(crate) const BLOCK: usize = 32;

/// The most bits of one difference.
const MAX_WIDTH: u32 = 32;

/// A packed table over borrowed bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Table<'a> {
    bytes: &'a [u8],
    width: u32,
    count: usize,
}

impl<'a> Table<'a> {
    /// Reads a table of `count` values, if `bytes` has exactly the length its width says.
    pub(crate) fn new(bytes: &'a [u8], count: usize) -> Option<Table<'a>> {
        let width = u32::from(*bytes.first()?);
        if width > MAX_WIDTH || encoded_len(count, width)? != bytes.len() {
            return None;
        }
        Some(Table {
            bytes,
            width,
            count,
        })
    }

    /// A table of no values.
    pub(crate) fn empty() -> Table<'a> {
        Table {
            bytes: &[],
            width: 0,
            count: 0,
        }
    }

    /// The number of values.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Value `i`, or `None` past the end or when it overflows a u32.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<u32> {
        if i >= self.count {
            return None;
        }
        let base = read_u32(self.bytes, 1 + (i / BLOCK) * 4)?;
        if self.width == 0 {
            return Some(base);
        }
        let start = 1 + self.count.div_ceil(BLOCK) * 4;
        let bit = i.checked_mul(self.width as usize)?;
        let at = start.checked_add(bit / 8)?;
        let tail = self.bytes.get(at..)?;
        let mut word = [0u8; 8];
        let n = tail.len().min(8);
        word.get_mut(..n)?.copy_from_slice(tail.get(..n)?);
        let diff = (u64::from_le_bytes(word) >> (bit % 8)) & ((1u64 << self.width) - 1);
        u32::try_from(u64::from(base) + diff).ok()
    }

    /// Whether every value reads and the bits past the last value are zero.
    pub(crate) fn check(&self) -> bool {
        if (0..self.count).any(|i| self.get(i).is_none()) {
            return false;
        }
        let used = self.count * self.width as usize;
        match (used % 8, self.bytes.last()) {
            (0, _) | (_, None) => true,
            (bits, Some(&last)) => last >> bits == 0,
        }
    }
}

/// The length of a table of `count` values of `width` bits.
fn encoded_len(count: usize, width: u32) -> Option<usize> {
    let bases = count.div_ceil(BLOCK).checked_mul(4)?;
    let bits = count.checked_mul(width as usize)?;
    1usize.checked_add(bases)?.checked_add(bits.div_ceil(8))
}

/// Encodes the `count` values `value(0)`, `value(1)`, … as a table.
pub(crate) fn encode(count: usize, value: impl Fn(usize) -> u32) -> Vec<u8> {
    let blocks = count.div_ceil(BLOCK);
    let mut bases = Vec::with_capacity(blocks);
    let mut widest = 0u32;
    for block in 0..blocks {
        let values = (block * BLOCK..count.min((block + 1) * BLOCK)).map(&value);
        let (low, high) = values.fold((u32::MAX, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
        bases.push(low);
        widest = widest.max(high - low);
    }
    let width = u32::BITS - widest.leading_zeros();
    let mut out = Vec::with_capacity(encoded_len(count, width).unwrap_or(0));
    out.push(width as u8);
    for base in &bases {
        out.extend_from_slice(&base.to_le_bytes());
    }
    let (mut acc, mut filled) = (0u64, 0u32);
    for i in 0..count {
        let base = bases.get(i / BLOCK).copied().unwrap_or(0);
        acc |= u64::from(value(i) - base) << filled;
        filled += width;
        while filled >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            filled -= 8;
        }
    }
    if filled > 0 {
        out.push(acc as u8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_value_reads_back(values in proptest::collection::vec(any::<u32>(), 0..200),
                                  small in proptest::collection::vec(0u32..40, 0..200)) {
            for values in [values, small] {
                let bytes = encode(values.len(), |i| values[i]);
                let table = Table::new(&bytes, values.len()).unwrap();
                prop_assert!(table.check());
                for (i, v) in values.iter().enumerate() {
                    prop_assert_eq!(table.get(i), Some(*v));
                }
                prop_assert_eq!(table.get(values.len()), None);
                // Any other length is refused.
                prop_assert!(Table::new(&bytes[..bytes.len() - 1], values.len()).is_none());
                let mut longer = bytes.clone();
                longer.push(0);
                prop_assert!(Table::new(&longer, values.len()).is_none());
            }
        }
    }

    #[test]
    fn monotone_offsets_take_few_bits() {
        let offsets: Vec<u32> = (0..1000).map(|i| i * 13).collect();
        let bytes = encode(offsets.len(), |i| offsets[i]);
        // 31 × 13 = 403 needs 9 bits.
        assert_eq!(bytes[0], 9);
        assert!(bytes.len() < 1 + 4 * 32 + 1000 * 9 / 8 + 1);
    }

    #[test]
    fn constant_tables_take_no_bits_and_stray_bits_are_refused() {
        let bytes = encode(100, |_| 7);
        assert_eq!(bytes, {
            let mut b = vec![0u8];
            for _ in 0..4 {
                b.extend_from_slice(&7u32.to_le_bytes());
            }
            b
        });
        let bytes = encode(3, |i| i as u32);
        let table = Table::new(&bytes, 3).unwrap();
        assert!(table.check());
        let mut stray = bytes.clone();
        *stray.last_mut().unwrap() |= 0x80;
        assert!(!Table::new(&stray, 3).unwrap().check());
        let mut overflow = encode(2, |i| [u32::MAX - 1, u32::MAX][i]);
        overflow[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(!Table::new(&overflow, 2).unwrap().check());
    }
}
