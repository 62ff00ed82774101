//! The skeletons one consonant class away from the query's: an automaton over cross-script keys
//! that accepts the keys whose skeleton is at most one edit from a given one, and a stream of an
//! fst's keys through it that never reads the nodes behind a transition that cannot match.

use fst::Streamer;
use fst::raw::Fst;

/// The keys of one fst that [`NearSkeleton`] accepts, in order, with their values: the stream
/// of `fst.search(near)`, except that a transition into a state that can never match is not
/// followed, so the node behind it is never read (on the skeleton levels, most of them).
pub(super) struct NearStream<'f, 'n> {
    fst: &'f Fst<&'f [u8]>,
    near: &'n NearSkeleton<'n>,
    /// The nodes from the root to the current one, each with its next transition to try, the
    /// output so far and the automaton's state.
    stack: Vec<(
        fst::raw::Node<'f>,
        usize,
        fst::raw::Output,
        Option<NearState>,
    )>,
    /// The key bytes from the root to the current node.
    key: Vec<u8>,
}

impl<'f, 'n> NearStream<'f, 'n> {
    pub(super) fn new(fst: &'f Fst<&'f [u8]>, near: &'n NearSkeleton<'n>) -> NearStream<'f, 'n> {
        let start = fst::Automaton::start(&near);
        NearStream {
            fst,
            near,
            stack: vec![(fst.root(), 0, fst::raw::Output::zero(), start)],
            key: Vec::new(),
        }
    }
}

impl<'a> Streamer<'a> for NearStream<'_, '_> {
    type Item = (&'a [u8], fst::raw::Output);

    fn next(&'a mut self) -> Option<Self::Item> {
        use fst::Automaton;
        let near = self.near;
        while let Some((node, trans, out, state)) = self.stack.pop() {
            if trans >= node.len() || !near.can_match(&state) {
                if !self.stack.is_empty() {
                    self.key.pop();
                }
                continue;
            }
            let t = node.transition(trans);
            self.stack.push((node, trans + 1, out, state));
            let out = out.cat(t.out);
            let next = near.accept(&state, t.inp);
            if !near.can_match(&next) {
                continue;
            }
            let is_match = near.is_match(&next);
            let child = self.fst.node(t.addr);
            self.key.push(t.inp);
            self.stack.push((child, 0, out, next));
            if child.is_final() && is_match {
                return Some((&self.key, out.cat(child.final_output())));
            }
        }
        None
    }
}

/// An automaton over cross-script keys (`skeleton NUL common-Latin key`) accepting the keys
/// whose skeleton is at most one edit (a class added, dropped or replaced) from `skeleton`.
/// Skeletons are compared byte by byte: their classes are ASCII letters.
pub(super) struct NearSkeleton<'a> {
    pub(super) skeleton: &'a [u8],
}

/// A state of [`NearSkeleton`]: the band of the edit-distance row over the skeleton, or
/// (`None`) past the NUL of a skeleton within one edit.
///
/// After `i` skeleton bytes the band holds `D(i, i − 1 ..= i + 1)`, saturated at 2: a cell
/// outside it is at least 2 (`D(i, j) ≥ |i − j|`), so the band decides everything a full row
/// would (some cell at most 1, the last at most 1), and the state is copied, never allocated.
#[derive(Clone, Copy)]
pub(super) struct NearState(Option<(usize, [u8; 3])>);

/// The saturation value of [`NearState`]'s band: more than one edit.
const NEAR_INF: u8 = 2;

impl fst::Automaton for &NearSkeleton<'_> {
    type State = Option<NearState>;

    fn start(&self) -> Self::State {
        let one = if self.skeleton.is_empty() {
            NEAR_INF
        } else {
            1
        };
        Some(NearState(Some((0, [NEAR_INF, 0, one]))))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        matches!(state, Some(NearState(None)))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Self::State) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let (i, band) = match state {
            None => return None,
            Some(NearState(None)) => return Some(NearState(None)),
            Some(NearState(Some(row))) => *row,
        };
        let n = self.skeleton.len();
        if byte == 0 {
            // Column n is band cell n − i + 1, when that is 0..=2.
            let last = (n + 1)
                .checked_sub(i)
                .and_then(|k| band.get(k))
                .copied()
                .unwrap_or(NEAR_INF);
            return (last <= 1).then_some(NearState(None));
        }
        // Row i + 1: cell k is column j = i + k; the diagonal is old cell k, above old k + 1.
        let mut next = [NEAR_INF; 3];
        for k in 0..3 {
            let j = i + k;
            let value = if j > n {
                NEAR_INF
            } else if j == 0 {
                1
            } else {
                let cost = u8::from(self.skeleton.get(j - 1) != Some(&byte));
                let diag = band.get(k).copied().unwrap_or(NEAR_INF) + cost;
                let up = band.get(k + 1).copied().unwrap_or(NEAR_INF) + 1;
                let left = k
                    .checked_sub(1)
                    .and_then(|l| next.get(l))
                    .copied()
                    .unwrap_or(NEAR_INF)
                    + 1;
                diag.min(up).min(left).min(NEAR_INF)
            };
            if let Some(cell) = next.get_mut(k) {
                *cell = value;
            }
        }
        (next.iter().any(|&v| v <= 1)).then_some(NearState(Some((i + 1, next))))
    }
}

