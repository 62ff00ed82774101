//! Transliteration between the scripts of Uyghur, Kazakh and Russian.
//!
//! Every [`Scheme`] — a script or romanization of one language — is a rule table in
//! `src/translit/schemes/<id>.toml`: plain letters, digraphs, context rules (word start and end,
//! after or before a vowel or consonant, next to a hyphen), input variants and word-level marks.
//! One engine compiles a table once, on first use, into a longest-match matcher and converts text
//! in one pass. Each language has a pivot scheme (`ug-arab`, `kk-cyrl`, `ru-cyrl`); any scheme
//! converts to any other of its language through the pivot.
//!
//! ```
//! use tilmach::Transliterator;
//! let t = Transliterator::new("kk-cyrl", "kk-latn")?;
//! assert_eq!(t.convert("Құлжа"), "Qūlja");
//! assert_eq!(t.convert("ШЫМКЕНТ"), "ŞYMKENT");
//! let ru = Transliterator::new("ru-cyrl", "ru-bgn")?;
//! assert_eq!(ru.convert("Токаев"), "Tokayev");
//! let ug = Transliterator::new("ug-latn", "ug-arab")?;
//! assert_eq!(ug.convert("Ürümchi"), "ئۈرۈمچى");
//! # Ok::<(), tilmach::translit::TranslitError>(())
//! ```
//!
//! Text outside a scheme's alphabet (digits, punctuation, other scripts) passes through unchanged;
//! [`Transliterator::convert_strict`] refuses it instead. The choices made where the standards and
//! their implementations disagree are listed in the README.

mod case;
mod engine;
mod error;
mod spec;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

pub use error::{Offence, TranslitError};

use engine::{Build, CaseMode, Stop, Table};
use spec::{Direction, SchemeFile};

use crate::lang::{LangTag, Script};

/// Static facts about a scheme.
struct Info {
    id: &'static str,
    language: &'static str,
    tag: &'static str,
    script: Script,
    pivot: bool,
    reversible: bool,
    standard: &'static str,
    data: &'static str,
}

macro_rules! schemes {
    ($($variant:ident $id:literal $lang:literal $tag:literal $script:ident $pivot:literal $rev:literal $std:literal;)*) => {
        /// A writing system or romanization of one language (SPEC §4).
        ///
        /// Parsed from its id case-insensitively; displayed, serialized and deserialized as its
        /// id.
        ///
        /// ```
        /// use tilmach::Scheme;
        /// let s: Scheme = "KK-Latn".parse()?;
        /// assert_eq!(s, Scheme::KkLatn);
        /// assert_eq!(s.to_string(), "kk-latn");
        /// assert_eq!(s.pivot(), Scheme::KkCyrl);
        /// assert!("kk-latin".parse::<Scheme>().unwrap_err().to_string().contains("did you mean \"kk-latn\"?"));
        /// # Ok::<(), tilmach::translit::TranslitError>(())
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Scheme {
            $(
                #[doc = concat!("`", $id, "`: ", $std, ".")]
                $variant,
            )*
        }

        const INFO: &[Info] = &[
            $(Info {
                id: $id,
                language: $lang,
                tag: $tag,
                script: Script::$script,
                pivot: $pivot,
                reversible: $rev,
                standard: $std,
                data: include_str!(concat!("schemes/", $id, ".toml")),
            },)*
        ];

        const ALL: &[Scheme] = &[$(Scheme::$variant,)*];
    };
}

