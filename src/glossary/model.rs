//! The data model: entries, their forms, statuses, kinds and the sources they cite.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lang::LangTag;

/// What an entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A place or a historical polity: a city, a region, a river, a state.
    Place,
    /// A person.
    Person,
    /// An organization: a party, an NGO, a state body, an international organization.
    Organization,
    /// The name of a people.
    Ethnonym,
    /// A term for a group of people (Uyghur *yärlik*, *kegänlär*, Kazakh *oralman*).
    GroupTerm,
    /// A concept or term (*meshrep*, *tselina*, *akimat*).
    Concept,
    /// An event.
    Event,
    /// A document: a law, a treaty, a report, a book.
    Document,
}

impl Kind {
    /// Every kind, in the order the glossary lists them.
    pub const ALL: [Kind; 8] = [
        Kind::Place,
        Kind::Person,
        Kind::Organization,
        Kind::Ethnonym,
        Kind::GroupTerm,
        Kind::Concept,
        Kind::Event,
        Kind::Document,
    ];

    /// The name used in files and on the command line (`group-term`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Place => "place",
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Ethnonym => "ethnonym",
            Kind::GroupTerm => "group-term",
            Kind::Concept => "concept",
            Kind::Event => "event",
            Kind::Document => "document",
        }
    }
}

named_values!(Kind, as_str, "kind", exact);

/// The standing of a form in its language.
///
/// The order of the variants is the order lookups rank forms of equal match quality in:
/// `preferred` first, `misspelling` last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The rendering to use today in its language; at most one per language tag.
    Preferred,
    /// The form in official use, when it is not the recommended one.
    Official,
    /// An accepted alternative spelling.
    Variant,
    /// A form correct for its time (see the form's `from` and `until`).
    Historical,
    /// A form that should no longer be used.
    Deprecated,
    /// A form that insults the people it names.
    Derogatory,
    /// A wrong spelling seen in a source, kept so that lookups find it.
    Misspelling,
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 7] = [
        Status::Preferred,
        Status::Official,
        Status::Variant,
        Status::Historical,
        Status::Deprecated,
        Status::Derogatory,
        Status::Misspelling,
    ];

    /// The name used in files and outputs (`preferred`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Official => "official",
            Status::Variant => "variant",
            Status::Historical => "historical",
            Status::Deprecated => "deprecated",
            Status::Derogatory => "derogatory",
            Status::Misspelling => "misspelling",
        }
    }
}

named_values!(Status, as_str, "status", exact);

/// A citation of a source, with an optional short verbatim quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The key of the source in `sources.toml`.
    pub source: String,
    /// A short verbatim quote from the source.
    pub quote: Option<String>,
}

/// A document the glossary cites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The key entries cite it by.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its author, when known.
    pub author: Option<String>,
    /// Its date (a year, a year-month, or a full date), when known.
    pub date: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Where it can be found online.
    pub url: Option<String>,
    /// Its file name in the document collection.
    pub file: Option<String>,
}

/// Where a form comes from: typed into the glossary, or computed by a transliteration scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Entered in a glossary file.
    Entered,
    /// Computed from the entry's form number `from` by the scheme `scheme` (a scheme id such as
    /// `kk-latn`).
    Derived {
        /// The index, in the entry's forms, of the entered form it was computed from.
        from: u32,
        /// The id of the scheme that computed it.
        scheme: String,
    },
}

/// One written rendering of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// The rendering, in NFC.
    pub text: String,
    /// Its language (and script).
    pub lang: LangTag,
    /// Its standing.
    pub status: Status,
    /// The first year it was in use, when known.
    pub from: Option<i32>,
    /// The last year it was in use, when known.
    pub until: Option<i32>,
    /// A remark on this form.
    pub note: Option<String>,
    /// The sources in which this exact spelling occurs.
    pub seen: Vec<String>,
    /// An attested spelling that does not follow the transliteration rules.
    pub irregular: bool,
    /// Entered or derived.
    pub origin: Origin,
}

impl Form {
    /// Whether the transliteration rules computed this form.
    pub fn is_derived(&self) -> bool {
        matches!(self.origin, Origin::Derived { .. })
    }

    /// Whether the form was in use in `year`, judging by its `from` and `until` years.
    pub fn in_use(&self, year: i32) -> bool {
        self.from.is_none_or(|from| from <= year) && self.until.is_none_or(|until| year <= until)
    }
}

