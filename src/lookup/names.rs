//! Names by their parts: a surname alone, a given name alone, any word order, "Surname, Given",
//! initials, patronymics and generic words (*city*, *ауданы*, *شەھىرى*, *市*) given or left out.
//!
//! A name is read as a list of [`Word`]s, each a [`Part`]. Two names meet when every content
//! word of the query is a word of the form (or agrees with one of its initials); how much of
//! the form they cover, whether the order and the initials agree, and whether the one word
//! that matched is distinctive give the score:
//!
//! | the query has… | score |
//! |---|---|
//! | every content word of the form, in its order (only generic words, patronymics, spaces or punctuation differ) | 0.950 (0.940 when both have generic words of one kind and none is the same, *Almaty Province* / *Almaty Region*; 0.900 when one side has a generic word the other lacks; 0.880 when both have generic words and none of one kind, *Hotan City* / *Hotan County*; 0.700 when the query lacks it and has at most [`SHORT_NAME`] letters) |
//! | every content word, in another order (*Kadeer, Rebiya*) | 0.930 |
//! | every content word, some as initials (*R. Kadeer*) | 0.900, less 0.020 for each further initial and for another order |
//! | two or more of its words (*Uyghur Congress*), half of them or more | 0.600 + 0.300 × the share of the form's content words |
//! | two or more of its words, fewer than half (the words of a long title) | 0.300 + 0.300 × that share |
//! | one distinctive word of a person's name of at most [`NAME_WORDS`] words: the surname (*Kadeer*) | 0.780 |
//! | one distinctive word of a person's name: another (*Rebiya*) | 0.700 |
//! | one word of a person's name that at most [`SHARED_NAME_ENTRIES`] entries share: the surname (*Memet*) | 0.600 |
//! | one such word: another | 0.550 |
//! | one word shared by many entries, of a longer name, or of a name that is not a person's (*House* of *Freedom House*) | 0.400 |
//!
//! The words of an autonomous unit's designation, its people and the word *autonomous*
//! ([`Part::Designation`]: *Kazakh Autonomous* of *Ili Kazakh Autonomous Prefecture*), count as
//! words of the name when the query gives them and are never required, so *Barkol* is *Barkol
//! Kazakh Autonomous County* without its unit (0.900). A match by some of a name's words loses
//! 0.020 when the query names another kind of unit (*Kazakh Autonomous Prefecture* against a
//! county).
//!
//! An initial of the query that agrees with no word of the form costs 0.060; a patronymic of
//! the query that the form lacks, 0.010. The surname is the last content word, or the first
//! for Chinese names (a form in `zh`) and for names written surname first with the patronymic
//! last (*Назарбаев Нурсултан Абишевич*). A word is distinctive when the forms of at most
//! [`DISTINCTIVE_ENTRIES`] entries contain it. The word lists are data: `src/lookup/words.toml`.

use super::score::Millis;
use super::vocabulary::{UnitKinds, vocabulary};
use crate::chars::is_han_ideograph;
use crate::key;

/// A word is distinctive when the forms of at most this many entries contain it.
pub const DISTINCTIVE_ENTRIES: usize = 3;

/// A word of a person's name that more entries share than [`DISTINCTIVE_ENTRIES`], and at most
/// this many, still names each of them alone (*Memet*, the surname of three people of the
/// glossary and the given name of two more), below a distinctive word.
pub const SHARED_NAME_ENTRIES: usize = 10;

/// The score of a surname that several people share ([`SHARED_NAME_ENTRIES`]).
const SHARED_SURNAME: u32 = 600;

/// The score of another word of a person's name that several people share.
const SHARED_GIVEN_NAME: u32 = 550;

/// The most content words of a name that one of its words alone can stand for (a person's
/// names; not the words of a title).
pub const NAME_WORDS: usize = 4;

/// The most letters of a name that, typed without the generic word of a form (*باي* for
/// *باي ناھىيىسى*), scores only 0.700: below a surname alone and below a one-edit typo of a
/// five-letter name.
pub const SHORT_NAME: usize = 3;

/// The score of a name of at most [`SHORT_NAME`] letters typed without the generic word of the
/// form: below a surname alone and below a one-edit typo of a five-letter name, since such a
/// name is as often an everyday word (*باي*, Uyghur "rich", and Bay County).
const SHORT_BARE_NAME: u32 = 700;

/// The score of a name whose words are all the form's, each side with a generic word and no
/// two of them of one kind (*خوتەن شەھىرى* "Hotan city" for *خوتەن ناھىيىسى* "Hotan County"),
/// or the form with a designation the query leaves out: below the name without a generic word
/// (0.900), since the two generic words may name two units of one name.
const OTHER_UNIT: u32 = 880;

