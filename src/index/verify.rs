//! The structural check of an fst section, run by [`Index::open`](super::Index::open) on bytes
//! from elsewhere.
//!
//! The fst library reads its nodes without bounds checks: it trusts that the bytes came from its
//! own builder, and a crafted node (whose checksum anyone can recompute) makes it index out of
//! bounds, overflow an address subtraction, or loop over exponentially many dead paths. This
//! module decodes every node of the section once, with checked arithmetic, exactly as the fst
//! library (version 0.4, format version 3) will decode it later, and accepts the section only
//! if:
//!
//! - the nodes tile the section from its 16-byte header to the root without gaps, so every node
//!   the library can reach was checked here;
//! - every field of every node lies inside the node, pack sizes are 1–8 bytes, and every
//!   transition points to the start of an earlier node (or to the empty final node), which makes
//!   the graph acyclic;
//! - every node but the root of an empty fst leads to a key, transitions leave a node in strictly increasing byte
//!   order, and a node's transition index (nodes of more than 32 transitions) agrees with its
//!   inputs, so every walk ends at a key and answers are those of a well-formed fst;
//! - no path sums its outputs past `u64::MAX`, the number of keys equals the count in the
//!   footer and is at most `max_keys`, and no key is longer than [`MAX_KEY_BYTES`].
//!
//! Together these bound every later walk: a full stream yields at most `max_keys` keys of at
//! most [`MAX_KEY_BYTES`] bytes each, and no read can leave the section. The check costs one
//! backward pass over the section that marks where its nodes are, a bottom-up pass that decodes
//! each node again and finds each child's summary by the rank of its address in that bitmap
//! (constant time), and while it runs 24 bytes of memory per node and a fifth of the section's
//! size (measured in the README, "Guarantees").

use super::IndexError;

/// The longest key an fst of an index may hold, in bytes. The builder refuses records whose keys
/// are longer; the structural check refuses fsts with a longer path.
pub const MAX_KEY_BYTES: usize = 1 << 16;

/// The fst format version this check understands (fst 0.4 writes version 3).
const FST_VERSION: u64 = 3;

/// An fst's header: version and type, two u64.
const FST_HEADER: usize = 16;

/// The footer after the root node: key count (u64), root address (u64), checksum (u32).
const FST_FOOTER: usize = 20;

/// Nodes with more transitions than this carry a 256-byte index from input byte to transition.
const TRANS_INDEX_THRESHOLD: usize = 32;

/// One transition as the fst library will decode it.
#[derive(Clone, Copy)]
struct Trans {
    input: u8,
    out: u64,
    addr: usize,
}

/// One decoded node: where it starts (`end`, the first byte; its address is its last byte),
/// whether it is final and its final output. Its transitions are appended to a buffer that
/// all nodes share ([`decode`]), so that decoding allocates nothing per node.
struct Node {
    end: usize,
    is_final: bool,
    final_output: u64,
}

/// What the walks below a node can produce.
#[derive(Clone, Copy)]
struct Summary {
    max_out: u64,
    keys: u64,
    depth: usize,
}

/// The set of node addresses of one section, with the rank of each address among them in
/// constant time: one bit per byte of the section and a running count per 64 bytes (an eighth
/// and a sixteenth of the section's size), instead of a binary search per transition.
struct Addresses {
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl Addresses {
    /// The addresses in `addrs`, each below `len`.
    #[cfg(test)]
    fn new(len: usize, addrs: impl Iterator<Item = usize>) -> Addresses {
        let mut bits = vec![0u64; len / 64 + 1];
        for addr in addrs {
            if let Some(word) = bits.get_mut(addr / 64) {
                *word |= 1 << (addr % 64);
            }
        }
        Addresses::from_bits(bits)
    }

    /// The addresses whose bits are set in `bits` (bit `a % 64` of word `a / 64`).
    fn from_bits(bits: Vec<u64>) -> Addresses {
        let mut before = Vec::with_capacity(bits.len());
        let mut count = 0u32;
        for word in &bits {
            before.push(count);
            count = count.saturating_add(word.count_ones());
        }
        Addresses { bits, before }
    }

    /// The addresses, in increasing order.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + bit)
            })
        })
    }

    /// How many addresses are below `addr`, when `addr` is one of them.
    fn rank(&self, addr: usize) -> Option<usize> {
        let (word, bit) = (addr / 64, addr % 64);
        let bits = *self.bits.get(word)?;
        if bits & (1 << bit) == 0 {
            return None;
        }
        let below = (bits & ((1u64 << bit) - 1)).count_ones();
        Some(*self.before.get(word)? as usize + below as usize)
    }
}

