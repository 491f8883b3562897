"""Files and folders → the archive: read, clip, store; skip what is already there (by sha256).

Clipping may run in worker processes (``workers``) while this process checks each file against the
archive before it is clipped and stores the clipped pages in the files' order, a few pages a transaction
(each in a savepoint of its own, so a page that cannot be stored is reported and the others are kept).

Each file's issue date comes from ``--date`` or from eight digits in its name (``rmrb-20190201-01.txt`` →
2019-02-01); its paper from ``--paper`` or the letters before those digits (``rmrb``).  A file that fails
is counted with its reason and the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from jianbao.errors import InputError, JianbaoError
from jianbao.model import Page
from jianbao.store.archive import Archive, sha256

TEXT_SUFFIXES = {".txt", ".text", ".dump"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES
_NAME_DATE = re.compile(r"(?:^|[^0-9])((?:18|19|20)\d{2})[-_]?([01]\d)[-_]?([0-3]\d)(?:[^0-9]|$)")
_NAME_PAPER = re.compile(r"^([A-Za-z][A-Za-z]+)[-_]")


@dataclass
class IngestReport:
    files: int = 0
    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def page_files(paths: Iterable[str | Path]) -> list[Path]:
    """The page files named, folders walked recursively (hidden files skipped), in a stable order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                              and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            out.append(path)
    return out


def name_date(name: str) -> str | None:
    m = _NAME_DATE.search(name)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def name_paper(name: str) -> str | None:
    m = _NAME_PAPER.match(name)
    return m.group(1).lower() if m else None


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return "pdf" if suffix in PDF_SUFFIXES else "image" if suffix in IMAGE_SUFFIXES else "text"


#: with ``workers=0`` (auto), a run of at least this many files clips on every CPU; fewer, in this process
AUTO_PARALLEL = 50
#: results stored in one transaction (at most; each page still in its own savepoint)
GROUP = 16
#: files handed to each worker ahead of the one it clips: enough that the workers never run dry while this
#: process stores a group (storing a page costs about half of clipping one)
AHEAD = 16


def _reason(path: Path, exc: Exception) -> str:
    """What went wrong with a file, without the file's name in front (the report puts it beside)."""
    return str(exc).removeprefix(f"{path}: ")


def clip_file(path: Path, day: str | None, describe: bool) -> tuple[Page | None, str | None]:
    """Clip one file: (page, None), or (None, why not)."""
    from jianbao.pipeline import clip

    try:
        return clip(path, date=day, describe=describe), None
    except JianbaoError as exc:
        return None, _reason(path, exc)
    except (OSError, ImportError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def _start_worker(describe: bool) -> None:
    """A clipping process: load the stages and their models once (a one-line page clips them in)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    from jianbao.pipeline import clip

    clip("热烈庆祝。", describe=describe)


def _context() -> mp.context.BaseContext:
    """Workers are forked from a fork server that loaded the stages and their models once (``warm``), so
    a worker starts at once instead of loading them again (~1.5 s of CPU each); where there is no fork
    server (Windows), each worker is a fresh process that loads them itself."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["jianbao.store.warm"])
    return ctx


def _pool(workers: int, describe: bool) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_start_worker,
                               initargs=(describe,))


def ingest(archive: Archive, paths: Iterable[str | Path], *, paper: str | None = None, date: str | None = None,
           describe: bool = True, by: str = "machine", workers: int = 1,
           progress: Callable[[Path], None] | None = None) -> IngestReport:
    """Clip and store ``paths``; ``workers`` processes clip (1: this one; 0: every CPU for a run of
    :data:`AUTO_PARALLEL` files or more) while this process checks for duplicates and writes the
    archive, keeping the files' order."""
    files = page_files(paths)
    if workers == 0:
        workers = (os.cpu_count() or 1) if len(files) >= AUTO_PARALLEL else 1
    report = IngestReport()
    pool = _pool(workers, describe) if workers > 1 else None
    pending: deque[tuple[Path, bytes, str | None, Future | tuple]] = deque()
    suspects: dict[Path, int] = {}

    def restart() -> None:
        """A worker died (killed for memory, a crash in native code): start the pool again and clip
        again what was not clipped; a file on hand when workers died twice is reported, not retried."""
        nonlocal pool
        assert pool is not None
        pool.shutdown(wait=True, cancel_futures=True)
        pool = _pool(workers, describe)
        for k, (path, data, day, job) in enumerate(pending):
            if isinstance(job, Future) and (job.cancelled() or job.exception() is not None):
                suspects[path] = suspects.get(path, 0) + 1
                job = ((None, "internal: the clipping process died twice on this file (out of memory, or a "
                               "crash in native code)") if suspects[path] >= 2
                       else pool.submit(clip_file, path, day, describe))
                pending[k] = (path, data, day, job)

    def store(batch: list[tuple[Path, bytes, str | None, Page | None, str | None]]) -> None:
        with archive.transaction():
            for path, data, day, page, reason in batch:
                if page is None:
                    report.failures.append((str(path), reason or "not clipped"))
                    continue
                try:
                    with archive.savepoint():
                        added = archive.add_page(page, data=data, path=str(path), kind=kind_of(path),
                                                 paper=paper or name_paper(path.name), date=day, by=by)
                except JianbaoError as exc:
                    report.failures.append((str(path), _reason(path, exc)))
                    continue
                if added.duplicate:
                    report.duplicates += 1
                else:
                    report.pages += 1
                    report.articles += added.articles
        if progress is not None:
            for path, *_ in batch:
                progress(path)

    def drain(block: bool) -> None:
        """Store the clipped pages at the front of the queue (waiting for the first if ``block``)."""
        batch = []
        while pending and len(batch) < GROUP:
            path, data, day, job = pending[0]
            if isinstance(job, Future):
                if not (block and not batch) and not job.done():
                    break
                try:
                    job = job.result()
                except BrokenProcessPool:
                    restart()
                    continue
            pending.popleft()
            batch.append((path, data, day, *job))
        if batch:
            store(batch)

    try:
        for path in files:
            report.files += 1
            try:
                if not path.exists():
                    raise InputError(str(path), "no such file", "check the path")
                data = path.read_bytes()
            except (JianbaoError, OSError) as exc:
                report.failures.append((str(path), _reason(path, exc)))
                if progress is not None:
                    progress(path)
                continue
            if archive.has_source(sha256(data)) is not None:
                report.duplicates += 1
                if progress is not None:
                    progress(path)
                continue
            day = date or name_date(path.name)
            if pool is None:
                job: Future | tuple = clip_file(path, day, describe)
            else:
                try:
                    job = pool.submit(clip_file, path, day, describe)
                except BrokenProcessPool:  # a worker died since the last result was taken
                    restart()
                    job = pool.submit(clip_file, path, day, describe)
            pending.append((path, data, day, job))
            while len(pending) >= (AHEAD * workers if pool else 1):
                drain(block=True)
        while pending:
            drain(block=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return report
