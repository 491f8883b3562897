"""The Spark engine: the same shards, the same stage list, the same files — run by Spark executors.

The driver lists the pages (inputs.py) and makes a DataFrame of page references, one row per page with
its shard number, range-partitioned by shard.  ``mapInPandas`` hands each Python worker its partition; the
worker cuts every shard in it with :class:`~jianbao.batch.shards.ShardRunner` — the stage list of
:func:`jianbao.pipeline.default_steps`, loaded once per Python worker (Spark reuses them) — and writes the
shard's tables and marker itself, exactly as a local worker does.  So a killed Spark run resumes from
the markers too, and the final tables are made by the same code (output.py).  ``OUT`` and the pages must
therefore be on a filesystem every executor sees (see docs/scale.md).

Near duplicates use Spark's ``MinHashLSH`` for the hashing (126 hash functions over the article's
character 4-grams, HashingTF with binary counts) and band them 42 × 3 like the local path (dedup.py);
Spark's own ``approxSimilarityJoin`` only OR-amplifies, which makes every shared hash a candidate.
"""

from __future__ import annotations

import os
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from jianbao.batch import dedup
from jianbao.batch.inputs import PageRef
from jianbao.batch.rows import Limits
from jianbao.batch.shards import Plan, ShardRunner, marker
from jianbao.errors import ConfigError, StoreError

REF_DDL = ("shard int, page_id string, source string, kind string, location string, row long, offset long, "
           "paper string, date string, page int, problem string")
SUMMARY_DDL = "shard int, pages int, ok int, failed int, articles int, seconds double"
_RUNNER: ShardRunner | None = None


def session(master: str | None, app: str = "jianbao-batch") -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("--engine spark needs pyspark: pip install 'jianbao[spark]' (and Java 17+)") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).config("spark.ui.showConsoleProgress", "false")
    if master:  # None: the master spark-submit was given, else Spark's default, local[*]
        builder = builder.master(master)
    if not master or master.startswith("local"):
        # only takes effect when this process starts the JVM (not under spark-submit)
        builder = builder.config("spark.driver.memory", "4g")
    if master and master.startswith("local"):
        builder = builder.config("spark.ui.enabled", "false")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Java missing, bad master URL …
        raise ConfigError(f"Spark did not start ({str(exc).splitlines()[0][:200]}): is Java 17+ installed?") from None
    spark.sparkContext.setLogLevel("ERROR")
    if spark.sparkContext.master.startswith("local"):
        spark.conf.set("spark.sql.shuffle.partitions", "8")
    return spark


def _cut_partition(batches: Iterator[Any], work: str, limits: Limits, describe: bool) -> Iterator[Any]:
    """mapInPandas body: cut every shard of this partition, write its files, yield its counts."""
    global _RUNNER
    if _RUNNER is None or _RUNNER.limits != limits or _RUNNER.describe != describe:
        _RUNNER = ShardRunner(limits, signatures=False, describe=describe).load()
    frames = [f for f in batches if len(f)]
    if not frames:
        return
    pages = pd.concat(frames, ignore_index=True)
    for shard, group in pages.groupby("shard", sort=True):
        refs = [_ref(row) for row in group.to_dict("records")]
        m = _RUNNER.run(Path(work), int(shard), refs)
        yield pd.DataFrame([{"shard": int(shard), "pages": m["pages"], "ok": m["ok"], "failed": m["failed"],
                             "articles": m["articles"], "seconds": float(m["seconds"])}])


def _ref(row: dict[str, Any]) -> PageRef:
    def opt(v: Any) -> Any:
        return None if v is None or v != v else v  # NaN → None

    page = opt(row["page"])
    return PageRef(page_id=row["page_id"], source=row["source"], kind=row["kind"], location=row["location"],
                   row=int(row["row"]), offset=int(row["offset"]), paper=opt(row["paper"]), date=opt(row["date"]),
                   page=int(page) if page is not None else None, problem=opt(row["problem"]))


