//! The embedded glossary's index file, edited in its payload or anywhere else and resealed (every
//! checksum recomputed): `Glossary::from_index` with verification refuses it, or every entry
//! decodes and lookups, expansion and every exporter run without a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tilmach::Glossary;
use tilmach::export::{Format, export};
use tilmach::glossary::IndexBytes;

#[path = "../common/reseal.rs"]
mod reseal;

fn valid() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| Glossary::embedded().to_index_bytes().expect("the embedded glossary indexes"))
}

fuzz_target!(|input: (bool, Vec<(u32, u8)>)| {
    let (payload_only, edits) = input;
    let mut bytes = valid().to_vec();
    let sections = reseal::sections(&bytes).expect("a section table");
    let (start, end) = if payload_only {
        sections.iter().find(|s| s.0 == 12).map(|s| (s.1, s.2)).expect("a payload")
    } else {
        (0, bytes.len())
    };
    for (at, value) in edits.into_iter().take(8) {
        bytes[start + at as usize % (end - start)] ^= value;
    }
    reseal::reseal(&mut bytes);
    let Ok(glossary) = Glossary::from_index(IndexBytes::Owned(bytes.into()), true) else {
        return;
    };
    assert_eq!(glossary.entries().count(), glossary.len(), "a verified glossary decodes every entry");
    let _ = glossary.lookup("Kuldja").run();
    let _ = tilmach::text::expand::expand(&glossary, "Zharkent");
    for format in Format::ALL {
        let _ = export(&glossary, format, &mut std::io::sink());
    }
});
