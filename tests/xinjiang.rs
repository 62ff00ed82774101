//! Xinjiang's administrative divisions against the classifier: every prefecture-level and
//! county-level unit in the PRC's division codes (tests/data/xinjiang-divisions.tsv, provenance in
//! its header) has exactly one entry, found by its official Chinese name; every citation of the
//! code list quotes a row of it; and each of those entries is found first from each of its entered
//! spellings (Kazakh, Russian, Uyghur, Chinese, pinyin and English).

use tilmach::Glossary;

/// The key of the code list in glossary/sources.toml.
const CODES: &str = "prc-division-codes";

/// The (code, name) rows of the classifier list, comment lines skipped.
fn divisions() -> Vec<(String, String)> {
    let path = "tests/data/xinjiang-divisions.tsv";
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (code, name) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{path}: not code<TAB>name: {line:?}"));
            assert!(
                code.len() == 6
                    && code.starts_with("65")
                    && code.bytes().all(|b| b.is_ascii_digit()),
                "{path}: not a Xinjiang division code: {code:?}"
            );
            (code.to_owned(), name.to_owned())
        })
        .collect()
}

#[test]
fn the_classifier_list_is_whole() {
    let rows = divisions();
    // 1 region, 14 prefecture-level units and 110 county-level ones at 31 December 2025.
    assert_eq!(rows.len(), 125, "rows in tests/data/xinjiang-divisions.tsv");
    let prefecture_level = rows
        .iter()
        .filter(|(code, _)| code.ends_with("00") && code != "650000")
        .count();
    assert_eq!(prefecture_level, 14);
    let mut codes: Vec<&str> = rows.iter().map(|(code, _)| code.as_str()).collect();
    codes.dedup();
    assert_eq!(codes.len(), rows.len(), "codes are sorted and unique");
}

#[test]
fn every_xinjiang_division_has_exactly_one_entry() {
    let glossary = Glossary::embedded();
    let mut problems = Vec::new();
    for (code, name) in divisions() {
        let owners: Vec<&str> = glossary
            .entries()
            .filter(|entry| {
                entry
                    .forms
                    .iter()
                    .any(|form| form.lang.as_str() == "zh-Hans" && form.text == name)
            })
            .map(|entry| entry.id.as_str())
            .collect();
        let [id] = owners[..] else {
            problems.push(format!("{code} {name}: entries {owners:?}"));
            continue;
        };
        let quote = format!("{code} {name}");
        let cited = glossary.entry(id).is_ok_and(|entry| {
            entry
                .sources
                .iter()
                .any(|c| c.source == CODES && c.quote.as_deref() == Some(quote.as_str()))
        });
        if !cited {
            problems.push(format!("{id} does not cite {CODES} with {quote:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} divisions without their entry:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_citation_of_the_code_list_quotes_one_of_its_rows() {
    let glossary = Glossary::embedded();
    let rows: Vec<String> = divisions()
        .into_iter()
        .map(|(code, name)| format!("{code} {name}"))
        .collect();
    for entry in glossary.entries() {
        for citation in entry.sources.iter().filter(|c| c.source == CODES) {
            let quote = citation.quote.as_deref().unwrap_or_default();
            assert!(
                rows.iter().any(|row| row == quote),
                "{}: {quote:?} is not a row of the code list",
                entry.id
            );
        }
    }
}

#[test]
fn each_xinjiang_division_is_found_first_from_each_of_its_spellings() {
    let glossary = Glossary::embedded();
    let langs = [
        "en",
        "ru",
        "kk-Cyrl",
        "ug-Arab",
        "zh-Hans",
        "zh-Latn-pinyin",
    ];
    let mut checked = 0;
    let mut failures = Vec::new();
    let units = glossary
        .entries()
        .filter(|entry| entry.sources.iter().any(|c| c.source == CODES));
    for entry in units {
        for form in entry
            .forms
            .iter()
            .filter(|form| langs.contains(&form.lang.as_str()))
        {
            checked += 1;
            let hits = glossary.lookup(&form.text).limit(5).run().unwrap();
            let ids: Vec<&str> = hits.iter().map(|hit| hit.entry.id.as_str()).collect();
            if ids.first() != Some(&entry.id.as_str()) {
                failures.push(format!(
                    "{} ({}) → {}: got {ids:?}",
                    form.text, form.lang, entry.id
                ));
            }
        }
    }
    assert!(checked > 500, "only {checked} spellings checked");
    assert!(
        failures.is_empty(),
        "{} spellings that do not find their division first:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// An autonomous unit is named by its name alone, in any script, as people call it (*Barkol*,
/// not *Barkol Kazakh Autonomous County*): the people and the word *autonomous* are part of the
/// unit's designation, which a query may give in part (*Ili Kazakh*) or alone (*Kazakh
/// Autonomous Prefecture*, the one Kazakh prefecture), while the people's name alone is still
/// the people.
#[test]
fn autonomous_units_are_found_by_their_names_alone() {
    let glossary = Glossary::embedded();
    for (query, id) in [
        ("Barkol", "barkol-kazakh-autonomous-county"),
        ("Баркөл", "barkol-kazakh-autonomous-county"),
        ("巴里坤", "barkol-kazakh-autonomous-county"),
        ("Mori", "mori-kazakh-autonomous-county"),
        ("Yanqi", "yanqi-hui-autonomous-county"),
        ("焉耆", "yanqi-hui-autonomous-county"),
        ("Hoboksar", "hoboksar-mongol-autonomous-county"),
        ("Taxkorgan", "taxkorgan-tajik-autonomous-county"),
        ("Qapqal", "qapqal-xibe-autonomous-county"),
        ("Bayingolin", "bayingolin-mongol-autonomous-prefecture"),
        ("Кызылсу-Киргизский", "kizilsu"),
        ("Ili Kazakh", "ili"),
        ("Kazakh Autonomous Prefecture", "ili"),
        ("Uyghur Autonomous Region", "xuar"),
        ("Kazakh", "kazakh"),
        ("Hui", "hui"),
    ] {
        let hits = glossary.lookup(query).limit(3).run().unwrap();
        let ids: Vec<&str> = hits.iter().map(|hit| hit.entry.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&id), "{query}: {ids:?}");
    }
}
