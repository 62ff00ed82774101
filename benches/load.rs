//! Loading glossary directories: one entry with 100 to 80,000 forms (the most that fit the
//! 4 MiB file cap) and 100 to 100,000 entries of one form each, loaded, checked and derived
//! as `tilmach check` does. Loading is linear in both; the README reports the growth. Also the
//! cost of opening an index file from untrusted bytes.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tilmach::index::{Index, IndexBuilder, IndexRecord};
use tilmach::{GlossaryBuilder, Status};

#[path = "../tests/support/big_glossary.rs"]
mod big_glossary;

fn load(dir: &Path) -> usize {
    let (glossary, findings) = GlossaryBuilder::new()
        .embedded(false)
        .dir(dir)
        .build_checked()
        .unwrap_or_else(|e| panic!("the synthetic glossary loads: {e}"));
    glossary.len() + findings.len()
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for forms in [100usize, 1_000, 10_000, 80_000] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        big_glossary::one_entry(dir.path(), forms);
        group.throughput(Throughput::Elements(forms as u64));
        group.bench_with_input(BenchmarkId::new("one_entry", forms), &dir, |b, dir| {
            b.iter(|| black_box(load(dir.path())))
        });
    }
    for entries in [100usize, 1_000, 10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        big_glossary::many_entries(dir.path(), entries);
        group.throughput(Throughput::Elements(entries as u64));
        group.bench_with_input(BenchmarkId::new("many_entries", entries), &dir, |b, dir| {
            b.iter(|| black_box(load(dir.path())))
        });
    }
    group.finish();
}

/// The cost of opening an index from untrusted bytes (checksum, every fst node decoded, record
/// tables) against the constant-time trusted open, for the embedded glossary's index and for a
/// name index of 200,000 synthetic names.
fn open(c: &mut Criterion) {
    let embedded = tilmach::Glossary::embedded()
        .index()
        .map(|i| i.as_bytes().to_vec())
        .unwrap_or_default();
    let mut builder = IndexBuilder::new();
    for i in 0..200_000 {
        let text = big_glossary::name(i);
        let entry = format!("n{}", i / 2);
        builder
            .add(IndexRecord {
                entry: &entry,
                lang: "kk-Cyrl",
                text: &text,
                status: Status::Variant,
                derived: false,
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let names = builder.build().unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("index_open");
    group.sample_size(10);
    for (label, bytes) in [("embedded", &embedded), ("names_200k", &names)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(BenchmarkId::new("open_checked", label), |b| {
            b.iter(|| black_box(Index::open(bytes.as_slice()).map(|i| i.len())))
        });
        group.bench_function(BenchmarkId::new("open_trusted", label), |b| {
            b.iter(|| black_box(Index::open_trusted(bytes.as_slice()).map(|i| i.len())))
        });
    }
    group.finish();
}

criterion_group!(load_benches, benches, open);
criterion_main!(load_benches);
