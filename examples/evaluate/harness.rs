//! The matching-quality harness: reads the labelled sets of `eval/`, runs every query through
//! the public lookup API, and tallies precision@1, recall@1, MRR and the false-hit rate per
//! category and split (see `eval/README.md` for the definitions).
//!
//! Shared by `examples/evaluate/main.rs` (the command) and the integration tests (a small
//! slice), so that the command cannot rot unnoticed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use tilmach::glossary::{Found, Origin};
use tilmach::index::{Index, IndexBuilder, osa_distance};
use tilmach::key::key;
use tilmach::lookup::SearchOptions;
use tilmach::{Entry, Glossary};

/// The two parts of every set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Split {
    /// Tuned on.
    Dev,
    /// Never tuned on.
    Heldout,
}

impl Split {
    /// `dev` or `heldout`.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Heldout => "heldout",
        }
    }

    fn parse(s: &str) -> Option<Split> {
        match s {
            "dev" => Some(Split::Dev),
            "heldout" => Some(Split::Heldout),
            _ => None,
        }
    }
}

/// The split of a query: `heldout` when the salted FNV-1a 64 hash of its UTF-8 bytes is below
/// 30 modulo 100, else `dev`. The same function as `split_of` in `eval/make_sets.py`.
pub fn split_of(query: &str) -> Split {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in b"tilmach-eval-v1\0".iter().chain(query.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if h % 100 < 30 {
        Split::Heldout
    } else {
        Split::Dev
    }
}

/// One labelled query.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// What the user types.
    pub text: String,
    /// The entry ids it names (empty for ordinary words: nothing should be found).
    pub expected: Vec<String>,
    /// The category (`typo`, `ordinary-en`, …; for the gazetteer, the query's script).
    pub category: String,
    /// For the gazetteer, the region, or comma-separated regions when the query names cities
    /// of several; empty elsewhere.
    pub region: String,
    /// Dev or held-out.
    pub split: Split,
    /// Where the query comes from.
    pub notes: String,
}

/// Reads a query set: a TSV file with a header. `query expected category split notes` for the
/// glossary sets, `query expected script region split notes` for the gazetteer.
pub fn read_queries(path: &Path) -> Result<Vec<Query>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h.split('\t').collect(),
        None => return Err(format!("{}: empty file", path.display())),
    };
    let gazetteer = match header.as_slice() {
        ["query", "expected", "category", "split", "notes"] => false,
        ["query", "expected", "script", "region", "split", "notes"] => true,
        _ => {
            return Err(format!(
                "{}:1: unexpected header {header:?}; expected query, expected, category, split, \
                 notes (or query, expected, script, region, split, notes)",
                path.display()
            ));
        }
    };
    let mut out = Vec::new();
    for (i, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| format!("{}:{}: {what}", path.display(), i + 1);
        let (text, expected, category, region, split, notes) = match (gazetteer, &fields[..]) {
            (false, [q, e, c, s, n]) => (*q, *e, *c, "", *s, *n),
            (true, [q, e, c, r, s, n]) => (*q, *e, *c, *r, *s, *n),
            _ => {
                return Err(bad(&format!(
                    "{} fields, expected {}",
                    fields.len(),
                    header.len()
                )));
            }
        };
        let split = Split::parse(split).ok_or_else(|| bad(&format!("split {split:?}")))?;
        if text.is_empty() {
            return Err(bad("empty query"));
        }
        out.push(Query {
            text: text.to_owned(),
            expected: expected
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            category: category.to_owned(),
            region: region.to_owned(),
            split,
            notes: notes.to_owned(),
        });
    }
    Ok(out)
}

/// The counts behind the metrics of one group of queries.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    /// Queries.
    pub n: usize,
    /// Queries with at least one hit.
    pub answered: usize,
    /// Queries whose top hit is an expected entry.
    pub correct: usize,
    /// Sum over queries of 1/rank of the first expected entry (0 when absent).
    pub reciprocal: f64,
    /// Queries whose top hit is not an expected entry (every answered ordinary word).
    pub false_top: usize,
    /// The highest top-hit score seen.
    pub max_score: f64,
}

impl Tally {
    /// Adds one query: its expected ids and the ranked entry ids returned, with the top score.
    pub fn add(&mut self, expected: &[String], ranked: &[&str], top_score: Option<f64>) {
        self.n += 1;
        let Some(top) = ranked.first() else { return };
        self.answered += 1;
        self.max_score = self.max_score.max(top_score.unwrap_or(0.0));
        if expected.iter().any(|e| e == top) {
            self.correct += 1;
        } else {
            self.false_top += 1;
        }
        if let Some(rank) = ranked
            .iter()
            .position(|id| expected.iter().any(|e| e == id))
        {
            self.reciprocal += 1.0 / (rank as f64 + 1.0);
        }
    }

