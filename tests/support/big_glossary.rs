//! Writes large synthetic glossary directories: one entry with many Kazakh Cyrillic forms, or
//! many entries of one form each. Shared by the tests and the loading benchmark (included with
//! `#[path]`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Letters the synthetic names are spelled with (Kazakh Cyrillic, so that every form derives
/// Latin and Arabic-script renderings).
const LETTERS: [char; 24] = [
    'а', 'ә', 'б', 'г', 'ғ', 'д', 'е', 'ж', 'з', 'и', 'к', 'қ', 'л', 'м', 'н', 'ң', 'о', 'ө', 'п',
    'р', 'с', 'т', 'ұ', 'ү',
];

/// The `i`-th synthetic name: distinct for every `i`, four or more letters.
pub fn name(mut i: usize) -> String {
    let mut out = String::new();
    for _ in 0..4 {
        out.push(LETTERS[i % LETTERS.len()]);
        i /= LETTERS.len();
    }
    while i > 0 {
        out.push(LETTERS[i % LETTERS.len()]);
        i /= LETTERS.len();
    }
    out
}

/// One form as an inline table (the most compact spelling, so that large entries fit the file
/// size cap).
fn form(i: usize) -> String {
    let status = if i == 0 { "preferred" } else { "variant" };
    format!(
        "{{text=\"{}\",lang=\"kk-Cyrl\",status=\"{status}\"}},\n",
        name(i)
    )
}

/// The head of every synthetic entry file.
const HEAD: &str = "kind = \"place\"\ngloss.en = \"A synthetic place.\"\nsources = [{ source = \"synthetic\" }]\nform = [\n";

/// Writes `dir/sources.toml` with the one source the entries cite.
fn sources(dir: &Path) {
    std::fs::create_dir_all(dir.join("place")).unwrap();
    std::fs::write(
        dir.join("sources.toml"),
        "[synthetic]\ntitle = \"Synthetic\"\n",
    )
    .unwrap();
}

/// Writes `dir/place/big.toml`: one entry with `forms` Kazakh Cyrillic forms.
pub fn one_entry(dir: &Path, forms: usize) {
    sources(dir);
    let mut text = String::from(HEAD);
    for i in 0..forms {
        text.push_str(&form(i));
    }
    text.push_str("]\n");
    std::fs::write(dir.join("place/big.toml"), text).unwrap();
}

/// Writes `entries` entries of one form each, `dir/place/e-N.toml`.
pub fn many_entries(dir: &Path, entries: usize) {
    sources(dir);
    for i in 0..entries {
        let mut text = String::from(HEAD);
        let _ = write!(text, "{}", form(i).replace("variant", "preferred"));
        text.push_str("]\n");
        std::fs::write(dir.join(format!("place/e-{i}.toml")), text).unwrap();
    }
}
