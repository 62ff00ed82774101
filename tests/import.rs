//! `import`: tilmach's own TBX and CSV exports come back as a glossary directory whose export is
//! the same file (a fixed point), and what cannot be mapped is reported with its line.

use assert_cmd::Command;
use tilmach::export::{Format, export};
use tilmach::import::{Imported, import_csv, import_tbx, write_dir};
use tilmach::{Glossary, GlossaryBuilder};

fn exported(glossary: &Glossary, format: Format) -> String {
    let mut out = Vec::new();
    export(glossary, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn reloaded(imported: &Imported) -> (tempfile::TempDir, Glossary) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("imported");
    write_dir(imported, &target, "glossary export").unwrap();
    let glossary = GlossaryBuilder::new()
        .embedded(false)
        .dir(&target)
        .build()
        .unwrap();
    (dir, glossary)
}

#[test]
fn tbx_export_import_export_is_a_fixed_point() {
    let first = exported(Glossary::embedded(), Format::Tbx);
    let imported = import_tbx(&first, "g.tbx").unwrap();
    // Only the header is not imported; derived forms are left to the rules.
    assert_eq!(
        imported.unmapped.len(),
        1,
        "{:?}",
        &imported.unmapped[..3.min(imported.unmapped.len())]
    );
    assert!(imported.derived > 0);
    let (_dir, glossary) = reloaded(&imported);
    assert_eq!(glossary.len(), Glossary::embedded().len());
    let second = exported(&glossary, Format::Tbx);
    assert!(
        first == second,
        "the second TBX export differs from the first"
    );
}

#[test]
fn csv_export_import_export_is_a_fixed_point() {
    let first = exported(Glossary::embedded(), Format::Csv);
    let imported = import_csv(&first, "g.csv").unwrap();
    assert!(imported.unmapped.is_empty(), "{:?}", imported.unmapped);
    let (_dir, glossary) = reloaded(&imported);
    let second = exported(&glossary, Format::Csv);
    assert!(
        first == second,
        "the second CSV export differs from the first"
    );
}

#[test]
fn unmapped_fields_are_reported_with_their_lines() {
    let tbx = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/tbx/Example_Astronomy_DCA_VALID.tbx"),
    )
    .unwrap();
    let imported = import_tbx(&tbx, "astro.tbx").unwrap();
    assert!(!imported.entries.is_empty());
    // Every transacGrp, xref and the header is named with the line it starts on.
    let lines: Vec<&str> = tbx.lines().collect();
    for u in &imported.unmapped {
        let line = lines[u.line - 1];
        let name = u
            .what
            .trim_start_matches('<')
            .split([' ', '>'])
            .next()
            .unwrap();
        assert!(
            line.contains(&format!("<{name}"))
                || u.what.contains("header")
                || u.what.contains("subject"),
            "{u} does not point at {line:?}"
        );
    }
    let count = |tag: &str| tbx.matches(&format!("<{tag}")).count();
    let reported = |tag: &str| {
        imported
            .unmapped
            .iter()
            .filter(|u| u.what.starts_with(&format!("<{tag}")))
            .count()
    };
    assert_eq!(reported("transacGrp"), count("transacGrp"));
    assert_eq!(reported("xref"), count("xref"));
    // A CSV column tilmach has no field for is reported for every row that fills it.
    let csv = "id,kind,lang,text,status,derived,from,until,gloss_en,Client\r\n\
               a,place,en,Aa,preferred,false,,,x,ACME\r\nb,place,en,Bb,preferred,false,,,y,\r\n";
    let imported = import_csv(csv, "t.csv").unwrap();
    assert_eq!(imported.unmapped.len(), 1);
    assert_eq!(imported.unmapped[0].line, 2);
    assert!(imported.unmapped[0].what.contains("ACME"));
    // A year that is not a year is an error with its position.
    let e = import_csv(
        "id,kind,lang,text,status,derived,from\r\na,place,en,Aa,preferred,false,19x\r\n",
        "t.csv",
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("t.csv:2:7:"), "{e}");
    let e = import_csv("id,kind,lang,text\r\na,place,xx yy,Aa\r\n", "t.csv").unwrap_err();
    assert!(e.to_string().starts_with("t.csv:2:3:"), "{e}");
}

#[test]
fn cli_import_writes_a_directory_that_layers_over_the_embedded_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("terms.csv");
    std::fs::write(
        &csv,
        "id,subject,definition_en,en,ru,Client\r\nzyxqas-town,place,A made-up town.,Zyxqas;Zyxkas,Зыхкаш,ACME\r\n",
    )
    .unwrap();
    let out = dir.path().join("mine");
    Command::cargo_bin("tilmach")
        .unwrap()
        .args(["import", "--from", "csv"])
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "terms.csv:2: not imported: column \"Client\"",
        ));
    Command::cargo_bin("tilmach")
        .unwrap()
        .arg("--glossary")
        .arg(&out)
        .args(["lookup", "Zyxkas"])
        .assert()
        .success()
        .stdout(predicates::str::contains("zyxqas-town"));
    // Importing again never overwrites.
    Command::cargo_bin("tilmach")
        .unwrap()
        .args(["import", "--from", "csv"])
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("exists"));
}

#[test]
fn concept_csv_brings_back_every_form_with_the_preferred_first() {
    let text = exported(Glossary::embedded(), Format::CsvConcepts);
    let imported = import_csv(&text, "g.csv").unwrap();
    assert!(imported.unmapped.is_empty(), "{:?}", imported.unmapped);
    assert_eq!(imported.entries.len(), Glossary::embedded().len());
    for entry in &imported.entries {
        let original = Glossary::embedded().get(&entry.id).unwrap();
        assert_eq!(entry.kind, original.kind);
        for form in &original.forms {
            let back = entry
                .forms
                .iter()
                .find(|f| f.text == form.text && f.lang == form.lang.as_str())
                .unwrap_or_else(|| panic!("{} lost {:?}", entry.id, form.text));
            if form.status.as_str() == "preferred" {
                assert_eq!(back.status.as_str(), "preferred", "{}", entry.id);
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any text is read or refused with a position; never a panic.
    #[test]
    fn any_text_is_imported_or_refused(text in "[a-z,;\"\r\n<>/=_ -]{0,200}|\\PC{0,200}") {
        let header = format!("id,kind,lang,text\r\n{text}");
        let _ = import_csv(&text, "t.csv");
        let _ = import_csv(&header, "t.csv");
        let _ = import_tbx(&text, "t.tbx");
        let tbx = format!(r#"<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>{text}</body></text></tbx>"#);
        let _ = import_tbx(&tbx, "t.tbx");
    }
}

#[test]
fn a_language_tilmach_cannot_read_is_reported_with_its_terms() {
    let tbx = r#"<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body><conceptEntry id="c1"><descrip type="subjectField">place</descrip>
<langSec xml:lang="en"><termSec><term>Ghulja</term></termSec></langSec>
<langSec xml:lang="not a tag"><termSec><term>Ghuljaa</term></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
    let imported = import_tbx(tbx, "t.tbx").unwrap();
    assert_eq!(imported.entries[0].forms.len(), 1);
    assert_eq!(imported.unmapped.len(), 1, "{:?}", imported.unmapped);
    assert_eq!(imported.unmapped[0].line, 4);
    assert!(imported.unmapped[0].what.contains("Ghuljaa"));
}
