"""Shards: the unit of work, of atomic output and of resume.

The pages of a run are cut, in listing order, into shards of ``shard_size`` pages.  ``OUT/_shards/``
holds the plan and, per shard ``NNNNN``:

- ``NNNNN.articles.parquet`` and ``NNNNN.pages.parquet`` — each written to a temporary name, fsynced,
  then renamed into place (the folder is fsynced too);
- ``NNNNN.done`` — the completion marker, a small JSON of the shard's counts, written the same way and
  only after both tables are in place.

A rerun trusts markers and nothing else: a shard with a marker is skipped, any other is done again from
its first page (its half-written files are simply replaced).  The plan records the page ids, so a rerun
over other inputs is refused instead of mixing two runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
import pyarrow.parquet as pq

from jianbao.batch.inputs import ManifestCache, PageRef
from jianbao.batch.rows import (PAGES, STAGING_ARTICLES, Limits, article_rows, classify, clip_ref, page_row,
                                safe, unassigned_roles)
from jianbao.errors import ConfigError, StoreError

PLAN_SCHEMA = "jianbao.batch/1"


@dataclass(frozen=True)
class Plan:
    refs: list[PageRef]
    shard_size: int

    @property
    def n_shards(self) -> int:
        return (len(self.refs) + self.shard_size - 1) // self.shard_size

    def shard(self, n: int) -> list[PageRef]:
        return self.refs[n * self.shard_size : (n + 1) * self.shard_size]

    def digest(self) -> str:
        h = hashlib.sha256(f"{self.shard_size}\n".encode())
        for ref in self.refs:
            h.update(ref.page_id.encode("utf-8", "surrogatepass") + b"\n")
        return h.hexdigest()


def work_dir(out: Path) -> Path:
    return out / "_shards"


def stored_plan(out: Path) -> dict[str, Any]:
    try:
        return json.loads((work_dir(out) / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def prepare(out: Path, plan: Plan) -> Path:
    """Create or reopen the run folder; refuse one that holds a run over other pages."""
    work = work_dir(out)
    work.mkdir(parents=True, exist_ok=True)
    plan_file = work / "plan.json"
    digest = plan.digest()
    if plan_file.exists():
        stored = stored_plan(out)
        if stored.get("digest") != digest:
            raise ConfigError(
                f"{out} holds a run over other pages ({stored.get('pages', '?')} pages in shards of "
                f"{stored.get('shard_size', '?')}; now {len(plan.refs)} in shards of {plan.shard_size}): "
                "give a new -o folder, or --fresh to start this one over")
    else:
        write_json(plan_file, {"schema": PLAN_SCHEMA, "pages": len(plan.refs), "shard_size": plan.shard_size,
                               "shards": plan.n_shards, "digest": digest})
    for stale in [*work.glob(".*.tmp-*"), *work.glob("*.current")]:  # left by a killed run
        stale.unlink(missing_ok=True)
    return work


def names(work: Path, n: int) -> tuple[Path, Path, Path]:
    stem = f"{n:05d}"
    return work / f"{stem}.articles.parquet", work / f"{stem}.pages.parquet", work / f"{stem}.done"


def marker(work: Path, n: int) -> dict[str, Any] | None:
    path = names(work, n)[2]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def pending(work: Path, plan: Plan) -> list[int]:
    return [n for n in range(plan.n_shards) if marker(work, n) is None]


# -- atomic files --------------------------------------------------------------------------------
def _commit(tmp: Path, path: Path) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def write_table(path: Path, table: pa.Table) -> None:
    tmp = _tmp(path)
    pq.write_table(table, tmp, compression="zstd")
    _commit(tmp, path)


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = _tmp(path)
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _commit(tmp, path)


def write_text_lines(path: Path, lines: Any) -> None:
    tmp = _tmp(path)
    with open(tmp, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")
    _commit(tmp, path)


# -- running a shard --------------------------------------------------------------------------------
@dataclass
class ShardRunner:
    """What a worker process keeps between shards: the stage list (and so the language model), the
    limits, and the manifest cache.  ``parent`` is the pid whose death should stop this worker."""

    limits: Limits
    signatures: bool = True
    describe: bool = True
    parent: int | None = None
    steps: list = field(default_factory=list)
    cache: ManifestCache = field(default_factory=ManifestCache)

    def load(self) -> "ShardRunner":
        from jianbao.lm.model import default_lm
        from jianbao.pipeline import default_steps

        self.steps = default_steps(describe=self.describe)
        default_lm()  # once per worker process
        return self

    def run(self, work: Path, n: int, refs: list[PageRef], tick: Callable[[int], None] | None = None,
            poison: dict[str, str] | None = None) -> dict[str, Any]:
        """Cut the shard's pages, write its tables atomically, then its marker; return the marker."""
        from jianbao.batch.dedup import signature

        if not self.steps:
            self.load()
        poison = poison or {}
        start, cpu = time.perf_counter(), time.process_time()
        articles: list[pa.Table] = []
        pages: list[dict[str, Any]] = []
        counts: dict[str, Any] = {"shard": n, "pages": len(refs), "ok": 0, "failed": 0, "failed_by_kind": {},
                                  "articles": 0, "blocks": 0, "unassigned": 0, "unassigned_by_role": {}}
        current = work / f"{n:05d}.current"
        for ref in refs:
            if self.parent is not None and os.getppid() != self.parent:
                os._exit(3)  # the run was killed: an orphan must not race the rerun
            current.write_text(safe(ref.page_id) or "", encoding="utf-8")
            page, failure = None, None
            if ref.page_id in poison:
                failure = ("internal: worker died", poison[ref.page_id])
            else:
                try:
                    page = clip_ref(ref, self.steps, self.limits, self.cache)
                    rows = article_rows(ref, page)
                    for row in rows:
                        row["minhash"] = signature(row["text"]) if self.signatures else None
                    table = pa.Table.from_pylist(rows, schema=STAGING_ARTICLES)  # fails here, not at the write
                except Exception as exc:  # noqa: BLE001 — isolation: no page stops the run
                    page, failure = None, classify(exc)
            if page is not None:
                articles.append(table)
                counts["ok"] += 1
                counts["articles"] += table.num_rows
                counts["blocks"] += len(page.blocks)
                for role, k in unassigned_roles(page).items():
                    counts["unassigned"] += k
                    counts["unassigned_by_role"][role] = counts["unassigned_by_role"].get(role, 0) + k
            else:
                counts["failed"] += 1
                kind = safe(failure[0]) or "?"  # type: ignore[index]
                counts["failed_by_kind"][kind] = counts["failed_by_kind"].get(kind, 0) + 1
            pages.append(page_row(ref, n, page, failure))
            if tick:
                tick(1)
        art_path, page_path, done_path = names(work, n)
        try:
            write_table(art_path, pa.concat_tables(articles) if articles else STAGING_ARTICLES.empty_table())
            write_table(page_path, pa.Table.from_pylist(pages, schema=PAGES))
            counts["seconds"] = round(time.perf_counter() - start, 3)
            counts["cpu_seconds"] = round(time.process_time() - cpu, 3)  # this worker's CPU on the shard
            write_json(done_path, counts)
            current.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"{work}: cannot write shard {n} ({exc.strerror or exc}): free some space or fix "
                             "the permissions, then rerun to resume") from None
        return counts