schemes! {
    UgArab "ug-arab" "ug" "ug-Arab" Arabic true true "Uyghur Arabic script (UEY), the Uyghur pivot";
    UgLatn "ug-latn" "ug" "ug-Latn" Latin false true "Uyghur Latin script (ULY, 2001/2008), with n'g n'gh s'h z'h g'h guards and hamza apostrophes";
    UgCyrl "ug-cyrl" "ug" "ug-Cyrl" Cyrillic false true "Uyghur Cyrillic script (USY) as used in Kazakhstan";
    UgUyy "ug-uyy" "ug" "ug-Latn" Latin false true "Uyghur New Script (Yengi Yeziq, UYY, 1965-1982)";
    UgScholarly "ug-scholarly" "ug" "ug-Latn" Latin false true "Turkological transcription of Uyghur (ULY with ä for U+06D5)";
    KkCyrl "kk-cyrl" "kk" "kk-Cyrl" Cyrillic true true "Kazakh Cyrillic alphabet, the Kazakh pivot";
    KkLatn "kk-latn" "kk" "kk-Latn" Latin false false "Kazakh Latin alphabet of 2021";
    KkLatn2018 "kk-latn-2018" "kk" "kk-Latn" Latin false false "Kazakh Latin alphabet of 2018 (acute accents)";
    KkLatn2017 "kk-latn-2017" "kk" "kk-Latn" Latin false false "Kazakh Latin alphabet of 2017 (apostrophes)";
    KkArab "kk-arab" "kk" "kk-Arab" Arabic false false "Kazakh Arabic script (Tote jazu) as written in Xinjiang";
    KkBgn "kk-bgn" "kk" "kk-Latn" Latin false false "BGN/PCGN 1979 romanization of Kazakh";
    KkAlalc "kk-alalc" "kk" "kk-Latn" Latin false true "ALA-LC romanization of Kazakh";
    KkIso9 "kk-iso9" "kk" "kk-Latn" Latin false true "ISO 9:1995 transliteration of Kazakh Cyrillic";
    RuCyrl "ru-cyrl" "ru" "ru" Cyrillic true true "Russian Cyrillic alphabet, the Russian pivot";
    RuIso9 "ru-iso9" "ru" "ru-Latn" Latin false true "ISO 9:1995 = GOST 7.79-2000 system A";
    RuGostB "ru-gost-b" "ru" "ru-Latn" Latin false true "GOST 7.79-2000 system B";
    RuBgn "ru-bgn" "ru" "ru-Latn" Latin false false "BGN/PCGN 1947 romanization of Russian";
    RuAlalc "ru-alalc" "ru" "ru-Latn" Latin false true "ALA-LC romanization of Russian";
    RuIcao "ru-icao" "ru" "ru-Latn" Latin false false "ICAO Doc 9303 (7th edition, 2015) machine-readable passports";
    RuScientific "ru-scientific" "ru" "ru-Latn" Latin false false "Scientific transliteration of Russian";
    RuWiki "ru-wiki" "ru" "ru-Latn" Latin false false "English-Wikipedia romanization of Russian (WP:RUS)";
}

impl Scheme {
    /// Every scheme, grouped by language, pivot first.
    pub fn all() -> &'static [Scheme] {
        ALL
    }

    #[allow(clippy::indexing_slicing)]
    fn info(self) -> &'static Info {
        // `Scheme` and `INFO` are generated from one list in one order, so every variant's
        // discriminant is a valid index.
        &INFO[self as usize]
    }

    /// The scheme id, e.g. `kk-latn`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The language subtag, e.g. `kk`.
    pub fn language(self) -> &'static str {
        self.info().language
    }

    /// The language tag of text written in this scheme, e.g. `kk-Latn` or `ru`.
    pub fn tag(self) -> &'static str {
        self.info().tag
    }

    /// The script this scheme writes.
    pub fn script(self) -> Script {
        self.info().script
    }

    /// The standard or usage the scheme follows.
    pub fn standard(self) -> &'static str {
        self.info().standard
    }

    /// Whether this is its language's pivot.
    pub fn is_pivot(self) -> bool {
        self.info().pivot
    }

    /// The pivot of this scheme's language.
    pub fn pivot(self) -> Scheme {
        ALL.iter()
            .copied()
            .find(|s| s.is_pivot() && s.language() == self.language())
            .unwrap_or(self)
    }

    /// Whether text in this scheme can be read (converted to the pivot).
    pub fn can_read(self) -> bool {
        true
    }

    /// Whether text can be written in this scheme (converted from the pivot).
    pub fn can_write(self) -> bool {
        true
    }

    /// Whether pivot → scheme → pivot gives back the pivot text exactly (for text in the pivot's
    /// alphabet; the README lists the exceptions). Lossy schemes read back best effort.
    pub fn is_reversible(self) -> bool {
        self.info().reversible
    }
}

