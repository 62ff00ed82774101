//! Exports parsed back: every form of every entry must come back from TBX, CSV, JSON and the
//! synonym file, with its language and status where the format carries them.

use std::collections::{BTreeMap, BTreeSet};

use assert_cmd::Command;
use tilmach::Glossary;
use tilmach::export::{Format, export};

fn exported(format: Format) -> String {
    let mut out = Vec::new();
    export(Glossary::embedded(), format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every (id, lang, text, status) of the embedded glossary.
fn all_forms() -> BTreeSet<(String, String, String, String)> {
    Glossary::embedded()
        .entries()
        .flat_map(|e| {
            e.forms.iter().map(move |f| {
                (
                    e.id.clone(),
                    f.lang.to_string(),
                    f.text.clone(),
                    f.status.to_string(),
                )
            })
        })
        .collect()
}

/// A CSV reader following RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => {
                    assert!(field.is_empty(), "a quote inside an unquoted field");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
                '\n' => panic!("a line must end with CRLF"),
                c => field.push(c),
            }
            if c == '\r' {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "the file ends inside a row"
    );
    rows
}

#[test]
fn csv_has_a_header_and_one_row_per_form() {
    let rows = parse_csv(&exported(Format::Csv));
    assert_eq!(
        rows[0],
        [
            "id", "kind", "lang", "text", "status", "derived", "from", "until", "gloss_en"
        ]
    );
    let glossary = Glossary::embedded();
    let mut got = BTreeSet::new();
    for row in &rows[1..] {
        assert_eq!(row.len(), 9, "{row:?}");
        let entry = glossary.get(&row[0]).unwrap();
        assert_eq!(row[1], entry.kind.as_str());
        assert_eq!(row[8], entry.gloss_en());
        assert!(row[5] == "true" || row[5] == "false");
        let form = entry
            .forms
            .iter()
            .find(|f| f.text == row[3] && f.lang.as_str() == row[2])
            .unwrap();
        assert_eq!(row[6], form.from.map(|y| y.to_string()).unwrap_or_default());
        assert_eq!(
            row[7],
            form.until.map(|y| y.to_string()).unwrap_or_default()
        );
        assert_eq!(row[5] == "true", form.is_derived());
        got.insert((
            row[0].clone(),
            row[2].clone(),
            row[3].clone(),
            row[4].clone(),
        ));
    }
    assert_eq!(
        rows.len() - 1,
        glossary.entries().map(|e| e.forms.len()).sum::<usize>()
    );
    assert_eq!(got, all_forms());
}

/// Splits a Solr synonym line on unescaped commas and removes the escapes.
fn parse_synonym_line(line: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut term = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => term.push(chars.next().expect("a backslash at the end of a line")),
            ',' => terms.push(std::mem::take(&mut term).trim().to_owned()),
            c => term.push(c),
        }
    }
    terms.push(term.trim().to_owned());
    terms
}

#[test]
fn synonym_file_has_one_equivalence_line_per_entry() {
    let text = exported(Format::SolrSynonyms);
    assert!(text.starts_with('#'));
    let glossary = Glossary::embedded();
    // Terms the header lists as left out for colliding after analysis.
    let left_out: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("#   "))
        .filter_map(|l| l.rsplit_once(" (").map(|(t, _)| t.to_owned()))
        .collect();
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    let mut count = 0;
    for entry in glossary.entries() {
        // Spellings an entry shares with a declared homonym stay off both lines.
        let homonym_keys: BTreeSet<String> = glossary
            .entries()
            .filter(|o| o.homonyms.contains(&entry.id) || entry.homonyms.contains(&o.id))
            .flat_map(|o| o.forms.iter().map(|f| tilmach::key::key(&f.text)))
            .collect();
        let mut distinct: Vec<&str> = Vec::new();
        for f in &entry.forms {
            if !distinct.contains(&f.text.as_str())
                && !homonym_keys.contains(&tilmach::key::key(&f.text))
                && !left_out.contains(&tilmach::export::analyzed(&f.text))
            {
                distinct.push(&f.text);
            }
        }
        if distinct.len() < 2 {
            continue;
        }
        let line = lines.next().unwrap();
        // No unescaped "=>": the line is an equivalence, not a mapping.
        assert!(!line.replace("\\=", "").contains("=>"), "{line}");
        assert_eq!(parse_synonym_line(line), distinct, "{}", entry.id);
        count += 1;
    }
    assert!(lines.next().is_none());
    assert!(count > 300);
    // Escaping: a term with the special characters comes back whole.
    let odd = "a, b => c \\ #d";
    let escaped = parse_synonym_line(&format!("x, {}", escape_like_export(odd)));
    assert_eq!(escaped, ["x", odd]);
}

