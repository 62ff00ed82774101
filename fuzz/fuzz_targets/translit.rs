//! Any text through every scheme to its pivot and from its pivot, plain and strict: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::translit::{Scheme, Transliterator};

fuzz_target!(|input: (u8, &str)| {
    let (pick, text) = input;
    let schemes = Scheme::all();
    let scheme = schemes[usize::from(pick) % schemes.len()];
    let pivot = scheme.pivot();
    for (from, to) in [(scheme, pivot), (pivot, scheme)] {
        if let Ok(t) = Transliterator::new(from, to) {
            let _ = t.convert(text);
            let _ = t.convert_strict(text);
        }
    }
});
