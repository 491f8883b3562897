"""Build the benchmark's gold pages: typeset → extract → align, one corpus page at a time.

Layout of ``out_dir`` (``build/bench`` by default)::

    <split>/<page id>/page.pdf                       the typeset page
    <split>/<page id>/<extractor>.<shape>.txt        page text dumps (pdftotext|pymupdf × wrapped|lines)
    <split>/<page id>/<extractor>.<shape>.gold.json  their gold, jianbao.page/1
    <split>/<page id>/layout.json                    layout truth + build stamp + per-extractor status
    <split>/manifest.json                            counts for the split

``layout.json`` is written last: a page whose ``layout.json`` carries the current stamp is complete
and is skipped on the next run (resume by marker, never by guessing).  A dump whose alignment fails
is dropped, and counted in the manifest with its reason.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

from jianbao.bench.corpus import CorpusPage, corpus_path, read_pages
from jianbao.bench.extract import EXTRACTORS, SHAPES, dump_text, extract
from jianbao.bench.gold import AlignmentError, check_gold, gold_page
from jianbao.bench.typeset import page_seed, typeset_page
from jianbao.errors import ConfigError
from jianbao.model import Role

__all__ = ["BUILD_VERSION", "build_page", "build_split", "corpus_path", "write_example"]

BUILD_VERSION = 2  # 2: ad slots are adverts outside articles
GOLD_CHECK = "gold check failed"
EXAMPLE_MAX_PDF = 1_000_000


def stamp(seed: int) -> str:
    return f"v{BUILD_VERSION}/seed{seed}"


def dump_name(extractor: str, shape: str) -> str:
    return f"{extractor}.{shape}.txt"


def gold_name(extractor: str, shape: str) -> str:
    return f"{extractor}.{shape}.gold.json"


def cached(dest: Path, seed: int) -> dict[str, Any] | None:
    """The page's layout record if the page is complete for this build stamp, else None."""
    marker = dest / "layout.json"
    if not marker.exists():
        return None
    try:
        layout = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if layout.get("build") != stamp(seed) or not (dest / "page.pdf").exists():
        return None
    for ex, status in layout.get("dumps", {}).items():
        if status["ok"] and not all((dest / n).exists() for shape in SHAPES
                                    for n in (dump_name(ex, shape), gold_name(ex, shape))):
            return None
    return layout


