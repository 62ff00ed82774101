//! The `tilmach` command as a user calls it: arguments in, output and exit status out.

use std::io::{Read, Write};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn tilmach() -> Command {
    let mut cmd = Command::cargo_bin("tilmach").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// The standard output of a run that must succeed.
fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    cmd.assert().success().get_output().stdout.clone()
}

/// The standard output of a run that must succeed, as JSON.
fn json_of(cmd: &mut Command) -> Value {
    json(&stdout_of(cmd))
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

/// JSON lines (one object per line) as an array.
fn json_lines(output: &[u8]) -> Value {
    Value::Array(
        String::from_utf8(output.to_vec())
            .unwrap()
            .lines()
            .map(|l| json(l.as_bytes()))
            .collect(),
    )
}

#[test]
fn lookup_kuldja_shows_ghulja_with_its_forms_in_every_script() {
    let output = stdout_of(tilmach().args(["lookup", "Kuldja"]));
    let text = String::from_utf8(output).unwrap();
    assert!(text.starts_with("ghulja"), "{text}");
    for (form, status) in [
        ("غۇلجا", "preferred"),
        ("Құлжа", "preferred"),
        ("Кульджа", "preferred"),
        ("Ghulja", "preferred"),
        ("伊宁", "preferred"),
        ("Kuldja", "variant"),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with("    ") && l.split_whitespace().nth(1) == Some(form))
            .unwrap_or_else(|| panic!("no line with {form} in\n{text}"));
        assert!(line.contains(status), "{line}");
    }
}

#[test]
fn lookup_json_follows_the_documented_shape() {
    let output = stdout_of(tilmach().args(["lookup", "--json", "Құлжа"]));
    let value = json(&output);
    assert_eq!(value["query"], "Құлжа");
    let hit = &value["hits"][0];
    assert_eq!(hit["id"], "ghulja");
    assert_eq!(hit["kind"], "place");
    assert!(hit["score"].is_number());
    assert_eq!(hit["match"]["stage"], "exact");
    assert_eq!(hit["match"]["form"]["text"], "Құлжа");
    assert_eq!(hit["match"]["form"]["lang"], "kk-Cyrl");
    assert_eq!(hit["match"]["distance"], 0);
    let forms = hit["forms"].as_array().unwrap();
    assert!(forms.iter().all(|f| f["text"].is_string()
        && f["lang"].is_string()
        && f["status"].is_string()
        && f["derived"].is_boolean()));
}

