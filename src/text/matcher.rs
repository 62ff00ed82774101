//! Matching a line: every word read (from the per-text cache, or folded and stripped of
//! endings by the suffix rules), then from each word that can start a name a walk down the trie,
//! the longest match kept and its form chosen.

use super::build::head;
use super::fold::fold_into;
use super::trie::{FormData, gap_class};
use super::words::{Extent, SCRIPT_HAN, SCRIPT_OTHER, Word, split_words};
use super::{Annotator, Cand, Context, How, Mention, Reading, Scratch, read};
use crate::glossary::Glossary;

/// No rule: the word matched as it is.
pub(super) const NO_RULE: u32 = u32::MAX;

/// Where the trie walk is: at word `i`, trie node `node`, with `inflected` inflected words so far
/// and the last of them (its word index and candidate).
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    pub(super) i: usize,
    pub(super) node: u32,
    pub(super) inflected: u32,
    pub(super) inflection: Option<(usize, Cand)>,
}

/// A match found by the trie walk, before the form is chosen.
#[derive(Clone, Copy, Debug)]
pub(super) struct Found {
    /// Index of the last word.
    pub(super) last: usize,
    pub(super) node: u32,
    pub(super) inflected: u32,
    /// The last inflected word's candidate (its rule and stripped length) and word index.
    pub(super) inflection: Option<(usize, Cand)>,
}

