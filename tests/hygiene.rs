//! Hostile input through every command: random bytes, NUL bytes, bidi controls, byte-order marks,
//! CRLF line ends, empty input, a 1 MB line, 10^5 names, and a writer killed half-way. The only
//! acceptable outcomes are exit 0, 1 or 2 with a message — never a crash, a hang or a half file.

use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use proptest::prelude::*;

fn tilmach() -> Command {
    Command::cargo_bin("tilmach").unwrap()
}

/// Runs `args` with `stdin` and checks that it ended with 0, 1 or 2 and did not panic.
fn survives(args: &[&str], stdin: &[u8]) {
    let output = tilmach()
        .args(args)
        .write_stdin(stdin.to_vec())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(code, Some(0..=2)),
        "{args:?} exited {code:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    if code == Some(2) {
        assert!(
            stderr.starts_with("tilmach: ") || stderr.contains("error"),
            "{args:?}: unclear message {stderr:?}"
        );
    }
}

const STDIN_COMMANDS: &[&[&str]] = &[
    &["lookup"],
    &["lookup", "--lossy"],
    &["translit", "--from", "ug-arab", "--to", "ug-latn"],
    &[
        "translit", "--strict", "--from", "ru-cyrl", "--to", "ru-bgn",
    ],
    &["normalize", "--key"],
    &["normalize", "--skeleton"],
    &["annotate", "--json"],
    &["lint", "--target", "en"],
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn random_bytes_through_every_command(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for args in STDIN_COMMANDS {
            survives(args, &bytes);
        }
    }
}

#[test]
fn awkward_but_valid_input_is_handled() {
    let inputs: &[&[u8]] = &[
        b"",
        b"\n\n\n",
        b"\xEF\xBB\xBFKuldja\r\n\xD0\x9A\xD1\x83\xD0\xBB\xD1\x8C\xD0\xB4\xD0\xB6\xD0\xB0\r\n",
        "Kul\u{0}dja\n".as_bytes(),
        "\u{202B}غۇلجا\u{202C}\n\u{200F}Құлжа\u{200E}\n".as_bytes(),
        "\u{FEFF}\u{FEFF}\u{FEFF}\n".as_bytes(),
    ];
    for args in STDIN_COMMANDS {
        for input in inputs {
            survives(args, input);
        }
    }
    // Bidi marks and a BOM do not stop a lookup from finding its entry.
    let output = tilmach()
        .arg("lookup")
        .write_stdin("\u{FEFF}\u{200F}Құлжа\u{200E}\r\n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"ghulja\""));
}

#[test]
fn a_one_megabyte_line_is_handled_in_bounded_time() {
    let line = "Кульджа Алматы ".repeat(40_000);
    assert!(line.len() > 1_000_000);
    for args in [
        &["translit", "--from", "ru-cyrl", "--to", "ru-bgn"][..],
        &["normalize", "--key"][..],
        &["annotate", "--json"][..],
    ] {
        survives(args, format!("{line}\n").as_bytes());
    }
    // Over the 1 MiB line limit of batch lookup: refused with the line number, not buffered.
    let huge = "x".repeat(2 << 20);
    let output = tilmach().arg("lookup").write_stdin(huge).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>:1:"));
}

#[test]
fn random_files_as_glossaries_and_indexes_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    };
    let glossary = dir.path().join("glossary");
    std::fs::create_dir(&glossary).unwrap();
    std::fs::write(glossary.join("noise.toml"), noise(5000)).unwrap();
    std::fs::write(glossary.join("sources.toml"), noise(300)).unwrap();
    let index = dir.path().join("noise.idx");
    std::fs::write(&index, noise(100_000)).unwrap();
    let table = dir.path().join("noise.tsv");
    std::fs::write(&table, noise(10_000)).unwrap();
    let glossary = glossary.to_str().unwrap();
    let index = index.to_str().unwrap();
    let table = table.to_str().unwrap();
    let out = dir.path().join("out.idx");
    let out = out.to_str().unwrap();
    let imported = dir.path().join("imported");
    let imported = imported.to_str().unwrap();
    for args in [
        vec!["check", glossary],
        vec!["--glossary", glossary, "lookup", "Kuldja"],
        vec!["--index", index, "lookup", "Kuldja"],
        vec!["index", "build", table, "-o", out],
        vec!["annotate", table],
        vec!["lint", "--target", "ru", table],
        vec!["import", "--from", "tbx", table, "-o", imported],
        vec!["import", "--from", "csv", index, "-o", imported],
    ] {
        survives(&args, b"");
    }
    assert!(!std::path::Path::new(out).exists());
}

#[test]
fn an_index_writer_killed_half_way_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("names.tsv");
    let mut tsv = String::with_capacity(4 << 20);
    for i in 0..100_000u32 {
        tsv.push_str(&format!("n{i}\tund\tName{i} Qala{}\n", i % 977));
    }
    std::fs::write(&table, tsv).unwrap();
    let target = dir.path().join("names.idx");
    std::fs::write(&target, b"the previous file").unwrap();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tilmach"))
        .args(["index", "build"])
        .arg(&table)
        .arg("-o")
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(150));
    let _ = child.kill();
    let _ = child.wait();
    // Either the old file is intact or the new one is whole; never a truncated one.
    let bytes = std::fs::read(&target).unwrap();
    assert!(bytes == b"the previous file" || tilmach::index::Index::open(&bytes[..]).is_ok());
    // And a run left alone builds an index of all 10^5 names.
    tilmach()
        .args(["index", "build"])
        .arg(&table)
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    let index = tilmach::index::Index::open(std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(index.entries(), 100_000);
    let hits = index
        .search(
            &format!("Name99999 Qala{}", 99_999 % 977),
            &tilmach::lookup::SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(index.record(hits[0].form).unwrap().entry_id, "n99999");
}
