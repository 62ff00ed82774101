//! Transliteration: the data-driven letter and example cases of every scheme
//! (`tests/data/translit/<scheme>.toml`, provenance in the README there), hard cases that need
//! code (errors, strict mode, borrowing, NFD input), round trips of the reversible schemes and
//! every scheme against every other of its language.

use std::borrow::Cow;
use std::path::Path;

use proptest::prelude::*;
use serde::Deserialize;
use tilmach::translit::{KazakhLoans, Options, TranslitError, derivations};
use tilmach::{Scheme, Transliterator};
use unicode_normalization::UnicodeNormalization;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    scheme: String,
    #[serde(default)]
    letters: Vec<Letters>,
    #[serde(default, rename = "case")]
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Letters {
    source: String,
    direction: Option<String>,
    pairs: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    pivot: String,
    text: String,
    direction: Option<String>,
    hamza_between_vowels: Option<bool>,
    kazakh_loans: Option<String>,
}

/// Checks one pair in the directions asked for; failures are collected, not panicked on.
fn check(
    scheme: Scheme,
    options: Options,
    direction: Option<&str>,
    pivot: &str,
    text: &str,
    what: &str,
    failures: &mut Vec<String>,
) {
    let encode = Transliterator::with_options(scheme.pivot(), scheme, options).unwrap();
    let decode = Transliterator::with_options(scheme, scheme.pivot(), options).unwrap();
    let dir = direction.unwrap_or("both");
    assert!(
        ["both", "encode", "decode"].contains(&dir),
        "{scheme}: bad direction {dir:?}"
    );
    let nfd = |s: &str| -> String { s.nfd().collect() };
    if dir != "decode" {
        for input in [pivot.to_owned(), nfd(pivot)] {
            let got = encode.convert(&input);
            if got != text {
                failures.push(format!(
                    "{scheme} encode {input:?}: expected {text:?}, got {got:?} ({what})"
                ));
            }
        }
    }
    if dir != "encode" {
        for input in [text.to_owned(), nfd(text)] {
            let got = decode.convert(&input);
            if got != pivot {
                failures.push(format!(
                    "{scheme} decode {input:?}: expected {pivot:?}, got {got:?} ({what})"
                ));
            }
        }
    }
}

fn case_files() -> Vec<(Scheme, CaseFile)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/translit");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let file: CaseFile =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let scheme: Scheme = file.scheme.parse().unwrap();
            assert_eq!(
                path.file_stem().unwrap().to_str().unwrap(),
                scheme.id(),
                "file name and scheme differ"
            );
            (scheme, file)
        })
        .collect()
}

#[test]
fn letter_tables_and_published_examples() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (scheme, file) in case_files() {
        for letters in &file.letters {
            for (pivot, text) in &letters.pairs {
                count += 1;
                check(
                    scheme,
                    Options::new(),
                    letters.direction.as_deref(),
                    pivot,
                    text,
                    &letters.source,
                    &mut failures,
                );
            }
        }
        for case in &file.cases {
            count += 1;
            let mut options = Options::new();
            if let Some(on) = case.hamza_between_vowels {
                options = options.hamza_between_vowels(on);
            }
            match case.kazakh_loans.as_deref() {
                None | Some("digraphs") => {}
                Some("simplified") => options = options.kazakh_loans(KazakhLoans::Simplified),
                Some(other) => panic!("unknown kazakh_loans {other:?}"),
            }
            let what = format!("{}; {}", case.name, case.source);
            check(
                scheme,
                options,
                case.direction.as_deref(),
                &case.pivot,
                &case.text,
                &what,
                &mut failures,
            );
        }
    }
    assert!(count > 700, "only {count} cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_scheme_has_cases() {
    let covered: Vec<Scheme> = case_files().into_iter().map(|(s, _)| s).collect();
    for &s in Scheme::all() {
        assert!(s.is_pivot() || covered.contains(&s), "{s} has no case file");
    }
}

#[test]
fn scheme_ids_parse_case_insensitively_and_display() {
    for &s in Scheme::all() {
        assert_eq!(s.id().parse::<Scheme>().unwrap(), s);
        assert_eq!(s.id().to_uppercase().parse::<Scheme>().unwrap(), s);
        assert_eq!(s.to_string(), s.id());
        assert_eq!(s.pivot().language(), s.language());
        assert!(s.pivot().is_pivot());
        assert!(s.can_read() && s.can_write());
    }
    assert_eq!(Scheme::all().len(), 21);
}