    /// Correct top hits among queries answered (1 when nothing was answered).
    pub fn precision_at_1(&self) -> f64 {
        ratio(self.correct, self.answered, 1.0)
    }

    /// Correct top hits among all queries.
    pub fn recall_at_1(&self) -> f64 {
        ratio(self.correct, self.n, 0.0)
    }

    /// Mean reciprocal rank of the first expected entry among the returned ones.
    pub fn mrr(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.reciprocal / self.n as f64
        }
    }

    /// Queries whose top hit is wrong, among all queries.
    pub fn false_hit_rate(&self) -> f64 {
        ratio(self.false_top, self.n, 0.0)
    }
}

fn ratio(a: usize, b: usize, empty: f64) -> f64 {
    if b == 0 { empty } else { a as f64 / b as f64 }
}

/// Tallies keyed by (group, split); the group is a category, a script or a region.
pub type Table = BTreeMap<(String, Split), Tally>;

/// The answers of the glossary to `query` with default lookup options, an error naming it.
fn look_up<'g>(glossary: &'g Glossary, query: &str) -> Result<Vec<Found<'g>>, String> {
    glossary
        .lookup(query)
        .run()
        .map_err(|e| format!("lookup {query:?}: {e}"))
}

/// Runs `queries` against a glossary with default lookup options; tallies per category, and
/// the GeoNames alternate names of a category also by kind (`spelling:…`, `other-name:…`,
/// [`name_kind`]).
pub fn run_glossary(glossary: &Glossary, queries: &[Query]) -> Result<Table, String> {
    let mut table = Table::new();
    for q in queries {
        let found = look_up(glossary, &q.text)?;
        let ranked: Vec<&str> = found.iter().map(|f| f.entry.id.as_str()).collect();
        let top = found.first().map(|f| f.score);
        let kind = name_kind(&q.notes).map(|kind| format!("{kind}:{}", q.category));
        for group in std::iter::once(q.category.clone()).chain(kind) {
            table
                .entry((group, q.split))
                .or_default()
                .add(&q.expected, &ranked, top);
        }
    }
    Ok(table)
}

/// Whether a GeoNames alternate name is a spelling of the city's primary name (`spelling`) or
/// another name (`other-name`), as its notes say (`make_sets.py`, `name_kind`); `None` for a
/// query with no such note.
pub fn name_kind(notes: &str) -> Option<&'static str> {
    if notes.contains("; spelling of the primary name") {
        Some("spelling")
    } else if notes.contains("; another name") {
        Some("other-name")
    } else {
        None
    }
}

/// An index of a name table in the `tilmach index build` format (`id lang name [status]`).
pub fn name_table_index(path: &Path) -> Result<Index<Vec<u8>>, String> {
    let rows = tilmach::index::read_name_tables(&[path]).map_err(|e| e.to_string())?;
    let mut builder = IndexBuilder::new();
    builder.add_rows(&rows).map_err(|e| e.to_string())?;
    let bytes = builder.build().map_err(|e| e.to_string())?;
    Index::open(bytes).map_err(|e| e.to_string())
}

/// Adds to each gazetteer query's expected cities the cities whose primary name has the same
/// [`key`] as an expected one's (two cities named *Abay*, two *Aksu*, two *Arele*): the query is
/// a spelling of a name, and an index of names cannot tell two cities of one name apart, so a
/// top hit on either is right. Returns the number of queries that gained an id.
pub fn add_homonyms(names: &Path, queries: &mut [Query]) -> Result<usize, String> {
    let rows = tilmach::index::read_name_tables(&[names]).map_err(|e| e.to_string())?;
    let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
    let mut key_of: HashMap<&str, String> = HashMap::new();
    for row in &rows {
        by_key
            .entry(key(&row.text))
            .or_default()
            .push(row.entry.clone());
        key_of.insert(row.entry.as_str(), key(&row.text));
    }
    let mut changed = 0;
    for q in queries.iter_mut() {
        let mut more: Vec<String> = Vec::new();
        for id in &q.expected {
            let same = key_of.get(id.as_str()).and_then(|k| by_key.get(k));
            for other in same.into_iter().flatten() {
                if !q.expected.contains(other) && !more.contains(other) {
                    more.push(other.clone());
                }
            }
        }
        if !more.is_empty() {
            changed += 1;
            q.expected.extend(more);
        }
    }
    Ok(changed)
}