fn unpack(bytes: &[u8], at: usize, size: usize) -> Option<u64> {
    let field = bytes.get(at..at.checked_add(size)?)?;
    Some(
        field
            .iter()
            .enumerate()
            .fold(0u64, |n, (i, &b)| n | (u64::from(b) << (8 * i))),
    )
}

fn common_input_len(state: u8) -> usize {
    usize::from(state & 0b0011_1111 == 0)
}

/// The target of a transition whose packed delta is `delta`, from a node that starts at `end`.
fn target(end: usize, delta: u64) -> Option<usize> {
    if delta == 0 {
        return Some(0);
    }
    end.checked_sub(usize::try_from(delta).ok()?)
}

/// Decodes the node whose last byte is at `addr` (never the empty final node at 0), appending
/// its transitions to `trans`.
fn decode(bytes: &[u8], addr: usize, trans: &mut Vec<Trans>) -> Option<Node> {
    let state = *bytes.get(addr)?;
    match state >> 6 {
        0b11 => {
            // One transition to the node just before this one, no output.
            let input_len = common_input_len(state);
            let input = if input_len == 1 {
                *bytes.get(addr.checked_sub(1)?)?
            } else {
                0
            };
            let end = addr.checked_sub(input_len)?;
            let addr = end.checked_sub(1)?;
            trans.push(Trans {
                input,
                out: 0,
                addr,
            });
            Some(Node {
                end,
                is_final: false,
                final_output: 0,
            })
        }
        0b10 => {
            let input_len = common_input_len(state);
            let sizes_at = addr.checked_sub(input_len + 1)?;
            let sizes = *bytes.get(sizes_at)?;
            let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 0x0F));
            if !(1..=8).contains(&tsize) || osize > 8 {
                return None;
            }
            let end = sizes_at.checked_sub(tsize + osize)?;
            let out = if osize == 0 {
                0
            } else {
                unpack(bytes, end, osize)?
            };
            let delta = unpack(bytes, sizes_at - tsize, tsize)?;
            trans.push(Trans {
                input: 0,
                out,
                addr: target(end, delta)?,
            });
            Some(Node {
                end,
                is_final: false,
                final_output: 0,
            })
        }
        _ => decode_any(bytes, addr, state, trans),
    }
}

/// Decodes a node of any number of transitions.
fn decode_any(bytes: &[u8], addr: usize, state: u8, all: &mut Vec<Trans>) -> Option<Node> {
    let is_final = state & 0b0100_0000 != 0;
    let (ntrans_len, ntrans) = match state & 0b0011_1111 {
        0 => match *bytes.get(addr.checked_sub(1)?)? {
            1 => (1, 256),
            n => (1, usize::from(n)),
        },
        n => (0, usize::from(n)),
    };
    let sizes_at = addr.checked_sub(ntrans_len + 1)?;
    let sizes = *bytes.get(sizes_at)?;
    let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 0x0F));
    if tsize > 8 || (ntrans > 0 && tsize == 0) || osize > 8 {
        return None;
    }
    let index_size = if ntrans > TRANS_INDEX_THRESHOLD {
        256
    } else {
        0
    };
    let total_trans = ntrans + ntrans * tsize + index_size;
    let final_osize = if is_final { osize } else { 0 };
    let end = sizes_at.checked_sub(total_trans + ntrans * osize + final_osize)?;
    let final_output = if is_final && osize > 0 {
        unpack(bytes, end, osize)?
    } else {
        0
    };
    let inputs_end = sizes_at - index_size;
    let first = all.len();
    for i in 0..ntrans {
        let input = *bytes.get(inputs_end - i - 1)?;
        let delta = unpack(bytes, inputs_end - ntrans - i * tsize - tsize, tsize)?;
        let out = if osize == 0 {
            0
        } else {
            unpack(bytes, sizes_at - total_trans - i * osize - osize, osize)?
        };
        all.push(Trans {
            input,
            out,
            addr: target(end, delta)?,
        });
    }
    let trans = all.get(first..)?;
    if trans
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.input >= b.input))
    {
        return None;
    }
    if index_size > 0 {
        let index = bytes.get(inputs_end..sizes_at)?;
        // Which transition each input byte has, if any (inputs are distinct, checked above).
        let mut slot_of = [usize::MAX; 256];
        for (i, t) in trans.iter().enumerate() {
            *slot_of.get_mut(usize::from(t.input))? = i;
        }
        for (&slot, &expected) in index.iter().zip(slot_of.iter()) {
            let slot = usize::from(slot);
            let agrees = if expected == usize::MAX {
                slot >= ntrans
            } else {
                slot == expected
            };
            if !agrees {
                return None;
            }
        }
    }
    Some(Node {
        end,
        is_final,
        final_output,
    })
}

