//! Machine-readable output: every command's `--json` is JSON lines (one compact object per line)
//! where it can give several results and one document where it gives one, as the README says;
//! and `lookup`'s compact batch formats (`--format json|jsonl|tsv|ids`, `--fields`,
//! `--render`).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn tilmach() -> Command {
    let mut cmd = Command::cargo_bin("tilmach").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Standard output of a run that exits with `code`.
fn output(cmd: &mut Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stdout.clone()).unwrap()
}

/// How a command's `--json` output is shaped.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// JSON lines: at least this many lines, each one compact JSON object.
    Lines(usize),
    /// One JSON document, and nothing after it.
    Document,
}

/// Every JSON value in `text`, in order, however they are laid out.
fn values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Checks `text` against `shape`; returns the objects (lines) or the one document.
fn parse(text: &str, shape: Shape, what: &str) -> Vec<Value> {
    match shape {
        Shape::Lines(at_least) => {
            let lines: Vec<Value> = text
                .lines()
                .map(|line| {
                    let value: Value = serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("{what}: a line is not JSON ({e}): {line}"));
                    assert!(value.is_object(), "{what}: not an object: {line}");
                    value
                })
                .collect();
            assert!(
                lines.len() >= at_least,
                "{what}: {} lines, expected at least {at_least}:\n{text}",
                lines.len()
            );
            lines
        }
        Shape::Document => {
            let all = values(text);
            assert_eq!(all.len(), 1, "{what}: not one document:\n{text}");
            all
        }
    }
}

/// The commands `tilmach --help` lists (but `help`).
fn commands() -> Vec<String> {
    let help = output(tilmach().arg("--help"), 0);
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A command's line starts with two spaces; a wrapped summary continues further in.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// Each command with a `--json` flag: a run of it, its standard input, its exit status and its
/// shape.
const WITH_JSON: &[(&str, &[&str], &str, i32, Shape)] = &[
    (
        "lookup",
        &["lookup", "--json", "Kuldja", "Zharkent"],
        "",
        0,
        Shape::Lines(2),
    ),
    (
        "lookup",
        &["lookup"],
        "Kuldja\nЖаркент\nzzqxv\n",
        0,
        Shape::Lines(3),
    ),
    (
        "show",
        &["show", "--json", "ghulja"],
        "",
        0,
        Shape::Document,
    ),
    ("list", &["list", "--json"], "", 0, Shape::Lines(100)),
    ("schemes", &["schemes", "--json"], "", 0, Shape::Lines(20)),
    ("check", &["check", "--json"], "", 0, Shape::Document),
    (
        "check",
        &[
            "--no-default",
            "check",
            "--json",
            "tests/data/glossary/broken",
        ],
        "",
        1,
        Shape::Document,
    ),
    (
        "annotate",
        &["annotate", "--json"],
        "Алматыда және Құлжада\n",
        0,
        Shape::Lines(2),
    ),
    (
        "lint",
        &["lint", "--target", "en", "--json"],
        "From Кульджа to Кульджа.\n",
        1,
        Shape::Lines(2),
    ),
    (
        "expand",
        &["expand", "--json", "Kuldja", "Zharkent"],
        "",
        0,
        Shape::Lines(2),
    ),
    (
        "expand",
        &["expand"],
        "Kuldja\nЖаркент\n",
        0,
        Shape::Lines(2),
    ),
];

/// Each command without a `--json` flag, and where its machine-readable output is instead.
const WITHOUT_JSON: &[(&[&str], &str)] = &[
    (&["translit"], "writes the converted text, line for line"),
    (
        &["normalize"],
        "writes the normalized text or key, line for line",
    ),
    (&["index", "build"], "writes an index file"),
    (&["export"], "export --format json writes one document"),
    (&["import"], "writes a glossary directory"),
    (&["completions"], "writes a shell script"),
    (&["man"], "writes a roff page"),
];

#[test]
fn every_command_writes_json_lines_or_one_document() {
    let listed = commands();
    assert!(listed.len() >= 15, "{listed:?}");
    for command in &listed {
        let with = WITH_JSON.iter().any(|(c, ..)| c == command);
        let without = WITHOUT_JSON.iter().any(|(c, _)| c[0] == command);
        assert!(
            with ^ without,
            "say whether `{command}` has --json and test its shape here"
        );
    }
    for (command, args, stdin, code, shape) in WITH_JSON {
        assert!(listed.iter().any(|c| c == command), "{command} is gone");
        let text = output(tilmach().args(*args).write_stdin(*stdin), *code);
        parse(&text, *shape, &args.join(" "));
    }
    for (args, _) in WITHOUT_JSON {
        tilmach()
            .args(*args)
            .arg("--json")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unexpected argument '--json'"));
    }
    let export = output(tilmach().args(["export", "--format", "json"]), 0);
    parse(&export, Shape::Document, "export --format json");
}

#[test]
fn lookup_of_two_queries_is_two_lines_not_two_documents() {
    let text = output(
        tilmach().args(["lookup", "--json", "Kuldja", "Zharkent"]),
        0,
    );
    let lines = parse(&text, Shape::Lines(2), "lookup --json");
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["query"], "Kuldja");
    assert_eq!(lines[0]["hits"][0]["id"], "ghulja");
    assert_eq!(lines[1]["hits"][0]["id"], "zharkent");
    // --json is --format jsonl.
    let jsonl = output(
        tilmach().args(["lookup", "--format", "jsonl", "Kuldja", "Zharkent"]),
        0,
    );
    assert_eq!(jsonl, text);
}

