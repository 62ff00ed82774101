//! The prefix (autocomplete) walk: completions of a key over the union of the layers' key
//! tries, breadth-first and shortest first, within a node budget.

use fst::raw::{CompiledAddr, Fst};
use fst::{IntoStreamer, Streamer};

use super::{Layer, PREFIX_NODES};

/// A string of the prefix walk in one layer's key fst: its node and the output so far.
#[derive(Clone, Copy)]
struct At {
    addr: CompiledAddr,
    out: u64,
    layer: usize,
}

/// A string of the prefix walk over the union of the layers' keys: where it is in each layer
/// that has it (`at`, a range of [`Level::at`]), the characters it adds to the prefix, and, when
/// some layer has dead keys, its bytes (`text`, a range of [`Level::text`]).
#[derive(Clone, Copy)]
struct Item {
    at: (u32, u32),
    text: (u32, u32),
    extra: u8,
}

/// One level of the breadth-first prefix walk: strings one byte longer than the level before.
#[derive(Default)]
struct Level {
    items: Vec<Item>,
    at: Vec<At>,
    text: Vec<u8>,
}

impl Level {
    fn clear(&mut self) {
        self.items.clear();
        self.at.clear();
        self.text.clear();
    }

    fn at(&self, item: &Item) -> &[At] {
        self.at
            .get(item.at.0 as usize..item.at.1 as usize)
            .unwrap_or_default()
    }

    fn text(&self, item: &Item) -> &[u8] {
        self.text
            .get(item.text.0 as usize..item.text.1 as usize)
            .unwrap_or_default()
    }
}

/// Whether some key of `fst` that is not in `dead` (sorted) starts with `s`, given that some
/// key of `fst` does.
fn alive(fst: &Fst<&[u8]>, dead: &[Vec<u8>], s: &[u8]) -> bool {
    let first = dead.partition_point(|k| k.as_slice() < s);
    if !dead.get(first).is_some_and(|k| k.starts_with(s)) {
        return true;
    }
    let mut stream = fst.range().ge(s).into_stream();
    while let Some((k, _)) = stream.next() {
        if !k.starts_with(s) {
            return false;
        }
        if dead.binary_search_by(|d| d.as_slice().cmp(k)).is_err() {
            return true;
        }
    }
    false
}

/// The state of a prefix walk over the union of the layers' key tries.
struct Walk<'a> {
    fsts: &'a [Fst<&'a [u8]>],
    /// Per layer, its dead keys (see [`LayerMap`](super::LayerMap)).
    dead: Vec<&'a [Vec<u8>]>,
    /// Whether some layer has dead keys, so that strings must be kept to check against them.
    track: bool,
    next: Level,
    queued: usize,
}

impl Walk<'_> {
    fn dead(&self, layer: usize) -> &[Vec<u8>] {
        self.dead.get(layer).copied().unwrap_or_default()
    }

    /// Queues the child of a string (`text`, `extra` characters added) reached by one byte in
    /// the layers of `group`, unless only dead keys go on from it. Returns `false` when the node
    /// budget is spent.
    fn enqueue(&mut self, group: &[(u8, At)], text: &[u8], extra: u8) -> bool {
        let Some(&(byte, _)) = group.first() else {
            return true;
        };
        if self.queued >= PREFIX_NODES {
            return false;
        }
        let (at_start, text_start) = (self.next.at.len(), self.next.text.len());
        if self.track {
            self.next.text.extend_from_slice(text);
            self.next.text.push(byte);
        }
        for &(_, at) in group {
            let shown = !self.track
                || self.fsts.get(at.layer).is_some_and(|fst| {
                    let child = self.next.text.get(text_start..).unwrap_or_default();
                    alive(fst, self.dead(at.layer), child)
                });
            if shown {
                self.next.at.push(at);
            }
        }
        if self.next.at.len() == at_start {
            // Only dead keys go on from here.
            self.next.text.truncate(text_start);
            return true;
        }
        self.queued += 1;
        // A byte that starts a character adds one character.
        let starts = u8::from(byte & 0xC0 != 0x80);
        let span = |start: usize, end: usize| {
            (
                u32::try_from(start).unwrap_or(u32::MAX),
                u32::try_from(end).unwrap_or(u32::MAX),
            )
        };
        self.next.items.push(Item {
            at: span(at_start, self.next.at.len()),
            text: span(text_start, self.next.text.len()),
            extra: extra.saturating_add(starts),
        });
        true
    }
}