/// A scheme described for listings: what `tilmach schemes --json` prints, one object per line,
/// and what the web page's scheme list reads. Serializes as `{"id", "language", "tag",
/// "standard", "pivot", "read", "write", "reversible"}`.
///
/// ```
/// use tilmach::translit::{Scheme, SchemeInfo};
///
/// let json = serde_json::to_string(&SchemeInfo::from(Scheme::KkLatn))?;
/// assert!(json.starts_with(r#"{"id":"kk-latn","language":"kk","tag":"kk-Latn","script":"Latn""#));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SchemeInfo {
    /// The scheme id ([`Scheme::id`]).
    pub id: &'static str,
    /// The language subtag ([`Scheme::language`]).
    pub language: &'static str,
    /// The language tag of text in the scheme ([`Scheme::tag`]).
    pub tag: &'static str,
    /// The ISO 15924 code of the scheme's script ([`Scheme::script`]).
    pub script: &'static str,
    /// The standard or usage it follows ([`Scheme::standard`]).
    pub standard: &'static str,
    /// Whether it is its language's pivot ([`Scheme::is_pivot`]).
    pub pivot: bool,
    /// Whether text in it can be read ([`Scheme::can_read`]).
    pub read: bool,
    /// Whether text can be written in it ([`Scheme::can_write`]).
    pub write: bool,
    /// Whether it is reversible ([`Scheme::is_reversible`]).
    pub reversible: bool,
}