/// Checks the fst in `bytes` (one whole section) as described in the module docs.
pub(crate) fn check_fst(bytes: &[u8], max_keys: u64, name: &str) -> Result<(), IndexError> {
    let bad = |what: &str| IndexError::corrupt(format!("the {name} is malformed: {what}"));
    let len = bytes.len();
    if len < FST_HEADER + FST_FOOTER {
        return Err(bad("it is shorter than an empty fst"));
    }
    let version = unpack(bytes, 0, 8).unwrap_or(0);
    if version != FST_VERSION {
        return Err(bad("it has an unknown fst version"));
    }
    let footer = len - FST_FOOTER;
    let count = unpack(bytes, footer, 8).unwrap_or(u64::MAX);
    let root = unpack(bytes, footer + 8, 8)
        .and_then(|r| usize::try_from(r).ok())
        .unwrap_or(usize::MAX);
    if root == 0 {
        // The empty final node: an fst whose only key is the empty string, or no key at all.
        return if len == FST_HEADER + FST_FOOTER && count <= 1 && count <= max_keys {
            Ok(())
        } else {
            Err(bad("its root does not match its length"))
        };
    }
    if root.checked_add(1) != Some(footer) {
        return Err(bad("its root is not its last node"));
    }
    // Decode every node from the root back to the header; each node ends where the one before
    // it begins, so this visits exactly the nodes the library can reach, and more. Only their
    // addresses are kept: a bit per byte of the section.
    let mut trans: Vec<Trans> = Vec::new();
    let mut bits = vec![0u64; len / 64 + 1];
    let mut nodes = 0usize;
    let mut addr = root;
    loop {
        trans.clear();
        let node = decode(bytes, addr, &mut trans).ok_or_else(|| bad("a node is out of bounds"))?;
        if node.end < FST_HEADER {
            return Err(bad("a node overlaps the header"));
        }
        if let Some(word) = bits.get_mut(addr / 64) {
            *word |= 1 << (addr % 64);
        }
        nodes += 1;
        if node.end == FST_HEADER {
            break;
        }
        addr = node.end - 1;
    }
    // Bottom up (increasing addresses), decoding each node again: what each node's walks can
    // produce. A node's summary is at the rank of its address among the node addresses.
    let addresses = Addresses::from_bits(bits);
    let empty = Summary {
        max_out: 0,
        keys: 1,
        depth: 0,
    };
    let mut done: Vec<Summary> = Vec::with_capacity(nodes);
    for addr in addresses.iter() {
        trans.clear();
        let node = decode(bytes, addr, &mut trans).ok_or_else(|| bad("a node is out of bounds"))?;
        let mut s = Summary {
            max_out: node.final_output,
            keys: u64::from(node.is_final),
            depth: 0,
        };
        for t in &trans {
            let child = if t.addr == 0 {
                empty
            } else {
                // Only nodes below this one are done: a transition up or to itself is refused.
                let i = addresses
                    .rank(t.addr)
                    .filter(|_| t.addr < addr)
                    .ok_or_else(|| bad("a transition points inside a node"))?;
                done.get(i).copied().unwrap_or(empty)
            };
            let out = t
                .out
                .checked_add(child.max_out)
                .ok_or_else(|| bad("its outputs overflow"))?;
            s.max_out = s.max_out.max(out);
            s.keys = s.keys.saturating_add(child.keys);
            s.depth = s.depth.max(child.depth + 1);
        }
        // A node no key passes through: only the root of an fst without keys may be one.
        if s.keys == 0 && addr != root {
            return Err(bad("a path leads to no key"));
        }
        if s.depth > MAX_KEY_BYTES {
            return Err(bad("it holds a key longer than an index key can be"));
        }
        done.push(s);
    }
    let keys = done.last().map_or(0, |s| s.keys);
    if keys != count || keys > max_keys {
        return Err(bad("its number of keys does not match the index"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rank_of_an_address_is_its_position_among_the_addresses() {
        let addrs: Vec<usize> = vec![0, 1, 63, 64, 65, 127, 128, 200, 511, 700];
        let set = Addresses::new(701, addrs.iter().copied());
        assert_eq!(set.iter().collect::<Vec<_>>(), addrs);
        for addr in 0..=701 {
            let expected = addrs.iter().position(|&a| a == addr);
            assert_eq!(set.rank(addr), expected, "address {addr}");
        }
    }
}
