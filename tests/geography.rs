//! The administrative geography of Kazakhstan and Kyrgyzstan, checked against the countries'
//! classifiers (tests/data/classifiers: KATO and SOATE, with their provenance): every unit a
//! classifier lists has exactly one place entry carrying its official names, no two units share an
//! entry, and looking up any entered name of a unit (Kazakh, Russian, Kyrgyz, Uyghur, English,
//! Chinese and historical names included) finds that entry first; and the countries, international
//! bodies and events the documents name are found first from every name entered for them.

use std::collections::{BTreeMap, HashSet};

use tilmach::{Entry, Glossary, Kind, Status};

/// One administrative unit of a classifier list.
struct Unit {
    /// Its line in the list, for messages.
    line: usize,
    /// Its level (`region`, `city-regional`, `district`, …).
    level: String,
    /// The group it is reported under: the region code for KATO, the level for SOATE.
    group: String,
    /// Its names in the classifier, with the glossary's language tag of each.
    names: Vec<(&'static str, String)>,
}

/// Reads a classifier list: tab-separated, `#` comments; `langs` tags the name columns after the
/// `skip` leading columns. A name `-` is one the list leaves unconfirmed.
fn read_units(file: &str, skip: usize, langs: &[&'static str]) -> Vec<Unit> {
    let path = format!("tests/data/classifiers/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut units = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), skip + langs.len(), "{path}:{}: {line:?}", i + 1);
        units.push(Unit {
            line: i + 1,
            level: cols[0].to_owned(),
            group: cols[skip - 1].to_owned(),
            names: langs
                .iter()
                .zip(&cols[skip..])
                .filter(|(_, name)| **name != "-")
                .map(|(lang, name)| (*lang, (*name).to_owned()))
                .collect(),
        });
    }
    units
}

fn kato() -> Vec<Unit> {
    read_units("kato.tsv", 2, &["kk-Cyrl", "ru"])
}

fn soate() -> Vec<Unit> {
    read_units("soate.tsv", 1, &["ky", "ru"])
}

/// The place entries that carry every name of `unit` as an entered form of its language; when
/// several do (the city of Turkistan and historical Turkestan share their names), those that cite
/// the classifier `source`.
fn entries_of<'g>(glossary: &'g Glossary, unit: &Unit, source: &str) -> Vec<&'g Entry> {
    let found: Vec<&Entry> = glossary
        .entries()
        .filter(|e| e.kind == Kind::Place)
        .filter(|e| {
            unit.names.iter().all(|(lang, name)| {
                e.forms
                    .iter()
                    .any(|f| !f.is_derived() && f.lang.as_str() == *lang && f.text == *name)
            })
        })
        .collect();
    if found.len() < 2 {
        return found;
    }
    found
        .into_iter()
        .filter(|e| e.sources.iter().any(|c| c.source == source))
        .collect()
}

/// Entries that stand for two units of a list by design, with the reason.
const SHARED: &[(&str, &str)] = &[(
    "naryn",
    "one entry for Naryn Region and its centre, the town of Naryn: the documents use the bare name for the region",
)];

