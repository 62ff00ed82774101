//! Layered glossaries: user directories over the embedded glossary, searched through the
//! embedded index and a small index of the user entries, against the same entries built into
//! one glossary.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use tilmach::glossary::Found;
use tilmach::lookup::{Fuzzy, SearchOptions, Stage};
use tilmach::{Entry, Glossary, GlossaryBuilder, LangTag, Transliterator};
use unicode_normalization::UnicodeNormalization;

const FIRST: &str = "tests/data/layered/first";
const SECOND: &str = "tests/data/layered/second";

/// The embedded glossary with both fixture layers over it.
fn layered() -> Glossary {
    GlossaryBuilder::new()
        .dir(FIRST)
        .dir(SECOND)
        .build()
        .unwrap()
}

/// The same entries built as one glossary with one index.
fn merged(layered: &Glossary) -> Glossary {
    Glossary::from_entries(
        layered.entries().cloned().collect(),
        layered.sources().clone(),
    )
    .unwrap()
}

/// What a search answered, comparable between glossaries.
type Answer = Result<Vec<(String, String, String, Stage, u8, u64)>, String>;

fn answer(result: tilmach::Result<Vec<Found<'_>>>) -> Answer {
    result
        .map(|found| {
            found
                .iter()
                .map(|f| {
                    (
                        f.entry.id.clone(),
                        f.form.text.clone(),
                        f.form.lang.to_string(),
                        f.stage,
                        f.distance,
                        f.score.to_bits(),
                    )
                })
                .collect()
        })
        .map_err(|e| e.to_string())
}

/// Every combination of options the comparison tries.
fn all_options() -> Vec<SearchOptions> {
    let langs: Vec<Option<LangTag>> = [None, Some("en"), Some("ru"), Some("kk"), Some("ug-Arab")]
        .into_iter()
        .map(|l| l.map(|l| LangTag::parse_range(l).unwrap()))
        .collect();
    let mut all = Vec::new();
    for fuzzy in [
        Fuzzy::Auto,
        Fuzzy::Exact(0),
        Fuzzy::Exact(1),
        Fuzzy::Exact(2),
    ] {
        for prefix in [false, true] {
            for cross_script in [true, false] {
                for lang in &langs {
                    for limit in [1, 2, 3, 5, 10, 40, usize::MAX] {
                        all.push(SearchOptions {
                            fuzzy,
                            prefix,
                            cross_script,
                            lang: lang.clone(),
                            limit,
                            ..SearchOptions::default()
                        });
                    }
                }
            }
        }
    }
    all
}

/// Spellings near `text`: case and diacritic variants, one edit of each kind, prefixes.
fn variants(text: &str, seed: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut out = vec![
        text.to_owned(),
        text.to_lowercase(),
        text.to_uppercase(),
        text.nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .collect(),
    ];
    if n >= 2 {
        let at = seed % n;
        let mut deleted = chars.clone();
        deleted.remove(at);
        out.push(deleted.iter().collect());
        let mut swapped = chars.clone();
        swapped.swap(at.min(n - 2), at.min(n - 2) + 1);
        out.push(swapped.iter().collect());
        let mut substituted = chars.clone();
        substituted[at] = if chars[at].is_ascii() { 'x' } else { 'ы' };
        out.push(substituted.iter().collect());
        let mut inserted = chars.clone();
        inserted.insert(at, chars[(at + 1) % n]);
        out.push(inserted.iter().collect());
        let mut two = deleted;
        two.swap(0, (seed / 7) % (n - 1));
        out.push(two.iter().collect());
    }
    for len in [1, 2, 3, 4, n / 2] {
        if len >= 1 && len < n {
            out.push(chars[..len].iter().collect());
        }
    }
    out
}

/// The same name in other schemes of its language, for cross-script queries.
fn other_scripts(text: &str, lang: &str, schemes: &[(&str, Transliterator)]) -> Vec<String> {
    schemes
        .iter()
        .filter(|(from, _)| lang.starts_with(from))
        .map(|(_, t)| t.convert(text).into_owned())
        .collect()
}

/// Compares `query` in both glossaries under each of `options`; with `count`, returns how many
/// answers differed from the embedded glossary's alone (the user layers changed them).
fn compare(
    layered: &Glossary,
    merged: &Glossary,
    query: &str,
    options: &[&SearchOptions],
    count: bool,
) -> usize {
    let mut changed = 0;
    for o in options {
        let ours = answer(layered.search(query, o));
        let theirs = answer(merged.search(query, o));
        assert_eq!(ours, theirs, "query {query:?} with {o:?}");
        if count && ours != answer(Glossary::embedded().search(query, o)) {
            changed += 1;
        }
    }
    assert_eq!(
        layered.find_exact(query),
        merged.find_exact(query),
        "find_exact({query:?})"
    );
    changed
}

