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

/// Opens `bytes` and, when it opens, runs every search kind a command runs.
fn open_and_search(bytes: &[u8]) {
    let Ok(index) = Index::open(bytes) else {
        return;
    };
    for query in ["Kuldja", "Gh"] {
        let options = SearchOptions {
            fuzzy: Fuzzy::Exact(2),
            prefix: true,
            ..SearchOptions::default()
        };
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
