"""What a batch reads: folders, globs and manifests, listed as page references with stable ids.

An input argument is

- a **folder**: every regular file under it (recursively, hidden files skipped), in sorted order;
- a **glob** (``pages/**/*.txt``): the files it matches, sorted;
- a **manifest** (``.jsonl`` or ``.parquet``): one page per row, with ``path`` (relative to the
  manifest's folder) or inline ``text``, and optionally ``paper``, ``date``, ``page`` and ``id``;
- any other **file**: one page.

Listing never reads a page's text: a :class:`PageRef` says where the page is, and :func:`load_text`
fetches it in the worker.  Page ids are deterministic: the manifest's own ``id`` when given, else a hash
of where the page is (``file:<absolute path>`` or ``row:<absolute manifest>#<row>``), so a rerun over the
same inputs lists the same pages under the same ids.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from jianbao.errors import ConfigError, InputError

MANIFEST_SUFFIXES = (".jsonl", ".parquet")
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
_GLOB_CHARS = re.compile(r"[*?\[]")
_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where one page is.  ``kind`` is ``file``, ``jsonl`` (inline text at byte ``offset`` of the
    manifest), ``parquet`` (inline text in row ``row``) or ``bad`` (the row itself is broken:
    ``problem`` says why)."""

    page_id: str
    source: str
    kind: str
    location: str
    row: int = -1
    offset: int = -1
    paper: str | None = None
    date: str | None = None
    page: int | None = None
    problem: str | None = None


