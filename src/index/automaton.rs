//! Fuzzy search over an fst with optimal-string-alignment distance, counted in characters.
//!
//! The automaton is a banded (Ukkonen-style) dynamic-programming row: after reading `i`
//! characters of a key it keeps only the `2d + 1` cells `D(i, i−d ..= i+d)` of the OSA matrix,
//! saturated at `d + 1`, plus the previous row and the previous character for transpositions.
//! A state is a few dozen bytes and is copied, never allocated.
//!
//! The walk is our own depth-first traversal of the fst's nodes (not `fst::Automaton`, whose
//! stream tries every transition of every node): at a node where no character outside the
//! query's current window can keep the row alive, it looks up only the window's characters
//! (at most `2d + 3`, each by its UTF-8 bytes); elsewhere it enumerates the transitions and
//! decodes UTF-8 along the way. Characters, not bytes, are the unit, so Cyrillic and Arabic
//! are handled like ASCII.
//!
//! For d = 2 the walk is split in two (the pigeonhole idea behind partition filters): split
//! the query at `m`; let `e1` be the cost of an optimal alignment where it first reaches query
//! column `m` and `e2` the rest, so `e1 + e2 <= 2`. Either `e1 <= 1`, and then every key
//! prefix shorter than `m − 1` characters is within 1 edit of a query prefix no longer than
//! `m`; or `e2 = 0`, and then the reversed key starts with the reversed last `n − m`
//! characters of the query, exactly. The forward walk over the key fst enforces the first
//! condition, the backward walk over the fst of reversed keys the second, and both accept
//! every key within 2 edits that meets their condition. The union of the two walks is exactly
//! the set of keys within 2 edits (checked against a brute-force scan in the tests), and
//! neither walk has to enumerate all two-letter prefixes of the dictionary.
//!
//! d = 1 is split the same way, with no edit on either side: a key one edit away has the edit
//! before query column `m` or not, so its first `m − 1` characters equal the query's, or its
//! last `n − m − 1` do. Neither walk then enumerates the widest level of its fst (the first
//! character, where every script and every Han character of the dictionary branches).

use fst::raw::{CompiledAddr, Fst, Node};

/// The widest band the automaton supports (d ≤ 2).
const MAX_BAND: usize = 5;

/// The optimal-string-alignment distance between `a` and `b` in characters (restricted
/// Damerau–Levenshtein: insertions, deletions, substitutions, adjacent transpositions, no
/// substring edited twice).
///
/// ```
/// use tilmach::index::osa_distance;
/// assert_eq!(osa_distance("kulja", "kujla"), 1);
/// assert_eq!(osa_distance("ca", "abc"), 3);
/// assert_eq!(osa_distance("құлжа", "кулжа"), 2);
/// ```
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa_chars(&a, &b)
}

pub(crate) fn osa_chars(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; width * 3];
    let (mut two, mut one, mut cur) = (0usize, width, 2 * width);
    for (j, cell) in rows.iter_mut().skip(one).take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let ca = a.get(i - 1).copied();
        let pa = if i >= 2 { a.get(i - 2).copied() } else { None };
        for j in 0..width {
            let value = if j == 0 {
                i
            } else {
                let cb = b.get(j - 1).copied();
                let cost = usize::from(ca != cb);
                let diag = rows.get(one + j - 1).copied().unwrap_or(usize::MAX) + cost;
                let up = rows.get(one + j).copied().unwrap_or(usize::MAX) + 1;
                let left = rows.get(cur + j - 1).copied().unwrap_or(usize::MAX) + 1;
                let mut best = diag.min(up).min(left);
                if i >= 2 && j >= 2 && ca == b.get(j - 2).copied() && pa == cb {
                    best = best.min(rows.get(two + j - 2).copied().unwrap_or(usize::MAX) + 1);
                }
                best
            };
            if let Some(cell) = rows.get_mut(cur + j) {
                *cell = value;
            }
        }
        (two, one, cur) = (one, cur, two);
    }
    rows.get(one + b.len()).copied().unwrap_or(0)
}

