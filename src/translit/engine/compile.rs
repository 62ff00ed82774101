//! Compiling one direction of a scheme into a [`Table`]: the rules it applies with the chosen
//! options (its own rules, the vowel carrier's and its plain letters, inverted from the other
//! direction where it says so), every spelling of their keys, the trie over them with each
//! output in three cases, the dense root with its direct letters, and every context as a bitmap.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::UnicodeNormalization;

use super::{
    Alt, CASED, CaseMode, Ctx, DENSE, DIRECT_BYTES, Direct, Node, Rule, SMALL, Table, UPPER, WORD,
};
use crate::chars::is_mark;
use crate::normalize::needs_cleaning;
use crate::translit::spec::{Direction, RuleSpec};

/// A key with its rule, before the trie is built.
struct Pending {
    key: String,
    spec: RuleSpec,
    last: char,
}

/// The most rules with a context a letter may have before its rule without one, to convert
/// directly.
const MAX_ALTS: usize = 4;

/// A rule's lower-case output in a fixed-size buffer, when it fits.
fn direct_output(arena: &str, rule: &Rule, which: usize) -> Option<([u8; DIRECT_BYTES], u8)> {
    let (s, e) = *rule.out.get(which)?;
    let text = arena.get(s as usize..e as usize)?;
    let mut bytes = [0u8; DIRECT_BYTES];
    bytes
        .get_mut(..text.len())?
        .copy_from_slice(text.as_bytes());
    Some((bytes, text.len() as u8))
}

/// Everything a direction needs to compile.
pub(crate) struct Build<'a> {
    pub dir: &'a Direction,
    /// The letters of the opposite direction, inverted when `dir.inverse` is set.
    pub inverse_of: Option<&'a BTreeMap<String, String>>,
    pub src_case: CaseMode,
    pub dst_case: CaseMode,
    pub arabic: bool,
    pub options: &'a [&'a str],
}

impl Table {
    /// Compiles one direction: its letters and rules, every spelling of their keys, the trie with
    /// their outputs, the dense root with its direct letters, and the contexts' bitmaps.
    pub(crate) fn compile(b: &Build<'_>) -> Result<Table, String> {
        let letters = letters(b)?;
        let pending = pending_rules(b, &letters)?;
        let variants = variants(b)?;
        let expanded = spellings(b, pending, &variants);
        let mut table = Table::empty(b, &variants);
        for p in expanded {
            table.add_rule(b, p)?;
        }
        table.fill_root();
        table.settle_direct_words();
        table.fill_context_bits();
        Ok(table)
    }

    /// A table with this direction's character classes and word settings, and no rules yet.
    fn empty(b: &Build<'_>, variants: &[(char, char)]) -> Table {
        let dir = b.dir;
        let mut vowels = fold_set(b.src_case, dir.vowels.as_deref().unwrap_or(""));
        for &(var, canon) in variants {
            if vowels.contains(&canon) && !vowels.contains(&var) {
                vowels.push(var);
            }
        }
        vowels.sort_unstable();
        let word_chars = fold_set(b.src_case, dir.word_chars.as_deref().unwrap_or(""));
        let mut table = Table {
            src_case: b.src_case,
            dense: vec![0; DENSE],
            direct: Box::new([None; DENSE]),
            direct_upper: Box::new([None; DENSE]),
            dense_fold: Vec::new(),
            dense_flags: Vec::new(),
            sparse: HashMap::new(),
            nodes: vec![Node::default()],
            rules: Vec::new(),
            arena: String::new(),
            vowels,
            word_chars,
            word_flag: dir.word_flag.as_ref().map(|f| {
                (
                    fold_set(b.src_case, &f.if_any),
                    fold_set(b.src_case, &f.unless_any),
                )
            }),
            word_prefix: dir.word_prefix.clone().unwrap_or_default(),
            word_features: false,
            alts: Vec::new(),
            arabic: b.arabic,
        };
        table.word_features = table.word_flag.is_some();
        table
    }

