//! Other readings of a query's spelling that the cross-script stage looks up besides the
//! query's own common-Latin key: Wade–Giles syllables read as pinyin and as the foreign name
//! that the Chinese characters transcribe, the name before a comma that qualifies it, the case
//! ending that
//! Lithuanian adds to a foreign name, and the Russian adjectival ending `-ск` (*Аральск*,
//! *Петропавловск*) that the Kazakh names of the same towns lack (*Aral*, *Petropavl*).
//!
//! Each reading is driven by a table with its source; `tests` name the source of each.
//!
//! ```
//! use tilmach::key::spellings::{name_stems, wade_giles};
//! assert_eq!(wade_giles("Ch’ang-chi").as_deref(), Some("changji"));
//! assert_eq!(wade_giles("Hsin-yüan").as_deref(), Some("xinyuan"));
//! assert_eq!(wade_giles("Alma-Ata"), None);
//! assert_eq!(name_stems("petropavlovsk").collect::<Vec<_>>(), ["petropavl", "petropavlov"]);
//! ```

use crate::key::key;

mod korean;
mod romance;
pub use korean::{KOREAN_SH, korean};
pub use romance::{BEFORE_PORTUGUESE_SH, ROMANCE_READINGS, romance};

/// Wade–Giles initials and the pinyin initials they stand for, longest first (Library of
/// Congress, *Pinyin Conversion Project*, Wade–Giles to pinyin conversion table; the apostrophe
/// marks aspiration). `ch` and `ch'` stand for pinyin `j`/`q` before `i` and `ü` and for
/// `zh`/`ch` elsewhere ([`wade_giles`] reads that context).
pub const WADE_GILES_INITIALS: &[(&str, &str)] = &[
    ("ch'", "ch"),
    ("ts'", "c"),
    ("tz'", "c"),
    ("ch", "zh"),
    ("hs", "x"),
    ("k'", "k"),
    ("p'", "p"),
    ("t'", "t"),
    ("ts", "z"),
    ("tz", "z"),
    ("ss", "s"),
    ("sz", "s"),
    ("sh", "sh"),
    ("k", "g"),
    ("p", "b"),
    ("t", "d"),
    ("j", "r"),
    ("b", "b"),
    ("f", "f"),
    ("h", "h"),
    ("l", "l"),
    ("m", "m"),
    ("n", "n"),
    ("s", "s"),
    ("w", "w"),
    ("y", "y"),
];

/// Wade–Giles finals (diacritics folded: `ü` as `u`, `ê` and `ŭ` as `e` and `u`) and their
/// pinyin, from the same table; a syllable is an initial of [`WADE_GILES_INITIALS`] (or none)
/// followed by one of these.
pub const WADE_GILES_FINALS: &[(&str, &str)] = &[
    ("iung", "iong"),
    ("iang", "iang"),
    ("uang", "uang"),
    ("ang", "ang"),
    ("eng", "eng"),
    ("erh", "er"),
    ("iao", "iao"),
    ("ieh", "ie"),
    ("ien", "ian"),
    ("ing", "ing"),
    ("uai", "uai"),
    ("uan", "uan"),
    ("ueh", "ue"),
    ("ung", "ong"),
    ("ai", "ai"),
    ("an", "an"),
    ("ao", "ao"),
    ("eh", "e"),
    ("ei", "ei"),
    ("en", "en"),
    ("ia", "ia"),
    ("ih", "i"),
    ("in", "in"),
    ("iu", "iu"),
    ("ou", "ou"),
    ("ua", "ua"),
    ("ui", "ui"),
    ("un", "un"),
    ("uo", "uo"),
    ("a", "a"),
    ("e", "e"),
    ("i", "i"),
    ("o", "o"),
    ("u", "u"),
];

/// One Wade–Giles syllable read: its pinyin initial (after the palatal rule), the
/// Wade–Giles initial and final it was read from, and the pinyin final.
struct Syllable<'p> {
    initial: &'static str,
    wg_initial: &'static str,
    wg_final: &'p str,
    final_pinyin: &'static str,
}

/// Reads one Wade–Giles syllable (key-folded, apostrophes as `'`), or `None` when the piece is
/// not one.
fn parse_syllable(piece: &str) -> Option<Syllable<'_>> {
    let initials = WADE_GILES_INITIALS
        .iter()
        .filter(|(wg, _)| piece.starts_with(wg))
        .chain(std::iter::once(&("", "")));
    for &(wg, pinyin) in initials {
        let rest = piece.get(wg.len()..)?;
        let Some(&(_, final_pinyin)) = WADE_GILES_FINALS.iter().find(|(f, _)| *f == rest) else {
            continue;
        };
        // Before i (not the apical -ih) ch is pinyin j and ch' is q; ü, folded to u, is not
        // told from u, so chü reads as zhu.
        let palatal = rest.starts_with('i') && rest != "ih";
        let initial = match (wg, palatal) {
            ("ch", true) => "j",
            ("ch'", true) => "q",
            _ => pinyin,
        };
        return Some(Syllable {
            initial,
            wg_initial: wg,
            wg_final: rest,
            final_pinyin,
        });
    }
    None
}