impl From<Scheme> for SchemeInfo {
    fn from(s: Scheme) -> SchemeInfo {
        SchemeInfo {
            id: s.id(),
            language: s.language(),
            tag: s.tag(),
            script: s.info().script.code(),
            standard: s.standard(),
            pivot: s.is_pivot(),
            read: s.can_read(),
            write: s.can_write(),
            reversible: s.is_reversible(),
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Scheme {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Scheme {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Scheme, D::Error> {
        let id = String::deserialize(deserializer)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Scheme {
    type Err = TranslitError;

    fn from_str(s: &str) -> Result<Scheme, TranslitError> {
        let wanted = s.trim();
        ALL.iter()
            .copied()
            .find(|x| x.id().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let valid: Vec<&'static str> = ALL.iter().map(|x| x.id()).collect();
                let suggestion = crate::suggest::nearest(wanted, valid.iter().copied())
                    .and_then(|n| valid.iter().copied().find(|v| *v == n));
                TranslitError::UnknownScheme {
                    given: s.to_owned(),
                    valid,
                    suggestion,
                }
            })
    }
}

/// Something that names a scheme: a [`Scheme`] or its id as a string.
pub trait IntoScheme {
    /// The scheme named, or [`TranslitError::UnknownScheme`].
    fn into_scheme(self) -> Result<Scheme, TranslitError>;
}

impl IntoScheme for Scheme {
    fn into_scheme(self) -> Result<Scheme, TranslitError> {
        Ok(self)
    }
}

impl IntoScheme for &str {
    fn into_scheme(self) -> Result<Scheme, TranslitError> {
        self.parse()
    }
}

impl IntoScheme for &String {
    fn into_scheme(self) -> Result<Scheme, TranslitError> {
        self.parse()
    }
}

/// How to write Kazakh letters that the 2021 Latin alphabet lacks (ц ч щ ё ю я ъ ь).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KazakhLoans {
    /// ц → ts, ч → ch, щ → şç, ё → yo, ю → yu, я → ya, ъ ь dropped (the default).
    #[default]
    Digraphs,
    /// ц → c, ч → ch, щ → şh, ё → e, ю → iu, я → ia, ъ ь → `'`.
    Simplified,
}

/// Conversion options. Build with [`Options::new`] and the setters; every option has a default.
///
/// ```
/// use tilmach::translit::{Options, Transliterator};
/// let plain = Options::new().hamza_between_vowels(false);
/// let t = Transliterator::with_options("ug-arab", "ug-latn", plain)?;
/// assert_eq!(t.convert("سائەت"), "saet");
/// let t = Transliterator::new("ug-arab", "ug-latn")?;
/// assert_eq!(t.convert("سائەت"), "sa'et");
/// # Ok::<(), tilmach::translit::TranslitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Options {
    hamza_between_vowels: bool,
    kazakh_loans: KazakhLoans,
}

impl Default for Options {
    fn default() -> Options {
        Options::new()
    }
}

impl Options {
    /// The defaults: the Uyghur hamza between vowels written, Kazakh loans as digraphs.
    pub fn new() -> Options {
        Options {
            hamza_between_vowels: true,
            kazakh_loans: KazakhLoans::Digraphs,
        }
    }

    /// Whether the Uyghur hamza ئ between two vowels is written as `'` in ULY and USY
    /// (*sa'et*, *mu'ellim*, as DB65/T 3690-2015 and ALA-LC do) or left out (*saet*, as
    /// Duval & Janbaz report the 2001 committee's intent). Default: `true`. Both are read.
    pub fn hamza_between_vowels(mut self, on: bool) -> Options {
        self.hamza_between_vowels = on;
        self
    }

    /// How the Kazakh 2021 Latin alphabet writes the loan letters. Default:
    /// [`KazakhLoans::Digraphs`].
    pub fn kazakh_loans(mut self, loans: KazakhLoans) -> Options {
        self.kazakh_loans = loans;
        self
    }

    fn bits(self) -> usize {
        usize::from(self.hamza_between_vowels)
            | usize::from(self.kazakh_loans == KazakhLoans::Simplified) << 1
    }

    fn names(bits: usize) -> Vec<&'static str> {
        let mut v = Vec::new();
        if bits & 1 != 0 {
            v.push("hamza-between-vowels");
        }
        if bits & 2 != 0 {
            v.push("kk-loans-simplified");
        }
        v
    }
}

const OPTION_SETS: usize = 4;
const SLOTS: usize = ALL.len() * 2 * OPTION_SETS;
static TABLES: [OnceLock<Result<Table, TranslitError>>; SLOTS] = [const { OnceLock::new() }; SLOTS];

/// Reads a scheme file and the files it extends, merged.
fn load(scheme: Scheme) -> Result<(SchemeFile, CaseMode), TranslitError> {
    let bad = |message: String| TranslitError::BadTable {
        scheme: scheme.id(),
        message,
    };
    let mut file: SchemeFile =
        toml::from_str(scheme.info().data).map_err(|e| bad(e.to_string()))?;
    if file.id != scheme.id() {
        return Err(bad(format!("the file says id = {:?}", file.id)));
    }
    let case = CaseMode::parse(file.case.as_deref())
        .ok_or_else(|| bad(format!("unknown case mode {:?}", file.case)))?;
    if let Some(base_id) = file.extends.take() {
        let base: Scheme = base_id
            .parse()
            .map_err(|e: TranslitError| bad(e.to_string()))?;
        if base.info().data.contains("\nextends") || base == scheme {
            return Err(bad(
                "a scheme may extend only a scheme that extends nothing".into(),
            ));
        }
        let (base_file, _) = load(base)?;
        let merge = |own: Option<Direction>, theirs: Option<Direction>| match (own, theirs) {
            (Some(o), Some(t)) => Some(o.over(&t)),
            (o, t) => o.or(t),
        };
        file.encode = merge(file.encode, base_file.encode);
        file.decode = merge(file.decode, base_file.decode);
        file.alphabet = file.alphabet.or(base_file.alphabet);
    }
    Ok((file, case))
}

/// Compiles one direction of one scheme: `decode` = scheme → pivot, else pivot → scheme.
fn compile(scheme: Scheme, decode: bool, bits: usize) -> Result<Table, TranslitError> {
    let bad = |message: String| TranslitError::BadTable {
        scheme: scheme.id(),
        message,
    };
    let (file, case) = load(scheme)?;
    let pivot_case = load(scheme.pivot())?.1;
    let options = Options::names(bits);
    if scheme.is_pivot() {
        // The pivot's identity table: its alphabet, each letter to itself (for strict checks).
        let alphabet = file
            .alphabet
            .ok_or_else(|| bad("a pivot needs an `alphabet`".into()))?;
        let dir = Direction {
            letters: alphabet
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| (c.to_string(), c.to_string()))
                .collect(),
            ..Direction::default()
        };
        let b = Build {
            dir: &dir,
            inverse_of: None,
            src_case: case,
            dst_case: case,
            arabic: scheme.script() == Script::Arabic,
            options: &options,
        };
        return Table::compile(&b).map_err(bad);
    }
    let encode = file.encode.unwrap_or_default();
    let b = if decode {
        let dir = file.decode.unwrap_or_default();
        let b = Build {
            dir: &dir,
            inverse_of: Some(&encode.letters),
            src_case: case,
            dst_case: pivot_case,
            arabic: scheme.script() == Script::Arabic,
            options: &options,
        };
        return Table::compile(&b).map_err(bad);
    } else {
        Build {
            dir: &encode,
            inverse_of: None,
            src_case: pivot_case,
            dst_case: case,
            arabic: scheme.pivot().script() == Script::Arabic,
            options: &options,
        }
    };
    Table::compile(&b).map_err(bad)
}

/// The compiled table of a direction, compiled on first use.
fn table(scheme: Scheme, decode: bool, options: Options) -> Result<&'static Table, TranslitError> {
    let bits = options.bits();
    let slot = (scheme as usize * 2 + usize::from(decode)) * OPTION_SETS + bits;
    let cell = TABLES.get(slot).ok_or_else(|| TranslitError::BadTable {
        scheme: scheme.id(),
        message: "the scheme registry is larger than the table cache".into(),
    })?;
    cell.get_or_init(|| compile(scheme, decode, bits))
        .as_ref()
        .map_err(Clone::clone)
}