def page_id_for(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def list_pages(inputs: list[str]) -> list[PageRef]:
    """Every page of the inputs, in a deterministic order, each page id once (a page named twice,
    by two inputs or two manifest rows with the same id, is listed once)."""
    seen: set[str] = set()
    out: list[PageRef] = []
    for arg in inputs:
        for ref in _expand(arg):
            if ref.page_id not in seen:
                seen.add(ref.page_id)
                out.append(ref)
    return out


def _expand(arg: str) -> Iterator[PageRef]:
    path = Path(arg)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        for f in files:
            yield _file_ref(f)
        return
    if path.is_file():
        yield from _manifest(path) if _is_manifest(path) else [_file_ref(path)]
        return
    if _GLOB_CHARS.search(arg):
        matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
        files = [m for m in matches if m.is_file()]
        if not files:
            raise ConfigError(f"{arg}: the pattern matches no file (quote it so the shell does not expand it)")
        for f in files:
            yield from _manifest(f) if _is_manifest(f) else [_file_ref(f)]
        return
    raise ConfigError(f"{arg}: no such file, folder or pattern (check the path)")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _is_manifest(path: Path) -> bool:
    return path.suffix.lower() in MANIFEST_SUFFIXES


def _file_ref(path: Path, paper: str | None = None, date: str | None = None,
              page: int | None = None, page_id: str | None = None, problem: str | None = None) -> PageRef:
    absolute = str(path.absolute().resolve()) if path.exists() else str(path.absolute())
    return PageRef(page_id or page_id_for("file:" + absolute), str(path), "file", absolute,
                   paper=paper, date=date, page=page, problem=problem)


# -- manifests ------------------------------------------------------------------------------------
def _manifest(path: Path) -> Iterator[PageRef]:
    if path.suffix.lower() == ".jsonl":
        yield from _jsonl_manifest(path)
    else:
        yield from _parquet_manifest(path)


def _row_ref(manifest: Path, absolute: str, row: int, fields: dict, kind: str, offset: int = -1) -> PageRef:
    """A manifest row → a page ref; a row that cannot name a page becomes a ``bad`` ref."""
    source = f"{manifest}#{row}"
    given_id = fields.get("id")
    if given_id not in (None, ""):  # as given, but storable (a lone surrogate becomes U+FFFD)
        page_id = str(given_id).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    else:
        page_id = page_id_for(f"row:{absolute}#{row}")
    problem = None
    try:
        paper = _opt_str(fields.get("paper"), "paper")
        date = normalise_date(fields.get("date"))
        page = _opt_int(fields.get("page"))
    except ValueError as exc:
        paper = date = page = None
        problem = str(exc)
    text, rel = fields.get("text"), fields.get("path")
    if problem is None and isinstance(rel, str) and rel and text is None:
        target = Path(rel) if Path(rel).is_absolute() else manifest.parent / rel
        if given_id in (None, ""):
            return _file_ref(target, paper, date, page)
        return _file_ref(target, paper, date, page, page_id=page_id)
    if problem is None and not isinstance(text, str):
        problem = "the manifest row has neither a `path` nor a `text` string"
    if problem is not None:
        return PageRef(page_id, source, "bad", absolute, row=row, problem=problem)
    return PageRef(page_id, source, kind, absolute, row=row, offset=offset, paper=paper, date=date, page=page)


def _jsonl_manifest(path: Path) -> Iterator[PageRef]:
    offset = 0
    row = 0
    absolute = str(path.absolute().resolve())
    with open(path, "rb") as fh:
        for line in fh:
            here = offset
            offset += len(line)
            if not line.strip():
                continue
            try:
                fields = json.loads(line)
                if not isinstance(fields, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                yield PageRef(page_id_for(f"row:{absolute}#{row}"), f"{path}#{row}", "bad", absolute, row=row,
                              problem=f"manifest row {row} is not a JSON object ({exc})")
            else:
                yield _row_ref(path, absolute, row, fields, "jsonl", here)
            row += 1


def _parquet_manifest(path: Path) -> Iterator[PageRef]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise ConfigError(f"{path}: not a readable Parquet manifest ({exc})") from None
    names = set(pf.schema_arrow.names)
    if not names & {"path", "text"}:
        raise ConfigError(f"{path}: a manifest needs a `path` or a `text` column")
    wanted = [c for c in ("id", "path", "paper", "date", "page") if c in names]
    has_text = "text" in names
    absolute = str(path.absolute().resolve())
    row = 0
    for batch in pf.iter_batches(columns=wanted + (["text"] if has_text else []), batch_size=4096):
        cols = batch.to_pydict()
        for i in range(batch.num_rows):
            fields = {c: cols[c][i] for c in wanted}
            if has_text:
                fields["text"] = "" if cols["text"][i] is not None else None  # the text stays in the file
            yield _row_ref(path, absolute, row, fields, "parquet")
            row += 1


def _opt_str(value: object, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"`{name}` {value!r} is not a string")
    return value


def _opt_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise ValueError(f"`page` {value!r} is not a page number")
    return int(value)


def normalise_date(value: object) -> str | None:
    """``2020-01-05`` or ``20200105`` → ``2020-01-05``; anything else is refused."""
    if value is None or value == "":
        return None
    import datetime as dt

    m = _DAY.match(str(value).strip())
    try:
        if not m:
            raise ValueError
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise ValueError(f"`date` {value!r} is not a date (write YYYY-MM-DD)") from None


# -- loading, in the worker ---------------------------------------------------------------------
class ManifestCache:
    """Keeps the last Parquet row group read, so a shard's consecutive rows cost one read."""

    def __init__(self) -> None:
        self._file: tuple[str, object] | None = None
        self._group: tuple[str, int, int, list] | None = None

    def parquet_text(self, location: str, row: int) -> str | None:
        import pyarrow.parquet as pq

        if self._group and self._group[0] == location and self._group[1] <= row < self._group[2]:
            return self._group[3][row - self._group[1]]
        if not self._file or self._file[0] != location:
            self._file = (location, pq.ParquetFile(location))
        pf = self._file[1]
        start = 0
        for g in range(pf.metadata.num_row_groups):  # type: ignore[attr-defined]
            n = pf.metadata.row_group(g).num_rows  # type: ignore[attr-defined]
            if start <= row < start + n:
                texts = pf.read_row_group(g, columns=["text"]).column("text").to_pylist()  # type: ignore
                self._group = (location, start, start + n, texts)
                return texts[row - start]
            start += n
        raise InputError(location, f"manifest row {row} is gone (the manifest changed since listing)")


def load_bytes(ref: PageRef, max_bytes: int, cache: ManifestCache) -> bytes | str:
    """The page's raw bytes (a file) or text (an inline manifest row), refused past ``max_bytes``."""
    if ref.problem:
        raise InputError(ref.source, ref.problem, "fix the manifest row")
    if ref.kind == "file":
        path = Path(ref.location)
        if not path.exists():
            raise InputError(ref.source, "no such file", "check the path")
        if not path.is_file():
            raise InputError(ref.source, "not a regular file")
        size = path.stat().st_size
        _check_size(ref, size, max_bytes)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise InputError(ref.source, f"cannot be read ({exc.strerror})") from None
    if ref.kind == "jsonl":
        with open(ref.location, "rb") as fh:
            fh.seek(ref.offset)
            line = fh.readline()
        _check_size(ref, len(line), max_bytes)
        text = json.loads(line).get("text")
    else:
        text = cache.parquet_text(ref.location, ref.row)
    if not isinstance(text, str):
        raise InputError(ref.source, "the manifest row has no text")
    _check_size(ref, len(text.encode("utf-8", "surrogatepass")), max_bytes)
    return text


def _check_size(ref: PageRef, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(ref.source, f"oversized: {size} bytes, more than the cap of {max_bytes} bytes a page",
                         "raise --max-bytes if this really is one page")