/// A bounded OSA automaton for one query.
pub(crate) struct Osa<'q> {
    query: &'q [char],
    d: u8,
    /// When set to `(m, t)`: rows `i` with `i + 1 + t <= m` must have a cell with column
    /// `<= m` and value `<= t`.
    split: Option<(usize, u8)>,
}

/// One row of the banded matrix.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    /// Key characters read.
    i: usize,
    /// `band[k] = D(i, i − d + k)`, saturated at `d + 1`.
    band: [u8; MAX_BAND],
    /// The band of row `i − 1`.
    prev: [u8; MAX_BAND],
    /// The last key character read.
    last: Option<char>,
}

impl<'q> Osa<'q> {
    pub(crate) fn new(query: &'q [char], d: u8, split: Option<(usize, u8)>) -> Osa<'q> {
        Osa {
            query,
            d: d.min(2),
            split,
        }
    }

    fn width(&self) -> usize {
        2 * usize::from(self.d) + 1
    }

    fn inf(&self) -> u8 {
        self.d + 1
    }

    pub(crate) fn start(&self) -> Row {
        let d = usize::from(self.d);
        let mut band = [self.inf(); MAX_BAND];
        for (k, cell) in band.iter_mut().enumerate().take(self.width()) {
            // Column j = k − d of row 0 holds j.
            if let Some(j) = k.checked_sub(d)
                && j <= self.query.len()
            {
                *cell = u8::try_from(j).unwrap_or(u8::MAX).min(self.inf());
            }
        }
        Row {
            i: 0,
            band,
            prev: [self.inf(); MAX_BAND],
            last: None,
        }
    }

    /// The query character at column `j` (1-based), if any.
    #[inline]
    fn q(&self, j: usize) -> Option<char> {
        j.checked_sub(1).and_then(|x| self.query.get(x)).copied()
    }

    /// The row after reading `c`, or `None` when the key can never match.
    #[inline]
    pub(crate) fn step(&self, row: &Row, c: Option<char>) -> Option<Row> {
        let d = usize::from(self.d);
        let inf = self.inf();
        let n = self.query.len();
        let i = row.i + 1;
        let mut band = [inf; MAX_BAND];
        for k in 0..self.width() {
            // Column j = i − d + k.
            let Some(j) = (i + k).checked_sub(d) else {
                continue;
            };
            if j > n {
                break;
            }
            let value = if j == 0 {
                u8::try_from(i).unwrap_or(u8::MAX).min(inf)
            } else {
                let cost = u8::from(c.is_none() || c != self.q(j));
                let diag = row.band.get(k).copied().unwrap_or(inf).saturating_add(cost);
                let up = row
                    .band
                    .get(k + 1)
                    .copied()
                    .unwrap_or(inf)
                    .saturating_add(1);
                let left = match k.checked_sub(1) {
                    Some(k1) => band.get(k1).copied().unwrap_or(inf).saturating_add(1),
                    None => inf,
                };
                let mut best = diag.min(up).min(left);
                if j >= 2 && c.is_some() && c == self.q(j - 1) && row.last == self.q(j) {
                    best = best.min(row.prev.get(k).copied().unwrap_or(inf).saturating_add(1));
                }
                best.min(inf)
            };
            if let Some(cell) = band.get_mut(k) {
                *cell = value;
            }
        }
        let next = Row {
            i,
            band,
            prev: row.band,
            last: c,
        };
        self.alive(&next).then_some(next)
    }

    fn alive(&self, row: &Row) -> bool {
        let width = self.width();
        let Some(min) = row.band.iter().take(width).min().copied() else {
            return false;
        };
        if min > self.d {
            return false;
        }
        if let Some((m, t)) = self.split
            && row.i + 1 + usize::from(t) <= m
        {
            let d = usize::from(self.d);
            let ok = row
                .band
                .iter()
                .take(width)
                .enumerate()
                .any(|(k, &v)| (row.i + k).checked_sub(d).is_some_and(|j| j <= m && v <= t));
            return ok;
        }
        true
    }

    /// The distance of the key read so far to the whole query, if within `d`.
    #[inline]
    pub(crate) fn distance(&self, row: &Row) -> Option<u8> {
        let d = usize::from(self.d);
        let k = (self.query.len() + d).checked_sub(row.i)?;
        let v = *row.band.get(k).filter(|_| k < self.width())?;
        (v <= self.d).then_some(v)
    }

    /// The characters that can match at the next two steps: query columns `i − d − 1 ..= i + d + 2`.
    fn window(&self, row: &Row) -> impl Iterator<Item = char> + '_ {
        self.window_slice(row).iter().copied()
    }

