//! Untrusted inputs: crafted index files whose checksums are right, oversized or endless files,
//! and the other ways shared files could make a command misbehave.

use tilmach::index::{Index, IndexBuilder, read_name_tables};
use tilmach::lookup::{Fuzzy, SearchOptions};

#[path = "../fuzz/common/reseal.rs"]
mod reseal;

fn places() -> Vec<u8> {
    let rows = read_name_tables(&["tests/data/index/places.tsv"]).unwrap();
    let mut builder = IndexBuilder::new();
    builder.add_rows(&rows).unwrap();
    builder.build().unwrap()
}

/// Opens `bytes` and, when it opens, runs every search kind a command runs; opened with the
/// fsts checked on first use, the same searches never panic either, and they answer as the
/// index opened with every check does when that one opens.
fn open_and_search(bytes: &[u8]) {
    let options = SearchOptions {
        fuzzy: Fuzzy::Exact(2),
        prefix: true,
        ..SearchOptions::default()
    };
    let eager = Index::open(bytes);
    if let Ok(lazy) = Index::open_lazily(bytes) {
        for query in ["Kuldja", "Gh", "Zharkemt"] {
            let answer = lazy.search(query, &options);
            if let Ok(eager) = &eager {
                assert_eq!(
                    answer.ok(),
                    eager.search(query, &options).ok(),
                    "{query}: checked on first use and at opening disagree"
                );
            }
        }
    } else {
        assert!(eager.is_err(), "opens with every check but not lazily");
    }
    let Ok(index) = eager else {
        return;
    };
    for query in ["Kuldja", "Gh"] {
        let _ = index.search(query, &options);
    }
    let _ = index.search_exhaustive("Zharkemt", &SearchOptions::default());
    for form in 0..index.len() as u32 {
        let _ = index.record(form);
    }
}

/// A single-byte change at every position inside each fst section (one bit, and all bits), with every checksum recomputed, is refused
/// or opens into an index that searches without a panic.
#[test]
fn fst_bytes_changed_and_resealed_never_panic() {
    let good = places();
    let sections = reseal::sections(&good).unwrap();
    let mut opened = 0;
    for (tag, start, end) in sections {
        if !reseal::FST_TAGS.contains(&tag) {
            continue;
        }
        for at in start..end - 4 {
            for change in [1u8 << (at % 8), 0xFF] {
                let mut bytes = good.clone();
                bytes[at] ^= change;
                reseal::reseal(&mut bytes);
                if Index::open(bytes.as_slice()).is_ok() {
                    opened += 1;
                }
                open_and_search(&bytes);
            }
        }
    }
    // Some changes (an output or an input byte) still make a well-formed fst.
    assert!(opened > 0);
}

/// The record tables (forms, text and id offsets, entry forms, entry kinds: tags 6–9 and 14)
/// are checked whole at opening: a one-bit or all-bits change of any of their bytes, checksum
/// recomputed, is refused, or opens into an index every record and entry of which reads.
#[test]
fn record_table_bytes_changed_and_resealed_are_refused_or_read_whole() {
    let good = places();
    let sections = reseal::sections(&good).unwrap();
    let (mut opened, mut refused) = (0, 0);
    for (tag, start, end) in sections {
        if ![6, 7, 8, 9, 14].contains(&tag) {
            continue;
        }
        for at in start..end {
            for change in [1u8 << (at % 8), 0xFF] {
                let mut bytes = good.clone();
                bytes[at] ^= change;
                reseal::reseal(&mut bytes);
                let Ok(index) = Index::open(bytes.as_slice()) else {
                    refused += 1;
                    continue;
                };
                opened += 1;
                for form in 0..index.len() as u32 {
                    let record = index.record(form).unwrap();
                    assert!(index.entry_forms(record.entry).unwrap().contains(&form));
                }
                for entry in 0..index.entries() as u32 {
                    assert!(!index.entry_forms(entry).unwrap().is_empty());
                }
                open_and_search(&bytes);
            }
        }
    }
    // A changed status or language can still be a consistent table; a changed width, base or
    // offset mostly is not.
    assert!(refused > 0, "{refused} refused, {opened} opened");
}