    /// Compiles one spelling of a rule: its outputs into the arena, the rule, and its key into
    /// the trie.
    fn add_rule(&mut self, b: &Build<'_>, p: Pending) -> Result<(), String> {
        if p.key.is_empty() {
            return Err(format!("a rule maps the empty string to {:?}", p.spec.to));
        }
        let word = p.spec.word;
        if word.is_some() && self.word_flag.is_none() {
            return Err(format!(
                "rule for {:?} uses `word` but the direction has no word_flag",
                p.spec.from
            ));
        }
        let outs = self.push_outputs(b, &p.spec.to)?;
        let (prev, next) = (
            parse_ctx(b.src_case, &p.spec.prev)?,
            parse_ctx(b.src_case, &p.spec.next)?,
        );
        let rule = Rule {
            free: prev.is_any() && next.is_any() && word.is_none(),
            prev,
            next,
            word,
            last: p.last,
            cased: self.arena.get(outs[0].0 as usize..outs[0].1 as usize)
                != self.arena.get(outs[2].0 as usize..outs[2].1 as usize),
            out: outs,
        };
        let rule_id = to_u32(self.rules.len())?;
        self.rules.push(rule);
        self.insert_key(&p.key, rule_id)
    }

    /// Appends `to` in lower, title and upper case to the arena; returns their byte ranges.
    fn push_outputs(&mut self, b: &Build<'_>, to: &str) -> Result<[(u32, u32); 3], String> {
        let mut outs = [(0u32, 0u32); 3];
        for (slot, text) in
            outs.iter_mut()
                .zip([to.to_owned(), b.dst_case.title(to), b.dst_case.upper(to)])
        {
            let start = self.arena.len();
            self.arena.push_str(&text);
            *slot = (to_u32(start)?, to_u32(self.arena.len())?);
        }
        Ok(outs)
    }

    /// Adds `key` to the trie, creating the nodes it lacks, with rule `rule_id` at its end.
    fn insert_key(&mut self, key: &str, rule_id: u32) -> Result<(), String> {
        let mut node = 0usize;
        for c in key.chars() {
            let found = self
                .nodes
                .get(node)
                .and_then(|n| n.children.iter().find(|(k, _)| *k == c).map(|&(_, i)| i));
            node = match found {
                Some(i) => i as usize,
                None => {
                    let id = to_u32(self.nodes.len())?;
                    self.nodes.push(Node::default());
                    if let Some(n) = self.nodes.get_mut(node) {
                        n.children.push((c, id));
                    }
                    id as usize
                }
            };
        }
        if let Some(n) = self.nodes.get_mut(node) {
            n.rules.push(rule_id);
        }
        Ok(())
    }

    /// Builds the root: the sparse map of the characters that start keys, and for each code
    /// point below `DENSE` its root entry, case fold, flags and direct entry.
    fn fill_root(&mut self) {
        // The root's children become the dense array and the sparse map.
        let root_children = self
            .nodes
            .first()
            .map(|n| n.children.clone())
            .unwrap_or_default();
        for &(c, id) in &root_children {
            self.sparse.insert(c, id);
        }
        for cp in 0..DENSE as u32 {
            // Every code point below 0x800 is a char (surrogates start at 0xD800).
            let c = char::from_u32(cp).unwrap_or(' ');
            let (f, up) = self.src_case.fold(c);
            self.dense_fold.push(f);
            let word = c.is_alphabetic() || is_mark(c) || self.word_chars.contains(&f);
            let cased = c.is_lowercase() || c.is_uppercase();
            self.dense_flags.push(
                if word { WORD } else { 0 }
                    | if cased { CASED } else { 0 }
                    | if c.is_lowercase() { SMALL } else { 0 },
            );
            if let Some(&id) = self.sparse.get(&f) {
                if let Some(slot) = self.dense.get_mut(cp as usize) {
                    *slot = id | if up { UPPER } else { 0 };
                }
                let direct = self.direct_letter(id, up, cased, word);
                let slots = if up {
                    &mut self.direct_upper
                } else {
                    &mut self.direct
                };
                if let (Some(direct), Some(slot)) = (direct, slots.get_mut(cp as usize)) {
                    *slot = Some(direct);
                }
            } else if !(word || cased || (self.arabic && needs_cleaning(c))) {
                // A character that starts no rule and is neither a letter nor a mark (a space,
                // punctuation, a digit) is copied as it is, as the general path would, without
                // leaving the loop of direct letters.
                let mut bytes = [0u8; DIRECT_BYTES];
                let len = c.encode_utf8(&mut bytes).len() as u8;
                if let Some(slot) = self.direct.get_mut(cp as usize) {
                    *slot = Some(Direct {
                        bytes,
                        len,
                        alts: (0, 0),
                        last: c,
                        node: 0,
                        word: false,
                        last_word: false,
                        check: false,
                    });
                }
            }
        }
    }

