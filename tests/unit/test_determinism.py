"""The same page gives the same articles in every process: nothing may follow Python's per-process
hash order (set iteration) — a batch's workers each have their own.  The fixture is a generated page
(scripts/gen_pages.py, seed 7, page 18082) on which a float sum in set order once tipped one decision."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "hash-order.txt"
SCRIPT = "import sys; from jianbao.pipeline import clip; sys.stdout.write(clip(sys.argv[1], describe=True).to_json())"


def clip_with_hash_seed(seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(PAGE)], env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    return done.stdout


def test_output_does_not_depend_on_the_hash_seed():
    first = clip_with_hash_seed(11)
    assert first and first == clip_with_hash_seed(12)
