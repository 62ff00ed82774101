//! Throughput of `annotate`: the embedded glossary, and a matcher of 100,000 generated names.
//!
//! The text is the five seed documents (English with Russian, Kazakh, Uyghur and Turkish
//! passages), repeated to about 4 MB, with a line in Kazakh, Russian and Uyghur inflected forms
//! every 50 lines.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use tilmach::glossary::{Entry, Form, Kind, Origin, Status};
use tilmach::text::Annotator;
use tilmach::{Glossary, LangTag};

mod cpu;

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds");
    let mut seeds = String::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for path in names {
        seeds.push_str(&std::fs::read_to_string(path).unwrap());
    }
    let extra =
        "Алматыда және Құлжаға, Қазақстанның; в Кульдже и Синьцзяне уйгуров; غۇلجىدا Ghuljida\n";
    let mut text = String::new();
    while text.len() < 4_000_000 {
        for (i, line) in seeds.lines().enumerate() {
            text.push_str(line);
            text.push('\n');
            if i % 50 == 0 {
                text.push_str(extra);
            }
        }
    }
    text
}

/// A deterministic list of `n` two-word names, each in Latin and Cyrillic letters.
fn generated_glossary(n: usize) -> Glossary {
    const LATIN: [&str; 24] = [
        "ka", "ra", "bek", "tur", "sun", "al", "ma", "ni", "yaz", "dil", "mu", "rat", "sha",
        "khan", "or", "tal", "ge", "zi", "pa", "lu", "ken", "sar", "ib", "dos",
    ];
    const CYRILLIC: [&str; 24] = [
        "ка", "ра", "бек", "тур", "сун", "ал", "ма", "ни", "яз", "диль", "му", "рат", "ша", "хан",
        "ор", "таль", "ге", "зи", "па", "лу", "кен", "сар", "иб", "дос",
    ];
    let word = |table: &[&str; 24], mut k: usize, salt: usize| {
        let mut w = String::new();
        k = k.wrapping_mul(2_654_435_761).wrapping_add(salt) % 24_usize.pow(3);
        for _ in 0..3 {
            w.push_str(table[k % 24]);
            k /= 24;
        }
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let en: LangTag = "en".parse().unwrap();
    let ru: LangTag = "ru".parse().unwrap();
    let form = |text: String, lang: &LangTag| Form {
        text,
        lang: lang.clone(),
        status: Status::Preferred,
        from: None,
        until: None,
        note: None,
        seen: Vec::new(),
        irregular: false,
        origin: Origin::Entered,
    };
    let entries: Vec<Entry> = (0..n)
        .map(|i| Entry {
            id: format!("name-{i:06}"),
            kind: Kind::Person,
            gloss: BTreeMap::from([(en.clone(), "A generated name.".to_owned())]),
            notes: Vec::new(),
            see: Vec::new(),
            sources: Vec::new(),
            homonyms: Vec::new(),
            forms: vec![
                form(
                    format!("{} {}", word(&LATIN, i, 7), word(&LATIN, i / 7, 3)),
                    &en,
                ),
                form(
                    format!("{} {}", word(&CYRILLIC, i, 7), word(&CYRILLIC, i / 7, 3)),
                    &ru,
                ),
            ],
        })
        .collect();
    Glossary::from_entries(entries, BTreeMap::new()).unwrap()
}

/// The CPU time this process has used, in seconds.
fn cpu_seconds() -> Option<f64> {
    cpu::cpu_time().map(|t| t.as_secs_f64())
}

/// Runs `work` over `text` for about three CPU seconds and prints MB/s per CPU second.
fn cpu_throughput(name: &str, text: &str, mut work: impl FnMut(&str) -> usize) {
    let Some(start) = cpu_seconds() else {
        return;
    };
    let mut rounds = 0u64;
    let mut used = 0.0;
    while used < 3.0 {
        black_box(work(black_box(text)));
        rounds += 1;
        used = cpu_seconds().unwrap_or(start) - start;
    }
    let mb = (text.len() as f64 * rounds as f64) / 1e6;
    eprintln!(
        "{name}: {:.1} MB per CPU second ({rounds} rounds)",
        mb / used
    );
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("annotate");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);

    let embedded = Annotator::new(Glossary::embedded());
    let found = embedded.annotate(&text).len();
    assert!(found > 1000, "{found} mentions");
    group.bench_function("embedded", |b| {
        b.iter(|| {
            let mut n = 0usize;
            embedded.for_each(black_box(&text), |_| n += 1);
            n
        })
    });

    // Built on first use, so that `cargo bench -- embedded` does not build it.
    let big: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    let annotator: std::sync::OnceLock<Annotator<'_>> = std::sync::OnceLock::new();
    group.bench_function("names-100k", |b| {
        let annotator = annotator.get_or_init(|| {
            let glossary = big.get_or_init(|| generated_glossary(100_000));
            let started = std::time::Instant::now();
            let annotator = Annotator::new(glossary);
            eprintln!("100k-name annotator built in {:?}", started.elapsed());
            annotator
        });
        b.iter(|| {
            let mut n = 0usize;
            annotator.for_each(black_box(&text), |_| n += 1);
            n
        })
    });
    group.finish();
    if std::env::args().any(|a| a == "--bench") {
        let count = |a: &Annotator<'_>, t: &str| {
            let mut n = 0usize;
            a.for_each(t, |_| n += 1);
            n
        };
        cpu_throughput("annotate/embedded", &text, |t| count(&embedded, t));
        if let Some(a) = annotator.get() {
            cpu_throughput("annotate/names-100k", &text, |t| count(a, t));
        }
    }
}