    /// The direct entry of a character whose key starts at root child `id`, when its rules allow
    /// one; its rules with a context are appended to `alts`.
    fn direct_letter(&mut self, id: u32, up: bool, cased: bool, word: bool) -> Option<Direct> {
        let node = self.nodes.get(id as usize);
        let has_children = node.is_some_and(|n| !n.children.is_empty());
        let rules: Vec<(u32, &Rule)> = node
            .map(|n| n.rules.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|&r| self.rules.get(r as usize).map(|rule| (r, rule)))
            .collect();
        // A letter converts directly when its first rule without a context comes after at most
        // `MAX_ALTS` rules whose only conditions are on the previous and the next character;
        // those are tried first.
        let free_at = rules.iter().position(|(_, r)| r.free);
        let (alts, default) = match free_at {
            Some(k) if k <= MAX_ALTS && rules.iter().take(k).all(|(_, r)| r.word.is_none()) => {
                (rules.get(..k).unwrap_or(&[]), rules.get(k).map(|&(_, r)| r))
            }
            _ => (&[][..], None),
        };
        // A capital converts directly only before a small letter (checked as it is met), where
        // the general path writes its rule's output in title case.
        let case_ok = |rule: &Rule| up || cased || !rule.cased || self.src_case == CaseMode::None;
        let which = usize::from(up);
        default.filter(|rule| case_ok(rule)).and_then(|rule| {
            let (bytes, len) = direct_output(&self.arena, rule, which)?;
            let mut outs = Vec::with_capacity(alts.len());
            for &(r, alt) in alts {
                if !case_ok(alt) {
                    return None;
                }
                let (bytes, len) = direct_output(&self.arena, alt, which)?;
                outs.push(Alt {
                    rule: r,
                    bytes,
                    len,
                    last: alt.last,
                    last_word: false,
                });
            }
            let start = to_u32(self.alts.len()).ok()?;
            self.alts.extend(outs);
            Some(Direct {
                bytes,
                len,
                alts: (start, to_u32(self.alts.len()).ok()?),
                last: rule.last,
                node: if has_children { id } else { 0 },
                word,
                last_word: false,
                check: true,
            })
        })
    }

    /// Sets whether each direct letter's and alternative's canonical character belongs to words,
    /// and which direct letters need more checks than the one for a following mark.
    fn settle_direct_words(&mut self) {
        // Whether each direct letter's canonical character belongs to words (the flags of the
        // whole dense range are known only now).
        let last_words: Vec<Option<bool>> = self
            .direct
            .iter()
            .chain(self.direct_upper.iter())
            .map(|d| d.map(|d| self.is_word(d.last)))
            .collect();
        let word_features = self.word_features;
        for (d, word) in self
            .direct
            .iter_mut()
            .chain(self.direct_upper.iter_mut())
            .zip(last_words)
        {
            if let (Some(d), Some(word)) = (d, word) {
                d.last_word = word;
                d.check = (word_features && d.word) || d.node != 0 || d.alts.0 < d.alts.1;
            }
        }
        let alt_words: Vec<bool> = self.alts.iter().map(|a| self.is_word(a.last)).collect();
        for (a, word) in self.alts.iter_mut().zip(alt_words) {
            a.last_word = word;
        }
    }

