"""The Python API over the library: lookups, entries, transliteration, text functions, errors,
threads. Expected values come from the library's own documented examples and test data."""

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

import tilmach

from names import generated_names


def test_readme_quick_start(glossary):
    hit = glossary.lookup("Kuldja")[0]
    assert hit.entry.id == "ghulja"
    assert hit.entry.best_form("kk").text == "Құлжа"
    assert tilmach.Transliterator("ug-arab", "ug-latn").convert("غۇلجا") == "ghulja"


def test_hit_fields_repr_and_dict(glossary):
    hit = glossary.lookup("Кульджа")[0]
    assert (hit.entry.id, hit.form.text, hit.form.lang, hit.stage, hit.distance) == (
        "ghulja",
        "Кульджа",
        "ru",
        "exact",
        0,
    )
    assert hit.to_dict() == {
        "id": "ghulja",
        "form": "Кульджа",
        "lang": "ru",
        "status": hit.form.status,
        "stage": "exact",
        "distance": 0,
        "score": hit.score,
    }
    assert repr(hit).startswith("Hit(entry='ghulja', form='Кульджа'")
    assert 0 < hit.score <= 1


def test_lookup_options_reach_the_library(glossary):
    # The library's documented examples: a misspelling found fuzzily, not with fuzzy=0.
    assert glossary.lookup("Kuljda", limit=5)[0].entry.id == "ghulja"
    assert glossary.lookup("Kuljda", fuzzy=0) == []
    assert all(h.form.lang.startswith("kk") for h in glossary.lookup("Qulja", lang="kk"))
    assert len(glossary.lookup("Al", prefix=True, limit=3)) <= 3
    prefixed = glossary.lookup("Zhar", prefix=True)
    assert any(h.stage == "prefix" for h in prefixed)
    assert all(h.score >= 0.9 for h in glossary.lookup("Kuljda", min_score=0.9))


def test_exact_lookup_never_guesses(glossary):
    # exact=True keeps the exact and normalized stages only: a misspelling finds nothing,
    # a differently cased or accented spelling of an entered form still does.
    assert glossary.lookup("Kuljda", exact=True) == []
    assert [h.stage for h in glossary.lookup("qulja", exact=True)] == ["normalized"]
    assert glossary.lookup_many(["Kuljda", "Qulja"], exact=True)[0] is None
    assert glossary.lookup_many(["Kuljda", "Qulja"], exact=True)[1].entry.id == "ghulja"
    assert glossary.lookup_many(["Kuljda"])[0].entry.id == "ghulja"


def test_bad_options_raise_the_library_messages(glossary):
    with pytest.raises(tilmach.InvalidValue, match=r'fuzzy budget "3" is not valid; valid values: 0, 1, 2, auto'):
        glossary.lookup("x", fuzzy=3)
    with pytest.raises(tilmach.InvalidValue, match="invalid language tag"):
        glossary.lookup("x", lang="kazakh")
    with pytest.raises(tilmach.IndexFileError):
        glossary.lookup("x" * 600)
    with pytest.raises(tilmach.UnknownEntry, match='did you mean "ghulja"'):
        glossary.entry("ghulj")
    assert issubclass(tilmach.UnknownScheme, tilmach.TilmachError)


def test_entries(glossary):
    entry = glossary.entry("ghulja")
    assert entry.kind == "place"
    assert "en" in entry.gloss
    assert any(f.text == "Құлжа" and f.lang == "kk-Cyrl" for f in entry.forms)
    assert entry.best_form("zz") is None
    assert entry.to_dict()["id"] == "ghulja"
    assert "ghulja" in glossary and "no-such-entry" not in glossary
    assert glossary.get("no-such-entry") is None
    ids = [e.id for e in glossary]
    assert ids == sorted(ids) and len(ids) == len(glossary)
    derived = [f for f in entry.forms if f.derived]
    assert all(f.derived_by for f in derived)
    assert set(entry.sources) <= set(glossary.sources)


def random_words(rng, alphabet, count):
    words = []
    for _ in range(count):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        words.append(word.capitalize() if rng.random() < 0.3 else word)
    return words


