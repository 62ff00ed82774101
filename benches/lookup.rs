//! Lookup benchmarks on a deterministic 1,000,000-name workload (Latin, Cyrillic, Arabic; see
//! `workload.rs`).
//!
//! Besides criterion's own measurements (exact, fuzzy top-10 at d = 1 and d = 2, prefix), the
//! bench prints a latency table: index build time and size per name, then p50/p90/p99 over
//! 1,000 queries with 1–2 random edits (each query's minimum of 3 runs, as in
//! `shared/research/fuzzy.md` §4), the brute-force scan on a sample, and how many top-10 lists
//! equal the brute force's.
//!
//! It then measures the ranking against the nearest names and the speed against a peer in one
//! run (`nearest_and_dfa_peer`): for how many typo queries whose source name is among the 10
//! nearest by OSA distance the source is in the top 10, and the per-query time of the default
//! search against an fst walk with a `levenshtein_automata` DFA returning every key within 2.
//!
//! `TILMACH_BENCH_NAMES` sets the number of names (default 1,000,000); `TILMACH_BENCH_QUICK`
//! prints the latency table without the brute-force sample and criterion's runs;
//! `TILMACH_BENCH_PROFILE` only runs the default search over the queries five times (for a
//! profiler; `TILMACH_BENCH_PROFILE=exact`, 2,000 rounds of the exact-lookup queries instead); `TILMACH_BENCH_MISSES` prints each query whose source the ranking leaves out. The built index is
//! cached under the target directory (`tilmach-bench/`), keyed by size and pipeline version.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tilmach::Status;
use tilmach::index::{Index, IndexBuilder, IndexRecord, osa_distance as osa};
use tilmach::lookup::{Fuzzy, SearchOptions};

mod cpu;
mod workload;

const NAME_SEED: u64 = 20_261_121;
const QUERY_SEED: u64 = 1_121;