    /// Precomputes every context as a bitmap over the dense range.
    fn fill_context_bits(&mut self) {
        let bitmaps: Vec<(Vec<u64>, Vec<u64>)> = self
            .rules
            .iter()
            .map(|r| (self.ctx_bits(&r.prev), self.ctx_bits(&r.next)))
            .collect();
        for (rule, (prev, next)) in self.rules.iter_mut().zip(bitmaps) {
            rule.prev.any = rule.prev.is_any();
            rule.prev.bits = prev;
            rule.next.any = rule.next.is_any();
            rule.next.bits = next;
        }
    }

    /// The bitmap of `ctx` over the code points below `DENSE`.
    fn ctx_bits(&self, ctx: &Ctx) -> Vec<u64> {
        if ctx.is_any() {
            // `in_ctx` answers before looking at the bits.
            return Vec::new();
        }
        let mut bits = vec![0u64; DENSE / 64];
        for cp in 0..DENSE {
            let c = char::from_u32(cp as u32).unwrap_or(' ');
            if self.in_ctx_slow(ctx, c) {
                if let Some(w) = bits.get_mut(cp / 64) {
                    *w |= 1 << (cp % 64);
                }
            }
        }
        bits
    }
}

/// `s` case-folded as rule keys are.
fn fold_str(case: CaseMode, s: &str) -> String {
    s.chars().map(|c| case.fold(c).0).collect()
}

