//! Any text through key, latin_key and skeleton: never a panic, and each key is its own key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::key::{key, latin_key, skeleton};

fuzz_target!(|text: &str| {
    let k = key(text);
    assert_eq!(key(&k), k, "key is not idempotent");
    let _ = latin_key(text);
    let _ = skeleton(text);
});