#[cfg(test)]
mod tests {
    use fst::{IntoStreamer, Streamer};

    use super::super::tests::{build, entry, layers};
    use super::*;
    use crate::index::format::Section;

    /// The near-skeleton stream gives the keys and values of the fst's own automaton stream,
    /// in the same order.
    #[test]
    fn the_near_skeleton_stream_equals_the_automaton_search() {
        let (base, top) = layers();
        let mut all = base;
        all.extend(top);
        all.extend(
            [
                "Pavlodar",
                "Paolodar",
                "Pavlodarr",
                "Khizilorda",
                "Kyzylorda",
                "Kuldja",
            ]
            .iter()
            .map(|t| entry(&format!("x-{t}"), &[t])),
        );
        all.sort();
        all.dedup_by(|a, b| a.0 == b.0);
        let index = build(&all);
        let cross = index.fst(Section::CrossScript).unwrap();
        let mut met = 0;
        for skeleton in ["PVLTR", "KLJ", "KL", "PBCD", "KZLRT", "", "Q", "PBBBBBBB"] {
            let near = NearSkeleton {
                skeleton: skeleton.as_bytes(),
            };
            let mut theirs = Vec::new();
            let mut stream = cross.search(&near).into_stream();
            while let Some((k, v)) = stream.next() {
                theirs.push((k.to_vec(), v.value()));
            }
            let mut ours = Vec::new();
            let mut stream = NearStream::new(&cross, &near);
            while let Some((k, v)) = stream.next() {
                ours.push((k.to_vec(), v.value()));
            }
            assert_eq!(ours, theirs, "{skeleton}");
            met += ours.len();
        }
        assert!(met > 0);
    }

    #[test]
    fn the_near_skeleton_automaton_accepts_one_class_away() {
        let near = NearSkeleton { skeleton: b"PVLTR" };
        let accepts = |k: &str| {
            let mut state = fst::Automaton::start(&&near);
            for b in k.bytes() {
                state = fst::Automaton::accept(&&near, &state, b);
            }
            fst::Automaton::is_match(&&near, &state)
        };
        assert!(accepts("PLTR\0paolodar"));
        assert!(accepts("PVLTR\0pavlodar"));
        assert!(accepts("PVLTRZ\0x"));
        assert!(accepts("PPLTR\0x"));
        assert!(!accepts("PLT\0x"));
        assert!(!accepts("PVLTR"));
    }

    /// The banded automaton agrees with the full edit distance (insertions, deletions,
    /// substitutions) on every pair of strings of up to 4 letters over 3, and accepts whatever
    /// follows the NUL.
    #[test]
    fn the_near_skeleton_automaton_equals_the_edit_distance() {
        fn levenshtein(a: &[u8], b: &[u8]) -> usize {
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, &x) in a.iter().enumerate() {
                let mut next = vec![i + 1];
                for (j, &y) in b.iter().enumerate() {
                    let v = (row[j] + usize::from(x != y))
                        .min(row[j + 1] + 1)
                        .min(next[j] + 1);
                    next.push(v);
                }
                row = next;
            }
            row[b.len()]
        }
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=4 {
            let mut n = 0usize;
            while n < 3usize.pow(len) {
                words.push((0..len).map(|p| b"ABC"[n / 3usize.pow(p) % 3]).collect());
                n += 1;
            }
        }
        for s in &words {
            let near = NearSkeleton { skeleton: s };
            for k in &words {
                let mut state = fst::Automaton::start(&&near);
                for &b in k.iter().chain(b"\0xyz") {
                    state = fst::Automaton::accept(&&near, &state, b);
                }
                assert_eq!(
                    fst::Automaton::is_match(&&near, &state),
                    levenshtein(s, k) <= 1,
                    "{s:?} {k:?}"
                );
            }
        }
    }
}
