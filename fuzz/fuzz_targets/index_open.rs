//! Any bytes as an index file: refused by the verified open, or opened and searched without a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::index::Index;
use tilmach::lookup::SearchOptions;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(index) = Index::open(bytes) {
        let _ = index.search("Kuldja", &SearchOptions::default());
        for form in 0..index.len().min(16) {
            let _ = index.record(form as u32);
        }
    }
});