/// A compiled conversion from one scheme to another of the same language.
///
/// Building one compiles the two rule tables involved (once per process; later builds reuse
/// them). A `Transliterator` is cheap to copy around and `Send + Sync`: share it across threads.
#[derive(Clone, Copy, Debug)]
pub struct Transliterator {
    from: Scheme,
    to: Scheme,
    /// Source → pivot (for a pivot source: its identity table, used only in strict mode).
    read: &'static Table,
    /// Pivot → target, unless the target is the pivot.
    write: Option<&'static Table>,
    /// The target's case pairs, when case must be carried through a pivot that has none.
    carry_case: Option<CaseMode>,
}

impl Transliterator {
    /// A transliterator from `from` to `to` with default [`Options`]. Scheme ids are
    /// case-insensitive.
    pub fn new(
        from: impl IntoScheme,
        to: impl IntoScheme,
    ) -> Result<Transliterator, TranslitError> {
        Transliterator::with_options(from, to, Options::new())
    }

    /// A transliterator from `from` to `to` with the given options.
    pub fn with_options(
        from: impl IntoScheme,
        to: impl IntoScheme,
        options: Options,
    ) -> Result<Transliterator, TranslitError> {
        let (from, to) = (from.into_scheme()?, to.into_scheme()?);
        if from.language() != to.language() {
            return Err(TranslitError::CrossLanguage {
                from: from.id(),
                from_language: from.language(),
                to: to.id(),
                to_language: to.language(),
            });
        }
        let read = table(from, true, options)?;
        let write = if to.is_pivot() {
            None
        } else {
            Some(table(to, false, options)?)
        };
        // Through a pivot without case (Uyghur Arabic script), between two cased schemes.
        let carry_case = if write.is_some()
            && read.case() != CaseMode::None
            && table(from.pivot(), true, options)?.case() == CaseMode::None
        {
            let target_case = table(to, true, options)?.case();
            (target_case != CaseMode::None).then_some(target_case)
        } else {
            None
        };
        Ok(Transliterator {
            from,
            to,
            read,
            write,
            carry_case,
        })
    }

    /// The source scheme.
    pub fn from(&self) -> Scheme {
        self.from
    }

    /// The target scheme.
    pub fn to(&self) -> Scheme {
        self.to
    }