#[test]
fn unknown_scheme_lists_valid_ids_and_suggests() {
    let err = "ru-bgm".parse::<Scheme>().unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("unknown scheme \"ru-bgm\""), "{msg}");
    assert!(msg.contains("did you mean \"ru-bgn\"?"), "{msg}");
    for &s in Scheme::all() {
        assert!(msg.contains(s.id()), "{msg} lacks {s}");
    }
    let err = Transliterator::new("nonsense-scheme", "ru-bgn").unwrap_err();
    assert!(matches!(
        err,
        TranslitError::UnknownScheme {
            suggestion: None,
            ..
        }
    ));
    let err: tilmach::Error = err.into();
    assert!(err.to_string().starts_with("unknown scheme"));
}

#[test]
fn cross_language_conversion_is_refused() {
    let err = Transliterator::new("kk-cyrl", "ru-bgn").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot convert from kk-cyrl (kk) to ru-bgn (ru): schemes convert only within one language; use a scheme of kk"
    );
}

#[test]
fn strict_mode_names_character_and_position() {
    let t = Transliterator::new("ru-cyrl", "ru-bgn").unwrap();
    // Spaces, digits and punctuation pass in strict mode.
    assert_eq!(t.convert_strict("Москва, 1147!").unwrap(), "Moskva, 1147!");
    let err = t.convert_strict("Москва Ꙋ").unwrap_err();
    let TranslitError::OutsideAlphabet { scheme, offence } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*scheme, "ru-cyrl");
    assert_eq!(
        (offence.ch, offence.char_index, offence.byte_offset),
        ('Ꙋ', 7, 13)
    );
    assert!(err.to_string().contains("U+A64A"), "{err}");
    // Non-strict passes it through.
    assert_eq!(t.convert("Москва Ꙋ"), "Moskva Ꙋ");
    // A Latin letter in ULY that ULY lacks.
    let t = Transliterator::new("ug-latn", "ug-arab").unwrap();
    let err = t.convert_strict("qazaq").unwrap(); // every letter is ULY
    assert_eq!(err, "قازاق");
    let err = t.convert_strict("cay").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("'c' (U+0063) at character 0 (byte 0)"),
        "{err}"
    );
}

#[test]
fn every_pivot_letter_has_a_spelling_in_every_scheme() {
    // Strict mode refuses a pivot letter the target cannot spell (`NoSpelling`): no scheme
    // leaves one, in either case (kk-latn-2018 wrote я as я before it had ıa).
    let alphabets = [
        ("ug-arab", "ئاەبپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىي"),
        ("kk-cyrl", "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"),
        ("ru-cyrl", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    ];
    for (pivot, alphabet) in alphabets {
        let pivot: Scheme = pivot.parse().unwrap();
        for &to in Scheme::all()
            .iter()
            .filter(|s| s.pivot() == pivot && !s.is_pivot())
        {
            let t = Transliterator::new(pivot, to).unwrap();
            let first = alphabet.chars().nth(2).unwrap();
            for c in alphabet.chars() {
                let word = format!("{first}{c}");
                let upper = word.to_uppercase();
                for text in [&word, &upper] {
                    let out = t.convert_strict(text);
                    assert!(out.is_ok(), "{pivot} → {to} {text:?}: {out:?}");
                }
            }
        }
    }
    assert_eq!(
        Transliterator::new("kk-cyrl", "kk-latn-2018")
            .unwrap()
            .convert_strict("автономиялық")
            .unwrap(),
        "avtonomııalyq"
    );
}

#[test]
fn case_is_carried_through_a_pivot_without_case() {
    // Uyghur converts through Arabic script, which has no case.
    let cases = [
        ("ug-latn", "ug-cyrl", "Kashgar", "Кашгар"),
        (
            "ug-latn",
            "ug-cyrl",
            "ÜRÜMCHI Ürümchi ürümchi",
            "ҮРҮМЧИ Үрүмчи үрүмчи",
        ),
        (
            "ug-latn",
            "ug-cyrl",
            "Ili-Qazaq, Is'haq",
            "Или-Қазақ, Исһақ",
        ),
        ("ug-cyrl", "ug-latn", "Қәшқәр", "Qeshqer"),
        ("ug-latn", "ug-uyy", "Shinjang", "Xinjang"),
        ("ug-latn", "ug-scholarly", "Qeshqer", "Qäshqär"),
    ];
    for (from, to, text, want) in cases {
        let t = Transliterator::new(from, to).unwrap();
        assert_eq!(t.convert(text), want, "{from} → {to} {text:?}");
    }
    // Through a cased pivot case was never lost; into Arabic script there is none.
    let t = Transliterator::new("ug-latn", "ug-arab").unwrap();
    assert_eq!(t.convert("Kashgar"), t.convert("kashgar"));
}

#[test]
fn unchanged_text_is_borrowed() {
    let t = Transliterator::new("ru-cyrl", "ru-bgn").unwrap();
    assert!(matches!(t.convert("Kuldja 2024 — ok"), Cow::Borrowed(_)));
    assert!(matches!(t.convert("Москва"), Cow::Owned(_)));
    let id = Transliterator::new("kk-cyrl", "kk-cyrl").unwrap();
    assert!(matches!(id.convert("Құлжа"), Cow::Borrowed(_)));
}

#[test]
fn transliterator_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Transliterator>();
    assert_send_sync::<Scheme>();
    assert_send_sync::<TranslitError>();
    let t = Transliterator::new("kk-cyrl", "kk-latn").unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| t.convert("Алматы").into_owned()))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), "Almaty");
        }
    });
}