/// The ids of the entry files below `dir`: the names of its `.toml` files but `sources.toml`.
fn file_ids(dir: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for kind in std::fs::read_dir(dir).unwrap() {
        let kind = kind.unwrap().path();
        if kind.is_dir() {
            for file in std::fs::read_dir(kind).unwrap() {
                let path = file.unwrap().path();
                ids.push(path.file_stem().unwrap().to_str().unwrap().to_owned());
            }
        }
    }
    assert!(ids.len() >= 2, "{dir}");
    ids
}

#[test]
fn the_merged_view_is_the_embedded_glossary_with_the_user_entries_over_it() {
    let layered = layered();
    assert!(
        layered.index().is_none(),
        "a layered glossary has no single index"
    );
    let embedded = Glossary::embedded();
    let ids: Vec<&str> = layered.entries().map(|e| e.id.as_str()).collect();
    let mut expected: BTreeSet<String> = embedded.entries().map(|e| e.id.clone()).collect();
    expected.extend(file_ids(FIRST));
    expected.extend(file_ids(SECOND));
    // Sorted, each id once, and nothing else.
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "not in id order");
    assert!(ids.iter().copied().eq(expected.iter().map(String::as_str)));
    assert_eq!(layered.len(), ids.len());
    let digits = ids
        .iter()
        .filter(|id| id.starts_with(|c: char| c.is_ascii_digit()));
    assert_eq!(ids.get(digits.count()), Some(&"a-aardvark-hill"));
    assert_eq!(ids.last(), Some(&"zz-last-village"));
    // Later layers win: almaty comes from the second layer, ghulja from the first.
    assert_eq!(
        layered.entry("almaty").unwrap().gloss_en(),
        "A user's Almaty entry from the second layer"
    );
    assert_eq!(
        layered.entry("ghulja").unwrap().gloss_en(),
        "A user's shorter Ghulja entry"
    );
    let replaced: Vec<&str> = layered
        .replacements()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(replaced, ["almaty", "ghulja", "almaty"]);
    // Every other embedded entry is there unchanged, at its place in id order.
    for (i, entry) in layered.entries().enumerate() {
        assert_eq!(layered.entry_at(i), Some(entry));
        assert_eq!(layered.get(&entry.id), Some(entry));
        if !["almaty", "ghulja"].contains(&entry.id.as_str())
            && let Some(original) = embedded.get(&entry.id)
        {
            assert_eq!(entry, original);
        }
    }
    assert_eq!(layered.entry_at(layered.len()), None);
    // User entries got their derived forms.
    let bazaar = layered.get("ghulja-bazaar").unwrap();
    assert!(
        bazaar
            .forms
            .iter()
            .any(|f| f.is_derived() && f.lang.as_str() == "kk-Latn")
    );
    // Sources of every layer, and the embedded ones.
    for key in ["field-notes", "second-notes"] {
        assert!(layered.sources().contains_key(key), "{key}");
    }
    assert!(
        embedded
            .sources()
            .keys()
            .all(|k| layered.sources().contains_key(k))
    );
    // The unknown-id error still suggests across layers.
    let err = layered.entry("zz-last-vilage").unwrap_err().to_string();
    assert!(err.contains("zz-last-village"), "{err}");
    let err = layered.entry("kashgr").unwrap_err().to_string();
    assert!(err.contains("kashgar"), "{err}");
}

