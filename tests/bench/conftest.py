"""A few gold pages built once per test session (fast: three dev-split pages)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jianbao.errors import ConfigError

PAGES = 3


@pytest.fixture(scope="session")
def corpus() -> Path:
    from jianbao.bench.corpus import corpus_path

    try:
        return corpus_path()
    except ConfigError as exc:
        pytest.skip(f"no corpus: {exc}")


@pytest.fixture(scope="session")
def built(corpus: Path, tmp_path_factory) -> Path:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    from jianbao.bench.build import build_split

    out = tmp_path_factory.mktemp("bench")
    build_split("dev", limit=PAGES, out_dir=out, progress=False)
    return out / "dev"