criterion_group!(benches, bench);

/// Writes every mention of `text` (offsets, entry, form, how) one per line to `path`, so that
/// two builds can be compared: a change made for speed must leave this output unchanged.
fn dump(annotator: &Annotator<'_>, text: &str, path: &str) {
    use std::fmt::Write as _;
    let mut out = String::new();
    annotator.for_each(text, |m| {
        let (suffix, rules) = match m.how {
            tilmach::text::How::Inflected { suffix, rules } => (suffix, rules),
            _ => ("", ""),
        };
        let candidates: Vec<String> = m
            .candidates
            .iter()
            .map(|c| format!("{}.{}", c.entry, c.form))
            .collect();
        let _ = writeln!(
            out,
            "{} {} {} {} {}:{} {:?} {} {}.{} {} {suffix:?} {rules} [{}]",
            m.start,
            m.end,
            m.char_start,
            m.char_end,
            m.line,
            m.column,
            m.text,
            m.entry.id,
            m.at.entry,
            m.at.form,
            m.how.as_str(),
            candidates.join(" "),
        );
    });
    std::fs::write(path, out).unwrap();
}

/// `TILMACH_ANNOTATE_ROUNDS=N cargo bench --bench annotate` annotates the text N times with the
/// embedded glossary and exits, for counting instructions with `perf stat` or callgrind (stable
/// on a busy machine, unlike time). `TILMACH_ANNOTATE_TEXT=FILE` annotates that file instead of
/// the corpus; `TILMACH_ANNOTATE_NAMES=N` uses N generated names instead of the embedded
/// glossary; `TILMACH_ANNOTATE_DUMP=FILE` also writes every mention to `FILE` (see [`dump`]).
fn main() {
    if let Some(rounds) = std::env::var("TILMACH_ANNOTATE_ROUNDS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let text = match std::env::var("TILMACH_ANNOTATE_TEXT") {
            Ok(path) => std::fs::read_to_string(path).unwrap(),
            Err(_) => corpus(),
        };
        let names = std::env::var("TILMACH_ANNOTATE_NAMES")
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
            .map(generated_glossary);
        let annotator = Annotator::new(names.as_ref().unwrap_or(Glossary::embedded()));
        let mut n = 0;
        for _ in 0..rounds {
            n += annotator.annotate(black_box(&text)).len();
        }
        eprintln!("{} bytes x {rounds}, {n} mentions", text.len());
        if let Ok(path) = std::env::var("TILMACH_ANNOTATE_DUMP") {
            dump(&annotator, &text, &path);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
