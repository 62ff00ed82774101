//! The one transliteration engine: a rule table compiled into a longest-match matcher, and the
//! single pass that converts text with it.
//!
//! A [`Table`] is one direction of one scheme with one set of options. Its matcher is a trie over
//! case-folded source characters whose root is a dense array for the first 2048 code points
//! (ASCII, Latin, Cyrillic and Arabic all live there) and a hash map beyond; deeper nodes exist
//! only where a scheme has digraphs. Every rule's output is stored three times (lower, title and
//! upper case) so that conversion only copies strings. Runs of ASCII characters that start no rule
//! are copied in one step. Everything else of one or two bytes is converted, where it can be, in
//! a tight loop over a per-code-point direct table, without entering the trie: small letters whose
//! rules need no context, or only conditions on the previous and next characters tried before a
//! rule without (BGN's е → ye after a vowel, ы → y· before one); capitals the same way before a
//! small letter (their title-case outputs); and spaces, digits and punctuation that start no rule,
//! copied as they are. Each output sits in a fixed-size buffer, copied whole and cut to length
//! into a small staging buffer, then appended to a byte buffer that becomes the output string
//! without a second validation (see `step` in the parent module). A property test checks that
//! the direct loop converts every text as the trie walk alone does.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::compose;

use super::spec::{Direction, RuleSpec};
use crate::chars::{MARK_BITS_BELOW_0800, MARK_LEADS, is_hyphen, is_mark};
use crate::normalize::needs_cleaning;

/// How a script handles letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaseMode {
    /// No case (Arabic script).
    None,
    /// Unicode case pairs.
    Default,
    /// Unicode case pairs except I/ı and İ/i (Turkic Latin alphabets).
    Turkic,
}

impl CaseMode {
    pub(crate) fn parse(s: Option<&str>) -> Option<CaseMode> {
        match s.unwrap_or("default") {
            "none" => Some(CaseMode::None),
            "default" => Some(CaseMode::Default),
            "turkic" => Some(CaseMode::Turkic),
            _ => None,
        }
    }

