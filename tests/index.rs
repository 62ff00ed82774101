//! Index files: building, the record table, atomic writes, name tables, and refusing corrupt,
//! truncated, foreign and wrong-version files.

use tilmach::Status;
use tilmach::index::{
    FORMAT_VERSION, Index, IndexBuilder, IndexError, IndexRecord, read_name_tables,
};
use tilmach::key::PIPELINE_VERSION;

const PLACES: &str = "tests/data/index/places.tsv";

fn places() -> Vec<u8> {
    let rows = read_name_tables(&[PLACES]).unwrap();
    let mut builder = IndexBuilder::new();
    builder.add_rows(&rows).unwrap().payload(b"opaque payload");
    builder.build().unwrap()
}

#[test]
fn records_come_back_as_given_in_input_order() {
    let rows = read_name_tables(&[PLACES]).unwrap();
    let index = Index::open(places()).unwrap();
    assert_eq!(index.len(), rows.len());
    assert_eq!(index.payload(), b"opaque payload");
    let mut entries = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let record = index.record(i as u32).unwrap();
        assert_eq!(record.entry_id, row.entry);
        assert_eq!(record.lang, row.lang);
        assert_eq!(record.text, row.text);
        assert_eq!(record.status, row.status);
        assert!(!record.derived);
        if entries.last() != Some(&row.entry) {
            entries.push(row.entry.clone());
        }
        assert_eq!(record.entry as usize, entries.len() - 1);
        assert!(
            index
                .entry_forms(record.entry)
                .unwrap()
                .contains(&(i as u32))
        );
    }
    assert_eq!(index.entries(), entries.len());
    // A name table row without a status is a variant.
    let jarkent = rows.iter().position(|r| r.text == "جاركەنت").unwrap();
    assert_eq!(
        index.record(jarkent as u32).unwrap().status,
        Status::Variant
    );
    assert!(index.record(index.len() as u32).is_err());
}

#[test]
fn trusted_and_verified_opens_agree() {
    let bytes = places();
    let a = Index::open(bytes.as_slice()).unwrap();
    let b = Index::open_trusted(bytes.as_slice()).unwrap();
    for form in 0..a.len() as u32 {
        assert_eq!(a.record(form).unwrap(), b.record(form).unwrap());
    }
}

#[test]
fn files_are_written_atomically_and_memory_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.idx");
    let rows = read_name_tables(&[PLACES]).unwrap();
    let mut builder = IndexBuilder::new();
    builder.add_rows(&rows).unwrap();
    builder.write_atomic(&path).unwrap();
    // Overwriting leaves no temporary file behind.
    builder.write_atomic(&path).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["places.idx"]);
    let index = Index::open_file(&path).unwrap();
    assert_eq!(index.len(), rows.len());
    let missing = Index::open_file(dir.path().join("missing.idx")).unwrap_err();
    assert!(matches!(missing, IndexError::Io { .. }), "{missing}");
}

