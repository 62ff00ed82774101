//! Building big indexes in bounded memory: a build whose keys are sorted in many runs spilled to
//! temporary files, on any number of threads, writes the same bytes as a build held in memory,
//! and leaves no temporary file behind.

use proptest::prelude::*;
use tilmach::Status;
use tilmach::index::{Index, IndexBuilder, IndexRecord, build_file, read_name_tables};

/// Names in Latin, Cyrillic and Arabic script, many of them repeated (the same key for many
/// forms, so that one key's forms fall in several runs), some of several words.
fn names(n: usize) -> Vec<(String, &'static str, String)> {
    let latin = [
        "Ghulja", "Ürümqi", "Almaty", "Zharkent", "Qumul", "Aqsu", "Shymkent",
    ];
    let cyrillic = ["Кульджа", "Құлжа", "Алматы", "Жаркент", "Урумчи"];
    let arabic = ["غۇلجا", "ئۈرۈمچی", "قۇمۇل"];
    (0..n)
        .map(|i| {
            let (lang, base) = match i % 3 {
                0 => ("en", latin[i % latin.len()]),
                1 => ("kk-Cyrl", cyrillic[i % cyrillic.len()]),
                _ => ("ug-Arab", arabic[i % arabic.len()]),
            };
            let text = match i % 7 {
                0 => format!("{base} {}", latin[(i / 7) % latin.len()]),
                1 => format!("{base}{}", i % 13),
                _ => base.to_owned(),
            };
            (format!("e{}", i / 3), lang, text)
        })
        .collect()
}

fn builder(names: &[(String, &'static str, String)]) -> IndexBuilder {
    let mut builder = IndexBuilder::new();
    for (i, (entry, lang, text)) in names.iter().enumerate() {
        builder
            .add(IndexRecord {
                entry,
                lang,
                text,
                status: Status::ALL[i % Status::ALL.len()],
                derived: i % 5 == 0,
            })
            .unwrap();
    }
    builder
}

#[test]
fn spilled_runs_on_any_number_of_threads_give_the_in_memory_file() {
    let names = names(600);
    let reference = builder(&names).threads(1).build().unwrap();
    let index = Index::open(reference.clone()).unwrap();
    assert_eq!(index.len(), 600);
    let dir = tempfile::tempdir().unwrap();
    for budget in [64, 1000, 20_000] {
        for threads in [1, 2, 3, 8] {
            let bytes = builder(&names)
                .threads(threads)
                .memory_budget(budget)
                .temp_dir(dir.path())
                .build()
                .unwrap();
            assert!(
                bytes == reference,
                "budget {budget}, {threads} threads: the file differs"
            );
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert!(left.is_empty(), "temporary files left behind: {left:?}");
        }
    }
}

#[test]
fn a_streamed_file_has_the_bytes_of_the_built_one() {
    let names = names(300);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.idx");
    builder(&names)
        .memory_budget(500)
        .write_atomic(&path)
        .unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        builder(&names).build().unwrap()
    );
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["names.idx"]);
}

#[test]
fn name_tables_give_the_file_of_their_rows_whether_ids_are_adjacent_or_not() {
    let dir = tempfile::tempdir().unwrap();
    for (file, table) in [
        (
            "adjacent.tsv",
            "a\ten\tGhulja\na\tkk-Cyrl\tҚұлжа\tpreferred\nb\tru\tАлматы\n",
        ),
        (
            "scattered.tsv",
            "a\ten\tGhulja\nb\tru\tАлматы\na\tkk-Cyrl\tҚұлжа\tpreferred\n",
        ),
    ] {
        let table_path = dir.path().join(file);
        std::fs::write(&table_path, table).unwrap();
        let out = dir.path().join("out.idx");
        let built = build_file(&[&table_path], &out).unwrap();
        assert_eq!((built.entries, built.forms), (2, 3), "{file}");
        let rows = read_name_tables(&[&table_path]).unwrap();
        let mut expected = IndexBuilder::new();
        expected.add_rows(&rows).unwrap();
        assert_eq!(
            std::fs::read(&out).unwrap(),
            expected.build().unwrap(),
            "{file}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_budget_and_thread_count_give_the_same_file(
        texts in prop::collection::vec("[a-dкқ ]{1,6}[a-z]", 1..80),
        budget in 1usize..3000,
        threads in 1usize..5,
    ) {
        let names: Vec<(String, &'static str, String)> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("e{}", i / 2), "und", t))
            .collect();
        let reference = builder(&names).build().unwrap();
        let bytes = builder(&names).threads(threads).memory_budget(budget).build().unwrap();
        prop_assert!(bytes == reference);
    }
}