def test_transliteration_round_trips():
    # Every reversible Russian and Kazakh scheme reads back what it writes from its pivot.
    # Words without ъ and ь and without шч: the sequences the standards themselves cannot tell
    # apart (the crate's README and its round-trip property tests list them).
    import random

    rng = random.Random(5)
    alphabets = {
        "ru": "абвгдеёжзийклмнопрстуфхцчшщыэюя",
        "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіэюя",
    }
    tried = 0
    for scheme in tilmach.schemes():
        if scheme["pivot"] or not scheme["reversible"] or scheme["language"] not in alphabets:
            continue
        pivot = next(s["id"] for s in tilmach.schemes() if s["pivot"] and s["language"] == scheme["language"])
        there = tilmach.Transliterator(pivot, scheme["id"])
        back = tilmach.Transliterator(scheme["id"], pivot)
        words = [w for w in random_words(rng, alphabets[scheme["language"]], 500) if "шч" not in w.lower()]
        written = there.convert_many(words)
        # The batch call gives what one call at a time gives.
        assert written == [there.convert(w) for w in words]
        assert back.convert_many(written) == words, scheme["id"]
        tried += 1
    assert tried >= 4


def test_transliteration_errors():
    with pytest.raises(tilmach.UnknownScheme, match='did you mean "kk-latn"'):
        tilmach.Transliterator("kk-latin", "kk-cyrl")
    with pytest.raises(tilmach.TranslitError, match="schemes convert only within one language"):
        tilmach.Transliterator("kk-cyrl", "ru-bgn")
    with pytest.raises(tilmach.TranslitError, match="at character 2"):
        tilmach.Transliterator("ru-cyrl", "ru-bgn").convert("абqв", strict=True)


def test_keys():
    assert tilmach.key("Ürümqi") == "urumqi"
    assert tilmach.latin_key("Кульджа") == "kulja"
    assert tilmach.latin_key("غۇلجا") == "ghulja"
    assert tilmach.normalize("Kul’dzha") == "Kul'dzha"
    assert isinstance(tilmach.skeleton("Кульджа"), str)


def test_annotate_offsets_are_python_indices(glossary):
    # Characters outside the BMP and multi-byte letters before the mention: byte, UTF-16 and
    # code-point offsets all differ; Python indices are code points.
    text = "😀 Σ — Біз Алматыда тұрамыз, Кульджа"
    mentions = glossary.annotate(text)
    assert [m.entry.id for m in mentions] == ["almaty", "ghulja"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert mentions[0].suffix == "да" and mentions[0].how == "inflected"
    assert mentions[0].to_dict()["id"] == "almaty"
    assert not mentions[0].by_surname


def test_annotate_finds_a_person_by_the_surname(glossary):
    (m,) = glossary.annotate("Kadeer said that Rebiya was right.")
    assert (m.entry.id, m.text, m.form.text, m.by_surname) == ("rabiya-kadeer", "Kadeer", "Rebiya Kadeer", True)
    assert m.to_dict()["by_surname"] is True


def test_annotate_resolves_a_shared_surname_from_the_full_name_before(glossary):
    text = "Wang Jianping was killed.\nWang had served there."
    found = [(m.text, m.entry.id, m.by_surname) for m in glossary.annotate(text)]
    assert found == [("Wang Jianping", "wang-jianping", False), ("Wang", "wang-jianping", True)]
    # Named by nobody before, or by two people: left out.
    assert glossary.annotate("Wang said it.") == []
    both = glossary.annotate("Wang Yi met Wang Jianping.\nWang said it.")
    assert [m.text for m in both] == ["Wang Yi", "Wang Jianping"]


def test_lint_expand_export(glossary):
    findings = glossary.lint("We met in Alma-Ata and Кульджа.", "en", 2024)
    assert [f.reason for f in findings] == ["historical", "wrong-language"]
    assert [f.preferred.text for f in findings] == ["Almaty", "Ghulja"]
    x = glossary.expand("Kuldja")
    assert x.entry.id == "ghulja" and "Құлжа" in x.terms
    assert glossary.expand("zzzzqqqq") is None
    exported = json.loads(glossary.export("json"))
    assert exported
    assert glossary.export("csv").startswith("id,kind,lang,text,status,derived,from,until,gloss_en")
    with pytest.raises(tilmach.InvalidValue, match="export format"):
        glossary.export("xlsx")


def test_glossary_errors_carry_locations(data):
    with pytest.raises(tilmach.GlossaryError) as caught:
        tilmach.Glossary.load(data / "glossary" / "broken", include_embedded=False)
    err = caught.value
    assert str(err).startswith("the glossary has ")
    located = {(os.path.basename(p["file"]), p["line"], p["column"]) for p in err.problems if p["file"]}
    # Pinned by the crate's snapshot of the same directory.
    assert ("fields.toml", 1, 8) in located
    assert ("fields.toml", 8, 10) in located
    assert any('unknown kind "plase"' in p["message"] for p in err.problems)


def test_user_glossary_layers_over_the_embedded_one(data):
    user = tilmach.Glossary.load([data / "glossary" / "user"])
    assert len(user) >= len(tilmach.Glossary.embedded()) - 5
    alone = tilmach.Glossary.load(data / "glossary" / "user", include_embedded=False)
    assert 0 < len(alone) < len(user)


def test_index_files(tmp_path, glossary, data):
    path = tmp_path / "embedded.idx"
    glossary.save_index(path)
    reopened = tilmach.Glossary.open(path)
    assert len(reopened) == len(glossary)
    for query in generated_names(300):
        a = [h.to_dict() for h in glossary.lookup(query)]
        b = [h.to_dict() for h in reopened.lookup(query)]
        assert a == b
    index = tilmach.Index.open(path)
    assert index.entries == len(glossary)
    assert index.lookup("Кульджа")[0].id == "ghulja"
    assert len(index.glossary()) == len(glossary)

    names = tilmach.Index.build([data / "index" / "places.tsv"], tmp_path / "places.idx")
    assert len(names) > 0
    with pytest.raises(tilmach.CompiledError):
        names.glossary()
    with pytest.raises(tilmach.NameTableError) as caught:
        tilmach.Index.build([data / "index" / "bad.tsv"], tmp_path / "bad.idx")
    assert any(p["line"] == 2 for p in caught.value.problems)
    assert not (tmp_path / "bad.idx").exists()
    garbage = tmp_path / "garbage.idx"
    garbage.write_bytes(b"not an index at all")
    with pytest.raises(tilmach.IndexFileError, match="not a tilmach index file"):
        tilmach.Index.open(garbage)
    with pytest.raises(tilmach.TilmachIOError):
        tilmach.Glossary.open(tmp_path / "missing.idx")


def test_threads_share_a_glossary(glossary):
    queries = generated_names(4000, seed=3)
    expected = [[h.to_dict() for h in glossary.lookup(q)] for q in queries]

    def run(chunk):
        return [[h.to_dict() for h in glossary.lookup(q)] for q in chunk]

    chunks = [queries[i::8] for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, chunks))
        batches = list(pool.map(lambda c: glossary.lookup_many(c), chunks))
    for i, chunk in enumerate(chunks):
        assert results[i] == [expected[queries.index(q)] for q in chunk]
        for q, hit in zip(chunk, batches[i]):
            best = glossary.lookup(q, limit=1)
            assert (hit.to_dict() if hit else None) == (best[0].to_dict() if best else None)


