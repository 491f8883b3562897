"""A real `kill -9` of a running batch midway, then a rerun: 0 pages lost, 0 pages duplicated, and the
same articles as a run that was never interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from jianbao.batch.inputs import list_pages

from conftest import generate

SHARD = 5


def batch(pages: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "jianbao.cli", "batch", str(pages / "manifest.jsonl"), "-o", str(out),
            "--workers", "2", "--shard-size", str(SHARD), "-q"]


def children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_kill_9_midway_then_rerun_loses_and_duplicates_nothing(tmp_path):
    pages = generate(tmp_path / "gen", 200)
    out = tmp_path / "out"
    proc = subprocess.Popen(batch(pages, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    work = out / "_shards"
    deadline = time.time() + 240
    workers: list[int] = []
    while time.time() < deadline and len(list(work.glob("*.done"))) < 4:
        workers = children(proc.pid) or workers
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.02)
    workers = [w for w in children(proc.pid) or workers]
    os.kill(proc.pid, signal.SIGKILL)  # kill -9 the batch itself, as a person or the OOM killer would
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done_at_kill = len(list(work.glob("*.done")))
    total_shards = 200 // SHARD
    assert 4 <= done_at_kill < total_shards, "the run was not killed midway"
    assert not (out / "report.json").exists()
    # orphaned worker processes notice their parent is gone and stop within a page
    stop = time.time() + 30
    while any(alive(w) for w in workers) and time.time() < stop:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)

    rerun = subprocess.run(batch(pages, out), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["shards"]["resumed_from_markers"] >= done_at_kill
    assert report["shards"]["processed_now"] == total_shards - report["shards"]["resumed_from_markers"]

    expected = {r.page_id for r in list_pages([str(pages / "manifest.jsonl")])}
    ids = pq.read_table(out / "pages.parquet").column("page_id").to_pylist()
    assert len(ids) == len(expected) == 200  # 0 duplicated
    assert set(ids) == expected  # 0 lost
    articles = pq.read_table(out / "articles")
    art_ids = articles.column("article_id").to_pylist()
    assert len(art_ids) == len(set(art_ids))
    per_page = dict(zip(ids, pq.read_table(out / "pages.parquet").column("articles").to_pylist()))
    counted: dict[str, int] = {}
    for pid in articles.column("page_id").to_pylist():
        counted[pid] = counted.get(pid, 0) + 1
    assert all(counted.get(p, 0) == n for p, n in per_page.items())

    clean = tmp_path / "clean"
    subprocess.run(batch(pages, clean), check=True, capture_output=True, timeout=600)
    cols = articles.column_names
    assert articles.sort_by("article_id").equals(pq.read_table(clean / "articles").select(cols).sort_by("article_id"))