/// Keys that extend `prefix` in the union of the layers' key sets (`fsts`, one per layer),
/// breadth-first by added bytes, as `(layer, value, characters added)` (capped at 255), one
/// per layer that has the key. Stops after the first level that brings the number of keys
/// found to `limit`, or once [`PREFIX_NODES`] nodes have been queued. Dead keys (see
/// [`LayerMap`](super::LayerMap)) and strings that lead only to them are not part of the union.
pub(super) fn prefix<D: AsRef<[u8]>>(
    layers: &[Layer<'_, D>],
    fsts: &[Fst<&[u8]>],
    prefix: &[u8],
    limit: usize,
    hits: &mut Vec<(usize, u64, u8)>,
) {
    let dead: Vec<&[Vec<u8>]> = layers.iter().map(Layer::dead_keys).collect();
    let mut walk = Walk {
        fsts,
        track: dead.iter().any(|d| !d.is_empty()),
        dead,
        next: Level::default(),
        queued: 1,
    };
    let mut level = Level::default();
    for (layer, fst) in fsts.iter().enumerate() {
        let mut node = fst.root();
        let mut out = 0u64;
        let mut found = true;
        for &b in prefix {
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    out = out.wrapping_add(t.out.value());
                    node = fst.node(t.addr);
                }
                None => {
                    found = false;
                    break;
                }
            }
        }
        if found && alive(fst, walk.dead(layer), prefix) {
            level.at.push(At {
                addr: node.addr(),
                out,
                layer,
            });
        }
    }
    if level.at.is_empty() {
        return;
    }
    if walk.track {
        level.text.extend_from_slice(prefix);
    }
    let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    level.items.push(Item {
        at: (0, len(level.at.len())),
        text: (0, len(level.text.len())),
        extra: 0,
    });
    let mut children: Vec<(u8, At)> = Vec::new();
    let mut keys = 0;
    let mut budget = true;
    while !level.items.is_empty() {
        for item in &level.items {
            let text = level.text(item);
            let mut is_key = false;
            children.clear();
            let parts = level.at(item);
            for at in parts {
                let Some(fst) = fsts.get(at.layer) else {
                    continue;
                };
                let node = fst.node(at.addr);
                if node.is_final()
                    && item.extra > 0
                    && walk
                        .dead(at.layer)
                        .binary_search_by(|d| d.as_slice().cmp(text))
                        .is_err()
                {
                    hits.push((
                        at.layer,
                        at.out.wrapping_add(node.final_output().value()),
                        item.extra,
                    ));
                    is_key = true;
                }
                if !budget {
                    continue;
                }
                for t in node.transitions() {
                    let child = At {
                        addr: t.addr,
                        out: at.out.wrapping_add(t.out.value()),
                        layer: at.layer,
                    };
                    if parts.len() == 1 {
                        // One layer: its transitions are the union's, in byte order.
                        budget = walk.enqueue(&[(t.inp, child)], text, item.extra);
                        if !budget {
                            break;
                        }
                    } else {
                        children.push((t.inp, child));
                    }
                }
            }
            keys += usize::from(is_key);
            // Several layers: their transitions in byte order (a stable sort keeps the layers
            // in order), one child per byte.
            children.sort_by_key(|&(b, _)| b);
            let mut rest = children.as_slice();
            while budget && !rest.is_empty() {
                let byte = rest.first().map_or(0, |&(b, _)| b);
                let same = rest.iter().take_while(|&&(b, _)| b == byte).count();
                let Some((group, tail)) = rest.split_at_checked(same) else {
                    break;
                };
                rest = tail;
                budget = walk.enqueue(group, text, item.extra);
            }
        }
        if keys >= limit {
            break;
        }
        std::mem::swap(&mut level, &mut walk.next);
        walk.next.clear();
    }
}
