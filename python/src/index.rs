//! `tilmach.Index`: index files of glossary directories and name tables, built and searched by
//! the library.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use tilmach::glossary::IndexBytes;
use tilmach::index::Index as RawIndex;

use crate::errors::OrRaise;
use crate::glossary::{Glossary, options};
use crate::model::{NameHit, Shared};

/// An index file: the fst-backed search over the forms of glossary directories and the names of
/// TSV name tables (`id<TAB>lang<TAB>name[<TAB>status]`).
///
/// >>> import os, tempfile, tilmach
/// >>> d = tempfile.mkdtemp()
/// >>> with open(os.path.join(d, "names.tsv"), "w", encoding="utf-8") as f:
/// ...     _ = f.write("ghulja\tkk-Cyrl\tҚұлжа\tpreferred\nghulja\tru\tКульджа\n")
/// >>> index = tilmach.Index.build([os.path.join(d, "names.tsv")], os.path.join(d, "names.idx"))
/// >>> len(index), index.lookup("Kuldja")[0].id
/// (2, 'ghulja')
#[pyclass(module = "tilmach", frozen)]
pub struct Index {
    index: Arc<RawIndex<IndexBytes>>,
    path: PathBuf,
}

#[pymethods]
impl Index {
    /// Opens the index file at `path`, checking it whole (magic, versions, checksums).
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Index> {
        let index = py
            .detach(|| IndexBytes::map_file(&path).and_then(|b| Ok(RawIndex::open_trusted(b)?)))
            .or_raise()?;
        Ok(Index {
            index: Arc::new(index),
            path,
        })
    }

    /// Builds an index file at `out_path` from `inputs` (directories are glossaries, other
    /// paths are name tables; the same as `tilmach index build`) and opens it. Problems in the
    /// inputs raise `GlossaryError` or `NameTableError`, every one with its location.
    #[staticmethod]
    fn build(py: Python<'_>, inputs: Vec<PathBuf>, out_path: PathBuf) -> PyResult<Index> {
        py.detach(|| tilmach::index::build_file(&inputs, &out_path))
            .or_raise()?;
        Index::open(py, out_path)
    }

    /// The glossary the index file carries (an index of glossary directories); raises
    /// `CompiledError` for an index of name tables.
    fn glossary(&self, py: Python<'_>) -> PyResult<Glossary> {
        let bytes = self.index.as_ref().clone().into_inner();
        let glossary = py
            .detach(|| tilmach::Glossary::from_index(bytes, false))
            .or_raise()?;
        Ok(Glossary {
            shared: Arc::new(Shared::Owned(Box::new(glossary))),
        })
    }

    /// Looks `query` up in the index, with the options of `Glossary.lookup`.
    #[pyo3(signature = (query, fuzzy = None, limit = 10, lang = None, min_score = None, prefix = false, exact = false))]
    #[allow(clippy::too_many_arguments)]
    fn lookup(
        &self,
        py: Python<'_>,
        query: &str,
        fuzzy: Option<&Bound<'_, PyAny>>,
        limit: usize,
        lang: Option<&str>,
        min_score: Option<f64>,
        prefix: bool,
        exact: bool,
    ) -> PyResult<Vec<NameHit>> {
        let options = options(fuzzy, limit, lang, min_score, prefix, exact)?;
        let hits = py
            .detach(|| self.index.search(query, &options))
            .or_raise()?;
        hits.iter()
            .map(|hit| {
                let record = self.index.record(hit.form).or_raise()?;
                Ok(NameHit {
                    id: record.entry_id.to_owned(),
                    text: record.text.to_owned(),
                    lang: record.lang.to_owned(),
                    status: record.status.as_str(),
                    derived: record.derived,
                    stage: hit.stage.as_str(),
                    distance: hit.distance,
                    score: hit.score,
                })
            })
            .collect()
    }

    /// The number of forms indexed.
    fn __len__(&self) -> usize {
        self.index.len()
    }

    /// The number of entries indexed.
    #[getter]
    fn entries(&self) -> usize {
        self.index.entries()
    }

    /// The file it was opened from.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Index({}, {} entries, {} forms)",
            crate::model::q(&self.path.display().to_string()),
            self.index.entries(),
            self.index.len()
        )
    }
}
