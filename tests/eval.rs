//! The evaluation harness (`examples/evaluate`) on a small slice of `eval/`, and the invariants
//! of the labelled sets: ids exist, the split column is the documented hash, ordinary words are
//! far from every form.

use std::collections::HashSet;
use std::path::PathBuf;

use tilmach::Glossary;
use tilmach::index::osa_distance;
use tilmach::key::key;

use crate::harness::{self, Query, Split, Tally};

fn eval_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval")
}

fn read(name: &str) -> Vec<Query> {
    harness::read_queries(&eval_dir().join(name)).unwrap()
}

#[test]
fn tally_follows_the_metric_definitions() {
    let e = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut t = Tally::default();
    t.add(&e(&["a"]), &["a", "b"], Some(1.0)); // right first
    t.add(&e(&["a"]), &["b", "a"], Some(0.7)); // right second
    t.add(&e(&["a", "c"]), &["c"], Some(0.9)); // one of two named entries
    t.add(&e(&["a"]), &[], None); // nothing found
    t.add(&e(&["a"]), &["b", "d"], Some(0.5)); // wrong, absent
    assert_eq!((t.n, t.answered, t.correct, t.false_top), (5, 4, 2, 2));
    assert!((t.precision_at_1() - 0.5).abs() < 1e-9);
    assert!((t.recall_at_1() - 0.4).abs() < 1e-9);
    assert!((t.mrr() - (1.0 + 0.5 + 1.0) / 5.0).abs() < 1e-9);
    assert!((t.false_hit_rate() - 0.4).abs() < 1e-9);
    assert_eq!(t.max_score, 1.0);
    // An ordinary word expects nothing: any hit is a false hit.
    let mut w = Tally::default();
    w.add(&[], &["x"], Some(0.6));
    w.add(&[], &[], None);
    assert_eq!((w.false_hit_rate(), w.recall_at_1()), (0.5, 0.0));
}

/// The harness and the lookup benchmark measure against `osa_distance`: an adjacent swap counts
/// once and is never reused.
#[test]
fn the_reference_osa_counts_an_adjacent_swap_once_and_never_reuses_it() {
    assert_eq!(osa_distance("halran", "harlan"), 1);
    assert_eq!(osa_distance("abcd", "badc"), 2);
    assert_eq!(osa_distance("ca", "ac"), 1);
    // Optimal string alignment, not Damerau–Levenshtein: "ca" → "abc" needs 3.
    assert_eq!(osa_distance("ca", "abc"), 3);
    assert_eq!(osa_distance("Құлжа", "Кулжа"), 2);
    assert_eq!(osa_distance("Кулджа", "Кульджа"), 1);
    assert_eq!(osa_distance("", "abc"), 3);
}

#[test]
fn every_set_carries_the_split_of_its_hash() {
    for name in ["queries.tsv", "ordinary.tsv", "gazetteer.tsv"] {
        let queries = read(name);
        let held = queries.iter().filter(|q| q.split == Split::Heldout).count();
        for q in &queries {
            assert_eq!(q.split, harness::split_of(&q.text), "{name}: {:?}", q.text);
        }
        let share = held as f64 / queries.len() as f64;
        assert!(
            (0.22..0.38).contains(&share),
            "{name}: held-out share {share}"
        );
    }
}

#[test]
fn labelled_queries_name_entries_that_exist() {
    let glossary = Glossary::embedded();
    let queries = read("queries.tsv");
    let categories: HashSet<&str> = queries.iter().map(|q| q.category.as_str()).collect();
    for c in [
        "typo",
        "translit-variant",
        "cross-script",
        "surname",
        "reordered",
        "chinese",
        "multi-word",
    ] {
        assert!(categories.contains(c), "no {c} queries");
    }
    assert!(queries.len() >= 500);
    for q in &queries {
        assert!(!q.expected.is_empty(), "{:?} names nothing", q.text);
        for id in &q.expected {
            assert!(glossary.get(id).is_some(), "{:?}: no entry {id}", q.text);
        }
    }
    let rows = tilmach::index::read_name_tables(&[eval_dir().join("gazetteer-names.tsv")]).unwrap();
    let ids: HashSet<&str> = rows.iter().map(|r| r.entry.as_str()).collect();
    // One row per name: a name that GeoNames gives to several cities lists them all.
    let mut texts = HashSet::new();
    for q in read("gazetteer.tsv") {
        assert!(texts.insert(q.text.clone()), "{:?} is in two rows", q.text);
        assert!(!q.expected.is_empty(), "{:?} names nothing", q.text);
        for id in &q.expected {
            assert!(ids.contains(id.as_str()), "{:?}: no city {id}", q.text);
        }
        assert!(["Cyrl", "Arab", "Latn-diacritics", "mixed"].contains(&q.category.as_str()));
    }
}

