//! Looking a query up in a glossary: a [`Lookup`] set up with options and run, and the
//! [`Found`] entries it gives, through the glossary's one index or its layers searched as one.

use super::{Body, Entry, Form, FormRef, Glossary};
use crate::index::Layer;
use crate::lang::LangTag;
use crate::lookup::{Fuzzy, SearchOptions, Stage};
use crate::{Error, Result};

/// One entry found by a lookup: the entry, the form that matched, and how.
#[derive(Clone, Copy, Debug)]
pub struct Found<'g> {
    /// The entry.
    pub entry: &'g Entry,
    /// The form that matched the query.
    pub form: &'g Form,
    /// The stage that matched it.
    pub stage: Stage,
    /// The edit distance (0 for exact and normalized matches).
    pub distance: u8,
    /// How strongly the evidence says that the query names the entry, in [0, 1]; see
    /// [`crate::lookup::Hit::score`].
    pub score: f64,
}

/// A lookup being set up: options first, then [`Lookup::run`].
///
/// ```
/// use tilmach::{Glossary, lookup::Fuzzy};
/// let hits = Glossary::embedded().lookup("Kuljda").fuzzy(Fuzzy::Auto).limit(5).run()?;
/// assert_eq!(hits[0].entry.id, "ghulja");
/// # Ok::<(), tilmach::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Lookup<'g> {
    glossary: &'g Glossary,
    query: String,
    options: SearchOptions,
}

impl<'g> Lookup<'g> {
    /// The fuzzy budget (default [`Fuzzy::Auto`]).
    pub fn fuzzy(mut self, fuzzy: Fuzzy) -> Lookup<'g> {
        self.options.fuzzy = fuzzy;
        self
    }

    /// Whether to add prefix (autocomplete) matches (default `false`).
    pub fn prefix(mut self, yes: bool) -> Lookup<'g> {
        self.options.prefix = yes;
        self
    }

    /// Whether to add cross-script matches (default `true`).
    pub fn cross_script(mut self, yes: bool) -> Lookup<'g> {
        self.options.cross_script = yes;
        self
    }

    /// Only forms in this language (a range: `kk` matches `kk-Cyrl`); default all.
    pub fn lang(mut self, lang: Option<LangTag>) -> Lookup<'g> {
        self.options.lang = lang;
        self
    }

    /// At most this many entries (default 10).
    pub fn limit(mut self, limit: usize) -> Lookup<'g> {
        self.options.limit = limit;
        self
    }

    /// Leaves out hits scoring below `score` (default
    /// [`DEFAULT_MIN_SCORE`](crate::lookup::DEFAULT_MIN_SCORE); 0 returns every hit found).
    pub fn min_score(mut self, score: f64) -> Lookup<'g> {
        self.options.min_score = score;
        self
    }

    /// Only equal keys (the `exact` and `normalized` stages), for pipelines that must not guess
    /// (default `false`).
    pub fn exact(mut self, yes: bool) -> Lookup<'g> {
        self.options.exact = yes;
        self
    }

    /// Runs the lookup: the best match of each entry found, best first.
    ///
    /// # Errors
    ///
    /// [`Error::Index`] when the query is refused (longer than
    /// [`crate::index::MAX_QUERY_CHARS`] characters, or a fuzzy search beyond its work budget).
    pub fn run(self) -> Result<Vec<Found<'g>>> {
        self.glossary.search(&self.query, &self.options)
    }
}

impl Glossary {
    /// Starts a lookup of `query`; set options on the returned [`Lookup`], then run it.
    pub fn lookup(&self, query: &str) -> Lookup<'_> {
        Lookup {
            glossary: self,
            query: query.to_owned(),
            options: SearchOptions::default(),
        }
    }

    /// Looks `query` up with `options`: the best match of each entry found, best first. See
    /// [`crate::lookup`] for the stages and the ranking.
    ///
    /// # Errors
    ///
    /// As [`Lookup::run`].
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Found<'_>>> {
        let mut found = Vec::new();
        for (at, hit) in self.search_refs(query, options)? {
            if let Some((entry, form)) = self.form(at) {
                found.push(Found {
                    entry,
                    form,
                    stage: hit.stage,
                    distance: hit.distance,
                    score: hit.score,
                });
            }
        }
        Ok(found)
    }

    /// The hits with the position of each matched form. A layered glossary searches its
    /// parts as one: hits carry positions in the merged glossary.
    fn search_refs(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<(FormRef, crate::lookup::Hit)>> {
        let (hits, first_forms) = match &self.body {
            Body::One(part) => (part.index.search(query, options)?, None),
            Body::Layered(layered) => {
                let layers = [
                    Layer {
                        index: &layered.base.index,
                        map: Some(&layered.base_map),
                    },
                    Layer {
                        index: &layered.top.index,
                        map: Some(&layered.top_map),
                    },
                ];
                let hits = crate::index::search_layers(&layers, query, options)?;
                (hits, Some(&layered.first_forms))
            }
        };
        let mut refs = Vec::with_capacity(hits.len());
        for hit in hits {
            let first = match (first_forms, &self.body) {
                (Some(first_forms), _) => first_forms.get(hit.entry as usize).copied(),
                (None, Body::One(part)) => Some(part.index.entry_forms(hit.entry)?.start),
                (None, Body::Layered(_)) => None,
            };
            let first = first.ok_or_else(|| Error::Compiled {
                reason: format!("a hit names entry {}, which does not exist", hit.entry),
            })?;
            refs.push((
                FormRef {
                    entry: hit.entry,
                    form: hit.form.saturating_sub(first),
                },
                hit,
            ));
        }
        Ok(refs)
    }

    /// The forms of the entries whose forms equal `query` exactly or after normalization (the
    /// `exact` and `normalized` stages), the best form of each entry, best first.
    pub fn find_exact(&self, query: &str) -> Vec<FormRef> {
        let options = SearchOptions {
            fuzzy: Fuzzy::Exact(0),
            cross_script: false,
            limit: usize::MAX,
            ..SearchOptions::default()
        };
        self.search_refs(query, &options)
            .map(|refs| refs.into_iter().map(|(at, _)| at).collect())
            .unwrap_or_default()
    }
}