/// The pinyin of one Wade–Giles syllable (key-folded, apostrophes as `'`), or `None` when the
/// piece is not one.
fn syllable(piece: &str) -> Option<String> {
    let Syllable {
        initial,
        wg_initial,
        final_pinyin,
        ..
    } = parse_syllable(piece)?;
    // After l, n, t, d, ts, s the final -o is pinyin -uo; after k and h, -e (ko → ge).
    let final_pinyin = match (initial, final_pinyin) {
        ("d" | "t" | "n" | "l" | "z" | "c" | "s" | "zh" | "ch" | "sh" | "r", "o") => "uo",
        ("g" | "k" | "h", "o") => "e",
        // ssu, tzu, szu: the apical vowel, pinyin -i.
        ("s" | "z" | "c", "u") if matches!(wg_initial, "ss" | "sz" | "tz" | "tz'") => "i",
        (_, f) => f,
    };
    Some(format!("{initial}{final_pinyin}"))
}

/// The pieces of a folded key that may be romanized Chinese syllables: at least two, split at
/// hyphens and spaces, the key of ASCII small letters, hyphens, spaces and apostrophes only.
fn syllable_pieces(folded: &str) -> Option<Vec<&str>> {
    let pieces: Vec<&str> = folded.split(['-', ' ']).filter(|p| !p.is_empty()).collect();
    let latin = folded
        .chars()
        .all(|c| c.is_ascii_lowercase() || matches!(c, '-' | ' ' | '\''));
    (pieces.len() >= 2 && latin).then_some(pieces)
}

/// The pinyin reading of a name written in Wade–Giles syllables joined by hyphens (*Ch’ang-chi*
/// → `changji`, *Hsin-yüan* → `xinyuan`, *K’o-erh-lo* → `keerluo`), or `None` unless the text
/// is Latin of at least two hyphenated or spaced pieces, each of them a Wade–Giles syllable.
pub fn wade_giles(text: &str) -> Option<String> {
    let folded = key(text);
    let pieces = syllable_pieces(&folded)?;
    pieces.iter().map(|p| syllable(p)).collect()
}

/// Wade–Giles syllables that the Chinese transcription of a foreign name writes for a
/// consonant with no vowel after it, and that consonant: 尔 *erh* for a final r or l, 什
/// *shih* for sh, 斯 *ssu* or *szu* for s, 兹 *tzu* for z, 茨 *tz'u* for ts (Xinhua News
/// Agency, *Names of the World's Peoples* / GB/T 17693.1 transcription tables, the row of
/// consonants without a vowel; *Kashgar* 喀什噶尔 K'a-shih-ka-erh, *Korla* 库尔勒
/// K'u-erh-lo, *Aral* 阿拉尔 A-la-erh).
pub const HAN_BARE_CONSONANTS: &[(&str, &str)] = &[
    ("erh", "r"),
    ("shih", "sh"),
    ("ssu", "s"),
    ("szu", "s"),
    ("tzu", "z"),
    ("tz'u", "ts"),
];

/// The sounds of a foreign name (a Uyghur, Kazakh or Mongolian place name) that Chinese
/// characters transcribe, read back from the Wade–Giles spelling of those characters
/// (*K'u-erh-lo* → `kurlo`, Korla; *K'a-la-k'a-shih* → `karakash`, Qaraqash), or nothing unless
/// the text is Latin of at least two hyphenated or spaced pieces, each a Wade–Giles syllable.
///
/// Each syllable is read as its pinyin initial and its Wade–Giles final as written (the final
/// is closer to the foreign vowel than pinyin's *-uo* and *-e*: 洛 *lo* transcribes lo, 科
/// *k'o* ko), the final's silent `h` left out; a syllable of [`HAN_BARE_CONSONANTS`] is read as
/// its consonant alone. The transcription writes a foreign r and l alike with l-syllables and
/// a final r or l alike with 尔 (Xinhua tables: ra and la both 拉; *Qaraqash* 喀拉喀什,
/// *Aral* 阿拉尔), so a second reading swaps them: l-syllables as r, *erh* as l.
pub fn han_transcription(text: &str) -> Vec<String> {
    let folded = key(text);
    let Some(pieces) = syllable_pieces(&folded) else {
        return Vec::new();
    };
    let mut as_written = String::new();
    let mut swapped = String::new();
    for piece in &pieces {
        let Some(syl) = parse_syllable(piece) else {
            return Vec::new();
        };
        if let Some(&(_, consonant)) = HAN_BARE_CONSONANTS.iter().find(|(wg, _)| wg == piece) {
            as_written.push_str(consonant);
            swapped.push_str(if consonant == "r" { "l" } else { consonant });
            continue;
        }
        let vowel = syl.wg_final.strip_suffix('h').unwrap_or(syl.wg_final);
        as_written.push_str(syl.initial);
        as_written.push_str(vowel);
        swapped.push_str(if syl.initial == "l" { "r" } else { syl.initial });
        swapped.push_str(vowel);
    }
    let mut out = vec![as_written];
    if out.first() != Some(&swapped) {
        out.push(swapped);
    }
    out
}

/// The name before a comma that qualifies it with its country or region (*اورال، قزاقستان*
/// "Oral, Kazakhstan", *Aksu, Xinjiang*: how GeoNames alternate names and Wikipedia titles tell
/// places of one name apart), when both sides of the first comma ([`crate::chars::is_comma`])
/// have a letter; `None` otherwise.
pub fn qualified_name(text: &str) -> Option<&str> {
    let (head, rest) = text.split_once(crate::chars::is_comma)?;
    let head = head.trim();
    (head.chars().any(char::is_alphabetic) && rest.chars().any(char::is_alphabetic)).then_some(head)
}

/// The longest Chinese personal name [`han_personal_name`] reads, in characters: a surname of
/// one character and a given name of one to three.
pub const HAN_NAME_CHARS: usize = 4;