#[test]
fn check_json_counts_entries_and_locates_problems() {
    let clean = &parse(
        &output(
            tilmach().args(["check", "--json", "tests/data/glossary/user"]),
            0,
        ),
        Shape::Document,
        "check",
    )[0];
    let entries = &clean["entries"];
    let total = entries["total"].as_u64().unwrap();
    assert_eq!(
        entries["own"].as_u64().unwrap() + entries["embedded"].as_u64().unwrap(),
        total
    );
    assert!(entries["own"].as_u64().unwrap() >= 1);
    assert_eq!(clean["problems"], Value::Array(vec![]));
    let broken = &parse(
        &output(
            tilmach().args([
                "--no-default",
                "check",
                "--json",
                "tests/data/glossary/broken",
            ]),
            1,
        ),
        Shape::Document,
        "check",
    )[0];
    let problems = broken["problems"].as_array().unwrap();
    // The human output's count (see the cli tests) and one located problem.
    assert_eq!(problems.len(), 20);
    assert!(problems.iter().any(|p| {
        p["file"] == "tests/data/glossary/broken/place/fields.toml"
            && p["line"] == 3
            && p["column"] == 1
            && p["message"]
                .as_str()
                .unwrap()
                .contains("unknown field \"sauces\"")
    }));
}

#[test]
fn lookup_format_json_is_one_array_of_every_query() {
    let text = output(
        tilmach().args(["lookup", "--format", "json", "Kuldja", "Zharkent"]),
        0,
    );
    let doc = &parse(&text, Shape::Document, "lookup --format json")[0];
    let queries: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["query"].as_str().unwrap())
        .collect();
    assert_eq!(queries, ["Kuldja", "Zharkent"]);
    // From standard input too, an empty one included.
    let text = output(
        tilmach()
            .args(["lookup", "--format", "json"])
            .write_stdin("Kuldja\n"),
        0,
    );
    assert_eq!(values(&text)[0].as_array().unwrap().len(), 1);
    let empty = output(
        tilmach()
            .args(["lookup", "--format", "json"])
            .write_stdin(""),
        1,
    );
    assert_eq!(values(&empty), [Value::Array(vec![])]);
}

