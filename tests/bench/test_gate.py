"""The eval gate: jianbao on a fixed sample of dev pages must not fall below the stored minimums
(.ci/minimums.json).  Minimums may only go up; lowering one needs a written reason in that file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jianbao.bench.run import check_minimums, find_dumps, score_dumps

MINIMUMS = Path(__file__).resolve().parents[2] / ".ci" / "minimums.json"


def test_scores_stay_above_the_stored_minimums(corpus, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    from jianbao.bench.build import build_split

    spec = json.loads(MINIMUMS.read_text(encoding="utf-8"))
    build_split(spec["split"], limit=spec["pages"], out_dir=tmp_path, progress=False)
    result = score_dumps(find_dumps(tmp_path / spec["split"], spec["pages"]), progress=False, speed=False)
    problems = check_minimums(result, MINIMUMS)
    assert not problems, "\n".join(problems)


def test_the_naive_baseline_stays_below_jianbao(corpus, tmp_path):
    """A gate that cannot fail is no gate: the naive baseline must fail the same minimums."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    from jianbao.bench.build import build_split

    spec = json.loads(MINIMUMS.read_text(encoding="utf-8"))
    build_split(spec["split"], limit=5, out_dir=tmp_path, progress=False)
    result = score_dumps(find_dumps(tmp_path / spec["split"], 5), progress=False, speed=False)
    result.tallies = {("jianbao", g): t for (s, g), t in result.tallies.items() if s == "naive"}
    assert check_minimums(result, MINIMUMS)
