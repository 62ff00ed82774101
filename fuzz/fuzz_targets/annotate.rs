//! Any text through annotate with the embedded glossary: never a panic, and every mention's
//! offsets slice out its text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tilmach::Glossary;
use tilmach::text::Annotator;

fuzz_target!(|text: &str| {
    static ANNOTATOR: OnceLock<Annotator<'static>> = OnceLock::new();
    let annotator = ANNOTATOR.get_or_init(|| Annotator::new(Glossary::embedded()));
    for mention in annotator.annotate(text) {
        let slice = text.get(mention.start as usize..mention.end as usize);
        assert_eq!(slice, Some(mention.text), "offsets do not slice out the mention");
    }
});