/// The Russian form to use for ghulja, read from `show --json`: the preferred Russian form.
fn ghulja_in_russian() -> String {
    let show: Value =
        serde_json::from_str(&output(tilmach().args(["show", "--json", "ghulja"]), 0)).unwrap();
    show["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["lang"].as_str().unwrap().starts_with("ru") && f["status"] == "preferred")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn lookup_tsv_has_a_header_escapes_and_accounts_for_every_query() {
    let text = output(
        tilmach()
            .args([
                "lookup", "--format", "tsv", "--render", "ru", "--limit", "2",
            ])
            .write_stdin("Kuldja\nzzqxvw\nKul\tdja\n"),
        0,
    );
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["query", "id", "score", "stage", "form", "render"]);
    assert!(rows.iter().all(|r| r.len() == 6), "{text}");
    let kuldja = &rows[1];
    assert_eq!(kuldja[..2], ["Kuldja", "ghulja"]);
    assert_eq!(kuldja[2], "1.000");
    assert_eq!(kuldja[3], "exact");
    assert_eq!(kuldja[4], "Kuldja");
    assert_eq!(kuldja[5], ghulja_in_russian());
    // A query without hits has its row; a tab inside a query is escaped.
    assert!(rows.contains(&vec!["zzqxvw", "", "", "", "", ""]), "{text}");
    assert!(rows.iter().any(|r| r[0] == "Kul\\tdja"), "{text}");
}

#[test]
fn lookup_ids_answers_line_for_line() {
    let long = "Ж".repeat(600);
    let assert = tilmach()
        .args(["lookup", "--format", "ids", "--limit", "1"])
        .write_stdin(format!("Kuldja\nzzqxvw\n{long}\nЖаркент\n"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>:3:"))
        .stderr(predicate::str::contains(
            "1 input line could not be searched",
        ));
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(text, "ghulja\n\n\nzharkent\n");
}

#[test]
fn lookup_fields_choose_what_a_hit_carries() {
    let text = output(
        tilmach()
            .args(["lookup", "--fields", "id,score,form"])
            .write_stdin("Kuldja\n"),
        0,
    );
    let hit = &parse(&text, Shape::Lines(1), "--fields")[0]["hits"][0];
    let keys: Vec<&String> = hit.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "score", "form"]);
    assert_eq!(hit["form"]["text"], "Kuldja");
    // --render adds its field.
    let text = output(
        tilmach().args([
            "lookup", "--json", "--fields", "id", "--render", "ru", "Kuldja",
        ]),
        0,
    );
    let hit = &parse(&text, Shape::Lines(1), "--render")[0]["hits"][0];
    assert_eq!(hit["render"]["text"], ghulja_in_russian().as_str());
    assert!(hit["render"]["lang"].as_str().unwrap().starts_with("ru"));
}

#[test]
fn lookup_refuses_unknown_fields_and_contradictory_options() {
    let refused = |args: &[&str], says: &[&str]| {
        let assert = tilmach().args(args).arg("Kuldja").assert().code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        for s in says {
            assert!(stderr.contains(s), "{args:?}: {stderr}");
        }
    };
    refused(
        &["lookup", "--json", "--fields", "id,glos"],
        &[
            "glos", "id", "kind", "score", "match", "stage", "distance", "form", "gloss", "forms",
            "render",
        ],
    );
    refused(
        &["lookup", "--format", "tsv", "--fields", "id"],
        &["--fields", "--json"],
    );
    refused(
        &["lookup", "--json", "--fields", "id,render"],
        &["--render"],
    );
    refused(&["lookup", "--format", "ids", "--render", "kk"], &["ids"]);
    refused(&["lookup", "--json", "--format", "tsv"], &["--format"]);
    refused(
        &["lookup", "--format", "xml"],
        &["json", "jsonl", "tsv", "ids"],
    );
    refused(&["lookup", "--render", "kz"], &["did you mean kk"]);
}

#[test]
fn lookup_render_in_human_output() {
    let text = output(tilmach().args(["lookup", "--render", "ru", "Kuldja"]), 0);
    assert!(
        text.contains(&format!("use in ru: {}", ghulja_in_russian())),
        "{text}"
    );
}