/// A Chinese personal name of two to [`HAN_NAME_CHARS`] Han characters (*毛泽东*, *李鹏*) read in
/// pinyin as the name is romanized: the surname apart from the given name, whose syllables are
/// written together (GB/T 28039-2011, *Chinese phonetic alphabet spelling rules for Chinese
/// names*: *Mao Zedong*, *Li Peng*), toneless as the common-Latin key reads Han (`mao zedong`).
/// `None` for any other text, and for a character without a reading.
///
/// ```
/// use tilmach::key::spellings::han_personal_name;
/// assert_eq!(han_personal_name("毛泽东").as_deref(), Some("mao zedong"));
/// assert_eq!(han_personal_name("李鵬").as_deref(), Some("li peng"));
/// assert_eq!(han_personal_name("Mao"), None);
/// assert_eq!(han_personal_name("新疆维吾尔自治区"), None);
/// ```
pub fn han_personal_name(text: &str) -> Option<String> {
    if !(2..=HAN_NAME_CHARS).contains(&text.chars().count())
        || !text.chars().all(crate::han::is_han)
    {
        return None;
    }
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        out.push_str(crate::han::pinyin(crate::han::simplified(c))?);
        if i == 0 {
            out.push(' ');
        }
    }
    Some(out)
}

/// Endings that Russian adds to the name of a town to make it an adjective and that the
/// Kazakh, Kyrgyz and English names of the same towns lack (*Аральск* / *Aral*, *Уральск* /
/// *Oral*, *Петропавловск* / *Petropavl*, *Лисаковск* / *Лисаков*): the suffix -ск- and the
/// possessive -ов-/-ев- before it (Russian Academy Grammar 1980, §§ 542–545, the suffixes of
/// adjectives -ск-, -ов-ск-), as the common-Latin key writes them, with the Polish and German
/// `w` for в (*Pietropawłowsk*). Longest first.
pub const NAME_ENDINGS: &[&str] = &["ovsk", "evsk", "owsk", "ewsk", "sk"];

/// The most stems [`name_stems`] gives for one key (a long ending and `sk`).
pub const MAX_NAME_STEMS: usize = 2;

/// The common-Latin key `latin` without each final [`NAME_ENDINGS`] ending it has, when at
/// least three letters are left before it and the key is one word (*lisakovsk* → `lisak`,
/// `lisakov`).
pub fn name_stems(latin: &str) -> impl Iterator<Item = &str> {
    let one_word = !latin.contains(' ');
    NAME_ENDINGS.iter().filter_map(move |e| {
        latin
            .strip_suffix(e)
            .filter(|stem| one_word && stem.chars().count() >= 3)
    })
}

/// The endings of the Russian adjectives made from place names with -ск- (*Карасайский
/// район*, *Алматинская область*, *Иссык-Кульской области*), as the common-Latin key writes
/// them from Cyrillic and from the BGN/PCGN, ISO 9 and scholarly romanizations (-ский
/// `skiy`, `skij`, `skii`, `sky`; -ская `skaya`, `skaja`; -ское `skoye`, `skoe`; -ские `skiye`,
/// `skie`; -ского `skogo`; -ской `skoy`, `skoj`; -ском `skom`): the suffix -ск- of
/// [`NAME_ENDINGS`] (Russian Academy Grammar 1980) with the nominative, genitive and
/// prepositional endings of the adjective declension. Longest first.
pub const ADJECTIVE_ENDINGS: &[&str] = &[
    "skaya", "skaja", "skoye", "skogo", "skiye", "skiy", "skij", "skii", "skoe", "skie", "skoy",
    "skoj", "skom", "sky",
];

/// The linking suffix -ин- of the variant -инск- that Russian puts between a place name ending
/// in a vowel and -ск- (*Алматы* → *Алматинская*, *Караганда* → *Карагандинская*, *Кызылорда*
/// → *Кызылординская*, as in KATO's Russian names of Kazakhstan's regions).
pub const ADJECTIVE_LINK: &str = "in";

/// The place name that a Russian adjective made from it with -ск- stands for, from the
/// common-Latin key `latin` of the adjective (its last word, the one that carries the ending:
/// *issyk kulskaya* → `issyk kul`): the key without an [`ADJECTIVE_ENDINGS`] ending, and also
/// without the link [`ADJECTIVE_LINK`] before it, each when at least three letters are left
/// (*karasayskiy* → `karasay`; *almatinskaya* → `almatin`, `almat`).
///
/// ```
/// use tilmach::key::spellings::adjective_stems;
/// assert_eq!(adjective_stems("karasayskiy"), ["karasay"]);
/// assert_eq!(adjective_stems("almatinskaya"), ["almatin", "almat"]);
/// assert_eq!(adjective_stems("issyk kulskaya"), ["issyk kul"]);
/// assert!(adjective_stems("ruskiy").is_empty());
/// ```
pub fn adjective_stems(latin: &str) -> Vec<&str> {
    let last_word = latin.rsplit(' ').next().unwrap_or(latin);
    let Some(stem) = ADJECTIVE_ENDINGS.iter().find_map(|e| {
        latin
            .strip_suffix(e)
            .filter(|_| last_word.len() > e.len() + 2)
    }) else {
        return Vec::new();
    };
    let mut out = vec![stem];
    if let Some(unlinked) = stem
        .strip_suffix(ADJECTIVE_LINK)
        .filter(|u| u.rsplit(' ').next().is_some_and(|w| w.chars().count() >= 3))
    {
        out.push(unlinked);
    }
    out
}

