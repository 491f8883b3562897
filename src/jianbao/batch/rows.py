"""One page through the stages, and the rows it leaves: its articles, and its line in the pages table.

:func:`clip_ref` is the only place a batch runs the stages — with the list it is given, which is always
:func:`jianbao.pipeline.default_steps` — so ``clip``, the local executor and Spark cut pages the same way.
Failures never escape: a :class:`~jianbao.errors.JianbaoError` becomes the page's reason; anything else
is a bug and is recorded as ``internal: …`` with where it was raised.
"""

from __future__ import annotations

import json
import re
import signal
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import pyarrow as pa

from jianbao.batch.inputs import ManifestCache, PageRef, load_bytes
from jianbao.errors import InputError, JianbaoError, StageError
from jianbao.model import Page

ARTICLE_FIELDS = [
    pa.field("page_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("paper", pa.string()),
    pa.field("date", pa.string()),
    pa.field("page", pa.int32()),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("article", pa.string(), nullable=False),
    pa.field("headline", pa.string()),
    pa.field("text", pa.string(), nullable=False),
    pa.field("elements", pa.string(), nullable=False),  # JSON: [{"role", "text", "blocks"}, …]
    pa.field("continues", pa.bool_(), nullable=False),
    pa.field("about", pa.string()),  # JSON, when the describe stage ran
]
#: staging rows carry the MinHash signature (local dedup); final rows carry the duplicate cluster
STAGING_ARTICLES = pa.schema(ARTICLE_FIELDS + [pa.field("minhash", pa.binary())])
ARTICLES = pa.schema(ARTICLE_FIELDS + [pa.field("dup_cluster", pa.string(), nullable=False),
                                       pa.field("dup_size", pa.int32(), nullable=False)])
PAGES = pa.schema([
    pa.field("page_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("paper", pa.string()),
    pa.field("date", pa.string()),
    pa.field("page", pa.int32()),
    pa.field("shard", pa.int32(), nullable=False),
    pa.field("status", pa.string(), nullable=False),  # ok | failed
    pa.field("blocks", pa.int32(), nullable=False),
    pa.field("articles", pa.int32(), nullable=False),
    pa.field("unassigned", pa.int32(), nullable=False),
    pa.field("kind", pa.string()),  # the reason with its numbers folded, for counting
    pa.field("reason", pa.string()),  # the full message
])
ERRORS = pa.schema([PAGES.field(n) for n in ("page_id", "source", "paper", "date", "page", "kind", "reason")])


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_blocks: int = 1000
    page_timeout: float = 120.0  # seconds in the stages; 0 = none


class PageTimeout(StageError):
    def __init__(self, source: str, seconds: float) -> None:
        self.source = source
        self.reason = f"the stages took more than {seconds:g} s on this page (raise --page-timeout)"
        super().__init__(f"{source}: {self.reason}")


def classify(exc: BaseException) -> tuple[str, str]:
    """(kind, reason) of a failure.  The kind folds numbers so that failures count by what went wrong."""
    if isinstance(exc, (InputError, PageTimeout)):
        return _fold(exc.reason), str(exc)
    if isinstance(exc, JianbaoError):
        return _fold(f"{type(exc).__name__}: {exc}"), f"{type(exc).__name__}: {exc}"
    where = ""
    tb = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    if tb:
        where = f" (at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno})"
    name = type(exc).__name__
    return f"internal: {name}", f"internal: {name}: {str(exc)[:300]}{where}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe(text: str | None) -> str | None:
    """A string Parquet can hold: lone surrogates (from undecodable file names) become U+FFFD."""
    if text is None or not _SURROGATE.search(text):
        return text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _fold(text: str) -> str:
    """Fold what varies from page to page (quoted values, counts) so failures count by kind;
    numbers inside names (utf-8, GB18030) stay."""
    text = re.sub(r"'[^']*'", "'…'", text)
    return re.sub(r"(?<![A-Za-z0-9-])\d+", "N", text)[:200]


def read_ref(ref: PageRef, limits: Limits, cache: ManifestCache) -> Page:
    from jianbao.read import IMAGE_SUFFIXES, PDF_SUFFIXES, read_page
    from jianbao.read.text import decode, page_from_text

    data = load_bytes(ref, limits.max_bytes, cache)
    if ref.kind == "file" and ref.location.lower().endswith(tuple(IMAGE_SUFFIXES | PDF_SUFFIXES)):
        page = read_page(ref.location, date=ref.date)
    else:
        text = decode(data, ref.source) if isinstance(data, bytes) else data
        if _SURROGATE.search(text):
            raise InputError(ref.source, "the text has lone surrogates: it is not valid Unicode",
                             "fix the manifest row's text")
        if not text.strip():
            raise InputError(ref.source, "the page is empty", "give a text dump with at least one block")
        page = page_from_text(text, source=ref.source, date=ref.date)
    if len(page.blocks) > limits.max_blocks:
        raise InputError(ref.source, f"oversized: {len(page.blocks)} blocks, more than the cap of "
                         f"{limits.max_blocks} blocks a page", "raise --max-blocks if this really is one page")
    return page


def clip_ref(ref: PageRef, steps: Sequence[Callable[[Page], Page]], limits: Limits,
             cache: ManifestCache) -> Page:
    from jianbao.pipeline import run_steps

    page = read_ref(ref, limits, cache)
    with _deadline(limits.page_timeout, ref.source):
        return run_steps(page, steps)


class _deadline:
    """Raise :class:`PageTimeout` in the stages after ``seconds`` (main thread only; else no limit)."""

    def __init__(self, seconds: float, source: str) -> None:
        self.seconds, self.source = seconds, source
        self.armed = seconds > 0 and threading.current_thread() is threading.main_thread()

    def _fire(self, signum: int, frame: Any) -> None:
        raise PageTimeout(self.source, self.seconds)

    def __enter__(self) -> None:
        if self.armed:
            self.old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)


def article_rows(ref: PageRef, page: Page) -> list[dict[str, Any]]:
    rows = []
    for art in page.articles or ():
        elements = [page.element_json(el) for el in art.elements]
        rows.append({
            "page_id": safe(ref.page_id),
            "source": safe(ref.source),
            "paper": safe(ref.paper),
            "date": ref.date,
            "page": ref.page,
            "article_id": safe(f"{ref.page_id}-{art.id}"),
            "article": art.id,
            "headline": page.headline(art),
            "text": page.article_text(art),
            "elements": json.dumps(elements, ensure_ascii=False),
            "continues": bool(art.continues),
            "about": json.dumps(art.about, ensure_ascii=False, default=str) if art.about is not None else None,
        })
    return rows


def page_row(ref: PageRef, shard: int, page: Page | None, failure: tuple[str, str] | None) -> dict[str, Any]:
    ok = page is not None
    return {
        "page_id": safe(ref.page_id), "source": safe(ref.source), "paper": safe(ref.paper), "date": ref.date,
        "page": ref.page, "shard": shard,
        "status": "ok" if ok else "failed",
        "blocks": len(page.blocks) if ok else 0,
        "articles": len(page.articles or ()) if ok else 0,
        "unassigned": sum(len(el.blocks) for el in page.unassigned) if ok else 0,
        "kind": None if ok else safe(failure[0]),  # type: ignore[index]
        "reason": None if ok else safe(failure[1]),  # type: ignore[index]
    }


def unassigned_roles(page: Page) -> dict[str, int]:
    out: dict[str, int] = {}
    for el in page.unassigned:
        out[el.role.value] = out.get(el.role.value, 0) + len(el.blocks)
    return out
