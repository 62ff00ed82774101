//! Any text linted for any target language against the embedded glossary: never a panic, and
//! every finding lies inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tilmach::text::Annotator;
use tilmach::text::lint::Linter;
use tilmach::{Glossary, LangTag};

fuzz_target!(|input: (&str, Option<i16>, &str)| {
    static ANNOTATOR: OnceLock<Annotator<'static>> = OnceLock::new();
    let annotator = ANNOTATOR.get_or_init(|| Annotator::new(Glossary::embedded()));
    let (target, year, text) = input;
    let Ok(target) = LangTag::parse_range(target) else {
        return;
    };
    let _ = target.unknown_warning(Glossary::embedded().languages().iter().map(String::as_str));
    let linter = Linter::new(annotator, target, year.map(i32::from));
    for finding in linter.lint(text) {
        let m = &finding.mention;
        assert_eq!(text.get(m.start as usize..m.end as usize), Some(m.text));
    }
});
