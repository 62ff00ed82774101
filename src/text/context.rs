//! What a text has said so far, for the mentions that depend on it: a surname that several
//! people of the glossary share (*Wang* of Wang Yi and Wang Jianping) stands for the one of them
//! the text named in full before it.
//!
//! A *text* is what is annotated as one: the string given to [`Annotator::annotate`], one file
//! or the standard input stream of `tilmach annotate`. The [`Context`] starts empty with each
//! text. Mentions reach it in text order ([`Context::take`]); it remembers the people named other
//! than by the surname alone, and gives a shared surname the entry of the one person among
//! those who carry it that the text has named. When none or several of them were named, the
//! surname is dropped rather than guessed.
//!
//! Resolving needs only what came before, so a long text can still be annotated in parallel
//! pieces: the pieces report shared surnames with the other mentions
//! ([`Annotator::annotate_line_in_text`]), hold them ([`HeldMention`]) with the people they named
//! ([`Context::names`]), and the stage that receives the pieces in order resolves them. The
//! answer is the same whatever the pieces.
//!
//! ```
//! let glossary = tilmach::Glossary::embedded();
//! let annotator = tilmach::text::Annotator::new(glossary);
//! let ids = |text| {
//!     let mentions = annotator.annotate(text);
//!     mentions.iter().map(|m| (m.text, m.entry.id.as_str(), m.by_surname)).collect::<Vec<_>>()
//! };
//! assert_eq!(
//!     ids("Wang Yi arrived.\nLater Wang said it."),
//!     [("Wang Yi", "wang-yi", false), ("Wang", "wang-yi", true)]
//! );
//! // Named by neither, or by both: left out.
//! assert_eq!(ids("Later Wang said it."), []);
//! ```

use std::collections::HashSet;

use super::case::text_fits;
use super::{Annotator, How, Mention};
use crate::glossary::Kind;

/// The people a text has named so far (other than by a surname alone), by entry index.
#[derive(Clone, Debug, Default)]
pub struct Context {
    named: HashSet<u32>,
}

impl Context {
    /// An empty context: the start of a text.
    pub fn new() -> Context {
        Context::default()
    }

    /// Forgets everything: the start of the next text.
    pub fn clear(&mut self) {
        self.named.clear();
    }

    /// The entry index of the person `m` names in full (not by a surname alone), if it names
    /// a person: what [`Context::note`] records.
    pub fn names(m: &Mention<'_, '_>) -> Option<u32> {
        (!m.by_surname && m.entry.kind == Kind::Person).then_some(m.at.entry)
    }

    /// Records that the text named the person with entry index `entry`.
    pub fn note(&mut self, entry: u32) {
        self.named.insert(entry);
    }

    /// The next mention of the text, in order: a shared surname resolved (or `None`: dropped),
    /// any other mention as it is, recorded when it names a person.
    pub fn take<'a, 't>(
        &mut self,
        annotator: &'a Annotator<'_>,
        m: Mention<'a, 't>,
    ) -> Option<Mention<'a, 't>> {
        if annotator.is_shared_surname(&m) {
            return self.resolve(annotator, &m);
        }
        if let Some(entry) = Context::names(&m) {
            self.note(entry);
        }
        Some(m)
    }

    /// A shared surname ([`Annotator::is_shared_surname`]) as the mention of the one person
    /// carrying it whom the text has named, with that person's best form whose surname the
    /// text's spelling fits; `None` when the text named none or several of them.
    pub fn resolve<'a, 't>(
        &self,
        annotator: &'a Annotator<'_>,
        m: &Mention<'a, 't>,
    ) -> Option<Mention<'a, 't>> {
        let mut meant = None;
        for c in m
            .candidates
            .iter()
            .filter(|c| self.named.contains(&c.entry))
        {
            match meant {
                Some(entry) if entry != c.entry => return None,
                _ => meant = Some(c.entry),
            }
        }
        let meant = meant?;
        // The spelling that matched: the text without the ending of an inflected surname.
        let (stem, lang) = match m.how {
            How::Inflected { suffix, rules } => (
                m.text.get(..m.text.len() - suffix.len()).unwrap_or(m.text),
                annotator.rules.langs.iter().find(|l| l.name == rules),
            ),
            How::Exact | How::CaseFolded => (m.text, None),
        };
        m.candidates
            .iter()
            .filter(|c| c.entry == meant)
            .filter_map(|&c| {
                let k = *annotator.shared.get(&c)?;
                let d = annotator.form_data.get(k as usize)?;
                let speaks =
                    lang.is_none_or(|l| l.forms.iter().any(|f| f == d.form.lang.language()));
                (speaks && text_fits(d.case, stem)).then_some((c, d))
            })
            .min_by_key(|(_, d)| d.text != stem)
            .map(|(at, d)| Mention {
                entry: d.entry,
                form: d.form,
                at,
                how: match m.how {
                    How::Inflected { .. } => m.how,
                    _ if d.text == m.text => How::Exact,
                    _ => How::CaseFolded,
                },
                ..m.clone()
            })
    }
}