/// The score of a name whose words are all the form's, each side with a generic word of the
/// same kind and none the same word (*Almaty Province* for *Almaty Region*, *Hotan District* for
/// *Hotan County*): the same unit named in two vocabularies, above the name without a generic
/// word (0.900) and below the same generic word (0.950).
const SAME_KIND_UNIT: u32 = 940;

/// What a match by some of a name's words loses when the query names another kind of unit
/// (*Kazakh Autonomous Prefecture* against *Barkol Kazakh Autonomous County*, below *Ili Kazakh
/// Autonomous Prefecture*).
const OTHER_UNIT_WORDS: u32 = 20;

/// What a name loses when the query leaves out the generic word its form has (0.950 for the
/// whole name, 0.900 without the generic word).
const GENERIC_LEFT_OUT: u32 = 50;

/// The score of a match with a form's name without its generic words (the cross-script stage
/// meeting *Боле* with *Bole City* through *Bole*): the score `millis` of the match with that
/// name, less [`GENERIC_LEFT_OUT`], and at most [`SHORT_BARE_NAME`] when the name has at most
/// [`SHORT_NAME`] letters (`letters`), as for a name met by its words.
pub(crate) fn without_generic(millis: Millis, letters: usize) -> Millis {
    let less = millis.saturating_sub(GENERIC_LEFT_OUT as Millis);
    if letters <= SHORT_NAME {
        less.min(SHORT_BARE_NAME as Millis)
    } else {
        less
    }
}

/// The words of a name of several words without its generic words (*Bole* of *Bole City*,
/// *博乐* of *博乐市*), their keys joined by spaces, and also without the words of an autonomous
/// unit's designation when it has some (*Barkol Kazakh Autonomous* and *Barkol* of *Barkol
/// Kazakh Autonomous County*, since a spelling of the designation in a query may be one the
/// word lists lack); empty when it has no such word or nothing else.
pub(crate) fn bare_names(words: &[Word]) -> Vec<String> {
    let mut out = Vec::new();
    for bare in [
        name_without(words, |p| p == Part::Generic),
        name_without(words, Part::is_unit_word),
    ]
    .into_iter()
    .flatten()
    {
        if !out.contains(&bare) {
            out.push(bare);
        }
    }
    out
}

/// The words of a name of several words without those whose part is `left_out`, their keys
/// joined by spaces; `None` when it has no such word or nothing else.
pub(crate) fn name_without(words: &[Word], left_out: fn(Part) -> bool) -> Option<String> {
    if !has_parts(words) || !words.iter().any(|w| left_out(w.part)) {
        return None;
    }
    let rest: Vec<&str> = words
        .iter()
        .filter(|w| !left_out(w.part))
        .map(|w| w.key.as_str())
        .collect();
    (!rest.is_empty()).then(|| rest.join(" "))
}

/// What a word of a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A word of the name itself.
    Full,
    /// One letter standing for a word (*R.* in *R. Kadeer*, *К.-Ж.*).
    Initial,
    /// A word that says what kind of place it is (*city*, *ауданы*, *市*).
    Generic,
    /// A patronymic inside a name of three or more words (*Абишевич*, *uulu*).
    Patronymic,
    /// A word of the designation of an autonomous unit of China other than the unit itself:
    /// the word *autonomous* and the people named before it (*Kazakh Autonomous* of *Ili
    /// Kazakh Autonomous Prefecture*). A query that gives it matches it like a word of the
    /// name; one that leaves it out still names the unit.
    Designation,
}

impl Part {
    /// Whether the word says what kind of unit a place is rather than naming it: a generic word
    /// or a word of an autonomous unit's designation.
    pub fn is_unit_word(self) -> bool {
        matches!(self, Part::Generic | Part::Designation)
    }
}

/// One word of a name: its lookup key and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word's [`key`](crate::key::key) (an initial: its one letter).
    pub key: String,
    /// What the word is.
    pub part: Part,
}

/// Whether `c` separates the words of a name (spaces and list punctuation; hyphens and full
/// stops separate the pieces of a word in a second step).
fn separates_words(c: char) -> bool {
    c.is_whitespace()
        || crate::chars::is_comma(c)
        || matches!(
            c,
            ';' | '(' | ')' | '[' | ']' | '«' | '»' | '"' | '“' | '”' | '„' | '/' | '؛'
        )
}

/// Whether [`words`] reads `text`, whose key is `key`, as at most one content word, and that
/// word (if any) is `key` itself: one word of one piece, not of Han characters (whose generic
/// suffix is split off).
pub(crate) fn is_one_plain_word(text: &str, key: &str) -> bool {
    !text.contains(separates_words)
        && !key.contains(separates_pieces)
        && !key.chars().any(is_han_ideograph)
}

