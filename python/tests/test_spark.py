"""The Spark recipe on a real local Spark: generated names normalized through ``mapInArrow``
with the index file shipped to the executors; every row equals the in-process lookup.

Needs pyspark and a Java runtime; without them the test is skipped, unless
``TILMACH_REQUIRE_SPARK=1`` (set by CI), which makes their absence a failure."""

import math
import os
import shutil
import sys

import pytest

from names import generated_names

REQUIRED = os.environ.get("TILMACH_REQUIRE_SPARK") == "1"
ROWS = int(os.environ.get("TILMACH_SPARK_ROWS", "100000"))

if REQUIRED:
    import pyarrow as pa
    import pyspark  # noqa: F401
else:
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("pyspark")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("tilmach-test")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_job_equals_the_in_process_api(spark, glossary, tmp_path):
    from tilmach.spark import normalize_names

    assert ROWS >= 100_000 or os.environ.get("TILMACH_SPARK_ROWS")
    names = generated_names(ROWS, seed=99)
    names[5] = None
    index = tmp_path / "glossary.idx"
    glossary.save_index(index)

    table = pa.table({"row": pa.array(range(ROWS), pa.int64()), "name": pa.array(names, pa.string())})
    df = spark.createDataFrame(table).repartition(6)
    out = normalize_names(spark, df, "name", str(index), lang="en")
    got = out.toArrow().sort_by("row").to_pylist()
    assert len(got) == ROWS

    matched = 0
    for row in got:
        name = names[row["row"]]
        assert row["name"] == name
        best = glossary.lookup(name, limit=1) if name is not None else []
        if not best:
            assert row["tilmach_id"] is None and row["tilmach_score"] is None, row
            continue
        hit = best[0]
        preferred = hit.entry.best_form("en")
        expected = (
            hit.entry.id,
            hit.form.text,
            hit.form.lang,
            hit.stage,
            hit.distance,
            preferred.text if preferred else None,
        )
        actual = (
            row["tilmach_id"],
            row["tilmach_form"],
            row["tilmach_lang"],
            row["tilmach_stage"],
            row["tilmach_distance"],
            row["tilmach_preferred"],
        )
        assert actual == expected, name
        assert math.isclose(row["tilmach_score"], hit.score, rel_tol=1e-6), name
        matched += 1
    # The generated names are mostly glossary forms, their misspellings and case changes.
    assert matched > ROWS // 2
