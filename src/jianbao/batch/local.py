"""The local executor: shards over ``--workers N`` processes, each running the same stage list.

Each worker process loads the stage list (and with it the language model) once, in its initializer,
then takes shards one at a time.  Workers report every page through a queue, for the progress bar.

If a worker process dies (killed by the kernel for memory, or a crash in native code), the pool is
started again and the unfinished shards resubmitted; the page each dying worker was on is a suspect, and
a page suspected twice is recorded as failed ("internal: worker died") instead of being run a third time.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as queue_mod
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from jianbao.batch.rows import Limits
from jianbao.batch.shards import Plan, ShardRunner, marker
from jianbao.errors import JianbaoError

_RUNNER: ShardRunner | None = None
_TICKS: Any = None
MAX_RESTARTS = 100


def _start_worker(limits: Limits, signatures: bool, describe: bool, parent: int, ticks: Any) -> None:
    global _RUNNER, _TICKS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _RUNNER = ShardRunner(limits, signatures=signatures, describe=describe, parent=parent).load()
    _TICKS = ticks


def _run_shard(work: Path, n: int, refs: list, poison: dict[str, str]) -> dict[str, Any]:
    assert _RUNNER is not None
    return _RUNNER.run(work, n, refs, tick=_TICKS.put, poison=poison)


class NoProgress:
    def advance(self, k: int) -> None:
        pass

    def set_done(self, k: int) -> None:
        pass


def run_local(work: Path, plan: Plan, todo: list[int], *, workers: int, limits: Limits, describe: bool = True,
              progress: Any = None) -> None:
    """Run the shards ``todo``; each writes its own tables and marker."""
    progress = progress or NoProgress()
    ctx = mp.get_context("spawn")
    ticks = ctx.Queue()
    suspects: dict[str, int] = {}
    left = list(todo)
    restarts = 0
    while left:
        poison = {pid: "internal: worker died — the worker process died twice on this page "
                       "(out of memory, or a crash in native code)"
                  for pid, k in suspects.items() if k >= 2}
        pool = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=ctx, initializer=_start_worker,
                                   initargs=(limits, True, describe, os.getpid(), ticks))
        try:
            futures = {pool.submit(_run_shard, work, n, plan.shard(n),
                                   {p.page_id: poison[p.page_id] for p in plan.shard(n) if p.page_id in poison}): n
                       for n in left}
            broken = _drain(futures, ticks, progress)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        _drain_ticks(ticks, progress)
        left = [n for n in left if marker(work, n) is None]
        if not broken:
            if left:
                raise JianbaoError(f"{len(left)} shards finished without a marker: see the worker errors above")
            return
        restarts += 1
        if restarts > MAX_RESTARTS:
            raise JianbaoError(f"worker processes died {restarts} times: giving up (the finished shards are kept; "
                               "rerun to resume)")
        found = 0
        for n in left:
            current = work / f"{n:05d}.current"
            if current.exists():
                pid = current.read_text(encoding="utf-8").strip()
                suspects[pid] = suspects.get(pid, 0) + 1
                current.unlink()
                found += 1
        if not found:
            raise JianbaoError("the worker processes died before cutting a page (see the errors above); "
                               "try --workers 1")
        progress.set_done(sum(len(plan.shard(n)) for n in range(plan.n_shards) if marker(work, n) is not None))


def _drain(futures: dict, ticks: Any, progress: Any) -> bool:
    """Wait for the shards, feeding the progress bar; True when the pool broke."""
    waiting = set(futures)
    while waiting:
        done, waiting = wait(waiting, timeout=0.2, return_when=FIRST_COMPLETED)
        _drain_ticks(ticks, progress)
        for fut in done:
            try:
                fut.result()
            except BrokenProcessPool:
                return True
    return False


def _drain_ticks(ticks: Any, progress: Any) -> None:
    while True:
        try:
            progress.advance(ticks.get_nowait())
        except queue_mod.Empty:
            return
