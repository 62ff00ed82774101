//! Any text through normalize: never a panic, and normalizing twice changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = tilmach::normalize::normalize(text).into_owned();
    let twice = tilmach::normalize::normalize(&once);
    assert_eq!(once, twice, "normalize is not idempotent");
});
