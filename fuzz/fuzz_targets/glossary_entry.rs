//! Any text as a glossary entry file: problems are reported, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = tilmach::glossary::check_entry_text("fuzzed.toml", text);
});
