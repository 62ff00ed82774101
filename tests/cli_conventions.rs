//! The command line's conventions: shell completions and the man page generated from the one
//! definition, errors that name the valid values, and human tables that stay aligned.

use std::io::Write;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

fn tilmach() -> Command {
    let mut cmd = Command::cargo_bin("tilmach").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// Whether `program` can be run on this machine.
fn have(program: &str) -> bool {
    StdCommand::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `program args… FILE` on `script` written to a temporary file; panics with its stderr
/// when the shell rejects the script.
fn shell_accepts(program: &str, args: &[&str], script: &str) {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(script.as_bytes()).unwrap();
    let output = StdCommand::new(program)
        .args(args)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{program} rejects the completion script: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn completion_scripts_name_every_command_and_parse() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(tilmach().args(["completions", shell]));
        for command in ["lookup", "translit", "lint", "export", "completions", "man"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
    }
    shell_accepts(
        "bash",
        &["-n"],
        &stdout_of(tilmach().args(["completions", "bash"])),
    );
    // zsh and fish are checked where they are installed (.ci/run installs them on Debian).
    if have("zsh") {
        shell_accepts(
            "zsh",
            &["-n"],
            &stdout_of(tilmach().args(["completions", "zsh"])),
        );
    }
    if have("fish") {
        shell_accepts(
            "fish",
            &["--no-execute"],
            &stdout_of(tilmach().args(["completions", "fish"])),
        );
    }
    tilmach()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bash").and(predicate::str::contains("fish")));
}

#[test]
fn bash_completion_offers_the_commands() {
    let script = stdout_of(tilmach().args(["completions", "bash"]));
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(script.as_bytes()).unwrap();
    // Complete `tilmach tr` the way bash would, and read COMPREPLY.
    let probe = format!(
        "source {}; COMP_WORDS=(tilmach tr); COMP_CWORD=1; COMP_LINE='tilmach tr'; COMP_POINT=10; \
         _tilmach tilmach tr tilmach; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.path().display()
    );
    let output = StdCommand::new("bash")
        .args(["-c", &probe])
        .output()
        .unwrap();
    let offered = String::from_utf8_lossy(&output.stdout);
    assert!(
        offered.lines().any(|l| l == "translit"),
        "offered: {offered:?}, {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let page = stdout_of(tilmach().arg("man"));
    assert!(page.contains(".TH tilmach 1"), "{page}");
    for command in ["lookup", "show", "list", "check", "lint", "completions"] {
        assert!(page.contains(command), "man page lacks {command}");
    }
    if have("groff") {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(page.as_bytes()).unwrap();
        let output = StdCommand::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(file.path())
            .output()
            .unwrap();
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "groff warns: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn an_unknown_language_is_a_usage_error_naming_the_nearest() {
    tilmach()
        .args(["lint", "--target", "kz"])
        .write_stdin("Kuldja and Құлжа\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("did you mean kk").and(predicate::str::contains("en, ")));
    tilmach()
        .args(["lookup", "--lang", "kz", "Kuldja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean kk"));
}

#[test]
fn language_tags_are_read_in_any_case() {
    // `Alma-Ata` is a historical English form: lint reports it under either spelling of the tag.
    let lower = tilmach()
        .args(["lint", "--target", "en"])
        .write_stdin("Alma-Ata\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    tilmach()
        .args(["lint", "--target", "EN"])
        .write_stdin("Alma-Ata\n")
        .assert()
        .code(1)
        .stdout(lower);
    let ru = stdout_of(tilmach().args(["lookup", "--lang", "ru", "Kuldja"]));
    assert_eq!(
        stdout_of(tilmach().args(["lookup", "--lang", "RU", "Kuldja"])),
        ru
    );
    assert_eq!(
        stdout_of(tilmach().args(["lookup", "--lang", "KK-cyrl", "Kuldja"])),
        stdout_of(tilmach().args(["lookup", "--lang", "kk-Cyrl", "Kuldja"]))
    );
}

#[test]
fn a_bad_fuzzy_budget_lists_the_valid_values() {
    tilmach()
        .args(["lookup", "--fuzzy", "3", "Kuldja"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("0, 1, 2, auto")
                .and(predicate::str::contains("did you mean").not()),
        );
}

#[test]
fn limit_zero_is_a_usage_error() {
    tilmach()
        .args(["lookup", "--limit", "0", "Kuldja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 1"));
    tilmach()
        .args(["lookup", "--limit", "1", "--json", "Kuldja"])
        .assert()
        .success();
}

#[test]
fn check_says_whose_entries_it_counted() {
    // tests/data/glossary/user: my-village (new) and ghulja (replacing the embedded entry).
    let embedded = {
        let out = stdout_of(tilmach().arg("check"));
        out.split(':')
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("no count in {out:?}"))
    };
    tilmach()
        .args(["check", "tests/data/glossary/user"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "2 entries of its own, 1 of them replacing an embedded entry, {} embedded ({} in all)",
            embedded - 1,
            embedded + 1
        )));
}

#[test]
fn list_columns_line_up_and_never_glue() {
    let rows: Vec<serde_json::Value> =
        stdout_of(tilmach().args(["list", "--sort", "kk", "--json"]))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let text = stdout_of(tilmach().args(["list", "--sort", "kk"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows.len());
    let mut columns = std::collections::BTreeSet::new();
    let mut long = 0;
    for (line, row) in lines.iter().zip(rows) {
        let gloss = row["gloss"].as_str().unwrap();
        let name = row["name"].as_str().unwrap();
        let before = line
            .strip_suffix(gloss)
            .unwrap_or_else(|| panic!("{line:?} does not end with its gloss"));
        assert!(before.ends_with("  "), "glued: {line:?}");
        columns.insert(unicode_width::UnicodeWidthStr::width(before));
        if unicode_width::UnicodeWidthStr::width(name) > 32 {
            long += 1;
            assert!(before.trim_end().ends_with('…'), "{line:?}");
        }
    }
    assert!(long > 0, "no long name to test with");
    assert_eq!(columns.len(), 1, "glosses start in columns {columns:?}");
}

#[test]
fn show_says_which_source_saw_which_form() {
    let text = stdout_of(tilmach().args(["show", "--color", "never", "ghulja"]));
    let lines: Vec<&str> = text.lines().collect();
    // Each quote is followed by the forms it attests; the quote's own words are the truth.
    let kuldja = lines
        .iter()
        .position(|l| l.contains("[thesis-2019]") && l.contains("in Kuldja”"))
        .unwrap_or_else(|| panic!("no Kuldja quote in {text}"));
    assert_eq!(lines.get(kuldja + 1), Some(&"    saw: Kuldja (en)"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(tilmach().args(["show", "--json", "ghulja"]))).unwrap();
    for citation in json["sources"].as_array().unwrap() {
        let quote = citation["quote"].as_str().unwrap_or("").to_lowercase();
        for form in citation["saw"].as_array().unwrap() {
            let text = form["text"].as_str().unwrap().to_lowercase();
            assert!(quote.contains(&text), "{text} is not in {quote}");
        }
    }
}
