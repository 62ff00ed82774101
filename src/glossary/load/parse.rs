//! Parsing a glossary file as TOML, with span information and a limit on nesting.
//!
//! Before the parser runs, a cheap scan measures how deep arrays and inline tables nest, so that
//! a pathological file is refused instead of exhausting the parser's stack.

use std::path::Path;

use toml::de::DeTable;

use super::MAX_NESTING;
use crate::error::{Location, Problem};

/// Parses `text` as TOML, reporting syntax errors and excessive nesting; `None` if unusable.
pub(super) fn parse_toml<'t>(
    path: &Path,
    text: &'t str,
    problems: &mut Vec<Problem>,
) -> Option<DeTable<'t>> {
    if let Some(offset) = too_deep(text) {
        problems.push(
            Problem::at(
                Location::from_offset(path, text, offset),
                format!("arrays or tables nested deeper than {MAX_NESTING} levels"),
            )
            .hint(
                "glossary files need at most three levels of nesting; check for unclosed brackets",
            ),
        );
        return None;
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table.into_inner());
    }
    for error in errors {
        let offset = error.span().map_or(0, |span| span.start);
        let message = error.message().trim_end().trim_end_matches('.').to_owned();
        problems.push(
            Problem::at(Location::from_offset(path, text, offset), format!("TOML syntax: {message}"))
                .hint("see glossary/README.md for the format; strings need double quotes, arrays brackets"),
        );
    }
    None
}

/// The byte offset where bracket nesting first exceeds [`MAX_NESTING`], if it does.
///
/// A cheap scan that skips quoted strings and comments, run before the parser so that a
/// pathological file cannot exhaust the parser's stack.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                i += if triple { 3 } else { 1 };
                loop {
                    match bytes.get(i) {
                        None => return None,
                        Some(b'\\') if b == b'"' => i += 2,
                        Some(&c)
                            if c == b
                                && (!triple || bytes.get(i..i + 3) == Some(&[b, b, b][..])) =>
                        {
                            i += if triple { 3 } else { 1 };
                            break;
                        }
                        Some(b'\n') if !triple => break,
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_and_comments() {
        assert_eq!(
            too_deep(
                "a = \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
            ),
            None
        );
        let deep = format!("a = {}1{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(too_deep(&deep), Some(4 + MAX_NESTING));
        assert_eq!(
            too_deep("a = '''\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n'''"),
            None
        );
    }
}
