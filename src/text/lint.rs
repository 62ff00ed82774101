//! The terminology check of a draft (`tilmach lint`): every mention whose form should not be
//! used in a text of the target language (and year), with the reason and the form to use.
//!
//! For each mention found by the [`Annotator`], the form judged is the mentioned entry's form with
//! the same spelling in the target language, if there is one; otherwise the mention is in the
//! wrong language or script. A form is reported when it is
//! - `derogatory`, or a `misspelling`;
//! - `deprecated` — unless the text's year is given and lies within the form's `from`–`until`;
//! - `historical` — with a year: when the year is outside its `from`–`until`; without a year:
//!   always (it is correct only for texts about its period);
//! - any other status, when the year is given and lies outside the form's `from`–`until`
//!   (*Almaty* in a text of 1980).
//!
//! The suggested form is the entry's best form for the target language that is in use in the
//! text's year: preferred before official before variant, entered before derived.

use std::fmt;

use crate::glossary::{Entry, Form, Glossary, Status};
use crate::lang::LangTag;
use crate::text::{Annotator, Mention};

/// Why a mention was reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The form insults the people it names.
    Derogatory,
    /// The form is a known misspelling.
    Misspelling,
    /// The form should no longer be used (it was in use `from`–`until`, when known).
    Deprecated {
        /// Its last year of use, when known.
        until: Option<i32>,
    },
    /// A historical form (in use `from`–`until`), out of place in the text's year.
    Historical {
        /// Its first year of use, when known.
        from: Option<i32>,
        /// Its last year of use, when known.
        until: Option<i32>,
    },
    /// A form not in use in the text's year.
    NotInUse {
        /// The text's year.
        year: i32,
        /// The form's first year of use, when known.
        from: Option<i32>,
        /// The form's last year of use, when known.
        until: Option<i32>,
    },
    /// The form belongs to another language or script than the target.
    WrongLanguage {
        /// The language (and script) of the form found.
        found: LangTag,
    },
}

impl Reason {
    /// A short machine-readable code: `derogatory`, `misspelling`, `deprecated`, `historical`,
    /// `not-in-use`, `wrong-language`.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Derogatory => "derogatory",
            Reason::Misspelling => "misspelling",
            Reason::Deprecated { .. } => "deprecated",
            Reason::Historical { .. } => "historical",
            Reason::NotInUse { .. } => "not-in-use",
            Reason::WrongLanguage { .. } => "wrong-language",
        }
    }
}

fn years(from: Option<i32>, until: Option<i32>) -> String {
    match (from, until) {
        (Some(f), Some(u)) => format!(" (in use {f}–{u})"),
        (Some(f), None) => format!(" (in use since {f})"),
        (None, Some(u)) => format!(" (in use until {u})"),
        (None, None) => String::new(),
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Derogatory => f.write_str("derogatory form"),
            Reason::Misspelling => f.write_str("misspelling"),
            Reason::Deprecated { until } => write!(f, "deprecated form{}", years(None, *until)),
            Reason::Historical { from, until } => {
                write!(f, "historical form{}", years(*from, *until))
            }
            Reason::NotInUse { year, from, until } => {
                write!(f, "not in use in {year}{}", years(*from, *until))
            }
            Reason::WrongLanguage { found } => {
                write!(f, "a {found} form in a text of another language or script")
            }
        }
    }
}

/// One reported mention.
#[derive(Clone, Debug)]
pub struct Finding<'a, 't> {
    /// The mention.
    pub mention: Mention<'a, 't>,
    /// The form judged (the mention's form in the target language, when it has one).
    pub form: &'a Form,
    /// Why it is reported.
    pub reason: Reason,
    /// The form to use instead, when the entry has one for the target.
    pub preferred: Option<&'a Form>,
}