#[path = "support/big_glossary.rs"]
mod big_glossary;

/// Loading and deriving is linear in the forms of one entry: 20,000 forms (which took minutes
/// when every derived form was compared with every entered form) load in seconds.
#[test]
fn an_entry_with_many_forms_loads_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    big_glossary::one_entry(dir.path(), 20_000);
    let start = std::time::Instant::now();
    let glossary = tilmach::GlossaryBuilder::new()
        .embedded(false)
        .dir(dir.path())
        .build_checked()
        .unwrap()
        .0;
    let forms = glossary.entry("big").unwrap().forms.len();
    assert!(forms > 20_000, "{forms}");
    // A hang guard, not a speed claim (see benches/load.rs): quadratic loading took minutes.
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

// ---- The command line over untrusted files ----

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn tilmach() -> Command {
    let mut cmd = Command::cargo_bin("tilmach").unwrap();
    cmd.env_remove("NO_COLOR").timeout(Duration::from_secs(60));
    cmd
}

/// Builds an index of the user glossary in `tests/data/glossary/user` into `dir`.
fn glossary_index(dir: &Path) -> PathBuf {
    let path = dir.join("user.idx");
    tilmach()
        .args([
            "--no-default",
            "index",
            "build",
            "tests/data/glossary/user",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    path
}

/// Builds a name index of `tests/data/index/places.tsv` into `dir`.
fn name_index(dir: &Path) -> PathBuf {
    let path = dir.join("places.idx");
    tilmach()
        .args(["index", "build", "tests/data/index/places.tsv", "-o"])
        .arg(&path)
        .assert()
        .success();
    path
}

/// A copy of the user glossary with one more file, `place/<name>`, made by `make`.
fn user_glossary_with(dir: &Path, name: &str, make: impl FnOnce(&Path)) -> PathBuf {
    let root = dir.join("glossary");
    std::fs::create_dir_all(root.join("place")).unwrap();
    for file in ["sources.toml", "place/my-village.toml", "place/ghulja.toml"] {
        std::fs::copy(
            Path::new("tests/data/glossary/user").join(file),
            root.join(file),
        )
        .unwrap();
    }
    make(&root.join("place").join(name));
    root
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_glossary_directory_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let root = user_glossary_with(dir.path(), "fifo-town.toml", |path| {
        let status = StdCommand::new("mkfifo").arg(path).status().unwrap();
        assert!(status.success());
    });
    tilmach()
        .args(["--no-default", "check"])
        .arg(&root)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fifo-town.toml:1:1"))
        .stdout(predicate::str::contains("FIFO"));
}

#[cfg(unix)]
#[test]
fn a_toml_link_to_an_endless_device_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = user_glossary_with(dir.path(), "zero.toml", |path| {
        std::os::unix::fs::symlink("/dev/zero", path).unwrap();
    });
    tilmach()
        .args(["--no-default", "check"])
        .arg(&root)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("zero.toml:1:1"))
        .stdout(predicate::str::contains("device"));
}

#[test]
fn reads_are_bounded_by_what_is_read_not_by_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grown.txt");
    std::fs::write(&path, vec![b'x'; 1000]).unwrap();
    assert_eq!(
        tilmach::bounded::read_file(&path, 1000).unwrap().len(),
        1000
    );
    let err = tilmach::bounded::read_file(&path, 999).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
    #[cfg(unix)]
    {
        // A device reports length 0 and never ends.
        let err = tilmach::bounded::read_file(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    }
}

#[test]
fn an_overlong_name_in_a_name_table_is_refused_at_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("long.tsv");
    let long = "Ab".repeat(5_000_000);
    std::fs::write(&table, format!("ghulja\ten\tGhulja\nlong\ten\t{long}\n")).unwrap();
    tilmach()
        .args(["index", "build"])
        .arg(&table)
        .arg("-o")
        .arg(dir.path().join("out.idx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("long.tsv:2:9"))
        .stderr(predicate::str::contains("longer than 512 characters"));
    assert!(!dir.path().join("out.idx").exists());
}

#[test]
fn an_overlong_glossary_form_is_refused_at_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let root = user_glossary_with(dir.path(), "long-town.toml", |path| {
        let long = "Ab".repeat(300);
        std::fs::write(
            path,
            format!("kind = \"place\"\ngloss.en = \"x\"\nsources = [{{ source = \"my-notes\" }}]\n\n[[form]]\ntext = \"{long}\"\nlang = \"en\"\nstatus = \"preferred\"\n"),
        )
        .unwrap();
    });
    tilmach()
        .args(["--no-default", "check"])
        .arg(&root)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("long-town.toml:6:8"))
        .stdout(predicate::str::contains("longer than 512 characters"));
}

