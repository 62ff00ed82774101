//! A deterministic multilingual name workload for the lookup benchmarks and tests.
//!
//! Names are built from syllables per script with a seeded SplitMix64 generator: 70% Latin
//! (Turkic-style romanizations with ä ö ü ş), 15% Cyrillic (Russian and Kazakh letters), 15%
//! Arabic script (Uyghur letters) — the script mix of the 1M-name study in
//! `shared/research/fuzzy.md`. Every 10th name has two words. Queries are names with one or two
//! random edits (substitute 35%, insert 25%, delete 25%, swap adjacent 15%), drawn from the same
//! script's letters. The same seed always gives the same names and queries.

#![allow(dead_code)]

/// A SplitMix64 generator (Steele, Lea and Flood, 2014).
pub struct Rng(u64);

impl Rng {
    /// A generator with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// An element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The letters and syllable parts of one script.
pub struct Script {
    pub onsets: &'static [&'static str],
    pub vowels: &'static [&'static str],
    pub codas: &'static [&'static str],
    pub letters: &'static [char],
}

pub const LATIN: Script = Script {
    onsets: &[
        "b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "z", "sh", "zh", "ch", "gh", "kh", "y",
        "j", "q", "p", "v", "f", "h", "",
    ],
    vowels: &["a", "e", "i", "o", "u", "ä", "ö", "ü", "a", "e", "i", "ı"],
    codas: &[
        "", "", "", "n", "r", "l", "k", "t", "sh", "ng", "m", "s", "y",
    ],
    letters: &[
        'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
        's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ü', 'ş',
    ],
};

pub const CYRILLIC: Script = Script {
    onsets: &[
        "б", "д", "г", "ғ", "к", "қ", "л", "м", "н", "р", "с", "т", "з", "ш", "ж", "ч", "х", "й",
        "п", "в", "",
    ],
    vowels: &["а", "е", "и", "о", "у", "ә", "ө", "ү", "ұ", "ы", "і", "я"],
    codas: &["", "", "", "н", "р", "л", "к", "т", "ң", "м", "с", "й"],
    letters: &[
        'а', 'б', 'в', 'г', 'ғ', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'қ', 'л', 'м', 'н', 'ң', 'о',
        'ө', 'п', 'р', 'с', 'т', 'у', 'ұ', 'ү', 'ф', 'х', 'ч', 'ш', 'ы', 'і', 'ә', 'я',
    ],
};

pub const ARABIC: Script = Script {
    onsets: &[
        "ب", "د", "گ", "غ", "ك", "ق", "ل", "م", "ن", "ر", "س", "ت", "ز", "ش", "ج", "چ", "خ", "ي",
        "پ", "ۋ", "ئ",
    ],
    vowels: &["ا", "ە", "ى", "و", "ۇ", "ۆ", "ۈ", "ې"],
    codas: &["", "", "", "ن", "ر", "ل", "ك", "ت", "ڭ", "م", "س"],
    letters: &[
        'ا', 'ە', 'ب', 'پ', 'ت', 'ج', 'چ', 'خ', 'د', 'ر', 'ز', 'ژ', 'س', 'ش', 'غ', 'ف', 'ق', 'ك',
        'گ', 'ڭ', 'ل', 'م', 'ن', 'ھ', 'و', 'ۇ', 'ۆ', 'ۈ', 'ۋ', 'ې', 'ى', 'ي',
    ],
};

/// The script of name number `i` (70% Latin, 15% Cyrillic, 15% Arabic).
fn script_for(rng: &mut Rng) -> &'static Script {
    match rng.below(100) {
        0..=69 => &LATIN,
        70..=84 => &CYRILLIC,
        _ => &ARABIC,
    }
}

fn word(rng: &mut Rng, script: &Script) -> String {
    let syllables = 2 + rng.below(3);
    let mut w = String::new();
    for _ in 0..syllables {
        let onset = *rng.pick(script.onsets);
        let vowel = *rng.pick(script.vowels);
        w.push_str(onset);
        w.push_str(vowel);
    }
    let coda = *rng.pick(script.codas);
    w.push_str(coda);
    w
}

fn capitalize(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `n` names, with the index of their script (0 Latin, 1 Cyrillic, 2 Arabic).
pub fn names(seed: u64, n: usize) -> Vec<(String, u8)> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let script = script_for(&mut rng);
            let mut name = capitalize(&word(&mut rng, script));
            if i % 10 == 9 {
                name.push(' ');
                name.push_str(&capitalize(&word(&mut rng, script)));
            }
            let s = if std::ptr::eq(script, &LATIN) {
                0
            } else if std::ptr::eq(script, &CYRILLIC) {
                1
            } else {
                2
            };
            (name, s)
        })
        .collect()
}

/// `n` queries: names of `names` with one or two random edits, lower-cased.
pub fn queries(seed: u64, names: &[(String, u8)], n: usize) -> Vec<String> {
    queries_with_sources(seed, names, n)
        .into_iter()
        .map(|(q, _)| q)
        .collect()
}

/// The same queries as [`queries`], each with the index in `names` of the name it was made from.
pub fn queries_with_sources(seed: u64, names: &[(String, u8)], n: usize) -> Vec<(String, usize)> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let source = rng.below(names.len());
            let (name, s) = &names[source];
            let script = [&LATIN, &CYRILLIC, &ARABIC][usize::from(*s)];
            let mut chars: Vec<char> = name.to_lowercase().chars().collect();
            let edits = 1 + rng.below(2);
            for _ in 0..edits {
                let len = chars.len();
                match rng.below(100) {
                    0..=34 if len > 0 => {
                        let at = rng.below(len);
                        chars[at] = *rng.pick(script.letters);
                    }
                    35..=59 => {
                        let at = rng.below(len + 1);
                        chars.insert(at, *rng.pick(script.letters));
                    }
                    60..=84 if len > 1 => {
                        let at = rng.below(len);
                        chars.remove(at);
                    }
                    _ if len > 1 => {
                        let at = rng.below(len - 1);
                        chars.swap(at, at + 1);
                    }
                    _ => {}
                }
            }
            (chars.into_iter().collect(), source)
        })
        .collect()
}