struct Workload {
    index: Index<memmap2::Mmap>,
    names: Vec<(String, u8)>,
    queries: Vec<String>,
    /// The index in `names` of the name each query was made from.
    sources: Vec<usize>,
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
    let (queries, sources): (Vec<String>, Vec<usize>) =
        workload::queries_with_sources(QUERY_SEED, &names, 1000)
            .into_iter()
            .unzip();
    eprintln!("workload: {n} names generated in {:.2?}", t.elapsed());
    let path = cache_path(n);
    if !path.exists() {
        let (t, cpu) = (Instant::now(), cpu::cpu_time().unwrap_or_default());
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
            cpu::cpu_time().unwrap_or_default() - cpu,
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
        sources,
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

/// The ranking against the nearest names, and the speed against a DFA walk, in one run.
///
/// For each typo query (all in their names' own script), the reference is an fst walk over the
/// lookup keys of all names with a `levenshtein_automata` DFA (distance 2, a transposition
/// costs one edit) returning every key within 2 edits, ranked by OSA distance. The source name
/// is *among the 10 nearest* when fewer than 10 names are strictly closer to the query than it
/// is (ties count in its favour). For those queries, the bench counts how often the source is
/// in the top 10 of `Index::search`, with the default options and with a fuzzy-only d = 2
/// search, and compares the per-query time of the default search with the DFA walk's
/// (interleaved, each query's minimum of 3 runs).
///
/// Names repeat in the workload, and more than 10 names are often exactly as near as the
/// source: no ranking can tell those apart. So it also counts the source's name under any
/// entry (a hit with the source's key), and splits the queries into those with more than 10
/// names at most as far as the source and those with at most 10, where the source must be in
/// the top 10 however ties are broken; the misses among the latter are counted by cause.
fn nearest_and_dfa_peer(w: &Workload) {
    use fst::{IntoStreamer, Streamer};
    let t = Instant::now();
    let mut keyed: Vec<(String, u32)> = w
        .names
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (tilmach::key::key(n), i as u32))
        .collect();
    keyed.sort_unstable();
    let mut builder = fst::SetBuilder::memory();
    let mut last: Option<&str> = None;
    for (k, _) in &keyed {
        if last != Some(k.as_str()) {
            builder.insert(k).expect("sorted keys");
        }
        last = Some(k.as_str());
    }
    let set = fst::Set::new(builder.into_inner().expect("fst")).expect("fst");
    let dfa_builder = levenshtein_automata::LevenshteinAutomatonBuilder::new(2, true);
    eprintln!(
        "reference: fst Set of {} keys and the d=2 DFA builder in {:.2?}",
        set.len(),
        t.elapsed()
    );
    // How many names have the key `k`.
    let names_with = |k: &str| -> usize {
        let start = keyed.partition_point(|(x, _)| x.as_str() < k);
        keyed[start..].iter().take_while(|(x, _)| x == k).count()
    };
    let walk = |qk: &str| -> Vec<String> {
        let dfa = dfa_builder.build_dfa(qk);
        let mut stream = set.search(&dfa).into_stream();
        let mut out = Vec::new();
        while let Some(k) = stream.next() {
            out.push(String::from_utf8_lossy(k).into_owned());
        }
        out
    };
    let defaults = SearchOptions::default();
    let fuzzy2 = options(Fuzzy::Exact(2), false);
    let (mut eligible, mut top10_default, mut top10_fuzzy2, mut top10_name) = (0, 0, 0, 0);
    let (mut tied, mut unambiguous, mut unambiguous_found) = (0, 0, 0);
    // Misses among the unambiguous: a key of at most 3 characters, no hit, ranked out.
    let mut misses = [0usize; 3];
    let (mut ours, mut peer) = (Vec::new(), Vec::new());
    for (q, &source) in w.queries.iter().zip(&w.sources) {
        let qk = tilmach::key::key(q);
        let source_key = tilmach::key::key(&w.names[source].0);
        let d_source = osa(&qk, &source_key);
        let within = walk(&qk);
        let closer: usize = within
            .iter()
            .filter(|k| osa(&qk, k) < d_source)
            .map(|k| names_with(k))
            .sum();
        let min3 = |f: &mut dyn FnMut()| {
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        peer.push(min3(&mut || {
            black_box(walk(&qk));
        }));
        ours.push(min3(&mut || {
            black_box(w.index.search(q, &defaults).expect("search"));
        }));
        if d_source > 2 || closer >= 10 {
            continue;
        }
        eligible += 1;
        let want = format!("n{source}");
        let has = |o: &SearchOptions| {
            w.index
                .search(q, o)
                .expect("search")
                .iter()
                .any(|h| w.index.record(h.form).expect("record").entry_id == want)
        };
        let hits = w.index.search(q, &defaults).expect("search");
        let hit_default = hits
            .iter()
            .any(|h| w.index.record(h.form).expect("record").entry_id == want);
        top10_default += usize::from(hit_default);
        top10_fuzzy2 += usize::from(has(&fuzzy2));
        // The same name (key) under another entry: no lookup can tell the two apart.
        let same_name = hits
            .iter()
            .any(|h| tilmach::key::key(w.index.record(h.form).expect("record").text) == source_key);
        top10_name += usize::from(same_name);
        // Names as near as the source, itself included: more than 10, and the ranking must
        // pick the source out of equally distant names.
        let ties: usize = within
            .iter()
            .filter(|k| osa(&qk, k) <= d_source)
            .map(|k| names_with(k))
            .sum();
        if ties > 10 {
            tied += 1;
            continue;
        }
        unambiguous += 1;
        if same_name {
            unambiguous_found += 1;
            continue;
        }
        let cause = if qk.chars().count() <= 3 {
            0
        } else if hits.is_empty() {
            1
        } else {
            2
        };
        misses[cause] += 1;
        if std::env::var_os("TILMACH_BENCH_MISSES").is_some() {
            let shown: Vec<String> = hits
                .iter()
                .map(|h| {
                    let t = w.index.record(h.form).map(|r| r.text).unwrap_or_default();
                    format!("{t}:{}{}:{:.3}", h.stage, h.distance, h.score)
                })
                .collect();
            eprintln!(
                "miss {q:?} source {:?} d {d_source} closer {closer} ties {ties} | {}",
                w.names[source].0,
                shown.join(" ")
            );
        }
    }
    let n = w.queries.len();
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "source among the 10 nearest by OSA: {eligible}/{n}; of those in the top 10: \
         default search {top10_default} ({:.1}%), fuzzy d=2 {top10_fuzzy2} ({:.1}%); \
         the source's name under any entry: {top10_name} ({:.1}%)",
        pct(top10_default, eligible),
        pct(top10_fuzzy2, eligible),
        pct(top10_name, eligible)
    );
    eprintln!(
        "  with more than 10 names as near as the source: {tied}; with at most 10: {unambiguous}, \
         the name in the default top 10 for {unambiguous_found} ({:.1}%); missed: {} with a key \
         of at most 3 characters, {} with no hit, {} ranked out",
        pct(unambiguous_found, unambiguous),
        misses[0],
        misses[1],
        misses[2]
    );
    let total = |v: &[Duration]| v.iter().sum::<Duration>();
    let (sum_ours, sum_peer) = (total(&ours), total(&peer));
    ours.sort();
    peer.sort();
    report("default search (same run)", &ours);
    report("DFA walk d=2, all within", &peer);
    eprintln!(
        "per-query time, DFA walk / default search: {:.1}x mean, {:.1}x median",
        sum_peer.as_secs_f64() / sum_ours.as_secs_f64().max(1e-12),
        percentile(&peer, 0.5).as_secs_f64() / percentile(&ours, 0.5).as_secs_f64().max(1e-12)
    );
}

fn benches(c: &mut Criterion) {
    let w = load();
    if std::env::var("TILMACH_BENCH_PROFILE").as_deref() == Ok("exact") {
        let o = options(Fuzzy::Exact(0), false);
        let t = Instant::now();
        for _ in 0..2000 {
            for (name, _) in w.names.iter().step_by(997).take(1000) {
                black_box(w.index.search(name, &o).expect("search"));
            }
        }
        eprintln!("profile loop (exact): {:.2?}", t.elapsed());
        return;
    }
    if std::env::var_os("TILMACH_BENCH_PROFILE").is_some() {
        let defaults = SearchOptions::default();
        let t = Instant::now();
        for _ in 0..5 {
            for q in &w.queries {
                black_box(w.index.search(q, &defaults).expect("search"));
            }
        }
        eprintln!("profile loop: {:.2?}", t.elapsed());
        return;
    }
    latency_table(&w);
    nearest_and_dfa_peer(&w);
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