/// The byte range of the first entry in the compiled glossary carried by an index file.
fn first_entry_span(bytes: &[u8]) -> std::ops::Range<usize> {
    let (_, start, _) = reseal::sections(bytes)
        .unwrap()
        .into_iter()
        .find(|(tag, _, _)| *tag == 12)
        .unwrap();
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let body = start + 8;
    let count = word(body + 4);
    let sources_len = word(body + 8);
    let table = body + 12 + sources_len;
    let blob = table + 4 * (count + 1);
    blob + word(table)..blob + word(table + 4)
}

#[test]
fn a_glossary_index_with_an_entry_that_does_not_decode_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = glossary_index(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let span = first_entry_span(&bytes);
    for b in &mut bytes[span] {
        *b = 0xFF;
    }
    reseal::reseal(&mut bytes);
    std::fs::write(&path, &bytes).unwrap();
    // The first entry by id is ghulja; without the payload check it silently went missing.
    tilmach()
        .args(["--no-default", "--index"])
        .arg(&path)
        .args(["lookup", "Gulja-Town"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("user.idx"))
        .stderr(predicate::str::contains("does not decode"));
}

#[test]
fn batch_lookup_exits_2_after_answering_every_line_when_a_line_failed() {
    let long = "Ж".repeat(600);
    let output = tilmach()
        .arg("lookup")
        .write_stdin(format!("Kuldja\n{long}\nZharkent\n"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "1 input line could not be searched",
        ))
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["hits"][0]["id"], "zharkent");
}