/// Adds to each glossary query's expected entries the entries that list the query itself as an
/// entered form (the same [`key`]), and returns the number of queries that gained one. The sets
/// were made leaving out a query that is a known form (`g.known` in `eval/make_sets.py`); an
/// entry added to the glossary since can make one known (*Hotan Prefecture*, made from Hotan
/// with a generic word, is now the form of the Hotan Prefecture's entry), and a query that is
/// an entry's form names that entry. Ordinary words (nothing expected) are left as they are.
pub fn add_form_owners(glossary: &Glossary, queries: &mut [Query]) -> usize {
    let mut owners: HashMap<String, Vec<&str>> = HashMap::new();
    for entry in glossary.entries() {
        for form in entry.forms.iter().filter(|f| !f.is_derived()) {
            let ids = owners.entry(key(&form.text)).or_default();
            if !ids.contains(&entry.id.as_str()) {
                ids.push(entry.id.as_str());
            }
        }
    }
    let mut changed = 0;
    for q in queries.iter_mut().filter(|q| !q.expected.is_empty()) {
        let more: Vec<String> = owners
            .get(&key(&q.text))
            .into_iter()
            .flatten()
            .filter(|id| !q.expected.iter().any(|e| e == *id))
            .map(|id| (*id).to_owned())
            .collect();
        if !more.is_empty() {
            changed += 1;
            q.expected.extend(more);
        }
    }
    changed
}

/// Runs gazetteer queries against a name-table index; tallies by script, by region (rows
/// `region:…`) and by script for spellings of the primary name and for other names (rows
/// `spelling:…`, `other-name:…`, told apart by the query's notes).
pub fn run_index(index: &Index<Vec<u8>>, queries: &[Query]) -> Result<Table, String> {
    let mut table = Table::new();
    let options = SearchOptions::default();
    for q in queries {
        let hits = index
            .search(&q.text, &options)
            .map_err(|e| format!("search {:?}: {e}", q.text))?;
        let mut ranked = Vec::with_capacity(hits.len());
        for hit in &hits {
            let record = index.record(hit.form).map_err(|e| e.to_string())?;
            ranked.push(record.entry_id);
        }
        let top = hits.first().map(|h| h.score);
        let kind = name_kind(&q.notes).unwrap_or("other-name");
        let regions = q.region.split(',').map(|r| format!("region:{r}"));
        let groups = [q.category.clone(), format!("{kind}:{}", q.category)];
        for group in groups.into_iter().chain(regions) {
            table
                .entry((group, q.split))
                .or_default()
                .add(&q.expected, &ranked, top);
        }
    }
    Ok(table)
}

/// One query whose top hit is not an expected entry (or, for an ordinary word, any hit), as a
/// TSV line: set, split, group, query, expected ids, then the top hit's entry id, form, stage
/// and score (empty when nothing was found), and the rank of the first expected entry (`-` when
/// absent). For reading the misses of the development split, never for tuning on held-out.
pub fn miss_line(
    set: &str,
    q: &Query,
    top: Option<(&str, &str, &str, f64)>,
    rank: Option<usize>,
) -> String {
    let (id, form, stage, score) = match top {
        Some((id, form, stage, score)) => (id, form, stage, format!("{score:.3}")),
        None => ("", "", "", String::new()),
    };
    format!(
        "{set}\t{}\t{}\t{}\t{}\t{id}\t{form}\t{stage}\t{score}\t{}",
        q.split.as_str(),
        q.category,
        q.text,
        q.expected.join(","),
        rank.map_or("-".to_owned(), |r| (r + 1).to_string())
    )
}