#[test]
fn lookup_of_an_unknown_name_exits_1() {
    tilmach()
        .args(["lookup", "nosuchname"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no entry found"));
}

#[test]
fn lookup_filters_by_language() {
    tilmach()
        .args(["lookup", "--lang", "zh-Hans", "Құлжа"])
        .assert()
        .code(1);
    tilmach()
        .args(["lookup", "--lang", "kk", "Құлжа"])
        .assert()
        .success();
    tilmach()
        .args(["lookup", "--lang", "english", "Құлжа"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lang"));
}

#[test]
fn batch_lookup_writes_one_json_object_per_line() {
    let output = stdout_of(
        tilmach()
            .arg("lookup")
            .write_stdin("Kuldja\r\nnosuchname\nЖаркент\n"),
    );
    let lines: Vec<Value> = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|l| json(l.as_bytes()))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "Kuldja");
    assert_eq!(lines[0]["hits"][0]["id"], "ghulja");
    assert_eq!(lines[1]["hits"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["query"], "Жаркент");
}

#[test]
fn batch_lookup_names_the_line_with_invalid_utf8() {
    tilmach()
        .arg("lookup")
        .write_stdin(&b"Kuldja\nGhul\xffja\n"[..])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("<stdin>:2: invalid UTF-8 at byte offset 11")
                .and(predicate::str::contains("--lossy")),
        );
    let output = stdout_of(
        tilmach()
            .args(["lookup", "--lossy"])
            .write_stdin(&b"Ghul\xffja\n"[..]),
    );
    assert_eq!(json(&output)["query"], "Ghul\u{FFFD}ja");
}

#[test]
fn show_prints_an_entry_in_full() {
    tilmach()
        .args(["show", "ghulja"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("forms:")
                .and(predicate::str::contains("sources:"))
                .and(predicate::str::contains("Құлжа")),
        );
    let value = json_of(tilmach().args(["show", "--json", "ghulja"]));
    assert_eq!(value["id"], "ghulja");
    assert!(value["gloss"]["en"].is_string());
    assert!(value["sources"][0]["title"].is_string());
}

#[test]
fn show_of_an_unknown_id_suggests_the_nearest() {
    tilmach()
        .args(["show", "gulja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"ghulja\""));
}

#[test]
fn list_sorts_by_the_uyghur_alphabet() {
    let output = stdout_of(tilmach().args(["list", "--sort", "ug", "--json"]));
    let names: Vec<String> = json_lines(&output)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    let first = |prefixes: &[&str]| {
        names
            .iter()
            .position(|n| prefixes.iter().any(|p| n.starts_with(p)))
            .unwrap()
    };
    let last = |prefixes: &[&str]| {
        names
            .iter()
            .rposition(|n| prefixes.iter().any(|p| n.starts_with(p)))
            .unwrap()
    };
    // The hamza carrier is not a letter: ئا ئە come first, ئو ئۇ ئۆ ئۈ after ھ, ئى after ۋ
    // and before ي (the order of the Uyghur alphabet).
    assert!(last(&["ئا", "ئە"]) < first(&["ب"]));
    assert!(last(&["ھ"]) < first(&["ئو", "ئۇ", "ئۆ", "ئۈ"]));
    assert!(last(&["ئو", "ئۇ", "ئۆ", "ئۈ"]) < first(&["ۋ"]));
    assert!(last(&["ۋ"]) < first(&["ئى"]));
    assert!(last(&["ئى"]) < first(&["ي"]));
}

#[test]
fn list_sorts_by_kazakh_collation() {
    let output = stdout_of(tilmach().args([
        "--no-default",
        "--glossary",
        "tests/data/glossary/sorting",
        "list",
        "--sort",
        "kk",
        "--json",
    ]));
    let names: Vec<String> = json_lines(&output)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    // The Kazakh alphabet: а ә б в г ғ д … к қ … о ө … ұ ү … ы і.
    assert_eq!(
        names,
        [
            "Ақсу",
            "Әлия",
            "Бала",
            "Гүл",
            "Ғалым",
            "Кент",
            "Қарағанды",
            "Орал",
            "Өскемен",
            "Ұлытау",
            "Үржар",
            "Ырғыз",
            "Іле"
        ]
    );
}

#[test]
fn list_filters_by_kind_and_refuses_unknown_kinds() {
    let output = stdout_of(tilmach().args(["list", "--kind", "place", "--json"]));
    assert!(
        json_lines(&output)
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "place")
    );
    tilmach()
        .args(["list", "--kind", "plase"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"place\""));
    tilmach()
        .args(["list", "--sort", "kz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"kk\""));
}

#[test]
fn check_lists_every_problem_located_and_exits_1() {
    tilmach()
        .args(["--no-default", "check", "tests/data/glossary/broken"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tests/data/glossary/broken/place/fields.toml:3:1: unknown field \"sauces\"",
        ))
        .stdout(predicate::str::contains("syntax.toml:6:"))
        .stderr(predicate::str::contains("20 problems"));
}

#[test]
fn check_of_a_clean_glossary_exits_0() {
    tilmach()
        .args(["check", "tests/data/glossary/user"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"));
    tilmach().arg("check").assert().success();
}

#[test]
fn check_of_a_missing_directory_exits_2() {
    tilmach()
        .args(["check", "tests/data/glossary/no-such-dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-dir"));
}

#[test]
fn a_broken_glossary_stops_other_commands_with_located_errors() {
    tilmach()
        .args([
            "--glossary",
            "tests/data/glossary/broken",
            "lookup",
            "Kuldja",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tests/data/glossary/broken/place/preferred.toml:13:8: a second preferred form for en",
        ));
}

#[test]
fn a_user_glossary_replacing_an_entry_is_announced_once() {
    let assert = tilmach()
        .args([
            "--glossary",
            "tests/data/glossary/user",
            "lookup",
            "Gulja-Town",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.matches("replace").count(), 1, "{stderr}");
    assert!(stderr.contains("ghulja"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    tilmach()
        .arg("lookpu")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lookup"));
    tilmach()
        .args(["lookup", "--fuzzzy", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fuzzzy"));
    tilmach().assert().code(2);
}

#[test]
fn every_command_help_has_an_example() {
    for command in [
        "lookup",
        "show",
        "list",
        "check",
        "translit",
        "schemes",
        "normalize",
    ] {
        tilmach()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("tilmach {command}")));
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tilmach"))
        .arg("lookup")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..20_000 {
            if stdin.write_all("Kuldja\n".as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    writer.join().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{status:?}: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn translit_converts_arguments_and_streams_stdin() {
    tilmach()
        .args([
            "translit",
            "--from",
            "kk-cyrl",
            "--to",
            "kk-latn",
            "Құлжа",
            "ШЫМКЕНТ",
        ])
        .assert()
        .success()
        .stdout("Qūlja\nŞYMKENT\n");
    tilmach()
        .args(["translit", "--from", "ug-arab", "--to", "ug-latn"])
        .write_stdin("غۇلجا\r\nسائەت\n")
        .assert()
        .success()
        .stdout("ghulja\nsa'et\n");
    tilmach()
        .args([
            "translit",
            "--from",
            "ug-arab",
            "--to",
            "ug-latn",
            "--no-hamza-between-vowels",
            "سائەت",
        ])
        .assert()
        .success()
        .stdout("saet\n");
    // Case survives the caseless Arabic-script pivot; BGN/PCGN dots and apostrophes read back.
    tilmach()
        .args([
            "translit", "--from", "ug-latn", "--to", "ug-cyrl", "Kashgar",
        ])
        .assert()
        .success()
        .stdout("Кашгар\n");
    tilmach()
        .args(["translit", "--from", "ru-bgn", "--to", "ru-cyrl"])
        .write_stdin("Kay·afa Ty·ay·a Su·yk-Su M·elg”eb·eg Kul'dzha\n")
        .assert()
        .success()
        .stdout("Кайафа Тыайа Суык-Су Мэлгъэбэг Кульджа\n");
}

#[test]
fn translit_strict_names_the_character_and_its_position() {
    tilmach()
        .args([
            "translit",
            "--strict",
            "--from",
            "ru-cyrl",
            "--to",
            "ru-bgn",
            "Кульджа Ω",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("U+03A9").and(predicate::str::contains("character 8")));
    tilmach()
        .args([
            "translit",
            "--from",
            "ru-cyrl",
            "--to",
            "ru-bgn",
            "Кульджа Ω",
        ])
        .assert()
        .success()
        .stdout("Kul’dzha Ω\n");
}

#[test]
fn translit_refuses_unknown_schemes_and_invalid_utf8() {
    tilmach()
        .args(["translit", "--from", "kk-cyrl", "--to", "kk-lat", "x"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("did you mean \"kk-latn\"")
                .and(predicate::str::contains("ru-wiki")),
        );
    tilmach()
        .args(["translit", "--from", "kk-cyrl", "--to", "kk-latn"])
        .write_stdin(&b"\xd2\x9b\xff\n"[..])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>:1: invalid UTF-8 at byte offset 2",
        ));
}

#[test]
fn schemes_lists_every_scheme_with_its_properties() {
    let value = json_lines(&stdout_of(tilmach().args(["schemes", "--json"])));
    let ids: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for id in [
        "ug-arab",
        "ug-latn",
        "ug-cyrl",
        "ug-uyy",
        "ug-scholarly",
        "kk-cyrl",
        "kk-latn",
        "kk-latn-2018",
        "kk-latn-2017",
        "kk-arab",
        "kk-bgn",
        "kk-alalc",
        "kk-iso9",
        "ru-cyrl",
        "ru-iso9",
        "ru-gost-b",
        "ru-bgn",
        "ru-alalc",
        "ru-icao",
        "ru-scientific",
        "ru-wiki",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert!(value[0]["standard"].is_string() && value[0]["reversible"].is_boolean());
    assert_eq!(
        value[0]["script"], "Arab",
        "the first scheme is the Uyghur pivot"
    );
}

#[test]
fn lookup_reports_fuzzy_and_cross_script_matches() {
    let value = json_of(tilmach().args(["lookup", "--json", "Kuljda"]));
    assert_eq!(value["hits"][0]["id"], "ghulja");
    assert_eq!(value["hits"][0]["match"]["stage"], "fuzzy");
    assert_eq!(value["hits"][0]["match"]["distance"], 1);
    tilmach()
        .args(["lookup", "--fuzzy", "0", "Kuljda"])
        .assert()
        .code(1);
    tilmach()
        .args(["lookup", "--fuzzy", "3", "Kuljda"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fuzzy"));
    let value = json_of(tilmach().args(["lookup", "--json", "--prefix", "Kuld"]));
    assert!(
        value["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == "ghulja")
    );
}

#[test]
fn batch_lookup_reports_a_refused_query_and_goes_on() {
    let long = "Ж".repeat(100_000);
    // Every line is answered; the exit status then reports the refused one.
    let output = tilmach()
        .arg("lookup")
        .write_stdin(format!("{long}\nKuldja\n"))
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|l| json(l.as_bytes()))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["error"].as_str().unwrap().contains("512"),
        "{}",
        lines[0]["error"]
    );
    assert_eq!(lines[1]["hits"][0]["id"], "ghulja");
}

#[test]
fn normalize_shows_the_key_pipeline() {
    tilmach()
        .args(["normalize", "--skeleton", "Кульджа", "غۇلجا", "Kuldja"])
        .assert()
        .success()
        .stdout("KLJ\nKLJ\nKLJ\n");
    tilmach()
        .args(["normalize", "--key", "ŞYMKENT"])
        .assert()
        .success()
        .stdout("symkent\n");
    tilmach()
        .arg("normalize")
        .write_stdin("  Ghulja \t Town \n")
        .assert()
        .success()
        .stdout("Ghulja Town\n");
}

#[test]
fn index_build_writes_the_same_file_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("names.tsv");
    let rows: String = (0..3000)
        .map(|i| format!("e{}\tund\tName{i} Place{}\n", i % 700, i * 7 % 301))
        .collect();
    std::fs::write(&table, rows).unwrap();
    let build = |threads: &str| {
        let out = dir.path().join(format!("j{threads}.idx"));
        tilmach()
            .args(["-j", threads, "index", "build"])
            .arg(&table)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let one = build("1");
    assert!(!one.is_empty());
    assert_eq!(one, build("2"));
    assert_eq!(one, build("3"));
}

#[test]
fn index_build_writes_a_file_that_serves_lookups() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("names.tsv");
    std::fs::write(
        &table,
        "# a gazetteer\nk1\ten\tKhorgos Gateway\nk1\tru\tХоргос\tpreferred\nk2\tund\tTalgar\n",
    )
    .unwrap();
    let index = dir.path().join("names.idx");
    tilmach()
        .args(["index", "build"])
        .arg(&table)
        .arg("-o")
        .arg(&index)
        .assert()
        .success()
        .stderr(predicate::str::contains("2 entries, 3 forms"));
    let value = json_of(
        tilmach()
            .args(["--no-default", "--index"])
            .arg(&index)
            .args(["lookup", "--json", "Talgarr"]),
    );
    assert_eq!(value["hits"][0]["id"], "k2");
    assert_eq!(value["hits"][0]["match"]["distance"], 1);
    // With the embedded glossary too, both are searched.
    let value = json_of(tilmach().arg("--index").arg(&index).args([
        "lookup",
        "--json",
        "--limit",
        "5",
        "Хоргос",
    ]));
    let ids: Vec<&str> = value["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"khorgos") && ids.contains(&"k1"), "{ids:?}");
    // A glossary directory keeps its whole entries.
    let glossary_index = dir.path().join("user.idx");
    tilmach()
        .args(["index", "build", "tests/data/glossary/user", "-o"])
        .arg(&glossary_index)
        .assert()
        .success();
    let value = json_of(
        tilmach()
            .args(["--no-default", "--index"])
            .arg(&glossary_index)
            .args(["lookup", "--json", "Myvillage"]),
    );
    assert_eq!(value["hits"][0]["kind"], "place");
}

#[test]
fn index_build_reports_bad_name_tables_with_locations() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("bad.tsv");
    std::fs::write(&table, "k1\ten\tGood\nk2\tenglish\tBad tag\nk3\ten\n").unwrap();
    tilmach()
        .args(["index", "build"])
        .arg(&table)
        .arg("-o")
        .arg(dir.path().join("bad.idx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tsv:2:").and(predicate::str::contains("bad.tsv:3:")));
    assert!(!dir.path().join("bad.idx").exists());
}

#[test]
fn corrupt_and_foreign_index_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("foreign.idx");
    std::fs::write(&foreign, b"PK\x03\x04 this is a zip file, not an index").unwrap();
    tilmach()
        .arg("--index")
        .arg(&foreign)
        .args(["lookup", "Kuldja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("foreign.idx"));
    let good = dir.path().join("good.idx");
    tilmach()
        .args(["index", "build", "tests/data/glossary/user", "-o"])
        .arg(&good)
        .assert()
        .success();
    let mut bytes = std::fs::read(&good).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let flipped = dir.path().join("flipped.idx");
    std::fs::write(&flipped, &bytes).unwrap();
    tilmach()
        .arg("--index")
        .arg(&flipped)
        .args(["lookup", "Kuldja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("checksum"));
    let truncated = dir.path().join("truncated.idx");
    std::fs::write(&truncated, &bytes[..middle]).unwrap();
    tilmach()
        .arg("--index")
        .arg(&truncated)
        .args(["lookup", "Kuldja"])
        .assert()
        .code(2);
}