#[test]
fn arabic_input_is_cleaned_first() {
    let t = Transliterator::new("ug-arab", "ug-latn").unwrap();
    // Presentation forms, tatweel, U+0647 for ە, a bidi mark.
    assert_eq!(t.convert("\u{200F}ﻗﻪﺷﻘﻪﺭ"), "qeshqer");
    assert_eq!(t.convert("قەشقـەر"), "qeshqer");
    assert_eq!(t.convert("قهشقهر ئۈرۈمچى"), "qeshqer ürümchi");
    // ى + hamza above written as two characters.
    assert_eq!(t.convert("\u{0649}\u{0654}ۈرۈمچى"), "ürümchi");
}

#[test]
fn decomposed_letters_read_like_composed() {
    let t = Transliterator::new("ug-latn", "ug-arab").unwrap();
    assert_eq!(t.convert("\u{0065}\u{0301}"), t.convert("é"));
    assert_eq!(t.convert("\u{0065}\u{0308}"), t.convert("é"));
    let t = Transliterator::new("ru-cyrl", "ru-iso9").unwrap();
    assert_eq!(t.convert("И\u{0306}ошкар-Ола"), "Joškar-Ola");
}

#[test]
fn derivations_name_pivot_and_targets() {
    let d = derivations(&"ug-Arab".parse().unwrap());
    assert_eq!(
        d.iter().map(|d| (d.to, d.tag)).collect::<Vec<_>>(),
        [(Scheme::UgLatn, "ug-Latn"), (Scheme::UgCyrl, "ug-Cyrl")]
    );
    let d = derivations(&"kk-Cyrl".parse().unwrap());
    assert_eq!(
        d.iter().map(|d| d.to).collect::<Vec<_>>(),
        [Scheme::KkLatn, Scheme::KkArab]
    );
    let d = derivations(&"ru".parse().unwrap());
    assert!(
        d.iter()
            .all(|d| d.from == Scheme::RuCyrl && d.tag == "ru-Latn")
    );
    assert!(d.iter().any(|d| d.to == Scheme::RuBgn));
    assert!(derivations(&"en".parse().unwrap()).is_empty());
    assert!(derivations(&"kk-Latn".parse().unwrap()).is_empty());
    for &s in Scheme::all() {
        for d in derivations(&s.tag().parse().unwrap()) {
            assert_eq!(d.from, s);
            assert_eq!(d.to.tag(), d.tag);
        }
    }
}

/// Example texts per language: every case's pivot text, joined.
fn samples(language: &str) -> String {
    let mut out = String::new();
    for (scheme, file) in case_files() {
        if scheme.language() == language {
            for c in &file.cases {
                out.push_str(&c.pivot);
                out.push(' ');
            }
        }
    }
    out
}

#[test]
fn every_scheme_converts_to_every_other_through_the_pivot() {
    for &from in Scheme::all() {
        let text = Transliterator::new(from.pivot(), from)
            .unwrap()
            .convert(&samples(from.language()))
            .into_owned();
        for &to in Scheme::all()
            .iter()
            .filter(|s| s.language() == from.language())
        {
            let direct = Transliterator::new(from, to)
                .unwrap()
                .convert(&text)
                .into_owned();
            let pivot = Transliterator::new(from, from.pivot())
                .unwrap()
                .convert(&text)
                .into_owned();
            let via = Transliterator::new(from.pivot(), to)
                .unwrap()
                .convert(&pivot)
                .into_owned();
            assert_eq!(direct, via, "{from} → {to}");
        }
    }
}