/// Letters of the Lithuanian alphabet that no other Latin alphabet of the region's spellings
/// has together with the Czech ones it shares (Lithuanian alphabet: ą č ę ė į š ų ū ž).
const LITHUANIAN_LETTERS: &[char] = &['ą', 'č', 'ę', 'ė', 'į', 'š', 'ų', 'ū', 'ž'];

/// The nominative endings that Lithuanian gives a foreign masculine name (Valstybinė lietuvių
/// kalbos komisija, rules on writing foreign proper names, adaptation with Lithuanian endings:
/// -as, -is, -us, -ys; *Biškekas*, *Taškentas*, *Šanchajus*).
pub const LITHUANIAN_ENDINGS: &[&str] = &["as", "is", "us", "ys"];

/// The name without a nominative ending of [`LITHUANIAN_ENDINGS`] (*Biškekas* → *Biškek*,
/// *Šanchajus* → *Šanchaj*), for a one-word Latin text with a letter of the Lithuanian
/// alphabet (ą č ę ė į š ų ū ž) whose ending follows a consonant; `None` otherwise.
pub fn lithuanian_stem(text: &str) -> Option<&str> {
    if text.contains(' ')
        || !text
            .chars()
            .any(|c| LITHUANIAN_LETTERS.contains(&c.to_lowercase().next().unwrap_or(c)))
    {
        return None;
    }
    LITHUANIAN_ENDINGS.iter().find_map(|e| {
        text.strip_suffix(e).filter(|stem| {
            stem.chars().count() >= 2 && stem.chars().last().is_some_and(|c| !"aeiouy".contains(c))
        })
    })
}

/// Letters that only the Czech, Slovak, Lithuanian and Polish alphabets among the Latin ones of
/// the region's spellings have (Czech and Slovak č ď ě ň ř š ť ů ž, Lithuanian ą ę ė į ų ū,
/// Polish ć ł ń ś ź ż): a text with one of them follows those languages' transcription of
/// Russian.
const CENTRAL_EUROPEAN_LETTERS: &[char] = &[
    'č', 'ď', 'ě', 'ň', 'ř', 'š', 'ť', 'ů', 'ž', 'ą', 'ę', 'ė', 'į', 'ų', 'ū', 'ć', 'ł', 'ń', 'ś',
    'ź', 'ż',
];

/// The letters that the Czech, Slovak, Lithuanian and Polish transcriptions of Russian write
/// for х and й, and how the common-Latin key writes those sounds: х is `ch` and й is `j`
/// (Czech: *Pravidla českého pravopisu*, transcription of Russian, х ch, й j; Lithuanian: VLKK
/// rules on the transcription of Russian names, х ch, й j; Polish: PWN rules of transcription
/// of Russian, х ch, й j; *Chabarovsk*, *Šanchajus*, *Czelabińsk*), where English and the
/// Turkic alphabets read `ch` as ч and `j` as дж.
pub const CENTRAL_EUROPEAN_READINGS: &[(&str, &str)] = &[("ch", "kh"), ("j", "y")];

/// The text with its `ch` and `j` read as the Czech, Slovak, Lithuanian and Polish
/// transcriptions of Russian write х and й ([`CENTRAL_EUROPEAN_READINGS`]), for a Latin text
/// with a letter of those alphabets only and one of those letters; `None` otherwise.
pub fn central_european(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if !lower.chars().any(|c| CENTRAL_EUROPEAN_LETTERS.contains(&c))
        || !CENTRAL_EUROPEAN_READINGS
            .iter()
            .any(|(from, _)| lower.contains(from))
    {
        return None;
    }
    let mut out = lower;
    for (from, to) in CENTRAL_EUROPEAN_READINGS {
        out = out.replace(from, to);
    }
    Some(out)
}

/// Vowel digraphs of ASCII spelling and the vowels they write, each a reading of its own:
/// the Dutch transcription of Russian writes у as `oe` (Taalunie, *Transcriptie van Russische
/// namen*: у oe; *Oeral*, *Koeldzja*), and German spelling without umlauts writes ö, ü and ä
/// as `oe`, `ue` and `ae` (DIN 5007-1, variant 2; *Schangaoesen* for *Schangaösen*), where
/// English reads `oe` and `ue` as the letters they are.
pub const VOWEL_DIGRAPHS: &[(&str, &str)] = &[("oe", "u"), ("oe", "ö"), ("ue", "ü"), ("ae", "ä")];