/// Whether `c` separates the pieces of a word (*Alma-Ata*, *К.-Ж.*, *R.*, *迈克·蓬佩奥*): hyphens
/// and dashes ([`crate::chars::is_hyphen`], [`crate::chars::is_dash`]), full stops, and the dots
/// between the parts of a name ([`crate::chars::is_name_dot`]).
fn separates_pieces(c: char) -> bool {
    crate::chars::is_hyphen(c)
        || crate::chars::is_dash(c)
        || crate::chars::is_name_dot(c)
        || c == '.'
}

/// The words of a name (normalized text), in order.
///
/// ```text
/// "R. Kadeer"                    → r (initial), kadeer
/// "Нурсултан Абишевич Назарбаев" → нурсултан, абишевич (patronymic), назарбаев
/// "Бишкек ш."                    → бишкек, ш. (generic)
/// "乌鲁木齐市"                     → 乌鲁木齐, 市 (generic)
/// ```
pub fn words(text: &str) -> Vec<Word> {
    words_keyed(text, None)
}

/// [`words`], given the key of one text already (`known`: the text and its [`key::key`]), which
/// a token equal to that text takes instead of being keyed again.
pub(crate) fn words_keyed(text: &str, known: Option<(&str, &str)>) -> Vec<Word> {
    let vocabulary = vocabulary();
    let mut out = Vec::new();
    for token in text.split(separates_words).filter(|t| !t.is_empty()) {
        let token_key = match known {
            Some((known, known_key)) if known == token => known_key.to_owned(),
            _ => key::key(token),
        };
        if token_key.is_empty() {
            continue;
        }
        if vocabulary.generic.contains(&token_key)
            || vocabulary
                .generic
                .contains(token_key.trim_end_matches(separates_pieces))
        {
            out.push(Word {
                key: token_key,
                part: Part::Generic,
            });
            continue;
        }
        if vocabulary.autonomous.contains(&token_key) {
            out.push(Word {
                key: token_key,
                part: Part::Designation,
            });
            continue;
        }
        if token_key.chars().all(is_han_ideograph)
            && let Some((stem, suffix)) = vocabulary.han_suffixes.iter().find_map(|s| {
                token_key
                    .strip_suffix(s.as_str())
                    .filter(|stem| stem.chars().count() >= 2)
                    .map(|stem| (stem, s))
            })
        {
            // An autonomous unit's people, between the name and the unit (巴里坤哈萨克自治县).
            let people = suffix.starts_with("自治").then(|| {
                vocabulary.han_autonomous_peoples.iter().find_map(|p| {
                    stem.strip_suffix(p.as_str())
                        .filter(|name| name.chars().count() >= 2)
                        .map(|name| (name, p))
                })
            });
            let (name, people) = match people.flatten() {
                Some((name, people)) => (name, Some(people)),
                None => (stem, None),
            };
            out.push(Word {
                key: name.to_owned(),
                part: Part::Full,
            });
            if let Some(people) = people {
                out.push(Word {
                    key: people.clone(),
                    part: Part::Designation,
                });
            }
            out.push(Word {
                key: suffix.clone(),
                part: Part::Generic,
            });
            continue;
        }
        for piece in token_key.split(separates_pieces).filter(|p| !p.is_empty()) {
            let letters = piece.chars().filter(|c| c.is_alphanumeric()).count();
            if letters == 0 {
                continue;
            }
            // Generic only after a word of the name: *город Ош* is the city of Osh.
            if out.iter().any(|w: &Word| w.part == Part::Full)
                && vocabulary.generic_after.contains(piece)
            {
                out.push(Word {
                    key: piece.to_owned(),
                    part: Part::Generic,
                });
                continue;
            }
            let single = piece.chars().count() == 1;
            out.push(Word {
                key: piece.to_owned(),
                part: if single && !piece.chars().all(is_han_ideograph) {
                    Part::Initial
                } else {
                    Part::Full
                },
            });
        }
    }
    // A people's name before the word that makes the unit autonomous is part of the unit's
    // designation (*Barkol Kazakh Autonomous County*; *Kazakh Autonomous Prefecture* is a
    // designation without its name).
    for i in 1..out.len() {
        if out
            .get(i)
            .is_some_and(|w| vocabulary.autonomous.contains(&w.key))
            && let Some(before) = out.get_mut(i - 1)
            && before.part == Part::Full
            && vocabulary.autonomous_peoples.contains(&before.key)
        {
            before.part = Part::Designation;
        }
    }
    let content = out.iter().filter(|w| w.part == Part::Full).count();
    for (i, word) in out.iter_mut().enumerate() {
        if word.part != Part::Full || i == 0 {
            continue;
        }
        let listed = vocabulary.patronymic_endings.contains(&word.key);
        let ends = vocabulary
            .patronymic_endings
            .iter()
            .any(|e| word.key.len() > e.len() + 2 && word.key.ends_with(e.as_str()));
        if listed || (ends && content >= 3) {
            word.part = Part::Patronymic;
        }
    }
    out
}