    /// The same characters as a slice of the query.
    fn window_slice(&self, row: &Row) -> &'q [char] {
        let d = usize::from(self.d);
        let lo = row.i.saturating_sub(d + 1);
        let hi = (row.i + d + 2).min(self.query.len());
        self.query.get(lo..hi).unwrap_or_default()
    }
}

/// Walks `fst` with `osa`, calling `hit(value, distance, key)` for every key within the
/// distance.
///
/// `budget` bounds the number of fst nodes visited; the walk stops (returning `false`) when it
/// runs out.
pub(crate) fn walk<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    osa: &Osa<'_>,
    budget: &mut usize,
    hit: &mut dyn FnMut(u64, u8, &[u8]),
) -> bool {
    let mut walker = Walker {
        fst,
        osa,
        budget,
        hit,
        path: Vec::with_capacity(64),
    };
    let root = fst.root();
    walker.at_char(root, 0, osa.start())
}

struct Walker<'a, 'q, D> {
    fst: &'a Fst<D>,
    osa: &'a Osa<'q>,
    budget: &'a mut usize,
    hit: &'a mut dyn FnMut(u64, u8, &[u8]),
    /// The key bytes from the root to the current node.
    path: Vec<u8>,
}

impl<D: AsRef<[u8]>> Walker<'_, '_, D> {
    /// At a node on a character boundary, `out` accumulated, with automaton row `row`.
    fn at_char(&mut self, node: Node<'_>, out: u64, row: Row) -> bool {
        if *self.budget == 0 {
            return false;
        }
        *self.budget -= 1;
        if node.is_final()
            && let Some(distance) = self.osa.distance(&row)
        {
            (self.hit)(
                out.wrapping_add(node.final_output().value()),
                distance,
                &self.path,
            );
        }
        if node.is_empty() {
            return true;
        }
        if let Some(other) = self.osa.step(&row, None) {
            // Some character outside the window keeps the row alive: try every transition.
            // A character outside the window gives the same row as `other`.
            let window = self.osa.window_slice(&row);
            for t in node.transitions() {
                let out = out.wrapping_add(t.out.value());
                let ok = if t.inp < 0x80 {
                    self.after_char(t.addr, out, &row, char::from(t.inp), Some((window, &other)))
                } else {
                    let (len, bits) = match t.inp {
                        0xC2..=0xDF => (1, u32::from(t.inp & 0x1F)),
                        0xE0..=0xEF => (2, u32::from(t.inp & 0x0F)),
                        0xF0..=0xF4 => (3, u32::from(t.inp & 0x07)),
                        _ => continue,
                    };
                    let next = self.fst.node(t.addr);
                    self.in_char(next, out, &row, bits, len, (window, &other))
                };
                if !ok {
                    return false;
                }
            }
        } else {
            // Only characters of the window can keep the row alive: look each one up.
            let mut tried: [char; 2 * MAX_BAND] = ['\0'; 2 * MAX_BAND];
            let mut n_tried = 0;
            let osa = self.osa;
            for c in osa.window(&row) {
                if tried.iter().take(n_tried).any(|&t| t == c) {
                    continue;
                }
                if let Some(slot) = tried.get_mut(n_tried) {
                    *slot = c;
                    n_tried += 1;
                }
                let mut buf = [0u8; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                let mut target = node;
                let mut sum = out;
                let mut addr = None;
                for (k, &b) in bytes.iter().enumerate() {
                    let Some(i) = target.find_input(b) else {
                        addr = None;
                        break;
                    };
                    let t = target.transition(i);
                    sum = sum.wrapping_add(t.out.value());
                    addr = Some(t.addr);
                    if k + 1 < bytes.len() {
                        target = self.fst.node(t.addr);
                    }
                }
                if let Some(addr) = addr
                    && !self.after_char(addr, sum, &row, c, None)
                {
                    return false;
                }
            }
        }
        true
    }

    /// Inside a multi-byte character: `need` continuation bytes remain, `bits` decoded so far.
    fn in_char(
        &mut self,
        node: Node<'_>,
        out: u64,
        row: &Row,
        bits: u32,
        need: u8,
        other: (&[char], &Row),
    ) -> bool {
        for t in node.transitions() {
            if t.inp & 0xC0 != 0x80 {
                continue;
            }
            let bits = (bits << 6) | u32::from(t.inp & 0x3F);
            let out = out.wrapping_add(t.out.value());
            let ok = if need == 1 {
                match char::from_u32(bits) {
                    Some(c) => self.after_char(t.addr, out, row, c, Some(other)),
                    None => true,
                }
            } else {
                let next = self.fst.node(t.addr);
                self.in_char(next, out, row, bits, need - 1, other)
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// After reading the character `c` from `row`, at the node at `addr` (read only when the
    /// row stays alive). `other` is the window of `row` and the row any character outside it
    /// leads to, when already computed.
    fn after_char(
        &mut self,
        addr: CompiledAddr,
        out: u64,
        row: &Row,
        c: char,
        other: Option<(&[char], &Row)>,
    ) -> bool {
        let next = match other {
            Some((window, other)) if !window.contains(&c) => Some(Row {
                last: Some(c),
                ..*other
            }),
            _ => self.osa.step(row, Some(c)),
        };
        match next {
            Some(next) => {
                let len = self.path.len();
                let mut buf = [0u8; 4];
                self.path
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                let node = self.fst.node(addr);
                let ok = self.at_char(node, out, next);
                self.path.truncate(len);
                ok
            }
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The distance the automaton reports after reading all of `key`, if within `d`.
    fn automaton_distance(query: &str, key: &str, d: u8) -> Option<u8> {
        let q: Vec<char> = query.chars().collect();
        let osa = Osa::new(&q, d, None);
        let mut row = Some(osa.start());
        for c in key.chars() {
            row = row.and_then(|r| osa.step(&r, Some(c)));
        }
        row.and_then(|r| osa.distance(&r))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// On random Latin, Cyrillic, Arabic and mixed strings the automaton agrees with the
        /// dynamic-programming oracle for every d.
        #[test]
        fn automaton_equals_oracle(
            q in "[abcxy]{0,8}|[абвжқ]{0,8}|[ابتقۇ]{0,8}|[aбتxж]{0,8}",
            k in "[abcxy]{0,8}|[абвжқ]{0,8}|[ابتقۇ]{0,8}|[aбتxж]{0,8}",
            d in 0u8..=2,
        ) {
            let want = osa_distance(&q, &k);
            let want = (want <= usize::from(d)).then_some(want as u8);
            prop_assert_eq!(automaton_distance(&q, &k, d), want);
        }
    }

    #[test]
    fn oracle_on_textbook_cases() {
        assert_eq!(osa_distance("", ""), 0);
        assert_eq!(osa_distance("abc", ""), 3);
        assert_eq!(osa_distance("kitten", "sitting"), 3);
        assert_eq!(osa_distance("ca", "ac"), 1);
        // OSA, not unrestricted Damerau: "ca" → "abc" needs 3.
        assert_eq!(osa_distance("ca", "abc"), 3);
    }

    #[test]
    fn automaton_agrees_with_the_oracle_on_small_cases() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "кулжа",
            "құлжа",
            "غۇلجا",
            "xyz",
        ];
        for q in words {
            let qc: Vec<char> = q.chars().collect();
            for d in 0..=2u8 {
                let osa = Osa::new(&qc, d, None);
                for k in words {
                    let mut row = Some(osa.start());
                    for c in k.chars() {
                        row = row.and_then(|r| osa.step(&r, Some(c)));
                    }
                    let got = row.and_then(|r| osa.distance(&r));
                    let want = osa_distance(q, k);
                    let want = (want <= usize::from(d)).then_some(want as u8);
                    assert_eq!(got, want, "{q:?} {k:?} d={d}");
                }
            }
        }
    }
}