#[test]
fn synonym_lines_of_declared_homonyms_share_no_spelling() {
    let text = exported(Format::SolrSynonyms);
    let glossary = Glossary::embedded();
    let lines: Vec<Vec<String>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(parse_synonym_line)
        .collect();
    let line_of = |id: &str| -> Option<BTreeSet<String>> {
        let entry = glossary.get(id)?;
        lines
            .iter()
            .find(|terms| entry.forms.iter().any(|f| terms.contains(&f.text)))
            .map(|terms| terms.iter().map(|t| tilmach::key::key(t)).collect())
    };
    let mut pairs = 0;
    for entry in glossary.entries() {
        for other in &entry.homonyms {
            pairs += 1;
            if let (Some(a), Some(b)) = (line_of(&entry.id), line_of(other)) {
                let common: Vec<&String> = a.intersection(&b).collect();
                assert!(
                    common.is_empty(),
                    "{} and {other} share {common:?}",
                    entry.id
                );
            }
        }
    }
    assert!(pairs >= 2, "only {pairs} declared homonym pairs");
}

/// The analysis of a Solr field with the standard tokenizer, the lowercase filter and the ASCII
/// folding filter, written apart from the exporter's: tokens break at whitespace and punctuation
/// other than apostrophes; a Latin letter loses its diacritics (its compatibility decomposition
/// starts with an ASCII letter), and the Latin letters without a decomposition that the
/// glossary's romanizations use fold as Lucene's `ASCIIFoldingFilter` table gives them.
fn engine_tokens(term: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    term.split(|c: char| {
        c.is_whitespace() || (c.is_ascii_punctuation() && c != '\'') || "‐‑–—«»“”".contains(c)
    })
    .filter(|w| !w.is_empty())
    .map(|w| {
        w.to_lowercase()
            .chars()
            .map(|c| match c {
                'ı' => "i".to_owned(),
                'ə' | 'ǝ' => "e".to_owned(),
                'ł' => "l".to_owned(),
                'ø' => "o".to_owned(),
                'ß' => "ss".to_owned(),
                'ʼ' | '’' | '‘' | 'ʻ' => "'".to_owned(),
                c => match c.to_string().nfkd().next() {
                    Some(b) if b.is_ascii_alphabetic() => b.to_string(),
                    _ => c.to_string(),
                },
            })
            .collect()
    })
    .collect()
}

/// Loads a synonym file as Solr does (comments skipped, `,` separated equivalence lines) and
/// returns, for every analyzed term, the lines that hold it.
fn synonym_map(text: &str) -> BTreeMap<Vec<String>, BTreeSet<usize>> {
    let mut map: BTreeMap<Vec<String>, BTreeSet<usize>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        assert!(!line.replace("\\=", "").contains("=>"), "{line}");
        for term in parse_synonym_line(line) {
            map.entry(engine_tokens(&term)).or_default().insert(n + 1);
        }
    }
    map
}

#[test]
fn no_analyzed_term_expands_to_two_entries() {
    let text = exported(Format::SolrSynonyms);
    let map = synonym_map(&text);
    let joined: Vec<_> = map.iter().filter(|(_, lines)| lines.len() > 1).collect();
    assert!(joined.is_empty(), "terms on several lines: {joined:?}");
    assert!(map.len() > 3000, "{}", map.len());
    // The left-out terms are named in the header with their entries, and are on no line.
    for line in text.lines().filter_map(|l| l.strip_prefix("#   ")) {
        let (term, ids) = line.rsplit_once(" (").unwrap();
        assert!(ids.contains(", "), "{line}");
        assert!(!map.contains_key(&engine_tokens(term)), "{term}");
    }
}

