//! The glossary loader against fixtures, and the real glossary against itself.

use std::collections::BTreeSet;
use std::path::Path;

use tilmach::{Error, Glossary, GlossaryBuilder};

const BROKEN: &str = "tests/data/glossary/broken";
const USER: &str = "tests/data/glossary/user";

#[test]
fn broken_glossary_reports_every_problem_with_its_location() {
    let Err(Error::Glossary(problems)) = Glossary::load_dir(BROKEN) else {
        panic!("the broken fixture loaded");
    };
    // One problem of each kind the fixture holds, all at once, sorted by location.
    insta::assert_snapshot!(problems.to_string());
}

#[test]
fn a_missing_directory_is_an_io_error_naming_it() {
    let err = Glossary::load_dir("tests/data/glossary/no-such-dir").unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-dir"), "{err}");
}

#[test]
fn a_user_layer_replaces_and_adds_entries() {
    let glossary = GlossaryBuilder::new().dir(USER).build().unwrap();
    let replaced: Vec<&str> = glossary
        .replacements()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(replaced, ["ghulja"]);
    assert_eq!(
        glossary.entry("ghulja").unwrap().gloss_en(),
        "A user's own version of the Ghulja entry"
    );
    assert!(glossary.get("my-village").is_some());
    assert_eq!(glossary.len(), Glossary::embedded().len() + 1);
    // The user's entry refers to an embedded one: references resolve across layers.
    assert_eq!(glossary.entry("my-village").unwrap().see, ["ghulja"]);
}

#[test]
fn a_user_layer_alone_cannot_refer_to_embedded_entries() {
    let err = GlossaryBuilder::new().embedded(false).dir(USER).build();
    // my-village refers to ghulja, which the user layer defines itself: still fine.
    assert!(err.is_ok(), "{err:?}");
}

#[test]
fn embedded_glossary_is_current() {
    let fresh =
        Glossary::load_dir("glossary").unwrap_or_else(|e| panic!("glossary/ does not load:\n{e}"));
    let compiled = include_bytes!("../src/glossary/embedded.idx");
    assert!(
        fresh.to_index_bytes().unwrap() == compiled,
        "src/glossary/embedded.idx is stale: run `cargo run --example regenerate` and commit it"
    );
    // The embedded index is opened unverified at run time; prove here that it verifies.
    tilmach::index::Index::open(&compiled[..]).unwrap();
    assert!(Glossary::embedded().entries().eq(fresh.entries()));
}

#[test]
fn every_form_of_the_real_glossary_finds_its_entry() {
    let glossary = Glossary::embedded();
    let mut misses = Vec::new();
    for entry in glossary.entries() {
        for form in &entry.forms {
            let found = glossary.find_exact(&form.text);
            if !found
                .iter()
                .any(|&at| glossary.form(at).is_some_and(|(e, _)| e.id == entry.id))
            {
                misses.push(format!("{} ({}) → {}", form.text, form.lang, entry.id));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "forms that do not find their entry:\n{}",
        misses.join("\n")
    );
}

#[test]
fn every_real_entry_has_a_gloss_a_source_and_cites_known_sources() {
    let glossary = Glossary::embedded();
    for entry in glossary.entries() {
        assert!(
            !entry.gloss_en().is_empty(),
            "{} has no English gloss",
            entry.id
        );
        assert!(!entry.sources.is_empty(), "{} cites no source", entry.id);
        for citation in &entry.sources {
            assert!(
                glossary.sources().contains_key(&citation.source),
                "{}: {}",
                entry.id,
                citation.source
            );
        }
    }
}

#[test]
fn deeply_nested_toml_is_refused_without_exhausting_the_stack() {
    for depth in [100, 100_000] {
        let text = format!("kind = {}1{}", "[".repeat(depth), "]".repeat(depth));
        let problems = tilmach::glossary::check_entry_text("deep.toml", &text);
        assert!(
            problems.iter().any(|p| p.message.contains("nested deeper")),
            "{problems:?}"
        );
    }
    let text = format!("kind = {}", "{ a = ".repeat(50_000));
    assert!(!tilmach::glossary::check_entry_text("deep.toml", &text).is_empty());
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "\u{FEFF}[notes]\r\ntitle = \"Notes\"\r\n",
    )
    .unwrap();
    let entry = "\u{FEFF}kind = \"place\"\r\ngloss.en = \"A place\"\r\nsources = [{ source = \"notes\" }]\r\n\r\n[[form]]\r\ntext = \"Place\"\r\nlang = \"en\"\r\nstatus = \"preferred\"\r\n";
    std::fs::write(dir.path().join("a-place.toml"), entry).unwrap();
    let glossary = Glossary::load_dir(dir.path()).unwrap();
    assert_eq!(glossary.entry("a-place").unwrap().forms[0].text, "Place");
}

#[test]
fn oversized_binary_and_empty_files_are_problems_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let huge = format!(
        "kind = \"place\"\nnotes = [\"{}\"]\n",
        "x".repeat(tilmach::glossary::MAX_FILE_BYTES as usize)
    );
    std::fs::write(dir.path().join("huge.toml"), huge).unwrap();
    std::fs::write(
        dir.path().join("binary.toml"),
        b"kind = \"pl\xff\x00ace\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.toml"), b"").unwrap();
    let Err(Error::Glossary(problems)) = Glossary::load_dir(dir.path()) else {
        panic!("loaded")
    };
    let text = problems.to_string();
    assert!(text.contains("huge.toml:1:1: the file is"), "{text}");
    assert!(
        text.contains("binary.toml:1:11: the file is not valid UTF-8 (byte offset 10)"),
        "{text}"
    );
    assert!(
        text.contains("empty.toml:1:1: the entry has no kind"),
        "{text}"
    );
}

