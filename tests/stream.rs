//! The streaming commands give the same output, errors and exit status on every number of
//! threads and with any block size as on one thread: random inputs of glossary forms (so that
//! mentions, multi-word ones included, fall across block boundaries), line breaks, invalid
//! UTF-8, byte-order marks and NUL bytes.

use std::sync::OnceLock;

use assert_cmd::Command;
use proptest::prelude::*;

/// The commands that read standard input in blocks, with the options that change how they read.
const COMMANDS: &[&[&str]] = &[
    &["translit", "--from", "ru-cyrl", "--to", "ru-bgn"],
    &[
        "translit", "--from", "kk-cyrl", "--to", "kk-latn", "--strict",
    ],
    &[
        "translit", "--from", "ug-arab", "--to", "ug-latn", "--lossy",
    ],
    &["normalize", "--key", "--lossy"],
    &["normalize"],
    &["lookup", "--fuzzy", "0"],
    &["lookup", "--lossy", "--limit", "2"],
    &["expand", "--lossy"],
    &["annotate", "--json"],
    &["annotate", "--lossy", "--json"],
    &["annotate", "--color", "always", "--lossy"],
    &["lint", "--target", "kk", "--json", "--lossy"],
];

/// Forms of the embedded glossary, multi-word ones first.
fn forms() -> &'static [String] {
    static FORMS: OnceLock<Vec<String>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let glossary = tilmach::Glossary::embedded();
        let mut forms: Vec<String> = glossary
            .entries()
            .flat_map(|e| e.forms.iter().map(|f| f.text.clone()))
            .collect();
        forms.sort_by_key(|f| (!f.contains(' '), f.clone()));
        forms.dedup();
        forms
    })
}

/// Standard output, standard error and exit status of `tilmach ARGS` on `input`.
fn run(args: &[&str], input: &[u8]) -> (Vec<u8>, String, Option<i32>) {
    let output = Command::cargo_bin("tilmach")
        .unwrap()
        .env_remove("NO_COLOR")
        .args(args)
        .write_stdin(input.to_vec())
        .output()
        .unwrap();
    (
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    let n = forms().len();
    let piece = prop_oneof![
        6 => (0..n).prop_map(|i| forms()[i].as_bytes().to_vec()),
        2 => (0..n.min(40)).prop_map(|i| forms()[i].as_bytes().to_vec()),
        2 => (0..n).prop_map(|i| format!("{}да", forms()[i]).into_bytes()),
        5 => Just(b" ".to_vec()),
        3 => Just(b"\n".to_vec()),
        1 => Just(b"\r\n".to_vec()),
        1 => Just(b", ".to_vec()),
        1 => Just(b". ".to_vec()),
        1 => Just(b"\xFF".to_vec()),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => Just(b"\0".to_vec()),
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_thread_count_and_block_size_gives_the_sequential_output(
        input in input(),
        block in 1usize..160,
        threads in 2usize..4,
    ) {
        for command in COMMANDS {
            let sequential: Vec<&str> = ["-j1"].iter().chain(command.iter()).copied().collect();
            let threads = threads.to_string();
            let block = block.to_string();
            let parallel: Vec<&str> = ["-j", &threads, "--block-size", &block]
                .iter()
                .chain(command.iter())
                .copied()
                .collect();
            let expected = run(&sequential, &input);
            let got = run(&parallel, &input);
            prop_assert_eq!(&got.0, &expected.0, "stdout of {:?}", command);
            prop_assert_eq!(&got.1, &expected.1, "stderr of {:?}", command);
            prop_assert_eq!(got.2, expected.2, "status of {:?}", command);
        }
    }
}

#[test]
fn errors_after_many_blocks_are_located_in_the_whole_stream() {
    let mut input = "Алматы Құлжа\n".repeat(5000).into_bytes();
    let at = input.len() + 3;
    input.extend_from_slice(b"abc\xFF\n");
    input.extend_from_slice("Құлжа\n".repeat(100).as_bytes());
    let (out, err, status) = run(
        &[
            "-j2",
            "--block-size",
            "64",
            "translit",
            "--from",
            "kk-cyrl",
            "--to",
            "kk-latn",
        ],
        &input,
    );
    assert_eq!(status, Some(2));
    assert!(
        err.contains(&format!("<stdin>:5001: invalid UTF-8 at byte offset {at}")),
        "{err}"
    );
    assert_eq!(out, "Almaty Qūlja\n".repeat(5000).into_bytes());
    let (out, err, status) = run(&["-j2", "--block-size", "64", "annotate", "--json"], &input);
    assert_eq!(status, Some(2));
    assert!(
        err.contains(&format!("invalid UTF-8 at byte offset {at} (line 5001)")),
        "{err}"
    );
    let last: serde_json::Value =
        serde_json::from_slice(out.split(|&b| b == b'\n').rev().nth(1).unwrap()).unwrap();
    assert_eq!(last["line"], 5000);
    assert_eq!(last["char_start"], 4999 * 13 + 7);
}

/// The names of two people who share the surname Wang (Ван), in full and by the surname.
const WANG: &[(&str, Option<&str>)] = &[
    ("Wang Yi", Some("wang-yi")),
    ("Ван И", Some("wang-yi")),
    ("Wang Jianping", Some("wang-jianping")),
    ("Ван Цзяньпин", Some("wang-jianping")),
    ("Wang", None),
    ("Ван", None),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A surname two people share names the one of them the stream named in full before it
    /// (none when neither or both were), on every thread count and block size.
    #[test]
    fn a_shared_surname_is_resolved_from_the_stream_before_it_on_any_blocks(
        names in proptest::collection::vec((0..WANG.len(), proptest::bool::ANY), 0..80),
        block in 1usize..120,
        threads in 1usize..4,
    ) {
        let mut input = String::new();
        let mut named = std::collections::BTreeSet::new();
        let mut expected = Vec::new();
        for &(i, newline) in &names {
            let (text, id) = WANG[i];
            input.push_str(text);
            input.push_str(if newline { ".\n" } else { ". " });
            match id {
                Some(id) => {
                    named.insert(id);
                    expected.push((text.to_owned(), id.to_owned(), false));
                }
                None if named.len() == 1 => {
                    let id = named.iter().next().unwrap();
                    expected.push((text.to_owned(), (*id).to_owned(), true));
                }
                None => {}
            }
        }
        let threads = format!("-j{threads}");
        let block = block.to_string();
        let (out, err, _) = run(
            &[&threads, "--block-size", &block, "annotate", "--json"],
            input.as_bytes(),
        );
        prop_assert_eq!(err, "");
        let got: Vec<(String, String, bool)> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["text"].as_str().unwrap().to_owned(),
                    v["id"].as_str().unwrap().to_owned(),
                    v["by_surname"] == true,
                )
            })
            .collect();
        prop_assert_eq!(got, expected);
    }
}
