//! The glossary page's WebAssembly module: wasm-bindgen glue over the tilmach library.
//!
//! Every answer is the library's own, turned into JSON text for the page's script: lookups
//! ([`tilmach::Glossary::lookup`]), entries ([`tilmach::export::entry_json`]), the best form for a
//! language ([`tilmach::Entry::best_form`]), transliteration ([`tilmach::Transliterator`]), the
//! terminology check ([`tilmach::text::lint::Linter`]) and user glossaries layered over the
//! embedded one ([`tilmach::GlossaryBuilder::texts`]). The only work done here is the
//! conversion of offsets: the library counts bytes of UTF-8, a browser's strings count UTF-16
//! code units.
//!
//! A failure is answered as `{"error": "…"}` rather than thrown, so that the same methods run in
//! the native unit tests below and in the browser.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use std::cell::OnceCell;
use std::path::PathBuf;

use serde_json::{Value, json};
use tilmach::export::{entry_json, form_json};
use tilmach::lookup::Fuzzy;
use tilmach::text::Annotator;
use tilmach::text::lint::Linter;
use tilmach::translit::{Scheme, SchemeInfo, TranslitError};
use tilmach::{Entry, Error, Glossary, GlossaryBuilder, LangTag, Transliterator};
use wasm_bindgen::prelude::wasm_bindgen;

/// The glossary the page searches: the embedded one, or user layers over it.
#[wasm_bindgen]
pub struct Tilmach {
    glossary: &'static Glossary,
    /// The user layers loaded so far: each directory's name and its files.
    layers: Vec<(PathBuf, Vec<(PathBuf, String)>)>,
    /// Built on the first terminology check, for the glossary of the moment.
    annotator: OnceCell<Annotator<'static>>,
}

impl Default for Tilmach {
    fn default() -> Tilmach {
        Tilmach::new()
    }
}