#[test]
fn many_entries_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[notes]\ntitle = \"Notes\"\n",
    )
    .unwrap();
    let n = 5_000;
    for i in 0..n {
        let entry = format!(
            "kind = \"place\"\ngloss.en = \"Place {i}\"\nsources = [{{ source = \"notes\" }}]\nsee = [\"p{}\"]\n\n[[form]]\ntext = \"Place{i}\"\nlang = \"en\"\nstatus = \"preferred\"\n\n[[form]]\ntext = \"Место{i}\"\nlang = \"ru\"\nstatus = \"preferred\"\n",
            (i + 1) % n
        );
        std::fs::write(dir.path().join(format!("p{i}.toml")), entry).unwrap();
    }
    let glossary = Glossary::load_dir(dir.path()).unwrap();
    assert_eq!(glossary.len(), n);
    let found = glossary.find_exact("место4999");
    assert_eq!(glossary.form(found[0]).unwrap().0.id, "p4999");
}

#[test]
fn every_spelling_in_every_script_reaches_its_entry() {
    let glossary = Glossary::embedded();
    let cases = [
        (
            "ghulja",
            &[
                "Kuldja",
                "Kulja",
                "Gulja",
                "Ghulja",
                "Кульджа",
                "Құлжа",
                "غۇلجا",
                "Yining",
                "伊宁",
                "KULDJA",
                "Qūlja",
                "Ghuljа",
            ][..],
        ),
        (
            "zharkent",
            &[
                "Zharkent",
                "Dzharkent",
                "Jarkent",
                "Жаркент",
                "Джаркент",
                "Jarkent",
                "Zharkent",
            ][..],
        ),
        ("almaty", &["Almaty", "Alma-Ata", "Алматы", "Алма-Ата"][..]),
        (
            "shymkent",
            &["Shymkent", "Chimkent", "Шымкент", "Şymkent"][..],
        ),
        (
            "oralman",
            &[
                "oralman",
                "Oralmen",
                "oralmany",
                "kandas",
                "қандас",
                "оралман",
            ][..],
        ),
        (
            "xinjiang",
            &["Xinjiang", "Sintszian", "新疆", "Шыңжаң", "شىنجاڭ"][..],
        ),
    ];
    for (id, spellings) in cases {
        for spelling in spellings {
            let hits = glossary.lookup(spelling).limit(3).run().unwrap();
            assert_eq!(
                hits.first().map(|h| h.entry.id.as_str()),
                Some(id),
                "{spelling:?}"
            );
        }
    }
}

#[test]
fn misspellings_reach_their_entry_with_their_distance() {
    let glossary = Glossary::embedded();
    for (query, id, distance) in [
        ("Kuljda", "ghulja", 1),
        ("Zharknet", "zharkent", 1),
        ("Ghulya", "ghulja", 1),
        ("Жаркнет", "zharkent", 1),
        ("Almatyy", "almaty", 1),
    ] {
        let hits = glossary.lookup(query).run().unwrap();
        let hit = hits
            .first()
            .unwrap_or_else(|| panic!("nothing for {query}"));
        assert_eq!(
            (hit.entry.id.as_str(), hit.distance),
            (id, distance),
            "{query:?}: {:?} {:?}",
            hit.stage,
            hit.form.text
        );
    }
}