def run_spark(spark: Any, work: Path, plan: Plan, todo: list[int], *, limits: Limits, describe: bool = True,
              progress: Any = None) -> None:
    if not todo:
        return
    records = []
    for n in todo:
        for ref in plan.shard(n):
            records.append({"shard": n, "page_id": ref.page_id, "source": ref.source, "kind": ref.kind,
                            "location": ref.location, "row": ref.row, "offset": ref.offset, "paper": ref.paper,
                            "date": ref.date, "page": ref.page, "problem": ref.problem})
    pages = spark.createDataFrame(pd.DataFrame.from_records(records), schema=REF_DDL)
    pages = pages.repartitionByRange(len(todo), "shard")
    body = partial(_cut_partition, work=str(work.absolute()), limits=limits, describe=describe)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(work, plan, progress, stop), daemon=True)
    watcher.start()
    try:
        pages.mapInPandas(body, schema=SUMMARY_DDL).collect()
    except Exception as exc:  # a failed Spark job: say so in one line (--debug shows the Java side)
        first = next((ln for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
        raise StoreError(f"the Spark job failed ({first[:300]}); finished shards are kept: rerun to resume") from exc
    finally:
        stop.set()
        watcher.join()


def _watch(work: Path, plan: Plan, progress: Any, stop: threading.Event) -> None:
    """Executors write markers; the progress bar follows them."""
    while progress is not None:
        done = sum(len(plan.shard(n)) for n in range(plan.n_shards) if marker(work, n) is not None)
        progress.set_done(done)
        if stop.wait(0.5):
            done = sum(len(plan.shard(n)) for n in range(plan.n_shards) if marker(work, n) is not None)
            progress.set_done(done)
            return


def _grams(texts: pd.Series) -> pd.Series:
    return texts.map(dedup.shingles)


def spark_pairs(spark: Any, files: list[str], threshold: float = dedup.THRESHOLD) -> list[tuple[str, str]]:
    """Duplicate article pairs with Spark's MinHashLSH hashes, banded, then checked on all hashes."""
    from pyspark.ml.feature import HashingTF, MinHashLSH
    from pyspark.ml.functions import vector_to_array
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    n_hash = dedup.BANDS * dedup.ROWS

    grams = pandas_udf(_grams, "array<string>")
    articles = (spark.read.parquet(*files).select("article_id", "text")
                .withColumn("grams", grams("text")).filter(F.size("grams") > 0))
    features = HashingTF(inputCol="grams", outputCol="features", numFeatures=1 << 22, binary=True)
    vectors = features.transform(articles).select("article_id", "features")
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=n_hash, seed=dedup.SEED).fit(vectors)
    hashed = model.transform(vectors).select(
        "article_id", F.transform("hashes", lambda v: vector_to_array(v)[0]).alias("h")).cache()
    bands = F.array(*[F.struct(F.lit(b).alias("band"),
                               F.array(*[F.col("h")[b * dedup.ROWS + r] for r in range(dedup.ROWS)]).alias("key"))
                      for b in range(dedup.BANDS)])
    keyed = hashed.select("article_id", F.explode(bands).alias("bk")).select(
        "article_id", F.col("bk.band").alias("band"), F.col("bk.key").alias("key"))
    a, b = keyed.alias("a"), keyed.alias("b")
    candidates = (a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key"))
                         & (F.col("a.article_id") < F.col("b.article_id")))
                  .select(F.col("a.article_id").alias("x"), F.col("b.article_id").alias("y")).distinct())
    ha, hb = hashed.alias("ha"), hashed.alias("hb")
    checked = (candidates.join(ha, F.col("x") == F.col("ha.article_id"))
               .join(hb, F.col("y") == F.col("hb.article_id"))
               .select("x", "y", (F.size(F.filter(F.arrays_zip(F.col("ha.h").alias("p"), F.col("hb.h").alias("q")),
                                                  lambda z: z["p"] == z["q"])) / F.lit(n_hash)).alias("sim"))
               .filter(F.col("sim") >= threshold))
    pairs = [(r["x"], r["y"]) for r in checked.collect()]
    hashed.unpersist()
    return pairs