/// Checks mentions against a target language and, optionally, the year of the text.
///
/// ```
/// use tilmach::text::{Annotator, lint::Linter};
/// let annotator = Annotator::new(tilmach::Glossary::embedded());
/// let linter = Linter::new(&annotator, "en".parse()?, Some(2024));
/// let findings = linter.lint("We met in Alma-Ata and Кульджа.");
/// let reasons: Vec<&str> = findings.iter().map(|f| f.reason.code()).collect();
/// assert_eq!(reasons, ["historical", "wrong-language"]);
/// assert_eq!(findings[0].preferred.map(|f| f.text.as_str()), Some("Almaty"));
/// assert_eq!(findings[1].preferred.map(|f| f.text.as_str()), Some("Ghulja"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Linter<'a, 'g> {
    annotator: &'a Annotator<'g>,
    target: LangTag,
    year: Option<i32>,
}

impl<'a, 'g> Linter<'a, 'g> {
    /// A linter for texts in `target` (a language tag or range: `en`, `kk-Cyrl`, `kk`) written
    /// in `year`, when known.
    pub fn new(annotator: &'a Annotator<'g>, target: LangTag, year: Option<i32>) -> Linter<'a, 'g> {
        Linter {
            annotator,
            target,
            year,
        }
    }

    /// The findings in `text`, in order.
    pub fn lint<'t>(&self, text: &'t str) -> Vec<Finding<'a, 't>> {
        let mut out = Vec::new();
        self.annotator.for_each(text, |m| {
            if let Some(f) = self.judge(m) {
                out.push(f);
            }
        });
        out
    }

    /// The finding for one mention, if it is to be reported.
    pub fn judge<'t>(&self, mention: Mention<'a, 't>) -> Option<Finding<'a, 't>> {
        // A surname alone is no rendering of the full name to judge.
        if mention.by_surname {
            return None;
        }
        let glossary: &'a Glossary = self.annotator.glossary();
        let entry: &'a Entry = mention.entry;
        // Among the forms with the mention's words, the one of this entry in the target language.
        let in_target = mention
            .candidates
            .iter()
            .filter(|at| at.entry == mention.at.entry)
            .filter_map(|&at| glossary.form(at).map(|(_, f)| f))
            .find(|f| f.lang.matches(&self.target));
        let preferred = self.preferred(entry);
        let (form, reason) = match in_target {
            None => (
                mention.form,
                Reason::WrongLanguage {
                    found: mention.form.lang.clone(),
                },
            ),
            Some(form) => (form, self.reason(form)?),
        };
        let preferred = preferred.filter(|p| !std::ptr::eq(*p, form));
        Some(Finding {
            mention,
            form,
            reason,
            preferred,
        })
    }

    /// Why `form` (in the target language) should not be used, if it should not.
    fn reason(&self, form: &Form) -> Option<Reason> {
        let in_use = self.year.is_none_or(|y| form.in_use(y));
        match form.status {
            Status::Derogatory => Some(Reason::Derogatory),
            Status::Misspelling => Some(Reason::Misspelling),
            Status::Deprecated if self.year.is_none() || !in_use => {
                Some(Reason::Deprecated { until: form.until })
            }
            Status::Deprecated => None,
            Status::Historical if self.year.is_none() || !in_use => Some(Reason::Historical {
                from: form.from,
                until: form.until,
            }),
            Status::Historical => None,
            _ => match self.year {
                Some(year) if !in_use => Some(Reason::NotInUse {
                    year,
                    from: form.from,
                    until: form.until,
                }),
                _ => None,
            },
        }
    }

    /// The entry's best form for the target in the text's year.
    pub fn preferred(&self, entry: &'a Entry) -> Option<&'a Form> {
        entry
            .forms
            .iter()
            .filter(|f| f.lang.matches(&self.target))
            .filter(|f| match f.status {
                Status::Preferred | Status::Official | Status::Variant => {
                    self.year.is_none_or(|y| f.in_use(y))
                }
                Status::Historical => self.year.is_some_and(|y| f.in_use(y)),
                _ => false,
            })
            .min_by_key(|f| (f.status, f.is_derived()))
    }
}