#[test]
fn the_glossary_survives_its_index_file() {
    let glossary = Glossary::embedded();
    let bytes = glossary.to_index_bytes().unwrap();
    let again = Glossary::from_index(
        tilmach::glossary::IndexBytes::Owned(bytes.clone().into()),
        true,
    )
    .unwrap();
    assert!(again.entries().eq(glossary.entries()));
    assert_eq!(again.lookup("Кульджа").run().unwrap()[0].entry.id, "ghulja");
    // A name-table index carries no glossary.
    let mut builder = tilmach::index::IndexBuilder::new();
    builder
        .add(tilmach::index::IndexRecord {
            entry: "x",
            lang: "en",
            text: "X",
            status: tilmach::Status::Variant,
            derived: false,
        })
        .unwrap();
    let names = builder.build().unwrap();
    let err =
        Glossary::from_index(tilmach::glossary::IndexBytes::Owned(names.into()), true).unwrap_err();
    assert!(err.to_string().contains("compiled-glossary"), "{err}");
}

/// A glossary directory with one source and the given entries (id, file text).
fn glossary_dir(entries: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[notes]\ntitle = \"Notes\"\n",
    )
    .unwrap();
    for (id, text) in entries {
        std::fs::write(dir.path().join(format!("{id}.toml")), text).unwrap();
    }
    dir
}

fn place(extra: &str, form: &str) -> String {
    format!(
        "kind = \"place\"\ngloss.en = \"A place\"\n{extra}sources = [{{ source = \"notes\" }}]\n\n[[form]]\ntext = \"{form}\"\nlang = \"en\"\nstatus = \"preferred\"\n"
    )
}

#[test]
fn check_reports_a_key_two_entries_share_with_both_locations() {
    // "AKSU" and "Aksu" fold to the same lookup key.
    let dir = glossary_dir(&[
        ("aksu-city", &place("", "Aksu")),
        ("aksu-river", &place("", "AKSU")),
    ]);
    let (_, findings) = GlossaryBuilder::new()
        .embedded(false)
        .dir(dir.path())
        .build_checked()
        .unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let text = findings[0].to_string();
    assert!(text.contains("aksu-city.toml:5:1"), "{text}");
    assert!(text.contains("aksu-river.toml:5:1"), "{text}");
    assert!(text.contains("\"aksu\""), "{text}");
    assert!(text.contains("homonyms = [\"aksu-river\"]"), "{text}");
}

#[test]
fn declared_homonyms_may_share_a_key_and_must_exist() {
    let declared = place("homonyms = [\"aksu-river\"]\n", "Aksu");
    let dir = glossary_dir(&[("aksu-city", &declared), ("aksu-river", &place("", "AKSU"))]);
    let (glossary, findings) = GlossaryBuilder::new()
        .embedded(false)
        .dir(dir.path())
        .build_checked()
        .unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(glossary.get("aksu-city").unwrap().homonyms, ["aksu-river"]);
    // A lookup of the shared spelling returns both.
    let hits = glossary.lookup("aksu").run().unwrap();
    let ids: BTreeSet<&str> = hits.iter().map(|h| h.entry.id.as_str()).collect();
    assert_eq!(ids, BTreeSet::from(["aksu-city", "aksu-river"]));

    let dangling = place("homonyms = [\"aksu-lake\"]\n", "Aksu");
    let dir = glossary_dir(&[("aksu-city", &dangling)]);
    let Err(Error::Glossary(problems)) = GlossaryBuilder::new()
        .embedded(false)
        .dir(dir.path())
        .build()
    else {
        panic!("a homonym that does not exist was accepted")
    };
    let text = problems.to_string();
    assert!(
        text.contains("aksu-city.toml:3:13: no entry has the key \"aksu-lake\""),
        "{text}"
    );
}

#[test]
fn the_real_glossary_has_no_undeclared_shared_key() {
    let (_, findings) = GlossaryBuilder::new()
        .embedded(false)
        .dir("glossary")
        .build_checked()
        .unwrap();
    let shared: Vec<String> = findings
        .iter()
        .map(ToString::to_string)
        .filter(|f| f.contains("shares its lookup key"))
        .collect();
    assert!(shared.is_empty(), "{}", shared.join("\n"));
}

/// The `.toml` files under `dir` (and a stray file of another kind), as `(path under dir,
/// text)` pairs: what a web page has when a user drops a glossary folder onto it.
fn files_in_memory(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let relative = path.strip_prefix(root).unwrap().to_path_buf();
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(dir), Path::new(dir), &mut out);
    // Reversed, so that the loader's own ordering is what makes the results equal.
    out.reverse();
    out.push(("README.md".into(), "# not a glossary file\n".into()));
    out.push((".hidden/place/ghulja.toml".into(), "not = [toml\n".into()));
    // A path written from the current directory names the same file.
    if let Some((path, _)) = out.iter_mut().find(|(p, _)| p.ends_with("sources.toml")) {
        *path = Path::new(".").join(&*path);
    }
    out
}

