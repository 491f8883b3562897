"""Spark in local mode runs the same stages and writes the same article rows as the local executor."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from jianbao.batch import BatchOptions, run_batch
from jianbao.batch.dupgold import measure

from conftest import generate

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[dev]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java 17+ and `java` is not on PATH (.ci/run installs default-jre-headless)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    pages = generate(tmp_path_factory.mktemp("gen"), 24, copies=0.25)
    base = tmp_path_factory.mktemp("runs")
    local = run_batch([str(pages / "manifest.jsonl")], base / "local", BatchOptions(workers=1, shard_size=6))
    spark = run_batch([str(pages / "manifest.jsonl")], base / "spark",
                      BatchOptions(engine="spark", master="local[1]", shard_size=6))
    return pages, base, local, spark


def test_spark_writes_the_same_article_rows(both):
    _, base, local, spark = both
    assert spark["engine"] == "spark" and spark["parallelism"] == "local[1]"
    a = pq.read_table(base / "local" / "articles")
    b = pq.read_table(base / "spark" / "articles")
    assert a.schema.equals(b.schema)
    cols = [c for c in a.column_names if not c.startswith("dup_")]
    assert a.num_rows == b.num_rows > 50
    assert a.select(cols).sort_by("article_id").equals(b.select(cols).sort_by("article_id"))
    for key in ("pages", "pages_ok", "pages_failed", "articles", "unassigned_blocks"):
        assert local[key] == spark[key]


def test_spark_minhashlsh_finds_the_planted_copies(both):
    pages, base, _, spark = both
    result = measure(base / "spark", pages / "gold.jsonl")
    assert result["true_pairs"] >= 5
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95, result
    assert spark["duplicates"]["clusters"] >= 5


def test_spark_run_resumes_from_markers(both):
    pages, base, _, _ = both
    again = run_batch([str(pages / "manifest.jsonl")], base / "spark", BatchOptions(engine="spark", master="local[1]"))
    assert again["shards"]["processed_now"] == 0 and again["shards"]["resumed_from_markers"] == 4
