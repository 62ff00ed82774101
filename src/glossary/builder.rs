//! Building a glossary from layers: the embedded glossary and user directories, on disk or
//! held in memory, each layered over the ones before it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Entry, Glossary, Replacement, Source, derive, load, shared};
use crate::error::{Problem, Problems};
use crate::{Error, Result};

/// Builds a [`Glossary`] from the embedded glossary and user directories.
///
/// By default the embedded glossary is the first layer; [`GlossaryBuilder::embedded`] turns it
/// off. Directories (on disk, or held in memory: [`GlossaryBuilder::texts`]) are layered in the
/// order they are added.
///
/// ```no_run
/// let glossary = tilmach::GlossaryBuilder::new().dir("my-terms").build()?;
/// for replaced in glossary.replacements() {
///     eprintln!("{} replaces the embedded entry {}", replaced.file.display(), replaced.id);
/// }
/// # Ok::<(), tilmach::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct GlossaryBuilder {
    embedded: bool,
    dirs: Vec<LayerFiles>,
}

/// Where a user layer's files are.
#[derive(Clone, Debug)]
enum LayerFiles {
    /// A directory on disk.
    Dir(PathBuf),
    /// Files held in memory: the layer's directory name, and each file's path under it and text.
    Texts(PathBuf, Vec<(PathBuf, String)>),
}

impl Default for GlossaryBuilder {
    fn default() -> GlossaryBuilder {
        GlossaryBuilder::new()
    }
}

impl GlossaryBuilder {
    /// A builder that starts from the embedded glossary and adds no directory.
    pub fn new() -> GlossaryBuilder {
        GlossaryBuilder {
            embedded: true,
            dirs: Vec::new(),
        }
    }

    /// Whether the embedded glossary is the first layer (default: `true`).
    pub fn embedded(mut self, yes: bool) -> GlossaryBuilder {
        self.embedded = yes;
        self
    }