/// Whether the name's words say anything beyond its key: more than one word, or a generic or
/// patronymic word. Only such forms are indexed by their words.
pub fn has_parts(words: &[Word]) -> bool {
    words.len() >= 2
}

/// Whether the name `text` has several words and ends with a generic word (*Bólè Shì*,
/// *Jinghe County*, *Бортала Шәһири*, *博乐市*).
pub(crate) fn ends_with_generic(text: &str) -> bool {
    generic_ending(text).is_some()
}

/// The key of the generic word that the name `text` of several words ends with, if it does.
pub(crate) fn generic_ending(text: &str) -> Option<String> {
    // One word of one piece and no Han: nothing to split (the common case, kept cheap).
    if !text.contains(|c| separates_words(c) || separates_pieces(c))
        && !text.chars().any(is_han_ideograph)
    {
        return None;
    }
    let mut words = words(&crate::normalize::normalize(text));
    if !has_parts(&words) {
        return None;
    }
    words
        .pop()
        .filter(|w| w.part == Part::Generic)
        .map(|w| w.key)
}

/// The kinds of unit that the generic words among `words` name, together.
pub(crate) fn unit_kinds(words: &[Word]) -> UnitKinds {
    words
        .iter()
        .filter(|w| w.part == Part::Generic)
        .fold(UnitKinds::default(), |kinds, w| {
            kinds.with(vocabulary().unit_kinds(&w.key))
        })
}

/// Whether the form `text`, met by a name of the query without its generic words of the kinds
/// `left_out`, names a unit of the same kind: it ends in a generic word of one of those kinds,
/// and has no designation of an autonomous unit that the query leaves out (`designated`:
/// whether the query gives one), since a generic word of the same kind is no evidence that a
/// query without the designation names the autonomous unit (*新疆地区*, the region of
/// Xinjiang, against the Xinjiang Uyghur Autonomous Region).
pub(crate) fn names_unit_of_kind(text: &str, left_out: UnitKinds, designated: bool) -> bool {
    if left_out.is_empty() {
        return false;
    }
    let form = words(&crate::normalize::normalize(text));
    let form_kinds = match form.last() {
        Some(unit) if has_parts(&form) && unit.part == Part::Generic => {
            vocabulary().unit_kinds(&unit.key)
        }
        _ => return false,
    };
    left_out.agree(form_kinds) && (designated || !form.iter().any(|w| w.part == Part::Designation))
}

/// How a name is ordered, for finding its surname.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Given names first, the surname last (*Rebiya Kadeer*).
    SurnameLast,
    /// The surname first (*Mao Zedong*, *Назарбаев Нурсултан Абишевич*).
    SurnameFirst,
}

impl Order {
    /// The order of a form's name: surname first for Chinese (`zh…`) forms and for names whose
    /// last word is a patronymic; otherwise surname last.
    pub fn of(lang: &str, words: &[Word]) -> Order {
        let last_is_patronymic = words
            .iter()
            .rev()
            .find(|w| w.part != Part::Generic)
            .is_some_and(|w| w.part == Part::Patronymic);
        if lang == "zh" || lang.starts_with("zh-") || last_is_patronymic {
            Order::SurnameFirst
        } else {
            Order::SurnameLast
        }
    }
}

/// The position in `words` of the surname of a name ordered `order`: its last full word, or its
/// first when the surname comes first. `None` for a name of fewer than two words (full words
/// and initials), which has no surname apart from the whole.
///
/// ```
/// use tilmach::lookup::names::{surname, words, Order};
/// let name = words("Rebiya Kadeer");
/// assert_eq!(surname(&name, Order::of("en", &name)).map(|i| name[i].key.as_str()), Some("kadeer"));
/// let name = words("Нурсултан Абишевич Назарбаев");
/// assert_eq!(surname(&name, Order::of("ru", &name)).map(|i| name[i].key.as_str()), Some("назарбаев"));
/// assert_eq!(surname(&words("Kadeer"), Order::SurnameLast), None);
/// ```
pub fn surname(words: &[Word], order: Order) -> Option<usize> {
    let named = words
        .iter()
        .filter(|w| matches!(w.part, Part::Full | Part::Initial))
        .count();
    if named < 2 {
        return None;
    }
    let mut full = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.part == Part::Full)
        .map(|(i, _)| i);
    match order {
        Order::SurnameLast => full.next_back(),
        Order::SurnameFirst => full.next(),
    }
}

