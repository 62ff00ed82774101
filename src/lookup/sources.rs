//! Several glossaries and name indexes searched as one: the same options for each, the one
//! ranking over all their hits, each entry id once.
//!
//! ```
//! use tilmach::Glossary;
//! use tilmach::lookup::{SearchOptions, Sources};
//!
//! let sources = Sources::new().glossary(Glossary::embedded());
//! let answers = sources.search("Kuldja", &SearchOptions::default())?;
//! assert_eq!(answers[0].id(), "ghulja");
//! # Ok::<(), tilmach::Error>(())
//! ```

use crate::glossary::{Found, IndexBytes};
use crate::index::{Index, IndexError, Record};
use crate::lookup::{Hit, SearchOptions, Stage};
use crate::{Glossary, Result, Status};

/// Glossaries and name indexes (built from name tables, without a glossary) to search as one.
#[derive(Clone, Debug, Default)]
pub struct Sources<'a> {
    glossaries: Vec<&'a Glossary>,
    names: Vec<&'a Index<IndexBytes>>,
}

/// One answer of [`Sources::search`]: an entry of a glossary, or an entry of a name index.
#[derive(Clone, Copy, Debug)]
pub enum Answer<'a> {
    /// An entry of a glossary.
    Entry(Found<'a>),
    /// An entry of a name index: the hit, and the index to read its records from.
    Name {
        /// The index.
        index: &'a Index<IndexBytes>,
        /// The hit.
        hit: Hit,
    },
}

impl<'a> Answer<'a> {
    /// The entry's id.
    pub fn id(&self) -> &'a str {
        match self {
            Answer::Entry(found) => &found.entry.id,
            Answer::Name { index, hit } => index.entry_id(hit.entry).unwrap_or_default(),
        }
    }

    /// The hit's score (see [`Hit::score`]).
    pub fn score(&self) -> f64 {
        match self {
            Answer::Entry(found) => found.score,
            Answer::Name { hit, .. } => hit.score,
        }
    }

    /// The stage that matched.
    pub fn stage(&self) -> Stage {
        match self {
            Answer::Entry(found) => found.stage,
            Answer::Name { hit, .. } => hit.stage,
        }
    }

    /// The edit distance of the match.
    pub fn distance(&self) -> u8 {
        match self {
            Answer::Entry(found) => found.distance,
            Answer::Name { hit, .. } => hit.distance,
        }
    }

    /// The record of the form that matched, for an answer from a name index.
    pub fn record(&self) -> Option<Record<'a>> {
        match self {
            Answer::Entry(_) => None,
            Answer::Name { index, hit } => index.record(hit.form).ok(),
        }
    }

    /// The text and language tag of the form that matched.
    pub fn matched(&self) -> (&'a str, &'a str) {
        match self {
            Answer::Entry(found) => (&found.form.text, found.form.lang.as_str()),
            Answer::Name { .. } => self.record().map_or(("", ""), |r| (r.text, r.lang)),
        }
    }

    /// The ranking key: score, stage, distance, status, derived (smaller is better).
    fn rank(&self) -> (std::cmp::Reverse<u64>, Stage, u8, Status, bool) {
        let (status, derived) = match self {
            Answer::Entry(found) => (found.form.status, found.form.is_derived()),
            Answer::Name { .. } => self
                .record()
                .map_or((Status::Misspelling, true), |r| (r.status, r.derived)),
        };
        // Scores have three decimals; compare them as integers.
        let score = (self.score() * 1000.0).round() as u64;
        (
            std::cmp::Reverse(score),
            self.stage(),
            self.distance(),
            status,
            derived,
        )
    }
}

impl<'a> Sources<'a> {
    /// No sources yet.
    pub fn new() -> Sources<'a> {
        Sources::default()
    }

    /// Adds a glossary. Among equally ranked answers, earlier sources come first.
    pub fn glossary(mut self, glossary: &'a Glossary) -> Sources<'a> {
        self.glossaries.push(glossary);
        self
    }

    /// Adds a name index (one without a glossary payload).
    pub fn names(mut self, index: &'a Index<IndexBytes>) -> Sources<'a> {
        self.names.push(index);
        self
    }

    /// Whether no source was added.
    pub fn is_empty(&self) -> bool {
        self.glossaries.is_empty() && self.names.is_empty()
    }

    /// Searches every source with `options` and ranks all the hits with the one ranking: at
    /// most `options.limit` answers, each entry id once (from the source ranking it best, the
    /// earlier source on a tie).
    ///
    /// # Errors
    ///
    /// As [`Glossary::search`]; the first source that refuses the query decides.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Answer<'a>>> {
        let mut answers: Vec<Answer<'a>> = Vec::new();
        for glossary in &self.glossaries {
            answers.extend(
                glossary
                    .search(query, options)?
                    .into_iter()
                    .map(Answer::Entry),
            );
        }
        for &index in &self.names {
            let hits = index
                .search(query, options)
                .map_err(|e: IndexError| crate::Error::from(e))?;
            answers.extend(hits.into_iter().map(|hit| Answer::Name { index, hit }));
        }
        if self.glossaries.len() + self.names.len() > 1 {
            // Stable: among equal ranks, earlier sources win.
            answers.sort_by_key(Answer::rank);
            let mut seen = std::collections::HashSet::new();
            answers.retain(|a| seen.insert(a.id()));
            answers.truncate(options.limit);
        }
        Ok(answers)
    }
}