/// One thing named: a place, person, organization, ethnonym, group term, concept, event or
/// document, with all its forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The stable id (ASCII kebab-case).
    pub id: String,
    /// What it names.
    pub kind: Kind,
    /// A one-line explanation per language; English is always present.
    pub gloss: BTreeMap<LangTag, String>,
    /// Longer remarks.
    pub notes: Vec<String>,
    /// Ids of related entries.
    pub see: Vec<String>,
    /// The sources cited.
    pub sources: Vec<Citation>,
    /// The forms: entered ones first, in file order, then derived ones.
    pub forms: Vec<Form>,
    /// Ids of entries that name something else with a spelling of the same lookup key (Aksu the
    /// city and Aksu the district): true homonyms, which `tilmach check` accepts and the Solr
    /// export keeps apart.
    pub homonyms: Vec<String>,
}

/// The rule that chooses the form to use in a language, for glossary entries
/// ([`Entry::best_form`]) and for the entries of a name index alike: among the candidates in the
/// language, the one with the best status (preferred, official, variant, …), an entered form
/// before a derived one, and the first of equals. `facts` says of a candidate whether it is in
/// the language, its status and whether it is derived.
///
/// ```
/// use tilmach::Status;
/// use tilmach::glossary::best_of;
/// let forms = [("ru", Status::Preferred, false), ("kk", Status::Variant, false), ("kk", Status::Official, true), ("kk", Status::Official, false)];
/// let best = best_of(forms.iter(), |f| (f.0 == "kk", f.1, f.2));
/// assert_eq!(best, Some(&("kk", Status::Official, false)));
/// ```
pub fn best_of<T>(
    candidates: impl IntoIterator<Item = T>,
    facts: impl Fn(&T) -> (bool, Status, bool),
) -> Option<T> {
    candidates
        .into_iter()
        .map(|c| {
            let (in_language, status, derived) = facts(&c);
            (c, in_language, status, derived)
        })
        .filter(|(_, in_language, _, _)| *in_language)
        // `min_by_key` keeps the first of equal keys.
        .min_by_key(|(_, _, status, derived)| (*status, *derived))
        .map(|(c, ..)| c)
}

impl Entry {
    /// The English gloss (always present in a loaded glossary).
    pub fn gloss_en(&self) -> &str {
        self.gloss
            .iter()
            .find(|(tag, _)| tag.as_str() == "en")
            .map_or("", |(_, g)| g.as_str())
    }

    /// The best form for a language: its preferred form, else its first official or variant
    /// form, else its first form of any status (the rule of [`best_of`]).
    pub fn best_form(&self, lang: &LangTag) -> Option<&Form> {
        best_of(self.forms.iter(), |f| {
            (f.lang.matches(lang), f.status, f.is_derived())
        })
    }

    /// The forms a citation's quote attests: those written in it as whole words (ignoring case),
    /// in the entry's order, each once. A citation without a quote attests none.
    ///
    /// ```
    /// let glossary = tilmach::Glossary::embedded();
    /// let entry = glossary.entry("ghulja")?;
    /// let saw: Vec<&str> = entry
    ///     .sources
    ///     .iter()
    ///     .flat_map(|c| entry.attested_forms(c))
    ///     .map(|f| f.text.as_str())
    ///     .collect();
    /// assert!(saw.contains(&"Kuldja"));
    /// # Ok::<(), tilmach::Error>(())
    /// ```
    pub fn attested_forms(&self, citation: &Citation) -> Vec<&Form> {
        let Some(quote) = &citation.quote else {
            return Vec::new();
        };
        let quote = quote.to_lowercase();
        let mut seen: Vec<&str> = Vec::new();
        self.forms
            .iter()
            .filter(|form| {
                let text = form.text.to_lowercase();
                if text.is_empty() || seen.contains(&form.text.as_str()) {
                    return false;
                }
                let found = quote.match_indices(&text).any(|(at, _)| {
                    let before = quote.get(..at).and_then(|s| s.chars().next_back());
                    let after = quote.get(at + text.len()..).and_then(|s| s.chars().next());
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                });
                if found {
                    seen.push(&form.text);
                }
                found
            })
            .collect()
    }

    /// The name to show for the entry: its preferred English form, else its first form.
    pub fn headword(&self) -> &str {
        let en = self
            .forms
            .iter()
            .filter(|f| f.lang.as_str() == "en")
            .min_by_key(|f| f.status);
        en.or_else(|| self.forms.first())
            .map_or(self.id.as_str(), |f| f.text.as_str())
    }
}
