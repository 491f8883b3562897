"""The article corpus the gold pages are built from (People's Daily, ``rmrb.jsonl``).

One JSON article per line; articles with the same ``date`` and ``page`` shared a printed page, in
``seq`` order.  The corpus stays outside the repository: :func:`corpus_path` finds it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from jianbao.bench.split import split_of
from jianbao.errors import ConfigError

CORPUS_ENV = "JIANBAO_CORPUS"
CORPUS_RELATIVE = Path("../shared/corpus/rmrb.jsonl")
REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class CorpusPage:
    """One printed page of the corpus: its articles in print order."""

    id: str          # "20200203-04"
    date: str        # "20200203"
    number: int      # page number
    articles: tuple[dict, ...]

    @property
    def split(self) -> str:
        return split_of(self.date)


def corpus_path() -> Path:
    """``$JIANBAO_CORPUS``, else ``../shared/corpus/rmrb.jsonl`` from the repository root or the
    working directory, whichever exists first."""
    env = os.environ.get(CORPUS_ENV)
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"{CORPUS_ENV}={env} is not a file: point it at rmrb.jsonl")
        return path
    for base in (REPO_ROOT, Path.cwd()):
        path = (base / CORPUS_RELATIVE).resolve()
        if path.is_file():
            return path
    raise ConfigError(f"corpus not found: set {CORPUS_ENV} to the path of rmrb.jsonl (looked for "
                      f"{CORPUS_RELATIVE} from {REPO_ROOT} and from {Path.cwd()})")


def page_id(date: str, number: int) -> str:
    return f"{date}-{number:02d}"


def read_pages(path: Path | None = None, split: str | None = None) -> list[CorpusPage]:
    """The corpus's pages (of one split, if given), by date and page number."""
    path = path or corpus_path()
    grouped: dict[tuple[str, int], list[dict]] = {}
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                art = json.loads(line)
                key = (str(art["date"]), int(art["page"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}:{n}: not a corpus article ({exc})") from None
            if split is not None and _split(key[0]) != split:
                continue
            grouped.setdefault(key, []).append(art)
    return [CorpusPage(page_id(d, p), d, p, tuple(sorted(arts, key=lambda a: a.get("seq", 0))))
            for (d, p), arts in sorted(grouped.items())]


def _split(date: str) -> str | None:
    try:
        return split_of(date)
    except ValueError:
        return None