#[test]
fn layered_lookups_equal_those_of_the_merged_glossary() {
    let layered = layered();
    let merged = merged(&layered);
    assert!(layered.entries().eq(merged.entries()));
    let options = all_options();
    let schemes: Vec<(&str, Transliterator)> = [
        ("kk", "kk-cyrl", "kk-latn-2017"),
        ("kk", "kk-cyrl", "kk-bgn"),
        ("ru", "ru-cyrl", "ru-wiki"),
        ("ru", "ru-cyrl", "ru-iso9"),
        ("ug-Arab", "ug-arab", "ug-uyy"),
        ("ug-Arab", "ug-arab", "ug-cyrl"),
    ]
    .into_iter()
    .map(|(lang, from, to)| (lang, Transliterator::new(from, to).unwrap()))
    .collect();

    // Hand-picked queries, with every combination of options: names of the replaced entries
    // that only the hidden embedded entry has, names shared across layers, prefixes of many
    // user names, misspellings.
    let picked = [
        "Kuldja",
        "Kulja",
        "Kuljda",
        "Kulzha",
        "Yining",
        "Yin",
        "Yi",
        "Инин",
        "伊宁",
        "Құлжа",
        "Құл",
        "Құлжаб",
        "غۇلجا",
        "غۇل",
        "Ghulja",
        "Gulja",
        "Gul",
        "Gu",
        "Гуль",
        "Gulnar",
        "Testova",
        "Almaty",
        "Alma",
        "Alma-Ata",
        "Алма",
        "Алматы",
        "Verny",
        "ئالمۇتا",
        "Zharkent",
        "Zharkemt",
        "Жаркент",
        "Zzyzx",
        "Zz",
        "Aardvark",
        "Ardvark",
        "A",
        "Z",
        "Ili",
        "Xinjiang",
        "Urumqi",
    ];
    let mut changed = 0;
    for (i, query) in picked.iter().enumerate() {
        // An eighth of the combinations each, so that every combination meets five queries.
        let share: Vec<&SearchOptions> = options
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 8 == i % 8)
            .map(|(_, o)| o)
            .collect();
        changed += compare(&layered, &merged, query, &share, true);
    }
    assert!(
        changed > 100,
        "the user layers changed only {changed} answers"
    );

    // Generated queries: forms of every user entry, of the replaced embedded entries and of a
    // sample of the others, spelled in other ways; each with a rotating share of the options.
    let embedded = Glossary::embedded();
    let mut sample: Vec<&Entry> = layered
        .entries()
        .filter(|e| embedded.get(&e.id) != Some(e))
        .collect();
    sample.extend(["ghulja", "almaty"].map(|id| embedded.get(id).unwrap()));
    sample.extend(embedded.entries().step_by(41));
    let mut queries = BTreeMap::new();
    for (i, entry) in sample.iter().enumerate() {
        for (j, form) in entry.forms.iter().enumerate() {
            let seed = i * 31 + j;
            for q in variants(&form.text, seed) {
                queries.entry(q).or_insert(seed);
            }
            for q in other_scripts(&form.text, form.lang.as_str(), &schemes) {
                queries.entry(q).or_insert(seed);
            }
        }
    }
    let mut hidden_best = 0;
    // Unbounded prefix walks are the slow searches; the hand-picked queries try them.
    let bounded: Vec<&SearchOptions> = options
        .iter()
        .filter(|o| !o.prefix || o.limit < 50)
        .collect();
    for (n, (query, seed)) in queries.iter().enumerate() {
        let chosen: Vec<&SearchOptions> = (0..2)
            .map(|k| bounded[(seed * 7 + n * 13 + k * 61) % bounded.len()])
            .collect();
        compare(&layered, &merged, query, &chosen, false);
        // Count the queries whose best embedded hit is an entry the user layers replaced.
        let best = embedded.lookup(query).fuzzy(Fuzzy::Exact(1)).run().ok();
        if best
            .and_then(|hits| hits.first().map(|h| h.entry.id.clone()))
            .is_some_and(|id| id == "ghulja" || id == "almaty")
        {
            hidden_best += 1;
        }
    }
    eprintln!(
        "{} generated queries, {hidden_best} finding a replaced entry first",
        queries.len()
    );
    assert!(queries.len() > 1_000, "only {} queries", queries.len());
    assert!(
        hidden_best > 50,
        "only {hidden_best} queries find a replaced entry first"
    );
}

#[test]
fn hidden_entries_and_their_names_are_gone() {
    let layered = layered();
    // Yining is only a form of the replaced embedded ghulja: no exact hit, and no entry found
    // has a form the layered entry lacks.
    let exact = SearchOptions {
        exact: true,
        limit: usize::MAX,
        ..SearchOptions::default()
    };
    for query in ["Yining", "Kuldja", "Құлжа", "غۇلجا", "Verny"] {
        let found = layered.search(query, &exact).unwrap();
        assert!(
            found.is_empty(),
            "{query}: {:?}",
            found.first().map(|f| &f.entry.id)
        );
    }
    for query in ["Kuldja", "Yining", "Gulja", "Alma-Ata", "Yin"] {
        let o = SearchOptions {
            prefix: true,
            limit: usize::MAX,
            ..SearchOptions::default()
        };
        for found in layered.search(query, &o).unwrap() {
            let entry = layered.get(&found.entry.id).unwrap();
            assert!(std::ptr::eq(entry, found.entry), "{query}: {}", entry.id);
            assert!(entry.forms.iter().any(|f| std::ptr::eq(f, found.form)));
        }
    }
    // The user's own spelling is found first, in the user's entry.
    let hits = layered.lookup("Gulja").run().unwrap();
    assert_eq!(hits[0].entry.id, "ghulja-bazaar");
    assert_eq!(hits[0].stage, Stage::Exact);
    let hits = layered.lookup("Kuldja").run().unwrap();
    assert_eq!(hits[0].entry.gloss_en(), "A user's shorter Ghulja entry");
}

