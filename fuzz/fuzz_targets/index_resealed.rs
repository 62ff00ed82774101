//! A valid index edited anywhere — an fst section above all — with every checksum recomputed
//! afterwards, so that the edits reach the structural checks: refused by `Index::open`, or
//! opened and searched (fuzzy with two edits, prefix, exhaustive) without a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tilmach::Status;
use tilmach::index::{Index, IndexBuilder, IndexRecord};
use tilmach::lookup::{Fuzzy, SearchOptions};

#[path = "../common/reseal.rs"]
mod reseal;

fn valid() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut builder = IndexBuilder::new();
        let names = [
            ("ghulja", "en", "Ghulja"), ("ghulja", "ru", "Кульджа"), ("ghulja", "kk-Cyrl", "Құлжа"),
            ("ghulja", "ug-Arab", "غۇلجا"), ("zharkent", "en", "Zharkent"), ("zharkent", "ru", "Жаркент"),
            ("almaty", "en", "Almaty"), ("almaty", "kk-Cyrl", "Алматы"), ("urumqi", "en", "Ürümqi"),
        ];
        for (entry, lang, text) in names {
            builder
                .add(IndexRecord { entry, lang, text, status: Status::Variant, derived: false })
                .expect("valid records");
        }
        builder.build().expect("a small index builds")
    })
}

fuzz_target!(|input: (u8, Vec<(u16, u8)>)| {
    let (section, edits) = input;
    let mut bytes = valid().to_vec();
    let sections = reseal::sections(&bytes).expect("the valid index has a section table");
    // Mostly the fsts; sometimes any section.
    let (_, start, end) = if section < 200 {
        let fsts: Vec<_> = sections.iter().filter(|s| reseal::FST_TAGS.contains(&s.0)).collect();
        *fsts[usize::from(section) % fsts.len()]
    } else {
        sections[usize::from(section) % sections.len()]
    };
    let len = end - start;
    if len == 0 {
        return;
    }
    for (at, value) in edits.into_iter().take(16) {
        bytes[start + usize::from(at) % len] ^= value;
    }
    reseal::reseal(&mut bytes);
    let Ok(index) = Index::open(bytes.as_slice()) else {
        return;
    };
    for query in ["Kuldja", "Zharkemt", "Al", "Құлжа"] {
        let options = SearchOptions { fuzzy: Fuzzy::Exact(2), prefix: true, ..SearchOptions::default() };
        let _ = index.search(query, &options);
        let _ = index.search_exhaustive(query, &SearchOptions::default());
    }
    for form in 0..index.len() as u32 {
        let _ = index.record(form);
    }
});
