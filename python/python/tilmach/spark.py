"""Normalizing a name column on Spark: each name mapped to an entry id, a score, the form that
matched and the entry's preferred form in a chosen language.

The glossary travels as one index file (``Glossary.save_index`` or ``Index.build``), shipped
to every executor with ``SparkContext.addFile``. Each Python worker opens it once (a memory
map, checked on open) and keeps it for every later batch; the column goes through
``mapInArrow`` as Arrow record batches into ``Glossary.lookup_many``, which reads the Arrow
buffers directly and runs on all the worker's cores without the GIL. No Python loop touches a
row.

>>> # doctest: +SKIP
>>> from tilmach.spark import normalize_names
>>> out = normalize_names(spark, df, "name", "/data/glossary.idx", lang="en")
>>> out.select("name", "tilmach_id", "tilmach_score", "tilmach_preferred").show()
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator, Optional

from . import Glossary

#: The columns added, after the prefix: the entry id, the form that matched, its language,
#: the stage, the edit distance, the score and the entry's best form in ``lang``.
FIELDS = ("id", "form", "lang", "stage", "distance", "score", "preferred")

_OPEN: Dict[str, Glossary] = {}


def glossary_at(path: str) -> Glossary:
    """The glossary of the index file at ``path``, opened once per process."""
    glossary = _OPEN.get(path)
    if glossary is None:
        glossary = _OPEN[path] = Glossary.open(path)
    return glossary


def normalize_names(
    spark: Any,
    df: Any,
    column: str,
    index_path: str,
    lang: str = "en",
    fuzzy: Any = "auto",
    min_score: Optional[float] = None,
    prefix: str = "tilmach_",
) -> Any:
    """``df`` with the columns ``{prefix}id``, ``{prefix}form``, ``{prefix}lang``,
    ``{prefix}stage``, ``{prefix}distance``, ``{prefix}score`` and ``{prefix}preferred`` (the
    entry's best form in ``lang``), null where ``column`` matches nothing.

    ``index_path`` is an index file carrying a glossary; it is shipped to the executors with
    ``SparkContext.addFile``. The results are those of ``Glossary.lookup_many`` (the best hit
    of each name) with the same ``fuzzy`` and ``min_score``.
    """
    import pyarrow as pa
    from pyspark import SparkFiles
    from pyspark.sql.types import DoubleType, IntegerType, StringType, StructField, StructType

    spark.sparkContext.addFile(index_path)
    name = os.path.basename(index_path)
    spark_types = {"distance": IntegerType(), "score": DoubleType()}
    arrow_types = {"distance": pa.int32(), "score": pa.float64()}
    schema = StructType(
        list(df.schema.fields)
        + [StructField(prefix + f, spark_types.get(f, StringType()), True) for f in FIELDS]
    )
    added = [pa.field(prefix + f, arrow_types.get(f, pa.string())) for f in FIELDS]

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        glossary = glossary_at(SparkFiles.get(name))
        for batch in batches:
            found = glossary.lookup_many(
                batch.column(column),
                fuzzy=fuzzy,
                min_score=min_score,
                preferred=lang,
                errors="null",
            )
            # One array per field, null where the name matched nothing.
            fields = dict(zip([f.name for f in found.type], found.flatten()))
            columns = list(batch.columns) + [
                fields[f].cast(arrow_types.get(f, pa.string())) for f in FIELDS
            ]
            yield pa.RecordBatch.from_arrays(columns, schema=pa.schema(list(batch.schema) + added))

    return df.mapInArrow(run, schema)
