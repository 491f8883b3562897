"""Golden pages: input + expected output, reviewed when they change.

Regenerate after a deliberate change with ``JIANBAO_UPDATE_GOLDEN=1 python -m pytest tests/golden``
and review the diff of expected.json before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import jianbao

HERE = Path(__file__).parent
PAGES = sorted(p for p in HERE.iterdir() if (p / "input.txt").exists())


@pytest.mark.parametrize("page_dir", PAGES, ids=[p.name for p in PAGES])
def test_golden_page(page_dir: Path):
    got = jianbao.clip(page_dir / "input.txt", describe=False).to_dict()
    expected_path = page_dir / "expected.json"
    if os.environ.get("JIANBAO_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