/// The score of the query's words against a form's words (see the module docs), or `None`
/// when some content word of the query is not in the form. `person` says whether the form may
/// name a person (only then can one of its words alone stand for it); `entries` tells how many
/// entries have a word key in their names.
pub fn score(
    query: &[Word],
    form: &[Word],
    order: Order,
    person: bool,
    entries: &mut dyn FnMut(&str) -> usize,
) -> Option<Millis> {
    let mut used = vec![false; form.len()];
    // For each query word matched: the position of the form word it matched.
    let mut full_at: Vec<usize> = Vec::new();
    let mut initials = 0usize;
    let mut penalty: u32 = 0;
    // The words a match must cover, and the words that count as the name's (a designation's
    // words are matched when given, and never required).
    let is_content = |w: &Word| matches!(w.part, Part::Full | Part::Initial);
    let is_counted = |w: &Word| matches!(w.part, Part::Full | Part::Initial | Part::Designation);
    let names = |part: Part| matches!(part, Part::Full | Part::Designation);
    for q in query
        .iter()
        .filter(|w| matches!(w.part, Part::Full | Part::Patronymic | Part::Designation))
    {
        let same = form.iter().enumerate().position(|(i, f)| {
            !used.get(i).copied().unwrap_or(true) && f.key == q.key && f.part != Part::Generic
        });
        if let Some(i) = same {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            if names(q.part) && form.get(i).is_some_and(|f| names(f.part)) {
                full_at.push(i);
            }
            continue;
        }
        // A full word of the query may agree with an initial of the form.
        let first = q.key.chars().next();
        let initial = form.iter().enumerate().position(|(i, f)| {
            !used.get(i).copied().unwrap_or(true)
                && f.part == Part::Initial
                && f.key.chars().next() == first
        });
        match (initial, q.part) {
            (Some(i), _) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                initials += 1;
            }
            (None, Part::Patronymic) => penalty += 10,
            (None, _) => return None,
        }
    }
    for q in query.iter().filter(|w| w.part == Part::Initial) {
        let letter = q.key.chars().next();
        let agrees = form.iter().enumerate().position(|(i, f)| {
            !used.get(i).copied().unwrap_or(true)
                && f.part == Part::Full
                && f.key.chars().next() == letter
        });
        match agrees {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                initials += 1;
            }
            None => penalty += 60,
        }
    }
    let content: Vec<usize> = form
        .iter()
        .enumerate()
        .filter(|(_, w)| is_content(w))
        .map(|(i, _)| i)
        .collect();
    if full_at.is_empty() {
        return None;
    }
    let covered = content
        .iter()
        .all(|&i| used.get(i).copied().unwrap_or(false));
    let counted = form.iter().filter(|w| is_counted(w)).count();
    let in_order = full_at.is_sorted();
    let query_generic = query.iter().any(|w| w.part == Part::Generic);
    let form_generic = form.iter().any(|w| w.part == Part::Generic);
    let generic_differs = query_generic != form_generic;
    // Both name a kind of place: the same word, another word of the same kind (*Almaty
    // Province*, *Almaty Region*), or another kind, and then another unit of the same name
    // (*خوتەن شەھىرى* Hotan city, *خوتەن ناھىيىسى* Hotan County).
    let vocabulary = vocabulary();
    let generic_words_agree = |agree: &dyn Fn(&str, &str) -> bool| {
        query.iter().any(|q| {
            q.part == Part::Generic
                && form
                    .iter()
                    .any(|f| f.part == Part::Generic && agree(&q.key, &f.key))
        })
    };
    let same_unit_word = query_generic && form_generic && generic_words_agree(&|q, f| q == f);
    // Another word of the same kind agrees only where the query names the unit as the form
    // does: not when the form has a designation the query leaves out (*新疆地区*, the region of
    // Xinjiang, against the Xinjiang Uyghur Autonomous Region). The same word always agrees
    // (*Changji Prefecture*, the Changji Hui Autonomous Prefecture).
    let designation_left_out = form.iter().any(|w| w.part == Part::Designation)
        && !query.iter().any(|w| w.part == Part::Designation);
    let other_unit = query_generic
        && form_generic
        && !same_unit_word
        && (designation_left_out || !generic_words_agree(&|q, f| vocabulary.same_unit_kind(q, f)));
    // A name of a few letters whose generic word the query leaves out: as often an everyday
    // word (*باي* "rich" for *باي ناھىيىسى* Bay County).
    let short_bare = generic_differs
        && !query_generic
        && query
            .iter()
            .filter(|w| w.part != Part::Generic)
            .map(|w| w.key.chars().count())
            .sum::<usize>()
            <= SHORT_NAME;
    let full = full_at.len();
    let base: u32 = if covered && initials == 0 {
        match (in_order, generic_differs) {
            (true, false) if other_unit => OTHER_UNIT,
            (true, false) if query_generic && !same_unit_word => SAME_KIND_UNIT,
            (true, false) => 950,
            (true, true) if short_bare => SHORT_BARE_NAME,
            (true, true) => 950 - GENERIC_LEFT_OUT,
            (false, _) => 930,
        }
    } else if covered {
        let extra = u32::try_from(initials.saturating_sub(1)).unwrap_or(u32::MAX);
        900u32
            .saturating_sub(20 * extra)
            .saturating_sub(if in_order { 0 } else { 20 })
    } else if full >= 2 {
        let share = full as f64 / counted.max(1) as f64;
        let base = if share >= 0.5 {
            600 + (300.0 * share).round() as u32
        } else {
            300 + (300.0 * share).round() as u32
        };
        base.saturating_sub(if other_unit { OTHER_UNIT_WORDS } else { 0 })
    } else {
        let at = full_at.first().copied().unwrap_or(0);
        let word = form.get(at).map_or("", |w| w.key.as_str());
        let sharing = if person && content.len() <= NAME_WORDS {
            entries(word)
        } else {
            usize::MAX
        };
        let is_surname = surname(form, order) == Some(at);
        if sharing <= DISTINCTIVE_ENTRIES {
            let base = if is_surname { 780 } else { 700 };
            base + if initials > 0 { 40 } else { 0 }
        } else if sharing <= SHARED_NAME_ENTRIES {
            // A name that several people share: each of them, surname first.
            if is_surname {
                SHARED_SURNAME
            } else {
                SHARED_GIVEN_NAME
            }
        } else {
            400
        }
    };
    Some(Millis::try_from(base.saturating_sub(penalty).min(1000)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<(String, Part)> {
        words(text).into_iter().map(|w| (w.key, w.part)).collect()
    }

    proptest::proptest! {
        /// A text that `is_one_plain_word` admits has no content word but its own key.
        #[test]
        fn one_plain_word_has_no_other_content_word(
            text in "(Kuldja|ш|r|қала|city|ауданы|市|乌鲁木齐市|Alma|-|\\.|,| |ö|ق|ه)\\PC{0,2}(Kuldja|ш|r|қала|city|ауданы|市|乌鲁木齐市|Alma|-|\\.|,| |ö|ق|ه){0,3}",
        ) {
            let text = crate::normalize::normalize(&text).into_owned();
            let key = key::key(&text);
            if is_one_plain_word(&text, &key) {
                for w in words_keyed(&text, Some((&text, &key))) {
                    proptest::prop_assert!(w.part != Part::Full || w.key == key, "{text:?}");
                }
                proptest::prop_assert_eq!(
                    words_keyed(&text, Some((&text, &key))),
                    words(&text)
                );
            }
        }
    }

    fn s(query: &str, form: &str, lang: &str) -> Option<Millis> {
        let q = words(query);
        let f = words(form);
        score(&q, &f, Order::of(lang, &f), true, &mut |_| 1)
    }

    /// The designation of an autonomous unit of China (the Ministry of Civil Affairs' code
    /// list: 巴里坤哈萨克自治县, Barkol Kazakh Autonomous County) is its people and the word for
    /// autonomous, in every script the glossary writes it in; the name is what comes before.
    #[test]
    fn an_autonomous_units_people_is_part_of_its_designation() {
        use Part::*;
        let designation =
            |text: &str| -> Vec<Part> { parts(text).into_iter().map(|(_, p)| p).collect() };
        for text in [
            "Barkol Kazakh Autonomous County",
            "باركۆل قازاق ئاپتونوم ناھىيىسى",
            "Баркөл Қазақ автономиялық ауданы",
            "Barköl Qazaq Aptonom Nahiyisi",
            "Barköl Qazaq avtonomiyalyq audany",
        ] {
            assert_eq!(
                designation(text),
                [Full, Designation, Designation, Generic],
                "{text}"
            );
        }
        assert_eq!(
            parts("巴里坤哈萨克自治县"),
            [
                ("巴里坤".into(), Full),
                ("哈萨克".into(), Designation),
                ("自治县".into(), Generic)
            ]
        );
        assert_eq!(
            designation("Bālǐkūn Hāsàkè Zìzhìxiàn"),
            [Full, Designation, Generic]
        );
        assert_eq!(
            designation("Кызылсу-Киргизский автономный округ"),
            [Full, Designation, Designation, Generic]
        );
        // A designation without its name; a name that is no people before the word; a people
        // that no autonomous word follows.
        assert_eq!(
            designation("Kazakh Autonomous Prefecture"),
            [Designation, Designation, Generic]
        );
        assert_eq!(
            designation("Tibet Autonomous Region"),
            [Full, Designation, Generic]
        );
        assert_eq!(designation("Kazakh Khanate"), [Full, Full]);
        assert_eq!(
            bare_names(&words("Barkol Kazakh Autonomous County")),
            ["barkol kazakh autonomous", "barkol"]
        );
    }

    /// One word of a person's name stands for the name while few entries share it; a name that
    /// more share names each of them, lower, and a word that many share names none.
    #[test]
    fn a_shared_name_names_each_person_below_a_distinctive_one() {
        let at = |query: &str, form: &str, entries: usize| {
            score(
                &words(query),
                &words(form),
                Order::SurnameLast,
                true,
                &mut |_| entries,
            )
        };
        assert_eq!(at("Memet", "Hemit Memet", 1), Some(780));
        assert_eq!(at("Memet", "Hemit Memet", 5), Some(600));
        assert_eq!(at("Memet", "Memet Sadik", 5), Some(550));
        assert_eq!(
            at("Memet", "Hemit Memet", SHARED_NAME_ENTRIES + 1),
            Some(400)
        );
    }

    /// Generic words of one kind name one unit in two vocabularies; of two kinds, two units of
    /// one name; a form without one may be any unit of the name. A designation the query leaves
    /// out keeps a kind from agreeing (*新疆地区*, the region, is not the autonomous region).
    #[test]
    fn generic_words_of_one_kind_name_the_same_unit() {
        assert_eq!(s("Almaty Region", "Almaty Region", "en"), Some(950));
        assert_eq!(
            s("Almaty Province", "Almaty Region", "en"),
            Some(SAME_KIND_UNIT as Millis)
        );
        assert_eq!(
            s("Алматы облысы", "Алматы область", "ru"),
            Some(SAME_KIND_UNIT as Millis)
        );
        assert_eq!(
            s("Hotan District", "Hotan County", "en"),
            Some(SAME_KIND_UNIT as Millis)
        );
        assert_eq!(s("Almaty Province", "Almaty", "en"), Some(900));
        assert_eq!(
            s("Hotan City", "Hotan County", "en"),
            Some(OTHER_UNIT as Millis)
        );
        let xuar = "Xinjiang Uyghur Autonomous Region";
        assert_eq!(
            s("Xinjiang Province", xuar, "en"),
            Some(OTHER_UNIT as Millis)
        );
        assert_eq!(
            s("Xinjiang Uyghur Autonomous Province", xuar, "en"),
            Some(SAME_KIND_UNIT as Millis)
        );
        assert!(s("Xinjiang Province", "Xinjiang", "en") > s("Xinjiang Province", xuar, "en"));
    }

    /// A query may give the designation of an autonomous unit or leave it out; one that gives
    /// it alone names the unit of its kind (a prefecture before a county).
    #[test]
    fn a_designation_may_be_given_or_left_out() {
        let county = "Barkol Kazakh Autonomous County";
        assert_eq!(s("Barkol", county, "en"), Some(900));
        let form = "Ili Kazakh Autonomous Prefecture";
        // A name of three letters without its unit: as often an everyday word.
        assert_eq!(s("Ili", form, "en"), Some(700));
        assert_eq!(s("Ili Kazakh", form, "en"), Some(900));
        assert_eq!(s("Ili Kazakh Autonomous", form, "en"), Some(900));
        assert_eq!(s("Ili Autonomous Prefecture", form, "en"), Some(950));
        let query = "Kazakh Autonomous Prefecture";
        assert!(s(query, form, "en") > s(query, county, "en"));
        // The people alone is one word of a place's name: below the threshold.
        let place = score(
            &words("Kazakh"),
            &words(form),
            Order::SurnameLast,
            false,
            &mut |_| 1,
        );
        assert_eq!(place, Some(400));
    }

    #[test]
    fn words_know_initials_generics_and_patronymics() {
        use Part::*;
        assert_eq!(
            parts("R. Kadeer"),
            [("r".into(), Initial), ("kadeer".into(), Full)]
        );
        assert_eq!(
            parts("К.-Ж. Токаев"),
            [
                ("к".into(), Initial),
                ("ж".into(), Initial),
                ("токаев".into(), Full)
            ]
        );
        assert_eq!(
            parts("Нурсултан Абишевич Назарбаев"),
            [
                ("нурсултан".into(), Full),
                ("абишевич".into(), Patronymic),
                ("назарбаев".into(), Full)
            ]
        );
        assert_eq!(
            parts("Бишкек ш."),
            [("бишкек".into(), Full), ("ш.".into(), Generic)]
        );
        assert_eq!(
            parts("乌鲁木齐市"),
            [("乌鲁木齐".into(), Full), ("市".into(), Generic)]
        );
        // Generic words in the scripts the glossary derives forms into, by the same rules:
        // Uyghur Cyrillic and ULY from Uyghur Arabic, Kazakh Latin and Töte from Kazakh
        // Cyrillic, romanized Russian.
        for (name, generic) in [
            ("Бортала Шәһири", "шәһири"),
            ("Ghulja Nahiyisi", "nahiyisi"),
            ("Almaty qalasy", "qalasy"),
            ("ئالمۇتا قالاسى", "قالاسى"),
            ("Moskovskaya oblast'", "oblast'"),
        ] {
            let words = parts(name);
            assert_eq!(words.last(), Some(&(generic.into(), Generic)), "{name}");
        }
        // Abbreviations are not romanized: a Latin s. is an initial.
        assert_eq!(
            parts("N. S. Khrushchev"),
            [
                ("n".into(), Initial),
                ("s".into(), Initial),
                ("khrushchev".into(), Full)
            ]
        );
        // words.toml, generic_after: unit names of China romanized, generic after the name only.
        assert_eq!(
            parts("Ala'er Shi"),
            [("ala'er".into(), Full), ("shi".into(), Generic)]
        );
        // The Erzya and Moksha ош "city" after a name; Ош after a generic word is the name.
        assert_eq!(
            parts("Бишкек ош"),
            [("бишкек".into(), Full), ("ош".into(), Generic)]
        );
        assert_eq!(
            parts("город Ош"),
            [("город".into(), Generic), ("ош".into(), Full)]
        );
        assert_eq!(parts("Ош"), [("ош".into(), Full)]);
        assert_eq!(
            parts("T’a-ch’eng-hsien"),
            [
                ("t'a".into(), Full),
                ("ch'eng".into(), Generic),
                ("hsien".into(), Generic)
            ]
        );
        assert_eq!(
            parts("Ch’ang-chi-hsien"),
            [
                ("ch'ang".into(), Full),
                ("chi".into(), Full),
                ("hsien".into(), Generic)
            ]
        );
        assert_eq!(
            parts("Chen Quanguo"),
            [("chen".into(), Full), ("quanguo".into(), Full)]
        );
        // Kalmyk балһсн, "city" (Muniev's Kalmyk–Russian dictionary).
        assert_eq!(
            parts("Корла балһсн"),
            [("корла".into(), Full), ("балһсн".into(), Generic)]
        );
        assert_eq!(
            parts("ئۈرۈمچى شەھىرى")[1].1,
            Generic,
            "{:?}",
            parts("ئۈرۈمچى شەھىرى")
        );
        // A surname that ends like a patronymic stays a surname in a two-word name.
        assert_eq!(parts("Dmitri Shostakovich")[1].1, Full);
    }

    #[test]
    fn names_meet_by_their_parts() {
        let full = s("Rebiya Kadeer", "Rebiya Kadeer", "en").unwrap();
        let reordered = s("Kadeer, Rebiya", "Rebiya Kadeer", "en").unwrap();
        let initial = s("R. Kadeer", "Rebiya Kadeer", "en").unwrap();
        let surname = s("Kadeer", "Rebiya Kadeer", "en").unwrap();
        let given = s("Rebiya", "Rebiya Kadeer", "en").unwrap();
        assert!(full > reordered && reordered > initial && initial > surname && surname > given);
        assert!(s("A. Kadeer", "Rebiya Kadeer", "en").unwrap() < initial);
        assert_eq!(s("Kadeer said", "Rebiya Kadeer", "en"), None);
        // Chinese names put the surname first.
        assert_eq!(s("Mao", "Mao Zedong", "zh-Latn-pinyin"), Some(780));
        // A patronymic may be given or left out.
        assert!(s("Нурсултан Абишевич Назарбаев", "Нурсултан Назарбаев", "ru").unwrap() >= 900);
        assert!(s("Назарбаев", "Назарбаев Нурсултан Абишевич", "ru").unwrap() == 780);
        // Generic words are optional.
        assert_eq!(s("Urumqi city", "Urumqi", "en"), Some(900));
        assert_eq!(s("Osh city", "Osh", "en"), Some(900));
        // A name of three letters without its generic word is weaker evidence.
        assert_eq!(s("باي", "باي ناھىيىسى", "ug"), Some(700));
        assert_eq!(s("Osh", "Osh City", "en"), Some(700));
        // Two generic words, none the same: perhaps another unit of the same name.
        assert_eq!(s("خوتەن شەھىرى", "خوتەن ناھىيىسى", "ug"), Some(880));
        assert_eq!(s("Hotan City", "Hotan County", "en"), Some(880));
        assert_eq!(s("Hotan city", "Hotan City", "en"), Some(950));
        assert!(s("Hotan City", "Hotan", "en") > s("Hotan City", "Hotan County", "en"));
        assert!(s("Uyghur Congress", "World Uyghur Congress", "en").unwrap() >= 800);
    }

    #[test]
    fn common_words_alone_are_weak() {
        let q = words("Congress");
        let f = words("World Uyghur Congress");
        assert_eq!(
            score(&q, &f, Order::SurnameLast, true, &mut |_| usize::MAX),
            Some(400)
        );
        // One word of a name that is not a person's is no evidence of it.
        let q = words("House");
        let f = words("Freedom House");
        assert_eq!(
            score(&q, &f, Order::SurnameLast, false, &mut |_| 1),
            Some(400)
        );
        assert_eq!(
            score(&q, &f, Order::SurnameLast, true, &mut |_| 1),
            Some(780)
        );
    }
}