def test_lookup_many_equals_lookup(glossary):
    queries = generated_names(20000, seed=7) + [None, ""]
    many = glossary.lookup_many(queries)
    for q, hit in zip(queries, many):
        best = glossary.lookup(q, limit=1) if q is not None else []
        assert (hit.to_dict() if hit else None) == (best[0].to_dict() if best else None), q
    fuzzy0 = glossary.lookup_many(queries[:2000], fuzzy=0, lang="ru")
    for q, hit in zip(queries[:2000], fuzzy0):
        best = glossary.lookup(q, fuzzy=0, lang="ru", limit=1)
        assert (hit.to_dict() if hit else None) == (best[0].to_dict() if best else None)
    with pytest.raises(tilmach.IndexFileError, match="^query 1: "):
        glossary.lookup_many(["Almaty", "x" * 600])
    assert glossary.lookup_many(["Almaty", "x" * 600], errors="null")[1] is None
    with pytest.raises(tilmach.InvalidValue):
        glossary.lookup_many("Almaty")


CLI = os.environ.get("TILMACH_CLI") or shutil.which("tilmach")


@pytest.mark.skipif(not CLI, reason="set TILMACH_CLI to the tilmach binary to compare with it")
def test_answers_equal_the_command_line(glossary):
    queries = [q for q in generated_names(600, seed=11) if q and q.strip() == q]
    run = subprocess.run(
        [CLI, "lookup", "--limit", "3"],
        input="\n".join(queries) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(lines) == len(queries)
    for query, line in zip(queries, lines):
        ours = [
            (h.entry.id, h.form.text, h.stage, h.distance, round(h.score, 4))
            for h in glossary.lookup(query, limit=3)
        ]
        theirs = [
            (
                h["id"],
                h["match"]["form"]["text"],
                h["match"]["stage"],
                h["match"]["distance"],
                round(h["score"], 4),
            )
            for h in line["hits"]
        ]
        assert line["query"] == query
        assert ours == theirs, query