#[test]
fn a_layer_held_in_memory_loads_as_the_same_directory_on_disk() {
    let on_disk = GlossaryBuilder::new().dir(USER).build().unwrap();
    let in_memory = GlossaryBuilder::new()
        .texts(USER, files_in_memory(USER))
        .build()
        .unwrap();
    assert!(on_disk.entries().eq(in_memory.entries()));
    assert_eq!(on_disk.sources(), in_memory.sources());
    assert_eq!(on_disk.replacements(), in_memory.replacements());
    for query in ["Ghulja", "Құлжа", "غۇلجا", "Kuljda"] {
        let ids = |g: &Glossary| -> Vec<String> {
            let found = g.lookup(query).prefix(true).run().unwrap();
            found.iter().map(|f| f.entry.id.clone()).collect()
        };
        assert_eq!(ids(&on_disk), ids(&in_memory), "{query}");
    }
}

#[test]
fn problems_of_a_layer_in_memory_are_those_of_the_directory() {
    let Err(Error::Glossary(on_disk)) = Glossary::load_dir(BROKEN) else {
        panic!("the broken fixture loaded");
    };
    let Err(Error::Glossary(in_memory)) = GlossaryBuilder::new()
        .embedded(false)
        .texts(BROKEN, files_in_memory(BROKEN))
        .build()
    else {
        panic!("the broken fixture loaded from memory");
    };
    assert_eq!(on_disk.to_string(), in_memory.to_string());
}

#[test]
fn an_empty_or_oversized_layer_in_memory_is_refused_with_its_place() {
    let err = GlossaryBuilder::new()
        .texts("mine", Vec::new())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("mine:1:1"), "{err}");
    assert!(err.to_string().contains("no glossary files found"), "{err}");

    let huge = "#".repeat(tilmach::glossary::MAX_FILE_BYTES as usize + 1);
    let err = GlossaryBuilder::new()
        .texts("mine", [("place/huge.toml".into(), huge)])
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("mine/place/huge.toml:1:1"),
        "{err}"
    );
    assert!(err.to_string().contains("bytes long"), "{err}");
}

/// The number of scripts (Latin, Cyrillic, Arabic, Han) among the entered (not derived) forms of
/// `entry`.
fn entered_scripts(entry: &tilmach::Entry) -> usize {
    use tilmach::chars::{CharScript, script_of};
    entry
        .forms
        .iter()
        .filter(|f| !f.is_derived())
        .flat_map(|f| f.text.chars().map(script_of))
        .filter(|s| *s != CharScript::Other)
        .collect::<BTreeSet<_>>()
        .len()
}

/// `part` of `whole` as a whole percentage, rounded half up.
fn percent(part: usize, whole: usize) -> usize {
    (200 * part + whole) / (2 * whole)
}

#[test]
fn the_readme_states_the_glossary_counts_and_its_three_script_share() {
    use tilmach::Kind;
    let glossary = Glossary::embedded();
    let entries: Vec<&tilmach::Entry> = glossary.entries().collect();
    let of_kind = |kind: Kind| entries.iter().filter(|e| e.kind == kind).count();
    // Names of the region: places, ethnonyms, group terms, concepts and events.
    let region: Vec<&&tilmach::Entry> = entries
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                Kind::Place | Kind::Ethnonym | Kind::GroupTerm | Kind::Concept | Kind::Event
            )
        })
        .collect();
    let region_three = region.iter().filter(|e| entered_scripts(e) >= 3).count();
    let all_three = entries.iter().filter(|e| entered_scripts(e) >= 3).count();
    // Compared with runs of white space collapsed: README wraps its prose.
    let readme = std::fs::read_to_string("README.md").unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = [
        format!("Today it holds {} entries", entries.len()),
        format!(
            "By kind: {} places, {} people, {} organizations, {} ethnonyms, {} group terms, {} concepts, {} events and {} documents.",
            of_kind(Kind::Place),
            of_kind(Kind::Person),
            of_kind(Kind::Organization),
            of_kind(Kind::Ethnonym),
            of_kind(Kind::GroupTerm),
            of_kind(Kind::Concept),
            of_kind(Kind::Event),
            of_kind(Kind::Document),
        ),
        format!(
            "| names of the region: places, ethnonyms, group terms, concepts, events ({}) | {} ({}%) |",
            region.len(),
            region_three,
            percent(region_three, region.len())
        ),
        format!(
            "| all entries ({}) | {} ({}%) |",
            entries.len(),
            all_three,
            percent(all_three, entries.len())
        ),
    ];
    for line in &expected {
        assert!(
            readme.contains(line.as_str()),
            "README.md does not state: {line}"
        );
    }
}
