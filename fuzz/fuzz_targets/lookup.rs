//! Any query against the embedded glossary, with every stage on: never a panic, bounded work.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::Glossary;
use tilmach::lookup::{Fuzzy, SearchOptions};

fuzz_target!(|input: (bool, u8, &str)| {
    let (prefix, budget, query) = input;
    let fuzzy = match budget % 4 {
        3 => Fuzzy::Auto,
        d => Fuzzy::Exact(d),
    };
    let options = SearchOptions { fuzzy, prefix, ..SearchOptions::default() };
    let _ = Glossary::embedded().search(query, &options);
});
