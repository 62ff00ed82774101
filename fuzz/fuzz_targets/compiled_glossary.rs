//! Any bytes as a compiled glossary: refused with an error or decoded, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(glossary) = tilmach::Glossary::from_bytes(bytes) {
        let _ = glossary.find_exact("Kuldja");
    }
});
