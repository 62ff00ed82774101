//! Building an [`Annotator`]: every form of the glossary split into words and folded into the
//! trie, surnames that name one person added as names of their own, and the tables the
//! matcher reads (the node every word reaches from the root, the first two letters of every
//! glossary word).

use std::collections::HashSet;
use std::ops::Range;

use super::case::case_kind;
use super::fold::fold_into;
use super::trie::{Edges, FormData, GAP_JOINT, Node, gap_class};
use super::words::{Extent, split_words};
use super::{Annotator, FastMap, NEXT_ANNOTATOR, SuffixRules, everyday, surname};
use crate::glossary::{FormRef, Glossary};

/// The first two characters of a word, if it has two.
pub(super) fn head(word: &str) -> Option<(char, char)> {
    let mut chars = word.chars();
    Some((chars.next()?, chars.next()?))
}

impl<'g> Annotator<'g> {
    /// An annotator for `glossary` with the built-in suffix rules.
    pub fn new(glossary: &'g Glossary) -> Annotator<'g> {
        Annotator::with_rules(glossary, SuffixRules::built_in())
    }

    /// An annotator for `glossary` with the given suffix rules ([`SuffixRules::none`] finds only
    /// uninflected mentions).
    pub fn with_rules(glossary: &'g Glossary, rules: SuffixRules) -> Annotator<'g> {
        let mut trie = Builder::default();
        trie.add_forms(glossary);
        let shared_refs = trie.add_surnames(glossary);
        let Builder {
            vocab,
            gaps,
            edges,
            node_forms,
        } = trie;
        let tables = node_tables(glossary, node_forms, &shared_refs);
        let NodeTables {
            forms,
            form_data,
            shared,
            mut nodes,
        } = tables;
        let mut roots = vec![u32::MAX; vocab.len()];
        for ((from, gap, word), to) in edges.iter() {
            if from == 0
                && gap == GAP_JOINT
                && let Some(slot) = roots.get_mut(word as usize)
            {
                *slot = to;
            }
            if let Some(node) = nodes.get_mut(from as usize) {
                node.inner = true;
            }
        }
        let heads = heads(&vocab, &rules);
        Annotator {
            glossary,
            rules,
            vocab,
            gaps,
            edges,
            nodes,
            form_data,
            id: NEXT_ANNOTATOR.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            roots,
            forms,
            heads,
            shared,
        }
    }
}

/// The forms of a trie node, each with the byte range of the surname in the form's text when
/// the node is the surname alone (see `surname.rs`).
type NodeForms = Vec<(FormRef, Option<Range<usize>>)>;

/// The trie as it is built.
#[derive(Default)]
struct Builder {
    /// Folded word → word id.
    vocab: FastMap<Box<str>, u32>,
    /// Literal gaps between words → gap id.
    gaps: FastMap<Box<str>, u32>,
    edges: Edges,
    /// Per trie node (the root is node 0): its forms.
    node_forms: Vec<NodeForms>,
}

impl Builder {
    /// The id of a folded word, new or known.
    fn word(&mut self, folded: &str) -> u32 {
        let next_word = self.vocab.len() as u32;
        *self.vocab.entry(folded.into()).or_insert(next_word)
    }

    /// The child of `node` across `gap` by `word`, made when new.
    fn child(&mut self, node: u32, gap: u32, word: u32) -> u32 {
        let node_forms = &mut self.node_forms;
        let next_node = node_forms.len() as u32;
        self.edges.child_or_insert(node, gap, word, || {
            node_forms.push(Vec::new());
            next_node
        })
    }

    /// Adds every form of the glossary, split into words and folded.
    fn add_forms(&mut self, glossary: &Glossary) {
        if self.node_forms.is_empty() {
            self.node_forms.push(Vec::new());
        }
        let mut words = Vec::new();
        let mut fold = String::new();
        let mut gap = String::new();
        for (e, entry) in (0..glossary.len()).filter_map(|e| Some((e, glossary.entry_at(e)?))) {
            for (f, form) in entry.forms.iter().enumerate() {
                split_words(&form.text, &mut words, Extent::Whole);
                if words.is_empty() {
                    continue;
                }
                let mut node = 0u32;
                let mut prev_end = None;
                for w in &words {
                    let gap_id = match prev_end {
                        None => GAP_JOINT,
                        Some(end) => {
                            let between = form.text.get(end..w.start).unwrap_or("");
                            match gap_class(between, &mut gap) {
                                Some(id) => id,
                                None => {
                                    let next = 2 + self.gaps.len() as u32;
                                    *self.gaps.entry(gap.as_str().into()).or_insert(next)
                                }
                            }
                        }
                    };
                    fold_into(form.text.get(w.start..w.end).unwrap_or(""), &mut fold);
                    let word = self.word(&fold);
                    node = self.child(node, gap_id, word);
                    prev_end = Some(w.end);
                }
                // Glossaries hold far fewer than 2^32 entries and forms per entry (see
                // `Glossary::from_parts`).
                if let Some(list) = self.node_forms.get_mut(node as usize) {
                    let at = FormRef {
                        entry: e as u32,
                        form: f as u32,
                    };
                    list.push((at, None));
                }
            }
        }
    }

    /// Adds the surnames that name people alone (see `surname.rs`); returns the forms whose
    /// surname several people share.
    fn add_surnames(&mut self, glossary: &Glossary) -> HashSet<FormRef> {
        let mut shared_refs = HashSet::new();
        for surname in surname::of_people(glossary) {
            if surname.shared {
                shared_refs.extend(surname.forms.iter().map(|(at, _)| *at));
            }
            let word = self.word(&surname.folded);
            let node = self.child(0, GAP_JOINT, word);
            // `unambiguous` leaves out words that are whole forms, so the node has no form yet.
            if let Some(list) = self.node_forms.get_mut(node as usize)
                && list.is_empty()
            {
                list.extend(surname.forms.into_iter().map(|(at, r)| (at, Some(r))));
            }
        }
        shared_refs
    }
}

/// The annotator's tables of trie nodes and their forms.
struct NodeTables<'g> {
    forms: Vec<FormRef>,
    form_data: Vec<FormData<'g>>,
    shared: FastMap<FormRef, u32>,
    nodes: Vec<Node>,
}

/// Orders every node's forms (by status, entered before derived) and gathers what choosing a
/// form needs.
fn node_tables<'g>(
    glossary: &'g Glossary,
    node_forms: Vec<NodeForms>,
    shared_refs: &HashSet<FormRef>,
) -> NodeTables<'g> {
    let everyday = everyday::Everyday::of(glossary);
    let mut forms = Vec::new();
    let mut form_data = Vec::new();
    let mut shared = FastMap::default();
    let mut nodes = Vec::with_capacity(node_forms.len());
    for mut list in node_forms {
        list.sort_by_key(|(at, _)| {
            glossary
                .form(*at)
                .map(|(_, form)| (form.status, form.is_derived(), *at))
        });
        list.dedup();
        let start = forms.len() as u32;
        for (at, surname) in list {
            // Every reference was made from a form of the glossary, so this skips nothing.
            if let Some((entry, form)) = glossary.form(at) {
                let text = match &surname {
                    Some(range) => form.text.get(range.clone()).unwrap_or(""),
                    None => form.text.as_str(),
                };
                let repeat = form_data
                    .get(start as usize..)
                    .is_some_and(|same: &[FormData<'_>]| same.iter().any(|d| d.text == text));
                forms.push(at);
                form_data.push(FormData {
                    text,
                    repeat,
                    entry,
                    form,
                    case: case_kind(text, entry.kind),
                    everyday: everyday.is_everyday_text(text),
                    surname: surname.is_some(),
                });
                if surname.is_some() && shared_refs.contains(&at) {
                    shared.insert(at, (form_data.len() - 1) as u32);
                }
            }
        }
        nodes.push(Node {
            lo: start,
            hi: forms.len() as u32,
            inner: false,
        });
    }
    NodeTables {
        forms,
        form_data,
        shared,
        nodes,
    }
}

/// The first two letters of every glossary word, and of its stems with a changed second letter
/// (see [`Annotator`]'s `heads`).
fn heads(
    vocab: &FastMap<Box<str>, u32>,
    rules: &SuffixRules,
) -> HashSet<(char, char), foldhash::fast::FixedState> {
    let mut heads: HashSet<(char, char), foldhash::fast::FixedState> = Default::default();
    for word in vocab.keys() {
        let Some((first, second)) = head(word) else {
            continue;
        };
        heads.insert((first, second));
        for lang in &rules.langs {
            for (from, tos) in &lang.stem_changes {
                if tos.iter().any(|to| to.starts_with(second))
                    && let Some(f) = from.chars().next()
                {
                    heads.insert((first, f));
                }
            }
        }
    }
    heads
}