#[wasm_bindgen]
impl Tilmach {
    /// The embedded glossary.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Tilmach {
        Tilmach {
            glossary: Glossary::embedded(),
            layers: Vec::new(),
            annotator: OnceCell::new(),
        }
    }

    /// `{"entries", "layers", "sources"}`: the size of the glossary of the moment.
    pub fn stats(&self) -> String {
        json!({
            "entries": self.glossary.len(),
            "layers": self.layers.iter().map(|(dir, _)| dir.display().to_string()).collect::<Vec<_>>(),
            "sources": self.glossary.sources().len(),
        })
        .to_string()
    }

    /// Looks `query` up as one types it (prefix matches on, the fuzzy budget by length), in
    /// forms of language `lang` (a range such as `kk`; empty for any), at most `limit` entries:
    /// `[{"id", "kind", "headword", "gloss", "stage", "distance", "score", "form"}]`, best
    /// first, or `{"error"}`.
    pub fn search(&self, query: &str, lang: &str, limit: usize) -> String {
        let lang = match parse_lang(lang) {
            Ok(lang) => lang,
            Err(e) => return error(e),
        };
        let found = self
            .glossary
            .lookup(query)
            .fuzzy(Fuzzy::Auto)
            .prefix(true)
            .lang(lang)
            .limit(limit)
            .run();
        match found {
            Ok(found) => Value::Array(
                found
                    .iter()
                    .map(|f| {
                        json!({
                            "id": f.entry.id,
                            "kind": f.entry.kind.as_str(),
                            "headword": f.entry.headword(),
                            "gloss": gloss(f.entry),
                            "stage": f.stage.as_str(),
                            "distance": f.distance,
                            "score": f.score,
                            "form": form_json(f.form),
                        })
                    })
                    .collect(),
            )
            .to_string(),
            Err(e) => error(e),
        }
    }

    /// The entry `id` in full (the shape of `tilmach show --json`), with its headword, the
    /// sources it cites in full, and under `"render"` the form to use in language
    /// `render_for` (a range: `en`, `kk`, `ug`…; empty for none): `{"form": index in "forms"}`,
    /// or `null` when the entry has no form in that language. `{"error"}` for an unknown id.
    pub fn entry(&self, id: &str, render_for: &str) -> String {
        let entry = match self.glossary.entry(id) {
            Ok(entry) => entry,
            Err(e) => return error(e),
        };
        let render = match parse_lang(render_for) {
            Ok(Some(lang)) => entry
                .best_form(&lang)
                .and_then(|best| entry.forms.iter().position(|f| std::ptr::eq(f, best)))
                .map(|i| json!({"form": i})),
            Ok(None) => None,
            Err(e) => return error(e),
        };
        let sources: serde_json::Map<String, Value> = entry
            .sources
            .iter()
            .filter_map(|c| self.glossary.sources().get(&c.source))
            .map(|s| {
                (
                    s.key.clone(),
                    json!({"title": s.title, "author": s.author, "date": s.date,
                           "publisher": s.publisher, "url": s.url}),
                )
            })
            .collect();
        let mut value = entry_json(entry);
        if let Value::Object(fields) = &mut value {
            fields.insert("headword".into(), json!(entry.headword()));
            fields.insert("source_details".into(), Value::Object(sources));
            fields.insert("render".into(), render.unwrap_or(Value::Null));
        }
        value.to_string()
    }

    /// Every transliteration scheme as the library describes it ([`SchemeInfo`]), in the
    /// library's order: `[{"id", "language", "tag", "script", "standard", "pivot", "read",
    /// "write", "reversible"}]`.
    pub fn schemes(&self) -> String {
        let all: Vec<SchemeInfo> = Scheme::all().iter().map(|&s| s.into()).collect();
        json!(all).to_string()
    }

    /// Converts `text` from scheme `from` to scheme `to`: `{"text"}`; strict conversion refuses
    /// the first character outside the alphabet: `{"error", "start", "end"}` with the
    /// character's place in `text` in UTF-16 code units when the character is in `text` itself
    /// (not in the pivot text between the two schemes).
    pub fn translit(&self, from: &str, to: &str, text: &str, strict: bool) -> String {
        let transliterator = match Transliterator::new(from, to) {
            Ok(t) => t,
            Err(e) => return error(e),
        };
        if !strict {
            return json!({"text": transliterator.convert(text)}).to_string();
        }
        match transliterator.convert_strict(text) {
            Ok(converted) => json!({"text": converted}).to_string(),
            Err(e) => match &e {
                TranslitError::OutsideAlphabet { offence, .. } => {
                    let start = utf16_len(text, offence.byte_offset);
                    let end = start + offence.ch.len_utf16();
                    json!({"error": e.to_string(), "start": start, "end": end}).to_string()
                }
                _ => error(e),
            },
        }
    }

    /// The terminology check of `text` for target language `target` (a range: `en`, `kk-Cyrl`,
    /// `kk`) in `year` (0: not given): `[{"start", "end", "text", "id", "headword", "reason",
    /// "message", "judged", "preferred"}]` in text order, offsets in UTF-16 code units, or
    /// `{"error"}`.
    pub fn lint(&self, text: &str, target: &str, year: i32) -> String {
        let target = match LangTag::parse_range(target) {
            Ok(t) => t,
            Err(e) => return error(e),
        };
        let glossary = self.glossary;
        let annotator = self.annotator.get_or_init(|| Annotator::new(glossary));
        let linter = Linter::new(annotator, target, (year != 0).then_some(year));
        let mut offsets = Utf16Offsets::new(text);
        Value::Array(
            linter
                .lint(text)
                .iter()
                .map(|f| {
                    let m = &f.mention;
                    json!({
                        "start": offsets.at(usize::try_from(m.start).unwrap_or(usize::MAX)),
                        "end": offsets.at(usize::try_from(m.end).unwrap_or(usize::MAX)),
                        "text": m.text,
                        "id": m.entry.id,
                        "headword": m.entry.headword(),
                        "reason": f.reason.code(),
                        "message": f.reason.to_string(),
                        "judged": form_json(f.form),
                        "preferred": f.preferred.map(form_json),
                    })
                })
                .collect(),
        )
        .to_string()
    }

    /// Layers a user glossary directory over the embedded glossary and the layers loaded
    /// before: `dir` names it, `files` is a JSON array of `[path under dir, text]` pairs.
    /// `{"entries", "replaced": [{"id", "file"}], "findings": [problem]}` on success; on
    /// failure `{"error", "problems": [{"file", "line", "column", "message", "hint"}]}` and the
    /// glossary stays as it was. Nothing is half-loaded.
    pub fn load(&mut self, dir: &str, files: &str) -> String {
        let files: Vec<(PathBuf, String)> =
            match serde_json::from_str::<Vec<(String, String)>>(files) {
                Ok(files) => files
                    .into_iter()
                    .map(|(p, t)| (PathBuf::from(p), t))
                    .collect(),
                Err(e) => return error(format!("the files are not a list of [path, text]: {e}")),
            };
        let mut layers = self.layers.clone();
        layers.push((PathBuf::from(dir), files));
        let builder = layers
            .iter()
            .fold(GlossaryBuilder::new(), |b, (dir, files)| {
                b.texts(dir, files.iter().cloned())
            });
        match builder.build_checked() {
            Ok((glossary, findings)) => {
                // The page keeps a glossary for the rest of the session: it lives as long as
                // the page (replacing it again leaves the previous one behind).
                let glossary: &'static Glossary = Box::leak(Box::new(glossary));
                let replaced: Vec<Value> = glossary
                    .replacements()
                    .iter()
                    .map(|r| json!({"id": r.id, "file": r.file.display().to_string()}))
                    .collect();
                self.glossary = glossary;
                self.layers = layers;
                self.annotator = OnceCell::new();
                json!({
                    "entries": glossary.len(),
                    "replaced": replaced,
                    "findings": findings.iter().map(problem_json).collect::<Vec<_>>(),
                })
                .to_string()
            }
            Err(e) => {
                let problems = match &e {
                    Error::Glossary(problems) => problems.0.iter().map(problem_json).collect(),
                    _ => Vec::new(),
                };
                json!({"error": e.to_string(), "problems": problems}).to_string()
            }
        }
    }

    /// Drops the user layers: the embedded glossary alone again.
    pub fn reset(&mut self) {
        self.glossary = Glossary::embedded();
        self.layers.clear();
        self.annotator = OnceCell::new();
    }
}

