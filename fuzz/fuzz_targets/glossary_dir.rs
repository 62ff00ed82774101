//! Two entry files written into a glossary directory and loaded as `tilmach check` and the
//! other commands load them — on their own, and layered over the embedded glossary — with
//! derivation: problems are reported, never a panic. What loads is looked up, expanded, listed,
//! linted and exported, and every exporter's output parses back (JSON, TBX's XML, CSV rows).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tilmach::export::{Format, export};
use tilmach::text::Annotator;
use tilmach::text::lint::Linter;
use tilmach::{Glossary, GlossaryBuilder, LangTag};

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tilmach-fuzz-glossary-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("place")).expect("a temporary directory");
        std::fs::write(dir.join("sources.toml"), "[my-notes]\ntitle = \"Notes\"\n").expect("sources.toml");
        dir
    })
}

/// Counts CSV records (RFC 4180: quoted fields may hold line ends).
fn csv_records(text: &str) -> usize {
    let (mut records, mut quoted) = (0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => records += 1,
            _ => {}
        }
    }
    assert!(!quoted, "an unterminated quoted CSV field");
    records
}

fn exercise(glossary: &Glossary) {
    let forms: usize = glossary.entries().map(|e| e.forms.len()).sum();
    let texts: Vec<String> = glossary.entries().flat_map(|e| e.forms.iter().map(|f| f.text.clone())).take(4).collect();
    for text in &texts {
        let _ = glossary.lookup(text).prefix(true).run();
        let _ = tilmach::text::expand::expand(glossary, text);
    }
    let annotator = Annotator::new(glossary);
    let linter = Linter::new(&annotator, LangTag::parse_range("kk").expect("a tag"), Some(2024));
    let _ = linter.lint(&texts.join(" "));
    for format in Format::ALL {
        let mut out = Vec::new();
        if export(glossary, format, &mut out).is_err() {
            continue;
        }
        let text = String::from_utf8(out).expect("exports are UTF-8");
        match format {
            Format::Json => {
                serde_json::from_str::<serde_json::Value>(&text).expect("the JSON export parses");
            }
            Format::Tbx => {
                roxmltree::Document::parse(&text).expect("the TBX export is well-formed XML");
            }
            Format::Csv => assert_eq!(csv_records(&text), forms + 1, "one CSV row per form"),
            Format::CsvConcepts => {
                assert_eq!(csv_records(&text), glossary.len() + 1, "one CSV row per entry")
            }
            Format::SolrSynonyms => {}
        }
    }
}

fuzz_target!(|input: (&str, &str)| {
    let dir = dir();
    let (a, b) = input;
    std::fs::write(dir.join("place/fuzz-a.toml"), a).expect("write a");
    std::fs::write(dir.join("place/fuzz-b.toml"), b).expect("write b");
    if let Ok((glossary, _findings)) = GlossaryBuilder::new().embedded(false).dir(dir).build_checked() {
        exercise(&glossary);
        if let Ok(bytes) = glossary.to_index_bytes() {
            let reopened = Glossary::from_index(tilmach::glossary::IndexBytes::Owned(bytes.into()), true)
                .expect("an index of a loaded glossary reopens with every check");
            assert_eq!(reopened.len(), glossary.len());
        }
    }
    // Layered over the embedded glossary.
    if let Ok(layered) = GlossaryBuilder::new().embedded(true).dir(dir).build() {
        let _ = layered.lookup("Kuldja").run();
        let _ = tilmach::text::expand::expand(&layered, "Zharkent");
        assert!(layered.entries().count() == layered.len());
    }
});
