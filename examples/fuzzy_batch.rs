//! The library's cost of a batch of misspelt names over the embedded glossary: the work that
//! the Python package's `lookup_many` does per name (`Glossary::search` with a limit of 1),
//! measured in CPU seconds of this process so that a loaded machine does not distort it.
//!
//! ```text
//! cargo run --release --example fuzzy_batch [-- NAMES [RUNS]]
//! ```
//!
//! The names are the embedded glossary's forms with one or two random edits (one for forms of
//! fewer than six characters; a letter substituted, deleted or inserted), as the Python
//! benchmark's `fuzzy` list makes them (`python/bench/bench.py`), from a fixed seed. It prints
//! the CPU time per name and the names per CPU second (two cores do about twice that), and a
//! checksum of the answers, which must not change when only the speed does.

use std::time::Duration;

#[path = "../benches/cpu.rs"]
mod cpu;

use tilmach::Glossary;
use tilmach::lookup::SearchOptions;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzаәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіэюя";

/// `count` forms of the glossary, each misspelt by one or two edits.
fn misspelt(glossary: &Glossary, count: usize, seed: u64) -> Vec<String> {
    let forms: Vec<&str> = glossary
        .entries()
        .flat_map(|e| e.forms.iter().map(|f| f.text.as_str()))
        .collect();
    let letters: Vec<char> = LETTERS.chars().collect();
    let mut rng = Rng(seed);
    (0..count)
        .map(|_| {
            let mut chars: Vec<char> = forms[rng.below(forms.len())].chars().collect();
            let edits = if chars.len() < 6 { 1 } else { 1 + rng.below(2) };
            for _ in 0..edits {
                let i = rng.below(chars.len());
                let letter = letters[rng.below(letters.len())];
                match rng.below(3) {
                    0 if i < chars.len() => chars[i] = letter,
                    1 if chars.len() > 3 => {
                        chars.remove(i);
                    }
                    _ => chars.insert(i.min(chars.len()), letter),
                }
            }
            chars.into_iter().collect()
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let glossary = Glossary::embedded();
    let names = misspelt(glossary, count, 14);
    let options = SearchOptions {
        limit: 1,
        ..SearchOptions::default()
    };
    let mut best = Duration::MAX;
    let mut checksum = 0u64;
    let mut found = 0usize;
    for _ in 0..runs {
        let start = cpu::cpu_time().unwrap_or_default();
        checksum = 0;
        found = 0;
        for name in &names {
            let hits = glossary.search(name, &options).unwrap_or_default();
            if let Some(hit) = hits.first() {
                found += 1;
                for b in hit.entry.id.bytes() {
                    checksum = checksum.wrapping_mul(31).wrapping_add(u64::from(b));
                }
                checksum = checksum.wrapping_add((hit.score * 1000.0).round() as u64);
            }
        }
        best = best.min(cpu::cpu_time().unwrap_or_default() - start);
    }
    let per = best.as_secs_f64() / count as f64;
    println!(
        "{count} misspelt names, best of {runs}: {:.2} s CPU, {:.1} µs per name, {:.0} names per CPU second; {found} found, checksum {checksum:016x}",
        best.as_secs_f64(),
        per * 1e6,
        1.0 / per
    );
}