#[test]
fn ordinary_words_are_three_edits_from_every_form() {
    let words = read("ordinary.tsv");
    assert!(words.len() >= 300);
    for lang in ["en", "ru", "kk", "ug"] {
        let n = words
            .iter()
            .filter(|w| w.category == format!("ordinary-{lang}"))
            .count();
        assert!(n >= 60, "{n} ordinary words of {lang}");
    }
    let bad = harness::ordinary_violations(Glossary::embedded(), &words);
    assert!(
        bad.is_empty(),
        "ordinary words within 2 edits of a form (add them to eval/ordinary-excluded.txt and \
         rerun eval/make_sets.py): {bad:?}"
    );
}

#[test]
fn leaving_a_key_out_removes_its_forms_and_what_was_derived_from_them() {
    let glossary = Glossary::embedded();
    let units = harness::lofo_units(glossary);
    assert!(units.len() > 1000);
    for unit in units.iter().step_by(97) {
        let entry = glossary.entry_at(unit.entry).unwrap();
        let kept = harness::without_key(entry, &unit.key);
        assert!(kept.forms.len() < entry.forms.len());
        assert!(
            kept.forms.iter().all(|f| key(&f.text) != unit.key),
            "{}",
            unit.text
        );
        for f in &kept.forms {
            if let tilmach::glossary::Origin::Derived { from, .. } = &f.origin {
                let source = &kept.forms[*from as usize];
                assert!(!source.is_derived());
                assert!(entry.forms.contains(source));
            }
        }
    }
}

#[test]
fn harness_runs_on_a_slice_of_every_set() {
    let glossary = Glossary::embedded();
    let mut queries = read("queries.tsv");
    queries.retain(|q| q.text.len() < 60);
    let slice: Vec<Query> = queries.into_iter().step_by(150).collect();
    let table = harness::run_glossary(glossary, &slice).unwrap();
    // Every query counts once in its category; a GeoNames alternate name once more by its kind.
    let kinds = slice
        .iter()
        .filter(|q| harness::name_kind(&q.notes).is_some())
        .count();
    let in_categories = table
        .iter()
        .filter(|((group, _), _)| !group.contains(':'))
        .map(|(_, t)| t.n)
        .sum::<usize>();
    assert_eq!(in_categories, slice.len());
    assert_eq!(
        table.values().map(|t| t.n).sum::<usize>(),
        slice.len() + kinds
    );
    for t in table.values() {
        for m in [
            t.precision_at_1(),
            t.recall_at_1(),
            t.mrr(),
            t.false_hit_rate(),
        ] {
            assert!((0.0..=1.0).contains(&m));
        }
        assert!(t.correct + t.false_top == t.answered);
    }
    let words: Vec<Query> = read("ordinary.tsv").into_iter().step_by(100).collect();
    let table = harness::run_glossary(glossary, &words).unwrap();
    assert!(
        table
            .values()
            .all(|t| t.correct == 0 && t.false_top == t.answered)
    );

    let units: Vec<_> = harness::lofo_units(glossary)
        .into_iter()
        .step_by(700)
        .collect();
    let table = harness::run_lofo(glossary, &units).unwrap();
    assert_eq!(table.values().map(|t| t.n).sum::<usize>(), units.len());

    let index = harness::name_table_index(&eval_dir().join("gazetteer-names.tsv")).unwrap();
    assert_eq!(index.entries(), 225);
    let gaz: Vec<Query> = read("gazetteer.tsv").into_iter().step_by(100).collect();
    let table = harness::run_index(&index, &gaz).unwrap();
    // Every query counts once by script, once by region, once by script and kind of name.
    assert_eq!(table.values().map(|t| t.n).sum::<usize>(), 3 * gaz.len());
    let text = harness::render("slice", &table, Split::Dev);
    assert!(text.contains("| group | n |"));
}