/// The characters of `s` case-folded, sorted and without repeats.
fn fold_set(case: CaseMode, s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().map(|c| case.fold(c).0).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Plain letters: the inverse of the other direction, then this direction's own.
fn letters(b: &Build<'_>) -> Result<BTreeMap<String, String>, String> {
    let dir = b.dir;
    let mut letters: BTreeMap<String, String> = BTreeMap::new();
    if dir.inverse == Some(true) {
        let Some(other) = b.inverse_of else {
            return Err("`inverse = true` but the scheme has no letters to invert".into());
        };
        let mut conflicts = Vec::new();
        for (k, v) in other {
            if v.is_empty() {
                continue;
            }
            let v = fold_str(b.src_case, v);
            if let Some(old) = letters.get(&v) {
                if old != k && !dir.letters.contains_key(&v) {
                    conflicts.push(format!("{v:?} could be {old:?} or {k:?}"));
                }
            } else {
                letters.insert(v, k.clone());
            }
        }
        if !conflicts.is_empty() {
            return Err(format!(
                "the inverse is ambiguous; add `letters` entries to decide: {}",
                conflicts.join("; ")
            ));
        }
    }
    for (k, v) in &dir.letters {
        letters.insert(fold_str(b.src_case, k), v.clone());
    }
    Ok(letters)
}

/// The rules in the order they are tried: the direction's own (those the options turn on), the
/// vowel carrier's, then the plain letters.
fn pending_rules(
    b: &Build<'_>,
    letters: &BTreeMap<String, String>,
) -> Result<Vec<Pending>, String> {
    let dir = b.dir;
    let on = |name: &Option<String>| name.as_deref().is_some_and(|n| b.options.contains(&n));
    let mut pending: Vec<Pending> = Vec::new();
    for r in &dir.rules {
        if r.if_option.is_some() && !on(&r.if_option) {
            continue;
        }
        if r.unless.is_some() && on(&r.unless) {
            continue;
        }
        let key = fold_str(b.src_case, &r.from);
        pending.push(Pending {
            last: key.chars().last().unwrap_or(' '),
            key,
            spec: r.clone(),
        });
    }
    if let Some(carrier) = &dir.vowel_carrier {
        for v in carrier.letters.chars() {
            let key = fold_str(b.src_case, v.encode_utf8(&mut [0; 4]));
            let Some(out) = letters.get(&key) else {
                return Err(format!("vowel carrier letter {v:?} has no letter mapping"));
            };
            pending.push(Pending {
                key: key.clone(),
                last: v,
                spec: RuleSpec {
                    from: key,
                    to: format!("{}{}", carrier.text, out),
                    prev: carrier.prev.clone(),
                    next: Vec::new(),
                    word: None,
                    if_option: None,
                    unless: None,
                },
            });
        }
    }
    for (k, v) in letters {
        pending.push(Pending {
            key: k.clone(),
            last: k.chars().last().unwrap_or(' '),
            spec: RuleSpec {
                from: k.clone(),
                to: v.clone(),
                prev: Vec::new(),
                next: Vec::new(),
                word: None,
                if_option: None,
                unless: None,
            },
        });
    }
    Ok(pending)
}

/// The direction's input variants as (variant, canonical) pairs, case-folded.
fn variants(b: &Build<'_>) -> Result<Vec<(char, char)>, String> {
    let mut variants: Vec<(char, char)> = Vec::new();
    for (k, v) in &b.dir.variants {
        let (mut kc, mut vc) = (k.chars(), v.chars());
        match (kc.next(), kc.next(), vc.next(), vc.next()) {
            (Some(k), None, Some(v), None) => {
                variants.push((b.src_case.fold(k).0, b.src_case.fold(v).0))
            }
            _ => {
                return Err(format!(
                    "variant {k:?} = {v:?} must map one character to one"
                ));
            }
        }
    }
    Ok(variants)
}

/// Each key with its other spellings: input variants, then decomposed (NFD) spellings of every
/// key.
fn spellings(b: &Build<'_>, pending: Vec<Pending>, variants: &[(char, char)]) -> Vec<Pending> {
    let mut expanded: Vec<Pending> = Vec::with_capacity(pending.len() * 2);
    for p in pending {
        let mut keys = vec![p.key.clone()];
        for &(var, canon) in variants {
            let extra: Vec<String> = keys
                .iter()
                .filter(|k| k.contains(canon))
                .map(|k| k.replace(canon, var.encode_utf8(&mut [0; 4])))
                .collect();
            keys.extend(extra);
        }
        if b.src_case == CaseMode::Turkic {
            // İ decomposed is I + U+0307; I folds to ı, so ı + U+0307 spells i.
            let dotted: Vec<String> = keys
                .iter()
                .filter(|k| k.contains('i'))
                .map(|k| k.replace('i', "ı\u{307}"))
                .collect();
            keys.extend(dotted);
        }
        let nfd: Vec<String> = keys.iter().map(|k| k.nfd().collect()).collect();
        for k in nfd {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for key in keys {
            expanded.push(Pending {
                key,
                spec: p.spec.clone(),
                last: p.last,
            });
        }
    }
    expanded
}

/// Parses a rule's context tokens (`vowel`, `start` …, or a string of characters).
fn parse_ctx(case: CaseMode, tokens: &[String]) -> Result<Ctx, String> {
    let mut ctx = Ctx::default();
    for t in tokens {
        match t.as_str() {
            "start" | "end" | "boundary" => ctx.boundary = true,
            "vowel" => ctx.vowel = true,
            "consonant" => ctx.consonant = true,
            "hyphen" => ctx.hyphen = true,
            "letter" => ctx.letter = true,
            other if other.is_ascii() && other.chars().all(|c| c.is_ascii_lowercase()) => {
                return Err(format!(
                    "unknown context {other:?}; valid: start, end, vowel, consonant, hyphen, letter, or a string of characters"
                ));
            }
            chars => ctx.chars.extend(chars.chars().map(|c| case.fold(c).0)),
        }
    }
    Ok(ctx)
}

fn to_u32(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "the table is too large".to_string())
}
