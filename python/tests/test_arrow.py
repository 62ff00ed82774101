"""The Arrow paths of lookup_many and convert_many: pyarrow arrays of every string layout
(string, large_string, chunked, sliced, with nulls), pandas' Arrow-backed arrays and Polars
series give Arrow arrays whose rows equal the list path's."""

import pytest

import tilmach

from names import generated_names

pa = pytest.importorskip("pyarrow")

FIELDS = ["id", "form", "lang", "status", "stage", "distance", "score"]


def as_rows(result):
    return [
        None if row is None else tuple(row[f] for f in FIELDS)
        for row in result.to_pylist()
    ]


def expected_rows(glossary, queries, **options):
    out = []
    for hit in glossary.lookup_many(list(queries), **options):
        if hit is None:
            out.append(None)
        else:
            d = hit.to_dict()
            out.append(tuple(d[f] for f in FIELDS))
    return out


def close(rows_a, rows_b):
    # Scores cross Arrow as float64 with three decimals; compare them rounded.
    def fix(row):
        return None if row is None else row[:-1] + (round(row[-1], 5),)

    return [fix(r) for r in rows_a] == [fix(r) for r in rows_b]


@pytest.fixture(scope="module")
def queries():
    names = generated_names(5000, seed=21)
    names[10] = None
    names[11] = ""
    return names


@pytest.mark.parametrize("kind", ["string", "large_string", "chunked", "sliced"])
def test_pyarrow_layouts(glossary, queries, kind):
    if kind == "string":
        array, qs = pa.array(queries, pa.string()), queries
    elif kind == "large_string":
        array, qs = pa.array(queries, pa.large_string()), queries
    elif kind == "chunked":
        array, qs = pa.chunked_array([queries[:1234], queries[1234:]], pa.string()), queries
    else:
        array, qs = pa.array(queries, pa.string()).slice(7, 3000), queries[7:3007]
    result = glossary.lookup_many(array)
    assert isinstance(result, pa.StructArray)
    assert len(result) == len(qs)
    assert close(as_rows(result), expected_rows(glossary, qs))
    assert result.is_null().to_pylist() == [r is None for r in expected_rows(glossary, qs)]


def test_preferred_form_column(glossary, queries):
    result = glossary.lookup_many(pa.array(queries), preferred="kk", fuzzy=1)
    for q, row in zip(queries, result.to_pylist()):
        best = glossary.lookup(q, fuzzy=1, limit=1) if q is not None else []
        if not best:
            assert row is None
            continue
        form = best[0].entry.best_form("kk")
        assert row["preferred"] == (form.text if form else None)
        assert row["id"] == best[0].entry.id


def test_pandas(glossary, queries):
    pd = pytest.importorskip("pandas")
    series = pd.Series(queries, dtype="string[pyarrow]")
    result = glossary.lookup_many(series.array)
    assert close(as_rows(result), expected_rows(glossary, queries))


def test_polars(glossary, queries):
    pl = pytest.importorskip("polars")
    result = glossary.lookup_many(pl.Series(queries))
    assert close(as_rows(result), expected_rows(glossary, queries))
    t = tilmach.Transliterator("ru-cyrl", "ru-bgn")
    assert t.convert_many(pl.Series(["Кульджа", None])).to_pylist() == [t.convert("Кульджа"), None]


def test_convert_many_arrow():
    t = tilmach.Transliterator("ru-cyrl", "ru-bgn")
    texts = ["Кульджа", None, "Алма-Ата", "", "Семёновка"] * 100
    for array in (pa.array(texts), pa.array(texts, pa.large_string()), pa.chunked_array([texts[:3], texts[3:]])):
        out = t.convert_many(array)
        assert isinstance(out, pa.Array)
        assert out.to_pylist() == [None if x is None else t.convert(x) for x in texts]
    assert t.convert_many(pa.array(texts).slice(1, 3)).to_pylist() == [None, t.convert("Алма-Ата"), ""]
