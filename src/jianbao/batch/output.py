"""The run's final tables, made from the finished shards once every shard has its marker.

::

    OUT/articles/part-NNNNN.parquet   one row per article (schema rows.ARTICLES), one part per shard
    OUT/pages.parquet                 one row per page: ok or failed, with counts (schema rows.PAGES)
    OUT/errors.parquet                the failed pages with their reasons (schema rows.ERRORS)
    OUT/articles.jsonl                with --jsonl: the article rows, elements and about as JSON
    OUT/report.json                   the run report (report.py)

Every file is written to a temporary name and renamed, so a run killed here leaves the previous
version or the new one, never half a file; a rerun simply writes them again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jianbao.batch.rows import ARTICLES, ERRORS, PAGES
from jianbao.batch.shards import Plan, _commit, _tmp, names, write_table, write_text_lines


def signatures(work: Path, plan: Plan) -> Iterator[tuple[str, bytes | None]]:
    """(article id, MinHash signature) of every article of the run, shard by shard."""
    for n in range(plan.n_shards):
        t = pq.read_table(names(work, n)[0], columns=["article_id", "minhash"])
        yield from zip(t.column("article_id").to_pylist(), t.column("minhash").to_pylist())


def staging_article_files(work: Path, plan: Plan) -> list[str]:
    return [str(names(work, n)[0]) for n in range(plan.n_shards)]


def finalize(out: Path, work: Path, plan: Plan, dup: dict[str, tuple[str, int]], jsonl: bool) -> dict:
    """Write the final tables; return their counts."""
    art_dir = out / "articles"
    art_dir.mkdir(parents=True, exist_ok=True)
    wanted = {f"part-{n:05d}.parquet" for n in range(plan.n_shards)}
    for old in art_dir.glob("part-*.parquet"):
        if old.name not in wanted:
            old.unlink()
    articles = in_clusters = 0
    for n in range(plan.n_shards):
        t = pq.read_table(names(work, n)[0]).drop_columns(["minhash"])
        ids = t.column("article_id").to_pylist()
        found = [dup.get(i, (i, 1)) for i in ids]
        t = t.append_column("dup_cluster", pa.array([c for c, _ in found], pa.string()))
        t = t.append_column("dup_size", pa.array([s for _, s in found], pa.int32()))
        write_table(art_dir / f"part-{n:05d}.parquet", t.cast(ARTICLES))
        articles += t.num_rows
        in_clusters += sum(1 for _, s in found if s > 1)
    pages = _concat(work, plan, 1, PAGES, out / "pages.parquet")
    failed = pages.filter(pc.equal(pages.column("status"), "failed"))
    write_table(out / "errors.parquet", failed.select(ERRORS.names).cast(ERRORS))
    if jsonl:
        write_text_lines(out / "articles.jsonl", _jsonl_lines(art_dir, plan))
    elif (out / "articles.jsonl").exists():
        (out / "articles.jsonl").unlink()
    return {"articles": articles, "dup_clusters": len({c for c, _ in dup.values()}),
            "articles_in_dup_clusters": in_clusters, "pages_table_rows": pages.num_rows,
            "errors_table_rows": failed.num_rows}


def _concat(work: Path, plan: Plan, which: int, schema: pa.Schema, path: Path) -> pa.Table:
    tables = [pq.read_table(names(work, n)[which]).cast(schema) for n in range(plan.n_shards)]
    table = pa.concat_tables(tables) if tables else schema.empty_table()
    tmp = _tmp(path)
    pq.write_table(table, tmp, compression="zstd")
    _commit(tmp, path)
    return table


def _jsonl_lines(art_dir: Path, plan: Plan) -> Iterator[str]:
    for n in range(plan.n_shards):
        for row in pq.read_table(art_dir / f"part-{n:05d}.parquet").to_pylist():
            row["elements"] = json.loads(row["elements"])
            if row["about"] is not None:
                row["about"] = json.loads(row["about"])
            else:
                del row["about"]
            yield json.dumps(row, ensure_ascii=False)