/// The text in lower case with a vowel digraph of [`VOWEL_DIGRAPHS`] read as the vowel it
/// writes, one text for each reading of a digraph that a text of ASCII letters has
/// (*Oeroemtsji* → `urumtsji`, Dutch, and `örömtsji`, German).
///
/// ```
/// use tilmach::key::spellings::vowel_digraphs;
/// assert_eq!(vowel_digraphs("Koeldzja"), ["kuldzja", "köldzja"]);
/// assert!(vowel_digraphs("Kuldja").is_empty());
/// ```
pub fn vowel_digraphs(text: &str) -> Vec<String> {
    // Most queries have none: look before allocating.
    let has = |digraph: &str| {
        text.as_bytes()
            .windows(digraph.len())
            .any(|w| w.eq_ignore_ascii_case(digraph.as_bytes()))
    };
    if !text.is_ascii() || !VOWEL_DIGRAPHS.iter().any(|(from, _)| has(from)) {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    VOWEL_DIGRAPHS
        .iter()
        .filter(|(from, _)| lower.contains(from))
        .map(|(from, to)| lower.replace(from, to))
        .collect()
}

/// The Arabic letter feh and the letter that the common-Latin key reads as v (Uyghur ve ۋ):
/// Arabic, which has no v, writes the v of foreign names with feh (*فلاديمير* Vladimir), and
/// Persian spellings of Russian names write the final -в as it sounds, \[f\] (Russian final
/// devoicing; *کونایف* Konayev, *Kunaev*).
pub const ARABIC_V: (char, char) = ('ف', 'ۋ');

/// The Arabic heh ه and the letter the common-Latin key reads as h (Uyghur hе ھ): in Persian
/// and Arabic spelling heh is the consonant h except at the end of a word, where Persian
/// writes the vowel e with it (ALA-LC Persian: ه h, final silent ه as the vowel *e*;
/// *شانگهای* Shanghai), while Uyghur and Kazakh Arabic script write that vowel with ە, to which
/// the key folds every heh.
pub const PERSIAN_H: (char, char) = ('ه', 'ھ');

/// The text with every heh inside a word read as h ([`PERSIAN_H`]), for a text with one;
/// `None` otherwise.
pub fn persian_h(text: &str) -> Option<String> {
    let (heh, h) = PERSIAN_H;
    let chars: Vec<char> = text.chars().collect();
    let mut changed = false;
    let out: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let inside = chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphabetic() && !crate::chars::is_mark(*n));
            if c == heh && inside {
                changed = true;
                h
            } else {
                c
            }
        })
        .collect();
    changed.then_some(out)
}

/// The text with every feh read as v ([`ARABIC_V`]), for a text with a feh; `None`
/// otherwise.
pub fn arabic_v(text: &str) -> Option<String> {
    let (feh, v) = ARABIC_V;
    text.contains(feh)
        .then(|| text.replace(feh, &v.to_string()))
}

/// Latin letters and the Arabic-script letters they stand for in a letter-for-letter
/// transcription of Persian, Urdu or Arabic spelling (*dwshnbh* for *دوشنبه*, Dushanbe): the
/// consonant values of ALA-LC Persian romanization (Library of Congress, *Persian
/// Romanization Table*: sh ش, kh خ, gh غ, zh ژ, ch چ, v و, y ی, h ه), with w for vav, as
/// Arabic romanization writes it, and a for alif; short vowels, which the script leaves
/// unwritten, are absent, and vav and yeh stand for the long vowels too. Digraphs first.
pub const ABJAD_LATIN: &[(&str, char)] = &[
    ("sh", 'ش'),
    ("kh", 'خ'),
    ("gh", 'غ'),
    ("zh", 'ژ'),
    ("ch", 'چ'),
    ("a", 'ا'),
    ("b", 'ب'),
    ("p", 'پ'),
    ("t", 'ت'),
    ("j", 'ج'),
    ("h", 'ه'),
    ("d", 'د'),
    ("r", 'ر'),
    ("z", 'ز'),
    ("s", 'س'),
    ("f", 'ف'),
    ("q", 'ق'),
    ("k", 'ک'),
    ("g", 'گ'),
    ("l", 'ل'),
    ("m", 'م'),
    ("n", 'ن'),
    ("w", 'و'),
    ("v", 'و'),
    ("y", 'ی'),
];

/// The Latin letter of alif in [`ABJAD_LATIN`]: a vowel to the common-Latin alphabet
/// ([`crate::chars::LetterClass::Vowel`]) that the abjad writes.
const ABJAD_ALIF: char = 'a';

/// The Latin letter of yeh in [`ABJAD_LATIN`], likewise a vowel to the common-Latin alphabet.
const ABJAD_YEH: char = 'y';

/// The fewest letters in a row without an a that make a Latin word without e, i, o or u read
/// as a letter-for-letter transcription of Arabic script ([`abjad_latin`]): the Latin
/// spellings of the region's names write their vowels, so such a run is a cluster of
/// consonants (*dwshnbh*), or has y for a vowel (*Kyzyl*), which the reading keeps as yeh.
pub const ABJAD_RUN: usize = 4;