/// A query that is an entered form of another entry names that entry too; ordinary words keep
/// expecting nothing.
#[test]
fn a_query_that_is_a_form_names_the_entry_of_the_form() {
    let query = |text: &str, expected: &[&str]| Query {
        text: text.to_owned(),
        expected: expected.iter().map(|s| s.to_string()).collect(),
        category: "generic".to_owned(),
        region: String::new(),
        split: harness::split_of(text),
        notes: String::new(),
    };
    let mut queries = vec![
        query("Hotan Prefecture", &["khotan"]),
        query("Kashgar", &["kashgar"]),
        query("Kulja", &[]),
    ];
    let changed = harness::add_form_owners(Glossary::embedded(), &mut queries);
    assert_eq!(changed, 1);
    assert_eq!(queries[0].expected, ["khotan", "hotan-prefecture"]);
    assert_eq!(queries[1].expected, ["kashgar"]);
    assert!(queries[2].expected.is_empty());
}

/// The wider sample of ordinary words is for tuning: every row is `dev`, expects nothing, and
/// shares no word with `ordinary.tsv`, whose held-out words stay unread.
#[test]
fn the_wider_ordinary_sample_is_dev_and_apart_from_the_ordinary_set() {
    let wide = read("ordinary-wide.tsv");
    let ordinary: HashSet<String> = read("ordinary.tsv").into_iter().map(|q| q.text).collect();
    assert_eq!(wide.len(), 1600);
    for q in &wide {
        assert_eq!(q.split, Split::Dev, "{}", q.text);
        assert!(q.expected.is_empty(), "{}", q.text);
        assert!(!ordinary.contains(&q.text), "{}", q.text);
    }
}

/// The GeoNames alternate names of the glossary's places say whether they spell the city's
/// primary name or are another name, as the gazetteer's do, and the harness reports the two
/// kinds of a category apart without counting them twice in the total.
#[test]
fn geonames_rows_are_reported_by_kind_of_name() {
    let queries = read("queries.tsv");
    let geonames: Vec<&Query> = queries
        .iter()
        .filter(|q| q.notes.starts_with("GeoNames alternate name of"))
        .collect();
    assert!(geonames.len() > 200, "{}", geonames.len());
    for q in &geonames {
        assert!(
            harness::name_kind(&q.notes).is_some(),
            "{}: {}",
            q.text,
            q.notes
        );
    }
    let kind = |text: &str| {
        let q = queries.iter().find(|q| q.text == text).unwrap();
        harness::name_kind(&q.notes)
    };
    // Alma-Ata spells Almaty; Вірний (Verny) is the city's old name.
    assert_eq!(kind("Вірний"), Some("other-name"));
    assert_eq!(kind("Алмаато"), Some("spelling"));
    let chosen: Vec<Query> = ["Вірний", "Алмаато"]
        .iter()
        .map(|t| queries.iter().find(|q| q.text == *t).unwrap().clone())
        .collect();
    let table = harness::run_glossary(Glossary::embedded(), &chosen).unwrap();
    let n = |group: &str| {
        table
            .get(&(group.to_owned(), Split::Dev))
            .map_or(0, |t| t.n)
    };
    assert_eq!(n("cross-script"), 2);
    assert_eq!(n("spelling:cross-script"), 1);
    assert_eq!(n("other-name:cross-script"), 1);
    // The kinds regroup the category's queries: the total counts each query once.
    let text = harness::render("slice", &table, Split::Dev);
    assert!(text.contains("| **all** | 2 |"), "{text}");
}
