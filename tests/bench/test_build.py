"""Gold pages: PDFs open, both extractors leave dumps, gold round-trips, builds are reproducible."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from jianbao.bench.build import build_page, build_split
from jianbao.bench.corpus import read_pages
from jianbao.bench.extract import EXTRACTORS, SHAPES
from jianbao.model import join_pieces
from jianbao.read.text import split_blocks


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_dirs(built: Path) -> list[Path]:
    dirs = sorted(p for p in built.iterdir() if p.is_dir())
    assert dirs
    return dirs


def dumps(built: Path):
    for d in page_dirs(built):
        for gold in sorted(d.glob("*.gold.json")):
            text = d / gold.name.replace(".gold.json", ".txt")
            yield text.read_text(encoding="utf-8"), json.loads(gold.read_text(encoding="utf-8")), text.name


def test_pdfs_open(built: Path) -> None:
    import pymupdf

    for d in page_dirs(built):
        with pymupdf.open(d / "page.pdf") as doc:
            assert doc.page_count == 1
            assert len(doc[0].get_text()) > 200


def test_both_extractors_leave_dumps(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"] == len(page_dirs(built))
    for ex in EXTRACTORS:
        assert manifest["dumps_by_extractor"][ex] > 0
        for shape in SHAPES:
            assert list(built.glob(f"*/{ex}.{shape}.txt")), (ex, shape)
            assert list(built.glob(f"*/{ex}.{shape}.gold.json")), (ex, shape)


def test_gold_round_trips(built: Path) -> None:
    seen = 0
    for text, gold, name in dumps(built):
        seen += 1
        assert gold["schema"] == "jianbao.page/1" and gold["source"] == name
        blocks = split_blocks(text)
        elements = [el for art in gold["articles"] for el in art["elements"]] + gold["unassigned"]
        used = Counter(b for el in elements for b in el["blocks"])
        assert sorted(used) == list(range(len(blocks))), name  # every block …
        assert set(used.values()) == {1}, name                 # … exactly once
        for el in elements:
            joined = join_pieces(join_pieces(blocks[b].splitlines()) for b in el["blocks"])
            assert fold(el["text"]) == fold(joined)
        assert Counter(fold(text)) == Counter(fold("".join(el["text"] for el in elements)))
        for art in gold["articles"]:
            heads = [el["text"] for el in art["elements"] if el["role"] == "headline"]
            assert art["headline"] == (heads[0] if heads else None)
    assert seen >= 4


def test_both_shapes_share_gold(built: Path) -> None:
    for d in page_dirs(built):
        for ex in EXTRACTORS:
            golds = [d / f"{ex}.{shape}.gold.json" for shape in SHAPES]
            if all(g.exists() for g in golds):
                a, b = (json.loads(g.read_text(encoding="utf-8")) for g in golds)
                assert a["articles"] == b["articles"]


def test_same_seed_same_dumps(built: Path, corpus: Path, tmp_path: Path) -> None:
    page = read_pages(corpus, split="dev")[0]
    again = tmp_path / page.id
    build_page(page, again, seed=0)
    for ex in EXTRACTORS:
        for shape in SHAPES:
            first = built / page.id / f"{ex}.{shape}.txt"
            if first.exists():
                assert (again / first.name).read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_cached_pages_are_skipped(built: Path) -> None:
    manifest = build_split("dev", limit=len(page_dirs(built)), out_dir=built.parent, progress=False)
    assert manifest["built_now"] == 0 and manifest["cached"] == len(page_dirs(built))


def test_corpus_path_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from jianbao.bench.corpus import corpus_path
    from jianbao.errors import ConfigError

    monkeypatch.setenv("JIANBAO_CORPUS", str(tmp_path / "missing.jsonl"))
    with pytest.raises(ConfigError, match="JIANBAO_CORPUS"):
        corpus_path()