/// A Latin text written letter for letter from Arabic script ([`ABJAD_LATIN`]), written back in
/// that script for the key to read its vowels as it reads Arabic-script spellings
/// (*dwshnbh* → *دوشنبه*, *kwkshhtaw* → *کوکشهتاو*): a text of ASCII letters, spaces, hyphens
/// and apostrophes, with no e, i, o or u, and [`ABJAD_RUN`] letters running without an a in
/// one of its words. `None` otherwise.
///
/// ```
/// use tilmach::key::spellings::abjad_latin;
/// assert_eq!(abjad_latin("dwshnbh").as_deref(), Some("دوشنبه"));
/// assert_eq!(abjad_latin("Dushanbe"), None);
/// assert_eq!(abjad_latin("Almaty"), None);
/// ```
pub fn abjad_latin(text: &str) -> Option<String> {
    // ASCII letters without a vowel letter other than those the abjad writes (alif a, yeh y),
    // checked before anything is allocated: most queries fail here.
    let abjad_letter = |c: char| {
        let c = c.to_ascii_lowercase();
        c.is_ascii_lowercase()
            && (c == ABJAD_ALIF
                || c == ABJAD_YEH
                || crate::chars::letter_class(c) != Some(crate::chars::LetterClass::Vowel))
    };
    let plain = text.chars().all(|c| {
        abjad_letter(c) || c == ' ' || crate::chars::is_hyphen(c) || crate::chars::is_apostrophe(c)
    });
    if !plain {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let longest_run = lower
        .split(|c: char| !c.is_ascii_lowercase() || c == ABJAD_ALIF)
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest_run < ABJAD_RUN {
        return None;
    }
    let mut out = String::with_capacity(lower.len() * 2);
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        if !c.is_ascii_lowercase() {
            if !crate::chars::is_apostrophe(c) {
                out.push(' ');
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (latin, arabic) = ABJAD_LATIN.iter().find(|(l, _)| rest.starts_with(l))?;
        out.push(*arabic);
        rest = &rest[latin.len()..];
    }
    Some(out)
}

/// The Arabic letter jeem and the letter the common-Latin key reads as g (Persian gaf گ):
/// Arabic has no g, and Egyptian Arabic, which pronounces jeem as \[g\], writes the g of
/// foreign names with it (*هامبورج* Hamburg, *لنجر* Lenger; Wikipedia, *Jīm*: the letter is
/// \[ɡ\] in Egyptian Arabic, which writes foreign g with it), where Persian, Uyghur and Kazakh,
/// which write g with gaf, read jeem as j.
pub const ARABIC_G: (char, char) = ('ج', 'گ');

/// The text with every jeem read as g ([`ARABIC_G`]), for a text with a jeem and neither gaf
/// nor a letter of the Uyghur and Kazakh alphabets only (a text with one writes g otherwise);
/// `None` otherwise.
pub fn arabic_g(text: &str) -> Option<String> {
    let (jeem, gaf) = ARABIC_G;
    (text.contains(jeem)
        && !text.contains(gaf)
        && !text.chars().any(crate::chars::is_uyghur_kazakh_letter))
    .then(|| text.replace(jeem, &gaf.to_string()))
}

/// The letters with which GOST 7.79-2000 system B writes Russian ц, and how the common-Latin
/// key writes that sound: `cz` is `ts` (GOST 7.79-2000, *Rules of transliteration of Cyrillic
/// characters by Latin*, table 1, system B: ц — cz, and c before i, e, y, j; *Naczuko*,
/// *rasczvetayut*), where the key reads `cz` as Polish does, ч.
pub const GOST_CZ: (&str, &str) = ("cz", "ts");

/// The text with its `cz` read as GOST 7.79-2000 system B writes ц ([`GOST_CZ`]), for a text
/// with one; `None` otherwise.
pub fn gost_cz(text: &str) -> Option<String> {
    let (cz, ts) = GOST_CZ;
    let lower = text.to_lowercase();
    lower.contains(cz).then(|| lower.replace(cz, ts))
}

/// The Cyrillic letter that Kyrgyz reads as an affricate, and the letters Russian writes for
/// that sound: Kyrgyz ж is j (BGN/PCGN romanization of Kyrgyz, 1979: ж — j; *Жалал-Абад*
/// Jalal-Abad, *Жети-Өгүз* Jeti-Ögüz; Russian *Джалал-Абад*), where Kazakh and Russian ж is
/// zh and the common-Latin key reads it so.
pub const KYRGYZ_ZH: (char, &str) = ('ж', "дж");

/// The text with its ж read as Kyrgyz reads it ([`KYRGYZ_ZH`]), for a Cyrillic text with one and
/// no letter of Kazakh alone; `None` otherwise.
///
/// ```
/// use tilmach::key::{latin_key, spellings::kyrgyz_zh};
/// assert_eq!(kyrgyz_zh("Жалал-Абад").map(|t| latin_key(&t)).as_deref(), Some("jalal abad"));
/// assert_eq!(kyrgyz_zh("Жетісу"), None);
/// assert_eq!(kyrgyz_zh("Jalal-Abad"), None);
/// ```
pub fn kyrgyz_zh(text: &str) -> Option<String> {
    let (zh, dzh) = KYRGYZ_ZH;
    if !text.contains(|c: char| c.to_lowercase().eq([zh]))
        || text.chars().any(crate::chars::is_kazakh_only_letter)
    {
        return None;
    }
    Some(text.to_lowercase().replace(zh, dzh))
}

/// The digraphs that mark a Cyrillic word as a Chinese name in the Palladius system: цз
/// (pinyin z, j) and чж (zh). So does э after a consonant (*хэ* he, *чэн* cheng), which Russian
/// writes only in a few loanwords ([`palladius`] checks it).
pub const PALLADIUS_MARKS: &[&str] = &["цз", "чж"];

/// The Russian vowel letters, and the soft sign that makes н a pinyin final n.
const PALLADIUS_VOWELS: &str = "аеёиоуыэюяь";

/// The vowels before which Palladius цз is pinyin j and ц is pinyin q.
const PALLADIUS_PALATAL: &str = "иеюя";

/// The consonants after which Palladius о is pinyin uo (до duo, ло luo, го guo, хо huo, цо
/// cuo, со suo, чжо zhuo, шо shuo, жо ruo): pinyin has no o after them, while after б, п, м, ф
/// о is o (бо bo, мо mo).
const PALLADIUS_BEFORE_UO: &str = "дтнлгкхцсжчшз";

/// The text read as the Palladius system writes pinyin, for a Chinese name written in it
/// ([`PALLADIUS_MARKS`], or э after a consonant); `None` for other texts and when the reading
/// changes nothing. The key reads н as n and ц as ts, but Palladius writes the final ng of pinyin as н and the final n
/// as нь (ан ang, ань an; ин ing, инь in; ун ong, унь un), pinyin j as цз and q as ц before
/// и, ю, я and е (цзи ji, цзя jia, ци qi, цю qiu; цзы zi, цы ci), and uo as о after the
/// initials that have no o in pinyin (до duo, хо huo, цзо zuo; but бо bo, оу ou) (the
/// Palladius table: *Чанцзи* Changji, *Цзинхэ* Jinghe, *Цитай* Qitai, *Хочэн* Huocheng,
/// *Синьцзян* Xinjiang).
pub fn palladius(text: &str) -> Option<String> {
    // Every mark has ц, ч or э: a text without them (most queries) is not read at all.
    if !text.contains(['ц', 'Ц', 'ч', 'Ч', 'э', 'Э']) {
        return None;
    }
    let lower = text.to_lowercase();
    let is_consonant = |c: char| ('а'..='я').contains(&c) && !PALLADIUS_VOWELS.contains(c);
    let chars: Vec<char> = lower.chars().collect();
    let marked = PALLADIUS_MARKS.iter().any(|m| lower.contains(m))
        || chars
            .windows(2)
            .any(|pair| matches!(pair, [c, 'э'] if is_consonant(*c)));
    if !marked {
        return None;
    }
    let mut out = String::with_capacity(lower.len() + 4);
    let mut changed = false;
    let before_i = |at: usize| {
        chars
            .get(at)
            .is_some_and(|&v| PALLADIUS_PALATAL.contains(v))
    };
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if c == 'ц' && next == Some('з') && before_i(i + 2) {
            out.push_str("дж");
            changed = true;
            i += 2;
            continue;
        }
        if c == 'ц' && before_i(i + 1) {
            out.push('ч');
            changed = true;
            i += 1;
            continue;
        }
        // оу is pinyin ou (чжоу zhou).
        let after_initial = i > 0
            && chars
                .get(i - 1)
                .is_some_and(|&p| PALLADIUS_BEFORE_UO.contains(p));
        if c == 'о' && after_initial && next != Some('у') {
            out.push_str("уо");
            changed = true;
            i += 1;
            continue;
        }
        out.push(c);
        if c == 'н' && next.is_none_or(|n| !PALLADIUS_VOWELS.contains(n)) {
            out.push('г');
            changed = true;
        }
        i += 1;
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Palladius table: н ends a syllable as pinyin ng, нь as n, цз and ц before и, ю, я,
    /// е are j and q, о after most initials is uo; only in a word the system's marks show to
    /// be Chinese.
    #[test]
    fn palladius_reads_as_pinyin() {
        for (text, reading) in [
            ("Чанцзи", "чангджи"),
            ("Цзинхэ", "джингхэ"),
            ("Синьцзян", "синьджянг"),
            ("Хочэн", "хуочэнг"),
            ("Чжэнчжоу", "чжэнгчжоу"),
            ("Лоцзэ", "луоцзэ"),
            ("Бочэн", "бочэнг"),
            ("Цинхэ", "чингхэ"),
        ] {
            assert_eq!(palladius(text).as_deref(), Some(reading), "{text}");
        }
        // No mark of the system, or nothing that it reads otherwise (цзы is zi).
        for text in ["Кант", "Гунлю", "Шихэцзы", "Пекин Kent"] {
            assert_eq!(palladius(text), None, "{text}");
        }
    }

    /// Library of Congress, Wade–Giles to pinyin conversion table: one row of each kind.
    #[test]
    fn wade_giles_reads_as_the_library_of_congress_table() {
        for (wg, pinyin) in [
            ("Ch'ang-chi", "changji"),
            ("Ch’ieh-mo", "qiemo"),
            ("Hsin-yüan", "xinyuan"),
            ("K'a-shih", "kashi"),
            ("Ti-hua", "dihua"),
            ("Tse-p’u", "zepu"),
            ("T’a-ch’eng", "tacheng"),
            ("Ssu-ch'uan", "sichuan"),
            ("Jen-min", "renmin"),
            ("K’u-erh-lo", "kuerluo"),
            ("Lan-chou", "lanzhou"),
        ] {
            assert_eq!(wade_giles(wg).as_deref(), Some(pinyin), "{wg}");
        }
        for not in [
            "Alma-Ata",
            "Kara-Kul",
            "Urumqi",
            "Ust-Kamenogorsk",
            "Kok-Tal",
        ] {
            assert_eq!(wade_giles(not), None, "{not}");
        }
    }

    /// Russian Academy Grammar (1980), adjectives in -ск- and -ов-ск- made from names of places.
    #[test]
    fn russian_adjectival_endings_follow_the_academy_grammar() {
        fn stems(latin: &str) -> Vec<&str> {
            name_stems(latin).collect()
        }
        assert_eq!(stems("aralsk"), ["aral"]);
        assert_eq!(stems("petropavlovsk"), ["petropavl", "petropavlov"]);
        assert_eq!(stems("pietropawlowsk"), ["pietropawl", "pietropawlow"]);
        assert_eq!(stems("stepnogorsk"), ["stepnogor"]);
        assert_eq!(stems("tomsk"), ["tom"]);
        assert!(stems("osk").is_empty());
        assert!(stems("ust kamenogorsk").is_empty());
        assert!(
            NAME_ENDINGS
                .iter()
                .all(|e| stems(&format!("abc{e}")).len() <= MAX_NAME_STEMS)
        );
    }

    /// VLKK rules: foreign masculine names take the Lithuanian endings -as, -is, -us, -ys.
    #[test]
    fn lithuanian_endings_follow_the_vlkk_rules() {
        assert_eq!(lithuanian_stem("Biškekas"), Some("Biškek"));
        assert_eq!(lithuanian_stem("Ošas"), Some("Oš"));
        assert_eq!(lithuanian_stem("Šanchajus"), Some("Šanchaj"));
        assert_eq!(lithuanian_stem("Atlas"), None);
        assert_eq!(lithuanian_stem("Almaty"), None);
        assert_eq!(lithuanian_stem("Kazakhstanus"), None);
    }

    /// Czech (Pravidla českého pravopisu), Lithuanian (VLKK) and Polish (PWN) transcriptions of
    /// Russian: х is ch, й is j.
    #[test]
    fn central_european_ch_and_j_follow_the_transcription_rules() {
        let latin = |t: &str| crate::key::latin_key(&central_european(t).unwrap_or_default());
        // Czech Chabarovsk = Хабаровск; Lithuanian Šanchajus (Шанхай) read without its ending.
        assert_eq!(latin("Chabarovsk"), ""); // no letter of those alphabets only
        assert_eq!(latin("Čeljabinsk"), crate::key::latin_key("Челябинск"));
        assert_eq!(latin("Šanchaj"), crate::key::latin_key("Шанхай"));
        assert_eq!(latin("Machaczkała"), crate::key::latin_key("Махачкала"));
        assert_eq!(central_european("Šymkent"), None);
        assert_eq!(central_european("Chimkent"), None);
    }

    /// A place qualified by its country after a comma, as GeoNames and Wikipedia write them.
    #[test]
    fn a_qualifier_after_a_comma_is_left_out() {
        assert_eq!(qualified_name("اورال، قزاقستان"), Some("اورال"));
        assert_eq!(qualified_name("Aksu, Xinjiang"), Some("Aksu"));
        assert_eq!(qualified_name("Aksu,"), None);
        assert_eq!(qualified_name("Aksu"), None);
    }

    /// Xinhua transcription tables: the syllables of a consonant without a vowel (尔 erh, 什
    /// shih, 斯 ssu), and r and l both written with l-syllables and with 尔.
    #[test]
    fn han_transcription_reads_the_transcribed_name() {
        assert_eq!(han_transcription("K’u-erh-lo"), ["kurlo", "kulro"]);
        assert_eq!(
            han_transcription("K'a-la-k'a-shih"),
            ["kalakash", "karakash"]
        );
        assert_eq!(
            han_transcription("Ho-ssu-t’o-lo-kai"),
            ["hostologai", "hostorogai"]
        );
        assert_eq!(han_transcription("A-la-erh"), ["alar", "aral"]);
        assert_eq!(han_transcription("K'a-shih"), ["kash"]);
        let skeleton = |t: &str| crate::key::skeleton(t);
        assert_eq!(
            skeleton(&han_transcription("K’o-erh-lo")[0]),
            skeleton("Korla")
        );
        assert_eq!(
            skeleton(&han_transcription("Ch’a-pu-ch’a-erh")[1]),
            skeleton("Chapchal")
        );
        assert!(han_transcription("Alma-Ata").is_empty());
        assert!(han_transcription("Urumqi").is_empty());
    }

    /// Arabic writes v with feh (فلاديمير Vladimir); Persian writes the final -в of Russian
    /// names as [f] (کونایف Konayev).
    #[test]
    fn arabic_feh_reads_as_v() {
        let latin = |t: &str| crate::key::latin_key(&arabic_v(t).unwrap_or_default());
        assert_eq!(
            crate::key::skeleton(&latin("کونایف")),
            crate::key::skeleton("Konayev")
        );
        assert_eq!(
            crate::key::skeleton(&latin("فلاديمير")),
            crate::key::skeleton("Vladimir")
        );
        assert_eq!(arabic_v("قەشقەر"), None);
    }

    /// ALA-LC Persian: ه is h inside a word (شانگهای Shanghai), the vowel e at its end.
    #[test]
    fn persian_heh_inside_a_word_reads_as_h() {
        let latin = |t: &str| crate::key::latin_key(&persian_h(t).unwrap_or_default());
        assert_eq!(latin("شانگهای"), crate::key::latin_key("شانگھای"));
        assert_eq!(
            crate::key::skeleton(&latin("شانگهای")),
            crate::key::skeleton("Shanghai")
        );
        // A final heh is the vowel: nothing to read otherwise.
        assert_eq!(persian_h("خانه"), None);
        assert_eq!(persian_h("قەشقەر"), None);
    }

    /// GOST 7.79-2000, table 1, system B: ц is cz (*Naczuko* Нацуко).
    #[test]
    fn gost_system_b_cz_reads_as_ts() {
        let latin = |t: &str| crate::key::latin_key(&gost_cz(t).unwrap_or_default());
        assert_eq!(latin("Naczuko"), crate::key::latin_key("Нацуко"));
        assert_eq!(
            latin("Pust` rasczvetayut sto czvetov"),
            crate::key::latin_key("Пусть расцветают сто цветов")
        );
        assert_eq!(gost_cz("Tsvetov"), None);
    }

    /// Egyptian Arabic writes the g of foreign names with jeem (Wikipedia, *Jīm*); Persian,
    /// Uyghur and Kazakh write g with gaf and read jeem as j.
    #[test]
    fn arabic_jeem_reads_as_g() {
        let latin = |t: &str| crate::key::latin_key(&arabic_g(t).unwrap_or_default());
        assert_eq!(
            crate::key::skeleton(&latin("لنجر")),
            crate::key::skeleton("Lenger")
        );
        assert_eq!(arabic_g("غۇلجا"), None);
        assert_eq!(arabic_g("گرجستان"), None);
        assert_eq!(arabic_g("ليننغراد"), None);
    }
}
