//! Transliteration throughput (MB/s of input) for the main conversions of each language, over the
//! corpus in `benches/data/` (see its README), a char-by-char copy of the same text as a floor for
//! this machine, and ICU's `uconv -x Russian-Latin/BGN` on the same Russian text when `uconv` is
//! installed.

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tilmach::Transliterator;

/// About 4 MiB of text: the corpus file repeated, so that runs are not cache-resident.
fn enlarge(text: &str) -> String {
    let mut out = String::with_capacity(4 << 20);
    while out.len() < 4 << 20 {
        out.push_str(text);
    }
    out
}

fn russian() -> String {
    enlarge(include_str!("data/ru.txt"))
}

fn kazakh() -> String {
    enlarge(include_str!("data/kk.txt"))
}

/// Uyghur Arabic-script text generated from the Kazakh corpus: read as Uyghur Cyrillic (after
/// ы і → и, ұ → у, which USY lacks) and converted to the Arabic script with tilmach.
fn uyghur_arabic() -> String {
    let usy: String = include_str!("data/kk.txt")
        .chars()
        .map(|c| match c {
            'ы' | 'і' => 'и',
            'Ы' | 'І' => 'И',
            'ұ' => 'у',
            'Ұ' => 'У',
            c => c,
        })
        .collect();
    let t = Transliterator::new("ug-cyrl", "ug-arab").expect("ug-cyrl → ug-arab");
    enlarge(&t.convert(&usy))
}

fn bench_conversions(c: &mut Criterion) {
    let ru = russian();
    let kk = kazakh();
    let ug = uyghur_arabic();
    let kk_latn = Transliterator::new("kk-cyrl", "kk-latn")
        .expect("kk")
        .convert(&kk)
        .into_owned();
    let uly = Transliterator::new("ug-arab", "ug-latn")
        .expect("ug")
        .convert(&ug)
        .into_owned();
    let cases: [(&str, &str, &str); 9] = [
        ("ru-cyrl", "ru-bgn", &ru),
        ("ru-cyrl", "ru-iso9", &ru),
        ("ru-cyrl", "ru-wiki", &ru),
        ("kk-cyrl", "kk-latn", &kk),
        ("kk-cyrl", "kk-arab", &kk),
        ("ug-arab", "ug-latn", &ug),
        ("ug-arab", "ug-cyrl", &ug),
        ("kk-latn", "kk-cyrl", &kk_latn),
        ("ug-latn", "ug-arab", &uly),
    ];
    let mut group = c.benchmark_group("translit");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    for (from, to, text) in cases {
        let t = Transliterator::new(from, to).expect("scheme pair");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{from}→{to}"), |b| {
            b.iter(|| black_box(t.convert(black_box(text))).len())
        });
    }
    // A floor for comparison on this machine: copying the Russian text char by char.
    group.throughput(Throughput::Bytes(ru.len() as u64));
    group.bench_function("baseline: char-by-char copy of ru", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(ru.len());
            for c in black_box(&ru).chars() {
                out.push(c);
            }
            black_box(out).len()
        })
    });
    group.finish();
}

/// ICU's transliterator on the same Russian text, run as a process per iteration.
fn bench_uconv(c: &mut Criterion) {
    let available = Command::new("uconv")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        eprintln!("uconv not found (apt-get install icu-devtools): skipping the ICU comparison");
        return;
    }
    let ru = russian();
    let mut group = c.benchmark_group("icu");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(ru.len() as u64));
    group.bench_function("uconv Russian-Latin/BGN", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let mut child = Command::new("uconv")
                    .args(["-f", "utf-8", "-t", "utf-8", "-x", "Russian-Latin/BGN"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("uconv");
                let mut stdin = child.stdin.take().expect("stdin");
                let input = ru.clone();
                let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
                let out = child.wait_with_output().expect("uconv output");
                writer.join().expect("writer").expect("write");
                black_box(out.stdout.len());
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench_conversions, bench_uconv);
criterion_main!(benches);
