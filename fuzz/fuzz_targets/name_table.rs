//! Any text as a TSV name table: refused with located problems, or built into an index that
//! opens with every check and answers fuzzy and prefix searches without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::index::{Index, IndexBuilder, parse_name_table};
use tilmach::lookup::{Fuzzy, SearchOptions};

fuzz_target!(|text: &str| {
    let Ok(rows) = parse_name_table("fuzzed.tsv", text) else {
        return;
    };
    let mut builder = IndexBuilder::new();
    if builder.add_rows(&rows).is_err() {
        return;
    }
    let Ok(bytes) = builder.build() else {
        return;
    };
    let index = Index::open(bytes.as_slice()).expect("what the builder writes opens with every check");
    let options = SearchOptions { fuzzy: Fuzzy::Exact(2), prefix: true, ..SearchOptions::default() };
    for row in rows.iter().take(4) {
        let _ = index.search(&row.text, &options);
    }
});
