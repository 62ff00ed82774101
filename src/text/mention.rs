//! What the annotator reports: a [`Mention`] of a glossary entry in a text, how it matched
//! ([`How`]), and the owned [`GlossaryMention`] that [`Glossary::annotate`] returns.

use super::Annotator;
use crate::glossary::{Entry, Form, FormRef, Glossary};

/// How a mention matched its form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How<'a, 't> {
    /// Spelled exactly as the form.
    Exact,
    /// Spelled as the form up to case, Unicode normalization, look-alike letters or the spaces
    /// and hyphens between words.
    CaseFolded,
    /// An inflected form: `suffix` (the ending in the text) was stripped by a rule of the
    /// language `rules` (`kk`, `ug`, `ru`, `en`).
    Inflected {
        /// The ending as written in the text (of the last inflected word).
        suffix: &'t str,
        /// The language of the rule that stripped it.
        rules: &'a str,
    },
}

impl How<'_, '_> {
    /// `exact`, `case-folded` or `inflected`.
    pub fn as_str(&self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::CaseFolded => "case-folded",
            How::Inflected { .. } => "inflected",
        }
    }
}

/// One mention of a glossary entry in a text.
///
/// Offsets count from the start of the text (or file) given: `start`/`end` in bytes,
/// `char_start`/`char_end` in Unicode scalar values; `line` and `column` are 1-based, the column
/// counted in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention<'a, 't> {
    /// Byte offset of the first byte.
    pub start: u64,
    /// Byte offset just after the last byte.
    pub end: u64,
    /// Character offset of the first character.
    pub char_start: u64,
    /// Character offset just after the last character.
    pub char_end: u64,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column of the first character, in characters.
    pub column: u64,
    /// The text as written.
    pub text: &'t str,
    /// The entry mentioned.
    pub entry: &'a Entry,
    /// The form that matched.
    pub form: &'a Form,
    /// Where that form is in the glossary.
    pub at: FormRef,
    /// How it matched.
    pub how: How<'a, 't>,
    /// Whether the text is the surname alone of the person `form` names in full (*Kadeer* for
    /// *Rebiya Kadeer*); see [`Annotator`].
    pub by_surname: bool,
    /// Every form with the same words (of this and possibly other entries), best first; the
    /// chosen one is among them.
    pub candidates: &'a [FormRef],
}

impl Glossary {
    /// Every mention of an entry of this glossary in `text`.
    ///
    /// This builds an [`Annotator`] on every call; to annotate many texts, build one with
    /// [`Annotator::new`] and reuse it.
    ///
    /// ```
    /// let glossary = tilmach::Glossary::embedded();
    /// let m = glossary.annotate("Алматыда");
    /// assert_eq!(m[0].entry.id, "almaty");
    /// assert_eq!(m[0].suffix.as_deref(), Some("да"));
    /// ```
    pub fn annotate(&self, text: &str) -> Vec<GlossaryMention<'_>> {
        Annotator::new(self)
            .annotate(text)
            .iter()
            .filter_map(|m| {
                let (entry, form) = self.form(m.at)?;
                Some(GlossaryMention {
                    start: m.start,
                    end: m.end,
                    char_start: m.char_start,
                    char_end: m.char_end,
                    line: m.line,
                    column: m.column,
                    text: m.text.to_owned(),
                    entry,
                    form,
                    how: m.how.as_str(),
                    suffix: match m.how {
                        How::Inflected { suffix, .. } => Some(suffix.to_owned()),
                        _ => None,
                    },
                    by_surname: m.by_surname,
                })
            })
            .collect()
    }
}

/// A mention that borrows only the glossary: what [`Glossary::annotate`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlossaryMention<'g> {
    /// Byte offset of the first byte.
    pub start: u64,
    /// Byte offset just after the last byte.
    pub end: u64,
    /// Character offset of the first character.
    pub char_start: u64,
    /// Character offset just after the last character.
    pub char_end: u64,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// The text as written.
    pub text: String,
    /// The entry mentioned.
    pub entry: &'g Entry,
    /// The form that matched.
    pub form: &'g Form,
    /// `exact`, `case-folded` or `inflected`.
    pub how: &'static str,
    /// The ending stripped, for an inflected match.
    pub suffix: Option<String>,
    /// Whether the text is the person's surname alone (the form is their full name).
    pub by_surname: bool,
}
