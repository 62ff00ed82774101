//! `annotate`, `lint` and `expand`: the library against hand-checked data, properties of offsets,
//! and the command line.

use std::collections::BTreeMap;

use assert_cmd::Command;
use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::Value;
use tilmach::Glossary;
use tilmach::text::lint::Linter;
use tilmach::text::{Annotator, How};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn tilmach() -> Command {
    let mut cmd = Command::cargo_bin("tilmach").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn annotator() -> Annotator<'static> {
    Annotator::new(Glossary::embedded())
}

fn data_lines(file: &str) -> Vec<String> {
    std::fs::read_to_string(format!("{DATA}/text/{file}"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn inflected_forms_find_their_entry_and_ending() {
    let annotator = annotator();
    for line in data_lines("inflected.tsv") {
        let [text, id, ending]: [&str; 3] =
            line.split('\t').collect::<Vec<_>>().try_into().unwrap();
        let found = annotator.annotate(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let m = &found[0];
        assert_eq!(m.text, text);
        assert_eq!(m.entry.id, id, "{text}");
        match m.how {
            How::Inflected { suffix, .. } => assert_eq!(suffix, ending, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
        // The ending is cut from the text, and what is left (with the rule's lemma ending)
        // belongs to the matched form.
        assert!(text.ends_with(ending));
    }
}

#[test]
fn every_russian_declension_class_finds_its_entry() {
    let annotator = annotator();
    let mut failures = Vec::new();
    let lines = data_lines("ru-declension.tsv");
    for line in &lines {
        let [class, id, text]: [&str; 3] = line.split('\t').collect::<Vec<_>>().try_into().unwrap();
        let found = annotator.annotate(text);
        let whole = found.iter().any(|m| m.entry.id == id && m.text == text);
        if !whole {
            let got: Vec<(&str, &str)> = found
                .iter()
                .map(|m| (m.entry.id.as_str(), m.text))
                .collect();
            failures.push(format!("{class}: {text} should be {id}, found {got:?}"));
        }
    }
    assert!(lines.len() >= 50, "only {} lines", lines.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lower_case_plurals_of_group_terms_are_mentions() {
    // Group terms and names of peoples are common nouns too: the capital is not required.
    let annotator = annotator();
    let found = annotator.annotate("the oralmans came, Oralmans came");
    let texts: Vec<&str> = found.iter().map(|m| m.text).collect();
    assert_eq!(texts, ["oralmans", "Oralmans"], "{found:?}");
    assert!(found.iter().all(|m| m.entry.id == "oralman"));
    // Proper names still need their capital.
    assert!(annotator.annotate("foreign policy").is_empty());
    tilmach()
        .args(["lint", "--target", "en"])
        .write_stdin("the oralmans came, Oralmans came\n")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("<stdin>:1:5: oralmans")
                .and(predicate::str::contains("<stdin>:1:20: Oralmans")),
        );
}

#[test]
fn look_alikes_are_not_mentions() {
    let annotator = annotator();
    for text in data_lines("not-mentions.txt") {
        let found = annotator.annotate(&text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

#[test]
fn seed_documents_give_the_reviewed_mentions() {
    let annotator = annotator();
    let mut expected: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for line in std::fs::read_to_string(format!("{DATA}/text/seed-mentions.jsonl"))
        .unwrap()
        .lines()
    {
        let v: Value = serde_json::from_str(line).unwrap();
        expected
            .entry(v["file"].as_str().unwrap().to_owned())
            .or_default()
            .push(v);
    }
    assert_eq!(expected.len(), 5);
    for (file, want) in expected {
        let text = std::fs::read_to_string(format!("{DATA}/seeds/{file}")).unwrap();
        let got: Vec<Value> = annotator
            .annotate(&text)
            .iter()
            .map(|m| {
                let mut v = serde_json::json!({
                    "file": file, "line": m.line, "column": m.column, "start": m.start,
                    "end": m.end, "text": m.text, "id": m.entry.id, "match": m.how.as_str(),
                });
                if let How::Inflected { suffix, .. } = m.how {
                    v["suffix"] = suffix.into();
                }
                if m.by_surname {
                    v["by_surname"] = true.into();
                }
                v
            })
            .collect();
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{file}: mention {i} differs");
        }
        assert_eq!(got.len(), want.len(), "{file}: number of mentions");
    }
}

#[test]
fn offsets_are_bytes_and_characters_of_the_whole_text() {
    let text = "Жол: Алматы\r\nThen 伊宁 and Құлжаға — غۇلجىدا.\n";
    let annotator = annotator();
    let found = annotator.annotate(text);
    let texts: Vec<&str> = found.iter().map(|m| m.text).collect();
    assert_eq!(texts, ["Алматы", "伊宁", "Құлжаға", "غۇلجىدا"]);
    let chars: Vec<char> = text.chars().collect();
    for m in &found {
        assert_eq!(&text[m.start as usize..m.end as usize], m.text);
        let by_chars: String = chars[m.char_start as usize..m.char_end as usize]
            .iter()
            .collect();
        assert_eq!(by_chars, m.text);
        let line = text.split('\n').nth(m.line as usize - 1).unwrap();
        let at: String = line
            .chars()
            .skip(m.column as usize - 1)
            .take(m.text.chars().count())
            .collect();
        assert_eq!(at, m.text);
    }
    assert_eq!((found[1].line, found[1].column), (2, 6));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the text, every mention's offsets slice out its text, and mentions do not
    /// overlap.
    #[test]
    fn mentions_slice_their_text(words in proptest::collection::vec(
        prop_oneof![
            Just("Алматыда".to_owned()), Just("Kuldja".to_owned()), Just("Alma-Ata".to_owned()),
            Just("غۇلجىدا".to_owned()), Just("伊宁".to_owned()), Just("the".to_owned()),
            "[a-zа-яәғқңөұүһі' -]{0,8}", "\\PC{0,6}",
        ], 0..12),
        seps in proptest::collection::vec(prop_oneof![Just(" "), Just("\n"), Just("-"), Just(""), Just(", ")], 12)
    ) {
        let mut text = String::new();
        for (w, s) in words.iter().zip(&seps) {
            text.push_str(w);
            text.push_str(s);
        }
        let annotator = annotator();
        let found = annotator.annotate(&text);
        let mut last_end = 0;
        for m in &found {
            prop_assert_eq!(text.get(m.start as usize..m.end as usize), Some(m.text));
            let by_chars: String = text.chars().skip(m.char_start as usize).take((m.char_end - m.char_start) as usize).collect();
            prop_assert_eq!(by_chars.as_str(), m.text);
            prop_assert!(m.start >= last_end);
            last_end = m.end;
        }
    }
}

#[test]
fn lint_reports_by_year_and_language() {
    let annotator = annotator();
    let en = |year| Linter::new(&annotator, "en".parse().unwrap(), year);
    let text = "In Alma-Ata and Кульджа; then Almaty.";
    let codes = |linter: &Linter<'_, '_>| -> Vec<(String, &'static str, Option<String>)> {
        linter
            .lint(text)
            .iter()
            .map(|f| {
                (
                    f.mention.text.to_owned(),
                    f.reason.code(),
                    f.preferred.map(|p| p.text.clone()),
                )
            })
            .collect()
    };
    // Today Alma-Ata is historical (1921–1993) and Кульджа is Russian.
    assert_eq!(
        codes(&en(Some(2024))),
        [
            (
                "Alma-Ata".to_owned(),
                "historical",
                Some("Almaty".to_owned())
            ),
            (
                "Кульджа".to_owned(),
                "wrong-language",
                Some("Ghulja".to_owned())
            ),
        ]
    );
    // In 1980 Alma-Ata was the name (the English Almaty has no starting year in the glossary).
    let old = codes(&en(Some(1980)));
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].1, "wrong-language");
    // The Russian Алматы dates from 1993: in a Russian text of 1980 it is out of place.
    let ru_1980 = Linter::new(&annotator, "ru".parse().unwrap(), Some(1980));
    let found = ru_1980.lint("в Алматы");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason.code(), "not-in-use");
    assert_eq!(
        found[0].preferred.map(|p| p.text.as_str()),
        Some("Алма-Ата")
    );
    // In a Russian draft, Кульджа is right.
    let ru = Linter::new(&annotator, "ru".parse().unwrap(), Some(2024));
    assert!(ru.lint("в Кульдже").is_empty());
}

#[test]
fn expand_gives_every_form_of_the_entry() {
    let glossary = Glossary::embedded();
    let x = tilmach::text::expand::expand(glossary, "кульджа")
        .unwrap()
        .unwrap();
    assert_eq!(x.entry.id, "ghulja");
    assert_eq!(x.forms.len(), x.entry.forms.len());
    for form in &x.entry.forms {
        assert!(x.terms.contains(&form.text.as_str()));
    }
    assert!(
        tilmach::text::expand::expand(glossary, "no such name")
            .unwrap()
            .is_none()
    );
    // The staged lookup lets a misspelt query expand too.
    assert_eq!(
        tilmach::text::expand::expand(glossary, "Kuljda")
            .unwrap()
            .unwrap()
            .entry
            .id,
        "ghulja"
    );
}

#[test]
fn cli_annotate_json_has_offsets_and_the_match() {
    let out = tilmach()
        .args(["annotate", "--json"])
        .write_stdin("x\nБіз Құлжаға бардық.\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(
        (v["start"].as_u64(), v["end"].as_u64()),
        (Some(9), Some(23))
    );
    assert_eq!(
        (v["char_start"].as_u64(), v["char_end"].as_u64()),
        (Some(6), Some(13))
    );
    assert_eq!(v["id"], "ghulja");
    assert_eq!(v["form"]["text"], "Құлжа");
    assert_eq!(v["form"]["lang"], "kk-Cyrl");
    assert_eq!(v["form"]["derived"], false);
    assert_eq!(v["match"], "inflected");
    assert_eq!(v["suffix"], "ға");
    assert_eq!(v["rules"], "kk");
}

#[test]
fn a_person_is_found_by_a_surname_that_names_one_entry() {
    let annotator = annotator();
    let found = |text: &str| -> Vec<(String, String, bool)> {
        annotator
            .annotate(text)
            .iter()
            .map(|m| (m.text.to_owned(), m.entry.id.clone(), m.by_surname))
            .collect()
    };
    let kadeer = |text: &str| (text.to_owned(), "rabiya-kadeer".to_owned(), true);
    assert_eq!(
        found("Kadeer said that Rebiya was right."),
        [kadeer("Kadeer")]
    );
    assert_eq!(found("Yesterday Kadeer said it."), [kadeer("Kadeer")]);
    // The full name is the mention, not its surname.
    let full = found("Rebiya Kadeer spoke.");
    assert_eq!(full.len(), 1);
    assert!(!full[0].2, "{full:?}");
    // Inflected, in Russian.
    let m = annotator.annotate("Назарбаевым было сказано.");
    assert_eq!(m[0].entry.id, "nursultan-nazarbayev");
    assert!(m[0].by_surname && m[0].how.as_str() == "inflected");
    // Not in small letters, and not inside another person's full name.
    assert!(found("the kadeer said").is_empty());
    assert!(found("Marat Tazhin said it.").is_empty());
    assert!(found("Then Jesse James left.").is_empty());
}

#[test]
fn cli_annotate_marks_a_surname_and_lint_leaves_it_alone() {
    let out = tilmach()
        .args(["annotate", "--json"])
        .write_stdin("Kadeer said that Rebiya was right.\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["id"], "rabiya-kadeer");
    assert_eq!(v["by_surname"], true);
    assert_eq!(v["form"]["text"], "Rebiya Kadeer");
    tilmach()
        .arg("annotate")
        .write_stdin("Kadeer said it.\n")
        .assert()
        .success()
        .stdout("<stdin>:1:1: Kadeer  rabiya-kadeer  (surname of Rebiya Kadeer en)\n");
    // A surname alone is no rendering for lint to judge, in any target language.
    tilmach()
        .args(["lint", "--target", "ru"])
        .write_stdin("Kadeer said it.\n")
        .assert()
        .code(0);
}

#[test]
fn cli_annotate_human_output_and_exit_codes() {
    tilmach()
        .arg("annotate")
        .write_stdin("Ghulja\n")
        .assert()
        .success()
        .stdout("<stdin>:1:1: Ghulja  ghulja\n");
    tilmach()
        .arg("annotate")
        .write_stdin("nothing here\n")
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn cli_annotate_bad_files_are_reported_and_the_others_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    let binary = dir.path().join("bin.dat");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&good, "Almaty\n").unwrap();
    std::fs::write(&binary, b"Almaty\0\x01\x02").unwrap();
    std::fs::write(&latin1, b"Almaty\nAlmaty caf\xE9 Almaty\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let assert = tilmach()
        .arg("annotate")
        .args([&missing, &binary, &latin1, &good])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.txt"))
        .stderr(predicate::str::contains("bin.dat: a binary file"))
        .stderr(predicate::str::contains(
            "latin1.txt: invalid UTF-8 at byte offset 17 (line 2)",
        ));
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // The binary file is not scanned; the bad file is scanned up to the bad line; the good one
    // is scanned.
    assert!(!stdout.contains("bin.dat"), "{stdout}");
    assert!(stdout.contains("latin1.txt:1:1: Almaty"), "{stdout}");
    assert!(stdout.contains("good.txt:1:1: Almaty"), "{stdout}");
    // --lossy replaces and goes on. Byte offsets of the next lines are the file's; on the line
    // of a replaced byte, they count U+FFFD (3 bytes) after it, as documented.
    let out = tilmach()
        .args(["annotate", "--lossy", "--json"])
        .arg(&latin1)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let last: Value = serde_json::from_slice(out.split(|&b| b == b'\n').nth(2).unwrap()).unwrap();
    assert_eq!(last["start"], 19 + 2);
    assert_eq!(last["column"], 13);
}

#[test]
fn cli_lint_exit_codes_and_json() {
    tilmach()
        .args(["lint", "--target", "en", "--year", "2024"])
        .write_stdin("Almaty and Ghulja\n")
        .assert()
        .success()
        .stdout("");
    let out = tilmach()
        .args(["lint", "--target", "en", "--json"])
        .write_stdin("We flew to Alma-Ata.\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["reason"], "historical");
    assert_eq!(v["preferred"]["text"], "Almaty");
    assert_eq!(v["line"], 1);
    assert_eq!(v["column"], 12);
    tilmach()
        .args(["lint", "--target", "en"])
        .write_stdin("Кульджа\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:1:1: Кульджа: a ru form"))
        .stdout(predicate::str::contains("use Ghulja"));
    tilmach()
        .args(["lint", "--target", "english"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--target"));
}

#[test]
fn cli_expand() {
    let out = tilmach()
        .args(["expand", "--json", "Құлжа"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["id"], "ghulja");
    assert_eq!(v["match"]["form"]["lang"], "kk-Cyrl");
    assert_eq!(v["match"]["stage"], "exact");
    assert_eq!(v["match"]["score"], 1.0);
    let terms: Vec<&str> = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(terms.contains(&"Kuldja") && terms.contains(&"伊宁"));
    assert!(
        v["forms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["derived"].is_boolean())
    );
    tilmach().args(["expand", "nosuchname"]).assert().code(1);
}

#[test]
fn cli_annotate_finds_a_shared_surname_after_the_full_name_in_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.txt");
    let second = dir.path().join("second.txt");
    std::fs::write(
        &first,
        "Wang Jianping was killed in 2002.\nWang had served there.\n",
    )
    .unwrap();
    std::fs::write(&second, "Wang said it.\n").unwrap();
    for threads in ["-j1", "-j2"] {
        let out = tilmach()
            .args([threads, "annotate", "--json"])
            .arg(&first)
            .arg(&second)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // The second file is another text: its Wang names nobody yet.
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[1]["text"], "Wang");
        assert_eq!(lines[1]["id"], "wang-jianping");
        assert_eq!(lines[1]["by_surname"], true);
        assert_eq!(lines[1]["line"], 2);
        assert_eq!(lines[1]["form"]["text"], "Wang Jianping");
    }
    // Two people with the surname named: the surname alone is left out (exit 0 for the names).
    tilmach()
        .arg("annotate")
        .write_stdin("Wang Yi met Wang Jianping.\nWang said it.\n")
        .assert()
        .success()
        .stdout("<stdin>:1:1: Wang Yi  wang-yi\n<stdin>:1:13: Wang Jianping  wang-jianping\n");
    tilmach()
        .arg("annotate")
        .write_stdin("Wang said it.\n")
        .assert()
        .code(1);
}