#[test]
fn spellings_alike_after_case_and_folding_leave_both_lines() {
    // Two entries whose spellings differ only in case and diacritics.
    let entry = |first: &str, second: &str| {
        format!(
            "kind = \"place\"\ngloss.en = \"x\"\nsources = [{{ source = \"kato\" }}]\n[[form]]\ntext = \"{first}\"\nlang = \"en\"\nstatus = \"preferred\"\n[[form]]\ntext = \"{second}\"\nlang = \"ru\"\nstatus = \"preferred\"\n"
        )
    };
    let glossary = tilmach::GlossaryBuilder::new()
        .texts(
            "mine",
            [
                ("zyxqas-river.toml".into(), entry("Zyxqaş", "река Зыхкаш")),
                ("zyxqas-town.toml".into(), entry("ZYXQAS", "город Зыхкаш")),
            ],
        )
        .build()
        .unwrap();
    let mut out = Vec::new();
    export(&glossary, Format::SolrSynonyms, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let map = synonym_map(&text);
    assert!(map.values().all(|lines| lines.len() == 1), "{text}");
    assert!(!map.contains_key(&engine_tokens("zyxqas")), "{text}");
    assert!(
        text.contains("#   zyxqas (zyxqas-river, zyxqas-town)"),
        "{text}"
    );
    // Each entry keeps its other spellings on its own line.
    assert!(
        !text.contains("Zyxqaş") && !text.contains("ZYXQAS"),
        "{text}"
    );
    assert!(text.contains("\nрека Зыхкаш, reka Zykhkash"), "{text}");
    assert!(text.contains("\nгород Зыхкаш, gorod Zykhkash"), "{text}");
}

fn escape_like_export(term: &str) -> String {
    term.chars()
        .flat_map(|c| {
            let esc = matches!(c, '\\' | ',' | '=' | '#');
            esc.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect()
}

#[test]
fn tbx_is_well_formed_tbx_basic_and_every_form_round_trips() {
    let text = exported(Format::Tbx);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "urn:iso:std:iso:30042:ed-2";
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "tbx");
    assert_eq!(root.tag_name().namespace(), Some(ns));
    assert_eq!(root.attribute("type"), Some("TBX-Basic"));
    assert_eq!(root.attribute("style"), Some("dca"));
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    let header = root.first_element_child().unwrap();
    assert_eq!(header.tag_name().name(), "tbxHeader");
    assert!(header.children().any(|c| c.tag_name().name() == "fileDesc"));
    let glossary = Glossary::embedded();
    let admin = |status: &str| match status {
        "preferred" => "preferredTerm-admn-sts",
        "official" | "variant" => "admittedTerm-admn-sts",
        "historical" => "supersededTerm-admn-sts",
        _ => "deprecatedTerm-admn-sts",
    };
    let mut got = BTreeSet::new();
    let mut entries = 0;
    for concept in doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "conceptEntry")))
    {
        entries += 1;
        let id = concept.attribute("id").unwrap();
        let id = id.strip_prefix('_').unwrap_or(id);
        let entry = glossary.get(id).unwrap();
        for lang_sec in concept
            .children()
            .filter(|n| n.has_tag_name((ns, "langSec")))
        {
            let lang = lang_sec
                .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .unwrap();
            for term_sec in lang_sec
                .children()
                .filter(|n| n.has_tag_name((ns, "termSec")))
            {
                let child = |name: &str, kind: Option<&str>| {
                    term_sec
                        .children()
                        .find(|n| {
                            n.has_tag_name((ns, name))
                                && kind.is_none_or(|k| n.attribute("type") == Some(k))
                        })
                        .and_then(|n| n.text())
                        .unwrap_or("")
                        .to_owned()
                };
                let term = child("term", None);
                let status = child("termNote", Some("administrativeStatus"));
                let form = entry
                    .forms
                    .iter()
                    .find(|f| f.text == term && f.lang.as_str() == lang)
                    .unwrap();
                assert_eq!(status, admin(form.status.as_str()), "{id} {term}");
                assert!(child("note", None).contains(&format!("status: {}", form.status)));
                got.insert((
                    id.to_owned(),
                    lang.to_owned(),
                    term,
                    form.status.to_string(),
                ));
            }
        }
    }
    assert_eq!(entries, glossary.len());
    assert_eq!(got, all_forms());
}