    /// Converts `text`. Characters outside the source alphabet pass through unchanged. Returns
    /// the input itself when nothing changes.
    pub fn convert<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.run(text, false) {
            Ok(out) => out,
            // Without strict mode no step can fail.
            Err(_) => Cow::Borrowed(text),
        }
    }

    /// Converts `text` as [`Transliterator::convert`] does and appends the UTF-8 of the result
    /// to `out`. A conversion that runs one rule table (to or from the pivot of its language)
    /// is written straight into `out`, without an intermediate string: the way to convert many
    /// lines into one buffer.
    ///
    /// ```
    /// use tilmach::Transliterator;
    ///
    /// let t = Transliterator::new("ru-cyrl", "ru-bgn")?;
    /// let mut out = Vec::new();
    /// for line in ["Щукин", "Ёлкин"] {
    ///     t.convert_into(line, &mut out);
    ///     out.push(b'\n');
    /// }
    /// assert_eq!(out, "Shchukin\nYëlkin\n".as_bytes());
    /// # Ok::<(), tilmach::translit::TranslitError>(())
    /// ```
    pub fn convert_into(&self, text: &str, out: &mut Vec<u8>) {
        if let Some(table) = self.single_table() {
            // Without a word prefix, a table's pass over text that no rule touches copies it,
            // which is what `convert` returns for such text.
            if !table.writes_word_prefix() || table.touches(text) {
                let start = out.len();
                match table.run(text, out, false, false) {
                    Ok(()) => {
                        debug_assert!(
                            out.get(start..)
                                .is_some_and(|o| std::str::from_utf8(o).is_ok()),
                            "conversion output is UTF-8"
                        );
                        return;
                    }
                    // Arabic-script text that needs cleaning first: the general path below.
                    Err(_) => out.truncate(start),
                }
            } else {
                out.extend_from_slice(text.as_bytes());
                return;
            }
        }
        out.extend_from_slice(self.convert(text).as_bytes());
    }

    /// The one table a non-strict conversion runs, when it runs only one and carries no case.
    fn single_table(&self) -> Option<&'static Table> {
        if self.carry_case.is_some() {
            return None;
        }
        match self.write {
            Some(write) if self.from.is_pivot() && !self.to.is_pivot() => Some(write),
            Some(_) => None,
            None => Some(self.read),
        }
    }

    /// Converts `text`, refusing the first letter or mark outside the source alphabet (spaces,
    /// digits and punctuation always pass). The error names the character, its code point, and
    /// its position as a character index and a byte offset.
    pub fn convert_strict<'a>(&self, text: &'a str) -> Result<Cow<'a, str>, TranslitError> {
        self.run(text, true)
    }

    fn run<'a>(&self, text: &'a str, strict: bool) -> Result<Cow<'a, str>, TranslitError> {
        let out = self.run_clean(text, strict)?;
        Ok(match self.carry_case {
            Some(mode) => case::carry(text, &out, mode).map_or(out, Cow::Owned),
            None => out,
        })
    }

    fn run_clean<'a>(&self, text: &'a str, strict: bool) -> Result<Cow<'a, str>, TranslitError> {
        match self.run_once(text, strict, false) {
            Ok(out) => Ok(out),
            Err(Fail::Error(e)) => Err(e),
            Err(Fail::Dirty) => {
                // Arabic-script text with presentation forms, U+0647 and the like: clean it and
                // convert again (the engine finds such text without a separate pass).
                let cleaned = crate::normalize::clean_arabic_as(text, true);
                match self.run_once(&cleaned, strict, true) {
                    Ok(out) if out == text => Ok(Cow::Borrowed(text)),
                    Ok(out) => Ok(Cow::Owned(out.into_owned())),
                    Err(Fail::Error(e)) => Err(e),
                    Err(Fail::Dirty) => Ok(Cow::Owned(cleaned.into_owned())),
                }
            }
        }
    }

    fn run_once<'a>(
        &self,
        text: &'a str,
        strict: bool,
        cleaned: bool,
    ) -> Result<Cow<'a, str>, Fail> {
        let pivot_text: Cow<'_, str> = if self.from.is_pivot() && !strict && !self.to.is_pivot() {
            Cow::Borrowed(text)
        } else {
            match step(self.read, text, strict, cleaned) {
                Ok(t) => t,
                Err(Stop::Dirty) => return Err(Fail::Dirty),
                Err(Stop::Outside(ch, at)) => {
                    return Err(Fail::Error(TranslitError::OutsideAlphabet {
                        scheme: self.from.id(),
                        offence: offence(text, ch, at),
                    }));
                }
            }
        };
        let out: Cow<'_, str> = match self.write {
            None => pivot_text,
            Some(w) => {
                // The pivot text is clean unless it is the input itself.
                let pivot_clean = cleaned || !matches!(pivot_text, Cow::Borrowed(_));
                match step(w, &pivot_text, strict, pivot_clean) {
                    Ok(Cow::Owned(s)) => Cow::Owned(s),
                    Ok(Cow::Borrowed(_)) => pivot_text,
                    Err(Stop::Dirty) => return Err(Fail::Dirty),
                    Err(Stop::Outside(ch, at)) => {
                        return Err(Fail::Error(TranslitError::NoSpelling {
                            scheme: self.to.id(),
                            pivot: self.from.pivot().id(),
                            offence: offence(&pivot_text, ch, at),
                        }));
                    }
                }
            }
        };
        Ok(if out == text {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(out.into_owned())
        })
    }
}