#[test]
fn forms_of_an_entry_must_be_consecutive() {
    let mut b = IndexBuilder::new();
    let rec = |entry, text| IndexRecord {
        entry,
        lang: "en",
        text,
        status: Status::Variant,
        derived: false,
    };
    b.add(rec("a", "Alpha")).unwrap();
    b.add(rec("b", "Beta")).unwrap();
    let err = b.add(rec("a", "Alfa")).unwrap_err().to_string();
    assert!(err.contains("not consecutive"), "{err}");
    let err = b.add(rec("c", " \u{200B} ")).unwrap_err().to_string();
    assert!(err.contains("no letters"), "{err}");
    let err = b
        .add(IndexRecord {
            lang: "english",
            ..rec("c", "Gamma")
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("english"), "{err}");
}

#[test]
fn name_table_problems_are_all_reported_with_locations() {
    let err = read_name_tables(&["tests/data/index/bad.tsv"]).unwrap_err();
    let IndexError::NameTable(problems) = &err else {
        panic!("{err}");
    };
    let locations: Vec<String> = problems
        .0
        .iter()
        .map(|p| p.location.as_ref().unwrap().to_string())
        .collect();
    let file = "tests/data/index/bad.tsv";
    assert_eq!(
        locations,
        [
            format!("{file}:2:8"),
            format!("{file}:3:1"),
            format!("{file}:4:22"),
            format!("{file}:5:1"),
            format!("{file}:6:11"),
        ]
    );
    assert!(problems.0.iter().all(|p| p.hint.is_some()));
    // The first problem quotes the language-tag parser's reason, which has its own tests; the
    // snapshot pins the name-table messages.
    assert!(
        problems.0[0]
            .message
            .starts_with("the language \"kazakh\" is not valid: "),
        "{}",
        problems.0[0]
    );
    let own: Vec<String> = problems.0[1..].iter().map(|p| p.to_string()).collect();
    insta::assert_snapshot!(own.join("\n"));
}

#[test]
fn rows_of_one_id_are_grouped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.tsv");
    std::fs::write(
        &path,
        "\u{FEFF}a\ten\tAlpha\r\nb\ten\tBeta\r\na\tru\tАльфа\r\n",
    )
    .unwrap();
    let rows = read_name_tables(&[&path]).unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["Alpha", "Альфа", "Beta"]);
    std::fs::write(&path, b"a\ten\tAl\xFFpha\n").unwrap();
    let err = read_name_tables(&[&path]).unwrap_err().to_string();
    assert!(err.contains(":1:8") && err.contains("UTF-8"), "{err}");
}

fn assert_refused(bytes: &[u8]) -> IndexError {
    match Index::open(bytes) {
        Ok(_) => panic!("accepted {} corrupt bytes", bytes.len()),
        Err(e) => e,
    }
}

#[test]
fn every_truncation_is_refused() {
    let bytes = places();
    for len in 0..bytes.len() {
        assert_refused(&bytes[..len]);
    }
    let err = assert_refused(&bytes[..bytes.len() - 1]);
    assert!(err.to_string().contains("rebuild"), "{err}");
}

#[test]
fn every_bit_flip_is_refused() {
    let bytes = places();
    let mut copy = bytes.clone();
    for i in 0..bytes.len() {
        for bit in 0..8 {
            copy[i] ^= 1 << bit;
            assert_refused(&copy);
            copy[i] ^= 1 << bit;
        }
    }
}

#[test]
fn foreign_and_random_bytes_are_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert!(matches!(assert_refused(png), IndexError::NotAnIndex));
    assert!(matches!(assert_refused(b""), IndexError::NotAnIndex));
    let fst = fst::Set::from_iter(["a", "b"]).unwrap().into_fst().to_vec();
    assert!(matches!(assert_refused(&fst), IndexError::NotAnIndex));
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    for n in 0..2000 {
        let len = n % 300;
        let mut junk: Vec<u8> = (0..len)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng as u8
            })
            .collect();
        // Half of the samples get a valid header, so the section table parser is exercised.
        if n % 2 == 0 && len >= 24 {
            junk[..8].copy_from_slice(tilmach::index::MAGIC);
            junk[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
            junk[12..16].copy_from_slice(&PIPELINE_VERSION.to_le_bytes());
            junk[16..20].copy_from_slice(&((n % 20) as u32).to_le_bytes());
        }
        assert_refused(&junk);
        let _ = Index::open_trusted(junk.as_slice());
    }
}

#[test]
fn other_versions_are_refused_with_a_rebuild_hint() {
    let mut bytes = places();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = assert_refused(&bytes);
    assert!(matches!(err, IndexError::FormatVersion { .. }), "{err}");
    let mut bytes = places();
    bytes[12..16].copy_from_slice(&(PIPELINE_VERSION + 1).to_le_bytes());
    let err = assert_refused(&bytes);
    assert!(matches!(err, IndexError::PipelineVersion { .. }), "{err}");
    insta::assert_snapshot!(err.to_string());
    // The crate error wraps it transparently.
    let wrapped: tilmach::Error = err.into();
    assert!(wrapped.to_string().contains("tilmach index build"));
}
