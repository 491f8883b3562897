"""A batch run from start to finish: list → plan → cut the shards → find duplicates → final tables → report.

:func:`run_batch` is the library entry point; ``jianbao batch`` (commands.py) is a thin layer over it.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jianbao.batch import dedup, report
from jianbao.batch.inputs import DEFAULT_MAX_BYTES, list_pages
from jianbao.batch.output import finalize, signatures, staging_article_files
from jianbao.batch.rows import Limits
from jianbao.batch.shards import Plan, marker, pending, prepare, stored_plan
from jianbao.errors import ConfigError

#: what a run leaves in OUT (and what --fresh removes; nothing else there is touched)
DEFAULT_SHARD_SIZE = 500
RUN_FILES = ("_shards", "articles", "pages.parquet", "errors.parquet", "articles.jsonl", "report.json")


@dataclass(frozen=True)
class BatchOptions:
    engine: str = "local"  # local | spark
    workers: int = 1
    master: str | None = None  # Spark: None = spark-submit's master, else local[*]
    shard_size: int | None = None  # None: the earlier run's, or chosen from the page count
    limits: Limits = field(default_factory=lambda: Limits(max_bytes=DEFAULT_MAX_BYTES))
    describe: bool = True
    dedup: bool = True
    jsonl: bool = False
    fresh: bool = False


def run_batch(inputs: list[str], out: Path, opts: BatchOptions, progress: Any = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    if opts.engine not in ("local", "spark"):
        raise ConfigError(f"--engine {opts.engine!r}: choose local or spark")
    if (opts.shard_size is not None and opts.shard_size < 1) or opts.workers < 1:
        raise ConfigError("--shard-size and --workers must be at least 1")
    refs = list_pages(inputs)
    if not refs:
        raise ConfigError("the inputs name no page: give folders, files, globs or manifests with pages in them")
    if opts.fresh:
        for name in RUN_FILES:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    # a new run: about 64 shards, at least 10 and at most DEFAULT_SHARD_SIZE pages each
    shard_size = (opts.shard_size or stored_plan(out).get("shard_size")
                  or min(DEFAULT_SHARD_SIZE, max(10, -(-len(refs) // 64))))
    plan = Plan(refs, int(shard_size))
    work = prepare(out, plan)
    todo = pending(work, plan)
    if progress is not None:
        progress.start(len(refs), sum(len(plan.shard(n)) for n in range(plan.n_shards) if n not in set(todo)))
    spark = None
    if opts.engine == "spark":  # the session starts before the clock: a fixed cost, not per page
        from jianbao.batch.spark import session

        spark = session(opts.master)
    t1 = time.perf_counter()
    if opts.engine == "local":
        from jianbao.batch.local import run_local

        run_local(work, plan, todo, workers=opts.workers, limits=opts.limits, describe=opts.describe,
                  progress=progress)
        parallel = f"{opts.workers} worker{'s' if opts.workers > 1 else ''}"
    else:
        from jianbao.batch.spark import run_spark

        run_spark(spark, work, plan, todo, limits=opts.limits, describe=opts.describe, progress=progress)
        parallel = spark.sparkContext.master
    t2 = time.perf_counter()
    missing = [n for n in range(plan.n_shards) if marker(work, n) is None]
    if missing:
        raise ConfigError(f"{len(missing)} shards have no completion marker after the run; rerun to resume")
    if progress is not None:
        progress.stage("finding duplicates")
    pairs: list[tuple[str, str]] = []
    if opts.dedup:
        if spark is not None:
            from jianbao.batch.spark import spark_pairs

            pairs = spark_pairs(spark, staging_article_files(work, plan))
        else:
            pairs = dedup.local_pairs(signatures(work, plan))
    clusters = dedup.clusters(pairs)
    t3 = time.perf_counter()
    if progress is not None:
        progress.stage("writing tables")
    final = finalize(out, work, plan, clusters, opts.jsonl)
    rep = report.build(work, plan, engine=opts.engine, parallel=parallel, processed_shards=todo,
                       process_seconds=t2 - t1, dedup_seconds=t3 - t2, total_seconds=time.perf_counter() - t0,
                       final=final, inputs=list(inputs))
    report.write(out, rep)
    return rep