#[test]
fn a_layer_of_sources_only_leaves_the_embedded_entries() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[mine]\ntitle = \"Mine\"\n",
    )
    .unwrap();
    let layered = GlossaryBuilder::new().dir(dir.path()).build().unwrap();
    let embedded = Glossary::embedded();
    assert!(layered.entries().eq(embedded.entries()));
    assert!(layered.sources().contains_key("mine"));
    for query in ["Kuldja", "Zharkemt", "Алма"] {
        for o in all_options().iter().step_by(11) {
            assert_eq!(
                answer(layered.search(query, o)),
                answer(embedded.search(query, o)),
                "{query} {o:?}"
            );
        }
    }
}

#[test]
fn a_layered_glossary_writes_the_same_index_as_the_merged_one() {
    let layered = layered();
    let merged = merged(&layered);
    let bytes = layered.to_index_bytes().unwrap();
    assert_eq!(bytes, merged.to_index_bytes().unwrap());
    let again =
        Glossary::from_index(tilmach::glossary::IndexBytes::Owned(bytes.into()), true).unwrap();
    assert!(again.entries().eq(layered.entries()));
    // Mentions in text come from the merged view too.
    let mentions = layered.annotate("From Gulja to Zzyzx, not Yining.");
    let ids: Vec<&str> = mentions.iter().map(|m| m.entry.id.as_str()).collect();
    assert_eq!(ids, ["ghulja-bazaar", "zz-last-village"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Random strings over the letters of the fixture names and their neighbours.
    #[test]
    fn random_queries_get_the_merged_answers(
        query in "[GgKkYyAaZzuloinrhjdtsем Құлжаыкгьд伊宁غۇلجا-]{1,9}",
        pick in 0usize..1_000_000,
    ) {
        let (layered, merged, options) = &*FIXTURE;
        let chosen: Vec<&SearchOptions> =
            (0..4).map(|k| &options[(pick + k * 97) % options.len()]).collect();
        compare(layered, merged, &query, &chosen, false);
    }
}

static FIXTURE: std::sync::LazyLock<(Glossary, Glossary, Vec<SearchOptions>)> =
    std::sync::LazyLock::new(|| {
        let layered = layered();
        let merged = merged(&layered);
        (layered, merged, all_options())
    });

#[test]
fn commands_over_a_layered_glossary_see_the_merged_entries() {
    let run = |args: &[&str], stdin: &str| {
        let output = assert_cmd::Command::cargo_bin("tilmach")
            .unwrap()
            .args(["--glossary", FIRST, "--glossary", SECOND])
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let json = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap() };
    let ids: Vec<String> = layered().entries().map(|e| e.id.clone()).collect();

    let (list, note) = run(&["list", "--json"], "");
    let listed: Vec<String> = list
        .lines()
        .map(json)
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, ids);
    assert!(
        note.contains("replace embedded entries") && note.contains("ghulja"),
        "{note}"
    );

    let (export, _) = run(&["export", "--format", "json"], "");
    let exported = json(&export);
    assert_eq!(exported["entries"].as_array().unwrap().len(), ids.len());
    assert!(exported["sources"].as_array().unwrap().len() > 2);

    let (show, _) = run(&["show", "--json", "ghulja"], "");
    let show = json(&show);
    assert_eq!(show["gloss"]["en"], "A user's shorter Ghulja entry");
    assert_eq!(show["see"][0], "ghulja-bazaar");

    let (lookup, _) = run(&["lookup", "--json", "Кульджа"], "");
    let hit = &json(&lookup)["hits"][0];
    assert_eq!(hit["id"], "ghulja");
    assert_eq!(hit["match"]["stage"], "exact");
    assert!(
        hit["forms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["text"] != "Yining")
    );

    let (mentions, _) = run(&["annotate", "--json"], "От Gulja до Zzyzx; Yining.\n");
    let found: Vec<String> = mentions
        .lines()
        .map(|l| json(l)["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(found, ["ghulja-bazaar", "zz-last-village"]);
}

#[test]
fn references_resolve_across_layers_and_dangling_ones_are_located() {
    let layered = layered();
    let station = layered.entry("zharkent-station").unwrap();
    for citation in &station.sources {
        assert!(
            layered.sources().contains_key(&citation.source),
            "{}",
            citation.source
        );
    }
    for entry in layered.entries() {
        for id in &entry.see {
            assert!(layered.get(id).is_some(), "{} sees {id}", entry.id);
        }
    }
    // A reference to nothing, in a layer over the embedded glossary: located, with the
    // nearest id of any layer suggested.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("place")).unwrap();
    std::fs::write(
        dir.path().join("place/somewhere.toml"),
        "kind = \"place\"\ngloss.en = \"Somewhere\"\nsee = [\"zharkemt\"]\n\n[[form]]\ntext = \"Somewhere\"\nlang = \"en\"\nstatus = \"preferred\"\n",
    )
    .unwrap();
    let err = GlossaryBuilder::new()
        .dir(dir.path())
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("somewhere.toml:3:"), "{err}");
    assert!(err.contains("\"zharkent\""), "{err}");
}