/// A language range, or `None` for the empty string.
fn parse_lang(lang: &str) -> Result<Option<LangTag>, tilmach::lang::LangTagError> {
    match lang {
        "" => Ok(None),
        lang => LangTag::parse_range(lang).map(Some),
    }
}

fn gloss(entry: &Entry) -> Value {
    entry
        .gloss
        .iter()
        .map(|(tag, text)| (tag.to_string(), json!(text)))
        .collect::<serde_json::Map<String, Value>>()
        .into()
}

fn problem_json(p: &tilmach::Problem) -> Value {
    let (file, line, column) = match &p.location {
        Some(l) => (Some(l.file.display().to_string()), l.line, l.column),
        None => (None, 0, 0),
    };
    json!({"file": file, "line": line, "column": column, "message": p.message, "hint": p.hint})
}

fn error(e: impl std::fmt::Display) -> String {
    json!({"error": e.to_string()}).to_string()
}

/// The length in UTF-16 code units of `text` up to byte `byte`.
fn utf16_len(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.encode_utf16().count())
}

/// UTF-16 offsets of increasing byte offsets of one text, each counted from the previous one.
struct Utf16Offsets<'t> {
    text: &'t str,
    byte: usize,
    units: usize,
}

impl<'t> Utf16Offsets<'t> {
    fn new(text: &'t str) -> Utf16Offsets<'t> {
        Utf16Offsets {
            text,
            byte: 0,
            units: 0,
        }
    }

    /// The UTF-16 offset of byte `byte` (a character boundary).
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.units = 0;
        }
        self.units += self
            .text
            .get(self.byte..byte)
            .map_or(0, |s| s.encode_utf16().count());
        self.byte = byte;
        self.units
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: String) -> Value {
        serde_json::from_str(&s).unwrap()
    }

    #[test]
    fn search_answers_what_the_library_answers() {
        let page = Tilmach::new();
        for query in ["Kuldja", "Құлжа", "غۇلجا", "oralman", "Kulj"] {
            let answer = parse(page.search(query, "", 10));
            let library = Glossary::embedded()
                .lookup(query)
                .prefix(true)
                .limit(10)
                .run()
                .unwrap();
            let ids: Vec<&str> = answer
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap())
                .collect();
            let expected: Vec<&str> = library.iter().map(|f| f.entry.id.as_str()).collect();
            assert_eq!(ids, expected, "{query}");
            assert!(!ids.is_empty(), "{query}");
        }
        assert!(parse(page.search("Kuldja", "kk-Xyz1", 10))["error"].is_string());
    }

    #[test]
    fn the_render_form_is_the_best_form_of_the_language() {
        let page = Tilmach::new();
        let ghulja = Glossary::embedded().entry("ghulja").unwrap();
        for lang in ["en", "ru", "kk", "ug", "zh"] {
            let answer = parse(page.entry("ghulja", lang));
            let i = answer["render"]["form"].as_u64().unwrap() as usize;
            let best = ghulja
                .best_form(&LangTag::parse_range(lang).unwrap())
                .unwrap();
            assert_eq!(answer["forms"][i]["text"], json!(best.text), "{lang}");
        }
        assert!(parse(page.entry("ghulja", ""))["render"].is_null());
        assert!(parse(page.entry("no-such-entry", "en"))["error"].is_string());
    }

    #[test]
    fn lint_offsets_count_utf16_code_units() {
        let page = Tilmach::new();
        // Two astral characters (two code units each) before the mention.
        let text = "𝄞𝄞 We met in Alma-Ata.";
        let findings = parse(page.lint(text, "en", 2024));
        let f = &findings[0];
        let units: Vec<u16> = text.encode_utf16().collect();
        let (start, end) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
        let marked = String::from_utf16(&units[start as usize..end as usize]).unwrap();
        assert_eq!(marked, "Alma-Ata");
        assert_eq!(f["reason"], "historical");
        assert_eq!(f["preferred"]["text"], "Almaty");
    }

    #[test]
    fn strict_translit_marks_the_offending_character() {
        let page = Tilmach::new();
        assert_eq!(
            parse(page.translit("ug-arab", "ug-latn", "غۇلجا", false))["text"],
            "ghulja"
        );
        let answer = parse(page.translit("kk-cyrl", "kk-latn", "𝄞 Құлжа x", true));
        assert!(answer["error"].as_str().unwrap().contains("'x'"));
        let units: Vec<u16> = "𝄞 Құлжа x".encode_utf16().collect();
        let (start, end) = (
            answer["start"].as_u64().unwrap(),
            answer["end"].as_u64().unwrap(),
        );
        assert_eq!(
            String::from_utf16(&units[start as usize..end as usize]).unwrap(),
            "x"
        );
        assert!(parse(page.translit("kk-cyrl", "ru-bgn", "a", false))["error"].is_string());
    }

    #[test]
    fn a_user_layer_loads_or_reports_its_problems_and_changes_nothing() {
        let mut page = Tilmach::new();
        let embedded = Glossary::embedded().len();
        let broken = json!([["place/bayandai.toml", "kind = place\n"]]).to_string();
        let answer = parse(page.load("mine", &broken));
        let problem = &answer["problems"][0];
        assert_eq!(problem["file"], "mine/place/bayandai.toml");
        assert_eq!(
            (problem["line"].as_u64(), problem["column"].as_u64()),
            (Some(1), Some(8))
        );
        assert_eq!(parse(page.stats())["entries"], json!(embedded));

        let entry = "kind = \"place\"\ngloss.en = \"a village\"\nsources = [{ source = \"fmo-2010\" }]\nform = [{ text = \"Bayandai\", lang = \"en\", status = \"preferred\" }]\n";
        let good = json!([["place/bayandai.toml", entry]]).to_string();
        let answer = parse(page.load("mine", &good));
        assert_eq!(answer["entries"], json!(embedded + 1), "{answer}");
        assert_eq!(parse(page.search("Bayandai", "", 5))[0]["id"], "bayandai");
        let findings = parse(page.lint("Bayandai and Alma-Ata", "en", 2024));
        assert_eq!(findings.as_array().unwrap().len(), 1);
        page.reset();
        assert_eq!(parse(page.stats())["entries"], json!(embedded));
    }
}
