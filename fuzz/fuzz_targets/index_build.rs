//! Arbitrary records through the index builder: refused with a reason, or built into bytes that
//! open with every check (the structural fst check included) and find each record's own text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::Status;
use tilmach::index::{Index, IndexBuilder, IndexRecord};
use tilmach::lookup::SearchOptions;

fuzz_target!(|records: Vec<(u8, &str, &str, u8)>| {
    let langs = ["en", "ru", "kk-Cyrl", "ug-Arab", "und", "zh-Latn-pinyin"];
    let mut builder = IndexBuilder::new();
    let mut texts = Vec::new();
    for (entry, lang, text, status) in records.into_iter().take(64) {
        let entry = format!("e{entry}");
        let lang = if lang.len() < 3 { langs[lang.len() % langs.len()] } else { lang };
        let status = Status::ALL[usize::from(status) % Status::ALL.len()];
        let record = IndexRecord { entry: &entry, lang, text, status, derived: false };
        if builder.add(record).is_ok() {
            texts.push(text);
        }
    }
    let Ok(bytes) = builder.build() else {
        return;
    };
    let index = Index::open(bytes.as_slice()).expect("what the builder writes opens with every check");
    assert_eq!(index.len(), texts.len());
    for text in texts.iter().take(4) {
        let _ = index.search(text, &SearchOptions::default());
    }
});
