//! Lookup benchmarks on a deterministic 1,000,000-name workload (Latin, Cyrillic, Arabic; see
//! `workload.rs`).
//!
//! Besides criterion's own measurements (exact, fuzzy top-10 at d = 1 and d = 2, prefix), the
//! bench prints a latency table: index build time and size per name, then p50/p90/p99 over
//! 1,000 queries with 1–2 random edits (each query's minimum of 3 runs, as in
//! `shared/research/fuzzy.md` §4), the brute-force scan on a sample, and how many top-10 lists
//! equal the brute force's.
//!
//! `TILMACH_BENCH_NAMES` sets the number of names (default 1,000,000); `TILMACH_BENCH_QUICK`
//! prints the latency table without the brute-force sample and criterion's runs. The built index is
//! cached under the target directory (`tilmach-bench/`), keyed by size and pipeline version.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tilmach::Status;
use tilmach::index::{Index, IndexBuilder, IndexRecord};
use tilmach::lookup::{Fuzzy, SearchOptions};

mod workload;

const NAME_SEED: u64 = 20_261_121;
const QUERY_SEED: u64 = 1_121;

struct Workload {
    index: Index<memmap2::Mmap>,
    names: Vec<(String, u8)>,
    queries: Vec<String>,
}

fn cache_path(n: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("tilmach-bench").join(format!(
        "names-{n}-p{}-f{}.idx",
        tilmach::key::PIPELINE_VERSION,
        tilmach::index::FORMAT_VERSION
    ))
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat` (Linux).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name, in ticks.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Resident set size of this process in bytes, from `/proc/self/status` (Linux).
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

fn build(names: &[(String, u8)]) -> IndexBuilder {
    let mut builder = IndexBuilder::new();
    let langs = ["und", "ru", "ug-Arab"];
    for (i, (text, script)) in names.iter().enumerate() {
        let entry = format!("n{i}");
        builder
            .add(IndexRecord {
                entry: &entry,
                lang: langs[usize::from(*script)],
                text,
                status: Status::Variant,
                derived: false,
            })
            .expect("generated names are valid");
    }
    builder
}

fn load() -> Workload {
    let n: usize = std::env::var("TILMACH_BENCH_NAMES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let names = workload::names(NAME_SEED, n);
    let queries = workload::queries(QUERY_SEED, &names, 1000);
    eprintln!("workload: {n} names generated in {:.2?}", t.elapsed());
    let path = cache_path(n);
    if !path.exists() {
        let (t, cpu) = (Instant::now(), cpu_time());
        let builder = build(&names);
        let added = t.elapsed();
        let t = Instant::now();
        let bytes = builder.build().expect("build");
        let took = t.elapsed();
        eprintln!(
            "build: {:.2?} adding records + {:.2?} building = {:.2?} wall, {:.2?} CPU, for {n} names, {} bytes = {:.1} B/name",
            added,
            took,
            added + took,
            cpu_time() - cpu,
            bytes.len(),
            bytes.len() as f64 / n as f64
        );
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        let t = Instant::now();
        builder.write_atomic(&path).expect("write");
        eprintln!("build + atomic write: {:.2?}", t.elapsed());
    }
    let (t, before) = (Instant::now(), rss());
    let index = Index::open_file(&path).expect("open");
    let took = t.elapsed();
    let grown = rss().saturating_sub(before) as f64;
    eprintln!(
        "open (verified, checksum over the file): {took:.2?}, RSS +{:.1} MB ({:.2}x the file)",
        grown / 1e6,
        grown / index.as_bytes().len() as f64
    );
    let file = std::fs::File::open(&path).expect("open");
    // SAFETY: a read-only map of a file this bench wrote and nobody modifies.
    let map = unsafe { memmap2::Mmap::map(&file) }.expect("mmap");
    let t = Instant::now();
    let trusted = Index::open_trusted(&map[..]).expect("open_trusted");
    eprintln!(
        "open_trusted: {:.2?} ({} forms, {} bytes = {:.1} B/name)",
        t.elapsed(),
        trusted.len(),
        map.len(),
        map.len() as f64 / n as f64
    );
    let before = rss();
    let o = options(Fuzzy::Exact(2), false);
    for q in &queries {
        black_box(trusted.search(q, &o).expect("search"));
    }
    eprintln!(
        "RSS after 1,000 d=2 queries on a fresh trusted map: +{:.1} MB ({:.2}x the file)",
        rss().saturating_sub(before) as f64 / 1e6,
        rss().saturating_sub(before) as f64 / map.len() as f64
    );
    Workload {
        index,
        names,
        queries,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Per-query latency (minimum of `runs`) of `f` over `queries`, as p50/p90/p99/max.
fn latencies(queries: &[String], runs: usize, mut f: impl FnMut(&str)) -> Vec<Duration> {
    let mut times: Vec<Duration> = queries
        .iter()
        .map(|q| {
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    f(q);
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        })
        .collect();
    times.sort();
    times
}

fn report(label: &str, times: &[Duration]) {
    eprintln!(
        "{label:<28} p50 {:>9.1?}  p90 {:>9.1?}  p99 {:>9.1?}  max {:>9.1?}",
        percentile(times, 0.5),
        percentile(times, 0.9),
        percentile(times, 0.99),
        times.last().copied().unwrap_or_default()
    );
}

fn options(fuzzy: Fuzzy, prefix: bool) -> SearchOptions {
    SearchOptions {
        fuzzy,
        prefix,
        cross_script: false,
        ..SearchOptions::default()
    }
}

fn latency_table(w: &Workload) {
    let index = &w.index;
    let exact: Vec<String> = w
        .names
        .iter()
        .step_by(997)
        .map(|(n, _)| n.clone())
        .take(1000)
        .collect();
    let o = options(Fuzzy::Exact(0), false);
    report(
        "exact (key, d=0)",
        &latencies(&exact, 3, |q| {
            black_box(index.search(q, &o).expect("search"));
        }),
    );
    for (label, fuzzy, cross) in [
        ("fuzzy top-10 d=1", Fuzzy::Exact(1), false),
        ("fuzzy top-10 d=2", Fuzzy::Exact(2), false),
        ("fuzzy top-10 auto", Fuzzy::Auto, false),
        ("all stages, auto", Fuzzy::Auto, true),
    ] {
        let o = SearchOptions {
            cross_script: cross,
            ..options(fuzzy, false)
        };
        report(
            label,
            &latencies(&w.queries, 3, |q| {
                black_box(index.search(q, &o).expect("search"));
            }),
        );
    }
    let prefixes: Vec<String> = w
        .queries
        .iter()
        .map(|q| q.chars().take(3).collect())
        .collect();
    let o = options(Fuzzy::Exact(0), true);
    report(
        "prefix (3 chars) top-10",
        &latencies(&prefixes, 3, |q| {
            black_box(index.search(q, &o).expect("search"));
        }),
    );
    if std::env::var_os("TILMACH_BENCH_QUICK").is_some() {
        return;
    }
    // The brute-force scan, and agreement of the top-10 lists, on a sample.
    let sample: Vec<String> = w.queries.iter().step_by(10).cloned().collect();
    let o = options(Fuzzy::Exact(2), false);
    let mut same = 0;
    let mut found = 0;
    let mut brute = Vec::new();
    for q in &sample {
        let t = Instant::now();
        let slow = index.search_exhaustive(q, &o).expect("scan");
        brute.push(t.elapsed());
        let fast = index.search(q, &o).expect("search");
        same += usize::from(fast == slow);
        found += usize::from(!fast.is_empty());
    }
    brute.sort();
    report("brute-force scan d=2", &brute);
    eprintln!(
        "top-10 equal to brute force: {same}/{} queries ({found} with hits)",
        sample.len()
    );
}

fn benches(c: &mut Criterion) {
    let w = load();
    latency_table(&w);
    if std::env::var_os("TILMACH_BENCH_QUICK").is_some() {
        return;
    }
    let index = &w.index;
    let mut i = 0;
    let names: Vec<&str> = w
        .names
        .iter()
        .step_by(1009)
        .map(|(n, _)| n.as_str())
        .collect();
    let o = options(Fuzzy::Exact(0), false);
    c.bench_function("exact", |b| {
        b.iter(|| {
            i = (i + 1) % names.len();
            black_box(index.search(names[i], &o).expect("search"))
        })
    });
    for (name, fuzzy) in [
        ("fuzzy_d1_top10", Fuzzy::Exact(1)),
        ("fuzzy_d2_top10", Fuzzy::Exact(2)),
    ] {
        let o = options(fuzzy, false);
        let mut i = 0;
        c.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % w.queries.len();
                black_box(index.search(&w.queries[i], &o).expect("search"))
            })
        });
    }
    let o = options(Fuzzy::Exact(0), true);
    let mut i = 0;
    c.bench_function("prefix_top10", |b| {
        b.iter(|| {
            i = (i + 1) % w.queries.len();
            let q: String = w.queries[i].chars().take(3).collect();
            black_box(index.search(&q, &o).expect("search"))
        })
    });
}

criterion_group! {
    name = lookup;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(lookup);