/// Words in valid Uyghur Arabic spelling: a vowel at word start or after a vowel has ئ.
fn uey_words() -> impl Strategy<Value = String> {
    let letters: Vec<char> = "اەبپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىي".chars().collect();
    let vowels = "اەوۇۆۈېى";
    proptest::collection::vec(
        proptest::collection::vec(proptest::sample::select(letters), 1..8),
        1..5,
    )
    .prop_map(move |words| {
        let mut out = Vec::new();
        for w in words {
            let mut s = String::new();
            let mut prev_vowel = true;
            for c in w {
                let v = vowels.contains(c);
                if v && prev_vowel {
                    s.push('ئ');
                }
                s.push(c);
                prev_vowel = v;
            }
            out.push(s);
        }
        out.join(" ")
    })
}

/// Words of a Cyrillic alphabet, in lower, title or upper case.
fn cyrillic_words(alphabet: &'static str) -> impl Strategy<Value = String> {
    let letters: Vec<char> = alphabet.chars().collect();
    proptest::collection::vec(
        (
            proptest::collection::vec(proptest::sample::select(letters), 1..8),
            0..3u8,
        ),
        1..5,
    )
    .prop_map(|words| {
        words
            .into_iter()
            .map(|(w, case)| {
                let w: String = w.into_iter().collect();
                match case {
                    0 => w,
                    1 => {
                        let mut c = w.chars();
                        let first: String =
                            c.next().into_iter().flat_map(char::to_uppercase).collect();
                        first + c.as_str()
                    }
                    _ => w.to_uppercase(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn round_trip(scheme: Scheme, options: Options, text: &str) -> Result<(), TestCaseError> {
    let there = Transliterator::with_options(scheme.pivot(), scheme, options).unwrap();
    let back = Transliterator::with_options(scheme, scheme.pivot(), options).unwrap();
    let mid = there.convert(text);
    prop_assert_eq!(back.convert(&mid), text, "{} via {:?}", scheme, mid);
    Ok(())
}

/// Sequences the reversible schemes' standards themselves cannot tell apart (the README).
fn ambiguous(scheme: Scheme, text: &str) -> bool {
    // ъ ь are caseless symbols in these schemes: a capital one is told only by its word's case.
    let caseless_capital = text.split(' ').any(|w| {
        let mut chars = w.chars();
        let first = chars.next().is_some_and(|c| "ЪЬ".contains(c));
        let rest_upper = w.chars().any(|c| c.is_uppercase() && !"ЪЬ".contains(c))
            && !w.chars().any(char::is_lowercase);
        let only_caseless_after =
            w.chars().count() > 1 && w.chars().skip(1).all(|c| "ьъЬЪ".contains(c));
        (first && !rest_upper) || (w.starts_with(char::is_uppercase) && only_caseless_after)
    });
    if caseless_capital {
        return true;
    }
    let lower = text.to_lowercase();
    match scheme {
        Scheme::RuAlalc | Scheme::KkAlalc => lower.contains("шч"),
        Scheme::RuGostB => ["еь", "еъ", "ьъ", "ьь", "ъъ", "ъь"]
            .iter()
            .any(|s| lower.contains(s)),
        _ => false,
    }
}

#[test]
fn bgn_reads_the_dot_of_shch_after_tsh() {
    // т ш ч is written tsh·ch: tsh (тш, since ts + h is no letter) and the dot of шч.
    let there = Transliterator::new(Scheme::RuCyrl, Scheme::RuBgn).unwrap();
    let back = Transliterator::new(Scheme::RuBgn, Scheme::RuCyrl).unwrap();
    for word in ["тшч", "Тшч", "отшчёт"] {
        assert_eq!(back.convert(&there.convert(word)), word, "{word}");
    }
}

#[test]
fn a_sign_after_a_capital_written_in_title_case_is_small() {
    // Ш + ч is one BGN key with an interpunct (Sh·ch); in a capitalized word its ь is small.
    let there = Transliterator::new(Scheme::RuCyrl, Scheme::RuBgn).unwrap();
    let back = Transliterator::new(Scheme::RuBgn, Scheme::RuCyrl).unwrap();
    for word in ["Шчь", "Машчь", "Шчьа"] {
        assert_eq!(back.convert(&there.convert(word)), word);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn uyghur_schemes_round_trip(text in uey_words(), hamza in any::<bool>()) {
        let options = Options::new().hamza_between_vowels(hamza);
        for s in [Scheme::UgLatn, Scheme::UgCyrl, Scheme::UgUyy, Scheme::UgScholarly] {
            assert!(s.is_reversible());
            round_trip(s, options, &text)?;
        }
    }

    #[test]
    fn kazakh_reversible_schemes_round_trip(text in cyrillic_words("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")) {
        for &s in Scheme::all().iter().filter(|s| s.language() == "kk" && s.is_reversible() && !s.is_pivot()) {
            if !ambiguous(s, &text) {
                round_trip(s, Options::new(), &text)?;
            }
        }
    }

    #[test]
    fn bgn_with_its_interpuncts_reads_back_russian(text in cyrillic_words("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")) {
        // With every dot the standard provides, BGN/PCGN is reversible except where й follows a
        // consonant or a sign (б + йа reads as ыа), a sign starts a word or follows its first
        // letter (Аъ: a sign after a lone capital reads as a capital), or a word is in capitals.
        let lower = text.to_lowercase();
        let odd = lower.split(' ').any(|w| {
            let chars: Vec<char> = w.chars().collect();
            chars.first().is_some_and(|c| "ъьй".contains(*c))
                || chars.get(1).is_some_and(|c| "ъь".contains(*c))
                || chars.windows(2).any(|p| p[1] == 'й' && !"аеёиоуыэюя".contains(p[0]))
        }) || text.split(' ').any(|w| w.chars().filter(|c| c.is_uppercase()).count() > 1);
        if !odd {
            round_trip(Scheme::RuBgn, Options::new(), &text)?;
        }
    }

    #[test]
    fn russian_reversible_schemes_round_trip(text in cyrillic_words("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")) {
        for &s in Scheme::all().iter().filter(|s| s.language() == "ru" && s.is_reversible() && !s.is_pivot()) {
            if !ambiguous(s, &text) {
                round_trip(s, Options::new(), &text)?;
            }
        }
    }

    #[test]
    fn no_input_panics_any_conversion(text in "\\PC{0,40}", marks in "[\u{0300}-\u{036F}\u{064B}-\u{065F}]{0,3}") {
        let text = format!("{marks}{text}{marks}");
        for &from in Scheme::all() {
            for &to in Scheme::all().iter().filter(|s| s.language() == from.language()) {
                let t = Transliterator::new(from, to).unwrap();
                let _ = t.convert(&text);
                let _ = t.convert_strict(&text);
            }
        }
    }

    #[test]
    fn nfd_and_nfc_input_agree(text in cyrillic_words("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")) {
        let nfd: String = text.nfd().collect();
        let nfc = |s: &str| -> String { s.nfc().collect() };
        for &s in Scheme::all().iter().filter(|s| s.language() == "kk") {
            let t = Transliterator::new(Scheme::KkCyrl, s).unwrap();
            // Letters outside the target alphabet pass through as they came: compare composed.
            prop_assert_eq!(nfc(&t.convert(&text)), nfc(&t.convert(&nfd)), "{}", s);
        }
    }
}

#[test]
fn huge_input_converts() {
    let text = "Қазақстан Республикасы ".repeat(200_000);
    let t = Transliterator::new("kk-cyrl", "kk-latn").unwrap();
    let out = t.convert(&text);
    assert!(out.starts_with("Qazaqstan Respublikasy Qazaqstan"));
    assert_eq!(out.matches("Qazaqstan").count(), 200_000);
}

#[test]
fn error_messages() {
    let unknown = "kk-latin".parse::<Scheme>().unwrap_err().to_string();
    insta::assert_snapshot!(unknown, @r#"unknown scheme "kk-latin"; valid schemes: ug-arab, ug-latn, ug-cyrl, ug-uyy, ug-scholarly, kk-cyrl, kk-latn, kk-latn-2018, kk-latn-2017, kk-arab, kk-bgn, kk-alalc, kk-iso9, ru-cyrl, ru-iso9, ru-gost-b, ru-bgn, ru-alalc, ru-icao, ru-scientific, ru-wiki; did you mean "kk-latn"?"#);
    let strict = Transliterator::new("ru-cyrl", "ru-iso9")
        .unwrap()
        .convert_strict("Ёж ʞ")
        .unwrap_err()
        .to_string();
    insta::assert_snapshot!(strict, @r#"'ʞ' (U+029E) at character 3 (byte 5) is not in the alphabet of ru-cyrl; remove it, or convert without strict mode to pass it through unchanged"#);
    // No built-in scheme lacks a spelling of a pivot letter any more; the message as written.
    let spelling = TranslitError::NoSpelling {
        scheme: "kk-latn-2017",
        pivot: "kk-cyrl",
        offence: tilmach::translit::Offence {
            ch: 'Ц',
            char_index: 0,
            byte_offset: 0,
        },
    }
    .to_string();
    insta::assert_snapshot!(spelling, @r#"'Ц' (U+0426) at character 0 (byte 0) (in the text converted to kk-cyrl) has no spelling in kk-latn-2017; convert without strict mode to pass it through unchanged"#);
}
