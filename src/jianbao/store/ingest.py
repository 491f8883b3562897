"""Files and folders → the archive: read, clip, store; skip what is already there (by sha256).

Each file's issue date comes from ``--date`` or from eight digits in its name (``rmrb-20190201-01.txt`` →
2019-02-01); its paper from ``--paper`` or the letters before those digits (``rmrb``).  A file that fails
is counted with its reason and the run goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from jianbao.errors import InputError, JianbaoError
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


def ingest(archive: Archive, paths: Iterable[str | Path], *, paper: str | None = None, date: str | None = None,
           describe: bool = True, by: str = "machine",
           progress: Callable[[Path], None] | None = None) -> IngestReport:
    from jianbao.pipeline import clip

    report = IngestReport()
    for path in page_files(paths):
        report.files += 1
        try:
            if not path.exists():
                raise InputError(str(path), "no such file", "check the path")
            data = path.read_bytes()
            if archive.has_source(sha256(data)) is not None:
                report.duplicates += 1
                continue
            day = date or name_date(path.name)
            page = clip(path, date=day, describe=describe)
            added = archive.add_page(page, data=data, path=str(path), kind=kind_of(path),
                                     paper=paper or name_paper(path.name), date=day, by=by)
            if added.duplicate:
                report.duplicates += 1
            else:
                report.pages += 1
                report.articles += added.articles
        except JianbaoError as exc:
            reason = str(exc)
            report.failures.append((str(path), reason.removeprefix(f"{path}: ")))
        except (OSError, ImportError, ValueError) as exc:
            report.failures.append((str(path), f"{type(exc).__name__}: {exc}"))
        finally:
            if progress is not None:
                progress(path)
    return report