    /// Adds a glossary directory as the next layer.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> GlossaryBuilder {
        self.dirs.push(LayerFiles::Dir(dir.into()));
        self
    }

    /// Adds a glossary directory held in memory as the next layer: the files of a directory
    /// named `dir`, each a path relative to it and the file's text, as a program without a file
    /// system (a web page) has them. They are read as [`GlossaryBuilder::dir`] reads a directory:
    /// one `.toml` file per entry, `sources.toml` at the top, every problem located at
    /// `dir/path:line:column`.
    ///
    /// ```
    /// let entry = r#"
    /// kind = "place"
    /// gloss.en = "a village of the Ili valley"
    /// sources = [{ source = "fmo-2010" }]
    /// form = [{ text = "Bayandai", lang = "en", status = "preferred" }]
    /// "#;
    /// let glossary = tilmach::GlossaryBuilder::new()
    ///     .texts("my-terms", [("bayandai.toml".into(), entry.to_owned())])
    ///     .build()?;
    /// assert_eq!(glossary.lookup("Bayandai").run()?[0].entry.id, "bayandai");
    ///
    /// let broken = tilmach::GlossaryBuilder::new()
    ///     .texts("my-terms", [("bayandai.toml".into(), "kind = place\n".to_owned())])
    ///     .build()
    ///     .unwrap_err();
    /// assert!(broken.to_string().contains("my-terms/bayandai.toml:1:8"));
    /// # Ok::<(), tilmach::Error>(())
    /// ```
    pub fn texts(
        mut self,
        dir: impl Into<PathBuf>,
        files: impl IntoIterator<Item = (PathBuf, String)>,
    ) -> GlossaryBuilder {
        self.dirs
            .push(LayerFiles::Texts(dir.into(), files.into_iter().collect()));
        self
    }

    /// Loads the directories and layers them.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when a directory cannot be read; [`Error::Glossary`] with every problem
    /// found, each with its `file:line:column` and a hint, when any file has one. Nothing is
    /// loaded half-way: one problem anywhere fails the whole build.
    pub fn build(self) -> Result<Glossary> {
        self.build_checked().map(|(glossary, _)| glossary)
    }

    /// Loads and layers the directories like [`GlossaryBuilder::build`], and also returns the
    /// findings of `tilmach check` that do not stop a glossary from loading: entered forms of the
    /// directories' entries that disagree with what the transliteration rules derive from the
    /// entry's pivot forms and are not marked `irregular`, and spellings of two of the
    /// directories' entries with the same lookup key, unless the entries declare each other
    /// `homonyms`.
    ///
    /// # Errors
    ///
    /// As [`GlossaryBuilder::build`].
    pub fn build_checked(self) -> Result<(Glossary, Vec<Problem>)> {
        if self.dirs.is_empty() && self.embedded {
            // Nothing to layer: the embedded glossary as it is, with its prebuilt index.
            return Ok((Glossary::embedded().clone(), Vec::new()));
        }
        let mut problems = Vec::new();
        let mut findings = Vec::new();
        let mut deriver = derive::Deriver::default();
        let mut layers = Vec::new();
        for layer in &self.dirs {
            layers.push(match layer {
                LayerFiles::Dir(dir) => load::load_dir(dir, &mut problems)?,
                LayerFiles::Texts(dir, files) => load::load_texts(dir, files, &mut problems),
            });
        }

        // The directories' entries; the embedded glossary stays as it is, underneath them.
        let embedded = self.embedded.then(Glossary::embedded);
        let known = |entries: &BTreeMap<String, Entry>, id: &str| {
            entries.contains_key(id) || embedded.is_some_and(|g| g.position(id).is_some())
        };
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        let mut sources: BTreeMap<String, Source> =
            embedded.map(|g| g.sources.clone()).unwrap_or_default();
        let mut replacements = Vec::new();
        let mut references = Vec::new();
        let mut form_locations: BTreeMap<String, Vec<crate::error::Location>> = BTreeMap::new();
        for layer in layers {
            sources.extend(layer.sources.into_iter().map(|s| (s.key.clone(), s)));
            for loaded in layer.entries {
                let mut entry = loaded.entry;
                for (form, expected) in deriver.disagreements(&entry) {
                    let (Some(location), Some(form)) =
                        (loaded.form_locations.get(form), entry.forms.get(form))
                    else {
                        continue;
                    };
                    findings.push(
                        Problem::at(
                            location.clone(),
                            format!("the {} form {:?} differs from what the rules derive: {}", form.lang, form.text, expected.join(" or ")),
                        )
                        .hint("correct it, drop it (the derived form is added by itself), or mark an attested spelling irregular = true"),
                    );
                }
                deriver.add_derived_forms(&mut entry);
                if known(&entries, &entry.id) {
                    replacements.push(Replacement {
                        id: entry.id.clone(),
                        file: loaded.file,
                    });
                }
                form_locations.insert(entry.id.clone(), loaded.form_locations);
                entries.insert(entry.id.clone(), entry);
            }
            references.extend(layer.references);
        }
        for reference in references {
            let (known, what, hint) = match reference.to {
                load::ReferenceKind::Entry => (
                    known(&entries, &reference.target),
                    "entry",
                    "create the entry, or correct the id",
                ),
                load::ReferenceKind::Source => (
                    sources.contains_key(&reference.target),
                    "source",
                    "add the source to sources.toml, or correct the key",
                ),
            };
            if !known {
                let candidates: Vec<&str> = match reference.to {
                    load::ReferenceKind::Entry => entries
                        .keys()
                        .map(String::as_str)
                        .chain(embedded.iter().flat_map(|g| g.ids()))
                        .collect(),
                    load::ReferenceKind::Source => sources.keys().map(String::as_str).collect(),
                };
                let hint =
                    match crate::suggest::nearest(&reference.target, candidates.iter().copied()) {
                        Some(near) => format!("did you mean {near:?}? otherwise {hint}"),
                        None => hint.to_owned(),
                    };
                problems.push(
                    Problem::at(
                        reference.location,
                        format!("no {what} has the key {:?}", reference.target),
                    )
                    .hint(hint),
                );
            }
        }
        if !problems.is_empty() {
            problems.sort();
            problems.dedup();
            return Err(Error::Glossary(Problems(problems)));
        }
        let located: Vec<shared::Located<'_>> = entries
            .values()
            .filter_map(|entry| {
                let locations = form_locations.get(&entry.id)?;
                Some(shared::Located { entry, locations })
            })
            .collect();
        findings.extend(shared::undeclared_shared_keys(&located));
        findings.sort();
        let entries: Vec<Entry> = entries.into_values().collect();
        let glossary = match embedded {
            Some(base) => Glossary::layered(base, entries, sources, replacements)?,
            None => Glossary::from_parts(entries, sources, replacements)?,
        };
        Ok((glossary, findings))
    }
}