def build_page(page: CorpusPage, dest: Path, seed: int = 0) -> dict[str, Any]:
    """Typeset, extract and align one page into ``dest``; returns its layout record."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "layout.json").unlink(missing_ok=True)
    pdf = dest / "page.pdf"
    layout = typeset_page(page.id, page.date, page.number, list(page.articles), pdf,
                          page_seed(page.id, seed))
    status: dict[str, Any] = {}
    for ex in EXTRACTORS:
        blocks = extract(pdf, ex)
        try:
            for shape in SHAPES:
                name = dump_name(ex, shape)
                (dest / name).write_text(dump_text(blocks, shape), encoding="utf-8")
                dump = (dest / name).read_text(encoding="utf-8")  # number blocks as written
                gold = gold_page(dump, layout, name).to_dict()
                problems = check_gold(gold, dump)
                if problems:
                    raise AlignmentError(GOLD_CHECK, problems[0])
                (dest / gold_name(ex, shape)).write_text(
                    json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            status[ex] = {"ok": True, "blocks": len(blocks), "articles": len(gold["articles"])}
        except AlignmentError as exc:
            status[ex] = {"ok": False, "reason": exc.reason, "detail": str(exc)}
            for shape in SHAPES:
                (dest / dump_name(ex, shape)).unlink(missing_ok=True)
                (dest / gold_name(ex, shape)).unlink(missing_ok=True)
    layout["build"] = stamp(seed)
    layout["dumps"] = status
    (dest / "layout.json").write_text(json.dumps(layout, ensure_ascii=False) + "\n", encoding="utf-8")
    return layout


def build_split(split: str, limit: int | None = None, out_dir: Path = Path("build/bench"),
                seed: int = 0, progress: bool = True) -> dict[str, Any]:
    """Build what is missing of a split's gold pages (by date, page number; the first ``limit``
    pages if given) and write ``<out_dir>/<split>/manifest.json``; returns the manifest."""
    pages = read_pages(corpus_path(), split=split)
    if not pages:
        raise ConfigError(f"no corpus pages in split {split!r}: use train, dev or test")
    if limit is not None:
        pages = pages[:limit]
    root = Path(out_dir) / split
    started = time.perf_counter()
    records, built = [], 0
    with _progress(progress, f"gold pages ({split})", len(pages)) as advance:
        for page in pages:
            dest = root / page.id
            layout = cached(dest, seed)
            if layout is None:
                layout = build_page(page, dest, seed)
                built += 1
            records.append(layout)
            advance()
    manifest = _manifest(split, seed, records)
    manifest.update(built_now=built, cached=len(records) - built,
                    seconds=round(time.perf_counter() - started, 1))
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    return manifest


def _manifest(split: str, seed: int, records: list[dict[str, Any]]) -> dict[str, Any]:
    failures: dict[str, Counter] = {ex: Counter() for ex in EXTRACTORS}
    good = Counter()
    articles = Counter()
    pages_built = articles_printed = continuing = 0
    for layout in records:
        dumps = layout["dumps"]
        for ex, st in dumps.items():
            if st["ok"]:
                good[ex] += 1
                articles[ex] += st["articles"]
            else:
                failures[ex][st["reason"]] += 1
        if any(st["ok"] for st in dumps.values()):
            pages_built += 1
            printed = {line["article"] for line in layout["lines"]
                       if line["article"] is not None and not Role(line["role"]).outside}
            articles_printed += len(printed)
            continuing += sum(1 for i in printed if layout["articles"][i]["continues"])
    return {
        "split": split, "build": stamp(seed), "pages": len(records), "pages_built": pages_built,
        "pages_all_dumps": sum(all(st["ok"] for st in r["dumps"].values()) for r in records),
        "dumps": sum(good.values()) * len(SHAPES),
        "dumps_by_extractor": {ex: good[ex] * len(SHAPES) for ex in EXTRACTORS},
        "articles": articles_printed, "articles_continuing": continuing,
        "gold_articles_by_extractor": dict(articles),
        "alignment_failures": {ex: dict(c) for ex, c in failures.items()},
        "alignment_failure_rate": {ex: round(sum(c.values()) / max(1, len(records)), 4)
                                   for ex, c in failures.items()},
    }


class _progress:
    """A rich progress bar (or nothing), as a context manager yielding ``advance()``."""

    def __init__(self, show: bool, label: str, total: int) -> None:
        self.show, self.label, self.total = show, label, total

    def __enter__(self):
        if not self.show:
            return lambda: None
        from rich.progress import Progress

        self.bar = Progress(transient=False)
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self.show:
            self.bar.stop()


def write_example(out: Path = Path("examples"), seed: int = 0,
                  out_dir: Path = Path("build/bench")) -> Path:
    """Write one train-split page as an example: ``<name>.txt`` (its pdftotext.wrapped dump),
    ``<name>.gold.json`` and, if under 1 MB, ``<name>.pdf``.  The page is the first (by date and
    page number) with ≥ 5 gold articles, a caption and a paragraph split over blocks."""
    extractor, shape = "pdftotext", "wrapped"
    for page in read_pages(corpus_path(), split="train"):
        dest = Path(out_dir) / "train" / page.id
        layout = cached(dest, seed) or build_page(page, dest, seed)
        if not layout["dumps"][extractor]["ok"]:
            continue
        gold = json.loads((dest / gold_name(extractor, shape)).read_text(encoding="utf-8"))
        elements = [el for art in gold["articles"] for el in art["elements"]]
        if (len(gold["articles"]) >= 5 and any(el["role"] == "caption" for el in elements)
                and any(el["role"] == "paragraph" and len(el["blocks"]) > 1 for el in elements)):
            break
    else:
        raise ConfigError("no train page fits the example's needs")
    name = f"rmrb-{page.id}"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    dump = (dest / dump_name(extractor, shape)).read_text(encoding="utf-8")
    (out / f"{name}.txt").write_text(dump, encoding="utf-8")
    gold = gold_page(dump, layout, f"{name}.txt").to_dict()
    (out / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    if (dest / "page.pdf").stat().st_size < EXAMPLE_MAX_PDF:
        shutil.copyfile(dest / "page.pdf", out / f"{name}.pdf")
    return out / f"{name}.txt"