/// Why one attempt at a conversion failed.
enum Fail {
    /// The text needs Arabic-script cleaning first.
    Dirty,
    /// A real error.
    Error(TranslitError),
}

/// Runs one table over `text`; borrowed when no rule touches it.
fn step<'a>(
    table: &Table,
    text: &'a str,
    strict: bool,
    cleaned: bool,
) -> Result<Cow<'a, str>, Stop> {
    if !strict && !table.touches(text) {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    table.run(text, &mut out, strict, cleaned)?;
    debug_assert!(
        std::str::from_utf8(&out).is_ok(),
        "conversion output is UTF-8"
    );
    // SAFETY: `Table::run` appends only the UTF-8 of whole characters and whole strings (ASCII
    // runs of the input, rule outputs cut at their ends in the table's string arena, direct
    // outputs copied from whole strings), so `out` is UTF-8. Checking it again here cost a sixth
    // of the conversion time; debug builds (tests, fuzzing) still check it above.
    let out = unsafe { String::from_utf8_unchecked(out) };
    Ok(Cow::Owned(out))
}

fn offence(text: &str, ch: char, byte_offset: usize) -> Offence {
    Offence {
        ch,
        char_index: text.get(..byte_offset).map_or(0, |s| s.chars().count()),
        byte_offset,
    }
}

/// A derived form the glossary computes from an entered form (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Derivation {
    /// The scheme of the entered form (its language's pivot).
    pub from: Scheme,
    /// The scheme of the derived form.
    pub to: Scheme,
    /// The language tag of the derived form, e.g. `ug-Latn` or `ru-Latn`. Several romanizations
    /// of one language share a tag; [`Derivation::to`] tells them apart.
    pub tag: &'static str,
}

const fn derive(from: Scheme, to: Scheme, tag: &'static str) -> Derivation {
    Derivation { from, to, tag }
}

const UG_DERIVED: &[Derivation] = &[
    derive(Scheme::UgArab, Scheme::UgLatn, "ug-Latn"),
    derive(Scheme::UgArab, Scheme::UgCyrl, "ug-Cyrl"),
];
const KK_DERIVED: &[Derivation] = &[
    derive(Scheme::KkCyrl, Scheme::KkLatn, "kk-Latn"),
    derive(Scheme::KkCyrl, Scheme::KkArab, "kk-Arab"),
];
const RU_DERIVED: &[Derivation] = &[
    derive(Scheme::RuCyrl, Scheme::RuBgn, "ru-Latn"),
    derive(Scheme::RuCyrl, Scheme::RuIso9, "ru-Latn"),
    derive(Scheme::RuCyrl, Scheme::RuWiki, "ru-Latn"),
];

/// The forms to derive from a form written with tag `lang`: `ug-Arab` gives ULY (`ug-Latn`) and
/// USY (`ug-Cyrl`); `kk-Cyrl` gives the 2021 Latin alphabet (`kk-Latn`) and Töte (`kk-Arab`);
/// `ru` (or `ru-Cyrl`) gives the BGN/PCGN, ISO 9 and Wikipedia romanizations (`ru-Latn`). Every
/// other tag derives nothing.
///
/// ```
/// use tilmach::translit::{derivations, Transliterator};
/// let tag = "kk-Cyrl".parse()?;
/// for d in derivations(&tag) {
///     let t = Transliterator::new(d.from, d.to)?;
///     println!("{} {}: {}", d.tag, d.to, t.convert("Құлжа"));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn derivations(lang: &LangTag) -> &'static [Derivation] {
    match (lang.language(), lang.script()) {
        ("ug", Some(Script::Arabic)) => UG_DERIVED,
        ("kk", Some(Script::Cyrillic)) => KK_DERIVED,
        ("ru", Some(Script::Cyrillic)) => RU_DERIVED,
        _ => &[],
    }
}