#[test]
fn json_holds_the_whole_glossary() {
    let v: serde_json::Value = serde_json::from_str(&exported(Format::Json)).unwrap();
    let glossary = Glossary::embedded();
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), glossary.len());
    let mut got = BTreeSet::new();
    for e in entries {
        for f in e["forms"].as_array().unwrap() {
            got.insert((
                e["id"].as_str().unwrap().to_owned(),
                f["lang"].as_str().unwrap().to_owned(),
                f["text"].as_str().unwrap().to_owned(),
                f["status"].as_str().unwrap().to_owned(),
            ));
        }
    }
    assert_eq!(got, all_forms());
    let keys: BTreeMap<&str, ()> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap(), ()))
        .collect();
    assert_eq!(keys.len(), glossary.sources().len());
}

#[test]
fn cli_export_writes_files_atomically_and_refuses_unknown_formats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.tbx");
    std::fs::write(&path, "old").unwrap();
    Command::cargo_bin("tilmach")
        .unwrap()
        .args(["export", "--format", "tbx", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, exported(Format::Tbx));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("g.tbx")]);
    // A directory that does not exist: an error naming the file, nothing written.
    Command::cargo_bin("tilmach")
        .unwrap()
        .args(["export", "--format", "csv", "-o"])
        .arg(dir.path().join("no/such/dir/g.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/dir"));
    Command::cargo_bin("tilmach")
        .unwrap()
        .args(["export", "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("solr-synonyms"));
    let out = Command::cargo_bin("tilmach")
        .unwrap()
        .args(["export", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), exported(Format::Csv));
}

#[test]
fn format_names_parse_with_suggestions() {
    assert_eq!(
        "solr-synonyms".parse::<Format>().unwrap(),
        Format::SolrSynonyms
    );
    let e = "tbxx".parse::<Format>().unwrap_err().to_string();
    assert!(e.contains("did you mean \"tbx\""), "{e}");
}

#[test]
fn concept_csv_has_one_row_per_entry_and_the_preferred_form_first() {
    let rows = parse_csv(&exported(Format::CsvConcepts));
    let glossary = Glossary::embedded();
    let header = &rows[0];
    assert_eq!(header[..3], ["id", "subject", "definition_en"]);
    assert_eq!(header[3..6], ["en", "ru", "kk-Cyrl"]);
    assert_eq!(rows.len() - 1, glossary.len());
    let mut got = BTreeSet::new();
    for row in &rows[1..] {
        assert_eq!(row.len(), header.len(), "{row:?}");
        let entry = glossary.get(&row[0]).unwrap();
        assert_eq!(row[1], entry.kind.as_str());
        assert_eq!(row[2], entry.gloss_en());
        for (lang, cell) in header[3..].iter().zip(&row[3..]) {
            let terms: Vec<&str> = cell.split(';').filter(|t| !t.is_empty()).collect();
            if let Some(preferred) = entry
                .forms
                .iter()
                .find(|f| f.lang.as_str() == lang && f.status.as_str() == "preferred")
            {
                assert_eq!(terms[0], preferred.text, "{} {lang}", entry.id);
            }
            let distinct: BTreeSet<&str> = terms.iter().copied().collect();
            assert_eq!(distinct.len(), terms.len(), "a form twice in {cell:?}");
            for t in terms {
                got.insert((entry.id.clone(), lang.clone(), t.to_owned()));
            }
        }
    }
    let want: BTreeSet<(String, String, String)> = all_forms()
        .into_iter()
        .map(|(i, l, t, _)| (i, l, t))
        .collect();
    assert_eq!(got, want);
}