#[test]
fn every_command_answers_from_a_glossary_index_or_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let index = glossary_index(dir.path());
    let with_index = |args: &[&str]| {
        let mut cmd = tilmach();
        cmd.args(["--no-default", "--index"]).arg(&index).args(args);
        cmd
    };
    let export = with_index(&["export", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let export: serde_json::Value = serde_json::from_slice(&export).unwrap();
    assert_eq!(export["entries"].as_array().unwrap().len(), 2, "{export}");
    with_index(&["show", "my-village"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Мойауыл"));
    with_index(&["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("my-village"));
    with_index(&["annotate"])
        .write_stdin("We drove from Myvillage to Ghulja.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("my-village"));
    with_index(&["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a glossary index of 2 entries"));
    // Lint finds the same as with the directory itself.
    let lint = |cmd: &mut Command| {
        cmd.args(["lint", "--target", "kk-Cyrl"])
            .write_stdin("Myvillage\n")
            .assert()
            .get_output()
            .clone()
    };
    let from_index = lint(&mut with_index(&[]));
    let from_dir = lint(tilmach().args(["--no-default", "--glossary", "tests/data/glossary/user"]));
    assert_eq!(from_index.status.code(), from_dir.status.code());
    assert_eq!(from_index.stdout, from_dir.stdout);
    // Commands that use no glossary, and one-glossary commands asked to layer, refuse.
    for args in [
        vec!["translit", "--from", "kk-Cyrl", "--to", "kk-Latn", "Құлжа"],
        vec!["normalize", "Құлжа"],
    ] {
        with_index(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("leave out --index"));
    }
    tilmach()
        .arg("--index")
        .arg(&index)
        .args(["show", "ghulja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-default"));
}

#[test]
fn a_name_index_is_refused_by_commands_that_need_entries() {
    let dir = tempfile::tempdir().unwrap();
    let index = name_index(dir.path());
    for args in [
        vec!["show", "ghulja"],
        vec!["export", "--format", "json"],
        vec!["list"],
    ] {
        tilmach()
            .args(["--no-default", "--index"])
            .arg(&index)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("name index"));
    }
    tilmach()
        .args(["--no-default", "--index"])
        .arg(&index)
        .args(["lookup", "Kuldja"])
        .assert()
        .success();
}

/// A batch reader keeps answering from the file as it was when another program truncates and
/// rewrites it in place (with a memory map, the next read killed it with SIGBUS).
#[cfg(target_os = "linux")]
#[test]
fn an_index_overwritten_in_place_does_not_disturb_a_running_reader() {
    let dir = tempfile::tempdir().unwrap();
    let index = name_index(dir.path());
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tilmach"))
        .args(["--no-default", "--index"])
        .arg(&index)
        .arg("lookup")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The command opens the index before it reads its first query: wait until it is blocked
    // reading standard input (system call 0, read, on file descriptor 0).
    let syscall = format!("/proc/{}/syscall", child.id());
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&syscall).is_ok_and(|s| s.starts_with("0 0x0 ")) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the reader never waited for input"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // `: > idx; cp other idx`: truncated, then rewritten with other bytes, in place.
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&index)
        .unwrap();
    std::fs::write(&index, b"not an index any more").unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "Zharkent\nKuldja").unwrap();
    drop(stdin);
    let mut lines = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        lines.push(line.unwrap());
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in &lines {
        assert!(line.contains("\"hits\":[{"), "{line}");
    }
}

#[test]
fn check_reports_self_references_and_directories_too_deep_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = user_glossary_with(dir.path(), "selfish.toml", |path| {
        std::fs::write(
            path,
            "kind = \"place\"\ngloss.en = \"x\"\nsee = [\"selfish\"]\nsources = [{ source = \"my-notes\" }]\n\n[[form]]\ntext = \"Selfish\"\nlang = \"en\"\nstatus = \"preferred\"\n",
        )
        .unwrap();
    });
    let mut deep = root.clone();
    for level in 0..18 {
        deep = deep.join(format!("d{level}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    tilmach()
        .args(["--no-default", "check"])
        .arg(&root)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("selfish.toml:3:8"))
        .stdout(predicate::str::contains("refers to itself"))
        .stdout(predicate::str::contains("d16:1:1"))
        .stdout(predicate::str::contains("more than 16 levels"));
}

#[test]
fn well_formed_but_unknown_language_tags_get_a_warning_with_the_nearest_known_one() {
    tilmach()
        .args(["lookup", "--lang", "kk-Cyrk", "Kuldja"])
        .assert()
        .stderr(predicate::str::contains("warning: --lang"))
        .stderr(predicate::str::contains("did you mean kk-Cyrl?"));
    tilmach()
        .args(["lint", "--target", "kk-Qqqq"])
        .write_stdin("Kuldja\n")
        .assert()
        .stderr(predicate::str::contains("warning: --target"))
        .stderr(predicate::str::contains(
            "no form has a language matching kk-Qqqq",
        ));
    // An unknown language is refused outright, with the nearest known one.
    tilmach()
        .args(["lint", "--target", "xx-Qqqq"])
        .write_stdin("Kuldja\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--target"));
    // A known range gets no warning.
    tilmach()
        .args(["lookup", "--lang", "kk", "Kuldja"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
}

#[cfg(unix)]
#[test]
fn an_output_link_is_written_through_keeping_the_target_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.idx");
    let link = dir.path().join("link.idx");
    std::fs::write(&real, b"old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    // A writer killed earlier left its temporary file (a process id that never runs).
    let stale = dir.path().join(".real.idx.4294967294.0.tmp");
    std::fs::write(&stale, b"half an index").unwrap();
    tilmach()
        .args(["index", "build", "tests/data/index/places.tsv", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(Index::open(std::fs::read(&real).unwrap()).is_ok());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(!stale.exists());
}

/// Whatever the builder writes opens with every check, the index of no record included (found
/// by the `index_build` fuzz target).
#[test]
fn an_empty_index_opens_with_every_check() {
    let bytes = IndexBuilder::new().build().unwrap();
    let index = Index::open(bytes.as_slice()).unwrap();
    assert!(index.is_empty());
    assert!(
        index
            .search("Kuldja", &SearchOptions::default())
            .unwrap()
            .is_empty()
    );
}