/// Checks that every unit has exactly one entry and no two units share one; returns the entry ids
/// by unit, in list order.
fn one_entry_per_unit(
    glossary: &Glossary,
    file: &str,
    source: &str,
    units: &[Unit],
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for unit in units {
        let found = entries_of(glossary, unit, source);
        match found.as_slice() {
            [one] => ids.push(one.id.clone()),
            [] => problems.push(format!(
                "{file}:{}: no entry has {:?}",
                unit.line, unit.names
            )),
            many => problems.push(format!(
                "{file}:{}: {} entries have {:?}: {:?}",
                unit.line,
                many.len(),
                unit.names,
                many.iter().map(|e| &e.id).collect::<Vec<_>>()
            )),
        }
    }
    let mut seen = HashSet::new();
    for id in &ids {
        if !seen.insert(id) && !SHARED.iter().any(|(shared, _)| shared == id) {
            problems.push(format!("{file}: two units map to the entry {id}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    ids
}

/// The number of units of each level.
fn count_levels(units: &[Unit]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for unit in units {
        *counts.entry(unit.level.as_str()).or_default() += 1;
    }
    counts
}

#[test]
fn every_kato_unit_has_its_own_entry_with_its_kazakh_and_russian_names() {
    let glossary = Glossary::embedded();
    let units = kato();
    let ids = one_entry_per_unit(glossary, "kato.tsv", "kato", &units);
    // The 17 regions and 3 cities of republican significance are fixed by law since 2022; the
    // other counts are those of the list, so that a unit dropped from it is noticed.
    let counts = count_levels(&units);
    assert_eq!(counts.get("region"), Some(&17));
    assert_eq!(counts.get("city-republican"), Some(&3));
    assert_eq!(counts.get("city-regional"), Some(&38));
    assert_eq!(counts.get("district"), Some(&17));
    assert_eq!(ids.len(), 75);
}

#[test]
fn every_soate_unit_has_its_own_entry_with_its_kyrgyz_and_russian_names() {
    let glossary = Glossary::embedded();
    let units = soate();
    let ids = one_entry_per_unit(glossary, "soate.tsv", "soate", &units);
    let counts = count_levels(&units);
    assert_eq!(counts.get("region"), Some(&7));
    assert_eq!(counts.get("city-republican"), Some(&2));
    assert_eq!(ids.len(), units.len());
}

/// Pairs of entries that share names as true homonyms: a lookup of a shared name must return both,
/// at the same score; which comes first is the ranking's choice.
const HOMONYMS: &[(&str, &str)] = &[(
    "turkistan",
    "turkestan", // the city of Turkistan and historical Turkestan: Түркістан, Туркестан, Turkestan
)];

/// Whether the hits of a shared name return `id` tied with the first hit, a declared homonym.
fn tied_homonym(hits: &[tilmach::glossary::Found<'_>], id: &str) -> bool {
    let (Some(first), Some(own)) = (hits.first(), hits.iter().find(|h| h.entry.id == id)) else {
        return false;
    };
    let declared = HOMONYMS
        .iter()
        .any(|&(a, b)| (a == id && b == first.entry.id) || (b == id && a == first.entry.id));
    declared && own.score == first.score && own.stage == first.stage
}

/// Every entered form of `entry` in the languages a reader of the region's texts would type, with
/// a status a lookup should honour (misspellings are proven by the seed tests instead).
fn lookup_forms(entry: &Entry) -> impl Iterator<Item = &str> {
    const LANGS: [&str; 6] = ["kk-Cyrl", "ru", "ky", "ug-Arab", "zh-Hans", "en"];
    entry
        .forms
        .iter()
        .filter(|f| !f.is_derived() && f.status != Status::Misspelling)
        .filter(|f| LANGS.contains(&f.lang.as_str()))
        .map(|f| f.text.as_str())
}

/// Looks up every name of every unit's entry; returns the failures, grouped by `group`.
fn lookup_failures(
    glossary: &Glossary,
    file: &str,
    source: &str,
    units: &[Unit],
) -> (usize, Vec<String>) {
    let ids = one_entry_per_unit(glossary, file, source, units);
    let mut done = HashSet::new();
    let mut checked = 0;
    let mut failures = BTreeMap::<&str, Vec<String>>::new();
    for (unit, id) in units.iter().zip(&ids) {
        let Some(entry) = glossary.get(id) else {
            continue;
        };
        if !done.insert(id) {
            continue;
        }
        for text in lookup_forms(entry) {
            checked += 1;
            let hits = glossary
                .lookup(text)
                .run()
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            let first = hits.first().map(|h| h.entry.id.as_str());
            if first != Some(id.as_str()) && !tied_homonym(&hits, id) {
                failures
                    .entry(unit.group.as_str())
                    .or_default()
                    .push(format!("{id}: {text:?} finds {first:?} first"));
            }
        }
    }
    let report = failures
        .into_iter()
        .map(|(group, list)| format!("{file} {group}:\n  {}", list.join("\n  ")))
        .collect();
    (checked, report)
}

#[test]
fn the_lookup_finds_every_kazakhstan_unit_first_from_each_of_its_names() {
    let glossary = Glossary::embedded();
    let (checked, failures) = lookup_failures(glossary, "kato.tsv", "kato", &kato());
    assert!(checked > 250, "only {checked} names looked up");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_lookup_finds_every_kyrgyzstan_unit_first_from_each_of_its_names() {
    let glossary = Glossary::embedded();
    let (checked, failures) = lookup_failures(glossary, "soate.tsv", "soate", &soate());
    assert!(checked > 40, "only {checked} names looked up");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The countries, international bodies and events the five documents name, beyond the region's
/// own places: each is looked up by every name entered for it.
const NAMED_BY_THE_DOCUMENTS: &[&str] = &[
    "turkey",
    "united-states",
    "afghanistan",
    "pakistan",
    "germany",
    "syria",
    "mongolia",
    "united-kingdom",
    "japan",
    "france",
    "india",
    "iran",
    "saudi-arabia",
    "egypt",
    "australia",
    "canada",
    "netherlands",
    "norway",
    "iraq",
    "indonesia",
    "malaysia",
    "italy",
    "nigeria",
    "north-korea",
    "philippines",
    "kuwait",
    "thailand",
    "kuomintang",
    "chinese-soviet-republic",
    "united-nations",
    "un-security-council",
    "cerd",
    "european-union",
    "prc-state-council",
    "great-game",
    "september-11-attacks",
];

#[test]
fn the_lookup_finds_the_countries_bodies_and_events_the_documents_name_from_each_script() {
    let glossary = Glossary::embedded();
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in NAMED_BY_THE_DOCUMENTS {
        let entry = glossary.get(id).unwrap_or_else(|| panic!("no entry {id}"));
        for form in entry
            .forms
            .iter()
            .filter(|f| !f.is_derived() && f.status != Status::Misspelling)
        {
            checked += 1;
            let hits = glossary
                .lookup(&form.text)
                .run()
                .unwrap_or_else(|e| panic!("{}: {e}", form.text));
            let first = hits.first().map(|h| h.entry.id.as_str());
            if first != Some(*id) {
                failures.push(format!(
                    "{id}: {:?} ({}) finds {first:?} first",
                    form.text, form.lang
                ));
            }
        }
        // Every one of them has its English name and a name in another language entered.
        let langs: HashSet<&str> = entry
            .forms
            .iter()
            .filter(|f| !f.is_derived())
            .map(|f| f.lang.as_str())
            .collect();
        assert!(
            langs.contains("en") && langs.len() > 1,
            "{id}: entered languages {langs:?}"
        );
    }
    assert!(checked > 80, "only {checked} names looked up");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
