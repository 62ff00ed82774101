//! The trie of glossary forms over word ids: its edges ([`Edges`]), nodes ([`Node`]), the forms
//! each node ends ([`FormData`]), and the classes of the gaps between the words of a name
//! ([`gap_class`]).

use super::FastMap;
use super::case::{CaseKind, text_fits};
use super::{everyday, surname};
use crate::chars;
use crate::glossary::{Entry, Form};

/// Gap classes between the words of a name.
pub(super) const GAP_JOINT: u32 = 0;
pub(super) const GAP_NONE: u32 = 1;

/// The trie's edges, (node, gap, word) → child node. Most edges cross spaces or a hyphen
/// (`GAP_JOINT`): those are keyed by node and word packed into one `u64`, which hashes with one
/// multiplication; the others (a literal gap such as `.`) by the triple.
#[derive(Debug, Default)]
pub(super) struct Edges {
    pub(super) joint: FastMap<u64, u32>,
    pub(super) other: FastMap<(u32, u32, u32), u32>,
}

impl Edges {
    fn joint_key(node: u32, word: u32) -> u64 {
        (u64::from(node) << 32) | u64::from(word)
    }

    #[inline]
    pub(super) fn child(&self, node: u32, gap: u32, word: u32) -> Option<u32> {
        if gap == GAP_JOINT {
            self.joint.get(&Edges::joint_key(node, word)).copied()
        } else {
            self.other.get(&(node, gap, word)).copied()
        }
    }

    pub(super) fn child_or_insert(
        &mut self,
        node: u32,
        gap: u32,
        word: u32,
        make: impl FnOnce() -> u32,
    ) -> u32 {
        if gap == GAP_JOINT {
            *self
                .joint
                .entry(Edges::joint_key(node, word))
                .or_insert_with(make)
        } else {
            *self.other.entry((node, gap, word)).or_insert_with(make)
        }
    }

    /// Every edge, as ((node, gap, word), child).
    pub(super) fn iter(&self) -> impl Iterator<Item = ((u32, u32, u32), u32)> + '_ {
        let joint = self
            .joint
            .iter()
            .map(|(&key, &to)| (((key >> 32) as u32, GAP_JOINT, key as u32), to));
        joint.chain(self.other.iter().map(|(&edge, &to)| (edge, to)))
    }
}

/// A trie node: the range of its forms in `forms` (empty when no form ends here) and whether
/// any edge leaves it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Node {
    pub(super) lo: u32,
    pub(super) hi: u32,
    pub(super) inner: bool,
}

/// A form a match can choose, with what choosing needs at hand (its text inline, so that the
/// search for the exact spelling does not visit every form).
#[derive(Clone, Copy, Debug)]
pub(super) struct FormData<'g> {
    pub(super) text: &'g str,
    /// Whether an earlier form of the same node has the same text (so that the search for the
    /// exact spelling compares each distinct text once).
    pub(super) repeat: bool,
    pub(super) entry: &'g Entry,
    pub(super) form: &'g Form,
    pub(super) case: CaseKind,
    /// Whether the form is a name made of everyday words (see `everyday.rs`).
    pub(super) everyday: bool,
    /// Whether `text` is the surname of the person `form` names in full (see `surname.rs`).
    pub(super) surname: bool,
}

impl FormData<'_> {
    /// Whether `text`, at byte `start` of `line`, may stand for this form as far as letter
    /// case goes (`exact`: spelled exactly as the form).
    pub(super) fn fits(&self, line: &str, start: usize, text: &str, exact: bool) -> bool {
        (exact || text_fits(self.case, text))
            && (!self.everyday || everyday::written_as_name(line, start, text, self.text))
            && (!self.surname || surname::stands_alone(line, start))
    }
}

/// The class of the text between two words: `GAP_JOINT` for spaces or one hyphen, `GAP_NONE`
/// for nothing; otherwise `None`, with the folded literal (spaces removed) left in `buf`.
#[inline]
pub(super) fn gap_class(between: &str, buf: &mut String) -> Option<u32> {
    match between.as_bytes() {
        [] => Some(GAP_NONE),
        [b' '] | [b'-'] => Some(GAP_JOINT),
        _ => gap_class_other(between, buf),
    }
}

/// [`gap_class`] for anything but nothing, one space or one hyphen.
fn gap_class_other(between: &str, buf: &mut String) -> Option<u32> {
    let trimmed = between.trim();
    if trimmed.is_empty() {
        return Some(GAP_JOINT);
    }
    let mut chars = trimmed.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && chars::is_hyphen(c)
        && trimmed.len() == between.len()
    {
        return Some(GAP_JOINT);
    }
    buf.clear();
    for c in between.chars().filter(|c| !c.is_whitespace()) {
        buf.push(c);
    }
    None
}
