//! Reading `sources.toml`: the documents a glossary layer cites, one table per source key.

use std::path::Path;

use super::parse::parse_toml;
use super::reader::Reader;
use super::{Layer, is_valid_id};
use crate::error::Problem;
use crate::glossary::model::Source;

const SOURCE_FIELDS: &[&str] = &["title", "author", "date", "publisher", "url", "file"];

/// Reads the sources of `sources.toml` at `path`, whose text is `text`, into `layer`.
pub(super) fn read_sources(
    path: &Path,
    text: &str,
    layer: &mut Layer,
    problems: &mut Vec<Problem>,
) {
    let Some(table) = parse_toml(path, text, problems) else {
        return;
    };
    let mut r = Reader::new(path, text, problems);
    for (key, value) in table.iter() {
        let key_text = key.get_ref().to_string();
        if !is_valid_id(&key_text) {
            r.report(
                &key.span(),
                format!("{key_text:?} is not a valid source key"),
                "source keys are ASCII kebab-case, e.g. odr-2021",
            );
            continue;
        }
        let Some(fields) = value.get_ref().as_table() else {
            r.type_error(
                &format!("source {key_text}"),
                value,
                "a table",
                &format!("[{key_text}] followed by title = \"…\""),
            );
            continue;
        };
        r.known_keys(fields, SOURCE_FIELDS, "source");
        let span = key.span();
        let Some((title, _)) =
            r.required_string(fields, &span, "title", "the source", "title = \"…\"")
        else {
            continue;
        };
        let mut optional = |name: &str| {
            r.string(fields, name, &format!("{name} = \"…\""))
                .map(|(s, _)| s)
        };
        let source = Source {
            key: key_text,
            title,
            author: optional("author"),
            date: optional("date"),
            publisher: optional("publisher"),
            url: optional("url"),
            file: optional("file"),
        };
        layer.sources.push(source);
    }
}
