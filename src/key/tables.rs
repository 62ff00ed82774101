//! The rewrite tables of the key pipeline as data: the letters [`key`](super::key) folds
//! beyond the shared letter fold, and the common-Latin table of every spelling tradition of the
//! region that [`latin_key`](super::latin_key) applies. Changing a row changes keys and must
//! bump [`PIPELINE_VERSION`](super::PIPELINE_VERSION).

/// Latin letters without a canonical decomposition and the letters [`key`](super::key) writes
/// for them, and the signs of romanizations it drops, after the shared letter fold ([`crate::chars::fold_char`]: lower case, Turkic i, `ё`,
/// Arabic-script look-alikes, apostrophes). Latin letters with a canonical decomposition lose
/// their marks without needing a row here, and every combining mark is dropped.
pub const KEY_FOLD: &[(&str, &str)] = &[
    ("ø", "o"),
    ("ł", "l"),
    ("đ", "d"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
    // Signs that romanizations put into a name and that are no letter of it, dropped by every
    // key (the common-Latin key applies this table first): the signs for ʿayn and hamza of
    // Arabic romanization (ISO 233, DIN 31635: ʿ U+02BF and ʾ U+02BE), dropped as the Arabic
    // letters are (*ʿekitobe*, *ʿoshi*), and the IPA-style stress marks, the modifier letter
    // low vertical line (secondary stress, U+02CC, *Kˌizilurda*) and the vertical line
    // (primary stress, U+02C8) (Unicode Spacing Modifier Letters chart).
    ("\u{2BF}", ""),
    ("\u{2BE}", ""),
    ("\u{2CC}", ""),
    ("\u{2C8}", ""),
];

/// The common-Latin table applied by [`latin_key`](super::latin_key) (longest match first) to folded text.
///
/// Letters of every spelling tradition of the region map to a reduced Latin alphabet of `a`–`z`
/// and the digraphs `zh sh ch gh kh ng ts`. Where the traditions disagree on a vowel the choice
/// follows the most common spelling in texts about the region (Kazakh ә → `a` like Kazakh Latin
/// `ä`, Uyghur ە → `e` like ULY); vowels are dropped by the skeleton anyway. Each group names the
/// table it follows; `tests` in this module check one example of each against its source.
pub const LATIN: &[(&str, &str)] = &[
    // Russian Cyrillic, as the ALA-LC Russian table and BGN/PCGN 1947 read it (дж as one sound,
    // as ALA-LC's Kazakh, Kirghiz, Tajik and Uzbek tables write it: j).
    ("дж", "j"),
    ("а", "a"),
    ("б", "b"),
    ("в", "v"),
    ("г", "g"),
    ("д", "d"),
    ("е", "e"),
    ("ж", "zh"),
    ("з", "z"),
    ("и", "i"),
    ("й", "y"),
    ("к", "k"),
    ("л", "l"),
    ("м", "m"),
    ("н", "n"),
    ("о", "o"),
    ("п", "p"),
    ("р", "r"),
    ("с", "s"),
    ("т", "t"),
    ("у", "u"),
    ("ф", "f"),
    ("х", "kh"),
    ("ц", "ts"),
    ("ч", "ch"),
    ("ш", "sh"),
    // The Palladius system of writing Chinese in Cyrillic: цз for pinyin z and j, чж for zh
    // (*Шихэцзы* Shihezi, *Чжэнчжоу* Zhengzhou; Palladius table, as GOST-free Russian usage and
    // the Russian Wikipedia's conventions write Chinese names).
    ("цз", "z"),
    ("чж", "zh"),
    ("щ", "shch"),
    ("ъ", ""),
    ("ы", "y"),
    ("ь", ""),
    ("э", "e"),
    ("ю", "yu"),
    ("я", "ya"),
    // Pre-1918 Russian letters (ALA-LC Russian: ѣ ě, ѳ f, ѵ y).
    ("ѣ", "e"),
    ("ѳ", "f"),
    ("ѵ", "i"),
    // Kazakh, Kyrgyz, Uyghur, Dungan and Mongolian Cyrillic (ALA-LC Kazakh, Kirghiz, Uighur and
    // Mongolian tables; Dungan letters as in the Dungan alphabet of 1953).
    ("ә", "a"),
    // Kazakh ң before ғ: Russian and English write the pair as one нг / ng (*Маңғыстау*,
    // *Мангистау*, *Mangystau* in KATO's Russian and the official English name; *Шыңғыс*,
    // *Чингис*), so the pair reads `ng` in every script (Töte ڭ + غ, Kazakh Latin 2021 ñ + ğ).
    ("ңғ", "ng"),
    ("ғ", "gh"),
    ("җ", "j"),
    ("қ", "q"),
    ("ң", "ng"),
    ("ө", "o"),
    ("ұ", "u"),
    ("ү", "u"),
    ("һ", "h"),
    ("і", "i"),
    // Uzbek ў is the vowel that Uzbek Latin writes oʻ (the Unicode CLDR transform
    // uz_Cyrl-uz_Latn: ў ↔ oʻ; *Қўқон* Qoʻqon); Belarusian ў, which Belarusian spelling writes
    // only after a vowel, is the non-syllabic u that BGN/PCGN Belarusian (1979) romanizes w and
    // Russian writes в (*Магілёў* Mahilyow, Russian *Могилёв*; *Паўладар*, *Сатпаеў*). Tajik
    // ӣ ӯ ҳ ҷ as the ALA-LC Tajik table reads them (ī, ū, ḣ, j).
    ("ў", "o"),
    ("аў", "aw"),
    ("еў", "ew"),
    ("оў", "ow"),
    ("уў", "uw"),
    ("іў", "iw"),
    ("ыў", "yw"),
    ("эў", "ew"),
    ("юў", "yuw"),
    ("яў", "yaw"),
    ("ӣ", "i"),
    ("ӯ", "u"),
    ("ҳ", "h"),
    ("ҷ", "j"),
    // Bashkir and Azerbaijani Cyrillic neighbours (ALA-LC Bashkir: ҙ ź, ҫ ś, ҡ q; Azerbaijani
    // Cyrillic ҹ = Latin c [dʒ], ҝ = g).
    ("ҙ", "z"),
    ("ҫ", "s"),
    ("ҡ", "q"),
    ("ҹ", "j"),
    ("ҝ", "g"),
    // Ukrainian and Serbian Cyrillic, as names of the region reach Russian texts through them
    // (ALA-LC Ukrainian: є ie, ї ï, ґ g; Serbian: ј j, ћ ć, ђ đ, љ lj, њ nj, џ dž).
    ("є", "ye"),
    ("ї", "yi"),
    ("ґ", "g"),
    ("ј", "y"),
    ("ћ", "ch"),
    ("ђ", "j"),
    ("љ", "ly"),
    ("њ", "ny"),
    ("џ", "j"),
    // Uyghur and Kazakh Arabic script (after the shared fold: ە for heh, ى for Farsi yeh, ك for
    // keheh), as the ALA-LC Uighur table and ULY read them.
    ("ا", "a"),
    ("ە", "e"),
    ("ب", "b"),
    ("پ", "p"),
    ("ت", "t"),
    ("ج", "j"),
    ("چ", "ch"),
    ("خ", "kh"),
    ("ح", "kh"),
    ("د", "d"),
    ("ر", "r"),
    ("ز", "z"),
    ("ژ", "zh"),
    ("س", "s"),
    ("ش", "sh"),
    ("غ", "gh"),
    ("ف", "f"),
    ("ق", "q"),
    ("ك", "k"),
    ("گ", "g"),
    ("ڭغ", "ng"),
    ("ڭ", "ng"),
    ("ل", "l"),
    ("م", "m"),
    ("ن", "n"),
    ("ھ", "h"),
    ("و", "o"),
    ("ۇ", "u"),
    ("ۆ", "o"),
    ("ۈ", "u"),
    ("ۋ", "w"),
    ("ې", "e"),
    ("ى", "i"),
    ("ي", "y"),
    ("ئ", ""),
    ("ء", ""),
    ("ٴ", ""),
    ("ؤ", "u"),
    // Arabic letters of loanwords (ALA-LC Arabic: ث th, ذ dh, ص ṣ, ض ḍ, ط ṭ, ظ ẓ, ع ʻ), read as
    // Uyghur, Persian and Kazakh read them; ʻayn is dropped as every popular spelling drops it.
    ("ث", "s"),
    ("ذ", "z"),
    ("ص", "s"),
    ("ض", "z"),
    ("ط", "t"),
    ("ظ", "z"),
    ("ع", ""),
    // Kazakh Töte letters with the high hamza (Unicode Arabic block: U+0675–U+0678, the
    // Kazakh vowels ә ө ү і).
    ("ٵ", "a"),
    ("ٶ", "o"),
    ("ٷ", "u"),
    ("ٸ", "i"),
    // Kyrgyz Arabic script (Unicode names KIRGHIZ OE and KIRGHIZ YU: ө and ю) and the waw with
    // a dot above some Kazakh and Kyrgyz texts write for ۋ.
    ("ۅ", "o"),
    ("ۉ", "yu"),
    ("ۏ", "w"),
    // Urdu (ALA-LC Urdu: ٹ ṭ, ڈ ḍ, ڑ ṛ, ں ṉ; ہ and ے are folded to ە and ې before this table).
    ("ٹ", "t"),
    ("ڈ", "d"),
    ("ڑ", "r"),
    ("ں", "n"),
    // Pashto (ALA-LC Pashto: ټ ṭ, ډ ḍ, ړ ṛ, ڼ ṇ, ښ x̌, ږ ǵ, څ ts, ځ dz, ګ g, ۍ ay).
    ("ټ", "t"),
    ("ډ", "d"),
    ("ړ", "r"),
    ("ڼ", "n"),
    ("ښ", "sh"),
    ("ږ", "zh"),
    ("څ", "ts"),
    ("ځ", "dz"),
    ("ګ", "g"),
    ("ۍ", "y"),
    // Kurdish Sorani (ALA-LC Kurdish: ێ ê, ڕ ṟ, ڵ ḷ, ڤ v).
    ("ێ", "e"),
    ("ڕ", "r"),
    ("ڵ", "l"),
    ("ڤ", "v"),
    // Latin letters of the Turkic alphabets: Turkish and Azerbaijani (ş ç ğ ə), Turkmen 1993
    // (ş ç ž ň), Uzbek 1995 (sh ch gʻ oʻ), Kazakh 2018 (ǵ ń) and 2021 (ş ğ ñ), ULY, and the
    // Uyghur New Script (ⱪ ⱨ ƣ ⱬ ɵ ə; its pinyin-like q and x are read by the skeleton).
    ("ş", "sh"),
    ("ș", "sh"),
    ("ç", "ch"),
    ("ğ", "gh"),
    ("ǵ", "gh"),
    ("ƣ", "gh"),
    ("ñğ", "ng"),
    ("ñ", "ng"),
    ("ń", "ng"),
    ("ň", "ng"),
    ("ŋ", "ng"),
    ("ⱬ", "zh"),
    ("ǰ", "j"),
    ("ⱪ", "q"),
    ("ⱨ", "h"),
    ("ə", "e"),
    ("ɵ", "o"),
    // Kazakh 2017 (the apostrophe alphabet of 26 October 2017: s' ш, c' ч, g' ғ) and Uzbek
    // 1995 (gʻ ғ): a letter and an apostrophe are one letter.
    ("s'", "sh"),
    ("c'", "ch"),
    ("g'", "gh"),
    // Czech, Lithuanian and Serbo-Croatian transcriptions of Russian (š ž č, dž; ć for ћ).
    ("š", "sh"),
    ("ž", "zh"),
    ("č", "ch"),
    ("ć", "ch"),
    ("dž", "j"),
    // Polish transcription of Russian (Polish rules of transcription, PWN: ш sz, ч cz, щ szcz,
    // ж ż, дж dż; *Kaszgar*, *Czimkent*).
    ("szcz", "shch"),
    ("sz", "sh"),
    ("cz", "ch"),
    ("ż", "zh"),
    ("ź", "zh"),
    ("dż", "j"),
    ("dź", "j"),
    // German transcription of Russian (Duden: ш sch, ч tsch, ж sch, дж dsch; *Taschkent*,
    // *Tschimkent*, *Dschambul*).
    ("tsch", "ch"),
    ("dsch", "j"),
    ("sch", "sh"),
    // French transcription of Russian (ш ch, ч tch, дж dj, у ou; *Tachkent*, *Tchimkent*,
    // *Djamboul*, *Ouroumtsi*): ch reads as ш and ч alike in the skeleton, so only tch, dj and
    // ou need rows; English dzh (BGN/PCGN дж) is the same letter.
    ("tch", "ch"),
    ("dj", "j"),
    ("dzh", "j"),
    ("ou", "u"),
    // Wade–Giles and Chinese Postal romanization: hs is pinyin x (*Hsin-yüan* Xinyuan, *Hsinkiang*).
    ("hs", "sh"),
    // Dutch transcription of Russian (ш sj, ж zj, ч tsj; *Doesjanbe*, *Tasjkent*; Van Dale,
    // transcription of Russian names) and the Hungarian cs for ч (*Ürümcsi*, *Csimkent*; the
    // Hungarian Academy's rules for writing Russian names, AkH. 12th ed. § 218).
    ("tsj", "ch"),
    ("sj", "sh"),
    ("zj", "zh"),
    ("cs", "ch"),
    // Esperanto (Fundamento de Esperanto, the alphabet: ĉ [tʃ], ĝ [dʒ], ĥ [x], ĵ [ʒ], ŝ [ʃ]),
    // as Esperanto transcribes Russian and Kazakh names (*Ŝimkento*, *Aĵtobe*).
    ("ĉ", "ch"),
    ("ĝ", "j"),
    ("ĥ", "kh"),
    ("ĵ", "zh"),
    ("ŝ", "sh"),
    // The digraphs of the common-Latin alphabet read as themselves, so that the rows above
    // never start inside one (*Kazakhs* is kh + s, not k + hs).
    ("kh", "kh"),
    ("sh", "sh"),
    ("ch", "ch"),
    ("zh", "zh"),
    ("gh", "gh"),
    // Apostrophes (hamza, ULY separators, Wade–Giles aspiration), after the shared fold.
    ("'", ""),
];