impl<'g> Annotator<'g> {
    /// The glossary the annotator was built from.
    pub fn glossary(&self) -> &'g Glossary {
        self.glossary
    }

    /// Every mention in `text`, in order. Lines are split at `\n`; offsets count from the start
    /// of `text`.
    pub fn annotate<'a, 't>(&'a self, text: &'t str) -> Vec<Mention<'a, 't>> {
        let mut out = Vec::new();
        self.for_each(text, |m| out.push(m));
        out
    }

    /// Calls `each` with every mention in `text`, in order, without collecting them. `text` is
    /// one text: a surname that several people share is found when it names one of them in
    /// full before (see [`Context`]).
    pub fn for_each<'a, 't>(&'a self, text: &'t str, mut each: impl FnMut(Mention<'a, 't>)) {
        let mut context = Context::default();
        let mut each = |m| {
            if let Some(m) = context.take(self, m) {
                each(m);
            }
        };
        let mut scratch = Scratch::default();
        let mut position = read::Position::default();
        let mut rest = text;
        while !rest.is_empty() {
            // The line is read up to its `\n`; a `\r` before it is a separator like any other.
            let (read, chars) =
                self.line_mentions(rest, &position, &mut scratch, &mut each, Extent::Line);
            let broken = rest.as_bytes().get(read) == Some(&b'\n');
            let len = read + usize::from(broken);
            // As `Position::advance_line`, with the characters counted by the word splitter.
            let chars = (chars + usize::from(broken)) as u64;
            position.byte += len as u64;
            position.char += chars;
            position.column += chars;
            if broken {
                position.line += 1;
                position.column = 1;
            }
            rest = rest.get(len..).unwrap_or("");
        }
    }

    /// Calls `each` with every mention in one line (no line break inside) that starts at
    /// `position` in its file. The line is annotated on its own: a surname that several people
    /// share is left out (see [`Annotator::annotate_line_in_text`]).
    pub fn annotate_line<'a, 't>(
        &'a self,
        line: &'t str,
        position: &read::Position,
        scratch: &mut Scratch,
        mut each: impl FnMut(Mention<'a, 't>),
    ) {
        let each = |m: Mention<'a, 't>| {
            if !self.is_shared_surname(&m) {
                each(m);
            }
        };
        self.line_mentions(line, position, scratch, each, Extent::Whole);
    }

    /// [`Annotator::annotate_line`] for a line of a longer text, with the surnames that several
    /// people share as well ([`Annotator::is_shared_surname`]), which a [`Context`] that sees
    /// the text's mentions in order resolves or drops.
    pub fn annotate_line_in_text<'a, 't>(
        &'a self,
        line: &'t str,
        position: &read::Position,
        scratch: &mut Scratch,
        each: impl FnMut(Mention<'a, 't>),
    ) {
        self.line_mentions(line, position, scratch, each, Extent::Whole);
    }

    /// Whether `m` is a surname alone that several people of the glossary share: its entry is
    /// one of them, not yet the one the text means (see [`Context`]).
    pub fn is_shared_surname(&self, m: &Mention<'_, '_>) -> bool {
        m.by_surname && self.shared.contains_key(&m.at)
    }

    /// [`Annotator::annotate_line`] on all of `line` or on its first line (`extent`);
    /// returns the bytes and characters read (see [`split_words`]).
    fn line_mentions<'a, 't>(
        &'a self,
        line: &'t str,
        position: &read::Position,
        scratch: &mut Scratch,
        mut each: impl FnMut(Mention<'a, 't>),
        extent: Extent,
    ) -> (usize, usize) {
        let read = self.prepare(line, scratch, extent);
        let words = std::mem::take(&mut scratch.words);
        let mut i = 0;
        while let Some(first) = words.get(i) {
            if !first.reading.starts {
                i += 1;
                continue;
            }
            match self.best_at(line, &words, i, scratch) {
                Some((found, chosen, how)) => {
                    let Some(last) = words.get(found.last) else {
                        break;
                    };
                    let (start, end) = (first.start, last.end);
                    if let (
                        Some(&at),
                        Some(&FormData {
                            entry,
                            form,
                            surname,
                            ..
                        }),
                    ) = (self.forms.get(chosen), self.form_data.get(chosen))
                    {
                        let (lo, hi) = self.terminal(found.node);
                        each(Mention {
                            start: position.byte + start as u64,
                            end: position.byte + end as u64,
                            char_start: position.char + first.char_start as u64,
                            char_end: position.char + last.char_end as u64,
                            line: position.line,
                            column: position.column + first.char_start as u64,
                            text: line.get(start..end).unwrap_or(""),
                            entry,
                            form,
                            at,
                            how,
                            by_surname: surname,
                            candidates: self.forms.get(lo..hi).unwrap_or(&[]),
                        });
                    }
                    i = found.last + 1;
                }
                None => i += 1,
            }
        }
        scratch.words = words;
        read
    }

    /// Splits a line into words and reads every word: from the cache when the word was seen
    /// before, else by folding it and trying the suffix rules. Returns the bytes and characters
    /// read (see [`split_words`]).
    fn prepare(&self, line: &str, scratch: &mut Scratch, extent: Extent) -> (usize, usize) {
        let read = split_words(line, &mut scratch.words, extent);
        let Scratch {
            words,
            cache,
            fold,
            build,
            ..
        } = scratch;
        cache.prepare_for(self.id);
        for w in words.iter_mut() {
            let script = w.script;
            w.reading = cache.reading(line, w.start..w.end, |text, cands| {
                self.read_word(text, script, fold, build, cands)
            });
        }
        read
    }

    /// Folds a word not seen before, pushes its candidates onto `cands` and says where they
    /// are.
    fn read_word(
        &self,
        text: &str,
        script: u8,
        fold: &mut String,
        build: &mut String,
        cands: &mut Vec<Cand>,
    ) -> Reading {
        let lo = cands.len();
        fold_into(text, fold);
        if let Some(&word) = self.vocab.get(fold.as_str()) {
            cands.push(Cand {
                word,
                rule: NO_RULE,
                stripped: 0,
                strict: true,
                root: u32::MAX,
            });
        }
        // A glossary word may also be an inflected form of another (a word that only starts
        // a multi-word name, such as "Uyghurs" in "Uyghurs of Kazakhstan"), so stripping is
        // tried either way.
        if script != SCRIPT_HAN
            && script != SCRIPT_OTHER
            && head(fold).is_some_and(|h| self.heads.contains(&h))
        {
            self.strip(fold, script, None, 0, 0, build, cands);
        }
        let mut starts = false;
        for c in cands.get_mut(lo..).unwrap_or(&mut []) {
            if c.strict {
                c.root = self.roots.get(c.word as usize).copied().unwrap_or(u32::MAX);
            }
            starts |= c.root != u32::MAX;
        }
        Reading {
            lo: lo as u32,
            hi: cands.len() as u32,
            starts,
        }
    }

    /// Tries every rule on `word` (already folded); pushes the glossary words found.
    /// `outer` is the first rule stripped (for chains), `stripped` the characters stripped so far.
    #[allow(clippy::too_many_arguments)]
    fn strip(
        &self,
        word: &str,
        script: u8,
        outer: Option<usize>,
        stripped: usize,
        depth: usize,
        build: &mut String,
        out: &mut Vec<Cand>,
    ) {
        let Some(last) = word.chars().last() else {
            return;
        };
        for &r in self.rules.ending_in(last) {
            let Some(rule) = self.rules.rules.get(r) else {
                continue;
            };
            if rule.script != script || outer.is_some_and(|o| self.rule_lang(o) != rule.lang) {
                continue;
            }
            let Some(stem) = word.strip_suffix(rule.text.as_str()) else {
                continue;
            };
            let stem_chars = stem.chars().count();
            if stem_chars == 0 || !self.rules.stem_fits(rule, stem) {
                continue;
            }
            let first = outer.unwrap_or(r);
            let strict = stem_chars >= rule.min_stem;
            let total = stripped + rule.chars;
            let push = |candidate: &str, out: &mut Vec<Cand>| {
                if let Some(&w) = self.vocab.get(candidate) {
                    out.push(Cand {
                        word: w,
                        rule: first as u32,
                        stripped: total as u32,
                        strict,
                        root: u32::MAX,
                    });
                }
            };
            for lemma in &rule.lemmas {
                build.clear();
                build.push_str(stem);
                build.push_str(lemma);
                push(build.as_str(), out);
            }
            let Some(lang) = self.rules.langs.get(rule.lang) else {
                continue;
            };
            for (from, tos) in &lang.stem_changes {
                if let Some(base) = stem.strip_suffix(from.as_str()) {
                    for to in tos {
                        build.clear();
                        build.push_str(base);
                        build.push_str(to);
                        push(build.as_str(), out);
                    }
                }
            }
            if depth + 1 < lang.max_depth && stem_chars > rule.min_stem {
                self.strip(stem, script, Some(first), total, depth + 1, build, out);
            }
        }
    }

    fn rule_lang(&self, rule: usize) -> usize {
        self.rules.rules.get(rule).map_or(usize::MAX, |r| r.lang)
    }

    fn terminal(&self, node: u32) -> (usize, usize) {
        self.nodes
            .get(node as usize)
            .map_or((0, 0), |n| (n.lo as usize, n.hi as usize))
    }

    /// The best match starting at word `i`, with the form chosen (its index in `forms`) and
    /// how it matched.
    fn best_at<'a, 't>(
        &'a self,
        line: &'t str,
        words: &[Word],
        i: usize,
        scratch: &mut Scratch,
    ) -> Option<(Found, usize, How<'a, 't>)> {
        let reading = words.get(i)?.reading;
        let mut found = std::mem::take(&mut scratch.found);
        found.clear();
        let cands = scratch.cache.cands.as_slice();
        for &cand in cands
            .get(reading.lo as usize..reading.hi as usize)
            .unwrap_or(&[])
        {
            let node = cand.root;
            if node != u32::MAX {
                let inflection = (cand.rule != NO_RULE).then_some((i, cand));
                let step = Step {
                    i,
                    node,
                    inflected: u32::from(inflection.is_some()),
                    inflection,
                };
                self.walk(line, words, cands, step, &mut scratch.gap, &mut found);
            }
        }
        // Longest first, then fewer inflected words.
        found.sort_by_key(|f| (std::cmp::Reverse(f.last), f.inflected));
        let best = found.iter().find_map(|f| {
            self.choose(line, words, i, f)
                .map(|(chosen, how)| (*f, chosen, how))
        });
        scratch.found = found;
        best
    }

    /// Records the match ending at word `step.i` (node `step.node`) and extends it word by
    /// word.
    fn walk(
        &self,
        line: &str,
        words: &[Word],
        cands: &[Cand],
        step: Step,
        gap_buf: &mut String,
        found: &mut Vec<Found>,
    ) {
        let Step {
            i,
            node,
            inflected,
            inflection,
        } = step;
        let (lo, hi) = self.terminal(node);
        if lo < hi {
            found.push(Found {
                last: i,
                node,
                inflected,
                inflection,
            });
        }
        if !self.nodes.get(node as usize).is_some_and(|n| n.inner) {
            return;
        }
        let (Some(here), Some(next)) = (words.get(i), words.get(i + 1)) else {
            return;
        };
        let next_cands = cands
            .get(next.reading.lo as usize..next.reading.hi as usize)
            .unwrap_or(&[]);
        if next_cands.is_empty() {
            return;
        }
        let between = line.get(here.end..next.start).unwrap_or("");
        let gap = match gap_class(between, gap_buf) {
            Some(id) => id,
            None => match self.gaps.get(gap_buf.as_str()) {
                Some(&id) => id,
                None => return,
            },
        };
        for &cand in next_cands {
            if let Some(child) = self.edges.child(node, gap, cand.word) {
                let (inflected, inflection) = if cand.rule == NO_RULE {
                    (inflected, inflection)
                } else {
                    (inflected + 1, Some((i + 1, cand)))
                };
                let step = Step {
                    i: i + 1,
                    node: child,
                    inflected,
                    inflection,
                };
                self.walk(line, words, cands, step, gap_buf, found);
            }
        }
    }

    /// Chooses the form for a match (its index in `forms`): for an inflected match, one of a
    /// language and kind the rule allows; otherwise one spelled exactly as the text if any;
    /// then by status.
    fn choose<'a, 't>(
        &'a self,
        line: &'t str,
        words: &[Word],
        first: usize,
        found: &Found,
    ) -> Option<(usize, How<'a, 't>)> {
        let (lo, hi) = self.terminal(found.node);
        let data = self.form_data.get(lo..hi)?;
        let start = words.get(first)?.start;
        let end = words.get(found.last)?.end;
        let text = line.get(start..end)?;
        match found.inflection {
            None => {
                let exact = data
                    .iter()
                    .position(|d| !d.repeat && d.text == text && d.fits(line, start, text, true));
                match exact {
                    Some(k) => Some((lo + k, How::Exact)),
                    None => data
                        .iter()
                        .position(|d| d.fits(line, start, text, false))
                        .map(|k| (lo + k, How::CaseFolded)),
                }
            }
            Some((w, cand)) => {
                let rule = self.rules.rules.get(cand.rule as usize)?;
                let lang = self.rules.langs.get(rule.lang)?;
                let word = words.get(w)?;
                let written = line.get(word.start..word.end)?;
                let cut = written
                    .char_indices()
                    .rev()
                    .nth(cand.stripped.saturating_sub(1) as usize)
                    .map_or(0, |(at, _)| at);
                let suffix = written.get(cut..).unwrap_or("");
                // The ending of an inflected acronym may be in small letters (SCO's).
                let stem_text = if w == found.last {
                    text.get(..text.len() - suffix.len()).unwrap_or(text)
                } else {
                    text
                };
                let k = data.iter().position(|d| {
                    d.fits(line, start, stem_text, false)
                        && lang.forms.iter().any(|l| l == d.form.lang.language())
                        && rule
                            .kinds
                            .as_ref()
                            .is_none_or(|k| k.contains(&d.entry.kind))
                })?;
                Some((
                    lo + k,
                    How::Inflected {
                        suffix,
                        rules: lang.name.as_str(),
                    },
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::SuffixRules;

    fn ids(text: &str) -> Vec<(String, String, &'static str)> {
        let annotator = Annotator::new(Glossary::embedded());
        annotator
            .annotate(text)
            .iter()
            .map(|m| (m.text.to_owned(), m.entry.id.clone(), m.how.as_str()))
            .collect()
    }

    #[test]
    fn a_whole_text_gives_the_mentions_of_its_lines_read_one_by_one() {
        let text = "Алматыда\r\n  Alma-Ata and Кульджи\n\nthe Ili, Ghulja’s\r\nXinjiang";
        let annotator = Annotator::new(Glossary::embedded());
        let place = |m: &Mention<'_, '_>| {
            (
                m.start,
                m.end,
                m.char_start,
                m.char_end,
                m.line,
                m.column,
                m.at,
            )
        };
        let whole = annotator.annotate(text);
        let mut by_line = Vec::new();
        let mut scratch = Scratch::default();
        read::for_each_line(text.as_bytes(), false, |line, position| {
            annotator.annotate_line(line, position, &mut scratch, |m| by_line.push(place(&m)));
            Ok::<(), read::ReadError>(())
        })
        .unwrap();
        let whole: Vec<_> = whole.iter().map(place).collect();
        assert_eq!(whole.len(), 6, "{whole:?}");
        assert_eq!(whole, by_line);
    }

    #[test]
    fn inflected_mentions_in_three_languages() {
        for (text, id, suffix) in [
            ("Алматыда", "almaty", "да"),
            ("Алматыға", "almaty", "ға"),
            ("Құлжаға", "ghulja", "ға"),
            ("Қазақстанның", "kazakhstan", "ның"),
            ("غۇلجىدا", "ghulja", "دا"),
            ("Ghuljida", "ghulja", "da"),
            ("Кульдже", "ghulja", "е"),
            ("Кульджи", "ghulja", "и"),
            ("Синьцзяне", "xinjiang", "е"),
        ] {
            let annotator = Annotator::new(Glossary::embedded());
            let found = annotator.annotate(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].entry.id, id, "{text}");
            assert_eq!(
                found[0].how,
                How::Inflected {
                    suffix,
                    rules: found[0].how_rules()
                },
                "{text}"
            );
        }
    }

    impl Mention<'_, '_> {
        fn how_rules(&self) -> &str {
            match self.how {
                How::Inflected { rules, .. } => rules,
                _ => "",
            }
        }
    }

    #[test]
    fn short_stems_and_wrong_harmony_do_not_match() {
        // -де is a front ending; Құлжа has back vowels.
        assert!(ids("Құлжаде").is_empty());
        // A one-letter ending on a three-letter stem is not stripped.
        assert!(ids("Hani").iter().all(|(_, id, _)| id != "han-chinese"));
    }

    #[test]
    fn one_scratch_serves_several_annotators() {
        let embedded = Annotator::new(Glossary::embedded());
        let none = Annotator::with_rules(Glossary::embedded(), SuffixRules::none());
        let mut scratch = Scratch::default();
        let position = read::Position::default();
        let mut count = |a: &Annotator<'_>| {
            let mut n = 0;
            a.annotate_line("Алматыда Алматы", &position, &mut scratch, |_| n += 1);
            n
        };
        assert_eq!(count(&embedded), 2);
        assert_eq!(count(&none), 1);
        assert_eq!(count(&embedded), 2);
    }

    #[test]
    fn longest_match_wins_across_hyphens_and_spaces() {
        let got = ids("в Алма-Ате и Alma Ata");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "Алма-Ате");
        assert_eq!(got[1].0, "Alma Ata");
        assert_eq!(got[0].1, got[1].1);
    }
}