/// The [`miss_line`] of a glossary query `q` whose ranked hits are `found`.
fn found_miss_line(set: &str, q: &Query, found: &[Found<'_>]) -> String {
    let rank = found.iter().position(|f| q.expected.contains(&f.entry.id));
    let top = found.first().map(|t| {
        (
            t.entry.id.as_str(),
            t.form.text.as_str(),
            t.stage.as_str(),
            t.score,
        )
    });
    miss_line(set, q, top, rank)
}

/// The misses of `queries` against a glossary with default options ([`miss_line`]).
pub fn glossary_misses(
    glossary: &Glossary,
    set: &str,
    queries: &[Query],
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for q in queries {
        let found = look_up(glossary, &q.text)?;
        let top = found.first();
        if top.is_some_and(|t| q.expected.contains(&t.entry.id))
            || (top.is_none() && q.expected.is_empty())
        {
            continue;
        }
        out.push(found_miss_line(set, q, &found));
    }
    Ok(out)
}

/// The misses of gazetteer `queries` against a name-table index ([`miss_line`]).
pub fn index_misses(index: &Index<Vec<u8>>, queries: &[Query]) -> Result<Vec<String>, String> {
    let options = SearchOptions::default();
    let mut out = Vec::new();
    for q in queries {
        let hits = index
            .search(&q.text, &options)
            .map_err(|e| format!("search {:?}: {e}", q.text))?;
        let mut ranked = Vec::with_capacity(hits.len());
        for hit in &hits {
            ranked.push(index.record(hit.form).map_err(|e| e.to_string())?);
        }
        let top = ranked.first();
        if top.is_some_and(|t| q.expected.iter().any(|e| *e == t.entry_id)) {
            continue;
        }
        let rank = ranked
            .iter()
            .position(|r| q.expected.iter().any(|e| *e == r.entry_id));
        let kind = name_kind(&q.notes).unwrap_or("other-name");
        let mut q = q.clone();
        q.category = format!("{kind}:{}:{}", q.category, q.region);
        out.push(miss_line(
            "gazetteer",
            &q,
            top.zip(hits.first())
                .map(|(t, h)| (t.entry_id, t.text, h.stage.as_str(), h.score)),
            rank,
        ));
    }
    Ok(out)
}

/// One leave-one-form-out unit: an entry, a key its entered forms have, and the first entered
/// form with that key (the query).
#[derive(Clone, Debug)]
pub struct Unit {
    /// The entry's position in the glossary.
    pub entry: usize,
    /// The key left out.
    pub key: String,
    /// The query: the first entered form with that key.
    pub text: String,
    /// Its split, by [`split_of`] on the text.
    pub split: Split,
}

/// The leave-one-form-out units of a glossary: one per distinct key of each entry's entered
/// forms, leaving out keys that a form of another entry also has (such a query names both).
pub fn lofo_units(glossary: &Glossary) -> Vec<Unit> {
    let mut owners: HashMap<String, HashSet<usize>> = HashMap::new();
    for (i, entry) in glossary.entries().enumerate() {
        for form in &entry.forms {
            owners.entry(key(&form.text)).or_default().insert(i);
        }
    }
    let mut units = Vec::new();
    for (i, entry) in glossary.entries().enumerate() {
        let mut seen = HashSet::new();
        for form in entry.forms.iter().filter(|f| !f.is_derived()) {
            let k = key(&form.text);
            if owners.get(&k).is_some_and(|o| o.len() > 1) || !seen.insert(k.clone()) {
                continue;
            }
            units.push(Unit {
                entry: i,
                key: k,
                split: split_of(&form.text),
                text: form.text.clone(),
            });
        }
    }
    units
}

/// The entry without every form whose key is `left_out`, and without the forms derived from a
/// removed entered form; the `from` of the remaining derived forms is renumbered.
pub fn without_key(entry: &Entry, left_out: &str) -> Entry {
    let mut kept = entry.clone();
    let removed: Vec<bool> = entry
        .forms
        .iter()
        .map(|f| key(&f.text) == left_out)
        .collect();
    let mut new_index = Vec::with_capacity(entry.forms.len());
    let mut next = 0u32;
    for (i, form) in entry.forms.iter().enumerate() {
        let gone = removed.get(i).copied().unwrap_or(true)
            || matches!(&form.origin, Origin::Derived { from, .. }
                if removed.get(*from as usize).copied().unwrap_or(true));
        new_index.push(if gone { None } else { Some(next) });
        if !gone {
            next += 1;
        }
    }
    kept.forms = entry
        .forms
        .iter()
        .zip(&new_index)
        .filter(|(_, n)| n.is_some())
        .map(|(f, _)| {
            let mut f = f.clone();
            if let Origin::Derived { from, .. } = &mut f.origin {
                *from = new_index
                    .get(*from as usize)
                    .copied()
                    .flatten()
                    .unwrap_or(*from);
            }
            f
        })
        .collect();
    kept
}

/// Looks up each leave-one-form-out unit's query against the glossary rebuilt without the
/// left-out key in its entry, handing `each` the unit, its entry's id and the ranked hits.
fn each_lofo(
    glossary: &Glossary,
    units: &[Unit],
    each: &mut dyn FnMut(&Unit, &str, &[Found<'_>]),
) -> Result<(), String> {
    let entries: Vec<Entry> = glossary.entries().cloned().collect();
    for unit in units {
        let Some(original) = entries.get(unit.entry) else {
            return Err(format!("no entry {}", unit.entry));
        };
        let mut changed = entries.clone();
        if let Some(slot) = changed.get_mut(unit.entry) {
            *slot = without_key(original, &unit.key);
        }
        let held = Glossary::from_entries(changed, glossary.sources().clone())
            .map_err(|e| e.to_string())?;
        let found = held
            .lookup(&unit.text)
            .run()
            .map_err(|e| format!("lookup {:?}: {e}", unit.text))?;
        each(unit, &original.id, &found);
    }
    Ok(())
}

/// Runs leave-one-form-out units ([`each_lofo`]); tallied under the category `leave-one-out`.
pub fn run_lofo(glossary: &Glossary, units: &[Unit]) -> Result<Table, String> {
    let mut table = Table::new();
    each_lofo(glossary, units, &mut |unit, id, found| {
        let ranked: Vec<&str> = found.iter().map(|f| f.entry.id.as_str()).collect();
        table
            .entry(("leave-one-out".to_owned(), unit.split))
            .or_default()
            .add(&[id.to_owned()], &ranked, found.first().map(|f| f.score));
    })?;
    Ok(table)
}

/// The leave-one-form-out units whose top hit is not their entry ([`miss_line`], set `lofo`).
pub fn lofo_misses(glossary: &Glossary, units: &[Unit]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    each_lofo(glossary, units, &mut |unit, id, found| {
        let top = found.first();
        if top.is_some_and(|t| t.entry.id == id) {
            return;
        }
        let q = Query {
            text: unit.text.clone(),
            expected: vec![id.to_owned()],
            category: "leave-one-out".to_owned(),
            region: String::new(),
            split: unit.split,
            notes: String::new(),
        };
        out.push(found_miss_line("lofo", &q, found));
    })?;
    Ok(out)
}

/// Ordinary words within 2 edits (OSA on [`key`]) of some form of the glossary, derived forms
/// included: `(word, form, distance)`.
pub fn ordinary_violations(glossary: &Glossary, words: &[Query]) -> Vec<(String, String, usize)> {
    let forms: Vec<(String, usize, &str)> = glossary
        .entries()
        .flat_map(|e| e.forms.iter())
        .map(|f| {
            let k = key(&f.text);
            let n = k.chars().count();
            (k, n, f.text.as_str())
        })
        .collect();
    let mut out = Vec::new();
    for w in words {
        let k = key(&w.text);
        let n = k.chars().count();
        for (fk, fn_, text) in &forms {
            if n.abs_diff(*fn_) >= 3 {
                continue;
            }
            let d = osa_distance(&k, fk);
            if d < 3 {
                out.push((w.text.clone(), (*text).to_owned(), d));
                break;
            }
        }
    }
    out
}

/// The lowest score of a correct top hit among typo queries with one edit (their notes start
/// with `1 edit`), or `None` when none was found.
pub fn weakest_one_edit_typo(
    glossary: &Glossary,
    queries: &[Query],
) -> Result<Option<f64>, String> {
    let mut low: Option<f64> = None;
    for q in queries
        .iter()
        .filter(|q| q.category == "typo" && q.notes.starts_with("1 edit"))
    {
        let found = look_up(glossary, &q.text)?;
        if let Some(top) = found.first() {
            if q.expected.contains(&top.entry.id) {
                low = Some(low.map_or(top.score, |l| l.min(top.score)));
            }
        }
    }
    Ok(low)
}

/// A table of tallies as Markdown, one row per group in the given split.
pub fn render(title: &str, table: &Table, split: Split) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{title} ({})\n", split.as_str());
    let _ = writeln!(
        out,
        "| group | n | answered | precision@1 | recall@1 | MRR | false-hit rate | max top score |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut total = Tally::default();
    for ((group, s), t) in table {
        if *s != split {
            continue;
        }
        if !group.contains(':') {
            total.n += t.n;
            total.answered += t.answered;
            total.correct += t.correct;
            total.reciprocal += t.reciprocal;
            total.false_top += t.false_top;
            total.max_score = total.max_score.max(t.max_score);
        }
        row(&mut out, group, t);
    }
    if table.keys().filter(|(_, s)| *s == split).count() > 1 && total.n > 0 {
        row(&mut out, "**all**", &total);
    }
    out
}

fn row(out: &mut String, group: &str, t: &Tally) {
    let _ = writeln!(
        out,
        "| {group} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.2} |",
        t.n,
        t.answered,
        t.precision_at_1(),
        t.recall_at_1(),
        t.mrr(),
        t.false_hit_rate(),
        t.max_score
    );
}