/// A mention held back from a piece of a text for the stage that sees the pieces in order,
/// owning the text it quotes (see [`Context`]).
#[derive(Clone, Debug)]
pub struct HeldMention<'a> {
    mention: Mention<'a, 'static>,
    text: String,
    suffix: String,
}

impl<'a> HeldMention<'a> {
    /// Holds `m`, copying the text it quotes.
    pub fn new(m: &Mention<'a, '_>) -> HeldMention<'a> {
        let (how, suffix) = match m.how {
            How::Inflected { suffix, rules } => (How::Inflected { suffix: "", rules }, suffix),
            How::Exact => (How::Exact, ""),
            How::CaseFolded => (How::CaseFolded, ""),
        };
        HeldMention {
            mention: requote(m, "", how),
            text: m.text.to_owned(),
            suffix: suffix.to_owned(),
        }
    }

    /// The mention held.
    pub fn get(&self) -> Mention<'a, '_> {
        let how = match self.mention.how {
            How::Inflected { rules, .. } => How::Inflected {
                suffix: &self.suffix,
                rules,
            },
            How::Exact => How::Exact,
            How::CaseFolded => How::CaseFolded,
        };
        requote(&self.mention, &self.text, how)
    }
}

/// `m` quoting `text`, matched as `how`.
fn requote<'a, 't>(m: &Mention<'a, '_>, text: &'t str, how: How<'a, 't>) -> Mention<'a, 't> {
    Mention {
        start: m.start,
        end: m.end,
        char_start: m.char_start,
        char_end: m.char_end,
        line: m.line,
        column: m.column,
        text,
        entry: m.entry,
        form: m.form,
        at: m.at,
        how,
        by_surname: m.by_surname,
        candidates: m.candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Glossary;

    fn found(text: &str) -> Vec<(String, String, bool)> {
        Annotator::new(Glossary::embedded())
            .annotate(text)
            .iter()
            .map(|m| (m.text.to_owned(), m.entry.id.clone(), m.by_surname))
            .collect()
    }

    fn m(text: &str, id: &str, by_surname: bool) -> (String, String, bool) {
        (text.to_owned(), id.to_owned(), by_surname)
    }

    #[test]
    fn a_shared_surname_is_the_person_named_in_full_before() {
        assert_eq!(
            found("Wang Jianping was killed.\nWang had served there."),
            [
                m("Wang Jianping", "wang-jianping", false),
                m("Wang", "wang-jianping", true)
            ]
        );
        // Before the full name, nothing; in another script, the same person.
        assert_eq!(
            found("Wang said it. Wang Yi arrived. Ван сказал."),
            [m("Wang Yi", "wang-yi", false), m("Ван", "wang-yi", true)]
        );
    }

    #[test]
    fn a_shared_surname_of_two_people_named_is_left_out() {
        assert_eq!(
            found("Wang Yi met Wang Jianping.\nWang said it."),
            [
                m("Wang Yi", "wang-yi", false),
                m("Wang Jianping", "wang-jianping", false)
            ]
        );
        assert_eq!(found("Later Wang said it."), []);
    }

    #[test]
    fn an_inflected_shared_surname_keeps_its_ending_and_form_of_its_language() {
        let annotator = Annotator::new(Glossary::embedded());
        let mentions = annotator.annotate("Ван И прибыл. Потом Ваном было сказано.");
        let last = mentions.last().unwrap();
        assert_eq!((last.text, last.entry.id.as_str()), ("Ваном", "wang-yi"));
        assert!(last.by_surname);
        assert_eq!(last.form.lang.language(), "ru");
        assert_eq!(
            last.how,
            How::Inflected {
                suffix: "ом",
                rules: "ru"
            }
        );
    }

    #[test]
    fn lines_alone_leave_shared_surnames_out_and_a_context_resolves_them_in_order() {
        let annotator = Annotator::new(Glossary::embedded());
        let text = "Wang Yi arrived. Wang said it.";
        let mut scratch = crate::text::Scratch::default();
        let position = crate::text::read::Position::default();
        let mut alone = Vec::new();
        annotator.annotate_line(text, &position, &mut scratch, |m| alone.push(m.text));
        assert_eq!(alone, ["Wang Yi"]);
        let mut held = Vec::new();
        annotator.annotate_line_in_text(text, &position, &mut scratch, |m| {
            held.push(HeldMention::new(&m));
        });
        assert_eq!(held.len(), 2);
        assert!(annotator.is_shared_surname(&held[1].get()));
        // Held and given back, a mention is the same.
        let direct = annotator.annotate(text);
        let mut context = Context::new();
        let resolved: Vec<Mention<'_, '_>> = held
            .iter()
            .filter_map(|h| context.take(&annotator, h.get()))
            .collect();
        assert_eq!(resolved, direct);
        // The next text starts afresh.
        context.clear();
        assert_eq!(context.take(&annotator, held[1].get()), None);
    }
}