    /// Folds `c` to the lower case form rule keys use; the flag says whether `c` was upper case.
    #[inline]
    pub(crate) fn fold(self, c: char) -> (char, bool) {
        if c.is_ascii() {
            if c.is_ascii_uppercase() {
                if self == CaseMode::Turkic && c == 'I' {
                    return ('ı', true);
                }
                return (c.to_ascii_lowercase(), true);
            }
            return (c, false);
        }
        if c == 'İ' {
            return ('i', true);
        }
        if c.is_uppercase() || (c as u32 >= 0x1C4 && (c as u32) <= 0x1CC) {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                if l != c {
                    return (l, true);
                }
            }
        }
        (c, false)
    }

    /// `text` in upper case, with Turkic dotted/dotless i where the mode asks for it.
    pub(crate) fn upper(self, text: &str) -> String {
        text.chars()
            .flat_map(|c| {
                let turkic = match (self, c) {
                    (CaseMode::Turkic, 'i') => Some('İ'),
                    (CaseMode::Turkic, 'ı') => Some('I'),
                    _ => None,
                };
                let mut buf = Vec::with_capacity(1);
                match turkic {
                    Some(u) => buf.push(u),
                    None if self == CaseMode::None => buf.push(c),
                    None => buf.extend(c.to_uppercase()),
                }
                buf
            })
            .collect()
    }

    /// `text` with its first cased letter in upper case (title case of a digraph: *Sh*, *Ch*).
    pub(crate) fn title(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        let mut done = false;
        for c in text.chars() {
            if !done && (c.is_lowercase() || c.is_uppercase()) {
                out.push_str(&self.upper(c.encode_utf8(&mut [0; 4])));
                done = true;
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// A set of contexts a neighbouring character must be in. Empty means "any".
#[derive(Clone, Debug, Default)]
struct Ctx {
    /// No constraint (set once compiled).
    any: bool,
    /// For code points below `DENSE`: whether the character is in the context (set once the
    /// table is compiled).
    bits: Vec<u64>,
    boundary: bool,
    vowel: bool,
    consonant: bool,
    hyphen: bool,
    letter: bool,
    chars: Vec<char>,
}

impl Ctx {
    fn is_any(&self) -> bool {
        !(self.boundary
            || self.vowel
            || self.consonant
            || self.hyphen
            || self.letter
            || !self.chars.is_empty())
    }
}

/// A compiled rule: where it applies and its output in three cases.
#[derive(Clone, Debug)]
struct Rule {
    prev: Ctx,
    next: Ctx,
    word: Option<bool>,
    /// The last character of the rule's canonical key: the "previous character" seen by the
    /// next match, whatever spelling (variant, decomposed) the input used.
    last: char,
    /// Whether the output has case (its upper-case form differs).
    cased: bool,
    /// Whether the rule applies everywhere (no context, no word condition).
    free: bool,
    /// Byte ranges into the output arena: lower, title, upper.
    out: [(u32, u32); 3],
}

#[derive(Clone, Debug, Default)]
struct Node {
    children: Vec<(char, u32)>,
    rules: Vec<u32>,
}

/// Size of the dense root array.
const DENSE: usize = 0x800;
/// Flag bit in a dense root entry: the character was upper case.
const UPPER: u32 = 1 << 31;
/// Dense flag: the character belongs to words.
const WORD: u8 = 1;
/// Dense flag: the character has case (upper or lower).
const CASED: u8 = 2;
/// Dense flag: the character is a small letter.
const SMALL: u8 = 4;

/// One compiled direction of one scheme.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    src_case: CaseMode,
    dense: Vec<u32>,
    /// For code points below `DENSE`: the output of a lower-case letter whose first rule has no
    /// context and writes at most [`DIRECT_BYTES`] bytes.
    direct: Box<[Option<Direct>; DENSE]>,
    /// For code points below `DENSE`: the same for a capital letter, with its rules' outputs in
    /// title case, taken only before a small letter.
    direct_upper: Box<[Option<Direct>; DENSE]>,
    /// For code points below `DENSE`: the case-folded character.
    dense_fold: Vec<char>,
    /// For code points below `DENSE`: `WORD`, `CASED` flags.
    dense_flags: Vec<u8>,
    sparse: HashMap<char, u32>,
    nodes: Vec<Node>,
    rules: Vec<Rule>,
    arena: String,
    vowels: Vec<char>,
    word_chars: Vec<char>,
    word_flag: Option<(Vec<char>, Vec<char>)>,
    word_prefix: String,
    /// Whether any rule looks at the word flag or a prefix is written.
    word_features: bool,
    /// The rules with a context that direct letters try first, with their outputs.
    alts: Vec<Alt>,
    /// Whether the source is Arabic script, whose text may need `clean_arabic` first.
    arabic: bool,
}

/// Why [`Table::run`] stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Strict mode met a character outside the alphabet, at this byte offset.
    Outside(char, usize),
    /// Arabic-script text needs cleaning (presentation forms, U+0647 …) before conversion.
    Dirty,
}

/// A key with its rule, before the trie is built.
struct Pending {
    key: String,
    spec: RuleSpec,
    last: char,
}

/// The longest output a direct entry holds, in bytes.
const DIRECT_BYTES: usize = 8;
/// The size of the buffer the loop of direct letters writes into before appending to the output.
const STAGE: usize = 128;

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

/// A letter converted without entering the trie: its output in a fixed-size buffer (written with
/// one fixed-size copy, then cut to `len`), its canonical character, and its trie node when
/// longer keys start with it (0 when none do).
#[derive(Clone, Copy, Debug)]
struct Direct {
    bytes: [u8; DIRECT_BYTES],
    len: u8,
    /// The letter's rules with a condition on the previous or the next character (BGN's е → ye
    /// after a vowel, ы → y· before a vowel), tried first and in order: a range of
    /// [`Table::alts`], empty when the letter has none.
    alts: (u32, u32),
    last: char,
    node: u32,
    /// Whether the letter belongs to words (then, in a table with word features, it may only
    /// skip the trie inside a word, where the word's flag and prefix are already settled).
    word: bool,
    /// Whether `last` belongs to words.
    last_word: bool,
    /// Whether the letter needs more than the check for a following mark: it starts a word in
    /// a table with word features, starts longer keys (`node`), or has `alts`.
    check: bool,
}

/// A rule with a context of a direct letter, and its output.
#[derive(Clone, Copy, Debug)]
struct Alt {
    rule: u32,
    bytes: [u8; DIRECT_BYTES],
    len: u8,
    last: char,
    /// Whether `last` belongs to words.
    last_word: bool,
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
    pub(crate) fn compile(b: &Build<'_>) -> Result<Table, String> {
        let dir = b.dir;
        let fold_str = |s: &str| -> String { s.chars().map(|c| b.src_case.fold(c).0).collect() };
        let fold_set = |s: &str| -> Vec<char> {
            let mut v: Vec<char> = s.chars().map(|c| b.src_case.fold(c).0).collect();
            v.sort_unstable();
            v.dedup();
            v
        };

        // Plain letters: the inverse of the other direction, then this direction's own.
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
                let v = fold_str(v);
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
            letters.insert(fold_str(k), v.clone());
        }

        let on = |name: &Option<String>| name.as_deref().is_some_and(|n| b.options.contains(&n));
        let mut pending: Vec<Pending> = Vec::new();
        for r in &dir.rules {
            if r.if_option.is_some() && !on(&r.if_option) {
                continue;
            }
            if r.unless.is_some() && on(&r.unless) {
                continue;
            }
            let key = fold_str(&r.from);
            pending.push(Pending {
                last: key.chars().last().unwrap_or(' '),
                key,
                spec: r.clone(),
            });
        }
        if let Some(carrier) = &dir.vowel_carrier {
            for v in carrier.letters.chars() {
                let key = fold_str(v.encode_utf8(&mut [0; 4]));
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
        for (k, v) in &letters {
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

        // Input variants, then decomposed (NFD) spellings of every key.
        let mut variants: Vec<(char, char)> = Vec::new();
        for (k, v) in &dir.variants {
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
        let mut expanded: Vec<Pending> = Vec::with_capacity(pending.len() * 2);
        for p in pending {
            let mut keys = vec![p.key.clone()];
            for &(var, canon) in &variants {
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

        let mut vowels = fold_set(dir.vowels.as_deref().unwrap_or(""));
        for &(var, canon) in &variants {
            if vowels.contains(&canon) && !vowels.contains(&var) {
                vowels.push(var);
            }
        }
        vowels.sort_unstable();
        let word_chars = fold_set(dir.word_chars.as_deref().unwrap_or(""));
        let parse_ctx = |tokens: &[String]| -> Result<Ctx, String> {
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
                    chars => ctx
                        .chars
                        .extend(chars.chars().map(|c| b.src_case.fold(c).0)),
                }
            }
            Ok(ctx)
        };

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
            word_flag: dir
                .word_flag
                .as_ref()
                .map(|f| (fold_set(&f.if_any), fold_set(&f.unless_any))),
            word_prefix: dir.word_prefix.clone().unwrap_or_default(),
            word_features: false,
            alts: Vec::new(),
            arabic: b.arabic,
        };
        table.word_features = table.word_flag.is_some();
        for p in expanded {
            if p.key.is_empty() {
                return Err(format!("a rule maps the empty string to {:?}", p.spec.to));
            }
            let word = p.spec.word;
            if word.is_some() && table.word_flag.is_none() {
                return Err(format!(
                    "rule for {:?} uses `word` but the direction has no word_flag",
                    p.spec.from
                ));
            }
            let mut outs = [(0u32, 0u32); 3];
            for (slot, text) in outs.iter_mut().zip([
                p.spec.to.clone(),
                b.dst_case.title(&p.spec.to),
                b.dst_case.upper(&p.spec.to),
            ]) {
                let start = table.arena.len();
                table.arena.push_str(&text);
                *slot = (to_u32(start)?, to_u32(table.arena.len())?);
            }
            let (prev, next) = (parse_ctx(&p.spec.prev)?, parse_ctx(&p.spec.next)?);
            let rule = Rule {
                free: prev.is_any() && next.is_any() && word.is_none(),
                prev,
                next,
                word,
                last: p.last,
                cased: table.arena.get(outs[0].0 as usize..outs[0].1 as usize)
                    != table.arena.get(outs[2].0 as usize..outs[2].1 as usize),
                out: outs,
            };
            let rule_id = to_u32(table.rules.len())?;
            table.rules.push(rule);
            let mut node = 0usize;
            for c in p.key.chars() {
                let found = table
                    .nodes
                    .get(node)
                    .and_then(|n| n.children.iter().find(|(k, _)| *k == c).map(|&(_, i)| i));
                node = match found {
                    Some(i) => i as usize,
                    None => {
                        let id = to_u32(table.nodes.len())?;
                        table.nodes.push(Node::default());
                        if let Some(n) = table.nodes.get_mut(node) {
                            n.children.push((c, id));
                        }
                        id as usize
                    }
                };
            }
            if let Some(n) = table.nodes.get_mut(node) {
                n.rules.push(rule_id);
            }
        }
        // The root's children become the dense array and the sparse map.
        let root_children = table
            .nodes
            .first()
            .map(|n| n.children.clone())
            .unwrap_or_default();
        for &(c, id) in &root_children {
            table.sparse.insert(c, id);
        }
        for cp in 0..DENSE as u32 {
            // Every code point below 0x800 is a char (surrogates start at 0xD800).
            let c = char::from_u32(cp).unwrap_or(' ');
            let (f, up) = table.src_case.fold(c);
            table.dense_fold.push(f);
            let word = c.is_alphabetic() || is_mark(c) || table.word_chars.contains(&f);
            let cased = c.is_lowercase() || c.is_uppercase();
            table.dense_flags.push(
                if word { WORD } else { 0 }
                    | if cased { CASED } else { 0 }
                    | if c.is_lowercase() { SMALL } else { 0 },
            );
            if let Some(&id) = table.sparse.get(&f) {
                if let Some(slot) = table.dense.get_mut(cp as usize) {
                    *slot = id | if up { UPPER } else { 0 };
                }
                let node = table.nodes.get(id as usize);
                let has_children = node.is_some_and(|n| !n.children.is_empty());
                let rules: Vec<(u32, &Rule)> = node
                    .map(|n| n.rules.as_slice())
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|&r| table.rules.get(r as usize).map(|rule| (r, rule)))
                    .collect();
                // A letter converts directly when its first rule without a context comes after
                // at most `MAX_ALTS` rules whose only conditions are on the previous and the next
                // character; those are tried first.
                let free_at = rules.iter().position(|(_, r)| r.free);
                let (alts, default) = match free_at {
                    Some(k)
                        if k <= MAX_ALTS && rules.iter().take(k).all(|(_, r)| r.word.is_none()) =>
                    {
                        (rules.get(..k).unwrap_or(&[]), rules.get(k).map(|&(_, r)| r))
                    }
                    _ => (&[][..], None),
                };
                // A capital converts directly only before a small letter (checked as it is met),
                // where the general path writes its rule's output in title case.
                let case_ok =
                    |rule: &Rule| up || cased || !rule.cased || table.src_case == CaseMode::None;
                let which = usize::from(up);
                let direct = default.filter(|rule| case_ok(rule)).and_then(|rule| {
                    let (bytes, len) = direct_output(&table.arena, rule, which)?;
                    let mut outs = Vec::with_capacity(alts.len());
                    for &(r, alt) in alts {
                        if !case_ok(alt) {
                            return None;
                        }
                        let (bytes, len) = direct_output(&table.arena, alt, which)?;
                        outs.push(Alt {
                            rule: r,
                            bytes,
                            len,
                            last: alt.last,
                            last_word: false,
                        });
                    }
                    let start = to_u32(table.alts.len()).ok()?;
                    table.alts.extend(outs);
                    Some(Direct {
                        bytes,
                        len,
                        alts: (start, to_u32(table.alts.len()).ok()?),
                        last: rule.last,
                        node: if has_children { id } else { 0 },
                        word,
                        last_word: false,
                        check: true,
                    })
                });
                let slots = if up {
                    &mut table.direct_upper
                } else {
                    &mut table.direct
                };
                if let (Some(direct), Some(slot)) = (direct, slots.get_mut(cp as usize)) {
                    *slot = Some(direct);
                }
            } else if !(word || cased || (table.arabic && needs_cleaning(c))) {
                // A character that starts no rule and is neither a letter nor a mark (a space,
                // punctuation, a digit) is copied as it is, as the general path would, without
                // leaving the loop of direct letters.
                let mut bytes = [0u8; DIRECT_BYTES];
                let len = c.encode_utf8(&mut bytes).len() as u8;
                if let Some(slot) = table.direct.get_mut(cp as usize) {
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
        // Whether each direct letter's canonical character belongs to words (the flags of the
        // whole dense range are known only now).
        let last_words: Vec<Option<bool>> = table
            .direct
            .iter()
            .chain(table.direct_upper.iter())
            .map(|d| d.map(|d| table.is_word(d.last)))
            .collect();
        let word_features = table.word_features;
        for (d, word) in table
            .direct
            .iter_mut()
            .chain(table.direct_upper.iter_mut())
            .zip(last_words)
        {
            if let (Some(d), Some(word)) = (d, word) {
                d.last_word = word;
                d.check = (word_features && d.word) || d.node != 0 || d.alts.0 < d.alts.1;
            }
        }
        let alt_words: Vec<bool> = table.alts.iter().map(|a| table.is_word(a.last)).collect();
        for (a, word) in table.alts.iter_mut().zip(alt_words) {
            a.last_word = word;
        }
        // Precompute every context as a bitmap over the dense range.
        let bitmaps: Vec<(Vec<u64>, Vec<u64>)> = table
            .rules
            .iter()
            .map(|r| (table.ctx_bits(&r.prev), table.ctx_bits(&r.next)))
            .collect();
        for (rule, (prev, next)) in table.rules.iter_mut().zip(bitmaps) {
            rule.prev.any = rule.prev.is_any();
            rule.prev.bits = prev;
            rule.next.any = rule.next.is_any();
            rule.next.bits = next;
        }
        Ok(table)
    }

    /// How the source of this table handles case.
    pub(crate) fn case(&self) -> CaseMode {
        self.src_case
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

    /// Whether `c` belongs to a word.
    #[inline]
    fn is_word(&self, c: char) -> bool {
        match self.dense_flags.get(c as usize) {
            Some(&f) => f & WORD != 0,
            None => {
                c.is_alphabetic()
                    || is_mark(c)
                    || self.word_chars.contains(&self.src_case.fold(c).0)
            }
        }
    }

    /// Whether `c` has case.
    #[inline]
    fn is_cased(&self, c: char) -> bool {
        match self.dense_flags.get(c as usize) {
            Some(&f) => f & CASED != 0,
            None => c.is_lowercase() || c.is_uppercase(),
        }
    }

    /// `c` case-folded.
    #[inline]
    fn fold(&self, c: char) -> char {
        match self.dense_fold.get(c as usize) {
            Some(&f) => f,
            None => self.src_case.fold(c).0,
        }
    }

    #[inline]
    fn in_ctx(&self, ctx: &Ctx, c: Option<char>) -> bool {
        if ctx.any {
            return true;
        }
        let Some(c) = c else { return ctx.boundary };
        let i = c as usize;
        match ctx.bits.get(i / 64) {
            Some(w) if i < DENSE => w >> (i % 64) & 1 != 0,
            _ => self.in_ctx_slow(ctx, c),
        }
    }

    /// [`Table::in_ctx`] for a character, computed from the context's definition.
    fn in_ctx_slow(&self, ctx: &Ctx, c: char) -> bool {
        if ctx.is_any() {
            return true;
        }
        let word = self.is_word(c);
        if ctx.boundary && !word {
            return true;
        }
        if ctx.hyphen && is_hyphen(c) {
            return true;
        }
        if ctx.letter && word {
            return true;
        }
        let f = self.fold(c);
        if !ctx.chars.is_empty() && ctx.chars.contains(&f) {
            return true;
        }
        let vowel = self.vowels.binary_search(&f).is_ok();
        (ctx.vowel && vowel)
            || (ctx.consonant && !vowel && c.is_alphabetic() && !self.word_chars.contains(&f))
    }

    /// The root entry of `c`: node id and whether `c` was upper case.
    #[inline]
    fn root(&self, c: char) -> Option<(u32, bool)> {
        let e = if (c as usize) < DENSE {
            self.dense.get(c as usize).copied().unwrap_or(0)
        } else {
            let (f, up) = self.src_case.fold(c);
            self.sparse
                .get(&f)
                .map_or(0, |&id| id | if up { UPPER } else { 0 })
        };
        (e != 0).then_some((e & !UPPER, e & UPPER != 0))
    }

    /// The same table without its direct letters: every character takes the general path (the
    /// trie walk), which the direct loop must agree with.
    #[cfg(test)]
    fn general_only(&self) -> Table {
        Table {
            direct: Box::new([None; DENSE]),
            direct_upper: Box::new([None; DENSE]),
            alts: Vec::new(),
            ..self.clone()
        }
    }

    /// Whether a pass may write a prefix before words (and so change text that no rule touches).
    pub(crate) fn writes_word_prefix(&self) -> bool {
        self.word_flag.is_some() && !self.word_prefix.is_empty()
    }

    /// Whether any character of `text` starts a rule.
    pub(crate) fn touches(&self, text: &str) -> bool {
        text.chars()
            .any(|c| self.root(c).is_some() || (self.arabic && needs_cleaning(c)))
    }

    /// Computes the word flag for the word starting at the beginning of `rest`.
    fn word_flag_at(&self, rest: &str) -> bool {
        let Some((any, none)) = &self.word_flag else {
            return false;
        };
        let mut hit = false;
        let mut chars = rest.chars().take_while(|&c| self.is_word(c)).peekable();
        while let Some(mut c) = chars.next() {
            // Decomposed input: judge the composed letter (е + U+0308 is ё, not е).
            if let Some(composed) = chars
                .peek()
                .filter(|&&m| is_mark(m))
                .and_then(|&m| compose(c, m))
            {
                c = composed;
                chars.next();
            }
            let f = self.fold(c);
            if none.binary_search(&f).is_ok() {
                return false;
            }
            hit |= any.binary_search(&f).is_ok();
        }
        hit
    }

    /// Converts `input`, appending its UTF-8 to `out`: only whole characters and whole strings
    /// are appended, so `out` stays UTF-8 when it was. In strict mode, the first character that no rule
    /// covers and that is a letter or mark is returned with its byte offset.
    pub(crate) fn run(
        &self,
        input: &str,
        out: &mut Vec<u8>,
        strict: bool,
        cleaned: bool,
    ) -> Result<(), Stop> {
        let bytes = input.as_bytes();
        let mut pos = 0usize;
        // The previous character, case-folded and canonical, and whether it was upper case.
        let mut prev: Option<char> = None;
        let mut prev_upper = false;
        let mut flag = false;
        // Whether the text has small letters (computed when first needed).
        let mut mixed_case: Option<bool> = None;
        // Direct letters' outputs are staged here and appended to `out` when it fills and when a
        // run of them ends: one bounds check per letter instead of a vector's growth check.
        let mut stage = [0u8; STAGE];
        while let Some(&b) = bytes.get(pos) {
            if b < 0x80 && self.dense.get(b as usize).copied().unwrap_or(0) == 0 {
                let start = pos;
                while let Some(&b) = bytes.get(pos) {
                    if b >= 0x80 || self.dense.get(b as usize).copied().unwrap_or(0) != 0 {
                        break;
                    }
                    if strict && b.is_ascii_alphabetic() {
                        return Err(Stop::Outside(b as char, pos));
                    }
                    pos += 1;
                }
                match bytes.get(start..pos).unwrap_or(&[]) {
                    // Mostly a single space: no copy call.
                    &[one] => out.push(one),
                    run => out.extend_from_slice(run),
                }
                prev = bytes.get(pos.wrapping_sub(1)).map(|&b| b as char);
                prev_upper = prev.is_some_and(|c| c.is_ascii_uppercase());
                continue;
            }
            // The common case: a run of lower-case one- or two-byte letters with rules of their
            // own, converted in a tight loop. With word features, a letter that starts a word is
            // left to the general path, which settles the word's flag and prefix.
            if b < 0xE0 {
                let words = self.word_features;
                let mut last = None;
                let mut prev_word = words && prev.is_some_and(|p| self.is_word(p));
                let mut staged = 0usize;
                while let Some(&b) = bytes.get(pos) {
                    if b >= 0xE0 {
                        break;
                    }
                    let (cp, len) = if b < 0x80 {
                        (usize::from(b), 1)
                    } else {
                        let b2 = bytes.get(pos + 1).copied().unwrap_or(0);
                        (usize::from(b & 0x1F) << 6 | usize::from(b2 & 0x3F), 2)
                    };
                    // Two bytes hold 11 bits: masked, `cp` is always inside the dense arrays
                    // (which lets the compiler drop the bounds checks).
                    let cp = cp & (DENSE - 1);
                    let direct = match self.direct.get(cp) {
                        Some(Some(direct)) => direct,
                        _ => match self.direct_upper.get(cp) {
                            Some(Some(direct)) if self.small_at(bytes, pos + len) => direct,
                            _ => break,
                        },
                    };
                    if next_is_mark(bytes, pos + len)
                        || (direct.check
                            && ((words && direct.word && !prev_word)
                                || (direct.node != 0
                                    && self.continues(direct.node, input, pos + len))))
                    {
                        break;
                    }
                    let (text, text_len, text_last, text_word) = match (direct.check
                        && direct.alts.0 < direct.alts.1)
                        .then(|| self.alt(direct, last.or(prev), input, pos + len))
                        .flatten()
                    {
                        Some(a) => (&a.bytes, a.len, a.last, a.last_word),
                        None => (&direct.bytes, direct.len, direct.last, direct.last_word),
                    };
                    if staged > STAGE - DIRECT_BYTES {
                        out.extend_from_slice(stage.get(..staged).unwrap_or_default());
                        staged = 0;
                    }
                    if let Some(slot) = stage.get_mut(staged..staged + DIRECT_BYTES) {
                        slot.copy_from_slice(text);
                    }
                    staged += usize::from(text_len);
                    last = Some(text_last);
                    prev_word = text_word;
                    pos += len;
                }
                out.extend_from_slice(stage.get(..staged).unwrap_or_default());
                if last.is_some() {
                    prev = last;
                    prev_upper = false;
                    continue;
                }
            }
            let rest = input.get(pos..).unwrap_or("");
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            if self.arabic && !cleaned && needs_cleaning(c) {
                return Err(Stop::Dirty);
            }
            if self.word_features && self.is_word(c) && !prev.is_some_and(|p| self.is_word(p)) {
                flag = self.word_flag_at(rest);
                if flag && !self.word_prefix.is_empty() {
                    out.extend_from_slice(self.word_prefix.as_bytes());
                }
            }
            let mut best: Option<(u32, usize, bool)> = None;
            if let Some((mut node, upper)) = self.root(c) {
                let mut len = c.len_utf8();
                loop {
                    if let Some(n) = self.nodes.get(node as usize) {
                        for &r in &n.rules {
                            let Some(rule) = self.rules.get(r as usize) else {
                                continue;
                            };
                            if rule.free {
                                best = Some((r, len, upper));
                                break;
                            }
                            if rule.word.is_some_and(|w| w != flag) {
                                continue;
                            }
                            if !self.in_ctx(&rule.prev, prev) {
                                continue;
                            }
                            if !rule.next.is_any() {
                                let next = rest.get(len..).and_then(|s| s.chars().next());
                                if !self.in_ctx(&rule.next, next) {
                                    continue;
                                }
                            }
                            best = Some((r, len, upper));
                            break;
                        }
                    }
                    let Some(n) = self.nodes.get(node as usize) else {
                        break;
                    };
                    if n.children.is_empty() {
                        break;
                    }
                    let Some(nc) = chars.next() else { break };
                    let f = self.fold(nc);
                    let child = n.children.iter().find(|(k, _)| *k == f);
                    match child {
                        Some(&(_, id)) => {
                            node = id;
                            len += nc.len_utf8();
                        }
                        None => break,
                    }
                }
            }
            if let Some((_, len, _)) = best {
                // A single letter followed by a combining mark it composes with is a different
                // letter that no rule knows (е + U+0308 = ё in an alphabet without ё): leave
                // both as they are, as the composed letter would be.
                // Lead bytes of combining marks: a cheap filter first.
                let lead = rest.as_bytes().get(len).copied().unwrap_or(0);
                if len == c.len_utf8() && MARK_LEADS.get(usize::from(lead)) == Some(&true) {
                    let next = rest.get(len..).and_then(|r| r.chars().next());
                    if next.is_some_and(|m| is_mark(m) && compose(c, m).is_some()) {
                        best = None;
                    }
                }
            }
            match best {
                Some((r, len, upper)) => {
                    let Some(rule) = self.rules.get(r as usize) else {
                        break;
                    };
                    let after = rest.get(len..).unwrap_or("");
                    let mut upper = upper;
                    let mut caseless = !upper
                        && rule.cased
                        && self.src_case != CaseMode::None
                        && !self.is_cased(c);
                    if caseless {
                        // A key that starts with a mark of no case (BGN's ·y, ·e): its first
                        // cased letter decides.
                        if let Some(l) = rest
                            .get(..len)
                            .and_then(|k| k.chars().find(|&l| self.is_cased(l)))
                        {
                            upper = self.fold(l) != l;
                            caseless = false;
                        }
                    }
                    let which = if upper {
                        // An all-caps word is written in capitals in all-caps text and before a
                        // name (ЩУКИН Иван), and as an abbreviation (each letter in title case:
                        // VTsIOM) elsewhere in text with small letters.
                        if self.all_caps(prev_upper, after)
                            && !(*mixed_case.get_or_insert_with(|| has_lower(input))
                                && self.abbreviation(after))
                        {
                            2
                        } else {
                            1
                        }
                    } else if caseless && self.all_caps(prev_upper, after) {
                        // A caseless symbol (ʹ ʺ `) inside an all-caps word: ОБЪЕМ, OBʺEM.
                        2
                    } else {
                        0
                    };
                    let (s, e) = rule.out.get(which).copied().unwrap_or((0, 0));
                    let emitted = self.arena.get(s as usize..e as usize).unwrap_or("");
                    out.extend_from_slice(emitted.as_bytes());
                    prev = Some(rule.last);
                    // A capital key written in title case (Sh·ch → Шч) ends in a small letter:
                    // a caseless sign after it is small too (Sh·ch’ → Шчь).
                    prev_upper = which == 2
                        || (upper
                            && !caseless
                            && (which != 1
                                || emitted
                                    .chars()
                                    .rev()
                                    .find(|c| c.is_uppercase() || c.is_lowercase())
                                    .is_none_or(char::is_uppercase)));
                    pos += len;
                }
                None => {
                    if strict && self.is_word(c) {
                        return Err(Stop::Outside(c, pos));
                    }
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    if !is_mark(c) {
                        prev = Some(c);
                        prev_upper = self.is_cased(c) && self.fold(c) != c;
                    }
                    pos += c.len_utf8();
                }
            }
        }
        Ok(())
    }

    /// The first of `direct`'s rules with a context that applies after `prev` and before the
    /// character at byte `after` of `input`, as the trie walk would choose it.
    #[inline]
    fn alt(&self, direct: &Direct, prev: Option<char>, input: &str, after: usize) -> Option<&Alt> {
        let (start, end) = direct.alts;
        let mut next: Option<Option<char>> = None;
        self.alts
            .get(start as usize..end as usize)
            .unwrap_or(&[])
            .iter()
            .find(|a| {
                self.rules.get(a.rule as usize).is_some_and(|rule| {
                    self.in_ctx(&rule.prev, prev)
                        && (rule.next.any || {
                            let n = *next.get_or_insert_with(|| {
                                input.get(after..).and_then(|r| r.chars().next())
                            });
                            self.in_ctx(&rule.next, n)
                        })
                })
            })
    }

    /// Whether the character starting at byte `i` of `bytes` (a valid UTF-8 string) is a small
    /// letter of one or two bytes.
    #[inline]
    fn small_at(&self, bytes: &[u8], i: usize) -> bool {
        let b = bytes.get(i).copied().unwrap_or(0);
        let cp = if b < 0x80 {
            u32::from(b)
        } else if b < 0xE0 {
            let b2 = bytes.get(i + 1).copied().unwrap_or(0);
            (u32::from(b) & 0x1F) << 6 | (u32::from(b2) & 0x3F)
        } else {
            return false;
        };
        self.dense_flags
            .get(cp as usize)
            .is_some_and(|&f| f & SMALL != 0)
    }

    /// Whether the character at byte `at` of `input` continues a key from trie node `node`.
    #[inline]
    fn continues(&self, node: u32, input: &str, at: usize) -> bool {
        let Some(c) = input.get(at..).and_then(|r| r.chars().next()) else {
            return false;
        };
        let f = self.fold(c);
        self.nodes
            .get(node as usize)
            .is_some_and(|n| n.children.iter().any(|&(k, _)| k == f))
    }

    /// Whether the all-caps word that `after` ends is an abbreviation: not followed by a word
    /// with a capital and then a small letter (a surname in capitals before the given name).
    fn abbreviation(&self, after: &str) -> bool {
        let mut next = after
            .chars()
            .skip_while(|&c| self.is_word(c))
            .skip_while(|&c| c.is_whitespace() || c == ',')
            .filter(|&c| !is_mark(c));
        !matches!((next.next(), next.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
    }

    /// Whether an upper-case letter between `prev` and `after` stands in an all-caps word.
    #[inline]
    fn all_caps(&self, prev_upper: bool, after: &str) -> bool {
        for c in after.chars() {
            if c.is_uppercase() {
                return true;
            }
            if c.is_lowercase() {
                return false;
            }
            if !self.is_word(c) {
                break;
            }
        }
        prev_upper
    }
}

/// Whether `text` has a small (lower-case) letter.
fn has_lower(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| b.is_ascii_lowercase());
    }
    text.chars().any(char::is_lowercase)
}

/// Whether the character starting at byte `i` of `bytes` (a valid UTF-8 string) is a combining
/// mark.
#[inline]
fn next_is_mark(bytes: &[u8], i: usize) -> bool {
    let b = bytes.get(i).copied().unwrap_or(0);
    // Lead bytes of combining marks: one lookup first (a `u8` indexes 256 entries).
    if !MARK_LEADS.get(usize::from(b)).copied().unwrap_or(false) {
        return false;
    }
    if b < 0xE0 {
        // Two bytes: one lookup in the bit set of marks below U+0800.
        let c1 = bytes.get(i + 1).copied().unwrap_or(0) & 0x3F;
        let marks = MARK_BITS_BELOW_0800
            .get(usize::from(b & 0x1F))
            .copied()
            .unwrap_or(0);
        return marks >> c1 & 1 != 0;
    }
    let width = if b < 0xF0 { 3 } else { 4 };
    bytes
        .get(i..i + width)
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| c.chars().next())
        .is_some_and(is_mark)
}

fn to_u32(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "the table is too large".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translit::{KazakhLoans, Options, Scheme, table};

    #[test]
    fn next_is_mark_agrees_with_is_mark_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut text = String::from("a");
            text.push(c);
            text.push('b');
            assert_eq!(next_is_mark(text.as_bytes(), 1), is_mark(c), "{c:?}");
        }
        assert!(!next_is_mark(b"a", 1), "past the end");
    }

    /// Every table of every scheme (both directions, every option set), with its copy that
    /// converts without direct letters.
    fn tables() -> &'static [(&'static Table, Table)] {
        static TABLES: std::sync::OnceLock<Vec<(&'static Table, Table)>> =
            std::sync::OnceLock::new();
        TABLES.get_or_init(|| {
            let options = [
                Options::new(),
                Options::new().hamza_between_vowels(false),
                Options::new().kazakh_loans(KazakhLoans::Simplified),
            ];
            let mut out = Vec::new();
            for &scheme in Scheme::all() {
                for decode in [false, true] {
                    for o in options {
                        if let Ok(t) = table(scheme, decode, o) {
                            out.push((t, t.general_only()));
                        }
                    }
                }
            }
            out
        })
    }

    /// Letters of every script the schemes read (both cases), combining marks, Arabic letters
    /// that need cleaning, spaces, digits, punctuation and the signs schemes write.
    const PIECES: &str = "аеёиоуыэюяйъьбвгджзклмнпрстфхцчшщАЕЁИОУЫЭЮЯЙЪЬБВГТСШЩЧЦ\
        әғқңөұүһіӘҒҚҢӨҰҮҺІئابپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىيەءہﺋ\u{647}\u{64E}\
        abcdeghijklmnopqrstuvwxyzäöüéşçğı ABCDEGHIJKLSTYZÄÖÜŞÇĞİ\u{301}\u{306}\u{307}\u{308}\
         -·’'`ʹʺ”«»,.?!0123456789\u{2011}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn direct_letters_convert_as_the_trie_walk_does(
            picks in proptest::collection::vec(0usize..1000, 0..40),
            strict in proptest::bool::ANY,
            cleaned in proptest::bool::ANY,
        ) {
            let pieces: Vec<char> = PIECES.chars().filter(|c| *c != '\n').collect();
            let text: String = picks.iter().map(|&i| pieces[i % pieces.len()]).collect();
            for (fast, general) in tables() {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let ra = fast.run(&text, &mut a, strict, cleaned);
                let rb = general.run(&text, &mut b, strict, cleaned);
                proptest::prop_assert_eq!(format!("{ra:?}"), format!("{rb:?}"), "{:?}", text);
                if ra.is_ok() {
                    proptest::prop_assert_eq!(
                        String::from_utf8_lossy(&a),
                        String::from_utf8_lossy(&b),
                        "{:?}",
                        text
                    );
                }
            }
        }
    }
}
